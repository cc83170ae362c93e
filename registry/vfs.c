/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vfs.c - SQLite's VFS over the host ABI (contract: vfs.h).
 *
 * SQLite is built with SQLITE_OS_OTHER, so this file is its whole OS
 * layer: sqlite3_os_init() registers the "keep" VFS.  What it must match,
 * to share a database with the sqlite3 shell (SQLite's unix VFS):
 *   - database locks: a read lock on PENDING_BYTE while taking SHARED, a
 *     read lock on the 510-byte SHARED range for SHARED, a write lock on
 *     RESERVED_BYTE for RESERVED, write locks on PENDING_BYTE then on the
 *     SHARED range for EXCLUSIVE;
 *   - the WAL index: "<db>-shm", its lock bytes at 120 + slot, the
 *     "dead man switch" byte at 128 (a first opener, finding nobody holding
 *     it, truncates the index to 3 bytes and so forces its rebuild), and
 *     regions mapped shared.
 * The host's locks belong to the open stream, not to the process, so two
 * connections of one process exclude each other with no bookkeeping here.
 *
 * Divisions: 1. memory  2. files  3. locks  4. the WAL index  5. the VFS
 */
#include <stdint.h>
#include <string.h>

#include "host.h"
#include "sqlite3.h"
#include "registry/vfs.h"

/* SQLite's unix VFS lock bytes (os_unix.c and os.h): facts of the file
 * format's locking protocol. */
#define PENDING_BYTE   0x40000000
#define RESERVED_BYTE  (PENDING_BYTE + 1)
#define SHARED_FIRST   (PENDING_BYTE + 2)
#define SHARED_SIZE    510
#define SHM_BASE       120                      /* (22 + SQLITE_SHM_NLOCK) * 4 */
#define SHM_DMS        (SHM_BASE + SQLITE_SHM_NLOCK)
#define WAL_READ_LOCK0 3                        /* SQLite's first read-mark lock */
#define SHM_MAX_REGIONS 256                     /* 8 MiB of WAL index */

/* ---- 1. Memory ------------------------------------------------------------
 * SQLite asks for a block's size (xSize); the allocators we are given do
 * not tell, so each block carries its size in a 16-byte header. */

static struct keepsql_alloc mem;

#define MEM_HEADER 16

/* SQLite allocates and frees page-sized buffers all the time; the
 * kernel's heap gives blocks past 4 KiB their own host mapping, and
 * unmapping costs a TLB shoot-down on every CPU.  So blocks from 2 KiB to
 * 256 KiB are rounded to a power of two and kept on free lists here for
 * reuse (a few per size).  SQLite is used by one thread at a time (the
 * registry lock), so the lists need no lock. */
#define CACHE_MIN_SHIFT 11
#define CACHE_MAX_SHIFT 18
#define CACHE_KEEP 64

struct cached_block { struct cached_block *next; };
static struct cached_block *block_cache[CACHE_MAX_SHIFT + 1];
static unsigned block_cached[CACHE_MAX_SHIFT + 1];

/* The size class of n bytes (with the header), or 0 if not cached. */
static unsigned cache_class(uint64_t n)
{
    unsigned shift = CACHE_MIN_SHIFT;

    if (n + MEM_HEADER < (1u << (CACHE_MIN_SHIFT - 1)) || n + MEM_HEADER > (1u << CACHE_MAX_SHIFT))
        return 0;
    while (((uint64_t)1 << shift) < n + MEM_HEADER)
        shift++;
    return shift;
}

static void *mem_malloc(int n)
{
    unsigned cls = cache_class((uint64_t)n);
    uint64_t *p;

    if (cls && block_cache[cls]) {
        p = (uint64_t *)block_cache[cls];
        block_cache[cls] = block_cache[cls]->next;
        block_cached[cls]--;
    } else {
        p = mem.alloc(cls ? (size_t)1 << cls : (size_t)n + MEM_HEADER);
    }
    if (!p)
        return NULL;
    p[0] = (uint64_t)n;
    return (char *)p + MEM_HEADER;
}

static void mem_free(void *ptr)
{
    if (!ptr)
        return;
    uint64_t *p = (uint64_t *)((char *)ptr - MEM_HEADER);
    unsigned cls = cache_class(p[0]);
    if (cls && block_cached[cls] < CACHE_KEEP) {
        struct cached_block *b = (struct cached_block *)p;
        b->next = block_cache[cls];
        block_cache[cls] = b;
        block_cached[cls]++;
        return;
    }
    mem.free(p);
}

static int mem_size(void *ptr);

static void *mem_realloc(void *ptr, int n)
{
    int old = mem_size(ptr);
    void *p;

    /* the size classes make a plain copy the simplest correct way */
    if (ptr && cache_class((uint64_t)old) && cache_class((uint64_t)old) == cache_class((uint64_t)n)) {
        ((uint64_t *)((char *)ptr - MEM_HEADER))[0] = (uint64_t)n;
        return ptr;
    }
    if (!(p = mem_malloc(n)))
        return NULL;
    if (ptr) {
        memcpy(p, ptr, (size_t)(old < n ? old : n));
        mem_free(ptr);
    }
    return p;
}

static int mem_size(void *ptr)
{
    return ptr ? (int)((uint64_t *)((char *)ptr - MEM_HEADER))[0] : 0;
}

static int mem_roundup(int n)
{
    return (n + 7) & ~7;
}

static int mem_init(void *app)
{
    (void)app;
    return SQLITE_OK;
}

static void mem_shutdown(void *app)
{
    (void)app;
}

/* ---- 2. Files ------------------------------------------------------------ */

struct shm {
    host_stream_t stream;
    void *regions[SHM_MAX_REGIONS];
    size_t region_size;
    int nregions;
    int parked;                 /* a read-mark lock SQLite let go of but we hold, or -1 */
    struct shm *next;           /* every open index: keepsql_idle */
};

static struct shm *shm_list;

struct hfile {
    sqlite3_file base;          /* first: SQLite sees a struct hfile as a sqlite3_file */
    host_stream_t stream;
    int lock;                   /* SQLITE_LOCK_* held */
    int readonly;
    char *path;                 /* for -shm and delete-on-close; sqlite3_malloc'ed */
    int persist_wal;            /* SQLITE_FCNTL_PERSIST_WAL: the log and index outlive a close */
    int delete_on_close;
    struct shm *shm;
    /* a read-only file mapped whole for SQLite's memory-mapped reads */
    sqlite3_int64 mmap_max;     /* SQLITE_FCNTL_MMAP_SIZE; 0: none */
    char *map;
    size_t map_size;
    int fetched;                /* pages handed out and not given back */
    /* the size last read, and the WAL index's key when it was (file_size) */
    int size_cached;
    sqlite3_int64 size;
    unsigned char size_key[52];
};

static char *uri_of(const char *path)
{
    return sqlite3_mprintf("file:%s", path);
}

static int io_status(int host, int fallback)
{
    switch (host) {
    case HOST_OK:
        return SQLITE_OK;
    case HOST_ENOSPC:
        return SQLITE_FULL;
    case HOST_ENOMEM:
        return SQLITE_IOERR_NOMEM;
    }
    return fallback;
}

static int file_close(sqlite3_file *f);
static int file_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off);
static int file_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off);
static int file_truncate(sqlite3_file *f, sqlite3_int64 size);
static int file_sync(sqlite3_file *f, int flags);
static int file_size(sqlite3_file *f, sqlite3_int64 *size);
static int file_lock(sqlite3_file *f, int level);
static int file_unlock(sqlite3_file *f, int level);
static int file_check_reserved(sqlite3_file *f, int *out);
static int file_control(sqlite3_file *f, int op, void *arg);
static int file_sector_size(sqlite3_file *f);
static int file_device_chars(sqlite3_file *f);
static int shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out);
static int shm_lock(sqlite3_file *f, int offset, int n, int flags);
static void shm_barrier(sqlite3_file *f);
static int shm_unmap(sqlite3_file *f, int delete_flag);
static int file_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **out);
static int file_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p);

static const sqlite3_io_methods file_methods = {
    .iVersion = 3,
    .xClose = file_close,
    .xRead = file_read,
    .xWrite = file_write,
    .xTruncate = file_truncate,
    .xSync = file_sync,
    .xFileSize = file_size,
    .xLock = file_lock,
    .xUnlock = file_unlock,
    .xCheckReservedLock = file_check_reserved,
    .xFileControl = file_control,
    .xSectorSize = file_sector_size,
    .xDeviceCharacteristics = file_device_chars,
    .xShmMap = shm_map,
    .xShmLock = shm_lock,
    .xShmBarrier = shm_barrier,
    .xShmUnmap = shm_unmap,
    .xFetch = file_fetch,
    .xUnfetch = file_unfetch,
};

static unsigned open_flags(int flags)
{
    unsigned f = (flags & SQLITE_OPEN_READWRITE) ? HOST_OPEN_READ | HOST_OPEN_WRITE : HOST_OPEN_READ;

    if (flags & SQLITE_OPEN_CREATE)
        f |= HOST_OPEN_CREATE;
    if ((flags & SQLITE_OPEN_EXCLUSIVE) && (flags & SQLITE_OPEN_CREATE))
        f |= HOST_OPEN_EXCL;
    return f;
}

static int vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    struct hfile *h = (struct hfile *)f;
    char *uri;
    int r;

    (void)vfs;
    memset(h, 0, sizeof(*h));
    h->stream = -1;
    /* temporary files stay in memory (SQLITE_TEMP_STORE=3): a file with
     * no name is never asked for */
    if (!name || name[0] != '/')
        return SQLITE_CANTOPEN;
    if (!(uri = uri_of(name)) || !(h->path = sqlite3_mprintf("%s", name))) {
        sqlite3_free(uri);
        return SQLITE_NOMEM;
    }
    r = host_stream_open(uri, open_flags(flags), &h->stream);
    if ((r == HOST_EACCES || r == HOST_EROFS) && (flags & SQLITE_OPEN_READWRITE)) {
        /* a file we may only read (the base registry): open it so, and say
         * so, as SQLite's unix VFS does */
        flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
        r = host_stream_open(uri, HOST_OPEN_READ, &h->stream);
    }
    sqlite3_free(uri);
    if (r < 0) {
        sqlite3_free(h->path);
        h->path = NULL;
        return r == HOST_EACCES || r == HOST_EROFS ? SQLITE_PERM : SQLITE_CANTOPEN;
    }
    h->readonly = !(flags & SQLITE_OPEN_READWRITE);
    h->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
    h->base.pMethods = &file_methods;
    if (out_flags)
        *out_flags = flags;
    return SQLITE_OK;
}

/* size bytes of stream s from offset, mapped where the host finds room;
 * NULL if it cannot. */
static char *map_stream(host_stream_t s, size_t size, uint64_t offset, unsigned prot,
                        unsigned flags)
{
    void *addr = NULL;

    if (host_vm_reserve(&addr, size, 0) < 0)
        return NULL;
    if (host_stream_map(s, addr, size, offset, prot, flags) < 0) {
        host_vm_free(addr, size, 0);
        return NULL;
    }
    return addr;
}

/* keepsql_set_ending: the process's end removes the mappings */
static volatile int ending;

void keepsql_set_ending(void)
{
    ending = 1;
}

int keepsql_ending(void)
{
    return ending;
}

static void file_unmap(struct hfile *h)
{
    if (h->map && !ending)
        host_vm_free(h->map, h->map_size, 0);
    h->map = NULL;
    h->map_size = 0;
}

static int file_close(sqlite3_file *f)
{
    struct hfile *h = (struct hfile *)f;

    file_unmap(h);
    shm_unmap(f, 0);
    if (h->stream >= 0)
        host_stream_close(h->stream);   /* drops the stream's locks */
    if (h->delete_on_close) {
        char *uri = uri_of(h->path);
        if (uri)
            host_uri_delete(uri);
        sqlite3_free(uri);
    }
    sqlite3_free(h->path);
    h->stream = -1;
    h->path = NULL;
    return SQLITE_OK;
}

static int file_read(sqlite3_file *f, void *buf, int amt, sqlite3_int64 off)
{
    struct hfile *h = (struct hfile *)f;
    size_t got = 0, done;

    while (got < (size_t)amt) {
        int r = host_stream_read(h->stream, (char *)buf + got, (size_t)amt - got,
                                 off + (int64_t)got, &done);
        if (r == HOST_EINTR)
            continue;
        if (r < 0)
            return io_status(r, SQLITE_IOERR_READ);
        if (!done)
            break;
        got += done;
    }
    if (got == (size_t)amt)
        return SQLITE_OK;
    /* SQLite wants the missing tail zeroed on a short read */
    memset((char *)buf + got, 0, (size_t)amt - got);
    return SQLITE_IOERR_SHORT_READ;
}

static int file_write(sqlite3_file *f, const void *buf, int amt, sqlite3_int64 off)
{
    struct hfile *h = (struct hfile *)f;
    size_t put = 0, done;

    h->size_cached = 0;
    while (put < (size_t)amt) {
        int r = host_stream_write(h->stream, (const char *)buf + put, (size_t)amt - put,
                                  off + (int64_t)put, &done);
        if (r == HOST_EINTR)
            continue;
        if (r < 0)
            return io_status(r, SQLITE_IOERR_WRITE);
        if (!done)
            return SQLITE_FULL;
        put += done;
    }
    return SQLITE_OK;
}

static int file_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    struct hfile *h = (struct hfile *)f;
    h->size_cached = 0;
    return io_status(host_stream_set_length(h->stream, (uint64_t)size), SQLITE_IOERR_TRUNCATE);
}

static int file_sync(sqlite3_file *f, int flags)
{
    struct hfile *h = (struct hfile *)f;
    (void)flags;
    return io_status(host_stream_flush(h->stream), SQLITE_IOERR_FSYNC);
}

/*
 * SQLite asks a database's size at the start of every read transaction
 * while its WAL index has seen no commit since it was built (a process
 * that only reads the registry: all of a start-up): a host call each time,
 * for each database, per registry call.  In WAL mode only a checkpoint
 * writes the database file, and a checkpoint moves the WAL index's
 * backfill count after its writes; any commit moves the index header.  So the size is kept with a copy of the
 * header (the first 48 bytes) and the backfill count (4 bytes at 96):
 * SQLite's wal-index format.  While both are as they were, the file is as
 * it was.  The key is taken before the size is read, so that a checkpoint
 * between the two leaves a stale key, not a stale size.  (SQLite asks with
 * its read lock held, and a checkpoint waits for readers of the database
 * file itself: the file does not change during the call.)
 */
#define SIZE_KEY_HEADER 48
#define SIZE_KEY_BACKFILL 96

static int size_key(const struct hfile *h, unsigned char *key)
{
    const unsigned char *index = h->shm && h->shm->nregions ? h->shm->regions[0] : NULL;

    if (!index)
        return 0;
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    memcpy(key, index, SIZE_KEY_HEADER);
    memcpy(key + SIZE_KEY_HEADER, index + SIZE_KEY_BACKFILL, 4);
    return 1;
}

static int file_size(sqlite3_file *f, sqlite3_int64 *size)
{
    struct hfile *h = (struct hfile *)f;
    unsigned char key[sizeof(h->size_key)];
    struct host_attr a;
    int keyed = size_key(h, key);

    if (keyed && h->size_cached && !memcmp(key, h->size_key, sizeof(key))) {
        *size = h->size;
        return SQLITE_OK;
    }
    int r = host_stream_attr(h->stream, &a);
    if (r < 0)
        return io_status(r, SQLITE_IOERR_FSTAT);
    *size = (sqlite3_int64)a.size;
    h->size_cached = keyed;
    h->size = *size;
    memcpy(h->size_key, key, sizeof(key));
    return SQLITE_OK;
}

/* How much of a file SQLite may read through a mapping: only a read-only
 * one (the base database), which no write or truncation can change under
 * the mapping. */
static void file_mmap_size(struct hfile *h, sqlite3_int64 *v)
{
    sqlite3_int64 want = *v;

    *v = h->mmap_max;
    if (want < 0 || !h->readonly || h->fetched)
        return;
    h->mmap_max = want;
    file_unmap(h);
}

static int file_control(sqlite3_file *f, int op, void *arg)
{
    struct hfile *h = (struct hfile *)f;
    int *v = arg;

    if (op == SQLITE_FCNTL_MMAP_SIZE) {
        file_mmap_size(h, arg);
        return SQLITE_OK;
    }
    if (op != SQLITE_FCNTL_PERSIST_WAL)
        return SQLITE_NOTFOUND;
    if (*v >= 0)
        h->persist_wal = *v != 0;
    *v = h->persist_wal;
    return SQLITE_OK;
}

/* Map the file whole (up to mmap_max), read-only: its pages are then the
 * host's page cache, read in place rather than copied into SQLite's. */
static void file_map(struct hfile *h)
{
    size_t page = host_vm_page_size();
    struct host_attr a;

    if (host_stream_attr(h->stream, &a) < 0 || !a.size)
        return;
    uint64_t size = a.size < (uint64_t)h->mmap_max ? a.size : (uint64_t)h->mmap_max;
    size = (size + page - 1) & ~(uint64_t)(page - 1);
    if ((h->map = map_stream(h->stream, size, 0, HOST_PROT_READ, 0)))
        h->map_size = size;
}

static int file_fetch(sqlite3_file *f, sqlite3_int64 off, int amt, void **out)
{
    struct hfile *h = (struct hfile *)f;

    *out = NULL;    /* SQLite reads the page instead */
    if (h->mmap_max <= 0 || off < 0 || amt <= 0)
        return SQLITE_OK;
    if (!h->map)
        file_map(h);
    if (h->map && (uint64_t)off + (uint64_t)amt <= h->map_size) {
        *out = h->map + off;
        h->fetched++;
    }
    return SQLITE_OK;
}

static int file_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
    struct hfile *h = (struct hfile *)f;

    (void)off;
    if (p)
        h->fetched--;
    else if (!h->fetched)
        file_unmap(h);      /* SQLite asks for the mapping to go */
    return SQLITE_OK;
}

static int file_sector_size(sqlite3_file *f)
{
    (void)f;
    return 4096;
}

static int file_device_chars(sqlite3_file *f)
{
    (void)f;
    /* the unix VFS's default: a write never damages bytes it did not touch */
    return SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

/* ---- 3. Locks -------------------------------------------------------------
 * SQLite's five levels over the unix byte ranges (see the top). */

static int range_lock(host_stream_t s, int64_t off, uint64_t len, unsigned mode)
{
    int r = host_stream_lock(s, off, len, mode);
    if (r == HOST_EBUSY)
        return SQLITE_BUSY;
    return r < 0 ? SQLITE_IOERR_LOCK : SQLITE_OK;
}

static int lock_shared(struct hfile *h)
{
    int r = range_lock(h->stream, PENDING_BYTE, 1, HOST_LOCK_SHARED);

    if (r)
        return r;
    r = range_lock(h->stream, SHARED_FIRST, SHARED_SIZE, HOST_LOCK_SHARED);
    host_stream_lock(h->stream, PENDING_BYTE, 1, HOST_LOCK_UNLOCK);
    if (!r)
        h->lock = SQLITE_LOCK_SHARED;
    return r;
}

static int file_lock(sqlite3_file *f, int level)
{
    struct hfile *h = (struct hfile *)f;
    int r;

    if (h->lock >= level)
        return SQLITE_OK;
    if (level == SQLITE_LOCK_SHARED)
        return lock_shared(h);
    if (level == SQLITE_LOCK_RESERVED) {
        if (!(r = range_lock(h->stream, RESERVED_BYTE, 1, HOST_LOCK_EXCLUSIVE)))
            h->lock = SQLITE_LOCK_RESERVED;
        return r;
    }
    /* EXCLUSIVE: PENDING first (new readers stay out), then every reader gone */
    if (h->lock < SQLITE_LOCK_PENDING) {
        if ((r = range_lock(h->stream, PENDING_BYTE, 1, HOST_LOCK_EXCLUSIVE)))
            return r;
        h->lock = SQLITE_LOCK_PENDING;
    }
    if ((r = range_lock(h->stream, SHARED_FIRST, SHARED_SIZE, HOST_LOCK_EXCLUSIVE)))
        return r;
    h->lock = SQLITE_LOCK_EXCLUSIVE;
    return SQLITE_OK;
}

static int file_unlock(sqlite3_file *f, int level)
{
    struct hfile *h = (struct hfile *)f;

    if (h->lock <= level)
        return SQLITE_OK;
    if (level == SQLITE_LOCK_SHARED && h->lock > SQLITE_LOCK_SHARED &&
        host_stream_lock(h->stream, SHARED_FIRST, SHARED_SIZE, HOST_LOCK_SHARED) < 0)
        return SQLITE_IOERR_RDLOCK;
    /* PENDING and RESERVED go together (adjacent bytes) */
    host_stream_lock(h->stream, PENDING_BYTE, 2, HOST_LOCK_UNLOCK);
    if (level == SQLITE_LOCK_NONE)
        host_stream_lock(h->stream, SHARED_FIRST, SHARED_SIZE, HOST_LOCK_UNLOCK);
    h->lock = level;
    return SQLITE_OK;
}

static int file_check_reserved(sqlite3_file *f, int *out)
{
    struct hfile *h = (struct hfile *)f;
    int r;

    *out = h->lock >= SQLITE_LOCK_RESERVED;
    if (*out)
        return SQLITE_OK;
    /* nobody holds RESERVED if we can take it (we give it straight back) */
    r = host_stream_lock(h->stream, RESERVED_BYTE, 1, HOST_LOCK_EXCLUSIVE);
    if (r == HOST_EBUSY) {
        *out = 1;
        return SQLITE_OK;
    }
    if (r == HOST_EBADF)        /* a read-only stream cannot test with a write lock */
        r = host_stream_lock(h->stream, RESERVED_BYTE, 1, HOST_LOCK_SHARED);
    if (r == HOST_EBUSY) {
        *out = 1;
        return SQLITE_OK;
    }
    if (r < 0)
        return SQLITE_IOERR_CHECKRESERVEDLOCK;
    host_stream_lock(h->stream, RESERVED_BYTE, 1, HOST_LOCK_UNLOCK);
    return SQLITE_OK;
}

/* ---- 4. The WAL index ---------------------------------------------------- */

/* Open "<db>-shm" and take part in the dead man switch: whoever finds the
 * switch free is the first user since everyone left (or crashed), and
 * empties the index so that it is rebuilt from the WAL. */
static int shm_open(struct hfile *h)
{
    struct shm *m;
    char *uri;
    int r;

    if (!(m = sqlite3_malloc(sizeof(*m))))
        return SQLITE_NOMEM;
    memset(m, 0, sizeof(*m));
    if (!(uri = sqlite3_mprintf("file:%s-shm", h->path))) {
        sqlite3_free(m);
        return SQLITE_NOMEM;
    }
    r = host_stream_open(uri, HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE, &m->stream);
    sqlite3_free(uri);
    if (r < 0) {
        sqlite3_free(m);
        return SQLITE_CANTOPEN;
    }
    r = host_stream_lock(m->stream, SHM_DMS, 1, HOST_LOCK_EXCLUSIVE);
    if (r == HOST_OK && host_stream_set_length(m->stream, 3) < 0)
        r = HOST_EIO;
    if (r == HOST_OK || r == HOST_EBUSY)
        r = host_stream_lock(m->stream, SHM_DMS, 1, HOST_LOCK_SHARED);
    if (r < 0) {
        host_stream_close(m->stream);
        sqlite3_free(m);
        return r == HOST_EBUSY ? SQLITE_BUSY : SQLITE_IOERR_SHMOPEN;
    }
    m->parked = -1;
    m->next = shm_list;
    shm_list = m;
    h->shm = m;
    return SQLITE_OK;
}

/* Make sure the index file covers n bytes (it only grows). */
static int shm_extend(struct shm *m, uint64_t n)
{
    struct host_attr a;

    if (host_stream_attr(m->stream, &a) < 0)
        return SQLITE_IOERR_SHMSIZE;
    if (a.size >= n)
        return SQLITE_OK;
    return host_stream_set_length(m->stream, n) < 0 ? SQLITE_IOERR_SHMSIZE : SQLITE_OK;
}

static int shm_map_region(struct shm *m, int region, size_t size)
{
    m->regions[region] = map_stream(m->stream, size, (uint64_t)region * size,
                                    HOST_PROT_READ | HOST_PROT_WRITE, HOST_MAP_SHARED);
    return m->regions[region] ? SQLITE_OK : SQLITE_IOERR_SHMMAP;
}

static int shm_map(sqlite3_file *f, int region, int size, int extend, void volatile **out)
{
    struct hfile *h = (struct hfile *)f;
    struct host_attr a;
    int r;

    *out = NULL;
    if (region < 0 || region >= SHM_MAX_REGIONS || size <= 0 ||
        (size_t)size % host_vm_page_size())
        return SQLITE_IOERR_SHMMAP;
    if (!h->shm && (r = shm_open(h)))
        return r;
    struct shm *m = h->shm;
    if (m->region_size && m->region_size != (size_t)size)
        return SQLITE_IOERR_SHMMAP;
    m->region_size = (size_t)size;
    if (!m->regions[region]) {
        uint64_t end = (uint64_t)(region + 1) * (uint64_t)size;
        if (!extend) {
            if (host_stream_attr(m->stream, &a) < 0)
                return SQLITE_IOERR_SHMSIZE;
            if (a.size < end)
                return SQLITE_OK;       /* not there yet: *out stays NULL */
        } else if ((r = shm_extend(m, end))) {
            return r;
        }
        if ((r = shm_map_region(m, region, (size_t)size)))
            return r;
        if (region >= m->nregions)
            m->nregions = region + 1;
    }
    *out = m->regions[region];
    return SQLITE_OK;
}

static void shm_unpark(struct shm *m)
{
    if (m->parked < 0)
        return;
    host_stream_lock(m->stream, SHM_BASE + m->parked, 1, HOST_LOCK_UNLOCK);
    m->parked = -1;
}

/*
 * A read transaction takes a shared lock on one read mark and gives it
 * back at its end: two host calls each time, dozens of times while a
 * program starts.  Given back, the lock stays held ("parked") until
 * SQLite asks for anything else or keepsql_idle; taking the same one
 * again then costs nothing.  Holding it a little longer only makes
 * another process's writer restart the log a little later.
 */
static int shm_park(struct shm *m, int offset, int n, int flags)
{
    int read_mark = n == 1 && offset >= WAL_READ_LOCK0;

    if (read_mark && flags == (SQLITE_SHM_UNLOCK | SQLITE_SHM_SHARED)) {
        shm_unpark(m);
        m->parked = offset;
        return 1;
    }
    if (read_mark && flags == (SQLITE_SHM_LOCK | SQLITE_SHM_SHARED) && m->parked == offset) {
        m->parked = -1;
        return 1;
    }
    shm_unpark(m);
    return 0;
}

void keepsql_idle(void)
{
    for (struct shm *m = shm_list; m; m = m->next)
        shm_unpark(m);
}

static int shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
    struct hfile *h = (struct hfile *)f;
    unsigned mode;

    if (!h->shm || offset < 0 || n < 1 || offset + n > SQLITE_SHM_NLOCK)
        return SQLITE_IOERR_SHMLOCK;
    if (shm_park(h->shm, offset, n, flags))
        return SQLITE_OK;
    if (flags & SQLITE_SHM_UNLOCK)
        mode = HOST_LOCK_UNLOCK;
    else
        mode = (flags & SQLITE_SHM_EXCLUSIVE) ? HOST_LOCK_EXCLUSIVE : HOST_LOCK_SHARED;
    return range_lock(h->shm->stream, SHM_BASE + offset, (uint64_t)n, mode);
}

static void shm_barrier(sqlite3_file *f)
{
    (void)f;
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

static int shm_unmap(sqlite3_file *f, int delete_flag)
{
    struct hfile *h = (struct hfile *)f;
    struct shm *m = h->shm;

    if (!m)
        return SQLITE_OK;
    for (struct shm **p = &shm_list; *p; p = &(*p)->next)
        if (*p == m) {
            *p = m->next;
            break;
        }
    for (int i = 0; i < m->nregions && !ending; i++)
        if (m->regions[i])
            host_vm_free(m->regions[i], m->region_size, 0);
    host_stream_close(m->stream);
    if (delete_flag) {
        char *uri = sqlite3_mprintf("file:%s-shm", h->path);
        if (uri)
            host_uri_delete(uri);
        sqlite3_free(uri);
    }
    sqlite3_free(m);
    h->shm = NULL;
    return SQLITE_OK;
}

/* ---- 5. The VFS ---------------------------------------------------------- */

static int vfs_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    char *uri = uri_of(name);
    int r;

    (void)vfs, (void)sync_dir;
    if (!uri)
        return SQLITE_NOMEM;
    r = host_uri_delete(uri);
    sqlite3_free(uri);
    if (r == HOST_ENOENT)
        return SQLITE_IOERR_DELETE_NOENT;
    return r < 0 ? SQLITE_IOERR_DELETE : SQLITE_OK;
}

static int vfs_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    struct host_attr a;
    char *uri = uri_of(name);
    int r;

    (void)vfs;
    if (!uri)
        return SQLITE_NOMEM;
    r = host_uri_attr(uri, &a);
    sqlite3_free(uri);
    *out = r == HOST_OK;
    if (*out && flags == SQLITE_ACCESS_READWRITE)
        *out = !(a.flags & (HOST_ATTR_READONLY | HOST_ATTR_POLICY_RO));
    return SQLITE_OK;
}

static int vfs_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    size_t len = strlen(name);

    (void)vfs;
    /* the registry names every file by its absolute host path; other
     * names (SQLite's in-memory databases) pass through unchanged */
    if (len + 1 > (size_t)n)
        return SQLITE_CANTOPEN;
    memcpy(out, name, len + 1);
    return SQLITE_OK;
}

static int vfs_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return host_random(out, (size_t)n) < 0 ? 0 : n;
}

static int vfs_sleep(sqlite3_vfs *vfs, int us)
{
    static volatile uint32_t never;
    int64_t timeout = (int64_t)us * 1000;

    (void)vfs;
    host_futex_wait(&never, 0, &timeout, 0);
    return us;
}

static int vfs_current_time_int64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    /* milliseconds since the Julian epoch */
    static const sqlite3_int64 unix_epoch_ms = 24405875 * (sqlite3_int64)8640000;
    int64_t ns = 0;

    (void)vfs;
    if (host_time_get(HOST_CLOCK_WALL, &ns) < 0)
        return SQLITE_ERROR;
    *out = unix_epoch_ms + ns / 1000000;
    return SQLITE_OK;
}

static int vfs_current_time(sqlite3_vfs *vfs, double *out)
{
    sqlite3_int64 ms = 0;
    int r = vfs_current_time_int64(vfs, &ms);

    *out = (double)ms / 86400000.0;
    return r;
}

static int vfs_last_error(sqlite3_vfs *vfs, int n, char *buf)
{
    (void)vfs;
    if (n > 0)
        buf[0] = 0;
    return 0;
}

static sqlite3_vfs host_vfs = {
    .iVersion = 2,
    .szOsFile = sizeof(struct hfile),
    .mxPathname = 1024,
    .zName = KEEPSQL_VFS_NAME,
    .xOpen = vfs_open,
    .xDelete = vfs_delete,
    .xAccess = vfs_access,
    .xFullPathname = vfs_full_pathname,
    .xRandomness = vfs_randomness,
    .xSleep = vfs_sleep,
    .xCurrentTime = vfs_current_time,
    .xGetLastError = vfs_last_error,
    .xCurrentTimeInt64 = vfs_current_time_int64,
};

/* SQLite calls these (SQLITE_OS_OTHER: the OS layer is the application's). */
int sqlite3_os_init(void)
{
    return sqlite3_vfs_register(&host_vfs, 1);
}

int sqlite3_os_end(void)
{
    return SQLITE_OK;
}

/* The page cache's pool: lines for 4 KiB pages (the size of every keep
 * database) plus SQLite's header; larger pages, or more of them, come
 * from the allocator.  Every line is written when SQLite sets the pool up
 * (a fresh page each, which a hypervisor makes costly), so it holds what a
 * program's start reads, no more: about twenty pages of the instance's and
 * the volatile database (the base is read through a mapping). */
#define POOL_PAGE 4096
#define POOL_LINES 20

static int configure_pool(const struct keepsql_alloc *alloc)
{
    int hdr = 0;
    void *pool;

    if (!alloc->alloc_backed)
        return SQLITE_OK;
    if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK)
        return SQLITE_OK;       /* no pool: not an error */
    int line = (POOL_PAGE + hdr + 7) & ~7;
    if (!(pool = alloc->alloc_backed((size_t)line * POOL_LINES)))
        return SQLITE_OK;
    return sqlite3_config(SQLITE_CONFIG_PAGECACHE, pool, line, POOL_LINES);
}

int keepsql_init(const struct keepsql_alloc *alloc)
{
    static int done;
    static const sqlite3_mem_methods methods = {
        mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup, mem_init, mem_shutdown, NULL,
    };
    int r;

    if (done)
        return SQLITE_OK;
    mem = *alloc;
    /* no lookaside: setting one up writes every slot of a 120 KiB buffer
     * per connection (a page fault each 4 KiB at every start), and the
     * allocator's small blocks are already cheap */
    if ((r = sqlite3_config(SQLITE_CONFIG_MALLOC, &methods)) ||
        (r = sqlite3_config(SQLITE_CONFIG_LOOKASIDE, 0, 0)) || (r = configure_pool(alloc)) ||
        (r = sqlite3_initialize()))
        return r;
    done = 1;
    return SQLITE_OK;
}

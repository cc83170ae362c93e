/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * stream.c - streams: the table, open/close, read/write, length, flush, map.
 *
 * A host_stream_t is an index into a table of reference-counted entries,
 * each holding a file descriptor.  Calls take a reference for as long as
 * they use the descriptor, so a concurrent close cannot hand the number to
 * another file under their feet.
 *
 * Streams are stateless: a regular file keeps no position, reads and writes
 * name their offset (pread/pwrite).  Only pipes, stdio and other
 * non-seekable files read and write sequentially, and append streams write
 * at the end.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#define ALL_OPEN (HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE | HOST_OPEN_EXCL | \
                  HOST_OPEN_TRUNCATE | HOST_OPEN_DIRECTORY | HOST_OPEN_APPEND | HOST_OPEN_NOFOLLOW)
#define ALL_PROT (HOST_PROT_READ | HOST_PROT_WRITE | HOST_PROT_EXEC)
#define FILE_SCHEMES (1u << HOST_SCHEME_FILE)
#define DIR_SCHEMES (1u << HOST_SCHEME_DIR)

/*
 * The table.  Every read and write looks its stream up, so the lookup
 * takes no lock: the slots never move (a page directory; pages are added
 * under table_lock and never freed), a reference is taken with one atomic
 * increment that refuses a count already at zero, and the slot is checked
 * again after it.  An entry's memory is never given back to malloc either
 * (freed entries wait on a list for the next stream), so a lookup racing
 * with the last put may read its count but never freed memory.
 * table_lock orders the writers: insertions, closes, the free list.
 */
#define SLOTS_PER_PAGE 256
#define MAX_STREAM_ID (1 << 20)
#define PAGE_COUNT (MAX_STREAM_ID / SLOTS_PER_PAGE + 1)

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
/* The first page is static: lookups of the usual few streams touch no
 * directory and no heap page. */
static struct host_stream *first_page[SLOTS_PER_PAGE];
static struct host_stream **pages[PAGE_COUNT];     /* atomic pointers; [0] unused */
static struct host_stream *free_entries;           /* linked by ->child */

HOST_HOT
static struct host_stream **slot_at(host_stream_t s)
{
    if (s >= 0 && s < SLOTS_PER_PAGE)
        return &first_page[s];
    if (s < 0 || s > MAX_STREAM_ID)
        return NULL;
    struct host_stream **page = __atomic_load_n(&pages[s / SLOTS_PER_PAGE], __ATOMIC_ACQUIRE);
    return page ? &page[s % SLOTS_PER_PAGE] : NULL;
}

HOST_HOT
static struct host_stream *slot_load(host_stream_t s)
{
    struct host_stream **slot = slot_at(s);
    return slot ? __atomic_load_n(slot, __ATOMIC_ACQUIRE) : NULL;
}

/* The slot for s, its page added if missing.  table_lock held. */
static struct host_stream **slot_make(host_stream_t s)
{
    struct host_stream **slot = slot_at(s);

    if (slot || s < 0 || s > MAX_STREAM_ID)
        return slot;
    struct host_stream **page = calloc(SLOTS_PER_PAGE, sizeof(*page));
    if (!page)
        return NULL;
    __atomic_store_n(&pages[s / SLOTS_PER_PAGE], page, __ATOMIC_RELEASE);
    return &page[s % SLOTS_PER_PAGE];
}

/* Publish st in slot (table_lock held); a new entry gets the table's reference. */
static void slot_publish(struct host_stream **slot, struct host_stream *st)
{
    if (!__atomic_load_n(&st->refs, __ATOMIC_RELAXED))
        __atomic_store_n(&st->refs, 1, __ATOMIC_RELAXED);
    __atomic_store_n(slot, st, __ATOMIC_RELEASE);
}

static void stream_free(struct host_stream *st)
{
    if (st->fd >= 0)
        close(st->fd);
    host_dir_free(st);
    if (st->child)
        host_child_free(st->child);
    free(st->path);
    memset(st, 0, sizeof(*st));
    pthread_mutex_lock(&table_lock);
    st->child = (struct host_child *)free_entries;
    free_entries = st;
    pthread_mutex_unlock(&table_lock);
}

/* A zeroed entry (refs 0: no lookup can take it yet), or NULL. */
static struct host_stream *entry_alloc(void)
{
    struct host_stream *st;

    pthread_mutex_lock(&table_lock);
    if ((st = free_entries)) {
        free_entries = (struct host_stream *)st->child;
        st->child = NULL;
    }
    pthread_mutex_unlock(&table_lock);
    return st ? st : calloc(1, sizeof(*st));
}

int host_stream_insert(struct host_stream *st, host_stream_t *out)
{
    struct host_stream **slot = NULL;
    host_stream_t i;
    int found = 0;

    pthread_mutex_lock(&table_lock);
    for (i = 0; i <= MAX_STREAM_ID && (slot = slot_make(i)); i++) {
        if (!*slot) {
            slot_publish(slot, st);
            found = 1;
            break;
        }
    }
    pthread_mutex_unlock(&table_lock);
    if (!found) {
        stream_free(st);
        return HOST_ENOMEM;
    }
    *out = i;
    return HOST_OK;
}

int host_stream_insert_at(struct host_stream *st, host_stream_t id)
{
    struct host_stream **slot;
    int r = HOST_OK;

    if (id < 0 || id > MAX_STREAM_ID) {
        stream_free(st);
        return HOST_EINVAL;
    }
    pthread_mutex_lock(&table_lock);
    if (!(slot = slot_make(id)))
        r = HOST_ENOMEM;
    else if (*slot)
        r = HOST_EEXIST;
    else
        slot_publish(slot, st);
    pthread_mutex_unlock(&table_lock);
    if (r)
        stream_free(st);
    return r;
}

HOST_HOT
int host_stream_get(host_stream_t s, struct host_stream **out)
{
    struct host_stream *st;

    while ((st = slot_load(s))) {
        int refs = __atomic_load_n(&st->refs, __ATOMIC_RELAXED);
        while (refs > 0 && !__atomic_compare_exchange_n(&st->refs, &refs, refs + 1, 0,
                                                        __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
            ;
        if (refs <= 0)
            continue;       /* being freed: its slot is already empty */
        if (slot_load(s) == st) {
            *out = st;
            return HOST_OK;
        }
        host_stream_put(st);    /* closed (and maybe reused) meanwhile */
    }
    return HOST_EBADF;
}

HOST_HOT
void host_stream_put(struct host_stream *st)
{
    if (__atomic_sub_fetch(&st->refs, 1, __ATOMIC_ACQ_REL) == 0)
        stream_free(st);
}

/* Empty slot s; the entry it held, or NULL. */
static struct host_stream *slot_take(host_stream_t s)
{
    struct host_stream **slot, *st = NULL;

    pthread_mutex_lock(&table_lock);
    if ((slot = slot_at(s))) {
        st = *slot;
        __atomic_store_n(slot, NULL, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&table_lock);
    return st;
}

int host_stream_close(host_stream_t s)
{
    struct host_stream *st = slot_take(s);

    if (!st)
        return HOST_EBADF;
    host_stream_put(st);
    return HOST_OK;
}

static struct host_stream *stream_new(int fd, unsigned kind, unsigned flags, const char *path)
{
    struct host_stream *st = entry_alloc();

    if (!st)
        return NULL;
    st->fd = fd;
    st->kind = kind;
    st->flags = flags;
    if (path && !(st->path = strdup(path))) {
        free(st);
        return NULL;
    }
    return st;
}

/* Enter fd as a new stream, or close it on failure. */
int host_stream_add(int fd, unsigned kind, unsigned flags, const char *path, host_stream_t *out)
{
    struct host_stream *st = stream_new(fd, kind, flags, path);

    if (!st) {
        close(fd);
        return HOST_ENOMEM;
    }
    return host_stream_insert(st, out);
}

/* ---- Open ----------------------------------------------------------------- */

/*
 * Open a canonical path with no symbolic link anywhere in it: the policy
 * approved exactly this path.  Kernels before 5.6 lack openat2; O_NOFOLLOW
 * then guards the final component.
 */
static int open_canonical(const char *path, int oflags, mode_t mode)
{
    int fd = host_open_nolinks(path, oflags, mode);

    if (fd >= 0 || errno != ENOSYS)
        return fd;
    do
        fd = open(path, oflags | O_NOFOLLOW, mode);
    while (fd < 0 && errno == EINTR);
    return fd;
}

/* Did a direct open (host_uri_direct) fail only because the path is not
 * plain, so that the checked way must decide? */
static int take_checked_way(int fd)
{
    return fd < 0 && (errno == ELOOP || errno == ENOSYS);
}

static int open_access_flags(unsigned flags)
{
    if ((flags & HOST_OPEN_READ) && (flags & HOST_OPEN_WRITE))
        return O_RDWR;
    if (flags & HOST_OPEN_WRITE)
        return O_WRONLY;
    if (flags & (HOST_OPEN_READ | HOST_OPEN_CREATE))
        return O_RDONLY;
    /* Neither read nor write: a stream for attributes only. */
    return O_PATH;
}

static int check_file_flags(unsigned flags)
{
    if ((flags & HOST_OPEN_EXCL) && !(flags & HOST_OPEN_CREATE))
        return HOST_EINVAL;
    if ((flags & (HOST_OPEN_TRUNCATE | HOST_OPEN_APPEND)) && !(flags & HOST_OPEN_WRITE))
        return HOST_EINVAL;
    /* As open(2): a directory cannot be opened for writing. */
    if ((flags & HOST_OPEN_DIRECTORY) && (flags & HOST_OPEN_WRITE))
        return HOST_EISDIR;
    return HOST_OK;
}

/* Creating a missing file needs write access; opening an existing one for
 * reading (even with CREATE) needs only read access. */
static int check_create(const char *path, unsigned flags)
{
    struct stat sb;

    if (!(flags & HOST_OPEN_CREATE) || (flags & HOST_OPEN_WRITE))
        return HOST_OK;
    if (lstat(path, &sb) == 0 && !(flags & HOST_OPEN_EXCL))
        return HOST_OK;
    return host_policy_check(path, HOST_NEED_WRITE, "create");
}

static int make_directory(const char *path, unsigned flags)
{
    if (!(flags & HOST_OPEN_CREATE))
        return HOST_OK;
    if (mkdir(path, 0777) == 0)
        return HOST_OK;
    if (errno == EEXIST && !(flags & HOST_OPEN_EXCL))
        return HOST_OK;
    return host_from_errno(errno);
}

/* The open(2) flags of a file: stream, but for O_DIRECTORY. */
static int file_oflags(unsigned flags)
{
    int oflags = open_access_flags(flags) | O_CLOEXEC;

    /* O_PATH takes no flags but O_DIRECTORY and O_CLOEXEC (openat2 is
     * strict about it); the others need READ, WRITE or CREATE anyway. */
    if (!(oflags & O_PATH))
        oflags |= O_NOCTTY;
    if (flags & HOST_OPEN_DIRECTORY)
        return oflags;
    return oflags | (flags & HOST_OPEN_CREATE ? O_CREAT : 0) | (flags & HOST_OPEN_EXCL ? O_EXCL : 0) |
           (flags & HOST_OPEN_TRUNCATE ? O_TRUNC : 0) | (flags & HOST_OPEN_APPEND ? O_APPEND : 0);
}

/*
 * The direct way (host_uri_direct): one openat2 of the path as spelled.
 * Not for a create that needs its own checks (a create without WRITE asks
 * the policy for writing only when the file is missing; mkdir follows
 * links): those take the checked way.  Returns HOST_OK or an error, or 1
 * when the checked way must decide.
 */
static int open_file_direct(const char *uri, unsigned flags, unsigned need, host_stream_t *out)
{
    char path[PATH_MAX];
    int fd, r;

    if ((flags & HOST_OPEN_CREATE) && !(flags & HOST_OPEN_WRITE))
        return 1;
    if ((r = host_uri_direct(uri, FILE_SCHEMES, need, path, NULL)) <= 0)
        return r < 0 ? r : 1;
    fd = host_open_nolinks(path, file_oflags(flags) | (flags & HOST_OPEN_DIRECTORY ? O_DIRECTORY : 0),
                           0666);
    if (take_checked_way(fd))
        return 1;
    if (fd < 0)
        return host_from_errno(errno);
    return host_stream_add(fd, HOST_STREAM_FILE, flags, path, out);
}

static int open_file(const char *uri, unsigned flags, host_stream_t *out)
{
    char path[PATH_MAX];
    unsigned need = flags & (HOST_OPEN_WRITE | HOST_OPEN_TRUNCATE) ? HOST_NEED_WRITE : HOST_NEED_READ;
    unsigned follow = flags & HOST_OPEN_NOFOLLOW ? HOST_PATH_NOFOLLOW : HOST_PATH_FOLLOW;
    int oflags = file_oflags(flags);
    int fd, r;

    if ((r = check_file_flags(flags)) < 0)
        return r;
    if ((r = open_file_direct(uri, flags, need, out)) <= 0)
        return r;
    if ((r = host_uri_resolve(uri, FILE_SCHEMES, follow, need, "open", path, NULL)) < 0)
        return r;
    if ((r = check_create(path, flags)) < 0)
        return r;
    if (flags & HOST_OPEN_DIRECTORY) {
        if ((r = make_directory(path, flags)) < 0)
            return r;
        oflags |= O_DIRECTORY;
    }
    if ((fd = open_canonical(path, oflags, 0666)) < 0)
        return host_from_errno(errno);
    return host_stream_add(fd, HOST_STREAM_FILE, flags, path, out);
}

/* Open a dir: stream on path and read its listing: path is canonical, or
 * (direct) the normalised path of host_uri_direct. */
static int list_dir(const char *path, int direct, unsigned flags, host_stream_t *out)
{
    int oflags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
    int fd = direct ? host_open_nolinks(path, oflags, 0) : open_canonical(path, oflags, 0);
    struct host_stream *st;
    int r;

    if (direct && take_checked_way(fd))
        return 1;
    if (fd < 0)
        return host_from_errno(errno);
    if (!(st = stream_new(fd, HOST_STREAM_DIR, flags, path))) {
        close(fd);
        return HOST_ENOMEM;
    }
    if ((r = host_dir_load(st)) < 0) {
        stream_free(st);
        return r;
    }
    return host_stream_insert(st, out);
}

static int open_dir(const char *uri, unsigned flags, host_stream_t *out)
{
    char path[PATH_MAX];
    unsigned follow = flags & HOST_OPEN_NOFOLLOW ? HOST_PATH_NOFOLLOW : HOST_PATH_FOLLOW;
    int r;

    if (flags & ~(HOST_OPEN_READ | HOST_OPEN_NOFOLLOW))
        return HOST_EINVAL;
    /* the direct way first (see open_file_direct) */
    if ((r = host_uri_direct(uri, DIR_SCHEMES, HOST_NEED_READ, path, NULL)) < 0)
        return r;
    if (r && (r = list_dir(path, 1, flags, out)) <= 0)
        return r;
    if ((r = host_uri_resolve(uri, DIR_SCHEMES, follow, HOST_NEED_READ, "list", path, NULL)) < 0)
        return r;
    return list_dir(path, 0, flags, out);
}

static int open_stdio(int which, unsigned flags, host_stream_t *out)
{
    int fd;

    if (flags & ~(HOST_OPEN_READ | HOST_OPEN_WRITE))
        return HOST_EINVAL;
    /* A duplicate: closing the stream leaves the inherited descriptor. */
    if ((fd = fcntl(which, F_DUPFD_CLOEXEC, 3)) < 0)
        return host_from_errno(errno);
    struct host_stream *st = stream_new(fd, HOST_STREAM_STDIO, flags, NULL);
    if (!st) {
        close(fd);
        return HOST_ENOMEM;
    }
    st->stdio_fd = which;
    return host_stream_insert(st, out);
}

static int open_ctl(unsigned flags, host_stream_t *out)
{
    if (flags != (HOST_OPEN_READ | HOST_OPEN_WRITE))
        return HOST_EINVAL;
    return host_stream_add(-1, HOST_STREAM_CTL, flags, NULL, out);
}

int host_stream_open(const char *uri, unsigned flags, host_stream_t *out)
{
    struct host_uri u;
    int r;

    if (!out || (flags & ~ALL_OPEN))
        return HOST_EINVAL;
    if ((r = host_uri_parse(uri, &u)) < 0)
        return r;
    switch (u.scheme) {
    case HOST_SCHEME_FILE:
        return open_file(uri, flags, out);
    case HOST_SCHEME_DIR:
        return open_dir(uri, flags, out);
    case HOST_SCHEME_STDIO:
        return open_stdio(u.stdio_fd, flags, out);
    case HOST_SCHEME_DISPLAY:
        return host_display_open(flags, out);
    case HOST_SCHEME_CTL:
        return open_ctl(flags, out);
    case HOST_SCHEME_LIB:
        return host_lib_open(u.rest, flags, out);
    case HOST_SCHEME_TCP:
    case HOST_SCHEME_UDP:
        return HOST_ENOSYS;
    default:
        return HOST_EINVAL;  /* pipe: streams come from host_pipe_create */
    }
}

int host_pipe_create(host_stream_t out[2])
{
    int fds[2], r;

    if (!out)
        return HOST_EINVAL;
    if (pipe2(fds, O_CLOEXEC) < 0)
        return host_from_errno(errno);
    if ((r = host_stream_add(fds[0], HOST_STREAM_PIPE, HOST_OPEN_READ, NULL, &out[0])) < 0) {
        close(fds[1]);
        return r;
    }
    if ((r = host_stream_add(fds[1], HOST_STREAM_PIPE, HOST_OPEN_WRITE, NULL, &out[1])) < 0) {
        host_stream_close(out[0]);
        return r;
    }
    return HOST_OK;
}

/* ---- Read and write ------------------------------------------------------- */

/*
 * pread and pwrite as one syscall instruction, without libc: its wrappers
 * are cancellation points (two atomic operations per call in a threaded
 * process; keep never cancels a thread) and set errno through another
 * call.  File I/O is keep's hottest path, and on a host whose system calls
 * flush the TLB every code page and return after one costs.  -errno on
 * failure, as the kernel returns it.
 */
static inline long raw_syscall4(long nr, long a, long b, long c, long d)
{
#ifdef __x86_64__
    register long r10 __asm__("r10") = d;
    long ret;

    __asm__ volatile("syscall"
                     : "=a"(ret)
                     : "0"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
#else
    long ret = syscall(nr, a, b, c, d);
    return ret < 0 ? -errno : ret;
#endif
}

static ssize_t raw_pread(int fd, void *buf, size_t size, int64_t offset)
{
    return raw_syscall4(SYS_pread64, fd, (long)buf, (long)size, (long)offset);
}

static ssize_t raw_pwrite(int fd, const void *buf, size_t size, int64_t offset)
{
    return raw_syscall4(SYS_pwrite64, fd, (long)buf, (long)size, (long)offset);
}

/* Does the stream's file have positions (a regular file or block device)? */
static int seekable(const struct host_stream *st)
{
    struct stat sb;

    if (st->kind != HOST_STREAM_FILE || fstat(st->fd, &sb) < 0)
        return 0;
    return S_ISREG(sb.st_mode) || S_ISBLK(sb.st_mode);
}

/* Pipes and terminals report an interrupt; files finish their I/O. */
static int retry_eintr(const struct host_stream *st)
{
    return st->kind == HOST_STREAM_FILE && seekable(st);
}

HOST_HOT
static int read_stream(struct host_stream *st, char *buf, size_t size, int64_t offset,
                       size_t *done)
{
    int positioned = offset != HOST_POS_NONE;

    if (st->kind == HOST_STREAM_DIR)
        return HOST_EISDIR;
    if (st->kind == HOST_STREAM_PROCESS)
        return positioned ? HOST_EINVAL : host_child_read(st, buf, size, done);
    if (st->kind == HOST_STREAM_CTL)
        return positioned ? HOST_EINVAL : host_ctl_read(buf, size, done);
    if (!positioned && seekable(st))
        return HOST_EINVAL;   /* the host keeps no file position */
    while (*done < size) {
        ssize_t n = positioned
                        ? raw_pread(st->fd, buf + *done, size - *done, offset + (int64_t)*done)
                        : read(st->fd, buf + *done, size - *done);
        if (n < 0 && positioned)
            errno = (int)-n, n = -1;
        if (n < 0 && errno == EINTR && retry_eintr(st))
            continue;
        if (n < 0)
            return *done ? HOST_OK : host_from_errno(errno);
        if (n == 0)
            break;
        *done += (size_t)n;
        /* A pipe returns what it has; only files are read to the full size. */
        if (!positioned)
            break;
    }
    return HOST_OK;
}

HOST_HOT
int host_stream_read(host_stream_t s, void *buf, size_t size, int64_t offset, size_t *done)
{
    struct host_stream *st;
    int r;

    if (!done)
        return HOST_EINVAL;
    *done = 0;
    if ((!buf && size) || offset < HOST_POS_NONE)
        return HOST_EINVAL;
    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    r = read_stream(st, buf, size > SSIZE_MAX ? SSIZE_MAX : size, offset, done);
    host_stream_put(st);
    return r;
}

HOST_HOT
static int write_stream(struct host_stream *st, const char *buf, size_t size, int64_t offset,
                        size_t *done)
{
    int append = (st->flags & HOST_OPEN_APPEND) != 0;
    int positioned = offset != HOST_POS_NONE && !append;

    if (st->kind == HOST_STREAM_DIR)
        return HOST_EISDIR;
    if (st->kind == HOST_STREAM_PROCESS)
        return positioned ? HOST_EINVAL : host_child_write(st, buf, size, done);
    if (st->kind == HOST_STREAM_CTL)
        return host_ctl_write(buf, size, offset, done);
    if (!positioned && !append && seekable(st))
        return HOST_EINVAL;   /* the host keeps no file position */
    while (*done < size) {
        ssize_t n = positioned
                        ? raw_pwrite(st->fd, buf + *done, size - *done, offset + (int64_t)*done)
                        : write(st->fd, buf + *done, size - *done);
        if (n < 0 && positioned)
            errno = (int)-n, n = -1;
        if (n < 0 && errno == EINTR && retry_eintr(st))
            continue;
        if (n < 0)
            return *done ? HOST_OK : host_from_errno(errno);
        *done += (size_t)n;
    }
    return HOST_OK;
}

HOST_HOT
int host_stream_write(host_stream_t s, const void *buf, size_t size, int64_t offset,
                      size_t *done)
{
    struct host_stream *st;
    int r;

    if (!done)
        return HOST_EINVAL;
    *done = 0;
    if ((!buf && size) || offset < HOST_POS_NONE)
        return HOST_EINVAL;
    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    r = write_stream(st, buf, size > SSIZE_MAX ? SSIZE_MAX : size, offset, done);
    host_stream_put(st);
    return r;
}

/* ---- Length, flush -------------------------------------------------------- */

int host_stream_set_length(host_stream_t s, uint64_t length)
{
    struct host_stream *st;
    int r = HOST_OK;

    if (length > INT64_MAX)
        return HOST_EINVAL;
    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    if (st->kind != HOST_STREAM_FILE || !(st->flags & HOST_OPEN_WRITE))
        r = HOST_EBADF;
    else if (ftruncate(st->fd, (off_t)length) < 0)
        r = host_from_errno(errno);
    host_stream_put(st);
    return r;
}

int host_stream_flush(host_stream_t s)
{
    struct host_stream *st;
    int r = HOST_OK;

    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    /* Pipes, terminals and attribute-only streams have nothing to make
     * durable: fsync answers EINVAL (or EBADF for O_PATH) there. */
    if (fsync(st->fd) < 0 && errno != EINVAL && errno != EROFS &&
        !(errno == EBADF && !(st->flags & (HOST_OPEN_READ | HOST_OPEN_WRITE))))
        r = host_from_errno(errno);
    host_stream_put(st);
    return r;
}

/* ---- Byte-range locks ----------------------------------------------------- */

/* Open file description locks: owned by the stream's descriptor, so two
 * streams conflict even inside one process, and they conflict with the
 * classic per-process POSIX locks other programs (the sqlite3 shell) take. */
/* The fcntl lock type for mode (>= 0), or a HOST_E* code. */
static int lock_type(unsigned mode, const struct host_stream *st)
{
    switch (mode & ~HOST_LOCK_WAIT) {
    case HOST_LOCK_UNLOCK:
        return F_UNLCK;
    case HOST_LOCK_SHARED:
        return (st->flags & HOST_OPEN_READ) ? F_RDLCK : HOST_EBADF;
    case HOST_LOCK_EXCLUSIVE:
        return (st->flags & HOST_OPEN_WRITE) ? F_WRLCK : HOST_EBADF;
    }
    return HOST_EINVAL;
}

int host_stream_lock(host_stream_t s, int64_t offset, uint64_t length, unsigned mode)
{
    struct host_stream *st;
    int r, type;

    if (offset < 0 || length > (uint64_t)INT64_MAX - (uint64_t)offset ||
        (mode & ~(HOST_LOCK_WAIT | 3u)) || (mode & 3u) == 3u)
        return HOST_EINVAL;
    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    if (st->kind != HOST_STREAM_FILE || !(st->flags & (HOST_OPEN_READ | HOST_OPEN_WRITE)))
        r = HOST_EBADF;
    else if ((type = lock_type(mode, st)) < 0)
        r = type;
    else {
        struct flock fl = { .l_type = (short)type, .l_whence = SEEK_SET,
                            .l_start = (off_t)offset, .l_len = (off_t)length };
        int cmd = (mode & HOST_LOCK_WAIT) && type != F_UNLCK ? F_OFD_SETLKW : F_OFD_SETLK;
        if (fcntl(st->fd, cmd, &fl) < 0)
            r = (errno == EAGAIN || errno == EACCES) ? HOST_EBUSY
              : errno == ENOLCK ? HOST_ENOMEM : host_from_errno(errno);
    }
    host_stream_put(st);
    return r;
}

/* ---- Map ------------------------------------------------------------------ */

static int mmap_prot(unsigned prot)
{
    return (prot & HOST_PROT_READ ? PROT_READ : 0) | (prot & HOST_PROT_WRITE ? PROT_WRITE : 0) |
           (prot & HOST_PROT_EXEC ? PROT_EXEC : 0);
}

/* Give a range back its no-access reservation after a failed map. */
static void re_reserve(char *addr, size_t size)
{
    mmap(addr, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
}

static int map_file(struct host_stream *st, char *addr, size_t size, uint64_t offset,
                    unsigned prot, unsigned flags)
{
    size_t page = host_vm_page_size(), file_part = 0;
    struct stat sb;

    if (fstat(st->fd, &sb) < 0)
        return host_from_errno(errno);
    if (!S_ISREG(sb.st_mode) && !S_ISBLK(sb.st_mode))
        return HOST_EBADF;
    /* Pages wholly past the end of the file would raise SIGBUS: they get
     * anonymous zero pages instead. */
    if ((uint64_t)sb.st_size > offset) {
        uint64_t avail = ((uint64_t)sb.st_size - offset + page - 1) & ~(uint64_t)(page - 1);
        file_part = avail < size ? (size_t)avail : size;
    }
    if (file_part &&
        mmap(addr, file_part, mmap_prot(prot),
             MAP_FIXED | (flags & HOST_MAP_SHARED ? MAP_SHARED : MAP_PRIVATE) |
                 (flags & HOST_MAP_POPULATE ? MAP_POPULATE : 0), st->fd,
             (off_t)offset) == MAP_FAILED) {
        int r = host_from_errno(errno);
        /* Refused permissions leave the range alone; running out of memory
         * half-way may have unmapped it. */
        if (r == HOST_ENOMEM)
            re_reserve(addr, size);
        return r;
    }
    if (file_part < size &&
        mmap(addr + file_part, size - file_part, mmap_prot(prot),
             MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) == MAP_FAILED) {
        int r = host_from_errno(errno);
        re_reserve(addr, size);
        return r;
    }
    return HOST_OK;
}

int host_stream_map(host_stream_t s, void *addr, size_t size, uint64_t offset, unsigned prot,
                    unsigned flags)
{
    size_t page = host_vm_page_size();
    struct host_stream *st;
    int r;

    if (!addr || !size || ((uintptr_t)addr | size | offset) & (page - 1) ||
        (uintptr_t)addr + size < (uintptr_t)addr || offset > INT64_MAX ||
        (prot & ~ALL_PROT) || (flags & ~(HOST_MAP_SHARED | HOST_MAP_POPULATE | HOST_MAP_FUTEX)) ||
        ((flags & HOST_MAP_FUTEX) && !(flags & HOST_MAP_SHARED)))
        return HOST_EINVAL;
    /* The range must be the kernel's reservation: mapping over a hole
     * would take address space behind the kernel's back. */
    if (msync(addr, size, MS_ASYNC) < 0)
        return HOST_ENOMEM;
    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    if (st->kind != HOST_STREAM_FILE)
        r = HOST_EBADF;
    else if ((flags & HOST_MAP_SHARED) && (prot & HOST_PROT_WRITE) && !(st->flags & HOST_OPEN_WRITE))
        /* Checked here too: past the end of the file nothing asks the fd. */
        r = HOST_EACCES;
    else if ((flags & HOST_MAP_FUTEX) && (r = host_futex_share(addr, size)) < 0)
        ;   /* 8 already */
    else if ((r = map_file(st, addr, size, offset, prot, flags)) < 0 && (flags & HOST_MAP_FUTEX))
        host_futex_unshare(addr, size);
    if (r == HOST_OK && st->display && (flags & HOST_MAP_SHARED))
        host_display_mapped(addr, size);
    host_stream_put(st);
    return r;
}

/* ---- Snapshots: listing and re-creating streams ---------------------------- */

int host_streams_list(int (*fn)(void *ctx, const struct host_stream_desc *d), void *ctx)
{
    for (host_stream_t id = 0; id <= MAX_STREAM_ID; id++) {
        struct host_stream *st;
        if (!slot_at(id)) {
            id |= SLOTS_PER_PAGE - 1;   /* no page: none of its slots */
            continue;
        }
        if (host_stream_get(id, &st) < 0)
            continue;
        /* the kinds are numbered alike (host_setup.h and host_linux.h) */
        struct host_stream_desc d = { id, st->kind, st->flags, st->stdio_fd, st->path,
                                      .fd = -1 };
        struct stat sb;
        if (st->fd >= 0 && fstat(st->fd, &sb) == 0) {
            d.dev = sb.st_dev;
            d.ino = sb.st_ino;
        }
        if (st->child)
            d.pid = host_child_pid(st->child);
        int r = fn(ctx, &d);
        host_stream_put(st);
        if (r)
            return r;
    }
    return 0;
}

/* Open d again as it was (without creating or truncating anything). */
static int reopen(const struct host_stream_desc *d, host_stream_t *tmp)
{
    char uri[PATH_MAX + 8];
    unsigned flags = d->flags & ~(HOST_OPEN_CREATE | HOST_OPEN_EXCL | HOST_OPEN_TRUNCATE);

    switch (d->kind) {
    case HOST_DESC_FILE:
    case HOST_DESC_DIR:
        if (!d->path || snprintf(uri, sizeof(uri), "%s:%s", d->kind == HOST_DESC_DIR ? "dir" : "file",
                                 d->path) >= (int)sizeof(uri))
            return HOST_EINVAL;
        return host_stream_open(uri, flags, tmp);
    case HOST_DESC_STDIO:
        if (d->stdio_fd < 0 || d->stdio_fd > 2)
            return HOST_EINVAL;
        return open_stdio(d->stdio_fd, flags, tmp);
    case HOST_DESC_CTL:
        return open_ctl(flags, tmp);
    default:
        return HOST_EBADF;
    }
}

/* A pipe or a child over the descriptor the monitor made for it. */
static struct host_stream *relink(const struct host_stream_desc *d)
{
    struct host_stream *st = NULL;

    struct host_child *child = NULL;

    if (d->kind == HOST_DESC_PIPE)
        st = stream_new(d->fd, HOST_STREAM_PIPE, d->flags & (HOST_OPEN_READ | HOST_OPEN_WRITE), NULL);
    else if ((child = host_child_restore(d->pid, d->ended, d->status)))
        st = stream_new(d->fd, HOST_STREAM_PROCESS, HOST_OPEN_READ | HOST_OPEN_WRITE, NULL);
    if (st && child)
        st->child = child;
    if (st)
        return st;
    if (child)
        host_child_free(child);
    if (d->fd > 2)
        close(d->fd);       /* the stream would have owned it */
    return NULL;
}

int host_stream_restore(const struct host_stream_desc *d, int *dead)
{
    struct host_stream *st = NULL;
    host_stream_t tmp;

    if (!d || !dead || d->kind < HOST_DESC_FILE || d->kind > HOST_DESC_CTL)
        return HOST_EINVAL;
    *dead = 0;
    if ((d->kind == HOST_DESC_PIPE && d->fd > 2) ||
        (d->kind == HOST_DESC_PROCESS && (d->fd > 2 || d->ended))) {
        if (!(st = relink(d)))
            return HOST_ENOMEM;
    } else if (reopen(d, &tmp) == HOST_OK) {
        /* move the new stream from its slot to the one asked for */
        st = slot_take(tmp);
    } else {
        *dead = 1;
        if (!(st = stream_new(-1, HOST_STREAM_FILE, d->flags, d->path)))
            return HOST_ENOMEM;
    }
    return host_stream_insert_at(st, d->id);
}

int host_stream_child_pid(host_stream_t s, int *pid)
{
    struct host_stream *st;
    int r = host_stream_get(s, &st);

    if (r < 0)
        return r;
    r = st->child ? HOST_OK : HOST_EBADF;
    if (st->child)
        *pid = host_child_pid(st->child);
    host_stream_put(st);
    return r;
}

/* tee(2) copies what waits in one pipe into another without consuming it. */
static int peek_fd(int fd, void *buf, size_t size, size_t *done)
{
    int p[2];
    ssize_t n, got = 0;

    if (pipe2(p, O_CLOEXEC | O_NONBLOCK) < 0)
        return host_from_errno(errno);
    fcntl(p[1], F_SETPIPE_SZ, (int)(size < (1u << 20) ? size : (1u << 20)));
    n = tee(fd, p[1], size, SPLICE_F_NONBLOCK);
    while (n > 0 && got < n) {
        ssize_t r = read(p[0], (char *)buf + got, (size_t)(n - got));
        if (r <= 0)
            break;
        got += r;
    }
    close(p[0]);
    close(p[1]);
    if (n < 0 && errno != EAGAIN)
        return HOST_EIO;
    *done = n > 0 ? (size_t)got : 0;
    return HOST_OK;
}

int host_stream_pipe_peek(host_stream_t s, void *buf, size_t size, size_t *done)
{
    struct host_stream *st;
    struct stat sb;
    int r = host_stream_get(s, &st);

    if (r < 0)
        return r;
    if (!(st->flags & HOST_OPEN_READ) || st->fd < 0 || fstat(st->fd, &sb) < 0 ||
        !S_ISFIFO(sb.st_mode))
        r = HOST_EBADF;
    else
        r = peek_fd(st->fd, buf, size, done);
    host_stream_put(st);
    return r;
}

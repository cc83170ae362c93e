/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host.h - the keep host ABI: the whole contract between the kernel
 * (dlls/ntdll, keep's replacement for Wine's ntdll.so) and the host.
 *
 * The kernel calls nothing on the host but the functions declared here
 * (plus freestanding mem and string helpers and the printf family); a test
 * checks that from the kernel's undefined symbols (tests/check-kernel-symbols).
 *
 * Rules of the ABI
 *   - Every call returns HOST_OK (0) or a negative HOST_E* code, unless its
 *     comment says otherwise.  Unknown flag bits are rejected with HOST_EINVAL.
 *   - Stateless: every host object the kernel holds (a stream, a mapping, a
 *     thread) can be re-created from what the kernel itself recorded: a URI,
 *     an offset, open flags, an address and size.  The host keeps no file
 *     position for seekable streams: reads and writes name their offset.  That
 *     is what lets a snapshot re-open everything on another host.
 *   - The host enforces the security policy.  host_stream_open and every call
 *     that names a URI answer HOST_EACCES for a path the policy does not allow,
 *     and the host logs the denial.
 *   - All calls are thread-safe.  Calls that may block say so.
 *   - Sizes are in bytes, counts in elements.  Times are in nanoseconds.
 *
 * URIs (UTF-8):
 *   file:/abs/path   a regular file (or a directory, for attributes, rename,
 *                    delete and mkdir)
 *   dir:/abs/path    a directory opened for listing (host_dir_read)
 *   stdio:0|1|2      the descriptors the picoprocess inherited
 *   pipe:            an anonymous pipe pair (host_pipe_create)
 *   display:         the display region the monitor serves over RDP (keep run
 *                    --rdp; rdp/display.h): READ and WRITE only, HOST_ENOENT
 *                    when there is none.  Futex words inside its shared
 *                    mapping (host_stream_map, HOST_MAP_SHARED) are shared
 *                    with the server's process.
 *   ctl:             the monitor's control stream (snapshots; see
 *                    struct host_ctl_request below); READ|WRITE only
 *   lib:NAME         an ELF shared library by file name ("win32u.so",
 *                    "libfreetype.so.6"), for the kernel's own loader:
 *                    looked for in Wine's unix-library directory, then in
 *                    the host's system library directories; READ only
 *                    (HOST_EROFS with WRITE), HOST_EINVAL for a name that
 *                    is not a bare "*.so[.N...]" file name
 *   tcp:, udp:       reserved; answer HOST_ENOSYS today
 *
 * Downcalls: 38 (see HOST_ABI_CALLS below).  Upcalls: 1 (the exception
 * handler registered with host_exception_set_handler).
 */
#ifndef KEEP_HOST_H
#define KEEP_HOST_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HOST_ABI_VERSION 1

/* ---- Result codes ------------------------------------------------------ */

enum host_status {
    HOST_OK = 0,
    HOST_EINVAL = -1,        /* bad argument, unknown flag bit */
    HOST_ENOMEM = -2,        /* out of memory or address space */
    HOST_ENOENT = -3,        /* no such file or directory */
    HOST_EACCES = -4,        /* denied by the policy or by host permissions */
    HOST_EEXIST = -5,        /* already exists / address range occupied */
    HOST_ENOTDIR = -6,       /* a path component is not a directory */
    HOST_EISDIR = -7,        /* is a directory */
    HOST_ENOTEMPTY = -8,     /* directory not empty */
    HOST_EIO = -9,           /* I/O error */
    HOST_ENOSPC = -10,       /* no space left */
    HOST_EBADF = -11,        /* not a valid or suitable stream */
    HOST_EPIPE = -12,        /* the other end of a pipe is closed */
    HOST_ETIMEDOUT = -13,    /* a wait ran out of time */
    HOST_EAGAIN = -14,       /* value changed before a wait / try again */
    HOST_EINTR = -15,        /* a wait was interrupted by host_thread_interrupt */
    HOST_ENOSYS = -16,       /* not implemented by this host */
    HOST_ENAMETOOLONG = -17, /* path too long */
    HOST_EXDEV = -18,        /* rename across file systems */
    HOST_EBUSY = -19,        /* in use */
    HOST_ELOOP = -20,        /* too many symbolic links */
    HOST_EROFS = -21,        /* read-only (policy ro or file system) */
    HOST_ESRCH = -22,        /* no such thread */
};

/* A short English name of a host status, for messages. Never NULL. */
const char *host_status_name(int status);

/* ---- Virtual memory ----------------------------------------------------- */
/*
 * Addresses and sizes are multiples of host_vm_page_size() (4096 on x86-64).
 * The kernel owns the layout of the address space: it keeps its own view
 * list and asks the host for exact ranges.  The host only refuses ranges it
 * does not own (the host's own code and data).
 */

enum host_vm_prot {
    HOST_PROT_NONE = 0,
    HOST_PROT_READ = 1,
    HOST_PROT_WRITE = 2,
    HOST_PROT_EXEC = 4,
    /* With host_vm_commit only, a hint: back the pages now rather than on
       first touch (one host call instead of a fault per page, for memory
       the kernel knows will be written at once, like a new thread's stack). */
    HOST_VM_POPULATE = 0x100,
    /* With host_vm_commit only, a hint: back the range with large pages
       (2 MiB on x86-64) where the host can; only the parts of the range
       that cover whole aligned large pages can get them.  For memory that
       is written at once in bulk: each small page first touched costs a
       fault (and, under some hypervisors, an exit), a large page one. */
    HOST_VM_HUGE = 0x200,
};

enum host_vm_reserve_flags {
    HOST_VM_FIXED = 1,     /* *addr is the exact address; fail with HOST_EEXIST
                              if any page of the range is already in use */
    HOST_VM_LOW_4G = 2,    /* without FIXED: the range ends below 4 GiB */
    HOST_VM_LOW_2G = 4,    /* without FIXED: the range ends below 2 GiB */
    HOST_VM_TOP_DOWN = 8,  /* without FIXED: prefer the highest free range */
};

/* Page size of the host, in bytes. */
size_t host_vm_page_size(void);

/*
 * Reserve [*addr, *addr + size) with no access.  Without HOST_VM_FIXED *addr
 * is a hint (or NULL) and the chosen address is written back.  Reserved
 * pages take no memory until committed.
 * Errors: HOST_EINVAL (alignment, size 0), HOST_EEXIST (FIXED and occupied),
 * HOST_ENOMEM.
 */
int host_vm_reserve(void **addr, size_t size, unsigned flags);

/*
 * Back [addr, addr + size) of a reservation with zero-filled private memory
 * (pages already committed keep their contents) and give it protection
 * prot (HOST_PROT_*).  Errors: HOST_EINVAL, HOST_ENOMEM (also when a page
 * of the range is not reserved).
 */
int host_vm_commit(void *addr, size_t size, unsigned prot);

/* Change the protection of committed pages. Errors: HOST_EINVAL, HOST_ENOMEM
 * (a page of the range is not reserved). */
int host_vm_protect(void *addr, size_t size, unsigned prot);

/*
 * Copy size bytes from data into [addr, addr + size) of committed pages
 * whatever their protection (as a debugger writes into code): for memory
 * the kernel fills once and never writes again, given its final protection
 * first.  Under a hypervisor, taking write access away from pages already
 * written is dear (4 to 50 microseconds a page here, the busier the
 * machine the dearer); giving untouched
 * pages their protection and then filling them costs next to nothing.  Any
 * alignment.  Errors: HOST_EINVAL, HOST_ENOMEM (a page is not mapped or
 * data is unreadable), HOST_ENOSYS (this host cannot: the caller makes the
 * pages writable and writes itself).
 */
int host_vm_write(void *addr, const void *data, size_t size);

enum host_vm_free_flags {
    HOST_VM_DECOMMIT = 1,  /* drop the contents, keep the range reserved */
};

/*
 * Release [addr, addr + size): without flags the range goes back to the
 * host (it may be reused by a later reserve); with HOST_VM_DECOMMIT its
 * pages lose their contents and become reserved, no-access (HOST_ENOMEM if
 * a page of the range is not reserved: nothing changes then).
 */
int host_vm_free(void *addr, size_t size, unsigned flags);

struct host_vm_info {
    uint64_t base;         /* start of the region of equal state holding addr */
    uint64_t size;         /* its size */
    unsigned prot;         /* HOST_PROT_* of the region */
    unsigned state;        /* HOST_VM_STATE_* */
};
enum host_vm_state {
    HOST_VM_STATE_FREE = 0,      /* not mapped at all */
    HOST_VM_STATE_RESERVED = 1,  /* mapped, no access */
    HOST_VM_STATE_COMMITTED = 2, /* accessible (prot != NONE) */
};

/* Describe the host's view of the page holding addr.  The host cannot tell
 * a committed no-access page from a reserved one: both read as RESERVED. */
int host_vm_query(const void *addr, struct host_vm_info *info);

/* ---- Threads ------------------------------------------------------------ */

typedef uint64_t host_thread_t;   /* host thread id; 0 is never valid */

/* The entry point of a new thread: sysv calling convention. */
typedef void (*host_thread_entry_t)(void *arg);

/*
 * Start a thread that runs entry(arg) on the stack [stack, stack + size)
 * (memory the kernel reserved and committed, 16-byte aligned; size >= 64
 * KiB).  The host keeps nothing of its own there but the return address of
 * its call to entry, at the top.  The thread starts with no TEB base set;
 * it must not return from entry: it ends with host_thread_exit.
 * *out_thread gets its id once it runs (the call waits for that); with
 * out_thread NULL the call returns at once.
 * Errors: HOST_EINVAL, HOST_ENOMEM.
 */
int host_thread_create(host_thread_entry_t entry, void *arg, void *stack,
                       size_t size, host_thread_t *out_thread);

/*
 * End the calling thread. Does not return. The stack stays the kernel's.
 * The call itself still runs on it; when left is not NULL, the host stores
 * 1 in *left (and wakes futex waiters on it) once the thread no longer uses
 * that stack, so the kernel can reuse or free it at once.  The main thread
 * (not started by host_thread_create) never sets it: the process ends with
 * it.  Allowed in the upcall, unless the upcall interrupted a host call
 * (whose locks would stay taken).
 */
void host_thread_exit(volatile uint32_t *left) __attribute__((noreturn));

/* Let other threads run. */
void host_thread_yield(void);

/* The calling thread's host id. */
host_thread_t host_thread_self(void);

/*
 * Set the calling thread's GS base (the Windows TEB pointer on x86-64).
 * The host keeps it across its own code and across exception upcalls.
 */
int host_thread_set_teb(void *teb);

/*
 * Interrupt thread t: as soon as possible it runs the exception handler
 * with kind HOST_EXC_INTERRUPT and its current register context (which the
 * handler may read, change or block in).  A thread blocked in
 * host_futex_wait is woken with HOST_EINTR after the handler returns.
 * Errors: HOST_ESRCH.
 */
int host_thread_interrupt(host_thread_t t);

/* ---- Futex-like wait and wake ------------------------------------------ */

enum host_futex_flags {
    HOST_FUTEX_ABSOLUTE = 1,   /* *timeout_ns is an absolute monotonic time */
};

/*
 * If *addr == expected, block until host_futex_wake on addr, the timeout
 * (relative nanoseconds, or absolute monotonic with HOST_FUTEX_ABSOLUTE;
 * NULL = forever), or an interrupt.  May block.  An interrupt that arrives
 * once the call has begun ends it, even before the thread went to sleep.
 * Returns HOST_OK when woken (spuriously too), HOST_EAGAIN if *addr differed,
 * HOST_ETIMEDOUT, HOST_EINTR.
 */
int host_futex_wait(volatile uint32_t *addr, uint32_t expected,
                    const int64_t *timeout_ns, unsigned flags);

/* Wake up to count waiters on addr. Returns how many were woken (>= 0). */
int host_futex_wake(volatile uint32_t *addr, int count);

/* ---- Streams ------------------------------------------------------------ */

typedef int64_t host_stream_t;    /* >= 0 when valid */

enum host_open_flags {
    HOST_OPEN_READ = 1,
    HOST_OPEN_WRITE = 2,
    HOST_OPEN_CREATE = 4,      /* create if missing */
    HOST_OPEN_EXCL = 8,        /* with CREATE: fail with HOST_EEXIST if present */
    HOST_OPEN_TRUNCATE = 16,   /* set length to 0 */
    HOST_OPEN_DIRECTORY = 32,  /* file: only: the path must be a directory
                                  (with CREATE: make it) */
    HOST_OPEN_APPEND = 64,     /* every write goes to the end */
    HOST_OPEN_NOFOLLOW = 128,  /* do not follow a final symbolic link */
};

/*
 * Open uri with flags.  Directories are opened with file:...+DIRECTORY
 * (for attributes) or with dir:... (for host_dir_read, flags READ and
 * NOFOLLOW only).  Without READ and WRITE a file: stream serves attributes
 * only.  EXCL needs CREATE, TRUNCATE and APPEND need WRITE; DIRECTORY with
 * WRITE answers HOST_EISDIR.  stdio: takes READ and WRITE only.
 * Errors: HOST_EINVAL (malformed URI, scheme, flags), HOST_EACCES (policy),
 * HOST_EROFS (write to a read-only policy path), HOST_ENOENT, HOST_EEXIST,
 * HOST_EISDIR, HOST_ENOTDIR, HOST_ELOOP (NOFOLLOW and a final link),
 * HOST_ENOSYS (scheme reserved), HOST_EIO.
 */
int host_stream_open(const char *uri, unsigned flags, host_stream_t *out);

/*
 * Close a stream.  A mapping made from it stays valid.
 * Errors: HOST_EBADF (not an open stream).
 */
int host_stream_close(host_stream_t s);

#define HOST_POS_NONE (-1)   /* sequential stream, or append: no offset */

/*
 * Read up to size bytes at offset (HOST_POS_NONE for pipes and stdio) into
 * buf; *done = bytes read, 0 at end of file.  May block (pipes, stdio).
 * A regular file: stream has no position: HOST_POS_NONE there answers
 * HOST_EINVAL, and so does an offset on a pipe.
 * Errors: HOST_EBADF, HOST_EISDIR, HOST_EIO, HOST_EINTR, HOST_EINVAL.
 */
int host_stream_read(host_stream_t s, void *buf, size_t size, int64_t offset,
                     size_t *done);

/*
 * Write size bytes at offset (HOST_POS_NONE: sequential, or at the end for
 * an append stream; an append stream writes at the end whatever the
 * offset).  *done = bytes written.
 * Errors: HOST_EBADF, HOST_ENOSPC, HOST_EPIPE, HOST_EIO, HOST_EINTR,
 * HOST_EINVAL (as for reads).
 */
int host_stream_write(host_stream_t s, const void *buf, size_t size,
                      int64_t offset, size_t *done);

/*
 * Set a file's length (extend with zeros or truncate).
 * Errors: HOST_EBADF (not an open file: stream opened for writing),
 * HOST_EINVAL (length beyond INT64_MAX), HOST_ENOSPC (also: beyond the file
 * system's largest file), HOST_EIO.
 */
int host_stream_set_length(host_stream_t s, uint64_t length);

/*
 * Make written data durable (fsync).  Pipes, terminals and attribute-only
 * streams have nothing to make durable: HOST_OK.
 * Errors: HOST_EBADF, HOST_ENOSPC, HOST_EIO.
 */
int host_stream_flush(host_stream_t s);

enum host_lock_mode {
    HOST_LOCK_UNLOCK = 0,       /* drop this stream's locks on the range */
    HOST_LOCK_SHARED = 1,       /* a read lock: excludes exclusive holders */
    HOST_LOCK_EXCLUSIVE = 2,    /* a write lock: excludes every other holder */
    HOST_LOCK_WAIT = 0x100,     /* flag: block until the lock is granted */
};

/*
 * Lock or unlock bytes [offset, offset + length) of a file stream (length 0:
 * to the end of the file, however long it grows).  The bytes need not
 * exist.  Locks belong to the stream, not to the process or the thread: two
 * streams of one process conflict like two processes do, a stream's own
 * locks never conflict with each other, a new mode on a range replaces the
 * old one there (shared <-> exclusive), and closing the stream drops them.
 * They are advisory and conflict with the POSIX record locks (fcntl) other
 * programs take on the same file, so the sqlite3 shell and keep can share
 * a database: the kernel uses SQLite's own byte offsets.
 * mode is HOST_LOCK_UNLOCK, _SHARED or _EXCLUSIVE, optionally | _WAIT.
 * SHARED needs a stream opened for reading, EXCLUSIVE one opened for
 * writing.  May block (with WAIT only).
 * Errors: HOST_EBUSY (a conflicting lock is held and no WAIT), HOST_EBADF
 * (not a file stream, or not opened for the access the mode needs),
 * HOST_EINVAL (mode, offset < 0, range overflows), HOST_EINTR (a WAIT
 * interrupted by host_thread_interrupt), HOST_ENOMEM (the host's lock table
 * is full).
 */
int host_stream_lock(host_stream_t s, int64_t offset, uint64_t length, unsigned mode);

enum host_map_flags {
    HOST_MAP_SHARED = 1,    /* writes go to the file; else private copy-on-write */
    HOST_MAP_POPULATE = 2,  /* a hint: map the pages now (private and writable:
                               copied now), not a fault per page later; for
                               code and small data a loader uses at once */
    HOST_MAP_FUTEX = 4,     /* with SHARED: futex words in the mapping are
                               process-shared (host_futex_wait and _wake
                               reach the other processes that map the same
                               file with this flag); at most 8 such
                               mappings at a time (HOST_ENOMEM), a range
                               freed with host_vm_free stops counting */
};

/*
 * Map size bytes of the stream at offset over [addr, addr + size), which
 * the kernel reserved; prot is HOST_PROT_*.  offset is page aligned.  Bytes
 * past the end of the file read as zero (whole pages past it are private
 * zero pages).  Errors: HOST_EINVAL, HOST_EBADF (not a file), HOST_EACCES
 * (SHARED and WRITE on a stream not opened for writing), HOST_ENOMEM (the
 * range is not reserved, or 8 HOST_MAP_FUTEX mappings already).  FUTEX
 * without SHARED is HOST_EINVAL.
 */
int host_stream_map(host_stream_t s, void *addr, size_t size, uint64_t offset,
                    unsigned prot, unsigned flags);

enum host_file_type {
    HOST_TYPE_FILE = 1,
    HOST_TYPE_DIR = 2,
    HOST_TYPE_PIPE = 3,
    HOST_TYPE_CHAR = 4,     /* a terminal or character device */
    HOST_TYPE_SOCKET = 5,
    HOST_TYPE_OTHER = 6,
};

enum host_attr_flags {
    HOST_ATTR_READONLY = 1,   /* no write permission bits (the Windows attribute) */
    HOST_ATTR_HIDDEN = 2,     /* name starts with '.' (set by the host) */
    HOST_ATTR_POLICY_RO = 4,  /* the policy allows reading only */
};

struct host_attr {
    unsigned type;          /* HOST_TYPE_* */
    unsigned flags;         /* HOST_ATTR_* */
    uint64_t size;          /* bytes */
    uint64_t alloc_size;    /* bytes on disk */
    int64_t  atime_ns, mtime_ns, ctime_ns, btime_ns; /* since 1970, UTC; btime 0 if unknown */
    uint64_t file_id;       /* unique per file on its device */
    uint64_t device_id;
    uint32_t nlink;
};

/* Attributes of an open stream. */
int host_stream_attr(host_stream_t s, struct host_attr *attr);

/* Attributes of the file a file: or dir: URI names (no stream needed). */
int host_uri_attr(const char *uri, struct host_attr *attr);

enum host_set_attr_mask {
    HOST_SET_ATIME = 1,
    HOST_SET_MTIME = 2,
    HOST_SET_READONLY = 4,    /* from attr->flags & HOST_ATTR_READONLY */
};

/* Change times and the read-only bit of the file a URI names. */
int host_uri_set_attr(const char *uri, const struct host_attr *attr,
                      unsigned mask);

enum host_rename_flags {
    HOST_RENAME_REPLACE = 1,   /* replace an existing target */
};

/* Rename a file or directory.  Errors as open, plus HOST_EEXIST, HOST_EXDEV. */
int host_uri_rename(const char *from_uri, const char *to_uri, unsigned flags);

/* Delete a file, or an empty directory.  HOST_ENOTEMPTY for a full one. */
int host_uri_delete(const char *uri);

struct host_dirent {
    unsigned type;           /* HOST_TYPE_* */
    char name[256];          /* UTF-8, NUL-terminated */
};

/*
 * Read the next entry of a dir: stream into *ent ("." and ".." included).
 * Returns HOST_OK, or HOST_ENOENT at the end of the listing.  offset names
 * the entry to read (0 = first, n = the n-th); the kernel keeps it.  The
 * listing is read when the stream is opened: ".", "..", then the names in
 * bytewise order, so an offset means the same entry after a snapshot.
 */
int host_dir_read(host_stream_t s, uint64_t offset, struct host_dirent *ent);

/*
 * Create an anonymous pipe: out[0] reads, out[1] writes.
 * Errors: HOST_EINVAL (out NULL), HOST_ENOMEM (no descriptor or stream slot
 * left).
 */
int host_pipe_create(host_stream_t out[2]);

/* ---- The control stream (ctl:) ------------------------------------------ */
/*
 * The monitor (the keep command) asks the kernel to do things it cannot do
 * from outside the picoprocess: take a snapshot (docs/snapshot.md).  The
 * kernel opens "ctl:" once and reads it on a service thread:
 *   - host_stream_read (HOST_POS_NONE) blocks until the monitor has a
 *     request and answers one struct host_ctl_request (done = its size);
 *     a host with no monitor never answers.
 *   - host_stream_write with HOST_POS_NONE sends one struct host_ctl_record
 *     (size must be sizeof(struct host_ctl_record));
 *   - host_stream_write at an offset >= 0 appends payload bytes to the
 *     current HOST_CTL_SECTION record (the offset is not interpreted, so
 *     code that writes a stream at offsets can write here).
 * A write answers HOST_EIO when the monitor could not store what it got
 * (the file it writes to failed); the kernel then abandons the request.
 * A program with children names them (HOST_CTL_CHILD) while its own
 * threads are stopped; the monitor snapshots each with HOST_CTL_HOLD, so
 * that the whole tree is stopped together and saved in one file.
 */
enum host_ctl_op {
    HOST_CTL_SNAPSHOT = 1,          /* write a snapshot */
    HOST_CTL_RELEASE = 2,           /* after a HOLD snapshot: run on (flags
                                       LEAVE_RUNNING) or end (flags 0) */
};
enum host_ctl_request_flags {
    HOST_CTL_LEAVE_RUNNING = 1,     /* the program runs on afterwards */
    HOST_CTL_HOLD = 2,              /* SNAPSHOT of a child, for its parent's
                                       snapshot: no registry sections (the
                                       tree's first process writes the
                                       instance's); after END the program
                                       stays stopped until the next request,
                                       HOST_CTL_RELEASE, says what follows */
};
struct host_ctl_request {
    uint32_t op;                    /* HOST_CTL_* */
    uint32_t flags;                 /* HOST_CTL_LEAVE_RUNNING */
};

enum host_ctl_record_kind {
    HOST_CTL_SECTION = 1,   /* a section of `type`; its payload follows */
    HOST_CTL_MEMORY = 2,    /* [addr, addr + size) is the program's: the host
                               saves its mappings and the pages that hold data */
    HOST_CTL_END = 3,       /* the end: size = 0 when complete, else a failure
                               (a preceding SECTION of type HOST_CTL_ERROR says why) */
    HOST_CTL_CHILD = 4,     /* addr: the process stream (host_process_spawn) of
                               a child that belongs in the snapshot: the host
                               saves the child (and its own children) with
                               the program and holds it stopped until the
                               program's snapshot has ended; a write answers
                               HOST_EIO when it could not (the kernel then
                               abandons the request) */
};
#define HOST_CTL_ERROR 0xffff    /* section type: a one-line reason, UTF-8 */

struct host_ctl_record {
    uint32_t kind;                  /* HOST_CTL_SECTION, _MEMORY, _END */
    uint32_t type;                  /* SECTION: the section type */
    uint64_t addr, size;            /* MEMORY: the range; END: the status */
};

/* ---- Time and randomness ------------------------------------------------ */

enum host_clock {
    HOST_CLOCK_WALL = 0,       /* ns since 1970-01-01 UTC */
    HOST_CLOCK_MONOTONIC = 1,  /* ns since an arbitrary start, never goes back */
};

/*
 * Read a clock.
 * Errors: HOST_EINVAL (not a HOST_CLOCK_*, or out_ns NULL).
 */
int host_time_get(unsigned clock, int64_t *out_ns);

/*
 * The host's local time zone: its name, its offset from UTC now, and this
 * year's rules (the kernel reports them to Windows programs as
 * TIME_ZONE_INFORMATION).  Offsets are seconds east of UTC.  A zone with no
 * daylight saving time this year has dst_offset == std_offset and no
 * switch times.  The switches are this year's (as the host's calendar
 * counts it, in UTC).  Cheap enough to call on every clock tick.
 * Errors: HOST_EINVAL (NULL).
 */
struct host_time_zone {
    char name[64];          /* IANA name ("Europe/Berlin"), or "" if unknown */
    int32_t offset;         /* now */
    int32_t std_offset;     /* standard time */
    int32_t dst_offset;     /* daylight saving time */
    int32_t year;           /* the year the switches are in */
    int64_t dst_start_ns;   /* to daylight time, ns since 1970 UTC; 0 if none */
    int64_t dst_end_ns;     /* back to standard time; 0 if none */
};

int host_time_zone(struct host_time_zone *out);

/*
 * Fill buf with size cryptographically random bytes (waits, at boot, until
 * the host's generator is seeded).
 * Errors: HOST_EINVAL (buf NULL with size > 0), HOST_EIO.
 */
int host_random(void *buf, size_t size);

/* ---- Exceptions and interrupts (the upcall) ----------------------------- */

/* The full x86-64 register state of an interrupted thread. */
struct host_cpu_context {
    uint64_t rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rip, rflags;
    uint16_t cs, ds, es, fs, gs, ss;
    uint32_t pad;
    /* x87/SSE state in FXSAVE layout (FCW, MXCSR, st0-7, xmm0-15). */
    uint8_t fxsave[512] __attribute__((aligned(16)));
    /* Upper halves of ymm0-15, valid when ymmh_valid. */
    uint8_t ymmh[256] __attribute__((aligned(16)));
    uint32_t ymmh_valid;
    uint32_t pad2[3];
};

enum host_exception_kind {
    HOST_EXC_ACCESS = 1,        /* page fault / protection: access, address */
    HOST_EXC_ILLEGAL = 2,       /* invalid opcode */
    HOST_EXC_PRIVILEGED = 3,    /* general protection (privileged insn; any
                                   #GP, trapno 13: the kernel decodes it) */
    HOST_EXC_BREAKPOINT = 4,    /* int3: rip is after the int3 */
    HOST_EXC_SINGLE_STEP = 5,   /* trap flag */
    HOST_EXC_INT_DIVIDE = 6,    /* integer divide by zero */
    HOST_EXC_INT_OVERFLOW = 7,  /* integer overflow (idiv) */
    HOST_EXC_FLOAT = 8,         /* x87/SSE floating point: code holds si_code */
    HOST_EXC_INTERRUPT = 9,     /* host_thread_interrupt */
    HOST_EXC_ABORT = 10,        /* the process was asked to stop (SIGINT/SIGTERM,
                                   or a fault signal another process sent) */
    HOST_EXC_STACK = 11,        /* fault on the guard page of the host signal
                                   stack (an overflow of the upcall itself
                                   cannot be reported: the host dies) */
};

enum host_access {
    HOST_ACCESS_READ = 0,
    HOST_ACCESS_WRITE = 1,
    HOST_ACCESS_EXEC = 8,
};

struct host_exception {
    unsigned kind;            /* HOST_EXC_* */
    unsigned access;          /* HOST_ACCESS_*, for HOST_EXC_ACCESS */
    uint64_t address;         /* faulting data address (ACCESS) */
    int code;                 /* host detail (si_code), for FLOAT */
    int trapno;               /* CPU trap number when known, else -1 */
};

enum host_exception_result {
    HOST_EXC_RESUME = 0,      /* continue with *ctx (possibly changed) */
    HOST_EXC_UNHANDLED = 1,   /* not the kernel's: the host reports and exits */
};

/*
 * The upcall.  Runs on the faulting (or interrupted) thread, on a host
 * signal stack of at least 64 KiB, with the thread's GS base in place and
 * further interrupts of that thread held off until it returns.  A fault
 * inside the upcall runs it again, nested.  The upcall may call the vm_*,
 * futex_*, thread_* (but create), time_get, random, status_name,
 * exception_set_handler, process_exit and debug_write calls; not the
 * stream, URI, pipe, dir, thread_create and time_zone calls, which
 * take locks and allocate (the interrupted code may hold them).
 */
typedef int (*host_exception_handler_t)(const struct host_exception *exc,
                                        struct host_cpu_context *ctx);

/* Register the upcall (replaces any previous one; NULL removes it). */
int host_exception_set_handler(host_exception_handler_t handler);

/* ---- Process ------------------------------------------------------------ */

/* End the whole picoprocess with status code (low 8 bits reach the host). */
void host_process_exit(int code) __attribute__((noreturn));

/* Write a debug message (not program output) to the host's log. */
void host_debug_write(const char *text, size_t size);

/*
 * A child picoprocess.  The host starts a new picoprocess running the
 * program image_uri names, under the same policy, instance and kernel as
 * the caller, and hands it boot (bytes the host does not read: the
 * caller's kernel tells the child's kernel what to build) and the streams
 * listed (the child's kernel receives them in the same order).  The child
 * starts stopped: its kernel waits on its parent stream (below) until the
 * parent sends HOST_PROCESS_RESUME.
 *
 * *out is the process stream, the parent's side of the child:
 *   - host_stream_write of a struct host_process_command (8 bytes):
 *     HOST_PROCESS_RESUME lets the child run; HOST_PROCESS_TERMINATE ends
 *     it at once with exit status `code`.
 *   - host_stream_read (offset HOST_POS_NONE, 4 bytes or more) blocks until
 *     the child has ended and answers its 32-bit exit status (done = 4);
 *     again afterwards, the same status.
 *   - host_stream_close lets the child run on, unwatched.
 * *id is a number naming the child on this host while it runs.
 *
 * The child's side is the parent stream (struct keep_boot tells the child's
 * kernel): a read answers the parent's next command (8 bytes; done = 0
 * when the parent is gone); a write of 4 bytes reports the child's 32-bit
 * exit status, which the host itself can only pass on in 8 bits.
 *
 * Errors: HOST_EACCES (the policy does not let the program be read),
 * HOST_ENOENT, HOST_EBADF (a stream that is not open), HOST_EINVAL,
 * HOST_ENOSYS (this host cannot start processes), HOST_ENOMEM, HOST_EIO.
 */
struct host_spawn {
    const char *image_uri;          /* file: URI of the program */
    const void *boot;               /* for the child's kernel */
    size_t boot_size;
    const host_stream_t *streams;   /* handed to the child, in order */
    size_t stream_count;
};

enum host_process_op {
    HOST_PROCESS_RESUME = 1,
    HOST_PROCESS_TERMINATE = 2,
};

struct host_process_command {
    uint32_t op;                    /* HOST_PROCESS_* */
    int32_t code;                   /* TERMINATE: the exit status */
};

int host_process_spawn(const struct host_spawn *spec, host_stream_t *out, uint32_t *id);

/*
 * The count of downcalls above, for the ABI-size test: keep it at 40 or
 * fewer, as Drawbridge did.
 */
#define HOST_ABI_CALLS 38

#ifdef __cplusplus
}
#endif

#endif /* KEEP_HOST_H */

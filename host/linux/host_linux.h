/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host_linux.h - what the parts of the Linux host share.  Private: neither
 * the kernel nor the monitor includes it (the unit tests do).
 *
 * Every .c file of the host defines _GNU_SOURCE before its first include.
 */
#ifndef KEEP_HOST_LINUX_H
#define KEEP_HOST_LINUX_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "host/host.h"
#include "host/host_setup.h"

#define HOST_INTERNAL __attribute__((visibility("hidden")))
/* On the path of every file read and write: placed together (.text.hot),
 * few code pages to touch after each system call. */
#define HOST_HOT __attribute__((hot))

/* status.c: an errno value as a HOST_E* code (never HOST_OK). */
HOST_INTERNAL int host_from_errno(int err);

/* ---- Threads (thread.c) --------------------------------------------------- */

/* Size of every host signal stack (the contract promises >= 64 KiB). */
#define HOST_SIGSTACK_SIZE (256 * 1024)

/*
 * The host's record of one thread it knows: the main thread (host_init) and
 * every thread host_thread_create started.
 */
struct host_thread {
    pid_t tid;
    char *sigstack;          /* usable signal stack (a guard page lies below) */
    size_t sigstack_size;
};

/* The calling thread's record, NULL for threads the host did not start. */
HOST_INTERNAL struct host_thread *host_thread_current(void);

/* Register the main thread and give it a signal stack (host_init). */
HOST_INTERNAL int host_thread_init(void);

/* ---- Exceptions (exception.c) --------------------------------------------- */

/* The realtime signal host_thread_interrupt sends. */
HOST_INTERNAL int host_interrupt_signal(void);

/* Install the signal handlers (host_init). */
HOST_INTERNAL int host_exception_init(void);

/* ---- Futex (futex.c) ------------------------------------------------------ */

/*
 * The interruptible futex system call.  If the interrupt signal arrives
 * after host_futex_wait decided to wait but before the kernel put the thread
 * to sleep, the signal handler moves rip to host_futex_cancel so that the
 * wait returns -EINTR instead of sleeping through the interrupt.
 */
extern const char host_futex_window_start[] HOST_INTERNAL;
/* (the address of the syscall instruction itself: the window includes it) */
extern const char host_futex_window_end[] HOST_INTERNAL;
extern const char host_futex_cancel[] HOST_INTERNAL;

/*
 * Counts the interrupts the calling thread has taken.  host_futex_wait
 * notes it on entry and does not sleep if it changed since: an interrupt
 * that lands while the thread is on its way into the wait still ends it.
 */
extern __thread uint32_t host_interrupt_seq HOST_INTERNAL;

/* ---- Policy and paths (policy.c) ------------------------------------------ */

enum host_path_follow {
    HOST_PATH_FOLLOW = 0,    /* resolve a final symbolic link */
    HOST_PATH_NOFOLLOW = 1,  /* keep the final component as it is */
};

/*
 * Normalise an absolute path lexically: empty and "." components dropped,
 * ".." applied (HOST_EINVAL above "/"); no system call.  out has PATH_MAX
 * bytes.  HOST_ENAMETOOLONG for a path or component too long.
 */
HOST_INTERNAL int host_path_normalise(const char *path, char *out);

/*
 * openat2 of path with flags oflags (mode for O_CREAT) that follows no
 * symbolic link, in any component: ELOOP when it meets one, ENOSYS on
 * kernels before 5.6.  A descriptor or -1 with errno.
 */
HOST_INTERNAL int host_open_nolinks(const char *path, int oflags, unsigned mode);

/*
 * Canonicalise an absolute path: "." and empty components dropped, ".."
 * applied lexically (HOST_EINVAL if it climbs above "/"), then symbolic
 * links of the longest existing prefix resolved.  out has PATH_MAX bytes.
 */
HOST_INTERNAL int host_path_canonical(const char *path, unsigned follow, char *out);

/* What an operation needs from the policy. */
enum host_need {
    HOST_NEED_READ = 1,
    HOST_NEED_WRITE = 2,
    /* attributes only: the directories on the way to a rule's path pass
       too (their existence is implied by the rule; they are not listed,
       opened or written) */
    HOST_NEED_TRAVERSE = 4,
};

/*
 * May `op` (a word for the log) touch the canonical path with need?
 * HOST_OK, HOST_EROFS (read-only rule) or HOST_EACCES (no rule); denials
 * are logged and counted.
 */
HOST_INTERNAL int host_policy_check(const char *canonical, unsigned need, const char *op);

/* host_policy_check without the log: what the policy answers (for a path
 * the caller will check again, logging, if the answer is a denial). */
HOST_INTERNAL int host_policy_decide(const char *canonical, unsigned need);

/* Count and log one denial ("keep: denied <op> <path>"), for checks made
 * outside host_policy_check (library.c). */
HOST_INTERNAL void host_policy_log_denial(const char *op, const char *canonical);

/* The access the policy grants a canonical path: 0, HOST_POLICY_RO or _RW. */
HOST_INTERNAL unsigned host_policy_lookup(const char *canonical);

/* ---- host_uri_attr's fast path (attrcache.c) ------------------------------ */

/* What a fully checked attribute lookup found for a URI. */
struct host_attr_identity {
    uint64_t device_id, file_id;
    unsigned flags;          /* HOST_ATTR_HIDDEN | HOST_ATTR_POLICY_RO of the path */
};

/* The identity kept for uri, if any: 1 and *out filled, else 0. */
HOST_INTERNAL int host_attr_cache_find(const char *uri, struct host_attr_identity *out);
/* Keep what a checked lookup of uri found (its canonical path and the
 * attributes); nothing is kept unless uri's path is canonical already. */
HOST_INTERNAL void host_attr_cache_put(const char *uri, const char *canonical,
                                       const struct host_attr *attr);
/* Forget everything (the policy changed). */
HOST_INTERNAL void host_attr_cache_clear(void);
/* Count one answer given by the fast path; how many so far (for tests). */
HOST_INTERNAL void host_attr_cache_hit(void);
HOST_INTERNAL unsigned long host_attr_cache_hits(void);

/* ---- The display region (display.c) ------------------------------------- */

/* Open display: (READ and WRITE only); HOST_ENOENT when the monitor set none. */
HOST_INTERNAL int host_display_open(unsigned flags, host_stream_t *out);
/* The display stream was mapped shared at [addr, addr + size). */
HOST_INTERNAL void host_display_mapped(void *addr, size_t size);
/* Is the futex word in the display region or a HOST_MAP_FUTEX mapping
 * (process-shared)? */
HOST_INTERNAL int host_futex_is_shared(const volatile uint32_t *addr);
/* A HOST_MAP_FUTEX mapping at [addr, addr + size) (HOST_ENOMEM when 8
 * are already); a range freed stops counting. */
HOST_INTERNAL int host_futex_share(void *addr, size_t size);
HOST_INTERNAL void host_futex_unshare(void *addr, size_t size);

/* ---- URIs (uri.c) --------------------------------------------------------- */

enum host_scheme {
    HOST_SCHEME_FILE = 1,
    HOST_SCHEME_DIR = 2,
    HOST_SCHEME_STDIO = 3,
    HOST_SCHEME_PIPE = 4,
    HOST_SCHEME_TCP = 5,
    HOST_SCHEME_UDP = 6,
    HOST_SCHEME_DISPLAY = 7,
    HOST_SCHEME_CTL = 8,
    HOST_SCHEME_LIB = 9,
};

struct host_uri {
    unsigned scheme;         /* HOST_SCHEME_* */
    const char *rest;        /* what follows "scheme:" (points into the URI) */
    int stdio_fd;            /* for stdio: */
};

/* Split a URI.  HOST_EINVAL for an unknown scheme or a malformed rest. */
HOST_INTERNAL int host_uri_parse(const char *uri, struct host_uri *out);

/* library.c: is name a bare shared-object file name ("x.so", "x.so.6")? */
HOST_INTERNAL int host_lib_name_valid(const char *name);
/* library.c: open lib:name (read-only) */
HOST_INTERNAL int host_lib_open(const char *name, unsigned flags, host_stream_t *out);

/*
 * Parse a file: or dir: URI, canonicalise its path and check the policy.
 * schemes: bit mask of (1 << HOST_SCHEME_*) accepted.  On success
 * *scheme_out (may be NULL) tells which scheme it was.
 */
HOST_INTERNAL int host_uri_resolve(const char *uri, unsigned schemes, unsigned follow,
                                   unsigned need, const char *op, char *canonical,
                                   unsigned *scheme_out);

/*
 * The direct way to a file: or dir: URI's path, for calls that then reach
 * it with host_open_nolinks: its path normalised (into path, PATH_MAX
 * bytes) and the policy asked about it as it is, without logging.  A path
 * that holds no link is its own canonical form, and the open proves it
 * has none by not failing with ELOOP; so the caller uses the path when the
 * answer is 1 and that open succeeds (or fails for another reason), and
 * takes host_uri_resolve on 0 (the policy would deny the path as spelled:
 * the checked way logs it, or finds it allowed through a link) or ELOOP.
 * Errors as host_uri_resolve's before it canonicalises.
 */
HOST_INTERNAL int host_uri_direct(const char *uri, unsigned schemes, unsigned need, char *path,
                                  unsigned *scheme_out);

/* ---- Streams (stream.c, dir.c) -------------------------------------------- */

enum host_stream_kind {
    HOST_STREAM_FILE = 1,    /* file: (a file, or a directory for attributes) */
    HOST_STREAM_DIR = 2,     /* dir: (a listing) */
    HOST_STREAM_STDIO = 3,
    HOST_STREAM_PIPE = 4,
    HOST_STREAM_PROCESS = 5, /* the parent's side of a child (spawn.c) */
    HOST_STREAM_CTL = 6,     /* ctl: the monitor's control stream (control.c) */
};

struct host_child;

struct host_dir_entry {
    unsigned type;
    char *name;
};

struct host_stream {
    int fd;
    unsigned kind;           /* HOST_STREAM_* */
    unsigned flags;          /* HOST_OPEN_* it was opened with */
    char *path;              /* canonical path (file:, dir:), else NULL */
    struct host_dir_entry *entries;  /* dir: the listing read at open */
    size_t entry_count;
    int refs;                /* table reference + calls in progress (atomic) */
    struct host_child *child; /* HOST_STREAM_PROCESS */
    int display;             /* the display region (display.c) */
    int stdio_fd;            /* HOST_STREAM_STDIO: which descriptor */
};

/* Take a reference on stream s (HOST_EBADF when there is none). */
HOST_INTERNAL int host_stream_get(host_stream_t s, struct host_stream **out);
/* Drop a reference taken by host_stream_get. */
HOST_INTERNAL void host_stream_put(struct host_stream *st);
/* Enter a new stream into the table; it owns fd and path afterwards. */
HOST_INTERNAL int host_stream_insert(struct host_stream *st, host_stream_t *out);

/* Enter fd as a new stream (it owns fd and a copy of path), or close fd. */
HOST_INTERNAL int host_stream_add(int fd, unsigned kind, unsigned flags, const char *path,
                                  host_stream_t *out);

/* Enter st at slot id exactly (HOST_EEXIST if taken; st freed on failure). */
HOST_INTERNAL int host_stream_insert_at(struct host_stream *st, host_stream_t id);
/* control.c: the ctl: stream's read and write */
HOST_INTERNAL int host_ctl_read(void *buf, size_t size, size_t *done);
HOST_INTERNAL int host_ctl_write(const void *buf, size_t size, int64_t offset, size_t *done);

/* dir.c: read the listing of the open directory fd into st. */
HOST_INTERNAL int host_dir_load(struct host_stream *st);
/* dir.c: free a listing. */
HOST_INTERNAL void host_dir_free(struct host_stream *st);

/* spawn.c: reads, writes and the end of a process stream. */
HOST_INTERNAL int host_child_read(struct host_stream *st, char *buf, size_t size, size_t *done);
HOST_INTERNAL int host_child_write(struct host_stream *st, const char *buf, size_t size,
                                   size_t *done);
HOST_INTERNAL void host_child_free(struct host_child *child);
/* spawn.c: a child re-created by a resume: pid watched through a new
 * pidfd, or ended with status; NULL when out of memory or pid is gone. */
HOST_INTERNAL struct host_child *host_child_restore(int pid, int ended, int32_t status);
HOST_INTERNAL int host_child_pid(const struct host_child *child);

/* HOST_TYPE_* of a stat mode. */
HOST_INTERNAL unsigned host_type_from_mode(unsigned mode);

#endif /* KEEP_HOST_LINUX_H */

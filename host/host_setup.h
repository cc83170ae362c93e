/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host_setup.h - configuration of the host by the monitor (loader/), before
 * the kernel starts.  Not part of the host ABI: the kernel never calls these.
 */
#ifndef KEEP_HOST_SETUP_H
#define KEEP_HOST_SETUP_H

#include <stdio.h>

#include "host.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Initialise the host: signal handling, the main thread's signal stack, the
 * stream table.  Call once, first.  Returns HOST_OK or a HOST_E* code.
 */
int host_init(void);

enum host_policy_access {
    HOST_POLICY_RO = 1,   /* read, list, map, attributes */
    HOST_POLICY_RW = 3,   /* also create, write, rename, delete */
};

/*
 * Allow access to an absolute host path and everything below it.  The path
 * is canonicalised (realpath) when it exists; a later, longer rule wins over
 * a shorter one (so a read-only subtree may sit inside a read-write one).
 * Returns HOST_OK, HOST_EINVAL (relative path), HOST_ENOMEM.
 */
int host_policy_allow(const char *path, unsigned access);

/* Drop every rule: nothing is reachable afterwards. */
void host_policy_reset(void);

/*
 * Where denials are logged (one line each: "keep: denied <op> <path>").
 * NULL silences the log.  Default: stderr.
 */
void host_policy_set_log(FILE *log);

/*
 * Wine's unix-library directory (x86_64-unix), where lib: URIs are looked
 * for first; NULL or never set: only the system library directories.
 * Returns HOST_OK, HOST_EINVAL (relative or unresolvable path), HOST_ENOMEM.
 */
int host_library_allow_dir(const char *dir);

/*
 * The display region of `keep run --rdp` (rdp/display.h; the host keeps its
 * own duplicate of fd): "display:" opens it from then on; never set, it
 * answers HOST_ENOENT.  Returns HOST_OK, HOST_EINVAL, or an error of dup.
 */
int host_display_set(int fd);

/* How many accesses the policy has denied so far (for tests). */
unsigned long host_policy_denials(void);

/*
 * Child picoprocesses (host_process_spawn).  The host checks the request
 * and keeps the parent's side; starting the child is the monitor's job,
 * because only the monitor knows how to start itself with this run's
 * settings.  The spawner starts a child picoprocess that runs path (a
 * canonical host path the policy lets the program read) with the same
 * policy, hands boot to its kernel, control_fd as its parent stream and
 * fds[i] as its stream i, and sets *pid.  It returns HOST_OK or a HOST_E*
 * code; it must not keep the descriptors it was given (it may dup them).
 */
struct host_spawn_request {
    const char *path;
    const void *boot;
    size_t boot_size;
    int control_fd;
    const int *fds;
    const unsigned *fd_flags;   /* per descriptor: host_stream_adopt's flags */
    size_t fd_count;
};
typedef int (*host_spawner_t)(void *ctx, const struct host_spawn_request *req, int *pid);

/* Set the spawner (NULL: host_process_spawn answers HOST_ENOSYS). */
void host_set_spawner(host_spawner_t spawner, void *ctx);

/* host_stream_adopt: the stream is a file: stream (positioned I/O). */
#define HOST_ADOPT_POSITIONED 0x10000

/*
 * The child's side: enter a descriptor the child inherited as a stream.
 * flags: HOST_OPEN_READ, _WRITE, _APPEND as the parent's stream had them,
 * and HOST_ADOPT_POSITIONED if it was a file: stream (else it is
 * sequential, as stdio and pipes are).  The stream owns fd afterwards
 * (closed on failure).
 */
int host_stream_adopt(int fd, unsigned flags, host_stream_t *out);

/* ---- Snapshots (docs/snapshot.md) --------------------------------------- */

/*
 * The monitor's side of the ctl: stream (host.h).  read blocks until the
 * monitor has a request for the kernel and copies it to buf; write gets
 * each record (offset HOST_POS_NONE) and payload piece (offset >= 0) the
 * kernel writes.  Both answer HOST_OK or a HOST_E* code.  They run on the
 * kernel's thread that uses the stream.
 */
struct host_control_ops {
    int (*read)(void *ctx, void *buf, size_t size, size_t *done);
    int (*write)(void *ctx, const void *buf, size_t size, int64_t offset);
};

/* Set the monitor's side of ctl: (NULL: reads block for ever, writes fail). */
void host_set_control(const struct host_control_ops *ops, void *ctx);

enum host_stream_desc_kind {
    HOST_DESC_FILE = 1,      /* file: stream: re-opened by path */
    HOST_DESC_DIR = 2,       /* dir: stream: re-opened and listed again */
    HOST_DESC_STDIO = 3,     /* stdio:N: the new process's descriptor N */
    HOST_DESC_PIPE = 4,      /* cannot be re-created: dead after a restore */
    HOST_DESC_PROCESS = 5,   /* a child: cannot be re-created either */
    HOST_DESC_CTL = 6,       /* ctl: */
};

/* What re-creates one open stream. */
struct host_stream_desc {
    int64_t id;              /* the host_stream_t */
    unsigned kind;           /* HOST_DESC_* */
    unsigned flags;          /* HOST_OPEN_* it was opened with */
    int stdio_fd;            /* HOST_DESC_STDIO: 0, 1 or 2 */
    const char *path;        /* FILE, DIR: the canonical path */
    /* Listed: which open file the stream is (its device and inode: both
       ends of one pipe have the same; 0 when it has no descriptor), and
       for PROCESS the child's host pid. */
    uint64_t dev, ino;
    int pid;
    /* Restored: a PIPE over fd (the stream owns it); a PROCESS over fd,
       the parent's end of a new child's parent stream, watching pid, or,
       with ended, a child that ended with status.  fd <= 2 (a zeroed
       desc's 0, or -1: the standard descriptors are never given here) and
       not ended: dead, as before. */
    int fd;
    int ended;
    int32_t status;
};

/* Call fn for every open stream, in id order, until it answers nonzero
 * (which is returned).  The table is not locked during fn. */
int host_streams_list(int (*fn)(void *ctx, const struct host_stream_desc *d), void *ctx);

/*
 * Re-create a stream at exactly d->id (a slot that must be free).  A file
 * or directory that cannot be opened again (gone, or denied by the policy),
 * a pipe and a child become a dead stream: every use of it fails with
 * HOST_EBADF.  CREATE, EXCL and TRUNCATE are not applied again.
 * Returns HOST_OK (dead streams too: *dead is set), or HOST_EEXIST (the
 * slot is taken), HOST_EINVAL, HOST_ENOMEM.
 */
int host_stream_restore(const struct host_stream_desc *d, int *dead);

/* The host pid of the child behind process stream s.  HOST_EBADF when s is
 * not one. */
int host_stream_child_pid(host_stream_t s, int *pid);

/*
 * Copy up to size bytes waiting in the pipe s reads from into buf, without
 * taking them out (for a snapshot: data written and not yet read).
 * *done = 0 when there are none.  HOST_EBADF when s is not a pipe's
 * reading end, HOST_EIO.
 */
int host_stream_pipe_peek(host_stream_t s, void *buf, size_t size, size_t *done);

#ifdef __cplusplus
}
#endif

#endif /* KEEP_HOST_SETUP_H */

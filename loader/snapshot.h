/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapshot.h - keep snapshot and keep resume: the monitor's side of
 * snapshots (docs/snapshot.md).
 *
 * A running "keep run" listens on a unix socket, <instance>/run/<pid>.sock
 * (snapctl.c).  "keep snapshot" connects, hands over the descriptor to
 * write to and waits for the answer; the running monitor asks its kernel
 * through the ctl: stream (host.h), frames what the kernel writes into the
 * snapshot file (loader/snapfile.h) and adds its own sections (how the
 * program was started, the kernel binary, the open streams) and the
 * memory the kernel names (snapmem.h).
 *
 * "keep resume" (snapcmd.c) checks the whole file first, then sets the
 * host up as the snapshot's run had it, maps the memory back, restores the
 * kernel's data and the streams, and calls keep_kernel_resume.
 */
#ifndef KEEP_LOADER_SNAPSHOT_H
#define KEEP_LOADER_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "child.h"
#include "snapfile.h"

/* The control socket's request and answer. */
#define SNAPCTL_MAGIC 0x314e534bu      /* "KSN1" */
struct snapctl_request {
    uint32_t magic;
    uint32_t flags;                     /* HOST_CTL_LEAVE_RUNNING */
};
struct snapctl_answer {
    int32_t status;                     /* 0: written */
    char message[508];                  /* why not, NUL-terminated */
};

/* The socket of a running keep in instance_dir: <instance_dir>/run/<pid>.sock */
int snapctl_socket_path(char *out, size_t size, const char *instance_dir, long pid);

/*
 * In "keep run", "keep resume" and a child keep: listen for snapshot
 * requests and answer the kernel's ctl: stream.  self describes the run
 * (written into every snapshot); parent_stream is a child's parent stream
 * (its socket is then <pid>.csock, for its parent's snapshots), else -1.  0, or -1 after a warning (the program then runs without).
 */
int snapctl_start(const struct child_spec *self, int64_t parent_stream);

/* What a snapshot taken here records of this host: keep's version, Wine's
 * ntdll.dll in wine_dlls (CRC-32C and size), the CPU. */
int snap_identity_here(const char *wine_dlls, struct snap_identity *out);

/* The kernel (ntdll.so) as loaded: the CRC-32C and size of its code, and
 * its writable segment.  0, or -1 if it is not loaded. */
struct kernel_image {
    uint32_t text_crc;
    uint32_t pad;
    uint64_t text_size;
    uintptr_t data_start, data_end;
};
int kernel_image_here(struct kernel_image *out);

int cmd_snapshot(int argc, char **argv);
int cmd_resume(int argc, char **argv);
/* keep __resume: a child process of a snapshot's tree, started by its
 * parent's resume (snaptree.h).  Returns only on failure. */
int cmd_resume_child(int argc, char **argv);

#endif /* KEEP_LOADER_SNAPSHOT_H */

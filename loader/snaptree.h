/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snaptree.h - snapshots of a program with child processes (docs/snapshot.md,
 * "Programs with child processes"): the monitor's side.
 *
 * Saving: the program's kernel, with its threads stopped, names each child
 * (HOST_CTL_CHILD); the monitor asks the child's keep, over its control
 * socket, for a HOLD snapshot (the child saves its own children the same
 * way), writes it whole as a PROCESS section, and keeps the connection: the
 * child stays stopped until the tree's first process has written its file
 * and says whether the tree runs on or ends (snaptree_release).
 *
 * Resuming: the first process's `keep resume` has read the whole tree (it
 * checks every nested file) and noted which open files the processes'
 * pipes and standard descriptors were (device and inode); it makes one new
 * pipe for each pipe of the tree, with the bytes that waited in it, and
 * the standard descriptors are its own.  Each PROCESS section starts
 * "keep __resume", which restores that child from the nested file with
 * those descriptors and a new parent stream, and waits until its parent
 * has restored itself (the go pipe) before its program runs.
 *
 * Functions answering int give 0, or -1 with a one-line reason in err.
 */
#ifndef KEEP_LOADER_SNAPTREE_H
#define KEEP_LOADER_SNAPTREE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host.h"
#include "host_setup.h"
#include "snapfile.h"
#include "snapstreams.h"

/* The deepest tree a resume accepts (a file nests its children's). */
#define SNAP_TREE_DEPTH 16

/* ---- Saving ---------------------------------------------------------------- */

/* Ask the keep behind socket path for a snapshot written to fd (flags:
 * HOST_CTL_LEAVE_RUNNING, HOST_CTL_HOLD).  With conn, the connection stays
 * open in *conn on success (a HOLD snapshot's verdict goes there). */
int snapctl_ask(const char *path, int fd, unsigned flags, int *conn, char *err, size_t errlen);

/* The control socket of a child keep: <instance_dir>/run/<pid>.csock */
int snapctl_child_socket_path(char *out, size_t size, const char *instance_dir, long pid);

/* Save the child behind process stream `stream` (of this process's host)
 * as a PROCESS section of w, and hold it stopped. */
int snaptree_save_child(struct snap_writer *w, const char *instance_dir, host_stream_t stream,
                        char *err, size_t errlen);

/* Tell every held child to run on (run) or end, and forget them. */
void snaptree_release(int run);

/* A held child's side: wait on conn for the verdict; 1: run on. */
int snaptree_verdict(int conn);

/* The PIPE_DATA section: what waits in the pipes this process reads. */
int snaptree_pipe_data(char **out, size_t *size);

/* ---- Resuming --------------------------------------------------------------- */

/* While checking a file: note a STREAMS payload (depth 0: the first
 * process, whose standard descriptors are keep resume's) or a PIPE_DATA
 * payload of the tree. */
int snaptree_note_streams(const char *p, size_t size, uint32_t version, int depth, char *err,
                          size_t errlen);
int snaptree_note_pipe_data(const char *p, size_t size, char *err, size_t errlen);

/* After the check: a new pipe for each pipe of the tree, holding its
 * waiting bytes. */
int snaptree_make_pipes(char *err, size_t errlen);

/* keep __resume: take the tree's descriptors its parent handed over. */
int snaptree_take_links(char *err, size_t errlen);

/* A PROCESS section (r positioned at its size bytes): start the child's
 * resume, waiting for snaptree_go.  instance: --instance, or NULL. */
int snaptree_start_child(struct snap_reader *r, uint64_t size, const char *instance, char *err,
                         size_t errlen);

/* Fill d (a STREAMS entry of kind e_kind) with what re-links it to the
 * tree: a pipe's new end, the parent stream, a child's new process. */
void snaptree_link_stream(struct host_stream_desc *d, unsigned e_kind);

/* The parent stream's id once restored (keep __resume), else -1. */
int64_t snaptree_parent_stream(void);

/* Close the tree's descriptors this process no longer needs (after its
 * streams are restored). */
void snaptree_close_links(void);

/* Let the children's programs run (go), or end them (!go). */
void snaptree_go(int go);

/* The rest of r's current section in a memfd (at offset 0 of the file,
 * its position at the end), or -1. */
int snaptree_section_memfd(struct snap_reader *r, char *err, size_t errlen);

/* keep __resume's descriptor holding its snapshot. */
#define SNAPTREE_FD_FILE 4

/* keep __resume: wait for the parent's go; 0 to go on. */
int snaptree_wait_go(void);

#endif /* KEEP_LOADER_SNAPTREE_H */

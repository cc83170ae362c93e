/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vfs.h - SQLite's operating-system layer for keep: every file, lock,
 * shared-memory, clock and randomness operation is a host ABI call, so
 * SQLite can run inside the kernel (which may call nothing else) and in
 * the host-side tools alike.
 *
 * Files are named by absolute host paths ("/..."); the VFS opens them as
 * file: URIs, so the host's policy applies.  Locks are SQLite's unix VFS
 * locks at the same byte offsets (host_stream_lock, per open stream), and
 * the WAL index (-shm) is mapped shared the same way, so keep and the
 * sqlite3 shell can use one database at the same time.
 */
#ifndef KEEP_REGISTRY_VFS_H
#define KEEP_REGISTRY_VFS_H

#include <stddef.h>

/* Where SQLite's memory comes from: the kernel's heap in the kernel, the C
 * library's in the tools. */
struct keepsql_alloc {
    void *(*alloc)(size_t size);
    void (*free)(void *ptr);
    /* Optional: zeroed memory backed at once, never freed: the page cache's
     * pool (a short-lived process then takes no page fault per cached
     * database page).  NULL: pages come from alloc one by one. */
    void *(*alloc_backed)(size_t size);
};

/*
 * Configure SQLite's allocator, register the host VFS as the default one
 * and initialise SQLite.  Call once, before any other SQLite call; calling
 * again does nothing.  Returns an SQLite result code (SQLITE_OK).
 */
int keepsql_init(const struct keepsql_alloc *alloc);

/*
 * Give back the WAL read locks this process keeps between transactions
 * (see vfs.c): call it now and then (the kernel's tick), from a thread
 * that no other thread's use of SQLite can overlap.
 */
void keepsql_idle(void);

/*
 * The process is ending: from now on closing a database leaves its
 * mappings (the file's, the shared-memory index's) for the process's end,
 * which removes the whole address space at once (and not in the process
 * its parent waits for, see host_process_exit), instead of one unmapping
 * each -- in a process with several threads, each a TLB shoot-down on
 * every processor they ran on.  Locks and descriptors are released as
 * ever.  keepsql_ending() tells whether it was called.
 */
void keepsql_set_ending(void);
int keepsql_ending(void);

/* The name of the host VFS ("keep"). */
#define KEEPSQL_VFS_NAME "keep"

#endif /* KEEP_REGISTRY_VFS_H */

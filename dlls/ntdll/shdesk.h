/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * shdesk.h - the desktop shared by an instance's processes.
 *
 * Each keep process is its own picoprocess with its own in-process server
 * (window.c, msgqueue.c ...).  What other processes must see of it lives
 * in one file of the instance's runtime directory, "desktop", mapped
 * shared by every process that uses windows (docs/gui.md):
 *
 *   - 32 process slots.  A process claims a free slot the first time it
 *     needs a user handle, by taking an exclusive lock on the slot's byte
 *     of the file (SHDESK_SLOT_LOCK + slot), which it holds for its life:
 *     the host drops it when the process ends, however it ends, so a slot
 *     whose byte can be locked belongs to nobody (a crashed process's
 *     entries are then ignored and reclaimed).  The slot gives the process
 *     its own range of user-handle indexes (SHDESK_SLOT_HANDLES from
 *     slot * SHDESK_SLOT_HANDLES), so window handles, in Wine's format,
 *     are unique across the instance.
 *   - Its inbound ring of posted messages, with a futex word (wake) its
 *     inbox thread sleeps on; and an idle flag (WaitForInputIdle).
 *   - The top-level windows of every process: handle, process and thread
 *     ids, class name, title, style, window and client rectangles.
 *
 * Everything in the table is read and written under the table lock (an
 * exclusive lock on byte SHDESK_TABLE_LOCK, also dropped by the host when
 * its holder dies), except the wake words, which are only incremented
 * atomically and waited on.  Nothing in the table is trusted: another
 * process may have written anything, so every index and count read from
 * it is checked.
 *
 * This header declares the layout and the operations on a mapped table
 * (shdesk_table.c: no host calls, unit-tested in tests/unit) and the
 * kernel's side (shdesk.c: the file, the locks, the inbox thread).
 */
#ifndef KEEP_SHDESK_H
#define KEEP_SHDESK_H

#include <stdint.h>
#include <stddef.h>

#define SHDESK_MAGIC 0x4b534844u          /* "DHSK" */
#define SHDESK_VERSION 3
#define SHDESK_SLOTS 32
#define SHDESK_WINDOWS 512
#define SHDESK_RING 64
#define SHDESK_CLASS_CHARS 64
#define SHDESK_TEXT_CHARS 128
/* user-handle indexes per slot: Wine's 0x7fe0 indexes shared by the slots */
#define SHDESK_SLOT_HANDLES 1023
#define SHDESK_ALL_HANDLES 0x7fe0
/* file byte offsets of the locks (beyond the table; the bytes need not exist) */
#define SHDESK_TABLE_LOCK 0x1000000
#define SHDESK_SLOT_LOCK (SHDESK_TABLE_LOCK + 1)

struct shdesk_msg {
    uint32_t win, msg;
    uint64_t wparam, lparam;
};

struct shdesk_slot {
    uint32_t pid;              /* the Windows process id; 0: free */
    uint32_t claims;           /* how many times claimed: seeds handle generations */
    uint32_t idle;             /* the process waited for input once */
    uint32_t wake;             /* futex: bumped for each message or idle change */
    uint32_t head, tail;       /* ring: head = next to read, tail = next to write */
    uint32_t pad[2];
    struct shdesk_msg ring[SHDESK_RING];
};

struct shdesk_window {
    uint32_t handle;           /* 0: a free entry */
    uint32_t pid, tid;
    uint32_t slot;             /* the owner's slot */
    uint32_t style;
    uint32_t pad;
    int32_t window[4], client[4];        /* rectangles (left, top, right, bottom), screen */
    uint16_t cls[SHDESK_CLASS_CHARS];    /* class name, NUL-terminated */
    uint16_t text[SHDESK_TEXT_CHARS];    /* title, NUL-terminated (cut) */
};

struct shdesk {
    uint32_t magic, version, size, pad;
    struct shdesk_slot slots[SHDESK_SLOTS];
    /* windows[i].handle again, 0 for a free entry: searches read this
     * page, not the 200 KiB of entries, which stay untouched until used */
    uint32_t index[SHDESK_WINDOWS];
    struct shdesk_window windows[SHDESK_WINDOWS];
};

/* ---- The table (shdesk_table.c), its lock held ------------------------------ */

/* Make t a valid empty table unless it already is one (a new file, all
 * zeros, only gets its header: its pages stay untouched). */
void shdesk_table_init(struct shdesk *t);
/* Slot (< SHDESK_SLOTS) is now process pid's: a fresh ring, not idle, no
 * windows left from an earlier owner.  Returns the new claim count. */
uint32_t shdesk_table_claim(struct shdesk *t, unsigned slot, uint32_t pid);
/* The slot's owner is gone: its windows and messages go, the slot is free. */
void shdesk_table_release(struct shdesk *t, unsigned slot);
/* Add or update the window w->handle (owned by w->slot).  0, or -1 when full. */
int shdesk_table_put(struct shdesk *t, const struct shdesk_window *w);
/* The i-th entry if it is in use (i < SHDESK_WINDOWS), else NULL. */
const struct shdesk_window *shdesk_table_entry(const struct shdesk *t, unsigned i);
/* Remove window h, if listed. */
void shdesk_table_remove(struct shdesk *t, uint32_t h);
/* The entry of window h (a handle with generation 0 or 0xffff matches any
 * generation), when its slot is still its owner's; NULL otherwise. */
const struct shdesk_window *shdesk_table_find(const struct shdesk *t, uint32_t h);
/* Queue a message for the slot's process.  0, or -1 when its ring is full. */
int shdesk_table_push(struct shdesk *t, unsigned slot, const struct shdesk_msg *m);
/* Take the slot's next message: 1, or 0 when none. */
int shdesk_table_pop(struct shdesk *t, unsigned slot, struct shdesk_msg *m);
/* The slot whose handle range holds user handle h, or -1. */
int shdesk_slot_of_handle(uint32_t h);

/* ---- The kernel's side (shdesk.c) ------------------------------------------- */

/* Join the instance's shared desktop if there is one and this process has
 * not yet (user_lock held: the first user handle).  Fills the first index
 * and count of this process's user-handle range and a generation seed;
 * without a shared desktop, all of Wine's range. */
void shdesk_handle_range(unsigned *first, unsigned *count, uint16_t *gen_seed);
/* Publish (or update) one of this process's top-level windows; remove one. */
void shdesk_publish(const struct shdesk_window *w);
void shdesk_unpublish(uint32_t h);
/* Another process's window h: 1 and its entry copied, or 0. */
int shdesk_window_get(uint32_t h, struct shdesk_window *out);
/* The other processes' top-level windows (live ones only): the count,
 * the first max copied to out. */
int shdesk_window_list(struct shdesk_window *out, int max);
/* Post a message to another process's window (as PostMessage): 0;
 * SHDESK_NO_WINDOW if h is no such window, SHDESK_FULL if its process's
 * ring is full. */
#define SHDESK_NO_WINDOW (-1)
#define SHDESK_FULL (-2)
int shdesk_post(uint32_t h, uint32_t msg, uint64_t wparam, uint64_t lparam);
/* This process waits for input (get_message found nothing): the first
 * time, its idle flag is set and the other processes are told. */
void shdesk_set_idle(void);

/* Snapshots: the inbox thread is a service thread (it parks): 1 if it
 * runs (and it is told to come to its service point), else 0. */
unsigned shdesk_service_threads(void);
/* The table's view (base, size): 1, or 0 when not attached.  A snapshot
 * leaves it out: it is the old instance's file. */
int shdesk_view(void **base, size_t *size);
/* In a resumed process: join the new runtime directory's desktop with the
 * same slot and list our windows there again, or go on without one. */
void shdesk_resumed(void);
/* window.c: list every window shared before again (after shdesk_resumed). */
void window_share_again(void);

#endif /* KEEP_SHDESK_H */

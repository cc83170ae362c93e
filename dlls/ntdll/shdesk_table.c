/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * shdesk_table.c - operations on the shared desktop's table (shdesk.h),
 * its lock held by the caller.  No host calls: the table is plain memory
 * here, so the unit test runs these on a table of its own.
 */
#include "shdesk.h"

#include <string.h>

#define FIRST_USER_HANDLE 0x0020

void shdesk_table_init(struct shdesk *t)
{
    if (t->magic == SHDESK_MAGIC && t->version == SHDESK_VERSION && t->size == sizeof(*t))
        return;
    if (t->magic || t->version || t->size)
        memset(t, 0, sizeof(*t));    /* another layout */
    t->magic = SHDESK_MAGIC;
    t->version = SHDESK_VERSION;
    t->size = sizeof(*t);
}

static void drop_entry(struct shdesk *t, unsigned i)
{
    t->index[i] = 0;
    memset(&t->windows[i], 0, sizeof(t->windows[i]));
}

/* An entry belongs to the slot whose handle range holds its handle (one
 * that claims another slot is never found: shdesk_table_find). */
static void drop_windows(struct shdesk *t, unsigned slot)
{
    for (unsigned i = 0; i < SHDESK_WINDOWS; i++)
        if (t->index[i] && shdesk_slot_of_handle(t->index[i]) == (int)slot)
            drop_entry(t, i);
}

uint32_t shdesk_table_claim(struct shdesk *t, unsigned slot, uint32_t pid)
{
    struct shdesk_slot *s = &t->slots[slot];

    drop_windows(t, slot);
    s->pid = pid;
    s->idle = 0;
    s->head = s->tail = 0;
    return ++s->claims;
}

void shdesk_table_release(struct shdesk *t, unsigned slot)
{
    struct shdesk_slot *s = &t->slots[slot];

    drop_windows(t, slot);
    s->pid = 0;
    s->idle = 0;
    s->head = s->tail = 0;
}

int shdesk_slot_of_handle(uint32_t h)
{
    unsigned low = h & 0xffff, index;

    if (low < FIRST_USER_HANDLE || (low & 1))
        return -1;
    index = (low - FIRST_USER_HANDLE) >> 1;
    if (index >= SHDESK_SLOT_HANDLES * SHDESK_SLOTS)
        return -1;
    return (int)(index / SHDESK_SLOT_HANDLES);
}

static int same_handle(uint32_t entry, uint32_t h)
{
    unsigned gen = h >> 16;

    if ((entry & 0xffff) != (h & 0xffff))
        return 0;
    return !gen || gen == 0xffff || entry == h;
}

/* The index of window h's entry, or SHDESK_WINDOWS. */
static unsigned find_index(const struct shdesk *t, uint32_t h)
{
    unsigned i;

    for (i = 0; i < SHDESK_WINDOWS; i++)
        if (t->index[i] && same_handle(t->index[i], h))
            break;
    return i;
}

static struct shdesk_window *entry_of(struct shdesk *t, uint32_t h)
{
    unsigned i = find_index(t, h);

    /* the entry must say the same as the index (another process may
     * have written either) */
    return i < SHDESK_WINDOWS && t->windows[i].handle == t->index[i] ? &t->windows[i] : NULL;
}

const struct shdesk_window *shdesk_table_entry(const struct shdesk *t, unsigned i)
{
    return i < SHDESK_WINDOWS && t->index[i] ? &t->windows[i] : NULL;
}

int shdesk_table_put(struct shdesk *t, const struct shdesk_window *w)
{
    unsigned i = find_index(t, w->handle);

    for (unsigned j = 0; i == SHDESK_WINDOWS && j < SHDESK_WINDOWS; j++)
        if (!t->index[j])
            i = j;
    if (i == SHDESK_WINDOWS)
        return -1;
    t->windows[i] = *w;
    t->windows[i].cls[SHDESK_CLASS_CHARS - 1] = 0;
    t->windows[i].text[SHDESK_TEXT_CHARS - 1] = 0;
    t->index[i] = w->handle;
    return 0;
}

void shdesk_table_remove(struct shdesk *t, uint32_t h)
{
    unsigned i = find_index(t, h);

    if (i < SHDESK_WINDOWS)
        drop_entry(t, i);
}

const struct shdesk_window *shdesk_table_find(const struct shdesk *t, uint32_t h)
{
    const struct shdesk_window *e = entry_of((struct shdesk *)t, h);

    /* an entry is its slot's owner's only while the slot has that owner,
     * and only in the owner's handle range */
    if (!e || e->slot >= SHDESK_SLOTS || t->slots[e->slot].pid != e->pid ||
        shdesk_slot_of_handle(e->handle) != (int)e->slot)
        return NULL;
    return e;
}

int shdesk_table_push(struct shdesk *t, unsigned slot, const struct shdesk_msg *m)
{
    struct shdesk_slot *s = &t->slots[slot];

    if (s->tail - s->head >= SHDESK_RING)
        return -1;
    s->ring[s->tail % SHDESK_RING] = *m;
    s->tail++;
    __atomic_add_fetch(&s->wake, 1, __ATOMIC_RELEASE);
    return 0;
}

int shdesk_table_pop(struct shdesk *t, unsigned slot, struct shdesk_msg *m)
{
    struct shdesk_slot *s = &t->slots[slot];

    if (s->tail - s->head > SHDESK_RING)   /* written by someone else: start again */
        s->head = s->tail;
    if (s->head == s->tail)
        return 0;
    *m = s->ring[s->head % SHDESK_RING];
    s->head++;
    return 1;
}

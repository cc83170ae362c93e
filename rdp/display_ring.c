/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * display_ring.c - what is done on a mapped display region: its layout
 * and header, the two SPSC rings and the pointer.  See display.h.  It
 * calls nothing but memcpy and the two futex functions of
 * display_region.h, so keep's kernel links it as it is.
 */
#include <errno.h>
#include <string.h>

#include "rdp/display_region.h"

static uint64_t align_up(uint64_t v, uint64_t a)
{
    return (v + a - 1) & ~(a - 1);
}

/* The one place the region's layout is decided; display_attach recomputes
 * it and insists the header agrees, so a corrupt or foreign header cannot
 * point us outside the mapping. */
void display_layout(uint32_t width, uint32_t height, struct display_layout *l)
{
    l->damage_offset = align_up(sizeof(struct display_shared), 64);
    l->input_offset = align_up(l->damage_offset + DISPLAY_DAMAGE_SLOTS * sizeof(struct display_rect), 64);
    l->cursor_offset = align_up(l->input_offset + DISPLAY_INPUT_SLOTS * sizeof(struct display_event), 64);
    l->fb_offset = align_up(l->cursor_offset + CURSOR_BYTES, 4096);
    l->region_size = align_up(l->fb_offset + (uint64_t)width * 4 * height, 4096);
}

static void ring_published(struct display_ring *r)
{
    /* Always wake: a waiters count would save the system call but adds a
     * second protocol to get right; event rates here are low. */
    atomic_fetch_add_explicit(&r->seq, 1, memory_order_seq_cst);
    display_futex_wake(&r->seq);
}

/* flags: words that also mean "something to do" when non-zero (damage
 * overflow, pointer changes), or NULL. */
static int ring_wait(struct display_ring *r, _Atomic uint32_t *flag1, _Atomic uint32_t *flag2, int timeout_ms)
{
    uint32_t seq = atomic_load_explicit(&r->seq, memory_order_seq_cst);

    if (atomic_load_explicit(&r->head, memory_order_acquire) != atomic_load_explicit(&r->tail, memory_order_relaxed))
        return 0;
    if (flag1 && atomic_load_explicit(flag1, memory_order_acquire))
        return 0;
    if (flag2 && atomic_load_explicit(flag2, memory_order_acquire))
        return 0;
    return display_futex_wait(&r->seq, seq, timeout_ms);
}

void display_init_header(struct display_shared *sh, uint32_t width, uint32_t height,
                                const struct display_layout *l)
{
    sh->version = DISPLAY_VERSION;
    sh->header_size = sizeof(*sh);
    sh->width = width;
    sh->height = height;
    sh->stride = width * 4;
    sh->damage_slots = DISPLAY_DAMAGE_SLOTS;
    sh->input_slots = DISPLAY_INPUT_SLOTS;
    sh->damage_offset = l->damage_offset;
    sh->input_offset = l->input_offset;
    sh->cursor_offset = l->cursor_offset;
    sh->fb_offset = l->fb_offset;
    sh->region_size = l->region_size;
    /* Magic last, after a fence: an attacher that sees it sees the rest. */
    atomic_thread_fence(memory_order_release);
    sh->magic = DISPLAY_MAGIC;
}

int display_check_header(const struct display_shared *sh, size_t file_size)
{
    struct display_layout l;

    if (sh->magic != DISPLAY_MAGIC || sh->version != DISPLAY_VERSION || sh->header_size != sizeof(*sh))
        return -EPROTO;
    if (sh->width == 0 || sh->height == 0 || sh->width > DISPLAY_MAX_DIM || sh->height > DISPLAY_MAX_DIM)
        return -EPROTO;
    display_layout(sh->width, sh->height, &l);
    if (sh->stride != sh->width * 4 || sh->damage_slots != DISPLAY_DAMAGE_SLOTS ||
        sh->input_slots != DISPLAY_INPUT_SLOTS || sh->damage_offset != l.damage_offset ||
        sh->input_offset != l.input_offset || sh->cursor_offset != l.cursor_offset || sh->fb_offset != l.fb_offset ||
        sh->region_size != l.region_size || l.region_size > file_size)
        return -EPROTO;
    return 0;
}

int display_fd(const struct display *d) { return d->fd; }
uint32_t display_width(const struct display *d) { return d->sh->width; }
uint32_t display_height(const struct display *d) { return d->sh->height; }
uint32_t display_stride(const struct display *d) { return d->sh->stride; }

uint32_t *display_pixels(struct display *d)
{
    return (uint32_t *)((char *)d->sh + d->sh->fb_offset);
}

static struct display_rect *damage_slots(struct display *d)
{
    return (struct display_rect *)((char *)d->sh + d->sh->damage_offset);
}

static struct display_event *input_slots(struct display *d)
{
    return (struct display_event *)((char *)d->sh + d->sh->input_offset);
}

void display_damage(struct display *d, const struct display_rect *r)
{
    struct display_ring *ring = &d->sh->damage;
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);

    if (r->w == 0 || r->h == 0)
        return;
    if (head - tail >= DISPLAY_DAMAGE_SLOTS) {
        atomic_store_explicit(&d->sh->damage_overflow, 1, memory_order_release);
    } else {
        damage_slots(d)[head & (DISPLAY_DAMAGE_SLOTS - 1)] = *r;
        atomic_store_explicit(&ring->head, head + 1, memory_order_release);
    }
    ring_published(ring);
}

/* Clips to the framebuffer; 0 when nothing is left.  The rectangle comes
 * from the other side of a trust boundary, so never trust its sum. */
static int clip_rect(const struct display_shared *sh, struct display_rect *r)
{
    if (r->x >= sh->width || r->y >= sh->height || r->w == 0 || r->h == 0)
        return 0;
    if (r->w > sh->width - r->x)
        r->w = sh->width - r->x;
    if (r->h > sh->height - r->y)
        r->h = sh->height - r->y;
    return 1;
}

int display_damage_pop(struct display *d, struct display_rect *r)
{
    struct display_ring *ring = &d->sh->damage;

    if (atomic_exchange_explicit(&d->sh->damage_overflow, 0, memory_order_acq_rel)) {
        /* Everything queued is covered by the whole screen: drop it. */
        atomic_store_explicit(&ring->tail, atomic_load_explicit(&ring->head, memory_order_acquire),
                              memory_order_release);
        *r = (struct display_rect){ 0, 0, d->sh->width, d->sh->height };
        return 1;
    }
    for (;;) {
        uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);
        if (tail == atomic_load_explicit(&ring->head, memory_order_acquire))
            return 0;
        *r = damage_slots(d)[tail & (DISPLAY_DAMAGE_SLOTS - 1)];
        atomic_store_explicit(&ring->tail, tail + 1, memory_order_release);
        if (clip_rect(d->sh, r))
            return 1;
    }
}

int display_damage_wait(struct display *d, int timeout_ms)
{
    return ring_wait(&d->sh->damage, &d->sh->damage_overflow, &d->sh->cursor_dirty, timeout_ms);
}

/* Pointer changes wake the server through the damage ring's futex: one
 * thing to sleep on there. */
void display_damage_kick(struct display *d)
{
    ring_published(&d->sh->damage);
}

void display_set_cursor(struct display *d, int32_t x, int32_t y)
{
    atomic_store_explicit(&d->sh->cursor_x, x, memory_order_relaxed);
    atomic_store_explicit(&d->sh->cursor_y, y, memory_order_relaxed);
    atomic_fetch_add_explicit(&d->sh->cursor_pos_seq, 1, memory_order_release);
    atomic_store_explicit(&d->sh->cursor_dirty, 1, memory_order_release);
    ring_published(&d->sh->damage);
}

static uint32_t *cursor_pixels(struct display *d)
{
    return (uint32_t *)((char *)d->sh + d->sh->cursor_offset);
}

int display_set_cursor_shape(struct display *d, uint32_t width, uint32_t height, uint32_t hot_x,
                             uint32_t hot_y, const uint32_t *argb)
{
    struct display_shared *sh = d->sh;
    uint32_t seq = atomic_load_explicit(&sh->cursor_shape_seq, memory_order_relaxed);

    if (width > DISPLAY_CURSOR_MAX || height > DISPLAY_CURSOR_MAX || (width && (hot_x >= width || hot_y >= height)))
        return -EINVAL;
    if (width == 0)
        height = hot_x = hot_y = 0;
    atomic_store_explicit(&sh->cursor_shape_seq, seq | 1, memory_order_relaxed);
    atomic_thread_fence(memory_order_release);
    sh->cursor_w = width;
    sh->cursor_h = height;
    sh->cursor_hot_x = hot_x;
    sh->cursor_hot_y = hot_y;
    if (width)
        memcpy(cursor_pixels(d), argb, (size_t)width * height * 4);
    atomic_store_explicit(&sh->cursor_shape_seq, (seq | 1) + 1, memory_order_release);
    atomic_store_explicit(&sh->cursor_dirty, 1, memory_order_release);
    ring_published(&sh->damage);
    return 0;
}

void display_cursor_serials(struct display *d, uint32_t *shape, uint32_t *pos)
{
    /* Cleared before reading: a change after this sets it again. */
    atomic_store_explicit(&d->sh->cursor_dirty, 0, memory_order_seq_cst);
    *shape = atomic_load_explicit(&d->sh->cursor_shape_seq, memory_order_acquire);
    *pos = atomic_load_explicit(&d->sh->cursor_pos_seq, memory_order_acquire);
}

static int cursor_valid(const struct display_cursor *c)
{
    if (c->width == 0)
        return c->height == 0;
    return c->width <= DISPLAY_CURSOR_MAX && c->height <= DISPLAY_CURSOR_MAX && c->height > 0 &&
           c->hot_x < c->width && c->hot_y < c->height;
}

int display_get_cursor_shape(struct display *d, struct display_cursor *out)
{
    struct display_shared *sh = d->sh;

    /* Bounded: a source that stays mid-write is not waited for. */
    for (int tries = 0; tries < 1000; tries++) {
        uint32_t seq = atomic_load_explicit(&sh->cursor_shape_seq, memory_order_acquire);
        if (seq == 0)
            return -ENOENT;
        if (seq & 1)
            continue;
        out->width = sh->cursor_w;
        out->height = sh->cursor_h;
        out->hot_x = sh->cursor_hot_x;
        out->hot_y = sh->cursor_hot_y;
        /* Copy the largest shape regardless: the size read may be torn. */
        memcpy(out->pixels, cursor_pixels(d), CURSOR_BYTES);
        atomic_thread_fence(memory_order_acquire);
        if (atomic_load_explicit(&sh->cursor_shape_seq, memory_order_relaxed) != seq)
            continue;
        return cursor_valid(out) ? 0 : -EPROTO;
    }
    return -EAGAIN;
}

void display_get_cursor(const struct display *d, int32_t *x, int32_t *y)
{
    *x = atomic_load_explicit(&d->sh->cursor_x, memory_order_relaxed);
    *y = atomic_load_explicit(&d->sh->cursor_y, memory_order_relaxed);
}

int display_input_push(struct display *d, const struct display_event *ev)
{
    struct display_ring *ring = &d->sh->input;
    uint32_t head = atomic_load_explicit(&ring->head, memory_order_relaxed);
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_acquire);

    if (head - tail >= DISPLAY_INPUT_SLOTS) {
        atomic_fetch_add_explicit(&d->sh->input_dropped, 1, memory_order_relaxed);
        return -EAGAIN;
    }
    input_slots(d)[head & (DISPLAY_INPUT_SLOTS - 1)] = *ev;
    atomic_store_explicit(&ring->head, head + 1, memory_order_release);
    ring_published(ring);
    return 0;
}

int display_input_pop(struct display *d, struct display_event *ev)
{
    struct display_ring *ring = &d->sh->input;
    uint32_t tail = atomic_load_explicit(&ring->tail, memory_order_relaxed);

    if (tail == atomic_load_explicit(&ring->head, memory_order_acquire))
        return 0;
    *ev = input_slots(d)[tail & (DISPLAY_INPUT_SLOTS - 1)];
    atomic_store_explicit(&ring->tail, tail + 1, memory_order_release);
    return 1;
}

int display_input_wait(struct display *d, int timeout_ms)
{
    return ring_wait(&d->sh->input, NULL, NULL, timeout_ms);
}

void display_input_kick(struct display *d)
{
    ring_published(&d->sh->input);
}

uint32_t display_input_dropped(const struct display *d)
{
    return atomic_load_explicit(&d->sh->input_dropped, memory_order_relaxed);
}

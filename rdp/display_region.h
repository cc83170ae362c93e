/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * display_region.h - the layout of the shared display region, for the two
 * halves of its code: display_ring.c (everything done on a mapped region:
 * layout, header checks, the rings, the pointer; freestanding, so keep's
 * kernel links it too) and display.c (making, mapping and closing the
 * region, and the futex system calls).  Private to those and the kernel's
 * display driver (dlls/ntdll/kdisplay.c); other code uses display.h.
 */
#ifndef KEEP_RDP_DISPLAY_REGION_H
#define KEEP_RDP_DISPLAY_REGION_H

#include <stdalign.h>
#include <stdatomic.h>
#include <stddef.h>

#include "rdp/display.h"

/* One ring's indices.  head is written by the producer only, tail by the
 * consumer only; both count up forever and are masked on use, so
 * head - tail is the fill level even across wrap-around.  seq changes on
 * every push (and on overflow) and is the futex word the consumer sleeps
 * on: waiting on head alone would miss an overflow, which moves no index.
 * Separate cache lines keep the two sides from false sharing. */
struct display_ring {
    alignas(64) _Atomic uint32_t head;
    _Atomic uint32_t seq;
    alignas(64) _Atomic uint32_t tail;
};

/* The header at offset 0 of the region.  Every offset is from the start of
 * the region, so the two sides may map it at different addresses. */
struct display_shared {
    uint64_t magic;
    uint32_t version;
    uint32_t header_size;
    uint32_t width, height, stride;
    uint32_t damage_slots, input_slots;
    uint32_t reserved;
    uint64_t damage_offset, input_offset, fb_offset, region_size;
    _Atomic int32_t cursor_x, cursor_y;
    _Atomic uint32_t cursor_pos_seq;
    _Atomic uint32_t cursor_dirty; /* set by the source, cleared by the server */
    /* A seqlock: odd while the source writes the shape. */
    _Atomic uint32_t cursor_shape_seq;
    uint32_t cursor_w, cursor_h, cursor_hot_x, cursor_hot_y;
    uint64_t cursor_offset;
    _Atomic uint32_t damage_overflow; /* ring was full: redraw everything */
    _Atomic uint32_t input_dropped;
    struct display_ring damage;
    struct display_ring input;
};

struct display {
    struct display_shared *sh;
    size_t size;
    int fd;
};

struct display_layout {
    uint64_t damage_offset, input_offset, cursor_offset, fb_offset, region_size;
};

#define CURSOR_BYTES (DISPLAY_CURSOR_MAX * DISPLAY_CURSOR_MAX * 4)

/* The region's layout for a size (the one place it is decided). */
void display_layout(uint32_t width, uint32_t height, struct display_layout *l);
/* Fills a zeroed region's header, magic last. */
void display_init_header(struct display_shared *sh, uint32_t width, uint32_t height,
                         const struct display_layout *l);
/* 0, or -EPROTO unless the header is ours and agrees with the layout of
 * its size and a file of file_size bytes. */
int display_check_header(const struct display_shared *sh, size_t file_size);

/* Futex wait and wake on a word of the region, shared between processes:
 * each side provides them (display.c: the futex system call; the kernel:
 * the host ABI).  wait returns 0 (woken, or the word differed, or
 * interrupted: re-check) or -ETIMEDOUT; timeout_ms < 0 waits forever. */
int display_futex_wait(_Atomic uint32_t *word, uint32_t expected, int timeout_ms);
void display_futex_wake(_Atomic uint32_t *word);

#endif /* KEEP_RDP_DISPLAY_REGION_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * region.h - regions for the in-process server: sets of pixels made of
 * rectangles, as the window manager needs them (visible, update and
 * window regions).
 *
 * A region is kept in banded form: its rectangles sorted top to bottom,
 * then left to right; rectangles of one band share their top and bottom,
 * never touch or overlap, and two bands next to each other never have the
 * same columns (they are merged).  So two equal regions have the same
 * rectangles, and what is sent to win32u is short.  Rectangles are
 * half-open ([left, right) x [top, bottom)); empty ones are dropped.
 *
 * The functions that can run out of memory return 0 then and leave the
 * destination as it was; the others cannot fail.
 */
#ifndef KEEP_REGION_H
#define KEEP_REGION_H

#include "server_proto.h"

struct region {
    unsigned count, cap;
    rectangle_t *rects;
    rectangle_t extents;    /* the bounding box; all zero when empty */
};

/* A new empty region, or NULL. */
struct region *region_create(void);
void region_free(struct region *r);
/* The region made of these rectangles (any order, overlaps allowed). */
struct region *region_from_rects(const rectangle_t *rects, unsigned count);

/* r becomes rect (or empty when rect is empty). */
int region_set_rect(struct region *r, const rectangle_t *rect);
int region_copy(struct region *dst, const struct region *src);
void region_offset(struct region *r, int dx, int dy);
/* dst = a op b; dst may be a or b. */
int region_union(struct region *dst, const struct region *a, const struct region *b);
int region_intersect(struct region *dst, const struct region *a, const struct region *b);
int region_subtract(struct region *dst, const struct region *a, const struct region *b);

int region_is_empty(const struct region *r);
int region_equal(const struct region *a, const struct region *b);
/* Does any pixel of rect lie in r? */
int region_overlaps_rect(const struct region *r, const rectangle_t *rect);

/* rectangle helpers */
int rect_is_empty(const rectangle_t *r);
/* dst = a ∩ b; 0 when that is empty */
int rect_intersect(rectangle_t *dst, const rectangle_t *a, const rectangle_t *b);
void rect_offset(rectangle_t *r, int dx, int dy);

#endif /* KEEP_REGION_H */

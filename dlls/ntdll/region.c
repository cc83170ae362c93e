/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * region.c - regions in banded form (region.h).
 *
 * The three set operations share one sweep: the horizontal edges of both
 * regions cut the plane into bands; in each band a region covers a list
 * of column intervals; the operation combines the two lists column by
 * column, and each result band is appended, merged into the band above
 * when it has the same columns and touches it.  Window regions have few
 * rectangles, so the simple quadratic steps are cheap.
 */
#include "kernel.h"
#include "region.h"

/* ---- Rectangles --------------------------------------------------------------- */

int rect_is_empty(const rectangle_t *r)
{
    return r->left >= r->right || r->top >= r->bottom;
}

int rect_intersect(rectangle_t *dst, const rectangle_t *a, const rectangle_t *b)
{
    rectangle_t r = {
        a->left > b->left ? a->left : b->left, a->top > b->top ? a->top : b->top,
        a->right < b->right ? a->right : b->right, a->bottom < b->bottom ? a->bottom : b->bottom,
    };

    if (rect_is_empty(&r))
        r = (rectangle_t){ 0, 0, 0, 0 };
    *dst = r;
    return !rect_is_empty(&r);
}

void rect_offset(rectangle_t *r, int dx, int dy)
{
    r->left += dx;
    r->right += dx;
    r->top += dy;
    r->bottom += dy;
}

/* ---- Storage ------------------------------------------------------------------ */

struct region *region_create(void)
{
    return kzalloc(sizeof(struct region));
}

void region_free(struct region *r)
{
    if (!r)
        return;
    kfree(r->rects);
    kfree(r);
}

static int reserve(struct region *r, unsigned count)
{
    rectangle_t *more;
    unsigned cap;

    if (count <= r->cap)
        return 1;
    cap = count < 8 ? 8 : count * 2;
    if (!(more = krealloc(r->rects, cap * sizeof(*more))))
        return 0;
    r->rects = more;
    r->cap = cap;
    return 1;
}

static void set_extents(struct region *r)
{
    r->extents = (rectangle_t){ 0, 0, 0, 0 };
    if (!r->count)
        return;
    r->extents = r->rects[0];
    for (unsigned i = 1; i < r->count; i++) {
        const rectangle_t *x = &r->rects[i];
        if (x->left < r->extents.left)
            r->extents.left = x->left;
        if (x->right > r->extents.right)
            r->extents.right = x->right;
        if (x->bottom > r->extents.bottom)
            r->extents.bottom = x->bottom;
    }
}

/* dst takes src's rectangles; src is left empty. */
static void take(struct region *dst, struct region *src)
{
    kfree(dst->rects);
    *dst = *src;
    *src = (struct region){ 0 };
}

int region_set_rect(struct region *r, const rectangle_t *rect)
{
    if (rect_is_empty(rect)) {
        r->count = 0;
        set_extents(r);
        return 1;
    }
    if (!reserve(r, 1))
        return 0;
    r->rects[0] = *rect;
    r->count = 1;
    set_extents(r);
    return 1;
}

int region_copy(struct region *dst, const struct region *src)
{
    if (dst == src)
        return 1;
    if (!reserve(dst, src->count))
        return 0;
    if (src->count)
        memcpy(dst->rects, src->rects, src->count * sizeof(*src->rects));
    dst->count = src->count;
    dst->extents = src->extents;
    return 1;
}

void region_offset(struct region *r, int dx, int dy)
{
    for (unsigned i = 0; i < r->count; i++)
        rect_offset(&r->rects[i], dx, dy);
    if (r->count)
        rect_offset(&r->extents, dx, dy);
}

int region_is_empty(const struct region *r)
{
    return !r->count;
}

int region_equal(const struct region *a, const struct region *b)
{
    return a->count == b->count &&
           (!a->count || !memcmp(a->rects, b->rects, a->count * sizeof(*a->rects)));
}

int region_overlaps_rect(const struct region *r, const rectangle_t *rect)
{
    rectangle_t tmp;

    for (unsigned i = 0; i < r->count; i++)
        if (rect_intersect(&tmp, &r->rects[i], rect))
            return 1;
    return 0;
}

/* ---- The sweep ---------------------------------------------------------------- */

struct span {
    int left, right;
};

struct spans {
    unsigned count, cap;
    struct span *s;
};

static int spans_add(struct spans *l, int left, int right)
{
    if (l->count == l->cap) {
        unsigned cap = l->cap ? l->cap * 2 : 16;
        struct span *more = krealloc(l->s, cap * sizeof(*more));
        if (!more)
            return 0;
        l->s = more;
        l->cap = cap;
    }
    l->s[l->count++] = (struct span){ left, right };
    return 1;
}

static void sort_ints(int *v, unsigned n)
{
    for (unsigned i = 1; i < n; i++) {
        int x = v[i];
        unsigned j = i;
        for (; j && v[j - 1] > x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Sorted, distinct values of v (n of them): the new count. */
static unsigned unique_sorted(int *v, unsigned n)
{
    unsigned out = 0;

    sort_ints(v, n);
    for (unsigned i = 0; i < n; i++)
        if (!out || v[out - 1] != v[i])
            v[out++] = v[i];
    return out;
}

/* The columns of r in the band starting at y, into out (sorted, merged).
 * Bands never straddle an edge of r, so the band's top decides. */
static int region_columns(const struct region *r, int y, struct spans *out)
{
    out->count = 0;
    for (unsigned i = 0; i < r->count; i++) {
        const rectangle_t *t = &r->rects[i];
        if (t->top <= y && y < t->bottom && !spans_add(out, t->left, t->right))
            return 0;
    }
    return 1;
}

static int in_spans(const struct spans *l, int x)
{
    for (unsigned i = 0; i < l->count; i++)
        if (l->s[i].left <= x && x < l->s[i].right)
            return 1;
    return 0;
}

enum region_op { OP_UNION, OP_INTERSECT, OP_SUBTRACT };

static int keep_column(enum region_op op, int in_a, int in_b)
{
    switch (op) {
    case OP_UNION: return in_a || in_b;
    case OP_INTERSECT: return in_a && in_b;
    default: return in_a && !in_b;
    }
}

/* The columns of one band of a op b (ca, cb: a's and b's), cut at the
 * vertical edges of both regions (xs, nx of them). */
static int band_spans(enum region_op op, const struct spans *ca, const struct spans *cb,
                      const int *xs, unsigned nx, struct spans *out)
{
    out->count = 0;
    for (unsigned i = 0; i + 1 < nx; i++) {
        if (!keep_column(op, in_spans(ca, xs[i]), in_spans(cb, xs[i])))
            continue;
        if (out->count && out->s[out->count - 1].right == xs[i])
            out->s[out->count - 1].right = xs[i + 1];
        else if (!spans_add(out, xs[i], xs[i + 1]))
            return 0;
    }
    return 1;
}

/* Append band [top, bottom) with these columns to r, merged into the band
 * above when that one ends at top with the same columns. */
static int append_band(struct region *r, unsigned *prev_start, int top, int bottom,
                       const struct spans *cols)
{
    unsigned prev = *prev_start, prev_n = r->count - prev;
    int same = prev_n == cols->count && prev_n && r->rects[prev].bottom == top;

    for (unsigned i = 0; same && i < prev_n; i++)
        same = r->rects[prev + i].left == cols->s[i].left &&
               r->rects[prev + i].right == cols->s[i].right;
    if (same) {
        for (unsigned i = 0; i < prev_n; i++)
            r->rects[prev + i].bottom = bottom;
        return 1;
    }
    if (!cols->count)
        return 1;
    if (!reserve(r, r->count + cols->count))
        return 0;
    *prev_start = r->count;
    for (unsigned i = 0; i < cols->count; i++)
        r->rects[r->count++] = (rectangle_t){ cols->s[i].left, top, cols->s[i].right, bottom };
    return 1;
}

/* Every left and right (or top and bottom) edge of a and b. */
static int *edges(const struct region *a, const struct region *b, int vertical, unsigned *n)
{
    unsigned total = 2 * (a->count + b->count), k = 0;
    int *v = kmalloc((total ? total : 1) * sizeof(int));

    if (!v)
        return NULL;
    for (int pass = 0; pass < 2; pass++) {
        const struct region *r = pass ? b : a;
        for (unsigned i = 0; i < r->count; i++) {
            v[k++] = vertical ? r->rects[i].left : r->rects[i].top;
            v[k++] = vertical ? r->rects[i].right : r->rects[i].bottom;
        }
    }
    *n = unique_sorted(v, total);
    return v;
}

static int combine(struct region *dst, const struct region *a, const struct region *b,
                   enum region_op op)
{
    struct region out = { 0 };
    struct spans cols = { 0 }, ca = { 0 }, cb = { 0 };
    unsigned ny = 0, nx = 0, prev = 0;
    int *ys = edges(a, b, 0, &ny), *xs = edges(a, b, 1, &nx);
    int ok = ys && xs;

    for (unsigned i = 0; ok && i + 1 < ny; i++)
        ok = region_columns(a, ys[i], &ca) && region_columns(b, ys[i], &cb) &&
             band_spans(op, &ca, &cb, xs, nx, &cols) &&
             append_band(&out, &prev, ys[i], ys[i + 1], &cols);
    kfree(ys);
    kfree(xs);
    kfree(cols.s);
    kfree(ca.s);
    kfree(cb.s);
    if (!ok) {
        kfree(out.rects);
        return 0;
    }
    set_extents(&out);
    take(dst, &out);
    return 1;
}

int region_union(struct region *dst, const struct region *a, const struct region *b)
{
    return combine(dst, a, b, OP_UNION);
}

int region_intersect(struct region *dst, const struct region *a, const struct region *b)
{
    return combine(dst, a, b, OP_INTERSECT);
}

int region_subtract(struct region *dst, const struct region *a, const struct region *b)
{
    return combine(dst, a, b, OP_SUBTRACT);
}

struct region *region_from_rects(const rectangle_t *rects, unsigned count)
{
    struct region *r = region_create(), raw = { 0 }, none = { 0 };

    if (!r)
        return NULL;
    if (!reserve(&raw, count ? count : 1)) {
        region_free(r);
        return NULL;
    }
    for (unsigned i = 0; i < count; i++)
        if (!rect_is_empty(&rects[i]))
            raw.rects[raw.count++] = rects[i];
    /* the union with nothing puts overlapping rectangles in banded form */
    if (!combine(r, &raw, &none, OP_UNION)) {
        region_free(r);
        r = NULL;
    }
    kfree(raw.rects);
    return r;
}

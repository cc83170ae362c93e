/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_region.c - the server's regions (dlls/ntdll/region.c): union,
 * intersection and difference checked pixel by pixel against bitmaps on
 * random rectangles, the banded form (equal sets have equal rectangles,
 * no overlaps, touching bands merged), offsets and rectangle tests.
 */
#include <check.h>
#include <stdlib.h>

#include "host.h"
#include "host_setup.h"
#include "kernel.h"
#include "region.h"

#define W 48
#define H 48

typedef unsigned char bitmap[H][W];

/* The region's pixels; the number of pixels covered twice (overlaps). */
static int paint(bitmap b, const struct region *r)
{
    int overlaps = 0;

    memset(b, 0, sizeof(bitmap));
    for (unsigned i = 0; i < r->count; i++)
        for (int y = r->rects[i].top; y < r->rects[i].bottom; y++)
            for (int x = r->rects[i].left; x < r->rects[i].right; x++)
                overlaps += b[y][x]++ != 0;
    return overlaps;
}

static rectangle_t random_rect(void)
{
    int l = rand() % W, t = rand() % H;
    return (rectangle_t){ l, t, l + rand() % (W - l + 1), t + rand() % (H - t + 1) };
}

static struct region *random_region(void)
{
    rectangle_t rects[6];
    unsigned n = rand() % 6;

    for (unsigned i = 0; i < n; i++)
        rects[i] = random_rect();
    return region_from_rects(rects, n);
}

/* The banded form: sorted, no touching rectangles in a band, no two
 * touching bands with the same columns, extents right. */
static void check_banded(const struct region *r)
{
    rectangle_t ext = { 0, 0, 0, 0 };
    int bad = 0;

    for (unsigned i = 0; i < r->count; i++) {
        const rectangle_t *a = &r->rects[i], *p = i ? &r->rects[i - 1] : NULL;
        bad += rect_is_empty(a);
        if (p && a->top == p->top)
            bad += a->bottom != p->bottom || a->left <= p->right;
        else if (p)
            bad += a->top < p->bottom;
        if (!i)
            ext = *a;
        if (a->left < ext.left) ext.left = a->left;
        if (a->right > ext.right) ext.right = a->right;
        if (a->bottom > ext.bottom) ext.bottom = a->bottom;
    }
    ck_assert_int_eq(bad, 0);
    ck_assert_mem_eq(&ext, &r->extents, sizeof(ext));
    /* touching bands with the same columns would have been merged */
    for (unsigned i = 0, start = 0; i < r->count; i++) {
        if (r->rects[i].top == r->rects[start].top)
            continue;
        unsigned n = i - start, next = i;
        while (next < r->count && r->rects[next].top == r->rects[i].top)
            next++;
        int same = next - i == n && r->rects[i].top == r->rects[start].bottom;
        for (unsigned k = 0; same && k < n; k++)
            same = r->rects[start + k].left == r->rects[i + k].left &&
                   r->rects[start + k].right == r->rects[i + k].right;
        ck_assert_msg(!same, "bands at %d and %d not merged", r->rects[start].top, r->rects[i].top);
        start = i;
    }
}

START_TEST(test_ops_match_bitmaps)
{
    srand(1234);
    for (int round = 0; round < 300; round++) {
        struct region *a = random_region(), *b = random_region(), *r = region_create();
        bitmap ba, bb, br;
        ck_assert(a && b && r);
        ck_assert_int_eq(paint(ba, a) + paint(bb, b), 0);
        for (int op = 0; op < 3; op++) {
            int ok = op == 0 ? region_union(r, a, b)
                   : op == 1 ? region_intersect(r, a, b) : region_subtract(r, a, b);
            ck_assert(ok);
            check_banded(r);
            ck_assert_int_eq(paint(br, r), 0);
            int wrong = 0;
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    int want = op == 0 ? ba[y][x] || bb[y][x]
                             : op == 1 ? ba[y][x] && bb[y][x] : ba[y][x] && !bb[y][x];
                    wrong += br[y][x] != want;
                }
            ck_assert_msg(!wrong, "op %d round %d: %d pixels wrong", op, round, wrong);
        }
        /* in place: a = a - b, then a = a | b gives back a | b */
        struct region *u = region_create();
        ck_assert(region_union(u, a, b) && region_subtract(a, a, b) && region_union(a, a, b));
        ck_assert(region_equal(a, u));
        region_free(u);
        region_free(a);
        region_free(b);
        region_free(r);
    }
}
END_TEST

START_TEST(test_hole_and_merge)
{
    rectangle_t outer = { 0, 0, 30, 30 }, inner = { 10, 10, 20, 20 };
    struct region *a = region_create(), *b = region_create(), *r = region_create();

    ck_assert(region_set_rect(a, &outer) && region_set_rect(b, &inner));
    ck_assert(region_subtract(r, a, b));
    ck_assert_uint_eq(r->count, 4);      /* top band, two sides, bottom band */
    ck_assert(region_union(r, r, b));
    ck_assert_uint_eq(r->count, 1);      /* the hole filled: one rectangle again */
    ck_assert(region_equal(r, a));
    ck_assert(region_overlaps_rect(a, &inner));
    ck_assert(region_subtract(r, a, b));
    ck_assert(!region_overlaps_rect(r, &inner));
    region_offset(r, 5, -5);
    ck_assert_int_eq(r->extents.left, 5);
    ck_assert_int_eq(r->extents.top, -5);
    rectangle_t moved_hole = { 15, 5, 25, 15 };
    ck_assert(region_set_rect(b, &moved_hole));
    ck_assert(region_intersect(r, r, b) && region_is_empty(r));
    ck_assert_int_eq(r->extents.right, 0);
    region_free(a);
    region_free(b);
    region_free(r);
}
END_TEST

START_TEST(test_from_rects)
{
    /* two halves, given overlapping and out of order, make one rectangle */
    rectangle_t rects[] = { { 10, 0, 20, 10 }, { 5, 5, 5, 50 }, { 0, 0, 12, 10 } };
    struct region *r = region_from_rects(rects, 3);
    rectangle_t want = { 0, 0, 20, 10 };

    ck_assert(r);
    ck_assert_uint_eq(r->count, 1);
    ck_assert_mem_eq(&r->rects[0], &want, sizeof(want));
    region_free(r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("region");
    TCase *tc = tcase_create("region");
    SRunner *sr;
    int failed;

    if (host_init() != HOST_OK)
        return EXIT_FAILURE;
    tcase_add_test(tc, test_ops_match_bitmaps);
    tcase_add_test(tc, test_hole_and_merge);
    tcase_add_test(tc, test_from_rects);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

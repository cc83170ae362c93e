/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_display.c - unit tests of the shared display region (rdp/display.c),
 * run under ASan and UBSan.
 */
#define _GNU_SOURCE
#include "rdp/display.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static struct display *make(uint32_t w, uint32_t h)
{
    struct display *d = NULL;
    ck_assert_int_eq(display_create(w, h, &d), 0);
    ck_assert_ptr_nonnull(d);
    return d;
}

START_TEST(test_create_rejects_bad_sizes)
{
    struct display *d = NULL;
    ck_assert_int_eq(display_create(0, 10, &d), -EINVAL);
    ck_assert_int_eq(display_create(10, 0, &d), -EINVAL);
    ck_assert_int_eq(display_create(DISPLAY_MAX_DIM + 1, 10, &d), -EINVAL);
}
END_TEST

START_TEST(test_attach_shares_pixels)
{
    struct display *a = make(64, 32), *b = NULL;
    ck_assert_int_eq(display_attach(display_fd(a), &b), 0);
    ck_assert_uint_eq(display_width(b), 64);
    ck_assert_uint_eq(display_height(b), 32);
    ck_assert_uint_eq(display_stride(b), 256);
    display_pixels(a)[64 * 31 + 63] = 0x00ff8040;
    ck_assert_uint_eq(display_pixels(b)[64 * 31 + 63], 0x00ff8040);
    display_set_cursor(a, 12, -3);
    int32_t x, y;
    display_get_cursor(b, &x, &y);
    ck_assert_int_eq(x, 12);
    ck_assert_int_eq(y, -3);
    display_close(b);
    /* The attacher's close left a's descriptor open and usable. */
    ck_assert_int_eq(display_attach(display_fd(a), &b), 0);
    display_close(b);
    display_close(a);
}
END_TEST

/* The pointer shape crosses the region intact, validated, and a change
 * wakes the damage waiter once until the serials are read. */
START_TEST(test_cursor_shape)
{
    struct display *a = make(64, 32), *b = NULL;
    static struct display_cursor got;
    uint32_t px[6 * 4], shape0, pos0, shape1, pos1;

    ck_assert_int_eq(display_attach(display_fd(a), &b), 0);
    ck_assert_int_eq(display_get_cursor_shape(b, &got), -ENOENT);
    for (uint32_t i = 0; i < 24; i++)
        px[i] = 0xff000000u | i * 0x010203u;
    display_cursor_serials(b, &shape0, &pos0);
    ck_assert_int_eq(display_set_cursor_shape(a, 6, 4, 6, 0, px), -EINVAL);
    ck_assert_int_eq(display_set_cursor_shape(a, DISPLAY_CURSOR_MAX + 1, 1, 0, 0, px), -EINVAL);
    ck_assert_int_eq(display_set_cursor_shape(a, 6, 4, 5, 3, px), 0);
    ck_assert_int_eq(display_damage_wait(b, 0), 0); /* woken, ring empty */
    display_cursor_serials(b, &shape1, &pos1);
    ck_assert_uint_ne(shape1, shape0);
    ck_assert_uint_eq(pos1, pos0);
    ck_assert_int_eq(display_damage_wait(b, 10), -ETIMEDOUT);
    ck_assert_int_eq(display_get_cursor_shape(b, &got), 0);
    ck_assert_uint_eq(got.width, 6);
    ck_assert_uint_eq(got.height, 4);
    ck_assert_uint_eq(got.hot_x, 5);
    ck_assert_uint_eq(got.hot_y, 3);
    ck_assert_int_eq(memcmp(got.pixels, px, sizeof(px)), 0);
    ck_assert_int_eq(display_set_cursor_shape(a, 0, 0, 0, 0, NULL), 0);
    ck_assert_int_eq(display_get_cursor_shape(b, &got), 0);
    ck_assert_uint_eq(got.width, 0);
    display_set_cursor(a, 7, 9);
    display_cursor_serials(b, &shape0, &pos0);
    ck_assert_uint_ne(pos0, pos1);
    display_close(b);
    display_close(a);
}
END_TEST

START_TEST(test_attach_rejects_foreign_files)
{
    struct display *d = NULL;
    int fd = memfd_create("junk", MFD_CLOEXEC);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(display_attach(fd, &d), -EPROTO); /* empty */
    ck_assert_int_eq(ftruncate(fd, 1 << 20), 0);
    ck_assert_int_eq(display_attach(fd, &d), -EPROTO); /* zeros: no magic */
    close(fd);

    struct display *a = make(16, 16);
    fd = display_fd(a);
    /* A truncated region must not be mapped past its end. */
    ck_assert_int_eq(ftruncate(fd, 4096), 0);
    ck_assert_int_eq(display_attach(fd, &d), -EPROTO);
    display_close(a);

    /* A header whose version differs is refused. */
    a = make(16, 16);
    uint32_t bad = DISPLAY_VERSION + 1;
    ck_assert_int_eq(pwrite(display_fd(a), &bad, sizeof(bad), 8), (ssize_t)sizeof(bad));
    ck_assert_int_eq(display_attach(display_fd(a), &d), -EPROTO);
    display_close(a);
}
END_TEST

START_TEST(test_damage_fifo_and_clip)
{
    struct display *d = make(100, 50);
    struct display_rect r;
    ck_assert_int_eq(display_damage_pop(d, &r), 0);
    display_damage(d, &(struct display_rect){ 1, 2, 3, 4 });
    display_damage(d, &(struct display_rect){ 90, 40, 50, 50 });     /* clipped */
    display_damage(d, &(struct display_rect){ 100, 0, 5, 5 });       /* outside: dropped */
    display_damage(d, &(struct display_rect){ 5, 5, 0, 5 });         /* empty: ignored */
    display_damage(d, &(struct display_rect){ 0, 1, UINT32_MAX, 1 }); /* overflowing sum */
    ck_assert_int_eq(display_damage_pop(d, &r), 1);
    ck_assert(r.x == 1 && r.y == 2 && r.w == 3 && r.h == 4);
    ck_assert_int_eq(display_damage_pop(d, &r), 1);
    ck_assert(r.x == 90 && r.y == 40 && r.w == 10 && r.h == 10);
    ck_assert_int_eq(display_damage_pop(d, &r), 1);
    ck_assert(r.x == 0 && r.y == 1 && r.w == 100 && r.h == 1);
    ck_assert_int_eq(display_damage_pop(d, &r), 0);
    display_close(d);
}
END_TEST

START_TEST(test_damage_overflow_means_everything)
{
    struct display *d = make(30, 20);
    struct display_rect r;
    for (int i = 0; i < DISPLAY_DAMAGE_SLOTS + 5; i++)
        display_damage(d, &(struct display_rect){ 1, 1, 1, 1 });
    ck_assert_int_eq(display_damage_pop(d, &r), 1);
    ck_assert(r.x == 0 && r.y == 0 && r.w == 30 && r.h == 20);
    ck_assert_int_eq(display_damage_pop(d, &r), 0);
    /* The ring works normally afterwards, across the index wrap. */
    for (int i = 0; i < 3 * DISPLAY_DAMAGE_SLOTS; i++) {
        display_damage(d, &(struct display_rect){ (uint32_t)i % 30, 0, 1, 1 });
        ck_assert_int_eq(display_damage_pop(d, &r), 1);
        ck_assert_uint_eq(r.x, (uint32_t)i % 30);
    }
    display_close(d);
}
END_TEST

START_TEST(test_input_fifo_and_full)
{
    struct display *d = make(8, 8);
    struct display_event ev;
    for (int i = 0; i < DISPLAY_INPUT_SLOTS; i++)
        ck_assert_int_eq(display_input_push(d, &(struct display_event){ DISPLAY_EV_KEY, DISPLAY_EV_DOWN, i, 0, 0 }), 0);
    ck_assert_int_eq(display_input_push(d, &(struct display_event){ DISPLAY_EV_KEY, 0, 9, 0, 0 }), -EAGAIN);
    ck_assert_uint_eq(display_input_dropped(d), 1);
    for (int i = 0; i < DISPLAY_INPUT_SLOTS; i++) {
        ck_assert_int_eq(display_input_pop(d, &ev), 1);
        ck_assert_int_eq(ev.code, i);
        ck_assert_uint_eq(ev.type, DISPLAY_EV_KEY);
    }
    ck_assert_int_eq(display_input_pop(d, &ev), 0);
    display_close(d);
}
END_TEST

START_TEST(test_wait_times_out)
{
    struct display *d = make(8, 8);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ck_assert_int_eq(display_input_wait(d, 50), -ETIMEDOUT);
    ck_assert_int_eq(display_damage_wait(d, 50), -ETIMEDOUT);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    ck_assert_int_ge(ms, 90);
    /* Pending data: no wait at all. */
    display_damage(d, &(struct display_rect){ 0, 0, 1, 1 });
    ck_assert_int_eq(display_damage_wait(d, 5000), 0);
    display_close(d);
}
END_TEST

/* Another process attaches and produces: the futexes are shared ones and
 * the order survives the trip. */
START_TEST(test_cross_process_streams)
{
    enum { N = 20000 };
    struct display *d = make(64, 64);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct display *c = NULL;
        if (display_attach(display_fd(d), &c))
            _exit(2);
        for (int i = 0; i < N; i++) {
            struct display_event ev = { DISPLAY_EV_MOTION, 0, i, i, -i };
            while (display_input_push(c, &ev) == -EAGAIN)
                usleep(100);
        }
        display_damage(c, &(struct display_rect){ 1, 2, 3, 4 });
        display_close(c);
        _exit(0);
    }
    struct display_event ev;
    int next = 0;
    while (next < N) {
        ck_assert_int_ne(display_input_wait(d, 10000), -ETIMEDOUT);
        while (display_input_pop(d, &ev) == 1) {
            ck_assert_int_eq(ev.code, next);
            ck_assert_int_eq(ev.y, -next);
            next++;
        }
    }
    ck_assert_int_ne(display_damage_wait(d, 10000), -ETIMEDOUT);
    struct display_rect r;
    ck_assert_int_eq(display_damage_pop(d, &r), 1);
    ck_assert_uint_eq(r.h, 4);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    display_close(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("display");
    TCase *tc = tcase_create("display");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_create_rejects_bad_sizes);
    tcase_add_test(tc, test_attach_shares_pixels);
    tcase_add_test(tc, test_attach_rejects_foreign_files);
    tcase_add_test(tc, test_damage_fifo_and_clip);
    tcase_add_test(tc, test_damage_overflow_means_everything);
    tcase_add_test(tc, test_input_fifo_and_full);
    tcase_add_test(tc, test_wait_times_out);
    tcase_add_test(tc, test_cross_process_streams);
    tcase_add_test(tc, test_cursor_shape);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

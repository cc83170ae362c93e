/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_display.c - the display: URI (host/linux/display.c): it opens only
 * once the monitor set a region, with READ and WRITE only; a shared
 * mapping of it is the region's memory; and futex words in that mapping
 * are process-shared: another process's wake reaches host_futex_wait, and
 * host_futex_wake reaches another process's wait.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <linux/futex.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

#define SIZE 8192

static int region(void)
{
    int fd = memfd_create("keep-test-display", MFD_CLOEXEC);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, SIZE), 0);
    return fd;
}

/* Map display: shared and read-write at a reserved range. */
static volatile uint32_t *map_display(void)
{
    host_stream_t s;
    void *p = NULL;

    ck_assert_int_eq(host_stream_open("display:", HOST_OPEN_READ | HOST_OPEN_WRITE, &s), HOST_OK);
    ck_assert_int_eq(host_vm_reserve(&p, SIZE, 0), HOST_OK);
    ck_assert_int_eq(host_stream_map(s, p, SIZE, 0, HOST_PROT_READ | HOST_PROT_WRITE, HOST_MAP_SHARED), HOST_OK);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
    return p;
}

START_TEST(test_display_none)
{
    host_stream_t s;

    ck_assert_int_eq(host_stream_open("display:", HOST_OPEN_READ | HOST_OPEN_WRITE, &s), HOST_ENOENT);
    ck_assert_int_eq(host_display_set(-1), HOST_EINVAL);
}
END_TEST

START_TEST(test_display_open)
{
    int fd = region();
    host_stream_t s;
    struct host_attr attr;

    ck_assert_int_eq(host_display_set(fd), HOST_OK);
    close(fd);      /* the host keeps its own descriptor */
    ck_assert_int_eq(host_stream_open("display:x", HOST_OPEN_READ, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open("display:", HOST_OPEN_READ | HOST_OPEN_CREATE, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open("display:", HOST_OPEN_READ | HOST_OPEN_WRITE, &s), HOST_OK);
    ck_assert_int_eq(host_stream_attr(s, &attr), HOST_OK);
    ck_assert_uint_eq(attr.size, SIZE);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_display_map)
{
    int fd = region();
    uint32_t got = 0;

    ck_assert_int_eq(host_display_set(fd), HOST_OK);
    volatile uint32_t *p = map_display();
    p[100] = 0x12345678;
    ck_assert_int_eq(pread(fd, &got, 4, 400), 4);
    ck_assert_uint_eq(got, 0x12345678);
    close(fd);
}
END_TEST

static long futex(volatile uint32_t *w, int op, uint32_t val, const struct timespec *ts)
{
    return syscall(SYS_futex, w, op, val, ts, NULL, 0);
}

/* A child maps the same file and wakes the word with a shared futex op. */
START_TEST(test_display_futex_wait_shared)
{
    int fd = region();
    int64_t timeout = 5000000000LL;
    pid_t pid;

    ck_assert_int_eq(host_display_set(fd), HOST_OK);
    volatile uint32_t *p = map_display();
    pid = fork();
    if (pid == 0) {
        volatile uint32_t *q = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        struct timespec pause = { 0, 200000000 };
        nanosleep(&pause, NULL);
        q[16] = 1;
        _exit(futex(&q[16], FUTEX_WAKE, 1, NULL) == 1 ? 0 : 1);
    }
    /* a private futex would sleep through the other process's wake */
    ck_assert_int_eq(host_futex_wait(&p[16], 0, &timeout, 0), HOST_OK);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(fd);
}
END_TEST

/* A child waits with a shared futex op; host_futex_wake must reach it. */
START_TEST(test_display_futex_wake_shared)
{
    int fd = region();
    pid_t pid;

    ck_assert_int_eq(host_display_set(fd), HOST_OK);
    volatile uint32_t *p = map_display();
    p[32] = 0;
    pid = fork();
    if (pid == 0) {
        volatile uint32_t *q = mmap(NULL, SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        struct timespec limit = { 5, 0 };
        q[33] = 1;      /* waiting now */
        long r = futex(&q[32], FUTEX_WAIT, 0, &limit);
        _exit(r == 0 || (r < 0 && errno == EAGAIN) ? 0 : 1);
    }
    while (p[33] == 0)
        ;
    struct timespec settle = { 0, 100000000 };
    nanosleep(&settle, NULL);
    p[32] = 1;
    ck_assert_int_ge(host_futex_wake(&p[32], 1), 0);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    close(fd);
}
END_TEST

Suite *make_suite_display(void)
{
    Suite *s = suite_create("display");
    TCase *tc = tcase_create("display");

    tcase_set_timeout(tc, TEST_SLOW_TIMEOUT);
    tcase_add_test(tc, test_display_none);
    tcase_add_test(tc, test_display_open);
    tcase_add_test(tc, test_display_map);
    tcase_add_test(tc, test_display_futex_wait_shared);
    tcase_add_test(tc, test_display_futex_wake_shared);
    suite_add_tcase(s, tc);
    return s;
}

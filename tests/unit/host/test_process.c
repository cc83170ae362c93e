/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_process.c - host_process_exit, host_debug_write. */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

START_TEST(test_process_exit__ends_the_process_with_the_code)
{
    host_process_exit(42);
}
END_TEST

START_TEST(test_process_exit__keeps_only_the_low_eight_bits)
{
    host_process_exit(0x1234);
}
END_TEST

static void block_forever(void *p)
{
    volatile uint32_t word = 0;

    (void)p;
    host_futex_wait(&word, 0, NULL, 0);
}

START_TEST(test_process_exit__with_other_threads_running__ends_them_all)
{
    pid_t pid = fork();
    int status;

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct test_thread t;
        if (test_thread_start(&t, block_forever, NULL) != HOST_OK)
            _exit(1);
        host_process_exit(7);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 7);
}
END_TEST

/* The address space is torn down by a helper, not by the exiting process:
 * once the process has been waited for, a second process (reparented to us,
 * the subreaper) ends by itself, and nothing else is left.  The helper
 * holds none of the process's descriptors once it is gone: its pipe has no
 * writer left and its file locks are free at once. */
START_TEST(test_process_exit__leaves_the_teardown_to_a_helper_that_ends)
{
    char path[] = "/tmp/keep-test-exit-XXXXXX";
    struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
    int fds[2], status, file = mkstemp(path);
    char c;

    ck_assert_int_ge(file, 0);
    unlink(path);
    ck_assert_int_eq(prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), 0);
    ck_assert_int_eq(pipe2(fds, O_NONBLOCK), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct test_thread t;
        size_t size = 8 << 20;
        char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        /* a lock of its own open file description */
        char name[64];
        snprintf(name, sizeof(name), "/proc/self/fd/%d", file);
        int own = open(name, O_RDWR);
        if (p == MAP_FAILED || own < 0 || fcntl(own, F_OFD_SETLK, &lk) < 0 ||
            test_thread_start(&t, block_forever, NULL) != HOST_OK)
            _exit(1);
        memset(p, 1, size);
        close(fds[0]);
        dup2(fds[1], 1);
        close(fds[1]);
        host_process_exit(5);
    }
    close(fds[1]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 5);
    /* its standard output has ended (no writer), its lock is free */
    ck_assert_int_eq(read(fds[0], &c, 1), 0);
    close(fds[0]);
    ck_assert_int_eq(fcntl(file, F_OFD_SETLK, &lk), 0);
    close(file);
    pid_t helper = waitpid(-1, &status, 0);
    ck_assert_int_gt(helper, 0);
    ck_assert_int_ne(helper, pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 0);
    ck_assert_int_eq(waitpid(-1, &status, WNOHANG), -1);
    ck_assert_int_eq(errno, ECHILD);
}
END_TEST

static int exit_in_upcall(const struct host_exception *e, struct host_cpu_context *c)
{
    (void)e;
    (void)c;
    host_process_exit(9);
}

START_TEST(test_process_exit__from_the_upcall__ends_the_process_with_the_code)
{
    host_exception_set_handler(exit_in_upcall);
    __asm__ volatile("ud2");
}
END_TEST

START_TEST(test_debug_write__writes_the_bytes_to_stderr)
{
    int fds[2], saved = dup(2);
    char buf[64] = { 0 };

    ck_assert_int_eq(pipe(fds), 0);
    dup2(fds[1], 2);
    host_debug_write("trace: hello\nignored", 13);
    dup2(saved, 2);
    close(fds[1]);
    close(saved);
    ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 13);
    ck_assert_str_eq(buf, "trace: hello\n");
    close(fds[0]);
}
END_TEST

Suite *make_suite_process(void)
{
    Suite *s = suite_create("process");
    TCase *tc = tcase_create("process");

    tcase_set_timeout(tc, TEST_SLOW_TIMEOUT);
    tcase_add_exit_test(tc, test_process_exit__ends_the_process_with_the_code, 42);
    tcase_add_exit_test(tc, test_process_exit__keeps_only_the_low_eight_bits, 0x34);
    tcase_add_test(tc, test_process_exit__with_other_threads_running__ends_them_all);
    tcase_add_test(tc, test_process_exit__leaves_the_teardown_to_a_helper_that_ends);
    tcase_add_exit_test(tc, test_process_exit__from_the_upcall__ends_the_process_with_the_code, 9);
    tcase_add_test(tc, test_debug_write__writes_the_bytes_to_stderr);
    suite_add_tcase(s, tc);
    return s;
}

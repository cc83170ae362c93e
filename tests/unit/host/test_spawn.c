/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_spawn.c - host_process_spawn and the process stream, with a test
 * spawner that forks a small child instead of a picoprocess.  What the
 * child does is chosen by the first byte of the boot data.
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

enum child_plan {
    PLAN_REPORT = 'r',      /* wait for resume, report 0x12345678, exit 5 */
    PLAN_EXIT = 'e',        /* wait for resume, exit 7 without a report */
    PLAN_HANG = 'h',        /* never end by itself */
    PLAN_WRITE = 'w',       /* write "hi" to stream 0, exit 0 */
};

static int spawned_pid;
static size_t spawned_fds;
static unsigned spawned_flags0;

static void child_main(const struct host_spawn_request *req)
{
    struct host_process_command cmd;
    int32_t code = 0x12345678;
    char plan = req->boot_size ? ((const char *)req->boot)[0] : 0;

    if (plan == PLAN_WRITE) {
        _exit(write(req->fds[0], "hi", 2) == 2 ? 0 : 1);
    }
    if (plan == PLAN_HANG)
        for (;;)
            pause();
    if (read(req->control_fd, &cmd, sizeof(cmd)) != sizeof(cmd) || cmd.op != HOST_PROCESS_RESUME)
        _exit(3);
    if (plan == PLAN_REPORT && write(req->control_fd, &code, sizeof(code)) != sizeof(code))
        _exit(4);
    _exit(plan == PLAN_REPORT ? 5 : 7);
}

static int fork_spawner(void *ctx, const struct host_spawn_request *req, int *pid)
{
    (void)ctx;
    spawned_fds = req->fd_count;
    spawned_flags0 = req->fd_count ? req->fd_flags[0] : 0;
    *pid = fork();
    if (*pid < 0)
        return HOST_EIO;
    if (*pid == 0)
        child_main(req);
    spawned_pid = *pid;
    return HOST_OK;
}

static void spawn_setup(void)
{
    test_fs_setup();
    test_put_file("prog.exe", "MZ");
    host_set_spawner(fork_spawner, NULL);
}

static void spawn_teardown(void)
{
    host_set_spawner(NULL, NULL);
    test_fs_teardown();
}

static host_stream_t spawn(char plan, const host_stream_t *streams, size_t count)
{
    struct host_spawn spec = {
        .image_uri = test_uri("file:", "prog.exe"), .boot = &plan, .boot_size = 1,
        .streams = streams, .stream_count = count,
    };
    host_stream_t s = -1;
    uint32_t id = 0;

    ck_assert_int_eq(host_process_spawn(&spec, &s, &id), HOST_OK);
    ck_assert_int_ge(s, 0);
    ck_assert_uint_eq(id, (uint32_t)spawned_pid);
    return s;
}

static void command(host_stream_t s, uint32_t op, int32_t code)
{
    struct host_process_command cmd = { op, code };
    size_t done = 0;

    ck_assert_int_eq(host_stream_write(s, &cmd, sizeof(cmd), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, sizeof(cmd));
}

static int32_t wait_end(host_stream_t s)
{
    int32_t status = -1;
    size_t done = 0;

    ck_assert_int_eq(host_stream_read(s, &status, sizeof(status), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, sizeof(status));
    return status;
}

START_TEST(test_spawn__reported_status__is_read_whole)
{
    host_stream_t s = spawn(PLAN_REPORT, NULL, 0);

    command(s, HOST_PROCESS_RESUME, 0);
    ck_assert_int_eq(wait_end(s), 0x12345678);
    /* a second read answers the same */
    ck_assert_int_eq(wait_end(s), 0x12345678);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_spawn__no_report__answers_the_host_exit_status)
{
    host_stream_t s = spawn(PLAN_EXIT, NULL, 0);

    command(s, HOST_PROCESS_RESUME, 0);
    ck_assert_int_eq(wait_end(s), 7);
    host_stream_close(s);
}
END_TEST

START_TEST(test_spawn__terminate__ends_it_with_the_code)
{
    host_stream_t s = spawn(PLAN_HANG, NULL, 0);

    command(s, HOST_PROCESS_TERMINATE, 0x2a);
    ck_assert_int_eq(wait_end(s), 0x2a);
    ck_assert_int_eq(kill(spawned_pid, 0), -1);   /* reaped */
    host_stream_close(s);
}
END_TEST

START_TEST(test_spawn__streams__reach_the_child_in_order)
{
    host_stream_t p[2];
    char buf[8] = { 0 };
    size_t done = 0;

    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    host_stream_t s = spawn(PLAN_WRITE, &p[1], 1);
    ck_assert_uint_eq(spawned_fds, 1);
    ck_assert_uint_eq(spawned_flags0, HOST_OPEN_WRITE);   /* a pipe: sequential */
    host_stream_close(p[1]);
    ck_assert_int_eq(host_stream_read(p[0], buf, sizeof(buf), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_str_eq(buf, "hi");
    ck_assert_int_eq(wait_end(s), 0);
    host_stream_close(p[0]);
    host_stream_close(s);
}
END_TEST

START_TEST(test_spawn__image_outside_the_policy__is_denied)
{
    struct host_spawn spec = { .image_uri = "file:/etc/passwd" };
    host_stream_t s;
    uint32_t id;

    ck_assert_int_eq(host_process_spawn(&spec, &s, &id), HOST_EACCES);
    ck_assert_ptr_nonnull(strstr(test_log_text(), "/etc/passwd"));
}
END_TEST

START_TEST(test_spawn__bad_requests__are_refused)
{
    struct host_spawn spec = { .image_uri = test_uri("file:", "prog.exe") };
    host_stream_t bad = 12345, s;
    uint32_t id;

    ck_assert_int_eq(host_process_spawn(NULL, &s, &id), HOST_EINVAL);
    spec.stream_count = 1;
    ck_assert_int_eq(host_process_spawn(&spec, &s, &id), HOST_EINVAL);
    spec.streams = &bad;
    ck_assert_int_eq(host_process_spawn(&spec, &s, &id), HOST_EBADF);
    spec.stream_count = 0;
    spec.image_uri = test_uri("file:", "missing.exe");
    ck_assert_int_eq(host_process_spawn(&spec, &s, &id), HOST_ENOENT);
}
END_TEST

START_TEST(test_spawn__without_a_spawner__is_not_supported)
{
    struct host_spawn spec = { .image_uri = test_uri("file:", "prog.exe") };
    host_stream_t s;
    uint32_t id;

    host_set_spawner(NULL, NULL);
    ck_assert_int_eq(host_process_spawn(&spec, &s, &id), HOST_ENOSYS);
}
END_TEST

START_TEST(test_spawn__process_stream__refuses_positions_and_odd_sizes)
{
    host_stream_t s = spawn(PLAN_HANG, NULL, 0);
    char buf[8];
    size_t done;

    ck_assert_int_eq(host_stream_read(s, buf, 4, 0, &done), HOST_EINVAL);
    ck_assert_int_eq(host_stream_read(s, buf, 2, HOST_POS_NONE, &done), HOST_EINVAL);
    ck_assert_int_eq(host_stream_write(s, buf, 3, HOST_POS_NONE, &done), HOST_EINVAL);
    command(s, HOST_PROCESS_TERMINATE, 1);
    ck_assert_int_eq(wait_end(s), 1);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_adopt__file_and_pipe)
{
    int fds[2];
    host_stream_t s;
    size_t done = 0;
    char buf[4] = { 0 };

    test_put_file("f", "abc");
    int fd = open(test_path("f"), O_RDONLY);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(host_stream_adopt(fd, HOST_OPEN_READ | HOST_ADOPT_POSITIONED, &s), HOST_OK);
    /* a file: stream keeps positioned I/O */
    ck_assert_int_eq(host_stream_read(s, buf, 2, 1, &done), HOST_OK);
    ck_assert_str_eq(buf, "bc");
    host_stream_close(s);
    /* a regular file that was stdio stays sequential */
    fd = open(test_path("f"), O_RDWR | O_APPEND);
    ck_assert_int_eq(host_stream_adopt(fd, HOST_OPEN_WRITE, &s), HOST_OK);
    ck_assert_int_eq(host_stream_write(s, "d", 1, HOST_POS_NONE, &done), HOST_OK);
    host_stream_close(s);
    ck_assert_int_eq(host_stream_read(-1, buf, 1, 0, &done), HOST_EBADF);
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(host_stream_adopt(fds[1], HOST_OPEN_WRITE, &s), HOST_OK);
    ck_assert_int_eq(host_stream_write(s, "x", 1, HOST_POS_NONE, &done), HOST_OK);
    ck_assert_int_eq(read(fds[0], buf, 1), 1);
    ck_assert_int_eq(buf[0], 'x');
    host_stream_close(s);
    close(fds[0]);
    ck_assert_int_eq(host_stream_adopt(-1, HOST_OPEN_READ, &s), HOST_EINVAL);
}
END_TEST

Suite *make_suite_spawn(void)
{
    Suite *s = suite_create("spawn");
    TCase *tc = tcase_create("spawn");

    tcase_set_timeout(tc, TEST_SLOW_TIMEOUT);
    tcase_add_checked_fixture(tc, spawn_setup, spawn_teardown);
    tcase_add_test(tc, test_spawn__reported_status__is_read_whole);
    tcase_add_test(tc, test_spawn__no_report__answers_the_host_exit_status);
    tcase_add_test(tc, test_spawn__terminate__ends_it_with_the_code);
    tcase_add_test(tc, test_spawn__streams__reach_the_child_in_order);
    tcase_add_test(tc, test_spawn__image_outside_the_policy__is_denied);
    tcase_add_test(tc, test_spawn__bad_requests__are_refused);
    tcase_add_test(tc, test_spawn__without_a_spawner__is_not_supported);
    tcase_add_test(tc, test_spawn__process_stream__refuses_positions_and_odd_sizes);
    tcase_add_test(tc, test_stream_adopt__file_and_pipe);
    suite_add_tcase(s, tc);
    return s;
}

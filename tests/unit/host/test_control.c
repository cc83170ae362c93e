/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_control.c - the ctl: stream, and listing and re-creating streams
 * (what snapshots need of the host). */
#define _GNU_SOURCE 1
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

#define RW (HOST_OPEN_READ | HOST_OPEN_WRITE)

/* A monitor side that hands out one request and records what it gets. */
struct fake_monitor {
    int reads;
    char got[256];
    size_t got_len;
    int64_t last_offset;
    int fail_writes;
};

static int fake_read(void *ctx, void *buf, size_t size, size_t *done)
{
    struct fake_monitor *m = ctx;
    struct host_ctl_request req = { HOST_CTL_SNAPSHOT, HOST_CTL_LEAVE_RUNNING };

    ck_assert_uint_ge(size, sizeof(req));
    m->reads++;
    memcpy(buf, &req, sizeof(req));
    *done = sizeof(req);
    return HOST_OK;
}

static int fake_write(void *ctx, const void *buf, size_t size, int64_t offset)
{
    struct fake_monitor *m = ctx;

    if (m->fail_writes)
        return HOST_EIO;
    ck_assert_uint_le(m->got_len + size, sizeof(m->got));
    memcpy(m->got + m->got_len, buf, size);
    m->got_len += size;
    m->last_offset = offset;
    return HOST_OK;
}

static const struct host_control_ops fake_ops = { fake_read, fake_write };

static void teardown_control(void)
{
    host_set_control(NULL, NULL);
}

START_TEST(test_ctl__reads_requests_and_passes_records_and_payload_to_the_monitor)
{
    struct fake_monitor m = { 0 };
    struct host_ctl_request req;
    struct host_ctl_record rec = { HOST_CTL_SECTION, 7, 0, 5 };
    host_stream_t s;
    size_t done = 0;

    host_set_control(&fake_ops, &m);
    ck_assert_int_eq(host_stream_open("ctl:", RW, &s), HOST_OK);
    ck_assert_int_eq(host_stream_read(s, &req, sizeof(req), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, sizeof(req));
    ck_assert_uint_eq(req.op, HOST_CTL_SNAPSHOT);
    ck_assert_uint_eq(req.flags, HOST_CTL_LEAVE_RUNNING);
    ck_assert_int_eq(host_stream_write(s, &rec, sizeof(rec), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, sizeof(rec));
    ck_assert_int_eq(m.last_offset, HOST_POS_NONE);
    ck_assert_int_eq(host_stream_write(s, "hello", 5, 1234, &done), HOST_OK);
    ck_assert_uint_eq(done, 5);
    ck_assert_int_eq(m.last_offset, 1234);
    ck_assert_uint_eq(m.got_len, sizeof(rec) + 5);
    ck_assert_int_eq(memcmp(m.got + sizeof(rec), "hello", 5), 0);
    /* a record must be whole; a positioned read makes no sense */
    ck_assert_int_eq(host_stream_write(s, &rec, 3, HOST_POS_NONE, &done), HOST_EINVAL);
    ck_assert_int_eq(host_stream_read(s, &req, sizeof(req), 0, &done), HOST_EINVAL);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_ctl__monitor_failure_and_no_monitor__writes_fail_with_eio)
{
    struct fake_monitor m = { .fail_writes = 1 };
    struct host_ctl_record rec = { HOST_CTL_END, 0, 0, 0 };
    host_stream_t s;
    size_t done = 99;

    host_set_control(&fake_ops, &m);
    ck_assert_int_eq(host_stream_open("ctl:", RW, &s), HOST_OK);
    ck_assert_int_eq(host_stream_write(s, &rec, sizeof(rec), HOST_POS_NONE, &done), HOST_EIO);
    ck_assert_uint_eq(done, 0);
    host_set_control(NULL, NULL);
    ck_assert_int_eq(host_stream_write(s, &rec, sizeof(rec), HOST_POS_NONE, &done), HOST_EIO);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_ctl__open_takes_read_write_only_and_no_path)
{
    host_stream_t s;

    ck_assert_int_eq(host_stream_open("ctl:", HOST_OPEN_READ, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open("ctl:", RW | HOST_OPEN_CREATE, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open("ctl:x", RW, &s), HOST_EINVAL);
}
END_TEST

struct listing {
    int64_t id;
    unsigned kind, flags;
    char path[4096];
    int seen;
    uint64_t dev, ino;
};

static int find_stream(void *ctx, const struct host_stream_desc *d)
{
    struct listing *l = ctx;

    if (d->id != l->id)
        return 0;
    l->kind = d->kind;
    l->flags = d->flags;
    snprintf(l->path, sizeof(l->path), "%s", d->path ? d->path : "");
    l->seen = 1;
    l->dev = d->dev;
    l->ino = d->ino;
    return 1;
}

START_TEST(test_streams_list_and_restore__a_file_comes_back_at_its_id)
{
    struct listing l = { 0 };
    host_stream_t s;
    size_t done;
    char buf[8] = { 0 };
    int dead = -1;

    ck_assert_int_eq(host_stream_open(test_uri("file:", "kept"), RW | HOST_OPEN_CREATE, &s), HOST_OK);
    ck_assert_int_eq(host_stream_write(s, "abc", 3, 0, &done), HOST_OK);
    l.id = s;
    ck_assert_int_eq(host_streams_list(find_stream, &l), 1);
    ck_assert(l.seen);
    ck_assert_uint_eq(l.kind, HOST_DESC_FILE);
    ck_assert_uint_eq(l.flags, RW | HOST_OPEN_CREATE);
    ck_assert_str_eq(l.path, test_path("kept"));
    ck_assert_int_eq(host_stream_close(s), HOST_OK);

    struct host_stream_desc d = { s, HOST_DESC_FILE, RW | HOST_OPEN_CREATE | HOST_OPEN_TRUNCATE, 0, l.path,
                                  .fd = -1 };
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_OK);
    ck_assert_int_eq(dead, 0);
    /* not truncated again: the contents are there */
    ck_assert_int_eq(host_stream_read(s, buf, 3, 0, &done), HOST_OK);
    ck_assert_str_eq(buf, "abc");
    /* the slot is taken now */
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_EEXIST);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_stream_restore__a_vanished_file_or_a_pipe__is_dead_and_fails_when_used)
{
    char gone[4096];
    host_stream_t id = 40;
    size_t done = 9;
    int dead = 0;

    snprintf(gone, sizeof(gone), "%s", test_path("gone"));
    struct host_stream_desc d = { id, HOST_DESC_FILE, RW, 0, gone, .fd = -1 };
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_OK);
    ck_assert_int_eq(dead, 1);
    ck_assert_int_eq(host_stream_read(id, gone, 4, 0, &done), HOST_EBADF);
    ck_assert_int_eq(host_stream_write(id, "x", 1, 0, &done), HOST_EBADF);
    ck_assert_int_eq(host_stream_close(id), HOST_OK);

    struct host_stream_desc p = { id + 1, HOST_DESC_PIPE, HOST_OPEN_READ, 0, NULL, .fd = -1 };
    ck_assert_int_eq(host_stream_restore(&p, &dead), HOST_OK);
    ck_assert_int_eq(dead, 1);
    ck_assert_int_eq(host_stream_read(id + 1, gone, 4, HOST_POS_NONE, &done), HOST_EBADF);
    ck_assert_int_eq(host_stream_close(id + 1), HOST_OK);
}
END_TEST

START_TEST(test_stream_restore__stdio_is_this_process_s_descriptor)
{
    int fds[2], saved = dup(1);
    host_stream_t id = 50;
    size_t done = 0;
    char buf[8] = { 0 };
    int dead = 1;

    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_ge(dup2(fds[1], 1), 0);
    struct host_stream_desc d = { id, HOST_DESC_STDIO, HOST_OPEN_WRITE, 1, NULL, .fd = -1 };
    int r = host_stream_restore(&d, &dead);
    dup2(saved, 1);
    close(saved);
    close(fds[1]);
    ck_assert_int_eq(r, HOST_OK);
    ck_assert_int_eq(dead, 0);
    ck_assert_int_eq(host_stream_write(id, "out", 3, HOST_POS_NONE, &done), HOST_OK);
    ck_assert_int_eq(host_stream_close(id), HOST_OK);
    ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 3);
    ck_assert_str_eq(buf, "out");
    close(fds[0]);
}
END_TEST

START_TEST(test_stream_restore__bad_arguments__return_einval)
{
    struct host_stream_desc d = { 60, 99, 0, 0, NULL, .fd = -1 };
    int dead;

    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_EINVAL);
    ck_assert_int_eq(host_stream_restore(NULL, &dead), HOST_EINVAL);
    d.kind = HOST_DESC_FILE;
    d.id = -1;
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_EINVAL);
}
END_TEST

START_TEST(test_ctl__a_child_record_reaches_the_monitor_as_written)
{
    struct fake_monitor m = { 0 };
    struct host_ctl_record rec = { HOST_CTL_CHILD, 0, 77, 0 }, got;
    host_stream_t s;
    size_t done = 0;

    host_set_control(&fake_ops, &m);
    ck_assert_int_eq(host_stream_open("ctl:", RW, &s), HOST_OK);
    ck_assert_int_eq(host_stream_write(s, &rec, sizeof(rec), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(m.got_len, sizeof(rec));
    memcpy(&got, m.got, sizeof(got));
    ck_assert_uint_eq(got.kind, HOST_CTL_CHILD);
    ck_assert_uint_eq(got.addr, 77);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_streams_list__both_ends_of_a_pipe_are_one_file__peek_leaves_the_bytes)
{
    host_stream_t p[2];
    struct listing r = { 0 }, w = { 0 };
    char buf[16] = { 0 };
    size_t done = 9;

    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    r.id = p[0];
    w.id = p[1];
    ck_assert_int_eq(host_streams_list(find_stream, &r), 1);
    ck_assert_int_eq(host_streams_list(find_stream, &w), 1);
    ck_assert_uint_ne(r.ino, 0);
    ck_assert_uint_eq(r.ino, w.ino);
    ck_assert_uint_eq(r.dev, w.dev);
    /* empty: nothing, at once */
    ck_assert_int_eq(host_stream_pipe_peek(p[0], buf, sizeof(buf), &done), HOST_OK);
    ck_assert_uint_eq(done, 0);
    ck_assert_int_eq(host_stream_write(p[1], "hello", 5, HOST_POS_NONE, &done), HOST_OK);
    ck_assert_int_eq(host_stream_pipe_peek(p[0], buf, sizeof(buf), &done), HOST_OK);
    ck_assert_uint_eq(done, 5);
    ck_assert_str_eq(buf, "hello");
    /* still there for the reader */
    memset(buf, 0, sizeof(buf));
    ck_assert_int_eq(host_stream_read(p[0], buf, sizeof(buf), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, 5);
    ck_assert_str_eq(buf, "hello");
    /* only a pipe's reading end can be looked into */
    ck_assert_int_eq(host_stream_pipe_peek(p[1], buf, sizeof(buf), &done), HOST_EBADF);
    ck_assert_int_eq(host_stream_close(p[0]), HOST_OK);
    ck_assert_int_eq(host_stream_close(p[1]), HOST_OK);
}
END_TEST

START_TEST(test_stream_restore__a_pipe_over_a_descriptor_the_monitor_made)
{
    int fds[2];
    host_stream_t id = 70;
    size_t done = 0;
    char buf[8] = { 0 };
    int dead = 1;

    ck_assert_int_eq(pipe(fds), 0);
    struct host_stream_desc d = { id, HOST_DESC_PIPE, HOST_OPEN_WRITE, 0, NULL, .fd = fds[1] };
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_OK);
    ck_assert_int_eq(dead, 0);
    ck_assert_int_eq(host_stream_write(id, "tree", 4, HOST_POS_NONE, &done), HOST_OK);
    ck_assert_int_eq(host_stream_close(id), HOST_OK);   /* closes fds[1] */
    ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 4);
    ck_assert_str_eq(buf, "tree");
    ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 0);
    close(fds[0]);
}
END_TEST

START_TEST(test_stream_restore__a_child_that_ended_answers_its_status)
{
    host_stream_t id = 71;
    int32_t code = 0;
    size_t done = 0;
    int dead = 1, pid = 0;

    struct host_stream_desc d = { id, HOST_DESC_PROCESS, RW, 0, NULL,
                                  .pid = 4321, .fd = -1, .ended = 1, .status = 42 };
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_OK);
    ck_assert_int_eq(dead, 0);
    ck_assert_int_eq(host_stream_read(id, &code, sizeof(code), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, 4);
    ck_assert_int_eq(code, 42);
    ck_assert_int_eq(host_stream_child_pid(id, &pid), HOST_OK);
    ck_assert_int_eq(pid, 4321);
    ck_assert_int_eq(host_stream_close(id), HOST_OK);
}
END_TEST

START_TEST(test_stream_restore__a_running_child_reports_through_its_new_stream)
{
    host_stream_t id = 72, p[2];
    int32_t code = 0;
    size_t done = 0;
    int sv[2], dead = 1, pid;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        int32_t seven = 7;
        close(sv[0]);
        _exit(write(sv[1], &seven, 4) == 4 ? 0 : 1);
    }
    close(sv[1]);
    struct host_stream_desc d = { id, HOST_DESC_PROCESS, RW, 0, NULL, .pid = pid, .fd = sv[0] };
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_OK);
    ck_assert_int_eq(dead, 0);
    ck_assert_int_eq(host_stream_read(id, &code, sizeof(code), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_int_eq(code, 7);
    ck_assert_int_eq(host_stream_close(id), HOST_OK);
    /* not a child's stream */
    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    ck_assert_int_eq(host_stream_child_pid(p[0], &pid), HOST_EBADF);
    host_stream_close(p[0]);
    host_stream_close(p[1]);
}
END_TEST

Suite *make_suite_control(void)
{
    Suite *s = suite_create("control");
    TCase *tc = tcase_create("control");

    tcase_add_checked_fixture(tc, test_fs_setup, test_fs_teardown);
    tcase_add_checked_fixture(tc, NULL, teardown_control);
    tcase_add_test(tc, test_ctl__reads_requests_and_passes_records_and_payload_to_the_monitor);
    tcase_add_test(tc, test_ctl__monitor_failure_and_no_monitor__writes_fail_with_eio);
    tcase_add_test(tc, test_ctl__open_takes_read_write_only_and_no_path);
    tcase_add_test(tc, test_streams_list_and_restore__a_file_comes_back_at_its_id);
    tcase_add_test(tc, test_stream_restore__a_vanished_file_or_a_pipe__is_dead_and_fails_when_used);
    tcase_add_test(tc, test_stream_restore__stdio_is_this_process_s_descriptor);
    tcase_add_test(tc, test_stream_restore__bad_arguments__return_einval);
    tcase_add_test(tc, test_ctl__a_child_record_reaches_the_monitor_as_written);
    tcase_add_test(tc, test_streams_list__both_ends_of_a_pipe_are_one_file__peek_leaves_the_bytes);
    tcase_add_test(tc, test_stream_restore__a_pipe_over_a_descriptor_the_monitor_made);
    tcase_add_test(tc, test_stream_restore__a_child_that_ended_answers_its_status);
    tcase_add_test(tc, test_stream_restore__a_running_child_reports_through_its_new_stream);
    suite_add_tcase(s, tc);
    return s;
}

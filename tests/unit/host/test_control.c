/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_control.c - the ctl: stream, and listing and re-creating streams
 * (what snapshots need of the host). */
#define _GNU_SOURCE 1
#include <stdlib.h>
#include <string.h>
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

    struct host_stream_desc d = { s, HOST_DESC_FILE, RW | HOST_OPEN_CREATE | HOST_OPEN_TRUNCATE, 0, l.path };
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
    struct host_stream_desc d = { id, HOST_DESC_FILE, RW, 0, gone };
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_OK);
    ck_assert_int_eq(dead, 1);
    ck_assert_int_eq(host_stream_read(id, gone, 4, 0, &done), HOST_EBADF);
    ck_assert_int_eq(host_stream_write(id, "x", 1, 0, &done), HOST_EBADF);
    ck_assert_int_eq(host_stream_close(id), HOST_OK);

    struct host_stream_desc p = { id + 1, HOST_DESC_PIPE, HOST_OPEN_READ, 0, NULL };
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
    struct host_stream_desc d = { id, HOST_DESC_STDIO, HOST_OPEN_WRITE, 1, NULL };
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
    struct host_stream_desc d = { 60, 99, 0, 0, NULL };
    int dead;

    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_EINVAL);
    ck_assert_int_eq(host_stream_restore(NULL, &dead), HOST_EINVAL);
    d.kind = HOST_DESC_FILE;
    d.id = -1;
    ck_assert_int_eq(host_stream_restore(&d, &dead), HOST_EINVAL);
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
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_library.c - lib: URIs: shared libraries by file name, Wine's unix-library
 * directory first, then the system's; read-only; nothing but *.so names. */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

#ifndef KEEP_TESTLIB
#error "KEEP_TESTLIB: the path of the built test library"
#endif

/* Copy the built test library to test_dir/<name>. */
static void put_lib(const char *name)
{
    char buf[65536];
    int in = open(KEEP_TESTLIB, O_RDONLY), out;
    ssize_t n;

    ck_assert_msg(in >= 0, "cannot open %s", KEEP_TESTLIB);
    out = open(test_path(name), O_WRONLY | O_CREAT | O_TRUNC, 0755);
    ck_assert_int_ge(out, 0);
    while ((n = read(in, buf, sizeof(buf))) > 0)
        ck_assert_int_eq(write(out, buf, (size_t)n), n);
    close(in);
    close(out);
}

/* test_dir/unix is the library directory; test_dir itself is not. */
static void setup(void)
{
    test_fs_setup();
    ck_assert_int_eq(mkdir(test_path("unix"), 0755), 0);
    ck_assert_int_eq(host_library_allow_dir(test_path("unix")), HOST_OK);
}

static void teardown(void)
{
    host_library_allow_dir(NULL);
    test_fs_teardown();
}


/* The first bytes of lib:name, or HOST_* from opening it. */
static int lib_head(const char *name, char *buf, size_t size)
{
    char uri[300];
    host_stream_t s;
    size_t done = 0;
    int r;

    snprintf(uri, sizeof(uri), "lib:%s", name);
    if ((r = host_stream_open(uri, HOST_OPEN_READ, &s)) < 0)
        return r;
    r = host_stream_read(s, buf, size, 0, &done);
    host_stream_close(s);
    ck_assert_int_eq(r, HOST_OK);
    return (int)done;
}

START_TEST(test_library__in_the_library_dir__opens_read_only_and_maps)
{
    char head[4];
    host_stream_t s;
    void *addr = NULL;

    put_lib("unix/testlib.so");
    ck_assert_int_eq(lib_head("testlib.so", head, 4), 4);
    ck_assert_int_eq(memcmp(head, "\177ELF", 4), 0);
    ck_assert_int_eq(host_stream_open("lib:testlib.so", HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_vm_reserve(&addr, 4096, 0), HOST_OK);
    ck_assert_int_eq(host_stream_map(s, addr, 4096, 0, HOST_PROT_READ, 0), HOST_OK);
    ck_assert_int_eq(memcmp(addr, "\177ELF", 4), 0);
    ck_assert_int_eq(host_vm_free(addr, 4096, 0), HOST_OK);
    host_stream_close(s);
}
END_TEST

START_TEST(test_library__the_wine_dir__comes_before_the_system_dirs)
{
    char head[8];

    test_put_file("unix/libc.so.6", "wine's\n");
    ck_assert_int_eq(lib_head("libc.so.6", head, 6), 6);
    ck_assert_int_eq(memcmp(head, "wine's", 6), 0);
    ck_assert_int_eq(host_library_allow_dir(NULL), HOST_OK);
    ck_assert_int_eq(lib_head("libc.so.6", head, 4), 4);    /* the system's C library */
    ck_assert_int_eq(memcmp(head, "\177ELF", 4), 0);
}
END_TEST

START_TEST(test_library__only_bare_shared_object_names__are_accepted)
{
    static const char *const bad[] = {
        "lib:", "lib:../testlib.so", "lib:unix/testlib.so", "lib:/etc/passwd", "lib:.so",
        "lib:passwd", "lib:x.so.a", "lib:x.sox", "lib:.hidden.so",
    };
    host_stream_t s;

    put_lib("testlib.so");
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(host_stream_open(bad[i], HOST_OPEN_READ, &s) == HOST_EINVAL, "%s", bad[i]);
    ck_assert_int_eq(host_stream_open("lib:keep-no-such-library.so.9", HOST_OPEN_READ, &s),
                     HOST_ENOENT);
    ck_assert_int_eq(mkdir(test_path("unix/dir.so"), 0755), 0);
    ck_assert_int_eq(host_stream_open("lib:dir.so", HOST_OPEN_READ, &s), HOST_ENOENT);
    put_lib("unix/testlib.so");
    ck_assert_int_eq(host_stream_open("lib:testlib.so", HOST_OPEN_READ | HOST_OPEN_WRITE, &s),
                     HOST_EROFS);
    ck_assert_int_eq(host_stream_open("lib:testlib.so", HOST_OPEN_READ | HOST_OPEN_CREATE, &s),
                     HOST_EINVAL);
    ck_assert_int_eq(host_library_allow_dir("relative/dir"), HOST_EINVAL);
}
END_TEST

Suite *make_suite_library(void)
{
    Suite *s = suite_create("library");
    TCase *tc = tcase_create("library");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_library__in_the_library_dir__opens_read_only_and_maps);
    tcase_add_test(tc, test_library__the_wine_dir__comes_before_the_system_dirs);
    tcase_add_test(tc, test_library__only_bare_shared_object_names__are_accepted);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_library.c - host_library_open/symbol and the unix-library directory rule. */
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

START_TEST(test_library__in_the_library_dir__loads_and_its_exports_work)
{
    host_library_t lib = 0;
    int (*twice)(int) = NULL;
    const char *name = NULL;

    put_lib("unix/testlib.so");
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/testlib.so"), &lib), HOST_OK);
    ck_assert_uint_ne(lib, 0);
    ck_assert_int_eq(host_library_symbol(lib, "keep_testlib_twice", (void **)&twice), HOST_OK);
    ck_assert_int_eq(twice(21), 42);
    ck_assert_int_eq(host_library_symbol(lib, "keep_testlib_name", (void **)&name), HOST_OK);
    ck_assert_str_eq(name, "keep test library");
}
END_TEST

START_TEST(test_library__opened_twice__gives_the_same_handle)
{
    host_library_t a = 0, b = 0;

    put_lib("unix/testlib.so");
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/testlib.so"), &a), HOST_OK);
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/./testlib.so"), &b), HOST_OK);
    ck_assert_uint_eq(a, b);
}
END_TEST

START_TEST(test_library__outside_the_library_dir__is_denied_and_logged)
{
    unsigned long before = host_policy_denials();
    host_library_t lib = 0;

    put_lib("testlib.so");   /* readable by the file policy, but not a library dir */
    ck_assert_int_eq(host_library_open(test_uri("file:", "testlib.so"), &lib), HOST_EACCES);
    ck_assert_uint_eq(lib, 0);
    ck_assert_uint_eq(host_policy_denials(), before + 1);
    ck_assert_ptr_nonnull(strstr(test_log_text(), "keep: denied library "));
    ck_assert_ptr_nonnull(strstr(test_log_text(), "/testlib.so"));
}
END_TEST

START_TEST(test_library__dotdot_or_symlink_out_of_the_dir__is_denied)
{
    host_library_t lib = 0;

    put_lib("testlib.so");
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/../testlib.so"), &lib),
                     HOST_EACCES);
    ck_assert_int_eq(symlink(test_path("testlib.so"), test_path("unix/link.so")), 0);
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/link.so"), &lib), HOST_EACCES);
    /* a subdirectory of the library dir is not the library dir */
    ck_assert_int_eq(mkdir(test_path("unix/sub"), 0755), 0);
    put_lib("unix/sub/testlib.so");
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/sub/testlib.so"), &lib),
                     HOST_EACCES);
}
END_TEST

START_TEST(test_library__no_library_dir__denies_everything)
{
    host_library_t lib = 0;

    put_lib("unix/testlib.so");
    ck_assert_int_eq(host_library_allow_dir(NULL), HOST_OK);
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/testlib.so"), &lib), HOST_EACCES);
}
END_TEST

START_TEST(test_library__bad_input__gives_clear_errors)
{
    host_library_t lib = 0;
    void *sym = NULL;

    ck_assert_int_eq(host_library_open(NULL, &lib), HOST_EINVAL);
    ck_assert_int_eq(host_library_open("dir:/tmp", &lib), HOST_EINVAL);
    ck_assert_int_eq(host_library_open("file:relative.so", &lib), HOST_EINVAL);
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/missing.so"), &lib), HOST_ENOENT);
    test_put_file("unix/notelf.so", "this is not an ELF file\n");
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/notelf.so"), &lib), HOST_EIO);
    ck_assert_int_eq(host_library_symbol(0, "x", &sym), HOST_EBADF);
    ck_assert_int_eq(host_library_symbol(12345, "x", &sym), HOST_EBADF);
    put_lib("unix/testlib.so");
    ck_assert_int_eq(host_library_open(test_uri("file:", "unix/testlib.so"), &lib), HOST_OK);
    ck_assert_int_eq(host_library_symbol(lib, "no_such_symbol", &sym), HOST_ENOENT);
    ck_assert_ptr_null(sym);
    ck_assert_int_eq(host_library_allow_dir("relative/dir"), HOST_EINVAL);
}
END_TEST

Suite *make_suite_library(void)
{
    Suite *s = suite_create("library");
    TCase *tc = tcase_create("library");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_library__in_the_library_dir__loads_and_its_exports_work);
    tcase_add_test(tc, test_library__opened_twice__gives_the_same_handle);
    tcase_add_test(tc, test_library__outside_the_library_dir__is_denied_and_logged);
    tcase_add_test(tc, test_library__dotdot_or_symlink_out_of_the_dir__is_denied);
    tcase_add_test(tc, test_library__no_library_dir__denies_everything);
    tcase_add_test(tc, test_library__bad_input__gives_clear_errors);
    suite_add_tcase(s, tc);
    return s;
}

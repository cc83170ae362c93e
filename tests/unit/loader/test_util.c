/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_util.c - path helpers and string lists of loader/util.c.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "test_loader.h"
#include "util.h"

static const struct {
    const char *path, *base, *want;
} abs_cases[] = {
    { "/", NULL, "/" },
    { "/a/b", NULL, "/a/b" },
    { "/a//b/", NULL, "/a/b" },
    { "/a/./b/.", NULL, "/a/b" },
    { "/a/b/../c", NULL, "/a/c" },
    { "/../../x", NULL, "/x" },
    { "/a/b/../..", NULL, "/" },
    { "x", "/base", "/base/x" },
    { "../x", "/base/dir", "/base/x" },
    { "./x/../y", "/", "/y" },
    { ".", "/base/", "/base" },
    { "a/..", "/b", "/b" },
};

START_TEST(test_path_absolute)
{
    char out[PATH_MAX];

    ck_assert_int_eq(path_absolute(out, sizeof(out), abs_cases[_i].path, abs_cases[_i].base), 0);
    ck_assert_str_eq(out, abs_cases[_i].want);
}
END_TEST

START_TEST(test_path_absolute_limits)
{
    char small[6], out[PATH_MAX];

    ck_assert_int_eq(path_absolute(small, sizeof(small), "/abcdefgh", NULL), -1);
    ck_assert_int_eq(path_absolute(small, sizeof(small), "/abcd", NULL), 0);
    ck_assert_str_eq(small, "/abcd");
    ck_assert_int_eq(path_absolute(out, sizeof(out), "", NULL), -1);
    ck_assert_int_eq(path_absolute(out, sizeof(out), "rel", NULL), 0);
    ck_assert_int_eq(out[0], '/');
}
END_TEST

START_TEST(test_path_within)
{
    ck_assert(path_within("/a/b", "/a"));
    ck_assert(path_within("/a", "/a"));
    ck_assert(!path_within("/ab", "/a"));
    ck_assert(path_within("/x", "/"));
    ck_assert(!path_within("/a", "/a/b"));
}
END_TEST

START_TEST(test_dirname_join)
{
    char out[PATH_MAX];

    ck_assert_int_eq(path_dirname(out, sizeof(out), "/a/b.exe"), 0);
    ck_assert_str_eq(out, "/a");
    ck_assert_int_eq(path_dirname(out, sizeof(out), "/b.exe"), 0);
    ck_assert_str_eq(out, "/");
    ck_assert_int_eq(path_join(out, sizeof(out), "/a/", "b"), 0);
    ck_assert_str_eq(out, "/a/b");
    ck_assert_int_eq(path_join(out, 4, "/a", "bcd"), -1);
}
END_TEST

START_TEST(test_strlist)
{
    struct strlist l = { 0 };

    for (int i = 0; i < 100; i++) {
        char s[16];
        snprintf(s, sizeof(s), "s%d", i);
        ck_assert_int_eq(strlist_push(&l, s), 0);
    }
    ck_assert_uint_eq(l.n, 100);
    ck_assert_str_eq(l.v[99], "s99");
    ck_assert_ptr_null(l.v[100]);
    strlist_free(&l);
    ck_assert_uint_eq(l.n, 0);
}
END_TEST

START_TEST(test_misc)
{
    char s[] = "a\nb\rc\x1b" "d";

    one_line(s);
    ck_assert_str_eq(s, "a?b?c?d");
    ck_assert(ends_with_nocase("GAME.EXE", ".exe"));
    ck_assert(!ends_with_nocase("exe", ".exe"));
}
END_TEST

START_TEST(test_mkdir_p)
{
    char tmp[PATH_MAX], dir[PATH_MAX + 64], file[PATH_MAX + 64];

    test_tmpdir(tmp, sizeof(tmp));
    snprintf(dir, sizeof(dir), "%s/a/b/c", tmp);
    ck_assert_int_eq(mkdir_p(dir, 0755), 0);
    ck_assert(test_is_dir(dir));
    ck_assert_int_eq(mkdir_p(dir, 0755), 0);
    snprintf(file, sizeof(file), "%s/f", tmp);
    test_write_file(file, "x", 1);
    snprintf(dir, sizeof(dir), "%s/f/sub", tmp);
    ck_assert_int_eq(mkdir_p(dir, 0755), -1);
    ck_assert_int_eq(mkdir_p("", 0755), -1);
    test_rmrf(tmp);
}
END_TEST

START_TEST(test_path_real)
{
    char tmp[PATH_MAX], real[PATH_MAX], want[PATH_MAX], dir[PATH_MAX + 64],
        link[PATH_MAX + 64], via[PATH_MAX + 64];

    test_tmpdir(tmp, sizeof(tmp));
    snprintf(dir, sizeof(dir), "%s/d", tmp);
    ck_assert_int_eq(mkdir_p(dir, 0755), 0);
    snprintf(link, sizeof(link), "%s/link", tmp);
    ck_assert_int_eq(symlink(dir, link), 0);
    snprintf(via, sizeof(via), "%s/link/../link/./", tmp);
    ck_assert(path_real(via, real));
    ck_assert_ptr_nonnull(realpath(via, want));
    ck_assert_str_eq(real, want);
    ck_assert_str_eq(real + strlen(real) - 2, "/d");
    snprintf(via, sizeof(via), "%s/missing", tmp);
    errno = 0;
    ck_assert(!path_real(via, real));
    ck_assert_int_eq(errno, ENOENT);
    test_rmrf(tmp);
}
END_TEST

Suite *util_suite(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("paths");

    tcase_add_loop_test(tc, test_path_absolute, 0, sizeof(abs_cases) / sizeof(*abs_cases));
    tcase_add_test(tc, test_path_absolute_limits);
    tcase_add_test(tc, test_path_within);
    tcase_add_test(tc, test_dirname_join);
    tcase_add_test(tc, test_strlist);
    tcase_add_test(tc, test_misc);
    tcase_add_test(tc, test_mkdir_p);
    tcase_add_test(tc, test_path_real);
    suite_add_tcase(s, tc);
    return s;
}

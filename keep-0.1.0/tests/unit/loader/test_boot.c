/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_boot.c - loader/boot.c (KEEPDEBUG, the program's environment) and
 * loader/kernel_load.c (finding and loading the kernel).
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "boot.h"
#include "kernel_load.h"
#include "test_loader.h"

static const struct {
    const char *in;
    int rc;
    unsigned flags;
} debug_cases[] = {
    { NULL, 0, 0 },
    { "", 0, 0 },
    { "syscalls", 0, KEEP_DEBUG_SYSCALLS },
    { "trace,loader", 0, KEEP_DEBUG_TRACE | KEEP_DEBUG_LOADER },
    { " loader , exceptions ", 0, KEEP_DEBUG_LOADER | KEEP_DEBUG_EXCEPTIONS },
    { "exceptions,,", 0, KEEP_DEBUG_EXCEPTIONS },
    { "all", 0, 15 },
    { "5", 0, 5 },
    { "0x8", 0, 8 },
    { "0", 0, 0 },
    { "bogus", -1, 0 },
    { "loader,bogus,trace", -1, KEEP_DEBUG_LOADER | KEEP_DEBUG_TRACE },
    { "5x", -1, 0 },
    { "99999999999", -1, 0 },
    { "Loader", -1, 0 },
};

START_TEST(test_debug_flags)
{
    unsigned flags = 12345;
    char err[256] = "";

    ck_assert_int_eq(debug_flags_parse(debug_cases[_i].in, &flags, err, sizeof(err)), debug_cases[_i].rc);
    ck_assert_uint_eq(flags, debug_cases[_i].flags);
    if (debug_cases[_i].rc)
        ck_assert(strstr(err, "KEEPDEBUG: unknown flag") != NULL);
}
END_TEST

START_TEST(test_debug_message)
{
    unsigned flags;
    char err[256];

    ck_assert_int_eq(debug_flags_parse("loader,bogus,more", &flags, err, sizeof(err)), -1);
    ck_assert_str_eq(err, "KEEPDEBUG: unknown flag 'bogus' (known: syscalls, trace, loader, exceptions, all)");
}
END_TEST

START_TEST(test_env)
{
    char *environ_[] = { "PATH=/bin", "KEEP_KERNEL=/k.so", "KEEPDEBUG=all", "LANG=C",
                         "KEEPER=yes", "HOME=/h", NULL };
    struct strlist extra = { 0 };

    ck_assert(env_is_keep_own("KEEP_INSTANCE_DIR=/x"));
    ck_assert(!env_is_keep_own("KEEPER=1"));
    ck_assert(env_is_keep_own("KEEPDEBUG=trace"));
    ck_assert(!env_is_keep_own("KEEP_TEST_VAR=user's own"));
    ck_assert_int_eq(strlist_push(&extra, "LANG=fr_FR"), 0);
    ck_assert_int_eq(strlist_push(&extra, "NEW=1"), 0);
    ck_assert_int_eq(strlist_push(&extra, "NEW=2"), 0);
    const char **env = env_build(environ_, &extra);
    ck_assert_ptr_nonnull(env);
    const char *want[] = { "PATH=/bin", "KEEPER=yes", "HOME=/h", "LANG=fr_FR", "NEW=2", NULL };
    for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
        if (!want[i])
            ck_assert_ptr_null(env[i]);
        else
            ck_assert_str_eq(env[i], want[i]);
    }
    free(env);
    strlist_free(&extra);

    env = env_build(NULL, NULL);
    ck_assert_ptr_nonnull(env);
    ck_assert_ptr_null(env[0]);
    free(env);
}
END_TEST

START_TEST(test_kernel_locate)
{
    char tmp[PATH_MAX], path[PATH_MAX], dir[PATH_MAX + 64], want[PATH_MAX + 128];

    ck_assert_int_eq(kernel_locate("/k/ntdll.so", "/a/loader/keep", "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, "/k/ntdll.so");
    ck_assert_int_eq(kernel_locate("", "/nonexistent/loader/keep", "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, "/lib/keep/ntdll.so");
    ck_assert_int_eq(kernel_locate(NULL, NULL, "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, "/lib/keep/ntdll.so");

    /* A build tree: loader/keep next to dlls/ntdll/.libs/ntdll.so. */
    test_tmpdir(tmp, sizeof(tmp));
    snprintf(dir, sizeof(dir), "%s/dlls/ntdll/.libs", tmp);
    ck_assert_int_eq(mkdir_p(dir, 0755), 0);
    snprintf(want, sizeof(want), "%s/ntdll.so", dir);
    test_write_file(want, "", 0);
    snprintf(dir, sizeof(dir), "%s/loader/keep", tmp);
    ck_assert_int_eq(kernel_locate(NULL, dir, "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, want);
    test_rmrf(tmp);
}
END_TEST

START_TEST(test_kernel_load)
{
    char err[PATH_MAX + 256];

    ck_assert_ptr_null(kernel_load("/nonexistent/ntdll.so", err, sizeof(err)));
    ck_assert_msg(strncmp(err, "cannot load the kernel /nonexistent/ntdll.so: ", 46) == 0, "%s", err);
    ck_assert_msg(strstr(err + 46, "/nonexistent") == NULL, "path repeated: %s", err);
    ck_assert_ptr_null(kernel_load("libm.so.6", err, sizeof(err)));
    ck_assert_str_eq(err, "cannot load the kernel libm.so.6: no keep_kernel_main in it");
}
END_TEST

Suite *boot_suite(void)
{
    Suite *s = suite_create("boot");
    TCase *tc = tcase_create("boot");

    tcase_add_loop_test(tc, test_debug_flags, 0, sizeof(debug_cases) / sizeof(*debug_cases));
    tcase_add_test(tc, test_debug_message);
    tcase_add_test(tc, test_env);
    tcase_add_test(tc, test_kernel_locate);
    tcase_add_test(tc, test_kernel_load);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_options.c - loader/options.c: the command line of "keep run".
 */
#include "config.h"

#include <string.h>

#include "options.h"
#include "test_loader.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof(*(a))))

START_TEST(test_full)
{
    struct run_options o;
    char err[256];
    char *argv[] = { "run", "--instance", "games", "--allow=/nonexistent/a:ro", "--allow",
                     "/nonexistent/b", "--manifest", "m.keep", "--quiet-denials",
                     "--wine-dlls=/w/dlls", "--wine-data", "/w/data",
                     "prog.exe", "--allow", "x", "--" };

    ck_assert_int_eq(run_options_parse(&o, ARGC(argv), argv, err, sizeof(err)), 0);
    ck_assert_str_eq(o.instance, "games");
    ck_assert_str_eq(o.manifest, "m.keep");
    ck_assert_str_eq(o.wine_dlls, "/w/dlls");
    ck_assert_str_eq(o.wine_data, "/w/data");
    ck_assert(o.quiet_denials);
    ck_assert(!o.help);
    ck_assert_uint_eq(o.allows.n, 2);
    ck_assert_uint_eq(o.allows.rules[0].access, HOST_POLICY_RO);
    ck_assert_str_eq(o.allows.rules[1].path, "/nonexistent/b");
    ck_assert_uint_eq(o.allows.rules[1].access, HOST_POLICY_RW);
    /* Everything from the program on is the program's. */
    ck_assert_int_eq(o.argc, 4);
    ck_assert_str_eq(o.argv[0], "prog.exe");
    ck_assert_str_eq(o.argv[1], "--allow");
    ck_assert_str_eq(o.argv[3], "--");
    run_options_free(&o);
}
END_TEST

START_TEST(test_double_dash)
{
    struct run_options o;
    char err[256];
    char *argv[] = { "run", "--", "--weird-name.exe", "a" };

    ck_assert_int_eq(run_options_parse(&o, ARGC(argv), argv, err, sizeof(err)), 0);
    ck_assert_int_eq(o.argc, 2);
    ck_assert_str_eq(o.argv[0], "--weird-name.exe");
    run_options_free(&o);
}
END_TEST

START_TEST(test_no_program)
{
    struct run_options o;
    char err[256];
    char *argv[] = { "run", "-h" };

    ck_assert_int_eq(run_options_parse(&o, ARGC(argv), argv, err, sizeof(err)), 0);
    ck_assert(o.help);
    ck_assert_int_eq(o.argc, 0);
    run_options_free(&o);
}
END_TEST

static const struct {
    const char *a1, *a2, *want;
} bad[] = {
    { "--bogus", NULL, "run: unknown option '--bogus'" },
    { "-x", NULL, "run: unknown option '-x'" },
    { "--instancefoo", NULL, "run: unknown option '--instancefoo'" },
    { "--instance", NULL, "run: option '--instance' needs a value" },
    { "--instance", "../x", "invalid instance name '../x'" },
    { "--instance=", NULL, "--instance: empty value" },
    { "--allow", ":rw", "allow ':rw': no path" },
    { "--manifest", NULL, "run: option '--manifest' needs a value" },
};

START_TEST(test_bad)
{
    struct run_options o;
    char err[256] = "";
    char *argv[] = { "run", (char *)bad[_i].a1, (char *)bad[_i].a2, NULL };
    int argc = bad[_i].a2 ? 3 : 2;

    ck_assert_int_eq(run_options_parse(&o, argc, argv, err, sizeof(err)), -1);
    ck_assert_msg(strncmp(err, bad[_i].want, strlen(bad[_i].want)) == 0, "'%s'", err);
    run_options_free(&o);
}
END_TEST

Suite *options_suite(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("options");

    tcase_add_test(tc, test_full);
    tcase_add_test(tc, test_double_dash);
    tcase_add_test(tc, test_no_program);
    tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(*bad));
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_policy.c - loader/policy.c: allow specifications, the default
 * policy of a run, and the longest-match / rw-wins rules.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "policy.h"
#include "test_loader.h"

START_TEST(test_parse_spec)
{
    char path[PATH_MAX], err[256];
    unsigned access;

    ck_assert_int_eq(policy_parse_spec("/nonexistent/a", NULL, path, sizeof(path), &access, err, sizeof(err)), 0);
    ck_assert_str_eq(path, "/nonexistent/a");
    ck_assert_uint_eq(access, HOST_POLICY_RW);
    ck_assert_int_eq(policy_parse_spec("/nonexistent/b/:ro", NULL, path, sizeof(path), &access, err, sizeof(err)), 0);
    ck_assert_str_eq(path, "/nonexistent/b");
    ck_assert_uint_eq(access, HOST_POLICY_RO);
    ck_assert_int_eq(policy_parse_spec("/nonexistent/c:rw", NULL, path, sizeof(path), &access, err, sizeof(err)), 0);
    ck_assert_uint_eq(access, HOST_POLICY_RW);
    ck_assert_int_eq(policy_parse_spec("/x:y", NULL, path, sizeof(path), &access, err, sizeof(err)), 0);
    ck_assert_str_eq(path, "/x:y");
    ck_assert_int_eq(policy_parse_spec("rel/d:ro", "/nonexistent", path, sizeof(path), &access, err, sizeof(err)), 0);
    ck_assert_str_eq(path, "/nonexistent/rel/d");
    ck_assert_int_eq(policy_parse_spec(":ro", NULL, path, sizeof(path), &access, err, sizeof(err)), -1);
    ck_assert_str_eq(err, "allow ':ro': no path");
    ck_assert_int_eq(policy_parse_spec("", NULL, path, sizeof(path), &access, err, sizeof(err)), -1);
}
END_TEST

START_TEST(test_add_and_lookup)
{
    struct policy p = { 0 };

    ck_assert_int_eq(policy_add(&p, "/nonexistent/a", HOST_POLICY_RO), 0);
    ck_assert_int_eq(policy_add(&p, "/nonexistent/a/", HOST_POLICY_RW), 0);
    ck_assert_int_eq(policy_add(&p, "/nonexistent/a", HOST_POLICY_RO), 0);
    ck_assert_uint_eq(p.n, 1);
    ck_assert_uint_eq(p.rules[0].access, HOST_POLICY_RW);   /* rw wins */
    ck_assert_int_eq(policy_add(&p, "/nonexistent/a/b", HOST_POLICY_RO), 0);
    ck_assert_str_eq(policy_lookup(&p, "/nonexistent/a/b/c")->path, "/nonexistent/a/b");
    ck_assert_str_eq(policy_lookup(&p, "/nonexistent/a/bc")->path, "/nonexistent/a");
    ck_assert_ptr_null(policy_lookup(&p, "/nonexistent"));
    /* An implied rule never downgrades. */
    ck_assert_int_eq(policy_add_default(&p, "/nonexistent/a/x", HOST_POLICY_RO), 0);
    ck_assert_uint_eq(p.n, 2);
    ck_assert_int_eq(policy_add_default(&p, "/nonexistent/a/b/x", HOST_POLICY_RW), 0);
    ck_assert_uint_eq(p.n, 3);
    policy_free(&p);
}
END_TEST

/* A temporary tree: cwd/, cwd/bin/prog.exe, other/prog.exe, inst/, dlls/, data/ */
struct tree {
    char root[PATH_MAX];
    char cwd[PATH_MAX + 16], bin_exe[PATH_MAX + 32], other_exe[PATH_MAX + 32];
    char cwd_exe[PATH_MAX + 32], inst[PATH_MAX + 16], dlls[PATH_MAX + 16], data[PATH_MAX + 16];
};

static void make_tree(struct tree *t)
{
    char dir[PATH_MAX + 16];

    test_tmpdir(t->root, sizeof(t->root));
    const char *dirs[] = { "cwd", "cwd/bin", "other", "inst", "dlls", "data" };
    for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
        snprintf(dir, sizeof(dir), "%s/%s", t->root, dirs[i]);
        ck_assert_int_eq(mkdir(dir, 0755), 0);
    }
    snprintf(t->cwd, sizeof(t->cwd), "%s/cwd", t->root);
    snprintf(t->bin_exe, sizeof(t->bin_exe), "%s/cwd/bin/prog.exe", t->root);
    snprintf(t->cwd_exe, sizeof(t->cwd_exe), "%s/cwd/prog.exe", t->root);
    snprintf(t->other_exe, sizeof(t->other_exe), "%s/other/prog.exe", t->root);
    snprintf(t->inst, sizeof(t->inst), "%s/inst", t->root);
    snprintf(t->dlls, sizeof(t->dlls), "%s/dlls", t->root);
    snprintf(t->data, sizeof(t->data), "%s/data", t->root);
}

static unsigned access_of(const struct policy *p, const char *path)
{
    const struct policy_rule *r = policy_lookup(p, path);
    return r ? r->access : 0;
}

static int has_rule(const struct policy *p, const char *path)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->rules[i].path, path))
            return 1;
    return 0;
}

START_TEST(test_default_policy)
{
    struct tree t;
    struct policy p = { 0 };
    char other_dir[PATH_MAX + 16];

    make_tree(&t);
    struct policy_inputs in = { .cwd = t.cwd, .program_path = t.other_exe, .instance_dir = t.inst,
                                .wine_dll_dir = t.dlls, .wine_data_dir = t.data };
    ck_assert_int_eq(policy_build(&p, &in), 0);
    ck_assert_uint_eq(p.n, 5);
    ck_assert_uint_eq(access_of(&p, t.cwd), HOST_POLICY_RW);
    ck_assert_uint_eq(access_of(&p, t.other_exe), HOST_POLICY_RO);
    ck_assert_uint_eq(access_of(&p, t.inst), HOST_POLICY_RW);
    ck_assert_uint_eq(access_of(&p, t.dlls), HOST_POLICY_RO);
    ck_assert_uint_eq(access_of(&p, t.data), HOST_POLICY_RO);
    ck_assert_uint_eq(access_of(&p, t.root), 0);
    snprintf(other_dir, sizeof(other_dir), "%s/other", t.root);
    ck_assert(has_rule(&p, other_dir));
    policy_free(&p);

    /* The host's fonts, when given, are one more read-only rule. */
    snprintf(other_dir, sizeof(other_dir), "%s/fonts", t.root);
    ck_assert_int_eq(mkdir(other_dir, 0755), 0);
    in.font_dir = other_dir;
    ck_assert_int_eq(policy_build(&p, &in), 0);
    ck_assert_uint_eq(p.n, 6);
    ck_assert_uint_eq(access_of(&p, other_dir), HOST_POLICY_RO);
    ck_assert_uint_eq(access_of(&p, t.root), 0);
    policy_free(&p);
    rmdir(other_dir);
    in.font_dir = NULL;

    /* The program in the current directory: no read-only downgrade. */
    in.program_path = t.cwd_exe;
    ck_assert_int_eq(policy_build(&p, &in), 0);
    ck_assert_uint_eq(p.n, 4);
    ck_assert_uint_eq(access_of(&p, t.cwd_exe), HOST_POLICY_RW);
    policy_free(&p);

    /* ... nor below it. */
    in.program_path = t.bin_exe;
    ck_assert_int_eq(policy_build(&p, &in), 0);
    ck_assert_uint_eq(access_of(&p, t.bin_exe), HOST_POLICY_RW);
    policy_free(&p);
    test_rmrf(t.root);
}
END_TEST

START_TEST(test_allows)
{
    struct tree t;
    struct policy p = { 0 }, allows = { 0 };
    char bin[PATH_MAX + 64];

    make_tree(&t);
    snprintf(bin, sizeof(bin), "%s/bin", t.cwd);
    ck_assert_int_eq(policy_add(&allows, t.cwd, HOST_POLICY_RO), 0);    /* rw cwd wins */
    ck_assert_int_eq(policy_add(&allows, bin, HOST_POLICY_RO), 0);      /* explicit: applies */
    ck_assert_int_eq(policy_add(&allows, "/nonexistent/out", HOST_POLICY_RW), 0);
    struct policy_inputs in = { .cwd = t.cwd, .program_path = t.other_exe, .instance_dir = t.inst,
                                .wine_dll_dir = t.dlls, .wine_data_dir = t.data, .allows = &allows };
    ck_assert_int_eq(policy_build(&p, &in), 0);
    ck_assert_uint_eq(access_of(&p, t.cwd), HOST_POLICY_RW);
    ck_assert_uint_eq(access_of(&p, t.bin_exe), HOST_POLICY_RO);
    ck_assert_uint_eq(access_of(&p, "/nonexistent/out/file"), HOST_POLICY_RW);
    policy_free(&p);
    policy_free(&allows);
    test_rmrf(t.root);
}
END_TEST

START_TEST(test_no_default_allow)
{
    struct tree t;
    struct policy p = { 0 };

    make_tree(&t);
    struct policy_inputs in = { .cwd = t.cwd, .program_path = t.bin_exe, .instance_dir = t.inst,
                                .wine_dll_dir = t.dlls, .wine_data_dir = t.data,
                                .no_default_allow = true };
    ck_assert_int_eq(policy_build(&p, &in), 0);
    ck_assert_uint_eq(p.n, 4);
    ck_assert_uint_eq(access_of(&p, t.cwd), 0);
    ck_assert_uint_eq(access_of(&p, t.bin_exe), HOST_POLICY_RO);
    ck_assert(has_rule(&p, t.bin_exe));
    ck_assert_uint_eq(access_of(&p, t.inst), HOST_POLICY_RW);
    ck_assert_uint_eq(access_of(&p, t.dlls), HOST_POLICY_RO);
    policy_free(&p);
    test_rmrf(t.root);
}
END_TEST

static unsigned calls;

static int fake_allow(const char *path, unsigned access)
{
    (void)access;
    calls++;
    return strstr(path, "bad") ? -4 : 0;
}

START_TEST(test_apply)
{
    struct policy p = { 0 };
    const struct policy_rule *failed = NULL;

    ck_assert_int_eq(policy_add(&p, "/nonexistent/good", HOST_POLICY_RO), 0);
    ck_assert_int_eq(policy_apply(&p, fake_allow, &failed), 0);
    ck_assert_uint_eq(calls, 1);
    ck_assert_int_eq(policy_add(&p, "/nonexistent/bad", HOST_POLICY_RO), 0);
    ck_assert_int_eq(policy_apply(&p, fake_allow, &failed), -4);
    ck_assert_str_eq(failed->path, "/nonexistent/bad");
    policy_free(&p);
}
END_TEST

Suite *policy_suite(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("policy");

    tcase_add_test(tc, test_parse_spec);
    tcase_add_test(tc, test_add_and_lookup);
    tcase_add_test(tc, test_default_policy);
    tcase_add_test(tc, test_allows);
    tcase_add_test(tc, test_no_default_allow);
    tcase_add_test(tc, test_apply);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_child.c - the child spec record (loader/child_spec.c). */
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "test_loader.h"

static unsigned flags2[2] = { 1, 0x10003 };
static char boot_bytes[5] = { 'b', 0, 'o', 0, 't' };

static void fill(struct child_spec *s)
{
    memset(s, 0, sizeof(*s));
    s->self_exe = "/usr/bin/keep";
    s->kernel_path = "/usr/lib/keep/ntdll.so";
    s->instance_dir = "/home/u/.local/share/keep/default";
    s->wine_dlls = "/usr/lib/wine/dlls";
    s->wine_data = "/usr/share/wine";
    s->user = "u";
    s->registry_base = "/usr/share/keep/registry-base.db";
    s->runtime_dir = "/run/user/1000/keep/0123456789abcdef";
    s->cwd = "/home/u/work";
    s->program_path = "/home/u/work/a b.exe";
    s->debug_flags = 5;
    s->quiet_denials = 1;
    s->display_width = 800;
    s->display_height = 600;
    s->stream_count = 2;
    s->stream_flags = flags2;
    s->stream_flag_count = 2;
    s->boot = boot_bytes;
    s->boot_size = sizeof(boot_bytes);
    ck_assert_int_eq(policy_add(&s->policy, "/home/u/work", HOST_POLICY_RW), 0);
    ck_assert_int_eq(policy_add(&s->policy, "/usr/share/wine", HOST_POLICY_RO), 0);
}

START_TEST(test_child_spec__round_trip__keeps_every_field)
{
    struct child_spec in, out;
    char err[128];
    size_t size = 0;

    fill(&in);
    void *data = child_spec_encode(&in, &size);
    ck_assert_ptr_nonnull(data);
    ck_assert_int_eq(child_spec_decode(data, size, &out, err, sizeof(err)), 0);
    ck_assert_str_eq(out.self_exe, in.self_exe);
    ck_assert_str_eq(out.kernel_path, in.kernel_path);
    ck_assert_str_eq(out.program_path, "/home/u/work/a b.exe");
    ck_assert_str_eq(out.cwd, in.cwd);
    ck_assert_str_eq(out.registry_base, in.registry_base);
    ck_assert_str_eq(out.runtime_dir, in.runtime_dir);
    ck_assert_uint_eq(out.debug_flags, 5);
    ck_assert_uint_eq(out.quiet_denials, 1);
    ck_assert_uint_eq(out.display_width, 800);
    ck_assert_uint_eq(out.display_height, 600);
    ck_assert_uint_eq(out.stream_count, 2);
    ck_assert_uint_eq(out.stream_flags[1], 0x10003);
    ck_assert_uint_eq(out.boot_size, sizeof(boot_bytes));
    ck_assert_mem_eq(out.boot, boot_bytes, sizeof(boot_bytes));
    ck_assert_uint_eq(out.policy.n, 2);
    const struct policy_rule *r = policy_lookup(&out.policy, "/usr/share/wine/nls");
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->access, HOST_POLICY_RO);
    child_spec_free(&out);
    policy_free(&in.policy);
    free(data);
}
END_TEST

START_TEST(test_child_spec__every_truncation__is_refused)
{
    struct child_spec in, out;
    char err[128];
    size_t size = 0;

    fill(&in);
    char *data = child_spec_encode(&in, &size);
    for (size_t n = 0; n < size; n++) {
        ck_assert_msg(child_spec_decode(data, n, &out, err, sizeof(err)) == -1,
                      "a spec cut at byte %zu of %zu was accepted", n, size);
        ck_assert_ptr_nonnull(strstr(err, "child spec: "));
    }
    policy_free(&in.policy);
    free(data);
}
END_TEST

START_TEST(test_child_spec__bad_records__are_refused)
{
    struct child_spec in, out;
    char err[128];
    size_t size = 0;

    fill(&in);
    in.stream_flag_count = 1;           /* one flag for two streams */
    char *data = child_spec_encode(&in, &size);
    in.stream_count = 1;
    ck_assert_int_eq(child_spec_decode(data, size, &out, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "stream flags"));
    free(data);
    /* an unknown tag */
    uint32_t bogus[2] = { 999, 0 };
    ck_assert_int_eq(child_spec_decode(bogus, sizeof(bogus), &out, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "unknown record"));
    /* a length past the end */
    uint32_t longer[3] = { 1, 100, 0 };
    ck_assert_int_eq(child_spec_decode(longer, sizeof(longer), &out, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "truncated"));
    /* nothing at all */
    ck_assert_int_eq(child_spec_decode("", 0, &out, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "truncated"));
    /* only the end: every field is missing */
    uint32_t end[2] = { 16, 0 };
    ck_assert_int_eq(child_spec_decode(end, sizeof(end), &out, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "missing"));
    policy_free(&in.policy);
}
END_TEST

Suite *child_suite(void)
{
    Suite *s = suite_create("child");
    TCase *tc = tcase_create("spec");

    tcase_add_test(tc, test_child_spec__round_trip__keeps_every_field);
    tcase_add_test(tc, test_child_spec__every_truncation__is_refused);
    tcase_add_test(tc, test_child_spec__bad_records__are_refused);
    suite_add_tcase(s, tc);
    return s;
}

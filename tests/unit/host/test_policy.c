/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_policy.c - the filesystem policy: rules, denials, escapes. */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

static const char *outside_uri(const char *name)
{
    static char uri[PATH_MAX + 32];

    snprintf(uri, sizeof(uri), "file:%s/%s", test_outside, name);
    return uri;
}

static void put_outside_secret(void)
{
    test_put_outside_file("secret", "top");
}

START_TEST(test_policy__path_outside_every_rule__is_denied_eacces_logged_and_counted)
{
    unsigned long before = host_policy_denials();
    host_stream_t s;
    char line[PATH_MAX + 64];

    put_outside_secret();
    ck_assert_int_eq(host_stream_open(outside_uri("secret"), HOST_OPEN_READ, &s), HOST_EACCES);
    ck_assert_uint_eq(host_policy_denials(), before + 1);
    snprintf(line, sizeof(line), "keep: denied open %s/secret\n", test_outside);
    ck_assert_str_eq(test_log_text(), line);
}
END_TEST

START_TEST(test_policy__directories_on_the_way_to_a_rule__show_attributes_only)
{
    char parent[PATH_MAX + 8], uri[PATH_MAX + 16];
    struct host_attr a;
    host_stream_t s;

    /* test_dir is allowed; its parent and "/" lie on the way to it */
    snprintf(parent, sizeof(parent), "%s", test_dir);
    *strrchr(parent, '/') = 0;
    snprintf(uri, sizeof(uri), "file:%s", parent);
    ck_assert_int_eq(host_uri_attr(uri, &a), HOST_OK);
    ck_assert_uint_eq(a.type, HOST_TYPE_DIR);
    ck_assert(a.flags & HOST_ATTR_POLICY_RO);
    ck_assert_int_eq(host_uri_attr("file:/", &a), HOST_OK);
    ck_assert_str_eq(test_log_text(), "");
    /* but they are not listed, opened or changed */
    snprintf(uri, sizeof(uri), "dir:%s", parent);
    ck_assert_int_eq(host_stream_open(uri, HOST_OPEN_READ, &s), HOST_EACCES);
    snprintf(uri, sizeof(uri), "file:%s", parent);
    ck_assert_int_eq(host_stream_open(uri, HOST_OPEN_READ | HOST_OPEN_DIRECTORY, &s), HOST_EACCES);
    /* and a sibling of the allowed directory is not on the way */
    put_outside_secret();
    ck_assert_int_eq(host_uri_attr(outside_uri("secret"), &a), HOST_EACCES);
    snprintf(uri, sizeof(uri), "file:%s", test_outside);
    ck_assert_int_eq(host_uri_attr(uri, &a), HOST_EACCES);
}
END_TEST

START_TEST(test_policy__read_only_rule__allows_reading_and_answers_erofs_to_writes)
{
    host_stream_t s;
    struct host_attr attr = { 0 };

    ck_assert_int_eq(mkdir(test_path("ro"), 0755), 0);
    test_put_file("ro/f", "data");
    ck_assert_int_eq(host_policy_allow(test_path("ro"), HOST_POLICY_RO), HOST_OK);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "ro/f"), HOST_OPEN_READ, &s), HOST_OK);
    host_stream_close(s);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "ro/f"), HOST_OPEN_WRITE, &s), HOST_EROFS);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "ro/new"),
                                      HOST_OPEN_READ | HOST_OPEN_CREATE, &s), HOST_EROFS);
    ck_assert_int_eq(host_uri_delete(test_uri("file:", "ro/f")), HOST_EROFS);
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "ro/f"), test_uri("file:", "g"), 0),
                     HOST_EROFS);
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "ro/f"), &attr, HOST_SET_MTIME),
                     HOST_EROFS);
    ck_assert_int_eq(access(test_path("ro/new"), F_OK), -1);
    ck_assert_int_eq(access(test_path("ro/f"), F_OK), 0);
}
END_TEST

START_TEST(test_policy__longer_rule__wins_over_a_shorter_later_one)
{
    host_stream_t s;

    ck_assert_int_eq(mkdir(test_path("rw"), 0755), 0);
    host_policy_reset();
    ck_assert_int_eq(host_policy_allow(test_path("rw"), HOST_POLICY_RW), HOST_OK);
    ck_assert_int_eq(host_policy_allow(test_dir, HOST_POLICY_RO), HOST_OK);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "rw/x"),
                                      HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s), HOST_OK);
    host_stream_close(s);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "y"),
                                      HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s), HOST_EROFS);
}
END_TEST

START_TEST(test_policy__rule_prefix__does_not_match_a_sibling_with_a_longer_name)
{
    host_stream_t s;
    char sibling[PATH_MAX + 16];

    snprintf(sibling, sizeof(sibling), "file:%s-sibling/x", test_dir);
    ck_assert_int_eq(host_stream_open(sibling, HOST_OPEN_READ, &s), HOST_EACCES);
}
END_TEST

START_TEST(test_policy__dotdot_escape__is_denied)
{
    char uri[PATH_MAX + 64];
    const char *name = strrchr(test_outside, '/') + 1;
    host_stream_t s;

    put_outside_secret();
    snprintf(uri, sizeof(uri), "file:%s/../%s/secret", test_dir, name);
    ck_assert_int_eq(host_stream_open(uri, HOST_OPEN_READ, &s), HOST_EACCES);
    snprintf(uri, sizeof(uri), "file:%s/../../../../../../etc/passwd", test_dir);
    ck_assert_int_eq(host_stream_open(uri, HOST_OPEN_READ, &s), HOST_EINVAL);
}
END_TEST

START_TEST(test_policy__symlink_escape__is_denied)
{
    host_stream_t s;
    struct host_attr attr;

    put_outside_secret();
    ck_assert_int_eq(symlink(test_outside, test_path("dir-link")), 0);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "dir-link/secret"), HOST_OPEN_READ, &s),
                     HOST_EACCES);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "dir-link/secret"), &attr), HOST_EACCES);
    ck_assert_int_eq(host_stream_open(test_uri("dir:", "dir-link"), HOST_OPEN_READ, &s),
                     HOST_EACCES);
    ck_assert_int_eq(symlink("/etc/passwd", test_path("file-link")), 0);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "file-link"), HOST_OPEN_READ, &s),
                     HOST_EACCES);
}
END_TEST

START_TEST(test_policy__dangling_symlink_to_outside__cannot_create_the_target)
{
    char target[PATH_MAX + 16];
    host_stream_t s;
    int r;

    snprintf(target, sizeof(target), "%s/created", test_outside);
    ck_assert_int_eq(symlink(target, test_path("dangling")), 0);
    r = host_stream_open(test_uri("file:", "dangling"), HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s);
    ck_assert_int_lt(r, 0);
    ck_assert_int_eq(access(target, F_OK), -1);
}
END_TEST

START_TEST(test_policy__no_rules__nothing_is_reachable)
{
    host_stream_t s;
    struct host_attr attr;

    test_put_file("f", "x");
    host_policy_reset();
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"), HOST_OPEN_READ, &s), HOST_EACCES);
    ck_assert_int_eq(host_uri_attr("file:/", &attr), HOST_EACCES);
    ck_assert_int_eq(host_stream_open("dir:/", HOST_OPEN_READ, &s), HOST_EACCES);
}
END_TEST

START_TEST(test_policy__stdio__is_always_allowed)
{
    host_stream_t s;

    host_policy_reset();
    ck_assert_int_eq(host_stream_open("stdio:2", HOST_OPEN_WRITE, &s), HOST_OK);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_policy_allow__with_relative_path_or_bad_access__returns_einval)
{
    ck_assert_int_eq(host_policy_allow("tmp", HOST_POLICY_RO), HOST_EINVAL);
    ck_assert_int_eq(host_policy_allow(NULL, HOST_POLICY_RO), HOST_EINVAL);
    ck_assert_int_eq(host_policy_allow("/tmp", 2), HOST_EINVAL);
    ck_assert_int_eq(host_policy_allow("/tmp", 0), HOST_EINVAL);
}
END_TEST

START_TEST(test_policy_allow__through_a_symlink__governs_the_real_path)
{
    host_stream_t s;

    ck_assert_int_eq(mkdir(test_path("real"), 0755), 0);
    test_put_file("real/f", "x");
    ck_assert_int_eq(symlink(test_path("real"), test_path("alias")), 0);
    host_policy_reset();
    ck_assert_int_eq(host_policy_allow(test_path("alias"), HOST_POLICY_RO), HOST_OK);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "real/f"), HOST_OPEN_READ, &s), HOST_OK);
    host_stream_close(s);
}
END_TEST

START_TEST(test_policy_set_log__null__silences_the_log_but_still_counts)
{
    unsigned long before = host_policy_denials();
    host_stream_t s;

    host_policy_set_log(NULL);
    ck_assert_int_eq(host_stream_open("file:/etc/passwd", HOST_OPEN_READ, &s), HOST_EACCES);
    ck_assert_uint_eq(host_policy_denials(), before + 1);
    host_policy_set_log(test_log);
    ck_assert_str_eq(test_log_text(), "");
}
END_TEST

START_TEST(test_policy__each_uri_call_is_checked_and_names_its_operation)
{
    struct host_attr attr = { 0 };

    ck_assert_int_eq(host_uri_attr("file:/etc/keep-no-such-file", &attr), HOST_EACCES);
    ck_assert_int_eq(host_uri_set_attr("file:/etc/keep-no-such-file", &attr, HOST_SET_MTIME), HOST_EACCES);
    ck_assert_int_eq(host_uri_delete("file:/etc/keep-no-such-file"), HOST_EACCES);
    ck_assert_int_eq(host_uri_rename("file:/etc/keep-no-such-file", test_uri("file:", "h"), 0),
                     HOST_EACCES);
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "nope"), "file:/etc/h2", 0),
                     HOST_EACCES);
    const char *log = test_log_text();
    ck_assert_ptr_nonnull(strstr(log, "keep: denied attr /etc/keep-no-such-file\n"));
    ck_assert_ptr_nonnull(strstr(log, "keep: denied set_attr /etc/keep-no-such-file\n"));
    ck_assert_ptr_nonnull(strstr(log, "keep: denied delete /etc/keep-no-such-file\n"));
    ck_assert_ptr_nonnull(strstr(log, "keep: denied rename /etc/keep-no-such-file\n"));
    ck_assert_ptr_nonnull(strstr(log, "keep: denied rename /etc/h2\n"));
}
END_TEST

START_TEST(test_policy__denied_name_with_newline__is_logged_on_one_escaped_line)
{
    host_stream_t s;

    ck_assert_int_eq(host_stream_open("file:/etc/evil\nkeep: denied nothing", HOST_OPEN_READ, &s),
                     HOST_EACCES);
    ck_assert_str_eq(test_log_text(), "keep: denied open /etc/evil\\x0akeep: denied nothing\n");
}
END_TEST

/*
 * A name that exists as spelled, with no link on its way, is opened and
 * described in one lookup (the direct way); these check that the way
 * around it, for links and denials, still decides as the policy says.
 */
START_TEST(test_policy__missing_name_behind_a_link_to_outside__is_denied_not_missing)
{
    host_stream_t s;
    struct host_attr attr;

    ck_assert_int_eq(symlink(test_outside, test_path("out")), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "out/missing"), &attr), HOST_EACCES);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "out/missing"), HOST_OPEN_READ, &s),
                     HOST_EACCES);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "out/new"),
                                      HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s), HOST_EACCES);
    ck_assert_int_eq(host_stream_open(test_uri("dir:", "out"), HOST_OPEN_READ, &s), HOST_EACCES);
    ck_assert_int_eq(access(test_path("out/new"), F_OK), -1);
    /* a missing name outside every rule is denied too, once, not missing */
    ck_assert_int_eq(host_uri_attr("file:/etc/keep-no-such-dir/x", &attr), HOST_EACCES);
    ck_assert_ptr_nonnull(strstr(test_log_text(), "keep: denied attr /etc/keep-no-such-dir/x\n"));
}
END_TEST

START_TEST(test_policy__link_inside_the_policy__opens_lists_and_describes_its_target)
{
    host_stream_t s;
    struct host_attr attr;
    size_t done;
    char buf[8];

    ck_assert_int_eq(mkdir(test_path("real"), 0755), 0);
    test_put_file("real/f", "abc");
    ck_assert_int_eq(symlink(test_path("real"), test_path("alias")), 0);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "alias/f"), HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_OK);
    ck_assert_uint_eq(done, 3);
    host_stream_close(s);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "alias/f"), &attr), HOST_OK);
    ck_assert_uint_eq(attr.size, 3);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "alias/missing"), &attr), HOST_ENOENT);
    ck_assert_int_eq(host_stream_open(test_uri("dir:", "alias"), HOST_OPEN_READ, &s), HOST_OK);
    host_stream_close(s);
    ck_assert_str_eq(test_log_text(), "");
}
END_TEST

/* The path a stream keeps (for snapshots) is canonical, whichever way it
 * was opened: as spelled with "." and "//", or through a link. */
static int find_stream_path(void *ctx, const struct host_stream_desc *d)
{
    const host_stream_t *want = ctx;

    if (d->id != want[0])
        return 0;
    ck_assert_ptr_nonnull(d->path);
    ck_assert_str_eq(d->path, test_path("real/f"));
    return 1;
}

START_TEST(test_policy__stream_path__is_canonical_either_way)
{
    char uri[PATH_MAX + 32];
    host_stream_t s;

    ck_assert_int_eq(mkdir(test_path("real"), 0755), 0);
    test_put_file("real/f", "abc");
    ck_assert_int_eq(symlink(test_path("real"), test_path("alias")), 0);
    snprintf(uri, sizeof(uri), "file:%s//./real/../real/f", test_dir);
    ck_assert_int_eq(host_stream_open(uri, HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_streams_list(find_stream_path, &s), 1);
    host_stream_close(s);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "alias/f"), HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_streams_list(find_stream_path, &s), 1);
    host_stream_close(s);
}
END_TEST

Suite *make_suite_policy(void)
{
    Suite *s = suite_create("policy");
    TCase *tc = tcase_create("policy");

    tcase_add_checked_fixture(tc, test_fs_outside_setup, test_fs_outside_teardown);
    tcase_add_test(tc, test_policy__path_outside_every_rule__is_denied_eacces_logged_and_counted);
    tcase_add_test(tc, test_policy__directories_on_the_way_to_a_rule__show_attributes_only);
    tcase_add_test(tc, test_policy__read_only_rule__allows_reading_and_answers_erofs_to_writes);
    tcase_add_test(tc, test_policy__longer_rule__wins_over_a_shorter_later_one);
    tcase_add_test(tc, test_policy__rule_prefix__does_not_match_a_sibling_with_a_longer_name);
    tcase_add_test(tc, test_policy__dotdot_escape__is_denied);
    tcase_add_test(tc, test_policy__symlink_escape__is_denied);
    tcase_add_test(tc, test_policy__dangling_symlink_to_outside__cannot_create_the_target);
    tcase_add_test(tc, test_policy__no_rules__nothing_is_reachable);
    tcase_add_test(tc, test_policy__stdio__is_always_allowed);
    tcase_add_test(tc, test_policy_allow__with_relative_path_or_bad_access__returns_einval);
    tcase_add_test(tc, test_policy_allow__through_a_symlink__governs_the_real_path);
    tcase_add_test(tc, test_policy_set_log__null__silences_the_log_but_still_counts);
    tcase_add_test(tc, test_policy__each_uri_call_is_checked_and_names_its_operation);
    tcase_add_test(tc, test_policy__denied_name_with_newline__is_logged_on_one_escaped_line);
    tcase_add_test(tc, test_policy__missing_name_behind_a_link_to_outside__is_denied_not_missing);
    tcase_add_test(tc, test_policy__link_inside_the_policy__opens_lists_and_describes_its_target);
    tcase_add_test(tc, test_policy__stream_path__is_canonical_either_way);
    suite_add_tcase(s, tc);
    return s;
}

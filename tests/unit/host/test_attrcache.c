/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_attrcache.c - host_uri_attr's fast path: answers only for the file
 * a checked lookup found, fresh attributes, never a way around the policy.
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

/* host_uri_attr twice: the second answer must come from the fast path. */
static void attr_twice_cached(const char *uri, struct host_attr *attr)
{
    unsigned long hits = host_attr_cache_hits();

    ck_assert_int_eq(host_uri_attr(uri, attr), HOST_OK);
    ck_assert_int_eq(host_uri_attr(uri, attr), HOST_OK);
    ck_assert_uint_eq(host_attr_cache_hits(), hits + 1);
}

START_TEST(test_attr_cache__repeated_lookup__is_fast_and_fresh)
{
    struct host_attr attr;
    unsigned long hits;
    int fd;

    test_put_file("f", "12345");
    attr_twice_cached(test_uri("file:", "f"), &attr);
    ck_assert_uint_eq(attr.size, 5);
    fd = open(test_path("f"), O_WRONLY | O_APPEND);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "678", 3), 3);
    close(fd);
    ck_assert_int_eq(chmod(test_path("f"), 0444), 0);
    hits = host_attr_cache_hits();
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_OK);
    ck_assert_uint_eq(host_attr_cache_hits(), hits + 1);
    ck_assert_uint_eq(attr.size, 8);
    ck_assert(attr.flags & HOST_ATTR_READONLY);
}
END_TEST

START_TEST(test_attr_cache__hidden_and_policy_ro__are_kept)
{
    struct host_attr attr;

    ck_assert_int_eq(mkdir(test_path("ro"), 0755), 0);
    test_put_file("ro/.dot", "");
    ck_assert_int_eq(host_policy_allow(test_path("ro"), HOST_POLICY_RO), HOST_OK);
    attr_twice_cached(test_uri("file:", "ro/.dot"), &attr);
    ck_assert(attr.flags & HOST_ATTR_HIDDEN);
    ck_assert(attr.flags & HOST_ATTR_POLICY_RO);
}
END_TEST

START_TEST(test_attr_cache__directory_swapped_for_a_link_outside__is_denied)
{
    struct host_attr attr;
    unsigned long hits;

    ck_assert_int_eq(mkdir(test_path("d"), 0755), 0);
    test_put_file("d/f", "in");
    attr_twice_cached(test_uri("file:", "d/f"), &attr);
    /* the same name now leads outside the policy through a link */
    test_put_outside_file("f", "outside");
    ck_assert_int_eq(rename(test_path("d"), test_path("d-old")), 0);
    ck_assert_int_eq(symlink(test_outside, test_path("d")), 0);
    hits = host_attr_cache_hits();
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "d/f"), &attr), HOST_EACCES);
    ck_assert_uint_eq(host_attr_cache_hits(), hits);
    ck_assert_ptr_nonnull(strstr(test_log_text(), "keep: denied attr "));
}
END_TEST

START_TEST(test_attr_cache__file_replaced_or_removed__is_looked_up_again)
{
    struct host_attr attr;

    test_put_file("f", "1");
    attr_twice_cached(test_uri("file:", "f"), &attr);
    ck_assert_int_eq(unlink(test_path("f")), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_ENOENT);
    ck_assert_int_eq(mkdir(test_path("f"), 0755), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_OK);
    ck_assert_uint_eq(attr.type, HOST_TYPE_DIR);
    ck_assert_int_eq(rmdir(test_path("f")), 0);
    ck_assert_int_eq(symlink(test_path("nowhere"), test_path("f")), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_ENOENT);
}
END_TEST

START_TEST(test_attr_cache__policy_reset__denies_again)
{
    struct host_attr attr;

    test_put_file("f", "1");
    attr_twice_cached(test_uri("file:", "f"), &attr);
    host_policy_reset();
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_EACCES);
}
END_TEST

START_TEST(test_attr_cache__non_canonical_uri__is_never_fast)
{
    struct host_attr attr;
    unsigned long hits = host_attr_cache_hits();

    test_put_file("f", "123");
    ck_assert_int_eq(symlink(test_path("f"), test_path("link")), 0);
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(host_uri_attr(test_uri("file:", "./f"), &attr), HOST_OK);
        ck_assert_uint_eq(attr.size, 3);
        ck_assert_int_eq(host_uri_attr(test_uri("file:", "link"), &attr), HOST_OK);
        ck_assert_uint_eq(attr.size, 3);
    }
    ck_assert_uint_eq(host_attr_cache_hits(), hits);
}
END_TEST

Suite *make_suite_attrcache(void)
{
    Suite *s = suite_create("attrcache");
    TCase *tc = tcase_create("attrcache");

    tcase_add_checked_fixture(tc, test_fs_outside_setup, test_fs_outside_teardown);
    tcase_add_test(tc, test_attr_cache__repeated_lookup__is_fast_and_fresh);
    tcase_add_test(tc, test_attr_cache__hidden_and_policy_ro__are_kept);
    tcase_add_test(tc, test_attr_cache__directory_swapped_for_a_link_outside__is_denied);
    tcase_add_test(tc, test_attr_cache__file_replaced_or_removed__is_looked_up_again);
    tcase_add_test(tc, test_attr_cache__policy_reset__denies_again);
    tcase_add_test(tc, test_attr_cache__non_canonical_uri__is_never_fast);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_attr.c - attributes of streams and URIs, and changing them. */
#define _GNU_SOURCE 1
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

#define NS 1000000000ll

START_TEST(test_uri_attr__of_a_file__matches_stat)
{
    struct host_attr attr;
    struct stat sb;

    test_put_file("f", "12345");
    ck_assert_int_eq(stat(test_path("f"), &sb), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_OK);
    ck_assert_uint_eq(attr.type, HOST_TYPE_FILE);
    ck_assert_uint_eq(attr.size, 5);
    ck_assert_uint_eq(attr.file_id, sb.st_ino);
    ck_assert_uint_eq(attr.device_id, sb.st_dev);
    ck_assert_uint_eq(attr.nlink, 1);
    ck_assert_int_eq(attr.mtime_ns, sb.st_mtim.tv_sec * NS + sb.st_mtim.tv_nsec);
    ck_assert_int_eq(attr.ctime_ns, sb.st_ctim.tv_sec * NS + sb.st_ctim.tv_nsec);
    ck_assert_uint_eq(attr.alloc_size, (uint64_t)sb.st_blocks * 512);
    ck_assert_uint_eq(attr.flags & (HOST_ATTR_HIDDEN | HOST_ATTR_READONLY | HOST_ATTR_POLICY_RO), 0);
}
END_TEST

START_TEST(test_uri_attr__of_a_directory_by_dir_uri__reports_a_directory)
{
    struct host_attr attr;

    ck_assert_int_eq(host_uri_attr(test_uri("dir:", ""), &attr), HOST_OK);
    ck_assert_uint_eq(attr.type, HOST_TYPE_DIR);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "missing"), &attr), HOST_ENOENT);
    ck_assert_int_eq(host_uri_attr("stdio:0", &attr), HOST_EINVAL);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", ""), NULL), HOST_EINVAL);
}
END_TEST

START_TEST(test_uri_attr__dot_name__is_hidden)
{
    struct host_attr attr;

    test_put_file(".secret", "");
    ck_assert_int_eq(host_uri_attr(test_uri("file:", ".secret"), &attr), HOST_OK);
    ck_assert(attr.flags & HOST_ATTR_HIDDEN);
}
END_TEST

START_TEST(test_uri_attr__file_without_write_bits__is_readonly)
{
    struct host_attr attr;

    test_put_file("ro", "");
    ck_assert_int_eq(chmod(test_path("ro"), 0444), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "ro"), &attr), HOST_OK);
    ck_assert(attr.flags & HOST_ATTR_READONLY);
}
END_TEST

START_TEST(test_uri_attr__under_read_only_rule__has_policy_ro)
{
    struct host_attr attr;
    host_stream_t s;

    ck_assert_int_eq(mkdir(test_path("ro"), 0755), 0);
    test_put_file("ro/f", "");
    ck_assert_int_eq(host_policy_allow(test_path("ro"), HOST_POLICY_RO), HOST_OK);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "ro/f"), &attr), HOST_OK);
    ck_assert(attr.flags & HOST_ATTR_POLICY_RO);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "ro/f"), HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_stream_attr(s, &attr), HOST_OK);
    ck_assert(attr.flags & HOST_ATTR_POLICY_RO);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_attr__of_open_file__matches_uri_attr)
{
    struct host_attr a, b;
    host_stream_t s;

    test_put_file(".f", "abc");
    ck_assert_int_eq(host_stream_open(test_uri("file:", ".f"), HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_stream_attr(s, &a), HOST_OK);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", ".f"), &b), HOST_OK);
    ck_assert_uint_eq(a.size, 3);
    ck_assert_uint_eq(a.file_id, b.file_id);
    ck_assert_int_eq(a.mtime_ns, b.mtime_ns);
    ck_assert_uint_eq(a.flags, b.flags);
    ck_assert(a.flags & HOST_ATTR_HIDDEN);
    ck_assert_int_eq(host_stream_attr(s, NULL), HOST_EINVAL);
    ck_assert_int_eq(host_stream_attr(999, &a), HOST_EBADF);
    host_stream_close(s);
}
END_TEST

START_TEST(test_uri_set_attr__times__are_set_to_the_nanosecond)
{
    struct host_attr attr;

    memset(&attr, 0, sizeof(attr));
    test_put_file("f", "");
    attr.atime_ns = 1000000000ll * NS + 123;
    attr.mtime_ns = 1200000000ll * NS + 456789;
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "f"), &attr, HOST_SET_ATIME | HOST_SET_MTIME),
                     HOST_OK);
    memset(&attr, 0, sizeof(attr));
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_OK);
    ck_assert_int_eq(attr.atime_ns, 1000000000ll * NS + 123);
    ck_assert_int_eq(attr.mtime_ns, 1200000000ll * NS + 456789);
}
END_TEST

START_TEST(test_uri_set_attr__only_mtime__leaves_atime)
{
    struct host_attr attr, before;

    test_put_file("f", "");
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &before), HOST_OK);
    memset(&attr, 0, sizeof(attr));
    attr.mtime_ns = 5 * NS;
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "f"), &attr, HOST_SET_MTIME), HOST_OK);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_OK);
    ck_assert_int_eq(attr.mtime_ns, 5 * NS);
    ck_assert_int_eq(attr.atime_ns, before.atime_ns);
}
END_TEST

START_TEST(test_uri_set_attr__readonly__clears_write_bits_and_back)
{
    struct host_attr attr;
    struct stat sb;

    memset(&attr, 0, sizeof(attr));
    test_put_file("f", "");
    ck_assert_int_eq(chmod(test_path("f"), 0664), 0);
    attr.flags = HOST_ATTR_READONLY;
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "f"), &attr, HOST_SET_READONLY), HOST_OK);
    ck_assert_int_eq(stat(test_path("f"), &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0444);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "f"), &attr), HOST_OK);
    ck_assert(attr.flags & HOST_ATTR_READONLY);
    attr.flags = 0;
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "f"), &attr, HOST_SET_READONLY), HOST_OK);
    ck_assert_int_eq(stat(test_path("f"), &sb), 0);
    ck_assert_uint_eq(sb.st_mode & 0777, 0644);
}
END_TEST

START_TEST(test_uri_set_attr__with_bad_mask_or_null__returns_einval)
{
    struct host_attr attr;

    memset(&attr, 0, sizeof(attr));
    test_put_file("f", "");
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "f"), &attr, 8), HOST_EINVAL);
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "f"), NULL, HOST_SET_MTIME), HOST_EINVAL);
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "missing"), &attr, HOST_SET_MTIME),
                     HOST_ENOENT);
}
END_TEST

START_TEST(test_uri_attr__of_a_dangling_link__returns_enoent)
{
    struct host_attr attr;

    memset(&attr, 0, sizeof(attr));
    ck_assert_int_eq(symlink(test_path("nowhere"), test_path("dangling")), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "dangling"), &attr), HOST_ENOENT);
    ck_assert_int_eq(host_uri_set_attr(test_uri("file:", "dangling"), &attr, HOST_SET_MTIME),
                     HOST_ENOENT);
}
END_TEST

START_TEST(test_uri_attr__through_a_link_inside_the_policy__describes_the_target)
{
    struct host_attr attr;

    test_put_file("target", "1234567");
    ck_assert_int_eq(symlink(test_path("target"), test_path("link")), 0);
    ck_assert_int_eq(host_uri_attr(test_uri("file:", "link"), &attr), HOST_OK);
    ck_assert_uint_eq(attr.type, HOST_TYPE_FILE);
    ck_assert_uint_eq(attr.size, 7);
}
END_TEST

Suite *make_suite_attr(void)
{
    Suite *s = suite_create("attr");
    TCase *tc = tcase_create("attr");

    tcase_add_checked_fixture(tc, test_fs_setup, test_fs_teardown);
    tcase_add_test(tc, test_uri_attr__of_a_file__matches_stat);
    tcase_add_test(tc, test_uri_attr__of_a_directory_by_dir_uri__reports_a_directory);
    tcase_add_test(tc, test_uri_attr__dot_name__is_hidden);
    tcase_add_test(tc, test_uri_attr__file_without_write_bits__is_readonly);
    tcase_add_test(tc, test_uri_attr__under_read_only_rule__has_policy_ro);
    tcase_add_test(tc, test_stream_attr__of_open_file__matches_uri_attr);
    tcase_add_test(tc, test_uri_set_attr__times__are_set_to_the_nanosecond);
    tcase_add_test(tc, test_uri_set_attr__only_mtime__leaves_atime);
    tcase_add_test(tc, test_uri_set_attr__readonly__clears_write_bits_and_back);
    tcase_add_test(tc, test_uri_set_attr__with_bad_mask_or_null__returns_einval);
    tcase_add_test(tc, test_uri_attr__of_a_dangling_link__returns_enoent);
    tcase_add_test(tc, test_uri_attr__through_a_link_inside_the_policy__describes_the_target);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_dir.c - listings, rename, delete. */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

static host_stream_t open_dir(const char *name)
{
    host_stream_t s = -1;

    ck_assert_int_eq(host_stream_open(test_uri("dir:", name), HOST_OPEN_READ, &s), HOST_OK);
    return s;
}

START_TEST(test_dir_read__lists_dot_dotdot_then_names_sorted_with_types)
{
    static const struct { const char *name; unsigned type; } expect[] = {
        { ".", HOST_TYPE_DIR }, { "..", HOST_TYPE_DIR }, { ".hidden", HOST_TYPE_FILE },
        { "a", HOST_TYPE_FILE }, { "b", HOST_TYPE_DIR }, { "c", HOST_TYPE_FILE },
        { "fifo", HOST_TYPE_PIPE },
    };
    struct host_dirent ent;
    host_stream_t s;

    ck_assert_int_eq(mkdir(test_path("d"), 0755), 0);
    test_put_file("d/c", "");
    test_put_file("d/a", "");
    test_put_file("d/.hidden", "");
    ck_assert_int_eq(mkdir(test_path("d/b"), 0755), 0);
    ck_assert_int_eq(mkfifo(test_path("d/fifo"), 0644), 0);
    s = open_dir("d");
    for (size_t i = 0; i < sizeof(expect) / sizeof(expect[0]); i++) {
        ck_assert_int_eq(host_dir_read(s, i, &ent), HOST_OK);
        ck_assert_str_eq(ent.name, expect[i].name);
        ck_assert_uint_eq(ent.type, expect[i].type);
    }
    ck_assert_int_eq(host_dir_read(s, sizeof(expect) / sizeof(expect[0]), &ent), HOST_ENOENT);
    /* Offsets name entries: reading one again gives the same entry. */
    ck_assert_int_eq(host_dir_read(s, 3, &ent), HOST_OK);
    ck_assert_str_eq(ent.name, "a");
    host_stream_close(s);
}
END_TEST

START_TEST(test_dir_read__listing_is_a_snapshot_taken_at_open)
{
    struct host_dirent ent;
    host_stream_t s = open_dir("");

    test_put_file("late", "");
    ck_assert_int_eq(host_dir_read(s, 2, &ent), HOST_ENOENT);
    host_stream_close(s);
    s = open_dir("");
    ck_assert_int_eq(host_dir_read(s, 2, &ent), HOST_OK);
    ck_assert_str_eq(ent.name, "late");
    host_stream_close(s);
}
END_TEST

START_TEST(test_dir_read__on_a_file_stream_or_null_entry__fails)
{
    struct host_dirent ent;
    host_stream_t s, d = open_dir("");

    test_put_file("f", "");
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"), HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_dir_read(s, 0, &ent), HOST_EBADF);
    ck_assert_int_eq(host_dir_read(d, 0, NULL), HOST_EINVAL);
    ck_assert_int_eq(host_dir_read(-5, 0, &ent), HOST_EBADF);
    host_stream_close(s);
    host_stream_close(d);
}
END_TEST

START_TEST(test_dir_open__of_a_file_or_with_write_flag__fails)
{
    host_stream_t s;
    char buf[4];
    size_t done;

    test_put_file("f", "");
    ck_assert_int_eq(host_stream_open(test_uri("dir:", "f"), HOST_OPEN_READ, &s), HOST_ENOTDIR);
    ck_assert_int_eq(host_stream_open(test_uri("dir:", ""), HOST_OPEN_WRITE, &s), HOST_EINVAL);
    s = open_dir("");
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_EISDIR);
    host_stream_close(s);
}
END_TEST

START_TEST(test_uri_rename__to_a_new_name__moves_the_file)
{
    test_put_file("from", "x");
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "from"), test_uri("file:", "to"), 0), HOST_OK);
    ck_assert_int_eq(access(test_path("from"), F_OK), -1);
    ck_assert_int_eq(access(test_path("to"), F_OK), 0);
}
END_TEST

START_TEST(test_uri_rename__onto_existing_target_without_replace__returns_eexist)
{
    test_put_file("from", "new");
    test_put_file("to", "old");
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "from"), test_uri("file:", "to"), 0),
                     HOST_EEXIST);
    ck_assert_int_eq(access(test_path("from"), F_OK), 0);
}
END_TEST

START_TEST(test_uri_rename__onto_existing_target_with_replace__replaces_it)
{
    char buf[8] = { 0 };
    int fd;

    test_put_file("from", "new");
    test_put_file("to", "old");
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "from"), test_uri("file:", "to"),
                                     HOST_RENAME_REPLACE), HOST_OK);
    fd = open(test_path("to"), O_RDONLY);
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), 3);
    close(fd);
    ck_assert_str_eq(buf, "new");
    ck_assert_int_eq(access(test_path("from"), F_OK), -1);
}
END_TEST

START_TEST(test_uri_rename__a_directory_or_a_link__moves_the_name_itself)
{
    struct stat sb;

    ck_assert_int_eq(mkdir(test_path("d"), 0755), 0);
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "d"), test_uri("dir:", "e"), 0), HOST_OK);
    ck_assert_int_eq(stat(test_path("e"), &sb), 0);
    ck_assert(S_ISDIR(sb.st_mode));
    ck_assert_int_eq(symlink("e", test_path("link")), 0);
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "link"), test_uri("file:", "link2"), 0), HOST_OK);
    ck_assert_int_eq(lstat(test_path("link2"), &sb), 0);
    ck_assert(S_ISLNK(sb.st_mode));
    ck_assert_int_eq(stat(test_path("e"), &sb), 0);
}
END_TEST

START_TEST(test_uri_rename__missing_source_or_bad_flags__fails)
{
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "nope"), test_uri("file:", "to"), 0), HOST_ENOENT);
    ck_assert_int_eq(host_uri_rename(test_uri("file:", "nope"), test_uri("file:", "to"), 2), HOST_EINVAL);
    ck_assert_int_eq(host_uri_rename("stdio:1", test_uri("file:", "to"), 0), HOST_EINVAL);
}
END_TEST

START_TEST(test_uri_delete__removes_a_file_and_an_empty_directory)
{
    test_put_file("f", "x");
    ck_assert_int_eq(mkdir(test_path("d"), 0755), 0);
    ck_assert_int_eq(host_uri_delete(test_uri("file:", "f")), HOST_OK);
    ck_assert_int_eq(host_uri_delete(test_uri("file:", "d")), HOST_OK);
    ck_assert_int_eq(access(test_path("f"), F_OK), -1);
    ck_assert_int_eq(access(test_path("d"), F_OK), -1);
    ck_assert_int_eq(host_uri_delete(test_uri("file:", "f")), HOST_ENOENT);
}
END_TEST

START_TEST(test_uri_delete__of_a_full_directory__returns_enotempty)
{
    ck_assert_int_eq(mkdir(test_path("d"), 0755), 0);
    test_put_file("d/f", "x");
    ck_assert_int_eq(host_uri_delete(test_uri("file:", "d")), HOST_ENOTEMPTY);
    ck_assert_int_eq(access(test_path("d/f"), F_OK), 0);
}
END_TEST

START_TEST(test_uri_delete__of_a_link__removes_the_link_not_the_target)
{
    test_put_file("target", "x");
    ck_assert_int_eq(symlink(test_path("target"), test_path("link")), 0);
    ck_assert_int_eq(host_uri_delete(test_uri("file:", "link")), HOST_OK);
    ck_assert_int_eq(access(test_path("target"), F_OK), 0);
}
END_TEST

Suite *make_suite_dir(void)
{
    Suite *s = suite_create("dir");
    TCase *tc = tcase_create("dir");

    tcase_add_checked_fixture(tc, test_fs_setup, test_fs_teardown);
    tcase_add_test(tc, test_dir_read__lists_dot_dotdot_then_names_sorted_with_types);
    tcase_add_test(tc, test_dir_read__listing_is_a_snapshot_taken_at_open);
    tcase_add_test(tc, test_dir_read__on_a_file_stream_or_null_entry__fails);
    tcase_add_test(tc, test_dir_open__of_a_file_or_with_write_flag__fails);
    tcase_add_test(tc, test_uri_rename__to_a_new_name__moves_the_file);
    tcase_add_test(tc, test_uri_rename__onto_existing_target_without_replace__returns_eexist);
    tcase_add_test(tc, test_uri_rename__onto_existing_target_with_replace__replaces_it);
    tcase_add_test(tc, test_uri_rename__a_directory_or_a_link__moves_the_name_itself);
    tcase_add_test(tc, test_uri_rename__missing_source_or_bad_flags__fails);
    tcase_add_test(tc, test_uri_delete__removes_a_file_and_an_empty_directory);
    tcase_add_test(tc, test_uri_delete__of_a_full_directory__returns_enotempty);
    tcase_add_test(tc, test_uri_delete__of_a_link__removes_the_link_not_the_target);
    suite_add_tcase(s, tc);
    return s;
}

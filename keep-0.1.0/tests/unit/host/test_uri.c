/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_uri.c - URI parsing and canonical paths. */
#define _GNU_SOURCE 1
#include <string.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

START_TEST(test_uri_parse__file_uri__gives_scheme_and_absolute_path)
{
    struct host_uri u;

    ck_assert_int_eq(host_uri_parse("file:/a/b", &u), HOST_OK);
    ck_assert_uint_eq(u.scheme, HOST_SCHEME_FILE);
    ck_assert_str_eq(u.rest, "/a/b");
    ck_assert_int_eq(host_uri_parse("dir:/", &u), HOST_OK);
    ck_assert_uint_eq(u.scheme, HOST_SCHEME_DIR);
}
END_TEST

START_TEST(test_uri_parse__stdio_uri__gives_the_descriptor)
{
    struct host_uri u;

    ck_assert_int_eq(host_uri_parse("stdio:2", &u), HOST_OK);
    ck_assert_uint_eq(u.scheme, HOST_SCHEME_STDIO);
    ck_assert_int_eq(u.stdio_fd, 2);
}
END_TEST

START_TEST(test_uri_parse__malformed_uris__return_einval)
{
    const char *bad[] = { "file:relative/path", "file:", "dir:x", "stdio:3", "stdio:01",
                          "stdio:", "nothing", "bogus:/x", "FILE:/x", "pipe:x", "" };
    struct host_uri u;

    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(host_uri_parse(bad[i], &u) == HOST_EINVAL, "%s", bad[i]);
    ck_assert_int_eq(host_uri_parse(NULL, &u), HOST_EINVAL);
}
END_TEST

START_TEST(test_uri_parse__reserved_schemes__parse_as_tcp_and_udp)
{
    struct host_uri u;

    ck_assert_int_eq(host_uri_parse("tcp:127.0.0.1:80", &u), HOST_OK);
    ck_assert_uint_eq(u.scheme, HOST_SCHEME_TCP);
    ck_assert_int_eq(host_uri_parse("udp:x", &u), HOST_OK);
    ck_assert_uint_eq(u.scheme, HOST_SCHEME_UDP);
}
END_TEST

START_TEST(test_path_canonical__drops_dots_and_applies_dotdot)
{
    char out[PATH_MAX];

    ck_assert_int_eq(host_path_canonical("/usr//./lib/../bin/", HOST_PATH_FOLLOW, out), HOST_OK);
    ck_assert_str_eq(out, "/usr/bin");
    ck_assert_int_eq(host_path_canonical("/", HOST_PATH_FOLLOW, out), HOST_OK);
    ck_assert_str_eq(out, "/");
    ck_assert_int_eq(host_path_canonical("/usr/..", HOST_PATH_FOLLOW, out), HOST_OK);
    ck_assert_str_eq(out, "/");
}
END_TEST

START_TEST(test_path_canonical__dotdot_above_root__returns_einval)
{
    char out[PATH_MAX];

    ck_assert_int_eq(host_path_canonical("/..", HOST_PATH_FOLLOW, out), HOST_EINVAL);
    ck_assert_int_eq(host_path_canonical("/a/../../etc", HOST_PATH_FOLLOW, out), HOST_EINVAL);
    ck_assert_int_eq(host_path_canonical("relative", HOST_PATH_FOLLOW, out), HOST_EINVAL);
}
END_TEST

START_TEST(test_path_canonical__missing_tail__is_appended_to_the_resolved_prefix)
{
    char out[PATH_MAX], expect[PATH_MAX + 32];

    ck_assert_int_eq(symlink(test_dir, test_path("link")), 0);
    ck_assert_int_eq(host_path_canonical(test_path("link/new/file"), HOST_PATH_FOLLOW, out), HOST_OK);
    snprintf(expect, sizeof(expect), "%s/new/file", test_dir);
    ck_assert_str_eq(out, expect);
}
END_TEST

START_TEST(test_path_canonical__nofollow__keeps_a_final_link)
{
    char out[PATH_MAX];

    ck_assert_int_eq(symlink("/etc", test_path("etc-link")), 0);
    ck_assert_int_eq(host_path_canonical(test_path("etc-link"), HOST_PATH_NOFOLLOW, out), HOST_OK);
    ck_assert_str_eq(out, test_path("etc-link"));
    ck_assert_int_eq(host_path_canonical(test_path("etc-link"), HOST_PATH_FOLLOW, out), HOST_OK);
    ck_assert_str_eq(out, "/etc");
}
END_TEST

START_TEST(test_path_canonical__too_long_component__returns_enametoolong)
{
    char path[400], out[PATH_MAX];

    memset(path, 'a', sizeof(path) - 1);
    path[0] = '/';
    path[sizeof(path) - 1] = 0;
    ck_assert_int_eq(host_path_canonical(path, HOST_PATH_FOLLOW, out), HOST_ENAMETOOLONG);
}
END_TEST

START_TEST(test_stream_open__reserved_schemes__return_enosys)
{
    host_stream_t s;

    ck_assert_int_eq(host_stream_open("tcp:127.0.0.1:80", HOST_OPEN_READ, &s), HOST_ENOSYS);
    ck_assert_int_eq(host_stream_open("udp:127.0.0.1:53", HOST_OPEN_READ, &s), HOST_ENOSYS);
}
END_TEST

START_TEST(test_stream_open__malformed_uri_or_pipe_scheme__returns_einval)
{
    host_stream_t s;

    ck_assert_int_eq(host_stream_open("file:relative", HOST_OPEN_READ, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open("file:", HOST_OPEN_READ, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open("pipe:", HOST_OPEN_READ, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open("http://x/", HOST_OPEN_READ, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open(NULL, HOST_OPEN_READ, &s), HOST_EINVAL);
}
END_TEST

Suite *make_suite_uri(void)
{
    Suite *s = suite_create("uri");
    TCase *tc = tcase_create("uri");

    tcase_add_checked_fixture(tc, test_fs_setup, test_fs_teardown);
    tcase_add_test(tc, test_uri_parse__file_uri__gives_scheme_and_absolute_path);
    tcase_add_test(tc, test_uri_parse__stdio_uri__gives_the_descriptor);
    tcase_add_test(tc, test_uri_parse__malformed_uris__return_einval);
    tcase_add_test(tc, test_uri_parse__reserved_schemes__parse_as_tcp_and_udp);
    tcase_add_test(tc, test_path_canonical__drops_dots_and_applies_dotdot);
    tcase_add_test(tc, test_path_canonical__dotdot_above_root__returns_einval);
    tcase_add_test(tc, test_path_canonical__missing_tail__is_appended_to_the_resolved_prefix);
    tcase_add_test(tc, test_path_canonical__nofollow__keeps_a_final_link);
    tcase_add_test(tc, test_path_canonical__too_long_component__returns_enametoolong);
    tcase_add_test(tc, test_stream_open__reserved_schemes__return_enosys);
    tcase_add_test(tc, test_stream_open__malformed_uri_or_pipe_scheme__returns_einval);
    suite_add_tcase(s, tc);
    return s;
}

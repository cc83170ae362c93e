/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_status.c - host_status_name and the errno mapping. */
#define _GNU_SOURCE 1
#include <errno.h>
#include <string.h>

#include "tests/unit/host/test_host.h"

START_TEST(test_status_name__for_every_code__is_distinct_and_not_unknown)
{
    const char *names[23];

    for (int code = 0; code >= HOST_ESRCH; code--) {
        names[-code] = host_status_name(code);
        ck_assert_ptr_nonnull(names[-code]);
        ck_assert_str_ne(names[-code], "unknown status");
        for (int other = 0; other > code; other--)
            ck_assert_str_ne(names[-code], names[-other]);
    }
}
END_TEST

START_TEST(test_status_name__for_unknown_code__says_unknown)
{
    ck_assert_str_eq(host_status_name(HOST_ESRCH - 1), "unknown status");
    ck_assert_str_eq(host_status_name(1), "unknown status");
    ck_assert_str_eq(host_status_name(-2147483647 - 1), "unknown status");
}
END_TEST

START_TEST(test_status_name__for_ok__says_success)
{
    ck_assert_str_eq(host_status_name(HOST_OK), "success");
    ck_assert_str_eq(host_status_name(HOST_EROFS), "read-only");
}
END_TEST

START_TEST(test_from_errno__maps_each_named_errno_to_its_code)
{
    static const struct { int err, status; } map[] = {
        { EINVAL, HOST_EINVAL }, { ENOMEM, HOST_ENOMEM }, { ENOENT, HOST_ENOENT },
        { EACCES, HOST_EACCES }, { EPERM, HOST_EACCES }, { EEXIST, HOST_EEXIST },
        { ENOTDIR, HOST_ENOTDIR }, { EISDIR, HOST_EISDIR }, { ENOTEMPTY, HOST_ENOTEMPTY },
        { EIO, HOST_EIO }, { ENOSPC, HOST_ENOSPC }, { EBADF, HOST_EBADF },
        { EPIPE, HOST_EPIPE }, { ETIMEDOUT, HOST_ETIMEDOUT }, { EAGAIN, HOST_EAGAIN },
        { EINTR, HOST_EINTR }, { ENOSYS, HOST_ENOSYS }, { ENAMETOOLONG, HOST_ENAMETOOLONG },
        { EXDEV, HOST_EXDEV }, { EBUSY, HOST_EBUSY }, { ELOOP, HOST_ELOOP },
        { EROFS, HOST_EROFS }, { ESRCH, HOST_ESRCH }, { EFAULT, HOST_EINVAL },
    };

    for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        ck_assert_int_eq(host_from_errno(map[i].err), map[i].status);
}
END_TEST

START_TEST(test_from_errno__for_unlisted_errno__returns_eio)
{
    ck_assert_int_eq(host_from_errno(ENOLINK), HOST_EIO);
    ck_assert_int_eq(host_from_errno(0), HOST_EIO);
}
END_TEST

Suite *make_suite_status(void)
{
    Suite *s = suite_create("status");
    TCase *tc = tcase_create("status");

    tcase_add_test(tc, test_status_name__for_every_code__is_distinct_and_not_unknown);
    tcase_add_test(tc, test_status_name__for_unknown_code__says_unknown);
    tcase_add_test(tc, test_status_name__for_ok__says_success);
    tcase_add_test(tc, test_from_errno__maps_each_named_errno_to_its_code);
    tcase_add_test(tc, test_from_errno__for_unlisted_errno__returns_eio);
    suite_add_tcase(s, tc);
    return s;
}

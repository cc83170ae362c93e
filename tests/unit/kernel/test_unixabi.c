/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_unixabi.c - the C library ABI the kernel declares for the unix
 * libraries it loads (dlls/ntdll/unixabi.h), against glibc's own headers:
 * every structure's size and field offsets, every constant's value.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "unixabi.h"

#define SAME_FIELD(ours, theirs, f)                                                        \
    ck_assert_msg(offsetof(struct ours, f) == offsetof(struct theirs, f) &&               \
                      sizeof(((struct ours *)0)->f) == sizeof(((struct theirs *)0)->f),   \
                  #theirs "." #f ": offset %zu size %zu, glibc %zu %zu",                 \
                  offsetof(struct ours, f), sizeof(((struct ours *)0)->f),                \
                  offsetof(struct theirs, f), sizeof(((struct theirs *)0)->f))
#define SAME_SIZE(ours, theirs)                                                            \
    ck_assert_msg(sizeof(struct ours) == sizeof(struct theirs), #theirs ": %zu, glibc %zu", \
                  sizeof(struct ours), sizeof(struct theirs))
#define SAME_VALUE(name) ck_assert_msg(UX_##name == name, #name ": %ld, glibc %ld", (long)UX_##name, (long)name)

START_TEST(test_unixabi__structures__match_glibc)
{
    SAME_SIZE(ux_stat, stat);
    SAME_FIELD(ux_stat, stat, st_dev);
    SAME_FIELD(ux_stat, stat, st_ino);
    SAME_FIELD(ux_stat, stat, st_nlink);
    SAME_FIELD(ux_stat, stat, st_mode);
    SAME_FIELD(ux_stat, stat, st_uid);
    SAME_FIELD(ux_stat, stat, st_gid);
    SAME_FIELD(ux_stat, stat, st_rdev);
    SAME_FIELD(ux_stat, stat, st_size);
    SAME_FIELD(ux_stat, stat, st_blksize);
    SAME_FIELD(ux_stat, stat, st_blocks);
    SAME_FIELD(ux_stat, stat, st_atim);
    SAME_FIELD(ux_stat, stat, st_mtim);
    SAME_FIELD(ux_stat, stat, st_ctim);
    SAME_SIZE(ux_timespec, timespec);
    SAME_FIELD(ux_timespec, timespec, tv_nsec);
    SAME_SIZE(ux_timeval, timeval);
    SAME_FIELD(ux_timeval, timeval, tv_usec);
    SAME_SIZE(ux_statfs, statfs);
    SAME_FIELD(ux_statfs, statfs, f_type);
    SAME_FIELD(ux_statfs, statfs, f_bsize);
    SAME_FIELD(ux_statfs, statfs, f_fsid);
    SAME_FIELD(ux_statfs, statfs, f_namelen);
    SAME_FIELD(ux_statfs, statfs, f_flags);
    SAME_SIZE(ux_dirent, dirent);
    SAME_FIELD(ux_dirent, dirent, d_ino);
    SAME_FIELD(ux_dirent, dirent, d_off);
    SAME_FIELD(ux_dirent, dirent, d_reclen);
    SAME_FIELD(ux_dirent, dirent, d_type);
    SAME_FIELD(ux_dirent, dirent, d_name);
    SAME_SIZE(ux_tm, tm);
    SAME_FIELD(ux_tm, tm, tm_yday);
    SAME_FIELD(ux_tm, tm, tm_isdst);
    SAME_FIELD(ux_tm, tm, tm_gmtoff);
    SAME_FIELD(ux_tm, tm, tm_zone);
    SAME_SIZE(ux_lconv, lconv);
    SAME_FIELD(ux_lconv, lconv, decimal_point);
    SAME_FIELD(ux_lconv, lconv, negative_sign);
    SAME_FIELD(ux_lconv, lconv, int_frac_digits);
    SAME_FIELD(ux_lconv, lconv, n_sign_posn);
    SAME_FIELD(ux_lconv, lconv, int_n_sign_posn);
    SAME_SIZE(ux_random_data, random_data);
    SAME_FIELD(ux_random_data, random_data, state);
    SAME_FIELD(ux_random_data, random_data, end_ptr);
    /* the mutex: the words a static initializer sets, at glibc's places */
    ck_assert_uint_le(sizeof(struct ux_mutex), sizeof(pthread_mutex_t));
    ck_assert_uint_eq(offsetof(struct ux_mutex, kind), offsetof(pthread_mutex_t, __data.__kind));
    ck_assert_uint_eq(offsetof(struct ux_mutex, owner), offsetof(pthread_mutex_t, __data.__owner));
    pthread_mutex_t rec = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
    ck_assert_int_eq(((struct ux_mutex *)&rec)->kind, 1);
}
END_TEST

START_TEST(test_unixabi__constants__match_glibc)
{
    SAME_VALUE(EPERM); SAME_VALUE(ENOENT); SAME_VALUE(EINTR); SAME_VALUE(EIO);
    SAME_VALUE(EBADF); SAME_VALUE(ENOMEM); SAME_VALUE(EACCES); SAME_VALUE(EBUSY);
    SAME_VALUE(EEXIST); SAME_VALUE(EXDEV); SAME_VALUE(ENOTDIR); SAME_VALUE(EISDIR);
    SAME_VALUE(EINVAL); SAME_VALUE(EMFILE); SAME_VALUE(ENOSPC); SAME_VALUE(EROFS);
    SAME_VALUE(EPIPE); SAME_VALUE(ENAMETOOLONG); SAME_VALUE(ENOSYS); SAME_VALUE(ENOTEMPTY);
    SAME_VALUE(ELOOP);
    SAME_VALUE(O_ACCMODE); SAME_VALUE(O_RDONLY); SAME_VALUE(O_WRONLY); SAME_VALUE(O_RDWR);
    SAME_VALUE(O_CREAT); SAME_VALUE(O_EXCL); SAME_VALUE(O_TRUNC); SAME_VALUE(O_APPEND);
    SAME_VALUE(O_DIRECTORY); SAME_VALUE(O_NOFOLLOW);
    SAME_VALUE(F_GETFD); SAME_VALUE(F_SETFD); SAME_VALUE(F_GETFL); SAME_VALUE(F_SETFL);
    SAME_VALUE(FD_CLOEXEC); SAME_VALUE(SEEK_SET); SAME_VALUE(SEEK_CUR); SAME_VALUE(SEEK_END);
    SAME_VALUE(W_OK); SAME_VALUE(PATH_MAX); SAME_VALUE(CHAR_MAX);
    SAME_VALUE(PROT_READ); SAME_VALUE(PROT_WRITE); SAME_VALUE(PROT_EXEC);
    SAME_VALUE(MAP_SHARED); SAME_VALUE(MAP_FIXED); SAME_VALUE(MAP_ANONYMOUS);
    ck_assert_ptr_eq(UX_MAP_FAILED, MAP_FAILED);
    SAME_VALUE(S_IFDIR); SAME_VALUE(S_IFREG);
    SAME_VALUE(DT_UNKNOWN); SAME_VALUE(DT_DIR); SAME_VALUE(DT_REG);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unixabi");
    TCase *tc = tcase_create("unixabi");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_unixabi__structures__match_glibc);
    tcase_add_test(tc, test_unixabi__constants__match_glibc);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_main.c - run the loader unit tests, and their shared helpers.
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test_loader.h"

void test_tmpdir(char *out, size_t size)
{
    const char *tmp = getenv("TMPDIR");
    char templ[PATH_MAX];

    snprintf(templ, sizeof(templ), "%s/keep-loader-test.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(templ));
    ck_assert_ptr_nonnull(realpath(templ, out));
    ck_assert_uint_lt(strlen(out), size);
}

void test_rmrf(const char *path)
{
    char cmd[PATH_MAX + 32];

    ck_assert(strstr(path, "keep-loader-test.") != NULL);
    snprintf(cmd, sizeof(cmd), "chmod -R u+rwx '%s' 2>/dev/null; rm -rf '%s'", path, path);
    ck_assert_int_eq(system(cmd), 0);
}

void test_write_file(const char *path, const void *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
    ck_assert_int_eq(close(fd), 0);
}

unsigned char *test_read_file(const char *path, size_t *len)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC);

    ck_assert_msg(fd >= 0, "cannot open %s", path);
    ck_assert_int_eq(fstat(fd, &st), 0);
    unsigned char *buf = malloc((size_t)st.st_size + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(read(fd, buf, (size_t)st.st_size), st.st_size);
    buf[st.st_size] = 0;
    close(fd);
    *len = (size_t)st.st_size;
    return buf;
}

int test_is_dir(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(void)
{
    SRunner *sr = srunner_create(util_suite());

    srunner_add_suite(sr, pe_check_suite());
    srunner_add_suite(sr, manifest_suite());
    srunner_add_suite(sr, instance_suite());
    srunner_add_suite(sr, policy_suite());
    srunner_add_suite(sr, options_suite());
    srunner_add_suite(sr, boot_suite());
    srunner_add_suite(sr, exports_suite());
    srunner_add_suite(sr, child_suite());
    srunner_add_suite(sr, snapfile_suite());
    srunner_add_suite(sr, snapmem_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

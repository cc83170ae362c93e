/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_loader.h - the unit tests of loader/ (the keep monitor).
 */
#ifndef KEEP_TEST_LOADER_H
#define KEEP_TEST_LOADER_H

#include <check.h>
#include <stddef.h>

Suite *util_suite(void);
Suite *pe_check_suite(void);
Suite *manifest_suite(void);
Suite *instance_suite(void);
Suite *policy_suite(void);
Suite *options_suite(void);
Suite *boot_suite(void);
Suite *exports_suite(void);
Suite *child_suite(void);
Suite *snapfile_suite(void);
Suite *snapmem_suite(void);

/* A new empty directory under $TMPDIR (canonical path, static buffer per call). */
void test_tmpdir(char *out, size_t size);

/* rm -rf path (it must lie in a test_tmpdir). */
void test_rmrf(const char *path);

/* Create (or replace) path with data[0..len). */
void test_write_file(const char *path, const void *data, size_t len);

/* Read a whole file; *len receives its size.  Free with free(). */
unsigned char *test_read_file(const char *path, size_t *len);

/* true if path is a directory. */
int test_is_dir(const char *path);

#endif /* KEEP_TEST_LOADER_H */

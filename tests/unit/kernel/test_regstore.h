/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_regstore.h - what the store tests share with their libc shim.
 */
#ifndef KEEP_TEST_REGSTORE_H
#define KEEP_TEST_REGSTORE_H

/* Make the n-th kernel allocation from now on fail (n = 1: the next one;
 * 0: none fail). */
void shim_fail_alloc(unsigned n);

#endif /* KEEP_TEST_REGSTORE_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regstore_shim.c - the kernel helpers regstore_mem.c uses, from libc, so
 * that the store can be tested as an ordinary program.
 *
 * kupcase() here knows ASCII, Latin-1, Greek and Cyrillic: enough to show
 * that names fold through the upcase function and not through ASCII
 * rules.  The kernel's own kupcase uses Windows' full table.
 */
#define _GNU_SOURCE 1
#include <pthread.h>
#include <stdlib.h>

#include "kernel.h"
#include "tests/unit/kernel/test_regstore.h"

/* Fault injection: the allocation that fails (0: none), counting from 1. */
static unsigned fail_at, alloc_count;

void shim_fail_alloc(unsigned n)
{
    fail_at = n;
    alloc_count = 0;
}

static int alloc_fails(void)
{
    return fail_at && ++alloc_count == fail_at;
}

void *kmalloc(size_t size)
{
    return alloc_fails() ? NULL : malloc(size ? size : 1);
}

void *kzalloc(size_t size)
{
    return alloc_fails() ? NULL : calloc(1, size ? size : 1);
}

void *krealloc(void *ptr, size_t size)
{
    return alloc_fails() ? NULL : realloc(ptr, size ? size : 1);
}

void kfree(void *ptr)
{
    free(ptr);
}

WCHAR *kwcsdup(const WCHAR *s, size_t len)
{
    WCHAR *d = kmalloc((len + 1) * sizeof(WCHAR));
    if (!d)
        return NULL;
    if (len)
        memcpy(d, s, len * sizeof(WCHAR));
    d[len] = 0;
    return d;
}

/* One process-wide mutex stands in for every klock.  Recursive, so that a
 * test failing with the store lock held (CK_FORK=no runs every test in
 * one process) does not hang the next one. */
static pthread_mutex_t shim_mutex = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void klock_acquire(struct klock *lock)
{
    pthread_mutex_lock(&shim_mutex);
    lock->state = 1;
}

int klock_try_acquire(struct klock *lock)
{
    if (pthread_mutex_trylock(&shim_mutex))
        return 0;
    lock->state = 1;
    return 1;
}

void klock_release(struct klock *lock)
{
    lock->state = 0;
    pthread_mutex_unlock(&shim_mutex);
}

WCHAR kupcase(WCHAR c)
{
    if (c >= 'a' && c <= 'z')
        return c - 0x20;
    if ((c >= 0xe0 && c <= 0xfe && c != 0xf7) ||       /* Latin-1 */
        (c >= 0x3b1 && c <= 0x3cb && c != 0x3c2) ||    /* Greek */
        (c >= 0x430 && c <= 0x44f))                     /* Cyrillic */
        return c - 0x20;
    if (c == 0xff)
        return 0x178;
    if (c == 0x3c2)                                     /* final sigma */
        return 0x3a3;
    if (c >= 0x450 && c <= 0x45f)
        return c - 0x50;
    return c;
}

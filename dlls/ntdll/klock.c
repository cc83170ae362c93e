/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * klock.c - the kernel's mutex: three states on one futex word, so that an
 * uncontended acquire and release are a single atomic each and never enter
 * the host.
 */
#include "kernel.h"

KERNEL_HOT
void klock_acquire(struct klock *lock)
{
    uint32_t c = 0;
    if (__atomic_compare_exchange_n(&lock->state, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return;
    if (c != 2)
        c = __atomic_exchange_n(&lock->state, 2, __ATOMIC_ACQUIRE);
    while (c != 0) {
        host_futex_wait(&lock->state, 2, NULL, 0);
        c = __atomic_exchange_n(&lock->state, 2, __ATOMIC_ACQUIRE);
    }
}

int klock_try_acquire(struct klock *lock)
{
    uint32_t c = 0;
    return __atomic_compare_exchange_n(&lock->state, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

KERNEL_HOT
void klock_release(struct klock *lock)
{
    if (__atomic_exchange_n(&lock->state, 0, __ATOMIC_RELEASE) == 2)
        host_futex_wake(&lock->state, 1);
}

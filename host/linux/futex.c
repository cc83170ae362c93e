/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * futex.c - wait and wake on a 32-bit word: private futex(2) operations.
 *
 * Waits use FUTEX_WAIT_BITSET, whose timeout is an absolute CLOCK_MONOTONIC
 * time; relative timeouts are turned into one first.  The wait system call
 * is made from a small assembly routine so that an interrupt can never be
 * lost between the decision to sleep and the sleep itself: see
 * host_futex_window_start in host_linux.h and exception.c.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#define NS_PER_SEC 1000000000ll

__thread uint32_t host_interrupt_seq __attribute__((tls_model("initial-exec")));

/*
 * futex(addr, op, val, ts, NULL, FUTEX_BITSET_MATCH_ANY), unless *seq is no
 * longer snapshot: then -EINTR without sleeping.  Returns 0 or -errno.
 */
long host_futex_syscall(volatile uint32_t *addr, int op, uint32_t val, const struct timespec *ts,
                        const uint32_t *seq, uint32_t snapshot) HOST_INTERNAL;
__asm__(".text\n"
        ".globl host_futex_syscall, host_futex_window_start, host_futex_window_end, host_futex_cancel\n"
        ".hidden host_futex_syscall, host_futex_window_start, host_futex_window_end, host_futex_cancel\n"
        ".type host_futex_syscall,@function\n"
        "host_futex_syscall:\n"
        ".cfi_startproc\n"
        "host_futex_window_start:\n"
        "cmpl %r9d, (%r8)\n"
        "jne host_futex_cancel\n"
        "movq %rcx, %r10\n"
        "xorl %r8d, %r8d\n"
        "movl $0xffffffff, %r9d\n"
        "movl $" "202" ", %eax\n"     /* SYS_futex */
        "host_futex_window_end:\n"
        "syscall\n"
        "ret\n"
        "host_futex_cancel:\n"
        "movq $-4, %rax\n"            /* -EINTR */
        "ret\n"
        ".cfi_endproc\n"
        ".size host_futex_syscall, .-host_futex_syscall\n");

_Static_assert(SYS_futex == 202, "the futex system call number is hard-coded above");
_Static_assert(EINTR == 4, "-EINTR is hard-coded above");

static int64_t monotonic_now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* The absolute monotonic deadline of a wait, clamped to [0, INT64_MAX]. */
static int64_t deadline(int64_t timeout, unsigned flags)
{
    int64_t now;

    if (timeout < 0)
        timeout = 0;
    if (flags & HOST_FUTEX_ABSOLUTE)
        return timeout;
    now = monotonic_now();
    return timeout > INT64_MAX - now ? INT64_MAX : now + timeout;
}

int host_futex_wait(volatile uint32_t *addr, uint32_t expected, const int64_t *timeout_ns,
                    unsigned flags)
{
    uint32_t snapshot = __atomic_load_n(&host_interrupt_seq, __ATOMIC_RELAXED);
    struct timespec ts, *tsp = NULL;
    long r;

    if (!addr || ((uintptr_t)addr & 3) || (flags & ~HOST_FUTEX_ABSOLUTE))
        return HOST_EINVAL;
    if (timeout_ns) {
        int64_t when = deadline(*timeout_ns, flags);
        ts.tv_sec = when / NS_PER_SEC;
        ts.tv_nsec = when % NS_PER_SEC;
        tsp = &ts;
    }
    r = host_futex_syscall(addr, FUTEX_WAIT_BITSET | (host_futex_is_shared(addr) ? 0 : FUTEX_PRIVATE_FLAG),
                           expected, tsp,
                           &host_interrupt_seq, snapshot);
    if (r == 0)
        return HOST_OK;
    return host_from_errno((int)-r);
}

int host_futex_wake(volatile uint32_t *addr, int count)
{
    long r;

    if (!addr || ((uintptr_t)addr & 3) || count < 0)
        return HOST_EINVAL;
    if (!count)
        return 0;
    r = syscall(SYS_futex, addr, host_futex_is_shared(addr) ? FUTEX_WAKE : FUTEX_WAKE_PRIVATE, count, NULL,
                NULL, 0);
    return r < 0 ? host_from_errno(errno) : (int)r;
}

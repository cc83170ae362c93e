/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_futex.c - wait, wake, timeouts, interrupts. */
#define _GNU_SOURCE 1
#include <linux/futex.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "tests/unit/host/test_host.h"

#define MS 1000000ll

long host_futex_syscall(volatile uint32_t *addr, int op, uint32_t val, const struct timespec *ts,
                        const uint32_t *seq, uint32_t snapshot);

static int64_t now_ns(void)
{
    int64_t t;

    ck_assert_int_eq(host_time_get(HOST_CLOCK_MONOTONIC, &t), HOST_OK);
    return t;
}

START_TEST(test_futex_wait__when_value_differs__returns_eagain)
{
    volatile uint32_t word = 5;
    int64_t timeout = 1000 * MS;

    ck_assert_int_eq(host_futex_wait(&word, 4, &timeout, 0), HOST_EAGAIN);
}
END_TEST

START_TEST(test_futex_wait__relative_timeout__returns_etimedout_after_it)
{
    volatile uint32_t word = 0;
    int64_t timeout = 30 * MS, start = now_ns();

    ck_assert_int_eq(host_futex_wait(&word, 0, &timeout, 0), HOST_ETIMEDOUT);
    ck_assert_int_ge(now_ns() - start, 30 * MS);
}
END_TEST

START_TEST(test_futex_wait__absolute_timeout__returns_etimedout_at_that_time)
{
    volatile uint32_t word = 0;
    int64_t when = now_ns() + 25 * MS;

    ck_assert_int_eq(host_futex_wait(&word, 0, &when, HOST_FUTEX_ABSOLUTE), HOST_ETIMEDOUT);
    ck_assert_int_ge(now_ns(), when);
}
END_TEST

START_TEST(test_futex_wait__absolute_time_in_the_past__times_out_at_once)
{
    volatile uint32_t word = 0;
    int64_t when = now_ns() - 1000 * MS, start = now_ns(), negative = -5;

    ck_assert_int_eq(host_futex_wait(&word, 0, &when, HOST_FUTEX_ABSOLUTE), HOST_ETIMEDOUT);
    ck_assert_int_eq(host_futex_wait(&word, 0, &negative, 0), HOST_ETIMEDOUT);
    ck_assert_int_lt(now_ns() - start, 500 * MS);
}
END_TEST

START_TEST(test_futex_wait__with_bad_arguments__returns_einval)
{
    uint32_t words[2] = { 0, 0 };
    int64_t timeout = 0;

    ck_assert_int_eq(host_futex_wait(NULL, 0, &timeout, 0), HOST_EINVAL);
    ck_assert_int_eq(host_futex_wait(&words[0], 0, &timeout, 2), HOST_EINVAL);
    ck_assert_int_eq(host_futex_wait((volatile uint32_t *)((char *)words + 1), 0, &timeout, 0),
                     HOST_EINVAL);
}
END_TEST

struct waiter {
    volatile uint32_t word;
    volatile uint32_t entered;
    int result;
};

static void wait_on_word(void *p)
{
    struct waiter *w = p;

    __atomic_store_n(&w->entered, 1, __ATOMIC_RELEASE);
    w->result = host_futex_wait(&w->word, 0, NULL, 0);
}

static void wait_until_entered(struct waiter *w, host_thread_t id)
{
    while (!__atomic_load_n(&w->entered, __ATOMIC_ACQUIRE))
        host_thread_yield();
    ck_assert(test_wait_sleeping(id));
}

START_TEST(test_futex_wake__wakes_a_thread_waiting_on_the_word)
{
    struct waiter w;
    struct test_thread t;

    memset(&w, 0, sizeof(w));
    w.result = 99;
    ck_assert_int_eq(test_thread_start(&t, wait_on_word, &w), HOST_OK);
    wait_until_entered(&w, t.id);
    __atomic_store_n(&w.word, 1, __ATOMIC_RELEASE);
    ck_assert_int_eq(host_futex_wake(&w.word, 1), 1);
    test_thread_join(&t);
    ck_assert_int_eq(w.result, HOST_OK);
}
END_TEST

START_TEST(test_futex_wake__with_no_waiter__returns_zero)
{
    volatile uint32_t word = 0;

    ck_assert_int_eq(host_futex_wake(&word, 10), 0);
    ck_assert_int_eq(host_futex_wake(&word, 0), 0);
}
END_TEST

START_TEST(test_futex_wake__with_bad_arguments__returns_einval)
{
    uint32_t words[2] = { 0, 0 };

    ck_assert_int_eq(host_futex_wake(&words[0], -1), HOST_EINVAL);
    ck_assert_int_eq(host_futex_wake(NULL, 1), HOST_EINVAL);
    ck_assert_int_eq(host_futex_wake((volatile uint32_t *)((char *)words + 2), 1), HOST_EINVAL);
}
END_TEST

START_TEST(test_futex_wait__when_thread_is_interrupted__returns_eintr_after_the_handler)
{
    struct waiter w;
    struct test_thread t;

    memset(&w, 0, sizeof(w));
    w.result = 99;
    test_fault_arm(TEST_FIX_SKIP, 0);
    ck_assert_int_eq(test_thread_start(&t, wait_on_word, &w), HOST_OK);
    wait_until_entered(&w, t.id);
    ck_assert_int_eq(host_thread_interrupt(t.id), HOST_OK);
    test_thread_wait(&t);
    ck_assert_int_eq(w.result, HOST_EINTR);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_INTERRUPT);
    /* The context is the waiter's: its stack pointer is on its stack. */
    ck_assert_uint_ge(test_fault.ctx.rsp, (uintptr_t)t.stack);
    ck_assert_uint_lt(test_fault.ctx.rsp, (uintptr_t)t.stack + t.stack_size);
    munmap(t.stack, t.stack_size);
    host_exception_set_handler(NULL);
}
END_TEST

START_TEST(test_futex_syscall__when_interrupt_count_moved__returns_eintr_without_sleeping)
{
    volatile uint32_t word = 0;
    uint32_t seq = 7;

    ck_assert_int_eq(host_futex_syscall(&word, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, NULL,
                                        &seq, 6),
                     -4);
}
END_TEST

/*
 * Single-step into the wait and interrupt the thread when it stands on the
 * syscall instruction: the interrupt must end the wait (EINTR) instead of
 * being lost before the sleep (which would run into the 3 s time-out).
 */
static volatile int steps;

static int step_to_window(const struct host_exception *e, struct host_cpu_context *c)
{
    if (e->kind == HOST_EXC_INTERRUPT) {
        __atomic_add_fetch(&test_fault.count, 1, __ATOMIC_RELAXED);
        test_fault.ctx = *c;
        return HOST_EXC_RESUME;
    }
    if (e->kind != HOST_EXC_SINGLE_STEP)
        return HOST_EXC_UNHANDLED;
    steps++;
    if (c->rip == (uintptr_t)host_futex_window_end) {
        /* Held off until this upcall returns: it lands on the syscall. */
        host_thread_interrupt(host_thread_self());
        c->rflags &= ~0x100ull;
    } else if (steps > 100000) {
        c->rflags &= ~0x100ull;
    }
    return HOST_EXC_RESUME;
}

static inline void set_trap_flag(int on)
{
    if (on)
        __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\t"
                         "lea 128(%%rsp), %%rsp" ::: "memory", "cc");
    else
        __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpushfq\n\tandq $~0x100, (%%rsp)\n\tpopfq\n\t"
                         "lea 128(%%rsp), %%rsp" ::: "memory", "cc");
}

START_TEST(test_futex_wait__interrupt_landing_on_the_syscall_instruction__still_returns_eintr)
{
    volatile uint32_t word = 0;
    int64_t timeout = 3000 * MS;
    int r;

    memset(&test_fault, 0, sizeof(test_fault));
    steps = 0;
    host_exception_set_handler(step_to_window);
    set_trap_flag(1);
    r = host_futex_wait(&word, 0, &timeout, 0);
    set_trap_flag(0);
    host_exception_set_handler(NULL);
    ck_assert_int_gt(steps, 0);
    ck_assert_int_eq(test_fault.count, 1);
    /* The interrupt arrived with rip on the syscall instruction. */
    ck_assert_uint_eq(test_fault.ctx.rip, (uintptr_t)host_futex_window_end);
    ck_assert_int_eq(r, HOST_EINTR);
}
END_TEST

Suite *make_suite_futex(void)
{
    Suite *s = suite_create("futex");
    TCase *tc = tcase_create("futex");

    tcase_set_timeout(tc, TEST_SLOW_TIMEOUT);
    tcase_add_test(tc, test_futex_wait__when_value_differs__returns_eagain);
    tcase_add_test(tc, test_futex_wait__relative_timeout__returns_etimedout_after_it);
    tcase_add_test(tc, test_futex_wait__absolute_timeout__returns_etimedout_at_that_time);
    tcase_add_test(tc, test_futex_wait__absolute_time_in_the_past__times_out_at_once);
    tcase_add_test(tc, test_futex_wait__with_bad_arguments__returns_einval);
    tcase_add_test(tc, test_futex_wake__wakes_a_thread_waiting_on_the_word);
    tcase_add_test(tc, test_futex_wake__with_no_waiter__returns_zero);
    tcase_add_test(tc, test_futex_wake__with_bad_arguments__returns_einval);
    tcase_add_test(tc, test_futex_wait__when_thread_is_interrupted__returns_eintr_after_the_handler);
    tcase_add_test(tc, test_futex_syscall__when_interrupt_count_moved__returns_eintr_without_sleeping);
    tcase_add_test(tc, test_futex_wait__interrupt_landing_on_the_syscall_instruction__still_returns_eintr);
    suite_add_tcase(s, tc);
    return s;
}

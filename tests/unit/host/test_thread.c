/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_thread.c - create, exit, yield, self, set_teb, interrupt. */
#define _GNU_SOURCE 1
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

struct seen {
    uintptr_t local_addr;        /* address of a local of the entry */
    host_thread_t self;
    stack_t sigstack;
    uint64_t gs0, gs8;
    int set_teb_status;
    int bad_teb_status;
};

static void record_where(void *p)
{
    struct seen *seen = p;
    volatile int local = 0;

    seen->local_addr = (uintptr_t)&local;
    seen->self = host_thread_self();
    sigaltstack(NULL, &seen->sigstack);
}

START_TEST(test_thread_create__runs_entry_on_the_given_stack_with_its_own_id)
{
    struct test_thread t;
    struct seen seen;

    memset(&seen, 0, sizeof(seen));
    ck_assert_int_eq(test_thread_start(&t, record_where, &seen), HOST_OK);
    test_thread_wait(&t);
    ck_assert_uint_ge(seen.local_addr, (uintptr_t)t.stack);
    ck_assert_uint_lt(seen.local_addr, (uintptr_t)t.stack + t.stack_size);
    ck_assert_uint_ne(t.id, 0);
    ck_assert_uint_eq(seen.self, t.id);
    ck_assert_uint_ne(t.id, host_thread_self());
    munmap(t.stack, t.stack_size);
}
END_TEST

START_TEST(test_thread_create__gives_the_thread_its_own_signal_stack)
{
    struct test_thread t;
    struct seen seen;
    stack_t main_ss;

    memset(&seen, 0, sizeof(seen));
    sigaltstack(NULL, &main_ss);
    ck_assert_int_eq(test_thread_start(&t, record_where, &seen), HOST_OK);
    test_thread_join(&t);
    ck_assert(!(seen.sigstack.ss_flags & SS_DISABLE));
    ck_assert_uint_ge(seen.sigstack.ss_size, 64 * 1024);
    ck_assert_ptr_ne(seen.sigstack.ss_sp, main_ss.ss_sp);
}
END_TEST

struct no_id_run {
    uint32_t done;
    host_thread_t self;
};

static void record_and_signal(void *p)
{
    struct no_id_run *run = p;

    run->self = host_thread_self();
    __atomic_store_n(&run->done, 1, __ATOMIC_RELEASE);
    host_futex_wake(&run->done, 1);
    host_thread_exit(NULL);
}

START_TEST(test_thread_create__without_an_id__returns_at_once_and_runs_entry)
{
    const size_t size = 256 * 1024;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    struct no_id_run run = { 0, 0 };

    ck_assert_ptr_ne(stack, MAP_FAILED);
    ck_assert_int_eq(host_thread_create(record_and_signal, &run, stack, size, NULL), HOST_OK);
    while (!__atomic_load_n(&run.done, __ATOMIC_ACQUIRE))
        host_futex_wait(&run.done, 0, NULL, 0);
    ck_assert_uint_ne(run.self, 0);
    ck_assert_uint_ne(run.self, host_thread_self());
    for (int i = 0; i < 5000 && test_task_exists(run.self); i++)
        usleep(1000);
    ck_assert(!test_task_exists(run.self));
    munmap(stack, size);
}
END_TEST

struct left_run {
    volatile uint32_t left;
    uint32_t left_before_exit;
};

static void exit_reporting_left(void *p)
{
    struct left_run *run = p;

    run->left_before_exit = run->left;
    host_thread_exit(&run->left);
}

/* The left word says when the stack may go: unmapping it at once (and
 * again, for a thread started right after on the same stack) must not
 * fault a thread that still runs on it. */
START_TEST(test_thread_exit__sets_left_once_off_the_stack)
{
    const size_t size = 256 * 1024;

    for (int round = 0; round < 20; round++) {
        char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        struct left_run run = { 0, 1 };
        int64_t deadline;

        ck_assert_ptr_ne(stack, MAP_FAILED);
        ck_assert_int_eq(host_thread_create(exit_reporting_left, &run, stack, size, NULL), HOST_OK);
        ck_assert_int_eq(host_time_get(HOST_CLOCK_MONOTONIC, &deadline), HOST_OK);
        deadline += 5000000000LL;
        while (!__atomic_load_n(&run.left, __ATOMIC_ACQUIRE))
            if (host_futex_wait(&run.left, 0, &deadline, HOST_FUTEX_ABSOLUTE) == HOST_ETIMEDOUT)
                break;
        ck_assert_uint_eq(run.left, 1);
        ck_assert_uint_eq(run.left_before_exit, 0);
        ck_assert_int_eq(munmap(stack, size), 0);
    }
}
END_TEST

START_TEST(test_thread_create__with_bad_arguments__returns_einval)
{
    static char stack[128 * 1024] __attribute__((aligned(16)));
    host_thread_t id;

    ck_assert_int_eq(host_thread_create(NULL, NULL, stack, sizeof(stack), &id), HOST_EINVAL);
    ck_assert_int_eq(host_thread_create(record_where, NULL, NULL, sizeof(stack), &id), HOST_EINVAL);
    ck_assert_int_eq(host_thread_create(record_where, NULL, stack, 32 * 1024, &id), HOST_EINVAL);
    ck_assert_int_eq(host_thread_create(record_where, NULL, stack + 8, 64 * 1024, &id), HOST_EINVAL);
}
END_TEST

static void mark_stack(void *p)
{
    (void)p;
}

START_TEST(test_thread_exit__leaves_the_stack_mapped_and_untouched_below_the_entry)
{
    struct test_thread t;
    struct host_vm_info info;

    /* A pattern in the lower half, far below anything the entry uses. */
    char *stack = mmap(NULL, 256 * 1024, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(stack, MAP_FAILED);
    memset(stack, 0xa5, 128 * 1024);
    t.stack = stack;
    t.stack_size = 256 * 1024;
    t.fn = mark_stack;
    t.done = 0;
    /* Start by hand on the prepared stack. */
    ck_assert_int_eq(host_thread_create(test_thread_body_for_tests, &t, stack, 256 * 1024, &t.id),
                     HOST_OK);
    test_thread_wait(&t);
    ck_assert_int_eq(host_vm_query(stack, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_COMMITTED);
    for (size_t i = 0; i < 128 * 1024; i++)
        ck_assert_int_eq((unsigned char)stack[i], 0xa5);
    munmap(stack, 256 * 1024);
}
END_TEST

static volatile uint32_t returned_flag;

static void entry_that_returns(void *p)
{
    (void)p;
    __atomic_store_n(&returned_flag, 1, __ATOMIC_RELEASE);
}

START_TEST(test_thread_create__when_entry_returns__thread_still_ends_cleanly)
{
    size_t size = 128 * 1024;
    char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    host_thread_t id;

    ck_assert_int_eq(host_thread_create(entry_that_returns, NULL, stack, size, &id), HOST_OK);
    for (int i = 0; i < 5000 && test_task_exists(id); i++)
        usleep(1000);
    ck_assert_uint_eq(returned_flag, 1);
    ck_assert(!test_task_exists(id));
    ck_assert_int_eq(host_thread_interrupt(id), HOST_ESRCH);
    munmap(stack, size);
}
END_TEST

START_TEST(test_thread_self__on_main_thread__is_the_nonzero_tid)
{
    ck_assert_uint_ne(host_thread_self(), 0);
    ck_assert_uint_eq(host_thread_self(), (host_thread_t)syscall(SYS_gettid));
}
END_TEST

static void use_teb(void *p)
{
    struct seen *seen = p;
    static __thread uint64_t unused;
    uint64_t teb[2] = { 0x1122334455667788ull, (uint64_t)(uintptr_t)&unused };
    uint64_t v0, v8;

    seen->set_teb_status = host_thread_set_teb(teb);
    __asm__ volatile("movq %%gs:0, %0\n\tmovq %%gs:8, %1" : "=r"(v0), "=r"(v8) : : "memory");
    seen->gs0 = v0;
    seen->gs8 = v8;
    seen->bad_teb_status = host_thread_set_teb((void *)0x8000000000000000ull);
}

START_TEST(test_thread_set_teb__then_gs_relative_loads_read_the_teb)
{
    static __thread uint64_t unused;
    struct test_thread t;
    struct seen seen;

    (void)unused;
    memset(&seen, 0, sizeof(seen));
    ck_assert_int_eq(test_thread_start(&t, use_teb, &seen), HOST_OK);
    test_thread_join(&t);
    ck_assert_int_eq(seen.set_teb_status, HOST_OK);
    ck_assert_uint_eq(seen.gs0, 0x1122334455667788ull);
    ck_assert_uint_ne(seen.gs8, 0);
}
END_TEST

START_TEST(test_thread_set_teb__with_non_canonical_address__returns_einval)
{
    struct test_thread t;
    struct seen seen;

    memset(&seen, 0, sizeof(seen));
    ck_assert_int_eq(test_thread_start(&t, use_teb, &seen), HOST_OK);
    test_thread_join(&t);
    ck_assert_int_eq(seen.bad_teb_status, HOST_EINVAL);
}
END_TEST

static volatile uint32_t go_flag;
static volatile uint32_t yields;

static void spin_with_yield(void *p)
{
    (void)p;
    while (!__atomic_load_n(&go_flag, __ATOMIC_ACQUIRE)) {
        host_thread_yield();
        yields++;
    }
}

START_TEST(test_thread_yield__lets_a_spinning_thread_see_another_threads_store)
{
    struct test_thread t;

    ck_assert_int_eq(test_thread_start(&t, spin_with_yield, NULL), HOST_OK);
    usleep(20000);
    __atomic_store_n(&go_flag, 1, __ATOMIC_RELEASE);
    test_thread_join(&t);
    ck_assert_uint_gt(yields, 0);
}
END_TEST

START_TEST(test_thread_interrupt__of_unknown_or_zero_thread__returns_esrch)
{
    ck_assert_int_eq(host_thread_interrupt(0), HOST_ESRCH);
    ck_assert_int_eq(host_thread_interrupt(1ull << 40), HOST_ESRCH);
    /* pid 1 exists but is not one of ours. */
    ck_assert_int_eq(host_thread_interrupt(1), HOST_ESRCH);
}
END_TEST

START_TEST(test_thread_interrupt__of_finished_thread__returns_esrch)
{
    struct test_thread t;

    ck_assert_int_eq(test_thread_start(&t, mark_stack, NULL), HOST_OK);
    test_thread_join(&t);
    ck_assert_int_eq(host_thread_interrupt(t.id), HOST_ESRCH);
}
END_TEST

START_TEST(test_thread_interrupt__of_self__runs_handler_with_interrupt_kind)
{
    test_fault_arm(TEST_FIX_SKIP, 0);
    ck_assert_int_eq(host_thread_interrupt(host_thread_self()), HOST_OK);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_INTERRUPT);
    ck_assert_int_eq(test_fault.exc.trapno, -1);
    host_exception_set_handler(NULL);
}
END_TEST

START_TEST(test_thread_interrupt__without_handler__is_ignored)
{
    host_exception_set_handler(NULL);
    ck_assert_int_eq(host_thread_interrupt(host_thread_self()), HOST_OK);
    /* Still alive: the interrupt did nothing. */
    ck_assert_uint_ne(host_thread_self(), 0);
}
END_TEST

START_TEST(test_thread_create__many_in_turn__all_start_and_end)
{
    for (int i = 0; i < 40; i++) {
        struct test_thread t;
        struct seen seen;
        memset(&seen, 0, sizeof(seen));
        ck_assert_int_eq(test_thread_start(&t, record_where, &seen), HOST_OK);
        test_thread_join(&t);
        ck_assert_uint_eq(seen.self, t.id);
    }
}
END_TEST

static int exit_from_upcall(const struct host_exception *e, struct host_cpu_context *c)
{
    (void)c;
    test_fault.exc = *e;
    __atomic_add_fetch(&test_fault.count, 1, __ATOMIC_RELEASE);
    host_thread_exit(NULL);
}

static volatile int after_fault;

static void fault_and_never_return(void *p)
{
    test_load32(p);
    after_fault = 1;
}

START_TEST(test_thread_exit__from_the_upcall__ends_the_thread_there)
{
    void *page = NULL;
    struct test_thread t;
    host_thread_t id;

    ck_assert_int_eq(host_vm_reserve(&page, 4096, 0), HOST_OK);
    memset(&test_fault, 0, sizeof(test_fault));
    host_exception_set_handler(exit_from_upcall);
    t.stack_size = 256 * 1024;
    t.stack = mmap(NULL, t.stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_int_eq(host_thread_create(fault_and_never_return, page, t.stack, t.stack_size, &id),
                     HOST_OK);
    for (int i = 0; i < 5000 && test_task_exists(id); i++)
        usleep(1000);
    ck_assert(!test_task_exists(id));
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ACCESS);
    ck_assert_int_eq(after_fault, 0);
    ck_assert_int_eq(host_thread_interrupt(id), HOST_ESRCH);
    host_exception_set_handler(NULL);
    munmap(t.stack, t.stack_size);
}
END_TEST

static void finish_process(void *p)
{
    (void)p;
    /* Outlive the main thread, then end the process. */
    usleep(50000);
    host_process_exit(5);
}

START_TEST(test_thread_exit__on_the_main_thread__leaves_the_process_running)
{
    pid_t pid = fork();
    int status;

    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct test_thread t;
        if (test_thread_start(&t, finish_process, NULL) != HOST_OK)
            _exit(1);
        host_thread_exit(NULL);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status));
    ck_assert_int_eq(WEXITSTATUS(status), 5);
}
END_TEST

Suite *make_suite_thread(void)
{
    Suite *s = suite_create("thread");
    TCase *tc = tcase_create("thread");

    tcase_set_timeout(tc, TEST_SLOW_TIMEOUT);
    tcase_add_test(tc, test_thread_create__runs_entry_on_the_given_stack_with_its_own_id);
    tcase_add_test(tc, test_thread_create__gives_the_thread_its_own_signal_stack);
    tcase_add_test(tc, test_thread_create__with_bad_arguments__returns_einval);
    tcase_add_test(tc, test_thread_create__without_an_id__returns_at_once_and_runs_entry);
    tcase_add_test(tc, test_thread_exit__leaves_the_stack_mapped_and_untouched_below_the_entry);
    tcase_add_test(tc, test_thread_exit__sets_left_once_off_the_stack);
    tcase_add_test(tc, test_thread_create__when_entry_returns__thread_still_ends_cleanly);
    tcase_add_test(tc, test_thread_self__on_main_thread__is_the_nonzero_tid);
    tcase_add_test(tc, test_thread_set_teb__then_gs_relative_loads_read_the_teb);
    tcase_add_test(tc, test_thread_set_teb__with_non_canonical_address__returns_einval);
    tcase_add_test(tc, test_thread_yield__lets_a_spinning_thread_see_another_threads_store);
    tcase_add_test(tc, test_thread_interrupt__of_unknown_or_zero_thread__returns_esrch);
    tcase_add_test(tc, test_thread_interrupt__of_finished_thread__returns_esrch);
    tcase_add_test(tc, test_thread_interrupt__of_self__runs_handler_with_interrupt_kind);
    tcase_add_test(tc, test_thread_interrupt__without_handler__is_ignored);
    tcase_add_test(tc, test_thread_create__many_in_turn__all_start_and_end);
    tcase_add_test(tc, test_thread_exit__from_the_upcall__ends_the_thread_there);
    tcase_add_test(tc, test_thread_exit__on_the_main_thread__leaves_the_process_running);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_exception.c - the upcall: faults, context round trip, unhandled. */
#define _GNU_SOURCE 1
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

#define PAGE 4096u

static char *reserve_pages(size_t n, unsigned prot)
{
    void *p = NULL;

    ck_assert_int_eq(host_vm_reserve(&p, n * PAGE, 0), HOST_OK);
    if (prot)
        ck_assert_int_eq(host_vm_commit(p, n * PAGE, prot), HOST_OK);
    return p;
}

static void teardown(void)
{
    host_exception_set_handler(NULL);
}

START_TEST(test_exception__read_of_reserved_page__reports_access_read_at_the_address)
{
    char *p = reserve_pages(1, 0);
    uint32_t v;

    test_fault_arm(TEST_FIX_SKIP, TEST_LOAD_STORE_LEN);
    v = test_load32(p + 12);
    (void)v;
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ACCESS);
    ck_assert_uint_eq(test_fault.exc.access, HOST_ACCESS_READ);
    ck_assert_uint_eq(test_fault.exc.address, (uintptr_t)(p + 12));
    ck_assert_int_eq(test_fault.exc.trapno, 14);
    ck_assert_uint_eq(test_fault.ctx.rdi, (uintptr_t)(p + 12));
}
END_TEST

START_TEST(test_exception__write_to_read_only_page__reports_access_write)
{
    char *p = reserve_pages(1, HOST_PROT_READ);

    test_fault_arm(TEST_FIX_SKIP, TEST_LOAD_STORE_LEN);
    test_store32(p + 40, 1);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ACCESS);
    ck_assert_uint_eq(test_fault.exc.access, HOST_ACCESS_WRITE);
    ck_assert_uint_eq(test_fault.exc.address, (uintptr_t)(p + 40));
}
END_TEST

START_TEST(test_exception__call_into_non_executable_page__reports_access_exec)
{
    char *p = reserve_pages(1, HOST_PROT_READ | HOST_PROT_WRITE);

    p[0] = (char)0xc3;   /* ret: would run if the page were executable */
    test_fault_arm(TEST_FIX_RET, 0);
    /* Below the red zone: the call pushes a return address. */
    __asm__ volatile("lea -128(%%rsp), %%rsp\n\tcall *%0\n\tlea 128(%%rsp), %%rsp"
                     : : "r"(p) : "memory", "rax", "rcx", "rdx", "rsi", "rdi", "r8", "r9", "r10", "r11");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ACCESS);
    ck_assert_uint_eq(test_fault.exc.access, HOST_ACCESS_EXEC);
    ck_assert_uint_eq(test_fault.exc.address, (uintptr_t)p);
    ck_assert_uint_eq(test_fault.ctx.rip, (uintptr_t)p);
}
END_TEST

/* The handler's view of rax and xmm0, and what it puts there instead. */
static uint64_t seen_xmm0;

static void edit_rax_xmm0(struct host_cpu_context *c)
{
    memcpy(&seen_xmm0, c->fxsave + 160, 8);
    c->rax = 0xfeedface;
    uint64_t v = 0x0123456789abcdefull;
    memcpy(c->fxsave + 160, &v, 8);
}

START_TEST(test_exception__ud2__reports_illegal_and_resumes_with_changed_registers)
{
    uint64_t rax = 1, in = 0x5555aaaa5555aaaaull, out = 0;

    test_fault_arm(TEST_FIX_SKIP, 2);
    test_fault.edit = edit_rax_xmm0;
    __asm__ volatile("movq %2, %%xmm0\n\tud2\n\tmovq %%xmm0, %1"
                     : "+a"(rax), "=r"(out) : "r"(in) : "xmm0", "memory");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ILLEGAL);
    ck_assert_int_eq(test_fault.exc.trapno, 6);
    ck_assert_uint_eq(test_fault.ctx.rax, 1);
    ck_assert_uint_eq(seen_xmm0, in);
    ck_assert_uint_eq(rax, 0xfeedface);
    ck_assert_uint_eq(out, 0x0123456789abcdefull);
}
END_TEST

static uint64_t seen_ymm0_high;

static void edit_ymm0(struct host_cpu_context *c)
{
    uint64_t v = 0x0badc0de0badc0deull;

    ck_assert_uint_eq(c->ymmh_valid, 1);
    memcpy(&seen_ymm0_high, c->ymmh, 8);
    memcpy(c->ymmh, &v, 8);
}

START_TEST(test_exception__with_avx__round_trips_the_upper_halves_of_ymm)
{
    uint64_t in[4] = { 1, 2, 0x1111222233334444ull, 4 }, out[4] = { 0, 0, 0, 0 };

    if (!__builtin_cpu_supports("avx")) {
        /* Without AVX the host must not claim upper halves. */
        test_fault_arm(TEST_FIX_SKIP, 2);
        __asm__ volatile("ud2" ::: "memory");
        ck_assert_uint_eq(test_fault.ctx.ymmh_valid, 0);
        return;
    }
    test_fault_arm(TEST_FIX_SKIP, 2);
    test_fault.edit = edit_ymm0;
    __asm__ volatile("vmovdqu (%0), %%ymm0\n\tud2\n\tvmovdqu %%ymm0, (%1)\n\tvzeroupper"
                     : : "r"(in), "r"(out) : "xmm0", "memory");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(seen_ymm0_high, 0x1111222233334444ull);
    ck_assert_uint_eq(out[0], 1);
    ck_assert_uint_eq(out[2], 0x0badc0de0badc0deull);
    ck_assert_uint_eq(out[3], 4);
}
END_TEST

START_TEST(test_exception__int3__reports_breakpoint_with_rip_after_it)
{
    uint64_t after;

    test_fault_arm(TEST_FIX_SKIP, 0);
    __asm__ volatile("lea 1f(%%rip), %0\n\tint3\n1:" : "=r"(after) : : "memory");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_BREAKPOINT);
    ck_assert_int_eq(test_fault.exc.trapno, 3);
    ck_assert_uint_eq(test_fault.ctx.rip, after);
}
END_TEST

START_TEST(test_exception__divide_by_zero__reports_int_divide)
{
    uint64_t rax = 10, rdx = 0, zero = 0;

    test_fault_arm(TEST_FIX_SKIP, 3);   /* div %rcx: 48 f7 f1 */
    __asm__ volatile("divq %%rcx" : "+a"(rax), "+d"(rdx) : "c"(zero) : "cc");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_INT_DIVIDE);
    ck_assert_int_eq(test_fault.exc.trapno, 0);
}
END_TEST

static void unmask_and_skip_divss(struct host_cpu_context *c)
{
    uint32_t mxcsr = 0x1f80;   /* all masked, no flags */

    memcpy(c->fxsave + 24, &mxcsr, 4);
}

START_TEST(test_exception__unmasked_sse_divide_by_zero__reports_float_with_si_code)
{
    uint32_t unmask = 0x1f80 & ~0x200u, after = 0;   /* ZM cleared */
    float one = 1.0f, zero = 0.0f, result = 0.0f;

    test_fault_arm(TEST_FIX_SKIP, 4);    /* divss %xmm1, %xmm0: f3 0f 5e c1 */
    test_fault.edit = unmask_and_skip_divss;
    __asm__ volatile("ldmxcsr %2\n\tmovss %3, %%xmm0\n\tmovss %4, %%xmm1\n\t"
                     "divss %%xmm1, %%xmm0\n\tstmxcsr %0\n\tmovss %%xmm0, %1"
                     : "=m"(after), "=m"(result) : "m"(unmask), "m"(one), "m"(zero)
                     : "xmm0", "xmm1", "memory");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_FLOAT);
    ck_assert_int_eq(test_fault.exc.code, FPE_FLTDIV);
    /* The MXCSR the handler wrote is the one the thread resumed with. */
    ck_assert_uint_eq(after, 0x1f80);
    /* divss was skipped: xmm0 still holds the dividend. */
    ck_assert(result == 1.0f);
}
END_TEST

START_TEST(test_exception__hlt_in_user_mode__reports_privileged)
{
    test_fault_arm(TEST_FIX_SKIP, 1);
    __asm__ volatile("hlt" ::: "memory");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_PRIVILEGED);
    ck_assert_int_eq(test_fault.exc.trapno, 13);
}
END_TEST

static int step_handler(const struct host_exception *e, struct host_cpu_context *c)
{
    test_fault.exc = *e;
    __atomic_add_fetch(&test_fault.count, 1, __ATOMIC_RELAXED);
    c->rflags &= ~0x100ull;
    return HOST_EXC_RESUME;
}

START_TEST(test_exception__trap_flag__reports_single_step_and_clearing_it_stops)
{
    memset(&test_fault, 0, sizeof(test_fault));
    host_exception_set_handler(step_handler);
    __asm__ volatile("lea -128(%%rsp), %%rsp\n\tpushfq\n\torq $0x100, (%%rsp)\n\tpopfq\n\t"
                     "nop\n\tnop\n\tlea 128(%%rsp), %%rsp" ::: "memory", "cc");
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_SINGLE_STEP);
    ck_assert_int_eq(test_fault.exc.trapno, 1);
}
END_TEST

START_TEST(test_exception__touching_the_signal_stack_guard__reports_stack)
{
    const struct host_thread *self = host_thread_current();

    ck_assert_ptr_nonnull(self);
    test_fault_arm(TEST_FIX_SKIP, TEST_LOAD_STORE_LEN);
    test_load32(self->sigstack - 64);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_STACK);
    ck_assert_uint_eq(test_fault.exc.address, (uintptr_t)(self->sigstack - 64));
}
END_TEST

struct gs_check {
    char *page;
    uint64_t teb[4];
};

static void fault_with_teb(void *p)
{
    struct gs_check *g = p;

    g->teb[0] = 0xabcdef0123456789ull;
    ck_assert_int_eq(host_thread_set_teb(g->teb), HOST_OK);
    test_load32(g->page);
}

START_TEST(test_exception__upcall__runs_with_the_threads_gs_base)
{
    struct gs_check g;
    struct test_thread t;

    g.page = reserve_pages(1, 0);
    test_fault_arm(TEST_FIX_SKIP, TEST_LOAD_STORE_LEN);
    test_fault.read_gs = 1;
    ck_assert_int_eq(test_thread_start(&t, fault_with_teb, &g), HOST_OK);
    test_thread_join(&t);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.gs0, 0xabcdef0123456789ull);
}
END_TEST

START_TEST(test_exception__sigterm__reports_abort_and_resumes)
{
    test_fault_arm(TEST_FIX_SKIP, 0);
    ck_assert_int_eq(raise(SIGTERM), 0);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ABORT);
}
END_TEST

START_TEST(test_exception__set_handler__replaces_the_previous_one)
{
    char *p = reserve_pages(1, 0);

    host_exception_set_handler(step_handler);
    ck_assert_int_eq(host_exception_set_handler(test_fault_handler), HOST_OK);
    test_fault_arm(TEST_FIX_SKIP, TEST_LOAD_STORE_LEN);
    test_load32(p);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ACCESS);
}
END_TEST

/* Run fault() in a child with stderr on a pipe: its wait status and the
 * first line it wrote. */
static int run_child(void (*fault)(void), char *line, size_t size)
{
    int fds[2], status;
    ssize_t n;
    pid_t pid;

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        struct rlimit none = { 0, 0 };
        setrlimit(RLIMIT_CORE, &none);
        dup2(fds[1], 2);
        fault();
        _exit(0);
    }
    close(fds[1]);
    n = read(fds[0], line, size - 1);
    line[n > 0 ? n : 0] = 0;
    close(fds[0]);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return status;
}

static void fault_without_handler(void)
{
    host_exception_set_handler(NULL);
    test_load32((void *)8);
}

START_TEST(test_exception__without_handler__reports_one_line_and_dies_by_the_signal)
{
    char line[256];
    int status = run_child(fault_without_handler, line, sizeof(line));

    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGSEGV);
    ck_assert_msg(strncmp(line, "keep: unhandled fault at 0x", 27) == 0, "got: %s", line);
    ck_assert_msg(strstr(line, ", address 0x8 ") != NULL, "got: %s", line);
}
END_TEST

static void fault_unhandled_by_handler(void)
{
    test_fault_arm(TEST_FIX_UNHANDLED, 0);
    __asm__ volatile("ud2");
}

START_TEST(test_exception__handler_says_unhandled__host_reports_and_dies_by_the_signal)
{
    char line[256];
    int status = run_child(fault_unhandled_by_handler, line, sizeof(line));

    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGILL);
    ck_assert_msg(strstr(line, "keep: unhandled fault at") != NULL, "got: %s", line);
}
END_TEST

static void sigterm_without_handler(void)
{
    host_exception_set_handler(NULL);
    raise(SIGTERM);
}

START_TEST(test_exception__sigterm_without_handler__ends_the_process_silently)
{
    char line[256];
    int status = run_child(sigterm_without_handler, line, sizeof(line));

    ck_assert(WIFSIGNALED(status));
    ck_assert_int_eq(WTERMSIG(status), SIGTERM);
    ck_assert_str_eq(line, "");
}
END_TEST

Suite *make_suite_exception(void)
{
    Suite *s = suite_create("exception");
    TCase *tc = tcase_create("exception");

    tcase_set_timeout(tc, TEST_SLOW_TIMEOUT);
    tcase_add_checked_fixture(tc, test_signals_setup, teardown);
    tcase_add_test(tc, test_exception__read_of_reserved_page__reports_access_read_at_the_address);
    tcase_add_test(tc, test_exception__write_to_read_only_page__reports_access_write);
    tcase_add_test(tc, test_exception__call_into_non_executable_page__reports_access_exec);
    tcase_add_test(tc, test_exception__ud2__reports_illegal_and_resumes_with_changed_registers);
    tcase_add_test(tc, test_exception__with_avx__round_trips_the_upper_halves_of_ymm);
    tcase_add_test(tc, test_exception__int3__reports_breakpoint_with_rip_after_it);
    tcase_add_test(tc, test_exception__divide_by_zero__reports_int_divide);
    tcase_add_test(tc, test_exception__unmasked_sse_divide_by_zero__reports_float_with_si_code);
    tcase_add_test(tc, test_exception__hlt_in_user_mode__reports_privileged);
    tcase_add_test(tc, test_exception__trap_flag__reports_single_step_and_clearing_it_stops);
    tcase_add_test(tc, test_exception__touching_the_signal_stack_guard__reports_stack);
    tcase_add_test(tc, test_exception__upcall__runs_with_the_threads_gs_base);
    tcase_add_test(tc, test_exception__sigterm__reports_abort_and_resumes);
    tcase_add_test(tc, test_exception__set_handler__replaces_the_previous_one);
    tcase_add_test(tc, test_exception__without_handler__reports_one_line_and_dies_by_the_signal);
    tcase_add_test(tc, test_exception__handler_says_unhandled__host_reports_and_dies_by_the_signal);
    tcase_add_test(tc, test_exception__sigterm_without_handler__ends_the_process_silently);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_init.c - host_init: signal stack, handlers, SIGPIPE. */
#define _GNU_SOURCE 1
#include <signal.h>
#include <string.h>

#include "tests/unit/host/test_host.h"

START_TEST(test_init__called_again__returns_ok)
{
    ck_assert_int_eq(host_init(), HOST_OK);
    ck_assert_int_eq(host_init(), HOST_OK);
}
END_TEST

START_TEST(test_init__gives_main_thread_a_signal_stack_of_64k_or_more)
{
    stack_t ss;

    ck_assert_int_eq(sigaltstack(NULL, &ss), 0);
    ck_assert(!(ss.ss_flags & SS_DISABLE));
    ck_assert_uint_ge(ss.ss_size, 64 * 1024);
    ck_assert_ptr_nonnull(host_thread_current());
    ck_assert_ptr_eq(ss.ss_sp, host_thread_current()->sigstack);
}
END_TEST

START_TEST(test_init__installs_onstack_siginfo_handlers_for_faults_and_interrupt)
{
    const int sigs[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGINT, SIGTERM,
                         host_interrupt_signal() };

    for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
        struct sigaction sa;
        ck_assert_int_eq(sigaction(sigs[i], NULL, &sa), 0);
        ck_assert_msg(sa.sa_flags & SA_SIGINFO, "signal %d", sigs[i]);
        ck_assert_msg(sa.sa_flags & SA_ONSTACK, "signal %d", sigs[i]);
        /* Interrupts are held off while any upcall runs. */
        ck_assert(sigismember(&sa.sa_mask, host_interrupt_signal()));
    }
}
END_TEST

START_TEST(test_init__ignores_sigpipe)
{
    struct sigaction sa;

    ck_assert_int_eq(sigaction(SIGPIPE, NULL, &sa), 0);
    ck_assert_ptr_eq((void *)sa.sa_handler, (void *)SIG_IGN);
}
END_TEST

START_TEST(test_interrupt_signal__is_a_realtime_signal)
{
    ck_assert_int_ge(host_interrupt_signal(), SIGRTMIN);
    ck_assert_int_le(host_interrupt_signal(), SIGRTMAX);
}
END_TEST

Suite *make_suite_init(void)
{
    Suite *s = suite_create("init");
    TCase *tc = tcase_create("init");

    tcase_add_checked_fixture(tc, test_signals_setup, NULL);
    tcase_add_test(tc, test_init__called_again__returns_ok);
    tcase_add_test(tc, test_init__gives_main_thread_a_signal_stack_of_64k_or_more);
    tcase_add_test(tc, test_init__installs_onstack_siginfo_handlers_for_faults_and_interrupt);
    tcase_add_test(tc, test_init__ignores_sigpipe);
    tcase_add_test(tc, test_interrupt_signal__is_a_realtime_signal);
    suite_add_tcase(s, tc);
    return s;
}

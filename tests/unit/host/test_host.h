/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_host.h - what the host unit tests share: suites, fixtures, helpers.
 */
#ifndef KEEP_TEST_HOST_H
#define KEEP_TEST_HOST_H

#include <check.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>

#include "host/host.h"
#include "host/host_setup.h"
#include "host/linux/host_linux.h"

/* One suite per host source file. */
Suite *make_suite_status(void);
Suite *make_suite_vm(void);
Suite *make_suite_thread(void);
Suite *make_suite_futex(void);
Suite *make_suite_uri(void);
Suite *make_suite_stream(void);
Suite *make_suite_control(void);
Suite *make_suite_dir(void);
Suite *make_suite_attr(void);
Suite *make_suite_attrcache(void);
Suite *make_suite_policy(void);
Suite *make_suite_time(void);
Suite *make_suite_exception(void);
Suite *make_suite_process(void);
Suite *make_suite_spawn(void);
Suite *make_suite_init(void);
Suite *make_suite_library(void);
Suite *make_suite_display(void);

/* Timeout of the test cases that start threads or wait (ASan is slow). */
#define TEST_SLOW_TIMEOUT 30

/* ---- A scratch directory the policy allows read-write ---------------------- */

/* Canonical path of the scratch directory (set by test_fs_setup). */
extern char test_dir[PATH_MAX];
/* The policy's denial log during a test (a temporary file). */
extern FILE *test_log;

/* Checked fixture: make test_dir, allow it RW, log denials to test_log. */
void test_fs_setup(void);
/* Remove test_dir and everything in it, reset the policy and the log. */
void test_fs_teardown(void);

/* Canonical path of a second scratch directory, outside the policy. */
extern char test_outside[PATH_MAX];
/* Checked fixture: test_fs_setup, then make test_outside (no rule). */
void test_fs_outside_setup(void);
/* Remove test_outside and everything in it, then test_fs_teardown. */
void test_fs_outside_teardown(void);
/* Create test_outside/name with content (plain POSIX). */
void test_put_outside_file(const char *name, const char *content);

/* "<scheme><test_dir>/<name>" in a static rotating buffer. */
const char *test_uri(const char *scheme, const char *name);
/* "<test_dir>/<name>" in a static rotating buffer. */
const char *test_path(const char *name);
/* Create test_dir/name with content (plain POSIX, not the host). */
void test_put_file(const char *name, const char *content);
/* The value after `key` (e.g. "Rss:", "VmFlags:") in /proc/self/smaps for
 * the mapping that holds addr, in a static buffer; "" if none. */
const char *test_smaps_field(const void *addr, const char *key);
/* Everything the denial log holds so far, NUL-terminated (static buffer). */
const char *test_log_text(void);

/*
 * Checked fixture: install the host's signal handlers again.  Check's
 * runner puts its own SIGINT and SIGTERM handlers in place after host_init.
 */
void test_signals_setup(void);

/* ---- Threads --------------------------------------------------------------- */

struct test_thread {
    void (*fn)(void *);
    void *arg;
    char *stack;               /* the "kernel" stack: mmap'ed by the test */
    size_t stack_size;
    host_thread_t id;
    volatile uint32_t done;    /* set after fn returned, before host_thread_exit */
};

/* The entry test_thread_start uses: t->fn(t->arg), done, host_thread_exit. */
void test_thread_body_for_tests(void *t);
/* Start fn(arg) on a host thread with a fresh 256 KiB stack. */
int test_thread_start(struct test_thread *t, void (*fn)(void *), void *arg);
/* Wait until fn returned and the thread is gone (its stack stays). */
void test_thread_wait(struct test_thread *t);
/* test_thread_wait, then unmap the stack. */
void test_thread_join(struct test_thread *t);
/* Does /proc/self/task list tid? */
int test_task_exists(host_thread_t tid);
/* Wait (up to 5 s) until thread tid sleeps in the kernel; 0 on time-out. */
int test_wait_sleeping(host_thread_t tid);

/* ---- Recording upcalls ----------------------------------------------------- */

enum test_fix {
    TEST_FIX_SKIP = 0,         /* resume at rip + skip */
    TEST_FIX_RET = 1,          /* resume as if the faulting call returned */
    TEST_FIX_UNHANDLED = 2,    /* answer HOST_EXC_UNHANDLED */
};

struct test_fault {
    volatile int count;
    struct host_exception exc;
    struct host_cpu_context ctx;    /* as the handler received it */
    unsigned fix;                   /* TEST_FIX_* */
    unsigned skip;                  /* bytes to skip with TEST_FIX_SKIP */
    uint64_t gs0;                   /* %gs:0 read inside the handler */
    int read_gs;                    /* read %gs:0 in the handler */
    /* Optional change of the context before resuming. */
    void (*edit)(struct host_cpu_context *ctx);
};

extern struct test_fault test_fault;

/* Reset test_fault and register test_fault_handler. */
void test_fault_arm(unsigned fix, unsigned skip);
int test_fault_handler(const struct host_exception *exc, struct host_cpu_context *ctx);

/* Faulting accesses of known length (2 bytes each: 8b 07 and 89 07). */
static inline uint32_t test_load32(const volatile void *p)
{
    uint32_t v;
    __asm__ volatile("movl (%%rdi), %%eax" : "=a"(v) : "D"(p) : "memory");
    return v;
}

static inline void test_store32(volatile void *p, uint32_t v)
{
    __asm__ volatile("movl %%eax, (%%rdi)" : : "a"(v), "D"(p) : "memory");
}

#define TEST_LOAD_STORE_LEN 2

#endif /* KEEP_TEST_HOST_H */

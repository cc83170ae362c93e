/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_host_main.c - the runner of the host unit tests, and their helpers.
 *
 * Tests run in Check's fork mode (the default): each one in its own child,
 * so faults, exits and policy changes stay in that test.
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

char test_dir[PATH_MAX];
char test_outside[PATH_MAX];
FILE *test_log;
struct test_fault test_fault;

/* ---- Scratch directory ---------------------------------------------------- */

void test_fs_setup(void)
{
    char tmpl[] = "/tmp/keep-host-test-XXXXXX";

    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    ck_assert_ptr_nonnull(realpath(tmpl, test_dir));
    test_log = tmpfile();
    ck_assert_ptr_nonnull(test_log);
    host_policy_reset();
    host_policy_set_log(test_log);
    ck_assert_int_eq(host_policy_allow(test_dir, HOST_POLICY_RW), HOST_OK);
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    chmod(path, 0700);
    return remove(path) < 0 ? -1 : 0;
}

void test_fs_teardown(void)
{
    host_policy_reset();
    host_policy_set_log(NULL);
    if (test_log)
        fclose(test_log);
    test_log = NULL;
    if (test_dir[0])
        nftw(test_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    test_dir[0] = 0;
}

const char *test_smaps_field(const void *addr, const char *key)
{
    static char value[512];
    FILE *f = fopen("/proc/self/smaps", "r");
    char line[512];
    size_t klen = strlen(key);
    int inside = 0;

    value[0] = 0;
    ck_assert_ptr_nonnull(f);
    while (fgets(line, sizeof(line), f)) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
            inside = (uintptr_t)addr >= lo && (uintptr_t)addr < hi;
        else if (inside && !strncmp(line, key, klen))
            snprintf(value, sizeof(value), "%s", line + klen);
    }
    fclose(f);
    return value;
}

void test_fs_outside_setup(void)
{
    char tmpl[] = "/tmp/keep-host-outside-XXXXXX";

    test_fs_setup();
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    ck_assert_ptr_nonnull(realpath(tmpl, test_outside));
}

void test_fs_outside_teardown(void)
{
    if (test_outside[0])
        nftw(test_outside, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    test_outside[0] = 0;
    test_fs_teardown();
}

void test_put_outside_file(const char *name, const char *content)
{
    char path[PATH_MAX + NAME_MAX + 2];
    int fd;

    snprintf(path, sizeof(path), "%s/%s", test_outside, name);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
}

static char *rotating_buffer(void)
{
    static char bufs[8][PATH_MAX + 32];
    static unsigned next;

    return bufs[next++ % 8];
}

const char *test_uri(const char *scheme, const char *name)
{
    char *buf = rotating_buffer();

    snprintf(buf, PATH_MAX + 32, "%s%s/%s", scheme, test_dir, name);
    return buf;
}

const char *test_path(const char *name)
{
    return test_uri("", name);
}

void test_put_file(const char *name, const char *content)
{
    int fd = open(test_path(name), O_WRONLY | O_CREAT | O_TRUNC, 0644);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, content, strlen(content)), (ssize_t)strlen(content));
    close(fd);
}

const char *test_log_text(void)
{
    static char text[4096];
    size_t n;

    fflush(test_log);
    rewind(test_log);
    n = fread(text, 1, sizeof(text) - 1, test_log);
    text[n] = 0;
    fseek(test_log, 0, SEEK_END);
    return text;
}

void test_signals_setup(void)
{
    ck_assert_int_eq(host_exception_init(), HOST_OK);
}

/* ---- Threads -------------------------------------------------------------- */

void test_thread_body_for_tests(void *p)
{
    struct test_thread *t = p;

    t->fn(t->arg);
    __atomic_store_n(&t->done, 1, __ATOMIC_RELEASE);
    host_futex_wake(&t->done, 1);
    host_thread_exit(NULL);
}

int test_thread_start(struct test_thread *t, void (*fn)(void *), void *arg)
{
    t->fn = fn;
    t->arg = arg;
    t->done = 0;
    t->stack_size = 256 * 1024;
    t->stack = mmap(NULL, t->stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(t->stack, MAP_FAILED);
    return host_thread_create(test_thread_body_for_tests, t, t->stack, t->stack_size, &t->id);
}

int test_task_exists(host_thread_t tid)
{
    char path[64];
    struct stat sb;

    snprintf(path, sizeof(path), "/proc/self/task/%llu", (unsigned long long)tid);
    return stat(path, &sb) == 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&ts, NULL);
}

void test_thread_wait(struct test_thread *t)
{
    while (!__atomic_load_n(&t->done, __ATOMIC_ACQUIRE))
        host_futex_wait(&t->done, 0, NULL, 0);
    /* done is set before host_thread_exit: wait for the thread to be gone
     * before its stack is. */
    for (int i = 0; i < 5000 && test_task_exists(t->id); i++)
        sleep_ms(1);
    ck_assert_msg(!test_task_exists(t->id), "thread %llu did not end", (unsigned long long)t->id);
}

void test_thread_join(struct test_thread *t)
{
    test_thread_wait(t);
    munmap(t->stack, t->stack_size);
}

int test_wait_sleeping(host_thread_t tid)
{
    char path[64], buf[512];

    snprintf(path, sizeof(path), "/proc/self/task/%llu/stat", (unsigned long long)tid);
    for (int i = 0; i < 5000; i++) {
        int fd = open(path, O_RDONLY);
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
        if (fd >= 0)
            close(fd);
        if (n > 0) {
            buf[n] = 0;
            const char *paren = strrchr(buf, ')');
            if (paren && paren[1] == ' ' && paren[2] == 'S')
                return 1;
        }
        sleep_ms(1);
    }
    return 0;
}

/* ---- Upcalls -------------------------------------------------------------- */

void test_fault_arm(unsigned fix, unsigned skip)
{
    memset(&test_fault, 0, sizeof(test_fault));
    test_fault.fix = fix;
    test_fault.skip = skip;
    host_exception_set_handler(test_fault_handler);
}

int test_fault_handler(const struct host_exception *exc, struct host_cpu_context *ctx)
{
    test_fault.exc = *exc;
    test_fault.ctx = *ctx;
    if (test_fault.read_gs) {
        uint64_t v;
        __asm__ volatile("movq %%gs:0, %0" : "=r"(v));
        test_fault.gs0 = v;
    }
    __atomic_add_fetch(&test_fault.count, 1, __ATOMIC_RELEASE);
    if (exc->kind == HOST_EXC_INTERRUPT || exc->kind == HOST_EXC_ABORT)
        return HOST_EXC_RESUME;
    if (test_fault.fix == TEST_FIX_UNHANDLED)
        return HOST_EXC_UNHANDLED;
    if (test_fault.edit)
        test_fault.edit(ctx);
    if (test_fault.fix == TEST_FIX_RET) {
        ctx->rip = *(const uint64_t *)(uintptr_t)ctx->rsp;
        ctx->rsp += 8;
    } else {
        ctx->rip += test_fault.skip;
    }
    return HOST_EXC_RESUME;
}

/* ---- Runner --------------------------------------------------------------- */

int main(void)
{
    Suite *(*const suites[])(void) = {
        make_suite_status, make_suite_init, make_suite_vm, make_suite_thread,
        make_suite_futex, make_suite_exception, make_suite_uri, make_suite_policy,
        make_suite_stream, make_suite_dir, make_suite_attr, make_suite_attrcache,
        make_suite_time, make_suite_process, make_suite_spawn,
        make_suite_library, make_suite_control,
        make_suite_display,
    };
    SRunner *runner;
    int failed;

    if (host_init() != HOST_OK) {
        fprintf(stderr, "host_init failed\n");
        return 1;
    }
    runner = srunner_create(suites[0]());
    for (size_t i = 1; i < sizeof(suites) / sizeof(suites[0]); i++)
        srunner_add_suite(runner, suites[i]());
    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? 1 : 0;
}

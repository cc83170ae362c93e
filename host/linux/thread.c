/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * thread.c - host threads.
 *
 * Each thread the kernel starts is a detached pthread with a small stack of
 * the host's own.  Its start routine installs the thread's signal stack,
 * enters it in the thread table, then switches to the kernel's stack and
 * calls entry(arg) there.  The host keeps nothing on the kernel's stack but
 * that one call: glibc's thread descriptor and TLS stay in the host's
 * pthread stack, so the kernel may save and restore its stack (snapshots)
 * without touching host state.  host_thread_exit jumps back to the start
 * routine on the host stack, which tears the thread down; the kernel's
 * stack is left as it was.
 *
 * The table maps tids to records so that host_thread_interrupt can refuse
 * unknown or finished threads.  Its lock is taken with all signals blocked:
 * the exception upcall may call host_thread_interrupt.
 */
#define _GNU_SOURCE 1
/* host_thread_exit jumps from the kernel's stack to the host's, which may
 * lie lower in memory: glibc's fortified longjmp would take that for a jump
 * into a dead frame. */
#undef _FORTIFY_SOURCE
#include <asm/prctl.h>
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

/* The host's own stack for a thread: it runs only the start routine, the
 * teardown and (with ASan) the sanitizer's bookkeeping. */
#define HOST_THREAD_STACK (256 * 1024)
#define MIN_KERNEL_STACK (64 * 1024)

/* Handed from host_thread_create to the new thread until it runs. */
struct start_sync {
    uint32_t ready;
    pid_t tid;
};

struct thread_rec {
    struct host_thread pub;
    struct thread_rec *next;        /* in the table */
    int is_main;
    host_thread_entry_t entry;
    void *arg;
    char *stack;                    /* the kernel's stack */
    size_t stack_size;
    sigset_t start_mask;            /* the creator's mask, the thread's own */
    struct start_sync *sync;
    sigjmp_buf exit_jmp;            /* back to thread_main, on the host stack */
    volatile uint32_t *left;        /* host_thread_exit's word: 1 once off the stack */
#ifdef __SANITIZE_ADDRESS__
    void *fake_stack;
    const void *host_stack;
    size_t host_stack_size;
#endif
};

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static struct thread_rec *table;
static __thread struct thread_rec *current __attribute__((tls_model("initial-exec")));
static sigset_t fork_mask;

/* Runs fn(arg) with rsp = top (16-byte aligned); returns if fn returns. */
void host_run_on_stack(void *arg, void (*fn)(void *), void *top) HOST_INTERNAL;
__asm__(".text\n"
        ".globl host_run_on_stack\n"
        ".hidden host_run_on_stack\n"
        ".type host_run_on_stack,@function\n"
        "host_run_on_stack:\n"
        ".cfi_startproc\n"
        "pushq %rbp\n"
        ".cfi_def_cfa_offset 16\n"
        ".cfi_offset %rbp, -16\n"
        "movq %rsp, %rbp\n"
        ".cfi_def_cfa_register %rbp\n"
        "movq %rdx, %rsp\n"
        "callq *%rsi\n"
        "movq %rbp, %rsp\n"
        "popq %rbp\n"
        ".cfi_def_cfa %rsp, 8\n"
        "ret\n"
        ".cfi_endproc\n"
        ".size host_run_on_stack, .-host_run_on_stack\n");

static pid_t current_tid(void)
{
    return (pid_t)syscall(SYS_gettid);
}

/* ---- The table ------------------------------------------------------------ */

static void table_lock_all(sigset_t *saved)
{
    sigset_t all;

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, saved);
    pthread_mutex_lock(&table_lock);
}

static void table_unlock_all(const sigset_t *saved)
{
    pthread_mutex_unlock(&table_lock);
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}

static void table_add(struct thread_rec *rec)
{
    sigset_t saved;

    table_lock_all(&saved);
    rec->next = table;
    table = rec;
    table_unlock_all(&saved);
}

static void table_remove(struct thread_rec *rec)
{
    sigset_t saved;

    table_lock_all(&saved);
    for (struct thread_rec **p = &table; *p; p = &(*p)->next) {
        if (*p == rec) {
            *p = rec->next;
            break;
        }
    }
    table_unlock_all(&saved);
}

/* ---- Signal stacks -------------------------------------------------------- */

/* A signal stack with a no-access guard page below it. */
static int sigstack_alloc(struct host_thread *t)
{
    size_t guard = host_vm_page_size();
    char *p = mmap(NULL, HOST_SIGSTACK_SIZE + guard, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

    if (p == MAP_FAILED)
        return HOST_ENOMEM;
    mprotect(p, guard, PROT_NONE);
    t->sigstack = p + guard;
    t->sigstack_size = HOST_SIGSTACK_SIZE;
    return HOST_OK;
}

static void sigstack_free(struct host_thread *t)
{
    size_t guard = host_vm_page_size();

    if (t->sigstack)
        munmap(t->sigstack - guard, t->sigstack_size + guard);
    t->sigstack = NULL;
}

static int sigstack_install(const struct host_thread *t)
{
    stack_t ss = { .ss_sp = t->sigstack, .ss_size = t->sigstack_size, .ss_flags = 0 };

    return sigaltstack(&ss, NULL) < 0 ? host_from_errno(errno) : HOST_OK;
}

/* Stop using the signal stack; fails (EPERM) when running on it. */
static int sigstack_uninstall(void)
{
    stack_t ss = { .ss_flags = SS_DISABLE };

    return sigaltstack(&ss, NULL);
}

/* ---- Fork ----------------------------------------------------------------- */

static void fork_prepare(void)
{
    table_lock_all(&fork_mask);
}

static void fork_parent(void)
{
    table_unlock_all(&fork_mask);
}

/* Only the forking thread lives on in the child: forget the others. */
static void fork_child(void)
{
    struct thread_rec *rec = table;

    table = NULL;
    while (rec) {
        struct thread_rec *next = rec->next;
        if (rec == current) {
            rec->next = table;
            table = rec;
        } else {
            sigstack_free(&rec->pub);
            free(rec);
        }
        rec = next;
    }
    if (current)
        current->pub.tid = current_tid();
    table_unlock_all(&fork_mask);
}

/* ---- Calls ---------------------------------------------------------------- */

struct host_thread *host_thread_current(void)
{
    return current ? &current->pub : NULL;
}

int host_thread_init(void)
{
    struct thread_rec *rec = calloc(1, sizeof(*rec));
    int r;

    if (!rec)
        return HOST_ENOMEM;
    rec->is_main = 1;
    rec->pub.tid = current_tid();
    if ((r = sigstack_alloc(&rec->pub)) < 0 || (r = sigstack_install(&rec->pub)) < 0) {
        sigstack_free(&rec->pub);
        free(rec);
        return r;
    }
    current = rec;
    table_add(rec);
    if (pthread_atfork(fork_prepare, fork_parent, fork_child) != 0)
        return HOST_ENOMEM;
    return HOST_OK;
}

static void futex_wake_all(uint32_t *addr)
{
    syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, INT32_MAX, NULL, NULL, 0);
}

/* Runs on the kernel's stack: the thread's whole kernel life. */
static void thread_on_kernel_stack(void *p)
{
    struct thread_rec *rec = p;

#ifdef __SANITIZE_ADDRESS__
    __sanitizer_finish_switch_fiber(rec->fake_stack, &rec->host_stack, &rec->host_stack_size);
#endif
    rec->entry(rec->arg);
    /* entry must not return; if it does, end the thread as it should have. */
    host_thread_exit(NULL);
}

/* After host_thread_exit: back on the host stack, undo thread_main. */
static void thread_finish(struct thread_rec *rec)
{
    volatile uint32_t *left = rec->left;
    sigset_t all;

#ifdef __SANITIZE_ADDRESS__
    __sanitizer_finish_switch_fiber(NULL, NULL, NULL);
    /* Frames abandoned on the kernel's stack leave poisoned redzones. */
    ASAN_UNPOISON_MEMORY_REGION(rec->stack, rec->stack_size);
#endif
    /* No more signals: the signal stack goes away. */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    table_remove(rec);
    current = NULL;
    sigstack_uninstall();
    sigstack_free(&rec->pub);
    free(rec);
    /* the kernel's stack is not ours any more (nor touched by the
       sanitizer's bookkeeping above) */
    if (left) {
        __atomic_store_n(left, 1, __ATOMIC_RELEASE);
        futex_wake_all((uint32_t *)left);
    }
}

static void *thread_main(void *p)
{
    struct thread_rec *rec = p;
    struct start_sync *sync = rec->sync;

    /* All signals are blocked until the thread has its signal stack. */
    current = rec;
    rec->pub.tid = current_tid();
    if (sigstack_install(&rec->pub) < 0)
        abort();   /* cannot fail for a fresh, large enough stack */
    table_add(rec);
    rec->sync = NULL;
    if (sync) {         /* the creator waits for our id */
        __atomic_store_n(&sync->tid, rec->pub.tid, __ATOMIC_RELAXED);
        __atomic_store_n(&sync->ready, 1, __ATOMIC_RELEASE);
        futex_wake_all(&sync->ready);
    }
    pthread_sigmask(SIG_SETMASK, &rec->start_mask, NULL);
    if (sigsetjmp(rec->exit_jmp, 1) == 0) {
#ifdef __SANITIZE_ADDRESS__
        __sanitizer_start_switch_fiber(&rec->fake_stack, rec->stack, rec->stack_size);
#endif
        host_run_on_stack(rec, thread_on_kernel_stack,
                          (void *)((uintptr_t)(rec->stack + rec->stack_size) & ~(uintptr_t)15));
    }
    thread_finish(rec);
    return NULL;
}

/* Start the pthread with every signal blocked; it unblocks them itself. */
static int spawn(struct thread_rec *rec)
{
    pthread_attr_t attr;
    pthread_t pt;
    sigset_t all, saved;
    int err;

    if (pthread_attr_init(&attr) != 0)
        return HOST_ENOMEM;
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, HOST_THREAD_STACK);
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &saved);
    rec->start_mask = saved;
    err = pthread_create(&pt, &attr, thread_main, rec);
    /* Not rec->start_mask: the thread may have ended and freed rec. */
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    pthread_attr_destroy(&attr);
    return err ? (err == EAGAIN ? HOST_ENOMEM : host_from_errno(err)) : HOST_OK;
}

int host_thread_create(host_thread_entry_t entry, void *arg, void *stack, size_t size,
                       host_thread_t *out_thread)
{
    struct start_sync sync = { 0, 0 };
    struct thread_rec *rec;
    int r;

    if (!entry || !stack || size < MIN_KERNEL_STACK || ((uintptr_t)stack & 15) ||
        (uintptr_t)stack + size < (uintptr_t)stack)
        return HOST_EINVAL;
    if (!(rec = calloc(1, sizeof(*rec))))
        return HOST_ENOMEM;
    rec->entry = entry;
    rec->arg = arg;
    rec->stack = stack;
    rec->stack_size = size;
    rec->sync = out_thread ? &sync : NULL;
    if ((r = sigstack_alloc(&rec->pub)) < 0 || (r = spawn(rec)) < 0) {
        sigstack_free(&rec->pub);
        free(rec);
        return r;
    }
    /* The record is the new thread's from now on (it may end at once).
     * Without out_thread nobody needs its id: do not wait for it to run
     * (the creator would sleep until a processor takes the new thread). */
    if (!out_thread)
        return HOST_OK;
    while (!__atomic_load_n(&sync.ready, __ATOMIC_ACQUIRE))
        syscall(SYS_futex, &sync.ready, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    *out_thread = (host_thread_t)__atomic_load_n(&sync.tid, __ATOMIC_RELAXED);
    return HOST_OK;
}

/* End a thread the host did not start through host_thread_create (the main
 * thread): there is no start routine to return to, only the exit call. */
static void exit_raw(struct thread_rec *rec) __attribute__((noreturn));
static void exit_raw(struct thread_rec *rec)
{
    sigset_t all;

    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, NULL);
    if (rec) {
        table_remove(rec);
        current = NULL;
        /* Still on the signal stack (exit from the upcall): keep it. */
        if (sigstack_uninstall() == 0)
            sigstack_free(&rec->pub);
    }
    for (;;)
        syscall(SYS_exit, 0);
}

void host_thread_exit(volatile uint32_t *left)
{
    struct thread_rec *rec = current;

    if (!rec || rec->is_main)
        exit_raw(rec);
    rec->left = left;
#ifdef __SANITIZE_ADDRESS__
    __sanitizer_start_switch_fiber(NULL, rec->host_stack, rec->host_stack_size);
#endif
    siglongjmp(rec->exit_jmp, 1);
}

void host_thread_yield(void)
{
    sched_yield();
}

host_thread_t host_thread_self(void)
{
    struct thread_rec *rec = current;

    return (host_thread_t)(rec ? rec->pub.tid : current_tid());
}

int host_thread_set_teb(void *teb)
{
    if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)teb) < 0)
        return errno == EPERM ? HOST_EINVAL : host_from_errno(errno);
    return HOST_OK;
}

int host_thread_interrupt(host_thread_t t)
{
    struct thread_rec *rec;
    sigset_t saved;
    int r = HOST_ESRCH;

    if (!t || t > INT32_MAX)
        return HOST_ESRCH;
    /* Under the lock: a thread leaves the table before it ends, so the tid
     * cannot be reused by a stranger while we signal it. */
    table_lock_all(&saved);
    for (rec = table; rec; rec = rec->next) {
        if ((host_thread_t)rec->pub.tid == t)
            break;
    }
    if (rec) {
        r = HOST_OK;
        if (syscall(SYS_tgkill, getpid(), rec->pub.tid, host_interrupt_signal()) < 0)
            r = host_from_errno(errno);
    }
    table_unlock_all(&saved);
    return r;
}

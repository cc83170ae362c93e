/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * process.c - ending the picoprocess, the debug log.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

/* Running on the signal stack: inside an upcall. */
static int in_upcall(void)
{
    stack_t ss;

    return sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
}

/*
 * Ending a picoprocess is mostly tearing down its address space: some
 * hundreds of mappings and the pages behind them, about 2 ms on the
 * development machine (a hypervisor makes every page-table change dear).
 * Linux does it in the exit of the last task that uses the address space,
 * and the parent's wait (the shell's, or a parent picoprocess's) returns
 * only after that.  So the exit hands the address space to a helper: a
 * process that shares it (CLONE_VM, not a thread of ours), holds none of
 * our descriptors, and waits until every thread of ours is gone; our exit
 * then only drops a reference, our parent learns the status at once, and
 * the helper's exit frees the memory, waited for by nobody but init (or a
 * subreaper), which reaps it.
 *
 * The helper must not hold our descriptors even for a moment after we
 * are gone: an open file description keeps its locks (the registry's
 * databases: the next process of the instance would find them taken) and
 * a pipe its writer.  It gets a copy of our table, as any child, so we
 * wait until it has closed that copy before we end.
 *
 * The helper runs on a stack in host_process_exit's frame (which never
 * returns) and makes raw system calls only: it shares everything of ours
 * but our descriptors and signal handlers, and takes no signal.
 */
struct teardown {
    int fd;                     /* the pipe's read end */
    uint32_t closed;            /* the helper holds nothing else (futex) */
};

static int teardown_main(void *arg)
{
    struct teardown *t = arg;
    int fd = t->fd;
    char c;

    /* none of ours: pipes and sockets must see their end with us */
    if (fd > 0)
        syscall(SYS_close_range, 0u, (unsigned)fd - 1, 0u);
    syscall(SYS_close_range, (unsigned)fd + 1, ~0u, 0u);
    __atomic_store_n(&t->closed, 1, __ATOMIC_RELEASE);
    syscall(SYS_futex, &t->closed, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    /* the write end closes when our last thread has released its
       descriptors, which each does after releasing the address space */
    while (syscall(SYS_read, fd, &c, 1) < 0 && errno == EINTR)
        ;
    return 0;
}

static void teardown_elsewhere(char *stack, size_t size)
{
    static struct teardown t;
    static int started;
    sigset_t all;
    int fds[2];

    if (__atomic_exchange_n(&started, 1, __ATOMIC_ACQ_REL))
        return;     /* another thread is ending the process too */
    /* no signal from here on, in the helper too (it inherits the mask):
       our handlers are for our threads */
    sigfillset(&all);
    syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, NULL, sizeof(uint64_t));
    if (syscall(SYS_pipe2, fds, O_CLOEXEC) < 0)
        return;     /* then the teardown is ours, as without a helper */
    t.fd = fds[0];
    /* the helper is born with this thread's name: "keep-exit" tells it
       from a program's child process in ps and top (and the tests) */
    syscall(SYS_prctl, PR_SET_NAME, "keep-exit", 0, 0, 0);
    /* exit signal 0: nobody is told while we live; once we are gone the
       helper is the new parent's child with SIGCHLD, as any orphan */
    if (clone(teardown_main, stack + size, CLONE_VM, &t) < 0) {
        close(fds[0]);
        return;
    }
    while (!__atomic_load_n(&t.closed, __ATOMIC_ACQUIRE))
        syscall(SYS_futex, &t.closed, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    /* fds[1] stays open until our end */
}

void host_process_exit(int code)
{
    /* the helper's stack: this frame is never left */
    char helper_stack[4096] __attribute__((aligned(16)));

    /* Flush what the monitor left in stdio buffers -- but not from an
     * upcall, where the interrupted code may hold a stream's lock (the
     * host's own policy log is flushed line by line anyway). */
    if (!in_upcall())
        fflush(NULL);
    teardown_elsewhere(helper_stack, sizeof(helper_stack));
    /* Every thread at once, without the atexit handlers of a C program
     * that is not the one ending. */
    for (;;)
        syscall(SYS_exit_group, code & 0xff);
}

void host_debug_write(const char *text, size_t size)
{
    /* One write per message: lines from several threads do not interleave
     * (up to PIPE_BUF bytes on a pipe, and on a file opened for append). */
    while (size) {
        ssize_t n = write(STDERR_FILENO, text, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        text += n;
        size -= (size_t)n;
    }
}

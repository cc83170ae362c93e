/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * process.c - ending the picoprocess, the debug log.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

/* Running on the signal stack: inside an upcall. */
static int in_upcall(void)
{
    stack_t ss;

    return sigaltstack(NULL, &ss) == 0 && (ss.ss_flags & SS_ONSTACK);
}

void host_process_exit(int code)
{
    /* Flush what the monitor left in stdio buffers -- but not from an
     * upcall, where the interrupted code may hold a stream's lock (the
     * host's own policy log is flushed line by line anyway). */
    if (!in_upcall())
        fflush(NULL);
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

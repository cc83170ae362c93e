/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * init.c - host_init: everything the host sets up before the kernel runs.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>

#include "host/linux/host_linux.h"

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int init_status;

static void init_once(void)
{
    struct sigaction ign;

    host_vm_page_size();
    /* A write to a closed pipe answers HOST_EPIPE instead of killing us. */
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    if (sigaction(SIGPIPE, &ign, NULL) < 0) {
        init_status = host_from_errno(errno);
        return;
    }
    if ((init_status = host_thread_init()) < 0)
        return;
    init_status = host_exception_init();
}

int host_init(void)
{
    pthread_once(&once, init_once);
    return init_status;
}

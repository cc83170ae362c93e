/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * control.c - the ctl: stream (host.h): the kernel's line to the monitor,
 * which answers it through the ops it set (host_setup.h).
 */
#define _GNU_SOURCE 1
#include <pthread.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

static pthread_mutex_t control_lock = PTHREAD_MUTEX_INITIALIZER;
static const struct host_control_ops *control_ops;
static void *control_ctx;

void host_set_control(const struct host_control_ops *ops, void *ctx)
{
    pthread_mutex_lock(&control_lock);
    control_ops = ops;
    control_ctx = ctx;
    pthread_mutex_unlock(&control_lock);
}

static const struct host_control_ops *current_ops(void **ctx)
{
    const struct host_control_ops *ops;

    pthread_mutex_lock(&control_lock);
    ops = control_ops;
    *ctx = control_ctx;
    pthread_mutex_unlock(&control_lock);
    return ops;
}

int host_ctl_read(void *buf, size_t size, size_t *done)
{
    void *ctx;
    const struct host_control_ops *ops = current_ops(&ctx);

    if (size < sizeof(struct host_ctl_request))
        return HOST_EINVAL;
    if (!ops) {
        /* no monitor: no request will ever come */
        for (;;)
            pause();
    }
    return ops->read(ctx, buf, size, done);
}

int host_ctl_write(const void *buf, size_t size, int64_t offset, size_t *done)
{
    void *ctx;
    const struct host_control_ops *ops = current_ops(&ctx);
    int r;

    if (offset == HOST_POS_NONE && size != sizeof(struct host_ctl_record))
        return HOST_EINVAL;
    if (!ops)
        return HOST_EIO;
    if ((r = ops->write(ctx, buf, size, offset)) == HOST_OK)
        *done = size;
    return r;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * display.c - the shared display region: making, mapping and closing it,
 * and the futex system calls its rings wake each other with.  See
 * display.h; what is done on a mapped region is in display_ring.c.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include "rdp/display_region.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

int display_futex_wait(_Atomic uint32_t *word, uint32_t expected, int timeout_ms)
{
    struct timespec ts = { timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000 };

    /* Not FUTEX_PRIVATE_FLAG: the word lives in memory shared with
     * another process. */
    if (syscall(SYS_futex, word, FUTEX_WAIT, expected, timeout_ms < 0 ? NULL : &ts, NULL, 0) == 0)
        return 0;
    return errno == ETIMEDOUT ? -ETIMEDOUT : 0; /* EAGAIN, EINTR: re-check */
}

void display_futex_wake(_Atomic uint32_t *word)
{
    syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

static int display_map(int fd, size_t size, struct display **out)
{
    struct display *d = calloc(1, sizeof(*d));
    void *p;

    if (!d)
        return -ENOMEM;
    p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (p == MAP_FAILED) {
        int err = -errno;
        free(d);
        return err;
    }
    d->sh = p;
    d->size = size;
    d->fd = fd;
    *out = d;
    return 0;
}

int display_create(uint32_t width, uint32_t height, struct display **out)
{
    struct display_layout l;
    int fd, err;

    if (width == 0 || height == 0 || width > DISPLAY_MAX_DIM || height > DISPLAY_MAX_DIM)
        return -EINVAL;
    display_layout(width, height, &l);
    fd = memfd_create("keep-display", MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (ftruncate(fd, (off_t)l.region_size) < 0) {
        err = -errno;
        goto fail;
    }
    err = display_map(fd, l.region_size, out);
    if (err)
        goto fail;
    /* ftruncate gave zeroed pages: indices, cursor and pixels start at 0. */
    display_init_header((*out)->sh, width, height, &l);
    return 0;
fail:
    close(fd);
    return err;
}

int display_attach(int fd, struct display **out)
{
    struct display *d = NULL;
    struct stat st;
    int own, err;

    if (fstat(fd, &st) < 0)
        return -errno;
    if ((uint64_t)st.st_size < sizeof(struct display_shared))
        return -EPROTO;
    /* Our own descriptor, so display_close never closes the caller's. */
    own = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (own < 0)
        return -errno;
    err = display_map(own, (size_t)st.st_size, &d);
    if (err) {
        close(own);
        return err;
    }
    err = display_check_header(d->sh, d->size);
    if (err)
        goto fail;
    *out = d;
    return 0;
fail:
    display_close(d);
    return err;
}

void display_close(struct display *d)
{
    if (!d)
        return;
    munmap(d->sh, d->size);
    close(d->fd);
    free(d);
}


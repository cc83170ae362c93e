/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * display.c - the display: URI, the shared display region of `keep run
 * --rdp` (rdp/display.h), and the process-shared futexes inside it.
 *
 * The monitor makes the region (a memfd) and hands it over with
 * host_display_set; only then does "display:" open (HOST_ENOENT before),
 * so a run without --rdp has no display.  The kernel maps it with host_stream_map
 * (HOST_MAP_SHARED); the RDP server, another process, maps the same file.
 * Futex words inside that mapping must be process-shared (the server
 * waits on and wakes them from its own process), while every other futex
 * stays process-private, which is cheaper: futex.c asks
 * host_futex_is_shared for the one range.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

static int display_fd = -1;
/* [shared_lo, shared_hi): where the region is mapped, 0 and 0 if not. */
static uintptr_t shared_lo, shared_hi;

int host_display_set(int fd)
{
    int own;

    if (fd < 0)
        return HOST_EINVAL;
    if ((own = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0)
        return host_from_errno(errno);
    if (display_fd >= 0)
        close(display_fd);
    display_fd = own;
    return HOST_OK;
}

int host_display_open(unsigned flags, host_stream_t *out)
{
    struct host_stream *st;
    host_stream_t s;
    int fd, r;

    if (flags & ~(HOST_OPEN_READ | HOST_OPEN_WRITE))
        return HOST_EINVAL;
    if (display_fd < 0)
        return HOST_ENOENT;     /* no --rdp: no display (not a denial) */
    if ((fd = fcntl(display_fd, F_DUPFD_CLOEXEC, 3)) < 0)
        return host_from_errno(errno);
    if ((r = host_stream_add(fd, HOST_STREAM_FILE, flags, NULL, &s)) < 0)
        return r;
    if (host_stream_get(s, &st) == HOST_OK) {
        st->display = 1;
        host_stream_put(st);
    }
    *out = s;
    return HOST_OK;
}

void host_display_mapped(void *addr, size_t size)
{
    __atomic_store_n(&shared_lo, 0, __ATOMIC_SEQ_CST);
    __atomic_store_n(&shared_hi, (uintptr_t)addr + size, __ATOMIC_SEQ_CST);
    __atomic_store_n(&shared_lo, (uintptr_t)addr, __ATOMIC_SEQ_CST);
}

int host_futex_is_shared(const volatile uint32_t *addr)
{
    uintptr_t a = (uintptr_t)addr;
    uintptr_t lo = __atomic_load_n(&shared_lo, __ATOMIC_RELAXED);

    return lo && a >= lo && a < __atomic_load_n(&shared_hi, __ATOMIC_RELAXED);
}

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
 * host_futex_is_shared for the one range and for the ranges of the
 * kernel's other HOST_MAP_FUTEX mappings (the instance's shared desktop).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

/* The HOST_MAP_FUTEX ranges: lo 0 is a free entry; written under
 * range_lock, read without it (lo cleared first, set last). */
#define FUTEX_RANGES 8
static uintptr_t range_lo[FUTEX_RANGES], range_hi[FUTEX_RANGES];
static unsigned ranges_used;
static pthread_mutex_t range_lock = PTHREAD_MUTEX_INITIALIZER;

static int overlaps(unsigned i, uintptr_t lo, uintptr_t hi)
{
    return range_lo[i] && range_lo[i] < hi && lo < range_hi[i];
}

int host_futex_share(void *addr, size_t size)
{
    uintptr_t lo = (uintptr_t)addr, hi = lo + size;
    unsigned slot = FUTEX_RANGES;

    pthread_mutex_lock(&range_lock);
    for (unsigned i = 0; i < FUTEX_RANGES; i++)
        if (overlaps(i, lo, hi) || (!range_lo[i] && slot == FUTEX_RANGES))
            slot = i;
    if (slot < FUTEX_RANGES) {
        if (!range_lo[slot])
            __atomic_add_fetch(&ranges_used, 1, __ATOMIC_SEQ_CST);
        __atomic_store_n(&range_lo[slot], 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&range_hi[slot], hi, __ATOMIC_SEQ_CST);
        __atomic_store_n(&range_lo[slot], lo, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&range_lock);
    return slot < FUTEX_RANGES ? HOST_OK : HOST_ENOMEM;
}

void host_futex_unshare(void *addr, size_t size)
{
    uintptr_t lo = (uintptr_t)addr, hi = lo + size;

    if (!__atomic_load_n(&ranges_used, __ATOMIC_RELAXED))
        return;
    pthread_mutex_lock(&range_lock);
    for (unsigned i = 0; i < FUTEX_RANGES; i++)
        if (overlaps(i, lo, hi)) {
            __atomic_store_n(&range_lo[i], 0, __ATOMIC_SEQ_CST);
            __atomic_sub_fetch(&ranges_used, 1, __ATOMIC_SEQ_CST);
        }
    pthread_mutex_unlock(&range_lock);
}

int host_futex_is_shared(const volatile uint32_t *addr)
{
    uintptr_t a = (uintptr_t)addr;
    uintptr_t lo = __atomic_load_n(&shared_lo, __ATOMIC_RELAXED);

    if (lo && a >= lo && a < __atomic_load_n(&shared_hi, __ATOMIC_RELAXED))
        return 1;
    if (!__atomic_load_n(&ranges_used, __ATOMIC_RELAXED))
        return 0;
    for (unsigned i = 0; i < FUTEX_RANGES; i++) {
        lo = __atomic_load_n(&range_lo[i], __ATOMIC_ACQUIRE);
        if (lo && a >= lo && a < __atomic_load_n(&range_hi[i], __ATOMIC_RELAXED))
            return 1;
    }
    return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * time.c - clocks, the local time zone offset, random bytes.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <sys/random.h>
#include <time.h>

#include "host/linux/host_linux.h"

#define NS_PER_SEC 1000000000ll

int host_time_get(unsigned clock, int64_t *out_ns)
{
    struct timespec ts;
    clockid_t id;

    if (!out_ns)
        return HOST_EINVAL;
    if (clock == HOST_CLOCK_WALL)
        id = CLOCK_REALTIME;
    else if (clock == HOST_CLOCK_MONOTONIC)
        id = CLOCK_MONOTONIC;
    else
        return HOST_EINVAL;
    if (clock_gettime(id, &ts) < 0)
        return host_from_errno(errno);
    *out_ns = (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
    return HOST_OK;
}

int host_time_zone_offset(int64_t *out_seconds)
{
    time_t now = time(NULL);
    struct tm tm;

    if (!out_seconds)
        return HOST_EINVAL;
    /* localtime_r need not look at TZ again: make it. */
    tzset();
    if (!localtime_r(&now, &tm))
        return host_from_errno(errno);
    *out_seconds = tm.tm_gmtoff;
    return HOST_OK;
}

int host_random(void *buf, size_t size)
{
    unsigned char *p = buf;

    if (!buf && size)
        return HOST_EINVAL;
    while (size) {
        ssize_t n = getrandom(p, size, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return host_from_errno(errno);
        p += n;
        size -= (size_t)n;
    }
    return HOST_OK;
}

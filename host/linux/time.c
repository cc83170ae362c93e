/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * time.c - clocks, the local time zone and its rules, random bytes.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

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

/* ---- The time zone --------------------------------------------------------- */

#define WEEK (7 * 86400)

/* This year's rules, worked out once per zone and year. */
static pthread_mutex_t zone_lock = PTHREAD_MUTEX_INITIALIZER;
static struct host_time_zone zone_cache;
static char zone_cache_tz[128];

static int is_dst(time_t t, long *gmtoff)
{
    struct tm tm;

    *gmtoff = 0;
    if (!localtime_r(&t, &tm))
        return 0;
    *gmtoff = tm.tm_gmtoff;
    return tm.tm_isdst > 0;
}

/* The first second in (lo, hi] whose daylight state differs from lo's. */
static time_t find_switch(time_t lo, time_t hi)
{
    long off = 0;
    int from = is_dst(lo, &off);

    while (hi - lo > 1) {
        time_t mid = lo + (hi - lo) / 2;
        if (is_dst(mid, &off) == from)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

/* The zone's name: TZ, else what /etc/localtime points at, else /etc/timezone. */
static void zone_name(const char *tz, char *out, size_t size)
{
    char link[PATH_MAX];
    const char *name = tz;

    out[0] = 0;
    if (name && *name == ':')
        name++;
    if (!name || !*name) {
        ssize_t n = readlink("/etc/localtime", link, sizeof(link) - 1);
        link[n > 0 ? n : 0] = 0;
        name = link;
        if (n <= 0) {
            FILE *f = fopen("/etc/timezone", "re");
            if (f && fgets(link, sizeof(link), f))
                link[strcspn(link, "\n")] = 0;
            if (f)
                fclose(f);
        }
    }
    const char *zi = strstr(name, "zoneinfo/");
    size_t n = strlen(zi ? zi + 9 : name);
    if (n >= size)
        n = size - 1;      /* a name that long is not a zone name: cut */
    memcpy(out, zi ? zi + 9 : name, n);
    out[n] = 0;
}

/* This year's offsets and switches, scanning week by week, then to the
 * second (a daylight period, or a pause in one, lasts longer than a week:
 * 53 look-ups where a daily scan made 365, at every start). */
static void zone_rules(int year, struct host_time_zone *z)
{
    struct tm start = { .tm_year = year - 1900, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1 };
    struct tm end = { .tm_year = year + 1 - 1900, .tm_mon = 0, .tm_mday = 1, .tm_isdst = -1 };
    time_t t = mktime(&start), stop = mktime(&end);
    long off = 0;
    int dst = is_dst(t, &off);

    z->year = year;
    z->dst_start_ns = z->dst_end_ns = 0;
    if (dst)
        z->dst_offset = (int32_t)off;
    else
        z->std_offset = (int32_t)off;
    for (time_t prev = t, day = t + WEEK; prev < stop; prev = day, day += WEEK) {
        if (day > stop)
            day = stop;
        int d = is_dst(day, &off);
        if (d == dst)
            continue;
        time_t at = find_switch(prev, day);
        if (d) {
            z->dst_start_ns = (int64_t)at * NS_PER_SEC;
            z->dst_offset = (int32_t)off;
        } else {
            z->dst_end_ns = (int64_t)at * NS_PER_SEC;
            z->std_offset = (int32_t)off;
        }
        dst = d;
    }
    if (!z->dst_start_ns && !z->dst_end_ns) {
        /* no switch this year: one offset all year */
        z->std_offset = z->dst_offset = (int32_t)(dst ? z->dst_offset : z->std_offset);
    } else if (!z->dst_start_ns || !z->dst_end_ns) {
        /* only one switch (the zone changed its rules): no daylight rule */
        z->dst_start_ns = z->dst_end_ns = 0;
        z->std_offset = z->dst_offset = (int32_t)off;
    }
}

int host_time_zone(struct host_time_zone *out)
{
    const char *tz = getenv("TZ");
    time_t now = time(NULL);
    struct tm tm;

    if (!out)
        return HOST_EINVAL;
    /* localtime_r need not look at TZ again: make it. */
    tzset();
    if (!localtime_r(&now, &tm))
        return host_from_errno(errno);
    pthread_mutex_lock(&zone_lock);
    if (zone_cache.year != tm.tm_year + 1900 || strncmp(zone_cache_tz, tz ? tz : "", sizeof(zone_cache_tz))) {
        snprintf(zone_cache_tz, sizeof(zone_cache_tz), "%s", tz ? tz : "");
        memset(&zone_cache, 0, sizeof(zone_cache));
        zone_name(tz, zone_cache.name, sizeof(zone_cache.name));
        zone_rules(tm.tm_year + 1900, &zone_cache);
    }
    *out = zone_cache;
    pthread_mutex_unlock(&zone_lock);
    out->offset = (int32_t)tm.tm_gmtoff;
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

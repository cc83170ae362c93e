/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_time.c - clocks, time zone offset, random bytes. */
#define _GNU_SOURCE 1
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tests/unit/host/test_host.h"

#define NS 1000000000ll

START_TEST(test_time_get__monotonic__never_goes_back)
{
    int64_t prev, now;

    ck_assert_int_eq(host_time_get(HOST_CLOCK_MONOTONIC, &prev), HOST_OK);
    for (int i = 0; i < 10000; i++) {
        ck_assert_int_eq(host_time_get(HOST_CLOCK_MONOTONIC, &now), HOST_OK);
        ck_assert_int_ge(now, prev);
        prev = now;
    }
    ck_assert_int_gt(prev, 0);
}
END_TEST

START_TEST(test_time_get__wall__is_within_a_second_of_time)
{
    int64_t wall;
    time_t before = time(NULL);

    ck_assert_int_eq(host_time_get(HOST_CLOCK_WALL, &wall), HOST_OK);
    ck_assert_int_ge(wall, (int64_t)before * NS - NS);
    ck_assert_int_le(wall, (int64_t)time(NULL) * NS + NS);
}
END_TEST

START_TEST(test_time_get__with_bad_clock_or_null__returns_einval)
{
    int64_t t;

    ck_assert_int_eq(host_time_get(2, &t), HOST_EINVAL);
    ck_assert_int_eq(host_time_get(HOST_CLOCK_WALL, NULL), HOST_EINVAL);
}
END_TEST

/* The last Sunday of a month (0-11) of a year at hour:00 UTC. */
static int64_t last_sunday_utc(int year, int month, int hour)
{
    struct tm tm = { .tm_year = year - 1900, .tm_mon = month + 1, .tm_mday = 1, .tm_hour = hour };
    time_t t = timegm(&tm) - 86400;     /* the month's last day (timegm takes month 12) */
    gmtime_r(&t, &tm);
    return ((int64_t)t - (int64_t)tm.tm_wday * 86400) * 1000000000ll;
}

START_TEST(test_time_zone__fixed_offsets__follow_tz)
{
    struct host_time_zone z;

    setenv("TZ", "UTC-3", 1);
    ck_assert_int_eq(host_time_zone(&z), HOST_OK);
    ck_assert_int_eq(z.offset, 3 * 3600);
    ck_assert_int_eq(z.std_offset, 3 * 3600);
    ck_assert_int_eq(z.dst_offset, 3 * 3600);
    ck_assert(z.dst_start_ns == 0 && z.dst_end_ns == 0);
    ck_assert_str_eq(z.name, "UTC-3");
    setenv("TZ", "UTC0", 1);
    ck_assert_int_eq(host_time_zone(&z), HOST_OK);
    ck_assert_int_eq(z.offset, 0);
    setenv("TZ", "/usr/share/zoneinfo/Asia/Tokyo", 1);
    ck_assert_int_eq(host_time_zone(&z), HOST_OK);
    ck_assert_str_eq(z.name, "Asia/Tokyo");
    ck_assert_int_eq(z.std_offset, 9 * 3600);
    ck_assert_int_eq(z.dst_offset, 9 * 3600);
    ck_assert_int_eq(host_time_zone(NULL), HOST_EINVAL);
}
END_TEST

START_TEST(test_time_zone__europe__has_this_years_switches)
{
    struct host_time_zone z;
    time_t now = time(NULL);
    struct tm tm;

    setenv("TZ", ":Europe/Berlin", 1);
    ck_assert_int_eq(host_time_zone(&z), HOST_OK);
    gmtime_r(&now, &tm);
    ck_assert_str_eq(z.name, "Europe/Berlin");
    ck_assert_int_eq(z.year, tm.tm_year + 1900);
    ck_assert_int_eq(z.std_offset, 3600);
    ck_assert_int_eq(z.dst_offset, 7200);
    /* the EU switches at 01:00 UTC on the last Sundays of March and October */
    ck_assert_int_eq(z.dst_start_ns, last_sunday_utc(z.year, 2, 1));
    ck_assert_int_eq(z.dst_end_ns, last_sunday_utc(z.year, 9, 1));
    ck_assert(z.offset == 3600 || z.offset == 7200);
}
END_TEST

START_TEST(test_time_zone__southern_and_posix_rules)
{
    struct host_time_zone z;

    setenv("TZ", "Australia/Sydney", 1);
    ck_assert_int_eq(host_time_zone(&z), HOST_OK);
    ck_assert_int_eq(z.std_offset, 10 * 3600);
    ck_assert_int_eq(z.dst_offset, 11 * 3600);
    /* summer at the turn of the year: daylight time ends before it starts */
    ck_assert(z.dst_end_ns && z.dst_start_ns && z.dst_end_ns < z.dst_start_ns);
    setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
    ck_assert_int_eq(host_time_zone(&z), HOST_OK);
    ck_assert_int_eq(z.std_offset, -5 * 3600);
    ck_assert_int_eq(z.dst_offset, -4 * 3600);
    ck_assert(z.dst_start_ns && z.dst_start_ns < z.dst_end_ns);
    unsetenv("TZ");
}
END_TEST

START_TEST(test_random__two_calls__give_different_bytes)
{
    unsigned char a[32], b[32], zero[32];

    memset(a, 0, sizeof(a));
    memset(b, 0, sizeof(b));
    memset(zero, 0, sizeof(zero));
    ck_assert_int_eq(host_random(a, sizeof(a)), HOST_OK);
    ck_assert_int_eq(host_random(b, sizeof(b)), HOST_OK);
    ck_assert_int_ne(memcmp(a, b, sizeof(a)), 0);
    ck_assert_int_ne(memcmp(a, zero, sizeof(a)), 0);
}
END_TEST

START_TEST(test_random__large_buffer__is_filled_entirely)
{
    size_t size = 1 << 20;
    unsigned char *buf = calloc(1, size);
    size_t zeros = 0;

    ck_assert_int_eq(host_random(buf, size), HOST_OK);
    /* About 1 in 256 bytes is zero; an unfilled tail would be far more. */
    for (size_t i = size - 4096; i < size; i++)
        zeros += buf[i] == 0;
    ck_assert_uint_lt(zeros, 64);
    free(buf);
}
END_TEST

START_TEST(test_random__null_buffer__returns_einval_unless_empty)
{
    ck_assert_int_eq(host_random(NULL, 4), HOST_EINVAL);
    ck_assert_int_eq(host_random(NULL, 0), HOST_OK);
}
END_TEST

Suite *make_suite_time(void)
{
    Suite *s = suite_create("time");
    TCase *tc = tcase_create("time");

    tcase_add_test(tc, test_time_get__monotonic__never_goes_back);
    tcase_add_test(tc, test_time_get__wall__is_within_a_second_of_time);
    tcase_add_test(tc, test_time_get__with_bad_clock_or_null__returns_einval);
    tcase_add_test(tc, test_time_zone__fixed_offsets__follow_tz);
    tcase_add_test(tc, test_time_zone__europe__has_this_years_switches);
    tcase_add_test(tc, test_time_zone__southern_and_posix_rules);
    tcase_add_test(tc, test_random__two_calls__give_different_bytes);
    tcase_add_test(tc, test_random__large_buffer__is_filled_entirely);
    tcase_add_test(tc, test_random__null_buffer__returns_einval_unless_empty);
    suite_add_tcase(s, tc);
    return s;
}

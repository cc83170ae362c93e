/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * timefn.exe HOST_UNIX_TIME - clocks.  The harness passes the host's Unix
 * time in seconds, read just before it starts the program.  The Windows
 * system time must not be behind it by more than 5 s; how far ahead it may
 * be depends on how long the program took to start, so the program prints
 * "# windows_unix_time=N" and the harness checks that N lies within 5 s of
 * the span from the start of the run to its end.
 */
#include "tap.h"
#include <stdlib.h>
#include <time.h>

#define EPOCH_DIFF 11644473600LL /* seconds from 1601-01-01 to 1970-01-01 */
#define TICKS_PER_SECOND 10000000LL

static LONGLONG filetime_ticks(const FILETIME *ft)
{
    ULARGE_INTEGER u = { .LowPart = ft->dwLowDateTime, .HighPart = ft->dwHighDateTime };

    return (LONGLONG)u.QuadPart;
}

static LONGLONG filetime_to_unix(const FILETIME *ft)
{
    return filetime_ticks(ft) / TICKS_PER_SECOND - EPOCH_DIFF;
}

static int sane_systemtime(const SYSTEMTIME *st)
{
    return st->wYear >= 2024 && st->wYear < 2200 && st->wMonth >= 1 && st->wMonth <= 12 &&
           st->wDay >= 1 && st->wDay <= 31 && st->wHour < 24 && st->wMinute < 60 &&
           st->wSecond < 61 && st->wMilliseconds < 1000 && st->wDayOfWeek < 7;
}

static void check_system_time(LONGLONG host)
{
    FILETIME ft, precise, from_st;
    SYSTEMTIME st, local;
    LONGLONG now, diff;

    GetSystemTimeAsFileTime(&ft);
    now = filetime_to_unix(&ft);
    diff = now - host;
    tap_diag("windows_unix_time=%lld", now);
    OKF(host > 0, "the harness passed the host's time", "argument %lld", host);
    OKF(diff >= -5 && diff <= 300,
        "GetSystemTimeAsFileTime agrees with the host (not 5 s behind its time before the start)",
        "Windows %lld, host %lld, difference %lld s", now, host, diff);
    diff = (LONGLONG)time(NULL) - now;
    OKF(diff >= 0 && diff <= 2, "the C runtime's time() agrees with GetSystemTimeAsFileTime",
        "difference %lld s", diff);
    GetSystemTimePreciseAsFileTime(&precise);
    diff = filetime_ticks(&precise) - filetime_ticks(&ft);
    OKF(diff >= 0 && diff < TICKS_PER_SECOND,
        "GetSystemTimePreciseAsFileTime agrees with GetSystemTimeAsFileTime", "%lld ticks apart",
        diff);

    GetSystemTime(&st);
    OKF(sane_systemtime(&st), "GetSystemTime is a sane date from 2024 on",
        "%04u-%02u-%02u %02u:%02u:%02u", st.wYear, st.wMonth, st.wDay, st.wHour, st.wMinute,
        st.wSecond);
    SystemTimeToFileTime(&st, &from_st);
    diff = filetime_to_unix(&from_st) - now;
    OKF(diff >= 0 && diff <= 2, "GetSystemTime agrees with GetSystemTimeAsFileTime",
        "difference %lld s", diff);
    GetLocalTime(&local);
    OKF(sane_systemtime(&local), "GetLocalTime is a sane date from 2024 on",
        "%04u-%02u-%02u %02u:%02u:%02u", local.wYear, local.wMonth, local.wDay, local.wHour,
        local.wMinute, local.wSecond);
    SystemTimeToFileTime(&local, &from_st);
    diff = filetime_to_unix(&from_st) - now;
    OKF(llabs(diff) <= 14 * 3600 + 5, "local time is within 14 hours of UTC",
        "difference %lld s", diff);
}

static void check_conversions(void)
{
    TIME_ZONE_INFORMATION tz;
    SYSTEMTIME st;
    FILETIME ft;
    LONGLONG ticks = (1700000000LL + EPOCH_DIFF) * TICKS_PER_SECOND;

    ft.dwLowDateTime = (DWORD)ticks;
    ft.dwHighDateTime = (DWORD)(ticks >> 32);
    OK(FileTimeToSystemTime(&ft, &st), "FileTimeToSystemTime");
    OKF(st.wYear == 2023 && st.wMonth == 11 && st.wDay == 14 && st.wHour == 22 &&
            st.wMinute == 13 && st.wSecond == 20 && st.wDayOfWeek == 2,
        "Unix time 1700000000 is Tuesday 2023-11-14 22:13:20 UTC",
        "%04u-%02u-%02u %02u:%02u:%02u day %u", st.wYear, st.wMonth, st.wDay, st.wHour,
        st.wMinute, st.wSecond, st.wDayOfWeek);
    OK(GetTimeZoneInformation(&tz) != TIME_ZONE_ID_INVALID, "GetTimeZoneInformation");
}

static void check_performance_counter(void)
{
    LARGE_INTEGER freq = { 0 }, prev, now, t0, t1;
    int monotonic = 1;
    double ms;

    OKF(QueryPerformanceFrequency(&freq) && freq.QuadPart > 0, "QueryPerformanceFrequency is nonzero",
        "%lld", freq.QuadPart);
    QueryPerformanceCounter(&prev);
    for (int i = 0; i < 1000; i++) {
        QueryPerformanceCounter(&now);
        monotonic &= now.QuadPart >= prev.QuadPart;
        prev = now;
    }
    OK(monotonic, "QueryPerformanceCounter never goes back over 1000 reads");
    QueryPerformanceCounter(&t0);
    Sleep(50);
    QueryPerformanceCounter(&t1);
    ms = (double)(t1.QuadPart - t0.QuadPart) * 1000.0 / (double)freq.QuadPart;
    OKF(ms >= 40 && ms < 5000, "QueryPerformanceCounter measures Sleep(50) as about 50 ms",
        "%.1f ms", ms);
}

static void check_tick_count(void)
{
    DWORD t0 = GetTickCount();
    ULONGLONG t64 = GetTickCount64();
    DWORD elapsed;
    ULONGLONG elapsed64;

    /*
     * The tick count has a granularity of about 16 ms, on Windows as on
     * Wine, so each end may be that stale: sleep 60 ms, expect 40.
     */
    Sleep(60);
    elapsed = GetTickCount() - t0;
    elapsed64 = GetTickCount64() - t64;
    OKF(elapsed >= 40 && elapsed < 5000, "GetTickCount advances by at least 40 ms across Sleep(60)",
        "%lu ms", (unsigned long)elapsed);
    OKF(elapsed64 >= 40 && elapsed64 < 5000, "so does GetTickCount64", "%llu ms", elapsed64);
    OKF(GetTickCount64() / 1000 < 100ULL * 365 * 24 * 3600,
        "GetTickCount64 counts from boot, not from 1601", "%llu ms", GetTickCount64());
}

int main(int argc, char **argv)
{
    LONGLONG host = argc > 1 ? _atoi64(argv[1]) : 0;

    check_system_time(host);
    check_conversions();
    check_performance_counter();
    check_tick_count();
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * timezone.exe - the host's time zone as Windows programs see it.  Run with
 * TZ=Europe/Berlin and argv[1] = the host's offset now ("+0100" or
 * "+0200", from date +%z): the EU's rules (last Sundays of March and
 * October, 01:00 UTC) must come out as Windows rules, with a zone name
 * from the registry's Time Zones, and local time must be the host's.
 *
 * "timezone.exe --key" prints the zone's registry key name and its Bias
 * instead (tests/pe/timezone-names.sh compares them, zone by zone, with
 * what stock Wine names).
 */
#include "tap.h"
#include <stdlib.h>
#include <string.h>

static void check_rule(const SYSTEMTIME *d, int month, int hour, const char *what)
{
    OKF(d->wYear == 0 && d->wMonth == month && d->wDay == 5 && d->wDayOfWeek == 0 &&
        d->wHour == hour && d->wMinute == 0,
        what, "year %u month %u week %u weekday %u %02u:%02u", d->wYear, d->wMonth, d->wDay,
        d->wDayOfWeek, d->wHour, d->wMinute);
}

/* The registry's display name of the zone key; "" if none. */
static void registry_std_name(const WCHAR *key, WCHAR *out, DWORD size)
{
    WCHAR path[256] = L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\";
    HKEY h;

    out[0] = 0;
    wcscat(path, key);
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ, &h))
        return;
    RegQueryValueExW(h, L"Std", NULL, NULL, (BYTE *)out, &size);
    RegCloseKey(h);
}

static int print_key(void)
{
    DYNAMIC_TIME_ZONE_INFORMATION dtz;

    if (GetDynamicTimeZoneInformation(&dtz) == TIME_ZONE_ID_INVALID)
        return 1;
    printf("%ls|%ld\n", dtz.TimeZoneKeyName, (long)dtz.Bias);
    return 0;
}

int main(int argc, char **argv)
{
    TIME_ZONE_INFORMATION tz;
    DYNAMIC_TIME_ZONE_INFORMATION dtz;
    SYSTEMTIME utc, local;
    WCHAR std[64];
    int host = argc > 1 ? atoi(argv[1]) : 9999;     /* +0100 -> 100 */
    int host_minutes = host / 100 * 60 + host % 100;

    if (argc > 1 && !strcmp(argv[1], "--key"))
        return print_key();

    DWORD kind = GetTimeZoneInformation(&tz);
    OK(kind == TIME_ZONE_ID_STANDARD || kind == TIME_ZONE_ID_DAYLIGHT, "a zone with daylight time");
    OKF(tz.Bias == -60, "Bias is -60 (UTC+1)", "%ld", (long)tz.Bias);
    OKF(tz.StandardBias == 0 && tz.DaylightBias == -60, "daylight time is one hour ahead",
        "standard %ld daylight %ld", (long)tz.StandardBias, (long)tz.DaylightBias);
    check_rule(&tz.DaylightDate, 3, 2, "daylight time starts on the last Sunday of March at 02:00");
    check_rule(&tz.StandardDate, 10, 3, "and ends on the last Sunday of October at 03:00");
    OKF((kind == TIME_ZONE_ID_DAYLIGHT) == (host_minutes == 120), "the current period is the host's",
        "kind %lu, host %+05d", (unsigned long)kind, host);

    OK(GetDynamicTimeZoneInformation(&dtz) == kind, "GetDynamicTimeZoneInformation agrees");
    tap_diag("zone %ls / %ls / %ls", dtz.TimeZoneKeyName, dtz.StandardName, dtz.DaylightName);
    registry_std_name(dtz.TimeZoneKeyName, std, sizeof(std));
    OKF(dtz.TimeZoneKeyName[0] && !wcscmp(std, dtz.StandardName),
        "the zone is a registry Time Zones key, with its Std name", "key [%ls] std [%ls] registry [%ls]",
        dtz.TimeZoneKeyName, dtz.StandardName, std);

    GetSystemTime(&utc);
    GetLocalTime(&local);
    int diff = ((local.wDay != utc.wDay ? (local.wDay > utc.wDay || local.wDay == 1 ? 24 : -24) : 0) +
                local.wHour - utc.wHour) * 60 + local.wMinute - utc.wMinute;
    OKF(diff == host_minutes, "local time is the host's local time", "local - utc = %d min, host %d",
        diff, host_minutes);
    return tap_done();
}

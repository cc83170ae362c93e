/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * timezone.c - the host's time zone as Windows describes one.
 *
 * The host tells its zone's offsets and this year's daylight saving
 * switches (host_time_zone); Windows describes a zone by a rule: the n-th
 * (or last) weekday of a month at a wall-clock time.  The switches become
 * such rules, and the zone gets its Windows name from the registry's
 * "Time Zones" key whose TZI holds the same rules (the first one, in
 * enumeration order); with none, the names are the host's.
 */
#include "kernel.h"
#include "regstore.h"

typedef struct {
    WORD wYear, wMonth, wDayOfWeek, wDay, wHour, wMinute, wSecond, wMilliseconds;
} SYSTEMTIME_NT;

/* RTL_DYNAMIC_TIME_ZONE_INFORMATION (the first part is
 * RTL_TIME_ZONE_INFORMATION), as kernelbase's GetTimeZoneInformation reads it */
typedef struct {
    LONG Bias;
    WCHAR StandardName[32];
    SYSTEMTIME_NT StandardDate;
    LONG StandardBias;
    WCHAR DaylightName[32];
    SYSTEMTIME_NT DaylightDate;
    LONG DaylightBias;
    WCHAR TimeZoneKeyName[128];
    BOOLEAN DynamicDaylightTimeDisabled;
} DYNAMIC_TZI;
_Static_assert(offsetof(DYNAMIC_TZI, TimeZoneKeyName) == 172, "tzi layout");
_Static_assert(sizeof(DYNAMIC_TZI) == 432, "dynamic tzi size");

/* The registry's TZI value: the rule part of the structure above. */
typedef struct {
    LONG Bias, StandardBias, DaylightBias;
    SYSTEMTIME_NT StandardDate, DaylightDate;
} REG_TZI;
_Static_assert(sizeof(REG_TZI) == 44, "TZI value size");

/* registry.c's system calls, called from here as functions */
NTSTATUS NTAPI NtOpenKeyEx(HANDLE *key, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                           ULONG options);
NTSTATUS NTAPI NtEnumerateKey(HANDLE key, ULONG index, KEY_INFORMATION_CLASS cls, void *info,
                              ULONG len, ULONG *ret_len);
NTSTATUS NTAPI NtQueryKey(HANDLE key, KEY_INFORMATION_CLASS cls, void *info, ULONG len,
                           ULONG *ret_len);
NTSTATUS NTAPI NtQueryValueKey(HANDLE key, const UNICODE_STRING *name,
                               KEY_VALUE_INFORMATION_CLASS cls, void *info, ULONG len,
                               ULONG *ret_len);

#define TZ_KEY u"\\Registry\\Machine\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones"

/* ---- Calendar ------------------------------------------------------------- */

/* Year, month (1-12) and day of days since 1970-01-01 (the civil calendar). */
static void civil_from_days(int64_t days, int *year, int *month, int *day)
{
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

static int days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* The rule for a switch at utc_ns, seen on a clock `offset` seconds east. */
static void switch_rule(int64_t utc_ns, int32_t offset, SYSTEMTIME_NT *out)
{
    int64_t local = utc_ns / 1000000000 + offset;
    int64_t days = local >= 0 ? local / 86400 : (local - 86399) / 86400;
    int64_t secs = local - days * 86400;
    int year, month, day;

    civil_from_days(days, &year, &month, &day);
    memset(out, 0, sizeof(*out));
    out->wMonth = (WORD)month;
    out->wDayOfWeek = (WORD)(((days % 7) + 11) % 7);    /* 1970-01-01 was a Thursday */
    /* week 1-4, or 5 for the last such weekday of the month */
    out->wDay = (WORD)(day + 7 > days_in_month(year, month) ? 5 : (day - 1) / 7 + 1);
    out->wHour = (WORD)(secs / 3600);
    out->wMinute = (WORD)(secs / 60 % 60);
    out->wSecond = (WORD)(secs % 60);
}

/* ---- Names from the registry ---------------------------------------------- */

static NTSTATUS open_key(HANDLE root, const WCHAR *name, size_t len, HANDLE *out)
{
    UNICODE_STRING us = { (USHORT)(len * 2), (USHORT)(len * 2), (WCHAR *)name };
    OBJECT_ATTRIBUTES attr = { sizeof(attr), root, &us, OBJ_CASE_INSENSITIVE, NULL, NULL };

    return NtOpenKeyEx(out, KEY_READ, &attr, 0);
}

/* A value's data into buf (size bytes); its length, or 0. */
static ULONG read_value(HANDLE key, const WCHAR *name, void *buf, ULONG size)
{
    char raw[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 128];
    KEY_VALUE_PARTIAL_INFORMATION *v = (void *)raw;
    UNICODE_STRING us = { (USHORT)(kwcslen(name) * 2), (USHORT)(kwcslen(name) * 2), (WCHAR *)name };
    ULONG got;

    if (NtQueryValueKey(key, &us, KeyValuePartialInformation, raw, sizeof(raw), &got) ||
        v->DataLength > size)
        return 0;
    memcpy(buf, v->Data, v->DataLength);
    return v->DataLength;
}

/* Whether a switch rule of ours is the registry's.  Without a switch (month
 * 0) nothing else counts; a registry switch at 23:59:59.999 is ours at
 * midnight on the next weekday. */
static int switch_matches(const SYSTEMTIME_NT *ours, const SYSTEMTIME_NT *reg)
{
    if (ours->wMonth != reg->wMonth)
        return 0;
    if (!ours->wMonth)
        return 1;
    if (reg->wHour == 23 && reg->wMinute == 59 && reg->wSecond == 59 && reg->wMilliseconds == 999)
        return ours->wDay == reg->wDay && ours->wDayOfWeek == (reg->wDayOfWeek + 1) % 7 &&
               !ours->wHour && !ours->wMinute && !ours->wSecond && !ours->wMilliseconds;
    return ours->wDay == reg->wDay && ours->wDayOfWeek == reg->wDayOfWeek &&
           ours->wHour == reg->wHour && ours->wMinute == reg->wMinute &&
           ours->wSecond == reg->wSecond && ours->wMilliseconds == reg->wMilliseconds;
}

/* A zone is the registry's when its offset and its switches are: the
 * registry's standard and daylight biases are not compared (zones without
 * daylight time often carry a daylight bias of -60), as Wine does. */
static int rules_match(const REG_TZI *ours, const REG_TZI *reg)
{
    return ours->Bias == reg->Bias && switch_matches(&ours->StandardDate, &reg->StandardDate) &&
           switch_matches(&ours->DaylightDate, &reg->DaylightDate);
}

/* A zone's names into tz if its TZI is rules; 1 on a match. */
static int match_zone(HANDLE zones, const WCHAR *key, size_t len, const REG_TZI *rules,
                      DYNAMIC_TZI *tz)
{
    REG_TZI tzi;
    HANDLE h;
    int match = 0;

    if (open_key(zones, key, len, &h))
        return 0;
    if (read_value(h, u"TZI", &tzi, sizeof(tzi)) == sizeof(tzi) && rules_match(rules, &tzi)) {
        read_value(h, u"Std", tz->StandardName, sizeof(tz->StandardName) - 2);
        read_value(h, u"Dlt", tz->DaylightName, sizeof(tz->DaylightName) - 2);
        memcpy(tz->TimeZoneKeyName, key, len * 2 < sizeof(tz->TimeZoneKeyName) - 2
                                             ? len * 2 : sizeof(tz->TimeZoneKeyName) - 2);
        match = 1;
    }
    NtClose(h);
    return match;
}

/* ---- The default table's zones ---------------------------------------------
 * Matching a zone by scanning the registry reads every zone's TZI (over a
 * hundred keys, each a database query on a first start).  The default
 * table compiled into the kernel holds the same zones, and regc indexes
 * them with their TZI in enumeration order: the first match is named at
 * once, and the registry then only confirms it.  The answer is the scan's
 * whenever the instance's zones are the default ones (same count and the
 * candidate's TZI unchanged); otherwise the scan runs. */

/* The zone key's name in path if path is a direct subkey of the zones key. */
static const WCHAR *default_zone_name(const WCHAR *path, size_t *len)
{
    static const WCHAR prefix[] = TZ_KEY u"\\";
    size_t n = ARRAY_SIZE(prefix) - 1;

    for (size_t i = 0; i < n; i++)
        if (!path[i])
            return NULL;
    if (kwcsnicmp(path, prefix, n))
        return NULL;
    path += n;
    *len = kwcslen(path);
    for (size_t i = 0; i < *len; i++)
        if (path[i] == '\\')
            return NULL;
    return *len ? path : NULL;
}

/* The default zone (first in enumeration order) with these rules, and how
 * many zones the table has; NULL if none matches. */
static const WCHAR *default_zone_hint(const REG_TZI *rules, size_t *len, ULONG *zones)
{
    *zones = (ULONG)regdefault_zone_subkeys;
    *len = 0;
    for (size_t i = 0; i < regdefault_zone_count; i++) {
        const struct regdefault_zone *z = &regdefault_zones[i];
        REG_TZI tzi;
        memcpy(&tzi, z->tzi, sizeof(tzi));
        if (!rules_match(rules, &tzi))
            continue;
        return default_zone_name((const void *)(regdefault_blob + regdefault_keys[z->key].path),
                                 len);
    }
    return NULL;
}

/* Counted without reading the zones (over a hundred keys) into the cache. */
static int zone_count_is(HANDLE zones, ULONG expected)
{
    ULONG n;

    return !registry_subkey_count(zones, &n) && n == expected;
}

/* Zones whose rules are also an earlier zone's, which the host's zone name
 * tells apart (the same cases Wine tells apart by abbreviation). */
static const WCHAR *named_zone(const char *host_name)
{
    static const struct { const char *host; const WCHAR *key; } names[] = {
        { "Asia/Tokyo", u"Tokyo Standard Time" },
        { "Japan", u"Tokyo Standard Time" },
        { "Asia/Seoul", u"Korea Standard Time" },
        { "ROK", u"Korea Standard Time" },
        { "Asia/Pyongyang", u"North Korea Standard Time" },
        { "Asia/Yakutsk", u"Yakutsk Standard Time" },
    };

    for (size_t i = 0; host_name && i < ARRAY_SIZE(names); i++)
        if (!strcmp(names[i].host, host_name))
            return names[i].key;
    return NULL;
}

static int find_names(const REG_TZI *rules, const char *host_name, DYNAMIC_TZI *tz)
{
    const WCHAR *named = named_zone(host_name);
    char raw[sizeof(KEY_BASIC_INFORMATION) + 256];
    KEY_BASIC_INFORMATION *k = (void *)raw;
    HANDLE zones;
    ULONG got, table_zones;
    size_t hint_len;
    const WCHAR *hint = default_zone_hint(rules, &hint_len, &table_zones);
    int found = 0;

    if (open_key(NULL, TZ_KEY, kwcslen(TZ_KEY), &zones))
        return 0;
    if (named)
        found = match_zone(zones, named, kwcslen(named), rules, tz);
    if (!found && hint && zone_count_is(zones, table_zones))
        found = match_zone(zones, hint, hint_len, rules, tz);
    for (ULONG i = 0; !found && !NtEnumerateKey(zones, i, KeyBasicInformation, raw, sizeof(raw), &got);
         i++)
        found = match_zone(zones, k->Name, k->NameLength / 2, rules, tz);
    NtClose(zones);
    return found;
}

/* ---- The zone ---------------------------------------------------------------- */

static void ascii_name(WCHAR *dst, size_t room, const char *src)
{
    size_t i = 0;

    for (; src[i] && i + 1 < room; i++)
        dst[i] = (unsigned char)src[i];
    dst[i] = 0;
}

static int same_zone(const struct host_time_zone *a, const struct host_time_zone *b)
{
    return !memcmp(a->name, b->name, sizeof(a->name)) && a->year == b->year &&
           a->std_offset == b->std_offset && a->dst_offset == b->dst_offset &&
           a->dst_start_ns == b->dst_start_ns && a->dst_end_ns == b->dst_end_ns;
}

static void build_zone(const struct host_time_zone *z, DYNAMIC_TZI *tz)
{
    REG_TZI rules;

    memset(tz, 0, sizeof(*tz));
    memset(&rules, 0, sizeof(rules));
    rules.Bias = -z->std_offset / 60;
    if (z->dst_start_ns && z->dst_end_ns) {
        rules.DaylightBias = -(z->dst_offset - z->std_offset) / 60;
        switch_rule(z->dst_start_ns, z->std_offset, &rules.DaylightDate);
        switch_rule(z->dst_end_ns, z->dst_offset, &rules.StandardDate);
    }
    tz->Bias = rules.Bias;
    tz->StandardBias = rules.StandardBias;
    tz->DaylightBias = rules.DaylightBias;
    tz->StandardDate = rules.StandardDate;
    tz->DaylightDate = rules.DaylightDate;
    if (!find_names(&rules, z->name, tz)) {
        const char *name = z->name[0] ? z->name : "UTC";
        ascii_name(tz->StandardName, 32, name);
        ascii_name(tz->DaylightName, 32, name);
        ascii_name(tz->TimeZoneKeyName, 128, name);
    }
}

/* The zone now; its names are looked up again only when the host's zone
 * or year changes. */
static void zone_info(DYNAMIC_TZI *out)
{
    static struct klock lock = KLOCK_INIT;
    static struct host_time_zone last;
    static DYNAMIC_TZI cached;
    static int have;
    struct host_time_zone z;

    memset(&z, 0, sizeof(z));
    host_time_zone(&z);
    klock_acquire(&lock);
    if (!have || !same_zone(&z, &last)) {
        build_zone(&z, &cached);
        last = z;
        have = 1;
    }
    *out = cached;
    klock_release(&lock);
}

void timezone_prefetch(void)
{
    DYNAMIC_TZI tz;

    zone_info(&tz);
}

NTSTATUS timezone_query(void *buf, ULONG len, ULONG *ret_len, int dynamic)
{
    DYNAMIC_TZI tz;
    ULONG size = dynamic ? sizeof(tz) : offsetof(DYNAMIC_TZI, TimeZoneKeyName);

    zone_info(&tz);
    if (ret_len)
        *ret_len = size;
    if (len < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(buf, &tz, size);
    return STATUS_SUCCESS;
}

/* The shared page's bias, asked of the host at most once a second: every
 * tick and every wake from a sleep update that page, and the host's answer
 * costs a look at the zone file each time.  A switch to or from daylight
 * time shows up within the second. */
int64_t timezone_bias_100ns(void)
{
    static volatile int64_t bias, next_check;
    int64_t now = time_monotonic_100ns();
    struct host_time_zone z;

    if (next_check && now < next_check)
        return bias;
    if (host_time_zone(&z))
        return 0;
    bias = -(int64_t)z.offset * 10000000;
    next_check = now + 10000000;
    return bias;
}

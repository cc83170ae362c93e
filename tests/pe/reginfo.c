/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reginfo.exe - every registry information class at every buffer size
 * that matters, through NtQueryValueKey, NtEnumerateValueKey, NtQueryKey
 * and NtEnumerateKey.
 *
 * The rules (Windows', as Wine's own ntdll tests check them): the result
 * length is always the whole answer's size; a buffer smaller than the
 * class's fixed part gets STATUS_BUFFER_TOO_SMALL; one that holds the
 * fixed part but not everything gets STATUS_BUFFER_OVERFLOW with the fixed
 * part filled in (lengths, type, counts); a buffer of exactly the size gets
 * STATUS_SUCCESS and the whole answer, and nothing past it is touched.
 * KeyValueFullInformation's data starts on a ULONG boundary (8 bytes for
 * the Align64 class, which exists for that).
 *
 * Also NtQueryMultipleValueKey and NtSetInformationKey, and the roots: HKEY_LOCAL_MACHINE is \REGISTRY\MACHINE, HKEY_CURRENT_USER
 * \REGISTRY\USER\<the process user's SID>, HKEY_CLASSES_ROOT
 * \REGISTRY\MACHINE\Software\Classes (as Wine does it), and HKEY_USERS
 * holds .Default and the user's hive.
 *
 * Stock Wine 8.0 fails 21 of the 35 checks: NtQueryMultipleValueKey and
 * NtSetInformationKey are stubs there, and it departs from the rules: no Align64 classes and no KeyHandleTagsInformation
 * (STATUS_INVALID_PARAMETER), NtEnumerateValueKey answers a too small
 * buffer with STATUS_BUFFER_OVERFLOW, the fixed part is not filled in on
 * an overflow (its own tests check that it is, on Windows), and the data
 * of KeyValueFullInformation follows the name unaligned.
 */
#include "tap.h"
#include <stddef.h>
#include <string.h>
#include <wchar.h>
#include <winternl.h>
#include <sddl.h>

#define ST_OVERFLOW ((NTSTATUS)0x80000005)
#define ST_TOO_SMALL ((NTSTATUS)0xC0000023)

/* Declared here: mingw's winternl.h has only some of them. */
enum {
    ValueBasic = 0, ValueFull = 1, ValuePartial = 2, ValueFullAlign64 = 3,
    ValuePartialAlign64 = 4,
    KeyBasic = 0, KeyNode = 1, KeyFull = 2, KeyName = 3, KeyCached = 4, KeyHandleTags = 7,
};

typedef NTSTATUS(NTAPI *query_value_fn)(HANDLE, UNICODE_STRING *, int, void *, ULONG, ULONG *);
typedef NTSTATUS(NTAPI *enum_value_fn)(HANDLE, ULONG, int, void *, ULONG, ULONG *);
typedef NTSTATUS(NTAPI *query_key_fn)(HANDLE, int, void *, ULONG, ULONG *);
typedef NTSTATUS(NTAPI *enum_key_fn)(HANDLE, ULONG, int, void *, ULONG, ULONG *);
typedef NTSTATUS(NTAPI *set_info_fn)(HANDLE, int, void *, ULONG);

/* NtQueryMultipleValueKey's entries (Windows' KEY_VALUE_ENTRY). */
struct value_entry {
    UNICODE_STRING *name;
    ULONG size, offset, type;
};
typedef NTSTATUS(NTAPI *multiple_fn)(HANDLE, struct value_entry *, ULONG, void *, ULONG *, ULONG *);

static query_value_fn pNtQueryValueKey;
static enum_value_fn pNtEnumerateValueKey;
static query_key_fn pNtQueryKey;
static enum_key_fn pNtEnumerateKey;
static set_info_fn pNtSetInformationKey;
static multiple_fn pNtQueryMultipleValueKey;

#define ST_INFO_LENGTH_MISMATCH ((NTSTATUS)0xC0000004)
#define ST_INVALID_INFO_CLASS ((NTSTATUS)0xC0000003)
#define ST_NOT_FOUND ((NTSTATUS)0xC0000034)

static HKEY key;                                /* the test key */
static const WCHAR value_name[] = L"Wert\u00c4";      /* 5 units: 10 bytes */
static const WCHAR value_data[] = L"daten!";          /* 14 bytes with the NUL */
static const WCHAR sub_name[] = L"Unter";             /* 10 bytes */
static const WCHAR sub_class[] = L"Klasse";           /* 12 bytes */

/* One call: which function, which class. */
struct call {
    const char *what;
    int kind;           /* 0 query value, 1 enum value, 2 query key, 3 enum key */
    int cls;
    ULONG fixed;        /* the class's fixed part */
    ULONG need;         /* the whole answer */
    ULONG len_field;    /* offset of a length field the fixed part must carry */
    ULONG len_value;    /* its value */
};

static NTSTATUS call(const struct call *c, void *buf, ULONG len, ULONG *result)
{
    UNICODE_STRING name;

    switch (c->kind) {
    case 0:
        RtlInitUnicodeString(&name, value_name);
        return pNtQueryValueKey(key, &name, c->cls, buf, len, result);
    case 1:
        return pNtEnumerateValueKey(key, 0, c->cls, buf, len, result);
    case 2:
        return pNtQueryKey(key, c->cls, buf, len, result);
    default:
        return pNtEnumerateKey(key, 0, c->cls, buf, len, result);
    }
}

/* Check one class at every size that matters. */
static void check_class(const struct call *c)
{
    static BYTE buf[4096];
    ULONG sizes[] = { 0, 1, c->fixed - 1, c->fixed, c->need - 1, c->need };
    int bad = 0;
    char why[256] = "";

    for (size_t i = 0; i < ARRAYSIZE(sizes); i++) {
        ULONG len = sizes[i], result = 0xdeadbeef;
        if (len > c->need || (i == 4 && c->need == c->fixed))
            continue;
        memset(buf, 0xbd, sizeof(buf));
        NTSTATUS st = call(c, len ? buf : NULL, len, &result);
        NTSTATUS want = len < c->fixed ? ST_TOO_SMALL : len < c->need ? ST_OVERFLOW : 0;
        ULONG field = 0;
        if (len >= c->fixed && c->len_field != ~0u)
            memcpy(&field, buf + c->len_field, sizeof(field));
        if (st != want || result != c->need || (len >= c->fixed && c->len_field != ~0u &&
                                                 field != c->len_value) ||
            buf[len] != 0xbd) {
            snprintf(why, sizeof(why), "size %lu: status %#lx (want %#lx), length %lu (want %lu),"
                     " field %lu (want %lu), byte after %#x", len, st, want, result, c->need,
                     field, c->len_value, buf[len]);
            bad = 1;
            break;
        }
    }
    OKF(!bad, c->what, "%s", why);
}

/* A ULONG of an answer (the layouts are Windows'; offsets as documented). */
static ULONG u32(const BYTE *buf, size_t off)
{
    ULONG v;
    memcpy(&v, buf + off, sizeof(v));
    return v;
}

static void check_contents(void)
{
    static BYTE buf[512];
    UNICODE_STRING name;
    ULONG result;
    NTSTATUS st;

    /* KEY_VALUE_FULL_INFORMATION: Type 4, DataOffset 8, DataLength 12, NameLength 16, Name 20 */
    RtlInitUnicodeString(&name, value_name);
    st = pNtQueryValueKey(key, &name, ValueFull, buf, sizeof(buf), &result);
    ULONG data_off = u32(buf, 8);
    OK(!st && u32(buf, 4) == REG_SZ && u32(buf, 16) == 10 && u32(buf, 12) == 14 &&
           !memcmp(buf + 20, value_name, 10) && data_off % 4 == 0 && data_off >= 30 &&
           !memcmp(buf + data_off, value_data, 14),
       "KeyValueFullInformation holds the name and the data at DataOffset");
    /* KEY_FULL_INFORMATION: ClassLength 16, SubKeys 20, MaxNameLen 24, MaxClassLen 28,
       Values 32, MaxValueNameLen 36, MaxValueDataLen 40 */
    st = pNtQueryKey(key, KeyFull, buf, sizeof(buf), &result);
    OKF(!st && u32(buf, 20) == 1 && u32(buf, 32) == 1 && u32(buf, 24) == 10 &&
            u32(buf, 28) == 12 && u32(buf, 36) == 10 && u32(buf, 40) == 14 && u32(buf, 16) == 0,
        "KeyFullInformation counts the subkey and the value", "status %#lx", st);
    /* KEY_NODE_INFORMATION: ClassOffset 12, ClassLength 16, NameLength 20, Name 24 */
    st = pNtEnumerateKey(key, 0, KeyNode, buf, sizeof(buf), &result);
    OK(!st && u32(buf, 20) == 10 && !memcmp(buf + 24, sub_name, 10) && u32(buf, 16) == 12 &&
           u32(buf, 12) == 24 + 10 && !memcmp(buf + 34, sub_class, 12),
       "KeyNodeInformation holds the name, then the class at ClassOffset");
}

/* NtSetInformationKey: the last-write time and the handle tags. */
static void check_set_information(void)
{
    LARGE_INTEGER when = { .QuadPart = 130000000000000000LL };  /* 2012 */
    BYTE buf[256];
    ULONG tags = 0x1234, result;
    NTSTATUS st;

    st = pNtSetInformationKey(key, 0 /* KeyWriteTimeInformation */, &when, sizeof(when));
    OKF(!st, "NtSetInformationKey KeyWriteTimeInformation", "status %#lx", st);
    st = pNtQueryKey(key, KeyBasic, buf, sizeof(buf), &result);
    OK(!st && !memcmp(buf, &when, sizeof(when)), "KeyBasicInformation gives that time back");
    st = pNtSetInformationKey(key, 0, &when, sizeof(when) - 1);
    OKF(st == ST_INFO_LENGTH_MISMATCH, "a short one is STATUS_INFO_LENGTH_MISMATCH",
        "status %#lx", st);
    st = pNtSetInformationKey(key, 99, &when, sizeof(when));
    OKF(st == ST_INVALID_INFO_CLASS, "an unknown class is STATUS_INVALID_INFO_CLASS",
        "status %#lx", st);
    st = pNtSetInformationKey(key, 5 /* KeySetHandleTagsInformation */, &tags, sizeof(tags));
    tags = 0;
    if (!st)
        st = pNtQueryKey(key, KeyHandleTags, &tags, sizeof(tags), &result);
    OKF(!st && tags == 0x1234, "handle tags set are handle tags read", "status %#lx, %#lx", st,
        tags);
}

/* NtQueryMultipleValueKey: entries filled, data packed on ULONG boundaries. */
static void check_multiple(void)
{
    static const WCHAR second[] = L"zwei";
    UNICODE_STRING n1, n2, missing;
    struct value_entry e[2];
    BYTE buf[64];
    ULONG len, need = 0, want = ((sizeof(value_data) + 3) & ~3u) + 4;
    DWORD two = 2;
    NTSTATUS st;

    RegSetValueExW(key, second, 0, REG_DWORD, (const BYTE *)&two, sizeof(two));
    RtlInitUnicodeString(&n1, value_name);
    RtlInitUnicodeString(&n2, second);
    RtlInitUnicodeString(&missing, L"fehlt");
    e[0].name = &n1;
    e[1].name = &n2;
    len = want - 1;
    st = pNtQueryMultipleValueKey(key, e, 2, buf, &len, &need);
    OKF(st == ST_OVERFLOW && need == want,
        "NtQueryMultipleValueKey with a short buffer: STATUS_BUFFER_OVERFLOW and the size",
        "status %#lx, %lu (want %lu)", st, need, want);
    len = sizeof(buf);
    memset(buf, 0xbd, sizeof(buf));
    st = pNtQueryMultipleValueKey(key, e, 2, buf, &len, &need);
    OKF(!st && len == want && e[0].type == REG_SZ && e[0].size == sizeof(value_data) &&
            e[0].offset == 0 && !memcmp(buf, value_data, sizeof(value_data)) &&
            e[1].type == REG_DWORD && e[1].size == 4 && e[1].offset == want - 4 &&
            !memcmp(buf + e[1].offset, &two, 4) && buf[want] == 0xbd,
        "and with room: both values, the second on a ULONG boundary", "status %#lx, %lu", st, len);
    e[1].name = &missing;
    len = sizeof(buf);
    st = pNtQueryMultipleValueKey(key, e, 2, buf, &len, &need);
    OKF(st == ST_NOT_FOUND, "a missing value: STATUS_OBJECT_NAME_NOT_FOUND", "status %#lx", st);
    RegDeleteValueW(key, second);
}

/* The NT name of an open key, in name (NUL-terminated). */
static void nt_name(HKEY k, WCHAR *name, size_t cap)
{
    BYTE buf[2048];
    ULONG r = 0, len;

    name[0] = 0;
    if (pNtQueryKey(k, KeyName, buf, sizeof(buf), &r))
        return;
    len = u32(buf, 0) / sizeof(WCHAR);
    if (len >= cap)
        return;
    memcpy(name, buf + 4, len * sizeof(WCHAR));
    name[len] = 0;
}

/* The NT name of root\sub (a predefined root is no NT handle: a subkey is). */
static void sub_name_of(HKEY root, const WCHAR *sub, WCHAR *name, size_t cap)
{
    HKEY k;

    name[0] = 0;
    if (RegOpenKeyExW(root, sub, 0, KEY_READ, &k))
        return;
    nt_name(k, name, cap);
    RegCloseKey(k);
}

static void check_roots(void)
{
    WCHAR name[512], want[256], *sid = NULL;
    BYTE user[256];
    DWORD size;
    HANDLE token;
    HKEY k;

    sub_name_of(HKEY_LOCAL_MACHINE, L"Software", name, ARRAYSIZE(name));
    OKF(!_wcsicmp(name, L"\\REGISTRY\\MACHINE\\Software"),
        "HKEY_LOCAL_MACHINE is \\REGISTRY\\MACHINE", "%ls", name);
    OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token);
    GetTokenInformation(token, TokenUser, user, sizeof(user), &size);
    CloseHandle(token);
    ConvertSidToStringSidW(((TOKEN_USER *)user)->User.Sid, &sid);
    swprintf(want, ARRAYSIZE(want), L"\\REGISTRY\\USER\\%ls\\Software", sid ? sid : L"?");
    LocalFree(sid);
    sub_name_of(HKEY_CURRENT_USER, L"Software", name, ARRAYSIZE(name));
    OKF(!_wcsicmp(name, want), "HKEY_CURRENT_USER is the process user's hive", "%ls, not %ls",
        name, want);
    sub_name_of(HKEY_CLASSES_ROOT, L".exe", name, ARRAYSIZE(name));
    OKF(!_wcsicmp(name, L"\\REGISTRY\\MACHINE\\Software\\Classes\\.exe"),
        "HKEY_CLASSES_ROOT is HKLM\\Software\\Classes", "%ls", name);
    OK(!RegOpenKeyExW(HKEY_USERS, L".Default", 0, KEY_READ, &k), "HKEY_USERS\\.Default exists");
    RegCloseKey(k);
    want[wcslen(want) - 9] = 0;     /* without \Software */
    OKF(!RegOpenKeyExW(HKEY_USERS, want + 15, 0, KEY_READ, &k), "and so does the user's hive",
        "%ls", want + 15);
    RegCloseKey(k);
}

int main(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    HKEY sub;
    ULONG name_len;
    ULONG key_name_len;

    pNtQueryValueKey = (query_value_fn)(void *)GetProcAddress(ntdll, "NtQueryValueKey");
    pNtEnumerateValueKey = (enum_value_fn)(void *)GetProcAddress(ntdll, "NtEnumerateValueKey");
    pNtQueryKey = (query_key_fn)(void *)GetProcAddress(ntdll, "NtQueryKey");
    pNtEnumerateKey = (enum_key_fn)(void *)GetProcAddress(ntdll, "NtEnumerateKey");
    pNtSetInformationKey = (set_info_fn)(void *)GetProcAddress(ntdll, "NtSetInformationKey");
    pNtQueryMultipleValueKey =
        (multiple_fn)(void *)GetProcAddress(ntdll, "NtQueryMultipleValueKey");
    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\keep-reginfo");
    if (!OK(!RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\keep-reginfo", 0, NULL, 0,
                             KEY_ALL_ACCESS, NULL, &key, NULL), "create the test key"))
        return tap_done();
    RegSetValueExW(key, value_name, 0, REG_SZ, (const BYTE *)value_data, sizeof(value_data));
    RegCreateKeyExW(key, sub_name, 0, (WCHAR *)sub_class, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    RegCloseKey(sub);

    /* the key's own name: "keep-reginfo", 12 units */
    name_len = 24;
    {
        BYTE buf[1024];
        ULONG r = 0;
        pNtQueryKey(key, KeyName, buf, sizeof(buf), &r);
        key_name_len = *(ULONG *)buf;
    }
    const ULONG vfull = ((20 + 10 + 3) & ~3u) + 14, vfull64 = ((20 + 10 + 7) & ~7u) + 14;
    const struct call calls[] = {
        { "NtQueryValueKey KeyValueBasicInformation", 0, ValueBasic, 12, 12 + 10, 8, 10 },
        { "NtQueryValueKey KeyValueFullInformation", 0, ValueFull, 20, vfull, 16, 10 },
        { "NtQueryValueKey KeyValuePartialInformation", 0, ValuePartial, 12, 12 + 14, 8, 14 },
        { "NtQueryValueKey KeyValueFullInformationAlign64", 0, ValueFullAlign64, 20, vfull64, 16, 10 },
        { "NtQueryValueKey KeyValuePartialInformationAlign64", 0, ValuePartialAlign64, 8, 8 + 14, 4, 14 },
        { "NtEnumerateValueKey KeyValueBasicInformation", 1, ValueBasic, 12, 12 + 10, 8, 10 },
        { "NtEnumerateValueKey KeyValueFullInformation", 1, ValueFull, 20, vfull, 12, 14 },
        { "NtEnumerateValueKey KeyValuePartialInformation", 1, ValuePartial, 12, 12 + 14, 8, 14 },
        { "NtQueryKey KeyBasicInformation", 2, KeyBasic, 16, 16 + name_len, 12, name_len },
        { "NtQueryKey KeyNodeInformation", 2, KeyNode, 24, 24 + name_len, 20, name_len },
        { "NtQueryKey KeyFullInformation", 2, KeyFull, 44, 44, 20, 1 },
        { "NtQueryKey KeyNameInformation", 2, KeyName, 4, 4 + key_name_len, 0, key_name_len },
        { "NtQueryKey KeyCachedInformation", 2, KeyCached, 40, 40, 32, name_len },
        { "NtQueryKey KeyHandleTagsInformation", 2, KeyHandleTags, 4, 4, ~0u, 0 },
        { "NtEnumerateKey KeyBasicInformation", 3, KeyBasic, 16, 16 + 10, 12, 10 },
        { "NtEnumerateKey KeyNodeInformation", 3, KeyNode, 24, 24 + 10 + 12, 20, 10 },
        { "NtEnumerateKey KeyFullInformation", 3, KeyFull, 44, 44 + 12, 16, 12 },
    };
    OKF(key_name_len > 24 && key_name_len < 1000, "KeyNameInformation gives the full name",
        "%lu bytes", key_name_len);
    for (size_t i = 0; i < ARRAYSIZE(calls); i++)
        check_class(&calls[i]);
    check_contents();
    check_roots();
    check_multiple();
    check_set_information();
    RegCloseKey(key);
    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\keep-reginfo");
    return tap_done();
}

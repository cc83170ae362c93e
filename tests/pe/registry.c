/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry.exe - the registry through advapi32 (and a few ntdll calls
 * where the NT behaviour is the point): keys, values, enumeration,
 * deletion, volatile keys, symbolic links, change notifications and the
 * default contents a new process sees.
 *
 * Everything happens under HKCU\Software\KeepRegistryTest, removed at
 * the start (a stock Wine prefix keeps what a failed run left) and at the
 * end.  The checks hold on Windows too, except where a comment says
 * otherwise.
 */
#define _WIN32_WINNT 0x0601
#include "tap.h"
#include <string.h>
#include <wchar.h>

#define TEST_ROOT L"Software\\KeepRegistryTest"

/* ---- ntdll, for the NT-level checks -------------------------------------- */

typedef LONG NTSTATUS_;
typedef struct { USHORT Length, MaximumLength; WCHAR *Buffer; } USTR;
typedef NTSTATUS_ (WINAPI *NtQueryKey_t)(HANDLE, int, void *, ULONG, ULONG *);
typedef NTSTATUS_ (WINAPI *NtQueryValueKey_t)(HANDLE, USTR *, int, void *, ULONG, ULONG *);
typedef NTSTATUS_ (WINAPI *NtDeleteKey_t)(HANDLE);
typedef LONG (WINAPI *RegRenameKey_t)(HKEY, const WCHAR *, const WCHAR *);

static NtQueryKey_t pNtQueryKey;
static NtQueryValueKey_t pNtQueryValueKey;
static NtDeleteKey_t pNtDeleteKey;
static RegRenameKey_t pRegRenameKey;

#define KEY_NAME_INFORMATION_CLASS 3
#define KEY_VALUE_PARTIAL_INFORMATION_CLASS 2
#define ST_BUFFER_OVERFLOW ((NTSTATUS_)0x80000005)
#define ST_BUFFER_TOO_SMALL ((NTSTATUS_)0xc0000023)

static HKEY test_root;

static void load_functions(void)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");
    HMODULE advapi = GetModuleHandleA("advapi32.dll");

    pNtQueryKey = (NtQueryKey_t)(void *)GetProcAddress(ntdll, "NtQueryKey");
    pNtQueryValueKey = (NtQueryValueKey_t)(void *)GetProcAddress(ntdll, "NtQueryValueKey");
    pNtDeleteKey = (NtDeleteKey_t)(void *)GetProcAddress(ntdll, "NtDeleteKey");
    pRegRenameKey = (RegRenameKey_t)(void *)GetProcAddress(advapi, "RegRenameKey");
}

/* The full NT name of a key ("\REGISTRY\USER\..."), or "" */
static void key_nt_name(HKEY key, WCHAR *out, size_t count)
{
    char buf[1024];
    ULONG len = 0;

    out[0] = 0;
    if (pNtQueryKey(key, KEY_NAME_INFORMATION_CLASS, buf, sizeof(buf), &len))
        return;
    ULONG bytes = *(ULONG *)buf;
    size_t n = bytes / sizeof(WCHAR) < count - 1 ? bytes / sizeof(WCHAR) : count - 1;
    memcpy(out, buf + sizeof(ULONG), n * sizeof(WCHAR));
    out[n] = 0;
}

static HKEY create(HKEY parent, const WCHAR *name, DWORD options, DWORD *disp)
{
    HKEY key = NULL;
    LONG err = RegCreateKeyExW(parent, name, 0, NULL, options, KEY_ALL_ACCESS, NULL, &key, disp);
    return err ? NULL : key;
}

static LONG set_dword(HKEY key, const WCHAR *name, DWORD v)
{
    return RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&v, sizeof(v));
}

static LONG set_sz(HKEY key, const WCHAR *name, const WCHAR *s)
{
    return RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)s,
                          (DWORD)((wcslen(s) + 1) * sizeof(WCHAR)));
}

static int signaled(HANDLE event, DWORD ms)
{
    return WaitForSingleObject(event, ms) == WAIT_OBJECT_0;
}

/* ---- Keys ---------------------------------------------------------------- */

static void check_create_open(void)
{
    DWORD disp = 0;
    HKEY key, again;
    LONG err;

    key = create(test_root, L"Sub\\Deeper", 0, &disp);
    OKF(key && disp == REG_CREATED_NEW_KEY, "RegCreateKeyEx creates a key and its parent",
        "key %p disp %lu", (void *)key, (unsigned long)disp);
    again = create(test_root, L"sub\\DEEPER", 0, &disp);
    OKF(again && disp == REG_OPENED_EXISTING_KEY, "creating it again opens it, whatever the case",
        "key %p disp %lu", (void *)again, (unsigned long)disp);
    RegCloseKey(again);
    err = RegOpenKeyExW(test_root, L"SUB\\deeper\\", 0, KEY_READ, &again);
    OKF(err == ERROR_SUCCESS, "RegOpenKeyEx opens with other case and a trailing backslash",
        "err %ld", err);
    RegCloseKey(again);
    err = RegOpenKeyExW(test_root, L"Sub\\Missing", 0, KEY_READ, &again);
    OKF(err == ERROR_FILE_NOT_FOUND, "opening a missing key fails with ERROR_FILE_NOT_FOUND",
        "err %ld", err);
    err = RegCreateKeyExW(test_root, L"\\Lead", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &again, NULL);
    OKF(err == ERROR_BAD_PATHNAME, "a leading backslash is ERROR_BAD_PATHNAME", "err %ld", err);
    RegCloseKey(key);

    /* non-ASCII names fold case with the Windows table, not ASCII rules */
    key = create(test_root, L"\u00c4\u00d6\u0416", 0, &disp);
    err = RegOpenKeyExW(test_root, L"\u00e4\u00f6\u0436", 0, KEY_READ, &again);
    OKF(key && err == ERROR_SUCCESS,
        "\"\u00e4\u00f6\u0436\" opens the key created as its upper case",
        "err %ld", err);
    RegCloseKey(again);
    RegCloseKey(key);
    OK(RegDeleteKeyW(test_root, L"\u00c4\u00d6\u0416") == ERROR_SUCCESS, "... and deletes it");
}

static void check_nt_name(void)
{
    WCHAR name[512];
    const WCHAR *tail = L"\\Software\\KeepRegistryTest";

    key_nt_name(test_root, name, 512);
    size_t n = wcslen(name), t = wcslen(tail);
    OKF(!_wcsnicmp(name, L"\\REGISTRY\\USER\\S-1-5-21-", 23) && n > t &&
        !_wcsicmp(name + n - t, tail),
        "KeyNameInformation gives \\REGISTRY\\USER\\<sid>\\Software\\...", "got %ls", name);
}

static void check_volatile(void)
{
    HKEY vol = create(test_root, L"Volatile", REG_OPTION_VOLATILE, NULL), child = NULL;
    LONG err;

    err = RegCreateKeyExW(vol, L"Child", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &child, NULL);
    OKF(err == ERROR_CHILD_MUST_BE_VOLATILE, "a volatile key takes no non-volatile subkey",
        "err %ld", err);
    err = RegCreateKeyExW(vol, L"Child", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL,
                          &child, NULL);
    OKF(err == ERROR_SUCCESS, "... but a volatile one", "err %ld", err);
    RegCloseKey(child);
    RegDeleteKeyW(vol, L"Child");
    RegCloseKey(vol);
    RegDeleteKeyW(test_root, L"Volatile");
}

static void check_access(void)
{
    HKEY key = create(test_root, L"Access", 0, NULL), ro = NULL, wo = NULL;
    DWORD size = sizeof(DWORD), v;
    LONG err;

    set_dword(key, L"v", 1);
    RegOpenKeyExW(test_root, L"Access", 0, KEY_READ, &ro);
    RegOpenKeyExW(test_root, L"Access", 0, KEY_SET_VALUE, &wo);
    err = set_dword(ro, L"v", 2);
    OKF(err == ERROR_ACCESS_DENIED, "setting a value needs KEY_SET_VALUE", "err %ld", err);
    err = RegQueryValueExW(wo, L"v", NULL, NULL, (BYTE *)&v, &size);
    OKF(err == ERROR_ACCESS_DENIED, "reading a value needs KEY_QUERY_VALUE", "err %ld", err);
    RegCloseKey(ro);
    RegCloseKey(wo);
    RegCloseKey(key);
    RegDeleteKeyW(test_root, L"Access");
}

/* ---- Values -------------------------------------------------------------- */

static void check_values(void)
{
    static const BYTE bin[5] = { 1, 2, 0, 4, 5 };
    static const WCHAR multi[] = L"one\0two\0";
    HKEY key = create(test_root, L"Values", 0, NULL);
    ULONGLONG q = 0x1122334455667788ull, q2 = 0;
    WCHAR buf[64];
    DWORD type, size, dw = 0;
    BYTE bbuf[16];
    LONG err;

    OK(set_sz(key, L"Str", L"hello") == ERROR_SUCCESS, "RegSetValueEx REG_SZ");
    OK(set_dword(key, L"Dw", 0xdeadbeef) == ERROR_SUCCESS, "RegSetValueEx REG_DWORD");
    OK(RegSetValueExW(key, L"Bin", 0, REG_BINARY, bin, sizeof(bin)) == ERROR_SUCCESS,
       "RegSetValueEx REG_BINARY");
    OK(RegSetValueExW(key, L"Q", 0, REG_QWORD, (const BYTE *)&q, sizeof(q)) == ERROR_SUCCESS,
       "RegSetValueEx REG_QWORD");
    OK(RegSetValueExW(key, L"Multi", 0, REG_MULTI_SZ, (const BYTE *)multi, sizeof(multi)) ==
       ERROR_SUCCESS, "RegSetValueEx REG_MULTI_SZ");
    OK(set_sz(key, NULL, L"default") == ERROR_SUCCESS, "RegSetValueEx sets the default value");

    size = sizeof(buf);
    err = RegQueryValueExW(key, L"STR", NULL, &type, (BYTE *)buf, &size);
    OKF(!err && type == REG_SZ && size == 12 && !wcscmp(buf, L"hello"),
        "RegQueryValueEx finds a value whatever its name's case", "err %ld type %lu size %lu",
        err, (unsigned long)type, (unsigned long)size);
    size = sizeof(dw);
    err = RegQueryValueExW(key, L"dw", NULL, &type, (BYTE *)&dw, &size);
    OKF(!err && type == REG_DWORD && dw == 0xdeadbeef, "REG_DWORD reads back", "err %ld", err);
    size = sizeof(bbuf);
    err = RegQueryValueExW(key, L"Bin", NULL, &type, bbuf, &size);
    OKF(!err && type == REG_BINARY && size == 5 && !memcmp(bbuf, bin, 5), "REG_BINARY reads back",
        "err %ld size %lu", err, (unsigned long)size);
    size = sizeof(q2);
    err = RegQueryValueExW(key, L"Q", NULL, &type, (BYTE *)&q2, &size);
    OKF(!err && type == REG_QWORD && q2 == q, "REG_QWORD reads back", "err %ld", err);
    size = sizeof(buf);
    err = RegQueryValueExW(key, L"Multi", NULL, &type, (BYTE *)buf, &size);
    OKF(!err && type == REG_MULTI_SZ && size == sizeof(multi) && !memcmp(buf, multi, size),
        "REG_MULTI_SZ reads back", "err %ld size %lu", err, (unsigned long)size);
    size = sizeof(buf);
    err = RegQueryValueExW(key, L"", NULL, &type, (BYTE *)buf, &size);
    OKF(!err && !wcscmp(buf, L"default"), "the default value reads back by empty name",
        "err %ld", err);

    size = 4;
    err = RegQueryValueExW(key, L"Str", NULL, &type, (BYTE *)buf, &size);
    OKF(err == ERROR_MORE_DATA && size == 12, "a short buffer gives ERROR_MORE_DATA and the size",
        "err %ld size %lu", err, (unsigned long)size);
    size = 0;
    err = RegQueryValueExW(key, L"Str", NULL, &type, NULL, &size);
    OKF(!err && size == 12, "a NULL buffer gives the size", "err %ld size %lu", err,
        (unsigned long)size);
    err = RegQueryValueExW(key, L"Nope", NULL, &type, NULL, &size);
    OKF(err == ERROR_FILE_NOT_FOUND, "a missing value is ERROR_FILE_NOT_FOUND", "err %ld", err);

    /* replacing changes type and data */
    set_sz(key, L"dw", L"now a string");
    size = sizeof(buf);
    err = RegQueryValueExW(key, L"Dw", NULL, &type, (BYTE *)buf, &size);
    OKF(!err && type == REG_SZ && !wcscmp(buf, L"now a string"), "setting again replaces the value",
        "err %ld type %lu", err, (unsigned long)type);

    OK(RegDeleteValueW(key, L"BIN") == ERROR_SUCCESS, "RegDeleteValue deletes");
    err = RegQueryValueExW(key, L"Bin", NULL, &type, NULL, &size);
    OKF(err == ERROR_FILE_NOT_FOUND, "the deleted value is gone", "err %ld", err);
    err = RegDeleteValueW(key, L"Bin");
    OKF(err == ERROR_FILE_NOT_FOUND, "deleting it again is ERROR_FILE_NOT_FOUND", "err %ld", err);
    RegCloseKey(key);
}

static void check_big_value(void)
{
    HKEY key = create(test_root, L"Big", 0, NULL);
    DWORD size = (1 << 20) + 17, got = 0, type;
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, size);
    BYTE *back = HeapAlloc(GetProcessHeap(), 0, size);
    LONG err;

    for (DWORD i = 0; i < size; i++)
        data[i] = (BYTE)(i * 13 + 1);
    err = RegSetValueExW(key, L"big", 0, REG_BINARY, data, size);
    OKF(err == ERROR_SUCCESS, "a value over 1 MiB can be set", "err %ld", err);
    got = size;
    err = RegQueryValueExW(key, L"big", NULL, &type, back, &got);
    OKF(!err && got == size && !memcmp(data, back, size), "... and reads back whole",
        "err %ld size %lu", err, (unsigned long)got);
    HeapFree(GetProcessHeap(), 0, data);
    HeapFree(GetProcessHeap(), 0, back);
    RegCloseKey(key);
    RegDeleteKeyW(test_root, L"Big");
}

/* NtQueryValueKey's buffer rules: too small for the header, partial data. */
static void check_nt_value_buffers(void)
{
    HKEY key = create(test_root, L"NtValues", 0, NULL);
    WCHAR nameW[] = L"s";
    USTR name = { 2, 4, nameW };
    BYTE buf[64];
    ULONG len = 0;
    NTSTATUS_ st;

    set_sz(key, L"s", L"abcdef");           /* 14 bytes of data */
    st = pNtQueryValueKey(key, &name, KEY_VALUE_PARTIAL_INFORMATION_CLASS, buf, 11, &len);
    OKF(st == ST_BUFFER_TOO_SMALL && len == 12 + 14,
        "NtQueryValueKey: less than the header is STATUS_BUFFER_TOO_SMALL", "st %#lx len %lu",
        (unsigned long)st, (unsigned long)len);
    memset(buf, 0xcc, sizeof(buf));
    st = pNtQueryValueKey(key, &name, KEY_VALUE_PARTIAL_INFORMATION_CLASS, buf, 16, &len);
    OKF(st == ST_BUFFER_OVERFLOW && len == 26 && *(ULONG *)(buf + 8) == 14 &&
        *(ULONG *)(buf + 4) == REG_SZ,
        "NtQueryValueKey: a header-sized buffer is STATUS_BUFFER_OVERFLOW with the header",
        "st %#lx len %lu", (unsigned long)st, (unsigned long)len);
    st = pNtQueryValueKey(key, &name, KEY_VALUE_PARTIAL_INFORMATION_CLASS, buf, 26, &len);
    OKF(st == 0 && len == 26 && !memcmp(buf + 12, L"abcdef", 14),
        "NtQueryValueKey: an exact buffer gets everything", "st %#lx", (unsigned long)st);
    RegCloseKey(key);
    RegDeleteKeyW(test_root, L"NtValues");
}

/* ---- Enumeration and information ----------------------------------------- */

static void check_enum_keys(void)
{
    static const WCHAR *const created[] = { L"b", L"A", L"c", L"a1" };
    static const WCHAR *const expect[] = { L"A", L"a1", L"b", L"c" };
    HKEY key = create(test_root, L"Enum", 0, NULL);
    WCHAR name[32];
    DWORD len, i;
    LONG err = 0;
    int in_order = 1;

    for (i = 0; i < 4; i++)
        RegCloseKey(create(key, created[i], 0, NULL));
    for (i = 0; i < 4; i++) {
        len = 32;
        err = RegEnumKeyExW(key, i, name, &len, NULL, NULL, NULL, NULL);
        if (err || wcscmp(name, expect[i]) || len != wcslen(expect[i]))
            in_order = 0;
    }
    OK(in_order, "RegEnumKeyEx lists subkeys sorted without case");
    len = 32;
    err = RegEnumKeyExW(key, 4, name, &len, NULL, NULL, NULL, NULL);
    OKF(err == ERROR_NO_MORE_ITEMS, "... then ERROR_NO_MORE_ITEMS", "err %ld", err);
    len = 1;
    err = RegEnumKeyExW(key, 1, name, &len, NULL, NULL, NULL, NULL);
    OKF(err == ERROR_MORE_DATA, "a short name buffer is ERROR_MORE_DATA", "err %ld", err);
    for (i = 0; i < 4; i++)
        RegDeleteKeyW(key, created[i]);
    RegCloseKey(key);
}

static void check_enum_values(void)
{
    HKEY key = create(test_root, L"EnumValues", 0, NULL);
    WCHAR name[32];
    DWORD len, size, type, data, seen = 0, i;
    LONG err;

    set_dword(key, L"one", 1);
    set_dword(key, L"Two", 2);
    set_dword(key, L"three", 3);
    for (i = 0; i < 3; i++) {
        len = 32;
        size = sizeof(data);
        err = RegEnumValueW(key, i, name, &len, NULL, &type, (BYTE *)&data, &size);
        if (!err && type == REG_DWORD && data >= 1 && data <= 3 && len == wcslen(name))
            seen |= 1u << data;
    }
    /* Windows lists values in creation order, Wine (and keep) sorted:
       only the set is checked */
    OKF(seen == 0xe, "RegEnumValue lists every value with its data", "seen %#lx",
        (unsigned long)seen);
    len = 32;
    err = RegEnumValueW(key, 3, name, &len, NULL, NULL, NULL, NULL);
    OKF(err == ERROR_NO_MORE_ITEMS, "... then ERROR_NO_MORE_ITEMS", "err %ld", err);
    len = 2;
    err = RegEnumValueW(key, 0, name, &len, NULL, NULL, NULL, NULL);
    OKF(err == ERROR_MORE_DATA, "a short name buffer is ERROR_MORE_DATA", "err %ld", err);
    RegCloseKey(key);
}

static void check_query_info(void)
{
    HKEY key = create(test_root, L"Info", 0, NULL);
    DWORD subkeys, max_sub, values, max_name, max_data;
    FILETIME before, after;
    LONG err;

    RegCloseKey(create(key, L"abc", 0, NULL));
    RegCloseKey(create(key, L"abcdefg", 0, NULL));
    set_dword(key, L"v", 1);
    set_sz(key, L"longer_name", L"0123456789");
    err = RegQueryInfoKeyW(key, NULL, NULL, NULL, &subkeys, &max_sub, NULL, &values, &max_name,
                           &max_data, NULL, &before);
    OKF(!err && subkeys == 2 && max_sub == 7 && values == 2 && max_name == 11 && max_data == 22,
        "RegQueryInfoKey counts subkeys and values and their longest names and data",
        "err %ld sub %lu/%lu val %lu/%lu data %lu", err, (unsigned long)subkeys,
        (unsigned long)max_sub, (unsigned long)values, (unsigned long)max_name,
        (unsigned long)max_data);
    Sleep(30);
    set_dword(key, L"v", 2);
    RegQueryInfoKeyW(key, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, &after);
    OK(CompareFileTime(&after, &before) > 0, "setting a value moves the last-write time on");
    RegDeleteKeyW(key, L"abc");
    RegDeleteKeyW(key, L"abcdefg");
    RegCloseKey(key);
}

/* ---- Deleting and renaming ----------------------------------------------- */

static void check_delete(void)
{
    HKEY parent = create(test_root, L"Del", 0, NULL), child = create(parent, L"Child", 0, NULL);
    DWORD size = 0;
    LONG err;

    err = RegDeleteKeyW(test_root, L"Del");
    OKF(err == ERROR_ACCESS_DENIED, "a key with subkeys cannot be deleted", "err %ld", err);
    err = RegDeleteKeyW(parent, L"Child");
    OKF(err == ERROR_SUCCESS, "RegDeleteKey deletes a leaf", "err %ld", err);
    err = RegQueryValueExW(child, L"x", NULL, NULL, NULL, &size);
    OKF(err == ERROR_KEY_DELETED, "a handle to a deleted key answers ERROR_KEY_DELETED",
        "err %ld", err);
    err = RegSetValueExW(child, L"x", 0, REG_SZ, (const BYTE *)L"", 2);
    OKF(err == ERROR_KEY_DELETED, "... to RegSetValueEx too", "err %ld", err);
    RegCloseKey(child);
    err = RegOpenKeyExW(parent, L"Child", 0, KEY_READ, &child);
    OKF(err == ERROR_FILE_NOT_FOUND, "the deleted key cannot be opened", "err %ld", err);
    RegCloseKey(parent);
    OK(RegDeleteKeyW(test_root, L"Del") == ERROR_SUCCESS, "the emptied parent can be deleted");
}

static void check_rename(void)
{
    HKEY key = create(test_root, L"OldName", 0, NULL), probe;
    LONG err;

    if (!pRegRenameKey) {
        OK(0, "advapi32 exports RegRenameKey");
        return;
    }
    set_dword(key, L"kept", 7);
    err = pRegRenameKey(test_root, L"OldName", L"NewName");
    OKF(err == ERROR_SUCCESS, "RegRenameKey renames", "err %ld", err);
    err = RegOpenKeyExW(test_root, L"OldName", 0, KEY_READ, &probe);
    OKF(err == ERROR_FILE_NOT_FOUND, "the old name is gone", "err %ld", err);
    err = RegOpenKeyExW(test_root, L"newname", 0, KEY_READ, &probe);
    DWORD v = 0, size = sizeof(v);
    if (!err)
        RegQueryValueExW(probe, L"kept", NULL, NULL, (BYTE *)&v, &size);
    OKF(!err && v == 7, "the key and its values answer to the new name", "err %ld", err);
    RegCloseKey(probe);
    RegCloseKey(key);
    RegDeleteKeyW(test_root, L"NewName");
}

/* ---- Symbolic links ------------------------------------------------------ */

static void check_links(void)
{
    HKEY target = create(test_root, L"LinkTarget", 0, NULL), link = NULL, through = NULL;
    WCHAR path[512], buf[512];
    DWORD v = 0, size, type;
    LONG err;

    set_dword(target, L"here", 42);
    key_nt_name(target, path, 512);
    err = RegCreateKeyExW(test_root, L"Link", 0, NULL, REG_OPTION_CREATE_LINK, KEY_ALL_ACCESS,
                          NULL, &link, NULL);
    OKF(err == ERROR_SUCCESS, "REG_OPTION_CREATE_LINK creates a link key", "err %ld", err);
    err = set_sz(link, L"SymbolicLinkValue", path);
    OKF(err == ERROR_ACCESS_DENIED, "a link takes only REG_LINK SymbolicLinkValue", "err %ld", err);
    err = RegSetValueExW(link, L"SymbolicLinkValue", 0, REG_LINK, (const BYTE *)path,
                         (DWORD)(wcslen(path) * sizeof(WCHAR)));
    OKF(err == ERROR_SUCCESS, "the target is set as REG_LINK without a NUL", "err %ld", err);

    err = RegOpenKeyExW(test_root, L"Link", 0, KEY_READ, &through);
    size = sizeof(v);
    if (!err)
        err = RegQueryValueExW(through, L"here", NULL, NULL, (BYTE *)&v, &size);
    OKF(!err && v == 42, "opening the link opens the target", "err %ld v %lu", err,
        (unsigned long)v);
    key_nt_name(through, buf, 512);
    OKF(!_wcsicmp(buf, path), "... whose name is the target's", "got %ls", buf);
    RegCloseKey(through);

    err = RegOpenKeyExW(test_root, L"Link", REG_OPTION_OPEN_LINK, KEY_READ, &through);
    size = sizeof(buf);
    if (!err)
        err = RegQueryValueExW(through, L"SymbolicLinkValue", NULL, &type, (BYTE *)buf, &size);
    OKF(!err && type == REG_LINK && size == wcslen(path) * sizeof(WCHAR),
        "REG_OPTION_OPEN_LINK opens the link itself", "err %ld", err);
    RegCloseKey(through);

    err = RegCreateKeyExW(test_root, L"Link", 0, NULL, REG_OPTION_CREATE_LINK, KEY_ALL_ACCESS,
                          NULL, &through, NULL);
    OKF(err == ERROR_ALREADY_EXISTS, "creating the link again fails", "err %ld", err);

    /* a link is deleted through a handle to itself */
    OK(pNtDeleteKey(link) == 0, "NtDeleteKey deletes the link");
    RegCloseKey(link);
    RegCloseKey(target);
    OK(RegDeleteKeyW(test_root, L"LinkTarget") == ERROR_SUCCESS, "... leaving the target");
}

/* ---- Change notifications ------------------------------------------------ */

static void check_notify_async(void)
{
    HKEY key = create(test_root, L"Notify", 0, NULL), sub, deep;
    HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);
    LONG err;

    err = RegNotifyChangeKeyValue(key, FALSE, REG_NOTIFY_CHANGE_NAME, event, TRUE);
    OKF(err == ERROR_SUCCESS, "RegNotifyChangeKeyValue arms a notification", "err %ld", err);
    OK(!signaled(event, 0), "... which has not fired yet");
    set_dword(key, L"v", 1);
    OK(!signaled(event, 50), "a value change does not fire a name-change watch");
    sub = create(key, L"Sub", 0, NULL);
    OK(signaled(event, 1000), "creating a subkey fires it");

    RegNotifyChangeKeyValue(key, FALSE, REG_NOTIFY_CHANGE_LAST_SET, event, TRUE);
    deep = create(sub, L"Deep", 0, NULL);
    set_dword(deep, L"v", 1);
    OK(!signaled(event, 50), "without the subtree flag a grandchild's change is not seen");
    RegCloseKey(key);
    OK(signaled(event, 1000), "closing the key fires what is pending");

    RegOpenKeyExW(test_root, L"Notify", 0, KEY_NOTIFY | KEY_READ, &key);
    err = RegNotifyChangeKeyValue(key, TRUE, REG_NOTIFY_CHANGE_LAST_SET, event, TRUE);
    set_dword(deep, L"v", 2);
    OKF(!err && signaled(event, 1000), "with the subtree flag a grandchild's change fires",
        "err %ld", err);
    RegCloseKey(deep);
    RegCloseKey(sub);
    RegDeleteKeyW(test_root, L"Notify\\Sub\\Deep");
    RegDeleteKeyW(test_root, L"Notify\\Sub");
    RegCloseKey(key);
    RegDeleteKeyW(test_root, L"Notify");
    CloseHandle(event);
}

static DWORD WINAPI change_later(void *arg)
{
    Sleep(100);
    set_dword((HKEY)arg, L"later", 1);
    return 0;
}

static void check_notify_sync(void)
{
    HKEY key = create(test_root, L"NotifySync", 0, NULL);
    HANDLE thread = CreateThread(NULL, 0, change_later, key, 0, NULL);
    double start = tap_now_ms();
    LONG err;

    err = RegNotifyChangeKeyValue(key, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, FALSE);
    double waited = tap_now_ms() - start;
    OKF(err == ERROR_SUCCESS && waited >= 50, "a synchronous notification waits for the change",
        "err %ld after %.0f ms", err, waited);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    RegCloseKey(key);
    RegDeleteKeyW(test_root, L"NotifySync");
}

/* ---- What every process starts with -------------------------------------- */

static void check_defaults(void)
{
    WCHAR buf[256];
    DWORD size = sizeof(buf), type;
    HKEY key;
    LONG err;

    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\Microsoft\\Windows NT\\CurrentVersion", 0,
                        KEY_READ, &key);
    if (!err) {
        err = RegQueryValueExW(key, L"CurrentVersion", NULL, &type, (BYTE *)buf, &size);
        RegCloseKey(key);
    }
    OKF(!err && type == REG_SZ && buf[1] == '.',
        "HKLM\\...\\Windows NT\\CurrentVersion has CurrentVersion",
        "err %ld", err);
    err = RegOpenKeyExW(HKEY_LOCAL_MACHINE,
                        L"System\\CurrentControlSet\\Control\\Session Manager\\Environment", 0,
                        KEY_READ, &key);
    size = sizeof(buf);
    if (!err) {
        err = RegQueryValueExW(key, L"ComSpec", NULL, &type, (BYTE *)buf, &size);
        RegCloseKey(key);
    }
    OKF(!err && type == REG_EXPAND_SZ,
        "Session Manager\\Environment (through CurrentControlSet) has ComSpec",
        "err %ld", err);
    err = RegOpenKeyExW(HKEY_CLASSES_ROOT, NULL, 0, KEY_READ, &key);
    OKF(err == ERROR_SUCCESS, "HKEY_CLASSES_ROOT opens", "err %ld", err);
    RegCloseKey(key);
    err = RegOpenKeyExW(HKEY_CURRENT_USER, L"Environment", 0, KEY_READ, &key);
    OKF(err == ERROR_SUCCESS, "HKCU\\Environment exists", "err %ld", err);
    RegCloseKey(key);
}

/* ---- Setup --------------------------------------------------------------- */

static void remove_test_root(void)
{
    HKEY key;
    if (!RegOpenKeyExW(HKEY_CURRENT_USER, TEST_ROOT, 0, KEY_ALL_ACCESS, &key)) {
        RegDeleteTreeW(key, NULL);
        RegCloseKey(key);
        RegDeleteKeyW(HKEY_CURRENT_USER, TEST_ROOT);
    }
}

int main(void)
{
    load_functions();
    remove_test_root();
    test_root = create(HKEY_CURRENT_USER, TEST_ROOT, 0, NULL);
    if (!OK(test_root != NULL, "the test key is created under HKCU"))
        return tap_done();

    check_create_open();
    check_nt_name();
    check_volatile();
    check_access();
    check_values();
    check_big_value();
    check_nt_value_buffers();
    check_enum_keys();
    check_enum_values();
    check_query_info();
    check_delete();
    check_rename();
    check_links();
    check_notify_async();
    check_notify_sync();
    check_defaults();

    RegCloseKey(test_root);
    remove_test_root();
    return tap_done();
}

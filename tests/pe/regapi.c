/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regapi.exe - the Reg* API under load and at its edges: every value
 * type (a 1.5 MiB value among them), the exact ERROR_MORE_DATA sizes,
 * case-insensitive non-ASCII names, volatile keys, symbolic links,
 * deleting keys with subkeys, keys deleted under open handles, change
 * notifications from other threads, and several threads creating,
 * writing, reading, enumerating and deleting at once.
 *
 * Everything happens under HKCU\Software\KeepRegApiTest, removed at the
 * start (a stock Wine prefix keeps what a failed run left) and at the
 * end.  The same program passes on stock Wine (tests/pe/run-pe-test.sh
 * with KEEP_RUNNER=/usr/lib/wine/wine64).
 */
#define _WIN32_WINNT 0x0601
#include "tap.h"
#include <string.h>
#include <wchar.h>

#define TEST_ROOT L"Software\\KeepRegApiTest"

static HKEY root;

static HKEY mkkey(HKEY parent, const WCHAR *name, DWORD options, LONG *err)
{
    HKEY key = NULL;
    *err = RegCreateKeyExW(parent, name, 0, NULL, options, KEY_ALL_ACCESS, NULL, &key, NULL);
    return key;
}

static int signaled(HANDLE event, DWORD ms)
{
    return WaitForSingleObject(event, ms) == WAIT_OBJECT_0;
}

/* ---- every value type -------------------------------------------------------- */

static void check_types(void)
{
    static const BYTE bin[] = { 0, 1, 2, 0xff };
    static const WCHAR sz[] = L"text";
    static const WCHAR expand[] = L"%SystemRoot%\\x";
    static const WCHAR multi[] = L"one\0two\0\0";
    static const struct { const WCHAR *name; DWORD type; const void *data; DWORD size; } v[] = {
        { L"none", REG_NONE, bin, sizeof(bin) },
        { L"sz", REG_SZ, sz, sizeof(sz) },
        { L"expand", REG_EXPAND_SZ, expand, sizeof(expand) },
        { L"binary", REG_BINARY, bin, sizeof(bin) },
        { L"dword", REG_DWORD, "\x78\x56\x34\x12", 4 },
        { L"bigendian", REG_DWORD_BIG_ENDIAN, "\x12\x34\x56\x78", 4 },
        { L"multi", REG_MULTI_SZ, multi, sizeof(multi) },
        { L"resource", REG_RESOURCE_LIST, bin, sizeof(bin) },
        { L"qword", REG_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08", 8 },
        { L"odd", 0x12345, bin, 3 },
        { L"empty", REG_BINARY, NULL, 0 },
    };
    BYTE buf[64];
    DWORD type, size;
    LONG err;
    int all = 1;

    for (size_t i = 0; i < ARRAYSIZE(v); i++) {
        err = RegSetValueExW(root, v[i].name, 0, v[i].type, v[i].data, v[i].size);
        size = sizeof(buf);
        type = 0xdead;
        LONG qerr = RegQueryValueExW(root, v[i].name, NULL, &type, buf, &size);
        if (err || qerr || type != v[i].type || size != v[i].size ||
            (v[i].size && memcmp(buf, v[i].data, v[i].size))) {
            OKF(0, "value type round trip", "%ls: set %ld query %ld type %lu size %lu",
                v[i].name, err, qerr, type, size);
            all = 0;
        }
    }
    OK(all, "every value type (REG_NONE .. REG_QWORD, 0x12345, empty) comes back as set");

    /* RegGetValue's type filters and conversions */
    ULONGLONG q = 0;
    size = sizeof(q);
    err = RegGetValueW(root, NULL, L"qword", RRF_RT_QWORD, &type, &q, &size);
    OK(!err && type == REG_QWORD && q == 0x0807060504030201ull && size == 8,
       "RegGetValue RRF_RT_QWORD reads the REG_QWORD");
    size = sizeof(q);
    err = RegGetValueW(root, NULL, L"qword", RRF_RT_REG_DWORD, &type, &q, &size);
    OKF(err == ERROR_UNSUPPORTED_TYPE, "RegGetValue with the wrong type filter fails",
        "err %ld", err);
    WCHAR wbuf[32];
    size = sizeof(wbuf);
    err = RegGetValueW(root, NULL, L"multi", RRF_RT_REG_MULTI_SZ, &type, wbuf, &size);
    OK(!err && type == REG_MULTI_SZ && size == sizeof(multi) && !memcmp(wbuf, multi, size),
       "RegGetValue RRF_RT_REG_MULTI_SZ reads both strings and the final NUL");

    /* a REG_SZ without its NUL: RegGetValue terminates it, RegQueryValueEx does not */
    /* (a NUL right after the data would be counted in by RegSetValueEx) */
    err = RegSetValueExW(root, L"nonul", 0, REG_SZ, (const BYTE *)L"abcd", 6);
    size = sizeof(wbuf);
    memset(wbuf, 0x55, sizeof(wbuf));
    err = RegQueryValueExW(root, L"nonul", NULL, &type, (BYTE *)wbuf, &size);
    OKF(!err && size == 6 && !memcmp(wbuf, L"abc", 6), "RegQueryValueEx returns the 6 bytes stored",
        "err %ld size %lu %04x %04x %04x %04x", err, size, wbuf[0], wbuf[1], wbuf[2], wbuf[3]);
    size = sizeof(wbuf);
    err = RegGetValueW(root, NULL, L"nonul", RRF_RT_REG_SZ, &type, wbuf, &size);
    OKF(!err && size == 6 && !wcscmp(wbuf, L"abc"),
        "RegGetValue terminates the string in the buffer (and reports the 6 bytes)",
        "err %ld size %lu %04x %04x %04x %04x", err, size, wbuf[0], wbuf[1], wbuf[2], wbuf[3]);
}

/* ---- sizes ---------------------------------------------------------------------- */

static void check_sizes(void)
{
    static const WCHAR text[] = L"0123456789";     /* 22 bytes with the NUL */
    BYTE buf[64];
    char abuf[64];
    DWORD size, type, nlen;
    WCHAR name[8];
    LONG err;

    RegSetValueExW(root, L"size", 0, REG_SZ, (const BYTE *)text, sizeof(text));
    size = 0;
    err = RegQueryValueExW(root, L"size", NULL, &type, NULL, &size);
    OK(!err && size == 22, "no buffer: success and the size (22)");
    size = 10;
    err = RegQueryValueExW(root, L"size", NULL, &type, buf, &size);
    OKF(err == ERROR_MORE_DATA && size == 22, "a short buffer: ERROR_MORE_DATA and the size",
        "err %ld size %lu", err, size);
    size = 22;
    err = RegQueryValueExW(root, L"size", NULL, &type, buf, &size);
    OK(!err && size == 22, "an exact buffer is enough");
    size = sizeof(abuf);
    err = RegQueryValueExA(root, "size", NULL, &type, (BYTE *)abuf, &size);
    OK(!err && size == 11 && !strcmp(abuf, "0123456789"), "the ANSI size counts bytes (11)");
    size = 5;
    err = RegQueryValueExA(root, "size", NULL, &type, (BYTE *)abuf, &size);
    OKF(err == ERROR_MORE_DATA && size == 11, "a short ANSI buffer: ERROR_MORE_DATA and 11",
        "err %ld size %lu", err, size);

    /* enumeration: names are counted in characters without the NUL */
    HKEY e = mkkey(root, L"enumsize", 0, &err);
    RegSetValueExW(e, L"abcdefgh", 0, REG_DWORD, (const BYTE *)"\1\0\0\0", 4);
    nlen = 8;
    err = RegEnumValueW(e, 0, name, &nlen, NULL, NULL, NULL, NULL);
    OKF(err == ERROR_MORE_DATA, "RegEnumValue: no room for the NUL is ERROR_MORE_DATA",
        "err %ld nlen %lu", err, nlen);
    WCHAR big[16];
    nlen = 16;
    size = 2;
    err = RegEnumValueW(e, 0, big, &nlen, NULL, &type, buf, &size);
    OKF(err == ERROR_MORE_DATA && size == 4, "RegEnumValue: short data gives its size",
        "err %ld size %lu", err, size);
    nlen = 16;
    size = sizeof(buf);
    err = RegEnumValueW(e, 0, big, &nlen, NULL, &type, buf, &size);
    OK(!err && nlen == 8 && !wcscmp(big, L"abcdefgh") && size == 4 && type == REG_DWORD,
       "RegEnumValue: name length 8, data 4 bytes");
    HKEY sub = mkkey(e, L"subkey12", 0, &err);
    RegCloseKey(sub);
    nlen = 8;
    err = RegEnumKeyExW(e, 0, name, &nlen, NULL, NULL, NULL, NULL);
    OKF(err == ERROR_MORE_DATA, "RegEnumKeyEx: no room for the NUL is ERROR_MORE_DATA",
        "err %ld", err);
    nlen = 16;
    err = RegEnumKeyExW(e, 0, big, &nlen, NULL, NULL, NULL, NULL);
    OK(!err && nlen == 8 && !wcscmp(big, L"subkey12"), "RegEnumKeyEx: 8 characters");
    nlen = 16;
    err = RegEnumKeyExW(e, 1, big, &nlen, NULL, NULL, NULL, NULL);
    OK(err == ERROR_NO_MORE_ITEMS, "RegEnumKeyEx past the end: ERROR_NO_MORE_ITEMS");
    DWORD subkeys, maxsub, values, maxname, maxdata;
    err = RegQueryInfoKeyW(e, NULL, NULL, NULL, &subkeys, &maxsub, NULL, &values, &maxname,
                           &maxdata, NULL, NULL);
    OK(!err && subkeys == 1 && maxsub == 8 && values == 1 && maxname == 8 && maxdata == 4,
       "RegQueryInfoKey: counts and longest name and data");
    RegDeleteKeyW(e, L"subkey12");
    RegCloseKey(e);
    RegDeleteKeyW(root, L"enumsize");
}

/* ---- a 1.5 MiB value ---------------------------------------------------------------- */

static void check_big(void)
{
    const DWORD n = 3 * 512 * 1024 + 7;
    BYTE *data = HeapAlloc(GetProcessHeap(), 0, n), *back = HeapAlloc(GetProcessHeap(), 0, n);
    DWORD size, type;
    LONG err;

    for (DWORD i = 0; i < n; i++)
        data[i] = (BYTE)(i * 31 + (i >> 13));
    err = RegSetValueExW(root, L"big", 0, REG_BINARY, data, n);
    OK(!err, "a 1.5 MiB value is stored");
    size = 1000;
    err = RegQueryValueExW(root, L"big", NULL, &type, back, &size);
    OKF(err == ERROR_MORE_DATA && size == n, "a short buffer learns the 1.5 MiB size",
        "err %ld size %lu", err, size);
    size = n;
    memset(back, 0, n);
    err = RegQueryValueExW(root, L"big", NULL, &type, back, &size);
    OK(!err && size == n && type == REG_BINARY && !memcmp(back, data, n),
       "the 1.5 MiB value reads back byte for byte");
    /* a big REG_MULTI_SZ of many strings */
    WCHAR *multi = (WCHAR *)data;
    DWORD o = 0;
    for (int i = 0; i < 20000; i++)
        o += (DWORD)swprintf(multi + o, 32, L"string %d", i) + 1;
    multi[o++] = 0;
    err = RegSetValueExW(root, L"bigmulti", 0, REG_MULTI_SZ, data, o * 2);
    size = n;
    err = err ? err : RegQueryValueExW(root, L"bigmulti", NULL, &type, back, &size);
    OK(!err && size == o * 2 && type == REG_MULTI_SZ && !memcmp(back, data, size),
       "a REG_MULTI_SZ of 20000 strings reads back whole");
    RegDeleteValueW(root, L"big");
    RegDeleteValueW(root, L"bigmulti");
    HeapFree(GetProcessHeap(), 0, data);
    HeapFree(GetProcessHeap(), 0, back);
}

/* ---- names: case-insensitive beyond ASCII ---------------------------------------------- */

static void check_case(void)
{
    HKEY upper, lower, k;
    DWORD disp, v = 0, size = sizeof(v);
    LONG err;

    err = RegCreateKeyExW(root, L"\u00c4\u00d6\u00dc-Key", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                          &upper, &disp);
    OK(!err && disp == REG_CREATED_NEW_KEY, "create \"ÄÖÜ-Key\"");
    err = RegCreateKeyExW(root, L"\u00e4\u00f6\u00fc-kEY", 0, NULL, 0, KEY_ALL_ACCESS, NULL,
                          &lower, &disp);
    OK(!err && disp == REG_OPENED_EXISTING_KEY, "creating \"äöü-kEY\" opens \"ÄÖÜ-Key\"");
    RegSetValueExW(upper, L"\u0393\u03b5\u03b9\u03ac", 0, REG_DWORD, (const BYTE *)"\7\0\0\0", 4);
    err = RegQueryValueExW(lower, L"\u03b3\u0395\u0399\u0386", NULL, NULL, (BYTE *)&v, &size);
    OK(!err && v == 7, "value \"Γειά\" is found as \"γΕΙΆ\" (Greek folds too)");
    err = RegOpenKeyExW(root, L"\u00c4\u00d6\u00dc-key", 0, KEY_READ, &k);
    if (!err)
        RegCloseKey(k);
    OK(!err, "RegOpenKeyEx finds it in another case");
    err = RegOpenKeyExW(root, L"AOU-Key", 0, KEY_READ, &k);
    OK(err == ERROR_FILE_NOT_FOUND, "\"AOU-Key\" is a different name");
    /* the upcase table maps ß to itself, so "ß" and "SS" differ */
    RegSetValueExW(upper, L"stra\u00dfe", 0, REG_DWORD, (const BYTE *)"\1\0\0\0", 4);
    err = RegQueryValueExW(upper, L"STRASSE", NULL, NULL, NULL, NULL);
    OK(err == ERROR_FILE_NOT_FOUND, "\"straße\" is not \"STRASSE\"");
    WCHAR name[32];
    DWORD nlen = 32;
    int found = 0;
    for (DWORD i = 0; !RegEnumKeyExW(root, i, name, &nlen, NULL, NULL, NULL, NULL); i++, nlen = 32)
        found |= !wcscmp(name, L"\u00c4\u00d6\u00dc-Key");
    OK(found, "enumeration gives the name as first created");
    RegCloseKey(upper);
    RegCloseKey(lower);
    OK(!RegDeleteKeyW(root, L"\u00e4\u00f6\u00fc-KEY"), "deleted by another case");
}

/* ---- volatile keys, deletion rules, deleted keys ------------------------------------------ */

static void check_volatile_and_delete(void)
{
    LONG err, err2;
    HKEY vol = mkkey(root, L"vol", REG_OPTION_VOLATILE, &err);
    OK(!err, "a volatile key");
    HKEY k = mkkey(vol, L"stable", REG_OPTION_NON_VOLATILE, &err2);
    OKF(err2 == ERROR_CHILD_MUST_BE_VOLATILE, "no non-volatile key under a volatile one",
        "err %ld", err2);
    if (k)
        RegCloseKey(k);
    k = mkkey(vol, L"volchild", REG_OPTION_VOLATILE, &err2);
    OK(!err2, "a volatile key under a volatile one");
    RegCloseKey(k);

    err = RegDeleteKeyW(root, L"vol");
    OKF(err == ERROR_ACCESS_DENIED, "a key with subkeys cannot be deleted", "err %ld", err);
    OK(!RegDeleteKeyW(vol, L"volchild"), "its subkey can");
    RegSetValueExW(vol, L"v", 0, REG_DWORD, (const BYTE *)"\1\0\0\0", 4);
    OK(!RegDeleteKeyW(root, L"vol"), "then the key itself");
    err = RegSetValueExW(vol, L"v", 0, REG_DWORD, (const BYTE *)"\2\0\0\0", 4);
    OKF(err == ERROR_KEY_DELETED, "a handle to a deleted key: ERROR_KEY_DELETED", "err %ld", err);
    err = RegQueryValueExW(vol, L"v", NULL, NULL, NULL, NULL);
    OKF(err == ERROR_KEY_DELETED, "querying it too", "err %ld", err);
    HKEY sub;
    err = RegCreateKeyExW(vol, L"x", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    OKF(err == ERROR_KEY_DELETED, "and creating under it", "err %ld", err);
    RegCloseKey(vol);

    /* RegDeleteTree removes a whole tree */
    HKEY t = mkkey(root, L"tree\\a\\b\\c", 0, &err);
    RegCloseKey(t);
    t = mkkey(root, L"tree\\a\\d", 0, &err);
    RegCloseKey(t);
    OK(!RegDeleteTreeW(root, L"tree"), "RegDeleteTree");
    OK(RegOpenKeyExW(root, L"tree", 0, KEY_READ, &t) == ERROR_FILE_NOT_FOUND, "the tree is gone");
}

/* ---- symbolic links ---------------------------------------------------------------------------- */

typedef LONG (WINAPI *NtQueryKey_t)(HANDLE, int, void *, ULONG, ULONG *);
typedef LONG (WINAPI *NtDeleteKey_t)(HANDLE);

static void check_links(void)
{
    NtQueryKey_t pNtQueryKey =
        (NtQueryKey_t)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQueryKey");
    NtDeleteKey_t pNtDeleteKey =
        (NtDeleteKey_t)(void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtDeleteKey");
    struct { ULONG len; WCHAR name[512]; } info;
    ULONG len;
    LONG err;

    HKEY target = mkkey(root, L"target", 0, &err);
    RegSetValueExW(target, L"here", 0, REG_DWORD, (const BYTE *)"\5\0\0\0", 4);
    /* the target's full NT name, \REGISTRY\USER\<sid>\Software\... */
    memset(&info, 0, sizeof(info));
    LONG st = pNtQueryKey(target, 3 /* KeyNameInformation */, &info, sizeof(info), &len);
    OK(!st && info.len > 0, "NtQueryKey gives the target's NT name");
    HKEY link = NULL;
    err = RegCreateKeyExW(root, L"link", 0, NULL, REG_OPTION_CREATE_LINK | REG_OPTION_VOLATILE,
                          KEY_ALL_ACCESS, NULL, &link, NULL);
    OK(!err, "create a link key");
    err = RegSetValueExW(link, L"SymbolicLinkValue", 0, REG_LINK, (const BYTE *)info.name,
                         info.len);
    OK(!err, "give it its SymbolicLinkValue");
    RegCloseKey(link);
    HKEY through;
    DWORD v = 0, size = sizeof(v);
    err = RegOpenKeyExW(root, L"link", 0, KEY_READ, &through);
    err = err ? err : RegQueryValueExW(through, L"here", NULL, NULL, (BYTE *)&v, &size);
    OK(!err && v == 5, "opening the link opens the target");
    if (!err)
        RegCloseKey(through);
    err = RegOpenKeyExW(root, L"link", REG_OPTION_OPEN_LINK, KEY_ALL_ACCESS, &link);
    OK(!err, "REG_OPTION_OPEN_LINK opens the link itself");
    size = 0;
    DWORD type = 0;
    err = RegQueryValueExW(link, L"SymbolicLinkValue", NULL, &type, NULL, &size);
    OK(!err && type == REG_LINK && size == info.len, "which holds its REG_LINK value");
    OK(!pNtDeleteKey(link), "NtDeleteKey deletes the link");
    RegCloseKey(link);
    OK(RegOpenKeyExW(target, NULL, 0, KEY_READ, &through) == 0, "the target is still there");
    RegCloseKey(through);
    RegCloseKey(target);
    RegDeleteKeyW(root, L"target");
}

/* ---- notifications from another thread ------------------------------------------------------------ */

struct change_job {
    HKEY key;
    int what;       /* 0 set a value, 1 create a subkey, 2 set in a subkey */
};

static DWORD WINAPI change_later(void *arg)
{
    struct change_job *job = arg;
    HKEY k;
    LONG err;

    Sleep(50);
    if (job->what == 0) {
        RegSetValueExW(job->key, L"changed", 0, REG_DWORD, (const BYTE *)"\1\0\0\0", 4);
    } else if (job->what == 1) {
        k = mkkey(job->key, L"newsub", 0, &err);
        RegCloseKey(k);
    } else {
        k = mkkey(job->key, L"deep\\deeper", 0, &err);
        RegSetValueExW(k, L"x", 0, REG_DWORD, (const BYTE *)"\1\0\0\0", 4);
        RegCloseKey(k);
    }
    return 0;
}

/*
 * Watch key through a handle of its own (a handle keeps the filter of its
 * first watch, on Windows and Wine alike) while another thread changes it.
 * 1 if the event was signaled, 0 if not, -1 if the watch failed.
 */
static int notify_case(HKEY key, BOOL subtree, DWORD filter, int what)
{
    HANDLE event = CreateEventW(NULL, FALSE, FALSE, NULL);
    struct change_job job = { key, what };
    HKEY watched;
    LONG err = RegOpenKeyExW(key, NULL, 0, KEY_NOTIFY, &watched);
    if (err)
        return -1;
    err = RegNotifyChangeKeyValue(watched, subtree, filter, event, TRUE);
    HANDLE t = CreateThread(NULL, 0, change_later, &job, 0, NULL);
    int got = !err && signaled(event, 2000);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    CloseHandle(event);
    RegCloseKey(watched);
    return err ? -1 : got;
}

static void check_notify(void)
{
    LONG err;
    HKEY k = mkkey(root, L"notify", 0, &err);

    int r = notify_case(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, 0);
    OKF(r == 1, "a value set by another thread signals a LAST_SET watch", "%d", r);
    r = notify_case(k, FALSE, REG_NOTIFY_CHANGE_NAME, 1);
    OKF(r == 1, "a subkey created by another thread signals a NAME watch", "%d", r);
    r = notify_case(k, TRUE, REG_NOTIFY_CHANGE_LAST_SET, 2);
    OKF(r == 1, "a value set two levels down signals a subtree watch", "%d", r);
    r = notify_case(k, FALSE, REG_NOTIFY_CHANGE_NAME, 0);
    OKF(r == 0, "a value set does not signal a NAME-only watch", "%d", r);

    /* a synchronous watch, released by another thread's change */
    HANDLE t;
    struct change_job job = { k, 0 };
    RegDeleteValueW(k, L"changed");
    t = CreateThread(NULL, 0, change_later, &job, 0, NULL);
    double t0 = tap_now_ms();
    err = RegNotifyChangeKeyValue(k, FALSE, REG_NOTIFY_CHANGE_LAST_SET, NULL, FALSE);
    double waited = tap_now_ms() - t0;
    OKF(!err && waited >= 20, "a synchronous watch returns after the other thread's change",
        "err %ld waited %.1f ms", err, waited);
    WaitForSingleObject(t, INFINITE);
    CloseHandle(t);
    RegDeleteTreeW(root, L"notify");
    RegCloseKey(k);
}

/* ---- several threads at once ------------------------------------------------------------------------ */

#define THREADS 6
#define PER_THREAD 150

static DWORD WINAPI worker(void *arg)
{
    int id = (int)(INT_PTR)arg;
    WCHAR name[64];
    HKEY mine, k;
    LONG err;
    DWORD bad = 0;

    swprintf(name, 64, L"thread%d", id);
    if (!(mine = mkkey(root, name, 0, &err)))
        return 1000;
    for (int i = 0; i < PER_THREAD; i++) {
        DWORD v = (DWORD)(id * 100000 + i), back = 0, size = sizeof(back);
        swprintf(name, 64, L"key%03d", i);
        if (!(k = mkkey(mine, name, 0, &err))) {
            bad++;
            continue;
        }
        bad += RegSetValueExW(k, L"v", 0, REG_DWORD, (const BYTE *)&v, 4) != 0;
        bad += RegQueryValueExW(k, L"v", NULL, NULL, (BYTE *)&back, &size) != 0 || back != v;
        /* and the shared root, which every thread writes */
        swprintf(name, 64, L"t%d_%d", id, i);
        bad += RegSetValueExW(root, name, 0, REG_DWORD, (const BYTE *)&v, 4) != 0;
        RegCloseKey(k);
    }
    DWORD n = 0;
    WCHAR sub[32];
    for (DWORD len = 32; !RegEnumKeyExW(mine, n, sub, &len, NULL, NULL, NULL, NULL); len = 32)
        n++;
    bad += n != PER_THREAD;
    for (int i = 0; i < PER_THREAD; i++) {
        swprintf(name, 64, L"key%03d", i);
        bad += RegDeleteKeyW(mine, name) != 0;
    }
    RegCloseKey(mine);
    swprintf(name, 64, L"thread%d", id);
    bad += RegDeleteKeyW(root, name) != 0;
    return bad;
}

static void check_threads(void)
{
    HANDLE t[THREADS];
    DWORD bad = 0, code;

    for (int i = 0; i < THREADS; i++)
        t[i] = CreateThread(NULL, 0, worker, (void *)(INT_PTR)i, 0, NULL);
    WaitForMultipleObjects(THREADS, t, TRUE, INFINITE);
    for (int i = 0; i < THREADS; i++) {
        GetExitCodeThread(t[i], &code);
        bad += code;
        CloseHandle(t[i]);
    }
    OKF(bad == 0, "6 threads create, set, query, enumerate and delete 150 keys each",
        "%lu failures", bad);
    DWORD values = 0;
    RegQueryInfoKeyW(root, NULL, NULL, NULL, NULL, NULL, NULL, &values, NULL, NULL, NULL, NULL);
    OKF(values >= THREADS * PER_THREAD, "every thread's value in the shared key is there",
        "%lu values", values);
    int ok = 1;
    for (int id = 0; id < THREADS && ok; id++)
        for (int i = 0; i < PER_THREAD && ok; i++) {
            WCHAR name[32];
            DWORD v = 0, size = 4;
            swprintf(name, 32, L"t%d_%d", id, i);
            ok = !RegQueryValueExW(root, name, NULL, NULL, (BYTE *)&v, &size) &&
                 v == (DWORD)(id * 100000 + i);
        }
    OK(ok, "with the right data");
}

int main(void)
{
    LONG err;

    RegDeleteTreeW(HKEY_CURRENT_USER, TEST_ROOT);
    err = RegCreateKeyExW(HKEY_CURRENT_USER, TEST_ROOT, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &root,
                          NULL);
    if (!OK(!err, "create the test root"))
        return tap_done();
    check_types();
    check_sizes();
    check_big();
    check_case();
    check_volatile_and_delete();
    check_links();
    check_notify();
    check_threads();
    RegCloseKey(root);
    OK(!RegDeleteTreeW(HKEY_CURRENT_USER, TEST_ROOT), "remove the test root");
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regvolatile.exe - volatile registry keys are the machine's, not the
 * process's: every process of the instance sees them while it runs.
 *
 *   regvolatile            make a volatile key, start "regvolatile child"
 *                          (CreateProcess), which reads it and adds to it;
 *                          check what the child did; then start "regvolatile
 *                          piped", set a value and tell it so through its
 *                          standard input (TAP)
 *   regvolatile piped      read a line from standard input, then exit with
 *                          the value PIPED_KEY "n" (0: none)
 *   regvolatile hold DIR   make a volatile key, create DIR\ready, wait for
 *                          DIR\done (a second keep run reads it meanwhile)
 *   regvolatile see        exit 0 if the key "hold" made is there
 *   regvolatile gone       exit 0 if it is not (the machine started again)
 *   regvolatile notify DIR watch HKCU\Software\keep-notify-test (its values;
 *                          names in its subtree), create DIR\ready, exit 0
 *                          once both watches fired (not before the poke)
 *   regvolatile poke       set a value there and create deep\new below it
 *   regvolatile fill P N   create HKCU\Software\keep-fill\P-1 .. P-N, each
 *                          with "n" = its number (two run at once)
 *   regvolatile count N    exit 0 if a-1 .. a-N and b-1 .. b-N are all there
 *   regvolatile flushloop  forever: HKCU\Software\keep-crash "n" = the stored
 *                          n + 1, RegFlushKey, then print n (acknowledged);
 *                          killed with kill -9 by the script
 *   regvolatile watch DIR  set HKCU\Software\keep-shell-test "n" = 1 (read
 *                          and flushed), create DIR\ready, then exit 0 once
 *                          it reads 7 there: written meanwhile by the sqlite3
 *                          shell straight into the database
 *
 * tests/reg/volatile.sh runs the modes and checks that the instance's
 * database file never holds a volatile key.  The first mode also passes on
 * stock Wine (one wineserver is one machine).
 */
#include "tap.h"
#include <string.h>
#include <wchar.h>

#define TEST_KEY L"Software\\keep-volatile-test"
#define HOLD_KEY L"Software\\keep-volatile-hold"
#define PIPED_KEY L"Software\\keep-volatile-piped"

/* The child's findings, as bits of its exit code. */
enum {
    CHILD_OPENED = 1,       /* the parent's volatile key is there */
    CHILD_VALUE = 2,        /* with the parent's value */
    CHILD_REFUSED = 4,      /* a non-volatile subkey is refused */
    CHILD_CREATED = 8,      /* a volatile subkey is made */
};
#define CHILD_MARK 0x5eed1e55u   /* what the child writes */

static int child(DWORD parent_pid)
{
    HKEY key, sub;
    DWORD pid = 0, size = sizeof(pid);
    int found = 0;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, TEST_KEY, 0, KEY_ALL_ACCESS, &key))
        return 0;
    found |= CHILD_OPENED;
    if (!RegQueryValueExW(key, L"pid", NULL, NULL, (BYTE *)&pid, &size) && pid == parent_pid)
        found |= CHILD_VALUE;
    if (RegCreateKeyExW(key, L"persistent", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL) ==
        ERROR_CHILD_MUST_BE_VOLATILE)
        found |= CHILD_REFUSED;
    if (!RegCreateKeyExW(key, L"from-child", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL,
                         &sub, NULL)) {
        DWORD mark = CHILD_MARK;
        if (!RegSetValueExW(sub, L"mark", 0, REG_DWORD, (const BYTE *)&mark, sizeof(mark)))
            found |= CHILD_CREATED;
        RegCloseKey(sub);
    }
    RegCloseKey(key);
    return found;
}

static DWORD run_child(void)
{
    WCHAR exe[MAX_PATH], line[MAX_PATH + 64];
    STARTUPINFOW si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    GetModuleFileNameW(NULL, exe, MAX_PATH);
    swprintf(line, ARRAYSIZE(line), L"\"%ls\" child %lu", exe, GetCurrentProcessId());
    if (!CreateProcessW(exe, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
        return 0xffffffff;
    WaitForSingleObject(pi.hProcess, 60000);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return code;
}

/* The child of the piped mode: it is running before the parent writes, and
 * looks the moment the parent's line arrives. */
static int piped(void)
{
    char c = 0;
    DWORD n = 0, got = 0, size = sizeof(n);
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE);

    while (c != '\n' && ReadFile(in, &c, 1, &got, NULL) && got)
        ;
    if (RegGetValueW(HKEY_CURRENT_USER, PIPED_KEY, L"n", RRF_RT_REG_DWORD, NULL, &n, &size))
        return 0;
    return (int)n;
}

/* A registry write is every process's at once: a running child told of it
 * through a pipe reads it (not the value before, nor none). */
static void check_piped(void)
{
    WCHAR exe[MAX_PATH], line[MAX_PATH + 16];
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    STARTUPINFOW si = { .cb = sizeof(si), .dwFlags = STARTF_USESTDHANDLES };
    PROCESS_INFORMATION pi;
    HANDLE rd, wr;
    DWORD n = 100 + GetTickCount() % 100, done = 0, code = 0;
    HKEY key;

    RegDeleteKeyW(HKEY_CURRENT_USER, PIPED_KEY);
    GetModuleFileNameW(NULL, exe, MAX_PATH);
    swprintf(line, ARRAYSIZE(line), L"\"%ls\" piped", exe);
    if (!OKF(CreatePipe(&rd, &wr, &sa, 0), "a pipe for the child", "error %lu", GetLastError()))
        return;
    SetHandleInformation(wr, HANDLE_FLAG_INHERIT, 0);
    si.hStdInput = rd;
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!OKF(CreateProcessW(exe, line, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi),
             "start the piped child", "error %lu", GetLastError()))
        return;
    CloseHandle(rd);
    Sleep(300);     /* the child is up and blocked on its pipe */
    if (!RegCreateKeyExW(HKEY_CURRENT_USER, PIPED_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key,
                         NULL)) {
        RegSetValueExW(key, L"n", 0, REG_DWORD, (const BYTE *)&n, sizeof(n));
        RegCloseKey(key);
    }
    WriteFile(wr, "go\n", 3, &done, NULL);
    CloseHandle(wr);
    WaitForSingleObject(pi.hProcess, 60000);
    GetExitCodeProcess(pi.hProcess, &code);
    OKF(code == n, "a running child told through a pipe reads the value just set",
        "read %lu, set %lu", code, n);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    RegDeleteKeyW(HKEY_CURRENT_USER, PIPED_KEY);
}

static int parent(void)
{
    HKEY key, sub;
    DWORD pid = GetCurrentProcessId(), mark = 0, size = sizeof(mark), disp = 0;
    LONG r;

    RegDeleteTreeW(HKEY_CURRENT_USER, TEST_KEY);
    r = RegCreateKeyExW(HKEY_CURRENT_USER, TEST_KEY, 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS,
                        NULL, &key, &disp);
    if (!OKF(!r && disp == REG_CREATED_NEW_KEY, "create a volatile key", "error %ld", r))
        return tap_done();
    OK(!RegSetValueExW(key, L"pid", 0, REG_DWORD, (const BYTE *)&pid, sizeof(pid)),
       "set a value on it");
    OK(RegCreateKeyExW(key, L"persistent", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL) ==
           ERROR_CHILD_MUST_BE_VOLATILE,
       "a non-volatile key under it is refused");

    DWORD found = run_child();
    OKF(found != 0xffffffff, "start the child", "error %lu", GetLastError());
    OKF(found & CHILD_OPENED, "the child opens the parent's volatile key", "found %#lx", found);
    OK(found & CHILD_VALUE, "and reads the parent's value from it");
    OK(found & CHILD_REFUSED, "the child is refused a non-volatile key under it too");
    OK(found & CHILD_CREATED, "the child makes a volatile subkey");

    r = RegOpenKeyExW(key, L"from-child", 0, KEY_READ, &sub);
    OKF(!r, "the parent sees the child's volatile subkey", "error %ld", r);
    if (!r) {
        r = RegQueryValueExW(sub, L"mark", NULL, NULL, (BYTE *)&mark, &size);
        OKF(!r && mark == CHILD_MARK, "with the child's value", "error %ld, %#lx", r, mark);
        RegCloseKey(sub);
    }
    RegCloseKey(key);
    check_piped();
    return tap_done();
}

/* Does DIR\name exist? */
static int file_exists(const WCHAR *dir, const WCHAR *name)
{
    WCHAR path[MAX_PATH];
    swprintf(path, MAX_PATH, L"%ls\\%ls", dir, name);
    return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static int hold(const WCHAR *dir)
{
    WCHAR path[MAX_PATH];
    HKEY key;
    HANDLE f;

    RegDeleteKeyW(HKEY_CURRENT_USER, HOLD_KEY);
    if (RegCreateKeyExW(HKEY_CURRENT_USER, HOLD_KEY, 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS,
                        NULL, &key, NULL))
        return 2;
    RegFlushKey(key);
    swprintf(path, MAX_PATH, L"%ls\\ready", dir);
    f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return 3;
    CloseHandle(f);
    for (int i = 0; i < 1200 && !file_exists(dir, L"done"); i++)
        Sleep(50);
    RegCloseKey(key);
    return file_exists(dir, L"done") ? 0 : 4;
}

static int watch(const WCHAR *dir)
{
    WCHAR path[MAX_PATH];
    DWORD n = 1, size;
    HKEY key;
    HANDLE f;

    if (RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\keep-shell-test", 0, NULL, 0,
                        KEY_ALL_ACCESS, NULL, &key, NULL) ||
        RegSetValueExW(key, L"n", 0, REG_DWORD, (const BYTE *)&n, sizeof(n)) || RegFlushKey(key))
        return 2;
    swprintf(path, MAX_PATH, L"%ls\\ready", dir);
    f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return 3;
    CloseHandle(f);
    /* the value is cached now: only a noticed outside commit changes it */
    for (int i = 0; i < 600 && n != 7; i++) {
        size = sizeof(n);
        if (RegQueryValueExW(key, L"n", NULL, NULL, (BYTE *)&n, &size))
            return 4;
        if (n != 7)
            Sleep(50);
    }
    RegCloseKey(key);
    return n == 7 ? 0 : 5;
}

#define NOTIFY_KEY L"Software\\keep-notify-test"

static int touch_ready(const WCHAR *dir)
{
    WCHAR path[MAX_PATH];
    HANDLE f;

    swprintf(path, MAX_PATH, L"%ls\\ready", dir);
    f = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (f == INVALID_HANDLE_VALUE)
        return 0;
    CloseHandle(f);
    return 1;
}

static int notify(const WCHAR *dir)
{
    HANDLE values = CreateEventW(NULL, TRUE, FALSE, NULL), names = CreateEventW(NULL, TRUE, FALSE, NULL);
    HKEY key, deep, key2;

    RegDeleteTreeW(HKEY_CURRENT_USER, NOTIFY_KEY);
    if (RegCreateKeyExW(HKEY_CURRENT_USER, NOTIFY_KEY, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key,
                        NULL) ||
        RegCreateKeyExW(key, L"deep", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &deep, NULL) ||
        RegFlushKey(key) ||
        RegOpenKeyExW(HKEY_CURRENT_USER, NOTIFY_KEY, 0, KEY_NOTIFY, &key2))
        return 2;
    RegCloseKey(deep);
    if (RegNotifyChangeKeyValue(key, FALSE, REG_NOTIFY_CHANGE_LAST_SET, values, TRUE) ||
        RegNotifyChangeKeyValue(key2, TRUE, REG_NOTIFY_CHANGE_NAME, names, TRUE))
        return 3;
    Sleep(300);
    if (WaitForSingleObject(values, 0) == WAIT_OBJECT_0 ||
        WaitForSingleObject(names, 0) == WAIT_OBJECT_0)
        return 4;   /* fired with nobody changing anything */
    if (!touch_ready(dir))
        return 5;
    HANDLE both[2] = { values, names };
    return WaitForMultipleObjects(2, both, TRUE, 30000) == WAIT_OBJECT_0 ? 0 : 6;
}

static int poke(void)
{
    HKEY key, sub;
    DWORD one = 1;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, NOTIFY_KEY, 0, KEY_ALL_ACCESS, &key) ||
        RegSetValueExW(key, L"v", 0, REG_DWORD, (const BYTE *)&one, sizeof(one)) ||
        RegCreateKeyExW(key, L"deep\\new", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL))
        return 1;
    RegCloseKey(sub);
    RegCloseKey(key);
    return 0;
}

static int fill(const WCHAR *prefix, int n)
{
    WCHAR path[128];
    HKEY key;

    for (DWORD i = 1; i <= (DWORD)n; i++) {
        swprintf(path, ARRAYSIZE(path), L"Software\\keep-fill\\%ls-%lu", prefix, i);
        if (RegCreateKeyExW(HKEY_CURRENT_USER, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL))
            return 2;
        if (RegSetValueExW(key, L"n", 0, REG_DWORD, (const BYTE *)&i, sizeof(i)))
            return 3;
        RegCloseKey(key);
    }
    return 0;
}

static int count(int n)
{
    WCHAR path[128];
    DWORD v, size;

    for (int p = 0; p < 2; p++)
        for (DWORD i = 1; i <= (DWORD)n; i++) {
            swprintf(path, ARRAYSIZE(path), L"Software\\keep-fill\\%ls-%lu", p ? L"b" : L"a", i);
            size = sizeof(v);
            if (RegGetValueW(HKEY_CURRENT_USER, path, L"n", RRF_RT_REG_DWORD, NULL, &v, &size) ||
                v != i)
                return 1;
        }
    return 0;
}

static int flushloop(void)
{
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD n = 0, size = sizeof(n), done;
    char line[32];
    HKEY key;

    if (RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\keep-crash", 0, NULL, 0, KEY_ALL_ACCESS,
                        NULL, &key, NULL))
        return 2;
    RegQueryValueExW(key, L"n", NULL, NULL, (BYTE *)&n, &size);
    for (;;) {
        n++;
        if (RegSetValueExW(key, L"n", 0, REG_DWORD, (const BYTE *)&n, sizeof(n)) ||
            RegFlushKey(key))
            return 3;
        int len = snprintf(line, sizeof(line), "%lu\n", n);
        WriteFile(out, line, (DWORD)len, &done, NULL);
    }
}

static int key_exists(const WCHAR *path)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ, &key))
        return 0;
    RegCloseKey(key);
    return 1;
}

int wmain(int argc, WCHAR **argv)
{
    if (argc >= 3 && !wcscmp(argv[1], L"child"))
        return child(wcstoul(argv[2], NULL, 10));
    if (argc >= 3 && !wcscmp(argv[1], L"hold"))
        return hold(argv[2]);
    if (argc >= 4 && !wcscmp(argv[1], L"fill"))
        return fill(argv[2], (int)wcstol(argv[3], NULL, 10));
    if (argc >= 3 && !wcscmp(argv[1], L"count"))
        return count((int)wcstol(argv[2], NULL, 10));
    if (argc >= 2 && !wcscmp(argv[1], L"flushloop"))
        return flushloop();
    if (argc >= 3 && !wcscmp(argv[1], L"notify"))
        return notify(argv[2]);
    if (argc >= 2 && !wcscmp(argv[1], L"poke"))
        return poke();
    if (argc >= 3 && !wcscmp(argv[1], L"watch"))
        return watch(argv[2]);
    if (argc >= 2 && !wcscmp(argv[1], L"piped"))
        return piped();
    if (argc >= 2 && !wcscmp(argv[1], L"see"))
        return key_exists(HOLD_KEY) ? 0 : 1;
    if (argc >= 2 && !wcscmp(argv[1], L"gone"))
        return key_exists(HOLD_KEY) || key_exists(TEST_KEY) ? 1 : 0;
    return parent();
}

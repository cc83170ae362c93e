/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reghive.exe - saving a key to a file and loading it back as a hive:
 * RegSaveKey, RegLoadKey (mounted under HKEY_USERS), changes kept by
 * RegUnLoadKey, volatile keys not saved, a damaged file refused.
 *
 * These are Windows' rules.  Stock Wine 8.0 fails two checks: it does not
 * write a loaded hive back to its file on unload, and it leaves a key
 * behind when a damaged file is refused.
 */
#include "tap.h"
#include "privilege.h"
#include <string.h>

static DWORD get_dword(HKEY root, const WCHAR *path, const WCHAR *name)
{
    DWORD v = 0xdead, size = sizeof(v);
    return RegGetValueW(root, path, name, RRF_RT_REG_DWORD, NULL, &v, &size) ? 0xdead : v;
}

static void make_tree(HKEY *key)
{
    HKEY sub, vol;
    DWORD seven = 7;
    BYTE bin[3] = { 1, 2, 3 };

    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\keep-hive-test");
    OK(!RegCreateKeyExW(HKEY_CURRENT_USER, L"Software\\keep-hive-test", 0, NULL, 0, KEY_ALL_ACCESS,
                        NULL, key, NULL), "create the key to save");
    RegSetValueExW(*key, L"s", 0, REG_SZ, (const BYTE *)L"hello", 12);
    RegSetValueExW(*key, L"bin", 0, REG_BINARY, bin, sizeof(bin));
    RegSetValueExW(*key, NULL, 0, REG_SZ, (const BYTE *)L"default", 16);
    OK(!RegCreateKeyExW(*key, L"a\\b", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL), "and a\\b below it");
    RegSetValueExW(sub, L"d", 0, REG_DWORD, (const BYTE *)&seven, sizeof(seven));
    RegCloseKey(sub);
    OK(!RegCreateKeyExW(*key, L"vol", 0, NULL, REG_OPTION_VOLATILE, KEY_ALL_ACCESS, NULL, &vol, NULL),
       "and a volatile key");
    RegCloseKey(vol);
}

int main(void)
{
    HKEY key, loaded;
    WCHAR s[16];
    DWORD size = sizeof(s), v42 = 42;
    LONG r;

    enable_privilege(L"SeBackupPrivilege");
    enable_privilege(L"SeRestorePrivilege");
    make_tree(&key);
    DeleteFileW(L"hive.dat");
    r = RegSaveKeyW(key, L"hive.dat", NULL);
    OKF(!r, "RegSaveKey", "error %ld", r);
    RegCloseKey(key);
    RegDeleteTreeW(HKEY_CURRENT_USER, L"Software\\keep-hive-test");

    r = RegLoadKeyW(HKEY_USERS, L"keep-loaded", L"hive.dat");
    OKF(!r, "RegLoadKey under HKEY_USERS", "error %ld", r);
    OK(get_dword(HKEY_USERS, L"keep-loaded\\a\\b", L"d") == 7, "a DWORD two levels down came back");
    r = RegGetValueW(HKEY_USERS, L"keep-loaded", L"s", RRF_RT_REG_SZ, NULL, s, &size);
    OKF(!r && !wcscmp(s, L"hello"), "the root's string came back", "error %ld", r);
    size = sizeof(s);
    r = RegGetValueW(HKEY_USERS, L"keep-loaded", NULL, RRF_RT_REG_SZ, NULL, s, &size);
    OK(!r && !wcscmp(s, L"default"), "and its default value");
    OK(RegOpenKeyExW(HKEY_USERS, L"keep-loaded\\vol", 0, KEY_READ, &loaded) == ERROR_FILE_NOT_FOUND,
       "the volatile key was not saved");

    OK(!RegOpenKeyExW(HKEY_USERS, L"keep-loaded", 0, KEY_ALL_ACCESS, &loaded), "open the hive");
    RegSetValueExW(loaded, L"new", 0, REG_DWORD, (const BYTE *)&v42, sizeof(v42));
    RegCloseKey(loaded);
    r = RegUnLoadKeyW(HKEY_USERS, L"keep-loaded");
    OKF(!r, "RegUnLoadKey", "error %ld", r);
    OK(RegOpenKeyExW(HKEY_USERS, L"keep-loaded", 0, KEY_READ, &loaded) == ERROR_FILE_NOT_FOUND,
       "after it the key is gone");
    OK(!RegLoadKeyW(HKEY_USERS, L"keep-loaded", L"hive.dat"), "load it again");
    OK(get_dword(HKEY_USERS, L"keep-loaded", L"new") == 42, "the change made while loaded was kept");
    OK(!RegUnLoadKeyW(HKEY_USERS, L"keep-loaded"), "unload it again");

    HANDLE f = CreateFileW(L"bad.dat", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done;
    WriteFile(f, "this is not a hive at all, no", 29, &done, NULL);
    CloseHandle(f);
    OK(RegLoadKeyW(HKEY_USERS, L"keep-bad", L"bad.dat") != ERROR_SUCCESS, "a damaged file is refused");
    OK(RegOpenKeyExW(HKEY_USERS, L"keep-bad", 0, KEY_READ, &loaded) == ERROR_FILE_NOT_FOUND,
       "and leaves no key behind");
    DeleteFileW(L"hive.dat");
    DeleteFileW(L"bad.dat");
    return tap_done();
}

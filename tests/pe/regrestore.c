/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regrestore.exe - NtRestoreKey and NtReplaceKey on keep's hive files
 * (written by RegSaveKey), called through ntdll: Wine 8.0's RegRestoreKey
 * and RegReplaceKey are stubs that never reach the kernel.
 *
 * NtRestoreKey copies a saved tree over a key (its old values and subkeys
 * go), is refused while a subkey is open unless REG_FORCE_RESTORE, makes
 * the tree volatile with REG_WHOLE_HIVE_VOLATILE and leaves the key as it
 * was when the file is damaged.  NtReplaceKey gives a loaded hive a new
 * file from its next load: the old file is renamed to the backup name,
 * which receives the hive's changes at unload, and the new file then
 * takes the first name.
 *
 * These are Windows' rules.  Stock Wine 8.0 implements neither call.
 */
#include "tap.h"
#include "privilege.h"
#include <string.h>
#include <wchar.h>
#include <winternl.h>

#define SRC L"Software\\keep-restore-src"
#define DST L"Software\\keep-restore-dst"

typedef NTSTATUS(NTAPI *restore_fn)(HANDLE, HANDLE, ULONG);
typedef NTSTATUS(NTAPI *replace_fn)(OBJECT_ATTRIBUTES *, HANDLE, OBJECT_ATTRIBUTES *);
typedef BOOLEAN(NTAPI *dos_to_nt_fn)(const WCHAR *, UNICODE_STRING *, WCHAR **, void *);

static restore_fn pNtRestoreKey;
static replace_fn pNtReplaceKey;
static dos_to_nt_fn pRtlDosPathNameToNtPathName_U;

#define STATUS_CANNOT_DELETE_ ((NTSTATUS)0xC0000121)
#define STATUS_REGISTRY_CORRUPT_ ((NTSTATUS)0xC000014C)
#define STATUS_INVALID_PARAMETER_ ((NTSTATUS)0xC000000D)

static HKEY create(HKEY root, const WCHAR *path)
{
    HKEY key = NULL;
    RegCreateKeyExW(root, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL);
    return key;
}

static void set_sz(HKEY key, const WCHAR *name, const WCHAR *s)
{
    RegSetValueExW(key, name, 0, REG_SZ, (const BYTE *)s, (DWORD)(wcslen(s) + 1) * 2);
}

static void set_dword(HKEY key, const WCHAR *name, DWORD v)
{
    RegSetValueExW(key, name, 0, REG_DWORD, (const BYTE *)&v, sizeof(v));
}

static DWORD get_dword(HKEY root, const WCHAR *path, const WCHAR *name)
{
    DWORD v = 0xdead, size = sizeof(v);
    return RegGetValueW(root, path, name, RRF_RT_REG_DWORD, NULL, &v, &size) ? 0xdead : v;
}

static int get_sz(HKEY root, const WCHAR *path, const WCHAR *name, const WCHAR *want)
{
    WCHAR s[64];
    DWORD size = sizeof(s);
    return !RegGetValueW(root, path, name, RRF_RT_REG_SZ, NULL, s, &size) && !wcscmp(s, want);
}

static int exists(HKEY root, const WCHAR *path)
{
    HKEY key;
    if (RegOpenKeyExW(root, path, 0, KEY_READ, &key))
        return 0;
    RegCloseKey(key);
    return 1;
}

/* Save a tree made of one string value (which = tag) and a\b with d = 7. */
static int save_tree(const WCHAR *tag, const WCHAR *file)
{
    HKEY key, sub;
    LONG r;

    RegDeleteTreeW(HKEY_CURRENT_USER, SRC);
    key = create(HKEY_CURRENT_USER, SRC);
    set_sz(key, L"which", tag);
    RegCreateKeyExW(key, L"a", 0, (WCHAR *)L"the class", 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    RegCloseKey(sub);
    sub = create(key, L"a\\b");
    set_dword(sub, L"d", 7);
    RegCloseKey(sub);
    DeleteFileW(file);
    r = RegSaveKeyW(key, file, NULL);
    RegCloseKey(key);
    RegDeleteTreeW(HKEY_CURRENT_USER, SRC);
    return r == ERROR_SUCCESS;
}

static HANDLE open_file(const WCHAR *name)
{
    return CreateFileW(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
}

/* A fresh target key with things the restore must remove. */
static HKEY make_target(void)
{
    HKEY key, sub;

    RegDeleteTreeW(HKEY_CURRENT_USER, DST);
    key = create(HKEY_CURRENT_USER, DST);
    set_dword(key, L"old", 1);
    sub = create(key, L"old-sub");
    set_dword(sub, L"x", 2);
    RegCloseKey(sub);
    return key;
}

static void test_restore(void)
{
    HKEY key, open_sub, sub;
    HANDLE f;
    NTSTATUS st;
    WCHAR cls[32];
    DWORD cls_len = ARRAYSIZE(cls);

    OK(save_tree(L"saved", L"saved.hive"), "RegSaveKey writes the tree to restore");
    key = make_target();
    f = open_file(L"saved.hive");

    OK(!RegOpenKeyExW(key, L"old-sub", 0, KEY_READ, &open_sub), "open a subkey of the target");
    st = pNtRestoreKey(key, f, 0);
    OKF(st == STATUS_CANNOT_DELETE_, "NtRestoreKey is refused while a subkey is open",
        "status %#lx", st);
    OK(get_dword(key, NULL, L"old") == 1 && exists(key, L"old-sub"), "and changes nothing");
    RegCloseKey(open_sub);

    st = pNtRestoreKey(key, f, 0x10);
    OKF(st == STATUS_INVALID_PARAMETER_, "an unknown flag is refused", "status %#lx", st);

    st = pNtRestoreKey(key, f, 0);
    OKF(st == 0, "NtRestoreKey copies the file over the key", "status %#lx", st);
    OK(get_sz(key, NULL, L"which", L"saved"), "the file's value is there");
    OK(get_dword(key, L"a\\b", L"d") == 7, "and its subkeys with their values");
    OK(get_dword(key, NULL, L"old") == 0xdead, "the key's old value is gone");
    OK(!exists(key, L"old-sub"), "and its old subkey");
    sub = NULL;
    RegOpenKeyExW(key, L"a", 0, KEY_READ, &sub);
    OK(sub && !RegQueryInfoKeyW(sub, cls, &cls_len, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
                                NULL, NULL) && !wcscmp(cls, L"the class"),
       "a subkey's class came back");

    /* REG_FORCE_RESTORE: open subkeys are replaced under their handles */
    set_dword(key, L"later", 3);
    st = pNtRestoreKey(key, f, REG_FORCE_RESTORE);
    OKF(st == 0, "REG_FORCE_RESTORE restores with a subkey open", "status %#lx", st);
    DWORD v, size = sizeof(v);
    LONG r = RegQueryValueExW(sub, L"x", NULL, NULL, (BYTE *)&v, &size);
    OKF(r == ERROR_KEY_DELETED, "the open subkey's handle now answers ERROR_KEY_DELETED",
        "error %ld", r);
    OK(get_dword(key, NULL, L"later") == 0xdead && get_dword(key, L"a\\b", L"d") == 7,
       "and the key holds the file's tree again");
    RegCloseKey(sub);
    CloseHandle(f);

    /* a damaged file: nothing changes */
    HANDLE bad = CreateFileW(L"bad.hive", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    DWORD done;
    WriteFile(bad, "KEEPHIVE\1\0\0\0\1\0\0\0garbage that is not a key record", 45, &done, NULL);
    CloseHandle(bad);
    f = open_file(L"bad.hive");
    st = pNtRestoreKey(key, f, 0);
    OKF(st == STATUS_REGISTRY_CORRUPT_, "a damaged file is refused", "status %#lx", st);
    OK(get_sz(key, NULL, L"which", L"saved") && get_dword(key, L"a\\b", L"d") == 7,
       "and the key keeps what it had");
    CloseHandle(f);

    /* REG_WHOLE_HIVE_VOLATILE: the restored keys are volatile */
    f = open_file(L"saved.hive");
    st = pNtRestoreKey(key, f, REG_WHOLE_HIVE_VOLATILE);
    OKF(st == 0, "REG_WHOLE_HIVE_VOLATILE restores", "status %#lx", st);
    CloseHandle(f);
    r = RegCreateKeyExW(key, L"a\\persistent", 0, NULL, 0, KEY_ALL_ACCESS, NULL, &sub, NULL);
    OKF(r == ERROR_CHILD_MUST_BE_VOLATILE, "a restored subkey is volatile", "error %ld", r);
    RegCloseKey(key);
    RegDeleteTreeW(HKEY_CURRENT_USER, DST);
}

/* The NT name of a file in the current directory. */
static void nt_name(const WCHAR *file, UNICODE_STRING *us, OBJECT_ATTRIBUTES *attr)
{
    pRtlDosPathNameToNtPathName_U(file, us, NULL, NULL);
    InitializeObjectAttributes(attr, us, OBJ_CASE_INSENSITIVE, NULL, NULL);
}

static void test_replace(void)
{
    UNICODE_STRING new_us, old_us;
    OBJECT_ATTRIBUTES new_attr, old_attr;
    HKEY hive, plain;
    NTSTATUS st;

    DeleteFileW(L"backup.hive");
    OK(save_tree(L"first", L"hive.hive") && save_tree(L"second", L"next.hive"),
       "save two hive files");
    OK(!RegLoadKeyW(HKEY_USERS, L"keep-replace", L"hive.hive"), "load the first");
    OK(!RegOpenKeyExW(HKEY_USERS, L"keep-replace", 0, KEY_ALL_ACCESS, &hive), "open it");
    nt_name(L"next.hive", &new_us, &new_attr);
    nt_name(L"backup.hive", &old_us, &old_attr);

    plain = create(HKEY_CURRENT_USER, DST);
    st = pNtReplaceKey(&new_attr, plain, &old_attr);
    OKF(st == STATUS_INVALID_PARAMETER_, "NtReplaceKey wants the root of a loaded hive",
        "status %#lx", st);
    RegCloseKey(plain);
    RegDeleteKeyW(HKEY_CURRENT_USER, DST);

    st = pNtReplaceKey(&new_attr, hive, &old_attr);
    OKF(st == 0, "NtReplaceKey on the hive", "status %#lx", st);
    OK(get_sz(HKEY_USERS, L"keep-replace", L"which", L"first"),
       "the loaded hive is unchanged until its next load");
    OK(GetFileAttributesW(L"backup.hive") != INVALID_FILE_ATTRIBUTES &&
           GetFileAttributesW(L"hive.hive") == INVALID_FILE_ATTRIBUTES,
       "its file now has the backup name");
    set_dword(hive, L"changed", 1);
    RegCloseKey(hive);
    st = RegUnLoadKeyW(HKEY_USERS, L"keep-replace");
    OKF(!st, "unload it", "error %ld", st);
    OK(GetFileAttributesW(L"next.hive") == INVALID_FILE_ATTRIBUTES,
       "the new file took the first name");
    OK(!RegLoadKeyW(HKEY_USERS, L"keep-replace", L"hive.hive"), "load the first name again");
    OK(get_sz(HKEY_USERS, L"keep-replace", L"which", L"second"), "it is the new file now");
    OK(!RegUnLoadKeyW(HKEY_USERS, L"keep-replace"), "unload it");
    OK(!RegLoadKeyW(HKEY_USERS, L"keep-backup", L"backup.hive"), "load the backup");
    OK(get_sz(HKEY_USERS, L"keep-backup", L"which", L"first") &&
           get_dword(HKEY_USERS, L"keep-backup", L"changed") == 1,
       "it holds the old hive with the change made before the unload");
    OK(!RegUnLoadKeyW(HKEY_USERS, L"keep-backup"), "unload it");
    DeleteFileW(L"hive.hive");
    DeleteFileW(L"backup.hive");
}

int main(void)
{
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");

    pNtRestoreKey = (restore_fn)(void *)GetProcAddress(ntdll, "NtRestoreKey");
    pNtReplaceKey = (replace_fn)(void *)GetProcAddress(ntdll, "NtReplaceKey");
    pRtlDosPathNameToNtPathName_U =
        (dos_to_nt_fn)(void *)GetProcAddress(ntdll, "RtlDosPathNameToNtPathName_U");
    if (!OK(pNtRestoreKey && pNtReplaceKey && pRtlDosPathNameToNtPathName_U, "ntdll exports"))
        return tap_done();
    enable_privilege(L"SeBackupPrivilege");
    enable_privilege(L"SeRestorePrivilege");
    test_restore();
    test_replace();
    DeleteFileW(L"saved.hive");
    DeleteFileW(L"bad.hive");
    return tap_done();
}

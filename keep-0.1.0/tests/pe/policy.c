/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy.exe DENIED_PATH RELATIVE_PATH - keep's access policy (keep only:
 * stock Wine has none, and fails this test).
 *
 * DENIED_PATH is an existing host file outside the paths keep allows, in
 * Windows form (Z:\tmp\keep-denied-XXXXXX\secret.txt); RELATIVE_PATH names
 * the same file relative to the current directory (..\..\keep-denied-...).
 * Nothing may be read, listed, created, renamed or deleted there, while the
 * current directory stays usable.  The harness checks afterwards that the
 * denied directory is unchanged.
 */
#include "tap.h"
#include <string.h>

static void parent_of(const char *path, char *dir, size_t size)
{
    char *slash;

    lstrcpynA(dir, path, (int)size);
    slash = strrchr(dir, '\\');
    if (slash)
        *slash = 0;
}

static void check_read(const char *path, const char *how)
{
    char desc[160];
    HANDLE h;

    SetLastError(0);
    h = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0,
                    NULL);
    snprintf(desc, sizeof(desc), "opening the denied file %s for reading fails with ERROR_ACCESS_DENIED",
             how);
    OK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED, desc);
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
}

static void check_list(const char *dir)
{
    char pattern[MAX_PATH + 4];
    WIN32_FIND_DATAA fd;
    HANDLE h;

    snprintf(pattern, sizeof(pattern), "%s\\*", dir);
    h = FindFirstFileA(pattern, &fd);
    OK(h == INVALID_HANDLE_VALUE, "FindFirstFile in the denied directory fails");
    if (h != INVALID_HANDLE_VALUE)
        FindClose(h);
    OK(GetFileAttributesA(dir) == INVALID_FILE_ATTRIBUTES,
       "GetFileAttributes of the denied directory fails");
}

static void check_write(const char *path, const char *dir)
{
    char name[MAX_PATH + 16];
    HANDLE h;

    snprintf(name, sizeof(name), "%s\\new.txt", dir);
    SetLastError(0);
    h = CreateFileA(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    OK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
       "creating a file in the denied directory fails with ERROR_ACCESS_DENIED");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    SetLastError(0);
    h = CreateFileA(path, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    OK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_ACCESS_DENIED,
       "opening the denied file for writing fails with ERROR_ACCESS_DENIED");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    OK(!CopyFileA(path, "copied.txt", FALSE), "copying the denied file fails");
    OK(!MoveFileA(path, "stolen.txt"), "moving the denied file out fails");
    OK(!DeleteFileA(path), "deleting the denied file fails");
    snprintf(name, sizeof(name), "%s\\newdir", dir);
    OK(!CreateDirectoryA(name, NULL), "creating a directory in the denied directory fails");
}

static void check_allowed(void)
{
    HANDLE h = CreateFileA("allowed.txt", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_NEW,
                           FILE_FLAG_DELETE_ON_CLOSE, NULL);

    OK(h != INVALID_HANDLE_VALUE, "a file in the current directory can still be created");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
}

int main(int argc, char **argv)
{
    char dir[MAX_PATH];

    if (!OKF(argc == 3, "the harness passed the denied path twice", "argc %d", argc))
        return tap_done();
    tap_diag("denied file: %s (%s)", argv[1], argv[2]);
    parent_of(argv[1], dir, sizeof(dir));
    check_read(argv[1], "by its full path");
    check_read(argv[2], "by a relative path");
    check_list(dir);
    check_write(argv[1], dir);
    check_allowed();
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fileio.exe - files and directories, in the current directory (the harness
 * runs every test in a fresh, empty temporary directory).
 */
#include "tap.h"
#include <winioctl.h>
#include <string.h>
#include <wchar.h>

static HANDLE open_file(const char *name, DWORD access, DWORD share, DWORD disposition)
{
    return CreateFileA(name, access, share, NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
}

static BOOL write_all(HANDLE h, const void *data, DWORD len)
{
    DWORD written = 0;

    return WriteFile(h, data, len, &written, NULL) && written == len;
}

/* Create (or replace) a file holding text. */
static BOOL put_file(const char *name, const char *text)
{
    HANDLE h = open_file(name, GENERIC_WRITE, 0, CREATE_ALWAYS);
    BOOL ok;

    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    ok = write_all(h, text, (DWORD)strlen(text));
    return CloseHandle(h) && ok;
}

/* Read a whole (small) file into buf as a string; FALSE if it cannot be read. */
static BOOL get_file(const char *name, char *buf, DWORD size)
{
    HANDLE h = open_file(name, GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    DWORD got = 0;
    BOOL ok;

    buf[0] = 0;
    if (h == INVALID_HANDLE_VALUE)
        return FALSE;
    ok = ReadFile(h, buf, size - 1, &got, NULL);
    buf[got] = 0;
    CloseHandle(h);
    return ok;
}

static BOOL exists(const char *name)
{
    return GetFileAttributesA(name) != INVALID_FILE_ATTRIBUTES;
}

static BOOL seek(HANDLE h, LONGLONG offset, DWORD how, LONGLONG *pos)
{
    LARGE_INTEGER dist, now;

    dist.QuadPart = offset;
    if (!SetFilePointerEx(h, dist, &now, how))
        return FALSE;
    if (pos)
        *pos = now.QuadPart;
    return TRUE;
}

static LONGLONG file_size(HANDLE h)
{
    LARGE_INTEGER size;

    return GetFileSizeEx(h, &size) ? size.QuadPart : -1;
}

static void check_create_read_write(void)
{
    HANDLE h;
    char buf[64] = "";
    DWORD got = 0;
    LONGLONG pos = -1;

    h = open_file("data.bin", GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW);
    if (!OK(h != INVALID_HANDLE_VALUE, "CreateFile CREATE_NEW creates data.bin"))
        return;
    OK(GetFileType(h) == FILE_TYPE_DISK, "GetFileType is FILE_TYPE_DISK");
    OK(write_all(h, "hello world\n", 12), "WriteFile writes 12 bytes");
    OKF(file_size(h) == 12, "GetFileSizeEx is 12", "size %lld", file_size(h));
    OK(seek(h, 0, FILE_BEGIN, &pos) && pos == 0, "SetFilePointerEx to the start");
    OK(ReadFile(h, buf, 5, &got, NULL) && got == 5 && !memcmp(buf, "hello", 5),
       "ReadFile reads the first 5 bytes");
    OK(seek(h, -6, FILE_END, &pos) && pos == 6, "SetFilePointerEx from the end gives offset 6");
    OK(ReadFile(h, buf, sizeof(buf), &got, NULL) && got == 6 && !memcmp(buf, "world\n", 6),
       "ReadFile reads the rest");
    OK(ReadFile(h, buf, sizeof(buf), &got, NULL) && got == 0, "ReadFile at the end reads 0 bytes");
    OK(seek(h, -3, FILE_CURRENT, &pos) && pos == 9, "SetFilePointerEx relative to the current position");
    OK(seek(h, 5, FILE_BEGIN, NULL) && SetEndOfFile(h), "SetEndOfFile truncates at 5");
    OKF(file_size(h) == 5, "the size is 5 after truncation", "size %lld", file_size(h));
    OK(seek(h, 100, FILE_BEGIN, NULL) && write_all(h, "x", 1), "a write past the end extends");
    OKF(file_size(h) == 101, "the size is 101 after the write at 100", "size %lld", file_size(h));
    memset(buf, 0x55, sizeof(buf));
    OK(seek(h, 5, FILE_BEGIN, NULL) && ReadFile(h, buf, 10, &got, NULL) && got == 10 &&
           !memcmp(buf, "\0\0\0\0\0\0\0\0\0\0", 10),
       "the gap reads as zeros");
    OK(FlushFileBuffers(h), "FlushFileBuffers");
    OK(CloseHandle(h), "CloseHandle");
    SetLastError(0);
    h = open_file("data.bin", GENERIC_WRITE, 0, CREATE_NEW);
    OK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_EXISTS,
       "CREATE_NEW on an existing file fails with ERROR_FILE_EXISTS");
}

static void check_large_offset(void)
{
    const LONGLONG five_gib = 5LL << 30;
    HANDLE h = open_file("sparse.bin", GENERIC_READ | GENERIC_WRITE, 0, CREATE_NEW);
    char c = 0;
    DWORD got = 0;

    if (!OK(h != INVALID_HANDLE_VALUE, "create sparse.bin"))
        return;
    OK(seek(h, five_gib, FILE_BEGIN, NULL) && write_all(h, "z", 1), "a write at 5 GiB");
    OK(file_size(h) == five_gib + 1, "GetFileSizeEx beyond 4 GiB");
    OK(seek(h, five_gib, FILE_BEGIN, NULL) && ReadFile(h, &c, 1, &got, NULL) && got == 1 && c == 'z',
       "a read at 5 GiB");
    CloseHandle(h);
    OK(DeleteFileA("sparse.bin"), "delete sparse.bin");
}

static void check_dispositions(void)
{
    HANDLE h;

    put_file("disp.txt", "some content");
    SetLastError(0);
    h = open_file("disp.txt", GENERIC_WRITE, 0, OPEN_ALWAYS);
    OK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "OPEN_ALWAYS on an existing file sets ERROR_ALREADY_EXISTS");
    OK(file_size(h) == 12, "OPEN_ALWAYS keeps the contents");
    CloseHandle(h);
    SetLastError(0);
    h = open_file("disp.txt", GENERIC_WRITE, 0, CREATE_ALWAYS);
    OK(h != INVALID_HANDLE_VALUE && GetLastError() == ERROR_ALREADY_EXISTS,
       "CREATE_ALWAYS on an existing file sets ERROR_ALREADY_EXISTS");
    OK(file_size(h) == 0, "CREATE_ALWAYS truncates");
    write_all(h, "abc", 3);
    CloseHandle(h);
    h = open_file("disp.txt", GENERIC_WRITE, 0, TRUNCATE_EXISTING);
    OK(h != INVALID_HANDLE_VALUE && file_size(h) == 0, "TRUNCATE_EXISTING truncates");
    CloseHandle(h);
    SetLastError(0);
    h = open_file("no-such-file.txt", GENERIC_READ, 0, OPEN_EXISTING);
    OK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "OPEN_EXISTING of a missing file fails with ERROR_FILE_NOT_FOUND");
    SetLastError(0);
    h = open_file("no-such-dir\\file.txt", GENERIC_READ, 0, OPEN_EXISTING);
    OK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_PATH_NOT_FOUND,
       "a missing directory fails with ERROR_PATH_NOT_FOUND");
    DeleteFileA("disp.txt");
}

static void check_append(void)
{
    HANDLE h;
    char buf[64];

    put_file("append.txt", "start;");
    h = CreateFileA("append.txt", FILE_APPEND_DATA | SYNCHRONIZE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (!OK(h != INVALID_HANDLE_VALUE, "open with FILE_APPEND_DATA only"))
        return;
    OK(write_all(h, "one;", 4), "append a first record");
    seek(h, 0, FILE_BEGIN, NULL);
    OK(write_all(h, "two;", 4), "append a second record after seeking to 0");
    CloseHandle(h);
    get_file("append.txt", buf, sizeof(buf));
    OKF(!strcmp(buf, "start;one;two;"), "FILE_APPEND_DATA writes always go to the end",
        "content [%s]", buf);
    DeleteFileA("append.txt");
}

static void check_delete_move_copy(void)
{
    char buf[64];

    put_file("a.txt", "AAA");
    put_file("b.txt", "BBB");
    OK(MoveFileExA("a.txt", "c.txt", 0), "MoveFileEx renames a.txt to c.txt");
    OK(!exists("a.txt") && exists("c.txt"), "after the rename only c.txt exists");
    SetLastError(0);
    OK(!MoveFileExA("c.txt", "b.txt", 0) && GetLastError() == ERROR_ALREADY_EXISTS,
       "MoveFileEx onto an existing file fails with ERROR_ALREADY_EXISTS");
    OK(MoveFileExA("c.txt", "b.txt", MOVEFILE_REPLACE_EXISTING),
       "MoveFileEx with MOVEFILE_REPLACE_EXISTING replaces");
    get_file("b.txt", buf, sizeof(buf));
    OKF(!exists("c.txt") && !strcmp(buf, "AAA"), "the replaced file has the moved content",
        "content [%s]", buf);
    OK(CopyFileA("b.txt", "d.txt", TRUE), "CopyFile to a new name");
    get_file("d.txt", buf, sizeof(buf));
    OKF(!strcmp(buf, "AAA") && exists("b.txt"), "the copy has the content, the source remains",
        "content [%s]", buf);
    put_file("e.txt", "EEEEE");
    SetLastError(0);
    OK(!CopyFileA("e.txt", "d.txt", TRUE) && GetLastError() == ERROR_FILE_EXISTS,
       "CopyFile with bFailIfExists onto an existing file fails with ERROR_FILE_EXISTS");
    OK(CopyFileA("e.txt", "d.txt", FALSE), "CopyFile overwrites without bFailIfExists");
    get_file("d.txt", buf, sizeof(buf));
    OKF(!strcmp(buf, "EEEEE"), "the overwritten copy has the new content", "content [%s]", buf);
    OK(DeleteFileA("b.txt") && DeleteFileA("d.txt") && DeleteFileA("e.txt"), "DeleteFile");
    OK(!exists("b.txt"), "a deleted file is gone");
    SetLastError(0);
    OK(!DeleteFileA("b.txt") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "deleting a missing file fails with ERROR_FILE_NOT_FOUND");
}

/* Enumerate pattern; return the number of entries other than . and .. */
static int list_dir(const char *pattern, const char *want, DWORD *want_attr, DWORD *want_size)
{
    WIN32_FIND_DATAA fd;
    HANDLE h = FindFirstFileA(pattern, &fd);
    int count = 0;

    if (h == INVALID_HANDLE_VALUE)
        return -1;
    do {
        if (!strcmp(fd.cFileName, ".") || !strcmp(fd.cFileName, ".."))
            continue;
        count++;
        if (want && !strcmp(fd.cFileName, want)) {
            *want_attr = fd.dwFileAttributes;
            *want_size = fd.nFileSizeLow;
        }
    } while (FindNextFileA(h, &fd));
    if (GetLastError() != ERROR_NO_MORE_FILES)
        count = -2;
    FindClose(h);
    return count;
}

static void check_find(void)
{
    DWORD attr = 0, size = 0;
    WIN32_FIND_DATAA fd;
    HANDLE h;
    int n;

    OK(CreateDirectoryA("dir", NULL), "CreateDirectory dir");
    SetLastError(0);
    OK(!CreateDirectoryA("dir", NULL) && GetLastError() == ERROR_ALREADY_EXISTS,
       "CreateDirectory of an existing directory fails with ERROR_ALREADY_EXISTS");
    put_file("dir\\one.txt", "1");
    put_file("dir\\two.txt", "22");
    put_file("dir\\three.dat", "333");
    CreateDirectoryA("dir\\sub", NULL);
    n = list_dir("dir\\*", "three.dat", &attr, &size);
    OKF(n == 4, "FindFirstFile/FindNextFile list the 4 entries of dir", "found %d", n);
    OKF(size == 3 && !(attr & FILE_ATTRIBUTE_DIRECTORY), "the find data has a file's size",
        "size %lu attributes %#lx", (unsigned long)size, (unsigned long)attr);
    attr = 0;
    list_dir("dir\\*", "sub", &attr, &size);
    OKF(attr & FILE_ATTRIBUTE_DIRECTORY, "the find data marks the subdirectory",
        "attributes %#lx", (unsigned long)attr);
    n = list_dir("dir\\*.txt", NULL, NULL, NULL);
    OKF(n == 2, "the pattern *.txt matches 2 entries", "found %d", n);
    SetLastError(0);
    h = FindFirstFileA("dir\\*.none", &fd);
    OK(h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_FILE_NOT_FOUND,
       "a pattern without a match fails with ERROR_FILE_NOT_FOUND");
    SetLastError(0);
    OK(!RemoveDirectoryA("dir") && GetLastError() == ERROR_DIR_NOT_EMPTY,
       "RemoveDirectory of a non-empty directory fails with ERROR_DIR_NOT_EMPTY");
    DeleteFileA("dir\\one.txt");
    DeleteFileA("dir\\two.txt");
    DeleteFileA("dir\\three.dat");
    OK(RemoveDirectoryA("dir\\sub"), "RemoveDirectory of an empty subdirectory");
    OK(RemoveDirectoryA("dir") && !exists("dir"), "RemoveDirectory once it is empty");
}

static void check_attributes(void)
{
    DWORD attr;

    put_file("attr.txt", "x");
    CreateDirectoryA("attrdir", NULL);
    attr = GetFileAttributesA("attr.txt");
    OKF(attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_DIRECTORY),
        "GetFileAttributes of a file", "attributes %#lx", (unsigned long)attr);
    attr = GetFileAttributesA("attrdir");
    OKF(attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY),
        "GetFileAttributes of a directory", "attributes %#lx", (unsigned long)attr);
    SetLastError(0);
    OK(GetFileAttributesA("missing.txt") == INVALID_FILE_ATTRIBUTES &&
           GetLastError() == ERROR_FILE_NOT_FOUND,
       "GetFileAttributes of a missing file fails with ERROR_FILE_NOT_FOUND");
    OK(SetFileAttributesA("attr.txt", FILE_ATTRIBUTE_READONLY), "SetFileAttributes readonly");
    attr = GetFileAttributesA("attr.txt");
    OKF(attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_READONLY),
        "the readonly attribute is reported", "attributes %#lx", (unsigned long)attr);
    /*
     * Not checked: opening a readonly file for writing fails with
     * ERROR_ACCESS_DENIED on Windows, but stock Wine relies on the host's
     * permission bits for that and lets root write.
     */
    SetLastError(0);
    OK(!DeleteFileA("attr.txt") && GetLastError() == ERROR_ACCESS_DENIED,
       "deleting a readonly file fails with ERROR_ACCESS_DENIED");
    OK(SetFileAttributesA("attr.txt", FILE_ATTRIBUTE_NORMAL), "SetFileAttributes normal");
    attr = GetFileAttributesA("attr.txt");
    OK(attr != INVALID_FILE_ATTRIBUTES && !(attr & FILE_ATTRIBUTE_READONLY),
       "the readonly attribute is cleared");
    OK(DeleteFileA("attr.txt"), "the file can be deleted again");
    RemoveDirectoryA("attrdir");
}

static void check_case_insensitive(void)
{
    WIN32_FIND_DATAA fd;
    HANDLE h;
    char buf[16];

    put_file("Foo.TXT", "case");
    h = open_file("fOO.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    OK(h != INVALID_HANDLE_VALUE, "Foo.TXT opens as fOO.txt");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    OK(GetFileAttributesA("FOO.TXT") != INVALID_FILE_ATTRIBUTES, "Foo.TXT has attributes as FOO.TXT");
    h = FindFirstFileA("foo.txt", &fd);
    OKF(h != INVALID_HANDLE_VALUE && !strcmp(fd.cFileName, "Foo.TXT"),
        "FindFirstFile foo.txt reports the name as created", "found [%s]",
        h != INVALID_HANDLE_VALUE ? fd.cFileName : "");
    if (h != INVALID_HANDLE_VALUE)
        FindClose(h);
    put_file("FOO.txt", "again");
    get_file("Foo.TXT", buf, sizeof(buf));
    OKF(!strcmp(buf, "again"), "CREATE_ALWAYS of FOO.txt replaces Foo.TXT", "content [%s]", buf);
    OK(DeleteFileA("foo.TXT") && !exists("Foo.TXT"), "DeleteFile foo.TXT removes Foo.TXT");
}

static void check_unicode_name(void)
{
    static const wchar_t name[] = L"\u00e9t\u00e9 \u65e5\u672c.txt";
    static const wchar_t upper[] = L"\u00c9T\u00c9 \u65e5\u672c.TXT";
    WIN32_FIND_DATAW fd;
    HANDLE h;
    int found = 0;

    h = CreateFileW(name, GENERIC_WRITE, 0, NULL, CREATE_NEW, 0, NULL);
    if (!OK(h != INVALID_HANDLE_VALUE, "CreateFileW with a non-ASCII name"))
        return;
    write_all(h, "unicode", 7);
    CloseHandle(h);
    h = FindFirstFileW(L"*", &fd);
    if (h != INVALID_HANDLE_VALUE) {
        do
            found |= !wcscmp(fd.cFileName, name);
        while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    OK(found, "FindFirstFileW/FindNextFileW return the non-ASCII name intact");
    h = CreateFileW(name, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    OK(h != INVALID_HANDLE_VALUE, "the non-ASCII name opens again");
    if (h != INVALID_HANDLE_VALUE) {
        OK(file_size(h) == 7, "and has its content");
        CloseHandle(h);
    }
    OK(GetFileAttributesW(upper) != INVALID_FILE_ATTRIBUTES,
       "a non-ASCII name matches in another case");
    OK(DeleteFileW(name), "DeleteFileW of the non-ASCII name");
}

static void check_spaces(void)
{
    WIN32_FIND_DATAA fd;
    HANDLE h;

    OK(CreateDirectoryA("a dir with spaces", NULL), "CreateDirectory with spaces in the name");
    OK(put_file("a dir with spaces\\my file.txt", "s"), "create a file with spaces in the name");
    h = FindFirstFileA("a dir with spaces\\my*", &fd);
    OKF(h != INVALID_HANDLE_VALUE && !strcmp(fd.cFileName, "my file.txt"),
        "FindFirstFile finds the name with a space", "found [%s]",
        h != INVALID_HANDLE_VALUE ? fd.cFileName : "");
    if (h != INVALID_HANDLE_VALUE)
        FindClose(h);
    OK(put_file("trailing.txt.", "t") && exists("trailing.txt"),
       "a trailing dot is dropped from a file name");
    DeleteFileA("trailing.txt");
    OK(DeleteFileA("a dir with spaces\\my file.txt") && RemoveDirectoryA("a dir with spaces"),
       "delete the names with spaces");
}

static void check_sharing(void)
{
    HANDLE h1, h2;

    put_file("share.txt", "shared");
    h1 = open_file("share.txt", GENERIC_READ | GENERIC_WRITE, 0, OPEN_EXISTING);
    OK(h1 != INVALID_HANDLE_VALUE, "open share.txt without sharing");
    SetLastError(0);
    h2 = open_file("share.txt", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    OK(h2 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "a second open fails with ERROR_SHARING_VIOLATION");
    if (h2 != INVALID_HANDLE_VALUE)
        CloseHandle(h2);
    CloseHandle(h1);
    h1 = open_file("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    h2 = open_file("share.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    OK(h1 != INVALID_HANDLE_VALUE && h2 != INVALID_HANDLE_VALUE,
       "two readers sharing reading both open");
    SetLastError(0);
    HANDLE h3 = open_file("share.txt", GENERIC_WRITE, FILE_SHARE_READ, OPEN_EXISTING);
    OK(h3 == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION,
       "a writer is refused while readers do not share writing");
    if (h3 != INVALID_HANDLE_VALUE)
        CloseHandle(h3);
    CloseHandle(h1);
    CloseHandle(h2);
    OK(DeleteFileA("share.txt"), "delete share.txt once closed");
}

static LONGLONG filetime_diff_s(const FILETIME *a, const FILETIME *b)
{
    ULARGE_INTEGER x = { .LowPart = a->dwLowDateTime, .HighPart = a->dwHighDateTime };
    ULARGE_INTEGER y = { .LowPart = b->dwLowDateTime, .HighPart = b->dwHighDateTime };

    return ((LONGLONG)x.QuadPart - (LONGLONG)y.QuadPart) / 10000000;
}

static void check_information(void)
{
    BY_HANDLE_FILE_INFORMATION info;
    FILETIME now, set = { 0 }, got = { 0 };
    SYSTEMTIME st = { .wYear = 2001, .wMonth = 2, .wDay = 3, .wHour = 4, .wMinute = 5, .wSecond = 6 };
    HANDLE h;
    LONGLONG age;

    put_file("info.txt", "0123456789");
    h = open_file("info.txt", GENERIC_READ | FILE_WRITE_ATTRIBUTES, 0, OPEN_EXISTING);
    if (!OK(h != INVALID_HANDLE_VALUE, "open info.txt"))
        return;
    OK(GetFileInformationByHandle(h, &info), "GetFileInformationByHandle");
    OKF(info.nFileSizeLow == 10 && info.nFileSizeHigh == 0, "its size is 10", "size %lu",
        (unsigned long)info.nFileSizeLow);
    OKF(info.nNumberOfLinks == 1, "it has one link", "%lu", (unsigned long)info.nNumberOfLinks);
    OK(!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY), "it is not a directory");
    GetSystemTimeAsFileTime(&now);
    age = filetime_diff_s(&now, &info.ftLastWriteTime);
    OKF(age > -120 && age < 3600, "its last write time is now", "age %lld s", age);
    SystemTimeToFileTime(&st, &set);
    OK(SetFileTime(h, NULL, NULL, &set), "SetFileTime sets the last write time");
    OK(GetFileTime(h, NULL, NULL, &got) && filetime_diff_s(&got, &set) == 0,
       "GetFileTime reads it back");
    CloseHandle(h);
    DeleteFileA("info.txt");
}

static void check_delete_on_close(void)
{
    HANDLE h = CreateFileA("temp.del", GENERIC_READ | GENERIC_WRITE | DELETE, FILE_SHARE_DELETE,
                           NULL, CREATE_NEW, FILE_FLAG_DELETE_ON_CLOSE, NULL);

    if (!OK(h != INVALID_HANDLE_VALUE, "CreateFile with FILE_FLAG_DELETE_ON_CLOSE"))
        return;
    write_all(h, "gone", 4);
    OK(exists("temp.del"), "the file exists while it is open");
    CloseHandle(h);
    SetLastError(0);
    OK(GetFileAttributesA("temp.del") == INVALID_FILE_ATTRIBUTES &&
           GetLastError() == ERROR_FILE_NOT_FOUND,
       "the file is gone after CloseHandle");
}

static void check_paths(void)
{
    char cwd[MAX_PATH], full[MAX_PATH], expect[MAX_PATH + 32], sub[MAX_PATH];
    char *file_part = NULL;
    DWORD n;

    n = GetCurrentDirectoryA(MAX_PATH, cwd);
    OKF(n > 2 && n == strlen(cwd) && cwd[1] == ':' && cwd[2] == '\\',
        "GetCurrentDirectory returns a drive path", "[%s]", cwd);
    OK(GetCurrentDirectoryA(0, NULL) == n + 1, "GetCurrentDirectory(0) returns the size needed");
    n = GetFullPathNameA("rel.txt", MAX_PATH, full, &file_part);
    snprintf(expect, sizeof(expect), "%s\\rel.txt", cwd);
    OKF(n == strlen(expect) && !strcmp(full, expect), "GetFullPathName of a relative name",
        "[%s]", full);
    OK(file_part && !strcmp(file_part, "rel.txt"), "GetFullPathName's file part");
    GetFullPathNameA("x\\..\\y\\.\\z.txt", MAX_PATH, full, NULL);
    snprintf(expect, sizeof(expect), "%s\\y\\z.txt", cwd);
    OKF(!strcmp(full, expect), "GetFullPathName removes . and ..", "[%s]", full);
    GetFullPathNameA("C:\\a/b\\\\c", MAX_PATH, full, NULL);
    OKF(!strcmp(full, "C:\\a\\b\\c"), "GetFullPathName normalises slashes", "[%s]", full);

    CreateDirectoryA("subdir", NULL);
    OK(SetCurrentDirectoryA("subdir"), "SetCurrentDirectory subdir");
    GetCurrentDirectoryA(MAX_PATH, sub);
    snprintf(expect, sizeof(expect), "%s\\subdir", cwd);
    OKF(!_stricmp(sub, expect), "the current directory is now subdir", "[%s]", sub);
    put_file("inner.txt", "i");
    OK(exists("..\\subdir\\inner.txt"), "a relative name resolves in the new directory");
    OK(SetCurrentDirectoryA(".."), "SetCurrentDirectory ..");
    GetCurrentDirectoryA(MAX_PATH, sub);
    OKF(!strcmp(sub, cwd), "the current directory is back", "[%s]", sub);
    OK(exists("subdir\\inner.txt"), "the file made in subdir is there");
    SetLastError(0);
    OK(!SetCurrentDirectoryA("no-such-dir") && GetLastError() == ERROR_FILE_NOT_FOUND,
       "SetCurrentDirectory to a missing directory fails with ERROR_FILE_NOT_FOUND");
    DeleteFileA("subdir\\inner.txt");
    RemoveDirectoryA("subdir");
}

static void check_temp(void)
{
    char dir[MAX_PATH], name[MAX_PATH], name2[MAX_PATH];
    DWORD n = GetTempPathA(MAX_PATH, dir), attr;

    OKF(n > 0 && n < MAX_PATH && dir[n - 1] == '\\', "GetTempPath ends with a backslash", "[%s]",
        dir);
    attr = GetFileAttributesA(dir);
    OKF(attr != INVALID_FILE_ATTRIBUTES && (attr & FILE_ATTRIBUTE_DIRECTORY),
        "the temporary directory exists", "[%s] attributes %#lx", dir, (unsigned long)attr);
    OK(GetTempFileNameA(dir, "kp", 0, name) != 0, "GetTempFileName in the temporary directory");
    OK(exists(name), "it created the file");
    OK(put_file(name, "tmp") && DeleteFileA(name), "the temporary file is usable");
    OK(GetTempFileNameA(".", "kp", 0, name) != 0 && GetTempFileNameA(".", "kp", 0, name2) != 0 &&
           strcmp(name, name2) != 0,
       "GetTempFileName in . gives unique names");
    DeleteFileA(name);
    DeleteFileA(name2);
}

/* Byte-range locks against reads and writes through another handle, and
 * their end (unlock, close): a read of a locked range fails, the same read
 * works again once no lock is left. */
static void check_locks(void)
{
    HANDLE a = open_file("locked.bin", GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE, CREATE_ALWAYS);
    HANDLE b = open_file("locked.bin", GENERIC_READ | GENERIC_WRITE,
                         FILE_SHARE_READ | FILE_SHARE_WRITE, OPEN_EXISTING);
    char buf[16];
    DWORD got = 0;

    if (!OK(a != INVALID_HANDLE_VALUE && b != INVALID_HANDLE_VALUE &&
                write_all(a, "0123456789", 10),
            "two handles of one file"))
        return;
    OK(seek(b, 0, FILE_BEGIN, NULL) && ReadFile(b, buf, 10, &got, NULL) && got == 10,
       "a read with no lock anywhere");
    OK(LockFile(a, 2, 0, 4, 0), "LockFile locks bytes 2-5 exclusively");
    SetLastError(0);
    OK(seek(b, 0, FILE_BEGIN, NULL) && !ReadFile(b, buf, 10, &got, NULL) &&
           GetLastError() == ERROR_LOCK_VIOLATION,
       "another handle's read of the locked range fails with ERROR_LOCK_VIOLATION");
    SetLastError(0);
    OK(seek(b, 3, FILE_BEGIN, NULL) && !write_all(b, "x", 1) &&
           GetLastError() == ERROR_LOCK_VIOLATION,
       "another handle's write into the locked range fails");
    OK(seek(b, 6, FILE_BEGIN, NULL) && ReadFile(b, buf, 4, &got, NULL) && got == 4 &&
           !memcmp(buf, "6789", 4),
       "a read beside the locked range works");
    OK(seek(a, 0, FILE_BEGIN, NULL) && ReadFile(a, buf, 10, &got, NULL) && got == 10,
       "the lock's owner reads through it");
    OK(UnlockFile(a, 2, 0, 4, 0), "UnlockFile");
    OK(seek(b, 0, FILE_BEGIN, NULL) && ReadFile(b, buf, 10, &got, NULL) && got == 10,
       "after UnlockFile the read works");
    OK(LockFile(a, 0, 0, 10, 0) && CloseHandle(a), "a lock, then its handle closed");
    OK(seek(b, 0, FILE_BEGIN, NULL) && ReadFile(b, buf, 10, &got, NULL) && got == 10 &&
           !memcmp(buf, "0123456789", 10),
       "closing the handle released its lock: the read works");
    CloseHandle(b);
    DeleteFileA("locked.bin");
}

/* The 16-byte id FSCTL_GET_OBJECT_ID gives a handle's file (the loader
 * compares them to find one DLL under two names); FALSE if it fails. */
static BOOL object_id(HANDLE h, BYTE id[16])
{
    BYTE out[64];
    DWORD got = 0;

    if (!DeviceIoControl(h, FSCTL_GET_OBJECT_ID, NULL, 0, out, sizeof(out), &got, NULL) ||
        got < 16)
        return FALSE;
    memcpy(id, out, 16);
    return TRUE;
}

static void check_object_id(void)
{
    HANDLE a, b, c;
    BYTE ida[16], idb[16], idc[16];

    put_file("Ident.txt", "one");
    put_file("other.txt", "two");
    a = open_file("Ident.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    b = open_file("IDENT.TXT", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    c = open_file("other.txt", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    OK(object_id(a, ida) && object_id(b, idb) && object_id(c, idc), "FSCTL_GET_OBJECT_ID");
    OK(!memcmp(ida, idb, 16), "one file under two spellings has one object id");
    OK(memcmp(ida, idc, 16) != 0, "another file has another");
    CloseHandle(a);
    CloseHandle(b);
    CloseHandle(c);
    DeleteFileA("Ident.txt");
    DeleteFileA("other.txt");
}

/* The kernel keeps the names of a directory unchanged for two seconds
 * (dircache.c) and answers names there from them: what this process or
 * another does to the directory afterwards must show at once. */
static void check_kept_names(void)
{
    HANDLE h;

    CreateDirectoryA("kept", NULL);
    put_file("kept\\Known.txt", "k");
    Sleep(2200);
    OK(!exists("kept\\missing.dll") && !exists("kept\\MISSING2.dll"),
       "names missing from a quiet directory are missing");
    OK(exists("kept\\KNOWN.TXT"), "a name there is found in another case");
    put_file("kept\\Late.DLL", "late");
    h = open_file("kept\\late.dll", GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING);
    OK(h != INVALID_HANDLE_VALUE, "a name missing, then created, is found in another case");
    if (h != INVALID_HANDLE_VALUE)
        CloseHandle(h);
    OK(MoveFileA("kept", "kept-old") && CreateDirectoryA("kept", NULL),
       "the directory renamed away and made again");
    OK(!exists("kept\\known.txt") && exists("kept-old\\KNOWN.txt"),
       "its names went with it, not left in the new one");
    put_file("kept\\Known.txt", "again");
    OK(exists("kept\\KNOWN.TXT"), "a name created in the new directory is found");
    DeleteFileA("kept\\Known.txt");
    DeleteFileA("kept-old\\Known.txt");
    DeleteFileA("kept-old\\Late.DLL");
    RemoveDirectoryA("kept");
    RemoveDirectoryA("kept-old");
}

int main(void)
{
    check_create_read_write();
    check_large_offset();
    check_dispositions();
    check_append();
    check_delete_move_copy();
    check_find();
    check_attributes();
    check_case_insensitive();
    check_unicode_name();
    check_spaces();
    check_sharing();
    check_information();
    check_delete_on_close();
    check_paths();
    check_temp();
    check_locks();
    check_object_id();
    check_kept_names();
    DeleteFileA("data.bin");
    return tap_done();
}

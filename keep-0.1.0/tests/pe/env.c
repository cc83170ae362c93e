/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * env.exe - the process environment.  The harness sets
 * KEEP_TEST_VAR="hello world" before starting the program.
 */
#include "tap.h"
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define HARNESS_VAR "KEEP_TEST_VAR"
#define HARNESS_VALUE "hello world"

static void check_inherited(void)
{
    char buf[256];
    DWORD n;

    n = GetEnvironmentVariableA(HARNESS_VAR, buf, sizeof(buf));
    OKF(n == strlen(HARNESS_VALUE) && !strcmp(buf, HARNESS_VALUE),
        "GetEnvironmentVariableA reads the harness's variable", "returned %lu, [%s]",
        (unsigned long)n, n ? buf : "");
    n = GetEnvironmentVariableA("keep_test_var", buf, sizeof(buf));
    OKF(n == strlen(HARNESS_VALUE), "variable names are case-insensitive", "returned %lu",
        (unsigned long)n);
    n = GetEnvironmentVariableA(HARNESS_VAR, buf, 4);
    OKF(n == strlen(HARNESS_VALUE) + 1, "a short buffer returns the size needed with the NUL",
        "returned %lu", (unsigned long)n);
    n = GetEnvironmentVariableA(HARNESS_VAR, NULL, 0);
    OKF(n == strlen(HARNESS_VALUE) + 1, "a NULL buffer returns the size needed",
        "returned %lu", (unsigned long)n);
    SetLastError(0);
    n = GetEnvironmentVariableA("KEEP_NO_SUCH_VARIABLE_42", buf, sizeof(buf));
    OK(n == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND,
       "a missing variable fails with ERROR_ENVVAR_NOT_FOUND");
    OK(getenv(HARNESS_VAR) && !strcmp(getenv(HARNESS_VAR), HARNESS_VALUE),
       "the C runtime's getenv sees the variable");
    n = GetEnvironmentVariableA("SystemRoot", buf, sizeof(buf));
    OKF(n > 0 && n < sizeof(buf) && buf[1] == ':', "SystemRoot is set to a drive path",
        "returned %lu, [%s]", (unsigned long)n, n ? buf : "");
}

static void check_set(void)
{
    char buf[64];
    DWORD n;

    OK(SetEnvironmentVariableA("KEEP_NEW_VAR", "first"), "SetEnvironmentVariableA creates");
    n = GetEnvironmentVariableA("KEEP_NEW_VAR", buf, sizeof(buf));
    OK(n == 5 && !strcmp(buf, "first"), "GetEnvironmentVariableA reads the new value");
    OK(SetEnvironmentVariableA("KEEP_NEW_VAR", "second value"), "SetEnvironmentVariableA replaces");
    n = GetEnvironmentVariableA("KEEP_NEW_VAR", buf, sizeof(buf));
    OK(n == 12 && !strcmp(buf, "second value"), "the replaced value is read back");
    OK(SetEnvironmentVariableA("KEEP_NEW_VAR", NULL), "SetEnvironmentVariableA(NULL) deletes");
    SetLastError(0);
    n = GetEnvironmentVariableA("KEEP_NEW_VAR", buf, sizeof(buf));
    OK(n == 0 && GetLastError() == ERROR_ENVVAR_NOT_FOUND, "the deleted variable is gone");
}

static void check_wide(void)
{
    static const wchar_t value[] = L"caf\u00e9 \u65e5\u672c \U0001F600";
    wchar_t buf[64];
    DWORD n;

    OK(SetEnvironmentVariableW(L"KEEP_WIDE_VAR", value), "SetEnvironmentVariableW with non-ASCII");
    n = GetEnvironmentVariableW(L"KEEP_WIDE_VAR", buf, 64);
    OKF(n == wcslen(value) && !wcscmp(buf, value), "GetEnvironmentVariableW reads it back intact",
        "returned %lu", (unsigned long)n);
}

static void check_expand(void)
{
    char buf[256];
    DWORD n;

    n = ExpandEnvironmentStringsA("[%" HARNESS_VAR "%]", buf, sizeof(buf));
    OKF(!strcmp(buf, "[" HARNESS_VALUE "]"), "ExpandEnvironmentStringsA substitutes",
        "got [%s]", buf);
    OKF(n == strlen("[" HARNESS_VALUE "]") + 1, "ExpandEnvironmentStringsA counts the NUL",
        "returned %lu", (unsigned long)n);
    ExpandEnvironmentStringsA("%KEEP_NO_SUCH_VARIABLE_42%/%%", buf, sizeof(buf));
    OKF(!strcmp(buf, "%KEEP_NO_SUCH_VARIABLE_42%/%%"),
        "unknown variables are left as they are", "got [%s]", buf);
    n = ExpandEnvironmentStringsA("%" HARNESS_VAR "%", NULL, 0);
    OKF(n >= strlen(HARNESS_VALUE) + 1, "a NULL buffer returns the size needed",
        "returned %lu", (unsigned long)n);
}

static int block_has(const wchar_t *block, const wchar_t *entry)
{
    for (const wchar_t *p = block; *p; p += wcslen(p) + 1)
        if (!wcscmp(p, entry))
            return 1;
    return 0;
}

static void check_block(void)
{
    wchar_t *block;

    SetEnvironmentVariableW(L"KEEP_BLOCK_VAR", L"in the block");
    block = GetEnvironmentStringsW();
    if (!OK(block != NULL, "GetEnvironmentStringsW returns a block"))
        return;
    OK(block_has(block, L"" HARNESS_VAR L"=" HARNESS_VALUE),
       "the block holds the harness's variable");
    OK(block_has(block, L"KEEP_BLOCK_VAR=in the block"),
       "the block holds a variable set by the process");
    OK(FreeEnvironmentStringsW(block), "FreeEnvironmentStringsW");
}

int main(void)
{
    check_inherited();
    check_set();
    check_wide();
    check_expand();
    check_block();
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * args.exe CODE [ARG...] - the command line and the exit code.
 *
 * Prints argc and every argument in brackets ("# argv[2]=[a b]", UTF-8)
 * for the harness to compare, checks that the C runtime's argv and
 * CommandLineToArgvW(GetCommandLineW()) agree, and exits with CODE when
 * every check passed (99 otherwise).  Built with -municode (wmain).
 */
#include "tap.h"
#include <shellapi.h>
#include <stdlib.h>
#include <wchar.h>

static void utf8(const wchar_t *w, char *buf, int size)
{
    if (!WideCharToMultiByte(CP_UTF8, 0, w, -1, buf, size, NULL, NULL))
        lstrcpynA(buf, "<unconvertible>", size);
}

static void print_args(int argc, wchar_t **argv)
{
    char buf[1024];

    tap_diag("argc=%d", argc);
    for (int i = 0; i < argc; i++) {
        utf8(argv[i], buf, sizeof(buf));
        tap_diag("argv[%d]=[%s]", i, buf);
    }
}

static int ends_with_icase(const wchar_t *s, const wchar_t *suffix)
{
    size_t n = wcslen(s), m = wcslen(suffix);

    return n >= m && !_wcsicmp(s + n - m, suffix);
}

static void check_ansi_command_line(const wchar_t *cmdline)
{
    static char expect[32768];
    const char *ansi = GetCommandLineA();

    if (!WideCharToMultiByte(CP_ACP, 0, cmdline, -1, expect, sizeof(expect), NULL, NULL))
        expect[0] = 0;
    OKF(ansi && !strcmp(ansi, expect), "GetCommandLineA is GetCommandLineW in the ANSI code page",
        "[%s] vs [%s]", ansi ? ansi : "(null)", expect);
}

static void check_command_line(int argc, wchar_t **argv)
{
    const wchar_t *cmdline = GetCommandLineW();
    int n = 0;
    wchar_t **parsed;
    int same = 1, bad = -1;

    OK(cmdline && cmdline[0], "GetCommandLineW is not empty");
    parsed = CommandLineToArgvW(cmdline, &n);
    if (!OK(parsed != NULL, "CommandLineToArgvW parses GetCommandLineW"))
        return;
    OKF(n == argc, "CommandLineToArgvW finds argc arguments", "%d vs argc %d", n, argc);
    for (int i = 1; i < argc && i < n; i++)
        if (wcscmp(parsed[i], argv[i])) {
            same = 0;
            bad = i;
            break;
        }
    OKF(same, "CommandLineToArgvW arguments equal the CRT's argv", "argument %d differs", bad);
    LocalFree(parsed);
    OK(ends_with_icase(argv[0], L"args.exe") || ends_with_icase(argv[0], L"args"),
       "argv[0] names args.exe");
    check_ansi_command_line(cmdline);
}

static void check_module_name(void)
{
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(NULL, path, MAX_PATH);

    OK(n > 0 && n < MAX_PATH && ends_with_icase(path, L"\\args.exe"),
       "GetModuleFileNameW ends with \\args.exe");
}

int wmain(int argc, wchar_t **argv)
{
    int code = argc > 1 ? (int)wcstoul(argv[1], NULL, 0) : 0;
    int status;

    print_args(argc, argv);
    OKF(argc >= 2, "an exit code is given as argv[1]", "argc=%d", argc);
    check_command_line(argc, argv);
    check_module_name();
    status = tap_done();
    return status ? 99 : code;
}

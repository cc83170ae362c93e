/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spawn.exe - CreateProcess of args.exe (next to this exe) with its
 * standard output on a pipe: the child's arguments, output and exit code
 * come back, and an inherited environment variable reaches it.
 */
#include "tap.h"
#include <string.h>

static void exe_dir(char *dir, DWORD size)
{
    char *slash;

    GetModuleFileNameA(NULL, dir, size);
    slash = strrchr(dir, '\\');
    if (slash)
        slash[1] = 0;
}

/* Read everything from a pipe until the writer closes it. */
static DWORD read_all(HANDLE pipe, char *buf, DWORD size)
{
    DWORD total = 0, got;

    while (total < size - 1 && ReadFile(pipe, buf + total, size - 1 - total, &got, NULL) && got)
        total += got;
    buf[total] = 0;
    return total;
}

static void check_child(void)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    char dir[MAX_PATH], app[MAX_PATH + 16], cmdline[MAX_PATH + 64];
    static char out[65536];
    HANDLE rd, wr;
    DWORD code = 0;
    BOOL created;

    exe_dir(dir, MAX_PATH);
    snprintf(app, sizeof(app), "%sargs.exe", dir);
    snprintf(cmdline, sizeof(cmdline), "\"%s\" 42 \"two words\" last", app);
    OK(CreatePipe(&rd, &wr, &inherit, 0), "CreatePipe");
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = wr;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    created = CreateProcessA(app, cmdline, NULL, NULL, TRUE, 0, NULL, NULL, &si, &pi);
    CloseHandle(wr);
    if (!OK(created, "CreateProcess args.exe 42 \"two words\" last")) {
        CloseHandle(rd);
        return;
    }
    read_all(rd, out, sizeof(out));
    CloseHandle(rd);
    OK(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "the child process ends");
    OKF(GetExitCodeProcess(pi.hProcess, &code) && code == 42, "its exit code is 42", "code %lu",
        (unsigned long)code);
    OK(strstr(out, "# argc=4") && strstr(out, "# argv[2]=[two words]") && strstr(out, "# argv[3]=[last]"),
       "its output on the pipe shows the arguments");
    OK(strstr(out, "1..") && !strstr(out, "not ok"), "its own checks passed");
    OK(pi.dwProcessId != GetCurrentProcessId() && pi.dwProcessId != 0, "it had its own process id");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

int main(void)
{
    check_child();
    return tap_done();
}

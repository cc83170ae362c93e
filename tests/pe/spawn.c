/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spawn.exe - creating processes: CreateProcess of args.exe (next to this
 * exe) with its standard output on a pipe (arguments, output, exit code
 * come back); a suspended child resumed; a child terminated while it
 * waits; an inherited file handle used by the child; Wine's cmd.exe.
 *
 * spawn.exe is its own helper child: "spawn.exe hang" waits forever,
 * "spawn.exe write HANDLE" writes to an inherited file handle.
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

static BOOL start(const char *cmdline, DWORD flags, BOOL inherit, STARTUPINFOA *si,
                  PROCESS_INFORMATION *pi)
{
    char app[MAX_PATH], line[MAX_PATH + 256];

    GetModuleFileNameA(NULL, app, sizeof(app));
    snprintf(line, sizeof(line), "\"%s\" %s", app, cmdline);
    return CreateProcessA(app, line, NULL, NULL, inherit, flags, NULL, NULL, si, pi);
}

/* The child sees the process id its parent was given (it answers it as
 * its exit code). */
static void check_child_pid(void)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    if (!OK(start("pid", 0, FALSE, &si, &pi), "CreateProcess of a child that tells its id"))
        return;
    OK(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "it ends");
    OKF(GetExitCodeProcess(pi.hProcess, &code) && code == pi.dwProcessId,
        "GetCurrentProcessId in the child is the id CreateProcess gave", "child %lu, parent got %lu",
        (unsigned long)code, (unsigned long)pi.dwProcessId);
    OKF(code != GetCurrentProcessId(), "and not the parent's", "both %lu", (unsigned long)code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void check_terminate(void)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    DWORD code = 0;

    if (!OK(start("hang", 0, FALSE, &si, &pi), "CreateProcess of a child that waits forever"))
        return;
    OK(WaitForSingleObject(pi.hProcess, 200) == WAIT_TIMEOUT, "it is still running after 200 ms");
    OKF(GetExitCodeProcess(pi.hProcess, &code) && code == STILL_ACTIVE, "its exit code is STILL_ACTIVE",
        "code %lu", (unsigned long)code);
    OK(TerminateProcess(pi.hProcess, 77), "TerminateProcess");
    OK(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "then it ends");
    OK(WaitForSingleObject(pi.hThread, 0) == WAIT_OBJECT_0, "and its thread handle is signaled");
    OKF(GetExitCodeProcess(pi.hProcess, &code) && code == 77, "with the code TerminateProcess gave",
        "code %lu", (unsigned long)code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void check_suspended(void)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    char dir[MAX_PATH], app[MAX_PATH + 16];
    DWORD code = 0;

    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    HANDLE null = CreateFileA("NUL", GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit,
                              OPEN_EXISTING, 0, NULL);

    exe_dir(dir, MAX_PATH);
    snprintf(app, sizeof(app), "%sargs.exe", dir);
    /* its report goes to the null device: this test's output stays ours */
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = si.hStdError = null;
    BOOL created = CreateProcessA(app, (char *)"args.exe 0x89ABCDEF", NULL, NULL, TRUE,
                                  CREATE_SUSPENDED, NULL, NULL, &si, &pi);
    CloseHandle(null);
    if (!OK(created, "CreateProcess CREATE_SUSPENDED, output to NUL"))
        return;
    OK(WaitForSingleObject(pi.hProcess, 300) == WAIT_TIMEOUT, "a suspended child does not run");
    OK(ResumeThread(pi.hThread) == 1, "ResumeThread answers 1");
    OK(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "after it, the child runs and ends");
    OKF(GetExitCodeProcess(pi.hProcess, &code) && code == 0x89ABCDEF,
        "a 32-bit exit code arrives whole", "code %#lx", (unsigned long)code);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

static void check_inherited_file(void)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    char arg[64], buf[64] = { 0 };
    DWORD got = 0, code = 1;
    HANDLE f = CreateFileA("inherited.txt", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE,
                           &inherit, CREATE_ALWAYS, 0, NULL);

    if (!OK(f != INVALID_HANDLE_VALUE, "CreateFile with an inheritable handle"))
        return;
    OK(WriteFile(f, "parent;", 7, &got, NULL), "the parent writes first");
    snprintf(arg, sizeof(arg), "write %p", f);
    if (OK(start(arg, 0, TRUE, &si, &pi), "CreateProcess inheriting handles")) {
        WaitForSingleObject(pi.hProcess, 30000);
        OK(GetExitCodeProcess(pi.hProcess, &code) && code == 0, "the child wrote through the handle");
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
    SetFilePointer(f, 0, NULL, FILE_BEGIN);
    ReadFile(f, buf, sizeof(buf) - 1, &got, NULL);
    OKF(!strcmp(buf, "parent;child"), "the file holds both writes, the child's after the parent's",
        "[%s]", buf);
    CloseHandle(f);
    DeleteFileA("inherited.txt");
}

static void check_cmd(void)
{
    SECURITY_ATTRIBUTES inherit = { sizeof(inherit), NULL, TRUE };
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    static char out[4096];
    HANDLE rd, wr;
    DWORD code = 0;

    OK(CreatePipe(&rd, &wr, &inherit, 0), "CreatePipe for cmd.exe");
    SetHandleInformation(rd, HANDLE_FLAG_INHERIT, 0);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = si.hStdError = wr;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    BOOL created = CreateProcessA(NULL, (char *)"cmd.exe /c echo hello from cmd& exit 3", NULL, NULL,
                                  TRUE, 0, NULL, NULL, &si, &pi);
    CloseHandle(wr);
    if (!OK(created, "CreateProcess cmd.exe /c (Wine's cmd, found in system32)")) {
        CloseHandle(rd);
        return;
    }
    read_all(rd, out, sizeof(out));
    CloseHandle(rd);
    OK(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, "cmd.exe ends");
    OKF(GetExitCodeProcess(pi.hProcess, &code) && code == 3, "with exit 3's code", "code %lu",
        (unsigned long)code);
    OKF(strstr(out, "hello from cmd") != NULL, "its echo came through the pipe", "[%s]", out);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

/* The helper roles: "hang", "write HANDLE", "pid". */
static int helper(int argc, char **argv)
{
    if (!strcmp(argv[1], "pid"))
        return (int)GetCurrentProcessId();
    if (!strcmp(argv[1], "hang")) {
        Sleep(INFINITE);
        return 1;
    }
    if (!strcmp(argv[1], "write") && argc > 2) {
        HANDLE h = NULL;
        DWORD done = 0;
        sscanf(argv[2], "%p", &h);
        SetFilePointer(h, 0, NULL, FILE_END);
        return WriteFile(h, "child", 5, &done, NULL) && done == 5 ? 0 : 2;
    }
    return 3;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return helper(argc, argv);
    check_child();
    check_child_pid();
    check_terminate();
    check_suspended();
    check_inherited_file();
    check_cmd();
    return tap_done();
}

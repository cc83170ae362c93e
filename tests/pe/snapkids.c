/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapkids.c - a program with child processes, for tests/snapshot.sh
 * (docs/snapshot.md, "Programs with child processes").
 *
 *   tree N MS DEPTH [GATE]
 *                       the parent "p": starts the child "c" (DEPTH 0: one
 *                       that counts to 2 only and ends early) with an
 *                       inherited pipe's writing end and its own standard
 *                       handles, then counts "p 1".."p N" (MS apart);
 *                       a thread reads the pipe and prints each line it
 *                       gets as "got pipe I"; at the end it waits for the
 *                       child and prints "c exit code: X", and "pipe: eof
 *                       after K lines" when the pipe ends.  "ready" once
 *                       the first line came through the pipe; with GATE,
 *                       at once, and the pipe is read only once the file
 *                       GATE exists (its lines wait in the pipe until
 *                       then).
 *   kid NAME N MS PIPE DEPTH
 *                       a child: with DEPTH > 1 it starts "g" (a child of
 *                       its own, DEPTH - 1) first; counts "NAME 1".."NAME
 *                       N", writing "pipe I" to the handle PIPE (0: none)
 *                       each time; waits for its child ("g exit code: X");
 *                       exits with 42 (c) or 43 (g).
 *   bench GO            for bench/run-snapshot-bench.sh: a parent and a
 *                       child that both wait for the file GO (looking
 *                       every 2 ms), then end; "ready" once both run, "c
 *                       exit code: 42" at the end.
 *   benchkid GO PIPE    that child: "up" into the pipe, then waits.
 *   other EXE ARGS...   start the program EXE with ARGS as the child, wait
 *                       for it, print "c exit code: X".
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"


/* Start exe (NULL: ourselves) with args, our standard handles and the
 * inheritable ones. */
static int start_exe(const char *exe, const char *args, PROCESS_INFORMATION *pi)
{
    char self[MAX_PATH], cmd[MAX_PATH + 256];
    STARTUPINFOA si;

    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(cmd, sizeof(cmd), "\"%s\" %s", exe ? exe : self, args);
    memset(&si, 0, sizeof(si));
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    if (!CreateProcessA(NULL, cmd, NULL, NULL, TRUE, 0, NULL, NULL, &si, pi)) {
        say("CreateProcess %s failed: %lu\n", args, GetLastError());
        return -1;
    }
    return 0;
}

/* Start "kid NAME N MS PIPE DEPTH". */
static int start_kid(const char *name, int n, int ms, HANDLE pipe, int depth,
                     PROCESS_INFORMATION *pi)
{
    char args[128];

    snprintf(args, sizeof(args), "kid %s %d %d %llu %d", name, n, ms,
             (unsigned long long)(ULONG_PTR)pipe, depth);
    return start_exe(NULL, args, pi);
}

static void wait_kid(const char *name, PROCESS_INFORMATION *pi)
{
    DWORD code = 0;

    WaitForSingleObject(pi->hProcess, INFINITE);
    GetExitCodeProcess(pi->hProcess, &code);
    say("%s exit code: %lu\n", name, code);
    CloseHandle(pi->hProcess);
    CloseHandle(pi->hThread);
}

static int kid(const char *name, int n, int ms, HANDLE pipe, int depth)
{
    PROCESS_INFORMATION pi;
    char line[32];
    DWORD done;

    if (depth > 1 && start_kid("g", n, ms, NULL, depth - 1, &pi))
        return 1;
    if (depth == 0 && n > 2)
        n = 2;
    for (int i = 1; i <= n; i++) {
        say("%s %d\n", name, i);
        if (pipe) {
            int len = snprintf(line, sizeof(line), "pipe %d\n", i);
            if (!WriteFile(pipe, line, (DWORD)len, &done, NULL) || done != (DWORD)len)
                say("%s: pipe write %d failed: %lu\n", name, i, GetLastError());
        }
        Sleep(ms);
    }
    if (depth > 1)
        wait_kid("g", &pi);
    return strcmp(name, "c") ? 43 : 42;
}

static HANDLE pipe_read, first_line;
static const char *gate;

/* Print each line of the pipe; count them. */
static DWORD WINAPI reader(void *arg)
{
    char buf[256], line[64];
    size_t len = 0;
    int lines = 0;
    DWORD got;

    (void)arg;
    while (gate && GetFileAttributesA(gate) == INVALID_FILE_ATTRIBUTES)
        Sleep(50);
    while (ReadFile(pipe_read, buf, sizeof(buf), &got, NULL) && got) {
        for (DWORD i = 0; i < got; i++) {
            if (buf[i] != '\n') {
                if (len < sizeof(line) - 1)
                    line[len++] = buf[i];
                continue;
            }
            line[len] = 0;
            len = 0;
            say("got %s\n", line);
            if (!lines++)
                SetEvent(first_line);
        }
    }
    say("pipe: eof after %d lines\n", lines);
    SetEvent(first_line);
    return 0;
}

static int tree(int n, int ms, int depth)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    PROCESS_INFORMATION pi;
    HANDLE w, t;

    if (!CreatePipe(&pipe_read, &w, &sa, 0)) {
        say("CreatePipe failed: %lu\n", GetLastError());
        return 1;
    }
    SetHandleInformation(pipe_read, HANDLE_FLAG_INHERIT, 0);
    first_line = CreateEventA(NULL, TRUE, FALSE, NULL);
    if (start_kid("c", n, ms, w, depth, &pi))
        return 1;
    CloseHandle(w);     /* the child's is the only writing end now */
    t = CreateThread(NULL, 0, reader, NULL, 0, NULL);
    if (!gate)
        WaitForSingleObject(first_line, INFINITE);
    say("ready\n");
    for (int i = 1; i <= n; i++) {
        say("p %d\n", i);
        Sleep(ms);
    }
    wait_kid("c", &pi);
    WaitForSingleObject(t, INFINITE);
    return 0;
}

static void wait_file(const char *path)
{
    while (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES)
        Sleep(2);
}

static int bench_kid(const char *go, HANDLE pipe)
{
    DWORD done;

    WriteFile(pipe, "up\n", 3, &done, NULL);
    wait_file(go);
    return 42;
}

static int bench(const char *go)
{
    SECURITY_ATTRIBUTES sa = { sizeof(sa), NULL, TRUE };
    PROCESS_INFORMATION pi;
    char args[MAX_PATH + 64], up[4];
    HANDLE w;
    DWORD got;

    if (!CreatePipe(&pipe_read, &w, &sa, 0))
        return 1;
    SetHandleInformation(pipe_read, HANDLE_FLAG_INHERIT, 0);
    snprintf(args, sizeof(args), "benchkid \"%s\" %llu", go, (unsigned long long)(ULONG_PTR)w);
    if (start_exe(NULL, args, &pi))
        return 1;
    CloseHandle(w);
    if (!ReadFile(pipe_read, up, 3, &got, NULL) || got != 3)
        return 1;
    say("ready\n");
    wait_file(go);
    wait_kid("c", &pi);
    return 0;
}

static int other(int argc, char **argv)
{
    PROCESS_INFORMATION pi;
    char args[512] = "";

    for (int i = 1; i < argc; i++)
        snprintf(args + strlen(args), sizeof(args) - strlen(args), "%s%s", i > 1 ? " " : "",
                 argv[i]);
    if (start_exe(argv[0], args, &pi))
        return 1;
    wait_kid("c", &pi);
    return 0;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    if (!strcmp(mode, "tree") && (argc == 5 || argc == 6)) {
        gate = argc == 6 ? argv[5] : NULL;
        return tree(atoi(argv[2]), atoi(argv[3]), atoi(argv[4]));
    }
    if (!strcmp(mode, "other") && argc >= 3)
        return other(argc - 2, argv + 2);
    if (!strcmp(mode, "bench") && argc == 3)
        return bench(argv[2]);
    if (!strcmp(mode, "benchkid") && argc == 4)
        return bench_kid(argv[2], (HANDLE)(ULONG_PTR)strtoull(argv[3], NULL, 10));
    if (!strcmp(mode, "kid") && argc == 7)
        return kid(argv[2], atoi(argv[3]), atoi(argv[4]),
                   (HANDLE)(ULONG_PTR)strtoull(argv[5], NULL, 10), atoi(argv[6]));
    fprintf(stderr, "usage: snapkids tree N MS DEPTH [GATE] | kid NAME N MS PIPE DEPTH | bench GO |"
                    " benchkid GO PIPE | other EXE ARGS...\n");
    return 2;
}

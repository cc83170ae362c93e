/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pids.exe - process and thread ids come from one namespace: a child's
 * process id is neither its parent's nor any of its own threads' ids.
 * run-pe-test.sh runs it in a new PID namespace when it can (unshare), where
 * host pids are small: a child once got a thread id equal to its process
 * id there, and a host pid of 8 gave the first process's id, 0x20.
 *
 *   pids             start 12 children one after the other (TAP)
 *   pids child PID   make 40 threads; exit 0 if none had our process id as
 *                    its thread id and our id is not PID, else 1
 */
#include "tap.h"
#include <stdlib.h>

static DWORD WINAPI report_id(void *arg)
{
    (void)arg;
    return GetCurrentThreadId();
}

static int child(DWORD parent)
{
    DWORD pid = GetCurrentProcessId(), code;
    int clash = pid == parent || GetCurrentThreadId() == pid;

    for (int i = 0; i < 40; i++) {
        HANDLE h = CreateThread(NULL, 0, report_id, NULL, 0, NULL);
        if (!h)
            return 2;
        WaitForSingleObject(h, INFINITE);
        GetExitCodeThread(h, &code);
        clash |= code == pid;
        CloseHandle(h);
    }
    return clash;
}

int main(int argc, char **argv)
{
    char exe[MAX_PATH], line[MAX_PATH + 32];
    DWORD self = GetCurrentProcessId();

    if (argc > 2 && !strcmp(argv[1], "child"))
        return child(strtoul(argv[2], NULL, 10));
    GetModuleFileNameA(NULL, exe, MAX_PATH);
    snprintf(line, sizeof(line), "\"%s\" child %lu", exe, self);
    for (int i = 0; i < 12; i++) {
        STARTUPINFOA si = { .cb = sizeof(si) };
        PROCESS_INFORMATION pi;
        DWORD code = 0xdead;

        if (!OKF(CreateProcessA(exe, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
                 "start child", "error %lu", GetLastError()))
            break;
        WaitForSingleObject(pi.hProcess, 60000);
        GetExitCodeProcess(pi.hProcess, &code);
        DWORD id = GetProcessId(pi.hProcess);
        OKF(code == 0 && id != self && id % 4 == 0,
            "the child's id is its own: not ours, not one of its threads'",
            "id %lu (ours %lu), exit %lu", id, self, code);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * exitcode.exe - ExitProcess(3) called by a secondary thread while the main
 * thread waits forever: the whole process ends with exit code 3 (the harness
 * checks it).  The plan line is printed before the thread is started.
 */
#include "tap.h"

static DWORD WINAPI exit_from_thread(void *arg)
{
    WaitForSingleObject((HANDLE)arg, INFINITE); /* the main thread is waiting */
    Sleep(50);
    ExitProcess(3);
}

int main(void)
{
    DWORD code = 0;
    HANDLE go = CreateEventA(NULL, TRUE, FALSE, NULL), never = CreateEventA(NULL, TRUE, FALSE, NULL);
    HANDLE thread;

    OK(GetExitCodeProcess(GetCurrentProcess(), &code) && code == STILL_ACTIVE,
       "a running process is STILL_ACTIVE");
    thread = CreateThread(NULL, 0, exit_from_thread, go, 0, NULL);
    OK(thread != NULL, "start the thread that calls ExitProcess(3)");
    tap_done();
    SignalObjectAndWait(go, never, INFINITE, FALSE);
    tap_diag("the main thread's wait returned: ExitProcess did not end the process");
    return 1;
}

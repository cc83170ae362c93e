/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/pe/idle.c - an idle console program, for measuring resident memory.
 *
 *     idle.exe [SECONDS [STOPFILE]]
 *
 * Prints "ready" (flushed) and then sleeps until STOPFILE exists (polled
 * every 50 ms) or SECONDS have passed.  Without arguments it sleeps forever
 * (Sleep(INFINITE)).  run-bench.sh waits for "ready", sums the PSS of every
 * process involved, then creates STOPFILE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : -1.0;
    const char *stopfile = argc > 2 ? argv[2] : NULL;
    DWORD start = GetTickCount();

    puts("ready");
    fflush(stdout);

    if (seconds < 0 && !stopfile) {
        Sleep(INFINITE);
        return 0;
    }
    for (;;) {
        if (stopfile && GetFileAttributesA(stopfile) != INVALID_FILE_ATTRIBUTES)
            break;
        if (seconds >= 0 && (GetTickCount() - start) >= seconds * 1000.0)
            break;
        Sleep(50);
    }
    return 0;
}

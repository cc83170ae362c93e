/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * crash.exe - a fault nobody handles: no vectored handler, no frame
 * handler, no unhandled-exception filter (unhandled.c has one).  kernelbase
 * then looks for a just-in-time debugger (AeDebug); keep has none, so the
 * program must end at once with the exception's code (the host sees its
 * low byte: 5 for 0xC0000005), after printing what it got so far, rather
 * than wait for a debugger that cannot attach.
 */
#include <windows.h>

static volatile int *volatile nowhere;

int main(void)
{
    static const char line[] = "before the fault\n";
    DWORD done;

    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), line, sizeof(line) - 1, &done, NULL);
    return *nowhere;
}

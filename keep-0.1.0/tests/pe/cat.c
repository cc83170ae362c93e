/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cat.exe - copy standard input to standard output with ReadFile and
 * WriteFile on the standard handles, byte for byte, until end of input.
 * Exits 0, or 1 if reading or writing fails.  The harness compares the
 * output with the input (from a pipe and from files).
 */
#include <windows.h>

static int write_all(HANDLE out, const char *buf, DWORD len)
{
    DWORD written;

    while (len > 0) {
        if (!WriteFile(out, buf, len, &written, NULL) || written == 0)
            return 0;
        buf += written;
        len -= written;
    }
    return 1;
}

int main(void)
{
    static char buf[65536];
    HANDLE in = GetStdHandle(STD_INPUT_HANDLE), out = GetStdHandle(STD_OUTPUT_HANDLE);
    DWORD got;

    for (;;) {
        if (!ReadFile(in, buf, sizeof(buf), &got, NULL))
            return GetLastError() == ERROR_BROKEN_PIPE ? 0 : 1; /* a pipe's end */
        if (got == 0)
            return 0; /* a file's end */
        if (!write_all(out, buf, got))
            return 1;
    }
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hello.h - the body of hello_msvcrt.exe and hello_ucrt.exe: the same
 * program built against msvcrt.dll and against the Universal CRT.
 * It prints through the C runtime's stdio, which the harness compares:
 *     hello, world                 (printf)
 *     hello, world                 (puts)
 *     pi=3.14159 e=2.718282e+00 big=-1234567890123 hex=1fffffffffffff
 * then checks formatting and the loaded CRT in TAP.  CRT_DLL names the
 * runtime DLL that must be loaded; OTHER_CRT_DLL the one that must not.
 */
#include "tap.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_hello(void)
{
    int64_t big = -1234567890123LL;
    uint64_t hex = 0x1fffffffffffffULL;

    printf("hello, world\n");
    puts("hello, world");
    printf("pi=%.5f e=%e big=%" PRId64 " hex=%" PRIx64 "\n", 3.14159265358979, 2.718281828459045,
           big, hex);
    fflush(stdout);
}

static void check_formatting(void)
{
    char buf[128];
    int n;

    n = snprintf(buf, sizeof(buf), "%d|%5s|%-4d|%x|%c", -42, "ab", 7, 255u, 'z');
    OKF(!strcmp(buf, "-42|   ab|7   |ff|z") && n == (int)strlen(buf), "snprintf of ints and strings",
        "[%s] %d", buf, n);
    snprintf(buf, sizeof(buf), "%.3f %g %g", 2.5, 0.0001, 1e100);
    OKF(!strcmp(buf, "2.500 0.0001 1e+100"), "snprintf of doubles", "[%s]", buf);
    snprintf(buf, sizeof(buf), "%" PRId64 " %" PRIu64, INT64_MIN, UINT64_MAX);
    OKF(!strcmp(buf, "-9223372036854775808 18446744073709551615"), "snprintf of 64-bit extremes",
        "[%s]", buf);
    OK(strtod("6.02e23", NULL) == 6.02e23, "strtod");
    OK(_strtoi64("-9000000000", NULL, 10) == -9000000000LL, "_strtoi64");
}

static void check_runtime(void)
{
    OK(GetModuleHandleA(CRT_DLL) != NULL, "the program runs on " CRT_DLL);
    OK(GetModuleHandleA(OTHER_CRT_DLL) == NULL, OTHER_CRT_DLL " is not loaded");
}

int main(void)
{
    print_hello();
    check_formatting();
    check_runtime();
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/pe/hello.c - the start-up benchmark: print one line and exit 0.
 * run-bench.sh times whole runs of this program from the outside.
 */
#include <stdio.h>

int main(void)
{
    puts("hello, world");
    return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* testlib.c - a small shared library the lib: URI tests open and map. */
int keep_testlib_twice(int x);
const char keep_testlib_name[] = "keep test library";

int keep_testlib_twice(int x)
{
    return 2 * x;
}

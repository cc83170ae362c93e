/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * say.h - printf to standard output, flushed at once: the snapshot tests'
 * programs print what the test waits for, and a snapshot may end the
 * process at any moment.
 */
#ifndef KEEP_TESTS_PE_SAY_H
#define KEEP_TESTS_PE_SAY_H

#include <stdarg.h>
#include <stdio.h>

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    fflush(stdout);
}

#endif /* KEEP_TESTS_PE_SAY_H */

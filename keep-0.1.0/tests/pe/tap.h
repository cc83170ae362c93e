/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tap.h - the tiny TAP writer shared by the PE test programs.
 *
 * Each check prints "ok N - description" or
 * "not ok N - description (detail)"; tap_done() prints the plan line "1..N"
 * and returns the exit status (0 only if every check passed).
 *
 * Output goes straight to the standard output handle with WriteFile, one
 * whole line per call, so it is neither buffered by the C runtime (a crash
 * loses nothing already checked) nor converted to CRLF.  Checks may be made
 * from any thread.
 */
#ifndef KEEP_PE_TAP_H
#define KEEP_PE_TAP_H

#include <windows.h>
#include <stdarg.h>
#include <stdio.h>

static volatile LONG tap_count;
static volatile LONG tap_failed;

static inline void tap_write(const char *text, int len)
{
    DWORD written;
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);

    while (len > 0 && WriteFile(out, text, (DWORD)len, &written, NULL) && written > 0) {
        text += written;
        len -= (int)written;
    }
}

/* Print one line (a "# " comment or any other text); a newline is added. */
static inline void tap_line(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    int len;

    va_start(ap, fmt);
    len = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
    va_end(ap);
    if (len < 0 || len > (int)sizeof(buf) - 2)
        len = (int)sizeof(buf) - 2;
    buf[len++] = '\n';
    tap_write(buf, len);
}

#define tap_diag(...) tap_line("# " __VA_ARGS__)

/*
 * Record one check.  The detail (a printf format and its arguments) is
 * printed only when the check fails.  Returns pass, so callers may stop a
 * sequence that cannot go on.
 */
static inline int tap_check(int pass, const char *desc, const char *fmt, ...)
{
    char detail[1024] = "";
    LONG n = InterlockedIncrement(&tap_count);
    va_list ap;

    if (pass) {
        tap_line("ok %ld - %s", (long)n, desc);
        return 1;
    }
    InterlockedIncrement(&tap_failed);
    if (fmt) {
        va_start(ap, fmt);
        vsnprintf(detail, sizeof(detail), fmt, ap);
        va_end(ap);
    }
    tap_line("not ok %ld - %s (%s)", (long)n, desc, detail);
    return 0;
}

/*
 * OK(cond, desc): the detail of a failure is the condition's text and the
 * thread's last-error value, read after the condition was evaluated.
 */
#define OK(cond, desc)                                                     \
    ({                                                                     \
        int ok_pass_ = !!(cond);                                           \
        DWORD ok_err_ = GetLastError();                                    \
        tap_check(ok_pass_, (desc), "%s; GetLastError=%lu", #cond,         \
                  (unsigned long)ok_err_);                                 \
    })

/* OKF(cond, desc, fmt, ...): with an explicit detail for the failure. */
#define OKF(cond, desc, ...) tap_check(!!(cond), (desc), __VA_ARGS__)

/* Print the plan line and return the process exit status. */
static inline int tap_done(void)
{
    tap_line("1..%ld", (long)tap_count);
    return tap_failed ? 1 : 0;
}

/* Milliseconds from the performance counter, for elapsed-time checks. */
static inline double tap_now_ms(void)
{
    LARGE_INTEGER freq, now;

    QueryPerformanceFrequency(&freq);
    QueryPerformanceCounter(&now);
    return (double)now.QuadPart * 1000.0 / (double)freq.QuadPart;
}

#endif /* KEEP_PE_TAP_H */

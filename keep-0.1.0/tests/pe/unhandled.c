/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unhandled.exe - the unhandled-exception filter.
 *
 * A first RaiseException reaches the filter, which answers
 * EXCEPTION_CONTINUE_EXECUTION: RaiseException returns.  A second one is
 * answered with EXCEPTION_EXECUTE_HANDLER, which ends the process with the
 * exception code 0xE0000042 as its exit code (the host sees 0x42 = 66).
 * The plan line is printed by the filter before it lets the process end;
 * the harness checks the exit code.
 */
#include "tap.h"
#include <string.h>

#define RESUME_CODE 0xE0000041u
#define FATAL_CODE 0xE0000042u

static volatile LONG filter_calls;

static LONG WINAPI filter(EXCEPTION_POINTERS *ep)
{
    EXCEPTION_RECORD *rec = ep->ExceptionRecord;

    InterlockedIncrement(&filter_calls);
    if (rec->ExceptionCode == RESUME_CODE)
        return EXCEPTION_CONTINUE_EXECUTION;
    OKF(rec->ExceptionCode == FATAL_CODE, "the filter sees the second exception's code",
        "code %#lx", (unsigned long)rec->ExceptionCode);
    OKF(rec->NumberParameters == 2 && rec->ExceptionInformation[0] == 11 &&
            rec->ExceptionInformation[1] == 22,
        "and its parameters", "%lu parameters", (unsigned long)rec->NumberParameters);
    OK(filter_calls == 2, "the filter was called once per exception");
    tap_done();
    return EXCEPTION_EXECUTE_HANDLER; /* the process ends with FATAL_CODE */
}

int main(void)
{
    const ULONG_PTR params[2] = { 11, 22 };
    volatile int after = 0;

    SetUnhandledExceptionFilter(filter);
    OK(SetUnhandledExceptionFilter(filter) == filter,
       "SetUnhandledExceptionFilter returns the filter it replaces");
    RaiseException(RESUME_CODE, 0, 0, NULL);
    after = 1;
    OK(filter_calls == 1 && after == 1,
       "EXCEPTION_CONTINUE_EXECUTION from the filter resumes after RaiseException");
    RaiseException(FATAL_CODE, 0, 2, params);
    OK(0, "EXCEPTION_EXECUTE_HANDLER from the filter ends the process");
    return tap_done();
}

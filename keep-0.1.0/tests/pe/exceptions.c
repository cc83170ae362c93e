/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * exceptions.exe - hardware and software exceptions caught by vectored
 * exception handlers: access violations (read, write, execute), integer
 * division faults, illegal and privileged instructions, breakpoints,
 * RaiseException, handler order, faults in other threads, stack overflow,
 * setjmp/longjmp across frames (an unwind on x64) and stack walking.
 * The unhandled-exception filter is in unhandled.c: it ends the process.
 */
#include "tap.h"
#include "probe.h"
#include <limits.h>
#include <setjmp.h>
#include <string.h>

#define CUSTOM_CODE 0xE0001234u
#define ORDER_CODE 0xE0005678u

/* The last exception the main handler saw, other than the probes'. */
static struct {
    volatile LONG count;
    EXCEPTION_RECORD rec;
    DWORD64 rip;
    BYTE at_rip;
} seen;

static unsigned char *nx_page;

static void record(EXCEPTION_POINTERS *ep)
{
    seen.rec = *ep->ExceptionRecord;
    seen.rip = ep->ContextRecord->Rip;
    InterlockedIncrement(&seen.count);
}

/* A call into non-executable memory faulted: return to the caller with -1. */
static LONG return_from_bad_call(CONTEXT *ctx)
{
    ctx->Rip = *(DWORD64 *)(ULONG_PTR)ctx->Rsp;
    ctx->Rsp += 8;
    ctx->Rax = (DWORD64)-1;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG CALLBACK main_handler(EXCEPTION_POINTERS *ep)
{
    EXCEPTION_RECORD *rec = ep->ExceptionRecord;
    CONTEXT *ctx = ep->ContextRecord;

    if (probe_recover(ep) == EXCEPTION_CONTINUE_EXECUTION)
        return EXCEPTION_CONTINUE_EXECUTION;
    switch (rec->ExceptionCode) {
    case EXCEPTION_BREAKPOINT:
        record(ep);
        seen.at_rip = *(BYTE *)(ULONG_PTR)ctx->Rip;
        if (seen.at_rip == 0xcc) /* Rip is at the int3: step over it */
            ctx->Rip++;
        return EXCEPTION_CONTINUE_EXECUTION;
    case CUSTOM_CODE:
        record(ep);
        return EXCEPTION_CONTINUE_EXECUTION;
    case EXCEPTION_ACCESS_VIOLATION:
        if (nx_page && rec->ExceptionAddress == nx_page) {
            record(ep);
            return return_from_bad_call(ctx);
        }
        break;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

/* ---- access violations -------------------------------------------------- */

static const char read_only_data[] = "in .rdata";

static void check_access_violations(void)
{
    DWORD old;
    char *page;

    probe_reset();
    OK(probe_read(NULL) == -1 && probe_last.count == 1, "a read of NULL is caught");
    OKF(probe_last.code == EXCEPTION_ACCESS_VIOLATION, "the code is EXCEPTION_ACCESS_VIOLATION",
        "code %#lx", (unsigned long)probe_last.code);
    OKF(probe_last.nparams == 2 && probe_last.info[0] == 0 && probe_last.info[1] == 0,
        "the information says: a read, at address 0", "%lu parameters: %#llx %#llx",
        (unsigned long)probe_last.nparams, (unsigned long long)probe_last.info[0],
        (unsigned long long)probe_last.info[1]);
    OK(probe_last.address == (void *)probe_read_insn, "ExceptionAddress is the faulting instruction");

    page = VirtualAlloc(NULL, 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    VirtualProtect(page, 4096, PAGE_READONLY, &old);
    probe_reset();
    OK(probe_write(page + 123, 1) == -1 && probe_last.count == 1,
       "a write to a read-only page is caught");
    OKF(probe_last.code == EXCEPTION_ACCESS_VIOLATION && probe_last.info[0] == 1 &&
            probe_last.info[1] == (ULONG_PTR)(page + 123),
        "the information says: a write, at that address", "code %#lx info %#llx %#llx",
        (unsigned long)probe_last.code, (unsigned long long)probe_last.info[0],
        (unsigned long long)probe_last.info[1]);
    VirtualFree(page, 0, MEM_RELEASE);

    probe_reset();
    OK(probe_write((void *)read_only_data, 'X') == -1 && probe_last.code == EXCEPTION_ACCESS_VIOLATION,
       "a write to the image's read-only data is caught");
    OK(read_only_data[0] == 'i', "the read-only data is unchanged");
}

static void check_execute_violation(void)
{
    int (*fn)(void);

    nx_page = VirtualAlloc(NULL, 4096, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    nx_page[0] = 0xc3; /* ret */
    fn = (int (*)(void))nx_page;
    seen.count = 0;
    OK(fn() == -1 && seen.count == 1, "a call into non-executable memory is caught");
    OKF(seen.rec.ExceptionCode == EXCEPTION_ACCESS_VIOLATION &&
            seen.rec.ExceptionInformation[0] == 8 &&
            seen.rec.ExceptionInformation[1] == (ULONG_PTR)nx_page,
        "the information says: an execute (8), at that address", "code %#lx info %#llx %#llx",
        (unsigned long)seen.rec.ExceptionCode,
        (unsigned long long)seen.rec.ExceptionInformation[0],
        (unsigned long long)seen.rec.ExceptionInformation[1]);
    VirtualFree(nx_page, 0, MEM_RELEASE);
    nx_page = NULL;
}

/* ---- other hardware exceptions ------------------------------------------ */

static void check_divide(void)
{
    volatile int a = 7, zero = 0;

    probe_reset();
    probe_result = -12345;
    OK(probe_div(a, zero) == -12345 && probe_last.count == 1, "an integer division by zero is caught");
    OKF(probe_last.code == EXCEPTION_INT_DIVIDE_BY_ZERO, "the code is EXCEPTION_INT_DIVIDE_BY_ZERO",
        "code %#lx", (unsigned long)probe_last.code);
    probe_result = -1;
    OK(probe_div(a, 2) == 3, "an ordinary division still works");
}

static void check_bad_instructions(void)
{
    probe_reset();
    OK(probe_ud2() == -1 && probe_last.count == 1, "ud2 is caught");
    OKF(probe_last.code == EXCEPTION_ILLEGAL_INSTRUCTION, "the code is EXCEPTION_ILLEGAL_INSTRUCTION",
        "code %#lx", (unsigned long)probe_last.code);
    probe_reset();
    OK(probe_hlt() == -1 && probe_last.count == 1, "hlt is caught");
    OKF(probe_last.code == EXCEPTION_PRIV_INSTRUCTION, "the code is EXCEPTION_PRIV_INSTRUCTION",
        "code %#lx", (unsigned long)probe_last.code);
}

static void check_breakpoint(void)
{
    volatile int after = 0;

    seen.count = 0;
    __debugbreak();
    after = 1;
    OK(seen.count == 1 && after == 1, "__debugbreak is caught and execution continues after it");
    OKF(seen.rec.ExceptionCode == EXCEPTION_BREAKPOINT, "the code is EXCEPTION_BREAKPOINT",
        "code %#lx", (unsigned long)seen.rec.ExceptionCode);
    OKF(*(BYTE *)seen.rec.ExceptionAddress == 0xcc && seen.at_rip == 0xcc,
        "ExceptionAddress and Rip point at the int3", "address %p rip %#llx",
        seen.rec.ExceptionAddress, (unsigned long long)seen.rip);
}

/* ---- software exceptions ------------------------------------------------ */

static void check_raise(void)
{
    const ULONG_PTR params[3] = { 1, 0xdeadbeef, (ULONG_PTR)&seen };
    volatile int after = 0;

    seen.count = 0;
    RaiseException(CUSTOM_CODE, 0, 3, params);
    after = 1;
    OK(seen.count == 1 && after == 1, "RaiseException is caught and returns");
    OKF(seen.rec.ExceptionCode == CUSTOM_CODE && seen.rec.ExceptionFlags == 0,
        "the record has the custom code, continuable", "code %#lx flags %#lx",
        (unsigned long)seen.rec.ExceptionCode, (unsigned long)seen.rec.ExceptionFlags);
    OKF(seen.rec.NumberParameters == 3 && !memcmp(seen.rec.ExceptionInformation, params, sizeof(params)),
        "the record has the 3 parameters", "%lu parameters",
        (unsigned long)seen.rec.NumberParameters);
}

static char order[16];
static volatile LONG order_len;

static void note(char c)
{
    LONG i = InterlockedIncrement(&order_len) - 1;

    if (i < (LONG)sizeof(order) - 1)
        order[i] = c;
}

static LONG CALLBACK first_handler(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode == ORDER_CODE)
        note('A');
    return EXCEPTION_CONTINUE_SEARCH;
}

static LONG CALLBACK last_handler(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode != ORDER_CODE)
        return EXCEPTION_CONTINUE_SEARCH;
    note('C');
    return EXCEPTION_CONTINUE_EXECUTION;
}

static LONG CALLBACK middle_handler(EXCEPTION_POINTERS *ep)
{
    if (ep->ExceptionRecord->ExceptionCode == ORDER_CODE)
        note('B');
    return EXCEPTION_CONTINUE_SEARCH;
}

static void raise_order(void)
{
    memset(order, 0, sizeof(order));
    order_len = 0;
    RaiseException(ORDER_CODE, 0, 0, NULL);
}

static void check_handler_order(void)
{
    void *middle = AddVectoredExceptionHandler(1, middle_handler);
    void *first = AddVectoredExceptionHandler(1, first_handler);
    void *last = AddVectoredExceptionHandler(0, last_handler);

    raise_order();
    OKF(!strcmp(order, "ABC"), "vectored handlers run in list order: added First at the head, else at the tail",
        "order [%s]", order);
    OK(RemoveVectoredExceptionHandler(first), "RemoveVectoredExceptionHandler");
    raise_order();
    OKF(!strcmp(order, "BC"), "a removed handler is no longer called", "order [%s]", order);
    RemoveVectoredExceptionHandler(middle);
    RemoveVectoredExceptionHandler(last);
}

/* ---- other threads ------------------------------------------------------ */

static DWORD WINAPI fault_in_thread(void *arg)
{
    (void)arg;
    return (DWORD)probe_read(NULL);
}

static volatile char *volatile stack_top;
static volatile LONG overflow_seen;

static volatile int never = -1; /* a depth never reached: hides the endless recursion */

static __attribute__((noinline)) int recurse_forever(int depth)
{
    volatile char pad[512];

    if (depth == never)
        return 0;
    pad[0] = (char)depth;
    return recurse_forever(depth + 1) + pad[0];
}

static void exit_overflowed_thread(void)
{
    ExitThread(123);
}

static LONG CALLBACK overflow_handler(EXCEPTION_POINTERS *ep)
{
    CONTEXT *ctx = ep->ContextRecord;

    if (ep->ExceptionRecord->ExceptionCode != EXCEPTION_STACK_OVERFLOW || !stack_top)
        return EXCEPTION_CONTINUE_SEARCH;
    InterlockedIncrement(&overflow_seen);
    /* Abandon the recursion: go on near the top of the stack and exit. */
    ctx->Rsp = (((DWORD64)(ULONG_PTR)stack_top - 1024) & ~(DWORD64)15) - 8;
    ctx->Rip = (DWORD64)(ULONG_PTR)exit_overflowed_thread;
    return EXCEPTION_CONTINUE_EXECUTION;
}

static DWORD WINAPI overflow_thread(void *arg)
{
    volatile char here = 0;

    (void)arg;
    stack_top = &here;
    return (DWORD)recurse_forever(0);
}

static void check_threads(void)
{
    HANDLE h;
    DWORD code = 0;
    void *veh;

    probe_reset();
    h = CreateThread(NULL, 0, fault_in_thread, NULL, 0, NULL);
    WaitForSingleObject(h, 10000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    OK(code == (DWORD)-1 && probe_last.count == 1, "a fault in another thread is caught too");

    veh = AddVectoredExceptionHandler(1, overflow_handler);
    h = CreateThread(NULL, 256 * 1024, overflow_thread, NULL, STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    OK(WaitForSingleObject(h, 30000) == WAIT_OBJECT_0, "a thread overflowing its stack ends");
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    OKF(overflow_seen == 1 && code == 123, "it raised EXCEPTION_STACK_OVERFLOW once",
        "seen %ld, exit code %lu", (long)overflow_seen, (unsigned long)code);
    RemoveVectoredExceptionHandler(veh);
}

/* ---- setjmp/longjmp and stack walking ----------------------------------- */

static jmp_buf jump_target;

static __attribute__((noinline)) int dive(int depth)
{
    volatile int local = depth;

    if (depth == never)
        return 0;
    if (depth == 0)
        longjmp(jump_target, 5);
    return dive(depth - 1) + local;
}

static void check_longjmp(void)
{
    volatile int stage = 0;
    int r;

    r = setjmp(jump_target);
    if (r == 0) {
        stage = 1;
        dive(10);
        stage = 2; /* not reached */
    }
    OKF(r == 5 && stage == 1, "longjmp out of 10 frames returns to setjmp with its value",
        "setjmp returned %d, stage %d", r, (int)stage);
}

static __attribute__((noinline)) USHORT walk(int depth, void **frames, int max)
{
    volatile USHORT n; /* no tail call: every level keeps its frame */

    if (depth > 0)
        n = walk(depth - 1, frames, max);
    else
        n = RtlCaptureStackBackTrace(0, max, frames, NULL);
    return n;
}

static void check_stack_walk(void)
{
    void *frames[32] = { 0 };
    DWORD64 base = 0;
    USHORT n = walk(4, frames, 32);

    OKF(n >= 6, "RtlCaptureStackBackTrace walks through 5 nested calls", "%u frames", n);
    OK(RtlLookupFunctionEntry((DWORD64)(ULONG_PTR)walk, &base, NULL) != NULL &&
           base == (DWORD64)(ULONG_PTR)GetModuleHandleA(NULL),
       "RtlLookupFunctionEntry finds the exe's unwind data");
}

int main(void)
{
    void *veh = AddVectoredExceptionHandler(1, main_handler);

    OK(veh != NULL, "AddVectoredExceptionHandler");
    check_access_violations();
    check_execute_violation();
    check_divide();
    check_bad_instructions();
    check_breakpoint();
    check_raise();
    check_handler_order();
    check_threads();
    check_longjmp();
    check_stack_walk();
    RemoveVectoredExceptionHandler(veh);
    return tap_done();
}

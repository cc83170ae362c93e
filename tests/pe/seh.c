/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * seh.exe - frame-based (SEH) exception handlers, found through the unwind
 * tables as Windows finds them, not vectored handlers (exceptions.c):
 *   - a function's own language handler (.seh_handler) catches an access
 *     violation and resumes past the faulting instruction;
 *   - a __try/__except scope (the __C_specific_handler scope table MSVC and
 *     mingw's __try1 emit) catches an access violation three frames below
 *     it: its filter sees the fault, then RtlUnwindEx unwinds the frames in
 *     between and execution goes on at the scope's end, twice in a row.
 */
#include "tap.h"
#include <excpt.h>

static volatile LONG handler_calls;
static volatile DWORD handler_code;

/* The language handler of seh_resume: skip the 3-byte faulting load and
 * return 77 from it. */
EXCEPTION_DISPOSITION seh_language_handler(EXCEPTION_RECORD *rec, void *frame, CONTEXT *ctx,
                                           void *dispatch)
{
    (void)frame;
    (void)dispatch;
    if (rec->ExceptionFlags & (EXCEPTION_UNWINDING | EXCEPTION_EXIT_UNWIND))
        return ExceptionContinueSearch;
    InterlockedIncrement(&handler_calls);
    handler_code = rec->ExceptionCode;
    if (rec->ExceptionCode != EXCEPTION_ACCESS_VIOLATION)
        return ExceptionContinueSearch;
    ctx->Rip += 3;
    ctx->Rax = 77;
    return ExceptionContinueExecution;
}

/* Reads address 0 (movq (%rax),%rax: 3 bytes) in a frame whose unwind info
 * names seh_language_handler as its exception handler. */
int seh_resume(void);
__asm__(".text\n"
        ".globl seh_resume\n"
        ".def seh_resume; .scl 2; .type 32; .endef\n"
        ".seh_proc seh_resume\n"
        "seh_resume:\n"
        "    subq $40, %rsp\n"
        "    .seh_stackalloc 40\n"
        "    .seh_endprologue\n"
        "    .seh_handler seh_language_handler, @except\n"
        "    xorl %eax, %eax\n"
        "    movq (%rax), %rax\n"
        "    addq $40, %rsp\n"
        "    ret\n"
        ".seh_endproc\n");

static void check_language_handler(void)
{
    int r = seh_resume();
    OKF(r == 77 && handler_calls == 1 && handler_code == EXCEPTION_ACCESS_VIOLATION,
        "a frame's own handler catches an access violation and resumes", "r=%d calls=%ld code=%#lx",
        r, handler_calls, handler_code);
}

/* ---- __try / __except --------------------------------------------------- */

static volatile LONG filter_calls, after_fault, unwound_to_except;
static volatile DWORD filter_code;
static volatile ULONG_PTR filter_address;
static volatile int *volatile bad_pointer = (int *)(ULONG_PTR)0x10;

LONG seh_filter(EXCEPTION_POINTERS *ep, void *frame)
{
    (void)frame;
    InterlockedIncrement(&filter_calls);
    filter_code = ep->ExceptionRecord->ExceptionCode;
    filter_address = ep->ExceptionRecord->NumberParameters >= 2
                         ? ep->ExceptionRecord->ExceptionInformation[1] : 0;
    return EXCEPTION_EXECUTE_HANDLER;
}

static __attribute__((noinline)) int fault_below(int depth)
{
    if (depth > 0)
        return fault_below(depth - 1) + 1;
    return *bad_pointer;
}

/* The scope covers the call; its end is the __except block's start. */
static __attribute__((noinline)) void guarded_call(void)
{
    __try1(seh_filter)
    fault_below(2);
    after_fault = 1;
    __except1
    unwound_to_except++;
}

static void check_try_except(void)
{
    guarded_call();
    OKF(filter_calls == 1 && filter_code == EXCEPTION_ACCESS_VIOLATION && filter_address == 0x10,
        "a __try filter sees the access violation three frames below",
        "calls=%ld code=%#lx address=%#llx", filter_calls, filter_code,
        (unsigned long long)filter_address);
    OKF(unwound_to_except == 1 && !after_fault,
        "the frames are unwound and the __except block runs, not the code after the fault",
        "except=%ld after=%ld", unwound_to_except, after_fault);
    guarded_call();
    OKF(filter_calls == 2 && unwound_to_except == 2 && !after_fault,
        "the same scope catches a second fault", "calls=%ld except=%ld", filter_calls,
        unwound_to_except);
}

int main(void)
{
    check_language_handler();
    check_try_except();
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syscallabi.exe - system calls keep the Windows x64 ABI: after a call into
 * ntdll's Nt* functions (the syscall thunks and keep's dispatcher) the
 * nonvolatile registers rbx, rbp, rsi, rdi, r12-r15, xmm6-xmm15, the MXCSR
 * control bits and the x87 control word hold what they held before, on the
 * fast return, after an APC delivered through KiUserApcDispatcher and
 * NtContinue, and after a fault inside the kernel; NtGetContextThread of
 * the thread itself reports them.
 *
 * abi_call loads chosen values into those registers, calls the function
 * with up to 12 arguments and stores the registers as the call left them.
 */
#include "tap.h"
#include <stdint.h>
#include <string.h>
#include <winternl.h>

#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0)
#endif

struct regs {
    uint64_t gpr[8];                /* rbx rbp rsi rdi r12 r13 r14 r15 */
    uint8_t xmm[10][16];            /* xmm6-15 */
    uint32_t mxcsr;
    uint16_t fcw;
    uint16_t pad;
};

/* uint64_t abi_call(void *fn, const uint64_t args[12], const struct regs *in,
 *                   struct regs *out) */
uint64_t abi_call(void *fn, const uint64_t *args, const struct regs *in, struct regs *out);
__asm__(".globl abi_call\n"
        "abi_call:\n"
        "    pushq %rbx\n pushq %rbp\n pushq %rsi\n pushq %rdi\n"
        "    pushq %r12\n pushq %r13\n pushq %r14\n pushq %r15\n"
        "    subq $0x118, %rsp\n"
        /* the caller's xmm6-15, MXCSR and control word; out at 0x60 */
        "    movaps %xmm6, 0x70(%rsp)\n movaps %xmm7, 0x80(%rsp)\n"
        "    movaps %xmm8, 0x90(%rsp)\n movaps %xmm9, 0xa0(%rsp)\n"
        "    movaps %xmm10, 0xb0(%rsp)\n movaps %xmm11, 0xc0(%rsp)\n"
        "    movaps %xmm12, 0xd0(%rsp)\n movaps %xmm13, 0xe0(%rsp)\n"
        "    movaps %xmm14, 0xf0(%rsp)\n movaps %xmm15, 0x100(%rsp)\n"
        "    stmxcsr 0x110(%rsp)\n fnstcw 0x114(%rsp)\n"
        "    movq %r9, 0x60(%rsp)\n"
        "    movq %rcx, %rax\n"
        "    movq %rdx, %r10\n"
        /* arguments 5-12 on the stack */
        "    movq 0x20(%r10), %r11\n movq %r11, 0x20(%rsp)\n"
        "    movq 0x28(%r10), %r11\n movq %r11, 0x28(%rsp)\n"
        "    movq 0x30(%r10), %r11\n movq %r11, 0x30(%rsp)\n"
        "    movq 0x38(%r10), %r11\n movq %r11, 0x38(%rsp)\n"
        "    movq 0x40(%r10), %r11\n movq %r11, 0x40(%rsp)\n"
        "    movq 0x48(%r10), %r11\n movq %r11, 0x48(%rsp)\n"
        "    movq 0x50(%r10), %r11\n movq %r11, 0x50(%rsp)\n"
        "    movq 0x58(%r10), %r11\n movq %r11, 0x58(%rsp)\n"
        /* the chosen register values */
        "    movq 0x00(%r8), %rbx\n movq 0x08(%r8), %rbp\n"
        "    movq 0x10(%r8), %rsi\n movq 0x18(%r8), %rdi\n"
        "    movq 0x20(%r8), %r12\n movq 0x28(%r8), %r13\n"
        "    movq 0x30(%r8), %r14\n movq 0x38(%r8), %r15\n"
        "    movups 0x40(%r8), %xmm6\n movups 0x50(%r8), %xmm7\n"
        "    movups 0x60(%r8), %xmm8\n movups 0x70(%r8), %xmm9\n"
        "    movups 0x80(%r8), %xmm10\n movups 0x90(%r8), %xmm11\n"
        "    movups 0xa0(%r8), %xmm12\n movups 0xb0(%r8), %xmm13\n"
        "    movups 0xc0(%r8), %xmm14\n movups 0xd0(%r8), %xmm15\n"
        "    ldmxcsr 0xe0(%r8)\n fldcw 0xe4(%r8)\n"
        "    movq 0x00(%r10), %rcx\n movq 0x08(%r10), %rdx\n"
        "    movq 0x18(%r10), %r9\n movq 0x10(%r10), %r8\n"
        "    callq *%rax\n"
        /* what the call left */
        "    movq 0x60(%rsp), %r11\n"
        "    movq %rbx, 0x00(%r11)\n movq %rbp, 0x08(%r11)\n"
        "    movq %rsi, 0x10(%r11)\n movq %rdi, 0x18(%r11)\n"
        "    movq %r12, 0x20(%r11)\n movq %r13, 0x28(%r11)\n"
        "    movq %r14, 0x30(%r11)\n movq %r15, 0x38(%r11)\n"
        "    movups %xmm6, 0x40(%r11)\n movups %xmm7, 0x50(%r11)\n"
        "    movups %xmm8, 0x60(%r11)\n movups %xmm9, 0x70(%r11)\n"
        "    movups %xmm10, 0x80(%r11)\n movups %xmm11, 0x90(%r11)\n"
        "    movups %xmm12, 0xa0(%r11)\n movups %xmm13, 0xb0(%r11)\n"
        "    movups %xmm14, 0xc0(%r11)\n movups %xmm15, 0xd0(%r11)\n"
        "    stmxcsr 0xe0(%r11)\n fnstcw 0xe4(%r11)\n"
        /* the caller's state back */
        "    ldmxcsr 0x110(%rsp)\n fldcw 0x114(%rsp)\n"
        "    movaps 0x70(%rsp), %xmm6\n movaps 0x80(%rsp), %xmm7\n"
        "    movaps 0x90(%rsp), %xmm8\n movaps 0xa0(%rsp), %xmm9\n"
        "    movaps 0xb0(%rsp), %xmm10\n movaps 0xc0(%rsp), %xmm11\n"
        "    movaps 0xd0(%rsp), %xmm12\n movaps 0xe0(%rsp), %xmm13\n"
        "    movaps 0xf0(%rsp), %xmm14\n movaps 0x100(%rsp), %xmm15\n"
        "    addq $0x118, %rsp\n"
        "    popq %r15\n popq %r14\n popq %r13\n popq %r12\n"
        "    popq %rdi\n popq %rsi\n popq %rbp\n popq %rbx\n"
        "    ret\n");

/* MXCSR: round toward zero, flush to zero, all exceptions masked; x87:
 * 53-bit precision, round up.  Neither is the default. */
#define TEST_MXCSR 0xff80u
#define TEST_FCW 0x0a7fu
#define MXCSR_STATUS 0x3fu

static void fill_regs(struct regs *r, unsigned seed)
{
    memset(r, 0, sizeof(*r));
    for (int i = 0; i < 8; i++)
        r->gpr[i] = 0x1111111111111111ull * (uint64_t)(i + 1) + seed;
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 16; j++)
            r->xmm[i][j] = (uint8_t)(0x40 + i * 16 + j + seed);
    r->mxcsr = TEST_MXCSR;
    r->fcw = TEST_FCW;
}

/* Which of the nonvolatile registers differ; "" when none. */
static const char *diff_regs(const struct regs *in, const struct regs *out)
{
    static const char *gpr_names[8] = { "rbx", "rbp", "rsi", "rdi", "r12", "r13", "r14", "r15" };
    static char buf[256];

    buf[0] = 0;
    for (int i = 0; i < 8; i++)
        if (in->gpr[i] != out->gpr[i])
            snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " %s", gpr_names[i]);
    for (int i = 0; i < 10; i++)
        if (memcmp(in->xmm[i], out->xmm[i], 16))
            snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " xmm%d", i + 6);
    if ((in->mxcsr & ~MXCSR_STATUS) != (out->mxcsr & ~MXCSR_STATUS))
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " mxcsr=%#x", out->mxcsr);
    if (in->fcw != out->fcw)
        snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " fcw=%#x", out->fcw);
    return buf;
}

static void *nt(const char *name)
{
    return (void *)GetProcAddress(GetModuleHandleA("ntdll.dll"), name);
}

/* Call fn(args) with chosen registers; check the status and the registers. */
static void check_call(const char *what, void *fn, const uint64_t *args, NTSTATUS want)
{
    struct regs in, out;
    NTSTATUS st;

    fill_regs(&in, 3);
    st = (NTSTATUS)abi_call(fn, args, &in, &out);
    OKF(st == want, what, "status %#lx, expected %#lx", (unsigned long)st, (unsigned long)want);
    const char *d = diff_regs(&in, &out);
    char desc[200];
    snprintf(desc, sizeof(desc), "%s keeps the nonvolatile registers", what);
    OKF(!*d, desc, "changed:%s", d);
}

static void check_fast_paths(void)
{
    static char buf[4096];
    uint64_t args[12] = { 0 };
    IO_STATUS_BLOCK io;
    LARGE_INTEGER offset = { .QuadPart = 0 };
    HANDLE file = CreateFileA("abi.tmp", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                              FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD n;

    OK(file != INVALID_HANDLE_VALUE && WriteFile(file, "0123456789", 10, &n, NULL),
       "a file to read");
    check_call("NtYieldExecution", nt("NtYieldExecution"), args, STATUS_SUCCESS);

    /* nine arguments: five of them copied from the user stack */
    args[0] = (uint64_t)(uintptr_t)file;
    args[4] = (uint64_t)(uintptr_t)&io;
    args[5] = (uint64_t)(uintptr_t)buf;
    args[6] = sizeof(buf);
    args[7] = (uint64_t)(uintptr_t)&offset;
    check_call("NtReadFile", nt("NtReadFile"), args, STATUS_SUCCESS);
    OKF(io.Information == 10 && !memcmp(buf, "0123456789", 10), "NtReadFile read the file",
        "%lu bytes", (unsigned long)io.Information);
    CloseHandle(file);
    DeleteFileA("abi.tmp");

    /* a bad pointer: the kernel faults and abandons the call */
    memset(args, 0, sizeof(args));
    args[0] = (uint64_t)(uintptr_t)GetCurrentThread();
    args[1] = 16;
    check_call("NtGetContextThread(bad pointer)", nt("NtGetContextThread"), args,
               STATUS_ACCESS_VIOLATION);
}

static volatile LONG apc_ran;

static void CALLBACK apc_routine(ULONG_PTR arg)
{
    /* the APC routine itself may use every register */
    volatile double x = (double)arg;
    x = x / 3.0;
    InterlockedExchange(&apc_ran, (LONG)(x > 0));
}

static void check_apc(void)
{
    uint64_t args[12] = { 0 };
    LARGE_INTEGER timeout = { .QuadPart = -10000000 };   /* 1 s */

    OK(QueueUserAPC(apc_routine, GetCurrentThread(), 7), "QueueUserAPC");
    args[0] = TRUE;     /* alertable */
    args[1] = (uint64_t)(uintptr_t)&timeout;
    check_call("NtDelayExecution with a user APC", nt("NtDelayExecution"), args,
               STATUS_USER_APC);
    OK(apc_ran, "the APC ran");
}

static void check_own_context(void)
{
    uint64_t args[12] = { 0 };
    struct regs in, out;
    CONTEXT *ctx = _aligned_malloc(sizeof(CONTEXT), 16);
    NTSTATUS st;

    memset(ctx, 0, sizeof(*ctx));
    ctx->ContextFlags = CONTEXT_FULL;
    args[0] = (uint64_t)(uintptr_t)GetCurrentThread();
    args[1] = (uint64_t)(uintptr_t)ctx;
    fill_regs(&in, 5);
    st = (NTSTATUS)abi_call(nt("NtGetContextThread"), args, &in, &out);
    OKF(st == STATUS_SUCCESS, "NtGetContextThread of the thread itself", "status %#lx",
        (unsigned long)st);
    OKF(ctx->Rbx == in.gpr[0] && ctx->Rsi == in.gpr[2] && ctx->R12 == in.gpr[4] &&
            ctx->R15 == in.gpr[7],
        "the context has the caller's rbx, rsi, r12, r15", "rbx %#llx", ctx->Rbx);
    OKF(!memcmp(&ctx->Xmm6, in.xmm[0], 16) && !memcmp(&ctx->Xmm15, in.xmm[9], 16),
        "the context has the caller's xmm6 and xmm15", "xmm6 starts %02x",
        ((uint8_t *)&ctx->Xmm6)[0]);
    OKF((ctx->MxCsr & ~MXCSR_STATUS) == TEST_MXCSR && ctx->FltSave.ControlWord == TEST_FCW,
        "the context has the caller's MXCSR and x87 control word", "mxcsr %#lx fcw %#x",
        (unsigned long)ctx->MxCsr, ctx->FltSave.ControlWord);
    OKF(ctx->FltSave.TagWord == 0, "the context's x87 stack is empty", "tag %#x",
        ctx->FltSave.TagWord);
    const char *d = diff_regs(&in, &out);
    OKF(!*d, "NtGetContextThread keeps the nonvolatile registers", "changed:%s", d);
    _aligned_free(ctx);
}

/* Many calls: a register the kernel clobbers only now and then shows. */
static void check_many(void)
{
    uint64_t args[12] = { 0 };
    struct regs in, out;
    int bad = 0;
    const char *d = "";

    for (unsigned i = 0; i < 2000 && !bad; i++) {
        fill_regs(&in, i);
        abi_call(nt("NtYieldExecution"), args, &in, &out);
        d = diff_regs(&in, &out);
        bad = *d != 0;
    }
    OKF(!bad, "2000 calls keep the nonvolatile registers", "changed:%s", d);
}

int main(void)
{
    check_fast_paths();
    check_apc();
    check_own_context();
    check_many();
    return tap_done();
}

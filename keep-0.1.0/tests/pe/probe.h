/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * probe.h - faulting instructions at known addresses, for the memory and
 * exception tests.
 *
 * Each probe is a leaf function written in assembly whose faulting
 * instruction sits between the labels NAME_insn and NAME_end.  A vectored
 * exception handler that sees the fault at NAME_insn resumes the thread at
 * NAME_end with a chosen return value in RAX (probe_recover), so a test can
 * provoke a fault and carry on without decoding instruction lengths.
 * After a fault a probe returns probe_result (-1 unless a test changes it).
 *
 *   int probe_read(const volatile void *p)      the byte at p
 *   int probe_write(volatile void *p, int v)    1 once the byte is stored
 *   int probe_div(int a, int b)                 a / b (idiv)
 *   int probe_ud2(void)                         1 (an illegal instruction)
 *   int probe_hlt(void)                         1 (a privileged instruction)
 */
#ifndef KEEP_PE_PROBE_H
#define KEEP_PE_PROBE_H

#include <windows.h>

__asm__(".text\n"
        ".p2align 4\n"
        ".globl probe_read\n"
        "probe_read:\n"
        "probe_read_insn:\n"
        "    movzbl (%rcx), %eax\n"
        "probe_read_end:\n"
        "    ret\n"
        ".p2align 4\n"
        ".globl probe_write\n"
        "probe_write:\n"
        "    movl $1, %eax\n"
        "probe_write_insn:\n"
        "    movb %dl, (%rcx)\n"
        "probe_write_end:\n"
        "    ret\n"
        ".p2align 4\n"
        ".globl probe_div\n"
        "probe_div:\n"
        "    movl %edx, %r8d\n"
        "    movl %ecx, %eax\n"
        "    cltd\n"
        "probe_div_insn:\n"
        "    idivl %r8d\n"
        "probe_div_end:\n"
        "    ret\n"
        ".p2align 4\n"
        ".globl probe_ud2\n"
        "probe_ud2:\n"
        "    movl $1, %eax\n"
        "probe_ud2_insn:\n"
        "    ud2\n"
        "probe_ud2_end:\n"
        "    ret\n"
        ".p2align 4\n"
        ".globl probe_hlt\n"
        "probe_hlt:\n"
        "    movl $1, %eax\n"
        "probe_hlt_insn:\n"
        "    hlt\n"
        "probe_hlt_end:\n"
        "    ret\n"
        ".globl probe_read_insn, probe_read_end, probe_write_insn, probe_write_end\n"
        ".globl probe_div_insn, probe_div_end, probe_ud2_insn, probe_ud2_end\n"
        ".globl probe_hlt_insn, probe_hlt_end\n");

int probe_read(const volatile void *p);
int probe_write(volatile void *p, int v);
int probe_div(int a, int b);
int probe_ud2(void);
int probe_hlt(void);
extern const char probe_read_insn[], probe_read_end[];
extern const char probe_write_insn[], probe_write_end[];
extern const char probe_div_insn[], probe_div_end[];
extern const char probe_ud2_insn[], probe_ud2_end[];
extern const char probe_hlt_insn[], probe_hlt_end[];

/* What the last probe fault looked like. */
struct probe_fault {
    volatile LONG count;       /* faults seen at a probe instruction */
    DWORD code;                /* ExceptionCode */
    DWORD flags;               /* ExceptionFlags */
    DWORD nparams;             /* NumberParameters */
    ULONG_PTR info[2];         /* ExceptionInformation[0..1] */
    void *address;             /* ExceptionAddress */
    DWORD64 rip;               /* Context->Rip at the fault */
};

static struct probe_fault probe_last;
static volatile LONG probe_result = -1; /* RAX to resume with */

/*
 * If the exception happened at one of the probes' faulting instructions,
 * record it and resume after the instruction with probe_result in RAX.
 * Returns EXCEPTION_CONTINUE_EXECUTION then, EXCEPTION_CONTINUE_SEARCH
 * otherwise.
 */
static LONG probe_recover(EXCEPTION_POINTERS *ep)
{
    static const struct { const char *insn, *end; } probes[] = {
        { probe_read_insn, probe_read_end },   { probe_write_insn, probe_write_end },
        { probe_div_insn, probe_div_end },     { probe_ud2_insn, probe_ud2_end },
        { probe_hlt_insn, probe_hlt_end },
    };
    EXCEPTION_RECORD *rec = ep->ExceptionRecord;
    CONTEXT *ctx = ep->ContextRecord;

    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        if (ctx->Rip != (DWORD64)(ULONG_PTR)probes[i].insn)
            continue;
        probe_last.code = rec->ExceptionCode;
        probe_last.flags = rec->ExceptionFlags;
        probe_last.nparams = rec->NumberParameters;
        probe_last.info[0] = rec->NumberParameters > 0 ? rec->ExceptionInformation[0] : 0;
        probe_last.info[1] = rec->NumberParameters > 1 ? rec->ExceptionInformation[1] : 0;
        probe_last.address = rec->ExceptionAddress;
        probe_last.rip = ctx->Rip;
        InterlockedIncrement(&probe_last.count);
        ctx->Rip = (DWORD64)(ULONG_PTR)probes[i].end;
        ctx->Rax = (DWORD64)(LONG64)probe_result;
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return EXCEPTION_CONTINUE_SEARCH;
}

static void probe_reset(void)
{
    probe_last.count = 0;
    probe_last.code = 0;
    probe_last.flags = 0;
    probe_last.nparams = 0;
    probe_last.info[0] = probe_last.info[1] = 0;
    probe_last.address = NULL;
    probe_last.rip = 0;
}

#endif /* KEEP_PE_PROBE_H */

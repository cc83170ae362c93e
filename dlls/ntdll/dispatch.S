/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dispatch.S - the doors between user (PE) code and the kernel.
 *
 * Wine 8.0's syscall thunks do `mov %rcx,%r10; mov $id,%eax; ...;
 * call *0x7ffe1000` with the Windows x64 argument registers, so the
 * dispatcher is entered with the return address into the thunk on the user
 * stack, the 5th argument at [rsp+0x30] and the syscall id in eax.
 * It saves the user state into the thread's syscall frame (%gs:0x2f0),
 * switches to the kernel stack (which grows down from the frame), copies
 * the stack arguments and calls the ms_abi implementation.  The return path
 * restores either just the callee-saved state (fast) or, when the kernel
 * changed the thread's context (NtContinue, exceptions, APCs), everything,
 * through iretq.
 *
 * FPU/SSE state: at a call, the Windows x64 ABI makes only xmm6-15 and
 * the control bits of MXCSR and the x87 control word nonvolatile, and the
 * x87 register stack is empty.  The dispatcher stores just those into the
 * frame's FXSAVE image (SAVE_FP: what NtGetContextThread, APCs and
 * snapshots read; the volatile xmm0-5 and x87 registers there are stale,
 * the tag word says "empty").  The fast return restores none of it: every
 * syscall is an ms_abi function, which preserves xmm6-15 itself (gcc saves
 * them in its prologue since it calls sysv code), and no kernel code sets
 * MXCSR or the x87 control word.  Any other return (restore_flags != 0:
 * context changes, user callbacks, new threads, faults in the kernel, and
 * calls into sysv code: unix calls, the trace hooks) reloads the image
 * with fxrstor first.
 *
 * Frame offsets: see struct syscall_frame in kernel.h.
 */

#define FRAME_RAX 0x00
#define FRAME_RBX 0x08
#define FRAME_RCX 0x10
#define FRAME_RDX 0x18
#define FRAME_RSI 0x20
#define FRAME_RDI 0x28
#define FRAME_R8 0x30
#define FRAME_R9 0x38
#define FRAME_R10 0x40
#define FRAME_R11 0x48
#define FRAME_R12 0x50
#define FRAME_R13 0x58
#define FRAME_R14 0x60
#define FRAME_R15 0x68
#define FRAME_RIP 0x70
#define FRAME_RFLAGS 0x78
#define FRAME_RSP 0x80
#define FRAME_RBP 0x88
#define FRAME_RESTORE 0x90
#define FRAME_ID 0x94
#define FRAME_FXSAVE 0xc0
#define FRAME_YMMH 0x2c0
#define FRAME_RESTORE_YMMH 0x80000000

#define CONTEXT_CONTROL 1
#define CONTEXT_INTEGER 2
#define CONTEXT_FLOATING_POINT 8

#define TEB_FRAME 0x2f0

/* Offsets in the FXSAVE image */
#define FX_FCW 0x00
#define FX_FSW 0x02
#define FX_MXCSR 0x18
#define FX_XMM6 0x100

/* The nonvolatile FP state into the frame's FXSAVE image (frame in rcx). */
.macro SAVE_FP
    fnstcw FRAME_FXSAVE+FX_FCW(%rcx)
    movl $0, FRAME_FXSAVE+FX_FSW(%rcx)      /* status, tag (all empty) */
    stmxcsr FRAME_FXSAVE+FX_MXCSR(%rcx)
    movaps %xmm6, FRAME_FXSAVE+FX_XMM6+0x00(%rcx)
    movaps %xmm7, FRAME_FXSAVE+FX_XMM6+0x10(%rcx)
    movaps %xmm8, FRAME_FXSAVE+FX_XMM6+0x20(%rcx)
    movaps %xmm9, FRAME_FXSAVE+FX_XMM6+0x30(%rcx)
    movaps %xmm10, FRAME_FXSAVE+FX_XMM6+0x40(%rcx)
    movaps %xmm11, FRAME_FXSAVE+FX_XMM6+0x50(%rcx)
    movaps %xmm12, FRAME_FXSAVE+FX_XMM6+0x60(%rcx)
    movaps %xmm13, FRAME_FXSAVE+FX_XMM6+0x70(%rcx)
    movaps %xmm14, FRAME_FXSAVE+FX_XMM6+0x80(%rcx)
    movaps %xmm15, FRAME_FXSAVE+FX_XMM6+0x90(%rcx)
.endm

    /* with the kernel's KERNEL_HOT functions: few code pages per syscall */
    .section .text.hot.keep_dispatch, "ax", @progbits

/* ---- keep_syscall_dispatcher ---------------------------------------- */
    .globl keep_syscall_dispatcher
    .hidden keep_syscall_dispatcher
    .type keep_syscall_dispatcher, @function
    .align 16
keep_syscall_dispatcher:
    movq %gs:TEB_FRAME, %rcx
    popq FRAME_RIP(%rcx)
    pushfq
    popq FRAME_RFLAGS(%rcx)
    movl $0, FRAME_RESTORE(%rcx)
    movl %eax, FRAME_ID(%rcx)
    /* the register arguments too: a wait abandoned for a snapshot is made
       again from them (thread.c, thread_restart_syscall) */
    movq %r10, FRAME_R10(%rcx)
    movq %rdx, FRAME_RDX(%rcx)
    movq %r8, FRAME_R8(%rcx)
    movq %r9, FRAME_R9(%rcx)
    movq %rbx, FRAME_RBX(%rcx)
    movq %rsi, FRAME_RSI(%rcx)
    movq %rdi, FRAME_RDI(%rcx)
    movq %r12, FRAME_R12(%rcx)
    movq %r13, FRAME_R13(%rcx)
    movq %r14, FRAME_R14(%rcx)
    movq %r15, FRAME_R15(%rcx)
    movq %rsp, FRAME_RSP(%rcx)
    movq %rbp, FRAME_RBP(%rcx)
    SAVE_FP
    movq %rcx, %rbp                     /* frame, callee-saved */
    movq %rcx, %rsp                     /* the kernel stack ends at the frame */

    /* id = table << 12 | index; keep_syscall_tables[table] =
       { entries, count }, entries[index] = { func, argument bytes } */
    movl %eax, %ebx
    shrl $12, %ebx
    andl $3, %ebx
    shll $4, %ebx
    leaq keep_syscall_tables(%rip), %r11
    addq %rbx, %r11
    movl %eax, %ebx
    andl $0xfff, %ebx
    cmpq 8(%r11), %rbx
    jae .Lbad_syscall
    movq (%r11), %r11
    shll $4, %ebx
    movq (%r11,%rbx), %rax              /* function */
    movq 8(%r11,%rbx), %rbx             /* argument bytes */
    testq %rax, %rax
    jz .Lunimplemented

    subq $0x20, %rbx                    /* bytes of stack arguments */
    jbe 1f
    subq %rbx, %rsp
    subq $0x20, %rsp
    andq $~15, %rsp
    movq FRAME_RSP(%rbp), %rsi          /* 5th argument at 0x28(%rsi) */
    xorl %ecx, %ecx
3:  movq 0x28(%rsi,%rcx), %r11          /* a few words: no rep movs start-up */
    movq %r11, 0x20(%rsp,%rcx)
    addq $8, %rcx
    cmpq %rbx, %rcx
    jb 3b
    jmp 2f
1:  subq $0x20, %rsp                    /* home space */
2:  cmpb $0, keep_syscall_trace(%rip)
    jne .Ltraced
    movq %r10, %rcx                     /* arg 1 */
    callq *%rax
    movq %rbp, %rcx
    cmpl $0xe0ee0001, %eax              /* STATUS_KEEP_RESTART (kernel.h) */
    jne .Lreturn
    movq %rbp, %rdi
    andq $~15, %rsp
    callq keep_syscall_restart          /* does not return */
    ud2

    /* KEEPDEBUG=trace: report the call and its status (slow path) */
.Ltraced:
    orl $CONTEXT_FLOATING_POINT, FRAME_RESTORE(%rbp)   /* sysv calls below */
    movq %rax, %r12                     /* callee-saved: saved in the frame */
    movq %rdx, %r13
    movq %r8, %r14
    movq %r9, %r15
    movq %r10, %rbx
    movl FRAME_ID(%rbp), %edi
    subq $0x20, %rsp                    /* keep alignment; sysv needs none */
    callq keep_syscall_trace_enter
    addq $0x20, %rsp
    movq %rbx, %rcx
    movq %r13, %rdx
    movq %r14, %r8
    movq %r15, %r9
    callq *%r12
    movl FRAME_ID(%rbp), %edi
    movl %eax, %esi
    movl %eax, %ebx
    callq keep_syscall_trace_exit
    movl %ebx, %eax
    movq %rbp, %rcx
    cmpl $0xe0ee0001, %eax
    jne .Lreturn
    movq %rbp, %rdi
    andq $~15, %rsp
    callq keep_syscall_restart
    ud2

.Lunimplemented:
    orl $CONTEXT_FLOATING_POINT, FRAME_RESTORE(%rbp)   /* a sysv call */
    movl FRAME_ID(%rbp), %edi
    callq keep_syscall_unimplemented
    movq %rbp, %rcx
    jmp .Lreturn

.Lbad_syscall:
    movl $0xc000000d, %eax              /* STATUS_INVALID_PARAMETER */
    movq %rbp, %rcx
    jmp .Lreturn
    .size keep_syscall_dispatcher, .-keep_syscall_dispatcher

/* ---- keep_syscall_return(frame, status) ------------------------------- */
    .globl keep_syscall_return
    .hidden keep_syscall_return
    .type keep_syscall_return, @function
    .align 16
keep_syscall_return:
    movq %rdi, %rcx
    movq %rsi, %rax
.Lreturn:
    /* rcx = frame, rax = status */
    movl FRAME_RESTORE(%rcx), %edx
    testl %edx, %edx
    jz 1f
    fxrstor64 FRAME_FXSAVE(%rcx)
    testl $FRAME_RESTORE_YMMH, %edx
    jz 1f
    /* upper halves over the lower ones fxrstor64 loaded (it keeps them) */
    vinsertf128 $1, FRAME_YMMH+0x00(%rcx), %ymm0, %ymm0
    vinsertf128 $1, FRAME_YMMH+0x10(%rcx), %ymm1, %ymm1
    vinsertf128 $1, FRAME_YMMH+0x20(%rcx), %ymm2, %ymm2
    vinsertf128 $1, FRAME_YMMH+0x30(%rcx), %ymm3, %ymm3
    vinsertf128 $1, FRAME_YMMH+0x40(%rcx), %ymm4, %ymm4
    vinsertf128 $1, FRAME_YMMH+0x50(%rcx), %ymm5, %ymm5
    vinsertf128 $1, FRAME_YMMH+0x60(%rcx), %ymm6, %ymm6
    vinsertf128 $1, FRAME_YMMH+0x70(%rcx), %ymm7, %ymm7
    vinsertf128 $1, FRAME_YMMH+0x80(%rcx), %ymm8, %ymm8
    vinsertf128 $1, FRAME_YMMH+0x90(%rcx), %ymm9, %ymm9
    vinsertf128 $1, FRAME_YMMH+0xa0(%rcx), %ymm10, %ymm10
    vinsertf128 $1, FRAME_YMMH+0xb0(%rcx), %ymm11, %ymm11
    vinsertf128 $1, FRAME_YMMH+0xc0(%rcx), %ymm12, %ymm12
    vinsertf128 $1, FRAME_YMMH+0xd0(%rcx), %ymm13, %ymm13
    vinsertf128 $1, FRAME_YMMH+0xe0(%rcx), %ymm14, %ymm14
    vinsertf128 $1, FRAME_YMMH+0xf0(%rcx), %ymm15, %ymm15
1:  movq FRAME_RBX(%rcx), %rbx
    movq FRAME_RSI(%rcx), %rsi
    movq FRAME_RDI(%rcx), %rdi
    movq FRAME_R12(%rcx), %r12
    movq FRAME_R13(%rcx), %r13
    movq FRAME_R14(%rcx), %r14
    movq FRAME_R15(%rcx), %r15
    movq FRAME_RBP(%rcx), %rbp
    testl $(CONTEXT_CONTROL|CONTEXT_INTEGER), %edx
    jnz .Lfull_return
    movq FRAME_RSP(%rcx), %rsp
    pushq FRAME_RIP(%rcx)
    ret

.Lfull_return:
    /* iretq frame: ss, rsp, rflags, cs, rip */
    movq %ss, %r8
    pushq %r8
    pushq FRAME_RSP(%rcx)
    pushq FRAME_RFLAGS(%rcx)
    movq %cs, %r8
    pushq %r8
    pushq FRAME_RIP(%rcx)
    testl $CONTEXT_INTEGER, %edx
    jz 1f
    movq FRAME_RAX(%rcx), %rax
    movq FRAME_RDX(%rcx), %rdx
    movq FRAME_R8(%rcx), %r8
    movq FRAME_R9(%rcx), %r9
    movq FRAME_R10(%rcx), %r10
    movq FRAME_R11(%rcx), %r11
    movq FRAME_RCX(%rcx), %rcx
1:  iretq
    .size keep_syscall_return, .-keep_syscall_return

    .text

/* ---- keep_unix_call_dispatcher(handle, code, args) (ms_abi) ----------
 * Wine's PE DLLs call their unix library through ntdll.dll's
 * __wine_unix_call_dispatcher pointer: rcx = table of sysv functions,
 * edx = index, r8 = argument.  Runs like a syscall so that the callee may
 * use the frame (user callbacks, faults).
 */
    .globl keep_unix_call_dispatcher
    .hidden keep_unix_call_dispatcher
    .type keep_unix_call_dispatcher, @function
    .align 16
keep_unix_call_dispatcher:
    movq %rcx, %r10
    movq %gs:TEB_FRAME, %rcx
    popq FRAME_RIP(%rcx)
    pushfq
    popq FRAME_RFLAGS(%rcx)
    movl $CONTEXT_FLOATING_POINT, FRAME_RESTORE(%rcx)  /* sysv callee */
    movl $0xffffffff, FRAME_ID(%rcx)
    movq %rbx, FRAME_RBX(%rcx)
    movq %rsi, FRAME_RSI(%rcx)
    movq %rdi, FRAME_RDI(%rcx)
    movq %r12, FRAME_R12(%rcx)
    movq %r13, FRAME_R13(%rcx)
    movq %r14, FRAME_R14(%rcx)
    movq %r15, FRAME_R15(%rcx)
    movq %rsp, FRAME_RSP(%rcx)
    movq %rbp, FRAME_RBP(%rcx)
    SAVE_FP
    movq %rcx, %rbp
    movq %rcx, %rsp
    movl %edx, %edx
    movq (%r10,%rdx,8), %rax
    movq %r8, %rdi
    callq *%rax
    movq %rbp, %rcx
    jmp .Lreturn
    .size keep_unix_call_dispatcher, .-keep_unix_call_dispatcher

/* ---- keep_call_on_stack(fn, arg, stack_top) (sysv) ------------------- */
    .globl keep_call_on_stack
    .hidden keep_call_on_stack
    .type keep_call_on_stack, @function
    .align 16
keep_call_on_stack:
    movq %rdx, %rsp
    andq $~15, %rsp
    movq %rdi, %rax
    movq %rsi, %rdi
    xorl %ebp, %ebp
    callq *%rax
    ud2
    .size keep_call_on_stack, .-keep_call_on_stack

    .section .note.GNU-stack,"",@progbits

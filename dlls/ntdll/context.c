/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * context.c - thread contexts: conversions between CONTEXT and the two
 * places a thread's user registers live (its syscall frame while it is in
 * the kernel, a host_cpu_context while it is stopped in the upcall), and
 * the system calls that read or replace them: NtGetContextThread,
 * NtSetContextThread, NtContinue, NtRaiseException, and user APC
 * delivery through KiUserApcDispatcher.
 *
 * The frame holds the user state as of the syscall: the reported Rip/Rsp
 * are the syscall's return point.  A change to the frame takes effect
 * when the syscall returns: frame->restore_flags asks dispatch.S for a
 * full return (iretq, and every integer register when CONTEXT_INTEGER).
 *
 * Divisions: 1. conversions  2. contexts of threads  3. NtContinue and
 * exceptions raised by code  4. APCs  5. user callbacks
 */
#include "kernel.h"

/* ContextFlags without the architecture bit, as kept in restore_flags */
#define CTX_CONTROL 0x01
#define CTX_INTEGER 0x02
#define CTX_SEGMENTS 0x04
#define CTX_FLOATING_POINT 0x08
#define CTX_DEBUG 0x10
#define CTX_XSTATE 0x40

/* EFLAGS bits user code may set through a context: the arithmetic
 * flags, TF, DF, AC and ID.  IF and the reserved bit 1 are always set;
 * NT would make iretq fault in 64-bit mode. */
#define EFLAGS_USER 0x00240dd5u
#define EFLAGS_FIXED 0x00000202u

/* Struct apc_stack_layout of wine-interface.md 4.5, below the interrupted
 * stack pointer: KiUserApcDispatcher finds the APC routine at rsp+0x20
 * (after popping the return slot) and the CONTEXT at rsp+0x30. */
struct apc_stack_layout {
    ULONG64 save_regs[4];
    void *func;
    ULONG64 align;
    CONTEXT context;
    ULONG64 rbp;
    ULONG64 rip;
};
_Static_assert(offsetof(struct apc_stack_layout, context) == 0x30, "apc layout");

/* ---- 1. Conversions ------------------------------------------------------ */

static uint16_t read_sel(int which)
{
    uint16_t v = 0;
    switch (which) {
    case 0: __asm__ volatile("movw %%cs, %0" : "=r"(v)); break;
    case 1: __asm__ volatile("movw %%ss, %0" : "=r"(v)); break;
    case 2: __asm__ volatile("movw %%ds, %0" : "=r"(v)); break;
    case 3: __asm__ volatile("movw %%es, %0" : "=r"(v)); break;
    case 4: __asm__ volatile("movw %%fs, %0" : "=r"(v)); break;
    default: __asm__ volatile("movw %%gs, %0" : "=r"(v)); break;
    }
    return v;
}

static void segments_now(CONTEXT *ctx)
{
    ctx->SegDs = read_sel(2);
    ctx->SegEs = read_sel(3);
    ctx->SegFs = read_sel(4);
    ctx->SegGs = read_sel(5);
}

/* An FXSAVE image the CPU will take back: fxrstor faults on MXCSR bits
 * outside the mask. */
static void sanitize_fxsave(uint8_t *fx)
{
    uint32_t mxcsr;
    memcpy(&mxcsr, fx + 24, 4);
    mxcsr &= 0xffff;
    memcpy(fx + 24, &mxcsr, 4);
}

static uint64_t user_eflags(ULONG eflags)
{
    return (eflags & EFLAGS_USER) | EFLAGS_FIXED;
}

void context_from_frame(const struct syscall_frame *f, CONTEXT *ctx, ULONG flags)
{
    if (flags & CTX_INTEGER) {
        ctx->Rax = f->rax; ctx->Rcx = f->rcx; ctx->Rdx = f->rdx; ctx->Rbx = f->rbx;
        ctx->Rsi = f->rsi; ctx->Rdi = f->rdi; ctx->Rbp = f->rbp;
        ctx->R8 = f->r8; ctx->R9 = f->r9; ctx->R10 = f->r10; ctx->R11 = f->r11;
        ctx->R12 = f->r12; ctx->R13 = f->r13; ctx->R14 = f->r14; ctx->R15 = f->r15;
        ctx->ContextFlags |= CONTEXT_INTEGER;
    }
    if (flags & CTX_CONTROL) {
        ctx->Rsp = f->rsp;
        ctx->Rbp = f->rbp;      /* Wine counts rbp as control too */
        ctx->Rip = f->rip;
        ctx->EFlags = (ULONG)f->rflags;
        ctx->SegCs = read_sel(0);
        ctx->SegSs = read_sel(1);
        ctx->ContextFlags |= CONTEXT_CONTROL;
    }
    if (flags & CTX_SEGMENTS) {
        segments_now(ctx);
        ctx->ContextFlags |= CONTEXT_SEGMENTS;
    }
    if (flags & CTX_FLOATING_POINT) {
        memcpy(&ctx->FltSave, f->fxsave, sizeof(ctx->FltSave));
        ctx->MxCsr = ctx->FltSave.MxCsr;
        ctx->ContextFlags |= CONTEXT_FLOATING_POINT;
    }
}

void context_to_frame(struct syscall_frame *f, const CONTEXT *ctx, ULONG flags)
{
    if (flags & CTX_INTEGER) {
        f->rax = ctx->Rax; f->rcx = ctx->Rcx; f->rdx = ctx->Rdx; f->rbx = ctx->Rbx;
        f->rsi = ctx->Rsi; f->rdi = ctx->Rdi; f->rbp = ctx->Rbp;
        f->r8 = ctx->R8; f->r9 = ctx->R9; f->r10 = ctx->R10; f->r11 = ctx->R11;
        f->r12 = ctx->R12; f->r13 = ctx->R13; f->r14 = ctx->R14; f->r15 = ctx->R15;
    }
    if (flags & CTX_CONTROL) {
        f->rsp = ctx->Rsp;
        f->rbp = ctx->Rbp;
        f->rip = ctx->Rip;
        f->rflags = user_eflags(ctx->EFlags);
    }
    if (flags & CTX_FLOATING_POINT) {
        memcpy(f->fxsave, &ctx->FltSave, sizeof(ctx->FltSave));
        sanitize_fxsave(f->fxsave);
    }
}

void context_from_host(const struct host_cpu_context *h, CONTEXT *ctx, ULONG flags)
{
    if (flags & CTX_INTEGER) {
        ctx->Rax = h->rax; ctx->Rcx = h->rcx; ctx->Rdx = h->rdx; ctx->Rbx = h->rbx;
        ctx->Rsi = h->rsi; ctx->Rdi = h->rdi; ctx->Rbp = h->rbp;
        ctx->R8 = h->r8; ctx->R9 = h->r9; ctx->R10 = h->r10; ctx->R11 = h->r11;
        ctx->R12 = h->r12; ctx->R13 = h->r13; ctx->R14 = h->r14; ctx->R15 = h->r15;
        ctx->ContextFlags |= CONTEXT_INTEGER;
    }
    if (flags & CTX_CONTROL) {
        ctx->Rsp = h->rsp;
        ctx->Rbp = h->rbp;
        ctx->Rip = h->rip;
        ctx->EFlags = (ULONG)h->rflags;
        ctx->SegCs = h->cs;
        ctx->SegSs = h->ss;
        ctx->ContextFlags |= CONTEXT_CONTROL;
    }
    if (flags & CTX_SEGMENTS) {
        ctx->SegDs = h->ds;
        ctx->SegEs = h->es;
        ctx->SegFs = h->fs;
        ctx->SegGs = h->gs;
        ctx->ContextFlags |= CONTEXT_SEGMENTS;
    }
    if (flags & CTX_FLOATING_POINT) {
        memcpy(&ctx->FltSave, h->fxsave, sizeof(ctx->FltSave));
        ctx->MxCsr = ctx->FltSave.MxCsr;
        ctx->ContextFlags |= CONTEXT_FLOATING_POINT;
    }
}

/* Selectors are not the caller's to change: they stay as the host had them. */
void context_to_host(struct host_cpu_context *h, const CONTEXT *ctx, ULONG flags)
{
    if (flags & CTX_INTEGER) {
        h->rax = ctx->Rax; h->rcx = ctx->Rcx; h->rdx = ctx->Rdx; h->rbx = ctx->Rbx;
        h->rsi = ctx->Rsi; h->rdi = ctx->Rdi; h->rbp = ctx->Rbp;
        h->r8 = ctx->R8; h->r9 = ctx->R9; h->r10 = ctx->R10; h->r11 = ctx->R11;
        h->r12 = ctx->R12; h->r13 = ctx->R13; h->r14 = ctx->R14; h->r15 = ctx->R15;
    }
    if (flags & CTX_CONTROL) {
        h->rsp = ctx->Rsp;
        h->rbp = ctx->Rbp;
        h->rip = ctx->Rip;
        h->rflags = user_eflags(ctx->EFlags);
    }
    if (flags & CTX_FLOATING_POINT) {
        memcpy(h->fxsave, &ctx->FltSave, sizeof(ctx->FltSave));
        sanitize_fxsave(h->fxsave);
    }
}

/* CONTEXT_XSTATE means something only where ntdll.dll was told the CPU
 * saves AVX state (Wine ignores it otherwise, too). */
static int xstate_enabled(void)
{
    return kernel.usd && (kernel.usd->XState.EnabledFeatures & XSTATE_MASK_GSSE);
}

/* The XSTATE a CONTEXT_EX after ctx describes, or NULL if it is unusable. */
static XSTATE *context_xstate(CONTEXT *ctx, int need_ymm)
{
    CONTEXT_EX *cx = (CONTEXT_EX *)(ctx + 1);

    if (cx->XState.Length < offsetof(XSTATE, YmmContext) || cx->XState.Length > sizeof(XSTATE))
        return NULL;
    if (need_ymm && cx->XState.Length < sizeof(XSTATE))
        return NULL;
    return (XSTATE *)((char *)cx + cx->XState.Offset);
}

/* AVX state: only a thread stopped in user code has it at hand (the
 * syscall frame keeps the FXSAVE part only); elsewhere it reads as
 * initial. */
static NTSTATUS get_xstate(CONTEXT *ctx, const struct host_cpu_context *h)
{
    XSTATE *xs = context_xstate(ctx, 0);
    int compact = kernel.usd && kernel.usd->XState.CompactionEnabled;
    ULONG64 want;

    if (!xs)
        return STATUS_INVALID_PARAMETER;
    want = (compact ? xs->CompactionMask : xs->Mask) & XSTATE_MASK_GSSE;
    xs->Mask = h && h->ymmh_valid ? want : 0;
    xs->CompactionMask = compact ? 0x8000000000000000ull | want : 0;
    memset(xs->Reserved, 0, sizeof(xs->Reserved));
    if (xs->Mask) {
        if (!context_xstate(ctx, 1))
            return STATUS_BUFFER_OVERFLOW;
        memcpy(&xs->YmmContext, h->ymmh, sizeof(xs->YmmContext));
    }
    return STATUS_SUCCESS;
}

static void set_xstate(const CONTEXT *ctx, struct host_cpu_context *h)
{
    XSTATE *xs = context_xstate((CONTEXT *)ctx, 0);

    if (!xs || !h || !h->ymmh_valid || !(xs->Mask & XSTATE_MASK_GSSE) ||
        !context_xstate((CONTEXT *)ctx, 1))
        return;
    memcpy(h->ymmh, &xs->YmmContext, sizeof(h->ymmh));
}

/* ---- 2. Contexts of threads ------------------------------------------------ */

static struct syscall_frame *thread_frame(struct kthread *t)
{
    return teb_kdata(t->teb)->frame;
}

static void get_debug_regs(struct kthread *t, CONTEXT *ctx)
{
    const uint64_t *dr = KTHREAD_EXT(t)->dr;

    ctx->Dr0 = dr[0]; ctx->Dr1 = dr[1]; ctx->Dr2 = dr[2];
    ctx->Dr3 = dr[3]; ctx->Dr6 = dr[4]; ctx->Dr7 = dr[5];
    ctx->ContextFlags |= CONTEXT_DEBUG_REGISTERS;
}

/* Hardware breakpoints are not armed; the values are kept for readers. */
static void set_debug_regs(struct kthread *t, const CONTEXT *ctx)
{
    uint64_t *dr = KTHREAD_EXT(t)->dr;

    dr[0] = ctx->Dr0; dr[1] = ctx->Dr1; dr[2] = ctx->Dr2;
    dr[3] = ctx->Dr3; dr[4] = ctx->Dr6; dr[5] = ctx->Dr7;
}

/* A thread created suspended has not run yet: its context is the one it
 * will start with (teb.c's thread_start_user builds the same). */
static void initial_context(struct kthread *t, CONTEXT *ctx, ULONG flags)
{
    if (flags & CTX_INTEGER) {
        ctx->Rax = ctx->Rbx = ctx->Rsi = ctx->Rdi = ctx->Rbp = 0;
        ctx->R8 = ctx->R9 = ctx->R10 = ctx->R11 = 0;
        ctx->R12 = ctx->R13 = ctx->R14 = ctx->R15 = 0;
        ctx->Rcx = (ULONG64)(uintptr_t)t->start;
        ctx->Rdx = (ULONG64)(uintptr_t)t->arg;
        ctx->ContextFlags |= CONTEXT_INTEGER;
    }
    if (flags & CTX_CONTROL) {
        ctx->Rsp = (ULONG64)(uintptr_t)t->teb->Tib.StackBase - 0x28;
        ctx->Rip = (ULONG64)(uintptr_t)kernel.p_RtlUserThreadStart;
        ctx->EFlags = 0x200;
        ctx->SegCs = read_sel(0);
        ctx->SegSs = read_sel(1);
        ctx->ContextFlags |= CONTEXT_CONTROL;
    }
    if (flags & CTX_SEGMENTS) {
        segments_now(ctx);
        ctx->ContextFlags |= CONTEXT_SEGMENTS;
    }
    if (flags & CTX_FLOATING_POINT) {
        memset(&ctx->FltSave, 0, sizeof(ctx->FltSave));
        ctx->FltSave.ControlWord = 0x27f;
        ctx->FltSave.MxCsr = ctx->MxCsr = 0x1f80;
        ctx->FltSave.MxCsr_Mask = 0xffff;
        ctx->ContextFlags |= CONTEXT_FLOATING_POINT;
    }
}

/* Read the context of t, which is the current thread or stopped. */
static NTSTATUS read_context(struct kthread *t, CONTEXT *ctx, ULONG flags, int where)
{
    struct host_cpu_context *h = KTHREAD_EXT(t)->stop_ctx;

    if (where == STOP_USER && h)
        context_from_host(h, ctx, flags);
    else if (where == STOP_NOT_STARTED)
        initial_context(t, ctx, flags);
    else
        context_from_frame(thread_frame(t), ctx, flags);
    if (flags & CTX_DEBUG)
        get_debug_regs(t, ctx);
    if ((flags & CTX_XSTATE) && xstate_enabled())
        return get_xstate(ctx, where == STOP_USER ? h : NULL);
    return STATUS_SUCCESS;
}

/* Change the context of t (stopped, not the current thread). */
static void write_context(struct kthread *t, const CONTEXT *ctx, ULONG flags, int where)
{
    struct host_cpu_context *h = KTHREAD_EXT(t)->stop_ctx;
    struct syscall_frame *f = thread_frame(t);

    if (flags & CTX_DEBUG)
        set_debug_regs(t, ctx);
    if (where == STOP_USER && h) {
        context_to_host(h, ctx, flags);
        if ((flags & CTX_XSTATE) && xstate_enabled())
            set_xstate(ctx, h);
    } else if (where == STOP_NOT_STARTED) {
        /* only the start routine and its parameter can change */
        if (flags & CTX_INTEGER) {
            t->start = (void *)(uintptr_t)ctx->Rcx;
            t->arg = (void *)(uintptr_t)ctx->Rdx;
        }
    } else {
        /* in a kernel wait: the syscall returns into the new context */
        context_to_frame(f, ctx, flags);
        f->restore_flags |= flags & (CTX_CONTROL | CTX_INTEGER | CTX_FLOATING_POINT);
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtGetContextThread(HANDLE handle, CONTEXT *ctx)
{
    struct kthread *t;
    ULONG flags = ctx->ContextFlags & ~CONTEXT_AMD64;
    NTSTATUS st;

    if ((st = thread_ref_access(handle, THREAD_GET_CONTEXT, &t)))
        return st;
    if (t == current_thread()) {
        st = read_context(t, ctx, flags, STOP_KERNEL);
    } else if (!thread_stop(t)) {
        st = read_context(t, ctx, flags, KTHREAD_EXT(t)->stop_where);
        thread_unstop(t);
    } else if (t->terminated) {
        st = STATUS_UNSUCCESSFUL;
    } else {
        /* would not stop: it is busy in a syscall, where the frame holds
           its user registers */
        st = read_context(t, ctx, flags, STOP_KERNEL);
    }
    kobject_unref(t);
    return st;
}
SYSCALL(NtGetContextThread);

NTSTATUS NTAPI KERNEL_EXPORT NtSetContextThread(HANDLE handle, const CONTEXT *ctx)
{
    struct kthread *t;
    ULONG flags = ctx->ContextFlags & ~CONTEXT_AMD64;
    NTSTATUS st;

    if ((st = thread_ref_access(handle, THREAD_SET_CONTEXT, &t)))
        return st;
    if (t == current_thread()) {
        struct syscall_frame *f = thread_frame(t);
        if (flags & CTX_DEBUG)
            set_debug_regs(t, ctx);
        context_to_frame(f, ctx, flags);
        /* the volatile registers keep the syscall's result, as in Wine */
        f->restore_flags |= flags & (CTX_CONTROL | CTX_FLOATING_POINT);
    } else if (!thread_stop(t)) {
        write_context(t, ctx, flags, KTHREAD_EXT(t)->stop_where);
        thread_unstop(t);
    } else {
        st = t->terminated ? STATUS_UNSUCCESSFUL : STATUS_ACCESS_DENIED;
    }
    kobject_unref(t);
    return st;
}
SYSCALL(NtSetContextThread);

/* ---- 3. NtContinue and exceptions raised by code ------------------------------ */

NTSTATUS NTAPI KERNEL_EXPORT NtContinue(CONTEXT *ctx, BOOLEAN alertable)
{
    struct syscall_frame *f = teb_kdata(current_teb())->frame;
    ULONG flags = ctx->ContextFlags & ~CONTEXT_AMD64;
    struct kapc apc;

    if (alertable && apc_dequeue(current_thread(), &apc))
        return context_call_apc(ctx, &apc, STATUS_USER_APC);
    if (flags & CTX_DEBUG)
        set_debug_regs(current_thread(), ctx);
    context_to_frame(f, ctx, flags);
    f->restore_flags |= flags & (CTX_CONTROL | CTX_INTEGER | CTX_FLOATING_POINT);
    return STATUS_SUCCESS;
}
SYSCALL(NtContinue);

/* PE ntdll raises through here when a debugger is attached, and to end
 * the process on an exception nobody handled (first_chance FALSE). */
NTSTATUS NTAPI KERNEL_EXPORT NtRaiseException(EXCEPTION_RECORD *rec, CONTEXT *ctx,
                                              BOOLEAN first_chance)
{
    struct syscall_frame *f = teb_kdata(current_teb())->frame;
    EXCEPTION_RECORD r = *rec;
    CONTEXT c = *ctx;
    ULONG flags = c.ContextFlags & ~CONTEXT_AMD64;

    if (!first_chance || !kernel.p_KiUserExceptionDispatcher) {
        kernel_log("keep: unhandled exception %#x at %p in thread %04x\n",
                   (unsigned)r.ExceptionCode, r.ExceptionAddress, current_thread()->tid);
        process_exit(r.ExceptionCode);
    }
    c.ContextFlags &= ~(ULONG)CTX_XSTATE;     /* the copy on the stack carries none */
    context_to_frame(f, &c, flags);
    if (!(f->rsp = exception_build_stack(c.Rsp, &c, &r, NULL))) {
        kernel_log("keep: no stack left to raise %#x in thread %04x\n",
                   (unsigned)r.ExceptionCode, current_thread()->tid);
        process_exit(STATUS_STACK_OVERFLOW);
    }
    f->rbp = c.Rbp;
    f->rip = (uint64_t)(uintptr_t)kernel.p_KiUserExceptionDispatcher;
    f->restore_flags |= CTX_CONTROL | (flags & CTX_FLOATING_POINT);
    return STATUS_SUCCESS;
}
SYSCALL(NtRaiseException);

/* ---- 4. APCs ---------------------------------------------------------------- */

NTSTATUS context_call_apc(const CONTEXT *ctx, const struct kapc *apc, NTSTATUS status)
{
    struct syscall_frame *f = teb_kdata(current_teb())->frame;
    uint64_t rsp = (ctx ? ctx->Rsp : f->rsp) & ~(uint64_t)15;
    struct apc_stack_layout *stack = (struct apc_stack_layout *)(uintptr_t)rsp - 1;

    if (ctx) {
        /* ctx may be the previous APC's copy at this very place */
        memmove(&stack->context, ctx, sizeof(*ctx));
        context_to_frame(f, &stack->context, stack->context.ContextFlags & ~CONTEXT_AMD64);
    } else {
        memset(&stack->context, 0, sizeof(stack->context));
        stack->context.ContextFlags = CONTEXT_FULL;
        context_from_frame(f, &stack->context, CTX_CONTROL | CTX_INTEGER | CTX_FLOATING_POINT);
        stack->context.Rax = (ULONG64)(LONG64)status;
    }
    stack->func = apc->func;
    f->rbp = stack->context.Rbp;
    f->rsp = (uint64_t)(uintptr_t)stack - 8;
    f->rip = (uint64_t)(uintptr_t)kernel.p_KiUserApcDispatcher;
    f->rcx = (uint64_t)(uintptr_t)&stack->context;
    f->rdx = apc->args[0];
    f->r8 = apc->args[1];
    f->r9 = apc->args[2];
    f->restore_flags |= CTX_CONTROL | CTX_INTEGER;
    return status;
}

/* ---- 5. User callbacks -----------------------------------------------------------
 * KeUserModeCallback (called by unix libraries such as win32u.so inside a
 * system call) runs PEB->KernelCallbackTable[id](args, len) in user mode
 * through KiUserCallbackDispatcher and returns what that passes to
 * NtCallbackReturn.  The callback gets a new syscall frame below the
 * caller's kernel stack, so its own system calls nest; NtCallbackReturn
 * drops that frame and jumps back into KeUserModeCallback.
 */

#define MIN_KERNEL_STACK 0x2000     /* left for a callback's system calls */

/* Callee-saved state of KeUserModeCallback, sysv: rbx, rbp, r12-r15,
 * rsp, rip, then MXCSR and the x87 control word. */
struct callback_jmp {
    uint64_t regs[8];
    uint32_t mxcsr;
    uint16_t fpucw, pad;
};

struct callback_state {
    struct callback_jmp jmp;
    struct callback_state *prev;
    struct syscall_frame *prev_frame;
    void *exception_list;
    void **ret_ptr;
    ULONG *ret_len;
    NTSTATUS status;
};

int callback_setjmp(struct callback_jmp *jmp) __attribute__((returns_twice, visibility("hidden")));
void callback_longjmp(struct callback_jmp *jmp) __attribute__((noreturn, visibility("hidden")));
__asm__(".text\n"
        ".globl callback_setjmp\n"
        ".hidden callback_setjmp\n"
        ".type callback_setjmp, @function\n"
        "callback_setjmp:\n"
        "    movq %rbx, 0x00(%rdi)\n"
        "    movq %rbp, 0x08(%rdi)\n"
        "    movq %r12, 0x10(%rdi)\n"
        "    movq %r13, 0x18(%rdi)\n"
        "    movq %r14, 0x20(%rdi)\n"
        "    movq %r15, 0x28(%rdi)\n"
        "    leaq 8(%rsp), %rax\n"          /* rsp once returned */
        "    movq %rax, 0x30(%rdi)\n"
        "    movq (%rsp), %rax\n"           /* the return address */
        "    movq %rax, 0x38(%rdi)\n"
        "    stmxcsr 0x40(%rdi)\n"
        "    fnstcw 0x44(%rdi)\n"
        "    xorl %eax, %eax\n"
        "    ret\n"
        ".size callback_setjmp, .-callback_setjmp\n"
        ".globl callback_longjmp\n"
        ".hidden callback_longjmp\n"
        ".type callback_longjmp, @function\n"
        "callback_longjmp:\n"
        "    movq 0x00(%rdi), %rbx\n"
        "    movq 0x08(%rdi), %rbp\n"
        "    movq 0x10(%rdi), %r12\n"
        "    movq 0x18(%rdi), %r13\n"
        "    movq 0x20(%rdi), %r14\n"
        "    movq 0x28(%rdi), %r15\n"
        "    ldmxcsr 0x40(%rdi)\n"
        "    fnclex\n"
        "    fldcw 0x44(%rdi)\n"
        "    movq 0x30(%rdi), %rsp\n"
        "    movl $1, %eax\n"
        "    jmp *0x38(%rdi)\n"
        ".size callback_longjmp, .-callback_longjmp\n");

typedef NTSTATUS (NTAPI *kernel_callback_fn)(void *args, ULONG len);

/* Not inside a system call (a direct call from user code into a unix
 * library): a plain call, as Wine makes it. */
static NTSTATUS direct_callback(ULONG id, const void *args, ULONG len)
{
    kernel_callback_fn *table = (kernel_callback_fn *)kernel.peb->KernelCallbackTable;
    return table[id]((void *)args, len);
}

/* Enter KiUserCallbackDispatcher(id, args, len) on the user stack below
 * the caller's, with a new frame below the current kernel stack. */
static void NORETURN enter_callback(struct callback_state *st, ULONG id, const void *args,
                                    ULONG len)
{
    struct kthread_data *kd = teb_kdata(current_teb());
    struct syscall_frame *prev = kd->frame, *f;
    uintptr_t rsp;
    uint64_t *stack;
    char *args_data;

    /* the new frame lies below what this function and its callees use */
    __asm__ volatile("movq %%rsp, %0" : "=r"(rsp));
    f = (struct syscall_frame *)ALIGN_DOWN(rsp - 0x200 - sizeof(*f), 64);
    args_data = (char *)(uintptr_t)((prev->rsp - len) & ~(uint64_t)15);
    memcpy(args_data, args, len);
    stack = (uint64_t *)args_data - 5;
    stack[0] = 0xdeadbabe;      /* a return address nobody uses */
    stack[1] = id;
    stack[2] = (uint64_t)(uintptr_t)args_data;
    stack[3] = len;
    stack[4] = 0;
    memset(f, 0, offsetof(struct syscall_frame, fxsave));
    memcpy(f->fxsave, prev->fxsave, sizeof(f->fxsave));
    f->rbx = prev->rbx; f->rsi = prev->rsi; f->rdi = prev->rdi; f->rbp = prev->rbp;
    f->r12 = prev->r12; f->r13 = prev->r13; f->r14 = prev->r14; f->r15 = prev->r15;
    f->rip = (uint64_t)(uintptr_t)kernel.p_KiUserCallbackDispatcher;
    f->rsp = (uint64_t)(uintptr_t)stack;
    f->rflags = EFLAGS_FIXED;
    f->rcx = id;
    f->rdx = (uint64_t)(uintptr_t)args_data;
    f->r8 = len;
    f->restore_flags = CTX_CONTROL | CTX_INTEGER;
    f->prev = prev;
    st->prev_frame = prev;
    st->exception_list = current_teb()->Tib.ExceptionList;
    st->prev = KTHREAD_EXT(current_thread())->callback;
    KTHREAD_EXT(current_thread())->callback = st;
    kd->frame = f;
    keep_syscall_return(f, STATUS_SUCCESS);
}

NTSTATUS NTAPI KERNEL_EXPORT KeUserModeCallback(ULONG id, const void *args, ULONG len,
                                                void **ret_ptr, ULONG *ret_len)
{
    struct kthread_data *kd = teb_kdata(current_teb());
    uintptr_t stack = (uintptr_t)kd->kernel_stack, rsp;
    struct callback_state st;

    __asm__ volatile("movq %%rsp, %0" : "=r"(rsp));
    if (!kd->thread || rsp < stack || rsp >= (uintptr_t)kd->frame)
        return direct_callback(id, args, len);
    if (rsp - stack < MIN_KERNEL_STACK + sizeof(struct syscall_frame) + 0x400)
        return STATUS_STACK_OVERFLOW;
    st.ret_ptr = ret_ptr;
    st.ret_len = ret_len;
    st.status = STATUS_SUCCESS;
    if (!callback_setjmp(&st.jmp))
        enter_callback(&st, id, args, len);
    return st.status;   /* back from NtCallbackReturn */
}

NTSTATUS NTAPI KERNEL_EXPORT NtCallbackReturn(void *ret_ptr, ULONG ret_len, NTSTATUS status)
{
    struct kthread_data *kd = teb_kdata(current_teb());
    struct kthread_ext *x = KTHREAD_EXT(current_thread());
    struct callback_state *st = x->callback;

    if (!st || !kd->frame->prev)
        return STATUS_NO_CALLBACK_ACTIVE;
    kd->frame = st->prev_frame;
    x->callback = st->prev;
    current_teb()->Tib.ExceptionList = st->exception_list;
    /* the data stays on the abandoned callback stack: the caller reads it at once */
    if (st->ret_ptr)
        *st->ret_ptr = ret_ptr;
    if (st->ret_len)
        *st->ret_len = ret_len;
    st->status = status;
    callback_longjmp(&st->jmp);
}
SYSCALL(NtCallbackReturn);

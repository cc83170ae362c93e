/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * exception.c - the host upcall: hardware exceptions and interrupts.
 *
 * The host calls exception_handler() on the thread that faulted (or was
 * interrupted), on a signal stack, with its registers.  Three cases:
 *   - an interrupt: a stop or termination request (thread.c);
 *   - a fault inside the kernel: the system call is abandoned and
 *     returns the exception code to its caller, as in Wine;
 *   - a fault in user code: after the memory manager has had its say
 *     (guard pages, stack growth), the exception is handed to ntdll.dll:
 *     a CONTEXT, CONTEXT_EX and EXCEPTION_RECORD go on the thread's own
 *     stack in the layout KiUserExceptionDispatcher expects
 *     (wine-interface.md 4.1), and the thread resumes there.
 *
 * Divisions: 1. the exception stack  2. exception records  (unix __TRY)
 * 3. faults in the kernel  4. faults in user code  5. the upcall
 */
#include "kernel.h"

#define EFLAGS_TF 0x100ull
#define EFLAGS_DF 0x400ull
#define EFLAGS_AC 0x40000ull

#define TRAP_STACK 12
#define TRAP_ALIGN 17
#define TRAP_SIMD 19

/* Linux si_code values of SIGFPE, as the host passes them for FLOAT */
enum { FPE_INTDIV_ = 1, FPE_INTOVF_, FPE_FLTDIV_, FPE_FLTOVF_, FPE_FLTUND_, FPE_FLTRES_,
       FPE_FLTINV_, FPE_FLTSUB_ };

/* ---- 1. The exception stack --------------------------------------------------
 * From the new rsp up: CONTEXT, CONTEXT_EX, EXCEPTION_RECORD, 8 bytes of
 * padding, then (when AVX state goes along) the XSTATE, 64-byte aligned,
 * and 0x20 bytes below the interrupted stack.
 */

struct exception_stack_layout {
    CONTEXT context;
    CONTEXT_EX context_ex;
    EXCEPTION_RECORD rec;
    ULONG64 align;
};
_Static_assert(offsetof(struct exception_stack_layout, rec) == 0x4f0, "layout rec");
_Static_assert(sizeof(struct exception_stack_layout) == 0x590, "layout size");

/* Is [low, current limit) of the current stack usable?  Grows the stack
 * through its guard pages as a fault would.  STATUS_STACK_OVERFLOW if
 * that used the last guard page, STATUS_BAD_STACK if there is no room. */
static NTSTATUS stack_room(TEB *teb, uint64_t low)
{
    uint64_t limit = (uint64_t)(uintptr_t)teb->Tib.StackLimit;
    uint64_t base = (uint64_t)(uintptr_t)teb->DeallocationStack;
    uint64_t top = (uint64_t)(uintptr_t)teb->Tib.StackBase;
    NTSTATUS result = STATUS_SUCCESS;

    if (low >= limit || low >= top || low < base)
        return STATUS_SUCCESS;      /* not on this stack's reserve (fibers...) */
    if (low < base + PAGE_SIZE_K)
        return STATUS_BAD_STACK;
    for (uint64_t page = ALIGN_DOWN(limit - 1, PAGE_SIZE_K); page >= ALIGN_DOWN(low, PAGE_SIZE_K);
         page -= PAGE_SIZE_K) {
        NTSTATUS st = STATUS_SUCCESS;
        if (virtual_handle_fault((void *)(uintptr_t)page, 1, teb, &st) &&
            st == STATUS_STACK_OVERFLOW)
            result = STATUS_STACK_OVERFLOW;
    }
    return result;
}

static void init_context_ex(struct exception_stack_layout *l, XSTATE *xs)
{
    CONTEXT_EX *cx = &l->context_ex;

    cx->Legacy.Offset = -(LONG)sizeof(CONTEXT);
    cx->Legacy.Length = sizeof(CONTEXT);
    cx->All.Offset = -(LONG)sizeof(CONTEXT);
    if (xs) {
        cx->XState.Offset = (LONG)((char *)xs - (char *)cx);
        cx->XState.Length = sizeof(XSTATE);
        cx->All.Length = sizeof(CONTEXT) + cx->XState.Offset + cx->XState.Length;
        l->context.ContextFlags |= CONTEXT_XSTATE;
    } else {
        /* what Wine reports without AVX: no chunk, CONTEXT_EX minus padding */
        cx->XState.Offset = 0;
        cx->XState.Length = 25;
        cx->All.Length = sizeof(CONTEXT) + 24;
    }
    cx->align = 0;
}

static void fill_xstate(XSTATE *xs, const uint8_t *ymmh)
{
    int compact = kernel.usd && kernel.usd->XState.CompactionEnabled;

    memset(xs, 0, offsetof(XSTATE, YmmContext));
    xs->Mask = XSTATE_MASK_GSSE;
    xs->CompactionMask = compact ? 0x8000000000000000ull | XSTATE_MASK_GSSE : 0;
    memcpy(&xs->YmmContext, ymmh, sizeof(xs->YmmContext));
}

/* Only when ntdll.dll was told the CPU saves AVX state. */
static int want_xstate(const uint8_t *ymmh)
{
    return ymmh && kernel.usd && (kernel.usd->XState.EnabledFeatures & XSTATE_MASK_GSSE);
}

uint64_t exception_build_stack(uint64_t user_rsp, const CONTEXT *ctx, const EXCEPTION_RECORD *rec,
                               const uint8_t *ymmh)
{
    TEB *teb = current_teb();
    uint64_t top = (user_rsp & ~(uint64_t)15) - 0x20, xs_addr = 0, low;
    struct exception_stack_layout *l;
    EXCEPTION_RECORD r = *rec;
    NTSTATUS st;

    if (want_xstate(ymmh)) {
        xs_addr = (top - sizeof(XSTATE)) & ~(uint64_t)63;
        low = xs_addr - sizeof(*l);
    } else {
        low = top - sizeof(*l);
    }
    if ((st = stack_room(teb, low)) == STATUS_BAD_STACK)
        return 0;
    if (st == STATUS_STACK_OVERFLOW) {
        r.ExceptionCode = STATUS_STACK_OVERFLOW;
        r.NumberParameters = 0;
    }
    l = (struct exception_stack_layout *)(uintptr_t)low;
    memmove(&l->context, ctx, sizeof(*ctx));
    l->context.ContextFlags &= ~(CONTEXT_XSTATE & ~CONTEXT_AMD64);
    l->rec = r;
    l->rec.ExceptionRecord = NULL;
    l->align = 0;
    if (r.ExceptionCode == EXCEPTION_BREAKPOINT)
        l->context.Rip--;       /* it reports the int3 itself */
    if (xs_addr)
        fill_xstate((XSTATE *)(uintptr_t)xs_addr, ymmh);
    init_context_ex(l, xs_addr ? (XSTATE *)(uintptr_t)xs_addr : NULL);
    return low;
}

/* ---- 2. Exception records ------------------------------------------------------ */

static int read_code(uint64_t rip, uint8_t *code, size_t size)
{
    size_t n = PAGE_SIZE_K - (rip & (PAGE_SIZE_K - 1));

    if (n > size)
        n = size;
    if (!virtual_check_range((const void *)(uintptr_t)rip, n, 0))
        return 0;
    memcpy(code, (const void *)(uintptr_t)rip, n);
    if (n < size && virtual_check_range((const void *)(uintptr_t)(rip + n), size - n, 0)) {
        memcpy(code + n, (const void *)(uintptr_t)(rip + n), size - n);
        n = size;
    }
    return (int)n;
}

/* A general protection fault: a privileged instruction, an `int n`
 * (Windows' assertion, debug service and fast-fail vectors), or a bad
 * address (non-canonical). */
static void classify_gp(EXCEPTION_RECORD *rec, struct host_cpu_context *ctx)
{
    uint8_t code[16];
    int len = read_code(ctx->rip, code, sizeof(code)), i = 0;

    while (i < len && ((code[i] >= 0x40 && code[i] <= 0x4f) || code[i] == 0x2e ||
                       code[i] == 0x36 || code[i] == 0x3e || code[i] == 0x26 ||
                       code[i] == 0x64 || code[i] == 0x65 || code[i] == 0x66 ||
                       code[i] == 0x67 || code[i] == 0xf0 || code[i] == 0xf2 || code[i] == 0xf3))
        i++;
    if (i < len) {
        uint8_t op = code[i], next = i + 1 < len ? code[i + 1] : 0;
        if (op == 0xcd && next == 0x2c) {
            rec->ExceptionCode = STATUS_ASSERTION_FAILURE;
            return;
        }
        if (op == 0xcd && next == 0x2d) {
            ctx->rip += 3;
            rec->ExceptionCode = EXCEPTION_BREAKPOINT;
            rec->ExceptionAddress = (void *)(uintptr_t)ctx->rip;
            rec->NumberParameters = 1;
            rec->ExceptionInformation[0] = ctx->rax;
            return;
        }
        if (op == 0xcd && next == 0x29) {
            rec->ExceptionCode = STATUS_STACK_BUFFER_OVERRUN;
            rec->ExceptionFlags = EH_NONCONTINUABLE;
            rec->NumberParameters = 1;
            rec->ExceptionInformation[0] = ctx->rcx;
            return;
        }
        if ((op >= 0x6c && op <= 0x6f) || (op >= 0xe4 && op <= 0xe7) ||
            (op >= 0xec && op <= 0xef) || op == 0xf4 || op == 0xfa || op == 0xfb ||
            (op == 0x0f && (next == 0x06 || next == 0x08 || next == 0x09 ||
                            (next >= 0x20 && next <= 0x23)))) {
            rec->ExceptionCode = EXCEPTION_PRIV_INSTRUCTION;
            return;
        }
    }
    rec->ExceptionCode = EXCEPTION_ACCESS_VIOLATION;
    rec->NumberParameters = 2;
    rec->ExceptionInformation[0] = EXCEPTION_READ_FAULT;
    rec->ExceptionInformation[1] = ~(ULONG_PTR)0;
}

static DWORD float_code(int si_code)
{
    switch (si_code) {
    case FPE_INTDIV_: return EXCEPTION_INT_DIVIDE_BY_ZERO;
    case FPE_INTOVF_: return EXCEPTION_INT_OVERFLOW;
    case FPE_FLTDIV_: return EXCEPTION_FLT_DIVIDE_BY_ZERO;
    case FPE_FLTOVF_: return EXCEPTION_FLT_OVERFLOW;
    case FPE_FLTUND_: return EXCEPTION_FLT_UNDERFLOW;
    case FPE_FLTRES_: return EXCEPTION_FLT_INEXACT_RESULT;
    case FPE_FLTSUB_: return EXCEPTION_ARRAY_BOUNDS_EXCEEDED;
    default: return EXCEPTION_FLT_INVALID_OPERATION;
    }
}

/* The record for a fault; ctx may be adjusted (int 0x2d skips itself). */
static void fill_record(EXCEPTION_RECORD *rec, const struct host_exception *exc,
                        struct host_cpu_context *ctx)
{
    memset(rec, 0, sizeof(*rec));
    rec->ExceptionAddress = (void *)(uintptr_t)ctx->rip;
    switch (exc->kind) {
    case HOST_EXC_ACCESS:
        if (exc->trapno == TRAP_STACK) {
            rec->ExceptionCode = EXCEPTION_STACK_OVERFLOW;
            break;
        }
        if (exc->trapno == TRAP_ALIGN) {
            rec->ExceptionCode = EXCEPTION_DATATYPE_MISALIGNMENT;
            break;
        }
        rec->ExceptionCode = EXCEPTION_ACCESS_VIOLATION;
        rec->NumberParameters = 2;
        rec->ExceptionInformation[0] = exc->access;
        rec->ExceptionInformation[1] = exc->address;
        break;
    case HOST_EXC_ILLEGAL:
        rec->ExceptionCode = EXCEPTION_ILLEGAL_INSTRUCTION;
        break;
    case HOST_EXC_PRIVILEGED:
        classify_gp(rec, ctx);
        break;
    case HOST_EXC_BREAKPOINT:
        rec->ExceptionCode = EXCEPTION_BREAKPOINT;
        rec->ExceptionAddress = (void *)(uintptr_t)(ctx->rip - 1);   /* back over the int3 */
        rec->NumberParameters = 1;
        break;
    case HOST_EXC_SINGLE_STEP:
        rec->ExceptionCode = EXCEPTION_SINGLE_STEP;
        break;
    case HOST_EXC_INT_DIVIDE:
        rec->ExceptionCode = EXCEPTION_INT_DIVIDE_BY_ZERO;
        break;
    case HOST_EXC_INT_OVERFLOW:
        rec->ExceptionCode = EXCEPTION_INT_OVERFLOW;
        break;
    case HOST_EXC_FLOAT:
        rec->ExceptionCode = float_code(exc->code);
        if (exc->trapno == TRAP_SIMD) {     /* SSE: the MXCSR tells which */
            uint32_t mxcsr;
            memcpy(&mxcsr, ctx->fxsave + 24, 4);
            rec->NumberParameters = 2;
            rec->ExceptionInformation[1] = mxcsr;
        }
        break;
    default:
        rec->ExceptionCode = EXCEPTION_ILLEGAL_INSTRUCTION;
        break;
    }
}

/* ---- Unix __TRY/__EXCEPT -------------------------------------------------------
 * Unix libraries (win32u.so) guard accesses to user memory with Wine's
 * __TRY: __wine_setjmpex fills a jump buffer (the Windows x64
 * _JUMP_BUFFER layout: Frame, Rbx, Rsp, Rbp, Rsi, Rdi, R12-R15, Rip,
 * MxCsr, FpCsr, Spare, Xmm6-15) and ntdll_set_exception_jmp_buf() arms
 * it; a fault while it is armed resumes in jmp_buf_resume with it, which
 * returns 1 from __wine_setjmpex.  Both ends use the Windows calling
 * convention: the buffer in rcx.
 */

void jmp_buf_resume(void) __attribute__((visibility("hidden")));
__asm__(".text\n"
        ".globl __wine_setjmpex\n"
        ".type __wine_setjmpex, @function\n"
        "__wine_setjmpex:\n"
        "    movq %rdx, 0x00(%rcx)\n"
        "    movq %rbx, 0x08(%rcx)\n"
        "    leaq 8(%rsp), %rax\n"
        "    movq %rax, 0x10(%rcx)\n"
        "    movq %rbp, 0x18(%rcx)\n"
        "    movq %rsi, 0x20(%rcx)\n"
        "    movq %rdi, 0x28(%rcx)\n"
        "    movq %r12, 0x30(%rcx)\n"
        "    movq %r13, 0x38(%rcx)\n"
        "    movq %r14, 0x40(%rcx)\n"
        "    movq %r15, 0x48(%rcx)\n"
        "    movq (%rsp), %rax\n"
        "    movq %rax, 0x50(%rcx)\n"
        "    stmxcsr 0x58(%rcx)\n"
        "    fnstcw 0x5c(%rcx)\n"
        "    movdqa %xmm6, 0x60(%rcx)\n"
        "    movdqa %xmm7, 0x70(%rcx)\n"
        "    movdqa %xmm8, 0x80(%rcx)\n"
        "    movdqa %xmm9, 0x90(%rcx)\n"
        "    movdqa %xmm10, 0xa0(%rcx)\n"
        "    movdqa %xmm11, 0xb0(%rcx)\n"
        "    movdqa %xmm12, 0xc0(%rcx)\n"
        "    movdqa %xmm13, 0xd0(%rcx)\n"
        "    movdqa %xmm14, 0xe0(%rcx)\n"
        "    movdqa %xmm15, 0xf0(%rcx)\n"
        "    xorl %eax, %eax\n"
        "    ret\n"
        ".size __wine_setjmpex, .-__wine_setjmpex\n"
        ".globl jmp_buf_resume\n"
        ".hidden jmp_buf_resume\n"
        ".type jmp_buf_resume, @function\n"
        "jmp_buf_resume:\n"
        "    movq 0x08(%rcx), %rbx\n"
        "    movq 0x18(%rcx), %rbp\n"
        "    movq 0x20(%rcx), %rsi\n"
        "    movq 0x28(%rcx), %rdi\n"
        "    movq 0x30(%rcx), %r12\n"
        "    movq 0x38(%rcx), %r13\n"
        "    movq 0x40(%rcx), %r14\n"
        "    movq 0x48(%rcx), %r15\n"
        "    ldmxcsr 0x58(%rcx)\n"
        "    fnclex\n"
        "    fldcw 0x5c(%rcx)\n"
        "    movdqa 0x60(%rcx), %xmm6\n"
        "    movdqa 0x70(%rcx), %xmm7\n"
        "    movdqa 0x80(%rcx), %xmm8\n"
        "    movdqa 0x90(%rcx), %xmm9\n"
        "    movdqa 0xa0(%rcx), %xmm10\n"
        "    movdqa 0xb0(%rcx), %xmm11\n"
        "    movdqa 0xc0(%rcx), %xmm12\n"
        "    movdqa 0xd0(%rcx), %xmm13\n"
        "    movdqa 0xe0(%rcx), %xmm14\n"
        "    movdqa 0xf0(%rcx), %xmm15\n"
        "    movl $1, %eax\n"
        "    movq 0x10(%rcx), %rsp\n"
        "    jmp *0x50(%rcx)\n"
        ".size jmp_buf_resume, .-jmp_buf_resume\n");

/* sysv, as win32u.so declares it */
KERNEL_EXPORT void ntdll_set_exception_jmp_buf(void *jmp)
{
    teb_kdata(current_teb())->jmp_buf = jmp;
}

/* A fault under an armed __TRY lands in its __EXCEPT. */
static int resume_at_jmp_buf(TEB *teb, struct host_cpu_context *ctx, const EXCEPTION_RECORD *rec)
{
    struct kthread_data *kd = teb_kdata(teb);

    KTRACE(KEEP_DEBUG_EXCEPTIONS, "keep: fault %#x at rip %#llx under __TRY: to its handler\n",
           (unsigned)rec->ExceptionCode, (unsigned long long)ctx->rip);
    ctx->rcx = (uint64_t)(uintptr_t)kd->jmp_buf;
    ctx->rip = (uint64_t)(uintptr_t)jmp_buf_resume;
    ctx->rflags &= ~(EFLAGS_TF | EFLAGS_DF | EFLAGS_AC);
    kd->jmp_buf = NULL;
    return HOST_EXC_RESUME;
}

/* ---- 3. Faults in the kernel ----------------------------------------------------
 * Kernel code reached a bad user pointer (or has a bug): the system call
 * is abandoned and returns the exception code, as Wine's does.  A kernel
 * lock held at the fault stays held: kernel code must not touch user
 * memory under a lock.
 */

static int kernel_fault(TEB *teb, struct host_cpu_context *ctx, const EXCEPTION_RECORD *rec)
{
    struct kthread_data *kd = teb_kdata(teb);
    uint64_t stack = (uint64_t)(uintptr_t)kd->kernel_stack;
    uint64_t frame = (uint64_t)(uintptr_t)kd->frame;

    if (!stack || ctx->rsp < stack || ctx->rsp >= frame) {
        kernel_log("keep: fault %#x in the kernel outside a system call, rip %#llx address %#llx\n",
                   (unsigned)rec->ExceptionCode, (unsigned long long)ctx->rip,
                   (unsigned long long)rec->ExceptionInformation[1]);
        return HOST_EXC_UNHANDLED;
    }
    KTRACE(KEEP_DEBUG_EXCEPTIONS,
           "keep: fault %#x in syscall %#x at rip %#llx address %#llx: returning it\n",
           (unsigned)rec->ExceptionCode, kd->frame->syscall_id, (unsigned long long)ctx->rip,
           (unsigned long long)rec->ExceptionInformation[1]);
    /* the syscall's own epilogue, which restores xmm6-15, never runs */
    kd->frame->restore_flags |= CONTEXT_FLOATING_POINT & ~CONTEXT_AMD64;
    ctx->rip = (uint64_t)(uintptr_t)keep_syscall_return;
    ctx->rdi = frame;
    ctx->rsi = (uint64_t)(uint32_t)rec->ExceptionCode;
    ctx->rsp = frame - 8;   /* as after a call; the frame lies above */
    ctx->rflags &= ~(EFLAGS_TF | EFLAGS_DF | EFLAGS_AC);
    return HOST_EXC_RESUME;
}

/* ---- 4. Faults in user code ------------------------------------------------------ */

static int user_fault(TEB *teb, struct host_cpu_context *ctx, EXCEPTION_RECORD *rec)
{
    struct kthread *t = teb_kdata(teb)->thread;
    CONTEXT context;
    uint64_t rsp;

    if ((rec->ExceptionFlags & EH_NONCONTINUABLE) &&
        rec->ExceptionCode == (DWORD)STATUS_STACK_BUFFER_OVERRUN) {
        kernel_log("keep: __fastfail(%llu) at %p: ending the process\n",
                   (unsigned long long)rec->ExceptionInformation[0], rec->ExceptionAddress);
        process_exit(STATUS_STACK_BUFFER_OVERRUN);
    }
    if (!kernel.p_KiUserExceptionDispatcher)
        return HOST_EXC_UNHANDLED;
    memset(&context, 0, sizeof(context));
    context.ContextFlags = CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS |
                           CONTEXT_FLOATING_POINT | CONTEXT_DEBUG_REGISTERS;
    context_from_host(ctx, &context, 0x1f);
    {
        const uint64_t *dr = KTHREAD_EXT(t)->dr;
        context.Dr0 = dr[0]; context.Dr1 = dr[1]; context.Dr2 = dr[2];
        context.Dr3 = dr[3]; context.Dr6 = dr[4]; context.Dr7 = dr[5];
    }
    if (rec->ExceptionCode == EXCEPTION_SINGLE_STEP)
        context.EFlags &= ~(ULONG)EFLAGS_TF;
    KTRACE(KEEP_DEBUG_EXCEPTIONS,
           "keep: exception %#x at %p (address %#llx) in thread %04x, rsp %#llx\n",
           (unsigned)rec->ExceptionCode, rec->ExceptionAddress,
           (unsigned long long)rec->ExceptionInformation[1], t->tid, (unsigned long long)ctx->rsp);
    rsp = exception_build_stack(ctx->rsp, &context, rec, ctx->ymmh_valid ? ctx->ymmh : NULL);
    if (!rsp) {
        kernel_log("keep: stack overflow in thread %04x at rip %#llx: no room for the exception\n",
                   t->tid, (unsigned long long)ctx->rip);
        return HOST_EXC_UNHANDLED;
    }
    ctx->rip = (uint64_t)(uintptr_t)kernel.p_KiUserExceptionDispatcher;
    ctx->rsp = rsp;
    ctx->rflags &= ~(EFLAGS_TF | EFLAGS_DF | EFLAGS_AC);
    return HOST_EXC_RESUME;
}

/* ---- 5. The upcall ---------------------------------------------------------------- */

/* Is addr on the thread's user stack reservation? */
static int on_user_stack(TEB *teb, uint64_t addr)
{
    return addr >= (uint64_t)(uintptr_t)teb->DeallocationStack &&
           addr < (uint64_t)(uintptr_t)teb->Tib.StackBase;
}

static int exception_handler(const struct host_exception *exc, struct host_cpu_context *ctx)
{
    EXCEPTION_RECORD rec;
    TEB *teb;
    int in_kernel;

    if (exc->kind == HOST_EXC_ABORT || exc->kind == HOST_EXC_STACK)
        return HOST_EXC_UNHANDLED;      /* the host ends the process */
    teb = current_teb();
    if (exc->kind == HOST_EXC_INTERRUPT)
        return thread_interrupt(teb, ctx);
    if (!teb || !teb_kdata(teb)->thread)
        return HOST_EXC_UNHANDLED;      /* a kernel helper thread: a bug */
    if (exc->kind == HOST_EXC_ACCESS && exc->trapno == TRAP_ALIGN && (ctx->rflags & EFLAGS_AC)) {
        ctx->rflags &= ~EFLAGS_AC;      /* alignment checks are not Windows' */
        return HOST_EXC_RESUME;
    }
    in_kernel = thread_in_kernel(teb, ctx->rip, ctx->rsp);
    if (exc->kind == HOST_EXC_SINGLE_STEP && in_kernel) {
        /* user code single-stepped into a system call: not through it */
        ctx->rflags &= ~EFLAGS_TF;
        return HOST_EXC_RESUME;
    }
    fill_record(&rec, exc, ctx);
    /* guard pages and stack growth; inside the kernel only for the user
       stack, so as not to re-enter the memory manager's lock */
    if (exc->kind == HOST_EXC_ACCESS && rec.ExceptionCode == EXCEPTION_ACCESS_VIOLATION &&
        (!in_kernel || on_user_stack(teb, exc->address))) {
        NTSTATUS st = STATUS_SUCCESS;
        if (virtual_handle_fault((void *)(uintptr_t)exc->address,
                                 exc->access == HOST_ACCESS_WRITE, teb, &st)) {
            if (st == STATUS_SUCCESS)
                return HOST_EXC_RESUME;
            rec.ExceptionCode = st;     /* a guard page, or the stack's last one */
        }
    }
    if (teb_kdata(teb)->jmp_buf)
        return resume_at_jmp_buf(teb, ctx, &rec);
    if (in_kernel)
        return kernel_fault(teb, ctx, &rec);
    return user_fault(teb, ctx, &rec);
}

void exception_init(void)
{
    host_exception_set_handler(exception_handler);
}

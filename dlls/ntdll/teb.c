/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * teb.c - a thread's memory: its TEB, user stack and kernel stack, and its
 * first entry into user mode.
 *
 * The TEB sits in its own 64 KiB block below 2 GiB (PE code reaches it
 * through %gs).  The user stack is committed but for its two lowest pages
 * (no access, then a guard page): Wine's PE ntdll clears almost a megabyte
 * below the start context of every thread, so the stack must be real
 * memory from the start.  The kernel stack (1 MiB) ends with the thread's
 * syscall frame.
 */
#include "kernel.h"

static TEB *cache_get(SIZE_T reserve);
static NTSTATUS reuse_teb(TEB *teb);

#define TEB_BLOCK_SIZE 0x10000
#define LARGE_PAGE 0x200000
/* room for the no-access and guard pages below the top large page */
#define MIN_STACK_SIZE (LARGE_PAGE + ALLOC_GRANULARITY)
/* what Wine's PE ntdll clears below a thread's start context */
#define START_CLEAR_SIZE 0xf2000
#define KERNEL_STACK_HOT 0x8000

static void init_teb(TEB *teb)
{
    teb->Tib.ExceptionList = (void *)~(uintptr_t)0;
    teb->Tib.Self = &teb->Tib;
    teb->Peb = kernel.peb;
    teb->StaticUnicodeString.Buffer = teb->StaticUnicodeBuffer;
    teb->StaticUnicodeString.MaximumLength = sizeof(teb->StaticUnicodeBuffer);
    teb->ActivationContextStackPointer = &teb->ActivationContextStack;
    teb->ActivationContextStack.FrameListCache.Flink = &teb->ActivationContextStack.FrameListCache;
    teb->ActivationContextStack.FrameListCache.Blink = &teb->ActivationContextStack.FrameListCache;
}

static SIZE_T stack_reserve_size(SIZE_T reserve)
{
    return ALIGN_UP(reserve < MIN_STACK_SIZE ? MIN_STACK_SIZE : reserve, ALLOC_GRANULARITY);
}

/*
 * The user stack: `reserve` bytes whose top is aligned to a large page,
 * inside a view one large page bigger (the slack above the top stays
 * reserved).  DeallocationStack is the stack's lowest page, not the view's
 * base; releasing any address of the view releases all of it.  Wine's PE
 * ntdll clears almost a megabyte below every thread's start context: with
 * the top 2 MiB one large page, that is one host fault instead of 242.
 */
static NTSTATUS alloc_user_stack(TEB *teb, SIZE_T reserve)
{
    void *base = NULL;
    NTSTATUS st;

    reserve = stack_reserve_size(reserve);
    if ((st = virtual_reserve(&base, reserve + LARGE_PAGE, 0, MEM_RESERVE, PAGE_READWRITE,
                              VIEW_PRIVATE)))
        return st;
    char *top = (char *)ALIGN_DOWN((uintptr_t)base + reserve + LARGE_PAGE, LARGE_PAGE);
    char *b = top - reserve;
    if ((st = virtual_commit(b + 2 * PAGE_SIZE_K, reserve - 2 * PAGE_SIZE_K, PAGE_READWRITE)) ||
        (st = virtual_commit(b + PAGE_SIZE_K, PAGE_SIZE_K, PAGE_READWRITE | PAGE_GUARD))) {
        virtual_release(base);
        return st;
    }
    /* hints: back the cleared part now, in one host call, large if possible */
    virtual_populate(top - LARGE_PAGE, LARGE_PAGE, HOST_VM_HUGE);
    virtual_populate(top - START_CLEAR_SIZE, START_CLEAR_SIZE, HOST_VM_POPULATE);
    teb->DeallocationStack = b;
    teb->Tib.StackLimit = b + 2 * PAGE_SIZE_K;
    teb->Tib.StackBase = top;
    return STATUS_SUCCESS;
}

static NTSTATUS alloc_kernel_stack(TEB *teb)
{
    void *base = NULL;
    NTSTATUS st;

    if ((st = virtual_reserve(&base, KERNEL_STACK_SIZE, 0, MEM_RESERVE | MEM_TOP_DOWN,
                              PAGE_READWRITE, VIEW_SYSTEM)))
        return st;
    if ((st = virtual_commit(base, KERNEL_STACK_SIZE, PAGE_READWRITE))) {
        virtual_release(base);
        return st;
    }
    /* its top (the frame, and the deepest the kernel usually goes) is
       written at once: back it in one host call */
    virtual_populate((char *)base + KERNEL_STACK_SIZE - KERNEL_STACK_HOT,
                     KERNEL_STACK_HOT, HOST_VM_POPULATE);
    struct kthread_data *kd = teb_kdata(teb);
    kd->kernel_stack = base;
    kd->frame = (struct syscall_frame *)((char *)base + KERNEL_STACK_SIZE -
                                         sizeof(struct syscall_frame));
    return STATUS_SUCCESS;
}

NTSTATUS thread_alloc_teb(TEB **out_teb, SIZE_T stack_reserve, SIZE_T stack_commit)
{
    void *block = NULL;
    NTSTATUS st;
    TEB *cached = cache_get(stack_reserve_size(stack_reserve));

    (void)stack_commit;   /* the whole stack is committed (see above) */

    if (cached) {
        if (!(st = reuse_teb(cached))) {
            *out_teb = cached;
            return STATUS_SUCCESS;
        }
        thread_free_teb(cached);
    }

    if ((st = virtual_reserve(&block, TEB_BLOCK_SIZE, 1, MEM_RESERVE | MEM_TOP_DOWN,
                              PAGE_READWRITE, VIEW_PRIVATE)))
        return st;
    if ((st = virtual_commit(block, TEB_BLOCK_SIZE, PAGE_READWRITE)))
        goto fail;
    TEB *teb = block;
    init_teb(teb);
    if ((st = alloc_user_stack(teb, stack_reserve)))
        goto fail;
    if ((st = alloc_kernel_stack(teb))) {
        virtual_release(teb->DeallocationStack);
        goto fail;
    }
    *out_teb = teb;
    return STATUS_SUCCESS;
fail:
    virtual_release(block);
    return st;
}

/*
 * Threads come and go in bursts (thread pools, worker loops).  A new
 * thread's memory costs page faults on first touch, and Wine's start code
 * writes a megabyte of its stack at once; the memory of a few ended
 * threads is therefore kept and handed to the next threads as it is: the
 * pages stay backed, and starting a thread costs no host memory call.
 */
#define TEB_CACHE_SIZE 8

static struct klock teb_cache_lock = KLOCK_INIT;
static TEB *teb_cache[TEB_CACHE_SIZE];
static unsigned teb_cache_count;

static SIZE_T user_stack_size(TEB *teb)
{
    return (char *)teb->Tib.StackBase - (char *)teb->DeallocationStack;
}

static int cache_put(TEB *teb)
{
    int kept = 0;
    klock_acquire(&teb_cache_lock);
    if (teb_cache_count < TEB_CACHE_SIZE) {
        teb_cache[teb_cache_count++] = teb;
        kept = 1;
    }
    klock_release(&teb_cache_lock);
    return kept;
}

/* A cached TEB whose user stack has `reserve` bytes, or NULL. */
static TEB *cache_get(SIZE_T reserve)
{
    TEB *teb = NULL;
    klock_acquire(&teb_cache_lock);
    for (unsigned i = 0; i < teb_cache_count; i++) {
        if (user_stack_size(teb_cache[i]) != reserve)
            continue;
        teb = teb_cache[i];
        teb_cache[i] = teb_cache[--teb_cache_count];
        break;
    }
    klock_release(&teb_cache_lock);
    return teb;
}

/* Make a cached TEB new again: fields cleared, guard page re-armed. */
static NTSTATUS reuse_teb(TEB *teb)
{
    char *stack = teb->DeallocationStack;
    SIZE_T reserve = user_stack_size(teb);
    void *kstack = teb_kdata(teb)->kernel_stack;

    memset(teb, 0, sizeof(*teb));
    init_teb(teb);
    teb->DeallocationStack = stack;
    teb->Tib.StackLimit = stack + 2 * PAGE_SIZE_K;
    teb->Tib.StackBase = stack + reserve;
    struct kthread_data *kd = teb_kdata(teb);
    kd->kernel_stack = kstack;
    kd->frame = (struct syscall_frame *)((char *)kstack + KERNEL_STACK_SIZE -
                                         sizeof(struct syscall_frame));
    return virtual_commit(stack + PAGE_SIZE_K, PAGE_SIZE_K, PAGE_READWRITE | PAGE_GUARD);
}

void thread_free_teb(TEB *teb)
{
    if (teb->DeallocationStack && teb_kdata(teb)->kernel_stack && cache_put(teb))
        return;
    if (teb_kdata(teb)->kernel_stack)
        virtual_release(teb_kdata(teb)->kernel_stack);
    if (teb->DeallocationStack)
        virtual_release(teb->DeallocationStack);
    virtual_release(teb);
}

/* fxsave image with the Windows default control words */
static void init_fpu_state(uint8_t *fxsave)
{
    memset(fxsave, 0, 512);
    *(uint16_t *)(fxsave + 0) = 0x27f;       /* FCW */
    *(uint32_t *)(fxsave + 24) = 0x1f80;     /* MXCSR */
    *(uint32_t *)(fxsave + 28) = 0xffff;     /* MXCSR_MASK */
}

void thread_start_user(TEB *teb, void *start, void *arg)
{
    struct syscall_frame *frame = teb_kdata(teb)->frame;
    uintptr_t rsp = (uintptr_t)teb->Tib.StackBase - 0x28;
    CONTEXT *ctx = (CONTEXT *)((rsp & ~(uintptr_t)15) - sizeof(CONTEXT));

    host_thread_set_teb(teb);
    memset(ctx, 0, sizeof(*ctx));
    ctx->ContextFlags = CONTEXT_FULL;
    ctx->Rcx = (uintptr_t)start;
    ctx->Rdx = (uintptr_t)arg;
    ctx->Rsp = rsp;
    ctx->Rip = (uintptr_t)kernel.p_RtlUserThreadStart;
    ctx->SegCs = 0x33;
    ctx->SegDs = ctx->SegEs = ctx->SegGs = ctx->SegSs = 0x2b;
    ctx->EFlags = 0x200;
    ctx->FltSave.ControlWord = 0x27f;
    ctx->FltSave.MxCsr = ctx->MxCsr = 0x1f80;
    ctx->FltSave.MxCsr_Mask = 0xffff;

    memset(frame, 0, sizeof(*frame));
    init_fpu_state(frame->fxsave);
    frame->rip = (uintptr_t)kernel.p_LdrInitializeThunk;
    frame->rsp = (uintptr_t)ctx - 8;
    frame->rcx = (uintptr_t)ctx;
    frame->rdx = (uintptr_t)arg;
    frame->rflags = 0x200;
    frame->restore_flags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    keep_syscall_return(frame, 0);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * exception.c - the upcall: CPU exceptions and interrupts as signals.
 *
 * Faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP), the interrupt signal of
 * host_thread_interrupt and the stop requests (SIGINT, SIGTERM) all reach
 * one handler on the thread's signal stack.  It turns the signal frame into
 * a struct host_cpu_context, calls the kernel's handler, and on
 * HOST_EXC_RESUME writes every register back into the frame, so that
 * sigreturn resumes the thread with the context the kernel chose.  Linux
 * leaves the GS base alone across signals, so the kernel finds its TEB.
 */
#define _GNU_SOURCE 1
#include <cpuid.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/ucontext.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

/* Linux signal frame details not in glibc's headers. */
#ifndef FP_XSTATE_MAGIC1
#define FP_XSTATE_MAGIC1 0x46505853u
#endif
#define SW_BYTES_OFFSET 464          /* struct _fpx_sw_bytes in the FXSAVE area */
#define FXSAVE_HW_BYTES 464          /* the architectural part of FXSAVE */
#define XSAVE_HEADER_OFFSET 512      /* xstate_bv is its first field */
#define XFEATURE_FP_SSE 3ull
#define XFEATURE_YMM 4ull
#ifndef UC_SIGCONTEXT_SS
#define UC_SIGCONTEXT_SS 0x2
#endif

/* x86 trap numbers and page fault error code bits. */
#define TRAP_DEBUG 1
#define TRAP_BREAKPOINT 3
#define TRAP_PAGE_FAULT 14
#define PF_WRITE 0x2
#define PF_INSTR 0x10

struct sw_bytes {            /* struct _fpx_sw_bytes */
    uint32_t magic1;
    uint32_t extended_size;
    uint64_t xfeatures;
    uint32_t xstate_size;
    uint32_t padding[7];
};

static host_exception_handler_t handler;
static int interrupt_sig;
static unsigned ymm_offset;  /* of the AVX upper halves in XSAVE, 0 without AVX */

static const int fault_signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP };
static const int abort_signals[] = { SIGINT, SIGTERM };

int host_interrupt_signal(void)
{
    int sig = __atomic_load_n(&interrupt_sig, __ATOMIC_RELAXED);

    if (!sig) {
        /* glibc keeps the first realtime signals; stay clear of them. */
        sig = SIGRTMIN + 3;
        __atomic_store_n(&interrupt_sig, sig, __ATOMIC_RELAXED);
    }
    return sig;
}

int host_exception_set_handler(host_exception_handler_t h)
{
    __atomic_store_n(&handler, h, __ATOMIC_RELEASE);
    return HOST_OK;
}

/* ---- Classifying a signal ------------------------------------------------- */

static int on_guard_page(uint64_t addr)
{
    const struct host_thread *t = host_thread_current();
    uint64_t stack;

    if (!t || !t->sigstack)
        return 0;
    stack = (uint64_t)(uintptr_t)t->sigstack;
    return addr < stack && addr >= stack - host_vm_page_size();
}

static unsigned access_kind(uint64_t err)
{
    if (err & PF_INSTR)
        return HOST_ACCESS_EXEC;
    return err & PF_WRITE ? HOST_ACCESS_WRITE : HOST_ACCESS_READ;
}

static void classify_access(struct host_exception *e, const siginfo_t *si, const greg_t *g)
{
    e->kind = HOST_EXC_ACCESS;
    e->address = (uint64_t)(uintptr_t)si->si_addr;
    if (e->trapno == TRAP_PAGE_FAULT)
        e->access = access_kind((uint64_t)g[REG_ERR]);
    if (on_guard_page(e->address))
        e->kind = HOST_EXC_STACK;
}

static void classify_fault(struct host_exception *e, int sig, const siginfo_t *si, const greg_t *g)
{
    switch (sig) {
    case SIGSEGV:
        /* A page fault names an address; a #GP (SI_KERNEL, trap 13) comes
         * from a privileged instruction or a non-canonical address, which
         * the kernel tells apart by decoding the instruction. */
        if (si->si_code == SI_KERNEL)
            e->kind = HOST_EXC_PRIVILEGED;
        else
            classify_access(e, si, g);
        break;
    case SIGBUS:
        classify_access(e, si, g);
        break;
    case SIGILL:
        e->kind = si->si_code == ILL_PRVOPC || si->si_code == ILL_PRVREG ? HOST_EXC_PRIVILEGED
                                                                          : HOST_EXC_ILLEGAL;
        break;
    case SIGFPE:
        if (si->si_code == FPE_INTDIV)
            e->kind = HOST_EXC_INT_DIVIDE;
        else if (si->si_code == FPE_INTOVF)
            e->kind = HOST_EXC_INT_OVERFLOW;
        else
            e->kind = HOST_EXC_FLOAT;
        break;
    case SIGTRAP:
        if (e->trapno == TRAP_DEBUG || si->si_code == TRAP_TRACE || si->si_code == TRAP_HWBKPT)
            e->kind = HOST_EXC_SINGLE_STEP;
        else
            e->kind = HOST_EXC_BREAKPOINT;
        break;
    }
}

static void classify(struct host_exception *e, int sig, const siginfo_t *si, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    int from_kernel = si->si_code > 0;   /* not kill(), tgkill(), sigqueue() */

    memset(e, 0, sizeof(*e));
    e->access = HOST_ACCESS_READ;
    e->code = si->si_code;
    e->trapno = from_kernel ? (int)g[REG_TRAPNO] : -1;
    if (sig == host_interrupt_signal())
        e->kind = HOST_EXC_INTERRUPT;
    else if (sig == SIGINT || sig == SIGTERM || !from_kernel)
        /* A fault signal someone sent us is a request to stop, too. */
        e->kind = HOST_EXC_ABORT;
    else
        classify_fault(e, sig, si, g);
}

/* ---- Signal frame <-> host_cpu_context ------------------------------------ */

/* The AVX upper halves in the frame's XSAVE area, or NULL. */
static uint8_t *frame_ymmh(const ucontext_t *uc)
{
    uint8_t *fx = (uint8_t *)uc->uc_mcontext.fpregs;
    struct sw_bytes sw;

    if (!fx || !ymm_offset)
        return NULL;
    memcpy(&sw, fx + SW_BYTES_OFFSET, sizeof(sw));
    if (sw.magic1 != FP_XSTATE_MAGIC1 || !(sw.xfeatures & XFEATURE_YMM) ||
        sw.xstate_size < ymm_offset + 256)
        return NULL;
    return fx + ymm_offset;
}

static uint64_t *frame_xstate_bv(const ucontext_t *uc)
{
    return (uint64_t *)((uint8_t *)uc->uc_mcontext.fpregs + XSAVE_HEADER_OFFSET);
}

static uint16_t read_ds(void)
{
    uint16_t v;
    __asm__ volatile("movw %%ds, %0" : "=r"(v));
    return v;
}

static uint16_t read_es(void)
{
    uint16_t v;
    __asm__ volatile("movw %%es, %0" : "=r"(v));
    return v;
}

static uint16_t read_ss(void)
{
    uint16_t v;
    __asm__ volatile("movw %%ss, %0" : "=r"(v));
    return v;
}

static void context_from_frame(struct host_cpu_context *c, const ucontext_t *uc)
{
    const greg_t *g = uc->uc_mcontext.gregs;
    uint64_t segs = (uint64_t)g[REG_CSGSFS];
    const uint8_t *ymmh = frame_ymmh(uc);

    memset(c, 0, sizeof(*c));
    c->rax = g[REG_RAX]; c->rcx = g[REG_RCX]; c->rdx = g[REG_RDX]; c->rbx = g[REG_RBX];
    c->rsp = g[REG_RSP]; c->rbp = g[REG_RBP]; c->rsi = g[REG_RSI]; c->rdi = g[REG_RDI];
    c->r8 = g[REG_R8]; c->r9 = g[REG_R9]; c->r10 = g[REG_R10]; c->r11 = g[REG_R11];
    c->r12 = g[REG_R12]; c->r13 = g[REG_R13]; c->r14 = g[REG_R14]; c->r15 = g[REG_R15];
    c->rip = g[REG_RIP];
    c->rflags = g[REG_EFL];
    c->cs = (uint16_t)segs;
    c->gs = (uint16_t)(segs >> 16);
    c->fs = (uint16_t)(segs >> 32);
    c->ss = uc->uc_flags & UC_SIGCONTEXT_SS ? (uint16_t)(segs >> 48) : read_ss();
    /* 64-bit frames do not carry ds and es; they are the same everywhere. */
    c->ds = read_ds();
    c->es = read_es();
    if (uc->uc_mcontext.fpregs)
        memcpy(c->fxsave, uc->uc_mcontext.fpregs, sizeof(c->fxsave));
    if (ymmh) {
        c->ymmh_valid = 1;
        /* A component in its initial state is not in the area: zeros. */
        if (*frame_xstate_bv(uc) & XFEATURE_YMM)
            memcpy(c->ymmh, ymmh, sizeof(c->ymmh));
    }
}

static void context_to_frame(const struct host_cpu_context *c, ucontext_t *uc)
{
    greg_t *g = uc->uc_mcontext.gregs;
    uint64_t segs = (uint64_t)g[REG_CSGSFS];
    uint8_t *ymmh = frame_ymmh(uc);

    g[REG_RAX] = c->rax; g[REG_RCX] = c->rcx; g[REG_RDX] = c->rdx; g[REG_RBX] = c->rbx;
    g[REG_RSP] = c->rsp; g[REG_RBP] = c->rbp; g[REG_RSI] = c->rsi; g[REG_RDI] = c->rdi;
    g[REG_R8] = c->r8; g[REG_R9] = c->r9; g[REG_R10] = c->r10; g[REG_R11] = c->r11;
    g[REG_R12] = c->r12; g[REG_R13] = c->r13; g[REG_R14] = c->r14; g[REG_R15] = c->r15;
    g[REG_RIP] = c->rip;
    g[REG_EFL] = c->rflags;
    segs = (segs & 0x0000ffffffff0000ull) | c->cs;
    if (uc->uc_flags & UC_SIGCONTEXT_SS)
        segs = (segs & 0x0000ffffffffffffull) | (uint64_t)c->ss << 48;
    g[REG_CSGSFS] = (greg_t)segs;
    if (!uc->uc_mcontext.fpregs)
        return;
    /* Bytes 464-511 hold the kernel's description of the XSAVE frame:
     * keep the frame's own, whatever the handler left there. */
    memcpy(uc->uc_mcontext.fpregs, c->fxsave, FXSAVE_HW_BYTES);
    if (!ymmh)
        return;
    /* XRSTOR loads a component only when its xstate_bv bit is set. */
    *frame_xstate_bv(uc) |= XFEATURE_FP_SSE;
    if (c->ymmh_valid) {
        memcpy(ymmh, c->ymmh, sizeof(c->ymmh));
        *frame_xstate_bv(uc) |= XFEATURE_YMM;
    }
}

/* ---- Unhandled exceptions ------------------------------------------------- */

static size_t put_str(char *buf, size_t pos, const char *s)
{
    while (*s)
        buf[pos++] = *s++;
    return pos;
}

static size_t put_hex(char *buf, size_t pos, uint64_t v)
{
    char digits[16];
    int n = 0;

    pos = put_str(buf, pos, "0x");
    do {
        digits[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    while (n)
        buf[pos++] = digits[--n];
    return pos;
}

static size_t put_dec(char *buf, size_t pos, unsigned v)
{
    char digits[10];
    int n = 0;

    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        buf[pos++] = digits[--n];
    return pos;
}

/* One line on stderr, made without stdio (we are in a signal handler). */
static void report(int sig, const struct host_exception *e, uint64_t rip)
{
    char line[160];
    size_t n = put_str(line, 0, "keep: unhandled fault at ");

    n = put_hex(line, n, rip);
    n = put_str(line, n, ", address ");
    n = put_hex(line, n, e->address);
    n = put_str(line, n, " (signal ");
    n = put_dec(line, n, (unsigned)sig);
    n = put_str(line, n, ", kind ");
    n = put_dec(line, n, e->kind);
    n = put_str(line, n, ")\n");
    while (write(STDERR_FILENO, line, n) < 0 && errno == EINTR)
        ;
}

/* End the process the way the signal would have without our handler. */
static void die_by(int sig) __attribute__((noreturn));
static void die_by(int sig)
{
    struct sigaction dfl;
    sigset_t set;

    memset(&dfl, 0, sizeof(dfl));
    dfl.sa_handler = SIG_DFL;
    sigaction(sig, &dfl, NULL);
    syscall(SYS_tgkill, getpid(), (pid_t)syscall(SYS_gettid), sig);
    sigemptyset(&set);
    sigaddset(&set, sig);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
    _exit(128 + sig);
}

static void unhandled(int sig, const struct host_exception *e, const ucontext_t *uc)
    __attribute__((noreturn));
static void unhandled(int sig, const struct host_exception *e, const ucontext_t *uc)
{
    if (e->kind != HOST_EXC_ABORT)
        report(sig, e, (uint64_t)uc->uc_mcontext.gregs[REG_RIP]);
    die_by(sig);
}

/* ---- The handler ---------------------------------------------------------- */

/* An interrupt that lands on the way into the futex sleep ends the wait. */
static void cancel_futex_wait(ucontext_t *uc)
{
    uint64_t rip = (uint64_t)uc->uc_mcontext.gregs[REG_RIP];

    if (rip >= (uint64_t)(uintptr_t)host_futex_window_start &&
        rip <= (uint64_t)(uintptr_t)host_futex_window_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)host_futex_cancel;
}

static void on_signal(int sig, siginfo_t *si, void *ucv)
{
    ucontext_t *uc = ucv;
    host_exception_handler_t h = __atomic_load_n(&handler, __ATOMIC_ACQUIRE);
    int saved_errno = errno;
    struct host_exception e;
    struct host_cpu_context ctx;

    classify(&e, sig, si, uc);
    if (e.kind == HOST_EXC_INTERRUPT)
        host_interrupt_seq++;
    if (h) {
        context_from_frame(&ctx, uc);
        if (h(&e, &ctx) != HOST_EXC_RESUME)
            unhandled(sig, &e, uc);
        context_to_frame(&ctx, uc);
    } else if (e.kind != HOST_EXC_INTERRUPT) {
        /* Nobody to take a fault; an interrupt without a handler is moot. */
        unhandled(sig, &e, uc);
    }
    if (e.kind == HOST_EXC_INTERRUPT)
        cancel_futex_wait(uc);
    errno = saved_errno;
}

/* ---- Set-up --------------------------------------------------------------- */

static void find_ymm_offset(void)
{
    unsigned a, b, c, d;

    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE) || !(c & bit_AVX))
        return;
    if (!__get_cpuid_count(0xd, 2, &a, &b, &c, &d) || a < 256)
        return;
    ymm_offset = b;
}

static int install(int sig, int flags)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_signal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | flags;
    sigemptyset(&sa.sa_mask);
    /* Interrupts wait until the upcall in progress returns. */
    sigaddset(&sa.sa_mask, host_interrupt_signal());
    return sigaction(sig, &sa, NULL) < 0 ? host_from_errno(errno) : HOST_OK;
}

int host_exception_init(void)
{
    int r;

    find_ymm_offset();
    /* A fault inside the upcall (the kernel probing memory) must reach the
     * handler again rather than kill the process: SA_NODEFER. */
    for (size_t i = 0; i < sizeof(fault_signals) / sizeof(fault_signals[0]); i++)
        if ((r = install(fault_signals[i], SA_NODEFER)) < 0)
            return r;
    /* No SA_RESTART: a blocking wait or read must end with EINTR. */
    if ((r = install(host_interrupt_signal(), 0)) < 0)
        return r;
    for (size_t i = 0; i < sizeof(abort_signals) / sizeof(abort_signals[0]); i++)
        if ((r = install(abort_signals[i], SA_RESTART)) < 0)
            return r;
    return HOST_OK;
}

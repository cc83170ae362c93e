/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * thread.c - threads: the thread object, creation and exit, thread ids,
 * suspension, termination by another thread, and the thread information
 * classes.
 *
 * Each Windows thread is one host thread.  Its kernel stack (teb.c) is
 * also the stack the host thread starts on: the kernel entry runs there
 * until thread_start_user() enters ntdll.dll, after which the stack holds
 * syscall frames only.
 *
 * Stopping another thread (suspension, contexts, termination) goes
 * through host_thread_interrupt.  A thread interrupted in user code stops
 * in the upcall, with its registers at hand; a thread interrupted inside
 * the kernel may hold kernel locks, so it is left alone and stops at its
 * next safe point instead: every kernel wait is one, and a thread asleep
 * in one is woken by the interrupt.  The requester re-sends the interrupt
 * until the target has stopped.
 *
 * Divisions: 1. the thread object and registry  2. exit and reaping
 * 3. creation  4. stopping: suspension and termination  5. system calls
 * on threads  6. information classes
 */
#include "kernel.h"

extern const char __ehdr_start[] __attribute__((visibility("hidden")));
extern const char etext[] __attribute__((visibility("hidden")));

#define STOP_TIMEOUT_NS 5000000000LL    /* giving up on a stop request */
#define TID_RESERVED ((struct kthread *)1)

/* ---- 1. The thread object and registry ----------------------------------- */

/* threads_lock guards the list of live threads, the tid table, the
 * zombie list and suspend counts. */
static struct klock threads_lock = KLOCK_INIT;
static struct kthread *all_threads;
static unsigned alive_count;
static struct kthread **tid_table;     /* index i is tid 4 * (i + 1) */
static uint32_t tid_capacity, tid_cursor;
static struct kthread *zombies;

static int thread_signaled(struct kobject *obj, struct kthread *t)
{
    (void)t;
    return ((struct kthread *)obj)->terminated;
}

static void thread_destroy(struct kobject *obj)
{
    struct kthread *t = (struct kthread *)obj;
    struct kapc *apc = t->apc_head;

    while (apc) {
        struct kapc *next = apc->next;
        kfree(apc);
        apc = next;
    }
    kfree(KTHREAD_EXT(t)->name);
}

const struct kobject_type thread_type = {
    .name = "Thread",
    .mapping = { STANDARD_RIGHTS_READ | THREAD_QUERY_INFORMATION | THREAD_GET_CONTEXT,
                 STANDARD_RIGHTS_WRITE | THREAD_TERMINATE | THREAD_SUSPEND_RESUME | THREAD_ALERT |
                     THREAD_SET_INFORMATION | THREAD_SET_CONTEXT,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE | THREAD_QUERY_LIMITED_INFORMATION,
                 THREAD_ALL_ACCESS },
    .valid_access = THREAD_ALL_ACCESS,
    .destroy = thread_destroy,
    .signaled = thread_signaled,
};

static KAFFINITY system_affinity(void)
{
    ULONG n = kernel.peb ? kernel.peb->NumberOfProcessors : 1;
    if (!n)
        n = 1;
    return n >= 64 ? ~(KAFFINITY)0 : ((KAFFINITY)1 << n) - 1;
}

static struct kthread *thread_alloc(TEB *teb, void *start, void *arg)
{
    struct kthread *t = kobject_alloc(&thread_type, sizeof(*t) + sizeof(struct kthread_ext));
    struct kthread_ext *x;

    if (!t)
        return NULL;
    t->priv = x = (struct kthread_ext *)(t + 1);
    t->teb = teb;
    t->start = start;
    t->arg = arg;
    x->create_time = time_now_nt();
    x->affinity = system_affinity();
    x->win32_start = start;
    teb_kdata(teb)->thread = t;
    return t;
}

void thread_reserve_process_id(uint32_t old_pid, uint32_t new_pid)
{
    uint32_t old_index = old_pid / 4 - 1, new_index = new_pid / 4 - 1;

    klock_acquire(&threads_lock);
    if (old_pid && old_index < tid_capacity && tid_table[old_index] == TID_RESERVED)
        tid_table[old_index] = NULL;
    /* a live thread holds it only if the process has that many threads:
       not while a child waits to be resumed (a handful; its id is 0x24 or
       more), so no thread shares the process's id */
    if (new_pid && new_index < tid_capacity && !tid_table[new_index])
        tid_table[new_index] = TID_RESERVED;
    klock_release(&threads_lock);
}

/* Give t a thread id, put it on the list of live threads.  Lock held. */
static NTSTATUS register_locked(struct kthread *t)
{
    uint32_t i;

    for (;;) {
        for (uint32_t n = 0; n < tid_capacity; n++) {
            i = (tid_cursor + n) % tid_capacity;
            if (!tid_table[i])
                goto found;
        }
        uint32_t cap = tid_capacity ? tid_capacity * 2 : 64;
        struct kthread **table = krealloc(tid_table, cap * sizeof(*table));
        if (!table)
            return STATUS_NO_MEMORY;
        memset(table + tid_capacity, 0, (cap - tid_capacity) * sizeof(*table));
        /* the process id comes from the same namespace as thread ids */
        uint32_t pid_index = process_id() / 4 - 1;
        if (process_id() && pid_index >= tid_capacity && pid_index < cap)
            table[pid_index] = TID_RESERVED;
        tid_table = table;
        tid_capacity = cap;
    }
found:
    tid_table[i] = t;
    tid_cursor = i + 1;     /* round robin: a tid is not reused at once */
    t->tid = 4 * (i + 1);
    t->next_all = all_threads;
    t->prev_all = NULL;
    if (all_threads)
        all_threads->prev_all = t;
    all_threads = t;
    alive_count++;
    t->teb->ClientId.UniqueProcess = (HANDLE)(uintptr_t)process_id();
    t->teb->ClientId.UniqueThread = (HANDLE)(uintptr_t)t->tid;
    t->teb->RealClientId = t->teb->ClientId;
    return STATUS_SUCCESS;
}

/* Lock held; returns the new count of live threads. */
static unsigned unregister_locked(struct kthread *t)
{
    tid_table[t->tid / 4 - 1] = NULL;
    if (t->prev_all)
        t->prev_all->next_all = t->next_all;
    else
        all_threads = t->next_all;
    if (t->next_all)
        t->next_all->prev_all = t->prev_all;
    t->next_all = t->prev_all = NULL;
    return --alive_count;
}

struct kthread *thread_ref_tid(uint32_t tid)
{
    struct kthread *t = NULL;
    uint32_t i = tid / 4 - 1;

    if (!tid || (tid & 3))
        return NULL;
    klock_acquire(&threads_lock);
    if (i < tid_capacity && tid_table[i] && tid_table[i] != TID_RESERVED)
        t = kobject_ref(tid_table[i]);
    klock_release(&threads_lock);
    return t;
}

unsigned thread_ref_all(struct kthread **out, unsigned max)
{
    unsigned n = 0;

    klock_acquire(&threads_lock);
    for (struct kthread *t = all_threads; t && n < max; t = t->next_all)
        if (!t->terminated)
            out[n++] = kobject_ref(t);
    klock_release(&threads_lock);
    return n;
}

/* What t does, as far as the kernel knows: in one of its waits, stopped
 * for a suspension, or else running (user code, or a host call). */
static void summarize_state(struct kthread *t, struct thread_summary *s)
{
    struct kthread_ext *x = KTHREAD_EXT(t);
    uint32_t reason = __atomic_load_n(&t->wait_reason, __ATOMIC_ACQUIRE);

    if (__atomic_load_n(&x->stopped, __ATOMIC_ACQUIRE))
        reason = KWAIT_SUSPENDED;
    else if (__atomic_load_n(&x->tid_alert, __ATOMIC_ACQUIRE) == 2)
        reason = KWAIT_ALERT_BY_THREAD_ID;
    s->state = reason ? KTHREAD_WAITING : KTHREAD_RUNNING;
    s->wait_reason = reason;
}

/* Lock held: t is registered, so its TEB and kernel stack are there. */
static void summarize_locked(struct kthread *t, struct thread_summary *s)
{
    struct kthread_ext *x = KTHREAD_EXT(t);
    char *kstack = teb_kdata(t->teb)->kernel_stack;

    s->tid = t->tid;
    s->create_time = x->create_time;
    s->win32_start = x->win32_start;
    s->teb = t->teb;
    s->kstack_limit = kstack;
    s->kstack_base = kstack + KERNEL_STACK_SIZE;
    s->priority = x->priority;
    summarize_state(t, s);
}

unsigned thread_summarize(struct thread_summary *out, unsigned max)
{
    struct kthread *t;
    unsigned n = 0;

    klock_acquire(&threads_lock);
    /* the list is newest first: start at its end */
    for (t = all_threads; t && t->next_all; t = t->next_all)
        ;
    for (; t; t = t->prev_all) {
        if (t->terminated)
            continue;
        if (n < max)
            summarize_locked(t, &out[n]);
        n++;
    }
    klock_release(&threads_lock);
    return n;
}

NTSTATUS thread_ref_access(HANDLE h, ACCESS_MASK access, struct kthread **out)
{
    if (h == CURRENT_THREAD) {
        *out = kobject_ref(current_thread());
        return STATUS_SUCCESS;
    }
    return handle_ref(h, &thread_type, access, (void **)out);
}

NTSTATUS thread_ref_handle(HANDLE h, struct kobject **out)
{
    return thread_ref_access(h, 0, (struct kthread **)out);
}

int thread_in_kernel(TEB *teb, uint64_t rip, uint64_t rsp)
{
    uint64_t stack = (uint64_t)(uintptr_t)teb_kdata(teb)->kernel_stack;

    if (stack && rsp >= stack && rsp < stack + KERNEL_STACK_SIZE)
        return 1;
    return rip >= (uint64_t)(uintptr_t)__ehdr_start && rip < (uint64_t)(uintptr_t)etext;
}

void thread_init(void)
{
}

struct kthread *thread_create_main(TEB *teb, void *entry)
{
    struct kthread *t = thread_alloc(teb, NULL, NULL);
    NTSTATUS st;

    if (!t)
        return NULL;
    /* it starts in LdrInitializeThunk, but Windows names the program's
       entry point as the first thread's Win32 start address */
    KTHREAD_EXT(t)->win32_start = entry;
    klock_acquire(&threads_lock);
    st = register_locked(t);
    klock_release(&threads_lock);
    if (st) {
        kobject_unref(t);
        return NULL;
    }
    KTHREAD_EXT(t)->started = 1;
    t->host = host_thread_self();
    return t;
}

/* ---- 2. Exit and reaping ----------------------------------------------------
 * An exiting thread runs on its kernel stack until host_thread_exit has
 * left it, which the host reports in the thread's `left` word: its stacks
 * and TEB are freed (or kept for the next thread) by whoever next creates
 * or ends a thread once that word is set.  The thread object lives on
 * while handles refer to it.
 */

/* Free what thread_exit_current could not: the kernel stack it ran on,
 * and the TEB.  But a thread killed by another never ran
 * LdrShutdownThread: ntdll.dll's list of TLS users still links through
 * its TEB, so that TEB stays mapped (Wine keeps freed TEBs for reuse; the
 * dangling link is harmless as long as the memory is there). */
static void free_thread_memory(struct kthread *t)
{
    if (KTHREAD_EXT(t)->killed)
        virtual_release(teb_kdata(t->teb)->kernel_stack);
    else
        thread_free_teb(t->teb);
}

static void reap_zombies(void)
{
    struct kthread *ready = NULL, **p;

    klock_acquire(&threads_lock);
    for (p = &zombies; *p;) {
        struct kthread *t = *p;
        struct kthread_ext *x = KTHREAD_EXT(t);
        if (!__atomic_load_n(&x->left, __ATOMIC_ACQUIRE)) {
            p = &x->zombie_next;
            continue;
        }
        *p = x->zombie_next;
        x->zombie_next = ready;
        ready = t;
    }
    klock_release(&threads_lock);
    while (ready) {
        struct kthread *next = KTHREAD_EXT(ready)->zombie_next;
        free_thread_memory(ready);
        kobject_unref(ready);       /* the reference of the running thread */
        ready = next;
    }
}

void thread_exit_current(uint32_t code)
{
    struct kthread *t = current_thread();
    struct kthread_ext *x = KTHREAD_EXT(t);
    unsigned left;

    KTRACE(KEEP_DEBUG_EXCEPTIONS, "keep: thread %04x exits with %#x\n", t->tid, code);
    x->exit_time = time_now_nt();
    t->exit_code = code;
    user_thread_exit(t);        /* its windows and message queue */
    sync_thread_exit(t);        /* signaled from here on */
    /* the user stack is no longer in use; teb.c keeps it, with the TEB
       and kernel stack, for the next thread (see thread_free_teb) */
    klock_acquire(&threads_lock);
    left = unregister_locked(t);
    if (left) {
        x->zombie_next = zombies;
        zombies = t;
    }
    klock_release(&threads_lock);
    if (!left)
        process_exit(code);
    reap_zombies();
    host_thread_exit(&x->left);
}

/* Where a thread killed in user mode resumes: on its kernel stack (free
 * while in user mode), with the exit code in rdi. */
static void exit_trampoline(uint64_t code)
{
    thread_exit_current((uint32_t)code);
}

static void redirect_to_exit(TEB *teb, struct host_cpu_context *ctx, uint32_t code)
{
    uintptr_t top = (uintptr_t)teb_kdata(teb)->frame;

    ctx->rip = (uint64_t)(uintptr_t)exit_trampoline;
    ctx->rsp = (top & ~(uintptr_t)15) - 8;     /* as after a call */
    ctx->rdi = code;
    ctx->rflags &= ~(0x100ull | 0x400ull | 0x40000ull);     /* TF, DF, AC */
    /* the kernel's C code wants the default FPU and SSE control words */
    *(uint16_t *)(ctx->fxsave + 0) = 0x37f;
    *(uint32_t *)(ctx->fxsave + 24) = 0x1f80;
}

/* ---- 3. Creation ----------------------------------------------------------- */

/* The new host thread, on the thread's kernel stack. */
static void thread_entry(void *arg)
{
    struct kthread *t = arg;
    struct kthread_ext *x = KTHREAD_EXT(t);

    host_thread_set_teb(t->teb);
    /* only now may others interrupt it: the upcall needs the TEB at %gs */
    __atomic_store_n(&t->host, host_thread_self(), __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&t->suspend_count, __ATOMIC_SEQ_CST) || x->kill_pending)
        thread_safe_point();    /* created suspended: wait for NtResumeThread */
    x->started = 1;
    if (x->kill_pending)
        thread_exit_current(x->kill_code);
    thread_start_user(t->teb, t->start, t->arg);
}

static void update_attr_list(PS_ATTRIBUTE_LIST *list, struct kthread *t)
{
    SIZE_T count;

    if (!list || list->TotalLength < sizeof(SIZE_T))
        return;
    count = (list->TotalLength - sizeof(SIZE_T)) / sizeof(PS_ATTRIBUTE);
    for (SIZE_T i = 0; i < count; i++) {
        PS_ATTRIBUTE *a = &list->Attributes[i];
        const void *src;
        SIZE_T size;
        if (a->Attribute == PS_ATTRIBUTE_CLIENT_ID) {
            src = &t->teb->ClientId;
            size = sizeof(CLIENT_ID);
        } else if (a->Attribute == PS_ATTRIBUTE_TEB_ADDRESS) {
            src = &t->teb;
            size = sizeof(TEB *);
        } else {
            continue;
        }
        if (size > a->Size)
            size = a->Size;
        memcpy(a->ValuePtr, src, size);
        if (a->ReturnLength)
            *a->ReturnLength = size;
    }
}

static int is_self_process(HANDLE process)
{
    struct kobject *self, *obj;
    int same;

    if (process == CURRENT_PROCESS)
        return 1;
    if (process_ref_self(&self))
        return 0;
    same = !handle_ref(process, &process_type, PROCESS_CREATE_THREAD, (void **)&obj);
    if (same) {
        same = obj == self;
        kobject_unref(obj);
    }
    kobject_unref(self);
    return same;
}

/* Undo a creation whose host thread never ran. */
static void creation_failed(struct kthread *t, HANDLE handle)
{
    klock_acquire(&threads_lock);
    unregister_locked(t);
    klock_release(&threads_lock);
    t->terminated = 1;
    if (handle)
        handle_close(handle);
    thread_free_teb(t->teb);
    kobject_unref(t);
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateThreadEx(HANDLE *handle, ACCESS_MASK access,
                                              OBJECT_ATTRIBUTES *attr, HANDLE process,
                                              void *start, void *param, ULONG flags,
                                              ULONG_PTR zero_bits, SIZE_T stack_commit,
                                              SIZE_T stack_reserve, PS_ATTRIBUTE_LIST *attr_list)
{
    struct kthread_data *kd;
    struct kthread *t;
    host_thread_t host;
    HANDLE h = 0;
    TEB *teb;
    NTSTATUS st;
    int r;

    if (zero_bits > 21 && zero_bits < 32)
        return STATUS_INVALID_PARAMETER_3;
    if (!is_self_process(process))
        return process == CURRENT_PROCESS ? STATUS_INVALID_HANDLE : STATUS_ACCESS_DENIED;
    reap_zombies();
    if ((st = thread_alloc_teb(&teb, stack_reserve, stack_commit)))
        return st;
    if (!(t = thread_alloc(teb, start, param))) {
        thread_free_teb(teb);
        return STATUS_NO_MEMORY;
    }
    t->suspend_count = (flags & THREAD_CREATE_FLAGS_CREATE_SUSPENDED) ? 1 : 0;
    KTHREAD_EXT(t)->hide_from_debugger = (flags & THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER) != 0;
    klock_acquire(&threads_lock);
    st = register_locked(t);
    klock_release(&threads_lock);
    if (st) {
        thread_free_teb(teb);
        kobject_unref(t);
        return st;
    }
    if ((st = handle_alloc(&t->obj, access ? access : THREAD_ALL_ACCESS,
                           attr ? attr->Attributes : 0, &h))) {
        creation_failed(t, 0);
        return st;
    }
    kd = teb_kdata(teb);
    r = host_thread_create(thread_entry, t, kd->kernel_stack,
                           (char *)kd->frame - (char *)kd->kernel_stack, &host);
    if (r < 0) {
        creation_failed(t, h);
        return status_from_host(r);
    }
    *handle = h;
    update_attr_list(attr_list, t);
    return STATUS_SUCCESS;
}
SYSCALL(NtCreateThreadEx);

/* The pre-Vista interface takes a ready CONTEXT and stack; Wine 8.0's DLLs
 * never call it. */
NTSTATUS NTAPI KERNEL_EXPORT NtCreateThread(HANDLE *handle, ACCESS_MASK access,
                                            OBJECT_ATTRIBUTES *attr, HANDLE process,
                                            CLIENT_ID *id, CONTEXT *ctx, INITIAL_TEB *teb,
                                            BOOLEAN suspended)
{
    (void)handle; (void)access; (void)attr; (void)process;
    (void)id; (void)ctx; (void)teb; (void)suspended;
    return kernel_not_implemented("NtCreateThread", -1);
}
SYSCALL(NtCreateThread);

/* ---- 4. Stopping: suspension and termination -------------------------------- */

/* Block the current thread while it is suspended (and not killed).
 * where/ctx tell a context reader where its registers are. */
static void stop_here(struct kthread *t, int where, struct host_cpu_context *ctx)
{
    struct kthread_ext *x = KTHREAD_EXT(t);

    x->stop_where = where;
    x->stop_ctx = ctx;
    for (;;) {
        uint32_t seq = __atomic_load_n(&x->ctl, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&t->suspend_count, __ATOMIC_SEQ_CST) || x->kill_pending)
            break;
        if (!__atomic_exchange_n(&x->stopped, 1, __ATOMIC_SEQ_CST))
            host_futex_wake(&x->stopped, INT32_MAX);
        host_futex_wait(&x->ctl, seq, NULL, 0);
    }
    __atomic_store_n(&x->stopped, 0, __ATOMIC_SEQ_CST);
    x->stop_where = STOP_NONE;
    x->stop_ctx = NULL;
}

int thread_safe_point(void)
{
    struct kthread *t = current_thread();
    struct kthread_ext *x = KTHREAD_EXT(t);

    if (!x->kill_pending && __atomic_load_n(&t->suspend_count, __ATOMIC_SEQ_CST))
        stop_here(t, x->started ? STOP_KERNEL : STOP_NOT_STARTED, NULL);
    return x->kill_pending;
}

/* ---- Snapshots ------------------------------------------------------------- */

/* Set while a snapshot stops the threads (docs/snapshot.md). */
static volatile int snap_stopping;
/* The threads a snapshot stopped. */
#define SNAP_MAX_THREADS 1024
static struct kthread *snap_threads[SNAP_MAX_THREADS];
static unsigned snap_count;

/* Wine's syscall thunks enter the kernel with `call *0x7ffe1000`: the
 * call can be made again from the frame. */
static const uint8_t thunk_call[7] = { 0xff, 0x14, 0x25, 0x00, 0x10, 0xfe, 0x7f };

static int frame_restartable(const struct syscall_frame *f)
{
    return !f->prev && f->syscall_id != 0xffffffffu && f->rip >= 0x10000 + sizeof(thunk_call) &&
           virtual_check_range((const void *)(uintptr_t)(f->rip - sizeof(thunk_call)),
                               sizeof(thunk_call), 0) &&
           !memcmp((const void *)(uintptr_t)(f->rip - sizeof(thunk_call)), thunk_call,
                   sizeof(thunk_call));
}

int thread_wait_point(int restartable)
{
    struct kthread *t = current_thread();
    struct kthread_ext *x = KTHREAD_EXT(t);

    if (restartable && __atomic_load_n(&snap_stopping, __ATOMIC_SEQ_CST) && !x->kill_pending &&
        x->started && __atomic_load_n(&t->suspend_count, __ATOMIC_SEQ_CST) &&
        frame_restartable(teb_kdata(t->teb)->frame))
        return WAIT_POINT_RESTART;
    return thread_safe_point() ? WAIT_POINT_KILLED : WAIT_POINT_GO_ON;
}

/* The dispatcher, after a system call answered STATUS_KEEP_RESTART: point
 * the frame at the thunk's call with the call's registers, stop, and then
 * make the call again. */
__attribute__((visibility("hidden"), noreturn)) void keep_syscall_restart(struct syscall_frame *f)
{
    struct kthread *t = current_thread();

    f->rip -= sizeof(thunk_call);
    f->rax = f->syscall_id;
    f->rcx = f->r10;
    f->restore_flags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    if (__atomic_load_n(&t->suspend_count, __ATOMIC_SEQ_CST))
        stop_here(t, STOP_RESTART, NULL);
    if (KTHREAD_EXT(t)->kill_pending)
        thread_exit_current(KTHREAD_EXT(t)->kill_code);
    keep_syscall_return(f, (NTSTATUS)f->rax);
}

NTSTATUS thread_wait_abandoned(void)
{
    struct syscall_frame *f = teb_kdata(current_teb())->frame;

    /* Wine's system call numbers: table << 12 | index; table 1 is win32u's */
    if (f && (f->syscall_id >> 12) == 1)
        keep_syscall_restart(f);
    return STATUS_KEEP_RESTART;
}

/* A thread stopped in user code: its registers into its syscall frame
 * (free while it runs user code), from where it resumes. */
static void save_user_context(struct kthread *t)
{
    const struct host_cpu_context *c = KTHREAD_EXT(t)->stop_ctx;
    struct syscall_frame *f = teb_kdata(t->teb)->frame;

    f->rax = c->rax; f->rbx = c->rbx; f->rcx = c->rcx; f->rdx = c->rdx;
    f->rsi = c->rsi; f->rdi = c->rdi; f->r8 = c->r8; f->r9 = c->r9;
    f->r10 = c->r10; f->r11 = c->r11; f->r12 = c->r12; f->r13 = c->r13;
    f->r14 = c->r14; f->r15 = c->r15;
    f->rip = c->rip; f->rflags = c->rflags; f->rsp = c->rsp; f->rbp = c->rbp;
    memcpy(f->fxsave, c->fxsave, sizeof(f->fxsave));
    f->restore_flags = CONTEXT_CONTROL | CONTEXT_INTEGER;
    if (c->ymmh_valid) {
        memcpy(f->ymmh, c->ymmh, sizeof(f->ymmh));
        f->restore_flags |= FRAME_RESTORE_YMMH;
    }
    f->prev = NULL;
}

void thread_snapshot_continue(void)
{
    for (unsigned i = 0; i < snap_count; i++) {
        /* one stopped in user code goes on from its interrupt, not from
           the frame: no upper halves are to be loaded from it */
        teb_kdata(snap_threads[i]->teb)->frame->restore_flags &= ~FRAME_RESTORE_YMMH;
        thread_unstop(snap_threads[i]);
        kobject_unref(snap_threads[i]);
    }
    snap_count = 0;
    __atomic_store_n(&snap_stopping, 0, __ATOMIC_SEQ_CST);
}

/* Stop t; the reason it cannot be, or NULL. */
static const char *snap_stop_one(struct kthread *t)
{
    struct kthread_ext *x = KTHREAD_EXT(t);

    if (thread_stop(t) < 0)
        return "did not stop within 5 s (blocked in a host call that is not a wait)";
    snap_threads[snap_count++] = t;
    switch (x->stop_where) {
    case STOP_USER:
        if (!x->stop_ctx)
            return "stopped with no registers";
        if (x->callback)
            return "is inside a user-mode callback";
        save_user_context(t);
        return NULL;
    case STOP_RESTART:
    case STOP_NOT_STARTED:
        return NULL;
    default:
        return "is suspended inside a system call that cannot be made again";
    }
}

int thread_snapshot_stop(char *err, size_t errlen)
{
    struct kthread *list[SNAP_MAX_THREADS];
    unsigned n = 0;
    const char *why = NULL;

    klock_acquire(&threads_lock);
    for (struct kthread *t = all_threads; t && n < SNAP_MAX_THREADS; t = t->next_all)
        if (!t->terminated)
            list[n++] = kobject_ref(t);
    int too_many = alive_count > SNAP_MAX_THREADS;
    klock_release(&threads_lock);
    __atomic_store_n(&snap_stopping, 1, __ATOMIC_SEQ_CST);
    snap_count = 0;
    unsigned i;
    for (i = 0; i < n && !why && !too_many; i++)
        why = snap_stop_one(list[i]);
    for (unsigned j = i; j < n; j++)
        kobject_unref(list[j]);
    if (!why && !too_many)
        return 0;
    if (too_many) {
        snprintf(err, errlen, "more than %u threads", SNAP_MAX_THREADS);
    } else {
        snprintf(err, errlen, "thread %u %s", list[i - 1]->tid, why);
        /* one that did not stop is not on the list the references go with */
        if (!snap_count || snap_threads[snap_count - 1] != list[i - 1])
            kobject_unref(list[i - 1]);
    }
    /* a thread that did not stop is not on the list: not unstopped twice */
    thread_snapshot_continue();
    return -1;
}

/* A resumed thread: back to user mode with its saved registers. */
static void resume_entry(void *arg)
{
    struct kthread *t = arg;
    struct syscall_frame *f = teb_kdata(t->teb)->frame;

    host_thread_set_teb(t->teb);
    __atomic_store_n(&t->host, host_thread_self(), __ATOMIC_SEQ_CST);
    /* the program had suspended it: it stays so, its registers in the frame */
    if (thread_safe_point())
        thread_exit_current(KTHREAD_EXT(t)->kill_code);
    keep_syscall_return(f, (NTSTATUS)f->rax);
}

int thread_snapshot_resume(void)
{
    /* the references the snapshot's stop held */
    for (unsigned i = 0; i < snap_count; i++)
        kobject_unref(snap_threads[i]);
    snap_count = 0;
    __atomic_store_n(&snap_stopping, 0, __ATOMIC_SEQ_CST);
    for (struct kthread *t = all_threads; t; t = t->next_all) {
        struct kthread_ext *x = KTHREAD_EXT(t);
        struct kthread_data *kd = teb_kdata(t->teb);
        int not_started = x->stop_where == STOP_NOT_STARTED;

        if (t->terminated)
            continue;
        /* the snapshot's own suspension ends here */
        if (t->suspend_count > 0)
            t->suspend_count--;
        x->stopped = 0;
        x->stop_where = STOP_NONE;
        x->stop_ctx = NULL;
        t->host = 0;
        if (host_thread_create(not_started ? thread_entry : resume_entry, t, kd->kernel_stack,
                               (char *)kd->frame - (char *)kd->kernel_stack, NULL) < 0)
            return -1;
    }
    return 0;
}

int thread_interrupt(TEB *teb, struct host_cpu_context *ctx)
{
    struct kthread *t = teb ? teb_kdata(teb)->thread : NULL;
    struct kthread_ext *x;

    /* inside the kernel it may hold locks: it stops at its next safe point */
    if (!t || thread_in_kernel(teb, ctx->rip, ctx->rsp))
        return HOST_EXC_RESUME;
    x = KTHREAD_EXT(t);
    if (!x->kill_pending && __atomic_load_n(&t->suspend_count, __ATOMIC_SEQ_CST))
        stop_here(t, STOP_USER, ctx);
    if (x->kill_pending)
        redirect_to_exit(teb, ctx, x->kill_code);
    return HOST_EXC_RESUME;
}

/* Prod t until it reports stopped (or ends); 0 if it stopped. */
static int wait_stopped(struct kthread *t)
{
    struct kthread_ext *x = KTHREAD_EXT(t);
    int64_t step = 1000000, waited = 0;

    while (waited < STOP_TIMEOUT_NS) {
        host_thread_t host = __atomic_load_n(&t->host, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&x->stopped, __ATOMIC_SEQ_CST))
            return 0;
        if (t->terminated || !__atomic_load_n(&t->suspend_count, __ATOMIC_SEQ_CST))
            return -1;
        if (host)
            host_thread_interrupt(host);
        host_futex_wait(&x->stopped, 0, &step, 0);
        waited += step;
        if (step < 32000000)
            step *= 2;
    }
    return -1;
}

/* Add one to t's suspend count; the previous count, or -1 at the limit. */
static int suspend_inc(struct kthread *t)
{
    int prev;

    klock_acquire(&threads_lock);
    prev = t->suspend_count;
    if (prev >= MAXIMUM_SUSPEND_COUNT)
        prev = -1;
    else
        __atomic_store_n(&t->suspend_count, prev + 1, __ATOMIC_SEQ_CST);
    klock_release(&threads_lock);
    return prev;
}

static int suspend_dec(struct kthread *t)
{
    struct kthread_ext *x = KTHREAD_EXT(t);
    int prev;

    klock_acquire(&threads_lock);
    if ((prev = t->suspend_count) > 0)
        __atomic_store_n(&t->suspend_count, prev - 1, __ATOMIC_SEQ_CST);
    klock_release(&threads_lock);
    if (prev == 1) {
        __atomic_add_fetch(&x->ctl, 1, __ATOMIC_SEQ_CST);
        host_futex_wake(&x->ctl, INT32_MAX);
    }
    return prev;
}

int thread_stop(struct kthread *t)
{
    if (suspend_inc(t) < 0)
        return -1;
    if (!wait_stopped(t))
        return 0;
    suspend_dec(t);
    return -1;
}

void thread_unstop(struct kthread *t)
{
    suspend_dec(t);
}

/* Ask t (not the current thread) to end with code. */
static void kill_thread(struct kthread *t, uint32_t code)
{
    struct kthread_ext *x = KTHREAD_EXT(t);
    host_thread_t host;

    klock_acquire(&threads_lock);
    if (!x->kill_pending) {
        x->kill_code = code;
        x->killed = 1;
        __atomic_store_n(&x->kill_pending, 1, __ATOMIC_SEQ_CST);
    }
    klock_release(&threads_lock);
    /* wake it wherever it sleeps: stopped, in a wait, in an alert wait */
    __atomic_add_fetch(&x->ctl, 1, __ATOMIC_SEQ_CST);
    host_futex_wake(&x->ctl, INT32_MAX);
    __atomic_store_n(&t->wake, 1, __ATOMIC_SEQ_CST);
    host_futex_wake(&t->wake, 1);
    host_futex_wake(&x->tid_alert, 1);
    if ((host = __atomic_load_n(&t->host, __ATOMIC_SEQ_CST)))
        host_thread_interrupt(host);
}

/* Keep prodding t until it has ended (bounded). */
static void wait_killed(struct kthread *t)
{
    int64_t step = 1000000, waited = 0;
    static volatile uint32_t never;

    while (!t->terminated && waited < STOP_TIMEOUT_NS) {
        host_thread_t host = __atomic_load_n(&t->host, __ATOMIC_SEQ_CST);
        host_futex_wait(&never, 0, &step, 0);
        waited += step;
        if (!t->terminated && host)
            host_thread_interrupt(host);
        if (step < 32000000)
            step *= 2;
    }
}

void thread_terminate_others(uint32_t code)
{
    struct kthread *self = current_thread(), *list[256];
    unsigned n = 0;

    klock_acquire(&threads_lock);
    for (struct kthread *t = all_threads; t && n < ARRAY_SIZE(list); t = t->next_all)
        if (t != self)
            list[n++] = kobject_ref(t);
    klock_release(&threads_lock);
    for (unsigned i = 0; i < n; i++)
        kill_thread(list[i], code);
    for (unsigned i = 0; i < n; i++) {
        wait_killed(list[i]);
        kobject_unref(list[i]);
    }
}

/* ---- 5. System calls on threads ---------------------------------------------- */

NTSTATUS NTAPI KERNEL_EXPORT NtTerminateThread(HANDLE handle, LONG exit_code)
{
    struct kthread *t;
    NTSTATUS st;

    if (!handle) {
        /* the current thread, but never the last one */
        if (alive_count <= 1)
            return STATUS_CANT_TERMINATE_SELF;
        handle = CURRENT_THREAD;
    }
    if ((st = thread_ref_access(handle, THREAD_TERMINATE, &t)))
        return st;
    if (t == current_thread()) {
        kobject_unref(t);
        thread_exit_current((uint32_t)exit_code);
    }
    if (!t->terminated) {
        kill_thread(t, (uint32_t)exit_code);
        wait_killed(t);
    }
    kobject_unref(t);
    return STATUS_SUCCESS;
}
SYSCALL(NtTerminateThread);

NTSTATUS NTAPI KERNEL_EXPORT NtSuspendThread(HANDLE handle, ULONG *count)
{
    struct kthread *t;
    NTSTATUS st;
    int prev;

    if ((st = thread_ref_access(handle, THREAD_SUSPEND_RESUME, &t)))
        return st;
    if (t->terminated) {
        st = STATUS_THREAD_IS_TERMINATING;
    } else if ((prev = suspend_inc(t)) < 0) {
        st = STATUS_SUSPEND_COUNT_EXCEEDED;
    } else {
        if (count)
            *count = (ULONG)prev;
        if (t == current_thread()) {
            if (thread_safe_point())
                thread_exit_current(KTHREAD_EXT(t)->kill_code);
        } else if (!prev) {
            wait_stopped(t);
        }
    }
    kobject_unref(t);
    return st;
}
SYSCALL(NtSuspendThread);

NTSTATUS NTAPI KERNEL_EXPORT NtResumeThread(HANDLE handle, ULONG *count)
{
    struct kthread *t;
    NTSTATUS st;
    int prev;

    if ((st = thread_ref_access(handle, THREAD_SUSPEND_RESUME, &t)))
        return st == STATUS_OBJECT_TYPE_MISMATCH ? spawn_resume(handle, count) : st;
    prev = suspend_dec(t);
    kobject_unref(t);
    if (count)
        *count = (ULONG)prev;
    return STATUS_SUCCESS;
}
SYSCALL(NtResumeThread);

NTSTATUS NTAPI NtAlertThread(HANDLE handle);

NTSTATUS NTAPI KERNEL_EXPORT NtAlertResumeThread(HANDLE handle, ULONG *count)
{
    NTSTATUS st = NtAlertThread(handle);
    return st ? st : NtResumeThread(handle, count);
}
SYSCALL(NtAlertResumeThread);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenThread(HANDLE *handle, ACCESS_MASK access,
                                          const OBJECT_ATTRIBUTES *attr, const CLIENT_ID *id)
{
    struct kthread *t;
    NTSTATUS st;

    *handle = 0;
    if (!id)
        return STATUS_INVALID_PARAMETER;
    if (id->UniqueProcess && (uintptr_t)id->UniqueProcess != process_id())
        return STATUS_INVALID_CID;
    if (!(t = thread_ref_tid((uint32_t)(uintptr_t)id->UniqueThread)))
        return STATUS_INVALID_CID;
    st = handle_alloc(&t->obj, access, attr ? attr->Attributes : 0, handle);
    kobject_unref(t);
    return st;
}
SYSCALL(NtOpenThread);

NTSTATUS NTAPI KERNEL_EXPORT NtGetNextThread(HANDLE process, HANDLE thread, ACCESS_MASK access,
                                             ULONG attributes, ULONG flags, HANDLE *handle)
{
    struct kthread *prev = NULL, *next;
    NTSTATUS st;

    (void)flags;
    *handle = 0;
    if (!is_self_process(process))
        return STATUS_INVALID_HANDLE;
    if (thread && (st = thread_ref_access(thread, 0, &prev)))
        return st;
    klock_acquire(&threads_lock);
    /* the list is newest first: walk it backwards for creation order */
    if (prev && !prev->terminated) {
        next = prev->prev_all;
    } else {
        next = all_threads;
        while (next && next->next_all)
            next = next->next_all;
        if (prev)       /* it ended meanwhile: no place to continue from */
            next = NULL;
    }
    if (next)
        kobject_ref(next);
    klock_release(&threads_lock);
    if (prev)
        kobject_unref(prev);
    if (!next)
        return STATUS_NO_MORE_ENTRIES;
    st = handle_alloc(&next->obj, access, attributes, handle);
    kobject_unref(next);
    return st;
}
SYSCALL(NtGetNextThread);

/* Linux puts the CPU number in TSC_AUX, which rdtscp reads; the number is
 * folded into the processor count the process was told about. */
ULONG NTAPI KERNEL_EXPORT NtGetCurrentProcessorNumber(void)
{
    static int have_rdtscp = -1;
    unsigned a, b, c, d, aux;
    ULONG n = kernel.peb ? kernel.peb->NumberOfProcessors : 1;

    if (have_rdtscp < 0) {
        __asm__ volatile("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0x80000001), "c"(0));
        have_rdtscp = (d >> 27) & 1;
    }
    if (!have_rdtscp || n <= 1)
        return 0;
    __asm__ volatile("rdtscp" : "=a"(a), "=d"(d), "=c"(aux));
    return (aux & 0xfff) % n;
}
SYSCALL(NtGetCurrentProcessorNumber);

/* ms_abi like every export Windows code may call. */
KERNEL_EXPORT NTAPI TEB *NtCurrentTeb(void)
{
    return current_teb();
}

/* ---- 6. Information classes ---------------------------------------------------- */

/* Copy a fixed-size answer: as much as fits, as Wine 8.0 does. */
static NTSTATUS answer_min(void *data, ULONG len, ULONG *ret_len, const void *src, ULONG size)
{
    if (len < size)
        size = len;
    if (data)
        memcpy(data, src, size);
    if (ret_len)
        *ret_len = size;
    return STATUS_SUCCESS;
}

/* Copy a fixed-size answer whose length must be exact. */
static NTSTATUS answer_exact(void *data, ULONG len, ULONG *ret_len, const void *src, ULONG size)
{
    if (len != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!data)
        return STATUS_ACCESS_VIOLATION;
    memcpy(data, src, size);
    if (ret_len)
        *ret_len = size;
    return STATUS_SUCCESS;
}

/* User memory is written only with no lock held: a bad pointer ends the
 * system call right where it faults (exception.c). */
static NTSTATUS query_name(struct kthread *t, void *data, ULONG len, ULONG *ret_len)
{
    THREAD_NAME_INFORMATION *info = data;
    struct kthread_ext *x = KTHREAD_EXT(t);
    WCHAR *copy = NULL;
    ULONG bytes, need;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&threads_lock);
    bytes = x->name_bytes;
    if (bytes && (copy = kmalloc(bytes)))
        memcpy(copy, x->name, bytes);
    klock_release(&threads_lock);
    if (bytes && !copy)
        return STATUS_NO_MEMORY;
    need = sizeof(*info) + bytes;
    if (!info || len < need) {
        st = STATUS_BUFFER_TOO_SMALL;
    } else {
        info->ThreadName.Buffer = (WCHAR *)(info + 1);
        info->ThreadName.Length = info->ThreadName.MaximumLength = (USHORT)bytes;
        if (bytes)
            memcpy(info + 1, copy, bytes);
    }
    kfree(copy);
    if (ret_len)
        *ret_len = need;
    return st;
}

static NTSTATUS query_info(struct kthread *t, THREADINFOCLASS cls, void *data, ULONG len,
                           ULONG *ret_len)
{
    struct kthread_ext *x = KTHREAD_EXT(t);
    ULONG u;

    switch (cls) {
    case ThreadBasicInformation: {
        THREAD_BASIC_INFORMATION info;
        info.ExitStatus = t->terminated ? (NTSTATUS)t->exit_code : STATUS_PENDING;
        info.TebBaseAddress = t->teb;
        info.ClientId.UniqueProcess = (HANDLE)(uintptr_t)process_id();
        info.ClientId.UniqueThread = (HANDLE)(uintptr_t)t->tid;
        info.AffinityMask = x->affinity;
        info.Priority = info.BasePriority = x->priority;
        return answer_min(data, len, ret_len, &info, sizeof(info));
    }
    case ThreadTimes: {
        KERNEL_USER_TIMES times;
        /* the host ABI has no per-thread CPU times */
        memset(&times, 0, sizeof(times));
        times.CreateTime.QuadPart = x->create_time;
        times.ExitTime.QuadPart = t->terminated ? x->exit_time : 0;
        return answer_min(data, len, ret_len, &times, sizeof(times));
    }
    case ThreadAffinityMask:
        return answer_min(data, len, ret_len, &x->affinity, sizeof(x->affinity));
    case ThreadQuerySetWin32StartAddress:
        return answer_min(data, len, ret_len, &x->win32_start, sizeof(void *));
    case ThreadAmILastThread:
        u = alive_count <= 1 && !t->terminated;
        return answer_exact(data, len, ret_len, &u, sizeof(u));
    case ThreadPriorityBoost:
    case ThreadBreakOnTermination:
    case ThreadIsIoPending:
        u = 0;
        return answer_exact(data, len, ret_len, &u, sizeof(u));
    case ThreadHideFromDebugger: {
        BOOLEAN b = x->hide_from_debugger != 0;
        return answer_exact(data, len, ret_len, &b, sizeof(b));
    }
    case ThreadIsTerminated:
        u = t->terminated != 0;
        return answer_exact(data, len, ret_len, &u, sizeof(u));
    case ThreadSuspendCount:
        u = (ULONG)t->suspend_count;
        return answer_exact(data, len, ret_len, &u, sizeof(u));
    case ThreadGroupInformation: {
        GROUP_AFFINITY ga;
        memset(&ga, 0, sizeof(ga));
        ga.Mask = x->affinity;
        return answer_min(data, len, ret_len, &ga, sizeof(ga));
    }
    case ThreadIdealProcessorEx: {
        PROCESSOR_NUMBER pn;
        memset(&pn, 0, sizeof(pn));
        return answer_exact(data, len, ret_len, &pn, sizeof(pn));
    }
    case ThreadNameInformation:
        return query_name(t, data, len, ret_len);
    default:
        return (ULONG)cls < MaxThreadInfoClass ? kernel_not_implemented("NtQueryInformationThread", cls)
                                               : STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryInformationThread(HANDLE handle, THREADINFOCLASS cls,
                                                      void *data, ULONG len, ULONG *ret_len)
{
    struct kthread *t;
    NTSTATUS st;

    if ((st = thread_ref_access(handle, 0, &t)))
        return st;
    st = query_info(t, cls, data, len, ret_len);
    kobject_unref(t);
    return st;
}
SYSCALL(NtQueryInformationThread);

/* TlsFree: the slot reads NULL again in every thread.  An expansion
 * array is user memory: checked first, since a fault here would leave
 * threads_lock held. */
static NTSTATUS zero_tls_cell(ULONG index)
{
    if (index >= TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS)
        return STATUS_INVALID_PARAMETER;
    klock_acquire(&threads_lock);
    for (struct kthread *t = all_threads; t; t = t->next_all) {
        TEB *teb = t->teb;
        if (index < TLS_MINIMUM_AVAILABLE) {
            teb->TlsSlots[index] = NULL;
        } else if (teb->TlsExpansionSlots) {
            void **slot = teb->TlsExpansionSlots + (index - TLS_MINIMUM_AVAILABLE);
            if (virtual_check_range(slot, sizeof(*slot), 1))
                *slot = NULL;
        }
    }
    klock_release(&threads_lock);
    return STATUS_SUCCESS;
}

static NTSTATUS set_name(struct kthread *t, const void *data, ULONG len)
{
    const THREAD_NAME_INFORMATION *info = data;
    struct kthread_ext *x = KTHREAD_EXT(t);
    WCHAR *name = NULL, *old;
    USHORT bytes;

    if (len != sizeof(*info))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!info)
        return STATUS_ACCESS_VIOLATION;
    bytes = info->ThreadName.Length & ~1;
    if (bytes && !info->ThreadName.Buffer)
        return STATUS_ACCESS_VIOLATION;
    if (bytes && !(name = kmalloc(bytes)))
        return STATUS_NO_MEMORY;
    if (bytes)
        memcpy(name, info->ThreadName.Buffer, bytes);
    klock_acquire(&threads_lock);
    old = x->name;
    x->name = name;
    x->name_bytes = bytes;
    klock_release(&threads_lock);
    kfree(old);
    return STATUS_SUCCESS;
}

/* SetThreadPriority's values: -2..2, and the idle and time-critical ends. */
static int valid_priority(LONG p)
{
    return (p >= THREAD_BASE_PRIORITY_MIN && p <= THREAD_BASE_PRIORITY_MAX) ||
           p == THREAD_BASE_PRIORITY_IDLE || p == THREAD_BASE_PRIORITY_LOWRT;
}

static NTSTATUS set_info(struct kthread *t, THREADINFOCLASS cls, const void *data, ULONG len)
{
    struct kthread_ext *x = KTHREAD_EXT(t);

    switch (cls) {
    case ThreadPriority:
    case ThreadBasePriority:
        if (len != sizeof(LONG))
            return STATUS_INVALID_PARAMETER;
        if (cls == ThreadBasePriority && !valid_priority(*(const LONG *)data))
            return STATUS_INVALID_PARAMETER;
        x->priority = *(const LONG *)data;
        return STATUS_SUCCESS;
    case ThreadAffinityMask: {
        KAFFINITY mask;
        if (len != sizeof(KAFFINITY))
            return STATUS_INVALID_PARAMETER;
        if (!(mask = *(const KAFFINITY *)data & system_affinity()))
            return STATUS_INVALID_PARAMETER;
        x->affinity = mask;
        return STATUS_SUCCESS;
    }
    case ThreadGroupInformation: {
        const GROUP_AFFINITY *ga = data;
        if (len != sizeof(*ga))
            return STATUS_INVALID_PARAMETER;
        if (ga->Reserved[0] || ga->Reserved[1] || ga->Reserved[2] || ga->Group ||
            !ga->Mask || (ga->Mask & ~system_affinity()))
            return STATUS_INVALID_PARAMETER;
        x->affinity = ga->Mask;
        return STATUS_SUCCESS;
    }
    case ThreadQuerySetWin32StartAddress:
        if (len != sizeof(void *))
            return STATUS_INVALID_PARAMETER;
        x->win32_start = *(void *const *)data;
        return STATUS_SUCCESS;
    case ThreadZeroTlsCell:
        if (len != sizeof(ULONG))
            return STATUS_INVALID_PARAMETER;
        return zero_tls_cell(*(const ULONG *)data);
    case ThreadHideFromDebugger:
        if (len)
            return STATUS_INFO_LENGTH_MISMATCH;
        x->hide_from_debugger = 1;
        return STATUS_SUCCESS;
    case ThreadNameInformation:
        return set_name(t, data, len);
    case ThreadWineNativeThreadName:    /* host thread names are not ours to set */
        return len == sizeof(THREAD_NAME_INFORMATION) ? STATUS_SUCCESS
                                                       : STATUS_INFO_LENGTH_MISMATCH;
    case ThreadImpersonationToken:      /* no impersonation: every thread is the user */
        return len == sizeof(HANDLE) ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
    case ThreadIdealProcessor:
        if (len != sizeof(ULONG))
            return STATUS_INFO_LENGTH_MISMATCH;
        return *(const ULONG *)data > 64 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
    case ThreadEnableAlignmentFaultFixup:
    case ThreadPriorityBoost:
    case ThreadBreakOnTermination:
    case ThreadPowerThrottlingState:
        return STATUS_SUCCESS;      /* accepted; nothing to change */
    default:
        return (ULONG)cls < MaxThreadInfoClass ? kernel_not_implemented("NtSetInformationThread", cls)
                                               : STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationThread(HANDLE handle, THREADINFOCLASS cls,
                                                    const void *data, ULONG len)
{
    struct kthread *t;
    NTSTATUS st;

    if ((st = thread_ref_access(handle, 0, &t)))
        return st;
    st = set_info(t, cls, data, len);
    kobject_unref(t);
    return st;
}
SYSCALL(NtSetInformationThread);

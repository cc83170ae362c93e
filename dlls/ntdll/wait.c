/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * wait.c - waiting: the engine behind NtWaitFor*Object(s) and
 * NtDelayExecution, user APC queues, thread alerts (NtAlertThread,
 * NtAlertThreadByThreadId) and keyed events.
 *
 * One lock, the sync lock, guards the state of every sync object, every
 * wait list and every APC queue: simple to reason about, and a single
 * atomic when uncontended.  A waiting thread links one wait block per
 * object into the objects' waiter lists and sleeps on its own futex word
 * (kthread->wake).  Whoever makes an object signaled walks its waiters;
 * for each wait that is now satisfied it performs the acquisition on the
 * waiter's behalf (auto-reset, mutant ownership, semaphore count), stores
 * the result in the wait and wakes the waiter once the lock is dropped.
 * The waiter itself only unlinks its blocks.  So a wait-all acquires all
 * of its objects at one instant, and no wake-up is ever lost.
 *
 * Divisions: 1. the lock and wake-ups  2. wait blocks and satisfaction
 * 3. timeouts and sleeping  4. object waits  5. delays and yields
 * 6. APCs and alerts  7. alert by thread id  8. keyed events
 */
#include "kernel.h"

#define WAIT_PENDING ((NTSTATUS)0x7fffffff)     /* not a status any call returns */
#define NEVER INT64_MAX

struct kwait;

/* One object of a wait, or one party of a keyed event. */
struct kwait_block {
    struct kwait_block *next, *prev;    /* circular list at *list */
    struct kwait_block **list;
    struct kobject *obj;
    struct kwait *wait;
};

/* A thread's wait, on its kernel stack while it lasts. */
struct kwait {
    struct kthread *thread;
    volatile NTSTATUS status;           /* WAIT_PENDING until decided */
    unsigned count;                     /* objects (0 for delays, keyed events) */
    unsigned linked;                    /* blocks in lists */
    unsigned char wait_all, alertable;
    unsigned char restartable;          /* made again if a snapshot stops it */
    const void *key;                    /* keyed events */
    struct kwait_block blocks[MAXIMUM_WAIT_OBJECTS];
};

/* ---- 1. The lock and wake-ups -------------------------------------------- */

static struct klock sync_lock = KLOCK_INIT;

/* Threads to wake once the lock is dropped, so that they do not run into
 * the lock we still hold.  Each holds a reference until woken. */
#define MAX_DEFERRED 32
static struct kthread *deferred[MAX_DEFERRED];
static unsigned deferred_count;

/* A waiter still watching its wait (spinning) sees the decision without
 * a host call; only one that said it sleeps is woken through the host.
 * Both sides store then load with full ordering, so either the waiter sees
 * the decision or the waker sees it sleeping. */
static void wake_now(struct kthread *t)
{
    __atomic_store_n(&t->wake, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&t->sleeping, __ATOMIC_SEQ_CST))
        host_futex_wake(&t->wake, 1);
}

static void wake_later(struct kthread *t)
{
    if (deferred_count < MAX_DEFERRED)
        deferred[deferred_count++] = kobject_ref(t);
    else
        wake_now(t);
}

void sync_lock_acquire(void)
{
    klock_acquire(&sync_lock);
}

void sync_lock_release(void)
{
    struct kthread *local[MAX_DEFERRED];
    unsigned n = deferred_count;

    if (n)
        memcpy(local, deferred, n * sizeof(local[0]));
    deferred_count = 0;
    klock_release(&sync_lock);
    for (unsigned i = 0; i < n; i++) {
        wake_now(local[i]);
        kobject_unref(local[i]);
    }
}

/* ---- 2. Wait blocks and satisfaction ------------------------------------- */

static void block_append(struct kwait_block **list, struct kwait_block *b)
{
    struct kwait_block *head = *list;

    b->list = list;
    if (!head) {
        b->next = b->prev = b;
        *list = b;
        return;
    }
    b->prev = head->prev;
    b->next = head;
    head->prev->next = b;
    head->prev = b;
}

static void block_remove(struct kwait_block *b)
{
    if (b->next == b) {
        *b->list = NULL;
        return;
    }
    b->prev->next = b->next;
    b->next->prev = b->prev;
    if (*b->list == b)
        *b->list = b->next;
}

static int is_file(const struct kobject *obj)
{
    return !strcmp(obj->type->name, "File");
}

/* Files without a wait state count as signaled (their I/O is synchronous);
 * the process object without one never is. */
static int obj_waitable(const struct kobject *obj)
{
    return obj->type->signaled || is_file(obj) || obj->type == &process_type;
}

static int obj_signaled(struct kobject *obj, struct kthread *t)
{
    if (obj->type->signaled)
        return obj->type->signaled(obj, t);
    return is_file(obj);
}

/* Decide w if its objects allow it now, acquiring them.  Lock held. */
static int try_satisfy(struct kwait *w)
{
    struct kthread *t = w->thread;
    int abandoned = 0;

    if (!w->wait_all) {
        for (unsigned i = 0; i < w->count; i++) {
            struct kobject *obj = w->blocks[i].obj;
            if (!obj_signaled(obj, t))
                continue;
            abandoned = sync_satisfy(obj, t);
            w->status = (abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0) + i;
            return 1;
        }
        return 0;
    }
    for (unsigned i = 0; i < w->count; i++)
        if (!obj_signaled(w->blocks[i].obj, t))
            return 0;
    for (unsigned i = 0; i < w->count; i++)
        abandoned |= sync_satisfy(w->blocks[i].obj, t);
    w->status = abandoned ? STATUS_ABANDONED_WAIT_0 : STATUS_WAIT_0;
    return 1;
}

void sync_signal_locked(struct kobject *obj)
{
    struct kwait_block *head = obj->waiters, *b = head;

    if (!b)
        return;
    do {
        struct kwait *w = b->wait;
        if (w->status == WAIT_PENDING && try_satisfy(w)) {
            wake_later(w->thread);
            if (!obj_signaled(obj, NULL))
                break;      /* consumed: the rest keep waiting */
        }
        b = b->next;
    } while (b != head);
}

/* An alertable wait of t ends with st (an APC or an alert).  Lock held. */
static void wake_alertable(struct kthread *t, NTSTATUS st)
{
    struct kwait *w = t->wait_state;

    if (!w || !w->alertable || w->status != WAIT_PENDING)
        return;
    w->status = st;
    if (st == STATUS_ALERTED)
        t->alerted = 0;
    wake_later(t);
}

/* What an alertable wait returns before sleeping.  Lock held. */
static NTSTATUS alertable_status(struct kthread *t, int alertable)
{
    if (!alertable)
        return WAIT_PENDING;
    if (t->apc_head)
        return STATUS_USER_APC;
    if (t->alerted) {
        t->alerted = 0;
        return STATUS_ALERTED;
    }
    return WAIT_PENDING;
}

/* ---- 3. Timeouts and sleeping -------------------------------------------- */

int64_t sync_mono_ns(void)
{
    int64_t ns = 0;
    host_time_get(HOST_CLOCK_MONOTONIC, &ns);
    return ns;
}

/* NULL or the largest value: forever; 0: poll; negative: relative, in
 * 100 ns; positive: absolute NT system time. */
int64_t timeout_deadline(const LARGE_INTEGER *timeout)
{
    int64_t q, now, delta;

    if (!timeout || timeout->QuadPart == INT64_MAX || timeout->QuadPart == INT64_MIN)
        return NEVER;
    if (!(q = timeout->QuadPart))
        return 0;
    now = sync_mono_ns();
    delta = q < 0 ? -q : q - time_now_nt();
    if (delta <= 0)
        return 0;
    if (delta > (NEVER - now) / 100)
        return NEVER;
    return now + delta * 100;
}

static int expired(int64_t deadline)
{
    return deadline != NEVER && (!deadline || deadline <= sync_mono_ns());
}

enum { SLEEP_DONE, SLEEP_TIMEOUT, SLEEP_KILLED, SLEEP_RESTART };

/*
 * Before sleeping, a wait is watched for a while: when the thread that
 * answers runs on another processor (two threads handing events back and
 * forth), the answer comes within microseconds, and watching for it saves
 * both host calls and, above all, waking an idle processor (tens of
 * microseconds under a hypervisor).  When the answer cannot come that
 * soon (the other thread shares our processor, or a wait really waits),
 * watching is wasted time.  So each thread adapts how long it watches, in
 * time: doubling after an answer seen, halving after a sleep.  Once it has
 * come down to nothing it watches again every SPIN_PROBE_EVERY waits, for
 * longer than an idle processor takes to wake: two threads that both
 * slept can only start handing over while awake if one of them sees an
 * answer that first needed the other woken.
 */
#define SPIN_MAX_NS 100000
#define SPIN_PROBE_NS 60000
#define SPIN_MIN_NS 1000
#define SPIN_PROBE_EVERY 32     /* waits */

static unsigned spin_budget(struct kthread *t)
{
    if (t->spin_ns)
        return t->spin_ns;
    if (++t->spin_skips < SPIN_PROBE_EVERY)
        return 0;
    t->spin_skips = 0;
    return SPIN_PROBE_NS;
}

static int spin_until_decided(struct kthread *t, struct kwait *w)
{
    unsigned budget = spin_budget(t);
    int64_t end;

    if (!budget)
        return 0;
    end = sync_mono_ns() + budget;
    do {
        for (unsigned i = 0; i < 32; i++) {
            if (__atomic_load_n(&w->status, __ATOMIC_ACQUIRE) != WAIT_PENDING) {
                t->spin_ns = budget * 2 > SPIN_MAX_NS ? SPIN_MAX_NS : budget * 2;
                return 1;
            }
            __builtin_ia32_pause();
        }
    } while (sync_mono_ns() < end);
    t->spin_ns = budget / 2 < SPIN_MIN_NS ? 0 : budget / 2;
    return 0;
}

/* Sleep until w is decided, the deadline passes or the thread is killed.
 * Suspension requests are served here: a kernel wait is a safe place to
 * stop (no kernel lock is held). */
static int wait_sleep(struct kthread *t, struct kwait *w, int64_t deadline)
{
    struct kthread_ext *x = KTHREAD_EXT(t);

    if (spin_until_decided(t, w))
        return SLEEP_DONE;
    for (;;) {
        __atomic_store_n(&t->sleeping, 1, __ATOMIC_SEQ_CST);
        if (__atomic_load_n(&w->status, __ATOMIC_SEQ_CST) != WAIT_PENDING) {
            __atomic_store_n(&t->sleeping, 0, __ATOMIC_SEQ_CST);
            return SLEEP_DONE;
        }
        if (x->kill_pending || __atomic_load_n(&t->suspend_count, __ATOMIC_ACQUIRE)) {
            __atomic_store_n(&t->sleeping, 0, __ATOMIC_SEQ_CST);
            int how = thread_wait_point(w->restartable);
            if (how)
                return how == WAIT_POINT_KILLED ? SLEEP_KILLED : SLEEP_RESTART;
            continue;
        }
        int r = host_futex_wait(&t->wake, 0, deadline == NEVER ? NULL : &deadline,
                                HOST_FUTEX_ABSOLUTE);
        __atomic_store_n(&t->sleeping, 0, __ATOMIC_SEQ_CST);
        __atomic_store_n(&t->wake, 0, __ATOMIC_SEQ_CST);
        if (r == HOST_ETIMEDOUT)
            return SLEEP_TIMEOUT;
    }
}

/* What the process lists show w as: a wait for objects, a delay, or a
 * keyed event (no objects, one block). */
static uint32_t wait_reason(const struct kwait *w)
{
    if (w->count)
        return KWAIT_USER_REQUEST;
    return w->linked ? KWAIT_KEYED_EVENT : KWAIT_DELAY_EXECUTION;
}

/* Link w's blocks (already filled), sleep, unlink; lock held on entry,
 * released on return.  A timed-out wait that nobody decided is
 * STATUS_TIMEOUT. */
static NTSTATUS wait_until_decided(struct kthread *t, struct kwait *w, int64_t deadline)
{
    NTSTATUS st;
    int how;

    for (unsigned i = 0; i < w->linked; i++)
        block_append(w->blocks[i].list, &w->blocks[i]);
    t->wait_state = w;
    __atomic_store_n(&t->wait_reason, wait_reason(w), __ATOMIC_RELEASE);
    __atomic_store_n(&t->wake, 0, __ATOMIC_SEQ_CST);
    sync_lock_release();

    how = wait_sleep(t, w, deadline);

    sync_lock_acquire();
    for (unsigned i = 0; i < w->linked; i++)
        block_remove(&w->blocks[i]);
    t->wait_state = NULL;
    __atomic_store_n(&t->wait_reason, 0, __ATOMIC_RELEASE);
    st = w->status;
    sync_lock_release();
    if (how == SLEEP_KILLED)
        thread_exit_current(KTHREAD_EXT(t)->kill_code);
    /* abandoned for a snapshot, and nobody decided it meanwhile: the
       system call is made again once the thread runs (thread.c) */
    if (how == SLEEP_RESTART && st == WAIT_PENDING)
        return thread_wait_abandoned();
    return st == WAIT_PENDING ? STATUS_TIMEOUT : st;
}

/* A wait that ended with STATUS_USER_APC returns through
 * KiUserApcDispatcher, which runs the APC and then resumes the wait's
 * caller with STATUS_USER_APC. */
static NTSTATUS deliver_apc(NTSTATUS st)
{
    struct kapc apc;

    if (st != STATUS_USER_APC || !apc_dequeue(current_thread(), &apc))
        return st;
    return context_call_apc(NULL, &apc, STATUS_USER_APC);
}

/* ---- 4. Object waits ------------------------------------------------------- */

static NTSTATUS ref_wait_object(HANDLE h, struct kobject **out)
{
    NTSTATUS st;

    if (h == CURRENT_THREAD)
        st = thread_ref_handle(h, out);
    else if (h == CURRENT_PROCESS)
        st = process_ref_self(out);
    else
        st = handle_ref(h, NULL, SYNCHRONIZE, (void **)out);
    if (st)
        return st;
    if (!obj_waitable(*out)) {
        kobject_unref(*out);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    return STATUS_SUCCESS;
}

static void unref_objects(unsigned count, struct kobject **objs)
{
    for (unsigned i = 0; i < count; i++)
        kobject_unref(objs[i]);
}

static NTSTATUS ref_objects(unsigned count, const HANDLE *handles, struct kobject **objs)
{
    for (unsigned i = 0; i < count; i++) {
        NTSTATUS st = ref_wait_object(handles[i], &objs[i]);
        if (st) {
            unref_objects(i, objs);
            return st;
        }
    }
    return STATUS_SUCCESS;
}

static int has_duplicates(unsigned count, struct kobject **objs)
{
    for (unsigned i = 1; i < count; i++)
        for (unsigned j = 0; j < i; j++)
            if (objs[i] == objs[j])
                return 1;
    return 0;
}

/* Wait for objs (any or all); signal first (NtSignalAndWait) if given. */
static NTSTATUS wait_objects(unsigned count, struct kobject **objs, int wait_all, int alertable,
                             const LARGE_INTEGER *timeout, struct kobject *signal,
                             ACCESS_MASK signal_access)
{
    struct kthread *t = current_thread();
    int64_t deadline = timeout_deadline(timeout);
    struct kwait w;
    NTSTATUS st;

    w.thread = t;
    w.status = WAIT_PENDING;
    w.count = count;
    w.linked = 0;
    w.wait_all = wait_all;
    w.alertable = alertable;
    /* a signal-and-wait has signaled: making it again would signal twice */
    w.restartable = !signal;
    for (unsigned i = 0; i < count; i++) {
        w.blocks[i].obj = objs[i];
        w.blocks[i].wait = &w;
        w.blocks[i].list = &objs[i]->waiters;
    }
    sync_lock_acquire();
    if (signal && (st = sync_signal_object_locked(signal, signal_access))) {
        sync_lock_release();
        return st;
    }
    if (try_satisfy(&w))
        st = w.status;
    else if ((st = alertable_status(t, alertable)) == WAIT_PENDING) {
        if (!expired(deadline)) {
            w.linked = count;
            return wait_until_decided(t, &w, deadline);
        }
        st = STATUS_TIMEOUT;
    }
    sync_lock_release();
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtWaitForMultipleObjects(ULONG count, const HANDLE *handles,
                                                      BOOLEAN wait_any, BOOLEAN alertable,
                                                      const LARGE_INTEGER *timeout)
{
    struct kobject *objs[MAXIMUM_WAIT_OBJECTS];
    HANDLE local[MAXIMUM_WAIT_OBJECTS];
    NTSTATUS st;

    if (!count || count > MAXIMUM_WAIT_OBJECTS)
        return STATUS_INVALID_PARAMETER_1;
    memcpy(local, handles, count * sizeof(HANDLE));
    if ((st = ref_objects(count, local, objs)))
        return st;
    /* a wait-all would acquire a duplicate twice */
    if (!wait_any && has_duplicates(count, objs))
        st = STATUS_INVALID_PARAMETER_MIX;
    else
        st = wait_objects(count, objs, !wait_any, alertable, timeout, NULL, 0);
    unref_objects(count, objs);
    return deliver_apc(st);
}
SYSCALL(NtWaitForMultipleObjects);

NTSTATUS NTAPI KERNEL_EXPORT NtWaitForSingleObject(HANDLE handle, BOOLEAN alertable,
                                                   const LARGE_INTEGER *timeout)
{
    struct kobject *obj;
    NTSTATUS st;

    if ((st = ref_wait_object(handle, &obj)))
        return st;
    st = wait_objects(1, &obj, 0, alertable, timeout, NULL, 0);
    kobject_unref(obj);
    return deliver_apc(st);
}
SYSCALL(NtWaitForSingleObject);

/* NtWaitForSingleObject for an object the caller holds (completion.c:
 * NtRemoveIoCompletion waits on its port this way, not through a handle
 * that another thread could close and reuse meanwhile). */
NTSTATUS sync_wait_object(struct kobject *obj, BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    return deliver_apc(wait_objects(1, &obj, 0, alertable, timeout, NULL, 0));
}

NTSTATUS NTAPI KERNEL_EXPORT NtSignalAndWaitForSingleObject(HANDLE signal, HANDLE wait,
                                                            BOOLEAN alertable,
                                                            const LARGE_INTEGER *timeout)
{
    struct kobject *sig, *obj;
    ACCESS_MASK granted;
    NTSTATUS st;

    if (!signal)
        return STATUS_INVALID_HANDLE;
    if ((st = handle_ref_access(signal, NULL, 0, (void **)&sig, &granted)))
        return st;
    if ((st = ref_wait_object(wait, &obj))) {
        kobject_unref(sig);
        return st;
    }
    st = wait_objects(1, &obj, 0, alertable, timeout, sig, granted);
    kobject_unref(obj);
    kobject_unref(sig);
    return deliver_apc(st);
}
SYSCALL(NtSignalAndWaitForSingleObject);

/* ---- 5. Delays and yields ------------------------------------------------- */

NTSTATUS NTAPI KERNEL_EXPORT NtDelayExecution(BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    struct kthread *t = current_thread();
    int64_t deadline = timeout_deadline(timeout);
    struct kwait w;
    NTSTATUS st;

    if (!alertable && expired(deadline)) {
        host_thread_yield();
        return STATUS_SUCCESS;
    }
    w.thread = t;
    w.status = WAIT_PENDING;
    w.count = w.linked = 0;
    w.wait_all = 0;
    w.alertable = alertable;
    w.restartable = 1;
    sync_lock_acquire();
    if ((st = alertable_status(t, alertable)) != WAIT_PENDING) {
        sync_lock_release();
        return deliver_apc(st);
    }
    if (expired(deadline)) {
        sync_lock_release();
        host_thread_yield();
        return STATUS_SUCCESS;
    }
    st = wait_until_decided(t, &w, deadline);
    /* a thread that slept reads the tick count next, which the ticker
       may not have moved lately on a busy machine */
    usd_update_time();
    return st == STATUS_TIMEOUT ? STATUS_SUCCESS : deliver_apc(st);
}
SYSCALL(NtDelayExecution);

NTSTATUS NTAPI KERNEL_EXPORT NtYieldExecution(void)
{
    host_thread_yield();
    return STATUS_SUCCESS;
}
SYSCALL(NtYieldExecution);

/* ---- 6. APCs and alerts --------------------------------------------------- */

NTSTATUS apc_queue_locked(struct kthread *t, void *func, ULONG_PTR a1, ULONG_PTR a2,
                          ULONG_PTR a3)
{
    struct kapc *apc;

    if (t->terminated)
        return STATUS_UNSUCCESSFUL;
    if (!(apc = kmalloc(sizeof(*apc))))
        return STATUS_NO_MEMORY;
    apc->next = NULL;
    apc->func = func;
    apc->args[0] = a1;
    apc->args[1] = a2;
    apc->args[2] = a3;
    if (t->apc_tail)
        t->apc_tail->next = apc;
    else
        t->apc_head = apc;
    t->apc_tail = apc;
    wake_alertable(t, STATUS_USER_APC);
    return STATUS_SUCCESS;
}

int apc_dequeue(struct kthread *t, struct kapc *out)
{
    struct kapc *apc;

    sync_lock_acquire();
    if ((apc = t->apc_head) && !(t->apc_head = apc->next))
        t->apc_tail = NULL;
    sync_lock_release();
    if (!apc)
        return 0;
    *out = *apc;
    kfree(apc);
    return 1;
}

void sync_thread_exit(struct kthread *t)
{
    struct kapc *apcs;

    sync_lock_acquire();
    t->terminated = 1;
    mutants_abandon_locked(t);
    sync_signal_locked(&t->obj);
    apcs = t->apc_head;
    t->apc_head = t->apc_tail = NULL;
    sync_lock_release();
    while (apcs) {
        struct kapc *next = apcs->next;
        kfree(apcs);
        apcs = next;
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueueApcThread(HANDLE handle, void *func, ULONG_PTR a1,
                                              ULONG_PTR a2, ULONG_PTR a3)
{
    struct kthread *t;
    NTSTATUS st;

    if ((st = thread_ref_access(handle, THREAD_SET_CONTEXT, &t)))
        return st;
    if (func) {     /* NULL queues nothing: it only tests the handle */
        sync_lock_acquire();
        st = apc_queue_locked(t, func, a1, a2, a3);
        sync_lock_release();
    }
    kobject_unref(t);
    return st;
}
SYSCALL(NtQueueApcThread);

NTSTATUS NTAPI KERNEL_EXPORT NtTestAlert(void)
{
    struct kthread *t = current_thread();
    struct kapc apc;
    int alerted;

    sync_lock_acquire();
    alerted = t->alerted;
    t->alerted = 0;
    sync_lock_release();
    if (apc_dequeue(t, &apc))
        return context_call_apc(NULL, &apc, STATUS_SUCCESS);
    return alerted ? STATUS_ALERTED : STATUS_SUCCESS;
}
SYSCALL(NtTestAlert);

NTSTATUS NTAPI KERNEL_EXPORT NtAlertThread(HANDLE handle)
{
    struct kthread *t;
    NTSTATUS st;

    if ((st = thread_ref_access(handle, THREAD_ALERT, &t)))
        return st;
    sync_lock_acquire();
    if (!t->terminated) {
        t->alerted = 1;
        wake_alertable(t, STATUS_ALERTED);
    }
    sync_lock_release();
    kobject_unref(t);
    return STATUS_SUCCESS;
}
SYSCALL(NtAlertThread);

/* ---- 7. Alert by thread id ------------------------------------------------
 * Wine 8.0's critical sections, SRW locks, condition variables and
 * RtlWaitOnAddress all sleep here, so it avoids the sync lock: one word
 * per thread, 0 idle, 1 alerted (sticky until a wait consumes it), 2 the
 * owner sleeps on it.  An alert makes a host call only to wake a sleeper.
 */

NTSTATUS NTAPI KERNEL_EXPORT NtAlertThreadByThreadId(HANDLE tid)
{
    struct kthread *t = thread_ref_tid((uint32_t)(uintptr_t)tid);
    struct kthread_ext *x;

    if (!t)
        return STATUS_INVALID_CID;
    x = KTHREAD_EXT(t);
    if (__atomic_exchange_n(&x->tid_alert, 1, __ATOMIC_SEQ_CST) == 2)
        host_futex_wake(&x->tid_alert, 1);
    kobject_unref(t);
    return STATUS_SUCCESS;
}
SYSCALL(NtAlertThreadByThreadId);

NTSTATUS NTAPI KERNEL_EXPORT NtWaitForAlertByThreadId(const void *address,
                                                      const LARGE_INTEGER *timeout)
{
    struct kthread *t = current_thread();
    struct kthread_ext *x = KTHREAD_EXT(t);
    int64_t deadline = timeout_deadline(timeout);

    (void)address;      /* only a hint for debuggers */
    for (;;) {
        uint32_t zero = 0;
        if (__atomic_exchange_n(&x->tid_alert, 0, __ATOMIC_SEQ_CST) == 1)
            return STATUS_ALERTED;
        if (expired(deadline))
            return STATUS_TIMEOUT;
        if (x->kill_pending || __atomic_load_n(&t->suspend_count, __ATOMIC_ACQUIRE)) {
            int how = thread_wait_point(1);
            if (how == WAIT_POINT_KILLED)
                thread_exit_current(x->kill_code);
            if (how == WAIT_POINT_RESTART)
                return thread_wait_abandoned();    /* nothing consumed yet */
            continue;
        }
        if (!__atomic_compare_exchange_n(&x->tid_alert, &zero, 2, 0, __ATOMIC_SEQ_CST,
                                         __ATOMIC_SEQ_CST))
            continue;   /* alerted meanwhile */
        if (host_futex_wait(&x->tid_alert, 2, deadline == NEVER ? NULL : &deadline,
                            HOST_FUTEX_ABSOLUTE) == HOST_ETIMEDOUT)
            return __atomic_exchange_n(&x->tid_alert, 0, __ATOMIC_SEQ_CST) == 1
                       ? STATUS_ALERTED : STATUS_TIMEOUT;
    }
}
SYSCALL(NtWaitForAlertByThreadId);

/* ---- 8. Keyed events ------------------------------------------------------
 * A waiter with a key sleeps until a releaser with the same key comes,
 * and a releaser sleeps until it has woken a waiter.  A NULL handle names
 * the process-wide keyed event.  Keys have their low bit clear.
 */

struct kkeyed_event {
    struct kobject obj;
    struct kwait_block *waiters;        /* in NtWaitForKeyedEvent */
    struct kwait_block *releasers;      /* in NtReleaseKeyedEvent */
};

static const struct kobject_type keyed_event_type = {
    .name = "KeyedEvent",
    .mapping = { STANDARD_RIGHTS_READ | KEYEDEVENT_WAIT, STANDARD_RIGHTS_WRITE | KEYEDEVENT_WAKE,
                 STANDARD_RIGHTS_EXECUTE, KEYEDEVENT_ALL_ACCESS },
    .valid_access = KEYEDEVENT_ALL_ACCESS,
};

static struct kkeyed_event process_keyed_event = {
    .obj = { .type = &keyed_event_type, .refs = 1, .flags = KOBJ_PERMANENT },
};

/* The first undecided party with key on list, or NULL.  Lock held. */
static struct kwait_block *find_partner(struct kwait_block *list, const void *key)
{
    struct kwait_block *b = list;

    if (!b)
        return NULL;
    do {
        if (b->wait->key == key && b->wait->status == WAIT_PENDING)
            return b;
        b = b->next;
    } while (b != list);
    return NULL;
}

static NTSTATUS keyed_event_op(HANDLE handle, const void *key, BOOLEAN alertable,
                               const LARGE_INTEGER *timeout, int release)
{
    struct kthread *t = current_thread();
    struct kkeyed_event *ke;
    struct kwait_block *partner;
    int64_t deadline;
    struct kwait w;
    NTSTATUS st;

    if ((ULONG_PTR)key & 1)
        return STATUS_INVALID_PARAMETER_1;
    if (!handle)
        ke = kobject_ref(&process_keyed_event);
    else if ((st = handle_ref(handle, &keyed_event_type,
                              release ? KEYEDEVENT_WAKE : KEYEDEVENT_WAIT, (void **)&ke)))
        return st;
    deadline = timeout_deadline(timeout);
    w.thread = t;
    w.status = WAIT_PENDING;
    w.count = 0;
    w.linked = 1;
    w.wait_all = 0;
    w.alertable = alertable;
    w.restartable = 1;
    w.key = key;
    w.blocks[0].obj = &ke->obj;
    w.blocks[0].wait = &w;
    w.blocks[0].list = release ? &ke->releasers : &ke->waiters;

    sync_lock_acquire();
    if ((partner = find_partner(release ? ke->waiters : ke->releasers, key))) {
        partner->wait->status = STATUS_SUCCESS;
        wake_later(partner->wait->thread);
        st = STATUS_SUCCESS;
    } else if ((st = alertable_status(t, alertable)) == WAIT_PENDING) {
        if (!expired(deadline)) {
            st = wait_until_decided(t, &w, deadline);
            kobject_unref(ke);
            return deliver_apc(st);
        }
        st = STATUS_TIMEOUT;
    }
    sync_lock_release();
    kobject_unref(ke);
    return deliver_apc(st);
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateKeyedEvent(HANDLE *handle, ACCESS_MASK access,
                                                const OBJECT_ATTRIBUTES *attr, ULONG flags)
{
    struct kkeyed_event *ke;

    (void)flags;
    *handle = 0;
    if (!(ke = kobject_alloc(&keyed_event_type, sizeof(*ke))))
        return STATUS_NO_MEMORY;
    return object_create_handle(&ke->obj, access, attr, handle);
}
SYSCALL(NtCreateKeyedEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenKeyedEvent(HANDLE *handle, ACCESS_MASK access,
                                              const OBJECT_ATTRIBUTES *attr)
{
    *handle = 0;
    return object_open_by_name(&keyed_event_type, access, attr, handle);
}
SYSCALL(NtOpenKeyedEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtWaitForKeyedEvent(HANDLE handle, const void *key,
                                                 BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    return keyed_event_op(handle, key, alertable, timeout, 0);
}
SYSCALL(NtWaitForKeyedEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtReleaseKeyedEvent(HANDLE handle, const void *key,
                                                 BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    return keyed_event_op(handle, key, alertable, timeout, 1);
}
SYSCALL(NtReleaseKeyedEvent);

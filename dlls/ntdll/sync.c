/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sync.c - events, mutants, semaphores, waitable timers, and the time
 * system calls.
 *
 * Every object's state is guarded by the sync lock of wait.c; a change
 * that may satisfy waits ends with sync_signal_locked(), which hands the
 * object to its waiters.  Timers are driven by one kernel thread that
 * sleeps until the earliest due time.
 *
 * Divisions: 1. events  2. mutants  3. semaphores  4. the signal half of
 * NtSignalAndWaitForSingleObject  5. timers and the timer thread
 * 6. time
 */
#include "kernel.h"

#ifndef STATUS_TIMER_RESOLUTION_NOT_SET
#define STATUS_TIMER_RESOLUTION_NOT_SET ((NTSTATUS)0xc0000245)
#endif

/* Copy a fixed-size answer of a query call. */
static NTSTATUS answer(void *buf, ULONG len, ULONG *ret_len, const void *data, ULONG size)
{
    if (len != size)
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(buf, data, size);
    if (ret_len)
        *ret_len = size;
    return STATUS_SUCCESS;
}

/* Name the new object (if attr has a name) and open a handle to it. */
static NTSTATUS create_handle(struct kobject *obj, ACCESS_MASK access,
                              const OBJECT_ATTRIBUTES *attr, HANDLE *handle)
{
    if (!obj)
        return STATUS_NO_MEMORY;
    return object_create_handle(obj, access, attr, handle);
}

/* ---- 1. Events ------------------------------------------------------------- */

struct kevent {
    struct kobject obj;
    int manual;                 /* NotificationEvent */
    int signaled;
};

static int event_signaled(struct kobject *obj, struct kthread *t)
{
    (void)t;
    return ((struct kevent *)obj)->signaled;
}

static void event_satisfy(struct kobject *obj, struct kthread *t)
{
    struct kevent *ev = (struct kevent *)obj;
    (void)t;
    if (!ev->manual)
        ev->signaled = 0;
}

static const struct kobject_type event_type = {
    .name = "Event",
    .mapping = { STANDARD_RIGHTS_READ | EVENT_QUERY_STATE, STANDARD_RIGHTS_WRITE | EVENT_MODIFY_STATE,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, EVENT_ALL_ACCESS },
    .valid_access = EVENT_ALL_ACCESS,
    .signaled = event_signaled,
    .satisfy = event_satisfy,
};

NTSTATUS NTAPI KERNEL_EXPORT NtCreateEvent(HANDLE *handle, ACCESS_MASK access,
                                           const OBJECT_ATTRIBUTES *attr, EVENT_TYPE type,
                                           BOOLEAN state)
{
    struct kevent *ev;

    *handle = 0;
    if (type != NotificationEvent && type != SynchronizationEvent)
        return STATUS_INVALID_PARAMETER;
    if ((ev = kobject_alloc(&event_type, sizeof(*ev)))) {
        ev->manual = type == NotificationEvent;
        ev->signaled = state != 0;
    }
    return create_handle(ev ? &ev->obj : NULL, access, attr, handle);
}
SYSCALL(NtCreateEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenEvent(HANDLE *handle, ACCESS_MASK access,
                                         const OBJECT_ATTRIBUTES *attr)
{
    *handle = 0;
    return object_open_by_name(&event_type, access, attr, handle);
}
SYSCALL(NtOpenEvent);

enum event_op { EV_SET, EV_RESET, EV_PULSE };

static NTSTATUS event_change(HANDLE handle, enum event_op op, LONG *prev)
{
    struct kevent *ev;
    NTSTATUS st;
    LONG old;

    if ((st = handle_ref(handle, &event_type, EVENT_MODIFY_STATE, (void **)&ev)))
        return st;
    sync_lock_acquire();
    old = ev->signaled;
    ev->signaled = op != EV_RESET;
    if (op != EV_RESET)
        sync_signal_locked(&ev->obj);
    if (op == EV_PULSE)
        ev->signaled = 0;   /* only those already waiting saw it */
    sync_lock_release();
    kobject_unref(ev);
    if (prev)
        *prev = old;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtSetEvent(HANDLE handle, LONG *prev_state)
{
    return event_change(handle, EV_SET, prev_state);
}
SYSCALL(NtSetEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtResetEvent(HANDLE handle, LONG *prev_state)
{
    return event_change(handle, EV_RESET, prev_state);
}
SYSCALL(NtResetEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtClearEvent(HANDLE handle)
{
    return event_change(handle, EV_RESET, NULL);
}
SYSCALL(NtClearEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtPulseEvent(HANDLE handle, LONG *prev_state)
{
    return event_change(handle, EV_PULSE, prev_state);
}
SYSCALL(NtPulseEvent);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryEvent(HANDLE handle, EVENT_INFORMATION_CLASS cls, void *info, ULONG len,
                                          ULONG *ret_len)
{
    EVENT_BASIC_INFORMATION out;
    struct kevent *ev;
    NTSTATUS st;

    if (cls != EventBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((st = handle_ref(handle, &event_type, EVENT_QUERY_STATE, (void **)&ev)))
        return st;
    sync_lock_acquire();
    out.EventType = ev->manual ? NotificationEvent : SynchronizationEvent;
    out.EventState = ev->signaled;
    sync_lock_release();
    kobject_unref(ev);
    return answer(info, len, ret_len, &out, sizeof(out));
}
SYSCALL(NtQueryEvent);

/* ---- 2. Mutants -------------------------------------------------------------
 * A mutant is owned by one thread, recursively.  The owner keeps a list
 * of what it owns so that its exit abandons them: the next owner's wait
 * then reports STATUS_ABANDONED_WAIT_0 + index.
 */

struct kmutant {
    struct kobject obj;
    struct kthread *owner;
    unsigned count;                 /* recursion depth, 0 when free */
    int abandoned;
    struct kmutant *next_owned, *prev_owned;
};

static void owned_link(struct kmutant *m, struct kthread *t)
{
    struct kthread_ext *x = KTHREAD_EXT(t);

    m->prev_owned = NULL;
    m->next_owned = x->owned_mutants;
    if (m->next_owned)
        m->next_owned->prev_owned = m;
    x->owned_mutants = m;
}

static void owned_unlink(struct kmutant *m)
{
    if (m->prev_owned)
        m->prev_owned->next_owned = m->next_owned;
    else
        KTHREAD_EXT(m->owner)->owned_mutants = m->next_owned;
    if (m->next_owned)
        m->next_owned->prev_owned = m->prev_owned;
}

static int mutant_signaled(struct kobject *obj, struct kthread *t)
{
    struct kmutant *m = (struct kmutant *)obj;
    return !m->count || (t && m->owner == t);
}

/* Take m for t; 1 if it had been abandoned. */
static int mutant_acquire(struct kmutant *m, struct kthread *t)
{
    int abandoned = m->abandoned;

    if (m->count++ && m->owner == t)
        return 0;
    m->owner = t;
    m->abandoned = 0;
    owned_link(m, t);
    return abandoned;
}

static void mutant_satisfy(struct kobject *obj, struct kthread *t)
{
    mutant_acquire((struct kmutant *)obj, t);
}

static void mutant_destroy(struct kobject *obj)
{
    struct kmutant *m = (struct kmutant *)obj;

    sync_lock_acquire();
    if (m->count)
        owned_unlink(m);
    sync_lock_release();
}

const struct kobject_type mutant_type = {
    .name = "Mutant",
    .mapping = { STANDARD_RIGHTS_READ | MUTANT_QUERY_STATE, STANDARD_RIGHTS_WRITE,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, MUTANT_ALL_ACCESS },
    .valid_access = MUTANT_ALL_ACCESS,
    .destroy = mutant_destroy,
    .signaled = mutant_signaled,
    .satisfy = mutant_satisfy,
};

int sync_satisfy(struct kobject *obj, struct kthread *t)
{
    if (obj->type == &mutant_type)
        return mutant_acquire((struct kmutant *)obj, t);
    if (obj->type->satisfy)
        obj->type->satisfy(obj, t);
    return 0;
}

void mutants_abandon_locked(struct kthread *t)
{
    struct kmutant *m;

    while ((m = KTHREAD_EXT(t)->owned_mutants)) {
        owned_unlink(m);
        m->owner = NULL;
        m->count = 0;
        m->abandoned = 1;
        sync_signal_locked(&m->obj);
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateMutant(HANDLE *handle, ACCESS_MASK access,
                                            const OBJECT_ATTRIBUTES *attr, BOOLEAN owned)
{
    struct kmutant *m;

    *handle = 0;
    if (!(m = kobject_alloc(&mutant_type, sizeof(*m))))
        return STATUS_NO_MEMORY;
    /* owned before anyone can see it; if the name turns out to exist, the
       new mutant goes away (and leaves our list) and the old one keeps
       its owner */
    if (owned) {
        sync_lock_acquire();
        mutant_acquire(m, current_thread());
        sync_lock_release();
    }
    return object_create_handle(&m->obj, access, attr, handle);
}
SYSCALL(NtCreateMutant);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenMutant(HANDLE *handle, ACCESS_MASK access,
                                          const OBJECT_ATTRIBUTES *attr)
{
    *handle = 0;
    return object_open_by_name(&mutant_type, access, attr, handle);
}
SYSCALL(NtOpenMutant);

NTSTATUS NTAPI KERNEL_EXPORT NtReleaseMutant(HANDLE handle, LONG *prev_count)
{
    struct kmutant *m;
    NTSTATUS st;
    LONG prev = 0;

    if ((st = handle_ref(handle, &mutant_type, 0, (void **)&m)))
        return st;
    sync_lock_acquire();
    if (!m->count || m->owner != current_thread()) {
        st = STATUS_MUTANT_NOT_OWNED;
    } else {
        prev = 1 - (LONG)m->count;      /* NT counts down from 1 (free) */
        if (!--m->count) {
            owned_unlink(m);
            m->owner = NULL;
            sync_signal_locked(&m->obj);
        }
    }
    sync_lock_release();
    kobject_unref(m);
    if (!st && prev_count)
        *prev_count = prev;
    return st;
}
SYSCALL(NtReleaseMutant);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryMutant(HANDLE handle, MUTANT_INFORMATION_CLASS cls, void *info, ULONG len,
                                           ULONG *ret_len)
{
    MUTANT_BASIC_INFORMATION out;
    struct kmutant *m;
    NTSTATUS st;

    if (cls != MutantBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((st = handle_ref(handle, &mutant_type, MUTANT_QUERY_STATE, (void **)&m)))
        return st;
    sync_lock_acquire();
    out.CurrentCount = 1 - (LONG)m->count;
    out.OwnedByCaller = m->count && m->owner == current_thread();
    out.AbandonedState = m->abandoned != 0;
    sync_lock_release();
    kobject_unref(m);
    return answer(info, len, ret_len, &out, sizeof(out));
}
SYSCALL(NtQueryMutant);

/* ---- 3. Semaphores ----------------------------------------------------------- */

struct ksemaphore {
    struct kobject obj;
    LONG count, max;
};

static int semaphore_signaled(struct kobject *obj, struct kthread *t)
{
    (void)t;
    return ((struct ksemaphore *)obj)->count > 0;
}

static void semaphore_satisfy(struct kobject *obj, struct kthread *t)
{
    (void)t;
    ((struct ksemaphore *)obj)->count--;
}

static const struct kobject_type semaphore_type = {
    .name = "Semaphore",
    .mapping = { STANDARD_RIGHTS_READ | SEMAPHORE_QUERY_STATE,
                 STANDARD_RIGHTS_WRITE | SEMAPHORE_MODIFY_STATE,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, SEMAPHORE_ALL_ACCESS },
    .valid_access = SEMAPHORE_ALL_ACCESS,
    .signaled = semaphore_signaled,
    .satisfy = semaphore_satisfy,
};

NTSTATUS NTAPI KERNEL_EXPORT NtCreateSemaphore(HANDLE *handle, ACCESS_MASK access,
                                               const OBJECT_ATTRIBUTES *attr, LONG initial,
                                               LONG max)
{
    struct ksemaphore *s;

    *handle = 0;
    if (max <= 0 || initial < 0 || initial > max)
        return STATUS_INVALID_PARAMETER;
    if ((s = kobject_alloc(&semaphore_type, sizeof(*s)))) {
        s->count = initial;
        s->max = max;
    }
    return create_handle(s ? &s->obj : NULL, access, attr, handle);
}
SYSCALL(NtCreateSemaphore);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenSemaphore(HANDLE *handle, ACCESS_MASK access,
                                             const OBJECT_ATTRIBUTES *attr)
{
    *handle = 0;
    return object_open_by_name(&semaphore_type, access, attr, handle);
}
SYSCALL(NtOpenSemaphore);

/* Add n to s's count.  Lock held. */
static NTSTATUS semaphore_release_locked(struct ksemaphore *s, ULONG n, LONG *prev)
{
    if (n > (ULONG)(s->max - s->count))
        return STATUS_SEMAPHORE_LIMIT_EXCEEDED;
    *prev = s->count;
    s->count += (LONG)n;
    sync_signal_locked(&s->obj);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtReleaseSemaphore(HANDLE handle, ULONG count, ULONG *previous)
{
    struct ksemaphore *s;
    NTSTATUS st;
    LONG prev = 0;

    if ((st = handle_ref(handle, &semaphore_type, SEMAPHORE_MODIFY_STATE, (void **)&s)))
        return st;
    sync_lock_acquire();
    st = semaphore_release_locked(s, count, &prev);
    sync_lock_release();
    kobject_unref(s);
    if (!st && previous)
        *previous = (ULONG)prev;
    return st;
}
SYSCALL(NtReleaseSemaphore);

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySemaphore(HANDLE handle, SEMAPHORE_INFORMATION_CLASS cls, void *info, ULONG len,
                                              ULONG *ret_len)
{
    SEMAPHORE_BASIC_INFORMATION out;
    struct ksemaphore *s;
    NTSTATUS st;

    if (cls != SemaphoreBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((st = handle_ref(handle, &semaphore_type, SEMAPHORE_QUERY_STATE, (void **)&s)))
        return st;
    sync_lock_acquire();
    out.CurrentCount = (ULONG)s->count;
    out.MaximumCount = (ULONG)s->max;
    sync_lock_release();
    kobject_unref(s);
    return answer(info, len, ret_len, &out, sizeof(out));
}
SYSCALL(NtQuerySemaphore);

/* ---- 4. The signal half of NtSignalAndWaitForSingleObject -------------------- */

NTSTATUS sync_signal_object_locked(struct kobject *obj, ACCESS_MASK granted)
{
    LONG prev;

    if (obj->type == &event_type) {
        if (!(granted & EVENT_MODIFY_STATE))
            return STATUS_ACCESS_DENIED;
        ((struct kevent *)obj)->signaled = 1;
        sync_signal_locked(obj);
        return STATUS_SUCCESS;
    }
    if (obj->type == &semaphore_type) {
        if (!(granted & SEMAPHORE_MODIFY_STATE))
            return STATUS_ACCESS_DENIED;
        return semaphore_release_locked((struct ksemaphore *)obj, 1, &prev);
    }
    if (obj->type == &mutant_type) {
        struct kmutant *m = (struct kmutant *)obj;
        if (!m->count || m->owner != current_thread())
            return STATUS_MUTANT_NOT_OWNED;
        if (!--m->count) {
            owned_unlink(m);
            m->owner = NULL;
            sync_signal_locked(obj);
        }
        return STATUS_SUCCESS;
    }
    return STATUS_OBJECT_TYPE_MISMATCH;
}

/* ---- 5. Timers and the timer thread -----------------------------------------
 * Armed timers sit in a list sorted by due time (monotonic ns).  The timer
 * thread sleeps on timer_seq until the first is due; arming a timer bumps
 * timer_seq and wakes it.  An absolute due time is turned into a monotonic
 * one when the timer is set (a later change of the wall clock does not
 * move it).
 */

struct ktimer {
    struct kobject obj;
    int manual;                     /* NotificationTimer */
    int signaled;
    int armed;
    int64_t due;                    /* monotonic ns */
    int64_t due_nt;                 /* the same as NT system time, for APCs */
    ULONG period;                   /* ms, 0: one-shot */
    void *apc_func, *apc_arg;
    struct kthread *apc_thread;     /* referenced while set */
    struct ktimer *next;            /* in timer_queue */
    void (*notify)(void *ctx);      /* kernel timers: called when due */
    void *notify_ctx;
};

static struct ktimer *timer_queue;          /* sync lock */
static volatile uint32_t timer_seq;
static volatile int timer_thread_started;

static int timer_signaled(struct kobject *obj, struct kthread *t)
{
    (void)t;
    return ((struct ktimer *)obj)->signaled;
}

static void timer_satisfy(struct kobject *obj, struct kthread *t)
{
    struct ktimer *tm = (struct ktimer *)obj;
    (void)t;
    if (!tm->manual)
        tm->signaled = 0;
}

static void timer_unqueue(struct ktimer *tm)
{
    for (struct ktimer **p = &timer_queue; *p; p = &(*p)->next) {
        if (*p == tm) {
            *p = tm->next;
            break;
        }
    }
    tm->armed = 0;
}

static void timer_enqueue(struct ktimer *tm)
{
    struct ktimer **p = &timer_queue;

    while (*p && (*p)->due <= tm->due)
        p = &(*p)->next;
    tm->next = *p;
    *p = tm;
    tm->armed = 1;
}

static void timer_destroy(struct kobject *obj)
{
    struct ktimer *tm = (struct ktimer *)obj;
    struct kthread *apc_thread;

    sync_lock_acquire();
    if (tm->armed)
        timer_unqueue(tm);
    apc_thread = tm->apc_thread;
    tm->apc_thread = NULL;
    sync_lock_release();
    if (apc_thread)
        kobject_unref(apc_thread);
}

static const struct kobject_type timer_type = {
    .name = "Timer",
    .mapping = { STANDARD_RIGHTS_READ | TIMER_QUERY_STATE, STANDARD_RIGHTS_WRITE | TIMER_MODIFY_STATE,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, TIMER_ALL_ACCESS },
    .valid_access = TIMER_ALL_ACCESS,
    .destroy = timer_destroy,
    .signaled = timer_signaled,
    .satisfy = timer_satisfy,
};

/* Expire tm (due now): signal it, queue its APC, re-arm a periodic one.
 * Lock held. */
static void timer_fire(struct ktimer *tm, int64_t now)
{
    timer_unqueue(tm);
    tm->signaled = 1;
    sync_signal_locked(&tm->obj);
    if (tm->notify)
        tm->notify(tm->notify_ctx);
    if (tm->apc_func && tm->apc_thread)
        apc_queue_locked(tm->apc_thread, tm->apc_func, (ULONG_PTR)tm->apc_arg,
                         (ULONG)tm->due_nt, (ULONG)((uint64_t)tm->due_nt >> 32));
    if (!tm->period)
        return;
    int64_t step = (int64_t)tm->period * 1000000;
    /* a late thread skips the periods it missed rather than firing a burst */
    do {
        tm->due += step;
        tm->due_nt += step / 100;
    } while (tm->due <= now);
    timer_enqueue(tm);
}

/* The timer thread runs kernel code only, but the exception upcall and
 * current_teb() expect a TEB at %gs: it gets a zeroed stand-in (arg). */
static void timer_thread_main(void *arg)
{
    host_thread_set_teb(arg);
    for (;;) {
        int64_t now, deadline;
        uint32_t seq;

        snapshot_service_point();
        sync_lock_acquire();
        now = sync_mono_ns();
        while (timer_queue && timer_queue->due <= now)
            timer_fire(timer_queue, now);
        deadline = timer_queue ? timer_queue->due : INT64_MAX;
        seq = timer_seq;
        sync_lock_release();
        host_futex_wait(&timer_seq, seq, deadline == INT64_MAX ? NULL : &deadline,
                        HOST_FUTEX_ABSOLUTE);
    }
}

static TEB *timer_teb;

/* Its stack is the host's memory, not the program's: a snapshot need not
 * keep it (a resumed process starts the thread again). */
static void timer_thread_run(void)
{
    const size_t stack_size = 0x10000;
    void *stack = NULL;
    host_thread_t host;

    if (host_vm_reserve(&stack, stack_size, HOST_VM_TOP_DOWN) < 0 ||
        host_vm_commit(stack, stack_size, HOST_PROT_READ | HOST_PROT_WRITE) < 0 ||
        host_thread_create(timer_thread_main, timer_teb, stack, stack_size, &host) < 0)
        kernel_panic("keep: cannot start the timer thread\n");
}

static void timer_thread_start(void)
{
    if (__atomic_exchange_n(&timer_thread_started, 1, __ATOMIC_ACQ_REL))
        return;
    if (!(timer_teb = kzalloc(sizeof(TEB))))
        kernel_panic("keep: out of memory for the timer thread\n");
    timer_teb->Tib.Self = &timer_teb->Tib;
    timer_thread_run();
}

static void timer_kick(void);

unsigned sync_service_threads(void)
{
    int started = __atomic_load_n(&timer_thread_started, __ATOMIC_ACQUIRE);
    if (started)
        timer_kick();
    return started ? 1 : 0;
}

void sync_resume(void)
{
    if (timer_thread_started)
        timer_thread_run();
}

/* Wake the timer thread: the first due time may have moved. */
static void timer_kick(void)
{
    __atomic_add_fetch(&timer_seq, 1, __ATOMIC_SEQ_CST);
    host_futex_wake(&timer_seq, 1);
}

struct kobject *sync_timer_create_notify(void (*notify)(void *ctx), void *ctx)
{
    struct ktimer *tm = kobject_alloc(&timer_type, sizeof(*tm));

    if (tm) {
        tm->notify = notify;
        tm->notify_ctx = ctx;
    }
    return tm ? &tm->obj : NULL;
}

void sync_timer_arm_locked(struct kobject *timer, int64_t due)
{
    struct ktimer *tm = (struct ktimer *)timer;

    if (tm->armed)
        timer_unqueue(tm);
    tm->signaled = 0;
    if (due == INT64_MAX)
        return;
    timer_thread_start();
    tm->due = due;
    tm->due_nt = time_now_nt() + (due - sync_mono_ns()) / 100;
    tm->period = 0;
    timer_enqueue(tm);
    timer_kick();
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateTimer(HANDLE *handle, ACCESS_MASK access,
                                           const OBJECT_ATTRIBUTES *attr, TIMER_TYPE type)
{
    struct ktimer *tm;

    *handle = 0;
    if (type != NotificationTimer && type != SynchronizationTimer)
        return STATUS_INVALID_PARAMETER;
    if ((tm = kobject_alloc(&timer_type, sizeof(*tm))))
        tm->manual = type == NotificationTimer;
    return create_handle(tm ? &tm->obj : NULL, access, attr, handle);
}
SYSCALL(NtCreateTimer);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenTimer(HANDLE *handle, ACCESS_MASK access,
                                         const OBJECT_ATTRIBUTES *attr)
{
    *handle = 0;
    return object_open_by_name(&timer_type, access, attr, handle);
}
SYSCALL(NtOpenTimer);

/* Disarm tm; returns the APC thread reference to drop.  Lock held. */
static struct kthread *timer_disarm_locked(struct ktimer *tm)
{
    struct kthread *old = tm->apc_thread;

    if (tm->armed)
        timer_unqueue(tm);
    tm->apc_thread = NULL;
    tm->apc_func = NULL;
    return old;
}

NTSTATUS NTAPI KERNEL_EXPORT NtSetTimer(HANDLE handle, const LARGE_INTEGER *when,
                                        void *apc_func, void *apc_arg, BOOLEAN resume,
                                        LONG period, BOOLEAN *prev_state)
{
    struct kthread *old_thread;
    struct ktimer *tm;
    int64_t now, nt_now, due;
    NTSTATUS st;
    BOOLEAN prev;

    (void)resume;       /* no power management to resume from */
    if (!when || period < 0)
        return STATUS_INVALID_PARAMETER;
    if ((st = handle_ref(handle, &timer_type, TIMER_MODIFY_STATE, (void **)&tm)))
        return st;
    timer_thread_start();
    now = sync_mono_ns();
    nt_now = time_now_nt();
    due = when->QuadPart < 0 ? -when->QuadPart : when->QuadPart - nt_now;
    if (due < 0)
        due = 0;
    if (due > (INT64_MAX - now) / 100)
        due = (INT64_MAX - now) / 100;

    sync_lock_acquire();
    prev = tm->signaled != 0;
    old_thread = timer_disarm_locked(tm);
    tm->signaled = 0;
    tm->due = now + due * 100;
    tm->due_nt = nt_now + due;
    tm->period = (ULONG)period;
    if (apc_func) {
        tm->apc_func = apc_func;
        tm->apc_arg = apc_arg;
        tm->apc_thread = kobject_ref(current_thread());
    }
    timer_enqueue(tm);
    sync_lock_release();
    timer_kick();
    if (old_thread)
        kobject_unref(old_thread);
    kobject_unref(tm);
    if (prev_state)
        *prev_state = prev;
    return STATUS_SUCCESS;
}
SYSCALL(NtSetTimer);

NTSTATUS NTAPI KERNEL_EXPORT NtCancelTimer(HANDLE handle, BOOLEAN *state)
{
    struct kthread *old_thread;
    struct ktimer *tm;
    NTSTATUS st;
    BOOLEAN signaled;

    if ((st = handle_ref(handle, &timer_type, TIMER_MODIFY_STATE, (void **)&tm)))
        return st;
    sync_lock_acquire();
    signaled = tm->signaled != 0;
    old_thread = timer_disarm_locked(tm);
    sync_lock_release();
    if (old_thread)
        kobject_unref(old_thread);
    kobject_unref(tm);
    if (state)
        *state = signaled;
    return STATUS_SUCCESS;
}
SYSCALL(NtCancelTimer);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryTimer(HANDLE handle, TIMER_INFORMATION_CLASS cls, void *info, ULONG len,
                                          ULONG *ret_len)
{
    TIMER_BASIC_INFORMATION out;
    struct ktimer *tm;
    NTSTATUS st;
    int64_t left = 0;

    if (cls != TimerBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if ((st = handle_ref(handle, &timer_type, TIMER_QUERY_STATE, (void **)&tm)))
        return st;
    sync_lock_acquire();
    if (tm->armed)
        left = (tm->due - sync_mono_ns()) / 100;
    out.TimerState = tm->signaled != 0;
    sync_lock_release();
    kobject_unref(tm);
    out.RemainingTime.QuadPart = left > 0 ? left : 0;
    return answer(info, len, ret_len, &out, sizeof(out));
}
SYSCALL(NtQueryTimer);

/* ---- 6. Time ------------------------------------------------------------------ */

NTSTATUS NTAPI KERNEL_EXPORT NtQueryPerformanceCounter(LARGE_INTEGER *counter,
                                                       LARGE_INTEGER *frequency)
{
    counter->QuadPart = time_monotonic_100ns();
    if (frequency)
        frequency->QuadPart = 10000000;
    return STATUS_SUCCESS;
}
SYSCALL(NtQueryPerformanceCounter);

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySystemTime(LARGE_INTEGER *time)
{
    time->QuadPart = time_now_nt();
    return STATUS_SUCCESS;
}
SYSCALL(NtQuerySystemTime);

/* The host's clock is not ours to set; tolerate a no-op change as Wine does. */
NTSTATUS NTAPI KERNEL_EXPORT NtSetSystemTime(const LARGE_INTEGER *new_time, LARGE_INTEGER *old_time)
{
    int64_t now = time_now_nt(), diff;

    if (old_time)
        old_time->QuadPart = now;
    if (!new_time)
        return STATUS_SUCCESS;
    diff = new_time->QuadPart - now;
    if (diff > -5000000 && diff < 5000000)
        return STATUS_SUCCESS;
    return STATUS_PRIVILEGE_NOT_HELD;
}
SYSCALL(NtSetSystemTime);

/* Not a system call in Wine 8.0 (ntdll.dll reads the shared page), but
 * exported for unix libraries. */
ULONG NTAPI KERNEL_EXPORT NtGetTickCount(void)
{
    if (kernel.usd)
        return kernel.usd->TickCount.LowPart;
    return (ULONG)(time_monotonic_100ns() / 10000);
}

/* Timers run at 1 ms resolution, always: report that every request is
 * already met (the coarsest is Windows' 15.625 ms tick). */
NTSTATUS NTAPI KERNEL_EXPORT NtQueryTimerResolution(ULONG *min_res, ULONG *max_res,
                                                    ULONG *current_res)
{
    *min_res = 156250;
    *max_res = 10000;
    *current_res = 10000;
    return STATUS_SUCCESS;
}
SYSCALL(NtQueryTimerResolution);

NTSTATUS NTAPI KERNEL_EXPORT NtSetTimerResolution(ULONG res, BOOLEAN set, ULONG *current_res)
{
    static volatile int requested;

    (void)res;
    *current_res = 10000;
    if (!set && !__atomic_load_n(&requested, __ATOMIC_RELAXED))
        return STATUS_TIMER_RESOLUTION_NOT_SET;
    __atomic_store_n(&requested, set != 0, __ATOMIC_RELAXED);
    return STATUS_SUCCESS;
}
SYSCALL(NtSetTimerResolution);

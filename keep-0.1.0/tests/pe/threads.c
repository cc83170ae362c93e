/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * threads.exe - threads and synchronisation: thread lifetime, events,
 * mutexes, semaphores, multiple-object waits, timeouts, waitable timers,
 * APCs, critical sections, SRW locks, condition variables, interlocked
 * operations, thread-local storage, named objects and the thread pool.
 */
#include "tap.h"
#include <string.h>

#define WORKERS 4
#define INCREMENTS 100000

static HANDLE start_thread(LPTHREAD_START_ROUTINE fn, void *arg)
{
    return CreateThread(NULL, 0, fn, arg, 0, NULL);
}

/* Wait for a thread to end and close its handle; FALSE on a timeout. */
static BOOL join(HANDLE thread)
{
    BOOL ok = WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0;

    CloseHandle(thread);
    return ok;
}

/* ---- thread lifetime ---------------------------------------------------- */

static DWORD WINAPI return_param(void *arg)
{
    return (DWORD)(ULONG_PTR)arg;
}

static DWORD WINAPI wait_on_event(void *arg)
{
    WaitForSingleObject((HANDLE)arg, 10000);
    return 7;
}

static DWORD WINAPI report_thread_id(void *arg)
{
    *(DWORD *)arg = GetCurrentThreadId();
    return 0;
}

static void check_thread_lifetime(void)
{
    DWORD tid = 0, code = 0, seen = 0;
    HANDLE h, ev;

    h = CreateThread(NULL, 0, return_param, (void *)(ULONG_PTR)42, 0, &tid);
    OK(h != NULL && tid != 0, "CreateThread returns a handle and an id");
    OK(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "WaitForSingleObject on the thread");
    OKF(GetExitCodeThread(h, &code) && code == 42, "GetExitCodeThread is the return value",
        "code %lu", (unsigned long)code);
    OK(GetThreadId(h) == tid, "GetThreadId matches the id from CreateThread");
    CloseHandle(h);

    ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    h = start_thread(wait_on_event, ev);
    OK(GetExitCodeThread(h, &code) && code == STILL_ACTIVE, "a running thread is STILL_ACTIVE");
    OK(WaitForSingleObject(h, 50) == WAIT_TIMEOUT, "waiting on a running thread times out");
    SetEvent(ev);
    OK(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(h, &code) && code == 7,
       "the thread ends once released");
    CloseHandle(h);
    CloseHandle(ev);

    h = start_thread(report_thread_id, &seen);
    join(h);
    OK(seen != 0 && seen != GetCurrentThreadId(), "a new thread has its own thread id");
}

static volatile LONG suspended_ran;

static DWORD WINAPI mark_ran(void *arg)
{
    (void)arg;
    InterlockedExchange(&suspended_ran, 1);
    return 0;
}

static DWORD WINAPI sleep_forever(void *arg)
{
    (void)arg;
    Sleep(INFINITE);
    return 0;
}

static void check_suspend_terminate(void)
{
    HANDLE h = CreateThread(NULL, 0, mark_ran, NULL, CREATE_SUSPENDED, NULL);
    DWORD code = 0;

    Sleep(50);
    OK(h && !suspended_ran, "a thread created suspended does not run");
    OK(ResumeThread(h) == 1, "ResumeThread returns the previous suspend count 1");
    OK(join(h) && suspended_ran, "the resumed thread runs");

    h = start_thread(sleep_forever, NULL);
    Sleep(20);
    OK(TerminateThread(h, 55), "TerminateThread");
    OK(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0 && GetExitCodeThread(h, &code) && code == 55,
       "a terminated thread has the given exit code");
    CloseHandle(h);
}

/* ---- events ------------------------------------------------------------- */

static void check_manual_event(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);

    OK(ev != NULL, "CreateEvent manual-reset");
    OK(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "a new event is not signaled");
    OK(SetEvent(ev), "SetEvent");
    OK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0 && WaitForSingleObject(ev, 0) == WAIT_OBJECT_0,
       "a manual-reset event stays signaled across waits");
    OK(ResetEvent(ev) && WaitForSingleObject(ev, 0) == WAIT_TIMEOUT, "ResetEvent clears it");
    CloseHandle(ev);
}

struct waker {
    HANDLE event;
    HANDLE ready; /* a semaphore each waiter releases as it starts waiting */
    volatile LONG woken;
};

static DWORD WINAPI wait_and_count(void *arg)
{
    struct waker *w = arg;

    if (SignalObjectAndWait(w->ready, w->event, 10000, FALSE) == WAIT_OBJECT_0)
        InterlockedIncrement(&w->woken);
    return 0;
}

static void start_waiters(struct waker *w, HANDLE *threads, int n)
{
    for (int i = 0; i < n; i++)
        threads[i] = start_thread(wait_and_count, w);
    for (int i = 0; i < n; i++)
        WaitForSingleObject(w->ready, 10000);
    Sleep(100); /* SignalObjectAndWait need not be atomic: let the waits begin */
}

/* Wait up to 5 s for *count to reach n, then a little longer for more. */
static LONG settle(volatile LONG *count, LONG n)
{
    for (int i = 0; i < 500 && *count < n; i++)
        Sleep(10);
    Sleep(100);
    return *count;
}

static struct waker new_waker(BOOL manual)
{
    struct waker w = { CreateEventA(NULL, manual, FALSE, NULL),
                       CreateSemaphoreA(NULL, 0, 100, NULL), 0 };

    return w;
}

static void free_waker(struct waker *w)
{
    CloseHandle(w->event);
    CloseHandle(w->ready);
}

static void check_auto_event(void)
{
    struct waker w = new_waker(FALSE);
    HANDLE threads[3];

    SetEvent(w.event);
    OK(WaitForSingleObject(w.event, 0) == WAIT_OBJECT_0, "an auto-reset event satisfies one wait");
    OK(WaitForSingleObject(w.event, 0) == WAIT_TIMEOUT, "and is reset by it");

    start_waiters(&w, threads, 3);
    SetEvent(w.event);
    OKF(settle(&w.woken, 1) == 1, "SetEvent on an auto-reset event wakes exactly one of 3 waiters",
        "woke %ld", (long)w.woken);
    SetEvent(w.event);
    settle(&w.woken, 2);
    SetEvent(w.event);
    OK(join(threads[0]) && join(threads[1]) && join(threads[2]) && w.woken == 3,
       "two more SetEvent calls wake the other two");
    OK(WaitForSingleObject(w.event, 0) == WAIT_TIMEOUT, "the event ends nonsignaled");
    free_waker(&w);
}

static void check_pulse_event(void)
{
    struct waker w = new_waker(TRUE);
    HANDLE threads[3];

    start_waiters(&w, threads, 3);
    OK(PulseEvent(w.event), "PulseEvent on a manual-reset event");
    OK(join(threads[0]) && join(threads[1]) && join(threads[2]) && w.woken == 3,
       "PulseEvent on a manual-reset event wakes all 3 waiters");
    OK(WaitForSingleObject(w.event, 0) == WAIT_TIMEOUT, "PulseEvent leaves the event nonsignaled");
    free_waker(&w);

    w = new_waker(FALSE);
    start_waiters(&w, threads, 2);
    PulseEvent(w.event);
    OKF(settle(&w.woken, 1) == 1, "PulseEvent on an auto-reset event wakes one waiter", "woke %ld",
        (long)w.woken);
    OK(WaitForSingleObject(w.event, 0) == WAIT_TIMEOUT, "and leaves it nonsignaled");
    SetEvent(w.event);
    join(threads[0]);
    join(threads[1]);
    free_waker(&w);
}

/* ---- mutexes ------------------------------------------------------------ */

static DWORD WINAPI release_foreign_mutex(void *arg)
{
    SetLastError(0);
    if (ReleaseMutex((HANDLE)arg))
        return 1;
    return GetLastError();
}

static DWORD WINAPI try_mutex(void *arg)
{
    return WaitForSingleObject((HANDLE)arg, 50);
}

static DWORD WINAPI abandon_mutex(void *arg)
{
    return WaitForSingleObject((HANDLE)arg, 10000);
}

static void check_mutex(void)
{
    HANDLE m = CreateMutexA(NULL, FALSE, NULL), h;
    DWORD code = 0;

    OK(m != NULL, "CreateMutex");
    OK(WaitForSingleObject(m, 0) == WAIT_OBJECT_0 && WaitForSingleObject(m, 0) == WAIT_OBJECT_0,
       "the owner acquires a mutex recursively");
    h = start_thread(release_foreign_mutex, m);
    WaitForSingleObject(h, 10000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    OKF(code == ERROR_NOT_OWNER, "ReleaseMutex by another thread fails with ERROR_NOT_OWNER",
        "thread returned %lu", (unsigned long)code);
    h = start_thread(try_mutex, m);
    WaitForSingleObject(h, 10000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    OKF(code == WAIT_TIMEOUT, "another thread cannot acquire an owned mutex", "wait returned %#lx",
        (unsigned long)code);
    OK(ReleaseMutex(m) && ReleaseMutex(m), "the owner releases it twice");
    SetLastError(0);
    OK(!ReleaseMutex(m) && GetLastError() == ERROR_NOT_OWNER,
       "a third ReleaseMutex fails with ERROR_NOT_OWNER");

    h = start_thread(abandon_mutex, m);
    WaitForSingleObject(h, 10000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    OK(code == WAIT_OBJECT_0, "a thread takes the mutex and exits holding it");
    OK(WaitForSingleObject(m, 1000) == WAIT_ABANDONED, "waiting on it gives WAIT_ABANDONED");
    OK(ReleaseMutex(m), "the new owner releases the abandoned mutex");
    OK(WaitForSingleObject(m, 0) == WAIT_OBJECT_0 && ReleaseMutex(m),
       "afterwards it is an ordinary mutex");
    CloseHandle(m);
}

/* ---- semaphores --------------------------------------------------------- */

static void check_semaphore(void)
{
    HANDLE s = CreateSemaphoreA(NULL, 1, 3, NULL);
    LONG prev = -1;

    OK(s != NULL, "CreateSemaphore initial 1 maximum 3");
    OKF(ReleaseSemaphore(s, 1, &prev) && prev == 1, "ReleaseSemaphore returns the previous count 1",
        "previous %ld", (long)prev);
    SetLastError(0);
    OK(!ReleaseSemaphore(s, 2, &prev) && GetLastError() == ERROR_TOO_MANY_POSTS,
       "releasing beyond the maximum fails with ERROR_TOO_MANY_POSTS");
    OK(WaitForSingleObject(s, 0) == WAIT_OBJECT_0 && WaitForSingleObject(s, 0) == WAIT_OBJECT_0,
       "the count of 2 satisfies two waits");
    OK(WaitForSingleObject(s, 0) == WAIT_TIMEOUT, "a third wait times out");
    OKF(ReleaseSemaphore(s, 3, &prev) && prev == 0, "releasing 3 from 0 is allowed",
        "previous %ld", (long)prev);
    CloseHandle(s);
}

/* ---- multiple objects and timeouts -------------------------------------- */

static void check_wait_multiple(void)
{
    HANDLE ev[3];
    DWORD r;

    for (int i = 0; i < 3; i++)
        ev[i] = CreateEventA(NULL, FALSE, FALSE, NULL);
    SetEvent(ev[2]);
    r = WaitForMultipleObjects(3, ev, FALSE, 0);
    OKF(r == WAIT_OBJECT_0 + 2, "wait-any returns the index of the signaled object",
        "returned %#lx", (unsigned long)r);
    SetEvent(ev[1]);
    SetEvent(ev[2]);
    r = WaitForMultipleObjects(3, ev, FALSE, 0);
    OKF(r == WAIT_OBJECT_0 + 1, "wait-any returns the lowest signaled index", "returned %#lx",
        (unsigned long)r);
    r = WaitForMultipleObjects(3, ev, TRUE, 50);
    OKF(r == WAIT_TIMEOUT, "wait-all times out while one object is nonsignaled", "returned %#lx",
        (unsigned long)r);
    OK(WaitForSingleObject(ev[2], 0) == WAIT_OBJECT_0,
       "a wait-all that timed out consumed no auto-reset event");
    SetEvent(ev[0]);
    SetEvent(ev[1]);
    SetEvent(ev[2]);
    r = WaitForMultipleObjects(3, ev, TRUE, 1000);
    OKF(r == WAIT_OBJECT_0, "wait-all succeeds once all are signaled", "returned %#lx",
        (unsigned long)r);
    r = WaitForMultipleObjects(3, ev, FALSE, 0);
    OKF(r == WAIT_TIMEOUT, "wait-all reset every auto-reset event", "returned %#lx",
        (unsigned long)r);
    for (int i = 0; i < 3; i++)
        CloseHandle(ev[i]);
}

static DWORD WINAPI sleep_a_bit(void *arg)
{
    Sleep((DWORD)(ULONG_PTR)arg);
    return 0;
}

static void check_wait_threads(void)
{
    HANDLE t[WORKERS];
    DWORD r;

    for (int i = 0; i < WORKERS; i++)
        t[i] = start_thread(sleep_a_bit, (void *)(ULONG_PTR)(20 * (i + 1)));
    r = WaitForMultipleObjects(WORKERS, t, TRUE, 10000);
    OKF(r == WAIT_OBJECT_0, "wait-all on 4 thread handles", "returned %#lx", (unsigned long)r);
    for (int i = 0; i < WORKERS; i++)
        CloseHandle(t[i]);
}

static void check_timeouts(void)
{
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    double t0, elapsed;
    ULONGLONG tick0;
    DWORD r;

    t0 = tap_now_ms();
    Sleep(50);
    elapsed = tap_now_ms() - t0;
    OKF(elapsed >= 40, "Sleep(50) sleeps at least 40 ms", "%.1f ms", elapsed);

    tick0 = GetTickCount64();
    t0 = tap_now_ms();
    r = WaitForSingleObject(ev, 50);
    elapsed = tap_now_ms() - t0;
    OKF(r == WAIT_TIMEOUT, "a 50 ms wait on a nonsignaled event returns WAIT_TIMEOUT",
        "returned %#lx", (unsigned long)r);
    OKF(elapsed >= 40 && elapsed < 5000, "the wait lasted about 50 ms", "%.1f ms", elapsed);
    OKF(GetTickCount64() - tick0 >= 30, "GetTickCount64 advanced across the wait", "%llu ms",
        GetTickCount64() - tick0);
    t0 = tap_now_ms();
    r = WaitForMultipleObjects(1, &ev, FALSE, 50);
    elapsed = tap_now_ms() - t0;
    OKF(r == WAIT_TIMEOUT && elapsed >= 40, "WaitForMultipleObjects times out after 50 ms",
        "returned %#lx after %.1f ms", (unsigned long)r, elapsed);
    CloseHandle(ev);
}

/* ---- waitable timers ---------------------------------------------------- */

static void relative_ms(LARGE_INTEGER *due, LONGLONG ms)
{
    due->QuadPart = -ms * 10000; /* negative: relative, in 100 ns units */
}

static volatile LONG timer_apc_calls;

static void CALLBACK timer_apc(void *arg, DWORD low, DWORD high)
{
    (void)low;
    (void)high;
    if (arg == (void *)&timer_apc_calls)
        InterlockedIncrement(&timer_apc_calls);
}

static void check_one_shot_timer(void)
{
    HANDLE timer = CreateWaitableTimerA(NULL, TRUE, NULL);
    LARGE_INTEGER due;
    double t0, elapsed;
    DWORD r;

    OK(timer != NULL, "CreateWaitableTimer manual-reset");
    relative_ms(&due, 10000);
    SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE);
    OK(WaitForSingleObject(timer, 0) == WAIT_TIMEOUT, "a timer due in 10 s is not signaled yet");
    relative_ms(&due, 50);
    t0 = tap_now_ms();
    OK(SetWaitableTimer(timer, &due, 0, NULL, NULL, FALSE), "SetWaitableTimer relative 50 ms");
    r = WaitForSingleObject(timer, 5000);
    elapsed = tap_now_ms() - t0;
    OKF(r == WAIT_OBJECT_0 && elapsed >= 40, "the timer signals after about 50 ms",
        "returned %#lx after %.1f ms", (unsigned long)r, elapsed);
    OK(WaitForSingleObject(timer, 0) == WAIT_OBJECT_0, "a manual-reset timer stays signaled");
    CloseHandle(timer);
}

static void check_periodic_timer(void)
{
    HANDLE timer = CreateWaitableTimerA(NULL, FALSE, NULL);
    LARGE_INTEGER due;
    double t0, elapsed;
    int fired = 0;

    relative_ms(&due, 20);
    t0 = tap_now_ms();
    OK(SetWaitableTimer(timer, &due, 30, NULL, NULL, FALSE), "SetWaitableTimer periodic 30 ms");
    for (int i = 0; i < 3; i++)
        fired += WaitForSingleObject(timer, 5000) == WAIT_OBJECT_0;
    elapsed = tap_now_ms() - t0;
    OKF(fired == 3, "a periodic timer fires repeatedly", "fired %d times", fired);
    OKF(elapsed >= 60, "three periods take at least 60 ms", "%.1f ms", elapsed);
    OK(CancelWaitableTimer(timer), "CancelWaitableTimer");
    WaitForSingleObject(timer, 0); /* cancelling keeps a signal that came just before */
    OK(WaitForSingleObject(timer, 100) == WAIT_TIMEOUT, "a cancelled timer no longer fires");

    relative_ms(&due, 20);
    timer_apc_calls = 0;
    SetWaitableTimer(timer, &due, 0, timer_apc, (void *)&timer_apc_calls, FALSE);
    OK(SleepEx(5000, TRUE) == WAIT_IO_COMPLETION && timer_apc_calls == 1,
       "a timer's completion routine runs as an APC");
    CloseHandle(timer);
}

/* ---- APCs --------------------------------------------------------------- */

static volatile LONG apc_value;

static void CALLBACK store_apc(ULONG_PTR param)
{
    InterlockedExchange(&apc_value, (LONG)param);
}

static DWORD WINAPI alertable_sleeper(void *arg)
{
    /*
     * APCs queued before a thread runs its start routine are delivered as it
     * starts; signal first, so that this one waits for SleepEx.
     */
    SetEvent((HANDLE)arg);
    return SleepEx(10000, TRUE);
}

static void check_apc(void)
{
    HANDLE h, started;
    DWORD code = 0;

    apc_value = 0;
    OK(QueueUserAPC(store_apc, GetCurrentThread(), 11), "QueueUserAPC to the current thread");
    Sleep(10);
    OK(apc_value == 0, "a non-alertable Sleep does not run the APC");
    OK(SleepEx(1000, TRUE) == WAIT_IO_COMPLETION, "SleepEx alertable returns WAIT_IO_COMPLETION");
    OKF(apc_value == 11, "the APC ran with its parameter", "value %ld", (long)apc_value);

    apc_value = 0;
    started = CreateEventA(NULL, TRUE, FALSE, NULL);
    h = start_thread(alertable_sleeper, started);
    WaitForSingleObject(started, 10000);
    CloseHandle(started);
    Sleep(50);
    OK(QueueUserAPC(store_apc, h, 22), "QueueUserAPC to a thread in an alertable sleep");
    OK(WaitForSingleObject(h, 5000) == WAIT_OBJECT_0 && GetExitCodeThread(h, &code) &&
           code == WAIT_IO_COMPLETION && apc_value == 22,
       "the APC interrupts the other thread's SleepEx");
    CloseHandle(h);

    apc_value = 0;
    HANDLE ev = CreateEventA(NULL, TRUE, FALSE, NULL);
    QueueUserAPC(store_apc, GetCurrentThread(), 33);
    OK(WaitForSingleObjectEx(ev, 1000, TRUE) == WAIT_IO_COMPLETION && apc_value == 33,
       "WaitForSingleObjectEx alertable runs the APC");
    CloseHandle(ev);
}

/* ---- locks and atomics -------------------------------------------------- */

static CRITICAL_SECTION cs;
static SRWLOCK srw = SRWLOCK_INIT;
static long cs_counter, srw_counter;
static volatile LONG atomic_counter;

static DWORD WINAPI cs_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        EnterCriticalSection(&cs);
        cs_counter++;
        LeaveCriticalSection(&cs);
    }
    return 0;
}

static DWORD WINAPI srw_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        AcquireSRWLockExclusive(&srw);
        srw_counter++;
        ReleaseSRWLockExclusive(&srw);
    }
    return 0;
}

static DWORD WINAPI atomic_worker(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++)
        InterlockedIncrement(&atomic_counter);
    return 0;
}

static BOOL run_workers(LPTHREAD_START_ROUTINE fn)
{
    HANDLE t[WORKERS];
    BOOL ok = TRUE;

    for (int i = 0; i < WORKERS; i++)
        t[i] = start_thread(fn, NULL);
    for (int i = 0; i < WORKERS; i++)
        ok &= join(t[i]);
    return ok;
}

static DWORD WINAPI try_enter(void *arg)
{
    (void)arg;
    if (TryEnterCriticalSection(&cs)) {
        LeaveCriticalSection(&cs);
        return 1;
    }
    return 0;
}

static void check_critical_section(void)
{
    HANDLE h;
    DWORD code = 9;

    InitializeCriticalSection(&cs);
    OK(run_workers(cs_worker), "4 threads increment under a critical section");
    OKF(cs_counter == WORKERS * INCREMENTS, "the counter is 400000", "counter %ld", cs_counter);
    EnterCriticalSection(&cs);
    OK(TryEnterCriticalSection(&cs), "the owner re-enters a critical section");
    h = start_thread(try_enter, NULL);
    WaitForSingleObject(h, 10000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    OKF(code == 0, "TryEnterCriticalSection fails in another thread", "returned %lu",
        (unsigned long)code);
    LeaveCriticalSection(&cs);
    LeaveCriticalSection(&cs);
    DeleteCriticalSection(&cs);

    OK(run_workers(srw_worker), "4 threads increment under an SRW lock");
    OKF(srw_counter == WORKERS * INCREMENTS, "the SRW counter is 400000", "counter %ld",
        srw_counter);
}

static void check_interlocked(void)
{
    volatile LONG v = 5;
    volatile LONG64 v64 = 1LL << 40;
    void *volatile ptr = NULL;
    int dummy;

    OK(InterlockedIncrement(&v) == 6 && InterlockedDecrement(&v) == 5,
       "InterlockedIncrement/Decrement return the new value");
    OK(InterlockedExchange(&v, 9) == 5 && v == 9, "InterlockedExchange returns the old value");
    OK(InterlockedCompareExchange(&v, 1, 8) == 9 && v == 9,
       "InterlockedCompareExchange leaves a mismatched value");
    OK(InterlockedCompareExchange(&v, 1, 9) == 9 && v == 1,
       "InterlockedCompareExchange swaps a matching value");
    OK(InterlockedExchangeAdd(&v, 10) == 1 && v == 11, "InterlockedExchangeAdd");
    OK(InterlockedCompareExchange64(&v64, 7, 1LL << 40) == (1LL << 40) && v64 == 7,
       "InterlockedCompareExchange64");
    OK(InterlockedCompareExchangePointer(&ptr, &dummy, NULL) == NULL && ptr == &dummy,
       "InterlockedCompareExchangePointer");
    OK(run_workers(atomic_worker) && atomic_counter == WORKERS * INCREMENTS,
       "4 threads InterlockedIncrement a counter to 400000");
}

/* ---- condition variables ------------------------------------------------ */

static CRITICAL_SECTION queue_lock;
static CONDITION_VARIABLE queue_cond = CONDITION_VARIABLE_INIT;
static int queue_items, queue_taken;

static DWORD WINAPI consumer(void *arg)
{
    (void)arg;
    EnterCriticalSection(&queue_lock);
    while (queue_taken < 10) {
        while (queue_items == 0)
            if (!SleepConditionVariableCS(&queue_cond, &queue_lock, 10000)) {
                LeaveCriticalSection(&queue_lock);
                return 1;
            }
        queue_items--;
        queue_taken++;
    }
    LeaveCriticalSection(&queue_lock);
    return 0;
}

static void check_condition_variable(void)
{
    HANDLE h;
    DWORD code = 9;

    InitializeCriticalSection(&queue_lock);
    h = start_thread(consumer, NULL);
    for (int i = 0; i < 10; i++) {
        EnterCriticalSection(&queue_lock);
        queue_items++;
        LeaveCriticalSection(&queue_lock);
        WakeConditionVariable(&queue_cond);
        Sleep(2);
    }
    WaitForSingleObject(h, 10000);
    GetExitCodeThread(h, &code);
    CloseHandle(h);
    OKF(code == 0 && queue_taken == 10, "a consumer woken by WakeConditionVariable takes 10 items",
        "code %lu, taken %d", (unsigned long)code, queue_taken);
    EnterCriticalSection(&queue_lock);
    double t0 = tap_now_ms();
    BOOL woke = SleepConditionVariableCS(&queue_cond, &queue_lock, 50);
    DWORD err = GetLastError();
    double elapsed = tap_now_ms() - t0;
    LeaveCriticalSection(&queue_lock);
    OKF(!woke && err == ERROR_TIMEOUT && elapsed >= 40,
        "SleepConditionVariableCS times out with ERROR_TIMEOUT", "woke %d, error %lu, %.1f ms",
        woke, (unsigned long)err, elapsed);
    DeleteCriticalSection(&queue_lock);
}

/* ---- thread-local storage ----------------------------------------------- */

static DWORD tls_slot;
static __thread int thread_var = 100;

struct tls_seen {
    void *slot_before, *slot_after;
    int var_before;
    int *var_address;
};

static DWORD WINAPI tls_worker(void *arg)
{
    struct tls_seen *seen = arg;

    seen->slot_before = TlsGetValue(tls_slot);
    TlsSetValue(tls_slot, (void *)0x2222);
    seen->slot_after = TlsGetValue(tls_slot);
    seen->var_before = thread_var;
    thread_var = 300;
    seen->var_address = &thread_var;
    return 0;
}

static void check_tls(void)
{
    struct tls_seen seen = { 0 };

    tls_slot = TlsAlloc();
    OK(tls_slot != TLS_OUT_OF_INDEXES, "TlsAlloc");
    OK(TlsSetValue(tls_slot, (void *)0x1111), "TlsSetValue in the main thread");
    thread_var = 200;
    join(start_thread(tls_worker, &seen));
    OK(seen.slot_before == NULL, "a new thread's TLS slot starts NULL");
    OK(seen.slot_after == (void *)0x2222, "a thread reads back its own TLS value");
    OK(TlsGetValue(tls_slot) == (void *)0x1111, "the main thread's TLS value is unchanged");
    OKF(seen.var_before == 100, "a __thread variable starts at its initialiser in a new thread",
        "saw %d", seen.var_before);
    OK(thread_var == 200 && seen.var_address != &thread_var,
       "each thread has its own __thread variable");
    OK(TlsFree(tls_slot), "TlsFree");
}

/* ---- named objects ------------------------------------------------------ */

static void check_named_objects(void)
{
    char name[64];
    HANDLE ev, opened, again, wrong;

    snprintf(name, sizeof(name), "keep-test-event-%lu", (unsigned long)GetCurrentProcessId());
    SetLastError(0);
    ev = CreateEventA(NULL, TRUE, FALSE, name);
    OK(ev != NULL && GetLastError() == 0, "CreateEvent with a new name");
    opened = OpenEventA(EVENT_ALL_ACCESS, FALSE, name);
    OK(opened != NULL && opened != ev, "OpenEvent by name gives a new handle");
    OK(SetEvent(opened) && WaitForSingleObject(ev, 0) == WAIT_OBJECT_0,
       "setting the opened handle signals the original event");
    SetLastError(0);
    again = CreateEventA(NULL, TRUE, FALSE, name);
    OK(again != NULL && GetLastError() == ERROR_ALREADY_EXISTS,
       "CreateEvent with an existing name opens it with ERROR_ALREADY_EXISTS");
    OK(WaitForSingleObject(again, 0) == WAIT_OBJECT_0, "and it is the same event");
    SetLastError(0);
    wrong = CreateMutexA(NULL, FALSE, name);
    OK(wrong == NULL && GetLastError() == ERROR_INVALID_HANDLE,
       "a mutex cannot take an event's name (ERROR_INVALID_HANDLE)");
    CloseHandle(again);
    CloseHandle(opened);
    CloseHandle(ev);
    SetLastError(0);
    OK(OpenEventA(EVENT_ALL_ACCESS, FALSE, name) == NULL && GetLastError() == ERROR_FILE_NOT_FOUND,
       "the name is gone once every handle is closed");
}

/* ---- thread pool -------------------------------------------------------- */

static volatile LONG pool_done;

static void CALLBACK pool_work(PTP_CALLBACK_INSTANCE inst, void *ctx, PTP_WORK work)
{
    (void)inst;
    (void)work;
    InterlockedIncrement((volatile LONG *)ctx);
}

static DWORD WINAPI queued_item(void *ctx)
{
    InterlockedIncrement((volatile LONG *)ctx);
    return 0;
}

static void check_thread_pool(void)
{
    PTP_WORK work = CreateThreadpoolWork(pool_work, (void *)&pool_done, NULL);
    volatile LONG items = 0;

    OK(work != NULL, "CreateThreadpoolWork");
    for (int i = 0; i < 10; i++)
        SubmitThreadpoolWork(work);
    WaitForThreadpoolWorkCallbacks(work, FALSE);
    OKF(pool_done == 10, "10 submitted work items ran", "ran %ld", (long)pool_done);
    CloseThreadpoolWork(work);
    for (int i = 0; i < 5; i++)
        QueueUserWorkItem(queued_item, (void *)&items, WT_EXECUTEDEFAULT);
    for (int i = 0; i < 500 && items < 5; i++)
        Sleep(10);
    OKF(items == 5, "5 QueueUserWorkItem items ran", "ran %ld", (long)items);
}

int main(void)
{
    check_thread_lifetime();
    check_suspend_terminate();
    check_manual_event();
    check_auto_event();
    check_pulse_event();
    check_mutex();
    check_semaphore();
    check_wait_multiple();
    check_wait_threads();
    check_timeouts();
    check_one_shot_timer();
    check_periodic_timer();
    check_apc();
    check_critical_section();
    check_interlocked();
    check_condition_variable();
    check_tls();
    check_named_objects();
    check_thread_pool();
    return tap_done();
}

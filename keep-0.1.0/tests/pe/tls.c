/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tls.exe - thread-local storage: 100 dynamic TLS slots (past the 64 in
 * the TEB), __thread variables (gcc's emulated TLS, itself on TlsAlloc),
 * a variable in the image's own TLS template (.tls section, reached
 * through the TEB's ThreadLocalStoragePointer and _tls_index, as MSVC's
 * __declspec(thread) is), and a TLS callback in .CRT$XLB that must see
 * DLL_PROCESS_ATTACH, DLL_THREAD_ATTACH and DLL_THREAD_DETACH.
 */
#include "tap.h"
#include <string.h>

#define SLOTS 100

/* ---- the TLS callback --------------------------------------------------- */

static volatile LONG callback_count[4]; /* indexed by reason */
static volatile DWORD attach_thread_id;

static void NTAPI tls_callback(PVOID module, DWORD reason, PVOID reserved)
{
    (void)reserved;
    if (module != GetModuleHandleA(NULL) || reason > DLL_THREAD_DETACH)
        return;
    InterlockedIncrement(&callback_count[reason]);
    if (reason == DLL_THREAD_ATTACH)
        attach_thread_id = GetCurrentThreadId();
}

/* The loader calls the callbacks listed between .CRT$XLA and .CRT$XLZ. */
__attribute__((section(".CRT$XLB"), used)) PIMAGE_TLS_CALLBACK keep_tls_callback = tls_callback;

/* ---- the image's TLS template ------------------------------------------- */

/* The template runs from _tls_start (in .tls) to _tls_end (in .tls$ZZZ). */
extern char _tls_start;
extern ULONG _tls_index;
__attribute__((section(".tls$KEEP"), used)) int image_tls_var = 4242;

static int *image_tls_address(void)
{
    void **slots;

    /* TEB.ThreadLocalStoragePointer, at gs:[0x58] on x64, as MSVC's code reads it */
    __asm__("movq %%gs:0x58, %0" : "=r"(slots));

    return (int *)((char *)slots[_tls_index] + ((char *)&image_tls_var - &_tls_start));
}

/* ---- what a second thread sees ------------------------------------------ */

static DWORD slots[SLOTS];
static __thread int thread_var = 1234;

struct seen {
    int slots_null;      /* every slot read NULL at first */
    int slots_own;       /* every slot read back its own value */
    int thread_var;      /* the __thread variable's first value */
    int *thread_var_address;
    int image_var;       /* the template variable's first value */
    int *image_var_address;
    DWORD id;
    LONG attach_before;  /* thread-attach callbacks when the thread started */
    DWORD attach_id;     /* the thread the last attach callback ran in */
};

static DWORD WINAPI second_thread(void *arg)
{
    struct seen *s = arg;

    s->id = GetCurrentThreadId();
    s->attach_before = callback_count[DLL_THREAD_ATTACH];
    s->attach_id = attach_thread_id;
    s->slots_null = s->slots_own = 1;
    for (int i = 0; i < SLOTS; i++) {
        s->slots_null &= TlsGetValue(slots[i]) == NULL;
        TlsSetValue(slots[i], (void *)(ULONG_PTR)(1000 + i));
    }
    for (int i = 0; i < SLOTS; i++)
        s->slots_own &= TlsGetValue(slots[i]) == (void *)(ULONG_PTR)(1000 + i);
    s->thread_var = thread_var;
    thread_var = -2;
    s->thread_var_address = &thread_var;
    s->image_var = *image_tls_address();
    *image_tls_address() = -3;
    s->image_var_address = image_tls_address();
    return 0;
}

static void check_slots_allocated(void)
{
    int distinct = 1, valid = 1, kept = 1;

    for (int i = 0; i < SLOTS; i++) {
        slots[i] = TlsAlloc();
        valid &= slots[i] != TLS_OUT_OF_INDEXES;
        for (int j = 0; j < i; j++)
            distinct &= slots[i] != slots[j];
    }
    OK(valid, "TlsAlloc gives 100 slots");
    OK(distinct, "the 100 slots are distinct");
    for (int i = 0; i < SLOTS; i++)
        TlsSetValue(slots[i], (void *)(ULONG_PTR)(i + 1));
    for (int i = 0; i < SLOTS; i++)
        kept &= TlsGetValue(slots[i]) == (void *)(ULONG_PTR)(i + 1);
    OK(kept, "each slot keeps its value");
    SetLastError(12345);
    TlsGetValue(slots[SLOTS - 1]);
    OK(GetLastError() == ERROR_SUCCESS, "TlsGetValue clears the last error");
}

static void check_second_thread(void)
{
    struct seen s = { 0 };
    LONG detach_before = callback_count[DLL_THREAD_DETACH];
    int kept = 1;
    HANDLE h;

    thread_var = -1;
    *image_tls_address() = -1;
    h = CreateThread(NULL, 0, second_thread, &s, 0, NULL);
    OK(WaitForSingleObject(h, 10000) == WAIT_OBJECT_0, "a second thread runs");
    CloseHandle(h);

    OK(s.slots_null, "its 100 slots start NULL");
    OK(s.slots_own, "it reads back its own values");
    for (int i = 0; i < SLOTS; i++)
        kept &= TlsGetValue(slots[i]) == (void *)(ULONG_PTR)(i + 1);
    OK(kept, "the main thread's values are unchanged");
    OKF(s.thread_var == 1234, "a __thread variable starts at its initialiser in the new thread",
        "saw %d", s.thread_var);
    OK(thread_var == -1 && s.thread_var_address != &thread_var,
       "the __thread variable is per thread");
    OKF(s.image_var == 4242, "the image's TLS variable starts at its template value",
        "saw %d", s.image_var);
    OK(*image_tls_address() == -1 && s.image_var_address != image_tls_address(),
       "the image's TLS variable is per thread");

    OKF(s.attach_before >= 1 && s.attach_id == s.id,
        "the TLS callback saw DLL_THREAD_ATTACH in the thread before it started",
        "count %ld, in thread %lu (thread is %lu)", (long)s.attach_before,
        (unsigned long)s.attach_id, (unsigned long)s.id);
    OKF(callback_count[DLL_THREAD_DETACH] == detach_before + 1,
        "the TLS callback saw DLL_THREAD_DETACH when it ended", "count %ld",
        (long)callback_count[DLL_THREAD_DETACH]);
}

static void check_free(void)
{
    int freed = 1;

    for (int i = 0; i < SLOTS; i++)
        freed &= TlsFree(slots[i]) != 0;
    OK(freed, "TlsFree releases the 100 slots");
    OK(TlsAlloc() != TLS_OUT_OF_INDEXES, "a freed slot can be allocated again");
}

int main(void)
{
    OKF(callback_count[DLL_PROCESS_ATTACH] == 1,
        "the TLS callback saw DLL_PROCESS_ATTACH once before main", "count %ld",
        (long)callback_count[DLL_PROCESS_ATTACH]);
    OKF(*image_tls_address() == 4242, "the main thread's image TLS variable has its template value",
        "saw %d", *image_tls_address());
    check_slots_allocated();
    check_second_thread();
    check_free();
    return tap_done();
}

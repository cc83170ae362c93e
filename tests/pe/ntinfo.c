/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * ntinfo.exe - Nt* calls kernelbase builds on, called directly:
 *   - keyed events: a release waits for a waiter of its key and a wait for
 *     a releaser (in either order), keys do not mix, both time out;
 *   - the process, thread and system information classes kernelbase asks
 *     for, checked against what the Win32 API and the program know (its
 *     id, its TEB, its image, its priority) and what the host has (the
 *     processor count, the page size, the time).
 * Passes on stock Wine too.
 */
#include "tap.h"
#include <string.h>
#include <wchar.h>
#include <winternl.h>

#ifndef STATUS_SUCCESS
#define STATUS_SUCCESS ((NTSTATUS)0)
#endif
#define STATUS_TIMEOUT_ ((NTSTATUS)0x00000102)
#define STATUS_INFO_LENGTH_MISMATCH_ ((NTSTATUS)0xC0000004)

static NTSTATUS(NTAPI *pNtCreateKeyedEvent)(HANDLE *, ACCESS_MASK, void *, ULONG);
static NTSTATUS(NTAPI *pNtWaitForKeyedEvent)(HANDLE, const void *, BOOLEAN, const LARGE_INTEGER *);
static NTSTATUS(NTAPI *pNtReleaseKeyedEvent)(HANDLE, const void *, BOOLEAN, const LARGE_INTEGER *);
static NTSTATUS(NTAPI *pNtQueryInformationProcess)(HANDLE, ULONG, void *, ULONG, ULONG *);
static NTSTATUS(NTAPI *pNtQueryInformationThread)(HANDLE, ULONG, void *, ULONG, ULONG *);
static NTSTATUS(NTAPI *pNtQuerySystemInformation)(ULONG, void *, ULONG, ULONG *);

/* The TEB, read as Windows code does (gs:0x30 is its own address); the
 * header's NtCurrentTeb trips gcc's array-bounds warning. */
static TEB *teb(void)
{
    TEB *t;
    __asm__("movq %%gs:0x30, %0" : "=r"(t));
    return t;
}

static void load(void)
{
    HMODULE nt = GetModuleHandleA("ntdll.dll");

    pNtCreateKeyedEvent = (void *)GetProcAddress(nt, "NtCreateKeyedEvent");
    pNtWaitForKeyedEvent = (void *)GetProcAddress(nt, "NtWaitForKeyedEvent");
    pNtReleaseKeyedEvent = (void *)GetProcAddress(nt, "NtReleaseKeyedEvent");
    pNtQueryInformationProcess = (void *)GetProcAddress(nt, "NtQueryInformationProcess");
    pNtQueryInformationThread = (void *)GetProcAddress(nt, "NtQueryInformationThread");
    pNtQuerySystemInformation = (void *)GetProcAddress(nt, "NtQuerySystemInformation");
}

/* ---- keyed events ---------------------------------------------------------- */

static HANDLE keyed;
static volatile LONG waiter_state;      /* 1: about to wait, 2: woken */
static int key_a, key_b;                /* their addresses are the keys */

static DWORD WINAPI waiter(void *key)
{
    InterlockedExchange(&waiter_state, 1);
    NTSTATUS st = pNtWaitForKeyedEvent(keyed, key, FALSE, NULL);
    InterlockedExchange(&waiter_state, st == STATUS_SUCCESS ? 2 : 3);
    return 0;
}

static DWORD WINAPI releaser(void *key)
{
    pNtReleaseKeyedEvent(keyed, key, FALSE, NULL);
    return 0;
}

static void check_keyed_events(void)
{
    LARGE_INTEGER short_wait = { .QuadPart = -50 * 10000 };   /* 50 ms, relative */
    NTSTATUS st;
    HANDLE t;

    st = pNtCreateKeyedEvent(&keyed, EVENT_ALL_ACCESS, NULL, 0);
    if (!OKF(st == STATUS_SUCCESS, "NtCreateKeyedEvent", "%#lx", (unsigned long)st))
        return;
    st = pNtWaitForKeyedEvent(keyed, &key_a, FALSE, &short_wait);
    OKF(st == STATUS_TIMEOUT_, "a wait with no releaser times out", "%#lx", (unsigned long)st);
    st = pNtReleaseKeyedEvent(keyed, &key_a, FALSE, &short_wait);
    OKF(st == STATUS_TIMEOUT_, "a release with no waiter times out", "%#lx", (unsigned long)st);

    /* waiter first: a release of another key leaves it waiting */
    t = CreateThread(NULL, 0, waiter, &key_a, 0, NULL);
    while (waiter_state != 1)
        Sleep(1);
    Sleep(50);
    st = pNtReleaseKeyedEvent(keyed, &key_b, FALSE, &short_wait);
    OKF(st == STATUS_TIMEOUT_ && waiter_state == 1, "a release of another key wakes nobody",
        "%#lx, state %ld", (unsigned long)st, waiter_state);
    st = pNtReleaseKeyedEvent(keyed, &key_a, FALSE, NULL);
    WaitForSingleObject(t, 10000);
    CloseHandle(t);
    OKF(st == STATUS_SUCCESS && waiter_state == 2, "a release of its key wakes the waiter",
        "%#lx, state %ld", (unsigned long)st, waiter_state);

    /* releaser first: it blocks until a waiter comes */
    t = CreateThread(NULL, 0, releaser, &key_b, 0, NULL);
    Sleep(50);
    OK(WaitForSingleObject(t, 0) == WAIT_TIMEOUT, "a release blocks until a waiter comes");
    st = pNtWaitForKeyedEvent(keyed, &key_b, FALSE, NULL);
    OKF(st == STATUS_SUCCESS && WaitForSingleObject(t, 10000) == WAIT_OBJECT_0,
        "a wait takes the pending release and frees the releaser", "%#lx", (unsigned long)st);
    CloseHandle(t);
    CloseHandle(keyed);
}

/* ---- information classes ------------------------------------------------- */

typedef struct {
    NTSTATUS ExitStatus;
    void *PebBaseAddress;
    ULONG_PTR AffinityMask;
    LONG BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC;

typedef struct {
    NTSTATUS ExitStatus;
    void *TebBaseAddress;
    CLIENT_ID ClientId;
    ULONG_PTR AffinityMask;
    LONG Priority;
    LONG BasePriority;
} THREAD_BASIC;

typedef struct {
    ULONG Reserved;
    ULONG TimerResolution;
    ULONG PageSize;
    ULONG NumberOfPhysicalPages;
    ULONG LowestPhysicalPageNumber;
    ULONG HighestPhysicalPageNumber;
    ULONG AllocationGranularity;
    ULONG_PTR MinimumUserModeAddress;
    ULONG_PTR MaximumUserModeAddress;
    ULONG_PTR ActiveProcessorsAffinityMask;
    CCHAR NumberOfProcessors;
} SYSTEM_BASIC;

typedef struct {
    LARGE_INTEGER BootTime;
    LARGE_INTEGER SystemTime;
    LARGE_INTEGER TimeZoneBias;
    ULONG TimeZoneId;
    ULONG Reserved;
    ULONGLONG BootTimeBias;
    ULONGLONG SleepTimeBias;
} SYSTEM_TIME_OF_DAY;

static void check_process_info(void)
{
    PROCESS_BASIC pb;
    UNICODE_STRING *name;
    BYTE buf[1024];
    WCHAR exe[MAX_PATH];
    ULONG len = 0;
    NTSTATUS st;

    memset(&pb, 0xcc, sizeof(pb));
    st = pNtQueryInformationProcess(GetCurrentProcess(), 0 /* ProcessBasicInformation */, &pb,
                                    sizeof(pb), &len);
    OKF(st == STATUS_SUCCESS && len == sizeof(pb) && pb.UniqueProcessId == GetCurrentProcessId() &&
            pb.PebBaseAddress == teb()->ProcessEnvironmentBlock &&
            pb.ExitStatus == 0x103 /* STILL_ACTIVE */,
        "ProcessBasicInformation: our id, our PEB, still active", "%#lx len %lu id %llu",
        (unsigned long)st, len, (unsigned long long)pb.UniqueProcessId);
    st = pNtQueryInformationProcess(GetCurrentProcess(), 0, &pb, sizeof(pb) - 1, &len);
    OKF(st == STATUS_INFO_LENGTH_MISMATCH_, "ProcessBasicInformation in a short buffer: length mismatch",
        "%#lx", (unsigned long)st);

    st = pNtQueryInformationProcess(GetCurrentProcess(), 27 /* ProcessImageFileName */, buf,
                                    sizeof(buf), &len);
    name = (UNICODE_STRING *)buf;
    GetModuleFileNameW(NULL, exe, MAX_PATH);
    const WCHAR *base = wcsrchr(exe, L'\\') ? wcsrchr(exe, L'\\') + 1 : exe;
    size_t blen = wcslen(base);
    OKF(st == STATUS_SUCCESS && name->Length / 2 >= blen &&
            !_wcsnicmp(name->Buffer + name->Length / 2 - blen, base, blen),
        "ProcessImageFileName ends in the program's name", "%#lx", (unsigned long)st);
}

static void check_thread_info(void)
{
    THREAD_BASIC tb;
    ULONG len = 0;
    NTSTATUS st;

    memset(&tb, 0xcc, sizeof(tb));
    st = pNtQueryInformationThread(GetCurrentThread(), 0 /* ThreadBasicInformation */, &tb,
                                   sizeof(tb), &len);
    OKF(st == STATUS_SUCCESS && tb.TebBaseAddress == teb() &&
            (ULONG_PTR)tb.ClientId.UniqueThread == GetCurrentThreadId() &&
            (ULONG_PTR)tb.ClientId.UniqueProcess == GetCurrentProcessId(),
        "ThreadBasicInformation: our TEB and client id", "%#lx", (unsigned long)st);

    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_ABOVE_NORMAL);
    st = pNtQueryInformationThread(GetCurrentThread(), 0, &tb, sizeof(tb), &len);
    OKF(st == STATUS_SUCCESS && GetThreadPriority(GetCurrentThread()) == THREAD_PRIORITY_ABOVE_NORMAL,
        "a thread priority set is the one read back", "%#lx, %d", (unsigned long)st,
        GetThreadPriority(GetCurrentThread()));
    SetThreadPriority(GetCurrentThread(), THREAD_PRIORITY_NORMAL);
}

static void check_system_info(void)
{
    SYSTEM_BASIC sb;
    SYSTEM_TIME_OF_DAY tod;
    SYSTEM_INFO si;
    FILETIME now;
    ULONG len = 0;
    NTSTATUS st;

    GetSystemInfo(&si);
    memset(&sb, 0, sizeof(sb));
    st = pNtQuerySystemInformation(0 /* SystemBasicInformation */, &sb, sizeof(sb), &len);
    OKF(st == STATUS_SUCCESS && sb.PageSize == 4096 && sb.AllocationGranularity == 0x10000 &&
            (DWORD)sb.NumberOfProcessors == si.dwNumberOfProcessors &&
            sb.NumberOfProcessors >= 1 && sb.MinimumUserModeAddress == 0x10000 &&
            sb.MaximumUserModeAddress > 0x7ff000000000ull,
        "SystemBasicInformation: page size, granularity, processors, address range",
        "%#lx page %lu gran %#lx cpus %d", (unsigned long)st, sb.PageSize,
        sb.AllocationGranularity, sb.NumberOfProcessors);
    st = pNtQuerySystemInformation(0, &sb, sizeof(sb) - 4, &len);
    OKF(st == STATUS_INFO_LENGTH_MISMATCH_, "SystemBasicInformation in a short buffer: length mismatch",
        "%#lx", (unsigned long)st);

    st = pNtQuerySystemInformation(3 /* SystemTimeOfDayInformation */, &tod, sizeof(tod), &len);
    GetSystemTimeAsFileTime(&now);
    LONGLONG diff = (LONGLONG)(((ULONGLONG)now.dwHighDateTime << 32) | now.dwLowDateTime) -
                    tod.SystemTime.QuadPart;
    OKF(st == STATUS_SUCCESS && diff >= 0 && diff < 5 * 10000000LL &&
            tod.BootTime.QuadPart > 0 && tod.BootTime.QuadPart < tod.SystemTime.QuadPart,
        "SystemTimeOfDayInformation: the time now, a boot before it", "%#lx diff %lld",
        (unsigned long)st, diff);
}

int main(void)
{
    load();
    if (!OK(pNtCreateKeyedEvent && pNtWaitForKeyedEvent && pNtReleaseKeyedEvent &&
                pNtQueryInformationProcess && pNtQueryInformationThread && pNtQuerySystemInformation,
            "ntdll exports the calls"))
        return tap_done();
    check_keyed_events();
    check_process_info();
    check_thread_info();
    check_system_info();
    return tap_done();
}

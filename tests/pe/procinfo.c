/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * procinfo.exe - the process list: NtQuerySystemInformation's
 * SystemProcessInformation (5) and SystemExtendedProcessInformation (57),
 * directly and through Toolhelp and EnumProcesses.  With three extra
 * threads waiting on events: our process is listed under our id, with the
 * exe's name, our parent and exactly our threads; a thread that ended is
 * gone from the next list; a buffer too small gets the size needed; the
 * records follow Windows' layout; a child process is listed, with us as
 * its parent and its first thread, until it ends.
 *
 * "procinfo.exe child" is its own helper child: it sleeps until killed.
 *
 * Stock Wine 8.0 fails one check: it does not align the records to 8 bytes.
 */
#define PSAPI_VERSION 2
#include "tap.h"
#include <psapi.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <tlhelp32.h>
#include <wchar.h>
#include <winternl.h>

#define STATUS_INFO_LENGTH_MISMATCH_ ((NTSTATUS)0xC0000004)
#define SYSTEM_PROCESS_INFORMATION_ 5
#define SYSTEM_EXTENDED_PROCESS_INFORMATION_ 57
#define PROCESS_SESSION_INFORMATION_ 24
#define WORKERS 3

/* Windows' records, under our own names (winternl.h's differ by version). */
struct sp_thread {
    LARGE_INTEGER kernel_time, user_time, create_time;
    ULONG wait_time;
    void *start_address;
    CLIENT_ID client_id;
    LONG priority, base_priority;
    ULONG context_switches, state, wait_reason;
};

struct sp_ext_thread {
    struct sp_thread info;
    void *stack_base, *stack_limit, *win32_start, *teb;
    ULONG_PTR reserved[3];
};

struct sp_process {
    ULONG next;
    ULONG thread_count;
    BYTE reserved1[0x20 - 8];
    LARGE_INTEGER create_time, user_time, kernel_time;
    UNICODE_STRING name;
    LONG base_priority;
    HANDLE pid, parent_pid;
    ULONG handle_count, session_id;
    BYTE reserved2[0x100 - 0x68];
    /* the threads follow, then the name */
};
_Static_assert(sizeof(struct sp_thread) == 0x50, "SYSTEM_THREAD_INFORMATION");
_Static_assert(sizeof(struct sp_ext_thread) == 0x88, "SYSTEM_EXTENDED_THREAD_INFORMATION");
_Static_assert(offsetof(struct sp_process, name) == 0x38, "ProcessName");
_Static_assert(offsetof(struct sp_process, pid) == 0x50, "UniqueProcessId");
_Static_assert(sizeof(struct sp_process) == 0x100, "the threads' offset");

typedef NTSTATUS(NTAPI *query_system_fn)(ULONG, void *, ULONG, ULONG *);
typedef NTSTATUS(NTAPI *query_process_fn)(HANDLE, ULONG, void *, ULONG, ULONG *);

static query_system_fn pNtQuerySystemInformation;
static query_process_fn pNtQueryInformationProcess;

static HANDLE worker_event[WORKERS], worker[WORKERS], workers_started;
static DWORD worker_tid[WORKERS];

static DWORD WINAPI worker_main(void *arg)
{
    ReleaseSemaphore(workers_started, 1, NULL);
    WaitForSingleObject(worker_event[(INT_PTR)arg], INFINITE);
    return 0;
}

/* ---- The list, raw ---------------------------------------------------------- */

/* The whole list in a buffer from malloc, looping while it grows. */
static BYTE *query_list(ULONG cls, ULONG *size)
{
    ULONG len = 0x400;

    for (int tries = 0; tries < 20; tries++) {
        BYTE *buf = malloc(len);
        NTSTATUS st = pNtQuerySystemInformation(cls, buf, len, size);
        if (!st)
            return buf;
        free(buf);
        if (st != STATUS_INFO_LENGTH_MISMATCH_)
            return NULL;
        len *= 2;
    }
    return NULL;
}

static struct sp_process *next_process(struct sp_process *p)
{
    return p->next ? (struct sp_process *)((BYTE *)p + p->next) : NULL;
}

static struct sp_process *find_process(BYTE *list, DWORD pid)
{
    for (struct sp_process *p = (struct sp_process *)list; p; p = next_process(p))
        if ((DWORD)(ULONG_PTR)p->pid == pid)
            return p;
    return NULL;
}

static struct sp_thread *thread_at(struct sp_process *p, ULONG i, size_t size)
{
    return (struct sp_thread *)((BYTE *)(p + 1) + i * size);
}

static DWORD parent_pid(void)
{
    PROCESS_BASIC_INFORMATION pbi;

    if (pNtQueryInformationProcess(GetCurrentProcess(), ProcessBasicInformation, &pbi,
                                   sizeof(pbi), NULL))
        return (DWORD)-1;
    return (DWORD)pbi.InheritedFromUniqueProcessId;
}

static int is_our_thread(DWORD tid)
{
    if (tid == GetCurrentThreadId())
        return 1;
    for (int i = 0; i < WORKERS; i++)
        if (worker[i] && tid == worker_tid[i])
            return 1;
    return 0;
}

static int live_workers(void)
{
    int n = 0;

    for (int i = 0; i < WORKERS; i++)
        n += worker[i] != NULL;
    return n;
}

/* Our threads are listed, each once, and nothing else. */
static int lists_exactly_our_threads(struct sp_process *p, size_t size)
{
    if (p->thread_count != 1 + (ULONG)live_workers())
        return 0;
    for (ULONG i = 0; i < p->thread_count; i++) {
        CLIENT_ID *id = &thread_at(p, i, size)->client_id;
        if (!is_our_thread((DWORD)(ULONG_PTR)id->UniqueThread) ||
            (DWORD)(ULONG_PTR)id->UniqueProcess != GetCurrentProcessId())
            return 0;
        for (ULONG j = 0; j < i; j++)
            if (thread_at(p, j, size)->client_id.UniqueThread == id->UniqueThread)
                return 0;
    }
    return 1;
}

static int same_name(const UNICODE_STRING *name, const WCHAR *want)
{
    size_t n = wcslen(want);

    return name->Length == n * sizeof(WCHAR) && !_wcsnicmp(name->Buffer, want, n) &&
           !name->Buffer[n];
}

static void check_too_small(void)
{
    BYTE small[16], *buf = NULL;
    ULONG need = 0, len = 0;
    NTSTATUS st =
        pNtQuerySystemInformation(SYSTEM_PROCESS_INFORMATION_, small, sizeof(small), &need);

    OKF(st == STATUS_INFO_LENGTH_MISMATCH_ && need > sizeof(small),
        "a buffer too small: STATUS_INFO_LENGTH_MISMATCH and the size needed",
        "status %#lx, size %lu", (unsigned long)st, (unsigned long)need);
    /* the list may grow meanwhile (Wine's other processes): a few tries */
    for (int tries = 0; tries < 5 && st == STATUS_INFO_LENGTH_MISMATCH_ && need > sizeof(small);
         tries++) {
        free(buf);
        buf = malloc(len = need);
        st = pNtQuerySystemInformation(SYSTEM_PROCESS_INFORMATION_, buf, len, &need);
    }
    OKF(!st && need <= len, "that size suffices", "status %#lx, size %lu", (unsigned long)st,
        (unsigned long)need);
    free(buf);
}

/* Windows' layout: records at 8-byte boundaries inside the answer, the
 * last with NextEntryOffset 0, each name after its threads. */
static void check_layout(BYTE *list, ULONG size)
{
    int aligned = 1, inside = 1, names = 1;
    ULONG at = 0;

    for (;;) {
        struct sp_process *p = (struct sp_process *)(list + at);
        BYTE *end_threads = (BYTE *)thread_at(p, p->thread_count, sizeof(struct sp_thread));
        aligned &= at % 8 == 0;
        names &= (BYTE *)p->name.Buffer == end_threads && !(p->name.Length & 1) &&
                 (BYTE *)p->name.Buffer + p->name.Length + sizeof(WCHAR) <= list + size &&
                 !p->name.Buffer[p->name.Length / sizeof(WCHAR)];
        if (!p->next)
            break;
        if (p->next >= size - at || size - at - p->next < sizeof(*p)) {
            inside = 0;
            break;
        }
        at += p->next;
    }
    OK(inside, "the records lie inside the answer, the last with NextEntryOffset 0");
    OK(aligned, "each record starts at an 8-byte boundary");
    OK(names, "each name follows its threads, NUL-terminated");
}

static void check_own_record(void)
{
    ULONG size = 0, session = (ULONG)-1;
    BYTE *list = query_list(SYSTEM_PROCESS_INFORMATION_, &size);
    struct sp_process *p = list ? find_process(list, GetCurrentProcessId()) : NULL;
    FILETIME created, exited, kernel, user;

    if (!OK(p, "NtQuerySystemInformation lists our process")) {
        free(list);
        return;
    }
    check_layout(list, size);
    pNtQueryInformationProcess(GetCurrentProcess(), PROCESS_SESSION_INFORMATION_, &session,
                               sizeof(session), NULL);
    GetProcessTimes(GetCurrentProcess(), &created, &exited, &kernel, &user);
    OKF((DWORD)(ULONG_PTR)p->parent_pid == parent_pid() && p->session_id == session &&
            p->handle_count > 0,
        "its parent, session and handle count are NtQueryInformationProcess's",
        "parent %lu, session %lu, handles %lu", (unsigned long)(ULONG_PTR)p->parent_pid,
        (unsigned long)p->session_id, (unsigned long)p->handle_count);
    OK(p->create_time.LowPart == created.dwLowDateTime &&
           (DWORD)p->create_time.HighPart == created.dwHighDateTime,
       "its creation time is GetProcessTimes'");
    OK(lists_exactly_our_threads(p, sizeof(struct sp_thread)), "its threads are ours");
    free(list);
}

/* Wine leaves the states 0; where given, they are what the threads do. */
static int states_as_done(void)
{
    ULONG size;
    BYTE *list = query_list(SYSTEM_PROCESS_INFORMATION_, &size);
    struct sp_process *p = list ? find_process(list, GetCurrentProcessId()) : NULL;
    int ok = p != NULL;

    for (ULONG i = 0; p && i < p->thread_count; i++) {
        struct sp_thread *t = thread_at(p, i, sizeof(*t));
        int main_thread = (DWORD)(ULONG_PTR)t->client_id.UniqueThread == GetCurrentThreadId();
        if (t->state)
            ok &= main_thread ? t->state == 2 : t->state == 5 && t->wait_reason == 6;
    }
    free(list);
    return ok;
}

static void check_states(void)
{
    int ok = 0;

    /* a thread that said it started may not be in its wait yet */
    for (int i = 0; i < 100 && !(ok = states_as_done()); i++)
        Sleep(50);
    OK(ok, "the waiting threads are Waiting (UserRequest), this one Running, if given");
}

static void *thread_start(DWORD tid)
{
    for (int i = 0; i < WORKERS; i++)
        if (worker_tid[i] == tid)
            return (void *)worker_main;
    return NULL;
}

/* NtCurrentTeb without mingw's __readgsqword (gcc 12 warns on it). */
static void *current_teb(void)
{
    void *teb;

    __asm__("movq %%gs:0x30, %0" : "=r"(teb));
    return teb;
}

static void check_extended(void)
{
    ULONG size = 0;
    BYTE *list = query_list(SYSTEM_EXTENDED_PROCESS_INFORMATION_, &size);
    struct sp_process *p = list ? find_process(list, GetCurrentProcessId()) : NULL;
    int starts = 1, teb = 0;

    if (!OK(p, "SystemExtendedProcessInformation lists our process")) {
        free(list);
        return;
    }
    OK(lists_exactly_our_threads(p, sizeof(struct sp_ext_thread)),
       "its extended thread records are ours");
    for (ULONG i = 0; i < p->thread_count; i++) {
        struct sp_ext_thread *t = (struct sp_ext_thread *)thread_at(p, i, sizeof(*t));
        DWORD tid = (DWORD)(ULONG_PTR)t->info.client_id.UniqueThread;
        if (tid == GetCurrentThreadId())
            teb = t->teb == current_teb();
        else
            starts &= t->win32_start == thread_start(tid);
    }
    OK(starts, "a thread's Win32StartAddress is the function CreateThread started");
    OK(teb, "this thread's TebBase is its TEB");
    free(list);
}

/* ---- Toolhelp and EnumProcesses ---------------------------------------------- */

static int find_toolhelp_process(DWORD pid, PROCESSENTRY32W *out)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    int found = 0;

    if (snap == INVALID_HANDLE_VALUE)
        return 0;
    out->dwSize = sizeof(*out);
    for (BOOL more = Process32FirstW(snap, out); more; more = Process32NextW(snap, out))
        if ((found = out->th32ProcessID == pid))
            break;
    CloseHandle(snap);
    return found;
}

/* Our process's threads in a Toolhelp snapshot are exactly ours. */
static int toolhelp_threads_are_ours(void)
{
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPTHREAD, 0);
    THREADENTRY32 te = { .dwSize = sizeof(te) };
    DWORD seen[16];
    int n = 0, ok = 1;

    if (snap == INVALID_HANDLE_VALUE)
        return 0;
    for (BOOL more = Thread32First(snap, &te); more; more = Thread32Next(snap, &te)) {
        if (te.th32OwnerProcessID != GetCurrentProcessId())
            continue;
        for (int i = 0; i < n; i++)
            ok &= seen[i] != te.th32ThreadID;
        ok &= is_our_thread(te.th32ThreadID) && n < 16;
        if (n < 16)
            seen[n++] = te.th32ThreadID;
    }
    CloseHandle(snap);
    return ok && n == 1 + live_workers();
}

static void check_toolhelp(const char *when)
{
    PROCESSENTRY32W pe;
    char desc[160];
    int found = find_toolhelp_process(GetCurrentProcessId(), &pe);

    snprintf(desc, sizeof(desc), "%s: Toolhelp lists our process as procinfo.exe", when);
    OKF(found && !_wcsicmp(pe.szExeFile, L"procinfo.exe"), desc, "found %d, name %ls", found,
        found ? pe.szExeFile : L"");
    snprintf(desc, sizeof(desc), "%s: with %d threads and our parent", when, 1 + live_workers());
    OKF(found && pe.cntThreads == 1 + (DWORD)live_workers() &&
            pe.th32ParentProcessID == parent_pid(),
        desc, "threads %lu, parent %lu", found ? (unsigned long)pe.cntThreads : 0ul,
        found ? (unsigned long)pe.th32ParentProcessID : 0ul);
    snprintf(desc, sizeof(desc), "%s: Toolhelp's thread list holds exactly our threads", when);
    OK(toolhelp_threads_are_ours(), desc);
}

static void check_enum_processes(void)
{
    DWORD ids[4096], used = 0;
    int found = 0;

    if (EnumProcesses(ids, sizeof(ids), &used))
        for (DWORD i = 0; i < used / sizeof(DWORD); i++)
            found |= ids[i] == GetCurrentProcessId();
    OK(found, "EnumProcesses includes our process");
}

/* ---- A child --------------------------------------------------------------- */

/* In a list that holds us: -1 if there is none, 0 if the child is not
 * listed, 1 if it is, 2 if it is with its first thread (tid). */
static int child_listed(DWORD pid, DWORD tid, int *named, int *parent)
{
    ULONG size;
    BYTE *list = query_list(SYSTEM_PROCESS_INFORMATION_, &size);
    struct sp_process *p = list ? find_process(list, pid) : NULL;
    int thread = 0;

    if (!list || !find_process(list, GetCurrentProcessId())) {
        free(list);
        return -1;
    }
    if (p) {
        *named = same_name(&p->name, L"procinfo.exe");
        *parent = (DWORD)(ULONG_PTR)p->parent_pid == GetCurrentProcessId();
        for (ULONG i = 0; i < p->thread_count; i++)
            thread |= (DWORD)(ULONG_PTR)thread_at(p, i, sizeof(struct sp_thread))
                          ->client_id.UniqueThread == tid;
    }
    free(list);
    return p ? 1 + thread : 0;
}

/* Poll until the child is listed as wanted: Wine's child registers its
 * thread as it starts, and leaves the list once freed. */
static int wait_listed(DWORD pid, DWORD tid, int want, int *named, int *parent)
{
    int got = -1;

    for (int i = 0; i < 100 && (got = child_listed(pid, tid, named, parent)) != want; i++)
        Sleep(50);
    return got;
}

static void check_child(void)
{
    STARTUPINFOA si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    char app[MAX_PATH], line[MAX_PATH + 16];
    int named = 0, parent = 0;

    GetModuleFileNameA(NULL, app, sizeof(app));
    snprintf(line, sizeof(line), "\"%s\" child", app);
    if (!CreateProcessA(app, line, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi)) {
        OK(0, "CreateProcess of the helper child");
        return;
    }
    int got = wait_listed(pi.dwProcessId, pi.dwThreadId, 2, &named, &parent);
    OKF(got == 2, "the child is listed with its first thread", "got %d", got);
    OK(named, "under the name procinfo.exe");
    OK(parent, "with our process as its parent");
    TerminateProcess(pi.hProcess, 7);
    WaitForSingleObject(pi.hProcess, 30000);
    /* Wine lists an ended process while a handle to it is open */
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    got = wait_listed(pi.dwProcessId, pi.dwThreadId, 0, &named, &parent);
    OKF(got == 0, "once it ended, it is gone from the list", "got %d", got);
}

/* ---- main ------------------------------------------------------------------ */

/* Three threads, running (Wine lists a thread once it runs). */
static int start_workers(void)
{
    if (!(workers_started = CreateSemaphoreA(NULL, 0, WORKERS, NULL)))
        return 0;
    for (INT_PTR i = 0; i < WORKERS; i++) {
        worker_event[i] = CreateEventA(NULL, TRUE, FALSE, NULL);
        worker[i] = CreateThread(NULL, 0, worker_main, (void *)i, 0, &worker_tid[i]);
        if (!worker_event[i] || !worker[i])
            return 0;
    }
    for (int i = 0; i < WORKERS; i++)
        if (WaitForSingleObject(workers_started, 30000))
            return 0;
    return 1;
}

/* End worker i and forget it. */
static void end_worker(int i)
{
    SetEvent(worker_event[i]);
    WaitForSingleObject(worker[i], 30000);
    CloseHandle(worker[i]);
    worker[i] = NULL;
}

int main(int argc, char **argv)
{
    HMODULE ntdll = GetModuleHandleA("ntdll.dll");

    if (argc > 1 && !strcmp(argv[1], "child")) {
        Sleep(INFINITE);
        return 0;
    }
    pNtQuerySystemInformation =
        (query_system_fn)(void *)GetProcAddress(ntdll, "NtQuerySystemInformation");
    pNtQueryInformationProcess =
        (query_process_fn)(void *)GetProcAddress(ntdll, "NtQueryInformationProcess");
    if (!start_workers()) {
        OK(0, "starting three threads");
        return tap_done();
    }
    check_toolhelp("three threads more");
    check_enum_processes();
    check_too_small();
    check_own_record();
    check_states();
    check_extended();
    end_worker(0);
    check_toolhelp("one ended");
    check_child();
    for (int i = 1; i < WORKERS; i++)
        end_worker(i);
    return tap_done();
}

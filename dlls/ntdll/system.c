/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * system.c - NtQuerySystemInformation and friends: what the machine looks
 * like to the program.  One processor group; the processor count and
 * memory are the host's as far as the host ABI tells (it does not: we
 * report a modest fixed machine until the ABI grows a query).
 */
#include "kernel.h"

/* not in nt/info.h: only these calls use them */
typedef enum { OptionAbortRetryIgnore, OptionOk, OptionOkCancel, OptionRetryCancel, OptionYesNo,
               OptionYesNoCancel, OptionShutdownSystem } HARDERROR_RESPONSE_OPTION;
typedef enum { ResponseReturnToCaller, ResponseNotHandled, ResponseAbort, ResponseCancel,
               ResponseIgnore, ResponseNo, ResponseOk, ResponseRetry, ResponseYes } HARDERROR_RESPONSE;
typedef int POWER_INFORMATION_LEVEL;

#define KEEP_PROCESSORS 2
#define KEEP_PHYS_PAGES (0x100000000ull / 0x1000)   /* 4 GiB */

static NTSTATUS fill(void *buf, ULONG len, ULONG *ret_len, const void *data, ULONG size)
{
    if (ret_len)
        *ret_len = size;
    if (len < size)
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(buf, data, size);
    return STATUS_SUCCESS;
}

static void basic_info(SYSTEM_BASIC_INFORMATION *info)
{
    memset(info, 0, sizeof(*info));
    info->KeMaximumIncrement = 156250;
    info->PageSize = 0x1000;
    info->MmLowestPhysicalPage = 1;
    info->MmHighestPhysicalPage = KEEP_PHYS_PAGES - 1;
    info->MmNumberOfPhysicalPages = KEEP_PHYS_PAGES;
    info->AllocationGranularity = ALLOC_GRANULARITY;
    info->LowestUserAddress = (void *)0x10000;
    info->HighestUserAddress = (void *)0x7ffffffeffff;
    info->ActiveProcessorsAffinityMask = (1u << KEEP_PROCESSORS) - 1;
    info->NumberOfProcessors = KEEP_PROCESSORS;
}

static void cpu_info(SYSTEM_CPU_INFORMATION *info)
{
    unsigned eax = kernel.cpuid1_eax, edx = kernel.cpuid1_edx;    /* read at boot */
    memset(info, 0, sizeof(*info));
    info->ProcessorArchitecture = 9;    /* PROCESSOR_ARCHITECTURE_AMD64 */
    unsigned family = (eax >> 8) & 0xf, model = (eax >> 4) & 0xf;
    if (family == 0xf)
        family += (eax >> 20) & 0xff;
    if (family == 6 || family >= 0xf)
        model |= ((eax >> 16) & 0xf) << 4;
    info->ProcessorLevel = family;
    info->ProcessorRevision = (model << 8) | (eax & 0xf);
    info->ProcessorFeatureBits = edx;
}

static NTSTATUS wine_version(void *buf, ULONG len, ULONG *ret_len)
{
    static const char v[] = "8.0\0wine-8.0 (keep)\0Linux\0keep";
    return fill(buf, len, ret_len, v, sizeof(v));
}

/* ---- SystemProcessInformation, SystemExtendedProcessInformation -----------
 * The processes this process knows of (process.c): itself, with its live
 * threads, and the children it started that have not ended, each with the
 * one thread its parent knows of, the first (the rest are the child's own).
 * Windows' layout: a record per process, at an 8-byte boundary, its
 * threads after it, then its name (NUL-terminated); NextEntryOffset is 0 on
 * the last.  A buffer too small gets nothing but the size needed, which
 * may grow before the next call: callers loop. */

struct process_list {
    struct process_summary *procs;
    struct thread_summary *threads;     /* ours */
    unsigned nprocs, nthreads;
    size_t thread_size;                 /* of one thread record */
};

typedef unsigned (*summarize_fn)(void *out, unsigned max);

static unsigned summarize_processes(void *out, unsigned max)
{
    return process_summarize(out, max);
}

static unsigned summarize_threads(void *out, unsigned max)
{
    return thread_summarize(out, max);
}

/* All the items fn has; their number may change between calls. */
static NTSTATUS collect(summarize_fn fn, size_t size, void **items, unsigned *count)
{
    unsigned cap = 8, n;

    for (;;) {
        void *p = krealloc(*items, cap * size);
        if (!p)
            return STATUS_NO_MEMORY;
        *items = p;
        if ((n = fn(p, cap)) <= cap) {
            *count = n;
            return STATUS_SUCCESS;
        }
        cap = n + 8;
    }
}

static unsigned threads_of(const struct process_list *l, unsigned i)
{
    return l->procs[i].is_self ? l->nthreads : 1;
}

static size_t record_size(const struct process_list *l, unsigned i)
{
    return offsetof(SYSTEM_PROCESS_INFORMATION, ti) + threads_of(l, i) * l->thread_size +
           (l->procs[i].name_len + 1) * sizeof(WCHAR);
}

/* The bytes the whole list takes: records at 8-byte boundaries. */
static size_t list_size(const struct process_list *l)
{
    size_t at = 0;

    for (unsigned i = 0; i + 1 < l->nprocs; i++)
        at = ALIGN_UP(at + record_size(l, i), 8);
    return at + record_size(l, l->nprocs - 1);
}

/* A thread's base priority: its process's, moved by its relative one, in
 * the class's range (1-15, or 16-31 for real time). */
static ULONG thread_base_priority(ULONG process_base, LONG relative)
{
    LONG low = process_base >= 16 ? 16 : 1, high = process_base >= 16 ? 31 : 15;
    LONG p = (LONG)process_base + relative;

    if (relative == THREAD_BASE_PRIORITY_LOWRT)
        return high;
    if (relative == THREAD_BASE_PRIORITY_IDLE)
        return low;
    return p < low ? low : p > high ? high : p;
}

static void fill_thread(void *rec, const struct process_list *l, const struct process_summary *p,
                        const struct thread_summary *t)
{
    SYSTEM_EXTENDED_THREAD_INFORMATION *x = rec;
    SYSTEM_THREAD_INFORMATION *ti = &x->ThreadInfo;

    /* CPU times stay 0, as ThreadTimes answers: the host ABI counts none */
    ti->CreateTime.QuadPart = t->create_time;
    ti->StartAddress = t->win32_start;
    ti->ClientId.UniqueProcess = (HANDLE)(uintptr_t)p->pid;
    ti->ClientId.UniqueThread = (HANDLE)(uintptr_t)t->tid;
    ti->dwBasePriority = thread_base_priority(p->base_priority, t->priority);
    ti->dwCurrentPriority = ti->dwBasePriority;     /* no boosts */
    ti->dwThreadState = t->state;
    ti->dwWaitReason = t->wait_reason;
    if (l->thread_size < sizeof(*x))
        return;
    /* Windows gives the kernel stack here (the user stack is in the TEB) */
    x->StackBase = t->kstack_base;
    x->StackLimit = t->kstack_limit;
    x->Win32StartAddress = t->win32_start;
    x->TebBase = t->teb;
}

/* A child's first thread, as its parent knows it: its id and when the
 * process was made; its state is the child's to know (left 0, Wine's
 * answer for every thread). */
static void child_first_thread(const struct process_summary *p, struct thread_summary *t)
{
    memset(t, 0, sizeof(*t));
    t->tid = CHILD_TID;
    t->create_time = p->create_time;
}

/* Record i at rec (zeroed), with its threads and name after it. */
static void fill_process(SYSTEM_PROCESS_INFORMATION *rec, const struct process_list *l,
                         unsigned i)
{
    const struct process_summary *p = &l->procs[i];
    unsigned n = threads_of(l, i);
    char *thread_rec = (char *)rec->ti;
    struct thread_summary first;

    rec->dwThreadCount = n;
    rec->CreationTime.QuadPart = p->create_time;
    rec->dwBasePriority = p->base_priority;
    rec->UniqueProcessId = (HANDLE)(uintptr_t)p->pid;
    rec->ParentProcessId = (HANDLE)(uintptr_t)p->parent_pid;
    rec->SessionId = p->session_id;
    /* times, memory and I/O counters stay 0, as ProcessTimes,
       ProcessVmCounters and ProcessIoCounters answer; a child's handles
       are its own */
    if (p->is_self)
        rec->HandleCount = (ULONG)handle_collect(NULL, 0, 0);
    else
        child_first_thread(p, &first);
    for (unsigned j = 0; j < n; j++, thread_rec += l->thread_size)
        fill_thread(thread_rec, l, p, p->is_self ? &l->threads[j] : &first);
    rec->ProcessName.Buffer = (WCHAR *)thread_rec;
    rec->ProcessName.Length = p->name_len * sizeof(WCHAR);
    rec->ProcessName.MaximumLength = rec->ProcessName.Length + sizeof(WCHAR);
    memcpy(rec->ProcessName.Buffer, p->name, rec->ProcessName.Length);
    rec->ProcessName.Buffer[p->name_len] = 0;
}

static void fill_list(char *buf, const struct process_list *l, size_t need)
{
    size_t at = 0;

    memset(buf, 0, need);
    for (unsigned i = 0; i < l->nprocs; i++) {
        SYSTEM_PROCESS_INFORMATION *rec = (SYSTEM_PROCESS_INFORMATION *)(buf + at);
        fill_process(rec, l, i);
        if (i + 1 == l->nprocs)
            break;
        rec->NextEntryOffset = (ULONG)ALIGN_UP(record_size(l, i), 8);
        at += rec->NextEntryOffset;
    }
}

static NTSTATUS process_info(SYSTEM_INFORMATION_CLASS cls, void *buf, ULONG len, ULONG *ret_len)
{
    struct process_list l = { 0 };
    size_t need = 0;
    NTSTATUS st;

    l.thread_size = cls == SystemExtendedProcessInformation
                        ? sizeof(SYSTEM_EXTENDED_THREAD_INFORMATION)
                        : sizeof(SYSTEM_THREAD_INFORMATION);
    if (!(st = collect(summarize_processes, sizeof(*l.procs), (void **)&l.procs, &l.nprocs)) &&
        !(st = collect(summarize_threads, sizeof(*l.threads), (void **)&l.threads, &l.nthreads))) {
        need = list_size(&l);
        if (len < need)
            st = STATUS_INFO_LENGTH_MISMATCH;
        /* checked first: a fault while writing would leak the lists */
        else if (!virtual_check_range(buf, need, 1))
            st = STATUS_ACCESS_VIOLATION;
        else
            fill_list(buf, &l, need);
    }
    kfree(l.procs);
    kfree(l.threads);
    if (ret_len && (!st || st == STATUS_INFO_LENGTH_MISMATCH))
        *ret_len = (ULONG)need;
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySystemInformation(SYSTEM_INFORMATION_CLASS cls, void *buf,
                                                      ULONG len, ULONG *ret_len)
{
    switch ((int)cls) {
    case SystemBasicInformation: {
        SYSTEM_BASIC_INFORMATION info;
        basic_info(&info);
        return fill(buf, len, ret_len, &info, sizeof(info));
    }
    case SystemCpuInformation: {
        SYSTEM_CPU_INFORMATION info;
        cpu_info(&info);
        return fill(buf, len, ret_len, &info, sizeof(info));
    }
    case SystemPerformanceInformation: {
        SYSTEM_PERFORMANCE_INFORMATION info;
        memset(&info, 0, sizeof(info));
        info.AvailablePages = KEEP_PHYS_PAGES / 2;
        info.TotalCommittedPages = KEEP_PHYS_PAGES / 4;
        info.TotalCommitLimit = KEEP_PHYS_PAGES;
        return fill(buf, len, ret_len, &info, sizeof(info));
    }
    case SystemTimeOfDayInformation: {
        SYSTEM_TIMEOFDAY_INFORMATION info;
        memset(&info, 0, sizeof(info));
        info.SystemTime.QuadPart = time_now_nt();
        info.BootTime.QuadPart = info.SystemTime.QuadPart - time_monotonic_100ns();
        info.TimeZoneBias.QuadPart = timezone_bias_100ns();
        if (len > sizeof(info))
            len = sizeof(info);
        memcpy(buf, &info, len);
        if (ret_len)
            *ret_len = len;
        return STATUS_SUCCESS;
    }
    case SystemProcessorPerformanceInformation: {
        SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION info[KEEP_PROCESSORS];
        memset(info, 0, sizeof(info));
        ULONG n = len / sizeof(info[0]);
        if (n > KEEP_PROCESSORS)
            n = KEEP_PROCESSORS;
        if (!n)
            return fill(buf, len, ret_len, info, sizeof(info[0]));
        memcpy(buf, info, n * sizeof(info[0]));
        if (ret_len)
            *ret_len = n * sizeof(info[0]);
        return STATUS_SUCCESS;
    }
    case SystemKernelDebuggerInformation: {
        SYSTEM_KERNEL_DEBUGGER_INFORMATION info = { 0, 1 };
        return fill(buf, len, ret_len, &info, sizeof(info));
    }
    case SystemRangeStartInformation: {
        ULONG_PTR start = 0xffff800000000000ull;
        if (len != sizeof(start))
            return STATUS_INFO_LENGTH_MISMATCH;
        return fill(buf, len, ret_len, &start, sizeof(start));
    }
    case SystemRecommendedSharedDataAlignment: {
        ULONG align = 64;
        return fill(buf, len, ret_len, &align, sizeof(align));
    }
    case SystemEmulationBasicInformation: {
        SYSTEM_BASIC_INFORMATION info;
        basic_info(&info);
        return fill(buf, len, ret_len, &info, sizeof(info));
    }
    case SystemProcessInformation:
    case SystemExtendedProcessInformation:
        return process_info(cls, buf, len, ret_len);
    case SystemCurrentTimeZoneInformation:
        return timezone_query(buf, len, ret_len, 0);
    case SystemDynamicTimeZoneInformation:
        return timezone_query(buf, len, ret_len, 1);
    case SystemWineVersionInformation:
        return wine_version(buf, len, ret_len);
    case SystemCodeIntegrityInformation: {
        SYSTEM_CODEINTEGRITY_INFORMATION info = { sizeof(info), 0 };
        if (len < sizeof(info))
            return STATUS_INFO_LENGTH_MISMATCH;
        info.CodeIntegrityOptions = 1;   /* CODEINTEGRITY_OPTION_ENABLED */
        return fill(buf, len, ret_len, &info, sizeof(info));
    }
    default:
        return kernel_not_implemented("NtQuerySystemInformation", cls);
    }
}
SYSCALL(NtQuerySystemInformation);

static NTSTATUS logical_processor_info_ex(void *buf, ULONG len, ULONG *ret_len,
                                          LOGICAL_PROCESSOR_RELATIONSHIP rel)
{
    SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX items[KEEP_PROCESSORS + 2];
    ULONG n = 0;

    memset(items, 0, sizeof(items));
    if (rel == RelationProcessorCore || rel == RelationAll) {
        for (unsigned i = 0; i < KEEP_PROCESSORS; i++, n++) {
            items[n].Relationship = RelationProcessorCore;
            items[n].Size = sizeof(items[n]);
            items[n].Processor.GroupCount = 1;
            items[n].Processor.GroupMask[0].Mask = 1ull << i;
        }
    }
    if (rel == RelationProcessorPackage || rel == RelationAll) {
        items[n].Relationship = RelationProcessorPackage;
        items[n].Size = sizeof(items[n]);
        items[n].Processor.GroupCount = 1;
        items[n].Processor.GroupMask[0].Mask = (1ull << KEEP_PROCESSORS) - 1;
        n++;
    }
    if (rel == RelationGroup || rel == RelationAll) {
        items[n].Relationship = RelationGroup;
        items[n].Size = sizeof(items[n]);
        items[n].Group.MaximumGroupCount = 1;
        items[n].Group.ActiveGroupCount = 1;
        items[n].Group.GroupInfo[0].MaximumProcessorCount = KEEP_PROCESSORS;
        items[n].Group.GroupInfo[0].ActiveProcessorCount = KEEP_PROCESSORS;
        items[n].Group.GroupInfo[0].ActiveProcessorMask = (1ull << KEEP_PROCESSORS) - 1;
        n++;
    }
    ULONG need = n * sizeof(items[0]);
    if (ret_len)
        *ret_len = need;
    if (len < need)
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(buf, items, need);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySystemInformationEx(SYSTEM_INFORMATION_CLASS cls, void *query,
                                                        ULONG query_len, void *buf, ULONG len,
                                                        ULONG *ret_len)
{
    switch ((int)cls) {
    case SystemLogicalProcessorInformationEx:
        if (!query || query_len < sizeof(DWORD))
            return STATUS_INVALID_PARAMETER;
        return logical_processor_info_ex(buf, len, ret_len, *(DWORD *)query);
    default:
        return NtQuerySystemInformation(cls, buf, len, ret_len);
    }
}
SYSCALL(NtQuerySystemInformationEx);

NTSTATUS NTAPI KERNEL_EXPORT NtSetSystemInformation(SYSTEM_INFORMATION_CLASS cls, void *info,
                                                    ULONG len)
{
    (void)cls; (void)info; (void)len;
    return STATUS_PRIVILEGE_NOT_HELD;
}
SYSCALL(NtSetSystemInformation);

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySystemEnvironmentValue(UNICODE_STRING *name, WCHAR *buf,
                                                           ULONG len, ULONG *ret_len)
{
    (void)name; (void)buf; (void)len; (void)ret_len;
    return STATUS_NOT_IMPLEMENTED;   /* no firmware variables in a picoprocess */
}
SYSCALL(NtQuerySystemEnvironmentValue);

NTSTATUS NTAPI KERNEL_EXPORT NtDisplayString(UNICODE_STRING *string)
{
    char *s = utf16_to_utf8_alloc(string->Buffer, string->Length / sizeof(WCHAR));
    if (!s)
        return STATUS_NO_MEMORY;
    host_debug_write(s, strlen(s));
    kfree(s);
    return STATUS_SUCCESS;
}
SYSCALL(NtDisplayString);

NTSTATUS NTAPI KERNEL_EXPORT NtRaiseHardError(NTSTATUS status, ULONG count, ULONG mask,
                                              void **params, HARDERROR_RESPONSE_OPTION option,
                                              HARDERROR_RESPONSE *response)
{
    (void)count; (void)mask; (void)params; (void)option;
    kernel_log("keep: hard error %#x\n", (unsigned)status);
    if (response)
        *response = ResponseNotHandled;
    return STATUS_NOT_IMPLEMENTED;
}
SYSCALL(NtRaiseHardError);

NTSTATUS NTAPI KERNEL_EXPORT NtIsProcessInJob(HANDLE process, HANDLE job)
{
    return job_process_in_job(process, job);   /* job.c */
}
SYSCALL(NtIsProcessInJob);

NTSTATUS NTAPI KERNEL_EXPORT NtPowerInformation(POWER_INFORMATION_LEVEL level, void *in,
                                                ULONG in_len, void *out, ULONG out_len)
{
    (void)in; (void)in_len; (void)out; (void)out_len;
    return kernel_not_implemented("NtPowerInformation", level);
}
SYSCALL(NtPowerInformation);

/* ---- What needs a privilege the token does not hold ------------------------
 * The process's token holds no privilege (token.c: TokenPrivileges is
 * empty), and a sandboxed program may not act on the host's machine: as
 * Windows answers a caller without SeShutdownPrivilege, SeLoadDriver-
 * Privilege or SeCreatePagefilePrivilege, these calls answer
 * STATUS_PRIVILEGE_NOT_HELD and do nothing. */

NTSTATUS NTAPI KERNEL_EXPORT NtShutdownSystem(ULONG action)
{
    (void)action;
    return STATUS_PRIVILEGE_NOT_HELD;
}
SYSCALL(NtShutdownSystem);

NTSTATUS NTAPI KERNEL_EXPORT NtInitiatePowerAction(ULONG action, ULONG min_state, ULONG flags,
                                                   BOOLEAN async)
{
    (void)action; (void)min_state; (void)flags; (void)async;
    return STATUS_PRIVILEGE_NOT_HELD;
}
SYSCALL(NtInitiatePowerAction);

NTSTATUS NTAPI KERNEL_EXPORT NtLoadDriver(const UNICODE_STRING *service)
{
    (void)service;
    return STATUS_PRIVILEGE_NOT_HELD;
}
SYSCALL(NtLoadDriver);

NTSTATUS NTAPI KERNEL_EXPORT NtUnloadDriver(const UNICODE_STRING *service)
{
    (void)service;
    return STATUS_PRIVILEGE_NOT_HELD;
}
SYSCALL(NtUnloadDriver);

NTSTATUS NTAPI KERNEL_EXPORT NtCreatePagingFile(const UNICODE_STRING *name, const LARGE_INTEGER *min,
                                                const LARGE_INTEGER *max, const LARGE_INTEGER *actual)
{
    (void)name; (void)min; (void)max; (void)actual;
    return STATUS_PRIVILEGE_NOT_HELD;
}
SYSCALL(NtCreatePagingFile);

/* __wine_dbg_write: Wine's debug channels print through this syscall. */
int NTAPI KERNEL_EXPORT __wine_dbg_write(const char *str, unsigned int len)
{
    host_debug_write(str, len);
    return (int)len;
}
SYSCALL(__wine_dbg_write);

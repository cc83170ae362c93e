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

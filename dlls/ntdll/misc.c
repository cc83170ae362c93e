/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * misc.c - small system calls with no other home: suspending the process,
 * the thread execution state, memory hints, and the few calls whose honest
 * answer on x86-64 Windows is that there is nothing to do.
 */
#include "kernel.h"

NTSTATUS NTAPI NtGetNextThread(HANDLE process, HANDLE thread, ACCESS_MASK access, ULONG attributes,
                               ULONG flags, HANDLE *handle);
NTSTATUS NTAPI NtSuspendThread(HANDLE handle, ULONG *count);
NTSTATUS NTAPI NtResumeThread(HANDLE handle, ULONG *count);


/* Apply op (NtSuspendThread or NtResumeThread) to every thread of the
 * process but the caller, in creation order.  The caller is left out:
 * with one process per picoprocess nobody else could resume it. */
static NTSTATUS for_other_threads(NTSTATUS (NTAPI *op)(HANDLE, ULONG *))
{
    struct kthread *self = current_thread();
    HANDLE prev = NULL, next;

    while (!NtGetNextThread(CURRENT_PROCESS, prev, THREAD_SUSPEND_RESUME, 0, 0, &next)) {
        struct kthread *t;
        if (prev)
            NtClose(prev);
        prev = next;
        if (handle_ref(next, &thread_type, 0, (void **)&t))
            continue;
        if (t != self && !t->terminated)
            op(next, NULL);     /* a thread ending meanwhile is no error */
        kobject_unref(t);
    }
    if (prev)
        NtClose(prev);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtSuspendProcess(HANDLE process)
{
    NTSTATUS st;
    if ((st = process_check_handle(process, PROCESS_SUSPEND_RESUME)))
        return st;
    return for_other_threads(NtSuspendThread);
}
SYSCALL(NtSuspendProcess);

NTSTATUS NTAPI KERNEL_EXPORT NtResumeProcess(HANDLE process)
{
    NTSTATUS st;
    if ((st = process_check_handle(process, PROCESS_SUSPEND_RESUME)))
        return st;
    return for_other_threads(NtResumeThread);
}
SYSCALL(NtResumeProcess);

/*
 * SetThreadExecutionState: keep has no power management to tell, so the
 * state is only remembered.  A state with ES_CONTINUOUS stays until the
 * next ES_CONTINUOUS call; one without is a one-off request (reset the
 * idle timers) that leaves the remembered state alone.  One state for the
 * process (as Wine has it), starting as "system and display required".
 */
#define ES_SYSTEM_REQUIRED   0x00000001
#define ES_DISPLAY_REQUIRED  0x00000002
#define ES_USER_PRESENT      0x00000004
#define ES_AWAYMODE_REQUIRED 0x00000040
#define ES_CONTINUOUS        0x80000000u

static volatile ULONG execution_state = ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED | ES_USER_PRESENT;

NTSTATUS NTAPI KERNEL_EXPORT NtSetThreadExecutionState(ULONG new_state, ULONG *old_state)
{
    const ULONG valid = ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED | ES_USER_PRESENT |
                        ES_AWAYMODE_REQUIRED | ES_CONTINUOUS;
    ULONG old;

    if (new_state & ~valid)
        return STATUS_INVALID_PARAMETER;
    /* away mode is a persistent state only */
    if ((new_state & ES_AWAYMODE_REQUIRED) && !(new_state & ES_CONTINUOUS))
        return STATUS_INVALID_PARAMETER;
    if (new_state & ES_CONTINUOUS)
        old = __atomic_exchange_n(&execution_state, new_state, __ATOMIC_SEQ_CST);
    else
        old = __atomic_load_n(&execution_state, __ATOMIC_SEQ_CST);
    *old_state = old;
    return STATUS_SUCCESS;
}
SYSCALL(NtSetThreadExecutionState);

/*
 * PrefetchVirtualMemory and friends: hints.  The host backs pages on first
 * touch; a prefetch is allowed to do nothing, so after the checks Windows
 * makes it succeeds.  Page priorities are accepted and ignored likewise.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationVirtualMemory(HANDLE process,
                                                           VIRTUAL_MEMORY_INFORMATION_CLASS cls,
                                                           ULONG_PTR count,
                                                           MEMORY_RANGE_ENTRY *addresses,
                                                           void *info, ULONG size)
{
    NTSTATUS st;

    if ((st = process_check_handle(process, PROCESS_VM_OPERATION)))
        return st;
    switch ((int)cls) {
    case VmPrefetchInformation:
        if (!info)
            return STATUS_INVALID_PARAMETER_5;
        if (size != sizeof(ULONG))
            return STATUS_INVALID_PARAMETER_6;
        if (!count)
            return STATUS_INVALID_PARAMETER_3;
        for (ULONG_PTR i = 0; i < count; i++)
            if (!addresses[i].NumberOfBytes)
                return STATUS_INVALID_PARAMETER_4;
        return STATUS_SUCCESS;
    case VmPagePriorityInformation:
        if (!info)
            return STATUS_INVALID_PARAMETER_5;
        if (size != sizeof(ULONG))
            return STATUS_INVALID_PARAMETER_6;
        if (!count)
            return STATUS_INVALID_PARAMETER_3;
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER_2;
    }
}
SYSCALL(NtSetInformationVirtualMemory);

/* x86-64 Windows has no LDT for user code: it answers STATUS_NOT_IMPLEMENTED. */
NTSTATUS NTAPI KERNEL_EXPORT NtSetLdtEntries(ULONG sel1, uint64_t entry1, ULONG sel2, uint64_t entry2)
{
    (void)sel1; (void)entry1; (void)sel2; (void)entry2;
    return STATUS_NOT_IMPLEMENTED;
}
SYSCALL(NtSetLdtEntries);

/* Profiling intervals: there is no profiling to pace; the setting is
 * accepted, as Windows accepts it for any source. */
NTSTATUS NTAPI KERNEL_EXPORT NtSetIntervalProfile(ULONG interval, ULONG source)
{
    (void)interval; (void)source;
    return STATUS_SUCCESS;
}
SYSCALL(NtSetIntervalProfile);

/*
 * Firmware (UEFI) variables: a picoprocess has none.  STATUS_NOT_IMPLEMENTED
 * is what Windows answers on a machine booted without UEFI (programs tell
 * legacy BIOS from UEFI by exactly this answer).
 */
NTSTATUS NTAPI KERNEL_EXPORT NtQuerySystemEnvironmentValueEx(UNICODE_STRING *name, GUID *vendor,
                                                             void *buffer, ULONG *ret_len,
                                                             ULONG *attrib)
{
    (void)name; (void)vendor; (void)buffer; (void)ret_len; (void)attrib;
    return STATUS_NOT_IMPLEMENTED;
}
SYSCALL(NtQuerySystemEnvironmentValueEx);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * writewatch.c - NtGetWriteWatch and NtResetWriteWatch (GetWriteWatch,
 * ResetWriteWatch: .NET's garbage collector and others track the pages
 * written in a MEM_WRITE_WATCH allocation).
 *
 * The tracking itself lives with the page states in virtual.c (the
 * "write watches" part there): a watched page is mapped without write
 * access until it is written; the fault that write takes marks the page
 * written and gives write access back.  Here are the system calls: their
 * argument rules, and copying the list out with no lock held.
 */
#include "kernel.h"

/* Only this process's memory exists in a picoprocess. */
static NTSTATUS check_process(HANDLE process)
{
    return process_check_handle(process, PROCESS_VM_OPERATION);
}

static void page_range(void **base, SIZE_T *size)
{
    uintptr_t start = ALIGN_DOWN((uintptr_t)*base, PAGE_SIZE_K);
    uintptr_t end = ALIGN_UP((uintptr_t)*base + *size, PAGE_SIZE_K);
    *base = (void *)start;
    *size = end - start;
}

NTSTATUS NTAPI KERNEL_EXPORT NtGetWriteWatch(HANDLE process, ULONG flags, void *base, SIZE_T size,
                                             void **addresses, ULONG_PTR *count,
                                             ULONG *granularity)
{
    ULONG_PTR max, n;
    void **list;
    NTSTATUS st;

    if ((st = check_process(process)))
        return st;
    page_range(&base, &size);
    if (!count || !granularity)
        return STATUS_ACCESS_VIOLATION;
    if (!*count || !size)
        return STATUS_INVALID_PARAMETER;
    if (flags & ~(ULONG)WRITE_WATCH_FLAG_RESET)
        return STATUS_INVALID_PARAMETER;
    if (!addresses)
        return STATUS_ACCESS_VIOLATION;
    /* no more than the range has pages: the kernel's copy stays small */
    max = *count;
    if (max > size / PAGE_SIZE_K)
        max = size / PAGE_SIZE_K;
    if (!(list = kmalloc(max * sizeof(*list))))
        return STATUS_NO_MEMORY;
    n = max;
    st = virtual_write_watch_scan(base, size, flags & WRITE_WATCH_FLAG_RESET, list, &n);
    if (!st) {
        memcpy(addresses, list, n * sizeof(*list));
        *count = n;
        *granularity = PAGE_SIZE_K;
    }
    kfree(list);
    return st;
}
SYSCALL(NtGetWriteWatch);

NTSTATUS NTAPI KERNEL_EXPORT NtResetWriteWatch(HANDLE process, void *base, SIZE_T size)
{
    NTSTATUS st;

    if ((st = check_process(process)))
        return st;
    page_range(&base, &size);
    if (!size)
        return STATUS_INVALID_PARAMETER;
    return virtual_write_watch_scan(base, size, 1, NULL, NULL);
}
SYSCALL(NtResetWriteWatch);

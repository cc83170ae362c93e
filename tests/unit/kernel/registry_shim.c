/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry_shim.c - what registry.c and sync.c reach in the rest of the
 * kernel beyond what test_registry links for real (object.c, handle.c,
 * sync.c, regstore_mem.c, ...).
 *
 * No thread waits in the kernel in these tests: the test sees an event's
 * state with NtQueryEvent, so the wait lists stay empty and a signal has
 * nobody to wake.  The hive calls (files) are not under test here and
 * fail.
 */
#include "kernel.h"

/* The sync lock is wait.c's: a real kernel lock here too. */
static struct klock sync_lock;

void sync_lock_acquire(void)
{
    klock_acquire(&sync_lock);
}

void sync_lock_release(void)
{
    klock_release(&sync_lock);
}

void sync_signal_locked(struct kobject *obj)
{
    if (obj->waiters)
        kernel_panic("test_registry: a thread waits in the kernel; the shim cannot wake it\n");
}

/* The clocks of wait.c and boot.c, straight from the host. */
static int64_t host_ns(int clock)
{
    int64_t ns = 0;
    host_time_get(clock, &ns);
    return ns;
}

int64_t sync_mono_ns(void) { return host_ns(HOST_CLOCK_MONOTONIC); }
int64_t time_monotonic_100ns(void) { return host_ns(HOST_CLOCK_MONOTONIC) / 100; }
int64_t time_now_nt(void) { return host_ns(HOST_CLOCK_WALL) / 100 + TICKS_1601_TO_1970; }

NTSTATUS apc_queue_locked(struct kthread *t, void *func, ULONG_PTR a1, ULONG_PTR a2,
                          ULONG_PTR a3)
{
    (void)t, (void)func, (void)a1, (void)a2, (void)a3;
    return STATUS_NOT_IMPLEMENTED;
}

/* The synchronous form of NtNotifyChangeKey waits here: not under test. */
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE h, BOOLEAN alertable, const LARGE_INTEGER *timeout)
{
    (void)h, (void)alertable, (void)timeout;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI NtCreateFile(HANDLE *handle, ACCESS_MASK access, OBJECT_ATTRIBUTES *attr,
                            IO_STATUS_BLOCK *io, LARGE_INTEGER *alloc_size, ULONG attributes,
                            ULONG sharing, ULONG disposition, ULONG options, void *ea_buffer,
                            ULONG ea_length)
{
    (void)handle, (void)access, (void)attr, (void)io, (void)alloc_size, (void)attributes;
    (void)sharing, (void)disposition, (void)options, (void)ea_buffer, (void)ea_length;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI NtOpenFile(HANDLE *handle, ACCESS_MASK access, OBJECT_ATTRIBUTES *attr,
                          IO_STATUS_BLOCK *io, ULONG sharing, ULONG options)
{
    (void)handle, (void)access, (void)attr, (void)io, (void)sharing, (void)options;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI NtReadFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                          IO_STATUS_BLOCK *io, void *buffer, ULONG length, LARGE_INTEGER *offset,
                          ULONG *key)
{
    (void)handle, (void)event, (void)apc, (void)apc_ctx, (void)io, (void)buffer, (void)length;
    (void)offset, (void)key;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI NtWriteFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                           IO_STATUS_BLOCK *io, const void *buffer, ULONG length,
                           LARGE_INTEGER *offset, ULONG *key)
{
    (void)handle, (void)event, (void)apc, (void)apc_ctx, (void)io, (void)buffer, (void)length;
    (void)offset, (void)key;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI NtQueryInformationFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buf, ULONG len,
                                      FILE_INFORMATION_CLASS cls)
{
    (void)handle, (void)io, (void)buf, (void)len, (void)cls;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS NTAPI NtSetInformationFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buf, ULONG len,
                                    FILE_INFORMATION_CLASS cls)
{
    (void)handle, (void)io, (void)buf, (void)len, (void)cls;
    return STATUS_NOT_IMPLEMENTED;
}

/* sync.c's timer thread parks here for snapshots; these tests take none. */
void snapshot_service_point(void)
{
}

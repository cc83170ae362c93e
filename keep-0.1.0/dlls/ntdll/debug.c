/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * debug.c - kernel messages and the host status mapping.
 */
#include "kernel.h"

struct kernel_globals kernel;

static void log_va(const char *fmt, va_list ap)
{
    char buf[1024];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n < 0)
        return;
    host_debug_write(buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1);
}

void kernel_log(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_va(fmt, ap);
    va_end(ap);
}

void kernel_panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    log_va(fmt, ap);
    va_end(ap);
    host_process_exit(255);
}

NTSTATUS status_from_host(int st)
{
    switch (st) {
    case HOST_OK: return STATUS_SUCCESS;
    case HOST_EINVAL: return STATUS_INVALID_PARAMETER;
    case HOST_ENOMEM: return STATUS_NO_MEMORY;
    case HOST_ENOENT: return STATUS_OBJECT_NAME_NOT_FOUND;
    case HOST_EACCES: return STATUS_ACCESS_DENIED;
    case HOST_EEXIST: return STATUS_OBJECT_NAME_COLLISION;
    case HOST_ENOTDIR: return STATUS_OBJECT_PATH_NOT_FOUND;
    case HOST_EISDIR: return STATUS_FILE_IS_A_DIRECTORY;
    case HOST_ENOTEMPTY: return STATUS_DIRECTORY_NOT_EMPTY;
    case HOST_EIO: return STATUS_IO_DEVICE_ERROR;
    case HOST_ENOSPC: return STATUS_DISK_FULL;
    case HOST_EBADF: return STATUS_INVALID_HANDLE;
    case HOST_EPIPE: return STATUS_PIPE_BROKEN;
    case HOST_ETIMEDOUT: return STATUS_TIMEOUT;
    case HOST_EAGAIN: return STATUS_RETRY;
    case HOST_EINTR: return STATUS_USER_APC;
    case HOST_ENOSYS: return STATUS_NOT_SUPPORTED;
    case HOST_ENAMETOOLONG: return STATUS_NAME_TOO_LONG;
    case HOST_EXDEV: return STATUS_NOT_SAME_DEVICE;
    case HOST_EBUSY: return STATUS_SHARING_VIOLATION;
    case HOST_ELOOP: return STATUS_REPARSE_POINT_NOT_RESOLVED;
    case HOST_EROFS: return STATUS_ACCESS_DENIED;
    case HOST_ESRCH: return STATUS_INVALID_CID;
    default: return STATUS_UNSUCCESSFUL;
    }
}

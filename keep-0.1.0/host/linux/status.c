/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * status.c - names of the host status codes, and errno -> HOST_E*.
 */
#define _GNU_SOURCE 1
#include <errno.h>

#include "host/linux/host_linux.h"

static const char *const status_names[] = {
    [0] = "success",
    [-HOST_EINVAL] = "invalid argument",
    [-HOST_ENOMEM] = "out of memory",
    [-HOST_ENOENT] = "no such file or directory",
    [-HOST_EACCES] = "access denied",
    [-HOST_EEXIST] = "already exists",
    [-HOST_ENOTDIR] = "not a directory",
    [-HOST_EISDIR] = "is a directory",
    [-HOST_ENOTEMPTY] = "directory not empty",
    [-HOST_EIO] = "input/output error",
    [-HOST_ENOSPC] = "no space left",
    [-HOST_EBADF] = "bad stream",
    [-HOST_EPIPE] = "broken pipe",
    [-HOST_ETIMEDOUT] = "timed out",
    [-HOST_EAGAIN] = "try again",
    [-HOST_EINTR] = "interrupted",
    [-HOST_ENOSYS] = "not implemented",
    [-HOST_ENAMETOOLONG] = "name too long",
    [-HOST_EXDEV] = "cross-device rename",
    [-HOST_EBUSY] = "busy",
    [-HOST_ELOOP] = "too many symbolic links",
    [-HOST_EROFS] = "read-only",
    [-HOST_ESRCH] = "no such thread",
};

const char *host_status_name(int status)
{
    if (status > 0 || -(long)status >= (long)(sizeof(status_names) / sizeof(status_names[0])))
        return "unknown status";
    return status_names[-status];
}

int host_from_errno(int err)
{
    switch (err) {
    case EINVAL: case ESPIPE: case EOVERFLOW: case ERANGE: case EFAULT:
        return HOST_EINVAL;
    case ENOMEM: case EMFILE: case ENFILE:
        return HOST_ENOMEM;
    case ENOENT: case ENXIO: case ENODEV:
        return HOST_ENOENT;
    case EACCES: case EPERM:
        return HOST_EACCES;
    case EEXIST:
        return HOST_EEXIST;
    case ENOTDIR:
        return HOST_ENOTDIR;
    case EISDIR:
        return HOST_EISDIR;
    case ENOTEMPTY:
        return HOST_ENOTEMPTY;
    case ENOSPC: case EDQUOT: case EFBIG:
        return HOST_ENOSPC;
    case EBADF:
        return HOST_EBADF;
    case EPIPE:
        return HOST_EPIPE;
    case ETIMEDOUT:
        return HOST_ETIMEDOUT;
    case EAGAIN:
        return HOST_EAGAIN;
    case EINTR:
        return HOST_EINTR;
    case ENOSYS: case EOPNOTSUPP: case EAFNOSUPPORT:
        return HOST_ENOSYS;
    case ENAMETOOLONG:
        return HOST_ENAMETOOLONG;
    case EXDEV:
        return HOST_EXDEV;
    case EBUSY: case ETXTBSY:
        return HOST_EBUSY;
    case ELOOP:
        return HOST_ELOOP;
    case EROFS:
        return HOST_EROFS;
    case ESRCH:
        return HOST_ESRCH;
    default:
        return HOST_EIO;
    }
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * console.c - the stdio streams, CON/CONIN$/CONOUT$ and \Device\Null.
 *
 * keep runs console programs on the host's own terminal or pipes, with no
 * Windows console (no conhost, no \Device\ConDrv).  A stdio handle is a
 * plain File on the inherited stream:
 *   - GetFileType says FILE_TYPE_CHAR for a terminal (FILE_DEVICE_UNKNOWN,
 *     as Wine reports a Unix tty), FILE_TYPE_PIPE for a pipe or socket and
 *     FILE_TYPE_DISK for a redirected file;
 *   - console IOCTLs fail, so kernel32's VerifyConsoleIoHandle and
 *     GetConsoleMode say "not a console".  That is deliberate: msvcrt's
 *     and ucrt's printf then write the program's bytes with WriteFile
 *     instead of converting them for WriteConsoleW, so a UTF-8 terminal
 *     shows UTF-8 output unchanged, and programs that test GetConsoleMode
 *     (Rust, Python, Go) take their file path too.
 * Reads and writes on these streams never name an offset: the host keeps
 * the descriptor's own position (a shell's ">>" keeps appending).
 */
#include "file.h"

static ULONG device_type_of_host(unsigned type)
{
    switch (type) {
    case HOST_TYPE_FILE:
    case HOST_TYPE_DIR:
        return FILE_DEVICE_DISK;
    case HOST_TYPE_PIPE:
    case HOST_TYPE_SOCKET:
        return FILE_DEVICE_NAMED_PIPE;
    default:
        return FILE_DEVICE_UNKNOWN;     /* a terminal or another character device */
    }
}

ULONG console_device_type(struct kfile *f)
{
    if (f->kind == KFILE_NULL)
        return FILE_DEVICE_NULL;
    if (f->kind == KFILE_PIPE)
        return FILE_DEVICE_NAMED_PIPE;
    return device_type_of_host(f->host_type);
}

/* A File for a stdio (or pipe) stream; on success it owns the stream. */
static NTSTATUS stream_file(host_stream_t stream, const char *uri, ACCESS_MASK access,
                            ULONG options, struct kfile **out)
{
    struct host_attr attr;
    struct kfile *f = file_alloc(KFILE_STDIO, stream, uri, access, options);

    if (!f)
        return STATUS_NO_MEMORY;
    f->host_type = host_stream_attr(stream, &attr) < 0 ? HOST_TYPE_CHAR : attr.type;
    f->share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    /* the stdio streams are synchronous whatever the caller said */
    f->flags |= KFILE_F_SYNC;
    *out = f;
    return STATUS_SUCCESS;
}

NTSTATUS file_create_from_stream(host_stream_t stream, const char *uri, ACCESS_MASK access,
                                 ULONG options, HANDLE *out)
{
    struct kfile *f;
    NTSTATUS st;

    access = access_map(&file_type, access);
    if ((st = stream_file(stream, uri, access, options, &f)))
        return st;
    st = handle_alloc(&f->obj, access, 0, out);
    if (st)
        f->stream = -1;         /* failed: the caller still owns the stream */
    kobject_unref(f);
    return st;
}

/* CONIN$ is standard input, CONOUT$ standard output; CON is whichever the
 * access asks for.  \Device\Null reads nothing and swallows writes. */
NTSTATUS console_open(enum path_target target, ACCESS_MASK access, ULONG options,
                      struct kfile **out)
{
    const ACCESS_MASK writes = FILE_WRITE_DATA | FILE_APPEND_DATA;
    const char *uri;
    unsigned flags;
    host_stream_t s;
    NTSTATUS st;
    int r;

    if (target == PATH_TARGET_NULL) {
        if (!(*out = file_alloc(KFILE_NULL, -1, NULL, access, options)))
            return STATUS_NO_MEMORY;
        (*out)->share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
        return STATUS_SUCCESS;
    }
    if (target == PATH_TARGET_CONOUT || (target == PATH_TARGET_CON && (access & writes))) {
        uri = "stdio:1";
        flags = HOST_OPEN_WRITE;
    } else {
        uri = "stdio:0";
        flags = HOST_OPEN_READ;
    }
    if ((r = host_stream_open(uri, flags, &s)) < 0)
        return r == HOST_ENOENT ? STATUS_OBJECT_NAME_NOT_FOUND : status_from_host(r);
    if ((st = stream_file(s, uri, access, options, out)))
        host_stream_close(s);
    return st;
}

NTSTATUS console_ioctl(struct kfile *f, ULONG code, void *in, ULONG in_size, void *out,
                       ULONG out_size, ULONG_PTR *info)
{
    (void)f; (void)code; (void)in; (void)in_size; (void)out; (void)out_size;
    *info = 0;
    /* not a console (see the top of this file); kernelbase reports
       ERROR_INVALID_HANDLE for console calls on these handles */
    return STATUS_INVALID_DEVICE_REQUEST;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * console.c - the stdio streams, CON/CONIN$/CONOUT$, \Device\Null and
 * one-way pipes.
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
 *
 * Pipes: kernelbase's CreatePipe makes a named pipe server with a fresh
 * name, then opens its client end by that name (and retries forever while
 * the creation fails).  A host anonymous pipe serves that pattern: the
 * server takes one end, the name keeps the other until one client opens
 * it.  Only one-way pipes with one instance exist; a duplex pipe, a second
 * instance or a second client is refused.
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

/* ------------------------------------------------------------------------ */
/* One-way pipes                                                            */
/* ------------------------------------------------------------------------ */

struct pipe_entry {
    struct pipe_entry *next;
    WCHAR *name;                /* after \Device\NamedPipe\, compared without case */
    size_t len;
    host_stream_t client;       /* the end the first client gets */
    struct kfile *server;       /* not referenced: its destroy unlinks us */
};

static struct klock pipe_lock = KLOCK_INIT;
static struct pipe_entry *pipes;

/* Skip the separators before a pipe's name. */
static void pipe_name(const WCHAR **name, size_t *len)
{
    while (*len && (**name == '\\')) {
        (*name)++;
        (*len)--;
    }
}

/* pipe_lock held */
static struct pipe_entry **pipe_find(const WCHAR *name, size_t len)
{
    for (struct pipe_entry **p = &pipes; *p; p = &(*p)->next)
        if ((*p)->len == len && !kwcsnicmp((*p)->name, name, len))
            return p;
    return NULL;
}

/* pipe_lock held: unlink and free e, closing the end nobody took. */
static void pipe_unlink(struct pipe_entry **link)
{
    struct pipe_entry *e = *link;
    *link = e->next;
    if (e->client >= 0)
        host_stream_close(e->client);
    e->server->pipe = NULL;
    kfree(e->name);
    kfree(e);
}

void pipe_forget(struct kfile *server)
{
    klock_acquire(&pipe_lock);
    for (struct pipe_entry **p = &pipes; *p; p = &(*p)->next) {
        if ((*p)->server == server) {
            pipe_unlink(p);
            break;
        }
    }
    klock_release(&pipe_lock);
}

static struct kfile *pipe_file(host_stream_t s, ACCESS_MASK access, ULONG options)
{
    struct kfile *f = file_alloc(KFILE_PIPE, s, "pipe:", access, options);
    if (f) {
        f->host_type = HOST_TYPE_PIPE;
        f->share = FILE_SHARE_READ | FILE_SHARE_WRITE;
    }
    return f;
}

/* A server and its name, for a pipe the server reads (inbound) or writes. */
static NTSTATUS pipe_create(const WCHAR *name, size_t len, ACCESS_MASK access, ULONG options,
                            ULONG disposition, struct kfile **out)
{
    int inbound = (access & FILE_READ_DATA) != 0;
    struct pipe_entry *e;
    host_stream_t ends[2];
    NTSTATUS st = STATUS_SUCCESS;
    int r;

    if (!(e = kzalloc(sizeof(*e))) || !(e->name = kwcsdup(name, len))) {
        kfree(e);
        return STATUS_NO_MEMORY;
    }
    e->len = len;
    if ((r = host_pipe_create(ends)) < 0) {
        kfree(e->name);
        kfree(e);
        return status_from_host(r);
    }
    e->client = inbound ? ends[1] : ends[0];
    if (!(e->server = pipe_file(inbound ? ends[0] : ends[1], access, options))) {
        host_stream_close(ends[0]);
        host_stream_close(ends[1]);
        kfree(e->name);
        kfree(e);
        return STATUS_NO_MEMORY;
    }
    klock_acquire(&pipe_lock);
    if (pipe_find(name, len)) {
        st = disposition == FILE_CREATE ? STATUS_OBJECT_NAME_COLLISION
                                        : STATUS_INSTANCE_NOT_AVAILABLE;
    } else {
        e->server->pipe = e;
        e->next = pipes;
        pipes = e;
    }
    klock_release(&pipe_lock);
    if (st) {
        host_stream_close(e->client);
        kobject_unref(e->server);
        kfree(e->name);
        kfree(e);
        return st;
    }
    *out = e->server;
    return STATUS_SUCCESS;
}

NTSTATUS pipe_open_client(const WCHAR *rest, size_t len, ACCESS_MASK access, ULONG options,
                          struct kfile **out)
{
    struct pipe_entry **link;
    host_stream_t s = -1;
    NTSTATUS st = STATUS_SUCCESS;

    pipe_name(&rest, &len);
    klock_acquire(&pipe_lock);
    if (!(link = pipe_find(rest, len)))
        st = STATUS_OBJECT_NAME_NOT_FOUND;
    else if ((*link)->client < 0)
        st = STATUS_PIPE_NOT_AVAILABLE;
    else {
        s = (*link)->client;
        (*link)->client = -1;
        pipe_unlink(link);      /* one client: the name has done its job */
    }
    klock_release(&pipe_lock);
    if (st)
        return st;
    if (!(*out = pipe_file(s, access, options))) {
        host_stream_close(s);
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateNamedPipeFile(HANDLE *handle, ULONG access,
                                                   OBJECT_ATTRIBUTES *attr, IO_STATUS_BLOCK *io,
                                                   ULONG sharing, ULONG disposition, ULONG options,
                                                   ULONG pipe_type, ULONG read_mode,
                                                   ULONG completion_mode, ULONG max_instances,
                                                   ULONG inbound_quota, ULONG outbound_quota,
                                                   LARGE_INTEGER *timeout)
{
    struct path_prefix pfx;
    struct kfile *f = NULL;
    ACCESS_MASK mapped = access_map(&file_type, access);
    NTSTATUS st;

    (void)sharing; (void)pipe_type; (void)read_mode; (void)completion_mode;
    (void)max_instances; (void)inbound_quota; (void)outbound_quota; (void)timeout;
    if (!handle || !io)
        return STATUS_ACCESS_VIOLATION;
    *handle = NULL;
    if (!attr || !attr->ObjectName || attr->RootDirectory)
        return STATUS_INVALID_PARAMETER;
    if ((st = path_parse_prefix(attr->ObjectName->Buffer, attr->ObjectName->Length / sizeof(WCHAR),
                                &pfx)))
        return st;
    if (pfx.target != PATH_TARGET_PIPE)
        return STATUS_OBJECT_NAME_INVALID;
    pipe_name(&pfx.rest, &pfx.rest_len);
    if (!pfx.rest_len)
        return STATUS_OBJECT_NAME_INVALID;
    /* host pipes go one way: a duplex pipe cannot be made */
    if (!(mapped & (FILE_READ_DATA | FILE_WRITE_DATA)) ||
        ((mapped & FILE_READ_DATA) && (mapped & FILE_WRITE_DATA)))
        return STATUS_NOT_SUPPORTED;
    if ((st = pipe_create(pfx.rest, pfx.rest_len, mapped, options, disposition, &f)))
        return st;
    st = handle_alloc(&f->obj, mapped, attr->Attributes, handle);
    kobject_unref(f);
    if (!st)
        io->Information = FILE_CREATED;
    io->Status = st;
    return st;
}
SYSCALL(NtCreateNamedPipeFile);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapctl.c - a running keep's side of snapshots (snapshot.h): the control
 * socket, and the ctl: stream's monitor side, which turns what the kernel
 * writes into a snapshot file.
 *
 * One request at a time.  The socket thread takes a request (and the
 * descriptor to write to), hands it to the kernel's control thread through
 * host_control_ops.read and waits; the kernel's thread then writes records
 * through host_control_ops.write, on which this file writes the sections;
 * the END record completes the file and wakes the socket thread, which
 * answers the client.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "host.h"
#include "host_setup.h"
#include "kernel_load.h"
#include "keep_boot.h"
#include "snapmem.h"
#include "snapshot.h"
#include "snaptree.h"
#include "util.h"

#define ZSTD_LEVEL 3

struct snapctl {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    const struct child_spec *self;
    host_stream_t parent_stream;    /* a child's: its parent stream, else -1 */
    int listen_fd;
    /* the request: set by the socket thread, taken by the kernel's */
    int pending, done, answered;
    struct host_ctl_request req;
    int out_fd;
    struct snapctl_answer answer;
    /* the file being written (the kernel's thread only) */
    struct snap_writer *w;
    struct snapmem_maps *maps;      /* read at the first MEMORY record */
    int failed;
    uint32_t sec_type;
    int in_section;
    char *sec;
    size_t sec_len, sec_cap;
    char err[256];
};

static struct snapctl ctl = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
                              .parent_stream = -1, .listen_fd = -1 };

int snapctl_socket_path(char *out, size_t size, const char *instance_dir, long pid)
{
    return fmt(out, size, "%s/run/%ld.sock", instance_dir, pid);
}

/* ---- What this host and this kernel are ------------------------------------ */

int snap_identity_here(const char *wine_dlls, struct snap_identity *out)
{
    char path[PATH_MAX];
    char buf[65536];
    uint32_t crc = 0;
    uint64_t size = 0;
    ssize_t n;
    int fd;

    memset(out, 0, sizeof(*out));
    snprintf(out->keep_version, sizeof(out->keep_version), "%s", PACKAGE_VERSION);
    snap_cpu_here(&out->cpu);
    if (fmt(path, sizeof(path), "%s/ntdll.dll", wine_dlls) < 0 ||
        (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        crc = snap_crc32c(crc, buf, (size_t)n);
        size += (uint64_t)n;
    }
    close(fd);
    memcpy(out->wine_dlls, &crc, sizeof(crc));
    memcpy(out->wine_dlls + 8, &size, sizeof(size));
    return n < 0 ? -1 : 0;
}

int kernel_image_here(struct kernel_image *out)
{
    uintptr_t text, data;
    size_t text_size, data_size;

    memset(out, 0, sizeof(*out));
    if (kernel_segments(&text, &text_size, &data, &data_size))
        return -1;
    out->text_crc = snap_crc32c(0, (const void *)text, text_size);
    out->text_size = text_size;
    out->data_start = data;
    out->data_end = data + data_size;
    return 0;
}

/* ---- Writing the file (on the kernel's thread) ----------------------------- */

static int writer_failed(const char *msg)
{
    if (!ctl.failed)
        snprintf(ctl.err, sizeof(ctl.err), "%s", msg);
    ctl.failed = 1;
    return HOST_EIO;
}

static int put_section(uint32_t type, const void *data, size_t size)
{
    char err[256];

    if (snap_writer_begin(ctl.w, type, size, err, sizeof(err)) ||
        snap_writer_data(ctl.w, data, size, err, sizeof(err)))
        return writer_failed(err);
    return HOST_OK;
}

static int stream_entry(void *arg, const struct host_stream_desc *d)
{
    snap_stream_put(arg, d, d->id == ctl.parent_stream ? SNAP_STREAM_PARENT : d->kind);
    return 0;
}

/* The sections the monitor starts with: how the program was started and
 * the kernel binary. */
static int write_monitor_sections(void)
{
    struct kernel_image img;
    size_t spec_size = 0;
    int r;

    void *spec = child_spec_encode(ctl.self, &spec_size);
    if (!spec || kernel_image_here(&img)) {
        free(spec);
        return writer_failed("out of memory, or the kernel is not loaded");
    }
    if (!(r = put_section(KEEP_SNAP_BOOT, spec, spec_size)))
        r = put_section(KEEP_SNAP_KERNEL_ID, &img, sizeof(img));
    free(spec);
    return r;
}

/* The open streams, at the end: the kernel has closed the registry's
 * database by then, and holds no stream it will not use again.  Before
 * them what waits in the pipes this process reads. */
static int write_streams(void)
{
    size_t size = 0;
    char *streams = NULL;
    FILE *f;
    int r;

    if (snaptree_pipe_data(&streams, &size))
        return writer_failed("out of memory");
    r = size ? put_section(KEEP_SNAP_PIPE_DATA, streams, size) : HOST_OK;
    free(streams);
    streams = NULL;
    if (r || !(f = open_memstream(&streams, &size)))
        return r ? r : writer_failed("out of memory");
    host_streams_list(stream_entry, f);
    r = fclose(f) ? writer_failed("out of memory") : put_section(KEEP_SNAP_STREAMS, streams, size);
    free(streams);
    return r;
}

static int open_writer(void)
{
    static struct snap_identity id;     /* this process's, found once */
    static int have_id;
    char err[256];

    if (!have_id && snap_identity_here(ctl.self->wine_dlls, &id))
        return writer_failed("cannot read Wine's ntdll.dll");
    have_id = 1;
    if (snap_writer_open(ctl.out_fd, &id, ZSTD_LEVEL, &ctl.w, err, sizeof(err)))
        return writer_failed(err);
    return write_monitor_sections();
}

/* The kernel's section ends where its next record begins. */
static int end_section(void)
{
    int r = HOST_OK;

    if (!ctl.in_section)
        return HOST_OK;
    ctl.in_section = 0;
    if (ctl.sec_type != HOST_CTL_ERROR && !ctl.failed)
        r = put_section(ctl.sec_type, ctl.sec, ctl.sec_len);
    return r;
}

static int add_payload(const void *data, size_t size)
{
    if (!ctl.in_section)
        return HOST_EINVAL;
    if (ctl.sec_len + size > ctl.sec_cap) {
        size_t cap = ctl.sec_cap ? ctl.sec_cap : 65536;
        while (cap < ctl.sec_len + size)
            cap *= 2;
        char *more = realloc(ctl.sec, cap);
        if (!more)
            return writer_failed("out of memory");
        ctl.sec = more;
        ctl.sec_cap = cap;
    }
    memcpy(ctl.sec + ctl.sec_len, data, size);
    ctl.sec_len += size;
    return HOST_OK;
}

/* The END record: finish the file, answer the client. */
static int finish(uint64_t status)
{
    char err[256];
    int r = end_section();

    if (status && !ctl.failed) {
        /* the kernel's reason is the ERROR section's text */
        size_t n = ctl.sec_type == HOST_CTL_ERROR ? ctl.sec_len : 0;
        snprintf(ctl.err, sizeof(ctl.err), "%.*s", (int)n, n ? ctl.sec : "the kernel refused");
        ctl.failed = 1;
    }
    if (!ctl.failed && !write_streams() && snap_writer_close(ctl.w, err, sizeof(err)))
        writer_failed(err);
    else if (ctl.failed && ctl.w)
        snap_writer_abort(ctl.w);
    ctl.w = NULL;
    /* the tree's first process decides for its held children now; a held
       child passes on its parent's word when it comes (serve) */
    if (ctl.failed || !(ctl.req.flags & HOST_CTL_HOLD))
        snaptree_release(ctl.failed || (ctl.req.flags & HOST_CTL_LEAVE_RUNNING));
    snapmem_maps_free(ctl.maps);
    ctl.maps = NULL;
    pthread_mutex_lock(&ctl.lock);
    ctl.answer.status = ctl.failed ? 1 : 0;
    snprintf(ctl.answer.message, sizeof(ctl.answer.message), "%s", ctl.failed ? ctl.err : "");
    ctl.done = 1;
    pthread_cond_broadcast(&ctl.cond);
    /* the program may end as soon as this returns: the client hears first */
    while (!ctl.answered)
        pthread_cond_wait(&ctl.cond, &ctl.lock);
    pthread_mutex_unlock(&ctl.lock);
    r = ctl.failed ? HOST_EIO : r;
    ctl.failed = 0;
    ctl.sec_len = 0;
    ctl.sec_type = 0;
    return r;
}

/* This process's mappings, read at the first MEMORY record.  Only Wine's
 * files are named (its PE DLLs, its data, its unix libraries such as
 * win32u.so): the resuming host has the same (the header's identity says
 * so; each file's size and time are checked too); the program's own files
 * may be gone there. */
static int read_maps(char *err, size_t errlen)
{
    const char *dirs[4] = { NULL };
    size_t n = 0;

    if (ctl.self->wine_dlls && *ctl.self->wine_dlls)
        dirs[n++] = ctl.self->wine_dlls;
    if (ctl.self->wine_data && *ctl.self->wine_data)
        dirs[n++] = ctl.self->wine_data;
    if (ctl.self->wine_unix && *ctl.self->wine_unix)
        dirs[n++] = ctl.self->wine_unix;
    if (snapmem_maps_read(&ctl.maps, err, errlen))
        return -1;
    return snapmem_maps_name_only(ctl.maps, dirs, err, errlen);
}

static int record(const struct host_ctl_record *rec)
{
    char err[256];
    int r;

    if (rec->kind == HOST_CTL_END)
        return finish(rec->size);
    if ((r = end_section()))
        return r;
    if (ctl.failed)
        return HOST_EIO;
    switch (rec->kind) {
    case HOST_CTL_SECTION:
        ctl.in_section = 1;
        ctl.sec_type = rec->type;
        ctl.sec_len = 0;
        return HOST_OK;
    case HOST_CTL_CHILD:
        if (snaptree_save_child(ctl.w, ctl.self->instance_dir, (host_stream_t)rec->addr, err,
                                sizeof(err)))
            return writer_failed(err);
        return HOST_OK;
    case HOST_CTL_MEMORY:
        if ((!ctl.maps && read_maps(err, sizeof(err))) ||
            snapmem_save(ctl.w, KEEP_SNAP_MEMORY, ctl.maps, rec->addr, rec->size, err, sizeof(err)))
            return writer_failed(err);
        return HOST_OK;
    default:
        return HOST_EINVAL;
    }
}

static int ops_write(void *arg, const void *buf, size_t size, int64_t offset)
{
    (void)arg;
    if (!ctl.w && !ctl.failed)
        open_writer();      /* a failure is kept in ctl.failed */
    if (offset != HOST_POS_NONE)
        return ctl.failed ? HOST_EIO : add_payload(buf, size);
    return record(buf);
}

static int ops_read(void *arg, void *buf, size_t size, size_t *done)
{
    (void)arg;
    (void)size;
    pthread_mutex_lock(&ctl.lock);
    while (!ctl.pending)
        pthread_cond_wait(&ctl.cond, &ctl.lock);
    ctl.pending = 0;
    memcpy(buf, &ctl.req, sizeof(ctl.req));
    pthread_mutex_unlock(&ctl.lock);
    *done = sizeof(ctl.req);
    return HOST_OK;
}

static const struct host_control_ops ops = { ops_read, ops_write };

/* ---- The socket ---------------------------------------------------------------- */

/* One request from the client: its flags and the descriptor to write to. */
static int receive(int conn, struct snapctl_request *req, int *fd)
{
    char cbuf[CMSG_SPACE(sizeof(int))];
    struct iovec iov = { req, sizeof(*req) };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                          .msg_controllen = sizeof(cbuf) };
    struct cmsghdr *c;

    *fd = -1;
    if (recvmsg(conn, &msg, MSG_CMSG_CLOEXEC) != (ssize_t)sizeof(*req))
        return -1;
    for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
            memcpy(fd, CMSG_DATA(c), sizeof(int));
    return req->magic == SNAPCTL_MAGIC && *fd >= 0 ? 0 : -1;
}

static void serve(int conn)
{
    struct snapctl_request req;
    struct snapctl_answer answer = { 1, "malformed request" };
    int fd;

    if (!receive(conn, &req, &fd)) {
        pthread_mutex_lock(&ctl.lock);
        ctl.req = (struct host_ctl_request){ HOST_CTL_SNAPSHOT,
                                             req.flags & (HOST_CTL_LEAVE_RUNNING | HOST_CTL_HOLD) };
        ctl.out_fd = fd;
        ctl.done = ctl.answered = 0;
        ctl.pending = 1;
        pthread_cond_broadcast(&ctl.cond);
        while (!ctl.done)
            pthread_cond_wait(&ctl.cond, &ctl.lock);
        answer = ctl.answer;
        pthread_mutex_unlock(&ctl.lock);
    }
    if (fd >= 0)
        close(fd);
    if (write(conn, &answer, sizeof(answer)) < 0)
        report("snapshot: the client went away");
    pthread_mutex_lock(&ctl.lock);
    ctl.answered = 1;
    pthread_cond_broadcast(&ctl.cond);
    pthread_mutex_unlock(&ctl.lock);
    if (answer.status || !(ctl.req.flags & HOST_CTL_HOLD))
        return;
    /* held: the parent's word, for our own held children and the kernel */
    int run = snaptree_verdict(conn);
    snaptree_release(run);
    pthread_mutex_lock(&ctl.lock);
    ctl.req = (struct host_ctl_request){ HOST_CTL_RELEASE, run ? HOST_CTL_LEAVE_RUNNING : 0 };
    ctl.pending = 1;
    pthread_cond_broadcast(&ctl.cond);
    pthread_mutex_unlock(&ctl.lock);
}

static void *socket_main(void *arg)
{
    (void)arg;
    for (;;) {
        int conn = accept4(ctl.listen_fd, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            return NULL;
        }
        serve(conn);
        close(conn);
    }
}

static int listen_on(const char *path)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path))
        return -1;
    strcpy(sa.sun_path, path);
    unlink(path);       /* a stale one of an earlier process with this pid */
    if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        return -1;
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 4) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Sockets of keep processes that ended (they cannot remove their own:
 * the program's end is the host's exit). */
static void remove_stale(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;

    while (d && (e = readdir(d))) {
        char *end, path[PATH_MAX];
        long pid = strtol(e->d_name, &end, 10);
        if (pid > 0 && (!strcmp(end, ".sock") || !strcmp(end, ".csock")) &&
            kill((pid_t)pid, 0) < 0 && errno == ESRCH &&
            fmt(path, sizeof(path), "%s/%s", dir, e->d_name) == 0)
            unlink(path);
    }
    if (d)
        closedir(d);
}

int snapctl_start(const struct child_spec *self, int64_t parent_stream)
{
    char dir[PATH_MAX], path[PATH_MAX];
    sigset_t all, old;
    pthread_t t;

    ctl.self = self;
    ctl.parent_stream = parent_stream;
    /* a child's socket is for its parent's snapshot only: keep snapshot
       names the tree's first process */
    if (fmt(dir, sizeof(dir), "%s/run", self->instance_dir) < 0 || mkdir_p(dir, 0700) < 0 ||
        (parent_stream >= 0
             ? snapctl_child_socket_path(path, sizeof(path), self->instance_dir, (long)getpid())
             : snapctl_socket_path(path, sizeof(path), self->instance_dir, (long)getpid())) < 0 ||
        (ctl.listen_fd = listen_on(path)) < 0) {
        report("warning: no snapshot socket in %s: %s", dir, strerror(errno));
        return -1;
    }
    remove_stale(dir);
    /* the socket thread takes no signal: the host's are for its threads */
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int r = pthread_create(&t, NULL, socket_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (r) {
        close(ctl.listen_fd);
        unlink(path);
        return -1;
    }
    pthread_detach(t);
    host_set_control(&ops, NULL);
    return 0;
}

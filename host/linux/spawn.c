/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spawn.c - child picoprocesses: host_process_spawn and the process stream.
 *
 * The parent's side of a child is a stream over one end of a socket pair
 * plus a pidfd.  The child's kernel reads its commands (resume) from the
 * other end and writes its 32-bit exit status there before it ends; the
 * pidfd reaps it and tells how it ended when it could not say so itself.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#ifndef P_PIDFD
#define P_PIDFD 3
#endif

struct host_child {
    pthread_mutex_t lock;       /* one reader at a time waits for the end */
    int pid;
    int pidfd;
    int ended;                  /* status is final */
    int32_t status;
    volatile int terminated;    /* TERMINATE sent: its code wins */
    int32_t terminate_code;
};

static pthread_mutex_t spawner_lock = PTHREAD_MUTEX_INITIALIZER;
static host_spawner_t spawner;
static void *spawner_ctx;

void host_set_spawner(host_spawner_t fn, void *ctx)
{
    pthread_mutex_lock(&spawner_lock);
    spawner = fn;
    spawner_ctx = ctx;
    pthread_mutex_unlock(&spawner_lock);
}

/* ---- The parent's side ---------------------------------------------------- */

void host_child_free(struct host_child *child)
{
    /* A child still running is left to run; reap it if it has ended so
       that no zombie stays behind while the parent lives on. */
    if (!child->ended)
        waitid((idtype_t)P_PIDFD, (id_t)child->pidfd, NULL, WEXITED | WNOHANG);
    if (child->pidfd >= 0)
        close(child->pidfd);
    pthread_mutex_destroy(&child->lock);
    free(child);
}

struct host_child *host_child_restore(int pid, int ended, int32_t status)
{
    struct host_child *child = calloc(1, sizeof(*child));

    if (!child)
        return NULL;
    child->pidfd = ended ? -1 : (int)syscall(SYS_pidfd_open, pid, 0);
    if (!ended && child->pidfd < 0) {
        free(child);
        return NULL;
    }
    pthread_mutex_init(&child->lock, NULL);
    child->pid = pid;
    child->ended = ended;
    child->status = status;
    return child;
}

int host_child_pid(const struct host_child *child)
{
    return child->pid;
}

/* How the child ended, from the host's side: exit status or signal. */
static int32_t reap(struct host_child *child)
{
    siginfo_t si;

    memset(&si, 0, sizeof(si));
    while (waitid((idtype_t)P_PIDFD, (id_t)child->pidfd, &si, WEXITED) < 0 && errno == EINTR)
        ;
    if (si.si_code == CLD_EXITED)
        return si.si_status;
    return 128 + si.si_status;   /* killed: as a shell reports it */
}

/* Wait for the child's report (4 bytes) or the end of its side. */
static int wait_report(struct host_stream *st, int32_t *status)
{
    char buf[4];
    size_t got = 0;

    while (got < sizeof(buf)) {
        ssize_t n = read(st->fd, buf + got, sizeof(buf) - got);
        if (n < 0 && errno == EINTR)
            return HOST_EINTR;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    if (got == sizeof(buf))
        memcpy(status, buf, sizeof(buf));
    return got == sizeof(buf) ? 1 : 0;
}

int host_child_read(struct host_stream *st, char *buf, size_t size, size_t *done)
{
    struct host_child *child = st->child;
    int32_t reported = 0;
    int r = HOST_OK;

    if (size < sizeof(int32_t))
        return HOST_EINVAL;
    pthread_mutex_lock(&child->lock);
    if (!child->ended) {
        r = wait_report(st, &reported);
        if (r >= 0) {
            int32_t status = reap(child);
            child->status = child->terminated ? child->terminate_code : r ? reported : status;
            child->ended = 1;
            r = HOST_OK;
        }
    }
    if (r == HOST_OK) {
        memcpy(buf, &child->status, sizeof(child->status));
        *done = sizeof(child->status);
    }
    pthread_mutex_unlock(&child->lock);
    return r;
}

static int send_resume(struct host_stream *st, const struct host_process_command *cmd)
{
    ssize_t n;

    do
        n = send(st->fd, cmd, sizeof(*cmd), MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    /* A child that is gone has nothing to resume: not an error. */
    if (n < 0 && errno != EPIPE && errno != ECONNRESET)
        return host_from_errno(errno);
    return HOST_OK;
}

static int send_terminate(struct host_child *child, int32_t code)
{
    child->terminate_code = code;
    __atomic_store_n(&child->terminated, 1, __ATOMIC_RELEASE);
    if (syscall(SYS_pidfd_send_signal, child->pidfd, SIGKILL, NULL, 0) < 0 && errno != ESRCH)
        return host_from_errno(errno);
    return HOST_OK;
}

int host_child_write(struct host_stream *st, const char *buf, size_t size, size_t *done)
{
    struct host_process_command cmd;
    int r;

    if (size != sizeof(cmd))
        return HOST_EINVAL;
    memcpy(&cmd, buf, sizeof(cmd));
    if (cmd.op == HOST_PROCESS_RESUME)
        r = send_resume(st, &cmd);
    else if (cmd.op == HOST_PROCESS_TERMINATE)
        r = send_terminate(st->child, cmd.code);
    else
        r = HOST_EINVAL;
    if (r == HOST_OK)
        *done = size;
    return r;
}

/* ---- host_process_spawn ----------------------------------------------------- */

/* The descriptors behind the streams, referenced until put_streams. */
static int get_streams(const struct host_spawn *spec, struct host_stream **held, int *fds,
                       unsigned *flags)
{
    for (size_t i = 0; i < spec->stream_count; i++) {
        int r = host_stream_get(spec->streams[i], &held[i]);
        if (r < 0) {
            while (i--)
                host_stream_put(held[i]);
            return r;
        }
        fds[i] = held[i]->fd;
        flags[i] = (held[i]->flags & (HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_APPEND)) |
                   (held[i]->kind == HOST_STREAM_FILE ? HOST_ADOPT_POSITIONED : 0);
    }
    return HOST_OK;
}

static void put_streams(struct host_stream **held, size_t count)
{
    for (size_t i = 0; i < count; i++)
        host_stream_put(held[i]);
}

/* The parent's stream over control_fd for the child pid. */
static int child_stream(int control_fd, int pid, host_stream_t *out)
{
    struct host_child *child = calloc(1, sizeof(*child));
    int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
    int r = HOST_ENOMEM;

    if (pidfd < 0) {
        r = host_from_errno(errno);
    } else if (child) {
        pthread_mutex_init(&child->lock, NULL);
        child->pid = pid;
        child->pidfd = pidfd;
        struct host_stream *st = calloc(1, sizeof(*st));
        if (st) {
            st->fd = control_fd;
            st->kind = HOST_STREAM_PROCESS;
            st->flags = HOST_OPEN_READ | HOST_OPEN_WRITE;
            st->child = child;
            return host_stream_insert(st, out);
        }
    }
    if (child)
        pthread_mutex_destroy(&child->lock);
    free(child);
    if (pidfd >= 0) {
        /* nothing will watch it: end it rather than leave it stopped */
        syscall(SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
        waitid((idtype_t)P_PIDFD, (id_t)pidfd, NULL, WEXITED);
        close(pidfd);
    }
    close(control_fd);
    return r;
}

static int start_child(const struct host_spawn_request *req, int *pid)
{
    pthread_mutex_lock(&spawner_lock);
    host_spawner_t fn = spawner;
    void *ctx = spawner_ctx;
    pthread_mutex_unlock(&spawner_lock);
    return fn ? fn(ctx, req, pid) : HOST_ENOSYS;
}

int host_process_spawn(const struct host_spawn *spec, host_stream_t *out, uint32_t *id)
{
    char path[PATH_MAX];
    int sv[2], pid = 0, r;

    if (!spec || !out || !id || (spec->stream_count && !spec->streams) ||
        (spec->boot_size && !spec->boot) || spec->stream_count > 1024)
        return HOST_EINVAL;
    r = host_uri_resolve(spec->image_uri, 1u << HOST_SCHEME_FILE, HOST_PATH_FOLLOW,
                         HOST_NEED_READ, "spawn", path, NULL);
    if (r < 0)
        return r;
    struct stat sb;
    if (stat(path, &sb) < 0)
        return host_from_errno(errno);
    if (!S_ISREG(sb.st_mode))
        return HOST_EINVAL;
    struct host_stream *held[spec->stream_count + 1];
    int fds[spec->stream_count + 1];
    unsigned flags[spec->stream_count + 1];
    if ((r = get_streams(spec, held, fds, flags)) < 0)
        return r;
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        put_streams(held, spec->stream_count);
        return host_from_errno(errno);
    }
    struct host_spawn_request req = {
        .path = path, .boot = spec->boot, .boot_size = spec->boot_size,
        .control_fd = sv[1], .fds = fds, .fd_flags = flags, .fd_count = spec->stream_count,
    };
    r = start_child(&req, &pid);
    close(sv[1]);
    put_streams(held, spec->stream_count);
    if (r < 0) {
        close(sv[0]);
        return r;
    }
    if ((r = child_stream(sv[0], pid, out)) < 0)
        return r;
    *id = (uint32_t)pid;
    return HOST_OK;
}

/* ---- The child's side --------------------------------------------------------- */

int host_stream_adopt(int fd, unsigned flags, host_stream_t *out)
{
    const unsigned known = HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_APPEND | HOST_ADOPT_POSITIONED;
    struct stat sb;

    if (!out || !(flags & (HOST_OPEN_READ | HOST_OPEN_WRITE)) || (flags & ~known) ||
        fstat(fd, &sb) < 0) {
        if (fd >= 0)
            close(fd);
        return HOST_EINVAL;
    }
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    unsigned open_flags = flags & ~HOST_ADOPT_POSITIONED;
    if (!(flags & HOST_ADOPT_POSITIONED) || !S_ISREG(sb.st_mode))
        return host_stream_add(fd, HOST_STREAM_PIPE, open_flags, NULL, out);
    char link[64], path[PATH_MAX];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof(path) - 1);
    path[n > 0 ? n : 0] = '\0';
    return host_stream_add(fd, HOST_STREAM_FILE, open_flags, n > 0 && path[0] == '/' ? path : NULL,
                           out);
}

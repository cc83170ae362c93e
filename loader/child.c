/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * child.c - child picoprocesses: the spawner and "keep __child".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <limits.h>

#include "child.h"
#include "host.h"
#include "host_setup.h"
#include "pe_check.h"
#include "snapshot.h"
#include "start.h"
#include "util.h"

extern char **environ;

/* ---- The spawner (parent side) -------------------------------------------- */

/* The spec as a sealed memfd, or -1. */
static int spec_memfd(const struct child_spec *s)
{
    size_t size = 0, done = 0;
    char *data = child_spec_encode(s, &size);
    int fd = data ? memfd_create("keep-child-spec", MFD_CLOEXEC) : -1;

    while (fd >= 0 && done < size) {
        ssize_t n = write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            close(fd);
            fd = -1;
            break;
        }
        done += (size_t)n;
    }
    free(data);
    return fd;
}

int child_plan_fd(posix_spawn_file_actions_t *fa, int fd, int target, int floor, int *parked)
{
    *parked = fcntl(fd, F_DUPFD_CLOEXEC, floor);
    if (*parked < 0)
        return -1;
    return posix_spawn_file_actions_adddup2(fa, *parked, target) ? -1 : 0;
}

int child_spawner(void *ctx, const struct host_spawn_request *req, int *pid)
{
    struct child_spec s = *(const struct child_spec *)ctx;
    posix_spawn_file_actions_t fa;
    int floor = CHILD_FD_STREAMS + (int)req->fd_count + 16;
    int parked[req->fd_count + 2], n = 0, r = 0;

    s.program_path = (char *)req->path;
    s.boot = (void *)req->boot;
    s.boot_size = req->boot_size;
    s.stream_count = (unsigned)req->fd_count;
    s.stream_flags = (unsigned *)req->fd_flags;
    s.stream_flag_count = req->fd_count;
    int spec = spec_memfd(&s);
    if (spec < 0 || posix_spawn_file_actions_init(&fa)) {
        if (spec >= 0)
            close(spec);
        return HOST_ENOMEM;
    }
    r |= child_plan_fd(&fa, req->control_fd, CHILD_FD_CONTROL, floor, &parked[n++]);
    r |= child_plan_fd(&fa, spec, CHILD_FD_SPEC, floor, &parked[n++]);
    for (size_t i = 0; !r && i < req->fd_count; i++)
        r |= child_plan_fd(&fa, req->fds[i], CHILD_FD_STREAMS + (int)i, floor, &parked[n++]);
    char *argv[] = { s.self_exe, "__child", NULL };
    if (!r)
        r = posix_spawn(pid, s.self_exe, &fa, NULL, argv, environ) ? -1 : 0;
    posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < n; i++)
        if (parked[i] >= 0)
            close(parked[i]);
    close(spec);
    return r ? HOST_EIO : HOST_OK;
}

/* ---- keep __child ------------------------------------------------------------ */

static int read_spec(struct child_spec *s)
{
    char err[256];
    struct stat sb;

    if (fstat(CHILD_FD_SPEC, &sb) < 0 || sb.st_size <= 0 || (size_t)sb.st_size > CHILD_SPEC_MAX) {
        report("__child: no child spec on descriptor %d (keep starts this itself)", CHILD_FD_SPEC);
        return -1;
    }
    char *data = malloc((size_t)sb.st_size);
    ssize_t n = data ? pread(CHILD_FD_SPEC, data, (size_t)sb.st_size, 0) : -1;
    int r = n == sb.st_size ? child_spec_decode(data, (size_t)n, s, err, sizeof(err)) : -1;
    if (r < 0)
        report("__child: %s", n == sb.st_size ? err : "cannot read the child spec");
    free(data);
    close(CHILD_FD_SPEC);
    return r;
}

/* The inherited descriptors as host streams (host_init has run). */
static int adopt_streams(const struct child_spec *s, host_stream_t *control, host_stream_t *streams)
{
    int r = host_stream_adopt(CHILD_FD_CONTROL, HOST_OPEN_READ | HOST_OPEN_WRITE, control);

    for (unsigned i = 0; r == HOST_OK && i < s->stream_count; i++)
        r = host_stream_adopt(CHILD_FD_STREAMS + (int)i, s->stream_flags[i], &streams[i]);
    if (r != HOST_OK)
        report("__child: the inherited descriptors: %s", host_status_name(r));
    return r;
}

int cmd_child(int argc, char **argv)
{
    static struct child_spec s;
    char msg[PATH_MAX + 256];

    (void)argv;
    if (argc != 1 || read_spec(&s) < 0)
        return KEEP_EXIT_USAGE;
    enum pe_result pe = pe_check_file(s.program_path, msg, sizeof(msg));
    if (pe != PE_OK) {
        report("%s", msg);
        return pe_exit_status(pe);
    }
    host_stream_t control = -1, *streams = calloc(s.stream_count + 1, sizeof(*streams));
    int rc = KEEP_EXIT_CANNOT_EXEC;
    if (streams && !(rc = start_prepare_host(&s)) &&
        adopt_streams(&s, &control, streams) == HOST_OK) {
        /* the program's environment comes from its parent (spawn_data);
           this one, the monitor's, is the host environment the kernel and
           the unix libraries see (WINEDEBUG, the locale, HOME for fontconfig) */
        struct keep_boot boot = {
            .argc = 1, .argv = (const char *const *)&s.program_path, .envp = (const char *const *)environ,
            .spawn_data = s.boot, .spawn_size = s.boot_size,
            .spawn_streams = streams, .spawn_stream_count = s.stream_count,
            .parent_stream = control,
        };
        /* its parent's snapshot saves it too (snaptree.h) */
        boot.control = snapctl_start(&s, control) == 0;
        rc = start_kernel_main(&s, &boot);
    }
    free(streams);
    child_spec_free(&s);
    return rc ? rc : KEEP_EXIT_CANNOT_EXEC;
}

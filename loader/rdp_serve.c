/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rdp_serve.c - `keep run --rdp`: the display region and its server
 * process; see rdp_serve.h.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host_setup.h"
#include "rdp/display.h"
#include "rdp_serve.h"
#include "util.h"

int rdp_server_program(char *out, size_t size)
{
    char self[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", self, sizeof(self) - 1);

    if (len <= 0)
        return -1;
    self[len] = 0;
    *strrchr(self, '/') = 0;
    snprintf(out, size, "%s/keep-rdp-test", self);
    if (access(out, X_OK) < 0)
        snprintf(out, size, "%s/../rdp/keep-rdp-test", self);
    return 0;
}

/* The server's descriptors: 3 the region, 4 the monitor's lifetime pipe,
 * 5 the password (when there is one), 6 where it says it listens; its
 * stdout goes to stderr so the program's output stays the program's. */
enum { FD_DISPLAY = 3, FD_PARENT = 4, FD_PASSWORD = 5, FD_READY = 6 };

static void exec_server(const char *prog, const struct rdp_settings *r, const char *instance_dir,
                        int display_fd, int parent_fd, int password_fd, int ready_fd)
{
    char listen[300], dfd[8], pfd[8], wfd[8], rfd[8];
    const char *args[16];
    int n = 0;

    /* Out of the way first, so that no source is one of the targets. */
    display_fd = fcntl(display_fd, F_DUPFD_CLOEXEC, 10);
    parent_fd = fcntl(parent_fd, F_DUPFD_CLOEXEC, 10);
    ready_fd = fcntl(ready_fd, F_DUPFD_CLOEXEC, 10);
    if (password_fd >= 0)
        password_fd = fcntl(password_fd, F_DUPFD_CLOEXEC, 10);
    if (display_fd < 0 || parent_fd < 0 || ready_fd < 0 || dup2(2, 1) < 0 || dup2(display_fd, FD_DISPLAY) < 0 ||
        dup2(parent_fd, FD_PARENT) < 0 || dup2(ready_fd, FD_READY) < 0 ||
        (password_fd >= 0 && dup2(password_fd, FD_PASSWORD) < 0))
        _exit(127);
    snprintf(listen, sizeof(listen), strchr(r->addr, ':') ? "[%s]:%u" : "%s:%u", r->addr, r->port);
    snprintf(dfd, sizeof(dfd), "%d", FD_DISPLAY);
    snprintf(pfd, sizeof(pfd), "%d", FD_PARENT);
    snprintf(wfd, sizeof(wfd), "%d", FD_PASSWORD);
    snprintf(rfd, sizeof(rfd), "%d", FD_READY);
    args[n++] = prog;
    args[n++] = "--display-fd", args[n++] = dfd;
    args[n++] = "--parent-fd", args[n++] = pfd;
    args[n++] = "--ready-fd", args[n++] = rfd;
    args[n++] = "--rdp", args[n++] = listen;
    args[n++] = "--instance", args[n++] = instance_dir;
    if (r->user)
        args[n++] = "--user", args[n++] = r->user;
    if (password_fd >= 0)
        args[n++] = "--password-fd", args[n++] = wfd;
    args[n] = NULL;
    execv(prog, (char **)args);
    fprintf(stderr, "keep: cannot run %s: %s\n", prog, strerror(errno));
    _exit(127);
}

/* A pipe holding the password, read end returned (the pipe's buffer holds
 * it: a password is far shorter). */
static int password_pipe(const char *password)
{
    int p[2];
    size_t len = strlen(password);

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    if (write(p[1], password, len) != (ssize_t)len || write(p[1], "\n", 1) != 1) {
        close(p[0]);
        close(p[1]);
        return -1;
    }
    close(p[1]);
    return p[0];
}

/* Did the server say "ok" (it listens) before it ended or closed the pipe? */
static int server_ready(int fd)
{
    char buf[8] = "";
    ssize_t n;

    do
        n = read(fd, buf, sizeof(buf) - 1);
    while (n < 0 && errno == EINTR);
    close(fd);
    return n >= 2 && !strncmp(buf, "ok", 2) ? 0 : -1;
}

static int start_server(const struct rdp_settings *r, const char *instance_dir, int display_fd)
{
    char prog[PATH_MAX + 32];
    int life[2], ready[2], password_fd = -1;
    pid_t pid;

    if (rdp_server_program(prog, sizeof(prog)) < 0 || pipe2(life, O_CLOEXEC) < 0)
        return -1;
    if (pipe2(ready, O_CLOEXEC) < 0 || (r->password && (password_fd = password_pipe(r->password)) < 0)) {
        close(life[0]);
        close(life[1]);
        return -1;
    }
    pid = fork();
    if (pid == 0)
        exec_server(prog, r, instance_dir, display_fd, life[0], password_fd, ready[1]);
    close(life[0]);
    close(ready[1]);
    if (password_fd >= 0)
        close(password_fd);
    if (pid < 0) {
        close(ready[0]);
        close(life[1]);
        return -1;
    }
    if (server_ready(ready[0]) < 0) {
        close(life[1]);     /* a server still running sees it and stops */
        waitpid(pid, NULL, 0);
        return -1;
    }
    /* life[1] stays open (close-on-exec) until this process ends: then the
     * server sees the pipe's end and stops. */
    return 0;
}

int rdp_serve_start(const struct rdp_settings *r, const char *instance_dir)
{
    unsigned w = r->width ? r->width : RDP_SERVE_DEFAULT_WIDTH;
    unsigned h = r->height ? r->height : RDP_SERVE_DEFAULT_HEIGHT;
    struct display *d;
    int err = display_create(w, h, &d);

    if (err) {
        report("rdp: cannot make a %ux%u display: %s", w, h, strerror(-err));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    if (start_server(r, instance_dir, display_fd(d)) < 0 || host_display_set(display_fd(d)) != HOST_OK) {
        report("rdp: the RDP server for %s:%u did not start (its reason is above)", r->addr, r->port);
        display_close(d);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    /* The monitor keeps its mapping: the region lives as long as the run. */
    return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snaptree.c - snapshots of a program with child processes (snaptree.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "child.h"
#include "keep_boot.h"
#include "snapshot.h"
#include "snaptree.h"
#include "util.h"

extern char **environ;

/* Descriptors of "keep __resume". */
#define RESUME_FD_PARENT 3          /* the child's end of its new parent stream */
#define RESUME_FD_FILE SNAPTREE_FD_FILE
#define RESUME_FD_GO 5              /* one byte: run; end of file: give up */
#define RESUME_FD_LINKS 6           /* the link table (a memfd) */
#define RESUME_FD_LINK0 7           /* the table's descriptors, in order */

#define PIPE_DATA_MAX (1u << 20)    /* bytes kept of one pipe, at most */
#define LINKS_MAX 4096

/* What a PROCESS section starts with; the child's whole snapshot follows
 * unless it had ended. */
struct snap_process {
    uint32_t version;               /* 1 */
    uint32_t ended;                 /* 1: it had ended, with status; no file */
    int64_t stream;                 /* its process stream in the parent */
    int32_t status;
    uint32_t zero;
};
_Static_assert(sizeof(struct snap_process) == 24, "PROCESS header layout");

/* ---- Saving ---------------------------------------------------------------- */

static int held[1024];
static size_t held_count;

int snapctl_child_socket_path(char *out, size_t size, const char *instance_dir, long pid)
{
    return fmt(out, size, "%s/run/%ld.csock", instance_dir, pid);
}

static int connect_to(const char *path, char *err, size_t errlen)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int s;

    if (strlen(path) >= sizeof(sa.sun_path))
        return snap_fail(err, errlen, "%s: path too long for a socket", path);
    memcpy(sa.sun_path, path, strlen(path) + 1);
    if ((s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0 &&
        connect(s, (struct sockaddr *)&sa, sizeof(sa)) == 0)
        return s;
    int e = errno;
    if (s >= 0)
        close(s);
    if (e == ECONNREFUSED)
        unlink(path);   /* its keep ended */
    snap_fail(err, errlen, "%s: %s (is the program still running?)", path, strerror(e));
    return -1;
}

int snapctl_ask(const char *path, int fd, unsigned flags, int *conn, char *err, size_t errlen)
{
    struct snapctl_request req = { SNAPCTL_MAGIC, flags };
    struct snapctl_answer answer;
    char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
    struct iovec iov = { &req, sizeof(req) };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
                          .msg_controllen = sizeof(cbuf) };
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    int s = connect_to(path, err, errlen), ok = 0;

    if (s < 0)
        return -1;
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &fd, sizeof(int));
    if (sendmsg(s, &msg, 0) != (ssize_t)sizeof(req) ||
        recv(s, &answer, sizeof(answer), MSG_WAITALL) != (ssize_t)sizeof(answer))
        snap_fail(err, errlen, "the program ended before answering");
    else if (answer.status)
        snap_fail(err, errlen, "%.*s", (int)sizeof(answer.message), answer.message);
    else
        ok = 1;
    if (ok && conn)
        *conn = s;
    else
        close(s);
    return ok ? 0 : -1;
}

/* Has our child pid ended (it may be ending: wait a moment)? */
static int child_ended(int pid)
{
    for (int i = 0; i < 100; i++) {
        siginfo_t si = { 0 };
        if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid)
            return 1;
        if (kill(pid, 0) < 0 && errno == ESRCH)
            return 1;
        struct timespec ts = { 0, 10000000 };
        nanosleep(&ts, NULL);
    }
    return 0;
}

/* Copy the memfd fd (size bytes) into the current section of w. */
static int copy_in(struct snap_writer *w, int fd, uint64_t size, char *err, size_t errlen)
{
    /* on the heap, not in static data: keep's start backs all of that
       (loader/main.c), and only a snapshot needs this */
    char *buf = malloc(SNAP_CHUNK);
    int r = 0;

    if (!buf)
        return snap_fail(err, errlen, "reading a child's snapshot: out of memory");
    for (uint64_t at = 0; at < size && !r;) {
        size_t want = size - at < SNAP_CHUNK ? (size_t)(size - at) : SNAP_CHUNK;
        ssize_t n = pread(fd, buf, want, (off_t)at);
        if (n <= 0)
            r = snap_fail(err, errlen, "reading a child's snapshot: %s",
                          n < 0 ? strerror(errno) : "it is shorter than it was");
        else if (snap_writer_data(w, buf, (size_t)n, err, errlen))
            r = -1;
        else
            at += (uint64_t)n;
    }
    free(buf);
    return r;
}

/* A child that ended before its watcher said so: its status is final. */
static int save_ended(struct snap_writer *w, host_stream_t stream, char *err, size_t errlen)
{
    struct snap_process h = { 1, 1, stream, 0, 0 };
    size_t done = 0;
    int r;

    while ((r = host_stream_read(stream, &h.status, sizeof(h.status), HOST_POS_NONE, &done)) ==
           HOST_EINTR)
        ;
    if (r || done != sizeof(h.status))
        return snap_fail(err, errlen, "a child's exit status: %s", host_status_name(r));
    if (snap_writer_begin(w, KEEP_SNAP_PROCESS, sizeof(h), err, errlen))
        return -1;
    return snap_writer_data(w, &h, sizeof(h), err, errlen);
}

int snaptree_save_child(struct snap_writer *w, const char *instance_dir, host_stream_t stream,
                        char *err, size_t errlen)
{
    struct snap_process h = { 1, 0, stream, 0, 0 };
    char path[PATH_MAX], why[384];
    struct stat sb;
    int pid = 0, conn = -1, fd;

    if (host_stream_child_pid(stream, &pid))
        return snap_fail(err, errlen, "the kernel named stream %lld, not a child's",
                         (long long)stream);
    if (held_count == sizeof(held) / sizeof(held[0]))
        return snap_fail(err, errlen, "more than %zu child processes",
                         sizeof(held) / sizeof(held[0]));
    if (snapctl_child_socket_path(path, sizeof(path), instance_dir, pid) < 0 ||
        (fd = memfd_create("keep-child-snapshot", MFD_CLOEXEC)) < 0)
        return snap_fail(err, errlen, "out of memory");
    if (snapctl_ask(path, fd, HOST_CTL_HOLD, &conn, why, sizeof(why))) {
        close(fd);
        if (child_ended(pid))
            return save_ended(w, stream, err, errlen);
        return snap_fail(err, errlen, "child process %d: %s", pid, why);
    }
    held[held_count++] = conn;
    int r = fstat(fd, &sb) < 0 ? snap_fail(err, errlen, "a child's snapshot: %s", strerror(errno))
                               : 0;
    if (!r)
        r = snap_writer_begin(w, KEEP_SNAP_PROCESS, sizeof(h) + (uint64_t)sb.st_size, err,
                              errlen) ||
            snap_writer_data(w, &h, sizeof(h), err, errlen) ||
            copy_in(w, fd, (uint64_t)sb.st_size, err, errlen) ? -1 : 0;
    close(fd);
    return r;
}

void snaptree_release(int run)
{
    char verdict = run ? 'R' : 'E';

    for (size_t i = 0; i < held_count; i++) {
        if (write(held[i], &verdict, 1) != 1)
            report("snapshot: a held child went away");
        close(held[i]);
    }
    held_count = 0;
}

int snaptree_verdict(int conn)
{
    char verdict = 'R';
    ssize_t n;

    while ((n = read(conn, &verdict, 1)) < 0 && errno == EINTR)
        ;
    /* a parent that went away without a word: run on, lose nothing */
    return n != 1 || verdict != 'E';
}

struct pipe_data_ctx {
    FILE *f;
    char *buf;
    uint64_t seen[64][2];
    size_t seen_n;
};

static int pipe_data_entry(void *arg, const struct host_stream_desc *d)
{
    struct pipe_data_ctx *c = arg;
    size_t done = 0;

    if (d->kind != HOST_DESC_PIPE || !(d->flags & HOST_OPEN_READ) || !d->ino)
        return 0;
    for (size_t i = 0; i < c->seen_n; i++)
        if (c->seen[i][0] == d->dev && c->seen[i][1] == d->ino)
            return 0;
    if (host_stream_pipe_peek(d->id, c->buf, PIPE_DATA_MAX, &done) || !done)
        return 0;
    if (c->seen_n < 64) {
        c->seen[c->seen_n][0] = d->dev;
        c->seen[c->seen_n++][1] = d->ino;
    }
    uint32_t len = (uint32_t)done, zero = 0;
    fwrite(&d->dev, sizeof(d->dev), 1, c->f);
    fwrite(&d->ino, sizeof(d->ino), 1, c->f);
    fwrite(&len, sizeof(len), 1, c->f);
    fwrite(&zero, sizeof(zero), 1, c->f);
    fwrite(c->buf, 1, done, c->f);
    return 0;
}

int snaptree_pipe_data(char **out, size_t *size)
{
    struct pipe_data_ctx c = { 0 };

    *out = NULL;
    *size = 0;
    if (!(c.buf = malloc(PIPE_DATA_MAX)) || !(c.f = open_memstream(out, size))) {
        free(c.buf);
        return -1;
    }
    host_streams_list(pipe_data_entry, &c);
    free(c.buf);
    return fclose(c.f) ? -1 : 0;
}

/* ---- Resuming: the tree's descriptors ------------------------------------------ */

struct link {
    uint64_t dev, ino;
    uint32_t mode;                  /* HOST_OPEN_READ or _WRITE */
    int fd;
};

struct pipe_note {
    uint64_t dev, ino;
    char *data;
    size_t len;
};

struct kid {
    int64_t stream;
    int ended;
    int32_t status;
    int pid, sock, go;
};

static struct {
    struct link *links;
    size_t n_links;
    struct pipe_note *pipes;
    size_t n_pipes;
    struct kid *kids;
    size_t n_kids;
    int parent_sock;                /* keep __resume: its parent stream's end */
    int64_t parent_stream;
} tree = { .parent_sock = -1, .parent_stream = -1 };

static void *grow(void *p, size_t n, size_t elem)
{
    /* room for one more, in blocks of 16 */
    return n % 16 ? p : realloc(p, (n + 16) * elem);
}

static int add_link(uint64_t dev, uint64_t ino, uint32_t mode, int fd)
{
    struct link *l = grow(tree.links, tree.n_links, sizeof(*l));

    if (!l || tree.n_links >= LINKS_MAX)
        return -1;
    tree.links = l;
    l[tree.n_links++] = (struct link){ dev, ino, mode, fd };
    return 0;
}

static struct link *find_link(uint64_t dev, uint64_t ino, uint32_t mode)
{
    for (size_t i = 0; i < tree.n_links; i++)
        if (tree.links[i].dev == dev && tree.links[i].ino == ino && (tree.links[i].mode & mode))
            return &tree.links[i];
    return NULL;
}

static struct pipe_note *note_pipe(uint64_t dev, uint64_t ino)
{
    for (size_t i = 0; i < tree.n_pipes; i++)
        if (tree.pipes[i].dev == dev && tree.pipes[i].ino == ino)
            return &tree.pipes[i];
    struct pipe_note *p = grow(tree.pipes, tree.n_pipes, sizeof(*p));
    if (!p || tree.n_pipes >= LINKS_MAX)
        return NULL;
    tree.pipes = p;
    p[tree.n_pipes] = (struct pipe_note){ dev, ino, NULL, 0 };
    return &p[tree.n_pipes++];
}

int snaptree_note_streams(const char *p, size_t size, uint32_t version, int depth, char *err,
                          size_t errlen)
{
    struct snap_stream_entry e;
    size_t at = 0;
    int r;

    while ((r = snap_stream_next(p, size, &at, version, &e)) == 1) {
        int fail = 0;
        if (!e.d.ino)
            continue;
        if (depth == 0 && e.d.kind == HOST_DESC_STDIO && e.d.stdio_fd >= 0 && e.d.stdio_fd <= 2)
            fail = add_link(e.d.dev, e.d.ino, e.d.stdio_fd ? HOST_OPEN_WRITE : HOST_OPEN_READ,
                            e.d.stdio_fd);
        else if (e.d.kind == HOST_DESC_PIPE)
            fail = !note_pipe(e.d.dev, e.d.ino);
        if (fail)
            return snap_fail(err, errlen, "out of memory");
    }
    return r < 0 ? snap_fail(err, errlen, "the STREAMS section is malformed") : 0;
}

int snaptree_note_pipe_data(const char *p, size_t size, char *err, size_t errlen)
{
    size_t at = 0;

    while (at < size) {
        uint64_t dev, ino;
        uint32_t len;
        if (size - at < 24)
            return snap_fail(err, errlen, "the PIPE_DATA section is malformed");
        memcpy(&dev, p + at, 8);
        memcpy(&ino, p + at + 8, 8);
        memcpy(&len, p + at + 16, 4);
        at += 24;
        if (len > PIPE_DATA_MAX || len > size - at)
            return snap_fail(err, errlen, "the PIPE_DATA section is malformed");
        struct pipe_note *n = note_pipe(dev, ino);
        char *data = malloc(len ? len : 1);
        if (!n || !data) {
            free(data);
            return snap_fail(err, errlen, "out of memory");
        }
        /* the later saved process saw it later: its bytes win */
        free(n->data);
        memcpy(data, p + at, len);
        n->data = data;
        n->len = len;
        at += len;
    }
    return 0;
}

static int fill_pipe(int fd, const struct pipe_note *n)
{
    size_t done = 0;

    if (n->len > 65536 && fcntl(fd, F_SETPIPE_SZ, (int)n->len) < 0)
        return -1;
    while (done < n->len) {
        ssize_t w = write(fd, n->data + done, n->len - done);
        if (w <= 0)
            return -1;
        done += (size_t)w;
    }
    return 0;
}

int snaptree_make_pipes(char *err, size_t errlen)
{
    for (size_t i = 0; i < tree.n_pipes; i++) {
        struct pipe_note *n = &tree.pipes[i];
        int p[2];
        /* the same file as one of keep resume's standard descriptors: that one */
        if (find_link(n->dev, n->ino, HOST_OPEN_READ | HOST_OPEN_WRITE))
            continue;
        if (pipe2(p, O_CLOEXEC) < 0)
            return snap_fail(err, errlen, "a pipe: %s", strerror(errno));
        if (fill_pipe(p[1], n) || add_link(n->dev, n->ino, HOST_OPEN_READ, p[0]) ||
            add_link(n->dev, n->ino, HOST_OPEN_WRITE, p[1])) {
            close(p[0]);
            close(p[1]);
            return snap_fail(err, errlen, "a pipe of the tree could not be made again");
        }
    }
    return 0;
}

int snaptree_take_links(char *err, size_t errlen)
{
    struct stat sb;
    uint32_t count = 0;

    tree.parent_sock = RESUME_FD_PARENT;
    if (fstat(RESUME_FD_LINKS, &sb) < 0 || pread(RESUME_FD_LINKS, &count, 4, 0) != 4 ||
        count > LINKS_MAX || (uint64_t)sb.st_size != 4 + (uint64_t)count * 24)
        return snap_fail(err, errlen, "no link table on descriptor %d (keep starts this itself)",
                         RESUME_FD_LINKS);
    for (uint32_t i = 0; i < count; i++) {
        struct link l;
        if (pread(RESUME_FD_LINKS, &l, 24, 4 + (off_t)i * 24) != 24 ||
            add_link(l.dev, l.ino, l.mode, RESUME_FD_LINK0 + (int)i))
            return snap_fail(err, errlen, "the link table cannot be read");
        fcntl(RESUME_FD_LINK0 + (int)i, F_SETFD, FD_CLOEXEC);
    }
    close(RESUME_FD_LINKS);
    fcntl(RESUME_FD_PARENT, F_SETFD, FD_CLOEXEC);
    fcntl(RESUME_FD_GO, F_SETFD, FD_CLOEXEC);
    return 0;
}

/* ---- Resuming: the children ----------------------------------------------------- */

/* The link table as a memfd: count, then dev, ino, mode per entry. */
static int links_memfd(void)
{
    int fd = memfd_create("keep-links", MFD_CLOEXEC);
    uint32_t count = (uint32_t)tree.n_links;
    int bad = fd < 0 || write(fd, &count, 4) != 4;

    for (size_t i = 0; !bad && i < tree.n_links; i++) {
        struct link l = tree.links[i];
        l.fd = 0;
        bad = write(fd, &l, 24) != 24;
    }
    if (bad && fd >= 0) {
        close(fd);
        fd = -1;
    }
    return fd;
}

int snaptree_section_memfd(struct snap_reader *r, char *err, size_t errlen)
{
    enum { BUF_SIZE = 65536 };
    char *buf = malloc(BUF_SIZE);   /* not static: see copy_in */
    int fd = buf ? memfd_create("keep-child-snapshot", MFD_CLOEXEC) : -1;
    size_t got;

    if (fd < 0) {
        free(buf);
        return snap_fail(err, errlen, "memfd: %s", buf ? strerror(errno) : "out of memory");
    }
    do {
        if (snap_reader_data(r, buf, BUF_SIZE, &got, err, errlen) ||
            (got && write(fd, buf, got) != (ssize_t)got)) {
            if (got)
                snap_fail(err, errlen, "memfd: %s", strerror(errno));
            close(fd);
            free(buf);
            return -1;
        }
    } while (got);
    free(buf);
    return fd;
}

/* Start keep __resume on file with its parent stream end sock and go
 * pipe end go; *pid. */
static int spawn_resumer(int file, int sock, int go, const char *instance, int *pid)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    int links = links_memfd(), floor = RESUME_FD_LINK0 + (int)tree.n_links + 16;
    int parked[tree.n_links + 4], np = 0, r = 0;
    posix_spawn_file_actions_t fa;

    if (n <= 0 || links < 0 || posix_spawn_file_actions_init(&fa)) {
        if (links >= 0)
            close(links);
        return -1;
    }
    self[n] = 0;
    r |= child_plan_fd(&fa, sock, RESUME_FD_PARENT, floor, &parked[np++]);
    r |= child_plan_fd(&fa, file, RESUME_FD_FILE, floor, &parked[np++]);
    r |= child_plan_fd(&fa, go, RESUME_FD_GO, floor, &parked[np++]);
    r |= child_plan_fd(&fa, links, RESUME_FD_LINKS, floor, &parked[np++]);
    for (size_t i = 0; !r && i < tree.n_links; i++)
        r |= child_plan_fd(&fa, tree.links[i].fd, RESUME_FD_LINK0 + (int)i, floor,
                           &parked[np++]);
    char *argv[] = { self, "__resume", instance ? "--instance" : NULL, (char *)instance, NULL };
    if (!r)
        r = posix_spawn(pid, self, &fa, NULL, argv, environ) ? -1 : 0;
    posix_spawn_file_actions_destroy(&fa);
    for (int i = 0; i < np; i++)
        if (parked[i] >= 0)
            close(parked[i]);
    close(links);
    return r;
}

int snaptree_start_child(struct snap_reader *r, uint64_t size, const char *instance, char *err,
                         size_t errlen)
{
    struct snap_process h;
    struct kid *k = grow(tree.kids, tree.n_kids, sizeof(*k));
    int sv[2] = { -1, -1 }, gp[2] = { -1, -1 }, file = -1, pid = 0;

    if (!k)
        return snap_fail(err, errlen, "out of memory");
    tree.kids = k;
    if (size < sizeof(h) || snap_reader_take(r, &h, sizeof(h), err, errlen))
        return size < sizeof(h) ? snap_fail(err, errlen, "a PROCESS section is malformed") : -1;
    k = &tree.kids[tree.n_kids];
    *k = (struct kid){ h.stream, (int)h.ended, h.status, 0, -1, -1 };
    if (h.ended) {
        tree.n_kids++;
        return 0;
    }
    if ((file = snaptree_section_memfd(r, err, errlen)) < 0)
        return -1;
    int bad = socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
              pipe2(gp, O_CLOEXEC) < 0 || spawn_resumer(file, sv[1], gp[0], instance, &pid);
    close(file);
    if (sv[1] >= 0)
        close(sv[1]);
    if (gp[0] >= 0)
        close(gp[0]);
    if (bad) {
        if (sv[0] >= 0)
            close(sv[0]);
        if (gp[1] >= 0)
            close(gp[1]);
        return snap_fail(err, errlen, "cannot start the resume of a child process");
    }
    k->pid = pid;
    k->sock = sv[0];
    k->go = gp[1];
    tree.n_kids++;
    return 0;
}

void snaptree_link_stream(struct host_stream_desc *d, unsigned e_kind)
{
    struct link *l;

    d->fd = -1;
    if (e_kind == SNAP_STREAM_PARENT) {
        d->kind = HOST_DESC_PIPE;
        if (tree.parent_sock >= 0 && (d->fd = fcntl(tree.parent_sock, F_DUPFD_CLOEXEC, 3)) >= 0)
            tree.parent_stream = d->id;
    } else if (d->kind == HOST_DESC_PIPE && d->ino &&
               (l = find_link(d->dev, d->ino, d->flags & (HOST_OPEN_READ | HOST_OPEN_WRITE)))) {
        d->fd = fcntl(l->fd, F_DUPFD_CLOEXEC, 3);
    } else if (d->kind == HOST_DESC_PROCESS) {
        for (size_t i = 0; i < tree.n_kids; i++) {
            struct kid *k = &tree.kids[i];
            if (k->stream != d->id)
                continue;
            d->pid = k->pid;
            d->ended = k->ended;
            d->status = k->status;
            d->fd = k->sock;        /* the stream owns it now */
            k->sock = -1;
        }
    }
}

int64_t snaptree_parent_stream(void)
{
    return tree.parent_stream;
}

void snaptree_close_links(void)
{
    for (size_t i = 0; i < tree.n_links; i++)
        if (tree.links[i].fd > 2)
            close(tree.links[i].fd);
    tree.n_links = 0;
    if (tree.parent_sock >= 0)
        close(tree.parent_sock);
    tree.parent_sock = -1;
    for (size_t i = 0; i < tree.n_pipes; i++)
        free(tree.pipes[i].data);
    tree.n_pipes = 0;
}

void snaptree_go(int go)
{
    for (size_t i = 0; i < tree.n_kids; i++) {
        struct kid *k = &tree.kids[i];
        if (k->go < 0)
            continue;
        if (go && write(k->go, "g", 1) != 1)
            report("resume: a child process went away before it ran");
        close(k->go);
        k->go = -1;
        if (k->sock >= 0) {
            /* nobody took its stream: it has nothing to report to */
            close(k->sock);
            k->sock = -1;
        }
    }
}

int snaptree_wait_go(void)
{
    char c;
    ssize_t n;

    while ((n = read(RESUME_FD_GO, &c, 1)) < 0 && errno == EINTR)
        ;
    close(RESUME_FD_GO);
    return n == 1 ? 0 : -1;
}

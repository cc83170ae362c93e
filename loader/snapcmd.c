/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapcmd.c - "keep snapshot" and "keep resume" (snapshot.h).
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <signal.h>
#include <unistd.h>

#include "host.h"
#include "host_setup.h"
#include "boot.h"
#include "instance.h"
#include "kernel_load.h"
#include "rdp_serve.h"
#include "run.h"
#include "snapmem.h"
#include "snapshot.h"
#include "snaptree.h"
#include "start.h"
#include "util.h"

extern char **environ;

typedef int (*keep_kernel_resume_t)(const struct keep_boot *, const struct keep_resume *);

/* ---- keep snapshot ---------------------------------------------------------- */

static void snapshot_usage(FILE *f)
{
    fprintf(f,
        "Usage: keep snapshot [--leave-running] TARGET FILE\n"
        "\n"
        "Save the running program TARGET (the pid of its keep, or its instance's\n"
        "name when one program runs there) to FILE ('-': standard output).  The\n"
        "program stops once FILE is written, unless --leave-running.\n"
        "Continue it with: keep resume FILE\n");
}

/* The socket of pid in any instance (child: the socket of a child
 * process in a tree, which only its parent's snapshot asks). */
static int find_by_pid(const char *root, long pid, int child, char *out, size_t size)
{
    DIR *d = opendir(root);
    struct dirent *e;
    struct stat st;
    int found = 0;

    while (d && !found && (e = readdir(d))) {
        char dir[PATH_MAX];
        if (e->d_name[0] == '.' || fmt(dir, sizeof(dir), "%s/%s", root, e->d_name) < 0 ||
            (child ? snapctl_child_socket_path(out, size, dir, pid)
                   : snapctl_socket_path(out, size, dir, pid)) < 0)
            continue;
        found = stat(out, &st) == 0 && S_ISSOCK(st.st_mode);
    }
    if (d)
        closedir(d);
    return found ? 0 : -1;
}

/* The one socket of a running keep in instance name's run/ directory. */
static int find_by_instance(const char *root, const char *name, char *out, size_t size)
{
    char dir[PATH_MAX];
    DIR *d;
    struct dirent *e;
    int count = 0;

    if (!instance_name_valid(name) || fmt(dir, sizeof(dir), "%s/%s/run", root, name) < 0 ||
        !(d = opendir(dir)))
        return -1;
    while ((e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        /* a keep that ended leaves its socket behind */
        if (pid > 0 && !strcmp(end, ".sock") && !(kill((pid_t)pid, 0) < 0 && errno == ESRCH) &&
            fmt(out, size, "%s/%s", dir, e->d_name) == 0)
            count++;
    }
    closedir(d);
    if (count > 1)
        report("snapshot: several programs run in instance %s: name one by its pid", name);
    return count == 1 ? 0 : -1;
}

static int find_target(const char *target, char *out, size_t size)
{
    char root[PATH_MAX], err[PATH_MAX + 64], *end;
    long pid = strtol(target, &end, 10);

    if (instance_root(root, sizeof(root), err, sizeof(err)) < 0) {
        report("%s", err);
        return -1;
    }
    if (*target && !*end && pid > 0 ? find_by_pid(root, pid, 0, out, size) == 0
                                     : find_by_instance(root, target, out, size) == 0)
        return 0;
    if (*target && !*end && pid > 0 && find_by_pid(root, pid, 1, out, size) == 0 &&
        !(kill((pid_t)pid, 0) < 0 && errno == ESRCH)) {
        report("snapshot: %s is a child process of a program: name the program that started "
               "the tree (its first keep); the file holds every process of it", target);
        return -1;
    }
    report("snapshot: no running keep program %s %s", *end ? "in instance" : "with pid", target);
    return -1;
}

/* Ask the program behind socket path to write to fd; 0 when written. */
static int request(const char *path, int fd, unsigned flags)
{
    char err[PATH_MAX + 512];

    if (snapctl_ask(path, fd, flags, NULL, err, sizeof(err)) == 0)
        return 0;
    report("snapshot: %s", err);
    return -1;
}

int cmd_snapshot(int argc, char **argv)
{
    char sock[PATH_MAX], tmp[PATH_MAX];
    unsigned flags = 0;
    int i = 1, fd = 1;

    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        snapshot_usage(stdout);
        return 0;
    }
    if (argc > i && !strcmp(argv[i], "--leave-running")) {
        flags |= HOST_CTL_LEAVE_RUNNING;
        i++;
    }
    if (argc - i != 2) {
        snapshot_usage(stderr);
        return KEEP_EXIT_USAGE;
    }
    const char *file = argv[i + 1];
    if (find_target(argv[i], sock, sizeof(sock)) < 0)
        return KEEP_EXIT_FAILURE;
    /* a file appears whole or not at all */
    if (strcmp(file, "-") && (fmt(tmp, sizeof(tmp), "%s.part-%ld", file, (long)getpid()) < 0 ||
                              (fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)) {
        report("snapshot: %s: %s", file, strerror(errno));
        return KEEP_EXIT_FAILURE;
    }
    int r = request(sock, fd, flags);
    if (fd != 1) {
        if (close(fd) < 0 && !r) {
            report("snapshot: %s: %s", file, strerror(errno));
            r = -1;
        }
        if (!r && rename(tmp, file) < 0) {
            report("snapshot: %s: %s", file, strerror(errno));
            r = -1;
        }
        if (r)
            unlink(tmp);
    }
    return r ? KEEP_EXIT_FAILURE : 0;
}

/* ---- keep resume: checking the file ----------------------------------------- */

static void resume_usage(FILE *f)
{
    fprintf(f,
        "Usage: keep resume [--instance NAME] [--rdp [ADDR:]PORT [--rdp-size WxH]] FILE\n"
        "\n"
        "Continue the program saved in FILE ('-': standard input) by keep snapshot.\n"
        "Its standard input and output are this command's.  --instance: in the\n"
        "instance NAME (its registry becomes the snapshot's), not the one it ran in.\n"
        "--rdp: serve its windows over RDP again (127.0.0.1 unless ADDR), at the size\n"
        "its display had (the file says; --rdp-size overrides); without it a GUI\n"
        "program runs on headless.\n");
}

/* Standard input as a file that can be read twice. */
static int spool_stdin(void)
{
    int fd = memfd_create("keep-snapshot", MFD_CLOEXEC);
    char buf[65536];
    ssize_t n;

    while (fd >= 0 && (n = read(0, buf, sizeof(buf))) != 0) {
        if (n < 0 || write(fd, buf, (size_t)n) != n) {
            close(fd);
            return -1;
        }
    }
    if (fd >= 0 && lseek(fd, 0, SEEK_SET) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* A small section whole, malloc'ed. */
static void *take_all(struct snap_reader *r, uint64_t size, char *err, size_t errlen)
{
    void *buf;

    if (size > CHILD_SPEC_MAX) {
        snprintf(err, errlen, "a section is too large (%llu bytes)", (unsigned long long)size);
        return NULL;
    }
    if (!(buf = malloc(size ? size : 1)) || snap_reader_take(r, buf, size, err, errlen)) {
        if (!buf)
            snprintf(err, errlen, "out of memory");
        free(buf);
        return NULL;
    }
    return buf;
}

static int check_file(int fd, int depth, char *err, size_t errlen);

/* A PROCESS section: the child's own snapshot, checked as a whole file. */
static int check_process(struct snap_reader *r, uint64_t size, int depth, char *err,
                         size_t errlen)
{
    char header[24], why[PATH_MAX + 256];
    uint32_t ended;
    int fd, rc;

    if (size < sizeof(header) || snap_reader_take(r, header, sizeof(header), err, errlen))
        return size < sizeof(header) ? snap_fail(err, errlen, "a PROCESS section is malformed")
                                     : -1;
    memcpy(&ended, header + 4, 4);
    if (ended)
        return size == sizeof(header) ? 0 : snap_fail(err, errlen, "a PROCESS section is malformed");
    if (depth + 1 >= SNAP_TREE_DEPTH)
        return snap_fail(err, errlen, "the process tree is deeper than %d", SNAP_TREE_DEPTH);
    if ((fd = snaptree_section_memfd(r, err, errlen)) < 0)
        return -1;
    rc = lseek(fd, 0, SEEK_SET) < 0 ? -1 : check_file(fd, depth + 1, why, sizeof(why));
    close(fd);
    return rc ? snap_fail(err, errlen, "child process (depth %d): %s", depth + 1, why) : 0;
}

/* A section whose contents the check reads: the tree's streams and pipes. */
static int check_section(struct snap_reader *r, uint32_t type, uint64_t size, int depth,
                         char *err, size_t errlen)
{
    void *b;
    int rc;

    if (type == KEEP_SNAP_PROCESS)
        return check_process(r, size, depth, err, errlen);
    if (type != KEEP_SNAP_STREAMS && type != KEEP_SNAP_PIPE_DATA)
        return 0;
    if (!(b = take_all(r, size, err, errlen)))
        return -1;
    rc = type == KEEP_SNAP_STREAMS
             ? snaptree_note_streams(b, size, snap_reader_version(r), depth, err, errlen)
             : snaptree_note_pipe_data(b, size, err, errlen);
    free(b);
    return rc;
}

/* Read the whole file through, checking every checksum, the order of the
 * sections and that it may resume here (depth: a child's file, nested in
 * its parent's); nothing is started. */
static int check_file(int fd, int depth, char *err, size_t errlen)
{
    struct snap_identity file_id, here;
    struct child_spec spec = { 0 };
    struct snap_reader *r;
    uint32_t type;
    uint64_t size;
    unsigned n = 0, data = 0, streams = 0, regs = 0, vols = 0;
    int rc;

    if (snap_reader_open(fd, &file_id, &r, err, errlen))
        return -1;
    while ((rc = snap_reader_next(r, &type, &size, err, errlen)) == 1) {
        if (n == 0) {
            void *b = type == KEEP_SNAP_BOOT ? take_all(r, size, err, errlen) : NULL;
            rc = !b || child_spec_decode(b, size, &spec, err, errlen) ? -1 : 0;
            free(b);
            if (type != KEEP_SNAP_BOOT)
                snprintf(err, errlen, "not a keep program snapshot (no BOOT section first)");
            if (!rc && (snap_identity_here(spec.wine_dlls, &here) ||
                        snap_identity_check(&file_id, &here, err, errlen)))
                rc = -1;
            if (rc)
                break;
        } else if (n == 1 && type != KEEP_SNAP_KERNEL_ID) {
            snprintf(err, errlen, "the second section is not KERNEL_ID");
            rc = -1;
            break;
        } else if (check_section(r, type, size, depth, err, errlen)) {
            rc = -1;
            break;
        }
        data += type == KEEP_SNAP_KERNEL_DATA;
        streams += type == KEEP_SNAP_STREAMS;
        regs += type == KEEP_SNAP_REGISTRY;
        vols += type == KEEP_SNAP_REGISTRY_VOLATILE;
        n++;
    }
    snap_reader_close(r);
    child_spec_free(&spec);
    if (!rc && (regs > 1 || vols > 1)) {
        snprintf(err, errlen, "the snapshot has %u registry and %u volatile registry sections, "
                 "not one each at most", regs, vols);
        rc = -1;
    }
    if (!rc && (data != 1 || streams != 1)) {
        snprintf(err, errlen, "the snapshot has %u kernel data and %u stream sections, not one each",
                 data, streams);
        rc = -1;
    }
    return rc < 0 ? -1 : 0;
}

/* ---- keep resume: restoring ------------------------------------------------- */

struct resume {
    struct child_spec spec;
    const char *instance;               /* --instance, or NULL */
    uint32_t version;                   /* the file's format */
    char instance_dir[PATH_MAX];
    char kernel_path[PATH_MAX];
    keep_kernel_resume_t kernel_resume;
    struct kernel_image image;
    int registry_fd, volatile_fd;       /* memfds of the images, or -1 */
    uint64_t registry_size, volatile_size;
};

/* --instance: the program's instance becomes name, in its policy too. */
static int move_instance(struct resume *rs, const char *name)
{
    char root[PATH_MAX], err[2 * PATH_MAX], user[USER_NAME_MAX + 1];

    instance_user_name(user, sizeof(user));
    if (instance_root(root, sizeof(root), err, sizeof(err)) < 0 ||
        instance_open(root, name, user, rs->instance_dir, sizeof(rs->instance_dir), err,
                      sizeof(err)) != INSTANCE_OK) {
        report("resume: %s", err);
        return -1;
    }
    for (size_t i = 0; i < rs->spec.policy.n; i++) {
        struct policy_rule *rule = &rs->spec.policy.rules[i];
        if (strcmp(rule->path, rs->spec.instance_dir))
            continue;
        free(rule->path);
        if (!(rule->path = strdup(rs->instance_dir)))
            return -1;
    }
    free(rs->spec.instance_dir);
    return (rs->spec.instance_dir = strdup(rs->instance_dir)) ? 0 : -1;
}

/* The volatile registry's directory is this host's, for the instance the
 * program resumes in (the snapshot's may be another machine's /dev/shm). */
static void find_runtime_dir(struct resume *rs)
{
    char dir[PATH_MAX], err[PATH_MAX + 64];

    free(rs->spec.runtime_dir);
    rs->spec.runtime_dir = NULL;
    if (instance_runtime_dir(rs->spec.instance_dir, dir, sizeof(dir), err, sizeof(err)) ==
        INSTANCE_ERROR)
        report("warning: %s; volatile registry keys are not shared", err);
    else if (dir[0])
        rs->spec.runtime_dir = strdup(dir);
}

static int load_kernel(struct resume *rs, const struct kernel_image *want)
{
    char self[PATH_MAX], err[2 * PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

    self[n > 0 ? n : 0] = 0;
    if (kernel_locate(getenv("KEEP_KERNEL"), self, KEEP_PKGLIBDIR, rs->kernel_path,
                      sizeof(rs->kernel_path)) < 0 ||
        !kernel_load(rs->kernel_path, keep_kernel_imports, keep_kernel_import_count, err,
                     sizeof(err))) {
        report("resume: %s", err);
        return -1;
    }
    void *sym = kernel_symbol("keep_kernel_resume");
    if (!sym || kernel_image_here(&rs->image) || rs->image.text_crc != want->text_crc ||
        rs->image.text_size != want->text_size) {
        report("resume: the snapshot was taken with another keep kernel than %s", rs->kernel_path);
        return -1;
    }
    memcpy(&rs->kernel_resume, &sym, sizeof(sym));
    free(rs->spec.kernel_path);
    rs->spec.kernel_path = strdup(rs->kernel_path);
    return 0;
}

/* The STREAMS section: every stream back at its id, the tree's pipes and
 * processes linked again (KEEPDEBUG=loader reports the ones that could not
 * be). */
static int restore_streams(const char *p, size_t size, uint32_t version, int verbose)
{
    struct snap_stream_entry e;
    size_t at = 0;
    int rc;

    while ((rc = snap_stream_next(p, size, &at, version, &e)) == 1) {
        unsigned kind = e.d.kind;
        int dead;
        snaptree_link_stream(&e.d, kind);
        int r = host_stream_restore(&e.d, &dead);
        if (r) {
            report("resume: cannot re-create stream %lld: %s", (long long)e.d.id,
                   host_status_name(r));
            return -1;
        }
        if (dead && verbose)
            report("resume: stream %lld (%s) could not be re-created: using it fails",
                   (long long)e.d.id, e.d.path ? e.d.path : "a pipe or a child");
    }
    if (rc < 0) {
        report("resume: the STREAMS section is malformed");
        return -1;
    }
    return 0;
}

/* A registry image (REGISTRY, REGISTRY_VOLATILE) into a memfd *fd for
 * the kernel, which reads it once it runs. */
static int restore_registry(int *fd, uint64_t *fd_size, struct snap_reader *r, uint64_t size,
                            char *err, size_t errlen)
{
    char buf[65536];
    size_t got;

    if ((*fd = memfd_create("keep-registry", MFD_CLOEXEC)) < 0) {
        snprintf(err, errlen, "memfd: %s", strerror(errno));
        return -1;
    }
    *fd_size = size;
    do {
        if (snap_reader_data(r, buf, sizeof(buf), &got, err, errlen))
            return -1;
        if (got && write(*fd, buf, got) != (ssize_t)got) {
            snprintf(err, errlen, "memfd: %s", strerror(errno));
            return -1;
        }
    } while (got);
    return 0;
}

/* KERNEL_DATA: straight into the kernel's writable segment. */
static int restore_kernel_data(struct resume *rs, struct snap_reader *r, uint64_t size,
                               char *err, size_t errlen)
{
    uint64_t addr;

    if (size < 8 || snap_reader_take(r, &addr, sizeof(addr), err, errlen))
        return size < 8 ? (snprintf(err, errlen, "KERNEL_DATA is too short"), -1) : -1;
    if (addr < rs->image.data_start || addr + (size - 8) > rs->image.data_end ||
        addr + (size - 8) < addr) {
        snprintf(err, errlen, "KERNEL_DATA %#llx+%llu is outside the kernel's data",
                 (unsigned long long)addr, (unsigned long long)(size - 8));
        return -1;
    }
    return snap_reader_take(r, (void *)(uintptr_t)addr, size - 8, err, errlen);
}

/* One section after BOOT. */
static int restore_section(struct resume *rs, struct snap_reader *r, uint32_t type, uint64_t size,
                           char *err, size_t errlen)
{
    void *b;
    int rc;

    switch (type) {
    case KEEP_SNAP_KERNEL_ID:
        if (size != sizeof(struct kernel_image) || !(b = take_all(r, size, err, errlen)))
            return size != sizeof(struct kernel_image)
                       ? (snprintf(err, errlen, "KERNEL_ID is malformed"), -1) : -1;
        if ((rc = start_prepare_host(&rs->spec)) || load_kernel(rs, b))
            rc = -1;
        free(b);
        if (rc)
            snprintf(err, errlen, "cannot set up the host for the snapshot");
        return rc;
    case KEEP_SNAP_STREAMS:
        if (!(b = take_all(r, size, err, errlen)))
            return -1;
        rc = restore_streams(b, size, rs->version, (rs->spec.debug_flags & KEEP_DEBUG_LOADER) != 0);
        free(b);
        if (rc)
            snprintf(err, errlen, "the open files could not be re-created");
        return rc;
    case KEEP_SNAP_REGISTRY:
        return restore_registry(&rs->registry_fd, &rs->registry_size, r, size, err, errlen);
    case KEEP_SNAP_REGISTRY_VOLATILE:
        return restore_registry(&rs->volatile_fd, &rs->volatile_size, r, size, err, errlen);
    case KEEP_SNAP_MEMORY:
        return snapmem_restore(r, size, err, errlen);
    case KEEP_SNAP_KERNEL_DATA:
        return restore_kernel_data(rs, r, size, err, errlen);
    case KEEP_SNAP_PROCESS:
        return snaptree_start_child(r, size, rs->instance, err, errlen);
    case KEEP_SNAP_PIPE_DATA:
        return 0;       /* read at the check: the pipes are made by then */
    default:
        snprintf(err, errlen, "unknown section type %u", type);
        return -1;
    }
}

static int restore_file(struct resume *rs, int fd, const char *instance, char *err, size_t errlen)
{
    struct snap_identity id;
    struct snap_reader *r;
    uint32_t type;
    uint64_t size;
    int rc;

    if (lseek(fd, 0, SEEK_SET) < 0 || snap_reader_open(fd, &id, &r, err, errlen))
        return -1;
    rs->version = snap_reader_version(r);
    rs->instance = instance;
    rc = snap_reader_next(r, &type, &size, err, errlen);
    void *b = rc == 1 ? take_all(r, size, err, errlen) : NULL;
    rc = b && !child_spec_decode(b, size, &rs->spec, err, errlen) ? 0 : -1;
    free(b);
    /* this run's KEEPDEBUG, not the snapshot's */
    char derr[256];
    if (!rc && debug_flags_parse(getenv("KEEPDEBUG"), &rs->spec.debug_flags, derr, sizeof(derr)) < 0)
        report("warning: %s", derr);
    if (!rc && instance && move_instance(rs, instance))
        rc = -1;
    if (!rc)
        find_runtime_dir(rs);
    while (!rc && (rc = snap_reader_next(r, &type, &size, err, errlen)) == 1)
        rc = restore_section(rs, r, type, size, err, errlen);
    snap_reader_close(r);
    return rc < 0 ? -1 : 0;
}

/* A registry image's memfd as a stream for the kernel; -1 without one. */
static host_stream_t adopt_image(int fd, uint64_t size)
{
    host_stream_t s;

    if (fd < 0 || !size || host_stream_adopt(fd, HOST_OPEN_READ | HOST_ADOPT_POSITIONED, &s) != HOST_OK)
        return -1;
    return s;
}

/* Restore the file and run its program: the part of keep resume and keep
 * __resume after the check.  rdp: keep resume --rdp's settings, or NULL. */
static int resume_file(struct resume *rs, int fd, const char *file, const char *instance,
                       const struct rdp_settings *rdp)
{
    char err[PATH_MAX + 256];

    if (restore_file(rs, fd, instance, err, sizeof(err))) {
        report("resume: %s: %s", file, err);
        snaptree_go(0);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    close(fd);
    /* the streams hold what they need of the tree's descriptors */
    snaptree_close_links();
    struct keep_resume res = { sizeof(res), -1, rs->registry_size, -1, rs->volatile_size };
    /* an empty image: the snapshot's program ran without a database, or is
       a child (its parent's image is the instance's) */
    res.registry_stream = adopt_image(rs->registry_fd, rs->registry_size);
    res.volatile_stream = adopt_image(rs->volatile_fd, rs->volatile_size);
    rs->spec.registry_base = (char *)run_registry_base();
    if (rdp) {
        struct rdp_settings r = *rdp;
        if (!r.width && rs->spec.display_width)   /* the program's screen */
            r.width = rs->spec.display_width, r.height = rs->spec.display_height;
        if (!r.width)
            r.width = RDP_SERVE_DEFAULT_WIDTH, r.height = RDP_SERVE_DEFAULT_HEIGHT;
        if (rdp_serve_start(&r, rs->spec.instance_dir)) {
            snaptree_go(0);
            return KEEP_EXIT_CANNOT_EXEC;
        }
        rs->spec.display_width = r.width;
        rs->spec.display_height = r.height;
    }
    struct keep_boot boot = {
        .argc = 1, .argv = (const char *const *)&rs->spec.program_path,
        .envp = (const char *const *)environ, .parent_stream = snaptree_parent_stream(),
    };
    start_fill_boot(&rs->spec, &boot);
    boot.control = snapctl_start(&rs->spec, boot.parent_stream) == 0;
    /* a child runs once its parent has restored itself */
    if (boot.parent_stream >= 0 && snaptree_wait_go()) {
        snaptree_go(0);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    snaptree_go(1);
    rs->kernel_resume(&boot, &res);
    return KEEP_EXIT_CANNOT_EXEC;
}

int cmd_resume(int argc, char **argv)
{
    static struct resume rs = { .registry_fd = -1, .volatile_fd = -1 };
    static struct rdp_settings rdp;
    const char *instance = NULL, *file;
    char err[PATH_MAX + 256];
    int i = 1, fd;

    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        resume_usage(stdout);
        return 0;
    }
    for (; argc > i + 1 && argv[i][0] == '-' && argv[i][1]; i += 2) {
        int r = 0;
        if (!strcmp(argv[i], "--instance"))
            instance = argv[i + 1];
        else if (!strcmp(argv[i], "--rdp"))
            r = rdp_settings_listen(&rdp, argv[i + 1], err, sizeof(err));
        else if (!strcmp(argv[i], "--rdp-size"))
            r = rdp_settings_size(&rdp, argv[i + 1], err, sizeof(err));
        else
            break;
        if (r < 0) {
            report("resume: %s", err);
            return KEEP_EXIT_USAGE;
        }
    }
    if (argc - i != 1 || (rdp.width && !rdp.on)) {
        resume_usage(stderr);
        return KEEP_EXIT_USAGE;
    }
    file = argv[i];
    fd = !strcmp(file, "-") ? spool_stdin() : open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        report("resume: %s: %s", file, strerror(errno));
        return KEEP_EXIT_FAILURE;
    }
    if (check_file(fd, 0, err, sizeof(err)) || snaptree_make_pipes(err, sizeof(err))) {
        report("resume: %s: %s", file, err);
        return KEEP_EXIT_FAILURE;
    }
    return resume_file(&rs, fd, file, instance, rdp.on ? &rdp : NULL);
}

int cmd_resume_child(int argc, char **argv)
{
    static struct resume rs = { .registry_fd = -1, .volatile_fd = -1 };
    const char *instance = argc == 3 && !strcmp(argv[1], "--instance") ? argv[2] : NULL;
    char err[256];

    if ((argc != 1 && !instance) || snaptree_take_links(err, sizeof(err))) {
        if (argc == 1 || instance)
            report("__resume: %s", err);
        return KEEP_EXIT_USAGE;
    }
    return resume_file(&rs, SNAPTREE_FD_FILE, "a child process's snapshot", instance, NULL);
}

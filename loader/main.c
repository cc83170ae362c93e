/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * main.c - the keep command: dispatch to run and instance.
 */
#include "config.h"

#include <limits.h>
#include <stdbool.h>
#include <malloc.h>
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "child.h"
#include "instance.h"
#include "rdp_serve.h"
#include "reg.h"
#include "run.h"
#include "snapshot.h"
#include "util.h"

static void print_name(const char *name, void *arg)
{
    (void)arg;
    printf("%s\n", name);
}

static int instance_failure(const char *err)
{
    report("%s", err);
    return KEEP_EXIT_FAILURE;
}

/* keep instance list | create NAME | remove NAME */
static int cmd_instance(int argc, char **argv)
{
    char root[PATH_MAX], dir[PATH_MAX], user[USER_NAME_MAX + 1], err[2 * PATH_MAX];
    const char *sub = argc > 1 ? argv[1] : "";
    bool named = !strcmp(sub, "create") || !strcmp(sub, "remove");

    if (!(named && argc == 3) && !(!strcmp(sub, "list") && argc == 2)) {
        report("usage: keep instance list | create NAME | remove NAME");
        return KEEP_EXIT_USAGE;
    }
    if (named && !instance_name_valid(argv[2])) {
        report("invalid instance name '%s' (use 1 to %d of A-Z a-z 0-9 . _ -, not starting with '.')",
               argv[2], INSTANCE_NAME_MAX);
        return KEEP_EXIT_USAGE;
    }
    if (instance_root(root, sizeof(root), err, sizeof(err)) < 0)
        return instance_failure(err);
    int rc;
    if (!strcmp(sub, "list"))
        rc = instance_list(root, print_name, NULL, err, sizeof(err));
    else if (!strcmp(sub, "create")) {
        instance_user_name(user, sizeof(user));
        rc = instance_create(root, argv[2], user, dir, sizeof(dir), err, sizeof(err));
    } else
        rc = instance_remove(root, argv[2], err, sizeof(err));
    return rc == INSTANCE_OK ? 0 : instance_failure(err);
}

/*
 * keep rdp-test [--instance NAME] [OPTIONS]: the RDP test card, served by
 * rdp/keep-rdp-test (installed next to keep, or in the build tree).  Its
 * certificate lives in the instance, as a program's display will.
 */
static int cmd_rdp_test(int argc, char **argv)
{
    char prog[PATH_MAX + 32], root[PATH_MAX], dir[PATH_MAX];
    char err[PATH_MAX + 128], user[USER_NAME_MAX + 1];
    const char *name = INSTANCE_DEFAULT;
    char **args = calloc((size_t)argc + 3, sizeof(*args));
    int n = 0;

    if (!args || rdp_server_program(prog, sizeof(prog)) < 0)
        return instance_failure("rdp-test: cannot find keep's own directory");
    args[n++] = prog;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--instance") && i + 1 < argc) {
            name = argv[++i];
            continue;
        }
        args[n++] = argv[i];
    }
    if (!instance_name_valid(name))
        return instance_failure("rdp-test: invalid instance name");
    if (instance_root(root, sizeof(root), err, sizeof(err)) < 0)
        return instance_failure(err);
    instance_user_name(user, sizeof(user));
    if (instance_open(root, name, user, dir, sizeof(dir), err, sizeof(err)) != INSTANCE_OK)
        return instance_failure(err);
    args[n++] = "--instance";
    args[n++] = dir;
    execv(prog, args);
    report("rdp-test: cannot run %s: %s", prog, strerror(errno));
    return KEEP_EXIT_CANNOT_EXEC;
}

/*
 * Under a hypervisor the first touch of each page is a fault that costs
 * microseconds.  keep's static data and the top of its stack are written
 * within its first milliseconds anyway (path buffers, the host's tables):
 * back them in two host calls instead of a fault per page.  A kernel
 * without MADV_POPULATE_WRITE (before 5.14) just faults as before.
 */
static void back_startup_memory(void)
{
    extern char __bss_start[], _end[];
    const uintptr_t page = 4096, stack_pages = 16;
    uintptr_t start = (uintptr_t)__bss_start & ~(page - 1);
    uintptr_t end = ((uintptr_t)_end + page - 1) & ~(page - 1);
    char here;
    uintptr_t sp = (uintptr_t)&here & ~(page - 1);

    madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    madvise((void *)(sp - (stack_pages - 1) * page), stack_pages * page, MADV_POPULATE_WRITE);
}

int main(int argc, char **argv)
{
    const char *cmd = argc > 1 ? argv[1] : NULL;

    back_startup_memory();

    /* one malloc arena for every thread: the host's few allocations are
       not worth a fresh arena's pages (a fault each) per thread */
    mallopt(M_ARENA_MAX, 1);

    if (!cmd) {
        run_usage(stderr);
        return KEEP_EXIT_USAGE;
    }
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        run_usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("keep %s (Wine 8.0 PE DLLs in %s)\n", PACKAGE_VERSION, run_wine_dll_dir(NULL));
        return 0;
    }
    if (!strcmp(cmd, "run"))
        return cmd_run(argc - 1, argv + 1);
    if (!strcmp(cmd, "instance"))
        return cmd_instance(argc - 1, argv + 1);
    if (!strcmp(cmd, "reg"))
        return cmd_reg(argc - 1, argv + 1);
    if (!strcmp(cmd, "snapshot"))
        return cmd_snapshot(argc - 1, argv + 1);
    if (!strcmp(cmd, "resume"))
        return cmd_resume(argc - 1, argv + 1);
    if (!strcmp(cmd, "rdp-test"))
        return cmd_rdp_test(argc - 1, argv + 1);
    if (!strcmp(cmd, "__child"))     /* started by keep itself (child.h) */
        return cmd_child(argc - 1, argv + 1);
    if (!strcmp(cmd, "__resume"))    /* started by keep resume itself (snaptree.h) */
        return cmd_resume_child(argc - 1, argv + 1);
    report("unknown command '%s' (see keep --help)", cmd);
    return KEEP_EXIT_USAGE;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * start.c - configure the host, load the kernel, start the program.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>

#include "host.h"
#include "host_setup.h"
#include "kernel_load.h"
#include "start.h"
#include "util.h"

int start_prepare_host(struct child_spec *self)
{
    const struct policy_rule *bad = NULL;
    int rc = host_init();

    if (rc != HOST_OK) {
        report("cannot initialise the host: %s", host_status_name(rc));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    host_policy_reset();
    host_policy_set_log(self->quiet_denials ? NULL : stderr);
    rc = policy_apply(&self->policy, host_policy_allow, &bad);
    if (rc != HOST_OK) {
        report("cannot allow %s: %s", bad->path, host_status_name(rc));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    /* the base registry: read-only, for the kernel (it refuses it to the
       program) */
    if (self->registry_base && (rc = host_policy_allow(self->registry_base, HOST_POLICY_RO))) {
        report("cannot allow %s: %s", self->registry_base, host_status_name(rc));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    /* the runtime directory (volatile registry keys): the kernel's, which
       refuses it to the program */
    if (self->runtime_dir && (rc = host_policy_allow(self->runtime_dir, HOST_POLICY_RW))) {
        report("cannot allow %s: %s", self->runtime_dir, host_status_name(rc));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    /* Wine's unix libraries (win32u.so, ...): the one directory the host
       loads libraries from */
    if (self->wine_unix && *self->wine_unix &&
        (rc = host_library_allow_dir(self->wine_unix)) != HOST_OK) {
        report("cannot allow Wine's unix libraries in %s: %s", self->wine_unix,
               host_status_name(rc));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    host_set_spawner(child_spawner, self);
    return 0;
}

void start_fill_boot(const struct child_spec *self, struct keep_boot *boot)
{
    boot->size = sizeof(*boot);
    boot->version = KEEP_BOOT_VERSION;
    boot->program_path = self->program_path;
    boot->cwd = self->cwd;
    boot->instance_dir = self->instance_dir;
    boot->wine_dll_dir = self->wine_dlls;
    boot->wine_data_dir = self->wine_data;
    boot->user_name = self->user;
    boot->debug_flags = self->debug_flags;
    boot->wine_unix_dir = self->wine_unix ? self->wine_unix : "";
    boot->registry_base = self->registry_base;
    boot->runtime_dir = self->runtime_dir;
}

int start_kernel_main(const struct child_spec *self, struct keep_boot *boot)
{
    char err[2 * PATH_MAX];
    keep_kernel_main_t kernel_main = kernel_load(self->kernel_path, keep_kernel_imports,
                                                 keep_kernel_import_count, err, sizeof(err));

    if (!kernel_main) {
        report("%s", err);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    start_fill_boot(self, boot);
    int rc = kernel_main(boot);
    /* The kernel printed its reason; a status >= 0 is passed through. */
    return rc < 0 ? KEEP_EXIT_CANNOT_EXEC : (rc & 0xff);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host_setup.h - configuration of the host by the monitor (loader/), before
 * the kernel starts.  Not part of the host ABI: the kernel never calls these.
 */
#ifndef KEEP_HOST_SETUP_H
#define KEEP_HOST_SETUP_H

#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Initialise the host: signal handling, the main thread's signal stack, the
 * stream table.  Call once, first.  Returns HOST_OK or a HOST_E* code.
 */
int host_init(void);

enum host_policy_access {
    HOST_POLICY_RO = 1,   /* read, list, map, attributes */
    HOST_POLICY_RW = 3,   /* also create, write, rename, delete */
};

/*
 * Allow access to an absolute host path and everything below it.  The path
 * is canonicalised (realpath) when it exists; a later, longer rule wins over
 * a shorter one (so a read-only subtree may sit inside a read-write one).
 * Returns HOST_OK, HOST_EINVAL (relative path), HOST_ENOMEM.
 */
int host_policy_allow(const char *path, unsigned access);

/* Drop every rule: nothing is reachable afterwards. */
void host_policy_reset(void);

/*
 * Where denials are logged (one line each: "keep: denied <op> <path>").
 * NULL silences the log.  Default: stderr.
 */
void host_policy_set_log(FILE *log);

/*
 * The one directory host_library_open may load Wine's unix libraries from
 * (Wine's x86_64-unix directory); NULL or never set: no library loads.
 * Returns HOST_OK, HOST_EINVAL (relative or unresolvable path), HOST_ENOMEM.
 */
int host_library_allow_dir(const char *dir);

/* How many accesses the policy has denied so far (for tests). */
unsigned long host_policy_denials(void);

#ifdef __cplusplus
}
#endif

#endif /* KEEP_HOST_SETUP_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy.h - the monitor's side of the security policy: which host paths
 * a run may reach, built from the defaults, the manifest and --allow, then
 * handed to the host (host_policy_allow) before the kernel starts.
 */
#ifndef KEEP_LOADER_POLICY_H
#define KEEP_LOADER_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "host_setup.h"   /* HOST_POLICY_RO, HOST_POLICY_RW */

struct policy_rule {
    char *path;          /* absolute, canonical */
    unsigned access;     /* HOST_POLICY_RO or HOST_POLICY_RW */
};

/* A list of rules; at most one per path. */
struct policy {
    struct policy_rule *rules;
    size_t n, cap;
};

void policy_free(struct policy *p);

/*
 * Parse an allow specification "PATH", "PATH:ro" or "PATH:rw" (default
 * rw).  A relative PATH is taken relative to base (the current directory
 * when base is NULL).  path receives the canonical absolute path.
 * Returns 0, or -1 with a reason in err.
 */
int policy_parse_spec(const char *spec, const char *base, char *path,
                      size_t size, unsigned *access, char *err, size_t errlen);

/*
 * Add an explicit rule for path (canonicalised).  A rule for the same
 * path already there keeps the wider access: rw wins over ro.
 * Returns 0, or -1 (out of memory, path too long).
 */
int policy_add(struct policy *p, const char *path, unsigned access);

/*
 * Add an implied rule: skipped when the longest existing rule covering
 * path already grants access (so the program's directory never downgrades
 * a read-write current directory that holds it).
 */
int policy_add_default(struct policy *p, const char *path, unsigned access);

/* The longest rule covering path (absolute, canonical), or NULL. */
const struct policy_rule *policy_lookup(const struct policy *p, const char *path);

/* What a run's policy is built from. */
struct policy_inputs {
    const char *cwd;
    const char *program_path;     /* the .exe, absolute */
    const char *instance_dir;
    const char *wine_dll_dir;
    const char *wine_data_dir;
    const char *font_dir;         /* the host's fonts (read-only), or NULL */
    const char *const *font_config_dirs;  /* fontconfig's configuration and cache
                                     (read-only), NULL-terminated, or NULL */
    bool no_default_allow;        /* no cwd rw, no program dir ro */
    const struct policy *allows;  /* --allow and manifest rules, or NULL */
};

/*
 * The policy of a run: the current directory rw, the program's directory
 * ro, the instance rw, Wine's DLL and data directories and the host's
 * fonts (font_dir, font_config_dirs) ro, then the allows.  With no_default_allow: the
 * instance, the Wine directories, the fonts, the program file itself (ro:
 * the kernel must map it) and the allows.
 */
int policy_build(struct policy *p, const struct policy_inputs *in);

/*
 * Hand every rule to allow (host_policy_allow).  Returns 0, or the first
 * failing status with *failed set to its rule.
 */
int policy_apply(const struct policy *p, int (*allow)(const char *path, unsigned access),
                 const struct policy_rule **failed);

#endif /* KEEP_LOADER_POLICY_H */

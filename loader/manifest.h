/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * manifest.h - the run manifest: a line-based "key = value" file that
 * describes a run (see docs/manifest.md).
 */
#ifndef KEEP_LOADER_MANIFEST_H
#define KEEP_LOADER_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"
#include "rdp_options.h"
#include "util.h"

struct manifest {
    char *program;            /* absolute (relative to the manifest's dir), or NULL */
    char *instance;           /* or NULL */
    struct strlist args;      /* arg = ..., in order */
    struct strlist env;       /* env = KEY=VALUE, in order */
    struct policy allows;     /* allow = PATH[:ro|:rw] */
    bool no_default_allow;
    bool quiet_denials;
    struct rdp_settings rdp;  /* rdp, rdp-size, rdp-user, rdp-password[-file] */
};

void manifest_init(struct manifest *m);
void manifest_free(struct manifest *m);

/*
 * Parse text[0..len) (name is the file name for messages; base the
 * directory relative paths are taken from).  On error, err receives
 * "<name>:<line>: <reason>" and -1 is returned; m keeps what was parsed.
 */
int manifest_parse(struct manifest *m, const char *text, size_t len,
                   const char *name, const char *base, char *err, size_t errlen);

/* Read and parse the file path.  Returns 0 or -1 with a reason in err. */
int manifest_load(struct manifest *m, const char *path, char *err, size_t errlen);

#endif /* KEEP_LOADER_MANIFEST_H */

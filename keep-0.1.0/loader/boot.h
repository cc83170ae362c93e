/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * boot.h - what the monitor hands to the kernel besides paths: the debug
 * flags (KEEPDEBUG) and the program's environment.
 */
#ifndef KEEP_LOADER_BOOT_H
#define KEEP_LOADER_BOOT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/*
 * Parse KEEPDEBUG: a comma-separated list of syscalls, trace, loader,
 * exceptions (or all), or a number (decimal or 0x hex).  Unknown names
 * are skipped: *out gets the known ones, -1 is returned and err names the
 * first unknown one.  NULL or empty gives 0.
 */
int debug_flags_parse(const char *s, unsigned *out, char *err, size_t errlen);

/* true for keep's own variables, which the program does not see. */
bool env_is_keep_own(const char *entry);

/*
 * The program's environment: environ minus keep's own variables, with
 * extra (KEY=VALUE, later ones win) replacing or adding entries.  The
 * result points into environ and extra; free only the array.
 * Returns NULL when out of memory.
 */
const char **env_build(char *const *environ, const struct strlist *extra);

#endif /* KEEP_LOADER_BOOT_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regcase.h - the Windows upcase table for registry users outside the
 * kernel (the keep reg tools, the unit tests): read from Wine's
 * l_intl.nls, the file the kernel's kupcase uses, through the same lookup
 * (casemap.h), so names fold identically on both sides.
 */
#ifndef KEEP_REGISTRY_REGCASE_H
#define KEEP_REGISTRY_REGCASE_H

#include <stdint.h>

/* Load <wine_data_dir>/nls/l_intl.nls (into SQLite's memory: after
 * keepsql_init).  Returns 0, or a HOST_E* code (the
 * file is missing or too short to hold the tables). */
int regcase_load(const char *wine_data_dir);

/* One unit through the table (ASCII rules until regcase_load succeeded). */
uint16_t regcase_upcase(uint16_t c);

/* The loaded table in casemap.h's layout (for the kernel's kupcase in the
 * unit tests), or NULL before regcase_load succeeded. */
const uint16_t *regcase_table(void);

#endif /* KEEP_REGISTRY_REGCASE_H */

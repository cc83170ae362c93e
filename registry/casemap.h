/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * casemap.h - one lookup in a case table of Wine's l_intl.nls (the Windows
 * upcase and lowcase tables), shared by the kernel (dlls/ntdll/string.c)
 * and the registry library (registry/regcase.c), so that both fold names
 * the same way.
 */
#ifndef KEEP_REGISTRY_CASEMAP_H
#define KEEP_REGISTRY_CASEMAP_H

#include <stdint.h>

static inline uint16_t casemap(const uint16_t *table, uint16_t c)
{
    /* l_intl.nls layout: table[c >> 8] -> offset of a 16-entry block
       index, then that + ((c >> 4) & 0xf) -> offset of 16 deltas */
    return (uint16_t)(c + table[table[table[c >> 8] + ((c >> 4) & 0x0f)] + (c & 0x0f)]);
}

#endif /* KEEP_REGISTRY_CASEMAP_H */

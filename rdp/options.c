/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * options.c - parsing of the RDP settings; see options.h.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include "rdp/options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rdp/display.h"

int rdp_parse_listen(const char *spec, char *addr, size_t addr_size, unsigned *port)
{
    const char *colon = strrchr(spec, ':');
    const char *num = colon ? colon + 1 : spec;
    const char *host = spec;
    size_t n = colon ? (size_t)(colon - spec) : 0;
    char *end;
    unsigned long v;

    if (addr_size == 0)
        return -EINVAL;
    /* [v6-address]:port */
    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host++;
        n -= 2;
    }
    if (colon && n == 0)
        return -EINVAL;
    if (!colon) {
        host = "127.0.0.1";
        n = strlen(host);
    }
    if (n >= addr_size)
        return -EINVAL;
    memcpy(addr, host, n);
    addr[n] = '\0';
    errno = 0;
    v = strtoul(num, &end, 10);
    if (errno || end == num || *end || v == 0 || v > 65535)
        return -EINVAL;
    *port = (unsigned)v;
    return 0;
}

int rdp_parse_size(const char *spec, unsigned *w, unsigned *h)
{
    char x, extra;

    if (sscanf(spec, "%u%c%u%c", w, &x, h, &extra) != 3 || (x != 'x' && x != 'X'))
        return -EINVAL;
    if (*w == 0 || *h == 0 || *w > DISPLAY_MAX_DIM || *h > DISPLAY_MAX_DIM)
        return -EINVAL;
    return 0;
}

int rdp_parse_codec(const char *name, enum rdp_codec *out)
{
    static const char *const names[] = { "auto", "rfx", "nsc", "planar", "interleaved", "raw" };

    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (!strcmp(name, names[i])) {
            *out = (enum rdp_codec)i;
            return 0;
        }
    }
    return -EINVAL;
}

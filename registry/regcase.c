/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* regcase.c - the Windows upcase table from l_intl.nls (regcase.h). */
#include <stdio.h>

#include "host.h"
#include "sqlite3.h"
#include "registry/casemap.h"
#include "registry/regcase.h"

static const uint16_t *upcase_table;

int regcase_load(const char *wine_data_dir)
{
    char uri[4096];
    struct host_attr a;
    host_stream_t s;
    uint16_t *buf;
    size_t done;
    int r;

    if (upcase_table)
        return HOST_OK;
    snprintf(uri, sizeof(uri), "file:%s/nls/l_intl.nls", wine_data_dir);
    if ((r = host_stream_open(uri, HOST_OPEN_READ, &s)) < 0)
        return r;
    r = host_stream_attr(s, &a);
    if (!r && (a.size < 8 || a.size > (1u << 20)))
        r = HOST_EINVAL;
    if (!r && !(buf = sqlite3_malloc64(a.size)))
        r = HOST_ENOMEM;
    if (!r && (r = host_stream_read(s, buf, a.size, 0, &done)) == 0 && done != a.size)
        r = HOST_EIO;
    host_stream_close(s);
    if (r)
        return r;
    /* header words, then the upcase table (as nls.c reads it) */
    if ((size_t)buf[1] + 2 > a.size / 2) {
        sqlite3_free(buf);
        return HOST_EINVAL;
    }
    upcase_table = buf + 2;
    return HOST_OK;
}

uint16_t regcase_upcase(uint16_t c)
{
    if (c < 0x80 || !upcase_table)
        return (c >= 'a' && c <= 'z') ? (uint16_t)(c - 32) : c;
    return casemap(upcase_table, c);
}

const uint16_t *regcase_table(void)
{
    return upcase_table;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapstreams.c - a snapshot's STREAMS entries (snapstreams.h).
 */
#include "config.h"

#include <string.h>

#include "snapstreams.h"

/* Format 3: id u64, kind u32, flags u32, stdio fd i32, path length u32,
 * device u64, inode u64, path; formats 1 and 2 have no device and inode. */
void snap_stream_put(FILE *f, const struct host_stream_desc *d, unsigned kind)
{
    uint32_t len = d->path ? (uint32_t)strlen(d->path) : 0;
    int32_t fd = d->stdio_fd;

    fwrite(&d->id, sizeof(d->id), 1, f);
    fwrite(&kind, sizeof(kind), 1, f);
    fwrite(&d->flags, sizeof(d->flags), 1, f);
    fwrite(&fd, sizeof(fd), 1, f);
    fwrite(&len, sizeof(len), 1, f);
    fwrite(&d->dev, sizeof(d->dev), 1, f);
    fwrite(&d->ino, sizeof(d->ino), 1, f);
    fwrite(d->path ? d->path : "", 1, len, f);
}

int snap_stream_next(const char *p, size_t size, size_t *at, uint32_t version,
                     struct snap_stream_entry *e)
{
    size_t head = version >= 3 ? 40 : 24;
    uint32_t len;
    int32_t fd;

    if (*at == size)
        return 0;
    if (size - *at < head)
        return -1;
    memset(&e->d, 0, sizeof(e->d));
    memcpy(&e->d.id, p + *at, 8);
    memcpy(&e->d.kind, p + *at + 8, 4);
    memcpy(&e->d.flags, p + *at + 12, 4);
    memcpy(&fd, p + *at + 16, 4);
    memcpy(&len, p + *at + 20, 4);
    if (version >= 3) {
        memcpy(&e->d.dev, p + *at + 24, 8);
        memcpy(&e->d.ino, p + *at + 32, 8);
    }
    *at += head;
    if (len >= sizeof(e->path) || len > size - *at)
        return -1;
    memcpy(e->path, p + *at, len);
    e->path[len] = 0;
    *at += len;
    e->d.stdio_fd = fd;
    e->d.path = len ? e->path : NULL;
    e->d.fd = -1;
    return 1;
}

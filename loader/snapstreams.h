/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapstreams.h - a snapshot's STREAMS entries (docs/snapshot.md, "The
 * file"): what re-creates each open host stream, and which open file it
 * was (device and inode), so that a resumed tree's pipes and standard
 * handles can be linked again.
 */
#ifndef KEEP_LOADER_SNAPSTREAMS_H
#define KEEP_LOADER_SNAPSTREAMS_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host_setup.h"

/* A STREAMS entry's kind for a child's parent stream (beside HOST_DESC_*). */
#define SNAP_STREAM_PARENT 7

struct snap_stream_entry {
    struct host_stream_desc d;      /* d.path points into path */
    char path[PATH_MAX];
};

/* Append d to f, as format SNAP_FORMAT_VERSION has it, with kind `kind`. */
void snap_stream_put(FILE *f, const struct host_stream_desc *d, unsigned kind);

/* The entry at *at of a STREAMS payload of a file of format version: 1,
 * 0 at the end, -1 when malformed. */
int snap_stream_next(const char *p, size_t size, size_t *at, uint32_t version,
                     struct snap_stream_entry *e);

#endif /* KEEP_LOADER_SNAPSTREAMS_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapmem.h - a snapshot's MEMORY sections (docs/snapshot.md): a range of
 * the picoprocess's memory as the host mapped it, and the pages that hold
 * data.
 *
 * The kernel names a range; the monitor reads how Linux maps it
 * (/proc/self/maps) and which pages were ever written (/proc/self/pagemap):
 * anonymous memory keeps only its touched pages, a private mapping of a
 * file is kept as the file's identity (path, size, modification time) and
 * the pages written since it was mapped, a shared one as the file alone.
 * Untouched memory costs nothing in the file.
 *
 * Functions answer 0 or -1 with a one-line reason in err.
 */
#ifndef KEEP_LOADER_SNAPMEM_H
#define KEEP_LOADER_SNAPMEM_H

#include <stddef.h>
#include <stdint.h>

#include "snapfile.h"

/* This process's mappings, read once for a snapshot's sections (the
 * program is stopped: they do not change meanwhile). */
struct snapmem_maps;
int snapmem_maps_read(struct snapmem_maps **out, char *err, size_t errlen);
void snapmem_maps_free(struct snapmem_maps *m);

/* Name (path, size, modification time), rather than carry, only the
 * private mappings of files under one of dirs (NULL-terminated; those that
 * do not exist are left out): the directories every host that may resume
 * the snapshot has, Wine's, whose identity the file's header holds.  The
 * pages of other mapped files (the program's image, its own DLLs) are
 * carried whole, so that the snapshot resumes where those files are gone.
 * Without a call every file that can be named again is named. */
int snapmem_maps_name_only(struct snapmem_maps *m, const char *const *dirs, char *err,
                           size_t errlen);

/* Write [addr, addr + size) of this process, as m maps it, as one section
 * of type. */
int snapmem_save(struct snap_writer *w, uint32_t type, const struct snapmem_maps *m,
                 uint64_t addr, uint64_t size, char *err, size_t errlen);

/* Map a section snapmem_save wrote back at its addresses (which must be
 * free), from r, positioned at the start of its size bytes. */
int snapmem_restore(struct snap_reader *r, uint64_t size, char *err, size_t errlen);

#endif /* KEEP_LOADER_SNAPMEM_H */

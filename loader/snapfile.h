/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapfile.h - the snapshot container (docs/snapshot.md, "The file").
 *
 * A header naming where the snapshot may resume, then sections, each a
 * type, a size and its bytes in zstd-compressed, checksummed chunks, and an
 * END section counting the others.  Written and read as a stream: the
 * writer never seeks (the file may be a pipe) and never holds more than one
 * chunk; the reader checks every size against its limit before allocating,
 * every checksum before handing bytes out, and refuses a file cut anywhere.
 * The container does not interpret section payloads.
 *
 * Functions returning int answer 0 or -1; on -1, err (errlen bytes) holds a
 * one-line reason naming the section and the byte offset.
 */
#ifndef KEEP_LOADER_SNAPFILE_H
#define KEEP_LOADER_SNAPFILE_H

#include <stddef.h>
#include <stdint.h>

/* 2: REGISTRY_VOLATILE; 3: process trees (PROCESS, PIPE_DATA, and STREAMS
 * entries that say which open file a stream is).  Files of formats 1 and
 * 2 are read too. */
#define SNAP_FORMAT_VERSION 3
#define SNAP_CHUNK (1u << 20)               /* raw bytes per chunk, at most */
#define SNAP_SECTION_MAX (1ull << 40)       /* raw bytes per section, at most */

/* The CPU features a program may have seen (CPUID leaves 1 and 7, XCR0). */
struct snap_cpu {
    uint32_t leaf1_ecx, leaf1_edx;
    uint32_t leaf7_ebx, leaf7_ecx, leaf7_edx;
    uint32_t pad;
    uint64_t xcr0;
};

/* Where a snapshot may resume. */
struct snap_identity {
    char keep_version[32];                  /* NUL-terminated */
    uint8_t wine_dlls[32];                  /* sha256 of ntdll.dll's export names */
    struct snap_cpu cpu;
};

/* This host's CPU features. */
void snap_cpu_here(struct snap_cpu *out);

/*
 * May a snapshot taken with `file` resume here?  The Wine DLLs must be the
 * same and every CPU feature the file's program may use must be here (a
 * newer CPU is fine).  The keep version is only reported.
 */
int snap_identity_check(const struct snap_identity *file, const struct snap_identity *here,
                        char *err, size_t errlen);

/* ---- Writing ------------------------------------------------------------- */

struct snap_writer;

/* Start a snapshot on fd (written with write(2) only) with its header. */
int snap_writer_open(int fd, const struct snap_identity *id, int level,
                     struct snap_writer **out, char *err, size_t errlen);
/* A section of `size` bytes, given in one or more pieces with
 * snap_writer_data; the pieces must add up to size. */
int snap_writer_begin(struct snap_writer *w, uint32_t type, uint64_t size, char *err,
                      size_t errlen);
int snap_writer_data(struct snap_writer *w, const void *data, size_t size, char *err,
                     size_t errlen);
/* Write the END section, free w (also on failure). */
int snap_writer_close(struct snap_writer *w, char *err, size_t errlen);
/* Give up: free w without ending the file (a reader will refuse it). */
void snap_writer_abort(struct snap_writer *w);

/* ---- Reading ------------------------------------------------------------- */

struct snap_reader;

/* Read and check the header. */
int snap_reader_open(int fd, struct snap_identity *id, struct snap_reader **out, char *err,
                     size_t errlen);
/*
 * The next section: 1 with its type and raw size; 0 at a valid END (and
 * nothing may follow it); -1 on error.  Read its bytes with
 * snap_reader_data before asking for the next one (unread bytes are
 * skipped, still checked).
 */
int snap_reader_next(struct snap_reader *r, uint32_t *type, uint64_t *size, char *err,
                     size_t errlen);
/* Up to size bytes of the current section; *got = 0 at its end. */
int snap_reader_data(struct snap_reader *r, void *buf, size_t size, size_t *got, char *err,
                     size_t errlen);
/* Exactly size bytes of the current section (-1 if it has fewer). */
int snap_reader_take(struct snap_reader *r, void *buf, size_t size, char *err, size_t errlen);
void snap_reader_close(struct snap_reader *r);
/* The format version of the file r reads. */
uint32_t snap_reader_version(const struct snap_reader *r);

/* Format a reason into err; returns -1. */
int snap_fail(char *err, size_t errlen, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* CRC-32C (Castagnoli) of data, continuing from crc (0 to start). */
uint32_t snap_crc32c(uint32_t crc, const void *data, size_t size);

#endif /* KEEP_LOADER_SNAPFILE_H */

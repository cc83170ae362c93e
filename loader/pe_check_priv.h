/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_check_priv.h - what the PE checks share between their files: where
 * the bytes come from, where the message goes, the header fields read.
 */
#ifndef KEEP_LOADER_PE_CHECK_PRIV_H
#define KEEP_LOADER_PE_CHECK_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pe_check.h"

/* keep's kernel maps at most this many sections (Windows XP's limit). */
#define PE_MAX_SECTIONS 96

/* A window on a file: the many small reads of the headers and of the
   directories cost one pread per window rather than one each. */
struct pe_window {
    unsigned char *data;
    size_t cap, len;
    uint64_t off;
};

/* Where the bytes come from: memory (tests) or a file descriptor. */
struct pe_src {
    const unsigned char *mem;
    int fd;
    uint64_t size;
    struct pe_window *win;      /* with fd */
};

struct pe_ctx {
    const struct pe_src *src;
    const char *name;
    enum pe_kind kind;
    char *msg;
    size_t msglen;
};

/* A section as the kernel will load it: [va, mem_end) holds the file's
   bytes from raw_ptr up to raw_end, zeros after them. */
struct pe_section {
    uint32_t va;
    uint64_t raw_ptr, raw_end, mem_end;
};

/* The header fields the checks need. */
struct pe_info {
    uint32_t lfanew;
    uint16_t machine, nsections, opt_size, characteristics;
    uint16_t magic, subsystem;
    uint32_t entry, sect_align, file_align, image_size, headers_size, ndirs;
    uint64_t image_base;
    struct pe_section sec[PE_MAX_SECTIONS];
};

/* Put "<name>: <reason>" in the context's message and return r. */
enum pe_result pe_fail(const struct pe_ctx *c, enum pe_result r, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Read len bytes at file offset off; false if any of them cannot be read. */
bool pe_src_read(const struct pe_src *src, uint64_t off, void *buf, size_t len);

/* The data directories walked before the program runs (pe_dirs.c). */
enum pe_result pe_check_directories(const struct pe_ctx *c, const struct pe_info *pe);

static inline uint16_t pe_le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t pe_le32(const unsigned char *p)
{
    return (uint32_t)pe_le16(p) | (uint32_t)pe_le16(p + 2) << 16;
}

static inline uint64_t pe_le64(const unsigned char *p)
{
    return (uint64_t)pe_le32(p) | (uint64_t)pe_le32(p + 4) << 32;
}

#endif /* KEEP_LOADER_PE_CHECK_PRIV_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_check.c - validate a Windows x86-64 program (PE32+ EXE) before the
 * monitor starts anything, so that bad input gets a one-line reason and
 * never reaches the kernel: its headers and section table here, the data
 * directories the loader walks in pe_dirs.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pe_check_priv.h"

/* Offsets in the headers (see the PE/COFF specification). */
#define DOS_HEADER_SIZE     64
#define DOS_LFANEW          0x3c
#define FILE_HEADER_SIZE    20          /* after the 4-byte signature */
#define OPT_OFFSET          24          /* optional header, from e_lfanew */
#define OPT64_MIN_SIZE      112         /* PE32+ fields before DataDirectory */
#define SECTION_SIZE        40

#define MACHINE_I386        0x014c
#define MACHINE_AMD64       0x8664
#define FILE_EXECUTABLE     0x0002
#define FILE_DLL            0x2000
#define MAGIC_PE32          0x010b
#define MAGIC_PE32PLUS      0x020b

#define MAX_FILE_ALIGN      0x10000     /* the specification's limit */
#define MAX_SECTION_ALIGN   0x1000000   /* anything larger is absurd */
/* The kernel refuses larger images and more sections (dlls/ntdll/image.c):
   refused here, they get one line rather than the kernel's start-up
   failure. */
#define MAX_IMAGE_SIZE      0x80000000u

int pe_exit_status(enum pe_result r)
{
    if (r == PE_OK)
        return 0;
    return r == PE_NOT_FOUND ? 127 : 126;
}

enum pe_result pe_fail(const struct pe_ctx *c, enum pe_result r, const char *format, ...)
{
    char reason[256];
    va_list ap;

    va_start(ap, format);
    vsnprintf(reason, sizeof(reason), format, ap);
    va_end(ap);
    if (c->msglen)
        snprintf(c->msg, c->msglen, "%s: %s", c->name, reason);
    return r;
}

static bool pread_all(int fd, uint64_t off, void *buf, size_t len)
{
    for (size_t done = 0; done < len; ) {
        ssize_t n = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;   /* I/O error, or the file shrank */
        done += (size_t)n;
    }
    return true;
}

/* Move the window to the page that holds off: as much of the file from
   there as it takes. */
static bool window_fill(const struct pe_src *src, uint64_t off)
{
    struct pe_window *w = src->win;
    uint64_t start = off & ~(uint64_t)0xfff;
    uint64_t left = src->size - start;
    size_t len = left < w->cap ? (size_t)left : w->cap;

    w->len = 0;
    if (!pread_all(src->fd, start, w->data, len))
        return false;
    w->off = start;
    w->len = len;
    return true;
}

/* Read len bytes at off; false if any of them lies beyond the end. */
bool pe_src_read(const struct pe_src *src, uint64_t off, void *buf, size_t len)
{
    const struct pe_window *w = src->win;

    if (off > src->size || len > src->size - off)
        return false;
    if (src->mem) {
        memcpy(buf, src->mem + off, len);
        return true;
    }
    bool inside = off >= w->off && off - w->off + len <= w->len;
    if (!inside && len <= w->cap / 2) {
        if (!window_fill(src, off))
            return false;
        inside = true;
    }
    if (!inside)
        return pread_all(src->fd, off, buf, len);
    memcpy(buf, w->data + (off - w->off), len);
    return true;
}

static bool is_pow2(uint32_t x)
{
    return x && !(x & (x - 1));
}

static const char *machine_name(uint16_t machine)
{
    switch (machine) {
    case 0xaa64: return "ARM64";
    case 0xa641: return "ARM64EC";
    case 0x01c0: case 0x01c2: case 0x01c4: return "32-bit ARM";
    case 0x0200: return "Itanium";
    default: return NULL;
    }
}

/* The DOS header and the PE signature. */
static enum pe_result check_signature(const struct pe_ctx *c, struct pe_info *pe)
{
    unsigned char dos[DOS_HEADER_SIZE], sig[4];

    if (!pe_src_read(c->src, 0, dos, sizeof(dos)) || dos[0] != 'M' || dos[1] != 'Z')
        return pe_fail(c, PE_NOT_PE, "not a Windows program (not a PE file)");
    pe->lfanew = pe_le32(dos + DOS_LFANEW);
    if (!pe_src_read(c->src, pe->lfanew, sig, 2))
        return pe_fail(c, PE_NOT_PE, "not a Windows program (not a PE file)");
    if (sig[0] == 'N' && sig[1] == 'E')
        return pe_fail(c, PE_UNSUPPORTED, "16-bit Windows programs are not supported");
    if (!pe_src_read(c->src, pe->lfanew, sig, sizeof(sig)) ||
        memcmp(sig, "PE\0\0", 4) != 0)
        return pe_fail(c, PE_NOT_PE, "not a Windows program (not a PE file)");
    return PE_OK;
}

/* The COFF file header: machine and kind of image. */
static enum pe_result check_file_header(const struct pe_ctx *c, struct pe_info *pe)
{
    unsigned char fh[FILE_HEADER_SIZE];

    if (!pe_src_read(c->src, (uint64_t)pe->lfanew + 4, fh, sizeof(fh)))
        return pe_fail(c, PE_TRUNCATED, "truncated Windows program (the file ends inside the PE header)");
    pe->machine = pe_le16(fh);
    pe->nsections = pe_le16(fh + 2);
    pe->opt_size = pe_le16(fh + 16);
    pe->characteristics = pe_le16(fh + 18);
    if (pe->machine == MACHINE_I386)
        return pe_fail(c, PE_32BIT, "32-bit Windows programs are not supported yet");
    if (pe->machine != MACHINE_AMD64 && machine_name(pe->machine))
        return pe_fail(c, PE_MACHINE, "%s Windows programs are not supported (keep runs x86-64 programs)",
                       machine_name(pe->machine));
    if (pe->machine != MACHINE_AMD64)
        return pe_fail(c, PE_MACHINE, "built for an unsupported machine (type 0x%04x; keep runs x86-64 programs)",
                       pe->machine);
    if ((pe->characteristics & FILE_DLL) && c->kind == PE_KIND_PROGRAM)
        return pe_fail(c, PE_DLL, "is a DLL, not a program");
    if (!(pe->characteristics & FILE_EXECUTABLE))
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (not marked as an executable image)");
    return PE_OK;
}

static enum pe_result check_subsystem(const struct pe_ctx *c, uint16_t subsystem)
{
    switch (subsystem) {
    case 2: case 3:     /* Windows GUI, Windows console */
        return PE_OK;
    case 1:
        return pe_fail(c, PE_UNSUPPORTED, "native Windows programs and drivers are not supported");
    case 10: case 11: case 12: case 13:
        return pe_fail(c, PE_UNSUPPORTED, "is an EFI application, not a Windows program");
    default:
        return pe_fail(c, PE_UNSUPPORTED, "uses an unsupported subsystem (%u)", subsystem);
    }
}

static enum pe_result check_alignment(const struct pe_ctx *c, const struct pe_info *pe)
{
    uint32_t s = pe->sect_align, f = pe->file_align;
    bool ok = is_pow2(s) && is_pow2(f) && f <= s && f <= MAX_FILE_ALIGN &&
              s <= MAX_SECTION_ALIGN && (s >= 4096 || s == f);

    if (!ok)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (bad alignment: sections 0x%x, file 0x%x)", s, f);
    if (pe->image_base & 0xffff)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (image base 0x%llx is not 64 KiB aligned)",
                       (unsigned long long)pe->image_base);
    return PE_OK;
}

/* The PE32+ optional header. */
static enum pe_result check_optional_header(const struct pe_ctx *c, struct pe_info *pe)
{
    unsigned char opt[OPT64_MIN_SIZE];
    uint64_t off = (uint64_t)pe->lfanew + OPT_OFFSET;

    if (!pe_src_read(c->src, off, opt, 2))
        return pe_fail(c, PE_TRUNCATED, "truncated Windows program (the file ends inside the optional header)");
    pe->magic = pe_le16(opt);
    if (pe->magic == MAGIC_PE32)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (32-bit optional header in an x86-64 program)");
    if (pe->magic != MAGIC_PE32PLUS)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (unknown optional header magic 0x%04x)", pe->magic);
    if (pe->opt_size < OPT64_MIN_SIZE)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (optional header too small: %u bytes)", pe->opt_size);
    if (!pe_src_read(c->src, off, opt, sizeof(opt)) || off + pe->opt_size > c->src->size)
        return pe_fail(c, PE_TRUNCATED, "truncated Windows program (the file ends inside the optional header)");
    pe->entry = pe_le32(opt + 16);
    pe->image_base = pe_le64(opt + 24);
    pe->sect_align = pe_le32(opt + 32);
    pe->file_align = pe_le32(opt + 36);
    pe->image_size = pe_le32(opt + 56);
    pe->headers_size = pe_le32(opt + 60);
    pe->subsystem = pe_le16(opt + 68);
    pe->ndirs = pe_le32(opt + 108);

    enum pe_result r = c->kind == PE_KIND_PROGRAM ? check_subsystem(c, pe->subsystem) : PE_OK;
    if (r != PE_OK)
        return r;
    return check_alignment(c, pe);
}

/* The sizes of the image and of its headers. */
static enum pe_result check_sizes(const struct pe_ctx *c, const struct pe_info *pe)
{
    uint64_t table = (uint64_t)pe->lfanew + OPT_OFFSET + pe->opt_size;
    uint64_t table_end = table + (uint64_t)pe->nsections * SECTION_SIZE;

    if (pe->nsections == 0)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (no sections)");
    if (table_end > c->src->size)
        return pe_fail(c, PE_TRUNCATED, "truncated Windows program (the section table lies beyond the end of the file)");
    if (pe->headers_size > c->src->size)
        return pe_fail(c, PE_TRUNCATED, "truncated Windows program (SizeOfHeaders lies beyond the end of the file)");
    if (pe->nsections > PE_MAX_SECTIONS)
        return pe_fail(c, PE_UNSUPPORTED, "has %u sections (keep maps at most %u)", pe->nsections,
                       PE_MAX_SECTIONS);
    if (pe->image_size == 0 || pe->headers_size > pe->image_size)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (SizeOfImage 0x%x is smaller than its headers)",
                       pe->image_size);
    if (pe->image_size > MAX_IMAGE_SIZE)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (SizeOfImage 0x%x is larger than 2 GiB)",
                       pe->image_size);
    if (pe->entry >= pe->image_size)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (entry point 0x%x outside the image)", pe->entry);
    return PE_OK;
}

/* A section's name, printable. */
static void section_name(const unsigned char *sh, char out[9])
{
    for (int i = 0; i < 8; i++)
        out[i] = (sh[i] >= 0x20 && sh[i] < 0x7f) ? (char)sh[i] : (sh[i] ? '?' : '\0');
    out[8] = '\0';
}

static enum pe_result check_section(const struct pe_ctx *c, const struct pe_info *pe,
                                    unsigned index, const unsigned char *sh)
{
    uint32_t vsize = pe_le32(sh + 8), va = pe_le32(sh + 12);
    uint32_t raw_size = pe_le32(sh + 16), raw_ptr = pe_le32(sh + 20);
    uint64_t mem_size = vsize ? vsize : raw_size;
    char name[9];

    section_name(sh, name);
    if (va % pe->sect_align)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (section %u '%s' is not aligned)", index, name);
    if ((uint64_t)va + mem_size > pe->image_size)
        return pe_fail(c, PE_CORRUPT, "corrupt Windows program (SizeOfImage is smaller than section %u '%s')",
                       index, name);
    if (raw_size && (uint64_t)raw_ptr + raw_size > c->src->size)
        return pe_fail(c, PE_TRUNCATED, "truncated Windows program (the data of section %u '%s' lies beyond the end of the file)",
                       index, name);
    return PE_OK;
}

/* Where the kernel puts a section's file data and how far its memory
   runs (dlls/ntdll/image.c: whole pages; no data without a file offset). */
static void section_layout(const unsigned char *sh, struct pe_section *s)
{
    uint32_t vsize = pe_le32(sh + 8), raw_size = pe_le32(sh + 16), raw_ptr = pe_le32(sh + 20);
    uint64_t mem = ((uint64_t)(vsize ? vsize : raw_size) + 0xfff) & ~(uint64_t)0xfff;
    uint64_t raw = raw_ptr ? (raw_size < mem ? raw_size : mem) : 0;

    s->va = pe_le32(sh + 12);
    s->raw_ptr = raw_ptr;
    s->raw_end = s->va + raw;
    s->mem_end = s->va + mem;
}

static enum pe_result check_sections(const struct pe_ctx *c, struct pe_info *pe)
{
    uint64_t table = (uint64_t)pe->lfanew + OPT_OFFSET + pe->opt_size;
    unsigned char sh[SECTION_SIZE];

    for (unsigned i = 0; i < pe->nsections; i++) {
        if (!pe_src_read(c->src, table + (uint64_t)i * SECTION_SIZE, sh, sizeof(sh)))
            return pe_fail(c, PE_TRUNCATED, "truncated Windows program (the section table lies beyond the end of the file)");
        enum pe_result r = check_section(c, pe, i + 1, sh);
        if (r != PE_OK)
            return r;
        section_layout(sh, &pe->sec[i]);
    }
    return PE_OK;
}

static enum pe_result check_source(const struct pe_src *src, const char *name,
                                   enum pe_kind kind, char *msg, size_t msglen)
{
    struct pe_ctx c = { .src = src, .name = name, .kind = kind, .msg = msg, .msglen = msglen };
    struct pe_info pe;
    enum pe_result r;

    memset(&pe, 0, sizeof(pe));
    if (msglen)
        msg[0] = '\0';
    if ((r = check_signature(&c, &pe)) != PE_OK ||
        (r = check_file_header(&c, &pe)) != PE_OK ||
        (r = check_optional_header(&c, &pe)) != PE_OK ||
        (r = check_sizes(&c, &pe)) != PE_OK ||
        (r = check_sections(&c, &pe)) != PE_OK)
        return r;
    return pe_check_directories(&c, &pe);
}

enum pe_result pe_check_buffer(const void *data, size_t size, const char *name,
                               char *msg, size_t msglen)
{
    static const unsigned char empty[1];
    struct pe_src src = { .mem = data ? data : empty, .fd = -1,
                          .size = data ? size : 0 };

    return check_source(&src, name, PE_KIND_PROGRAM, msg, msglen);
}

static enum pe_result open_failure(const struct pe_ctx *c, int err)
{
    if (err == ENOENT || err == ENOTDIR)
        return pe_fail(c, PE_NOT_FOUND, "No such file or directory");
    return pe_fail(c, PE_UNREADABLE, "%s", strerror(err));
}

enum pe_result pe_check_file_as(const char *path, enum pe_kind kind, char *msg, size_t msglen)
{
    struct pe_ctx c = { .name = path, .msg = msg, .msglen = msglen };
    struct stat st;
    enum pe_result r;

    /* O_NONBLOCK: a FIFO named as the program must not hang us. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return open_failure(&c, errno);
    if (fstat(fd, &st) < 0)
        r = pe_fail(&c, PE_UNREADABLE, "%s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        r = pe_fail(&c, PE_UNREADABLE, "Is a directory");
    else if (!S_ISREG(st.st_mode))
        r = pe_fail(&c, PE_UNREADABLE, "not a regular file");
    else {
        /* the headers of nearly every program lie in its first page, its
           import tables in a few more: one read for many checks */
        static unsigned char data[0x10000];
        struct pe_window win = { .data = data, .cap = sizeof(data) };
        struct pe_src src = { .fd = fd, .size = (uint64_t)st.st_size, .win = &win };
        r = check_source(&src, path, kind, msg, msglen);
    }
    close(fd);
    return r;
}

enum pe_result pe_check_file(const char *path, char *msg, size_t msglen)
{
    return pe_check_file_as(path, PE_KIND_PROGRAM, msg, msglen);
}

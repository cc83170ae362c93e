/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_check.c - validate a Windows x86-64 program (PE32+ EXE) before the
 * monitor starts anything, so that bad input gets a one-line reason and
 * never reaches the kernel.
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

#include "pe_check.h"

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

/* Where the bytes come from: memory (tests) or a file descriptor. */
struct pe_src {
    const unsigned char *mem;
    int fd;
    uint64_t size;
    const unsigned char *head;  /* the file's first head_size bytes, read at once */
    size_t head_size;
};

struct pe_ctx {
    const struct pe_src *src;
    const char *name;
    char *msg;
    size_t msglen;
};

/* The header fields the checks need. */
struct pe_info {
    uint32_t lfanew;
    uint16_t machine, nsections, opt_size, characteristics;
    uint16_t magic, subsystem;
    uint32_t entry, sect_align, file_align, image_size, headers_size;
    uint64_t image_base;
};

int pe_exit_status(enum pe_result r)
{
    if (r == PE_OK)
        return 0;
    return r == PE_NOT_FOUND ? 127 : 126;
}

static enum pe_result fail(const struct pe_ctx *c, enum pe_result r,
                           const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static enum pe_result fail(const struct pe_ctx *c, enum pe_result r,
                           const char *format, ...)
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

/* Read len bytes at off; false if any of them lies beyond the end. */
static bool src_read(const struct pe_src *src, uint64_t off, void *buf,
                     size_t len)
{
    if (off > src->size || len > src->size - off)
        return false;
    if (src->mem) {
        memcpy(buf, src->mem + off, len);
        return true;
    }
    if (off + len <= src->head_size) {
        memcpy(buf, src->head + off, len);
        return true;
    }
    for (size_t done = 0; done < len; ) {
        ssize_t n = pread(src->fd, (char *)buf + done, len - done,
                          (off_t)(off + done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;   /* I/O error, or the file shrank */
        done += (size_t)n;
    }
    return true;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const unsigned char *p)
{
    return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
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

    if (!src_read(c->src, 0, dos, sizeof(dos)) || dos[0] != 'M' || dos[1] != 'Z')
        return fail(c, PE_NOT_PE, "not a Windows program (not a PE file)");
    pe->lfanew = le32(dos + DOS_LFANEW);
    if (!src_read(c->src, pe->lfanew, sig, 2))
        return fail(c, PE_NOT_PE, "not a Windows program (not a PE file)");
    if (sig[0] == 'N' && sig[1] == 'E')
        return fail(c, PE_UNSUPPORTED, "16-bit Windows programs are not supported");
    if (!src_read(c->src, pe->lfanew, sig, sizeof(sig)) ||
        memcmp(sig, "PE\0\0", 4) != 0)
        return fail(c, PE_NOT_PE, "not a Windows program (not a PE file)");
    return PE_OK;
}

/* The COFF file header: machine and kind of image. */
static enum pe_result check_file_header(const struct pe_ctx *c, struct pe_info *pe)
{
    unsigned char fh[FILE_HEADER_SIZE];

    if (!src_read(c->src, (uint64_t)pe->lfanew + 4, fh, sizeof(fh)))
        return fail(c, PE_TRUNCATED, "truncated Windows program (the file ends inside the PE header)");
    pe->machine = le16(fh);
    pe->nsections = le16(fh + 2);
    pe->opt_size = le16(fh + 16);
    pe->characteristics = le16(fh + 18);
    if (pe->machine == MACHINE_I386)
        return fail(c, PE_32BIT, "32-bit Windows programs are not supported yet");
    if (pe->machine != MACHINE_AMD64 && machine_name(pe->machine))
        return fail(c, PE_MACHINE, "%s Windows programs are not supported (keep runs x86-64 programs)",
                    machine_name(pe->machine));
    if (pe->machine != MACHINE_AMD64)
        return fail(c, PE_MACHINE, "built for an unsupported machine (type 0x%04x; keep runs x86-64 programs)",
                    pe->machine);
    if (pe->characteristics & FILE_DLL)
        return fail(c, PE_DLL, "is a DLL, not a program");
    if (!(pe->characteristics & FILE_EXECUTABLE))
        return fail(c, PE_CORRUPT, "corrupt Windows program (not marked as an executable image)");
    return PE_OK;
}

static enum pe_result check_subsystem(const struct pe_ctx *c, uint16_t subsystem)
{
    switch (subsystem) {
    case 2: case 3:     /* Windows GUI, Windows console */
        return PE_OK;
    case 1:
        return fail(c, PE_UNSUPPORTED, "native Windows programs and drivers are not supported");
    case 10: case 11: case 12: case 13:
        return fail(c, PE_UNSUPPORTED, "is an EFI application, not a Windows program");
    default:
        return fail(c, PE_UNSUPPORTED, "uses an unsupported subsystem (%u)", subsystem);
    }
}

static enum pe_result check_alignment(const struct pe_ctx *c, const struct pe_info *pe)
{
    uint32_t s = pe->sect_align, f = pe->file_align;
    bool ok = is_pow2(s) && is_pow2(f) && f <= s && f <= MAX_FILE_ALIGN &&
              s <= MAX_SECTION_ALIGN && (s >= 4096 || s == f);

    if (!ok)
        return fail(c, PE_CORRUPT, "corrupt Windows program (bad alignment: sections 0x%x, file 0x%x)", s, f);
    if (pe->image_base & 0xffff)
        return fail(c, PE_CORRUPT, "corrupt Windows program (image base 0x%llx is not 64 KiB aligned)",
                    (unsigned long long)pe->image_base);
    return PE_OK;
}

/* The PE32+ optional header. */
static enum pe_result check_optional_header(const struct pe_ctx *c, struct pe_info *pe)
{
    unsigned char opt[OPT64_MIN_SIZE];
    uint64_t off = (uint64_t)pe->lfanew + OPT_OFFSET;

    if (!src_read(c->src, off, opt, 2))
        return fail(c, PE_TRUNCATED, "truncated Windows program (the file ends inside the optional header)");
    pe->magic = le16(opt);
    if (pe->magic == MAGIC_PE32)
        return fail(c, PE_CORRUPT, "corrupt Windows program (32-bit optional header in an x86-64 program)");
    if (pe->magic != MAGIC_PE32PLUS)
        return fail(c, PE_CORRUPT, "corrupt Windows program (unknown optional header magic 0x%04x)", pe->magic);
    if (pe->opt_size < OPT64_MIN_SIZE)
        return fail(c, PE_CORRUPT, "corrupt Windows program (optional header too small: %u bytes)", pe->opt_size);
    if (!src_read(c->src, off, opt, sizeof(opt)) || off + pe->opt_size > c->src->size)
        return fail(c, PE_TRUNCATED, "truncated Windows program (the file ends inside the optional header)");
    pe->entry = le32(opt + 16);
    pe->image_base = le64(opt + 24);
    pe->sect_align = le32(opt + 32);
    pe->file_align = le32(opt + 36);
    pe->image_size = le32(opt + 56);
    pe->headers_size = le32(opt + 60);
    pe->subsystem = le16(opt + 68);

    enum pe_result r = check_subsystem(c, pe->subsystem);
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
        return fail(c, PE_CORRUPT, "corrupt Windows program (no sections)");
    if (table_end > c->src->size)
        return fail(c, PE_TRUNCATED, "truncated Windows program (the section table lies beyond the end of the file)");
    if (pe->headers_size > c->src->size)
        return fail(c, PE_TRUNCATED, "truncated Windows program (SizeOfHeaders lies beyond the end of the file)");
    if (pe->image_size == 0 || pe->headers_size > pe->image_size)
        return fail(c, PE_CORRUPT, "corrupt Windows program (SizeOfImage 0x%x is smaller than its headers)",
                    pe->image_size);
    if (pe->entry >= pe->image_size)
        return fail(c, PE_CORRUPT, "corrupt Windows program (entry point 0x%x outside the image)", pe->entry);
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
    uint32_t vsize = le32(sh + 8), va = le32(sh + 12);
    uint32_t raw_size = le32(sh + 16), raw_ptr = le32(sh + 20);
    uint64_t mem_size = vsize ? vsize : raw_size;
    char name[9];

    section_name(sh, name);
    if (va % pe->sect_align)
        return fail(c, PE_CORRUPT, "corrupt Windows program (section %u '%s' is not aligned)", index, name);
    if ((uint64_t)va + mem_size > pe->image_size)
        return fail(c, PE_CORRUPT, "corrupt Windows program (SizeOfImage is smaller than section %u '%s')",
                    index, name);
    if (raw_size && (uint64_t)raw_ptr + raw_size > c->src->size)
        return fail(c, PE_TRUNCATED, "truncated Windows program (the data of section %u '%s' lies beyond the end of the file)",
                    index, name);
    return PE_OK;
}

static enum pe_result check_sections(const struct pe_ctx *c, const struct pe_info *pe)
{
    uint64_t table = (uint64_t)pe->lfanew + OPT_OFFSET + pe->opt_size;
    unsigned char sh[SECTION_SIZE];

    for (unsigned i = 0; i < pe->nsections; i++) {
        if (!src_read(c->src, table + (uint64_t)i * SECTION_SIZE, sh, sizeof(sh)))
            return fail(c, PE_TRUNCATED, "truncated Windows program (the section table lies beyond the end of the file)");
        enum pe_result r = check_section(c, pe, i + 1, sh);
        if (r != PE_OK)
            return r;
    }
    return PE_OK;
}

static enum pe_result check_source(const struct pe_src *src, const char *name,
                                   char *msg, size_t msglen)
{
    struct pe_ctx c = { .src = src, .name = name, .msg = msg, .msglen = msglen };
    struct pe_info pe;
    enum pe_result r;

    memset(&pe, 0, sizeof(pe));
    if (msglen)
        msg[0] = '\0';
    if ((r = check_signature(&c, &pe)) != PE_OK ||
        (r = check_file_header(&c, &pe)) != PE_OK ||
        (r = check_optional_header(&c, &pe)) != PE_OK ||
        (r = check_sizes(&c, &pe)) != PE_OK)
        return r;
    return check_sections(&c, &pe);
}

enum pe_result pe_check_buffer(const void *data, size_t size, const char *name,
                               char *msg, size_t msglen)
{
    static const unsigned char empty[1];
    struct pe_src src = { .mem = data ? data : empty, .fd = -1,
                          .size = data ? size : 0 };

    return check_source(&src, name, msg, msglen);
}

static enum pe_result open_failure(const struct pe_ctx *c, int err)
{
    if (err == ENOENT || err == ENOTDIR)
        return fail(c, PE_NOT_FOUND, "No such file or directory");
    return fail(c, PE_UNREADABLE, "%s", strerror(err));
}

enum pe_result pe_check_file(const char *path, char *msg, size_t msglen)
{
    struct pe_ctx c = { .name = path, .msg = msg, .msglen = msglen };
    struct stat st;
    enum pe_result r;

    /* O_NONBLOCK: a FIFO named as the program must not hang us. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return open_failure(&c, errno);
    if (fstat(fd, &st) < 0)
        r = fail(&c, PE_UNREADABLE, "%s", strerror(errno));
    else if (S_ISDIR(st.st_mode))
        r = fail(&c, PE_UNREADABLE, "Is a directory");
    else if (!S_ISREG(st.st_mode))
        r = fail(&c, PE_UNREADABLE, "not a regular file");
    else {
        /* the headers of nearly every program lie in its first page: one
           read for all the checks instead of one per structure */
        static unsigned char head[4096];
        struct pe_src src = { .fd = fd, .size = (uint64_t)st.st_size, .head = head };
        ssize_t n = pread(fd, head, sizeof(head), 0);
        src.head_size = n > 0 ? (size_t)n : 0;
        r = check_source(&src, path, msg, msglen);
    }
    close(fd);
    return r;
}

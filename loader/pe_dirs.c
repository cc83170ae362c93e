/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_dirs.c - the data directories that are walked before the program's
 * first instruction (imports, delay imports, TLS, base relocations, the
 * exception table), checked against the image's bounds.
 *
 * Wine's PE ntdll.dll trusts them: a bad RVA there faults inside the
 * loader, where Windows refuses the image (STATUS_INVALID_IMAGE_FORMAT).
 * The image is not mapped yet, so each RVA is translated through the
 * section table to the file, the way the kernel will load it
 * (dlls/ntdll/image.c): a section's memory past its file data, the gaps
 * between sections and the header page past SizeOfHeaders read as zeros,
 * and a zero there ends a table, as it does in memory (and on Windows).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "pe_check_priv.h"

#define DATA_DIRS_OFFSET    (24 + 112)  /* from e_lfanew */
#define MAX_DIRS            16

#define DIR_IMPORT          1
#define DIR_EXCEPTION       3
#define DIR_BASERELOC       5
#define DIR_TLS             9
#define DIR_DELAY_IMPORT    13

#define IMPORT_DESC_SIZE    20
#define DELAY_DESC_SIZE     32
#define TLS_DIR_SIZE        40
#define RUNTIME_FUNC_SIZE   12
#define RELOC_BLOCK_SIZE    8
#define THUNK_SIZE          8
#define ORDINAL_FLAG        (1ull << 63)

/* The image as the walks see it. */
struct img {
    const struct pe_ctx *c;
    const struct pe_info *pe;
    bool read_failed;       /* the file could not be read: not the image's fault */
};

/* One line for what is wrong; a failed read of the file says so instead. */
static enum pe_result bad(const struct img *m, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static enum pe_result bad(const struct img *m, const char *format, ...)
{
    char what[200];
    va_list ap;

    if (m->read_failed)
        return pe_fail(m->c, PE_UNREADABLE, "cannot read the program's data");
    va_start(ap, format);
    vsnprintf(what, sizeof(what), format, ap);
    va_end(ap);
    return pe_fail(m->c, PE_CORRUPT, "corrupt Windows program (%s)", what);
}

static bool in_image(const struct img *m, uint64_t rva, uint64_t len)
{
    return rva <= m->pe->image_size && len <= m->pe->image_size - rva;
}

/* A VA (the TLS directory's fields) in the image at its preferred base. */
static bool va_in_image(const struct img *m, uint64_t va, uint64_t len)
{
    return va >= m->pe->image_base && in_image(m, va - m->pe->image_base, len);
}

/* The section whose memory holds rva: the last one in the table, as the
   kernel loads them in order. */
static const struct pe_section *section_at(const struct pe_info *pe, uint64_t rva)
{
    for (unsigned i = pe->nsections; i-- > 0; )
        if (rva >= pe->sec[i].va && rva < pe->sec[i].mem_end)
            return &pe->sec[i];
    return NULL;
}

/* The end (before end) of the bytes from rva that one source serves: no
   section starts or ends there, nor does its file data or the headers. */
static uint64_t run_end(const struct pe_info *pe, uint64_t rva, uint64_t end)
{
    if (rva < pe->headers_size && pe->headers_size < end)
        end = pe->headers_size;
    for (unsigned i = 0; i < pe->nsections; i++) {
        const struct pe_section *s = &pe->sec[i];
        uint64_t marks[3] = { s->va, s->raw_end, s->mem_end };
        for (int k = 0; k < 3; k++)
            if (marks[k] > rva && marks[k] < end)
                end = marks[k];
    }
    return end;
}

/* len bytes of the image at rva, as they will be in memory; false if they
   are not all inside the image, or the file cannot be read. */
static bool img_read(struct img *m, uint64_t rva, void *buf, size_t len)
{
    const struct pe_info *pe = m->pe;
    unsigned char *out = buf;
    uint64_t end = rva + len;

    if (!in_image(m, rva, len))
        return false;
    while (rva < end) {
        uint64_t stop = run_end(pe, rva, end);
        const struct pe_section *s = section_at(pe, rva);
        size_t n = (size_t)(stop - rva);
        if (s && rva < s->raw_end)
            m->read_failed = !pe_src_read(m->c->src, s->raw_ptr + (rva - s->va), out, n);
        else if (!s && rva < pe->headers_size)
            m->read_failed = !pe_src_read(m->c->src, rva, out, n);
        else
            memset(out, 0, n);
        if (m->read_failed)
            return false;
        out += n;
        rva = stop;
    }
    return true;
}

/* Is there a NUL-terminated string at rva, inside the image? */
static bool img_string(struct img *m, uint64_t rva)
{
    unsigned char buf[256];

    while (in_image(m, rva, 1)) {
        uint64_t left = m->pe->image_size - rva;
        size_t n = left < sizeof(buf) ? (size_t)left : sizeof(buf);
        if (!img_read(m, rva, buf, n))
            return false;
        if (memchr(buf, 0, n))
            return true;
        rva += n;
    }
    return false;
}

/* Is the 8-byte entry at rva + index * 8 inside the image?  *value gets it. */
static bool img_entry(struct img *m, uint64_t rva, uint64_t index, uint64_t *value)
{
    unsigned char e[THUNK_SIZE];

    if (!img_read(m, rva + index * THUNK_SIZE, e, sizeof(e)))
        return false;
    *value = pe_le64(e);
    return true;
}

/*
 * The lookup table of import (or delay-import) descriptor n at rva: 8-byte
 * entries up to a zero one, each an ordinal or the RVA of a hint/name
 * entry (a 2-byte hint, a NUL-terminated name).  *count gets the number
 * of entries, the number of slots the loader fills in the address table.
 */
static enum pe_result check_lookup(struct img *m, const char *dir, unsigned n, uint32_t rva,
                                   uint64_t *count)
{
    uint64_t e;

    for (*count = 0;; ++*count) {
        if (!img_entry(m, rva, *count, &e))
            return bad(m, "%s entry %u has a lookup table that runs past the end of the image",
                       dir, n);
        if (!e)
            return PE_OK;
        if (e & ORDINAL_FLAG)
            continue;
        if (e >= m->pe->image_size || !img_string(m, e + 2))
            return bad(m, "%s entry %u: import %llu names a function outside the image", dir, n,
                       (unsigned long long)*count + 1);
    }
}

/* The DLL name and the tables of an import or delay-import descriptor. */
static enum pe_result check_descriptor(struct img *m, const char *dir, unsigned n, uint32_t name,
                                       uint32_t lookup, uint32_t iat)
{
    uint64_t count;
    enum pe_result r;

    if (!img_string(m, name))
        return bad(m, "%s entry %u names a DLL outside the image", dir, n);
    if ((r = check_lookup(m, dir, n, lookup, &count)) != PE_OK)
        return r;
    if (!in_image(m, iat, count * THUNK_SIZE))
        return bad(m, "%s entry %u has an address table outside the image", dir, n);
    return PE_OK;
}

/* Where an import or delay-import descriptor keeps its fields. */
struct desc_format {
    const char *dir;
    unsigned size, name, lookup, iat;
    unsigned module;            /* the module handle's slot; 0: none */
    bool ends_without_iat;      /* the list also ends at a descriptor without one */
};

/* Imports end at the first descriptor without a name or an address table,
   where Windows' and Wine's loaders stop. */
static const struct desc_format import_format = {
    "import directory", IMPORT_DESC_SIZE, 12, 0, 16, 0, true,
};

/*
 * Delay imports end at the first descriptor without a name.  Their fields
 * are RVAs whatever the attributes say: a 32-bit field cannot hold a VA of
 * an x86-64 image.  They are resolved on the first call, not at start-up,
 * but a bad one crashes the program then.
 */
static const struct desc_format delay_format = {
    "delay-import directory", DELAY_DESC_SIZE, 4, 16, 12, 8, false,
};

static enum pe_result check_descriptors(struct img *m, const struct desc_format *f, uint32_t rva)
{
    unsigned char d[DELAY_DESC_SIZE];

    for (unsigned n = 1;; n++) {
        if (!img_read(m, rva + (uint64_t)(n - 1) * f->size, d, f->size))
            return bad(m, "%s entry %u lies outside the image", f->dir, n);
        uint32_t name = pe_le32(d + f->name), lookup = pe_le32(d + f->lookup);
        uint32_t iat = pe_le32(d + f->iat);
        if (!name || (f->ends_without_iat && !iat))
            return PE_OK;
        if (f->module && !in_image(m, pe_le32(d + f->module), 8))
            return bad(m, "%s entry %u has its module handle outside the image", f->dir, n);
        /* without a lookup table the loader reads the address table */
        enum pe_result r = check_descriptor(m, f->dir, n, name, lookup ? lookup : iat, iat);
        if (r != PE_OK)
            return r;
    }
}

/* The TLS callbacks: VAs up to a zero one, each inside the image. */
static enum pe_result check_tls_callbacks(struct img *m, uint64_t va)
{
    uint64_t e;

    if (!va_in_image(m, va, 0))
        return bad(m, "the TLS callback array lies outside the image");
    for (uint64_t i = 0;; i++) {
        if (!img_entry(m, va - m->pe->image_base, i, &e))
            return bad(m, "the TLS callback array runs past the end of the image");
        if (!e)
            return PE_OK;
        if (!va_in_image(m, e, 1))
            return bad(m, "TLS callback %llu lies outside the image", (unsigned long long)i + 1);
    }
}

/*
 * The TLS directory: the loader copies the template [start, end) into
 * each thread's block, writes the slot number at AddressOfIndex and calls
 * the callbacks; all of them VAs at the image's preferred base.
 */
static enum pe_result check_tls(struct img *m, uint32_t rva)
{
    unsigned char d[TLS_DIR_SIZE];

    if (!img_read(m, rva, d, sizeof(d)))
        return bad(m, "the TLS directory lies outside the image");
    uint64_t start = pe_le64(d), end = pe_le64(d + 8), index = pe_le64(d + 16);
    uint64_t callbacks = pe_le64(d + 24);
    uint32_t zero_fill = pe_le32(d + 32);
    if ((start || end) && (end < start || !va_in_image(m, start, end - start)))
        return bad(m, "the TLS directory's template data lies outside the image");
    /* Wine's loader skips a directory with nothing to do, index and all */
    bool used = end != start || zero_fill || callbacks;
    if ((used || index) && !va_in_image(m, index, 4))
        return bad(m, "the TLS directory's index lies outside the image");
    return callbacks ? check_tls_callbacks(m, callbacks) : PE_OK;
}

/* The bytes a relocation of type patches: what the loaders write. */
static unsigned reloc_width(unsigned type)
{
    switch (type) {
    case 10: return 8;          /* DIR64 */
    case 3: return 4;           /* HIGHLOW */
    case 1: case 2: case 4: return 2;   /* HIGH, LOW, HIGHADJ */
    default: return 0;          /* ABSOLUTE (padding), or one no loader applies */
    }
}

/* The entries of relocation block n (of count entries from rva), which
   patch the page at page: each inside the image. */
static enum pe_result check_reloc_entries(struct img *m, unsigned n, uint32_t page, uint64_t rva,
                                          uint32_t count)
{
    unsigned char buf[512];

    for (uint32_t done = 0; done < count; ) {
        uint32_t k = count - done < sizeof(buf) / 2 ? count - done : (uint32_t)sizeof(buf) / 2;
        if (!img_read(m, rva + (uint64_t)done * 2, buf, (size_t)k * 2))
            return bad(m, "base relocation block %u lies outside the image", n);
        for (uint32_t i = 0; i < k; i++) {
            uint16_t e = pe_le16(buf + 2 * i);
            unsigned width = reloc_width(e >> 12);
            if (width && !in_image(m, (uint64_t)page + (e & 0xfff), width))
                return bad(m, "base relocation block %u patches outside the image", n);
        }
        done += k;
    }
    return PE_OK;
}

/* The base relocation blocks, each inside the directory.  What is left
   after the last block, too short for a header, the loaders ignore. */
static enum pe_result check_relocs(struct img *m, uint32_t rva, uint32_t size)
{
    unsigned char h[RELOC_BLOCK_SIZE];

    if (!in_image(m, rva, size))
        return bad(m, "the base relocation directory lies outside the image");
    for (uint32_t off = 0, n = 1; size - off >= sizeof(h); n++) {
        if (!img_read(m, (uint64_t)rva + off, h, sizeof(h)))
            return bad(m, "base relocation block %u lies outside the image", n);
        uint32_t page = pe_le32(h), block = pe_le32(h + 4);
        if (block < sizeof(h))
            return bad(m, "base relocation block %u has a bad size (0x%x)", n, block);
        if (block > size - off)
            return bad(m, "base relocation block %u runs past the end of its directory", n);
        enum pe_result r = check_reloc_entries(m, n, page, (uint64_t)rva + off + sizeof(h),
                                               (block - (uint32_t)sizeof(h)) / 2);
        if (r != PE_OK)
            return r;
        off += block;
    }
    return PE_OK;
}

/* The exception table: whole RUNTIME_FUNCTION entries, inside the image. */
static enum pe_result check_exceptions(struct img *m, uint32_t rva, uint32_t size)
{
    if (size % RUNTIME_FUNC_SIZE)
        return bad(m, "the exception directory's size (0x%x) is not a multiple of %u", size,
                   RUNTIME_FUNC_SIZE);
    if (!in_image(m, rva, size))
        return bad(m, "the exception directory lies outside the image");
    return PE_OK;
}

/* Data directory i: its RVA and size, both zero when the image has none. */
static bool read_dir(struct img *m, unsigned i, uint32_t *rva, uint32_t *size)
{
    unsigned char d[8];

    *rva = *size = 0;
    if (i >= m->pe->ndirs || i >= MAX_DIRS)
        return true;
    if (!pe_src_read(m->c->src, (uint64_t)m->pe->lfanew + DATA_DIRS_OFFSET + 8 * i, d, sizeof(d)))
        return false;
    *rva = pe_le32(d);
    *size = pe_le32(d + 4);
    return true;
}

enum pe_result pe_check_directories(const struct pe_ctx *c, const struct pe_info *pe)
{
    struct img m = { .c = c, .pe = pe };
    uint32_t rva[MAX_DIRS], size[MAX_DIRS];
    enum pe_result r = PE_OK;

    for (unsigned i = 0; i < MAX_DIRS; i++)
        if (!read_dir(&m, i, &rva[i], &size[i]))
            return pe_fail(c, PE_TRUNCATED, "truncated Windows program (the file ends inside the optional header)");
    /* an RVA of zero is no directory (Windows and Wine); the relocations
       are walked for their size, as the kernel walks them */
    if (rva[DIR_IMPORT] && (r = check_descriptors(&m, &import_format, rva[DIR_IMPORT])) != PE_OK)
        return r;
    if (rva[DIR_DELAY_IMPORT] &&
        (r = check_descriptors(&m, &delay_format, rva[DIR_DELAY_IMPORT])) != PE_OK)
        return r;
    if (rva[DIR_TLS] && (r = check_tls(&m, rva[DIR_TLS])) != PE_OK)
        return r;
    if (size[DIR_BASERELOC] &&
        (r = check_relocs(&m, rva[DIR_BASERELOC], size[DIR_BASERELOC])) != PE_OK)
        return r;
    if (rva[DIR_EXCEPTION])
        r = check_exceptions(&m, rva[DIR_EXCEPTION], size[DIR_EXCEPTION]);
    return r;
}

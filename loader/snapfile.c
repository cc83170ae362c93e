/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapfile.c - the snapshot container: header, sections of checksummed
 * zstd chunks, END.
 *
 * Layout (little-endian; x86-64 writes and reads it):
 *   header   "KEEPSNAP", version u32, header size u32, identity, crc32c u32,
 *            zero u32
 *   section  "SECT", type u32, raw size u64, crc32c u32 (of the 16 before),
 *            zero u32
 *   chunk    raw size u32, stored size u32, flags u32, crc32c of the raw
 *            bytes u32, crc32c u32 (of the 16 before), the stored bytes
 *   END      a section of type 0 whose 8 bytes count the sections before
 */
#include "config.h"

#include <cpuid.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

#include "snapfile.h"

_Static_assert(sizeof(struct snap_identity) == 96, "identity layout");

#define SNAP_MAGIC "KEEPSNAP"
#define SECTION_MARK 0x54434553u        /* "SECT" */
#define SNAP_END 0u
#define CHUNK_ZSTD 1u

struct file_header {
    char magic[8];
    uint32_t version;
    uint32_t size;
    struct snap_identity id;
    uint32_t crc;
    uint32_t zero;                  /* explicit padding, must be 0 */
};

struct section_header {
    uint32_t mark;
    uint32_t type;
    uint64_t size;
    uint32_t crc;
    uint32_t zero;                  /* explicit padding, must be 0 */
};

struct chunk_header {
    uint32_t raw;
    uint32_t stored;
    uint32_t flags;
    uint32_t data_crc;
    uint32_t crc;
};

_Static_assert(sizeof(struct file_header) == 120, "no hidden padding in the header");
_Static_assert(sizeof(struct section_header) == 24, "no hidden padding in a section header");
_Static_assert(sizeof(struct chunk_header) == 20, "no hidden padding in a chunk header");

int snap_fail(char *err, size_t errlen, const char *format, ...)
{
    va_list ap;

    va_start(ap, format);
    vsnprintf(err, errlen, format, ap);
    va_end(ap);
    return -1;
}
#define fail snap_fail

/* ---- CRC-32C --------------------------------------------------------------- */

static uint32_t crc_table[256];

static void crc_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? (c >> 1) ^ 0x82f63b78u : c >> 1;
        crc_table[i] = c;
    }
}

/* The CPU's crc32 instruction (SSE 4.2) computes CRC-32C 8 bytes at a
 * time: snapshots checksum every byte twice (writing, then checking and
 * restoring), so this is most of their cost with the table. */
__attribute__((target("sse4.2"))) static uint32_t crc_hw(uint32_t crc, const unsigned char *p,
                                                         size_t size)
{
    uint64_t c = crc;

    for (; size >= 8; p += 8, size -= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        c = __builtin_ia32_crc32di(c, v);
    }
    crc = (uint32_t)c;
    while (size--)
        crc = __builtin_ia32_crc32qi(crc, *p++);
    return crc;
}

uint32_t snap_crc32c(uint32_t crc, const void *data, size_t size)
{
    static int ready, hw;
    const unsigned char *p = data;

    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) {
        crc_init();
        /* asked here, not with __builtin_cpu_supports, whose libgcc
           constructor runs ten cpuid (13 us each in a VM) at every start */
        unsigned a, b, c, d;
        hw = __get_cpuid(1, &a, &b, &c, &d) && (c & bit_SSE4_2);
        __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
    }
    crc = ~crc;
    if (hw)
        return ~crc_hw(crc, p, size);
    while (size--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

/* ---- Identity ---------------------------------------------------------------- */

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
    __asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

void snap_cpu_here(struct snap_cpu *out)
{
    uint32_t r[4];

    memset(out, 0, sizeof(*out));
    cpuid(0, 0, r);
    uint32_t max = r[0];
    cpuid(1, 0, r);
    out->leaf1_ecx = r[2];
    out->leaf1_edx = r[3];
    if (max >= 7) {
        cpuid(7, 0, r);
        out->leaf7_ebx = r[1];
        out->leaf7_ecx = r[2];
        out->leaf7_edx = r[3];
    }
    if (out->leaf1_ecx & (1u << 27)) {      /* OSXSAVE: xgetbv works */
        uint32_t lo, hi;
        __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
        out->xcr0 = ((uint64_t)hi << 32) | lo;
    }
}

/* Bits of `file` missing from `here`, in order: the first missing word. */
static int cpu_missing(const struct snap_cpu *file, const struct snap_cpu *here,
                       const char **what, uint64_t *bits)
{
    /* leaf 1 ECX bit 27 (OSXSAVE) and the APIC id live bits are not features */
    const uint32_t ignore1 = 1u << 27;
    const struct { const char *name; uint64_t f, h; } words[] = {
        { "CPUID.1:ECX", file->leaf1_ecx & ~ignore1, here->leaf1_ecx },
        { "CPUID.1:EDX", file->leaf1_edx, here->leaf1_edx },
        { "CPUID.7:EBX", file->leaf7_ebx, here->leaf7_ebx },
        { "CPUID.7:ECX", file->leaf7_ecx, here->leaf7_ecx },
        { "CPUID.7:EDX", file->leaf7_edx, here->leaf7_edx },
        { "XCR0", file->xcr0, here->xcr0 },
    };
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (words[i].f & ~words[i].h) {
            *what = words[i].name;
            *bits = words[i].f & ~words[i].h;
            return 1;
        }
    }
    return 0;
}

int snap_identity_check(const struct snap_identity *file, const struct snap_identity *here,
                        char *err, size_t errlen)
{
    const char *what;
    uint64_t bits;

    if (memcmp(file->wine_dlls, here->wine_dlls, sizeof(file->wine_dlls)))
        return fail(err, errlen,
                    "the snapshot was taken with other Wine DLLs than this host's (keep %.31s)",
                    file->keep_version);
    if (cpu_missing(&file->cpu, &here->cpu, &what, &bits))
        return fail(err, errlen, "this CPU lacks features the program may use (%s bits %#llx)",
                    what, (unsigned long long)bits);
    return 0;
}

/* ---- I/O ------------------------------------------------------------------------ */

static int write_all(int fd, const void *data, size_t size)
{
    const char *p = data;

    while (size) {
        ssize_t n = write(fd, p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return -1;
        p += n;
        size -= (size_t)n;
    }
    return 0;
}

/* Bytes read until size or the end of the file. */
static size_t read_all(int fd, void *data, size_t size, int *error)
{
    char *p = data;
    size_t got = 0;

    *error = 0;
    while (got < size) {
        ssize_t n = read(fd, p + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            *error = errno;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    return got;
}

/* ---- Writer ----------------------------------------------------------------------- */

struct snap_writer {
    int fd;
    int level;
    ZSTD_CCtx *cctx;
    char *raw, *stored;             /* one chunk, raw and compressed */
    size_t raw_len, stored_cap;
    uint64_t remaining;             /* of the current section */
    uint32_t type;
    uint64_t sections;
    uint64_t offset;                /* bytes written */
};

static int emit(struct snap_writer *w, const void *data, size_t size, char *err, size_t errlen)
{
    if (write_all(w->fd, data, size) < 0)
        return fail(err, errlen, "cannot write the snapshot at byte %llu: %s",
                    (unsigned long long)w->offset, strerror(errno ? errno : EIO));
    w->offset += size;
    return 0;
}

int snap_writer_open(int fd, const struct snap_identity *id, int level,
                     struct snap_writer **out, char *err, size_t errlen)
{
    struct snap_writer *w = calloc(1, sizeof(*w));
    struct file_header h;

    if (w) {
        w->stored_cap = ZSTD_compressBound(SNAP_CHUNK);
        w->raw = malloc(SNAP_CHUNK);
        w->stored = malloc(w->stored_cap);
        w->cctx = ZSTD_createCCtx();
    }
    if (!w || !w->raw || !w->stored || !w->cctx) {
        snap_writer_abort(w);
        return fail(err, errlen, "out of memory");
    }
    w->fd = fd;
    w->level = level;
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, SNAP_MAGIC, sizeof(h.magic));
    h.version = SNAP_FORMAT_VERSION;
    h.size = sizeof(h);
    h.id = *id;
    h.id.keep_version[sizeof(h.id.keep_version) - 1] = 0;
    h.crc = snap_crc32c(0, &h, offsetof(struct file_header, crc));
    if (emit(w, &h, sizeof(h), err, errlen) < 0) {
        snap_writer_abort(w);
        return -1;
    }
    *out = w;
    return 0;
}

static int flush_chunk(struct snap_writer *w, char *err, size_t errlen)
{
    struct chunk_header c = { .raw = (uint32_t)w->raw_len };
    size_t n = ZSTD_compressCCtx(w->cctx, w->stored, w->stored_cap, w->raw, w->raw_len, w->level);
    int packed = !ZSTD_isError(n) && n < w->raw_len;

    c.stored = packed ? (uint32_t)n : c.raw;
    c.flags = packed ? CHUNK_ZSTD : 0;
    c.data_crc = snap_crc32c(0, w->raw, w->raw_len);
    c.crc = snap_crc32c(0, &c, offsetof(struct chunk_header, crc));
    if (emit(w, &c, sizeof(c), err, errlen) < 0 ||
        emit(w, packed ? w->stored : w->raw, c.stored, err, errlen) < 0)
        return -1;
    w->raw_len = 0;
    return 0;
}

int snap_writer_begin(struct snap_writer *w, uint32_t type, uint64_t size, char *err,
                      size_t errlen)
{
    struct section_header s;

    memset(&s, 0, sizeof(s));
    s.mark = SECTION_MARK;
    s.type = type;
    s.size = size;
    if (w->remaining)
        return fail(err, errlen, "section %llu (type %u) is %llu bytes short",
                    (unsigned long long)w->sections, w->type, (unsigned long long)w->remaining);
    if (type == SNAP_END || size > SNAP_SECTION_MAX)
        return fail(err, errlen, "section type %u of %llu bytes cannot be written", type,
                    (unsigned long long)size);
    s.crc = snap_crc32c(0, &s, offsetof(struct section_header, crc));
    if (emit(w, &s, sizeof(s), err, errlen) < 0)
        return -1;
    w->type = type;
    w->remaining = size;
    w->sections++;
    return 0;
}

int snap_writer_data(struct snap_writer *w, const void *data, size_t size, char *err,
                     size_t errlen)
{
    const char *p = data;

    if (size > w->remaining)
        return fail(err, errlen, "section %llu (type %u) given %zu bytes more than its size",
                    (unsigned long long)w->sections, w->type, size - (size_t)w->remaining);
    while (size) {
        size_t n = SNAP_CHUNK - w->raw_len;
        if (n > size)
            n = size;
        memcpy(w->raw + w->raw_len, p, n);
        w->raw_len += n;
        w->remaining -= n;
        p += n;
        size -= n;
        if ((w->raw_len == SNAP_CHUNK || !w->remaining) && flush_chunk(w, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int snap_writer_close(struct snap_writer *w, char *err, size_t errlen)
{
    struct section_header s;
    uint64_t count = w->sections;
    int r = 0;

    memset(&s, 0, sizeof(s));
    s.mark = SECTION_MARK;
    s.type = SNAP_END;
    s.size = sizeof(count);
    if (w->remaining)
        r = fail(err, errlen, "section %llu (type %u) is %llu bytes short",
                 (unsigned long long)w->sections, w->type, (unsigned long long)w->remaining);
    s.crc = snap_crc32c(0, &s, offsetof(struct section_header, crc));
    if (!r)
        r = emit(w, &s, sizeof(s), err, errlen);
    if (!r) {
        w->type = SNAP_END;
        w->remaining = sizeof(count);
        r = snap_writer_data(w, &count, sizeof(count), err, errlen);
    }
    snap_writer_abort(w);
    return r;
}

void snap_writer_abort(struct snap_writer *w)
{
    if (!w)
        return;
    ZSTD_freeCCtx(w->cctx);
    free(w->raw);
    free(w->stored);
    free(w);
}

/* ---- Reader ----------------------------------------------------------------------- */

struct snap_reader {
    int fd;
    ZSTD_DCtx *dctx;
    char *raw, *stored;
    size_t raw_len, raw_pos, stored_cap;
    uint64_t remaining;             /* raw bytes of the section not yet in chunks */
    uint64_t offset;
    uint64_t index;                 /* sections seen, END excluded */
    uint32_t type;
    uint32_t version;               /* the file's format */
    int in_section, ended;
};

static int take(struct snap_reader *r, void *buf, size_t size, const char *what, char *err,
                size_t errlen)
{
    int error;
    size_t got = read_all(r->fd, buf, size, &error);

    if (got < size)
        return fail(err, errlen, "%s at byte %llu: %s", what,
                    (unsigned long long)(r->offset + got),
                    error ? strerror(error) : "the file ends there (truncated)");
    r->offset += size;
    return 0;
}

int snap_reader_open(int fd, struct snap_identity *id, struct snap_reader **out, char *err,
                     size_t errlen)
{
    struct snap_reader *r = calloc(1, sizeof(*r));
    struct file_header h;

    if (r) {
        r->stored_cap = ZSTD_compressBound(SNAP_CHUNK);
        r->raw = malloc(SNAP_CHUNK);
        r->stored = malloc(r->stored_cap);
        r->dctx = ZSTD_createDCtx();
        r->fd = fd;
    }
    if (!r || !r->raw || !r->stored || !r->dctx) {
        snap_reader_close(r);
        return fail(err, errlen, "out of memory");
    }
    int bad = take(r, &h, sizeof(h), "the header", err, errlen) < 0;
    if (!bad && memcmp(h.magic, SNAP_MAGIC, sizeof(h.magic)))
        bad = fail(err, errlen, "not a keep snapshot (no KEEPSNAP at byte 0)");
    else if (!bad && (h.version < 1 || h.version > SNAP_FORMAT_VERSION))
        bad = fail(err, errlen, "snapshot format %u; this keep reads formats 1 to %u", h.version,
                   SNAP_FORMAT_VERSION);
    else if (!bad && (h.size != sizeof(h) || h.zero ||
                      h.crc != snap_crc32c(0, &h, offsetof(struct file_header, crc))))
        bad = fail(err, errlen, "the header is corrupt (checksum)");
    if (bad) {
        snap_reader_close(r);
        return -1;
    }
    *id = h.id;
    id->keep_version[sizeof(id->keep_version) - 1] = 0;
    r->version = h.version;
    *out = r;
    return 0;
}

uint32_t snap_reader_version(const struct snap_reader *r)
{
    return r->version;
}

/* The next chunk of the current section into r->raw. */
static int read_chunk(struct snap_reader *r, char *err, size_t errlen)
{
    struct chunk_header c;
    char what[96];

    snprintf(what, sizeof(what), "section %llu (type %u)", (unsigned long long)r->index, r->type);
    if (take(r, &c, sizeof(c), what, err, errlen) < 0)
        return -1;
    if (c.crc != snap_crc32c(0, &c, offsetof(struct chunk_header, crc)) || !c.raw ||
        c.raw > SNAP_CHUNK || c.raw > r->remaining || c.stored > r->stored_cap ||
        (c.flags & ~CHUNK_ZSTD) || (!c.flags && c.stored != c.raw))
        return fail(err, errlen, "%s: corrupt chunk header at byte %llu", what,
                    (unsigned long long)(r->offset - sizeof(c)));
    char *dst = c.flags ? r->stored : r->raw;
    if (take(r, dst, c.stored, what, err, errlen) < 0)
        return -1;
    if (c.flags) {
        size_t n = ZSTD_decompressDCtx(r->dctx, r->raw, c.raw, r->stored, c.stored);
        if (ZSTD_isError(n) || n != c.raw)
            return fail(err, errlen, "%s: corrupt compressed data before byte %llu", what,
                        (unsigned long long)r->offset);
    }
    if (snap_crc32c(0, r->raw, c.raw) != c.data_crc)
        return fail(err, errlen, "%s: checksum mismatch before byte %llu", what,
                    (unsigned long long)r->offset);
    r->raw_len = c.raw;
    r->raw_pos = 0;
    r->remaining -= c.raw;
    return 0;
}

int snap_reader_data(struct snap_reader *r, void *buf, size_t size, size_t *got, char *err,
                     size_t errlen)
{
    char *p = buf;

    *got = 0;
    while (r->in_section && size) {
        if (r->raw_pos == r->raw_len) {
            if (!r->remaining)
                break;
            if (read_chunk(r, err, errlen) < 0)
                return -1;
        }
        size_t n = r->raw_len - r->raw_pos;
        if (n > size)
            n = size;
        memcpy(p, r->raw + r->raw_pos, n);
        r->raw_pos += n;
        p += n;
        size -= n;
        *got += n;
    }
    return 0;
}

/* Skip what is left of the current section, checking it. */
static int skip_section(struct snap_reader *r, char *err, size_t errlen)
{
    r->raw_pos = r->raw_len;
    while (r->remaining)
        if (read_chunk(r, err, errlen) < 0)
            return -1;
    r->in_section = 0;
    return 0;
}

static int read_end(struct snap_reader *r, char *err, size_t errlen)
{
    uint64_t count = 0;
    size_t got = 0;
    char extra;
    int error;

    if (snap_reader_data(r, &count, sizeof(count), &got, err, errlen) < 0)
        return -1;
    if (got != sizeof(count) || count != r->index)
        return fail(err, errlen, "the end record counts %llu sections, the file has %llu",
                    (unsigned long long)count, (unsigned long long)r->index);
    if (read_all(r->fd, &extra, 1, &error) != 0)
        return fail(err, errlen, "bytes follow the end record at byte %llu",
                    (unsigned long long)r->offset);
    r->ended = 1;
    r->in_section = 0;
    return 0;
}

int snap_reader_next(struct snap_reader *r, uint32_t *type, uint64_t *size, char *err,
                     size_t errlen)
{
    struct section_header s;
    char what[64];

    if (r->ended)
        return 0;
    if (r->in_section && skip_section(r, err, errlen) < 0)
        return -1;
    snprintf(what, sizeof(what), "section %llu", (unsigned long long)r->index + 1);
    if (take(r, &s, sizeof(s), what, err, errlen) < 0)
        return -1;
    if (s.mark != SECTION_MARK || s.zero ||
        s.crc != snap_crc32c(0, &s, offsetof(struct section_header, crc)) ||
        s.size > SNAP_SECTION_MAX || (s.type == SNAP_END && s.size != sizeof(uint64_t)))
        return fail(err, errlen, "%s: corrupt section header at byte %llu", what,
                    (unsigned long long)(r->offset - sizeof(s)));
    r->type = s.type;
    r->remaining = s.size;
    r->raw_len = r->raw_pos = 0;
    r->in_section = 1;
    if (s.type == SNAP_END)
        return read_end(r, err, errlen) < 0 ? -1 : 0;
    r->index++;
    *type = s.type;
    *size = s.size;
    return 1;
}

int snap_reader_take(struct snap_reader *r, void *buf, size_t size, char *err, size_t errlen)
{
    size_t got;

    for (size_t have = 0; have < size; have += got) {
        if (snap_reader_data(r, (char *)buf + have, size - have, &got, err, errlen))
            return -1;
        if (!got)
            return fail(err, errlen, "section %llu ends %zu bytes early", (unsigned long long)r->index, size - have);
    }
    return 0;
}

void snap_reader_close(struct snap_reader *r)
{
    if (!r)
        return;
    ZSTD_freeDCtx(r->dctx);
    free(r->raw);
    free(r->stored);
    free(r);
}

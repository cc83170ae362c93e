/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regc - the registry build tool (runs on the build host).
 *
 *   regc -o OUT.c FILE.reg... [--volatile FILE.reg...]
 *       Read the default registry's .reg files in order (a later file may
 *       add to, replace or delete what an earlier one said) and write the
 *       kernel's start-up table (struct regdefault_key, regstore.h) as C.
 *       Keys named in files after --volatile are created volatile; a key
 *       with a REG_LINK value "SymbolicLinkValue" is created as a link.
 *   regc --check FILE.reg...
 *       Parse the files; print "FILE:LINE: message" for the first error.
 *   regc --rewrite IN.reg OUT.reg
 *       Parse IN and write what it says with the writer (regfile.h), as
 *       Wine's reg export would write it: a test of both against Wine.
 *
 * The kernel never parses text at start-up: the table is C data, one
 * path walk per key.  Exit status 0 on success, 1 on any error (with a
 * message on stderr naming the file and line).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/regfile.h"

/* ---- Files and memory -------------------------------------------------------- */

static void *x_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size ? size : 1);
}

static void x_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static const struct regfile_alloc heap = { x_alloc, x_free, NULL };

static void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        fprintf(stderr, "regc: out of memory\n");
        exit(1);
    }
    return p;
}

/* The whole file; NULL (and a message) on failure. */
static void *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, len = 0, n;

    if (!f) {
        fprintf(stderr, "regc: %s: %s\n", path, strerror(errno));
        return NULL;
    }
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                fclose(f);
                fprintf(stderr, "regc: out of memory\n");
                return NULL;
            }
            buf = p;
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n);
    if (ferror(f)) {
        fprintf(stderr, "regc: %s: read error\n", path);
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *size = len;
    return buf;
}

static int parse_file(const char *path, const struct regfile_sink *sink)
{
    struct regfile_error err;
    size_t size;
    void *text = read_file(path, &size);

    if (!text)
        return 0;
    enum regfile_status st = regfile_parse(text, size, sink, &heap, NULL, &err);
    free(text);
    if (st) {
        fprintf(stderr, "%s:%u: %s\n", path, err.line, err.message ? err.message : "error");
        return 0;
    }
    return 1;
}

/* ---- The model: keys in order of first mention --------------------------------- */

struct value {
    uint16_t *name;
    size_t name_len;
    uint32_t type;
    uint8_t *data;
    size_t size;
};

struct key {
    uint16_t *path;         /* the table's form: "\REGISTRY\..." or "HKCU\..." */
    size_t len;
    unsigned flags;         /* 1 volatile, 2 link (regstore.h's REGDEF_*; 4, a value
                               with substitutions, is worked out when written) */
    int deleted;
    struct value *values;
    size_t nvalues;
};

static struct key *keys;
static size_t nkeys;
static struct key *cur;          /* the key values go to */
static unsigned file_flags;      /* flags for keys of the current file */

static uint16_t fold(uint16_t c)
{
    return c >= 'a' && c <= 'z' ? (uint16_t)(c - 'a' + 'A') : c;
}

static int same_name(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (fold(a[i]) != fold(b[i]))
            return 0;
    return 1;
}

/* The table path of root\path. */
static uint16_t *table_path(enum regfile_root root, const uint16_t *path, size_t len,
                            size_t *out_len)
{
    static const char *const prefix[] = {
        [REGFILE_HKLM] = "\\REGISTRY\\MACHINE",
        [REGFILE_HKCU] = "HKCU",
        [REGFILE_HKCR] = "\\REGISTRY\\MACHINE\\Software\\Classes",
        [REGFILE_HKU] = "\\REGISTRY\\USER",
        [REGFILE_HKCC] = "\\REGISTRY\\MACHINE\\System\\CurrentControlSet\\Hardware Profiles\\Current",
    };
    size_t pl = strlen(prefix[root]), n = 0;
    uint16_t *out = xmalloc((pl + 1 + len) * sizeof(uint16_t));

    for (size_t i = 0; i < pl; i++)
        out[n++] = (uint8_t)prefix[root][i];
    if (len) {
        out[n++] = '\\';
        memcpy(out + n, path, len * sizeof(uint16_t));
        n += len;
    }
    *out_len = n;
    return out;
}

static struct key *find_key(const uint16_t *path, size_t len)
{
    for (size_t i = 0; i < nkeys; i++)
        if (same_name(keys[i].path, keys[i].len, path, len))
            return &keys[i];
    return NULL;
}

static int m_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    size_t n;
    uint16_t *full = table_path(root, path, len, &n);

    (void)ctx;
    if ((cur = find_key(full, n))) {
        free(full);
        cur->deleted = 0;
        return 0;
    }
    keys = realloc(keys, (nkeys + 1) * sizeof(*keys));
    if (!keys)
        return 1;
    cur = &keys[nkeys++];
    memset(cur, 0, sizeof(*cur));
    cur->path = full;
    cur->len = n;
    cur->flags = file_flags;
    return 0;
}

/* [-key]: the key and everything under it. */
static int m_delete_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    size_t n;
    uint16_t *full = table_path(root, path, len, &n);

    (void)ctx;
    for (size_t i = 0; i < nkeys; i++) {
        struct key *k = &keys[i];
        if (k->len >= n && same_name(k->path, n, full, n) && (k->len == n || k->path[n] == '\\')) {
            k->deleted = 1;
            k->nvalues = 0;
        }
    }
    free(full);
    cur = NULL;
    return 0;
}

static struct value *find_value(const uint16_t *name, size_t len)
{
    for (size_t i = 0; i < cur->nvalues; i++)
        if (same_name(cur->values[i].name, cur->values[i].name_len, name, len))
            return &cur->values[i];
    return NULL;
}

static int m_value(void *ctx, const uint16_t *name, size_t len, uint32_t type, const void *data,
                   size_t size)
{
    static const uint16_t link_name[] = { 'S', 'y', 'm', 'b', 'o', 'l', 'i', 'c', 'L', 'i', 'n',
                                          'k', 'V', 'a', 'l', 'u', 'e' };
    struct value *v;

    (void)ctx;
    if (!(v = find_value(name, len))) {
        cur->values = realloc(cur->values, (cur->nvalues + 1) * sizeof(*v));
        if (!cur->values)
            return 1;
        v = &cur->values[cur->nvalues++];
        v->name = xmalloc(len * sizeof(uint16_t));
        memcpy(v->name, name, len * sizeof(uint16_t));
        v->name_len = len;
    }
    v->type = type;
    v->data = xmalloc(size);
    memcpy(v->data, data, size);
    v->size = size;
    if (type == REGFILE_LINK && same_name(name, len, link_name, 17))
        cur->flags |= 2;
    return 0;
}

static int m_delete_value(void *ctx, const uint16_t *name, size_t len)
{
    struct value *v;

    (void)ctx;
    if ((v = find_value(name, len)))
        *v = cur->values[--cur->nvalues];
    return 0;
}

/* ---- Writing the table ----------------------------------------------------------- */

/*
 * The table is position-independent data: one blob of names, paths and
 * value data, and two arrays of offsets into it, so that it needs no
 * relocations and stays in shared, read-only pages of the kernel.
 */
static uint8_t *blob;
static size_t blob_len, blob_cap;

/* Append n bytes (2-aligned); the offset they start at. */
static uint32_t blob_append(const void *data, size_t n)
{
    if (blob_len % 2)
        blob_len++;
    while (blob_cap < blob_len + n + 2) {
        blob_cap = blob_cap ? blob_cap * 2 : 65536;
        if (!(blob = realloc(blob, blob_cap))) {
            fprintf(stderr, "regc: out of memory\n");
            exit(1);
        }
    }
    uint32_t off = (uint32_t)blob_len;
    memcpy(blob + blob_len, data, n);
    blob_len += n;
    return off;
}

/*
 * n bytes in the blob, shared with an earlier copy of the same bytes if
 * there is one (the time zones repeat the same rules year after year, and
 * a smaller blob is fewer pages to fault in at start-up).
 */
static struct piece {
    uint32_t off;
    size_t n;
} *pieces;
static size_t npieces;

static uint32_t blob_put(const void *data, size_t n)
{
    for (size_t i = 0; i < npieces; i++)
        if (pieces[i].n == n && !memcmp(blob + pieces[i].off, data, n))
            return pieces[i].off;
    uint32_t off = blob_append(data, n);
    if (!(pieces = realloc(pieces, (npieces + 1) * sizeof(*pieces)))) {
        fprintf(stderr, "regc: out of memory\n");
        exit(1);
    }
    pieces[npieces].off = off;
    pieces[npieces++].n = n;
    return off;
}

/* A NUL-terminated UTF-16LE string. */
static uint32_t blob_wstr(const uint16_t *s, size_t len)
{
    uint8_t *le = xmalloc(2 * (len + 1));
    for (size_t i = 0; i <= len; i++) {
        le[2 * i] = i < len ? (uint8_t)s[i] : 0;
        le[2 * i + 1] = i < len ? (uint8_t)(s[i] >> 8) : 0;
    }
    uint32_t off = blob_put(le, 2 * (len + 1));
    free(le);
    return off;
}

/* A string value that holds a "${" substitution and is well formed. */
static int needs_subst(const struct value *v)
{
    if ((v->type != REGFILE_SZ && v->type != REGFILE_EXPAND_SZ) || v->size < 2 || v->size % 2)
        return 0;
    for (size_t i = 0; i + 3 < v->size; i += 2)
        if (v->data[i] == '$' && !v->data[i + 1] && v->data[i + 2] == '{' && !v->data[i + 3])
            return 1;
    return 0;
}

/* FNV-1a over what the table holds: its stamp, so that the kernel does not
 * hash the whole table at every start to learn whether it changed. */
static uint64_t stamp_add(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* ---- The time zones' index ---------------------------------------------------------
 * The kernel names the host's time zone after the first default zone (in
 * the registry's enumeration order: names compared upper-cased) whose TZI
 * holds the same rules.  Scanning the whole table for them touches most of
 * its pages at every start; the index is the zones alone, with their TZI. */

#define TZ_PREFIX "\\REGISTRY\\MACHINE\\SOFTWARE\\MICROSOFT\\WINDOWS NT\\CURRENTVERSION\\TIME ZONES\\"
#define TZI_SIZE 44

static int ascii_upper(unsigned c)
{
    return c >= 'a' && c <= 'z' ? (int)c - 32 : (int)c;
}

/* The zone's name if k is a direct subkey of the time zones key. */
static const uint16_t *zone_key_name(const struct key *k, size_t *len)
{
    size_t n = strlen(TZ_PREFIX);

    if (k->deleted || k->len <= n)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (ascii_upper(k->path[i]) != TZ_PREFIX[i])
            return NULL;
    for (size_t i = n; i < k->len; i++)
        if (k->path[i] == '\\')
            return NULL;
    *len = k->len - n;
    return k->path + n;
}

static const struct value *zone_tzi(const struct key *k)
{
    for (size_t j = 0; j < k->nvalues; j++) {
        const struct value *v = &k->values[j];
        if (v->name_len == 3 && ascii_upper(v->name[0]) == 'T' && ascii_upper(v->name[1]) == 'Z' &&
            ascii_upper(v->name[2]) == 'I')
            return v->size == TZI_SIZE ? v : NULL;
    }
    return NULL;
}

static int zone_order(const void *a, const void *b)
{
    const struct key *ka = &keys[*(const size_t *)a], *kb = &keys[*(const size_t *)b];
    size_t la, lb;
    const uint16_t *na = zone_key_name(ka, &la), *nb = zone_key_name(kb, &lb);

    for (size_t i = 0; i < la && i < lb; i++) {
        int ca = ascii_upper(na[i]), cb = ascii_upper(nb[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return la < lb ? -1 : la > lb;
}

/* emitted[i]: key i's index in the written table */
static int write_zones(FILE *out, const size_t *emitted)
{
    size_t *zones = calloc(nkeys ? nkeys : 1, sizeof(*zones)), nzones = 0, subkeys = 0, len;

    if (!zones)
        return 0;
    for (size_t i = 0; i < nkeys; i++) {
        if (!zone_key_name(&keys[i], &len))
            continue;
        subkeys++;
        if (zone_tzi(&keys[i]))
            zones[nzones++] = i;
    }
    qsort(zones, nzones, sizeof(*zones), zone_order);
    fputs("\nconst struct regdefault_zone regdefault_zones[] = {\n", out);
    for (size_t z = 0; z < nzones; z++) {
        const struct value *v = zone_tzi(&keys[zones[z]]);
        fprintf(out, "    { %zu, {", emitted[zones[z]]);
        for (size_t b = 0; b < TZI_SIZE; b++)
            fprintf(out, "%s%u", b ? "," : "", v->data[b]);
        fputs("} },\n", out);
    }
    fprintf(out, "};\n\nconst size_t regdefault_zone_count = %zu;\n"
                 "const size_t regdefault_zone_subkeys = %zu;\n", nzones, subkeys);
    free(zones);
    return 1;
}

static int write_table(const char *path, char **sources, int nsources)
{
    FILE *out = fopen(path, "w");
    size_t nvalues = 0, emitted = 0;
    size_t *emitted_at = calloc(nkeys ? nkeys : 1, sizeof(*emitted_at));
    uint64_t stamp = 0xcbf29ce484222325ull;

    if (!out || !emitted_at) {
        fprintf(stderr, "regc: %s: %s\n", path, strerror(out ? ENOMEM : errno));
        if (out)
            fclose(out);
        free(emitted_at);
        return 0;
    }
    fprintf(out, "/* Generated by registry/regc from");
    for (int i = 0; i < nsources; i++)
        fprintf(out, " %s", sources[i]);
    fprintf(out, "; do not edit. */\n#include \"regstore.h\"\n\n");
    fputs("const struct regdefault_value regdefault_values[] = {\n", out);
    for (size_t i = 0; i < nkeys; i++) {
        struct key *k = &keys[i];
        if (k->deleted)
            continue;
        for (size_t j = 0; j < k->nvalues; j++) {
            struct value *v = &k->values[j];
            uint32_t name = blob_wstr(v->name, v->name_len);
            uint32_t data = blob_put(v->data, v->size);
            uint64_t rec[5] = { name, data, v->type, v->size, (uint64_t)needs_subst(v) };
            stamp = stamp_add(stamp, rec, sizeof(rec));
            fprintf(out, "    { %u, %u, %u, %zu, %d },\n", name, data, v->type, v->size,
                    needs_subst(v));
        }
    }
    fputs("};\n\nconst struct regdefault_key regdefault_keys[] = {\n", out);
    for (size_t i = 0; i < nkeys; i++) {
        struct key *k = &keys[i];
        emitted_at[i] = emitted;
        if (k->deleted)
            continue;
        unsigned flags = k->flags;
        for (size_t j = 0; j < k->nvalues; j++)
            if (needs_subst(&k->values[j]))
                flags |= 4;
        uint32_t at = blob_wstr(k->path, k->len);
        uint64_t rec[4] = { at, nvalues, k->nvalues, flags };
        stamp = stamp_add(stamp, rec, sizeof(rec));
        fprintf(out, "    { %u, %zu, %zu, %u },\n", at, nvalues, k->nvalues, flags);
        nvalues += k->nvalues;
        emitted++;
    }
    fprintf(out, "};\n\nconst size_t regdefault_key_count = %zu;   /* %zu values */\n\n", emitted,
            nvalues);
    fputs("const unsigned char regdefault_blob[] __attribute__((aligned(8))) = {", out);
    for (size_t i = 0; i < blob_len; i++)
        fprintf(out, "%s%u,", i % 24 ? "" : "\n    ", blob[i]);
    fputs("\n};\n", out);
    stamp = stamp_add(stamp, blob, blob_len);
    fprintf(out, "\nconst uint64_t regdefault_stamp = 0x%016llxull;\n", (unsigned long long)stamp);
    int zones_ok = write_zones(out, emitted_at);
    free(emitted_at);
    if (fclose(out) || !zones_ok) {
        fprintf(stderr, "regc: %s: write error\n", path);
        return 0;
    }
    return 1;
}

/* ---- --rewrite ---------------------------------------------------------------------- */

static struct regfile_writer writer;

static void w_path(enum regfile_root root, const uint16_t *path, size_t len, int del)
{
    const char *r = regfile_root_name(root);
    size_t rl = strlen(r), n = 0;
    uint16_t *full = xmalloc((rl + 1 + len) * sizeof(uint16_t));

    for (size_t i = 0; i < rl; i++)
        full[n++] = (uint8_t)r[i];
    if (len) {
        full[n++] = '\\';
        memcpy(full + n, path, len * sizeof(uint16_t));
        n += len;
    }
    if (del)
        regfile_write_delete_key(&writer, full, n);
    else
        regfile_write_key(&writer, full, n);
    free(full);
}

static int w_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    (void)ctx;
    w_path(root, path, len, 0);
    return 0;
}

static int w_delete_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    (void)ctx;
    w_path(root, path, len, 1);
    return 0;
}

static int w_value(void *ctx, const uint16_t *name, size_t len, uint32_t type, const void *data,
                   size_t size)
{
    (void)ctx;
    regfile_write_value(&writer, name, len, type, data, size);
    return 0;
}

static int w_delete_value(void *ctx, const uint16_t *name, size_t len)
{
    (void)ctx;
    regfile_write_delete_value(&writer, name, len);
    return 0;
}

static int rewrite(const char *in, const char *out_path)
{
    static const struct regfile_sink sink = { NULL, w_key, w_delete_key, w_value,
                                              w_delete_value };
    void *out;
    size_t size;

    regfile_writer_init(&writer, &heap);
    if (!parse_file(in, &sink)) {
        regfile_writer_discard(&writer);
        return 0;
    }
    if (regfile_writer_finish(&writer, &out, &size)) {
        fprintf(stderr, "regc: out of memory\n");
        return 0;
    }
    FILE *f = fopen(out_path, "wb");
    int ok = f && fwrite(out, 1, size, f) == size;
    if (f && fclose(f))
        ok = 0;
    if (!ok)
        fprintf(stderr, "regc: %s: cannot write\n", out_path);
    free(out);
    return ok;
}

static int usage(void)
{
    fprintf(stderr, "usage: regc -o OUT.c FILE.reg... [--volatile FILE.reg...]\n"
                    "       regc --check FILE.reg...\n"
                    "       regc --rewrite IN.reg OUT.reg\n");
    return 1;
}

int main(int argc, char **argv)
{
    static const struct regfile_sink model = { NULL, m_key, m_delete_key, m_value,
                                               m_delete_value };
    static const struct regfile_sink none = { 0 };

    if (argc == 4 && !strcmp(argv[1], "--rewrite"))
        return rewrite(argv[2], argv[3]) ? 0 : 1;
    if (argc >= 3 && !strcmp(argv[1], "--check")) {
        for (int i = 2; i < argc; i++)
            if (!parse_file(argv[i], &none))
                return 1;
        return 0;
    }
    if (argc < 4 || strcmp(argv[1], "-o"))
        return usage();
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--volatile")) {
            file_flags = 1;
            continue;
        }
        cur = NULL;
        if (!parse_file(argv[i], &model))
            return 1;
    }
    return write_table(argv[2], argv + 3, argc - 3) ? 0 : 1;
}

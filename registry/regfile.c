/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regfile.c - .reg files: the parser and the writer (contract in regfile.h).
 *
 * The parser first turns the whole file into UTF-16 code units, whatever
 * its encoding, so that one line scanner serves both versions; lines are
 * then read one at a time, and hex data may pull in continuation lines.
 *
 * Divisions: 1. buffers  2. decoding the text  3. lines and tokens
 * 4. keys  5. values  6. the two passes  7. the writer
 */
#include "regfile.h"

#include <string.h>

/* ---- 1. Buffers ------------------------------------------------------------ */


static int buf_reserve(const struct regfile_alloc *a, struct regfile_buf *b, size_t more)
{
    if (b->cap - b->len >= more)
        return 1;
    size_t cap = b->cap ? b->cap : 64;
    while (cap - b->len < more) {
        if (cap > SIZE_MAX / 2)
            return 0;
        cap *= 2;
    }
    uint8_t *p = a->alloc(a->ctx, cap);
    if (!p)
        return 0;
    if (b->len)
        memcpy(p, b->p, b->len);
    if (b->p)
        a->free(a->ctx, b->p);
    b->p = p;
    b->cap = cap;
    return 1;
}

static int buf_put(const struct regfile_alloc *a, struct regfile_buf *b, const void *data, size_t n)
{
    if (!buf_reserve(a, b, n))
        return 0;
    memcpy(b->p + b->len, data, n);
    b->len += n;
    return 1;
}

static int buf_byte(const struct regfile_alloc *a, struct regfile_buf *b, uint8_t c)
{
    return buf_put(a, b, &c, 1);
}

/* One UTF-16 unit, little-endian whatever the host. */
static int buf_unit_le(const struct regfile_alloc *a, struct regfile_buf *b, uint16_t u)
{
    uint8_t le[2] = { (uint8_t)u, (uint8_t)(u >> 8) };
    return buf_put(a, b, le, 2);
}

/* One UTF-16 unit in host order (names handed to callbacks). */
static int buf_unit(const struct regfile_alloc *a, struct regfile_buf *b, uint16_t u)
{
    return buf_put(a, b, &u, sizeof(u));
}

static void buf_free(const struct regfile_alloc *a, struct regfile_buf *b)
{
    if (b->p)
        a->free(a->ctx, b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

/* ---- 2. Decoding the text ------------------------------------------------- */

/*
 * One UTF-8 sequence at s[0..n): its code point in *cp and its length, or
 * 0 if it is not valid UTF-8 (overlong forms and surrogates included).
 */
static size_t utf8_decode(const uint8_t *s, size_t n, uint32_t *cp)
{
    static const uint32_t min[4] = { 0, 0x80, 0x800, 0x10000 };
    size_t len;
    uint32_t c = s[0];

    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if ((c & 0xe0) == 0xc0) {
        len = 2;
        c &= 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3;
        c &= 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4;
        c &= 0x07;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min[len - 1] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static int put_code_point(const struct regfile_alloc *a, struct regfile_buf *b, uint32_t cp,
                          int (*put)(const struct regfile_alloc *, struct regfile_buf *, uint16_t))
{
    if (cp < 0x10000)
        return put(a, b, (uint16_t)cp);
    cp -= 0x10000;
    return put(a, b, (uint16_t)(0xd800 | (cp >> 10))) &&
           put(a, b, (uint16_t)(0xdc00 | (cp & 0x3ff)));
}

/* UTF-8 text to host-order units; *bad_line is set on invalid UTF-8. */
static enum regfile_status decode_utf8(const struct regfile_alloc *a, const uint8_t *s, size_t n,
                                       struct regfile_buf *out, unsigned *bad_line)
{
    unsigned line = 1;

    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (!len) {
            *bad_line = line;
            return REGFILE_ESYNTAX;
        }
        if (cp == '\n' || (cp == '\r' && (i + 1 >= n || s[i + 1] != '\n')))
            line++;
        if (!put_code_point(a, out, cp, buf_unit))
            return REGFILE_ENOMEM;
        i += len;
    }
    return REGFILE_OK;
}

static enum regfile_status decode_utf16le(const struct regfile_alloc *a, const uint8_t *s,
                                          size_t n, struct regfile_buf *out, unsigned *bad_line)
{
    if (n % 2) {
        /* the odd byte is on the last line */
        *bad_line = 1;
        for (size_t i = 0; i + 1 < n; i += 2)
            if (s[i] == '\n' && !s[i + 1])
                (*bad_line)++;
        return REGFILE_ESYNTAX;
    }
    if (!buf_reserve(a, out, n))
        return REGFILE_ENOMEM;
    for (size_t i = 0; i < n; i += 2)
        buf_unit(a, out, (uint16_t)(s[i] | s[i + 1] << 8));
    return REGFILE_OK;
}

/* ---- 3. Lines and tokens ---------------------------------------------------- */

struct parser {
    const struct regfile_alloc *a;
    const struct regfile_sink *sink;    /* NULL in the checking pass */
    const uint16_t *text;
    size_t len, pos;                    /* pos: the start of the next line */
    unsigned line;                      /* the number of the current line */
    int version;                        /* 4 or 5 */
    int in_key;                         /* a key line opened a key */
    const uint16_t *cur, *end;          /* the rest of the current line */
    struct regfile_buf name, data, scratch;
    struct regfile_error *err;
};

static enum regfile_status syntax(struct parser *p, const char *message)
{
    p->err->line = p->line;
    p->err->message = message;
    return REGFILE_ESYNTAX;
}

/* Make the next line current; 0 at the end of the text. */
static int next_line(struct parser *p)
{
    if (p->pos >= p->len)
        return 0;
    size_t start = p->pos, i = start;
    while (i < p->len && p->text[i] != '\r' && p->text[i] != '\n')
        i++;
    p->cur = p->text + start;
    p->end = p->text + i;
    if (i < p->len && p->text[i] == '\r' && i + 1 < p->len && p->text[i + 1] == '\n')
        i++;
    p->pos = i < p->len ? i + 1 : i;
    p->line++;
    return 1;
}

static void skip_blanks(struct parser *p)
{
    while (p->cur < p->end && (*p->cur == ' ' || *p->cur == '\t'))
        p->cur++;
}

/* Only blanks and a comment left on the line? */
static int at_line_end(struct parser *p)
{
    skip_blanks(p);
    return p->cur == p->end || *p->cur == ';';
}

/* Does the line continue with the ASCII word w?  Consumes it if so. */
static int take_word(struct parser *p, const char *w)
{
    size_t n = strlen(w);
    if ((size_t)(p->end - p->cur) < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (p->cur[i] != (uint8_t)w[i])
            return 0;
    p->cur += n;
    return 1;
}

static int hex_digit(uint16_t c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static uint16_t ascii_upper(uint16_t c)
{
    return c >= 'a' && c <= 'z' ? (uint16_t)(c - 'a' + 'A') : c;
}

/*
 * A quoted string from after its opening quote to its closing one,
 * unescaped into out (host-order units, no NUL).
 */
static enum regfile_status quoted(struct parser *p, struct regfile_buf *out)
{
    out->len = 0;
    for (;;) {
        if (p->cur == p->end)
            return syntax(p, "missing closing quote");
        uint16_t c = *p->cur++;
        if (c == '"')
            return REGFILE_OK;
        if (c == '\\') {
            if (p->cur == p->end)
                return syntax(p, "missing closing quote");
            c = *p->cur++;
            if (c == 'n')
                c = '\n';
            else if (c == 'r')
                c = '\r';
            else if (c == '0')
                return syntax(p, "\\0 in a string");
        }
        if (!buf_unit(p->a, out, c))
            return REGFILE_ENOMEM;
    }
}

/* ---- 4. Keys ------------------------------------------------------------------ */

static const struct {
    const char *long_name, *short_name;
} roots[] = {
    [REGFILE_HKLM] = { "HKEY_LOCAL_MACHINE", "HKLM" },
    [REGFILE_HKCU] = { "HKEY_CURRENT_USER", "HKCU" },
    [REGFILE_HKCR] = { "HKEY_CLASSES_ROOT", "HKCR" },
    [REGFILE_HKU] = { "HKEY_USERS", "HKU" },
    [REGFILE_HKCC] = { "HKEY_CURRENT_CONFIG", "HKCC" },
};

const char *regfile_root_name(enum regfile_root root)
{
    return roots[root].long_name;
}

/* Does path start with name (ASCII, any case) followed by '\' or the end? */
static int root_matches(const uint16_t *path, size_t len, const char *name)
{
    size_t n = strlen(name);
    if (len < n || (len > n && path[n] != '\\'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_upper(path[i]) != (uint8_t)name[i])
            return 0;
    return 1;
}

int regfile_split_root(const uint16_t *path, size_t len, enum regfile_root *root,
                       size_t *rest_len)
{
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
        const char *names[2] = { roots[i].long_name, roots[i].short_name };
        for (int j = 0; j < 2; j++) {
            if (!root_matches(path, len, names[j]))
                continue;
            size_t n = strlen(names[j]);
            *root = (enum regfile_root)i;
            *rest_len = len > n ? len - n - 1 : 0;
            return 1;
        }
    }
    return 0;
}

/* Every element of a key path is 1 to 255 units long. */
static enum regfile_status check_key_path(struct parser *p, const uint16_t *path, size_t len)
{
    size_t elem = 0;

    for (size_t i = 0; i <= len; i++) {
        if (i < len && path[i] != '\\') {
            if (++elem > 255)
                return syntax(p, "key name element longer than 255 characters");
            continue;
        }
        if (!elem && len)
            return syntax(p, "empty key name element (\\\\ or a trailing \\)");
        elem = 0;
    }
    return REGFILE_OK;
}

/* "[path]" or "[-path]"; p->cur is after the '['. */
static enum regfile_status key_line(struct parser *p)
{
    const uint16_t *close = p->end;
    enum regfile_root root;
    size_t rest;
    enum regfile_status st;

    /* the last ']' closes the name: key names may contain ']' */
    while (close > p->cur && close[-1] != ']')
        close--;
    if (close == p->cur)
        return syntax(p, "missing ] after the key name");
    const uint16_t *name = p->cur, *name_end = close - 1;
    p->cur = close;
    if (!at_line_end(p))
        return syntax(p, "text after the key name's ]");
    int del = name < name_end && *name == '-';
    if (del)
        name++;
    if (!regfile_split_root(name, (size_t)(name_end - name), &root, &rest))
        return syntax(p, "unknown root key (HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER, "
                         "HKEY_CLASSES_ROOT, HKEY_USERS, HKEY_CURRENT_CONFIG or HKLM, ...)");
    const uint16_t *path = name_end - rest;
    if ((st = check_key_path(p, path, rest)))
        return st;
    if (del && !rest)
        return syntax(p, "a root key cannot be deleted");
    p->in_key = !del;
    if (!p->sink)
        return REGFILE_OK;
    int (*cb)(void *, enum regfile_root, const uint16_t *, size_t) =
        del ? p->sink->delete_key : p->sink->key;
    if (cb && cb(p->sink->ctx, root, path, rest))
        return REGFILE_ECALLBACK;
    return REGFILE_OK;
}

/* ---- 5. Values ----------------------------------------------------------------- */

/* dword:XXXXXXXX */
static enum regfile_status dword_data(struct parser *p)
{
    uint32_t v = 0;
    int digits = 0, d;

    skip_blanks(p);
    while (p->cur < p->end && (d = hex_digit(*p->cur)) >= 0) {
        if (++digits > 8)
            return syntax(p, "dword value longer than 8 hex digits");
        v = v << 4 | (uint32_t)d;
        p->cur++;
    }
    if (!digits)
        return syntax(p, "dword: needs 1 to 8 hex digits");
    if (!at_line_end(p))
        return syntax(p, "text after the dword value");
    uint8_t le[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };
    p->data.len = 0;
    return buf_put(p->a, &p->data, le, 4) ? REGFILE_OK : REGFILE_ENOMEM;
}

/* After a "\" continuation: the next line that is not blank or a comment. */
static enum regfile_status continuation(struct parser *p, int *eof)
{
    if (!at_line_end(p))
        return syntax(p, "text after the \\ continuation");
    for (;;) {
        if (!next_line(p)) {
            *eof = 1;       /* regedit takes what came before */
            return REGFILE_OK;
        }
        if (!at_line_end(p))
            break;
    }
    if (hex_digit(*p->cur) < 0)
        return syntax(p, "expected hex bytes after the \\ continuation");
    return REGFILE_OK;
}

/* Comma-separated hex bytes, maybe over several lines, into p->data. */
static enum regfile_status hex_bytes(struct parser *p)
{
    enum regfile_status st;
    int eof = 0;

    p->data.len = 0;
    for (;;) {
        skip_blanks(p);
        if (p->cur == p->end || *p->cur == ';')
            return REGFILE_OK;
        if (*p->cur == '\\') {
            p->cur++;
            if ((st = continuation(p, &eof)) || eof)
                return st;
            continue;
        }
        int hi = hex_digit(*p->cur), lo;
        if (hi < 0)
            return syntax(p, "expected a hex byte");
        p->cur++;
        unsigned v = (unsigned)hi;
        if (p->cur < p->end && (lo = hex_digit(*p->cur)) >= 0) {
            v = v << 4 | (unsigned)lo;
            p->cur++;
        }
        if (p->cur < p->end && hex_digit(*p->cur) >= 0)
            return syntax(p, "hex byte out of range (more than two digits)");
        if (!buf_byte(p->a, &p->data, (uint8_t)v))
            return REGFILE_ENOMEM;
        skip_blanks(p);
        if (p->cur < p->end && *p->cur == ',') {
            p->cur++;
            continue;
        }
        if (!at_line_end(p))
            return syntax(p, "expected , between hex bytes");
        return REGFILE_OK;
    }
}

/*
 * REGEDIT4's string types in hex are 8-bit text: NUL-terminate them as
 * regedit does and widen them (UTF-8; a byte that is not valid UTF-8
 * stands for itself, as in Latin-1).
 */
static enum regfile_status widen_ansi(struct parser *p)
{
    struct regfile_buf *w = &p->scratch;
    const uint8_t *s = p->data.p;
    size_t n = p->data.len;

    if (!n)
        return REGFILE_OK;
    w->len = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (!len) {
            cp = s[i];
            len = 1;
        }
        if (!put_code_point(p->a, w, cp, buf_unit_le))
            return REGFILE_ENOMEM;
        i += len;
    }
    if (s[n - 1] && !buf_unit_le(p->a, w, 0))
        return REGFILE_ENOMEM;
    /* swap the buffers: the widened text becomes the data */
    struct regfile_buf t = p->data;
    p->data = *w;
    *w = t;
    return REGFILE_OK;
}

/* hex:... or hex(N):... ; p->cur is after "hex". */
static enum regfile_status hex_data(struct parser *p, uint32_t *type)
{
    enum regfile_status st;
    int d, digits = 0;

    *type = REGFILE_BINARY;
    if (take_word(p, "(")) {
        *type = 0;
        while (p->cur < p->end && (d = hex_digit(*p->cur)) >= 0) {
            if (++digits > 8)
                return syntax(p, "hex(N): type number longer than 8 hex digits");
            *type = *type << 4 | (uint32_t)d;
            p->cur++;
        }
        if (!digits || !take_word(p, ")"))
            return syntax(p, "hex(N): needs a hex type number and )");
    }
    if (!take_word(p, ":"))
        return syntax(p, "missing : after hex");
    if ((st = hex_bytes(p)))
        return st;
    if (p->version == 4 && (*type == REGFILE_SZ || *type == REGFILE_EXPAND_SZ ||
                            *type == REGFILE_MULTI_SZ))
        return widen_ansi(p);
    return REGFILE_OK;
}

/* "string" data into p->data as UTF-16LE with its NUL. */
static enum regfile_status string_data(struct parser *p)
{
    enum regfile_status st;

    if ((st = quoted(p, &p->scratch)))
        return st;
    if (!at_line_end(p))
        return syntax(p, "text after the string's closing quote");
    const uint16_t *u = (const uint16_t *)(void *)p->scratch.p;
    size_t n = p->scratch.len / sizeof(uint16_t);
    p->data.len = 0;
    if (!buf_reserve(p->a, &p->data, (n + 1) * 2))
        return REGFILE_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        uint16_t c;
        memcpy(&c, u + i, sizeof(c));
        buf_unit_le(p->a, &p->data, c);
    }
    buf_unit_le(p->a, &p->data, 0);
    return REGFILE_OK;
}

/* "name"=... or @=...; p->cur is on the '"' or '@'. */
static enum regfile_status value_line(struct parser *p)
{
    enum regfile_status st;
    uint32_t type;

    if (!p->in_key)
        return syntax(p, "value outside of a key (no [key] line before it)");
    p->name.len = 0;
    if (*p->cur++ == '"' && (st = quoted(p, &p->name)))
        return st;
    skip_blanks(p);
    if (!take_word(p, "="))
        return syntax(p, "missing = after the value name");
    skip_blanks(p);
    const uint16_t *name = (const uint16_t *)(void *)p->name.p;
    size_t name_len = p->name.len / sizeof(uint16_t);
    unsigned line = p->line;        /* hex data may end on a later line */

    if (take_word(p, "-")) {
        if (!at_line_end(p))
            return syntax(p, "text after =-");
        if (p->sink && p->sink->delete_value &&
            p->sink->delete_value(p->sink->ctx, name, name_len))
            return REGFILE_ECALLBACK;
        return REGFILE_OK;
    }
    if (take_word(p, "\"")) {
        type = REGFILE_SZ;
        st = string_data(p);
    } else if (take_word(p, "dword:")) {
        type = REGFILE_DWORD;
        st = dword_data(p);
    } else if (take_word(p, "hex")) {
        st = hex_data(p, &type);
    } else {
        return syntax(p, "unknown value data (expected \"string\", dword:, hex: or hex(N):)");
    }
    if (st)
        return st;
    if (p->sink && p->sink->value &&
        p->sink->value(p->sink->ctx, name, name_len, type, p->data.p, p->data.len)) {
        p->line = line;
        return REGFILE_ECALLBACK;
    }
    return REGFILE_OK;
}

/* ---- 6. The two passes ---------------------------------------------------------- */

static int header_is(struct parser *p, const char *h)
{
    const uint16_t *save = p->cur;
    skip_blanks(p);
    if (take_word(p, h) && (skip_blanks(p), p->cur == p->end))
        return 1;
    p->cur = save;
    return 0;
}

static enum regfile_status run(struct parser *p)
{
    enum regfile_status st;

    p->pos = 0;
    p->line = 0;
    p->in_key = 0;
    if (!next_line(p)) {
        p->line = 1;
        return syntax(p, "empty file");
    }
    if (header_is(p, "REGEDIT4"))
        p->version = 4;
    else if (header_is(p, "Windows Registry Editor Version 5.00"))
        p->version = 5;
    else
        return syntax(p, "not a .reg file: the first line must be REGEDIT4 or "
                         "Windows Registry Editor Version 5.00");
    while (next_line(p)) {
        if (at_line_end(p))
            continue;
        for (const uint16_t *c = p->cur; c < p->end; c++)
            if (!*c)
                return syntax(p, "NUL character in the text");
        if (*p->cur == '[') {
            p->cur++;
            st = key_line(p);
        } else if (*p->cur == '"' || *p->cur == '@') {
            st = value_line(p);
        } else {
            st = syntax(p, "unexpected text (expected [key], \"name\"=, @= or ;comment)");
        }
        if (st) {
            if (st == REGFILE_ECALLBACK && !p->err->message) {
                p->err->line = p->line;
                p->err->message = "the caller refused this line";
            }
            return st;
        }
    }
    return REGFILE_OK;
}

/* The file's bytes as host-order UTF-16 units in *units. */
static enum regfile_status decode(const struct regfile_alloc *a, const uint8_t *s, size_t n,
                                  struct regfile_buf *units, struct regfile_error *err)
{
    enum regfile_status st;
    unsigned bad = 0;

    if (n >= 2 && s[0] == 0xff && s[1] == 0xfe)
        st = decode_utf16le(a, s + 2, n - 2, units, &bad);
    else if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
        st = decode_utf8(a, s + 3, n - 3, units, &bad);
    else
        st = decode_utf8(a, s, n, units, &bad);
    if (st == REGFILE_ESYNTAX) {
        err->line = bad;
        err->message = n >= 2 && s[0] == 0xff && s[1] == 0xfe
                           ? "UTF-16 text with an odd number of bytes"
                           : "invalid UTF-8 (save the file as UTF-8 or UTF-16LE with a BOM)";
    } else if (st == REGFILE_ENOMEM) {
        err->line = 0;
        err->message = "out of memory";
    }
    return st;
}

enum regfile_status regfile_parse(const void *text, size_t size, const struct regfile_sink *sink,
                                  const struct regfile_alloc *alloc, int *version,
                                  struct regfile_error *err)
{
    struct regfile_buf units = { 0 };
    struct parser p = { .a = alloc, .err = err };
    enum regfile_status st;

    err->line = 0;
    err->message = NULL;
    if ((st = decode(alloc, text, size, &units, err)))
        goto done;
    p.text = (const uint16_t *)(void *)units.p;
    p.len = units.len / sizeof(uint16_t);
    /* check everything first, so that a bad file reaches no callback */
    if ((st = run(&p)))
        goto done;
    p.sink = sink;
    if (sink && (st = run(&p)))
        goto done;
    if (version)
        *version = p.version;
done:
    if (st == REGFILE_ENOMEM) {
        err->line = p.line;
        err->message = "out of memory";
    }
    buf_free(alloc, &p.name);
    buf_free(alloc, &p.data);
    buf_free(alloc, &p.scratch);
    buf_free(alloc, &units);
    return st;
}

/* ---- 7. The writer ------------------------------------------------------------------ */

/* Hex data lines break once they reach this many columns (as Wine's). */
#define HEX_WRAP_COLUMN 77

static struct regfile_buf *wbuf(struct regfile_writer *w)
{
    return &w->out;
}

static void put_units(struct regfile_writer *w, const uint16_t *s, size_t n)
{
    for (size_t i = 0; i < n && !w->failed; i++)
        if (!buf_unit_le(&w->alloc, wbuf(w), s[i]))
            w->failed = 1;
}

static void put_ascii(struct regfile_writer *w, const char *s)
{
    for (; *s && !w->failed; s++)
        if (!buf_unit_le(&w->alloc, wbuf(w), (uint8_t)*s))
            w->failed = 1;
}

/* Escape a string up to its first NUL; returns the units written. */
static size_t put_escaped(struct regfile_writer *w, const uint16_t *s, size_t n)
{
    size_t written = 0;

    for (size_t i = 0; i < n && s[i]; i++) {
        const char *esc = s[i] == '\r' ? "\\r" : s[i] == '\n' ? "\\n"
                        : s[i] == '\\' ? "\\\\" : s[i] == '"' ? "\\\"" : NULL;
        if (esc) {
            put_ascii(w, esc);
            written += 2;
        } else {
            put_units(w, s + i, 1);
            written++;
        }
    }
    return written;
}

void regfile_writer_init(struct regfile_writer *w, const struct regfile_alloc *alloc)
{
    static const uint16_t bom = 0xfeff;

    memset(w, 0, sizeof(*w));
    w->alloc = *alloc;
    put_units(w, &bom, 1);
    put_ascii(w, "Windows Registry Editor Version 5.00\r\n");
}

void regfile_write_key(struct regfile_writer *w, const uint16_t *path, size_t len)
{
    put_ascii(w, "\r\n[");
    put_units(w, path, len);
    put_ascii(w, "]\r\n");
}

void regfile_write_delete_key(struct regfile_writer *w, const uint16_t *path, size_t len)
{
    put_ascii(w, "\r\n[-");
    put_units(w, path, len);
    put_ascii(w, "]\r\n");
}

/* "name"= or @=; returns the columns written. */
static size_t put_value_name(struct regfile_writer *w, const uint16_t *name, size_t len)
{
    if (!len || !name[0]) {
        put_ascii(w, "@=");
        return 2;
    }
    put_ascii(w, "\"");
    size_t n = put_escaped(w, name, len);
    put_ascii(w, "\"=");
    return n + 3;
}

static void put_hex(struct regfile_writer *w, size_t column, uint32_t type, const uint8_t *data,
                    size_t size)
{
    static const char digits[] = "0123456789abcdef";
    char prefix[16] = "hex:";

    if (type != REGFILE_BINARY) {
        /* "hex(%x):" */
        char num[9];
        int n = 0;
        do {
            num[n++] = digits[type & 15];
            type >>= 4;
        } while (type);
        size_t o = 3;
        prefix[o++] = '(';
        while (n)
            prefix[o++] = num[--n];
        memcpy(prefix + o, "):", 3);
    }
    put_ascii(w, prefix);
    column += strlen(prefix);
    for (size_t i = 0; i < size; i++) {
        char byte[3] = { digits[data[i] >> 4], digits[data[i] & 15], 0 };
        put_ascii(w, byte);
        if (i + 1 == size)
            break;
        put_ascii(w, ",");
        column += 3;
        if (column >= HEX_WRAP_COLUMN) {
            put_ascii(w, "\\\r\n  ");
            column = 2;
        }
    }
}

void regfile_write_value(struct regfile_writer *w, const uint16_t *name, size_t len,
                         uint32_t type, const void *data, size_t size)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *d = data;
    size_t column = put_value_name(w, name, len);

    if (type == REGFILE_SZ) {
        /* up to the first NUL, and never the last unit (Wine drops it as the NUL) */
        size_t n = size / 2 ? size / 2 - 1 : 0;
        put_ascii(w, "\"");
        for (size_t i = 0; i < n && !w->failed; i++) {
            uint16_t u = (uint16_t)(d[2 * i] | d[2 * i + 1] << 8);
            if (!u)
                break;
            put_escaped(w, &u, 1);
        }
        put_ascii(w, "\"");
    } else if (type == REGFILE_DWORD && size >= 4) {
        char text[] = "dword:00000000";
        uint32_t v = (uint32_t)d[0] | (uint32_t)d[1] << 8 | (uint32_t)d[2] << 16 |
                     (uint32_t)d[3] << 24;
        for (int i = 0; i < 8; i++)
            text[6 + i] = digits[(v >> (28 - 4 * i)) & 15];
        put_ascii(w, text);
    } else {
        put_hex(w, column, type, d, size);
    }
    put_ascii(w, "\r\n");
}

void regfile_write_delete_value(struct regfile_writer *w, const uint16_t *name, size_t len)
{
    put_value_name(w, name, len);
    put_ascii(w, "-\r\n");
}

void regfile_writer_discard(struct regfile_writer *w)
{
    buf_free(&w->alloc, wbuf(w));
    w->failed = 0;
}

enum regfile_status regfile_writer_finish(struct regfile_writer *w, void **out, size_t *size)
{
    put_ascii(w, "\r\n");
    if (w->failed) {
        regfile_writer_discard(w);
        *out = NULL;
        *size = 0;
        return REGFILE_ENOMEM;
    }
    *out = w->out.p;
    *size = w->out.len;
    w->out.p = NULL;
    w->out.len = w->out.cap = 0;
    return REGFILE_OK;
}

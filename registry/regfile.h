/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regfile.h - reading and writing .reg files (regedit's text format).
 *
 * Freestanding: the code uses only mem* helpers and allocates only through
 * the caller's allocator, so the kernel and host-side tools share it.
 *
 * Reading (regfile_parse) accepts:
 *   - a "REGEDIT4" or "Windows Registry Editor Version 5.00" first line;
 *   - UTF-16LE text with a byte-order mark, or UTF-8 with or without one;
 *     lines end with CRLF, LF or CR;
 *   - "[ROOT\path]" (open or create a key) and "[-ROOT\path]" (delete the
 *     key and everything under it), ROOT being HKEY_LOCAL_MACHINE,
 *     HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_USERS,
 *     HKEY_CURRENT_CONFIG or their short forms HKLM, HKCU, HKCR, HKU, HKCC
 *     (any case);
 *   - "name"=DATA and @=DATA (the default value), "name"=- and @=- (delete);
 *     DATA is "string" (REG_SZ; escapes \\ \" \n \r; any other escaped
 *     character stands for itself), dword:XXXXXXXX (1 to 8 hex digits),
 *     hex:bytes (REG_BINARY) or hex(N):bytes (type N in hex: 0 REG_NONE,
 *     2 REG_EXPAND_SZ, 7 REG_MULTI_SZ, b REG_QWORD, any other number);
 *     bytes are comma-separated hex pairs, a line ending in "\" continues
 *     on the next (blank lines and comments may come between);
 *   - comments from ";" to the end of a line, blank lines, spaces and tabs
 *     around tokens.
 * String data is handed over as Windows stores it: UTF-16LE with a
 * terminating NUL.  hex(N) bytes are handed over as written, except in
 * REGEDIT4 files, whose hex(1)/hex(2)/hex(7) bytes are 8-bit text (taken
 * as UTF-8, Latin-1 where not valid UTF-8) and become UTF-16LE, as regedit
 * does when it reads them.
 *
 * The parse runs twice: once to check the whole text, then, only if it is
 * well formed, once more calling the callbacks in file order.  So on
 * malformed input no callback has run: the caller can apply the file in
 * one transaction, or not at all.
 *
 * Writing (struct regfile_writer) produces what Wine's reg.exe export
 * writes: "\xFEFF" "Windows Registry Editor Version 5.00" CRLF, then per key
 * CRLF "[path]" CRLF and one line per value, hex data wrapped before 80
 * columns with "\" CRLF and two spaces, UTF-16LE, ending with CRLF.
 */
#ifndef KEEP_REGFILE_H
#define KEEP_REGFILE_H

#include <stddef.h>
#include <stdint.h>

/* Registry value types (the REG_* numbers). */
#define REGFILE_NONE      0u
#define REGFILE_SZ        1u
#define REGFILE_EXPAND_SZ 2u
#define REGFILE_BINARY    3u
#define REGFILE_DWORD     4u
#define REGFILE_LINK      6u
#define REGFILE_MULTI_SZ  7u
#define REGFILE_QWORD     11u

/* The predefined root keys a path may start with. */
enum regfile_root {
    REGFILE_HKLM,
    REGFILE_HKCU,
    REGFILE_HKCR,
    REGFILE_HKU,
    REGFILE_HKCC,
};

/* The caller's allocator.  alloc returns NULL when out of memory. */
struct regfile_alloc {
    void *(*alloc)(void *ctx, size_t size);
    void (*free)(void *ctx, void *ptr);
    void *ctx;
};

/*
 * What the parser calls, in file order.  Names and paths are UTF-16 code
 * units (not NUL-terminated; a name may be empty: the default value).  A
 * path is the part after the root and its backslash, possibly empty
 * ("[HKEY_CURRENT_USER]").  Values belong to the key of the last key
 * callback.  A callback returns 0 to go on, anything else to stop: the
 * parse then fails with REGFILE_ECALLBACK at that line.
 */
struct regfile_sink {
    void *ctx;
    int (*key)(void *ctx, enum regfile_root root, const uint16_t *path, size_t len);
    int (*delete_key)(void *ctx, enum regfile_root root, const uint16_t *path, size_t len);
    int (*value)(void *ctx, const uint16_t *name, size_t len, uint32_t type, const void *data,
                 size_t size);
    int (*delete_value)(void *ctx, const uint16_t *name, size_t len);
};

enum regfile_status {
    REGFILE_OK = 0,
    REGFILE_ESYNTAX,        /* malformed text: line and message say where and what */
    REGFILE_ENOMEM,         /* the allocator failed */
    REGFILE_ECALLBACK,      /* a callback returned non-zero */
};

struct regfile_error {
    unsigned line;          /* 1-based; 0 when no line is involved */
    const char *message;    /* a static English sentence fragment */
};

/*
 * Parse size bytes of .reg text.  The file's version ends up in *version
 * (4 or 5) when version is not NULL.  err is filled on failure.
 */
enum regfile_status regfile_parse(const void *text, size_t size, const struct regfile_sink *sink,
                                  const struct regfile_alloc *alloc, int *version,
                                  struct regfile_error *err);

/*
 * The root a path starts with: *root, and *rest_len units after it (and its
 * backslash) at path + (len - *rest_len).  0 if path names no root.
 */
int regfile_split_root(const uint16_t *path, size_t len, enum regfile_root *root,
                       size_t *rest_len);
/* The long name of a root ("HKEY_LOCAL_MACHINE"), ASCII. */
const char *regfile_root_name(enum regfile_root root);

/* ---- writing ------------------------------------------------------------- */

/* A growing byte buffer on the caller's allocator. */
struct regfile_buf {
    uint8_t *p;
    size_t len, cap;
};

struct regfile_writer {
    struct regfile_alloc alloc;
    struct regfile_buf out;     /* UTF-16LE bytes so far */
    int failed;                 /* an allocation failed: the output is lost */
};

/* Start a file: the byte-order mark and the version 5 header. */
void regfile_writer_init(struct regfile_writer *w, const struct regfile_alloc *alloc);
/* "[path]" after a blank line; path is the full name (root included). */
void regfile_write_key(struct regfile_writer *w, const uint16_t *path, size_t len);
/* "[-path]" after a blank line. */
void regfile_write_delete_key(struct regfile_writer *w, const uint16_t *path, size_t len);
/* One value line (name empty: "@=").  REG_SZ data is UTF-16LE up to its
 * first NUL; REG_DWORD of 4 bytes is "dword:"; everything else is hex. */
void regfile_write_value(struct regfile_writer *w, const uint16_t *name, size_t len,
                         uint32_t type, const void *data, size_t size);
/* "name"=- */
void regfile_write_delete_value(struct regfile_writer *w, const uint16_t *name, size_t len);
/*
 * End the file (the final CRLF) and hand over its bytes: *out (to be freed
 * with the allocator) and *size.  REGFILE_ENOMEM if any allocation failed;
 * the writer is empty afterwards either way.
 */
enum regfile_status regfile_writer_finish(struct regfile_writer *w, void **out, size_t *size);
/* Drop a writer's buffer without finishing. */
void regfile_writer_discard(struct regfile_writer *w);

#endif /* KEEP_REGFILE_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_regfile.c - unit tests of the .reg parser and writer
 * (registry/regfile.c): every syntax form in both versions and encodings,
 * malformed files (the right line, no callback), allocation failures,
 * the writer's exact output and parse -> write -> parse round trips.
 *
 * The parser's callbacks append one line per event to a text log, which
 * the tests compare with what the file says.
 */
#define _GNU_SOURCE
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry/regfile.h"

/* ---- Helpers ------------------------------------------------------------- */

/* The allocator: malloc, optionally failing from the Nth call on. */
static long alloc_budget = -1;  /* calls left before failing; -1: never fail */

static void *t_alloc(void *ctx, size_t size)
{
    (void)ctx;
    if (alloc_budget == 0)
        return NULL;
    if (alloc_budget > 0)
        alloc_budget--;
    return malloc(size);
}

static void t_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static const struct regfile_alloc talloc = { t_alloc, t_free, NULL };

/* The event log. */
static char logbuf[1 << 16];
static size_t loglen;
static int refuse_at = -1;      /* the event number a callback refuses; -1: none */
static int events;

static void logf_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logf_(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(logbuf + loglen, sizeof(logbuf) - loglen, fmt, ap);
    va_end(ap);
    ck_assert_int_ge(n, 0);
    ck_assert_uint_lt(loglen + (size_t)n, sizeof(logbuf));
    loglen += (size_t)n;
}

/* Units as ASCII, others as \uXXXX. */
static void log_units(const uint16_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x20 && s[i] < 0x7f)
            logf_("%c", (char)s[i]);
        else
            logf_("\\u%04x", s[i]);
    }
}

static int log_key(const char *what, enum regfile_root root, const uint16_t *path, size_t len)
{
    logf_("%s %s\\", what, regfile_root_name(root));
    log_units(path, len);
    logf_("\n");
    return events++ == refuse_at;
}

static int ev_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    (void)ctx;
    return log_key("key", root, path, len);
}

static int ev_delete_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    (void)ctx;
    return log_key("delkey", root, path, len);
}

static int ev_value(void *ctx, const uint16_t *name, size_t len, uint32_t type, const void *data,
                    size_t size)
{
    (void)ctx;
    logf_("value [");
    log_units(name, len);
    logf_("] %u:", type);
    for (size_t i = 0; i < size; i++)
        logf_("%02x", ((const uint8_t *)data)[i]);
    logf_("\n");
    return events++ == refuse_at;
}

static int ev_delete_value(void *ctx, const uint16_t *name, size_t len)
{
    (void)ctx;
    logf_("delvalue [");
    log_units(name, len);
    logf_("]\n");
    return events++ == refuse_at;
}

static const struct regfile_sink sink = { NULL, ev_key, ev_delete_key, ev_value,
                                          ev_delete_value };

static void reset(void)
{
    loglen = 0;
    logbuf[0] = 0;
    events = 0;
    refuse_at = -1;
    alloc_budget = -1;
}

/* UTF-8 text to UTF-16LE bytes with a BOM (the tests' text is UTF-8). */
static uint8_t *to_utf16(const char *s, size_t *size)
{
    size_t n = strlen(s);
    uint8_t *out = malloc(2 * n + 2), *o = out;
    *o++ = 0xff;
    *o++ = 0xfe;
    for (size_t i = 0; i < n;) {
        uint32_t c = (uint8_t)s[i];
        int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
        if (len > 1) {
            c &= 0x3f >> (len - 1);
            for (int k = 1; k < len; k++)
                c = c << 6 | ((uint8_t)s[i + k] & 0x3f);
        }
        i += (size_t)len;
        if (c >= 0x10000) {
            c -= 0x10000;
            uint16_t hi = (uint16_t)(0xd800 | c >> 10), lo = (uint16_t)(0xdc00 | (c & 0x3ff));
            *o++ = (uint8_t)hi, *o++ = (uint8_t)(hi >> 8);
            *o++ = (uint8_t)lo, *o++ = (uint8_t)(lo >> 8);
        } else {
            *o++ = (uint8_t)c, *o++ = (uint8_t)(c >> 8);
        }
    }
    *size = (size_t)(o - out);
    return out;
}

static enum regfile_status parse_bytes(const void *text, size_t size, int *version,
                                       struct regfile_error *err)
{
    reset();
    return regfile_parse(text, size, &sink, &talloc, version, err);
}

static enum regfile_status parse_utf8(const char *text, int *version, struct regfile_error *err)
{
    return parse_bytes(text, strlen(text), version, err);
}

static void expect_log(const char *expected)
{
    ck_assert_msg(!strcmp(logbuf, expected), "log:\n%s\nexpected:\n%s", logbuf, expected);
}

/* ---- Parsing -------------------------------------------------------------- */

static const char v5_body[] =
    "\r\n"
    "; a comment\r\n"
    "[HKEY_LOCAL_MACHINE\\Software\\Keep]\r\n"
    "@=\"default\"\r\n"
    "\"str\"=\"a \\\"quoted\\\" \\\\ back\\nslash\\r\" ; trailing comment\r\n"
    "\"empty\"=\"\"\r\n"
    "  \"spaced\" = dword:0000002A\r\n"
    "\"dw\"=dword:ffffffff\r\n"
    "\"bin\"=hex:01,02,ab,CD\r\n"
    "\"none\"=hex(0):\r\n"
    "\"expand\"=hex(2):25,00,41,00,25,00,00,00\r\n"
    "\"multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n"
    "\"qword\"=hex(b):08,07,06,05,04,03,02,01\r\n"
    "\"odd\"=hex(12345678):ff\r\n"
    "\"long\"=hex:00,01,02,\\\r\n"
    "  03,04,\\ ; comment after the backslash\r\n"
    "\r\n"
    "  ; a comment between continuation lines\r\n"
    "  05\r\n"
    "\"gone\"=-\r\n"
    "@=-\r\n"
    "\"n\\\"a\\\\me\"=\"x\"\r\n"
    "[-HKEY_CURRENT_USER\\Software\\Old]\r\n"
    "[hkcu\\Software\\Ne]w]\r\n"
    "[HKCR\\.txt]\r\n"
    "[HKU\\.Default]\r\n"
    "[HKEY_CURRENT_CONFIG]\r\n"
    "\"\\u00c4\"=\"\xc3\xa4\xe2\x82\xac\xf0\x9f\x98\x80\"\r\n";

/* The events v5_body must produce, checked one at a time. */
static void check_v5_log(void)
{
    /* spot checks on the parts that are easy to get wrong */
    ck_assert_ptr_nonnull(strstr(logbuf, "key HKEY_LOCAL_MACHINE\\Software\\Keep\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [] 1:640065006600610075006c0074000000\n"));
    ck_assert_ptr_nonnull(strstr(logbuf,
        "value [str] 1:610020002200710075006f007400650064002200200"
        "05c0020006200610063006b000a0073006c00610073006800"
        "0d000000\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [empty] 1:0000\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [spaced] 4:2a000000\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [dw] 4:ffffffff\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [bin] 3:0102abcd\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [none] 0:\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [expand] 2:2500410025000000\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [multi] 7:61000000620000000000\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [qword] 11:0807060504030201\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [odd] 305419896:ff\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [long] 3:0001020304" "05\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "delvalue [gone]\ndelvalue []\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "value [n\"a\\me] 1:78000000\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "delkey HKEY_CURRENT_USER\\Software\\Old\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "key HKEY_CURRENT_USER\\Software\\Ne]w\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "key HKEY_CLASSES_ROOT\\.txt\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "key HKEY_USERS\\.Default\n"));
    ck_assert_ptr_nonnull(strstr(logbuf, "key HKEY_CURRENT_CONFIG\\\n"));
    /* "\u00c4" is not an escape: the name is "u00c4"; the data is
     * U+00E4 U+20AC U+1F600 (a surrogate pair) and the NUL */
    ck_assert_ptr_nonnull(strstr(logbuf, "value [u00c4] 1:e400ac203dd800de0000\n"));
    ck_assert_int_eq(events, 22);
}

START_TEST(parse_v5_utf16)
{
    struct regfile_error err;
    int version = 0;
    size_t size;
    char text[sizeof(v5_body) + 64];

    snprintf(text, sizeof(text), "Windows Registry Editor Version 5.00%s", v5_body);
    uint8_t *u16 = to_utf16(text, &size);
    ck_assert_int_eq(parse_bytes(u16, size, &version, &err), REGFILE_OK);
    ck_assert_int_eq(version, 5);
    check_v5_log();
    free(u16);
}
END_TEST

START_TEST(parse_v5_utf8)
{
    struct regfile_error err;
    int version = 0;
    char text[sizeof(v5_body) + 64];
    char saved[sizeof(logbuf)];

    /* without a BOM, with LF line ends */
    snprintf(text, sizeof(text), "Windows Registry Editor Version 5.00%s", v5_body);
    ck_assert_int_eq(parse_utf8(text, &version, &err), REGFILE_OK);
    ck_assert_int_eq(version, 5);
    check_v5_log();
    memcpy(saved, logbuf, loglen + 1);

    /* with a BOM: the same events */
    snprintf(text, sizeof(text), "\xef\xbb\xbfWindows Registry Editor Version 5.00%s", v5_body);
    ck_assert_int_eq(parse_utf8(text, &version, &err), REGFILE_OK);
    expect_log(saved);
}
END_TEST

START_TEST(parse_line_ends)
{
    struct regfile_error err;

    /* LF only, and CR only */
    ck_assert_int_eq(parse_utf8("REGEDIT4\n[HKLM\\A]\n\"v\"=dword:1\n", NULL, &err), REGFILE_OK);
    expect_log("key HKEY_LOCAL_MACHINE\\A\nvalue [v] 4:01000000\n");
    ck_assert_int_eq(parse_utf8("REGEDIT4\r[HKLM\\A]\r\"v\"=dword:1\r", NULL, &err), REGFILE_OK);
    expect_log("key HKEY_LOCAL_MACHINE\\A\nvalue [v] 4:01000000\n");
    /* no final line end, a header with blanks around it */
    ck_assert_int_eq(parse_utf8("  REGEDIT4 \t\r\n[HKLM\\A]", NULL, &err), REGFILE_OK);
    expect_log("key HKEY_LOCAL_MACHINE\\A\n");
    /* a file of the header alone */
    ck_assert_int_eq(parse_utf8("REGEDIT4", NULL, &err), REGFILE_OK);
    expect_log("");
}
END_TEST

START_TEST(parse_regedit4)
{
    struct regfile_error err;
    int version = 0;

    /* REGEDIT4 strings are 8-bit (UTF-8 here); hex(2)/hex(7) bytes widen */
    ck_assert_int_eq(parse_utf8("REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\\xc3\x84\xc3\x96\xc3\x9c]\r\n"
                                "\"s\"=\"\xc3\xa4\"\r\n"
                                "\"e\"=hex(2):25,41,25,00\r\n"
                                "\"m\"=hex(7):61,00,c3,a4,00,00\r\n"
                                "\"nonul\"=hex(2):41\r\n"
                                "\"latin1\"=hex(1):e9,00\r\n"
                                "\"b\"=hex:c3,a4\r\n",
                                &version, &err), REGFILE_OK);
    ck_assert_int_eq(version, 4);
    expect_log("key HKEY_CURRENT_USER\\\\u00c4\\u00d6\\u00dc\n"
               "value [s] 1:e4000000\n"
               "value [e] 2:2500410025000000\n"
               "value [m] 7:61000000e40000000000\n"
               "value [nonul] 2:41000000\n"
               "value [latin1] 1:e9000000\n"
               "value [b] 3:c3a4\n");
}
END_TEST

START_TEST(parse_empty_hex_and_blanks)
{
    struct regfile_error err;

    ck_assert_int_eq(parse_utf8("REGEDIT4\n[HKLM\\A]\n\"a\"=hex:\n\"b\"=hex(7): ; nothing\n"
                                "\"c\" =  hex : 1\n",
                                NULL, &err), REGFILE_ESYNTAX);
    ck_assert_uint_eq(err.line, 5);       /* "hex :" is not "hex:" */
    ck_assert_int_eq(parse_utf8("REGEDIT4\n[HKLM\\A]\n\"a\"=hex:\n\"b\"=hex(7): ; nothing\n"
                                "\"c\" =  hex: 1 , 2 ,\n\"d\"=dword: 7 ; x\n",
                                NULL, &err), REGFILE_OK);
    expect_log("key HKEY_LOCAL_MACHINE\\A\nvalue [a] 3:\nvalue [b] 7:\nvalue [c] 3:0102\n"
               "value [d] 4:07000000\n");
}
END_TEST

/* A continuation at the end of the file ends the data (as regedit does). */
START_TEST(parse_continuation_at_eof)
{
    struct regfile_error err;

    ck_assert_int_eq(parse_utf8("REGEDIT4\n[HKLM\\A]\n\"a\"=hex:01,\\\n\n", NULL, &err),
                     REGFILE_OK);
    expect_log("key HKEY_LOCAL_MACHINE\\A\nvalue [a] 3:01\n");
}
END_TEST

/* ---- Malformed files ------------------------------------------------------ */

static const struct bad_case {
    const char *text;
    unsigned line;
    const char *message;    /* a part of the message */
} bad_cases[] = {
    { "", 1, "empty file" },
    { "REGEDIT5\n[HKLM\\A]\n", 1, "first line" },
    { "\n\nREGEDIT4\n", 1, "first line" },
    { "Windows Registry Editor Version 5.0\n", 1, "first line" },
    { "REGEDIT4\n[HKLM\\A\n", 2, "missing ]" },
    { "REGEDIT4\n[HKLM\\A] x\n", 2, "text after" },
    { "REGEDIT4\n[HKEY_LOCAL_MACHINEX\\A]\n", 2, "unknown root" },
    { "REGEDIT4\n[Software\\A]\n", 2, "unknown root" },
    { "REGEDIT4\n[HKLM\\A\\\\B]\n", 2, "empty key name element" },
    { "REGEDIT4\n[HKLM\\A\\]\n", 2, "empty key name element" },
    { "REGEDIT4\n[-HKLM]\n", 2, "root key cannot be deleted" },
    { "REGEDIT4\n\"v\"=\"x\"\n", 2, "outside of a key" },
    { "REGEDIT4\n[-HKLM\\A]\n\"v\"=\"x\"\n", 3, "outside of a key" },
    { "REGEDIT4\n[HKLM\\A]\n\"v=\"x\"\n", 3, "missing =" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"\"x\"\n", 3, "missing =" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\n", 3, "missing closing quote" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=\"abc\n", 3, "missing closing quote" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=\"abc\\\n", 3, "missing closing quote" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=\"a\\0b\"\n", 3, "\\0" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=\"abc\" x\n", 3, "text after the string" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=dword:\n", 3, "1 to 8 hex digits" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=dword:123456789\n", 3, "longer than 8" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=dword:12g\n", 3, "text after the dword" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=DWORD:1\n", 3, "unknown value data" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=str:\"x\"\n", 3, "unknown value data" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=\n", 3, "unknown value data" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=-x\n", 3, "text after =-" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex:1g\n", 3, "expected , between" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex:100\n", 3, "out of range" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex:01,,02\n", 3, "expected a hex byte" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex:01 02\n", 3, "expected , between" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex(:01\n", 3, "hex(N)" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex(2:01\n", 3, "hex(N)" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex(123456789):01\n", 3, "longer than 8" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex(2)01\n", 3, "missing :" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex:01,\\ x\n", 3, "text after the \\" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex:01,\\\n\n  zz\n", 5, "expected hex bytes" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=hex:01,\\\n  02,\\\n  [HKLM\\B]\n", 5, "expected hex bytes" },
    { "REGEDIT4\n[HKLM\\A]\nv=1\n", 3, "unexpected text" },
    { "REGEDIT4\n[HKLM\\A]\n\"ok\"=\"1\"\n\n\n# no\n", 6, "unexpected text" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=\"\xc3\"\n", 3, "invalid UTF-8" },
    { "REGEDIT4\r\n\r\n[HKLM\\A]\r\n\"v\"=\"\xed\xa0\x80\"\n", 4, "invalid UTF-8" },
    { "REGEDIT4\n[HKLM\\A]\n\"v\"=\"\xc0\x80\"\n", 3, "invalid UTF-8" },
};

START_TEST(parse_malformed)
{
    const struct bad_case *c = &bad_cases[_i];
    struct regfile_error err;

    ck_assert_msg(parse_utf8(c->text, NULL, &err) == REGFILE_ESYNTAX, "case %d parsed", _i);
    ck_assert_msg(err.line == c->line, "case %d: line %u, expected %u (%s)", _i, err.line,
                  c->line, err.message);
    ck_assert_msg(err.message && strstr(err.message, c->message), "case %d: message '%s'", _i,
                  err.message ? err.message : "(null)");
    /* nothing reached the callbacks, though lines before were fine */
    ck_assert_int_eq(events, 0);
    expect_log("");
}
END_TEST

START_TEST(parse_malformed_utf16)
{
    struct regfile_error err;
    size_t size;
    uint8_t *u16 = to_utf16("Windows Registry Editor Version 5.00\r\n\r\n[HKLM\\A]\r\n"
                            "\"v\"=dword:1\r\n\"w\"=\"x\r\n", &size);

    ck_assert_int_eq(parse_bytes(u16, size, NULL, &err), REGFILE_ESYNTAX);
    ck_assert_uint_eq(err.line, 5);
    ck_assert_int_eq(events, 0);
    /* an odd byte count, and a NUL unit inside a line */
    ck_assert_int_eq(parse_bytes(u16, size - 1, NULL, &err), REGFILE_ESYNTAX);
    ck_assert_uint_eq(err.line, 5);
    ck_assert_ptr_nonnull(strstr(err.message, "odd"));
    u16[2 + 2 * 42] = 0;   /* the 'A' of line 3 */
    u16[2 + 2 * 42 + 1] = 0;
    ck_assert_int_eq(parse_bytes(u16, size, NULL, &err), REGFILE_ESYNTAX);
    ck_assert_uint_eq(err.line, 3);
    ck_assert_ptr_nonnull(strstr(err.message, "NUL"));
    free(u16);
}
END_TEST

/* A callback that refuses stops the parse at its line. */
START_TEST(parse_callback_refuses)
{
    struct regfile_error err;

    reset();
    refuse_at = 2;
    const char *text = "REGEDIT4\n[HKLM\\A]\n\"a\"=dword:1\n\"b\"=hex:01,\\\n 02\n\"c\"=dword:3\n";
    ck_assert_int_eq(regfile_parse(text, strlen(text), &sink, &talloc, NULL, &err),
                     REGFILE_ECALLBACK);
    ck_assert_uint_eq(err.line, 4);      /* "b" starts on line 4 */
    ck_assert_int_eq(events, 3);
}
END_TEST

/* Every allocation failing in turn: ENOMEM, never a crash or a leak. */
START_TEST(parse_out_of_memory)
{
    struct regfile_error err;
    const char *text = "REGEDIT4\n[HKLM\\A]\n\"a\"=\"some string data\"\n\"b\"=hex:01,02,03\n";
    enum regfile_status st = REGFILE_ENOMEM;
    long budget;

    for (budget = 0; budget < 100 && st == REGFILE_ENOMEM; budget++) {
        reset();
        alloc_budget = budget;
        st = regfile_parse(text, strlen(text), &sink, &talloc, NULL, &err);
        if (st == REGFILE_ENOMEM)
            ck_assert_str_eq(err.message, "out of memory");
    }
    ck_assert_int_eq(st, REGFILE_OK);
    ck_assert_int_gt(budget, 1);
}
END_TEST

START_TEST(split_root)
{
    static const uint16_t p1[] = { 'h', 'k', 'l', 'm' };
    static const uint16_t p2[] = { 'H', 'K', 'E', 'Y', '_', 'U', 'S', 'E', 'R', 'S', '\\', 'x' };
    static const uint16_t p3[] = { 'H', 'K', 'L', 'M', 'X' };
    enum regfile_root root;
    size_t rest;

    ck_assert(regfile_split_root(p1, 4, &root, &rest));
    ck_assert_int_eq(root, REGFILE_HKLM);
    ck_assert_uint_eq(rest, 0);
    ck_assert(regfile_split_root(p2, 12, &root, &rest));
    ck_assert_int_eq(root, REGFILE_HKU);
    ck_assert_uint_eq(rest, 1);
    ck_assert(!regfile_split_root(p3, 5, &root, &rest));
    ck_assert(!regfile_split_root(p3, 0, &root, &rest));
}
END_TEST

/* ---- Writing ---------------------------------------------------------------- */

static void ascii_units(const char *s, uint16_t *out, size_t *len)
{
    *len = strlen(s);
    for (size_t i = 0; i < *len; i++)
        out[i] = (uint8_t)s[i];
}

/* The writer's bytes as UTF-8-ish ASCII for comparison (all ASCII here). */
static char *written_ascii(const uint8_t *p, size_t size)
{
    char *s = malloc(size / 2 + 1);
    ck_assert_uint_eq(size % 2, 0);
    for (size_t i = 0; i < size / 2; i++) {
        ck_assert_uint_eq(p[2 * i + 1], 0);
        s[i] = (char)p[2 * i];
    }
    s[size / 2] = 0;
    return s;
}

START_TEST(write_exact)
{
    struct regfile_writer w;
    uint16_t path[64], name[64];
    size_t plen, nlen;
    uint8_t bin[40];
    void *out;
    size_t size;

    for (size_t i = 0; i < sizeof(bin); i++)
        bin[i] = (uint8_t)i;
    regfile_writer_init(&w, &talloc);
    ascii_units("HKEY_CURRENT_USER\\Software\\Keep", path, &plen);
    regfile_write_key(&w, path, plen);
    /* the default value, a string with every escape */
    static const uint8_t sz[] = { 'a', 0, '"', 0, '\\', 0, '\r', 0, '\n', 0, 0, 0 };
    regfile_write_value(&w, NULL, 0, REGFILE_SZ, sz, sizeof(sz));
    ascii_units("d", name, &nlen);
    static const uint8_t dw[] = { 0x78, 0x56, 0x34, 0x12 };
    regfile_write_value(&w, name, nlen, REGFILE_DWORD, dw, 4);
    ascii_units("bin\"q", name, &nlen);
    regfile_write_value(&w, name, nlen, REGFILE_BINARY, bin, sizeof(bin));
    ascii_units("multi", name, &nlen);
    regfile_write_value(&w, name, nlen, REGFILE_MULTI_SZ, bin, 3);
    ascii_units("q", name, &nlen);
    regfile_write_value(&w, name, nlen, REGFILE_QWORD, bin, 8);
    ascii_units("e", name, &nlen);
    regfile_write_value(&w, name, nlen, REGFILE_EXPAND_SZ, bin, 0);
    ascii_units("emptysz", name, &nlen);
    regfile_write_value(&w, name, nlen, REGFILE_SZ, bin, 0);
    ascii_units("shortdw", name, &nlen);
    regfile_write_value(&w, name, nlen, REGFILE_DWORD, bin, 2);
    ascii_units("big", name, &nlen);
    regfile_write_value(&w, name, nlen, 0x1234abcd, bin, 1);
    ascii_units("gone", name, &nlen);
    regfile_write_delete_value(&w, name, nlen);
    ascii_units("HKEY_CURRENT_USER\\Software\\Old", path, &plen);
    regfile_write_delete_key(&w, path, plen);
    ck_assert_int_eq(regfile_writer_finish(&w, &out, &size), REGFILE_OK);

    ck_assert_uint_ge(size, 2);
    ck_assert_uint_eq(((uint8_t *)out)[0], 0xff);
    ck_assert_uint_eq(((uint8_t *)out)[1], 0xfe);
    char *text = written_ascii((uint8_t *)out + 2, size - 2);
    /* the 40 bytes wrap as Wine's reg export wraps them: "bin\"q"= is 9
     * columns, hex: 4 more, and each byte but the last adds 3; the line
     * breaks once that reaches 77 (after 22 bytes: 79 columns and the \) */
    const char *expected =
        "Windows Registry Editor Version 5.00\r\n"
        "\r\n"
        "[HKEY_CURRENT_USER\\Software\\Keep]\r\n"
        "@=\"a\\\"\\\\\\r\\n\"\r\n"
        "\"d\"=dword:12345678\r\n"
        "\"bin\\\"q\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,14,15,\\\r\n"
        "  16,17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27\r\n"
        "\"multi\"=hex(7):00,01,02\r\n"
        "\"q\"=hex(b):00,01,02,03,04,05,06,07\r\n"
        "\"e\"=hex(2):\r\n"
        "\"emptysz\"=\"\"\r\n"
        "\"shortdw\"=hex(4):00,01\r\n"
        "\"big\"=hex(1234abcd):00\r\n"
        "\"gone\"=-\r\n"
        "\r\n"
        "[-HKEY_CURRENT_USER\\Software\\Old]\r\n"
        "\r\n";
    ck_assert_msg(!strcmp(text, expected), "written:\n%s\nexpected:\n%s", text, expected);
    free(text);
    free(out);
}
END_TEST

/* A long line wraps again after each 25 bytes (2 + 25 * 3 = 77). */
START_TEST(write_wrap_continuation_lines)
{
    struct regfile_writer w;
    uint8_t data[100] = { 0 };
    void *out;
    size_t size;

    regfile_writer_init(&w, &talloc);
    regfile_write_value(&w, NULL, 0, REGFILE_BINARY, data, sizeof(data));
    ck_assert_int_eq(regfile_writer_finish(&w, &out, &size), REGFILE_OK);
    char *text = written_ascii((uint8_t *)out + 2, size - 2);
    char *line = strstr(text, "@=hex:");
    ck_assert_ptr_nonnull(line);
    /* 6 + 24*3 = 78 >= 77 after 24 bytes; then 2 + 25*3 = 77 each */
    size_t lens[8], n = 0;
    for (char *p = line; *p && n < 8;) {
        char *e = strstr(p, "\r\n");
        lens[n++] = (size_t)(e - p);
        p = e + 2;
        if (!*p || p[0] == '\r')
            break;
    }
    ck_assert_uint_eq(n, 5);
    ck_assert_uint_eq(lens[0], 6 + 24 * 3 + 1);    /* with its backslash */
    ck_assert_uint_eq(lens[1], 2 + 25 * 3 + 1);
    ck_assert_uint_eq(lens[2], 2 + 25 * 3 + 1);
    ck_assert_uint_eq(lens[3], 2 + 25 * 3 + 1);
    ck_assert_uint_eq(lens[4], 2 + 1 * 3 - 1);     /* the last byte has no comma */
    for (size_t i = 0; i < 4; i++)
        ck_assert_uint_le(lens[i], 80);
    free(text);
    free(out);
}
END_TEST

START_TEST(write_out_of_memory)
{
    struct regfile_writer w;
    uint8_t data[4096] = { 0 };
    void *out = (void *)1;
    size_t size = 1;

    reset();
    alloc_budget = 3;
    regfile_writer_init(&w, &talloc);
    for (int i = 0; i < 10; i++)
        regfile_write_value(&w, NULL, 0, REGFILE_BINARY, data, sizeof(data));
    ck_assert_int_eq(regfile_writer_finish(&w, &out, &size), REGFILE_ENOMEM);
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(size, 0);
}
END_TEST

/* ---- Round trips --------------------------------------------------------------- */

/* A sink that writes what it is given: parse -> write. */
struct rewrite {
    struct regfile_writer w;
};

static const char *root_long(enum regfile_root r)
{
    return regfile_root_name(r);
}

static void write_path(struct regfile_writer *w, enum regfile_root root, const uint16_t *path,
                       size_t len, int del)
{
    uint16_t full[600];
    size_t n = 0;
    for (const char *s = root_long(root); *s; s++)
        full[n++] = (uint8_t)*s;
    if (len) {
        full[n++] = '\\';
        ck_assert_uint_lt(n + len, 600);
        memcpy(full + n, path, len * 2);
        n += len;
    }
    if (del)
        regfile_write_delete_key(w, full, n);
    else
        regfile_write_key(w, full, n);
}

static int rw_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    write_path(&((struct rewrite *)ctx)->w, root, path, len, 0);
    return 0;
}

static int rw_delete_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    write_path(&((struct rewrite *)ctx)->w, root, path, len, 1);
    return 0;
}

static int rw_value(void *ctx, const uint16_t *name, size_t len, uint32_t type, const void *data,
                    size_t size)
{
    regfile_write_value(&((struct rewrite *)ctx)->w, name, len, type, data, size);
    return 0;
}

static int rw_delete_value(void *ctx, const uint16_t *name, size_t len)
{
    regfile_write_delete_value(&((struct rewrite *)ctx)->w, name, len);
    return 0;
}

static void rewrite(const void *text, size_t size, void **out, size_t *out_size)
{
    struct rewrite rw;
    struct regfile_sink s = { &rw, rw_key, rw_delete_key, rw_value, rw_delete_value };
    struct regfile_error err;

    regfile_writer_init(&rw.w, &talloc);
    ck_assert_msg(regfile_parse(text, size, &s, &talloc, NULL, &err) == REGFILE_OK,
                  "line %u: %s", err.line, err.message);
    ck_assert_int_eq(regfile_writer_finish(&rw.w, out, out_size), REGFILE_OK);
}

START_TEST(round_trip)
{
    char text[sizeof(v5_body) + 64];
    char first[sizeof(logbuf)];
    struct regfile_error err;
    void *w1, *w2;
    size_t s1, s2;

    snprintf(text, sizeof(text), "Windows Registry Editor Version 5.00%s", v5_body);
    ck_assert_int_eq(parse_utf8(text, NULL, &err), REGFILE_OK);
    memcpy(first, logbuf, loglen + 1);

    /* parse -> write -> parse gives the same events ... */
    rewrite(text, strlen(text), &w1, &s1);
    ck_assert_int_eq(parse_bytes(w1, s1, NULL, &err), REGFILE_OK);
    expect_log(first);
    /* ... and writing that again gives the same bytes */
    rewrite(w1, s1, &w2, &s2);
    ck_assert_uint_eq(s1, s2);
    ck_assert(!memcmp(w1, w2, s1));
    free(w1);
    free(w2);
}
END_TEST

/* Big values survive the trip: 1 MiB of bytes over many continuation lines. */
START_TEST(round_trip_big)
{
    size_t n = (1 << 20) + 3;
    uint8_t *data = malloc(n);
    struct regfile_writer w;
    struct regfile_error err;
    uint16_t key[] = { 'H', 'K', 'L', 'M', '\\', 'B' };
    void *out;
    size_t size;

    for (size_t i = 0; i < n; i++)
        data[i] = (uint8_t)(i * 7);
    regfile_writer_init(&w, &talloc);
    regfile_write_key(&w, key, 6);
    regfile_write_value(&w, NULL, 0, REGFILE_BINARY, data, n);
    ck_assert_int_eq(regfile_writer_finish(&w, &out, &size), REGFILE_OK);

    struct rewrite rw;
    struct regfile_sink s = { &rw, rw_key, rw_delete_key, rw_value, rw_delete_value };
    regfile_writer_init(&rw.w, &talloc);
    ck_assert_int_eq(regfile_parse(out, size, &s, &talloc, NULL, &err), REGFILE_OK);
    void *out2;
    size_t size2;
    ck_assert_int_eq(regfile_writer_finish(&rw.w, &out2, &size2), REGFILE_OK);
    /* the root is written long the second time: compare from the value on */
    uint8_t *v1 = memmem(out, size, "@\0=\0", 4), *v2 = memmem(out2, size2, "@\0=\0", 4);
    ck_assert_ptr_nonnull(v1);
    ck_assert_ptr_nonnull(v2);
    ck_assert_uint_eq(size - (size_t)(v1 - (uint8_t *)out), size2 - (size_t)(v2 - (uint8_t *)out2));
    ck_assert(!memcmp(v1, v2, size - (size_t)(v1 - (uint8_t *)out)));
    free(out);
    free(out2);
    free(data);
}
END_TEST

static Suite *regfile_suite(void)
{
    Suite *s = suite_create("regfile");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, parse_v5_utf16);
    tcase_add_test(tc, parse_v5_utf8);
    tcase_add_test(tc, parse_line_ends);
    tcase_add_test(tc, parse_regedit4);
    tcase_add_test(tc, parse_empty_hex_and_blanks);
    tcase_add_test(tc, parse_continuation_at_eof);
    tcase_add_loop_test(tc, parse_malformed, 0, (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
    tcase_add_test(tc, parse_malformed_utf16);
    tcase_add_test(tc, parse_callback_refuses);
    tcase_add_test(tc, parse_out_of_memory);
    tcase_add_test(tc, split_root);
    suite_add_tcase(s, tc);

    tc = tcase_create("write");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, write_exact);
    tcase_add_test(tc, write_wrap_continuation_lines);
    tcase_add_test(tc, write_out_of_memory);
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, round_trip_big);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(regfile_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

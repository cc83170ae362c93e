/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * string.c - UTF-16 helpers and Windows case mapping.
 *
 * Case-insensitive comparisons (file names, object names) use the Windows
 * upcase table from Wine's l_intl.nls once nls.c has loaded it; before
 * that, and for characters it does not change, ASCII rules apply.
 */
#include "kernel.h"
#include "registry/casemap.h"

/* Set by nls.c: the two-level tables of l_intl.nls (upcase, lowcase). */
const uint16_t *nls_upcase_table;
const uint16_t *nls_lowcase_table;

WCHAR kupcase(WCHAR c)
{
    if (c < 0x80 || !nls_upcase_table)
        return (c >= 'a' && c <= 'z') ? c - 32 : c;
    return casemap(nls_upcase_table, c);
}

WCHAR kdowncase(WCHAR c)
{
    if (c < 0x80 || !nls_lowcase_table)
        return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    return casemap(nls_lowcase_table, c);
}

size_t kwcslen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

int kwcsnicmp(const WCHAR *a, const WCHAR *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        WCHAR ca = kupcase(a[i]), cb = kupcase(b[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
        if (!ca)
            return 0;
    }
    return 0;
}

int kwcsicmp_us(const UNICODE_STRING *a, const UNICODE_STRING *b)
{
    size_t la = a->Length / 2, lb = b->Length / 2;
    size_t n = la < lb ? la : lb;
    for (size_t i = 0; i < n; i++) {
        WCHAR ca = kupcase(a->Buffer[i]), cb = kupcase(b->Buffer[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return la == lb ? 0 : (la < lb ? -1 : 1);
}

int utf8_to_utf16(const char *src, size_t srclen, WCHAR *dst, size_t dstlen)
{
    const unsigned char *s = (const unsigned char *)src, *end = s + srclen;
    size_t n = 0;

    while (s < end) {
        uint32_t c = *s++;
        int extra = c < 0x80 ? 0 : c < 0xc2 ? -1 : c < 0xe0 ? 1 : c < 0xf0 ? 2 : c < 0xf5 ? 3 : -1;
        if (extra < 0)
            return -1;
        c &= extra ? 0x3f >> extra : 0x7f;
        for (int i = 0; i < extra; i++) {
            if (s >= end || (*s & 0xc0) != 0x80)
                return -1;
            c = (c << 6) | (*s++ & 0x3f);
        }
        if (c >= 0x10000) {
            if (n + 2 > dstlen)
                return -1;
            c -= 0x10000;
            dst[n++] = 0xd800 | (c >> 10);
            dst[n++] = 0xdc00 | (c & 0x3ff);
        } else {
            if (n + 1 > dstlen)
                return -1;
            dst[n++] = c;
        }
    }
    if (n < dstlen)
        dst[n] = 0;
    return (int)n;
}

int utf16_to_utf8(const WCHAR *src, size_t srclen, char *dst, size_t dstlen)
{
    size_t n = 0;

    for (size_t i = 0; i < srclen; i++) {
        uint32_t c = src[i];
        if (c < 0x80 && n < dstlen) {   /* the common case */
            dst[n++] = c;
            continue;
        }
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < srclen && src[i + 1] >= 0xdc00 && src[i + 1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (src[++i] - 0xdc00);
        else if (c >= 0xd800 && c < 0xe000)
            c = 0xfffd;
        unsigned len = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        if (n + len > dstlen)
            return -1;
        switch (len) {
        case 1: dst[n++] = c; break;
        case 2: dst[n++] = 0xc0 | (c >> 6); dst[n++] = 0x80 | (c & 0x3f); break;
        case 3: dst[n++] = 0xe0 | (c >> 12); dst[n++] = 0x80 | ((c >> 6) & 0x3f);
                dst[n++] = 0x80 | (c & 0x3f); break;
        default: dst[n++] = 0xf0 | (c >> 18); dst[n++] = 0x80 | ((c >> 12) & 0x3f);
                 dst[n++] = 0x80 | ((c >> 6) & 0x3f); dst[n++] = 0x80 | (c & 0x3f); break;
        }
    }
    if (n < dstlen)
        dst[n] = 0;
    return (int)n;
}

WCHAR *utf8_to_utf16_alloc(const char *src, size_t *out_len)
{
    size_t len = strlen(src);
    WCHAR *w = kmalloc((len + 1) * sizeof(WCHAR));
    if (!w)
        return NULL;
    int n = utf8_to_utf16(src, len, w, len + 1);
    if (n < 0) {
        kfree(w);
        return NULL;
    }
    if (out_len)
        *out_len = n;
    return w;
}

char *utf16_to_utf8_alloc(const WCHAR *src, size_t len)
{
    char *s = kmalloc(len * 3 + 1);
    if (!s)
        return NULL;
    int n = utf16_to_utf8(src, len, s, len * 3 + 1);
    if (n < 0) {
        kfree(s);
        return NULL;
    }
    return s;
}

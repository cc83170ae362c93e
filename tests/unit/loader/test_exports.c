/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_exports.c - loader/kernel_imports.c names exactly the host ABI of
 * host/host.sym (what keep offers the kernel besides a few C library
 * functions), and host/host.h declares exactly those calls, 40 at most.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "test_loader.h"
#include "util.h"

#define SRC(path) KEEP_TEST_SRCDIR "/" path

/* The host_* identifiers in text, in order, as a strlist. */
static void host_names(char *text, const char *after, struct strlist *out)
{
    const char *p = after ? strstr(text, after) : text;

    ck_assert_ptr_nonnull(p);
    while ((p = strstr(p, "host_"))) {
        size_t n = 0;
        while (isalnum((unsigned char)p[n]) || p[n] == '_')
            n++;
        char name[128];
        ck_assert_uint_lt(n, sizeof(name));
        memcpy(name, p, n);
        name[n] = '\0';
        if (p == text || !(isalnum((unsigned char)p[-1]) || p[-1] == '_'))
            ck_assert_int_eq(strlist_push(out, name), 0);
        p += n;
    }
}

static void assert_same(const struct strlist *a, const struct strlist *b, const char *what)
{
    ck_assert_msg(a->n == b->n, "%s: %zu names, host.sym has %zu", what, b->n, a->n);
    for (size_t i = 0; i < a->n; i++)
        ck_assert_msg(!strcmp(a->v[i], b->v[i]), "%s: '%s' where host.sym has '%s'", what, b->v[i], a->v[i]);
}

/* names(text, after, out) over the file at path. */
static void file_names(const char *path, void (*names)(char *, const char *, struct strlist *),
                       const char *after, struct strlist *out)
{
    size_t len;
    unsigned char *text = test_read_file(path, &len);

    names((char *)text, after, out);
    free(text);
}

START_TEST(test_lists_match)
{
    struct strlist sym = { 0 }, imp = { 0 };

    file_names(SRC("host/host.sym"), host_names, NULL, &sym);
    ck_assert_uint_gt(sym.n, 0);
    file_names(SRC("loader/kernel_imports.c"), host_names, "keep_kernel_imports[] = {", &imp);
    assert_same(&sym, &imp, "loader/kernel_imports.c");

    strlist_free(&sym);
    strlist_free(&imp);
}
END_TEST

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The functions host.h declares: on a line of C (not a comment, not a
 * macro), a host_xxx identifier followed by "(". */
static void declared_calls(char *text, const char *after, struct strlist *out)
{
    (void)after;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        if (!islower((unsigned char)line[0]))
            continue;
        for (char *p = line; (p = strstr(p, "host_")); ) {
            size_t n = 0;
            while (isalnum((unsigned char)p[n]) || p[n] == '_')
                n++;
            if ((p == line || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) && p[n] == '(') {
                p[n] = '\0';
                ck_assert_int_eq(strlist_push(out, p), 0);
                p[n] = '(';
            }
            p += n;
        }
    }
}

START_TEST(test_host_h_declares_the_abi_of_40_calls_at_most)
{
    struct strlist sym = { 0 }, decl = { 0 };

    file_names(SRC("host/host.sym"), host_names, NULL, &sym);
    file_names(SRC("host/host.h"), declared_calls, NULL, &decl);

    ck_assert_uint_eq(sym.n, HOST_ABI_CALLS);
    ck_assert_uint_le(HOST_ABI_CALLS, 40);
    qsort(sym.v, sym.n, sizeof(*sym.v), name_cmp);
    qsort(decl.v, decl.n, sizeof(*decl.v), name_cmp);
    assert_same(&sym, &decl, "host/host.h");
    strlist_free(&sym);
    strlist_free(&decl);
}
END_TEST

Suite *exports_suite(void)
{
    Suite *s = suite_create("exports");
    TCase *tc = tcase_create("exports");

    tcase_add_test(tc, test_lists_match);
    tcase_add_test(tc, test_host_h_declares_the_abi_of_40_calls_at_most);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_exports.c - loader/kernel_imports.c names exactly the host ABI of
 * host/host.sym (what keep offers the kernel besides a few C library
 * functions).
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "test_loader.h"
#include "util.h"

#define SRC(path) KEEP_TEST_SRCDIR "/" path

/* The host_* identifiers in text, in order, as a strlist. */
static void host_names(const char *text, const char *after, struct strlist *out)
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

START_TEST(test_lists_match)
{
    size_t len;
    struct strlist sym = { 0 }, imp = { 0 };
    unsigned char *text;

    text = test_read_file(SRC("host/host.sym"), &len);
    host_names((char *)text, NULL, &sym);
    free(text);
    ck_assert_uint_gt(sym.n, 0);

    text = test_read_file(SRC("loader/kernel_imports.c"), &len);
    host_names((char *)text, "keep_kernel_imports[] = {", &imp);
    free(text);
    assert_same(&sym, &imp, "loader/kernel_imports.c");

    strlist_free(&sym);
    strlist_free(&imp);
}
END_TEST

Suite *exports_suite(void)
{
    Suite *s = suite_create("exports");
    TCase *tc = tcase_create("exports");

    tcase_add_test(tc, test_lists_match);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_regstore.c - unit tests of the in-memory registry key store
 * (dlls/ntdll/regstore_mem.c) against its contract, regstore.h.
 *
 * Each test runs in its own process (Check's fork mode) on a fresh store:
 * the fixture creates the root and holds the store lock, as registry.c
 * does around every call.
 *
 * Built twice: test_regstore runs the store in memory only;
 * test_regstore_sql (REGSTORE_SQL) runs the same tests with the store as a
 * cache over a real SQLite database (registry/regdb.c over libkeephost),
 * plus the tests of persistence and coherence at the end.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "regstore.h"
#include "tests/unit/kernel/test_regstore.h"

#ifdef REGSTORE_SQL
#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host_setup.h"
#include "sqlite3.h"
#include "registry/regdb.h"
#include "registry/vfs.h"

static char db_dir[PATH_MAX], db_path[PATH_MAX + 32];
static struct regdb *store_db;

static struct regdb *open_db(void)
{
    struct regdb *db = NULL;
    const char *err = NULL;
    int r = regdb_open(db_path, NULL, kupcase, 0, &db, &err);
    ck_assert_msg(r == REGDB_OK, "regdb_open: %d %s", r, err ? err : "");
    return db;
}

/* A fresh database in a scratch directory, attached before the root exists. */
static void sql_setup(void)
{
    static const struct keepsql_alloc libc = { malloc, free, NULL };
    char tmpl[] = "/tmp/keep-regstore-test-XXXXXX";

    if (store_db)
        return;
    ck_assert_int_eq(host_init(), HOST_OK);
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    ck_assert_ptr_nonnull(realpath(tmpl, db_dir));
    host_policy_reset();
    host_policy_set_log(NULL);
    ck_assert_int_eq(host_policy_allow(db_dir, HOST_POLICY_RW), HOST_OK);
    snprintf(db_path, sizeof(db_path), "%s/registry.db", db_dir);
    ck_assert_int_eq(keepsql_init(&libc), SQLITE_OK);
    store_db = open_db();
    regstore_attach(store_db);
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path) < 0 ? -1 : 0;
}

static void sql_teardown(void)
{
    if (db_dir[0])
        nftw(db_dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}
#else
static void sql_setup(void)
{
}

static void sql_teardown(void)
{
}
#endif

/* ---- Helpers ------------------------------------------------------------- */

static struct regnode *store_root;  /* the store's root */
static struct regnode *root;        /* this test's own key under it */

static size_t wlen(const WCHAR *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static struct regnode *mk(struct regnode *parent, const WCHAR *name)
{
    struct regnode *node = NULL;
    ck_assert_int_eq(regstore_create(parent, name, wlen(name), 0, 0, &node), STATUS_SUCCESS);
    ck_assert_ptr_nonnull(node);
    return node;
}

static struct regnode *find(struct regnode *parent, const WCHAR *name)
{
    return regstore_lookup(parent, name, wlen(name));
}

static int name_is(const struct regnode *node, const WCHAR *expect)
{
    size_t len;
    const WCHAR *name = regstore_name(node, &len);
    return len == wlen(expect) && !memcmp(name, expect, len * sizeof(WCHAR));
}

static int wstr_eq(const WCHAR *a, size_t alen, const WCHAR *b)
{
    return alen == wlen(b) && !memcmp(a, b, alen * sizeof(WCHAR));
}

static NTSTATUS set_dword(struct regnode *node, const WCHAR *name, uint32_t v)
{
    return regstore_set_value(node, name, wlen(name), REG_DWORD, &v, sizeof(v));
}

/* Each test works under a key of its own, so that the tests also pass
 * when they share one store (CK_FORK=no). */
static void setup(void)
{
    static unsigned serial;
    WCHAR name[16] = u"test";

    sql_setup();
    store_root = regstore_init(u"REGISTRY", 8);
    ck_assert_ptr_nonnull(store_root);
    regstore_lock();
    for (unsigned n = ++serial, i = 4; n; n /= 10)
        name[i++] = '0' + n % 10;
    root = mk(store_root, name);
}

static void teardown(void)
{
    regstore_unlock();
    sql_teardown();
}

/* ---- Keys ---------------------------------------------------------------- */

START_TEST(test_init__when_called_twice__returns_the_same_root)
{
    /* setup */
    regstore_unlock();

    /* test */
    struct regnode *again = regstore_init(u"OTHER", 5);

    /* verify */
    regstore_lock();
    ck_assert_ptr_eq(again, store_root);
    ck_assert_ptr_eq(regstore_root(), store_root);
    ck_assert(name_is(store_root, u"REGISTRY"));
    ck_assert_ptr_null(regstore_parent(store_root));
}
END_TEST

START_TEST(test_create__when_new__links_child_under_parent)
{
    struct regnode *machine = mk(root, u"MACHINE");

    ck_assert_ptr_eq(regstore_parent(machine), root);
    ck_assert_ptr_eq(find(root, u"MACHINE"), machine);
    ck_assert_uint_eq(regstore_child_count(root), 1);
    ck_assert_ptr_eq(regstore_child(root, 0), machine);
    ck_assert_ptr_null(regstore_child(root, 1));
    ck_assert_uint_eq(regstore_flags(machine), 0);
}
END_TEST

START_TEST(test_lookup__when_case_differs_in_ascii__finds_the_key)
{
    struct regnode *sw = mk(root, u"Software");

    ck_assert_ptr_eq(find(root, u"SOFTWARE"), sw);
    ck_assert_ptr_eq(find(root, u"software"), sw);
    ck_assert_ptr_eq(find(root, u"sOfTwArE"), sw);
    ck_assert_ptr_null(find(root, u"Softwar"));
    ck_assert_ptr_null(find(root, u"Softwares"));
}
END_TEST

START_TEST(test_lookup__when_case_differs_beyond_ascii__finds_the_key)
{
    /* "ÄÖ" and "äö" fold through the upcase function, not ASCII rules */
    struct regnode *upper = mk(root, u"\u00c4\u00d6");
    struct regnode *greek = mk(root, u"\u03a3\u0391");           /* ΣΑ */
    struct regnode *cyr = mk(root, u"\u0416\u0401");             /* ЖЁ */

    ck_assert_ptr_eq(find(root, u"\u00e4\u00f6"), upper);
    ck_assert_ptr_eq(find(root, u"\u00e4\u00d6"), upper);
    ck_assert_ptr_eq(find(root, u"\u03c3\u03b1"), greek);
    ck_assert_ptr_eq(find(root, u"\u03c2\u03b1"), greek);       /* final sigma */
    ck_assert_ptr_eq(find(root, u"\u0436\u0451"), cyr);
    ck_assert_ptr_null(find(root, u"AO"));
}
END_TEST

START_TEST(test_create__when_name_exists_in_other_case__returns_collision)
{
    struct regnode *node = NULL;
    mk(root, u"\u00c4\u00d6");
    mk(root, u"Key");

    ck_assert_int_eq(regstore_create(root, u"\u00e4\u00f6", 2, 0, 0, &node),
                     STATUS_OBJECT_NAME_COLLISION);
    ck_assert_int_eq(regstore_create(root, u"KEY", 3, 0, 0, &node), STATUS_OBJECT_NAME_COLLISION);
    ck_assert_ptr_null(node);
    ck_assert_uint_eq(regstore_child_count(root), 2);
}
END_TEST

START_TEST(test_create__keeps_the_name_as_given)
{
    struct regnode *node = mk(root, u"MiXeD");

    ck_assert(name_is(node, u"MiXeD"));
}
END_TEST

START_TEST(test_create__when_name_contains_nul__treats_it_as_a_unit)
{
    static const WCHAR with_nul[] = { 'a', 0, 'b' };
    struct regnode *a = mk(root, u"a"), *anb = NULL;

    ck_assert_int_eq(regstore_create(root, with_nul, 3, 0, 0, &anb), STATUS_SUCCESS);
    ck_assert_ptr_ne(a, anb);
    ck_assert_ptr_eq(regstore_lookup(root, with_nul, 3), anb);
    ck_assert_ptr_eq(regstore_lookup(root, with_nul, 1), a);
    ck_assert_ptr_null(regstore_lookup(root, with_nul, 2));
}
END_TEST

START_TEST(test_create__stores_flags_time_and_class)
{
    struct regnode *node = NULL;
    size_t len;

    ck_assert_int_eq(regstore_create(root, u"v", 1, REGNODE_VOLATILE | REGNODE_LINK, 1234, &node),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(regstore_flags(node), REGNODE_VOLATILE | REGNODE_LINK);
    ck_assert_int_eq(regstore_mtime(node), 1234);
    ck_assert_ptr_null(regstore_class(node, &len));
    ck_assert_uint_eq(len, 0);

    regstore_set_mtime(node, 5678);
    ck_assert_int_eq(regstore_set_class(node, u"MyClass", 7), STATUS_SUCCESS);

    ck_assert_int_eq(regstore_mtime(node), 5678);
    const WCHAR *cls = regstore_class(node, &len);
    ck_assert(wstr_eq(cls, len, u"MyClass"));
}
END_TEST

START_TEST(test_create__ignores_unknown_flags)
{
    struct regnode *node = NULL;

    ck_assert_int_eq(regstore_create(root, u"x", 1, REGNODE_DELETED | 0x100, 0, &node),
                     STATUS_SUCCESS);
    ck_assert_uint_eq(regstore_flags(node), 0);
}
END_TEST

/* ---- Enumeration order --------------------------------------------------- */

START_TEST(test_enumerate__orders_by_upcased_name_prefix_first)
{
    /* upcased: B, A, C, A1, _, Z  ->  A, A1, B, C, Z, _ ('_' > 'Z') */
    static const WCHAR *const names[] = { u"b", u"A", u"C", u"a1", u"_", u"z" };
    static const WCHAR *const order[] = { u"A", u"a1", u"b", u"C", u"z", u"_" };

    for (size_t i = 0; i < 6; i++)
        mk(root, names[i]);

    ck_assert_uint_eq(regstore_child_count(root), 6);
    for (size_t i = 0; i < 6; i++)
        ck_assert_msg(name_is(regstore_child(root, i), order[i]), "position %zu", i);
}
END_TEST

START_TEST(test_enumerate__orders_non_ascii_by_upcased_value)
{
    /* é upcases to É (0xc9), after every ASCII letter; ä (0xe4) to Ä (0xc4) */
    mk(root, u"\u00e9");
    mk(root, u"z");
    mk(root, u"\u00c4");
    mk(root, u"\u00e4x");

    ck_assert(name_is(regstore_child(root, 0), u"z"));
    ck_assert(name_is(regstore_child(root, 1), u"\u00c4"));
    ck_assert(name_is(regstore_child(root, 2), u"\u00e4x"));
    ck_assert(name_is(regstore_child(root, 3), u"\u00e9"));
}
END_TEST

START_TEST(test_enumerate__when_many_keys__stays_sorted_and_searchable)
{
    WCHAR name[16];
    enum { N = 1000 };

    /* insert in a scrambled order (7 is coprime with 1000) */
    for (unsigned i = 0; i < N; i++) {
        unsigned k = (i * 7) % N;
        for (int d = 0; d < 4; d++)
            name[d] = 'k';
        name[4] = '0' + k / 100;
        name[5] = '0' + k / 10 % 10;
        name[6] = '0' + k % 10;
        name[7] = 0;
        mk(root, name);
    }
    ck_assert_uint_eq(regstore_child_count(root), N);
    for (unsigned i = 0; i < N; i++) {
        size_t len;
        const WCHAR *n = regstore_name(regstore_child(root, i), &len);
        ck_assert_uint_eq(len, 7);
        ck_assert_uint_eq((n[4] - '0') * 100 + (n[5] - '0') * 10 + (n[6] - '0'), i);
        ck_assert_ptr_eq(regstore_lookup(root, n, len), regstore_child(root, i));
    }
    /* delete every other key and check the rest */
    for (unsigned i = 0; i < N; i += 2) {
        name[4] = '0' + i / 100;
        name[5] = '0' + i / 10 % 10;
        name[6] = '0' + i % 10;
        struct regnode *node = regstore_lookup(root, name, 7);
        ck_assert_ptr_nonnull(node);
        ck_assert_int_eq(regstore_delete(node), STATUS_SUCCESS);
    }
    ck_assert_uint_eq(regstore_child_count(root), N / 2);
    for (unsigned i = 1; i < N; i += 2) {
        name[4] = '0' + i / 100;
        name[5] = '0' + i / 10 % 10;
        name[6] = '0' + i % 10;
        ck_assert_ptr_eq(regstore_lookup(root, name, 7), regstore_child(root, i / 2));
    }
}
END_TEST

/* ---- Deleting and renaming ----------------------------------------------- */

START_TEST(test_delete__when_key_has_subkeys__returns_cannot_delete)
{
    struct regnode *parent = mk(root, u"parent");
    mk(parent, u"child");

    ck_assert_int_eq(regstore_delete(parent), STATUS_CANNOT_DELETE);
    ck_assert_ptr_eq(find(root, u"parent"), parent);
    ck_assert_uint_eq(regstore_flags(parent) & REGNODE_DELETED, 0);
}
END_TEST

START_TEST(test_delete__when_leaf__unlinks_and_marks_deleted)
{
    struct regnode *parent = mk(root, u"parent");
    struct regnode *child = mk(parent, u"child");
    regstore_ref(child);                      /* a handle's reference */

    ck_assert_int_eq(regstore_delete(child), STATUS_SUCCESS);

    ck_assert_ptr_null(find(parent, u"child"));
    ck_assert_uint_eq(regstore_child_count(parent), 0);
    ck_assert_uint_eq(regstore_flags(child) & REGNODE_DELETED, REGNODE_DELETED);
    ck_assert_ptr_null(regstore_parent(child));
    /* the node still answers while referenced */
    ck_assert(name_is(child, u"child"));
    /* deleting again succeeds, creating under it does not */
    ck_assert_int_eq(regstore_delete(child), STATUS_SUCCESS);
    struct regnode *grandchild = NULL;
    ck_assert_int_eq(regstore_create(child, u"x", 1, 0, 0, &grandchild), STATUS_KEY_DELETED);
    ck_assert_int_eq(set_dword(child, u"v", 1), STATUS_KEY_DELETED);
    /* and the parent, now childless, can go */
    ck_assert_int_eq(regstore_delete(parent), STATUS_SUCCESS);
    regstore_unref(child);
}
END_TEST

START_TEST(test_delete__when_root__returns_access_denied)
{
    ck_assert_int_eq(regstore_delete(store_root), STATUS_ACCESS_DENIED);
    ck_assert_uint_eq(regstore_flags(store_root) & REGNODE_DELETED, 0);
}
END_TEST

START_TEST(test_delete__then_create_same_name__makes_a_new_key)
{
    struct regnode *old = mk(root, u"k");
    regstore_ref(old);
    ck_assert_int_eq(set_dword(old, u"v", 1), STATUS_SUCCESS);
    ck_assert_int_eq(regstore_delete(old), STATUS_SUCCESS);

    struct regnode *fresh = mk(root, u"K");

    ck_assert_ptr_ne(fresh, old);
    ck_assert_uint_eq(regstore_value_count(fresh), 0);
    ck_assert_uint_eq(regstore_value_count(old), 1);
    regstore_unref(old);
}
END_TEST

START_TEST(test_rename__moves_the_key_in_enumeration_order)
{
    mk(root, u"b");
    struct regnode *a = mk(root, u"a");
    mk(root, u"c");

    ck_assert_int_eq(regstore_rename(a, u"d", 1), STATUS_SUCCESS);

    ck_assert(name_is(a, u"d"));
    ck_assert_ptr_null(find(root, u"a"));
    ck_assert_ptr_eq(find(root, u"D"), a);
    ck_assert(name_is(regstore_child(root, 0), u"b"));
    ck_assert(name_is(regstore_child(root, 1), u"c"));
    ck_assert(name_is(regstore_child(root, 2), u"d"));
    ck_assert_ptr_eq(regstore_parent(a), root);
}
END_TEST

START_TEST(test_rename__when_name_taken__returns_cannot_delete)
{
    struct regnode *a = mk(root, u"a");
    mk(root, u"b");

    ck_assert_int_eq(regstore_rename(a, u"B", 1), STATUS_CANNOT_DELETE);
    ck_assert_int_eq(regstore_rename(a, u"A", 1), STATUS_CANNOT_DELETE);   /* itself */
    ck_assert_int_eq(regstore_rename(store_root, u"R", 1), STATUS_CANNOT_DELETE);
    ck_assert(name_is(a, u"a"));
}
END_TEST

START_TEST(test_rename__when_deleted__returns_key_deleted)
{
    struct regnode *a = mk(root, u"a");
    regstore_ref(a);
    ck_assert_int_eq(regstore_delete(a), STATUS_SUCCESS);

    ck_assert_int_eq(regstore_rename(a, u"b", 1), STATUS_KEY_DELETED);
    regstore_unref(a);
}
END_TEST

/* ---- Values -------------------------------------------------------------- */

START_TEST(test_value__set_then_get__returns_type_and_data)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;

    ck_assert_int_eq(regstore_set_value(k, u"Str", 3, REG_SZ, u"hi", 6), STATUS_SUCCESS);

    ck_assert(regstore_get_value(k, u"Str", 3, &v));
    ck_assert_uint_eq(v.type, REG_SZ);
    ck_assert_uint_eq(v.size, 6);
    ck_assert_mem_eq(v.data, u"hi", 6);
    ck_assert(wstr_eq(v.name, v.name_len, u"Str"));
    ck_assert(!regstore_get_value(k, u"Other", 5, &v));
}
END_TEST

START_TEST(test_value__names_fold_case_beyond_ascii)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;

    ck_assert_int_eq(set_dword(k, u"\u00c4\u00d6value", 7), STATUS_SUCCESS);

    ck_assert(regstore_get_value(k, u"\u00e4\u00f6VALUE", 7, &v));
    ck_assert_uint_eq(*(const uint32_t *)v.data, 7);
}
END_TEST

START_TEST(test_value__replace__keeps_first_name_and_takes_new_data)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;
    static const uint8_t bytes[3] = { 1, 2, 3 };

    ck_assert_int_eq(set_dword(k, u"Name", 1), STATUS_SUCCESS);
    ck_assert_int_eq(regstore_set_value(k, u"NAME", 4, REG_BINARY, bytes, 3), STATUS_SUCCESS);

    ck_assert_uint_eq(regstore_value_count(k), 1);
    ck_assert(regstore_get_value(k, u"name", 4, &v));
    ck_assert(wstr_eq(v.name, v.name_len, u"Name"));
    ck_assert_uint_eq(v.type, REG_BINARY);
    ck_assert_uint_eq(v.size, 3);
    ck_assert_mem_eq(v.data, bytes, 3);
}
END_TEST

/* Static values are kept by pointer; replacing or deleting them must not
 * free the caller's memory (ASan would catch a free of static data). */
START_TEST(test_value__static__kept_by_pointer_and_never_freed)
{
    static const WCHAR name[] = u"Static";
    static const uint8_t data[4] = { 9, 8, 7, 6 };
    struct regnode *k = mk(root, u"k");
    struct regvalue v;

    ck_assert_int_eq(regstore_set_value_static(k, name, 6, REG_BINARY, data, 4), STATUS_SUCCESS);
    ck_assert(regstore_get_value(k, u"STATIC", 6, &v));
    ck_assert_uint_eq(v.type, REG_BINARY);
    ck_assert_uint_eq(v.size, 4);
    ck_assert_mem_eq(v.data, data, 4);
    /* replaced by a copy: the name stays the static one, the data is new */
    ck_assert_int_eq(set_dword(k, u"static", 5), STATUS_SUCCESS);
    ck_assert(regstore_get_value(k, u"Static", 6, &v));
    ck_assert(wstr_eq(v.name, v.name_len, u"Static"));
    ck_assert_uint_eq(*(const uint32_t *)v.data, 5);
    /* and static again over a copy, then deleted, and the key with it */
    ck_assert_int_eq(regstore_set_value_static(k, name, 6, REG_DWORD, data, 4), STATUS_SUCCESS);
    ck_assert_int_eq(regstore_set_value_static(k, u"Other", 5, REG_NONE, NULL, 0), STATUS_SUCCESS);
    ck_assert_int_eq(regstore_delete_value(k, u"STATIC", 6), STATUS_SUCCESS);
    ck_assert_uint_eq(regstore_value_count(k), 1);
    ck_assert_int_eq(regstore_delete(k), STATUS_SUCCESS);
}
END_TEST

START_TEST(test_value__default_value_has_empty_name)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;

    ck_assert_int_eq(regstore_set_value(k, NULL, 0, REG_SZ, u"d", 4), STATUS_SUCCESS);
    ck_assert_int_eq(set_dword(k, u"a", 1), STATUS_SUCCESS);

    ck_assert(regstore_get_value(k, u"", 0, &v));
    ck_assert_uint_eq(v.name_len, 0);
    ck_assert_uint_eq(v.type, REG_SZ);
    /* the empty name sorts first */
    ck_assert(regstore_value_at(k, 0, &v));
    ck_assert_uint_eq(v.name_len, 0);
}
END_TEST

START_TEST(test_value__any_type_and_empty_data_are_stored_as_given)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;
    uint64_t q = 0x1122334455667788ull;

    ck_assert_int_eq(regstore_set_value(k, u"odd", 3, 0xff00ff00, NULL, 0), STATUS_SUCCESS);
    ck_assert_int_eq(regstore_set_value(k, u"q", 1, REG_QWORD, &q, 8), STATUS_SUCCESS);
    ck_assert_int_eq(regstore_set_value(k, u"none", 4, REG_NONE, NULL, 0), STATUS_SUCCESS);

    ck_assert(regstore_get_value(k, u"odd", 3, &v));
    ck_assert_uint_eq(v.type, 0xff00ff00);
    ck_assert_uint_eq(v.size, 0);
    ck_assert(regstore_get_value(k, u"q", 1, &v));
    ck_assert_uint_eq(v.type, REG_QWORD);
    ck_assert_mem_eq(v.data, &q, 8);
    ck_assert(regstore_get_value(k, u"NONE", 4, &v));
    ck_assert_uint_eq(v.type, REG_NONE);
}
END_TEST

START_TEST(test_value__one_mebibyte_and_more_round_trips)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;
    size_t size = (1 << 20) + 3;
    uint8_t *big = malloc(size);
    for (size_t i = 0; i < size; i++)
        big[i] = (uint8_t)(i * 31 + 7);

    ck_assert_int_eq(regstore_set_value(k, u"big", 3, REG_BINARY, big, size), STATUS_SUCCESS);

    ck_assert(regstore_get_value(k, u"big", 3, &v));
    ck_assert_uint_eq(v.size, size);
    ck_assert(!memcmp(v.data, big, size));
    free(big);
}
END_TEST

START_TEST(test_value__enumerate__orders_by_upcased_name)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;
    static const WCHAR *const order[] = { u"", u"alpha", u"Beta", u"beta2", u"\u00e9" };

    ck_assert_int_eq(set_dword(k, u"\u00e9", 5), 0);
    ck_assert_int_eq(set_dword(k, u"beta2", 4), 0);
    ck_assert_int_eq(set_dword(k, u"alpha", 2), 0);
    ck_assert_int_eq(set_dword(k, u"", 1), 0);
    ck_assert_int_eq(set_dword(k, u"Beta", 3), 0);

    ck_assert_uint_eq(regstore_value_count(k), 5);
    for (size_t i = 0; i < 5; i++) {
        ck_assert(regstore_value_at(k, i, &v));
        ck_assert_msg(wstr_eq(v.name, v.name_len, order[i]), "position %zu", i);
        ck_assert_uint_eq(*(const uint32_t *)v.data, i + 1);
    }
    ck_assert(!regstore_value_at(k, 5, &v));
}
END_TEST

START_TEST(test_value__delete__removes_only_that_value)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;

    ck_assert_int_eq(set_dword(k, u"a", 1), 0);
    ck_assert_int_eq(set_dword(k, u"b", 2), 0);
    ck_assert_int_eq(set_dword(k, u"c", 3), 0);

    ck_assert_int_eq(regstore_delete_value(k, u"B", 1), STATUS_SUCCESS);

    ck_assert_uint_eq(regstore_value_count(k), 2);
    ck_assert(!regstore_get_value(k, u"b", 1, &v));
    ck_assert(regstore_value_at(k, 1, &v));
    ck_assert(wstr_eq(v.name, v.name_len, u"c"));
    ck_assert_int_eq(regstore_delete_value(k, u"b", 1), STATUS_OBJECT_NAME_NOT_FOUND);
}
END_TEST

/* ---- Statistics ---------------------------------------------------------- */

START_TEST(test_query_info__counts_and_maxima)
{
    struct regnode *k = mk(root, u"k");
    struct regnode_info info;
    struct regnode *sub = mk(k, u"longest_sub");
    mk(k, u"s");
    ck_assert_int_eq(regstore_set_class(sub, u"cls", 3), 0);
    ck_assert_int_eq(set_dword(k, u"val", 1), 0);
    ck_assert_int_eq(regstore_set_value(k, u"v", 1, REG_BINARY, "123456789", 9), 0);

    regstore_query_info(k, &info);

    ck_assert_uint_eq(info.subkeys, 2);
    ck_assert_uint_eq(info.max_subkey_len, 11);
    ck_assert_uint_eq(info.max_class_len, 3);
    ck_assert_uint_eq(info.values, 2);
    ck_assert_uint_eq(info.max_value_name_len, 3);
    ck_assert_uint_eq(info.max_value_size, 9);
}
END_TEST

START_TEST(test_query_info__when_empty__is_all_zero)
{
    struct regnode_info info;
    struct regnode *k = mk(root, u"k");

    regstore_query_info(k, &info);

    ck_assert_uint_eq(info.subkeys + info.max_subkey_len + info.max_class_len + info.values +
                      info.max_value_name_len + info.max_value_size, 0);
}
END_TEST

/* ---- Running out of memory ----------------------------------------------- */

START_TEST(test_create__when_allocation_fails__returns_no_memory_and_changes_nothing)
{
    struct regnode *node = NULL;
    mk(root, u"a");

    for (unsigned n = 1; n <= 3; n++) {
        shim_fail_alloc(n);
        NTSTATUS st = regstore_create(root, u"b", 1, 0, 0, &node);
        shim_fail_alloc(0);
        if (st == STATUS_SUCCESS)
            break;      /* fewer allocations than n: nothing left to fail */
        ck_assert_int_eq(st, STATUS_NO_MEMORY);
        ck_assert_ptr_null(find(root, u"b"));
        ck_assert_uint_eq(regstore_child_count(root), 1);
    }
    ck_assert_ptr_nonnull(find(root, u"b"));
}
END_TEST

START_TEST(test_set_value__when_allocation_fails__keeps_the_old_value)
{
    struct regnode *k = mk(root, u"k");
    struct regvalue v;
    ck_assert_int_eq(set_dword(k, u"a", 1), 0);

    for (unsigned n = 1; n <= 4; n++) {
        shim_fail_alloc(n);
        NTSTATUS st1 = set_dword(k, u"a", 2);       /* replace */
        shim_fail_alloc(n);
        NTSTATUS st2 = set_dword(k, u"new", 3);     /* insert */
        shim_fail_alloc(0);
        ck_assert(st1 == STATUS_SUCCESS || st1 == STATUS_NO_MEMORY);
        ck_assert(regstore_get_value(k, u"a", 1, &v));
        ck_assert_uint_eq(*(const uint32_t *)v.data, st1 ? 1 : 2);
        if (st1 == STATUS_SUCCESS)
            ck_assert_int_eq(set_dword(k, u"a", 1), 0);
        ck_assert(st2 == STATUS_SUCCESS || st2 == STATUS_NO_MEMORY);
        ck_assert_int_eq(regstore_get_value(k, u"new", 3, &v), st2 == STATUS_SUCCESS);
        ck_assert_uint_eq(regstore_value_count(k), st2 == STATUS_SUCCESS ? 2 : 1);
        if (st2 == STATUS_SUCCESS)
            ck_assert_int_eq(regstore_delete_value(k, u"new", 3), 0);
    }
}
END_TEST


/* ---- Persistence and coherence (the SQLite store) ------------------------ */
#ifdef REGSTORE_SQL

static regdb_id db_lookup(struct regdb *db, regdb_id parent, const WCHAR *name)
{
    regdb_id id = 0;
    int r = regdb_key_lookup(db, parent, name, wlen(name), &id);
    return r == REGDB_OK ? id : 0;
}

struct dword_find { const WCHAR *name; int found; uint32_t v; };

static int dword_cb(void *ctx, const struct regdb_value *v)
{
    struct dword_find *f = ctx;
    if (v->name_len == wlen(f->name) && !memcmp(v->name, f->name, v->name_len * 2) && v->size == 4) {
        f->found = 1;
        memcpy(&f->v, v->data, 4);
    }
    return 0;
}

/* The path of this test's own key in the database. */
static regdb_id db_root_key(struct regdb *db)
{
    size_t len;
    const WCHAR *name = regstore_name(root, &len);
    regdb_id id = 0;
    ck_assert_int_eq(regdb_key_lookup(db, REGDB_ROOT_ID, name, len, &id), REGDB_OK);
    return id;
}

START_TEST(test_sql__flushed_writes_are_in_the_database)
{
    struct regnode *k = mk(root, u"Persist");
    struct regnode *v = NULL;
    ck_assert_int_eq(set_dword(k, u"n", 42), 0);
    ck_assert_int_eq(regstore_create(root, u"Vol", 3, REGNODE_VOLATILE, 0, &v), 0);
    ck_assert_int_eq(regstore_tick_locked(1), STATUS_SUCCESS);

    struct regdb *other = open_db();
    regdb_id kid = db_lookup(other, db_root_key(other), u"PERSIST");
    ck_assert_int_ne(kid, 0);
    struct dword_find f = { u"n", 0, 0 };
    ck_assert_int_eq(regdb_values(other, kid, dword_cb, &f), REGDB_OK);
    ck_assert(f.found && f.v == 42);
    /* volatile keys are never written */
    ck_assert_int_eq(db_lookup(other, db_root_key(other), u"Vol"), 0);
    regdb_close(other);
}
END_TEST

START_TEST(test_sql__another_connections_commits_show_after_the_next_lock)
{
    struct regnode *k = mk(root, u"Coherent"), *gone = mk(root, u"Gone");
    struct regvalue v;
    ck_assert_int_eq(set_dword(k, u"n", 1), 0);
    regstore_ref(gone);                         /* a handle holds it */
    ck_assert_uint_eq(regstore_child_count(root), 2);
    ck_assert_int_eq(regstore_tick_locked(0), STATUS_SUCCESS);
    regstore_unlock();

    /* another process changes a value, adds a key, deletes one */
    struct regdb *other = open_db();
    regdb_id rid = db_root_key(other), kid = db_lookup(other, rid, u"Coherent"), nid = 0;
    uint32_t two = 2;
    struct regdb_value val = { u"n", 1, REG_DWORD, &two, 4 };
    ck_assert_int_eq(regdb_begin(other, NULL), REGDB_OK);
    ck_assert_int_eq(regdb_value_set(other, kid, &val), REGDB_OK);
    ck_assert_int_eq(regdb_key_create(other, rid, u"New", 3, 0, 0, &nid), REGDB_OK);
    ck_assert_int_eq(regdb_key_delete(other, db_lookup(other, rid, u"Gone")), REGDB_OK);
    ck_assert_int_eq(regdb_commit(other, 0), REGDB_OK);
    regdb_close(other);

    regstore_lock();
    ck_assert(regstore_get_value(k, u"n", 1, &v));
    ck_assert_uint_eq(*(const uint32_t *)v.data, 2);
    ck_assert_ptr_nonnull(find(root, u"new"));
    ck_assert_ptr_null(find(root, u"gone"));
    ck_assert(regstore_flags(gone) & REGNODE_DELETED);
    ck_assert_ptr_eq(find(root, u"coherent"), k);    /* the same node: handles survive */
    ck_assert_uint_eq(regstore_child_count(root), 2);
    regstore_unref(gone);
}
END_TEST

START_TEST(test_sql__a_write_after_anothers_commit_sees_it_first)
{
    struct regnode *k = mk(root, u"Race"), *dup = NULL;
    ck_assert_int_eq(regstore_tick_locked(0), STATUS_SUCCESS);
    /* the other commits while we hold the lock (no epoch change seen yet) */
    struct regdb *other = open_db();
    regdb_id kid = db_lookup(other, db_root_key(other), u"Race"), nid = 0;
    ck_assert_int_eq(regdb_key_create(other, kid, u"Sub", 3, 0, 0, &nid), REGDB_OK);
    regdb_close(other);
    /* our create begins the write transaction, learns of it, and collides */
    ck_assert_int_eq(regstore_create(k, u"SUB", 3, 0, 0, &dup), STATUS_OBJECT_NAME_COLLISION);
    ck_assert_uint_eq(regstore_child_count(k), 1);
}
END_TEST

/* A lookup in a key whose subkeys are not read yet reads that one subkey;
 * the list read later keeps the node, and what another process renamed or
 * deleted meanwhile is found as it is now, with the nodes handles hold. */
START_TEST(test_sql__a_lookup_reads_one_subkey_and_the_list_keeps_it)
{
    struct regnode *zones = mk(root, u"Zones");
    WCHAR name[16];
    for (int i = 0; i < 40; i++) {
        for (int j = 0, n = i; j < 3; j++, n /= 10)
            name[2 - j] = u'0' + n % 10;
        name[3] = 0;
        mk(zones, name);
    }
    struct regnode *renamed = find(zones, u"007"), *gone = find(zones, u"008");
    regstore_ref(renamed);
    regstore_ref(gone);
    ck_assert_int_eq(regstore_tick_locked(0), STATUS_SUCCESS);
    regstore_unlock();

    struct regdb *other = open_db();
    regdb_id zid = db_lookup(other, db_root_key(other), u"Zones"), nid = 0;
    struct regdb_key k = { db_lookup(other, zid, u"007"), zid, u"Seven", 5, NULL, 0, 0, 0 };
    ck_assert_int_eq(regdb_begin(other, NULL), REGDB_OK);
    ck_assert_int_eq(regdb_key_update(other, &k), REGDB_OK);
    ck_assert_int_eq(regdb_key_delete(other, db_lookup(other, zid, u"008")), REGDB_OK);
    ck_assert_int_eq(regdb_key_create(other, zid, u"Late", 4, 0, 0, &nid), REGDB_OK);
    ck_assert_int_eq(regdb_commit(other, 0), REGDB_OK);
    regdb_close(other);

    regstore_lock();                            /* a new epoch: nothing read is current */
    struct regnode *one = find(zones, u"020");
    ck_assert_ptr_nonnull(one);
    ck_assert(name_is(one, u"020"));
    ck_assert_ptr_nonnull(find(zones, u"LATE"));
    ck_assert_ptr_null(find(zones, u"nothing"));
    ck_assert_ptr_eq(find(zones, u"seven"), renamed);
    ck_assert(name_is(renamed, u"Seven"));
    ck_assert_ptr_null(find(zones, u"008"));
    ck_assert(regstore_flags(gone) & REGNODE_DELETED);
    ck_assert_uint_eq(regstore_child_count(zones), 40);
    ck_assert_ptr_eq(find(zones, u"020"), one);     /* the full list kept the node */
    ck_assert_ptr_eq(regstore_child(zones, 18), one);  /* 000-006, 009-019, then 020 */
    regstore_unref(renamed);
    regstore_unref(gone);
}
END_TEST

/* What regstore_remote_changes gave. */
static int64_t remote_key;
static unsigned remote_filter;

static void remote_cb(void *ctx, int64_t key, unsigned filter)
{
    (void)ctx;
    remote_key = key;
    remote_filter |= filter;
}

START_TEST(test_sql__volatile_keys_and_notes_are_shared_through_the_runtime_directory)
{
    char vol_dir[PATH_MAX + 32];
    struct regnode *v = NULL, *kid = NULL, *seen;
    struct regvalue val;

    snprintf(vol_dir, sizeof(vol_dir), "%s/run", db_dir);
    mkdir(vol_dir, 0700);
    ck_assert_int_eq(regstore_tick_locked(0), STATUS_SUCCESS);
    ck_assert_int_eq(regdb_attach_volatile(store_db, vol_dir), REGDB_OK);
    ck_assert_int_eq(regstore_create(root, u"Vol", 3, REGNODE_VOLATILE, 0, &v), 0);
    ck_assert_int_eq(set_dword(v, u"x", 5), 0);
    ck_assert_int_eq(regstore_create(v, u"Kid", 3, REGNODE_VOLATILE, 0, &kid), 0);
    regstore_changed(v, 4);
    ck_assert_int_eq(regstore_tick_locked(0), STATUS_SUCCESS);
    regstore_unlock();

    /* another process of the instance: it sees them, and the note */
    struct regdb *other = open_db(), *tool = open_db();
    ck_assert_int_eq(regdb_attach_volatile(other, vol_dir), REGDB_OK);
    regdb_id rid = db_root_key(other), vid = db_lookup(other, rid, u"VOL");
    ck_assert_int_ge(vid, REGDB_VOL_ID);
    struct dword_find f = { u"x", 0, 0 };
    ck_assert_int_eq(regdb_values(other, vid, dword_cb, &f), REGDB_OK);
    ck_assert(f.found && f.v == 5);
    ck_assert_int_ne(db_lookup(other, vid, u"kid"), 0);
    /* the file does not: a connection without the directory finds nothing */
    ck_assert_int_eq(db_lookup(tool, rid, u"Vol"), 0);
    /* it adds a volatile key and notes a change of it */
    regdb_id oid = 0;
    ck_assert_int_eq(regdb_begin(other, NULL), REGDB_OK);
    ck_assert_int_eq(regdb_key_create(other, vid, u"FromOther", 9, REGDB_KEY_VOLATILE, 0, &oid),
                     REGDB_OK);
    ck_assert_int_eq(regdb_change_note(other, oid, 1), REGDB_OK);
    ck_assert_int_eq(regdb_commit(other, 0), REGDB_OK);
    regdb_close(other);
    regdb_close(tool);

    regstore_lock();
    ck_assert_ptr_nonnull(seen = find(v, u"fromother"));
    ck_assert_uint_eq(regstore_flags(seen) & REGNODE_VOLATILE, REGNODE_VOLATILE);
    ck_assert(regstore_get_value(v, u"X", 1, &val));
    remote_key = 0;
    remote_filter = 0;
    regstore_remote_changes(remote_cb, NULL);
    ck_assert_int_eq(remote_key, oid);          /* its note, not ours */
    ck_assert_uint_eq(remote_filter, 1);
    ck_assert(regstore_holds(seen, oid, 0));
    ck_assert(regstore_holds(root, oid, 1));    /* two levels down */
    ck_assert(!regstore_holds(root, oid, 0));
    ck_assert(!regstore_holds(kid, oid, 1));
}
END_TEST
#endif

/* ---- Runner -------------------------------------------------------------- */

static Suite *regstore_suite(void)
{
    Suite *s = suite_create("regstore");
    TCase *keys = tcase_create("keys");
    TCase *order = tcase_create("order");
    TCase *del = tcase_create("delete_rename");
    TCase *values = tcase_create("values");
    TCase *stats = tcase_create("statistics");
    TCase *oom = tcase_create("out_of_memory");
    TCase *all[] = { keys, order, del, values, stats, oom };

    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        tcase_add_checked_fixture(all[i], setup, teardown);
        suite_add_tcase(s, all[i]);
    }
    tcase_add_test(keys, test_init__when_called_twice__returns_the_same_root);
    tcase_add_test(keys, test_create__when_new__links_child_under_parent);
    tcase_add_test(keys, test_lookup__when_case_differs_in_ascii__finds_the_key);
    tcase_add_test(keys, test_lookup__when_case_differs_beyond_ascii__finds_the_key);
    tcase_add_test(keys, test_create__when_name_exists_in_other_case__returns_collision);
    tcase_add_test(keys, test_create__keeps_the_name_as_given);
    tcase_add_test(keys, test_create__when_name_contains_nul__treats_it_as_a_unit);
    tcase_add_test(keys, test_create__stores_flags_time_and_class);
    tcase_add_test(keys, test_create__ignores_unknown_flags);
    tcase_add_test(order, test_enumerate__orders_by_upcased_name_prefix_first);
    tcase_add_test(order, test_enumerate__orders_non_ascii_by_upcased_value);
    tcase_add_test(order, test_enumerate__when_many_keys__stays_sorted_and_searchable);
    tcase_add_test(del, test_delete__when_key_has_subkeys__returns_cannot_delete);
    tcase_add_test(del, test_delete__when_leaf__unlinks_and_marks_deleted);
    tcase_add_test(del, test_delete__when_root__returns_access_denied);
    tcase_add_test(del, test_delete__then_create_same_name__makes_a_new_key);
    tcase_add_test(del, test_rename__moves_the_key_in_enumeration_order);
    tcase_add_test(del, test_rename__when_name_taken__returns_cannot_delete);
    tcase_add_test(del, test_rename__when_deleted__returns_key_deleted);
    tcase_add_test(values, test_value__set_then_get__returns_type_and_data);
    tcase_add_test(values, test_value__names_fold_case_beyond_ascii);
    tcase_add_test(values, test_value__replace__keeps_first_name_and_takes_new_data);
    tcase_add_test(values, test_value__static__kept_by_pointer_and_never_freed);
    tcase_add_test(values, test_value__default_value_has_empty_name);
    tcase_add_test(values, test_value__any_type_and_empty_data_are_stored_as_given);
    tcase_add_test(values, test_value__one_mebibyte_and_more_round_trips);
    tcase_add_test(values, test_value__enumerate__orders_by_upcased_name);
    tcase_add_test(values, test_value__delete__removes_only_that_value);
    tcase_add_test(stats, test_query_info__counts_and_maxima);
    tcase_add_test(stats, test_query_info__when_empty__is_all_zero);
    tcase_add_test(oom, test_create__when_allocation_fails__returns_no_memory_and_changes_nothing);
    tcase_add_test(oom, test_set_value__when_allocation_fails__keeps_the_old_value);
#ifdef REGSTORE_SQL
    TCase *sql = tcase_create("sql");
    tcase_add_checked_fixture(sql, setup, teardown);
    tcase_set_timeout(sql, 30);
    suite_add_tcase(s, sql);
    tcase_add_test(sql, test_sql__flushed_writes_are_in_the_database);
    tcase_add_test(sql, test_sql__another_connections_commits_show_after_the_next_lock);
    tcase_add_test(sql, test_sql__a_write_after_anothers_commit_sees_it_first);
    tcase_add_test(sql, test_sql__a_lookup_reads_one_subkey_and_the_list_keeps_it);
    tcase_add_test(sql, test_sql__volatile_keys_and_notes_are_shared_through_the_runtime_directory);
#endif
    return s;
}

int main(void)
{
    /* unbuffered: fork mode children would otherwise duplicate output */
    setvbuf(stdout, NULL, _IONBF, 0);
    SRunner *runner = srunner_create(regstore_suite());
    srunner_run_all(runner, CK_ENV);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

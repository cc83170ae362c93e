/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_regdb.c - unit tests of the registry database (registry/regdb.c)
 * and its VFS (registry/vfs.c), over the real host ABI (libkeephost) on
 * real SQLite files in a scratch directory.
 *
 * Each test runs in its own child (Check's fork mode).  Names fold through
 * Windows' upcase table, read from Wine's l_intl.nls.
 */
#define _GNU_SOURCE 1
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "host.h"
#include "host_setup.h"
#include "sqlite3.h"
#include "registry/regcase.h"
#include "registry/regdb.h"
#include "registry/vfs.h"

/* ---- Fixture and helpers ------------------------------------------------- */

static char dir[PATH_MAX];
static char db_path[PATH_MAX + 32], base_path[PATH_MAX + 32];

/* The page cache's pool, as the kernel has one (zeroed and backed). */
static void *alloc_zeroed(size_t size)
{
    return calloc(1, size);
}

static void setup(void)
{
    static const struct keepsql_alloc libc = { malloc, free, alloc_zeroed };
    char tmpl[] = "/tmp/keep-regdb-test-XXXXXX";

    ck_assert_int_eq(host_init(), HOST_OK);
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    ck_assert_ptr_nonnull(realpath(tmpl, dir));
    host_policy_reset();
    host_policy_set_log(NULL);
    ck_assert_int_eq(host_policy_allow(dir, HOST_POLICY_RW), HOST_OK);
    ck_assert_int_eq(host_policy_allow(KEEP_WINE_DATADIR, HOST_POLICY_RO), HOST_OK);
    snprintf(db_path, sizeof(db_path), "%s/registry.db", dir);
    snprintf(base_path, sizeof(base_path), "%s/base.db", dir);
    ck_assert_int_eq(keepsql_init(&libc), SQLITE_OK);
    ck_assert_int_eq(regcase_load(KEEP_WINE_DATADIR), HOST_OK);
}

static int remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path) < 0 ? -1 : 0;
}

static void teardown(void)
{
    if (getenv("KEEP_TEST_KEEP")) return;
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static size_t wlen(const uint16_t *s)
{
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

static struct regdb *open_flags(const char *path, const char *base, unsigned flags)
{
    struct regdb *db = NULL;
    const char *err = NULL;
    int r = regdb_open(path, base, regcase_upcase, flags, &db, &err);

    ck_assert_msg(r == REGDB_OK, "regdb_open %s: %d %s", path, r, err ? err : "");
    return db;
}

static struct regdb *open_db(const char *path, const char *base)
{
    return open_flags(path, base, 0);
}

static regdb_id mkkey(struct regdb *db, regdb_id parent, const uint16_t *name)
{
    regdb_id id = 0;
    ck_assert_int_eq(regdb_key_create(db, parent, name, wlen(name), 0, 1234, &id), REGDB_OK);
    ck_assert_int_gt(id, REGDB_ROOT_ID);
    return id;
}

static regdb_id find(struct regdb *db, regdb_id parent, const uint16_t *name)
{
    regdb_id id = 0;
    int r = regdb_key_lookup(db, parent, name, wlen(name), &id);
    ck_assert(r == REGDB_OK || r == REGDB_NOTFOUND);
    return r == REGDB_OK ? id : 0;
}

static void set_bytes(struct regdb *db, regdb_id key, const uint16_t *name, uint32_t type,
                      const void *data, size_t size)
{
    struct regdb_value v = { name, wlen(name), type, data, size };
    ck_assert_int_eq(regdb_value_set(db, key, &v), REGDB_OK);
}

static void set_dword(struct regdb *db, regdb_id key, const uint16_t *name, uint32_t n)
{
    set_bytes(db, key, name, 4 /* REG_DWORD */, &n, sizeof(n));
}

/* The value called want, copied out by a regdb_values callback. */
struct get {
    const uint16_t *want;
    int found;
    uint32_t type;
    unsigned char *data;
    size_t size;
    size_t count;
};

static int name_eq_nocase(const uint16_t *a, size_t alen, const uint16_t *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (regcase_upcase(a[i]) != regcase_upcase(b[i]))
            return 0;
    return 1;
}

static int get_cb(void *ctx, const struct regdb_value *v)
{
    struct get *g = ctx;

    g->count++;
    if (!name_eq_nocase(v->name, v->name_len, g->want, wlen(g->want)))
        return 0;
    g->found = 1;
    g->type = v->type;
    g->size = v->size;
    g->data = malloc(v->size + 1);
    memcpy(g->data, v->data, v->size);
    return 0;
}

static struct get get_value(struct regdb *db, regdb_id key, const uint16_t *name)
{
    struct get g = { .want = name };
    ck_assert_int_eq(regdb_values(db, key, get_cb, &g), REGDB_OK);
    return g;
}

static int has_dword(struct regdb *db, regdb_id key, const uint16_t *name, uint32_t n)
{
    struct get g = get_value(db, key, name);
    int ok = g.found && g.size == 4 && !memcmp(g.data, &n, 4);
    free(g.data);
    return ok;
}

static int count_cb(void *ctx, const struct regdb_key *k)
{
    (void)k;
    ++*(size_t *)ctx;
    return 0;
}

static size_t child_count(struct regdb *db, regdb_id parent)
{
    size_t n = 0;
    ck_assert_int_eq(regdb_key_children(db, parent, count_cb, &n), REGDB_OK);
    return n;
}

static int exists_cb(void *ctx, const struct regdb_key *k)
{
    *(struct regdb_key *)ctx = *k;
    ((struct regdb_key *)ctx)->name = NULL;     /* not valid after the callback */
    ((struct regdb_key *)ctx)->cls = NULL;
    return 0;
}

/* ---- Keys, names and values ---------------------------------------------- */

START_TEST(test_regdb__keys_and_values_persist_across_reopen)
{
    struct regdb *db = open_db(db_path, NULL);
    regdb_id sw = mkkey(db, REGDB_ROOT_ID, u"Software");
    regdb_id app = mkkey(db, sw, u"App");

    set_dword(db, app, u"Count", 7);
    set_bytes(db, app, u"", 1 /* REG_SZ */, u"default", 16);
    regdb_close(db);
    /* the last close checkpointed the log and kept it, empty, with its index */
    char log[PATH_MAX + 40];
    struct stat sb;
    snprintf(log, sizeof(log), "%s-wal", db_path);
    ck_assert_int_eq(stat(log, &sb), 0);
    ck_assert_int_eq(sb.st_size, 0);
    snprintf(log, sizeof(log), "%s-shm", db_path);
    ck_assert_int_eq(stat(log, &sb), 0);

    db = open_db(db_path, NULL);
    ck_assert_int_eq(find(db, REGDB_ROOT_ID, u"SOFTWARE"), sw);
    ck_assert_int_eq(find(db, sw, u"app"), app);
    ck_assert(has_dword(db, app, u"count", 7));
    struct get g = get_value(db, app, u"");
    ck_assert(g.found && g.type == 1 && g.size == 16 && !memcmp(g.data, u"default", 16));
    ck_assert_uint_eq(g.count, 2);
    free(g.data);
    regdb_close(db);
}
END_TEST

/* Mappings of path's files in this process (/proc/self/maps lines). */
static int mappings_of(const char *path)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[PATH_MAX + 256];
    int n = 0;

    while (f && fgets(line, sizeof(line), f))
        n += strstr(line, path) != NULL;
    if (f)
        fclose(f);
    return n;
}

/* A close at the process's end (keepsql_set_ending) leaves the mappings to
 * the exit, and does the rest as ever: the log is checkpointed and emptied,
 * and another connection sees everything. */
START_TEST(test_regdb__close_when_ending__keeps_the_mappings_and_checkpoints)
{
    struct regdb *db = open_db(db_path, NULL);
    regdb_id sw = mkkey(db, REGDB_ROOT_ID, u"Software");
    char log[PATH_MAX + 40];
    struct stat sb;

    set_dword(db, sw, u"Count", 9);
    int before = mappings_of(db_path);
    ck_assert_int_gt(before, 0);
    keepsql_set_ending();
    ck_assert(keepsql_ending());
    regdb_close(db);
    ck_assert_int_eq(mappings_of(db_path), before);
    snprintf(log, sizeof(log), "%s-wal", db_path);
    ck_assert_int_eq(stat(log, &sb), 0);
    ck_assert_int_eq(sb.st_size, 0);
    db = open_db(db_path, NULL);
    ck_assert_int_eq(find(db, REGDB_ROOT_ID, u"software"), sw);
    ck_assert(has_dword(db, sw, u"count", 9));
    regdb_close(db);
}
END_TEST

/* ... and an ordinary close unmaps them. */
START_TEST(test_regdb__close__unmaps_the_files)
{
    struct regdb *db = open_db(db_path, NULL);

    mkkey(db, REGDB_ROOT_ID, u"Software");
    ck_assert_int_gt(mappings_of(db_path), 0);
    regdb_close(db);
    ck_assert_int_eq(mappings_of(db_path), 0);
}
END_TEST

START_TEST(test_regdb__names_fold_through_the_windows_table_not_ascii)
{
    struct regdb *db = open_db(db_path, NULL);
    /* Ä, Cyrillic Б, Greek σ: their capitals through l_intl.nls (final ς has none) */
    regdb_id k = mkkey(db, REGDB_ROOT_ID, u"\u00e4\u0431\u03c3");
    regdb_id dup = 0;

    ck_assert_int_eq(find(db, REGDB_ROOT_ID, u"\u00c4\u0411\u03a3"), k);
    ck_assert_int_eq(regdb_key_create(db, REGDB_ROOT_ID, u"\u00c4\u0411\u03a3", 3, 0, 0, &dup),
                     REGDB_EXISTS);
    /* ß has no one-unit capital in Windows: SS is another name */
    regdb_id s1 = mkkey(db, REGDB_ROOT_ID, u"stra\u00dfe");
    regdb_id s2 = mkkey(db, REGDB_ROOT_ID, u"STRASSE");
    ck_assert_int_ne(s1, s2);
    set_dword(db, k, u"\u00e9t\u00e9", 1);
    set_dword(db, k, u"\u00c9T\u00c9", 2);     /* the same value, replaced */
    struct get g = get_value(db, k, u"\u00e9t\u00e9");
    ck_assert_uint_eq(g.count, 1);
    ck_assert(g.found && !memcmp(g.data, &(uint32_t){ 2 }, 4));
    free(g.data);
    regdb_close(db);
}
END_TEST

START_TEST(test_regdb__names_with_nul_and_lone_surrogates_round_trip)
{
    static const uint16_t odd[] = { 'a', 0, 0xd800, 'b' };
    struct regdb *db = open_db(db_path, NULL);
    regdb_id id = 0, found = 0;

    ck_assert_int_eq(regdb_key_create(db, REGDB_ROOT_ID, odd, 4, 0, 0, &id), REGDB_OK);
    ck_assert_int_eq(regdb_key_lookup(db, REGDB_ROOT_ID, odd, 4, &found), REGDB_OK);
    ck_assert_int_eq(found, id);
    ck_assert_int_eq(regdb_key_lookup(db, REGDB_ROOT_ID, odd, 1, &found), REGDB_NOTFOUND);
    regdb_close(db);
}
END_TEST

START_TEST(test_regdb__large_values_of_megabytes_round_trip)
{
    struct regdb *db = open_db(db_path, NULL);
    regdb_id k = mkkey(db, REGDB_ROOT_ID, u"Big");
    size_t size = 3 * 1024 * 1024 + 17;
    unsigned char *big = malloc(size);

    for (size_t i = 0; i < size; i++)
        big[i] = (unsigned char)(i * 131 + (i >> 13));
    set_bytes(db, k, u"blob", 3 /* REG_BINARY */, big, size);
    regdb_close(db);
    db = open_db(db_path, NULL);
    struct get g = get_value(db, k, u"BLOB");
    ck_assert(g.found);
    ck_assert_uint_eq(g.size, size);
    ck_assert(!memcmp(g.data, big, size));
    free(g.data);
    free(big);
    regdb_close(db);
}
END_TEST

START_TEST(test_regdb__delete_key_and_value)
{
    struct regdb *db = open_db(db_path, NULL);
    regdb_id k = mkkey(db, REGDB_ROOT_ID, u"Gone");
    struct regdb_key row;

    set_dword(db, k, u"v", 1);
    ck_assert_int_eq(regdb_value_delete(db, k, u"V", 1), REGDB_OK);
    ck_assert_int_eq(regdb_value_delete(db, k, u"V", 1), REGDB_NOTFOUND);
    ck_assert_int_eq(regdb_key_delete(db, k), REGDB_OK);
    ck_assert_int_eq(regdb_key_get(db, k, exists_cb, &row), REGDB_NOTFOUND);
    ck_assert_int_eq(find(db, REGDB_ROOT_ID, u"gone"), 0);
    ck_assert_int_eq(regdb_key_delete(db, REGDB_ROOT_ID), REGDB_INVALID);
    regdb_close(db);
}
END_TEST

/* ---- The base and the overlay -------------------------------------------- */

static regdb_id base_sw, base_app, base_other;

/* A base is installed whole, without its log, and read-only. */
static void install_base(const char *path)
{
    sqlite3 *sql;
    ck_assert_int_eq(sqlite3_open_v2(path, &sql, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(sql, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(sql);
    chmod(path, 0444);
}

static void make_base(void)
{
    struct regdb *b = open_flags(base_path, NULL, REGDB_OPEN_BASE);
    base_sw = mkkey(b, REGDB_ROOT_ID, u"Software");
    ck_assert_int_lt(base_sw, REGDB_NEW_ID);
    base_app = mkkey(b, base_sw, u"App");
    base_other = mkkey(b, base_sw, u"Other");
    set_dword(b, base_app, u"Version", 1);
    set_dword(b, base_app, u"Keep", 5);
    regdb_close(b);
    install_base(base_path);
}

static off_t file_size(const char *path)
{
    struct stat sb;
    return stat(path, &sb) < 0 ? -1 : sb.st_size;
}

/* Whether this process maps path (a line of /proc/self/maps names it). */
static int maps_file(const char *path)
{
    char line[PATH_MAX + 128];
    int found = 0;
    FILE *f = fopen("/proc/self/maps", "r");

    ck_assert(f != NULL);
    while (!found && fgets(line, sizeof(line), f)) {
        char *nl = strchr(line, '\n'), *name = strchr(line, '/');
        if (nl)
            *nl = 0;
        found = name && !strcmp(name, path);
    }
    fclose(f);
    return found;
}

START_TEST(test_regdb__the_base_is_read_in_place_through_a_mapping)
{
    make_base();
    struct regdb *db = open_db(db_path, base_path);

    ck_assert(!maps_file(db_path));     /* the instance is read, never mapped */
    ck_assert(has_dword(db, base_app, u"version", 1));
    ck_assert(maps_file(base_path));
    ck_assert_int_eq(find(db, REGDB_ROOT_ID, u"software"), base_sw);
    regdb_close(db);
    ck_assert(!maps_file(base_path));
}
END_TEST

START_TEST(test_regdb__overlay_shadows_the_base_which_stays_untouched)
{
    make_base();
    off_t base_size = file_size(base_path);
    struct regdb *db = open_db(db_path, base_path);
    struct regdb_key row;

    /* the base shows through */
    ck_assert_int_eq(find(db, REGDB_ROOT_ID, u"software"), base_sw);
    ck_assert(has_dword(db, base_app, u"version", 1));
    /* override, tombstone, new key under a base key, deleted base key */
    set_dword(db, base_app, u"Version", 2);
    ck_assert_int_eq(regdb_value_delete(db, base_app, u"Keep", 4), REGDB_OK);
    regdb_id mine = mkkey(db, base_sw, u"Mine");
    ck_assert_int_ge(mine, REGDB_NEW_ID);
    ck_assert_int_eq(regdb_key_delete(db, base_other), REGDB_OK);
    struct regdb_key ren = { .id = base_app, .parent = base_sw, .name = u"Renamed", .name_len = 7 };
    ck_assert_int_eq(regdb_key_update(db, &ren), REGDB_OK);
    regdb_close(db);

    db = open_db(db_path, base_path);
    ck_assert(has_dword(db, base_app, u"version", 2));
    struct get g = get_value(db, base_app, u"Keep");
    ck_assert(!g.found);
    ck_assert_uint_eq(g.count, 1);
    ck_assert_int_eq(find(db, base_sw, u"mine"), mine);
    ck_assert_int_eq(find(db, base_sw, u"other"), 0);
    ck_assert_int_eq(regdb_key_get(db, base_other, exists_cb, &row), REGDB_NOTFOUND);
    ck_assert_int_eq(find(db, base_sw, u"app"), 0);
    ck_assert_int_eq(find(db, base_sw, u"renamed"), base_app);
    ck_assert_uint_eq(child_count(db, base_sw), 2);     /* Renamed, Mine */
    uint64_t counted = 0;   /* the same, counted in the database */
    ck_assert_int_eq(regdb_key_child_count(db, base_sw, &counted), REGDB_OK);
    ck_assert_uint_eq(counted, 2);
    /* a deleted base key's name can be used again: a new key */
    regdb_id again = mkkey(db, base_sw, u"Other");
    ck_assert_int_ne(again, base_other);
    ck_assert_uint_eq(child_count(db, base_sw), 3);
    regdb_close(db);

    /* the base itself never changed, and another instance sees only it */
    ck_assert_int_eq(file_size(base_path), base_size);
    char other[PATH_MAX + 32];
    snprintf(other, sizeof(other), "%s/other.db", dir);
    db = open_db(other, base_path);
    ck_assert(has_dword(db, base_app, u"version", 1));
    ck_assert_int_eq(find(db, base_sw, u"app"), base_app);
    ck_assert_uint_eq(child_count(db, base_sw), 2);
    regdb_close(db);
}
END_TEST

START_TEST(test_regdb__instance_holds_only_its_changes)
{
    make_base();
    struct regdb *db = open_db(db_path, base_path);
    sqlite3_stmt *s;

    set_dword(db, base_app, u"Version", 3);
    ck_assert_int_eq(sqlite3_prepare_v2(regdb_sqlite(db),
                     "SELECT (SELECT count(*) FROM main.key), (SELECT count(*) FROM main.value)",
                     -1, &s, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(s, 0), 0);
    ck_assert_int_eq(sqlite3_column_int(s, 1), 1);
    sqlite3_finalize(s);
    regdb_close(db);
}
END_TEST

/* Defaults that list keys in another order, with more of them: what a newer
 * keep's registry/default/ may hold. */
static void make_other_base(const char *path)
{
    struct regdb *b = open_flags(path, NULL, REGDB_OPEN_BASE);
    regdb_id first = mkkey(b, REGDB_ROOT_ID, u"Classes");
    regdb_id sw = mkkey(b, REGDB_ROOT_ID, u"SOFTWARE");

    mkkey(b, first, u"App");
    mkkey(b, sw, u"Zeta");
    ck_assert_int_eq(mkkey(b, sw, u"Other"), base_other);
    ck_assert_int_eq(mkkey(b, sw, u"app"), base_app);
    ck_assert_int_eq(sw, base_sw);
    set_dword(b, base_app, u"Version", 7);
    regdb_close(b);
    install_base(path);
}

START_TEST(test_regdb__an_instance_keeps_its_changes_over_a_base_rebuilt_from_other_defaults)
{
    char newer[PATH_MAX + 32];

    make_base();
    struct regdb *db = open_db(db_path, base_path);
    set_dword(db, base_app, u"Mine", 42);
    regdb_id child = mkkey(db, base_app, u"Child");
    ck_assert_int_eq(regdb_value_delete(db, base_app, u"Keep", 4), REGDB_OK);
    regdb_close(db);

    /* a base key's id is its path's: the same in both bases */
    snprintf(newer, sizeof(newer), "%s/newer.db", dir);
    make_other_base(newer);
    db = open_db(db_path, newer);
    regdb_id sw = find(db, REGDB_ROOT_ID, u"software");
    regdb_id app = find(db, sw, u"APP");
    ck_assert_int_eq(app, base_app);
    ck_assert(has_dword(db, app, u"mine", 42));
    ck_assert(has_dword(db, app, u"version", 7));
    ck_assert_int_eq(find(db, app, u"child"), child);
    ck_assert(!get_value(db, app, u"Keep").found);
    /* and nothing of it landed on the key with App's old place */
    regdb_id zeta = find(db, sw, u"zeta");
    ck_assert_int_ne(zeta, 0);
    ck_assert_uint_eq(get_value(db, zeta, u"Mine").count, 0);
    ck_assert_uint_eq(child_count(db, zeta), 0);
    regdb_close(db);
}
END_TEST

/* ---- Two connections, transactions, the sqlite3 shell -------------------- */

START_TEST(test_regdb__two_connections_see_each_others_commits)
{
    struct regdb *a = open_db(db_path, NULL), *b = open_db(db_path, NULL);
    int changed = -1;

    regdb_id k = mkkey(a, REGDB_ROOT_ID, u"Shared");
    ck_assert(regdb_changed(b));
    ck_assert(!regdb_changed(b));
    ck_assert_int_eq(find(b, REGDB_ROOT_ID, u"shared"), k);
    /* a batch: b reads the old state until a commits */
    ck_assert_int_eq(regdb_begin(a, &changed), REGDB_OK);
    ck_assert_int_eq(changed, 0);
    set_dword(a, k, u"x", 1);
    set_dword(a, k, u"y", 2);
    ck_assert(!has_dword(b, k, u"x", 1));
    ck_assert(!regdb_changed(b));
    ck_assert_int_eq(regdb_commit(a, 1), REGDB_OK);
    ck_assert(regdb_changed(b));
    ck_assert(has_dword(b, k, u"x", 1) && has_dword(b, k, u"y", 2));
    /* b writes next, and learns a wrote since it last began */
    ck_assert_int_eq(regdb_begin(b, &changed), REGDB_OK);
    ck_assert_int_eq(changed, 1);
    set_dword(b, k, u"x", 10);
    ck_assert_int_eq(regdb_commit(b, 0), REGDB_OK);
    ck_assert(has_dword(a, k, u"x", 10));
    regdb_close(a);
    regdb_close(b);
}
END_TEST

static int shell(const char *sql, char *out, size_t cap)
{
    char cmd[PATH_MAX * 2];
    snprintf(cmd, sizeof(cmd), "sqlite3 -bail '%s' \"%s\" 2>&1", db_path, sql);
    FILE *p = popen(cmd, "r");
    size_t n = p ? fread(out, 1, cap - 1, p) : 0;
    out[n] = 0;
    while (n && out[n - 1] == '\n')
        out[--n] = 0;
    return p ? pclose(p) : -1;
}

START_TEST(test_regdb__the_sqlite3_shell_shares_the_open_database)
{
    struct regdb *db = open_db(db_path, NULL);
    char out[256];

    regdb_id k = mkkey(db, REGDB_ROOT_ID, u"Shell");
    set_dword(db, k, u"n", 1);
    ck_assert_int_eq(shell("PRAGMA integrity_check; SELECT count(*) FROM key", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "ok\n2");
    /* while keep holds the write lock, the shell's write waits, then fails */
    ck_assert_int_eq(regdb_begin(db, NULL), REGDB_OK);
    set_dword(db, k, u"n", 2);
    ck_assert_int_ne(shell("PRAGMA busy_timeout=100; UPDATE value SET data = x'05000000'", out,
                           sizeof(out)), 0);
    ck_assert_ptr_nonnull(strstr(out, "locked"));
    ck_assert_int_eq(regdb_commit(db, 0), REGDB_OK);
    ck_assert_int_eq(shell("SELECT hex(data) FROM value", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "02000000");
    /* and keep sees what the shell commits */
    ck_assert_int_eq(shell("UPDATE value SET data = x'07000000'", out, sizeof(out)), 0);
    ck_assert(has_dword(db, k, u"n", 7));
    regdb_close(db);
}
END_TEST

START_TEST(test_regdb__a_shell_write_is_counted_by_poll)
{
    struct regdb *db = open_db(db_path, NULL), *other = open_db(db_path, NULL);
    char out[256];

    regdb_id k = mkkey(db, REGDB_ROOT_ID, u"Polled");
    set_dword(db, k, u"n", 1);
    ck_assert(regdb_changed(other));
    ck_assert(!regdb_poll(db));         /* our own commits are not news */
    ck_assert(!regdb_poll(other));      /* nor are the counted ones of a regdb */
    ck_assert(!regdb_changed(other));
    /* the shell does not count its commit: only poll finds it */
    ck_assert_int_eq(shell("UPDATE value SET data = x'09000000'", out, sizeof(out)), 0);
    ck_assert(!regdb_changed(db));
    ck_assert(!regdb_changed(other));
    ck_assert(regdb_poll(db));
    ck_assert(!regdb_poll(db));
    /* one poll counts it for every connection */
    ck_assert(regdb_changed(db));
    ck_assert(regdb_changed(other));
    ck_assert(!regdb_poll(other));
    ck_assert(has_dword(other, k, u"n", 9));
    regdb_close(db);
    regdb_close(other);
}
END_TEST

/* The database's size is kept between transactions while the WAL index
 * says nothing changed (vfs.c): a checkpoint by another program that grows
 * the file must still be seen, value and all. */
START_TEST(test_regdb__a_database_grown_by_anothers_checkpoint_is_read_whole)
{
    struct regdb *db = open_db(db_path, NULL);
    char out[256];

    regdb_id k = mkkey(db, REGDB_ROOT_ID, u"Grown");
    set_dword(db, k, u"n", 1);
    ck_assert_int_eq(shell("PRAGMA wal_checkpoint(TRUNCATE)", out, sizeof(out)), 0);
    keepsql_idle();                             /* our read marks go back... */
    ck_assert(has_dword(db, k, u"n", 1));       /* read with the WAL empty: size kept */
    ck_assert(has_dword(db, k, u"n", 1));
    keepsql_idle();                             /* ...so that the shell's checkpoint empties it */
    ck_assert_int_eq(shell("UPDATE value SET data = zeroblob(3000000);"
                           " PRAGMA wal_checkpoint(TRUNCATE)", out, sizeof(out)), 0);
    struct get g = get_value(db, k, u"n");
    ck_assert(g.found);
    ck_assert_uint_eq(g.size, 3000000);
    free(g.data);
    ck_assert_int_eq(shell("PRAGMA integrity_check", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "ok");
    regdb_close(db);
}
END_TEST

/* Whether another open file description can lock the WAL index's read
 * marks exclusively (F_OFD_SETLK at SQLite's unix offsets, 120 + 3..7). */
static int read_marks_free(void)
{
    char shm[PATH_MAX + 40];
    snprintf(shm, sizeof(shm), "%s-shm", db_path);
    int fd = open(shm, O_RDWR);
    ck_assert_int_ge(fd, 0);
    struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 123, .l_len = 5 };
    int free_ = fcntl(fd, F_OFD_SETLK, &fl) == 0;
    close(fd);
    return free_;
}

START_TEST(test_regdb__read_locks_kept_between_transactions_go_back_when_idle)
{
    struct regdb *a = open_db(db_path, NULL), *b = open_db(db_path, NULL);
    regdb_id k = mkkey(a, REGDB_ROOT_ID, u"Kept");

    set_dword(a, k, u"n", 1);
    keepsql_idle();
    ck_assert(read_marks_free());
    /* a read keeps its read mark locked once it is over... */
    ck_assert(has_dword(a, k, u"n", 1));
    ck_assert(!read_marks_free());
    /* ...which changes nothing for another connection's writes and reads */
    set_dword(b, k, u"n", 2);
    ck_assert(regdb_changed(a));
    ck_assert(has_dword(a, k, u"n", 2));
    for (int i = 3; i < 50; i++) {
        set_dword(i % 2 ? a : b, k, u"n", (uint32_t)i);
        ck_assert(has_dword(i % 2 ? b : a, k, u"n", (uint32_t)i));
    }
    /* until the process is idle */
    keepsql_idle();
    ck_assert(read_marks_free());
    regdb_close(a);
    regdb_close(b);
}
END_TEST

/* ---- Volatile keys --------------------------------------------------------- */

static char vol_dir[PATH_MAX + 32];

/* How many subkeys a regdb_key_children call gave, and their flags. */
struct seen {
    int count;
    unsigned flags;
};

static int seen_cb(void *ctx, const struct regdb_key *k)
{
    struct seen *s = ctx;
    s->count++;
    s->flags |= k->flags;
    return 0;
}

static struct regdb *open_with_volatile(void)
{
    struct regdb *db = open_db(db_path, NULL);
    snprintf(vol_dir, sizeof(vol_dir), "%s/run", dir);
    mkdir(vol_dir, 0700);
    ck_assert_int_eq(regdb_attach_volatile(db, vol_dir), REGDB_OK);
    return db;
}

START_TEST(test_regdb__volatile_keys_are_shared_and_never_in_the_file)
{
    struct regdb *a = open_with_volatile(), *b = open_with_volatile();
    struct regdb *tool = open_db(db_path, NULL);     /* no volatile directory: the tools */
    char out[256];
    regdb_id p = mkkey(a, REGDB_ROOT_ID, u"Parent"), v = 0, w = 0;

    ck_assert_int_eq(regdb_key_create(a, p, u"Vol", 3, REGDB_KEY_VOLATILE, 5, &v), REGDB_OK);
    ck_assert_int_ge(v, REGDB_VOL_ID);
    set_dword(a, v, u"x", 42);
    ck_assert_int_eq(regdb_key_create(a, v, u"Deeper", 6, REGDB_KEY_VOLATILE, 5, &w), REGDB_OK);
    /* the other connection sees them, with the flag */
    ck_assert(regdb_changed(b));
    ck_assert_int_eq(find(b, p, u"VOL"), v);
    ck_assert(has_dword(b, v, u"X", 42));
    ck_assert_int_eq(find(b, v, u"deeper"), w);
    struct seen s = { 0 };
    ck_assert_int_eq(regdb_key_children(b, p, seen_cb, &s), REGDB_OK);
    ck_assert_int_eq(s.count, 1);
    ck_assert_uint_eq(s.flags & REGDB_KEY_VOLATILE, REGDB_KEY_VOLATILE);
    /* a name is taken whichever database holds it */
    ck_assert_int_eq(regdb_key_create(b, p, u"vol", 3, 0, 5, &w), REGDB_EXISTS);
    /* b deletes them */
    ck_assert_int_eq(regdb_key_delete(b, find(b, v, u"Deeper")), REGDB_OK);
    ck_assert_int_eq(regdb_value_delete(b, v, u"x", 1), REGDB_OK);
    ck_assert(!has_dword(a, v, u"x", 42));
    ck_assert_int_eq(regdb_key_create(b, v, u"Again", 5, REGDB_KEY_VOLATILE, 5, &w), REGDB_OK);
    /* the tools' connection, and the file, have none of it */
    ck_assert_int_eq(find(tool, p, u"Vol"), 0);
    ck_assert_int_eq(shell("SELECT count(*) FROM key WHERE id >= 4611686018427387904"
                           " OR name IN ('Vol', 'Deeper', 'Again')", out, sizeof(out)), 0);
    ck_assert_str_eq(out, "0");
    regdb_close(a);
    /* b still runs the machine: a new connection finds the keys */
    a = open_with_volatile();
    ck_assert_int_eq(find(a, p, u"Vol"), v);
    regdb_close(a);
    regdb_close(b);
    /* everyone left: the next start is a new machine, without them */
    a = open_with_volatile();
    ck_assert_int_eq(find(a, p, u"Vol"), 0);
    ck_assert_int_eq(find(a, REGDB_ROOT_ID, u"Parent"), p);
    regdb_close(a);
    regdb_close(tool);
}
END_TEST

START_TEST(test_regdb__a_volatile_directory_promised_at_open_may_fail_to_come)
{
    /* opened for a shared volatile database (none made in memory) ... */
    struct regdb *db = open_flags(db_path, NULL, REGDB_OPEN_VOLATILE_LATER), *b;
    regdb_id p, v = 0;

    /* ... which does not come: the connection gets a private one */
    ck_assert_int_eq(regdb_attach_volatile(db, "relative/dir"), REGDB_INVALID);
    p = mkkey(db, REGDB_ROOT_ID, u"Parent");
    ck_assert_int_eq(regdb_key_create(db, p, u"Vol", 3, REGDB_KEY_VOLATILE, 5, &v), REGDB_OK);
    ck_assert_int_eq(find(db, p, u"vol"), v);
    regdb_close(db);
    /* and when it comes, it is the shared one */
    db = open_flags(db_path, NULL, REGDB_OPEN_VOLATILE_LATER);
    snprintf(vol_dir, sizeof(vol_dir), "%s/run", dir);
    mkdir(vol_dir, 0700);
    ck_assert_int_eq(regdb_attach_volatile(db, vol_dir), REGDB_OK);
    b = open_with_volatile();
    ck_assert_int_eq(regdb_key_create(db, p, u"Shared", 6, REGDB_KEY_VOLATILE, 5, &v), REGDB_OK);
    ck_assert(regdb_changed(b));
    ck_assert_int_eq(find(b, p, u"shared"), v);
    regdb_close(b);
    regdb_close(db);
}
END_TEST

START_TEST(test_regdb__a_new_machine_keeps_only_an_untouched_volatile_database)
{
    struct regdb *a = open_with_volatile(), *b;
    regdb_id p = mkkey(a, REGDB_ROOT_ID, u"Hardware"), v = 0, w = 0;
    int64_t stamp = 0;

    ck_assert_int_eq(regdb_volatile_first(a), 1);
    /* the defaults, then the row that says the database holds just them */
    ck_assert_int_eq(regdb_key_create(a, p, u"Default", 7, REGDB_KEY_VOLATILE, 5, &v), REGDB_OK);
    set_dword(a, v, u"d", 1);
    ck_assert_int_eq(regdb_meta_set(a, REGDB_META_VOLATILE, "defaults", 77), REGDB_OK);
    b = open_with_volatile();
    ck_assert_int_eq(regdb_volatile_first(b), 0);
    regdb_close(b);
    regdb_close(a);
    /* a new machine: untouched, so kept, row and keys */
    a = open_with_volatile();
    ck_assert_int_eq(regdb_volatile_first(a), 1);
    ck_assert_int_eq(regdb_meta_get(a, REGDB_META_VOLATILE, "defaults", &stamp), REGDB_OK);
    ck_assert_int_eq(stamp, 77);
    ck_assert_int_eq(find(a, p, u"Default"), v);
    ck_assert(has_dword(a, v, u"d", 1));
    /* a value changed: the row goes, and the next machine starts empty */
    set_dword(a, v, u"d", 2);
    ck_assert_int_ne(regdb_meta_get(a, REGDB_META_VOLATILE, "defaults", &stamp), REGDB_OK);
    regdb_close(a);
    a = open_with_volatile();
    ck_assert_int_eq(find(a, p, u"Default"), 0);
    /* so does a key made, or one deleted, after the row */
    ck_assert_int_eq(regdb_key_create(a, p, u"Default", 7, REGDB_KEY_VOLATILE, 5, &v), REGDB_OK);
    ck_assert_int_eq(regdb_meta_set(a, REGDB_META_VOLATILE, "defaults", 77), REGDB_OK);
    ck_assert_int_eq(regdb_key_create(a, v, u"Program", 7, REGDB_KEY_VOLATILE, 5, &w), REGDB_OK);
    regdb_close(a);
    a = open_with_volatile();
    ck_assert_int_eq(find(a, p, u"Default"), 0);
    ck_assert_int_eq(regdb_key_create(a, p, u"Default", 7, REGDB_KEY_VOLATILE, 5, &v), REGDB_OK);
    ck_assert_int_eq(regdb_meta_set(a, REGDB_META_VOLATILE, "defaults", 77), REGDB_OK);
    ck_assert_int_eq(regdb_key_delete(a, v), REGDB_OK);
    regdb_close(a);
    a = open_with_volatile();
    ck_assert_int_ne(regdb_meta_get(a, REGDB_META_VOLATILE, "defaults", &stamp), REGDB_OK);
    regdb_close(a);
}
END_TEST

/* What regdb_changes gave. */
struct notes {
    int count;
    regdb_id key;
    unsigned filter;
};

static int note_cb(void *ctx, regdb_id key, unsigned filter)
{
    struct notes *n = ctx;
    n->count++;
    n->key = key;
    n->filter |= filter;
    return 0;
}

START_TEST(test_regdb__change_notes_reach_the_other_connections_only)
{
    struct regdb *a = open_with_volatile(), *b = open_with_volatile();
    struct regdb *alone = open_db(db_path, NULL);
    struct notes na = { 0 }, nb = { 0 }, nl = { 0 };

    ck_assert_int_eq(regdb_begin(a, NULL), REGDB_OK);
    ck_assert_int_eq(regdb_change_note(a, 77, 4), REGDB_OK);
    ck_assert_int_eq(regdb_change_note(a, 77, 1), REGDB_OK);
    ck_assert_int_eq(regdb_changes(b, note_cb, &nb), REGDB_OK);
    ck_assert_int_eq(nb.count, 0);      /* not committed yet */
    ck_assert_int_eq(regdb_commit(a, 0), REGDB_OK);
    ck_assert_int_eq(regdb_changes(b, note_cb, &nb), REGDB_OK);
    ck_assert_int_eq(nb.count, 2);
    ck_assert_int_eq(nb.key, 77);
    ck_assert_uint_eq(nb.filter, 5);
    ck_assert_int_eq(regdb_changes(b, note_cb, &nb), REGDB_OK);
    ck_assert_int_eq(nb.count, 2);      /* each note once */
    ck_assert_int_eq(regdb_changes(a, note_cb, &na), REGDB_OK);
    ck_assert_int_eq(na.count, 0);      /* not one's own */
    /* a connection without the volatile directory neither notes nor hears */
    ck_assert_int_eq(regdb_change_note(alone, 78, 1), REGDB_OK);
    ck_assert_int_eq(regdb_changes(alone, note_cb, &nl), REGDB_OK);
    ck_assert_int_eq(nl.count, 0);
    ck_assert_int_eq(regdb_changes(b, note_cb, &nb), REGDB_OK);
    ck_assert_int_eq(nb.count, 2);
    regdb_close(a);
    regdb_close(b);
    regdb_close(alone);
}
END_TEST

/* ---- Snapshots ----------------------------------------------------------- */

START_TEST(test_regdb__save_and_restore_round_trip)
{
    struct regdb *db = open_db(db_path, NULL);
    char snap[PATH_MAX + 32];
    host_stream_t s;
    uint64_t size = 0;

    regdb_id k = mkkey(db, REGDB_ROOT_ID, u"Snap");
    set_dword(db, k, u"v", 1);
    snprintf(snap, sizeof(snap), "file:%s/snapshot", dir);
    ck_assert_int_eq(host_stream_open(snap, HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s),
                     HOST_OK);
    ck_assert_int_eq(host_stream_write(s, "HEAD", 4, 0, &(size_t){ 0 }), HOST_OK);
    ck_assert_int_eq(regdb_save(db, s, 4, &size), REGDB_OK);
    ck_assert_uint_gt(size, 0);
    /* change everything, then go back */
    set_dword(db, k, u"v", 2);
    regdb_id later = mkkey(db, REGDB_ROOT_ID, u"Later");
    ck_assert_int_eq(regdb_restore(db, s, 4, size), REGDB_OK);
    ck_assert(has_dword(db, k, u"v", 1));
    ck_assert_int_eq(find(db, REGDB_ROOT_ID, u"later"), 0);
    (void)later;
    /* a damaged image is refused and changes nothing */
    ck_assert_int_eq(host_stream_write(s, "garbage!", 8, 4, &(size_t){ 0 }), HOST_OK);
    ck_assert_int_ne(regdb_restore(db, s, 4, size), REGDB_OK);
    ck_assert(has_dword(db, k, u"v", 1));
    host_stream_close(s);
    regdb_close(db);

    /* it also survives reopening */
    db = open_db(db_path, NULL);
    ck_assert(has_dword(db, k, u"v", 1));
    ck_assert_int_eq(sqlite3_exec(regdb_sqlite(db), "PRAGMA integrity_check", NULL, NULL, NULL),
                     SQLITE_OK);
    regdb_close(db);
}
END_TEST

START_TEST(test_regdb__volatile_keys_restore_only_on_a_machine_of_their_own)
{
    struct regdb *a = open_with_volatile();
    char snap[PATH_MAX + 32];
    host_stream_t s;
    uint64_t size = 0;
    regdb_id p = mkkey(a, REGDB_ROOT_ID, u"Parent"), v = 0, later = 0;

    ck_assert_int_eq(regdb_key_create(a, p, u"Vol", 3, REGDB_KEY_VOLATILE, 5, &v), REGDB_OK);
    set_dword(a, v, u"x", 7);
    snprintf(snap, sizeof(snap), "file:%s/volatile-snapshot", dir);
    ck_assert_int_eq(host_stream_open(snap, HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s),
                     HOST_OK);
    ck_assert_int_eq(regdb_save_volatile(a, s, 0, &size), REGDB_OK);
    ck_assert_uint_gt(size, 0);
    /* a second process of the machine: its volatile keys are shared, they stay */
    struct regdb *b = open_with_volatile();
    ck_assert_int_eq(regdb_key_create(b, p, u"Other", 5, REGDB_KEY_VOLATILE, 5, &later), REGDB_OK);
    ck_assert_int_eq(regdb_restore_volatile(b, s, 0, size), REGDB_BUSY);
    ck_assert_int_ne(find(b, p, u"Other"), 0);
    regdb_close(b);
    regdb_close(a);
    /* a new machine (nobody else): the snapshot's volatile keys come back */
    a = open_with_volatile();
    ck_assert_int_eq(find(a, p, u"Vol"), 0);
    ck_assert_int_eq(regdb_restore_volatile(a, s, 0, size), REGDB_OK);
    ck_assert_int_eq(find(a, p, u"Vol"), v);
    ck_assert(has_dword(a, v, u"x", 7));
    ck_assert_int_eq(find(a, p, u"Other"), 0);
    /* and new ones get ids after theirs */
    ck_assert_int_eq(regdb_key_create(a, p, u"New", 3, REGDB_KEY_VOLATILE, 5, &later), REGDB_OK);
    ck_assert_int_gt(later, v);
    /* a damaged image is refused and changes nothing */
    ck_assert_int_eq(host_stream_write(s, "garbage!", 8, 0, &(size_t){ 0 }), HOST_OK);
    ck_assert_int_ne(regdb_restore_volatile(a, s, 0, size), REGDB_OK);
    ck_assert(has_dword(a, v, u"x", 7));
    host_stream_close(s);
    regdb_close(a);
}
END_TEST

/* ---- The crash test -------------------------------------------------------
 * A writer acknowledges each durable commit on a pipe; the parent kills it
 * with SIGKILL at a random moment, again and again.  Afterwards the
 * database must be intact and hold every acknowledged write. */

static void crash_writer(int ack, regdb_id key, uint32_t first)
{
    struct regdb *db = open_db(db_path, NULL);
    uint16_t name[16];

    for (uint32_t i = first;; i++) {
        for (int j = 0; j < 8; j++)
            name[j] = (uint16_t)('a' + ((i >> (j * 4)) & 15));
        struct regdb_value v = { name, 8, 4, &i, 4 };
        if (regdb_begin(db, NULL) || regdb_value_set(db, key, &v) || regdb_commit(db, 1))
            _exit(2);
        if (write(ack, &i, sizeof(i)) != sizeof(i))
            _exit(3);
    }
}

START_TEST(test_regdb__kill_9_in_a_loop_never_corrupts_nor_loses_a_flushed_write)
{
    struct regdb *db = open_db(db_path, NULL);
    regdb_id key = mkkey(db, REGDB_ROOT_ID, u"Crash");
    uint32_t next = 0, acked[65536];
    size_t nacked = 0;

    regdb_close(db);
    srand((unsigned)time(NULL));
    for (int round = 0; round < 12; round++) {
        int p[2];
        ck_assert_int_eq(pipe(p), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (!pid) {
            close(p[0]);
            crash_writer(p[1], key, next);
        }
        close(p[1]);
        /* kill it at a random moment once it is writing */
        uint32_t i;
        ck_assert_int_eq(read(p[0], &i, sizeof(i)), sizeof(i));
        acked[nacked++] = i;
        next = i + 1;
        usleep(rand() % 50000);
        kill(pid, SIGKILL);
        waitpid(pid, NULL, 0);
        while (read(p[0], &i, sizeof(i)) == sizeof(i) && nacked < 65536) {
            acked[nacked++] = i;
            next = i + 1;
        }
        close(p[0]);
    }
    ck_assert_uint_gt(nacked, 0);
    db = open_db(db_path, NULL);
    sqlite3_stmt *s;
    ck_assert_int_eq(sqlite3_prepare_v2(regdb_sqlite(db), "PRAGMA integrity_check", -1, &s, NULL),
                     SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
    ck_assert_str_eq((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    for (size_t n = 0; n < nacked; n++) {
        uint16_t name[9] = { 0 };
        for (int j = 0; j < 8; j++)
            name[j] = (uint16_t)('a' + ((acked[n] >> (j * 4)) & 15));
        ck_assert_msg(has_dword(db, key, name, acked[n]), "acknowledged write %u lost", acked[n]);
    }
    regdb_close(db);
}
END_TEST

/* ---- Bad input ------------------------------------------------------------ */

START_TEST(test_regdb__open_of_a_non_database_fails_cleanly)
{
    struct regdb *db = NULL;
    const char *err = NULL;
    FILE *f = fopen(db_path, "w");

    fputs("this is not an SQLite database, not even close to one.......", f);
    fclose(f);
    ck_assert_int_eq(regdb_open(db_path, NULL, regcase_upcase, 0, &db, &err), REGDB_CORRUPT);
    ck_assert_ptr_null(db);
    ck_assert_str_eq(err, "not a registry database");
    ck_assert_int_eq(regdb_open("relative.db", NULL, regcase_upcase, 0, &db, &err), REGDB_INVALID);
}
END_TEST

static Suite *make_suite(void)
{
    Suite *s = suite_create("regdb");
    TCase *tc = tcase_create("regdb");

    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_regdb__keys_and_values_persist_across_reopen);
    tcase_add_test(tc, test_regdb__close_when_ending__keeps_the_mappings_and_checkpoints);
    tcase_add_test(tc, test_regdb__close__unmaps_the_files);
    tcase_add_test(tc, test_regdb__names_fold_through_the_windows_table_not_ascii);
    tcase_add_test(tc, test_regdb__names_with_nul_and_lone_surrogates_round_trip);
    tcase_add_test(tc, test_regdb__large_values_of_megabytes_round_trip);
    tcase_add_test(tc, test_regdb__delete_key_and_value);
    tcase_add_test(tc, test_regdb__overlay_shadows_the_base_which_stays_untouched);
    tcase_add_test(tc, test_regdb__the_base_is_read_in_place_through_a_mapping);
    tcase_add_test(tc, test_regdb__instance_holds_only_its_changes);
    tcase_add_test(tc, test_regdb__an_instance_keeps_its_changes_over_a_base_rebuilt_from_other_defaults);
    tcase_add_test(tc, test_regdb__two_connections_see_each_others_commits);
    tcase_add_test(tc, test_regdb__a_database_grown_by_anothers_checkpoint_is_read_whole);
    tcase_add_test(tc, test_regdb__the_sqlite3_shell_shares_the_open_database);
    tcase_add_test(tc, test_regdb__a_shell_write_is_counted_by_poll);
    tcase_add_test(tc, test_regdb__read_locks_kept_between_transactions_go_back_when_idle);
    tcase_add_test(tc, test_regdb__volatile_keys_are_shared_and_never_in_the_file);
    tcase_add_test(tc, test_regdb__a_new_machine_keeps_only_an_untouched_volatile_database);
    tcase_add_test(tc, test_regdb__a_volatile_directory_promised_at_open_may_fail_to_come);
    tcase_add_test(tc, test_regdb__change_notes_reach_the_other_connections_only);
    tcase_add_test(tc, test_regdb__save_and_restore_round_trip);
    tcase_add_test(tc, test_regdb__volatile_keys_restore_only_on_a_machine_of_their_own);
    tcase_add_test(tc, test_regdb__kill_9_in_a_loop_never_corrupts_nor_loses_a_flushed_write);
    tcase_add_test(tc, test_regdb__open_of_a_non_database_fails_cleanly);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *runner = srunner_create(make_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

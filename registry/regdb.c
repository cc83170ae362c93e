/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regdb.c - the registry database: base + instance overlay in SQLite
 * (contract: regdb.h; schema and rules: docs/registry.md).
 *
 * One connection per struct regdb: the instance database is "main", the
 * base is attached as "base" (immutable), or an empty in-memory base when
 * there is none, so every query has the same shape.  Both files use
 * UTF-16LE text, so names go in and out unconverted (any unit, NUL
 * included) and read as text in the sqlite3 shell.
 *
 * Next to the database lives "<db>-gen": one shared page whose first
 * word counts commits; a reader compares it with the count it last saw
 * (regdb_changed) instead of asking SQLite, which would read the WAL index.
 *
 * Volatile keys live in a third database attached as "vol": a file in a
 * memory-backed runtime directory shared by the instance's processes
 * (regdb_attach_volatile), or an in-memory one.  Their ids start at
 * REGDB_VOL_ID, so a key's id says which database holds its row and its
 * values; reads merge all three.
 *
 * Divisions: 1. statements  2. open and close  3. reading  4. transactions
 * 5. writing  6. snapshots  7. the volatile database  8. change notes
 */
#include <string.h>

#include "sqlite3.h"
#include "registry/regdb.h"
#include "registry/vfs.h"

#define SCHEMA_VERSION 1

/* ---- 1. Statements ---------------------------------------------------------
 * Prepared once at open; the index is the statement's name.  A statement
 * with "%s" writes one database: it is prepared twice, for "main" (st[])
 * and for "vol" (vst[]); stmt_for() picks by key id. */

enum stmt_id {
    ST_KEY_MAIN,            /* a key's row in the instance (override, tombstone, new) */
    ST_KEY_BASE,            /* a key's row in the base */
    ST_CHILDREN,            /* merged subkeys of a key */
    ST_LOOKUP,              /* a subkey by upcased name, merged */
    ST_VALUES,              /* merged values of a key */
    ST_NEXT_ID,             /* the next id for a new key */
    ST_KEY_PUT,             /* insert or replace an instance key row */
    ST_KEY_DROP,            /* remove an instance key row */
    ST_VALUES_DROP,         /* remove a key's instance value rows */
    ST_VALUE_PUT,           /* insert or replace an instance value row */
    ST_VALUE_DROP,          /* remove one instance value row */
    ST_VALUE_FIND,          /* does the merged view have this value? */
    ST_META_GET,
    ST_META_SET,
    ST_KEY_VOL,             /* a volatile key's row */
    ST_DATA_VERSION,        /* PRAGMA data_version: did another connection commit? */
    ST_CHANGE_PUT,          /* note a change for the other processes' notifications */
    ST_CHANGE_LIST,         /* the other writers' notes since we last looked */
    ST_CHANGE_LAST,         /* the newest note */
    ST_CHANGE_PRUNE,        /* forget old notes */
    ST_VOL_TOUCHED,         /* a volatile key or value changes: not the defaults alone */
    ST_CHILD_COUNT,         /* how many merged subkeys a key has */
    ST_COUNT
};

static const char *const stmt_sql[ST_COUNT] = {
    [ST_KEY_MAIN] = "SELECT id, parent, name, class, flags, mtime, deleted FROM main.key WHERE id = ?1",
    [ST_KEY_BASE] = "SELECT id, parent, name, class, flags, mtime, 0 FROM base.key WHERE id = ?1",
    [ST_CHILDREN] =
        "SELECT id, parent, name, class, flags, mtime, 0 FROM main.key"
        " WHERE parent = ?1 AND deleted = 0"
        " UNION ALL SELECT id, parent, name, class, flags, mtime, 0 FROM base.key b"
        " WHERE parent = ?1 AND NOT EXISTS (SELECT 1 FROM main.key m WHERE m.id = b.id)"
        " UNION ALL SELECT id, parent, name, class, flags, mtime, 0 FROM vol.key WHERE parent = ?1",
    [ST_LOOKUP] =
        "SELECT id FROM main.key WHERE parent = ?1 AND uname = ?2 AND deleted = 0"
        " UNION ALL SELECT id FROM base.key b WHERE parent = ?1 AND uname = ?2"
        " AND NOT EXISTS (SELECT 1 FROM main.key m WHERE m.id = b.id)"
        " UNION ALL SELECT id FROM vol.key WHERE parent = ?1 AND uname = ?2 LIMIT 1",
    [ST_VALUES] =
        "SELECT name, type, data FROM main.value WHERE key = ?1 AND deleted = 0"
        " UNION ALL SELECT name, type, data FROM base.value b WHERE key = ?1"
        " AND NOT EXISTS (SELECT 1 FROM main.value m WHERE m.key = b.key AND m.uname = b.uname)"
        " UNION ALL SELECT name, type, data FROM vol.value WHERE key = ?1",
    [ST_NEXT_ID] = "SELECT max(id) FROM %s.key WHERE id >= ?1 AND id < ?2",
    [ST_KEY_PUT] =
        "INSERT INTO %s.key (id, parent, name, uname, class, flags, mtime, deleted)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (id) DO UPDATE SET"
        " parent = ?2, name = ?3, uname = ?4, class = ?5, flags = ?6, mtime = ?7, deleted = ?8",
    [ST_KEY_DROP] = "DELETE FROM %s.key WHERE id = ?1",
    [ST_VALUES_DROP] = "DELETE FROM %s.value WHERE key = ?1",
    [ST_VALUE_PUT] =
        "INSERT OR REPLACE INTO %s.value (key, uname, name, type, data, deleted)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    [ST_VALUE_DROP] = "DELETE FROM %s.value WHERE key = ?1 AND uname = ?2",
    [ST_VALUE_FIND] =
        "SELECT 1 FROM main.value WHERE key = ?1 AND uname = ?2 AND deleted = 0"
        " UNION ALL SELECT 1 FROM base.value b WHERE key = ?1 AND uname = ?2"
        " AND NOT EXISTS (SELECT 1 FROM main.value m WHERE m.key = b.key AND m.uname = b.uname)"
        " UNION ALL SELECT 1 FROM vol.value WHERE key = ?1 AND uname = ?2 LIMIT 1",
    [ST_META_GET] = "SELECT value FROM %s.meta WHERE name = ?1",
    [ST_META_SET] = "INSERT OR REPLACE INTO %s.meta (name, value) VALUES (?1, ?2)",
    [ST_KEY_VOL] = "SELECT id, parent, name, class, flags, mtime, 0 FROM vol.key WHERE id = ?1",
    [ST_DATA_VERSION] = "PRAGMA main.data_version",
    [ST_CHANGE_PUT] = "INSERT INTO vol.change (key, filter, writer) VALUES (?1, ?2, ?3)",
    [ST_CHANGE_LIST] =
        "SELECT seq, key, filter FROM vol.change WHERE seq > ?1 AND writer != ?2 ORDER BY seq",
    [ST_CHANGE_LAST] = "SELECT max(seq) FROM vol.change",
    [ST_CHANGE_PRUNE] = "DELETE FROM vol.change WHERE seq <= ?1",
    [ST_VOL_TOUCHED] = "DELETE FROM vol.meta WHERE name = 'defaults'",
    [ST_CHILD_COUNT] =
        "SELECT (SELECT count(*) FROM main.key WHERE parent = ?1 AND deleted = 0)"
        " + (SELECT count(*) FROM base.key b WHERE parent = ?1"
        " AND NOT EXISTS (SELECT 1 FROM main.key m WHERE m.id = b.id))"
        " + (SELECT count(*) FROM vol.key WHERE parent = ?1)",
};

/* The schema of both files; "main" or "base" is put in front of each name. */
static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS %s.meta (name TEXT PRIMARY KEY, value);"
    "CREATE TABLE IF NOT EXISTS %s.key ("
    " id INTEGER PRIMARY KEY,"
    " parent INTEGER NOT NULL,"
    " name TEXT NOT NULL,"
    " uname TEXT NOT NULL,"
    " class TEXT,"
    " flags INTEGER NOT NULL DEFAULT 0,"
    " mtime INTEGER NOT NULL DEFAULT 0,"
    " deleted INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX IF NOT EXISTS %s.key_by_name ON key (parent, uname);"
    "CREATE TABLE IF NOT EXISTS %s.value ("
    " key INTEGER NOT NULL,"
    " uname TEXT NOT NULL,"
    " name TEXT NOT NULL,"
    " type INTEGER NOT NULL,"
    " data BLOB,"
    " deleted INTEGER NOT NULL DEFAULT 0,"
    " UNIQUE (key, uname));";
static const char schema_row_sql[] = "INSERT OR IGNORE INTO %s.meta VALUES ('schema', %d);";

struct regdb {
    sqlite3 *sql;
    sqlite3_stmt *st[ST_COUNT];     /* on "main" */
    sqlite3_stmt *vst[ST_COUNT];    /* the "%s" ones on "vol" */
    uint16_t (*upcase)(uint16_t);
    uint16_t *ubuf;             /* scratch for upcased names */
    size_t ubuf_cap;
    int in_tx;
    int vol_first;              /* the volatile database is new to this machine start */
    int unsynced;               /* committed since the log was last made durable */
    unsigned data_version;      /* main's, when we last looked */
    unsigned vol_version;       /* vol's */
    int readonly;
    int building_base;          /* REGDB_OPEN_BASE */
    int vol_attached;           /* "vol" is there (memory or file) */
    int vol_later;              /* REGDB_OPEN_VOLATILE_LATER */
    int vol_touched;            /* vol_write dropped the "defaults" row (not rolled back) */
    host_stream_t gen_stream;   /* "<db>-gen", or -1 */
    volatile uint64_t *gen;     /* its first word, mapped shared */
    uint64_t gen_seen;
    uint64_t gen_polled;        /* the count at the last regdb_poll */
    regdb_id next_id;           /* inside a write transaction: the next new key's id (0: unknown) */
    regdb_id next_vol_id;       /* the same for volatile keys */
    host_stream_t vol_lock;     /* the runtime directory's machine.lock, or -1 */
    int64_t writer;             /* this connection's mark on its change notes */
    int64_t change_seen;        /* the last note regdb_changes gave */
    unsigned notes;             /* notes written (pruning every so many) */
};

static int data_changed(struct regdb *db);

static int status_of(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
        return REGDB_OK;
    case SQLITE_NOMEM:
        return REGDB_NOMEM;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return REGDB_BUSY;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return REGDB_CORRUPT;
    case SQLITE_READONLY:
        return REGDB_READONLY;
    case SQLITE_CONSTRAINT:
        return REGDB_EXISTS;
    }
    return REGDB_IO;
}

static int prepare_on(struct regdb *db, const char *sql, const char *schema, sqlite3_stmt **out)
{
    char *text = sqlite3_mprintf(sql, schema);
    int rc;

    if (!text)
        return SQLITE_NOMEM;
    rc = sqlite3_prepare_v3(db->sql, text, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    sqlite3_free(text);
    return rc;
}

/* A statement on schema, prepared on first use (a start uses few of them,
 * and parsing them all at open cost more than the queries).  NULL if it
 * cannot be prepared: SQLite's calls then answer SQLITE_MISUSE, an I/O
 * error to our callers. */
static sqlite3_stmt *stmt_on(struct regdb *db, sqlite3_stmt **slot, enum stmt_id id,
                             const char *schema)
{
    if (!*slot && prepare_on(db, stmt_sql[id], schema, slot))
        return NULL;
    sqlite3_reset(*slot);
    sqlite3_clear_bindings(*slot);
    return *slot;
}

static sqlite3_stmt *stmt(struct regdb *db, enum stmt_id id)
{
    return stmt_on(db, &db->st[id], id, "main");
}

static int is_volatile_id(regdb_id id)
{
    return id >= REGDB_VOL_ID;
}

/* A "%s" statement on the database that holds key id. */
static sqlite3_stmt *stmt_for(struct regdb *db, enum stmt_id id, regdb_id key)
{
    if (is_volatile_id(key) && strstr(stmt_sql[id], "%s"))
        return stmt_on(db, &db->vst[id], id, "vol");
    return stmt(db, id);
}

/* Run a statement that returns no rows. */
static int run(sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    return rc == SQLITE_DONE ? REGDB_OK : status_of(rc);
}

/* The upcased copy of a name, in db->ubuf. */
static const uint16_t *upcased(struct regdb *db, const uint16_t *name, size_t len)
{
    if (len + 1 > db->ubuf_cap) {
        uint16_t *p = sqlite3_realloc64(db->ubuf, (len + 1) * sizeof(*p));
        if (!p)
            return NULL;
        db->ubuf = p;
        db->ubuf_cap = len + 1;
    }
    for (size_t i = 0; i < len; i++)
        db->ubuf[i] = db->upcase(name[i]);
    return db->ubuf;
}

static int bind_text(sqlite3_stmt *s, int col, const uint16_t *text, size_t len)
{
    /* never NULL: an empty name is an empty string (the default value) */
    static const uint16_t empty;
    return sqlite3_bind_text16(s, col, len ? (const void *)text : &empty,
                               (int)(len * sizeof(*text)), SQLITE_TRANSIENT);
}

static int bind_uname(struct regdb *db, sqlite3_stmt *s, int col, const uint16_t *name,
                      size_t len)
{
    const uint16_t *u = upcased(db, name, len);
    return u ? bind_text(s, col, u, len) : SQLITE_NOMEM;
}

/* ---- 2. Open and close --------------------------------------------------- */

/* The registry's tables in schema, extra (more statements on it: "%s" for
 * its name) and then the schema row saying version, in one transaction. */
static int exec_schema_with(sqlite3 *sql, const char *schema, const char *extra, int version)
{
    char *tables = sqlite3_mprintf(schema_sql, schema, schema, schema, schema);
    char *more = sqlite3_mprintf(extra, schema);
    char *row = sqlite3_mprintf(schema_row_sql, schema, version);
    char *text = tables && more && row ? sqlite3_mprintf("BEGIN; %s %s %s COMMIT;", tables, more, row)
                                       : NULL;
    int rc = text ? sqlite3_exec(sql, text, NULL, NULL, NULL) : SQLITE_NOMEM;

    if (rc && text)
        sqlite3_exec(sql, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_free(tables);
    sqlite3_free(more);
    sqlite3_free(row);
    sqlite3_free(text);
    return rc;
}

static int exec_schema(sqlite3 *sql, const char *schema)
{
    return exec_schema_with(sql, schema, "", 1);
}

static int attach_base(sqlite3 *sql, const char *base_path)
{
    char *text;
    int rc;

    if (!base_path) {
        if ((rc = sqlite3_exec(sql, "ATTACH ':memory:' AS base", NULL, NULL, NULL)))
            return rc;
        return exec_schema(sql, "base");
    }
    /* immutable: a file nobody changes needs no locks and no change checks */
    if (!(text = sqlite3_mprintf("ATTACH 'file:%q?immutable=1&mode=ro' AS base", base_path)))
        return SQLITE_NOMEM;
    rc = sqlite3_exec(sql, text, NULL, NULL, NULL);
    sqlite3_free(text);
    /* read in place through a mapping: no copy in SQLite's page cache (a
       start reads some sixty of its pages) */
    if (!rc)
        rc = sqlite3_exec(sql, "PRAGMA base.mmap_size = 1073741824", NULL, NULL, NULL);
    return rc;
}

/* Map the commit counter "<path>-gen" (created if missing). */
static int gen_open(struct regdb *db, const char *path)
{
    size_t page = host_vm_page_size();
    unsigned flags = HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE;
    struct host_attr a;
    void *addr = NULL;
    char *uri = sqlite3_mprintf("file:%s-gen", path);
    int r;

    if (!uri)
        return REGDB_NOMEM;
    r = host_stream_open(uri, flags, &db->gen_stream);
    sqlite3_free(uri);
    if (r < 0) {
        db->gen_stream = -1;
        return REGDB_IO;
    }
    if (host_stream_attr(db->gen_stream, &a) < 0 ||
        (a.size < page && host_stream_set_length(db->gen_stream, page) < 0) ||
        host_vm_reserve(&addr, page, 0) < 0)
        return REGDB_IO;
    if (host_stream_map(db->gen_stream, addr, page, 0, HOST_PROT_READ | HOST_PROT_WRITE,
                        HOST_MAP_SHARED) < 0) {
        host_vm_free(addr, page, 0);
        return REGDB_IO;
    }
    db->gen = addr;
    db->gen_seen = db->gen_polled = __atomic_load_n(db->gen, __ATOMIC_ACQUIRE);
    return REGDB_OK;
}

/*
 * Keep schema's log and index files when the last connection closes, the
 * log emptied (journal_size_limit 0): otherwise every standalone start
 * creates both and its end deletes them, four file-system operations on
 * the instance's disk for nothing.
 */
static int persist_log(sqlite3 *sql, const char *schema)
{
    char *text = sqlite3_mprintf("PRAGMA %s.journal_size_limit = 0", schema);
    int one = 1, rc;

    if (!text)
        return SQLITE_NOMEM;
    rc = sqlite3_exec(sql, text, NULL, NULL, NULL);
    sqlite3_free(text);
    if (!rc)
        rc = sqlite3_file_control(sql, schema, SQLITE_FCNTL_PERSIST_WAL, &one);
    return rc;
}

/* Whether a database's tables are there: the schema row is written last,
 * after every table, so its presence says all are.  Checking costs a read;
 * creating "if not exists" would take the write lock at every start. */
static int schema_present(sqlite3 *sql, const char *schema)
{
    char *text = sqlite3_mprintf("SELECT 1 FROM %s.meta WHERE name = 'schema'", schema);
    sqlite3_stmt *s = NULL;
    int present;

    if (!text)
        return 0;
    present = !sqlite3_prepare_v2(sql, text, -1, &s, NULL) && sqlite3_step(s) == SQLITE_ROW;
    sqlite3_finalize(s);
    sqlite3_free(text);
    return present;
}

static void finalize_all(struct regdb *db)
{
    for (int i = 0; i < ST_COUNT; i++) {
        sqlite3_finalize(db->st[i]);
        sqlite3_finalize(db->vst[i]);
        db->st[i] = db->vst[i] = NULL;
    }
}

/* The volatile database's schema: the change notes that carry
 * notifications between processes, then the registry's (whose schema row,
 * written last, says both are there). */
static int volatile_schema(sqlite3 *sql)
{
    /* schema row 2: every write of a volatile key or value drops the
       "defaults" row (vol_write), so that row says the database holds the
       default volatile keys and nothing else */
    static const char extra[] =
        "CREATE TABLE IF NOT EXISTS %s.change ("
        " seq INTEGER PRIMARY KEY, key INTEGER NOT NULL,"
        " filter INTEGER NOT NULL, writer INTEGER NOT NULL);";

    if (schema_present(sql, "vol"))
        return SQLITE_OK;
    return exec_schema_with(sql, "vol", extra, 2);
}

/* The volatile database in memory: this connection's alone. */
static int attach_volatile_memory(sqlite3 *sql)
{
    int rc = sqlite3_exec(sql, "ATTACH ':memory:' AS vol", NULL, NULL, NULL);
    return rc ? rc : volatile_schema(sql);
}

/* The root key, in the instance if the base has none. */
static int ensure_root(struct regdb *db)
{
    static const uint16_t root_name[] = u"REGISTRY";
    struct regdb_key root = { .id = REGDB_ROOT_ID, .parent = 0, .name = root_name, .name_len = 8 };
    sqlite3_stmt *s = stmt(db, ST_KEY_MAIN);
    int rc;

    sqlite3_bind_int64(s, 1, REGDB_ROOT_ID);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return REGDB_OK;
    s = stmt(db, ST_KEY_BASE);
    sqlite3_bind_int64(s, 1, REGDB_ROOT_ID);
    rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_ROW)
        return REGDB_OK;
    if (db->readonly)
        return REGDB_CORRUPT;
    return regdb_key_update(db, &root);
}

static int configure(struct regdb *db, const char *path, const char *base_path)
{
    int rc;

    sqlite3_busy_timeout(db->sql, 10000);
    if ((rc = sqlite3_exec(db->sql, "PRAGMA encoding = 'UTF-16le'", NULL, NULL, NULL)) ||
        /* a base is one file read immutable, never a log */
        (rc = sqlite3_exec(db->sql, db->building_base ? "PRAGMA journal_mode = DELETE"
                                                      : "PRAGMA journal_mode = WAL",
                           NULL, NULL, NULL)) ||
        (rc = sqlite3_exec(db->sql, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL)) ||
        (!db->building_base && (rc = persist_log(db->sql, "main"))) ||
        (!db->readonly && !schema_present(db->sql, "main") && (rc = exec_schema(db->sql, "main"))) ||
        (rc = attach_base(db->sql, base_path)))
        return status_of(rc);
    /* a private volatile database, unless a shared one comes at once
       (making this one would cost a schema for nothing) */
    if (!db->vol_later && (rc = attach_volatile_memory(db->sql)))
        return status_of(rc);
    db->vol_attached = !db->vol_later;
    if ((rc = gen_open(db, path)))
        return rc;
    return ensure_root(db);
}

int regdb_open(const char *path, const char *base_path, uint16_t (*upcase)(uint16_t),
               unsigned flags, struct regdb **out, const char **err)
{
    int oflags = (flags & REGDB_OPEN_READONLY) ? SQLITE_OPEN_READWRITE
                                               : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    struct regdb *db;
    int r;

    *out = NULL;
    if (!path || path[0] != '/' || !upcase) {
        if (err)
            *err = "the database path must be absolute";
        return REGDB_INVALID;
    }
    if (!(db = sqlite3_malloc(sizeof(*db)))) {
        if (err)
            *err = "out of memory";
        return REGDB_NOMEM;
    }
    memset(db, 0, sizeof(*db));
    db->upcase = upcase;
    db->gen_stream = -1;
    db->vol_lock = -1;
    db->vol_first = 1;          /* the private one in memory */
    db->readonly = (flags & REGDB_OPEN_READONLY) != 0;
    db->building_base = (flags & REGDB_OPEN_BASE) != 0;
    db->vol_later = (flags & REGDB_OPEN_VOLATILE_LATER) != 0;
    r = sqlite3_open_v2(path, &db->sql, oflags | SQLITE_OPEN_URI, NULL);
    r = r ? status_of(r) : configure(db, path, base_path);
    if (r) {
        if (err)
            *err = r == REGDB_CORRUPT ? "not a registry database"
                 : r == REGDB_BUSY ? "the database is locked"
                 : r == REGDB_NOMEM ? "out of memory" : "cannot open the database";
        regdb_close(db);
        return r;
    }
    data_changed(db);
    *out = db;
    return REGDB_OK;
}

void regdb_close(struct regdb *db)
{
    if (!db)
        return;
    if (db->in_tx)
        regdb_commit(db, 0);
    finalize_all(db);
    sqlite3_close(db->sql);
    if (db->vol_lock >= 0)
        host_stream_close(db->vol_lock);
    if (db->gen && !keepsql_ending())
        host_vm_free((void *)db->gen, host_vm_page_size(), 0);
    if (db->gen_stream >= 0)
        host_stream_close(db->gen_stream);
    sqlite3_free(db->ubuf);
    sqlite3_free(db);
}

struct sqlite3 *regdb_sqlite(struct regdb *db)
{
    return db->sql;
}

/* ---- 3. Reading ---------------------------------------------------------- */

static void key_from_row(sqlite3_stmt *s, struct regdb_key *k)
{
    k->id = sqlite3_column_int64(s, 0);
    k->parent = sqlite3_column_int64(s, 1);
    k->name = sqlite3_column_text16(s, 2);
    k->name_len = (size_t)sqlite3_column_bytes16(s, 2) / 2;
    k->cls = sqlite3_column_type(s, 3) == SQLITE_NULL ? NULL : sqlite3_column_text16(s, 3);
    k->cls_len = k->cls ? (size_t)sqlite3_column_bytes16(s, 3) / 2 : 0;
    k->flags = (unsigned)sqlite3_column_int(s, 4);
    k->mtime = sqlite3_column_int64(s, 5);
}

/* Call cb for each row of s (already bound) as a key; reset s after. */
static int each_key(sqlite3_stmt *s, int (*cb)(void *, const struct regdb_key *), void *ctx)
{
    struct regdb_key k;
    int rc, r = REGDB_OK;

    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        key_from_row(s, &k);
        if ((r = cb(ctx, &k)))
            break;
    }
    sqlite3_reset(s);
    return r ? r : rc == SQLITE_ROW || rc == SQLITE_DONE ? REGDB_OK : status_of(rc);
}

int regdb_key_get(struct regdb *db, regdb_id id,
                  int (*cb)(void *ctx, const struct regdb_key *key), void *ctx)
{
    sqlite3_stmt *s = stmt(db, is_volatile_id(id) ? ST_KEY_VOL : ST_KEY_MAIN);
    struct regdb_key k;
    int rc, r;

    sqlite3_bind_int64(s, 1, id);
    rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && !is_volatile_id(id)) {
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return status_of(rc);
        s = stmt(db, ST_KEY_BASE);
        sqlite3_bind_int64(s, 1, id);
        rc = sqlite3_step(s);
    }
    if (rc != SQLITE_ROW || sqlite3_column_int(s, 6)) {    /* missing, or a tombstone */
        sqlite3_reset(s);
        return rc == SQLITE_ROW || rc == SQLITE_DONE ? REGDB_NOTFOUND : status_of(rc);
    }
    key_from_row(s, &k);
    r = cb(ctx, &k);
    sqlite3_reset(s);
    return r;
}

int regdb_key_children(struct regdb *db, regdb_id parent,
                       int (*cb)(void *ctx, const struct regdb_key *key), void *ctx)
{
    sqlite3_stmt *s = stmt(db, ST_CHILDREN);

    sqlite3_bind_int64(s, 1, parent);
    return each_key(s, cb, ctx);
}

int regdb_key_child_count(struct regdb *db, regdb_id parent, uint64_t *out)
{
    sqlite3_stmt *s = stmt(db, ST_CHILD_COUNT);
    int rc;

    sqlite3_bind_int64(s, 1, parent);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = (uint64_t)sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? REGDB_OK : status_of(rc);
}

/* Run a statement taking (id, upcased name) that answers one row or none;
 * *out (may be NULL) gets its first column. */
static int find_by_name(struct regdb *db, enum stmt_id id, regdb_id owner, const uint16_t *name,
                        size_t len, regdb_id *out)
{
    sqlite3_stmt *s = stmt(db, id);
    int rc;

    sqlite3_bind_int64(s, 1, owner);
    if ((rc = bind_uname(db, s, 2, name, len)))
        return status_of(rc);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && out)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? REGDB_OK : rc == SQLITE_DONE ? REGDB_NOTFOUND : status_of(rc);
}

int regdb_key_lookup(struct regdb *db, regdb_id parent, const uint16_t *name, size_t len,
                     regdb_id *out)
{
    return find_by_name(db, ST_LOOKUP, parent, name, len, out);
}

int regdb_values(struct regdb *db, regdb_id key,
                 int (*cb)(void *ctx, const struct regdb_value *value), void *ctx)
{
    sqlite3_stmt *s = stmt(db, ST_VALUES);
    struct regdb_value v;
    int rc, r = REGDB_OK;

    sqlite3_bind_int64(s, 1, key);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        v.name = sqlite3_column_text16(s, 0);
        v.name_len = (size_t)sqlite3_column_bytes16(s, 0) / 2;
        v.type = (uint32_t)sqlite3_column_int64(s, 1);
        v.data = sqlite3_column_blob(s, 2);
        v.size = (size_t)sqlite3_column_bytes(s, 2);
        if ((r = cb(ctx, &v)))
            break;
    }
    sqlite3_reset(s);
    return r ? r : rc == SQLITE_ROW || rc == SQLITE_DONE ? REGDB_OK : status_of(rc);
}

/* ---- 4. Transactions ----------------------------------------------------- */

/* Has the content of main or vol changed since we last looked (any
 * connection's commit, ours included)? */
static int data_changed(struct regdb *db)
{
    unsigned v = db->data_version, vv = db->vol_version;

    sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_DATA_VERSION, &v);
    sqlite3_file_control(db->sql, "vol", SQLITE_FCNTL_DATA_VERSION, &vv);
    if (v == db->data_version && vv == db->vol_version)
        return 0;
    db->data_version = v;
    db->vol_version = vv;
    return 1;
}

int regdb_begin(struct regdb *db, int *changed)
{
    int rc;

    if (changed)
        *changed = 0;
    if (db->readonly)
        return REGDB_READONLY;
    if (db->in_tx)
        return REGDB_OK;
    if ((rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL)))
        return status_of(rc);
    db->in_tx = 1;
    db->next_id = db->next_vol_id = 0;
    if (data_changed(db) && changed)
        *changed = 1;
    db->gen_seen = __atomic_load_n(db->gen, __ATOMIC_ACQUIRE);
    return REGDB_OK;
}

/* Make the write-ahead log durable: SQLite's NORMAL synchronous mode
 * leaves that to checkpoints, a flush must not wait for one. */
static int sync_wal(struct regdb *db)
{
    sqlite3_file *wal = NULL;

    if (sqlite3_file_control(db->sql, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) || !wal ||
        !wal->pMethods)
        return REGDB_OK;    /* no log yet: everything is in the database file */
    if (wal->pMethods->xSync(wal, SQLITE_SYNC_NORMAL))
        return REGDB_IO;
    db->unsynced = 0;
    return REGDB_OK;
}

static int commit_sync(struct regdb *db, int durable)
{
    if (!durable || (durable == REGDB_DURABLE_OWN && !db->unsynced))
        return REGDB_OK;
    return sync_wal(db);
}

int regdb_commit(struct regdb *db, int durable)
{
    int rc;

    if (!db->in_tx)
        return commit_sync(db, durable);
    if ((rc = sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL)))
        return status_of(rc);
    db->in_tx = 0;
    db->unsynced = 1;
    /* our own commit changes the version too: take it as seen */
    data_changed(db);
    uint64_t old = __atomic_fetch_add(db->gen, 1, __ATOMIC_ACQ_REL);
    if (old == db->gen_seen)
        db->gen_seen = old + 1;
    return commit_sync(db, durable);
}

int regdb_rollback(struct regdb *db)
{
    if (!db->in_tx)
        return REGDB_OK;
    db->in_tx = 0;
    db->vol_touched = 0;
    return status_of(sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL));
}

int regdb_in_transaction(const struct regdb *db)
{
    return db->in_tx;
}

int regdb_changed(struct regdb *db)
{
    uint64_t g = __atomic_load_n(db->gen, __ATOMIC_ACQUIRE);

    if (g == db->gen_seen)
        return 0;
    db->gen_seen = g;
    return 1;
}

/* Run one write, in its own transaction unless one is open. */
static int write_begin(struct regdb *db, int *own)
{
    *own = 0;
    if (db->readonly)
        return REGDB_READONLY;
    if (db->in_tx)
        return REGDB_OK;
    *own = 1;
    return regdb_begin(db, NULL);
}

static int write_end(struct regdb *db, int own, int r)
{
    if (!own)
        return r;
    if (r) {
        regdb_rollback(db);
        return r;
    }
    return regdb_commit(db, 0);
}

/* ---- 5. Writing ---------------------------------------------------------- */

/* Before a volatile key or value is written: the volatile database holds
 * more than its defaults from now on (regdb_attach_volatile keeps it for
 * the next machine only while its "defaults" row is there). */
static int vol_write(struct regdb *db, regdb_id key)
{
    int r;

    if (!is_volatile_id(key) || db->vol_touched)
        return REGDB_OK;
    if (!(r = run(stmt(db, ST_VOL_TOUCHED))))
        db->vol_touched = 1;    /* until the row is written again, or a rollback */
    return r;
}

static int key_put(struct regdb *db, const struct regdb_key *k, int deleted)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = vol_write(db, k->id)))
        return rc;
    s = stmt_for(db, ST_KEY_PUT, k->id);

    sqlite3_bind_int64(s, 1, k->id);
    sqlite3_bind_int64(s, 2, k->parent);
    bind_text(s, 3, k->name, k->name_len);
    if ((rc = bind_uname(db, s, 4, k->name, k->name_len)))
        return status_of(rc);
    if (k->cls)
        bind_text(s, 5, k->cls, k->cls_len);
    sqlite3_bind_int(s, 6, (int)(k->flags & (REGDB_KEY_LINK | REGDB_KEY_VOLATILE)));
    sqlite3_bind_int64(s, 7, k->mtime);
    sqlite3_bind_int(s, 8, deleted);
    return run(s);
}

/* A base key's id comes from its path (its parent's id and its upcased
 * name), not from the order the .reg files list keys in: an instance's
 * overrides and values name base keys by id, and must find the same keys in
 * a base rebuilt from other defaults (a newer keep).  FNV-1a into
 * [REGDB_ROOT_ID + 1, REGDB_NEW_ID); a taken id (two paths with one hash,
 * about one base in 10^5) moves on to the next free one. */
static int base_id(struct regdb *db, regdb_id parent, const uint16_t *name, size_t len,
                   regdb_id *out)
{
    const uint16_t *u = upcased(db, name, len);
    const regdb_id first = REGDB_ROOT_ID + 1, span = REGDB_NEW_ID - first;
    uint64_t h = 0xcbf29ce484222325ull;
    sqlite3_stmt *s = stmt(db, ST_KEY_MAIN);
    regdb_id id;
    int rc;

    if (!u)
        return REGDB_NOMEM;
    for (int i = 0; i < 8; i++)
        h = (h ^ (uint8_t)((uint64_t)parent >> (8 * i))) * 0x100000001b3ull;
    for (size_t i = 0; i < len; i++) {
        h = (h ^ (u[i] & 0xff)) * 0x100000001b3ull;
        h = (h ^ (u[i] >> 8)) * 0x100000001b3ull;
    }
    id = first + (regdb_id)(h % (uint64_t)span);
    for (;;) {
        sqlite3_bind_int64(s, 1, id);
        rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_ROW)
            break;
        id = id + 1 < REGDB_NEW_ID ? id + 1 : first;
    }
    *out = id;
    return rc == SQLITE_DONE ? REGDB_OK : status_of(rc);
}

/* The next id for a new key: volatile ones from REGDB_VOL_ID, an
 * instance's from REGDB_NEW_ID (a base's: base_id). */
static int next_id(struct regdb *db, int vol, regdb_id *out)
{
    regdb_id *cache = vol ? &db->next_vol_id : &db->next_id;
    regdb_id first = vol ? REGDB_VOL_ID : REGDB_NEW_ID;
    regdb_id end = vol ? INT64_MAX : REGDB_VOL_ID;
    sqlite3_stmt *s;
    int rc;

    /* one writer at a time: inside our transaction nobody else takes ids */
    if (db->in_tx && *cache) {
        *out = (*cache)++;
        return REGDB_OK;
    }
    s = stmt_for(db, ST_NEXT_ID, first);
    sqlite3_bind_int64(s, 1, first);
    sqlite3_bind_int64(s, 2, end);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_type(s, 0) == SQLITE_NULL ? first : sqlite3_column_int64(s, 0) + 1;
    if (rc == SQLITE_ROW && *out >= end)
        rc = SQLITE_FULL;
    sqlite3_reset(s);
    if (rc == SQLITE_ROW && db->in_tx)
        *cache = *out + 1;
    return rc == SQLITE_ROW ? REGDB_OK : status_of(rc);
}

static int new_key_id(struct regdb *db, const struct regdb_key *k, regdb_id *out)
{
    int vol = (k->flags & REGDB_KEY_VOLATILE) != 0;

    if (db->building_base && !vol)
        return base_id(db, k->parent, k->name, k->name_len, out);
    return next_id(db, vol, out);
}

int regdb_key_create(struct regdb *db, regdb_id parent, const uint16_t *name, size_t len,
                     unsigned flags, int64_t mtime, regdb_id *out)
{
    struct regdb_key k = { .parent = parent, .name = name, .name_len = len,
                           .flags = flags & (REGDB_KEY_LINK | REGDB_KEY_VOLATILE), .mtime = mtime };
    regdb_id existing;
    int own, r;

    if ((r = write_begin(db, &own)))
        return r;
    r = (flags & REGDB_CREATE_UNCHECKED) ? REGDB_NOTFOUND
                                         : regdb_key_lookup(db, parent, name, len, &existing);
    if (r == REGDB_OK)
        r = REGDB_EXISTS;
    else if (r == REGDB_NOTFOUND && !(r = new_key_id(db, &k, &k.id)) && !(r = key_put(db, &k, 0)))
        *out = k.id;
    return write_end(db, own, r);
}

int regdb_key_update(struct regdb *db, const struct regdb_key *key)
{
    int own, r;

    if ((r = write_begin(db, &own)))
        return r;
    return write_end(db, own, key_put(db, key, 0));
}

/* Is this key the base's (so deleting from it leaves a tombstone)? */
static int shadows_base(const struct regdb *db, regdb_id id)
{
    return !db->building_base && id < REGDB_NEW_ID;
}

/* A tombstone for a base key: its row, marked deleted. */
static int tombstone_cb(void *ctx, const struct regdb_key *k)
{
    struct regdb *db = ctx;
    struct regdb_key copy = *k;
    return key_put(db, &copy, 1);
}

int regdb_key_delete(struct regdb *db, regdb_id id)
{
    sqlite3_stmt *s;
    int own, r;

    if (id == REGDB_ROOT_ID)
        return REGDB_INVALID;
    if ((r = write_begin(db, &own)) || (r = vol_write(db, id)))
        return own ? write_end(db, own, r) : r;
    s = stmt_for(db, ST_VALUES_DROP, id);
    sqlite3_bind_int64(s, 1, id);
    if (!(r = run(s))) {
        if (shadows_base(db, id)) {
            r = regdb_key_get(db, id, tombstone_cb, db);
        } else {
            s = stmt_for(db, ST_KEY_DROP, id);
            sqlite3_bind_int64(s, 1, id);
            r = run(s);
        }
    }
    return write_end(db, own, r);
}

static int value_put(struct regdb *db, regdb_id key, const struct regdb_value *v, int deleted)
{
    sqlite3_stmt *s;
    int rc;

    if ((rc = vol_write(db, key)))
        return rc;
    s = stmt_for(db, ST_VALUE_PUT, key);

    sqlite3_bind_int64(s, 1, key);
    if ((rc = bind_uname(db, s, 2, v->name, v->name_len)))
        return status_of(rc);
    bind_text(s, 3, v->name, v->name_len);
    sqlite3_bind_int64(s, 4, v->type);
    /* a zero-length value is an empty blob, not NULL */
    sqlite3_bind_blob64(s, 5, v->size ? v->data : "", v->size, SQLITE_TRANSIENT);
    sqlite3_bind_int(s, 6, deleted);
    return run(s);
}

int regdb_value_set(struct regdb *db, regdb_id key, const struct regdb_value *value)
{
    int own, r;

    if ((r = write_begin(db, &own)))
        return r;
    return write_end(db, own, value_put(db, key, value, 0));
}

int regdb_value_delete(struct regdb *db, regdb_id key, const uint16_t *name, size_t len)
{
    struct regdb_value tomb = { .name = name, .name_len = len };
    sqlite3_stmt *s;
    int own, r;

    if ((r = write_begin(db, &own)))
        return r;
    if (!(r = find_by_name(db, ST_VALUE_FIND, key, name, len, NULL))) {
        if (shadows_base(db, key)) {
            r = value_put(db, key, &tomb, 1);     /* the base may hold it: shadow it */
        } else if (!(r = vol_write(db, key))) {
            s = stmt_for(db, ST_VALUE_DROP, key);
            sqlite3_bind_int64(s, 1, key);
            if (!(r = status_of(bind_uname(db, s, 2, name, len))))
                r = run(s);
        }
    }
    return write_end(db, own, r);
}

/* Which database's meta table: main's, or vol's (REGDB_META_VOLATILE). */
static sqlite3_stmt *meta_stmt(struct regdb *db, enum stmt_id id, unsigned where)
{
    return stmt_for(db, id, where == REGDB_META_VOLATILE ? REGDB_VOL_ID : REGDB_ROOT_ID);
}

int regdb_meta_get(struct regdb *db, unsigned where, const char *name, int64_t *out)
{
    sqlite3_stmt *s = meta_stmt(db, ST_META_GET, where);
    int rc;

    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(s, 0);
    sqlite3_reset(s);
    return rc == SQLITE_ROW ? REGDB_OK : rc == SQLITE_DONE ? REGDB_NOTFOUND : status_of(rc);
}

int regdb_meta_set(struct regdb *db, unsigned where, const char *name, int64_t value)
{
    sqlite3_stmt *s = meta_stmt(db, ST_META_SET, where);
    int own, r;

    if ((r = write_begin(db, &own)))
        return r;
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, value);
    if (where == REGDB_META_VOLATILE && !strcmp(name, "defaults"))
        db->vol_touched = 0;
    return write_end(db, own, run(s));
}

/* ---- 6. Snapshots -------------------------------------------------------- */

/* The image of schema ("main" or "vol") to s at offset. */
static int save_schema(struct regdb *db, const char *schema, host_stream_t s, int64_t offset,
                       uint64_t *size)
{
    sqlite3_int64 n = 0;
    unsigned char *image;
    size_t done = 0;
    int r = REGDB_OK;

    if (db->in_tx && (r = regdb_commit(db, 0)))
        return r;
    if (!(image = sqlite3_serialize(db->sql, schema, &n, 0)))
        return REGDB_NOMEM;
    for (size_t put = 0; put < (size_t)n && !r; put += done)
        if (host_stream_write(s, image + put, (size_t)n - put, offset + (int64_t)put, &done) < 0 ||
            !done)
            r = REGDB_IO;
    sqlite3_free(image);
    if (!r)
        *size = (uint64_t)n;
    return r;
}

int regdb_save(struct regdb *db, host_stream_t s, int64_t offset, uint64_t *size)
{
    return save_schema(db, "main", s, offset, size);
}

int regdb_save_volatile(struct regdb *db, host_stream_t s, int64_t offset, uint64_t *size)
{
    return save_schema(db, "vol", s, offset, size);
}

/* Read size bytes of s at offset into SQLite memory. */
static int read_image(host_stream_t s, int64_t offset, uint64_t size, unsigned char **out)
{
    unsigned char *image = sqlite3_malloc64(size ? size : 1);
    size_t done = 0;

    if (!image)
        return REGDB_NOMEM;
    for (uint64_t got = 0; got < size; got += done)
        if (host_stream_read(s, image + got, size - got, offset + (int64_t)got, &done) < 0 ||
            !done) {
            sqlite3_free(image);
            return REGDB_IO;
        }
    *out = image;
    return REGDB_OK;
}

/* A database image as a snapshot holds it, readable in memory: a WAL
 * database's header says so, and in memory it has no log, so it must
 * read as a rollback-journal database. */
static void image_unwal(unsigned char *image, uint64_t size)
{
    if (size >= 100 && image[18] == 2 && image[19] == 2)
        image[18] = image[19] = 1;
}

int regdb_restore(struct regdb *db, host_stream_t s, int64_t offset, uint64_t size)
{
    unsigned char *image;
    sqlite3 *mem = NULL;
    sqlite3_backup *b;
    int r, rc;

    if (db->readonly)
        return REGDB_READONLY;
    if (db->in_tx && (r = regdb_commit(db, 0)))
        return r;
    if ((r = read_image(s, offset, size, &image)))
        return r;
    image_unwal(image, size);
    if ((rc = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL))) {
        sqlite3_free(image);
        sqlite3_close(mem);
        return status_of(rc);
    }
    /* the image becomes the in-memory database (which frees it) */
    rc = sqlite3_deserialize(mem, "main", image, (sqlite3_int64)size, (sqlite3_int64)size,
                             SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (!rc)
        rc = sqlite3_exec(mem, "SELECT count(*) FROM key", NULL, NULL, NULL);
    if (!rc && (b = sqlite3_backup_init(db->sql, "main", mem, "main"))) {
        sqlite3_backup_step(b, -1);
        rc = sqlite3_backup_finish(b);
    } else if (!rc) {
        rc = sqlite3_errcode(db->sql);
    }
    sqlite3_close(mem);
    if (!rc) {
        data_changed(db);
        __atomic_fetch_add(db->gen, 1, __ATOMIC_ACQ_REL);
    }
    return rc == SQLITE_NOTADB || rc == SQLITE_ERROR ? REGDB_CORRUPT : status_of(rc);
}

/* The volatile keys' rows become those of the attached image "snapvol",
 * in one transaction (the change notes stay: they are the machine's). */
static int copy_volatile(struct regdb *db)
{
    static const char copy[] =
        "SELECT count(*) FROM snapvol.key;"
        "BEGIN IMMEDIATE;"
        "DELETE FROM vol.value; DELETE FROM vol.key; DELETE FROM vol.meta;"
        "INSERT INTO vol.meta SELECT name, value FROM snapvol.meta;"
        /* restored keys are not the defaults alone (vol_write) */
        "DELETE FROM vol.meta WHERE name = 'defaults';"
        "INSERT INTO vol.key SELECT id, parent, name, uname, class, flags, mtime, deleted"
        " FROM snapvol.key;"
        "INSERT INTO vol.value SELECT key, uname, name, type, data, deleted FROM snapvol.value;"
        "COMMIT";
    int rc = sqlite3_exec(db->sql, copy, NULL, NULL, NULL);

    if (rc && !sqlite3_get_autocommit(db->sql))
        sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int regdb_restore_volatile(struct regdb *db, host_stream_t s, int64_t offset, uint64_t size)
{
    unsigned char *image;
    int r, rc;

    if (db->readonly)
        return REGDB_READONLY;
    if (db->vol_lock >= 0 && !db->vol_first)
        return REGDB_BUSY;      /* the machine's volatile keys are shared: they stay */
    if (db->in_tx && (r = regdb_commit(db, 0)))
        return r;
    if ((r = read_image(s, offset, size, &image)))
        return r;
    image_unwal(image, size);
    if ((rc = sqlite3_exec(db->sql, "ATTACH ':memory:' AS snapvol", NULL, NULL, NULL))) {
        sqlite3_free(image);
        return status_of(rc);
    }
    /* the image becomes snapvol (which frees it, on failure too) */
    rc = sqlite3_deserialize(db->sql, "snapvol", image, (sqlite3_int64)size,
                             (sqlite3_int64)size,
                             SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
    if (!rc)
        rc = copy_volatile(db);
    sqlite3_exec(db->sql, "DETACH snapvol", NULL, NULL, NULL);
    if (!rc) {
        data_changed(db);
        __atomic_fetch_add(db->gen, 1, __ATOMIC_ACQ_REL);
    }
    return rc == SQLITE_NOTADB || rc == SQLITE_ERROR ? REGDB_CORRUPT : status_of(rc);
}

/* ---- 7. The volatile database -------------------------------------------- */

/* "<dir>/<name>" as a file: URI (NULL when out of memory). */
static char *runtime_uri(const char *dir, const char *name)
{
    return sqlite3_mprintf("file:%s/%s", dir, name);
}

/* The instance's machine starts: nobody else holds machine.lock, so the
 * volatile keys of its last run go (a missing file is fine). */
static void volatile_wipe(const char *dir)
{
    static const char *const files[] = { "volatile.db", "volatile.db-wal", "volatile.db-shm" };

    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char *uri = runtime_uri(dir, files[i]);
        if (uri)
            host_uri_delete(uri);
        sqlite3_free(uri);
    }
}

/* Take machine.lock: exclusive (*first set) when nobody else holds it, the
 * machine's first process since everyone left; else shared, after waiting
 * for a first one that is still setting the machine up. */
static int volatile_lock(struct regdb *db, const char *dir, int *first)
{
    char *uri = runtime_uri(dir, "machine.lock");
    int r;

    if (!uri)
        return REGDB_NOMEM;
    r = host_stream_open(uri, HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE, &db->vol_lock);
    sqlite3_free(uri);
    if (r < 0) {
        db->vol_lock = -1;
        return REGDB_IO;
    }
    *first = host_stream_lock(db->vol_lock, 0, 1, HOST_LOCK_EXCLUSIVE) == 0;
    if (!*first && host_stream_lock(db->vol_lock, 0, 1, HOST_LOCK_SHARED | HOST_LOCK_WAIT) < 0) {
        host_stream_close(db->vol_lock);
        db->vol_lock = -1;
        return REGDB_IO;
    }
    return REGDB_OK;
}

/* Whether the volatile database holds the default volatile keys and
 * nothing else: its "defaults" row, which every volatile write drops
 * (vol_write, schema 2). */
static int volatile_pristine(sqlite3 *sql)
{
    sqlite3_stmt *s = NULL;
    int yes = !sqlite3_prepare_v2(sql,
                                  "SELECT 1 FROM vol.meta WHERE name = 'defaults' AND EXISTS"
                                  " (SELECT 1 FROM vol.meta WHERE name = 'schema' AND value >= 2)",
                                  -1, &s, NULL) &&
              sqlite3_step(s) == SQLITE_ROW;

    sqlite3_finalize(s);
    return yes;
}

static int attach_volatile_open(struct regdb *db, const char *dir)
{
    char *text = sqlite3_mprintf("ATTACH '%q/volatile.db' AS vol", dir);
    int rc;

    if (!text)
        return SQLITE_NOMEM;
    rc = sqlite3_exec(db->sql, text, NULL, NULL, NULL);
    sqlite3_free(text);
    /* memory-backed and rebuilt at a machine start: never synced */
    if (!rc)
        rc = sqlite3_exec(db->sql, "PRAGMA vol.journal_mode = WAL; PRAGMA vol.synchronous = OFF",
                          NULL, NULL, NULL);
    if (!rc)
        rc = persist_log(db->sql, "vol");
    return rc;
}

/* The machine's first process keeps the last run's volatile database only
 * if it holds nothing but the defaults (rebuilding it is the costliest part
 * of a start); otherwise the last run's keys go. */
static int attach_volatile_file(struct regdb *db, const char *dir, int first)
{
    int rc = attach_volatile_open(db, dir);

    if (!rc && first && !volatile_pristine(db->sql)) {
        sqlite3_exec(db->sql, "DETACH vol", NULL, NULL, NULL);
        volatile_wipe(dir);
        rc = attach_volatile_open(db, dir);
    }
    return rc ? rc : volatile_schema(db->sql);
}

int regdb_attach_volatile(struct regdb *db, const char *dir)
{
    int r, rc, first;

    if (!dir || dir[0] != '/' || db->in_tx || db->vol_lock >= 0)
        r = REGDB_INVALID;
    else
        r = volatile_lock(db, dir, &first);
    if (r) {
        /* opened for a shared one that did not come: a private one */
        if (!db->vol_attached && !attach_volatile_memory(db->sql))
            db->vol_attached = 1;
        return r;
    }
    finalize_all(db);
    rc = db->vol_attached ? sqlite3_exec(db->sql, "DETACH vol", NULL, NULL, NULL) : SQLITE_OK;
    if (!rc && (rc = attach_volatile_file(db, dir, first))) {
        /* back to a private one: the connection keeps working */
        sqlite3_exec(db->sql, "DETACH vol", NULL, NULL, NULL);
        attach_volatile_memory(db->sql);
    }
    db->vol_attached = 1;
    db->vol_touched = 0;
    r = status_of(rc);
    db->vol_first = first || rc;
    /* from exclusive to shared in one step: the machine is set up */
    if (first && host_stream_lock(db->vol_lock, 0, 1, HOST_LOCK_SHARED | HOST_LOCK_WAIT) < 0 && !r)
        r = REGDB_IO;
    if (r) {
        host_stream_close(db->vol_lock);
        db->vol_lock = -1;
    }
    data_changed(db);
    /* change notes: ours are marked, the others' read from now on */
    host_random(&db->writer, sizeof(db->writer));
    sqlite3_stmt *st = stmt(db, ST_CHANGE_LAST);
    if (!r && sqlite3_step(st) == SQLITE_ROW)
        db->change_seen = sqlite3_column_int64(st, 0);
    sqlite3_reset(st);
    return r;
}

int regdb_volatile_first(const struct regdb *db)
{
    return db->vol_first;
}

int regdb_poll(struct regdb *db)
{
    sqlite3_stmt *s;
    uint64_t g;

    if (db->in_tx)
        return 0;
    g = __atomic_load_n(db->gen, __ATOMIC_ACQUIRE);
    s = stmt(db, ST_DATA_VERSION);
    sqlite3_step(s);        /* a read transaction: SQLite looks at the log */
    sqlite3_reset(s);
    int changed = data_changed(db), counted = g != db->gen_polled;
    db->gen_polled = g;
    if (!changed || counted)
        return 0;           /* nothing new, or commits that were counted */
    /* a writer that does not count commits (the sqlite3 shell): count it,
       so that every process of the instance reads again */
    db->gen_polled = __atomic_add_fetch(db->gen, 1, __ATOMIC_ACQ_REL);
    return 1;
}

/* ---- 8. Change notes --------------------------------------------------------
 * A process's notifications must hear of another process's changes: each
 * commit notes which keys changed how (REG_NOTIFY_CHANGE_* bits, opaque
 * here) in vol.change, and a process with notifications armed reads the
 * others' notes.  The table keeps the last NOTES_KEPT notes. */

#define NOTES_KEPT 4096

int regdb_change_note(struct regdb *db, regdb_id key, unsigned filter)
{
    sqlite3_stmt *s;
    int own, r;

    if (db->vol_lock < 0)
        return REGDB_OK;        /* no other process shares the volatile database */
    if ((r = write_begin(db, &own)))
        return r;
    s = stmt(db, ST_CHANGE_PUT);
    sqlite3_bind_int64(s, 1, key);
    sqlite3_bind_int64(s, 2, filter);
    sqlite3_bind_int64(s, 3, db->writer);
    r = run(s);
    if (!r && ++db->notes % 256 == 0) {
        s = stmt(db, ST_CHANGE_PRUNE);
        sqlite3_bind_int64(s, 1, sqlite3_last_insert_rowid(db->sql) - NOTES_KEPT);
        r = run(s);
    }
    return write_end(db, own, r);
}

int regdb_changes(struct regdb *db, int (*cb)(void *ctx, regdb_id key, unsigned filter),
                  void *ctx)
{
    sqlite3_stmt *s;
    int rc, r = REGDB_OK;

    if (db->vol_lock < 0)
        return REGDB_OK;
    s = stmt(db, ST_CHANGE_LIST);
    sqlite3_bind_int64(s, 1, db->change_seen);
    sqlite3_bind_int64(s, 2, db->writer);
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        db->change_seen = sqlite3_column_int64(s, 0);
        if ((r = cb(ctx, sqlite3_column_int64(s, 1), (unsigned)sqlite3_column_int64(s, 2))))
            break;
    }
    sqlite3_reset(s);
    return r ? r : rc == SQLITE_ROW || rc == SQLITE_DONE ? REGDB_OK : status_of(rc);
}

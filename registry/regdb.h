/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regdb.h - an instance's registry in SQLite: a read-only base shared by
 * every instance, and the instance's own database holding only its changes
 * (docs/registry.md gives the schema).
 *
 * Keys have ids: the base's are below REGDB_NEW_ID, keys an instance
 * creates get ids from REGDB_NEW_ID up.  The instance database holds new
 * keys, overrides of base keys (same id: a new name, class or time) and
 * tombstones of deleted base keys and values; reads merge the two, so the
 * caller sees one tree.  The root key has id REGDB_ROOT_ID.
 *
 * Names are UTF-16 units, compared without case through the upcase
 * function given at open (the kernel's kupcase, or regcase_upcase).
 * Strings a read hands out (struct regdb_key, struct regdb_value) point
 * into SQLite's memory and stay valid only inside the callback.
 *
 * Not thread-safe: one thread at a time per struct regdb (the kernel's
 * registry lock).  Two struct regdb, in one process or in two, may use one
 * database at once: WAL, a busy timeout, and one writer at a time.
 *
 * Results are REGDB_* codes (0 success, negative failure).
 */
#ifndef KEEP_REGISTRY_REGDB_H
#define KEEP_REGISTRY_REGDB_H

#include <stddef.h>
#include <stdint.h>

#include "host.h"

typedef int64_t regdb_id;

#define REGDB_ROOT_ID ((regdb_id)1)
#define REGDB_NEW_ID ((regdb_id)1 << 40)
#define REGDB_VOL_ID ((regdb_id)1 << 62)    /* volatile keys' ids start here */

enum regdb_status {
    REGDB_OK = 0,
    REGDB_NOTFOUND = -1,    /* no such key or value (or deleted) */
    REGDB_EXISTS = -2,      /* a sibling already has that name */
    REGDB_NOMEM = -3,
    REGDB_BUSY = -4,        /* another writer held the database past the timeout */
    REGDB_IO = -5,          /* a file could not be read or written */
    REGDB_CORRUPT = -6,     /* not a registry database, or damaged */
    REGDB_READONLY = -7,    /* the database was opened read-only */
    REGDB_INVALID = -8,     /* bad argument */
};

/* Key flags as stored.  A volatile key lives in the volatile database
 * (regdb_attach_volatile), never in the instance's file. */
#define REGDB_KEY_VOLATILE 0x01
#define REGDB_KEY_LINK 0x02

struct regdb_key {
    regdb_id id, parent;        /* parent 0: the root */
    const uint16_t *name;
    size_t name_len;            /* units */
    const uint16_t *cls;        /* NULL: no class */
    size_t cls_len;
    unsigned flags;             /* REGDB_KEY_* */
    int64_t mtime;              /* NT time */
};

struct regdb_value {
    const uint16_t *name;
    size_t name_len;
    uint32_t type;
    const void *data;
    size_t size;
};

struct regdb;

enum regdb_open_flags {
    REGDB_OPEN_READONLY = 1,    /* no writes (the tools' query and export) */
    REGDB_OPEN_BASE = 2,        /* build a base: ids below REGDB_NEW_ID, real
                                   deletes (no base_path) */
    REGDB_OPEN_VOLATILE_LATER = 4, /* the caller attaches a volatile directory
                                      (regdb_attach_volatile) before anything else */
};

/*
 * Open the instance database at path (an absolute host path; created with
 * the schema if missing) over the base database base_path (absolute path
 * of a read-only base, opened immutable; NULL: no base).  upcase folds one
 * unit.  The root key exists afterwards.  *err (may be NULL) receives a
 * static English reason on failure.
 */
int regdb_open(const char *path, const char *base_path, uint16_t (*upcase)(uint16_t),
               unsigned flags, struct regdb **out, const char **err);
void regdb_close(struct regdb *db);

/* ---- Reading ---------------------------------------------------------------
 * Callbacks return 0 to go on, anything else to stop (then returned). */

/* The key with this id, as the merged view shows it: REGDB_NOTFOUND if it
 * does not exist or was deleted. */
int regdb_key_get(struct regdb *db, regdb_id id,
                  int (*cb)(void *ctx, const struct regdb_key *key), void *ctx);
/* Every subkey of parent, in no particular order. */
/* How many subkeys regdb_key_children would give, without reading them. */
int regdb_key_child_count(struct regdb *db, regdb_id parent, uint64_t *out);
int regdb_key_children(struct regdb *db, regdb_id parent,
                       int (*cb)(void *ctx, const struct regdb_key *key), void *ctx);
/* The subkey of parent called name (without case): *out its id. */
int regdb_key_lookup(struct regdb *db, regdb_id parent, const uint16_t *name, size_t len,
                     regdb_id *out);
/* Every value of a key, in no particular order. */
int regdb_values(struct regdb *db, regdb_id key,
                 int (*cb)(void *ctx, const struct regdb_value *value), void *ctx);

/* ---- Writing ---------------------------------------------------------------
 * Writes outside a transaction commit at once; inside regdb_begin ..
 * regdb_commit they commit together. */

/*
 * Start a write transaction (BEGIN IMMEDIATE: it waits for another writer,
 * up to the busy timeout).  *changed (may be NULL) is set when another
 * connection committed since this one last looked (its cached view is
 * stale).
 */
int regdb_begin(struct regdb *db, int *changed);
/* Commit; with durable (REGDB_DURABLE), the write-ahead log is on disk
 * when this returns; with REGDB_DURABLE_OWN, only if this connection
 * committed since it last made the log durable (a process leaving that
 * wrote nothing has nothing to sync). */
#define REGDB_DURABLE 1
#define REGDB_DURABLE_OWN 2
int regdb_commit(struct regdb *db, int durable);
int regdb_rollback(struct regdb *db);
int regdb_in_transaction(const struct regdb *db);
/* Has another connection committed since this one last began, committed
 * or asked?  A cheap check (no file read when nothing changed). */
int regdb_changed(struct regdb *db);

/* Create a subkey: REGDB_EXISTS if the name is taken.  *out: its new id.
 * With REGDB_KEY_VOLATILE in flags it goes to the volatile database (the
 * caller checks that its parent may have a volatile child, and that a
 * volatile key gets no non-volatile ones).
 * With REGDB_CREATE_UNCHECKED in flags the caller vouches that the name is
 * free (the kernel's cache, current inside the write transaction), which
 * saves a query. */
#define REGDB_CREATE_UNCHECKED 0x100
int regdb_key_create(struct regdb *db, regdb_id parent, const uint16_t *name, size_t len,
                     unsigned flags, int64_t mtime, regdb_id *out);
/* Store a key's name, class, flags and time (key->id and key->parent name it). */
int regdb_key_update(struct regdb *db, const struct regdb_key *key);
/* Delete a key and its values (its subkeys are the caller's to delete first). */
int regdb_key_delete(struct regdb *db, regdb_id id);
int regdb_value_set(struct regdb *db, regdb_id key, const struct regdb_value *value);
/* REGDB_NOTFOUND if the key has no such value. */
int regdb_value_delete(struct regdb *db, regdb_id key, const uint16_t *name, size_t len);

/* ---- Bookkeeping ----------------------------------------------------------
 * Named numbers of the instance database itself (its "meta" table), not
 * part of the registry: e.g. which default contents it was filled from. */

/* where: REGDB_META_MAIN (the instance database) or REGDB_META_VOLATILE
 * (the volatile one: gone when the instance's machine starts again).
 * REGDB_NOTFOUND if there is no such entry. */
enum { REGDB_META_MAIN = 0, REGDB_META_VOLATILE = 1 };
int regdb_meta_get(struct regdb *db, unsigned where, const char *name, int64_t *out);
int regdb_meta_set(struct regdb *db, unsigned where, const char *name, int64_t value);

/* ---- Snapshots ---------------------------------------------------------- */

/* Write the instance database (committed state) to the stream s, from its
 * current position on (offset): *size bytes. */
int regdb_save(struct regdb *db, host_stream_t s, int64_t offset, uint64_t *size);
/* Replace the instance database's whole contents with size bytes read from
 * s at offset (what regdb_save wrote).  Nothing changes on failure. */
int regdb_restore(struct regdb *db, host_stream_t s, int64_t offset, uint64_t size);
/* The same for the volatile keys (the volatile database, shared or this
 * connection's own).  A restore changes them only where they are the
 * program's alone: a private volatile database, or a shared one this
 * connection found its machine starting with (regdb_attach_volatile was
 * the first of the instance's processes); else REGDB_BUSY and the
 * machine's volatile keys stay.  The change notes are not restored. */
int regdb_save_volatile(struct regdb *db, host_stream_t s, int64_t offset, uint64_t *size);
int regdb_restore_volatile(struct regdb *db, host_stream_t s, int64_t offset, uint64_t size);

/* ---- Volatile keys and outside writers ------------------------------------ */

/*
 * Keep volatile keys in dir (an absolute path: a memory-backed runtime
 * directory of the instance, e.g. under /dev/shm), shared with every
 * connection of the instance that attaches the same directory; without
 * this call they live in this connection's memory only.  The instance's
 * "machine" runs while a connection holds dir/machine.lock (shared, until
 * regdb_close): the first to attach after all have gone wipes
 * dir/volatile.db, as a reboot drops Windows' volatile keys, unless it
 * holds nothing but what its "defaults" meta row says (a row that every
 * write of a volatile key or value removes): then it is kept as it is,
 * which spares a start rebuilding it.  Not inside a transaction.  On
 * failure the volatile keys stay private.
 */
int regdb_attach_volatile(struct regdb *db, const char *dir);
/*
 * Whether this connection's volatile database is new to the machine's
 * start: 1 for the machine's first process (which fills it with the
 * default volatile keys, unless the last start's is kept untouched) and
 * for a private one in memory; 0 for every later process.
 */
int regdb_volatile_first(const struct regdb *db);
/*
 * Outside a transaction: look whether a writer that does not count its
 * commits (the sqlite3 shell, another SQLite program) changed the
 * instance database; if so, count it in <db>-gen (so every connection's
 * regdb_changed sees it) and return 1.  A read of the log index; meant
 * for a periodic tick.
 */
int regdb_poll(struct regdb *db);

/*
 * Change notes, for notifications between processes (with a shared
 * volatile directory; without one both do nothing).  regdb_change_note
 * records, in the open transaction (or its own), that key changed in the
 * ways filter says (the caller's bits: REG_NOTIFY_CHANGE_*).
 * regdb_changes calls cb for every note other connections committed since
 * the last call (or since regdb_attach_volatile), oldest first.  The last
 * 4096 notes are kept.
 */
int regdb_change_note(struct regdb *db, regdb_id key, unsigned filter);
int regdb_changes(struct regdb *db, int (*cb)(void *ctx, regdb_id key, unsigned filter),
                  void *ctx);

/* The SQLite connection, for tests and tools (integrity checks). */
struct sqlite3 *regdb_sqlite(struct regdb *db);

#endif /* KEEP_REGISTRY_REGDB_H */

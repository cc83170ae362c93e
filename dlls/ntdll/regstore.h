/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regstore.h - the registry's key store: the contract between the
 * registry system calls (registry.c) and whatever keeps the keys.
 *
 * registry.c knows about handles, access rights, information classes,
 * symbolic links and notifications; the store knows only a tree of keys.
 * Each key has a name, a class string, a last-write time, flags, a sorted
 * list of subkeys and a sorted list of values.  The first store keeps the
 * tree in kernel memory (regstore_mem.c); a persistent one (SQLite behind
 * the host) implements the same functions, so registry.c does not change
 * when the store does.
 *
 * Rules every implementation follows:
 *   - Names compare without case, unit by unit through kupcase(), the
 *     Windows upcase table; a name may contain any unit, NUL included.
 *     Subkeys and values are enumerated in that order (by upcased name,
 *     a shorter name before a longer one it prefixes).  The order must not
 *     change under a store, so keys are created only once kupcase() has
 *     its final table (nls_init() runs before registry_init()).
 *   - Lengths of names and classes ("len") count WCHARs; value data sizes
 *     ("size") count bytes.
 *   - Everything except regstore_init() is called with the store lock
 *     held (regstore_lock()).  The lock is the registry lock: registry.c
 *     holds it across a whole system call so that a path walk, a create
 *     or an enumeration sees one consistent tree.  Pointers the store
 *     hands out (names, classes, value data, nodes) stay valid until the
 *     lock is released or the tree is changed.
 *   - A node lives while the tree holds it or someone holds a reference
 *     (regstore_ref).  Deleting a key unlinks it and marks it
 *     REGNODE_DELETED; it is freed with its last reference, so a handle to
 *     a deleted key still has a node to answer STATUS_KEY_DELETED from.
 *   - The store never reads the clock: callers pass the times.
 *
 * Divisions: 1. nodes and the lock  2. the tree  3. values  4. statistics
 * 5. persistence  6. default contents (the table generated from the .reg files in
 * registry/default)
 */
#ifndef KEEP_REGSTORE_H
#define KEEP_REGSTORE_H

#include "kernel.h"

/* ---- 1. Nodes and the lock ----------------------------------------------- */

struct regnode;     /* one key; opaque outside the store */

/* Node flags. */
#define REGNODE_VOLATILE 0x01   /* not to be persisted; children must be volatile too */
#define REGNODE_LINK     0x02   /* a symbolic link (REG_OPTION_CREATE_LINK) */
#define REGNODE_DELETED  0x04   /* unlinked from the tree; only handles hold it */

/*
 * Create the root key with the given name (registry.c passes "REGISTRY")
 * if there is none yet, and return it.  The root is never deleted.
 * NULL when out of memory.
 */
struct regnode *regstore_init(const WCHAR *root_name, size_t len);

/* Takes the store's lock; while the store is being filled at start-up
 * (regstore_fill_begin .. regstore_fill_end), on any other thread it
 * first waits for the fill to end. */
void regstore_lock(void);
void regstore_unlock(void);

/* Start-up fills the store on another thread while the rest of the process
 * is set up: fill_begin (on the starting thread, before that thread is
 * created) closes the store to every thread but the one that then calls
 * fill_thread; fill_end opens it to all. */
void regstore_fill_begin(void);
void regstore_fill_thread(void);
void regstore_fill_end(void);

void regstore_ref(struct regnode *node);
void regstore_unref(struct regnode *node);

/* ---- 2. The tree --------------------------------------------------------- */

struct regnode *regstore_root(void);
/* NULL for the root and for deleted keys. */
struct regnode *regstore_parent(const struct regnode *node);
const WCHAR *regstore_name(const struct regnode *node, size_t *len);
unsigned regstore_flags(const struct regnode *node);
int64_t regstore_mtime(const struct regnode *node);         /* NT time */
void regstore_set_mtime(struct regnode *node, int64_t mtime);
/* The class string given at creation (len 0 if none). */
const WCHAR *regstore_class(const struct regnode *node, size_t *len);
NTSTATUS regstore_set_class(struct regnode *node, const WCHAR *cls, size_t len);

/* The subkey called name, or NULL.  Not referenced. */
struct regnode *regstore_lookup(const struct regnode *parent, const WCHAR *name, size_t len);
/*
 * Add a subkey called name, with flags (REGNODE_VOLATILE, REGNODE_LINK)
 * and last-write time mtime.  *out (not referenced) is the new node.
 * STATUS_OBJECT_NAME_COLLISION if the name is taken, STATUS_KEY_DELETED
 * if parent is deleted, STATUS_NO_MEMORY.  The store checks nothing else:
 * name syntax, volatility and the parent's time are registry.c's rules.
 */
NTSTATUS regstore_create(struct regnode *parent, const WCHAR *name, size_t len, unsigned flags,
                         int64_t mtime, struct regnode **out);
/*
 * Unlink a key that has no subkeys and mark it deleted.  Deleting a
 * deleted key succeeds.  STATUS_CANNOT_DELETE if it has subkeys,
 * STATUS_ACCESS_DENIED for the root.
 */
NTSTATUS regstore_delete(struct regnode *node);
/*
 * Give a key a new name among its siblings (the subkey order follows).
 * STATUS_CANNOT_DELETE if a sibling (or the key itself) already has that
 * name or node is the root, STATUS_KEY_DELETED, STATUS_NO_MEMORY.
 */
NTSTATUS regstore_rename(struct regnode *node, const WCHAR *name, size_t len);
size_t regstore_child_count(const struct regnode *node);
/* The same count, from the database when the subkeys are not cached
 * (without loading them). */
size_t regstore_child_count_fast(const struct regnode *node);
/* The index-th subkey in enumeration order, or NULL.  Not referenced. */
struct regnode *regstore_child(const struct regnode *node, size_t index);

/* ---- 3. Values ----------------------------------------------------------- */

/* A value as the store holds it; pointers valid as described above. */
struct regvalue {
    const WCHAR *name;          /* empty for the default value */
    size_t name_len;
    ULONG type;                 /* any REG_* number, stored as given */
    const void *data;
    size_t size;
};

size_t regstore_value_count(const struct regnode *node);
/* The index-th value in enumeration order; 0 if index is past the end. */
int regstore_value_at(const struct regnode *node, size_t index, struct regvalue *out);
/* Look a value up by name; 0 if there is none. */
int regstore_get_value(const struct regnode *node, const WCHAR *name, size_t len,
                       struct regvalue *out);
/* Create or replace a value.  STATUS_NO_MEMORY, STATUS_KEY_DELETED. */
NTSTATUS regstore_set_value(struct regnode *node, const WCHAR *name, size_t len, ULONG type,
                            const void *data, size_t size);
/*
 * The same for data that outlives the store (the start-up contents, in the
 * kernel's read-only data): the store may keep the pointers to name and
 * data instead of copies (regstore_mem.c does: copying thousands of
 * start-up values costs a page fault per few of them); a store that
 * persists elsewhere may simply copy.
 */
NTSTATUS regstore_set_value_static(struct regnode *node, const WCHAR *name, size_t len,
                                   ULONG type, const void *data, size_t size);
/* STATUS_OBJECT_NAME_NOT_FOUND if there is no such value. */
NTSTATUS regstore_delete_value(struct regnode *node, const WCHAR *name, size_t len);

/* ---- 4. Statistics (NtQueryKey's KeyFullInformation and friends) --------- */

struct regnode_info {
    size_t subkeys;
    size_t max_subkey_len;      /* longest subkey name, WCHARs */
    size_t max_class_len;       /* longest subkey class, WCHARs */
    size_t values;
    size_t max_value_name_len;  /* WCHARs */
    size_t max_value_size;      /* bytes */
};
void regstore_query_info(const struct regnode *node, struct regnode_info *info);

/* ---- 5. Persistence ---------------------------------------------------------
 * Without a database the store is memory only (the unit tests' first mode).
 * regstore_attach, before regstore_init, makes it a cache over one: keys
 * are read lazily, writes batched into one write transaction. */

struct regdb;
void regstore_attach(struct regdb *db);
/* Commit the open batch, if any (the kernel's ticker).  Takes the lock. */
void regstore_tick(void);
/* Commit the open batch, if any, before the process tells the instance's
 * other processes something (starts or resumes a child, writes to a
 * pipe): on Windows a registry write is everyone's at once, and a
 * process told of it must find it.  Costs one load when nothing is
 * pending.  Takes the lock. */
void regstore_publish(void);
/* Commit the open batch and make the log durable (NtFlushKey, process
 * exit).  Takes the lock.  STATUS_REGISTRY_IO_FAILED if it could not. */
NTSTATUS regstore_flush(void);
/* At process exit: commit, then close the database (the store works on in
 * memory for whatever runs after). */
void regstore_close(void);
/* Snapshots: write the database's image (with volatile_keys, the volatile
 * keys' database's) to s (payload writes at offset 0 and on); after
 * regstore_close, attach db again (NULL: none) and, with image >= 0,
 * replace its contents with the size bytes of image; make the volatile
 * keys those of an image where they are the program's alone (the machine
 * started with this process: regdb_restore_volatile), else keep the
 * machine's (STATUS_SUCCESS both). */
NTSTATUS regstore_save(host_stream_t s, int volatile_keys);
NTSTATUS regstore_reattach(struct regdb *db, host_stream_t image, uint64_t size);
NTSTATUS regstore_restore_volatile(host_stream_t image, uint64_t size);
/* The same with the store lock held. */
NTSTATUS regstore_tick_locked(int durable);

/*
 * Notifications between processes.  regstore_changed notes that node
 * changed in the ways filter says (REG_NOTIFY_CHANGE_* bits; a deleted
 * key too): the note goes out with the batch's commit.
 * regstore_remote_changes calls cb for each note other processes of the
 * instance committed since the last call, with the key's identity;
 * regstore_holds says whether that key is node or (subtree) below it.
 * Without a database, or without a shared volatile database, nothing is
 * noted and nothing comes.
 */
void regstore_changed(struct regnode *node, unsigned filter);
void regstore_remote_changes(void (*cb)(void *ctx, int64_t key, unsigned filter), void *ctx);
int regstore_holds(const struct regnode *node, int64_t key, int subtree);

/* ---- 6. Default contents ----------------------------------------------------
 * The keys and values a new registry starts with: the .reg files in registry/default,
 * turned into this table at build time by registry/regc (regdefault_data.c,
 * generated), which registry_init() loads at start-up without parsing text.
 * The table holds no pointers (no relocations: it stays in read-only pages):
 * strings and data are byte offsets into regdefault_blob, strings
 * NUL-terminated WCHARs.
 *
 * path: "\REGISTRY\..." or "HKCU\..." (the process user's hive); missing
 * keys on the way are created, links on the way followed, so a link comes
 * before the keys reached through it.  A key's values are regdefault_values
 * [first .. first + count).  Value data is as stored; where subst is set, the
 * data is a NUL-terminated string in which "${user}" and "${computer}" are
 * replaced with the user and computer names when loaded.
 */
struct regdefault_value {
    uint32_t name;          /* u"" for the default value */
    uint32_t data;
    uint32_t type;          /* REG_* */
    uint32_t size;          /* bytes of data */
    uint32_t subst;
};
struct regdefault_key {
    uint32_t path;
    uint32_t first;
    uint32_t count;
    uint32_t flags;         /* REGDEF_* */
};
#define REGDEF_VOLATILE 0x01    /* create the key volatile */
#define REGDEF_LINK     0x02    /* create the key as a symbolic link (its SymbolicLinkValue) */
#define REGDEF_SUBST    0x04    /* one of its values has substitutions */

extern const struct regdefault_key regdefault_keys[];
extern const size_t regdefault_key_count;
extern const struct regdefault_value regdefault_values[];
extern const unsigned char regdefault_blob[];
/* A hash of the whole table, computed when it was generated: it changes
 * whenever the table does. */
extern const uint64_t regdefault_stamp;

/* The table's time zones (direct subkeys of ...\Time Zones with a 44-byte
 * TZI value) in the registry's enumeration order, each with its TZI: what
 * the kernel needs to name the host's zone without reading the table. */
struct regdefault_zone {
    uint32_t key;               /* index into regdefault_keys */
    unsigned char tzi[44];
};
extern const struct regdefault_zone regdefault_zones[];
extern const size_t regdefault_zone_count;
/* how many direct subkeys the time zones key has in the table */
extern const size_t regdefault_zone_subkeys;

/* The process user: Wine's fixed SID for the interactive user. */
#define REG_USER_SID u"S-1-5-21-0-0-0-1000"

#endif /* KEEP_REGSTORE_H */

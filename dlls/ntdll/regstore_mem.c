/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regstore_mem.c - the registry key store: a tree in kernel memory, on its
 * own or as a cache over the instance's database (registry/regdb.h).
 *
 * The contract is regstore.h.  Each node keeps its subkeys and its values
 * in arrays sorted by upcased name, so lookups are binary searches and
 * enumeration by index is direct.  Registries are small (Wine's default
 * one has ~9,000 keys, a few thousand at most under one key), so sorted
 * arrays beat anything cleverer on both speed and code size.
 *
 * A node holds no reference to its parent: a key with subkeys cannot be
 * deleted, so a linked node's parent always outlives it; deleting a node
 * clears its parent pointer.  The tree holds one reference to every
 * linked node, handles (registry.c) hold the others.
 *
 * With a database (regstore_attach), every persistent node carries its
 * key id and is filled lazily: its subkeys and its values are read the
 * first time someone asks for them, and answered from memory after that.
 * Writes go to the database inside one open write transaction that
 * regstore_tick (the kernel's ticker), regstore_flush (NtFlushKey, exit)
 * or a full batch commits.  Another process's commit bumps the database's
 * commit counter; regstore_lock sees it (one load) and starts a new
 * epoch: every node read before it is stale and is read again when next
 * used, keeping its identity, so handles survive and a key deleted
 * elsewhere answers STATUS_KEY_DELETED.  Volatile keys go to the volatile
 * database (shared by the instance's processes, in memory: regdb.h) the
 * same way; without a database they are memory-only nodes with id 0,
 * never written and never reloaded.
 *
 * Divisions: 1. names and sorting  2. nodes  3. the database  4. the tree
 * 5. values  6. statistics
 */
#include "regstore.h"
#include "registry/vfs.h"
#include "registry/regdb.h"

struct regval {
    WCHAR *name;
    size_t name_len;
    ULONG type;
    void *data;                 /* NULL when size is 0 */
    size_t size;
};

/* What of a persistent node has been read from the database, and when. */
#define LOADED_ROW      0x01
#define LOADED_CHILDREN 0x02
#define LOADED_VALUES   0x04
#define LOADED_ALL      (LOADED_ROW | LOADED_CHILDREN | LOADED_VALUES)

struct regnode {
    int32_t refs;
    unsigned flags;             /* REGNODE_* */
    struct regnode *parent;     /* NULL: the root, or deleted */
    WCHAR *name;
    size_t name_len;
    WCHAR *cls;                 /* NULL: no class */
    size_t cls_len;
    int64_t mtime;
    struct regnode **children;  /* sorted by name */
    size_t nchildren, children_cap;
    struct regval *values;      /* sorted by name */
    size_t nvalues, values_cap;
    int64_t id;                 /* the database's key id; 0: memory only */
    unsigned loaded;            /* LOADED_*, valid for epoch */
    uint32_t epoch;
    struct regnode *next_dirty; /* on dirty_list: its time is to be written */
    int dirty;
    unsigned changes;           /* regstore_changed's bits, noted at commit */
};

static struct klock store_lock = KLOCK_INIT;
static struct regnode *root;

/* The database, when attached; the current epoch; writes since the last commit. */
static struct regdb *store_db;
static uint32_t store_epoch;
static unsigned pending_writes;
/* A write transaction is open (set and cleared under the lock; read
 * without it by regstore_publish). */
static int batch_open;
/* Keys whose last-write time changed in this batch (each referenced):
 * every write touches its key's time, so it is written once, at commit. */
static struct regnode *dirty_list;

/* A batch commits after this many writes even between ticks. */
#define BATCH_MAX 4096

/* 0 while the store is being filled at start-up (see regstore.h) */
static volatile uint32_t store_open = 1;
static volatile host_thread_t store_filler;

void regstore_fill_begin(void)
{
    store_filler = 0;
    __atomic_store_n(&store_open, 0, __ATOMIC_RELEASE);
}

void regstore_fill_thread(void)
{
    store_filler = host_thread_self();
}

void regstore_fill_end(void)
{
    __atomic_store_n(&store_open, 1, __ATOMIC_RELEASE);
    host_futex_wake(&store_open, INT32_MAX);
}

static void wait_for_fill(void)
{
    while (!__atomic_load_n(&store_open, __ATOMIC_ACQUIRE) &&
           (!store_filler || store_filler != host_thread_self()))
        host_futex_wait(&store_open, 0, NULL, 0);
}

void regstore_lock(void)
{
    if (!__atomic_load_n(&store_open, __ATOMIC_ACQUIRE))
        wait_for_fill();
    klock_acquire(&store_lock);
    if (store_db && !regdb_in_transaction(store_db) && regdb_changed(store_db))
        store_epoch++;
}

void regstore_unlock(void)
{
    klock_release(&store_lock);
}

/* ---- 1. Names and sorting ------------------------------------------------ */

/* Order two names the way enumeration shows them: by upcased units, a
 * prefix first.  NUL is an ordinary unit here (names are counted). */
static int name_cmp(const WCHAR *a, size_t alen, const WCHAR *b, size_t blen)
{
    size_t n = alen < blen ? alen : blen;

    for (size_t i = 0; i < n; i++) {
        WCHAR ca = kupcase(a[i]), cb = kupcase(b[i]);
        if (ca != cb)
            return ca < cb ? -1 : 1;
    }
    return alen < blen ? -1 : alen > blen;
}

/* Make room for one more element in a growing array. */
static int grow(void **array, size_t *cap, size_t count, size_t elem_size)
{
    if (count < *cap)
        return 1;
    size_t n = *cap ? *cap * 2 : 4;
    void *p = krealloc(*array, n * elem_size);
    if (!p)
        return 0;
    *array = p;
    *cap = n;
    return 1;
}

/* Sort count elements of size bytes by cmp: a bottom-up merge sort (the
 * kernel has no qsort), through a scratch array.  0 if out of memory. */
static int sort_array(void *array, size_t count, size_t size, int (*cmp)(const void *, const void *))
{
    char *a = array, *tmp;

    if (count < 2)
        return 1;
    if (!(tmp = kmalloc(count * size)))
        return 0;
    for (size_t width = 1; width < count; width *= 2) {
        for (size_t lo = 0; lo < count; lo += 2 * width) {
            size_t mid = lo + width < count ? lo + width : count;
            size_t hi = lo + 2 * width < count ? lo + 2 * width : count;
            size_t i = lo, j = mid, k = lo;
            while (i < mid || j < hi) {
                int take_left = j >= hi || (i < mid && cmp(a + i * size, a + j * size) <= 0);
                memcpy(tmp + k++ * size, a + (take_left ? i++ : j++) * size, size);
            }
        }
        memcpy(a, tmp, count * size);
    }
    kfree(tmp);
    return 1;
}

static int node_ptr_cmp(const void *a, const void *b)
{
    const struct regnode *x = *(struct regnode *const *)a, *y = *(struct regnode *const *)b;
    return name_cmp(x->name, x->name_len, y->name, y->name_len);
}

static int value_cmp(const void *a, const void *b)
{
    const struct regval *x = a, *y = b;
    return name_cmp(x->name, x->name_len, y->name, y->name_len);
}

/* ---- 2. Nodes ------------------------------------------------------------ */

static struct regnode *node_alloc(const WCHAR *name, size_t len, unsigned flags, int64_t mtime)
{
    struct regnode *node = kzalloc(sizeof(*node));

    if (!node)
        return NULL;
    if (!(node->name = kwcsdup(name, len))) {
        kfree(node);
        return NULL;
    }
    node->name_len = len;
    node->flags = flags & (REGNODE_VOLATILE | REGNODE_LINK);
    node->mtime = mtime;
    node->refs = 1;     /* the tree's */
    node->loaded = LOADED_ALL;
    node->epoch = store_epoch;
    return node;
}

static void value_free(struct regval *v)
{
    kfree(v->name);
    kfree(v->data);
}

static void values_clear(struct regnode *node)
{
    for (size_t i = 0; i < node->nvalues; i++)
        value_free(&node->values[i]);
    node->nvalues = 0;
}

static void node_free(struct regnode *node)
{
    values_clear(node);
    kfree(node->values);
    kfree(node->children);      /* empty: only childless keys leave the tree */
    kfree(node->cls);
    kfree(node->name);
    kfree(node);
}

void regstore_ref(struct regnode *node)
{
    node->refs++;
}

void regstore_unref(struct regnode *node)
{
    if (node && --node->refs == 0)
        node_free(node);
}

struct regnode *regstore_init(const WCHAR *root_name, size_t len)
{
    regstore_lock();
    if (!root) {
        root = node_alloc(root_name, len, 0, 0);
        if (root && store_db) {
            root->id = REGDB_ROOT_ID;
            root->loaded = 0;
        }
    }
    regstore_unlock();
    return root;
}

struct regnode *regstore_root(void)
{
    return root;
}

/* ---- 3. The database ------------------------------------------------------
 * Reading a node's row, subkeys and values again when they are stale, and
 * the write transaction. */

static NTSTATUS status_from_db(int r)
{
    switch (r) {
    case REGDB_OK:
        return STATUS_SUCCESS;
    case REGDB_NOMEM:
        return STATUS_NO_MEMORY;
    case REGDB_NOTFOUND:
        return STATUS_KEY_DELETED;
    case REGDB_EXISTS:
        return STATUS_OBJECT_NAME_COLLISION;
    case REGDB_CORRUPT:
        return STATUS_REGISTRY_CORRUPT;
    }
    return STATUS_REGISTRY_IO_FAILED;
}

/* Node flags as the database stores them. */
static unsigned db_flags(unsigned flags)
{
    return ((flags & REGNODE_LINK) ? REGDB_KEY_LINK : 0) |
           ((flags & REGNODE_VOLATILE) ? REGDB_KEY_VOLATILE : 0);
}

static int persistent(const struct regnode *node)
{
    return store_db && node->id && !(node->flags & REGNODE_DELETED);
}

/* Does node need what of "what" from the database? */
static int stale(const struct regnode *node, unsigned what)
{
    if (!persistent(node))
        return 0;
    return node->epoch != store_epoch || (node->loaded & what) != what;
}

/* Mark what as read now (a new epoch forgets the rest). */
static void mark_loaded(struct regnode *node, unsigned what)
{
    if (node->epoch != store_epoch) {
        node->epoch = store_epoch;
        node->loaded = 0;
    }
    node->loaded |= what;
}

/* Take a key out of the tree because the database no longer has it (another
 * process deleted it): it and the subkeys cached under it become deleted
 * nodes, alive only while handles hold them. */
static void detach(struct regnode *node)
{
    while (node->nchildren)
        detach(node->children[node->nchildren - 1]);
    struct regnode *parent = node->parent;
    if (parent) {
        for (size_t i = 0; i < parent->nchildren; i++)
            if (parent->children[i] == node) {
                parent->nchildren--;
                memmove(&parent->children[i], &parent->children[i + 1],
                        (parent->nchildren - i) * sizeof(parent->children[0]));
                break;
            }
    }
    node->parent = NULL;
    node->flags |= REGNODE_DELETED;
    regstore_unref(node);   /* the tree's reference */
}

/* Copy a database row into a node: name, class, flags and time. */
static int take_row(struct regnode *node, const struct regdb_key *k)
{
    WCHAR *name = NULL, *cls = NULL;

    if (node->name_len != k->name_len ||
        memcmp(node->name, k->name, k->name_len * sizeof(WCHAR))) {
        if (!(name = kwcsdup(k->name, k->name_len)))
            return 0;
    }
    if (k->cls && !(cls = kwcsdup(k->cls, k->cls_len))) {
        kfree(name);
        return 0;
    }
    if (name) {
        kfree(node->name);
        node->name = name;
        node->name_len = k->name_len;
    }
    kfree(node->cls);
    node->cls = cls;
    node->cls_len = cls ? k->cls_len : 0;
    node->flags = (node->flags & ~(REGNODE_LINK | REGNODE_VOLATILE)) |
                  (k->flags & REGDB_KEY_LINK ? REGNODE_LINK : 0) |
                  (k->flags & REGDB_KEY_VOLATILE ? REGNODE_VOLATILE : 0);
    node->mtime = k->mtime;
    mark_loaded(node, LOADED_ROW);
    return 1;
}

static int row_cb(void *ctx, const struct regdb_key *k)
{
    return take_row(ctx, k) ? 0 : REGDB_NOMEM;
}

static void refresh_row(struct regnode *node)
{
    if (!stale(node, LOADED_ROW))
        return;
    int r = regdb_key_get(store_db, node->id, row_cb, node);
    if (r == REGDB_NOTFOUND && node != root)
        detach(node);
}

/* Reading the subkeys again: the cached children are matched by id. */
struct reload {
    struct regnode *parent;
    struct regnode **kids;      /* the new list */
    size_t count, cap;
    int failed;
};

static struct regnode *cached_child(struct regnode *parent, int64_t id)
{
    for (size_t i = 0; i < parent->nchildren; i++)
        if (parent->children[i]->id == id)
            return parent->children[i];
    return NULL;
}

static int child_cb(void *ctx, const struct regdb_key *k)
{
    struct reload *r = ctx;
    struct regnode *node = cached_child(r->parent, k->id);

    if (!grow((void **)&r->kids, &r->cap, r->count, sizeof(r->kids[0])))
        return REGDB_NOMEM;
    if (node) {
        if (!take_row(node, k))
            return REGDB_NOMEM;
        regstore_ref(node);     /* the new list's, until the old one is dropped */
    } else {
        if (!(node = node_alloc(k->name, k->name_len, 0, k->mtime)))
            return REGDB_NOMEM;
        node->id = k->id;
        node->parent = r->parent;
        node->loaded = 0;
        if (!take_row(node, k)) {
            node_free(node);
            return REGDB_NOMEM;
        }
    }
    r->kids[r->count++] = node;
    return 0;
}

static void refresh_children(struct regnode *node)
{
    struct reload r = { .parent = node };

    if (!stale(node, LOADED_CHILDREN))
        return;
    refresh_row(node);
    if (node->flags & REGNODE_DELETED)
        return;
    /* memory-only subkeys (id 0) live only here: they stay */
    for (size_t i = 0; i < node->nchildren && !r.failed; i++) {
        struct regnode *c = node->children[i];
        if (c->id)
            continue;
        if (!grow((void **)&r.kids, &r.cap, r.count, sizeof(r.kids[0])))
            r.failed = 1;
        else
            r.kids[r.count++] = c, regstore_ref(c);
    }
    if (r.failed || regdb_key_children(store_db, node->id, child_cb, &r) ||
        !sort_array(r.kids, r.count, sizeof(r.kids[0]), node_ptr_cmp)) {
        for (size_t i = 0; i < r.count; i++)
            regstore_unref(r.kids[i]);
        kfree(r.kids);
        return;     /* keep what we had; the next use tries again */
    }
    /* cached subkeys the database no longer has were deleted elsewhere */
    for (size_t i = node->nchildren; i-- > 0;) {
        struct regnode *c = node->children[i];
        int kept = 0;
        for (size_t j = 0; j < r.count && !kept; j++)
            kept = r.kids[j] == c;
        if (!kept)
            detach(c);
    }
    for (size_t i = 0; i < node->nchildren; i++)
        regstore_unref(node->children[i]);     /* the old list's; the new one holds them */
    kfree(node->children);
    node->children = r.kids;
    node->nchildren = r.count;
    node->children_cap = r.cap;
    mark_loaded(node, LOADED_CHILDREN);
}

static int value_cb(void *ctx, const struct regdb_value *v)
{
    struct regnode *node = ctx;
    struct regval *slot;

    if (!grow((void **)&node->values, &node->values_cap, node->nvalues, sizeof(node->values[0])))
        return REGDB_NOMEM;
    slot = &node->values[node->nvalues];
    if (!(slot->name = kwcsdup(v->name, v->name_len)))
        return REGDB_NOMEM;
    slot->data = NULL;
    if (v->size && !(slot->data = kmalloc(v->size))) {
        kfree(slot->name);
        return REGDB_NOMEM;
    }
    if (v->size)
        memcpy(slot->data, v->data, v->size);
    slot->name_len = v->name_len;
    slot->type = v->type;
    slot->size = v->size;
    node->nvalues++;
    return 0;
}

static void refresh_values(struct regnode *node)
{
    if (!stale(node, LOADED_VALUES))
        return;
    refresh_row(node);
    if (node->flags & REGNODE_DELETED)
        return;
    values_clear(node);
    if (regdb_values(store_db, node->id, value_cb, node) ||
        !sort_array(node->values, node->nvalues, sizeof(node->values[0]), value_cmp)) {
        values_clear(node);
        return;     /* nothing cached: the next use tries again */
    }
    mark_loaded(node, LOADED_VALUES);
}

/* Open the write transaction (if not open) before changing node: another
 * process may have committed since the lock was taken, so node is read
 * again if so. */
static NTSTATUS write_begin(struct regnode *node)
{
    int changed = 0, r;

    if (!persistent(node))
        return STATUS_SUCCESS;
    if ((r = regdb_begin(store_db, &changed)))
        return status_from_db(r);
    __atomic_store_n(&batch_open, 1, __ATOMIC_RELAXED);
    if (changed)
        store_epoch++;
    refresh_row(node);
    return (node->flags & REGNODE_DELETED) ? STATUS_KEY_DELETED : STATUS_SUCCESS;
}

/* One write done: commit a full batch. */
static void write_done(void)
{
    if (store_db && ++pending_writes >= BATCH_MAX)
        regstore_tick_locked(0);
}

static NTSTATUS write_row(struct regnode *node);

/* Write the times of the batch's touched keys. */
static int write_dirty(void)
{
    int failed = 0;

    while (dirty_list) {
        struct regnode *node = dirty_list;
        dirty_list = node->next_dirty;
        node->dirty = 0;
        if (persistent(node) && write_row(node))
            failed = 1;
        /* a lost note costs another process a notification, not data */
        if (node->changes)
            regdb_change_note(store_db, node->id, node->changes);
        node->changes = 0;
        regstore_unref(node);
    }
    return failed;
}

NTSTATUS regstore_tick_locked(int durable)
{
    int r;

    if (!store_db)
        return STATUS_SUCCESS;
    pending_writes = 0;
    __atomic_store_n(&batch_open, 0, __ATOMIC_RELAXED);
    r = write_dirty() ? REGDB_IO : regdb_commit(store_db, durable);
    if (r) {
        /* a failed commit leaves the cache ahead of the database: start
         * over from what the database holds */
        regdb_rollback(store_db);
        store_epoch++;
    }
    return status_from_db(r);
}

void regstore_tick(void)
{
    static int skipped;

    if (!store_db)
        return;
    /* a busy registry (a program starting) is left alone for one tick:
       waiting here would make each of its releases wake this thread */
    if (!skipped && !klock_try_acquire(&store_lock)) {
        skipped = 1;
        return;
    }
    if (skipped)
        klock_acquire(&store_lock);
    skipped = 0;
    /* again under the lock: the process may have closed it at exit */
    if (store_db && regdb_in_transaction(store_db))
        regstore_tick_locked(0);
    else if (store_db)
        regdb_poll(store_db);   /* the sqlite3 shell's commits: counted, seen at the next lock */
    keepsql_idle();             /* the read locks kept since the last tick go back */
    klock_release(&store_lock);
}

void regstore_publish(void)
{
    if (!__atomic_load_n(&batch_open, __ATOMIC_RELAXED))
        return;
    klock_acquire(&store_lock);
    if (store_db && regdb_in_transaction(store_db))
        regstore_tick_locked(0);
    klock_release(&store_lock);
}

NTSTATUS regstore_flush(void)
{
    NTSTATUS st;

    if (!store_db)
        return STATUS_SUCCESS;
    klock_acquire(&store_lock);
    st = regstore_tick_locked(1);
    klock_release(&store_lock);
    return st;
}

void regstore_close(void)
{
    if (!store_db)
        return;
    klock_acquire(&store_lock);
    regstore_tick_locked(REGDB_DURABLE_OWN);
    /* the last connection to close checkpoints the log into the database
       and removes it: the next process to open it need not read it all */
    regdb_close(store_db);
    store_db = NULL;
    klock_release(&store_lock);
}

void regstore_attach(struct regdb *db)
{
    store_db = db;
}

NTSTATUS regstore_save(host_stream_t s, int volatile_keys)
{
    uint64_t size;
    int r;

    if (!store_db)
        return STATUS_SUCCESS;
    klock_acquire(&store_lock);
    if (!(r = write_dirty() ? REGDB_IO : 0))
        r = volatile_keys ? regdb_save_volatile(store_db, s, 0, &size)
                          : regdb_save(store_db, s, 0, &size);
    klock_release(&store_lock);
    return status_from_db(r);
}

NTSTATUS regstore_restore_volatile(host_stream_t image, uint64_t size)
{
    int r;

    if (!store_db)
        return STATUS_SUCCESS;
    klock_acquire(&store_lock);
    r = regdb_restore_volatile(store_db, image, 0, size);
    store_epoch++;
    klock_release(&store_lock);
    return r == REGDB_BUSY ? STATUS_SUCCESS : status_from_db(r);
}

NTSTATUS regstore_reattach(struct regdb *db, host_stream_t image, uint64_t size)
{
    int r = 0;

    klock_acquire(&store_lock);
    store_db = db;
    if (db && image >= 0)
        r = regdb_restore(db, image, 0, size);
    /* whatever was read before may differ from the database now */
    store_epoch++;
    klock_release(&store_lock);
    return status_from_db(r);
}

/* Write a node's row (name, class, flags, time). */
static NTSTATUS write_row(struct regnode *node)
{
    struct regdb_key k = {
        .id = node->id, .parent = node->parent ? node->parent->id : 0,
        .name = node->name, .name_len = node->name_len, .cls = node->cls,
        .cls_len = node->cls_len, .flags = db_flags(node->flags), .mtime = node->mtime,
    };
    NTSTATUS st = status_from_db(regdb_key_update(store_db, &k));

    if (!st)
        write_done();
    return st;
}

/* ---- 4. The tree --------------------------------------------------------- */

struct regnode *regstore_parent(const struct regnode *node)
{
    refresh_row((struct regnode *)node);
    return node->parent;
}

const WCHAR *regstore_name(const struct regnode *node, size_t *len)
{
    refresh_row((struct regnode *)node);
    *len = node->name_len;
    return node->name;
}

unsigned regstore_flags(const struct regnode *node)
{
    refresh_row((struct regnode *)node);
    return node->flags;
}

int64_t regstore_mtime(const struct regnode *node)
{
    refresh_row((struct regnode *)node);
    return node->mtime;
}

/* Put node on the batch's dirty list (once). */
static void mark_dirty(struct regnode *node)
{
    if (node->dirty)
        return;
    node->dirty = 1;
    regstore_ref(node);
    node->next_dirty = dirty_list;
    dirty_list = node;
}

void regstore_set_mtime(struct regnode *node, int64_t mtime)
{
    if (write_begin(node))
        return;
    node->mtime = mtime;
    if (persistent(node))
        mark_dirty(node);
}

void regstore_changed(struct regnode *node, unsigned filter)
{
    /* deleted keys too: their watchers elsewhere must hear of it */
    if (!store_db || !node->id)
        return;
    node->changes |= filter;
    mark_dirty(node);
}

struct remote {
    void (*cb)(void *ctx, int64_t key, unsigned filter);
    void *ctx;
};

static int remote_cb(void *ctx, regdb_id key, unsigned filter)
{
    struct remote *r = ctx;
    r->cb(r->ctx, key, filter);
    return 0;
}

void regstore_remote_changes(void (*cb)(void *ctx, int64_t key, unsigned filter), void *ctx)
{
    struct remote r = { cb, ctx };

    if (store_db)
        regdb_changes(store_db, remote_cb, &r);
}

static int parent_cb(void *ctx, const struct regdb_key *k)
{
    *(int64_t *)ctx = k->parent;
    return 0;
}

int regstore_holds(const struct regnode *node, int64_t key, int subtree)
{
    if (!node->id)
        return 0;
    if (node->id == key)
        return 1;
    /* up from key through the database, which knows keys this process never read */
    for (int depth = 0; subtree && key && depth < 512; depth++) {
        int64_t parent = 0;
        if (regdb_key_get(store_db, key, parent_cb, &parent))
            return 0;
        if (parent == node->id)
            return 1;
        key = parent;
    }
    return 0;
}

const WCHAR *regstore_class(const struct regnode *node, size_t *len)
{
    refresh_row((struct regnode *)node);
    *len = node->cls_len;
    return node->cls;
}

NTSTATUS regstore_set_class(struct regnode *node, const WCHAR *cls, size_t len)
{
    WCHAR *copy = NULL, *old = node->cls;
    size_t old_len = node->cls_len;
    NTSTATUS st;

    if ((st = write_begin(node)))
        return st;
    if (len && !(copy = kwcsdup(cls, len)))
        return STATUS_NO_MEMORY;
    node->cls = copy;
    node->cls_len = len;
    if (persistent(node) && (st = write_row(node))) {
        node->cls = old;
        node->cls_len = old_len;
        kfree(copy);
        return st;
    }
    kfree(old);
    return STATUS_SUCCESS;
}

/* Binary search among the subkeys: the index of name, or where it would go. */
static size_t child_index(const struct regnode *parent, const WCHAR *name, size_t len, int *found)
{
    size_t lo = 0, hi = parent->nchildren;

    *found = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct regnode *c = parent->children[mid];
        int r = name_cmp(c->name, c->name_len, name, len);
        if (!r) {
            *found = 1;
            return mid;
        }
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void child_insert(struct regnode *parent, size_t index, struct regnode *node)
{
    memmove(&parent->children[index + 1], &parent->children[index],
            (parent->nchildren - index) * sizeof(parent->children[0]));
    parent->children[index] = node;
    parent->nchildren++;
}

static void child_remove(struct regnode *parent, size_t index)
{
    parent->nchildren--;
    memmove(&parent->children[index], &parent->children[index + 1],
            (parent->nchildren - index) * sizeof(parent->children[0]));
}

/* Where node sits among its parent's subkeys (by identity, not by name). */
static size_t child_position(const struct regnode *parent, const struct regnode *node)
{
    int found;
    return child_index(parent, node->name, node->name_len, &found);
}

/*
 * One subkey read by its name alone, when the parent's subkeys are not
 * read yet: opening one time zone must not read all 139 of them.  The
 * node joins the (unread) list, where the full reload finds it by id.
 * *done is 0 when the answer must come from the full list instead: an
 * error, or a cached subkey renamed or replaced elsewhere.
 */
static struct regnode *lookup_one(struct regnode *parent, const WCHAR *name, size_t len,
                                  int *done)
{
    struct regnode *node;
    regdb_id id;
    int found, r;

    *done = 0;
    refresh_row(parent);
    if (parent->flags & REGNODE_DELETED)
        return NULL;
    size_t i = child_index(parent, name, len, &found);
    node = found ? parent->children[i] : NULL;
    r = regdb_key_lookup(store_db, parent->id, name, len, &id);
    if (r == REGDB_NOTFOUND) {
        /* a memory-only subkey lives only in the list */
        *done = !node || !node->id;
        return node && !node->id ? node : NULL;
    }
    if (r || (node && node->id != id) || (!node && cached_child(parent, id)))
        return NULL;
    if (node) {
        refresh_row(node);
        *done = !(node->flags & REGNODE_DELETED);
        return *done ? node : NULL;
    }
    if (!grow((void **)&parent->children, &parent->children_cap, parent->nchildren,
              sizeof(parent->children[0])) ||
        !(node = node_alloc(name, len, 0, 0)))
        return NULL;
    node->id = id;
    node->parent = parent;
    node->loaded = 0;
    if (regdb_key_get(store_db, id, row_cb, node)) {
        node_free(node);
        return NULL;
    }
    child_insert(parent, i, node);
    *done = 1;
    return node;
}

struct regnode *regstore_lookup(const struct regnode *parent, const WCHAR *name, size_t len)
{
    struct regnode *node;
    int found, done;
    size_t i;

    if (stale(parent, LOADED_CHILDREN)) {
        node = lookup_one((struct regnode *)parent, name, len, &done);
        if (done)
            return node;
    }
    refresh_children((struct regnode *)parent);
    i = child_index(parent, name, len, &found);
    return found ? parent->children[i] : NULL;
}

NTSTATUS regstore_create(struct regnode *parent, const WCHAR *name, size_t len, unsigned flags,
                         int64_t mtime, struct regnode **out)
{
    struct regnode *node;
    NTSTATUS st;
    int found;
    size_t i;

    if (parent->flags & REGNODE_DELETED)
        return STATUS_KEY_DELETED;
    if ((st = write_begin(parent)))
        return st;
    refresh_children(parent);
    i = child_index(parent, name, len, &found);
    if (found)
        return STATUS_OBJECT_NAME_COLLISION;
    if (!grow((void **)&parent->children, &parent->children_cap, parent->nchildren,
              sizeof(parent->children[0])))
        return STATUS_NO_MEMORY;
    if (!(node = node_alloc(name, len, flags, mtime)))
        return STATUS_NO_MEMORY;
    if (persistent(parent)) {
        /* write_begin made the cache current: the name is free.  A
           volatile key goes to the volatile database. */
        unsigned dbflags = db_flags(flags) | REGDB_CREATE_UNCHECKED;
        if ((st = status_from_db(regdb_key_create(store_db, parent->id, name, len, dbflags,
                                                  mtime, &node->id)))) {
            node_free(node);
            return st;
        }
        write_done();
    }
    node->parent = parent;
    child_insert(parent, i, node);
    *out = node;
    return STATUS_SUCCESS;
}

NTSTATUS regstore_delete(struct regnode *node)
{
    struct regnode *parent;
    NTSTATUS st;

    if (node->flags & REGNODE_DELETED)
        return STATUS_SUCCESS;
    if (node == root)
        return STATUS_ACCESS_DENIED;
    if ((st = write_begin(node)))
        return node->flags & REGNODE_DELETED ? STATUS_SUCCESS : st;
    refresh_children(node);
    if (node->nchildren)
        return STATUS_CANNOT_DELETE;
    parent = node->parent;
    if (persistent(node)) {
        if ((st = status_from_db(regdb_key_delete(store_db, node->id))))
            return st;
        write_done();
    }
    child_remove(parent, child_position(parent, node));
    node->parent = NULL;
    node->flags |= REGNODE_DELETED;
    regstore_unref(node);   /* the tree's reference */
    return STATUS_SUCCESS;
}

NTSTATUS regstore_rename(struct regnode *node, const WCHAR *name, size_t len)
{
    struct regnode *parent;
    WCHAR *copy, *old;
    size_t to, old_len;
    int found;
    NTSTATUS st;

    if (node->flags & REGNODE_DELETED)
        return STATUS_KEY_DELETED;
    if (node == root)
        return STATUS_CANNOT_DELETE;
    if ((st = write_begin(node)))
        return st;
    parent = node->parent;
    refresh_children(parent);
    child_index(parent, name, len, &found);
    if (found)
        return STATUS_CANNOT_DELETE;
    if (!(copy = kwcsdup(name, len)))
        return STATUS_NO_MEMORY;
    /* take it out under the old name, put it back under the new one */
    child_remove(parent, child_position(parent, node));
    old = node->name;
    old_len = node->name_len;
    node->name = copy;
    node->name_len = len;
    if (persistent(node) && (st = write_row(node))) {
        node->name = old;
        node->name_len = old_len;
        old = copy;
    }
    kfree(old);
    to = child_index(parent, node->name, node->name_len, &found);
    child_insert(parent, to, node);
    return st;
}

size_t regstore_child_count(const struct regnode *node)
{
    refresh_children((struct regnode *)node);
    return node->nchildren;
}

size_t regstore_child_count_fast(const struct regnode *node)
{
    uint64_t n = 0;
    size_t memory_only = 0;

    if (!stale(node, LOADED_CHILDREN) || !store_db ||
        regdb_key_child_count(store_db, node->id, &n))
        return regstore_child_count(node);
    for (size_t i = 0; i < node->nchildren; i++)
        memory_only += !node->children[i]->id;
    return (size_t)n + memory_only;
}

struct regnode *regstore_child(const struct regnode *node, size_t index)
{
    refresh_children((struct regnode *)node);
    return index < node->nchildren ? node->children[index] : NULL;
}

/* ---- 5. Values ----------------------------------------------------------- */

static size_t value_index(const struct regnode *node, const WCHAR *name, size_t len, int *found)
{
    size_t lo = 0, hi = node->nvalues;

    *found = 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const struct regval *v = &node->values[mid];
        int r = name_cmp(v->name, v->name_len, name, len);
        if (!r) {
            *found = 1;
            return mid;
        }
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void value_out(const struct regval *v, struct regvalue *out)
{
    out->name = v->name;
    out->name_len = v->name_len;
    out->type = v->type;
    out->data = v->data;
    out->size = v->size;
}

size_t regstore_value_count(const struct regnode *node)
{
    refresh_values((struct regnode *)node);
    return node->nvalues;
}

int regstore_value_at(const struct regnode *node, size_t index, struct regvalue *out)
{
    refresh_values((struct regnode *)node);
    if (index >= node->nvalues)
        return 0;
    value_out(&node->values[index], out);
    return 1;
}

int regstore_get_value(const struct regnode *node, const WCHAR *name, size_t len,
                       struct regvalue *out)
{
    int found;
    size_t i;

    refresh_values((struct regnode *)node);
    i = value_index(node, name, len, &found);
    if (found)
        value_out(&node->values[i], out);
    return found;
}

/* Store a value in the database under the name the cache keeps for it. */
static NTSTATUS value_write(struct regnode *node, const WCHAR *name, size_t len, ULONG type,
                            const void *data, size_t size)
{
    struct regdb_value v = { name, len, type, data, size };
    NTSTATUS st;

    if (!persistent(node))
        return STATUS_SUCCESS;
    if (!(st = status_from_db(regdb_value_set(store_db, node->id, &v))))
        write_done();
    return st;
}

NTSTATUS regstore_set_value(struct regnode *node, const WCHAR *name, size_t len, ULONG type,
                            const void *data, size_t size)
{
    struct regval *v;
    void *copy = NULL;
    WCHAR *name_copy = NULL;
    NTSTATUS st;
    int found;
    size_t i;

    if (node->flags & REGNODE_DELETED)
        return STATUS_KEY_DELETED;
    if ((st = write_begin(node)))
        return st;
    refresh_values(node);
    /* everything that can fail first, so a failure changes nothing */
    if (size) {
        if (!(copy = kmalloc(size)))
            return STATUS_NO_MEMORY;
        memcpy(copy, data, size);
    }
    i = value_index(node, name, len, &found);
    if (!found && (!(name_copy = kwcsdup(name, len)) ||
                   !grow((void **)&node->values, &node->values_cap, node->nvalues,
                         sizeof(node->values[0])))) {
        kfree(name_copy);
        kfree(copy);
        return STATUS_NO_MEMORY;
    }
    /* a replaced value keeps the name it was created with, as Windows does */
    if ((st = found ? value_write(node, node->values[i].name, node->values[i].name_len, type,
                                  data, size)
                    : value_write(node, name, len, type, data, size))) {
        kfree(name_copy);
        kfree(copy);
        return st;
    }
    if (!found) {
        memmove(&node->values[i + 1], &node->values[i],
                (node->nvalues - i) * sizeof(node->values[0]));
        node->nvalues++;
        node->values[i].name = name_copy;
        node->values[i].name_len = len;
        node->values[i].data = NULL;
    }
    v = &node->values[i];
    kfree(v->data);
    v->type = type;
    v->data = copy;
    v->size = size;
    return STATUS_SUCCESS;
}

NTSTATUS regstore_delete_value(struct regnode *node, const WCHAR *name, size_t len)
{
    NTSTATUS st;
    int found;
    size_t i;

    if ((st = write_begin(node)))
        return st;
    refresh_values(node);
    i = value_index(node, name, len, &found);
    if (!found)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (persistent(node)) {
        int r = regdb_value_delete(store_db, node->id, name, len);
        if (r && r != REGDB_NOTFOUND)
            return status_from_db(r);
        write_done();
    }
    value_free(&node->values[i]);
    node->nvalues--;
    memmove(&node->values[i], &node->values[i + 1], (node->nvalues - i) * sizeof(node->values[0]));
    return STATUS_SUCCESS;
}

/* ---- 6. Statistics ------------------------------------------------------- */

void regstore_query_info(const struct regnode *node, struct regnode_info *info)
{
    refresh_children((struct regnode *)node);
    refresh_values((struct regnode *)node);
    memset(info, 0, sizeof(*info));
    info->subkeys = node->nchildren;
    info->values = node->nvalues;
    for (size_t i = 0; i < node->nchildren; i++) {
        const struct regnode *c = node->children[i];
        if (c->name_len > info->max_subkey_len)
            info->max_subkey_len = c->name_len;
        if (c->cls_len > info->max_class_len)
            info->max_class_len = c->cls_len;
    }
    for (size_t i = 0; i < node->nvalues; i++) {
        const struct regval *v = &node->values[i];
        if (v->name_len > info->max_value_name_len)
            info->max_value_name_len = v->name_len;
        if (v->size > info->max_value_size)
            info->max_value_size = v->size;
    }
}

/* The start-up table's values are read-only data, but a cache over the
 * database keeps its own copies (a value can be reloaded or replaced). */
NTSTATUS regstore_set_value_static(struct regnode *node, const WCHAR *name, size_t len,
                                   ULONG type, const void *data, size_t size)
{
    return regstore_set_value(node, name, len, type, data, size);
}

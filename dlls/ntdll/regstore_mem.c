/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regstore_mem.c - the registry key store in kernel memory.
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
 * Divisions: 1. names  2. nodes  3. the tree  4. values  5. statistics
 */
#include "regstore.h"

struct regval {
    WCHAR *name;
    size_t name_len;
    ULONG type;
    void *data;                 /* NULL when size is 0 */
    size_t size;
    unsigned borrowed;          /* VAL_* : static memory the store does not free */
};
#define VAL_NAME_BORROWED 1
#define VAL_DATA_BORROWED 2

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
};

static struct klock store_lock = KLOCK_INIT;
static struct regnode *root;

void regstore_lock(void)
{
    klock_acquire(&store_lock);
}

void regstore_unlock(void)
{
    klock_release(&store_lock);
}

/* ---- 1. Names ------------------------------------------------------------ */

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
    return node;
}

static void value_free(struct regval *v)
{
    if (!(v->borrowed & VAL_NAME_BORROWED))
        kfree(v->name);
    if (!(v->borrowed & VAL_DATA_BORROWED))
        kfree(v->data);
}

static void node_free(struct regnode *node)
{
    for (size_t i = 0; i < node->nvalues; i++)
        value_free(&node->values[i]);
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
    if (!root)
        root = node_alloc(root_name, len, 0, 0);
    regstore_unlock();
    return root;
}

struct regnode *regstore_root(void)
{
    return root;
}

struct regnode *regstore_parent(const struct regnode *node)
{
    return node->parent;
}

const WCHAR *regstore_name(const struct regnode *node, size_t *len)
{
    *len = node->name_len;
    return node->name;
}

unsigned regstore_flags(const struct regnode *node)
{
    return node->flags;
}

int64_t regstore_mtime(const struct regnode *node)
{
    return node->mtime;
}

void regstore_set_mtime(struct regnode *node, int64_t mtime)
{
    node->mtime = mtime;
}

const WCHAR *regstore_class(const struct regnode *node, size_t *len)
{
    *len = node->cls_len;
    return node->cls;
}

NTSTATUS regstore_set_class(struct regnode *node, const WCHAR *cls, size_t len)
{
    WCHAR *copy = NULL;

    if (len && !(copy = kwcsdup(cls, len)))
        return STATUS_NO_MEMORY;
    kfree(node->cls);
    node->cls = copy;
    node->cls_len = len;
    return STATUS_SUCCESS;
}

/* ---- 3. The tree --------------------------------------------------------- */

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

struct regnode *regstore_lookup(const struct regnode *parent, const WCHAR *name, size_t len)
{
    int found;
    size_t i = child_index(parent, name, len, &found);
    return found ? parent->children[i] : NULL;
}

NTSTATUS regstore_create(struct regnode *parent, const WCHAR *name, size_t len, unsigned flags,
                         int64_t mtime, struct regnode **out)
{
    struct regnode *node;
    int found;
    size_t i;

    if (parent->flags & REGNODE_DELETED)
        return STATUS_KEY_DELETED;
    i = child_index(parent, name, len, &found);
    if (found)
        return STATUS_OBJECT_NAME_COLLISION;
    if (!grow((void **)&parent->children, &parent->children_cap, parent->nchildren,
              sizeof(parent->children[0])))
        return STATUS_NO_MEMORY;
    if (!(node = node_alloc(name, len, flags, mtime)))
        return STATUS_NO_MEMORY;
    node->parent = parent;
    child_insert(parent, i, node);
    *out = node;
    return STATUS_SUCCESS;
}

NTSTATUS regstore_delete(struct regnode *node)
{
    struct regnode *parent = node->parent;

    if (node->flags & REGNODE_DELETED)
        return STATUS_SUCCESS;
    if (!parent)
        return STATUS_ACCESS_DENIED;
    if (node->nchildren)
        return STATUS_CANNOT_DELETE;
    child_remove(parent, child_position(parent, node));
    node->parent = NULL;
    node->flags |= REGNODE_DELETED;
    regstore_unref(node);   /* the tree's reference */
    return STATUS_SUCCESS;
}

NTSTATUS regstore_rename(struct regnode *node, const WCHAR *name, size_t len)
{
    struct regnode *parent = node->parent;
    WCHAR *copy;
    int found;
    size_t to;

    if (node->flags & REGNODE_DELETED)
        return STATUS_KEY_DELETED;
    if (!parent)
        return STATUS_CANNOT_DELETE;
    child_index(parent, name, len, &found);
    if (found)
        return STATUS_CANNOT_DELETE;
    if (!(copy = kwcsdup(name, len)))
        return STATUS_NO_MEMORY;
    /* take it out under the old name, put it back under the new one */
    child_remove(parent, child_position(parent, node));
    kfree(node->name);
    node->name = copy;
    node->name_len = len;
    to = child_index(parent, name, len, &found);
    child_insert(parent, to, node);
    return STATUS_SUCCESS;
}

size_t regstore_child_count(const struct regnode *node)
{
    return node->nchildren;
}

struct regnode *regstore_child(const struct regnode *node, size_t index)
{
    return index < node->nchildren ? node->children[index] : NULL;
}

/* ---- 4. Values ----------------------------------------------------------- */

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
    return node->nvalues;
}

int regstore_value_at(const struct regnode *node, size_t index, struct regvalue *out)
{
    if (index >= node->nvalues)
        return 0;
    value_out(&node->values[index], out);
    return 1;
}

int regstore_get_value(const struct regnode *node, const WCHAR *name, size_t len,
                       struct regvalue *out)
{
    int found;
    size_t i = value_index(node, name, len, &found);

    if (found)
        value_out(&node->values[i], out);
    return found;
}

/* Create or replace a value; borrow: keep pointers to the (static) name
 * and data instead of copies. */
static NTSTATUS set_value(struct regnode *node, const WCHAR *name, size_t len, ULONG type,
                          const void *data, size_t size, int borrow)
{
    struct regval *v;
    void *copy = NULL;
    int found;
    size_t i;

    if (node->flags & REGNODE_DELETED)
        return STATUS_KEY_DELETED;
    if (size && borrow) {
        copy = (void *)data;
    } else if (size) {
        if (!(copy = kmalloc(size)))
            return STATUS_NO_MEMORY;
        memcpy(copy, data, size);
    }
    i = value_index(node, name, len, &found);
    if (!found) {
        WCHAR *name_copy = borrow ? (WCHAR *)name : kwcsdup(name, len);
        if (!name_copy || !grow((void **)&node->values, &node->values_cap, node->nvalues,
                                sizeof(node->values[0]))) {
            if (!borrow) {
                kfree(name_copy);
                kfree(copy);
            }
            return STATUS_NO_MEMORY;
        }
        memmove(&node->values[i + 1], &node->values[i],
                (node->nvalues - i) * sizeof(node->values[0]));
        node->nvalues++;
        node->values[i].name = name_copy;
        node->values[i].name_len = len;
        node->values[i].data = NULL;
        node->values[i].borrowed = borrow ? VAL_NAME_BORROWED | VAL_DATA_BORROWED : 0;
    }
    /* a replaced value keeps the name it was created with, as Windows does */
    v = &node->values[i];
    if (!(v->borrowed & VAL_DATA_BORROWED))
        kfree(v->data);
    v->borrowed = (v->borrowed & ~VAL_DATA_BORROWED) | (borrow ? VAL_DATA_BORROWED : 0);
    v->type = type;
    v->data = copy;
    v->size = size;
    return STATUS_SUCCESS;
}

NTSTATUS regstore_set_value(struct regnode *node, const WCHAR *name, size_t len, ULONG type,
                            const void *data, size_t size)
{
    return set_value(node, name, len, type, data, size, 0);
}

NTSTATUS regstore_set_value_static(struct regnode *node, const WCHAR *name, size_t len,
                                   ULONG type, const void *data, size_t size)
{
    return set_value(node, name, len, type, data, size, 1);
}

NTSTATUS regstore_delete_value(struct regnode *node, const WCHAR *name, size_t len)
{
    int found;
    size_t i = value_index(node, name, len, &found);

    if (!found)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    value_free(&node->values[i]);
    node->nvalues--;
    memmove(&node->values[i], &node->values[i + 1], (node->nvalues - i) * sizeof(node->values[0]));
    return STATUS_SUCCESS;
}

/* ---- 5. Statistics ------------------------------------------------------- */

void regstore_query_info(const struct regnode *node, struct regnode_info *info)
{
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

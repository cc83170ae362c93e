/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * registry.c - the registry system calls.
 *
 * The keys themselves live in the key store (regstore.h); this file is the
 * NT face of it: key objects and handles, name resolution from
 * OBJECT_ATTRIBUTES, symbolic links, access checks, the information
 * classes with their exact buffer rules, change notifications, and the
 * default contents loaded at start-up.
 *
 * Every handle names a key object of its own that references one store
 * node; opening through a symbolic link gives an object on the link's
 * target.  The root of the store is \REGISTRY; it is reached only by
 * absolute names starting with \REGISTRY (other absolute names are looked
 * up in the object namespace, to fail the way Windows fails), or
 * relative to a key handle.
 *
 * Where Windows and Wine 8.0's server disagree, this file follows what
 * Wine's PE DLLs and Wine's conformance tests (dlls/ntdll/tests/reg.c,
 * dlls/advapi32/tests/registry.c) expect, because those DLLs are what
 * runs on top.  In particular: NtCreateKey does not create missing
 * intermediate keys (kernelbase does that one level at a time), the
 * parent handle's access is not checked when creating or opening a
 * subkey, and NtQueryKey needs no access right.
 *
 * Locking: the store lock (regstore_lock) is the registry lock, held
 * across each system call's work on the tree.  It is taken before the sync
 * lock (notifications signal events while holding it) and never while a
 * key object is released: a key object's destructor takes it.
 *
 * Divisions:
 *   1. declarations missing from nt/ and other files' system calls
 *   2. key objects
 *   3. names: from OBJECT_ATTRIBUTES to a node, symbolic links
 *   4. notifications
 *   5. information classes: filling caller buffers
 *   6. creating and opening keys
 *   7. deleting, renaming, flushing, key information
 *   8. values
 *   9. querying and enumerating keys
 *  10. change notification system calls
 *  11. hives (not yet) and other stubs
 *  12. start-up and kernel-internal access
 */
#include "regstore.h"
#include "registry/regdb.h"
#include "registry/vfs.h"

/* ---- 1. Declarations ----------------------------------------------------- */

/* KEY_HANDLE_TAGS_INFORMATION (KeyHandleTagsInformation and its set
 * counterpart): missing from nt/info.h. */
struct key_handle_tags_info {
    ULONG HandleTags;
};

/* Other files' system calls used here (sync.c). */
NTSTATUS NTAPI NtCreateEvent(HANDLE *, ACCESS_MASK, const OBJECT_ATTRIBUTES *, EVENT_TYPE,
                             BOOLEAN);
NTSTATUS NTAPI NtResetEvent(HANDLE, LONG *);

#define MAX_KEY_NAME_LEN 255                        /* WCHARs in one path element */
#define MAX_VALUE_NAME_BYTES (16383 * sizeof(WCHAR))
#define MAX_LINK_DEPTH 16                           /* links followed in one lookup */
#define KEY_WOW64_FLAGS (KEY_WOW64_64KEY | KEY_WOW64_32KEY)
#define NO_CLASS 0xffffffffu                        /* ClassOffset when there is none */

static const WCHAR symlink_value_name[] = u"SymbolicLinkValue";
#define SYMLINK_VALUE_LEN (ARRAY_SIZE(symlink_value_name) - 1)

/* The computer name registry_init() records (the host offers none). */
static const WCHAR default_computer_name[] = u"KEEP";

/* ---- 2. Key objects ------------------------------------------------------ */

struct key_notify;

struct key_object {
    struct kobject obj;
    struct regnode *node;           /* referenced (store lock) */
    struct key_notify *notify;      /* armed on this object, or NULL (store lock) */
    ULONG handle_tags;              /* KeySetHandleTagsInformation */
    struct key_object *next, **prev;    /* in open_keys (store lock) */
};

/* Every key object, for NtRestoreKey's "is a subkey open?" (store lock). */
static struct key_object *open_keys;

static void key_destroy(struct kobject *obj);
static void key_close_handle(struct kobject *obj, ACCESS_MASK access);

const struct kobject_type key_type = {
    .name = "Key",
    .mapping = { KEY_READ, KEY_WRITE, KEY_EXECUTE, KEY_ALL_ACCESS },
    .valid_access = KEY_ALL_ACCESS | SYNCHRONIZE,
    .destroy = key_destroy,
    .close_handle = key_close_handle,
};

static int node_deleted(const struct regnode *node)
{
    return (regstore_flags(node) & REGNODE_DELETED) != 0;
}

/*
 * Wine's one "predefined" key: opening HKLM\...\Perflib\009 succeeds with
 * STATUS_PREDEFINED_HANDLE, which kernelbase turns into
 * HKEY_PERFORMANCE_TEXT (advapi32 serves the performance data itself);
 * the handle answers STATUS_INVALID_HANDLE to everything else.
 */
static const WCHAR perflib_path[] =
    u"\\REGISTRY\\MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Perflib\\009";
static struct regnode *perflib_node;    /* referenced; set at start-up */

static int node_predefined(const struct regnode *node)
{
    return node == perflib_node;
}

/* A new key object on node.  Store lock held. */
static struct key_object *key_object_new(struct regnode *node)
{
    struct key_object *key = kobject_alloc(&key_type, sizeof(*key));

    if (!key)
        return NULL;
    regstore_ref(node);
    key->node = node;
    key->next = open_keys;
    key->prev = &open_keys;
    if (open_keys)
        open_keys->prev = &key->next;
    open_keys = key;
    return key;
}

/* Give the caller a handle to a new key object on node (store lock
 * released: handle_alloc and a failed object's destructor must not run
 * under it).  The object is created by the caller under the lock. */
static NTSTATUS key_object_publish(struct key_object *key, ACCESS_MASK access, ULONG attributes,
                                   HANDLE *out)
{
    NTSTATUS st;

    if (!key)
        return STATUS_NO_MEMORY;
    /* KEY_WOW64_* choose a view of the registry, they are not rights */
    st = handle_alloc(&key->obj, access & ~KEY_WOW64_FLAGS, attributes, out);
    kobject_unref(key);
    return st;
}

/*
 * The key object behind handle h, with the registry lock held, or an
 * error (nothing held).  A deleted key answers STATUS_KEY_DELETED, the
 * predefined one STATUS_INVALID_HANDLE.
 */
static NTSTATUS key_begin(HANDLE h, ACCESS_MASK access, struct key_object **out)
{
    struct key_object *key;
    NTSTATUS st;

    if ((st = handle_ref(h, &key_type, access, (void **)&key)))
        return st;
    regstore_lock();
    if (node_deleted(key->node) || node_predefined(key->node)) {
        st = node_deleted(key->node) ? STATUS_KEY_DELETED : STATUS_INVALID_HANDLE;
        regstore_unlock();
        kobject_unref(key);
        return st;
    }
    *out = key;
    return STATUS_SUCCESS;
}

static void key_end(struct key_object *key)
{
    regstore_unlock();
    kobject_unref(key);
}

NTSTATUS registry_subkey_count(HANDLE h, ULONG *count)
{
    struct key_object *key;
    NTSTATUS st;

    if ((st = key_begin(h, KEY_QUERY_VALUE, &key)))
        return st;
    *count = (ULONG)regstore_child_count_fast(key->node);
    key_end(key);
    return STATUS_SUCCESS;
}

/* ---- 3. Names ---------------------------------------------------------------
 * A lookup walks the path one element at a time from a start node.  Runs
 * of backslashes between elements and at the end are ignored; a leading
 * one is an error the callers report.  A key created as a link is followed
 * to the key its SymbolicLinkValue names (an absolute \REGISTRY path),
 * except as the last element when the caller asked for the link itself.
 */

struct walk {
    struct regnode *node;       /* the deepest key found */
    const WCHAR *rest;          /* what is left: the first missing element onwards */
    size_t rest_len;            /* (rest may point into a link's value: store lock) */
};

static int wcs_ieq(const WCHAR *a, size_t alen, const WCHAR *b, size_t blen)
{
    if (alen != blen)
        return 0;
    for (size_t i = 0; i < alen; i++)
        if (kupcase(a[i]) != kupcase(b[i]))
            return 0;
    return 1;
}

/* If path starts with the element \REGISTRY, the index just after it. */
static int match_registry_root(const WCHAR *path, size_t len, size_t *after)
{
    static const WCHAR reg[] = u"\\REGISTRY";
    size_t n = ARRAY_SIZE(reg) - 1;

    if (len < n || !wcs_ieq(path, n, reg, n) || (len > n && path[n] != '\\'))
        return 0;
    *after = n;
    return 1;
}

static NTSTATUS walk_path(struct regnode *start, const WCHAR *path, size_t len, int open_link,
                          int depth, struct walk *w);

/* Resolve the link node: *w receives where its target leads. */
static NTSTATUS follow_link(struct regnode *link, int depth, struct walk *w)
{
    struct regvalue v;
    size_t after;

    if (depth >= MAX_LINK_DEPTH)
        return STATUS_NAME_TOO_LONG;    /* a loop, most likely */
    if (!regstore_get_value(link, symlink_value_name, SYMLINK_VALUE_LEN, &v) ||
        v.size < sizeof(WCHAR))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    const WCHAR *target = v.data;
    size_t target_len = v.size / sizeof(WCHAR);
    /* only absolute registry paths lead anywhere */
    if (!match_registry_root(target, target_len, &after))
        return STATUS_OBJECT_NAME_NOT_FOUND;
    return walk_path(regstore_root(), target + after, target_len - after, 0, depth + 1, w);
}

static NTSTATUS walk_path(struct regnode *start, const WCHAR *path, size_t len, int open_link,
                          int depth, struct walk *w)
{
    struct regnode *cur = start;
    size_t i = 0;
    NTSTATUS st;

    for (;;) {
        while (i < len && path[i] == '\\')
            i++;
        int last = i >= len;
        if ((regstore_flags(cur) & REGNODE_LINK) && !(last && open_link)) {
            struct walk target;
            if ((st = follow_link(cur, depth, &target)))
                return st;
            if (target.rest_len) {
                /* the target is missing: only its last element may be,
                   and only when the link ends the path (create makes it) */
                if (!last)
                    return STATUS_OBJECT_NAME_NOT_FOUND;
                *w = target;
                return STATUS_SUCCESS;
            }
            cur = target.node;
        }
        if (last)
            break;
        size_t j = i;
        while (j < len && path[j] != '\\')
            j++;
        if (j - i > MAX_KEY_NAME_LEN)
            return STATUS_INVALID_PARAMETER;
        struct regnode *child = regstore_lookup(cur, path + i, j - i);
        if (!child)
            break;
        cur = child;
        i = j;
    }
    w->node = cur;
    w->rest = path + i;
    w->rest_len = len - i;
    return STATUS_SUCCESS;
}

/*
 * Why an absolute name outside \REGISTRY fails: the object namespace
 * decides (\Device\Null exists but is no key; \Foobar does not exist).
 */
static NTSTATUS namespace_error(const OBJECT_ATTRIBUTES *attr)
{
    struct kobject *obj;
    NTSTATUS st;

    if (attr->ObjectName->Length >= 2 * sizeof(WCHAR) && attr->ObjectName->Buffer[1] == '\\')
        return STATUS_OBJECT_NAME_INVALID;      /* an empty element after the root */
    if ((st = object_lookup(attr, &obj, NULL)))
        return st;
    kobject_unref(obj);
    return STATUS_OBJECT_TYPE_MISMATCH;
}

/* Where a lookup starts: the RootDirectory key or \REGISTRY. */
struct start {
    struct key_object *root_key;    /* referenced, or NULL */
    const WCHAR *path;
    size_t len;
};

static NTSTATUS start_of(const OBJECT_ATTRIBUTES *attr, struct start *s)
{
    static const UNICODE_STRING empty;
    const UNICODE_STRING *name = attr->ObjectName ? attr->ObjectName : &empty;
    size_t after;
    NTSTATUS st;

    if (name->Length & 1)
        return STATUS_OBJECT_NAME_INVALID;
    s->root_key = NULL;
    s->path = name->Buffer;
    s->len = name->Length / sizeof(WCHAR);
    if (attr->RootDirectory) {
        if (s->len && s->path[0] == '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        st = handle_ref(attr->RootDirectory, &key_type, 0, (void **)&s->root_key);
        return st;
    }
    if (!s->len || s->path[0] != '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (!match_registry_root(s->path, s->len, &after))
        return namespace_error(attr);
    s->path += after;
    s->len -= after;
    return STATUS_SUCCESS;
}

/* The start node (store lock held); STATUS_KEY_DELETED under a deleted key. */
static NTSTATUS start_node(const struct start *s, struct regnode **node)
{
    *node = s->root_key ? s->root_key->node : regstore_root();
    return node_deleted(*node) ? STATUS_KEY_DELETED : STATUS_SUCCESS;
}

static void start_done(struct start *s)
{
    if (s->root_key)
        kobject_unref(s->root_key);
}

/* The one missing element a create may make: rest without trailing
 * backslashes; STATUS_OBJECT_NAME_NOT_FOUND if more than one is missing. */
static NTSTATUS last_element(const struct walk *w, size_t *len)
{
    size_t n = w->rest_len;

    while (n && w->rest[n - 1] == '\\')
        n--;
    for (size_t i = 0; i < n; i++)
        if (w->rest[i] == '\\')
            return STATUS_OBJECT_NAME_NOT_FOUND;
    *len = n;
    return STATUS_SUCCESS;
}

/* Full name of a node, "\REGISTRY\MACHINE\...", kmalloc'ed.  Store lock. */
static WCHAR *full_name(const struct regnode *node, size_t *out_len)
{
    size_t len = 0, n;
    WCHAR *buf;

    for (const struct regnode *p = node; p; p = regstore_parent(p)) {
        regstore_name(p, &n);
        len += n + 1;
    }
    if (!(buf = kmalloc((len + 1) * sizeof(WCHAR))))
        return NULL;
    size_t pos = len;
    for (const struct regnode *p = node; p; p = regstore_parent(p)) {
        const WCHAR *name = regstore_name(p, &n);
        pos -= n;
        memcpy(buf + pos, name, n * sizeof(WCHAR));
        buf[--pos] = '\\';
    }
    buf[len] = 0;
    *out_len = len;
    return buf;
}

/* ---- 4. Notifications -------------------------------------------------------
 * NtNotifyChangeKey arms a notification on the key object (so on one
 * handle): the filter and the subtree flag given first stay; each call
 * adds one event.  A matching change signals and drops the events, the
 * notification stays armed for the next call.  Closing the last handle or
 * deleting the key signals whatever is pending.
 */

struct key_notify {
    struct key_notify *next;        /* in notify_list */
    struct key_object *key;         /* the owner (not referenced: it frees us) */
    ULONG filter;                   /* REG_NOTIFY_CHANGE_* */
    int subtree;
    struct kobject **events;        /* referenced */
    size_t nevents, cap;
};

static struct key_notify *notify_list;      /* store lock */

/* Signal and release the pending events.  Store lock held; takes the
 * sync lock inside it, which is the documented order. */
static void notify_fire(struct key_notify *n)
{
    for (size_t i = 0; i < n->nevents; i++) {
        sync_lock_acquire();
        sync_signal_object_locked(n->events[i], EVENT_MODIFY_STATE);
        sync_lock_release();
        kobject_unref(n->events[i]);
    }
    n->nevents = 0;
}

static int is_ancestor(const struct regnode *ancestor, const struct regnode *node)
{
    for (const struct regnode *p = regstore_parent(node); p; p = regstore_parent(p))
        if (p == ancestor)
            return 1;
    return 0;
}

/* node changed in the ways `change` says: wake the watchers of node and,
 * for subtree watchers, of its ancestors. */
static void notify_change(struct regnode *node, ULONG change)
{
    for (struct key_notify *n = notify_list; n; n = n->next) {
        if (!n->nevents || !(n->filter & change))
            continue;
        if (n->key->node == node || (n->subtree && is_ancestor(n->key->node, node)))
            notify_fire(n);
    }
}

/* The key of node is gone: wake everyone watching it, whatever the filter
 * (here and, through the store, in the instance's other processes). */
static void notify_deleted(struct regnode *node)
{
    for (struct key_notify *n = notify_list; n; n = n->next)
        if (n->key->node == node)
            notify_fire(n);
    regstore_changed(node, REG_LEGAL_CHANGE_FILTER);
}

/* A change to node: new last-write time, then the notifications, here and
 * in the instance's other processes. */
static void touch(struct regnode *node, ULONG change)
{
    regstore_set_mtime(node, time_now_nt());
    notify_change(node, change);
    regstore_changed(node, change);
}

/* Another process changed key: the watchers here that see it fire. */
static void remote_change(void *ctx, int64_t key, unsigned change)
{
    (void)ctx;
    for (struct key_notify *n = notify_list; n; n = n->next)
        if (n->nevents && (n->filter & change) && regstore_holds(n->key->node, key, n->subtree))
            notify_fire(n);
}

/* Disarm key's notification, signalling what is pending.  Store lock. */
static void notify_remove(struct key_object *key)
{
    struct key_notify *n = key->notify;

    if (!n)
        return;
    notify_fire(n);
    for (struct key_notify **p = &notify_list; *p; p = &(*p)->next) {
        if (*p == n) {
            *p = n->next;
            break;
        }
    }
    kfree(n->events);
    kfree(n);
    key->notify = NULL;
}

/* Add event (referenced, handed over) to key's notification.  Store lock. */
static NTSTATUS notify_add(struct key_object *key, ULONG filter, int subtree,
                           struct kobject *event)
{
    struct key_notify *n = key->notify;

    if (!n) {
        if (!(n = kzalloc(sizeof(*n))))
            return STATUS_NO_MEMORY;
        n->key = key;
        n->filter = filter;
        n->subtree = subtree;
        n->next = notify_list;
        notify_list = n;
        key->notify = n;
    }
    if (n->nevents == n->cap) {
        size_t cap = n->cap ? n->cap * 2 : 2;
        struct kobject **e = krealloc(n->events, cap * sizeof(*e));
        if (!e)
            return STATUS_NO_MEMORY;
        n->events = e;
        n->cap = cap;
    }
    n->events[n->nevents++] = event;
    return STATUS_SUCCESS;
}

static void key_close_handle(struct kobject *obj, ACCESS_MASK access)
{
    struct key_object *key = (struct key_object *)obj;

    (void)access;
    if (__atomic_load_n(&obj->handles, __ATOMIC_RELAXED))
        return;     /* a duplicate of the handle still watches */
    regstore_lock();
    notify_remove(key);
    regstore_unlock();
}

static void key_destroy(struct kobject *obj)
{
    struct key_object *key = (struct key_object *)obj;

    regstore_lock();
    notify_remove(key);
    regstore_unref(key->node);
    if (key->prev) {
        *key->prev = key->next;
        if (key->next)
            key->next->prev = key->prev;
    }
    regstore_unlock();
}

/* ---- 5. Information classes -------------------------------------------------
 * The rules shared by every query: *result_len gets the size of the whole
 * answer; a buffer smaller than the fixed part gets nothing and
 * STATUS_BUFFER_TOO_SMALL; otherwise the fixed part is written, then as
 * much of the names and data as fits, and STATUS_BUFFER_OVERFLOW says
 * that something did not.  Buffers are written with memcpy: callers need
 * not align them.
 */

struct out_buf {
    char *buf;
    ULONG len;
};

/* Copy what fits of src to offset off of the caller's buffer. */
static void out_put(const struct out_buf *o, size_t off, const void *src, size_t size)
{
    if (off >= o->len || !size)
        return;
    if (size > o->len - off)
        size = o->len - off;
    memcpy(o->buf + off, src, size);
}

static NTSTATUS out_status(const struct out_buf *o, size_t fixed, size_t need, ULONG *result_len)
{
    *result_len = need > 0xffffffffu ? 0xffffffffu : (ULONG)need;
    if (o->len < fixed)
        return STATUS_BUFFER_TOO_SMALL;
    return o->len < need ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static int value_class_known(ULONG cls)
{
    return cls == KeyValueBasicInformation || cls == KeyValueFullInformation ||
           cls == KeyValuePartialInformation || cls == KeyValueFullInformationAlign64 ||
           cls == KeyValuePartialInformationAlign64;
}

/* Describe value v in the layout of class cls. */
static NTSTATUS fill_value_info(ULONG cls, const struct regvalue *v, void *info, ULONG length,
                                ULONG *result_len)
{
    struct out_buf o = { info, length };
    size_t name_bytes = v->name_len * sizeof(WCHAR), fixed, data_off, need;

    switch (cls) {
    case KeyValueBasicInformation: {
        KEY_VALUE_BASIC_INFORMATION h = { 0, v->type, (ULONG)name_bytes, { 0 } };
        fixed = offsetof(KEY_VALUE_BASIC_INFORMATION, Name);
        need = fixed + name_bytes;
        if (length >= fixed) {
            out_put(&o, 0, &h, fixed);
            out_put(&o, fixed, v->name, name_bytes);
        }
        return out_status(&o, fixed, need, result_len);
    }
    case KeyValueFullInformation:
    case KeyValueFullInformationAlign64: {
        fixed = offsetof(KEY_VALUE_FULL_INFORMATION, Name);
        /* the data starts on a ULONG boundary (8 bytes for Align64) */
        data_off = ALIGN_UP(fixed + name_bytes, cls == KeyValueFullInformation ? 4 : 8);
        need = data_off + v->size;
        KEY_VALUE_FULL_INFORMATION h = { 0, v->type, (ULONG)data_off, (ULONG)v->size,
                                         (ULONG)name_bytes, { 0 } };
        if (length >= fixed) {
            out_put(&o, 0, &h, fixed);
            out_put(&o, fixed, v->name, name_bytes);
            out_put(&o, data_off, v->data, v->size);
        }
        return out_status(&o, fixed, need, result_len);
    }
    case KeyValuePartialInformation: {
        KEY_VALUE_PARTIAL_INFORMATION h = { 0, v->type, (ULONG)v->size, { 0 } };
        fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION, Data);
        need = fixed + v->size;
        if (length >= fixed) {
            out_put(&o, 0, &h, fixed);
            out_put(&o, fixed, v->data, v->size);
        }
        return out_status(&o, fixed, need, result_len);
    }
    case KeyValuePartialInformationAlign64: {
        KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 h = { v->type, (ULONG)v->size, { 0 } };
        fixed = offsetof(KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, Data);
        need = fixed + v->size;
        if (length >= fixed) {
            out_put(&o, 0, &h, fixed);
            out_put(&o, fixed, v->data, v->size);
        }
        return out_status(&o, fixed, need, result_len);
    }
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static int key_class_known(ULONG cls)
{
    return cls == KeyBasicInformation || cls == KeyNodeInformation ||
           cls == KeyFullInformation || cls == KeyNameInformation ||
           cls == KeyCachedInformation;
}

static NTSTATUS fill_key_basic(const struct regnode *node, struct out_buf *o, ULONG *result_len)
{
    size_t len;
    const WCHAR *name = regstore_name(node, &len);
    size_t fixed = offsetof(KEY_BASIC_INFORMATION, Name), bytes = len * sizeof(WCHAR);
    KEY_BASIC_INFORMATION h = { { .QuadPart = regstore_mtime(node) }, 0, (ULONG)bytes, { 0 } };

    if (o->len >= fixed) {
        out_put(o, 0, &h, fixed);
        out_put(o, fixed, name, bytes);
    }
    return out_status(o, fixed, fixed + bytes, result_len);
}

static NTSTATUS fill_key_node(const struct regnode *node, struct out_buf *o, ULONG *result_len)
{
    size_t len, cls_len;
    const WCHAR *name = regstore_name(node, &len);
    const WCHAR *cls = regstore_class(node, &cls_len);
    size_t fixed = offsetof(KEY_NODE_INFORMATION, Name), bytes = len * sizeof(WCHAR);
    size_t cls_bytes = cls_len * sizeof(WCHAR);
    KEY_NODE_INFORMATION h = { { .QuadPart = regstore_mtime(node) }, 0,
                               cls_len ? (ULONG)(fixed + bytes) : NO_CLASS, (ULONG)cls_bytes,
                               (ULONG)bytes, { 0 } };

    if (o->len >= fixed) {
        out_put(o, 0, &h, fixed);
        out_put(o, fixed, name, bytes);
        out_put(o, fixed + bytes, cls, cls_bytes);
    }
    return out_status(o, fixed, fixed + bytes + cls_bytes, result_len);
}

static NTSTATUS fill_key_full(const struct regnode *node, struct out_buf *o, ULONG *result_len)
{
    struct regnode_info ri;
    size_t cls_len;
    const WCHAR *cls = regstore_class(node, &cls_len);
    size_t fixed = offsetof(KEY_FULL_INFORMATION, Class), cls_bytes = cls_len * sizeof(WCHAR);

    regstore_query_info(node, &ri);
    KEY_FULL_INFORMATION h = {
        .LastWriteTime.QuadPart = regstore_mtime(node),
        .ClassOffset = cls_len ? (ULONG)fixed : NO_CLASS,
        .ClassLength = (ULONG)cls_bytes,
        .SubKeys = (ULONG)ri.subkeys,
        .MaxNameLen = (ULONG)(ri.max_subkey_len * sizeof(WCHAR)),
        .MaxClassLen = (ULONG)(ri.max_class_len * sizeof(WCHAR)),
        .Values = (ULONG)ri.values,
        .MaxValueNameLen = (ULONG)(ri.max_value_name_len * sizeof(WCHAR)),
        .MaxValueDataLen = (ULONG)ri.max_value_size,
    };
    if (o->len >= fixed) {
        out_put(o, 0, &h, fixed);
        out_put(o, fixed, cls, cls_bytes);
    }
    return out_status(o, fixed, fixed + cls_bytes, result_len);
}

static NTSTATUS fill_key_name(const struct regnode *node, struct out_buf *o, ULONG *result_len)
{
    size_t len, fixed = offsetof(KEY_NAME_INFORMATION, Name);
    WCHAR *name = full_name(node, &len);
    NTSTATUS st;

    if (!name)
        return STATUS_NO_MEMORY;
    ULONG bytes = (ULONG)(len * sizeof(WCHAR));
    if (o->len >= fixed) {
        out_put(o, 0, &bytes, sizeof(bytes));
        out_put(o, fixed, name, bytes);
    }
    st = out_status(o, fixed, fixed + bytes, result_len);
    kfree(name);
    return st;
}

static NTSTATUS fill_key_cached(const struct regnode *node, struct out_buf *o, ULONG *result_len)
{
    struct regnode_info ri;
    size_t len;

    regstore_name(node, &len);
    regstore_query_info(node, &ri);
    KEY_CACHED_INFORMATION h = {
        .LastWriteTime.QuadPart = regstore_mtime(node),
        .SubKeys = (ULONG)ri.subkeys,
        .MaxNameLen = (ULONG)(ri.max_subkey_len * sizeof(WCHAR)),
        .Values = (ULONG)ri.values,
        .MaxValueNameLen = (ULONG)(ri.max_value_name_len * sizeof(WCHAR)),
        .MaxValueDataLen = (ULONG)ri.max_value_size,
        .NameLength = (ULONG)(len * sizeof(WCHAR)),
    };
    if (o->len >= sizeof(h))
        out_put(o, 0, &h, sizeof(h));
    return out_status(o, sizeof(h), sizeof(h), result_len);
}

/* Describe node in the layout of class cls (KEY_INFORMATION_CLASS). */
static NTSTATUS fill_key_info(ULONG cls, const struct regnode *node, void *info, ULONG length,
                              ULONG *result_len)
{
    struct out_buf o = { info, length };

    switch (cls) {
    case KeyBasicInformation:
        return fill_key_basic(node, &o, result_len);
    case KeyNodeInformation:
        return fill_key_node(node, &o, result_len);
    case KeyFullInformation:
        return fill_key_full(node, &o, result_len);
    case KeyNameInformation:
        return fill_key_name(node, &o, result_len);
    case KeyCachedInformation:
        return fill_key_cached(node, &o, result_len);
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

/* ---- 6. Creating and opening keys ---------------------------------------- */

static NTSTATUS check_attr(HANDLE *key, const OBJECT_ATTRIBUTES *attr)
{
    if (!key || !attr)
        return STATUS_ACCESS_VIOLATION;
    *key = 0;
    if (attr->Length != sizeof(*attr))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* Open the key attr names.  Only OBJ_OPENLINK decides whether a link at
 * the end is opened itself (REG_OPTION_OPEN_LINK is kernelbase's flag,
 * which it turns into OBJ_OPENLINK). */
static NTSTATUS open_key(HANDLE *key, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr)
{
    struct key_object *obj = NULL;
    struct regnode *node;
    struct start s;
    struct walk w;
    NTSTATUS st;

    if ((st = check_attr(key, attr)))
        return st;
    if ((st = start_of(attr, &s)))
        return st;
    regstore_lock();
    if (!(st = start_node(&s, &node)))
        st = walk_path(node, s.path, s.len, (attr->Attributes & OBJ_OPENLINK) != 0, 0, &w);
    if (!st && w.rest_len)
        st = STATUS_OBJECT_NAME_NOT_FOUND;
    int predefined = !st && node_predefined(w.node);
    if (!st)
        obj = key_object_new(w.node);
    regstore_unlock();
    start_done(&s);
    if (st || (st = key_object_publish(obj, access, attr->Attributes, key)))
        return st;
    return predefined ? STATUS_PREDEFINED_HANDLE : STATUS_SUCCESS;
}

/* Make the subkey a create found missing.  Store lock held. */
static NTSTATUS make_subkey(struct regnode *parent, const WCHAR *name, size_t len,
                            const UNICODE_STRING *cls, ULONG options, struct regnode **out)
{
    unsigned flags = 0;
    NTSTATUS st;

    if (options & REG_OPTION_VOLATILE)
        flags |= REGNODE_VOLATILE;
    else if (regstore_flags(parent) & REGNODE_VOLATILE)
        return STATUS_CHILD_MUST_BE_VOLATILE;
    if (options & REG_OPTION_CREATE_LINK)
        flags |= REGNODE_LINK;
    if ((st = regstore_create(parent, name, len, flags, time_now_nt(), out)))
        return st;
    if (cls && cls->Length &&
        (st = regstore_set_class(*out, cls->Buffer, cls->Length / sizeof(WCHAR)))) {
        regstore_delete(*out);
        return st;
    }
    touch(parent, REG_NOTIFY_CHANGE_NAME);
    return STATUS_SUCCESS;
}

static NTSTATUS create_key(HANDLE *key, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                           const UNICODE_STRING *cls, ULONG options, ULONG *dispos)
{
    struct key_object *obj = NULL;
    struct regnode *node;
    ULONG disposition = REG_OPENED_EXISTING_KEY;
    struct start s;
    struct walk w;
    size_t len;
    NTSTATUS st;

    if ((st = check_attr(key, attr)))
        return st;
    if (!attr->RootDirectory && (!attr->ObjectName || !attr->ObjectName->Length))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if ((st = start_of(attr, &s)))
        return st;
    /* a new link must not resolve an existing one in its place */
    int open_link = (attr->Attributes & OBJ_OPENLINK) || (options & REG_OPTION_CREATE_LINK);
    regstore_lock();
    /* another process of the instance may create the key between the walk
     * and the create (the store then finds it): walk again and open it */
    for (int tries = 0; tries < 2; tries++) {
        disposition = REG_OPENED_EXISTING_KEY;
        if (!(st = start_node(&s, &node)))
            st = walk_path(node, s.path, s.len, open_link, 0, &w);
        if (!st && !w.rest_len) {
            node = w.node;
            if (options & REG_OPTION_CREATE_LINK)
                st = STATUS_OBJECT_NAME_COLLISION;
        } else if (!st && !(st = last_element(&w, &len))) {
            st = make_subkey(w.node, w.rest, len, cls, options, &node);
            disposition = REG_CREATED_NEW_KEY;
            if (st == STATUS_OBJECT_NAME_COLLISION && !(options & REG_OPTION_CREATE_LINK))
                continue;
        }
        break;
    }
    if (!st && !(obj = key_object_new(node)))
        st = STATUS_NO_MEMORY;
    int predefined = !st && node_predefined(node);
    regstore_unlock();
    start_done(&s);
    if (st)
        return st;
    if ((st = key_object_publish(obj, access, attr->Attributes, key)))
        return st;
    if (dispos)
        *dispos = disposition;
    return predefined ? STATUS_PREDEFINED_HANDLE : STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateKey(HANDLE *key, ACCESS_MASK access,
                                         const OBJECT_ATTRIBUTES *attr, ULONG index,
                                         const UNICODE_STRING *cls, ULONG options, ULONG *dispos)
{
    (void)index;    /* TitleIndex: ignored by every Windows since NT 3.5 */
    return create_key(key, access, attr, cls, options, dispos);
}
SYSCALL(NtCreateKey);

/* Transactions are not implemented: the key is created outside any
 * transaction, as if it had committed at once. */
NTSTATUS NTAPI KERNEL_EXPORT NtCreateKeyTransacted(HANDLE *key, ACCESS_MASK access,
                                                   const OBJECT_ATTRIBUTES *attr, ULONG index,
                                                   const UNICODE_STRING *cls, ULONG options,
                                                   HANDLE transaction, ULONG *dispos)
{
    (void)index;
    (void)transaction;
    return create_key(key, access, attr, cls, options, dispos);
}
SYSCALL(NtCreateKeyTransacted);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenKeyEx(HANDLE *key, ACCESS_MASK access,
                                         const OBJECT_ATTRIBUTES *attr, ULONG options)
{
    (void)options;  /* REG_OPTION_OPEN_LINK: see open_key */
    return open_key(key, access, attr);
}
SYSCALL(NtOpenKeyEx);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenKey(HANDLE *key, ACCESS_MASK access,
                                       const OBJECT_ATTRIBUTES *attr)
{
    return open_key(key, access, attr);
}
SYSCALL(NtOpenKey);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenKeyTransactedEx(HANDLE *key, ACCESS_MASK access,
                                                   const OBJECT_ATTRIBUTES *attr, ULONG options,
                                                   HANDLE transaction)
{
    (void)options;
    (void)transaction;
    return open_key(key, access, attr);
}
SYSCALL(NtOpenKeyTransactedEx);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenKeyTransacted(HANDLE *key, ACCESS_MASK access,
                                                 const OBJECT_ATTRIBUTES *attr, HANDLE transaction)
{
    (void)transaction;
    return open_key(key, access, attr);
}
SYSCALL(NtOpenKeyTransacted);

/* ---- 7. Deleting, renaming, flushing, key information -------------------- */

NTSTATUS NTAPI KERNEL_EXPORT NtDeleteKey(HANDLE handle)
{
    struct key_object *key;
    NTSTATUS st;

    if ((st = handle_ref(handle, &key_type, DELETE, (void **)&key)))
        return st;
    regstore_lock();
    struct regnode *parent = regstore_parent(key->node);
    if (node_predefined(key->node))
        st = STATUS_INVALID_HANDLE;
    else if (!node_deleted(key->node) && !(st = regstore_delete(key->node))) {
        notify_deleted(key->node);
        touch(parent, REG_NOTIFY_CHANGE_NAME);
    }
    regstore_unlock();
    kobject_unref(key);
    return st;
}
SYSCALL(NtDeleteKey);

static int is_single_element(const WCHAR *name, size_t len)
{
    if (!len || len > MAX_KEY_NAME_LEN)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '\\')
            return 0;
    return 1;
}

NTSTATUS NTAPI KERNEL_EXPORT NtRenameKey(HANDLE handle, UNICODE_STRING *name)
{
    struct key_object *key;
    NTSTATUS st;

    if (!name)
        return STATUS_ACCESS_VIOLATION;
    if (!name->Buffer || !name->Length)
        return STATUS_INVALID_PARAMETER;
    if ((st = key_begin(handle, KEY_WRITE, &key)))
        return st;
    size_t len = name->Length / sizeof(WCHAR);
    if (!is_single_element(name->Buffer, len))
        st = STATUS_INVALID_PARAMETER;
    else if (!(st = regstore_rename(key->node, name->Buffer, len)))
        touch(key->node, REG_NOTIFY_CHANGE_NAME);
    key_end(key);
    return st;
}
SYSCALL(NtRenameKey);

NTSTATUS NTAPI KERNEL_EXPORT NtFlushKey(HANDLE handle)
{
    struct key_object *key;
    NTSTATUS st;

    /* commit the batch and make it durable: acknowledged means on disk */
    if ((st = key_begin(handle, 0, &key)))
        return st;
    st = regstore_tick_locked(1);
    key_end(key);
    return st;
}
SYSCALL(NtFlushKey);

static NTSTATUS set_write_time(HANDLE handle, const void *info, ULONG length)
{
    struct key_object *key;
    KEY_WRITE_TIME_INFORMATION wt;
    NTSTATUS st;

    if (length != sizeof(wt))
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(&wt, info, sizeof(wt));
    if ((st = key_begin(handle, KEY_SET_VALUE, &key)))
        return st;
    regstore_set_mtime(key->node, wt.LastWriteTime.QuadPart);
    notify_change(key->node, REG_NOTIFY_CHANGE_LAST_SET);
    regstore_changed(key->node, REG_NOTIFY_CHANGE_LAST_SET);
    key_end(key);
    return STATUS_SUCCESS;
}

static NTSTATUS set_handle_tags(HANDLE handle, const void *info, ULONG length)
{
    struct key_object *key;
    struct key_handle_tags_info tags;
    NTSTATUS st;

    if (length != sizeof(tags))
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(&tags, info, sizeof(tags));
    if ((st = key_begin(handle, 0, &key)))
        return st;
    key->handle_tags = tags.HandleTags;
    key_end(key);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationKey(HANDLE handle, KEY_SET_INFORMATION_CLASS cls,
                                                 void *info, ULONG length)
{
    struct key_object *key;
    NTSTATUS st;

    switch (cls) {
    case KeyWriteTimeInformation:
        return set_write_time(handle, info, length);
    case KeySetHandleTagsInformation:
        return set_handle_tags(handle, info, length);
    case KeyWow64FlagsInformation:
    case KeyControlFlagsInformation:
        /* accepted and ignored: no WoW64 view, no virtualization */
        if (length != sizeof(ULONG))
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((st = key_begin(handle, KEY_SET_VALUE, &key)))
            return st;
        key_end(key);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}
SYSCALL(NtSetInformationKey);

/* ---- 8. Values ----------------------------------------------------------- */

static int same_value(const struct regvalue *v, ULONG type, const void *data, ULONG size)
{
    return v->type == type && v->size == size && (!size || !memcmp(v->data, data, size));
}

/* A link key holds one thing: its target, as REG_LINK SymbolicLinkValue. */
static int link_value_allowed(const WCHAR *name, size_t len, ULONG type)
{
    return type == REG_LINK && wcs_ieq(name, len, symlink_value_name, SYMLINK_VALUE_LEN);
}

NTSTATUS NTAPI KERNEL_EXPORT NtSetValueKey(HANDLE handle, const UNICODE_STRING *name,
                                           ULONG index, ULONG type, const void *data,
                                           ULONG size)
{
    struct key_object *key;
    struct regvalue old;
    NTSTATUS st;

    (void)index;
    if (!name || (!data && size))
        return STATUS_ACCESS_VIOLATION;
    if (name->Length > MAX_VALUE_NAME_BYTES)
        return STATUS_INVALID_PARAMETER;
    if ((st = key_begin(handle, KEY_SET_VALUE, &key)))
        return st;
    size_t len = name->Length / sizeof(WCHAR);
    if ((regstore_flags(key->node) & REGNODE_LINK) && !link_value_allowed(name->Buffer, len, type))
        st = STATUS_ACCESS_DENIED;
    else if (regstore_get_value(key->node, name->Buffer, len, &old) &&
             same_value(&old, type, data, size))
        st = STATUS_SUCCESS;    /* no change: no new time, no notification */
    else if (!(st = regstore_set_value(key->node, name->Buffer, len, type, data, size)))
        touch(key->node, REG_NOTIFY_CHANGE_LAST_SET);
    key_end(key);
    return st;
}
SYSCALL(NtSetValueKey);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryValueKey(HANDLE handle, const UNICODE_STRING *name,
                                             KEY_VALUE_INFORMATION_CLASS cls, void *info,
                                             ULONG length, ULONG *result_len)
{
    struct key_object *key;
    struct regvalue v;
    NTSTATUS st;

    if (!name || !result_len)
        return STATUS_ACCESS_VIOLATION;
    if (name->Length > MAX_VALUE_NAME_BYTES)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (!value_class_known(cls))
        return STATUS_INVALID_PARAMETER;
    if ((st = key_begin(handle, KEY_QUERY_VALUE, &key)))
        return st;
    if (!regstore_get_value(key->node, name->Buffer, name->Length / sizeof(WCHAR), &v))
        st = STATUS_OBJECT_NAME_NOT_FOUND;
    else
        st = fill_value_info(cls, &v, info, length, result_len);
    key_end(key);
    return st;
}
SYSCALL(NtQueryValueKey);

NTSTATUS NTAPI KERNEL_EXPORT NtEnumerateValueKey(HANDLE handle, ULONG index,
                                                 KEY_VALUE_INFORMATION_CLASS cls, void *info,
                                                 ULONG length, ULONG *result_len)
{
    struct key_object *key;
    struct regvalue v;
    NTSTATUS st;

    if (!result_len)
        return STATUS_ACCESS_VIOLATION;
    if (!value_class_known(cls))
        return STATUS_INVALID_PARAMETER;
    if ((st = key_begin(handle, KEY_QUERY_VALUE, &key)))
        return st;
    if (!regstore_value_at(key->node, index, &v))
        st = STATUS_NO_MORE_ENTRIES;
    else
        st = fill_value_info(cls, &v, info, length, result_len);
    key_end(key);
    return st;
}
SYSCALL(NtEnumerateValueKey);

NTSTATUS NTAPI KERNEL_EXPORT NtDeleteValueKey(HANDLE handle, const UNICODE_STRING *name)
{
    struct key_object *key;
    NTSTATUS st;

    if (!name)
        return STATUS_ACCESS_VIOLATION;
    if (name->Length > MAX_VALUE_NAME_BYTES)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if ((st = key_begin(handle, KEY_SET_VALUE, &key)))
        return st;
    if (!(st = regstore_delete_value(key->node, name->Buffer, name->Length / sizeof(WCHAR))))
        touch(key->node, REG_NOTIFY_CHANGE_LAST_SET);
    key_end(key);
    return st;
}
SYSCALL(NtDeleteValueKey);

/*
 * Several values at once, with the Windows prototype (Wine 8.0 declares
 * the length by value but never calls it): each entry gets its type,
 * size and the offset of its data in buffer; data are packed on ULONG
 * boundaries.  *length: buffer size in, bytes used out.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtQueryMultipleValueKey(HANDLE handle, KEY_VALUE_ENTRY *list,
                                                     ULONG count, void *buffer, ULONG *length,
                                                     ULONG *required)
{
    struct key_object *key;
    struct regvalue v;
    size_t off = 0;
    NTSTATUS st;

    if (!list || !length)
        return STATUS_ACCESS_VIOLATION;
    if ((st = key_begin(handle, KEY_QUERY_VALUE, &key)))
        return st;
    for (ULONG i = 0; i < count && !st; i++) {
        const UNICODE_STRING *name = list[i].ValueName;
        if (!name ||
            !regstore_get_value(key->node, name->Buffer, name->Length / sizeof(WCHAR), &v)) {
            st = STATUS_OBJECT_NAME_NOT_FOUND;
            break;
        }
        off = ALIGN_UP(off, sizeof(ULONG));
        list[i].Type = v.type;
        list[i].DataLength = (ULONG)v.size;
        list[i].DataOffset = (ULONG)off;
        if (off + v.size <= *length && v.size)
            memcpy((char *)buffer + off, v.data, v.size);
        off += v.size;
    }
    key_end(key);
    if (st)
        return st;
    if (required)
        *required = (ULONG)off;
    if (off > *length)
        return STATUS_BUFFER_OVERFLOW;
    *length = (ULONG)off;
    return STATUS_SUCCESS;
}
SYSCALL(NtQueryMultipleValueKey);

/* ---- 9. Querying and enumerating keys ------------------------------------ */

static NTSTATUS query_handle_tags(struct key_object *key, void *info, ULONG length,
                                  ULONG *result_len)
{
    struct out_buf o = { info, length };
    struct key_handle_tags_info tags = { key->handle_tags };

    if (length >= sizeof(tags))
        out_put(&o, 0, &tags, sizeof(tags));
    return out_status(&o, sizeof(tags), sizeof(tags), result_len);
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryKey(HANDLE handle, KEY_INFORMATION_CLASS cls, void *info,
                                        ULONG length, ULONG *result_len)
{
    struct key_object *key;
    NTSTATUS st;

    if (!result_len)
        return STATUS_ACCESS_VIOLATION;
    if (!key_class_known(cls) && cls != KeyHandleTagsInformation)
        return STATUS_INVALID_PARAMETER;
    if ((st = key_begin(handle, 0, &key)))
        return st;
    if (cls == KeyHandleTagsInformation)
        st = query_handle_tags(key, info, length, result_len);
    else
        st = fill_key_info(cls, key->node, info, length, result_len);
    key_end(key);
    return st;
}
SYSCALL(NtQueryKey);

NTSTATUS NTAPI KERNEL_EXPORT NtEnumerateKey(HANDLE handle, ULONG index, KEY_INFORMATION_CLASS cls,
                                            void *info, ULONG length, ULONG *result_len)
{
    struct key_object *key;
    struct regnode *child;
    NTSTATUS st;

    if (!result_len)
        return STATUS_ACCESS_VIOLATION;
    if (!key_class_known(cls))
        return STATUS_INVALID_PARAMETER;
    if ((st = key_begin(handle, KEY_ENUMERATE_SUB_KEYS, &key)))
        return st;
    if (!(child = regstore_child(key->node, index)))
        st = STATUS_NO_MORE_ENTRIES;
    else
        st = fill_key_info(cls, child, info, length, result_len);
    key_end(key);
    return st;
}
SYSCALL(NtEnumerateKey);

/* ---- 10. Change notifications -------------------------------------------- */

/* The event a notification signals, referenced, after resetting it as
 * arming a notification does. */
static NTSTATUS notify_event_ref(HANDLE event, struct kobject **out)
{
    NTSTATUS st;

    if ((st = handle_ref(event, NULL, SYNCHRONIZE, (void **)out)))
        return st;
    if (strcmp((*out)->type->name, "Event")) {
        kobject_unref(*out);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    NtResetEvent(event, NULL);      /* may lack EVENT_MODIFY_STATE: then it stays as it was */
    return STATUS_SUCCESS;
}

static NTSTATUS notify_arm(HANDLE handle, HANDLE event, ULONG filter, BOOLEAN subtree)
{
    struct key_object *key;
    struct kobject *ev;
    NTSTATUS st;

    if ((st = notify_event_ref(event, &ev)))
        return st;
    if ((st = key_begin(handle, KEY_NOTIFY, &key))) {
        kobject_unref(ev);
        return st;
    }
    st = notify_add(key, filter, subtree != 0, ev);
    regstore_unlock();
    if (st)
        kobject_unref(ev);
    kobject_unref(key);
    return st ? st : STATUS_PENDING;
}

/*
 * Watch a key.  Asynchronous: arm the notification and return
 * STATUS_PENDING; the event is signalled on the change.  Synchronous:
 * arm it with a private event and wait for the change.  The APC, the
 * I/O status block, the change buffer and the extra keys of the
 * "multiple" form are not used (as in Wine 8.0).
 */
NTSTATUS NTAPI KERNEL_EXPORT NtNotifyChangeMultipleKeys(HANDLE handle, ULONG count,
                                                        OBJECT_ATTRIBUTES *attr, HANDLE event,
                                                        PIO_APC_ROUTINE apc, void *apc_context,
                                                        IO_STATUS_BLOCK *io, ULONG filter,
                                                        BOOLEAN subtree, void *buffer,
                                                        ULONG length, BOOLEAN async)
{
    HANDLE own = 0;
    NTSTATUS st;

    (void)count, (void)attr, (void)apc, (void)apc_context, (void)io, (void)buffer, (void)length;
    if (filter & ~REG_LEGAL_CHANGE_FILTER)
        return STATUS_INVALID_PARAMETER;
    if (async)
        return notify_arm(handle, event, filter, subtree);
    if ((st = NtCreateEvent(&own, EVENT_ALL_ACCESS, NULL, SynchronizationEvent, FALSE)))
        return st;
    st = notify_arm(handle, own, filter, subtree);
    if (st == STATUS_PENDING)
        st = NtWaitForSingleObject(own, FALSE, NULL);
    NtClose(own);
    return st;
}
SYSCALL(NtNotifyChangeMultipleKeys);

NTSTATUS NTAPI KERNEL_EXPORT NtNotifyChangeKey(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                               void *apc_context, IO_STATUS_BLOCK *io,
                                               ULONG filter, BOOLEAN subtree, void *buffer,
                                               ULONG length, BOOLEAN async)
{
    return NtNotifyChangeMultipleKeys(handle, 0, NULL, event, apc, apc_context, io, filter,
                                      subtree, buffer, length, async);
}
SYSCALL(NtNotifyChangeKey);

/* ---- 11. Hives ----------------------------------------------------------------
 * keep's hive files are its own format ("KEEPHIVE"): a header, then one
 * record per key (its path below the saved key, its class, whether it is
 * a link) followed by records of its values, then an end record counting
 * the records.  NtSaveKey writes a key and its non-volatile subkeys;
 * NtLoadKey mounts a file as a new key directly under \REGISTRY\MACHINE or
 * \REGISTRY\USER.  A loaded hive's keys are volatile (nothing of it
 * reaches the instance's database) and NtUnloadKey writes it back to its
 * file before it goes.  NtRestoreKey copies a file over a key;
 * NtReplaceKey gives a loaded hive a new file from its next load.  A file is checked whole before
 * anything of it is applied: a damaged one changes nothing.
 */

#define HIVE_MAGIC "KEEPHIVE"
#define HIVE_VERSION 1u
#define HIVE_MAX (256u << 20)
enum { HIVE_KEY = 1, HIVE_VALUE = 2, HIVE_END = 3 };
#define HIVE_KEY_LINK 1u

static NTSTATUS create_below(struct regnode *base, const WCHAR *path, size_t len, unsigned flags,
                             struct regnode **out);

/* The file system calls a hive needs, called as functions. */
NTSTATUS NTAPI NtCreateFile(HANDLE *handle, ACCESS_MASK access, OBJECT_ATTRIBUTES *attr,
                            IO_STATUS_BLOCK *io, LARGE_INTEGER *alloc_size, ULONG attributes,
                            ULONG sharing, ULONG disposition, ULONG options, void *ea_buffer,
                            ULONG ea_length);
NTSTATUS NTAPI NtReadFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                          IO_STATUS_BLOCK *io, void *buffer, ULONG length, LARGE_INTEGER *offset,
                          ULONG *key);
NTSTATUS NTAPI NtWriteFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                           IO_STATUS_BLOCK *io, const void *buffer, ULONG length,
                           LARGE_INTEGER *offset, ULONG *key);
NTSTATUS NTAPI NtQueryInformationFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buf, ULONG len,
                                      FILE_INFORMATION_CLASS cls);
NTSTATUS NTAPI NtSetInformationFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buf, ULONG len,
                                    FILE_INFORMATION_CLASS cls);

struct hive_buf {
    char *data;
    size_t len, cap;
    int failed;
    uint32_t records;
};

static void hive_put(struct hive_buf *b, const void *p, size_t n)
{
    if (b->failed)
        return;
    if (b->len + n > b->cap) {
        size_t cap = (b->len + n) * 2 + 4096;
        char *d = cap <= HIVE_MAX ? krealloc(b->data, cap) : NULL;
        if (!d) {
            b->failed = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, p, n);
    b->len += n;
}

static void hive_u32(struct hive_buf *b, uint32_t v)
{
    hive_put(b, &v, sizeof(v));
}

static void hive_wstr(struct hive_buf *b, const WCHAR *s, size_t len)
{
    hive_u32(b, (uint32_t)len);
    hive_put(b, s, len * sizeof(WCHAR));
}

/* node and what lies below it; path is node's path below the saved key,
 * in a buffer of MAX_KEY_PATH units.  Store lock held. */
static void hive_save_node(struct hive_buf *b, struct regnode *node, WCHAR *path, size_t len,
                           int with_volatile)
{
    size_t cls_len;
    const WCHAR *cls = regstore_class(node, &cls_len);
    struct regvalue v;

    hive_u32(b, HIVE_KEY);
    hive_wstr(b, path, len);
    hive_wstr(b, cls, cls_len);
    hive_u32(b, (regstore_flags(node) & REGNODE_LINK) ? HIVE_KEY_LINK : 0);
    b->records++;
    for (size_t i = 0; regstore_value_at(node, i, &v); i++) {
        hive_u32(b, HIVE_VALUE);
        hive_wstr(b, v.name, v.name_len);
        hive_u32(b, v.type);
        hive_u32(b, (uint32_t)v.size);
        hive_put(b, v.data, v.size);
        b->records++;
    }
    for (size_t i = 0; i < regstore_child_count(node); i++) {
        struct regnode *child = regstore_child(node, i);
        size_t name_len;
        const WCHAR *name = regstore_name(child, &name_len);
        if ((regstore_flags(child) & REGNODE_VOLATILE) && !with_volatile)
            continue;
        size_t n = len + (len ? 1 : 0) + name_len;
        if (n > 32767) {
            b->failed = 1;
            return;
        }
        if (len)
            path[len] = '\\';
        memcpy(path + len + (len ? 1 : 0), name, name_len * sizeof(WCHAR));
        hive_save_node(b, child, path, n, with_volatile);
    }
}

/* The hive file bytes for node.  Store lock held. */
static NTSTATUS hive_save(struct regnode *node, int with_volatile, struct hive_buf *b)
{
    WCHAR *path = kmalloc(32768 * sizeof(WCHAR));

    memset(b, 0, sizeof(*b));
    if (!path)
        return STATUS_NO_MEMORY;
    hive_put(b, HIVE_MAGIC, 8);
    hive_u32(b, HIVE_VERSION);
    hive_save_node(b, node, path, 0, with_volatile);
    hive_u32(b, HIVE_END);
    hive_u32(b, b->records);
    kfree(path);
    if (b->failed) {
        kfree(b->data);
        b->data = NULL;
        return STATUS_NO_MEMORY;
    }
    return STATUS_SUCCESS;
}

/* A reader over hive bytes: every take checks the bounds. */
struct hive_in {
    const char *p;
    size_t left;
};

static int take_u32(struct hive_in *in, uint32_t *v)
{
    if (in->left < sizeof(*v))
        return 0;
    memcpy(v, in->p, sizeof(*v));
    in->p += sizeof(*v);
    in->left -= sizeof(*v);
    return 1;
}

static int take_bytes(struct hive_in *in, size_t n, const void **out)
{
    if (in->left < n)
        return 0;
    *out = in->p;
    in->p += n;
    in->left -= n;
    return 1;
}

static int take_wstr(struct hive_in *in, const WCHAR **s, uint32_t *len, uint32_t max)
{
    const void *p;

    if (!take_u32(in, len) || *len > max || !take_bytes(in, (size_t)*len * sizeof(WCHAR), &p))
        return 0;
    *s = p;
    return 1;
}

/* Apply a hive under target (created keys get flags).  With target NULL
 * only check it.  Store lock held when applying. */
static NTSTATUS hive_apply(const void *data, size_t size, struct regnode *target, unsigned flags)
{
    struct hive_in in = { data, size };
    struct regnode *cur = NULL;
    const void *p;
    uint32_t version, tag, records = 0;

    if (!take_bytes(&in, 8, &p) || memcmp(p, HIVE_MAGIC, 8) || !take_u32(&in, &version) ||
        version != HIVE_VERSION)
        return STATUS_REGISTRY_CORRUPT;
    while (take_u32(&in, &tag)) {
        if (tag == HIVE_END) {
            uint32_t count;
            return take_u32(&in, &count) && count == records && !in.left && records
                       ? STATUS_SUCCESS : STATUS_REGISTRY_CORRUPT;
        }
        if (tag == HIVE_KEY) {
            const WCHAR *path, *cls;
            uint32_t len, cls_len, kflags;
            if (!take_wstr(&in, &path, &len, 32767) || !take_wstr(&in, &cls, &cls_len, 32767) ||
                !take_u32(&in, &kflags) || (!records && len) || (records && !len))
                return STATUS_REGISTRY_CORRUPT;
            if (target) {
                NTSTATUS st = len ? create_below(target, path, len, flags |
                                                 ((kflags & HIVE_KEY_LINK) ? REGNODE_LINK : 0), &cur)
                                  : STATUS_SUCCESS;
                if (!len)
                    cur = target;
                if (!st && cls_len)
                    st = regstore_set_class(cur, cls, cls_len);
                if (st)
                    return st;
            }
        } else if (tag == HIVE_VALUE) {
            const WCHAR *name;
            uint32_t len, type, vsize;
            if (!records || !take_wstr(&in, &name, &len, 16383) || !take_u32(&in, &type) ||
                !take_u32(&in, &vsize) || !take_bytes(&in, vsize, &p))
                return STATUS_REGISTRY_CORRUPT;
            NTSTATUS st = target ? regstore_set_value(cur, name, len, type, p, vsize) : 0;
            if (st)
                return st;
        } else {
            return STATUS_REGISTRY_CORRUPT;
        }
        records++;
    }
    return STATUS_REGISTRY_CORRUPT;
}

/* The key at path below base (backslash-separated), made with flags where
 * missing.  Store lock held. */
static NTSTATUS create_below(struct regnode *base, const WCHAR *path, size_t len, unsigned flags,
                             struct regnode **out)
{
    struct regnode *node = base;

    for (size_t i = 0; i < len;) {
        size_t n = 0;
        while (i + n < len && path[i + n] != '\\')
            n++;
        if (!n || n > MAX_KEY_NAME_LEN)
            return STATUS_REGISTRY_CORRUPT;
        struct regnode *next = regstore_lookup(node, path + i, n);
        NTSTATUS st = next ? STATUS_SUCCESS
                           : regstore_create(node, path + i, n,
                                             (i + n == len ? flags : flags & ~REGNODE_LINK),
                                             time_now_nt(), &next);
        if (st)
            return st;
        node = next;
        i += n + 1;
    }
    *out = node;
    return STATUS_SUCCESS;
}

/* Delete node and everything below it.  Store lock held. */
static void delete_tree(struct regnode *node)
{
    while (regstore_child_count(node))
        delete_tree(regstore_child(node, 0));
    notify_deleted(node);
    regstore_delete(node);
}

/* Read a whole file by handle (at most HIVE_MAX bytes); kmalloc'ed, and
 * *data NULL on failure. */
static NTSTATUS read_file(HANDLE file, void **data, size_t *size)
{
    FILE_STANDARD_INFORMATION info;
    IO_STATUS_BLOCK io;
    LARGE_INTEGER zero = { .QuadPart = 0 };
    NTSTATUS st = NtQueryInformationFile(file, &io, &info, sizeof(info), FileStandardInformation);

    if (st)
        return st;
    if (info.EndOfFile.QuadPart > HIVE_MAX || info.EndOfFile.QuadPart < 16)
        return STATUS_REGISTRY_CORRUPT;
    *size = (size_t)info.EndOfFile.QuadPart;
    if (!(*data = kmalloc(*size)))
        return STATUS_NO_MEMORY;
    st = NtReadFile(file, NULL, NULL, NULL, &io, *data, (ULONG)*size, &zero, NULL);
    if (!st && io.Information != *size)
        st = STATUS_REGISTRY_CORRUPT;
    if (st) {
        kfree(*data);
        *data = NULL;
    }
    return st;
}

static NTSTATUS write_file(HANDLE file, const struct hive_buf *b)
{
    IO_STATUS_BLOCK io;
    LARGE_INTEGER zero = { .QuadPart = 0 };
    FILE_END_OF_FILE_INFORMATION eof = { .EndOfFile.QuadPart = (LONGLONG)b->len };
    NTSTATUS st = NtWriteFile(file, NULL, NULL, NULL, &io, b->data, (ULONG)b->len, &zero, NULL);

    if (!st)
        st = NtSetInformationFile(file, &io, &eof, sizeof(eof), FileEndOfFileInformation);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtSaveKey(HANDLE key, HANDLE file)
{
    struct key_object *k;
    struct hive_buf b;
    NTSTATUS st;

    if ((st = key_begin(key, 0, &k)))
        return st;
    st = hive_save(k->node, 0, &b);
    key_end(k);
    if (!st)
        st = write_file(file, &b);
    kfree(b.data);
    return st;
}
SYSCALL(NtSaveKey);

/* One loaded hive: its root key and the file it came from. */
struct hive {
    struct hive *next;
    struct regnode *root;           /* referenced */
    WCHAR *file;                    /* NT name */
    size_t file_len;
    WCHAR *replacement, *original;  /* NtReplaceKey: replacement becomes original
                                       at unload; NULL without */
    size_t replacement_len, original_len;
};

static void hive_free(struct hive *h)
{
    if (!h)
        return;
    kfree(h->file);
    kfree(h->replacement);
    kfree(h->original);
    kfree(h);
}
static struct hive *hives;          /* store lock */

static NTSTATUS open_hive_file(const WCHAR *name, size_t len, ACCESS_MASK access, ULONG disposition,
                               HANDLE *out)
{
    UNICODE_STRING us = { (USHORT)(len * 2), (USHORT)(len * 2), (WCHAR *)name };
    OBJECT_ATTRIBUTES attr = { sizeof(attr), NULL, &us, OBJ_CASE_INSENSITIVE, NULL, NULL };
    IO_STATUS_BLOCK io;

    return NtCreateFile(out, access | SYNCHRONIZE, &attr, &io, NULL, 0, FILE_SHARE_READ,
                        disposition, FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE,
                        NULL, 0);
}

/* The hive's mount point: a new key right under \REGISTRY\MACHINE or
 * \REGISTRY\USER.  Store lock held. */
static NTSTATUS mount_point(const OBJECT_ATTRIBUTES *attr, struct regnode **out)
{
    struct start s;
    struct regnode *start;
    struct walk w;
    size_t n;
    NTSTATUS st;

    if ((st = start_of(attr, &s)))
        return st;
    if (!(st = start_node(&s, &start)) && !(st = walk_path(start, s.path, s.len, 0, 0, &w))) {
        if (!w.rest_len)
            st = STATUS_OBJECT_NAME_COLLISION;
        else if (!(st = last_element(&w, &n)) && regstore_parent(w.node) != regstore_root())
            st = STATUS_INVALID_PARAMETER;
        else if (!st)
            st = regstore_create(w.node, w.rest, n, REGNODE_VOLATILE, time_now_nt(), out);
    }
    start_done(&s);
    return st;
}

/* The hive file file names, read whole and checked (kmalloc'ed). */
static NTSTATUS read_hive(OBJECT_ATTRIBUTES *file, void **data, size_t *size)
{
    IO_STATUS_BLOCK io;
    HANDLE f;
    NTSTATUS st;

    if ((st = NtOpenFile(&f, GENERIC_READ | SYNCHRONIZE, file, &io, FILE_SHARE_READ,
                         FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)))
        return st;
    st = read_file(f, data, size);
    NtClose(f);
    if (!st && (st = hive_apply(*data, *size, NULL, 0))) {
        kfree(*data);
        *data = NULL;
    }
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtLoadKeyEx(const OBJECT_ATTRIBUTES *attr, OBJECT_ATTRIBUTES *file,
                                         ULONG flags, HANDLE trustkey, HANDLE event,
                                         ACCESS_MASK access, HANDLE *root, IO_STATUS_BLOCK *io)
{
    struct hive *h = NULL;
    struct regnode *node = NULL;
    void *data = NULL;
    size_t size = 0;
    NTSTATUS st;

    (void)flags, (void)trustkey, (void)event, (void)access, (void)io;
    if (root)
        *root = NULL;
    if (!attr || !file || !file->ObjectName)
        return STATUS_INVALID_PARAMETER;
    st = read_hive(file, &data, &size);
    if (!st && (!(h = kzalloc(sizeof(*h))) ||
                !(h->file = kwcsdup(file->ObjectName->Buffer, file->ObjectName->Length / 2))))
        st = STATUS_NO_MEMORY;
    if (!st) {
        regstore_lock();
        if (!(st = mount_point(attr, &node)) && (st = hive_apply(data, size, node, REGNODE_VOLATILE)))
            delete_tree(node);
        if (!st) {
            regstore_ref(node);
            h->root = node;
            h->file_len = file->ObjectName->Length / 2;
            h->next = hives;
            hives = h;
            h = NULL;
            touch(regstore_parent(node), REG_NOTIFY_CHANGE_NAME);
        }
        regstore_unlock();
    }
    hive_free(h);
    kfree(data);
    return st;
}
SYSCALL(NtLoadKeyEx);

NTSTATUS NTAPI KERNEL_EXPORT NtLoadKey2(const OBJECT_ATTRIBUTES *attr, OBJECT_ATTRIBUTES *file,
                                        ULONG flags)
{
    return NtLoadKeyEx(attr, file, flags, 0, 0, 0, NULL, NULL);
}
SYSCALL(NtLoadKey2);

NTSTATUS NTAPI KERNEL_EXPORT NtLoadKey(const OBJECT_ATTRIBUTES *attr, OBJECT_ATTRIBUTES *file)
{
    return NtLoadKeyEx(attr, file, 0, 0, 0, 0, NULL, NULL);
}
SYSCALL(NtLoadKey);

/* The loaded hive at attr's key, unlinked from the list.  Store lock held. */
static struct hive *hive_take(const OBJECT_ATTRIBUTES *attr)
{
    struct start s;
    struct regnode *start;
    struct walk w;

    if (start_of(attr, &s))
        return NULL;
    struct hive **link = &hives;
    if (!start_node(&s, &start) && !walk_path(start, s.path, s.len, 0, 0, &w) && !w.rest_len)
        while (*link && (*link)->root != w.node)
            link = &(*link)->next;
    start_done(&s);
    struct hive *h = *link;
    if (h)
        *link = h->next;
    return h;
}

static NTSTATUS rename_file(const WCHAR *from, size_t from_len, const WCHAR *to, size_t to_len,
                            BOOLEAN replace);

NTSTATUS NTAPI KERNEL_EXPORT NtUnloadKey(OBJECT_ATTRIBUTES *attr)
{
    struct hive_buf b = { 0 };
    struct hive *h;
    HANDLE f;
    NTSTATUS st;

    if (!attr)
        return STATUS_INVALID_PARAMETER;
    regstore_lock();
    h = hive_take(attr);
    st = h ? hive_save(h->root, 1, &b) : STATUS_INVALID_PARAMETER;
    regstore_unlock();
    if (st) {
        if (h) {
            regstore_lock();
            h->next = hives;
            hives = h;
            regstore_unlock();
        }
        return st;
    }
    /* back to its file first: if that fails the hive stays loaded */
    st = open_hive_file(h->file, h->file_len, GENERIC_WRITE, FILE_OVERWRITE_IF, &f);
    if (!st) {
        st = write_file(f, &b);
        NtClose(f);
    }
    regstore_lock();
    if (st) {
        h->next = hives;
        hives = h;
    } else {
        struct regnode *parent = regstore_parent(h->root);
        delete_tree(h->root);
        if (parent)
            touch(parent, REG_NOTIFY_CHANGE_NAME);
        regstore_unref(h->root);
    }
    regstore_unlock();
    kfree(b.data);
    if (st)
        return st;
    /* NtReplaceKey's file takes the hive file's first name: the next load
       ("the next boot") reads it */
    if (h->replacement)
        st = rename_file(h->replacement, h->replacement_len, h->original, h->original_len, TRUE);
    hive_free(h);
    return st;
}
SYSCALL(NtUnloadKey);

/* Is a key strictly below node open through some handle?  Store lock. */
static int subkey_open(const struct regnode *node)
{
    for (const struct key_object *k = open_keys; k; k = k->next)
        if (!node_deleted(k->node) && is_ancestor(node, k->node))
            return 1;
    return 0;
}

/* Empty node: its subtree and its values go.  Store lock held. */
static NTSTATUS clear_key(struct regnode *node)
{
    struct regvalue v;
    NTSTATUS st = STATUS_SUCCESS;

    while (regstore_child_count(node))
        delete_tree(regstore_child(node, 0));
    while (!st && regstore_value_at(node, 0, &v))
        st = regstore_delete_value(node, v.name, v.name_len);
    return st;
}

#define RESTORE_FLAGS (REG_WHOLE_HIVE_VOLATILE | REG_NO_LAZY_FLUSH | REG_FORCE_RESTORE)

/*
 * Copy a saved tree (NtSaveKey's file) over a key: its values and subkeys
 * are replaced by the file's.  Refused (STATUS_CANNOT_DELETE) while a
 * subkey is open, unless REG_FORCE_RESTORE: then those handles answer
 * STATUS_KEY_DELETED.  REG_WHOLE_HIVE_VOLATILE makes the restored subkeys
 * volatile (so do a volatile key's rules).  The file is checked whole
 * first: a damaged one changes nothing.  REG_REFRESH_HIVE (go back to the
 * last flush) is not supported.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtRestoreKey(HANDLE handle, HANDLE file, ULONG flags)
{
    struct key_object *key;
    void *data = NULL;
    size_t size = 0;
    NTSTATUS st;

    if (flags & REG_REFRESH_HIVE)
        return STATUS_NOT_SUPPORTED;
    if (flags & ~RESTORE_FLAGS)
        return STATUS_INVALID_PARAMETER;
    if ((st = read_file(file, &data, &size)))
        return st == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_INVALID_HANDLE : st;
    if ((st = hive_apply(data, size, NULL, 0)) || (st = key_begin(handle, 0, &key))) {
        kfree(data);
        return st;
    }
    unsigned vol = (flags & REG_WHOLE_HIVE_VOLATILE) ||
                   (regstore_flags(key->node) & REGNODE_VOLATILE) ? REGNODE_VOLATILE : 0;
    if (!(flags & REG_FORCE_RESTORE) && subkey_open(key->node))
        st = STATUS_CANNOT_DELETE;
    else if (!(st = clear_key(key->node)) && !(st = hive_apply(data, size, key->node, vol)))
        touch(key->node, REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_LAST_SET);
    if (!st && (flags & REG_NO_LAZY_FLUSH))
        st = regstore_tick_locked(1);
    key_end(key);
    kfree(data);
    return st;
}
SYSCALL(NtRestoreKey);

/* Rename the file from (an NT name) to `to`.  Only the kernel's calls. */
static NTSTATUS rename_file(const WCHAR *from, size_t from_len, const WCHAR *to, size_t to_len,
                            BOOLEAN replace)
{
    size_t size = offsetof(FILE_RENAME_INFORMATION, FileName) + to_len * sizeof(WCHAR);
    FILE_RENAME_INFORMATION *info = kzalloc(size);
    IO_STATUS_BLOCK io;
    HANDLE f;
    NTSTATUS st;

    if (!info)
        return STATUS_NO_MEMORY;
    info->ReplaceIfExists = replace;
    info->FileNameLength = (ULONG)(to_len * sizeof(WCHAR));
    memcpy(info->FileName, to, to_len * sizeof(WCHAR));
    if (!(st = open_hive_file(from, from_len, DELETE, FILE_OPEN, &f))) {
        st = NtSetInformationFile(f, &io, info, (ULONG)size, FileRenameInformation);
        NtClose(f);
    }
    kfree(info);
    return st;
}

/* The loaded hive whose root is node, or NULL.  Store lock held. */
static struct hive *hive_of(const struct regnode *node)
{
    for (struct hive *h = hives; h; h = h->next)
        if (h->root == node)
            return h;
    return NULL;
}

static WCHAR *attr_name(const OBJECT_ATTRIBUTES *attr, size_t *len)
{
    if (!attr || !attr->ObjectName || !attr->ObjectName->Buffer || !attr->ObjectName->Length)
        return NULL;
    *len = attr->ObjectName->Length / sizeof(WCHAR);
    return kwcsdup(attr->ObjectName->Buffer, *len);
}

/*
 * Give a loaded hive a new file from its next load on ("at the next
 * boot"): its file is renamed to old_file, which backs the hive from now
 * on (NtUnloadKey writes it there), and new_file, checked whole now,
 * takes the file's first name when the hive is unloaded.  Only the root
 * of a hive loaded with NtLoadKey is accepted (STATUS_INVALID_PARAMETER
 * otherwise: the instance's own hives live in its database).
 */
NTSTATUS NTAPI KERNEL_EXPORT NtReplaceKey(OBJECT_ATTRIBUTES *new_file, HANDLE handle,
                                          OBJECT_ATTRIBUTES *old_file)
{
    struct key_object *key;
    struct hive *h;
    WCHAR *new_name = NULL, *old_name = NULL;
    size_t new_len = 0, old_len = 0, size;
    void *data;
    NTSTATUS st;

    if (!new_file || !old_file)
        return STATUS_INVALID_PARAMETER;
    if ((st = read_hive(new_file, &data, &size)))
        return st;
    kfree(data);
    if (!(new_name = attr_name(new_file, &new_len)) || !(old_name = attr_name(old_file, &old_len))) {
        kfree(new_name);
        return STATUS_NO_MEMORY;
    }
    if ((st = key_begin(handle, 0, &key)))
        goto done;
    if (!(h = hive_of(key->node)) || h->replacement)
        st = STATUS_INVALID_PARAMETER;
    else if (!(st = rename_file(h->file, h->file_len, old_name, old_len, FALSE))) {
        h->replacement = new_name;
        h->replacement_len = new_len;
        h->original = h->file;
        h->original_len = h->file_len;
        h->file = old_name;
        h->file_len = old_len;
        new_name = old_name = NULL;
    }
    key_end(key);
done:
    kfree(new_name);
    kfree(old_name);
    return st;
}
SYSCALL(NtReplaceKey);

NTSTATUS NTAPI KERNEL_EXPORT NtCompactKeys(ULONG count, HANDLE *keys)
{
    (void)count, (void)keys;
    return STATUS_SUCCESS;
}
SYSCALL(NtCompactKeys);

NTSTATUS NTAPI KERNEL_EXPORT NtCompressKey(HANDLE key)
{
    (void)key;
    return STATUS_SUCCESS;
}
SYSCALL(NtCompressKey);

/* ---- 12. Start-up and kernel-internal access ----------------------------- */

/* The node an absolute "\REGISTRY\..." path names (links followed), or
 * NULL.  Store lock held. */
static struct regnode *lookup_absolute(const WCHAR *path, size_t len)
{
    struct walk w;
    size_t after;

    if (!match_registry_root(path, len, &after) ||
        walk_path(regstore_root(), path + after, len - after, 0, 0, &w) || w.rest_len)
        return NULL;
    return w.node;
}

NTSTATUS registry_get_value(const WCHAR *key_path, const WCHAR *name, ULONG *type, void *data,
                            ULONG *size)
{
    struct regnode *node;
    struct regvalue v;
    NTSTATUS st = STATUS_OBJECT_NAME_NOT_FOUND;

    regstore_lock();
    if ((node = lookup_absolute(key_path, kwcslen(key_path))) &&
        regstore_get_value(node, name, kwcslen(name), &v)) {
        if (type)
            *type = v.type;
        st = v.size > *size ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
        if (!st && v.size)
            memcpy(data, v.data, v.size);
        *size = (ULONG)v.size;
    }
    regstore_unlock();
    return st;
}

static NTSTATUS create_path(const WCHAR *path, size_t len, unsigned flags, struct regnode **out);

NTSTATUS registry_set_value(const WCHAR *key_path, const WCHAR *name, ULONG type,
                            const void *data, ULONG size, int volatile_key)
{
    struct regnode *node;
    NTSTATUS st;

    regstore_lock();
    st = create_path(key_path, kwcslen(key_path), volatile_key ? REGNODE_VOLATILE : 0, &node);
    if (!st && !(st = regstore_set_value(node, name, kwcslen(name), type, data, size)))
        touch(node, REG_NOTIFY_CHANGE_LAST_SET);
    regstore_unlock();
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryLicenseValue(const UNICODE_STRING *name, ULONG *type,
                                                 void *data, ULONG length, ULONG *retlen)
{
    ULONG size = length;
    NTSTATUS st;

    if (!name || !name->Buffer || !name->Length || !retlen)
        return STATUS_INVALID_PARAMETER;
    /* registry_get_value wants a NUL-terminated name */
    WCHAR *value = kwcsdup(name->Buffer, name->Length / sizeof(WCHAR));
    if (!value)
        return STATUS_NO_MEMORY;
    st = registry_get_value(u"\\REGISTRY\\MACHINE\\Software\\Wine\\LicenseInformation", value,
                            type, data, &size);
    kfree(value);
    if (st == STATUS_SUCCESS || st == STATUS_BUFFER_OVERFLOW)
        *retlen = size;
    return st == STATUS_BUFFER_OVERFLOW ? STATUS_BUFFER_TOO_SMALL : st;
}
SYSCALL(NtQueryLicenseValue);

NTSTATUS registry_query_object_name(struct kobject *obj, void *buf, ULONG len, ULONG *ret_len)
{
    struct key_object *key = (struct key_object *)obj;
    OBJECT_NAME_INFORMATION *info = buf;
    WCHAR *name = NULL;
    size_t name_len = 0;
    NTSTATUS st = STATUS_SUCCESS;

    regstore_lock();
    if (node_deleted(key->node))
        st = STATUS_KEY_DELETED;
    else if (!(name = full_name(key->node, &name_len)))
        st = STATUS_NO_MEMORY;
    regstore_unlock();
    if (st)
        return st;
    ULONG need = sizeof(*info) + (ULONG)((name_len + 1) * sizeof(WCHAR));
    if (ret_len)
        *ret_len = need;
    if (len < need) {
        st = len < sizeof(*info) ? STATUS_INFO_LENGTH_MISMATCH : STATUS_BUFFER_OVERFLOW;
    } else {
        info->Name.Buffer = (WCHAR *)(info + 1);
        info->Name.Length = (USHORT)(name_len * sizeof(WCHAR));
        info->Name.MaximumLength = info->Name.Length + sizeof(WCHAR);
        memcpy(info->Name.Buffer, name, (name_len + 1) * sizeof(WCHAR));
    }
    kfree(name);
    return st;
}

/* Replace "${user}" and "${computer}" in a table string; kmalloc'ed,
 * *out_len in WCHARs without the NUL. */
static WCHAR *expand_default(const WCHAR *s, size_t *out_len)
{
    static const WCHAR user_tag[] = u"${user}", computer_tag[] = u"${computer}";
    const size_t ut = ARRAY_SIZE(user_tag) - 1, ct = ARRAY_SIZE(computer_tag) - 1;
    const size_t comp_len = ARRAY_SIZE(default_computer_name) - 1;
    const char *uname = kernel.boot && kernel.boot->user_name ? kernel.boot->user_name : "user";
    size_t user_len, len = kwcslen(s), o = 0;
    WCHAR *user, *buf;

    if (!(user = utf8_to_utf16_alloc(uname, &user_len)))
        return NULL;
    /* every unit of s becomes at most one whole replacement */
    size_t cap = len * (user_len > comp_len ? user_len + 1 : comp_len + 1) + 1;
    if (!(buf = kmalloc(cap * sizeof(WCHAR)))) {
        kfree(user);
        return NULL;
    }
    for (size_t i = 0; i < len;) {
        if (len - i >= ut && !memcmp(s + i, user_tag, ut * sizeof(WCHAR))) {
            memcpy(buf + o, user, user_len * sizeof(WCHAR));
            o += user_len;
            i += ut;
        } else if (len - i >= ct && !memcmp(s + i, computer_tag, ct * sizeof(WCHAR))) {
            memcpy(buf + o, default_computer_name, comp_len * sizeof(WCHAR));
            o += comp_len;
            i += ct;
        } else {
            buf[o++] = s[i++];
        }
    }
    buf[o] = 0;
    kfree(user);
    *out_len = o;
    return buf;
}

/* A table key path ("HKLM\...", "HKCU\...", "HKU\...", "\REGISTRY\...")
 * as an absolute path; kmalloc'ed. */
static WCHAR *expand_key_path(const WCHAR *key, size_t *out_len)
{
    static const struct { const WCHAR *prefix, *root; } roots[] = {
        { u"HKLM\\", u"\\REGISTRY\\MACHINE\\" },
        { u"HKCU\\", u"\\REGISTRY\\USER\\" REG_USER_SID u"\\" },
        { u"HKU\\", u"\\REGISTRY\\USER\\" },
        { u"\\REGISTRY\\", u"\\REGISTRY\\" },
    };
    size_t len = kwcslen(key);

    for (size_t i = 0; i < ARRAY_SIZE(roots); i++) {
        size_t pl = kwcslen(roots[i].prefix), rl = kwcslen(roots[i].root);
        if (len < pl || memcmp(key, roots[i].prefix, pl * sizeof(WCHAR)))
            continue;
        WCHAR *buf = kmalloc((rl + len - pl + 1) * sizeof(WCHAR));
        if (!buf)
            return NULL;
        memcpy(buf, roots[i].root, rl * sizeof(WCHAR));
        memcpy(buf + rl, key + pl, (len - pl + 1) * sizeof(WCHAR));
        *out_len = rl + len - pl;
        return buf;
    }
    return NULL;
}

/* Create the key at an absolute path with its missing parents (links on
 * the way followed), as start-up data needs; the last one gets flags.
 * Store lock held. */
static NTSTATUS create_path(const WCHAR *path, size_t len, unsigned flags, struct regnode **out)
{
    struct walk w;
    size_t after;
    int collisions = 0;
    NTSTATUS st;

    if (!match_registry_root(path, len, &after))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    for (;;) {
        if ((st = walk_path(regstore_root(), path + after, len - after,
                            (flags & REGNODE_LINK) != 0, 0, &w)))
            return st;
        if (!w.rest_len) {
            *out = w.node;
            return STATUS_SUCCESS;
        }
        size_t n = 0, end = w.rest_len;
        while (end && w.rest[end - 1] == '\\')
            end--;
        while (n < end && w.rest[n] != '\\')
            n++;
        unsigned f = regstore_flags(w.node) & REGNODE_VOLATILE;
        if (n == end)
            f |= flags;
        struct regnode *node;
        st = regstore_create(w.node, w.rest, n, f, time_now_nt(), &node);
        /* another process made it meanwhile (two first starts of a
           machine both write its volatile keys): walk again, a few times */
        if (st && (st != STATUS_OBJECT_NAME_COLLISION || ++collisions > 8))
            return st;
    }
}

static const WCHAR *default_str(uint32_t offset)
{
    return (const WCHAR *)(const void *)(regdefault_blob + offset);
}

/* Set one table value on node, with its substitutions made.  Store lock held. */
static NTSTATUS load_default_value(struct regnode *node, const struct regdefault_value *v,
                                   int missing_only)
{
    const WCHAR *name = default_str(v->name);
    size_t name_len = kwcslen(name), len;
    WCHAR *owned;
    struct regvalue old;
    NTSTATUS st;

    if (missing_only && regstore_get_value(node, name, name_len, &old))
        return STATUS_SUCCESS;
    if (!v->subst)      /* the table is read-only data: the store need not copy it */
        return regstore_set_value_static(node, name, name_len, v->type,
                                         regdefault_blob + v->data, v->size);
    if (!(owned = expand_default(default_str(v->data), &len)))
        return STATUS_NO_MEMORY;
    st = regstore_set_value(node, name, name_len, v->type, owned, (len + 1) * sizeof(WCHAR));
    kfree(owned);
    return st;
}

/* Create one table key (and its parents) and set its values.  Store lock held. */
/* Does a table key have values with "${user}" or "${computer}"? */
static int default_has_subst(const struct regdefault_key *k)
{
    return (k->flags & REGDEF_SUBST) != 0;
}

static NTSTATUS load_default(const struct regdefault_key *k, int missing_only, int subst_only)
{
    unsigned flags = ((k->flags & REGDEF_VOLATILE) ? REGNODE_VOLATILE : 0) |
                     ((k->flags & REGDEF_LINK) ? REGNODE_LINK : 0);
    struct regnode *node;
    size_t len;
    NTSTATUS st;

    WCHAR *path = expand_key_path(default_str(k->path), &len);
    if (!path)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    st = create_path(path, len, flags, &node);
    kfree(path);
    for (uint32_t i = 0; !st && i < k->count; i++) {
        const struct regdefault_value *v = &regdefault_values[k->first + i];
        if (!subst_only || v->subst)
            st = load_default_value(node, v, missing_only);
    }
    return st;
}

static const struct keepsql_alloc kernel_heap = { kmalloc, kfree, kzalloc };
static struct regdb *store_db;
static int store_has_base;      /* the defaults come from the base database */

/* The read-only base registry the monitor found (keep_boot), or NULL. */
static const char *base_path(void)
{
    const struct keep_boot *b = kernel.boot;

    if (!b || b->size < offsetof(struct keep_boot, registry_base) + sizeof(b->registry_base) ||
        !b->registry_base || !*b->registry_base)
        return NULL;
    return b->registry_base;
}

/* Open the instance's database (<instance>/registry.db) and make the store
 * a cache over it.  Without an instance, or if it cannot be opened, the
 * registry lives in memory for this process (said once on the log). */
static void open_database(void)
{
    const char *dir = kernel.boot ? kernel.boot->instance_dir : NULL;
    struct regdb *db;
    const char *err = NULL;
    char path[4096];
    int r;

    if (!dir || !*dir)
        return;
    snprintf(path, sizeof(path), "%s/registry.db", dir);
    unsigned flags = kernel.runtime_dir && *kernel.runtime_dir ? REGDB_OPEN_VOLATILE_LATER : 0;

    if (!(r = keepsql_init(&kernel_heap)) && base_path() &&
        regdb_open(path, base_path(), kupcase, flags, &db, &err) == REGDB_OK) {
        store_has_base = 1;
    } else if (r || (r = regdb_open(path, NULL, kupcase, flags, &db, &err))) {
        kernel_log("keep: registry database %s: %s; the registry is not saved\n", path,
                   err ? err : "SQLite could not start");
        return;
    }
    /* volatile keys: shared by the instance's processes, in memory */
    if (kernel.runtime_dir && *kernel.runtime_dir &&
        regdb_attach_volatile(db, kernel.runtime_dir))
        kernel_log("keep: volatile registry keys in %s: cannot open; they stay in this "
                   "process\n", kernel.runtime_dir);
    regstore_attach(db);
    store_db = db;
}


void registry_process_exit(void)
{
    keepsql_set_ending();   /* the exit unmaps the databases, all at once */
    regstore_close();
}

NTSTATUS registry_snapshot_save(host_stream_t s, int volatile_keys)
{
    return regstore_save(s, volatile_keys);
}

void registry_snapshot_close(void)
{
    regstore_close();
    store_db = NULL;
}

NTSTATUS registry_snapshot_reopen(const struct keep_resume *res)
{
    int has_volatile = res && res->size >= sizeof(*res);
    NTSTATUS st;

    open_database();
    st = regstore_reattach(store_db, res ? res->registry_stream : -1, res ? res->registry_size : 0);
    if (!st && has_volatile && res->volatile_stream >= 0)
        st = regstore_restore_volatile(res->volatile_stream, res->volatile_size);
    if (res && res->registry_stream >= 0)
        host_stream_close(res->registry_stream);
    if (has_volatile && res->volatile_stream >= 0)
        host_stream_close(res->volatile_stream);
    return st;
}

void registry_tick(void)
{
    regstore_tick();
    /* other processes' changes reach the notifications armed here */
    if (!__atomic_load_n(&notify_list, __ATOMIC_RELAXED))
        return;
    regstore_lock();
    regstore_remote_changes(remote_change, NULL);
    regstore_unlock();
}

void registry_open_begin(void)
{
    regstore_fill_begin();
}

void registry_init(void)
{
    static const WCHAR *const roots[] = {
        u"\\REGISTRY\\MACHINE", u"\\REGISTRY\\USER", u"\\REGISTRY\\USER\\.Default",
        u"\\REGISTRY\\USER\\" REG_USER_SID,
    };
    struct regnode *node;
    int fresh;

    regstore_fill_thread();
    open_database();
    if (!regstore_init(u"REGISTRY", 8))
        kernel_panic("keep: no memory for the registry\n");
    regstore_lock();
    /* a database that has keys was filled by an earlier start: from this
     * default table (nothing to do but volatile keys), or from an older
     * one (add what is missing, change nothing the instance has) */
    fresh = regstore_child_count(regstore_root()) == 0;
    uint64_t stamp = regdefault_stamp;    /* which defaults a database holds */
    int64_t had = 0;
    int same = store_db && !regdb_meta_get(store_db, REGDB_META_MAIN, "defaults", &had) &&
               (uint64_t)had == stamp;
    /* the volatile keys are made by the machine's first process, unless
       the last start's are there untouched */
    int vol_done = store_db && (!regdb_volatile_first(store_db) ||
                                (!regdb_meta_get(store_db, REGDB_META_VOLATILE, "defaults", &had) &&
                                 (uint64_t)had == stamp));
    for (size_t i = 0; i < ARRAY_SIZE(roots); i++)
        if (create_path(roots[i], kwcslen(roots[i]), 0, &node))
            kernel_panic("keep: cannot create the registry roots\n");
    for (size_t i = 0; i < regdefault_key_count; i++) {
        const struct regdefault_key *k = &regdefault_keys[i];
        /* volatile keys (volatile.reg: each one flagged) live in memory only */
        int vol = (k->flags & REGDEF_VOLATILE) != 0;
        if (vol ? vol_done : ((!fresh && same) || (store_has_base && !default_has_subst(k))))
            continue;
        /* over a base, the instance gets only the values naming its user
         * and computer; the base holds everything else */
        NTSTATUS st = load_default(k, !fresh && !vol, store_has_base && !vol);
        if (st) {
            const WCHAR *path = default_str(k->path);
            char *key = utf16_to_utf8_alloc(path, kwcslen(path));
            kernel_log("keep: registry default %s not loaded (%#x)\n", key ? key : "?",
                       (unsigned)st);
            kfree(key);
        }
    }
    if ((perflib_node = lookup_absolute(perflib_path, ARRAY_SIZE(perflib_path) - 1)))
        regstore_ref(perflib_node);
    /* the keys first: writing a volatile one forgets the volatile "defaults"
       row (regdb.c's vol_write), which must come after them */
    regstore_tick_locked(0);
    if (store_db && !same && regdb_meta_set(store_db, REGDB_META_MAIN, "defaults", (int64_t)stamp))
        kernel_log("keep: the registry database could not record its defaults\n");
    if (store_db && !vol_done &&
        regdb_meta_set(store_db, REGDB_META_VOLATILE, "defaults", (int64_t)stamp))
        kernel_log("keep: the volatile registry could not record its defaults\n");
    regstore_tick_locked(0);
    regstore_unlock();
    regstore_fill_end();
}

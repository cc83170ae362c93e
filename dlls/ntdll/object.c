/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * object.c - kernel objects and the object namespace.
 *
 * Names live in a tree of directory objects.  A directory does not hold
 * references to its entries: a named object leaves the namespace when its
 * last reference goes (unless it is permanent), which is NT's rule for
 * named events, sections and the like.  The namespace lock serialises
 * lookups with that removal.
 */
#include "kernel.h"

struct kname {
    struct kdirectory *parent;
    size_t len;                 /* WCHARs */
    WCHAR name[];
};

struct kdir_entry {
    struct kobject *obj;
};

struct kdirectory {
    struct kobject obj;
    struct kdir_entry *entries;
    size_t count, capacity;
};

struct ksymlink {
    struct kobject obj;
    WCHAR *target;
    size_t target_len;
};

/* Recursive: dropping a reference while walking the namespace may remove
 * a name, which needs the lock again. */
static struct klock ns_klock = KLOCK_INIT;
static volatile host_thread_t ns_owner;
static unsigned ns_depth;
static struct kdirectory *root_dir;

static void ns_lock_acquire(void)
{
    host_thread_t self = host_thread_self();
    if (__atomic_load_n(&ns_owner, __ATOMIC_RELAXED) == self) {
        ns_depth++;
        return;
    }
    klock_acquire(&ns_klock);
    __atomic_store_n(&ns_owner, self, __ATOMIC_RELAXED);
    ns_depth = 1;
}

static void ns_lock_release(void)
{
    if (--ns_depth)
        return;
    __atomic_store_n(&ns_owner, 0, __ATOMIC_RELAXED);
    klock_release(&ns_klock);
}

static void directory_destroy(struct kobject *obj)
{
    kfree(((struct kdirectory *)obj)->entries);
}

static void symlink_destroy(struct kobject *obj)
{
    kfree(((struct ksymlink *)obj)->target);
}

const struct kobject_type directory_type = {
    .name = "Directory",
    .mapping = { STANDARD_RIGHTS_READ | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                 STANDARD_RIGHTS_WRITE | DIRECTORY_CREATE_OBJECT | DIRECTORY_CREATE_SUBDIRECTORY,
                 STANDARD_RIGHTS_EXECUTE | DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
                 DIRECTORY_ALL_ACCESS },
    .valid_access = DIRECTORY_ALL_ACCESS,
    .destroy = directory_destroy,
};

const struct kobject_type symlink_type = {
    .name = "SymbolicLink",
    .mapping = { STANDARD_RIGHTS_READ | SYMBOLIC_LINK_QUERY, STANDARD_RIGHTS_WRITE,
                 STANDARD_RIGHTS_EXECUTE | SYMBOLIC_LINK_QUERY, SYMBOLIC_LINK_ALL_ACCESS },
    .valid_access = SYMBOLIC_LINK_ALL_ACCESS,
    .destroy = symlink_destroy,
};

void *kobject_alloc(const struct kobject_type *type, size_t size)
{
    struct kobject *obj = kzalloc(size);
    if (!obj)
        return NULL;
    obj->type = type;
    obj->refs = 1;
    return obj;
}

KERNEL_HOT
void *kobject_ref(void *ptr)
{
    struct kobject *obj = ptr;
    __atomic_add_fetch(&obj->refs, 1, __ATOMIC_RELAXED);
    return obj;
}

static void dir_remove(struct kdirectory *dir, struct kobject *obj)
{
    for (size_t i = 0; i < dir->count; i++) {
        if (dir->entries[i].obj != obj)
            continue;
        memmove(&dir->entries[i], &dir->entries[i + 1],
                (dir->count - i - 1) * sizeof(dir->entries[0]));
        dir->count--;
        return;
    }
}

KERNEL_HOT
void kobject_unref(void *ptr)
{
    struct kobject *obj = ptr;
    if (!obj)
        return;
    if (obj->name) {
        /* named: the namespace lock keeps lookups from reviving it */
        ns_lock_acquire();
        if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) != 0) {
            ns_lock_release();
            return;
        }
        if (obj->name->parent)
            dir_remove(obj->name->parent, obj);
        ns_lock_release();
        if (obj->name->parent)
            kobject_unref(obj->name->parent);
        kfree(obj->name);
        obj->name = NULL;
    } else if (__atomic_sub_fetch(&obj->refs, 1, __ATOMIC_ACQ_REL) != 0) {
        return;
    }
    if (obj->type->destroy)
        obj->type->destroy(obj);
    kfree(obj);
}

/* Find an entry by name, case-insensitively.  ns_lock held. */
static struct kobject *dir_find(struct kdirectory *dir, const WCHAR *name, size_t len)
{
    for (size_t i = 0; i < dir->count; i++) {
        struct kname *n = dir->entries[i].obj->name;
        if (n->len == len && !kwcsnicmp(n->name, name, len))
            return dir->entries[i].obj;
    }
    return NULL;
}

/* Add obj under dir with name.  ns_lock held. */
static NTSTATUS dir_add(struct kdirectory *dir, struct kobject *obj, const WCHAR *name, size_t len)
{
    if (dir->count == dir->capacity) {
        size_t cap = dir->capacity ? dir->capacity * 2 : 8;
        struct kdir_entry *e = krealloc(dir->entries, cap * sizeof(*e));
        if (!e)
            return STATUS_NO_MEMORY;
        dir->entries = e;
        dir->capacity = cap;
    }
    struct kname *n = kmalloc(sizeof(*n) + len * sizeof(WCHAR));
    if (!n)
        return STATUS_NO_MEMORY;
    n->parent = kobject_ref(dir);
    n->len = len;
    memcpy(n->name, name, len * sizeof(WCHAR));
    obj->name = n;
    dir->entries[dir->count++].obj = obj;
    return STATUS_SUCCESS;
}

/* Walk a path from a start directory.  On return *obj is the deepest
 * object found (referenced) and *rest the unresolved tail (no leading
 * backslash).  ns_lock held.  Follows symbolic links unless `openlink`
 * and the link is the last component.  */
static NTSTATUS walk(struct kdirectory *start, const WCHAR *path, size_t len, int openlink,
                     struct kobject **obj, const WCHAR **rest, size_t *rest_len, int depth)
{
    struct kobject *cur = &start->obj;
    size_t i = 0;

    if (depth > 16)
        return STATUS_REPARSE_POINT_NOT_RESOLVED;
    for (;;) {
        while (i < len && path[i] == '\\')
            i++;
        if (i >= len || cur->type != &directory_type)
            break;
        size_t j = i;
        while (j < len && path[j] != '\\')
            j++;
        struct kobject *child = dir_find((struct kdirectory *)cur, path + i, j - i);
        if (!child)
            break;
        if (child->type == &symlink_type && !(openlink && j >= len)) {
            struct ksymlink *link = (struct ksymlink *)child;
            size_t tail = len - j;
            WCHAR *full = kmalloc((link->target_len + tail + 1) * sizeof(WCHAR));
            if (!full)
                return STATUS_NO_MEMORY;
            memcpy(full, link->target, link->target_len * sizeof(WCHAR));
            memcpy(full + link->target_len, path + j, tail * sizeof(WCHAR));
            NTSTATUS st = walk(root_dir, full, link->target_len + tail, openlink, obj, rest,
                               rest_len, depth + 1);
            if (!st && *rest_len) {
                /* the tail points into `full`: copy it to the caller's path */
                size_t off = *rest - full;
                if (off >= link->target_len) {
                    *rest = path + j + (off - link->target_len);
                } else {
                    /* unresolved inside the target itself */
                    kobject_unref(*obj);
                    kfree(full);
                    return STATUS_OBJECT_PATH_NOT_FOUND;
                }
            }
            kfree(full);
            return st;
        }
        cur = child;
        i = j;
    }
    while (i < len && path[i] == '\\')
        i++;
    *obj = kobject_ref(cur);
    *rest = path + i;
    *rest_len = len - i;
    return STATUS_SUCCESS;
}

static NTSTATUS start_dir(const OBJECT_ATTRIBUTES *attr, struct kdirectory **dir)
{
    if (!attr->RootDirectory) {
        if (!attr->ObjectName || !attr->ObjectName->Length || attr->ObjectName->Buffer[0] != '\\')
            return STATUS_OBJECT_PATH_SYNTAX_BAD;
        *dir = kobject_ref(root_dir);
        return STATUS_SUCCESS;
    }
    return handle_ref(attr->RootDirectory, &directory_type, DIRECTORY_TRAVERSE, (void **)dir);
}

static NTSTATUS lookup(const OBJECT_ATTRIBUTES *attr, struct kobject **out, const WCHAR **rest,
                       size_t *rest_len)
{
    struct kdirectory *dir;
    NTSTATUS st;

    if ((st = start_dir(attr, &dir)))
        return st;
    ns_lock_acquire();
    st = walk(dir, attr->ObjectName->Buffer, attr->ObjectName->Length / sizeof(WCHAR),
              (attr->Attributes & OBJ_OPENLINK) != 0, out, rest, rest_len, 0);
    ns_lock_release();
    kobject_unref(dir);
    return st;
}

NTSTATUS object_lookup(const OBJECT_ATTRIBUTES *attr, struct kobject **out,
                       UNICODE_STRING *remainder)
{
    const WCHAR *rest;
    size_t rest_len;
    struct kobject *obj;
    NTSTATUS st;

    if (!attr->ObjectName)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if ((st = lookup(attr, &obj, &rest, &rest_len)))
        return st;
    if (rest_len && !remainder) {
        int last = 1;
        for (size_t i = 0; i < rest_len; i++)
            if (rest[i] == '\\')
                last = 0;
        kobject_unref(obj);
        return last && obj->type == &directory_type ? STATUS_OBJECT_NAME_NOT_FOUND
                                                    : STATUS_OBJECT_PATH_NOT_FOUND;
    }
    if (remainder) {
        remainder->Buffer = (WCHAR *)rest;
        remainder->Length = remainder->MaximumLength = rest_len * sizeof(WCHAR);
    }
    *out = obj;
    return STATUS_SUCCESS;
}

NTSTATUS object_insert_name(struct kobject *obj, const OBJECT_ATTRIBUTES *attr,
                            struct kobject **existing)
{
    struct kdirectory *dir;
    const WCHAR *rest;
    size_t rest_len;
    struct kobject *found;
    NTSTATUS st;

    *existing = NULL;
    if ((st = start_dir(attr, &dir)))
        return st;
    ns_lock_acquire();
    st = walk(dir, attr->ObjectName->Buffer, attr->ObjectName->Length / sizeof(WCHAR), 1,
              &found, &rest, &rest_len, 0);
    if (st)
        goto done;
    if (!rest_len) {
        if ((attr->Attributes & OBJ_OPENIF) && found->type == obj->type) {
            *existing = found;
            st = STATUS_OBJECT_NAME_EXISTS;
        } else {
            kobject_unref(found);
            st = found->type == obj->type || !(attr->Attributes & OBJ_OPENIF)
                     ? STATUS_OBJECT_NAME_COLLISION : STATUS_OBJECT_TYPE_MISMATCH;
        }
        goto done;
    }
    for (size_t i = 0; i < rest_len; i++) {
        if (rest[i] == '\\') {
            kobject_unref(found);
            st = STATUS_OBJECT_PATH_NOT_FOUND;
            goto done;
        }
    }
    if (found->type != &directory_type) {
        kobject_unref(found);
        st = STATUS_OBJECT_PATH_NOT_FOUND;
        goto done;
    }
    st = dir_add((struct kdirectory *)found, obj, rest, rest_len);
    kobject_unref(found);
done:
    ns_lock_release();
    kobject_unref(dir);
    return st;
}

NTSTATUS object_create_handle(struct kobject *obj, ACCESS_MASK access,
                              const OBJECT_ATTRIBUTES *attr, HANDLE *handle)
{
    struct kobject *existing = NULL;
    NTSTATUS st = STATUS_SUCCESS, ret;

    if (attr && attr->ObjectName && attr->ObjectName->Length) {
        st = object_insert_name(obj, attr, &existing);
        if (st == STATUS_OBJECT_NAME_EXISTS) {
            kobject_unref(obj);
            obj = existing;
        } else if (st) {
            kobject_unref(obj);
            return st;
        }
        if (attr->Attributes & OBJ_PERMANENT) {
            obj->flags |= KOBJ_PERMANENT;
            kobject_ref(obj);
        }
    }
    ret = handle_alloc(obj, access, attr ? attr->Attributes : 0, handle);
    kobject_unref(obj);
    return ret ? ret : st;
}

NTSTATUS object_open_by_name(const struct kobject_type *type, ACCESS_MASK access,
                             const OBJECT_ATTRIBUTES *attr, HANDLE *handle)
{
    struct kobject *obj;
    NTSTATUS st;

    if (!attr || !attr->ObjectName || !attr->ObjectName->Length)
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if ((st = object_lookup(attr, &obj, NULL)))
        return st;
    if (type && obj->type != type) {
        kobject_unref(obj);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    st = handle_alloc(obj, access, attr->Attributes, handle);
    kobject_unref(obj);
    return st;
}

WCHAR *object_full_name(struct kobject *obj, size_t *out_len)
{
    size_t len = 0;
    WCHAR *buf;

    ns_lock_acquire();
    for (struct kobject *o = obj; o->name; o = &o->name->parent->obj)
        len += o->name->len + 1;
    if (!(buf = kmalloc((len + 1) * sizeof(WCHAR)))) {
        ns_lock_release();
        return NULL;
    }
    size_t pos = len;
    for (struct kobject *o = obj; o->name; o = &o->name->parent->obj) {
        pos -= o->name->len;
        memcpy(buf + pos, o->name->name, o->name->len * sizeof(WCHAR));
        buf[--pos] = '\\';
    }
    ns_lock_release();
    buf[len] = 0;
    *out_len = len;
    return buf;
}

/* objdir.c (NtQueryDirectoryObject): the index'th entry of a directory,
 * in insertion order: a copy of its name (caller frees) and its type's
 * name.  STATUS_NO_MORE_ENTRIES past the end. */
NTSTATUS object_directory_entry(struct kobject *dir, ULONG index, WCHAR **name, size_t *len,
                                const char **type_name)
{
    struct kdirectory *d = (struct kdirectory *)dir;
    NTSTATUS st = STATUS_NO_MORE_ENTRIES;

    if (dir->type != &directory_type)
        return STATUS_OBJECT_TYPE_MISMATCH;
    ns_lock_acquire();
    if (index < d->count) {
        struct kobject *obj = d->entries[index].obj;
        *type_name = obj->type->name;
        *len = obj->name->len;
        *name = kwcsdup(obj->name->name, obj->name->len);
        st = *name ? STATUS_SUCCESS : STATUS_NO_MEMORY;
    }
    ns_lock_release();
    return st;
}

/* ---- Directory and symbolic link system calls -------------------------- */

static void init_attr(OBJECT_ATTRIBUTES *attr, UNICODE_STRING *us, const WCHAR *name)
{
    us->Buffer = (WCHAR *)name;
    us->Length = us->MaximumLength = kwcslen(name) * sizeof(WCHAR);
    memset(attr, 0, sizeof(*attr));
    attr->Length = sizeof(*attr);
    attr->ObjectName = us;
    attr->Attributes = OBJ_CASE_INSENSITIVE | OBJ_OPENIF;
}

static struct kobject *make_directory(const WCHAR *path)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    struct kobject *existing;
    struct kdirectory *dir = kobject_alloc(&directory_type, sizeof(*dir));

    init_attr(&attr, &us, path);
    NTSTATUS st = object_insert_name(&dir->obj, &attr, &existing);
    if (st == STATUS_OBJECT_NAME_EXISTS) {
        kobject_unref(dir);
        kobject_unref(existing);
        return existing;
    }
    if (st)
        kernel_panic("keep: cannot create object directory (%#x)\n", (unsigned)st);
    return &dir->obj;   /* permanent: the creation reference is never dropped */
}

static NTSTATUS make_symlink(struct kobject **out, const WCHAR *target, size_t target_len)
{
    struct ksymlink *link = kobject_alloc(&symlink_type, sizeof(*link));
    if (!link)
        return STATUS_NO_MEMORY;
    if (!(link->target = kwcsdup(target, target_len))) {
        kfree(link);
        return STATUS_NO_MEMORY;
    }
    link->target_len = target_len;
    *out = &link->obj;
    return STATUS_SUCCESS;
}

static void make_permanent_symlink(const WCHAR *path, const WCHAR *target)
{
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING us;
    struct kobject *link, *existing;

    init_attr(&attr, &us, path);
    if (make_symlink(&link, target, kwcslen(target)) ||
        object_insert_name(link, &attr, &existing))
        kernel_panic("keep: cannot create object symlink\n");
}

void object_namespace_init(void)
{
    root_dir = kobject_alloc(&directory_type, sizeof(*root_dir));
    static const WCHAR *const dirs[] = {
        u"\\??", u"\\BaseNamedObjects", u"\\Device", u"\\KernelObjects", u"\\Sessions",
        u"\\Sessions\\1", u"\\Sessions\\1\\BaseNamedObjects", u"\\Windows",
        u"\\Windows\\WindowStations", u"\\RPC Control", u"\\Driver", u"\\FileSystem",
        u"\\ObjectTypes", u"\\Callback", u"\\NLS",
    };
    for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
        make_directory(dirs[i]);
    make_permanent_symlink(u"\\DosDevices", u"\\??");
    make_permanent_symlink(u"\\GLOBAL??", u"\\??");
    make_permanent_symlink(u"\\??\\GLOBALROOT", u"");
    make_permanent_symlink(u"\\??\\Global", u"\\??");
    make_permanent_symlink(u"\\Sessions\\1\\BaseNamedObjects\\Global", u"\\BaseNamedObjects");
    make_permanent_symlink(u"\\Sessions\\1\\BaseNamedObjects\\Local",
                           u"\\Sessions\\1\\BaseNamedObjects");
    make_permanent_symlink(u"\\Sessions\\1\\BaseNamedObjects\\Session", u"\\Sessions\\1");
    make_permanent_symlink(u"\\BaseNamedObjects\\Global", u"\\BaseNamedObjects");
    make_permanent_symlink(u"\\BaseNamedObjects\\Local", u"\\BaseNamedObjects");
    make_permanent_symlink(u"\\BaseNamedObjects\\Session", u"\\Sessions\\1");
    make_permanent_symlink(u"\\??\\C:", u"\\Device\\HarddiskVolume1");
    make_permanent_symlink(u"\\??\\Z:", u"\\Device\\HarddiskVolume2");
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateDirectoryObject(HANDLE *handle, ACCESS_MASK access,
                                                     OBJECT_ATTRIBUTES *attr)
{
    struct kdirectory *dir = kobject_alloc(&directory_type, sizeof(*dir));
    if (!dir)
        return STATUS_NO_MEMORY;
    return object_create_handle(&dir->obj, access, attr, handle);
}
SYSCALL(NtCreateDirectoryObject);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenDirectoryObject(HANDLE *handle, ACCESS_MASK access,
                                                   const OBJECT_ATTRIBUTES *attr)
{
    return object_open_by_name(&directory_type, access, attr, handle);
}
SYSCALL(NtOpenDirectoryObject);

NTSTATUS NTAPI KERNEL_EXPORT NtCreateSymbolicLinkObject(HANDLE *handle, ACCESS_MASK access,
                                                        OBJECT_ATTRIBUTES *attr,
                                                        UNICODE_STRING *target)
{
    struct kobject *link;
    NTSTATUS st;

    if (!target || !target->Buffer)
        return STATUS_INVALID_PARAMETER;
    if ((st = make_symlink(&link, target->Buffer, target->Length / sizeof(WCHAR))))
        return st;
    return object_create_handle(link, access, attr, handle);
}
SYSCALL(NtCreateSymbolicLinkObject);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenSymbolicLinkObject(HANDLE *handle, ACCESS_MASK access,
                                                      const OBJECT_ATTRIBUTES *attr)
{
    OBJECT_ATTRIBUTES a = *attr;
    a.Attributes |= OBJ_OPENLINK;
    return object_open_by_name(&symlink_type, access, &a, handle);
}
SYSCALL(NtOpenSymbolicLinkObject);

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySymbolicLinkObject(HANDLE handle, UNICODE_STRING *target,
                                                       ULONG *length)
{
    struct ksymlink *link;
    NTSTATUS st;

    if ((st = handle_ref(handle, &symlink_type, SYMBOLIC_LINK_QUERY, (void **)&link)))
        return st;
    size_t bytes = link->target_len * sizeof(WCHAR);
    if (length)
        *length = bytes + (target->MaximumLength > bytes ? sizeof(WCHAR) : 0);
    if (target->MaximumLength < bytes) {
        st = STATUS_BUFFER_TOO_SMALL;
    } else {
        memcpy(target->Buffer, link->target, bytes);
        target->Length = bytes;
        if (target->MaximumLength > bytes)
            target->Buffer[link->target_len] = 0;
    }
    kobject_unref(link);
    return st;
}
SYSCALL(NtQuerySymbolicLinkObject);

NTSTATUS NTAPI KERNEL_EXPORT NtMakeTemporaryObject(HANDLE handle)
{
    struct kobject *obj;
    NTSTATUS st;

    if ((st = handle_ref(handle, NULL, DELETE, (void **)&obj)))
        return st;
    if (obj->flags & KOBJ_PERMANENT) {
        obj->flags &= ~KOBJ_PERMANENT;
        kobject_unref(obj);
    }
    kobject_unref(obj);
    return STATUS_SUCCESS;
}
SYSCALL(NtMakeTemporaryObject);

NTSTATUS NTAPI KERNEL_EXPORT NtMakePermanentObject(HANDLE handle)
{
    struct kobject *obj;
    NTSTATUS st;

    if ((st = handle_ref(handle, NULL, 0, (void **)&obj)))
        return st;
    if (!(obj->flags & KOBJ_PERMANENT)) {
        obj->flags |= KOBJ_PERMANENT;
        return STATUS_SUCCESS;   /* keep the reference */
    }
    kobject_unref(obj);
    return STATUS_SUCCESS;
}
SYSCALL(NtMakePermanentObject);

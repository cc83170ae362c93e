/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * handle.c - the process handle table.
 *
 * A handle is 4 * (index + 1).  Each slot holds an object reference, the
 * access the handle grants and its attributes (inherit, protect from
 * close).  Freed slots form a list so that values are reused lowest-first
 * order is not promised (Windows does not promise it either).
 */
#include "kernel.h"

struct handle_slot {
    struct kobject *obj;        /* NULL when free */
    ACCESS_MASK access;
    ULONG attributes;           /* OBJ_INHERIT, OBJ_PROTECT_CLOSE */
    uint32_t next_free;         /* index + 1 of the next free slot, 0 = none */
};

KERNEL_HOT_DATA static struct klock handle_lock = KLOCK_INIT;
KERNEL_HOT_DATA static struct handle_slot *slots;
static uint32_t slot_count, slot_capacity, first_free;

#define MAX_HANDLES (1u << 24)

ACCESS_MASK access_map(const struct kobject_type *type, ACCESS_MASK access)
{
    if (access & GENERIC_READ)
        access |= type->mapping.GenericRead;
    if (access & GENERIC_WRITE)
        access |= type->mapping.GenericWrite;
    if (access & GENERIC_EXECUTE)
        access |= type->mapping.GenericExecute;
    if (access & GENERIC_ALL)
        access |= type->mapping.GenericAll;
    if (access & MAXIMUM_ALLOWED)
        access |= type->mapping.GenericAll;
    return access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL | MAXIMUM_ALLOWED);
}

static int grow(void)
{
    uint32_t cap = slot_capacity ? slot_capacity * 2 : 256;
    if (cap > MAX_HANDLES)
        return 0;
    struct handle_slot *n = krealloc(slots, cap * sizeof(*n));
    if (!n)
        return 0;
    memset(n + slot_capacity, 0, (cap - slot_capacity) * sizeof(*n));
    slots = n;
    slot_capacity = cap;
    return 1;
}

NTSTATUS handle_alloc(struct kobject *obj, ACCESS_MASK access, ULONG attributes, HANDLE *out)
{
    uint32_t index;

    access = access_map(obj->type, access);
    klock_acquire(&handle_lock);
    if (first_free) {
        index = first_free - 1;
        first_free = slots[index].next_free;
    } else {
        if (slot_count == slot_capacity && !grow()) {
            klock_release(&handle_lock);
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        index = slot_count++;
    }
    slots[index].obj = kobject_ref(obj);
    slots[index].access = access;
    slots[index].attributes = attributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE);
    slots[index].next_free = 0;
    __atomic_add_fetch(&obj->handles, 1, __ATOMIC_RELAXED);
    klock_release(&handle_lock);
    *out = (HANDLE)(uintptr_t)((index + 1) * 4);
    return STATUS_SUCCESS;
}

static int handle_index(HANDLE h, uint32_t *index)
{
    uintptr_t v = (uintptr_t)h;
    if (!v || (v & 3) || v / 4 > slot_count)
        return 0;
    *index = v / 4 - 1;
    return 1;
}

KERNEL_HOT
NTSTATUS handle_ref_access(HANDLE h, const struct kobject_type *type, ACCESS_MASK access,
                           void **out, ACCESS_MASK *granted)
{
    uint32_t index;
    struct kobject *obj;
    ACCESS_MASK have;

    klock_acquire(&handle_lock);
    if (!handle_index(h, &index) || !slots[index].obj) {
        klock_release(&handle_lock);
        return STATUS_INVALID_HANDLE;
    }
    obj = slots[index].obj;
    have = slots[index].access;
    if (type && obj->type != type) {
        klock_release(&handle_lock);
        return STATUS_OBJECT_TYPE_MISMATCH;
    }
    if (access) {
        access = access_map(obj->type, access);
        if ((access & have) != access) {
            klock_release(&handle_lock);
            return STATUS_ACCESS_DENIED;
        }
    }
    kobject_ref(obj);
    klock_release(&handle_lock);
    *out = obj;
    if (granted)
        *granted = have;
    return STATUS_SUCCESS;
}

KERNEL_HOT
NTSTATUS handle_ref(HANDLE h, const struct kobject_type *type, ACCESS_MASK access, void **out)
{
    return handle_ref_access(h, type, access, out, NULL);
}

NTSTATUS handle_close(HANDLE h)
{
    uint32_t index;
    struct kobject *obj;
    ACCESS_MASK access;

    klock_acquire(&handle_lock);
    if (!handle_index(h, &index) || !slots[index].obj) {
        klock_release(&handle_lock);
        return STATUS_INVALID_HANDLE;
    }
    if (slots[index].attributes & OBJ_PROTECT_CLOSE) {
        klock_release(&handle_lock);
        return STATUS_HANDLE_NOT_CLOSABLE;
    }
    obj = slots[index].obj;
    access = slots[index].access;
    slots[index].obj = NULL;
    slots[index].next_free = first_free;
    first_free = index + 1;
    __atomic_sub_fetch(&obj->handles, 1, __ATOMIC_RELAXED);
    klock_release(&handle_lock);
    if (obj->type->close_handle)
        obj->type->close_handle(obj, access);
    kobject_unref(obj);
    return STATUS_SUCCESS;
}

/* Take slot index off the free list (handle lock held). */
static void unlink_free(uint32_t index)
{
    uint32_t *link = &first_free;

    while (*link && *link != index + 1)
        link = &slots[*link - 1].next_free;
    if (*link)
        *link = slots[index].next_free;
}

NTSTATUS handle_alloc_at(HANDLE value, struct kobject *obj, ACCESS_MASK access, ULONG attributes)
{
    uintptr_t v = (uintptr_t)value;
    NTSTATUS st = STATUS_SUCCESS;

    if (!v || (v & 3) || v / 4 > MAX_HANDLES)
        return STATUS_INVALID_HANDLE;
    uint32_t index = (uint32_t)(v / 4 - 1);
    klock_acquire(&handle_lock);
    while (index >= slot_capacity && st == STATUS_SUCCESS)
        st = grow() ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
    if (st == STATUS_SUCCESS && index < slot_count && slots[index].obj)
        st = STATUS_INVALID_HANDLE;   /* taken */
    if (st == STATUS_SUCCESS) {
        /* slots skipped on the way become free ones */
        for (; slot_count <= index; slot_count++) {
            slots[slot_count].next_free = first_free;
            first_free = slot_count + 1;
        }
        unlink_free(index);
        slots[index].obj = kobject_ref(obj);
        slots[index].access = access_map(obj->type, access);
        slots[index].attributes = attributes & (OBJ_INHERIT | OBJ_PROTECT_CLOSE);
        slots[index].next_free = 0;
        __atomic_add_fetch(&obj->handles, 1, __ATOMIC_RELAXED);
    }
    klock_release(&handle_lock);
    return st;
}

size_t handle_collect(struct handle_entry *out, size_t max, ULONG attributes)
{
    size_t n = 0;

    klock_acquire(&handle_lock);
    for (uint32_t i = 0; i < slot_count; i++) {
        if (!slots[i].obj || (attributes && !(slots[i].attributes & attributes)))
            continue;
        if (n < max) {
            out[n].handle = (HANDLE)(uintptr_t)((i + 1) * 4);
            out[n].obj = kobject_ref(slots[i].obj);
            out[n].access = slots[i].access;
            out[n].attributes = slots[i].attributes;
        }
        n++;
    }
    klock_release(&handle_lock);
    return n;
}

NTSTATUS NTAPI KERNEL_EXPORT NtClose(HANDLE handle)
{
    return handle_close(handle);
}
SYSCALL(NtClose);

/* Objects behind pseudo handles (process.c, thread.c). */
NTSTATUS process_ref_self(struct kobject **out);
NTSTATUS thread_ref_handle(HANDLE h, struct kobject **out);

NTSTATUS handle_ref_any(HANDLE h, struct kobject **obj, ACCESS_MASK *access, ULONG *attributes)
{
    uint32_t index;

    if (h == CURRENT_PROCESS) {
        *access = PROCESS_ALL_ACCESS;
        *attributes = 0;
        return process_ref_self(obj);
    }
    if (h == CURRENT_THREAD) {
        *access = THREAD_ALL_ACCESS;
        *attributes = 0;
        return thread_ref_handle(h, obj);
    }
    klock_acquire(&handle_lock);
    if (!handle_index(h, &index) || !slots[index].obj) {
        klock_release(&handle_lock);
        return STATUS_INVALID_HANDLE;
    }
    *obj = kobject_ref(slots[index].obj);
    *access = slots[index].access;
    *attributes = slots[index].attributes;
    klock_release(&handle_lock);
    return STATUS_SUCCESS;
}

static int is_current_process(HANDLE h)
{
    return process_check_handle(h, 0) == STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtDuplicateObject(HANDLE src_process, HANDLE src, HANDLE dst_process,
                                               HANDLE *dst, ACCESS_MASK access, ULONG attributes,
                                               ULONG options)
{
    struct kobject *obj;
    ACCESS_MASK have;
    ULONG attrs;
    NTSTATUS st;

    if (!is_current_process(src_process) || (dst_process && !is_current_process(dst_process)))
        return STATUS_ACCESS_DENIED;   /* one process per picoprocess */
    if ((st = handle_ref_any(src, &obj, &have, &attrs)))
        return st;
    if (dst_process && dst) {
        if (options & DUPLICATE_SAME_ACCESS)
            access = have;
        if (!(options & DUPLICATE_SAME_ATTRIBUTES))
            attrs = attributes;
        st = handle_alloc(obj, access, attrs, dst);
    }
    kobject_unref(obj);
    if (!st && (options & DUPLICATE_CLOSE_SOURCE) && src != CURRENT_PROCESS && src != CURRENT_THREAD)
        handle_close(src);
    return st;
}
SYSCALL(NtDuplicateObject);

static NTSTATUS query_name(struct kobject *obj, void *buf, ULONG len, ULONG *ret_len)
{
    OBJECT_NAME_INFORMATION *info = buf;
    size_t name_len;
    WCHAR *name = object_full_name(obj, &name_len);
    if (!name)
        return STATUS_NO_MEMORY;
    ULONG need = sizeof(*info) + (name_len ? (name_len + 1) * sizeof(WCHAR) : 0);
    if (ret_len)
        *ret_len = need;
    NTSTATUS st = STATUS_SUCCESS;
    if (len < need) {
        st = len < sizeof(*info) ? STATUS_INFO_LENGTH_MISMATCH : STATUS_BUFFER_OVERFLOW;
    } else if (!name_len) {
        memset(info, 0, sizeof(*info));
    } else {
        info->Name.Buffer = (WCHAR *)(info + 1);
        info->Name.Length = name_len * sizeof(WCHAR);
        info->Name.MaximumLength = info->Name.Length + sizeof(WCHAR);
        memcpy(info->Name.Buffer, name, (name_len + 1) * sizeof(WCHAR));
    }
    kfree(name);
    return st;
}

/* File objects report their name themselves (file.c). */
NTSTATUS file_query_object_name(struct kobject *obj, void *buf, ULONG len, ULONG *ret_len);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryObject(HANDLE handle, OBJECT_INFORMATION_CLASS cls, void *buf,
                                           ULONG len, ULONG *ret_len)
{
    struct kobject *obj;
    ACCESS_MASK access;
    ULONG attrs;
    NTSTATUS st;

    if ((st = handle_ref_any(handle, &obj, &access, &attrs)))
        return st;
    switch (cls) {
    case ObjectBasicInformation: {
        OBJECT_BASIC_INFORMATION *info = buf;
        if (len < sizeof(*info)) {
            st = STATUS_INFO_LENGTH_MISMATCH;
            break;
        }
        memset(info, 0, sizeof(*info));
        info->Attributes = attrs;
        info->GrantedAccess = access;
        info->HandleCount = obj->handles;
        info->PointerCount = obj->refs;
        if (ret_len)
            *ret_len = sizeof(*info);
        break;
    }
    case ObjectNameInformation:
        if (!strcmp(obj->type->name, "File"))
            st = file_query_object_name(obj, buf, len, ret_len);
        else if (obj->type == &key_type)
            st = registry_query_object_name(obj, buf, len, ret_len);
        else
            st = query_name(obj, buf, len, ret_len);
        break;
    case ObjectTypeInformation: {
        OBJECT_TYPE_INFORMATION *info = buf;
        size_t n = strlen(obj->type->name);
        ULONG need = sizeof(*info) + (n + 1) * sizeof(WCHAR);
        if (ret_len)
            *ret_len = need;
        if (len < need) {
            st = STATUS_INFO_LENGTH_MISMATCH;
            break;
        }
        memset(info, 0, sizeof(*info));
        info->TypeName.Buffer = (WCHAR *)(info + 1);
        info->TypeName.Length = n * sizeof(WCHAR);
        info->TypeName.MaximumLength = (n + 1) * sizeof(WCHAR);
        for (size_t i = 0; i <= n; i++)
            info->TypeName.Buffer[i] = (unsigned char)obj->type->name[i];
        info->TotalNumberOfHandles = obj->handles;
        info->TotalNumberOfObjects = 1;
        info->GenericMapping = obj->type->mapping;
        info->ValidAccessMask = obj->type->valid_access;
        break;
    }
    case ObjectDataInformation: {
        OBJECT_DATA_INFORMATION *info = buf;
        if (len < sizeof(*info)) {
            st = STATUS_INFO_LENGTH_MISMATCH;
            break;
        }
        info->InheritHandle = (attrs & OBJ_INHERIT) != 0;
        info->ProtectFromClose = (attrs & OBJ_PROTECT_CLOSE) != 0;
        if (ret_len)
            *ret_len = sizeof(*info);
        break;
    }
    default:
        st = STATUS_INVALID_INFO_CLASS;
        break;
    }
    kobject_unref(obj);
    return st;
}
SYSCALL(NtQueryObject);

NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationObject(HANDLE handle, OBJECT_INFORMATION_CLASS cls,
                                                    void *buf, ULONG len)
{
    uint32_t index;

    if (cls != ObjectDataInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (len < sizeof(OBJECT_DATA_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    const OBJECT_DATA_INFORMATION *info = buf;
    klock_acquire(&handle_lock);
    if (!handle_index(handle, &index) || !slots[index].obj) {
        klock_release(&handle_lock);
        return STATUS_INVALID_HANDLE;
    }
    slots[index].attributes = (info->InheritHandle ? OBJ_INHERIT : 0) |
                              (info->ProtectFromClose ? OBJ_PROTECT_CLOSE : 0);
    klock_release(&handle_lock);
    return STATUS_SUCCESS;
}
SYSCALL(NtSetInformationObject);

NTSTATUS NTAPI KERNEL_EXPORT NtCompareObjects(HANDLE first, HANDLE second)
{
    struct kobject *a, *b;
    ACCESS_MASK acc;
    ULONG attrs;
    NTSTATUS st;

    if ((st = handle_ref_any(first, &a, &acc, &attrs)))
        return st;
    if ((st = handle_ref_any(second, &b, &acc, &attrs))) {
        kobject_unref(a);
        return st;
    }
    st = a == b ? STATUS_SUCCESS : STATUS_NOT_SAME_OBJECT;
    kobject_unref(a);
    kobject_unref(b);
    return st;
}
SYSCALL(NtCompareObjects);

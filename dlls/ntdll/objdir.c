/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * objdir.c - NtQueryDirectoryObject: listing a directory of the object
 * namespace (object.c keeps the namespace; object_directory_entry reads
 * one entry of it).
 *
 * The answer is an array of OBJECT_DIRECTORY_INFORMATION (name and type
 * name) ended by an all-zero entry, with the strings, each with its
 * terminator, packed after the array.  *context is the index of the next
 * entry to return; restart starts from 0.  With single_entry one entry is
 * returned or STATUS_BUFFER_TOO_SMALL with the size it needs; otherwise as
 * many as fit, STATUS_MORE_ENTRIES if some were left over.  Past the last
 * entry: STATUS_NO_MORE_ENTRIES.  Entries come in the order they were
 * named (Windows' order is its hash order: callers may not rely on either).
 */
#include "kernel.h"

struct dir_item {
    WCHAR *name;
    size_t name_len;            /* characters */
    const char *type;
    size_t type_len;
};

/* Bytes an item needs besides its array slot: both strings, terminated. */
static ULONG item_strings(const struct dir_item *it)
{
    return (ULONG)((it->name_len + 1 + it->type_len + 1) * sizeof(WCHAR));
}

static NTSTATUS get_item(struct kobject *dir, ULONG index, struct dir_item *it)
{
    NTSTATUS st = object_directory_entry(dir, index, &it->name, &it->name_len, &it->type);
    if (!st)
        it->type_len = strlen(it->type);
    return st;
}

/* Write items[0..count) with their strings from `strings` on, and the
 * terminating entry after them. */
static void write_items(OBJECT_DIRECTORY_INFORMATION *out, const struct dir_item *items,
                        ULONG count, WCHAR *strings)
{
    for (ULONG i = 0; i < count; i++) {
        const struct dir_item *it = &items[i];
        out[i].Name.Buffer = strings;
        out[i].Name.Length = (USHORT)(it->name_len * sizeof(WCHAR));
        out[i].Name.MaximumLength = out[i].Name.Length + sizeof(WCHAR);
        memcpy(strings, it->name, it->name_len * sizeof(WCHAR));
        strings[it->name_len] = 0;
        strings += it->name_len + 1;
        out[i].TypeName.Buffer = strings;
        out[i].TypeName.Length = (USHORT)(it->type_len * sizeof(WCHAR));
        out[i].TypeName.MaximumLength = out[i].TypeName.Length + sizeof(WCHAR);
        for (size_t c = 0; c <= it->type_len; c++)
            strings[c] = (unsigned char)it->type[c];
        strings += it->type_len + 1;
    }
    memset(&out[count], 0, sizeof(out[count]));
}

static void free_items(struct dir_item *items, ULONG count)
{
    for (ULONG i = 0; i < count; i++)
        kfree(items[i].name);
    kfree(items);
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryDirectoryObject(HANDLE handle, OBJECT_DIRECTORY_INFORMATION *buffer,
                                                    ULONG size, BOOLEAN single_entry, BOOLEAN restart,
                                                    ULONG *context, ULONG *ret_size)
{
    const ULONG entry = sizeof(OBJECT_DIRECTORY_INFORMATION);
    struct kobject *dir;
    struct dir_item *items = NULL;
    ULONG index, count = 0, capacity = 0, used = entry;
    NTSTATUS st;

    if ((st = handle_ref(handle, &directory_type, DIRECTORY_QUERY, (void **)&dir)))
        return st;
    if (!context) {
        kobject_unref(dir);
        return STATUS_ACCESS_VIOLATION;
    }
    index = restart ? 0 : *context;

    /* gather what fits (one entry at most with single_entry) */
    for (;;) {
        struct dir_item it;
        ULONG need;

        if ((st = get_item(dir, index + count, &it)))
            break;      /* STATUS_NO_MORE_ENTRIES: the end */
        need = entry + item_strings(&it);
        if (single_entry) {
            need += entry;
            if (ret_size)
                *ret_size = need;
            if (size < need) {
                kfree(it.name);
                st = STATUS_BUFFER_TOO_SMALL;
                goto done;
            }
        } else if (used + need > size) {
            kfree(it.name);
            st = STATUS_MORE_ENTRIES;
            break;
        }
        if (count == capacity) {
            ULONG cap = capacity ? capacity * 2 : 16;
            struct dir_item *n = krealloc(items, cap * sizeof(*n));
            if (!n) {
                kfree(it.name);
                st = STATUS_NO_MEMORY;
                goto done;
            }
            items = n;
            capacity = cap;
        }
        items[count++] = it;
        used += need;
        if (single_entry) {
            st = STATUS_SUCCESS;
            break;
        }
    }
    if (st == STATUS_NO_MEMORY)
        goto done;
    if (!count) {
        /* nothing returned: just the terminator, if there is room */
        if (size >= entry)
            memset(buffer, 0, entry);
        if (ret_size)
            *ret_size = entry;
        if (st == STATUS_NO_MORE_ENTRIES)
            goto done;
        *context = index;
        goto done;
    }
    if (single_entry)
        used = 2 * entry + item_strings(&items[0]);
    write_items(buffer, items, count, (WCHAR *)(buffer + count + 1));
    *context = index + count;
    if (ret_size)
        *ret_size = used;
    if (st == STATUS_NO_MORE_ENTRIES)
        st = STATUS_SUCCESS;
done:
    free_items(items, count);
    kobject_unref(dir);
    return st;
}
SYSCALL(NtQueryDirectoryObject);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * atom.c - the global atom table: NtAddAtom, NtFindAtom, NtDeleteAtom and
 * NtQueryInformationAtom.
 *
 * An atom is a 16-bit number standing for a string.  Numbers below
 * MAXINTATOM (0xc000) are "integer atoms": they stand for themselves, are
 * written "#123", and never enter the table.  String atoms are 0xc000 and
 * up; a string is matched without regard to case, holds at most 255
 * characters and is reference counted: adding it again counts up, deleting
 * counts down, and the last delete frees the number for reuse (the lowest
 * free number is handed out first).  An atom whose count would overflow
 * its 16 bits is pinned instead: it stays for the life of the process and
 * NtDeleteAtom answers STATUS_WAS_LOCKED for it.
 *
 * One picoprocess holds one process, so "global" means this process's
 * table; win32u.so (window classes, properties, clipboard formats) uses
 * the same calls.  The table lock is never held while user memory is
 * touched: names are copied in before and out after.
 */
#include "kernel.h"

#define ATOM_MAX_LEN 255                        /* characters */
#define ATOM_FIRST MAXINTATOM                   /* first string atom */
#define ATOM_SLOTS (0x10000 - ATOM_FIRST)       /* 0xc000 .. 0xffff */
#define ATOM_BUCKETS 64

struct atom_entry {
    struct atom_entry *next;        /* in its hash bucket */
    uint32_t refs;
    int pinned;
    RTL_ATOM atom;
    USHORT len;                     /* characters */
    WCHAR name[];
};

static struct klock atom_lock = KLOCK_INIT;
static struct atom_entry **slots;   /* index: atom - ATOM_FIRST */
static unsigned slot_capacity;      /* grows by doubling up to ATOM_SLOTS */
static unsigned atom_count;
static struct atom_entry *buckets[ATOM_BUCKETS];

static unsigned name_hash(const WCHAR *name, size_t len)
{
    unsigned h = 0;
    for (size_t i = 0; i < len; i++)
        h = h * 31 + kupcase(name[i]);
    return h % ATOM_BUCKETS;
}

static int same_name(const struct atom_entry *e, const WCHAR *name, size_t len)
{
    if (e->len != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (kupcase(e->name[i]) != kupcase(name[i]))
            return 0;
    return 1;
}

/* Lock held. */
static struct atom_entry *find_entry(const WCHAR *name, size_t len, unsigned hash)
{
    for (struct atom_entry *e = buckets[hash]; e; e = e->next)
        if (same_name(e, name, len))
            return e;
    return NULL;
}

/* Lock held. */
static struct atom_entry *entry_of(RTL_ATOM atom)
{
    if (atom < ATOM_FIRST || (unsigned)(atom - ATOM_FIRST) >= slot_capacity)
        return NULL;
    return slots[atom - ATOM_FIRST];
}

/* A free atom number, growing the slot array if need be.  Lock held. */
static int alloc_slot(unsigned *index)
{
    for (unsigned i = 0; i < slot_capacity; i++) {
        if (!slots[i]) {
            *index = i;
            return 1;
        }
    }
    if (slot_capacity >= ATOM_SLOTS)
        return 0;
    unsigned cap = slot_capacity ? slot_capacity * 2 : 64;
    if (cap > ATOM_SLOTS)
        cap = ATOM_SLOTS;
    struct atom_entry **n = krealloc(slots, cap * sizeof(*n));
    if (!n)
        return 0;
    memset(n + slot_capacity, 0, (cap - slot_capacity) * sizeof(*n));
    *index = slot_capacity;
    slots = n;
    slot_capacity = cap;
    return 1;
}

/*
 * Classify a name as NtAddAtom and NtFindAtom see it.  A pointer below
 * 0x10000 is MAKEINTATOM(n); "#digits" (all of it) is the integer atom
 * those digits spell.  STATUS_SUCCESS with *atom set: an integer atom.
 * STATUS_MORE_ENTRIES: a string atom, copied to buf (*len characters).
 */
static NTSTATUS parse_name(const WCHAR *name, ULONG bytes, RTL_ATOM *atom, WCHAR *buf,
                           size_t *len)
{
    size_t n = bytes / sizeof(WCHAR);
    uint32_t value;

    if ((uintptr_t)name < 0x10000) {
        value = (uint32_t)(uintptr_t)name;
        goto integer;
    }
    if (!n)
        return STATUS_OBJECT_NAME_INVALID;
    if (name[0] == '#' && n > 1) {
        size_t i = 1;
        value = 0;
        while (i < n && name[i] >= '0' && name[i] <= '9') {
            value = value * 10 + (name[i++] - '0');
            if (value > 0xffff)
                value = 0x10000;    /* too big: refused below, not a string */
        }
        if (i == n)
            goto integer;
    }
    if (n > ATOM_MAX_LEN)
        return STATUS_INVALID_PARAMETER;
    memcpy(buf, name, n * sizeof(WCHAR));
    *len = n;
    return STATUS_MORE_ENTRIES;
integer:
    if (!value || value >= MAXINTATOM)
        return STATUS_INVALID_PARAMETER;
    *atom = (RTL_ATOM)value;
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtAddAtom(const WCHAR *name, ULONG length, RTL_ATOM *atom)
{
    WCHAR buf[ATOM_MAX_LEN];
    size_t len = 0;
    RTL_ATOM result = 0;
    NTSTATUS st = parse_name(name, length, &result, buf, &len);

    if (st == STATUS_MORE_ENTRIES) {
        unsigned hash = name_hash(buf, len), index;
        struct atom_entry *e;

        klock_acquire(&atom_lock);
        if ((e = find_entry(buf, len, hash))) {
            if (e->refs < 0xffff)
                e->refs++;
            else
                e->pinned = 1;      /* the count would overflow: keep it forever */
            result = e->atom;
            st = STATUS_SUCCESS;
        } else if (!alloc_slot(&index)) {
            st = STATUS_NO_MEMORY;
        } else if (!(e = kmalloc(sizeof(*e) + len * sizeof(WCHAR)))) {
            st = STATUS_NO_MEMORY;
        } else {
            e->refs = 1;
            e->pinned = 0;
            e->atom = (RTL_ATOM)(ATOM_FIRST + index);
            e->len = (USHORT)len;
            memcpy(e->name, buf, len * sizeof(WCHAR));
            e->next = buckets[hash];
            buckets[hash] = e;
            slots[index] = e;
            atom_count++;
            result = e->atom;
            st = STATUS_SUCCESS;
        }
        klock_release(&atom_lock);
    }
    if (!st && atom)
        *atom = result;
    return st;
}
SYSCALL(NtAddAtom);

NTSTATUS NTAPI KERNEL_EXPORT NtFindAtom(const WCHAR *name, ULONG length, RTL_ATOM *atom)
{
    WCHAR buf[ATOM_MAX_LEN];
    size_t len = 0;
    RTL_ATOM result = 0;
    NTSTATUS st = parse_name(name, length, &result, buf, &len);

    if (st == STATUS_MORE_ENTRIES) {
        struct atom_entry *e;
        klock_acquire(&atom_lock);
        e = find_entry(buf, len, name_hash(buf, len));
        st = e ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
        if (e)
            result = e->atom;
        klock_release(&atom_lock);
    }
    if (!st && atom)
        *atom = result;
    return st;
}
SYSCALL(NtFindAtom);

NTSTATUS NTAPI KERNEL_EXPORT NtDeleteAtom(RTL_ATOM atom)
{
    struct atom_entry *e, **p;
    NTSTATUS st = STATUS_SUCCESS;

    if (!atom)
        return STATUS_INVALID_HANDLE;
    if (atom < MAXINTATOM)
        return STATUS_SUCCESS;      /* integer atoms are not in the table */
    klock_acquire(&atom_lock);
    if (!(e = entry_of(atom))) {
        st = STATUS_INVALID_HANDLE;
    } else if (e->pinned) {
        st = STATUS_WAS_LOCKED;
    } else if (!--e->refs) {
        for (p = &buckets[name_hash(e->name, e->len)]; *p != e; p = &(*p)->next)
            ;
        *p = e->next;
        slots[atom - ATOM_FIRST] = NULL;
        atom_count--;
        kfree(e);
    }
    klock_release(&atom_lock);
    return st;
}
SYSCALL(NtDeleteAtom);

/* "#123" for an integer atom; returns the length in characters. */
static size_t integer_atom_name(RTL_ATOM atom, WCHAR *out)
{
    char tmp[8];
    int n = snprintf(tmp, sizeof(tmp), "#%u", (unsigned)atom);
    for (int i = 0; i < n; i++)
        out[i] = (unsigned char)tmp[i];
    return (size_t)n;
}

/*
 * AtomBasicInformation: the fixed part holds Name[1], so `room` (the bytes
 * after the fixed part) is where a name longer than nothing and its
 * terminator go.  A name that does not fit whole is cut short (not an
 * error); with no room at all the answer is STATUS_BUFFER_TOO_SMALL and
 * NameLength tells the whole length.
 */
static NTSTATUS query_basic(RTL_ATOM atom, ATOM_BASIC_INFORMATION *abi, ULONG size, ULONG *ret_len)
{
    WCHAR name[ATOM_MAX_LEN + 1];
    size_t len;
    USHORT refs, pinned;
    ULONG room, copy;

    if (size < sizeof(*abi))
        return STATUS_INVALID_PARAMETER;
    if (!atom)
        return STATUS_INVALID_PARAMETER;
    if (atom < MAXINTATOM) {
        len = integer_atom_name(atom, name);
        refs = 1;
        pinned = 1;
    } else {
        struct atom_entry *e;
        klock_acquire(&atom_lock);
        if ((e = entry_of(atom))) {
            len = e->len;
            memcpy(name, e->name, len * sizeof(WCHAR));
            refs = (USHORT)e->refs;
            pinned = (USHORT)e->pinned;
        }
        klock_release(&atom_lock);
        if (!e)
            return STATUS_INVALID_HANDLE;
    }
    room = size - sizeof(*abi);
    abi->ReferenceCount = refs;
    abi->Pinned = pinned;
    if (!room) {
        abi->NameLength = (USHORT)(len * sizeof(WCHAR));
        if (ret_len)
            *ret_len = sizeof(*abi);
        return STATUS_BUFFER_TOO_SMALL;
    }
    copy = len * sizeof(WCHAR);
    if (copy > room)
        copy = room & ~(ULONG)1;
    memcpy(abi->Name, name, copy);
    abi->Name[copy / sizeof(WCHAR)] = 0;    /* within the fixed part's Name[1] at worst */
    abi->NameLength = (USHORT)copy;
    if (ret_len)
        *ret_len = sizeof(*abi) + copy;
    return STATUS_SUCCESS;
}

/* AtomTableInformation: every string atom in the table. */
static NTSTATUS query_table(ATOM_TABLE_INFORMATION *ati, ULONG size, ULONG *ret_len)
{
    RTL_ATOM *list;
    ULONG n = 0, need;

    if (size < sizeof(*ati))
        return STATUS_INFO_LENGTH_MISMATCH;
    klock_acquire(&atom_lock);
    list = kmalloc((atom_count ? atom_count : 1) * sizeof(*list));
    if (list) {
        for (unsigned i = 0; i < slot_capacity; i++)
            if (slots[i])
                list[n++] = slots[i]->atom;
    }
    klock_release(&atom_lock);
    if (!list)
        return STATUS_NO_MEMORY;
    need = offsetof(ATOM_TABLE_INFORMATION, Atoms) + n * sizeof(RTL_ATOM);
    if (need < sizeof(*ati))
        need = sizeof(*ati);
    if (ret_len)
        *ret_len = need;
    ati->NumberOfAtoms = n;
    if (size < need) {
        kfree(list);
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    memcpy(ati->Atoms, list, n * sizeof(RTL_ATOM));
    kfree(list);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryInformationAtom(RTL_ATOM atom, ATOM_INFORMATION_CLASS cls,
                                                    void *buf, ULONG size, ULONG *ret_len)
{
    switch (cls) {
    case AtomBasicInformation:
        return query_basic(atom, buf, size, ret_len);
    case AtomTableInformation:
        return query_table(buf, size, ret_len);
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}
SYSCALL(NtQueryInformationAtom);

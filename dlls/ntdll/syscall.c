/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * syscall.c - the syscall tables.
 *
 * Wine's PE DLLs number their syscalls by the sorted order of their
 * syscall exports (table 0: ntdll.dll, table 1: win32u.dll), and each
 * thunk carries its number in `mov $id,%eax`.  Rather than hard-coding
 * Wine 8.0's numbering we read it from the thunks of the DLL actually
 * mapped, and match the exported names with the implementations that
 * registered themselves with SYSCALL().  The argument sizes come from the
 * DLL's own __wine_syscall_dispatcher data block, as in Wine.
 */
#include "kernel.h"
#include "image.h"

struct syscall_slot {
    void *func;
    uint64_t arg_bytes;
};
struct syscall_table_desc {
    struct syscall_slot *slots;
    uint64_t count;
};

/* Read by dispatch.S. */
KERNEL_HOT_DATA __attribute__((visibility("hidden")))
struct syscall_table_desc keep_syscall_tables[4];

static const char **slot_names[4];
KERNEL_HOT_DATA __attribute__((visibility("hidden"))) uint8_t keep_syscall_trace;   /* dispatch.S */
/* ntdll.dll's slots (235 in Wine 8.0), next to the above: no
 * heap page to touch per syscall.  win32u's, and a longer table, are
 * allocated. */
#define STATIC_SLOTS 256
KERNEL_HOT_DATA static struct syscall_slot ntdll_slots[STATIC_SLOTS];
static uint8_t *reported[4];

extern const struct syscall_entry __start_keep_syscalls[] __attribute__((visibility("hidden")));
extern const struct syscall_entry __stop_keep_syscalls[] __attribute__((visibility("hidden")));

_Static_assert(offsetof(struct syscall_frame, rip) == 0x70, "frame rip");
_Static_assert(offsetof(struct syscall_frame, restore_flags) == 0x90, "frame flags");
_Static_assert(offsetof(struct syscall_frame, fxsave) == 0xc0, "frame fxsave");
_Static_assert(offsetof(struct syscall_frame, ymmh) == 0x2c0, "frame ymmh");
_Static_assert(sizeof(struct syscall_frame) == 0x400, "frame size");
_Static_assert(sizeof(struct syscall_slot) == 16, "slot size");

/* The registered implementations, sorted by name for lookups. */
static const struct syscall_entry **sorted;
static size_t sorted_count;

static int sort_implementations(void)
{
    size_t n = __stop_keep_syscalls - __start_keep_syscalls;
    if (sorted)
        return 1;
    const struct syscall_entry **tmp = kmalloc(n * sizeof(*tmp));
    if (!(sorted = kmalloc(n * sizeof(*sorted))) || !tmp) {
        kfree(sorted);
        kfree(tmp);
        sorted = NULL;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        sorted[i] = &__start_keep_syscalls[i];
    /* bottom-up merge sort: some 300 names at every start (an insertion
       sort compared them some 20,000 times) */
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t a = lo, b = mid, k = lo;
            while (a < mid && b < hi)
                tmp[k++] = strcmp(sorted[b]->name, sorted[a]->name) < 0 ? sorted[b++] : sorted[a++];
            while (a < mid)
                tmp[k++] = sorted[a++];
            while (b < hi)
                tmp[k++] = sorted[b++];
        }
        memcpy(sorted, tmp, n * sizeof(*sorted));
    }
    kfree(tmp);
    sorted_count = n;
    return 1;
}

static const struct syscall_entry *find_implementation(const char *name)
{
    size_t lo = 0, hi = sorted_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, sorted[mid]->name);
        if (!c)
            return sorted[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* A Wine syscall thunk starts with 4c 8b d1 b8 <id32>. */
static int thunk_id(const uint8_t *code, uint32_t *id)
{
    if (code[0] != 0x4c || code[1] != 0x8b || code[2] != 0xd1 || code[3] != 0xb8)
        return 0;
    memcpy(id, code + 4, 4);
    return 1;
}

/* The data export __wine_syscall_dispatcher: { void *dispatcher;
 * USHORT limit; BYTE args[limit]; } */
struct wine_syscall_info {
    void *dispatcher;
    uint16_t limit;
    uint8_t args[];
} __attribute__((packed));

struct table_build {
    unsigned table;
    void *base;
    unsigned matched;
};

static void add_export(void *ctx, const char *name, void *addr)
{
    struct table_build *b = ctx;
    struct syscall_table_desc *t = &keep_syscall_tables[b->table];
    uint32_t id;

    /* syscall exports are Nt* (Zw* aliases), __wine_* and wine_*; reading
       the code of every other export would only fault in ntdll.dll's pages */
    if (strncmp(name, "Nt", 2) && strncmp(name, "__wine_", 7) && strncmp(name, "wine_", 5))
        return;
    if (!thunk_id(addr, &id) || (id >> 12) != b->table)
        return;
    id &= 0xfff;
    if (id >= t->count)
        return;
    if (strncmp(name, "Zw", 2) == 0)
        return;
    slot_names[b->table][id] = name;
    const struct syscall_entry *e = find_implementation(name);
    if (e) {
        t->slots[id].func = e->func;
        b->matched++;
    }
}

/* Slots, names and report flags of a table of count entries, with the
 * argument sizes from the DLL's dispatcher block; the names from its thunks. */
static NTSTATUS table_alloc(unsigned table, const struct wine_syscall_info *info)
{
    struct syscall_table_desc *t = &keep_syscall_tables[table];

    t->slots = table == 0 && info->limit <= STATIC_SLOTS ? ntdll_slots
                                                         : kzalloc(sizeof(*t->slots) * info->limit);
    slot_names[table] = kzalloc(sizeof(char *) * info->limit);
    reported[table] = kzalloc(info->limit);
    if (!t->slots || !slot_names[table] || !reported[table] || !sort_implementations())
        return STATUS_NO_MEMORY;
    for (unsigned i = 0; i < info->limit; i++)
        t->slots[i].arg_bytes = info->args[i];
    return STATUS_SUCCESS;
}

static NTSTATUS table_check_names(unsigned table, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        if (!slot_names[table][i]) {
            kernel_log("keep: syscall %#x has no thunk in the DLL: not Wine 8.0's DLLs\n",
                       (table << 12) | i);
            return STATUS_INVALID_IMAGE_FORMAT;
        }
    }
    return STATUS_SUCCESS;
}

NTSTATUS syscall_table_init(unsigned table, void *dll_base)
{
    struct wine_syscall_info *info = image_find_export(dll_base, "__wine_syscall_dispatcher");
    struct syscall_table_desc *t = &keep_syscall_tables[table];
    struct table_build build = { table, dll_base, 0 };
    NTSTATUS st;

    if (!info) {
        kernel_log("keep: %s has no __wine_syscall_dispatcher: not a Wine 8.0 DLL\n",
                   table ? "win32u.dll" : "ntdll.dll");
        return STATUS_INVALID_IMAGE_FORMAT;
    }
    info->dispatcher = (void *)keep_syscall_dispatcher;
    if ((st = table_alloc(table, info)))
        return st;
    t->count = info->limit;
    image_for_each_export(dll_base, add_export, &build);
    if ((st = table_check_names(table, info->limit)))
        return st;
    keep_syscall_trace = (kernel.debug & KEEP_DEBUG_TRACE) != 0;
    KTRACE(KEEP_DEBUG_SYSCALLS, "keep: table %u: %u of %u syscalls implemented\n",
           table, build.matched, (unsigned)t->count);
    if (kernel.debug & KEEP_DEBUG_SYSCALLS)
        for (unsigned i = 0; i < t->count; i++)
            if (!t->slots[i].func)
                kernel_log("keep: table %u: no %s\n", table, slot_names[table][i]);
    return STATUS_SUCCESS;
}

/* Names only: the functions come from the unix library's own table. */
static void add_export_name(void *ctx, const char *name, void *addr)
{
    struct table_build *b = ctx;
    uint32_t id;

    if (strncmp(name, "Nt", 2) || !thunk_id(addr, &id) || (id >> 12) != b->table)
        return;
    id &= 0xfff;
    if (id < keep_syscall_tables[b->table].count)
        slot_names[b->table][id] = name;
}

/*
 * ntdll_init_syscalls (exported, sysv, as Wine's unix libraries call it):
 * a unix library (win32u.so, table 1) hands over its own table of ms_abi
 * functions; the argument sizes and the dispatcher slot are in the data
 * block of its PE half, which `dispatcher` points to.
 */
KERNEL_EXPORT NTSTATUS ntdll_init_syscalls(ULONG id, SYSTEM_SERVICE_TABLE *table, void **dispatcher)
{
    struct wine_syscall_info *info = (struct wine_syscall_info *)dispatcher;
    struct syscall_table_desc *t;
    MEMORY_BASIC_INFORMATION mbi;
    struct table_build build = { id, NULL, 0 };
    SIZE_T len;
    NTSTATUS st;

    if (id == 0 || id > 3 || !table || !info)
        return STATUS_INVALID_PARAMETER;
    t = &keep_syscall_tables[id];
    if (t->count)
        return STATUS_INVALID_PARAMETER;     /* registered once */
    if (info->limit != table->ServiceLimit) {
        kernel_log("keep: syscall table %u: %u entries, but the DLL has %u thunks\n",
                   (unsigned)id, (unsigned)table->ServiceLimit, info->limit);
        return STATUS_INVALID_PARAMETER;
    }
    if ((st = NtQueryVirtualMemory(CURRENT_PROCESS, info, MemoryBasicInformation, &mbi,
                                   sizeof(mbi), &len)))
        return st;
    if ((st = table_alloc(id, info)))
        return st;
    for (unsigned i = 0; i < info->limit; i++) {
        t->slots[i].func = (void *)table->ServiceTable[i];
        if (table->ArgumentTable)
            table->ArgumentTable[i] = info->args[i];
    }
    t->count = info->limit;
    build.base = mbi.AllocationBase;
    image_for_each_export(mbi.AllocationBase, add_export_name, &build);
    if ((st = table_check_names(id, info->limit))) {
        t->count = 0;
        return st;
    }
    info->dispatcher = (void *)keep_syscall_dispatcher;
    KTRACE(KEEP_DEBUG_SYSCALLS, "keep: table %u: %u syscalls from a unix library\n",
           (unsigned)id, info->limit);
    return STATUS_SUCCESS;
}

const char *syscall_name(uint32_t id)
{
    unsigned table = (id >> 12) & 3, index = id & 0xfff;
    if (index >= keep_syscall_tables[table].count || !slot_names[table])
        return "?";
    return slot_names[table][index];
}

/* KEEPDEBUG=trace: dispatch.S reports every call through these, with the
 * microseconds since the first report (where a start-up's time goes). */

static long long trace_time_us(void)
{
    static int64_t first;
    int64_t now = 0;

    host_time_get(HOST_CLOCK_MONOTONIC, &now);
    if (!first)
        first = now;
    return (long long)(now - first) / 1000;
}

__attribute__((visibility("hidden"))) void keep_syscall_trace_enter(uint32_t id)
{
    kernel_log("keep: %04x %8lld call %s\n", (unsigned)(uintptr_t)current_teb()->ClientId.UniqueThread,
               trace_time_us(), syscall_name(id));
}

__attribute__((visibility("hidden"))) void keep_syscall_trace_exit(uint32_t id, uint32_t status)
{
    kernel_log("keep: %04x %8lld ret  %s %#x\n", (unsigned)(uintptr_t)current_teb()->ClientId.UniqueThread,
               trace_time_us(), syscall_name(id), status);
}

/* Called by dispatch.S (sysv) for a syscall with no implementation. */
__attribute__((visibility("hidden"))) NTSTATUS keep_syscall_unimplemented(uint32_t id)
{
    unsigned table = (id >> 12) & 3, index = id & 0xfff;

    if ((kernel.debug & KEEP_DEBUG_SYSCALLS) && !reported[table][index]) {
        reported[table][index] = 1;
        kernel_log("keep: unimplemented syscall %s (%#x)\n", syscall_name(id), id);
    }
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS kernel_not_implemented(const char *what, long detail)
{
    static struct { const char *what; long detail; } seen[64];
    static unsigned nseen;
    static struct klock lock = KLOCK_INIT;
    unsigned i;

    if (!(kernel.debug & KEEP_DEBUG_SYSCALLS))
        return STATUS_NOT_IMPLEMENTED;
    klock_acquire(&lock);
    for (i = 0; i < nseen && (seen[i].what != what || seen[i].detail != detail); i++)
        ;
    if (i == nseen) {
        if (nseen < sizeof(seen) / sizeof(seen[0]))
            seen[nseen++] = (typeof(seen[0])){ what, detail };
        if (detail < 0)
            kernel_log("keep: not implemented: %s\n", what);
        else
            kernel_log("keep: not implemented: %s %ld\n", what, detail);
    }
    klock_release(&lock);
    return STATUS_NOT_IMPLEMENTED;
}

/* The list of implemented syscalls, for `keep` diagnostics and tests. */
unsigned syscall_count_implemented(unsigned table)
{
    unsigned n = 0;
    for (unsigned i = 0; i < keep_syscall_tables[table].count; i++)
        n += keep_syscall_tables[table].slots[i].func != NULL;
    return n;
}

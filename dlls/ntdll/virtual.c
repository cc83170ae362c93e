/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * virtual.c - the user address space.
 *
 * The kernel owns the layout: every range it handed out is a view
 * (a reservation of private memory, a mapped file or an image) with one
 * state byte per page (committed, protection, guard).  The host only backs
 * what the kernel asks for, at the exact addresses the kernel chose, which
 * keeps the layout re-creatable for snapshots.  Views are kept in an array
 * sorted by address.
 */
#include "kernel.h"

#define VPROT_READ 0x01
#define VPROT_WRITE 0x02
#define VPROT_EXEC 0x04
#define VPROT_WRITECOPY 0x08
#define VPROT_GUARD 0x10
#define VPROT_NOCACHE 0x20
#define VPROT_WRITEWATCH 0x40   /* write watch armed: mapped without write (writewatch.c) */
#define VPROT_COMMITTED 0x80

struct view {
    char *base;
    SIZE_T size;
    enum view_kind kind;
    ULONG alloc_protect;
    struct kobject *section;    /* mapped/image views: the section object */
    uint8_t *prot;              /* one byte per page */
    int write_watch;            /* MEM_WRITE_WATCH reservation (writewatch.c) */
};

static struct klock vm_lock = KLOCK_INIT;
static struct view *views;
/* Set once a MEM_WRITE_WATCH view exists: until then (most programs,
 * always) virtual_write_watch_touch, on every read into user memory, has
 * nothing to look up.  The buffer's view was made before the read that
 * touches it, so the flag is seen. */
KERNEL_HOT_DATA static int write_watch_used;
static size_t view_count, view_capacity;

#define USER_SPACE_START ((uintptr_t)0x10000)
#define USER_SPACE_LIMIT ((uintptr_t)0x7ff000000000)

static uint8_t vprot_from_protect(ULONG protect)
{
    uint8_t v = 0;
    switch (protect & 0xff) {
    case PAGE_READONLY: v = VPROT_READ; break;
    case PAGE_READWRITE: v = VPROT_READ | VPROT_WRITE; break;
    case PAGE_WRITECOPY: v = VPROT_READ | VPROT_WRITE | VPROT_WRITECOPY; break;
    case PAGE_EXECUTE: v = VPROT_EXEC; break;
    case PAGE_EXECUTE_READ: v = VPROT_EXEC | VPROT_READ; break;
    case PAGE_EXECUTE_READWRITE: v = VPROT_EXEC | VPROT_READ | VPROT_WRITE; break;
    case PAGE_EXECUTE_WRITECOPY: v = VPROT_EXEC | VPROT_READ | VPROT_WRITE | VPROT_WRITECOPY; break;
    default: v = 0; break;
    }
    if (protect & PAGE_GUARD)
        v |= VPROT_GUARD;
    if (protect & PAGE_NOCACHE)
        v |= VPROT_NOCACHE;
    return v;
}

static int valid_protect(ULONG protect)
{
    switch (protect & 0xff) {
    case PAGE_NOACCESS: case PAGE_READONLY: case PAGE_READWRITE: case PAGE_WRITECOPY:
    case PAGE_EXECUTE: case PAGE_EXECUTE_READ: case PAGE_EXECUTE_READWRITE:
    case PAGE_EXECUTE_WRITECOPY:
        break;
    default:
        return 0;
    }
    return !(protect & ~(0xff | PAGE_GUARD | PAGE_NOCACHE | PAGE_WRITECOMBINE));
}

static ULONG protect_from_vprot(uint8_t v)
{
    ULONG p;
    if (v & VPROT_EXEC) {
        if (v & VPROT_WRITECOPY) p = PAGE_EXECUTE_WRITECOPY;
        else if (v & VPROT_WRITE) p = PAGE_EXECUTE_READWRITE;
        else if (v & VPROT_READ) p = PAGE_EXECUTE_READ;
        else p = PAGE_EXECUTE;
    } else {
        if (v & VPROT_WRITECOPY) p = PAGE_WRITECOPY;
        else if (v & VPROT_WRITE) p = PAGE_READWRITE;
        else if (v & VPROT_READ) p = PAGE_READONLY;
        else p = PAGE_NOACCESS;
    }
    if (v & VPROT_GUARD)
        p |= PAGE_GUARD;
    if (v & VPROT_NOCACHE)
        p |= PAGE_NOCACHE;
    return p;
}

static unsigned host_prot_from_vprot(uint8_t v)
{
    unsigned p = 0;
    if (!(v & VPROT_COMMITTED) || (v & VPROT_GUARD))
        return HOST_PROT_NONE;
    if (v & VPROT_READ) p |= HOST_PROT_READ;
    if (v & VPROT_WRITE) p |= HOST_PROT_WRITE;
    if (v & VPROT_EXEC) p |= HOST_PROT_EXEC | HOST_PROT_READ;
    if (v & VPROT_WRITEWATCH) p &= ~HOST_PROT_WRITE;   /* the first write faults */
    return p;
}

unsigned prot_to_host(ULONG protect)
{
    return host_prot_from_vprot(vprot_from_protect(protect) | VPROT_COMMITTED);
}

/* ---- The view array (vm_lock held) -------------------------------------- */

static struct view *find_view(const void *addr)
{
    size_t lo = 0, hi = view_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        struct view *v = &views[mid];
        if ((const char *)addr < v->base)
            hi = mid;
        else if ((const char *)addr >= v->base + v->size)
            lo = mid + 1;
        else
            return v;
    }
    return NULL;
}

static size_t view_index_after(const void *addr)
{
    size_t lo = 0, hi = view_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (views[mid].base < (const char *)addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int range_free(uintptr_t base, SIZE_T size)
{
    size_t i = view_index_after((void *)base);
    if (i > 0 && (uintptr_t)views[i - 1].base + views[i - 1].size > base)
        return 0;
    if (i < view_count && (uintptr_t)views[i].base < base + size)
        return 0;
    return 1;
}

static NTSTATUS insert_view(char *base, SIZE_T size, enum view_kind kind, ULONG alloc_protect,
                            uint8_t initial, struct view **out)
{
    if (view_count == view_capacity) {
        size_t cap = view_capacity ? view_capacity * 2 : 64;
        struct view *n = krealloc(views, cap * sizeof(*n));
        if (!n)
            return STATUS_NO_MEMORY;
        views = n;
        view_capacity = cap;
    }
    uint8_t *prot = kmalloc(size / PAGE_SIZE_K);
    if (!prot)
        return STATUS_NO_MEMORY;
    memset(prot, initial, size / PAGE_SIZE_K);
    size_t i = view_index_after(base);
    memmove(&views[i + 1], &views[i], (view_count - i) * sizeof(*views));
    view_count++;
    views[i] = (struct view){ base, size, kind, alloc_protect, NULL, prot, 0 };
    *out = &views[i];
    return STATUS_SUCCESS;
}

static void delete_view(struct view *v)
{
    size_t i = v - views;
    kfree(v->prot);
    if (v->section)
        kobject_unref(v->section);
    memmove(&views[i], &views[i + 1], (view_count - i - 1) * sizeof(*views));
    view_count--;
}

/* Ask the host for [base, base+size) at an address of our choosing. */
static NTSTATUS host_reserve_at(uintptr_t base, SIZE_T size)
{
    void *addr = (void *)base;
    int r = host_vm_reserve(&addr, size, HOST_VM_FIXED);
    if (r == HOST_EEXIST)
        return STATUS_CONFLICTING_ADDRESSES;
    return status_from_host(r);
}

static uintptr_t zero_bits_limit(ULONG_PTR zero_bits)
{
    if (!zero_bits)
        return USER_SPACE_LIMIT;
    if (zero_bits < 32)
        return (~(uintptr_t)0 >> (32 + zero_bits)) + 1;
    /* a mask: the highest set bit bounds the address */
    uintptr_t limit = 1;
    while (limit && limit <= zero_bits)
        limit <<= 1;
    return limit;
}

/* Find and reserve a free, 64 KiB aligned range below limit. */
static NTSTATUS find_and_reserve(SIZE_T size, uintptr_t limit, int top_down, uintptr_t *out)
{
    if (limit > USER_SPACE_LIMIT)
        limit = USER_SPACE_LIMIT;
    if (!top_down) {
        uintptr_t base = USER_SPACE_START;
        size_t i = 0;
        while (base + size <= limit && base + size > base) {
            while (i < view_count && (uintptr_t)views[i].base + views[i].size <= base)
                i++;
            if (i < view_count && (uintptr_t)views[i].base < base + size) {
                base = ALIGN_UP((uintptr_t)views[i].base + views[i].size, ALLOC_GRANULARITY);
                continue;
            }
            NTSTATUS st = host_reserve_at(base, size);
            if (!st) {
                *out = base;
                return STATUS_SUCCESS;
            }
            if (st != STATUS_CONFLICTING_ADDRESSES)
                return st;
            base += ALLOC_GRANULARITY * 16;   /* the host owns this: skip on */
        }
        return STATUS_NO_MEMORY;
    }
    uintptr_t base = ALIGN_DOWN(limit - size, ALLOC_GRANULARITY);
    while (base >= USER_SPACE_START && base < limit) {
        if (!range_free(base, size)) {
            size_t i = view_index_after((void *)(base + size));
            /* jump below the view that overlaps */
            while (i > 0 && (uintptr_t)views[i - 1].base + views[i - 1].size > base) {
                if ((uintptr_t)views[i - 1].base < size)
                    return STATUS_NO_MEMORY;
                base = ALIGN_DOWN((uintptr_t)views[i - 1].base - size, ALLOC_GRANULARITY);
                i = view_index_after((void *)(base + size));
            }
            continue;
        }
        NTSTATUS st = host_reserve_at(base, size);
        if (!st) {
            *out = base;
            return STATUS_SUCCESS;
        }
        if (st != STATUS_CONFLICTING_ADDRESSES)
            return st;
        base -= ALLOC_GRANULARITY * 16;
    }
    return STATUS_NO_MEMORY;
}

/* Apply the page states of [start, start+count) of v to the host. */
static NTSTATUS apply_host_prot(struct view *v, size_t start, size_t count)
{
    size_t i = start;
    while (i < start + count) {
        size_t j = i + 1;
        unsigned hp = host_prot_from_vprot(v->prot[i]);
        while (j < start + count && host_prot_from_vprot(v->prot[j]) == hp)
            j++;
        int r = host_vm_protect(v->base + i * PAGE_SIZE_K, (j - i) * PAGE_SIZE_K, hp);
        if (r < 0)
            return status_from_host(r);
        i = j;
    }
    return STATUS_SUCCESS;
}

/* ---- Kernel-internal interface --------------------------------------------- */

NTSTATUS virtual_reserve(void **addr, SIZE_T size, ULONG_PTR zero_bits, ULONG alloc_type,
                         ULONG protect, enum view_kind kind)
{
    uintptr_t base = (uintptr_t)*addr;
    struct view *v;
    NTSTATUS st;

    size = ALIGN_UP(size, PAGE_SIZE_K);
    if (!size)
        return STATUS_INVALID_PARAMETER;
    klock_acquire(&vm_lock);
    if (base) {
        base = ALIGN_DOWN(base, kind == VIEW_PRIVATE ? ALLOC_GRANULARITY : PAGE_SIZE_K);
        if (!range_free(base, size)) {
            st = STATUS_CONFLICTING_ADDRESSES;
            goto done;
        }
        if ((st = host_reserve_at(base, size)))
            goto done;
    } else if ((st = find_and_reserve(size, zero_bits_limit(zero_bits),
                                      (alloc_type & MEM_TOP_DOWN) != 0, &base))) {
        goto done;
    }
    int watch = (alloc_type & MEM_WRITE_WATCH) && kind == VIEW_PRIVATE;  /* write watch */
    if ((st = insert_view((char *)base, size, kind, protect,
                          vprot_from_protect(protect) | (watch ? VPROT_WRITEWATCH : 0), &v))) {
        host_vm_free((void *)base, size, 0);
        goto done;
    }
    v->write_watch = watch;
    if (watch)
        __atomic_store_n(&write_watch_used, 1, __ATOMIC_RELAXED);
    *addr = (void *)base;
done:
    klock_release(&vm_lock);
    return st;
}

/* hints: HOST_VM_* hints for the pages this call commits */
static NTSTATUS commit_locked(struct view *v, char *addr, SIZE_T size, ULONG protect,
                              unsigned hints)
{
    size_t first = (addr - v->base) / PAGE_SIZE_K, count = size / PAGE_SIZE_K;
    uint8_t vp = vprot_from_protect(protect) | VPROT_COMMITTED;
    int need_host_commit = 0, all_new = 1;

    for (size_t i = first; i < first + count; i++) {
        if (!(v->prot[i] & VPROT_COMMITTED))
            need_host_commit = 1;
        else
            all_new = 0;
    }
    if (need_host_commit) {
        /* commit all uncommitted runs (committed pages keep their data) */
        size_t i = first;
        while (i < first + count) {
            if (v->prot[i] & VPROT_COMMITTED) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < first + count && !(v->prot[j] & VPROT_COMMITTED))
                j++;
            int r = host_vm_commit(v->base + i * PAGE_SIZE_K, (j - i) * PAGE_SIZE_K,
                                   host_prot_from_vprot(vp) | hints);
            if (r < 0)
                return status_from_host(r);
            i = j;
        }
    }
    for (size_t i = first; i < first + count; i++)   /* write watch: keep the bit */
        v->prot[i] = vp | (v->prot[i] & VPROT_WRITEWATCH);
    if (all_new && !v->write_watch)
        return STATUS_SUCCESS;   /* the host commit set the protection already */
    return apply_host_prot(v, first, count);
}

NTSTATUS virtual_commit(void *addr, SIZE_T size, ULONG protect)
{
    klock_acquire(&vm_lock);
    struct view *v = find_view(addr);
    NTSTATUS st = STATUS_NOT_MAPPED_VIEW;
    if (v && (char *)addr + size <= v->base + v->size)
        st = commit_locked(v, (char *)ALIGN_DOWN((uintptr_t)addr, PAGE_SIZE_K),
                           ALIGN_UP(size, PAGE_SIZE_K), protect, 0);
    klock_release(&vm_lock);
    return st;
}

NTSTATUS virtual_populate(void *addr, SIZE_T size, unsigned hints)
{
    NTSTATUS st = STATUS_NOT_MAPPED_VIEW;
    klock_acquire(&vm_lock);
    struct view *v = find_view(addr);
    if (v && (char *)addr + size <= v->base + v->size) {
        uint8_t vp = v->prot[((char *)addr - v->base) / PAGE_SIZE_K];
        st = status_from_host(host_vm_commit(addr, size, host_prot_from_vprot(vp) | hints));
    }
    klock_release(&vm_lock);
    return st;
}

NTSTATUS virtual_release(void *base)
{
    klock_acquire(&vm_lock);
    struct view *v = find_view(base);
    if (!v) {
        klock_release(&vm_lock);
        return STATUS_NOT_MAPPED_VIEW;
    }
    host_vm_free(v->base, v->size, 0);
    delete_view(v);
    klock_release(&vm_lock);
    return STATUS_SUCCESS;
}

NTSTATUS virtual_add_view(void *base, SIZE_T size, enum view_kind kind, ULONG protect,
                          ULONG alloc_protect, struct kobject *section)
{
    struct view *v;
    klock_acquire(&vm_lock);
    NTSTATUS st = insert_view(base, ALIGN_UP(size, PAGE_SIZE_K), kind, alloc_protect,
                              vprot_from_protect(protect) | VPROT_COMMITTED, &v);
    if (!st && section)
        v->section = kobject_ref(section);
    klock_release(&vm_lock);
    return st;
}

/* image.c: protection of one part of an image view (committed pages). */
void virtual_set_image_protection(void *base, SIZE_T offset, SIZE_T size, ULONG protect,
                                  SIZE_T host_done)
{
    klock_acquire(&vm_lock);
    struct view *v = find_view(base);
    if (v && offset + size <= v->size) {
        size_t first = offset / PAGE_SIZE_K, count = ALIGN_UP(size, PAGE_SIZE_K) / PAGE_SIZE_K;
        size_t done = host_done / PAGE_SIZE_K;
        memset(v->prot + first, vprot_from_protect(protect) | VPROT_COMMITTED, count);
        if (done < count)
            apply_host_prot(v, first + done, count - done);
    }
    klock_release(&vm_lock);
}

void virtual_apply_image_protection(void *base, SIZE_T offset, SIZE_T size)
{
    klock_acquire(&vm_lock);
    struct view *v = find_view(base);
    if (v && offset + size <= v->size)
        apply_host_prot(v, offset / PAGE_SIZE_K, ALIGN_UP(size, PAGE_SIZE_K) / PAGE_SIZE_K);
    klock_release(&vm_lock);
}

void virtual_set_view_section(void *base, struct kobject *section)
{
    klock_acquire(&vm_lock);
    struct view *v = find_view(base);
    if (v && section && !v->section)
        v->section = kobject_ref(section);
    klock_release(&vm_lock);
}

/* section.c: the section and kind of the view at base. */
struct kobject *virtual_view_section(void *base, enum view_kind *kind, SIZE_T *size)
{
    struct kobject *s = NULL;
    klock_acquire(&vm_lock);
    struct view *v = find_view(base);
    if (v && v->base == (char *)base) {
        s = v->section ? kobject_ref(v->section) : NULL;
        *kind = v->kind;
        *size = v->size;
    }
    klock_release(&vm_lock);
    return s;
}

int virtual_check_range(const void *addr, SIZE_T size, int write)
{
    const char *p = addr, *end = p + size;
    int ok = 1;

    if (!size)
        return 1;
    if (end < p)
        return 0;
    klock_acquire(&vm_lock);
    while (p < end && ok) {
        struct view *v = find_view(p);
        if (!v) {
            ok = 0;
            break;
        }
        for (; p < end && p < v->base + v->size; p = (const char *)ALIGN_DOWN((uintptr_t)p, PAGE_SIZE_K) + PAGE_SIZE_K) {
            uint8_t vp = v->prot[(p - v->base) / PAGE_SIZE_K];
            if (!(vp & VPROT_COMMITTED) || (vp & VPROT_GUARD) || !(vp & VPROT_READ) ||
                (write && !(vp & VPROT_WRITE))) {
                ok = 0;
                break;
            }
        }
    }
    klock_release(&vm_lock);
    return ok;
}

/* ---- Write watches (MEM_WRITE_WATCH; the system calls are writewatch.c's) ----
 * A page of a write-watch view with VPROT_WRITEWATCH is "armed": not
 * written since the last reset, and mapped without write access, so its
 * first write faults here; the fault disarms the page (it now counts as
 * written), gives write access back and has the write retried.  Commit
 * and protect keep the bit.
 */

/* A write fault on page of a write-watch view.  vm_lock held. */
static int write_watch_fault_locked(struct view *v, size_t page, NTSTATUS *out_status)
{
    uint8_t vp = v->prot[page];

    if (!(vp & VPROT_COMMITTED) || (vp & VPROT_GUARD) || !(vp & VPROT_WRITE))
        return 0;   /* a real access violation */
    if (vp & VPROT_WRITEWATCH) {
        v->prot[page] &= ~VPROT_WRITEWATCH;
        apply_host_prot(v, page, 1);
    }
    /* else another thread disarmed it first: the page is writable now */
    *out_status = STATUS_SUCCESS;
    return 1;
}

/* The kernel is about to write [addr, addr+size) of user memory (host I/O
 * into a user buffer, NtReadVirtualMemory): disarm the watched pages
 * there, which count as written.  Call with no kernel lock held. */
KERNEL_HOT
void virtual_write_watch_touch(void *addr, SIZE_T size)
{
    char *p = (char *)ALIGN_DOWN((uintptr_t)addr, PAGE_SIZE_K);
    char *end = (char *)ALIGN_UP((uintptr_t)addr + size, PAGE_SIZE_K);

    if (!size || end < p || !__atomic_load_n(&write_watch_used, __ATOMIC_RELAXED))
        return;
    klock_acquire(&vm_lock);
    while (p < end) {
        struct view *v = find_view(p);
        if (!v) {
            size_t i = view_index_after(p);
            if (i >= view_count)
                break;
            p = views[i].base;
            continue;
        }
        char *stop = end < v->base + v->size ? end : v->base + v->size;
        if (v->write_watch) {
            size_t first = (p - v->base) / PAGE_SIZE_K, n = (stop - p) / PAGE_SIZE_K;
            int changed = 0;
            for (size_t i = first; i < first + n; i++) {
                if ((v->prot[i] & VPROT_WRITEWATCH) && (v->prot[i] & VPROT_WRITE)) {
                    v->prot[i] &= ~VPROT_WRITEWATCH;
                    changed = 1;
                }
            }
            if (changed)
                apply_host_prot(v, first, n);
        }
        p = stop;
    }
    klock_release(&vm_lock);
}

/* writewatch.c: [base, base+size) (page aligned) must lie in one
 * write-watch view, else STATUS_INVALID_PARAMETER.  With pages, store the
 * addresses of up to *count written pages and set *count; with reset,
 * re-arm the pages scanned (all of the range without pages, else up to
 * where the list filled), in the same instant as the scan. */
NTSTATUS virtual_write_watch_scan(void *base, SIZE_T size, int reset, void **pages,
                                  ULONG_PTR *count)
{
    char *start = base;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&vm_lock);
    struct view *v = find_view(start);
    if (!v || !v->write_watch || !size || start + size < start ||
        start + size > v->base + v->size) {
        st = STATUS_INVALID_PARAMETER;
    } else {
        size_t first = (start - v->base) / PAGE_SIZE_K, last = first + size / PAGE_SIZE_K, i;
        ULONG_PTR found = 0;
        for (i = first; i < last && (!pages || found < *count); i++) {
            if (v->prot[i] & VPROT_WRITEWATCH)
                continue;
            if (pages)
                pages[found] = v->base + i * PAGE_SIZE_K;
            found++;
        }
        if (reset && i > first) {
            for (size_t j = first; j < i; j++)
                v->prot[j] |= VPROT_WRITEWATCH;
            apply_host_prot(v, first, i - first);
        }
        if (pages)
            *count = found;
    }
    klock_release(&vm_lock);
    return st;
}
/* ---- end of write watches ---- */

int virtual_handle_fault(void *addr, int write, TEB *teb, NTSTATUS *out_status)
{
    int handled = 0;

    klock_acquire(&vm_lock);
    struct view *v = find_view(addr);
    if (v) {
        size_t page = ((char *)addr - v->base) / PAGE_SIZE_K;
        if ((v->prot[page] & VPROT_GUARD) && (v->prot[page] & VPROT_COMMITTED)) {
            v->prot[page] &= ~VPROT_GUARD;
            apply_host_prot(v, page, 1);
            handled = 1;
            *out_status = STATUS_GUARD_PAGE_VIOLATION;
            /* a thread's own stack grows silently: move the guard down */
            char *page_addr = v->base + page * PAGE_SIZE_K;
            if (teb && page_addr >= (char *)teb->DeallocationStack &&
                page_addr < (char *)teb->Tib.StackBase) {
                *out_status = STATUS_SUCCESS;
                if (page_addr >= (char *)teb->DeallocationStack + 2 * PAGE_SIZE_K && page > 0) {
                    v->prot[page - 1] |= VPROT_GUARD | VPROT_COMMITTED | VPROT_READ | VPROT_WRITE;
                    apply_host_prot(v, page - 1, 1);
                    teb->Tib.StackLimit = page_addr;
                } else {
                    teb->Tib.StackLimit = page_addr;
                    *out_status = STATUS_STACK_OVERFLOW;
                }
            }
        } else if (write && v->write_watch) {
            handled = write_watch_fault_locked(v, page, out_status);
        }
    }
    klock_release(&vm_lock);
    return handled;
}

/* ---- System calls --------------------------------------------------------- */

static NTSTATUS check_process(HANDLE process)
{
    return process_check_handle(process, 0);
}

/*
 * A small commit into a reservation made before is backed at once: that
 * is how heaps grow (Wine's process heap reserves 4 MiB and commits 64 KiB,
 * then writes its headers and blocks across it), and under a hypervisor a
 * fault per page costs far more than backing the few pages in one host
 * call.  Large commits and fresh reserve-and-commit allocations stay on
 * demand, so that memory a program never touches costs nothing.
 */
#define COMMIT_POPULATE_MAX 0x10000

static unsigned commit_hints(SIZE_T size, ULONG protect)
{
    return size <= COMMIT_POPULATE_MAX &&
                   (protect == PAGE_READWRITE || protect == PAGE_EXECUTE_READWRITE)
               ? HOST_VM_POPULATE : 0;
}

static NTSTATUS allocate(void **ret, ULONG_PTR zero_bits, SIZE_T *size_ptr, ULONG type,
                         ULONG protect)
{
    char *base = *ret;
    SIZE_T size = *size_ptr;
    NTSTATUS st;

    if (!size)
        return STATUS_INVALID_PARAMETER_4;
    if (!valid_protect(protect))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (!(type & (MEM_RESERVE | MEM_COMMIT | MEM_RESET)))
        return STATUS_INVALID_PARAMETER_5;
    if (type & ~(MEM_RESERVE | MEM_COMMIT | MEM_TOP_DOWN | MEM_RESET | MEM_WRITE_WATCH |
                 MEM_LARGE_PAGES | MEM_PHYSICAL | MEM_RESET_UNDO))
        return STATUS_INVALID_PARAMETER_5;
    if (type & MEM_RESET)
        return STATUS_SUCCESS;   /* contents may be discarded: keeping them is allowed */

    /* a commit with no address reserves too, as on Windows (kernelbase's
     * LocalAlloc handle table is VirtualAlloc(NULL, ..., MEM_COMMIT)) */
    if ((type & MEM_RESERVE) || !base) {
        void *addr = base ? (void *)ALIGN_DOWN((uintptr_t)base, ALLOC_GRANULARITY) : NULL;
        SIZE_T len = base ? ALIGN_UP((uintptr_t)base + size, PAGE_SIZE_K) - (uintptr_t)addr
                          : ALIGN_UP(size, PAGE_SIZE_K);
        if ((st = virtual_reserve(&addr, len, zero_bits, type, protect, VIEW_PRIVATE)))
            return st;
        if ((type & MEM_COMMIT) && (st = virtual_commit(addr, len, protect))) {
            virtual_release(addr);
            return st;
        }
        *ret = addr;
        *size_ptr = len;
        return STATUS_SUCCESS;
    }
    /* commit inside an existing reservation */
    char *start = (char *)ALIGN_DOWN((uintptr_t)base, PAGE_SIZE_K);
    SIZE_T len = ALIGN_UP((uintptr_t)base + size, PAGE_SIZE_K) - (uintptr_t)start;
    klock_acquire(&vm_lock);
    struct view *v = find_view(start);
    if (!v || start + len > v->base + v->size)
        st = STATUS_CONFLICTING_ADDRESSES;
    else
        st = commit_locked(v, start, len, protect, commit_hints(len, protect));
    klock_release(&vm_lock);
    if (!st) {
        *ret = start;
        *size_ptr = len;
    }
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtAllocateVirtualMemory(HANDLE process, void **ret, ULONG_PTR zero_bits,
                                                     SIZE_T *size_ptr, ULONG type, ULONG protect)
{
    NTSTATUS st;
    if ((st = check_process(process)))
        return st;
    if (zero_bits > 21 && zero_bits < 32)
        return STATUS_INVALID_PARAMETER_3;
    return allocate(ret, zero_bits, size_ptr, type, protect);
}
SYSCALL(NtAllocateVirtualMemory);

NTSTATUS NTAPI KERNEL_EXPORT NtAllocateVirtualMemoryEx(HANDLE process, void **ret, SIZE_T *size_ptr,
                                                       ULONG type, ULONG protect,
                                                       void *parameters, ULONG count)
{
    NTSTATUS st;
    (void)parameters;
    if ((st = check_process(process)))
        return st;
    if (count)
        return STATUS_NOT_SUPPORTED;
    return allocate(ret, 0, size_ptr, type, protect);
}
SYSCALL(NtAllocateVirtualMemoryEx);

NTSTATUS NTAPI KERNEL_EXPORT NtFreeVirtualMemory(HANDLE process, void **addr_ptr, SIZE_T *size_ptr,
                                                 ULONG type)
{
    char *addr = *addr_ptr;
    SIZE_T size = *size_ptr;
    NTSTATUS st;

    if ((st = check_process(process)))
        return st;
    klock_acquire(&vm_lock);
    struct view *v = find_view(addr);
    if (!v || v->kind != VIEW_PRIVATE) {
        st = STATUS_INVALID_PARAMETER;
        goto done;
    }
    if (type == MEM_RELEASE) {
        if (size || addr != v->base) {
            st = size ? STATUS_INVALID_PARAMETER : STATUS_FREE_VM_NOT_AT_BASE;
            goto done;
        }
        *addr_ptr = v->base;
        *size_ptr = v->size;
        host_vm_free(v->base, v->size, 0);
        delete_view(v);
        st = STATUS_SUCCESS;
    } else if (type == MEM_DECOMMIT) {
        char *start = (char *)ALIGN_DOWN((uintptr_t)addr, PAGE_SIZE_K);
        char *end = size ? (char *)ALIGN_UP((uintptr_t)addr + size, PAGE_SIZE_K)
                         : v->base + v->size;
        if (!size && addr != v->base) {
            st = STATUS_FREE_VM_NOT_AT_BASE;
            goto done;
        }
        if (end > v->base + v->size) {
            st = STATUS_UNABLE_TO_FREE_VM;
            goto done;
        }
        host_vm_free(start, end - start, HOST_VM_DECOMMIT);
        for (char *p = start; p < end; p += PAGE_SIZE_K)
            v->prot[(p - v->base) / PAGE_SIZE_K] &= ~VPROT_COMMITTED;
        *addr_ptr = start;
        *size_ptr = end - start;
        st = STATUS_SUCCESS;
    } else {
        st = STATUS_INVALID_PARAMETER_4;
    }
done:
    klock_release(&vm_lock);
    return st;
}
SYSCALL(NtFreeVirtualMemory);

NTSTATUS NTAPI KERNEL_EXPORT NtProtectVirtualMemory(HANDLE process, void **addr_ptr,
                                                    SIZE_T *size_ptr, ULONG new_prot,
                                                    ULONG *old_prot)
{
    char *start = (char *)ALIGN_DOWN((uintptr_t)*addr_ptr, PAGE_SIZE_K);
    char *end = (char *)ALIGN_UP((uintptr_t)*addr_ptr + *size_ptr, PAGE_SIZE_K);
    NTSTATUS st;

    if ((st = check_process(process)))
        return st;
    if (!valid_protect(new_prot))
        return STATUS_INVALID_PAGE_PROTECTION;
    if (end == start)
        end = start + PAGE_SIZE_K;
    klock_acquire(&vm_lock);
    struct view *v = find_view(start);
    if (!v || end > v->base + v->size) {
        st = STATUS_CONFLICTING_ADDRESSES;
        goto done;
    }
    size_t first = (start - v->base) / PAGE_SIZE_K, count = (end - start) / PAGE_SIZE_K;
    for (size_t i = first; i < first + count; i++) {
        if (!(v->prot[i] & VPROT_COMMITTED)) {
            st = STATUS_NOT_COMMITTED;
            goto done;
        }
    }
    if (old_prot)
        *old_prot = protect_from_vprot(v->prot[first]);
    uint8_t vp = vprot_from_protect(new_prot);
    /* writecopy views stay writecopy when asked for plain write access */
    for (size_t i = first; i < first + count; i++) {
        uint8_t keep = v->prot[i] & (VPROT_COMMITTED | VPROT_WRITEWATCH);
        uint8_t np = vp;
        if (v->kind == VIEW_IMAGE && (np & VPROT_WRITE))
            np |= VPROT_WRITECOPY;
        v->prot[i] = np | keep;
    }
    st = apply_host_prot(v, first, count);
    *addr_ptr = start;
    *size_ptr = end - start;
done:
    klock_release(&vm_lock);
    return st;
}
SYSCALL(NtProtectVirtualMemory);

static ULONG view_type(const struct view *v)
{
    switch (v->kind) {
    case VIEW_IMAGE: return MEM_IMAGE;
    case VIEW_MAPPED: return MEM_MAPPED;
    default: return MEM_PRIVATE;
    }
}

static NTSTATUS query_basic(char *addr, MEMORY_BASIC_INFORMATION *info)
{
    char *page = (char *)ALIGN_DOWN((uintptr_t)addr, PAGE_SIZE_K);

    memset(info, 0, sizeof(*info));
    klock_acquire(&vm_lock);
    struct view *v = find_view(page);
    if (!v) {
        /* a free region: up to the next view */
        size_t i = view_index_after(page);
        char *next = i < view_count ? views[i].base : (char *)USER_SPACE_LIMIT;
        char *prev_end = i > 0 ? views[i - 1].base + views[i - 1].size : (char *)0;
        info->BaseAddress = page;
        info->AllocationBase = NULL;
        info->RegionSize = next > page ? (SIZE_T)(next - page) : 0;
        info->State = MEM_FREE;
        info->Protect = PAGE_NOACCESS;
        (void)prev_end;
        klock_release(&vm_lock);
        return (uintptr_t)page >= USER_SPACE_LIMIT ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
    }
    size_t i = (page - v->base) / PAGE_SIZE_K, n = v->size / PAGE_SIZE_K, j = i;
    uint8_t state = v->prot[i] & (VPROT_COMMITTED | VPROT_READ | VPROT_WRITE | VPROT_EXEC |
                                  VPROT_WRITECOPY | VPROT_GUARD | VPROT_NOCACHE);
    while (j < n && (v->prot[j] & 0xbf) == (state & 0xbf))
        j++;
    info->BaseAddress = page;
    info->AllocationBase = v->base;
    info->AllocationProtect = v->alloc_protect;
    info->RegionSize = (j - i) * PAGE_SIZE_K;
    info->State = (state & VPROT_COMMITTED) ? MEM_COMMIT : MEM_RESERVE;
    info->Protect = (state & VPROT_COMMITTED) ? protect_from_vprot(state) : 0;
    info->Type = view_type(v);
    klock_release(&vm_lock);
    return STATUS_SUCCESS;
}

/* unixcall.c: ntdll's own unix-call table, and loading others' (later). */
NTSTATUS unixcall_funcs_for(void *module_base, uint64_t *out);
/* section.c: NT name of the file mapped at addr. */
NTSTATUS section_mapped_name(void *addr, WCHAR **name, size_t *len);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryVirtualMemory(HANDLE process, const void *addr,
                                                  MEMORY_INFORMATION_CLASS cls, void *buf,
                                                  SIZE_T len, SIZE_T *res_len)
{
    NTSTATUS st;

    if ((st = check_process(process)))
        return st;
    switch ((int)cls) {
    case MemoryBasicInformation:
        if (len < sizeof(MEMORY_BASIC_INFORMATION))
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((st = query_basic((char *)addr, buf)))
            return st;
        if (res_len)
            *res_len = sizeof(MEMORY_BASIC_INFORMATION);
        return STATUS_SUCCESS;
    case MemoryWineUnixFuncs:
        if (len != sizeof(uint64_t))
            return STATUS_INFO_LENGTH_MISMATCH;
        return unixcall_funcs_for((void *)addr, buf);
    case MemoryMappedFilenameInformation: {
        WCHAR *name;
        size_t nlen;
        if ((st = section_mapped_name((void *)addr, &name, &nlen)))
            return st;
        SIZE_T need = sizeof(UNICODE_STRING) + (nlen + 1) * sizeof(WCHAR);
        if (res_len)
            *res_len = need;
        if (len < need) {
            kfree(name);
            return STATUS_BUFFER_OVERFLOW;
        }
        UNICODE_STRING *us = buf;
        us->Buffer = (WCHAR *)(us + 1);
        us->Length = nlen * sizeof(WCHAR);
        us->MaximumLength = us->Length + sizeof(WCHAR);
        memcpy(us->Buffer, name, (nlen + 1) * sizeof(WCHAR));
        kfree(name);
        return STATUS_SUCCESS;
    }
    case MemoryRegionInformation: {
        MEMORY_BASIC_INFORMATION mbi;
        MEMORY_REGION_INFORMATION *info = buf;
        if (len < sizeof(*info))
            return STATUS_INFO_LENGTH_MISMATCH;
        if ((st = query_basic((char *)addr, &mbi)))
            return st;
        if (mbi.State == MEM_FREE)
            return STATUS_INVALID_ADDRESS;
        memset(info, 0, sizeof(*info));
        info->AllocationBase = mbi.AllocationBase;
        info->AllocationProtect = mbi.AllocationProtect;
        info->RegionSize = mbi.RegionSize;
        if (res_len)
            *res_len = sizeof(*info);
        return STATUS_SUCCESS;
    }
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
}
SYSCALL(NtQueryVirtualMemory);

NTSTATUS NTAPI KERNEL_EXPORT NtLockVirtualMemory(HANDLE process, void **addr, SIZE_T *size,
                                                 ULONG unknown)
{
    (void)addr; (void)size; (void)unknown;
    return check_process(process);
}
SYSCALL(NtLockVirtualMemory);

NTSTATUS NTAPI KERNEL_EXPORT NtUnlockVirtualMemory(HANDLE process, void **addr, SIZE_T *size,
                                                   ULONG unknown)
{
    (void)addr; (void)size; (void)unknown;
    return check_process(process);
}
SYSCALL(NtUnlockVirtualMemory);

NTSTATUS NTAPI KERNEL_EXPORT NtFlushInstructionCache(HANDLE process, const void *addr, SIZE_T size)
{
    (void)addr; (void)size;
    return check_process(process);   /* x86-64 keeps caches coherent */
}
SYSCALL(NtFlushInstructionCache);

NTSTATUS NTAPI KERNEL_EXPORT NtFlushProcessWriteBuffers(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return STATUS_SUCCESS;
}
SYSCALL(NtFlushProcessWriteBuffers);

NTSTATUS NTAPI KERNEL_EXPORT NtReadVirtualMemory(HANDLE process, const void *addr, void *buf,
                                                 SIZE_T size, SIZE_T *bytes_read)
{
    NTSTATUS st;
    if ((st = check_process(process)))
        return st;
    if (!virtual_check_range(addr, size, 0)) {
        if (bytes_read)
            *bytes_read = 0;
        return STATUS_PARTIAL_COPY;
    }
    virtual_write_watch_touch(buf, size);   /* write watch: the kernel writes buf */
    memcpy(buf, addr, size);
    if (bytes_read)
        *bytes_read = size;
    return STATUS_SUCCESS;
}
SYSCALL(NtReadVirtualMemory);

NTSTATUS NTAPI KERNEL_EXPORT NtWriteVirtualMemory(HANDLE process, void *addr, const void *buf,
                                                  SIZE_T size, SIZE_T *bytes_written)
{
    NTSTATUS st;
    if ((st = check_process(process)))
        return st;
    if (!virtual_check_range(addr, size, 1)) {
        if (bytes_written)
            *bytes_written = 0;
        return STATUS_PARTIAL_COPY;
    }
    virtual_write_watch_touch(addr, size);  /* write watch: the kernel writes addr */
    memcpy(addr, buf, size);
    if (bytes_written)
        *bytes_written = size;
    return STATUS_SUCCESS;
}
SYSCALL(NtWriteVirtualMemory);

NTSTATUS NTAPI KERNEL_EXPORT NtFlushVirtualMemory(HANDLE process, const void **addr_ptr,
                                                  SIZE_T *size_ptr, ULONG unknown)
{
    NTSTATUS st;
    enum view_kind kind;
    SIZE_T size;
    MEMORY_BASIC_INFORMATION mbi;
    (void)unknown;

    if ((st = check_process(process)))
        return st;
    if ((st = query_basic((char *)*addr_ptr, &mbi)))
        return st;
    if (mbi.State == MEM_FREE)
        return STATUS_NOT_MAPPED_VIEW;
    struct kobject *section = virtual_view_section(mbi.AllocationBase, &kind, &size);
    if (section) {
        st = section_flush(section);
        kobject_unref(section);
    }
    *addr_ptr = mbi.BaseAddress;
    if (!*size_ptr)
        *size_ptr = mbi.RegionSize;
    return st;
}
SYSCALL(NtFlushVirtualMemory);

void virtual_init(void)
{
}

size_t virtual_spans(struct kspan *out, size_t max)
{
    size_t n;

    klock_acquire(&vm_lock);
    for (n = 0; n < view_count; n++)
        if (n < max)
            out[n] = (struct kspan){ (uintptr_t)views[n].base, views[n].size };
    klock_release(&vm_lock);
    return n;
}

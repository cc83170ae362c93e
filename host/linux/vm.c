/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * vm.c - virtual memory: reserve, commit, protect, free, query.
 *
 * A reservation is an anonymous PROT_NONE MAP_NORESERVE mapping: it takes no
 * memory and no commit charge.  Committing is mprotect on it (the kernel
 * fills untouched pages with zeros on first access, and touched pages keep
 * their contents).  The state of a page is read back from its protection:
 * PROT_NONE is "reserved", anything else "committed".  The free ranges
 * below 2 or 4 GiB are found in /proc/self/maps.
 *
 * Nothing here allocates or takes a lock: the upcall may use every call.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#define RESERVE_FLAGS (HOST_VM_FIXED | HOST_VM_LOW_4G | HOST_VM_LOW_2G | HOST_VM_TOP_DOWN)
#define ALL_PROT (HOST_PROT_READ | HOST_PROT_WRITE | HOST_PROT_EXEC)
#define MMAP_RESERVE (MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)
/* Lowest address we hand out: Windows keeps the first 64 KiB free too. */
#define LOW_FLOOR 0x10000ull
/* Attempts at a free low range before giving up (another thread may take
 * the range between reading the map and mapping it). */
#define LOW_TRIES 8

size_t host_vm_page_size(void)
{
    static size_t cached;
    size_t size = __atomic_load_n(&cached, __ATOMIC_RELAXED);

    if (size)
        return size;
    size = (size_t)sysconf(_SC_PAGESIZE);
    __atomic_store_n(&cached, size, __ATOMIC_RELAXED);
    return size;
}

static int page_aligned(uint64_t v)
{
    return (v & (host_vm_page_size() - 1)) == 0;
}

/* A nonzero, page-aligned range that does not wrap around. */
static int valid_range(const void *addr, size_t size)
{
    uint64_t a = (uint64_t)(uintptr_t)addr;

    return size && page_aligned(a) && page_aligned(size) && a + size > a;
}

static int to_mmap_prot(unsigned prot)
{
    return (prot & HOST_PROT_READ ? PROT_READ : 0) | (prot & HOST_PROT_WRITE ? PROT_WRITE : 0) |
           (prot & HOST_PROT_EXEC ? PROT_EXEC : 0);
}

/* ---- /proc/self/maps ------------------------------------------------------ */
/*
 * The map is read in page-sized pieces into a buffer on the stack and
 * parsed as it comes: no allocation, so the upcall may query memory.
 */

struct vm_area {
    uint64_t start, end;
    unsigned prot;           /* HOST_PROT_* */
};

/* Called for each area in address order; nonzero stops the walk. */
typedef int (*area_fn)(const struct vm_area *area, void *ctx);

static const char *parse_hex(const char *p, uint64_t *out)
{
    uint64_t v = 0;

    for (;; p++) {
        unsigned d;
        if (*p >= '0' && *p <= '9')
            d = (unsigned)(*p - '0');
        else if (*p >= 'a' && *p <= 'f')
            d = (unsigned)(*p - 'a' + 10);
        else
            break;
        v = v << 4 | d;
    }
    *out = v;
    return p;
}

/* "start-end perms ..." (only the beginning of the line is needed). */
static int parse_area(const char *line, const char *end, struct vm_area *a)
{
    const char *p;

    if (end - line < 20)
        return 0;
    p = parse_hex(line, &a->start);
    if (*p != '-')
        return 0;
    p = parse_hex(p + 1, &a->end);
    if (*p != ' ' || end - p < 4)
        return 0;
    a->prot = (p[1] == 'r' ? HOST_PROT_READ : 0) | (p[2] == 'w' ? HOST_PROT_WRITE : 0) |
              (p[3] == 'x' ? HOST_PROT_EXEC : 0);
    return 1;
}

/* Hand each complete line of buf[0, *len) to fn; keep the partial rest. */
static int walk_lines(char *buf, size_t *len, size_t cap, int *skipping, area_fn fn, void *ctx)
{
    char *line = buf, *end = buf + *len, *nl;
    struct vm_area a;

    while ((nl = memchr(line, '\n', (size_t)(end - line)))) {
        if (!*skipping && parse_area(line, nl, &a) && fn(&a, ctx))
            return 1;
        *skipping = 0;
        line = nl + 1;
    }
    if (line == buf && *len == cap) {
        /* One line fills the buffer (a very long file name): use its
         * beginning now and drop the rest of it as it comes. */
        if (!*skipping && parse_area(buf, end, &a) && fn(&a, ctx))
            return 1;
        *skipping = 1;
        line = end;
    }
    *len = (size_t)(end - line);
    memmove(buf, line, *len);
    return 0;
}

/* Walk the areas of /proc/self/maps.  HOST_OK, or HOST_ENOMEM if the map
 * cannot be read. */
static int walk_maps(area_fn fn, void *ctx)
{
    char buf[4096];
    size_t len = 0;
    int skipping = 0, fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);

    if (fd < 0)
        return HOST_ENOMEM;
    for (;;) {
        ssize_t n = read(fd, buf + len, sizeof(buf) - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
        if (walk_lines(buf, &len, sizeof(buf), &skipping, fn, ctx))
            break;
    }
    close(fd);
    return HOST_OK;
}

/* ---- Reserve -------------------------------------------------------------- */

static uint64_t low_floor(void)
{
    static uint64_t cached;
    uint64_t floor = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    char buf[32];
    int fd;

    if (floor)
        return floor;
    floor = LOW_FLOOR;
    fd = open("/proc/sys/vm/mmap_min_addr", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        ssize_t n = read(fd, buf, sizeof(buf) - 1);
        if (n > 0) {
            buf[n] = 0;
            uint64_t min = 0;
            for (const char *p = buf; *p >= '0' && *p <= '9'; p++)
                min = min * 10 + (uint64_t)(*p - '0');
            min = (min + host_vm_page_size() - 1) & ~(uint64_t)(host_vm_page_size() - 1);
            if (min > floor)
                floor = min;
        }
        close(fd);
    }
    __atomic_store_n(&cached, floor, __ATOMIC_RELAXED);
    return floor;
}

static int reserve_fixed(void *addr, size_t size)
{
    void *p = mmap(addr, size, PROT_NONE, MMAP_RESERVE | MAP_FIXED_NOREPLACE, -1, 0);

    if (p == MAP_FAILED)
        return host_from_errno(errno);
    if (p != addr) {
        /* A kernel older than 4.17 takes the flag for a mere hint. */
        munmap(p, size);
        return HOST_EEXIST;
    }
    return HOST_OK;
}

struct gap_search {
    uint64_t size, limit;
    int top_down;
    uint64_t prev_end;       /* end of the areas seen so far */
    uint64_t best;           /* the chosen start, 0 for none yet */
};

/* Look at the free range before area (a NULL area: the one up to limit). */
static int consider_gap(struct gap_search *g, uint64_t next)
{
    if (next > g->limit)
        next = g->limit;
    if (next > g->prev_end && next - g->prev_end >= g->size) {
        g->best = g->top_down ? next - g->size : g->prev_end;
        return !g->top_down;   /* bottom-up: the first fit is the one */
    }
    return 0;
}

static int gap_step(const struct vm_area *a, void *ctx)
{
    struct gap_search *g = ctx;

    if (consider_gap(g, a->start))
        return 1;
    if (a->end > g->prev_end)
        g->prev_end = a->end;
    return g->prev_end >= g->limit;
}

/*
 * Choose a free range of size bytes ending at or below limit: the lowest
 * one, or with top_down the highest.  0 when there is none.
 */
static uint64_t find_low_gap(size_t size, uint64_t limit, int top_down)
{
    struct gap_search g = { size, limit, top_down, low_floor(), 0 };

    if (walk_maps(gap_step, &g) < 0)
        return 0;
    if (g.best && !top_down)
        return g.best;
    consider_gap(&g, limit);
    return g.best;
}

static int reserve_low(void **addr, size_t size, uint64_t limit, int top_down)
{
    uint64_t hint = (uint64_t)(uintptr_t)*addr;

    if (size > limit)
        return HOST_ENOMEM;
    if (hint && hint + size <= limit && reserve_fixed(*addr, size) == HOST_OK)
        return HOST_OK;
    for (int tries = 0; tries < LOW_TRIES; tries++) {
        uint64_t gap = find_low_gap(size, limit, top_down);
        if (!gap)
            return HOST_ENOMEM;
        int r = reserve_fixed((void *)(uintptr_t)gap, size);
        if (r != HOST_EEXIST) {
            if (r == HOST_OK)
                *addr = (void *)(uintptr_t)gap;
            return r;
        }
    }
    return HOST_ENOMEM;
}

static int reserve_anywhere(void **addr, size_t size)
{
    /* Linux allocates top-down below the stack, which is what TOP_DOWN
     * asks for; a free hint is taken as it is. */
    void *p = mmap(*addr, size, PROT_NONE, MMAP_RESERVE, -1, 0);

    if (p == MAP_FAILED)
        return host_from_errno(errno);
    *addr = p;
    return HOST_OK;
}

int host_vm_reserve(void **addr, size_t size, unsigned flags)
{
    uint64_t limit = UINT64_MAX;

    if (!addr || (flags & ~RESERVE_FLAGS) || !size || !page_aligned(size) ||
        !page_aligned((uintptr_t)*addr))
        return HOST_EINVAL;
    if (flags & HOST_VM_LOW_4G)
        limit = 1ull << 32;
    if (flags & HOST_VM_LOW_2G)
        limit = 1ull << 31;
    if (flags & HOST_VM_FIXED) {
        uint64_t a = (uint64_t)(uintptr_t)*addr;
        if (!a || a + size < a || a + size > limit)
            return HOST_EINVAL;
        return reserve_fixed(*addr, size);
    }
    if (limit != UINT64_MAX)
        return reserve_low(addr, size, limit, (flags & HOST_VM_TOP_DOWN) != 0);
    return reserve_anywhere(addr, size);
}

/* ---- Commit, protect, free ------------------------------------------------ */

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

int host_vm_commit(void *addr, size_t size, unsigned prot)
{
    unsigned populate = prot & HOST_VM_POPULATE, huge = prot & HOST_VM_HUGE;

    prot &= ~(HOST_VM_POPULATE | HOST_VM_HUGE);
    if (!valid_range(addr, size) || (prot & ~ALL_PROT))
        return HOST_EINVAL;
    /* On an anonymous PROT_NONE mapping this backs the pages with zero
     * pages on demand and leaves pages that were already touched alone. */
    if (mprotect(addr, size, to_mmap_prot(prot)) < 0)
        return host_from_errno(errno);
    /* hints: failure (no THP, older kernels, read-only pages) changes nothing */
    if (huge)
        madvise(addr, size, MADV_HUGEPAGE);
    if (populate && (prot & HOST_PROT_WRITE))
        madvise(addr, size, MADV_POPULATE_WRITE);
    return HOST_OK;
}

int host_vm_protect(void *addr, size_t size, unsigned prot)
{
    if (!valid_range(addr, size) || (prot & ~ALL_PROT))
        return HOST_EINVAL;
    if (mprotect(addr, size, to_mmap_prot(prot)) < 0)
        return host_from_errno(errno);
    return HOST_OK;
}

static int range_mapped(void *addr, size_t size);

/*
 * Through /proc/self/mem, which writes with the access a debugger has
 * (Linux's FOLL_FORCE): the page gets its contents without its protection
 * ever being lifted.  The descriptor is opened at the first call and kept.
 * Kernels built to refuse such writes (PROC_MEM_NO_FORCE) answer EIO: then
 * HOST_ENOSYS, and the caller writes the usual way.
 */
int host_vm_write(void *addr, const void *data, size_t size)
{
    static int mem_fd = -1;
    int fd = __atomic_load_n(&mem_fd, __ATOMIC_ACQUIRE);

    if (!size)
        return HOST_OK;
    if (!addr || !data || (uintptr_t)addr + size < (uintptr_t)addr)
        return HOST_EINVAL;
    if (fd < 0) {
        int mine = open("/proc/self/mem", O_RDWR | O_CLOEXEC);
        if (mine < 0)
            return HOST_ENOSYS;
        int none = -1;
        if (__atomic_compare_exchange_n(&mem_fd, &none, mine, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE))
            fd = mine;
        else {
            close(mine);
            fd = none;
        }
    }
    while (size) {
        ssize_t n = pwrite(fd, data, size, (off_t)(uintptr_t)addr);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            /* EIO: a page not mapped, or the kernel refuses the write */
            int mapped = n < 0 && errno == EIO &&
                         range_mapped((void *)((uintptr_t)addr & ~(uintptr_t)4095),
                                      ((uintptr_t)addr & 4095) + size);
            return mapped ? HOST_ENOSYS : HOST_ENOMEM;
        }
        addr = (char *)addr + n;
        data = (const char *)data + n;
        size -= (size_t)n;
    }
    return HOST_OK;
}

/* Is all of [addr, addr + size) mapped?  msync fails with ENOMEM on a hole
 * and does nothing else with MS_ASYNC. */
static int range_mapped(void *addr, size_t size)
{
    return msync(addr, size, MS_ASYNC) == 0;
}

int host_vm_free(void *addr, size_t size, unsigned flags)
{
    if (!valid_range(addr, size) || (flags & ~HOST_VM_DECOMMIT))
        return HOST_EINVAL;
    if (!(flags & HOST_VM_DECOMMIT)) {
        if (munmap(addr, size) < 0)
            return host_from_errno(errno);
        host_futex_unshare(addr, size);
        return HOST_OK;
    }
    /* Decommitting a hole would silently reserve it: refuse. */
    if (!range_mapped(addr, size))
        return HOST_ENOMEM;
    if (mmap(addr, size, PROT_NONE, MMAP_RESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
        return host_from_errno(errno);
    return HOST_OK;
}

/* ---- Query ---------------------------------------------------------------- */

struct query {
    uint64_t page;
    uint64_t prev_end, run_start;  /* the run of equal areas seen last */
    unsigned prev_prot;
    int found;                      /* the run holds page */
    int free_gap;                   /* page lies before the current area */
    uint64_t gap_end;
};

static int query_step(const struct vm_area *a, void *ctx)
{
    struct query *q = ctx;
    int continues = a->start == q->prev_end && a->prot == q->prev_prot;

    if (q->found) {
        /* Extend the run holding page over adjacent equal areas. */
        if (!continues)
            return 1;
        q->prev_end = a->end;
        return 0;
    }
    if (q->page < a->start) {
        q->free_gap = 1;
        q->gap_end = a->start;
        return 1;
    }
    if (!continues)
        q->run_start = a->start;
    q->prev_end = a->end;
    q->prev_prot = a->prot;
    q->found = q->page < a->end;
    return 0;
}

int host_vm_query(const void *addr, struct host_vm_info *info)
{
    struct query q;
    int r;

    if (!info)
        return HOST_EINVAL;
    memset(&q, 0, sizeof(q));
    q.page = (uint64_t)(uintptr_t)addr & ~(uint64_t)(host_vm_page_size() - 1);
    q.prev_prot = ~0u;
    if ((r = walk_maps(query_step, &q)) < 0)
        return r;
    memset(info, 0, sizeof(*info));
    if (q.found) {
        info->base = q.run_start;
        info->size = q.prev_end - q.run_start;
        info->prot = q.prev_prot;
        info->state = q.prev_prot ? HOST_VM_STATE_COMMITTED : HOST_VM_STATE_RESERVED;
        return HOST_OK;
    }
    /* Free: from the end of the last area below to the next area (or the
     * top of the address space). */
    info->base = q.prev_end;
    info->size = (q.free_gap ? q.gap_end : 0) - q.prev_end;
    info->state = HOST_VM_STATE_FREE;
    info->prot = HOST_PROT_NONE;
    return HOST_OK;
}

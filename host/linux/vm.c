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
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
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

struct vm_area {
    uint64_t start, end;
    unsigned prot;           /* HOST_PROT_* */
};

struct vm_map {
    struct vm_area *areas;
    size_t count;
};

static char *read_maps_text(void)
{
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    size_t cap = 0, len = 0;
    char *buf = NULL;

    if (fd < 0)
        return NULL;
    for (;;) {
        if (!buf || cap - len < 4096) {
            cap = cap ? cap * 2 : 64 * 1024;
            char *bigger = realloc(buf, cap);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
        }
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            buf[len] = 0;
            break;
        }
        len += (size_t)n;
    }
    close(fd);
    return buf;
}

/* Parse "start-end perms ..." lines; the kernel lists them sorted. */
static int parse_maps(const char *text, struct vm_map *map)
{
    size_t cap = 0;

    map->areas = NULL;
    map->count = 0;
    for (const char *line = text; *line;) {
        char *p;
        struct vm_area a;

        a.start = strtoull(line, &p, 16);
        if (*p != '-')
            break;
        a.end = strtoull(p + 1, &p, 16);
        if (*p++ != ' ')
            break;
        a.prot = (p[0] == 'r' ? HOST_PROT_READ : 0) | (p[1] == 'w' ? HOST_PROT_WRITE : 0) |
                 (p[2] == 'x' ? HOST_PROT_EXEC : 0);
        if (map->count == cap) {
            struct vm_area *bigger = realloc(map->areas, (cap = cap ? cap * 2 : 256) * sizeof(a));
            if (!bigger) {
                free(map->areas);
                return HOST_ENOMEM;
            }
            map->areas = bigger;
        }
        map->areas[map->count++] = a;
        line = strchr(p, '\n');
        if (!line)
            break;
        line++;
    }
    return HOST_OK;
}

static int read_maps(struct vm_map *map)
{
    char *text = read_maps_text();
    int r;

    if (!text)
        return HOST_ENOMEM;
    r = parse_maps(text, map);
    free(text);
    return r;
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
            uint64_t min = strtoull(buf, NULL, 10);
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

/*
 * Choose a free range of size bytes ending at or below limit: the lowest
 * one, or with top_down the highest.  0 when there is none.
 */
static uint64_t find_low_gap(const struct vm_map *map, size_t size, uint64_t limit, int top_down)
{
    uint64_t prev_end = low_floor(), best = 0;

    for (size_t i = 0; i <= map->count; i++) {
        uint64_t next = i < map->count ? map->areas[i].start : limit;
        if (next > limit)
            next = limit;
        if (next > prev_end && next - prev_end >= size) {
            if (!top_down)
                return prev_end;
            best = next - size;
        }
        if (i < map->count && map->areas[i].end > prev_end)
            prev_end = map->areas[i].end;
        if (prev_end >= limit)
            break;
    }
    return best;
}

static int reserve_low(void **addr, size_t size, uint64_t limit, int top_down)
{
    uint64_t hint = (uint64_t)(uintptr_t)*addr;
    struct vm_map map;

    if (size > limit)
        return HOST_ENOMEM;
    if (hint && hint + size <= limit && reserve_fixed(*addr, size) == HOST_OK)
        return HOST_OK;
    for (int tries = 0; tries < LOW_TRIES; tries++) {
        int r = read_maps(&map);
        if (r < 0)
            return r;
        uint64_t gap = find_low_gap(&map, size, limit, top_down);
        free(map.areas);
        if (!gap)
            return HOST_ENOMEM;
        r = reserve_fixed((void *)(uintptr_t)gap, size);
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

int host_vm_commit(void *addr, size_t size, unsigned prot)
{
    if (!valid_range(addr, size) || (prot & ~ALL_PROT))
        return HOST_EINVAL;
    /* On an anonymous PROT_NONE mapping this backs the pages with zero
     * pages on demand and leaves pages that were already touched alone. */
    if (mprotect(addr, size, to_mmap_prot(prot)) < 0)
        return host_from_errno(errno);
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

static void describe(struct host_vm_info *info, uint64_t start, uint64_t end, unsigned prot,
                     int mapped)
{
    info->base = start;
    info->size = end - start;
    info->prot = mapped ? prot : HOST_PROT_NONE;
    if (!mapped)
        info->state = HOST_VM_STATE_FREE;
    else
        info->state = prot ? HOST_VM_STATE_COMMITTED : HOST_VM_STATE_RESERVED;
}

/* Find the run of adjacent areas with equal protection around page. */
static void query_map(const struct vm_map *map, uint64_t page, struct host_vm_info *info)
{
    uint64_t prev_end = 0, run_start = 0;
    unsigned prev_prot = ~0u;
    size_t i;

    for (i = 0; i < map->count; i++) {
        const struct vm_area *a = &map->areas[i];
        if (page < a->start) {
            describe(info, prev_end, a->start, 0, 0);
            return;
        }
        if (a->start != prev_end || a->prot != prev_prot)
            run_start = a->start;
        prev_end = a->end;
        prev_prot = a->prot;
        if (page < a->end)
            break;
    }
    if (i == map->count) {
        /* Past the last area: free up to the top of the address space. */
        describe(info, prev_end, 0, 0, 0);
        info->size = 0 - prev_end;
        return;
    }
    while (i + 1 < map->count && map->areas[i + 1].start == prev_end &&
           map->areas[i + 1].prot == prev_prot)
        prev_end = map->areas[++i].end;
    describe(info, run_start, prev_end, prev_prot, 1);
}

int host_vm_query(const void *addr, struct host_vm_info *info)
{
    uint64_t page = (uint64_t)(uintptr_t)addr & ~(uint64_t)(host_vm_page_size() - 1);
    struct vm_map map;
    int r;

    if (!info)
        return HOST_EINVAL;
    if ((r = read_maps(&map)) < 0)
        return r;
    query_map(&map, page, info);
    free(map.areas);
    return HOST_OK;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapmem.c - MEMORY sections: save a range of this process's memory by
 * its mappings and touched pages, and map it back (snapmem.h).
 *
 * Payload (little-endian):
 *   head     address u64, size u64, area count u32, zero u32
 *   area     start u64, end u64, prot u32 (PROT_*), kind u32, file offset
 *            u64, file size u64, file mtime ns i64, path length u32, zero
 *            u32, then the path padded to 8 bytes
 *   bitmap   one bit per page of the range (u64 words): the page is stored
 *   pages    the stored pages, in address order
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapmem.h"

#define PAGE 4096ull
#define PM_PRESENT (1ull << 63)
#define PM_SWAPPED (1ull << 62)
#define PM_FILE (1ull << 61)        /* a file page, or the shared zero page */
#define MAX_AREAS 4096
#define COPY_CHUNK (1u << 20)
#define MAX_PATH_LEN 4096

enum area_kind {
    AREA_ANON = 0,          /* private anonymous: its touched pages */
    AREA_FILE = 1,          /* private file mapping: the file, and written pages */
    AREA_SHARED = 2,        /* shared file mapping: the file */
    AREA_COPY = 3,          /* anything else: every page */
};

struct mem_head {
    uint64_t addr, size;
    uint32_t areas, zero;
};

struct mem_area {
    uint64_t start, end;
    uint32_t prot, kind;
    uint64_t offset, file_size;
    int64_t mtime_ns;
    uint32_t path_len, zero;
};

/* An area while saving: its record and its path. */
struct area {
    struct mem_area a;
    char path[MAX_PATH_LEN];
};

#define fail snap_fail

static size_t padded(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* ---- Saving ---------------------------------------------------------------- */

/* Is path inside one of dirs (NULL: every path is)? */
static int under_dirs(const char *path, char *const *dirs)
{
    if (!dirs)
        return 1;
    for (; *dirs; dirs++) {
        size_t n = strlen(*dirs);
        if (n && !strncmp(path, *dirs, n) && (path[n] == '/' || (*dirs)[n - 1] == '/'))
            return 1;
    }
    return 0;
}

/* What a mapping of a file is: a file we can name again, or not (then,
 * or when a private one lies outside the named directories, its pages
 * are carried). */
static void classify_file(struct area *ar, int shared, unsigned long inode, char *const *dirs)
{
    struct stat st;
    size_t len = strlen(ar->path);

    ar->a.kind = AREA_COPY;
    if (ar->path[0] != '/' || (len > 10 && !strcmp(ar->path + len - 10, " (deleted)")) ||
        stat(ar->path, &st) < 0 || st.st_ino != inode || !S_ISREG(st.st_mode) ||
        (!shared && !under_dirs(ar->path, dirs)))
        return;
    ar->a.kind = shared ? AREA_SHARED : AREA_FILE;
    ar->a.file_size = (uint64_t)st.st_size;
    ar->a.mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    ar->a.path_len = (uint32_t)len;
}

/* Parse one line of /proc/self/maps into ar, clipped to [lo, hi); 0 if
 * it does not overlap. */
static int parse_line(char *line, uint64_t lo, uint64_t hi, char *const *dirs, struct area *ar)
{
    unsigned long start, end, offset, inode;
    unsigned dmaj, dmin;
    char perms[8];
    int pos = 0;

    if (sscanf(line, "%lx-%lx %7s %lx %x:%x %lu %n", &start, &end, perms, &offset, &dmaj, &dmin,
               &inode, &pos) < 7 || end <= lo || start >= hi)
        return 0;
    memset(ar, 0, sizeof(*ar));
    ar->a.start = start < lo ? lo : start;
    ar->a.end = end > hi ? hi : end;
    ar->a.prot = (perms[0] == 'r' ? PROT_READ : 0) | (perms[1] == 'w' ? PROT_WRITE : 0) |
                 (perms[2] == 'x' ? PROT_EXEC : 0);
    ar->a.offset = offset + (ar->a.start - start);
    ar->a.kind = AREA_ANON;
    char *path = line + pos;
    path[strcspn(path, "\n")] = 0;
    snprintf(ar->path, sizeof(ar->path), "%s", path);
    if (inode)
        classify_file(ar, perms[3] == 's', inode, dirs);
    else
        ar->path[0] = 0;
    return 1;
}

/* One line of /proc/self/maps. */
struct maps_line {
    uint64_t start, end;
    char *text;
};

struct snapmem_maps {
    struct maps_line *lines;
    size_t count;
    int pagemap_fd, mem_fd;
    char **dirs;        /* files named, not carried: under these (NULL: all) */
};

static void free_dirs(char **dirs)
{
    for (size_t i = 0; dirs && dirs[i]; i++)
        free(dirs[i]);
    free(dirs);
}

int snapmem_maps_name_only(struct snapmem_maps *m, const char *const *dirs, char *err,
                           size_t errlen)
{
    size_t n = 0;
    char **copy;

    while (dirs[n])
        n++;
    if (!(copy = calloc(n + 1, sizeof(*copy))))
        return fail(err, errlen, "out of memory");
    for (size_t i = 0, k = 0; i < n; i++) {
        /* /proc/self/maps names files by their real paths */
        char *real = realpath(dirs[i], NULL);
        if (real)
            copy[k++] = real;
    }
    free_dirs(m->dirs);
    m->dirs = copy;
    return 0;
}

void snapmem_maps_free(struct snapmem_maps *m)
{
    if (!m)
        return;
    free_dirs(m->dirs);
    for (size_t i = 0; i < m->count; i++)
        free(m->lines[i].text);
    free(m->lines);
    if (m->pagemap_fd >= 0)
        close(m->pagemap_fd);
    if (m->mem_fd >= 0)
        close(m->mem_fd);
    free(m);
}

static int add_line(struct snapmem_maps *m, const char *text)
{
    unsigned long start, end;
    struct maps_line *more;

    if (sscanf(text, "%lx-%lx", &start, &end) != 2)
        return 0;
    if (!(more = realloc(m->lines, (m->count + 1) * sizeof(*more))))
        return -1;
    m->lines = more;
    if (!(more[m->count].text = strdup(text)))
        return -1;
    more[m->count].start = start;
    more[m->count++].end = end;
    return 0;
}

int snapmem_maps_read(struct snapmem_maps **out, char *err, size_t errlen)
{
    struct snapmem_maps *m = calloc(1, sizeof(*m));
    FILE *f = fopen("/proc/self/maps", "re");
    char line[MAX_PATH_LEN + 128];
    int r = 0;

    if (m) {
        m->pagemap_fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
        m->mem_fd = open("/proc/self/mem", O_RDONLY | O_CLOEXEC);
    }
    if (!m || !f || m->pagemap_fd < 0 || m->mem_fd < 0)
        r = fail(err, errlen, "this process's memory map: %s", m ? strerror(errno) : "out of memory");
    while (!r && fgets(line, sizeof(line), f))
        if (add_line(m, line) < 0)
            r = fail(err, errlen, "out of memory");
    if (f)
        fclose(f);
    if (r) {
        snapmem_maps_free(m);
        return r;
    }
    *out = m;
    return 0;
}

/* The mappings of [lo, hi), in address order. */
static int read_areas(const struct snapmem_maps *m, uint64_t lo, uint64_t hi, struct area **out,
                      uint32_t *count, char *err, size_t errlen)
{
    char line[MAX_PATH_LEN + 128];
    struct area *list = NULL;
    uint32_t n = 0;
    int r = 0;

    for (size_t i = 0; !r && i < m->count; i++) {
        struct area ar;
        if (m->lines[i].end <= lo || m->lines[i].start >= hi)
            continue;
        snprintf(line, sizeof(line), "%s", m->lines[i].text);
        if (!parse_line(line, lo, hi, m->dirs, &ar))
            continue;
        struct area *more = n < MAX_AREAS ? realloc(list, (n + 1) * sizeof(*list)) : NULL;
        if (!more) {
            r = fail(err, errlen, "memory at %#llx: too many mappings", (unsigned long long)lo);
            break;
        }
        list = more;
        list[n++] = ar;
    }
    if (r) {
        free(list);
        return r;
    }
    *out = list;
    *count = n;
    return 0;
}

/* Should the page with pagemap entry pm, in an area of kind, be stored? */
static int page_stored(unsigned kind, uint64_t pm)
{
    switch (kind) {
    case AREA_ANON:     /* the shared zero page reads as a file page */
    case AREA_FILE:     /* written pages were copied from the file */
        return (pm & PM_SWAPPED) || ((pm & PM_PRESENT) && !(pm & PM_FILE));
    case AREA_COPY:
        return 1;
    default:
        return 0;
    }
}

/* Mark the stored pages of every area in bitmap; count them. */
static int mark_pages(int fd, const struct area *areas, uint32_t n, uint64_t addr,
                      uint64_t *bitmap, uint64_t *stored, char *err, size_t errlen)
{
    uint64_t buf[512];

    *stored = 0;
    for (uint32_t i = 0; i < n; i++) {
        for (uint64_t p = areas[i].a.start; p < areas[i].a.end;) {
            size_t want = (size_t)((areas[i].a.end - p) / PAGE);
            if (want > 512)
                want = 512;
            ssize_t got = pread(fd, buf, want * 8, (off_t)(p / PAGE * 8));
            if (got < (ssize_t)(want * 8))
                return fail(err, errlen, "/proc/self/pagemap at %#llx: %s", (unsigned long long)p,
                            got < 0 ? strerror(errno) : "short read");
            for (size_t k = 0; k < want; k++, p += PAGE) {
                if (!page_stored(areas[i].a.kind, buf[k]))
                    continue;
                uint64_t idx = (p - addr) / PAGE;
                bitmap[idx / 64] |= 1ull << (idx % 64);
                (*stored)++;
            }
        }
    }
    return 0;
}

/* A run of stored pages: straight from memory when it is readable, else
 * through /proc/self/mem (which reads pages of any protection, but a few
 * MB/s slower than memcpy per page under a hypervisor). */
static int write_run(struct snap_writer *w, int fd, char *buf, uint64_t start, uint64_t len,
                     int readable, char *err, size_t errlen)
{
    if (readable)
        return snap_writer_data(w, (const void *)(uintptr_t)start, len, err, errlen);
    ssize_t got = pread(fd, buf, len, (off_t)start);
    if (got != (ssize_t)len)
        return fail(err, errlen, "memory at %#llx: %s", (unsigned long long)start,
                    got < 0 ? strerror(errno) : "short read");
    return snap_writer_data(w, buf, len, err, errlen);
}

/* The stored pages' bytes, area by area, in runs. */
static int write_pages(struct snap_writer *w, int fd, const struct area *areas, uint32_t n,
                       uint64_t addr, const uint64_t *bitmap, char *err, size_t errlen)
{
    char *buf = malloc(COPY_CHUNK);
    int r = 0;

    if (!buf)
        return fail(err, errlen, "out of memory");
    for (uint32_t a = 0; a < n && !r; a++) {
        uint64_t first = (areas[a].a.start - addr) / PAGE, end = (areas[a].a.end - addr) / PAGE;
        int readable = (areas[a].a.prot & PROT_READ) != 0;
        for (uint64_t i = first; i < end && !r;) {
            if (!(bitmap[i / 64] & (1ull << (i % 64)))) {
                i++;
                continue;
            }
            uint64_t run = 0;
            while (i + run < end && run < COPY_CHUNK / PAGE &&
                   (bitmap[(i + run) / 64] & (1ull << ((i + run) % 64))))
                run++;
            r = write_run(w, fd, buf, addr + i * PAGE, run * PAGE, readable, err, errlen);
            i += run;
        }
    }
    free(buf);
    return r;
}

static int write_areas(struct snap_writer *w, const struct area *areas, uint32_t n, char *err,
                       size_t errlen)
{
    static const char zeros[8];

    for (uint32_t i = 0; i < n; i++) {
        size_t len = areas[i].a.path_len;
        if (snap_writer_data(w, &areas[i].a, sizeof(areas[i].a), err, errlen) ||
            (len && (snap_writer_data(w, areas[i].path, len, err, errlen) ||
                     snap_writer_data(w, zeros, padded(len) - len, err, errlen))))
            return -1;
    }
    return 0;
}

int snapmem_save(struct snap_writer *w, uint32_t type, const struct snapmem_maps *m,
                 uint64_t addr, uint64_t size, char *err, size_t errlen)
{
    struct area *areas = NULL;
    uint32_t n = 0;
    uint64_t pages = size / PAGE, stored = 0, words = (pages + 63) / 64;
    uint64_t *bitmap = NULL;
    int r;

    if ((addr | size) % PAGE || !size || addr + size < addr)
        return fail(err, errlen, "memory range %#llx+%#llx is not whole pages",
                    (unsigned long long)addr, (unsigned long long)size);
    if ((r = read_areas(m, addr, addr + size, &areas, &n, err, errlen)))
        return r;
    if (!(bitmap = calloc(words ? words : 1, sizeof(*bitmap)))) {
        free(areas);
        return fail(err, errlen, "out of memory");
    }
    r = mark_pages(m->pagemap_fd, areas, n, addr, bitmap, &stored, err, errlen);
    uint64_t total = sizeof(struct mem_head) + words * 8 + stored * PAGE;
    for (uint32_t i = 0; i < n; i++)
        total += sizeof(struct mem_area) + padded(areas[i].a.path_len);
    struct mem_head head = { addr, size, n, 0 };
    if (!r)
        r = snap_writer_begin(w, type, total, err, errlen) ||
            snap_writer_data(w, &head, sizeof(head), err, errlen) ||
            write_areas(w, areas, n, err, errlen) ||
            snap_writer_data(w, bitmap, words * 8, err, errlen) ||
            write_pages(w, m->mem_fd, areas, n, addr, bitmap, err, errlen) ? -1 : 0;
    free(bitmap);
    free(areas);
    return r;
}

/* ---- Restoring -------------------------------------------------------------- */

/* Map one area at its address, writable for now (but shared ones). */
static int map_area(const struct mem_area *a, const char *path, char *err, size_t errlen)
{
    size_t len = a->end - a->start;
    int rw = PROT_READ | PROT_WRITE, fd = -1, flags = MAP_FIXED_NOREPLACE;
    void *p;

    if (a->kind == AREA_FILE || a->kind == AREA_SHARED) {
        struct stat st;
        int shared = a->kind == AREA_SHARED;
        fd = open(path, (shared && (a->prot & PROT_WRITE) ? O_RDWR : O_RDONLY) | O_CLOEXEC);
        if (fd < 0)
            return fail(err, errlen, "%s: %s (mapped by the snapshot's program)", path, strerror(errno));
        if (fstat(fd, &st) < 0 || (uint64_t)st.st_size != a->file_size ||
            (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec != a->mtime_ns) {
            close(fd);
            return fail(err, errlen, "%s changed since the snapshot was taken", path);
        }
        flags |= shared ? MAP_SHARED : MAP_PRIVATE;
        p = mmap((void *)(uintptr_t)a->start, len, shared ? (int)a->prot : rw, flags, fd,
                 (off_t)a->offset);
        close(fd);
    } else {
        p = mmap((void *)(uintptr_t)a->start, len, rw,
                 flags | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    }
    if (p == MAP_FAILED || p != (void *)(uintptr_t)a->start) {
        if (p != MAP_FAILED)
            munmap(p, len);
        return fail(err, errlen, "cannot map the snapshot's memory at %#llx-%#llx: %s",
                    (unsigned long long)a->start, (unsigned long long)a->end,
                    p == MAP_FAILED && errno == EEXIST
                        ? "this process uses those addresses (try again)" : strerror(errno));
    }
    return 0;
}

/* Read the areas' records and map them. */
static int restore_areas(struct snap_reader *r, const struct mem_head *h, struct mem_area *areas,
                         char *err, size_t errlen)
{
    char path[MAX_PATH_LEN + 8];

    for (uint32_t i = 0; i < h->areas; i++) {
        struct mem_area *a = &areas[i];
        if (snap_reader_take(r, a, sizeof(*a), err, errlen))
            return -1;
        if (a->start < h->addr || a->end > h->addr + h->size || a->start >= a->end ||
            (a->start | a->end) % PAGE || a->kind > AREA_COPY || a->path_len >= MAX_PATH_LEN ||
            (a->prot & ~(unsigned)(PROT_READ | PROT_WRITE | PROT_EXEC)) ||
            (i && a->start < areas[i - 1].end))
            return fail(err, errlen, "a MEMORY section at %#llx is malformed",
                        (unsigned long long)h->addr);
        if (snap_reader_take(r, path, padded(a->path_len), err, errlen))
            return -1;
        path[a->path_len] = 0;
        if ((a->kind == AREA_FILE || a->kind == AREA_SHARED) && path[0] != '/')
            return fail(err, errlen, "a MEMORY section names no file");
        if (map_area(a, path, err, errlen))
            return -1;
    }
    return 0;
}

/* The area holding address p, or NULL. */
static const struct mem_area *area_of(const struct mem_area *areas, uint32_t n, uint64_t p)
{
    for (uint32_t i = 0; i < n; i++)
        if (p >= areas[i].start && p < areas[i].end)
            return &areas[i];
    return NULL;
}

static int restore_pages(struct snap_reader *r, const struct mem_head *h,
                         const struct mem_area *areas, const uint64_t *bitmap, char *err,
                         size_t errlen)
{
    uint64_t pages = h->size / PAGE;

    for (uint64_t i = 0; i < pages; i++) {
        if (!(bitmap[i / 64] & (1ull << (i % 64))))
            continue;
        uint64_t p = h->addr + i * PAGE;
        const struct mem_area *a = area_of(areas, h->areas, p);
        if (!a || a->kind == AREA_SHARED)
            return fail(err, errlen, "a MEMORY section stores a page at %#llx outside its mappings",
                        (unsigned long long)p);
        if (snap_reader_take(r, (void *)(uintptr_t)p, PAGE, err, errlen))
            return -1;
    }
    for (uint32_t i = 0; i < h->areas; i++)
        if (areas[i].kind != AREA_SHARED &&
            mprotect((void *)(uintptr_t)areas[i].start, areas[i].end - areas[i].start,
                     (int)areas[i].prot) < 0)
            return fail(err, errlen, "mprotect %#llx: %s", (unsigned long long)areas[i].start,
                        strerror(errno));
    return 0;
}

int snapmem_restore(struct snap_reader *r, uint64_t size, char *err, size_t errlen)
{
    struct mem_head h;
    struct mem_area *areas = NULL;
    uint64_t *bitmap = NULL;
    int rc = -1;

    if (size < sizeof(h) || snap_reader_take(r, &h, sizeof(h), err, errlen))
        return size < sizeof(h) ? fail(err, errlen, "a MEMORY section is too short") : -1;
    if ((h.addr | h.size) % PAGE || !h.size || h.addr + h.size < h.addr || h.areas > MAX_AREAS ||
        h.size / PAGE / 8 > size)
        return fail(err, errlen, "a MEMORY section's header is malformed");
    uint64_t words = (h.size / PAGE + 63) / 64;
    if (!(areas = calloc(h.areas ? h.areas : 1, sizeof(*areas))) ||
        !(bitmap = calloc(words, sizeof(*bitmap)))) {
        fail(err, errlen, "out of memory");
        goto out;
    }
    if (restore_areas(r, &h, areas, err, errlen) || snap_reader_take(r, bitmap, words * 8, err, errlen) ||
        restore_pages(r, &h, areas, bitmap, err, errlen))
        goto out;
    rc = 0;
out:
    free(areas);
    free(bitmap);
    return rc;
}

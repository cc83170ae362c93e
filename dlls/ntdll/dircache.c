/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dircache.c - the names of recently scanned host directories.
 *
 * A Windows name that does not exist as spelled is looked for without case
 * in its directory, which costs a scan of the directory through the host
 * (open, read every entry, close).  The loader makes many such misses in
 * the same few directories (each DLL is looked for in the program's
 * directory and in system32 before Wine's), so the names of a directory
 * are kept and reused while the directory is unchanged.
 *
 * Unchanged means: the same file (device and id) with the same change and
 * modification times.  File systems keep those times at a coarse
 * granularity, so a name added in the same tick as the scan would leave
 * them as they were; a directory is therefore kept only when it was last
 * changed at least STABLE_NS before the scan (any later change then shows
 * as a newer time).  Busy directories are scanned every time, as before.
 */
#include "file.h"

#define DIRCACHE_SLOTS 16
#define STABLE_NS 2000000000LL
#define MAX_NAMES_BYTES (256 * 1024)   /* larger directories are not kept */

struct dircache_entry {
    char *dir;                  /* host path; NULL for a free slot */
    uint64_t file_id, device_id;
    int64_t mtime_ns, ctime_ns;
    char *names;                /* NUL-terminated names, one after another */
    size_t names_size;
};

static struct klock dircache_lock = KLOCK_INIT;
static struct dircache_entry dircache[DIRCACHE_SLOTS];
static unsigned dircache_next;

struct name_list {
    char *buf;
    size_t size, cap;
    int too_big;
};

static int collect_name(void *p, const struct host_dirent *ent)
{
    struct name_list *l = p;
    size_t n = strlen(ent->name) + 1;

    if (!strcmp(ent->name, ".") || !strcmp(ent->name, ".."))
        return 0;
    if (l->size + n > MAX_NAMES_BYTES) {
        l->too_big = 1;
        return 1;
    }
    if (l->size + n > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 1024;
        while (cap < l->size + n)
            cap *= 2;
        char *buf = krealloc(l->buf, cap);
        if (!buf) {
            l->too_big = 1;
            return 1;
        }
        l->buf = buf;
        l->cap = cap;
    }
    memcpy(l->buf + l->size, ent->name, n);
    l->size += n;
    return 0;
}

static int same_dir(const struct dircache_entry *e, const char *dir, const struct host_attr *a)
{
    return e->dir && !strcmp(e->dir, dir) && e->file_id == a->file_id &&
           e->device_id == a->device_id && e->mtime_ns == a->mtime_ns && e->ctime_ns == a->ctime_ns;
}

static char *match_in(const char *names, size_t size, const WCHAR *comp, size_t len)
{
    for (size_t off = 0; off < size; off += strlen(names + off) + 1)
        if (path_name_equal(names + off, comp, len))
            return kstrdup(names + off);
    return NULL;
}

static void entry_free(struct dircache_entry *e)
{
    kfree(e->dir);
    kfree(e->names);
    memset(e, 0, sizeof(*e));
}

/* The cached names of dir (as of attr) searched for comp; 1 if cached.
 * Names kept for dir as it was before it changed are dropped: a directory
 * that keeps changing is not kept (dircache_holds says so at once). */
static int lookup(const char *dir, const struct host_attr *a, const WCHAR *comp, size_t len,
                  char **found)
{
    struct dircache_entry stale[DIRCACHE_SLOTS];
    unsigned n_stale = 0;
    int hit = 0;

    klock_acquire(&dircache_lock);
    for (unsigned i = 0; i < DIRCACHE_SLOTS; i++) {
        if (!dircache[i].dir || strcmp(dircache[i].dir, dir))
            continue;
        if (!same_dir(&dircache[i], dir, a)) {
            stale[n_stale++] = dircache[i];
            memset(&dircache[i], 0, sizeof(dircache[i]));
            continue;
        }
        if (!hit)
            *found = match_in(dircache[i].names, dircache[i].names_size, comp, len);
        hit = 1;
    }
    klock_release(&dircache_lock);
    while (n_stale)
        entry_free(&stale[--n_stale]);
    return hit;
}

int dircache_holds(const char *dir)
{
    int held = 0;

    klock_acquire(&dircache_lock);
    for (unsigned i = 0; i < DIRCACHE_SLOTS && !held; i++)
        held = dircache[i].dir && !strcmp(dircache[i].dir, dir);
    klock_release(&dircache_lock);
    return held;
}

/* Keep names (taken over) for dir as of attr. */
static void store(const char *dir, const struct host_attr *a, struct name_list *l)
{
    char *copy = kstrdup(dir);
    struct dircache_entry old;

    if (!copy) {
        kfree(l->buf);
        return;
    }
    klock_acquire(&dircache_lock);
    struct dircache_entry *e = &dircache[dircache_next++ % DIRCACHE_SLOTS];
    old = *e;
    *e = (struct dircache_entry){ copy, a->file_id, a->device_id, a->mtime_ns, a->ctime_ns,
                                  l->buf, l->size };
    klock_release(&dircache_lock);
    entry_free(&old);
}

static int stable(const struct host_attr *a)
{
    int64_t now = 0;

    if (host_time_get(HOST_CLOCK_WALL, &now) < 0)
        return 0;
    return a->mtime_ns <= now - STABLE_NS && a->ctime_ns <= now - STABLE_NS;
}

/* The directory's attributes: the caller's, or the host's. */
static int dir_attr(const char *dir, const struct host_attr *known, struct host_attr *a)
{
    char *uri;
    int r;

    if (known) {
        *a = *known;
        return a->type == HOST_TYPE_DIR;
    }
    if (!(uri = path_make_uri("file:", dir)))
        return 0;
    r = host_uri_attr(uri, a);
    kfree(uri);
    return r >= 0 && a->type == HOST_TYPE_DIR;
}

int dircache_find(const char *dir, const struct host_attr *known, const WCHAR *comp, size_t len,
                  char **found)
{
    struct name_list l = { NULL, 0, 0, 0 };
    struct host_attr a;

    *found = NULL;
    if (!dir_attr(dir, known, &a))
        return 0;
    if (lookup(dir, &a, comp, len, found))
        return 1;
    if (path_scan_dir(dir, collect_name, &l) || l.too_big) {
        kfree(l.buf);
        return 0;
    }
    *found = l.buf ? match_in(l.buf, l.size, comp, len) : NULL;
    if (stable(&a))
        store(dir, &a, &l);
    else
        kfree(l.buf);
    return 1;
}

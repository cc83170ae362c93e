/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dir.c - directories: listings, rename, delete.
 *
 * A dir: stream reads its whole listing when it is opened: ".", "..", then
 * the other names sorted bytewise.  An offset then names the same entry
 * every time, on this host or (for an unchanged directory) on another one
 * after a snapshot: readdir's own order and cookies are neither.
 */
#define _GNU_SOURCE 1
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#define PATH_SCHEMES ((1u << HOST_SCHEME_FILE) | (1u << HOST_SCHEME_DIR))

/* ---- Listings ------------------------------------------------------------- */

static unsigned entry_type(int dirfd, unsigned char d_type, const char *name)
{
    struct stat sb;

    switch (d_type) {
    case DT_REG: return HOST_TYPE_FILE;
    case DT_DIR: return HOST_TYPE_DIR;
    case DT_FIFO: return HOST_TYPE_PIPE;
    case DT_CHR: return HOST_TYPE_CHAR;
    case DT_SOCK: return HOST_TYPE_SOCKET;
    case DT_LNK:
    case DT_UNKNOWN:
        /* A link lists as what it points to, as the open would see it. */
        if (fstatat(dirfd, name, &sb, 0) == 0)
            return host_type_from_mode(sb.st_mode);
        return HOST_TYPE_OTHER;
    default:
        return HOST_TYPE_OTHER;
    }
}

static int add_entry(struct host_stream *st, size_t *cap, const char *name, unsigned type)
{
    char *copy;

    if (st->entry_count == *cap) {
        size_t n = *cap ? *cap * 2 : 32;
        struct host_dir_entry *bigger = realloc(st->entries, n * sizeof(*bigger));
        if (!bigger)
            return HOST_ENOMEM;
        st->entries = bigger;
        *cap = n;
    }
    if (!(copy = strdup(name)))
        return HOST_ENOMEM;
    st->entries[st->entry_count++] = (struct host_dir_entry){ type, copy };
    return HOST_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct host_dir_entry *)a)->name, ((const struct host_dir_entry *)b)->name);
}

/* What getdents64 fills in (the C library declares no such type). */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/*
 * The stream's descriptor is read directly (it is new: its position is
 * the start), not through opendir: no duplicate descriptor, fewer calls.
 */
static int read_entries(struct host_stream *st, size_t *cap)
{
    char buf[8192] __attribute__((aligned(8)));
    long n;
    int r;

    while ((n = syscall(SYS_getdents64, st->fd, buf, sizeof(buf))) > 0) {
        for (long off = 0; off < n;) {
            struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + off);
            off += d->d_reclen;
            if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
                continue;
            if ((r = add_entry(st, cap, d->d_name, entry_type(st->fd, d->d_type, d->d_name))) < 0)
                return r;
        }
    }
    return n < 0 ? host_from_errno(errno) : HOST_OK;
}

int host_dir_load(struct host_stream *st)
{
    size_t cap = 0;
    int r;

    if ((r = add_entry(st, &cap, ".", HOST_TYPE_DIR)) < 0 ||
        (r = add_entry(st, &cap, "..", HOST_TYPE_DIR)) < 0 ||
        (r = read_entries(st, &cap)) < 0)
        return r;
    qsort(st->entries + 2, st->entry_count - 2, sizeof(*st->entries), by_name);
    return HOST_OK;
}

void host_dir_free(struct host_stream *st)
{
    for (size_t i = 0; i < st->entry_count; i++)
        free(st->entries[i].name);
    free(st->entries);
    st->entries = NULL;
    st->entry_count = 0;
}

int host_dir_read(host_stream_t s, uint64_t offset, struct host_dirent *ent)
{
    struct host_stream *st;
    int r;

    if (!ent)
        return HOST_EINVAL;
    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    if (st->kind != HOST_STREAM_DIR) {
        r = HOST_EBADF;
    } else if (offset >= st->entry_count) {
        r = HOST_ENOENT;
    } else {
        ent->type = st->entries[offset].type;
        snprintf(ent->name, sizeof(ent->name), "%s", st->entries[offset].name);
    }
    host_stream_put(st);
    return r;
}

/* ---- Rename, delete ------------------------------------------------------- */

/* The name itself moves or goes, not what a final link points to. */
static int resolve_name(const char *uri, const char *op, char *path)
{
    return host_uri_resolve(uri, PATH_SCHEMES, HOST_PATH_NOFOLLOW, HOST_NEED_WRITE, op, path, NULL);
}

/* renameat2 without replacing, for file systems that lack RENAME_NOREPLACE:
 * a check and a rename, which another process could race. */
static int rename_noreplace_fallback(const char *from, const char *to)
{
    struct stat sb;

    if (lstat(to, &sb) == 0)
        return HOST_EEXIST;
    if (rename(from, to) < 0)
        return host_from_errno(errno);
    return HOST_OK;
}

int host_uri_rename(const char *from_uri, const char *to_uri, unsigned flags)
{
    char from[PATH_MAX], to[PATH_MAX];
    int r;

    if (flags & ~HOST_RENAME_REPLACE)
        return HOST_EINVAL;
    if ((r = resolve_name(from_uri, "rename", from)) < 0 ||
        (r = resolve_name(to_uri, "rename", to)) < 0)
        return r;
    if (flags & HOST_RENAME_REPLACE)
        return rename(from, to) < 0 ? host_from_errno(errno) : HOST_OK;
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0)
        return HOST_OK;
    if (errno == EINVAL || errno == ENOSYS)
        return rename_noreplace_fallback(from, to);
    return host_from_errno(errno);
}

int host_uri_delete(const char *uri)
{
    char path[PATH_MAX];
    int r;

    if ((r = resolve_name(uri, "delete", path)) < 0)
        return r;
    if (unlink(path) == 0)
        return HOST_OK;
    if (errno != EISDIR && errno != EPERM)
        return host_from_errno(errno);
    r = host_from_errno(errno);
    if (rmdir(path) == 0)
        return HOST_OK;
    if (errno == ENOTEMPTY || errno == EEXIST)
        return HOST_ENOTEMPTY;
    return errno == ENOTDIR ? r : host_from_errno(errno);
}

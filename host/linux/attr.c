/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * attr.c - file attributes: of a stream, of a URI, and changing them.
 *
 * statx gives the birth time where the file system keeps one.  READONLY is
 * the file's own read-only state (no write bit, or no write access for us,
 * as on a read-only mount), HIDDEN a name starting with '.', POLICY_RO a
 * path the policy lets us read but not write.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#define NS_PER_SEC 1000000000ll
#define PATH_SCHEMES ((1u << HOST_SCHEME_FILE) | (1u << HOST_SCHEME_DIR))
#define STATX_WANTED (STATX_BASIC_STATS | STATX_BTIME)

unsigned host_type_from_mode(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: return HOST_TYPE_FILE;
    case S_IFDIR: return HOST_TYPE_DIR;
    case S_IFIFO: return HOST_TYPE_PIPE;
    case S_IFCHR: return HOST_TYPE_CHAR;
    case S_IFSOCK: return HOST_TYPE_SOCKET;
    default: return HOST_TYPE_OTHER;
    }
}

static int64_t ns_of(const struct statx_timestamp *t)
{
    /* Saturate instead of overflowing for times past the year 2262. */
    if (t->tv_sec >= INT64_MAX / NS_PER_SEC)
        return INT64_MAX;
    if (t->tv_sec <= INT64_MIN / NS_PER_SEC)
        return INT64_MIN;
    return t->tv_sec * NS_PER_SEC + t->tv_nsec;
}

static void attr_from_statx(struct host_attr *a, const struct statx *sx)
{
    memset(a, 0, sizeof(*a));
    a->type = host_type_from_mode(sx->stx_mode);
    a->size = sx->stx_size;
    a->alloc_size = sx->stx_blocks * 512;
    a->atime_ns = ns_of(&sx->stx_atime);
    a->mtime_ns = ns_of(&sx->stx_mtime);
    a->ctime_ns = ns_of(&sx->stx_ctime);
    a->btime_ns = sx->stx_mask & STATX_BTIME ? ns_of(&sx->stx_btime) : 0;
    a->file_id = sx->stx_ino;
    a->device_id = makedev(sx->stx_dev_major, sx->stx_dev_minor);
    a->nlink = sx->stx_nlink;
    if (!(sx->stx_mode & 0222))
        a->flags |= HOST_ATTR_READONLY;
}

/* The flags that come from the path: hidden name, access, policy. */
static void path_flags(struct host_attr *a, const char *path, unsigned mode)
{
    const char *name = strrchr(path, '/');

    if (name && name[1] == '.')
        a->flags |= HOST_ATTR_HIDDEN;
    /* the Windows read-only attribute lives in the write bits (as Wine
       keeps it), whoever we are: root too sees a 0444 file as read-only */
    if (!(mode & 0222))
        a->flags |= HOST_ATTR_READONLY;
    /* read-only rules, and the directories on the way to a rule */
    if (host_policy_lookup(path) != HOST_POLICY_RW)
        a->flags |= HOST_ATTR_POLICY_RO;
}

int host_stream_attr(host_stream_t s, struct host_attr *attr)
{
    struct host_stream *st;
    struct statx sx;
    int r;

    if (!attr)
        return HOST_EINVAL;
    if ((r = host_stream_get(s, &st)) < 0)
        return r;
    if (statx(st->fd, "", AT_EMPTY_PATH, STATX_WANTED, &sx) < 0) {
        r = host_from_errno(errno);
    } else {
        attr_from_statx(attr, &sx);
        if (st->path)
            path_flags(attr, st->path, sx.stx_mode);
    }
    host_stream_put(st);
    return r;
}

/*
 * The fast path (attrcache.c): one statx of a URI whose checked lookup is
 * remembered, answered only if it reaches the same file.  The URI's path
 * is canonical, so the statx is the one the checked path would make.
 */
static int attr_fast(const char *uri, struct host_attr *attr)
{
    struct host_attr_identity id;
    struct statx sx;

    if (!host_attr_cache_find(uri, &id))
        return 0;
    if (statx(AT_FDCWD, strchr(uri, ':') + 1, AT_SYMLINK_NOFOLLOW, STATX_WANTED, &sx) < 0 ||
        !(sx.stx_mask & STATX_INO) || sx.stx_ino != id.file_id ||
        makedev(sx.stx_dev_major, sx.stx_dev_minor) != id.device_id || S_ISLNK(sx.stx_mode))
        return 0;
    attr_from_statx(attr, &sx);
    attr->flags |= id.flags;
    host_attr_cache_hit();
    return 1;
}

/* attr_from_statx and path_flags, and the answer kept for attr_fast. */
static void attr_found(const char *uri, const char *path, const struct statx *sx,
                       struct host_attr *attr)
{
    attr_from_statx(attr, sx);
    path_flags(attr, path, sx->stx_mode);
    host_attr_cache_put(uri, path, attr);
}

/*
 * The direct way (host_uri_direct): the path as spelled, looked up once
 * with no link followed, and the attributes of what that lookup reached
 * (no second walk of the path that a link planted meanwhile could divert).
 * A missing name costs that one lookup.  Returns HOST_OK or an error, or 1
 * when the checked way must decide.
 */
static int attr_direct(const char *uri, struct host_attr *attr)
{
    char path[PATH_MAX];
    struct statx sx;
    int fd, r;

    if ((r = host_uri_direct(uri, PATH_SCHEMES, HOST_NEED_READ | HOST_NEED_TRAVERSE, path,
                             NULL)) <= 0)
        return r < 0 ? r : 1;
    if ((fd = host_open_nolinks(path, O_PATH | O_CLOEXEC, 0)) < 0)
        return errno == ENOENT || errno == ENOTDIR ? host_from_errno(errno) : 1;
    r = statx(fd, "", AT_EMPTY_PATH, STATX_WANTED, &sx) < 0 ? host_from_errno(errno) : HOST_OK;
    close(fd);
    if (r == HOST_OK)
        attr_found(uri, path, &sx, attr);
    return r;
}

int host_uri_attr(const char *uri, struct host_attr *attr)
{
    char path[PATH_MAX];
    struct statx sx;
    int r;

    if (!attr)
        return HOST_EINVAL;
    if (uri && attr_fast(uri, attr))
        return HOST_OK;
    if ((r = attr_direct(uri, attr)) <= 0)
        return r;
    r = host_uri_resolve(uri, PATH_SCHEMES, HOST_PATH_FOLLOW, HOST_NEED_READ | HOST_NEED_TRAVERSE,
                         "attr", path, NULL);
    if (r < 0)
        return r;
    /* The path is canonical: a link still at its end is dangling (or was
     * put there after the check) and is neither followed nor described. */
    if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_WANTED, &sx) < 0)
        return host_from_errno(errno);
    if (S_ISLNK(sx.stx_mode))
        return HOST_ENOENT;
    attr_found(uri, path, &sx, attr);
    return HOST_OK;
}

static struct timespec timespec_of(int64_t ns)
{
    struct timespec ts;

    /* Floor division: times before 1970 keep tv_nsec in [0, 1e9). */
    ts.tv_sec = ns / NS_PER_SEC;
    ts.tv_nsec = ns % NS_PER_SEC;
    if (ts.tv_nsec < 0) {
        ts.tv_nsec += NS_PER_SEC;
        ts.tv_sec--;
    }
    return ts;
}

static int set_times(const char *path, const struct host_attr *attr, unsigned mask)
{
    struct timespec ts[2] = { { .tv_nsec = UTIME_OMIT }, { .tv_nsec = UTIME_OMIT } };

    if (mask & HOST_SET_ATIME)
        ts[0] = timespec_of(attr->atime_ns);
    if (mask & HOST_SET_MTIME)
        ts[1] = timespec_of(attr->mtime_ns);
    if (utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW) < 0)
        return host_from_errno(errno);
    return HOST_OK;
}

/* Read-only clears every write bit; writable gives the owner one back. */
static int set_readonly(const char *path, int readonly)
{
    struct stat sb;
    mode_t mode;

    if (lstat(path, &sb) < 0)
        return host_from_errno(errno);
    mode = sb.st_mode & 07777;
    mode = readonly ? mode & ~(mode_t)0222 : mode | 0200;
    if (mode != (sb.st_mode & 07777) && chmod(path, mode) < 0)
        return host_from_errno(errno);
    return HOST_OK;
}

int host_uri_set_attr(const char *uri, const struct host_attr *attr, unsigned mask)
{
    char path[PATH_MAX];
    struct stat sb;
    int r;

    if (!attr || (mask & ~(HOST_SET_ATIME | HOST_SET_MTIME | HOST_SET_READONLY)))
        return HOST_EINVAL;
    r = host_uri_resolve(uri, PATH_SCHEMES, HOST_PATH_FOLLOW, HOST_NEED_WRITE, "set_attr", path,
                         NULL);
    if (r < 0)
        return r;
    /* As in host_uri_attr: a link left at the end of a canonical path is
     * dangling; there is no file to change. */
    if (lstat(path, &sb) < 0)
        return host_from_errno(errno);
    if (S_ISLNK(sb.st_mode))
        return HOST_ENOENT;
    if ((mask & (HOST_SET_ATIME | HOST_SET_MTIME)) && (r = set_times(path, attr, mask)) < 0)
        return r;
    if (mask & HOST_SET_READONLY)
        return set_readonly(path, (attr->flags & HOST_ATTR_READONLY) != 0);
    return HOST_OK;
}

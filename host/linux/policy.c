/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy.c - which host paths the picoprocess may reach, and canonical paths.
 *
 * The policy is a list of (canonical directory or file, RO|RW) rules; a path
 * is governed by the longest rule it lies under (ties: the later rule).  A
 * path is checked in its canonical form: ".." applied lexically (as Windows
 * does), then every symbolic link of its existing part resolved.  The host
 * then works on that canonical path, never on the one it was given, and
 * opens it with RESOLVE_NO_SYMLINKS: what was checked is what is opened.
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

struct rule {
    char *path;
    size_t len;
    unsigned access;
};

static pthread_rwlock_t rules_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct rule *rules;
static size_t rule_count;

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *log_file;
static int log_chosen;         /* host_policy_set_log was called */
static unsigned long denials;

/* ---- Canonical paths ------------------------------------------------------ */

int host_path_normalise(const char *path, char *out)
{
    size_t len = 0;

    if (!path || path[0] != '/')
        return HOST_EINVAL;
    if (strlen(path) >= PATH_MAX)
        return HOST_ENAMETOOLONG;
    out[0] = 0;
    for (const char *p = path; *p;) {
        const char *start;
        size_t n;

        while (*p == '/')
            p++;
        start = p;
        while (*p && *p != '/')
            p++;
        n = (size_t)(p - start);
        if (n == 0 || (n == 1 && start[0] == '.'))
            continue;
        if (n > NAME_MAX)
            return HOST_ENAMETOOLONG;
        if (n == 2 && start[0] == '.' && start[1] == '.') {
            if (!len)
                return HOST_EINVAL;
            while (out[--len] != '/')
                ;
            out[len] = 0;
            continue;
        }
        out[len++] = '/';
        memcpy(out + len, start, n);
        len += n;
        out[len] = 0;
    }
    if (!len)
        strcpy(out, "/");
    return HOST_OK;
}

int host_open_nolinks(const char *path, int oflags, unsigned mode)
{
    struct open_how how = { .flags = (uint64_t)oflags, .resolve = RESOLVE_NO_SYMLINKS };
    int fd;

    if (oflags & O_CREAT)
        how.mode = mode;
    do
        fd = (int)syscall(SYS_openat2, AT_FDCWD, path, &how, sizeof(how));
    while (fd < 0 && errno == EINTR);
    return fd;
}

/*
 * Does the part of a normalised path that exists hold no link?  A lookup
 * that refuses every link goes left to right: it reaches the end, or stops
 * at a missing component (or at a file where a directory should be) before
 * meeting any link.  Such a path is its own canonical form, at the cost of
 * one system call (two if it exists).
 */
static int link_free(const char *path)
{
    int fd = host_open_nolinks(path, O_PATH | O_CLOEXEC, 0);

    if (fd >= 0) {
        close(fd);
        return 1;
    }
    return errno == ENOENT || errno == ENOTDIR;
}

/*
 * realpath(3) walks the path a component at a time (a readlink each);
 * opening the path with O_PATH and asking /proc for the descriptor's name
 * costs three system calls whatever the depth.  Same answer: every link
 * followed, "." and ".." resolved by the kernel.  try_plain: first see
 * whether the path is canonical as it is (one lookup, no readlink).
 */
static char *canonical_path(const char *path, int try_plain, char *real)
{
    char proc[32];
    int fd = try_plain ? host_open_nolinks(path, O_PATH | O_CLOEXEC, 0) : -1;

    if (fd >= 0 && strlen(path) < PATH_MAX) {
        close(fd);
        strcpy(real, path);
        return real;
    }
    if (fd >= 0)
        close(fd);
    fd = open(path, O_PATH | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(proc, real, PATH_MAX - 1);
    int saved = errno;
    close(fd);
    if (n <= 0 || real[0] != '/') {
        errno = saved;
        return realpath(path, real);   /* no /proc: the slow way */
    }
    real[n] = 0;
    return real;
}

/*
 * Resolve the symbolic links of the longest prefix of the normalised path
 * that realpath accepts; the rest (which does not exist, or cannot be
 * searched) is appended as it is.  The common case, a path with no link,
 * is settled by one lookup.
 */
static int resolve(const char *norm, char *out)
{
    char prefix[PATH_MAX], real[PATH_MAX];
    size_t cut = strlen(norm);

    if (link_free(norm)) {
        strcpy(out, norm);      /* normalised: shorter than PATH_MAX */
        return HOST_OK;
    }
    for (;;) {
        memcpy(prefix, norm, cut);
        prefix[cut] = 0;
        /* the whole path is known not to be plain */
        if (canonical_path(cut ? prefix : "/", cut < strlen(norm), real))
            break;
        if (!cut)
            return host_from_errno(errno);
        while (cut && norm[--cut] != '/')
            ;
    }
    const char *rest = norm + cut;
    size_t real_len = strcmp(real, "/") == 0 ? 0 : strlen(real);
    if (real_len + strlen(rest) >= PATH_MAX)
        return HOST_ENAMETOOLONG;
    memcpy(out, real, real_len);
    strcpy(out + real_len, rest);
    if (!out[0])
        strcpy(out, "/");
    return HOST_OK;
}

int host_path_canonical(const char *path, unsigned follow, char *out)
{
    char norm[PATH_MAX], parent[PATH_MAX];
    char *slash;
    int r;

    if ((r = host_path_normalise(path, norm)) < 0)
        return r;
    if (follow == HOST_PATH_FOLLOW || strcmp(norm, "/") == 0)
        return resolve(norm, out);
    /* Resolve the directory; keep the final name itself. */
    slash = strrchr(norm, '/');
    memcpy(parent, norm, (size_t)(slash - norm));
    parent[slash - norm] = 0;
    if ((r = resolve(parent[0] ? parent : "/", out)) < 0)
        return r;
    if (strlen(out) + strlen(slash) >= PATH_MAX)
        return HOST_ENAMETOOLONG;
    if (strcmp(out, "/") == 0)
        out[0] = 0;
    strcat(out, slash);
    return HOST_OK;
}

/* ---- Rules ---------------------------------------------------------------- */

static int under(const char *path, const struct rule *rule)
{
    if (rule->len == 1)      /* "/" */
        return 1;
    return strncmp(path, rule->path, rule->len) == 0 &&
           (path[rule->len] == 0 || path[rule->len] == '/');
}

/* Is path a directory on the way to the rule (a strict ancestor of it)? */
static int on_the_way(const char *path, size_t len, const struct rule *rule)
{
    if (len == 1)            /* "/" */
        return rule->len > 1;
    return rule->len > len && strncmp(rule->path, path, len) == 0 && rule->path[len] == '/';
}

static int traversable(const char *canonical)
{
    size_t len = strlen(canonical);
    int found = 0;

    pthread_rwlock_rdlock(&rules_lock);
    for (size_t i = 0; i < rule_count && !found; i++)
        found = on_the_way(canonical, len, &rules[i]);
    pthread_rwlock_unlock(&rules_lock);
    return found;
}

unsigned host_policy_lookup(const char *canonical)
{
    unsigned access = 0;
    size_t best = 0;

    pthread_rwlock_rdlock(&rules_lock);
    for (size_t i = 0; i < rule_count; i++) {
        if (rules[i].len >= best && under(canonical, &rules[i])) {
            best = rules[i].len;
            access = rules[i].access;
        }
    }
    pthread_rwlock_unlock(&rules_lock);
    return access;
}

int host_policy_allow(const char *path, unsigned access)
{
    char canonical[PATH_MAX];
    struct rule *bigger;
    int r;

    if (access != HOST_POLICY_RO && access != HOST_POLICY_RW)
        return HOST_EINVAL;
    if ((r = host_path_canonical(path, HOST_PATH_FOLLOW, canonical)) < 0)
        return r == HOST_EINVAL || r == HOST_ENAMETOOLONG ? r : HOST_EINVAL;
    char *copy = strdup(canonical);
    if (!copy)
        return HOST_ENOMEM;
    pthread_rwlock_wrlock(&rules_lock);
    bigger = realloc(rules, (rule_count + 1) * sizeof(*rules));
    if (bigger) {
        rules = bigger;
        rules[rule_count++] = (struct rule){ copy, strlen(copy), access };
    }
    pthread_rwlock_unlock(&rules_lock);
    host_attr_cache_clear();
    if (!bigger) {
        free(copy);
        return HOST_ENOMEM;
    }
    return HOST_OK;
}

void host_policy_reset(void)
{
    pthread_rwlock_wrlock(&rules_lock);
    for (size_t i = 0; i < rule_count; i++)
        free(rules[i].path);
    free(rules);
    rules = NULL;
    rule_count = 0;
    pthread_rwlock_unlock(&rules_lock);
    host_attr_cache_clear();
}

/* ---- Checks and the denial log -------------------------------------------- */

void host_policy_set_log(FILE *log)
{
    pthread_mutex_lock(&log_lock);
    log_file = log;
    log_chosen = 1;
    pthread_mutex_unlock(&log_lock);
}

unsigned long host_policy_denials(void)
{
    return __atomic_load_n(&denials, __ATOMIC_RELAXED);
}

/* A path as one log line: control characters (a newline in a file name
 * could forge a line) are written as \xNN. */
static void log_path(FILE *log, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p < 0x20 || *p == 0x7f || *p == '\\')
            fprintf(log, "\\x%02x", *p);
        else
            fputc(*p, log);
    }
}

static void deny(const char *op, const char *path)
{
    FILE *log;

    __atomic_add_fetch(&denials, 1, __ATOMIC_RELAXED);
    pthread_mutex_lock(&log_lock);
    log = log_chosen ? log_file : stderr;
    if (log) {
        fprintf(log, "keep: denied %s ", op);
        log_path(log, path);
        fputc('\n', log);
        fflush(log);
    }
    pthread_mutex_unlock(&log_lock);
}

void host_policy_log_denial(const char *op, const char *canonical)
{
    deny(op, canonical);
}

int host_policy_decide(const char *canonical, unsigned need)
{
    unsigned access = host_policy_lookup(canonical);

    if (!(access & HOST_POLICY_RO))
        return (need & HOST_NEED_TRAVERSE) && !(need & HOST_NEED_WRITE) && traversable(canonical)
                   ? HOST_OK : HOST_EACCES;
    if ((need & HOST_NEED_WRITE) && access != HOST_POLICY_RW)
        return HOST_EROFS;
    return HOST_OK;
}

int host_policy_check(const char *canonical, unsigned need, const char *op)
{
    int r = host_policy_decide(canonical, need);

    if (r < 0)
        deny(op, canonical);
    return r;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util.c - helpers shared by the monitor's modules.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int strlist_push(struct strlist *l, const char *s)
{
    if (l->n + 2 > l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *copy = strdup(s);
    if (!copy)
        return -1;
    l->v[l->n++] = copy;
    l->v[l->n] = NULL;
    return 0;
}

void strlist_free(struct strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}

int fmt(char *buf, size_t size, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(buf, size, format, ap);
    va_end(ap);
    return (n < 0 || (size_t)n >= size) ? -1 : 0;
}

int path_join(char *out, size_t size, const char *dir, const char *name)
{
    size_t len = strlen(dir);
    const char *sep = (len && dir[len - 1] == '/') ? "" : "/";
    return fmt(out, size, "%s%s%s", dir, sep, name);
}

/* Drop the last component of the normalised prefix out[0..*len). */
static void pop_component(char *out, size_t *len)
{
    while (*len > 1 && out[*len - 1] != '/')
        (*len)--;
    if (*len > 1)
        (*len)--;   /* the '/' before it, unless it is the root */
    out[*len] = '\0';
}

/* Append one component (not "." or "..") to the normalised prefix. */
static int push_component(char *out, size_t size, size_t *len,
                          const char *comp, size_t clen)
{
    size_t sep = (*len == 1) ? 0 : 1;
    if (*len + sep + clen + 1 > size)
        return -1;
    if (sep)
        out[(*len)++] = '/';
    memcpy(out + *len, comp, clen);
    *len += clen;
    out[*len] = '\0';
    return 0;
}

/* Normalise the components of path onto out, which holds "/..." already. */
static int normalise_onto(char *out, size_t size, size_t *len, const char *path)
{
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *end = strchrnul(p, '/');
        size_t clen = (size_t)(end - p);
        if (clen == 0)
            break;
        if (clen == 2 && p[0] == '.' && p[1] == '.')
            pop_component(out, len);
        else if (!(clen == 1 && p[0] == '.') &&
                 push_component(out, size, len, p, clen) < 0)
            return -1;
        p = end;
    }
    return 0;
}

int path_absolute(char *out, size_t size, const char *path, const char *base)
{
    char in[PATH_MAX], dir[PATH_MAX];   /* path and base may alias out */
    size_t len = 1;

    if (size < 2 || !path || !*path || fmt(in, sizeof(in), "%s", path) < 0)
        return -1;
    if (in[0] != '/') {
        if (base ? fmt(dir, sizeof(dir), "%s", base) < 0 : !getcwd(dir, sizeof(dir)))
            return -1;
    }
    strcpy(out, "/");
    if (in[0] != '/' && normalise_onto(out, size, &len, dir) < 0)
        return -1;
    return normalise_onto(out, size, &len, in);
}

/*
 * realpath(3) makes a readlink per component; the kernel names the file of
 * an O_PATH descriptor in three calls whatever the depth (same answer).
 */
bool path_real(const char *path, char *real)
{
    char proc[32];
    int fd = open(path, O_PATH | O_CLOEXEC);

    /* nothing there: realpath would fail too, after a readlink per
       component */
    if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
        return false;
    if (fd >= 0) {
        snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
        ssize_t n = readlink(proc, real, PATH_MAX - 1);
        close(fd);
        if (n > 0 && n < PATH_MAX - 1 && real[0] == '/') {
            real[n] = 0;
            return true;
        }
    }
    return realpath(path, real) != NULL;    /* no /proc, or no such file */
}

int path_canonical(char *out, size_t size, const char *path)
{
    char real[PATH_MAX];

    if (path_real(path, real))
        return fmt(out, size, "%s", real);
    return path_absolute(out, size, path, NULL);
}

int path_dirname(char *out, size_t size, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return fmt(out, size, ".");
    if (slash == path)
        return fmt(out, size, "/");
    return fmt(out, size, "%.*s", (int)(slash - path), path);
}

bool path_within(const char *path, const char *dir)
{
    size_t len = strlen(dir);
    if (len == 1 && dir[0] == '/')
        return path[0] == '/';
    return strncmp(path, dir, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

int mkdir_p(const char *dir, unsigned mode)
{
    char buf[PATH_MAX];
    struct stat st;

    if (!*dir) {
        errno = ENOENT;
        return -1;
    }
    /* the common case, every run after the first: one call, not one per component */
    if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
        return 0;
    if (fmt(buf, sizeof(buf), "%s", dir) < 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; ; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(buf, mode) < 0 && errno != EEXIST)
            return -1;
        *p = saved;
        if (!saved)
            break;
    }
    if (stat(buf, &st) < 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

bool ends_with_nocase(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

void one_line(char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            *s = '?';
}

void report(const char *format, ...)
{
    char buf[2 * PATH_MAX];
    va_list ap;

    va_start(ap, format);
    vsnprintf(buf, sizeof(buf), format, ap);
    va_end(ap);
    one_line(buf);
    fprintf(stderr, "keep: %s\n", buf);
}

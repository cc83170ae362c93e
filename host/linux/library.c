/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * library.c - Wine's unix libraries (win32u.so, ...): loaded with the
 * dynamic linker, and only from the one directory the monitor named.
 *
 * The kernel holds a small handle (an index into this table), never the
 * dynamic linker's own pointer, so that a handle means the same after the
 * kernel re-opens the library by URI on another host.
 */
#define _GNU_SOURCE 1
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

#define MAX_LIBRARIES 64

static pthread_mutex_t lib_lock = PTHREAD_MUTEX_INITIALIZER;
static char *lib_dir;                      /* canonical; NULL: none allowed */
static void *libs[MAX_LIBRARIES];          /* handle h is libs[h - 1] */
static unsigned lib_count;

int host_library_allow_dir(const char *dir)
{
    char canonical[PATH_MAX];
    char *copy = NULL;
    int r;

    if (dir) {
        if ((r = host_path_canonical(dir, HOST_PATH_FOLLOW, canonical)) < 0)
            return r == HOST_ENAMETOOLONG ? r : HOST_EINVAL;
        if (!(copy = strdup(canonical)))
            return HOST_ENOMEM;
    }
    pthread_mutex_lock(&lib_lock);
    free(lib_dir);
    lib_dir = copy;
    pthread_mutex_unlock(&lib_lock);
    return HOST_OK;
}

/* Is the canonical path a file directly inside the library directory? */
static int in_lib_dir(const char *canonical)
{
    size_t n = lib_dir ? strlen(lib_dir) : 0;
    const char *name = canonical + n;

    return lib_dir && strncmp(canonical, lib_dir, n) == 0 && name[0] == '/' && name[1] &&
           !strchr(name + 1, '/');
}

/* The handle of an already loaded library, or of a new table slot. */
static int remember(void *dl, host_library_t *out)
{
    for (unsigned i = 0; i < lib_count; i++) {
        if (libs[i] == dl) {
            dlclose(dl);   /* drop the extra reference dlopen took */
            *out = i + 1;
            return HOST_OK;
        }
    }
    if (lib_count == MAX_LIBRARIES) {
        dlclose(dl);
        return HOST_ENOMEM;
    }
    libs[lib_count++] = dl;
    *out = lib_count;
    return HOST_OK;
}

int host_library_open(const char *uri, host_library_t *out)
{
    char canonical[PATH_MAX];
    struct host_uri u;
    void *dl;
    int r;

    if (!out || host_uri_parse(uri, &u) < 0 || u.scheme != HOST_SCHEME_FILE)
        return HOST_EINVAL;
    if ((r = host_path_canonical(u.rest, HOST_PATH_FOLLOW, canonical)) < 0)
        return r;
    pthread_mutex_lock(&lib_lock);
    if (!in_lib_dir(canonical)) {
        pthread_mutex_unlock(&lib_lock);
        host_policy_log_denial("library", canonical);
        return HOST_EACCES;
    }
    if (access(canonical, R_OK) < 0) {
        pthread_mutex_unlock(&lib_lock);
        return HOST_ENOENT;
    }
    if (!(dl = dlopen(canonical, RTLD_NOW | RTLD_LOCAL))) {
        const char *why = dlerror();
        pthread_mutex_unlock(&lib_lock);
        fprintf(stderr, "keep: cannot load %s: %s\n", canonical, why ? why : "?");
        return HOST_EIO;
    }
    r = remember(dl, out);
    pthread_mutex_unlock(&lib_lock);
    return r;
}

int host_library_symbol(host_library_t lib, const char *name, void **out)
{
    void *dl = NULL, *sym;

    pthread_mutex_lock(&lib_lock);
    if (lib >= 1 && lib <= lib_count)
        dl = libs[lib - 1];
    pthread_mutex_unlock(&lib_lock);
    if (!dl || !out)
        return HOST_EBADF;
    if (!name)
        return HOST_ENOENT;
    dlerror();
    sym = dlsym(dl, name);
    if (!sym)
        return HOST_ENOENT;
    *out = sym;
    return HOST_OK;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * library.c - the lib: scheme: ELF shared libraries opened read-only by
 * file name, for the kernel's own loader (Wine's unix libraries such as
 * win32u.so, and the few host libraries they load, such as FreeType).
 *
 * "lib:NAME" is looked for in Wine's unix-library directory (set by the
 * monitor), then in the host's system library directories.  The name is a
 * bare file name that looks like a shared object ("*.so" or "*.so.N..."):
 * a lib: URI reaches shared libraries and nothing else, so it opens no
 * hole in the file policy (the program's own paths never become lib:
 * URIs; only the kernel's loader makes them).
 */
#define _GNU_SOURCE 1
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/linux/host_linux.h"

static pthread_mutex_t lib_lock = PTHREAD_MUTEX_INITIALIZER;
static char *lib_dir;                      /* canonical; NULL: none set */

/* The host's own library directories, searched after Wine's. */
static const char *const system_dirs[] = {
    "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/lib64", "/usr/lib",
    "/lib",
};

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

/* "name.so" or "name.so.6" or "name.so.1.0": no directory, no dot file. */
int host_lib_name_valid(const char *name)
{
    const char *so;
    size_t len = strlen(name);

    if (!len || len > NAME_MAX || name[0] == '.' || strchr(name, '/'))
        return 0;
    if (!(so = strstr(name, ".so")) || so == name)
        return 0;
    for (so += 3; *so; so++)
        if (*so != '.' && (*so < '0' || *so > '9'))
            return 0;
    return 1;
}

/* Open dir/name if it is a regular file: fd, or -1 with errno. */
static int open_in(const char *dir, const char *name, char *path)
{
    struct stat st;
    int fd;

    if ((size_t)snprintf(path, PATH_MAX, "%s/%s", dir, name) >= PATH_MAX) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return -1;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        errno = ENOENT;
        return -1;
    }
    return fd;
}

int host_lib_open(const char *name, unsigned flags, host_stream_t *out)
{
    char path[PATH_MAX];
    int fd = -1;

    if (!host_lib_name_valid(name))
        return HOST_EINVAL;
    if (flags != HOST_OPEN_READ)
        return flags & HOST_OPEN_WRITE ? HOST_EROFS : HOST_EINVAL;
    pthread_mutex_lock(&lib_lock);
    if (lib_dir)
        fd = open_in(lib_dir, name, path);
    pthread_mutex_unlock(&lib_lock);
    for (size_t i = 0; fd < 0 && i < sizeof(system_dirs) / sizeof(system_dirs[0]); i++)
        fd = open_in(system_dirs[i], name, path);
    if (fd < 0)
        return HOST_ENOENT;
    return host_stream_add(fd, HOST_STREAM_FILE, HOST_OPEN_READ, path, out);
}

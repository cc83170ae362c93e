/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernel_load.c - find and load the kernel (see kernel_load.h).
 */
#include "config.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kernel_load.h"
#include "util.h"

#define KERNEL_NAME "ntdll.so"
#define BUILD_TREE_KERNEL "../dlls/ntdll/.libs/" KERNEL_NAME

int kernel_locate(const char *env_kernel, const char *self_exe,
                  const char *pkglibdir, char *out, size_t size)
{
    char dir[PATH_MAX], built[PATH_MAX];

    if (env_kernel && *env_kernel)
        return fmt(out, size, "%s", env_kernel);
    if (self_exe && *self_exe == '/' &&
        path_dirname(dir, sizeof(dir), self_exe) == 0 &&
        path_join(built, sizeof(built), dir, BUILD_TREE_KERNEL) == 0 &&
        path_absolute(built, sizeof(built), built, NULL) == 0 &&
        access(built, R_OK) == 0)
        return fmt(out, size, "%s", built);
    return path_join(out, size, pkglibdir, KERNEL_NAME);
}

keep_kernel_main_t kernel_load(const char *path, char *err, size_t errlen)
{
    void *lib = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
        const char *why = dlerror();
        size_t n = strlen(path);
        if (why && !strncmp(why, path, n) && !strncmp(why + n, ": ", 2))
            why += n + 2;   /* dlerror repeats the path */
        snprintf(err, errlen, "cannot load the kernel %s: %s", path, why ? why : "unknown error");
        return NULL;
    }
    dlerror();
    void *sym = dlsym(lib, "keep_kernel_main");
    if (!sym) {
        snprintf(err, errlen, "cannot load the kernel %s: no keep_kernel_main in it", path);
        dlclose(lib);
        return NULL;
    }
    Dl_info where;
    if (dladdr(sym, &where) && (uintptr_t)where.dli_fbase != KEEP_KERNEL_BASE)
        report("warning: the kernel was mapped at %p, not at %#llx (snapshots need it there)",
               where.dli_fbase, KEEP_KERNEL_BASE);
    keep_kernel_main_t fn;
    memcpy(&fn, &sym, sizeof(fn));   /* object to function pointer, ISO-clean */
    return fn;
}

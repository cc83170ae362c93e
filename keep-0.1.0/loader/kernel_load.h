/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernel_load.h - find and load the kernel (ntdll.so).
 */
#ifndef KEEP_LOADER_KERNEL_LOAD_H
#define KEEP_LOADER_KERNEL_LOAD_H

#include <stddef.h>

#include "keep_boot.h"

typedef int (*keep_kernel_main_t)(const struct keep_boot *boot);

/*
 * Pick the kernel: $KEEP_KERNEL when set (env_kernel), else the build
 * tree's uninstalled module (<dir of self_exe>/../dlls/ntdll/.libs/ntdll.so)
 * when it exists, else pkglibdir/ntdll.so.  Returns 0 or -1 (too long).
 */
int kernel_locate(const char *env_kernel, const char *self_exe,
                  const char *pkglibdir, char *out, size_t size);

/*
 * dlopen the kernel (RTLD_NOW | RTLD_GLOBAL: Wine's unix libraries find
 * it by its SONAME) and find keep_kernel_main.  Returns NULL with
 * "cannot load the kernel PATH: reason" in err.
 */
keep_kernel_main_t kernel_load(const char *path, char *err, size_t errlen);

#endif /* KEEP_LOADER_KERNEL_LOAD_H */

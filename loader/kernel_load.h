/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernel_load.h - find and load the kernel (ntdll.so).
 */
#ifndef KEEP_LOADER_KERNEL_LOAD_H
#define KEEP_LOADER_KERNEL_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "keep_boot.h"

typedef int (*keep_kernel_main_t)(const struct keep_boot *boot);

/*
 * Pick the kernel: $KEEP_KERNEL when set (env_kernel), else the build
 * tree's uninstalled module (<dir of self_exe>/../dlls/ntdll/.libs/ntdll.so)
 * when it exists, else pkglibdir/ntdll.so.  Returns 0 or -1 (too long).
 */
int kernel_locate(const char *env_kernel, const char *self_exe,
                  const char *pkglibdir, char *out, size_t size);

/* A function the kernel may import, by name. */
struct kernel_import {
    const char *name;
    void (*fn)(void);
};

/* What keep offers the kernel: the host ABI (host/host.sym) and the C
 * library's freestanding helpers (kernel_imports.c). */
extern const struct kernel_import keep_kernel_imports[];
extern const size_t keep_kernel_import_count;

/*
 * Map the kernel at its link address, KEEP_KERNEL_BASE (elsewhere, with a
 * warning, if that is taken: snapshots need it there), bind its imports
 * to imports[0..import_count) by name, make its relocated data read-only,
 * run its initialisers and return its keep_kernel_main.  The file must be
 * an x86-64 ELF shared object with a GNU hash table, RELA relocations
 * only, no thread-local storage and no relocations in its code, and must
 * define keep_kernel_main (checked before anything of it runs).  One
 * kernel per process, never unloaded.  Returns NULL with "cannot load
 * the kernel PATH: reason" in err; nothing of the file then stays mapped.
 */
keep_kernel_main_t kernel_load(const char *path, const struct kernel_import *imports,
                               size_t import_count, char *err, size_t errlen);

/* A symbol the loaded kernel defines (keep_kernel_resume), or NULL. */
void *kernel_symbol(const char *name);

/* The loaded kernel's code segment and its writable segment, as mapped:
 * 0, or -1 when no kernel is loaded. */
int kernel_segments(uintptr_t *text, size_t *text_size, uintptr_t *data, size_t *data_size);

#endif /* KEEP_LOADER_KERNEL_LOAD_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unixcall.c - MemoryWineUnixFuncs: how Wine's PE DLLs find the unix side
 * of their code.
 *
 * ntdll.dll's own unix calls (__wine_unix_call_funcs) are ours: code 2
 * gives precise time; codes 0 (ELF ".dll.so" builtins) and 1 (unwinding
 * through unix frames) have nothing to do here: keep loads no ELF
 * builtins, and a frame the PE unwinder cannot see through is treated as
 * a leaf.
 *
 * Any other Wine builtin (win32u.dll, winspool.drv, ...) gets Wine's own
 * unix library of the same name (win32u.so) from Wine's unix-library
 * directory, loaded by the kernel's own ELF loader (elfload.c) on the
 * first query, as Wine does.  The library's imports of ntdll.so are this
 * kernel's exports (winelib.c), its C library is unixlibc.c.
 */
#include "elfload.h"
#include "kdisplay.h"

static NTSTATUS unix_load_so_dll(void *args)
{
    (void)args;
    return STATUS_INVALID_IMAGE_FORMAT;
}

static NTSTATUS unix_unwind_builtin_dll(void *args)
{
    (void)args;
    return STATUS_UNSUCCESSFUL;
}

static NTSTATUS unix_system_time_precise(void *args)
{
    *(LONGLONG *)args = time_now_nt();
    return STATUS_SUCCESS;
}

typedef NTSTATUS (*unixlib_entry_t)(void *args);

static const unixlib_entry_t ntdll_unix_funcs[] = {
    unix_load_so_dll,
    unix_unwind_builtin_dll,
    unix_system_time_precise,
};

/* The unix libraries loaded so far: which PE half each serves and what
 * that was given (the table address). */
struct unix_library {
    void *module;               /* the PE half's base */
    char *name;                 /* <name>.so, a lib: name */
    struct elf_library *lib;
    void *funcs;                /* its __wine_unix_call_funcs */
};
static struct unix_library *unix_libs;
static unsigned unix_lib_count;
static struct klock unix_lib_lock = KLOCK_INIT;

/* "file:/dir/win32u.dll" -> "win32u.so" */
static char *unix_library_name(const char *dll_uri)
{
    const char *name = strrchr(dll_uri, '/');
    const char *dot;
    size_t size;
    char *out;

    if (!name)
        return NULL;
    name++;
    dot = strrchr(name, '.');
    size = strlen(name) + 4;
    if (!(out = kmalloc(size)))
        return NULL;
    snprintf(out, size, "%.*s.so", (int)(dot ? dot - name : (int)strlen(name)), name);
    return out;
}

/* Load the library for module (lock held). */
static NTSTATUS load_unix_library(void *module, char *name, uint64_t *out)
{
    struct unix_library *more, *u;
    struct elf_library *lib;
    void *funcs;
    NTSTATUS st;

    if ((st = elf_library_load(name, &lib))) {
        KTRACE(KEEP_DEBUG_LOADER, "keep: unix library %s not loaded: %s\n", name, elf_last_error());
        return st;
    }
    if (!(funcs = elf_library_symbol(lib, "__wine_unix_call_funcs")))
        return STATUS_ENTRYPOINT_NOT_FOUND;
    if (!(more = krealloc(unix_libs, (unix_lib_count + 1) * sizeof(*more))))
        return STATUS_NO_MEMORY;
    unix_libs = more;
    u = &unix_libs[unix_lib_count++];
    *u = (struct unix_library){ module, name, lib, funcs };
    KTRACE(KEEP_DEBUG_LOADER, "keep: unix library %s for %p\n", name, module);
    /* before win32u looks for a display driver: keep's, when there is a display */
    if (!strcmp(name, "win32u.so"))
        kdisplay_install(lib);
    *out = (uint64_t)(uintptr_t)funcs;
    return STATUS_SUCCESS;
}

NTSTATUS unixcall_funcs_for(void *module_base, uint64_t *out)
{
    MEMORY_BASIC_INFORMATION mbi;
    char *dll_uri, *name;
    SIZE_T len;
    NTSTATUS st;

    if (NtQueryVirtualMemory(CURRENT_PROCESS, module_base, MemoryBasicInformation, &mbi,
                             sizeof(mbi), &len))
        return STATUS_INVALID_ADDRESS;
    if (mbi.AllocationBase == kernel.ntdll_base) {
        *out = (uint64_t)(uintptr_t)ntdll_unix_funcs;
        return STATUS_SUCCESS;
    }
    klock_acquire(&unix_lib_lock);
    for (unsigned i = 0; i < unix_lib_count; i++) {
        if (unix_libs[i].module == mbi.AllocationBase) {
            *out = (uint64_t)(uintptr_t)unix_libs[i].funcs;
            klock_release(&unix_lib_lock);
            return STATUS_SUCCESS;
        }
    }
    st = section_builtin_uri(mbi.AllocationBase, &dll_uri);
    if (!st) {
        name = unix_library_name(dll_uri);
        kfree(dll_uri);
        st = name ? load_unix_library(mbi.AllocationBase, name, out) : STATUS_DLL_NOT_FOUND;
        if (st)
            kfree(name);
    }
    klock_release(&unix_lib_lock);
    return st;
}

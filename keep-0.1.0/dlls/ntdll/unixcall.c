/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unixcall.c - ntdll.dll's own unix calls (__wine_unix_call_funcs) and
 * MemoryWineUnixFuncs, through which Wine's PE DLLs find the unix side of
 * their code.  ntdll.dll calls code 2 for precise time; codes 0 (ELF
 * ".dll.so" builtins) and 1 (unwinding through unix frames) have nothing
 * to do here: keep loads no ELF builtins, and a frame the PE unwinder
 * cannot see through is treated as a leaf.
 */
#include "kernel.h"

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

NTSTATUS unixcall_funcs_for(void *module_base, uint64_t *out)
{
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T len;

    if (NtQueryVirtualMemory(CURRENT_PROCESS, module_base, MemoryBasicInformation, &mbi,
                             sizeof(mbi), &len))
        return STATUS_INVALID_ADDRESS;
    if (mbi.AllocationBase == kernel.ntdll_base) {
        *out = (uint64_t)(uintptr_t)ntdll_unix_funcs;
        return STATUS_SUCCESS;
    }
    return STATUS_DLL_NOT_FOUND;   /* unix libraries come with the GUI work */
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * keep_boot.h - how the monitor (loader/keep) starts the kernel.
 *
 * The monitor configures the host (host_setup.h), then loads the kernel
 * (ntdll.so) and calls keep_kernel_main() on the process's main thread.
 * Everything the kernel needs to build the Windows process comes in
 * struct keep_boot; after that the kernel talks only to the host ABI.
 * All strings are UTF-8, all paths absolute host paths.
 */
#ifndef KEEP_BOOT_H
#define KEEP_BOOT_H

#include <stddef.h>
#include <stdint.h>

#define KEEP_BOOT_VERSION 3

/* Where the kernel is linked to live (dlls/ntdll/Makefile.inc): the same
 * address in every process, for snapshots (docs/snapshot.md). */
#define KEEP_KERNEL_BASE 0x6f0000000000ull

enum keep_debug_flags {
    KEEP_DEBUG_SYSCALLS = 1,    /* report each unimplemented syscall once */
    KEEP_DEBUG_TRACE = 2,       /* trace every syscall (slow) */
    KEEP_DEBUG_LOADER = 4,      /* image mapping and path resolution */
    KEEP_DEBUG_EXCEPTIONS = 8,  /* faults and exception dispatch */
};

struct keep_boot {
    uint32_t size;              /* sizeof(struct keep_boot) */
    uint32_t version;           /* KEEP_BOOT_VERSION */
    int argc;                   /* argv[0] is the program as the user named it */
    const char *const *argv;
    const char *const *envp;    /* KEY=VALUE, NULL-terminated, for the program */
    const char *program_path;   /* absolute host path of the .exe */
    const char *cwd;            /* absolute host path of the current directory */
    const char *instance_dir;   /* the instance; drive C: is instance_dir/drive_c */
    const char *wine_dll_dir;   /* Wine 8.0's PE DLLs */
    const char *wine_data_dir;  /* Wine 8.0's data (holds nls/) */
    const char *user_name;      /* Windows user name (C:\users\<name>) */
    unsigned debug_flags;       /* enum keep_debug_flags, from KEEPDEBUG */
    const char *wine_unix_dir;  /* Wine 8.0's unix libraries (win32u.so, ...),
                                   the one directory host_library_open allows;
                                   "" when there is none */
    /* A child picoprocess (host_process_spawn) gets what its parent's
       kernel handed over: its data, its streams (host_stream_t values, in
       the parent's order) and the parent stream to wait on before the
       program runs.  A first process: NULL, 0 and -1; it builds its
       process from argv, envp and cwd instead. */
    const void *spawn_data;
    size_t spawn_size;
    const int64_t *spawn_streams;
    size_t spawn_stream_count;
    int64_t parent_stream;
    const char *registry_base;  /* the read-only base registry database, or NULL */
    const char *runtime_dir;    /* the instance's memory-backed runtime directory
                                   (volatile registry keys), allowed read-write;
                                   NULL: none */
    int control;                /* the monitor answers the ctl: stream: the
                                   kernel reads it (snapshots) */
};

/* The sections of a snapshot (docs/snapshot.md): the kernel writes some
 * through ctl:, the monitor the others. */
enum keep_snap_section {
    KEEP_SNAP_BOOT = 1,         /* monitor: how the program was started */
    KEEP_SNAP_KERNEL_ID = 2,    /* monitor: which kernel binary */
    KEEP_SNAP_STREAMS = 3,      /* monitor: the open host streams */
    KEEP_SNAP_PIPE_DATA = 4,    /* monitor: bytes waiting in the pipes it reads */
    KEEP_SNAP_PROCESS = 5,      /* monitor: a child process, as a whole snapshot */
    KEEP_SNAP_KERNEL_DATA = 16, /* kernel: u64 address, then ntdll.so's data */
    KEEP_SNAP_MEMORY = 17,      /* monitor, for each range the kernel names */
    KEEP_SNAP_REGISTRY = 18,    /* kernel: the registry database's image */
    KEEP_SNAP_REGISTRY_VOLATILE = 19,   /* kernel: the volatile keys' database's */
};

/* What "keep resume" hands the kernel besides a boot: the memory, the
 * kernel's data and the streams are in place already. */
struct keep_resume {
    uint32_t size;              /* sizeof(struct keep_resume) */
    int64_t registry_stream;    /* a stream holding the registry image, or -1 */
    uint64_t registry_size;
    int64_t volatile_stream;    /* the volatile keys' image, or -1 */
    uint64_t volatile_size;
};

/*
 * Build the Windows process described by boot and run it.  Does not return
 * once the program has started (the process ends with the program's exit
 * code); returns a HOST_E* code (< 0) if it could not start, after printing
 * a one-line reason.
 */
int keep_kernel_main(const struct keep_boot *boot);

/*
 * Continue a snapshot's program in this process: the monitor has mapped
 * its memory back, restored the kernel's data and the host streams.  Does
 * not return once the program's threads run; returns a HOST_E* code (< 0)
 * if it could not, after printing a one-line reason.
 */
int keep_kernel_resume(const struct keep_boot *boot, const struct keep_resume *res);

#endif /* KEEP_BOOT_H */

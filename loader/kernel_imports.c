/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernel_imports.c - what the kernel may import from keep, by name: the
 * host ABI (host/host.sym; tests/unit/loader checks this list against it)
 * and the C library's string and formatting functions, of the families
 * tests/check-kernel-symbols.sh allows it.  keep is a static executable:
 * the kernel's imports are bound from this table (kernel_load.c), which
 * also links every host function into keep.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"
#include "kernel_load.h"

/* void (*)(void) converts from any function type without a warning. */
#define IMPORT(name) { #name, (void (*)(void))name }

const struct kernel_import keep_kernel_imports[] = {
    IMPORT(host_status_name),
    IMPORT(host_vm_page_size),
    IMPORT(host_vm_reserve),
    IMPORT(host_vm_commit),
    IMPORT(host_vm_protect),
    IMPORT(host_vm_write),
    IMPORT(host_vm_free),
    IMPORT(host_vm_query),
    IMPORT(host_thread_create),
    IMPORT(host_thread_exit),
    IMPORT(host_thread_yield),
    IMPORT(host_thread_self),
    IMPORT(host_thread_set_teb),
    IMPORT(host_thread_interrupt),
    IMPORT(host_futex_wait),
    IMPORT(host_futex_wake),
    IMPORT(host_stream_open),
    IMPORT(host_stream_close),
    IMPORT(host_stream_read),
    IMPORT(host_stream_write),
    IMPORT(host_stream_set_length),
    IMPORT(host_stream_flush),
    IMPORT(host_stream_lock),
    IMPORT(host_stream_map),
    IMPORT(host_stream_attr),
    IMPORT(host_uri_attr),
    IMPORT(host_uri_set_attr),
    IMPORT(host_uri_rename),
    IMPORT(host_uri_delete),
    IMPORT(host_dir_read),
    IMPORT(host_pipe_create),
    IMPORT(host_time_get),
    IMPORT(host_time_zone),
    IMPORT(host_random),
    IMPORT(host_exception_set_handler),
    IMPORT(host_process_exit),
    IMPORT(host_debug_write),
    IMPORT(host_process_spawn),
    /* the C library */
    IMPORT(memchr),
    IMPORT(memcmp),
    IMPORT(memcpy),
    IMPORT(memmove),
    IMPORT(memset),
    IMPORT(snprintf),
    IMPORT(sprintf),
    IMPORT(strcat),
    IMPORT(strchr),
    IMPORT(strcmp),
    IMPORT(strcpy),
    IMPORT(strcspn),
    IMPORT(strlen),
    IMPORT(strncat),
    IMPORT(strncmp),
    IMPORT(strncpy),
    IMPORT(strnlen),
    IMPORT(strpbrk),
    IMPORT(strrchr),
    IMPORT(strspn),
    IMPORT(strstr),
    IMPORT(strtod),
    IMPORT(strtol),
    IMPORT(strtoll),
    IMPORT(strtoul),
    IMPORT(strtoull),
    IMPORT(vsnprintf),
    IMPORT(vsprintf),
};

const size_t keep_kernel_import_count = sizeof(keep_kernel_imports) / sizeof(*keep_kernel_imports);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * host_exports.c - pull every host ABI function into keep.
 *
 * keep links the host as a static convenience library, from which the
 * linker takes only the objects keep itself calls; the kernel (dlopened
 * later) needs all of host/host.sym.  This table references each one, so
 * all are linked, and keep.dynlist exports them.  tests/unit/loader
 * checks it against host/host.sym.
 */
#include "config.h"

#include "host.h"

typedef void (*host_export_t)(void);

/* void (*)(void) converts from any function type without a warning. */
#define EXPORT(name) (host_export_t)name

__attribute__((used)) const host_export_t keep_host_exports[] = {
    EXPORT(host_status_name),
    EXPORT(host_vm_page_size),
    EXPORT(host_vm_reserve),
    EXPORT(host_vm_commit),
    EXPORT(host_vm_protect),
    EXPORT(host_vm_write),
    EXPORT(host_vm_free),
    EXPORT(host_vm_query),
    EXPORT(host_thread_create),
    EXPORT(host_thread_exit),
    EXPORT(host_thread_yield),
    EXPORT(host_thread_self),
    EXPORT(host_thread_set_teb),
    EXPORT(host_thread_interrupt),
    EXPORT(host_futex_wait),
    EXPORT(host_futex_wake),
    EXPORT(host_stream_open),
    EXPORT(host_stream_close),
    EXPORT(host_stream_read),
    EXPORT(host_stream_write),
    EXPORT(host_stream_set_length),
    EXPORT(host_stream_flush),
    EXPORT(host_stream_lock),
    EXPORT(host_stream_map),
    EXPORT(host_stream_attr),
    EXPORT(host_uri_attr),
    EXPORT(host_uri_set_attr),
    EXPORT(host_uri_rename),
    EXPORT(host_uri_delete),
    EXPORT(host_dir_read),
    EXPORT(host_pipe_create),
    EXPORT(host_time_get),
    EXPORT(host_time_zone),
    EXPORT(host_random),
    EXPORT(host_exception_set_handler),
    EXPORT(host_process_exit),
    EXPORT(host_debug_write),
    EXPORT(host_process_spawn),
};

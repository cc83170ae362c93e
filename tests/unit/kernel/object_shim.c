/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * object_shim.c - what object.c and handle.c reach in the rest of the
 * kernel, reduced to what the namespace tests need: no process, thread,
 * file or key objects exist in them.  The key object's parts are in
 * key_shim.c: test_registry links registry.c, the real ones, instead.
 */
#include "kernel.h"

const struct kobject_type process_type = { .name = "Process" };

NTSTATUS process_ref_self(struct kobject **out)
{
    *out = NULL;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS thread_ref_handle(HANDLE h, struct kobject **out)
{
    (void)h;
    *out = NULL;
    return STATUS_NOT_IMPLEMENTED;
}

NTSTATUS file_query_object_name(struct kobject *obj, void *buf, ULONG len, ULONG *ret_len)
{
    (void)obj; (void)buf; (void)len; (void)ret_len;
    return STATUS_NOT_IMPLEMENTED;
}

/* No process object in these tests: only the pseudo handle is "us". */
NTSTATUS process_check_handle(HANDLE h, ACCESS_MASK access)
{
    (void)access;
    return h == CURRENT_PROCESS ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

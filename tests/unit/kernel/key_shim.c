/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * key_shim.c - the registry's part of object.c's world, for test_object,
 * which has no registry: no key object exists there.
 */
#include "kernel.h"

const struct kobject_type key_type = { .name = "Key" };

NTSTATUS registry_query_object_name(struct kobject *obj, void *buf, ULONG len, ULONG *ret_len)
{
    (void)obj; (void)buf; (void)len; (void)ret_len;
    return STATUS_NOT_IMPLEMENTED;
}

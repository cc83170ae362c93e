/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unixlibc.h - what the parts of the unix libraries' C library share
 * (unixlibc.c: memory, descriptors, stdio; unixposix.c: the rest).
 */
#ifndef KEEP_UNIXLIBC_H
#define KEEP_UNIXLIBC_H

#include <stddef.h>

#include "kernel.h"
#include "unixabi.h"

struct unixlibc_entry {
    const char *name;
    void *addr;
};

/* Binary search of a table sorted by name. */
void *unixlibc_search(const struct unixlibc_entry *table, size_t count, const char *name);
/* unixposix.c's table */
void *unixposix_symbol(const char *name);

/* The calling thread's errno; set it and answer -1. */
int *unixlibc_errno(void);
int unixlibc_fail(int e);
int unixlibc_errno_from_host(int host_status);
const char *unixlibc_strerror(int e);

/* "file:" + an absolute path (-1 with errno otherwise). */
int unixlibc_uri(const char *path, char *uri, size_t size);
void unixlibc_stat_from_attr(const struct host_attr *attr, struct ux_stat *st);

/* The descriptor calls, for the other part. */
int unixlibc_open(const char *path, int flags);
int unixlibc_unlink(const char *path);
int unixlibc_fstat(int fd, struct ux_stat *st);

/* The standard streams and fwrite, as opaque FILE pointers. */
void *unixlibc_stdout(void);
void *unixlibc_stderr(void);
size_t unixlibc_fwrite(const void *buf, size_t size, size_t n, void *file);

#endif

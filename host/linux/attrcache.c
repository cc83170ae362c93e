/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * attrcache.c - the identities behind host_uri_attr's fast path.
 *
 * A checked attribute lookup costs a path walk without links (openat2), a
 * close and a statx.  Programs ask for the attributes of the same names
 * over and over (GetFileAttributes in a loop, a loader probing for DLLs),
 * so the file identity (device, inode) found by a fully checked lookup is
 * kept, by URI, when the URI's path was already canonical (no link, no
 * "..").  The next lookup of that URI is one statx of the path: if it
 * lands on the same identity, it is the file the policy allowed, reached
 * as before, and its fresh attributes are the answer.  A link planted in
 * the path since, a file replaced, removed or renamed away: another
 * identity or an error, and the caller takes the checked path again
 * (which logs a denial as always).  Only successes are kept: a denial or
 * a missing file never comes from here.  Changing the policy forgets all.
 */
#define _GNU_SOURCE 1
#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "host/linux/host_linux.h"

#define SLOTS 64          /* a power of two */
#define URI_MAX 256       /* longer URIs are not kept */

struct slot {
    unsigned generation;  /* 0: empty */
    uint64_t device_id, file_id;
    unsigned flags;       /* the path's HOST_ATTR_HIDDEN | HOST_ATTR_POLICY_RO */
    char uri[URI_MAX];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];
static unsigned generation = 1;
static unsigned long hits;

static unsigned slot_of(const char *uri)
{
    uint32_t h = 2166136261u;            /* FNV-1a */

    for (const unsigned char *p = (const unsigned char *)uri; *p; p++)
        h = (h ^ *p) * 16777619u;
    return h & (SLOTS - 1);
}

int host_attr_cache_find(const char *uri, struct host_attr_identity *out)
{
    size_t len = strlen(uri);
    int found = 0;

    if (len >= URI_MAX)
        return 0;
    struct slot *s = &slots[slot_of(uri)];
    pthread_mutex_lock(&lock);
    if (s->generation == generation && memcmp(s->uri, uri, len + 1) == 0) {
        out->device_id = s->device_id;
        out->file_id = s->file_id;
        out->flags = s->flags;
        found = 1;
    }
    pthread_mutex_unlock(&lock);
    return found;
}

void host_attr_cache_hit(void)
{
    __atomic_add_fetch(&hits, 1, __ATOMIC_RELAXED);
}

void host_attr_cache_put(const char *uri, const char *canonical, const struct host_attr *attr)
{
    size_t len = strlen(uri);
    const char *colon = strchr(uri, ':');

    /* only a URI whose path is its own canonical form */
    if (len >= URI_MAX || !colon || strcmp(colon + 1, canonical) != 0)
        return;
    struct slot *s = &slots[slot_of(uri)];
    pthread_mutex_lock(&lock);
    s->generation = generation;
    s->device_id = attr->device_id;
    s->file_id = attr->file_id;
    s->flags = attr->flags & (HOST_ATTR_HIDDEN | HOST_ATTR_POLICY_RO);
    memcpy(s->uri, uri, len + 1);
    pthread_mutex_unlock(&lock);
}

void host_attr_cache_clear(void)
{
    pthread_mutex_lock(&lock);
    if (++generation == 0)               /* 0 marks an empty slot */
        generation = 1;
    pthread_mutex_unlock(&lock);
}

unsigned long host_attr_cache_hits(void)
{
    return __atomic_load_n(&hits, __ATOMIC_RELAXED);
}

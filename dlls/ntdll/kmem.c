/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kmem.c - the kernel's own heap, on host memory.
 *
 * Small blocks come from power-of-two size classes carved out of 64 KiB
 * chunks; large blocks are their own host allocation.  Every block has a
 * 16-byte header recording its class (or its size), so kfree needs no
 * lookup.  The kernel must not use the C library's malloc: the kernel
 * reaches the host only through the host ABI.
 */
#include "kernel.h"

#define KMEM_MIN_SHIFT 4
#define KMEM_MAX_SHIFT 12
#define KMEM_CLASSES (KMEM_MAX_SHIFT - KMEM_MIN_SHIFT + 1)
#define KMEM_CHUNK 0x10000
#define KMEM_LARGE ((uint32_t)~0u)

struct kmem_header {
    uint64_t size;          /* usable bytes of the block */
    uint32_t cls;           /* size class, or KMEM_LARGE */
    uint32_t magic;
};
#define KMEM_MAGIC 0x6b6d656du

struct kmem_free { struct kmem_free *next; };

static struct klock kmem_lock = KLOCK_INIT;
static struct kmem_free *free_lists[KMEM_CLASSES];
static char *chunk_cur, *chunk_end;

/* populate: the caller writes all of it soon (a chunk fills up, a zeroed
 * block is cleared): back it in one host call, not a fault per page */
static void *host_alloc(size_t size, unsigned populate)
{
    void *addr = NULL;
    size = ALIGN_UP(size, 0x1000);
    if (host_vm_reserve(&addr, size, HOST_VM_TOP_DOWN) < 0)
        return NULL;
    if (host_vm_commit(addr, size, HOST_PROT_READ | HOST_PROT_WRITE | populate) < 0) {
        host_vm_free(addr, size, 0);
        return NULL;
    }
    return addr;
}

static unsigned size_class(size_t size)
{
    unsigned cls = 0;
    size_t block = (size_t)1 << KMEM_MIN_SHIFT;
    while (block < size + sizeof(struct kmem_header)) {
        block <<= 1;
        cls++;
    }
    return cls;
}

static void *alloc_small(unsigned cls)
{
    size_t block = (size_t)1 << (cls + KMEM_MIN_SHIFT);
    struct kmem_header *h;

    klock_acquire(&kmem_lock);
    if (free_lists[cls]) {
        h = (struct kmem_header *)free_lists[cls];
        free_lists[cls] = free_lists[cls]->next;
    } else {
        if (chunk_cur + block > chunk_end) {
            char *chunk = host_alloc(KMEM_CHUNK, HOST_VM_POPULATE);
            if (!chunk) {
                klock_release(&kmem_lock);
                return NULL;
            }
            chunk_cur = chunk;
            chunk_end = chunk + KMEM_CHUNK;
        }
        h = (struct kmem_header *)chunk_cur;
        chunk_cur += block;
    }
    klock_release(&kmem_lock);
    h->size = block - sizeof(*h);
    h->cls = cls;
    h->magic = KMEM_MAGIC;
    return h + 1;
}

static void *alloc(size_t size, unsigned populate)
{
    if (size > ((size_t)1 << KMEM_MAX_SHIFT) - sizeof(struct kmem_header)) {
        if (size > ((size_t)1 << 40))
            return NULL;
        struct kmem_header *h = host_alloc(size + sizeof(*h), populate);
        if (!h)
            return NULL;
        h->size = ALIGN_UP(size + sizeof(*h), 0x1000) - sizeof(*h);
        h->cls = KMEM_LARGE;
        h->magic = KMEM_MAGIC;
        return h + 1;
    }
    return alloc_small(size_class(size));
}

void *kmalloc(size_t size)
{
    return alloc(size, 0);
}

void *kzalloc(size_t size)
{
    void *p = alloc(size, HOST_VM_POPULATE);
    /* a large block is a fresh host allocation: zero already */
    if (p && ((struct kmem_header *)p - 1)->cls != KMEM_LARGE)
        memset(p, 0, size);
    return p;
}

void kfree(void *ptr)
{
    if (!ptr)
        return;
    struct kmem_header *h = (struct kmem_header *)ptr - 1;
    if (h->magic != KMEM_MAGIC)
        kernel_panic("keep: kernel heap corrupted at %p\n", ptr);
    if (h->cls == KMEM_LARGE) {
        host_vm_free(h, h->size + sizeof(*h), 0);
        return;
    }
    h->magic = 0;
    klock_acquire(&kmem_lock);
    ((struct kmem_free *)h)->next = free_lists[h->cls];
    free_lists[h->cls] = (struct kmem_free *)h;
    klock_release(&kmem_lock);
}

void *krealloc(void *ptr, size_t size)
{
    if (!ptr)
        return kmalloc(size);
    struct kmem_header *h = (struct kmem_header *)ptr - 1;
    if (size <= h->size)
        return ptr;
    void *n = kmalloc(size);
    if (!n)
        return NULL;
    memcpy(n, ptr, h->size);
    kfree(ptr);
    return n;
}

char *kstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = kmalloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

WCHAR *kwcsdup(const WCHAR *s, size_t len)
{
    WCHAR *d = kmalloc((len + 1) * sizeof(WCHAR));
    if (!d)
        return NULL;
    memcpy(d, s, len * sizeof(WCHAR));
    d[len] = 0;
    return d;
}

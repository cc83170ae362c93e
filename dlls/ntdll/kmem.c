/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kmem.c - the kernel's own heap, on host memory.
 *
 * Small blocks come from power-of-two size classes carved out of 64 KiB
 * chunks; large blocks are their own host allocation.  The first chunk is
 * one large page (2 MiB, when the host has them): under a hypervisor the
 * first write to every fresh small page costs about 10 us, far more than
 * clearing the large page once, and a start writes a few hundred KiB of
 * heap; large blocks that fit there come from it too (and stay there when
 * freed).  Every block has a
 * 16-byte header recording its class (or its size), so kfree needs no
 * lookup.  The kernel must not use the C library's malloc: the kernel
 * reaches the host only through the host ABI.
 *
 * Every host allocation (a chunk, a large block) starts with a span record
 * on one list, so that a snapshot finds all of the heap (kmem_spans); they
 * are placed above the kernel's image, away from where the host's C
 * library maps its own memory, so that a resumed process finds their
 * addresses free.
 */
#include "kernel.h"

#define KMEM_MIN_SHIFT 4
#define KMEM_MAX_SHIFT 13      /* 8 KiB: SQLite's page buffers (4 KiB and a header) */
#define KMEM_CLASSES (KMEM_MAX_SHIFT - KMEM_MIN_SHIFT + 1)
#define KMEM_CHUNK 0x10000
#define KMEM_LARGE ((uint32_t)~0u)
#define KMEM_HOT ((uint32_t)~1u)        /* a large block in the first chunk */
#define KMEM_HOT_SIZE 0x200000ull

struct kmem_header {
    uint64_t size;          /* usable bytes of the block */
    uint32_t cls;           /* size class, or KMEM_LARGE */
    uint32_t magic;
};
#define KMEM_MAGIC 0x6b6d656du

struct kmem_free { struct kmem_free *next; };

/* The head of every host allocation of the heap (32 bytes: what follows
 * stays 16-byte aligned). */
struct kmem_span {
    struct kmem_span *next, *prev;
    uint64_t size;
    uint64_t pad;
};

/* Where the heap asks the host to put its memory (a hint). */
#define KMEM_AREA (KEEP_KERNEL_BASE + 0x8000000000ull)

static struct klock kmem_lock = KLOCK_INIT;
static struct kmem_free *free_lists[KMEM_CLASSES];
static char *chunk_cur, *chunk_end;
static int hot_taken;           /* the first chunk (at KMEM_AREA) was asked for */
static struct kmem_span spans = { &spans, &spans, 0, 0 };
static uintptr_t next_hint = KMEM_AREA + KMEM_HOT_SIZE;

/* populate: the caller writes all of it soon (a chunk fills up, a zeroed
 * block is cleared): back it in one host call, not a fault per page.
 * Returns the memory after its span record.  kmem_lock not held. */
static void *host_alloc_at(void *addr, size_t size, unsigned populate)
{
    if (host_vm_reserve(&addr, size, 0) < 0)
        return NULL;
    if (host_vm_commit(addr, size, HOST_PROT_READ | HOST_PROT_WRITE | populate) < 0) {
        host_vm_free(addr, size, 0);
        return NULL;
    }
    struct kmem_span *sp = addr;
    sp->size = size;
    klock_acquire(&kmem_lock);
    sp->next = spans.next;
    sp->prev = &spans;
    spans.next->prev = sp;
    spans.next = sp;
    klock_release(&kmem_lock);
    return sp + 1;
}

static void *host_alloc(size_t size, unsigned populate)
{
    size = ALIGN_UP(size + sizeof(struct kmem_span), 0x1000);
    return host_alloc_at((void *)__atomic_fetch_add(&next_hint, size, __ATOMIC_RELAXED), size,
                         populate);
}

/* A new chunk for the small blocks: the first is the large page. */
static char *new_chunk(size_t *size)
{
    if (!__atomic_exchange_n(&hot_taken, 1, __ATOMIC_ACQ_REL)) {
        char *hot = host_alloc_at((void *)KMEM_AREA, KMEM_HOT_SIZE, HOST_VM_HUGE);
        if (hot) {
            *size = KMEM_HOT_SIZE - sizeof(struct kmem_span);
            return hot;
        }
    }
    *size = KMEM_CHUNK - sizeof(struct kmem_span);
    return host_alloc(*size, HOST_VM_POPULATE);
}

/* A large block from what the first chunk has left, or NULL.  kmem_lock
 * held. */
static struct kmem_header *hot_large(size_t size)
{
    size_t need = ALIGN_UP(size + sizeof(struct kmem_header), 16);

    if ((uintptr_t)chunk_cur < KMEM_AREA || (uintptr_t)chunk_cur >= KMEM_AREA + KMEM_HOT_SIZE ||
        (uintptr_t)(chunk_end - chunk_cur) < need)
        return NULL;
    chunk_end -= need;      /* from the top: the small blocks keep the bottom */
    return (struct kmem_header *)chunk_end;
}

static void host_release(void *mem)
{
    struct kmem_span *sp = (struct kmem_span *)mem - 1;

    klock_acquire(&kmem_lock);
    sp->prev->next = sp->next;
    sp->next->prev = sp->prev;
    klock_release(&kmem_lock);
    host_vm_free(sp, sp->size, 0);
}

size_t kmem_spans(struct kspan *out, size_t max)
{
    size_t n = 0;

    klock_acquire(&kmem_lock);
    for (struct kmem_span *sp = spans.next; sp != &spans; sp = sp->next, n++)
        if (n < max)
            out[n] = (struct kspan){ (uintptr_t)sp, sp->size };
    klock_release(&kmem_lock);
    return n;
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
            size_t size;
            klock_release(&kmem_lock);
            char *chunk = new_chunk(&size);
            if (!chunk)
                return NULL;
            klock_acquire(&kmem_lock);
            /* the rest of the old chunk is left unused */
            chunk_cur = chunk;
            chunk_end = chunk + size;
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
        klock_acquire(&kmem_lock);
        struct kmem_header *h = hot_large(size);
        klock_release(&kmem_lock);
        if (h) {
            h->size = size;
            h->cls = KMEM_HOT;
            h->magic = KMEM_MAGIC;
            return h + 1;
        }
        h = host_alloc(size + sizeof(*h), populate);
        if (!h)
            return NULL;
        h->size = ALIGN_UP(size + sizeof(*h) + sizeof(struct kmem_span), 0x1000) - sizeof(*h) -
                  sizeof(struct kmem_span);
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
    /* a large block is a fresh host allocation, or fresh memory of the
       first chunk: zero already */
    uint32_t cls = p ? ((struct kmem_header *)p - 1)->cls : 0;
    if (p && cls != KMEM_LARGE && cls != KMEM_HOT)
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
        host_release(h);
        return;
    }
    if (h->cls == KMEM_HOT)
        return;     /* stays in the first chunk, unused */
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

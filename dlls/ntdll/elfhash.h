/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elfhash.h - finding a symbol through an ELF object's GNU hash table
 * (DT_GNU_HASH), for the two ELF loaders: the kernel's, for Wine's unix
 * libraries (elfload.c), and the monitor's, for the kernel itself
 * (loader/kernel_load.c).  Freestanding: no host call, no C library.
 */
#ifndef KEEP_ELFHASH_H
#define KEEP_ELFHASH_H

#include <stdint.h>

/* The GNU hash of a symbol name. */
static inline uint32_t elf_gnu_hash(const char *s)
{
    uint32_t h = 5381;

    for (; *s; s++)
        h = h * 33 + (unsigned char)*s;
    return h;
}

/*
 * The index of the first symbol of table (a DT_GNU_HASH section) whose
 * name hashes as name's and which match(ctx, index, name) accepts (it
 * compares the name and judges the symbol); 0 if none (index 0 is never a
 * definition).  The Bloom filter answers most misses without a look at
 * the symbols.
 */
static inline uint32_t elf_gnu_lookup(const uint32_t *table, const char *name,
                                      int (*match)(const void *ctx, uint32_t index,
                                                   const char *name),
                                      const void *ctx)
{
    uint32_t nbuckets = table[0], symoffset = table[1], bloom_size = table[2], shift = table[3];
    const uint64_t *bloom = (const uint64_t *)(table + 4);
    const uint32_t *buckets = (const uint32_t *)(bloom + bloom_size);
    const uint32_t *chain = buckets + nbuckets;
    uint32_t hash = elf_gnu_hash(name), i;
    uint64_t word;

    if (!nbuckets || !bloom_size)
        return 0;
    word = bloom[(hash / 64) % bloom_size];
    if (!((word >> (hash % 64)) & (word >> ((hash >> shift) % 64)) & 1))
        return 0;
    if ((i = buckets[hash % nbuckets]) < symoffset)
        return 0;
    for (;; i++) {
        uint32_t h = chain[i - symoffset];
        if ((h | 1) == (hash | 1) && match(ctx, i, name))
            return i;
        if (h & 1)
            return 0;
    }
}

#endif /* KEEP_ELFHASH_H */

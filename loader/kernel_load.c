/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernel_load.c - find and load the kernel (see kernel_load.h).
 *
 * The kernel is mapped here rather than by the dynamic linker: it is one
 * ELF shared object, linked at KEEP_KERNEL_BASE, that imports only the
 * host ABI and a few string functions, so keep can be a static
 * executable (no dynamic linker, no C library to map and relocate at
 * every start).  At its link address the kernel's relative relocations
 * change nothing: they are not even read, and none of its data pages is
 * written (and copied) at start-up.
 */
#include "config.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "elfhash.h"
#include "kernel_load.h"
#include "util.h"

#define KERNEL_NAME "ntdll.so"
#define BUILD_TREE_KERNEL "../dlls/ntdll/.libs/" KERNEL_NAME
#define PAGE 4096ul
#define PAGE_DOWN(x) ((uintptr_t)(x) & ~(PAGE - 1))
#define PAGE_UP(x) (((uintptr_t)(x) + PAGE - 1) & ~(PAGE - 1))
#define MAX_PHDRS 32

extern char **environ;

int kernel_locate(const char *env_kernel, const char *self_exe,
                  const char *pkglibdir, char *out, size_t size)
{
    char dir[PATH_MAX], built[PATH_MAX];

    if (env_kernel && *env_kernel)
        return fmt(out, size, "%s", env_kernel);
    if (self_exe && *self_exe == '/' &&
        path_dirname(dir, sizeof(dir), self_exe) == 0 &&
        path_join(built, sizeof(built), dir, BUILD_TREE_KERNEL) == 0 &&
        path_absolute(built, sizeof(built), built, NULL) == 0 &&
        access(built, R_OK) == 0)
        return fmt(out, size, "%s", built);
    return path_join(out, size, pkglibdir, KERNEL_NAME);
}

/* ---- The object being loaded -------------------------------------------- */

struct kernel_object {
    int fd;
    Elf64_Ehdr eh;
    Elf64_Phdr ph[MAX_PHDRS];
    uintptr_t lo, hi;           /* the span of its segments, link addresses */
    uintptr_t bias;             /* where it is minus where it was linked */
    int mapped;                 /* the span is reserved */
    const Elf64_Dyn *dynamic;
    const Elf64_Sym *symtab;
    const char *strtab;
    const uint32_t *gnu_hash;
    const struct kernel_import *imports;
    size_t import_count;
    char *err;
    size_t errlen;
};

/* The kernel loaded in this process (one at most; mapped once loaded). */
static struct kernel_object loaded;

static int fail(struct kernel_object *k, const char *format, const char *arg)
{
    snprintf(k->err, k->errlen, format, arg);
    return -1;
}

static int read_headers(struct kernel_object *k)
{
    const Elf64_Ehdr *eh = &k->eh;
    size_t phsize;

    if (pread(k->fd, &k->eh, sizeof(k->eh), 0) != (ssize_t)sizeof(k->eh) ||
        memcmp(eh->e_ident, ELFMAG, SELFMAG))
        return fail(k, "%s", "not an ELF file");
    if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
        eh->e_machine != EM_X86_64 || eh->e_type != ET_DYN)
        return fail(k, "%s", "not an x86-64 shared object");
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum || eh->e_phnum > MAX_PHDRS)
        return fail(k, "%s", "bad program headers");
    phsize = (size_t)eh->e_phnum * sizeof(Elf64_Phdr);
    if (pread(k->fd, k->ph, phsize, (off_t)eh->e_phoff) != (ssize_t)phsize)
        return fail(k, "%s", "truncated program headers");
    return 0;
}

/* The span of the loadable segments; no thread-local storage. */
static int find_span(struct kernel_object *k)
{
    k->lo = UINTPTR_MAX;
    k->hi = 0;
    for (int i = 0; i < k->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &k->ph[i];
        if (ph->p_type == PT_TLS)
            return fail(k, "%s", "it has thread-local storage");
        if (ph->p_type != PT_LOAD || !ph->p_memsz)
            continue;
        if (ph->p_filesz > ph->p_memsz || (ph->p_vaddr - ph->p_offset) % PAGE ||
            ph->p_vaddr + ph->p_memsz < ph->p_vaddr)
            return fail(k, "%s", "bad segment");
        if (PAGE_DOWN(ph->p_vaddr) < k->lo)
            k->lo = PAGE_DOWN(ph->p_vaddr);
        if (PAGE_UP(ph->p_vaddr + ph->p_memsz) > k->hi)
            k->hi = PAGE_UP(ph->p_vaddr + ph->p_memsz);
    }
    return k->hi > k->lo ? 0 : fail(k, "%s", "no loadable segment");
}

static int segment_prot(const Elf64_Phdr *ph)
{
    return (ph->p_flags & PF_R ? PROT_READ : 0) | (ph->p_flags & PF_W ? PROT_WRITE : 0) |
           (ph->p_flags & PF_X ? PROT_EXEC : 0);
}

/* One segment into the reserved span: its file pages, then zeroes. */
static int map_segment(struct kernel_object *k, const Elf64_Phdr *ph)
{
    uintptr_t start = k->bias + PAGE_DOWN(ph->p_vaddr);
    uintptr_t file_end = k->bias + ph->p_vaddr + ph->p_filesz;
    uintptr_t mem_end = PAGE_UP(k->bias + ph->p_vaddr + ph->p_memsz);
    int prot = segment_prot(ph);

    if (ph->p_filesz &&
        mmap((void *)start, PAGE_UP(file_end) - start, prot, MAP_PRIVATE | MAP_FIXED, k->fd,
             (off_t)PAGE_DOWN(ph->p_offset)) == MAP_FAILED)
        return fail(k, "cannot map a segment: %s", strerror(errno));
    if (ph->p_memsz > ph->p_filesz) {
        /* the rest of the last file page belongs to .bss */
        if (ph->p_filesz && file_end != PAGE_UP(file_end)) {
            if (!(prot & PROT_WRITE))
                return fail(k, "%s", "bad segment");
            memset((void *)file_end, 0, PAGE_UP(file_end) - file_end);
        }
        uintptr_t zero = ph->p_filesz ? PAGE_UP(file_end) : start;
        if (mem_end > zero &&
            mmap((void *)zero, mem_end - zero, prot, MAP_PRIVATE | MAP_FIXED | MAP_ANONYMOUS, -1,
                 0) == MAP_FAILED)
            return fail(k, "cannot map a segment: %s", strerror(errno));
    }
    return 0;
}

/* Reserve the span at the link address (elsewhere if taken), then map. */
static int map_segments(struct kernel_object *k)
{
    size_t size = k->hi - k->lo;
    void *at = MAP_FAILED;

    if (k->lo)
        at = mmap((void *)k->lo, size, PROT_NONE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (at != MAP_FAILED && (uintptr_t)at != k->lo) {
        munmap(at, size);       /* a kernel without MAP_FIXED_NOREPLACE */
        at = MAP_FAILED;
    }
    if (at == MAP_FAILED &&
        (at = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)) ==
            MAP_FAILED)
        return fail(k, "cannot reserve memory: %s", strerror(errno));
    k->bias = (uintptr_t)at - k->lo;
    k->mapped = 1;
    for (int i = 0; i < k->eh.e_phnum; i++)
        if (k->ph[i].p_type == PT_LOAD && k->ph[i].p_memsz && map_segment(k, &k->ph[i]))
            return -1;
    return 0;
}

/* ---- Dynamic section, symbols ------------------------------------------- */

static uintptr_t dyn_value(const struct kernel_object *k, Elf64_Sxword tag, uintptr_t dflt)
{
    for (const Elf64_Dyn *d = k->dynamic; d->d_tag != DT_NULL; d++)
        if (d->d_tag == tag)
            return d->d_un.d_val;
    return dflt;
}

static int read_dynamic(struct kernel_object *k)
{
    for (int i = 0; i < k->eh.e_phnum; i++)
        if (k->ph[i].p_type == PT_DYNAMIC)
            k->dynamic = (const Elf64_Dyn *)(k->bias + k->ph[i].p_vaddr);
    if (!k->dynamic)
        return fail(k, "%s", "no dynamic section");
    uintptr_t symtab = dyn_value(k, DT_SYMTAB, 0), strtab = dyn_value(k, DT_STRTAB, 0),
              hash = dyn_value(k, DT_GNU_HASH, 0);
    if (!symtab || !strtab || !hash)
        return fail(k, "%s", "no symbol table (or no GNU hash table)");
    if (dyn_value(k, DT_TEXTREL, 0) || (dyn_value(k, DT_FLAGS, 0) & DF_TEXTREL))
        return fail(k, "%s", "it relocates its code");
    k->symtab = (const Elf64_Sym *)(k->bias + symtab);
    k->strtab = (const char *)(k->bias + strtab);
    k->gnu_hash = (const uint32_t *)(k->bias + hash);
    return 0;
}

/* Is symbol index of the object a definition named name? */
static int defines(const void *ctx, uint32_t index, const char *name)
{
    const struct kernel_object *k = ctx;
    const Elf64_Sym *sym = &k->symtab[index];

    return sym->st_shndx != SHN_UNDEF && !strcmp(k->strtab + sym->st_name, name);
}

/* A symbol the object defines, by its GNU hash table; NULL if none. */
static void *find_defined(const struct kernel_object *k, const char *name)
{
    uint32_t index = elf_gnu_lookup(k->gnu_hash, name, defines, k);

    return index ? (void *)(k->bias + k->symtab[index].st_value) : NULL;
}

/* ---- Relocations -------------------------------------------------------- */

/* What symbol index sym stands for: the object's own, or one of the
 * imports keep offers (the host ABI, its C library's string functions). */
static int symbol_value(struct kernel_object *k, uint32_t index, uintptr_t *out)
{
    const Elf64_Sym *sym = &k->symtab[index];
    const char *name = k->strtab + sym->st_name;

    if (sym->st_shndx != SHN_UNDEF) {
        *out = k->bias + sym->st_value;
        return 0;
    }
    for (size_t i = 0; i < k->import_count; i++)
        if (!strcmp(k->imports[i].name, name)) {
            *out = (uintptr_t)k->imports[i].fn;
            return 0;
        }
    *out = 0;
    if (ELF64_ST_BIND(sym->st_info) == STB_WEAK)
        return 0;   /* the C runtime's optional hooks */
    return fail(k, "undefined symbol %s", name);
}

static int relocate_table(struct kernel_object *k, uintptr_t table, size_t size, size_t first)
{
    const Elf64_Rela *r = (const Elf64_Rela *)(k->bias + table);

    for (size_t i = first; i < size / sizeof(*r); i++) {
        uint64_t *where = (uint64_t *)(k->bias + r[i].r_offset);
        uintptr_t value;
        switch (ELF64_R_TYPE(r[i].r_info)) {
        case R_X86_64_NONE:
            continue;
        case R_X86_64_RELATIVE:
            value = k->bias + (uintptr_t)r[i].r_addend;
            break;
        case R_X86_64_64:
            if (symbol_value(k, ELF64_R_SYM(r[i].r_info), &value))
                return -1;
            value += (uintptr_t)r[i].r_addend;
            break;
        case R_X86_64_GLOB_DAT:
        case R_X86_64_JUMP_SLOT:
            if (symbol_value(k, ELF64_R_SYM(r[i].r_info), &value))
                return -1;
            break;
        default:
            return fail(k, "%s", "unsupported relocation type");
        }
        /* at the link address most already hold their value: a write
           would only copy the page */
        if (*where != value)
            *where = value;
    }
    return 0;
}

static int relocate(struct kernel_object *k)
{
    if (dyn_value(k, DT_RELAENT, sizeof(Elf64_Rela)) != sizeof(Elf64_Rela) ||
        dyn_value(k, DT_REL, 0) || (dyn_value(k, DT_JMPREL, 0) &&
                                    dyn_value(k, DT_PLTREL, DT_RELA) != DT_RELA))
        return fail(k, "%s", "unsupported relocation format");
    /* the linker puts the relative ones first and counts them: at the
       link address they change nothing, and are not even read (their
       table is some fifty kilobytes) */
    size_t relative = k->bias ? 0 : dyn_value(k, DT_RELACOUNT, 0);
    if (relocate_table(k, dyn_value(k, DT_RELA, 0), dyn_value(k, DT_RELASZ, 0), relative) ||
        relocate_table(k, dyn_value(k, DT_JMPREL, 0), dyn_value(k, DT_PLTRELSZ, 0), 0))
        return -1;
    for (int i = 0; i < k->eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &k->ph[i];
        uintptr_t start = PAGE_DOWN(k->bias + ph->p_vaddr);
        uintptr_t end = PAGE_DOWN(k->bias + ph->p_vaddr + ph->p_memsz);
        if (ph->p_type == PT_GNU_RELRO && end > start && mprotect((void *)start, end - start, PROT_READ))
            return fail(k, "cannot protect its data: %s", strerror(errno));
    }
    return 0;
}

static void run_initialisers(const struct kernel_object *k)
{
    typedef void (*init_t)(int, char **, char **);
    uintptr_t init = dyn_value(k, DT_INIT, 0), array = dyn_value(k, DT_INIT_ARRAY, 0);
    size_t n = dyn_value(k, DT_INIT_ARRAYSZ, 0) / sizeof(init_t);

    if (init)
        ((init_t)(k->bias + init))(0, NULL, environ);
    for (size_t i = 0; array && i < n; i++) {
        init_t f = ((const init_t *)(k->bias + array))[i];
        if (f && f != (init_t)-1)
            f(0, NULL, environ);
    }
}

/* ---- Loading ------------------------------------------------------------ */

static int load(struct kernel_object *k, const char *path)
{
    if ((k->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
        return fail(k, "%s", strerror(errno));
    int r = read_headers(k) || find_span(k) || map_segments(k) || read_dynamic(k);
    /* checked before anything runs: any other ELF object stops here */
    if (!r && !find_defined(k, "keep_kernel_main"))
        r = fail(k, "%s", "no keep_kernel_main in it");
    if (!r)
        r = relocate(k);
    close(k->fd);
    k->fd = -1;
    if (r && k->mapped)
        munmap((void *)(k->bias + k->lo), k->hi - k->lo);
    return r ? -1 : 0;
}

keep_kernel_main_t kernel_load(const char *path, const struct kernel_import *imports,
                               size_t import_count, char *err, size_t errlen)
{
    char why[PATH_MAX + 64];
    struct kernel_object k = { .fd = -1, .imports = imports, .import_count = import_count,
                               .err = why, .errlen = sizeof(why) };

    if (loaded.mapped) {
        snprintf(err, errlen, "cannot load the kernel %s: a kernel is loaded already", path);
        return NULL;
    }
    if (load(&k, path) < 0) {
        snprintf(err, errlen, "cannot load the kernel %s: %s", path, why);
        return NULL;
    }
    if (k.bias + k.lo != KEEP_KERNEL_BASE)
        report("warning: the kernel was mapped at %#lx, not at %#llx (snapshots need it there)",
               (unsigned long)(k.bias + k.lo), KEEP_KERNEL_BASE);
    loaded = k;
    run_initialisers(&loaded);
    void *sym = find_defined(&loaded, "keep_kernel_main");
    keep_kernel_main_t fn;
    memcpy(&fn, &sym, sizeof(fn));   /* object to function pointer, ISO-clean */
    return fn;
}

void *kernel_symbol(const char *name)
{
    return loaded.mapped ? find_defined(&loaded, name) : NULL;
}

int kernel_segments(uintptr_t *text, size_t *text_size, uintptr_t *data, size_t *data_size)
{
    *text = *data = 0;
    *text_size = *data_size = 0;
    for (int i = 0; loaded.mapped && i < loaded.eh.e_phnum; i++) {
        const Elf64_Phdr *ph = &loaded.ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if (ph->p_flags & PF_X) {
            *text = loaded.bias + ph->p_vaddr;
            *text_size = ph->p_memsz;
        } else if (ph->p_flags & PF_W) {
            *data = loaded.bias + ph->p_vaddr;
            *data_size = ph->p_memsz;
        }
    }
    return *text_size && *data_size ? 0 : -1;
}

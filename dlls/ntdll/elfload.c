/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elfload.c - loading ELF shared libraries into the kernel's unix-library
 * area (see elfload.h for why).
 *
 * What a library may contain is what Wine's unix libraries and FreeType's
 * chain use: PT_LOAD segments, PT_DYNAMIC with a GNU or SysV hash table,
 * RELA relocations (RELATIVE, 64, GLOB_DAT, JUMP_SLOT, IRELATIVE, all bound
 * now), PT_GNU_RELRO, DT_INIT and DT_INIT_ARRAY.  No thread-local storage,
 * no text relocations, no COPY relocations (those belong to executables).
 */
#include <elf.h>

#include "elfhash.h"
#include "elfload.h"

#define MAX_NEEDED 16
#define NAME_LEN 64

struct elf_library {
    struct elf_library *next;           /* load order */
    char name[NAME_LEN];                /* as asked for: the lib: name */
    char soname[NAME_LEN];              /* DT_SONAME, or the name */
    uintptr_t bias;                     /* load address - link address */
    uintptr_t start;                    /* the reservation */
    size_t size;
    const Elf64_Sym *symtab;
    const char *strtab;
    size_t strsz;
    const uint32_t *gnu_hash;
    const uint32_t *hash;
    const Elf64_Half *versym;
    struct elf_library *needed[MAX_NEEDED];
    unsigned needed_count;
    enum { LIB_LOADING, LIB_READY, LIB_FAILED } state;
};

/* One lock for loading and for the global scope's lookups: a load that
 * fails takes out what it added (unload_from).  A library's handle, once
 * given, stays valid for ever, so elf_library_symbol needs no lock; the
 * snapshot walks the list with every other thread stopped.  A library's
 * initialiser must not dlopen (the lock is not recursive); none does. */
static struct klock load_lock = KLOCK_INIT;
static struct elf_library *libraries, **libraries_tail = &libraries;
static uintptr_t area_next = ELF_AREA;
static char last_error[256];
static int last_missing;                /* the last failure: a library not found */

/* The kernel's own exports, as a library (ntdll.so to Wine's). */
static struct elf_library kernel_lib;
static void kernel_lib_init(void);
extern const Elf64_Ehdr __ehdr_start;
extern Elf64_Dyn _DYNAMIC[];

static int fail(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(const char *name, const char *fmt, ...)
{
    char why[200];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, sizeof(why), fmt, ap);
    va_end(ap);
    snprintf(last_error, sizeof(last_error), "%s: %s", name, why);
    KTRACE(KEEP_DEBUG_LOADER, "keep: unix library %s\n", last_error);
    return -1;
}

const char *elf_last_error(void)
{
    return last_error;
}

/* ---- Symbol tables ---------------------------------------------------------- */

static uint32_t sysv_hash_of(const char *s)
{
    uint32_t h = 0, g;

    for (; *s; s++) {
        h = (h << 4) + (unsigned char)*s;
        g = h & 0xf0000000u;
        if (g)
            h ^= g >> 24;
        h &= ~g;
    }
    return h;
}

/* Is symbol i of lib a definition others may bind to, named name? */
static int sym_matches(const void *ctx, uint32_t i, const char *name)
{
    const struct elf_library *lib = ctx;
    const Elf64_Sym *sym = &lib->symtab[i];
    unsigned bind = ELF64_ST_BIND(sym->st_info), type = ELF64_ST_TYPE(sym->st_info);

    if (sym->st_shndx == SHN_UNDEF || sym->st_name >= lib->strsz)
        return 0;
    if (bind != STB_GLOBAL && bind != STB_WEAK && bind != STB_GNU_UNIQUE)
        return 0;
    if (type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE && type != STT_GNU_IFUNC)
        return 0;
    if (ELF64_ST_VISIBILITY(sym->st_other) != STV_DEFAULT &&
        ELF64_ST_VISIBILITY(sym->st_other) != STV_PROTECTED)
        return 0;
    if (lib->versym && (lib->versym[i] & 0x8000))
        return 0;   /* a hidden (non-default) version */
    return !strcmp(lib->strtab + sym->st_name, name);
}

static const Elf64_Sym *lookup_gnu(const struct elf_library *lib, const char *name, uint32_t *index)
{
    *index = elf_gnu_lookup(lib->gnu_hash, name, sym_matches, lib);
    return *index ? &lib->symtab[*index] : NULL;
}

static const Elf64_Sym *lookup_sysv(const struct elf_library *lib, const char *name, uint32_t *index)
{
    uint32_t nbucket = lib->hash[0], nchain = lib->hash[1];
    const uint32_t *bucket = lib->hash + 2, *chain = bucket + nbucket;

    if (!nbucket)
        return NULL;
    for (uint32_t i = bucket[sysv_hash_of(name) % nbucket], n = 0; i && i < nchain && n < nchain;
         i = chain[i], n++) {
        if (sym_matches(lib, i, name)) {
            *index = i;
            return &lib->symtab[i];
        }
    }
    return NULL;
}

/* The address lib defines for name, or NULL. */
static void *lib_own_symbol(const struct elf_library *lib, const char *name)
{
    const Elf64_Sym *sym;
    uint32_t index;
    uintptr_t addr;

    if (!lib->symtab || (!lib->gnu_hash && !lib->hash))
        return NULL;   /* not mapped yet */
    sym = lib->gnu_hash ? lookup_gnu(lib, name, &index) : lookup_sysv(lib, name, &index);
    if (!sym)
        return NULL;
    addr = lib->bias + sym->st_value;
    if (ELF64_ST_TYPE(sym->st_info) == STT_GNU_IFUNC)
        addr = ((uintptr_t(*)(void))addr)();
    return (void *)addr;
}

/* The global scope; the load lock is held (a failed load unmaps). */
static void *global_symbol_locked(const char *name)
{
    void *addr;

    if ((addr = lib_own_symbol(&kernel_lib, name)) || (addr = unixlibc_symbol(name)))
        return addr;
    for (struct elf_library *lib = __atomic_load_n(&libraries, __ATOMIC_ACQUIRE); lib;
         lib = __atomic_load_n(&lib->next, __ATOMIC_ACQUIRE))
        if (lib->state != LIB_FAILED && (addr = lib_own_symbol(lib, name)))
            return addr;
    return NULL;
}

void *elf_global_symbol(const char *name)
{
    void *addr;

    klock_acquire(&load_lock);
    kernel_lib_init();
    addr = global_symbol_locked(name);
    klock_release(&load_lock);
    return addr;
}

static void *symbol_in_tree(const struct elf_library *lib, const char *name, unsigned depth)
{
    void *addr;

    if (!lib || depth > 8)
        return NULL;
    if ((addr = lib_own_symbol(lib, name)))
        return addr;
    for (unsigned i = 0; i < lib->needed_count; i++)
        if ((addr = symbol_in_tree(lib->needed[i], name, depth + 1)))
            return addr;
    return NULL;
}

void *elf_library_symbol(const struct elf_library *lib, const char *name)
{
    return symbol_in_tree(lib, name, 0);
}

/* ---- The dynamic section ---------------------------------------------------- */

struct dyn_info {
    const Elf64_Rela *rela, *jmprel;
    size_t relasz, pltrelsz;
    uintptr_t init, init_array;
    size_t init_arraysz;
    uint64_t needed[MAX_NEEDED];
    unsigned needed_count;
    uint64_t soname;
    int has_soname;
};

/* Is [addr, addr + size) inside lib's mapping? */
static int in_image(const struct elf_library *lib, uintptr_t addr, size_t size)
{
    return addr >= lib->start && size <= lib->size && addr - lib->start <= lib->size - size;
}

/* Read lib's dynamic section (at dyn, count entries) into lib and info. */
static int read_dynamic(struct elf_library *lib, const Elf64_Dyn *dyn, size_t count,
                        struct dyn_info *info)
{
    uintptr_t b = lib->bias;

    memset(info, 0, sizeof(*info));
    for (size_t i = 0; i < count && dyn[i].d_tag != DT_NULL; i++) {
        uint64_t v = dyn[i].d_un.d_val;
        switch (dyn[i].d_tag) {
        case DT_NEEDED:
            if (info->needed_count == MAX_NEEDED)
                return fail(lib->name, "needs more than %d libraries", MAX_NEEDED);
            info->needed[info->needed_count++] = v;
            break;
        case DT_SONAME: info->soname = v; info->has_soname = 1; break;
        case DT_STRTAB: lib->strtab = (const char *)(b + v); break;
        case DT_STRSZ: lib->strsz = v; break;
        case DT_SYMTAB: lib->symtab = (const Elf64_Sym *)(b + v); break;
        case DT_GNU_HASH: lib->gnu_hash = (const uint32_t *)(b + v); break;
        case DT_HASH: lib->hash = (const uint32_t *)(b + v); break;
        case DT_VERSYM: lib->versym = (const Elf64_Half *)(b + v); break;
        case DT_RELA: info->rela = (const Elf64_Rela *)(b + v); break;
        case DT_RELASZ: info->relasz = v; break;
        case DT_JMPREL: info->jmprel = (const Elf64_Rela *)(b + v); break;
        case DT_PLTRELSZ: info->pltrelsz = v; break;
        case DT_INIT: info->init = b + v; break;
        case DT_INIT_ARRAY: info->init_array = b + v; break;
        case DT_INIT_ARRAYSZ: info->init_arraysz = v; break;
        case DT_PLTREL:
            if (v != DT_RELA)
                return fail(lib->name, "REL relocations (x86-64 uses RELA)");
            break;
        case DT_REL:
            return fail(lib->name, "REL relocations (x86-64 uses RELA)");
        case DT_TEXTREL:
            return fail(lib->name, "relocations in its code (text relocations)");
        case DT_FLAGS:
            if (v & DF_TEXTREL)
                return fail(lib->name, "relocations in its code (text relocations)");
            if (v & DF_STATIC_TLS)
                return fail(lib->name, "thread-local storage");
            break;
        default:
            break;
        }
    }
    if (!lib->strtab || !lib->symtab || (!lib->gnu_hash && !lib->hash) ||
        !in_image(lib, (uintptr_t)lib->strtab, lib->strsz) ||
        !in_image(lib, (uintptr_t)lib->symtab, sizeof(Elf64_Sym)) ||
        (lib->gnu_hash && !in_image(lib, (uintptr_t)lib->gnu_hash, 16)) ||
        (lib->hash && !in_image(lib, (uintptr_t)lib->hash, 8)) ||
        (info->rela && !in_image(lib, (uintptr_t)info->rela, info->relasz)) ||
        (info->jmprel && !in_image(lib, (uintptr_t)info->jmprel, info->pltrelsz)) ||
        (info->init_array && !in_image(lib, info->init_array, info->init_arraysz)) ||
        (info->init && !in_image(lib, info->init, 1)) || (info->has_soname && info->soname >= lib->strsz))
        return fail(lib->name, "a malformed dynamic section");
    for (unsigned i = 0; i < info->needed_count; i++)
        if (info->needed[i] >= lib->strsz)
            return fail(lib->name, "a malformed dynamic section");
    return 0;
}

/* ---- Mapping ---------------------------------------------------------------- */

static unsigned prot_of(uint32_t flags)
{
    return (flags & PF_R ? HOST_PROT_READ : 0) | (flags & PF_W ? HOST_PROT_WRITE : 0) |
           (flags & PF_X ? HOST_PROT_EXEC : 0);
}

struct elf_headers {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[32];
    unsigned phnum;
    uint64_t file_size;
};

static int read_headers(const char *name, host_stream_t s, struct elf_headers *h)
{
    struct host_attr attr;
    size_t done;

    if (host_stream_attr(s, &attr) < 0)
        return fail(name, "cannot be read");
    h->file_size = attr.size;
    if (host_stream_read(s, &h->eh, sizeof(h->eh), 0, &done) < 0 || done != sizeof(h->eh) ||
        memcmp(h->eh.e_ident, ELFMAG, SELFMAG))
        return fail(name, "not an ELF file");
    if (h->eh.e_ident[EI_CLASS] != ELFCLASS64 || h->eh.e_ident[EI_DATA] != ELFDATA2LSB ||
        h->eh.e_machine != EM_X86_64 || h->eh.e_type != ET_DYN)
        return fail(name, "not an x86-64 ELF shared object");
    if (h->eh.e_phentsize != sizeof(Elf64_Phdr) || !h->eh.e_phnum || h->eh.e_phnum > 32)
        return fail(name, "malformed program headers");
    h->phnum = h->eh.e_phnum;
    if (host_stream_read(s, h->ph, h->phnum * sizeof(Elf64_Phdr), (int64_t)h->eh.e_phoff,
                         &done) < 0 || done != h->phnum * sizeof(Elf64_Phdr))
        return fail(name, "truncated program headers");
    return 0;
}

/* The page-aligned link-address span of the PT_LOAD segments. */
static int load_span(const char *name, const struct elf_headers *h, uintptr_t *lo, uintptr_t *hi,
                     uintptr_t *align)
{
    *lo = UINTPTR_MAX;
    *hi = 0;
    *align = ALLOC_GRANULARITY;
    for (unsigned i = 0; i < h->phnum; i++) {
        const Elf64_Phdr *p = &h->ph[i];
        if (p->p_type == PT_TLS && p->p_memsz)
            return fail(name, "thread-local storage");
        if (p->p_type != PT_LOAD)
            continue;
        if (p->p_filesz > p->p_memsz || p->p_offset > h->file_size ||
            p->p_filesz > h->file_size - p->p_offset ||
            (p->p_offset & (PAGE_SIZE_K - 1)) != (p->p_vaddr & (PAGE_SIZE_K - 1)) ||
            p->p_vaddr + p->p_memsz < p->p_vaddr || p->p_vaddr + p->p_memsz > ELF_AREA_SIZE)
            return fail(name, "a malformed segment");
        if (p->p_align > *align && p->p_align <= 0x200000 && !(p->p_align & (p->p_align - 1)))
            *align = p->p_align;
        if (ALIGN_DOWN(p->p_vaddr, PAGE_SIZE_K) < *lo)
            *lo = ALIGN_DOWN(p->p_vaddr, PAGE_SIZE_K);
        if (ALIGN_UP(p->p_vaddr + p->p_memsz, PAGE_SIZE_K) > *hi)
            *hi = ALIGN_UP(p->p_vaddr + p->p_memsz, PAGE_SIZE_K);
    }
    return *hi > *lo ? 0 : fail(name, "no loadable segment");
}

/* Map one PT_LOAD segment; writable until relocated. */
static int map_segment(struct elf_library *lib, host_stream_t s, const Elf64_Phdr *p)
{
    uintptr_t start = ALIGN_DOWN(lib->bias + p->p_vaddr, PAGE_SIZE_K);
    uintptr_t file_end = lib->bias + p->p_vaddr + p->p_filesz;
    uintptr_t mem_end = ALIGN_UP(lib->bias + p->p_vaddr + p->p_memsz, PAGE_SIZE_K);
    uintptr_t file_pages_end = ALIGN_UP(file_end, PAGE_SIZE_K);
    unsigned prot = prot_of(p->p_flags) | HOST_PROT_WRITE;

    if (p->p_filesz && host_stream_map(s, (void *)start, file_pages_end - start,
                                       ALIGN_DOWN(p->p_offset, PAGE_SIZE_K), prot, 0) < 0)
        return fail(lib->name, "cannot be mapped");
    if (p->p_filesz && file_pages_end > file_end)
        memset((void *)file_end, 0, file_pages_end - file_end);   /* bss on the last file page */
    if (mem_end > file_pages_end &&
        host_vm_commit((void *)file_pages_end, mem_end - file_pages_end, prot) < 0)
        return fail(lib->name, "out of memory for its data");
    return 0;
}

/* Put the segments' final protections (read-only code; RELRO after
 * relocation). */
static void protect_segments(struct elf_library *lib, const struct elf_headers *h)
{
    for (unsigned i = 0; i < h->phnum; i++) {
        const Elf64_Phdr *p = &h->ph[i];
        uintptr_t start = ALIGN_DOWN(lib->bias + p->p_vaddr, PAGE_SIZE_K);
        uintptr_t end = ALIGN_UP(lib->bias + p->p_vaddr + p->p_memsz, PAGE_SIZE_K);
        if (p->p_type == PT_LOAD && !(p->p_flags & PF_W))
            host_vm_protect((void *)start, end - start, prot_of(p->p_flags));
    }
    for (unsigned i = 0; i < h->phnum; i++) {
        const Elf64_Phdr *p = &h->ph[i];
        uintptr_t start = ALIGN_UP(lib->bias + p->p_vaddr, PAGE_SIZE_K);
        uintptr_t end = ALIGN_DOWN(lib->bias + p->p_vaddr + p->p_memsz, PAGE_SIZE_K);
        if (p->p_type == PT_GNU_RELRO && end > start)
            host_vm_protect((void *)start, end - start, HOST_PROT_READ);
    }
}

static struct klock range_lock = KLOCK_INIT;   /* area_next and the ranges */

/* Reserve size bytes at the area's next free address aligned to align:
 * the address, or 0.  range_lock held. */
static uintptr_t area_reserve_locked(size_t size, uintptr_t align)
{
    uintptr_t at = ALIGN_UP(area_next, align);
    void *addr = (void *)at;

    if (at + size > ELF_AREA + ELF_AREA_SIZE || host_vm_reserve(&addr, size, HOST_VM_FIXED) < 0)
        return 0;
    area_next = at + size;
    return at;
}

static uintptr_t area_reserve(size_t size, uintptr_t align)
{
    uintptr_t at;

    klock_acquire(&range_lock);
    at = area_reserve_locked(size, align);
    klock_release(&range_lock);
    return at;
}

static int map_library(struct elf_library *lib, host_stream_t s, struct elf_headers *h,
                       const Elf64_Dyn **dyn, size_t *dyn_count)
{
    uintptr_t lo, hi, align, at;

    if (read_headers(lib->name, s, h) < 0 || load_span(lib->name, h, &lo, &hi, &align) < 0)
        return -1;
    if (!(at = area_reserve(hi - lo, align)))
        return fail(lib->name, "no room left in the unix-library area");
    lib->start = at;
    lib->size = hi - lo;
    lib->bias = at - lo;
    *dyn = NULL;
    for (unsigned i = 0; i < h->phnum; i++) {
        const Elf64_Phdr *p = &h->ph[i];
        if (p->p_type == PT_LOAD && map_segment(lib, s, p) < 0)
            return -1;
        if (p->p_type == PT_DYNAMIC) {
            *dyn = (const Elf64_Dyn *)(lib->bias + p->p_vaddr);
            *dyn_count = p->p_memsz / sizeof(Elf64_Dyn);
            if (!in_image(lib, (uintptr_t)*dyn, p->p_memsz))
                return fail(lib->name, "a malformed dynamic section");
        }
    }
    return *dyn ? 0 : fail(lib->name, "no dynamic section");
}

/* ---- Relocation ------------------------------------------------------------- */

static int resolve(struct elf_library *lib, uint32_t index, uintptr_t *out)
{
    const Elf64_Sym *sym = &lib->symtab[index];
    const char *name;
    void *addr;

    if (!index) {
        *out = 0;
        return 0;
    }
    if (sym->st_name >= lib->strsz)
        return fail(lib->name, "a malformed symbol");
    name = lib->strtab + sym->st_name;
    if (ELF64_ST_BIND(sym->st_info) == STB_LOCAL && sym->st_shndx != SHN_UNDEF) {
        *out = lib->bias + sym->st_value;
        return 0;
    }
    if ((addr = global_symbol_locked(name))) {
        *out = (uintptr_t)addr;
        return 0;
    }
    if (ELF64_ST_BIND(sym->st_info) == STB_WEAK) {
        *out = 0;
        return 0;
    }
    return fail(lib->name, "imports %s, which keep's kernel does not provide", name);
}

static int relocate_table(struct elf_library *lib, const Elf64_Rela *rel, size_t size)
{
    for (size_t i = 0; rel && i < size / sizeof(*rel); i++) {
        uint32_t type = ELF64_R_TYPE(rel[i].r_info);
        uintptr_t where = lib->bias + rel[i].r_offset, s = 0;
        uint64_t *p = (uint64_t *)where;

        if (type == R_X86_64_NONE)
            continue;
        if (!in_image(lib, where, sizeof(*p)))
            return fail(lib->name, "a relocation outside the library");
        switch (type) {
        case R_X86_64_RELATIVE:
            *p = lib->bias + (uint64_t)rel[i].r_addend;
            break;
        case R_X86_64_IRELATIVE:
            *p = ((uintptr_t(*)(void))(lib->bias + (uint64_t)rel[i].r_addend))();
            break;
        case R_X86_64_64:
        case R_X86_64_GLOB_DAT:
        case R_X86_64_JUMP_SLOT:
            if (resolve(lib, ELF64_R_SYM(rel[i].r_info), &s) < 0)
                return -1;
            *p = s + (type == R_X86_64_64 ? (uint64_t)rel[i].r_addend : 0);
            break;
        case R_X86_64_DTPMOD64:
        case R_X86_64_DTPOFF64:
        case R_X86_64_TPOFF64:
            return fail(lib->name, "thread-local storage");
        default:
            return fail(lib->name, "relocation type %u", type);
        }
    }
    return 0;
}

static void run_initialisers(struct elf_library *lib, const struct dyn_info *info)
{
    char *argv[2] = { lib->name, NULL };
    char **envp = (char **)kernel.boot->envp;
    void (**array)(int, char **, char **) = (void (**)(int, char **, char **))info->init_array;

    if (info->init)
        ((void (*)(int, char **, char **))info->init)(1, argv, envp);
    for (size_t i = 0; array && i < info->init_arraysz / sizeof(*array); i++)
        if (array[i] && (uintptr_t)array[i] != UINTPTR_MAX)
            array[i](1, argv, envp);
}

/* ---- Loading ---------------------------------------------------------------- */

static struct elf_library *find_loaded(const char *name)
{
    for (struct elf_library *lib = libraries; lib; lib = lib->next)
        if (!strcmp(lib->name, name) || !strcmp(lib->soname, name))
            return lib;
    return NULL;
}

static int load_locked(const char *name, unsigned depth, struct elf_library **out);

/* Load what lib needs: the kernel and its C library stand in for
 * ntdll.so, libc.so.6 and the like. */
static int load_needed(struct elf_library *lib, const struct dyn_info *info, unsigned depth)
{
    for (unsigned i = 0; i < info->needed_count; i++) {
        const char *need = lib->strtab + info->needed[i];
        struct elf_library *dep;
        if (!strcmp(need, "ntdll.so")) {
            lib->needed[lib->needed_count++] = &kernel_lib;
            continue;
        }
        if (unixlibc_provides(need))
            continue;
        if (load_locked(need, depth + 1, &dep) < 0)
            return -1;
        lib->needed[lib->needed_count++] = dep;
    }
    return 0;
}

static int load_new(const char *name, unsigned depth, struct elf_library **out)
{
    char uri[NAME_LEN + 8];
    struct elf_headers h;
    struct dyn_info info;
    const Elf64_Dyn *dyn;
    size_t dyn_count = 0;
    struct elf_library *lib;
    host_stream_t s;
    int r;

    if (strlen(name) >= NAME_LEN)
        return fail(name, "name too long");
    snprintf(uri, sizeof(uri), "lib:%s", name);
    if ((r = host_stream_open(uri, HOST_OPEN_READ, &s)) < 0) {
        last_missing = r == HOST_ENOENT;
        return fail(name, "%s", r == HOST_ENOENT ? "not found" : host_status_name(r));
    }
    if (!(lib = kzalloc(sizeof(*lib)))) {
        host_stream_close(s);
        return fail(name, "out of memory");
    }
    memcpy(lib->name, name, strlen(name) + 1);
    /* listed first: a failure anywhere leaves it for unload_from */
    __atomic_store_n(libraries_tail, lib, __ATOMIC_RELEASE);
    libraries_tail = &lib->next;
    r = map_library(lib, s, &h, &dyn, &dyn_count);
    host_stream_close(s);
    if (r < 0 || read_dynamic(lib, dyn, dyn_count, &info) < 0) {
        lib->state = LIB_FAILED;
        return -1;
    }
    snprintf(lib->soname, sizeof(lib->soname), "%s",
             info.has_soname ? lib->strtab + info.soname : name);
    if (load_needed(lib, &info, depth) < 0 || relocate_table(lib, info.rela, info.relasz) < 0 ||
        relocate_table(lib, info.jmprel, info.pltrelsz) < 0) {
        lib->state = LIB_FAILED;
        return -1;
    }
    protect_segments(lib, &h);
    lib->state = LIB_READY;
    run_initialisers(lib, &info);
    KTRACE(KEEP_DEBUG_LOADER, "keep: unix library %s at %#lx (%zu KiB)\n", name,
           (unsigned long)lib->start, lib->size / 1024);
    *out = lib;
    return 0;
}

static int load_locked(const char *name, unsigned depth, struct elf_library **out)
{
    struct elf_library *lib = find_loaded(name);

    if (lib && lib->state == LIB_FAILED)
        return fail(name, "failed to load before");
    if (lib) {
        *out = lib;   /* ready, or being loaded further up (a cycle) */
        return 0;
    }
    if (depth > 8)
        return fail(name, "needs libraries nested too deep");
    return load_new(name, depth, out);
}

static void kernel_lib_init(void)
{
    uintptr_t base = (uintptr_t)&__ehdr_start;

    if (kernel_lib.symtab)
        return;
    snprintf(kernel_lib.name, sizeof(kernel_lib.name), "ntdll.so");
    memcpy(kernel_lib.soname, kernel_lib.name, sizeof(kernel_lib.name));
    /* the dynamic linker made the pointers absolute (the bias is 0 here) */
    for (const Elf64_Dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
        uintptr_t v = d->d_un.d_ptr < base ? base + d->d_un.d_ptr : d->d_un.d_ptr;
        switch (d->d_tag) {
        case DT_STRTAB: kernel_lib.strtab = (const char *)v; break;
        case DT_STRSZ: kernel_lib.strsz = d->d_un.d_val; break;
        case DT_SYMTAB: kernel_lib.symtab = (const Elf64_Sym *)v; break;
        case DT_GNU_HASH: kernel_lib.gnu_hash = (const uint32_t *)v; break;
        case DT_HASH: kernel_lib.hash = (const uint32_t *)v; break;
        case DT_VERSYM: kernel_lib.versym = (const Elf64_Half *)v; break;
        default: break;
        }
    }
    kernel_lib.bias = 0;   /* linked at its load address: symbols hold absolute addresses */
    kernel_lib.state = LIB_READY;
}

/* A load failed: every library it mapped goes (the ones it found loaded
 * stay).  The ones that failed stay listed, unmapped, so that asking
 * again fails at once; the ones that had loaded are forgotten, to be
 * loaded again by whatever needs them next. */
static void unload_from(struct elf_library **mark)
{
    struct elf_library *lib = *mark, *next;

    __atomic_store_n(mark, NULL, __ATOMIC_RELEASE);
    libraries_tail = mark;
    for (; lib; lib = next) {
        next = lib->next;
        if (lib->size)
            host_vm_free((void *)lib->start, lib->size, 0);
        if (lib->state != LIB_FAILED) {
            kfree(lib);
            continue;
        }
        lib->size = 0;
        lib->next = NULL;
        __atomic_store_n(libraries_tail, lib, __ATOMIC_RELEASE);
        libraries_tail = &lib->next;
    }
}

NTSTATUS elf_library_load(const char *name, struct elf_library **out)
{
    struct elf_library *lib = NULL, **mark;
    int r;

    klock_acquire(&load_lock);
    kernel_lib_init();
    last_error[0] = 0;
    last_missing = 0;
    mark = libraries_tail;
    r = load_locked(name, 0, &lib);
    if (r < 0)
        unload_from(mark);
    klock_release(&load_lock);
    if (r < 0)
        return last_missing ? STATUS_DLL_NOT_FOUND : STATUS_INVALID_IMAGE_FORMAT;
    *out = lib;
    return STATUS_SUCCESS;
}

/* ---- The area's other ranges: the C library's mappings ---------------------- */

struct area_range {
    uintptr_t start;
    size_t size;
};
static struct area_range *ranges;       /* sorted by start; kernel heap */
static unsigned range_count, range_room;

void *elf_area_take(size_t size)
{
    uintptr_t at = 0;

    if (!size || (size & (PAGE_SIZE_K - 1)))
        return NULL;
    klock_acquire(&range_lock);
    if (range_count == range_room) {
        unsigned room = range_room ? range_room * 2 : 16;
        struct area_range *more = krealloc(ranges, room * sizeof(*more));
        if (more) {
            ranges = more;
            range_room = room;
        }
    }
    if (range_count < range_room && (at = area_reserve_locked(size, ALLOC_GRANULARITY)))
        ranges[range_count++] = (struct area_range){ at, size };   /* addresses only grow */
    klock_release(&range_lock);
    return (void *)at;
}

int elf_area_give_back(void *addr, size_t size)
{
    uintptr_t a = (uintptr_t)addr;
    int r = -1;

    klock_acquire(&range_lock);
    for (unsigned i = 0; i < range_count; i++) {
        struct area_range *g = &ranges[i];
        if (a < g->start || a - g->start >= g->size || size > g->size - (a - g->start))
            continue;
        host_vm_free(addr, size, HOST_VM_DECOMMIT);
        if (a == g->start && size == g->size) {   /* all of it: forget the range */
            host_vm_free(addr, size, 0);
            memmove(g, g + 1, (range_count - i - 1) * sizeof(*g));
            range_count--;
        }
        r = 0;
        break;
    }
    klock_release(&range_lock);
    return r;
}

size_t elf_spans(struct kspan *out, size_t max)
{
    size_t n = 0;

    for (struct elf_library *lib = __atomic_load_n(&libraries, __ATOMIC_ACQUIRE); lib;
         lib = __atomic_load_n(&lib->next, __ATOMIC_ACQUIRE)) {
        if (lib->size && n < max)
            out[n] = (struct kspan){ lib->start, lib->size };
        n += lib->size != 0;
    }
    klock_acquire(&range_lock);
    for (unsigned i = 0; i < range_count; i++, n++)
        if (n < max)
            out[n] = (struct kspan){ ranges[i].start, ranges[i].size };
    klock_release(&range_lock);
    return n;
}

/* ---- dlopen and friends, for unix code -------------------------------------- */

static char dl_error[300];
static int dl_error_set;

void *elf_dlopen(const char *name, int flags)
{
    struct elf_library *lib;
    const char *base;

    (void)flags;   /* everything is bound now and global, as with RTLD_NOW|RTLD_GLOBAL */
    if (!name) {
        snprintf(dl_error, sizeof(dl_error), "dlopen(NULL): no main program in keep's kernel");
        dl_error_set = 1;
        return NULL;
    }
    base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
    if (elf_library_load(base, &lib)) {
        snprintf(dl_error, sizeof(dl_error), "%s", elf_last_error());
        dl_error_set = 1;
        return NULL;
    }
    return lib;
}

void *elf_dlsym(void *handle, const char *name)
{
    void *addr = handle ? elf_library_symbol(handle, name) : elf_global_symbol(name);

    if (!addr) {
        snprintf(dl_error, sizeof(dl_error), "undefined symbol: %s", name ? name : "(null)");
        dl_error_set = 1;
    }
    return addr;
}

int elf_dlclose(void *handle)
{
    (void)handle;   /* never unloaded */
    return 0;
}

char *elf_dlerror(void)
{
    if (!dl_error_set)
        return NULL;
    dl_error_set = 0;
    return dl_error;
}

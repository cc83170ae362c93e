/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * image.c - PE images as SEC_IMAGE sections see them.
 *
 * Headers are read with positioned reads and checked before anything is
 * mapped.  Sections whose file offset and address are page aligned (all of
 * Wine's builtin DLLs) are mapped copy-on-write from the file, so that the
 * pages of the DLLs stay shared with the host's page cache; others (mingw
 * programs use 512-byte file alignment) are read into private memory.
 */
#include "image.h"

static NTSTATUS read_exact(host_stream_t s, void *buf, size_t size, uint64_t offset)
{
    size_t done = 0;
    while (done < size) {
        size_t n;
        int r = host_stream_read(s, (char *)buf + done, size - done, offset + done, &n);
        if (r < 0)
            return status_from_host(r);
        if (!n)
            return STATUS_INVALID_IMAGE_FORMAT;
        done += n;
    }
    return STATUS_SUCCESS;
}

/* Headers of an image, as read from the file. */
struct image_headers {
    IMAGE_DOS_HEADER dos;
    IMAGE_NT_HEADERS64 nt;
    IMAGE_SECTION_HEADER *sections;     /* kmalloc'ed */
};

/* The file's first page, read once: the headers of nearly every image lie
 * in it, so that they cost one read instead of one per structure. */
struct image_prefix {
    unsigned char data[0x1000];
    size_t size;
};

static NTSTATUS read_prefix(host_stream_t s, uint64_t file_size, struct image_prefix *p)
{
    p->size = file_size < sizeof(p->data) ? (size_t)file_size : sizeof(p->data);
    return read_exact(s, p->data, p->size, 0);
}

/* size bytes at offset: from the prefix when it holds them, else read */
static NTSTATUS header_bytes(host_stream_t s, const struct image_prefix *p, void *dst,
                             size_t size, uint64_t offset)
{
    if (offset + size <= p->size) {
        memcpy(dst, p->data + offset, size);
        return STATUS_SUCCESS;
    }
    return read_exact(s, dst, size, offset);
}

static NTSTATUS read_headers(host_stream_t s, const struct image_prefix *p,
                             struct image_headers *h, uint64_t file_size)
{
    NTSTATUS st;

    h->sections = NULL;
    if (file_size < sizeof(h->dos))
        return STATUS_INVALID_IMAGE_NOT_MZ;
    if ((st = header_bytes(s, p, &h->dos, sizeof(h->dos), 0)))
        return st;
    if (h->dos.e_magic != IMAGE_DOS_SIGNATURE)
        return STATUS_INVALID_IMAGE_NOT_MZ;
    if (h->dos.e_lfanew < (LONG)sizeof(h->dos) || (uint64_t)h->dos.e_lfanew > file_size - 24)
        return STATUS_INVALID_IMAGE_FORMAT;
    memset(&h->nt, 0, sizeof(h->nt));
    size_t nt_size = sizeof(h->nt);
    if (h->dos.e_lfanew + nt_size > file_size)
        nt_size = file_size - h->dos.e_lfanew;
    if ((st = header_bytes(s, p, &h->nt, nt_size, h->dos.e_lfanew)))
        return st;
    if (h->nt.Signature != IMAGE_NT_SIGNATURE)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (h->nt.OptionalHeader.Magic == IMAGE_NT_OPTIONAL_HDR32_MAGIC)
        return STATUS_INVALID_IMAGE_WIN_32;
    if (h->nt.OptionalHeader.Magic != IMAGE_NT_OPTIONAL_HDR64_MAGIC)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (h->nt.FileHeader.Machine != IMAGE_FILE_MACHINE_AMD64)
        return STATUS_IMAGE_MACHINE_TYPE_MISMATCH;

    const IMAGE_OPTIONAL_HEADER64 *opt = &h->nt.OptionalHeader;
    unsigned nsec = h->nt.FileHeader.NumberOfSections;
    uint64_t sec_off = h->dos.e_lfanew + 4 + sizeof(IMAGE_FILE_HEADER) +
                       h->nt.FileHeader.SizeOfOptionalHeader;
    if (!nsec || nsec > 96 || sec_off + nsec * sizeof(IMAGE_SECTION_HEADER) > file_size)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (opt->SectionAlignment < 0x1000 || (opt->SectionAlignment & (opt->SectionAlignment - 1)) ||
        !opt->SizeOfImage || opt->SizeOfImage > 0x80000000u ||
        opt->SizeOfHeaders > opt->SizeOfImage || opt->SizeOfHeaders > file_size ||
        opt->AddressOfEntryPoint >= opt->SizeOfImage)
        return STATUS_INVALID_IMAGE_FORMAT;
    if (!(h->sections = kmalloc(nsec * sizeof(IMAGE_SECTION_HEADER))))
        return STATUS_NO_MEMORY;
    if ((st = header_bytes(s, p, h->sections, nsec * sizeof(IMAGE_SECTION_HEADER), sec_off)))
        goto fail;
    st = STATUS_INVALID_IMAGE_FORMAT;
    for (unsigned i = 0; i < nsec; i++) {
        const IMAGE_SECTION_HEADER *sec = &h->sections[i];
        uint64_t vsize = sec->Misc.VirtualSize ? sec->Misc.VirtualSize : sec->SizeOfRawData;
        if ((uint64_t)sec->VirtualAddress + vsize > opt->SizeOfImage)
            goto fail;
        if (sec->SizeOfRawData && sec->PointerToRawData &&
            (uint64_t)sec->PointerToRawData + sec->SizeOfRawData > ALIGN_UP(file_size, 0x200))
            goto fail;
        if (sec->VirtualAddress < opt->SizeOfHeaders && vsize)
            goto fail;
    }
    return STATUS_SUCCESS;
fail:
    kfree(h->sections);
    h->sections = NULL;
    return st;
}

static void fill_info(const struct image_headers *h, uint64_t file_size, struct image_info *info,
                      int builtin, int fake)
{
    const IMAGE_OPTIONAL_HEADER64 *opt = &h->nt.OptionalHeader;

    memset(info, 0, sizeof(*info));
    info->image_base = opt->ImageBase;
    info->image_size = ALIGN_UP(opt->SizeOfImage, 0x1000);
    info->header_size = opt->SizeOfHeaders;
    info->entry_rva = opt->AddressOfEntryPoint;
    info->machine = h->nt.FileHeader.Machine;
    info->characteristics = h->nt.FileHeader.Characteristics;
    info->subsystem = opt->Subsystem;
    info->subsystem_major = opt->MajorSubsystemVersion;
    info->subsystem_minor = opt->MinorSubsystemVersion;
    info->dll_characteristics = opt->DllCharacteristics;
    info->stack_reserve = opt->SizeOfStackReserve;
    info->stack_commit = opt->SizeOfStackCommit;
    info->checksum = opt->CheckSum;
    info->loader_flags = opt->LoaderFlags;
    info->file_size = (uint32_t)file_size;
    info->section_align = opt->SectionAlignment;
    info->wine_builtin = builtin;
    info->wine_fakedll = fake;
    info->has_relocs = opt->NumberOfRvaAndSizes > IMAGE_DIRECTORY_ENTRY_BASERELOC &&
                       opt->DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC].Size != 0;
    info->has_code = opt->SizeOfCode != 0;
    info->major_os = opt->MajorOperatingSystemVersion;
    info->minor_os = opt->MinorOperatingSystemVersion;
    info->major_image = opt->MajorImageVersion;
    info->minor_image = opt->MinorImageVersion;
    info->section_count = h->nt.FileHeader.NumberOfSections;
}

NTSTATUS image_read_info(host_stream_t stream, struct image_info *info)
{
    struct image_prefix prefix;
    struct host_attr attr;
    struct image_headers h;
    char marker[32] = { 0 };
    NTSTATUS st;
    int r;

    if ((r = host_stream_attr(stream, &attr)) < 0)
        return status_from_host(r);
    if ((st = read_prefix(stream, attr.size, &prefix)) ||
        (st = read_headers(stream, &prefix, &h, attr.size)))
        return st;
    if (attr.size >= 0x60)
        header_bytes(stream, &prefix, marker, sizeof(marker), 0x40);
    fill_info(&h, attr.size, info, !memcmp(marker, "Wine builtin DLL", 17),
              !memcmp(marker, "Wine placeholder DLL", 21));
    kfree(h.sections);
    return STATUS_SUCCESS;
}

static ULONG section_protection(DWORD ch)
{
    int r = (ch & IMAGE_SCN_MEM_READ) != 0, w = (ch & IMAGE_SCN_MEM_WRITE) != 0,
        x = (ch & IMAGE_SCN_MEM_EXECUTE) != 0;
    if (x)
        return w ? PAGE_EXECUTE_WRITECOPY : (r ? PAGE_EXECUTE_READ : PAGE_EXECUTE);
    if (w)
        return PAGE_WRITECOPY;
    return r ? PAGE_READONLY : PAGE_NOACCESS;
}

/* The pages a section takes in memory. */
static uint64_t section_vsize(const IMAGE_SECTION_HEADER *sec)
{
    return ALIGN_UP(sec->Misc.VirtualSize ? sec->Misc.VirtualSize : sec->SizeOfRawData, 0x1000);
}

/*
 * Sections the loader and the program touch at once: code (a fault costs
 * far more than mapping a page that stays unused, above all under a
 * hypervisor) and small writable data (import tables, initialised data:
 * copied on the first write anyway).  Large read-only data (resources)
 * stays on demand, so that the memory used stays small.
 */
static int populate_section(const IMAGE_SECTION_HEADER *sec, uint64_t bytes)
{
    if (sec->Characteristics & IMAGE_SCN_MEM_EXECUTE)
        return 1;
    return (sec->Characteristics & IMAGE_SCN_MEM_WRITE) && bytes <= 0x10000;
}

/* Can the section's file data be mapped rather than read? */
static int section_mappable(const IMAGE_SECTION_HEADER *sec)
{
    return sec->SizeOfRawData && sec->PointerToRawData && !(sec->PointerToRawData & 0xfff) &&
           !(sec->VirtualAddress & 0xfff);
}

static unsigned section_map_flags(const IMAGE_SECTION_HEADER *sec)
{
    uint64_t vsize = section_vsize(sec);
    uint64_t raw = sec->SizeOfRawData < vsize ? sec->SizeOfRawData : vsize;
    return populate_section(sec, ALIGN_UP(raw, 0x1000)) ? HOST_MAP_POPULATE : 0;
}

/*
 * The sections from i that one host call can load: each maps its pages
 * whole from the file, right where the previous one's end in memory and
 * in the file, with the same protection and hints (Wine's DLLs: .rdata,
 * .pdata and .xdata; .reloc and the debug sections).  One mapping instead
 * of one per section: fewer host calls, fewer host memory areas.
 */
static unsigned section_run_end(const struct image_headers *h, unsigned i)
{
    unsigned n = h->nt.FileHeader.NumberOfSections;
    const IMAGE_SECTION_HEADER *first = &h->sections[i];

    if (!section_mappable(first))
        return i + 1;
    for (unsigned j = i + 1; j < n; j++) {
        const IMAGE_SECTION_HEADER *prev = &h->sections[j - 1], *sec = &h->sections[j];
        uint64_t vsize = section_vsize(prev);
        if (!section_mappable(sec) || prev->SizeOfRawData < vsize ||
            sec->VirtualAddress != prev->VirtualAddress + vsize ||
            sec->PointerToRawData != prev->PointerToRawData + vsize ||
            section_protection(sec->Characteristics) != section_protection(first->Characteristics) ||
            section_map_flags(sec) != section_map_flags(first))
            return j;
    }
    return n;
}

/*
 * Put one section's file data at dest: map it when aligned, else read.
 * final is the section's own host protection: a mapping that needs no
 * write from us gets it at once, and *final_size says how many bytes from
 * dest have it (the caller then protects only the rest).
 */
static NTSTATUS load_section(host_stream_t s, const IMAGE_SECTION_HEADER *sec, char *dest,
                             uint64_t map_size, unsigned final, unsigned map_flags,
                             uint64_t *final_size)
{
    uint64_t raw = sec->SizeOfRawData;
    *final_size = 0;
    if (raw > map_size)
        raw = map_size;
    if (!raw || !sec->PointerToRawData)
        return STATUS_SUCCESS;
    if (section_mappable(sec)) {
        uint64_t pages = ALIGN_UP(raw, 0x1000);
        /* the rest of the last page is not this section's: cleared by us */
        unsigned hprot = pages > raw ? HOST_PROT_READ | HOST_PROT_WRITE : final;
        int r = host_stream_map(s, dest, pages, sec->PointerToRawData, hprot, map_flags);
        if (r < 0)
            return status_from_host(r);
        if (pages > raw)
            memset(dest + raw, 0, pages - raw);
        else
            *final_size = pages;
        return STATUS_SUCCESS;
    }
    return read_exact(s, dest, raw, sec->PointerToRawData);
}

/* Page ranges (image offsets) still to get their protection on the host. */
struct pending_prot {
    struct { uint32_t start, end; } *r;
    unsigned n;
};

static void pending_add(struct pending_prot *p, uint64_t start, uint64_t end)
{
    start = ALIGN_UP(start, 0x1000);
    end = ALIGN_UP(end, 0x1000);
    if (start < end)
        p->r[p->n++] = (typeof(*p->r)){ (uint32_t)start, (uint32_t)end };
}

/* Protect the pending ranges, neighbours together: the host changes one
 * run of pages with one protection in one call, whichever sections the
 * run spans (read-in images: one call instead of one per section). */
static void pending_apply(struct pending_prot *p, void *base)
{
    for (unsigned i = 1; i < p->n; i++)
        for (unsigned j = i; j > 0 && p->r[j].start < p->r[j - 1].start; j--) {
            typeof(*p->r) t = p->r[j];
            p->r[j] = p->r[j - 1];
            p->r[j - 1] = t;
        }
    for (unsigned i = 0; i < p->n;) {
        uint32_t start = p->r[i].start, end = p->r[i].end;
        for (i++; i < p->n && p->r[i].start <= end; i++)
            end = p->r[i].end > end ? p->r[i].end : end;
        virtual_apply_image_protection(base, start, end - start);
    }
}

/* The host cannot write past protections (host_vm_write): write the usual
 * way, then protect. */
static int no_vm_write;

/*
 * Put size bytes of the image (from the prefix, or the file at offset) at
 * dest, whose pages already have their final, read-only protection on the
 * host and are untouched: written through host_vm_write, so that no page
 * loses write access after it was written -- under this hypervisor that
 * costs 4 us a page on a quiet machine, up to 50 on a busy one (a mingw
 * program's debug sections: 22 pages), giving an untouched page its
 * protection next to nothing.
 * STATUS_NOT_SUPPORTED, with nothing written, when the host cannot.
 */
static NTSTATUS write_protected(host_stream_t s, const struct image_prefix *p, char *dest,
                                uint64_t size, uint64_t offset)
{
    size_t chunk = size < 0x40000 ? (size_t)size : 0x40000;
    NTSTATUS st = STATUS_SUCCESS;
    char *buf;

    if (no_vm_write)
        return STATUS_NOT_SUPPORTED;
    if (!(buf = kmalloc(chunk)))
        return STATUS_NO_MEMORY;
    for (uint64_t done = 0; done < size && !st; done += chunk) {
        size_t n = size - done < chunk ? (size_t)(size - done) : chunk;
        if ((st = header_bytes(s, p, buf, n, offset + done)))
            break;
        int r = host_vm_write(dest + done, buf, n);
        if (r == HOST_ENOSYS && !done) {
            no_vm_write = 1;
            st = STATUS_NOT_SUPPORTED;
        } else if (r < 0) {
            st = status_from_host(r);
        }
    }
    kfree(buf);
    return st;
}

/* Bytes of the image at [off, off + size): given their final protection
 * prot (read-only) first, then written (write_protected); where the host
 * cannot, written the usual way and left for pending. */
static NTSTATUS put_readonly(host_stream_t s, const struct image_prefix *p, char *addr,
                             uint64_t off, uint64_t vsize, ULONG prot, uint64_t size,
                             uint64_t file_offset, struct pending_prot *pending)
{
    NTSTATUS st;

    virtual_set_image_protection(addr, off, vsize, prot, 0);
    if (!size)
        return STATUS_SUCCESS;
    st = write_protected(s, p, addr + off, size, file_offset);
    if (st != STATUS_NOT_SUPPORTED)
        return st;
    host_vm_protect(addr + off, ALIGN_UP(vsize, 0x1000), HOST_PROT_READ | HOST_PROT_WRITE);
    pending_add(pending, off, off + vsize);
    return header_bytes(s, p, addr + off, size, file_offset);
}

/* Fill the committed, writable image at addr with its sections; their
 * protections are recorded, and those the host does not have yet are
 * added to pending.  Read-in sections that are not writable get their
 * protection before their bytes (put_readonly); writable ones are backed
 * at once, being written whole now. */
static NTSTATUS load_sections(host_stream_t stream, const struct image_prefix *prefix,
                              const struct image_headers *h, char *addr,
                              struct pending_prot *pending)
{
    unsigned n = h->nt.FileHeader.NumberOfSections;

    for (unsigned i = 0, end; i < n; i = end) {
        IMAGE_SECTION_HEADER run = h->sections[i];
        const IMAGE_SECTION_HEADER *last;
        uint64_t vsize, done;
        NTSTATUS st;

        end = section_run_end(h, i);
        last = &h->sections[end - 1];
        vsize = last->VirtualAddress + section_vsize(last) - run.VirtualAddress;
        if (end > i + 1) {
            run.Misc.VirtualSize = (DWORD)vsize;
            run.SizeOfRawData = last->VirtualAddress - run.VirtualAddress + last->SizeOfRawData;
        }
        ULONG prot = section_protection(run.Characteristics);
        if (!section_mappable(&run) && vsize) {
            uint64_t raw = run.PointerToRawData ? run.SizeOfRawData : 0;
            if (raw > vsize)
                raw = vsize;
            if (!(prot_to_host(prot) & HOST_PROT_WRITE)) {
                if ((st = put_readonly(stream, prefix, addr, run.VirtualAddress, vsize, prot, raw,
                                       run.PointerToRawData, pending)))
                    return st;
                continue;
            }
            if (raw)
                virtual_populate(addr + run.VirtualAddress, ALIGN_UP(vsize, 0x1000),
                                 HOST_VM_POPULATE);
        }
        if ((st = load_section(stream, &run, addr + run.VirtualAddress, vsize, prot_to_host(prot),
                               section_map_flags(&h->sections[i]), &done)))
            return st;
        if (!vsize)
            continue;
        virtual_set_image_protection(addr, run.VirtualAddress, vsize, prot, vsize);
        pending_add(pending, run.VirtualAddress + done, run.VirtualAddress + vsize);
    }
    return STATUS_SUCCESS;
}

NTSTATUS image_map(host_stream_t stream, const struct image_info *info, void **base,
                   struct kobject *section)
{
    struct image_prefix prefix;
    struct image_headers h = { .sections = NULL };
    struct pending_prot pending = { NULL, 0 };
    NTSTATUS st, at_base = STATUS_SUCCESS;
    void *addr = *base ? *base : (void *)(uintptr_t)info->image_base;

    /* the size the section was created with: an image's file does not
       change while it is mapped (and a shorter one fails the reads) */
    if ((st = read_prefix(stream, info->file_size, &prefix)) ||
        (st = read_headers(stream, &prefix, &h, info->file_size)))
        return st;
    if (!(pending.r = kmalloc((h.nt.FileHeader.NumberOfSections + 1) * sizeof(*pending.r)))) {
        st = STATUS_NO_MEMORY;
        goto done;
    }
    st = virtual_reserve(&addr, info->image_size, 0, MEM_RESERVE, PAGE_READONLY, VIEW_IMAGE);
    if (st && !*base) {
        addr = NULL;
        st = virtual_reserve(&addr, info->image_size, 0, MEM_RESERVE | MEM_TOP_DOWN,
                             PAGE_READONLY, VIEW_IMAGE);
        at_base = STATUS_IMAGE_NOT_AT_BASE;
    }
    if (st)
        goto done;
    /* everything writable while we fill it, protections applied after */
    if ((st = virtual_commit(addr, info->image_size, PAGE_READWRITE)))
        goto fail_release;
    /* the headers: read-only, given that before they are written */
    if ((st = put_readonly(stream, &prefix, addr, 0, info->header_size, PAGE_READONLY,
                           info->header_size, 0, &pending)))
        goto fail_release;
    /* each section mapped with its own protection where it can be (they
       never share pages: the section alignment is at least a page), read-
       only read-in ones protected before they are written; the rest
       (writable read-in data, zero-filled tails) protected after */
    if ((st = load_sections(stream, &prefix, &h, addr, &pending)))
        goto fail_release;
    pending_apply(&pending, addr);
    virtual_set_view_section(addr, section);
    *base = addr;
    st = at_base;
    goto done;
fail_release:
    virtual_release(addr);
done:
    kfree(pending.r);
    kfree(h.sections);
    return st;
}

NTSTATUS image_relocate(void *base, int64_t delta)
{
    IMAGE_NT_HEADERS64 *nt = (IMAGE_NT_HEADERS64 *)((char *)base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_BASERELOC];
    char *p = (char *)base + dir->VirtualAddress, *end = p + dir->Size;

    if (!delta || !dir->Size)
        return STATUS_SUCCESS;
    while (p + sizeof(IMAGE_BASE_RELOCATION) <= end) {
        IMAGE_BASE_RELOCATION *block = (IMAGE_BASE_RELOCATION *)p;
        if (block->SizeOfBlock < sizeof(*block) || p + block->SizeOfBlock > end)
            return STATUS_INVALID_IMAGE_FORMAT;
        unsigned count = (block->SizeOfBlock - sizeof(*block)) / 2;
        uint16_t *rel = (uint16_t *)(block + 1);
        char *page = (char *)base + block->VirtualAddress;
        for (unsigned i = 0; i < count; i++) {
            unsigned type = rel[i] >> 12, off = rel[i] & 0xfff;
            if (type == IMAGE_REL_BASED_DIR64)
                *(int64_t *)(page + off) += delta;
            else if (type == IMAGE_REL_BASED_HIGHLOW)
                *(int32_t *)(page + off) += (int32_t)delta;
            else if (type != IMAGE_REL_BASED_ABSOLUTE)
                return STATUS_INVALID_IMAGE_FORMAT;
        }
        p += block->SizeOfBlock;
    }
    return STATUS_SUCCESS;
}

static IMAGE_EXPORT_DIRECTORY *export_dir(void *base, uint32_t *size)
{
    IMAGE_NT_HEADERS64 *nt = (IMAGE_NT_HEADERS64 *)((char *)base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_DATA_DIRECTORY *dir = &nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_EXPORT];
    if (!dir->Size)
        return NULL;
    *size = dir->Size;
    return (IMAGE_EXPORT_DIRECTORY *)((char *)base + dir->VirtualAddress);
}

void *image_find_export(void *base, const char *name)
{
    uint32_t size;
    IMAGE_EXPORT_DIRECTORY *exp = export_dir(base, &size);
    if (!exp)
        return NULL;
    const uint32_t *names = (const uint32_t *)((char *)base + exp->AddressOfNames);
    const uint16_t *ords = (const uint16_t *)((char *)base + exp->AddressOfNameOrdinals);
    const uint32_t *funcs = (const uint32_t *)((char *)base + exp->AddressOfFunctions);
    int lo = 0, hi = (int)exp->NumberOfNames - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(name, (const char *)base + names[mid]);
        if (!c)
            return (char *)base + funcs[ords[mid]];
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

void image_for_each_export(void *base, void (*fn)(void *ctx, const char *name, void *addr),
                           void *ctx)
{
    uint32_t size;
    IMAGE_EXPORT_DIRECTORY *exp = export_dir(base, &size);
    if (!exp)
        return;
    const uint32_t *names = (const uint32_t *)((char *)base + exp->AddressOfNames);
    const uint16_t *ords = (const uint16_t *)((char *)base + exp->AddressOfNameOrdinals);
    const uint32_t *funcs = (const uint32_t *)((char *)base + exp->AddressOfFunctions);
    for (uint32_t i = 0; i < exp->NumberOfNames; i++)
        fn(ctx, (const char *)base + names[i], (char *)base + funcs[ords[i]]);
}

void image_fill_section_info(const struct image_info *info, void *base,
                             SECTION_IMAGE_INFORMATION *out)
{
    memset(out, 0, sizeof(*out));
    out->TransferAddress = (char *)(base ? (uintptr_t)base : info->image_base) + info->entry_rva;
    out->ZeroBits = 0;
    out->MaximumStackSize = info->stack_reserve;
    out->CommittedStackSize = info->stack_commit;
    out->SubSystemType = info->subsystem;
    out->MinorSubsystemVersion = info->subsystem_minor;
    out->MajorSubsystemVersion = info->subsystem_major;
    out->MajorOperatingSystemVersion = info->major_os;
    out->MinorOperatingSystemVersion = info->minor_os;
    out->ImageCharacteristics = info->characteristics;
    out->DllCharacteristics = info->dll_characteristics;
    out->Machine = info->machine;
    out->ImageContainsCode = info->has_code;
    out->ImageFlags = (info->wine_builtin ? 0x40 : 0) | (info->wine_fakedll ? 0x80 : 0);  /* WineBuiltin, WineFakeDll bits */
    out->LoaderFlags = info->loader_flags;
    out->ImageFileSize = info->file_size;
    out->CheckSum = info->checksum;
}

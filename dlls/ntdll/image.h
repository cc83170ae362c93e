/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * image.h - PE images: validation, mapping (SEC_IMAGE) and export lookup.
 */
#ifndef KEEP_IMAGE_H
#define KEEP_IMAGE_H

#include "kernel.h"

/* What the kernel knows about an image file, from its headers. */
struct image_info {
    uint64_t image_base;        /* preferred base */
    uint32_t image_size;        /* SizeOfImage */
    uint32_t header_size;
    uint32_t entry_rva;
    uint16_t machine;
    uint16_t characteristics;
    uint16_t subsystem;
    uint16_t subsystem_major, subsystem_minor;
    uint16_t dll_characteristics;
    uint64_t stack_reserve, stack_commit;
    uint32_t checksum;
    uint32_t loader_flags;
    uint32_t file_size;
    uint32_t section_align;
    uint8_t wine_builtin;       /* "Wine builtin DLL" marker */
    uint8_t wine_fakedll;
    uint8_t has_relocs;
    uint8_t has_code;
    uint16_t major_os, minor_os;
    uint16_t major_image, minor_image;
    uint32_t section_count;
};

/*
 * Read and check the headers of the PE file open as `stream`.
 * STATUS_INVALID_IMAGE_NOT_MZ (no MZ), STATUS_INVALID_IMAGE_FORMAT (bad or
 * truncated headers), STATUS_INVALID_IMAGE_WIN_32 for 32-bit images.
 */
NTSTATUS image_read_info(host_stream_t stream, struct image_info *info);

/*
 * Map the image open as `stream` at *base (its preferred base when *base
 * is NULL, or anywhere if that is taken: STATUS_IMAGE_NOT_AT_BASE).
 * Sections are laid out at their RVAs with their protections.  Relocation
 * is left to the caller (Wine's PE loader relocates DLLs itself).
 */
NTSTATUS image_map(host_stream_t stream, const struct image_info *info,
                   void **base, struct kobject *section);

/* Apply base relocations of a mapped image loaded at delta from its base. */
NTSTATUS image_relocate(void *base, int64_t delta);

/* Look up an exported name in a mapped image; NULL if absent. */
void *image_find_export(void *base, const char *name);

/* Call fn for every named export of a mapped image. */
void image_for_each_export(void *base, void (*fn)(void *ctx, const char *name, void *addr),
                           void *ctx);

/* Fill SECTION_IMAGE_INFORMATION for NtQuerySection. */
void image_fill_section_info(const struct image_info *info, void *base,
                             SECTION_IMAGE_INFORMATION *out);

/* section.c: the image information of a SEC_IMAGE section handle */
NTSTATUS section_image_info(HANDLE section, struct image_info *out);

/* syscall.c */
NTSTATUS syscall_table_init(unsigned table, void *dll_base);
const char *syscall_name(uint32_t id);

#endif /* KEEP_IMAGE_H */

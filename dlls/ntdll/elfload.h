/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * elfload.h - the kernel's own loader for ELF shared libraries: Wine's unix
 * libraries (win32u.so, winspool.so, ...) and the host libraries they load
 * with dlopen (FreeType and what it needs).
 *
 * Why not the host's dynamic linker: a library it loads keeps its data,
 * its heap (the host C library's malloc) and its descriptors outside the
 * memory the kernel handed out, where a snapshot cannot see them, and it
 * may reach the host behind the policy's back (CUPS, D-Bus, sockets).
 * Here a library is mapped from a lib: URI into the kernel's unix-library
 * area (ELF_AREA, at fixed addresses, above the kernel image), and its
 * imports bind to three things only: the kernel's own exports (what
 * Wine's libraries import from ntdll.so), the kernel's C library for unix
 * code (unixlibc.c: malloc on the kernel heap, files as host streams,
 * ...), and the other libraries loaded here.  A library that imports
 * anything else, or uses thread-local storage, is refused with its reason
 * (KEEPDEBUG=loader) rather than half loaded.  Nothing is ever unloaded.
 */
#ifndef KEEP_ELFLOAD_H
#define KEEP_ELFLOAD_H

#include "kernel.h"

/* Where the libraries go: 64 GiB above the kernel image, below its heap. */
#define ELF_AREA (KEEP_KERNEL_BASE + 0x4000000000ull)
#define ELF_AREA_SIZE 0x4000000000ull

struct elf_library;

/*
 * Load lib:name ("win32u.so", "libfreetype.so.6") and the libraries it
 * needs, relocate and initialise them.  Loading the same name again gives
 * the same library.  Errors: STATUS_DLL_NOT_FOUND (no such library, or one
 * it needs), STATUS_INVALID_IMAGE_FORMAT (not an x86-64 ELF shared object,
 * malformed, or uses what this loader does not provide: the reason is
 * kept for elf_last_error), STATUS_NO_MEMORY.
 */
NTSTATUS elf_library_load(const char *name, struct elf_library **out);

/* The address of the symbol name that lib (or a library it needs)
 * exports; NULL if none does. */
void *elf_library_symbol(const struct elf_library *lib, const char *name);

/* The symbol as the libraries see it (the kernel's exports, the C
 * library, then every library in load order); NULL if none has it. */
void *elf_global_symbol(const char *name);

/* Why the last load failed ("" if none did); shared by all threads. */
const char *elf_last_error(void);

/* The ranges of the unix-library area in use (a snapshot names them):
 * each library's mapping, then the C library's mappings.  The first max
 * go to out; returns how many there are. */
size_t elf_spans(struct kspan *out, size_t max);

/* Take size bytes (page multiple) of reserved, no-access address space in
 * the area, for the C library's mmap; NULL if none is left. */
void *elf_area_take(size_t size);

/* Give back a range elf_area_take gave (or a page-aligned part of one):
 * its memory is dropped, the addresses stay the area's.  -1 if it is not
 * such a range. */
int elf_area_give_back(void *addr, size_t size);

/* ---- The C library for unix code (unixlibc.c, unixmath.c) --------------- */

/* The address of the C library function or object name ("malloc",
 * "stderr"), or NULL if the kernel does not provide it. */
void *unixlibc_symbol(const char *name);

/* Is soname one of the C library's own (libc.so.6, libm.so.6, ...), which
 * unixlibc_symbol stands in for? */
int unixlibc_provides(const char *soname);

/* unixmath.c: the libm functions the libraries import (x87-based) */
double unixmath_sin(double x);
double unixmath_cos(double x);
void unixmath_sincos(double x, double *s, double *c);
double unixmath_atan2(double y, double x);
double unixmath_hypot(double x, double y);
double unixmath_log(double x);
double unixmath_pow(double x, double y);
double unixmath_frexp(double x, int *exp);
double unixmath_modf(double x, double *ipart);

/* unixmath.c: setjmp and longjmp with the unix libraries' jmp_buf (only
 * the callee-saved registers, the stack and the return address) */
int keep_unix_setjmp(void *buf) __attribute__((returns_twice));
void keep_unix_longjmp(void *buf, int value) NORETURN;

/* The dlopen family, for unixlibc.c (elfload.c). */
void *elf_dlopen(const char *name, int flags);
void *elf_dlsym(void *handle, const char *name);
int elf_dlclose(void *handle);
char *elf_dlerror(void);

#endif

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pe_check.h - validate a Windows program before anything is started.
 *
 * Every read is bounds-checked against the file size: any byte string,
 * hostile or truncated, gets an answer and never a crash.
 */
#ifndef KEEP_LOADER_PE_CHECK_H
#define KEEP_LOADER_PE_CHECK_H

#include <stddef.h>
#include <stdint.h>

enum pe_result {
    PE_OK = 0,
    PE_NOT_FOUND,       /* no such file (exit 127) */
    PE_UNREADABLE,      /* permission denied, a directory, not a regular file */
    PE_NOT_PE,          /* no MZ, no PE\0\0, e_lfanew out of range */
    PE_32BIT,           /* i386 */
    PE_MACHINE,         /* another machine: ARM64, Itanium... */
    PE_UNSUPPORTED,     /* a 16-bit NE program, a driver, an EFI application */
    PE_DLL,             /* a DLL, not a program */
    PE_TRUNCATED,       /* headers or section data beyond the end of the file */
    PE_CORRUPT,         /* inconsistent headers */
};

/* What a file is checked as. */
enum pe_kind {
    PE_KIND_PROGRAM,    /* a program keep runs: an x86-64 console or GUI EXE */
    PE_KIND_IMAGE,      /* any x86-64 image, EXE or DLL, of any subsystem: its
                           layout alone (the tests check Wine's own DLLs) */
};

/* keep's exit status for a result: 0, 126 or 127. */
int pe_exit_status(enum pe_result r);

/*
 * Check the PE image in data[0..size).  name is the program as the user
 * named it; on failure msg receives "<name>: <reason>" (one line, without
 * the "keep: " prefix).
 */
enum pe_result pe_check_buffer(const void *data, size_t size, const char *name,
                               char *msg, size_t msglen);

/* Check the program at path (read with pread: no mapping, no whole-file read). */
enum pe_result pe_check_file(const char *path, char *msg, size_t msglen);

/* The same for the file at path checked as kind. */
enum pe_result pe_check_file_as(const char *path, enum pe_kind kind, char *msg, size_t msglen);

#endif /* KEEP_LOADER_PE_CHECK_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nt/nt.h - all of keep's Windows NT declarations in one include.
 *
 * The kernel (our ntdll.so) is a Linux LP64 ELF object, so it cannot use
 * Wine's or mingw's Windows headers; nt/ declares every Windows type it
 * shares with Windows code, with fixed-width integers and checked layouts:
 *
 *   types.h    base types, strings, OBJECT_ATTRIBUTES, access rights,
 *              memory/section/file constants
 *   status.h   NTSTATUS values, exception codes and flags
 *   structs.h  TEB, PEB, process parameters, KUSER_SHARED_DATA, CONTEXT,
 *              EXCEPTION_RECORD, API set schema, code page tables
 *   info.h     information classes and their structures, security
 *   pe.h       the PE image format
 *
 * Layout rules: offsets and sizes match Wine 8.0's x86-64 binaries; the
 * _Static_asserts in each header enforce the ones the kernel relies on,
 * and check-layout.sh compares a wider sample with Wine's and mingw's
 * headers.
 */
#ifndef KEEP_NT_NT_H
#define KEEP_NT_NT_H

#include "types.h"
#include "status.h"
#include "structs.h"
#include "info.h"
#include "pe.h"

#endif /* KEEP_NT_NT_H */

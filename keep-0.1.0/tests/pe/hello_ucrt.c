/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hello_ucrt.exe - hello.h on the Universal CRT.  Built with -D_UCRT and
 * linked against libucrt.a instead of libmsvcrt.a (see tests/pe.inc), so
 * it imports api-ms-win-crt-*.dll, which resolve to ucrtbase.dll.
 */
#ifndef _UCRT
#error "build hello_ucrt.c with -D_UCRT and link it with -lucrt (see tests/pe.inc)"
#endif
#define CRT_DLL "ucrtbase.dll"
#define OTHER_CRT_DLL "msvcrt.dll"
#include "hello.h"

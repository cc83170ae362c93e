/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* hello_msvcrt.exe - hello.h on msvcrt.dll, mingw-w64's default runtime. */
#define CRT_DLL "msvcrt.dll"
#define OTHER_CRT_DLL "ucrtbase.dll"
#include "hello.h"

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * testdll.h - the interface of testdll.dll, the DLL that dll.exe loads
 * with LoadLibrary and dllimport.exe imports at load time.
 */
#ifndef KEEP_PE_TESTDLL_H
#define KEEP_PE_TESTDLL_H

#include <windows.h>

#ifdef TESTDLL_BUILD
#define TESTDLL_API __declspec(dllexport)
#else
#define TESTDLL_API __declspec(dllimport)
#endif

/*
 * Where DllMain reports its calls once the loading program has handed it
 * a sink: it outlives the DLL, so DLL_PROCESS_DETACH can be seen too.
 */
struct testdll_sink {
    volatile LONG calls[4];      /* indexed by reason: DLL_PROCESS_DETACH (0) .. DLL_THREAD_DETACH (3) */
    void *volatile detach_reserved;
    volatile DWORD last_thread;  /* the thread of the last thread attach or detach */
};

TESTDLL_API int add(int a, int b);
TESTDLL_API void testdll_set_sink(struct testdll_sink *sink);

/* Kept by DllMain for DLL_PROCESS_ATTACH, before any sink exists. */
TESTDLL_API extern LONG testdll_process_attach;
TESTDLL_API extern HINSTANCE testdll_instance;
TESTDLL_API extern void *testdll_attach_reserved;

#endif /* KEEP_PE_TESTDLL_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * testdll.dll - a DLL for dll.exe and dllimport.exe: exports a function,
 * data, and a DllMain that counts its calls (see testdll.h).
 */
#define TESTDLL_BUILD
#include "testdll.h"

LONG testdll_process_attach;
HINSTANCE testdll_instance;
void *testdll_attach_reserved;

static struct testdll_sink *sink;

int add(int a, int b)
{
    return a + b;
}

void testdll_set_sink(struct testdll_sink *s)
{
    sink = s;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    if (reason == DLL_PROCESS_ATTACH) {
        InterlockedIncrement(&testdll_process_attach);
        testdll_instance = instance;
        testdll_attach_reserved = reserved;
    }
    if (!sink || reason > DLL_THREAD_DETACH)
        return TRUE;
    InterlockedIncrement(&sink->calls[reason]);
    if (reason == DLL_PROCESS_DETACH)
        sink->detach_reserved = reserved;
    if (reason == DLL_THREAD_ATTACH || reason == DLL_THREAD_DETACH)
        sink->last_thread = GetCurrentThreadId();
    return TRUE;
}

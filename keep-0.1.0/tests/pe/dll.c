/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dll.exe - dynamic loading: LoadLibrary of testdll.dll (found next to the
 * exe), GetProcAddress of a function and of data, DllMain's process and
 * thread notifications, reference counting, FreeLibrary, the errors for a
 * missing DLL and a missing export, forwarded exports, module names.
 */
#include "tap.h"
#include "testdll.h"
#include <string.h>

typedef int (*add_fn)(int, int);
typedef void (*set_sink_fn)(struct testdll_sink *);

static struct testdll_sink sink;

/* GetProcAddress as a generic function pointer, to cast to the real type. */
static void (*proc(HMODULE module, const char *name))(void)
{
    return (void (*)(void))GetProcAddress(module, name);
}

static int ends_with_icase(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);

    return n >= m && !_stricmp(s + n - m, suffix);
}

static DWORD WINAPI short_thread(void *arg)
{
    *(DWORD *)arg = GetCurrentThreadId();
    return 0;
}

static void check_thread_notifications(void)
{
    LONG attach = sink.calls[DLL_THREAD_ATTACH], detach = sink.calls[DLL_THREAD_DETACH];
    DWORD id = 0;
    HANDLE h = CreateThread(NULL, 0, short_thread, &id, 0, NULL);

    WaitForSingleObject(h, 10000);
    CloseHandle(h);
    OKF(sink.calls[DLL_THREAD_ATTACH] == attach + 1, "a new thread calls DllMain(DLL_THREAD_ATTACH)",
        "%ld calls", (long)(sink.calls[DLL_THREAD_ATTACH] - attach));
    OKF(sink.calls[DLL_THREAD_DETACH] == detach + 1, "its end calls DllMain(DLL_THREAD_DETACH)",
        "%ld calls", (long)(sink.calls[DLL_THREAD_DETACH] - detach));
    OK(sink.last_thread == id, "in that thread");
}

static void check_loaded(HMODULE dll)
{
    LONG *attach = (LONG *)GetProcAddress(dll, "testdll_process_attach");
    HINSTANCE *instance = (HINSTANCE *)GetProcAddress(dll, "testdll_instance");
    void **reserved = (void **)GetProcAddress(dll, "testdll_attach_reserved");
    add_fn add_ptr = (add_fn)proc(dll, "add");
    set_sink_fn set_sink = (set_sink_fn)proc(dll, "testdll_set_sink");
    char path[MAX_PATH] = "";

    OK(add_ptr != NULL, "GetProcAddress finds add");
    OK(add_ptr && add_ptr(2, 3) == 5, "add(2, 3) is 5");
    OK(attach && instance && reserved && set_sink, "GetProcAddress finds exported data");
    if (!attach || !instance || !reserved || !set_sink)
        return;
    OKF(*attach == 1, "DllMain(DLL_PROCESS_ATTACH) ran once", "%ld times", (long)*attach);
    OK(*instance == dll, "DllMain got the module handle LoadLibrary returned");
    OK(*reserved == NULL, "its lpReserved is NULL for a dynamic load");
    OK(GetModuleHandleA("testdll.dll") == dll, "GetModuleHandle finds the loaded DLL");
    OK(GetModuleHandleA("TESTDLL") == dll, "GetModuleHandle matches without case or extension");
    GetModuleFileNameA(dll, path, sizeof(path));
    OKF(ends_with_icase(path, "\\testdll.dll"), "GetModuleFileName of the DLL", "[%s]", path);

    OK(LoadLibraryA("testdll.dll") == dll, "a second LoadLibrary returns the same module");
    OK(*attach == 1, "without a second DLL_PROCESS_ATTACH");
    OK(FreeLibrary(dll) && GetModuleHandleA("testdll.dll") == dll,
       "one FreeLibrary leaves it loaded");

    set_sink(&sink);
    check_thread_notifications();
}

static void check_load_and_free(void)
{
    HMODULE dll = LoadLibraryA("testdll.dll");

    if (!OK(dll != NULL, "LoadLibrary testdll.dll"))
        return;
    check_loaded(dll);
    OK(FreeLibrary(dll), "the last FreeLibrary");
    OKF(sink.calls[DLL_PROCESS_DETACH] == 1, "it calls DllMain(DLL_PROCESS_DETACH)", "%ld calls",
        (long)sink.calls[DLL_PROCESS_DETACH]);
    OK(sink.detach_reserved == NULL, "with lpReserved NULL for FreeLibrary");
    OK(GetModuleHandleA("testdll.dll") == NULL, "the DLL is no longer loaded");
}

static void check_errors(void)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll");

    SetLastError(0);
    OK(LoadLibraryA("keep-no-such-library.dll") == NULL && GetLastError() == ERROR_MOD_NOT_FOUND,
       "LoadLibrary of a missing DLL fails with ERROR_MOD_NOT_FOUND");
    SetLastError(0);
    OK(GetProcAddress(k32, "KeepNoSuchFunction") == NULL && GetLastError() == ERROR_PROC_NOT_FOUND,
       "GetProcAddress of a missing name fails with ERROR_PROC_NOT_FOUND");
}

static void check_system_modules(void)
{
    HMODULE k32 = GetModuleHandleA("kernel32.dll"), ntdll = GetModuleHandleA("ntdll.dll");
    char path[MAX_PATH] = "";
    DWORD n;

    OK(k32 != NULL, "GetModuleHandle kernel32.dll");
    OK(ntdll != NULL, "GetModuleHandle ntdll.dll");
    OK(GetProcAddress(k32, "GetTickCount") != NULL, "GetProcAddress kernel32!GetTickCount");
    OK(k32 && ntdll &&
           (void *)GetProcAddress(k32, "HeapAlloc") == (void *)GetProcAddress(ntdll, "RtlAllocateHeap"),
       "the forwarded export kernel32!HeapAlloc resolves to ntdll!RtlAllocateHeap");
    OK(GetModuleHandleA(NULL) == (HMODULE)GetModuleHandleA("dll.exe"),
       "GetModuleHandle(NULL) is the exe");
    n = GetModuleFileNameA(NULL, path, sizeof(path));
    OKF(n > 0 && ends_with_icase(path, "\\dll.exe"), "GetModuleFileName of the exe ends with dll.exe",
        "[%s]", path);
    GetModuleFileNameA(k32, path, sizeof(path));
    OKF(ends_with_icase(path, "\\system32\\kernel32.dll"),
        "kernel32.dll is in the system directory", "[%s]", path);
}

int main(void)
{
    check_load_and_free();
    check_errors();
    check_system_modules();
    return tap_done();
}

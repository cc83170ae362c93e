/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dllimport.exe - a load-time import of testdll.dll (found next to the
 * exe): its function and data are bound before main, and its DllMain saw
 * DLL_PROCESS_ATTACH with a non-NULL lpReserved, as for every static load.
 */
#include "tap.h"
#include "testdll.h"

int main(void)
{
    HMODULE dll = GetModuleHandleA("testdll.dll");

    OK(dll != NULL, "testdll.dll was loaded with the exe");
    OK(add(40, 2) == 42, "its imported function add works");
    OKF(testdll_process_attach == 1, "its DllMain(DLL_PROCESS_ATTACH) ran once",
        "%ld times", (long)testdll_process_attach);
    OK(testdll_instance == dll, "with the module handle");
    OK(testdll_attach_reserved != NULL, "and a non-NULL lpReserved (a static load)");
    OK((void *)GetProcAddress(dll, "add") == (void *)add, "the import is bound to the export");
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* A tiny Windows program (and, with -DHELLO_DLL -shared, a DLL): real
   mingw-built images for the PE checks of tests/unit/test_loader. */
#ifdef HELLO_DLL
__declspec(dllexport) int hello(void)
{
    return 42;
}
#else
#include <stdio.h>

int main(void)
{
    puts("hello");
    return 0;
}
#endif

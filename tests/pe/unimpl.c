/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unimpl.exe - what keep does not implement answers STATUS_NOT_IMPLEMENTED
 * and the program goes on: a syscall with no implementation at all
 * (NtCreatePort, NtTraceControl), one keep registers but cannot do
 * (NtCreateMailslotFile) and an information class it lacks
 * (NtQuerySystemInformation's SystemLookasideInformation), each called
 * more than once.  run-pe-test.sh runs it with KEEPDEBUG=syscalls and
 * checks that each is reported exactly once on standard error.
 */
#include "tap.h"
#include <winternl.h>

#define STATUS_NOT_IMPLEMENTED_ ((NTSTATUS)0xC0000002)
#define SYSTEM_LOOKASIDE_INFORMATION 45

typedef NTSTATUS(NTAPI *five_args)(void *, void *, void *, void *, void *);
typedef NTSTATUS(NTAPI *eight_args)(void *, void *, void *, void *, void *, void *, void *, void *);
typedef NTSTATUS(NTAPI *query_system)(ULONG, void *, ULONG, ULONG *);

static FARPROC nt(const char *name)
{
    return GetProcAddress(GetModuleHandleA("ntdll.dll"), name);
}

int main(void)
{
    five_args create_port = (five_args)nt("NtCreatePort");
    five_args trace_control = (five_args)nt("NtTraceControl");
    eight_args mailslot = (eight_args)nt("NtCreateMailslotFile");
    query_system query = (query_system)nt("NtQuerySystemInformation");
    HANDLE port = NULL;
    char buf[256];
    ULONG len = 0;
    NTSTATUS st;
    int i;

    if (!OK(create_port && trace_control && mailslot && query, "ntdll exports the four calls"))
        return tap_done();
    for (i = 0; i < 3; i++) {
        st = create_port(&port, NULL, 0, 0, 0);
        OKF(st == STATUS_NOT_IMPLEMENTED_, "NtCreatePort answers STATUS_NOT_IMPLEMENTED",
            "%#lx", (unsigned long)st);
    }
    st = trace_control(0, NULL, 0, NULL, 0);
    OKF(st == STATUS_NOT_IMPLEMENTED_, "NtTraceControl answers STATUS_NOT_IMPLEMENTED", "%#lx",
        (unsigned long)st);
    for (i = 0; i < 2; i++) {
        st = mailslot(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
        OKF(st == STATUS_NOT_IMPLEMENTED_, "NtCreateMailslotFile answers STATUS_NOT_IMPLEMENTED",
            "%#lx", (unsigned long)st);
        st = query(SYSTEM_LOOKASIDE_INFORMATION, buf, sizeof(buf), &len);
        OKF(st == STATUS_NOT_IMPLEMENTED_, "an information class keep lacks: STATUS_NOT_IMPLEMENTED",
            "%#lx", (unsigned long)st);
    }
    OK(GetCurrentProcessId() != 0, "the program goes on");
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * privilege.h - enable a privilege in the process token, as programs that
 * save, load or restore registry hives must (SeBackupPrivilege,
 * SeRestorePrivilege).  Failure is silent: the checks that need the
 * privilege say what went wrong.
 */
#ifndef KEEP_PE_PRIVILEGE_H
#define KEEP_PE_PRIVILEGE_H

#include <windows.h>

static inline void enable_privilege(const WCHAR *name)
{
    TOKEN_PRIVILEGES tp = { 1, { { { 0, 0 }, SE_PRIVILEGE_ENABLED } } };
    HANDLE token;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES, &token))
        return;
    if (LookupPrivilegeValueW(NULL, name, &tp.Privileges[0].Luid))
        AdjustTokenPrivileges(token, FALSE, &tp, 0, NULL, NULL);
    CloseHandle(token);
}

#endif /* KEEP_PE_PRIVILEGE_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_close.exe - a harness that closes other processes' windows: it
 * starts Wine's notepad.exe and winemine.exe (from system32) with
 * CreateProcess, waits for each to go idle (WaitForInputIdle), finds its
 * main window from here (FindWindow by class, EnumWindows with
 * GetWindowThreadProcessId, GetClassName, GetWindowText, IsWindowVisible,
 * GetWindowRect),
 * posts WM_CLOSE to it and checks that the program then ends by itself,
 * with exit code 0, its window gone.  Last, a notepad.exe killed with
 * TerminateProcess (its windows never destroyed): its window is no longer
 * found.  Under keep each program is its own
 * picoprocess: this works only through the instance's shared desktop
 * (docs/gui.md).
 *
 * "gui_close.exe [EXE CLASS]..." closes those programs instead of the
 * default two.
 */
#include "tap.h"
#include <string.h>
#include <wchar.h>

struct found {
    DWORD pid;
    HWND hwnd;
    int count;
};

static BOOL CALLBACK find_by_pid(HWND hwnd, LPARAM lp)
{
    struct found *f = (struct found *)lp;
    DWORD pid = 0;

    GetWindowThreadProcessId(hwnd, &pid);
    if (pid == f->pid) {
        if (!f->count)
            f->hwnd = hwnd;
        f->count++;
    }
    return TRUE;
}

/* The child's window of class cls, found with FindWindowEx (which, like
 * FindWindow, looks through every process's top-level windows: another
 * program of the instance may have one of that class too); NULL if none. */
static HWND find_child_window(const wchar_t *cls, DWORD child)
{
    HWND hwnd = NULL;
    DWORD pid;

    while ((hwnd = FindWindowExW(NULL, hwnd, cls, NULL))) {
        pid = 0;
        GetWindowThreadProcessId(hwnd, &pid);
        if (pid == child)
            return hwnd;
    }
    return NULL;
}

/* The child's window once it has one: a program may go idle (a first
 * empty message queue) before it makes its main window, on Windows and on
 * Wine too, so WaitForInputIdle alone does not promise one; 20 s at most. */
static HWND wait_child_window(const wchar_t *cls, DWORD child)
{
    HWND hwnd;

    for (int i = 0; i < 400 && !(hwnd = find_child_window(cls, child)); i++)
        Sleep(50);
    return hwnd;
}

static BOOL CALLBACK show_window(HWND hwnd, LPARAM lp)
{
    wchar_t cls[64] = L"";
    DWORD pid = 0;

    (void)lp;
    GetWindowThreadProcessId(hwnd, &pid);
    GetClassNameW(hwnd, cls, 64);
    tap_diag("top-level window %p of pid %lu, class \"%ls\"", (void *)hwnd, (unsigned long)pid, cls);
    return TRUE;
}

/* A posted message nobody handles specially: the program must go on. */
static void check_still_running(HANDLE process, HWND hwnd, const char *exe)
{
    char desc[128];

    snprintf(desc, sizeof(desc), "PostMessage(WM_NULL) to %s's window", exe);
    OK(PostMessageW(hwnd, WM_NULL, 0, 0), desc);
    snprintf(desc, sizeof(desc), "%s still runs 500 ms after WM_NULL", exe);
    OKF(WaitForSingleObject(process, 500) == WAIT_TIMEOUT, desc, "it ended");
}

static void close_app(const wchar_t *exe, const wchar_t *cls)
{
    STARTUPINFOW si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    wchar_t path[MAX_PATH], cmdline[MAX_PATH + 2], name[64] = L"", title[256] = L"";
    char exe_a[64];
    char desc[256];
    struct found f = { 0 };
    HWND hwnd;
    DWORD pid = 0, tid, code = 0xdead, idle;

    snprintf(exe_a, sizeof(exe_a), "%ls", exe);
    GetSystemDirectoryW(path, MAX_PATH);
    wcscat(path, L"\\");
    wcscat(path, exe);
    swprintf(cmdline, MAX_PATH + 2, L"\"%ls\"", path);
    snprintf(desc, sizeof(desc), "CreateProcess %ls", path);
    if (!OK(CreateProcessW(path, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi), desc))
        return;

    idle = WaitForInputIdle(pi.hProcess, 60000);
    snprintf(desc, sizeof(desc), "WaitForInputIdle: %s waits for input", exe_a);
    OKF(idle == 0, desc, "returned %lu", (unsigned long)idle);

    hwnd = wait_child_window(cls, pi.dwProcessId);
    snprintf(desc, sizeof(desc), "FindWindow(\"%ls\") finds %s's window", cls, exe_a);
    if (!OKF(hwnd != NULL && FindWindowW(cls, NULL) != NULL, desc, "error %lu", GetLastError())) {
        EnumWindows(show_window, 0);
        goto kill;
    }
    tid = GetWindowThreadProcessId(hwnd, &pid);
    snprintf(desc, sizeof(desc), "GetWindowThreadProcessId: it is the child's (pid %lu)",
             (unsigned long)pi.dwProcessId);
    OKF(pid == pi.dwProcessId && tid != 0, desc, "pid %lu tid %lu", (unsigned long)pid,
          (unsigned long)tid);

    f.pid = pi.dwProcessId;
    EnumWindows(find_by_pid, (LPARAM)&f);
    snprintf(desc, sizeof(desc), "EnumWindows lists the child's top-level window");
    OKF(f.count >= 1 && f.hwnd == hwnd, desc, "%d windows, first %p", f.count, (void *)f.hwnd);

    GetClassNameW(hwnd, name, 64);
    snprintf(desc, sizeof(desc), "GetClassName of the foreign window: \"%ls\"", cls);
    OKF(!wcscmp(name, cls), desc, "\"%ls\"", name);
    GetWindowTextW(hwnd, title, 256);
    snprintf(desc, sizeof(desc), "GetWindowText of the foreign window: \"%ls\"", title);
    OKF(wcsstr(title, exe[0] == L'n' ? L"Notepad" : L"Mine") != NULL, desc, "\"%ls\"", title);
    snprintf(desc, sizeof(desc), "%s's window is a visible top-level window", exe_a);
    OKF(IsWindow(hwnd) && IsWindowVisible(hwnd) && GetParent(hwnd) == NULL &&
          GetAncestor(hwnd, GA_PARENT) == GetDesktopWindow(), desc, "IsWindow %d visible %d",
          IsWindow(hwnd), IsWindowVisible(hwnd));

    RECT wr = { 0 }, cr = { 0 };
    snprintf(desc, sizeof(desc), "GetWindowRect/GetClientRect of the foreign window");
    OKF(GetWindowRect(hwnd, &wr) && GetClientRect(hwnd, &cr) && wr.right > wr.left &&
            wr.bottom > wr.top && cr.left == 0 && cr.top == 0 && cr.right > 0 &&
            cr.right <= wr.right - wr.left && cr.bottom <= wr.bottom - wr.top,
        desc, "window %ld,%ld-%ld,%ld client %ldx%ld", wr.left, wr.top, wr.right, wr.bottom,
        cr.right, cr.bottom);

    check_still_running(pi.hProcess, hwnd, exe_a);

    snprintf(desc, sizeof(desc), "PostMessage(WM_CLOSE) to %s's window", exe_a);
    OK(PostMessageW(hwnd, WM_CLOSE, 0, 0), desc);
    snprintf(desc, sizeof(desc), "%s ends after WM_CLOSE", exe_a);
    if (!OKF(WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0, desc, "still running"))
        goto kill;
    GetExitCodeProcess(pi.hProcess, &code);
    snprintf(desc, sizeof(desc), "%s exit code 0 (its own message loop's WM_QUIT)", exe_a);
    OKF(code == 0, desc, "exit code %#lx", (unsigned long)code);
    snprintf(desc, sizeof(desc), "%s's window is gone", exe_a);
    OKF(!IsWindow(hwnd) && !find_child_window(cls, pi.dwProcessId), desc, "IsWindow %d",
          IsWindow(hwnd));
    goto done;
kill:
    TerminateProcess(pi.hProcess, 99);
    WaitForSingleObject(pi.hProcess, 5000);
done:
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

/* A process that dies without destroying its windows leaves none behind. */
static void killed_app(void)
{
    STARTUPINFOW si = { .cb = sizeof(si) };
    PROCESS_INFORMATION pi;
    wchar_t path[MAX_PATH];
    HWND hwnd;

    GetSystemDirectoryW(path, MAX_PATH);
    wcscat(path, L"\\notepad.exe");
    if (!OK(CreateProcessW(path, NULL, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi),
            "CreateProcess notepad.exe (to be killed)"))
        return;
    WaitForInputIdle(pi.hProcess, 60000);
    hwnd = wait_child_window(L"Notepad", pi.dwProcessId);
    OK(hwnd != NULL, "its window is found");
    OK(TerminateProcess(pi.hProcess, 7) && WaitForSingleObject(pi.hProcess, 30000) == WAIT_OBJECT_0,
       "TerminateProcess ends it");
    OK(!IsWindow(hwnd) && !find_child_window(L"Notepad", pi.dwProcessId),
       "the killed process's window is gone from the shared desktop");
    SetLastError(0);
    OK(!PostMessageW(hwnd, WM_CLOSE, 0, 0) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE,
       "PostMessage to it fails with ERROR_INVALID_WINDOW_HANDLE");
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
}

int wmain(int argc, wchar_t **argv)
{
    HWND bogus = (HWND)(ULONG_PTR)0x7ffe0042;

    SetLastError(0);
    OK(!PostMessageW(bogus, WM_CLOSE, 0, 0) && GetLastError() == ERROR_INVALID_WINDOW_HANDLE,
       "PostMessage to no window fails with ERROR_INVALID_WINDOW_HANDLE");
    OK(FindWindowW(L"keep no such class", NULL) == NULL, "FindWindow of a class nobody has: none");
    if (argc >= 3) {
        for (int i = 1; i + 1 < argc; i += 2)
            close_app(argv[i], argv[i + 1]);
    } else {
        close_app(L"notepad.exe", L"Notepad");
        close_app(L"winemine.exe", L"WineMine");
        killed_app();
    }
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_controls.c - user32's own controls and dialogs on keep: a BUTTON
 * clicked with BM_CLICK notifies its parent with WM_COMMAND/BN_CLICKED; a
 * check box keeps its state; a STATIC keeps its text; a MessageBox (a
 * dialog run by user32's dialog manager) is found by its caption and
 * closed from a timer, and returns IDOK.
 */
#include <windows.h>

#include "tap.h"

#define ID_BUTTON 101
#define ID_CHECK 102

static int clicks;
static HWND clicked_from;
static int box_found;

static LRESULT CALLBACK parent_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_COMMAND && LOWORD(wp) == ID_BUTTON && HIWORD(wp) == BN_CLICKED) {
        clicks++;
        clicked_from = (HWND)lp;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

/* Close the message box the way a user would: its OK command. */
static void CALLBACK close_box(HWND hwnd, UINT msg, UINT_PTR id, DWORD time)
{
    HWND box = FindWindowW(L"#32770", L"keep message");

    (void)hwnd, (void)msg, (void)time;
    if (box) {
        box_found = 1;
        PostMessageW(box, WM_COMMAND, IDOK, 0);
    }
    KillTimer(NULL, id);
}

int main(void)
{
    WNDCLASSW wc = { 0 };
    WCHAR text[64] = { 0 };

    wc.lpfnWndProc = parent_proc;
    wc.lpszClassName = L"keep_controls";
    OK(RegisterClassW(&wc), "RegisterClass");
    HWND parent = CreateWindowW(L"keep_controls", L"controls", WS_OVERLAPPEDWINDOW, 0, 0, 300, 200,
                                NULL, NULL, NULL, NULL);
    OK(parent != NULL, "the parent window");

    HWND button = CreateWindowW(L"BUTTON", L"Go", WS_CHILD | WS_VISIBLE | BS_PUSHBUTTON, 10, 10, 80,
                                24, parent, (HMENU)ID_BUTTON, NULL, NULL);
    OK(button != NULL, "a BUTTON control");
    SendMessageW(button, BM_CLICK, 0, 0);
    OKF(clicks == 1 && clicked_from == button, "BM_CLICK reaches the parent as WM_COMMAND/BN_CLICKED",
        "clicks %d from %p", clicks, (void *)clicked_from);
    GetWindowTextW(button, text, 64);
    OK(!lstrcmpW(text, L"Go"), "the button's text");

    HWND check = CreateWindowW(L"BUTTON", L"Tick", WS_CHILD | WS_VISIBLE | BS_AUTOCHECKBOX, 10, 40,
                               80, 24, parent, (HMENU)ID_CHECK, NULL, NULL);
    OK(check && SendMessageW(check, BM_GETCHECK, 0, 0) == BST_UNCHECKED, "a check box, unchecked");
    SendMessageW(check, BM_CLICK, 0, 0);
    OK(SendMessageW(check, BM_GETCHECK, 0, 0) == BST_CHECKED, "a click checks it");
    OK(IsDlgButtonChecked(parent, ID_CHECK) == BST_CHECKED, "IsDlgButtonChecked agrees");

    HWND label = CreateWindowW(L"STATIC", L"label", WS_CHILD | WS_VISIBLE, 10, 70, 80, 20, parent,
                               NULL, NULL, NULL);
    SetWindowTextW(label, L"new label");
    GetWindowTextW(label, text, 64);
    OK(label && !lstrcmpW(text, L"new label"), "a STATIC keeps its text");

    SetTimer(NULL, 0, 200, close_box);
    int r = MessageBoxW(parent, L"Closed by a timer", L"keep message", MB_OK);
    OKF(box_found && r == IDOK, "a MessageBox, found by its caption and closed from a timer",
        "found %d, returned %d", box_found, r);

    OK(DestroyWindow(parent) && !IsWindow(button), "DestroyWindow takes the controls with it");
    return tap_done();
}

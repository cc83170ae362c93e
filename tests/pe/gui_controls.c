/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_controls.c - user32's own controls and dialogs on keep: a BUTTON
 * clicked with BM_CLICK notifies its parent with WM_COMMAND/BN_CLICKED; a
 * check box keeps its state; a STATIC keeps its text; an EDIT control
 * keeps, selects, replaces, limits and undoes its text and notifies its
 * parent (EN_CHANGE, EN_MAXTEXT); a multi-line EDIT counts and returns its
 * lines; a MessageBox (a dialog run by user32's dialog manager) is found
 * by its caption and closed from a timer, and returns IDOK.
 */
#include <windows.h>

#include "tap.h"

#define ID_BUTTON 101
#define ID_CHECK 102
#define ID_EDIT 103

static int clicks;
static HWND clicked_from;
static int box_found;
static int edit_changes, edit_maxtext;

static LRESULT CALLBACK parent_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_COMMAND && LOWORD(wp) == ID_BUTTON && HIWORD(wp) == BN_CLICKED) {
        clicks++;
        clicked_from = (HWND)lp;
    }
    if (msg == WM_COMMAND && LOWORD(wp) == ID_EDIT && HIWORD(wp) == EN_CHANGE)
        edit_changes++;
    if (msg == WM_COMMAND && LOWORD(wp) == ID_EDIT && HIWORD(wp) == EN_MAXTEXT)
        edit_maxtext++;
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

/* A single-line EDIT: text, selection, replacement, limit, undo. */
static void check_edit(HWND parent)
{
    WCHAR text[64] = { 0 };
    DWORD start = 99, end = 99;
    HWND edit = CreateWindowW(L"EDIT", L"hello", WS_CHILD | WS_VISIBLE | WS_BORDER | ES_AUTOHSCROLL,
                              10, 100, 200, 24, parent, (HMENU)ID_EDIT, NULL, NULL);

    if (!OK(edit != NULL, "an EDIT control"))
        return;
    GetWindowTextW(edit, text, 64);
    OKF(!lstrcmpW(text, L"hello") && GetWindowTextLengthW(edit) == 5, "its initial text",
        "%ls", text);
    edit_changes = 0;
    SetWindowTextW(edit, L"hello world");
    GetWindowTextW(edit, text, 64);
    OKF(!lstrcmpW(text, L"hello world") && edit_changes == 1,
        "SetWindowText replaces it and notifies EN_CHANGE", "%ls, %d changes", text, edit_changes);
    SendMessageW(edit, EM_SETSEL, 6, 11);
    SendMessageW(edit, EM_GETSEL, (WPARAM)&start, (LPARAM)&end);
    OKF(start == 6 && end == 11, "EM_SETSEL/EM_GETSEL", "%lu-%lu", start, end);
    SendMessageW(edit, EM_REPLACESEL, TRUE, (LPARAM)L"keep");
    GetWindowTextW(edit, text, 64);
    SendMessageW(edit, EM_GETSEL, (WPARAM)&start, (LPARAM)&end);
    OKF(!lstrcmpW(text, L"hello keep") && start == 10 && end == 10 && edit_changes == 2,
        "EM_REPLACESEL replaces the selection, leaves the caret after it, EN_CHANGE",
        "%ls %lu-%lu, %d changes", text, start, end, edit_changes);
    OK(SendMessageW(edit, EM_CANUNDO, 0, 0) && SendMessageW(edit, EM_GETMODIFY, 0, 0),
       "the replacement can be undone and marks the text modified");
    SendMessageW(edit, EM_UNDO, 0, 0);
    GetWindowTextW(edit, text, 64);
    OKF(!lstrcmpW(text, L"hello world"), "EM_UNDO restores the text", "%ls", text);
    SendMessageW(edit, EM_SETLIMITTEXT, 12, 0);
    SendMessageW(edit, EM_SETSEL, -1, -1);
    edit_maxtext = 0;
    SendMessageW(edit, EM_REPLACESEL, FALSE, (LPARAM)L"!!!!");
    GetWindowTextW(edit, text, 64);
    OKF(!lstrcmpW(text, L"hello world!") && edit_maxtext == 1 &&
            SendMessageW(edit, EM_GETLIMITTEXT, 0, 0) == 12,
        "EM_SETLIMITTEXT cuts what does not fit and notifies EN_MAXTEXT", "%ls, %d", text,
        edit_maxtext);
    OK(DestroyWindow(edit), "DestroyWindow of the EDIT");
}

/* A multi-line EDIT: lines counted, read one by one, located. */
static void check_multiline_edit(HWND parent)
{
    WCHAR line[32] = { 0 };
    HWND edit = CreateWindowW(L"EDIT", L"one\r\ntwo\r\nthree", WS_CHILD | WS_VISIBLE | ES_MULTILINE,
                              10, 130, 200, 80, parent, NULL, NULL, NULL);
    LRESULT len;

    if (!OK(edit != NULL, "a multi-line EDIT control"))
        return;
    OKF(SendMessageW(edit, EM_GETLINECOUNT, 0, 0) == 3, "EM_GETLINECOUNT", "%ld",
        (long)SendMessageW(edit, EM_GETLINECOUNT, 0, 0));
    *(WORD *)line = ARRAYSIZE(line);
    len = SendMessageW(edit, EM_GETLINE, 1, (LPARAM)line);
    line[len] = 0;
    OKF(len == 3 && !lstrcmpW(line, L"two"), "EM_GETLINE of the second line", "%ld %ls",
        (long)len, line);
    OKF(SendMessageW(edit, EM_LINEINDEX, 2, 0) == 10 && SendMessageW(edit, EM_LINELENGTH, 10, 0) == 5 &&
            SendMessageW(edit, EM_LINEFROMCHAR, 6, 0) == 1,
        "EM_LINEINDEX, EM_LINELENGTH, EM_LINEFROMCHAR", "%ld %ld %ld",
        (long)SendMessageW(edit, EM_LINEINDEX, 2, 0), (long)SendMessageW(edit, EM_LINELENGTH, 10, 0),
        (long)SendMessageW(edit, EM_LINEFROMCHAR, 6, 0));
    DestroyWindow(edit);
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

    check_edit(parent);
    check_multiline_edit(parent);

    SetTimer(NULL, 0, 200, close_box);
    int r = MessageBoxW(parent, L"Closed by a timer", L"keep message", MB_OK);
    OKF(box_found && r == IDOK, "a MessageBox, found by its caption and closed from a timer",
        "found %d, returned %d", box_found, r);

    OK(DestroyWindow(parent) && !IsWindow(button), "DestroyWindow takes the controls with it");
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_input.c - hardware input without a display: SendInput's keys,
 * characters and mouse reach the focus window and the window under the
 * cursor through the server's hardware message queue (send_hardware_message,
 * get_message, accept_hardware_message), TranslateMessage makes WM_CHAR
 * from the key state, and the key state and cursor position answer.
 * Headless (the null driver).  Relative moves stay under user32's
 * acceleration threshold, as on Windows.
 */
#include <windows.h>
#include <windowsx.h>

#include "tap.h"

static UINT seen_msg[32];
static WPARAM seen_wp[32];
static LPARAM seen_lp[32];
static int seen;

static LRESULT CALLBACK wndproc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_KEYDOWN: case WM_KEYUP: case WM_CHAR: case WM_LBUTTONDOWN: case WM_LBUTTONUP:
    case WM_RBUTTONDOWN: case WM_MOUSEWHEEL: case WM_MOUSEMOVE:
        if (seen < 32) {
            seen_msg[seen] = msg;
            seen_wp[seen] = wp;
            seen_lp[seen] = lp;
            seen++;
        }
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

/* Handle what is queued now (hardware input included). */
static void pump(void)
{
    MSG msg;

    for (int round = 0; round < 20; round++) {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE)) {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        Sleep(10);
    }
}

static int find(int from, UINT msg)
{
    for (int i = from; i < seen; i++)
        if (seen_msg[i] == msg)
            return i;
    return -1;
}

static UINT send_key(WORD vk, WORD scan, DWORD flags)
{
    INPUT in = { .type = INPUT_KEYBOARD };

    in.ki.wVk = vk;
    in.ki.wScan = scan;
    in.ki.dwFlags = flags;
    return SendInput(1, &in, sizeof(in));
}

static UINT send_mouse(DWORD flags, DWORD data)
{
    INPUT in = { .type = INPUT_MOUSE };

    in.mi.dwFlags = flags;
    in.mi.mouseData = data;
    return SendInput(1, &in, sizeof(in));
}

int main(void)
{
    WNDCLASSW wc = { .lpfnWndProc = wndproc, .lpszClassName = L"keep_gui_input" };
    POINT origin = { 0, 0 }, pos;
    HWND hwnd;
    int i;

    wc.hInstance = GetModuleHandleW(NULL);
    OK(RegisterClassW(&wc), "class registered");
    hwnd = CreateWindowExW(0, wc.lpszClassName, L"input", WS_POPUP | WS_VISIBLE, 100, 100, 300, 200, NULL, NULL,
                           wc.hInstance, NULL);
    OK(hwnd != NULL, "a visible popup window at 100,100");
    SetForegroundWindow(hwnd);
    SetFocus(hwnd);
    OK(GetFocus() == hwnd, "it has the focus");
    pump();

    /* a key: down and up, made a character by TranslateMessage */
    OK(send_key('A', 0x1e, 0) == 1 && send_key('A', 0x1e, KEYEVENTF_KEYUP) == 1, "SendInput: key A down and up");
    seen = 0;
    pump();
    int down = find(0, WM_KEYDOWN), ch = find(0, WM_CHAR), up = find(0, WM_KEYUP);
    OKF(down >= 0 && seen_wp[down] == 'A' && ((seen_lp[down] >> 16) & 0xff) == 0x1e, "WM_KEYDOWN 'A', scan code 0x1e",
        "index %d", down);
    OKF(ch > down && seen_wp[ch] == 'a', "then WM_CHAR 'a'", "index %d wp %#x", ch, ch >= 0 ? (unsigned)seen_wp[ch] : 0);
    OKF(up > ch && seen_wp[up] == 'A' && (seen_lp[up] & 0xc0000000) == 0xc0000000, "then WM_KEYUP 'A' (up, was down)",
        "index %d", up);

    /* shift held: a capital */
    send_key(VK_SHIFT, 0x2a, 0);
    OK((GetAsyncKeyState(VK_SHIFT) & 0x8000) != 0, "GetAsyncKeyState: shift down at once");
    send_key('B', 0x30, 0);
    send_key('B', 0x30, KEYEVENTF_KEYUP);
    seen = 0;
    pump();
    ch = find(0, WM_CHAR);
    OKF(ch >= 0 && seen_wp[ch] == 'B', "with shift down, WM_CHAR 'B'", "index %d", ch);
    send_key(VK_SHIFT, 0x2a, KEYEVENTF_KEYUP);
    pump();
    OK(!(GetKeyState(VK_SHIFT) & 0x8000), "GetKeyState: shift up again");

    /* a character that is no key */
    send_key(0, 0xe9, KEYEVENTF_UNICODE);
    send_key(0, 0xe9, KEYEVENTF_UNICODE | KEYEVENTF_KEYUP);
    seen = 0;
    pump();
    ch = find(0, WM_CHAR);
    OKF(ch >= 0 && seen_wp[ch] == 0xe9, "KEYEVENTF_UNICODE: WM_CHAR 0xe9", "index %d", ch);

    /* the mouse: where the cursor is, a click in client coordinates */
    ClientToScreen(hwnd, &origin);
    OK(SetCursorPos(origin.x + 30, origin.y + 40), "SetCursorPos into the window");
    OK(GetCursorPos(&pos) && pos.x == origin.x + 30 && pos.y == origin.y + 40, "GetCursorPos answers it");
    seen = 0;
    send_mouse(MOUSEEVENTF_LEFTDOWN, 0);
    send_mouse(MOUSEEVENTF_LEFTUP, 0);
    send_mouse(MOUSEEVENTF_WHEEL, (DWORD)-120);
    pump();
    i = find(0, WM_LBUTTONDOWN);
    OKF(i >= 0 && GET_X_LPARAM(seen_lp[i]) == 30 && GET_Y_LPARAM(seen_lp[i]) == 40 && (seen_wp[i] & MK_LBUTTON),
        "WM_LBUTTONDOWN at client 30,40 with MK_LBUTTON", "index %d", i);
    int j = find(i + 1, WM_LBUTTONUP), k = find(j + 1, WM_MOUSEWHEEL);
    OKF(j > i && GET_X_LPARAM(seen_lp[j]) == 30 && !(seen_wp[j] & MK_LBUTTON), "then WM_LBUTTONUP", "index %d", j);
    OKF(k > j && GET_WHEEL_DELTA_WPARAM(seen_wp[k]) == -120, "then WM_MOUSEWHEEL -120", "index %d", k);

    /* relative motion moves the cursor (under the acceleration threshold,
     * 6 pixels by default, beyond which user32 doubles a move) */
    INPUT move = { .type = INPUT_MOUSE };
    move.mi.dx = 5;
    move.mi.dy = -4;
    move.mi.dwFlags = MOUSEEVENTF_MOVE;
    SendInput(1, &move, sizeof(move));
    pump();
    GetCursorPos(&pos);
    OKF(pos.x == origin.x + 35 && pos.y == origin.y + 36, "a relative move of 5,-4", "at %ld,%ld, from %ld,%ld",
        pos.x, pos.y, origin.x + 30, origin.y + 40);

    /* moves queued one after another come as one WM_MOUSEMOVE, at the last place */
    seen = 0;
    move.mi.dx = 1;
    move.mi.dy = 1;
    for (i = 0; i < 3; i++)
        SendInput(1, &move, sizeof(move));
    pump();
    int moves = 0, last = -1;
    for (i = 0; i < seen; i++)
        if (seen_msg[i] == WM_MOUSEMOVE)
            moves++, last = i;
    OKF(moves == 1 && GET_X_LPARAM(seen_lp[last]) == 38 && GET_Y_LPARAM(seen_lp[last]) == 39,
        "three queued moves: one WM_MOUSEMOVE at client 38,39", "%d moves, last at %d,%d", moves,
        last >= 0 ? GET_X_LPARAM(seen_lp[last]) : -1, last >= 0 ? GET_Y_LPARAM(seen_lp[last]) : -1);

    DestroyWindow(hwnd);
    return tap_done();
}

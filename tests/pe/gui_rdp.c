/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_rdp.c - a GUI program for `keep run --rdp` (tests/rdp/test_rdp_program):
 * a top-level window whose client area shows a known picture, painted
 * with GDI (FillRect, TextOut) both at once through GetDC and on WM_PAINT;
 * it reports on stdout where its client area is on the screen
 * ("ready X Y W H") and then each key, character and click it receives
 * ("keydown 0x41", "char 0x61", "lbuttondown X Y", ... in client
 * coordinates, "wheel DELTA"), and exits with status 7 when it gets the
 * character 'q'.  The character 'o' opens a 60x60 magenta popup window
 * over its client area at (150,50) ("popup"), 'c' closes it ("closed"),
 * 'm' moves the main window to (300,250) ("moved X Y": the client
 * area's new screen origin).
 *
 * The picture, in client coordinates: red (0,0)-(100,100), green
 * (100,0)-(200,100), blue (200,0)-(300,100), yellow (0,100)-(300,200),
 * white elsewhere, with "keep" in black 24-pixel text at (10,210).
 */
#include <stdio.h>
#include <windows.h>
#include <windowsx.h>

static void paint(HDC dc)
{
    static const struct { RECT r; COLORREF c; } blocks[] = {
        { { 0, 0, 100, 100 }, RGB(255, 0, 0) },   { { 100, 0, 200, 100 }, RGB(0, 255, 0) },
        { { 200, 0, 300, 100 }, RGB(0, 0, 255) }, { { 0, 100, 300, 200 }, RGB(255, 255, 0) },
    };
    RECT all = { 0, 0, 2000, 2000 };
    HFONT font, old;

    FillRect(dc, &all, GetStockObject(WHITE_BRUSH));
    for (size_t i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
        HBRUSH b = CreateSolidBrush(blocks[i].c);
        FillRect(dc, &blocks[i].r, b);
        DeleteObject(b);
    }
    font = CreateFontW(24, 0, 0, 0, FW_BOLD, 0, 0, 0, DEFAULT_CHARSET, 0, 0, NONANTIALIASED_QUALITY, 0, L"Arial");
    old = SelectObject(dc, font);
    SetTextColor(dc, RGB(0, 0, 0));
    SetBkMode(dc, TRANSPARENT);
    TextOutW(dc, 10, 210, L"keep", 4);
    SelectObject(dc, old);
    DeleteObject(font);
}

static HWND popup;

static void paint_popup(HWND hwnd)
{
    RECT r = { 0, 0, 60, 60 };
    HBRUSH b = CreateSolidBrush(RGB(255, 0, 255));
    HDC dc = GetDC(hwnd);

    FillRect(dc, &r, b);
    ReleaseDC(hwnd, dc);
    DeleteObject(b);
}

static void report_origin(HWND hwnd, const char *what)
{
    POINT origin = { 0, 0 };

    ClientToScreen(hwnd, &origin);
    printf("%s %ld %ld\n", what, origin.x, origin.y);
}

/* The characters that act: see the top of the file. */
static void command(HWND hwnd, WPARAM ch)
{
    POINT at = { 150, 50 };

    switch (ch) {
    case 'q':
        PostQuitMessage(7);
        break;
    case 'o':
        ClientToScreen(hwnd, &at);
        /* shown without taking the focus: keys still come here */
        popup = CreateWindowExW(WS_EX_NOACTIVATE, L"keep_gui_rdp_popup", L"", WS_POPUP, at.x, at.y, 60, 60, hwnd,
                                NULL, GetModuleHandleW(NULL), NULL);
        ShowWindow(popup, SW_SHOWNOACTIVATE);
        paint_popup(popup);
        printf("%s\n", popup ? "popup" : "no popup");
        break;
    case 'c':
        DestroyWindow(popup);
        popup = NULL;
        printf("closed\n");
        break;
    case 'm':
        SetWindowPos(hwnd, NULL, 300, 250, 0, 0, SWP_NOSIZE | SWP_NOZORDER | SWP_NOACTIVATE);
        report_origin(hwnd, "moved");
        break;
    }
}

static LRESULT CALLBACK popup_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    PAINTSTRUCT ps;

    if (msg == WM_PAINT) {
        BeginPaint(hwnd, &ps);
        EndPaint(hwnd, &ps);
        paint_popup(hwnd);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static LRESULT CALLBACK wndproc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    PAINTSTRUCT ps;

    switch (msg) {
    case WM_PAINT:
        paint(BeginPaint(hwnd, &ps));
        EndPaint(hwnd, &ps);
        return 0;
    case WM_KEYDOWN:
        printf("keydown 0x%02x\n", (unsigned)wp);
        return 0;
    case WM_KEYUP:
        printf("keyup 0x%02x\n", (unsigned)wp);
        return 0;
    case WM_CHAR:
        printf("char 0x%02x\n", (unsigned)wp);
        command(hwnd, wp);
        return 0;
    case WM_MOUSEWHEEL:
        printf("wheel %d\n", GET_WHEEL_DELTA_WPARAM(wp));
        return 0;
    case WM_LBUTTONDOWN:
        printf("lbuttondown %d %d\n", GET_X_LPARAM(lp), GET_Y_LPARAM(lp));
        return 0;
    case WM_LBUTTONUP:
        printf("lbuttonup %d %d\n", GET_X_LPARAM(lp), GET_Y_LPARAM(lp));
        return 0;
    case WM_DESTROY:
        PostQuitMessage(1);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

int main(void)
{
    WNDCLASSW wc = { 0 };
    POINT origin = { 0, 0 };
    RECT client;
    HWND hwnd;
    HDC dc;
    MSG msg;

    setvbuf(stdout, NULL, _IONBF, 0);
    wc.lpfnWndProc = wndproc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.hCursor = LoadCursorW(NULL, (LPCWSTR)IDC_ARROW);
    wc.lpszClassName = L"keep_gui_rdp";
    if (!RegisterClassW(&wc))
        return 2;
    wc.lpfnWndProc = popup_proc;
    wc.lpszClassName = L"keep_gui_rdp_popup";
    if (!RegisterClassW(&wc))
        return 2;
    wc.lpszClassName = L"keep_gui_rdp";
    hwnd = CreateWindowExW(0, wc.lpszClassName, L"keep over RDP", WS_OVERLAPPEDWINDOW, 100, 80, 420, 320,
                           NULL, NULL, wc.hInstance, NULL);
    if (!hwnd)
        return 3;
    ShowWindow(hwnd, SW_SHOW);
    SetForegroundWindow(hwnd);
    SetFocus(hwnd);
    dc = GetDC(hwnd);
    paint(dc);
    ReleaseDC(hwnd, dc);
    GetClientRect(hwnd, &client);
    ClientToScreen(hwnd, &origin);
    printf("ready %ld %ld %ld %ld\n", origin.x, origin.y, client.right, client.bottom);
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    DestroyWindow(hwnd);
    return (int)msg.wParam;
}

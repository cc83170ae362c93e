/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_paint.c - painting on keep: update regions (InvalidateRect,
 * ValidateRect, GetUpdateRect, GetUpdateRgn, RedrawWindow), WM_PAINT
 * through the message loop with BeginPaint/EndPaint and WM_ERASEBKGND,
 * parents painted before their children, the visible region of a DC
 * (children and siblings clipped), window regions (SetWindowRgn,
 * GetWindowRgn), what moving, hiding and destroying a window exposes, and
 * the pixels drawn in WM_PAINT read back from the window's surface.
 */
#include <windows.h>

#include "tap.h"

#define RED RGB(255, 0, 0)
#define BLUE RGB(0, 0, 255)

static HWND paint_log[16];
static int nb_paints, erases;
static RECT last_paint;
static COLORREF fill[2];     /* what the parent and the child paint */

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    PAINTSTRUCT ps;

    switch (msg) {
    case WM_PAINT: {
        HDC dc = BeginPaint(hwnd, &ps);
        HBRUSH brush = CreateSolidBrush(fill[GetParent(hwnd) != NULL]);
        if (nb_paints < 16)
            paint_log[nb_paints] = hwnd;
        nb_paints++;
        last_paint = ps.rcPaint;
        FillRect(dc, &ps.rcPaint, brush);
        DeleteObject(brush);
        EndPaint(hwnd, &ps);
        return 0;
    }
    case WM_ERASEBKGND:
        erases++;
        return 1;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

/* Dispatch what is queued; the number of WM_PAINT dispatched. */
static int pump(void)
{
    MSG msg;
    int before = nb_paints;

    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
    return nb_paints - before;
}

static BOOL rect_is(const RECT *r, int l, int t, int rr, int b)
{
    return r->left == l && r->top == t && r->right == rr && r->bottom == b;
}

static int region_rects(HRGN rgn)
{
    DWORD size = GetRegionData(rgn, 0, NULL);
    RGNDATA *data = HeapAlloc(GetProcessHeap(), 0, size);
    int n = -1;

    if (data && GetRegionData(rgn, size, data))
        n = (int)data->rdh.nCount;
    HeapFree(GetProcessHeap(), 0, data);
    return n;
}

static void check_update_regions(HWND top)
{
    RECT r, a = { 10, 10, 50, 50 }, b = { 100, 100, 120, 130 };
    HRGN rgn = CreateRectRgn(0, 0, 0, 0);

    pump();
    OK(!GetUpdateRect(top, &r, FALSE), "after the first paint nothing is invalid");
    InvalidateRect(top, &a, FALSE);
    OKF(GetUpdateRect(top, &r, FALSE) && EqualRect(&r, &a), "InvalidateRect -> GetUpdateRect",
        "%ld,%ld-%ld,%ld", r.left, r.top, r.right, r.bottom);
    OK(HIWORD(GetQueueStatus(QS_PAINT)) & QS_PAINT, "the thread has QS_PAINT");
    InvalidateRect(top, &b, FALSE);
    OKF(GetUpdateRgn(top, rgn, FALSE) == COMPLEXREGION && region_rects(rgn) == 2,
        "a second rectangle: GetUpdateRgn is a complex region of two rectangles", "%d rects",
        region_rects(rgn));
    GetRgnBox(rgn, &r);
    OK(rect_is(&r, 10, 10, 120, 130), "its bounding box");
    ValidateRect(top, &a);
    OKF(GetUpdateRect(top, &r, FALSE) && EqualRect(&r, &b), "ValidateRect takes the first away",
        "%ld,%ld-%ld,%ld", r.left, r.top, r.right, r.bottom);
    erases = 0;
    InvalidateRect(top, &a, TRUE);
    nb_paints = 0;
    OK(pump() == 1 && paint_log[0] == top, "the message loop gets one WM_PAINT");
    OKF(rect_is(&last_paint, 10, 10, 120, 130), "BeginPaint's rectangle covers both",
        "%ld,%ld-%ld,%ld", last_paint.left, last_paint.top, last_paint.right, last_paint.bottom);
    OK(erases == 1, "an invalidation with erase sends WM_ERASEBKGND from BeginPaint");
    OK(!GetUpdateRect(top, &r, FALSE) && !(HIWORD(GetQueueStatus(QS_PAINT)) & QS_PAINT),
       "EndPaint leaves nothing to paint, and no QS_PAINT");
    RedrawWindow(top, NULL, NULL, RDW_INTERNALPAINT);
    OK(pump() == 1 && IsRectEmpty(&last_paint),
       "RDW_INTERNALPAINT: a WM_PAINT with nothing to paint");
    DeleteObject(rgn);
}

/* A child of a parent without WS_CLIPCHILDREN is invalidated with it and
 * painted after it; with WS_CLIPCHILDREN it is not invalidated. */
static void check_children(HWND top)
{
    HWND child = CreateWindowW(L"keep_paint", NULL, WS_CHILD | WS_VISIBLE, 20, 20, 100, 60, top,
                               NULL, NULL, NULL);
    RECT r;

    pump();
    InvalidateRect(top, NULL, FALSE);
    OK(GetUpdateRect(child, &r, FALSE) && rect_is(&r, 0, 0, 100, 60),
       "invalidating a parent without WS_CLIPCHILDREN invalidates its child");
    nb_paints = 0;
    pump();
    OKF(nb_paints == 2 && paint_log[0] == top && paint_log[1] == child,
        "the parent gets WM_PAINT before its child", "%d paints", nb_paints);
    SetWindowLongW(top, GWL_STYLE, GetWindowLongW(top, GWL_STYLE) | WS_CLIPCHILDREN);
    pump();
    InvalidateRect(top, NULL, FALSE);
    OK(!GetUpdateRect(child, &r, FALSE), "with WS_CLIPCHILDREN the child stays valid");
    RedrawWindow(top, NULL, NULL, RDW_INVALIDATE | RDW_ALLCHILDREN);
    OK(GetUpdateRect(child, &r, FALSE), "RDW_ALLCHILDREN invalidates it anyway");
    pump();
    DestroyWindow(child);
    pump();
}

/* The parent's DC does not draw on its child (WS_CLIPCHILDREN), nor a
 * child on the sibling above it (WS_CLIPSIBLINGS); pixels read back. */
static void check_visible_region(HWND top)
{
    HWND child = CreateWindowW(L"keep_paint", NULL, WS_CHILD | WS_VISIBLE | WS_CLIPSIBLINGS, 20, 20,
                               100, 60, top, NULL, NULL, NULL);
    HWND below = CreateWindowW(L"keep_paint", NULL, WS_CHILD | WS_VISIBLE | WS_CLIPSIBLINGS, 60, 40,
                               100, 60, top, NULL, NULL, NULL);
    HRGN rgn = CreateRectRgn(0, 0, 0, 0);
    POINT origin = { 0, 0 };
    HDC dc;

    SetWindowPos(below, HWND_BOTTOM, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE);
    ClientToScreen(top, &origin);
    dc = GetDC(top);
    OK(GetRandomRgn(dc, rgn, SYSRGN) == 1, "GetRandomRgn of the parent's DC");
    OK(PtInRegion(rgn, origin.x + 5, origin.y + 5) && !PtInRegion(rgn, origin.x + 30, origin.y + 30),
       "its visible region leaves the child out");
    ReleaseDC(top, dc);
    dc = GetDC(below);
    OK(GetRandomRgn(dc, rgn, SYSRGN) == 1, "GetRandomRgn of the lower sibling's DC");
    OK(!PtInRegion(rgn, origin.x + 70, origin.y + 50) && PtInRegion(rgn, origin.x + 150, origin.y + 90),
       "its visible region leaves the sibling above out");
    ReleaseDC(below, dc);

    fill[0] = RED;
    fill[1] = BLUE;
    RedrawWindow(top, NULL, NULL, RDW_INVALIDATE | RDW_ALLCHILDREN | RDW_UPDATENOW);
    dc = GetDC(top);
    COLORREF outside = GetPixel(dc, 5, 5), inside = GetPixel(dc, 30, 30);
    OKF(outside == RED && inside == BLUE,
        "painted pixels: the parent's red around, the child's blue over it", "%06lx %06lx",
        (unsigned long)outside, (unsigned long)inside);
    ReleaseDC(top, dc);
    DestroyWindow(below);
    DestroyWindow(child);
    DeleteObject(rgn);
    pump();
}

/* Moving a child exposes on the parent where it was; destroying it too. */
static void check_expose(HWND top)
{
    HWND child = CreateWindowW(L"keep_paint", NULL, WS_CHILD | WS_VISIBLE, 20, 20, 60, 40, top, NULL,
                               NULL, NULL);
    HRGN rgn = CreateRectRgn(0, 0, 0, 0);
    RECT r;

    pump();
    OK(!GetUpdateRect(top, &r, FALSE), "all painted");
    SetWindowPos(child, NULL, 120, 20, 0, 0, SWP_NOSIZE | SWP_NOZORDER);
    OK(GetUpdateRgn(top, rgn, FALSE) != NULLREGION && PtInRegion(rgn, 30, 30) &&
           !PtInRegion(rgn, 130, 30),
       "moving a child invalidates on its parent where it was, not where it is");
    pump();
    ShowWindow(child, SW_HIDE);
    OK(GetUpdateRgn(top, rgn, FALSE) != NULLREGION && PtInRegion(rgn, 130, 30),
       "hiding it exposes its place");
    InvalidateRect(child, NULL, FALSE);
    OK(!GetUpdateRect(child, &r, FALSE), "a hidden window cannot be invalidated");
    pump();
    ShowWindow(child, SW_SHOW);
    pump();
    DestroyWindow(child);
    OK(GetUpdateRgn(top, rgn, FALSE) != NULLREGION && PtInRegion(rgn, 130, 30),
       "destroying it exposes its place");
    pump();
    DeleteObject(rgn);
}

static void check_window_region(HWND top)
{
    HRGN got = CreateRectRgn(0, 0, 0, 0), ellipse = CreateEllipticRgn(0, 0, 200, 150);
    RECT r;

    OK(GetWindowRgn(top, got) == ERROR, "no window region at first");
    OK(SetWindowRgn(top, CreateRectRgn(0, 0, 100, 80), TRUE), "SetWindowRgn with a rectangle");
    OK(GetWindowRgn(top, got) == SIMPLEREGION && GetRgnBox(got, &r) && rect_is(&r, 0, 0, 100, 80),
       "GetWindowRgn gives it back");
    OK(SetWindowRgn(top, CreateEllipticRgn(0, 0, 200, 150), TRUE), "SetWindowRgn with an ellipse");
    int type = GetWindowRgn(top, got);
    HRGN diff = CreateRectRgn(0, 0, 0, 0);
    OKF(type == COMPLEXREGION && CombineRgn(diff, got, ellipse, RGN_XOR) == NULLREGION,
        "GetWindowRgn gives the same ellipse back", "type %d, %d rectangles against %d", type,
        region_rects(got), region_rects(ellipse));
    DeleteObject(diff);
    HDC dc = GetWindowDC(top);
    OK(GetRandomRgn(dc, got, SYSRGN) == 1 && GetRgnBox(got, &r) &&
           r.right - r.left <= 200 && r.bottom - r.top <= 150,
       "the window's visible region is cut to it");
    ReleaseDC(top, dc);
    OK(SetWindowRgn(top, NULL, TRUE) && GetWindowRgn(top, got) == ERROR, "SetWindowRgn(NULL) removes it");
    DeleteObject(got);
    DeleteObject(ellipse);
    pump();
}

int main(void)
{
    WNDCLASSW wc = { 0 };
    RECT r;

    wc.lpfnWndProc = proc;
    wc.lpszClassName = L"keep_paint";
    wc.hbrBackground = (HBRUSH)(COLOR_WINDOW + 1);
    OK(RegisterClassW(&wc), "RegisterClass");
    HWND top = CreateWindowW(L"keep_paint", L"paint", WS_OVERLAPPEDWINDOW, 0, 0, 320, 240, NULL, NULL,
                             NULL, NULL);
    OK(top != NULL, "a top-level window");
    OK(!GetUpdateRect(top, &r, FALSE), "a hidden window has nothing to paint");
    ShowWindow(top, SW_SHOW);
    OK(GetUpdateRect(top, &r, FALSE), "showing it makes it invalid");
    UpdateWindow(top);
    OK(nb_paints == 1 && paint_log[0] == top, "UpdateWindow paints it at once");

    check_update_regions(top);
    check_children(top);
    check_visible_region(top);
    check_expose(top);
    check_window_region(top);

    OK(DestroyWindow(top), "DestroyWindow");
    return tap_done();
}

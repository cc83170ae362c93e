/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapgui.c - a GUI program tests/snapshot.sh snapshots mid-run and
 * resumes: a top-level window of its own class and title whose timer
 * ticks N times, MS ms apart.  At each tick it prints "tick i" and what
 * its GDI and font state give: the width of a string drawn in
 * "Liberation Sans" 20 px into a memory DC (win32u.so and FreeType
 * measure it), the count of black pixels TextOut left there, its window's
 * title read back, and whether FindWindow still finds the same handle.
 * It prints "ready" after the first tick; the window's handle, its class
 * and the font are made before the snapshot and only used after it.
 *
 *   snapgui N MS
 *   snapgui bench FILE  (bench/run-snapshot-bench.sh) the window and one
 *                       measure, "ready", then end once FILE exists
 *                       (looking every 2 ms)
 *   snapgui close       another process: find that window (FindWindow by
 *                       class, through the instance's shared desktop) and
 *                       post it WM_CLOSE; print "posted" or "no window"
 */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"

#define CLASS_NAME L"KeepSnapGui"
#define TITLE L"keep snapshot GUI test"

static int ticks, limit;
static const char *bench_file;   /* bench mode: end once it exists */
static HWND main_window;
static HDC mem_dc;
static HFONT font;

/* Width of the sample string and black pixels after drawing it. */
static void measure(int *width, int *black)
{
    static const WCHAR text[] = L"Snapshot 123";
    SIZE size = { 0, 0 };
    RECT r = { 0, 0, 200, 40 };

    FillRect(mem_dc, &r, GetStockObject(WHITE_BRUSH));
    GetTextExtentPoint32W(mem_dc, text, lstrlenW(text), &size);
    TextOutW(mem_dc, 2, 2, text, lstrlenW(text));
    *width = size.cx;
    *black = 0;
    for (int y = 0; y < 40; y++)
        for (int x = 0; x < 200; x++)
            *black += GetPixel(mem_dc, x, y) != RGB(255, 255, 255);
}

static LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_TIMER && bench_file) {
        if (GetFileAttributesA(bench_file) != INVALID_FILE_ATTRIBUTES)
            DestroyWindow(hwnd);
        return 0;
    }
    if (msg == WM_TIMER) {
        WCHAR title[64];
        char title_a[64];
        int width, black;

        measure(&width, &black);
        GetWindowTextW(hwnd, title, 64);
        WideCharToMultiByte(CP_UTF8, 0, title, -1, title_a, sizeof(title_a), NULL, NULL);
        say("tick %d width %d ink %s title '%s' found %s\n", ++ticks, width, black > 50 ? "yes" : "no",
            title_a, FindWindowW(CLASS_NAME, NULL) == hwnd ? "same" : "other");
        if (ticks == 1)
            say("ready\n");
        if (ticks == limit)
            DestroyWindow(hwnd);
        return 0;
    }
    if (msg == WM_DESTROY) {
        PostQuitMessage(0);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

int main(int argc, char **argv)
{
    WNDCLASSW wc = { 0 };
    HBITMAP bitmap;
    MSG msg;

    if (argc == 2 && !strcmp(argv[1], "close")) {
        HWND target = FindWindowW(CLASS_NAME, NULL);
        say("%s\n", target && PostMessageW(target, WM_CLOSE, 0, 0) ? "posted" : "no window");
        return target ? 0 : 1;
    }
    if (argc != 3) {
        say("usage: snapgui N MS | bench FILE | close\n");
        return 2;
    }
    if (!strcmp(argv[1], "bench"))
        bench_file = argv[2];
    else
        limit = atoi(argv[1]);
    wc.lpfnWndProc = window_proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = CLASS_NAME;
    if (!RegisterClassW(&wc)) {
        say("RegisterClass failed: %lu\n", GetLastError());
        return 1;
    }
    main_window = CreateWindowExW(0, CLASS_NAME, TITLE, WS_OVERLAPPEDWINDOW | WS_VISIBLE, 10, 10,
                                  300, 200, NULL, NULL, wc.hInstance, NULL);
    mem_dc = CreateCompatibleDC(NULL);
    bitmap = CreateCompatibleBitmap(GetDC(NULL), 200, 40);
    font = CreateFontW(-20, 0, 0, 0, FW_NORMAL, 0, 0, 0, ANSI_CHARSET, 0, 0, 0, 0, L"Liberation Sans");
    if (!main_window || !mem_dc || !bitmap || !font) {
        say("window, DC, bitmap or font missing\n");
        return 1;
    }
    SelectObject(mem_dc, bitmap);
    SelectObject(mem_dc, font);
    if (bench_file) {
        int width, black;
        measure(&width, &black);
        say("ready\n");
    }
    SetTimer(main_window, 1, bench_file ? 2 : (UINT)atoi(argv[2]), NULL);
    while (GetMessageW(&msg, NULL, 0, 0) > 0) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    say("done %d\n", ticks);
    return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_draw.c - GDI drawing into a DIB section, with Wine's DIB engine in
 * win32u.so: lines, rectangles, ellipses, a bitmap blit and text, checked
 * at chosen pixels.  Text must put ink (any non-background pixel) inside
 * the box it was drawn in and none outside it, so it needs real glyphs
 * from real fonts.
 */
#include <windows.h>

#include "tap.h"

#define W 200
#define H 120
#define WHITE 0x00ffffff
#define BLACK 0x00000000

static DWORD *bits;

static DWORD px(int x, int y)
{
    return bits[y * W + x] & 0x00ffffff;   /* top-down DIB */
}

static int ink_in(int x0, int y0, int x1, int y1)
{
    int n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            n += px(x, y) != WHITE;
    return n;
}

int main(void)
{
    BITMAPINFO bmi = { 0 };
    HDC dc, src;
    HBITMAP bmp, small, old;
    HPEN pen;
    HBRUSH brush;
    HFONT font;
    RECT rc = { 0, 0, W, H };
    SIZE sz;
    int ink;

    dc = CreateCompatibleDC(NULL);
    OK(dc != NULL, "CreateCompatibleDC");
    bmi.bmiHeader.biSize = sizeof(bmi.bmiHeader);
    bmi.bmiHeader.biWidth = W;
    bmi.bmiHeader.biHeight = -H;
    bmi.bmiHeader.biPlanes = 1;
    bmi.bmiHeader.biBitCount = 32;
    bmi.bmiHeader.biCompression = BI_RGB;
    bmp = CreateDIBSection(dc, &bmi, DIB_RGB_COLORS, (void **)&bits, NULL, 0);
    if (!OK(bmp != NULL && bits != NULL, "CreateDIBSection 200x120x32"))
        return tap_done();
    old = SelectObject(dc, bmp);
    FillRect(dc, &rc, GetStockObject(WHITE_BRUSH));
    OKF(px(0, 0) == WHITE && px(199, 119) == WHITE, "FillRect paints the DIB white", "%06lx",
        px(0, 0));

    pen = CreatePen(PS_SOLID, 1, RGB(255, 0, 0));
    SelectObject(dc, pen);
    MoveToEx(dc, 10, 5, NULL);
    LineTo(dc, 60, 5);
    OKF(px(10, 5) == 0xff0000 && px(59, 5) == 0xff0000 && px(60, 5) == WHITE &&
        px(30, 4) == WHITE && px(30, 6) == WHITE,
        "a red line lands on row 5 from x=10 to x=59", "%06lx %06lx %06lx", px(10, 5),
        px(59, 5), px(60, 5));

    brush = CreateSolidBrush(RGB(0, 0, 255));
    SelectObject(dc, brush);
    SelectObject(dc, GetStockObject(NULL_PEN));
    Rectangle(dc, 70, 10, 100, 30);
    OKF(px(70, 10) == 0x0000ff && px(98, 28) == 0x0000ff && px(69, 20) == WHITE &&
        px(85, 9) == WHITE, "a blue rectangle fills (70,10)-(99,29)", "%06lx %06lx",
        px(70, 10), px(98, 28));

    Ellipse(dc, 110, 10, 150, 50);
    OKF(px(130, 30) == 0x0000ff && px(111, 11) == WHITE && px(148, 48) == WHITE,
        "an ellipse fills its centre, not its corners", "%06lx %06lx", px(130, 30),
        px(111, 11));

    src = CreateCompatibleDC(dc);
    small = CreateCompatibleBitmap(dc, 10, 10);
    SelectObject(src, small);
    RECT sr = { 0, 0, 10, 10 };
    HBRUSH green = CreateSolidBrush(RGB(0, 255, 0));
    FillRect(src, &sr, green);
    OK(BitBlt(dc, 160, 10, 10, 10, src, 0, 0, SRCCOPY), "BitBlt");
    OKF(px(160, 10) == 0x00ff00 && px(169, 19) == 0x00ff00 && px(170, 19) == WHITE,
        "the blit copies a green 10x10 square to (160,10)", "%06lx %06lx", px(160, 10),
        px(170, 19));

    font = CreateFontW(-24, 0, 0, 0, FW_NORMAL, 0, 0, 0, DEFAULT_CHARSET, 0, 0, 0, 0, L"Arial");
    SelectObject(dc, font);
    SetTextColor(dc, BLACK);
    SetBkMode(dc, TRANSPARENT);
    OK(GetTextExtentPoint32W(dc, L"keep", 4, &sz) && sz.cx > 10 && sz.cy > 10,
       "GetTextExtentPoint32W gives the text a size");
    OK(TextOutW(dc, 10, 60, L"keep", 4), "TextOutW");
    ink = ink_in(10, 60, 10 + sz.cx, 60 + sz.cy);
    OKF(ink > 20, "text puts ink inside its box", "%d pixels (box %ldx%ld)", ink, sz.cx, sz.cy);
    OKF(ink_in(0, 56, W, 58) == 0 && ink_in(10 + sz.cx + 2, 56, W, H) == 0,
        "and none outside it", "%d above, %d right", ink_in(0, 56, W, 58),
        ink_in(10 + sz.cx + 2, 56, W, H));

    SelectObject(dc, old);
    OK(DeleteObject(bmp), "DeleteObject of the DIB section");
    DeleteDC(src);
    DeleteDC(dc);
    return tap_done();
}

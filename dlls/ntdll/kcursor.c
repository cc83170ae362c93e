/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kcursor.c - the display driver's pointer: a cursor win32u selects
 * (SetCursor, the class cursor on WM_SETCURSOR, ShowCursor) becomes the
 * RDP clients' pointer shape.  The cursor's bitmaps are read with
 * win32u.so's own functions (NtUserGetIconInfo, NtGdiGetDIBitsInternal,
 * ...), found with elf_library_symbol; they are ms_abi, as Wine declares
 * them (WINAPI).  Colour cursors keep their alpha (or take it from the
 * mask); monochrome ones map AND/XOR to black, white, transparent, and
 * "invert" to black.  Shapes over 96x96 are cut to their top-left part.
 */
#include "elfload.h"
#include "kdisplay.h"
#include "rdp/display.h"

#define WINAPI_ __attribute__((ms_abi))
typedef void *HANDLE_;

struct iconinfo {
    BOOL fIcon;
    DWORD xHotspot, yHotspot;
    HANDLE_ hbmMask, hbmColor;
};
struct bitmap {
    LONG bmType, bmWidth, bmHeight, bmWidthBytes;
    WORD bmPlanes, bmBitsPixel;
    void *bmBits;
};
struct bitmapinfo {
    struct bitmap_info_header h;
    DWORD colors[2];            /* a 1-bit mask's palette */
};

static struct {
    BOOL (WINAPI_ *get_icon_info)(HANDLE_, struct iconinfo *, void *, void *, DWORD *, LONG);
    HANDLE_ (WINAPI_ *create_compatible_dc)(HANDLE_);
    INT (WINAPI_ *get_dibits)(HANDLE_, HANDLE_, UINT, UINT, void *, struct bitmapinfo *, UINT, UINT, UINT);
    BOOL (WINAPI_ *delete_object)(HANDLE_);
    INT (WINAPI_ *get_object)(HANDLE_, INT, void *);
} w32;

static struct klock cursor_lock = KLOCK_INIT;
static HANDLE_ last_cursor = (HANDLE_)(uintptr_t)-1;

int kcursor_init(struct elf_library *win32u)
{
    static const char *const names[] = { "NtUserGetIconInfo", "NtGdiCreateCompatibleDC", "NtGdiGetDIBitsInternal",
                                         "NtGdiDeleteObjectApp", "NtGdiExtGetObjectW" };
    void **slots[] = { (void **)&w32.get_icon_info, (void **)&w32.create_compatible_dc, (void **)&w32.get_dibits,
                       (void **)&w32.delete_object, (void **)&w32.get_object };

    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!(*slots[i] = elf_library_symbol(win32u, names[i]))) {
            w32.get_icon_info = NULL;
            return -1;
        }
    return 0;
}

/* Rows of a bitmap, top-down, in the format of bi (caller's buffer). */
static int read_bits(HANDLE_ dc, HANDLE_ bm, int w, int h, int bpp, void *out)
{
    struct bitmapinfo bi = { .h = { .biSize = sizeof(bi.h), .biWidth = w, .biHeight = -h, .biPlanes = 1,
                                    .biBitCount = (WORD)bpp } };

    return w32.get_dibits(dc, bm, 0, (UINT)h, out, &bi, 0 /* DIB_RGB_COLORS */, 0, 0) == h;
}

static int mask_bit(const uint8_t *rows, int stride, int x, int y)
{
    return (rows[y * stride + x / 8] >> (7 - x % 8)) & 1;
}

/* The cursor as straight-alpha ARGB pixels, w x h of them (out holds
 * DISPLAY_CURSOR_MAX^2); 0 or -1. */
static int cursor_pixels(const struct iconinfo *ii, HANDLE_ dc, int w, int h, int full_h, uint32_t *out)
{
    int stride = (w + 31) / 32 * 4, ret = -1, alpha = 0;
    uint8_t *mask = kmalloc((size_t)stride * full_h);
    uint32_t *color = ii->hbmColor ? kmalloc((size_t)w * h * 4) : NULL;

    if (!mask || (ii->hbmColor && !color) || !read_bits(dc, ii->hbmMask, w, full_h, 1, mask) ||
        (color && !read_bits(dc, ii->hbmColor, w, h, 32, color)))
        goto done;
    for (int i = 0; color && i < w * h; i++)
        alpha |= (color[i] >> 24) != 0;
    int cw = w < DISPLAY_CURSOR_MAX ? w : DISPLAY_CURSOR_MAX, ch = h < DISPLAY_CURSOR_MAX ? h : DISPLAY_CURSOR_MAX;
    for (int y = 0; y < ch; y++)
        for (int x = 0; x < cw; x++) {
            int and_bit = mask_bit(mask, stride, x, y);
            uint32_t p;
            if (color)
                p = alpha ? color[y * w + x] : (and_bit ? 0 : (0xff000000u | (color[y * w + x] & 0xffffff)));
            else if (and_bit)
                p = mask_bit(mask, stride, x, y + h) ? 0xff000000u : 0;     /* invert, transparent */
            else
                p = mask_bit(mask, stride, x, y + h) ? 0xffffffffu : 0xff000000u;
            out[y * cw + x] = p;
        }
    ret = 0;
done:
    kfree(mask);
    kfree(color);
    return ret;
}

/* Show cursor (a HCURSOR) on the clients; 0 hides the pointer. */
void kcursor_set(void *cursor)
{
    static uint32_t argb[DISPLAY_CURSOR_MAX * DISPLAY_CURSOR_MAX];
    struct iconinfo ii = { 0 };
    struct bitmap bm = { 0 };
    HANDLE_ dc = NULL;

    klock_acquire(&cursor_lock);
    if (cursor == last_cursor || !w32.get_icon_info)
        goto out;
    last_cursor = cursor;
    if (!cursor) {
        kdisplay_set_pointer(0, 0, 0, 0, NULL);
        goto out;
    }
    if (!w32.get_icon_info(cursor, &ii, NULL, NULL, NULL, 0))
        goto out;
    if (w32.get_object(ii.hbmMask, sizeof(bm), &bm) && (dc = w32.create_compatible_dc(NULL))) {
        int w = bm.bmWidth, full_h = bm.bmHeight, h = ii.hbmColor ? full_h : full_h / 2;
        if (w > 0 && h > 0 && w <= 256 && full_h <= 512 && !cursor_pixels(&ii, dc, w, h, full_h, argb)) {
            int cw = w < DISPLAY_CURSOR_MAX ? w : DISPLAY_CURSOR_MAX, ch = h < DISPLAY_CURSOR_MAX ? h : DISPLAY_CURSOR_MAX;
            kdisplay_set_pointer((uint32_t)cw, (uint32_t)ch,
                                 ii.xHotspot < (DWORD)cw ? ii.xHotspot : (uint32_t)cw - 1,
                                 ii.yHotspot < (DWORD)ch ? ii.yHotspot : (uint32_t)ch - 1, argb);
        }
        w32.delete_object(dc);
    }
    if (ii.hbmMask)
        w32.delete_object(ii.hbmMask);
    if (ii.hbmColor)
        w32.delete_object(ii.hbmColor);
out:
    klock_release(&cursor_lock);
}

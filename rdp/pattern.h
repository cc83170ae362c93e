/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pattern.h - the test picture of keep-rdp-test, shared with the tests
 * that check what an RDP client received.  Everything here is a pure
 * function of the frame number and the last input, so a client can
 * compute what any pixel must be.
 *
 *   rows [0, h/2)          8 vertical colour bars, w/8 wide each
 *   rows [h/2, h)          dark grey, with:
 *     a 32x32 orange square at (pattern_square_x(frame), h/2 + 32)
 *     row PATTERN_COUNTER_Y: 32 cells of 16x16, the frame number in
 *       binary, bit 0 leftmost, white = 1, black = 0
 *     row PATTERN_KEY_Y: 8 cells, the last key scancode the same way,
 *       then cells 8..15 the count of input events read, low 8 bits
 *     a 4x4 magenta mark at the last click, once there was one
 */
#ifndef KEEP_RDP_PATTERN_H
#define KEEP_RDP_PATTERN_H

#include <stdint.h>

#define PATTERN_SQUARE 32
#define PATTERN_CELL 16
#define PATTERN_GREY 0x00202020u
#define PATTERN_ORANGE 0x00ff8000u
#define PATTERN_WHITE 0x00ffffffu
#define PATTERN_BLACK 0x00000000u
#define PATTERN_MAGENTA 0x00ff00ffu
/* BGRX in memory = 0x00RRGGBB as a little-endian uint32_t */
static const uint32_t pattern_bars[8] = {
    0x00ffffff, 0x00ffff00, 0x0000ffff, 0x0000ff00, 0x00ff00ff, 0x00ff0000, 0x000000ff, 0x00000000,
};

/* Two pointer shapes (ARGB, straight alpha): keep-rdp-test shows shape A
 * at start, B after key 'c' (scancode 0x2e), A again after key 'a'
 * (0x1e); key 'h' (0x23) hides the pointer, key 'w' (0x11) warps it to
 * PATTERN_WARP_X, PATTERN_WARP_Y. */
#define PATTERN_CURSOR_A_W 20
#define PATTERN_CURSOR_A_H 24
#define PATTERN_CURSOR_A_HOTX 3
#define PATTERN_CURSOR_A_HOTY 5
#define PATTERN_CURSOR_B_W 32
#define PATTERN_CURSOR_B_H 32
#define PATTERN_CURSOR_B_HOTX 16
#define PATTERN_CURSOR_B_HOTY 15
#define PATTERN_WARP_X 123
#define PATTERN_WARP_Y 234

/* A: a black triangle with a white edge, transparent elsewhere.
 * B: a red cross through the hot spot, half-transparent blue corners. */
static inline uint32_t pattern_cursor_pixel(int shape_b, uint32_t x, uint32_t y)
{
    if (!shape_b) {
        if (x > y)
            return 0;
        return x == y || x == 0 ? 0xffffffffu : 0xff000000u;
    }
    if (x == PATTERN_CURSOR_B_HOTX || y == PATTERN_CURSOR_B_HOTY)
        return 0xffff0000u;
    if ((x < 4 || x >= PATTERN_CURSOR_B_W - 4) && (y < 4 || y >= PATTERN_CURSOR_B_H - 4))
        return 0x800000ffu;
    return 0;
}

static inline uint32_t pattern_counter_y(uint32_t h) { return h - 2 * PATTERN_CELL - 8; }
static inline uint32_t pattern_key_y(uint32_t h) { return h - PATTERN_CELL - 4; }
static inline uint32_t pattern_square_y(uint32_t h) { return h / 2 + 32; }
static inline uint32_t pattern_square_x(uint32_t w, uint32_t frame)
{
    return (frame * 4) % (w - PATTERN_SQUARE);
}

#endif /* KEEP_RDP_PATTERN_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pointer.c - the display's pointer for one peer: a new shape goes out
 * once as a New Pointer update (32 bpp with alpha) into a slot of the
 * client's pointer cache, and as a Cached Pointer update whenever it comes
 * back; a hidden pointer is the system "null" pointer; a position the
 * source set (a warp) is a Pointer Position update.  The client moves its
 * own pointer otherwise, so positions are not echoed.
 *
 * Runs on the peer's own thread only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "rdp/peer.h"

#include <freerdp/pointer.h>

/* FNV-1a over the shape: identifies a shape already in a client's cache. */
static uint64_t shape_hash(const struct display_cursor *c)
{
    uint64_t h = UINT64_C(1469598103934665603);
    const uint8_t *b = (const uint8_t *)c->pixels;
    size_t n = (size_t)c->width * c->height * 4;
    uint32_t head[4] = { c->width, c->height, c->hot_x, c->hot_y };

    for (size_t i = 0; i < sizeof(head); i++)
        h = (h ^ ((const uint8_t *)head)[i]) * UINT64_C(1099511628211);
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * UINT64_C(1099511628211);
    return h ? h : 1; /* 0 marks an empty slot */
}

static BOOL send_system(struct rdp_peer *p, UINT32 type)
{
    POINTER_SYSTEM_UPDATE sys = { .type = type };

    return p->base.update->pointer->PointerSystem(&p->base, &sys);
}

/* XOR mask: 32 bpp BGRA, bottom row first; AND mask: 1 bpp rows padded to
 * 16 bits, bottom row first, all 0 (the alpha channel does the work). */
static BOOL send_new(struct rdp_peer *p, const struct display_cursor *c, uint32_t slot)
{
    uint32_t and_stride = ((c->width + 15) / 16) * 2;
    size_t xor_len = (size_t)c->width * c->height * 4, and_len = (size_t)and_stride * c->height;
    BYTE *xor_mask = malloc(xor_len), *and_mask = calloc(1, and_len);
    POINTER_NEW_UPDATE up = { .xorBpp = 32 };
    BOOL ok = FALSE;

    if (xor_mask && and_mask) {
        for (uint32_t y = 0; y < c->height; y++)
            memcpy(xor_mask + (size_t)(c->height - 1 - y) * c->width * 4, c->pixels + (size_t)y * c->width,
                   (size_t)c->width * 4);
        up.colorPtrAttr = (POINTER_COLOR_UPDATE){ .cacheIndex = slot, .xPos = c->hot_x, .yPos = c->hot_y,
                                                  .width = c->width, .height = c->height,
                                                  .lengthAndMask = (UINT32)and_len, .lengthXorMask = (UINT32)xor_len,
                                                  .xorMaskData = xor_mask, .andMaskData = and_mask };
        ok = p->base.update->pointer->PointerNew(&p->base, &up);
    }
    free(xor_mask);
    free(and_mask);
    return ok;
}

static BOOL send_shape(struct rdp_peer *p)
{
    uint64_t h;
    int err;

    if (!p->cursor && !(p->cursor = malloc(sizeof(*p->cursor))))
        return FALSE;
    err = display_get_cursor_shape(p->srv->disp, p->cursor);
    if (err == -ENOENT)
        return send_system(p, SYSPTR_DEFAULT);
    if (err) {
        /* The source's problem, not the client's: keep the old shape. */
        rdp_log("peer %u: pointer shape not read (%s)", p->id, err == -EAGAIN ? "busy" : "invalid");
        return TRUE;
    }
    if (p->cursor->width == 0)
        return send_system(p, SYSPTR_NULL);
    if (p->slots == 0) {
        uint32_t n = p->base.settings->PointerCacheSize;
        p->slots = n == 0 ? 1 : n > RDP_POINTER_SLOTS ? RDP_POINTER_SLOTS : n;
    }
    h = shape_hash(p->cursor);
    for (uint32_t i = 0; i < p->slots; i++) {
        if (p->slot_hash[i] == h) {
            POINTER_CACHED_UPDATE cached = { .cacheIndex = i };
            return p->base.update->pointer->PointerCached(&p->base, &cached);
        }
    }
    uint32_t slot = p->next_slot++ % p->slots;
    p->slot_hash[slot] = h;
    return send_new(p, p->cursor, slot);
}

BOOL rdp_pointer_send(struct rdp_peer *p, int shape, int pos)
{
    if (shape && !send_shape(p))
        return FALSE;
    if (pos) {
        int32_t x, y;
        display_get_cursor(p->srv->disp, &x, &y);
        if (x < 0 || y < 0 || x > UINT16_MAX || y > UINT16_MAX)
            return TRUE;
        POINTER_POSITION_UPDATE up = { .xPos = (UINT32)x, .yPos = (UINT32)y };
        return p->base.update->pointer->PointerPosition(&p->base, &up);
    }
    return TRUE;
}

void rdp_pointer_free(struct rdp_peer *p)
{
    free(p->cursor);
    p->cursor = NULL;
}

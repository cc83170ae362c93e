/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * encode.c - pictures for one peer: the codec chosen from the client's
 * capabilities (and the link speed it declares), and a damaged region
 * sent with it.
 *
 *   RemoteFX     surface bits, the whole region in RemoteFX messages (lossy)
 *   NSCodec      surface bits, 64x64 tiles (lossy: colour loss level 3)
 *   planar       bitmap updates, 64x64 tiles, RLE (lossless, 32 bpp)
 *   interleaved  bitmap updates, 64x64 tiles, RLE, for 15/16 bpp clients
 *                (what their depth can show)
 *   raw          bitmap updates, 64x32 tiles, uncompressed 32 or 24 bpp;
 *                24 bpp clients get this: FreeRDP 2.11's 24 bpp
 *                interleaved encoder corrupts some runs (a colour bleeds
 *                past its edge; tests/rdp/test_rdp_features showed it)
 *
 * Runs on the peer's own thread only.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include <winpr/stream.h>

#include "rdp/peer.h"

#define TILE 64
#define TILE_BUF (TILE * TILE * 4 + 1024) /* worst case of any tile codec */
#define TILES_PER_UPDATE 16
/* An update stays below this many bytes of tile data: a slow-path PDU
 * has a 16-bit length, and a client that announced no multifragment
 * support reassembles no more than that. */
#define UPDATE_BYTES 15000
/* TS_BITMAP_DATA flags (MS-RDPBCGR 2.2.9.1.1.3.1.2.2) */
#define BITMAP_COMPRESSION 0x0001
#define NO_BITMAP_COMPRESSION_HDR 0x0400

const char *rdp_codec_name(enum rdp_codec c)
{
    switch (c) {
    case RDP_CODEC_RFX: return "remotefx";
    case RDP_CODEC_NSC: return "nscodec";
    case RDP_CODEC_PLANAR: return "planar";
    case RDP_CODEC_INTERLEAVED: return "interleaved";
    case RDP_CODEC_RAW: return "raw";
    default: return "auto";
    }
}

/* What this client can decode, and what AUTO would give it. */
static int codec_allowed(const rdpSettings *s, enum rdp_codec c)
{
    int deep = s->ColorDepth == 32;

    switch (c) {
    case RDP_CODEC_RFX: return deep && s->SurfaceCommandsEnabled && s->RemoteFxCodec;
    case RDP_CODEC_NSC: return deep && s->SurfaceCommandsEnabled && s->NSCodec;
    case RDP_CODEC_PLANAR: return deep;
    case RDP_CODEC_RAW: return deep || s->ColorDepth == 24;
    case RDP_CODEC_INTERLEAVED: return s->ColorDepth == 15 || s->ColorDepth == 16;
    default: return 0;
    }
}

/* A client on a link it calls slower than a LAN (modem, broadband,
 * satellite, WAN) gets the lossy codecs it takes, which cost far fewer
 * bytes for photographic changes; on a LAN, loopback or an undeclared link
 * the lossless ones: exact text and edges, and cheap for flat UI colours. */
static int link_is_slow(const rdpSettings *s)
{
    return s->ConnectionType >= CONNECTION_TYPE_MODEM && s->ConnectionType <= CONNECTION_TYPE_WAN;
}

static enum rdp_codec choose_codec(const struct rdp_server *srv, const rdpSettings *s)
{
    static const enum rdp_codec lossy_first[] = { RDP_CODEC_RFX, RDP_CODEC_NSC, RDP_CODEC_PLANAR,
                                                  RDP_CODEC_INTERLEAVED, RDP_CODEC_RAW };
    const enum rdp_codec *order = link_is_slow(s) ? lossy_first : lossy_first + 2;
    size_t n = link_is_slow(s) ? 5 : 3;

    if (srv->codec != RDP_CODEC_AUTO && codec_allowed(s, srv->codec))
        return srv->codec;
    for (size_t i = 0; i < n; i++)
        if (codec_allowed(s, order[i]))
            return order[i];
    return RDP_CODEC_AUTO;
}

static int setup_surface_codec(struct rdp_peer *p, uint32_t w, uint32_t h)
{
    if (!p->surface && !(p->surface = Stream_New(NULL, 65536)))
        return -1;
    if (p->codec == RDP_CODEC_RFX) {
        if (!p->rfx && !(p->rfx = rfx_context_new(TRUE)))
            return -1;
        if (!rfx_context_reset(p->rfx, w, h))
            return -1;
        p->rfx->mode = RLGR3;
        rfx_context_set_pixel_format(p->rfx, PIXEL_FORMAT_BGRX32);
        return 0;
    }
    if (!p->nsc && !(p->nsc = nsc_context_new()))
        return -1;
    /* Loss level 3 and subsampling: FreeRDP's defaults for NSCodec. */
    if (!nsc_context_reset(p->nsc, w, h) || !nsc_context_set_parameters(p->nsc, NSC_COLOR_LOSS_LEVEL, 3) ||
        !nsc_context_set_parameters(p->nsc, NSC_ALLOW_SUBSAMPLING, 1) ||
        !nsc_context_set_parameters(p->nsc, NSC_DYNAMIC_COLOR_FIDELITY, 1) ||
        !nsc_context_set_parameters(p->nsc, NSC_COLOR_FORMAT, PIXEL_FORMAT_BGRX32))
        return -1;
    return 0;
}

int rdp_encode_setup(struct rdp_peer *p)
{
    rdpSettings *s = p->base.settings;
    struct display *d = p->srv->disp;

    p->codec = choose_codec(p->srv, s);
    if (p->codec == RDP_CODEC_AUTO) {
        rdp_log("peer %u: no codec for a %u bpp client", p->id, (unsigned)s->ColorDepth);
        return -1;
    }
    if (!p->tiles && !(p->tiles = malloc((size_t)TILES_PER_UPDATE * TILE_BUF)))
        return -1;
    if (p->codec == RDP_CODEC_RFX || p->codec == RDP_CODEC_NSC)
        return setup_surface_codec(p, display_width(d), display_height(d));
    /* Without the alpha plane, except for rdesktop, which decodes only the
     * form with it (all opaque: a few RLE bytes a row), while FreeRDP
     * 2.11's clients swap red and blue in that form. */
    if (!p->planar)
        p->planar = freerdp_bitmap_planar_context_new(
            rdp_compat_peer_is_rdesktop() ? PLANAR_FORMAT_HEADER_RLE : PLANAR_FORMAT_HEADER_NA | PLANAR_FORMAT_HEADER_RLE,
            TILE, TILE);
    /* Flags are ours to set (encode_tile). */
    p->base.update->autoCalculateBitmapData = FALSE;
    if (!p->interleaved)
        p->interleaved = bitmap_interleaved_context_new(TRUE);
    return p->planar && p->interleaved ? 0 : -1;
}

void rdp_encode_free(struct rdp_peer *p)
{
    freerdp_bitmap_planar_context_free(p->planar);
    bitmap_interleaved_context_free(p->interleaved);
    rfx_context_free(p->rfx);
    nsc_context_free(p->nsc);
    if (p->surface)
        Stream_Free(p->surface, TRUE);
    free(p->tiles);
}

/* ---- Bitmap updates (planar, interleaved, raw) -------------------------- */

/* Uncompressed bitmap data goes bottom row first, rows padded to 4
 * bytes; 24 bpp drops the X byte.  Returns the size. */
static UINT32 copy_raw(const BYTE *src, UINT32 stride, UINT32 w, UINT32 h, UINT32 bpp, BYTE *dst)
{
    UINT32 row = ((w * (bpp / 8)) + 3) & ~3u;

    for (UINT32 y = 0; y < h; y++) {
        const BYTE *in = src + (size_t)y * stride;
        BYTE *out = dst + (size_t)(h - 1 - y) * row;
        if (bpp == 32) {
            memcpy(out, in, (size_t)w * 4);
            continue;
        }
        for (UINT32 x = 0; x < w; x++)
            memcpy(out + x * 3, in + x * 4, 3);
        memset(out + w * 3, 0, row - w * 3);
    }
    return row * h;
}

static BOOL encode_tile(struct rdp_peer *p, BITMAP_DATA *b, BYTE *buf)
{
    struct display *d = p->srv->disp;
    const BYTE *fb = (const BYTE *)display_pixels(d);
    const BYTE *src = fb + (size_t)b->destTop * display_stride(d) + (size_t)b->destLeft * 4;
    UINT32 stride = display_stride(d);
    UINT32 bpp = p->base.settings->ColorDepth;
    UINT32 size = TILE_BUF;

    b->compressed = p->codec != RDP_CODEC_RAW;
    if (p->codec == RDP_CODEC_RAW) {
        size = copy_raw(src, stride, b->width, b->height, bpp, buf);
    } else if (p->codec == RDP_CODEC_PLANAR) {
        if (!freerdp_bitmap_compress_planar(p->planar, src, PIXEL_FORMAT_BGRX32, b->width, b->height, stride, buf,
                                            &size))
            return FALSE;
    } else if (!interleaved_compress(p->interleaved, buf, &size, b->width, b->height, fb, PIXEL_FORMAT_BGRX32,
                                     stride, b->destLeft, b->destTop, NULL, bpp)) {
        return FALSE;
    }
    /* FreeRDP's own flags would mark raw tiles "no compression header"
     * too, which rdesktop then tries to decompress. */
    b->flags = 0;
    if (b->compressed)
        b->flags = BITMAP_COMPRESSION | (p->base.settings->NoBitmapCompressionHeader ? NO_BITMAP_COMPRESSION_HDR : 0);
    b->bitsPerPixel = bpp;
    b->bitmapDataStream = buf;
    b->bitmapLength = size;
    b->cbScanWidth = b->width * ((bpp + 7) / 8);
    b->cbUncompressedSize = b->cbScanWidth * b->height;
    b->cbCompFirstRowSize = 0;
    b->cbCompMainBodySize = size;
    return TRUE;
}

/* The codecs want tiles of at least 4x4: an edge tile narrower than that
 * is moved back over its neighbour (sending a few pixels twice). */
static void tile_rect(BITMAP_DATA *b, UINT32 x, UINT32 y, UINT32 tw, UINT32 th, const RECTANGLE_16 *r,
                      UINT32 fbw, UINT32 fbh)
{
    UINT32 w = r->right - x < tw ? r->right - x : tw;
    UINT32 h = r->bottom - y < th ? r->bottom - y : th;

    if (w < 4) {
        w = fbw < 4 ? fbw : 4;
        x = x + w > fbw ? fbw - w : x;
    }
    if (h < 4) {
        h = fbh < 4 ? fbh : 4;
        y = y + h > fbh ? fbh - h : y;
    }
    memset(b, 0, sizeof(*b));
    b->destLeft = x;
    b->destTop = y;
    b->width = w;
    b->height = h;
    b->destRight = x + w - 1;
    b->destBottom = y + h - 1;
}

struct tile_batch {
    BITMAP_DATA tiles[TILES_PER_UPDATE];
    UINT32 n, bytes;
};

static BOOL flush_tiles(struct rdp_peer *p, struct tile_batch *b)
{
    BITMAP_UPDATE up = { .count = b->n, .number = b->n, .rectangles = b->tiles };
    rdpUpdate *update = p->base.update;
    BOOL ok = b->n == 0 || update->BitmapUpdate(&p->base, &up);

    b->n = 0;
    b->bytes = 0;
    return ok;
}

/* Encodes one tile into the batch's next slot; sends the batch first
 * when the tile would not fit. */
static BOOL add_tile(struct rdp_peer *p, struct tile_batch *b, const BITMAP_DATA *geom)
{
    BITMAP_DATA t = *geom;
    BYTE *buf;

    if (b->n == TILES_PER_UPDATE && !flush_tiles(p, b))
        return FALSE;
    buf = p->tiles + (size_t)b->n * TILE_BUF;
    if (!encode_tile(p, &t, buf))
        return FALSE;
    if (b->n > 0 && b->bytes + t.bitmapLength > UPDATE_BYTES) {
        /* Flushing reuses slot 0: move the encoded tile there. */
        BITMAP_DATA keep = t;
        if (!flush_tiles(p, b))
            return FALSE;
        memmove(p->tiles, buf, keep.bitmapLength);
        keep.bitmapDataStream = p->tiles;
        t = keep;
    }
    b->tiles[b->n++] = t;
    b->bytes += t.bitmapLength;
    return TRUE;
}

static BOOL send_bitmaps(struct rdp_peer *p, const RECTANGLE_16 *rects, UINT32 count)
{
    struct display *d = p->srv->disp;
    UINT32 fbw = display_width(d), fbh = display_height(d);
    /* A raw 64x64 tile would not fit an update: half height. */
    UINT32 th = p->codec == RDP_CODEC_RAW ? TILE / 2 : TILE;
    struct tile_batch batch = { .n = 0 };
    BITMAP_DATA geom;

    for (UINT32 i = 0; i < count; i++) {
        const RECTANGLE_16 *r = &rects[i];
        for (UINT32 y = r->top; y < r->bottom; y += th) {
            for (UINT32 x = r->left; x < r->right; x += TILE) {
                tile_rect(&geom, x, y, TILE, th, r, fbw, fbh);
                if (!add_tile(p, &batch, &geom))
                    return FALSE;
            }
        }
    }
    return flush_tiles(p, &batch);
}

/* ---- Surface commands (RemoteFX, NSCodec) ------------------------------- */

static BOOL send_surface(struct rdp_peer *p, SURFACE_BITS_COMMAND *cmd)
{
    cmd->bmp.bitmapDataLength = (UINT32)Stream_GetPosition(p->surface);
    cmd->bmp.bitmapData = Stream_Buffer(p->surface);
    return p->base.update->SurfaceBits(&p->base, cmd);
}

/* The frame markers let a client present a whole update at once; only
 * for clients that asked for them. */
static BOOL frame_marker(struct rdp_peer *p, UINT32 action)
{
    SURFACE_FRAME_MARKER m = { .frameAction = action, .frameId = p->frame_id };

    if (!p->base.settings->SurfaceFrameMarkerEnabled)
        return TRUE;
    return p->base.update->SurfaceFrameMarker(&p->base, &m);
}

static BOOL send_rfx(struct rdp_peer *p, const RECTANGLE_16 *rects, UINT32 count)
{
    struct display *d = p->srv->disp;
    UINT32 w = display_width(d), h = display_height(d);
    SURFACE_BITS_COMMAND cmd = { .cmdType = CMDTYPE_STREAM_SURFACE_BITS, .destRight = w, .destBottom = h,
                                 .skipCompression = TRUE };
    RFX_RECT *rr = calloc(count, sizeof(*rr));
    RFX_MESSAGE *msgs = NULL;
    RFX_RECT *shared_rects = NULL;
    size_t n = 0, i = 0;
    BOOL ok = FALSE;

    if (!rr)
        return FALSE;
    for (UINT32 k = 0; k < count; k++)
        rr[k] = (RFX_RECT){ rects[k].left, rects[k].top, (UINT16)(rects[k].right - rects[k].left),
                            (UINT16)(rects[k].bottom - rects[k].top) };
    /* The messages are split to fit what the client reassembles, less
     * room for the headers around them. */
    UINT32 mf = p->base.settings->MultifragMaxRequestSize;
    msgs = rfx_encode_messages_ex(p->rfx, rr, count, (const BYTE *)display_pixels(d), w, h, display_stride(d),
                                  &n, mf > 4096 ? mf - 1024 : mf);
    free(rr);
    if (!msgs)
        return FALSE;
    shared_rects = n > 0 ? msgs[0].rects : NULL; /* one array for all the split messages */
    cmd.bmp.codecID = (UINT16)p->base.settings->RemoteFxCodecId;
    cmd.bmp.bpp = 32;
    cmd.bmp.width = (UINT16)w;
    cmd.bmp.height = (UINT16)h;
    ok = frame_marker(p, SURFACECMD_FRAMEACTION_BEGIN);
    for (i = 0; i < n; i++) {
        Stream_SetPosition(p->surface, 0);
        if (ok)
            ok = rfx_write_message(p->rfx, p->surface, &msgs[i]) && send_surface(p, &cmd);
        rfx_message_free(p->rfx, &msgs[i]);
    }
    free(shared_rects);
    free(msgs);
    return ok && frame_marker(p, SURFACECMD_FRAMEACTION_END);
}

static BOOL send_nsc_tile(struct rdp_peer *p, UINT32 x, UINT32 y, UINT32 w, UINT32 h)
{
    struct display *d = p->srv->disp;
    const BYTE *src = (const BYTE *)display_pixels(d) + (size_t)y * display_stride(d) + (size_t)x * 4;
    SURFACE_BITS_COMMAND cmd = { .cmdType = CMDTYPE_SET_SURFACE_BITS, .destLeft = x, .destTop = y,
                                 .destRight = x + w, .destBottom = y + h };

    Stream_SetPosition(p->surface, 0);
    if (!nsc_compose_message(p->nsc, p->surface, src, w, h, display_stride(d)))
        return FALSE;
    cmd.bmp.codecID = (UINT16)p->base.settings->NSCodecId;
    cmd.bmp.bpp = 32;
    cmd.bmp.width = (UINT16)w;
    cmd.bmp.height = (UINT16)h;
    return send_surface(p, &cmd);
}

static BOOL send_nsc(struct rdp_peer *p, const RECTANGLE_16 *rects, UINT32 count)
{
    BOOL ok = frame_marker(p, SURFACECMD_FRAMEACTION_BEGIN);

    for (UINT32 i = 0; ok && i < count; i++) {
        const RECTANGLE_16 *r = &rects[i];
        for (UINT32 y = r->top; ok && y < r->bottom; y += TILE) {
            for (UINT32 x = r->left; ok && x < r->right; x += TILE) {
                UINT32 w = r->right - x < TILE ? r->right - x : TILE;
                UINT32 h = r->bottom - y < TILE ? r->bottom - y : TILE;
                ok = send_nsc_tile(p, x, y, w, h);
            }
        }
    }
    return ok && frame_marker(p, SURFACECMD_FRAMEACTION_END);
}

BOOL rdp_encode_send(struct rdp_peer *p, const REGION16 *region)
{
    UINT32 count;
    const RECTANGLE_16 *rects = region16_rects(region, &count);
    BOOL ok;

    if (count == 0)
        return TRUE;
    p->frame_id++;
    switch (p->codec) {
    case RDP_CODEC_RFX: ok = send_rfx(p, rects, count); break;
    case RDP_CODEC_NSC: ok = send_nsc(p, rects, count); break;
    default: ok = send_bitmaps(p, rects, count); break;
    }
    return ok;
}

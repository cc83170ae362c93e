/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * options.h - the RDP settings a user gives (listen address, size, codec),
 * parsed without FreeRDP: the loader links this to check `keep run`'s
 * options and manifest keys.  Functions return 0 or -EINVAL.
 */
#ifndef KEEP_RDP_OPTIONS_H
#define KEEP_RDP_OPTIONS_H

#include <stddef.h>

/* How pictures are sent.  AUTO picks per client, from its capabilities:
 * on a link the client declares slower than a LAN, RemoteFX, then NSCodec
 * (both surface commands, 32 bpp, lossy) if it takes them; otherwise
 * planar (32 bpp bitmap updates, lossless); interleaved for 15/16 bpp
 * clients, raw tiles for 24 bpp ones. */
enum rdp_codec {
    RDP_CODEC_AUTO = 0,
    RDP_CODEC_RFX,
    RDP_CODEC_NSC,
    RDP_CODEC_PLANAR,
    RDP_CODEC_INTERLEAVED,
    RDP_CODEC_RAW, /* uncompressed bitmap updates */
};

/* Parses "[ADDR:]PORT" into addr (caller's buffer) and port.  A bare
 * PORT gives addr "127.0.0.1": listening beyond loopback takes an
 * explicit address.  "[::1]:PORT" style brackets are removed. */
int rdp_parse_listen(const char *spec, char *addr, size_t addr_size, unsigned *port);
/* "WxH" within [1, DISPLAY_MAX_DIM]. */
int rdp_parse_size(const char *spec, unsigned *w, unsigned *h);
/* "auto", "rfx", "nsc", "planar", "interleaved" or "raw". */
int rdp_parse_codec(const char *name, enum rdp_codec *out);

#endif /* KEEP_RDP_OPTIONS_H */

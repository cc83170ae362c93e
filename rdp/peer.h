/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * peer.h - inside the RDP server: the server and peer state that
 * server.c (threads, connection), encode.c (pictures), pointer.c (cursor)
 * and auth.c (passwords) share.  Not for use outside rdp/.
 *
 * Locking: srv->lock guards the peer list, every peer's pending region and
 * dirty flags, the display pointer and the stats.  Everything else in a
 * peer belongs to that peer's thread (FreeRDP peers are not thread-safe).
 */
#ifndef KEEP_RDP_PEER_H
#define KEEP_RDP_PEER_H

#include <pthread.h>
#include <stdint.h>

#include <freerdp/codec/interleaved.h>
#include <freerdp/codec/nsc.h>
#include <freerdp/codec/planar.h>
#include <freerdp/codec/region.h>
#include <freerdp/codec/rfx.h>
#include <freerdp/freerdp.h>
#include <freerdp/listener.h>
#include <freerdp/peer.h>

#include "rdp/display.h"
#include "rdp/server.h"

#define RDP_POINTER_SLOTS 32

struct rdp_peer;

struct rdp_server {
    struct display *disp;      /* NULL until the first client sized it */
    int own_disp;              /* we made it: we close it */
    uint32_t min_w, min_h;
    enum rdp_codec codec;      /* forced, or RDP_CODEC_AUTO */
    char *user, *password;     /* password NULL: no authentication */
    freerdp_listener *listener;
    char cert[4096], key[4096];
    int handshake_ms, max_peers;
    HANDLE stop;               /* manual-reset: everyone leaves */
    pthread_t listen_thread, damage_thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;    /* peers gone, display made */
    pthread_mutex_t input_lock; /* many peer threads, one ring producer */
    struct rdp_peer *peers;
    struct rdp_server_stats stats;
    unsigned next_id;
};

/* FreeRDP allocates this as the peer's context (ContextSize). */
struct rdp_peer {
    rdpContext base;
    struct rdp_server *srv;
    struct rdp_peer *next;
    unsigned id;
    HANDLE wake;          /* damage or a pointer change arrived */
    REGION16 pending;     /* under srv->lock */
    int shape_dirty, pos_dirty; /* under srv->lock */
    int activated, suppressed, authenticated;
    char *nla_user;       /* the user NTLM asked a hash for */
    enum rdp_codec codec; /* chosen at activation */
    BITMAP_PLANAR_CONTEXT *planar;
    BITMAP_INTERLEAVED_CONTEXT *interleaved;
    RFX_CONTEXT *rfx;
    NSC_CONTEXT *nsc;
    wStream *surface;     /* RemoteFX / NSCodec output */
    BYTE *tiles;          /* bitmap-update tiles */
    uint32_t frame_id;
    /* The client's pointer cache: which shape each slot holds. */
    uint64_t slot_hash[RDP_POINTER_SLOTS];
    uint32_t slots, next_slot;
    struct display_cursor *cursor; /* scratch for one shape */
};

void rdp_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* encode.c: choose the codec from the client's capabilities (0, or -1
 * when the client can take none of ours); send the pending region. */
int rdp_encode_setup(struct rdp_peer *p);
void rdp_encode_free(struct rdp_peer *p);
BOOL rdp_encode_send(struct rdp_peer *p, const REGION16 *region);
const char *rdp_codec_name(enum rdp_codec c);

/* pointer.c: send what changed of the pointer since the last call. */
BOOL rdp_pointer_send(struct rdp_peer *p, int shape, int pos);
void rdp_pointer_free(struct rdp_peer *p);

/* auth.c: wire the password checks into a peer; check the credentials a
 * client sent in its Client Info (TLS without NLA). */
void rdp_auth_configure(struct rdp_server *srv, freerdp_peer *client);
BOOL rdp_auth_check_info(struct rdp_peer *p);
/* Logs a refusal when NLA ended without success; frees auth state. */
void rdp_auth_note_end(struct rdp_peer *p);

/* rdesktop_compat.c: 1 when the peer served on the calling thread sent
 * rdesktop's Erect Domain Request. */
int rdp_compat_peer_is_rdesktop(void);

#endif /* KEEP_RDP_PEER_H */

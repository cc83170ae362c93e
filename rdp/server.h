/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * server.h - the RDP server of the monitor: serves a display (display.h)
 * to any number of RDP clients with FreeRDP 2's listener/peer API and
 * carries their keyboard and mouse input back into the display's input
 * queue.  Runs host-side only: the picoprocess never sees a socket.
 */
#ifndef KEEP_RDP_SERVER_H
#define KEEP_RDP_SERVER_H

#include <stddef.h>

#include "rdp/display.h"
#include "rdp/options.h"

struct rdp_server_config {
    const char *addr;     /* bind address; NULL: 127.0.0.1 */
    unsigned port;        /* TCP port; 0: 3389 */
    const char *cert_dir; /* where keep.crt/keep.key live or are made */
    int handshake_ms;     /* a peer not active by then is dropped; 0: 10000 */
    int max_peers;        /* connections beyond are dropped; 0: 64 */
    /* Without a display: the first client's size, clamped to at least
     * this and to DISPLAY_MAX_DIM. */
    unsigned min_width, min_height;
    enum rdp_codec codec; /* a client that cannot take a forced codec gets AUTO's */
    /* With a password, a client must log on as user (NULL: any name)
     * with it: by NLA (NTLM), or in its Client Info under TLS. */
    const char *user, *password;
};

struct rdp_server_stats {
    unsigned accepted;  /* connections accepted */
    unsigned activated; /* of which reached the active state */
    unsigned dropped;   /* ended by error, timeout or the peer limit */
    unsigned current;   /* connected now */
    unsigned refused;   /* of the dropped: wrong user or password */
};

struct rdp_server;

/* Makes the certificate if needed, binds, and starts serving in threads
 * of its own.  A display passed in must outlive the server; with NULL the
 * server makes one at the first client's size (rdp_server_display). */
int rdp_server_start(struct display *disp, const struct rdp_server_config *cfg,
                     struct rdp_server **out);
/* The display, waiting up to timeout_ms for the first client to size it;
 * NULL on timeout.  A display the server made is closed by stop(). */
struct display *rdp_server_display(struct rdp_server *srv, int timeout_ms);
/* Disconnects everyone and waits for all the server's threads. */
void rdp_server_stop(struct rdp_server *srv);
void rdp_server_get_stats(struct rdp_server *srv, struct rdp_server_stats *st);

#endif /* KEEP_RDP_SERVER_H */

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

struct rdp_server_config {
    const char *addr;     /* bind address; NULL: 127.0.0.1 */
    unsigned port;        /* TCP port; 0: 3389 */
    const char *cert_dir; /* where keep.crt/keep.key live or are made */
    int handshake_ms;     /* a peer not active by then is dropped; 0: 10000 */
    int max_peers;        /* connections beyond are dropped; 0: 64 */
};

struct rdp_server_stats {
    unsigned accepted;  /* connections accepted */
    unsigned activated; /* of which reached the active state */
    unsigned dropped;   /* ended by error, timeout or the peer limit */
    unsigned current;   /* connected now */
};

struct rdp_server;

/* Makes the certificate if needed, binds, and starts serving in threads
 * of its own.  The display must outlive the server. */
int rdp_server_start(struct display *disp, const struct rdp_server_config *cfg,
                     struct rdp_server **out);
/* Disconnects everyone and waits for all the server's threads. */
void rdp_server_stop(struct rdp_server *srv);
void rdp_server_get_stats(struct rdp_server *srv, struct rdp_server_stats *st);

/* Parses "[ADDR:]PORT" into addr (caller's buffer) and port. */
int rdp_parse_listen(const char *spec, char *addr, size_t addr_size, unsigned *port);

#endif /* KEEP_RDP_SERVER_H */

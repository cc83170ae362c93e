/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_rdp_hostile.c - hostile peers against keep-rdp-test on loopback:
 * 50 connections at once sending garbage, closing mid-handshake or
 * stalling, then a client flooding input.  The server (the ASan/UBSan
 * build) must drop and log them, stay up, and keep serving a well-behaved
 * client throughout.  TAP output.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <freerdp/input.h>

#include "rdp/pattern.h"
#include "tests/rdp/rdp_test_util.h"

#define W 640
#define H 480
#define N_HOSTILE 50

/* TPKT + X.224 Connection Request + RDP_NEG_REQ asking for TLS. */
static const unsigned char x224_cr_tls[] = {
    0x03, 0x00, 0x00, 0x13, 0x0e, 0xe0, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00,
};

static int dial(unsigned port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Kinds of misbehaviour, by connection number mod 5:
 *   0 random garbage        1 a valid X.224 request, then close
 *   2 connect, close        3 half a TPKT header, then stall
 *   4 a valid X.224 request, then garbage where TLS should start */
static int misbehave(int fd, int kind, unsigned seed)
{
    unsigned char junk[1024];

    for (size_t i = 0; i < sizeof(junk); i++)
        junk[i] = (unsigned char)rand_r(&seed);
    switch (kind) {
    case 0: return write(fd, junk, sizeof(junk)) == (ssize_t)sizeof(junk);
    case 1: return write(fd, x224_cr_tls, sizeof(x224_cr_tls)) == (ssize_t)sizeof(x224_cr_tls);
    case 2: return 1;
    case 3: return write(fd, "\x03\x00", 2) == 2;
    default:
        return write(fd, x224_cr_tls, sizeof(x224_cr_tls)) == (ssize_t)sizeof(x224_cr_tls) &&
               write(fd, junk, sizeof(junk)) == (ssize_t)sizeof(junk);
    }
}

static struct test_server *server; /* its event lines are read and dropped */

static int wait_frames(freerdp *c, int ms, uint32_t *counter)
{
    char line[256];

    for (int t = 0; t < ms; t += 50) {
        while (server && server_line(server, line, sizeof(line), 0))
            ;
        if (!client_pump(&c, 1, 50))
            return 0;
        *counter = client_counter(c, H);
        if (*counter > 0 && client_bars_ok(c, W, H))
            return 1;
    }
    return 0;
}

int main(void)
{
    const char *const extra[] = { "--handshake-ms", "1500", NULL };
    struct test_server srv = { .asan = 1 };
    int fds[N_HOSTILE], sent = 0, stalled = 0, got;
    uint32_t f0 = 0, f1 = 0, f2 = 0;
    freerdp *good = NULL;

    test_init();
    signal(SIGPIPE, SIG_IGN);
    got = server_start(&srv, extra) == 0;
    server = &srv;
    if (!tap_ok(got, "keep-rdp-test listens on 127.0.0.1:%u", srv.port))
        return tap_done();
    good = client_connect(srv.port, W, H);
    got = good && wait_frames(good, 10000, &f0);
    tap_ok(got, "a good client is served before the attack (counter %u)", f0);
    for (int i = 0; i < N_HOSTILE; i++) {
        fds[i] = dial(srv.port);
        sent += fds[i] >= 0 && misbehave(fds[i], i % 5, (unsigned)i);
    }
    tap_ok(sent == N_HOSTILE, "%d of %d hostile connections opened at once and misbehaved", sent, N_HOSTILE);
    for (int i = 0; i < N_HOSTILE; i++) {
        if (fds[i] >= 0 && i % 5 != 3)
            close(fds[i]);
        else
            stalled++;
    }
    got = good && wait_frames(good, 5000, &f1) && f1 > f0;
    tap_ok(got, "the good client is still served during the attack (counter %u)", f1);
    freerdp *late = client_connect(srv.port, W, H);
    uint32_t fl = 0;
    got = late && wait_frames(late, 10000, &fl);
    tap_ok(got, "a new client connects and is served during the attack (counter %u)", fl);
    client_close(late);
    /* Every hostile peer must be dropped, the stalled ones by the
     * handshake timeout. */
    for (int t = 0; t < 8000 && server_log_count(&srv, "dropped:") < N_HOSTILE; t += 100)
        client_pump(&good, 1, 100);
    got = server_log_count(&srv, "handshake timed out");
    tap_ok(got >= stalled, "%d stalled connections dropped after the handshake timeout (%d logged)", stalled, got);
    got = server_log_count(&srv, "dropped:");
    tap_ok(got == N_HOSTILE, "all %d hostile peers dropped and logged (%d drop lines)", N_HOSTILE, got);
    for (int i = 3; i < N_HOSTILE; i += 5)
        if (fds[i] >= 0)
            close(fds[i]);
    got = good && wait_frames(good, 5000, &f2) && f2 > f1;
    tap_ok(got, "the good client is still served after the attack (counter %u)", f2);
    /* An input flood: far more events than the input ring holds, as fast
     * as the client can send them. */
    freerdp *flood = client_connect(srv.port, W, H);
    for (int i = 0; flood && i < 20000; i++)
        freerdp_input_send_mouse_event(flood->context->input, PTR_FLAGS_MOVE, (UINT16)(i % W), (UINT16)(i % H));
    got = flood && good && wait_frames(good, 5000, &f1) && f1 > f2;
    tap_ok(got, "an input flood of 20000 events: the good client is still served (counter %u)", f1);
    got = flood && wait_frames(flood, 5000, &f2);
    tap_ok(got, "the flooding client is still served too (counter %u)", f2);
    client_close(flood);
    tap_ok(kill(srv.pid, 0) == 0, "the server is still running");
    client_close(good);
    tap_ok(server_stop(&srv) == 0, "keep-rdp-test exits cleanly on SIGTERM");
    return tap_done();
}

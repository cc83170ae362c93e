/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rdp_test_util.h - what the RDP tests share: TAP output, starting
 * keep-rdp-test on a free loopback port, reading its event lines, and a
 * headless FreeRDP client (software GDI, no X server).
 */
#ifndef KEEP_TESTS_RDP_UTIL_H
#define KEEP_TESTS_RDP_UTIL_H

#include <stdint.h>
#include <sys/types.h>

#include <freerdp/freerdp.h>

/* Sends FreeRDP's log to stderr (stdout is TAP), warnings only. */
void test_init(void);
/* TAP: prints "ok N - ..." or "not ok N - ..."; returns cond. */
int tap_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the plan and returns the exit status: non-zero on any failure. */
int tap_done(void);

struct test_server {
    int bare_port;       /* set before server_start: "--rdp PORT" */
    int asan;            /* set before server_start: the ASan/UBSan build */
    pid_t pid;
    int out_fd;          /* its stdout */
    unsigned port;
    char dir[256];       /* instance directory (certificate) */
    char log[300];       /* its stderr */
    char buf[8192];      /* line buffer */
    size_t len;
};

/* Starts keep-rdp-test on 127.0.0.1 and a free port with extra arguments
 * (NULL-terminated) and waits for its "listening" line. */
int server_start(struct test_server *s, const char *const *extra);
/* A temporary directory, its log and a free port, for server_spawn. */
int server_prepare(struct test_server *s);
/* Runs argv (argv[0] a path) with stdout read by server_line and stderr in
 * the log; does not wait for anything. */
int server_spawn(struct test_server *s, const char *const *argv);
/* Waits for it to exit by itself: its exit status, or -1 (killed) after
 * timeout_ms. */
int server_wait(struct test_server *s, int timeout_ms);
/* SIGTERM, wait; returns the exit status, or -1 if it had died. */
int server_stop(struct test_server *s);
/* Next line of stdout within timeout_ms; 1, or 0 on timeout/EOF. */
int server_line(struct test_server *s, char *line, size_t size, int timeout_ms);
/* Counts lines in its stderr log that contain needle. */
int server_log_count(const struct test_server *s, const char *needle);

/* What a headless client asks for; zero fields take the defaults (32 bpp,
 * no RemoteFX/NSCodec, no declared link type, TLS without credentials). */
struct client_opts {
    uint32_t w, h;
    uint32_t depth;
    int rfx, nsc;
    uint32_t link;        /* CONNECTION_TYPE_*, 0: none declared */
    const char *user, *password;
    int nla;              /* ask for NLA (with user and password) */
};

/* What a client saw of the pointer (the test's context records it). */
struct client_pointer {
    unsigned news, cached, systems, positions;
    uint32_t new_w, new_h, new_hotx, new_hoty, new_slot, new_bpp;
    uint8_t new_xor[96 * 96 * 4];
    uint32_t cached_slot, system_type, pos_x, pos_y;
};

freerdp *client_connect(unsigned port, uint32_t w, uint32_t h);
freerdp *client_connect_opts(unsigned port, const struct client_opts *o);
struct client_pointer *client_pointer(freerdp *inst);
/* TLS payload bytes received so far on the client's socket (TCP_INFO). */
uint64_t client_bytes_received(freerdp *inst);
void client_close(freerdp *inst);
/* Processes traffic of the clients for ms milliseconds; 0 if one died. */
int client_pump(freerdp **insts, int n, int ms);
uint32_t client_pixel(freerdp *inst, uint32_t x, uint32_t y); /* 0x00RRGGBB */
/* The frame counter drawn by the pattern. */
uint32_t client_counter(freerdp *inst, uint32_t h);
uint32_t client_bits(freerdp *inst, uint32_t x, uint32_t y, int bits);
/* 1 when the bars (and the grey band) are right. */
int client_bars_ok(freerdp *inst, uint32_t w, uint32_t h);

#endif

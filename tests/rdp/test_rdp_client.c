/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_rdp_client.c - a headless FreeRDP client against keep-rdp-test on
 * loopback: frames arrive and show the expected pattern, the picture
 * moves, two clients are served at once and one may leave, and keys and
 * clicks arrive in order in the display's input queue (keep-rdp-test
 * prints each event it reads) and show in the picture.  TAP output.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <freerdp/gdi/gdi.h>
#include <freerdp/input.h>
#include <winpr/image.h>

#include "rdp/pattern.h"
#include "tests/rdp/rdp_test_util.h"

#define W 640
#define H 480

/* Pumps until the picture is complete and consistent (the counter and the
 * square drawn from the same frame), or ms pass. */
static int wait_consistent(freerdp **all, int n, freerdp *c, int ms, uint32_t *counter)
{
    for (int t = 0; t < ms; t += 50) {
        if (!client_pump(all, n, 50))
            return 0;
        uint32_t f = client_counter(c, H);
        uint32_t sx = pattern_square_x(W, f) + PATTERN_SQUARE / 2, sy = pattern_square_y(H) + PATTERN_SQUARE / 2;
        if (f > 0 && client_bars_ok(c, W, H) && client_pixel(c, sx, sy) == PATTERN_ORANGE) {
            *counter = f;
            return 1;
        }
    }
    printf("# counter %u, bar pixels:", client_counter(c, H));
    for (uint32_t b = 0; b < 8; b++)
        printf(" %06x", client_pixel(c, b * (W / 8) + W / 16, 0));
    printf(", grey %06x %06x\n", client_pixel(c, 5, H / 2 + 8), client_pixel(c, W - 5, H / 2 + 8));
    return 0;
}

/* Reads event lines until `want` lines were seen or the time is up. */
static int expect_events(struct test_server *srv, const char *const *want, int n)
{
    char line[256];
    int i = 0;

    while (i < n && server_line(srv, line, sizeof(line), 5000)) {
        if (strcmp(line, want[i]) != 0) {
            printf("# event %d: got \"%s\", want \"%s\"\n", i, line, want[i]);
            return 0;
        }
        i++;
    }
    if (i < n)
        printf("# only %d of %d events arrived\n", i, n);
    return i == n;
}

static void send_input(rdpInput *in)
{
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_DOWN, 0x1e);          /* a */
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_RELEASE, 0x1e);
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_DOWN | KBD_FLAGS_EXTENDED, 0x48); /* up arrow */
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_RELEASE | KBD_FLAGS_EXTENDED, 0x48);
    freerdp_input_send_unicode_keyboard_event(in, 0, 0xe9);                /* e acute */
    freerdp_input_send_unicode_keyboard_event(in, KBD_FLAGS_RELEASE, 0xe9);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_MOVE, 100, 400);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_DOWN | PTR_FLAGS_BUTTON1, 100, 400);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_BUTTON1, 100, 400);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_DOWN | PTR_FLAGS_BUTTON2, 200, 420);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_BUTTON2, 200, 420);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_WHEEL | 0x78, 200, 420);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_WHEEL | PTR_FLAGS_WHEEL_NEGATIVE | 0x88, 200, 420);
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_DOWN, 0x1f);           /* s, last key */
}

static const char *const expected[] = {
    "event key down 0x1e", "event key up 0x1e", "event key down 0x148", "event key up 0x148",
    "event unicode down 0xe9", "event unicode up 0xe9", "event motion 100 400",
    "event button down 1 100 400", "event button up 1 100 400", "event button down 2 200 420",
    "event button up 2 200 420", "event wheel 120 v", "event wheel -120 v", "event key down 0x1f",
};

static void drain_events(struct test_server *srv)
{
    char line[256];

    while (server_line(srv, line, sizeof(line), 300))
        printf("# before input: %s\n", line);
}

int main(void)
{
    struct test_server srv;
    freerdp *a = NULL, *b = NULL;
    uint32_t f1 = 0, f2 = 0, fb = 0;
    int n_ev = (int)(sizeof(expected) / sizeof(expected[0]));

    test_init();
    int started = server_start(&srv, NULL) == 0;
    if (!tap_ok(started, "keep-rdp-test listens on 127.0.0.1:%u", srv.port))
        return tap_done();
    a = client_connect(srv.port, W, H);
    tap_ok(a != NULL, "client A connects (TLS, self-signed certificate)");
    b = a ? client_connect(srv.port, W, H) : NULL;
    tap_ok(b != NULL, "client B connects while A is connected");
    if (!a || !b)
        goto out;
    freerdp *both[2] = { a, b };
    int got = wait_consistent(both, 2, a, 10000, &f1);
    tap_ok(got, "A receives the pattern (bars, square, counter %u)", f1);
    got = wait_consistent(both, 2, b, 10000, &fb);
    tap_ok(got, "B receives the pattern too (counter %u)", fb);
    got = client_pump(both, 2, 500) && wait_consistent(both, 2, a, 5000, &f2) && f2 > f1;
    tap_ok(got, "the picture moves: counter %u -> %u, square follows", f1, f2);
    tap_ok(winpr_bitmap_write("tests/rdp/rdp-screenshot.bmp", a->context->gdi->primary_buffer, W, H, 32) >= 0,
           "screenshot saved to tests/rdp/rdp-screenshot.bmp");
    client_close(b);
    b = NULL;
    got = client_pump(&a, 1, 500) && wait_consistent(&a, 1, a, 5000, &f1) && f1 > f2;
    tap_ok(got, "A is still served after B left (counter %u)", f1);
    /* A client that asks for another size gets the framebuffer's. */
    freerdp *c = client_connect(srv.port, 800, 600);
    uint32_t fc = 0;
    got = c && wait_consistent(&c, 1, c, 10000, &fc) && c->context->gdi->width == W && c->context->gdi->height == H;
    tap_ok(got, "a client asking for 800x600 is given %dx%d and served", c ? c->context->gdi->width : 0,
           c ? c->context->gdi->height : 0);
    client_close(c);
    drain_events(&srv);
    send_input(a->context->input);
    client_pump(&a, 1, 300);
    tap_ok(expect_events(&srv, expected, n_ev), "%d keys, clicks and wheel events arrive in order", n_ev);
    uint32_t key = 0;
    for (int t = 0; t < 5000 && key != 0x1f; t += 50) {
        client_pump(&a, 1, 50);
        key = client_bits(a, 0, pattern_key_y(H), 8);
    }
    tap_ok(key == 0x1f, "the picture shows the last key (0x%x)", key);
    client_pump(&a, 1, 200);
    tap_ok(client_pixel(a, 201, 421) == PATTERN_MAGENTA, "the picture shows the last click at 200,420");
out:
    client_close(a);
    client_close(b);
    tap_ok(server_stop(&srv) == 0, "keep-rdp-test exits cleanly on SIGTERM");
    return tap_done();
}

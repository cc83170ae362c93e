/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_rdp_features.c - headless FreeRDP clients against keep-rdp-test on
 * loopback, one server per topic:
 *   the pointer: shapes bit for bit, cache hits, hiding, a warp;
 *   codecs: each client forces one and the picture is compared with the
 *     pattern (exactly for the lossless ones, within a stated tolerance for
 *     RemoteFX and NSCodec);
 *   the display sized by the first client; only damage sent when idle;
 *   passwords by NLA and by TLS Client Info, right and wrong;
 *   a bare --rdp PORT listening on loopback only.
 * TAP output.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <freerdp/gdi/gdi.h>
#include <freerdp/input.h>
#include <freerdp/pointer.h>

#include "rdp/pattern.h"
#include "tests/rdp/rdp_test_util.h"

#define W 640
#define H 480

static int pump_until_bars(freerdp *c, uint32_t w, uint32_t h, int ms)
{
    for (int t = 0; t < ms; t += 50) {
        if (!client_pump(&c, 1, 50))
            return 0;
        if (client_bars_ok(c, w, h))
            return 1;
    }
    return 0;
}

/* ---- The pointer -------------------------------------------------------- */

/* The recorded New Pointer must be shape A or B of pattern.h, bottom-up
 * BGRA rows. */
static int shape_matches(const struct client_pointer *p, int shape_b)
{
    uint32_t w = shape_b ? PATTERN_CURSOR_B_W : PATTERN_CURSOR_A_W;
    uint32_t h = shape_b ? PATTERN_CURSOR_B_H : PATTERN_CURSOR_A_H;

    if (p->new_bpp != 32 || p->new_w != w || p->new_h != h)
        return 0;
    if (p->new_hotx != (shape_b ? PATTERN_CURSOR_B_HOTX : PATTERN_CURSOR_A_HOTX) ||
        p->new_hoty != (shape_b ? PATTERN_CURSOR_B_HOTY : PATTERN_CURSOR_A_HOTY))
        return 0;
    for (uint32_t y = 0; y < h; y++) {
        for (uint32_t x = 0; x < w; x++) {
            uint32_t got;
            memcpy(&got, p->new_xor + ((size_t)(h - 1 - y) * w + x) * 4, 4);
            if (got != pattern_cursor_pixel(shape_b, x, y)) {
                printf("# shape %c pixel %u,%u: %08x, want %08x\n", shape_b ? 'B' : 'A', x, y, got,
                       pattern_cursor_pixel(shape_b, x, y));
                return 0;
            }
        }
    }
    return 1;
}

static void press(freerdp *c, UINT16 sc)
{
    freerdp_input_send_keyboard_event(c->context->input, KBD_FLAGS_DOWN, sc);
    freerdp_input_send_keyboard_event(c->context->input, KBD_FLAGS_RELEASE, sc);
}

/* Pumps until *counter passes old, or ms pass. */
static int wait_count(freerdp *c, const unsigned *counter, unsigned old, int ms)
{
    for (int t = 0; t < ms && *counter == old; t += 20)
        if (!client_pump(&c, 1, 20))
            return 0;
    return *counter != old;
}

static void test_pointer(void)
{
    struct test_server srv;
    freerdp *c;
    struct client_pointer *p;
    unsigned n;
    uint32_t slot_a;

    if (!tap_ok(server_start(&srv, NULL) == 0, "pointer: keep-rdp-test listens"))
        return;
    c = client_connect(srv.port, W, H);
    if (!tap_ok(c != NULL, "pointer: client connects")) {
        server_stop(&srv);
        return;
    }
    p = client_pointer(c);
    wait_count(c, &p->news, 0, 5000);
    tap_ok(p->news == 1 && shape_matches(p, 0), "pointer: shape A arrives as a New Pointer (%ux%u, hot %u,%u)",
           p->new_w, p->new_h, p->new_hotx, p->new_hoty);
    slot_a = p->new_slot;
    press(c, 0x2e);
    wait_count(c, &p->news, 1, 5000);
    tap_ok(p->news == 2 && shape_matches(p, 1) && p->new_slot != slot_a,
           "pointer: key 'c' -> shape B, a New Pointer into another cache slot (%u)", p->new_slot);
    n = p->cached;
    press(c, 0x1e);
    wait_count(c, &p->cached, n, 5000);
    tap_ok(p->cached == n + 1 && p->cached_slot == slot_a && p->news == 2,
           "pointer: key 'a' -> shape A again, from the client's cache (slot %u)", p->cached_slot);
    n = p->systems;
    press(c, 0x23);
    wait_count(c, &p->systems, n, 5000);
    tap_ok(p->systems == n + 1 && p->system_type == SYSPTR_NULL, "pointer: key 'h' hides the pointer");
    n = p->positions;
    press(c, 0x11);
    wait_count(c, &p->positions, n, 5000);
    tap_ok(p->positions == n + 1 && p->pos_x == PATTERN_WARP_X && p->pos_y == PATTERN_WARP_Y,
           "pointer: key 'w' warps it to %u,%u", p->pos_x, p->pos_y);
    client_close(c);
    tap_ok(server_stop(&srv) == 0, "pointer: server exits cleanly");
}

/* ---- Codecs ------------------------------------------------------------- */

struct diff {
    unsigned max;     /* largest channel difference */
    double mean;      /* mean channel difference */
    double over16;    /* share of pixels with a channel off by more than 16 */
};

/* Compares the static part of the picture (the bars and the grey band
 * under them) with what the pattern says. */
static struct diff compare_static(freerdp *c, uint32_t w, uint32_t h)
{
    struct diff d = { 0, 0, 0 };
    uint64_t sum = 0, n = 0, bad = 0;

    for (uint32_t y = 0; y < pattern_square_y(h) - 4; y++) {
        for (uint32_t x = 0; x < w; x++) {
            uint32_t bar = x / (w / 8) < 8 ? x / (w / 8) : 7;
            uint32_t want = y < h / 2 ? pattern_bars[bar] : PATTERN_GREY, got = client_pixel(c, x, y);
            unsigned worst = 0;
            for (int sh = 0; sh < 24; sh += 8) {
                int dv = (int)((got >> sh) & 0xff) - (int)((want >> sh) & 0xff);
                unsigned a = (unsigned)(dv < 0 ? -dv : dv);
                sum += a;
                worst = a > worst ? a : worst;
            }
            if (worst > d.max && d.max == 0)
                printf("# first difference at %u,%u: %06x, want %06x\n", x, y, got, want);
            d.max = worst > d.max ? worst : d.max;
            bad += worst > 16;
            n++;
        }
    }
    d.mean = (double)sum / (double)(n * 3);
    d.over16 = (double)bad / (double)n;
    return d;
}

struct codec_case {
    const char *name;     /* as the server logs it */
    struct client_opts o;
    int lossy;
};

static void test_codec(struct test_server *srv, const struct codec_case *k)
{
    freerdp *c = client_connect_opts(srv->port, &k->o);
    char needle[64];
    struct diff d;
    int got;

    if (!tap_ok(c != NULL, "codec %s: client connects", k->name))
        return;
    /* The bars are drawn once: wait for the whole picture. */
    pump_until_bars(c, W, H, 3000);
    client_pump(&c, 1, 300);
    d = compare_static(c, W, H);
    snprintf(needle, sizeof(needle), "codec %s", k->name);
    got = server_log_count(srv, needle) > 0;
    if (!k->lossy)
        tap_ok(got && d.max == 0, "codec %s: chosen, and the picture is exact (max diff %u)", k->name, d.max);
    else
        /* Lossy: most pixels within 16 of the truth, edges may ring. */
        tap_ok(got && d.mean < 4.0 && d.over16 < 0.05,
               "codec %s: chosen, lossy picture within tolerance (mean diff %.2f, %.2f%% of pixels off by > 16, max %u)",
               k->name, d.mean, 100 * d.over16, d.max);
    client_close(c);
}

static void test_codecs(void)
{
    const struct codec_case cases[] = {
        { "planar", { .w = W, .h = H }, 0 },
        { "raw", { .w = W, .h = H, .depth = 24 }, 0 },
        /* 16 bpp: 5-6-5 bits, so a channel may be off by a little */
        { "interleaved", { .w = W, .h = H, .depth = 16 }, 1 },
        { "remotefx", { .w = W, .h = H, .rfx = 1, .link = CONNECTION_TYPE_WAN }, 1 },
        { "nscodec", { .w = W, .h = H, .nsc = 1, .link = CONNECTION_TYPE_WAN }, 1 },
        /* A LAN client that takes RemoteFX still gets lossless planar. */
        { "planar", { .w = W, .h = H, .rfx = 1, .nsc = 1, .link = CONNECTION_TYPE_LAN }, 0 },
    };
    const char *const raw[] = { "--size", "640x480", "--codec", "raw", NULL };
    struct test_server srv;

    if (!tap_ok(server_start(&srv, NULL) == 0, "codecs: keep-rdp-test listens"))
        return;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        test_codec(&srv, &cases[i]);
    tap_ok(server_stop(&srv) == 0, "codecs: server exits cleanly");
    if (!tap_ok(server_start(&srv, raw) == 0, "codecs: keep-rdp-test --codec raw listens"))
        return;
    const struct codec_case k = { "raw", { .w = W, .h = H }, 0 };
    test_codec(&srv, &k);
    tap_ok(server_stop(&srv) == 0, "codecs: raw server exits cleanly");
}

/* ---- Size from the first client; damage only ---------------------------- */

static void test_size_and_damage(void)
{
    const char *const still[] = { "--fps", "0", NULL };
    struct test_server srv;
    freerdp *a, *b;
    uint64_t before, idle, key;

    if (!tap_ok(server_start(&srv, still) == 0, "size: keep-rdp-test (no --size, still) listens"))
        return;
    a = client_connect(srv.port, 800, 600);
    int ok = a && pump_until_bars(a, 800, 600, 5000) && a->context->gdi->width == 800;
    tap_ok(ok, "size: the first client's 800x600 sizes the display, and the pattern fills it");
    b = client_connect(srv.port, 1024, 768);
    ok = b && pump_until_bars(b, 800, 600, 5000) && b->context->gdi->width == 800 && b->context->gdi->height == 600;
    tap_ok(ok, "size: a second client asking 1024x768 is given %dx%d", b ? b->context->gdi->width : 0,
           b ? b->context->gdi->height : 0);
    client_close(b);
    if (!a)
        goto out;
    client_pump(&a, 1, 500);
    before = client_bytes_received(a);
    client_pump(&a, 1, 1000);
    idle = client_bytes_received(a) - before;
    tap_ok(before > 0 && idle < 200, "damage: an idle display sends nothing (%llu bytes in 1 s after %llu)",
           (unsigned long long)idle, (unsigned long long)before);
    before = client_bytes_received(a);
    press(a, 0x1f);
    for (int t = 0; t < 3000 && client_bits(a, 0, pattern_key_y(600), 8) != 0x1f; t += 20)
        client_pump(&a, 1, 20);
    client_pump(&a, 1, 200);
    key = client_bytes_received(a) - before;
    /* The whole picture was `before` bytes; a key redraws two cells. */
    tap_ok(client_bits(a, 0, pattern_key_y(600), 8) == 0x1f && key < before / 10,
           "damage: a key redraws only what changed (%llu bytes, the first picture %llu)",
           (unsigned long long)key, (unsigned long long)before);
out:
    client_close(a);
    tap_ok(server_stop(&srv) == 0, "size: server exits cleanly");
}

/* ---- Passwords ---------------------------------------------------------- */

static void test_auth(void)
{
    char pwfile[] = "/tmp/keep-rdp-pw.XXXXXX";
    int fd = mkstemp(pwfile);
    const char *const extra[] = { "--user", "keep", "--password-file", pwfile, "--size", "640x480", NULL };
    struct test_server srv;
    freerdp *c;

    if (fd < 0 || write(fd, "s3cret pass\n", 12) != 12) {
        tap_ok(0, "auth: password file written");
        return;
    }
    close(fd);
    int started = server_start(&srv, extra) == 0;
    unlink(pwfile);
    if (!tap_ok(started, "auth: keep-rdp-test with a password listens"))
        return;
    struct client_opts o = { .w = W, .h = H, .user = "keep", .password = "s3cret pass", .nla = 1 };
    c = client_connect_opts(srv.port, &o);
    tap_ok(c && pump_until_bars(c, W, H, 5000), "auth: NLA with the right password connects and is served");
    client_close(c);
    o.password = "wrong";
    c = client_connect_opts(srv.port, &o);
    tap_ok(c == NULL, "auth: NLA with a wrong password is refused");
    client_close(c);
    o = (struct client_opts){ .w = W, .h = H, .user = "keep", .password = "s3cret pass" };
    c = client_connect_opts(srv.port, &o);
    tap_ok(c && pump_until_bars(c, W, H, 5000), "auth: TLS with the right password in Client Info is served");
    client_close(c);
    o.password = "nope";
    c = client_connect_opts(srv.port, &o);
    int served = c && pump_until_bars(c, W, H, 2000);
    tap_ok(!served, "auth: TLS with a wrong password gets no picture");
    client_close(c);
    o = (struct client_opts){ .w = W, .h = H };
    c = client_connect_opts(srv.port, &o);
    served = c && pump_until_bars(c, W, H, 2000);
    tap_ok(!served, "auth: TLS without credentials gets no picture");
    client_close(c);
    usleep(300 * 1000);
    /* FreeRDP's client tries NLA a second time after a failure. */
    int nla = server_log_count(&srv, "refused: NLA authentication failed");
    int tls = server_log_count(&srv, "refused: wrong user or password");
    int logged = server_log_count(&srv, "logged on");
    tap_ok(nla >= 1 && tls == 2 && logged == 2, "auth: refusals (%d NLA, %d TLS) and 2 logons (%d) logged", nla,
           tls, logged);
    tap_ok(server_stop(&srv) == 0, "auth: server exits cleanly");
}

/* ---- Listening ---------------------------------------------------------- */

/* The local address of the socket listening on port, from /proc/net/tcp
 * (and tcp6); 1 if it is 127.0.0.1 and nothing else listens there. */
static int listens_on_loopback_only(unsigned port)
{
    static const char *const files[] = { "/proc/net/tcp", "/proc/net/tcp6" };
    int loop = 0, other = 0;

    for (int f = 0; f < 2; f++) {
        FILE *fp = fopen(files[f], "r");
        char line[512], local[64];
        unsigned lport, state;
        if (!fp)
            continue;
        while (fgets(line, sizeof(line), fp)) {
            if (sscanf(line, " %*d: %63[0-9A-Fa-f]:%x %*s %x", local, &lport, &state) != 3)
                continue;
            if (lport != port || state != 0x0a) /* TCP_LISTEN */
                continue;
            if (!strcmp(local, "0100007F"))
                loop++;
            else
                other++;
        }
        fclose(fp);
    }
    return loop == 1 && other == 0;
}

static void test_listen(void)
{
    struct test_server srv = { .bare_port = 1 };

    if (!tap_ok(server_start(&srv, NULL) == 0, "listen: keep-rdp-test --rdp PORT (no address) listens"))
        return;
    tap_ok(listens_on_loopback_only(srv.port), "listen: a bare port binds 127.0.0.1:%u only", srv.port);
    freerdp *c = client_connect(srv.port, W, H);
    tap_ok(c && pump_until_bars(c, W, H, 5000), "listen: a client on 127.0.0.1 is served");
    client_close(c);
    tap_ok(server_stop(&srv) == 0, "listen: server exits cleanly");
}

int main(void)
{
    test_init();
    test_pointer();
    test_codecs();
    test_size_and_damage();
    test_auth();
    test_listen();
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_rdp_program.c - `keep run --rdp`: a real Windows GUI program
 * (tests/pe/gui_rdp.exe, on Wine's user32/gdi32/win32u and keep's display
 * driver) shown to a headless FreeRDP client on 127.0.0.1, and the
 * client's keys and clicks reaching its window procedure.
 *
 * Checks: keep serves the display at the size asked; the window's client
 * area shows the program's GDI picture exactly (four colour blocks, white,
 * and text ink inside the text's box only); outside the window the
 * desktop colour shows; a key typed on the client arrives as WM_KEYDOWN
 * and, through TranslateMessage, WM_CHAR; a click arrives as
 * WM_LBUTTONDOWN/UP at the right client coordinates; all in order; the
 * character 'q' makes the program exit, and keep exits with its status
 * (7); the pointer over the window takes the shape of the window class's
 * cursor.  A PNG screenshot is saved (tests/rdp/rdp-program.png).
 *
 * Then Wine's own notepad.exe: its window (caption, menu bar) shows on the
 * client (tests/rdp/rdp-notepad.png), and Alt+F4 typed on the client
 * closes it (WM_SYSKEYDOWN through DefWindowProc's SC_CLOSE): keep exits
 * with 0.  Then the same program snapshotted and resumed on another port
 * (keep resume --rdp): its window shows where and as it was and takes
 * keys.  Last, a manifest with a password: a client with a wrong one is
 * refused, one with the right one is served.
 */
#define _GNU_SOURCE
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <freerdp/gdi/gdi.h>
#include <freerdp/input.h>
#include <winpr/image.h>

#include "tests/rdp/rdp_test_util.h"

#define W 800
#define H 600
#define DESKTOP_RGB 0x204e74u   /* kdisplay.c's DESKTOP_COLOR (BGRX: 0x00RRGGBB) */

struct origin { int x, y, w, h; };

/* The program's "ready X Y W H" line: where its client area is. */
static int wait_ready(struct test_server *s, struct origin *o)
{
    char line[256];

    while (server_line(s, line, sizeof(line), 60000)) {
        printf("# program: %s\n", line);
        if (sscanf(line, "ready %d %d %d %d", &o->x, &o->y, &o->w, &o->h) == 4)
            return 1;
    }
    return 0;
}

static freerdp *connect_retry(unsigned port)
{
    for (int i = 0; i < 100; i++) {
        freerdp *c = client_connect(port, W, H);
        if (c)
            return c;
        usleep(100000);
    }
    return NULL;
}

static uint32_t px(freerdp *c, const struct origin *o, int x, int y)
{
    return client_pixel(c, (uint32_t)(o->x + x), (uint32_t)(o->y + y));
}

/* Pumps until the client area's picture shows (the first flush) and the
 * screen's last tile (bottom right, the desktop) has come. */
static int wait_picture(freerdp *c, const struct origin *o)
{
    for (int i = 0; i < 300; i++) {
        if (!client_pump(&c, 1, 100))
            return 0;
        if (px(c, o, 50, 50) == 0xff0000 && px(c, o, 250, 50) == 0x0000ff && px(c, o, 350, 250) == 0xffffff &&
            client_pixel(c, W - 1, H - 1) == DESKTOP_RGB)
            return 1;
    }
    return 0;
}

static int block_is(freerdp *c, const struct origin *o, int x0, int y0, int x1, int y1, uint32_t rgb)
{
    for (int y = y0; y < y1; y += 3)
        for (int x = x0; x < x1; x += 3)
            if (px(c, o, x, y) != rgb) {
                printf("# (%d,%d) is %06x, not %06x\n", x, y, px(c, o, x, y), rgb);
                return 0;
            }
    return 1;
}

/* Dark pixels inside the box (client coordinates). */
static int ink(freerdp *c, const struct origin *o, int x0, int y0, int x1, int y1)
{
    int n = 0;

    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
            n += (px(c, o, x, y) & 0xffffff) == 0;
    return n;
}

/* The pointer the program's class cursor (IDC_ARROW) gave the client: a
 * shape with a hot spot inside it, opaque and transparent pixels. */
static int arrow_pointer(freerdp *c)
{
    struct client_pointer *p = client_pointer(c);
    int opaque = 0, clear = 0;

    for (uint32_t i = 0; i < p->new_w * p->new_h; i++) {
        uint32_t v;
        memcpy(&v, p->new_xor + (size_t)i * 4, 4);
        opaque += (v >> 24) == 0xff;
        clear += (v >> 24) == 0;
    }
    printf("# pointer: %u new shapes, %ux%u, hot spot %u,%u, %d opaque, %d clear\n", p->news, p->new_w, p->new_h,
           p->new_hotx, p->new_hoty, opaque, clear);
    return p->news >= 1 && p->new_w >= 8 && p->new_w <= 96 && p->new_h >= 8 && p->new_h <= 96 &&
           p->new_hotx < p->new_w && p->new_hoty < p->new_h && opaque > 20 && clear > 20;
}

/* The client's picture as a PNG (lodepng through WinPR wants RGBA). */
static int save_png(freerdp *c, const char *path)
{
    const uint8_t *src = c->context->gdi->primary_buffer;
    uint8_t *rgba = malloc((size_t)W * H * 4);
    wImage img = { .type = WINPR_IMAGE_PNG, .width = W, .height = H, .scanline = W * 4, .bitsPerPixel = 32,
                   .bytesPerPixel = 4 };
    int rc;

    if (!rgba)
        return -1;
    for (size_t i = 0; i < (size_t)W * H; i++) {
        rgba[i * 4] = src[i * 4 + 2];
        rgba[i * 4 + 1] = src[i * 4 + 1];
        rgba[i * 4 + 2] = src[i * 4];
        rgba[i * 4 + 3] = 0xff;
    }
    img.data = rgba;
    rc = winpr_image_write(&img, path);
    free(rgba);
    return rc;
}

/* Pumps until the screen pixel (x, y) is rgb (10 s at most: the machine
 * may be busy). */
static int wait_pixel(freerdp *c, int x, int y, uint32_t rgb)
{
    for (int i = 0; i < 500; i++) {
        if (client_pixel(c, (uint32_t)x, (uint32_t)y) == rgb)
            return 1;
        client_pump(&c, 1, 20);
    }
    printf("# (%d,%d) is %06x, not %06x\n", x, y, client_pixel(c, (uint32_t)x, (uint32_t)y), rgb);
    return 0;
}

/* The program's "moved X Y" line: its client area's new origin. */
static int moved_to(struct test_server *s, struct origin *o)
{
    char line[256];

    while (server_line(s, line, sizeof(line), 20000)) {
        printf("# program: %s\n", line);
        if (sscanf(line, "moved %d %d", &o->x, &o->y) == 2)
            return 1;
    }
    return 0;
}

static void send_key(rdpInput *in, unsigned scan)
{
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_DOWN, (UINT16)scan);
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_RELEASE, (UINT16)scan);
}

/* keep in the build tree. */
static const char *keep_path(void)
{
    static char path[4096];
    const char *top = getenv("top_builddir") ? getenv("top_builddir") : ".";

    snprintf(path, sizeof(path), "%s/loader/keep", top);
    return path;
}

/* A temporary instance root (KEEP_INSTANCE_DIR) and a free port for one run. */
static int run_prepare(struct test_server *s, const char *what)
{
    static char env[512];    /* putenv keeps it */

    if (!tap_ok(server_prepare(s) == 0, "%s: a temporary instance root and a free port", what))
        return 0;
    snprintf(env, sizeof(env), "KEEP_INSTANCE_DIR=%s", s->dir);
    putenv(env);
    return 1;
}

/* The client goes, keep is killed if it still runs, and the instance root
 * is removed when the run passed (kept for reading otherwise). */
static void run_end(struct test_server *s, freerdp *c, int passed)
{
    char cmd[600];

    if (c)
        client_close(c);
    if (s->pid > 0) {
        kill(s->pid, SIGKILL);
        server_wait(s, 5000);
    }
    if (!passed || getenv("KEEP_RDP_TEST_KEEP")) {
        printf("# keep's log kept in %s\n", s->log);
        return;
    }
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", s->dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", s->dir);
}

/* Wine's notepad.exe under keep run --rdp: its window (caption, menu bar)
 * shows on the client, a PNG of it is saved, and Alt+F4 typed on the
 * client closes it: keep exits with 0. */
static void notepad(void)
{
    const char *dlls = getenv("KEEP_WINE_DLLDIR") ? getenv("KEEP_WINE_DLLDIR") : KEEP_WINE_DLLDIR;
    char exe[4096], listen[64];
    struct test_server s = { 0 };
    freerdp *c = NULL;
    int window = 0, menu = 0, status = -1;

    snprintf(exe, sizeof(exe), "%s/notepad.exe", dlls);
    if (!run_prepare(&s, "notepad"))
        return;
    snprintf(listen, sizeof(listen), "127.0.0.1:%u", s.port);
    const char *argv[] = { keep_path(), "run", "--rdp", listen, "--rdp-size", "800x600", "--", exe, NULL };
    if (server_spawn(&s, argv) == 0)
        c = connect_retry(s.port);
    if (!tap_ok(c != NULL, "notepad: keep run --rdp %s notepad.exe, a client connects", listen))
        goto out;
    /* its window: much of the screen not the desktop, a menu bar in the 3D face colour */
    for (int i = 0; i < 300 && (window < W * H / 4 || menu < 2000); i++) {
        client_pump(&c, 1, 100);
        window = menu = 0;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                uint32_t p = client_pixel(c, (uint32_t)x, (uint32_t)y);
                window += p != DESKTOP_RGB;
                menu += p == 0xd4d0c8;
            }
    }
    tap_ok(window >= W * H / 4 && menu >= 2000, "notepad: its window shows (%d pixels not the desktop, %d of the menu bar)",
           window, menu);
    tap_ok(save_png(c, "tests/rdp/rdp-notepad.png") > 0, "notepad: screenshot saved to tests/rdp/rdp-notepad.png");
    rdpInput *in = c->context->input;
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_DOWN, 0x38);        /* Alt */
    send_key(in, 0x3e);                                                 /* F4 */
    freerdp_input_send_keyboard_event(in, KBD_FLAGS_RELEASE, 0x38);
    client_pump(&c, 1, 200);
    status = server_wait(&s, 20000);
    tap_ok(status == 0, "notepad: Alt+F4 on the client closes it, keep exits with 0 (%d)", status);
out:
    run_end(&s, c, status == 0);
}

/* A manifest with rdp, rdp-user and rdp-password: keep hands the password
 * to its server (through a pipe); a client with a wrong one is refused, one
 * with the right one sees the program, whose 'q' still ends the run. */
static void password(void)
{
    const char *top = getenv("top_builddir") ? getenv("top_builddir") : ".";
    char manifest[600];
    struct test_server s = { 0 };
    struct origin o = { 0 };
    freerdp *c = NULL;
    int status = -1;
    FILE *f;

    if (!run_prepare(&s, "password"))
        return;
    snprintf(manifest, sizeof(manifest), "%s/gui.keep", s.dir);
    if ((f = fopen(manifest, "w"))) {
        char cwd[4096];
        fprintf(f, "program = %s/%s/tests/pe/gui_rdp.exe\nrdp = 127.0.0.1:%u\nrdp-user = keep\n"
                   "rdp-password = s3cret pass\n", top[0] == '/' ? "" : getcwd(cwd, sizeof(cwd)), top, s.port);
        fclose(f);
    }
    const char *argv[] = { keep_path(), "run", "--manifest", manifest, NULL };
    int ready = server_spawn(&s, argv) == 0 && wait_ready(&s, &o);
    if (!tap_ok(ready, "password: keep run --manifest (rdp, rdp-user, rdp-password) starts the program"))
        goto out;
    struct client_opts wrong = { .w = W, .h = H, .user = "keep", .password = "wrong", .nla = 1 };
    c = client_connect_opts(s.port, &wrong);
    tap_ok(c == NULL, "password: NLA with a wrong password is refused");
    if (c)
        client_close(c);
    struct client_opts right = { .w = W, .h = H, .user = "keep", .password = "s3cret pass", .nla = 1 };
    c = client_connect_opts(s.port, &right);
    tap_ok(c && wait_picture(c, &o), "password: NLA with the manifest's password sees the program");
    if (c)
        send_key(c->context->input, 0x10);                          /* q */
    if (c)
        client_pump(&c, 1, 200);
    status = server_wait(&s, 20000);
    tap_ok(status == 7, "password: the program's 'q' ends the run (status %d)", status);
out:
    run_end(&s, c, status == 7);
}

/* The program's lines, in order, must contain want (others may come between). */
static int expect_lines(struct test_server *s, const char *const *want, int n)
{
    char line[256];
    int i = 0;

    while (i < n && server_line(s, line, sizeof(line), 20000)) {
        line[strcspn(line, "\r")] = 0;     /* the C runtime's text mode */
        printf("# program: %s\n", line);
        if (!strcmp(line, want[i]))
            i++;
    }
    if (i < n)
        printf("# missing: %s\n", want[i]);
    return i == n;
}

/* gui_rdp.exe: its picture, its input, its windows, its pointer. */
static void program(void)
{
    const char *top = getenv("top_builddir") ? getenv("top_builddir") : ".";
    char exe[4096], listen[64];
    struct test_server s = { 0 };
    struct origin o = { 0 };
    freerdp *c = NULL;
    char at[64] = "";

    snprintf(exe, sizeof(exe), "%s/tests/pe/gui_rdp.exe", top);
    if (!run_prepare(&s, "gui_rdp"))
        return;
    snprintf(listen, sizeof(listen), "127.0.0.1:%u", s.port);
    const char *argv[] = { keep_path(), "run", "--rdp", listen, "--rdp-size", "800x600", "--", exe, NULL };
    tap_ok(server_spawn(&s, argv) == 0, "keep run --rdp %s --rdp-size 800x600 gui_rdp.exe started", listen);
    int ready = wait_ready(&s, &o);
    if (!tap_ok(ready, "the program's window is up: client area at %d,%d, %dx%d", o.x, o.y, o.w, o.h))
        goto out;
    c = connect_retry(s.port);
    if (!tap_ok(c != NULL, "a headless FreeRDP client connects to keep's display"))
        goto out;
    tap_ok(c->settings->DesktopWidth == W && c->settings->DesktopHeight == H, "the desktop is 800x600 (%ux%u)",
           c->settings->DesktopWidth, c->settings->DesktopHeight);
    tap_ok(wait_picture(c, &o), "the window's picture arrives");
    tap_ok(block_is(c, &o, 2, 2, 98, 98, 0xff0000), "red block exact");
    tap_ok(block_is(c, &o, 102, 2, 198, 98, 0x00ff00), "green block exact");
    tap_ok(block_is(c, &o, 202, 2, 298, 98, 0x0000ff), "blue block exact");
    tap_ok(block_is(c, &o, 2, 102, 298, 198, 0xffff00), "yellow block exact");
    tap_ok(block_is(c, &o, 302, 2, o.w - 2, 198, 0xffffff), "white beside the blocks");
    int text = ink(c, &o, 8, 205, 120, 240), stray = ink(c, &o, 130, 205, 300, 240) + ink(c, &o, 2, 245, 300, 280);
    tap_ok(text > 50 && stray == 0, "text ink inside its box only (%d pixels in, %d outside)", text, stray);
    /* the first picture comes in tiles, top to bottom: wait for the last */
    tap_ok(wait_pixel(c, W - 20, H - 20, DESKTOP_RGB) && client_pixel(c, 20, 20) == DESKTOP_RGB,
           "the desktop colour outside the window (%06x)", client_pixel(c, 20, 20));
    tap_ok(save_png(c, "tests/rdp/rdp-program.png") > 0, "screenshot saved to tests/rdp/rdp-program.png");

    rdpInput *in = c->context->input;
    send_key(in, 0x1e);                                            /* a */
    freerdp_input_send_mouse_event(in, PTR_FLAGS_MOVE, (UINT16)(o.x + 150), (UINT16)(o.y + 150));
    freerdp_input_send_mouse_event(in, PTR_FLAGS_DOWN | PTR_FLAGS_BUTTON1, (UINT16)(o.x + 150), (UINT16)(o.y + 150));
    freerdp_input_send_mouse_event(in, PTR_FLAGS_BUTTON1, (UINT16)(o.x + 150), (UINT16)(o.y + 150));
    freerdp_input_send_unicode_keyboard_event(in, 0, 0xe9);       /* e acute, as a character */
    freerdp_input_send_unicode_keyboard_event(in, KBD_FLAGS_RELEASE, 0xe9);
    freerdp_input_send_mouse_event(in, PTR_FLAGS_WHEEL | 0x78, (UINT16)(o.x + 150), (UINT16)(o.y + 150));
    client_pump(&c, 1, 200);
    static const char *const want[] = {
        "keydown 0x41", "char 0x61", "keyup 0x41", "lbuttondown 150 150", "lbuttonup 150 150",
        "keydown 0xe7", "char 0xe9", "wheel 120",
    };
    tap_ok(expect_lines(&s, want, 8), "key a (WM_KEYDOWN, WM_CHAR, WM_KEYUP), a click at 150,150, a unicode "
                                      "character (VK_PACKET, WM_CHAR 0xe9) and a wheel notch arrive in order");

    /* Windows over windows: a popup on top, then gone; the window moved. */
    send_key(in, 0x18);                                            /* o */
    static const char *const opened[] = { "popup" };
    tap_ok(expect_lines(&s, opened, 1) && wait_pixel(c, o.x + 180, o.y + 80, 0xff00ff) &&
               px(c, &o, 120, 20) == 0x00ff00 && px(c, &o, 220, 20) == 0x0000ff,
           "a popup window shows on top of the window, which still shows around it");
    send_key(in, 0x2e);                                            /* c */
    static const char *const closed[] = { "closed" };
    tap_ok(expect_lines(&s, closed, 1) && wait_pixel(c, o.x + 180, o.y + 80, 0x00ff00),
           "the popup gone, the window shows again where it was");
    send_key(in, 0x32);                                            /* m */
    struct origin m = o;
    tap_ok(moved_to(&s, &m) && wait_pixel(c, m.x + 50, m.y + 50, 0xff0000) &&
               wait_pixel(c, o.x + 50, o.y + 50, DESKTOP_RGB) && block_is(c, &m, 202, 2, 298, 98, 0x0000ff),
           "the window moved to %d,%d: its picture there, the desktop where it was", m.x, m.y);
    send_key(in, 0x10);                                            /* q */
    static const char *const quit[] = { "keydown 0x51", "char 0x71" };
    tap_ok(expect_lines(&s, quit, 2), "key q arrives");
    snprintf(at, sizeof(at), "%d", server_wait(&s, 20000));
    tap_ok(arrow_pointer(c), "the window's class cursor (IDC_ARROW) became the client's pointer shape");
    tap_ok(!strcmp(at, "7"), "keep exits with the program's status 7 (%s)", at);
out:
    run_end(&s, c, !strcmp(at, "7"));
}

/* keep snapshot of gui_rdp.exe served over RDP, then keep resume --rdp on
 * another port: a client of the resumed program sees the window exactly
 * where and as it was, its keys reach the window procedure, and 'q' ends
 * it with its status. */
static void resumed(void)
{
    const char *top = getenv("top_builddir") ? getenv("top_builddir") : ".";
    char exe[4096], listen[64], snap[600], cmd[5000], at[64] = "";
    struct test_server s = { 0 }, r = { 0 };
    struct origin o = { 0 };
    freerdp *c = NULL;

    snprintf(exe, sizeof(exe), "%s/tests/pe/gui_rdp.exe", top);
    if (!run_prepare(&s, "snapshot"))
        return;
    snprintf(listen, sizeof(listen), "127.0.0.1:%u", s.port);
    const char *argv[] = { keep_path(), "run", "--rdp", listen, "--rdp-size", "800x600", "--", exe, NULL };
    tap_ok(server_spawn(&s, argv) == 0, "keep run --rdp %s gui_rdp.exe started, to be snapshotted", listen);
    if (!tap_ok(wait_ready(&s, &o), "its window is up at %d,%d", o.x, o.y))
        goto out;
    snprintf(snap, sizeof(snap), "%s/gui.snap", s.dir);
    snprintf(cmd, sizeof(cmd), "'%s' snapshot %d '%s'", keep_path(), (int)s.pid, snap);
    tap_ok(system(cmd) == 0, "keep snapshot of the RDP-served program writes %s", snap);
    snprintf(at, sizeof(at), "%d", server_wait(&s, 20000));
    s.pid = 0;
    tap_ok(!strcmp(at, "0"), "the program stops once saved (keep exits 0: %s)", at);

    if (!tap_ok(server_prepare(&r) == 0, "a free port for the resumed program"))
        goto out;
    snprintf(listen, sizeof(listen), "127.0.0.1:%u", r.port);
    const char *rargv[] = { keep_path(), "resume", "--rdp", listen, snap, NULL };
    tap_ok(server_spawn(&r, rargv) == 0, "keep resume --rdp %s started (the size: the file's)", listen);
    c = connect_retry(r.port);
    if (!tap_ok(c != NULL, "a client connects to the resumed program's display"))
        goto out;
    tap_ok(c->settings->DesktopWidth == W && c->settings->DesktopHeight == H,
           "at the program's size, 800x600, from the file (%ux%u)", c->settings->DesktopWidth,
           c->settings->DesktopHeight);
    tap_ok(wait_picture(c, &o), "the window's picture arrives, where it was");
    tap_ok(block_is(c, &o, 2, 2, 98, 98, 0xff0000) && block_is(c, &o, 202, 2, 298, 98, 0x0000ff) &&
               block_is(c, &o, 2, 102, 298, 198, 0xffff00),
           "its colour blocks exact");
    send_key(c->context->input, 0x1e);                             /* a */
    static const char *const want[] = { "keydown 0x41", "char 0x61", "keyup 0x41" };
    tap_ok(expect_lines(&r, want, 3), "key a typed on the client reaches the resumed window procedure");
    send_key(c->context->input, 0x10);                             /* q */
    snprintf(at, sizeof(at), "%d", server_wait(&r, 20000));
    r.pid = 0;
    tap_ok(!strcmp(at, "7"), "q ends it: keep resume exits with the program's status 7 (%s)", at);
out:
    if (r.pid > 0) {
        kill(r.pid, SIGKILL);
        server_wait(&r, 5000);
    }
    run_end(&s, c, !strcmp(at, "7"));
}

int main(void)
{
    test_init();
    program();
    resumed();
    notepad();
    password();
    return tap_done();
}

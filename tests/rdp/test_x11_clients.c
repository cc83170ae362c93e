/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_x11_clients.c - real clients under Xvfb, one after the other,
 * against keep-rdp-test on loopback: xfreerdp, and rdesktop (not built on
 * FreeRDP; it needs the server's Erect Domain Request fix, see
 * rdp/rdesktop_compat.c).  Screenshots of the X screen (xwd) must show the
 * exact pattern, moving.  Xvfb, xfreerdp, rdesktop and xwd come from
 * .ci/deps; without them the test fails (a skip would hide a missing
 * install).  TAP output.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rdp/pattern.h"
#include "tests/rdp/rdp_test_util.h"

#define W 640
#define H 480

struct shot {
    uint32_t w, h, bpl, bytes;
    unsigned char *px; /* 24- or 32-bit pixels, X's byte order as xwd wrote them */
    int msb;           /* byte order */
};

static int have(const char *prog)
{
    char cmd[256];

    snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", prog);
    return system(cmd) == 0;
}

/* Starts Xvfb on a display number it picks itself (-displayfd). */
static int xvfb_pipe = -1;   /* the read end of -displayfd, open while Xvfb runs */

static pid_t start_xvfb(int *display)
{
    char buf[32] = "";
    int p[2];
    pid_t pid;

    if (pipe(p) < 0)
        return -1;
    pid = fork();
    if (pid == 0) {
        /* The write end moves to a fixed descriptor before anything else
         * is opened or redirected, so nothing can land on it. */
        int log;
        if (dup2(p[1], 63) < 0)
            _exit(126);
        close(p[0]);
        if (p[1] != 63)
            close(p[1]);
        log = open(getenv("KEEP_TEST_XVFB_LOG") ? getenv("KEEP_TEST_XVFB_LOG") : "/dev/null",
                   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (log < 0 || dup2(log, 1) < 0 || dup2(log, 2) < 0)
            _exit(126);
        /* -noreset: no server reset when the last client (an early xwd)
         * leaves, so the screen stays as xfreerdp drew it */
        execlp("Xvfb", "Xvfb", "-displayfd", "63", "-noreset", "-screen", "0", "800x600x24",
               "-nolisten", "tcp", NULL);
        _exit(127);
    }
    close(p[1]);
    /* Xvfb may write the number and its newline separately: read up to the
       newline, and keep our end open for as long as Xvfb lives (a write
       to a closed pipe is fatal to it) */
    size_t len = 0;
    struct pollfd pfd = { p[0], POLLIN, 0 };
    while (pid > 0 && len < sizeof(buf) - 1 && !strchr(buf, '\n') && poll(&pfd, 1, 10000) == 1) {
        ssize_t n = read(p[0], buf + len, sizeof(buf) - 1 - len);
        if (n <= 0)
            break;
        len += (size_t)n;
        buf[len] = 0;
    }
    *display = strchr(buf, '\n') ? atoi(buf) : -1;
    xvfb_pipe = p[0];
    return pid;
}

static pid_t start_xfreerdp(int display, unsigned port)
{
    char sock[64];
    pid_t pid;

    /* xfreerdp tries the display once: wait for the X socket first. */
    snprintf(sock, sizeof(sock), "/tmp/.X11-unix/X%d", display);
    for (int t = 0; t < 5000 && access(sock, F_OK) != 0; t += 50)
        usleep(50 * 1000);
    pid = fork();

    if (pid == 0) {
        char disp[16], v[64];
        snprintf(disp, sizeof(disp), ":%d", display);
        snprintf(v, sizeof(v), "/v:127.0.0.1:%u", port);
        setenv("DISPLAY", disp, 1);
        dup2(2, 1); /* stdout is TAP */
        execlp("xfreerdp", "xfreerdp", v, "/cert:ignore", "/sec:tls", "/w:640", "/h:480", "-grab-keyboard",
               "/log-level:WARN", NULL);
        _exit(127);
    }
    return pid;
}

/* rdesktop asks whether to trust the self-signed certificate: its stdin
 * says yes, and HOME (where it remembers the answer) is the instance. */
static pid_t start_rdesktop(int display, unsigned port, const char *home)
{
    pid_t pid = fork();

    if (pid == 0) {
        char disp[16], v[64];
        int p[2];
        snprintf(disp, sizeof(disp), ":%d", display);
        snprintf(v, sizeof(v), "127.0.0.1:%u", port);
        if (pipe(p) < 0 || write(p[1], "yes\n", 4) != 4)
            _exit(126);
        close(p[1]);
        dup2(p[0], 0);
        dup2(2, 1); /* stdout is TAP */
        setenv("DISPLAY", disp, 1);
        setenv("HOME", home, 1);
        execlp("rdesktop", "rdesktop", "-g", "640x480", "-a", "32", "-u", "keep", v, NULL);
        _exit(127);
    }
    return pid;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Reads `xwd -root` output: a big-endian header, a colour map, pixels. */
static int take_shot(int display, struct shot *s)
{
    char cmd[128];
    size_t cap = 1 << 20, len = 0, got;
    unsigned char *d = malloc(cap);
    FILE *f;

    snprintf(cmd, sizeof(cmd), "xwd -root -silent -display :%d", display);
    f = popen(cmd, "r");
    if (!f || !d)
        goto fail;
    while ((got = fread(d + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap && !(d = realloc(d, cap *= 2)))
            goto fail;
    }
    pclose(f);
    f = NULL;
    /* xwd writes 32 or packed 24 bits a pixel, as the server's formats go */
    if (len < 100 || (be32(d + 44) != 32 && be32(d + 44) != 24))
        goto fail;
    s->bytes = be32(d + 44) / 8;
    uint32_t hsize = be32(d), ncolors = be32(d + 76);
    s->w = be32(d + 16);
    s->h = be32(d + 20);
    s->msb = be32(d + 28) == 1;
    s->bpl = be32(d + 48);
    if ((size_t)hsize + ncolors * 12 + (size_t)s->bpl * s->h > len)
        goto fail;
    s->px = d;
    memmove(d, d + hsize + ncolors * 12, (size_t)s->bpl * s->h);
    return 0;
fail:
    if (f)
        pclose(f);
    free(d);
    return -1;
}

static uint32_t shot_pixel(const struct shot *s, uint32_t x, uint32_t y)
{
    const unsigned char *p = s->px + (size_t)y * s->bpl + (size_t)x * s->bytes;

    if (x >= s->w || y >= s->h)
        return 0xff000000u;
    if (s->msb)
        return (s->bytes == 4 ? be32(p) : (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2]) & 0x00ffffffu;
    return (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint32_t shot_counter(const struct shot *s)
{
    uint32_t v = 0;

    for (int b = 0; b < 32; b++)
        if (shot_pixel(s, (uint32_t)b * PATTERN_CELL + PATTERN_CELL / 2, pattern_counter_y(H) + PATTERN_CELL / 2) ==
            PATTERN_WHITE)
            v |= 1u << b;
    return v;
}

static int shot_bars_ok(const struct shot *s)
{
    for (uint32_t b = 0; b < 8; b++)
        if (shot_pixel(s, b * (W / 8) + W / 16, 10) != pattern_bars[b])
            return 0;
    return shot_pixel(s, 5, H / 2 + 8) == PATTERN_GREY;
}

/* Screenshots until the pattern shows or the time is up. */
static int wait_pattern(int display, uint32_t *counter, int ms)
{
    struct shot s;

    for (int t = 0; t < ms; t += 250) {
        if (take_shot(display, &s) == 0) {
            int ok = shot_bars_ok(&s);
            *counter = shot_counter(&s);
            free(s.px);
            if (ok && *counter > 0)
                return 1;
        }
        usleep(250 * 1000);
    }
    return 0;
}

/* Screenshots until the pattern is gone (a client's window closed). */
static int wait_gone(int display, int ms)
{
    struct shot s;

    for (int t = 0; t < ms; t += 100) {
        if (take_shot(display, &s) == 0) {
            int shown = shot_bars_ok(&s);
            free(s.px);
            if (!shown)
                return 1;
        }
        usleep(100 * 1000);
    }
    return 0;
}

/* The client's window must show the pattern, moving, and stay. */
static void check_client(int display, pid_t pid, const char *name)
{
    uint32_t f1 = 0, f2 = 0;
    int got = wait_pattern(display, &f1, 20000);

    tap_ok(got, "%s shows the pattern (counter %u)", name, f1);
    usleep(500 * 1000);
    got = wait_pattern(display, &f2, 5000) && f2 > f1;
    tap_ok(got, "the picture moves in %s (counter %u -> %u)", name, f1, f2);
    tap_ok(kill(pid, 0) == 0 && waitpid(pid, NULL, WNOHANG) == 0, "%s is still connected", name);
}

static void reap(pid_t pid)
{
    if (pid > 0) {
        kill(pid, SIGTERM);
        waitpid(pid, NULL, 0);
    }
}

int main(void)
{
    struct test_server srv;
    pid_t xvfb, xf = -1;
    int display = -1, got;

    if (!have("Xvfb") || !have("xfreerdp") || !have("rdesktop") || !have("xwd")) {
        printf("not ok 1 - Xvfb, xfreerdp, rdesktop and xwd are installed (see .ci/deps)\n1..1\n");
        return 1;
    }
    test_init();
    signal(SIGPIPE, SIG_IGN);
    xvfb = start_xvfb(&display);
    if (!tap_ok(display >= 0, "Xvfb runs on :%d", display))
        goto out;
    got = server_start(&srv, NULL) == 0;
    if (!tap_ok(got, "keep-rdp-test listens on 127.0.0.1:%u", srv.port))
        goto out;
    xf = start_xfreerdp(display, srv.port);
    check_client(display, xf, "xfreerdp");
    reap(xf);
    /* rdesktop's window lands where xfreerdp's was: its picture must be
     * gone first, or it would pass for rdesktop's. */
    tap_ok(wait_gone(display, 5000), "xfreerdp's window is gone");
    xf = start_rdesktop(display, srv.port, srv.dir);
    check_client(display, xf, "rdesktop");
    tap_ok(server_log_count(&srv, "peer 2: active, codec planar") == 1, "rdesktop was served planar tiles");
    reap(xf);
    xf = -1;
    tap_ok(server_stop(&srv) == 0, "keep-rdp-test exits cleanly on SIGTERM");
out:
    reap(xf);
    reap(xvfb);
    if (xvfb_pipe >= 0)
        close(xvfb_pipe);
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * keep-rdp-test - a test display source served over RDP: draws the
 * pattern of rdp/pattern.h (colour bars, a moving square, a frame
 * counter), and shows and prints the input it receives, one line per
 * event on stdout ("event key down 0x1e", ...), so a test can check
 * order.  `keep rdp-test` runs this program.
 *
 *   keep-rdp-test [--rdp [ADDR:]PORT] [--instance DIR] [--size WxH]
 *                 [--fps N] [--handshake-ms MS] [--max-peers N]
 *                 [--codec NAME] [--user NAME] [--password-file FILE]
 *
 * Without --size (or its synonym --rdp-size, keep run's name) the display
 * takes the first client's size.  --fps 0
 * draws only when input arrives (an idle display, for benchmarks).
 *
 * `keep run --rdp` starts it as the server of a program's display:
 *   keep-rdp-test --display-fd N --parent-fd M [--ready-fd R] [--password-fd P] ...
 * serves the region on descriptor N (display_attach) instead of drawing,
 * leaves its input to the program, and stops when M (a pipe whose other
 * end the monitor holds) reaches its end; it writes "ok" to R once it
 * listens; P carries the password.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <winpr/wlog.h>

#include "rdp/display.h"
#include "rdp/pattern.h"
#include "rdp/server.h"

struct source {
    struct display *d;
    uint32_t w, h, frame;
    uint32_t last_key, events;
    int32_t click_x, click_y; /* -1: no click yet */
};

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

static void fill(struct source *s, uint32_t x, uint32_t y, uint32_t w, uint32_t h, uint32_t color)
{
    uint32_t *px = display_pixels(s->d);

    for (uint32_t j = y; j < y + h && j < s->h; j++)
        for (uint32_t i = x; i < x + w && i < s->w; i++)
            px[(size_t)j * s->w + i] = color;
}

static void damage(struct source *s, uint32_t x, uint32_t y, uint32_t w, uint32_t h)
{
    display_damage(s->d, &(struct display_rect){ x, y, w, h });
}

static void draw_bits(struct source *s, uint32_t x, uint32_t y, uint32_t value, int bits)
{
    for (int b = 0; b < bits; b++)
        fill(s, x + (uint32_t)b * PATTERN_CELL, y, PATTERN_CELL, PATTERN_CELL,
             (value >> b) & 1 ? PATTERN_WHITE : PATTERN_BLACK);
}

static void draw_static(struct source *s)
{
    for (uint32_t b = 0; b < 8; b++)
        fill(s, b * (s->w / 8), 0, b == 7 ? s->w - 7 * (s->w / 8) : s->w / 8, s->h / 2, pattern_bars[b]);
    fill(s, 0, s->h / 2, s->w, s->h - s->h / 2, PATTERN_GREY);
    damage(s, 0, 0, s->w, s->h);
}

/* Redraws what changes from one frame to the next and damages only that. */
static void draw_frame(struct source *s)
{
    uint32_t sy = pattern_square_y(s->h);
    uint32_t old_x = pattern_square_x(s->w, s->frame - 1), x = pattern_square_x(s->w, s->frame);

    fill(s, old_x, sy, PATTERN_SQUARE, PATTERN_SQUARE, PATTERN_GREY);
    damage(s, old_x, sy, PATTERN_SQUARE, PATTERN_SQUARE);
    fill(s, x, sy, PATTERN_SQUARE, PATTERN_SQUARE, PATTERN_ORANGE);
    damage(s, x, sy, PATTERN_SQUARE, PATTERN_SQUARE);
    draw_bits(s, 0, pattern_counter_y(s->h), s->frame, 32);
    damage(s, 0, pattern_counter_y(s->h), 32 * PATTERN_CELL, PATTERN_CELL);
    /* The square may have passed over the click mark. */
    if (s->click_x >= 0) {
        fill(s, (uint32_t)s->click_x, (uint32_t)s->click_y, 4, 4, PATTERN_MAGENTA);
        damage(s, (uint32_t)s->click_x, (uint32_t)s->click_y, 4, 4);
    }
}

static void draw_input(struct source *s)
{
    draw_bits(s, 0, pattern_key_y(s->h), s->last_key, 8);
    draw_bits(s, 8 * PATTERN_CELL, pattern_key_y(s->h), s->events, 8);
    damage(s, 0, pattern_key_y(s->h), 16 * PATTERN_CELL, PATTERN_CELL);
    if (s->click_x >= 0) {
        fill(s, (uint32_t)s->click_x, (uint32_t)s->click_y, 4, 4, PATTERN_MAGENTA);
        damage(s, (uint32_t)s->click_x, (uint32_t)s->click_y, 4, 4);
    }
}

static void print_event(const struct display_event *ev)
{
    const char *dir = ev->flags & DISPLAY_EV_DOWN ? "down" : "up";

    switch (ev->type) {
    case DISPLAY_EV_KEY:
        printf("event key %s 0x%x\n", dir, (unsigned)ev->code);
        break;
    case DISPLAY_EV_UNICODE:
        printf("event unicode %s 0x%x\n", dir, (unsigned)ev->code);
        break;
    case DISPLAY_EV_MOTION:
        printf("event motion %d %d\n", ev->x, ev->y);
        break;
    case DISPLAY_EV_BUTTON:
        printf("event button %s %d %d %d\n", dir, ev->code, ev->x, ev->y);
        break;
    case DISPLAY_EV_WHEEL:
        printf("event wheel %d %s\n", ev->code, ev->flags & DISPLAY_EV_HWHEEL ? "h" : "v");
        break;
    default:
        printf("event unknown %u\n", ev->type);
    }
}

static void set_cursor(struct source *s, int shape_b)
{
    uint32_t w = shape_b ? PATTERN_CURSOR_B_W : PATTERN_CURSOR_A_W;
    uint32_t h = shape_b ? PATTERN_CURSOR_B_H : PATTERN_CURSOR_A_H;
    uint32_t px[PATTERN_CURSOR_B_W * PATTERN_CURSOR_B_H];

    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++)
            px[y * w + x] = pattern_cursor_pixel(shape_b, x, y);
    display_set_cursor_shape(s->d, w, h, shape_b ? PATTERN_CURSOR_B_HOTX : PATTERN_CURSOR_A_HOTX,
                             shape_b ? PATTERN_CURSOR_B_HOTY : PATTERN_CURSOR_A_HOTY, px);
}

/* The pointer keys of pattern.h. */
static void cursor_key(struct source *s, uint32_t sc)
{
    switch (sc) {
    case 0x2e: set_cursor(s, 1); break;
    case 0x1e: set_cursor(s, 0); break;
    case 0x23: display_set_cursor_shape(s->d, 0, 0, 0, 0, NULL); break;
    case 0x11: display_set_cursor(s->d, PATTERN_WARP_X, PATTERN_WARP_Y); break;
    default: break;
    }
}

static void handle_input(struct source *s)
{
    struct display_event ev;
    int any = 0;

    while (display_input_pop(s->d, &ev) == 1) {
        print_event(&ev);
        s->events++;
        any = 1;
        if (ev.type == DISPLAY_EV_KEY && (ev.flags & DISPLAY_EV_DOWN)) {
            s->last_key = (uint32_t)ev.code & 0xff;
            cursor_key(s, (uint32_t)ev.code);
        }
        if (ev.type == DISPLAY_EV_BUTTON && (ev.flags & DISPLAY_EV_DOWN) && ev.x >= 0 && ev.y >= 0 &&
            (uint32_t)ev.x + 4 <= s->w && (uint32_t)ev.y + 4 <= s->h) {
            s->click_x = ev.x;
            s->click_y = ev.y;
        }
    }
    if (any) {
        fflush(stdout);
        draw_input(s);
    }
}

static void run(struct source *s, int fps)
{
    struct timespec next;

    clock_gettime(CLOCK_MONOTONIC, &next);
    draw_static(s);
    draw_input(s);
    set_cursor(s, 0);
    /* Still: draw nothing until input comes. */
    while (fps == 0 && !stopping) {
        display_input_wait(s->d, 1000);
        handle_input(s);
    }
    while (!stopping) {
        s->frame++;
        draw_frame(s);
        next.tv_nsec += 1000000000L / fps;
        if (next.tv_nsec >= 1000000000L) {
            next.tv_sec++;
            next.tv_nsec -= 1000000000L;
        }
        /* Input is handled as it comes, between frames. */
        for (;;) {
            struct timespec now;
            clock_gettime(CLOCK_MONOTONIC, &now);
            long ms = (next.tv_sec - now.tv_sec) * 1000 + (next.tv_nsec - now.tv_nsec) / 1000000;
            if (ms <= 0 || stopping)
                break;
            display_input_wait(s->d, (int)ms);
            handle_input(s);
        }
    }
}

/* stdout carries the event lines a test reads: FreeRDP's log goes to
 * stderr, and says only warnings unless WLOG_LEVEL asks for more. */
static void log_to_stderr(void)
{
    wLog *root = WLog_GetRoot();

    WLog_SetLogAppenderType(root, WLOG_APPENDER_CONSOLE);
    WLog_ConfigureAppender(WLog_GetLogAppender(root), "outputstream", "stderr");
    if (!getenv("WLOG_LEVEL"))
        WLog_SetLogLevel(root, WLOG_WARN);
}

static void usage(void)
{
    fputs("usage: keep-rdp-test [--rdp [ADDR:]PORT] [--instance DIR] [--size WxH] [--fps N]"
          " [--handshake-ms MS] [--max-peers N] [--codec NAME] [--user NAME] [--password-file FILE]\n",
          stderr);
}

/* The password comes from a file (first line) or a pipe, never from the
 * command line, where other users could read it. */
static int read_password_from(FILE *f, char *buf, size_t size)
{
    int ok;

    if (!f)
        return -1;
    ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    buf[strcspn(buf, "\r\n")] = 0;
    return ok && buf[0] ? 0 : -1;
}

static int read_password(const char *path, char *buf, size_t size)
{
    return read_password_from(fopen(path, "r"), buf, size);
}

struct options {
    struct rdp_server_config cfg;
    char addr[256], password[256];
    unsigned w, h; /* 0: the first client's */
    int fps;
    int display_fd, parent_fd; /* -1: draw the test card */
    int ready_fd;              /* -1, or told "ok" once serving */
};

static int parse_options(int argc, char **argv, struct options *o)
{
    static const struct option opts[] = {
        { "rdp", required_argument, NULL, 'r' },     { "instance", required_argument, NULL, 'i' },
        { "size", required_argument, NULL, 's' },    { "rdp-size", required_argument, NULL, 's' },
        { "fps", required_argument, NULL, 'f' },
        { "handshake-ms", required_argument, NULL, 'H' }, { "max-peers", required_argument, NULL, 'm' },
        { "codec", required_argument, NULL, 'c' },   { "user", required_argument, NULL, 'u' },
        { "password-file", required_argument, NULL, 'p' }, { "display-fd", required_argument, NULL, 'D' },
        { "parent-fd", required_argument, NULL, 'P' }, { "password-fd", required_argument, NULL, 'W' },
        { "ready-fd", required_argument, NULL, 'R' },
        { NULL, 0, NULL, 0 },
    };
    int c;

    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'r':
            if (rdp_parse_listen(optarg, o->addr, sizeof(o->addr), &o->cfg.port) < 0)
                return fprintf(stderr, "keep-rdp-test: bad --rdp %s (want [ADDR:]PORT)\n", optarg), -1;
            break;
        case 'i': o->cfg.cert_dir = optarg; break;
        case 's':
            if (rdp_parse_size(optarg, &o->w, &o->h) < 0 || o->w < 512 || o->h < 200)
                return fprintf(stderr, "keep-rdp-test: --size must be WxH, at least 512x200\n"), -1;
            break;
        case 'f': o->fps = atoi(optarg) >= 0 ? atoi(optarg) : 30; break;
        case 'H': o->cfg.handshake_ms = atoi(optarg); break;
        case 'm': o->cfg.max_peers = atoi(optarg); break;
        case 'c':
            if (rdp_parse_codec(optarg, &o->cfg.codec) < 0)
                return fprintf(stderr, "keep-rdp-test: unknown codec %s\n", optarg), -1;
            break;
        case 'u': o->cfg.user = optarg; break;
        case 'p':
            if (read_password(optarg, o->password, sizeof(o->password)) < 0)
                return fprintf(stderr, "keep-rdp-test: cannot read a password from %s\n", optarg), -1;
            o->cfg.password = o->password;
            break;
        case 'D': o->display_fd = atoi(optarg); break;
        case 'P': o->parent_fd = atoi(optarg); break;
        case 'R': o->ready_fd = atoi(optarg); break;
        case 'W':
            if (read_password_from(fdopen(atoi(optarg), "r"), o->password, sizeof(o->password)) < 0)
                return fprintf(stderr, "keep-rdp-test: cannot read a password from descriptor %s\n", optarg), -1;
            o->cfg.password = o->password;
            break;
        default: usage(); return -1;
        }
    }
    return 0;
}

/* Serving a program's display: until the monitor's end of the pipe goes. */
static void wait_parent(int fd)
{
    struct pollfd p = { .fd = fd, .events = POLLIN };
    char buf[64];

    while (!stopping) {
        if (poll(&p, 1, -1) < 0 && errno != EINTR)
            return;
        if ((p.revents & (POLLHUP | POLLERR | POLLNVAL)) || ((p.revents & POLLIN) && read(fd, buf, sizeof(buf)) <= 0))
            return;
    }
}

static int serve_program(struct options *o)
{
    struct rdp_server *srv = NULL;
    struct display *d = NULL;
    int err = display_attach(o->display_fd, &d);

    if (err) {
        fprintf(stderr, "keep-rdp-test: display descriptor %d: %s\n", o->display_fd, strerror(-err));
        return 1;
    }
    if ((err = rdp_server_start(d, &o->cfg, &srv))) {
        fprintf(stderr, "keep-rdp-test: cannot serve RDP on %s:%u: %s\n", o->addr, o->cfg.port ? o->cfg.port : 3389,
                strerror(-err));
        display_close(d);
        return 1;
    }
    fprintf(stderr, "keep: serving the display (%ux%u) on %s:%u\n", display_width(d), display_height(d), o->addr,
            o->cfg.port ? o->cfg.port : 3389);
    if (o->ready_fd >= 0) {
        if (write(o->ready_fd, "ok\n", 3) != 3)
            fprintf(stderr, "keep-rdp-test: cannot tell the monitor: %s\n", strerror(errno));
        close(o->ready_fd);
    }
    wait_parent(o->parent_fd);
    rdp_server_stop(srv);
    display_close(d);
    return 0;
}

int main(int argc, char **argv)
{
    struct options o = { .cfg = { .cert_dir = ".keep-rdp-test", .min_width = 512, .min_height = 200 },
                         .addr = "127.0.0.1", .fps = 30, .display_fd = -1, .parent_fd = -1,
                         .ready_fd = -1 };
    struct source s = { .click_x = -1, .click_y = -1 };
    struct rdp_server *srv = NULL;
    int err;

    if (parse_options(argc, argv, &o) < 0)
        return 2;
    o.cfg.addr = o.addr;
    log_to_stderr();
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGPIPE, SIG_IGN);
    if (o.display_fd >= 0)
        return serve_program(&o);
    err = o.w ? display_create(o.w, o.h, &s.d) : 0;
    if (err)
        goto out;
    err = rdp_server_start(s.d, &o.cfg, &srv);
    if (err)
        goto out;
    printf("listening %s:%u %ux%u\n", o.addr, o.cfg.port ? o.cfg.port : 3389, o.w, o.h);
    fflush(stdout);
    /* Sized by the first client: the server made the display. */
    while (!s.d && !stopping)
        s.d = rdp_server_display(srv, 200);
    if (s.d) {
        s.w = display_width(s.d);
        s.h = display_height(s.d);
        run(&s, o.fps);
    }
out:
    if (err)
        fprintf(stderr, "keep-rdp-test: %s\n", strerror(-err));
    rdp_server_stop(srv);
    if (o.w)
        display_close(s.d);
    return err ? 1 : 0;
}

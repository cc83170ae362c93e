/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * display.h - the display channel between a display source (keep's
 * windowing, inside the picoprocess, or keep-rdp-test) and a display server
 * (the RDP server in the monitor).
 *
 * Everything lives in one shared region (a memfd, or any file the caller
 * passes): a versioned header, a 32-bit BGRX framebuffer, a damage ring, an
 * input ring and the pointer (cursor) shape and position.  Both rings are
 * lock-free single-producer/single-consumer:
 *
 *   damage ring  source -> server   rectangles the source has redrawn
 *   input ring   server -> source   keys and mouse events from clients
 *
 * Wake-ups use shared (not process-private) futexes on the ring heads, so
 * the two sides may be different processes.  The picoprocess needs no
 * socket, TLS or FreeRDP state: it only writes pixels and damage and reads
 * input.  A server that restarts re-attaches to the region with
 * display_attach() and finds the picture and pending events intact.
 *
 * Calls return 0 or a negative errno value unless their comment says
 * otherwise.  Each side must call the producer/consumer functions of a
 * ring from one thread at a time (or serialise them itself).
 */
#ifndef KEEP_RDP_DISPLAY_H
#define KEEP_RDP_DISPLAY_H

#include <stdint.h>

#define DISPLAY_MAGIC UINT64_C(0x315053445045454b) /* "KEEPDSP1" in memory */
#define DISPLAY_VERSION 2
#define DISPLAY_MAX_DIM 8192
#define DISPLAY_DAMAGE_SLOTS 256 /* powers of two: ring indices are masked */
#define DISPLAY_INPUT_SLOTS 1024
#define DISPLAY_CURSOR_MAX 96 /* largest pointer shape, either side */

struct display_rect {
    uint32_t x, y, w, h;
};

enum display_event_type {
    DISPLAY_EV_KEY = 1,     /* code: scancode (| DISPLAY_KEY_EXTENDED); flags: DOWN */
    DISPLAY_EV_UNICODE = 2, /* code: UTF-16 code unit; flags: DOWN */
    DISPLAY_EV_MOTION = 3,  /* x, y */
    DISPLAY_EV_BUTTON = 4,  /* code: DISPLAY_BUTTON_*; flags: DOWN; x, y */
    DISPLAY_EV_WHEEL = 5,   /* code: signed delta (120 a notch); flags: HWHEEL */
};

#define DISPLAY_EV_DOWN 0x1u
#define DISPLAY_EV_HWHEEL 0x2u
#define DISPLAY_KEY_EXTENDED 0x100u

enum display_button {
    DISPLAY_BUTTON_LEFT = 1,
    DISPLAY_BUTTON_RIGHT = 2,
    DISPLAY_BUTTON_MIDDLE = 3,
    DISPLAY_BUTTON_X1 = 4,
    DISPLAY_BUTTON_X2 = 5,
};

struct display_event {
    uint16_t type;  /* enum display_event_type */
    uint16_t flags; /* DISPLAY_EV_* */
    int32_t code;
    int32_t x, y;
};

struct display;

/* Creates a new region of width x height pixels in a fresh memfd. */
int display_create(uint32_t width, uint32_t height, struct display **out);
/* Maps an existing region (a memfd received from the other side, or a
 * file); checks the header against the file.  fd stays the caller's. */
int display_attach(int fd, struct display **out);
void display_close(struct display *d);
/* The region's descriptor, to pass to the other side. */
int display_fd(const struct display *d);

uint32_t display_width(const struct display *d);
uint32_t display_height(const struct display *d);
/* Bytes per row; pixels are BGRX 32-bit, X ignored. */
uint32_t display_stride(const struct display *d);
uint32_t *display_pixels(struct display *d);

/* A pointer shape: straight-alpha ARGB pixels (0xAARRGGBB), top row
 * first, width x height of them; hot_x/hot_y inside the shape.  A shape of
 * width 0 means "no pointer shown". */
struct display_cursor {
    uint32_t width, height, hot_x, hot_y;
    uint32_t pixels[DISPLAY_CURSOR_MAX * DISPLAY_CURSOR_MAX];
};

/* Source side.  A full damage ring turns into "everything damaged": the
 * server never misses a change, it just redraws more. */
void display_damage(struct display *d, const struct display_rect *r);
/* Moves the pointer (the program warped it); clients are told. */
void display_set_cursor(struct display *d, int32_t x, int32_t y);
/* Sets the pointer shape (argb: width x height pixels), or hides the
 * pointer when width is 0.  -EINVAL for a shape over DISPLAY_CURSOR_MAX or
 * a hot spot outside it. */
int display_set_cursor_shape(struct display *d, uint32_t width, uint32_t height, uint32_t hot_x,
                             uint32_t hot_y, const uint32_t *argb);

/* Server side.  Returns 1 and a rectangle (clipped to the framebuffer),
 * or 0 when the ring is empty. */
int display_damage_pop(struct display *d, struct display_rect *r);
/* Waits until the damage ring is not empty; 0, or -ETIMEDOUT. */
int display_damage_wait(struct display *d, int timeout_ms);
/* Wakes display_damage_wait() with nothing to do (a server stopping). */
void display_damage_kick(struct display *d);
void display_get_cursor(const struct display *d, int32_t *x, int32_t *y);
/* Change counters of the pointer's shape and position: a server compares
 * them with the last values it sent.  A change also wakes
 * display_damage_wait(), which keeps returning at once until the next
 * call of this function (one consumer). */
void display_cursor_serials(struct display *d, uint32_t *shape, uint32_t *pos);
/* Copies a consistent pointer shape out (the source may be writing it);
 * -ENOENT if the source never set one (show the default pointer), -EAGAIN
 * if the source kept it busy, -EPROTO if what it wrote is invalid (the
 * other side is not trusted). */
int display_get_cursor_shape(struct display *d, struct display_cursor *out);

/* Server side: queues an input event; -EAGAIN when the ring is full (the
 * source has stopped reading; the event is dropped, never blocks). */
int display_input_push(struct display *d, const struct display_event *ev);
/* Source side: 1 and an event, or 0 when empty. */
int display_input_pop(struct display *d, struct display_event *ev);
int display_input_wait(struct display *d, int timeout_ms);
/* Wake the input ring's waiter with nothing queued (the kernel's input
 * thread, to park it for a snapshot). */
void display_input_kick(struct display *d);
/* Count of events dropped because the input ring was full. */
uint32_t display_input_dropped(const struct display *d);

#endif /* KEEP_RDP_DISPLAY_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * window.h - the window object, shared by the files that keep windows:
 * window.c (handles, the tree, geometry, text, properties) and winpaint.c
 * (visible, update and window regions, WM_PAINT).  Everything here is
 * under user_lock.
 */
#ifndef KEEP_WINDOW_H
#define KEEP_WINDOW_H

#include "user.h"
#include "region.h"

#define WS_CHILD 0x40000000
#define WS_POPUP 0x80000000u
#define WS_VISIBLE 0x10000000
#define WS_MINIMIZE 0x20000000
#define WS_CLIPSIBLINGS 0x04000000
#define WS_CLIPCHILDREN 0x02000000
#define WS_EX_TOPMOST 0x00000008
#define WS_EX_TRANSPARENT 0x00000020
#define SWP_NOSIZE 0x0001
#define SWP_NOMOVE 0x0002
#define SWP_NOZORDER 0x0004
#define SWP_NOREDRAW 0x0008
#define SWP_FRAMECHANGED 0x0020
#define SWP_SHOWWINDOW 0x0040
#define SWP_HIDEWINDOW 0x0080
#define SWP_NOCOPYBITS 0x0100
#define DPI_AWARENESS_PER_MONITOR_AWARE 2

/* set_window_pos paint flags from win32u, kept as given */
#define PAINT_HAS_SURFACE 0x0001
#define PAINT_HAS_PIXEL_FORMAT 0x0002
#define PAINT_CLIENT_FLAGS (PAINT_HAS_SURFACE | PAINT_HAS_PIXEL_FORMAT)
/* the server's own paint state */
#define PAINT_INTERNAL 0x0010       /* an internal WM_PAINT is pending */
#define PAINT_ERASE 0x0020          /* WM_ERASEBKGND is due */
#define PAINT_NONCLIENT 0x0040      /* WM_NCPAINT is due */
#define PAINT_DELAYED_ERASE 0x0080  /* the erase still waits after BeginPaint */

#define WIN32_ERROR(e) ((NTSTATUS)(0xc0010000u | (e)))
#define ERROR_INVALID_WINDOW_HANDLE 1400
#define STATUS_BAD_WINDOW WIN32_ERROR(ERROR_INVALID_WINDOW_HANDLE)

struct kprop {
    atom_t atom;
    int string;                 /* named by a string (EnumProps gives the name) */
    lparam_t data;
};

struct kwindow {
    user_handle_t handle;
    struct kwindow *parent;                     /* NULL: a desktop or message window */
    struct kwindow *first_child, *last_child;   /* Z order: first = top */
    struct kwindow *prev, *next;                /* siblings */
    user_handle_t owner;
    uint32_t tid;                               /* 0: no thread (desktop) */
    struct kdesktop *desktop;                   /* referenced */
    struct kclass *class;
    atom_t atom;
    client_ptr_t class_ptr;
    unsigned style, ex_style;
    lparam_t id, user_data;
    mod_handle_t instance;
    int is_unicode, dpi, awareness;
    user_handle_t last_active;
    /* in the parent's client coordinates */
    rectangle_t window_rect, client_rect, visible_rect, surface_rect;
    unsigned paint_flags;                       /* PAINT_* */
    struct region *win_region;                  /* SetWindowRgn, window coordinates; or NULL */
    struct region *update_region;               /* window coordinates; NULL: none */
    WCHAR *text;
    data_size_t text_len;                       /* WCHARs */
    char *extra;
    int nb_extra;
    struct kprop *props;
    int nb_props;
    int shared;                                 /* listed in the shared desktop (shdesk.h) */
};

/* window.c */
struct kwindow *get_window(user_handle_t h);
/* Put w among its parent's children: below after, or at the top or bottom. */
enum { LINK_TOP, LINK_BOTTOM };
void link_window(struct kwindow *w, struct kwindow *after, int where);
void unlink_window(struct kwindow *w);
/* Add the client origins of parent and its ancestors (not the desktop):
 * parent's client coordinates -> screen. */
void window_client_to_screen(struct kwindow *parent, rectangle_t *r);

/* winpaint.c: the painting side of moving, sizing, showing and hiding a
 * window (rectangles in the parent's client coordinates; valid: the part
 * of the client area whose bits win32u keeps, or empty).  It sets the
 * rectangles, the Z order (after/where as link_window) and WS_VISIBLE. */
void paint_set_window_pos(struct kwindow *w, struct kwindow *after, int where, unsigned swp_flags,
                          const rectangle_t *window, const rectangle_t *client,
                          const rectangle_t *visible, const rectangle_t *surface,
                          const rectangle_t *valid);
/* The window goes: what it covered is exposed on its parent; its paint
 * state is dropped (before its children and itself are freed). */
void paint_window_destroyed(struct kwindow *w);
/* The window is freed: its paint state goes. */
void paint_forget(struct kwindow *w);
/* A style change (SetWindowLong) needs a WM_NCPAINT. */
void paint_style_changed(struct kwindow *w);
/* The top-level window (or the first window with its own surface) whose
 * surface w draws on. */
struct kwindow *paint_surface_window(struct kwindow *w);
int window_is_visible(const struct kwindow *w);

#endif /* KEEP_WINDOW_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winpaint.c - painting for the in-process server: visible regions,
 * window regions (SetWindowRgn), update regions and the WM_PAINT they
 * cause, as Windows defines them.
 *
 * Coordinates: a window's rectangles are in its parent's client
 * coordinates; its update and window regions in window coordinates (the
 * window rectangle's top left is 0,0); regions sent to win32u in screen
 * coordinates.
 *
 *  - The visible region of a window is its client (or window) rectangle,
 *    cut to its window region, to each ancestor's client area and window
 *    region, without the siblings above it (WS_CLIPSIBLINGS) and above its
 *    ancestors, and without its children (WS_CLIPCHILDREN).  Top-level
 *    windows do not clip each other: that is the display's business.
 *  - The update region is what must be repainted.  Invalidating adds to
 *    it (and, unless WS_CLIPCHILDREN stops it or RDW_ALLCHILDREN forces
 *    it, to the children's), validating removes from it; BeginPaint takes
 *    it (get_update_region).  A thread whose windows have update regions
 *    (or internal paint requests) has QS_PAINT, and get_message gives it
 *    WM_PAINT for the first such window, parents before children.
 *  - Moving, sizing, showing and hiding a window exposes what it
 *    uncovers on its parent and what changed of itself; destroying it
 *    exposes what it covered.
 *
 * Not kept: WS_EX_COMPOSITED parents, right-to-left (WS_EX_LAYOUTRTL)
 * mirroring, per-window DPI scaling, layered windows and pixel formats.
 */
#include "window.h"

#define DCX_WINDOW 0x00000001
#define DCX_CLIPCHILDREN 0x00000008
#define DCX_PARENTCLIP 0x00000020

#define RDW_INVALIDATE 0x0001
#define RDW_INTERNALPAINT 0x0002
#define RDW_ERASE 0x0004
#define RDW_VALIDATE 0x0008
#define RDW_NOINTERNALPAINT 0x0010
#define RDW_NOERASE 0x0020
#define RDW_NOCHILDREN 0x0040
#define RDW_ALLCHILDREN 0x0080
#define RDW_FRAME 0x0400
#define RDW_NOFRAME 0x0800

#define UPDATE_NONCLIENT 0x001
#define UPDATE_ERASE 0x002
#define UPDATE_PAINT 0x004
#define UPDATE_INTERNALPAINT 0x008
#define UPDATE_ALLCHILDREN 0x010
#define UPDATE_NOCHILDREN 0x020
#define UPDATE_NOREGION 0x040
#define UPDATE_DELAYED_ERASE 0x080
#define UPDATE_CLIPCHILDREN 0x100

static int is_desktop(const struct kwindow *w)
{
    return !w->parent;
}

int window_is_visible(const struct kwindow *w)
{
    for (; w; w = w->parent) {
        if (!(w->style & WS_VISIBLE))
            return 0;
        if (w->parent && (w->parent->style & WS_MINIMIZE))
            return 0;
    }
    return 1;
}

/* ---- Paint counts and QS_PAINT ---------------------------------------------------- */

/* Threads whose paint count changed since the last paint_flush. */
static uint32_t *dirty;
static unsigned nb_dirty, dirty_cap;
static struct klock flush_lock = KLOCK_INIT;

static void mark_dirty(uint32_t tid)
{
    for (unsigned i = 0; i < nb_dirty; i++)
        if (dirty[i] == tid)
            return;
    if (nb_dirty == dirty_cap) {
        unsigned cap = dirty_cap ? dirty_cap * 2 : 16;
        uint32_t *more = krealloc(dirty, cap * sizeof(*more));
        if (!more)
            return;    /* the thread's next get_message flushes its own */
        dirty = more;
        dirty_cap = cap;
    }
    dirty[nb_dirty++] = tid;
}

static void add_paint_count(struct kwindow *w, int delta)
{
    struct user_thread *u = w->tid ? user_thread_of(w->tid) : NULL;

    if (!u)
        return;
    u->paint_count += delta;
    if (u->paint_count < 0)
        u->paint_count = 0;
    mark_dirty(w->tid);
}

void paint_flush(void)
{
    /* one flusher at a time, so the last count read is the one applied */
    klock_acquire(&flush_lock);
    for (;;) {
        struct user_thread *u;
        uint32_t tid;
        int count;

        klock_acquire(&user_lock);
        if (!nb_dirty) {
            klock_release(&user_lock);
            break;
        }
        tid = dirty[--nb_dirty];
        count = (u = user_thread_of(tid)) ? u->paint_count : 0;
        klock_release(&user_lock);
        queue_set_paint(tid, count > 0);
    }
    klock_release(&flush_lock);
}

/* The update region goes or is replaced (region: taken; NULL or empty:
 * none). */
static void set_update_region(struct kwindow *w, struct region *region)
{
    if (region && !region_is_empty(region)) {
        if (w->update_region)
            region_free(w->update_region);
        else
            add_paint_count(w, 1);
        w->update_region = region;
        return;
    }
    if (w->update_region) {
        add_paint_count(w, -1);
        region_free(w->update_region);
        w->update_region = NULL;
    }
    w->paint_flags &= ~(PAINT_ERASE | PAINT_DELAYED_ERASE | PAINT_NONCLIENT);
    region_free(region);
}

static void set_internal_paint(struct kwindow *w, int on)
{
    if (!on == !(w->paint_flags & PAINT_INTERNAL))
        return;
    w->paint_flags ^= PAINT_INTERNAL;
    add_paint_count(w, on ? 1 : -1);
}

static void validate_whole(struct kwindow *w)
{
    set_update_region(w, NULL);
    set_internal_paint(w, 0);
}

static void validate_children(struct kwindow *w)
{
    for (struct kwindow *c = w->first_child; c; c = c->next) {
        if (!(c->style & WS_VISIBLE))
            continue;
        validate_children(c);
        validate_whole(c);
    }
}

void paint_forget(struct kwindow *w)
{
    validate_whole(w);
}

/* ---- Visible regions ----------------------------------------------------------------- */

/* r (in w's parent's client coordinates) cut to w's window region. */
static int clip_to_window_region(struct region *r, const struct kwindow *w)
{
    int ok;

    if (!w->win_region)
        return 1;
    region_offset(r, -w->window_rect.left, -w->window_rect.top);
    ok = region_intersect(r, r, w->win_region);
    region_offset(r, w->window_rect.left, w->window_rect.top);
    return ok;
}

/* Take from r the visible children of parent above stop (all if NULL);
 * (dx, dy) maps parent's client coordinates to r's. */
static int clip_out_children(const struct kwindow *parent, const struct kwindow *stop,
                             struct region *r, int dx, int dy)
{
    struct region *tmp = region_create();
    int ok = tmp != NULL;

    for (const struct kwindow *c = parent->first_child; ok && c && c != stop; c = c->next) {
        if (!(c->style & WS_VISIBLE) || (c->ex_style & WS_EX_TRANSPARENT))
            continue;
        ok = region_set_rect(tmp, &c->visible_rect) && clip_to_window_region(tmp, c);
        region_offset(tmp, dx, dy);
        ok = ok && region_subtract(r, r, tmp);
        if (region_is_empty(r))
            break;
    }
    region_free(tmp);
    return ok;
}

/* The client area the window can draw in, parent's client coordinates. */
static int set_client_area(struct region *r, const struct kwindow *w)
{
    rectangle_t rect;

    rect_intersect(&rect, &w->window_rect, &w->client_rect);
    rect_intersect(&rect, &rect, &w->surface_rect);
    return region_set_rect(r, &rect);
}

/* The visible region of w in window coordinates (DCX_* flags), or NULL
 * when out of memory. */
static struct region *visible_region(const struct kwindow *w, unsigned flags)
{
    struct region *r = region_create(), *tmp = region_create();
    int dx, dy, ok = r && tmp;

    if (!ok || !window_is_visible(w))
        goto done;
    if (is_desktop(w)) {
        ok = region_set_rect(r, &w->window_rect);
        goto done;
    }
    if ((flags & DCX_PARENTCLIP) && !is_desktop(w->parent)) {
        ok = set_client_area(r, w->parent);
        region_offset(r, -w->parent->client_rect.left, -w->parent->client_rect.top);
    } else if (flags & DCX_WINDOW) {
        rectangle_t rect;
        rect_intersect(&rect, &w->visible_rect, &w->surface_rect);
        ok = region_set_rect(r, &rect) && clip_to_window_region(r, w);
    } else {
        ok = set_client_area(r, w) && clip_to_window_region(r, w);
    }
    if (ok && (flags & DCX_CLIPCHILDREN))
        ok = clip_out_children(w, NULL, r, w->client_rect.left, w->client_rect.top);

    /* up the tree: siblings above, then the parent's client area */
    dx = w->window_rect.left;
    dy = w->window_rect.top;
    for (const struct kwindow *c = w; ok && !is_desktop(c->parent); c = c->parent) {
        const struct kwindow *p = c->parent;
        if (c->style & WS_CLIPSIBLINGS)
            ok = clip_out_children(p, c, r, 0, 0);
        if (!ok || region_is_empty(r))
            break;
        dx += p->client_rect.left;
        dy += p->client_rect.top;
        region_offset(r, p->client_rect.left, p->client_rect.top);
        ok = set_client_area(tmp, p) && clip_to_window_region(tmp, p) &&
             region_intersect(r, r, tmp);
        if (!ok || region_is_empty(r))
            break;
    }
    region_offset(r, -dx, -dy);
done:
    region_free(tmp);
    if (!ok) {
        region_free(r);
        r = NULL;
    }
    return r;
}

/* Window coordinates -> screen. */
static void window_to_screen(const struct kwindow *w, struct region *r)
{
    rectangle_t origin;

    if (is_desktop(w))
        return;
    origin = (rectangle_t){ w->window_rect.left, w->window_rect.top, 0, 0 };
    window_client_to_screen(w->parent, &origin);
    region_offset(r, origin.left, origin.top);
}

struct kwindow *paint_surface_window(struct kwindow *w)
{
    while (!(w->paint_flags & PAINT_HAS_SURFACE) && w->parent && !is_desktop(w->parent))
        w = w->parent;
    return w;
}

/* The region's rectangles as reply data, their total size; when they do
 * not fit, STATUS_BUFFER_OVERFLOW (win32u asks again with room). */
static NTSTATUS reply_region(struct server_call *call, const struct region *r, data_size_t *total)
{
    data_size_t size = r->count * sizeof(rectangle_t);

    *total = size;
    if (size > server_reply_room(call))
        return STATUS_BUFFER_OVERFLOW;
    server_reply_data(call, r->rects, size);
    return STATUS_SUCCESS;
}

static NTSTATUS req_get_visible_region(struct server_call *call)
{
    const struct get_visible_region_request *req = (const void *)call->req;
    struct get_visible_region_reply *reply = (void *)call->reply;
    struct kwindow *w, *top;
    struct region *r;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    if (!(w = get_window(req->window))) {
        klock_release(&user_lock);
        return STATUS_BAD_WINDOW;
    }
    top = paint_surface_window(w);
    if ((r = visible_region(w, req->flags))) {
        window_to_screen(w, r);
        st = reply_region(call, r, &reply->total_size);
        region_free(r);
    } else {
        st = STATUS_NO_MEMORY;
    }
    reply->top_win = top->handle;
    reply->top_rect = top->surface_rect;
    if (is_desktop(w)) {
        reply->win_rect = (rectangle_t){ 0, 0, w->client_rect.right - w->client_rect.left,
                                         w->client_rect.bottom - w->client_rect.top };
    } else {
        reply->win_rect = (req->flags & DCX_WINDOW) ? w->window_rect : w->client_rect;
        window_client_to_screen(top->parent, &reply->top_rect);
        window_client_to_screen(w->parent, &reply->win_rect);
    }
    reply->paint_flags = w->paint_flags & PAINT_CLIENT_FLAGS;
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(get_visible_region);

/* The part of the surface the window shows: its visible rectangle cut to
 * its window region, in parent client coordinates (pixel formats, which
 * would cut more, are not kept). */
static NTSTATUS req_get_surface_region(struct server_call *call)
{
    const struct get_surface_region_request *req = (const void *)call->req;
    struct get_surface_region_reply *reply = (void *)call->reply;
    struct region *r = NULL;
    struct kwindow *w;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    if (!(w = get_window(req->window))) {
        st = STATUS_BAD_WINDOW;
    } else if (window_is_visible(w)) {
        if ((r = region_create()) && region_set_rect(r, &w->visible_rect) &&
            clip_to_window_region(r, w))
            st = reply_region(call, r, &reply->total_size);
        else
            st = STATUS_NO_MEMORY;
        reply->visible_rect = w->visible_rect;
    }
    klock_release(&user_lock);
    region_free(r);
    return st;
}
SERVER_REQ(get_surface_region);

/* ---- Update regions ------------------------------------------------------------------- */

/* The window's visible part of its client (frame: window) rectangle, in
 * window coordinates, cut by its ancestors' client areas; 0 if none. */
static int visible_rect_of(const struct kwindow *w, rectangle_t *rect, int frame)
{
    int dx = w->window_rect.left, dy = w->window_rect.top;

    *rect = frame ? w->window_rect : w->client_rect;
    if (!(w->style & WS_VISIBLE))
        return 0;
    if (is_desktop(w))
        return 1;
    for (; !is_desktop(w->parent); w = w->parent) {
        const struct kwindow *p = w->parent;
        if (!(p->style & WS_VISIBLE) || (p->style & WS_MINIMIZE))
            return 0;
        dx += p->client_rect.left;
        dy += p->client_rect.top;
        rect_offset(rect, p->client_rect.left, p->client_rect.top);
        if (!rect_intersect(rect, rect, &p->client_rect) ||
            !rect_intersect(rect, rect, &p->window_rect))
            return 0;
    }
    rect_offset(rect, -dx, -dy);
    return 1;
}

/* region (client coordinates; NULL: everything) cut to what of the
 * window can be seen, in window coordinates; NULL if nothing is left. */
static struct region *crop_to_window(const struct kwindow *w, const struct region *region, int frame)
{
    int to_client_x = w->window_rect.left - w->client_rect.left;
    int to_client_y = w->window_rect.top - w->client_rect.top;
    struct region *r;
    rectangle_t rect;

    if (!visible_rect_of(w, &rect, frame) || !(r = region_create()))
        return NULL;
    if (!region_set_rect(r, &rect))
        goto fail;
    if (region) {
        region_offset(r, to_client_x, to_client_y);
        if (!region_intersect(r, region, r) || region_is_empty(r))
            goto fail;
        region_offset(r, -to_client_x, -to_client_y);
    }
    return r;
fail:
    region_free(r);
    return NULL;
}

/* Add region (taken) to the window's update region. */
static void add_update_region(struct kwindow *w, struct region *region)
{
    if (w->update_region && !region_union(region, w->update_region, region)) {
        region_free(region);
        return;
    }
    set_update_region(w, region);
}

/* The children's update regions cut to rect (w's client coordinates;
 * NULL: emptied). */
static void crop_children_updates(struct kwindow *w, const rectangle_t *rect)
{
    for (struct kwindow *c = w->first_child; c; c = c->next) {
        rectangle_t inner;
        struct region *tmp;

        if (!(c->style & WS_VISIBLE))
            continue;
        if (!rect) {
            crop_children_updates(c, NULL);
            set_update_region(c, NULL);
            continue;
        }
        if (c->window_rect.left >= rect->left && c->window_rect.top >= rect->top &&
            c->window_rect.right <= rect->right && c->window_rect.bottom <= rect->bottom)
            continue;       /* inside: nothing to cut */
        inner = *rect;
        rect_offset(&inner, -c->client_rect.left, -c->client_rect.top);
        crop_children_updates(c, &inner);
        if (!c->update_region || !(tmp = region_create()))
            continue;
        region_set_rect(tmp, rect);
        region_offset(tmp, -c->window_rect.left, -c->window_rect.top);
        if (region_intersect(tmp, c->update_region, tmp))
            set_update_region(c, tmp);
        else
            region_free(tmp);
    }
}

/* Only the client area stays invalid: the frame is validated. */
static void validate_frame(struct kwindow *w)
{
    rectangle_t client = w->client_rect;
    struct region *tmp;

    if (!w->update_region)
        return;
    rect_offset(&client, -w->window_rect.left, -w->window_rect.top);
    if ((tmp = region_create()) && region_set_rect(tmp, &client) &&
        region_intersect(tmp, w->update_region, tmp))
        set_update_region(w, tmp);
    else
        region_free(tmp);
    w->paint_flags &= ~PAINT_NONCLIENT;
}

/* BeginPaint on a child validates the same area on the parents that
 * paint over their children (no WS_CLIPCHILDREN). */
static void validate_parents(struct kwindow *child)
{
    int dx = 0, dy = 0;
    struct region *tmp;

    if (!child->update_region)
        return;
    for (struct kwindow *w = child; w->parent; ) {
        dx += w->window_rect.left;
        dy += w->window_rect.top;
        w = w->parent;
        dx += w->client_rect.left - w->window_rect.left;
        dy += w->client_rect.top - w->window_rect.top;
        if (!w->update_region || (w->style & WS_CLIPCHILDREN) || !(tmp = region_create()))
            continue;
        region_offset(child->update_region, dx, dy);
        if (region_subtract(tmp, w->update_region, child->update_region))
            set_update_region(w, tmp);
        else
            region_free(tmp);
        region_offset(child->update_region, -dx, -dy);
    }
}

/* Invalidate or validate region (client coordinates; NULL: all) of w and,
 * as flags say, of its children (RDW_* flags); frame: the region may
 * reach into the non-client area. */
static void redraw(struct kwindow *w, const struct region *region, int frame, unsigned flags)
{
    struct region *tmp;

    if (flags & RDW_INVALIDATE) {
        if (!(tmp = crop_to_window(w, region, frame)))
            return;
        add_update_region(w, tmp);
        if (flags & RDW_FRAME)
            w->paint_flags |= PAINT_NONCLIENT;
        if (flags & RDW_ERASE)
            w->paint_flags |= PAINT_ERASE;
    } else if (flags & RDW_VALIDATE) {
        if (!region && (flags & RDW_NOFRAME)) {
            set_update_region(w, NULL);
        } else if (w->update_region) {
            if ((tmp = crop_to_window(w, region, frame))) {
                if (region_subtract(tmp, w->update_region, tmp))
                    set_update_region(w, tmp);
                else
                    region_free(tmp);
            }
            if (flags & RDW_NOFRAME)
                validate_frame(w);
            if (flags & RDW_NOERASE)
                w->paint_flags &= ~(PAINT_ERASE | PAINT_DELAYED_ERASE);
        }
    }
    if (flags & RDW_INTERNALPAINT)
        set_internal_paint(w, 1);
    else if (flags & RDW_NOINTERNALPAINT)
        set_internal_paint(w, 0);

    if ((flags & RDW_NOCHILDREN) || (w->style & WS_MINIMIZE) ||
        ((w->style & WS_CLIPCHILDREN) && !(flags & RDW_ALLCHILDREN)))
        return;
    if (!(tmp = crop_to_window(w, region, 0)))
        return;
    region_offset(tmp, w->window_rect.left - w->client_rect.left,
                  w->window_rect.top - w->client_rect.top);     /* client coordinates */
    if (flags & RDW_INVALIDATE)
        flags |= RDW_FRAME | RDW_ERASE;
    for (struct kwindow *c = w->first_child; c; c = c->next) {
        struct region *part;
        if (!(c->style & WS_VISIBLE) || !region_overlaps_rect(tmp, &c->window_rect))
            continue;
        if (!(part = region_create()) || !region_copy(part, tmp)) {
            region_free(part);
            continue;
        }
        region_offset(part, -c->client_rect.left, -c->client_rect.top);
        redraw(c, part, 1, flags);
        region_free(part);
    }
    region_free(tmp);
}

static NTSTATUS req_redraw_window(struct server_call *call)
{
    const struct redraw_window_request *req = (const void *)call->req;
    unsigned flags = req->flags;
    struct region *region = NULL;
    struct kdesktop *d = NULL;
    struct kwindow *w;
    NTSTATUS st = STATUS_SUCCESS;

    if (!req->window && !(d = desktop_current()))
        return STATUS_ACCESS_DENIED;
    klock_acquire(&user_lock);
    w = get_window(req->window ? req->window : desktop_windows(d)[0]);
    if (!w) {
        st = STATUS_BAD_WINDOW;
    } else if (window_is_visible(w)) {
        if (is_desktop(w))
            flags &= ~RDW_ALLCHILDREN;
        if ((flags & (RDW_VALIDATE | RDW_INVALIDATE)) && call->data_size &&
            !(region = region_from_rects(call->data, call->data_size / sizeof(rectangle_t))))
            st = STATUS_NO_MEMORY;
        if (!st)
            redraw(w, region, (flags & RDW_INVALIDATE) && (flags & RDW_FRAME), flags);
    }
    klock_release(&user_lock);
    kobject_unref(d);
    region_free(region);
    paint_flush();
    return st;
}
SERVER_REQ(redraw_window);

/* What of flags (UPDATE_*) the window's own state answers. */
static unsigned update_flags(const struct kwindow *w, unsigned flags)
{
    unsigned ret = 0, delayed = w->paint_flags & PAINT_DELAYED_ERASE ? UPDATE_DELAYED_ERASE : 0;

    if ((flags & UPDATE_NONCLIENT) && (w->paint_flags & PAINT_NONCLIENT) && w->update_region)
        ret |= UPDATE_NONCLIENT;
    if ((flags & UPDATE_ERASE) && (w->paint_flags & PAINT_ERASE) && w->update_region)
        ret |= UPDATE_ERASE;
    if ((flags & UPDATE_PAINT) && w->update_region)
        ret |= UPDATE_PAINT | delayed;
    if ((flags & UPDATE_INTERNALPAINT) && (w->paint_flags & PAINT_INTERNAL))
        ret |= UPDATE_INTERNALPAINT | delayed;
    return ret;
}

static int needs_paint(const struct kwindow *w)
{
    return w->update_region || (w->paint_flags & PAINT_INTERNAL);
}

/* The first child of w (after from, depth first) with update flags. */
static unsigned child_update_flags(struct kwindow *w, struct kwindow *from, unsigned flags,
                                   struct kwindow **found)
{
    unsigned ret;

    if (w->style & WS_MINIMIZE)
        return 0;
    /* children of a window that paints over them wait for its WM_PAINT */
    if (!(flags & UPDATE_ALLCHILDREN) && !(w->style & WS_CLIPCHILDREN))
        return 0;
    for (struct kwindow *c = from ? from->next : w->first_child; c; c = c->next) {
        if (!(c->style & WS_VISIBLE))
            continue;
        if ((ret = update_flags(c, flags))) {
            *found = c;
            return ret;
        }
        if ((ret = child_update_flags(c, NULL, flags, found)))
            return ret;
    }
    return 0;
}

/* w, then its children, then (from a child) the siblings after it and
 * its ancestors' later siblings, until one has update flags. */
static unsigned window_update_flags(struct kwindow *w, struct kwindow *from, unsigned flags,
                                    struct kwindow **found)
{
    struct kwindow *sibling = NULL;
    unsigned ret;

    if (!window_is_visible(w))
        return 0;
    /* restarting below a hidden or minimized ancestor: go on after it */
    for (struct kwindow *p = from; p; p = p->parent) {
        if (!(p->style & WS_VISIBLE) || (p->style & WS_MINIMIZE))
            sibling = p;
        if (p == w)
            break;
    }
    /* the frame waits while a parent that paints over its children will paint */
    if ((flags & UPDATE_NONCLIENT) && !(flags & (UPDATE_PAINT | UPDATE_INTERNALPAINT))) {
        for (struct kwindow *p = w->parent; p; p = p->parent)
            if (!(p->style & WS_CLIPCHILDREN) && needs_paint(p))
                return 0;
        if (from && !(flags & UPDATE_ALLCHILDREN)) {
            for (struct kwindow *p = sibling ? sibling : from; p; p = p->parent) {
                if (!(p->style & WS_CLIPCHILDREN) && needs_paint(p))
                    sibling = p;
                if (p == w)
                    break;
            }
        }
    }
    if (!from) {
        if ((ret = update_flags(w, flags))) {
            *found = w;
            return ret;
        }
        from = w;
    }
    if (flags & UPDATE_NOCHILDREN)
        return 0;
    if (!sibling) {
        if ((ret = child_update_flags(from, NULL, flags, found)))
            return ret;
        sibling = from;
    }
    for (; sibling->parent && sibling != w; sibling = sibling->parent)
        if ((ret = child_update_flags(sibling->parent, sibling, flags, found)))
            return ret;
    return 0;
}

static int is_descendant_or_self(const struct kwindow *w, const struct kwindow *ancestor)
{
    for (; w; w = w->parent)
        if (w == ancestor)
            return 1;
    return 0;
}

/* The update region of the window (or of the next child with one),
 * taken as the flags say: BeginPaint validates it. */
static NTSTATUS update_region_locked(struct server_call *call,
                                     const struct get_update_region_request *req,
                                     struct get_update_region_reply *reply)
{
    struct kwindow *w = get_window(req->window), *from = NULL;
    unsigned flags = req->flags;
    NTSTATUS st;

    if (!w || (req->from_child && !(from = get_window(req->from_child))))
        return STATUS_BAD_WINDOW;
    if (from && !is_descendant_or_self(from, w))
        return STATUS_INVALID_PARAMETER;
    if (flags & UPDATE_DELAYED_ERASE)     /* the last BeginPaint did not erase */
        (from ? from : w)->paint_flags |= PAINT_DELAYED_ERASE;
    reply->flags = window_update_flags(w, from, flags, &w);
    reply->child = w->handle;
    if (flags & UPDATE_NOREGION)
        return STATUS_SUCCESS;
    if (w->update_region) {
        struct region *r = region_create();
        if (!r || !region_copy(r, w->update_region) ||
            ((flags & UPDATE_CLIPCHILDREN) && (w->style & WS_CLIPCHILDREN) &&
             !clip_out_children(w, NULL, r, w->client_rect.left - w->window_rect.left,
                                w->client_rect.top - w->window_rect.top))) {
            region_free(r);
            return STATUS_NO_MEMORY;
        }
        window_to_screen(w, r);
        st = reply_region(call, r, &reply->total_size);
        region_free(r);
        if (st)
            return st;      /* nothing is validated until win32u has the region */
    }
    if (reply->flags & (UPDATE_PAINT | UPDATE_INTERNALPAINT)) {
        validate_parents(w);
        validate_whole(w);
        return STATUS_SUCCESS;
    }
    if (reply->flags & UPDATE_NONCLIENT)
        validate_frame(w);
    if (reply->flags & UPDATE_ERASE) {
        w->paint_flags &= ~(PAINT_ERASE | PAINT_DELAYED_ERASE);
        if (is_desktop(w))
            validate_whole(w);      /* the desktop is only erased */
    }
    return STATUS_SUCCESS;
}

static NTSTATUS req_get_update_region(struct server_call *call)
{
    NTSTATUS st;

    klock_acquire(&user_lock);
    st = update_region_locked(call, (const void *)call->req, (void *)call->reply);
    klock_release(&user_lock);
    paint_flush();
    return st;
}
SERVER_REQ(get_update_region);

/* ---- WM_PAINT ------------------------------------------------------------------------- */

/* The first visible window of thread tid under parent (depth first, in
 * Z order) that needs painting; a transparent one lets a later opaque
 * sibling of the thread go first. */
static struct kwindow *child_to_repaint(struct kwindow *parent, uint32_t tid)
{
    struct kwindow *found = NULL;

    for (struct kwindow *c = parent->first_child; c && !found; c = c->next) {
        if (!(c->style & WS_VISIBLE))
            continue;
        if (c->tid == tid && needs_paint(c))
            found = c;
        else if (!(c->style & WS_MINIMIZE))
            found = child_to_repaint(c, tid);
    }
    if (found && (found->ex_style & WS_EX_TRANSPARENT)) {
        for (struct kwindow *s = found->next; s; s = s->next)
            if ((s->style & WS_VISIBLE) && !(s->ex_style & WS_EX_TRANSPARENT) && s->tid == tid &&
                needs_paint(s))
                return s;
    }
    return found;
}

user_handle_t paint_find_window(user_handle_t top_handle, uint32_t tid, user_handle_t parent)
{
    struct kwindow *top, *w = NULL;
    user_handle_t ret = 0;

    klock_acquire(&user_lock);
    if ((top = get_window(top_handle)))
        w = top->tid == tid && needs_paint(top) ? top : child_to_repaint(top, tid);
    /* a child is not painted before its parent */
    if (w && parent && !is_descendant_or_self(w, get_window(parent)))
        w = NULL;
    if (w) {
        set_internal_paint(w, 0);
        ret = w->handle;
    }
    klock_release(&user_lock);
    return ret;
}

/* ---- Moving, showing, hiding ---------------------------------------------------------- */

/* After w's visible region changed from old_vis (window coordinates, at
 * old_rect): invalidate on the parent what w no longer covers; return
 * what w newly shows, in its client coordinates (or NULL). */
static struct region *expose(struct kwindow *w, const rectangle_t *old_rect,
                             const struct region *old_vis)
{
    struct region *now = visible_region(w, DCX_WINDOW), *shown;

    if (!now)
        return NULL;
    if ((shown = region_create()) && region_subtract(shown, now, old_vis) &&
        !region_is_empty(shown)) {
        region_offset(shown, w->window_rect.left - w->client_rect.left,
                      w->window_rect.top - w->client_rect.top);
    } else {
        region_free(shown);
        shown = NULL;
    }
    if (w->parent && !is_desktop(w->parent)) {
        /* in old window coordinates: what was covered and is no more */
        region_offset(now, w->window_rect.left - old_rect->left, w->window_rect.top - old_rect->top);
        if (region_subtract(now, old_vis, now) && !region_is_empty(now)) {
            region_offset(now, old_rect->left, old_rect->top);
            redraw(w->parent, now, 0, RDW_INVALIDATE | RDW_ERASE | RDW_ALLCHILDREN);
        }
    }
    region_free(now);
    return shown;
}

void paint_window_destroyed(struct kwindow *w)
{
    struct region *vis, *shown;

    if (!window_is_visible(w))
        return;
    vis = visible_region(w, DCX_WINDOW);
    w->style &= ~WS_VISIBLE;
    if (vis && (shown = expose(w, &w->window_rect, vis)))
        region_free(shown);
    region_free(vis);
    validate_whole(w);
    validate_children(w);
}

void paint_style_changed(struct kwindow *w)
{
    w->paint_flags |= PAINT_NONCLIENT;
}

/* Did the frame or the client area change other than by moving along
 * with the window (whose bits win32u moves)? */
static void what_changed(const struct kwindow *w, unsigned swp_flags, const rectangle_t *old_window,
                         const rectangle_t *old_visible, const rectangle_t *old_client,
                         const rectangle_t *valid, int *frame, int *client)
{
    int dx = w->window_rect.left - old_window->left, dy = w->window_rect.top - old_window->top;
    const rectangle_t *nw = &w->window_rect, *nv = &w->visible_rect, *nc = &w->client_rect;

    if (swp_flags & SWP_NOCOPYBITS) {
        *frame = (swp_flags & SWP_FRAMECHANGED) || memcmp(nw, old_window, sizeof(*nw)) ||
                 memcmp(nv, old_visible, sizeof(*nv));
        *client = memcmp(nc, old_client, sizeof(*nc)) != 0;
        return;
    }
    *frame = (swp_flags & SWP_FRAMECHANGED) || nw->right - old_window->right != dx ||
             nw->bottom - old_window->bottom != dy || nv->left - old_visible->left != dx ||
             nv->right - old_visible->right != dx || nv->top - old_visible->top != dy ||
             nv->bottom - old_visible->bottom != dy;
    *client = nc->left - old_client->left != dx || nc->right - old_client->right != dx ||
              nc->top - old_client->top != dy || nc->bottom - old_client->bottom != dy ||
              memcmp(valid, nc, sizeof(*nc));
}

/* The window's update region and its children's cut to its new place. */
static void crop_updates(struct kwindow *w)
{
    rectangle_t rect;
    struct region *tmp;

    if (w->update_region) {
        if (!visible_rect_of(w, &rect, 1)) {
            set_update_region(w, NULL);
        } else if ((tmp = region_create()) && region_set_rect(tmp, &rect) &&
                   region_intersect(tmp, w->update_region, tmp)) {
            set_update_region(w, tmp);
        } else {
            region_free(tmp);
        }
    }
    if (visible_rect_of(w, &rect, 0)) {
        rect_offset(&rect, w->window_rect.left - w->client_rect.left,
                    w->window_rect.top - w->client_rect.top);
        crop_children_updates(w, &rect);
    } else {
        crop_children_updates(w, NULL);
    }
}

/* The whole window less the valid client part (whose bits were kept and
 * are not themselves invalid), in client coordinates. */
static struct region *changed_area(struct kwindow *w, const rectangle_t *valid)
{
    struct region *r = region_create(), *keep = NULL;

    if (!r || !region_set_rect(r, &w->window_rect))
        goto fail;
    if (!rect_is_empty(valid)) {
        if (!(keep = region_create()) || !region_set_rect(keep, valid))
            goto fail;
        if (w->update_region) {
            region_offset(keep, -w->window_rect.left, -w->window_rect.top);
            if (!region_subtract(keep, keep, w->update_region))
                goto fail;
            region_offset(keep, w->window_rect.left, w->window_rect.top);
        }
        if (!region_subtract(r, r, keep))
            goto fail;
        region_free(keep);
    }
    if (!is_desktop(w))
        region_offset(r, -w->client_rect.left, -w->client_rect.top);
    return r;
fail:
    region_free(keep);
    region_free(r);
    return NULL;
}

void paint_set_window_pos(struct kwindow *w, struct kwindow *after, int where, unsigned swp_flags,
                          const rectangle_t *window, const rectangle_t *client,
                          const rectangle_t *visible, const rectangle_t *surface,
                          const rectangle_t *valid)
{
    const rectangle_t old_window = w->window_rect, old_visible = w->visible_rect,
                      old_client = w->client_rect;
    int shows = (w->style & WS_VISIBLE) || (swp_flags & SWP_SHOWWINDOW);
    struct region *old_vis = NULL, *shown = NULL;
    int frame, client_changed;

    if (w->parent && !window_is_visible(w->parent))
        shows = 0;
    if (shows && !(old_vis = visible_region(w, DCX_WINDOW)))
        shows = 0;      /* out of memory: the rectangles change all the same */
    w->window_rect = *window;
    w->visible_rect = *visible;
    w->surface_rect = *surface;
    w->client_rect = *client;
    if (!(swp_flags & SWP_NOZORDER) && w->parent)
        link_window(w, after, where);
    if (swp_flags & SWP_SHOWWINDOW)
        w->style |= WS_VISIBLE;
    else if (swp_flags & SWP_HIDEWINDOW)
        w->style &= ~WS_VISIBLE;
    if (!shows)
        goto done;

    if (!(swp_flags & SWP_NOREDRAW))
        shown = expose(w, &old_window, old_vis);
    if (!(w->style & WS_VISIBLE)) {       /* hidden: nothing of it is to paint */
        validate_whole(w);
        validate_children(w);
        goto done;
    }
    crop_updates(w);
    if (swp_flags & SWP_NOREDRAW)
        goto done;
    what_changed(w, swp_flags, &old_window, &old_visible, &old_client, valid, &frame,
                 &client_changed);
    if (frame || client_changed) {
        struct region *changed = changed_area(w, valid);
        if (changed && shown) {
            region_union(shown, shown, changed);
            region_free(changed);
        } else if (changed) {
            shown = changed;
        }
    }
    if (shown)
        redraw(w, shown, 1, RDW_INVALIDATE | RDW_ERASE | RDW_FRAME | RDW_ALLCHILDREN);
done:
    region_free(old_vis);
    region_free(shown);
}

/* ---- Window regions --------------------------------------------------------------------- */

static NTSTATUS req_get_window_region(struct server_call *call)
{
    const struct get_window_region_request *req = (const void *)call->req;
    struct get_window_region_reply *reply = (void *)call->reply;
    NTSTATUS st = STATUS_SUCCESS;
    struct kwindow *w;

    klock_acquire(&user_lock);
    if (!(w = get_window(req->window)))
        st = STATUS_BAD_WINDOW;
    else if (w->win_region)
        st = reply_region(call, w->win_region, &reply->total_size);
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(get_window_region);

/* SetWindowRgn: no data removes the region; redraw exposes what changed. */
static NTSTATUS req_set_window_region(struct server_call *call)
{
    const struct set_window_region_request *req = (const void *)call->req;
    struct region *region = NULL, *old_vis = NULL, *shown;
    struct kwindow *w;

    if (call->data_size &&
        !(region = region_from_rects(call->data, call->data_size / sizeof(rectangle_t))))
        return STATUS_NO_MEMORY;
    klock_acquire(&user_lock);
    if (!(w = get_window(req->window))) {
        klock_release(&user_lock);
        region_free(region);
        return STATUS_BAD_WINDOW;
    }
    if (req->redraw && window_is_visible(w))
        old_vis = visible_region(w, DCX_WINDOW);
    region_free(w->win_region);
    w->win_region = region;
    if (old_vis && (shown = expose(w, &w->window_rect, old_vis))) {
        redraw(w, shown, 1, RDW_INVALIDATE | RDW_ERASE | RDW_FRAME | RDW_ALLCHILDREN);
        region_free(shown);
    }
    region_free(old_vis);
    klock_release(&user_lock);
    paint_flush();
    return STATUS_SUCCESS;
}
SERVER_REQ(set_window_region);

/* ---- Z order and offsets ------------------------------------------------------------------ */

/* Raise the window above the first sibling covering rect (parent client
 * coordinates), so that rect can be seen; topmost windows stay above. */
static NTSTATUS req_update_window_zorder(struct server_call *call)
{
    const struct update_window_zorder_request *req = (const void *)call->req;
    struct kwindow *w, *s;

    klock_acquire(&user_lock);
    if (!(w = get_window(req->window))) {
        klock_release(&user_lock);
        return STATUS_BAD_WINDOW;
    }
    if (w->parent && window_is_visible(w)) {
        for (s = w->parent->first_child; s && s != w; s = s->next) {
            rectangle_t tmp;
            if (!(s->style & WS_VISIBLE) || (s->ex_style & WS_EX_TRANSPARENT) ||
                !rect_intersect(&tmp, &req->rect, &s->visible_rect))
                continue;
            if (s->win_region) {
                rect_offset(&tmp, -s->window_rect.left, -s->window_rect.top);
                if (!region_overlaps_rect(s->win_region, &tmp))
                    continue;
            }
            if (!(s->ex_style & WS_EX_TOPMOST) || (w->ex_style & WS_EX_TOPMOST))
                link_window(w, s->prev, LINK_TOP);     /* just above s */
            break;
        }
    }
    klock_release(&user_lock);
    return STATUS_SUCCESS;
}
SERVER_REQ(update_window_zorder);

/* The offset from one window's client area to another's (0: the screen). */
static NTSTATUS req_get_windows_offset(struct server_call *call)
{
    const struct get_windows_offset_request *req = (const void *)call->req;
    struct get_windows_offset_reply *reply = (void *)call->reply;
    const user_handle_t ends[2] = { req->from, req->to };
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    for (int i = 0; i < 2 && !st; i++) {
        struct kwindow *w;
        rectangle_t origin = { 0, 0, 0, 0 };
        if (!ends[i])
            continue;
        if (!(w = get_window(ends[i]))) {
            st = STATUS_BAD_WINDOW;
            break;
        }
        if (!is_desktop(w))
            window_client_to_screen(w, &origin);
        reply->x += i ? -origin.left : origin.left;
        reply->y += i ? -origin.top : origin.top;
    }
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(get_windows_offset);

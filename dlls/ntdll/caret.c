/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * caret.c - the caret of the in-process server: each thread's caret
 * window, rectangle (client coordinates), hide count and blink state.
 * win32u draws it and blinks it with a system timer; the server keeps
 * what CreateCaret, SetCaretPos, ShowCaret/HideCaret, GetCaretPos and
 * GetGUIThreadInfo share.  A thread's caret is its own (no
 * AttachThreadInput yet).
 */
#include "user.h"

/* A window the calling thread may give its caret to: none, or its own. */
static NTSTATUS caret_window_ok(user_handle_t h)
{
    uint32_t tid;

    if (!h)
        return STATUS_SUCCESS;
    if (!window_thread(h, &tid))
        return STATUS_INVALID_HANDLE;
    return tid == current_thread()->tid ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
}

/* CreateCaret (a window, a size) and DestroyCaret (no window): a new caret
 * starts hidden, off, at 0,0 (or where it was, on the same window). */
static NTSTATUS req_set_caret_window(struct server_call *call)
{
    const struct set_caret_window_request *req = (const void *)call->req;
    struct set_caret_window_reply *reply = (void *)call->reply;
    struct user_thread *u = user_current();
    user_handle_t win = req->handle ? window_full_handle(req->handle) : 0;
    NTSTATUS st;

    if (!u)
        return STATUS_NO_MEMORY;
    if ((st = caret_window_ok(req->handle)))
        return st;
    klock_acquire(&user_lock);
    reply->previous = u->caret;
    reply->old_rect = u->caret_rect;
    reply->old_hide = u->caret_hide;
    reply->old_state = u->caret_state;
    if (!win || win != u->caret)
        u->caret_rect = (rectangle_t){ 0, 0, 0, 0 };
    u->caret = win;
    u->caret_hide = 1;
    u->caret_state = 0;
    u->caret_rect.right = u->caret_rect.left + req->width;
    u->caret_rect.bottom = u->caret_rect.top + req->height;
    klock_release(&user_lock);
    return STATUS_SUCCESS;
}
SERVER_REQ(set_caret_window);

static void set_state(struct user_thread *u, int state, int x, int y, const rectangle_t *old)
{
    switch (state) {
    case CARET_STATE_OFF: u->caret_state = 0; break;
    case CARET_STATE_ON: u->caret_state = 1; break;
    case CARET_STATE_TOGGLE: u->caret_state = !u->caret_state; break;
    case CARET_STATE_ON_IF_MOVED:
        if (x != old->left || y != old->top)
            u->caret_state = 1;
        break;
    }
}

/* SetCaretPos, ShowCaret, HideCaret, the blink: the old values back. */
static NTSTATUS req_set_caret_info(struct server_call *call)
{
    const struct set_caret_info_request *req = (const void *)call->req;
    struct set_caret_info_reply *reply = (void *)call->reply;
    struct user_thread *u = user_current();
    user_handle_t win = req->handle ? window_full_handle(req->handle) : 0;
    NTSTATUS st = STATUS_SUCCESS;

    if (!u)
        return STATUS_NO_MEMORY;
    klock_acquire(&user_lock);
    reply->full_handle = u->caret;
    reply->old_rect = u->caret_rect;
    reply->old_hide = u->caret_hide;
    reply->old_state = u->caret_state;
    if (req->handle && win != u->caret) {
        st = STATUS_ACCESS_DENIED;      /* not the caret's window */
    } else {
        if (req->flags & SET_CARET_POS) {
            u->caret_rect.right += req->x - u->caret_rect.left;
            u->caret_rect.bottom += req->y - u->caret_rect.top;
            u->caret_rect.left = req->x;
            u->caret_rect.top = req->y;
        }
        if ((req->flags & SET_CARET_HIDE) && (u->caret_hide += req->hide) < 0)
            u->caret_hide = 0;
        if (req->flags & SET_CARET_STATE)
            set_state(u, req->state, req->x, req->y, &reply->old_rect);
    }
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(set_caret_info);

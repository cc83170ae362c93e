/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * userinput.c - the input state of GUI threads for the in-process server:
 * focus, active and capture windows per thread, and the desktop's
 * foreground thread (whose active window is the foreground window).
 * Each thread has its own input state: AttachThreadInput is not kept yet.
 */
#include "user.h"

#define WIN32_ERROR(e) ((NTSTATUS)(0xc0010000u | (e)))
#define ERROR_INVALID_WINDOW_HANDLE 1400

/* A window the calling thread may make its focus/active/capture window:
 * none (0), or one of its own. */
static int own_window(user_handle_t h)
{
    uint32_t tid;
    return !h || (window_thread(h, &tid) && tid == current_thread()->tid);
}

static NTSTATUS req_get_thread_input(struct server_call *call)
{
    const struct get_thread_input_request *req = (const void *)call->req;
    struct get_thread_input_reply *reply = (void *)call->reply;
    struct kdesktop *d = desktop_current();
    struct user_thread *u;
    uint32_t tid;

    if (!d)
        return STATUS_ACCESS_DENIED;
    klock_acquire(&user_lock);
    tid = req->tid ? req->tid : *desktop_foreground(d);
    if (req->tid) {
        struct kthread *t = thread_ref_tid(req->tid);
        if (!t) {
            klock_release(&user_lock);
            kobject_unref(d);
            return STATUS_INVALID_CID;
        }
        kobject_unref(t);
    }
    if (tid && (u = user_thread_of(tid))) {
        reply->focus = u->focus;
        reply->capture = u->capture;
        reply->active = u->active;
        reply->caret = u->caret;
        reply->rect = u->caret_rect;
    }
    if (*desktop_foreground(d) && (u = user_thread_of(*desktop_foreground(d))))
        reply->foreground = u->active;
    klock_release(&user_lock);
    kobject_unref(d);
    return STATUS_SUCCESS;
}
SERVER_REQ(get_thread_input);

/* focus, active: set one of the calling thread's windows */
static NTSTATUS set_own(user_handle_t h, size_t field, user_handle_t *previous)
{
    struct user_thread *u = user_current();
    user_handle_t *slot;

    if (!u)
        return STATUS_NO_MEMORY;
    if (!own_window(h))
        return STATUS_SUCCESS;      /* Wine answers "no previous", no error */
    slot = (user_handle_t *)((char *)u + field);
    klock_acquire(&user_lock);
    *previous = *slot;
    *slot = h;
    klock_release(&user_lock);
    return STATUS_SUCCESS;
}

static NTSTATUS req_set_focus_window(struct server_call *call)
{
    const struct set_focus_window_request *req = (const void *)call->req;
    struct set_focus_window_reply *reply = (void *)call->reply;
    return set_own(req->handle, offsetof(struct user_thread, focus), &reply->previous);
}
SERVER_REQ(set_focus_window);

static NTSTATUS req_set_active_window(struct server_call *call)
{
    const struct set_active_window_request *req = (const void *)call->req;
    struct set_active_window_reply *reply = (void *)call->reply;
    return set_own(req->handle, offsetof(struct user_thread, active), &reply->previous);
}
SERVER_REQ(set_active_window);

static NTSTATUS req_set_capture_window(struct server_call *call)
{
    const struct set_capture_window_request *req = (const void *)call->req;
    struct set_capture_window_reply *reply = (void *)call->reply;
    NTSTATUS st = set_own(req->handle, offsetof(struct user_thread, capture), &reply->previous);

    if (!st && own_window(req->handle))
        reply->full_handle = req->handle;
    return st;
}
SERVER_REQ(set_capture_window);

static NTSTATUS req_set_foreground_window(struct server_call *call)
{
    const struct set_foreground_window_request *req = (const void *)call->req;
    struct set_foreground_window_reply *reply = (void *)call->reply;
    struct kdesktop *d = desktop_current();
    uint32_t me = current_thread()->tid, tid = 0, *fg;
    struct user_thread *u;
    NTSTATUS st = STATUS_SUCCESS;

    if (!d)
        return STATUS_ACCESS_DENIED;
    klock_acquire(&user_lock);
    fg = desktop_foreground(d);
    reply->previous = *fg && (u = user_thread_of(*fg)) ? u->active : 0;
    reply->send_msg_old = reply->previous && *fg != me;
    if (req->handle && window_top_level_locked(req->handle, &tid) && tid) {
        *fg = tid;
        reply->send_msg_new = tid != me;
    } else {
        st = WIN32_ERROR(ERROR_INVALID_WINDOW_HANDLE);
    }
    klock_release(&user_lock);
    kobject_unref(d);
    return st;
}
SERVER_REQ(set_foreground_window);

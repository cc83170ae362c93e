/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * msgqueue.c - message queues for the in-process server: a thread's posted
 * messages, its quit message and the wake/changed bits win32u waits on.
 *
 * A queue is a waitable kernel object: win32u waits on its handle (with
 * NtWaitForMultipleObjects) after get_message answered STATUS_PENDING, and
 * the queue is signaled when a bit it asked for (wake_mask, changed_mask)
 * is set, as in Wine.  Queue state is under the sync lock, since the wait
 * code reads it there.
 *
 * Not yet: messages sent to another thread (SendMessage across threads),
 * hardware input, timers and WM_PAINT generation (docs/gui.md).
 */
#include "user.h"

#define QS_POSTMESSAGE 0x0008
#define QS_TIMER 0x0010
#define QS_PAINT 0x0020
#define QS_SENDMESSAGE 0x0040
#define QS_HOTKEY 0x0080
#define QS_ALLPOSTMESSAGE 0x0100
#define QS_INPUT 0x0407
#define QS_ALLINPUT 0x04ff
#define PM_REMOVE 0x0001
#define WM_QUIT 0x0012

enum { MSG_ASCII, MSG_UNICODE, MSG_NOTIFY, MSG_CALLBACK, MSG_CALLBACK_RESULT,
       MSG_OTHER_PROCESS, MSG_POSTED, MSG_HARDWARE, MSG_WINEVENT, MSG_HOOK_LL };

struct kmessage {
    struct kmessage *next;
    user_handle_t win;
    unsigned msg;
    lparam_t wparam, lparam;
    unsigned time;
};

struct kqueue {
    struct kobject obj;
    uint32_t tid;
    struct kmessage *posted, *posted_tail;
    int quit;                       /* WM_QUIT pending */
    int exit_code;
    unsigned wake_bits, changed_bits, wake_mask, changed_mask;
};

static int queue_signaled(struct kobject *obj, struct kthread *t)
{
    struct kqueue *q = (struct kqueue *)obj;
    (void)t;
    return (q->wake_bits & q->wake_mask) || (q->changed_bits & q->changed_mask);
}

static void queue_satisfy(struct kobject *obj, struct kthread *t)
{
    struct kqueue *q = (struct kqueue *)obj;
    (void)t;
    q->wake_mask = q->changed_mask = 0;
}

static void queue_free_messages(struct kqueue *q)
{
    while (q->posted) {
        struct kmessage *m = q->posted;
        q->posted = m->next;
        kfree(m);
    }
    q->posted_tail = NULL;
}

static void queue_destroy_obj(struct kobject *obj)
{
    queue_free_messages((struct kqueue *)obj);
}

static const struct kobject_type queue_type = {
    .name = "MsgQueue",
    .mapping = { STANDARD_RIGHTS_READ | SYNCHRONIZE, STANDARD_RIGHTS_WRITE,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, STANDARD_RIGHTS_ALL | SYNCHRONIZE },
    .valid_access = STANDARD_RIGHTS_ALL | SYNCHRONIZE,
    .signaled = queue_signaled,
    .satisfy = queue_satisfy,
    .destroy = queue_destroy_obj,
};

void queue_destroy(struct kqueue *q)
{
    sync_lock_acquire();
    queue_free_messages(q);
    q->quit = 0;
    sync_lock_release();
    kobject_unref(q);
}

/* The queue of thread tid (referenced), made when create and missing. */
static struct kqueue *queue_of(uint32_t tid, int create)
{
    struct kthread *t = thread_ref_tid(tid);
    struct kthread_ext *x;
    struct user_thread *u;
    struct kqueue *q = NULL;

    if (!t)
        return NULL;
    x = KTHREAD_EXT(t);
    if (t == current_thread())
        u = user_current();
    else
        u = x->user;
    klock_acquire(&user_lock);
    if (u && !u->queue && create && (u->queue = kobject_alloc(&queue_type, sizeof(*q))))
        u->queue->tid = tid;
    if (u && u->queue)
        q = kobject_ref(u->queue);
    klock_release(&user_lock);
    kobject_unref(t);
    return q;
}

static void set_bits_locked(struct kqueue *q, unsigned bits)
{
    q->wake_bits |= bits;
    q->changed_bits |= bits;
    if (queue_signaled(&q->obj, NULL))
        sync_signal_locked(&q->obj);
}

/* ---- Requests --------------------------------------------------------------------- */

static NTSTATUS req_get_msg_queue(struct server_call *call)
{
    struct get_msg_queue_reply *reply = (void *)call->reply;
    struct kqueue *q = queue_of(current_thread()->tid, 1);
    HANDLE h;
    NTSTATUS st;

    if (!q)
        return STATUS_NO_MEMORY;
    st = handle_alloc(&q->obj, SYNCHRONIZE, 0, &h);
    kobject_unref(q);
    if (!st)
        reply->handle = (obj_handle_t)(uintptr_t)h;
    return st;
}
SERVER_REQ(get_msg_queue);

static NTSTATUS req_set_queue_mask(struct server_call *call)
{
    const struct set_queue_mask_request *req = (const void *)call->req;
    struct set_queue_mask_reply *reply = (void *)call->reply;
    struct kqueue *q = queue_of(current_thread()->tid, 1);

    if (!q)
        return STATUS_NO_MEMORY;
    sync_lock_acquire();
    q->wake_mask = req->wake_mask;
    q->changed_mask = req->changed_mask;
    reply->wake_bits = q->wake_bits;
    reply->changed_bits = q->changed_bits;
    if (queue_signaled(&q->obj, NULL)) {
        if (req->skip_wait)
            q->wake_mask = q->changed_mask = 0;
        else
            sync_signal_locked(&q->obj);
    }
    sync_lock_release();
    kobject_unref(q);
    return STATUS_SUCCESS;
}
SERVER_REQ(set_queue_mask);

static NTSTATUS req_get_queue_status(struct server_call *call)
{
    const struct get_queue_status_request *req = (const void *)call->req;
    struct get_queue_status_reply *reply = (void *)call->reply;
    struct kqueue *q = queue_of(current_thread()->tid, 0);

    if (!q)
        return STATUS_SUCCESS;   /* no queue: no bits */
    sync_lock_acquire();
    reply->wake_bits = q->wake_bits;
    reply->changed_bits = q->changed_bits;
    q->changed_bits &= ~req->clear_bits;
    sync_lock_release();
    kobject_unref(q);
    return STATUS_SUCCESS;
}
SERVER_REQ(get_queue_status);

static NTSTATUS post_message(uint32_t tid, const struct send_message_request *req)
{
    struct kmessage *m = kzalloc(sizeof(*m));
    struct kqueue *q;

    if (!m)
        return STATUS_NO_MEMORY;
    if (!(q = queue_of(tid, 1))) {
        kfree(m);
        return STATUS_INVALID_PARAMETER;
    }
    m->win = req->win;
    m->msg = req->msg;
    m->wparam = req->wparam;
    m->lparam = req->lparam;
    m->time = NtGetTickCount();
    sync_lock_acquire();
    if (q->posted_tail)
        q->posted_tail->next = m;
    else
        q->posted = m;
    q->posted_tail = m;
    set_bits_locked(q, QS_POSTMESSAGE | QS_ALLPOSTMESSAGE);
    sync_lock_release();
    kobject_unref(q);
    return STATUS_SUCCESS;
}

static NTSTATUS req_send_message(struct server_call *call)
{
    const struct send_message_request *req = (const void *)call->req;
    struct kthread *t = thread_ref_tid(req->id);

    if (!t)
        return STATUS_INVALID_PARAMETER;
    kobject_unref(t);
    switch (req->type) {
    case MSG_POSTED:
        return post_message(req->id, req);
    default:
        /* sent messages across threads: not yet (docs/gui.md) */
        KTRACE(KEEP_DEBUG_SYSCALLS, "keep: server send_message type %d not implemented\n",
               req->type);
        return STATUS_NOT_IMPLEMENTED;
    }
}
SERVER_REQ(send_message);

static NTSTATUS req_post_quit_message(struct server_call *call)
{
    const struct post_quit_message_request *req = (const void *)call->req;
    struct kqueue *q = queue_of(current_thread()->tid, 1);

    if (!q)
        return STATUS_NO_MEMORY;
    sync_lock_acquire();
    q->quit = 1;
    q->exit_code = req->exit_code;
    set_bits_locked(q, QS_POSTMESSAGE | QS_ALLPOSTMESSAGE);
    sync_lock_release();
    kobject_unref(q);
    return STATUS_SUCCESS;
}
SERVER_REQ(post_quit_message);

static int in_range(unsigned msg, unsigned first, unsigned last)
{
    return (first == 0 && last == ~0u) || (msg >= first && msg <= last);
}

/* Does a message for win match the window filter get_win? (win may be a
 * child of get_win; -1 means thread messages only.) */
int window_is_child_or_self(user_handle_t win, user_handle_t parent);
static int win_matches(user_handle_t win, user_handle_t get_win)
{
    if (!get_win)
        return 1;
    if (get_win == 0xffffffff)
        return win == 0;
    return win && window_is_child_or_self(win, get_win);
}

static void fill_reply(struct get_message_reply *reply, const struct kmessage *m)
{
    reply->type = MSG_POSTED;
    reply->win = m->win;
    reply->msg = m->msg;
    reply->wparam = m->wparam;
    reply->lparam = m->lparam;
    reply->time = m->time;
    reply->x = reply->y = 0;
    reply->total = 0;
}

/* A posted message for the request (sync lock held), removed with PM_REMOVE. */
static int take_posted(struct kqueue *q, const struct get_message_request *req,
                       struct get_message_reply *reply)
{
    struct kmessage **p, *prev = NULL;

    for (p = &q->posted; *p; prev = *p, p = &(*p)->next) {
        struct kmessage *m = *p;
        if (!in_range(m->msg, req->get_first, req->get_last) || !win_matches(m->win, req->get_win))
            continue;
        fill_reply(reply, m);
        if (req->flags & PM_REMOVE) {
            *p = m->next;
            if (q->posted_tail == m)
                q->posted_tail = prev;
            kfree(m);
            if (!q->posted && !q->quit)
                q->wake_bits &= ~(QS_POSTMESSAGE | QS_ALLPOSTMESSAGE);
        }
        return 1;
    }
    return 0;
}

static int take_quit(struct kqueue *q, const struct get_message_request *req,
                     struct get_message_reply *reply)
{
    if (!q->quit)
        return 0;
    reply->type = MSG_POSTED;
    reply->win = 0;
    reply->msg = WM_QUIT;
    reply->wparam = (lparam_t)(int64_t)q->exit_code;
    reply->lparam = 0;
    reply->time = NtGetTickCount();
    if (req->flags & PM_REMOVE) {
        q->quit = 0;
        if (!q->posted)
            q->wake_bits &= ~(QS_POSTMESSAGE | QS_ALLPOSTMESSAGE);
    }
    return 1;
}

static NTSTATUS req_get_message(struct server_call *call)
{
    const struct get_message_request *req = (const void *)call->req;
    struct get_message_reply *reply = (void *)call->reply;
    unsigned filter = req->flags >> 16;
    struct kqueue *q;
    uint32_t tid;
    int found = 0;

    reply->active_hooks = 0x80000000u;   /* the bitmap is valid: no hooks */
    if (req->get_win && req->get_win != 1 && req->get_win != 0xffffffff &&
        !window_thread(req->get_win, &tid))
        return (NTSTATUS)0xc0010578;     /* ERROR_INVALID_WINDOW_HANDLE */
    if (!(q = queue_of(current_thread()->tid, 1)))
        return STATUS_NO_MEMORY;
    if (!filter)
        filter = QS_ALLINPUT;
    sync_lock_acquire();
    if (filter & QS_POSTMESSAGE) {
        q->changed_bits &= ~(QS_POSTMESSAGE | QS_HOTKEY | QS_TIMER);
        if (req->get_first == 0 && req->get_last == ~0u)
            q->changed_bits &= ~QS_ALLPOSTMESSAGE;
        found = take_posted(q, req, reply) || take_quit(q, req, reply);
    }
    if (filter & QS_INPUT)
        q->changed_bits &= ~QS_INPUT;
    if (filter & QS_PAINT)
        q->changed_bits &= ~QS_PAINT;
    if (!found) {
        q->wake_mask = req->wake_mask;
        q->changed_mask = req->changed_mask;
    }
    sync_lock_release();
    kobject_unref(q);
    return found ? STATUS_SUCCESS : STATUS_PENDING;
}
SERVER_REQ(get_message);

/* No message is ever received from another thread yet, so there is no
 * sender to answer; nor are there hardware messages to accept. */
static NTSTATUS req_reply_message(struct server_call *call)
{
    (void)call;
    return STATUS_SUCCESS;
}
SERVER_REQ(reply_message);

static NTSTATUS req_accept_hardware_message(struct server_call *call)
{
    (void)call;
    return STATUS_SUCCESS;
}
SERVER_REQ(accept_hardware_message);

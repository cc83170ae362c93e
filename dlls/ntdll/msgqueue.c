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
 * A message sent to another thread waits in the receiver's sent list with
 * a result record; the receiver gets it before any posted message, answers
 * it with reply_message, and the sender, woken by QS_SMRESULT, collects the
 * answer with get_message_reply.  Results are answered in order, one stack
 * per receiver (a window procedure may send in turn), one list per sender.
 *
 * Window timers (SetTimer) belong to the queue of the window's thread;
 * one kernel timer per queue, armed for the earliest, sets QS_TIMER when
 * it is due, and get_message hands out a due timer's message and restarts
 * it a period later.
 *
 * WM_PAINT is not queued: QS_PAINT is set while a window of the thread
 * needs painting (winpaint.c keeps the count), and get_message asks
 * winpaint.c for the window, after posted messages and before timers.
 * Hardware input waits in hwinput.c's list; get_message hands it out
 * after posted messages.
 *
 * SendMessageTimeout's deadlines are watched by one kernel timer per
 * sender queue; SendMessageCallback's answer goes back to the sender as a
 * MSG_CALLBACK_RESULT message.
 */
#include "kdisplay.h"
#include "shdesk.h"

#define QS_POSTMESSAGE 0x0008
#define QS_TIMER 0x0010
#define QS_PAINT 0x0020
#define QS_SENDMESSAGE 0x0040
#define QS_HOTKEY 0x0080
#define QS_ALLPOSTMESSAGE 0x0100
#define QS_INPUT 0x0407
#define QS_ALLINPUT 0x04ff
#define QS_SMRESULT 0x8000
#define PM_REMOVE 0x0001
#define WM_QUIT 0x0012
#define WM_PAINT 0x000f

enum { MSG_ASCII, MSG_UNICODE, MSG_NOTIFY, MSG_CALLBACK, MSG_CALLBACK_RESULT,
       MSG_OTHER_PROCESS, MSG_POSTED, MSG_HARDWARE, MSG_WINEVENT, MSG_HOOK_LL };

struct kqueue;

/* The answer to one sent message: owned by the sender's list until the
 * sender collects it, and by the receiver's stack until it replies. */
struct kmessage;
struct kresult {
    struct kresult *send_next;      /* in the sender's send_results or callbacks */
    struct kresult *recv_next;      /* in the receiver's recv_results */
    struct kqueue *sender;          /* NULL once collected (or gone) */
    struct kqueue *receiver;        /* NULL once replied (or gone) */
    int replied;
    NTSTATUS error;
    lparam_t result;
    void *data;
    data_size_t data_size;
    /* SendMessageCallback: the MSG_CALLBACK_RESULT that goes to the
     * sender's sent list with the answer (the sender does not wait) */
    struct kmessage *callback_msg;
    struct kmessage *msg;           /* the message, until the receiver takes it */
    int64_t deadline;               /* SendMessageTimeout: monotonic ns; 0: none */
};

struct kmessage {
    struct kmessage *next;
    int type;                       /* MSG_* */
    user_handle_t win;
    unsigned msg;
    lparam_t wparam, lparam;
    unsigned time;
    void *data;                     /* sent messages: packed parameters */
    data_size_t data_size;
    struct kresult *result;         /* sent messages that want an answer */
};

struct msg_list {
    struct kmessage *head, *tail;
};

struct wtimer {
    struct wtimer *next;
    user_handle_t win;
    unsigned msg;                   /* WM_TIMER or WM_SYSTIMER */
    lparam_t id, lparam;
    unsigned rate;                  /* ms */
    int64_t due;                    /* monotonic ns */
};

struct kqueue {
    struct kobject obj;
    uint32_t tid;
    struct wtimer *timers;          /* sync lock */
    struct kobject *timer;          /* kernel timer for the earliest, or NULL */
    struct kobject *send_timer;     /* kernel timer for the earliest send deadline */
    lparam_t next_timer_id;
    struct kmessage *posted, *posted_tail;
    struct msg_list sent;
    struct kresult *send_results;   /* answers this thread waits for, in order */
    struct kresult *callbacks;      /* answers that come back as callback messages */
    struct kresult *recv_results;   /* messages this thread is answering */
    int64_t last_get_msg;           /* monotonic ns of its last get_message */
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

static void free_message(struct kmessage *m)
{
    kfree(m->data);
    kfree(m);
}

static void free_result_if_done(struct kresult *r)
{
    if (r->sender || r->receiver)
        return;
    if (r->callback_msg)
        free_message(r->callback_msg);
    kfree(r->data);
    kfree(r);
}

static void append(struct msg_list *list, struct kmessage *m);

static void set_bits_locked(struct kqueue *q, unsigned bits);
/* As in Wine: a bit cleared is no longer pending nor changed. */
static void clear_bits_locked(struct kqueue *q, unsigned bits)
{
    q->wake_bits &= ~bits;
    q->changed_bits &= ~bits;
}

/* Answer r (sync lock held): the sender is woken when it is waiting. */
static void store_result(struct kresult *r, lparam_t result, NTSTATUS error)
{
    r->result = result;
    r->error = error;
    r->replied = 1;
    if (r->sender && r->callback_msg) {
        /* the answer goes back as a message that calls the callback */
        struct kmessage *m = r->callback_msg;
        struct kresult **p = &r->sender->callbacks;
        struct callback_msg_data *cb = m->data;
        if (m->data_size >= sizeof(*cb))
            cb->result = result;
        append(&r->sender->sent, m);
        set_bits_locked(r->sender, QS_SENDMESSAGE);
        r->callback_msg = NULL;
        while (*p && *p != r)
            p = &(*p)->send_next;
        if (*p)
            *p = r->send_next;
        r->sender = NULL;
    } else if (r->sender && r->sender->send_results == r) {
        set_bits_locked(r->sender, QS_SMRESULT);
    }
}

/* The queue goes (sync lock held): what it was sent is answered with an
 * error, what it sent is forgotten. */
static void queue_free_messages(struct kqueue *q)
{
    while (q->posted) {
        struct kmessage *m = q->posted;
        q->posted = m->next;
        free_message(m);
    }
    q->posted_tail = NULL;
    while (q->sent.head) {
        struct kmessage *m = q->sent.head;
        q->sent.head = m->next;
        if (m->result) {
            m->result->msg = NULL;
            m->result->receiver = NULL;
            store_result(m->result, 0, STATUS_ACCESS_DENIED);
            free_result_if_done(m->result);
        }
        free_message(m);
    }
    q->sent.tail = NULL;
    while (q->recv_results) {
        struct kresult *r = q->recv_results;
        q->recv_results = r->recv_next;
        r->receiver = NULL;
        if (!r->replied)
            store_result(r, 0, STATUS_ACCESS_DENIED);
        free_result_if_done(r);
    }
    for (int i = 0; i < 2; i++) {
        struct kresult **list = i ? &q->callbacks : &q->send_results;
        while (*list) {
            struct kresult *r = *list;
            *list = r->send_next;
            r->sender = NULL;
            free_result_if_done(r);
        }
    }
    while (q->timers) {
        struct wtimer *t = q->timers;
        q->timers = t->next;
        kfree(t);
    }
    if (q->timer)
        sync_timer_arm_locked(q->timer, INT64_MAX);
}

static void queue_destroy_obj(struct kobject *obj)
{
    struct kqueue *q = (struct kqueue *)obj;

    sync_lock_acquire();
    queue_free_messages(q);
    sync_lock_release();
    kobject_unref(q->timer);
    kobject_unref(q->send_timer);
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
    hwinput_thread_exit(q->tid);
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
    if (u && !u->queue && create && (u->queue = kobject_alloc(&queue_type, sizeof(*q)))) {
        u->queue->tid = tid;
        u->queue->next_timer_id = 0x7fff;
        u->queue->last_get_msg = sync_mono_ns();
    }
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

/* ---- Window timers ---------------------------------------------------------------- */

/* Arm the queue's kernel timer for its earliest window timer still to
 * come (sync lock held); timers already due wait, with QS_TIMER set, until
 * get_message takes them and restarts them. */
static void rearm_locked(struct kqueue *q)
{
    int64_t first = INT64_MAX, now = sync_mono_ns();
    int due = 0;

    for (struct wtimer *t = q->timers; t; t = t->next) {
        if (t->due <= now)
            due = 1;
        else if (t->due < first)
            first = t->due;
    }
    if (due)
        set_bits_locked(q, QS_TIMER);
    if (q->timer)
        sync_timer_arm_locked(q->timer, first);
}

/* The kernel timer is due (timer thread, sync lock held). */
static void timers_due(void *ctx)
{
    rearm_locked(ctx);
}

static struct wtimer **find_timer(struct kqueue *q, user_handle_t win, unsigned msg, lparam_t id)
{
    struct wtimer **p;

    for (p = &q->timers; *p; p = &(*p)->next)
        if ((*p)->win == win && (*p)->msg == msg && (*p)->id == id)
            break;
    return p;
}

/* A due timer for the request (sync lock held), restarted with PM_REMOVE. */
static int win_matches(user_handle_t win, user_handle_t get_win);
static int in_range(unsigned msg, unsigned first, unsigned last);
static int take_timer(struct kqueue *q, const struct get_message_request *req,
                      struct get_message_reply *reply)
{
    int64_t now = sync_mono_ns();
    struct wtimer *t, **p = &q->timers;
    uint32_t tid;

    while ((t = *p)) {
        if (t->win && !window_thread(t->win, &tid)) {
            *p = t->next;           /* its window is gone: so is the timer */
            kfree(t);
            continue;
        }
        if (t->due <= now && in_range(t->msg, req->get_first, req->get_last) &&
            win_matches(t->win, req->get_win))
            break;
        p = &t->next;
    }
    if (!t) {
        clear_bits_locked(q, QS_TIMER);
        return 0;
    }
    reply->type = MSG_POSTED;
    reply->win = t->win;
    reply->msg = t->msg;
    reply->wparam = t->id;
    reply->lparam = t->lparam;
    reply->time = NtGetTickCount();
    reply->x = reply->y = 0;
    if (req->flags & PM_REMOVE) {
        t->due = now + (int64_t)t->rate * 1000000;
        rearm_locked(q);
    }
    return 1;
}

static NTSTATUS req_set_win_timer(struct server_call *call)
{
    const struct set_win_timer_request *req = (const void *)call->req;
    struct set_win_timer_reply *reply = (void *)call->reply;
    uint32_t tid = current_thread()->tid;
    struct wtimer *t, **p;
    struct kqueue *q;
    lparam_t id = req->id;

    if (req->win && !window_thread(req->win, &tid))
        return STATUS_INVALID_HANDLE;
    if (!(q = queue_of(tid, 1)))
        return STATUS_NO_MEMORY;
    if (!q->timer && !(q->timer = sync_timer_create_notify(timers_due, q))) {
        kobject_unref(q);
        return STATUS_NO_MEMORY;
    }
    if (!(t = kzalloc(sizeof(*t)))) {
        kobject_unref(q);
        return STATUS_NO_MEMORY;
    }
    sync_lock_acquire();
    if (!req->win && !(id && *find_timer(q, 0, req->msg, id))) {
        /* a thread timer gets a free id of its own */
        do {
            id = q->next_timer_id;
            if (--q->next_timer_id <= 0x100)
                q->next_timer_id = 0x7fff;
        } while (*find_timer(q, 0, req->msg, id));
    }
    if (*(p = find_timer(q, req->win, req->msg, id))) {
        struct wtimer *old = *p;    /* setting it again replaces it */
        *p = old->next;
        kfree(old);
    }
    t->win = req->win;
    t->msg = req->msg;
    t->id = id;
    t->lparam = req->lparam;
    t->rate = req->rate ? req->rate : 1;
    t->due = sync_mono_ns() + (int64_t)t->rate * 1000000;
    t->next = q->timers;
    q->timers = t;
    rearm_locked(q);
    sync_lock_release();
    kobject_unref(q);
    reply->id = id;
    return STATUS_SUCCESS;
}
SERVER_REQ(set_win_timer);

static NTSTATUS req_kill_win_timer(struct server_call *call)
{
    const struct kill_win_timer_request *req = (const void *)call->req;
    uint32_t tid = current_thread()->tid;
    struct wtimer *t = NULL, **p;
    struct kqueue *q;

    if (req->win && !window_thread(req->win, &tid))
        return STATUS_INVALID_HANDLE;
    if (!(q = queue_of(tid, 0)))
        return STATUS_INVALID_PARAMETER;
    sync_lock_acquire();
    if ((t = *(p = find_timer(q, req->win, req->msg, req->id)))) {
        *p = t->next;
        rearm_locked(q);
    }
    sync_lock_release();
    kobject_unref(q);
    kfree(t);
    return t ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
SERVER_REQ(kill_win_timer);

void queue_set_paint(uint32_t tid, int on)
{
    struct kqueue *q = queue_of(tid, 0);

    if (!q)
        return;
    sync_lock_acquire();
    if (on)
        set_bits_locked(q, QS_PAINT);
    else
        clear_bits_locked(q, QS_PAINT);
    sync_lock_release();
    kobject_unref(q);
}

NTSTATUS queue_ensure_current(void)
{
    struct kqueue *q = queue_of(current_thread()->tid, 1);

    kobject_unref(q);
    return q ? STATUS_SUCCESS : STATUS_NO_MEMORY;
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
    struct kqueue *q;

    paint_flush();
    if (!(q = queue_of(current_thread()->tid, 0)))
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

/* A message as the request describes it, with a copy of its data. */
static struct kmessage *alloc_message(const struct send_message_request *req,
                                      const struct server_call *call)
{
    struct kmessage *m = kzalloc(sizeof(*m));

    if (!m)
        return NULL;
    if (call->data_size && !(m->data = kmalloc(call->data_size))) {
        kfree(m);
        return NULL;
    }
    m->type = req->type;
    m->win = req->win;
    m->msg = req->msg;
    m->wparam = req->wparam;
    m->lparam = req->lparam;
    m->time = NtGetTickCount();
    m->data_size = call->data_size;
    if (call->data_size)
        memcpy(m->data, call->data, call->data_size);
    return m;
}

static void append(struct msg_list *list, struct kmessage *m)
{
    if (list->tail)
        list->tail->next = m;
    else
        list->head = m;
    list->tail = m;
}

static NTSTATUS post_message(uint32_t tid, const struct send_message_request *req,
                             const struct server_call *call)
{
    struct kqueue *q = queue_of(tid, 1);
    struct kmessage *m;

    if (!q)
        return STATUS_INVALID_PARAMETER;
    if (!(m = alloc_message(req, call))) {
        kobject_unref(q);
        return STATUS_NO_MEMORY;
    }
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

void queue_send_winevent(uint32_t tid, user_handle_t win, int event, int object_id, int child_id,
                         const void *data, data_size_t size)
{
    struct send_message_request req = { .type = MSG_WINEVENT, .win = win, .msg = (unsigned)event,
                                        .wparam = (lparam_t)(int64_t)object_id,
                                        .lparam = (lparam_t)(int64_t)child_id };
    struct server_call call = { .data = data, .data_size = size };
    struct kqueue *q = queue_of(tid, 0);
    struct kmessage *m;

    if (!q)
        return;
    if ((m = alloc_message(&req, &call))) {
        sync_lock_acquire();
        append(&q->sent, m);
        set_bits_locked(q, QS_SENDMESSAGE);
        sync_lock_release();
    }
    kobject_unref(q);
}

NTSTATUS queue_post_window_message(user_handle_t win, unsigned msg, lparam_t wparam,
                                   lparam_t lparam)
{
    struct send_message_request req = { .type = MSG_POSTED, .win = win, .msg = msg,
                                        .wparam = wparam, .lparam = lparam };
    struct server_call call = { 0 };
    uint32_t tid;

    if (!window_thread(win, &tid) || !tid)
        return STATUS_INVALID_HANDLE;
    return post_message(tid, &req, &call);
}

/* ---- Hung windows ------------------------------------------------------------------ */

#define SEND_MSG_ABORT_IF_HUNG 0x01
#define HUNG_NS (5 * 1000000000LL)

/* As Windows judges it: no get_message for 5 s, and not waiting for
 * messages now (sync lock held). */
static int queue_hung_locked(const struct kqueue *q)
{
    return sync_mono_ns() - q->last_get_msg > HUNG_NS && !q->obj.waiters;
}

static NTSTATUS req_is_window_hung(struct server_call *call)
{
    const struct is_window_hung_request *req = (const void *)call->req;
    struct is_window_hung_reply *reply = (void *)call->reply;
    struct kqueue *q;
    uint32_t tid;

    if (!window_thread(req->win, &tid) || !tid || !(q = queue_of(tid, 0)))
        return STATUS_SUCCESS;      /* no such window or thread: not hung */
    sync_lock_acquire();
    reply->is_hung = queue_hung_locked(q);
    sync_lock_release();
    kobject_unref(q);
    return STATUS_SUCCESS;
}
SERVER_REQ(is_window_hung);

/* ---- Send timeouts ------------------------------------------------------------------ */

/* Remove m from list (it is there). */
static void unlink_message(struct msg_list *list, struct kmessage *m)
{
    struct kmessage **p = &list->head, *prev = NULL;

    while (*p && *p != m)
        prev = *p, p = &(*p)->next;
    if (!*p)
        return;
    *p = m->next;
    if (list->tail == m)
        list->tail = prev;
}

/* The sender's send timer (sync lock held): the answers whose time is up
 * are STATUS_TIMEOUT, and a message not yet received goes from its
 * receiver's queue; then the timer waits for the next deadline. */
static void sends_due(void *ctx)
{
    struct kqueue *q = ctx;
    int64_t now = sync_mono_ns(), next = INT64_MAX;

    for (struct kresult *r = q->send_results; r; r = r->send_next) {
        if (r->replied || !r->deadline)
            continue;
        if (r->deadline > now) {
            if (r->deadline < next)
                next = r->deadline;
            continue;
        }
        if (r->msg && r->receiver) {
            struct kmessage *m = r->msg;
            unlink_message(&r->receiver->sent, m);
            if (!r->receiver->sent.head)
                clear_bits_locked(r->receiver, QS_SENDMESSAGE);
            free_message(m);
            r->msg = NULL;
            r->receiver = NULL;
        }
        store_result(r, 0, STATUS_TIMEOUT);
    }
    sync_timer_arm_locked(q->send_timer, next);
}

/* The deadline of a send with this timeout (Wine's: negative, relative,
 * in 100 ns; positive, absolute NT time), 0 for none. */
#define TIMEOUT_INFINITE 0x7fffffffffffffffLL
static int64_t send_deadline(timeout_t timeout)
{
    int64_t now = sync_mono_ns();

    if (timeout == TIMEOUT_INFINITE)
        return 0;
    if (timeout > 0)
        timeout = time_now_nt() - timeout;     /* as a relative (negative) one */
    if (timeout > 0)
        timeout = 0;
    return now + (-timeout) * 100 + 1;         /* never 0 */
}

/* SendMessageCallback: the message that will carry the answer back to
 * the sender, with the callback data the request brought (taken from m:
 * the receiver gets the message without it). */
static struct kmessage *callback_message(struct kmessage *m)
{
    struct kmessage *cb = kzalloc(sizeof(*cb));

    if (!cb)
        return NULL;
    cb->type = MSG_CALLBACK_RESULT;
    cb->win = m->win;
    cb->msg = m->msg;
    cb->time = NtGetTickCount();
    cb->data = m->data;
    cb->data_size = m->data_size;
    m->data = NULL;
    m->data_size = 0;
    return cb;
}

/* A message sent to thread tid: in its sent list, with a result record in
 * the sender's list when the sender waits for an answer. */
static NTSTATUS send_to_thread(uint32_t tid, const struct send_message_request *req,
                               const struct server_call *call)
{
    struct kqueue *q = queue_of(tid, 0), *me = NULL;
    struct kmessage *m = NULL;
    struct kresult *r = NULL;
    int want_result = req->type != MSG_NOTIFY;

    if (!q)
        return STATUS_INVALID_PARAMETER;     /* the thread has no queue */
    if (req->flags & SEND_MSG_ABORT_IF_HUNG) {
        int hung;
        sync_lock_acquire();
        hung = queue_hung_locked(q);
        sync_lock_release();
        if (hung) {
            kobject_unref(q);
            return STATUS_TIMEOUT;
        }
    }
    if (!(m = alloc_message(req, call)) ||
        (want_result && (!(r = kzalloc(sizeof(*r))) ||
                         !(me = queue_of(current_thread()->tid, 1))))) {
        if (m)
            free_message(m);
        kfree(r);
        kobject_unref(q);
        return STATUS_NO_MEMORY;
    }
    if (r && req->timeout != TIMEOUT_INFINITE && req->type != MSG_CALLBACK &&
        !me->send_timer && !(me->send_timer = sync_timer_create_notify(sends_due, me))) {
        free_message(m);
        kfree(r);
        kobject_unref(q);
        kobject_unref(me);
        return STATUS_NO_MEMORY;
    }
    if (r && req->type == MSG_CALLBACK && !(r->callback_msg = callback_message(m))) {
        free_message(m);
        kfree(r);
        kobject_unref(q);
        kobject_unref(me);
        return STATUS_NO_MEMORY;
    }
    sync_lock_acquire();
    if (r) {
        /* a callback's answer is not waited for: it has a list of its own */
        struct kresult **p = r->callback_msg ? &me->callbacks : &me->send_results;
        while (*p)
            p = &(*p)->send_next;
        *p = r;
        r->sender = me;
        r->receiver = q;
        r->msg = m;
        m->result = r;
    }
    append(&q->sent, m);
    set_bits_locked(q, QS_SENDMESSAGE);
    if (r && !r->callback_msg && (r->deadline = send_deadline(req->timeout)))
        sends_due(me);          /* arms the timer (or times out at once) */
    sync_lock_release();
    kobject_unref(q);
    kobject_unref(me);
    return STATUS_SUCCESS;
}

/* A message to another process's window (the shared desktop): posted
 * ones go to its process's ring; sent ones are not carried yet. */
static NTSTATUS send_to_process(const struct send_message_request *req)
{
    if (req->type != MSG_POSTED)
        return kernel_not_implemented("server send_message to another process, type", req->type);
    switch (shdesk_post(req->win, req->msg, req->wparam, req->lparam)) {
    case 0: return STATUS_SUCCESS;
    case SHDESK_FULL: return STATUS_NO_MEMORY;
    default: return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS req_send_message(struct server_call *call)
{
    const struct send_message_request *req = (const void *)call->req;
    struct kthread *t;

    /* thread ids are each process's: the window says whose the message is */
    if (req->win && !window_full_handle(req->win) && window_is_foreign(req->win))
        return send_to_process(req);
    if (!(t = thread_ref_tid(req->id)))
        return STATUS_INVALID_PARAMETER;
    kobject_unref(t);
    switch (req->type) {
    case MSG_POSTED:
        return post_message(req->id, req, call);
    case MSG_ASCII:
    case MSG_UNICODE:
    case MSG_NOTIFY:
    case MSG_OTHER_PROCESS:
    case MSG_CALLBACK:
        return send_to_thread(req->id, req, call);
    case MSG_CALLBACK_RESULT:    /* made by the server only */
        return STATUS_INVALID_PARAMETER;
    default:
        /* hardware, WinEvent and low-level hook messages: not yet (docs/gui.md) */
        return kernel_not_implemented("server send_message type", req->type);
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
                clear_bits_locked(q, QS_POSTMESSAGE | QS_ALLPOSTMESSAGE);
        }
        return 1;
    }
    return 0;
}

/* WM_PAINT for the first window of the thread that needs painting. */
static int take_paint(struct kqueue *q, user_handle_t top, const struct get_message_request *req,
                      struct get_message_reply *reply)
{
    user_handle_t win;

    if (req->get_win == 0xffffffff || !(win = paint_find_window(top, q->tid, req->get_win)))
        return 0;       /* (thread messages only: no WM_PAINT) */
    reply->type = MSG_POSTED;
    reply->win = win;
    reply->msg = WM_PAINT;
    reply->wparam = reply->lparam = 0;
    reply->time = NtGetTickCount();
    reply->x = reply->y = 0;
    return 1;
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
            clear_bits_locked(q, QS_POSTMESSAGE | QS_ALLPOSTMESSAGE);
    }
    return 1;
}

/* Hand the first sent message to its receiver (sync lock held); its result
 * goes on the receiver's stack until reply_message. */
static NTSTATUS receive_sent(struct kqueue *q, struct server_call *call,
                             struct get_message_reply *reply)
{
    struct kmessage *m = q->sent.head;

    reply->total = m->data_size;
    if (m->data_size > server_reply_room(call))
        return STATUS_BUFFER_OVERFLOW;    /* win32u asks again with room */
    reply->type = m->type;
    reply->win = m->win;
    reply->msg = m->msg;
    reply->wparam = m->wparam;
    reply->lparam = m->lparam;
    reply->time = m->time;
    reply->x = reply->y = 0;
    server_reply_data(call, m->data, m->data_size);
    if (!(q->sent.head = m->next))
        q->sent.tail = NULL;
    if (m->result) {
        m->result->msg = NULL;
        m->result->recv_next = q->recv_results;
        q->recv_results = m->result;
    }
    free_message(m);
    if (!q->sent.head)
        clear_bits_locked(q, QS_SENDMESSAGE);
    return STATUS_SUCCESS;
}

static NTSTATUS req_get_message(struct server_call *call)
{
    const struct get_message_request *req = (const void *)call->req;
    struct get_message_reply *reply = (void *)call->reply;
    unsigned filter = req->flags >> 16;
    struct kdesktop *d;
    user_handle_t top = 0;
    struct kqueue *q;
    uint32_t tid;
    int found = 0;

    reply->active_hooks = hooks_active(current_thread()->tid);
    if (req->get_win && req->get_win != 1 && req->get_win != 0xffffffff &&
        !window_thread(req->get_win, &tid))
        return (NTSTATUS)0xc0010578;     /* ERROR_INVALID_WINDOW_HANDLE */
    paint_flush();
    if ((d = desktop_current())) {
        top = desktop_windows(d)[0];
        kobject_unref(d);
    }
    if (!(q = queue_of(current_thread()->tid, 1)))
        return STATUS_NO_MEMORY;
    if (!filter)
        filter = QS_ALLINPUT;
    sync_lock_acquire();
    q->last_get_msg = sync_mono_ns();
    if (q->sent.head) {
        NTSTATUS st = receive_sent(q, call, reply);
        sync_lock_release();
        kobject_unref(q);
        return st;
    }
    if (filter & QS_POSTMESSAGE) {
        q->changed_bits &= ~(QS_POSTMESSAGE | QS_HOTKEY | QS_TIMER);
        if (req->get_first == 0 && req->get_last == ~0u)
            q->changed_bits &= ~QS_ALLPOSTMESSAGE;
        found = take_posted(q, req, reply) || take_quit(q, req, reply);
    }
    if (filter & QS_INPUT)
        q->changed_bits &= ~QS_INPUT;
    if (!found && (filter & QS_INPUT))
        found = hwinput_take_locked(q->tid, req, reply, call);
    if (filter & QS_PAINT)
        q->changed_bits &= ~QS_PAINT;
    if (!found && (filter & QS_PAINT) && (q->wake_bits & QS_PAINT) &&
        in_range(WM_PAINT, req->get_first, req->get_last))
        found = take_paint(q, top, req, reply);
    if (!found && (filter & QS_TIMER))
        found = take_timer(q, req, reply);
    if (!found) {
        q->wake_mask = req->wake_mask;
        q->changed_mask = req->changed_mask;
    }
    sync_lock_release();
    kobject_unref(q);
    if (!found)
        shdesk_set_idle();     /* WaitForInputIdle in other processes */
    return found ? STATUS_SUCCESS : STATUS_PENDING;
}
SERVER_REQ(get_message);

/* The answer to the message being handled (the top of the stack). */
static NTSTATUS req_reply_message(struct server_call *call)
{
    const struct reply_message_request *req = (const void *)call->req;
    struct kqueue *q = queue_of(current_thread()->tid, 0);
    void *data = NULL;
    struct kresult *r;

    if (!q)
        return STATUS_ACCESS_DENIED;
    if (call->data_size && !(data = kmalloc(call->data_size))) {
        kobject_unref(q);
        return STATUS_NO_MEMORY;
    }
    if (data)
        memcpy(data, call->data, call->data_size);
    sync_lock_acquire();
    if ((r = q->recv_results)) {
        if (!r->replied) {
            r->data = data;
            r->data_size = call->data_size;
            data = NULL;
            store_result(r, req->result, STATUS_SUCCESS);
        }
        if (req->remove) {
            q->recv_results = r->recv_next;
            r->receiver = NULL;
            free_result_if_done(r);
        }
    }
    sync_lock_release();
    kfree(data);
    kobject_unref(q);
    return STATUS_SUCCESS;
}
SERVER_REQ(reply_message);

/* The sender collects the answer to its oldest sent message (or gives up
 * on it with cancel): STATUS_PENDING while there is none. */
static NTSTATUS req_get_message_reply(struct server_call *call)
{
    const struct get_message_reply_request *req = (const void *)call->req;
    struct get_message_reply_reply *reply = (void *)call->reply;
    struct kqueue *q = queue_of(current_thread()->tid, 0);
    NTSTATUS st = STATUS_PENDING;
    struct kresult *r;

    if (!q)
        return STATUS_ACCESS_DENIED;
    sync_lock_acquire();
    if ((r = q->send_results) && (r->replied || req->cancel)) {
        if (r->replied) {
            reply->result = r->result;
            st = r->error;
            server_reply_data(call, r->data, r->data_size);
        }
        q->send_results = r->send_next;
        r->sender = NULL;
        free_result_if_done(r);
        if (q->send_results && q->send_results->replied)
            set_bits_locked(q, QS_SMRESULT);
        else
            clear_bits_locked(q, QS_SMRESULT);
    }
    sync_lock_release();
    kobject_unref(q);
    return st;
}
SERVER_REQ(get_message_reply);

/* hwinput.c: hardware input for thread tid's queue, if it has one. */
static NTSTATUS change_bits_tid(uint32_t tid, unsigned set, unsigned clear)
{
    struct kqueue *q = queue_of(tid, 0);

    if (!q)
        return STATUS_INVALID_PARAMETER;
    sync_lock_acquire();
    clear_bits_locked(q, clear);
    if (set)
        set_bits_locked(q, set);
    sync_lock_release();
    kobject_unref(q);
    return STATUS_SUCCESS;
}

NTSTATUS queue_set_bits_tid(uint32_t tid, unsigned bits)
{
    return change_bits_tid(tid, bits, 0);
}

NTSTATUS queue_clear_input_bits_tid(uint32_t tid, unsigned bits)
{
    return change_bits_tid(tid, 0, bits);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * clipboard.c - the clipboard of the in-process server: the window
 * station's formats and their data, who has it open and who owns it, its
 * sequence number, viewers and listeners.
 *
 * win32u keeps the data of delayed-rendered and synthesized formats on
 * its side: a format here has data, or none (the owner renders it on
 * request, or win32u converts it from the format named by `from`).  When
 * the clipboard is closed after a change, the text, bitmap and metafile
 * formats that can be made from one another are added as synthesized
 * ones, and CF_LOCALE with the text's locale, as Windows does.  Listeners
 * (AddClipboardFormatListener) get WM_CLIPBOARDUPDATE posted; the first
 * viewer's window is returned for win32u to send WM_DRAWCLIPBOARD.
 *
 * A process has one window station, so one clipboard (clip_lock).  When
 * the window that has it open or owns it goes, or the thread that has it
 * open ends, it is closed or released as then, without notifications.
 */
#include "user.h"

#define CF_TEXT 1
#define CF_BITMAP 2
#define CF_METAFILEPICT 3
#define CF_OEMTEXT 7
#define CF_DIB 8
#define CF_UNICODETEXT 13
#define CF_ENHMETAFILE 14
#define CF_LOCALE 16
#define CF_DIBV5 17
#define CF_MAX 18
#define WM_CLIPBOARDUPDATE 0x031d
#define ERROR_CLIPBOARD_NOT_OPEN 1418
#define WIN32_ERROR(e) ((NTSTATUS)(0xc0010000u | (e)))
#define STATUS_NOT_OPEN WIN32_ERROR(ERROR_CLIPBOARD_NOT_OPEN)

struct clip_format {
    struct clip_format *next;
    unsigned id;
    unsigned from;              /* synthesized: the format it is made from */
    unsigned seqno;             /* the sequence number when it was set */
    data_size_t size;
    void *data;                 /* NULL: rendered on request */
};

static struct clipboard {
    uint32_t open_tid;          /* the thread that has it open, or 0 */
    user_handle_t open_win, owner, viewer;
    unsigned lcid, seqno, open_seqno;
    unsigned rendering;         /* formats being rendered: they do not count as changes */
    struct clip_format *formats, **formats_tail;   /* in the order they were set */
    unsigned format_count, format_map;             /* map: which ids < CF_MAX exist */
    user_handle_t *listeners;
    unsigned listen_count, listen_cap;
} clip = { .formats_tail = &clip.formats };

static struct klock clip_lock = KLOCK_INIT;

static int has_format(unsigned map, unsigned id)
{
    return id < CF_MAX && (map & (1u << id));
}

static struct clip_format *find_format(unsigned id)
{
    for (struct clip_format *f = clip.formats; f; f = f->next)
        if (f->id == id)
            return f;
    return NULL;
}

static struct clip_format *add_format(unsigned id)
{
    struct clip_format *f = kzalloc(sizeof(*f));

    if (!f)
        return NULL;
    f->id = id;
    *clip.formats_tail = f;
    clip.formats_tail = &f->next;
    clip.format_count++;
    if (id < CF_MAX)
        clip.format_map |= 1u << id;
    return f;
}

static void free_formats(void)
{
    while (clip.formats) {
        struct clip_format *f = clip.formats;
        clip.formats = f->next;
        kfree(f->data);
        kfree(f);
    }
    clip.formats_tail = &clip.formats;
    clip.format_count = clip.format_map = 0;
}

/* What can be made from what: the format, then its sources by preference. */
static const unsigned synthesized[][3] = {
    { CF_TEXT, CF_OEMTEXT, CF_UNICODETEXT },
    { CF_OEMTEXT, CF_UNICODETEXT, CF_TEXT },
    { CF_UNICODETEXT, CF_TEXT, CF_OEMTEXT },
    { CF_METAFILEPICT, CF_ENHMETAFILE, 0 },
    { CF_ENHMETAFILE, CF_METAFILEPICT, 0 },
    { CF_BITMAP, CF_DIB, CF_DIBV5 },
    { CF_DIB, CF_BITMAP, CF_DIBV5 },
    { CF_DIBV5, CF_BITMAP, CF_DIB },
};

/* Add the formats win32u can make from the ones set; how many. */
static unsigned synthesize(void)
{
    unsigned map = clip.format_map, added = 0;
    struct clip_format *f;

    if (!has_format(map, CF_LOCALE) &&
        (has_format(map, CF_TEXT) || has_format(map, CF_OEMTEXT) || has_format(map, CF_UNICODETEXT))) {
        unsigned *lcid = kmalloc(sizeof(*lcid));
        if (lcid && (f = add_format(CF_LOCALE))) {
            *lcid = clip.lcid;
            f->data = lcid;
            f->size = sizeof(*lcid);
            f->seqno = clip.seqno++;
        } else {
            kfree(lcid);
        }
    }
    for (unsigned i = 0; i < ARRAY_SIZE(synthesized); i++) {
        unsigned from = 0;
        if (has_format(map, synthesized[i][0]))
            continue;
        for (unsigned k = 1; k < 3 && !from; k++)
            if (synthesized[i][k] && has_format(map, synthesized[i][k]))
                from = synthesized[i][k];
        if (!from || !(f = add_format(synthesized[i][0])))
            continue;
        f->from = from;
        f->seqno = clip.seqno;
        added++;
    }
    return added;
}

/* ---- Notifications -------------------------------------------------------------------- */

/* The listeners to tell of a change (a copy, kfree'd by the caller). */
struct listeners {
    user_handle_t *wins;
    unsigned count;
};

static void take_listeners(struct listeners *out)
{
    out->count = 0;
    if (!clip.listen_count || !(out->wins = kmalloc(clip.listen_count * sizeof(*out->wins))))
        return;
    memcpy(out->wins, clip.listeners, clip.listen_count * sizeof(*out->wins));
    out->count = clip.listen_count;
}

/* After the lock is dropped: WM_CLIPBOARDUPDATE to each. */
static void notify(struct listeners *l)
{
    for (unsigned i = 0; i < l->count; i++)
        queue_post_window_message(l->wins[i], WM_CLIPBOARDUPDATE, 0, 0);
    if (l->count)
        kfree(l->wins);
    l->count = 0;
}

/* Close it (clip_lock held): the viewer to tell if it changed, else 0. */
static user_handle_t close_locked(struct listeners *l)
{
    clip.open_win = 0;
    clip.open_tid = 0;
    if (clip.seqno == clip.open_seqno)
        return 0;
    if (synthesize())
        clip.seqno++;
    take_listeners(l);
    return clip.viewer;
}

/* The owner goes: the formats only it could render go with it. */
static user_handle_t release_locked(struct listeners *l)
{
    struct clip_format **p = &clip.formats, *f;
    int changed = 0;

    clip.owner = 0;
    clip.formats_tail = &clip.formats;
    while ((f = *p)) {
        /* a synthesized one stays while its source does (sources come first) */
        if (f->data || (f->from && has_format(clip.format_map, f->from))) {
            p = &f->next;
            clip.formats_tail = p;
            continue;
        }
        *p = f->next;
        if (f->id < CF_MAX)
            clip.format_map &= ~(1u << f->id);
        clip.format_count--;
        kfree(f);
        changed = 1;
    }
    if (!changed)
        return 0;
    clip.seqno++;
    take_listeners(l);
    return clip.viewer;
}

static int remove_listener(user_handle_t win)
{
    for (unsigned i = 0; i < clip.listen_count; i++) {
        if (clip.listeners[i] != win)
            continue;
        memmove(clip.listeners + i, clip.listeners + i + 1,
                (clip.listen_count - i - 1) * sizeof(*clip.listeners));
        clip.listen_count--;
        return 1;
    }
    return 0;
}

void clipboard_window_gone(user_handle_t win)
{
    struct listeners l = { 0 };

    klock_acquire(&clip_lock);
    remove_listener(win);
    if (clip.viewer == win)
        clip.viewer = 0;
    if (clip.owner == win)
        release_locked(&l);
    if (clip.open_win == win)
        close_locked(&l);
    klock_release(&clip_lock);
    if (l.count)
        kfree(l.wins);      /* (called under user_lock: no messages) */
}

void clipboard_thread_exit(uint32_t tid)
{
    struct listeners l = { 0 };

    klock_acquire(&clip_lock);
    if (clip.open_tid == tid)
        close_locked(&l);
    klock_release(&clip_lock);
    notify(&l);
}

/* ---- Requests -------------------------------------------------------------------------- */

/* The full handle of a window named by a request (0 stays 0). */
static NTSTATUS full_window(user_handle_t h, user_handle_t *full)
{
    *full = 0;
    if (!h)
        return STATUS_SUCCESS;
    return (*full = window_full_handle(h)) ? STATUS_SUCCESS : STATUS_INVALID_HANDLE;
}

static NTSTATUS req_open_clipboard(struct server_call *call)
{
    const struct open_clipboard_request *req = (const void *)call->req;
    struct open_clipboard_reply *reply = (void *)call->reply;
    uint32_t me = current_thread()->tid;
    user_handle_t win;
    NTSTATUS st;

    if ((st = full_window(req->window, &win)))
        return st;
    klock_acquire(&clip_lock);
    if (clip.open_tid && clip.open_win != win) {
        st = STATUS_INVALID_LOCK_SEQUENCE;      /* open elsewhere */
    } else {
        if (!clip.open_tid)
            clip.open_seqno = clip.seqno;
        if (clip.open_tid != me)
            clip.rendering = 0;
        clip.open_win = win;
        clip.open_tid = me;
        reply->owner = clip.owner;
    }
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(open_clipboard);

static NTSTATUS req_close_clipboard(struct server_call *call)
{
    struct close_clipboard_reply *reply = (void *)call->reply;
    struct listeners l = { 0 };
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&clip_lock);
    if (clip.open_tid != current_thread()->tid) {
        st = STATUS_NOT_OPEN;
    } else {
        reply->viewer = close_locked(&l);
        reply->owner = clip.owner;
    }
    klock_release(&clip_lock);
    notify(&l);
    return st;
}
SERVER_REQ(close_clipboard);

static NTSTATUS req_empty_clipboard(struct server_call *call)
{
    NTSTATUS st = STATUS_SUCCESS;

    (void)call;
    klock_acquire(&clip_lock);
    if (clip.open_tid != current_thread()->tid) {
        st = STATUS_NOT_OPEN;
    } else {
        free_formats();
        clip.owner = clip.open_win;
        clip.seqno++;
    }
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(empty_clipboard);

static NTSTATUS req_set_clipboard_data(struct server_call *call)
{
    const struct set_clipboard_data_request *req = (const void *)call->req;
    struct set_clipboard_data_reply *reply = (void *)call->reply;
    void *data = NULL;
    struct clip_format *f;
    NTSTATUS st = STATUS_SUCCESS;

    if (call->data_size) {
        if (!(data = kmalloc(call->data_size)))
            return STATUS_NO_MEMORY;
        memcpy(data, call->data, call->data_size);
    }
    klock_acquire(&clip_lock);
    if (!req->format || !clip.open_tid)
        st = STATUS_NOT_OPEN;
    else if (!(f = find_format(req->format)) && !(f = add_format(req->format)))
        st = STATUS_NO_MEMORY;
    if (!st) {
        kfree(f->data);
        f->data = data;
        data = NULL;
        f->size = call->data_size;
        f->from = 0;
        f->seqno = clip.seqno;
        if (!clip.rendering)
            clip.seqno++;
        if (req->format == CF_TEXT || req->format == CF_OEMTEXT || req->format == CF_UNICODETEXT)
            clip.lcid = req->lcid;
        reply->seqno = f->seqno;
    }
    klock_release(&clip_lock);
    kfree(data);
    return st;
}
SERVER_REQ(set_clipboard_data);

static NTSTATUS clipboard_data_locked(struct server_call *call,
                                      const struct get_clipboard_data_request *req,
                                      struct get_clipboard_data_reply *reply)
{
    struct clip_format *f;
    NTSTATUS st = STATUS_SUCCESS;

    if (clip.open_tid != current_thread()->tid)
        return STATUS_NOT_OPEN;
    if (!(f = find_format(req->format))) {
        st = STATUS_OBJECT_NAME_NOT_FOUND;
        goto done;
    }
    reply->from = f->from;
    reply->total = f->size;
    reply->seqno = f->seqno;
    reply->owner = clip.owner;
    if (!f->data && req->render) {
        /* win32u renders it (from another format or by asking the owner);
         * what it sets meanwhile is no change */
        if (f->from || clip.owner)
            clip.rendering++;
        return STATUS_SUCCESS;
    }
    if (req->cached && req->seqno == f->seqno)
        goto done;      /* win32u's copy is current */
    if (f->size > server_reply_room(call))
        return STATUS_BUFFER_OVERFLOW;
    server_reply_data(call, f->data, f->size);
done:
    if (!req->render && clip.rendering)
        clip.rendering--;
    return st;
}

static NTSTATUS req_get_clipboard_data(struct server_call *call)
{
    NTSTATUS st;

    klock_acquire(&clip_lock);
    st = clipboard_data_locked(call, (const void *)call->req, (void *)call->reply);
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(get_clipboard_data);

static NTSTATUS req_get_clipboard_formats(struct server_call *call)
{
    const struct get_clipboard_formats_request *req = (const void *)call->req;
    struct get_clipboard_formats_reply *reply = (void *)call->reply;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&clip_lock);
    if (req->format) {
        reply->count = find_format(req->format) != NULL;
    } else {
        reply->count = clip.format_count;
        if (clip.format_count * sizeof(unsigned) > server_reply_room(call))
            st = STATUS_BUFFER_TOO_SMALL;
        for (struct clip_format *f = clip.formats; f && !st; f = f->next)
            server_reply_data(call, &f->id, sizeof(f->id));
    }
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(get_clipboard_formats);

static NTSTATUS req_enum_clipboard_formats(struct server_call *call)
{
    const struct enum_clipboard_formats_request *req = (const void *)call->req;
    struct enum_clipboard_formats_reply *reply = (void *)call->reply;
    struct clip_format *f;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&clip_lock);
    if (clip.open_tid != current_thread()->tid) {
        st = STATUS_NOT_OPEN;
    } else {
        f = clip.formats;
        if (req->previous) {
            while (f && f->id != req->previous)
                f = f->next;
            f = f ? f->next : NULL;
        }
        reply->format = f ? f->id : 0;
    }
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(enum_clipboard_formats);

static NTSTATUS req_release_clipboard(struct server_call *call)
{
    const struct release_clipboard_request *req = (const void *)call->req;
    struct release_clipboard_reply *reply = (void *)call->reply;
    struct listeners l = { 0 };
    user_handle_t owner;
    NTSTATUS st;

    if ((st = full_window(req->owner, &owner)) || !owner)
        return st ? st : STATUS_INVALID_HANDLE;
    klock_acquire(&clip_lock);
    if (clip.owner != owner) {
        st = STATUS_INVALID_OWNER;
    } else {
        reply->viewer = release_locked(&l);
        reply->owner = clip.owner;
    }
    klock_release(&clip_lock);
    notify(&l);
    return st;
}
SERVER_REQ(release_clipboard);

static NTSTATUS req_get_clipboard_info(struct server_call *call)
{
    struct get_clipboard_info_reply *reply = (void *)call->reply;

    klock_acquire(&clip_lock);
    reply->window = clip.open_win;
    reply->owner = clip.owner;
    reply->viewer = clip.viewer;
    reply->seqno = clip.seqno;
    klock_release(&clip_lock);
    return STATUS_SUCCESS;
}
SERVER_REQ(get_clipboard_info);

/* SetClipboardViewer / ChangeClipboardChain: STATUS_PENDING when the
 * chain's head is not `previous` (win32u then passes the message on). */
static NTSTATUS req_set_clipboard_viewer(struct server_call *call)
{
    const struct set_clipboard_viewer_request *req = (const void *)call->req;
    struct set_clipboard_viewer_reply *reply = (void *)call->reply;
    user_handle_t viewer, previous;
    NTSTATUS st;

    if ((st = full_window(req->viewer, &viewer)) || (st = full_window(req->previous, &previous)))
        return st;
    klock_acquire(&clip_lock);
    reply->old_viewer = clip.viewer;
    reply->owner = clip.owner;
    if (!previous || clip.viewer == previous)
        clip.viewer = viewer;
    else
        st = STATUS_PENDING;
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(set_clipboard_viewer);

static NTSTATUS req_add_clipboard_listener(struct server_call *call)
{
    const struct add_clipboard_listener_request *req = (const void *)call->req;
    user_handle_t win;
    NTSTATUS st;

    if ((st = full_window(req->window, &win)) || !win)
        return st ? st : STATUS_INVALID_HANDLE;
    klock_acquire(&clip_lock);
    for (unsigned i = 0; i < clip.listen_count && !st; i++)
        if (clip.listeners[i] == win)
            st = STATUS_INVALID_PARAMETER;      /* already listening */
    if (!st && clip.listen_count == clip.listen_cap) {
        unsigned cap = clip.listen_cap ? clip.listen_cap * 2 : 8;
        user_handle_t *more = krealloc(clip.listeners, cap * sizeof(*more));
        if (more) {
            clip.listeners = more;
            clip.listen_cap = cap;
        } else {
            st = STATUS_NO_MEMORY;
        }
    }
    if (!st)
        clip.listeners[clip.listen_count++] = win;
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(add_clipboard_listener);

static NTSTATUS req_remove_clipboard_listener(struct server_call *call)
{
    const struct remove_clipboard_listener_request *req = (const void *)call->req;
    user_handle_t win;
    NTSTATUS st;

    if ((st = full_window(req->window, &win)) || !win)
        return st ? st : STATUS_INVALID_HANDLE;
    klock_acquire(&clip_lock);
    if (!remove_listener(win))
        st = STATUS_INVALID_PARAMETER;
    klock_release(&clip_lock);
    return st;
}
SERVER_REQ(remove_clipboard_listener);

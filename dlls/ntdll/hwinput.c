/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * hwinput.c - hardware input for the in-process server: keyboard and
 * mouse messages queued for the thread that owns the window they go to,
 * the key state and the cursor, as Wine's server keeps them
 * (send_hardware_message, get_message's hardware part,
 * accept_hardware_message, get_key_state, set_key_state, set_cursor,
 * get_window_children_from_point).  kinput.c feeds it the display
 * region's input (docs/gui.md).
 *
 * A keyboard message goes to the foreground thread's focus window (its
 * active window if it has no focus); a mouse message to the foreground
 * thread's capture window, or the top-level window under the cursor.
 * win32u then finds the child under the cursor itself (WM_NCHITTEST and
 * get_window_children_from_point), turns keys into characters
 * (TranslateMessage, with get_key_state) and takes the message off the
 * queue with accept_hardware_message.  Messages wait, in the order they
 * came, in one list under the sync lock, each marked with its thread.
 *
 * A generic modifier (VK_SHIFT, VK_CONTROL, VK_MENU) is queued as its
 * left or right key, as Wine's server does; win32u gives the program the
 * generic one.  Relative mouse moves are taken as they come: user32's
 * SendInput has already applied the acceleration.
 *
 * One key state serves all threads (the state as of the last hardware
 * message accepted) and one async state (as of the last one queued): keep
 * has one desktop and no AttachThreadInput.
 */
#include "kdisplay.h"
#include "rdp/display.h"

/* Wine 8.0's layouts (server/protocol.def) of the requests declared here. */
struct hw_msg_source { unsigned int device, origin; };
struct hardware_msg_data {
    lparam_t info;
    data_size_t size;
    int pad;
    unsigned int hw_id, flags;
    struct hw_msg_source source;
    unsigned char rawinput[24];
};
_Static_assert(sizeof(struct hardware_msg_data) == 56, "hardware_msg_data");

struct send_hardware_message_request {
    struct request_header h;
    user_handle_t win;
    hw_input_t input;
    unsigned int flags;
    char pad_52[4];
};
struct send_hardware_message_reply {
    struct reply_header h;
    int wait, prev_x, prev_y, new_x, new_y;
    char pad_28[4];
};
struct set_key_state_request {
    struct request_header h;
    int async;
};
struct set_cursor_request {
    struct request_header h;
    unsigned int flags;
    user_handle_t handle;
    int show_count, x, y;
    rectangle_t clip;
    unsigned int clip_msg;
    char pad_52[4];
};
struct set_cursor_reply {
    struct reply_header h;
    user_handle_t prev_handle;
    int prev_count, prev_x, prev_y, new_x, new_y;
    rectangle_t new_clip;
    unsigned int last_change;
    char pad_52[4];
};
_Static_assert(sizeof(struct send_hardware_message_request) == 56, "send_hardware_message_request");
_Static_assert(sizeof(struct send_hardware_message_reply) == 32, "send_hardware_message_reply");
_Static_assert(sizeof(struct set_key_state_request) == 16, "set_key_state_request");
_Static_assert(sizeof(struct set_cursor_request) == 56, "set_cursor_request");
_Static_assert(sizeof(struct set_cursor_reply) == 56, "set_cursor_reply");

enum { MSG_HARDWARE = 7 };
#define QS_KEY 0x0001
#define QS_MOUSEMOVE 0x0002
#define QS_MOUSEBUTTON 0x0004
#define QS_INPUT 0x0407
#define PM_REMOVE 0x0001
#define WM_KEYDOWN 0x100
#define WM_KEYUP 0x101
#define WM_SYSKEYDOWN 0x104
#define WM_SYSKEYUP 0x105
#define WM_MOUSEMOVE 0x200
#define WM_LBUTTONDOWN 0x201
#define WM_LBUTTONUP 0x202
#define WM_RBUTTONDOWN 0x204
#define WM_RBUTTONUP 0x205
#define WM_MBUTTONDOWN 0x207
#define WM_MBUTTONUP 0x208
#define WM_MOUSEWHEEL 0x20a
#define WM_XBUTTONDOWN 0x20b
#define WM_XBUTTONUP 0x20c
#define WM_MOUSEHWHEEL 0x20e
#define VK_LBUTTON 0x01
#define VK_RBUTTON 0x02
#define VK_MBUTTON 0x04
#define VK_XBUTTON1 0x05
#define VK_XBUTTON2 0x06
#define VK_SHIFT 0x10
#define VK_CONTROL 0x11
#define VK_MENU 0x12
#define VK_F10 0x79
#define VK_PACKET 0xe7
#define KF_EXTENDED 0x100
#define KF_ALTDOWN 0x2000
#define KF_REPEAT 0x4000
#define KF_UP 0x8000
#define SET_CURSOR_HANDLE 0x01
#define SET_CURSOR_COUNT 0x02
#define SET_CURSOR_POS 0x04
#define SET_CURSOR_CLIP 0x08
#define SET_CURSOR_NOCLIP 0x10

struct hw_message {
    struct hw_message *next;
    uint32_t tid;
    unsigned id;
    user_handle_t win;
    unsigned msg;
    lparam_t wparam, lparam, info;
    int x, y;
    unsigned time;
};

/* Under the sync lock. */
static struct hw_message *hw_head;
static unsigned hw_last_id;
static unsigned char thread_keys[256], async_keys[256];
static int cursor_x, cursor_y, cursor_count;
static user_handle_t cursor_handle;
static rectangle_t cursor_clip;
static unsigned last_input_time;

/* ---- Queueing ------------------------------------------------------------------------------------- */

static int is_mouse_message(unsigned msg)
{
    return msg >= WM_MOUSEMOVE && msg <= WM_MOUSEHWHEEL;
}

static void update_keys(unsigned char *keys, unsigned msg, lparam_t wparam)
{
    unsigned vk = 0;
    int down = 0;

    switch (msg) {
    case WM_LBUTTONDOWN: down = 1; /* fall through */
    case WM_LBUTTONUP: vk = VK_LBUTTON; break;
    case WM_RBUTTONDOWN: down = 1; /* fall through */
    case WM_RBUTTONUP: vk = VK_RBUTTON; break;
    case WM_MBUTTONDOWN: down = 1; /* fall through */
    case WM_MBUTTONUP: vk = VK_MBUTTON; break;
    case WM_XBUTTONDOWN: down = 1; /* fall through */
    case WM_XBUTTONUP: vk = (wparam >> 16) == 2 ? VK_XBUTTON2 : VK_XBUTTON1; break;
    case WM_KEYDOWN: case WM_SYSKEYDOWN: down = 1; /* fall through */
    case WM_KEYUP: case WM_SYSKEYUP: vk = wparam & 0xff; break;
    default: return;
    }
    if (down) {
        if (!(keys[vk] & 0x80))
            keys[vk] ^= 0x01;   /* toggled on each press */
        keys[vk] |= 0x80;
    } else {
        keys[vk] &= (unsigned char)~0x80;
    }
    /* the generic modifier is down while either side is */
    keys[VK_SHIFT] = (keys[VK_SHIFT] & 1) | ((keys[VK_LSHIFT] | keys[VK_RSHIFT]) & 0x80);
    keys[VK_CONTROL] = (keys[VK_CONTROL] & 1) | ((keys[VK_LCONTROL] | keys[VK_RCONTROL]) & 0x80);
    keys[VK_MENU] = (keys[VK_MENU] & 1) | ((keys[VK_LMENU] | keys[VK_RMENU]) & 0x80);
}

/* The window a new message goes to, and its thread (0: nobody takes it). */
static user_handle_t target_window(int mouse, int x, int y, uint32_t *tid)
{
    /* the display's desktop (the input thread has none of its own), else
     * the desktop of the thread that calls SendInput */
    struct kdesktop *d = kdisplay_desktop(), *own = d ? NULL : desktop_current();
    struct user_thread *u;
    user_handle_t win = 0, list[64];
    uint32_t fg;

    *tid = 0;
    if (!d && !(d = own))
        return 0;
    klock_acquire(&user_lock);
    fg = *desktop_foreground(d);
    u = fg ? user_thread_of(fg) : NULL;
    if (!mouse && u)
        win = u->focus ? u->focus : u->active;
    else if (mouse && u && u->capture)
        win = u->capture;
    else if (mouse) {
        /* the top-level window under the cursor: the last before the desktop */
        int n = window_children_from_point_locked(desktop_windows(d)[0], x, y, list, 64);
        for (int i = 0; i < n && i < 64; i++)
            if (window_is_top_level_locked(list[i], NULL))
                win = list[i];
    }
    klock_release(&user_lock);
    kobject_unref(own);
    if (win && (!window_thread(win, tid) || !*tid))
        win = 0;
    return win;
}

/* A thread that stops reading its queue holds at most this many
 * hardware messages; more are dropped (input never grows the kernel
 * without bound). */
#define HW_QUEUE_MAX 1024

/* Queue a message for thread tid; a mouse move right after a mouse move
 * of the same thread replaces it (only the latest position matters). */
static NTSTATUS queue_hw_message(user_handle_t win, uint32_t tid, unsigned msg, lparam_t wparam,
                                 lparam_t lparam, lparam_t info)
{
    struct hw_message *m = kzalloc(sizeof(*m)), **p, *last = NULL;
    unsigned count = 0;

    if (!m)
        return STATUS_NO_MEMORY;
    sync_lock_acquire();
    for (p = &hw_head; *p; p = &(*p)->next)
        if ((*p)->tid == tid)
            last = *p, count++;
    if (msg == WM_MOUSEMOVE && last && last->msg == WM_MOUSEMOVE && !last->next) {
        last->win = win, last->wparam = wparam, last->lparam = lparam, last->info = info;
        last->x = cursor_x, last->y = cursor_y;
        last->time = last_input_time = NtGetTickCount();
        /* a new id: win32u may be handling the old one, whose acceptance
         * must not take this position away */
        last->id = ++hw_last_id ? hw_last_id : ++hw_last_id;
        sync_lock_release();
        kfree(m);
        return STATUS_SUCCESS;
    }
    if (count >= HW_QUEUE_MAX) {
        sync_lock_release();
        kfree(m);
        return STATUS_SUCCESS;      /* dropped, as a full input ring drops */
    }
    m->tid = tid;
    m->id = ++hw_last_id ? hw_last_id : ++hw_last_id;
    m->win = win;
    m->msg = msg;
    m->wparam = wparam;
    m->lparam = lparam;
    m->info = info;
    m->x = cursor_x;
    m->y = cursor_y;
    m->time = last_input_time = NtGetTickCount();
    update_keys(async_keys, msg, wparam);
    *p = m;
    sync_lock_release();
    return queue_set_bits_tid(tid, is_mouse_message(msg) ? (msg == WM_MOUSEMOVE ? QS_MOUSEMOVE : QS_MOUSEBUTTON)
                                                         : QS_KEY);
}

static unsigned mouse_key_flags(void)
{
    static const struct { unsigned char vk; unsigned mk; } map[] = {
        { VK_LBUTTON, 0x01 }, { VK_RBUTTON, 0x02 }, { VK_SHIFT, 0x04 }, { VK_CONTROL, 0x08 },
        { VK_MBUTTON, 0x10 }, { VK_XBUTTON1, 0x20 }, { VK_XBUTTON2, 0x40 },
    };
    unsigned mk = 0;

    for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++)
        if (async_keys[map[i].vk] & 0x80)
            mk |= map[i].mk;
    return mk;
}

/* Sums of untrusted coordinates are made in 64 bits, then clamped to the screen. */
static void move_cursor(int64_t x, int64_t y)
{
    struct display *disp = kdisplay_region();
    int w = disp ? (int)display_width(disp) : 1024, h = disp ? (int)display_height(disp) : 768;

    cursor_x = x < 0 ? 0 : x >= w ? w - 1 : (int)x;
    cursor_y = y < 0 ? 0 : y >= h ? h - 1 : (int)y;
}

NTSTATUS hwinput_mouse(const hw_input_t *in)
{
    static const struct { unsigned flag, msg; } buttons[] = {
        { MOUSEEVENTF_LEFTDOWN, WM_LBUTTONDOWN }, { MOUSEEVENTF_LEFTUP, WM_LBUTTONUP },
        { MOUSEEVENTF_RIGHTDOWN, WM_RBUTTONDOWN }, { MOUSEEVENTF_RIGHTUP, WM_RBUTTONUP },
        { MOUSEEVENTF_MIDDLEDOWN, WM_MBUTTONDOWN }, { MOUSEEVENTF_MIDDLEUP, WM_MBUTTONUP },
        { MOUSEEVENTF_XDOWN, WM_XBUTTONDOWN }, { MOUSEEVENTF_XUP, WM_XBUTTONUP },
        { MOUSEEVENTF_WHEEL, WM_MOUSEWHEEL }, { MOUSEEVENTF_HWHEEL, WM_MOUSEHWHEEL },
    };
    struct display *disp = kdisplay_region();
    unsigned flags = in->mouse.flags;
    NTSTATUS st = STATUS_SUCCESS;
    user_handle_t win;
    uint32_t tid;

    sync_lock_acquire();
    if (flags & MOUSEEVENTF_MOVE) {
        if (flags & MOUSEEVENTF_ABSOLUTE) {
            int w = disp ? (int)display_width(disp) : 1024, h = disp ? (int)display_height(disp) : 768;
            move_cursor((int)(((int64_t)in->mouse.x * w) >> 16), (int)(((int64_t)in->mouse.y * h) >> 16));
        } else {
            move_cursor((int64_t)cursor_x + in->mouse.x, (int64_t)cursor_y + in->mouse.y);
        }
    }
    int x = cursor_x, y = cursor_y;
    sync_lock_release();
    if (!(win = target_window(1, x, y, &tid)))
        return STATUS_SUCCESS;      /* nobody's window: dropped, as over the desktop */
    if (flags & MOUSEEVENTF_MOVE)
        st = queue_hw_message(win, tid, WM_MOUSEMOVE, mouse_key_flags(), 0, in->mouse.info);
    for (unsigned i = 0; !st && i < sizeof(buttons) / sizeof(buttons[0]); i++) {
        if (!(flags & buttons[i].flag))
            continue;
        sync_lock_acquire();
        update_keys(async_keys, buttons[i].msg, (lparam_t)in->mouse.data << 16);
        lparam_t wparam = mouse_key_flags() | ((lparam_t)(in->mouse.data & 0xffff) << 16);
        sync_lock_release();
        st = queue_hw_message(win, tid, buttons[i].msg, wparam, 0, in->mouse.info);
    }
    return st;
}

NTSTATUS hwinput_keyboard(const hw_input_t *in)
{
    unsigned flags = in->kbd.flags, vk = in->kbd.vkey, msg;
    lparam_t lparam;
    user_handle_t win;
    uint32_t tid;
    unsigned kf;

    if (!(win = target_window(0, 0, 0, &tid)))
        return STATUS_SUCCESS;
    /* a generic modifier is one side's, as Wine's server decides it */
    if (vk == VK_SHIFT || vk == VK_LSHIFT || vk == VK_RSHIFT)
        vk = (in->kbd.scan & 0xff) == 0x36 ? VK_RSHIFT : VK_LSHIFT;
    else if (vk == VK_CONTROL || vk == VK_LCONTROL || vk == VK_RCONTROL)
        vk = flags & KEYEVENTF_EXTENDEDKEY ? VK_RCONTROL : VK_LCONTROL;
    else if (vk == VK_MENU || vk == VK_LMENU || vk == VK_RMENU)
        vk = flags & KEYEVENTF_EXTENDEDKEY ? VK_RMENU : VK_LMENU;
    if (flags & KEYEVENTF_UNICODE) {
        /* a character, not a key: VK_PACKET carries it to TranslateMessage */
        return queue_hw_message(win, tid, flags & KEYEVENTF_KEYUP ? WM_KEYUP : WM_KEYDOWN, VK_PACKET,
                                1 | ((lparam_t)in->kbd.scan << 16) | ((flags & KEYEVENTF_KEYUP) ? 0xc0000000u : 0),
                                in->kbd.info);
    }
    sync_lock_acquire();
    kf = (in->kbd.scan & 0xff) | (flags & KEYEVENTF_EXTENDEDKEY ? KF_EXTENDED : 0);
    if (flags & KEYEVENTF_KEYUP)
        kf |= KF_UP | KF_REPEAT;
    else if (async_keys[vk & 0xff] & 0x80)
        kf |= KF_REPEAT;
    int alt = (async_keys[VK_MENU] & 0x80) != 0, ctrl = (async_keys[VK_CONTROL] & 0x80) != 0;
    sync_lock_release();
    if (vk == VK_MENU || vk == VK_LMENU || vk == VK_RMENU)
        alt = !(flags & KEYEVENTF_KEYUP) || alt;
    if (alt && !ctrl)
        kf |= KF_ALTDOWN;
    if ((alt && !ctrl) || vk == VK_F10)
        msg = flags & KEYEVENTF_KEYUP ? WM_SYSKEYUP : WM_SYSKEYDOWN;
    else
        msg = flags & KEYEVENTF_KEYUP ? WM_KEYUP : WM_KEYDOWN;
    lparam = 1 | ((lparam_t)kf << 16);
    return queue_hw_message(win, tid, msg, vk, lparam, in->kbd.info);
}

/* ---- Requests -------------------------------------------------------------------------------------- */

static NTSTATUS req_send_hardware_message(struct server_call *call)
{
    const struct send_hardware_message_request *req = (const void *)call->req;
    struct send_hardware_message_reply *reply = (void *)call->reply;
    NTSTATUS st;

    reply->prev_x = cursor_x;
    reply->prev_y = cursor_y;
    switch (req->input.type) {
    case INPUT_MOUSE: st = hwinput_mouse(&req->input); break;
    case INPUT_KEYBOARD: st = hwinput_keyboard(&req->input); break;
    default: st = kernel_not_implemented("server send_hardware_message type", req->input.type); break;
    }
    reply->new_x = cursor_x;
    reply->new_y = cursor_y;
    sync_lock_acquire();
    server_reply_data(call, async_keys, sizeof(async_keys));
    sync_lock_release();
    return st;
}
SERVER_REQ(send_hardware_message);

/* get_message's hardware part (sync lock held): the first message of the
 * thread after req->hw_id (the one win32u passed over) that the filter
 * lets through; it stays queued until accept_hardware_message. */
int hwinput_take_locked(uint32_t tid, const struct get_message_request *req, struct get_message_reply *reply,
                        struct server_call *call)
{
    struct hardware_msg_data data;
    struct hw_message *m = hw_head;

    if (req->hw_id) {
        struct hw_message *skip = m;
        while (skip && skip->id != req->hw_id)
            skip = skip->next;
        if (skip)
            m = skip->next;
    }
    for (; m; m = m->next) {
        if (m->tid != tid)
            continue;
        /* mouse messages: win32u finds the window and checks the filter */
        if (!is_mouse_message(m->msg) &&
            ((req->get_first || req->get_last != ~0u) && (m->msg < req->get_first || m->msg > req->get_last)))
            continue;
        break;
    }
    if (!m || server_reply_room(call) < sizeof(data))
        return 0;
    memset(&data, 0, sizeof(data));
    data.info = m->info;
    data.size = sizeof(data);
    data.hw_id = m->id;
    reply->type = MSG_HARDWARE;
    reply->win = m->win;
    reply->msg = m->msg;
    reply->wparam = m->wparam;
    reply->lparam = m->lparam;
    reply->x = m->x;
    reply->y = m->y;
    reply->time = m->time;
    reply->total = sizeof(data);
    server_reply_data(call, &data, sizeof(data));
    return 1;
}

static NTSTATUS req_accept_hardware_message(struct server_call *call)
{
    const struct accept_hardware_message_request *req = (const void *)call->req;
    uint32_t tid = current_thread()->tid;
    struct hw_message **p, *m = NULL;
    int left = 0;

    sync_lock_acquire();
    for (p = &hw_head; *p; p = &(*p)->next)
        if ((*p)->id == req->hw_id) {
            m = *p;
            *p = m->next;
            update_keys(thread_keys, m->msg, m->wparam);
            break;
        }
    for (struct hw_message *o = hw_head; o; o = o->next)
        left |= o->tid == tid;
    sync_lock_release();
    kfree(m);
    if (!left)
        queue_clear_input_bits_tid(tid, QS_INPUT);
    return m ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}
SERVER_REQ(accept_hardware_message);

/* The thread going: its hardware messages go (msgqueue.c calls this). */
void hwinput_thread_exit(uint32_t tid)
{
    struct hw_message **p = &hw_head, *gone = NULL;

    sync_lock_acquire();
    while (*p) {
        struct hw_message *m = *p;
        if (m->tid == tid) {
            *p = m->next;
            m->next = gone;
            gone = m;
        } else {
            p = &m->next;
        }
    }
    sync_lock_release();
    while (gone) {
        struct hw_message *m = gone;
        gone = m->next;
        kfree(m);
    }
}

static NTSTATUS req_get_key_state(struct server_call *call)
{
    const struct get_key_state_request *req = (const void *)call->req;
    struct get_key_state_reply *reply = (void *)call->reply;
    unsigned char *keys = req->async ? async_keys : thread_keys;

    sync_lock_acquire();
    if (req->key >= 0) {
        reply->state = keys[req->key & 0xff];
        if (req->async)
            async_keys[req->key & 0xff] &= (unsigned char)~0x40;   /* "pressed since": read once */
    } else {
        server_reply_data(call, keys, 256);
    }
    sync_lock_release();
    return STATUS_SUCCESS;
}
SERVER_REQ(get_key_state);

static NTSTATUS req_set_key_state(struct server_call *call)
{
    const struct set_key_state_request *req = (const void *)call->req;
    data_size_t n = call->data_size < 256 ? call->data_size : 256;

    sync_lock_acquire();
    memcpy(thread_keys, call->data, n);
    if (req->async)
        memcpy(async_keys, call->data, n);
    sync_lock_release();
    return STATUS_SUCCESS;
}
SERVER_REQ(set_key_state);

static NTSTATUS req_set_cursor(struct server_call *call)
{
    const struct set_cursor_request *req = (const void *)call->req;
    struct set_cursor_reply *reply = (void *)call->reply;
    int warped = 0;

    sync_lock_acquire();
    reply->prev_handle = cursor_handle;
    reply->prev_count = cursor_count;
    reply->prev_x = cursor_x;
    reply->prev_y = cursor_y;
    if (req->flags & SET_CURSOR_HANDLE)
        cursor_handle = req->handle;
    if (req->flags & SET_CURSOR_COUNT)
        cursor_count += req->show_count;
    if (req->flags & SET_CURSOR_POS) {
        move_cursor(req->x, req->y);
        warped = 1;
    }
    if (req->flags & SET_CURSOR_CLIP)
        cursor_clip = req->clip;
    if (req->flags & SET_CURSOR_NOCLIP)
        memset(&cursor_clip, 0, sizeof(cursor_clip));
    reply->new_x = cursor_x;
    reply->new_y = cursor_y;
    reply->new_clip = cursor_clip;
    reply->last_change = last_input_time;
    int x = cursor_x, y = cursor_y;
    sync_lock_release();
    if (warped)
        kdisplay_warp(x, y);
    return STATUS_SUCCESS;
}
SERVER_REQ(set_cursor);

static NTSTATUS req_get_last_input_time(struct server_call *call)
{
    struct get_last_input_time_reply *reply = (void *)call->reply;

    reply->time = last_input_time;
    return STATUS_SUCCESS;
}
SERVER_REQ(get_last_input_time);

static NTSTATUS req_get_window_children_from_point(struct server_call *call)
{
    const struct get_window_children_from_point_request *req = (const void *)call->req;
    struct get_window_children_from_point_reply *reply = (void *)call->reply;
    user_handle_t list[256];
    int n;

    klock_acquire(&user_lock);
    n = window_children_from_point_locked(req->parent, req->x, req->y, list, 256);
    klock_release(&user_lock);
    if (n < 0)
        return STATUS_INVALID_HANDLE;
    if (n > 256)
        n = 256;
    reply->count = n;
    if ((data_size_t)n * sizeof(user_handle_t) <= server_reply_room(call))
        server_reply_data(call, list, (data_size_t)n * sizeof(user_handle_t));
    return STATUS_SUCCESS;
}
SERVER_REQ(get_window_children_from_point);

void hwinput_cursor(int *x, int *y)
{
    sync_lock_acquire();
    *x = cursor_x;
    *y = cursor_y;
    sync_lock_release();
}

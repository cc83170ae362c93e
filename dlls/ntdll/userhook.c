/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * userhook.c - window hooks (SetWindowsHookEx) for the in-process server.
 *
 * A hook is a record the server keeps: its type, the thread it watches
 * (0: every thread of the desktop), win32u's procedure pointer (relative
 * to a module when a module name comes with it) and a user handle.  win32u
 * asks start_hook_chain for the first hook of a type that applies to the
 * calling thread, calls it in that thread through a user-mode callback,
 * and walks the chain with get_hook_info (CallNextHookEx).  The active
 * hooks bitmap tells win32u which types it needs to ask about at all.
 *
 * WinEvent hooks (SetWinEventHook) filter on an event range, a thread and
 * their flags; an in-context one is called like the others, in the thread
 * that raises the event; an out-of-context one is sent to its owner as a
 * MSG_WINEVENT message, which win32u turns into the call.
 *
 * Not yet: low-level (WH_KEYBOARD_LL, WH_MOUSE_LL) hooks, which run in the
 * hooking thread (docs/gui.md).
 */
#include "user.h"

#define WH_MINHOOK (-1)
#define WH_MAXHOOK 14
#define WH_KEYBOARD_LL 13
#define WH_MOUSE_LL 14
#define WH_WINEVENT (WH_MAXHOOK + 1)
#define ACTIVE_HOOKS_VALID 0x80000000u
#define WINEVENT_INCONTEXT 0x0004
#define WINEVENT_SKIPOWNTHREAD 0x0001
#define WINEVENT_SKIPOWNPROCESS 0x0002

struct khook {
    struct khook *next;
    user_handle_t handle;
    int id;
    uint32_t tid;                   /* 0: global */
    uint32_t owner;                 /* the thread that set it */
    int event_min, event_max;       /* WinEvent hooks */
    unsigned flags;                 /* WINEVENT_* */
    int foreign;                    /* watches another process: never runs here */
    client_ptr_t proc;
    int unicode;
    WCHAR *module;
    data_size_t module_len;         /* bytes */
};

static struct khook *hooks;         /* user_lock; thread hooks before global ones */

static int applies(const struct khook *h, int id, uint32_t tid)
{
    return h->id == id && (!h->tid || h->tid == tid);
}

/* Does the WinEvent hook h want this event raised by thread tid?  (Every
 * thread here is of the hook's own process.) */
static int wants_event(const struct khook *h, int event, uint32_t tid)
{
    return event >= h->event_min && event <= h->event_max && !h->foreign &&
           !(h->flags & WINEVENT_SKIPOWNPROCESS) &&
           !((h->flags & WINEVENT_SKIPOWNTHREAD) && h->owner == tid);
}

/* Which hook types apply to thread tid (user_lock held). */
static unsigned active_bits(uint32_t tid)
{
    unsigned bits = ACTIVE_HOOKS_VALID;

    for (struct khook *h = hooks; h; h = h->next)
        if (!h->tid || h->tid == tid)
            bits |= 1u << (h->id - WH_MINHOOK);
    return bits;
}

unsigned hooks_active(uint32_t tid)
{
    unsigned bits;

    klock_acquire(&user_lock);
    bits = active_bits(tid);
    klock_release(&user_lock);
    return bits;
}

static NTSTATUS req_set_hook(struct server_call *call)
{
    const struct set_hook_request *req = (const void *)call->req;
    struct set_hook_reply *reply = (void *)call->reply;
    uint32_t me = current_thread()->tid;
    struct khook *h, **p;

    if (!req->proc || req->id < WH_MINHOOK || req->id > WH_WINEVENT ||
        req->id == WH_KEYBOARD_LL || req->id == WH_MOUSE_LL) {
        if (req->id == WH_KEYBOARD_LL || req->id == WH_MOUSE_LL)
            return kernel_not_implemented("low-level hook", req->id);   /* run in the hooking thread: not yet */
        return STATUS_INVALID_PARAMETER;
    }
    /* a global in-context hook needs the module to load its procedure from */
    if (req->id == WH_WINEVENT && !req->tid && (req->flags & WINEVENT_INCONTEXT) &&
        !call->data_size)
        return STATUS_INVALID_PARAMETER;
    if (req->tid && req->tid != me) {
        struct kthread *t = thread_ref_tid(req->tid);
        if (!t)
            return STATUS_INVALID_PARAMETER;
        kobject_unref(t);
    }
    if (!(h = kzalloc(sizeof(*h))) ||
        (call->data_size && !(h->module = kmalloc(call->data_size)))) {
        kfree(h);
        return STATUS_NO_MEMORY;
    }
    h->id = req->id;
    h->tid = req->tid;
    h->owner = me;
    h->event_min = req->event_min;
    h->event_max = req->event_max;
    h->flags = req->flags;
    h->foreign = req->pid && req->pid != (process_id_t)(uintptr_t)current_teb()->ClientId.UniqueProcess;
    h->proc = req->proc;
    h->unicode = req->unicode;
    h->module_len = call->data_size & ~1u;
    if (h->module_len)
        memcpy(h->module, call->data, h->module_len);
    klock_acquire(&user_lock);
    if (!(h->handle = user_handle_alloc_locked())) {
        klock_release(&user_lock);
        kfree(h->module);
        kfree(h);
        return STATUS_NO_MEMORY;
    }
    /* the newest hook is called first; thread hooks before global ones */
    for (p = &hooks; *p && h->tid == 0 && (*p)->tid != 0; p = &(*p)->next)
        ;
    h->next = *p;
    *p = h;
    reply->handle = h->handle;
    reply->active_hooks = active_bits(me);
    klock_release(&user_lock);
    return STATUS_SUCCESS;
}
SERVER_REQ(set_hook);

static NTSTATUS req_remove_hook(struct server_call *call)
{
    const struct remove_hook_request *req = (const void *)call->req;
    struct remove_hook_reply *reply = (void *)call->reply;
    struct khook **p, *h = NULL;

    klock_acquire(&user_lock);
    for (p = &hooks; *p; p = &(*p)->next) {
        if (req->handle ? (*p)->handle == req->handle
                        : ((*p)->proc == req->proc && (*p)->id == req->id &&
                           (*p)->tid == current_thread()->tid)) {
            h = *p;
            *p = h->next;
            user_handle_free_locked(h->handle);
            break;
        }
    }
    reply->active_hooks = active_bits(current_thread()->tid);
    klock_release(&user_lock);
    if (!h)
        return (NTSTATUS)0xc0010000u | 1404;    /* ERROR_INVALID_HOOK_HANDLE */
    kfree(h->module);
    kfree(h);
    return STATUS_SUCCESS;
}
SERVER_REQ(remove_hook);

/* Out-of-context WinEvent hooks met on the way, sent once the lock is
 * dropped. */
struct winevent_posts {
    unsigned count;
    struct {
        uint32_t owner;
        user_handle_t hook;
        client_ptr_t proc;
        WCHAR module[130];
        data_size_t module_len;
    } to[8];
};

/* The first hook of type id after `after` (NULL: from the start) that
 * applies to the calling thread (user_lock held); WinEvent hooks also by
 * event, the out-of-context ones noted in posts and passed over. */
static struct khook *next_hook(struct khook *after, int id, int event,
                               struct winevent_posts *posts)
{
    uint32_t me = current_thread()->tid;

    for (struct khook *h = after ? after->next : hooks; h; h = h->next) {
        if (!applies(h, id, me))
            continue;
        if (id != WH_WINEVENT)
            return h;
        if (!wants_event(h, event, me))
            continue;
        if (h->flags & WINEVENT_INCONTEXT)
            return h;
        if (posts->count < ARRAY_SIZE(posts->to)) {
            typeof(posts->to[0]) *t = &posts->to[posts->count++];
            t->owner = h->owner;
            t->hook = h->handle;
            t->proc = h->proc;
            t->module_len = h->module_len < sizeof(t->module) ? h->module_len : sizeof(t->module);
            memcpy(t->module, h->module, t->module_len);
        }
    }
    return NULL;
}

/* Send the noted out-of-context WinEvent calls (no lock held). */
static void send_winevents(const struct winevent_posts *posts, const struct start_hook_chain_request *ev)
{
    for (unsigned i = 0; i < posts->count; i++) {
        struct {
            struct winevent_msg_data d;
            WCHAR module[130];
        } data;
        data.d.hook = posts->to[i].hook;
        data.d.tid = current_thread()->tid;
        data.d.hook_proc = posts->to[i].proc;
        memcpy(data.module, posts->to[i].module, posts->to[i].module_len);
        queue_send_winevent(posts->to[i].owner, ev->window, ev->event, ev->object_id,
                            ev->child_id, &data, sizeof(data.d) + posts->to[i].module_len);
    }
}

static NTSTATUS req_start_hook_chain(struct server_call *call)
{
    const struct start_hook_chain_request *req = (const void *)call->req;
    struct start_hook_chain_reply *reply = (void *)call->reply;
    struct winevent_posts posts = { 0 };
    struct khook *h;

    if (req->id < WH_MINHOOK || req->id > WH_WINEVENT)
        return STATUS_INVALID_PARAMETER;
    klock_acquire(&user_lock);
    reply->active_hooks = active_bits(current_thread()->tid);
    if ((h = next_hook(NULL, req->id, req->event, &posts))) {
        reply->handle = h->handle;
        reply->proc = h->proc;
        reply->unicode = h->unicode;
        server_reply_data(call, h->module, h->module_len);
    }
    klock_release(&user_lock);
    send_winevents(&posts, req);
    return STATUS_SUCCESS;    /* no hook: handle and proc 0 */
}
SERVER_REQ(start_hook_chain);

/* Nothing to release: a hook removed while its chain runs is gone at once
 * (the chain goes on from the handle win32u holds, which no longer matches). */
static NTSTATUS req_finish_hook_chain(struct server_call *call)
{
    const struct finish_hook_chain_request *req = (const void *)call->req;
    return req->id < WH_MINHOOK || req->id > WH_WINEVENT ? STATUS_INVALID_PARAMETER
                                                          : STATUS_SUCCESS;
}
SERVER_REQ(finish_hook_chain);

static NTSTATUS req_get_hook_info(struct server_call *call)
{
    const struct get_hook_info_request *req = (const void *)call->req;
    struct get_hook_info_reply *reply = (void *)call->reply;
    struct winevent_posts posts = { 0 };
    struct khook *h;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    for (h = hooks; h; h = h->next)
        if (h->handle == req->handle)
            break;
    if (!h)
        st = (NTSTATUS)0xc0010000u | 1404;      /* ERROR_INVALID_HOOK_HANDLE */
    else if (req->get_next)
        h = next_hook(h, h->id, req->event, &posts);
    if (!st && h) {
        reply->handle = h->handle;
        reply->id = h->id;
        reply->proc = h->proc;
        reply->unicode = h->unicode;
        server_reply_data(call, h->module, h->module_len);
    }
    klock_release(&user_lock);
    if (posts.count) {
        struct start_hook_chain_request ev = { .id = WH_WINEVENT, .event = req->event,
                                               .window = req->window,
                                               .object_id = req->object_id,
                                               .child_id = req->child_id };
        send_winevents(&posts, &ev);
    }
    return st;
}
SERVER_REQ(get_hook_info);

void hooks_thread_exit(uint32_t tid)
{
    struct khook **p = &hooks, *dead = NULL;

    klock_acquire(&user_lock);
    while (*p) {
        struct khook *h = *p;
        if (h->tid == tid || h->owner == tid) {
            *p = h->next;
            user_handle_free_locked(h->handle);
            h->next = dead;
            dead = h;
        } else {
            p = &h->next;
        }
    }
    klock_release(&user_lock);
    while (dead) {
        struct khook *h = dead;
        dead = h->next;
        kfree(h->module);
        kfree(h);
    }
}

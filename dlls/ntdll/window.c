/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * window.c - windows for the in-process server: user handles, the window
 * tree (parent, owner, Z-ordered children), geometry, text, extra bytes
 * and properties.
 *
 * User handles follow Wine's scheme, which win32u.so decodes itself to
 * index its own table: the low word is 0x20 + 2 * index, the high word a
 * generation that changes when the slot is reused; a handle with a high
 * word of 0 or 0xffff matches any generation.  With a shared desktop
 * (shdesk.h) a process allocates indexes from its slot's range only, so
 * handles are unique across the instance's processes; a handle of another
 * process's top-level window is answered from the shared table.
 *
 * Painting, regions and hardware input are not kept yet: a window's
 * visible region is its rectangle (see docs/gui.md).
 */
#include "window.h"
#include "regstore.h"
#include "shdesk.h"

#define FIRST_USER_HANDLE 0x0020

/* A slot holds a window, or (used, no window) a handle win32u allocated
 * for its own objects: menus, icons, cursors (alloc_user_handle). */
struct handle_slot {
    struct kwindow *win;
    uint16_t generation;
    uint8_t used;
};

static struct handle_slot *slots;
static unsigned nb_slots, slots_cap;
/* this process's range of indexes (the first, how many), set with the
 * first handle; and where generations start */
static unsigned handle_first, handle_count;
static uint16_t handle_gen_seed;

#define ERROR_INVALID_INDEX 1413
#define ERROR_ACCESS_DENIED 5

/* ---- Handles ------------------------------------------------------------------ */

/* The local slot index of h, or nb_slots if it is not one of ours. */
static unsigned local_index(user_handle_t h)
{
    unsigned index = ((h & 0xffff) - FIRST_USER_HANDLE) >> 1;

    if ((h & 0xffff) < FIRST_USER_HANDLE || (h & 1) || index < handle_first ||
        index - handle_first >= nb_slots)
        return nb_slots;
    return index - handle_first;
}

struct kwindow *get_window(user_handle_t h)
{
    unsigned index = local_index(h);
    unsigned gen = h >> 16;

    if (index >= nb_slots || !slots[index].win)
        return NULL;
    if (gen && gen != 0xffff && gen != slots[index].generation)
        return NULL;
    return slots[index].win;
}

static user_handle_t alloc_handle(struct kwindow *win)
{
    unsigned index;

    if (!handle_count)
        shdesk_handle_range(&handle_first, &handle_count, &handle_gen_seed);
    for (index = 0; index < nb_slots; index++)
        if (!slots[index].used)
            break;
    if (index == nb_slots) {
        if (nb_slots == handle_count)
            return 0;
        if (nb_slots == slots_cap) {
            unsigned cap = slots_cap ? slots_cap * 2 : 64;
            struct handle_slot *more = krealloc(slots, cap * sizeof(*more));
            if (!more)
                return 0;
            memset(more + slots_cap, 0, (cap - slots_cap) * sizeof(*more));
            for (unsigned i = slots_cap; i < cap; i++)
                more[i].generation = handle_gen_seed;
            slots = more;
            slots_cap = cap;
        }
        nb_slots++;
    }
    if (++slots[index].generation >= 0xffff)
        slots[index].generation = 1;
    slots[index].win = win;
    slots[index].used = 1;
    return ((uint32_t)slots[index].generation << 16) |
           (FIRST_USER_HANDLE + 2 * (handle_first + index));
}

static void free_handle(user_handle_t h)
{
    unsigned index = local_index(h);
    if (index < nb_slots) {
        slots[index].win = NULL;
        slots[index].used = 0;
    }
}

/* Is h a live handle of any kind (generation checked as in get_window)? */
static int handle_live(user_handle_t h)
{
    unsigned index = local_index(h);
    unsigned gen = h >> 16;

    if (index >= nb_slots || !slots[index].used)
        return 0;
    return !gen || gen == 0xffff || gen == slots[index].generation;
}

user_handle_t user_handle_alloc_locked(void)
{
    return alloc_handle(NULL);
}

void user_handle_free_locked(user_handle_t h)
{
    if (handle_live(h) && !get_window(h))
        free_handle(h);
}

static NTSTATUS req_alloc_user_handle(struct server_call *call)
{
    struct alloc_user_handle_reply *reply = (void *)call->reply;

    klock_acquire(&user_lock);
    reply->handle = alloc_handle(NULL);
    klock_release(&user_lock);
    return reply->handle ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}
SERVER_REQ(alloc_user_handle);

static NTSTATUS req_free_user_handle(struct server_call *call)
{
    const struct free_user_handle_request *req = (const void *)call->req;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    if (!handle_live(req->handle) || get_window(req->handle))
        st = STATUS_INVALID_HANDLE;     /* windows go with destroy_window */
    else
        free_handle(req->handle);
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(free_user_handle);

/* ---- The shared desktop (shdesk.h) ------------------------------------------------ */

NTSTATUS NTAPI NtQueryInformationAtom(RTL_ATOM atom, ATOM_INFORMATION_CLASS cls, void *info,
                                      ULONG len, ULONG *ret_len);
static int is_top_level(const struct kwindow *w);

static size_t copy_chars(uint16_t *dst, size_t max, const WCHAR *src, size_t len)
{
    if (len > max - 1)
        len = max - 1;
    memcpy(dst, src, len * sizeof(WCHAR));
    dst[len] = 0;
    return len;
}

/* List w for the other processes while it is one of our threads'
 * top-level windows; take it off the list when it stops being one. */
static void window_share(struct kwindow *w)
{
    char buf[sizeof(ATOM_BASIC_INFORMATION) + 256 * sizeof(WCHAR)];
    ATOM_BASIC_INFORMATION *abi = (void *)buf;
    struct shdesk_window e = { 0 };

    if (!w->tid || !is_top_level(w)) {
        if (w->shared)
            shdesk_unpublish(w->handle);
        w->shared = 0;
        return;
    }
    e.handle = w->handle;
    e.tid = w->tid;
    e.style = w->style;
    /* a top-level window's parent is the desktop: its rectangles are screen ones */
    memcpy(e.window, &w->window_rect, sizeof(e.window));
    memcpy(e.client, &w->client_rect, sizeof(e.client));
    /* class names cross processes as strings: atoms are each process's */
    if (!NtQueryInformationAtom(class_atom(w->class), AtomBasicInformation, buf,
                                sizeof(buf) - sizeof(WCHAR), NULL))
        copy_chars(e.cls, SHDESK_CLASS_CHARS, abi->Name, abi->NameLength / sizeof(WCHAR));
    copy_chars(e.text, SHDESK_TEXT_CHARS, w->text, w->text_len);
    shdesk_publish(&e);
    w->shared = 1;
}

static size_t shared_len(const uint16_t *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

/* Our atom for another process's window's class (made if missing). */
static atom_t foreign_atom(const struct shdesk_window *e)
{
    size_t n = shared_len(e->cls, SHDESK_CLASS_CHARS);
    RTL_ATOM a = 0;

    if (!n || NtAddAtom((const WCHAR *)e->cls, (ULONG)(n * sizeof(WCHAR)), &a))
        return 0;
    return a;
}

atom_t window_foreign_class_atom(user_handle_t h)
{
    struct shdesk_window e;

    return shdesk_window_get(h, &e) ? foreign_atom(&e) : 0;
}

int window_is_foreign(user_handle_t h)
{
    struct shdesk_window e;

    return shdesk_window_get(h, &e);
}

/* Our desktop window (what other processes' top-level windows are
 * children of, as seen from here), 0 if none yet. */
static user_handle_t own_desktop_window(void)
{
    struct kdesktop *d = desktop_current();
    user_handle_t h = d ? desktop_windows(d)[0] : 0;

    kobject_unref(d);
    return h;
}

/* ---- The tree ------------------------------------------------------------------- */

void unlink_window(struct kwindow *w)
{
    struct kwindow *p = w->parent;

    if (!p)
        return;
    if (w->prev)
        w->prev->next = w->next;
    else if (p->first_child == w)
        p->first_child = w->next;
    if (w->next)
        w->next->prev = w->prev;
    else if (p->last_child == w)
        p->last_child = w->prev;
    w->prev = w->next = NULL;
}

void link_window(struct kwindow *w, struct kwindow *after, int where)
{
    struct kwindow *p = w->parent;

    unlink_window(w);
    if (!p)
        return;
    if (after) {
        w->prev = after;
        w->next = after->next;
        if (after->next)
            after->next->prev = w;
        else
            p->last_child = w;
        after->next = w;
        return;
    }
    if (where == LINK_TOP) {
        w->next = p->first_child;
        if (p->first_child)
            p->first_child->prev = w;
        else
            p->last_child = w;
        p->first_child = w;
    } else {
        w->prev = p->last_child;
        if (p->last_child)
            p->last_child->next = w;
        else
            p->first_child = w;
        p->last_child = w;
    }
}

static struct kwindow *create_window(struct kdesktop *d, struct kwindow *parent,
                                     user_handle_t owner, atom_t atom, mod_handle_t instance,
                                     uint32_t tid, NTSTATUS *status)
{
    struct kwindow *w;
    int extra = 0;
    client_ptr_t class_ptr = 0;
    struct kclass *c = class_grab(atom, instance, &extra, &class_ptr);

    *status = STATUS_INVALID_HANDLE;   /* no such class, as Wine answers */
    if (!c)
        return NULL;
    *status = STATUS_NO_MEMORY;
    if (!(w = kzalloc(sizeof(*w))) || (extra && !(w->extra = kzalloc(extra))) ||
        !(w->handle = alloc_handle(w))) {
        if (w)
            kfree(w->extra);
        kfree(w);
        class_release(c);
        return NULL;
    }
    w->parent = parent;
    w->owner = owner;
    w->tid = tid;
    w->desktop = kobject_ref(d);
    w->class = c;
    w->atom = atom;
    w->class_ptr = class_ptr;
    w->nb_extra = extra;
    w->is_unicode = 1;
    w->awareness = DPI_AWARENESS_PER_MONITOR_AWARE;
    w->last_active = w->handle;
    if (parent)
        link_window(w, NULL, LINK_BOTTOM);   /* win32u moves it with set_window_pos */
    *status = STATUS_SUCCESS;
    return w;
}

static void free_window(struct kwindow *w)
{
    if (w->shared)
        shdesk_unpublish(w->handle);
    paint_forget(w);
    clipboard_window_gone(w->handle);
    unlink_window(w);
    free_handle(w->handle);
    class_release(w->class);
    kobject_unref(w->desktop);
    kfree(w->text);
    kfree(w->extra);
    kfree(w->props);
    region_free(w->win_region);
    kfree(w);
}

/* Destroy w and its children (user_lock held). */
static void destroy_subtree(struct kwindow *w)
{
    while (w->first_child)
        destroy_subtree(w->first_child);
    /* owned windows lose their owner */
    for (unsigned i = 0; i < nb_slots; i++)
        if (slots[i].win && slots[i].win->owner == w->handle)
            slots[i].win->owner = 0;
    free_window(w);
}

static void destroy_tree(struct kwindow *w)
{
    paint_window_destroyed(w);
    destroy_subtree(w);
}

user_handle_t window_create_detached(struct kdesktop *d, atom_t atom, user_handle_t parent)
{
    NTSTATUS st;
    struct kwindow *w = create_window(d, get_window(parent), 0, atom, 0, 0, &st);
    return w ? w->handle : 0;
}

user_handle_t window_full_handle(user_handle_t h)
{
    struct kwindow *w;
    user_handle_t full;

    klock_acquire(&user_lock);
    full = (w = get_window(h)) ? w->handle : 0;
    klock_release(&user_lock);
    return full;
}

int window_thread(user_handle_t h, uint32_t *tid)
{
    struct kwindow *w;

    klock_acquire(&user_lock);
    w = get_window(h);
    *tid = w ? w->tid : 0;
    klock_release(&user_lock);
    return w != NULL;
}

int window_top_level_locked(user_handle_t h, uint32_t *tid)
{
    struct kwindow *w = get_window(h);

    if (!w || !w->parent || w->parent->parent)
        return 0;
    *tid = w->tid;
    return 1;
}

void window_destroy_thread_windows(uint32_t tid)
{
    klock_acquire(&user_lock);
    for (unsigned i = 0; i < nb_slots; i++) {
        struct kwindow *w = slots[i].win;
        /* the top of each of the thread's subtrees */
        if (w && w->tid == tid && (!w->parent || w->parent->tid != tid))
            destroy_tree(w);
    }
    klock_release(&user_lock);
    paint_flush();
}

struct kclass *window_class_of(user_handle_t h)
{
    struct kwindow *w = get_window(h);
    return w ? w->class : NULL;
}

/* ---- The desktop window ------------------------------------------------------------ */

static const WCHAR display_guid[] = u"{4b454550-0000-0000-0000-000000000001}";

/* The desktop window: the property win32u reads to find the display driver
 * (set by explorer.exe in Wine; keep has no explorer) and the registry key
 * it names, with the driver HKCU\Software\Wine\Drivers "Graphics" asks for. */
static void desktop_window_setup(struct kwindow *w);

static NTSTATUS req_get_desktop_window(struct server_call *call)
{
    const struct get_desktop_window_request *req = (const void *)call->req;
    struct get_desktop_window_reply *reply = (void *)call->reply;
    struct kdesktop *d = desktop_current();
    user_handle_t *wins;
    static const WCHAR message[] = u"Message";
    RTL_ATOM msg_atom = 0;
    NTSTATUS st;

    (void)req;   /* keep has no explorer to wait for: always create */
    if (!d)
        return STATUS_ACCESS_DENIED;
    wins = desktop_windows(d);
    klock_acquire(&user_lock);
    if (!wins[0]) {
        struct kwindow *w = create_window(d, NULL, 0, DESKTOP_ATOM, 0, 0, &st);
        if (w) {
            w->style = WS_POPUP | WS_VISIBLE | WS_CLIPSIBLINGS | WS_CLIPCHILDREN;
            w->window_rect = w->client_rect = w->visible_rect = w->surface_rect =
                (rectangle_t){ 0, 0, 1024, 768 };
            wins[0] = w->handle;
        }
    }
    if (!wins[1] && !NtAddAtom(message, sizeof(message) - sizeof(WCHAR), &msg_atom)) {
        struct kwindow *w = create_window(d, NULL, 0, msg_atom, 0, 0, &st);
        if (w) {
            w->style = WS_POPUP | WS_CLIPSIBLINGS | WS_CLIPCHILDREN;
            wins[1] = w->handle;
        }
    }
    reply->top_window = wins[0];
    reply->msg_window = wins[1];
    struct kwindow *top = get_window(wins[0]);
    if (top && !top->nb_props)
        desktop_window_setup(top);
    klock_release(&user_lock);
    kobject_unref(d);
    return STATUS_SUCCESS;
}
SERVER_REQ(get_desktop_window);

/* ---- Creation and destruction -------------------------------------------------------- */

static NTSTATUS req_create_window(struct server_call *call)
{
    const struct create_window_request *req = (const void *)call->req;
    struct create_window_reply *reply = (void *)call->reply;
    struct kdesktop *d = desktop_current();
    struct kwindow *parent = NULL, *owner = NULL, *w;
    user_handle_t *wins;
    atom_t atom = req->atom;
    NTSTATUS st = STATUS_SUCCESS;

    if (!d)
        return STATUS_ACCESS_DENIED;
    if ((st = queue_ensure_current())) {
        kobject_unref(d);
        return st;
    }
    if (call->data_size) {
        UNICODE_STRING s = server_data_string(call);
        RTL_ATOM a = 0;
        if (NtFindAtom(s.Buffer, s.Length, &a)) {
            kobject_unref(d);
            return STATUS_INVALID_HANDLE;
        }
        atom = a;
    }
    wins = desktop_windows(d);
    klock_acquire(&user_lock);
    if (req->parent && !(parent = get_window(req->parent)))
        st = STATUS_BAD_WINDOW;
    else if (req->owner && !(owner = get_window(req->owner)))
        st = STATUS_BAD_WINDOW;
    else if (!parent && !(parent = get_window(wins[0])) && atom != DESKTOP_ATOM)
        st = STATUS_ACCESS_DENIED;     /* the desktop window comes first */
    if (!st) {
        /* an owner is always a top-level window */
        while (owner && owner->parent && owner->parent != get_window(wins[0]))
            owner = owner->parent;
        w = create_window(d, parent, owner ? owner->handle : 0, atom, req->instance,
                          current_thread()->tid, &st);
        if (w) {
            w->style = req->style;
            w->ex_style = req->ex_style;
            w->dpi = req->dpi;
            w->awareness = req->awareness;
            window_share(w);
            reply->handle = w->handle;
            reply->parent = parent ? parent->handle : 0;
            reply->owner = w->owner;
            reply->extra = w->nb_extra;
            reply->class_ptr = w->class_ptr;
            reply->dpi = w->dpi;
            reply->awareness = w->awareness;
        }
    }
    klock_release(&user_lock);
    kobject_unref(d);
    return st;
}
SERVER_REQ(create_window);

static NTSTATUS req_destroy_window(struct server_call *call)
{
    const struct destroy_window_request *req = (const void *)call->req;
    struct kwindow *w;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    if (!(w = get_window(req->handle)))
        st = STATUS_BAD_WINDOW;
    else if (!w->parent || w->tid != current_thread()->tid)
        st = WIN32_ERROR(ERROR_ACCESS_DENIED);   /* the desktop; others' windows */
    else
        destroy_tree(w);
    klock_release(&user_lock);
    paint_flush();
    return st;
}
SERVER_REQ(destroy_window);

/* ---- Information ------------------------------------------------------------------------ */

static NTSTATUS req_get_window_info(struct server_call *call)
{
    const struct get_window_info_request *req = (const void *)call->req;
    struct get_window_info_reply *reply = (void *)call->reply;
    struct kwindow *w;

    klock_acquire(&user_lock);
    if ((w = get_window(req->handle))) {
        reply->full_handle = w->handle;
        reply->last_active = get_window(w->last_active) ? w->last_active : w->handle;
        reply->pid = w->tid ? (process_id_t)(uintptr_t)current_teb()->ClientId.UniqueProcess : 0;
        reply->tid = w->tid;
        reply->atom = class_atom(w->class);
        reply->is_unicode = w->is_unicode;
        reply->dpi = w->dpi;
        reply->awareness = w->awareness;
    }
    klock_release(&user_lock);
    if (!w) {
        struct shdesk_window e;
        if (!shdesk_window_get(req->handle, &e))
            return STATUS_BAD_WINDOW;
        reply->full_handle = reply->last_active = e.handle;
        reply->pid = e.pid;
        reply->tid = e.tid;
        reply->atom = foreign_atom(&e);
        reply->is_unicode = 1;
        reply->awareness = DPI_AWARENESS_PER_MONITOR_AWARE;
    }
    return STATUS_SUCCESS;
}
SERVER_REQ(get_window_info);

#define SET_WIN_STYLE 0x01
#define SET_WIN_EXSTYLE 0x02
#define SET_WIN_ID 0x04
#define SET_WIN_INSTANCE 0x08
#define SET_WIN_USERDATA 0x10
#define SET_WIN_EXTRA 0x20
#define SET_WIN_UNICODE 0x40

static NTSTATUS set_info_locked(const struct set_window_info_request *req,
                                struct set_window_info_reply *reply)
{
    struct kwindow *w = get_window(req->handle);

    if (!w)
        return STATUS_BAD_WINDOW;
    if (!w->parent && (req->flags & ~SET_WIN_UNICODE))
        return WIN32_ERROR(ERROR_ACCESS_DENIED);     /* the desktop does not change */
    if ((req->flags & SET_WIN_EXTRA) &&
        (req->extra_offset < 0 || req->extra_size > sizeof(lparam_t) ||
         req->extra_offset > w->nb_extra - (int)req->extra_size))
        return WIN32_ERROR(ERROR_INVALID_INDEX);
    reply->old_style = w->style;
    reply->old_ex_style = w->ex_style;
    reply->old_id = w->id;
    reply->old_instance = w->instance;
    reply->old_user_data = w->user_data;
    if (req->flags & SET_WIN_EXTRA)
        memcpy(&reply->old_extra_value, w->extra + req->extra_offset, req->extra_size);
    if (req->flags & SET_WIN_STYLE) {
        w->style = req->style;
        paint_style_changed(w);
        if (w->shared)
            window_share(w);
    }
    if (req->flags & SET_WIN_EXSTYLE)
        w->ex_style = req->ex_style;
    if (req->flags & SET_WIN_ID)
        w->id = req->extra_value;
    if (req->flags & SET_WIN_INSTANCE)
        w->instance = req->instance;
    if (req->flags & SET_WIN_UNICODE)
        w->is_unicode = req->is_unicode;
    if (req->flags & SET_WIN_USERDATA)
        w->user_data = req->user_data;
    if (req->flags & SET_WIN_EXTRA)
        memcpy(w->extra + req->extra_offset, &req->extra_value, req->extra_size);
    return STATUS_SUCCESS;
}

/* GetWindowLong of another process's window: its style only. */
static NTSTATUS foreign_window_info(const struct set_window_info_request *req,
                                    struct set_window_info_reply *reply)
{
    struct shdesk_window e;

    if (!shdesk_window_get(req->handle, &e))
        return STATUS_BAD_WINDOW;
    if (req->flags)
        return WIN32_ERROR(ERROR_ACCESS_DENIED);
    reply->old_style = e.style;
    return STATUS_SUCCESS;
}

static NTSTATUS req_set_window_info(struct server_call *call)
{
    NTSTATUS st;

    klock_acquire(&user_lock);
    st = set_info_locked((const void *)call->req, (void *)call->reply);
    klock_release(&user_lock);
    if (st == STATUS_BAD_WINDOW)
        st = foreign_window_info((const void *)call->req, (void *)call->reply);
    return st;
}
SERVER_REQ(set_window_info);

static NTSTATUS req_get_window_parents(struct server_call *call)
{
    const struct get_window_parents_request *req = (const void *)call->req;
    struct get_window_parents_reply *reply = (void *)call->reply;
    struct kwindow *w;

    klock_acquire(&user_lock);
    if ((w = get_window(req->handle))) {
        for (struct kwindow *p = w->parent; p; p = p->parent) {
            reply->count++;
            if (server_reply_room(call) >= sizeof(user_handle_t))
                server_reply_data(call, &p->handle, sizeof(p->handle));
        }
    }
    klock_release(&user_lock);
    if (!w) {
        struct shdesk_window e;
        user_handle_t desk = own_desktop_window();
        if (!desk || !shdesk_window_get(req->handle, &e))
            return STATUS_BAD_WINDOW;
        reply->count = 1;
        server_reply_data(call, &desk, sizeof(desk));
    }
    return STATUS_SUCCESS;
}
SERVER_REQ(get_window_parents);

/* Does another process's window match a class given by name (or atom)? */
static int foreign_class_matches(const struct shdesk_window *e, const UNICODE_STRING *name,
                                 atom_t atom)
{
    size_t n = shared_len(e->cls, SHDESK_CLASS_CHARS);
    RTL_ATOM a = 0;

    if (name->Length)
        return n == name->Length / sizeof(WCHAR) &&
               !kwcsnicmp((const WCHAR *)e->cls, name->Buffer, n);
    if (!atom)
        return 1;
    return n && !NtFindAtom((const WCHAR *)e->cls, (ULONG)(n * sizeof(WCHAR)), &a) && a == atom;
}

/* Add the other processes' top-level windows (children of every desktop
 * window) after ours.  A thread filter leaves them out: thread ids are
 * each process's own. */
static void foreign_children(struct server_call *call, const UNICODE_STRING *name, atom_t atom,
                             struct get_window_children_reply *reply)
{
    struct shdesk_window *list;
    int n;

    if (!(list = kmalloc(SHDESK_WINDOWS * sizeof(*list))))
        return;
    n = shdesk_window_list(list, SHDESK_WINDOWS);
    for (int i = 0; i < n && i < SHDESK_WINDOWS; i++) {
        if (!foreign_class_matches(&list[i], name, atom))
            continue;
        reply->count++;
        if (server_reply_room(call) >= sizeof(user_handle_t))
            server_reply_data(call, &list[i].handle, sizeof(list[i].handle));
    }
    kfree(list);
}

static NTSTATUS req_get_window_children(struct server_call *call)
{
    const struct get_window_children_request *req = (const void *)call->req;
    struct get_window_children_reply *reply = (void *)call->reply;
    UNICODE_STRING name = server_data_string(call);
    struct kdesktop *d = NULL;
    struct kwindow *parent;
    atom_t atom = req->atom;
    int local = 1, top = 0;
    NTSTATUS st = STATUS_SUCCESS;

    if (name.Length) {
        RTL_ATOM a = 0;
        /* a name never made an atom here: no window of ours has that class */
        local = !NtFindAtom(name.Buffer, name.Length, &a);
        atom = a;
    }
    if (!req->parent && !(d = desktop_current()))
        return STATUS_ACCESS_DENIED;
    klock_acquire(&user_lock);
    parent = get_window(req->parent ? req->parent : desktop_windows(d)[0]);
    if (!parent) {
        st = req->parent ? STATUS_BAD_WINDOW : STATUS_SUCCESS;
        top = !req->parent;     /* the desktop, whose window we have not made yet */
    } else {
        top = !parent->parent && class_is_desktop(parent->class);
        for (struct kwindow *c = parent->first_child; local && c; c = c->next) {
            if ((atom && class_atom(c->class) != atom && c->atom != atom) ||
                (req->tid && c->tid != req->tid))
                continue;
            reply->count++;
            if (server_reply_room(call) >= sizeof(user_handle_t))
                server_reply_data(call, &c->handle, sizeof(c->handle));
        }
    }
    klock_release(&user_lock);
    kobject_unref(d);
    if (top && !req->tid)
        foreign_children(call, &name, atom, reply);
    return st;
}
SERVER_REQ(get_window_children);

static NTSTATUS req_get_window_tree(struct server_call *call)
{
    const struct get_window_tree_request *req = (const void *)call->req;
    struct get_window_tree_reply *reply = (void *)call->reply;
    struct kwindow *w;

    klock_acquire(&user_lock);
    if ((w = get_window(req->handle))) {
        struct kwindow *p = w->parent;
        reply->parent = p ? p->handle : 0;
        reply->owner = w->owner;
        reply->next_sibling = w->next ? w->next->handle : 0;
        reply->prev_sibling = w->prev ? w->prev->handle : 0;
        reply->first_sibling = p ? p->first_child->handle : 0;
        reply->last_sibling = p ? p->last_child->handle : 0;
        reply->first_child = w->first_child ? w->first_child->handle : 0;
        reply->last_child = w->last_child ? w->last_child->handle : 0;
    }
    klock_release(&user_lock);
    if (!w) {
        /* another process's top-level window: a child of our desktop,
         * whose siblings there we do not order */
        struct shdesk_window e;
        if (!shdesk_window_get(req->handle, &e))
            return STATUS_BAD_WINDOW;
        reply->parent = own_desktop_window();
    }
    return STATUS_SUCCESS;
}
SERVER_REQ(get_window_tree);

/* ---- Geometry ------------------------------------------------------------------------------ */

static NTSTATUS req_set_window_pos(struct server_call *call)
{
    const struct set_window_pos_request *req = (const void *)call->req;
    struct set_window_pos_reply *reply = (void *)call->reply;
    const rectangle_t *extra = call->data;
    unsigned n_extra = call->data_size / sizeof(rectangle_t);
    static const rectangle_t empty;
    struct kwindow *w, *prev = NULL, *top;
    unsigned flags = req->swp_flags;
    int where = LINK_TOP;
    NTSTATUS st = STATUS_SUCCESS;

    if (req->window.right < req->window.left || req->window.bottom < req->window.top)
        return STATUS_INVALID_PARAMETER;
    klock_acquire(&user_lock);
    if (!(w = get_window(req->handle))) {
        klock_release(&user_lock);
        return STATUS_BAD_WINDOW;
    }
    if (!w->parent)
        flags |= SWP_NOZORDER;
    if (!(flags & SWP_NOZORDER)) {
        switch ((int)req->previous) {
        case 0: case -1: case -2: break;          /* top, topmost, not topmost */
        case 1: where = LINK_BOTTOM; break;
        default:
            prev = get_window(req->previous);
            if (!prev || prev->parent != w->parent)
                st = prev ? STATUS_INVALID_PARAMETER : STATUS_BAD_WINDOW;
            else if (prev == w)
                flags |= SWP_NOZORDER;
        }
    }
    if (!st) {
        const rectangle_t *visible = n_extra >= 1 ? &extra[0] : &req->window;
        const rectangle_t *surface = n_extra >= 2 ? &extra[1] : visible;
        const rectangle_t *valid = n_extra >= 3 ? &extra[2] : &empty;
        w->paint_flags = (w->paint_flags & ~PAINT_CLIENT_FLAGS) |
                         (req->paint_flags & PAINT_CLIENT_FLAGS);
        unsigned old_style = w->style;
        rectangle_t old_rect = w->window_rect, old_client = w->client_rect;
        paint_set_window_pos(w, prev, where, flags, &req->window, &req->client, visible, surface,
                             valid);
        if (w->shared && (w->style != old_style || memcmp(&old_rect, &w->window_rect, sizeof(old_rect)) ||
                          memcmp(&old_client, &w->client_rect, sizeof(old_client))))
            window_share(w);
        reply->new_style = w->style;
        reply->new_ex_style = w->ex_style;
        /* the window draws on its own surface or on the one of an ancestor */
        top = paint_surface_window(w);
        if (window_is_visible(top) && (top->paint_flags & PAINT_HAS_SURFACE))
            reply->surface_win = top->handle;
        reply->needs_update = 0;    /* no pixel formats (OpenGL) */
    }
    klock_release(&user_lock);
    paint_flush();
    return st;
}
SERVER_REQ(set_window_pos);

enum { COORDS_CLIENT, COORDS_WINDOW, COORDS_PARENT, COORDS_SCREEN };

void window_client_to_screen(struct kwindow *parent, rectangle_t *r)
{
    for (; parent && parent->parent; parent = parent->parent)
        rect_offset(r, parent->client_rect.left, parent->client_rect.top);
}

/* The rectangles (in the parent's client coordinates) as relative asks;
 * screen ones through the ancestors from parent (NULL: the desktop). */
static NTSTATUS answer_rectangles(int relative, rectangle_t win, rectangle_t client,
                                  struct kwindow *parent, struct get_window_rectangles_reply *reply)
{
    reply->window = win;
    reply->client = client;
    switch (relative) {
    case COORDS_CLIENT:
        rect_offset(&reply->window, -client.left, -client.top);
        rect_offset(&reply->client, -client.left, -client.top);
        return STATUS_SUCCESS;
    case COORDS_WINDOW:
        rect_offset(&reply->window, -win.left, -win.top);
        rect_offset(&reply->client, -win.left, -win.top);
        return STATUS_SUCCESS;
    case COORDS_PARENT:
        return STATUS_SUCCESS;
    case COORDS_SCREEN:
        window_client_to_screen(parent, &reply->window);
        window_client_to_screen(parent, &reply->client);
        return STATUS_SUCCESS;
    default:
        return STATUS_INVALID_PARAMETER;
    }
}

static NTSTATUS req_get_window_rectangles(struct server_call *call)
{
    const struct get_window_rectangles_request *req = (const void *)call->req;
    struct get_window_rectangles_reply *reply = (void *)call->reply;
    struct shdesk_window e;
    NTSTATUS st;
    struct kwindow *w;

    klock_acquire(&user_lock);
    if ((w = get_window(req->handle)))
        st = answer_rectangles(req->relative, w->window_rect, w->client_rect, w->parent, reply);
    klock_release(&user_lock);
    if (w)
        return st;
    /* another process's top-level window: a child of the desktop */
    if (!shdesk_window_get(req->handle, &e))
        return STATUS_BAD_WINDOW;
    return answer_rectangles(req->relative,
                             (rectangle_t){ e.window[0], e.window[1], e.window[2], e.window[3] },
                             (rectangle_t){ e.client[0], e.client[1], e.client[2], e.client[3] },
                             NULL, reply);
}
SERVER_REQ(get_window_rectangles);


/* ---- Text ------------------------------------------------------------------------------------ */

static NTSTATUS req_get_window_text(struct server_call *call)
{
    const struct get_window_text_request *req = (const void *)call->req;
    struct get_window_text_reply *reply = (void *)call->reply;
    struct kwindow *w;

    klock_acquire(&user_lock);
    if ((w = get_window(req->handle))) {
        reply->length = w->text_len;
        server_reply_data(call, w->text, w->text_len * sizeof(WCHAR));
    }
    klock_release(&user_lock);
    if (!w) {
        struct shdesk_window e;
        if (!shdesk_window_get(req->handle, &e))
            return STATUS_BAD_WINDOW;
        reply->length = (data_size_t)shared_len(e.text, SHDESK_TEXT_CHARS);
        server_reply_data(call, e.text, reply->length * sizeof(WCHAR));
    }
    return STATUS_SUCCESS;
}
SERVER_REQ(get_window_text);

static NTSTATUS req_set_window_text(struct server_call *call)
{
    const struct set_window_text_request *req = (const void *)call->req;
    data_size_t len = call->data_size / sizeof(WCHAR);
    WCHAR *text = NULL;
    struct kwindow *w;

    if (len && !(text = kwcsdup(call->data, len)))
        return STATUS_NO_MEMORY;
    klock_acquire(&user_lock);
    if ((w = get_window(req->handle))) {
        kfree(w->text);
        w->text = text;
        w->text_len = len;
        text = NULL;
        if (w->shared)
            window_share(w);
    }
    klock_release(&user_lock);
    kfree(text);
    return w ? STATUS_SUCCESS : STATUS_BAD_WINDOW;
}
SERVER_REQ(set_window_text);

/* ---- Parent and owner ---------------------------------------------------------------------- */

static NTSTATUS req_set_parent(struct server_call *call)
{
    const struct set_parent_request *req = (const void *)call->req;
    struct set_parent_reply *reply = (void *)call->reply;
    struct kwindow *w, *p = NULL;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    if (!(w = get_window(req->handle)) || (req->parent && !(p = get_window(req->parent)))) {
        st = STATUS_BAD_WINDOW;
    } else if (!w->parent) {
        st = WIN32_ERROR(ERROR_ACCESS_DENIED);
    } else {
        for (struct kwindow *a = p; a; a = a->parent)
            if (a == w)
                st = STATUS_INVALID_PARAMETER;   /* no cycles */
    }
    if (!st) {
        if (!p) {
            p = w->parent;
            while (p->parent)
                p = p->parent;   /* the desktop */
        }
        reply->old_parent = w->parent->handle;
        unlink_window(w);
        w->parent = p;
        link_window(w, NULL, LINK_TOP);
        window_share(w);
        reply->full_parent = p->handle;
        reply->dpi = w->dpi;
        reply->awareness = w->awareness;
    }
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(set_parent);

static NTSTATUS req_set_window_owner(struct server_call *call)
{
    const struct set_window_owner_request *req = (const void *)call->req;
    struct set_window_owner_reply *reply = (void *)call->reply;
    struct kwindow *w, *owner = NULL;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    if (!(w = get_window(req->handle)) || (req->owner && !(owner = get_window(req->owner))))
        st = STATUS_BAD_WINDOW;
    else if (!w->parent)
        st = WIN32_ERROR(ERROR_ACCESS_DENIED);
    if (!st) {
        reply->prev_owner = w->owner;
        w->owner = owner ? owner->handle : 0;
        reply->full_owner = w->owner;
    }
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(set_window_owner);

/* ---- Properties ------------------------------------------------------------------------------ */

/* The atom a property request names: its string (a global atom) or atom. */
static NTSTATUS prop_atom(const struct server_call *call, atom_t given, int add, atom_t *out)
{
    UNICODE_STRING s = server_data_string(call);
    RTL_ATOM a = 0;
    NTSTATUS st;

    if (!s.Length) {
        *out = given;
        return STATUS_SUCCESS;
    }
    st = add ? NtAddAtom(s.Buffer, s.Length, &a) : NtFindAtom(s.Buffer, s.Length, &a);
    *out = a;
    return st;
}

static struct kprop *find_prop(struct kwindow *w, atom_t atom)
{
    for (int i = 0; i < w->nb_props; i++)
        if (w->props[i].atom == atom)
            return &w->props[i];
    return NULL;
}

static NTSTATUS set_prop_locked(struct kwindow *w, atom_t atom, int string, lparam_t data)
{
    struct kprop *p = find_prop(w, atom), *more;

    if (p) {
        p->data = data;
        p->string = string;
        return STATUS_SUCCESS;
    }
    if (!(more = krealloc(w->props, (w->nb_props + 1) * sizeof(*more))))
        return STATUS_NO_MEMORY;
    w->props = more;
    w->props[w->nb_props++] = (struct kprop){ atom, string, data };
    return STATUS_SUCCESS;
}

static NTSTATUS req_set_window_property(struct server_call *call)
{
    const struct set_window_property_request *req = (const void *)call->req;
    struct kwindow *w;
    atom_t atom;
    NTSTATUS st;

    if ((st = prop_atom(call, req->atom, 1, &atom)))
        return st;
    klock_acquire(&user_lock);
    st = (w = get_window(req->window)) ? set_prop_locked(w, atom, call->data_size != 0, req->data)
                                       : STATUS_BAD_WINDOW;
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(set_window_property);

static NTSTATUS req_get_window_property(struct server_call *call)
{
    const struct get_window_property_request *req = (const void *)call->req;
    struct get_window_property_reply *reply = (void *)call->reply;
    struct kwindow *w;
    struct kprop *p;
    atom_t atom;

    if (prop_atom(call, req->atom, 0, &atom))
        return STATUS_SUCCESS;   /* never-seen name: no property, data 0 */
    klock_acquire(&user_lock);
    if ((w = get_window(req->window)) && (p = find_prop(w, atom)))
        reply->data = p->data;
    klock_release(&user_lock);
    return w ? STATUS_SUCCESS : STATUS_BAD_WINDOW;
}
SERVER_REQ(get_window_property);

static NTSTATUS req_remove_window_property(struct server_call *call)
{
    const struct remove_window_property_request *req = (const void *)call->req;
    struct remove_window_property_reply *reply = (void *)call->reply;
    struct kwindow *w;
    struct kprop *p;
    atom_t atom;

    if (prop_atom(call, req->atom, 0, &atom))
        return STATUS_SUCCESS;
    klock_acquire(&user_lock);
    if ((w = get_window(req->window)) && (p = find_prop(w, atom))) {
        reply->data = p->data;
        *p = w->props[--w->nb_props];
    }
    klock_release(&user_lock);
    return w ? STATUS_SUCCESS : STATUS_BAD_WINDOW;
}
SERVER_REQ(remove_window_property);

/* EnumProps: every property, with whether it was named by a string. */
static NTSTATUS req_get_window_properties(struct server_call *call)
{
    const struct get_window_properties_request *req = (const void *)call->req;
    struct get_window_properties_reply *reply = (void *)call->reply;
    struct kwindow *w;

    klock_acquire(&user_lock);
    if ((w = get_window(req->window))) {
        reply->total = w->nb_props;
        for (int i = 0; i < w->nb_props && server_reply_room(call) >= sizeof(property_data_t); i++) {
            property_data_t d = { w->props[i].atom, w->props[i].string, w->props[i].data };
            server_reply_data(call, &d, sizeof(d));
        }
    }
    klock_release(&user_lock);
    return w ? STATUS_SUCCESS : STATUS_BAD_WINDOW;
}
SERVER_REQ(get_window_properties);

/* ---- The display driver (desktop window setup) -------------------------------------------- */

/* HKCU\Software\Wine\Drivers "Graphics", or "null" when unset. */
static void configured_driver(WCHAR *out, size_t out_chars)
{
    static const WCHAR key_name[] = u"\\Registry\\User\\" REG_USER_SID u"\\Software\\Wine\\Drivers";
    static const WCHAR value_name[] = u"Graphics";
    UNICODE_STRING kn = { sizeof(key_name) - 2, sizeof(key_name), (WCHAR *)key_name };
    UNICODE_STRING vn = { sizeof(value_name) - 2, sizeof(value_name), (WCHAR *)value_name };
    OBJECT_ATTRIBUTES attr = { sizeof(attr), 0, &kn, OBJ_CASE_INSENSITIVE, 0, 0 };
    char buf[sizeof(KEY_VALUE_PARTIAL_INFORMATION) + 64 * sizeof(WCHAR)];
    KEY_VALUE_PARTIAL_INFORMATION *info = (void *)buf;
    HANDLE key;
    ULONG len;

    memcpy(out, u"null", 5 * sizeof(WCHAR));
    if (NtOpenKeyEx(&key, KEY_QUERY_VALUE, &attr, 0))
        return;
    if (!NtQueryValueKey(key, &vn, KeyValuePartialInformation, buf, sizeof(buf), &len) &&
        info->Type == REG_SZ && info->DataLength >= 2 &&
        info->DataLength / sizeof(WCHAR) < out_chars) {
        memcpy(out, info->Data, info->DataLength);
        out[info->DataLength / sizeof(WCHAR)] = 0;
    }
    NtClose(key);
}

/* Create (volatile) each missing key of an absolute path; the handle of
 * the last one, or 0. */
static HANDLE create_key_path(WCHAR *path, size_t len)
{
    UNICODE_STRING kn;
    OBJECT_ATTRIBUTES attr = { sizeof(attr), 0, &kn, OBJ_CASE_INSENSITIVE, 0, 0 };
    HANDLE key = 0;
    static const size_t skip = 18;    /* "\Registry\Machine\" exists */

    for (size_t i = skip; i <= len; i++) {
        if (i < len && path[i] != '\\')
            continue;
        if (key)
            NtClose(key);
        key = 0;
        kn.Buffer = path;
        kn.Length = kn.MaximumLength = (USHORT)(i * sizeof(WCHAR));
        if (NtCreateKey(&key, KEY_ALL_ACCESS, &attr, 0, NULL, REG_OPTION_VOLATILE, NULL))
            return 0;
    }
    return key;
}

/* HKLM\System\CurrentControlSet\Control\Video\{guid}\0000 GraphicsDriver */
static void write_video_key(const WCHAR *driver)
{
    static const WCHAR path[] = u"\\Registry\\Machine\\System\\CurrentControlSet\\Control\\Video\\";
    static const WCHAR value_name[] = u"GraphicsDriver";
    UNICODE_STRING vn = { sizeof(value_name) - 2, sizeof(value_name), (WCHAR *)value_name };
    WCHAR name[256];
    size_t n;
    HANDLE key;

    memcpy(name, path, sizeof(path) - 2);
    n = ARRAY_SIZE(path) - 1;
    memcpy(name + n, display_guid, sizeof(display_guid) - 2);
    n += ARRAY_SIZE(display_guid) - 1;
    memcpy(name + n, u"\\0000", 5 * sizeof(WCHAR));
    n += 5;
    if (!(key = create_key_path(name, n)))
        return;
    NtSetValueKey(key, &vn, 0, REG_SZ, driver, (ULONG)((kwcslen(driver) + 1) * sizeof(WCHAR)));
    NtClose(key);
}

static void desktop_window_setup(struct kwindow *w)
{
    static const WCHAR prop[] = u"__wine_display_device_guid";
    WCHAR driver[64];
    RTL_ATOM guid_atom = 0, prop_atom_ = 0;

    /* the GUID without its braces, as explorer stores it */
    if (NtAddAtom(display_guid + 1, sizeof(display_guid) - 3 * sizeof(WCHAR), &guid_atom) ||
        NtAddAtom(prop, sizeof(prop) - sizeof(WCHAR), &prop_atom_))
        return;
    set_prop_locked(w, prop_atom_, 1, guid_atom);
    configured_driver(driver, ARRAY_SIZE(driver));
    write_video_key(driver);
}

/* msgqueue.c: is win parent or one of its descendants? */
int window_is_child_or_self(user_handle_t win, user_handle_t parent)
{
    struct kwindow *w, *p;
    int ret = 0;

    klock_acquire(&user_lock);
    p = get_window(parent);
    for (w = get_window(win); w && p; w = w->parent)
        if (w == p)
            ret = 1;
    klock_release(&user_lock);
    return ret;
}

/* ---- For the display driver and hardware input (kdisplay.c, hwinput.c) ---------------------- */

void window_share_again(void)
{
    klock_acquire(&user_lock);
    for (unsigned i = 0; i < nb_slots; i++)
        if (slots[i].win && slots[i].win->shared)
            window_share(slots[i].win);
    klock_release(&user_lock);
}

static int is_top_level(const struct kwindow *w)
{
    return w->parent && !w->parent->parent && class_is_desktop(w->parent->class);
}

int window_top_level_list_locked(struct kdesktop *d, user_handle_t *out, int max)
{
    struct kwindow *desk = get_window(desktop_windows(d)[0]);
    int n = 0;

    if (!desk)
        return 0;
    for (struct kwindow *w = desk->first_child; w && n < max; w = w->next)
        if (w->style & WS_VISIBLE)
            out[n++] = w->handle;
    return n;
}

int window_is_top_level_locked(user_handle_t h, unsigned *style)
{
    struct kwindow *w = get_window(h);

    if (style)
        *style = w ? w->style : 0;
    return w && is_top_level(w);
}

static int point_in(const rectangle_t *r, int x, int y)
{
    return x >= r->left && x < r->right && y >= r->top && y < r->bottom;
}

#define WS_DISABLED 0x08000000
#define WS_MINIMIZE 0x20000000

/* Is (x, y) (w's parent's client coordinates) in the visible, enabled w? */
static int point_in_window(const struct kwindow *w, int x, int y)
{
    if (!w->parent)
        return 1;   /* the desktop window: the whole screen */
    if (!(w->style & WS_VISIBLE))
        return 0;
    if ((w->style & (WS_POPUP | WS_CHILD | WS_DISABLED)) == (WS_CHILD | WS_DISABLED))
        return 0;
    return point_in(&w->visible_rect, x, y);
}

/* Append the children of p under (x, y) (p's client coordinates) and
 * theirs, deepest first, in Z order. */
static int children_from_point(struct kwindow *p, int x, int y, user_handle_t *out, int n, int max)
{
    for (struct kwindow *w = p->first_child; w; w = w->next) {
        if (!point_in_window(w, x, y))
            continue;
        if (!(w->style & (WS_MINIMIZE | WS_DISABLED)) && point_in(&w->client_rect, x, y))
            n = children_from_point(w, x - w->client_rect.left, y - w->client_rect.top, out, n, max);
        if (n < max)
            out[n] = w->handle;
        n++;
    }
    return n;
}

int window_children_from_point_locked(user_handle_t parent, int x, int y, user_handle_t *out, int max)
{
    struct kwindow *top = get_window(parent);
    int n = 0;

    if (!top)
        return -1;
    /* screen -> the parent's client coordinates, below the top level */
    for (struct kwindow *a = top->parent; a && a->parent; a = a->parent)
        x -= a->client_rect.left, y -= a->client_rect.top;
    if (!point_in_window(top, x, y))
        return 0;
    if (!(top->style & (WS_MINIMIZE | WS_DISABLED)) && point_in(&top->client_rect, x, y)) {
        if (top->parent)
            x -= top->client_rect.left, y -= top->client_rect.top;
        n = children_from_point(top, x, y, out, n, max);
    }
    if (n < max)
        out[n] = top->handle;
    return n + 1;
}

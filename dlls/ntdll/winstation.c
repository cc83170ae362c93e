/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winstation.c - window stations and desktops for the in-process server,
 * and the USER state of threads.
 *
 * A window station is a kernel object named in \Windows\WindowStations;
 * its desktops are kernel objects too, named by the window station (a
 * desktop's full name is "WinSta0\Default"), so they are kept in the
 * window station's list rather than in the NT namespace.  The process has
 * one window station handle, each thread one desktop handle (inherited
 * from the thread that made it, or set by win32u at start-up).
 */
#include "user.h"

struct klock user_lock = KLOCK_INIT;

struct kdesktop {
    struct kobject obj;
    struct kwinstation *winstation;     /* referenced */
    struct kdesktop *next;              /* in the window station's list */
    WCHAR *name;
    USHORT name_len;                    /* in WCHARs */
    unsigned flags;
    user_handle_t windows[2];           /* the desktop window, the message window */
    uint32_t foreground_tid;            /* the foreground thread, 0 if none */
};

struct kwinstation {
    struct kobject obj;
    unsigned flags;                     /* WSF_VISIBLE */
    struct kdesktop *desktops;          /* not referenced: they unlink themselves */
};

static void winstation_destroy(struct kobject *obj)
{
    (void)obj;
}

static void desktop_destroy(struct kobject *obj)
{
    struct kdesktop *d = (struct kdesktop *)obj;

    klock_acquire(&user_lock);
    if (d->winstation) {
        for (struct kdesktop **p = &d->winstation->desktops; *p; p = &(*p)->next) {
            if (*p == d) {
                *p = d->next;
                break;
            }
        }
    }
    klock_release(&user_lock);
    kobject_unref(d->winstation);
    kfree(d->name);
}

#define WINSTA_ALL_ACCESS 0x037f
#define DESKTOP_ALL_ACCESS 0x01ff
#define WSF_VISIBLE 1

const struct kobject_type winstation_type = {
    .name = "WindowStation",
    .mapping = { STANDARD_RIGHTS_READ | 0x0303, STANDARD_RIGHTS_WRITE | 0x0014,
                 STANDARD_RIGHTS_EXECUTE | 0x0060, STANDARD_RIGHTS_REQUIRED | WINSTA_ALL_ACCESS },
    .valid_access = STANDARD_RIGHTS_ALL | WINSTA_ALL_ACCESS,
    .destroy = winstation_destroy,
};

const struct kobject_type desktop_type = {
    .name = "Desktop",
    .mapping = { STANDARD_RIGHTS_READ | 0x0041, STANDARD_RIGHTS_WRITE | 0x00be,
                 STANDARD_RIGHTS_EXECUTE | 0x0100, STANDARD_RIGHTS_REQUIRED | DESKTOP_ALL_ACCESS },
    .valid_access = STANDARD_RIGHTS_ALL | DESKTOP_ALL_ACCESS,
    .destroy = desktop_destroy,
};

static HANDLE process_winstation;
static HANDLE initial_desktop;     /* new threads start on it */

/* ---- Threads ------------------------------------------------------------------ */

static struct user_thread *user_of(struct kthread *t)
{
    struct kthread_ext *x = KTHREAD_EXT(t);

    if (!x->user && (x->user = kzalloc(sizeof(struct user_thread))))
        ((struct user_thread *)x->user)->desktop = initial_desktop;
    return x->user;
}

struct user_thread *user_current(void)
{
    return user_of(current_thread());
}

struct user_thread *user_thread_of(uint32_t tid)
{
    struct kthread *t = thread_ref_tid(tid);
    struct user_thread *u;

    if (!t)
        return NULL;
    u = KTHREAD_EXT(t)->user;
    kobject_unref(t);
    return u;
}

void user_thread_exit(struct kthread *t)
{
    struct user_thread *u = KTHREAD_EXT(t)->user;
    struct kdesktop *d;

    if (!u)
        return;
    window_destroy_thread_windows(t->tid);
    hooks_thread_exit(t->tid);
    clipboard_thread_exit(t->tid);
    if (u->desktop && !handle_ref(u->desktop, &desktop_type, 0, (void **)&d)) {
        klock_acquire(&user_lock);
        if (d->foreground_tid == t->tid)
            d->foreground_tid = 0;      /* no foreground thread any more */
        klock_release(&user_lock);
        kobject_unref(d);
    }
    if (u->queue)
        queue_destroy(u->queue);
    u->queue = NULL;
    KTHREAD_EXT(t)->user = NULL;
    kfree(u);
}

struct kdesktop *desktop_current(void)
{
    struct user_thread *u = user_current();
    struct kdesktop *d;

    if (!u || !u->desktop || handle_ref(u->desktop, &desktop_type, 0, (void **)&d))
        return NULL;
    return d;
}

user_handle_t *desktop_windows(struct kdesktop *d)
{
    return d->windows;
}

uint32_t *desktop_foreground(struct kdesktop *d)
{
    return &d->foreground_tid;
}

/* ---- Window stations ------------------------------------------------------------ */

/* attr for a window station name: relative to rootdir, or in
 * \Windows\WindowStations. */
static NTSTATUS winstation_attr(const struct server_call *call, obj_handle_t rootdir,
                                unsigned attributes, OBJECT_ATTRIBUTES *attr,
                                UNICODE_STRING *name, WCHAR *buf, size_t buf_chars)
{
    static const WCHAR prefix[] = u"\\Windows\\WindowStations\\";
    UNICODE_STRING given = server_data_string(call);
    size_t plen = ARRAY_SIZE(prefix) - 1, glen = given.Length / sizeof(WCHAR);

    if (!glen)
        return STATUS_OBJECT_NAME_INVALID;
    if (rootdir) {
        *name = given;
    } else {
        if (plen + glen > buf_chars)
            return STATUS_NAME_TOO_LONG;
        memcpy(buf, prefix, plen * sizeof(WCHAR));
        memcpy(buf + plen, given.Buffer, given.Length);
        name->Buffer = buf;
        name->Length = name->MaximumLength = (USHORT)((plen + glen) * sizeof(WCHAR));
    }
    memset(attr, 0, sizeof(*attr));
    attr->Length = sizeof(*attr);
    attr->RootDirectory = (HANDLE)(uintptr_t)rootdir;
    attr->ObjectName = name;
    attr->Attributes = attributes;
    return STATUS_SUCCESS;
}

static NTSTATUS req_create_winstation(struct server_call *call)
{
    const struct create_winstation_request *req = (const void *)call->req;
    struct create_winstation_reply *reply = (void *)call->reply;
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING name;
    WCHAR buf[300];
    struct kwinstation *ws;
    HANDLE h;
    NTSTATUS st;

    if ((st = winstation_attr(call, req->rootdir, req->attributes | OBJ_OPENIF, &attr, &name,
                              buf, ARRAY_SIZE(buf))))
        return st;
    if (!(ws = kobject_alloc(&winstation_type, sizeof(*ws))))
        return STATUS_NO_MEMORY;
    ws->flags = req->flags;
    st = object_create_handle(&ws->obj, access_map(&winstation_type, req->access), &attr, &h);
    if (NT_SUCCESS(st))
        reply->handle = (obj_handle_t)(uintptr_t)h;
    return st == STATUS_OBJECT_NAME_EXISTS ? STATUS_SUCCESS : st;
}
SERVER_REQ(create_winstation);

static NTSTATUS req_open_winstation(struct server_call *call)
{
    const struct open_winstation_request *req = (const void *)call->req;
    struct open_winstation_reply *reply = (void *)call->reply;
    OBJECT_ATTRIBUTES attr;
    UNICODE_STRING name;
    WCHAR buf[300];
    HANDLE h;
    NTSTATUS st;

    if ((st = winstation_attr(call, req->rootdir, req->attributes, &attr, &name, buf,
                              ARRAY_SIZE(buf))))
        return st;
    if (!(st = object_open_by_name(&winstation_type, access_map(&winstation_type, req->access),
                                   &attr, &h)))
        reply->handle = (obj_handle_t)(uintptr_t)h;
    return st;
}
SERVER_REQ(open_winstation);

/* close_winstation and close_desktop: the handle must be of that type and
 * not the one in use (the process's window station, a thread's desktop). */
static NTSTATUS close_user_handle(obj_handle_t handle, const struct kobject_type *type)
{
    HANDLE h = (HANDLE)(uintptr_t)handle;
    struct user_thread *u = user_current();
    struct kobject *obj;
    NTSTATUS st;

    if ((st = handle_ref(h, type, 0, (void **)&obj)))
        return st;
    kobject_unref(obj);
    if (h == process_winstation || (u && h == u->desktop))
        return STATUS_DEVICE_BUSY;
    return NtClose(h);
}

static NTSTATUS req_close_winstation(struct server_call *call)
{
    const struct close_winstation_request *req = (const void *)call->req;
    return close_user_handle(req->handle, &winstation_type);
}
SERVER_REQ(close_winstation);

static NTSTATUS req_get_process_winstation(struct server_call *call)
{
    struct get_process_winstation_reply *reply = (void *)call->reply;
    reply->handle = (obj_handle_t)(uintptr_t)process_winstation;
    return STATUS_SUCCESS;
}
SERVER_REQ(get_process_winstation);

static NTSTATUS req_set_process_winstation(struct server_call *call)
{
    const struct set_process_winstation_request *req = (const void *)call->req;
    struct kwinstation *ws;
    NTSTATUS st;

    if ((st = handle_ref((HANDLE)(uintptr_t)req->handle, &winstation_type, 0, (void **)&ws)))
        return st;
    kobject_unref(ws);
    process_winstation = (HANDLE)(uintptr_t)req->handle;
    return STATUS_SUCCESS;
}
SERVER_REQ(set_process_winstation);

/* EnumWindowStations: the index-th window station of \Windows\WindowStations. */
NTSTATUS NTAPI NtOpenDirectoryObject(HANDLE *handle, ACCESS_MASK access,
                                     const OBJECT_ATTRIBUTES *attr);
NTSTATUS NTAPI NtQueryDirectoryObject(HANDLE handle, OBJECT_DIRECTORY_INFORMATION *buffer,
                                      ULONG size, BOOLEAN single_entry, BOOLEAN restart,
                                      ULONG *context, ULONG *ret_size);

static NTSTATUS req_enum_winstation(struct server_call *call)
{
    const struct enum_winstation_request *req = (const void *)call->req;
    struct enum_winstation_reply *reply = (void *)call->reply;
    static const WCHAR dir_name[] = u"\\Windows\\WindowStations";
    static const WCHAR type_name[] = u"WindowStation";
    UNICODE_STRING dn = { sizeof(dir_name) - 2, sizeof(dir_name), (WCHAR *)dir_name };
    OBJECT_ATTRIBUTES attr = { sizeof(attr), 0, &dn, OBJ_CASE_INSENSITIVE, 0, 0 };
    char buf[1024];
    OBJECT_DIRECTORY_INFORMATION *info = (void *)buf;
    ULONG ctx = req->index, len;
    HANDLE dir;
    NTSTATUS st;

    if ((st = NtOpenDirectoryObject(&dir, DIRECTORY_QUERY, &attr)))
        return st == STATUS_OBJECT_NAME_NOT_FOUND ? STATUS_NO_MORE_ENTRIES : st;
    while (!(st = NtQueryDirectoryObject(dir, info, sizeof(buf), TRUE, FALSE, &ctx, &len))) {
        if (info->TypeName.Length != sizeof(type_name) - 2 ||
            memcmp(info->TypeName.Buffer, type_name, sizeof(type_name) - 2))
            continue;
        reply->next = ctx;
        server_reply_data(call, info->Name.Buffer, info->Name.Length);
        break;
    }
    NtClose(dir);
    return st;
}
SERVER_REQ(enum_winstation);

/* ---- Desktops ---------------------------------------------------------------------- */

/* EnumDesktops: the index-th desktop of a window station. */
static NTSTATUS req_enum_desktop(struct server_call *call)
{
    const struct enum_desktop_request *req = (const void *)call->req;
    struct enum_desktop_reply *reply = (void *)call->reply;
    struct kwinstation *ws;
    struct kdesktop *d;
    unsigned index = 0;
    NTSTATUS st;

    if ((st = handle_ref((HANDLE)(uintptr_t)req->winstation, &winstation_type, 0, (void **)&ws)))
        return st;
    klock_acquire(&user_lock);
    for (d = ws->desktops; d; d = d->next)
        if (d->obj.refs > 0 && index++ >= req->index)
            break;
    if (d) {
        reply->next = index;
        server_reply_data(call, d->name, d->name_len * sizeof(WCHAR));
    }
    klock_release(&user_lock);
    kobject_unref(ws);
    return d ? STATUS_SUCCESS : STATUS_NO_MORE_ENTRIES;
}
SERVER_REQ(enum_desktop);

static struct kdesktop *find_desktop(struct kwinstation *ws, const UNICODE_STRING *name)
{
    for (struct kdesktop *d = ws->desktops; d; d = d->next) {
        UNICODE_STRING dn = { (USHORT)(d->name_len * sizeof(WCHAR)), 0, d->name };
        dn.MaximumLength = dn.Length;
        if (!kwcsicmp_us(&dn, name) && d->obj.refs > 0)
            return kobject_ref(d);
    }
    return NULL;
}

/* The desktop named in call's data, in ws: found, or made if create. */
static NTSTATUS get_desktop(struct kwinstation *ws, const struct server_call *call, int create,
                            unsigned flags, struct kdesktop **out)
{
    UNICODE_STRING name = server_data_string(call);
    struct kdesktop *d;

    if (!name.Length)
        return STATUS_OBJECT_NAME_INVALID;
    klock_acquire(&user_lock);
    d = find_desktop(ws, &name);
    if (!d && create && (d = kobject_alloc(&desktop_type, sizeof(*d)))) {
        if (!(d->name = kwcsdup(name.Buffer, name.Length / sizeof(WCHAR)))) {
            klock_release(&user_lock);
            kobject_unref(d);
            return STATUS_NO_MEMORY;
        }
        d->name_len = name.Length / sizeof(WCHAR);
        d->flags = flags;
        d->winstation = kobject_ref(ws);
        d->next = ws->desktops;
        ws->desktops = d;
    }
    klock_release(&user_lock);
    *out = d;
    return d ? STATUS_SUCCESS : create ? STATUS_NO_MEMORY : STATUS_OBJECT_NAME_NOT_FOUND;
}

static NTSTATUS desktop_handle(struct kdesktop *d, unsigned access, unsigned attributes,
                               obj_handle_t *out)
{
    HANDLE h;
    NTSTATUS st = handle_alloc(&d->obj, access_map(&desktop_type, access), attributes, &h);

    kobject_unref(d);
    if (!st)
        *out = (obj_handle_t)(uintptr_t)h;
    return st;
}

static NTSTATUS req_create_desktop(struct server_call *call)
{
    const struct create_desktop_request *req = (const void *)call->req;
    struct create_desktop_reply *reply = (void *)call->reply;
    struct kwinstation *ws;
    struct kdesktop *d;
    NTSTATUS st;

    if (!process_winstation)
        return STATUS_ACCESS_DENIED;
    if ((st = handle_ref(process_winstation, &winstation_type, 0, (void **)&ws)))
        return st;
    st = get_desktop(ws, call, 1, req->flags, &d);
    kobject_unref(ws);
    return st ? st : desktop_handle(d, req->access, req->attributes, &reply->handle);
}
SERVER_REQ(create_desktop);

static NTSTATUS req_open_desktop(struct server_call *call)
{
    const struct open_desktop_request *req = (const void *)call->req;
    struct open_desktop_reply *reply = (void *)call->reply;
    HANDLE winsta = req->winsta ? (HANDLE)(uintptr_t)req->winsta : process_winstation;
    struct kwinstation *ws;
    struct kdesktop *d;
    NTSTATUS st;

    if ((st = handle_ref(winsta, &winstation_type, 0, (void **)&ws)))
        return st;
    st = get_desktop(ws, call, 0, 0, &d);
    kobject_unref(ws);
    return st ? st : desktop_handle(d, req->access, req->attributes, &reply->handle);
}
SERVER_REQ(open_desktop);

static NTSTATUS req_close_desktop(struct server_call *call)
{
    const struct close_desktop_request *req = (const void *)call->req;
    return close_user_handle(req->handle, &desktop_type);
}
SERVER_REQ(close_desktop);

static NTSTATUS req_get_thread_desktop(struct server_call *call)
{
    const struct get_thread_desktop_request *req = (const void *)call->req;
    struct get_thread_desktop_reply *reply = (void *)call->reply;
    struct kthread *t = thread_ref_tid(req->tid);
    struct user_thread *u;

    if (!t)
        return STATUS_INVALID_CID;
    u = user_of(t);
    reply->handle = u ? (obj_handle_t)(uintptr_t)u->desktop : 0;
    kobject_unref(t);
    return STATUS_SUCCESS;
}
SERVER_REQ(get_thread_desktop);

static NTSTATUS req_set_thread_desktop(struct server_call *call)
{
    const struct set_thread_desktop_request *req = (const void *)call->req;
    struct user_thread *u = user_current();
    struct kdesktop *d;
    NTSTATUS st;

    if (!u)
        return STATUS_NO_MEMORY;
    if ((st = handle_ref((HANDLE)(uintptr_t)req->handle, &desktop_type, 0, (void **)&d)))
        return st;
    kobject_unref(d);
    /* a thread with windows or a queue keeps its desktop, as in Windows */
    if (u->desktop && u->desktop != (HANDLE)(uintptr_t)req->handle && u->queue)
        return STATUS_DEVICE_BUSY;
    u->desktop = (HANDLE)(uintptr_t)req->handle;
    if (!initial_desktop)
        initial_desktop = u->desktop;
    return STATUS_SUCCESS;
}
SERVER_REQ(set_thread_desktop);

/* "WinSta0\Default": the window station's name (the last part of its NT
 * name) and the desktop's. */
static void reply_desktop_full_name(struct server_call *call, struct kdesktop *d)
{
    size_t len;
    WCHAR *ws_name = object_full_name(&d->winstation->obj, &len), *last = ws_name;
    static const WCHAR sep = '\\';

    if (!ws_name)
        return;
    for (size_t i = 0; i < len; i++)
        if (ws_name[i] == '\\')
            last = ws_name + i + 1;
    server_reply_data(call, last, (data_size_t)((ws_name + len - last) * sizeof(WCHAR)));
    server_reply_data(call, &sep, sizeof(sep));
    server_reply_data(call, d->name, d->name_len * sizeof(WCHAR));
    kfree(ws_name);
}

#define SET_USER_OBJECT_SET_FLAGS 1
#define SET_USER_OBJECT_GET_FULL_NAME 2

static NTSTATUS req_set_user_object_info(struct server_call *call)
{
    const struct set_user_object_info_request *req = (const void *)call->req;
    struct set_user_object_info_reply *reply = (void *)call->reply;
    struct kobject *obj;
    NTSTATUS st;

    if ((st = handle_ref((HANDLE)(uintptr_t)req->handle, NULL, 0, (void **)&obj)))
        return st;
    if (obj->type == &desktop_type) {
        struct kdesktop *d = (struct kdesktop *)obj;
        reply->is_desktop = 1;
        reply->old_obj_flags = d->flags;
        if (req->flags & SET_USER_OBJECT_SET_FLAGS)
            d->flags = req->obj_flags;
        if (req->flags & SET_USER_OBJECT_GET_FULL_NAME)
            reply_desktop_full_name(call, d);
    } else if (obj->type == &winstation_type) {
        struct kwinstation *ws = (struct kwinstation *)obj;
        reply->is_desktop = 0;
        reply->old_obj_flags = ws->flags;
        if (req->flags & SET_USER_OBJECT_SET_FLAGS)
            ws->flags = req->obj_flags;
    } else {
        st = STATUS_OBJECT_TYPE_MISMATCH;
    }
    kobject_unref(obj);
    return st;
}
SERVER_REQ(set_user_object_info);

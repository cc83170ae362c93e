/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winclass.c - window classes for the in-process server.
 *
 * win32u keeps the class itself (procedures, brushes, names) in its own
 * memory and gives the server a pointer to it (client_ptr); the server
 * keeps what decides window creation: the atom, the owning module, the
 * extra byte counts and the style.  Class names are global atoms.
 */
#include "user.h"

struct kclass {
    struct kclass *next;
    int local;
    atom_t atom, base_atom;
    mod_handle_t instance;
    unsigned style;
    int extra, win_extra;
    char *extra_bytes;
    client_ptr_t client_ptr;
    int windows;                /* windows using it */
};

static struct kclass *classes;  /* the process's classes (user_lock) */

#define ERROR_CLASS_ALREADY_EXISTS 1410
#define ERROR_CLASS_DOES_NOT_EXIST 1411
#define ERROR_CLASS_HAS_WINDOWS 1412
#define WIN32_ERROR(e) ((NTSTATUS)(0xc0010000u | (e)))

/* As Windows finds a class: by atom, and for local classes by module
 * (any module with the same upper address bits, for 32-bit instances). */
static struct kclass *find_class(atom_t atom, mod_handle_t instance)
{
    for (struct kclass *c = classes; c; c = c->next) {
        if (c->atom != atom)
            continue;
        if (!instance || !c->local || c->instance == instance ||
            ((c->instance >> 16) && (c->instance & ~0xffffull) == (instance & ~0xffffull)))
            return c;
    }
    return NULL;
}

/* The atom of the name in call's data (from offset chars on), or 0. */
static NTSTATUS name_atom(const struct server_call *call, data_size_t offset, atom_t *atom)
{
    UNICODE_STRING s = server_data_string(call);
    RTL_ATOM a = 0;
    NTSTATUS st;

    if (offset * sizeof(WCHAR) >= s.Length)
        offset = 0;
    st = NtAddAtom(s.Buffer + offset, s.Length - offset * sizeof(WCHAR), &a);
    *atom = a;
    return st;
}

static NTSTATUS req_create_class(struct server_call *call)
{
    const struct create_class_request *req = (const void *)call->req;
    struct create_class_reply *reply = (void *)call->reply;
    atom_t atom = req->atom, base_atom = req->atom;
    struct kclass *c;
    NTSTATUS st;

    if (call->data_size) {
        if ((st = name_atom(call, 0, &atom)))
            return st;
        base_atom = atom;
        if (req->name_offset && (st = name_atom(call, req->name_offset, &base_atom)))
            return st;
    }
    if (req->extra < 0 || req->extra > 4096 || req->win_extra < 0 || req->win_extra > 4096)
        return STATUS_INVALID_PARAMETER;
    klock_acquire(&user_lock);
    c = find_class(atom, req->instance);
    if (c && !c->local == !req->local) {
        klock_release(&user_lock);
        return WIN32_ERROR(ERROR_CLASS_ALREADY_EXISTS);
    }
    if (!(c = kzalloc(sizeof(*c))) || (req->extra && !(c->extra_bytes = kzalloc(req->extra)))) {
        klock_release(&user_lock);
        kfree(c);
        return STATUS_NO_MEMORY;
    }
    c->local = req->local;
    c->atom = atom;
    c->base_atom = base_atom;
    c->instance = req->instance;
    c->style = req->style;
    c->extra = req->extra;
    c->win_extra = req->win_extra;
    c->client_ptr = req->client_ptr;
    /* local classes first: they hide global ones of the same atom */
    if (c->local || !classes) {
        c->next = classes;
        classes = c;
    } else {
        struct kclass *p = classes;
        while (p->next && p->next->local)
            p = p->next;
        c->next = p->next;
        p->next = c;
    }
    klock_release(&user_lock);
    reply->atom = atom;
    return STATUS_SUCCESS;
}
SERVER_REQ(create_class);

static NTSTATUS req_destroy_class(struct server_call *call)
{
    const struct destroy_class_request *req = (const void *)call->req;
    struct destroy_class_reply *reply = (void *)call->reply;
    atom_t atom = req->atom;
    RTL_ATOM found = 0;
    struct kclass **p, *c = NULL;
    NTSTATUS st = STATUS_SUCCESS;

    if (call->data_size) {
        UNICODE_STRING s = server_data_string(call);
        if (NtFindAtom(s.Buffer, s.Length, &found))
            return WIN32_ERROR(ERROR_CLASS_DOES_NOT_EXIST);
        atom = found;
    }
    klock_acquire(&user_lock);
    for (p = &classes; *p; p = &(*p)->next)
        if (*p == find_class(atom, req->instance))
            break;
    if (!(c = *p))
        st = WIN32_ERROR(ERROR_CLASS_DOES_NOT_EXIST);
    else if (c->windows)
        st = WIN32_ERROR(ERROR_CLASS_HAS_WINDOWS);
    else
        *p = c->next;
    klock_release(&user_lock);
    if (st)
        return st;
    reply->client_ptr = c->client_ptr;
    kfree(c->extra_bytes);
    kfree(c);
    return STATUS_SUCCESS;
}
SERVER_REQ(destroy_class);

#define SET_CLASS_ATOM 0x0001
#define SET_CLASS_STYLE 0x0002
#define SET_CLASS_WINEXTRA 0x0004
#define SET_CLASS_INSTANCE 0x0008
#define SET_CLASS_EXTRA 0x0010

static NTSTATUS req_set_class_info(struct server_call *call);

struct kclass *class_grab(atom_t atom, mod_handle_t instance, int *win_extra,
                          client_ptr_t *client_ptr)
{
    struct kclass *c = find_class(atom, instance);

    if (c) {
        c->windows++;
        *win_extra = c->win_extra;
        *client_ptr = c->client_ptr;
    }
    return c;
}

void class_release(struct kclass *c)
{
    if (c)
        c->windows--;
}

atom_t class_atom(struct kclass *c)
{
    return c->base_atom;
}

int class_is_desktop(struct kclass *c)
{
    return c->atom == DESKTOP_ATOM && !c->local;
}

int class_is_message(struct kclass *c)
{
    static const WCHAR message[] = u"Message";
    RTL_ATOM a = 0;

    return !c->local && !NtFindAtom(message, sizeof(message) - sizeof(WCHAR), &a) && a == c->atom;
}

/* window.c: the class of a window (user_lock held), NULL if no window. */
struct kclass *window_class_of(user_handle_t win);

/* GetClassName of another process's window: its class atom, ours for
 * the name (the shared desktop carries class names). */
static NTSTATUS foreign_class_info(const struct set_class_info_request *req,
                                   struct set_class_info_reply *reply)
{
    atom_t atom = window_foreign_class_atom(req->window);

    if (!atom)
        return STATUS_INVALID_HANDLE;
    if (req->flags)
        return STATUS_ACCESS_DENIED;   /* another process's class does not change */
    reply->old_atom = reply->base_atom = atom;
    return STATUS_SUCCESS;
}

static NTSTATUS req_set_class_info(struct server_call *call)
{
    const struct set_class_info_request *req = (const void *)call->req;
    struct set_class_info_reply *reply = (void *)call->reply;
    struct kclass *c;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&user_lock);
    if (!(c = window_class_of(req->window))) {
        klock_release(&user_lock);
        return foreign_class_info(req, reply);
    }
    if ((req->flags & SET_CLASS_EXTRA) &&
        (req->extra_offset < 0 || req->extra_size > sizeof(lparam_t) ||
         req->extra_offset > c->extra - (int)req->extra_size)) {
        klock_release(&user_lock);
        return WIN32_ERROR(1413);   /* ERROR_INVALID_INDEX */
    }
    if ((req->flags & SET_CLASS_WINEXTRA) && (req->win_extra < 0 || req->win_extra > 4096))
        st = STATUS_INVALID_PARAMETER;
    if (!st) {
        reply->old_atom = c->atom;
        reply->base_atom = c->base_atom;
        reply->old_style = c->style;
        reply->old_extra = c->extra;
        reply->old_win_extra = c->win_extra;
        reply->old_instance = c->instance;
        if (req->flags & SET_CLASS_ATOM)
            c->atom = c->base_atom = req->atom;
        if (req->flags & SET_CLASS_STYLE)
            c->style = req->style;
        if (req->flags & SET_CLASS_WINEXTRA)
            c->win_extra = req->win_extra;
        if (req->flags & SET_CLASS_INSTANCE)
            c->instance = req->instance;
        if ((req->flags & SET_CLASS_EXTRA) && req->extra_size) {
            memcpy(&reply->old_extra_value, c->extra_bytes + req->extra_offset, req->extra_size);
            memcpy(c->extra_bytes + req->extra_offset, &req->extra_value, req->extra_size);
        }
    }
    klock_release(&user_lock);
    return st;
}
SERVER_REQ(set_class_info);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * completion.c - I/O completion ports.
 *
 * A port is a queue of completion messages (key, value, status,
 * information).  NtSetIoCompletion and the kernel (completion_post: file
 * I/O on a file associated with the port, job notifications) append; the
 * NtRemoveIoCompletion calls take from the head, waiting if it is empty.
 * The port is a waitable object, signaled while it holds messages.
 *
 * Waiting goes through wait.c's engine (sync_wait_object on the port
 * object: NtWaitForSingleObject without the handle), so timeouts, alerts,
 * APCs, suspension and termination behave as in every other wait.  To hand each message to exactly one remover, a
 * thread inside NtRemoveIoCompletion registers itself on the port first;
 * when wait.c satisfies that thread's wait on the port (with the sync lock
 * held, at the instant it decides the wait), the port's `satisfy` moves the
 * head message into the thread's registration.  So one post wakes one
 * remover, and a message cannot be lost between the wake-up and the
 * dequeue.  Plain waits on the port (WaitForSingleObject) consume nothing.
 *
 * When the last handle to the port closes, removers still waiting return
 * STATUS_ABANDONED_WAIT_0 (GetQueuedCompletionStatus: ERROR_ABANDONED_WAIT_0).
 *
 * All port state is guarded by the sync lock (wait.c), as the wait hooks
 * run under it.  User memory is touched only with no lock held.
 *
 * Not implemented: the concurrency limit (NumberOfConcurrentThreads): every
 * waiting thread may be released, as if the limit were unbounded.
 */
#include "kernel.h"

struct comp_msg {
    struct comp_msg *next;
    ULONG_PTR key, value, info;
    NTSTATUS status;
};

/* A thread inside NtRemoveIoCompletion(Ex) on this port.  kmalloc'ed (a
 * thread killed in its wait never unlinks it); holds a thread reference
 * so that the kthread address is not reused while the record lives. */
struct remover {
    struct remover *next;
    struct kthread *thread;
    struct comp_msg *got;           /* handed over by port_satisfy */
    int abandoned;                  /* the port's last handle closed */
};

struct kcompletion {
    struct kobject obj;
    struct comp_msg *head, *tail;
    ULONG depth;
    ULONG concurrency;              /* recorded, not enforced */
    struct remover *removers;
};

/* No handle is left (removers already inside hold references, not handles). */
static int port_closed(struct kcompletion *port)
{
    return !__atomic_load_n(&port->obj.handles, __ATOMIC_ACQUIRE);
}

/* ---- Queue (sync lock held) ------------------------------------------------ */

static struct comp_msg *pop_locked(struct kcompletion *port)
{
    struct comp_msg *m = port->head;
    if (m) {
        if (!(port->head = m->next))
            port->tail = NULL;
        m->next = NULL;
        port->depth--;
    }
    return m;
}

static void push_front_locked(struct kcompletion *port, struct comp_msg *m)
{
    if (!(m->next = port->head))
        port->tail = m;
    port->head = m;
    port->depth++;
}

static void push_back_locked(struct kcompletion *port, struct comp_msg *m)
{
    m->next = NULL;
    if (port->tail)
        port->tail->next = m;
    else
        port->head = m;
    port->tail = m;
    port->depth++;
}

/* ---- The object ------------------------------------------------------------- */

static int port_signaled(struct kobject *obj, struct kthread *t)
{
    struct kcompletion *port = (struct kcompletion *)obj;
    (void)t;
    return port->head != NULL || port_closed(port);
}

/* t's wait on the port is satisfied: if t is a remover, give it a message. */
static void port_satisfy(struct kobject *obj, struct kthread *t)
{
    struct kcompletion *port = (struct kcompletion *)obj;

    for (struct remover *r = port->removers; r; r = r->next) {
        if (r->thread != t || r->got || r->abandoned)
            continue;
        if (!(r->got = pop_locked(port)) && port_closed(port))
            r->abandoned = 1;
        return;
    }
}

static void port_close_handle(struct kobject *obj, ACCESS_MASK access)
{
    struct kcompletion *port = (struct kcompletion *)obj;
    (void)access;
    if (!port_closed(port))
        return;
    sync_lock_acquire();
    sync_signal_locked(obj);    /* the removers still waiting give up */
    sync_lock_release();
}

static void port_destroy(struct kobject *obj)
{
    struct kcompletion *port = (struct kcompletion *)obj;
    struct comp_msg *m;
    struct remover *r;

    /* nobody else can reach the port any more: no lock needed */
    while ((m = port->head)) {
        port->head = m->next;
        kfree(m);
    }
    while ((r = port->removers)) {
        port->removers = r->next;
        kfree(r->got);
        kobject_unref(r->thread);
        kfree(r);
    }
}

static const struct kobject_type completion_type = {
    .name = "IoCompletion",
    .mapping = { STANDARD_RIGHTS_READ | IO_COMPLETION_QUERY_STATE,
                 STANDARD_RIGHTS_WRITE | IO_COMPLETION_MODIFY_STATE,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, IO_COMPLETION_ALL_ACCESS },
    .valid_access = IO_COMPLETION_ALL_ACCESS,
    .destroy = port_destroy,
    .close_handle = port_close_handle,
    .signaled = port_signaled,
    .satisfy = port_satisfy,
};

/* ---- Kernel interface ------------------------------------------------------- */

NTSTATUS completion_post(struct kobject *obj, ULONG_PTR key, ULONG_PTR value, NTSTATUS status,
                         ULONG_PTR info)
{
    struct kcompletion *port = (struct kcompletion *)obj;
    struct comp_msg *m;

    if (!obj || obj->type != &completion_type)
        return STATUS_OBJECT_TYPE_MISMATCH;
    if (!(m = kmalloc(sizeof(*m))))
        return STATUS_NO_MEMORY;
    m->key = key;
    m->value = value;
    m->status = status;
    m->info = info;
    sync_lock_acquire();
    push_back_locked(port, m);
    sync_signal_locked(&port->obj);
    sync_lock_release();
    return STATUS_SUCCESS;
}

NTSTATUS completion_ref_handle(HANDLE handle, struct kobject **out)
{
    return handle_ref(handle, &completion_type, IO_COMPLETION_MODIFY_STATE, (void **)out);
}

/* ---- Removing ----------------------------------------------------------------- */

/* Drop the records of threads that ended inside a wait; a message one of
 * them had been handed goes back to the front.  Lock held; the records
 * are returned for freeing once it is dropped. */
static struct remover *reap_removers_locked(struct kcompletion *port)
{
    struct remover **p = &port->removers, *dead = NULL;

    while (*p) {
        struct remover *r = *p;
        if (!r->thread->terminated) {
            p = &r->next;
            continue;
        }
        *p = r->next;
        if (r->got) {
            push_front_locked(port, r->got);
            r->got = NULL;
        }
        r->next = dead;
        dead = r;
    }
    return dead;
}

static void free_removers(struct remover *r)
{
    while (r) {
        struct remover *next = r->next;
        kobject_unref(r->thread);
        kfree(r);
        r = next;
    }
}

static void unlink_remover_locked(struct kcompletion *port, struct remover *rec)
{
    for (struct remover **p = &port->removers; *p; p = &(*p)->next) {
        if (*p == rec) {
            *p = rec->next;
            return;
        }
    }
}

/* An NT timeout made absolute (so that a wait can be resumed), or NULL. */
static const LARGE_INTEGER *absolute_timeout(const LARGE_INTEGER *timeout, LARGE_INTEGER *buf)
{
    if (!timeout)
        return NULL;
    buf->QuadPart = timeout->QuadPart;
    if (buf->QuadPart < 0 && buf->QuadPart != INT64_MIN) {
        int64_t now = time_now_nt();
        buf->QuadPart = -buf->QuadPart > INT64_MAX - now ? INT64_MAX : now - buf->QuadPart;
    }
    return buf;
}

/*
 * Take up to max messages from the port, waiting (as NtWaitForSingleObject
 * would, alertable or not) for the first if there is none.  *list gets the
 * messages in queue order, for the caller to free; *count their number.
 * A thread killed in the wait never comes back: its record stays linked
 * (with its thread reference) until another remover or the port's end
 * reaps it.
 */
static NTSTATUS remove_messages(HANDLE handle, ULONG max, const LARGE_INTEGER *timeout,
                                BOOLEAN alertable, struct comp_msg **list, ULONG *count)
{
    struct kcompletion *port;
    struct remover *rec, *dead;
    struct comp_msg **tail = list, *m;
    LARGE_INTEGER abs_buf;
    NTSTATUS st = STATUS_SUCCESS, wst;
    ULONG n = 0;
    int abandoned;

    *list = NULL;
    *count = 0;
    if ((st = handle_ref(handle, &completion_type, IO_COMPLETION_MODIFY_STATE, (void **)&port)))
        return st;
    if (!(rec = kzalloc(sizeof(*rec)))) {
        kobject_unref(port);
        return STATUS_NO_MEMORY;
    }
    timeout = absolute_timeout(timeout, &abs_buf);

    for (;;) {
        sync_lock_acquire();
        dead = reap_removers_locked(port);
        while (n < max && (m = pop_locked(port))) {
            *tail = m;
            tail = &m->next;
            n++;
        }
        if (n || port_closed(port)) {
            sync_lock_release();
            free_removers(dead);
            if (!n)
                st = STATUS_ABANDONED_WAIT_0;
            break;
        }
        /* nothing yet: register, then wait on the port */
        rec->thread = kobject_ref(current_thread());
        rec->got = NULL;
        rec->abandoned = 0;
        rec->next = port->removers;
        port->removers = rec;
        sync_lock_release();
        free_removers(dead);

        /* on the object itself: the handle may be closed (and its value
           reused) meanwhile, and need not grant SYNCHRONIZE */
        wst = sync_wait_object(&port->obj, alertable, timeout);

        sync_lock_acquire();
        unlink_remover_locked(port, rec);
        if ((m = rec->got)) {
            *tail = m;
            tail = &m->next;
            n++;
        }
        abandoned = rec->abandoned || port_closed(port);
        sync_lock_release();
        kobject_unref(rec->thread);
        rec->thread = NULL;
        rec->got = NULL;
        if (!n && wst == STATUS_USER_APC) {
            st = wst;       /* the return already goes through the APC with it */
            break;
        }
        if (!n && abandoned) {
            st = STATUS_ABANDONED_WAIT_0;
            break;
        }
        if (!n && wst != STATUS_WAIT_0) {
            st = wst;       /* timeout, alert, APC, or an error */
            break;
        }
        /* got one (or a spurious wake-up): go round for more, or again */
    }
    kfree(rec);
    kobject_unref(port);
    *count = n;
    return n ? STATUS_SUCCESS : st;
}

static void free_messages(struct comp_msg *m)
{
    while (m) {
        struct comp_msg *next = m->next;
        kfree(m);
        m = next;
    }
}

/* ---- System calls -------------------------------------------------------------- */

NTSTATUS NTAPI KERNEL_EXPORT NtCreateIoCompletion(HANDLE *handle, ACCESS_MASK access,
                                                  OBJECT_ATTRIBUTES *attr, ULONG threads)
{
    struct kcompletion *port;

    *handle = 0;
    if (!(port = kobject_alloc(&completion_type, sizeof(*port))))
        return STATUS_NO_MEMORY;
    port->concurrency = threads;
    return object_create_handle(&port->obj, access, attr, handle);
}
SYSCALL(NtCreateIoCompletion);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenIoCompletion(HANDLE *handle, ACCESS_MASK access,
                                                const OBJECT_ATTRIBUTES *attr)
{
    *handle = 0;
    return object_open_by_name(&completion_type, access, attr, handle);
}
SYSCALL(NtOpenIoCompletion);

NTSTATUS NTAPI KERNEL_EXPORT NtSetIoCompletion(HANDLE handle, ULONG_PTR key, ULONG_PTR value,
                                               NTSTATUS status, SIZE_T info)
{
    struct kobject *port;
    NTSTATUS st;

    if ((st = completion_ref_handle(handle, &port)))
        return st;
    st = completion_post(port, key, value, status, info);
    kobject_unref(port);
    return st;
}
SYSCALL(NtSetIoCompletion);

/* Windows 8's variant with a reserve object (preallocated memory for the
 * message); the kernel heap serves instead, so the reserve is not used. */
NTSTATUS NTAPI KERNEL_EXPORT NtSetIoCompletionEx(HANDLE handle, HANDLE reserve, ULONG_PTR key,
                                                 ULONG_PTR value, NTSTATUS status, SIZE_T info)
{
    (void)reserve;
    return NtSetIoCompletion(handle, key, value, status, info);
}
SYSCALL(NtSetIoCompletionEx);

NTSTATUS NTAPI KERNEL_EXPORT NtRemoveIoCompletion(HANDLE handle, ULONG_PTR *key, ULONG_PTR *value,
                                                  IO_STATUS_BLOCK *io, LARGE_INTEGER *timeout)
{
    struct comp_msg *m;
    ULONG n;
    NTSTATUS st = remove_messages(handle, 1, timeout, FALSE, &m, &n);

    if (n) {
        *key = m->key;
        *value = m->value;
        io->Status = m->status;
        io->Information = m->info;
        free_messages(m);
    }
    return st;
}
SYSCALL(NtRemoveIoCompletion);

NTSTATUS NTAPI KERNEL_EXPORT NtRemoveIoCompletionEx(HANDLE handle, FILE_IO_COMPLETION_INFORMATION *info,
                                                    ULONG count, ULONG *written,
                                                    LARGE_INTEGER *timeout, BOOLEAN alertable)
{
    struct comp_msg *list, *m;
    ULONG n, i = 0;
    NTSTATUS st;

    if (!count)
        return STATUS_INVALID_PARAMETER;
    st = remove_messages(handle, count, timeout, alertable, &list, &n);
    for (m = list; m; m = m->next, i++) {
        info[i].CompletionKey = m->key;
        info[i].CompletionValue = m->value;
        info[i].IoStatusBlock.Status = m->status;
        info[i].IoStatusBlock.Information = m->info;
    }
    free_messages(list);
    /* Windows reports one entry written even when a timeout or an APC
       ended the call with none (ntdll's tests check it) */
    if (written && (n || st == STATUS_TIMEOUT || st == STATUS_USER_APC))
        *written = n ? n : 1;
    return st;
}
SYSCALL(NtRemoveIoCompletionEx);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryIoCompletion(HANDLE handle, IO_COMPLETION_INFORMATION_CLASS cls,
                                                 void *buf, ULONG len, ULONG *ret_len)
{
    struct kcompletion *port;
    NTSTATUS st;
    LONG depth;

    if (!buf)
        return STATUS_INVALID_PARAMETER;
    if (cls != IoCompletionBasicInformation)
        return STATUS_INVALID_INFO_CLASS;
    if (ret_len)
        *ret_len = sizeof(IO_COMPLETION_BASIC_INFORMATION);
    if (len != sizeof(IO_COMPLETION_BASIC_INFORMATION))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((st = handle_ref(handle, &completion_type, IO_COMPLETION_QUERY_STATE, (void **)&port)))
        return st;
    sync_lock_acquire();
    depth = (LONG)port->depth;
    sync_lock_release();
    kobject_unref(port);
    ((IO_COMPLETION_BASIC_INFORMATION *)buf)->Depth = depth;
    return STATUS_SUCCESS;
}
SYSCALL(NtQueryIoCompletion);

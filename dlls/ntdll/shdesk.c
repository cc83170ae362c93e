/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * shdesk.c - the kernel's side of the desktop shared by an instance's
 * processes (shdesk.h): the "desktop" file of the runtime directory,
 * mapped shared; the table lock; this process's slot; the inbox thread
 * that turns messages other processes posted into posted messages of the
 * local queues; WaitForInputIdle's idle events.
 *
 * Host objects: one file stream (its URI is the runtime directory's
 * "desktop") with its byte locks, a shared mapping of it and a kernel
 * thread; all made again from the URI.  Without a runtime directory the
 * process keeps its windows to itself, as before.
 */
#include "user.h"
#include "shdesk.h"

NTSTATUS NTAPI NtQueryInformationProcess(HANDLE handle, PROCESSINFOCLASS cls, void *info,
                                         ULONG len, ULONG *ret_len);
NTSTATUS NTAPI NtCreateEvent(HANDLE *handle, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                             EVENT_TYPE type, BOOLEAN state);

/* A WaitForInputIdle of another process: its idle event. */
struct idle_watch {
    uint32_t pid;
    int signaled;
    struct kobject *event;
};

static struct {
    struct klock attach_lock;   /* one attach */
    int tried;
    host_stream_t stream;
    struct shdesk *t;
    int slot;                   /* ours, -1: no shared desktop */
    uint32_t pid;
    uint16_t gen_seed;
    struct klock lock;          /* the in-process half of the table lock */
    int idle_told;
    struct idle_watch *watches; /* under lock */
    int nb_watches;
} sd = { .stream = -1, .slot = -1 };

/* ---- The table lock ------------------------------------------------------------ */

/* The file lock excludes other processes (and is dropped by the host if
 * this one dies holding it); the klock our own threads, whose locks on
 * one stream never conflict with each other. */
static int table_lock(void)
{
    int r;

    klock_acquire(&sd.lock);
    while ((r = host_stream_lock(sd.stream, SHDESK_TABLE_LOCK, 1,
                                 HOST_LOCK_EXCLUSIVE | HOST_LOCK_WAIT)) == HOST_EINTR)
        ;
    if (r < 0) {
        klock_release(&sd.lock);
        return -1;
    }
    return 0;
}

static void table_unlock(void)
{
    host_stream_lock(sd.stream, SHDESK_TABLE_LOCK, 1, HOST_LOCK_UNLOCK);
    klock_release(&sd.lock);
}

/* Is the slot's owner alive?  A slot whose byte lock we can take has none:
 * its entries go (table lock held). */
static int slot_alive_locked(unsigned slot)
{
    int r;

    if ((int)slot == sd.slot)
        return 1;
    if (!sd.t->slots[slot].pid)
        return 0;
    r = host_stream_lock(sd.stream, SHDESK_SLOT_LOCK + slot, 1, HOST_LOCK_EXCLUSIVE);
    if (r < 0)
        return 1;   /* held (HOST_EBUSY), or we cannot tell */
    shdesk_table_release(sd.t, slot);
    host_stream_lock(sd.stream, SHDESK_SLOT_LOCK + slot, 1, HOST_LOCK_UNLOCK);
    return 0;
}

/* ---- Joining ------------------------------------------------------------------- */

static void inbox_start(void);

static int map_table(void)
{
    const size_t size = ALIGN_UP(sizeof(struct shdesk), PAGE_SIZE_K);
    char uri[1024];
    struct host_attr attr;
    void *base = NULL;
    host_stream_t s;

    if (snprintf(uri, sizeof(uri), "file:%s/desktop", kernel.runtime_dir) >= (int)sizeof(uri) ||
        host_stream_open(uri, HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s) < 0)
        return -1;
    /* grown, never shrunk: another process may be using it */
    if (host_stream_attr(s, &attr) < 0 || (attr.size < size && host_stream_set_length(s, size) < 0) ||
        virtual_reserve(&base, size, 0, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE, VIEW_SYSTEM) ||
        virtual_commit(base, size, PAGE_READWRITE) ||
        host_stream_map(s, base, size, 0, HOST_PROT_READ | HOST_PROT_WRITE,
                        HOST_MAP_SHARED | HOST_MAP_FUTEX) < 0) {
        if (base)
            virtual_release(base);
        host_stream_close(s);
        return -1;
    }
    sd.stream = s;
    sd.t = base;
    return 0;
}

/* A free slot: the first whose byte we can lock (held for our life). */
static int claim_slot(void)
{
    for (unsigned i = 0; i < SHDESK_SLOTS; i++) {
        if (host_stream_lock(sd.stream, SHDESK_SLOT_LOCK + i, 1, HOST_LOCK_EXCLUSIVE) < 0)
            continue;
        if (table_lock() < 0)
            return -1;
        sd.gen_seed = (uint16_t)(shdesk_table_claim(sd.t, i, sd.pid) * 0x101u);
        table_unlock();
        return (int)i;
    }
    return -1;
}

static void attach(void)
{
    klock_acquire(&sd.attach_lock);
    if (sd.tried) {
        klock_release(&sd.attach_lock);
        return;
    }
    if (kernel.runtime_dir && *kernel.runtime_dir && !map_table() && !table_lock()) {
        shdesk_table_init(sd.t);
        table_unlock();
        sd.pid = process_id();
        if ((sd.slot = claim_slot()) >= 0)
            inbox_start();
        else
            KTRACE(KEEP_DEBUG_SYSCALLS, "keep: the shared desktop has no free slot\n");
    }
    /* published last: readers of sd.slot need no lock */
    __atomic_store_n(&sd.tried, 1, __ATOMIC_RELEASE);
    klock_release(&sd.attach_lock);
}

static int attached(void)
{
    if (!__atomic_load_n(&sd.tried, __ATOMIC_ACQUIRE))
        attach();
    return sd.slot >= 0;
}

void shdesk_handle_range(unsigned *first, unsigned *count, uint16_t *gen_seed)
{
    if (!attached()) {
        *first = 0;
        *count = SHDESK_ALL_HANDLES;
        *gen_seed = 0;
        return;
    }
    *first = (unsigned)sd.slot * SHDESK_SLOT_HANDLES;
    *count = SHDESK_SLOT_HANDLES;
    *gen_seed = sd.gen_seed;
}

/* ---- Windows ------------------------------------------------------------------- */

void shdesk_publish(const struct shdesk_window *w)
{
    struct shdesk_window e = *w;

    if (!attached() || table_lock() < 0)
        return;
    e.slot = (uint32_t)sd.slot;
    e.pid = sd.pid;
    if (shdesk_table_put(sd.t, &e) < 0)
        KTRACE(KEEP_DEBUG_SYSCALLS, "keep: the shared desktop's window table is full\n");
    table_unlock();
}

void shdesk_unpublish(uint32_t h)
{
    if (!attached() || table_lock() < 0)
        return;
    shdesk_table_remove(sd.t, h);
    table_unlock();
}

/* Another process's live window h (table lock held).  A process whose
 * id is ours (every `keep run` starts its first process as 0x20) is not
 * shown: win32u would take its windows for our own. */
static const struct shdesk_window *foreign_locked(uint32_t h)
{
    const struct shdesk_window *e = shdesk_table_find(sd.t, h);

    if (!e || (int)e->slot == sd.slot || e->pid == sd.pid || !slot_alive_locked(e->slot))
        return NULL;
    return e;
}

int shdesk_window_get(uint32_t h, struct shdesk_window *out)
{
    const struct shdesk_window *e;
    int slot = shdesk_slot_of_handle(h);

    if (slot < 0 || !attached() || slot == sd.slot || table_lock() < 0)
        return 0;
    if ((e = foreign_locked(h)))
        *out = *e;
    table_unlock();
    return e != NULL;
}

int shdesk_window_list(struct shdesk_window *out, int max)
{
    int alive[SHDESK_SLOTS], n = 0;

    if (!attached() || table_lock() < 0)
        return 0;
    for (unsigned i = 0; i < SHDESK_SLOTS; i++)
        alive[i] = (int)i != sd.slot && slot_alive_locked(i);
    for (unsigned i = 0; i < SHDESK_WINDOWS; i++) {
        const struct shdesk_window *e = shdesk_table_entry(sd.t, i);
        if (!e || e->slot >= SHDESK_SLOTS || !alive[e->slot] || e->pid == sd.pid ||
            shdesk_table_find(sd.t, e->handle) != e)
            continue;
        if (n < max)
            out[n] = *e;
        n++;
    }
    table_unlock();
    return n;
}

/* ---- Posted messages ------------------------------------------------------------- */

int shdesk_post(uint32_t h, uint32_t msg, uint64_t wparam, uint64_t lparam)
{
    struct shdesk_msg m = { h, msg, wparam, lparam };
    const struct shdesk_window *e;
    volatile uint32_t *wake = NULL;
    int r = SHDESK_NO_WINDOW;

    if (!attached() || table_lock() < 0)
        return SHDESK_NO_WINDOW;
    if ((e = foreign_locked(h))) {
        m.win = e->handle;
        r = shdesk_table_push(sd.t, e->slot, &m) ? SHDESK_FULL : 0;
        wake = &sd.t->slots[e->slot].wake;
    }
    table_unlock();
    if (!r)
        host_futex_wake(wake, 1);
    return r;
}

/* ---- Idle ------------------------------------------------------------------------ */

void shdesk_set_idle(void)
{
    volatile uint32_t *wake[SHDESK_SLOTS];
    int n = 0;

    if (__atomic_load_n(&sd.idle_told, __ATOMIC_RELAXED) || !attached() || table_lock() < 0)
        return;
    sd.idle_told = 1;
    sd.t->slots[sd.slot].idle = 1;
    /* whoever waits for us to go idle is one of the others */
    for (unsigned i = 0; i < SHDESK_SLOTS; i++)
        if ((int)i != sd.slot && sd.t->slots[i].pid) {
            __atomic_add_fetch(&sd.t->slots[i].wake, 1, __ATOMIC_RELEASE);
            wake[n++] = &sd.t->slots[i].wake;
        }
    table_unlock();
    for (int i = 0; i < n; i++)
        host_futex_wake(wake[i], 1);
}

/* Signal the idle events of the processes that have gone idle. */
static void idle_check(void)
{
    if (!__atomic_load_n(&sd.nb_watches, __ATOMIC_ACQUIRE) || table_lock() < 0)
        return;     /* nobody here waits for another process to go idle */
    for (int w = 0; w < sd.nb_watches; w++) {
        struct idle_watch *iw = &sd.watches[w];
        for (unsigned i = 0; !iw->signaled && i < SHDESK_SLOTS; i++)
            if (sd.t->slots[i].pid == iw->pid && sd.t->slots[i].idle && slot_alive_locked(i)) {
                iw->signaled = 1;
                sync_lock_acquire();
                sync_signal_object_locked(iw->event, EVENT_MODIFY_STATE);
                sync_lock_release();
            }
    }
    table_unlock();
}

/* The idle event of process pid (referenced), made on first use. */
static struct kobject *idle_event(uint32_t pid)
{
    struct kobject *ev = NULL;
    struct idle_watch *more;
    HANDLE h;

    klock_acquire(&sd.lock);
    for (int i = 0; i < sd.nb_watches; i++)
        if (sd.watches[i].pid == pid)
            ev = kobject_ref(sd.watches[i].event);
    klock_release(&sd.lock);
    if (ev)
        return ev;
    if (NtCreateEvent(&h, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE))
        return NULL;
    handle_ref(h, NULL, 0, (void **)&ev);
    NtClose(h);
    if (!ev)
        return NULL;
    klock_acquire(&sd.lock);
    if (!(more = krealloc(sd.watches, (sd.nb_watches + 1) * sizeof(*more)))) {
        klock_release(&sd.lock);
        kobject_unref(ev);
        return NULL;
    }
    sd.watches = more;
    sd.watches[sd.nb_watches++] = (struct idle_watch){ pid, 0, kobject_ref(ev) };
    klock_release(&sd.lock);
    return ev;
}

/* WaitForInputIdle: an event another process's first wait for input
 * signals.  No event for ourselves (as Wine) or without a shared desktop. */
static NTSTATUS req_get_process_idle_event(struct server_call *call)
{
    const struct get_process_idle_event_request *req = (const void *)call->req;
    struct get_process_idle_event_reply *reply = (void *)call->reply;
    PROCESS_BASIC_INFORMATION info;
    struct kobject *ev;
    HANDLE h;
    NTSTATUS st;

    if ((st = NtQueryInformationProcess((HANDLE)(uintptr_t)req->handle, ProcessBasicInformation,
                                        &info, sizeof(info), NULL)))
        return st;
    if (info.UniqueProcessId == sd.pid || info.UniqueProcessId == process_id() || !attached())
        return STATUS_SUCCESS;
    if (!(ev = idle_event((uint32_t)info.UniqueProcessId)))
        return STATUS_NO_MEMORY;
    st = handle_alloc(ev, EVENT_ALL_ACCESS, 0, &h);
    kobject_unref(ev);
    if (st)
        return st;
    reply->event = (obj_handle_t)(uintptr_t)h;
    idle_check();
    return STATUS_SUCCESS;
}
SERVER_REQ(get_process_idle_event);

/* ---- The inbox thread ------------------------------------------------------------ */

/* Deliver what other processes posted to our windows, as PostMessage
 * would have here (a window gone since: dropped, as Windows drops it). */
static void inbox_drain(void)
{
    struct shdesk_msg m[16];
    int n;

    do {
        n = 0;
        if (table_lock() < 0)
            return;
        while (n < 16 && shdesk_table_pop(sd.t, (unsigned)sd.slot, &m[n]))
            n++;
        table_unlock();
        for (int i = 0; i < n; i++)
            queue_post_window_message(m[i].win, m[i].msg, m[i].wparam, m[i].lparam);
    } while (n == 16);
}

static volatile uint32_t inbox_running;

/* A kernel thread with a stand-in TEB (arg), as the input thread.  A
 * service thread for snapshots: it parks between deliveries. */
static void inbox_main(void *arg)
{
    volatile uint32_t *wake = &sd.t->slots[sd.slot].wake;

    host_thread_set_teb(arg);
    __atomic_store_n(&inbox_running, 1, __ATOMIC_RELEASE);
    for (;;) {
        uint32_t seen = __atomic_load_n(wake, __ATOMIC_ACQUIRE);
        snapshot_service_point();
        snapshot_service_enter();
        inbox_drain();
        idle_check();
        snapshot_service_leave();
        host_futex_wait(wake, seen, NULL, 0);
    }
}

unsigned shdesk_service_threads(void)
{
    volatile uint32_t *wake;

    if (!__atomic_load_n(&inbox_running, __ATOMIC_ACQUIRE))
        return 0;
    /* out of its wait, to its service point */
    wake = &sd.t->slots[sd.slot].wake;
    __atomic_add_fetch(wake, 1, __ATOMIC_SEQ_CST);
    host_futex_wake(wake, INT32_MAX);
    return 1;
}

int shdesk_view(void **base, size_t *size)
{
    if (!sd.t)
        return 0;
    *base = sd.t;
    *size = ALIGN_UP(sizeof(struct shdesk), PAGE_SIZE_K);
    return 1;
}

/* The desktop file of this (new) runtime directory over the old table's
 * addresses, with the slot the process had: its window handles hold the
 * slot.  -1 if that cannot be had. */
static int rejoin(void *base, int slot)
{
    const size_t size = ALIGN_UP(sizeof(struct shdesk), PAGE_SIZE_K);
    struct host_attr attr;
    char uri[1024];
    host_stream_t s;

    if (!kernel.runtime_dir || !*kernel.runtime_dir ||
        snprintf(uri, sizeof(uri), "file:%s/desktop", kernel.runtime_dir) >= (int)sizeof(uri) ||
        host_stream_open(uri, HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE, &s) < 0)
        return -1;
    if (host_stream_attr(s, &attr) < 0 || (attr.size < size && host_stream_set_length(s, size) < 0) ||
        host_vm_reserve(&base, size, HOST_VM_FIXED) < 0) {
        host_stream_close(s);
        return -1;
    }
    if (host_stream_map(s, base, size, 0, HOST_PROT_READ | HOST_PROT_WRITE,
                        HOST_MAP_SHARED | HOST_MAP_FUTEX) < 0 ||
        host_stream_lock(s, SHDESK_SLOT_LOCK + (unsigned)slot, 1, HOST_LOCK_EXCLUSIVE) < 0) {
        host_vm_free(base, size, 0);
        host_stream_close(s);
        return -1;
    }
    sd.stream = s;
    sd.t = base;
    if (table_lock() < 0)
        return -1;
    shdesk_table_init(sd.t);
    shdesk_table_claim(sd.t, (unsigned)slot, sd.pid);   /* our old windows there: gone */
    table_unlock();
    return 0;
}

void shdesk_resumed(void)
{
    int slot = sd.slot;
    void *base = sd.t;

    __atomic_store_n(&inbox_running, 0, __ATOMIC_RELEASE);
    if (!base)
        return;
    /* the old file's stream and table are the old runtime directory's */
    if (sd.stream >= 0)
        host_stream_close(sd.stream);
    sd.stream = -1;
    sd.t = NULL;
    sd.slot = -1;
    sd.nb_watches = 0;   /* their events were another desktop's */
    if (slot < 0 || rejoin(base, slot) < 0) {
        KTRACE(KEEP_DEBUG_SYSCALLS, "keep: resumed without the shared desktop (slot %d taken)\n", slot);
        return;
    }
    sd.slot = slot;
    window_share_again();
    inbox_start();
}

static void inbox_start(void)
{
    const size_t stack_size = 0x20000;
    void *stack = NULL;
    TEB *teb;

    if (!(teb = kzalloc(sizeof(TEB))))
        return;
    teb->Tib.Self = &teb->Tib;
    if (host_vm_reserve(&stack, stack_size, HOST_VM_TOP_DOWN) < 0 ||
        host_vm_commit(stack, stack_size, HOST_PROT_READ | HOST_PROT_WRITE) < 0 ||
        host_thread_create(inbox_main, teb, stack, stack_size, NULL) < 0)
        KTRACE(KEEP_DEBUG_SYSCALLS, "keep: no inbox thread for the shared desktop\n");
}

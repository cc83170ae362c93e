/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapshot.c - taking a snapshot (docs/snapshot.md): the kernel's side.
 *
 * A service thread reads the monitor's requests from the ctl: stream.  For
 * a snapshot it parks the other service threads where they hold no lock,
 * stops every program thread (thread.c: in user code, or about to make a
 * wait again), writes the registry's image, closes the database, names
 * every range of memory the program and the kernel use (the views, the
 * kernel heap) and finally the kernel's own data, all through ctl:, where
 * the monitor frames them into the file.  Then the program either ends
 * (migration) or runs on.
 *
 * No lock is held while the memory and the data are written: the data
 * must read as it will be in the resumed process, where the snapshot's
 * thread does not exist.
 */
#include <elf.h>

#include "elfload.h"
#include "kdisplay.h"
#include "shdesk.h"

#define PARK_TIMEOUT_NS 5000000000LL

extern Elf64_Dyn _DYNAMIC[] __attribute__((visibility("hidden")));
extern char _end[] __attribute__((visibility("hidden")));

static host_stream_t ctl = -1;
static void *control_stack;
static volatile uint32_t freeze;      /* futex: 1 while service threads must park */
static volatile uint32_t parked;      /* futex: how many are parked */
static volatile uint32_t busy;        /* futex: service threads inside a change */

/* ---- Service threads ------------------------------------------------------- */

void snapshot_service_point(void)
{
    if (!__atomic_load_n(&freeze, __ATOMIC_ACQUIRE))
        return;
    __atomic_add_fetch(&parked, 1, __ATOMIC_SEQ_CST);
    host_futex_wake(&parked, INT32_MAX);
    while (__atomic_load_n(&freeze, __ATOMIC_SEQ_CST))
        host_futex_wait(&freeze, 1, NULL, 0);
    __atomic_sub_fetch(&parked, 1, __ATOMIC_SEQ_CST);
}

void snapshot_service_sleep(int64_t timeout_ns)
{
    /* on the word a snapshot sets and wakes: it need not wait for a tick */
    host_futex_wait(&freeze, 0, &timeout_ns, 0);
}

void snapshot_service_enter(void)
{
    for (;;) {
        __atomic_add_fetch(&busy, 1, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&freeze, __ATOMIC_SEQ_CST))
            return;
        snapshot_service_leave();
        while (__atomic_load_n(&freeze, __ATOMIC_SEQ_CST))
            host_futex_wait(&freeze, 1, NULL, 0);
    }
}

void snapshot_service_leave(void)
{
    if (!__atomic_sub_fetch(&busy, 1, __ATOMIC_SEQ_CST))
        host_futex_wake(&busy, INT32_MAX);
}

static void unpark_services(void)
{
    __atomic_store_n(&freeze, 0, __ATOMIC_SEQ_CST);
    host_futex_wake(&freeze, INT32_MAX);
}

/* Park the ticker and the timer thread: 0, or -1 if they did not come. */
static int park_services(void)
{
    int64_t step = 1000000, waited = 0;

    __atomic_store_n(&freeze, 1, __ATOMIC_SEQ_CST);
    host_futex_wake(&freeze, INT32_MAX);
    for (;;) {
        /* the ticker, sync.c's timer thread, the shared desktop's inbox,
           the display's input thread */
        unsigned want = 1 + sync_service_threads() + shdesk_service_threads() +
                        kinput_service_threads();
        uint32_t now = __atomic_load_n(&parked, __ATOMIC_SEQ_CST);
        uint32_t inside = __atomic_load_n(&busy, __ATOMIC_SEQ_CST);
        if (now >= want && !inside)
            return 0;
        if (waited >= PARK_TIMEOUT_NS) {
            unpark_services();
            return -1;
        }
        if (inside)
            host_futex_wait(&busy, inside, &step, 0);
        else
            host_futex_wait(&parked, now, &step, 0);
        waited += step;
    }
}

/* ---- Writing through ctl: -------------------------------------------------- */

static int put_record(uint32_t kind, uint32_t type, uint64_t addr, uint64_t size)
{
    struct host_ctl_record r = { kind, type, addr, size };
    size_t done;

    return host_stream_write(ctl, &r, sizeof(r), HOST_POS_NONE, &done);
}

static int put_payload(const void *data, size_t size)
{
    size_t done;

    return host_stream_write(ctl, data, size, 0, &done);
}

/* Tell the monitor why there is no snapshot. */
static void refuse(const char *why)
{
    size_t len = strlen(why);

    if (!put_record(HOST_CTL_SECTION, HOST_CTL_ERROR, 0, len))
        put_payload(why, len);
    put_record(HOST_CTL_END, 0, 0, 1);
}

/* ntdll.so's data and bss: from after the GOT (whose entries point into
 * the host, different in another process) to the end of the image. */
static int kernel_data_range(uintptr_t *start, uintptr_t *end)
{
    uintptr_t pltgot = 0, relsz = 0;

    for (Elf64_Dyn *d = _DYNAMIC; d->d_tag != DT_NULL; d++) {
        if (d->d_tag == DT_PLTGOT)
            pltgot = d->d_un.d_ptr;
        else if (d->d_tag == DT_PLTRELSZ)
            relsz = d->d_un.d_val;
    }
    if (!pltgot)
        return -1;
    *start = ALIGN_UP(pltgot + (3 + relsz / sizeof(Elf64_Rela)) * sizeof(void *), 8);
    *end = (uintptr_t)_end;
    return *start < *end && (uintptr_t)&ctl >= *start && (uintptr_t)&ctl < *end ? 0 : -1;
}

static int write_kernel_data(void)
{
    uintptr_t start, end;
    uint64_t addr;
    int r;

    if (kernel_data_range(&start, &end))
        return HOST_EINVAL;
    addr = start;
    if ((r = put_record(HOST_CTL_SECTION, KEEP_SNAP_KERNEL_DATA, 0, sizeof(addr) + end - start)) ||
        (r = put_payload(&addr, sizeof(addr))))
        return r;
    return put_payload((const void *)start, end - start);
}

/* Sort spans by address and join the ones that touch: one section each
 * costs the monitor a lookup and a frame. */
static size_t join_spans(struct kspan *list, size_t n)
{
    size_t out = 0;

    for (size_t i = 1; i < n; i++) {
        struct kspan s = list[i];
        size_t j = i;
        for (; j > 0 && list[j - 1].base > s.base; j--)
            list[j] = list[j - 1];
        list[j] = s;
    }
    for (size_t i = 0; i < n; i++) {
        if (out && list[out - 1].base + list[out - 1].size == list[i].base)
            list[out - 1].size += list[i].size;
        else
            list[out++] = list[i];
    }
    return out;
}

/* Drop the span that is exactly [base, base + size) (the shared
 * desktop's table: a file of the old instance, joined again on resume). */
static size_t drop_span(struct kspan *list, size_t n, uintptr_t base, size_t size)
{
    size_t out = 0;

    for (size_t i = 0; i < n; i++)
        if (list[i].base != base || list[i].size != size)
            list[out++] = list[i];
    return out;
}

/* Name every range of memory to the monitor: the views, the heap and the
 * unix libraries' area.  The list lives in host memory of its own. */
static int write_memory(void)
{
    size_t n = virtual_spans(NULL, 0) + kmem_spans(NULL, 0) + elf_spans(NULL, 0) + 16;
    size_t bytes = ALIGN_UP(n * sizeof(struct kspan), PAGE_SIZE_K);
    struct kspan *list = NULL;
    int r;

    if ((r = host_vm_reserve((void **)&list, bytes, 0)) ||
        (r = host_vm_commit(list, bytes, HOST_PROT_READ | HOST_PROT_WRITE))) {
        if (list)
            host_vm_free(list, bytes, 0);
        return r;
    }
    size_t views = virtual_spans(list, n);
    size_t heap = views <= n ? kmem_spans(list + views, n - views) : 0;
    size_t libs = views + heap <= n ? elf_spans(list + views + heap, n - views - heap) : 0;
    void *desk_base;
    size_t desk_size;
    if (views + heap + libs > n)
        r = HOST_ENOMEM;
    n = views + heap + libs;
    if (!r && shdesk_view(&desk_base, &desk_size))
        n = drop_span(list, n, (uintptr_t)desk_base, desk_size);
    n = r ? 0 : join_spans(list, n);
    for (size_t i = 0; i < n && !r; i++)
        r = put_record(HOST_CTL_MEMORY, 0, list[i].base, list[i].size);
    host_vm_free(list, bytes, 0);
    return r;
}

/* The registry's images: the tree's first process writes them, for the
 * whole instance (its children are saved, held, before it). */
static NTSTATUS write_registry(void)
{
    NTSTATUS st;

    if (put_record(HOST_CTL_SECTION, KEEP_SNAP_REGISTRY, 0, UINT64_MAX))
        return STATUS_UNSUCCESSFUL;
    st = registry_snapshot_save(ctl, 0);
    if (!st && put_record(HOST_CTL_SECTION, KEEP_SNAP_REGISTRY_VOLATILE, 0, UINT64_MAX))
        return STATUS_UNSUCCESSFUL;
    return st ? st : registry_snapshot_save(ctl, 1);
}

/* Everything but the kernel's data, which comes last (see above). */
static int write_state(int child)
{
    NTSTATUS st = child ? STATUS_SUCCESS : write_registry();
    int r;

    registry_snapshot_close();
    if (st)
        return HOST_EIO;
    if ((r = write_memory()))
        return r;
    return write_kernel_data();
}

static int put_child(host_stream_t stream)
{
    return put_record(HOST_CTL_CHILD, 0, (uint64_t)stream, 0);
}

/* After a HOLD snapshot: the tree's verdict.  Anything but a release that
 * says to end lets the program run on. */
static int released_to_run(void)
{
    struct host_ctl_request req;
    size_t done;
    int r;

    while ((r = host_stream_read(ctl, &req, sizeof(req), HOST_POS_NONE, &done)) == HOST_EINTR)
        ;
    return r || done != sizeof(req) || req.op != HOST_CTL_RELEASE ||
           (req.flags & HOST_CTL_LEAVE_RUNNING);
}

static void take_snapshot(const struct host_ctl_request *req)
{
    int child = (req->flags & HOST_CTL_HOLD) != 0;
    const char *reason = NULL;
    char why[256];
    int r;

    if (park_services()) {
        refuse("the kernel's service threads did not stop");
        return;
    }
    if (thread_snapshot_stop(why, sizeof(why)) < 0) {
        unpark_services();
        refuse(why);
        return;
    }
    /* the children stop (and stay stopped) while this process is */
    if (spawn_snapshot_children(put_child, &reason)) {
        thread_snapshot_continue();
        unpark_services();
        refuse(reason);
        return;
    }
    r = write_state(child);
    if (r)
        refuse("the snapshot could not be written");
    else
        r = put_record(HOST_CTL_END, 0, 0, 0);
    if (!r && (child ? !released_to_run() : !(req->flags & HOST_CTL_LEAVE_RUNNING)))
        host_process_exit(0);    /* migrated: nothing else may happen here */
    registry_snapshot_reopen(NULL);
    thread_snapshot_continue();
    unpark_services();
}

/* ---- The control thread ----------------------------------------------------- */

static void control_main(void *arg)
{
    struct host_ctl_request req;
    size_t done;

    (void)arg;
    if (ctl < 0 && host_stream_open("ctl:", HOST_OPEN_READ | HOST_OPEN_WRITE, &ctl) < 0)
        host_thread_exit(NULL);
    for (;;) {
        int r = host_stream_read(ctl, &req, sizeof(req), HOST_POS_NONE, &done);
        if (r == HOST_EINTR)
            continue;
        if (r || done != sizeof(req))
            host_thread_exit(NULL);
        if (req.op == HOST_CTL_SNAPSHOT)
            take_snapshot(&req);
        else
            refuse("unknown request");
    }
}

NTSTATUS snapshot_start(void)
{
    SIZE_T size = 0x40000;      /* it saves the registry: SQLite's stack */
    NTSTATUS st;

    if (!control_stack) {
        void *stack = NULL;
        if ((st = virtual_reserve(&stack, size, 0, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE,
                                  VIEW_SYSTEM)) ||
            (st = virtual_commit(stack, size, PAGE_READWRITE)))
            return st;
        control_stack = stack;
    }
    return status_from_host(host_thread_create(control_main, NULL, control_stack, size, NULL));
}

void snapshot_resumed(void)
{
    freeze = 0;
    parked = 0;
    busy = 0;
    path_resumed();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * spawn.c - creating processes: NtCreateUserProcess, and a child's start.
 *
 * A new Windows process is a new picoprocess (host_process_spawn), not
 * memory of ours: the parent's kernel checks the image, packs the process
 * parameters and the inherited File handles into the spawn data, and the
 * child's kernel builds its process from them (spawn_child_setup) instead
 * of from the command line keep was given.  The child waits on its parent
 * stream until the parent resumes its first thread; the resume command
 * carries the child's process id.
 *
 * What crosses: the image, the command line, the environment, the current
 * directory, the other process parameters, and the File handles that are
 * inherited (with the parent's handle values) or are the standard handles.
 * What does not: handles of other objects (events, sections...: another
 * picoprocess cannot share them), and named objects.
 *
 * The parent learns of the child's end from a watcher: a host thread
 * blocked reading the child's process stream.  Watchers are pooled and
 * never exit, so no thread ever frees its own stack.
 */
#include "kernel.h"
#include "image.h"
#include "regstore.h"

#define SPAWN_MAGIC 0x4e50534bu     /* "KSPN" */
#define SPAWN_VERSION 1
#define SPAWN_MAX_HANDLES 4096

/* ---- The spawn data ------------------------------------------------------- */

struct spawn_str {
    uint32_t offset, size;          /* bytes from the start of the data */
};

struct spawn_header {
    uint32_t magic, version, size;
    uint32_t parent_pid;
    uint32_t handle_count, handles_offset;
    uint32_t flags, console_flags;
    uint32_t x, y, xsize, ysize, xchars, ychars, fill, start_flags, show;
    uint64_t std_in, std_out, std_err, console;
    struct spawn_str image, cmdline, cwd, dllpath, title, desktop, shell, runtime, env;
};

struct spawn_handle {
    uint64_t value;
    uint32_t kind, stream;          /* stream: index, or UINT32_MAX */
    uint32_t access, options, share, attributes, append;
    uint64_t pos;
    struct spawn_str uri, path;
};

struct sbuf {
    char *data;
    size_t len, cap;
    int failed;
};

static size_t sbuf_add(struct sbuf *b, const void *data, size_t size)
{
    size_t at = ALIGN_UP(b->len, 8);

    if (b->failed)
        return 0;
    if (at + size > b->cap) {
        size_t cap = (at + size) * 2 + 256;
        char *n = krealloc(b->data, cap);
        if (!n) {
            b->failed = 1;
            return 0;
        }
        b->data = n;
        b->cap = cap;
    }
    memset(b->data + b->len, 0, at - b->len);
    if (size)
        memcpy(b->data + at, data, size);
    b->len = at + size;
    return at;
}

static struct spawn_str sbuf_us(struct sbuf *b, const UNICODE_STRING *us)
{
    struct spawn_str s = { 0, 0 };

    if (us->Buffer && us->Length) {
        s.size = us->Length;
        s.offset = (uint32_t)sbuf_add(b, us->Buffer, us->Length);
    }
    return s;
}

static struct spawn_str sbuf_cstr(struct sbuf *b, const char *str)
{
    struct spawn_str s = { 0, 0 };

    if (str) {
        s.size = (uint32_t)strlen(str);
        s.offset = (uint32_t)sbuf_add(b, str, s.size + 1);
    }
    return s;
}

/* Bytes of an environment block up to and including its final NUL pair. */
static size_t env_bytes(const WCHAR *env, SIZE_T size)
{
    size_t n = 0;

    if (!env)
        return 0;
    if (size)
        return size;
    while (env[n] || env[n + 1])
        n++;
    return (n + 2) * sizeof(WCHAR);
}

/* ---- Handles a child gets ------------------------------------------------ */

struct inherit_set {
    struct handle_entry *entries;
    size_t count;
    host_stream_t *streams;
    size_t stream_count;
};

static int in_list(HANDLE h, const HANDLE *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == h)
            return 1;
    return 0;
}

static int is_std(HANDLE h, const RTL_USER_PROCESS_PARAMETERS *p)
{
    return h && (h == p->hStdInput || h == p->hStdOutput || h == p->hStdError);
}

/*
 * The File handles to hand over: with inheritance, those marked inherit
 * (and in the handle list if there is one); always the standard handles
 * that are Files, as a console's handles reach a child on Windows.
 */
static NTSTATUS collect_handles(int inherit, const HANDLE *list, size_t list_n,
                                const RTL_USER_PROCESS_PARAMETERS *params, struct inherit_set *set)
{
    size_t total = handle_collect(NULL, 0, 0);

    if (total > SPAWN_MAX_HANDLES)
        total = SPAWN_MAX_HANDLES;
    set->entries = kzalloc((total + 1) * sizeof(*set->entries));
    set->streams = kzalloc((total + 1) * sizeof(*set->streams));
    if (!set->entries || !set->streams)
        return STATUS_NO_MEMORY;
    size_t got = handle_collect(set->entries, total, 0);
    if (got > total)
        got = total;
    for (size_t i = 0; i < got; i++) {
        struct handle_entry *e = &set->entries[i];
        int wanted = is_std(e->handle, params) ||
                     (inherit && (e->attributes & OBJ_INHERIT) &&
                      (!list || in_list(e->handle, list, list_n)));
        if (wanted)
            set->entries[set->count++] = *e;
        else
            kobject_unref(e->obj);
    }
    return STATUS_SUCCESS;
}

static void inherit_set_free(struct inherit_set *set)
{
    for (size_t i = 0; i < set->count; i++)
        kobject_unref(set->entries[i].obj);
    kfree(set->entries);
    kfree(set->streams);
}

/* The handle records, and the streams they need in set->streams. */
static void pack_handles(struct sbuf *b, struct inherit_set *set, struct spawn_header *h)
{
    struct spawn_handle *recs = kzalloc((set->count + 1) * sizeof(*recs));
    uint32_t n = 0;

    if (!recs) {
        b->failed = 1;
        return;
    }
    for (size_t i = 0; i < set->count; i++) {
        struct file_inherit d;
        if (!file_describe(set->entries[i].obj, &d))
            continue;
        struct spawn_handle *r = &recs[n++];
        r->value = (uintptr_t)set->entries[i].handle;
        r->kind = d.kind;
        r->stream = UINT32_MAX;
        if (d.stream >= 0) {
            r->stream = (uint32_t)set->stream_count;
            set->streams[set->stream_count++] = d.stream;
        }
        r->access = set->entries[i].access;
        r->options = d.options;
        r->share = d.share;
        r->attributes = set->entries[i].attributes;
        r->append = (uint32_t)d.append;
        r->pos = d.pos;
        r->uri = sbuf_cstr(b, d.uri);
        r->path = sbuf_cstr(b, d.path);
    }
    h->handle_count = n;
    h->handles_offset = (uint32_t)sbuf_add(b, recs, n * sizeof(*recs));
    kfree(recs);
}

/* The spawn data for params; the header goes first. */
static NTSTATUS pack(const RTL_USER_PROCESS_PARAMETERS *p, struct inherit_set *set,
                     struct sbuf *b)
{
    struct spawn_header h = { 0 };

    sbuf_add(b, &h, sizeof(h));
    h.magic = SPAWN_MAGIC;
    h.version = SPAWN_VERSION;
    h.parent_pid = process_id();
    h.flags = p->Flags & ~PROCESS_PARAMS_FLAG_NORMALIZED;
    h.console_flags = p->ConsoleFlags;
    h.x = p->dwX;
    h.y = p->dwY;
    h.xsize = p->dwXSize;
    h.ysize = p->dwYSize;
    h.xchars = p->dwXCountChars;
    h.ychars = p->dwYCountChars;
    h.fill = p->dwFillAttribute;
    h.start_flags = p->dwFlags;
    h.show = p->wShowWindow;
    h.std_in = (uintptr_t)p->hStdInput;
    h.std_out = (uintptr_t)p->hStdOutput;
    h.std_err = (uintptr_t)p->hStdError;
    h.console = (uintptr_t)p->ConsoleHandle;
    h.image = sbuf_us(b, &p->ImagePathName);
    h.cmdline = sbuf_us(b, &p->CommandLine);
    h.cwd = sbuf_us(b, &p->CurrentDirectory.DosPath);
    h.dllpath = sbuf_us(b, &p->DllPath);
    h.title = sbuf_us(b, &p->WindowTitle);
    h.desktop = sbuf_us(b, &p->Desktop);
    h.shell = sbuf_us(b, &p->ShellInfo);
    h.runtime = sbuf_us(b, &p->RuntimeInfo);
    size_t env_size = env_bytes(p->Environment, p->EnvironmentSize);
    h.env.size = (uint32_t)env_size;
    h.env.offset = env_size ? (uint32_t)sbuf_add(b, p->Environment, env_size) : 0;
    pack_handles(b, set, &h);
    h.size = (uint32_t)b->len;
    if (b->failed || b->len > UINT32_MAX)
        return STATUS_NO_MEMORY;
    memcpy(b->data, &h, sizeof(h));
    return STATUS_SUCCESS;
}

/* ---- Watching children ---------------------------------------------------- */

struct watcher {
    struct watcher *next;           /* on the idle list */
    struct watcher *all;            /* every watcher, for snapshots */
    volatile uint32_t work;         /* futex word: 1 when a child is given */
    struct kobject *process, *thread;
    host_stream_t stream;
    void *stack;                    /* a resumed process starts it again there */
    SIZE_T stack_size;
};

static struct klock watch_lock = KLOCK_INIT;
static struct watcher *idle_watchers;
static struct watcher *all_watchers;
static unsigned watcher_count;

unsigned spawn_watcher_count(void)
{
    return __atomic_load_n(&watcher_count, __ATOMIC_ACQUIRE);
}

/* Wait for the child's end; then, out of a snapshot's way (the read holds
 * nothing, what follows takes locks), mark it ended. */
static void watch_one(struct watcher *w)
{
    int32_t code = 0;
    size_t done = 0;
    int r;

    while ((r = host_stream_read(w->stream, &code, sizeof(code), HOST_POS_NONE, &done)) == HOST_EINTR)
        ;
    if (r != HOST_OK || done != sizeof(code))
        code = (int32_t)STATUS_UNSUCCESSFUL;
    snapshot_service_enter();
    process_child_ended(w->process, w->thread, (uint32_t)code);
    kobject_unref(w->process);
    kobject_unref(w->thread);
    w->process = w->thread = NULL;
}

static void watcher_main(void *arg)
{
    struct watcher *w = arg;

    for (;;) {
        while (!__atomic_load_n(&w->work, __ATOMIC_ACQUIRE))
            host_futex_wait(&w->work, 0, NULL, 0);
        watch_one(w);
        __atomic_store_n(&w->work, 0, __ATOMIC_RELEASE);
        klock_acquire(&watch_lock);
        w->next = idle_watchers;
        idle_watchers = w;
        klock_release(&watch_lock);
        snapshot_service_leave();
    }
}

static NTSTATUS watcher_run(struct watcher *w)
{
    host_thread_t t;

    return status_from_host(host_thread_create(watcher_main, w, w->stack, w->stack_size, &t));
}

static NTSTATUS watcher_new(struct watcher **out)
{
    SIZE_T size = 0x10000;
    void *stack = NULL;
    NTSTATUS st;

    struct watcher *w = kzalloc(sizeof(*w));
    if (!w)
        return STATUS_NO_MEMORY;
    if ((st = virtual_reserve(&stack, size, 0, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE,
                              VIEW_SYSTEM)) ||
        (st = virtual_commit(stack, size, PAGE_READWRITE))) {
        kfree(w);     /* the stack stays reserved: a failure path only */
        return st;
    }
    w->stack = stack;
    w->stack_size = size;
    if ((st = watcher_run(w))) {
        kfree(w);
        return st;
    }
    klock_acquire(&watch_lock);
    w->all = all_watchers;
    all_watchers = w;
    klock_release(&watch_lock);
    __atomic_add_fetch(&watcher_count, 1, __ATOMIC_ACQ_REL);
    *out = w;
    return STATUS_SUCCESS;
}

/* Watch the child: its objects get signaled when it ends. */
static NTSTATUS watch(struct kobject *process, struct kobject *thread, host_stream_t stream)
{
    struct watcher *w;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&watch_lock);
    if ((w = idle_watchers))
        idle_watchers = w->next;
    klock_release(&watch_lock);
    if (!w && (st = watcher_new(&w)))
        return st;
    w->process = kobject_ref(process);
    w->thread = kobject_ref(thread);
    w->stream = stream;
    __atomic_store_n(&w->work, 1, __ATOMIC_RELEASE);
    host_futex_wake(&w->work, 1);
    return STATUS_SUCCESS;
}

/* ---- The child's first thread, as the parent sees it ------------------------ */

struct child_thread {
    struct kobject obj;
    struct kobject *process;
    uint32_t pid;
    int resumed;
};

static int child_thread_signaled(struct kobject *obj, struct kthread *t)
{
    (void)t;
    return process_child_has_ended(((struct child_thread *)obj)->process);
}

static void child_thread_destroy(struct kobject *obj)
{
    kobject_unref(((struct child_thread *)obj)->process);
}

static const struct kobject_type child_thread_type = {
    .name = "Thread",
    .mapping = { STANDARD_RIGHTS_READ | THREAD_QUERY_INFORMATION | THREAD_GET_CONTEXT,
                 STANDARD_RIGHTS_WRITE | THREAD_SET_INFORMATION | THREAD_SET_CONTEXT |
                     THREAD_SUSPEND_RESUME | THREAD_TERMINATE | 0x20 /* alert */,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, THREAD_ALL_ACCESS },
    .valid_access = THREAD_ALL_ACCESS,
    .signaled = child_thread_signaled,
    .destroy = child_thread_destroy,
};

static NTSTATUS send_resume(struct child_thread *ct)
{
    struct host_process_command cmd = { HOST_PROCESS_RESUME, (int32_t)ct->pid };
    size_t done;

    return status_from_host(host_stream_write(process_child_stream(ct->process), &cmd,
                                              sizeof(cmd), HOST_POS_NONE, &done));
}

NTSTATUS spawn_resume(HANDLE handle, ULONG *count)
{
    struct child_thread *ct;
    NTSTATUS st;

    if ((st = handle_ref(handle, &child_thread_type, THREAD_SUSPEND_RESUME, (void **)&ct)))
        return st;
    int first = !__atomic_exchange_n(&ct->resumed, 1, __ATOMIC_ACQ_REL);
    if (first) {
        regstore_publish();
        st = send_resume(ct);
    }
    if (!st && count)
        *count = first ? 1 : 0;
    kobject_unref(ct);
    return st;
}

/* ---- Snapshots ------------------------------------------------------------------ */

int spawn_snapshot_children(int (*put)(host_stream_t stream), const char **why)
{
    int r = 0;

    /* every thread that starts or watches children is stopped: the list holds still */
    for (struct watcher *w = all_watchers; w; w = w->all)
        if (__atomic_load_n(&w->work, __ATOMIC_ACQUIRE) &&
            !__atomic_load_n(&((struct child_thread *)w->thread)->resumed, __ATOMIC_ACQUIRE)) {
            *why = "the program has a child process it created suspended and has not resumed: "
                   "such a child cannot be snapshotted";
            return -1;
        }
    for (struct watcher *w = all_watchers; w && !r; w = w->all)
        if (__atomic_load_n(&w->work, __ATOMIC_ACQUIRE))
            r = put(w->stream);
    if (r)
        *why = "a child process could not be snapshotted";
    return r ? -1 : 0;
}

NTSTATUS spawn_resumed(void)
{
    NTSTATUS st = STATUS_SUCCESS;

    for (struct watcher *w = all_watchers; w && !st; w = w->all)
        st = watcher_run(w);
    return st;
}

/* ---- NtCreateUserProcess ------------------------------------------------------ */

struct create_attrs {
    UNICODE_STRING image;
    CLIENT_ID *client_id;
    SECTION_IMAGE_INFORMATION *image_info;
    const HANDLE *handle_list;
    size_t handle_count;
};

static NTSTATUS read_attrs(const PS_ATTRIBUTE_LIST *list, struct create_attrs *a)
{
    memset(a, 0, sizeof(*a));
    if (!list || list->TotalLength < sizeof(SIZE_T))
        return STATUS_INVALID_PARAMETER;
    SIZE_T count = (list->TotalLength - sizeof(SIZE_T)) / sizeof(PS_ATTRIBUTE);
    for (SIZE_T i = 0; i < count; i++) {
        const PS_ATTRIBUTE *at = &list->Attributes[i];
        switch (at->Attribute) {
        case PS_ATTRIBUTE_IMAGE_NAME:
            a->image.Buffer = at->ValuePtr;
            a->image.Length = a->image.MaximumLength = (USHORT)at->Size;
            break;
        case PS_ATTRIBUTE_CLIENT_ID:
            if (at->Size >= sizeof(CLIENT_ID))
                a->client_id = at->ValuePtr;
            break;
        case PS_ATTRIBUTE_IMAGE_INFO:
            if (at->Size >= sizeof(SECTION_IMAGE_INFORMATION))
                a->image_info = at->ValuePtr;
            break;
        case PS_ATTRIBUTE_HANDLE_LIST:
            a->handle_list = at->ValuePtr;
            a->handle_count = at->Size / sizeof(HANDLE);
            break;
        default:
            KTRACE(KEEP_DEBUG_SYSCALLS, "keep: NtCreateUserProcess attribute %#llx ignored\n",
                   (unsigned long long)at->Attribute);
            break;
        }
    }
    return a->image.Buffer && a->image.Length ? STATUS_SUCCESS : STATUS_OBJECT_PATH_NOT_FOUND;
}

/* Open the image, check it is a program we can run, and get its URI. */
static NTSTATUS check_image(const UNICODE_STRING *name, struct image_info *info, char **uri)
{
    OBJECT_ATTRIBUTES attr = { sizeof(attr), NULL, (UNICODE_STRING *)name, OBJ_CASE_INSENSITIVE,
                               NULL, NULL };
    IO_STATUS_BLOCK io;
    HANDLE file, section;
    host_stream_t s;
    NTSTATUS st;

    if ((st = NtOpenFile(&file, GENERIC_READ | FILE_EXECUTE | SYNCHRONIZE, &attr, &io,
                         FILE_SHARE_READ | FILE_SHARE_DELETE,
                         FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE)))
        return st;
    st = NtCreateSection(&section, SECTION_QUERY | SECTION_MAP_EXECUTE, NULL, NULL,
                         PAGE_EXECUTE_READ, SEC_IMAGE, file);
    if (!st) {
        st = section_image_info(section, info);
        NtClose(section);
    }
    if (!st && (info->characteristics & IMAGE_FILE_DLL))
        st = STATUS_INVALID_IMAGE_FORMAT;
    if (!st)
        st = file_ref_stream(file, FILE_READ_DATA, &s, uri);
    NtClose(file);
    return st;
}

static NTSTATUS make_handles(struct kobject *process, struct kobject *thread,
                             ACCESS_MASK paccess, const OBJECT_ATTRIBUTES *pattr,
                             ACCESS_MASK taccess, const OBJECT_ATTRIBUTES *tattr,
                             HANDLE *process_out, HANDLE *thread_out)
{
    NTSTATUS st = handle_alloc(process, paccess, pattr ? pattr->Attributes : 0, process_out);

    if (st)
        return st;
    if ((st = handle_alloc(thread, taccess, tattr ? tattr->Attributes : 0, thread_out))) {
        handle_close(*process_out);
        *process_out = NULL;
    }
    return st;
}

/* Start the child picoprocess; *stream and *id describe it. */
static NTSTATUS start_child(const char *uri, const RTL_USER_PROCESS_PARAMETERS *params,
                            ULONG process_flags, const struct create_attrs *a,
                            host_stream_t *stream, uint32_t *id)
{
    struct inherit_set set = { 0 };
    struct sbuf b = { 0 };
    NTSTATUS st = collect_handles((process_flags & PROCESS_CREATE_FLAGS_INHERIT_HANDLES) != 0,
                                  a->handle_list, a->handle_count, params, &set);

    if (!st)
        st = pack(params, &set, &b);
    if (!st) {
        struct host_spawn spec = {
            .image_uri = uri, .boot = b.data, .boot_size = b.len,
            .streams = set.streams, .stream_count = set.stream_count,
        };
        st = status_from_host(host_process_spawn(&spec, stream, id));
    }
    kfree(b.data);
    inherit_set_free(&set);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateUserProcess(HANDLE *process_out, HANDLE *thread_out,
                                                 ACCESS_MASK paccess, ACCESS_MASK taccess,
                                                 OBJECT_ATTRIBUTES *pattr, OBJECT_ATTRIBUTES *tattr,
                                                 ULONG process_flags, ULONG thread_flags,
                                                 RTL_USER_PROCESS_PARAMETERS *params,
                                                 PS_CREATE_INFO *info, PS_ATTRIBUTE_LIST *list)
{
    struct create_attrs a;
    struct image_info image;
    char *uri = NULL;
    host_stream_t stream = -1;
    uint32_t id = 0;
    NTSTATUS st;

    (void)info;
    if (!process_out || !thread_out || !params)
        return STATUS_INVALID_PARAMETER;
    regstore_publish();     /* the child reads the registry as it starts */
    if ((st = read_attrs(list, &a)) || (st = check_image(&a.image, &image, &uri)) ||
        (st = start_child(uri, params, process_flags, &a, &stream, &id))) {
        kfree(uri);
        return st;
    }
    kfree(uri);
    uint32_t pid = process_id_of_host(id);
    struct kobject *process = process_new_child(pid, stream, &image, &a.image);
    struct child_thread *thread = kobject_alloc(&child_thread_type, sizeof(*thread));
    if (!process || !thread) {
        struct host_process_command end = { HOST_PROCESS_TERMINATE, (int32_t)STATUS_NO_MEMORY };
        size_t done;
        host_stream_write(stream, &end, sizeof(end), HOST_POS_NONE, &done);
        if (process)
            kobject_unref(process);
        else
            host_stream_close(stream);
        kfree(thread);
        return STATUS_NO_MEMORY;
    }
    thread->process = kobject_ref(process);
    thread->pid = pid;
    st = watch(process, &thread->obj, stream);
    if (!st)
        st = make_handles(process, &thread->obj, paccess, pattr, taccess, tattr, process_out,
                          thread_out);
    if (!st && !(thread_flags & THREAD_CREATE_FLAGS_CREATE_SUSPENDED))
        st = send_resume(thread);
    if (!st && a.client_id) {
        a.client_id->UniqueProcess = (HANDLE)(uintptr_t)pid;
        a.client_id->UniqueThread = (HANDLE)(uintptr_t)CHILD_TID;
    }
    if (!st && a.image_info)
        image_fill_section_info(&image, NULL, a.image_info);
    if (st) {
        struct host_process_command end = { HOST_PROCESS_TERMINATE, (int32_t)st };
        size_t done;
        host_stream_write(stream, &end, sizeof(end), HOST_POS_NONE, &done);
    }
    kobject_unref(&thread->obj);
    kobject_unref(process);
    return st;
}
SYSCALL(NtCreateUserProcess);

/* ---- The child's side ----------------------------------------------------------- */

/* A string of the spawn data, checked to lie inside it. */
static int take_us(const char *data, uint32_t size, struct spawn_str s, UNICODE_STRING *out)
{
    memset(out, 0, sizeof(*out));
    if (!s.size)
        return 1;
    if (s.offset > size || s.size > size - s.offset || (s.size & 1) || s.size > 0xfffe ||
        (s.offset & 1))
        return 0;
    out->Buffer = (WCHAR *)(data + s.offset);
    out->Length = out->MaximumLength = (USHORT)s.size;
    return 1;
}

static const char *take_cstr(const char *data, uint32_t size, struct spawn_str s, int *ok)
{
    if (!s.size && !s.offset)
        return NULL;
    if (s.offset > size || s.size >= size - s.offset || data[s.offset + s.size]) {
        *ok = 0;
        return NULL;
    }
    return data + s.offset;
}

static NTSTATUS check_header(const struct spawn_header *h, size_t size)
{
    if (size < sizeof(*h) || h->magic != SPAWN_MAGIC || h->version != SPAWN_VERSION ||
        h->size != size || h->handle_count > SPAWN_MAX_HANDLES ||
        h->handles_offset > size ||
        (size - h->handles_offset) / sizeof(struct spawn_handle) < h->handle_count ||
        (h->handles_offset & 7))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* Rebuild the inherited handles at their values. */
static NTSTATUS rebuild_handles(const char *data, const struct spawn_header *h)
{
    const struct spawn_handle *recs = (const void *)(data + h->handles_offset);
    const struct keep_boot *boot = kernel.boot;

    for (uint32_t i = 0; i < h->handle_count; i++) {
        const struct spawn_handle *r = &recs[i];
        int ok = 1;
        struct file_inherit d = {
            .kind = r->kind, .stream = -1, .access = r->access, .options = r->options,
            .share = r->share, .append = (int)r->append, .pos = r->pos,
            .uri = take_cstr(data, h->size, r->uri, &ok),
            .path = take_cstr(data, h->size, r->path, &ok),
        };
        if (r->stream != UINT32_MAX) {
            if (r->stream >= boot->spawn_stream_count)
                ok = 0;
            else
                d.stream = boot->spawn_streams[r->stream];
        }
        if (!ok)
            return STATUS_INVALID_PARAMETER;
        NTSTATUS st = file_inherit(&d, d.stream, (HANDLE)(uintptr_t)r->value, r->attributes);
        if (st)
            KTRACE(KEEP_DEBUG_LOADER, "keep: inherited handle %#llx: %#x\n",
                   (unsigned long long)r->value, (unsigned)st);
    }
    return STATUS_SUCCESS;
}

/* The parameters as the parent gave them. */
static NTSTATUS rebuild_params(const char *data, const struct spawn_header *h,
                               RTL_USER_PROCESS_PARAMETERS **out)
{
    RTL_USER_PROCESS_PARAMETERS t = { 0 };
    UNICODE_STRING env;

    if (!take_us(data, h->size, h->image, &t.ImagePathName) ||
        !take_us(data, h->size, h->cmdline, &t.CommandLine) ||
        !take_us(data, h->size, h->cwd, &t.CurrentDirectory.DosPath) ||
        !take_us(data, h->size, h->dllpath, &t.DllPath) ||
        !take_us(data, h->size, h->title, &t.WindowTitle) ||
        !take_us(data, h->size, h->desktop, &t.Desktop) ||
        !take_us(data, h->size, h->shell, &t.ShellInfo) ||
        !take_us(data, h->size, h->runtime, &t.RuntimeInfo))
        return STATUS_INVALID_PARAMETER;
    /* the environment may exceed a UNICODE_STRING: check it on its own */
    if (h->env.offset > h->size || h->env.size > h->size - h->env.offset || (h->env.offset & 1))
        return STATUS_INVALID_PARAMETER;
    env.Buffer = h->env.size ? (WCHAR *)(data + h->env.offset) : NULL;
    t.Environment = env.Buffer;
    t.EnvironmentSize = h->env.size;
    t.Flags = h->flags;
    t.ConsoleFlags = h->console_flags;
    t.ConsoleHandle = (HANDLE)(uintptr_t)h->console;
    t.hStdInput = (HANDLE)(uintptr_t)h->std_in;
    t.hStdOutput = (HANDLE)(uintptr_t)h->std_out;
    t.hStdError = (HANDLE)(uintptr_t)h->std_err;
    t.dwX = h->x;
    t.dwY = h->y;
    t.dwXSize = h->xsize;
    t.dwYSize = h->ysize;
    t.dwXCountChars = h->xchars;
    t.dwYCountChars = h->ychars;
    t.dwFillAttribute = h->fill;
    t.dwFlags = h->start_flags;
    t.wShowWindow = h->show;
    return params_copy(&t, out);
}

NTSTATUS spawn_child_setup(RTL_USER_PROCESS_PARAMETERS **params)
{
    const struct keep_boot *boot = kernel.boot;
    const char *data = boot->spawn_data;
    struct spawn_header h;
    NTSTATUS st;

    if (!data || boot->spawn_size < sizeof(h))
        return STATUS_INVALID_PARAMETER;
    memcpy(&h, data, sizeof(h));
    if ((st = check_header(&h, boot->spawn_size)) || (st = rebuild_handles(data, &h)) ||
        (st = rebuild_params(data, &h, params)))
        return st;
    process_set_ids(process_id(), h.parent_pid);
    return STATUS_SUCCESS;
}

NTSTATUS spawn_wait_resume(TEB *teb)
{
    struct host_process_command cmd;
    size_t done = 0;
    int r;

    if (kernel.boot->parent_stream < 0)
        return STATUS_SUCCESS;
    while ((r = host_stream_read(kernel.boot->parent_stream, &cmd, sizeof(cmd), HOST_POS_NONE,
                                 &done)) == HOST_EINTR)
        ;
    /* the parent went away before it let us run, or said something else */
    if (r != HOST_OK || done != sizeof(cmd) || cmd.op != HOST_PROCESS_RESUME)
        return STATUS_PROCESS_IS_TERMINATING;
    process_set_ids((uint32_t)cmd.code, process_parent_id());
    /* the main thread was made before the parent named the process */
    teb->ClientId.UniqueProcess = (HANDLE)(uintptr_t)process_id();
    teb->RealClientId.UniqueProcess = teb->ClientId.UniqueProcess;
    return STATUS_SUCCESS;
}

void spawn_report_exit(uint32_t code)
{
    size_t done;

    if (kernel.boot && kernel.boot->parent_stream >= 0)
        host_stream_write(kernel.boot->parent_stream, &code, sizeof(code), HOST_POS_NONE, &done);
}

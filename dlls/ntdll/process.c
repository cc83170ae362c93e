/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * process.c - the process object and its information classes.
 *
 * A picoprocess holds exactly one Windows process; its object is created
 * at start-up and lives as long as the process.  A process it created
 * (spawn.c) is another picoprocess: its object here holds the host's
 * process stream and learns the child's end from spawn.c's watcher.
 *
 * The processes this one knows of are itself and the children it started
 * that have not ended (process_summarize): a grandchild is its parent's
 * to know, and every other process lives in its own picoprocess.
 */
#include "kernel.h"
#include "image.h"

/* The one session: the PEB's SessionId and \Sessions\1 agree. */
#define SESSION_ID 1

struct kprocess {
    struct kobject obj;
    uint32_t pid;
    uint32_t parent_pid;
    host_stream_t child;        /* a child's process stream; -1 for ourselves */
    volatile int terminated;
    uint32_t exit_code;
    int64_t create_time;
    struct image_info image;
    void *image_base;
    ULONG execute_flags;
    ULONG hard_error_mode;
    ULONG priority_class;
    WCHAR *name;                /* the image's base name (kernel memory) */
    USHORT name_len;            /* in WCHARs */
    struct kprocess *next_child;    /* on the list of live children */
};

static struct kprocess *self;

/* Children that have not ended, oldest first.  A leaf lock: nothing else
 * is taken, and no user memory touched, while it is held. */
static struct klock children_lock = KLOCK_INIT;
static struct kprocess *children;

static void child_list_add(struct kprocess *p)
{
    struct kprocess **at;

    klock_acquire(&children_lock);
    for (at = &children; *at; at = &(*at)->next_child)
        ;
    *at = p;
    klock_release(&children_lock);
}

/* Idempotent: an ended child is removed at its end, again when freed. */
static void child_list_remove(struct kprocess *p)
{
    klock_acquire(&children_lock);
    for (struct kprocess **at = &children; *at; at = &(*at)->next_child) {
        if (*at == p) {
            *at = p->next_child;
            break;
        }
    }
    p->next_child = NULL;
    klock_release(&children_lock);
}

/* The last component of a path ("\??\C:\dir\app.exe" -> "app.exe"),
 * copied into p.  Without memory the name stays empty: a list shows it so. */
static void set_base_name(struct kprocess *p, const WCHAR *path, size_t len)
{
    size_t start = len;

    while (start && path[start - 1] != '\\' && path[start - 1] != '/')
        start--;
    len -= start;
    if (len > PROCESS_SUMMARY_NAME)
        len = PROCESS_SUMMARY_NAME;
    kfree(p->name);
    p->name = len ? kmalloc(len * sizeof(WCHAR)) : NULL;
    p->name_len = p->name ? (USHORT)len : 0;
    if (p->name)
        memcpy(p->name, path + start, len * sizeof(WCHAR));
}

/* Windows' base priority of a priority class. */
static ULONG class_base_priority(ULONG priority_class)
{
    switch (priority_class) {
    case PROCESS_PRIOCLASS_IDLE:         return 4;
    case PROCESS_PRIOCLASS_BELOW_NORMAL: return 6;
    case PROCESS_PRIOCLASS_ABOVE_NORMAL: return 10;
    case PROCESS_PRIOCLASS_HIGH:         return 13;
    case PROCESS_PRIOCLASS_REALTIME:     return 24;
    default:                             return 8;
    }
}

static int process_signaled(struct kobject *obj, struct kthread *t)
{
    (void)t;
    return ((struct kprocess *)obj)->terminated;
}

static void process_destroy(struct kobject *obj)
{
    struct kprocess *p = (struct kprocess *)obj;

    if (p->child >= 0) {
        child_list_remove(p);      /* a child that was never watched */
        host_stream_close(p->child);
    }
    kfree(p->name);
}

const struct kobject_type process_type = {
    .name = "Process",
    .mapping = { STANDARD_RIGHTS_READ | PROCESS_VM_READ | PROCESS_QUERY_INFORMATION,
                 STANDARD_RIGHTS_WRITE | PROCESS_CREATE_PROCESS | PROCESS_CREATE_THREAD |
                     PROCESS_VM_OPERATION | PROCESS_VM_WRITE | PROCESS_DUP_HANDLE |
                     PROCESS_TERMINATE | PROCESS_SET_QUOTA | PROCESS_SET_INFORMATION |
                     PROCESS_SUSPEND_RESUME,
                 STANDARD_RIGHTS_EXECUTE | SYNCHRONIZE, PROCESS_ALL_ACCESS },
    .valid_access = PROCESS_ALL_ACCESS,
    .signaled = process_signaled,
    .destroy = process_destroy,
};

uint32_t process_id(void)
{
    return self ? self->pid : 0;
}

NTSTATUS process_ref_self(struct kobject **out)
{
    *out = kobject_ref(&self->obj);
    return STATUS_SUCCESS;
}

void process_init(const struct image_info *image, void *image_base)
{
    self = kobject_alloc(&process_type, sizeof(*self));
    if (!self)
        kernel_panic("keep: out of memory\n");
    /* the host pid is not ours to show; a child learns its id from its parent */
    self->pid = PROCESS_FIRST_ID;
    self->child = -1;
    self->create_time = time_now_nt();
    self->image = *image;
    self->image_base = image_base;
    self->execute_flags = 0x20 | 0x2;   /* MEM_EXECUTE_OPTION_PERMANENT | ENABLE */
    self->priority_class = 2;          /* PROCESS_PRIOCLASS_NORMAL */
}

void process_set_ids(uint32_t pid, uint32_t parent_pid)
{
    if (pid != self->pid)
        thread_reserve_process_id(self->pid, pid);
    self->pid = pid;
    self->parent_pid = parent_pid;
}

void process_set_image_name(const UNICODE_STRING *path)
{
    set_base_name(self, path->Buffer, path->Length / sizeof(WCHAR));
}

struct kobject *process_new_child(uint32_t pid, host_stream_t stream,
                                  const struct image_info *image, const UNICODE_STRING *image_name)
{
    struct kprocess *p = kobject_alloc(&process_type, sizeof(*p));

    if (!p)
        return NULL;
    p->pid = pid;
    p->parent_pid = self->pid;
    p->child = stream;
    p->create_time = time_now_nt();
    p->image = *image;
    p->priority_class = 2;
    set_base_name(p, image_name->Buffer, image_name->Length / sizeof(WCHAR));
    child_list_add(p);
    return &p->obj;
}

void process_child_ended(struct kobject *obj, struct kobject *thread, uint32_t code)
{
    struct kprocess *p = (struct kprocess *)obj;

    child_list_remove(p);
    sync_lock_acquire();
    p->exit_code = code;
    p->terminated = 1;
    sync_signal_locked(obj);
    sync_signal_locked(thread);
    sync_lock_release();
}

int process_child_has_ended(struct kobject *obj)
{
    return ((struct kprocess *)obj)->terminated;
}

static void summarize(const struct kprocess *p, struct process_summary *s)
{
    s->pid = p->pid;
    s->parent_pid = p->parent_pid;
    s->create_time = p->create_time;
    s->base_priority = class_base_priority(p->priority_class);
    s->session_id = SESSION_ID;
    s->is_self = p == self;
    s->name_len = p->name_len;
    if (p->name_len)
        memcpy(s->name, p->name, p->name_len * sizeof(WCHAR));
}

unsigned process_summarize(struct process_summary *out, unsigned max)
{
    unsigned n = 1;

    if (max)
        summarize(self, &out[0]);
    klock_acquire(&children_lock);
    for (struct kprocess *p = children; p; p = p->next_child, n++)
        if (n < max)
            summarize(p, &out[n]);
    klock_release(&children_lock);
    return n;
}

uint32_t process_parent_id(void)
{
    return self->parent_pid;
}

host_stream_t process_child_stream(struct kobject *obj)
{
    return ((struct kprocess *)obj)->child;
}

NTSTATUS process_check_handle(HANDLE h, ACCESS_MASK access)
{
    struct kprocess *p;
    NTSTATUS st;

    if (h == CURRENT_PROCESS)
        return STATUS_SUCCESS;
    if ((st = handle_ref(h, &process_type, access, (void **)&p)))
        return st;
    st = p == self ? STATUS_SUCCESS : STATUS_ACCESS_DENIED;
    kobject_unref(p);
    return st;
}

static int is_self_handle(HANDLE h)
{
    return process_check_handle(h, 0) == STATUS_SUCCESS;
}

void process_exit(uint32_t code)
{
    self->exit_code = code;
    self->terminated = 1;
    file_process_exit();    /* delete-on-close files still open */
    registry_process_exit(); /* a normal exit keeps every registry write */
    spawn_report_exit(code);
    host_process_exit((int)code);
}

/* NtTerminateProcess of a process we created. */
static NTSTATUS terminate_child(HANDLE handle, NTSTATUS status)
{
    struct kprocess *p;
    NTSTATUS st;

    if ((st = handle_ref(handle, &process_type, PROCESS_TERMINATE, (void **)&p)))
        return st;
    struct host_process_command cmd = { HOST_PROCESS_TERMINATE, (int32_t)status };
    size_t done;
    st = p->terminated ? STATUS_PROCESS_IS_TERMINATING
                       : status_from_host(host_stream_write(p->child, &cmd, sizeof(cmd),
                                                            HOST_POS_NONE, &done));
    kobject_unref(p);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtTerminateProcess(HANDLE handle, NTSTATUS status)
{
    /* NULL: end every other thread (Wine's ExitProcess does this first,
       then ends itself with the real handle); one picoprocess ends all
       its threads with the process, so only the second call matters */
    if (!handle) {
        thread_terminate_others((uint32_t)status);
        return STATUS_SUCCESS;
    }
    if (is_self_handle(handle))
        process_exit((uint32_t)status);
    return terminate_child(handle, status);
}
SYSCALL(NtTerminateProcess);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenProcess(HANDLE *handle, ACCESS_MASK access,
                                           const OBJECT_ATTRIBUTES *attr, const CLIENT_ID *id)
{
    (void)attr;
    if (!id || (uintptr_t)id->UniqueProcess != self->pid)
        return STATUS_INVALID_CID;
    return handle_alloc(&self->obj, access, 0, handle);
}
SYSCALL(NtOpenProcess);

/* Copy a fixed-size answer, with the length rules most classes share. */
static NTSTATUS answer(void *buf, ULONG len, ULONG *ret_len, const void *data, ULONG size)
{
    if (len != size && !(len > size))
        return STATUS_INFO_LENGTH_MISMATCH;
    memcpy(buf, data, size);
    if (ret_len)
        *ret_len = size;
    return STATUS_SUCCESS;
}

static NTSTATUS query_image_file_name(int win32, void *buf, ULONG len, ULONG *ret_len)
{
    RTL_USER_PROCESS_PARAMETERS *params = kernel.peb->ProcessParameters;
    const UNICODE_STRING *path = &params->ImagePathName;
    WCHAR *nt = NULL;
    size_t nt_len = path->Length / sizeof(WCHAR);
    const WCHAR *src = path->Buffer;

    if (!win32) {
        /* "\Device\HarddiskVolumeN\..." form: reuse the section's name */
        extern NTSTATUS section_mapped_name(void *addr, WCHAR **name, size_t *len);
        if (!section_mapped_name(self->image_base, &nt, &nt_len))
            src = nt;
        else
            nt_len = path->Length / sizeof(WCHAR);
    }
    ULONG need = sizeof(UNICODE_STRING) + (nt_len + 1) * sizeof(WCHAR);
    if (ret_len)
        *ret_len = need;
    if (len < need) {
        kfree(nt);
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    UNICODE_STRING *us = buf;
    us->Buffer = (WCHAR *)(us + 1);
    us->Length = nt_len * sizeof(WCHAR);
    us->MaximumLength = us->Length + sizeof(WCHAR);
    memcpy(us->Buffer, src, nt_len * sizeof(WCHAR));
    us->Buffer[nt_len] = 0;
    kfree(nt);
    return STATUS_SUCCESS;
}

static NTSTATUS query_basic(struct kprocess *p, void *buf, ULONG len, ULONG *ret_len)
{
    PROCESS_BASIC_INFORMATION info = { 0 };

    info.ExitStatus = p->terminated ? p->exit_code : STATUS_PENDING;
    /* another picoprocess's memory is not ours to point into */
    info.PebBaseAddress = p == self ? kernel.peb : NULL;
    info.AffinityMask = 1;
    info.BasePriority = class_base_priority(p->priority_class);
    info.UniqueProcessId = p->pid;
    info.InheritedFromUniqueProcessId = p->parent_pid;
    if (len < sizeof(info))
        return STATUS_INFO_LENGTH_MISMATCH;
    return answer(buf, sizeof(info), ret_len, &info, sizeof(info));
}

static NTSTATUS query_image(struct kprocess *p, void *buf, ULONG len, ULONG *ret_len)
{
    SECTION_IMAGE_INFORMATION info;

    if (len != sizeof(info))
        return STATUS_INFO_LENGTH_MISMATCH;
    image_fill_section_info(&p->image, p == self ? p->image_base : NULL, &info);
    return answer(buf, len, ret_len, &info, sizeof(info));
}

static NTSTATUS query_times(struct kprocess *p, void *buf, ULONG len, ULONG *ret_len)
{
    KERNEL_USER_TIMES t = { 0 };

    if (len != sizeof(t))
        return STATUS_INFO_LENGTH_MISMATCH;
    t.CreateTime.QuadPart = p->create_time;
    return answer(buf, len, ret_len, &t, sizeof(t));
}

/* The classes a process we created answers from here; its memory, handles
 * and settings live in its own picoprocess. */
static NTSTATUS query_child(HANDLE handle, PROCESSINFOCLASS cls, void *buf, ULONG len,
                            ULONG *ret_len)
{
    struct kprocess *p;
    NTSTATUS st;

    if ((st = handle_ref(handle, &process_type, PROCESS_QUERY_LIMITED_INFORMATION, (void **)&p)))
        return st;
    if (cls == ProcessBasicInformation)
        st = query_basic(p, buf, len, ret_len);
    else if (cls == ProcessImageInformation)
        st = query_image(p, buf, len, ret_len);
    else if (cls == ProcessTimes)
        st = query_times(p, buf, len, ret_len);
    else {
        st = kernel_not_implemented("NtQueryInformationProcess of a child, class", cls);
    }
    kobject_unref(p);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryInformationProcess(HANDLE handle, PROCESSINFOCLASS cls,
                                                       void *buf, ULONG len, ULONG *ret_len)
{
    if (!is_self_handle(handle))
        return query_child(handle, cls, buf, len, ret_len);
    switch ((int)cls) {
    case ProcessBasicInformation:
        return query_basic(self, buf, len, ret_len);
    case ProcessImageInformation:
        return query_image(self, buf, len, ret_len);
    case ProcessDebugPort:
    case ProcessWow64Information: {
        ULONG_PTR zero = 0;
        if (len != sizeof(zero))
            return STATUS_INFO_LENGTH_MISMATCH;
        return answer(buf, len, ret_len, &zero, sizeof(zero));
    }
    case ProcessDebugObjectHandle: {
        if (len != sizeof(HANDLE))
            return STATUS_INFO_LENGTH_MISMATCH;
        *(HANDLE *)buf = NULL;
        if (ret_len)
            *ret_len = sizeof(HANDLE);
        return STATUS_PORT_NOT_SET;
    }
    case ProcessDebugFlags: {
        ULONG v = 1;   /* no debugger: "no inherit" set */
        if (len != sizeof(v))
            return STATUS_INFO_LENGTH_MISMATCH;
        return answer(buf, len, ret_len, &v, sizeof(v));
    }
    case ProcessDefaultHardErrorMode:
    case ProcessExecuteFlags:
    case ProcessCookie:
    case ProcessHandleCount:
    case ProcessSessionInformation: {
        ULONG v = cls == ProcessDefaultHardErrorMode ? self->hard_error_mode
                : cls == ProcessExecuteFlags ? self->execute_flags
                : cls == ProcessCookie ? 0x5eed1234u
                : cls == ProcessHandleCount ? (ULONG)handle_collect(NULL, 0, 0) : SESSION_ID;
        if (len != sizeof(v))
            return STATUS_INFO_LENGTH_MISMATCH;
        return answer(buf, len, ret_len, &v, sizeof(v));
    }
    case ProcessTimes:
        return query_times(self, buf, len, ret_len);
    case ProcessPriorityClass: {
        PROCESS_PRIORITY_CLASS pc = { 0, (UCHAR)self->priority_class };
        if (len != sizeof(pc))
            return STATUS_INFO_LENGTH_MISMATCH;
        return answer(buf, len, ret_len, &pc, sizeof(pc));
    }
    case ProcessAffinityMask: {
        ULONG_PTR mask = 1;
        if (len != sizeof(mask))
            return STATUS_INFO_LENGTH_MISMATCH;
        return answer(buf, len, ret_len, &mask, sizeof(mask));
    }
    case ProcessImageFileName:
        return query_image_file_name(0, buf, len, ret_len);
    case ProcessImageFileNameWin32:
        return query_image_file_name(1, buf, len, ret_len);
    case ProcessVmCounters: {
        VM_COUNTERS_EX vm = { 0 };
        if (len != sizeof(VM_COUNTERS) && len != sizeof(VM_COUNTERS_EX))
            return STATUS_INFO_LENGTH_MISMATCH;
        return answer(buf, len, ret_len, &vm, len);
    }
    case ProcessIoCounters: {
        IO_COUNTERS io = { 0 };
        if (len != sizeof(io))
            return STATUS_INFO_LENGTH_MISMATCH;
        return answer(buf, len, ret_len, &io, sizeof(io));
    }
    case ProcessQuotaLimits: {
        QUOTA_LIMITS q = { 0 };
        if (len != sizeof(q))
            return STATUS_INFO_LENGTH_MISMATCH;
        q.MinimumWorkingSetSize = 204800;
        q.MaximumWorkingSetSize = 1413120;
        q.PagedPoolLimit = q.NonPagedPoolLimit = q.PagefileLimit = (SIZE_T)-1;
        return answer(buf, len, ret_len, &q, sizeof(q));
    }
    default:
        KTRACE(KEEP_DEBUG_SYSCALLS, "keep: NtQueryInformationProcess class %d\n", (int)cls);
        return STATUS_INVALID_INFO_CLASS;
    }
}
SYSCALL(NtQueryInformationProcess);

NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationProcess(HANDLE handle, PROCESSINFOCLASS cls,
                                                     void *buf, ULONG len)
{
    if (!is_self_handle(handle))
        return STATUS_INVALID_HANDLE;
    switch ((int)cls) {
    case ProcessDefaultHardErrorMode:
        if (len != sizeof(ULONG))
            return STATUS_INVALID_PARAMETER;
        self->hard_error_mode = *(ULONG *)buf;
        return STATUS_SUCCESS;
    case ProcessExecuteFlags:
        if (len != sizeof(ULONG))
            return STATUS_INVALID_PARAMETER;
        self->execute_flags = *(ULONG *)buf;
        return STATUS_SUCCESS;
    case ProcessPriorityClass:
        if (len != sizeof(PROCESS_PRIORITY_CLASS))
            return STATUS_INVALID_PARAMETER;
        self->priority_class = ((PROCESS_PRIORITY_CLASS *)buf)->PriorityClass;
        return STATUS_SUCCESS;
    case ProcessAffinityMask:
    case ProcessInstrumentationCallback:
    case ProcessThreadStackAllocation:
    case ProcessWineMakeProcessSystem:
        return STATUS_SUCCESS;
    default:
        return kernel_not_implemented("NtSetInformationProcess", cls);
    }
}
SYSCALL(NtSetInformationProcess);

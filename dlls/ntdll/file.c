/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * file.c - File objects: opening and creating, sharing, reading and
 * writing, byte-range locks, deletion.
 *
 * A File object holds what is needed to re-create it: the host URI, the
 * open flags, the access and sharing it was opened with and the file
 * pointer (the host keeps no position for seekable streams).  Directories
 * and opens asking for no data access hold no host stream at all: their
 * attributes come from the URI.
 *
 * Windows shares files between opens by rules the host knows nothing
 * about, so the kernel keeps its own table of open files, keyed by the
 * host's device and file ids ("inodes"): every open of a file lists
 * itself there with its access and sharing; delete-pending state and
 * byte-range locks live there too.  An open that conflicts with the
 * others fails with STATUS_SHARING_VIOLATION, as on Windows.
 *
 * Divisions of this file:
 *   1. the File type and small helpers
 *   2. the open-file table: sharing, delete on close, locks
 *   3. NtCreateFile, NtOpenFile, NtDeleteFile
 *   4. NtReadFile, NtWriteFile, NtFlushBuffersFile; synchronous I/O
 *      another thread may cancel; NtReadFileScatter, NtWriteFileGather
 *   5. NtLockFile, NtUnlockFile, cancellation (NtCancelSynchronousIoFile),
 *      stubs
 *   6. what other parts of the kernel call (file_ref_stream, names)
 * Information classes are in fileinfo.c, directories in dir.c, the stdio
 * streams and devices in console.c.
 */
#include "file.h"
#include "regstore.h"

/* Thread APCs for I/O completion routines (wait.c). */
NTSTATUS NTAPI NtQueueApcThread(HANDLE thread, void *func, ULONG_PTR a1, ULONG_PTR a2,
                                ULONG_PTR a3);

/* ------------------------------------------------------------------------ */
/* 1. The File type                                                         */
/* ------------------------------------------------------------------------ */

static void file_cleanup(struct kfile *f);

static void file_destroy(struct kobject *obj)
{
    struct kfile *f = (struct kfile *)obj;

    file_cleanup(f);
    if (f->pipe)
        pipe_forget(f);
    if (f->stream >= 0)
        host_stream_close(f->stream);
    dir_list_free(f->dir);
    kfree(f->path);
    kfree(f->uri);
}

/* The last handle is gone: leave the sharing table (delete on close). */
static void file_close_handle(struct kobject *obj, ACCESS_MASK access)
{
    (void)access;
    if (!__atomic_load_n(&obj->handles, __ATOMIC_ACQUIRE))
        file_cleanup((struct kfile *)obj);
}

/* Synchronous I/O completes before the syscall returns: a File is always
 * signaled (waits on file handles for overlapped I/O return at once). */
static int file_signaled(struct kobject *obj, struct kthread *t)
{
    (void)obj;
    (void)t;
    return 1;
}

const struct kobject_type file_type = {
    .name = "File",
    .mapping = { FILE_GENERIC_READ, FILE_GENERIC_WRITE, FILE_GENERIC_EXECUTE, FILE_ALL_ACCESS },
    .valid_access = FILE_ALL_ACCESS | ACCESS_SYSTEM_SECURITY,
    .destroy = file_destroy,
    .close_handle = file_close_handle,
    .signaled = file_signaled,
};

struct kfile *file_alloc(enum kfile_kind kind, host_stream_t stream, const char *uri,
                         ACCESS_MASK access, ULONG options)
{
    struct kfile *f = kobject_alloc(&file_type, sizeof(*f));

    if (!f)
        return NULL;
    f->kind = kind;
    f->stream = stream;
    f->access = access;
    f->options = options;
    if (options & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT))
        f->flags |= KFILE_F_SYNC;
    if (options & FILE_DELETE_ON_CLOSE)
        f->flags |= KFILE_F_DELETE_ON_CLOSE;
    /* FILE_APPEND_DATA without FILE_WRITE_DATA: every write goes to the end */
    if (kind == KFILE_DISK && (access & FILE_APPEND_DATA) && !(access & FILE_WRITE_DATA))
        f->flags |= KFILE_F_APPEND;
    if (uri && !(f->uri = kstrdup(uri))) {
        f->stream = -1;         /* the caller still owns the stream */
        kobject_unref(f);
        return NULL;
    }
    return f;
}

KERNEL_HOT
NTSTATUS file_ref(HANDLE h, ACCESS_MASK access, struct kfile **out)
{
    return handle_ref(h, &file_type, access, (void **)out);
}

NTSTATUS file_attr(struct kfile *f, struct host_attr *attr)
{
    int r;

    if (f->stream >= 0)
        r = host_stream_attr(f->stream, attr);
    else if (f->uri)
        r = host_uri_attr(f->uri, attr);
    else
        return STATUS_INVALID_DEVICE_REQUEST;
    return r < 0 ? status_from_host(r) : STATUS_SUCCESS;
}

int64_t file_time_to_nt(int64_t ns)
{
    return ns / 100 + TICKS_1601_TO_1970;
}

ULONG file_attributes_from_host(const struct host_attr *attr, const char *name)
{
    ULONG a;

    if (attr->type == HOST_TYPE_DIR) {
        a = FILE_ATTRIBUTE_DIRECTORY;
    } else {
        a = FILE_ATTRIBUTE_ARCHIVE;
        if (attr->flags & (HOST_ATTR_READONLY | HOST_ATTR_POLICY_RO))
            a |= FILE_ATTRIBUTE_READONLY;
    }
    /* dot files are hidden, as in Wine; "." and ".." are not */
    if (name && name[0] == '.' && name[1] && strcmp(name, ".."))
        a |= FILE_ATTRIBUTE_HIDDEN;
    return a;
}

NTSTATUS file_root_path(HANDLE root, char **out)
{
    struct kfile *f;
    NTSTATUS st;

    if ((st = file_ref(root, 0, &f)))
        return st == STATUS_OBJECT_TYPE_MISMATCH ? STATUS_OBJECT_PATH_NOT_FOUND : st;
    if (f->kind != KFILE_DIR || !f->path)
        st = STATUS_INVALID_PARAMETER;
    else if (!(*out = kstrdup(f->path)))
        st = STATUS_NO_MEMORY;
    kobject_unref(f);
    return st;
}

/* Is the stream sequential (pipe, terminal): no offsets, no pointer? */
static int is_sequential(const struct kfile *f)
{
    return f->kind == KFILE_STDIO || f->kind == KFILE_PIPE || f->host_type == HOST_TYPE_PIPE ||
           f->host_type == HOST_TYPE_CHAR || f->host_type == HOST_TYPE_SOCKET;
}

/* Report an I/O completion: the status block, the event, the APC routine
 * (queued to the calling thread, run when it next waits alertably). */
KERNEL_HOT
void file_io_complete(IO_STATUS_BLOCK *io, NTSTATUS st, ULONG_PTR info, HANDLE event,
                      PIO_APC_ROUTINE apc, void *apc_ctx)
{
    if (io) {       /* kernelbase's LockFile passes none */
        io->Status = st;
        io->Information = info;
    }
    if (event)
        NtSetEvent(event, NULL);
    if (apc)
        NtQueueApcThread(CURRENT_THREAD, (void *)apc, (ULONG_PTR)apc_ctx, (ULONG_PTR)io, 0);
}

/* ------------------------------------------------------------------------ */
/* 2. The open-file table                                                   */
/* ------------------------------------------------------------------------ */

struct kfile_lock {
    struct kfile_lock *next;
    struct kfile *owner;
    uint64_t offset, length;
    ULONG key;
    int exclusive;
};

struct kinode {
    struct kinode *next;
    uint64_t dev, ino;
    struct kfile *opens;            /* the Files with handles on it */
    char *path;                     /* its host path (renames update it) */
    int is_dir;
    int delete_pending;             /* delete when the last open goes */
    struct kfile_lock *locks;
};

#define INODE_BUCKETS 64
static struct klock inode_lock = KLOCK_INIT;
static struct kinode *inode_table[INODE_BUCKETS];
/* bumped when a lock goes away; NtLockFile waiters sleep on it */
static volatile uint32_t lock_generation;

static struct kinode **inode_bucket(uint64_t dev, uint64_t ino)
{
    return &inode_table[(ino ^ (dev * 31)) % INODE_BUCKETS];
}

/* inode_lock held */
static struct kinode *inode_find(uint64_t dev, uint64_t ino)
{
    for (struct kinode *n = *inode_bucket(dev, ino); n; n = n->next)
        if (n->dev == dev && n->ino == ino)
            return n;
    return NULL;
}

/* inode_lock held: unlink and free an inode without opens. */
static void inode_drop(struct kinode *n)
{
    struct kinode **p = inode_bucket(n->dev, n->ino);
    while (*p != n)
        p = &(*p)->next;
    *p = n->next;
    kfree(n->path);
    kfree(n);
}

/*
 * Windows' sharing rule: only read, write and delete access take part.
 * The new open must be allowed by every existing open's sharing, and the
 * new sharing must allow every existing open's access.
 */
static NTSTATUS check_sharing(const struct kinode *n, ACCESS_MASK access, ULONG share)
{
    const ACCESS_MASK read = FILE_READ_DATA | FILE_EXECUTE;
    const ACCESS_MASK write = FILE_WRITE_DATA | FILE_APPEND_DATA;
    ULONG existing_share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
    ACCESS_MASK existing_access = 0;

    for (const struct kfile *o = n->opens; o; o = o->inode_next) {
        if (o->access & (read | write | DELETE))
            existing_share &= o->share;
        existing_access |= o->access;
    }
    if (((access & read) && !(existing_share & FILE_SHARE_READ)) ||
        ((access & write) && !(existing_share & FILE_SHARE_WRITE)) ||
        ((access & DELETE) && !(existing_share & FILE_SHARE_DELETE)))
        return STATUS_SHARING_VIOLATION;
    if (!(access & (read | write | DELETE)))
        return STATUS_SUCCESS;
    if (((existing_access & read) && !(share & FILE_SHARE_READ)) ||
        ((existing_access & write) && !(share & FILE_SHARE_WRITE)) ||
        ((existing_access & DELETE) && !(share & FILE_SHARE_DELETE)))
        return STATUS_SHARING_VIOLATION;
    return STATUS_SUCCESS;
}

/* List f as an open of the file attr describes, if the others allow it. */
static NTSTATUS inode_attach(struct kfile *f, const struct host_attr *attr)
{
    struct kinode *n;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&inode_lock);
    n = inode_find(attr->device_id, attr->file_id);
    if (n && n->delete_pending) {
        st = STATUS_DELETE_PENDING;
    } else if (n) {
        st = check_sharing(n, f->access, f->share);
    } else if (!(n = kzalloc(sizeof(*n))) || !(n->path = kstrdup(f->path))) {
        kfree(n);
        st = STATUS_NO_MEMORY;
    } else {
        n->dev = attr->device_id;
        n->ino = attr->file_id;
        n->is_dir = attr->type == HOST_TYPE_DIR;
        n->next = *inode_bucket(n->dev, n->ino);
        *inode_bucket(n->dev, n->ino) = n;
    }
    if (!st) {
        f->inode = n;
        f->inode_next = n->opens;
        n->opens = f;
    }
    klock_release(&inode_lock);
    return st;
}

/* Byte-range locks held in the process, all files together (changed
 * under inode_lock): while there are none, a read or write has none to
 * run into, and check_io_locks takes no lock. */
KERNEL_HOT_DATA static int io_locks_count;

static void io_locks_add(int n)
{
    __atomic_add_fetch(&io_locks_count, n, __ATOMIC_RELEASE);
}

/* inode_lock held: drop f's locks; returns whether any went. */
static int locks_release_owner(struct kinode *n, struct kfile *f)
{
    int any = 0;
    for (struct kfile_lock **p = &n->locks; *p;) {
        struct kfile_lock *l = *p;
        if (l->owner == f) {
            *p = l->next;
            kfree(l);
            io_locks_add(-1);
            any = 1;
        } else {
            p = &l->next;
        }
    }
    return any;
}

static void wake_lock_waiters(void)
{
    __atomic_add_fetch(&lock_generation, 1, __ATOMIC_RELEASE);
    host_futex_wake(&lock_generation, INT32_MAX);
}

/*
 * The last handle to f closed (or f dies without one): leave the table;
 * when f was the last open of a delete-pending file, delete it now.
 */
static void file_cleanup(struct kfile *f)
{
    struct kinode *n;
    char *doomed = NULL;
    int woke = 0;

    klock_acquire(&inode_lock);
    if ((__atomic_fetch_or(&f->flags, KFILE_F_CLEANED, __ATOMIC_RELAXED) & KFILE_F_CLEANED) ||
        !(n = f->inode)) {
        klock_release(&inode_lock);
        return;
    }
    if (f->flags & KFILE_F_DELETE_ON_CLOSE)
        n->delete_pending = 1;
    for (struct kfile **p = &n->opens; *p; p = &(*p)->inode_next) {
        if (*p == f) {
            *p = f->inode_next;
            break;
        }
    }
    woke = locks_release_owner(n, f);
    f->inode = NULL;
    if (!n->opens) {
        if (n->delete_pending)
            doomed = n->path ? path_make_uri("file:", n->path) : NULL;
        inode_drop(n);
    }
    klock_release(&inode_lock);
    if (woke)
        wake_lock_waiters();
    if (doomed) {
        int r = host_uri_delete(doomed);
        if (r < 0)
            KTRACE(KEEP_DEBUG_LOADER, "keep: delete on close of %s: %s\n", doomed,
                   host_status_name(r));
        kfree(doomed);
    }
}

/* Should n's file go when its opens do? inode_lock held. */
static int inode_doomed(const struct kinode *n)
{
    if (n->delete_pending)
        return 1;
    for (const struct kfile *o = n->opens; o; o = o->inode_next)
        if (o->flags & KFILE_F_DELETE_ON_CLOSE)
            return 1;
    return 0;
}

/*
 * The process ends with files still open: do what their last closes would
 * have done, so that delete-on-close temporary files do not outlive it.
 */
void file_process_exit(void)
{
    char **doomed = NULL;
    size_t count = 0, cap = 0;

    klock_acquire(&inode_lock);
    for (size_t b = 0; b < INODE_BUCKETS; b++) {
        for (struct kinode *n = inode_table[b]; n; n = n->next) {
            if (!n->path || !inode_doomed(n))
                continue;
            if (count == cap) {
                size_t ncap = cap ? cap * 2 : 8;
                char **v = krealloc(doomed, ncap * sizeof(*v));
                if (!v)
                    break;
                doomed = v;
                cap = ncap;
            }
            if ((doomed[count] = path_make_uri("file:", n->path)))
                count++;
            n->delete_pending = 0;      /* once only */
        }
    }
    klock_release(&inode_lock);
    for (size_t i = 0; i < count; i++) {
        host_uri_delete(doomed[i]);
        kfree(doomed[i]);
    }
    kfree(doomed);
}

/* Mark (or unmark) f's file for deletion when its last open closes. */
NTSTATUS file_set_delete_pending(struct kfile *f, int pending)
{
    klock_acquire(&inode_lock);
    if (f->inode)
        f->inode->delete_pending = pending;
    klock_release(&inode_lock);
    return f->inode ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

int file_delete_pending(struct kfile *f)
{
    int pending;
    klock_acquire(&inode_lock);
    pending = f->inode && f->inode->delete_pending;
    klock_release(&inode_lock);
    return pending;
}

/* Is a file other than f open on dev/ino?  (rename targets) */
int file_inode_busy(uint64_t dev, uint64_t ino)
{
    struct kinode *n;
    int busy;

    klock_acquire(&inode_lock);
    n = inode_find(dev, ino);
    busy = n && n->opens;
    klock_release(&inode_lock);
    return busy;
}

/* f was renamed to path: every open of the same file follows. */
NTSTATUS file_renamed(struct kfile *f, const char *path)
{
    char *uri = path_make_uri("file:", path);
    NTSTATUS st = STATUS_SUCCESS;

    if (!uri)
        return STATUS_NO_MEMORY;
    klock_acquire(&inode_lock);
    struct kinode *n = f->inode;
    for (struct kfile *o = n ? n->opens : f; o; o = n ? o->inode_next : NULL) {
        char *p = kstrdup(path), *u = kstrdup(uri);
        if (!p || !u) {
            kfree(p);
            kfree(u);
            st = STATUS_NO_MEMORY;
            break;
        }
        kfree(o->path);
        kfree(o->uri);
        o->path = p;
        o->uri = u;
    }
    if (n && !st) {
        char *p = kstrdup(path);
        if (p) {
            kfree(n->path);
            n->path = p;
        }
    }
    klock_release(&inode_lock);
    kfree(uri);
    return st;
}

static int ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
    if (!alen || !blen)
        return 0;               /* zero-length locks never conflict */
    return a < b + blen && b < a + alen;
}

/* inode_lock held: would a new lock conflict with the existing ones? */
static int lock_conflicts(const struct kinode *n, uint64_t off, uint64_t len, int exclusive)
{
    for (const struct kfile_lock *l = n->locks; l; l = l->next)
        if (ranges_overlap(off, len, l->offset, l->length) && (exclusive || l->exclusive))
            return 1;
    return 0;
}

/* Does a read or write by f of [off, off+len) run into someone's lock?
 * Exclusive locks of other opens stop both; shared locks stop writes. */
KERNEL_HOT
static NTSTATUS check_io_locks(struct kfile *f, uint64_t off, uint64_t len, int write)
{
    NTSTATUS st = STATUS_SUCCESS;

    if (!f->inode || !len || !__atomic_load_n(&io_locks_count, __ATOMIC_ACQUIRE))
        return STATUS_SUCCESS;
    klock_acquire(&inode_lock);
    if (f->inode) {
        for (const struct kfile_lock *l = f->inode->locks; l; l = l->next) {
            if (!ranges_overlap(off, len, l->offset, l->length))
                continue;
            if ((l->exclusive && l->owner != f) || (write && !l->exclusive)) {
                st = STATUS_FILE_LOCK_CONFLICT;
                break;
            }
        }
    }
    klock_release(&inode_lock);
    return st;
}

/* ------------------------------------------------------------------------ */
/* 3. Opening and creating                                                  */
/* ------------------------------------------------------------------------ */

struct open_req {
    ACCESS_MASK access;             /* mapped */
    ULONG attributes;               /* FILE_ATTRIBUTE_* for a new file */
    ULONG share;
    ULONG disposition;
    ULONG options;
};

static int wants_truncate(ULONG disposition)
{
    return disposition == FILE_SUPERSEDE || disposition == FILE_OVERWRITE ||
           disposition == FILE_OVERWRITE_IF;
}

/* Host open flags for the data access asked. */
static unsigned stream_flags(ACCESS_MASK access)
{
    unsigned flags = 0;

    if (access & (FILE_READ_DATA | FILE_EXECUTE))
        flags |= HOST_OPEN_READ;
    if (access & FILE_WRITE_DATA)
        flags |= HOST_OPEN_WRITE;
    else if (access & FILE_APPEND_DATA)
        flags |= HOST_OPEN_WRITE | HOST_OPEN_APPEND;
    return flags;
}

static NTSTATUS check_open_args(const struct open_req *rq)
{
    ULONG o = rq->options;

    if (rq->disposition > FILE_MAXIMUM_DISPOSITION || (o & ~FILE_VALID_OPTION_FLAGS) ||
        (rq->share & ~FILE_SHARE_VALID_FLAGS))
        return STATUS_INVALID_PARAMETER;
    if ((o & FILE_DIRECTORY_FILE) && (o & FILE_NON_DIRECTORY_FILE))
        return STATUS_INVALID_PARAMETER;
    if ((o & FILE_SYNCHRONOUS_IO_ALERT) && (o & FILE_SYNCHRONOUS_IO_NONALERT))
        return STATUS_INVALID_PARAMETER;
    if ((o & FILE_DIRECTORY_FILE) && rq->disposition != FILE_CREATE &&
        rq->disposition != FILE_OPEN && rq->disposition != FILE_OPEN_IF)
        return STATUS_INVALID_PARAMETER;
    if ((o & FILE_DELETE_ON_CLOSE) && !(rq->access & DELETE))
        return STATUS_INVALID_PARAMETER;
    return STATUS_SUCCESS;
}

/* Apply FILE_ATTRIBUTE_READONLY of a create or overwrite. */
static void apply_new_attributes(const char *uri, ULONG attributes)
{
    struct host_attr a = { .flags = HOST_ATTR_READONLY };
    if (attributes & FILE_ATTRIBUTE_READONLY)
        host_uri_set_attr(uri, &a, HOST_SET_READONLY);
}

/* The checks Windows makes on an existing file before opening it. */
static NTSTATUS check_existing(const struct path_result *res, const struct path_comps *comps,
                               const struct open_req *rq)
{
    int is_dir = res->attr.type == HOST_TYPE_DIR;
    int readonly = !is_dir && (res->attr.flags & (HOST_ATTR_READONLY | HOST_ATTR_POLICY_RO));
    int writes = (rq->access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) ||
                 wants_truncate(rq->disposition);

    if (rq->disposition == FILE_CREATE)
        return STATUS_OBJECT_NAME_COLLISION;
    if (is_dir && (rq->options & FILE_NON_DIRECTORY_FILE))
        return STATUS_FILE_IS_A_DIRECTORY;
    if (!is_dir && (rq->options & FILE_DIRECTORY_FILE))
        return STATUS_NOT_A_DIRECTORY;
    if (!is_dir && comps->trailing_sep)
        return STATUS_OBJECT_NAME_INVALID;
    if (is_dir && wants_truncate(rq->disposition))
        return STATUS_OBJECT_NAME_COLLISION;
    if (res->fallback && (writes || (rq->access & DELETE)))
        return STATUS_ACCESS_DENIED;        /* Wine's DLLs are read-only */
    if (readonly && writes)
        return STATUS_ACCESS_DENIED;
    if (readonly && (rq->options & FILE_DELETE_ON_CLOSE))
        return STATUS_CANNOT_DELETE;
    return STATUS_SUCCESS;
}

/* Open an existing file or directory. */
static NTSTATUS open_existing(struct path_result *res, const struct path_comps *comps,
                              const struct open_req *rq, struct kfile **out, ULONG_PTR *info)
{
    int is_dir = res->attr.type == HOST_TYPE_DIR;
    unsigned flags = is_dir ? 0 : stream_flags(rq->access);
    struct kfile *f;
    NTSTATUS st;
    int r;

    if ((st = check_existing(res, comps, rq)))
        return st;
    if (!is_dir && wants_truncate(rq->disposition))
        flags |= HOST_OPEN_WRITE | HOST_OPEN_TRUNCATE;
    if (!(f = file_alloc(is_dir ? KFILE_DIR : KFILE_DISK, -1, NULL, rq->access, rq->options)))
        return STATUS_NO_MEMORY;
    f->share = rq->share;
    f->path = res->host;
    res->host = NULL;
    f->host_type = res->attr.type;
    if (!(f->uri = path_make_uri("file:", f->path))) {
        kobject_unref(f);
        return STATUS_NO_MEMORY;
    }
    if (res->fallback)
        f->flags |= KFILE_F_FALLBACK;
    /* take the sharing slot first, so that a refused open truncates nothing */
    if ((st = inode_attach(f, &res->attr))) {
        kobject_unref(f);
        return st;
    }
    if (flags && (r = host_stream_open(f->uri, flags, &f->stream)) < 0) {
        f->stream = -1;
        kobject_unref(f);
        return r == HOST_EROFS ? STATUS_ACCESS_DENIED : status_from_host(r);
    }
    f->open_flags = flags;
    if (wants_truncate(rq->disposition))
        apply_new_attributes(f->uri, rq->attributes);
    *info = rq->disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED
          : wants_truncate(rq->disposition)  ? FILE_OVERWRITTEN
                                             : FILE_OPENED;
    *out = f;
    return STATUS_SUCCESS;
}

/* Create a file or directory that is not there. */
static NTSTATUS create_new(struct path_result *res, const struct path_comps *comps,
                           const struct open_req *rq, struct kfile **out, ULONG_PTR *info)
{
    int is_dir = (rq->options & FILE_DIRECTORY_FILE) != 0;
    unsigned flags = HOST_OPEN_CREATE | HOST_OPEN_EXCL;
    struct host_attr attr;
    struct kfile *f;
    host_stream_t s;
    NTSTATUS st;
    int r;

    if (rq->disposition == FILE_OPEN || rq->disposition == FILE_OVERWRITE)
        return STATUS_OBJECT_NAME_NOT_FOUND;
    if (comps->trailing_sep && !is_dir)
        return STATUS_OBJECT_NAME_INVALID;
    if (!comps->n)
        return STATUS_OBJECT_NAME_INVALID;
    if (!(f = file_alloc(is_dir ? KFILE_DIR : KFILE_DISK, -1, NULL, rq->access, rq->options)))
        return STATUS_NO_MEMORY;
    f->share = rq->share;
    f->path = res->host;
    res->host = NULL;
    if (!(f->uri = path_make_uri("file:", f->path))) {
        kobject_unref(f);
        return STATUS_NO_MEMORY;
    }
    /* a new file is created writable even when the caller asked for less
       access; the stream is kept only if the access asks for data */
    flags |= is_dir ? HOST_OPEN_DIRECTORY | HOST_OPEN_READ : stream_flags(rq->access) | HOST_OPEN_WRITE;
    if ((r = host_stream_open(f->uri, flags, &s)) < 0) {
        kobject_unref(f);
        return r == HOST_EEXIST ? STATUS_OBJECT_NAME_COLLISION
             : r == HOST_EROFS  ? STATUS_ACCESS_DENIED
             : r == HOST_ENOENT ? STATUS_OBJECT_PATH_NOT_FOUND
                                : status_from_host(r);
    }
    if ((r = host_stream_attr(s, &attr)) < 0) {
        host_stream_close(s);
        kobject_unref(f);
        return status_from_host(r);
    }
    if (is_dir || !(stream_flags(rq->access))) {
        host_stream_close(s);
    } else {
        f->stream = s;
        f->open_flags = flags & ~(HOST_OPEN_CREATE | HOST_OPEN_EXCL);
    }
    f->host_type = attr.type;
    if ((st = inode_attach(f, &attr))) {
        kobject_unref(f);
        return st;
    }
    if (!is_dir)
        apply_new_attributes(f->uri, rq->attributes);
    *info = FILE_CREATED;
    *out = f;
    return STATUS_SUCCESS;
}

/* Point res at the instance's C:\windows\system32 name of a Wine DLL. */
static NTSTATUS shadow_fallback(struct path_result *res, const struct path_comps *comps)
{
    char *dir = path_join(kernel.instance_dir, "drive_c/windows/system32");
    const struct path_comp *last = &comps->v[comps->n - 1];
    char *name = utf16_to_utf8_alloc(last->s, last->len);
    char *path = dir && name ? path_join(dir, name) : NULL;

    kfree(dir);
    kfree(name);
    if (!path)
        return STATUS_NO_MEMORY;
    kfree(res->host);
    res->host = path;
    res->exists = 0;
    res->fallback = 0;
    return STATUS_SUCCESS;
}

/* Open or create the file attr names, as NtCreateFile does. */
static NTSTATUS open_file(const OBJECT_ATTRIBUTES *attr, const struct open_req *rq,
                          struct kfile **out, ULONG_PTR *info)
{
    struct path_result res;
    struct path_comps comps;
    enum path_target target;
    NTSTATUS st;

    if (rq->options & FILE_OPEN_BY_FILE_ID)
        return kernel_not_implemented("NtCreateFile FILE_OPEN_BY_FILE_ID", -1);
    for (int attempt = 0;; attempt++) {
        if ((st = path_lookup(attr, &target, &res, &comps)))
            return st;
        if (target != PATH_TARGET_FILE)
            break;
        if (res.exists && res.fallback && wants_truncate(rq->disposition)) {
            /* replacing one of Wine's DLLs: the instance gets its own copy */
            st = shadow_fallback(&res, &comps);
            if (!st)
                st = create_new(&res, &comps, rq, out, info);
            if (!st)
                *info = rq->disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
        } else {
            st = res.exists ? open_existing(&res, &comps, rq, out, info)
                            : create_new(&res, &comps, rq, out, info);
        }
        path_result_free(&res);
        path_comps_free(&comps);
        /* created by someone else between the lookup and the create */
        if (st != STATUS_OBJECT_NAME_COLLISION || rq->disposition == FILE_CREATE || attempt)
            return st;
    }
    *info = FILE_OPENED;
    switch (target) {
    case PATH_TARGET_NULL:
    case PATH_TARGET_CON:
    case PATH_TARGET_CONIN:
    case PATH_TARGET_CONOUT:
        return console_open(target, rq->access, rq->options, out);
    case PATH_TARGET_PIPE:
        return pipe_open_client(res.rest, res.rest_len, rq->access, rq->options, out);
    default:
        /* mailslots and the console driver: not there */
        return STATUS_OBJECT_NAME_NOT_FOUND;
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateFile(HANDLE *handle, ACCESS_MASK access,
                                          OBJECT_ATTRIBUTES *attr, IO_STATUS_BLOCK *io,
                                          LARGE_INTEGER *alloc_size, ULONG attributes,
                                          ULONG sharing, ULONG disposition, ULONG options,
                                          void *ea_buffer, ULONG ea_length)
{
    struct open_req rq = {
        .access = access_map(&file_type, access),
        .attributes = attributes,
        .share = sharing,
        .disposition = disposition,
        .options = options,
    };
    struct kfile *f = NULL;
    ULONG_PTR info = 0;
    NTSTATUS st;

    (void)alloc_size;       /* preallocation is a hint */
    (void)ea_buffer;        /* extended attributes are not kept */
    (void)ea_length;
    if (!handle || !io)
        return STATUS_ACCESS_VIOLATION;
    *handle = NULL;
    if (!attr || !attr->ObjectName)
        return STATUS_INVALID_PARAMETER;
    if ((st = check_open_args(&rq)))
        return st;
    if (!(st = open_file(attr, &rq, &f, &info))) {
        st = handle_alloc(&f->obj, rq.access, attr->Attributes, handle);
        kobject_unref(f);
    }
    if (!st)
        io->Information = info;
    io->Status = st;
    return st;
}
SYSCALL(NtCreateFile);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenFile(HANDLE *handle, ACCESS_MASK access,
                                        OBJECT_ATTRIBUTES *attr, IO_STATUS_BLOCK *io,
                                        ULONG sharing, ULONG options)
{
    return NtCreateFile(handle, access, attr, io, NULL, 0, sharing, FILE_OPEN, options, NULL, 0);
}
SYSCALL(NtOpenFile);

/* Delete a file by name: open it for deletion and close it at once. */
NTSTATUS NTAPI KERNEL_EXPORT NtDeleteFile(OBJECT_ATTRIBUTES *attr)
{
    struct open_req rq = {
        .access = DELETE,
        .share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
        .disposition = FILE_OPEN,
        .options = FILE_DELETE_ON_CLOSE,
    };
    struct kfile *f;
    ULONG_PTR info;
    NTSTATUS st;

    if (!attr || !attr->ObjectName)
        return STATUS_INVALID_PARAMETER;
    if (!(st = open_file(attr, &rq, &f, &info)))
        kobject_unref(f);       /* no handle: the last reference deletes */
    return st;
}
SYSCALL(NtDeleteFile);

/* ------------------------------------------------------------------------ */
/* 4. Reading and writing                                                   */
/* ------------------------------------------------------------------------ */

/* Where an I/O on a disk file starts: the offset argument or the pointer. */
KERNEL_HOT
static NTSTATUS io_offset(struct kfile *f, const LARGE_INTEGER *offset, int write,
                          uint64_t *pos, int *use_pointer)
{
    *use_pointer = 0;
    if (offset && offset->QuadPart >= 0) {
        *pos = offset->QuadPart;
        return STATUS_SUCCESS;
    }
    if (write && offset && offset->QuadPart == FILE_WRITE_TO_END_OF_FILE) {
        struct host_attr a;
        NTSTATUS st = file_attr(f, &a);
        *pos = a.size;
        return st;
    }
    if (offset && offset->QuadPart != FILE_USE_FILE_POINTER_POSITION)
        return STATUS_INVALID_PARAMETER;
    if (!(f->flags & KFILE_F_SYNC))
        return STATUS_INVALID_PARAMETER;    /* overlapped I/O names its offset */
    *pos = f->pos;
    *use_pointer = 1;
    return STATUS_SUCCESS;
}

/*
 * Synchronous I/O that another thread may cancel (NtCancelSynchronousIoFile).
 * A read or write on a pipe or terminal may block for ever in the host.
 * While it may, the thread's sync_io word says so (SYNC_IO_BUSY, with the
 * I/O's status block); a canceller turns it to SYNC_IO_CANCEL and
 * interrupts the thread (host_thread_interrupt), again until the I/O has
 * ended: the host's read or write returns HOST_EINTR, the I/O sees the
 * request and ends with STATUS_CANCELLED.  The word's upper bits count the
 * thread's I/Os, so that a canceller never marks a later one than it saw.
 * Only the thread itself begins and ends its I/O; a canceller only moves
 * BUSY to CANCEL, and sleeps on the word until the I/O has ended.
 */
enum { SYNC_IO_IDLE = 0, SYNC_IO_BUSY = 1, SYNC_IO_CANCEL = 2, SYNC_IO_PHASE = 3 };

static inline void sync_io_begin(IO_STATUS_BLOCK *io, const struct kfile *f)
{
    struct kthread_ext *x = KTHREAD_EXT(current_thread());
    uint32_t w = __atomic_load_n(&x->sync_io, __ATOMIC_RELAXED);

    x->sync_io_block = io;
    x->sync_io_file = f;
    __atomic_store_n(&x->sync_io, ((w & ~(uint32_t)SYNC_IO_PHASE) + 4) | SYNC_IO_BUSY,
                     __ATOMIC_RELEASE);
}

static inline void sync_io_end(void)
{
    struct kthread_ext *x = KTHREAD_EXT(current_thread());
    uint32_t w = __atomic_load_n(&x->sync_io, __ATOMIC_RELAXED), old;

    old = __atomic_exchange_n(&x->sync_io, w & ~(uint32_t)SYNC_IO_PHASE, __ATOMIC_ACQ_REL);
    if ((old & SYNC_IO_PHASE) == SYNC_IO_CANCEL)
        host_futex_wake(&x->sync_io, INT32_MAX);
}

/* Has another thread cancelled the calling thread's synchronous I/O?
 * (Asked only after an interrupt: out of the hot path.) */
__attribute__((noinline, cold))
static int sync_io_cancelled(void)
{
    struct kthread_ext *x = KTHREAD_EXT(current_thread());

    return (__atomic_load_n(&x->sync_io, __ATOMIC_ACQUIRE) & SYNC_IO_PHASE) == SYNC_IO_CANCEL;
}

/* A sequential read was interrupted with nothing read: STATUS_CANCELLED
 * when its thread's I/O was cancelled, STATUS_KEEP_RESTART when a snapshot
 * (or the thread's end) abandons it, 0 to read again. */
__attribute__((noinline))
static NTSTATUS read_interrupted(void)
{
    if (sync_io_cancelled())
        return STATUS_CANCELLED;
    /* it is a safe point, and a snapshot makes the call again once the
       thread runs (thread.c; no lock is held here) */
    if (thread_wait_point(1) != WAIT_POINT_GO_ON)
        return STATUS_KEEP_RESTART;
    /* cancelled while it stood suspended there */
    return sync_io_cancelled() ? STATUS_CANCELLED : 0;
}

/* Read up to len bytes; short reads from the host are retried.  Inlined:
 * one return fewer after the host's system call. */
KERNEL_HOT __attribute__((always_inline))
static inline NTSTATUS read_stream(host_stream_t s, void *buf, size_t len, int64_t pos, size_t *done)
{
    /* the host writes the buffer directly: write-watched pages (a GC heap)
       must be writable, and recorded as written, before it does */
    virtual_write_watch_touch(buf, len);
    *done = 0;
    while (*done < len) {
        size_t n = 0;
        int r = host_stream_read(s, (char *)buf + *done, len - *done,
                                 pos == HOST_POS_NONE ? HOST_POS_NONE : pos + (int64_t)*done, &n);
        /* a pipe or terminal read may block for ever: interrupted with
           nothing read, it may be cancelled or abandoned */
        if (r == HOST_EINTR && pos == HOST_POS_NONE && !*done) {
            NTSTATUS why = read_interrupted();
            if (why)
                return why;
        }
        if (r == HOST_EINTR)
            continue;
        if (r < 0)
            return *done ? STATUS_SUCCESS : status_from_host(r);
        if (!n)
            break;
        *done += n;
        if (pos == HOST_POS_NONE)
            break;              /* a pipe returns what it has */
    }
    return STATUS_SUCCESS;
}

KERNEL_HOT
static NTSTATUS write_stream(host_stream_t s, const void *buf, size_t len, int64_t pos,
                             size_t *done)
{
    *done = 0;
    while (*done < len) {
        size_t n = 0;
        int r = host_stream_write(s, (const char *)buf + *done, len - *done,
                                  pos == HOST_POS_NONE ? HOST_POS_NONE : pos + (int64_t)*done, &n);
        /* a write to a full pipe may block for ever: it may be cancelled */
        if (r == HOST_EINTR && pos == HOST_POS_NONE && sync_io_cancelled())
            return STATUS_CANCELLED;
        if (r == HOST_EINTR)
            continue;
        if (r < 0)
            return status_from_host(r);
        if (!n)
            return STATUS_DISK_FULL;
        *done += n;
    }
    return STATUS_SUCCESS;
}

/* A read on a pipe, terminal or redirected stdio stream: synchronous I/O
 * another thread may cancel.  Not inlined: NtReadFile's disk path stays as
 * small as it was (KERNEL_HOT). */
__attribute__((noinline))
static NTSTATUS read_sequential(struct kfile *f, void *buf, ULONG len, IO_STATUS_BLOCK *io,
                                size_t *done)
{
    NTSTATUS st;

    sync_io_begin(io, f);
    st = read_stream(f->stream, buf, len, HOST_POS_NONE, done);
    sync_io_end();

    if (st || *done || !len)
        return st;
    /* nothing left: a pipe whose writer is gone is broken, a file ends */
    return f->host_type == HOST_TYPE_PIPE || f->host_type == HOST_TYPE_SOCKET
               ? STATUS_PIPE_BROKEN : STATUS_END_OF_FILE;
}

KERNEL_HOT
static NTSTATUS read_disk(struct kfile *f, void *buf, ULONG len, const LARGE_INTEGER *offset,
                          size_t *done)
{
    uint64_t pos;
    int use_pointer;
    NTSTATUS st;

    klock_acquire(&f->lock);
    if (!(st = io_offset(f, offset, 0, &pos, &use_pointer)) &&
        !(st = check_io_locks(f, pos, len, 0)))
        st = read_stream(f->stream, buf, len, pos, done);
    if (!st && (f->flags & KFILE_F_SYNC))
        f->pos = pos + *done;
    klock_release(&f->lock);
    if (!st && !*done && len)
        st = STATUS_END_OF_FILE;
    return st;
}

KERNEL_HOT
NTSTATUS NTAPI KERNEL_EXPORT NtReadFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                        void *apc_ctx, IO_STATUS_BLOCK *io, void *buffer,
                                        ULONG length, LARGE_INTEGER *offset, ULONG *key)
{
    struct kfile *f;
    size_t done = 0;
    NTSTATUS st;

    (void)key;
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = file_ref(handle, FILE_READ_DATA, &f)))
        return st;
    switch (f->kind) {
    case KFILE_NULL:
        st = STATUS_END_OF_FILE;
        break;
    case KFILE_DIR:
        st = STATUS_INVALID_DEVICE_REQUEST;
        break;
    default:
        if (f->stream < 0)
            st = STATUS_ACCESS_DENIED;
        else if (is_sequential(f))
            st = read_sequential(f, buffer, length, io, &done);
        else
            st = read_disk(f, buffer, length, offset, &done);
        break;
    }
    kobject_unref(f);
    if (!st || st == STATUS_END_OF_FILE || st == STATUS_CANCELLED)
        file_io_complete(io, st, done, event, apc, apc_ctx);
    return st;
}
SYSCALL(NtReadFile);

KERNEL_HOT
static NTSTATUS write_disk(struct kfile *f, const void *buf, ULONG len,
                           const LARGE_INTEGER *offset, size_t *done)
{
    uint64_t pos = 0;
    int use_pointer;
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&f->lock);
    if (f->flags & KFILE_F_APPEND) {
        /* FILE_APPEND_DATA without FILE_WRITE_DATA: the host appends */
        struct host_attr a;
        st = write_stream(f->stream, buf, len, HOST_POS_NONE, done);
        if (!st && !file_attr(f, &a))
            pos = a.size - *done;
    } else if (!(st = io_offset(f, offset, 1, &pos, &use_pointer)) &&
               !(st = check_io_locks(f, pos, len, 1))) {
        st = write_stream(f->stream, buf, len, pos, done);
    }
    if (!st && (f->flags & KFILE_F_SYNC))
        f->pos = pos + *done;
    klock_release(&f->lock);
    return st;
}

/* A write to a pipe, terminal or redirected stdio stream: synchronous I/O
 * another thread may cancel.  Not inlined, as read_sequential. */
__attribute__((noinline))
static NTSTATUS write_sequential(struct kfile *f, const void *buf, ULONG len,
                                 IO_STATUS_BLOCK *io, size_t *done)
{
    NTSTATUS st;

    sync_io_begin(io, f);
    st = write_stream(f->stream, buf, len, HOST_POS_NONE, done);
    sync_io_end();
    return st;
}

KERNEL_HOT
NTSTATUS NTAPI KERNEL_EXPORT NtWriteFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                         void *apc_ctx, IO_STATUS_BLOCK *io, const void *buffer,
                                         ULONG length, LARGE_INTEGER *offset, ULONG *key)
{
    struct kfile *f;
    ACCESS_MASK granted;
    size_t done = 0;
    NTSTATUS st;

    (void)key;
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = handle_ref_access(handle, &file_type, 0, (void **)&f, &granted)))
        return st;
    if (!(granted & (FILE_WRITE_DATA | FILE_APPEND_DATA))) {
        kobject_unref(f);
        return STATUS_ACCESS_DENIED;
    }
    /* the program reading a pipe may look in the registry next; a file's
       reader, or a person at a terminal, may see a line up to a tick
       before the registry write before it (a commit per line written,
       some 100 us, would cost more than the write) */
    if (f->host_type == HOST_TYPE_PIPE || f->host_type == HOST_TYPE_SOCKET)
        regstore_publish();
    switch (f->kind) {
    case KFILE_NULL:
        done = length;
        break;
    case KFILE_DIR:
        st = STATUS_INVALID_DEVICE_REQUEST;
        break;
    default:
        if (f->stream < 0)
            st = STATUS_ACCESS_DENIED;
        else if (is_sequential(f))
            st = write_sequential(f, buffer, length, io, &done);
        else
            st = write_disk(f, buffer, length, offset, &done);
        break;
    }
    kobject_unref(f);
    if (!st || st == STATUS_CANCELLED)
        file_io_complete(io, st, done, event, apc, apc_ctx);
    return st;
}
SYSCALL(NtWriteFile);

/*
 * Scatter/gather I/O: one transfer of `length` bytes at one file offset,
 * to or from a list of page-sized buffers (FILE_SEGMENT_ELEMENT, one page
 * each, in order).  What Windows asks of the call: a disk file opened for
 * overlapped (no FILE_SYNCHRONOUS_IO_*) unbuffered
 * (FILE_NO_INTERMEDIATE_BUFFERING) I/O, and a length that is a whole
 * number of pages; anything else is STATUS_INVALID_PARAMETER.  The
 * transfer is made at once, one host call per run of segments that are
 * adjacent in memory, and reported as NtReadFile and NtWriteFile report
 * theirs (status block, event, APC).  A read answers STATUS_PENDING, its
 * result (STATUS_END_OF_FILE at the end) in the status block, and a write
 * its status, as Wine 8.0 does: kernelbase's ReadFileScatter then says
 * ERROR_IO_PENDING as on Windows, and GetOverlappedResult the outcome.
 */
static NTSTATUS segments_transfer(struct kfile *f, const FILE_SEGMENT_ELEMENT *seg, ULONG length,
                                  uint64_t pos, int write, size_t *total)
{
    const ULONG page = PAGE_SIZE_K;
    ULONG count = length / page;
    NTSTATUS st = STATUS_SUCCESS;

    *total = 0;
    for (ULONG i = 0; i < count && !st;) {
        char *run = seg[i].Buffer;
        size_t len = page, done = 0;

        /* segments that follow each other in memory: one host call */
        while (i + 1 < count && (char *)seg[i + 1].Buffer == run + len) {
            len += page;
            i++;
        }
        i++;
        if (write)
            st = write_stream(f->stream, run, len, pos + *total, &done);
        else
            st = read_stream(f->stream, run, len, pos + *total, &done);
        *total += done;
        if (!write && done < len)
            break;              /* the end of the file */
    }
    return st;
}

static NTSTATUS segments_io(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                            IO_STATUS_BLOCK *io, FILE_SEGMENT_ELEMENT *seg, ULONG length,
                            LARGE_INTEGER *offset, int write)
{
    struct kfile *f;
    uint64_t pos = 0;
    int use_pointer;
    size_t total = 0;
    NTSTATUS st;

    if (length % PAGE_SIZE_K)
        return STATUS_INVALID_PARAMETER;
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    /* the array is read in the kernel: check it before (no fault later) */
    if (length && (!seg || !virtual_check_range(seg, length / PAGE_SIZE_K * sizeof(*seg), 0)))
        return STATUS_ACCESS_VIOLATION;
    if ((st = file_ref(handle, write ? FILE_WRITE_DATA : FILE_READ_DATA, &f)))
        return st;
    if (f->kind != KFILE_DISK || f->stream < 0 || is_sequential(f) ||
        (f->flags & KFILE_F_SYNC) || !(f->options & FILE_NO_INTERMEDIATE_BUFFERING))
        st = STATUS_INVALID_PARAMETER;
    else if (!(st = io_offset(f, offset, write, &pos, &use_pointer)))
        st = check_io_locks(f, pos, length, write);
    if (!st) {
        if (event)
            NtResetEvent(event, NULL);
        st = segments_transfer(f, seg, length, pos, write, &total);
        if (!write && !st && !total && length)
            st = STATUS_END_OF_FILE;
    }
    kobject_unref(f);
    if (st && (write || st != STATUS_END_OF_FILE))
        return st;
    file_io_complete(io, st, total, event, apc, apc_ctx);
    return write ? st : STATUS_PENDING;
}

NTSTATUS NTAPI KERNEL_EXPORT NtReadFileScatter(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                               void *apc_ctx, IO_STATUS_BLOCK *io,
                                               FILE_SEGMENT_ELEMENT *segments, ULONG length,
                                               LARGE_INTEGER *offset, ULONG *key)
{
    (void)key;
    return segments_io(handle, event, apc, apc_ctx, io, segments, length, offset, 0);
}
SYSCALL(NtReadFileScatter);

NTSTATUS NTAPI KERNEL_EXPORT NtWriteFileGather(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                               void *apc_ctx, IO_STATUS_BLOCK *io,
                                               FILE_SEGMENT_ELEMENT *segments, ULONG length,
                                               LARGE_INTEGER *offset, ULONG *key)
{
    (void)key;
    return segments_io(handle, event, apc, apc_ctx, io, segments, length, offset, 1);
}
SYSCALL(NtWriteFileGather);

NTSTATUS NTAPI KERNEL_EXPORT NtFlushBuffersFile(HANDLE handle, IO_STATUS_BLOCK *io)
{
    struct kfile *f;
    ACCESS_MASK granted;
    NTSTATUS st;

    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = handle_ref_access(handle, &file_type, 0, (void **)&f, &granted)))
        return st;
    if (f->kind == KFILE_DISK && !(granted & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
        st = STATUS_ACCESS_DENIED;
    else if (f->kind == KFILE_DISK && f->stream >= 0 && (f->open_flags & HOST_OPEN_WRITE))
        st = status_from_host(host_stream_flush(f->stream));
    kobject_unref(f);
    io->Status = st;
    io->Information = 0;
    return st;
}
SYSCALL(NtFlushBuffersFile);

/* ------------------------------------------------------------------------ */
/* 5. Byte-range locks, cancellation, what is not there yet                 */
/* ------------------------------------------------------------------------ */

/* Try to take a lock: STATUS_SUCCESS, STATUS_LOCK_NOT_GRANTED. */
static NTSTATUS lock_try(struct kfile *f, uint64_t off, uint64_t len, ULONG key, int exclusive)
{
    struct kfile_lock *l = kzalloc(sizeof(*l));
    NTSTATUS st = STATUS_SUCCESS;

    if (!l)
        return STATUS_NO_MEMORY;
    klock_acquire(&inode_lock);
    if (!f->inode) {
        st = STATUS_INVALID_HANDLE;
    } else if (lock_conflicts(f->inode, off, len, exclusive)) {
        st = STATUS_LOCK_NOT_GRANTED;
    } else {
        l->owner = f;
        l->offset = off;
        l->length = len;
        l->key = key;
        l->exclusive = exclusive;
        l->next = f->inode->locks;
        f->inode->locks = l;
        io_locks_add(1);
        l = NULL;
    }
    klock_release(&inode_lock);
    kfree(l);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtLockFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                        void *apc_ctx, IO_STATUS_BLOCK *io, LARGE_INTEGER *offset,
                                        LARGE_INTEGER *length, ULONG *key, BOOLEAN fail_immediately,
                                        BOOLEAN exclusive)
{
    struct kfile *f;
    ACCESS_MASK granted;
    NTSTATUS st;

    if (!offset || !length)
        return STATUS_ACCESS_VIOLATION;
    if (offset->QuadPart < 0 || length->QuadPart < 0)
        return STATUS_INVALID_PARAMETER;
    if ((st = handle_ref_access(handle, &file_type, 0, (void **)&f, &granted)))
        return st;
    if (!(granted & (FILE_READ_DATA | FILE_WRITE_DATA | FILE_APPEND_DATA))) {
        kobject_unref(f);
        return STATUS_ACCESS_DENIED;
    }
    for (;;) {
        uint32_t gen = __atomic_load_n(&lock_generation, __ATOMIC_ACQUIRE);
        st = lock_try(f, offset->QuadPart, length->QuadPart, key ? *key : 0, exclusive);
        if (st != STATUS_LOCK_NOT_GRANTED || fail_immediately)
            break;
        /* wait for some lock to go away, then try again */
        host_futex_wait(&lock_generation, gen, NULL, 0);
    }
    kobject_unref(f);
    if (!st)
        file_io_complete(io, st, 0, event, apc, apc_ctx);
    return st;
}
SYSCALL(NtLockFile);

NTSTATUS NTAPI KERNEL_EXPORT NtUnlockFile(HANDLE handle, IO_STATUS_BLOCK *io, LARGE_INTEGER *offset,
                                          LARGE_INTEGER *length, ULONG *key)
{
    struct kfile *f;
    NTSTATUS st;

    if (!offset || !length)
        return STATUS_ACCESS_VIOLATION;
    if ((st = file_ref(handle, 0, &f)))
        return st;
    st = STATUS_RANGE_NOT_LOCKED;
    klock_acquire(&inode_lock);
    for (struct kfile_lock **p = f->inode ? &f->inode->locks : NULL; p && *p; p = &(*p)->next) {
        struct kfile_lock *l = *p;
        if (l->owner == f && l->offset == (uint64_t)offset->QuadPart &&
            l->length == (uint64_t)length->QuadPart && l->key == (key ? *key : 0)) {
            *p = l->next;
            kfree(l);
            io_locks_add(-1);
            st = STATUS_SUCCESS;
            break;
        }
    }
    klock_release(&inode_lock);
    kobject_unref(f);
    if (!st)
        wake_lock_waiters();
    if (io) {
        io->Status = st;
        io->Information = 0;
    }
    return st;
}
SYSCALL(NtUnlockFile);

/* All I/O completes before its syscall returns: nothing is ever pending. */
NTSTATUS NTAPI KERNEL_EXPORT NtCancelIoFile(HANDLE handle, IO_STATUS_BLOCK *io)
{
    struct kfile *f;
    NTSTATUS st;

    if ((st = file_ref(handle, 0, &f)))
        return st;
    kobject_unref(f);
    if (io) {
        io->Status = STATUS_SUCCESS;
        io->Information = 0;
    }
    return STATUS_SUCCESS;
}
SYSCALL(NtCancelIoFile);

/*
 * Cancel the synchronous I/O thread t is blocked in, if it is one on file
 * (NULL: any) with status block target (NULL: any): STATUS_SUCCESS once
 * that I/O has ended with STATUS_CANCELLED, STATUS_NOT_FOUND when the
 * thread is in none.  See sync_io_begin for the mechanism.
 */
static NTSTATUS cancel_thread_io(struct kthread *t, const struct kfile *file, IO_STATUS_BLOCK *target)
{
    struct kthread_ext *x = KTHREAD_EXT(t);
    NTSTATUS st = STATUS_SUCCESS;
    uint32_t w;

    for (;;) {
        w = __atomic_load_n(&x->sync_io, __ATOMIC_ACQUIRE);
        if ((w & SYNC_IO_PHASE) == SYNC_IO_IDLE || (target && x->sync_io_block != target) ||
            (file && x->sync_io_file != file))
            return STATUS_NOT_FOUND;
        /* another canceller got there first: wait for the same end */
        if ((w & SYNC_IO_PHASE) == SYNC_IO_CANCEL)
            break;
        /* the word names this very I/O still: the block read was its own */
        if (__atomic_compare_exchange_n(&x->sync_io, &w,
                                        (w & ~(uint32_t)SYNC_IO_PHASE) | SYNC_IO_CANCEL, 0,
                                        __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
            w = (w & ~(uint32_t)SYNC_IO_PHASE) | SYNC_IO_CANCEL;
            break;
        }
    }
    /* interrupt it until the I/O has ended (an interrupt can land just
       before the host call that blocks: it is sent again); a thread
       stopped by a suspension sees the request when it is resumed */
    int64_t step = 1000000, waited = 0;

    while (__atomic_load_n(&x->sync_io, __ATOMIC_ACQUIRE) == w && !t->terminated &&
           !__atomic_load_n(&x->stopped, __ATOMIC_ACQUIRE) && waited < 5000000000LL) {
        host_thread_t host = __atomic_load_n(&t->host, __ATOMIC_ACQUIRE);
        if (host)
            host_thread_interrupt(host);
        /* the canceller's own stop point: suspension, termination */
        if (host_futex_wait(&x->sync_io, w, &step, 0) == HOST_EINTR && thread_safe_point()) {
            kobject_unref(t);
            thread_exit_current(KTHREAD_EXT(current_thread())->kill_code);
        }
        waited += step;
        if (step < 32000000)
            step *= 2;
    }
    return st;
}

/*
 * CancelIoEx: every synchronous I/O on handle's file that a thread of the
 * process is blocked in (a read or write on a pipe or terminal; with
 * target, only the one with that status block) ends with STATUS_CANCELLED.
 * Nothing else is ever pending here (all other I/O completes before its
 * call returns): STATUS_NOT_FOUND when no such I/O runs.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtCancelIoFileEx(HANDLE handle, IO_STATUS_BLOCK *target,
                                              IO_STATUS_BLOCK *io)
{
    struct kthread *threads[256];
    struct kfile *f;
    unsigned n;
    NTSTATUS st;

    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = file_ref(handle, 0, &f)))
        return st;
    n = thread_ref_all(threads, ARRAY_SIZE(threads));
    st = STATUS_NOT_FOUND;
    for (unsigned i = 0; i < n; i++) {
        if (threads[i] != current_thread() && !cancel_thread_io(threads[i], f, target))
            st = STATUS_SUCCESS;
        kobject_unref(threads[i]);
    }
    kobject_unref(f);
    io->Status = st;
    io->Information = 0;
    return st;
}
SYSCALL(NtCancelIoFileEx);

/*
 * Cancel the synchronous I/O thread `handle` is blocked in (a read or write
 * on a pipe or terminal; `target`, if given, must be that I/O's status
 * block): STATUS_SUCCESS once that I/O has ended with STATUS_CANCELLED,
 * STATUS_NOT_FOUND when the thread is in none.  The handle needs
 * THREAD_TERMINATE.
 */
NTSTATUS NTAPI KERNEL_EXPORT NtCancelSynchronousIoFile(HANDLE handle, IO_STATUS_BLOCK *target,
                                                       IO_STATUS_BLOCK *io)
{
    struct kthread *t;
    NTSTATUS st;

    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = thread_ref_access(handle, THREAD_TERMINATE, &t)))
        return st;
    st = cancel_thread_io(t, NULL, target);
    kobject_unref(t);
    io->Status = st;
    io->Information = 0;
    return st;
}
SYSCALL(NtCancelSynchronousIoFile);

NTSTATUS NTAPI KERNEL_EXPORT NtCreateMailslotFile(HANDLE *handle, ULONG access,
                                                  OBJECT_ATTRIBUTES *attr, IO_STATUS_BLOCK *io,
                                                  ULONG options, ULONG quota, ULONG msg_size,
                                                  LARGE_INTEGER *timeout)
{
    (void)handle; (void)access; (void)attr; (void)io; (void)options; (void)quota;
    (void)msg_size; (void)timeout;
    return kernel_not_implemented("NtCreateMailslotFile", -1);
}
SYSCALL(NtCreateMailslotFile);

NTSTATUS NTAPI KERNEL_EXPORT NtNotifyChangeDirectoryFile(HANDLE handle, HANDLE event,
                                                         PIO_APC_ROUTINE apc, void *apc_ctx,
                                                         IO_STATUS_BLOCK *io, void *buffer,
                                                         ULONG length, ULONG filter,
                                                         BOOLEAN subtree)
{
    (void)handle; (void)event; (void)apc; (void)apc_ctx; (void)io; (void)buffer;
    (void)length; (void)filter; (void)subtree;
    /* the host ABI has no change notification */
    return kernel_not_implemented("NtNotifyChangeDirectoryFile", -1);
}
SYSCALL(NtNotifyChangeDirectoryFile);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryEaFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buffer,
                                           ULONG length, BOOLEAN single_entry, void *list,
                                           ULONG list_len, ULONG *index, BOOLEAN restart)
{
    (void)handle; (void)io; (void)buffer; (void)length; (void)single_entry; (void)list;
    (void)list_len; (void)index; (void)restart;
    return STATUS_EAS_NOT_SUPPORTED;
}
SYSCALL(NtQueryEaFile);

NTSTATUS NTAPI KERNEL_EXPORT NtSetEaFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buffer,
                                         ULONG length)
{
    (void)handle; (void)io; (void)buffer; (void)length;
    return STATUS_EAS_NOT_SUPPORTED;
}
SYSCALL(NtSetEaFile);

/* ------------------------------------------------------------------------ */
/* 6. For the rest of the kernel                                            */
/* ------------------------------------------------------------------------ */

void file_init(void)
{
    /* the open-file table starts empty; nothing to set up yet */
}

/* section.c: the stream and URI behind a file handle (the File keeps the
 * stream; the URI is the caller's to free). */
NTSTATUS file_ref_stream(HANDLE h, ACCESS_MASK access, host_stream_t *out, char **out_uri)
{
    struct kfile *f;
    NTSTATUS st;

    if ((st = file_ref(h, access, &f)))
        return st;
    if (f->kind != KFILE_DISK || !f->uri || is_sequential(f))
        st = STATUS_INVALID_FILE_FOR_SECTION;
    else if (!(*out_uri = kstrdup(f->uri)))
        st = STATUS_NO_MEMORY;
    else
        *out = f->stream;
    kobject_unref(f);
    return st;
}

int file_identity(struct kfile *f, uint64_t *dev, uint64_t *ino)
{
    int known;

    klock_acquire(&inode_lock);
    if ((known = f->inode != NULL)) {
        *dev = f->inode->dev;
        *ino = f->inode->ino;
    }
    klock_release(&inode_lock);
    return known;
}

struct kobject *file_keep_read_stream(HANDLE h, host_stream_t *out)
{
    struct kfile *f;

    if (file_ref(h, FILE_READ_DATA, &f))
        return NULL;
    /* the stream never changes while the File lives (a rename keeps it) */
    if (f->kind == KFILE_DISK && f->stream >= 0 && f->open_flags == HOST_OPEN_READ &&
        !is_sequential(f)) {
        *out = f->stream;
        return &f->obj;
    }
    kobject_unref(f);
    return NULL;
}

/*
 * The object name of a File.  Windows says "\Device\HarddiskVolume1\x";
 * Wine's server says "\??\C:\x", and Wine's kernelbase depends on that
 * (GetFinalPathNameByHandleW refuses any other prefix), so we say what
 * Wine says.  The null device is "\Device\Null"; pipes and stdio streams
 * have no name.
 */
static NTSTATUS object_name(struct kfile *f, WCHAR **out, size_t *out_len)
{
    static const WCHAR null_dev[] = u"\\Device\\Null";

    if (f->kind == KFILE_NULL) {
        *out_len = ARRAY_SIZE(null_dev) - 1;
        *out = kwcsdup(null_dev, *out_len);
        return *out ? STATUS_SUCCESS : STATUS_NO_MEMORY;
    }
    if (!f->path) {
        *out_len = 0;
        *out = kwcsdup(u"", 0);
        return *out ? STATUS_SUCCESS : STATUS_NO_MEMORY;
    }
    return path_host_to_nt(f->path, out, out_len);
}

/* handle.c: NtQueryObject(ObjectNameInformation) on a File. */
NTSTATUS file_query_object_name(struct kobject *obj, void *buf, ULONG len, ULONG *ret_len)
{
    OBJECT_NAME_INFORMATION *info = buf;
    WCHAR *name;
    size_t name_len;
    NTSTATUS st;

    if ((st = object_name((struct kfile *)obj, &name, &name_len)))
        return st;
    ULONG need = sizeof(*info) + (name_len + 1) * sizeof(WCHAR);
    if (ret_len)
        *ret_len = need;
    if (len < need) {
        st = len < sizeof(*info) ? STATUS_INFO_LENGTH_MISMATCH : STATUS_BUFFER_OVERFLOW;
    } else {
        info->Name.Buffer = (WCHAR *)(info + 1);
        info->Name.Length = name_len * sizeof(WCHAR);
        info->Name.MaximumLength = info->Name.Length + sizeof(WCHAR);
        memcpy(info->Name.Buffer, name, (name_len + 1) * sizeof(WCHAR));
    }
    kfree(name);
    return st;
}

/* ---- Inheritance by a child process (spawn.c) ------------------------------ */

int file_describe(struct kobject *obj, struct file_inherit *out)
{
    struct kfile *f = (struct kfile *)obj;

    if (obj->type != &file_type || f->kind == KFILE_DIR)
        return 0;
    if (f->kind != KFILE_NULL && f->stream < 0)
        return 0;       /* an attribute-only open: nothing to hand over */
    memset(out, 0, sizeof(*out));
    out->kind = f->kind;
    out->stream = f->kind == KFILE_NULL ? -1 : f->stream;
    out->access = f->access;
    out->options = f->options & ~FILE_DELETE_ON_CLOSE;
    out->share = f->share;
    out->append = (f->flags & KFILE_F_APPEND) != 0;
    out->uri = f->uri;
    out->path = f->path;
    klock_acquire(&f->lock);
    out->pos = f->pos;
    klock_release(&f->lock);
    return 1;
}

NTSTATUS file_inherit(const struct file_inherit *d, host_stream_t stream, HANDLE value,
                      ULONG attributes)
{
    struct host_attr attr;
    enum kfile_kind kind = d->kind == KFILE_DISK || d->kind == KFILE_PIPE ||
                           d->kind == KFILE_NULL ? d->kind : KFILE_STDIO;
    struct kfile *f = file_alloc(kind, stream, d->uri, d->access, d->options);
    NTSTATUS st = STATUS_NO_MEMORY;

    if (!f)
        return st;
    f->share = d->share;
    f->pos = d->pos;
    if (d->append)
        f->flags |= KFILE_F_APPEND;
    f->host_type = stream >= 0 && host_stream_attr(stream, &attr) == HOST_OK ? attr.type
                                                                             : HOST_TYPE_CHAR;
    if (kind == KFILE_STDIO)
        f->flags |= KFILE_F_SYNC;
    st = STATUS_SUCCESS;
    if (kind == KFILE_DISK && d->path && !(f->path = kstrdup(d->path)))
        st = STATUS_NO_MEMORY;
    if (!st && kind == KFILE_DISK && f->path && host_stream_attr(stream, &attr) == HOST_OK)
        st = inode_attach(f, &attr);
    if (!st)
        st = handle_alloc_at(value, &f->obj, d->access, attributes);
    kobject_unref(f);
    return st;
}

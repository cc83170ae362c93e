/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * dir.c - directory enumeration: NtQueryDirectoryFile[Ex].
 *
 * The first query on a directory handle (and every RestartScan) reads the
 * host directory once, keeps the names that match the mask and sorts them
 * as NTFS would return them (by upcased name; "." and ".." first).  Later
 * queries walk that list with an index, so an enumeration sees a stable
 * snapshot, as Windows' does.  Each entry's attributes are read when it is
 * returned: a file deleted in between is skipped.
 *
 * C:\windows\system32 also lists Wine's PE DLLs (path.c makes them open
 * there), after the instance's own files of the same names.
 *
 * Re-creating the state from scratch (a snapshot) only needs the mask and
 * the index: the listing is read again.
 */
#include "file.h"

struct dir_entry {
    char *host_name;            /* as the host spells it */
    WCHAR *name;                /* UTF-16, what Windows sees */
    size_t len;
    int in_dlls;                /* lives in Wine's DLL directory */
};

struct kdir_list {
    WCHAR *mask;                /* NULL: everything */
    size_t mask_len;
    struct dir_entry *v;
    size_t count, cap;
    size_t pos;                 /* next entry to return */
};

static void entries_free(struct kdir_list *d)
{
    for (size_t i = 0; i < d->count; i++) {
        kfree(d->v[i].host_name);
        kfree(d->v[i].name);
    }
    kfree(d->v);
    d->v = NULL;
    d->count = d->cap = d->pos = 0;
}

void dir_list_free(struct kdir_list *d)
{
    if (!d)
        return;
    entries_free(d);
    kfree(d->mask);
    kfree(d);
}

/* ------------------------------------------------------------------------ */
/* Reading and sorting the listing                                          */
/* ------------------------------------------------------------------------ */

static int mask_matches(const struct kdir_list *d, const WCHAR *name, size_t len)
{
    return !d->mask || path_mask_match(name, len, d->mask, d->mask_len);
}

/* Is name among the first `limit` entries (the instance's own)? */
static int has_entry(const struct kdir_list *d, size_t limit, const WCHAR *name, size_t len)
{
    for (size_t i = 0; i < limit && i < d->count; i++)
        if (d->v[i].len == len && !kwcsnicmp(d->v[i].name, name, len))
            return 1;
    return 0;
}

/* Add one host name if the mask takes it; 0 on out of memory.  A name
 * from Wine's DLL directory is skipped when one of the first `own`
 * entries has it already. */
static int add_entry(struct kdir_list *d, const char *host_name, int in_dlls, size_t own)
{
    size_t len;
    WCHAR *name = utf8_to_utf16_alloc(host_name, &len);

    if (!name)
        return 1;               /* not UTF-8: Windows could not name it */
    if (!mask_matches(d, name, len) || (in_dlls && has_entry(d, own, name, len))) {
        kfree(name);
        return 1;
    }
    if (d->count == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 32;
        struct dir_entry *v = krealloc(d->v, cap * sizeof(*v));
        if (!v) {
            kfree(name);
            return 0;
        }
        d->v = v;
        d->cap = cap;
    }
    struct dir_entry *e = &d->v[d->count];
    if (!(e->host_name = kstrdup(host_name))) {
        kfree(name);
        return 0;
    }
    e->name = name;
    e->len = len;
    e->in_dlls = in_dlls;
    d->count++;
    return 1;
}

struct scan_ctx {
    struct kdir_list *d;
    int in_dlls;
    size_t own;                 /* entries from the directory itself */
    int failed;
};

static int scan_visit(void *p, const struct host_dirent *ent)
{
    struct scan_ctx *ctx = p;

    if (!strcmp(ent->name, ".") || !strcmp(ent->name, ".."))
        return 0;               /* added first, by read_listing */
    if (ctx->in_dlls && ent->type != HOST_TYPE_FILE)
        return 0;
    if (!add_entry(ctx->d, ent->name, ctx->in_dlls, ctx->own)) {
        ctx->failed = 1;
        return 1;
    }
    return 0;
}

/* NTFS order: by upcased name, then by exact name. */
static int entry_cmp(const struct dir_entry *a, const struct dir_entry *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int r = kwcsnicmp(a->name, b->name, n);
    if (r)
        return r;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    for (size_t i = 0; i < n; i++)
        if (a->name[i] != b->name[i])
            return a->name[i] < b->name[i] ? -1 : 1;
    return 0;
}

/* A merge sort (the kernel has no qsort). */
static void sort_entries(struct dir_entry *v, struct dir_entry *tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_entries(v, tmp, h);
    sort_entries(v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = entry_cmp(&v[j], &v[i]) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof(*v));
}

/* Without wildcards the mask names one file: look it up, do not scan. */
static int is_plain_name(const WCHAR *mask, size_t len)
{
    if (!mask || !len || (len <= 2 && mask[0] == '.' && (len == 1 || mask[1] == '.')))
        return 0;
    for (size_t i = 0; i < len; i++)
        if (mask[i] == '*' || mask[i] == '?' || mask[i] == '<' || mask[i] == '>' ||
            mask[i] == '"')
            return 0;
    return 1;
}

static NTSTATUS read_one(struct kdir_list *d, const char *dir)
{
    struct path_comps comps;
    struct path_result res;
    NTSTATUS st;

    if (path_split(d->mask, d->mask_len, 0, &comps) || comps.n != 1) {
        path_comps_free(&comps);
        return STATUS_SUCCESS;      /* no valid name matches */
    }
    st = path_resolve(dir, &comps, 1, &res);
    path_comps_free(&comps);
    if (st == STATUS_SUCCESS && res.exists) {
        const char *slash = strrchr(res.host, '/');
        struct kdir_list all = *d;
        all.mask = NULL;            /* the file system matched the name already */
        if (!add_entry(&all, slash ? slash + 1 : res.host, res.fallback, 0))
            st = STATUS_NO_MEMORY;
        d->v = all.v;
        d->count = all.count;
        d->cap = all.cap;
    }
    path_result_free(&res);
    return st == STATUS_OBJECT_PATH_NOT_FOUND ? STATUS_SUCCESS : st;
}

static NTSTATUS read_listing(struct kdir_list *d, const char *dir)
{
    struct scan_ctx ctx = { d, 0, 0, 0 };
    NTSTATUS st;

    entries_free(d);
    if (!add_entry(d, ".", 0, 0) || !add_entry(d, "..", 0, 0))
        return STATUS_NO_MEMORY;
    if (is_plain_name(d->mask, d->mask_len))
        return read_one(d, dir);
    if ((st = path_scan_dir(dir, scan_visit, &ctx)))
        return st;
    if (!ctx.failed && kernel.wine_dll_dir && path_is_system_dir(dir)) {
        ctx.in_dlls = 1;
        ctx.own = d->count;
        path_scan_dir(kernel.wine_dll_dir, scan_visit, &ctx);
    }
    if (ctx.failed)
        return STATUS_NO_MEMORY;
    size_t first = 0;
    while (first < d->count && (!strcmp(d->v[first].host_name, ".") ||
                                !strcmp(d->v[first].host_name, "..")))
        first++;
    struct dir_entry *tmp = kmalloc((d->count - first + 1) * sizeof(*tmp));
    if (!tmp)
        return STATUS_NO_MEMORY;
    sort_entries(d->v + first, tmp, d->count - first);
    kfree(tmp);
    return STATUS_SUCCESS;
}

/* Start (or restart) an enumeration with mask. */
static NTSTATUS start_listing(struct kfile *f, const UNICODE_STRING *mask)
{
    struct kdir_list *d = f->dir;

    if (!d && !(d = f->dir = kzalloc(sizeof(*d))))
        return STATUS_NO_MEMORY;
    if (mask && mask->Length && mask->Buffer) {
        kfree(d->mask);
        d->mask_len = mask->Length / sizeof(WCHAR);
        if (!(d->mask = kwcsdup(mask->Buffer, d->mask_len)))
            return STATUS_NO_MEMORY;
        /* "*" alone matches everything: skip the matcher */
        if (d->mask_len == 1 && d->mask[0] == '*') {
            kfree(d->mask);
            d->mask = NULL;
        }
    }
    return read_listing(d, f->path);
}

static int empty_visit(void *p, const struct host_dirent *ent)
{
    if (!strcmp(ent->name, ".") || !strcmp(ent->name, ".."))
        return 0;
    *(int *)p = 0;
    return 1;
}

NTSTATUS dir_is_empty(const char *host, int *empty)
{
    *empty = 1;
    return path_scan_dir(host, empty_visit, empty);
}

/* ------------------------------------------------------------------------ */
/* Filling the entries                                                      */
/* ------------------------------------------------------------------------ */

/* Offset of FileName in each class's entry; 0 for classes not listed. */
static ULONG name_offset(ULONG cls)
{
    switch (cls) {
    case FileDirectoryInformation: return offsetof(FILE_DIRECTORY_INFORMATION, FileName);
    case FileFullDirectoryInformation: return offsetof(FILE_FULL_DIRECTORY_INFORMATION, FileName);
    case FileBothDirectoryInformation: return offsetof(FILE_BOTH_DIRECTORY_INFORMATION, FileName);
    case FileIdBothDirectoryInformation:
        return offsetof(FILE_ID_BOTH_DIRECTORY_INFORMATION, FileName);
    case FileIdFullDirectoryInformation:
        return offsetof(FILE_ID_FULL_DIRECTORY_INFORMATION, FileName);
    case FileIdGlobalTxDirectoryInformation:
        return offsetof(FILE_ID_GLOBAL_TX_DIR_INFORMATION, FileName);
    case FileNamesInformation: return offsetof(FILE_NAMES_INFORMATION, FileName);
    default: return 0;
    }
}

static ULONG align8(ULONG n)
{
    return (n + 7) & ~7u;
}

/*
 * Attributes of entry e of the directory dir; nonzero if it vanished.
 * ".." reports the directory's own attributes: its parent may be outside
 * what the policy lets us see, and asking would log a denial for a name
 * the program never asked about.
 */
static int entry_attr(const char *dir, const struct dir_entry *e, struct host_attr *a)
{
    const char *base = e->in_dlls ? kernel.wine_dll_dir : dir;
    char *path, *uri;
    int r;

    if (!strcmp(e->host_name, ".") || !strcmp(e->host_name, ".."))
        path = kstrdup(dir);
    else
        path = path_join(base, e->host_name);
    uri = path ? path_make_uri("file:", path) : NULL;
    r = uri ? host_uri_attr(uri, a) : HOST_ENOMEM;
    kfree(uri);
    kfree(path);
    return r < 0;
}

/* The fields every class but FileNamesInformation shares. */
static void fill_common(FILE_DIRECTORY_INFORMATION *info, const struct host_attr *a,
                        const struct dir_entry *e)
{
    info->CreationTime.QuadPart = file_time_to_nt(a->btime_ns ? a->btime_ns : a->mtime_ns);
    info->LastAccessTime.QuadPart = file_time_to_nt(a->atime_ns);
    info->LastWriteTime.QuadPart = file_time_to_nt(a->mtime_ns);
    info->ChangeTime.QuadPart = file_time_to_nt(a->ctime_ns);
    if (a->type != HOST_TYPE_DIR) {
        info->EndOfFile.QuadPart = a->size;
        info->AllocationSize.QuadPart = a->alloc_size;
    }
    info->FileAttributes = file_attributes_from_host(a, e->host_name);
}

static void fill_entry(ULONG cls, void *p, const struct host_attr *a, const struct dir_entry *e)
{
    ULONG name_bytes = e->len * sizeof(WCHAR);

    if (cls == FileNamesInformation) {
        ((FILE_NAMES_INFORMATION *)p)->FileNameLength = name_bytes;
        return;
    }
    fill_common(p, a, e);
    ((FILE_DIRECTORY_INFORMATION *)p)->FileNameLength = name_bytes;
    /* EaSize and the 8.3 short names stay 0: no EAs, no short names */
    switch (cls) {
    case FileIdBothDirectoryInformation:
        ((FILE_ID_BOTH_DIRECTORY_INFORMATION *)p)->FileId.QuadPart = a->file_id;
        break;
    case FileIdFullDirectoryInformation:
        ((FILE_ID_FULL_DIRECTORY_INFORMATION *)p)->FileId.QuadPart = a->file_id;
        break;
    case FileIdGlobalTxDirectoryInformation:
        ((FILE_ID_GLOBAL_TX_DIR_INFORMATION *)p)->FileId.QuadPart = a->file_id;
        break;
    }
}

struct fill_state {
    char *buf;
    ULONG length;
    ULONG used;                 /* bytes of buf written */
    void *last;                 /* the previous entry, to link */
};

/*
 * Put entry e in the buffer.  Returns STATUS_SUCCESS, STATUS_MORE_ENTRIES
 * (no room: leave it for the next call) or STATUS_BUFFER_OVERFLOW (the
 * first entry, its name cut short, as Windows does).
 */
static NTSTATUS put_entry(struct fill_state *s, ULONG cls, const struct host_attr *a,
                          const struct dir_entry *e)
{
    ULONG fixed = name_offset(cls), start = align8(s->used);
    ULONG name_bytes = e->len * sizeof(WCHAR), room;
    char *p;

    if (start > s->length || s->length - start < fixed)
        return STATUS_MORE_ENTRIES;
    room = s->length - start - fixed;
    if (s->last && name_bytes > room)
        return STATUS_MORE_ENTRIES;
    p = s->buf + start;
    memset(p, 0, fixed);
    fill_entry(cls, p, a, e);
    memcpy(p + fixed, e->name, name_bytes < room ? name_bytes : room);
    if (s->last)
        *(ULONG *)s->last = (ULONG)(p - (char *)s->last);   /* NextEntryOffset */
    s->last = p;
    s->used = start + fixed + (name_bytes < room ? name_bytes : room);
    return name_bytes > room ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

static NTSTATUS fill_buffer(struct kfile *f, struct fill_state *s, ULONG cls, int single)
{
    struct kdir_list *d = f->dir;
    NTSTATUS st = STATUS_SUCCESS;

    while (d->pos < d->count) {
        const struct dir_entry *e = &d->v[d->pos];
        struct host_attr a;

        memset(&a, 0, sizeof(a));
        if (cls != FileNamesInformation && entry_attr(f->path, e, &a)) {
            d->pos++;           /* gone since the listing was read */
            continue;
        }
        st = put_entry(s, cls, &a, e);
        if (st == STATUS_MORE_ENTRIES)
            break;
        d->pos++;
        if (st == STATUS_BUFFER_OVERFLOW || single)
            break;
    }
    if (!s->last)
        return STATUS_NO_MORE_FILES;
    return st == STATUS_MORE_ENTRIES ? STATUS_SUCCESS : st;
}

/* ------------------------------------------------------------------------ */
/* The system calls                                                         */
/* ------------------------------------------------------------------------ */

static NTSTATUS query_directory(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc, void *apc_ctx,
                                IO_STATUS_BLOCK *io, void *buffer, ULONG length, ULONG cls,
                                int single, const UNICODE_STRING *mask, int restart)
{
    struct fill_state s = { buffer, length, 0, NULL };
    ULONG fixed = name_offset(cls);
    struct kfile *f;
    NTSTATUS st;

    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if (!fixed)
        return STATUS_INVALID_INFO_CLASS;
    if (length < align8(fixed + sizeof(WCHAR)))
        return STATUS_INFO_LENGTH_MISMATCH;
    if (!buffer)
        return STATUS_ACCESS_VIOLATION;
    if ((st = file_ref(handle, FILE_LIST_DIRECTORY, &f)))
        return st;
    if (f->kind != KFILE_DIR || !f->path) {
        kobject_unref(f);
        return STATUS_INVALID_PARAMETER;
    }
    klock_acquire(&f->lock);
    int first = !f->dir;
    if (first || restart)
        st = start_listing(f, mask);
    if (!st) {
        st = fill_buffer(f, &s, cls, single);
        /* a first listing with nothing that matches: no such file */
        if (st == STATUS_NO_MORE_FILES && (first || restart) && f->dir->count == 0)
            st = STATUS_NO_SUCH_FILE;
    }
    klock_release(&f->lock);
    kobject_unref(f);
    if (!st || st == STATUS_BUFFER_OVERFLOW) {
        file_io_complete(io, st, s.used, event, apc, apc_ctx);
    } else {
        io->Status = st;
        io->Information = 0;
    }
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryDirectoryFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                                  void *apc_ctx, IO_STATUS_BLOCK *io, void *buffer,
                                                  ULONG length, FILE_INFORMATION_CLASS cls,
                                                  BOOLEAN single_entry, UNICODE_STRING *mask,
                                                  BOOLEAN restart_scan)
{
    return query_directory(handle, event, apc, apc_ctx, io, buffer, length, cls, single_entry,
                           mask, restart_scan);
}
SYSCALL(NtQueryDirectoryFile);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryDirectoryFileEx(HANDLE handle, HANDLE event,
                                                    PIO_APC_ROUTINE apc, void *apc_ctx,
                                                    IO_STATUS_BLOCK *io, void *buffer, ULONG length,
                                                    FILE_INFORMATION_CLASS cls, ULONG flags,
                                                    UNICODE_STRING *mask)
{
    return query_directory(handle, event, apc, apc_ctx, io, buffer, length, cls,
                           (flags & SL_RETURN_SINGLE_ENTRY) != 0, mask,
                           (flags & SL_RESTART_SCAN) != 0);
}
SYSCALL(NtQueryDirectoryFileEx);

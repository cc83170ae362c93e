/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * section.c - section objects and their views.
 *
 * A file-backed section keeps the URI of its file and re-opens it itself
 * (read-only, or read-write for writable shared views), so that it does
 * not depend on the file handle it was created from and can be re-created
 * from its URI.  A read-only section of a File whose stream reads only
 * holds the File instead and reads through that stream (one open of the
 * file for the loader's open, section, close).  Image sections (SEC_IMAGE)
 * are laid out by image.c.  Sections backed by the paging file are
 * anonymous memory.
 */
#include "kernel.h"
#include "image.h"

struct ksection {
    struct kobject obj;
    char *uri;                  /* NULL: backed by the paging file */
    host_stream_t stream;       /* our own stream on uri, the File's, or -1 */
    struct kobject *file;       /* the File whose read-only stream it is */
    int writable;               /* stream opened for writing */
    int anonymous;              /* paging-file backed: stream is an unlinked file */
    uint64_t size;
    ULONG attributes;           /* SEC_* */
    ULONG protect;
    struct image_info image;    /* SEC_IMAGE */
    void *anon;                 /* paging-file sections: the memory, once mapped */
};

static void section_destroy(struct kobject *obj)
{
    struct ksection *s = (struct ksection *)obj;
    if (s->file)
        kobject_unref(s->file);
    else if (s->stream >= 0)
        host_stream_close(s->stream);
    kfree(s->uri);
}

const struct kobject_type section_type = {
    .name = "Section",
    .mapping = { STANDARD_RIGHTS_READ | SECTION_QUERY | SECTION_MAP_READ,
                 STANDARD_RIGHTS_WRITE | SECTION_MAP_WRITE,
                 STANDARD_RIGHTS_EXECUTE | SECTION_MAP_EXECUTE, SECTION_ALL_ACCESS },
    .valid_access = SECTION_ALL_ACCESS,
    .destroy = section_destroy,
};

/* The stream of a file-backed section, and its size (an image's comes
 * from its headers: image_read_info). */
static NTSTATUS open_backing(struct ksection *s, HANDLE file, ULONG protect, ULONG sec_flags)
{
    host_stream_t fs;
    char *uri;
    struct host_attr attr;
    NTSTATUS st;
    int r;

    if ((st = file_ref_stream(file, FILE_READ_DATA, &fs, &uri)))
        return st;
    s->writable = (protect & 0xff) == PAGE_READWRITE || (protect & 0xff) == PAGE_EXECUTE_READWRITE;
    s->uri = uri;
    /* A section that only reads needs no stream of its own: the File's,
     * opened for reading only, serves while the section holds the File
     * (an image loader's open, section and close then open the file once).
     * Either way the section does not depend on the file's handle. */
    if (!s->writable)
        s->file = file_keep_read_stream(file, &s->stream);
    if (!s->file && (r = host_stream_open(uri, HOST_OPEN_READ | (s->writable ? HOST_OPEN_WRITE : 0),
                                          &s->stream)) < 0) {
        s->stream = -1;
        return status_from_host(r);
    }
    if (sec_flags & SEC_IMAGE)
        return STATUS_SUCCESS;
    if ((r = host_stream_attr(s->stream, &attr)) < 0)
        return status_from_host(r);
    s->size = attr.size;
    return STATUS_SUCCESS;
}

/*
 * Sections backed by the paging file are shared memory: every view must see
 * the same pages.  The host ABI shares pages only through files, so such a
 * section gets a file of its own in the instance's temp area, deleted as
 * soon as it is open (nothing is left behind, even after a crash).
 */
static NTSTATUS open_anonymous(struct ksection *s)
{
    static volatile uint32_t counter;
    char uri[4160], dir_uri[4096];
    uint64_t rnd = 0;
    host_stream_t dir;
    int r;

    snprintf(dir_uri, sizeof(dir_uri), "file:%s/drive_c/windows/temp", kernel.instance_dir);
    if (host_stream_open(dir_uri, HOST_OPEN_DIRECTORY | HOST_OPEN_CREATE | HOST_OPEN_READ, &dir) == 0)
        host_stream_close(dir);
    host_random(&rnd, sizeof(rnd));
    snprintf(uri, sizeof(uri), "%s/.keep-section-%u-%016llx", dir_uri,
             __atomic_add_fetch(&counter, 1, __ATOMIC_RELAXED), (unsigned long long)rnd);
    r = host_stream_open(uri, HOST_OPEN_READ | HOST_OPEN_WRITE | HOST_OPEN_CREATE | HOST_OPEN_EXCL,
                         &s->stream);
    if (r < 0)
        return status_from_host(r);
    host_uri_delete(uri);
    s->writable = 1;
    s->anonymous = 1;
    if ((r = host_stream_set_length(s->stream, ALIGN_UP(s->size, PAGE_SIZE_K))) < 0)
        return status_from_host(r);
    return STATUS_SUCCESS;
}

NTSTATUS section_flush(struct kobject *obj)
{
    struct ksection *s = (struct ksection *)obj;
    if (s->stream < 0 || s->anonymous)
        return STATUS_SUCCESS;
    return status_from_host(host_stream_flush(s->stream));
}

NTSTATUS NTAPI KERNEL_EXPORT NtCreateSection(HANDLE *handle, ACCESS_MASK access,
                                             const OBJECT_ATTRIBUTES *attr,
                                             const LARGE_INTEGER *size, ULONG protect,
                                             ULONG sec_flags, HANDLE file)
{
    struct ksection *s;
    NTSTATUS st;

    if (!(s = kobject_alloc(&section_type, sizeof(*s))))
        return STATUS_NO_MEMORY;
    s->stream = -1;
    s->attributes = sec_flags ? sec_flags : SEC_COMMIT;
    s->protect = protect;
    if (file) {
        if ((st = open_backing(s, file, protect, sec_flags)))
            goto fail;
        if (sec_flags & SEC_IMAGE) {
            if ((st = image_read_info(s->stream, &s->image)))
                goto fail;
            s->size = s->image.image_size;
        } else if (size && size->QuadPart) {
            if ((uint64_t)size->QuadPart > s->size) {
                if (!s->writable) {
                    st = STATUS_SECTION_TOO_BIG;
                    goto fail;
                }
                host_stream_set_length(s->stream, size->QuadPart);
            }
            s->size = size->QuadPart;
        } else if (!s->size) {
            st = STATUS_MAPPED_FILE_SIZE_ZERO;
            goto fail;
        }
    } else {
        if (sec_flags & SEC_IMAGE) {
            st = STATUS_INVALID_FILE_FOR_SECTION;
            goto fail;
        }
        if (!size || !size->QuadPart) {
            st = STATUS_INVALID_PARAMETER_4;
            goto fail;
        }
        s->size = size->QuadPart;
        if ((st = open_anonymous(s)))
            goto fail;
    }
    return object_create_handle(&s->obj, access, attr, handle);
fail:
    kobject_unref(s);
    return st;
}
SYSCALL(NtCreateSection);

NTSTATUS NTAPI KERNEL_EXPORT NtOpenSection(HANDLE *handle, ACCESS_MASK access,
                                           const OBJECT_ATTRIBUTES *attr)
{
    return object_open_by_name(&section_type, access, attr, handle);
}
SYSCALL(NtOpenSection);

static NTSTATUS map_data_view(struct ksection *s, void **addr, ULONG_PTR zero_bits,
                              uint64_t offset, SIZE_T *size, ULONG alloc_type, ULONG protect)
{
    SIZE_T len = *size;
    NTSTATUS st;
    int r;

    if (offset >= s->size)
        return STATUS_INVALID_VIEW_SIZE;
    if (!len)
        len = s->size - offset;
    else if (offset + len > s->size)
        return STATUS_INVALID_VIEW_SIZE;
    len = ALIGN_UP(len, PAGE_SIZE_K);
    void *base = *addr;
    if ((st = virtual_reserve(&base, len, zero_bits, alloc_type, protect, VIEW_MAPPED)))
        return st;
    if ((st = virtual_commit(base, len, protect)))
        goto fail;
    int shared = s->anonymous || (s->writable && ((protect & 0xff) == PAGE_READWRITE ||
                                                  (protect & 0xff) == PAGE_EXECUTE_READWRITE));
    if ((r = host_stream_map(s->stream, base, len, offset, prot_to_host(protect),
                             shared ? HOST_MAP_SHARED : 0)) < 0) {
        st = status_from_host(r);
        goto fail;
    }
    virtual_set_view_section(base, &s->obj);
    *addr = base;
    *size = len;
    return STATUS_SUCCESS;
fail:
    virtual_release(base);
    return st;
}

static NTSTATUS map_view(HANDLE handle, HANDLE process, void **addr_ptr, ULONG_PTR zero_bits,
                         const LARGE_INTEGER *offset_ptr, SIZE_T *size_ptr, ULONG alloc_type,
                         ULONG protect)
{
    struct ksection *s;
    NTSTATUS st;
    ACCESS_MASK need = SECTION_MAP_READ;

    if (process != CURRENT_PROCESS)
        return STATUS_NOT_SUPPORTED;
    if ((protect & 0xff) == PAGE_READWRITE || (protect & 0xff) == PAGE_EXECUTE_READWRITE)
        need |= SECTION_MAP_WRITE;
    if ((st = handle_ref(handle, &section_type, need, (void **)&s)))
        return st;
    if (s->attributes & SEC_IMAGE) {
        void *base = *addr_ptr;
        st = image_map(s->stream, &s->image, &base, &s->obj);
        if (NT_SUCCESS(st)) {
            *addr_ptr = base;
            *size_ptr = s->image.image_size;
        }
    } else {
        uint64_t offset = offset_ptr ? offset_ptr->QuadPart : 0;
        if (offset & (ALLOC_GRANULARITY - 1)) {
            st = STATUS_MAPPED_ALIGNMENT;
        } else {
            SIZE_T size = size_ptr ? *size_ptr : 0;
            st = map_data_view(s, addr_ptr, zero_bits, offset, &size, alloc_type, protect);
            if (!st && size_ptr)
                *size_ptr = size;
        }
    }
    kobject_unref(s);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtMapViewOfSection(HANDLE handle, HANDLE process, void **addr_ptr,
                                                ULONG_PTR zero_bits, SIZE_T commit_size,
                                                const LARGE_INTEGER *offset, SIZE_T *size_ptr,
                                                SECTION_INHERIT inherit, ULONG alloc_type,
                                                ULONG protect)
{
    (void)commit_size;
    (void)inherit;
    return map_view(handle, process, addr_ptr, zero_bits, offset, size_ptr, alloc_type, protect);
}
SYSCALL(NtMapViewOfSection);

NTSTATUS NTAPI KERNEL_EXPORT NtMapViewOfSectionEx(HANDLE handle, HANDLE process, void **addr_ptr,
                                                  const LARGE_INTEGER *offset, SIZE_T *size_ptr,
                                                  ULONG alloc_type, ULONG protect,
                                                  void *parameters, ULONG count)
{
    (void)parameters;
    if (count)
        return STATUS_NOT_SUPPORTED;
    return map_view(handle, process, addr_ptr, 0, offset, size_ptr, alloc_type, protect);
}
SYSCALL(NtMapViewOfSectionEx);

NTSTATUS NTAPI KERNEL_EXPORT NtUnmapViewOfSection(HANDLE process, void *addr)
{
    enum view_kind kind;
    SIZE_T size;

    if (process != CURRENT_PROCESS)
        return STATUS_NOT_SUPPORTED;
    struct kobject *s = virtual_view_section(addr, &kind, &size);
    if (!s && kind != VIEW_IMAGE && kind != VIEW_MAPPED)
        return STATUS_NOT_MAPPED_VIEW;
    kobject_unref(s);
    if (kind != VIEW_IMAGE && kind != VIEW_MAPPED)
        return STATUS_NOT_MAPPED_VIEW;
    return virtual_release(addr);
}
SYSCALL(NtUnmapViewOfSection);

NTSTATUS NTAPI KERNEL_EXPORT NtUnmapViewOfSectionEx(HANDLE process, void *addr, ULONG flags)
{
    (void)flags;
    return NtUnmapViewOfSection(process, addr);
}
SYSCALL(NtUnmapViewOfSectionEx);

NTSTATUS NTAPI KERNEL_EXPORT NtQuerySection(HANDLE handle, SECTION_INFORMATION_CLASS cls, void *buf,
                                            SIZE_T len, SIZE_T *ret_len)
{
    struct ksection *s;
    NTSTATUS st;

    if ((st = handle_ref(handle, &section_type, SECTION_QUERY, (void **)&s)))
        return st;
    switch (cls) {
    case SectionBasicInformation: {
        SECTION_BASIC_INFORMATION *info = buf;
        if (len < sizeof(*info)) {
            st = STATUS_INFO_LENGTH_MISMATCH;
            break;
        }
        info->BaseAddress = (s->attributes & SEC_IMAGE) ? (void *)(uintptr_t)s->image.image_base : NULL;
        info->Attributes = s->attributes | (s->uri ? SEC_FILE : 0);
        info->Size.QuadPart = s->size;
        if (ret_len)
            *ret_len = sizeof(*info);
        break;
    }
    case SectionImageInformation:
        if (len < sizeof(SECTION_IMAGE_INFORMATION)) {
            st = STATUS_INFO_LENGTH_MISMATCH;
            break;
        }
        if (!(s->attributes & SEC_IMAGE)) {
            st = STATUS_SECTION_NOT_IMAGE;
            break;
        }
        image_fill_section_info(&s->image, NULL, buf);
        if (ret_len)
            *ret_len = sizeof(SECTION_IMAGE_INFORMATION);
        break;
    default:
        st = STATUS_INVALID_INFO_CLASS;
        break;
    }
    kobject_unref(s);
    return st;
}
SYSCALL(NtQuerySection);

NTSTATUS section_image_info(HANDLE handle, struct image_info *out)
{
    struct ksection *s;
    NTSTATUS st;

    if ((st = handle_ref(handle, &section_type, SECTION_QUERY, (void **)&s)))
        return st;
    if (s->attributes & SEC_IMAGE)
        *out = s->image;
    else
        st = STATUS_SECTION_NOT_IMAGE;
    kobject_unref(s);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtExtendSection(HANDLE handle, LARGE_INTEGER *size)
{
    struct ksection *s;
    NTSTATUS st;

    if ((st = handle_ref(handle, &section_type, SECTION_EXTEND_SIZE, (void **)&s)))
        return st;
    if (s->uri && s->writable && (uint64_t)size->QuadPart > s->size) {
        int r = host_stream_set_length(s->stream, size->QuadPart);
        if (r < 0)
            st = status_from_host(r);
        else
            s->size = size->QuadPart;
    }
    size->QuadPart = s->size;
    kobject_unref(s);
    return st;
}
SYSCALL(NtExtendSection);

static NTSTATUS view_uri(void *addr, char **uri)
{
    enum view_kind kind;
    SIZE_T size;
    struct ksection *s = (struct ksection *)virtual_view_section(addr, &kind, &size);
    if (!s)
        return STATUS_NOT_MAPPED_VIEW;
    if (!s->uri) {
        kobject_unref(s);
        return STATUS_CONFLICTING_ADDRESSES;   /* not a file mapping */
    }
    *uri = kstrdup(s->uri);
    kobject_unref(s);
    return *uri ? STATUS_SUCCESS : STATUS_NO_MEMORY;
}

NTSTATUS section_builtin_uri(void *base, char **uri)
{
    enum view_kind kind;
    SIZE_T size;
    struct ksection *s = (struct ksection *)virtual_view_section(base, &kind, &size);
    NTSTATUS st = STATUS_SUCCESS;

    if (!s || kind != VIEW_IMAGE)
        st = STATUS_INVALID_ADDRESS;
    else if (!s->uri || !(s->attributes & SEC_IMAGE) || !s->image.wine_builtin)
        st = STATUS_DLL_NOT_FOUND;
    else if (!(*uri = kstrdup(s->uri)))
        st = STATUS_NO_MEMORY;
    kobject_unref(s);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtAreMappedFilesTheSame(void *addr1, void *addr2)
{
    char *a, *b;
    NTSTATUS st;

    if ((st = view_uri(addr1, &a)))
        return st == STATUS_NOT_MAPPED_VIEW ? STATUS_INVALID_ADDRESS : st;
    if ((st = view_uri(addr2, &b))) {
        kfree(a);
        return st == STATUS_NOT_MAPPED_VIEW ? STATUS_INVALID_ADDRESS : st;
    }
    st = strcmp(a, b) ? STATUS_NOT_SAME_DEVICE : STATUS_SUCCESS;
    kfree(a);
    kfree(b);
    return st;
}
SYSCALL(NtAreMappedFilesTheSame);

NTSTATUS section_mapped_name(void *addr, WCHAR **name, size_t *len)
{
    char *uri;
    NTSTATUS st;

    /* find the view's base: the address may be inside it */
    MEMORY_BASIC_INFORMATION mbi;
    SIZE_T ret;
    if ((st = NtQueryVirtualMemory(CURRENT_PROCESS, addr, MemoryBasicInformation, &mbi,
                                   sizeof(mbi), &ret)))
        return st;
    if (!mbi.AllocationBase)
        return STATUS_INVALID_ADDRESS;
    if ((st = view_uri(mbi.AllocationBase, &uri)))
        return st;
    /* "file:/host/path" -> "\??\X:\..." -> "\Device\HarddiskVolumeN\..." */
    WCHAR *nt;
    size_t nt_len;
    st = path_host_to_nt(uri + 5, &nt, &nt_len);
    kfree(uri);
    if (st)
        return st;
    static const WCHAR vol[] = u"\\Device\\HarddiskVolume";
    size_t vlen = ARRAY_SIZE(vol) - 1;
    WCHAR *out = kmalloc((vlen + nt_len + 2) * sizeof(WCHAR));
    if (!out) {
        kfree(nt);
        return STATUS_NO_MEMORY;
    }
    /* nt = \??\C:\rest */
    memcpy(out, vol, vlen * sizeof(WCHAR));
    out[vlen] = (nt_len > 4 && (nt[4] == 'C' || nt[4] == 'c')) ? '1' : '2';
    size_t rest = nt_len > 6 ? nt_len - 6 : 0;
    memcpy(out + vlen + 1, nt + 6, rest * sizeof(WCHAR));
    out[vlen + 1 + rest] = 0;
    *name = out;
    *len = vlen + 1 + rest;
    kfree(nt);
    return STATUS_SUCCESS;
}

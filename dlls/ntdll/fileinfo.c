/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fileinfo.c - what can be asked of and told to a file: information
 * classes (NtQuery/SetInformationFile), attributes by name
 * (NtQuery[Full]AttributesFile), volume information, FSCTLs and device
 * IOCTLs.
 *
 * Everything is computed from host attributes at the time of the call; the
 * kernel caches nothing about a file but its open state (file.c).
 *
 * Divisions of this file:
 *   1. filling the common structures from host attributes
 *   2. NtQueryInformationFile
 *   3. NtSetInformationFile: basic, position, sizes, disposition, rename
 *   4. NtQueryAttributesFile, NtQueryFullAttributesFile
 *   5. NtQueryVolumeInformationFile and friends
 *   6. NtFsControlFile, NtDeviceIoControlFile
 */
#include "file.h"

/* Control codes nt/ does not declare (yet): local, the Windows values. */
#ifndef FSCTL_GET_OBJECT_ID
#define FSCTL_GET_OBJECT_ID CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 39, METHOD_BUFFERED, FILE_ANY_ACCESS)
#endif
#define FSCTL_IS_VOLUME_MOUNTED_K CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 10, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_GET_REPARSE_POINT_K CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 42, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define FSCTL_SET_SPARSE_K CTL_CODE(FILE_DEVICE_FILE_SYSTEM, 49, METHOD_BUFFERED, FILE_SPECIAL_ACCESS)

/* FSCTL_GET_OBJECT_ID's answer (not in nt/ yet): the 16-byte id first. */
struct file_objectid_buffer {
    BYTE ObjectId[16];
    BYTE ExtendedInfo[48];
};

/* FileFsSectorSizeInformation's answer (not in nt/ yet). */
struct file_fs_sector_size_info {
    ULONG LogicalBytesPerSector;
    ULONG PhysicalBytesPerSectorForAtomicity;
    ULONG PhysicalBytesPerSectorForPerformance;
    ULONG FileSystemEffectivePhysicalBytesPerSectorForAtomicity;
    ULONG Flags;
    ULONG ByteOffsetForSectorAlignment;
    ULONG ByteOffsetForPartitionAlignment;
};

/* ------------------------------------------------------------------------ */
/* 1. Common structures                                                     */
/* ------------------------------------------------------------------------ */

/* The base name of a host path, for the hidden attribute. */
static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

static void fill_times(const struct host_attr *a, LARGE_INTEGER *creation, LARGE_INTEGER *access,
                       LARGE_INTEGER *write, LARGE_INTEGER *change)
{
    creation->QuadPart = file_time_to_nt(a->btime_ns ? a->btime_ns : a->mtime_ns);
    access->QuadPart = file_time_to_nt(a->atime_ns);
    write->QuadPart = file_time_to_nt(a->mtime_ns);
    change->QuadPart = file_time_to_nt(a->ctime_ns);
}

static void fill_basic(FILE_BASIC_INFORMATION *info, const struct host_attr *a, const char *path)
{
    memset(info, 0, sizeof(*info));
    fill_times(a, &info->CreationTime, &info->LastAccessTime, &info->LastWriteTime,
               &info->ChangeTime);
    info->FileAttributes = file_attributes_from_host(a, base_name(path));
}

static void fill_standard(FILE_STANDARD_INFORMATION *info, const struct host_attr *a,
                          int delete_pending)
{
    memset(info, 0, sizeof(*info));
    info->Directory = a->type == HOST_TYPE_DIR;
    if (!info->Directory) {
        info->AllocationSize.QuadPart = a->alloc_size;
        info->EndOfFile.QuadPart = a->size;
    }
    info->NumberOfLinks = info->Directory || !a->nlink ? 1 : a->nlink;
    info->DeletePending = delete_pending != 0;
}

static void fill_network(FILE_NETWORK_OPEN_INFORMATION *info, const struct host_attr *a,
                         const char *path)
{
    memset(info, 0, sizeof(*info));
    fill_times(a, &info->CreationTime, &info->LastAccessTime, &info->LastWriteTime,
               &info->ChangeTime);
    if (a->type != HOST_TYPE_DIR) {
        info->AllocationSize.QuadPart = a->alloc_size;
        info->EndOfFile.QuadPart = a->size;
    }
    info->FileAttributes = file_attributes_from_host(a, base_name(path));
}

/* Attributes of a File, with made-up ones for streams that have none. */
static NTSTATUS get_attr(struct kfile *f, struct host_attr *a)
{
    if (f->kind == KFILE_NULL) {
        memset(a, 0, sizeof(*a));
        a->type = HOST_TYPE_CHAR;
        return STATUS_SUCCESS;
    }
    return file_attr(f, a);
}

/* The drive-relative name "\dir\file" of a disk File. */
static NTSTATUS relative_name(struct kfile *f, WCHAR **name, size_t *len)
{
    WCHAR *dos;
    size_t dlen;
    NTSTATUS st;

    if (!f->path)
        return STATUS_INVALID_PARAMETER;
    if ((st = path_host_to_dos(f->path, &dos, &dlen)))
        return st;
    memmove(dos, dos + 2, (dlen - 1) * sizeof(WCHAR));   /* drop "C:" */
    *name = dos;
    *len = dlen - 2;
    return STATUS_SUCCESS;
}

/* Fill a FILE_NAME_INFORMATION at the end of a buffer of len bytes that
 * starts at base; *info_len gets the bytes used. */
static NTSTATUS fill_name(struct kfile *f, FILE_NAME_INFORMATION *ni, ULONG room,
                          ULONG_PTR *used)
{
    WCHAR *name;
    size_t len;
    NTSTATUS st;

    if ((st = relative_name(f, &name, &len)))
        return st;
    ULONG bytes = len * sizeof(WCHAR);
    ULONG fits = room - offsetof(FILE_NAME_INFORMATION, FileName);
    ni->FileNameLength = bytes;
    if (bytes > fits) {
        bytes = fits;
        st = STATUS_BUFFER_OVERFLOW;
    }
    memcpy(ni->FileName, name, bytes);
    *used = offsetof(FILE_NAME_INFORMATION, FileName) + bytes;
    kfree(name);
    return st;
}

/* ------------------------------------------------------------------------ */
/* 2. NtQueryInformationFile                                                */
/* ------------------------------------------------------------------------ */

/* The smallest buffer each class accepts; 0: the class is not answered. */
static ULONG query_min_size(ULONG cls)
{
    switch (cls) {
    case FileBasicInformation: return sizeof(FILE_BASIC_INFORMATION);
    case FileStandardInformation: return sizeof(FILE_STANDARD_INFORMATION);
    case FileInternalInformation: return sizeof(FILE_INTERNAL_INFORMATION);
    case FileEaInformation: return sizeof(FILE_EA_INFORMATION);
    case FileAccessInformation: return sizeof(FILE_ACCESS_INFORMATION);
    case FileNameInformation: return sizeof(FILE_NAME_INFORMATION);
    case FilePositionInformation: return sizeof(FILE_POSITION_INFORMATION);
    case FileModeInformation: return sizeof(FILE_MODE_INFORMATION);
    case FileAlignmentInformation: return sizeof(FILE_ALIGNMENT_INFORMATION);
    case FileAllInformation: return sizeof(FILE_ALL_INFORMATION);
    case FileEndOfFileInformation: return sizeof(FILE_END_OF_FILE_INFORMATION);
    case FileNetworkOpenInformation: return sizeof(FILE_NETWORK_OPEN_INFORMATION);
    case FileAttributeTagInformation: return sizeof(FILE_ATTRIBUTE_TAG_INFORMATION);
    case FileIdInformation: return sizeof(FILE_ID_INFORMATION);
    case FilePipeInformation: return sizeof(FILE_PIPE_INFORMATION);
    case FilePipeLocalInformation: return sizeof(FILE_PIPE_LOCAL_INFORMATION);
    case FileStatInformation: return sizeof(FILE_STAT_INFORMATION);
    case FileNormalizedNameInformation: return sizeof(FILE_NAME_INFORMATION);
    case FileStreamInformation: return offsetof(FILE_STREAM_INFORMATION, StreamName);
    case FileIsRemoteDeviceInformation: return sizeof(BOOLEAN);
    case FileCaseSensitiveInformation: return sizeof(FILE_CASE_SENSITIVE_INFORMATION);
    default: return 0;
    }
}

static ULONG volume_serial(struct kfile *f);

static ULONG mode_of(const struct kfile *f)
{
    return f->options & (FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_NO_INTERMEDIATE_BUFFERING |
                         FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT |
                         FILE_DELETE_ON_CLOSE);
}

static uint64_t position_of(struct kfile *f)
{
    uint64_t pos;
    klock_acquire(&f->lock);
    pos = f->pos;
    klock_release(&f->lock);
    return pos;
}

static NTSTATUS query_all(struct kfile *f, ACCESS_MASK granted, const struct host_attr *a,
                          FILE_ALL_INFORMATION *info, ULONG len, ULONG_PTR *used)
{
    ULONG_PTR name_used;
    NTSTATUS st;

    fill_basic(&info->BasicInformation, a, f->path);
    fill_standard(&info->StandardInformation, a, file_delete_pending(f));
    info->InternalInformation.IndexNumber.QuadPart = a->file_id;
    info->EaInformation.EaSize = 0;
    info->AccessInformation.AccessFlags = granted;
    info->PositionInformation.CurrentByteOffset.QuadPart = position_of(f);
    info->ModeInformation.Mode = mode_of(f);
    info->AlignmentInformation.AlignmentRequirement = 0;
    st = fill_name(f, &info->NameInformation, len - offsetof(FILE_ALL_INFORMATION, NameInformation),
                   &name_used);
    if (!st || st == STATUS_BUFFER_OVERFLOW)
        *used = offsetof(FILE_ALL_INFORMATION, NameInformation) + name_used;
    return st;
}

static NTSTATUS query_pipe_local(struct kfile *f, FILE_PIPE_LOCAL_INFORMATION *info)
{
    if (f->host_type != HOST_TYPE_PIPE)
        return STATUS_INVALID_PARAMETER;
    memset(info, 0, sizeof(*info));
    info->NamedPipeConfiguration = (f->access & FILE_READ_DATA) ? FILE_PIPE_INBOUND : FILE_PIPE_OUTBOUND;
    info->MaximumInstances = 1;
    info->CurrentInstances = 1;
    info->InboundQuota = info->OutboundQuota = 4096;
    info->NamedPipeState = FILE_PIPE_CONNECTED_STATE;
    info->NamedPipeEnd = FILE_PIPE_CLIENT_END;
    return STATUS_SUCCESS;
}

/* A file has one stream, "::$DATA"; a directory none. */
static NTSTATUS query_streams(const struct host_attr *a, FILE_STREAM_INFORMATION *info, ULONG len,
                              ULONG_PTR *used)
{
    static const WCHAR data[] = u"::$DATA";
    ULONG fixed = offsetof(FILE_STREAM_INFORMATION, StreamName), name = sizeof(data) - sizeof(WCHAR);

    *used = 0;
    if (a->type == HOST_TYPE_DIR)
        return STATUS_SUCCESS;
    if (len < fixed + name)
        return STATUS_BUFFER_OVERFLOW;
    info->NextEntryOffset = 0;
    info->StreamNameLength = name;
    info->StreamSize.QuadPart = a->size;
    info->StreamAllocationSize.QuadPart = a->alloc_size;
    memcpy(info->StreamName, data, name);
    *used = fixed + name;
    return STATUS_SUCCESS;
}

static NTSTATUS query_stat(struct kfile *f, ACCESS_MASK granted, const struct host_attr *a,
                           FILE_STAT_INFORMATION *info)
{
    FILE_NETWORK_OPEN_INFORMATION n;

    fill_network(&n, a, f->path);
    memset(info, 0, sizeof(*info));
    info->FileId.QuadPart = a->file_id;
    info->CreationTime = n.CreationTime;
    info->LastAccessTime = n.LastAccessTime;
    info->LastWriteTime = n.LastWriteTime;
    info->ChangeTime = n.ChangeTime;
    info->AllocationSize = n.AllocationSize;
    info->EndOfFile = n.EndOfFile;
    info->FileAttributes = n.FileAttributes;
    info->NumberOfLinks = a->nlink ? a->nlink : 1;
    info->EffectiveAccess = granted;
    return STATUS_SUCCESS;
}

/* The classes that need the file's attributes. */
static NTSTATUS query_with_attr(struct kfile *f, ACCESS_MASK granted, ULONG cls, void *buf,
                                ULONG len, ULONG_PTR *used)
{
    struct host_attr a;
    NTSTATUS st;

    if ((st = get_attr(f, &a)))
        return st;
    switch (cls) {
    case FileBasicInformation:
        fill_basic(buf, &a, f->path);
        break;
    case FileStandardInformation:
        fill_standard(buf, &a, file_delete_pending(f));
        break;
    case FileInternalInformation:
        ((FILE_INTERNAL_INFORMATION *)buf)->IndexNumber.QuadPart = a.file_id;
        break;
    case FileEndOfFileInformation:
        ((FILE_END_OF_FILE_INFORMATION *)buf)->EndOfFile.QuadPart =
            a.type == HOST_TYPE_DIR ? 0 : a.size;
        break;
    case FileNetworkOpenInformation:
        fill_network(buf, &a, f->path);
        break;
    case FileAttributeTagInformation: {
        FILE_ATTRIBUTE_TAG_INFORMATION *info = buf;
        info->FileAttributes = file_attributes_from_host(&a, base_name(f->path));
        info->ReparseTag = 0;
        break;
    }
    case FileIdInformation: {
        FILE_ID_INFORMATION *info = buf;
        memset(info, 0, sizeof(*info));
        info->VolumeSerialNumber = volume_serial(f);
        memcpy(info->FileId.Identifier, &a.file_id, sizeof(a.file_id));
        break;
    }
    case FileAllInformation:
        return query_all(f, granted, &a, buf, len, used);
    case FileStreamInformation:
        return query_streams(&a, buf, len, used);
    case FileStatInformation:
        return query_stat(f, granted, &a, buf);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS query_class(struct kfile *f, ACCESS_MASK granted, ULONG cls, void *buf, ULONG len,
                            ULONG_PTR *used)
{
    switch (cls) {
    case FileEaInformation:
        ((FILE_EA_INFORMATION *)buf)->EaSize = 0;
        return STATUS_SUCCESS;
    case FileAccessInformation:
        ((FILE_ACCESS_INFORMATION *)buf)->AccessFlags = granted;
        return STATUS_SUCCESS;
    case FilePositionInformation:
        ((FILE_POSITION_INFORMATION *)buf)->CurrentByteOffset.QuadPart = position_of(f);
        return STATUS_SUCCESS;
    case FileModeInformation:
        ((FILE_MODE_INFORMATION *)buf)->Mode = mode_of(f);
        return STATUS_SUCCESS;
    case FileAlignmentInformation:
        ((FILE_ALIGNMENT_INFORMATION *)buf)->AlignmentRequirement = 0;   /* bytes */
        return STATUS_SUCCESS;
    case FileNameInformation:
    case FileNormalizedNameInformation:
        return fill_name(f, buf, len, used);
    case FileIsRemoteDeviceInformation:
        *(BOOLEAN *)buf = FALSE;
        return STATUS_SUCCESS;
    case FileCaseSensitiveInformation:
        /* names are matched without case everywhere */
        ((FILE_CASE_SENSITIVE_INFORMATION *)buf)->Flags = 0;
        return STATUS_SUCCESS;
    case FilePipeInformation:
        if (f->host_type != HOST_TYPE_PIPE)
            return STATUS_INVALID_PARAMETER;
        memset(buf, 0, sizeof(FILE_PIPE_INFORMATION));      /* byte mode, blocking */
        return STATUS_SUCCESS;
    case FilePipeLocalInformation:
        return query_pipe_local(f, buf);
    default:
        return query_with_attr(f, granted, cls, buf, len, used);
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryInformationFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buf,
                                                    ULONG len, FILE_INFORMATION_CLASS cls)
{
    struct kfile *f;
    ACCESS_MASK granted;
    ULONG min = query_min_size(cls);
    ULONG_PTR used = min;
    NTSTATUS st;

    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if (!min)
        return STATUS_INVALID_INFO_CLASS;
    if (len < min)
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((st = handle_ref_access(handle, &file_type, 0, (void **)&f, &granted)))
        return st;
    st = query_class(f, granted, cls, buf, len, &used);
    kobject_unref(f);
    io->Status = st;
    io->Information = (!st || st == STATUS_BUFFER_OVERFLOW) ? used : 0;
    return st;
}
SYSCALL(NtQueryInformationFile);

/* ------------------------------------------------------------------------ */
/* 3. NtSetInformationFile                                                  */
/* ------------------------------------------------------------------------ */

/* NT ticks -> host ns; 0 and -1 mean "leave it". */
static int nt_time_to_host(const LARGE_INTEGER *t, int64_t *ns)
{
    if (t->QuadPart == 0 || t->QuadPart == -1 || t->QuadPart == -2)
        return 0;
    *ns = (t->QuadPart - TICKS_1601_TO_1970) * 100;
    return 1;
}

static NTSTATUS set_basic(struct kfile *f, const FILE_BASIC_INFORMATION *info)
{
    struct host_attr a;
    unsigned mask = 0;
    int r;

    if (!f->uri || (f->kind != KFILE_DISK && f->kind != KFILE_DIR))
        return STATUS_INVALID_PARAMETER;
    memset(&a, 0, sizeof(a));
    if (nt_time_to_host(&info->LastAccessTime, &a.atime_ns))
        mask |= HOST_SET_ATIME;
    if (nt_time_to_host(&info->LastWriteTime, &a.mtime_ns))
        mask |= HOST_SET_MTIME;
    /* a directory keeps its host write permission: the read-only bit of a
       Windows directory only means something to the shell */
    if (info->FileAttributes && f->kind == KFILE_DISK) {
        mask |= HOST_SET_READONLY;
        if (info->FileAttributes & FILE_ATTRIBUTE_READONLY)
            a.flags |= HOST_ATTR_READONLY;
    }
    if (!mask)
        return STATUS_SUCCESS;
    if (f->flags & KFILE_F_FALLBACK)
        return STATUS_ACCESS_DENIED;
    r = host_uri_set_attr(f->uri, &a, mask);
    return r == HOST_EROFS ? STATUS_ACCESS_DENIED : status_from_host(r);
}

static NTSTATUS set_length(struct kfile *f, uint64_t size, int only_shrink)
{
    struct host_attr a;
    NTSTATUS st;

    if (f->kind != KFILE_DISK || f->stream < 0)
        return STATUS_INVALID_PARAMETER;
    if (only_shrink) {
        /* an allocation size below the data truncates; above, it is a hint */
        if ((st = file_attr(f, &a)) || size >= a.size)
            return st;
    }
    return status_from_host(host_stream_set_length(f->stream, size));
}

/* Can f's file be deleted (FileDisposition)? */
static NTSTATUS check_deletable(struct kfile *f, int ignore_readonly)
{
    struct host_attr a;
    NTSTATUS st;
    int empty;

    if ((f->kind != KFILE_DISK && f->kind != KFILE_DIR) || !f->path)
        return STATUS_INVALID_PARAMETER;
    if (f->flags & KFILE_F_FALLBACK)
        return STATUS_CANNOT_DELETE;
    if ((st = file_attr(f, &a)))
        return st;
    if (f->kind == KFILE_DISK && !ignore_readonly &&
        (a.flags & (HOST_ATTR_READONLY | HOST_ATTR_POLICY_RO)))
        return STATUS_CANNOT_DELETE;
    if (f->kind == KFILE_DIR) {
        if ((st = dir_is_empty(f->path, &empty)))
            return st;
        if (!empty)
            return STATUS_DIRECTORY_NOT_EMPTY;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS set_disposition(struct kfile *f, ULONG flags)
{
    NTSTATUS st;

    if (flags & FILE_DISPOSITION_ON_CLOSE) {
        /* the handle's own delete-on-close state */
        if ((flags & FILE_DISPOSITION_DELETE) && (st = check_deletable(f, 0)))
            return st;
        if (flags & FILE_DISPOSITION_DELETE)
            __atomic_or_fetch(&f->flags, KFILE_F_DELETE_ON_CLOSE, __ATOMIC_RELAXED);
        else
            __atomic_and_fetch(&f->flags, ~KFILE_F_DELETE_ON_CLOSE, __ATOMIC_RELAXED);
        return STATUS_SUCCESS;
    }
    if (!(flags & FILE_DISPOSITION_DELETE))
        return file_set_delete_pending(f, 0);
    if ((st = check_deletable(f, (flags & FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE) != 0)))
        return st;
    if (flags & FILE_DISPOSITION_POSIX_SEMANTICS) {
        /* the name goes now; the open handles keep the data */
        int r = host_uri_delete(f->uri);
        return r == HOST_EROFS ? STATUS_ACCESS_DENIED : status_from_host(r);
    }
    return file_set_delete_pending(f, 1);
}

/* The host path a rename should produce when the target exists already. */
static NTSTATUS rename_existing_target(struct kfile *f, struct path_result *res,
                                       const struct path_comps *comps, ULONG flags,
                                       char **target)
{
    struct host_attr self;
    NTSTATUS st;

    if ((st = file_attr(f, &self)))
        return st;
    if (self.device_id == res->attr.device_id && self.file_id == res->attr.file_id) {
        /* the same file: a change of case; keep the caller's spelling */
        char *slash = strrchr(res->host, '/');
        char *name = utf16_to_utf8_alloc(comps->v[comps->n - 1].s, comps->v[comps->n - 1].len);
        if (!name)
            return STATUS_NO_MEMORY;
        *slash = 0;
        *target = path_join(*res->host ? res->host : "/", name);
        kfree(name);
        return *target ? STATUS_SUCCESS : STATUS_NO_MEMORY;
    }
    if (!(flags & FILE_RENAME_REPLACE_IF_EXISTS))
        return STATUS_OBJECT_NAME_COLLISION;
    if (res->fallback || res->attr.type == HOST_TYPE_DIR ||
        file_inode_busy(res->attr.device_id, res->attr.file_id))
        return STATUS_ACCESS_DENIED;
    if (!(flags & FILE_RENAME_IGNORE_READONLY_ATTRIBUTE) &&
        (res->attr.flags & (HOST_ATTR_READONLY | HOST_ATTR_POLICY_RO)))
        return STATUS_ACCESS_DENIED;
    *target = res->host;
    res->host = NULL;
    return STATUS_SUCCESS;
}

static NTSTATUS set_rename(struct kfile *f, const FILE_RENAME_INFORMATION *info, ULONG len,
                           int ex)
{
    UNICODE_STRING name;
    OBJECT_ATTRIBUTES attr;
    struct path_result res;
    struct path_comps comps;
    enum path_target target;
    char *to = NULL, *to_uri;
    ULONG flags;
    NTSTATUS st;
    int r;

    if (len < offsetof(FILE_RENAME_INFORMATION, FileName) ||
        info->FileNameLength > len - offsetof(FILE_RENAME_INFORMATION, FileName))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((f->kind != KFILE_DISK && f->kind != KFILE_DIR) || !f->uri)
        return STATUS_INVALID_PARAMETER;
    if (f->flags & KFILE_F_FALLBACK)
        return STATUS_ACCESS_DENIED;
    flags = ex ? *(const ULONG *)info : (info->ReplaceIfExists ? FILE_RENAME_REPLACE_IF_EXISTS : 0);
    name.Buffer = (WCHAR *)info->FileName;
    name.Length = name.MaximumLength = info->FileNameLength;
    memset(&attr, 0, sizeof(attr));
    attr.Length = sizeof(attr);
    attr.RootDirectory = info->RootDirectory;
    attr.ObjectName = &name;
    attr.Attributes = OBJ_CASE_INSENSITIVE;
    if ((st = path_lookup(&attr, &target, &res, &comps)))
        return st;
    if (target != PATH_TARGET_FILE || !comps.n)
        st = STATUS_OBJECT_NAME_INVALID;
    else if (res.exists)
        st = rename_existing_target(f, &res, &comps, flags, &to);
    else {
        to = res.host;
        res.host = NULL;
    }
    path_comps_free(&comps);
    path_result_free(&res);
    if (st)
        return st;
    if (!(to_uri = path_make_uri("file:", to))) {
        kfree(to);
        return STATUS_NO_MEMORY;
    }
    r = host_uri_rename(f->uri, to_uri, (flags & FILE_RENAME_REPLACE_IF_EXISTS) ? HOST_RENAME_REPLACE : 0);
    kfree(to_uri);
    if (r == HOST_OK)
        st = file_renamed(f, to);
    else
        st = r == HOST_EEXIST ? STATUS_OBJECT_NAME_COLLISION
           : r == HOST_EROFS  ? STATUS_ACCESS_DENIED
           : r == HOST_ENOENT ? STATUS_OBJECT_PATH_NOT_FOUND
                              : status_from_host(r);
    kfree(to);
    return st;
}

static NTSTATUS set_position(struct kfile *f, const FILE_POSITION_INFORMATION *info)
{
    if (info->CurrentByteOffset.QuadPart < 0)
        return STATUS_INVALID_PARAMETER;
    klock_acquire(&f->lock);
    f->pos = info->CurrentByteOffset.QuadPart;
    klock_release(&f->lock);
    return STATUS_SUCCESS;
}

/* The smallest buffer a set class takes and the access it needs. */
static NTSTATUS set_requirements(ULONG cls, ULONG *min, ACCESS_MASK *need)
{
    *need = 0;
    switch (cls) {
    case FileBasicInformation:
        /* no FILE_WRITE_ATTRIBUTES check: Wine's SetFileAttributesW opens
           with SYNCHRONIZE alone (its server never checked) */
        *min = sizeof(FILE_BASIC_INFORMATION);
        break;
    case FilePositionInformation: *min = sizeof(FILE_POSITION_INFORMATION); break;
    case FileEndOfFileInformation:
        *min = sizeof(FILE_END_OF_FILE_INFORMATION);
        *need = FILE_WRITE_DATA;
        break;
    case FileAllocationInformation:
        *min = sizeof(FILE_ALLOCATION_INFORMATION);
        *need = FILE_WRITE_DATA;
        break;
    case FileDispositionInformation:
    case FileDispositionInformationEx:
        *min = cls == FileDispositionInformation ? sizeof(FILE_DISPOSITION_INFORMATION) : sizeof(ULONG);
        *need = DELETE;
        break;
    case FileRenameInformation:
    case FileRenameInformationEx:
        *min = offsetof(FILE_RENAME_INFORMATION, FileName);
        *need = DELETE;
        break;
    case FileLinkInformation:
    case FileIoCompletionNotificationInformation:
    case FileIoPriorityHintInformation:
    case FileValidDataLengthInformation:
    case FilePipeInformation:
    case FileCompletionInformation:
        *min = sizeof(ULONG);
        break;
    default:
        return STATUS_INVALID_INFO_CLASS;
    }
    return STATUS_SUCCESS;
}

static NTSTATUS set_class(struct kfile *f, ULONG cls, const void *buf, ULONG len)
{
    switch (cls) {
    case FileBasicInformation:
        return set_basic(f, buf);
    case FilePositionInformation:
        return set_position(f, buf);
    case FileEndOfFileInformation:
        return set_length(f, ((const FILE_END_OF_FILE_INFORMATION *)buf)->EndOfFile.QuadPart, 0);
    case FileAllocationInformation:
        return set_length(f, ((const FILE_ALLOCATION_INFORMATION *)buf)->AllocationSize.QuadPart, 1);
    case FileDispositionInformation:
        return set_disposition(f, ((const FILE_DISPOSITION_INFORMATION *)buf)->DoDeleteFile
                                      ? FILE_DISPOSITION_DELETE : 0);
    case FileDispositionInformationEx:
        return set_disposition(f, *(const ULONG *)buf);
    case FileRenameInformation:
        return set_rename(f, buf, len, 0);
    case FileRenameInformationEx:
        return set_rename(f, buf, len, 1);
    case FileLinkInformation:
        return STATUS_NOT_SUPPORTED;            /* the host ABI has no hard links */
    case FileCompletionInformation:
        return kernel_not_implemented("NtSetInformationFile", cls);   /* no completion ports on files yet */
    default:
        return STATUS_SUCCESS;                  /* hints: accepted, nothing to do */
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtSetInformationFile(HANDLE handle, IO_STATUS_BLOCK *io, void *buf,
                                                  ULONG len, FILE_INFORMATION_CLASS cls)
{
    struct kfile *f;
    ACCESS_MASK granted, need;
    ULONG min;
    NTSTATUS st;

    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = set_requirements(cls, &min, &need)))
        return st;
    if (len < min)
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((st = handle_ref_access(handle, &file_type, 0, (void **)&f, &granted)))
        return st;
    if ((granted & need) != need)
        st = STATUS_ACCESS_DENIED;
    else
        st = set_class(f, cls, buf, len);
    kobject_unref(f);
    io->Status = st;
    io->Information = 0;
    return st;
}
SYSCALL(NtSetInformationFile);

/* ------------------------------------------------------------------------ */
/* 4. Attributes by name                                                    */
/* ------------------------------------------------------------------------ */

/* Look a name up for its attributes: the fast path, one host_uri_attr
 * when the name exists as spelled. */
static NTSTATUS attributes_by_name(const OBJECT_ATTRIBUTES *attr, struct host_attr *a,
                                   char **host)
{
    struct path_result res;
    struct path_comps comps;
    enum path_target target;
    NTSTATUS st;

    *host = NULL;
    if (!attr || !attr->ObjectName)
        return STATUS_INVALID_PARAMETER;
    if ((st = path_lookup(attr, &target, &res, &comps)))
        return st;
    if (target != PATH_TARGET_FILE) {
        /* devices: plain attributes, as Windows reports for NUL */
        memset(a, 0, sizeof(*a));
        a->type = HOST_TYPE_CHAR;
        return STATUS_SUCCESS;
    }
    if (!res.exists)
        st = STATUS_OBJECT_NAME_NOT_FOUND;
    else if (comps.trailing_sep && res.attr.type != HOST_TYPE_DIR)
        st = STATUS_OBJECT_NAME_INVALID;
    else if (res.attr.type != HOST_TYPE_FILE && res.attr.type != HOST_TYPE_DIR)
        st = STATUS_INVALID_INFO_CLASS;
    path_comps_free(&comps);
    if (!st) {
        *a = res.attr;
        *host = res.host;
        res.host = NULL;
    }
    path_result_free(&res);
    return st;
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryAttributesFile(const OBJECT_ATTRIBUTES *attr,
                                                   FILE_BASIC_INFORMATION *info)
{
    struct host_attr a;
    char *host;
    NTSTATUS st;

    if (!info)
        return STATUS_ACCESS_VIOLATION;
    if (!(st = attributes_by_name(attr, &a, &host))) {
        fill_basic(info, &a, host);
        if (a.type == HOST_TYPE_CHAR)
            info->FileAttributes = FILE_ATTRIBUTE_ARCHIVE;
    }
    kfree(host);
    return st;
}
SYSCALL(NtQueryAttributesFile);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryFullAttributesFile(const OBJECT_ATTRIBUTES *attr,
                                                       FILE_NETWORK_OPEN_INFORMATION *info)
{
    struct host_attr a;
    char *host;
    NTSTATUS st;

    if (!info)
        return STATUS_ACCESS_VIOLATION;
    if (!(st = attributes_by_name(attr, &a, &host))) {
        fill_network(info, &a, host);
        if (a.type == HOST_TYPE_CHAR)
            info->FileAttributes = FILE_ATTRIBUTE_ARCHIVE;
    }
    kfree(host);
    return st;
}
SYSCALL(NtQueryFullAttributesFile);

/* ------------------------------------------------------------------------ */
/* 5. Volumes                                                               */
/* ------------------------------------------------------------------------ */

/*
 * The host ABI reports no file system sizes, so volumes claim a fixed
 * size with plenty of room.  Numbers in 4 KiB clusters of 8 sectors.
 */
#define VOLUME_TOTAL_CLUSTERS (256ull << 18)     /* 256 GiB */
#define VOLUME_FREE_CLUSTERS (128ull << 18)      /* 128 GiB */
#define SECTOR_SIZE 512
#define SECTORS_PER_CLUSTER 8

/* Is f on C: (the instance, or Wine's DLLs seen through it)? */
static int on_drive_c(struct kfile *f)
{
    const char *inst = kernel.instance_dir, *dlls = kernel.wine_dll_dir;
    if (!f->path)
        return 0;
    if (inst && !strncmp(f->path, inst, strlen(inst)) &&
        !strncmp(f->path + strlen(inst), "/drive_c", 8))
        return 1;
    return dlls && !strncmp(f->path, dlls, strlen(dlls));
}

/* A stable serial number per drive: C: from the instance path. */
static ULONG volume_serial(struct kfile *f)
{
    uint32_t h = 2166136261u;
    if (!on_drive_c(f))
        return 0x5a5a0001;
    for (const char *p = kernel.instance_dir; p && *p; p++)
        h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

static NTSTATUS volume_info(struct kfile *f, void *buf, ULONG len, ULONG_PTR *used)
{
    FILE_FS_VOLUME_INFORMATION *info = buf;
    if (len < offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel))
        return STATUS_INFO_LENGTH_MISMATCH;
    memset(info, 0, offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel));
    info->VolumeSerialNumber = volume_serial(f);
    info->VolumeLabelLength = 0;
    info->SupportsObjects = TRUE;
    *used = offsetof(FILE_FS_VOLUME_INFORMATION, VolumeLabel);
    return STATUS_SUCCESS;
}

static NTSTATUS attribute_info(void *buf, ULONG len, ULONG_PTR *used)
{
    static const WCHAR ntfs[] = u"NTFS";
    FILE_FS_ATTRIBUTE_INFORMATION *info = buf;
    ULONG fixed = offsetof(FILE_FS_ATTRIBUTE_INFORMATION, FileSystemName);
    ULONG name = sizeof(ntfs) - sizeof(WCHAR);
    NTSTATUS st = STATUS_SUCCESS;

    if (len < fixed)
        return STATUS_INFO_LENGTH_MISMATCH;
    info->FileSystemAttributes = FILE_CASE_PRESERVED_NAMES | FILE_UNICODE_ON_DISK |
                                 FILE_PERSISTENT_ACLS;
    info->MaximumComponentNameLength = 255;
    info->FileSystemNameLength = name;
    if (len - fixed < name) {
        name = len - fixed;
        st = STATUS_BUFFER_OVERFLOW;
    }
    memcpy(info->FileSystemName, ntfs, name);
    *used = fixed + name;
    return st;
}

static NTSTATUS size_info(ULONG cls, void *buf, ULONG len, ULONG_PTR *used)
{
    if (cls == FileFsSizeInformation) {
        FILE_FS_SIZE_INFORMATION *info = buf;
        if (len < sizeof(*info))
            return STATUS_INFO_LENGTH_MISMATCH;
        info->TotalAllocationUnits.QuadPart = VOLUME_TOTAL_CLUSTERS;
        info->AvailableAllocationUnits.QuadPart = VOLUME_FREE_CLUSTERS;
        info->SectorsPerAllocationUnit = SECTORS_PER_CLUSTER;
        info->BytesPerSector = SECTOR_SIZE;
        *used = sizeof(*info);
    } else {
        FILE_FS_FULL_SIZE_INFORMATION *info = buf;
        if (len < sizeof(*info))
            return STATUS_INFO_LENGTH_MISMATCH;
        info->TotalAllocationUnits.QuadPart = VOLUME_TOTAL_CLUSTERS;
        info->CallerAvailableAllocationUnits.QuadPart = VOLUME_FREE_CLUSTERS;
        info->ActualAvailableAllocationUnits.QuadPart = VOLUME_FREE_CLUSTERS;
        info->SectorsPerAllocationUnit = SECTORS_PER_CLUSTER;
        info->BytesPerSector = SECTOR_SIZE;
        *used = sizeof(*info);
    }
    return STATUS_SUCCESS;
}

static NTSTATUS device_info(struct kfile *f, void *buf, ULONG len, ULONG_PTR *used)
{
    FILE_FS_DEVICE_INFORMATION *info = buf;
    if (len < sizeof(*info))
        return STATUS_INFO_LENGTH_MISMATCH;
    if ((f->kind == KFILE_DISK || f->kind == KFILE_DIR) &&
        (f->host_type == HOST_TYPE_FILE || f->host_type == HOST_TYPE_DIR)) {
        info->DeviceType = FILE_DEVICE_DISK;
        info->Characteristics = FILE_DEVICE_IS_MOUNTED;
    } else {
        info->DeviceType = console_device_type(f);
        info->Characteristics = 0;
    }
    *used = sizeof(*info);
    return STATUS_SUCCESS;
}

static NTSTATUS sector_info(void *buf, ULONG len, ULONG_PTR *used)
{
    struct file_fs_sector_size_info *info = buf;
    if (len < sizeof(*info))
        return STATUS_INFO_LENGTH_MISMATCH;
    memset(info, 0, sizeof(*info));
    info->LogicalBytesPerSector = SECTOR_SIZE;
    info->PhysicalBytesPerSectorForAtomicity = SECTOR_SIZE;
    info->PhysicalBytesPerSectorForPerformance = SECTOR_SIZE;
    info->FileSystemEffectivePhysicalBytesPerSectorForAtomicity = SECTOR_SIZE;
    *used = sizeof(*info);
    return STATUS_SUCCESS;
}

static NTSTATUS volume_class(struct kfile *f, ULONG cls, void *buf, ULONG len, ULONG_PTR *used)
{
    int disk = f->kind == KFILE_DISK || f->kind == KFILE_DIR;

    if (cls == FileFsDeviceInformation)
        return device_info(f, buf, len, used);
    if (!disk)
        return STATUS_INVALID_DEVICE_REQUEST;   /* streams and devices have no volume */
    switch (cls) {
    case FileFsVolumeInformation: return volume_info(f, buf, len, used);
    case FileFsAttributeInformation: return attribute_info(buf, len, used);
    case FileFsSizeInformation:
    case FileFsFullSizeInformation: return size_info(cls, buf, len, used);
    case FileFsSectorSizeInformation: return sector_info(buf, len, used);
    case FileFsLabelInformation:
    case FileFsControlInformation:
    case FileFsObjectIdInformation: return kernel_not_implemented("NtQueryVolumeInformationFile", cls);
    default: return STATUS_INVALID_INFO_CLASS;
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtQueryVolumeInformationFile(HANDLE handle, IO_STATUS_BLOCK *io,
                                                          void *buf, ULONG len,
                                                          FS_INFORMATION_CLASS cls)
{
    struct kfile *f;
    ULONG_PTR used = 0;
    NTSTATUS st;

    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = file_ref(handle, 0, &f)))
        return st;
    st = volume_class(f, cls, buf, len, &used);
    kobject_unref(f);
    io->Status = st;
    io->Information = (!st || st == STATUS_BUFFER_OVERFLOW) ? used : 0;
    return st;
}
SYSCALL(NtQueryVolumeInformationFile);

NTSTATUS NTAPI KERNEL_EXPORT NtSetVolumeInformationFile(HANDLE handle, IO_STATUS_BLOCK *io,
                                                        void *buf, ULONG len,
                                                        FS_INFORMATION_CLASS cls)
{
    (void)handle; (void)io; (void)buf; (void)len;
    return kernel_not_implemented("NtSetVolumeInformationFile", cls);     /* labels and quotas are not kept */
}
SYSCALL(NtSetVolumeInformationFile);

/* ------------------------------------------------------------------------ */
/* 6. FSCTLs and IOCTLs                                                     */
/* ------------------------------------------------------------------------ */

/* The PE loader compares these 16 bytes to find one DLL under two names
 * (it asks for every DLL it opens: the open-file table answers for a
 * disk File, without a host call). */
static NTSTATUS get_object_id(struct kfile *f, void *out, ULONG out_size, ULONG_PTR *used)
{
    struct file_objectid_buffer *info = out;
    struct host_attr a;
    NTSTATUS st;

    if (!out || out_size < sizeof(*info))
        return STATUS_BUFFER_TOO_SMALL;
    if (!file_identity(f, &a.device_id, &a.file_id) && (st = get_attr(f, &a)))
        return st;
    memset(info, 0, sizeof(*info));
    memcpy(info->ObjectId, &a.device_id, 8);
    memcpy(info->ObjectId + 8, &a.file_id, 8);
    *used = sizeof(*info);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT NtFsControlFile(HANDLE handle, HANDLE event, PIO_APC_ROUTINE apc,
                                             void *apc_ctx, IO_STATUS_BLOCK *io, ULONG code,
                                             void *in, ULONG in_size, void *out, ULONG out_size)
{
    struct kfile *f;
    ULONG_PTR used = 0;
    NTSTATUS st;

    (void)apc; (void)apc_ctx; (void)in; (void)in_size;
    if (!io)
        return STATUS_INVALID_PARAMETER;
    if ((st = file_ref(handle, 0, &f)))
        return st;
    switch (code) {
    case FSCTL_GET_OBJECT_ID:
        st = get_object_id(f, out, out_size, &used);
        break;
    case FSCTL_IS_VOLUME_MOUNTED_K:
    case FSCTL_SET_SPARSE_K:
        st = STATUS_SUCCESS;
        break;
    case FSCTL_GET_REPARSE_POINT_K:
        st = STATUS_NOT_A_REPARSE_POINT;
        break;
    default:
        st = STATUS_INVALID_DEVICE_REQUEST;
        break;
    }
    kobject_unref(f);
    io->Status = st;
    io->Information = used;
    if (!st && event)
        NtSetEvent(event, NULL);
    return st;
}
SYSCALL(NtFsControlFile);

NTSTATUS NTAPI KERNEL_EXPORT NtDeviceIoControlFile(HANDLE handle, HANDLE event,
                                                   PIO_APC_ROUTINE apc, void *apc_ctx,
                                                   IO_STATUS_BLOCK *io, ULONG code, void *in,
                                                   ULONG in_size, void *out, ULONG out_size)
{
    struct kfile *f;
    ULONG_PTR used = 0;
    NTSTATUS st;

    (void)apc; (void)apc_ctx;
    if (!io)
        return STATUS_ACCESS_VIOLATION;
    if ((st = file_ref(handle, 0, &f)))
        return st;
    if (f->kind == KFILE_DISK || f->kind == KFILE_DIR)
        st = STATUS_INVALID_DEVICE_REQUEST;     /* no disk or storage IOCTLs */
    else
        st = console_ioctl(f, code, in, in_size, out, out_size, &used);
    kobject_unref(f);
    io->Status = st;
    io->Information = used;
    if (!st && event)
        NtSetEvent(event, NULL);
    return st;
}
SYSCALL(NtDeviceIoControlFile);

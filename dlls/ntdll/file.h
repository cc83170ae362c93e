/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * file.h - what the file-system part of the kernel shares between its files:
 *   path.c      NT names -> drives -> host paths; wildcard matching
 *   file.c      the File object, opens and sharing, I/O, locks, deletion
 *   fileinfo.c  information classes, attributes by name, volumes, FSCTLs
 *   dir.c       directory enumeration (NtQueryDirectoryFile[Ex])
 *   console.c   stdio streams, CON/CONIN$/CONOUT$, \Device\Null, one-way pipes
 *
 * Not for the rest of the kernel: kernel.h declares what others may call.
 * The pure parts of path.c (name parsing, component normalisation, name
 * and wildcard matching) take no host call and are unit-tested on their
 * own (tests/unit/kernel/test_path.c).
 */
#ifndef KEEP_FILE_H
#define KEEP_FILE_H

#include "kernel.h"

/* ---- Path parsing (pure) -------------------------------------------------- */

/* What an NT file name designates, before any host lookup. */
enum path_target {
    PATH_TARGET_FILE = 1,   /* a file system name: root + components */
    PATH_TARGET_NULL,       /* \Device\Null, \??\NUL */
    PATH_TARGET_CONIN,      /* \??\CONIN$ */
    PATH_TARGET_CONOUT,     /* \??\CONOUT$ */
    PATH_TARGET_CON,        /* \??\CON: input or output by the access asked */
    PATH_TARGET_PIPE,       /* \Device\NamedPipe\..., \??\PIPE\... */
    PATH_TARGET_MAILSLOT,   /* \Device\Mailslot\..., \??\MAILSLOT\... */
    PATH_TARGET_CONDRV,     /* \Device\ConDrv\... */
};

/* Where the components of a PATH_TARGET_FILE name start. */
enum path_root {
    PATH_ROOT_C = 1,        /* C: = <instance>/drive_c */
    PATH_ROOT_Z,            /* Z: = the host root */
    PATH_ROOT_UNIX,         /* \??\unix\...: a host path, case-sensitive */
};

struct path_prefix {
    enum path_target target;
    enum path_root root;            /* PATH_TARGET_FILE only */
    const WCHAR *rest;              /* the name after the root or device */
    size_t rest_len;                /* in WCHARs */
};

/*
 * Classify an absolute NT name (\??\C:\x, \Device\HarddiskVolume2\x,
 * \??\unix\/tmp, \Device\Null...).  Errors: STATUS_OBJECT_PATH_SYNTAX_BAD
 * (not absolute), STATUS_OBJECT_PATH_NOT_FOUND (no such drive, UNC),
 * STATUS_OBJECT_NAME_INVALID, STATUS_OBJECT_NAME_NOT_FOUND (unknown device).
 */
NTSTATUS path_parse_prefix(const WCHAR *name, size_t len, struct path_prefix *out);

/* One component of a split name: a slice of the caller's string. */
struct path_comp {
    const WCHAR *s;
    size_t len;
};

struct path_comps {
    struct path_comp *v;            /* kmalloc'ed */
    size_t n;
    int trailing_sep;               /* the name ended with a separator */
};

/*
 * Split rest into components: empty ones and "." vanish, ".." removes the
 * previous one (never above the start), trailing dots and spaces are cut
 * from each component (Windows ignores them).  unix_names: '/' also
 * separates, no character but NUL is invalid and nothing is cut.
 * Errors: STATUS_OBJECT_NAME_INVALID (a forbidden character, a component
 * left empty by the cut), STATUS_NO_MEMORY.  Free with path_comps_free.
 */
NTSTATUS path_split(const WCHAR *rest, size_t len, int unix_names, struct path_comps *out);
void path_comps_free(struct path_comps *c);

/* Does the UTF-8 host name equal the UTF-16 component without case? */
int path_name_equal(const char *host_name, const WCHAR *comp, size_t len);

/*
 * Does name match the wildcard mask as NtQueryDirectoryFile matches it?
 * '*' any run, '?' one character, and the DOS wildcards '<' (any run up to
 * the last dot), '>' (one character, or nothing at a dot or the end) and
 * '"' (a dot, or nothing at the end); trailing '.' and '*' of the mask may
 * match nothing at the end of the name (Win32 "*.*" matches "README").
 * Without case.
 */
int path_mask_match(const WCHAR *name, size_t len, const WCHAR *mask, size_t mask_len);

/* Remove "", "." and ".." components of an absolute host path in place. */
void path_normalize_host(char *path);

/* Wine's helper syscalls (kernel32 calls them through ntdll's thunks). */
NTSTATUS NTAPI wine_nt_to_unix_file_name(const OBJECT_ATTRIBUTES *attr, char *name, ULONG *size,
                                         UINT disposition);
NTSTATUS NTAPI wine_unix_to_nt_file_name(const char *name, WCHAR *buffer, ULONG *size);

/* ---- Path resolution (host) --------------------------------------------- */

struct path_result {
    char *host;                     /* kmalloc'ed absolute host path */
    int exists;                     /* the last component is there */
    int fallback;                   /* found in Wine's DLL directory (read-only) */
    struct host_attr attr;          /* when exists */
    const WCHAR *rest;              /* other targets: the name after the device */
    size_t rest_len;
};

/*
 * Resolve components below the host directory base (absolute, "/" for the
 * root).  Each existing component is matched without case when
 * case_insensitive; C:\windows\system32\X falls back to Wine's DLL
 * directory.  On STATUS_SUCCESS out->host is set, out->exists says whether
 * the last component exists.  Errors: STATUS_OBJECT_PATH_NOT_FOUND (an
 * intermediate directory is missing or is a file), STATUS_ACCESS_DENIED
 * (policy), STATUS_NO_MEMORY.
 */
NTSTATUS path_resolve(const char *base, const struct path_comps *comps, int case_insensitive,
                      struct path_result *out);

/*
 * The whole lookup of an OBJECT_ATTRIBUTES name: RootDirectory (a
 * directory File handle) or an absolute NT name.  For PATH_TARGET_FILE,
 * *res holds the resolution; other targets leave it empty.
 */
NTSTATUS path_lookup(const OBJECT_ATTRIBUTES *attr, enum path_target *target,
                     struct path_result *res, struct path_comps *comps_out);
void path_result_free(struct path_result *res);

/* "file:" + host path, kmalloc'ed. */
char *path_make_uri(const char *scheme, const char *host);
/* host path + "/" + name, kmalloc'ed. */
char *path_join(const char *dir, const char *name);

/* Visit every entry of a host directory ("." and ".." included) until
 * visit returns nonzero. */
NTSTATUS path_scan_dir(const char *host, int (*visit)(void *ctx, const struct host_dirent *ent),
                       void *ctx);

/* The host spelling of comp in dir, matched without case, from the names of
 * dir kept while it is unchanged (dircache.c); *found NULL if none.  attr:
 * dir's attributes if the caller has them, else NULL.  Returns 0 when it
 * cannot answer (the caller scans dir itself). */
int dircache_find(const char *dir, const struct host_attr *attr, const WCHAR *comp, size_t len,
                  char **found);

/* Does dircache.c keep names for this host directory (perhaps stale: the
 * next dircache_find checks and drops them)?  No host call. */
int dircache_holds(const char *dir);

/* Is this host directory C:\windows\system32 (where Wine's DLLs appear)? */
int path_is_system_dir(const char *host);

/* ---- File objects (file.c) ------------------------------------------------ */

enum kfile_kind {
    KFILE_DISK = 1,     /* regular file on a drive */
    KFILE_DIR,          /* directory */
    KFILE_NULL,         /* \Device\Null */
    KFILE_STDIO,        /* an inherited stdio stream: tty, pipe or file */
    KFILE_PIPE,         /* anonymous pipe end */
};

struct kinode;
struct kdir_list;
struct pipe_entry;

struct kfile {
    struct kobject obj;
    enum kfile_kind kind;
    host_stream_t stream;       /* -1: none (directories, attribute-only opens) */
    unsigned host_type;         /* HOST_TYPE_* of what the stream reads */
    unsigned open_flags;        /* HOST_OPEN_* the stream was opened with */
    char *path;                 /* host path (disk, dir), else NULL */
    char *uri;                  /* file:/..., stdio:N; NULL for the null device */
    ACCESS_MASK access;         /* granted access (mapped) */
    ULONG share;                /* FILE_SHARE_* */
    ULONG options;              /* FILE_* create options kept for queries */
    unsigned flags;             /* KFILE_F_* */
    struct klock lock;          /* position and directory state */
    uint64_t pos;               /* the file pointer */
    struct kinode *inode;       /* the shared open-file entry, or NULL */
    struct kfile *inode_next;   /* next open of the same inode */
    struct kdir_list *dir;      /* enumeration state (dir.c) */
    struct pipe_entry *pipe;    /* a pipe's name, while no client opened it */
};

enum kfile_flags {
    KFILE_F_APPEND = 1,         /* every write goes to the end */
    KFILE_F_DELETE_ON_CLOSE = 2,
    KFILE_F_SYNC = 4,           /* FILE_SYNCHRONOUS_IO_*: the pointer is used */
    KFILE_F_FALLBACK = 8,       /* a Wine DLL seen in C:\windows\system32 */
    KFILE_F_CLEANED = 16,       /* last handle closed: out of the sharing table */
};

extern const struct kobject_type file_type;

/* Reference the File object behind h with the access asked. */
NTSTATUS file_ref(HANDLE h, ACCESS_MASK access, struct kfile **out);
/* Attributes of the file now (stream or path). */
NTSTATUS file_attr(struct kfile *f, struct host_attr *attr);
/* Windows FILE_ATTRIBUTE_* for host attributes of name (UTF-8 base name). */
ULONG file_attributes_from_host(const struct host_attr *attr, const char *name);
/* Host nanoseconds since 1970 -> NT 100 ns ticks since 1601. */
int64_t file_time_to_nt(int64_t ns);
/* A new File object (one reference) for a stream or device. */
struct kfile *file_alloc(enum kfile_kind kind, host_stream_t stream, const char *uri,
                         ACCESS_MASK access, ULONG options);
/* Complete an I/O: the status block, the event, the APC routine. */
void file_io_complete(IO_STATUS_BLOCK *io, NTSTATUS st, ULONG_PTR info, HANDLE event,
                      PIO_APC_ROUTINE apc, void *apc_ctx);
/* Host path of a directory handle used as RootDirectory. */
NTSTATUS file_root_path(HANDLE root, char **out);
/* Delete-pending state of f's file (FileDispositionInformation). */
NTSTATUS file_set_delete_pending(struct kfile *f, int pending);
int file_delete_pending(struct kfile *f);
/* The device and file ids the open-file table knows f's file by (those
 * its open found; no host call): 1, or 0 when f is not in the table. */
int file_identity(struct kfile *f, uint64_t *dev, uint64_t *ino);
/* Is any File open on the host file dev/ino?  (rename targets) */
int file_inode_busy(uint64_t dev, uint64_t ino);
/* f's file now lives at path: every open of it follows. */
NTSTATUS file_renamed(struct kfile *f, const char *path);

/* ---- Directories (dir.c) ------------------------------------------------- */

void dir_list_free(struct kdir_list *d);
/* Is the directory empty but for "." and ".."?  (delete checks) */
NTSTATUS dir_is_empty(const char *host, int *empty);

/* ---- Devices and pipes (console.c) ------------------------------------------ */

/* Open the client end of the pipe named by rest (after \Device\NamedPipe). */
NTSTATUS pipe_open_client(const WCHAR *rest, size_t len, ACCESS_MASK access, ULONG options,
                          struct kfile **out);
/* A pipe's server File goes away: its name goes with it. */
void pipe_forget(struct kfile *server);

/* Open CON, CONIN$, CONOUT$ or \Device\Null. */
NTSTATUS console_open(enum path_target target, ACCESS_MASK access, ULONG options,
                      struct kfile **out);
/* NtDeviceIoControlFile on stdio and null handles. */
NTSTATUS console_ioctl(struct kfile *f, ULONG code, void *in, ULONG in_size, void *out,
                       ULONG out_size, ULONG_PTR *info);
/* FileFsDeviceInformation's DeviceType for a non-disk File. */
ULONG console_device_type(struct kfile *f);

#endif /* KEEP_FILE_H */

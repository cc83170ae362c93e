/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unixlibc.c - the C library of the unix libraries the kernel loads
 * (elfload.c): what win32u.so, winspool.so and FreeType's chain import
 * from libc.so.6, served from the kernel.
 *
 * Memory comes from the kernel heap, files are host streams (under the
 * policy: a unix library reaches the files the program may reach, and
 * Wine's data and font directories), mappings are made in the kernel's
 * unix-library area, locks are futexes.  All of it lives in memory the
 * kernel handed out, which a snapshot carries.  The functions keep the C
 * library's contracts (sysv calling convention, errno through
 * __errno_location); the standard streams write to the debug output.
 */

#include "elfload.h"
#include "unixlibc.h"

/* ---- errno ---------------------------------------------------------------- */

/* Per thread, in the TEB's kernel area (struct kthread_data). */
static int *u_errno_location(void)
{
    return &teb_kdata(current_teb())->unix_errno;
}

static int set_errno(int e)
{
    *u_errno_location() = e;
    return -1;
}

static int errno_from_host(int r)
{
    switch (r) {
    case HOST_ENOMEM: return UX_ENOMEM;
    case HOST_ENOENT: return UX_ENOENT;
    case HOST_EACCES: return UX_EACCES;
    case HOST_EEXIST: return UX_EEXIST;
    case HOST_ENOTDIR: return UX_ENOTDIR;
    case HOST_EISDIR: return UX_EISDIR;
    case HOST_ENOTEMPTY: return UX_ENOTEMPTY;
    case HOST_ENOSPC: return UX_ENOSPC;
    case HOST_EBADF: return UX_EBADF;
    case HOST_EPIPE: return UX_EPIPE;
    case HOST_EINTR: return UX_EINTR;
    case HOST_ENAMETOOLONG: return UX_ENAMETOOLONG;
    case HOST_EXDEV: return UX_EXDEV;
    case HOST_EBUSY: return UX_EBUSY;
    case HOST_ELOOP: return UX_ELOOP;
    case HOST_EROFS: return UX_EROFS;
    case HOST_EINVAL: return UX_EINVAL;
    default: return UX_EIO;
    }
}

static const char *u_strerror(int e)
{
    switch (e) {
    case 0: return "Success";
    case UX_ENOMEM: return "Cannot allocate memory";
    case UX_ENOENT: return "No such file or directory";
    case UX_EACCES: return "Permission denied";
    case UX_EEXIST: return "File exists";
    case UX_ENOTDIR: return "Not a directory";
    case UX_EISDIR: return "Is a directory";
    case UX_ENOSPC: return "No space left on device";
    case UX_EBADF: return "Bad file descriptor";
    case UX_EINVAL: return "Invalid argument";
    case UX_EMFILE: return "Too many open files";
    case UX_EROFS: return "Read-only file system";
    case UX_ENOSYS: return "Function not implemented";
    default: return "Input/output error";
    }
}

/* ---- Memory ----------------------------------------------------------------- */

static void *u_malloc(size_t size)
{
    void *p = kmalloc(size ? size : 1);

    if (!p)
        set_errno(UX_ENOMEM);
    return p;
}

static void *u_calloc(size_t n, size_t size)
{
    void *p;

    if (size && n > SIZE_MAX / size) {
        set_errno(UX_ENOMEM);
        return NULL;
    }
    if (!(p = kzalloc(n * size != 0 ? n * size : 1)))
        set_errno(UX_ENOMEM);
    return p;
}

static void *u_realloc(void *p, size_t size)
{
    void *n;

    if (p && !size) {
        kfree(p);
        return NULL;
    }
    if (!(n = krealloc(p, size ? size : 1)))
        set_errno(UX_ENOMEM);
    return n;
}

static void u_free(void *p)
{
    kfree(p);
}

/* ---- Strings: the kernel's freestanding helpers, at the kernel's addresses -- */

static void *u_memcpy(void *d, const void *s, size_t n) { return memcpy(d, s, n); }
static void *u_memmove(void *d, const void *s, size_t n) { return memmove(d, s, n); }
static void *u_memset(void *d, int c, size_t n) { return memset(d, c, n); }
static int u_memcmp(const void *a, const void *b, size_t n) { return memcmp(a, b, n); }
static void *u_memchr(const void *s, int c, size_t n) { return memchr(s, c, n); }
static size_t u_strlen(const char *s) { return strlen(s); }
static int u_strcmp(const char *a, const char *b) { return strcmp(a, b); }
static int u_strncmp(const char *a, const char *b, size_t n) { return strncmp(a, b, n); }
static char *u_strcpy(char *d, const char *s) { return strcpy(d, s); }
static char *u_strncpy(char *d, const char *s, size_t n) { return strncpy(d, s, n); }
static char *u_strcat(char *d, const char *s) { return strcat(d, s); }
static char *u_strrchr(const char *s, int c) { return strrchr(s, c); }
static char *u_strstr(const char *h, const char *n) { return strstr(h, n); }
static double u_strtod(const char *s, char **end) { return strtod(s, end); }
static long u_strtol(const char *s, char **end, int base) { return strtol(s, end, base); }
static unsigned long u_strtoul(const char *s, char **end, int base) { return strtoul(s, end, base); }

static void *u_memcpy_chk(void *d, const void *s, size_t n, size_t room)
{
    if (n > room)
        kernel_panic("keep: a unix library overflowed a buffer (memcpy of %zu into %zu)\n", n, room);
    return memcpy(d, s, n);
}

static int u_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return vsnprintf(buf, size, fmt, ap);
}

static int u_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

static int u_sprintf(char *buf, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsprintf(buf, fmt, ap);
    va_end(ap);
    return n;
}

static int u_vsnprintf_chk(char *buf, size_t size, int flag, size_t room, const char *fmt, va_list ap)
{
    (void)flag;
    if (size > room)
        kernel_panic("keep: a unix library overflowed a buffer (snprintf of %zu into %zu)\n", size, room);
    return vsnprintf(buf, size, fmt, ap);
}

static int u_snprintf_chk(char *buf, size_t size, int flag, size_t room, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = u_vsnprintf_chk(buf, size, flag, room, fmt, ap);
    va_end(ap);
    return n;
}

static int u_sprintf_chk(char *buf, int flag, size_t room, const char *fmt, ...)
{
    va_list ap;
    int n;

    (void)flag;
    va_start(ap, fmt);
    n = vsnprintf(buf, room, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= room)
        kernel_panic("keep: a unix library overflowed a buffer (sprintf of %d into %zu)\n", n, room);
    return n;
}

/* ---- Character classes (the C locale, as glibc lays the table out) ---------- */

enum {
    CT_UPPER = 0x100, CT_LOWER = 0x200, CT_ALPHA = 0x400, CT_DIGIT = 0x800, CT_XDIGIT = 0x1000,
    CT_SPACE = 0x2000, CT_PRINT = 0x4000, CT_GRAPH = 0x8000, CT_BLANK = 0x1, CT_CNTRL = 0x2,
    CT_PUNCT = 0x4, CT_ALNUM = 0x8,
};
static unsigned short ctype_table[384];     /* indexed from -128 */
static const unsigned short *ctype_b = ctype_table + 128;
static int ctype_ready;

static unsigned short ctype_of(int c)
{
    unsigned short m = 0;

    if (c >= 'A' && c <= 'Z') m |= CT_UPPER | CT_ALPHA | CT_ALNUM;
    if (c >= 'a' && c <= 'z') m |= CT_LOWER | CT_ALPHA | CT_ALNUM;
    if (c >= '0' && c <= '9') m |= CT_DIGIT | CT_XDIGIT | CT_ALNUM;
    if ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) m |= CT_XDIGIT;
    if (c == ' ' || (c >= '\t' && c <= '\r')) m |= CT_SPACE;
    if (c == ' ' || c == '\t') m |= CT_BLANK;
    if ((c >= 0 && c < 0x20) || c == 0x7f) m |= CT_CNTRL;
    if (c >= 0x20 && c < 0x7f) m |= CT_PRINT;
    if (c > 0x20 && c < 0x7f) m |= CT_GRAPH;
    if (c > 0x20 && c < 0x7f && !(m & CT_ALNUM)) m |= CT_PUNCT;
    return m;
}

static const unsigned short **u_ctype_b_loc(void)
{
    if (!__atomic_load_n(&ctype_ready, __ATOMIC_ACQUIRE)) {
        for (int c = 0; c < 128; c++)
            ctype_table[128 + c] = ctype_of(c);
        __atomic_store_n(&ctype_ready, 1, __ATOMIC_RELEASE);
    }
    return &ctype_b;
}

/* ---- Descriptors: host streams with a position ------------------------------ */

#define MAX_FDS 64
struct ufd {
    host_stream_t stream;
    int used;
    int append;
    int64_t pos;
};
static struct ufd fds[MAX_FDS];             /* 0-2: the standard streams */
static struct klock fd_lock = KLOCK_INIT;

static int uri_of(const char *path, char *uri, size_t size)
{
    if (!path || path[0] != '/')
        return set_errno(path ? UX_ENOENT : UX_EINVAL);
    if ((size_t)snprintf(uri, size, "file:%s", path) >= size)
        return set_errno(UX_ENAMETOOLONG);
    return 0;
}

static struct ufd *fd_get(int fd)
{
    if (fd < 3 || fd >= MAX_FDS || !fds[fd].used) {
        set_errno(UX_EBADF);
        return NULL;
    }
    return &fds[fd];
}

static int u_open(const char *path, int flags, ...)
{
    char uri[UX_PATH_MAX + 8];
    unsigned hf = 0;
    host_stream_t s;
    int r, fd;

    if (uri_of(path, uri, sizeof(uri)) < 0)
        return -1;
    switch (flags & UX_O_ACCMODE) {
    case UX_O_RDONLY: hf = HOST_OPEN_READ; break;
    case UX_O_WRONLY: hf = HOST_OPEN_WRITE; break;
    default: hf = HOST_OPEN_READ | HOST_OPEN_WRITE; break;
    }
    if (flags & UX_O_CREAT) hf |= HOST_OPEN_CREATE;
    if (flags & UX_O_EXCL) hf |= HOST_OPEN_EXCL;
    if (flags & UX_O_TRUNC) hf |= HOST_OPEN_TRUNCATE;
    if (flags & UX_O_NOFOLLOW) hf |= HOST_OPEN_NOFOLLOW;
    if (flags & UX_O_DIRECTORY) hf = HOST_OPEN_DIRECTORY | (hf & HOST_OPEN_NOFOLLOW);
    if ((r = host_stream_open(uri, hf, &s)) < 0)
        return set_errno(errno_from_host(r));
    klock_acquire(&fd_lock);
    for (fd = 3; fd < MAX_FDS && fds[fd].used; fd++)
        ;
    if (fd < MAX_FDS)
        fds[fd] = (struct ufd){ s, 1, !!(flags & UX_O_APPEND), 0 };
    klock_release(&fd_lock);
    if (fd == MAX_FDS) {
        host_stream_close(s);
        return set_errno(UX_EMFILE);
    }
    return fd;
}

static int u_close(int fd)
{
    struct ufd *f;
    host_stream_t s;

    klock_acquire(&fd_lock);
    if ((f = fd_get(fd))) {
        s = f->stream;
        f->used = 0;
    }
    klock_release(&fd_lock);
    if (!f)
        return -1;
    host_stream_close(s);
    return 0;
}

static long u_read(int fd, void *buf, size_t size)
{
    struct ufd *f;
    size_t done = 0;
    int r;

    if (fd == 0)
        return 0;   /* no standard input for unix libraries */
    if (!(f = fd_get(fd)))
        return -1;
    if ((r = host_stream_read(f->stream, buf, size, f->pos, &done)) < 0)
        return set_errno(errno_from_host(r));
    f->pos += (int64_t)done;
    return (long)done;
}

static long u_write(int fd, const void *buf, size_t size)
{
    struct ufd *f;
    size_t done = 0;
    int r;

    if (fd == 1 || fd == 2) {
        host_debug_write(buf, size);
        return (long)size;
    }
    if (!(f = fd_get(fd)))
        return -1;
    if ((r = host_stream_write(f->stream, buf, size, f->append ? HOST_POS_NONE : f->pos, &done)) < 0)
        return set_errno(errno_from_host(r));
    f->pos += (int64_t)done;
    return (long)done;
}

static int64_t u_lseek(int fd, int64_t off, int whence)
{
    struct ufd *f = fd_get(fd);
    struct host_attr attr;
    int64_t base = 0;
    int r;

    if (!f)
        return -1;
    if (whence == UX_SEEK_CUR)
        base = f->pos;
    else if (whence == UX_SEEK_END) {
        if ((r = host_stream_attr(f->stream, &attr)) < 0)
            return set_errno(errno_from_host(r));
        base = (int64_t)attr.size;
    } else if (whence != UX_SEEK_SET)
        return set_errno(UX_EINVAL);
    if (base + off < 0)
        return set_errno(UX_EINVAL);
    f->pos = base + off;
    return f->pos;
}

static void stat_from_attr(const struct host_attr *a, struct ux_stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = a->device_id;
    st->st_ino = a->file_id;
    st->st_nlink = a->nlink;
    st->st_mode = (a->type == HOST_TYPE_DIR ? UX_S_IFDIR | 0555 : UX_S_IFREG | 0444) |
                  (a->flags & HOST_ATTR_POLICY_RO ? 0 : 0200);
    st->st_size = (int64_t)a->size;
    st->st_blksize = 4096;
    st->st_blocks = (int64_t)(a->alloc_size / 512);
    st->st_atim.tv_sec = a->atime_ns / 1000000000;
    st->st_atim.tv_nsec = a->atime_ns % 1000000000;
    st->st_mtim.tv_sec = a->mtime_ns / 1000000000;
    st->st_mtim.tv_nsec = a->mtime_ns % 1000000000;
    st->st_ctim.tv_sec = a->ctime_ns / 1000000000;
    st->st_ctim.tv_nsec = a->ctime_ns % 1000000000;
}

static int u_fstat(int fd, struct ux_stat *st)
{
    struct ufd *f = fd_get(fd);
    struct host_attr attr;
    int r;

    if (!f)
        return -1;
    if ((r = host_stream_attr(f->stream, &attr)) < 0)
        return set_errno(errno_from_host(r));
    stat_from_attr(&attr, st);
    return 0;
}

static int u_fcntl(int fd, int cmd, ...)
{
    if (fd > 2 && !fd_get(fd))
        return -1;
    switch (cmd) {
    case UX_F_GETFD: return UX_FD_CLOEXEC;
    case UX_F_SETFD: return 0;
    case UX_F_GETFL: return fd > 2 && fds[fd].append ? UX_O_APPEND : 0;
    case UX_F_SETFL: return 0;
    default: return set_errno(UX_EINVAL);
    }
}

static int u_unlink(const char *path)
{
    char uri[UX_PATH_MAX + 8];
    int r;

    if (uri_of(path, uri, sizeof(uri)) < 0)
        return -1;
    return (r = host_uri_delete(uri)) < 0 ? set_errno(errno_from_host(r)) : 0;
}

static int u_rename(const char *from, const char *to)
{
    char a[UX_PATH_MAX + 8], b[UX_PATH_MAX + 8];
    int r;

    if (uri_of(from, a, sizeof(a)) < 0 || uri_of(to, b, sizeof(b)) < 0)
        return -1;
    return (r = host_uri_rename(a, b, HOST_RENAME_REPLACE)) < 0 ? set_errno(errno_from_host(r)) : 0;
}

/* ---- Mappings: in the unix-library area -------------------------------------- */

static void *u_mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)
{
    unsigned hp = (prot & UX_PROT_READ ? HOST_PROT_READ : 0) | (prot & UX_PROT_WRITE ? HOST_PROT_WRITE : 0) |
                  (prot & UX_PROT_EXEC ? HOST_PROT_EXEC : 0);
    size_t size = ALIGN_UP(len, PAGE_SIZE_K);
    struct ufd *f = NULL;
    void *at;
    int r;

    (void)addr;   /* a hint only; UX_MAP_FIXED is not offered */
    if (!len || (flags & UX_MAP_FIXED) || (off & (PAGE_SIZE_K - 1)))
        return (void *)(intptr_t)set_errno(UX_EINVAL);
    if (!(flags & UX_MAP_ANONYMOUS) && !(f = fd_get(fd)))
        return UX_MAP_FAILED;
    if (!(at = elf_area_take(size)))
        return (void *)(intptr_t)set_errno(UX_ENOMEM);
    if (f)
        r = host_stream_map(f->stream, at, size, (uint64_t)off, hp, flags & UX_MAP_SHARED ? HOST_MAP_SHARED : 0);
    else
        r = host_vm_commit(at, size, hp ? hp : HOST_PROT_READ);
    if (r >= 0 && !hp)
        r = host_vm_protect(at, size, HOST_PROT_NONE);
    if (r < 0) {
        elf_area_give_back(at, size);
        return (void *)(intptr_t)set_errno(errno_from_host(r));
    }
    return at;
}

static int u_munmap(void *addr, size_t len)
{
    if (((uintptr_t)addr & (PAGE_SIZE_K - 1)) || !len)
        return set_errno(UX_EINVAL);
    return elf_area_give_back(addr, ALIGN_UP(len, PAGE_SIZE_K)) < 0 ? set_errno(UX_EINVAL) : 0;
}

/* ---- stdio ------------------------------------------------------------------ */

struct ufile {
    int fd;
    int error, eof;
    int unget;      /* -1: none */
};
#define MAX_FILES 16
static struct ufile files[MAX_FILES] = {
    { 0, 0, 0, -1 }, { 1, 0, 0, -1 }, { 2, 0, 0, -1 },
};
static struct ufile *std_in = &files[0], *std_out = &files[1], *std_err = &files[2];

static struct ufile *file_new(int fd)
{
    struct ufile *f = NULL;

    klock_acquire(&fd_lock);
    for (int i = 3; i < MAX_FILES && !f; i++) {
        if (!files[i].fd) {
            f = &files[i];
            *f = (struct ufile){ fd, 0, 0, -1 };
        }
    }
    klock_release(&fd_lock);
    if (!f)
        set_errno(UX_EMFILE);
    return f;
}

static int mode_flags(const char *mode)
{
    int flags = mode[0] == 'r' ? UX_O_RDONLY : mode[0] == 'w' ? UX_O_WRONLY | UX_O_CREAT | UX_O_TRUNC :
                mode[0] == 'a' ? UX_O_WRONLY | UX_O_CREAT | UX_O_APPEND : -1;

    if (flags >= 0 && strchr(mode, '+'))
        flags = (flags & ~UX_O_ACCMODE) | UX_O_RDWR;
    if (flags >= 0 && strchr(mode, 'x'))
        flags |= UX_O_EXCL;
    return flags;
}

static struct ufile *u_fopen(const char *path, const char *mode)
{
    int flags = mode ? mode_flags(mode) : -1, fd;
    struct ufile *f;

    if (flags < 0) {
        set_errno(UX_EINVAL);
        return NULL;
    }
    if ((fd = u_open(path, flags, 0666)) < 0)
        return NULL;
    if (!(f = file_new(fd)))
        u_close(fd);
    return f;
}

static struct ufile *u_fdopen(int fd, const char *mode)
{
    (void)mode;
    if (fd >= 0 && fd <= 2)
        return &files[fd];   /* the standard streams' own */
    if (!fd_get(fd))
        return NULL;
    return file_new(fd);
}

static int u_fclose(struct ufile *f)
{
    int fd = f->fd;

    if (f < &files[3] || f >= &files[MAX_FILES])
        return 0;   /* the standard streams stay */
    f->fd = 0;
    return u_close(fd) < 0 ? EOF : 0;
}

static size_t u_fread(void *buf, size_t size, size_t n, struct ufile *f)
{
    size_t want = size * n, got = 0;
    long r;

    if (!size || !n)
        return 0;
    if (f->unget >= 0) {
        ((unsigned char *)buf)[got++] = (unsigned char)f->unget;
        f->unget = -1;
    }
    while (got < want) {
        if ((r = u_read(f->fd, (char *)buf + got, want - got)) < 0) {
            f->error = 1;
            break;
        }
        if (!r) {
            f->eof = 1;
            break;
        }
        got += (size_t)r;
    }
    return got / size;
}

static size_t u_fwrite(const void *buf, size_t size, size_t n, struct ufile *f)
{
    size_t want = size * n, put = 0;
    long r;

    if (!size || !n)
        return 0;
    while (put < want) {
        if ((r = u_write(f->fd, (const char *)buf + put, want - put)) <= 0) {
            f->error = 1;
            break;
        }
        put += (size_t)r;
    }
    return put / size;
}

static int u_fgetc(struct ufile *f)
{
    unsigned char c;

    return u_fread(&c, 1, 1, f) == 1 ? c : EOF;
}

static int u_fputc(int c, struct ufile *f)
{
    unsigned char b = (unsigned char)c;

    return u_fwrite(&b, 1, 1, f) == 1 ? b : EOF;
}

static int u_ungetc(int c, struct ufile *f)
{
    if (c == EOF || f->unget >= 0)
        return EOF;
    f->unget = (unsigned char)c;
    f->eof = 0;
    return (unsigned char)c;
}

static int u_ferror(struct ufile *f) { return f->error; }
static int u_fflush(struct ufile *f) { (void)f; return 0; }   /* unbuffered */

static int u_fprintf_chk(struct ufile *f, int flag, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    int n;

    (void)flag;
    va_start(ap, fmt);
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0)
        return n;
    u_fwrite(buf, 1, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1, f);
    return n;
}

static int u_remove(const char *path)
{
    return u_unlink(path);
}

/* ---- The process ------------------------------------------------------------ */

static char *u_getenv(const char *name)
{
    size_t len = strlen(name);

    for (const char *const *e = kernel.boot->envp; e && *e; e++)
        if (!strncmp(*e, name, len) && (*e)[len] == '=')
            return (char *)*e + len + 1;
    return NULL;
}

static void u_abort(void)
{
    kernel_panic("keep: a unix library called abort()\n");
}

static void u_exit(int code)
{
    kernel_panic("keep: a unix library called exit(%d)\n", code);
}

static void u_assert_fail(const char *expr, const char *file, unsigned line, const char *func)
{
    kernel_panic("keep: a unix library's assertion failed: %s:%u: %s: %s\n", file, line,
                 func ? func : "?", expr);
}

static void u_stack_chk_fail(void)
{
    kernel_panic("keep: a unix library's stack was smashed\n");
}

/* Only libraries being unloaded run it, and none is ever unloaded. */
static void u_cxa_finalize(void *dso)
{
    (void)dso;
}

/* ---- Sorting: heap sort (no recursion, no allocation) ----------------------- */

static void swap_bytes(char *a, char *b, size_t size)
{
    while (size--) {
        char t = *a;
        *a++ = *b;
        *b++ = t;
    }
}

static void sift_down(char *base, size_t root, size_t n, size_t size,
                      int (*cmp)(const void *, const void *))
{
    for (size_t child; (child = 2 * root + 1) < n; root = child) {
        if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
            child++;
        if (cmp(base + root * size, base + child * size) >= 0)
            return;
        swap_bytes(base + root * size, base + child * size, size);
    }
}

static void u_qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    char *b = base;

    if (n < 2 || !size)
        return;
    for (size_t i = n / 2; i-- > 0;)
        sift_down(b, i, n, size, cmp);
    for (size_t end = n - 1; end > 0; end--) {
        swap_bytes(b, b + end * size, size);
        sift_down(b, 0, end, size, cmp);
    }
}

/* ---- Time ------------------------------------------------------------------- */

static struct ux_tm gmtime_result;

static struct ux_tm *u_gmtime(const int64_t *t)
{
    int64_t secs = *t, days = secs / 86400, rem = secs % 86400;
    int64_t era, doe, yoe, doy, mp, y;
    struct ux_tm *tm = &gmtime_result;

    if (rem < 0) {
        rem += 86400;
        days--;
    }
    memset(tm, 0, sizeof(*tm));
    tm->tm_hour = (int)(rem / 3600);
    tm->tm_min = (int)(rem % 3600 / 60);
    tm->tm_sec = (int)(rem % 60);
    tm->tm_wday = (int)(((days % 7) + 11) % 7);   /* 1970-01-01 was a Thursday */
    /* civil date from days since 1970 (proleptic Gregorian, eras of 400 years) */
    days += 719468;
    era = (days >= 0 ? days : days - 146096) / 146097;
    doe = days - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    tm->tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1);
    tm->tm_mon = (int)(mp < 10 ? mp + 2 : mp - 10);
    y += tm->tm_mon < 2;
    tm->tm_year = (int)(y - 1900);
    {
        static const int before[12] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
        int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        tm->tm_yday = before[tm->tm_mon] + tm->tm_mday - 1 + (leap && tm->tm_mon > 1);
    }
    return tm;
}

/* ---- Threads: glibc's mutex layout, on futexes ------------------------------- */

static uint32_t self_tid(void)
{
    return (uint32_t)(uintptr_t)current_teb()->ClientId.UniqueThread;
}

static int u_mutexattr_init(int *attr) { *attr = 0; return 0; }
static int u_mutexattr_destroy(int *attr) { (void)attr; return 0; }

static int u_mutexattr_settype(int *attr, int kind)
{
    if (kind < 0 || kind > 3)
        return UX_EINVAL;
    *attr = kind;
    return 0;
}

static int u_mutex_init(struct ux_mutex *m, const int *attr)
{
    memset(m, 0, sizeof(*m));
    m->kind = attr ? *attr : 0;
    return 0;
}

static int u_mutex_lock(struct ux_mutex *m)
{
    uint32_t self = self_tid(), c = 0;

    if (m->kind == 1 && m->owner == self) {
        m->count++;
        return 0;
    }
    if (!__atomic_compare_exchange_n(&m->lock, &c, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
        if (c != 2)
            c = __atomic_exchange_n(&m->lock, 2, __ATOMIC_ACQUIRE);
        while (c) {
            host_futex_wait(&m->lock, 2, NULL, 0);
            c = __atomic_exchange_n(&m->lock, 2, __ATOMIC_ACQUIRE);
        }
    }
    m->owner = self;
    m->count = 0;
    return 0;
}

static int u_mutex_unlock(struct ux_mutex *m)
{
    if (m->kind == 1 && m->count) {
        m->count--;
        return 0;
    }
    m->owner = 0;
    if (__atomic_exchange_n(&m->lock, 0, __ATOMIC_RELEASE) == 2)
        host_futex_wake(&m->lock, 1);
    return 0;
}

static int u_once(volatile int *once, void (*fn)(void))
{
    int state = 0;

    if (__atomic_load_n(once, __ATOMIC_ACQUIRE) == 2)
        return 0;
    if (__atomic_compare_exchange_n(once, &state, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_ACQUIRE)) {
        fn();
        __atomic_store_n(once, 2, __ATOMIC_RELEASE);
        host_futex_wake((volatile uint32_t *)once, INT32_MAX);
        return 0;
    }
    while ((state = __atomic_load_n(once, __ATOMIC_ACQUIRE)) != 2)
        host_futex_wait((volatile uint32_t *)once, (uint32_t)state, NULL, 0);
    return 0;
}

/* ---- The table --------------------------------------------------------------- */

/* Sorted by name (unixlibc_symbol searches it by halves). */
static const struct unixlibc_entry table[] = {
    { "__assert_fail", u_assert_fail },
    { "__ctype_b_loc", u_ctype_b_loc },
    { "__cxa_finalize", u_cxa_finalize },
    { "__errno_location", u_errno_location },
    { "__fprintf_chk", u_fprintf_chk },
    { "__longjmp_chk", keep_unix_longjmp },
    { "__memcpy_chk", u_memcpy_chk },
    { "__snprintf_chk", u_snprintf_chk },
    { "__sprintf_chk", u_sprintf_chk },
    { "__stack_chk_fail", u_stack_chk_fail },
    { "__vsnprintf_chk", u_vsnprintf_chk },
    { "_setjmp", keep_unix_setjmp },
    { "abort", u_abort },
    { "atan2", unixmath_atan2 },
    { "calloc", u_calloc },
    { "close", u_close },
    { "cos", unixmath_cos },
    { "dlclose", elf_dlclose },
    { "dlerror", elf_dlerror },
    { "dlopen", elf_dlopen },
    { "dlsym", elf_dlsym },
    { "exit", u_exit },
    { "fclose", u_fclose },
    { "fcntl", u_fcntl },
    { "fdopen", u_fdopen },
    { "ferror", u_ferror },
    { "fflush", u_fflush },
    { "fgetc", u_fgetc },
    { "fopen", u_fopen },
    { "fopen64", u_fopen },
    { "fputc", u_fputc },
    { "fread", u_fread },
    { "free", u_free },
    { "frexp", unixmath_frexp },
    { "fstat", u_fstat },
    { "fstat64", u_fstat },
    { "fwrite", u_fwrite },
    { "getenv", u_getenv },
    { "gmtime", u_gmtime },
    { "hypot", unixmath_hypot },
    { "log", unixmath_log },
    { "longjmp", keep_unix_longjmp },
    { "lseek", u_lseek },
    { "lseek64", u_lseek },
    { "malloc", u_malloc },
    { "memchr", u_memchr },
    { "memcmp", u_memcmp },
    { "memcpy", u_memcpy },
    { "memmove", u_memmove },
    { "memset", u_memset },
    { "mmap", u_mmap },
    { "mmap64", u_mmap },
    { "modf", unixmath_modf },
    { "munmap", u_munmap },
    { "open", u_open },
    { "open64", u_open },
    { "pow", unixmath_pow },
    { "pthread_mutex_init", u_mutex_init },
    { "pthread_mutex_lock", u_mutex_lock },
    { "pthread_mutex_unlock", u_mutex_unlock },
    { "pthread_mutexattr_destroy", u_mutexattr_destroy },
    { "pthread_mutexattr_init", u_mutexattr_init },
    { "pthread_mutexattr_settype", u_mutexattr_settype },
    { "pthread_once", u_once },
    { "qsort", u_qsort },
    { "read", u_read },
    { "realloc", u_realloc },
    { "remove", u_remove },
    { "rename", u_rename },
    { "setjmp", keep_unix_setjmp },
    { "sin", unixmath_sin },
    { "sincos", unixmath_sincos },
    { "snprintf", u_snprintf },
    { "sprintf", u_sprintf },
    { "stderr", &std_err },
    { "stdin", &std_in },
    { "stdout", &std_out },
    { "strcat", u_strcat },
    { "strcmp", u_strcmp },
    { "strcpy", u_strcpy },
    { "strerror", u_strerror },
    { "strlen", u_strlen },
    { "strncmp", u_strncmp },
    { "strncpy", u_strncpy },
    { "strrchr", u_strrchr },
    { "strstr", u_strstr },
    { "strtod", u_strtod },
    { "strtol", u_strtol },
    { "strtoul", u_strtoul },
    { "ungetc", u_ungetc },
    { "unlink", u_unlink },
    { "vsnprintf", u_vsnprintf },
    { "write", u_write },
};

void *unixlibc_search(const struct unixlibc_entry *t, size_t count, const char *name)
{
    size_t lo = 0, hi = count;

    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, t[mid].name);
        if (!c)
            return t[mid].addr;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

void *unixlibc_symbol(const char *name)
{
    void *addr = unixlibc_search(table, ARRAY_SIZE(table), name);

    return addr ? addr : unixposix_symbol(name);
}

/* ---- For unixposix.c ----------------------------------------------------------- */

int *unixlibc_errno(void) { return u_errno_location(); }
int unixlibc_fail(int e) { return set_errno(e); }
int unixlibc_errno_from_host(int r) { return errno_from_host(r); }
const char *unixlibc_strerror(int e) { return u_strerror(e); }
int unixlibc_uri(const char *path, char *uri, size_t size) { return uri_of(path, uri, size); }
void unixlibc_stat_from_attr(const struct host_attr *a, struct ux_stat *st) { stat_from_attr(a, st); }
int unixlibc_open(const char *path, int flags) { return u_open(path, flags, 0666); }
int unixlibc_fstat(int fd, struct ux_stat *st) { return u_fstat(fd, st); }
int unixlibc_unlink(const char *path) { return u_unlink(path); }
void *unixlibc_stdout(void) { return std_out; }
void *unixlibc_stderr(void) { return std_err; }
size_t unixlibc_fwrite(const void *buf, size_t size, size_t n, void *f) { return u_fwrite(buf, size, n, f); }

int unixlibc_provides(const char *soname)
{
    static const char *const names[] = {
        "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
        "ld-linux-x86-64.so.2",
    };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        if (!strcmp(soname, names[i]))
            return 1;
    return 0;
}

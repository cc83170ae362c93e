/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unixposix.c - the rest of the C library of the kernel's unix libraries
 * (see unixlibc.c): what fontconfig and expat import beyond Wine's own
 * libraries — directories, paths, temporary files, sscanf, random
 * numbers, the locale.  win32u.so calls fontconfig without checking that
 * it loaded (font fallbacks), so fontconfig must load for GDI to work.
 *
 * File system calls go through the policy like the program's own: the
 * libraries see the program's paths, Wine's data and the host's fonts
 * read-only (/etc/fonts and the font cache only if the policy allows).
 * Links are not made or read (link, symlink: UX_EPERM; readlink: UX_EINVAL).
 */

#include "elfload.h"
#include "file.h"
#include "unixlibc.h"

/* ---- Paths ------------------------------------------------------------------- */

static int path_attr(const char *path, struct host_attr *attr)
{
    char uri[UX_PATH_MAX + 8];
    int r;

    if (unixlibc_uri(path, uri, sizeof(uri)) < 0)
        return -1;
    if ((r = host_uri_attr(uri, attr)) < 0)
        return unixlibc_fail(unixlibc_errno_from_host(r));
    return 0;
}

static int u_stat(const char *path, struct ux_stat *st)
{
    struct host_attr attr;

    if (path_attr(path, &attr) < 0)
        return -1;
    unixlibc_stat_from_attr(&attr, st);
    return 0;
}

static int u_access(const char *path, int mode)
{
    struct host_attr attr;

    if (path_attr(path, &attr) < 0)
        return -1;
    if ((mode & UX_W_OK) && (attr.flags & HOST_ATTR_POLICY_RO))
        return unixlibc_fail(UX_EACCES);
    return 0;
}

static int u_mkdir(const char *path, unsigned mode)
{
    char uri[UX_PATH_MAX + 8];
    host_stream_t s;
    int r;

    (void)mode;
    if (unixlibc_uri(path, uri, sizeof(uri)) < 0)
        return -1;
    if ((r = host_stream_open(uri, HOST_OPEN_CREATE | HOST_OPEN_EXCL | HOST_OPEN_DIRECTORY, &s)) < 0)
        return unixlibc_fail(unixlibc_errno_from_host(r));
    host_stream_close(s);
    return 0;
}

/* The host deletes an empty directory as it deletes a file. */
static int u_rmdir(const char *path)
{
    return unixlibc_unlink(path);
}

static int u_no_links(const char *a, const char *b) { (void)a; (void)b; return unixlibc_fail(UX_EPERM); }
static int u_chmod(const char *path, unsigned mode) { (void)path; (void)mode; return unixlibc_fail(UX_EPERM); }

static int u_utimes(const char *path, const struct ux_timeval tv[2])
{
    char uri[UX_PATH_MAX + 8];
    struct host_attr attr = { 0 };
    int r;

    if (unixlibc_uri(path, uri, sizeof(uri)) < 0)
        return -1;
    if (tv) {
        attr.atime_ns = (int64_t)tv[0].tv_sec * 1000000000 + tv[0].tv_usec * 1000;
        attr.mtime_ns = (int64_t)tv[1].tv_sec * 1000000000 + tv[1].tv_usec * 1000;
    } else {
        host_time_get(HOST_CLOCK_WALL, &attr.mtime_ns);
        attr.atime_ns = attr.mtime_ns;
    }
    r = host_uri_set_attr(uri, &attr, HOST_SET_ATIME | HOST_SET_MTIME);
    return r < 0 ? unixlibc_fail(unixlibc_errno_from_host(r)) : 0;
}

static long u_readlink(const char *path, char *buf, size_t size)
{
    (void)path;
    (void)buf;
    (void)size;
    return unixlibc_fail(UX_EINVAL);   /* the libraries' paths hold no links they may see */
}

/* realpath without links to follow: the path made absolute-clean (no ".",
 * "..", or repeated slashes), if it exists. */
static char *u_realpath_chk(const char *path, char *out, size_t room)
{
    char buf[UX_PATH_MAX];
    struct host_attr attr;
    size_t n;

    if (!path || path[0] != '/') {
        unixlibc_fail(path ? UX_ENOENT : UX_EINVAL);
        return NULL;
    }
    if ((n = strlen(path)) >= sizeof(buf)) {
        unixlibc_fail(UX_ENAMETOOLONG);
        return NULL;
    }
    memcpy(buf, path, n + 1);
    path_normalize_host(buf);
    n = strlen(buf);
    if (path_attr(buf, &attr) < 0)
        return NULL;
    if (!out && !(out = kmalloc(n + 1))) {
        unixlibc_fail(UX_ENOMEM);
        return NULL;
    }
    if (n + 1 > room && room != (size_t)-1)
        kernel_panic("keep: a unix library overflowed a buffer (realpath)\n");
    memcpy(out, buf, n + 1);
    return out;
}

static char *u_getcwd(char *buf, size_t size)
{
    (void)buf;
    (void)size;
    unixlibc_fail(UX_ENOENT);   /* unix libraries have no working directory here */
    return NULL;
}

static int u_fstatfs(int fd, struct ux_statfs *st)
{
    struct ux_stat sb;

    if (unixlibc_fstat(fd, &sb) < 0)
        return -1;
    memset(st, 0, sizeof(*st));   /* f_type 0: a local file system, no quirks */
    st->f_bsize = 4096;
    st->f_namelen = 255;
    return 0;
}

static int u_posix_fadvise(int fd, int64_t off, int64_t len, int advice)
{
    (void)fd; (void)off; (void)len; (void)advice;
    return 0;   /* advice only */
}

/* ---- Directories --------------------------------------------------------------- */

struct udir {
    host_stream_t stream;
    uint64_t next;
    struct ux_dirent ent;
};

static struct udir *u_opendir(const char *path)
{
    char uri[UX_PATH_MAX + 8];
    struct udir *d;
    int r;

    if (!path || path[0] != '/' || (size_t)snprintf(uri, sizeof(uri), "dir:%s", path) >= sizeof(uri)) {
        unixlibc_fail(path ? UX_ENOENT : UX_EINVAL);
        return NULL;
    }
    if (!(d = kzalloc(sizeof(*d)))) {
        unixlibc_fail(UX_ENOMEM);
        return NULL;
    }
    if ((r = host_stream_open(uri, HOST_OPEN_READ, &d->stream)) < 0) {
        kfree(d);
        unixlibc_fail(unixlibc_errno_from_host(r));
        return NULL;
    }
    return d;
}

static struct ux_dirent *u_readdir(struct udir *d)
{
    struct host_dirent he;
    size_t len;

    if (host_dir_read(d->stream, d->next, &he) < 0)
        return NULL;   /* the end: errno unchanged */
    d->next++;
    memset(&d->ent, 0, sizeof(d->ent));
    d->ent.d_ino = d->next;   /* nonzero: glibc callers skip entries with 0 */
    d->ent.d_off = (int64_t)d->next;
    d->ent.d_reclen = sizeof(d->ent);
    d->ent.d_type = he.type == HOST_TYPE_DIR ? UX_DT_DIR : he.type == HOST_TYPE_FILE ? UX_DT_REG : UX_DT_UNKNOWN;
    len = strnlen(he.name, sizeof(d->ent.d_name) - 1);
    memcpy(d->ent.d_name, he.name, len);
    return &d->ent;
}

static int u_closedir(struct udir *d)
{
    host_stream_close(d->stream);
    kfree(d);
    return 0;
}

/* ---- Temporary files ------------------------------------------------------------ */

static int u_mkostemp(char *templ, int flags)
{
    static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    size_t len = strlen(templ);
    unsigned char rnd[6];

    if (len < 6 || strcmp(templ + len - 6, "XXXXXX"))
        return unixlibc_fail(UX_EINVAL);
    for (int tries = 0; tries < 100; tries++) {
        int fd;
        host_random(rnd, sizeof(rnd));
        for (int i = 0; i < 6; i++)
            templ[len - 6 + i] = chars[rnd[i] % (sizeof(chars) - 1)];
        if ((fd = unixlibc_open(templ, UX_O_RDWR | UX_O_CREAT | UX_O_EXCL | (flags & UX_O_APPEND))) >= 0)
            return fd;
        if (*unixlibc_errno() != UX_EEXIST)
            return -1;
    }
    return unixlibc_fail(UX_EEXIST);
}

/* ---- Strings ----------------------------------------------------------------------- */

static char *u_strchr(const char *s, int c) { return strchr(s, c); }
static char *u_strpbrk(const char *s, const char *set) { return strpbrk(s, set); }
static char *u_stpcpy(char *d, const char *s) { size_t n = strlen(s); memcpy(d, s, n + 1); return d + n; }
static unsigned long long u_strtoull(const char *s, char **end, int base) { return strtoull(s, end, base); }

static char *u_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = kmalloc(n);

    if (!d)
        unixlibc_fail(UX_ENOMEM);
    else
        memcpy(d, s, n);
    return d;
}

static char *u_strncpy_chk(char *d, const char *s, size_t n, size_t room)
{
    if (n > room)
        kernel_panic("keep: a unix library overflowed a buffer (strncpy of %zu into %zu)\n", n, room);
    return strncpy(d, s, n);
}

/* The GNU strerror_r (the XSI one is __xpg_strerror_r). */
static char *u_strerror_r(int e, char *buf, size_t size)
{
    (void)buf;
    (void)size;
    return (char *)unixlibc_strerror(e);
}

static char *u_dcgettext(const char *domain, const char *msgid, int category)
{
    (void)domain;
    (void)category;
    return (char *)msgid;   /* no message catalogues: the untranslated text */
}

static struct ux_lconv c_lconv = {
    .decimal_point = ".", .thousands_sep = "", .grouping = "", .int_curr_symbol = "",
    .currency_symbol = "", .mon_decimal_point = "", .mon_thousands_sep = "", .mon_grouping = "",
    .positive_sign = "", .negative_sign = "", .int_frac_digits = UX_CHAR_MAX, .frac_digits = UX_CHAR_MAX,
    .p_cs_precedes = UX_CHAR_MAX, .p_sep_by_space = UX_CHAR_MAX, .n_cs_precedes = UX_CHAR_MAX,
    .n_sep_by_space = UX_CHAR_MAX, .p_sign_posn = UX_CHAR_MAX, .n_sign_posn = UX_CHAR_MAX,
};

static struct ux_lconv *u_localeconv(void)
{
    return &c_lconv;   /* the C locale: unix libraries are not localised here */
}

/* ---- sscanf: the conversions C programs use on strings --------------------------------
 * Whitespace, literal characters, and %d %i %u %x %o (with hh h l ll
 * z), %f %e %g (with l: double, else float), %s %c %[set] %n, widths and
 * %*.  Returns the count of assignments, or EOF if the input ended first. */

static int scan_set(const char **fmt, unsigned char set[256])
{
    const char *f = *fmt;
    int negate = 0;

    memset(set, 0, 256);
    if (*f == '^') { negate = 1; f++; }
    if (*f == ']') { set[']'] = 1; f++; }
    for (; *f && *f != ']'; f++) {
        if (f[1] == '-' && f[2] && f[2] != ']') {
            for (int c = (unsigned char)f[0]; c <= (unsigned char)f[2]; c++)
                set[c] = 1;
            f += 2;
        } else {
            set[(unsigned char)*f] = 1;
        }
    }
    if (*f != ']')
        return -1;
    *fmt = f + 1;
    if (negate)
        for (int c = 0; c < 256; c++)
            set[c] = !set[c];
    set[0] = 0;
    return 0;
}

static void store_int(va_list *ap, int size, unsigned long long v)
{
    switch (size) {
    case -2: *va_arg(*ap, char *) = (char)v; break;
    case -1: *va_arg(*ap, short *) = (short)v; break;
    case 1: *va_arg(*ap, long *) = (long)v; break;
    case 2: *va_arg(*ap, long long *) = (long long)v; break;
    default: *va_arg(*ap, int *) = (int)v; break;
    }
}

static int is_space(int c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

static int u_vsscanf(const char *s, const char *fmt, va_list ap0)
{
    const char *start = s;
    int count = 0;
    va_list ap;

    va_copy(ap, ap0);
    for (; *fmt; fmt++) {
        int skip = 0, size = 0, conv;
        size_t width = 0;
        char *end;

        if (is_space((unsigned char)*fmt)) {
            while (is_space((unsigned char)*s))
                s++;
            continue;
        }
        if (*fmt != '%' || fmt[1] == '%') {
            fmt += *fmt == '%';
            if (*s != *fmt)
                break;
            s++;
            continue;
        }
        fmt++;
        if (*fmt == '*') { skip = 1; fmt++; }
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (size_t)(*fmt++ - '0');
        for (;; fmt++) {
            if (*fmt == 'h') size--;
            else if (*fmt == 'l' || *fmt == 'L' || *fmt == 'j') size++;
            else if (*fmt == 'z' || *fmt == 't') size = 1;
            else break;
        }
        conv = *fmt;
        if (!conv)
            break;
        if (conv == 'n') {
            if (!skip)
                store_int(&ap, size, (unsigned long long)(s - start));
            continue;
        }
        if (conv != 'c' && conv != '[')
            while (is_space((unsigned char)*s))
                s++;
        if (!*s) {
            va_end(ap);
            return count ? count : EOF;
        }
        if (conv == 'd' || conv == 'i' || conv == 'u' || conv == 'x' || conv == 'X' || conv == 'o') {
            char num[64];
            size_t n = strlen(s);
            int base = conv == 'd' || conv == 'u' ? 10 : conv == 'i' ? 0 : conv == 'o' ? 8 : 16;
            if (width && width < n)
                n = width;
            if (n >= sizeof(num))
                n = sizeof(num) - 1;
            memcpy(num, s, n);
            num[n] = 0;
            unsigned long long v = conv == 'd' || conv == 'i' ? (unsigned long long)strtoll(num, &end, base)
                                                             : strtoull(num, &end, base);
            if (end == num)
                break;
            s += end - num;
            if (!skip) {
                store_int(&ap, size, v);
                count++;
            }
        } else if (conv == 'f' || conv == 'e' || conv == 'g' || conv == 'E' || conv == 'G' || conv == 'a') {
            double v = strtod(s, &end);
            if (end == s)
                break;
            s = end;
            if (!skip) {
                if (size > 0)
                    *va_arg(ap, double *) = v;
                else
                    *va_arg(ap, float *) = (float)v;
                count++;
            }
        } else if (conv == 's' || conv == 'c' || conv == '[') {
            unsigned char set[256];
            char *out = skip ? NULL : va_arg(ap, char *);
            size_t n = 0;
            if (conv == '[') {
                fmt++;
                if (scan_set(&fmt, set) < 0)
                    break;
                fmt--;
            }
            if (!width)
                width = conv == 'c' ? 1 : SIZE_MAX;
            while (*s && n < width &&
                   (conv == 'c' || (conv == 's' ? !is_space((unsigned char)*s) : set[(unsigned char)*s]))) {
                if (out)
                    out[n] = *s;
                n++;
                s++;
            }
            if (!n || (conv == 'c' && n < width))
                break;
            if (out && conv != 'c')
                out[n] = 0;
            if (out)
                count++;
        } else {
            break;   /* an unknown conversion: stop as a mismatch */
        }
    }
    va_end(ap);
    return count;
}

static int u_sscanf(const char *s, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = u_vsscanf(s, fmt, ap);
    va_end(ap);
    return n;
}

/* ---- Random numbers, time, the process ------------------------------------------- */

static void u_arc4random_buf(void *buf, size_t size)
{
    host_random(buf, size);
}

/* random_r and initstate_r keep a 64-bit xorshift state in the caller's
 * state buffer (at least 8 bytes, as glibc requires); the numbers are
 * 31-bit, as random() gives. */
static int u_initstate_r(unsigned seed, char *statebuf, size_t statelen, struct ux_random_data *buf)
{
    uint64_t s = ((uint64_t)seed << 32) ^ 0x9e3779b97f4a7c15ull;

    if (!statebuf || statelen < 8 || !buf)
        return unixlibc_fail(UX_EINVAL);
    memset(buf, 0, sizeof(*buf));
    buf->state = (int32_t *)statebuf;
    memcpy(statebuf, &s, sizeof(s));
    return 0;
}

static int u_random_r(struct ux_random_data *buf, int32_t *result)
{
    uint64_t s;

    if (!buf || !buf->state || !result)
        return unixlibc_fail(UX_EINVAL);
    memcpy(&s, buf->state, sizeof(s));
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    memcpy(buf->state, &s, sizeof(s));
    *result = (int32_t)((s * 0x2545f4914f6cdd1dull) >> 33);
    return 0;
}

static int64_t u_time(int64_t *out)
{
    int64_t ns = 0;
    int64_t t;

    host_time_get(HOST_CLOCK_WALL, &ns);
    t = (int64_t)(ns / 1000000000);
    if (out)
        *out = t;
    return t;
}

static int u_getpid(void)
{
    return (int)(uintptr_t)current_teb()->ClientId.UniqueProcess;
}

/* ---- Output to the standard streams ------------------------------------------------- */

static int u_vfprintf_chk(void *f, int flag, const char *fmt, va_list ap)
{
    char buf[1024];
    int n;

    (void)flag;
    n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n > 0)
        unixlibc_fwrite(buf, 1, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1, f);
    return n;
}

static int u_printf_chk(int flag, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = u_vfprintf_chk(unixlibc_stdout(), flag, fmt, ap);
    va_end(ap);
    return n;
}

static int u_fputs(const char *s, void *f)
{
    size_t n = strlen(s);

    return unixlibc_fwrite(s, 1, n, f) == n ? 1 : EOF;
}

static int u_puts(const char *s)
{
    return u_fputs(s, unixlibc_stdout()) < 0 || u_fputs("\n", unixlibc_stdout()) < 0 ? EOF : 1;
}

static int u_putchar(int c)
{
    unsigned char b = (unsigned char)c;

    return unixlibc_fwrite(&b, 1, 1, unixlibc_stdout()) == 1 ? b : EOF;
}

static void u_perror(const char *s)
{
    const char *msg = unixlibc_strerror(*unixlibc_errno());

    if (s && *s) {
        u_fputs(s, unixlibc_stderr());
        u_fputs(": ", unixlibc_stderr());
    }
    u_fputs(msg, unixlibc_stderr());
    u_fputs("\n", unixlibc_stderr());
}

static int u_open_2(const char *path, int flags)
{
    return unixlibc_open(path, flags);
}

static int u_mutex_destroy(void *m)
{
    (void)m;
    return 0;   /* nothing held outside the mutex itself */
}

/* Sorted by name (unixposix_symbol searches it by halves). */
static const struct unixlibc_entry table[] = {
    { "__isoc99_sscanf", u_sscanf },
    { "__isoc99_vsscanf", u_vsscanf },
    { "__open_2", u_open_2 },
    { "__printf_chk", u_printf_chk },
    { "__realpath_chk", u_realpath_chk },
    { "__strncpy_chk", u_strncpy_chk },
    { "__vfprintf_chk", u_vfprintf_chk },
    { "access", u_access },
    { "arc4random_buf", u_arc4random_buf },
    { "chmod", u_chmod },
    { "closedir", u_closedir },
    { "dcgettext", u_dcgettext },
    { "fputs", u_fputs },
    { "fstatfs", u_fstatfs },
    { "fstatfs64", u_fstatfs },
    { "getcwd", u_getcwd },
    { "getpid", u_getpid },
    { "initstate_r", u_initstate_r },
    { "link", u_no_links },
    { "localeconv", u_localeconv },
    { "lstat", u_stat },
    { "lstat64", u_stat },
    { "mkdir", u_mkdir },
    { "mkostemp", u_mkostemp },
    { "opendir", u_opendir },
    { "perror", u_perror },
    { "posix_fadvise", u_posix_fadvise },
    { "posix_fadvise64", u_posix_fadvise },
    { "pthread_mutex_destroy", u_mutex_destroy },
    { "putchar", u_putchar },
    { "puts", u_puts },
    { "random_r", u_random_r },
    { "readdir", u_readdir },
    { "readdir64", u_readdir },
    { "readlink", u_readlink },
    { "rmdir", u_rmdir },
    { "sscanf", u_sscanf },
    { "stat", u_stat },
    { "stat64", u_stat },
    { "stpcpy", u_stpcpy },
    { "strchr", u_strchr },
    { "strdup", u_strdup },
    { "strerror_r", u_strerror_r },
    { "strpbrk", u_strpbrk },
    { "strtoull", u_strtoull },
    { "symlink", u_no_links },
    { "time", u_time },
    { "utimes", u_utimes },
};

void *unixposix_symbol(const char *name)
{
    return unixlibc_search(table, ARRAY_SIZE(table), name);
}

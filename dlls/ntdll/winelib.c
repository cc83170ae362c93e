/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * winelib.c - what Wine's unix libraries (win32u.so, ...) import from
 * ntdll.so besides the Nt* system calls: the NLS and string helpers, the
 * last-error value, the debug channels, the data directory.
 *
 * These are called directly from unix code, on whatever stack it runs on.
 * The Rtl* and __wine_dbg_* functions use the Windows convention (WINAPI,
 * __cdecl = ms_abi in Wine's headers); the ntdll_* helpers are sysv, as
 * include/wine/unixlib.h declares them.
 */
#include "kernel.h"

#define CP_UTF8_ID 65001

/* ---- Last error and status codes ------------------------------------------ */

ULONG NTAPI KERNEL_EXPORT RtlGetLastWin32Error(void)
{
    return current_teb()->LastErrorValue;
}

void NTAPI KERNEL_EXPORT RtlSetLastWin32Error(ULONG err)
{
    current_teb()->LastErrorValue = err;
}

/* NTSTATUS -> Win32 error, for the codes the kernel and win32u produce;
 * anything else is ERROR_MR_MID_NOT_FOUND, as on Windows. */
static const struct { NTSTATUS status; ULONG error; } dos_errors[] = {
    { STATUS_UNSUCCESSFUL, 31 },               /* ERROR_GEN_FAILURE */
    { STATUS_NOT_IMPLEMENTED, 1 },             /* ERROR_INVALID_FUNCTION */
    { STATUS_INVALID_HANDLE, 6 },              /* ERROR_INVALID_HANDLE */
    { STATUS_INVALID_PARAMETER, 87 },          /* ERROR_INVALID_PARAMETER */
    { STATUS_NO_SUCH_FILE, 2 },                /* ERROR_FILE_NOT_FOUND */
    { STATUS_END_OF_FILE, 38 },                /* ERROR_HANDLE_EOF */
    { STATUS_NO_MEMORY, 8 },                   /* ERROR_NOT_ENOUGH_MEMORY */
    { STATUS_ACCESS_VIOLATION, 998 },          /* ERROR_NOACCESS */
    { STATUS_ACCESS_DENIED, 5 },               /* ERROR_ACCESS_DENIED */
    { STATUS_BUFFER_TOO_SMALL, 122 },          /* ERROR_INSUFFICIENT_BUFFER */
    { STATUS_BUFFER_OVERFLOW, 234 },           /* ERROR_MORE_DATA */
    { STATUS_OBJECT_TYPE_MISMATCH, 6 },        /* ERROR_INVALID_HANDLE */
    { STATUS_OBJECT_NAME_INVALID, 123 },       /* ERROR_INVALID_NAME */
    { STATUS_OBJECT_NAME_NOT_FOUND, 2 },       /* ERROR_FILE_NOT_FOUND */
    { STATUS_OBJECT_NAME_COLLISION, 183 },     /* ERROR_ALREADY_EXISTS */
    { STATUS_OBJECT_PATH_NOT_FOUND, 3 },       /* ERROR_PATH_NOT_FOUND */
    { STATUS_SHARING_VIOLATION, 32 },          /* ERROR_SHARING_VIOLATION */
    { STATUS_INFO_LENGTH_MISMATCH, 24 },       /* ERROR_BAD_LENGTH */
    { STATUS_NOT_SUPPORTED, 50 },              /* ERROR_NOT_SUPPORTED */
    { STATUS_INVALID_ADDRESS, 487 },           /* ERROR_INVALID_ADDRESS */
    { STATUS_DLL_NOT_FOUND, 126 },             /* ERROR_MOD_NOT_FOUND */
    { STATUS_ENTRYPOINT_NOT_FOUND, 127 },      /* ERROR_PROC_NOT_FOUND */
    { STATUS_TIMEOUT, 1460 },                  /* ERROR_TIMEOUT, as Windows maps it */
    { STATUS_PENDING, 997 },                   /* ERROR_IO_PENDING */
    { STATUS_NO_MORE_ENTRIES, 259 },           /* ERROR_NO_MORE_ITEMS */
    { STATUS_NO_MORE_FILES, 18 },              /* ERROR_NO_MORE_FILES */
    { STATUS_INVALID_DEVICE_REQUEST, 1 },      /* ERROR_INVALID_FUNCTION */
    { STATUS_NOT_FOUND, 1168 },                /* ERROR_NOT_FOUND */
    { STATUS_INVALID_INFO_CLASS, 87 },         /* ERROR_INVALID_PARAMETER */
    { STATUS_INSUFFICIENT_RESOURCES, 1450 },   /* ERROR_NO_SYSTEM_RESOURCES */
    { STATUS_CANCELLED, 995 },                 /* ERROR_OPERATION_ABORTED */
    { STATUS_DIRECTORY_NOT_EMPTY, 145 },       /* ERROR_DIR_NOT_EMPTY */
    { STATUS_NOT_A_DIRECTORY, 267 },           /* ERROR_DIRECTORY */
    { STATUS_FILE_IS_A_DIRECTORY, 5 },         /* ERROR_ACCESS_DENIED */
    { STATUS_PIPE_BROKEN, 109 },               /* ERROR_BROKEN_PIPE */
    { STATUS_DISK_FULL, 112 },                 /* ERROR_DISK_FULL */
    { STATUS_MUTANT_NOT_OWNED, 288 },          /* ERROR_NOT_OWNER */
    { STATUS_SEMAPHORE_LIMIT_EXCEEDED, 298 },  /* ERROR_TOO_MANY_POSTS */
    { STATUS_PRIVILEGE_NOT_HELD, 1314 },       /* ERROR_PRIVILEGE_NOT_HELD */
    { STATUS_NO_TOKEN, 1008 },                 /* ERROR_NO_TOKEN */
    { STATUS_INVALID_IMAGE_FORMAT, 193 },      /* ERROR_BAD_EXE_FORMAT */
    { STATUS_STACK_OVERFLOW, 1001 },           /* ERROR_STACK_OVERFLOW */
};

ULONG NTAPI KERNEL_EXPORT RtlNtStatusToDosError(NTSTATUS status)
{
    ULONG code = (ULONG)status;

    current_teb()->LastStatusValue = status;
    if (!status || (code & 0x20000000))      /* success, or a customer code */
        return code;
    if ((code & 0xf0000000) == 0xd0000000)   /* NTSTATUS-wrapped HRESULT-like */
        code &= ~0x10000000u;
    /* FACILITY_WIN32 wrappers carry the Win32 code in their low word */
    if ((code >> 16) == 0xc001 || (code >> 16) == 0x8007 || (code >> 16) == 0xc007)
        return code & 0xffff;
    for (size_t i = 0; i < ARRAY_SIZE(dos_errors); i++)
        if ((ULONG)dos_errors[i].status == code)
            return dos_errors[i].error;
    return 317;   /* ERROR_MR_MID_NOT_FOUND */
}

/* ---- Strings and code pages ------------------------------------------------ */

void NTAPI KERNEL_EXPORT RtlInitUnicodeString(UNICODE_STRING *str, const WCHAR *src)
{
    size_t len = src ? kwcslen(src) * sizeof(WCHAR) : 0;

    if (len > 0xfffc)
        len = 0xfffc;
    str->Buffer = (WCHAR *)src;
    str->Length = (USHORT)len;
    str->MaximumLength = src ? (USHORT)(len + sizeof(WCHAR)) : 0;
}

WCHAR NTAPI KERNEL_EXPORT RtlUpcaseUnicodeChar(WCHAR c)
{
    return kupcase(c);
}

WCHAR NTAPI KERNEL_EXPORT RtlDowncaseUnicodeChar(WCHAR c)
{
    return kdowncase(c);
}

KERNEL_EXPORT int ntdll_wcsnicmp(const WCHAR *a, const WCHAR *b, int n)
{
    for (; n > 0; n--, a++, b++) {
        int d = (int)kupcase(*a) - (int)kupcase(*b);
        if (d || !*a)
            return d;
    }
    return 0;
}

KERNEL_EXPORT int ntdll_wcsicmp(const WCHAR *a, const WCHAR *b)
{
    return ntdll_wcsnicmp(a, b, 0x7fffffff);
}

/*
 * A code page table as Wine's .nls files hold it: a header of USHORTs
 * (size in USHORTs, code page, max char size, default chars, lead bytes),
 * then the size of the multi-byte table and its 256 entries, a glyph-table
 * flag (and 256 glyphs), the DBCS ranges (and offsets), and the
 * wide-char table, whose place the multi-byte part's size gives.
 */
void NTAPI KERNEL_EXPORT RtlInitCodePageTable(USHORT *ptr, CPTABLEINFO *info)
{
    USHORT *mb;

    memset(info, 0, sizeof(*info));
    if (ptr[1] == CP_UTF8_ID) {
        info->CodePage = CP_UTF8_ID;
        info->MaximumCharacterSize = 4;
        info->DefaultChar = '?';
        info->UniDefaultChar = 0xfffd;
        info->TransDefaultChar = '?';
        info->TransUniDefaultChar = '?';
        return;
    }
    info->CodePage = ptr[1];
    info->MaximumCharacterSize = ptr[2];
    info->DefaultChar = ptr[3];
    info->UniDefaultChar = ptr[4];
    info->TransDefaultChar = ptr[5];
    info->TransUniDefaultChar = ptr[6];
    memcpy(info->LeadByte, ptr + 7, sizeof(info->LeadByte));
    mb = ptr + ptr[0];                 /* mb[0]: USHORTs up to the wide-char table */
    info->WideCharTable = mb + mb[0] + 1;
    info->MultiByteTable = mb + 1;
    mb += 1 + 256;
    if (*mb++)
        mb += 256;                     /* glyph table */
    info->DBCSRanges = mb;
    if (*mb) {
        info->DBCSCodePage = 1;
        info->DBCSOffsets = mb + 1;
    }
}

NTSTATUS NTAPI KERNEL_EXPORT RtlCustomCPToUnicodeN(CPTABLEINFO *info, WCHAR *dst, ULONG dstlen,
                                                   ULONG *reslen, const char *src, ULONG srclen)
{
    const unsigned char *s = (const unsigned char *)src;
    ULONG room = dstlen / sizeof(WCHAR), n = 0;

    while (srclen && n < room) {
        USHORT off = info->DBCSOffsets ? info->DBCSOffsets[*s] : 0;
        if (off && srclen > 1) {
            dst[n++] = info->DBCSOffsets[off + s[1]];
            s += 2;
            srclen -= 2;
        } else {
            dst[n++] = info->MultiByteTable[*s++];
            srclen--;
        }
    }
    if (reslen)
        *reslen = n * sizeof(WCHAR);
    return STATUS_SUCCESS;
}

NTSTATUS NTAPI KERNEL_EXPORT RtlUnicodeToCustomCPN(CPTABLEINFO *info, char *dst, ULONG dstlen,
                                                   ULONG *reslen, const WCHAR *src, ULONG srclen)
{
    ULONG count = srclen / sizeof(WCHAR), n = 0;

    for (ULONG i = 0; i < count && n < dstlen; i++) {
        if (!info->DBCSCodePage) {
            dst[n++] = ((const char *)info->WideCharTable)[src[i]];
            continue;
        }
        USHORT mb = ((const USHORT *)info->WideCharTable)[src[i]];
        if (mb & 0xff00) {
            if (n + 2 > dstlen)
                break;                 /* never half a character */
            dst[n++] = (char)(mb >> 8);
        }
        dst[n++] = (char)mb;
    }
    if (reslen)
        *reslen = n;
    return STATUS_SUCCESS;
}

/* One code point from UTF-8 at s (len > 0 bytes); *used = bytes taken.
 * Invalid or truncated sequences give U+FFFD and take one byte. */
static unsigned decode_utf8(const unsigned char *s, ULONG len, ULONG *used)
{
    unsigned c = s[0], need, min;

    *used = 1;
    if (c < 0x80)
        return c;
    if (c >= 0xc2 && c < 0xe0) { need = 1; c &= 0x1f; min = 0x80; }
    else if (c >= 0xe0 && c < 0xf0) { need = 2; c &= 0x0f; min = 0x800; }
    else if (c >= 0xf0 && c < 0xf5) { need = 3; c &= 0x07; min = 0x10000; }
    else return 0xfffd;
    if (len <= need)
        return 0xfffd;
    for (unsigned i = 1; i <= need; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0xfffd;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
        return 0xfffd;
    *used = need + 1;
    return c;
}

NTSTATUS NTAPI KERNEL_EXPORT RtlUTF8ToUnicodeN(WCHAR *dst, ULONG dstlen, ULONG *reslen,
                                               const char *src, ULONG srclen)
{
    const unsigned char *s = (const unsigned char *)src;
    ULONG room = dstlen / sizeof(WCHAR), n = 0, used;
    NTSTATUS st = STATUS_SUCCESS;

    if (!src)
        return STATUS_INVALID_PARAMETER_4;
    if (!reslen)
        return STATUS_INVALID_PARAMETER;
    while (srclen) {
        unsigned c = decode_utf8(s, srclen, &used);
        unsigned units = c >= 0x10000 ? 2 : 1;
        if (c == 0xfffd && !(used == 3 && s[0] == 0xef))
            st = STATUS_SOME_NOT_MAPPED;
        if (dst && n + units > room) {
            st = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (dst && units == 2) {
            dst[n] = (WCHAR)(0xd800 | ((c - 0x10000) >> 10));
            dst[n + 1] = (WCHAR)(0xdc00 | ((c - 0x10000) & 0x3ff));
        } else if (dst) {
            dst[n] = (WCHAR)c;
        }
        n += units;
        s += used;
        srclen -= used;
    }
    *reslen = n * sizeof(WCHAR);
    return st;
}

/* One code point from UTF-16; lone surrogates give U+FFFD. */
static unsigned decode_utf16(const WCHAR *s, ULONG len, ULONG *used)
{
    unsigned c = s[0];

    *used = 1;
    if (c < 0xd800 || c >= 0xe000)
        return c;
    if (c >= 0xdc00 || len < 2 || s[1] < 0xdc00 || s[1] >= 0xe000)
        return 0xfffd;
    *used = 2;
    return 0x10000 + ((c - 0xd800) << 10) + (s[1] - 0xdc00);
}

NTSTATUS NTAPI KERNEL_EXPORT RtlUnicodeToUTF8N(char *dst, ULONG dstlen, ULONG *reslen,
                                               const WCHAR *src, ULONG srclen)
{
    ULONG count = srclen / sizeof(WCHAR), n = 0, used;
    NTSTATUS st = STATUS_SUCCESS;

    if (!src)
        return STATUS_INVALID_PARAMETER_4;
    if (!reslen)
        return STATUS_INVALID_PARAMETER;
    if (dst && (srclen & 1))
        return STATUS_INVALID_PARAMETER_5;
    while (count) {
        unsigned c = decode_utf16(src, count, &used);
        unsigned char buf[4];
        unsigned len;
        if (c == 0xfffd && src[0] != 0xfffd)
            st = STATUS_SOME_NOT_MAPPED;
        if (c < 0x80) { buf[0] = (unsigned char)c; len = 1; }
        else if (c < 0x800) { buf[0] = 0xc0 | (c >> 6); buf[1] = 0x80 | (c & 0x3f); len = 2; }
        else if (c < 0x10000) {
            buf[0] = 0xe0 | (c >> 12); buf[1] = 0x80 | ((c >> 6) & 0x3f);
            buf[2] = 0x80 | (c & 0x3f); len = 3;
        } else {
            buf[0] = 0xf0 | (c >> 18); buf[1] = 0x80 | ((c >> 12) & 0x3f);
            buf[2] = 0x80 | ((c >> 6) & 0x3f); buf[3] = 0x80 | (c & 0x3f); len = 4;
        }
        if (dst && n + len > dstlen) {
            st = STATUS_BUFFER_TOO_SMALL;
            break;
        }
        if (dst)
            memcpy(dst + n, buf, len);
        n += len;
        src += used;
        count -= used;
    }
    *reslen = n;
    return st;
}

/* The host's code page is UTF-8: strict conversion fails on lone
 * surrogates (which UTF-8 cannot carry), else they become U+FFFD. */
KERNEL_EXPORT int ntdll_wcstoumbs(const WCHAR *src, ULONG srclen, char *dst, ULONG dstlen,
                                  BOOL strict)
{
    ULONG len;
    NTSTATUS st = RtlUnicodeToUTF8N(dst, dstlen, &len, src, srclen * sizeof(WCHAR));

    if (strict && st == STATUS_SOME_NOT_MAPPED)
        return -1;
    return (int)len;
}

/* And back: the host's UTF-8 to UTF-16, truncated to dstlen characters;
 * the count written. */
KERNEL_EXPORT int ntdll_umbstowcs(const char *src, ULONG srclen, WCHAR *dst, ULONG dstlen)
{
    ULONG len = 0;

    RtlUTF8ToUnicodeN(dst, dstlen * sizeof(WCHAR), &len, src, srclen);
    return (int)(len / sizeof(WCHAR));
}

/* ---- Directories ----------------------------------------------------------- */

/* Wine's data directory (fonts/, nls/, wine.inf); NULL build directory: an
 * installed Wine. */
KERNEL_EXPORT const char *ntdll_get_data_dir(void)
{
    return kernel.wine_data_dir;
}

KERNEL_EXPORT const char *ntdll_get_build_dir(void)
{
    return NULL;
}

/* ---- Debug channels ---------------------------------------------------------
 * Wine's unix libraries print "fixme:", "err:", "warn:" and "trace:" lines
 * through these, filtered per channel by WINEDEBUG as in Wine: a
 * comma-separated list of [class]+channel or [class]-channel, where
 * channel "all" means every channel and a missing class every class; the
 * default shows err and fixme.
 */

struct wine_debug_channel {
    unsigned char flags;
    char name[15];
};

enum { DBCL_FIXME, DBCL_ERR, DBCL_WARN, DBCL_TRACE, DBCL_INIT = 7 };
static const char *const class_names[] = { "fixme", "err", "warn", "trace" };

static const char *winedebug_value(void)
{
    for (const char *const *e = kernel.boot->envp; e && *e; e++)
        if (!strncmp(*e, "WINEDEBUG=", 10))
            return *e + 10;
    return "";
}

/* Apply one WINEDEBUG item (item_len bytes) to flags if it names channel
 * (or "all" when want_all). */
static void apply_item(const char *item, size_t item_len, const char *channel, int want_all,
                       unsigned char *flags)
{
    unsigned char mask = 0xf;
    const char *sign = memchr(item, '+', item_len);
    const char *minus = memchr(item, '-', item_len);
    size_t name_len;

    if (!sign || (minus && minus < sign))
        sign = minus;
    if (sign) {
        size_t cls_len = (size_t)(sign - item);
        if (cls_len) {
            mask = 0;
            for (unsigned i = 0; i < ARRAY_SIZE(class_names); i++)
                if (strlen(class_names[i]) == cls_len && !memcmp(item, class_names[i], cls_len))
                    mask = 1 << i;
            if (!mask)
                return;               /* an unknown class: ignored, as Wine does */
        }
    }
    const char *name = sign ? sign + 1 : item;
    name_len = item_len - (size_t)(name - item);
    int is_all = name_len == 3 && !memcmp(name, "all", 3);
    if (want_all ? !is_all : (is_all || strlen(channel) != name_len ||
                              memcmp(name, channel, name_len)))
        return;
    if (sign && *sign == '-')
        *flags &= (unsigned char)~mask;
    else
        *flags |= mask;
}

/* The flags of channel; NULL: of a channel WINEDEBUG does not name. */
static unsigned char channel_flags(const char *channel)
{
    unsigned char flags = (1 << DBCL_ERR) | (1 << DBCL_FIXME);
    const char *spec = winedebug_value();

    for (int pass = 0; pass < (channel ? 2 : 1); pass++) {   /* "all" first, then by name */
        for (const char *p = spec; *p;) {
            size_t len = strcspn(p, ",");
            if (len)
                apply_item(p, len, channel, pass == 0, &flags);
            p += len + (p[len] == ',');
        }
    }
    return flags;
}

unsigned char NTAPI KERNEL_EXPORT __wine_dbg_get_channel_flags(struct wine_debug_channel *channel)
{
    if (channel->flags & (1 << DBCL_INIT)) {
        char name[sizeof(channel->name) + 1];
        memcpy(name, channel->name, sizeof(channel->name));
        name[sizeof(channel->name)] = 0;
        channel->flags = channel_flags(name);
    }
    return channel->flags;
}

/* Is name (len bytes) already among the n entries of out? */
static int option_listed(const struct wine_debug_channel *out, size_t n, const char *name,
                         size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (!strncmp(out[i].name, name, sizeof(out[i].name)) && strlen(out[i].name) == len)
            return 1;
    return 0;
}

void debug_fill_options(void *table, size_t size)
{
    struct wine_debug_channel *out = table;
    size_t max = size / sizeof(*out), n = 0;
    const char *spec = winedebug_value();

    if (!max)
        return;
    for (const char *p = spec; *p && n + 1 < max;) {
        size_t len = strcspn(p, ",");
        const char *name = p;
        const char *sign = memchr(p, '+', len), *minus = memchr(p, '-', len);
        if (!sign || (minus && minus < sign))
            sign = minus;
        if (sign)
            name = sign + 1;
        size_t name_len = len - (size_t)(name - p);
        if (name_len && name_len < sizeof(out[0].name) &&
            !(name_len == 3 && !memcmp(name, "all", 3)) && !option_listed(out, n, name, name_len)) {
            struct wine_debug_channel c = { 0 };
            size_t at = n++;
            memcpy(c.name, name, name_len);
            c.flags = channel_flags(c.name);
            /* kept sorted: PE ntdll looks channels up by binary search */
            for (; at && strncmp(out[at - 1].name, c.name, sizeof(c.name)) > 0; at--)
                out[at] = out[at - 1];
            out[at] = c;
        }
        p += len + (p[len] == ',');
    }
    memset(&out[n], 0, sizeof(out[n]));
    out[n].flags = channel_flags(NULL);
}

int NTAPI KERNEL_EXPORT __wine_dbg_output(const char *str)
{
    size_t len = strlen(str);

    host_debug_write(str, len);
    return (int)len;
}

int NTAPI KERNEL_EXPORT __wine_dbg_header(int cls, struct wine_debug_channel *channel,
                                          const char *function)
{
    char buf[128];
    int n;

    if (cls < 0 || cls > DBCL_TRACE || !(__wine_dbg_get_channel_flags(channel) & (1 << cls)))
        return -1;
    n = snprintf(buf, sizeof(buf), "%04x:%s:%.15s:%s ",
                 (unsigned)(uintptr_t)current_teb()->ClientId.UniqueThread, class_names[cls],
                 channel->name, function ? function : "");
    if (n < 0)
        return -1;
    if ((size_t)n >= sizeof(buf))
        n = sizeof(buf) - 1;
    host_debug_write(buf, (size_t)n);
    return n;
}

/* A copy that lives long enough for one debug line: a ring of buffers
 * shared by all threads, as the strings only feed the next output. */
KERNEL_EXPORT const char *NTAPI __wine_dbg_strdup(const char *str)
{
    static char ring[32][512];
    static uint32_t next;
    char *buf = ring[__atomic_fetch_add(&next, 1, __ATOMIC_RELAXED) % ARRAY_SIZE(ring)];
    size_t len = strlen(str);

    if (len >= sizeof(ring[0]))
        len = sizeof(ring[0]) - 1;
    memcpy(buf, str, len);
    buf[len] = 0;
    return buf;
}

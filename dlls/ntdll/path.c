/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * path.c - NT file names -> drives -> host paths, and back.
 *
 * Drives: C: is <instance>/drive_c, Z: is the host root "/".  The host
 * policy decides what is reachable; we only map names.  Windows semantics
 * applied here: names are matched without case against the host directory
 * (the exact spelling is tried first, so a lookup of an existing file in
 * its own case costs one host_uri_attr), trailing dots and spaces are
 * dropped from components, "." and ".." are resolved lexically and never
 * climb above the drive root, forbidden characters are refused.  A name
 * C:\windows\system32\X that the instance lacks is looked up in Wine's DLL
 * directory, so that Wine's PE DLLs appear there read-only, as they do in
 * a Wine prefix.
 *
 * Divisions of this file:
 *   1. pure name handling: prefixes, components, matching (unit-tested)
 *   2. host lookups: attributes, directory scans, resolution
 *   3. conversions for the rest of the kernel (kernel.h) and the two Wine
 *      helper syscalls wine_nt_to_unix_file_name / wine_unix_to_nt_file_name
 */
#include "file.h"

/* ------------------------------------------------------------------------ */
/* 1. Pure name handling                                                    */
/* ------------------------------------------------------------------------ */

static WCHAR ascii_up(WCHAR c)
{
    return (c >= 'a' && c <= 'z') ? c - 32 : c;
}

/* Does s[0..len) start with the ASCII literal lit, without case? */
static int starts_with(const WCHAR *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    if (len < n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (ascii_up(s[i]) != ascii_up((unsigned char)lit[i]))
            return 0;
    return 1;
}

/* Is s[0..len) a component equal to lit, ending at len or a backslash? */
static int is_component(const WCHAR *s, size_t len, const char *lit)
{
    size_t n = strlen(lit);
    return starts_with(s, len, lit) && (len == n || s[n] == '\\');
}

static int has_backslash(const WCHAR *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\\')
            return 1;
    return 0;
}

static void set_rest(struct path_prefix *out, enum path_target target, const WCHAR *rest,
                     size_t len)
{
    out->target = target;
    out->rest = rest;
    out->rest_len = len;
}

/* A name below \??\ (also \DosDevices\, \GLOBAL??\). */
static NTSTATUS parse_dos(const WCHAR *s, size_t len, struct path_prefix *out)
{
    if (len >= 2 && s[1] == ':' && ascii_up(s[0]) >= 'A' && ascii_up(s[0]) <= 'Z') {
        if (len > 2 && s[2] != '\\')
            return STATUS_OBJECT_NAME_INVALID;      /* "C:foo" is not absolute */
        switch (ascii_up(s[0])) {
        case 'C': out->root = PATH_ROOT_C; break;
        case 'Z': out->root = PATH_ROOT_Z; break;
        default: return STATUS_OBJECT_PATH_NOT_FOUND;   /* no such drive */
        }
        set_rest(out, PATH_TARGET_FILE, s + 2, len - 2);
        return STATUS_SUCCESS;
    }
    /* Wine's spelling of a host path: \??\unix\/tmp/x or \??\unix/tmp/x */
    if (starts_with(s, len, "unix") && (len == 4 || s[4] == '\\' || s[4] == '/')) {
        out->root = PATH_ROOT_UNIX;
        set_rest(out, PATH_TARGET_FILE, s + 4, len - 4);
        return STATUS_SUCCESS;
    }
    if (is_component(s, len, "UNC"))
        return STATUS_OBJECT_PATH_NOT_FOUND;        /* no network */
    if (is_component(s, len, "PIPE")) {
        set_rest(out, PATH_TARGET_PIPE, s + 4, len - 4);
        return STATUS_SUCCESS;
    }
    if (is_component(s, len, "MAILSLOT")) {
        set_rest(out, PATH_TARGET_MAILSLOT, s + 8, len - 8);
        return STATUS_SUCCESS;
    }
    static const struct { const char *name; enum path_target target; } devices[] = {
        { "CON", PATH_TARGET_CON },
        { "CONIN$", PATH_TARGET_CONIN },
        { "CONOUT$", PATH_TARGET_CONOUT },
        { "NUL", PATH_TARGET_NULL },
    };
    for (size_t i = 0; i < ARRAY_SIZE(devices); i++) {
        if (len == strlen(devices[i].name) && starts_with(s, len, devices[i].name)) {
            set_rest(out, devices[i].target, s + len, 0);
            return STATUS_SUCCESS;
        }
    }
    if (!len)
        return STATUS_OBJECT_NAME_INVALID;
    return has_backslash(s, len) ? STATUS_OBJECT_PATH_NOT_FOUND : STATUS_OBJECT_NAME_NOT_FOUND;
}

/* A name below \Device\. */
static NTSTATUS parse_device(const WCHAR *s, size_t len, struct path_prefix *out)
{
    static const struct { const char *name; enum path_target target; enum path_root root; } devs[] = {
        { "HarddiskVolume1", PATH_TARGET_FILE, PATH_ROOT_C },
        { "HarddiskVolume2", PATH_TARGET_FILE, PATH_ROOT_Z },
        { "Null", PATH_TARGET_NULL, 0 },
        { "NamedPipe", PATH_TARGET_PIPE, 0 },
        { "Mailslot", PATH_TARGET_MAILSLOT, 0 },
        { "ConDrv", PATH_TARGET_CONDRV, 0 },
    };
    for (size_t i = 0; i < ARRAY_SIZE(devs); i++) {
        size_t n = strlen(devs[i].name);
        if (!is_component(s, len, devs[i].name))
            continue;
        if (devs[i].target == PATH_TARGET_NULL && len != n)
            return STATUS_OBJECT_PATH_NOT_FOUND;
        out->root = devs[i].root;
        set_rest(out, devs[i].target, s + n, len - n);
        return STATUS_SUCCESS;
    }
    return has_backslash(s, len) ? STATUS_OBJECT_PATH_NOT_FOUND : STATUS_OBJECT_NAME_NOT_FOUND;
}

NTSTATUS path_parse_prefix(const WCHAR *name, size_t len, struct path_prefix *out)
{
    memset(out, 0, sizeof(*out));
    if (!len || name[0] != '\\')
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    /* \??\GLOBALROOT is the object root itself: \??\GLOBALROOT\Device\Null */
    if (starts_with(name, len, "\\??\\GLOBALROOT") && len > 14 && name[14] == '\\')
        return path_parse_prefix(name + 14, len - 14, out);
    static const char *const dos_prefixes[] = { "\\??\\", "\\DosDevices\\", "\\GLOBAL??\\" };
    for (size_t i = 0; i < ARRAY_SIZE(dos_prefixes); i++) {
        size_t n = strlen(dos_prefixes[i]);
        if (starts_with(name, len, dos_prefixes[i]))
            return parse_dos(name + n, len - n, out);
    }
    if (starts_with(name, len, "\\Device\\"))
        return parse_device(name + 8, len - 8, out);
    /* another part of the object namespace: not a file */
    return has_backslash(name + 1, len - 1) ? STATUS_OBJECT_PATH_NOT_FOUND
                                             : STATUS_OBJECT_NAME_NOT_FOUND;
}

/* Characters Windows refuses in a file name component. */
static int is_invalid_char(WCHAR c)
{
    return c < 32 || c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' ||
           c == '*' || c == '/';
}

static int comps_push(struct path_comps *c, size_t *cap, const WCHAR *s, size_t len)
{
    if (c->n == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        struct path_comp *v = krealloc(c->v, ncap * sizeof(*v));
        if (!v)
            return 0;
        c->v = v;
        *cap = ncap;
    }
    c->v[c->n].s = s;
    c->v[c->n].len = len;
    c->n++;
    return 1;
}

/* Check and trim one Windows component; returns its new length or 0. */
static size_t windows_component(const WCHAR *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (is_invalid_char(s[i]))
            return 0;
    while (len && (s[len - 1] == '.' || s[len - 1] == ' '))
        len--;
    return len;
}

static int is_separator(WCHAR c, int unix_names)
{
    return c == '\\' || (unix_names && c == '/');
}

NTSTATUS path_split(const WCHAR *rest, size_t len, int unix_names, struct path_comps *out)
{
    size_t cap = 0, i = 0;

    memset(out, 0, sizeof(*out));
    while (i < len) {
        size_t j = i;
        while (j < len && !is_separator(rest[j], unix_names))
            j++;
        const WCHAR *s = rest + i;
        size_t n = j - i;
        i = j < len ? j + 1 : j;
        if (!n || (n == 1 && s[0] == '.'))
            continue;
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            if (out->n)
                out->n--;               /* lexical, and never above the start */
            continue;
        }
        if (unix_names) {
            for (size_t k = 0; k < n; k++)
                if (!s[k])
                    goto invalid;
        } else if (!(n = windows_component(s, n))) {
            goto invalid;
        }
        if (!comps_push(out, &cap, s, n)) {
            path_comps_free(out);
            return STATUS_NO_MEMORY;
        }
    }
    out->trailing_sep = len && is_separator(rest[len - 1], unix_names);
    return STATUS_SUCCESS;
invalid:
    path_comps_free(out);
    return STATUS_OBJECT_NAME_INVALID;
}

void path_comps_free(struct path_comps *c)
{
    kfree(c->v);
    c->v = NULL;
    c->n = 0;
}

int path_name_equal(const char *host_name, const WCHAR *comp, size_t len)
{
    WCHAR buf[260];
    size_t hlen = strlen(host_name);
    if (hlen > 255 * 4)
        return 0;
    int n = utf8_to_utf16(host_name, hlen, buf, ARRAY_SIZE(buf));
    if (n < 0 || (size_t)n != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (kupcase(buf[i]) != kupcase(comp[i]))
            return 0;
    return 1;
}

/*
 * Wildcard matching as a set of live mask positions (an NFA walk), so that
 * masks full of '*' cost O(name * mask) and never backtrack.  live[j]
 * means "the name so far can be matched by mask[0..j)".
 */

/* Let live positions step over mask characters that can match nothing
 * here.  at_end: the name is consumed; c: the next name character. */
static void mask_closure(const WCHAR *mask, size_t mlen, unsigned char *live, int at_end, WCHAR c)
{
    for (size_t j = 0; j < mlen; j++) {
        if (!live[j])
            continue;
        switch (mask[j]) {
        case '*':
        case '<':
            live[j + 1] = 1;
            break;
        case '>':
            if (at_end || c == '.')
                live[j + 1] = 1;
            break;
        case '"':
        case '.':
            if (at_end)
                live[j + 1] = 1;
            break;
        }
    }
}

/* Advance the live positions over name character c (position i). */
static void mask_step(const WCHAR *mask, size_t mlen, const unsigned char *live,
                      unsigned char *next, WCHAR c, int before_last_dot)
{
    memset(next, 0, mlen + 1);
    for (size_t j = 0; j < mlen; j++) {
        if (!live[j])
            continue;
        switch (mask[j]) {
        case '*':
            next[j] = 1;
            break;
        case '<':
            if (c != '.' || before_last_dot)
                next[j] = 1;
            break;
        case '?':
            next[j + 1] = 1;
            break;
        case '>':
            if (c != '.')
                next[j + 1] = 1;
            break;
        case '"':
            if (c == '.')
                next[j + 1] = 1;
            break;
        default:
            if (kupcase(mask[j]) == kupcase(c))
                next[j + 1] = 1;
            break;
        }
    }
}

int path_mask_match(const WCHAR *name, size_t len, const WCHAR *mask, size_t mlen)
{
    unsigned char small[2][258], *live, *next;
    size_t last_dot = (size_t)-1;
    int result;

    if (mlen + 1 <= sizeof(small[0])) {
        live = small[0];
        next = small[1];
    } else if (!(live = kmalloc(2 * (mlen + 1)))) {
        return 0;
    } else {
        next = live + mlen + 1;
    }
    for (size_t i = 0; i < len; i++)
        if (name[i] == '.')
            last_dot = i;
    memset(live, 0, mlen + 1);
    live[0] = 1;
    for (size_t i = 0; i < len; i++) {
        mask_closure(mask, mlen, live, 0, name[i]);
        mask_step(mask, mlen, live, next, name[i], last_dot != (size_t)-1 && i < last_dot);
        unsigned char *t = live;
        live = next;
        next = t;
    }
    mask_closure(mask, mlen, live, 1, 0);
    result = live[mlen];
    if (live != small[0] && live != small[1])
        kfree(live < next ? live : next);
    return result;
}

void path_normalize_host(char *path)
{
    char *out = path, *p = path;

    while (*p) {
        while (*p == '/')
            p++;
        char *start = p;
        while (*p && *p != '/')
            p++;
        size_t n = p - start;
        if (!n || (n == 1 && start[0] == '.'))
            continue;
        if (n == 2 && start[0] == '.' && start[1] == '.') {
            while (out > path && out[-1] != '/')
                out--;
            if (out > path)
                out--;              /* drop the slash too */
            continue;
        }
        *out++ = '/';
        memmove(out, start, n);
        out += n;
    }
    if (out == path)
        *out++ = '/';
    *out = 0;
}

/* ------------------------------------------------------------------------ */
/* 2. Host lookups                                                          */
/* ------------------------------------------------------------------------ */

char *path_make_uri(const char *scheme, const char *host)
{
    size_t a = strlen(scheme), b = strlen(host);
    char *uri = kmalloc(a + b + 1);
    if (!uri)
        return NULL;
    memcpy(uri, scheme, a);
    memcpy(uri + a, host, b + 1);
    return uri;
}

char *path_join(const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    if (a == 1 && dir[0] == '/')
        a = 0;                      /* the root: no double slash */
    char *p = kmalloc(a + b + 2);
    if (!p)
        return NULL;
    memcpy(p, dir, a);
    p[a] = '/';
    memcpy(p + a + 1, name, b + 1);
    return p;
}

/* host_uri_attr on "file:" + path. */
static int attr_of(const char *path, struct host_attr *attr)
{
    char small[512];
    char *uri = small;
    size_t n = strlen(path);
    int r;

    if (n + 6 > sizeof(small) && !(uri = kmalloc(n + 6)))
        return HOST_ENOMEM;
    memcpy(uri, "file:", 5);
    memcpy(uri + 5, path, n + 1);
    r = host_uri_attr(uri, attr);
    if (uri != small)
        kfree(uri);
    return r;
}

NTSTATUS path_scan_dir(const char *path, int (*visit)(void *, const struct host_dirent *),
                       void *ctx)
{
    char *uri = path_make_uri("dir:", path);
    struct host_dirent *ent;
    host_stream_t s;
    int r;

    if (!uri)
        return STATUS_NO_MEMORY;
    r = host_stream_open(uri, HOST_OPEN_READ, &s);
    kfree(uri);
    if (r < 0)
        return status_from_host(r);
    if (!(ent = kmalloc(sizeof(*ent)))) {
        host_stream_close(s);
        return STATUS_NO_MEMORY;
    }
    for (uint64_t i = 0;; i++) {
        if ((r = host_dir_read(s, i, ent)) < 0)
            break;
        if (visit(ctx, ent))
            break;
    }
    kfree(ent);
    host_stream_close(s);
    return r == HOST_ENOENT || r >= 0 ? STATUS_SUCCESS : status_from_host(r);
}

struct find_ctx {
    const WCHAR *comp;
    size_t len;
    char *found;                    /* kmalloc'ed host name */
};

static int find_visit(void *p, const struct host_dirent *ent)
{
    struct find_ctx *ctx = p;
    if (!strcmp(ent->name, ".") || !strcmp(ent->name, ".."))
        return 0;
    if (!path_name_equal(ent->name, ctx->comp, ctx->len))
        return 0;
    ctx->found = kstrdup(ent->name);
    return 1;
}

/* The host spelling of comp inside dir (whose attributes dir_attr are, if
 * known), matched without case; NULL if none. */
static char *find_in_dir(const char *dir, const struct host_attr *dir_attr, const WCHAR *comp,
                         size_t len)
{
    struct find_ctx ctx = { comp, len, NULL };

    if (dircache_find(dir, dir_attr, comp, len, &ctx.found))
        return ctx.found;
    path_scan_dir(dir, find_visit, &ctx);
    return ctx.found;
}

static char *comp_utf8(const struct path_comp *c)
{
    return utf16_to_utf8_alloc(c->s, c->len);
}

/* dir + "/" + the components [from, to) in UTF-8, as spelled: one
 * allocation (this runs on every name lookup). */
static char *join_comps(const char *dir, const struct path_comps *comps, size_t from, size_t to)
{
    size_t a = strlen(dir), cap;
    char *path;

    if (a == 1 && dir[0] == '/' && from < to)
        a = 0;                      /* the root: no double slash */
    cap = a + 1;
    for (size_t k = from; k < to; k++)
        cap += 1 + comps->v[k].len * 3;
    if (!(path = kmalloc(cap)))
        return NULL;
    memcpy(path, dir, a);
    size_t n = a;
    for (size_t k = from; k < to; k++) {
        path[n++] = '/';
        int m = utf16_to_utf8(comps->v[k].s, comps->v[k].len, path + n, cap - n);
        if (m < 0) {
            kfree(path);
            return NULL;
        }
        n += (size_t)m;
    }
    path[n] = 0;
    return path;
}

int path_is_system_dir(const char *host)
{
    static const char tail[] = "/drive_c/windows/system32";
    const char *inst = kernel.instance_dir;
    size_t n;

    if (!inst)
        return 0;
    n = strlen(inst);
    return !strncmp(host, inst, n) && !strcmp(host + n, tail);
}

/*
 * One step of the walk: the child comp of dir, exact spelling first, then
 * a scan of dir without case.  On success *out is the child's host path
 * (found or not) and *found says whether it exists.
 */
static NTSTATUS resolve_child(const char *dir, const struct host_attr *dir_attr,
                              const struct path_comp *comp, int ci, int known_missing, char **out,
                              struct host_attr *attr, int *found)
{
    char *name = comp_utf8(comp), *path;
    int r = HOST_ENOENT;

    *found = 0;
    *out = NULL;
    if (!name || !(path = path_join(dir, name))) {
        kfree(name);
        return STATUS_NO_MEMORY;
    }
    kfree(name);
    if (!known_missing)
        r = attr_of(path, attr);
    if (r == HOST_ENOENT && ci) {
        char *host_name = find_in_dir(dir, dir_attr, comp->s, comp->len);
        if (host_name) {
            char *alt = path_join(dir, host_name);
            kfree(host_name);
            if (!alt) {
                kfree(path);
                return STATUS_NO_MEMORY;
            }
            kfree(path);
            path = alt;
            r = attr_of(path, attr);
        }
    }
    if (r == HOST_OK || r == HOST_ENOENT) {
        *found = r == HOST_OK;
        *out = path;
        return STATUS_SUCCESS;
    }
    kfree(path);
    return r == HOST_ENOTDIR ? STATUS_OBJECT_PATH_NOT_FOUND : status_from_host(r);
}

/* C:\windows\system32\X missing from the instance: Wine's DLL directory. */
static int try_fallback(const char *parent, const struct path_comp *comp,
                        struct path_result *out)
{
    char *path;
    struct host_attr attr;
    int found;

    if (!kernel.wine_dll_dir || !path_is_system_dir(parent))
        return 0;
    if (resolve_child(kernel.wine_dll_dir, NULL, comp, 1, 0, &path, &attr, &found) || !found ||
        attr.type != HOST_TYPE_FILE) {
        kfree(path);
        return 0;
    }
    kfree(out->host);
    out->host = path;
    out->attr = attr;
    out->exists = 1;
    out->fallback = 1;
    return 1;
}

/* Walk the components [start, n) from cur, which exists (with attributes
 * cur_attr).  When last_missing, the whole name is known to be missing as
 * spelled. */
static NTSTATUS resolve_walk(char *cur, struct host_attr cur_attr, const struct path_comps *comps,
                             size_t start, int ci, int last_missing, struct path_result *out)
{
    for (size_t k = start; k < comps->n; k++) {
        char *next;
        struct host_attr attr;
        int found, last = k + 1 == comps->n;
        NTSTATUS st = resolve_child(cur, &cur_attr, &comps->v[k], ci, last && last_missing, &next,
                                    &attr, &found);

        if (st) {
            kfree(cur);
            return st;
        }
        if (!found) {
            out->host = next;
            out->exists = 0;
            if (last)
                try_fallback(cur, &comps->v[k], out);
            kfree(cur);
            if (last)
                return STATUS_SUCCESS;
            path_result_free(out);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
        kfree(cur);
        cur = next;
        cur_attr = attr;
        if (!last && attr.type != HOST_TYPE_DIR) {
            kfree(cur);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
        if (last) {
            out->attr = attr;
            out->exists = 1;
        }
    }
    out->host = cur;
    return STATUS_SUCCESS;
}

/*
 * The longest prefix base + comps[0..k) (k < n) that exists as spelled, so
 * that the walk without case starts as deep as it can and never looks at
 * directories above it (the policy may deny them, and would log it).
 */
static NTSTATUS deepest_existing(const char *base, const struct path_comps *comps, size_t *k_out,
                                 char **prefix_out, struct host_attr *attr)
{
    for (size_t k = comps->n - 1;; k--) {
        char *prefix = join_comps(base, comps, 0, k);
        int r;

        if (!prefix)
            return STATUS_NO_MEMORY;
        r = attr_of(prefix, attr);
        if (r == HOST_OK && attr->type == HOST_TYPE_DIR) {
            *k_out = k;
            *prefix_out = prefix;
            return STATUS_SUCCESS;
        }
        kfree(prefix);
        if (r == HOST_OK || r == HOST_ENOTDIR)
            return STATUS_OBJECT_PATH_NOT_FOUND;   /* a file where a directory should be */
        if (r != HOST_ENOENT || !k)
            return r == HOST_ENOENT ? STATUS_OBJECT_PATH_NOT_FOUND : status_from_host(r);
    }
}

/*
 * A name in a directory whose names dircache.c keeps: one attribute lookup
 * of the directory tells whether they are still its names, and they answer
 * for the name, in any case.  The loader's probes for each DLL in the
 * program's directory and in system32 then cost that one lookup, not also
 * a lookup of the missing name.  1 when *st is the answer; 0: resolve as
 * usual (the names are not kept, or the directory is not there as
 * spelled).
 */
static int resolve_listed(const char *base, const struct path_comps *comps,
                          struct path_result *out, NTSTATUS *st)
{
    struct host_attr attr;
    char *dir;

    if (!comps->n || !(dir = join_comps(base, comps, 0, comps->n - 1)))
        return 0;
    if (!dircache_holds(dir) || attr_of(dir, &attr) != HOST_OK || attr.type != HOST_TYPE_DIR) {
        kfree(dir);
        return 0;
    }
    *st = resolve_walk(dir, attr, comps, comps->n - 1, 1, 1, out);
    return 1;
}

NTSTATUS path_resolve(const char *base, const struct path_comps *comps, int ci,
                      struct path_result *out)
{
    char *full, *prefix = NULL;
    struct host_attr attr;
    size_t k = 0;
    NTSTATUS st;
    int r;

    memset(out, 0, sizeof(*out));
    if (ci && resolve_listed(base, comps, out, &st))
        return st;
    if (!(full = join_comps(base, comps, 0, comps->n)))
        return STATUS_NO_MEMORY;
    /* the fast path: the name exists as spelled */
    r = attr_of(full, &attr);
    if (r == HOST_OK) {
        out->host = full;
        out->attr = attr;
        out->exists = 1;
        return STATUS_SUCCESS;
    }
    if (r != HOST_ENOENT || !comps->n) {
        kfree(full);
        if (r == HOST_ENOTDIR || r == HOST_ENOENT)
            return STATUS_OBJECT_PATH_NOT_FOUND;    /* or the drive root is missing */
        return status_from_host(r);
    }
    if ((st = deepest_existing(base, comps, &k, &prefix, &attr))) {
        kfree(full);
        return st;
    }
    if (!ci) {
        /* case-sensitive names: missing as spelled is missing */
        kfree(prefix);
        if (k + 1 != comps->n) {
            kfree(full);
            return STATUS_OBJECT_PATH_NOT_FOUND;
        }
        out->host = full;
        return STATUS_SUCCESS;
    }
    kfree(full);
    /* starting at the parent, the full name is already known to be
       missing as spelled: go straight to the scan */
    return resolve_walk(prefix, attr, comps, k, ci, k + 1 == comps->n, out);
}

void path_result_free(struct path_result *res)
{
    kfree(res->host);
    res->host = NULL;
}

/* C:'s host directory, made once (every name lookup asks). */
static char *drive_c;

void path_resumed(void)
{
    /* a snapshot's, of the instance it was taken in: made again from the
       instance the program resumes in */
    drive_c = NULL;
}

/* The host directory of a drive. */
static NTSTATUS drive_base(enum path_root root, const char **base)
{

    if (root != PATH_ROOT_C) {
        *base = "/";
        return STATUS_SUCCESS;
    }
    if (!kernel.instance_dir)
        return STATUS_OBJECT_PATH_NOT_FOUND;
    char *dir = __atomic_load_n(&drive_c, __ATOMIC_ACQUIRE), *expected = NULL;
    if (!dir) {
        if (!(dir = path_join(kernel.instance_dir, "drive_c")))
            return STATUS_NO_MEMORY;
        if (!__atomic_compare_exchange_n(&drive_c, &expected, dir, 0, __ATOMIC_ACQ_REL,
                                         __ATOMIC_ACQUIRE)) {
            kfree(dir);         /* another thread made it first */
            dir = expected;
        }
    }
    *base = dir;
    return STATUS_SUCCESS;
}

/* Is host the directory dir (n bytes long) or below it? */
static int is_below(const char *host, const char *dir, size_t n)
{
    return n && !strncmp(host, dir, n) && (!host[n] || host[n] == '/');
}

/* Is host the instance's own bookkeeping (its registry database, its
 * marker, its runtime directory), which the program must not reach?
 * Everything under the instance directory but drive C: is the kernel's.
 * The host's policy cannot tell the kernel from the program (one
 * picoprocess), so the kernel refuses these names itself, whichever drive
 * they come through. */
static int instance_private(const char *host)
{
    const char *inst = kernel.instance_dir, *run = kernel.runtime_dir;
    size_t n = inst ? strlen(inst) : 0;

    /* the runtime directory holds the volatile registry: the kernel's only */
    if (run && is_below(host, run, strlen(run)))
        return 1;
    if (!is_below(host, inst, n))
        return 0;
    return strncmp(host + n, "/drive_c", 8) || (host[n + 8] && host[n + 8] != '/');
}

NTSTATUS path_lookup(const OBJECT_ATTRIBUTES *attr, enum path_target *target,
                     struct path_result *res, struct path_comps *comps_out)
{
    const UNICODE_STRING *name = attr->ObjectName;
    const WCHAR *s = name ? name->Buffer : NULL;
    size_t len = name ? name->Length / sizeof(WCHAR) : 0;
    struct path_comps comps;
    struct path_prefix pfx;
    const char *base;
    char *owned = NULL;         /* base, when it is ours to free */
    NTSTATUS st;
    int unix_names = 0;

    memset(res, 0, sizeof(*res));
    if (!name || (len && !s))
        return STATUS_OBJECT_PATH_SYNTAX_BAD;
    if (attr->RootDirectory) {
        if (len && s[0] == '\\')
            return STATUS_INVALID_PARAMETER;    /* relative names only */
        if ((st = file_root_path(attr->RootDirectory, &owned)))
            return st;
        base = owned;
        pfx.rest = s;
        pfx.rest_len = len;
        *target = PATH_TARGET_FILE;
    } else {
        if ((st = path_parse_prefix(s, len, &pfx)))
            return st;
        *target = pfx.target;
        if (pfx.target != PATH_TARGET_FILE) {
            res->rest = pfx.rest;
            res->rest_len = pfx.rest_len;
            return STATUS_SUCCESS;
        }
        unix_names = pfx.root == PATH_ROOT_UNIX;
        if ((st = drive_base(pfx.root, &base)))
            return st;
    }
    if ((st = path_split(pfx.rest, pfx.rest_len, unix_names, &comps))) {
        kfree(owned);
        return st;
    }
    st = path_resolve(base, &comps, !unix_names, res);
    kfree(owned);
    if (!st && res->host && instance_private(res->host)) {
        kfree(res->host);
        memset(res, 0, sizeof(*res));
        st = STATUS_ACCESS_DENIED;
    }
    if (comps_out && !st)
        *comps_out = comps;
    else
        path_comps_free(&comps);
    if (kernel.debug & KEEP_DEBUG_LOADER) {
        char *u = utf16_to_utf8_alloc(s, len);
        kernel_log("keep: path %s -> %s%s (%#x)\n", u ? u : "?", res->host ? res->host : "-",
                   res->exists ? "" : " (missing)", (unsigned)st);
        kfree(u);
    }
    return st;
}

/* ------------------------------------------------------------------------ */
/* 3. Conversions                                                           */
/* ------------------------------------------------------------------------ */

NTSTATUS path_nt_to_host(const UNICODE_STRING *nt, int case_insensitive, char **out_path)
{
    OBJECT_ATTRIBUTES attr = { .Length = sizeof(attr), .ObjectName = (UNICODE_STRING *)nt };
    struct path_result res;
    enum path_target target;
    NTSTATUS st;

    (void)case_insensitive;     /* drive names always match without case, unix names never */
    *out_path = NULL;
    if ((st = path_lookup(&attr, &target, &res, NULL)))
        return st;
    if (target != PATH_TARGET_FILE)
        return STATUS_OBJECT_NAME_INVALID;
    *out_path = res.host;
    return res.exists ? STATUS_SUCCESS : STATUS_OBJECT_NAME_NOT_FOUND;
}

/* Host path -> "X:\..." in UTF-8 (drive letter, backslashes). */
static char *host_to_dos_utf8(const char *host)
{
    char *norm = kstrdup(host), *out = NULL;
    const char *rest = NULL;
    char drive = 'Z';
    const char *prefix = "";

    if (!norm)
        return NULL;
    path_normalize_host(norm);
    size_t ilen = kernel.instance_dir ? strlen(kernel.instance_dir) : 0;
    size_t wlen = kernel.wine_dll_dir ? strlen(kernel.wine_dll_dir) : 0;
    if (ilen && !strncmp(norm, kernel.instance_dir, ilen) && !strncmp(norm + ilen, "/drive_c", 8) &&
        (!norm[ilen + 8] || norm[ilen + 8] == '/')) {
        drive = 'C';
        rest = norm + ilen + 8;
    } else if (wlen && !strncmp(norm, kernel.wine_dll_dir, wlen) && norm[wlen] == '/' &&
               !strchr(norm + wlen + 1, '/')) {
        /* Wine's DLLs are C:\windows\system32\X (see try_fallback) */
        drive = 'C';
        prefix = "/windows/system32";
        rest = norm + wlen;
    } else {
        rest = norm;
    }
    size_t plen = strlen(prefix), rlen = strlen(rest);
    if ((out = kmalloc(2 + plen + rlen + 2))) {
        out[0] = drive;
        out[1] = ':';
        memcpy(out + 2, prefix, plen);
        memcpy(out + 2 + plen, rest, rlen + 1);
        if (!out[2] || !strcmp(out + 2, "/"))
            strcpy(out + 2, "\\");
        for (char *p = out; *p; p++)
            if (*p == '/')
                *p = '\\';
    }
    kfree(norm);
    return out;
}

static NTSTATUS host_to_wide(const char *host, const char *nt_prefix, WCHAR **out,
                             size_t *out_len)
{
    char *dos = host_to_dos_utf8(host);
    size_t plen = strlen(nt_prefix);
    WCHAR *w;
    int n;

    if (!dos)
        return STATUS_NO_MEMORY;
    size_t dlen = strlen(dos);
    if (!(w = kmalloc((plen + dlen + 1) * sizeof(WCHAR)))) {
        kfree(dos);
        return STATUS_NO_MEMORY;
    }
    for (size_t i = 0; i < plen; i++)
        w[i] = (unsigned char)nt_prefix[i];
    n = utf8_to_utf16(dos, dlen, w + plen, dlen + 1);
    kfree(dos);
    if (n < 0) {
        kfree(w);
        return STATUS_OBJECT_NAME_INVALID;      /* the host name is not UTF-8 */
    }
    w[plen + n] = 0;
    *out = w;
    if (out_len)
        *out_len = plen + n;
    return STATUS_SUCCESS;
}

NTSTATUS path_host_to_nt(const char *host, WCHAR **out, size_t *out_len)
{
    return host_to_wide(host, "\\??\\", out, out_len);
}

NTSTATUS path_host_to_dos(const char *host, WCHAR **out, size_t *out_len)
{
    return host_to_wide(host, "", out, out_len);
}

/*
 * wine_nt_to_unix_file_name: kernel32's wine_get_unix_file_name.  As in
 * Wine, a missing last component is an answer (STATUS_NO_SUCH_FILE, name
 * filled in) unless the caller wanted to open an existing file.
 */
NTSTATUS NTAPI KERNEL_EXPORT wine_nt_to_unix_file_name(const OBJECT_ATTRIBUTES *attr, char *name,
                                                       ULONG *size, UINT disposition)
{
    struct path_result res;
    enum path_target target;
    NTSTATUS st;

    if (!attr || !size)
        return STATUS_INVALID_PARAMETER;
    if ((st = path_lookup(attr, &target, &res, NULL)))
        return st;
    if (target != PATH_TARGET_FILE)
        return STATUS_BAD_DEVICE_TYPE;
    if (!res.exists) {
        if (disposition == FILE_OPEN || disposition == FILE_OVERWRITE) {
            path_result_free(&res);
            return STATUS_OBJECT_NAME_NOT_FOUND;
        }
        st = STATUS_NO_SUCH_FILE;
    }
    size_t n = strlen(res.host);
    if (*size > n && name)
        memcpy(name, res.host, n + 1);
    else
        st = STATUS_BUFFER_TOO_SMALL;
    *size = n + 1;
    path_result_free(&res);
    return st;
}
SYSCALL(wine_nt_to_unix_file_name);

/* wine_unix_to_nt_file_name: an absolute host path -> "\??\C:\..." or "\??\Z:\...". */
NTSTATUS NTAPI KERNEL_EXPORT wine_unix_to_nt_file_name(const char *name, WCHAR *buffer,
                                                       ULONG *size)
{
    WCHAR *nt;
    size_t len;
    NTSTATUS st;

    if (!name || !size || name[0] != '/')
        return STATUS_INVALID_PARAMETER;    /* relative paths are not supported */
    if ((st = path_host_to_nt(name, &nt, &len)))
        return st;
    if (*size > len && buffer)
        memcpy(buffer, nt, (len + 1) * sizeof(WCHAR));
    else
        st = STATUS_BUFFER_TOO_SMALL;
    *size = len + 1;
    kfree(nt);
    return st;
}
SYSCALL(wine_unix_to_nt_file_name);

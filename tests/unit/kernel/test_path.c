/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_path.c - the kernel's path layer (dlls/ntdll/path.c): NT name
 * parsing, component normalisation, name and wildcard matching, and the
 * case-insensitive resolution against a fake host.
 *
 * The fake host is a table of paths with types; host_uri_attr,
 * host_stream_open("dir:") and host_dir_read answer from it, and count
 * their calls so that tests can check what a lookup costs.  Paths under a
 * "denied" prefix answer HOST_EACCES, as the policy would.  kmalloc and
 * friends are the C library's here.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"

/* ---- The fake host ---------------------------------------------------------- */

struct fake_node {
    const char *path;
    unsigned type;
};

static const struct fake_node fake_fs[] = {
    { "/", HOST_TYPE_DIR },
    { "/inst", HOST_TYPE_DIR },
    { "/inst/drive_c", HOST_TYPE_DIR },
    { "/inst/drive_c/windows", HOST_TYPE_DIR },
    { "/inst/drive_c/windows/system32", HOST_TYPE_DIR },
    { "/inst/drive_c/windows/system32/own.dll", HOST_TYPE_FILE },
    { "/inst/drive_c/windows/system32/Shadow.dll", HOST_TYPE_FILE },
    { "/inst/drive_c/Program Files", HOST_TYPE_DIR },
    { "/inst/drive_c/Program Files/App", HOST_TYPE_DIR },
    { "/inst/drive_c/Program Files/App/Data.TXT", HOST_TYPE_FILE },
    { "/inst/drive_c/Program Files/App/\xc3\xa9t\xc3\xa9.txt", HOST_TYPE_FILE },
    { "/wine", HOST_TYPE_DIR },
    { "/wine/kernel32.dll", HOST_TYPE_FILE },
    { "/wine/shadow.dll", HOST_TYPE_FILE },
    { "/wine/sub", HOST_TYPE_DIR },
    { "/work", HOST_TYPE_DIR },
    { "/work/cwd", HOST_TYPE_DIR },
    { "/work/cwd/Foo.TXT", HOST_TYPE_FILE },
    { "/work/cwd/plain", HOST_TYPE_FILE },
    { "/secret", HOST_TYPE_DIR },
    { "/secret/key", HOST_TYPE_FILE },
};

/* One more file a test can make appear, as another process would create
 * it (the test also moves the directory's times, as the host would). */
static struct fake_node extra_node;
/* Added to the ids of directories: a directory replaced by another one
 * under the same name (renamed away, a new one made) has another id. */
static uint64_t dir_id_bias;

static const char *denied_prefix = "/secret";
static int attr_calls, scan_calls, denied_calls;
/* The host's clock, and when the directories last changed: "now" unless a
 * test makes them old (dircache.c keeps only directories unchanged for a
 * while). */
#define FAKE_NOW_NS (1000LL * 1000000000LL)
static int64_t dir_mtime_ns = FAKE_NOW_NS;
static int dir_streams[16];

static const struct fake_node *fake_find(const char *path)
{
    for (size_t i = 0; i < sizeof(fake_fs) / sizeof(fake_fs[0]); i++)
        if (!strcmp(fake_fs[i].path, path))
            return &fake_fs[i];
    if (extra_node.path && !strcmp(extra_node.path, path))
        return &extra_node;
    return NULL;
}

static int fake_denied(const char *path)
{
    size_t n = strlen(denied_prefix);
    if (!strncmp(path, denied_prefix, n) && (!path[n] || path[n] == '/')) {
        denied_calls++;
        return 1;
    }
    return 0;
}

/* ENOTDIR when a proper prefix is a file, else ENOENT. */
static int fake_missing(const char *path)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *slash = strrchr(buf, '/'); slash && slash != buf; slash = strrchr(buf, '/')) {
        *slash = 0;
        const struct fake_node *n = fake_find(buf);
        if (n && n->type == HOST_TYPE_FILE)
            return HOST_ENOTDIR;
    }
    return HOST_ENOENT;
}

int host_uri_attr(const char *uri, struct host_attr *attr)
{
    const char *path = uri + 5;
    const struct fake_node *n;

    attr_calls++;
    ck_assert(!strncmp(uri, "file:", 5));
    if (fake_denied(path))
        return HOST_EACCES;
    if (!(n = fake_find(path)))
        return fake_missing(path);
    memset(attr, 0, sizeof(*attr));
    attr->type = n->type;
    attr->file_id = n == &extra_node ? 99 : (uint64_t)(n - fake_fs) + 100;
    if (n->type == HOST_TYPE_DIR) {
        attr->mtime_ns = attr->ctime_ns = dir_mtime_ns;
        attr->file_id += dir_id_bias;
    }
    attr->device_id = 1;
    return HOST_OK;
}

int host_stream_open(const char *uri, unsigned flags, host_stream_t *out)
{
    const struct fake_node *n;

    (void)flags;
    ck_assert(!strncmp(uri, "dir:", 4));
    scan_calls++;
    if (fake_denied(uri + 4))
        return HOST_EACCES;
    if (!(n = fake_find(uri + 4)))
        return HOST_ENOENT;
    if (n->type != HOST_TYPE_DIR)
        return HOST_ENOTDIR;
    for (int i = 0; i < 16; i++) {
        if (!dir_streams[i]) {
            dir_streams[i] = (int)(n - fake_fs) + 1;
            *out = i;
            return HOST_OK;
        }
    }
    return HOST_ENOMEM;
}

int host_stream_close(host_stream_t s)
{
    dir_streams[s] = 0;
    return HOST_OK;
}

/* ".", "..", then the children of the directory in table order. */
int host_dir_read(host_stream_t s, uint64_t offset, struct host_dirent *ent)
{
    const char *dir = fake_fs[dir_streams[s] - 1].path;
    size_t dlen = strcmp(dir, "/") ? strlen(dir) : 0;
    uint64_t k = 0;

    if (offset < 2) {
        snprintf(ent->name, sizeof(ent->name), "%s", offset ? ".." : ".");
        ent->type = HOST_TYPE_DIR;
        return HOST_OK;
    }
    for (size_t i = 0; i <= sizeof(fake_fs) / sizeof(fake_fs[0]); i++) {
        const struct fake_node *n = i < sizeof(fake_fs) / sizeof(fake_fs[0]) ? &fake_fs[i]
                                                                              : &extra_node;
        const char *p = n->path;
        if (!p || strncmp(p, dir, dlen) || p[dlen] != '/' || !p[dlen + 1] ||
            strchr(p + dlen + 1, '/'))
            continue;
        if (k++ == offset - 2) {
            snprintf(ent->name, sizeof(ent->name), "%s", p + dlen + 1);
            ent->type = n->type;
            return HOST_OK;
        }
    }
    return HOST_ENOENT;
}

int host_time_get(unsigned clock, int64_t *out_ns)
{
    (void)clock;
    *out_ns = FAKE_NOW_NS;
    return HOST_OK;
}

/* One thread: a lock is never contended. */
int host_futex_wait(volatile uint32_t *addr, uint32_t expected, const int64_t *timeout_ns,
                    unsigned flags)
{
    (void)addr, (void)expected, (void)timeout_ns, (void)flags;
    ck_abort_msg("futex wait in a single-threaded test");
    return HOST_EINVAL;
}

int host_futex_wake(volatile uint32_t *addr, int count)
{
    (void)addr, (void)count;
    return 0;
}

void host_debug_write(const char *text, size_t size)
{
    fwrite(text, 1, size, stderr);
}

void host_process_exit(int code)
{
    exit(code);
}

/* ---- The rest of the kernel the path layer leans on --------------------------- */

void *kmalloc(size_t size) { return malloc(size ? size : 1); }
void *kzalloc(size_t size) { return calloc(1, size ? size : 1); }
void *krealloc(void *p, size_t size) { return realloc(p, size); }
void kfree(void *p) { free(p); }
char *kstrdup(const char *s) { return strdup(s); }

WCHAR *kwcsdup(const WCHAR *s, size_t len)
{
    WCHAR *d = malloc((len + 1) * sizeof(WCHAR));
    memcpy(d, s, len * sizeof(WCHAR));
    d[len] = 0;
    return d;
}

/* A RootDirectory handle 4 stands for the directory /work/cwd. */
NTSTATUS file_root_path(HANDLE root, char **out)
{
    if (root != (HANDLE)4)
        return STATUS_INVALID_HANDLE;
    *out = strdup("/work/cwd");
    return STATUS_SUCCESS;
}

/* ---- Helpers ------------------------------------------------------------------ */

static WCHAR wbuf[8][1024];
static int wbuf_next;

/* A UTF-8 literal as a UTF-16 string (from a small ring of buffers). */
static const WCHAR *W(const char *s)
{
    WCHAR *w = wbuf[wbuf_next++ % 8];
    int n = utf8_to_utf16(s, strlen(s), w, 1024);
    ck_assert_int_ge(n, 0);
    return w;
}

static size_t wlen(const WCHAR *w)
{
    return kwcslen(w);
}

static void setup(void)
{
    memset(&kernel, 0, sizeof(kernel));
    kernel.instance_dir = "/inst";
    kernel.wine_dll_dir = "/wine";
    attr_calls = scan_calls = denied_calls = 0;
    dir_mtime_ns = FAKE_NOW_NS;
    dir_id_bias = 0;
    memset(&extra_node, 0, sizeof(extra_node));
    memset(dir_streams, 0, sizeof(dir_streams));
}

static NTSTATUS lookup(const char *name, HANDLE root, enum path_target *target,
                       struct path_result *res)
{
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES attr;
    const WCHAR *w = W(name);

    us.Buffer = (WCHAR *)w;
    us.Length = us.MaximumLength = wlen(w) * sizeof(WCHAR);
    memset(&attr, 0, sizeof(attr));
    attr.Length = sizeof(attr);
    attr.RootDirectory = root;
    attr.ObjectName = &us;
    attr.Attributes = OBJ_CASE_INSENSITIVE;
    return path_lookup(&attr, target, res, NULL);
}

static char *comp_str(const struct path_comps *c, size_t i)
{
    return utf16_to_utf8_alloc(c->v[i].s, c->v[i].len);
}

/* ---- path_parse_prefix ---------------------------------------------------------- */

static void check_prefix(const char *name, NTSTATUS want, enum path_target target,
                         enum path_root root, const char *rest)
{
    struct path_prefix p;
    const WCHAR *w = W(name);
    NTSTATUS st = path_parse_prefix(w, wlen(w), &p);

    ck_assert_msg(st == want, "%s: status %#x, want %#x", name, (unsigned)st, (unsigned)want);
    if (st)
        return;
    ck_assert_msg(p.target == target, "%s: target %d", name, p.target);
    if (target == PATH_TARGET_FILE)
        ck_assert_msg(p.root == root, "%s: root %d", name, p.root);
    if (rest) {
        char *r = utf16_to_utf8_alloc(p.rest, p.rest_len);
        ck_assert_str_eq(r, rest);
        free(r);
    }
}

START_TEST(test_parse_prefix__when_dos_drive__returns_root_and_rest)
{
    check_prefix("\\??\\C:\\windows\\x.dll", 0, PATH_TARGET_FILE, PATH_ROOT_C, "\\windows\\x.dll");
    check_prefix("\\??\\c:", 0, PATH_TARGET_FILE, PATH_ROOT_C, "");
    check_prefix("\\DosDevices\\Z:\\tmp", 0, PATH_TARGET_FILE, PATH_ROOT_Z, "\\tmp");
    check_prefix("\\GLOBAL??\\z:\\", 0, PATH_TARGET_FILE, PATH_ROOT_Z, "\\");
}
END_TEST

START_TEST(test_parse_prefix__when_device_volume__returns_drive)
{
    check_prefix("\\Device\\HarddiskVolume1\\windows", 0, PATH_TARGET_FILE, PATH_ROOT_C, "\\windows");
    check_prefix("\\Device\\HarddiskVolume2", 0, PATH_TARGET_FILE, PATH_ROOT_Z, "");
    check_prefix("\\device\\harddiskvolume2\\tmp", 0, PATH_TARGET_FILE, PATH_ROOT_Z, "\\tmp");
    check_prefix("\\??\\GLOBALROOT\\Device\\HarddiskVolume1\\x", 0, PATH_TARGET_FILE, PATH_ROOT_C,
                 "\\x");
}
END_TEST

START_TEST(test_parse_prefix__when_unix_name__returns_unix_root)
{
    check_prefix("\\??\\unix\\/tmp/x", 0, PATH_TARGET_FILE, PATH_ROOT_UNIX, "\\/tmp/x");
    check_prefix("\\??\\unix/tmp", 0, PATH_TARGET_FILE, PATH_ROOT_UNIX, "/tmp");
}
END_TEST

START_TEST(test_parse_prefix__when_device__returns_its_target)
{
    check_prefix("\\Device\\Null", 0, PATH_TARGET_NULL, 0, NULL);
    check_prefix("\\??\\NUL", 0, PATH_TARGET_NULL, 0, NULL);
    check_prefix("\\??\\CON", 0, PATH_TARGET_CON, 0, NULL);
    check_prefix("\\??\\conin$", 0, PATH_TARGET_CONIN, 0, NULL);
    check_prefix("\\??\\CONOUT$", 0, PATH_TARGET_CONOUT, 0, NULL);
    check_prefix("\\Device\\NamedPipe\\x", 0, PATH_TARGET_PIPE, 0, NULL);
    check_prefix("\\??\\pipe\\x", 0, PATH_TARGET_PIPE, 0, NULL);
    check_prefix("\\Device\\ConDrv\\Connection", 0, PATH_TARGET_CONDRV, 0, NULL);
    check_prefix("\\??\\GLOBALROOT\\Device\\Null", 0, PATH_TARGET_NULL, 0, NULL);
}
END_TEST

START_TEST(test_parse_prefix__when_unreachable__returns_errors)
{
    check_prefix("relative\\x", STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0, NULL);
    check_prefix("", STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0, NULL);
    check_prefix("\\??\\UNC\\server\\share", STATUS_OBJECT_PATH_NOT_FOUND, 0, 0, NULL);
    check_prefix("\\??\\D:\\x", STATUS_OBJECT_PATH_NOT_FOUND, 0, 0, NULL);
    check_prefix("\\??\\C:x", STATUS_OBJECT_NAME_INVALID, 0, 0, NULL);
    check_prefix("\\??\\COM1", STATUS_OBJECT_NAME_NOT_FOUND, 0, 0, NULL);
    check_prefix("\\Device\\Nullx", STATUS_OBJECT_NAME_NOT_FOUND, 0, 0, NULL);
    check_prefix("\\BaseNamedObjects\\x", STATUS_OBJECT_PATH_NOT_FOUND, 0, 0, NULL);
}
END_TEST

/* ---- path_split ------------------------------------------------------------------- */

static void check_split(const char *rest, int unix_names, NTSTATUS want, const char *joined,
                        int trailing)
{
    struct path_comps c;
    const WCHAR *w = W(rest);
    NTSTATUS st = path_split(w, wlen(w), unix_names, &c);
    char out[512] = "";

    ck_assert_msg(st == want, "%s: status %#x, want %#x", rest, (unsigned)st, (unsigned)want);
    if (st)
        return;
    for (size_t i = 0; i < c.n; i++) {
        char *s = comp_str(&c, i);
        strcat(out, "|");
        strcat(out, s);
        free(s);
    }
    ck_assert_str_eq(out, joined);
    ck_assert_int_eq(c.trailing_sep, trailing);
    path_comps_free(&c);
}

START_TEST(test_split__when_dots_and_doubles__resolves_lexically)
{
    check_split("\\a\\\\b\\.\\c\\..\\d", 0, 0, "|a|b|d", 0);
    check_split("\\..\\..\\x", 0, 0, "|x", 0);
    check_split("\\a\\..\\..", 0, 0, "", 0);
    check_split("\\dir\\", 0, 0, "|dir", 1);
    check_split("", 0, 0, "", 0);
}
END_TEST

START_TEST(test_split__when_trailing_dots_spaces__cuts_them)
{
    check_split("\\file.txt. ", 0, 0, "|file.txt", 0);
    check_split("\\dir. \\x", 0, 0, "|dir|x", 0);
    check_split("\\...", 0, STATUS_OBJECT_NAME_INVALID, NULL, 0);
}
END_TEST

START_TEST(test_split__when_forbidden_char__returns_name_invalid)
{
    static const char *const bad[] = { "\\a<b", "\\a>b", "\\a:b", "\\a\"b", "\\a|b",
                                       "\\a?b", "\\a*b", "\\a/b", "\\a\tb" };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        check_split(bad[i], 0, STATUS_OBJECT_NAME_INVALID, NULL, 0);
}
END_TEST

START_TEST(test_split__when_unix_names__slash_separates_and_all_is_valid)
{
    check_split("\\/tmp/a:b/c*?.", 1, 0, "|tmp|a:b|c*?.", 0);
    check_split("/x/../y/", 1, 0, "|y", 1);
}
END_TEST

/* ---- matching -------------------------------------------------------------------- */

START_TEST(test_name_equal__when_case_differs__matches)
{
    const WCHAR *w = W("fOO.txt");
    ck_assert(path_name_equal("Foo.TXT", w, wlen(w)));
    w = W("foo.tx");
    ck_assert(!path_name_equal("Foo.TXT", w, wlen(w)));
    w = W("\xc3\xa9t\xc3\xa9.txt");
    ck_assert(path_name_equal("\xc3\xa9t\xc3\xa9.txt", w, wlen(w)));
    ck_assert(!path_name_equal("\xff", w, wlen(w)));      /* not UTF-8: never equal */
}
END_TEST

static int mask(const char *m, const char *name)
{
    const WCHAR *wm = W(m), *wn = W(name);
    return path_mask_match(wn, wlen(wn), wm, wlen(wm));
}

START_TEST(test_mask__when_star_and_question__matches_as_windows)
{
    ck_assert(mask("*", "anything.at.all"));
    ck_assert(mask("*", ""));
    ck_assert(mask("*.txt", "a.TXT"));
    ck_assert(!mask("*.txt", "a.txtx"));
    ck_assert(!mask("*.txt", "atxt"));
    ck_assert(mask("*test*", "this.is.a.test.txt"));
    ck_assert(mask("t*t", "test1.ta.tornado.txt"));
    ck_assert(mask("?est*", "test1.txt"));
    ck_assert(!mask("?est???", "test1.txt"));
    ck_assert(mask("h?l?o*t.dat", "hellothisisatest.dat"));
    ck_assert(mask("*.*", "README"));               /* trailing ".*" matches nothing */
    ck_assert(mask("a.", "a"));
    ck_assert(!mask("*.none", "one.txt"));
    ck_assert(mask("FOO.txt", "foo.TXT"));
    ck_assert(mask("**a**", "banana"));
}
END_TEST

START_TEST(test_mask__when_dos_wildcards__matches_as_fsrtl)
{
    ck_assert(mask("<.txt", "a.b.txt"));            /* DOS_STAR: up to the last dot */
    ck_assert(!mask("<.txt", "a.b.doc"));
    ck_assert(mask("<", "noext"));
    ck_assert(mask("foo\"", "foo"));                /* DOS_DOT: a dot or nothing at the end */
    ck_assert(mask("foo\"", "foo."));
    ck_assert(mask("foo\"txt", "foo.txt"));
    ck_assert(mask("ab>", "ab"));                   /* DOS_QM: nothing at the end */
    ck_assert(mask("ab>", "abc"));
    ck_assert(mask("a>>.c", "a.c"));                /* nothing before the dot */
    ck_assert(mask("a>>.c", "ab.c"));
    ck_assert(!mask("a>>.c", "abcd.c"));
}
END_TEST

START_TEST(test_mask__when_long_mask__does_not_blow_up)
{
    char m[700], n[400];
    memset(m, '*', 600);
    strcpy(m + 600, "x");
    memset(n, 'a', 300);
    n[300] = 0;
    ck_assert(!mask(m, n));
    n[299] = 'x';
    ck_assert(mask(m, n));
}
END_TEST

START_TEST(test_normalize_host__when_dots__collapses)
{
    char a[] = "/a//b/./c/../d/", b[] = "/..", c[] = "/", d[] = "//x/..";
    path_normalize_host(a);
    path_normalize_host(b);
    path_normalize_host(c);
    path_normalize_host(d);
    ck_assert_str_eq(a, "/a/b/d");
    ck_assert_str_eq(b, "/");
    ck_assert_str_eq(c, "/");
    ck_assert_str_eq(d, "/");
}
END_TEST

/* ---- resolution against the fake host ------------------------------------------------ */

START_TEST(test_lookup__when_exact_case__costs_one_attr)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\Foo.TXT", NULL, &t, &r), 0);
    ck_assert_int_eq(t, PATH_TARGET_FILE);
    ck_assert(r.exists);
    ck_assert_str_eq(r.host, "/work/cwd/Foo.TXT");
    ck_assert_int_eq(attr_calls, 1);
    ck_assert_int_eq(scan_calls, 0);
    path_result_free(&r);
}
END_TEST

START_TEST(test_lookup__when_last_differs__costs_one_scan_of_the_parent)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\foo.txt", NULL, &t, &r), 0);
    ck_assert(r.exists);
    ck_assert_str_eq(r.host, "/work/cwd/Foo.TXT");
    /* the name, its parent, then the name as the scan spelled it */
    ck_assert_int_eq(attr_calls, 3);
    ck_assert_int_eq(scan_calls, 1);
    path_result_free(&r);
    attr_calls = scan_calls = 0;
    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\new.txt", NULL, &t, &r), 0);
    ck_assert(!r.exists);
    ck_assert_int_eq(attr_calls, 2);
    ck_assert_int_eq(scan_calls, 1);
    path_result_free(&r);
}
END_TEST

/* A directory unchanged for a while is scanned once: later misses in it
 * answer from its kept names; once it changes, it is scanned again.  A
 * directory changed just now is scanned every time (a name added in the
 * same clock tick would not change its times). */
START_TEST(test_lookup__when_directory_unchanged__scans_it_once)
{
    enum path_target t;
    struct path_result r;

    dir_mtime_ns = FAKE_NOW_NS - 10LL * 1000000000LL;
    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\missing1.dll", NULL, &t, &r), 0);
    ck_assert(!r.exists);
    path_result_free(&r);
    ck_assert_int_eq(scan_calls, 1);
    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\missing2.dll", NULL, &t, &r), 0);
    ck_assert(!r.exists);
    path_result_free(&r);
    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\FOO.txt", NULL, &t, &r), 0);
    ck_assert(r.exists);
    ck_assert_str_eq(r.host, "/work/cwd/Foo.TXT");
    path_result_free(&r);
    ck_assert_int_eq(scan_calls, 1);

    dir_mtime_ns += 1;     /* changed since: its names are read again */
    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\missing3.dll", NULL, &t, &r), 0);
    path_result_free(&r);
    ck_assert_int_eq(scan_calls, 2);

    dir_mtime_ns = FAKE_NOW_NS - 1000000000LL;    /* changed a second ago: not kept */
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\missing4.dll", NULL, &t, &r), 0);
        path_result_free(&r);
    }
    ck_assert_int_eq(scan_calls, 4);
}
END_TEST

/* Look name up: it must resolve, exist or not as said, to host if given. */
static void expect_lookup(const char *name, int exists, const char *host)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup(name, NULL, &t, &r), 0);
    ck_assert_int_eq(r.exists, exists);
    if (host)
        ck_assert_str_eq(r.host, host);
    path_result_free(&r);
}

/* /work/cwd unchanged for a while, and a miss in it: its names are kept. */
static void keep_cwd_names(void)
{
    dir_mtime_ns = FAKE_NOW_NS - 10LL * 1000000000LL;
    expect_lookup("\\??\\Z:\\work\\cwd\\missing1.dll", 0, NULL);
}

/* Once a directory's names are kept, a miss in it costs one attribute
 * lookup (the directory's, to see that they are still its names) and no
 * lookup of the missing name; a file another process creates, or the
 * directory replaced by another one, is seen at once. */
START_TEST(test_lookup__when_names_kept__a_miss_costs_the_directory_only)
{
    keep_cwd_names();
    attr_calls = scan_calls = 0;
    expect_lookup("\\??\\Z:\\work\\cwd\\missing2.dll", 0, "/work/cwd/missing2.dll");
    ck_assert_int_eq(attr_calls, 1);
    ck_assert_int_eq(scan_calls, 0);
    /* a name there as spelled: the directory, then the name */
    attr_calls = 0;
    expect_lookup("\\??\\Z:\\work\\cwd\\plain", 1, "/work/cwd/plain");
    ck_assert_int_eq(attr_calls, 2);
    ck_assert_int_eq(scan_calls, 0);

    /* created by someone else since: the directory's times moved */
    extra_node = (struct fake_node){ "/work/cwd/New.dll", HOST_TYPE_FILE };
    dir_mtime_ns += 1;
    expect_lookup("\\??\\Z:\\work\\cwd\\new.dll", 1, "/work/cwd/New.dll");
    ck_assert_int_eq(scan_calls, 1);

    /* the directory renamed away and another made in its place, with the
     * same times: another id, so its names are read again */
    keep_cwd_names();
    scan_calls = 0;
    dir_id_bias = 1000;
    expect_lookup("\\??\\Z:\\work\\cwd\\FOO.txt", 1, "/work/cwd/Foo.TXT");
    ck_assert_int_eq(scan_calls, 1);
}
END_TEST

/* A directory that changed since its names were kept is not trusted again
 * until it is listed anew: names there as spelled are then looked up as
 * usual (one attribute lookup), not through a scan each time. */
START_TEST(test_lookup__when_kept_directory_changes__its_names_are_dropped)
{
    keep_cwd_names();
    dir_mtime_ns = FAKE_NOW_NS;          /* busy from now on */
    expect_lookup("\\??\\Z:\\work\\cwd\\plain", 1, NULL);
    attr_calls = scan_calls = 0;
    expect_lookup("\\??\\Z:\\work\\cwd\\plain", 1, NULL);
    ck_assert_int_eq(attr_calls, 1);
    ck_assert_int_eq(scan_calls, 0);
}
END_TEST

START_TEST(test_lookup__when_case_differs__finds_host_spelling)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\c:\\PROGRAM FILES\\app\\data.txt", NULL, &t, &r), 0);
    ck_assert(r.exists);
    ck_assert_str_eq(r.host, "/inst/drive_c/Program Files/App/Data.TXT");
    ck_assert_uint_eq(r.attr.type, HOST_TYPE_FILE);
    path_result_free(&r);
}
END_TEST

START_TEST(test_lookup__when_last_missing__returns_path_with_caller_spelling)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\Z:\\work\\CWD\\New File.txt", NULL, &t, &r), 0);
    ck_assert(!r.exists);
    ck_assert_str_eq(r.host, "/work/cwd/New File.txt");
    path_result_free(&r);
}
END_TEST

START_TEST(test_lookup__when_directory_missing__returns_path_not_found)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\no-such-dir\\file.txt", NULL, &t, &r),
                     STATUS_OBJECT_PATH_NOT_FOUND);
    ck_assert_int_eq(lookup("\\??\\Z:\\work\\cwd\\plain\\file.txt", NULL, &t, &r),
                     STATUS_OBJECT_PATH_NOT_FOUND);
    /* the walk starts at the deepest existing directory: "/" is never scanned */
    ck_assert_int_eq(denied_calls, 0);
}
END_TEST

START_TEST(test_lookup__when_policy_denies__returns_access_denied)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\Z:\\secret\\key", NULL, &t, &r), STATUS_ACCESS_DENIED);
    ck_assert_int_eq(lookup("\\??\\Z:\\secret\\..\\secret\\KEY", NULL, &t, &r),
                     STATUS_ACCESS_DENIED);
}
END_TEST

START_TEST(test_lookup__when_dotdot__never_climbs_above_drive)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\C:\\..\\..\\windows", NULL, &t, &r), 0);
    ck_assert_str_eq(r.host, "/inst/drive_c/windows");
    path_result_free(&r);
}
END_TEST

START_TEST(test_lookup__when_system32_lacks_dll__falls_back_to_wine)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\C:\\Windows\\System32\\KERNEL32.dll", NULL, &t, &r), 0);
    ck_assert(r.exists && r.fallback);
    ck_assert_str_eq(r.host, "/wine/kernel32.dll");
    path_result_free(&r);
    /* the instance's own file wins */
    ck_assert_int_eq(lookup("\\??\\C:\\windows\\system32\\shadow.dll", NULL, &t, &r), 0);
    ck_assert(r.exists && !r.fallback);
    ck_assert_str_eq(r.host, "/inst/drive_c/windows/system32/Shadow.dll");
    path_result_free(&r);
    /* only files, only directly in system32 */
    ck_assert_int_eq(lookup("\\??\\C:\\windows\\system32\\sub", NULL, &t, &r), 0);
    ck_assert(!r.exists);
    path_result_free(&r);
    ck_assert_int_eq(lookup("\\??\\C:\\windows\\kernel32.dll", NULL, &t, &r), 0);
    ck_assert(!r.exists);
    path_result_free(&r);
}
END_TEST

START_TEST(test_lookup__when_unix_name__is_case_sensitive)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\unix\\/work/cwd/Foo.TXT", NULL, &t, &r), 0);
    ck_assert(r.exists);
    path_result_free(&r);
    ck_assert_int_eq(lookup("\\??\\unix/work/cwd/foo.txt", NULL, &t, &r), 0);
    ck_assert(!r.exists);
    path_result_free(&r);
    ck_assert_int_eq(lookup("\\??\\unix/work/CWD/foo.txt", NULL, &t, &r),
                     STATUS_OBJECT_PATH_NOT_FOUND);
}
END_TEST

START_TEST(test_lookup__when_root_directory__resolves_below_it)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("foo.txt", (HANDLE)4, &t, &r), 0);
    ck_assert(r.exists);
    ck_assert_str_eq(r.host, "/work/cwd/Foo.TXT");
    path_result_free(&r);
    ck_assert_int_eq(lookup("\\foo.txt", (HANDLE)4, &t, &r), STATUS_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_lookup__when_device__resolves_nothing)
{
    enum path_target t;
    struct path_result r;

    ck_assert_int_eq(lookup("\\??\\CONOUT$", NULL, &t, &r), 0);
    ck_assert_int_eq(t, PATH_TARGET_CONOUT);
    ck_assert_ptr_null(r.host);
}
END_TEST

START_TEST(test_nt_to_host__when_last_missing__returns_name_not_found_with_path)
{
    UNICODE_STRING us;
    const WCHAR *w = W("\\??\\Z:\\work\\cwd\\missing");
    char *host;

    us.Buffer = (WCHAR *)w;
    us.Length = us.MaximumLength = wlen(w) * 2;
    ck_assert_int_eq(path_nt_to_host(&us, 1, &host), STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_str_eq(host, "/work/cwd/missing");
    free(host);
}
END_TEST

/* ---- host -> DOS / NT names ---------------------------------------------------------- */

static void check_to_dos(const char *host, const char *want)
{
    WCHAR *w;
    size_t len;

    ck_assert_int_eq(path_host_to_dos(host, &w, &len), 0);
    char *s = utf16_to_utf8_alloc(w, len);
    ck_assert_str_eq(s, want);
    free(s);
    free(w);
}

START_TEST(test_host_to_dos__maps_drives)
{
    check_to_dos("/inst/drive_c/windows/x", "C:\\windows\\x");
    check_to_dos("/inst/drive_c", "C:\\");
    check_to_dos("/inst/drive_c/", "C:\\");
    check_to_dos("/inst/drive_cx", "Z:\\inst\\drive_cx");
    check_to_dos("/work/cwd/../cwd/a", "Z:\\work\\cwd\\a");
    check_to_dos("/", "Z:\\");
    check_to_dos("/wine/kernel32.dll", "C:\\windows\\system32\\kernel32.dll");
    check_to_dos("/wine/sub/x.dll", "Z:\\wine\\sub\\x.dll");
}
END_TEST

START_TEST(test_unix_to_nt__when_small_buffer__returns_size_needed)
{
    WCHAR buf[64];
    ULONG size = 4;

    ck_assert_int_eq(wine_unix_to_nt_file_name("/tmp/x", buf, &size), STATUS_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(size, sizeof("\\??\\Z:\\tmp\\x"));
    ck_assert_int_eq(wine_unix_to_nt_file_name("/tmp/x", buf, &size), 0);
    char *s = utf16_to_utf8_alloc(buf, size - 1);
    ck_assert_str_eq(s, "\\??\\Z:\\tmp\\x");
    free(s);
    size = 64;
    ck_assert_int_eq(wine_unix_to_nt_file_name("relative", buf, &size), STATUS_INVALID_PARAMETER);
}
END_TEST

START_TEST(test_nt_to_unix__when_missing__follows_disposition)
{
    UNICODE_STRING us;
    OBJECT_ATTRIBUTES attr = { .Length = sizeof(attr), .ObjectName = &us };
    const WCHAR *w = W("\\??\\Z:\\work\\cwd\\missing");
    char buf[64];
    ULONG size = sizeof(buf);

    us.Buffer = (WCHAR *)w;
    us.Length = us.MaximumLength = wlen(w) * 2;
    ck_assert_int_eq(wine_nt_to_unix_file_name(&attr, buf, &size, FILE_OPEN_IF), STATUS_NO_SUCH_FILE);
    ck_assert_str_eq(buf, "/work/cwd/missing");
    ck_assert_uint_eq(size, strlen(buf) + 1);
    size = sizeof(buf);
    ck_assert_int_eq(wine_nt_to_unix_file_name(&attr, buf, &size, FILE_OPEN),
                     STATUS_OBJECT_NAME_NOT_FOUND);
}
END_TEST

/* ---- the runner ---------------------------------------------------------------------- */

static Suite *path_suite(void)
{
    Suite *s = suite_create("kernel_path");
    TCase *pure = tcase_create("pure");
    TCase *host = tcase_create("resolution");

    tcase_add_checked_fixture(pure, setup, NULL);
    tcase_add_test(pure, test_parse_prefix__when_dos_drive__returns_root_and_rest);
    tcase_add_test(pure, test_parse_prefix__when_device_volume__returns_drive);
    tcase_add_test(pure, test_parse_prefix__when_unix_name__returns_unix_root);
    tcase_add_test(pure, test_parse_prefix__when_device__returns_its_target);
    tcase_add_test(pure, test_parse_prefix__when_unreachable__returns_errors);
    tcase_add_test(pure, test_split__when_dots_and_doubles__resolves_lexically);
    tcase_add_test(pure, test_split__when_trailing_dots_spaces__cuts_them);
    tcase_add_test(pure, test_split__when_forbidden_char__returns_name_invalid);
    tcase_add_test(pure, test_split__when_unix_names__slash_separates_and_all_is_valid);
    tcase_add_test(pure, test_name_equal__when_case_differs__matches);
    tcase_add_test(pure, test_mask__when_star_and_question__matches_as_windows);
    tcase_add_test(pure, test_mask__when_dos_wildcards__matches_as_fsrtl);
    tcase_add_test(pure, test_mask__when_long_mask__does_not_blow_up);
    tcase_add_test(pure, test_normalize_host__when_dots__collapses);
    tcase_add_test(pure, test_host_to_dos__maps_drives);
    tcase_add_test(pure, test_unix_to_nt__when_small_buffer__returns_size_needed);
    suite_add_tcase(s, pure);

    tcase_add_checked_fixture(host, setup, NULL);
    tcase_add_test(host, test_lookup__when_exact_case__costs_one_attr);
    tcase_add_test(host, test_lookup__when_last_differs__costs_one_scan_of_the_parent);
    tcase_add_test(host, test_lookup__when_names_kept__a_miss_costs_the_directory_only);
    tcase_add_test(host, test_lookup__when_kept_directory_changes__its_names_are_dropped);
    tcase_add_test(host, test_lookup__when_case_differs__finds_host_spelling);
    tcase_add_test(host, test_lookup__when_last_missing__returns_path_with_caller_spelling);
    tcase_add_test(host, test_lookup__when_directory_missing__returns_path_not_found);
    tcase_add_test(host, test_lookup__when_policy_denies__returns_access_denied);
    tcase_add_test(host, test_lookup__when_dotdot__never_climbs_above_drive);
    tcase_add_test(host, test_lookup__when_system32_lacks_dll__falls_back_to_wine);
    tcase_add_test(host, test_lookup__when_unix_name__is_case_sensitive);
    tcase_add_test(host, test_lookup__when_root_directory__resolves_below_it);
    tcase_add_test(host, test_lookup__when_device__resolves_nothing);
    tcase_add_test(host, test_lookup__when_directory_unchanged__scans_it_once);
    tcase_add_test(host, test_nt_to_host__when_last_missing__returns_name_not_found_with_path);
    tcase_add_test(host, test_nt_to_unix__when_missing__follows_disposition);
    suite_add_tcase(s, host);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(path_suite());
    int failed;

    /* unbuffered: Check's fork mode would otherwise mix up the output */
    setvbuf(stdout, NULL, _IONBF, 0);
    srunner_run_all(sr, CK_ENV);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

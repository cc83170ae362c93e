/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * reg.c - keep reg import|export|query: an instance's registry from the
 * host, through the same library the kernel uses (registry/regdb.h) and
 * the .reg reader and writer (registry/regfile.h).
 *
 * The tools see the instance's database as stored: the keys a program or
 * an earlier import wrote, and the defaults the kernel put there on the
 * instance's first start.  They do not follow symbolic links
 * (CurrentControlSet) and they never see volatile keys, which live only
 * in running processes.  A running program sees a change at its next
 * registry call (the database is shared; see docs/registry.md).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "host_setup.h"
#include "instance.h"
#include "reg.h"
#include "registry/regcase.h"
#include "registry/regdb.h"
#include "registry/regfile.h"
#include "registry/vfs.h"
#include "run.h"
#include "util.h"

/* ---- Paths ------------------------------------------------------------------
 * A root's place in the registry tree, as the kernel lays it out. */

static const char *const root_paths[] = {
    [REGFILE_HKLM] = "MACHINE",
    [REGFILE_HKCU] = "USER\\S-1-5-21-0-0-0-1000",
    [REGFILE_HKCR] = "MACHINE\\Software\\Classes",
    [REGFILE_HKU] = "USER",
    [REGFILE_HKCC] = NULL,      /* reached through a link: not for the tools */
};

struct tool {
    struct regdb *db;
    int base;                   /* building a base: links flagged, ${...} values left out */
    regdb_id key;               /* the key the last [path] named */
    regdb_id key_parent;        /* ... its parent */
    uint16_t key_name[256];     /* ... and its name */
    size_t key_name_len;
    int64_t now;                /* NT time for created keys */
    unsigned long keys, values;
};

/* Find (or, with create, make) the key at an ASCII path of the tree. */
static int walk_ascii(struct tool *t, const char *path, int create, regdb_id *id)
{
    uint16_t name[256];
    size_t n = 0;

    *id = REGDB_ROOT_ID;
    for (const char *p = path;; p++) {
        if (*p && *p != '\\') {
            if (n == 255)
                return REGDB_INVALID;
            name[n++] = (unsigned char)*p;
            continue;
        }
        if (n) {
            regdb_id next;
            int r = regdb_key_lookup(t->db, *id, name, n, &next);
            if (r == REGDB_NOTFOUND && create)
                r = regdb_key_create(t->db, *id, name, n, 0, t->now, &next);
            if (r)
                return r;
            *id = next;
            n = 0;
        }
        if (!*p)
            return REGDB_OK;
    }
}

/* The key at root\path (UTF-16 units); path elements split on '\'. */
static int walk(struct tool *t, enum regfile_root root, const uint16_t *path, size_t len,
                int create, regdb_id *id)
{
    int r;

    if (!root_paths[root])
        return REGDB_INVALID;
    if ((r = walk_ascii(t, root_paths[root], create, id)))
        return r;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && path[j] != '\\')
            j++;
        if (j > i) {
            regdb_id next;
            if (j - i <= 256) {     /* remembered for a base's link flag */
                t->key_parent = *id;
                t->key_name_len = j - i;
                memcpy(t->key_name, path + i, (j - i) * 2);
            }
            r = regdb_key_lookup(t->db, *id, path + i, j - i, &next);
            if (r == REGDB_NOTFOUND && create) {
                r = regdb_key_create(t->db, *id, path + i, j - i, 0, t->now, &next);
                t->keys += !r;
            }
            if (r)
                return r;
            *id = next;
        }
        i = j + 1;
    }
    return REGDB_OK;
}

/* Room for one more element in a growing array: 0, or REGDB_NOMEM. */
static int grow(void **array, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return 0;
    size_t n = *cap ? *cap * 2 : 16;
    void *p = realloc(*array, n * size);
    if (!p)
        return REGDB_NOMEM;
    *array = p;
    *cap = n;
    return 0;
}

/* ---- Import -------------------------------------------------------------- */

static int collect_cb(void *ctx, const struct regdb_key *k)
{
    struct { regdb_id *ids; size_t n, cap; } *list = ctx;
    if (grow((void **)&list->ids, &list->cap, list->n, sizeof(*list->ids)))
        return REGDB_NOMEM;
    list->ids[list->n++] = k->id;
    return 0;
}

/* Delete a key and everything under it. */
static int delete_tree(struct regdb *db, regdb_id id)
{
    struct { regdb_id *ids; size_t n, cap; } list = { NULL, 0, 0 };
    int r = regdb_key_children(db, id, collect_cb, &list);

    for (size_t i = 0; !r && i < list.n; i++)
        r = delete_tree(db, list.ids[i]);
    free(list.ids);
    return r ? r : regdb_key_delete(db, id);
}

static int on_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    struct tool *t = ctx;
    return walk(t, root, path, len, 1, &t->key);
}

static int on_delete_key(void *ctx, enum regfile_root root, const uint16_t *path, size_t len)
{
    struct tool *t = ctx;
    regdb_id id;
    int r = walk(t, root, path, len, 0, &id);

    t->key = 0;
    if (r == REGDB_NOTFOUND)
        return 0;       /* deleting what is not there is no error, as in regedit */
    return r ? r : delete_tree(t->db, id);
}

/* Does UTF-16 data hold "${" (a value the kernel fills per instance)? */
static int has_subst(const void *data, size_t size)
{
    const uint16_t *s = data;
    for (size_t i = 0; i + 1 < size / 2; i++)
        if (s[i] == '$' && s[i + 1] == '{')
            return 1;
    return 0;
}

static int name_is(const uint16_t *name, size_t len, const char *ascii)
{
    size_t n = strlen(ascii);
    if (len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (regcase_upcase(name[i]) != regcase_upcase((unsigned char)ascii[i]))
            return 0;
    return 1;
}

/* In a base, a key holding SymbolicLinkValue is a link (as the kernel
 * creates it from its table). */
static int mark_link(struct tool *t)
{
    struct regdb_key k = { .id = t->key, .parent = t->key_parent, .name = t->key_name,
                           .name_len = t->key_name_len, .flags = REGDB_KEY_LINK, .mtime = t->now };
    return regdb_key_update(t->db, &k);
}

static int on_value(void *ctx, const uint16_t *name, size_t len, uint32_t type, const void *data,
                    size_t size)
{
    struct tool *t = ctx;
    struct regdb_value v = { name, len, type, data, size };
    int r;

    if (!t->key)
        return REGDB_INVALID;
    if (t->base && (type == 1 || type == 2 || type == 7) && has_subst(data, size))
        return 0;
    if (t->base && type == 6 && name_is(name, len, "SymbolicLinkValue") && (r = mark_link(t)))
        return r;
    t->values++;
    return regdb_value_set(t->db, t->key, &v);
}

static int on_delete_value(void *ctx, const uint16_t *name, size_t len)
{
    struct tool *t = ctx;
    int r = t->key ? regdb_value_delete(t->db, t->key, name, len) : REGDB_INVALID;
    return r == REGDB_NOTFOUND ? 0 : r;
}

static void *tool_alloc(void *ctx, size_t size)
{
    (void)ctx;
    return malloc(size);
}

static void tool_free(void *ctx, void *p)
{
    (void)ctx;
    free(p);
}

static const struct regfile_alloc tool_allocator = { tool_alloc, tool_free, NULL };

static char *read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    *size = buf ? (size_t)n : 0;
    fclose(f);
    return buf;
}

/* Apply one file inside the open transaction; 0, or 1 after a message. */
static int apply_file(struct tool *t, const char *file)
{
    struct regfile_sink sink = { t, on_key, on_delete_key, on_value, on_delete_value };
    struct regfile_error err = { 0, NULL };
    size_t size;
    char *text = read_file(file, &size);

    if (!text) {
        report("reg: cannot read %s: %s", file, strerror(errno));
        return 1;
    }
    t->key = 0;
    enum regfile_status st = regfile_parse(text, size, &sink, &tool_allocator, NULL, &err);
    free(text);
    if (st == REGFILE_OK)
        return 0;
    if (st == REGFILE_ESYNTAX)
        report("reg: %s:%u: %s; nothing imported", file, err.line, err.message);
    else
        report("reg: %s:%u: %s; nothing imported", file, err.line,
               st == REGFILE_ENOMEM ? "out of memory"
                                    : "a key outside the tools' reach (HKCC) or a database error");
    return 1;
}

/* Import files in one transaction: they apply whole or not at all. */
static int reg_import(struct tool *t, char **files, int n)
{
    if (regdb_begin(t->db, NULL)) {
        report("reg import: the registry database is busy or unwritable");
        return 1;
    }
    for (int i = 0; i < n; i++)
        if (apply_file(t, files[i])) {
            regdb_rollback(t->db);
            return 1;
        }
    if (regdb_commit(t->db, 1)) {
        report("reg import: the database could not be written; nothing imported");
        return 1;
    }
    if (!t->base)
        printf("imported %s: %lu keys created, %lu values set\n", files[0], t->keys, t->values);
    return 0;
}

/* ---- Export and query ------------------------------------------------------
 * Keys and values in Windows order: by upcased name. */

struct item {
    uint16_t *name;
    size_t len;
    regdb_id id;
    uint32_t type;
    void *data;
    size_t size;
};

struct items {
    struct item *v;
    size_t n, cap;
};

static int item_add(struct items *l, const uint16_t *name, size_t len, regdb_id id,
                    uint32_t type, const void *data, size_t size)
{
    if (grow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)))
        return REGDB_NOMEM;
    struct item *it = &l->v[l->n];
    it->name = malloc(len * 2 + 2);
    it->data = malloc(size + 1);
    if (!it->name || !it->data) {
        free(it->name);
        free(it->data);
        return REGDB_NOMEM;
    }
    memcpy(it->name, name, len * 2);
    if (size)
        memcpy(it->data, data, size);
    it->len = len;
    it->id = id;
    it->type = type;
    it->size = size;
    l->n++;
    return 0;
}

static void items_free(struct items *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].name);
        free(l->v[i].data);
    }
    free(l->v);
}

static int item_cmp(const void *a, const void *b)
{
    const struct item *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;

    for (size_t i = 0; i < n; i++) {
        uint16_t cx = regcase_upcase(x->name[i]), cy = regcase_upcase(y->name[i]);
        if (cx != cy)
            return cx < cy ? -1 : 1;
    }
    return (x->len > y->len) - (x->len < y->len);
}

static int key_item_cb(void *ctx, const struct regdb_key *k)
{
    return item_add(ctx, k->name, k->name_len, k->id, 0, NULL, 0);
}

static int value_item_cb(void *ctx, const struct regdb_value *v)
{
    return item_add(ctx, v->name, v->name_len, 0, v->type, v->data, v->size);
}

static int sorted_children(struct regdb *db, regdb_id id, struct items *l)
{
    int r = regdb_key_children(db, id, key_item_cb, l);
    if (!r)
        qsort(l->v, l->n, sizeof(*l->v), item_cmp);
    return r;
}

static int sorted_values(struct regdb *db, regdb_id id, struct items *l)
{
    int r = regdb_values(db, id, value_item_cb, l);
    if (!r)
        qsort(l->v, l->n, sizeof(*l->v), item_cmp);
    return r;
}

/* Export the key at path (UTF-16, root's long name first) and its subtree. */
static int export_tree(struct regdb *db, struct regfile_writer *w, regdb_id id, uint16_t *path,
                       size_t len, size_t cap)
{
    struct items values = { 0 }, kids = { 0 };
    int r = sorted_values(db, id, &values);

    if (!r)
        r = sorted_children(db, id, &kids);
    if (!r) {
        regfile_write_key(w, path, len);
        for (size_t i = 0; i < values.n; i++)
            regfile_write_value(w, values.v[i].name, values.v[i].len, values.v[i].type,
                                values.v[i].data, values.v[i].size);
    }
    for (size_t i = 0; !r && i < kids.n; i++) {
        if (len + 1 + kids.v[i].len > cap) {
            r = REGDB_INVALID;
            break;
        }
        path[len] = '\\';
        memcpy(path + len + 1, kids.v[i].name, kids.v[i].len * 2);
        r = export_tree(db, w, kids.v[i].id, path, len + 1 + kids.v[i].len, cap);
    }
    items_free(&values);
    items_free(&kids);
    return r;
}

/* Parse a key argument ("HKLM\Software\Foo", ASCII or UTF-8 taken bytewise
 * for ASCII) into units; the root's long name starts *full. */
static int parse_key_arg(const char *arg, enum regfile_root *root, uint16_t *units, size_t *len)
{
    size_t n = strlen(arg), rest;

    if (n > 4096)
        return 0;
    for (size_t i = 0; i < n; i++)
        units[i] = (unsigned char)arg[i];
    if (!regfile_split_root(units, n, root, &rest))
        return 0;
    memmove(units, units + (n - rest), rest * 2);
    *len = rest;
    return 1;
}

static size_t full_path(enum regfile_root root, const uint16_t *rest, size_t len, uint16_t *out)
{
    const char *name = regfile_root_name(root);
    size_t n = 0;

    for (; *name; name++)
        out[n++] = (unsigned char)*name;
    if (len) {
        out[n++] = '\\';
        memcpy(out + n, rest, len * 2);
        n += len;
    }
    return n;
}

#define PATH_UNITS 32768

static int export_one(struct tool *t, struct regfile_writer *w, enum regfile_root root,
                      const uint16_t *rest, size_t len, uint16_t *path)
{
    regdb_id id;
    int r = walk(t, root, rest, len, 0, &id);

    if (r)
        return r;
    return export_tree(t->db, w, id, path, full_path(root, rest, len, path), PATH_UNITS);
}

static int reg_export(struct tool *t, const char *key, const char *file)
{
    uint16_t *path = malloc(PATH_UNITS * 2), *rest = malloc(8192 * 2);
    struct regfile_writer w;
    enum regfile_root root;
    size_t len = 0, size = 0;
    void *out = NULL;
    int r = 0;

    regfile_writer_init(&w, &tool_allocator);
    if (!path || !rest)
        r = REGDB_NOMEM;
    else if (key && !parse_key_arg(key, &root, rest, &len)) {
        report("reg export: '%s' does not start with a root key (HKLM, HKCU, HKCR, HKU)", key);
        r = -100;
    } else if (key) {
        r = export_one(t, &w, root, rest, len, path);
    } else {
        /* everything: the machine and the users */
        r = export_one(t, &w, REGFILE_HKLM, rest, 0, path);
        if (!r)
            r = export_one(t, &w, REGFILE_HKU, rest, 0, path);
    }
    free(path);
    free(rest);
    if (r) {
        regfile_writer_discard(&w);
        if (r != -100)
            report("reg export: %s: %s", key ? key : "the registry",
                   r == REGDB_NOTFOUND ? "no such key" : "cannot read the database");
        return 1;
    }
    if (regfile_writer_finish(&w, &out, &size) != REGFILE_OK) {
        report("reg export: out of memory");
        return 1;
    }
    FILE *f = file ? fopen(file, "wb") : stdout;
    int ok = f && fwrite(out, 1, size, f) == size;
    if (f && f != stdout && fclose(f))
        ok = 0;
    free(out);
    if (!ok) {
        report("reg export: cannot write %s: %s", file ? file : "standard output", strerror(errno));
        return 1;
    }
    return 0;
}

static void print_utf16(const uint16_t *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        uint32_t c = s[i];
        if (c >= 0xd800 && c < 0xdc00 && i + 1 < len && s[i + 1] >= 0xdc00 && s[i + 1] < 0xe000)
            c = 0x10000 + ((c - 0xd800) << 10) + (s[++i] - 0xdc00);
        if (c < 0x80)
            putchar((int)c);
        else if (c < 0x800)
            printf("%c%c", 0xc0 | (c >> 6), 0x80 | (c & 0x3f));
        else if (c < 0x10000)
            printf("%c%c%c", 0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
        else
            printf("%c%c%c%c", 0xf0 | (c >> 18), 0x80 | ((c >> 12) & 0x3f),
                   0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
}

static const char *type_name(uint32_t type)
{
    static const char *const names[] = {
        "REG_NONE", "REG_SZ", "REG_EXPAND_SZ", "REG_BINARY", "REG_DWORD",
        "REG_DWORD_BIG_ENDIAN", "REG_LINK", "REG_MULTI_SZ", "REG_RESOURCE_LIST",
        "REG_FULL_RESOURCE_DESCRIPTOR", "REG_RESOURCE_REQUIREMENTS_LIST", "REG_QWORD",
    };
    return type < sizeof(names) / sizeof(names[0]) ? names[type] : "REG_UNKNOWN";
}

/* One value, in reg.exe's query layout: name, type, data. */
static void print_value(const struct item *v)
{
    printf("    ");
    if (v->len)
        print_utf16(v->name, v->len);
    else
        printf("(Default)");
    printf("    %s    ", type_name(v->type));
    if ((v->type == 1 || v->type == 2) && v->size >= 2) {
        const uint16_t *s = v->data;
        size_t n = v->size / 2;
        while (n && !s[n - 1])
            n--;
        print_utf16(s, n);
    } else if (v->type == 4 && v->size == 4) {
        uint32_t d;
        memcpy(&d, v->data, 4);
        printf("0x%x", d);
    } else {
        for (size_t i = 0; i < v->size; i++)
            printf("%02X", ((const unsigned char *)v->data)[i]);
    }
    putchar('\n');
}

static int reg_query(struct tool *t, const char *key)
{
    uint16_t rest[4097], path[PATH_UNITS / 4];
    struct items values = { 0 }, kids = { 0 };
    enum regfile_root root;
    regdb_id id;
    size_t len;
    int r;

    if (!parse_key_arg(key, &root, rest, &len)) {
        report("reg query: '%s' does not start with a root key (HKLM, HKCU, HKCR, HKU)", key);
        return 1;
    }
    if ((r = walk(t, root, rest, len, 0, &id)) || (r = sorted_values(t->db, id, &values)) ||
        (r = sorted_children(t->db, id, &kids))) {
        report("reg query: %s: %s", key, r == REGDB_NOTFOUND ? "no such key" : "cannot read the database");
        items_free(&values);
        return 1;
    }
    size_t n = full_path(root, rest, len, path);
    print_utf16(path, n);
    putchar('\n');
    for (size_t i = 0; i < values.n; i++)
        print_value(&values.v[i]);
    for (size_t i = 0; i < kids.n; i++) {
        print_utf16(path, n);
        putchar('\\');
        print_utf16(kids.v[i].name, kids.v[i].len);
        putchar('\n');
    }
    items_free(&values);
    items_free(&kids);
    return 0;
}

/* ---- The command ---------------------------------------------------------- */

static void reg_usage(void)
{
    report("usage: keep reg [--instance NAME] import FILE.reg | export [KEY] [FILE.reg] | query KEY\n"
           "       keep reg make-base OUT.db FILE.reg...   (the build's base registry)");
}

static const struct keepsql_alloc libc_heap = { malloc, free, NULL };

/* Set up the host ABI and SQLite for the tools: the policy allows dir
 * (read-write), the base (read-only) and Wine's NLS files. */
static int tool_setup(const char *dir, const char *base)
{
    host_policy_set_log(NULL);
    if (host_init() < 0 || host_policy_allow(dir, HOST_POLICY_RW) < 0 ||
        (base && host_policy_allow(base, HOST_POLICY_RO) < 0) ||
        host_policy_allow(run_wine_data_dir(NULL), HOST_POLICY_RO) < 0 ||
        keepsql_init(&libc_heap) || regcase_load(run_wine_data_dir(NULL)) < 0) {
        report("reg: cannot set up (Wine's NLS files in %s?)", run_wine_data_dir(NULL));
        return -1;
    }
    return 0;
}

static int64_t nt_now(void)
{
    int64_t ns = 0;
    host_time_get(HOST_CLOCK_WALL, &ns);
    return ns / 100 + 116444736000000000LL;
}

/* keep reg make-base OUT FILE...: a base registry from .reg files (values
 * naming ${user} or ${computer} stay out: the kernel writes them into each
 * instance). */
static int make_base(const char *out, char **files, int n)
{
    char abs[4096], dir[4096], gen[4200];
    struct tool t = { .base = 1 };
    const char *why = NULL;
    int rc;

    if (!realpath(".", dir) || snprintf(abs, sizeof(abs), "%s%s%s", out[0] == '/' ? "" : dir,
                                        out[0] == '/' ? "" : "/", out) >= (int)sizeof(abs)) {
        report("reg make-base: bad path %s", out);
        return 1;
    }
    snprintf(dir, sizeof(dir), "%s", abs);
    *strrchr(dir, '/') = 0;
    snprintf(gen, sizeof(gen), "%s-gen", abs);
    unlink(abs);
    if (tool_setup(dir, NULL) < 0)
        return 1;
    if (regdb_open(abs, NULL, regcase_upcase, REGDB_OPEN_BASE, &t.db, &why)) {
        report("reg make-base: %s: %s", abs, why ? why : "cannot create");
        return 1;
    }
    t.now = nt_now();
    rc = reg_import(&t, files, n);
    regdb_close(t.db);
    unlink(gen);        /* a base is read immutable: no commit counter */
    if (rc)
        unlink(abs);
    return rc;
}

/* Open the instance's database for the tools, over the host ABI as the
 * kernel does (the policy allows the instance and Wine's NLS files). */
/* Open the instance's database (created with the schema if the instance
 * is new: a query then shows the base). */
static int open_instance(const char *name, struct tool *t)
{
    char root[4096], dir[4096], err[4096 + 128], user[USER_NAME_MAX + 1], path[4200];
    const char *why = NULL, *base = run_registry_base();

    if (!instance_name_valid(name)) {
        report("reg: invalid instance name '%s'", name);
        return -1;
    }
    instance_user_name(user, sizeof(user));
    if (instance_root(root, sizeof(root), err, sizeof(err)) < 0 ||
        instance_open(root, name, user, dir, sizeof(dir), err, sizeof(err)) != INSTANCE_OK) {
        report("reg: %s", err);
        return -1;
    }
    snprintf(path, sizeof(path), "%s/registry.db", dir);
    if (tool_setup(dir, base) < 0)
        return -1;
    /* the tools see what programs see: the base under the instance's changes */
    if (regdb_open(path, base, regcase_upcase, 0, &t->db, &why)) {
        report("reg: %s: %s", path, why ? why : "cannot open");
        return -1;
    }
    t->now = nt_now();
    return 0;
}

int cmd_reg(int argc, char **argv)
{
    const char *instance = INSTANCE_DEFAULT;
    struct tool t = { 0 };
    int i = 1, rc;

    if (i + 1 < argc && !strcmp(argv[i], "--instance")) {
        instance = argv[i + 1];
        i += 2;
    }
    if (i >= argc) {
        reg_usage();
        return KEEP_EXIT_USAGE;
    }
    const char *sub = argv[i++];
    int nargs = argc - i;
    if (!strcmp(sub, "make-base") && nargs >= 2)
        return make_base(argv[i], argv + i + 1, nargs - 1);
    int import = !strcmp(sub, "import") && nargs == 1;
    int export = !strcmp(sub, "export") && nargs <= 2;
    int query = !strcmp(sub, "query") && nargs == 1;
    if (!import && !export && !query) {
        reg_usage();
        return KEEP_EXIT_USAGE;
    }
    if (open_instance(instance, &t) < 0)
        return 1;
    if (import)
        rc = reg_import(&t, argv + i, 1);
    else if (query)
        rc = reg_query(&t, argv[i]);
    else
        rc = reg_export(&t, nargs >= 1 ? argv[i] : NULL, nargs == 2 ? argv[i + 1] : NULL);
    regdb_close(t.db);
    return rc;
}

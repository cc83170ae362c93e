/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * policy.c - build the policy of a run (see policy.h).
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "util.h"

void policy_free(struct policy *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->rules[i].path);
    free(p->rules);
    p->rules = NULL;
    p->n = p->cap = 0;
}

int policy_parse_spec(const char *spec, const char *base, char *path,
                      size_t size, unsigned *access, char *err, size_t errlen)
{
    char raw[PATH_MAX], abs[PATH_MAX];
    size_t len = strlen(spec);

    *access = HOST_POLICY_RW;
    if (len >= 3 && (strcmp(spec + len - 3, ":ro") == 0 || strcmp(spec + len - 3, ":rw") == 0)) {
        *access = spec[len - 1] == 'o' ? HOST_POLICY_RO : HOST_POLICY_RW;
        len -= 3;
    }
    if (len == 0) {
        snprintf(err, errlen, "allow '%s': no path", spec);
        return -1;
    }
    if (fmt(raw, sizeof(raw), "%.*s", (int)len, spec) < 0 ||
        path_absolute(abs, sizeof(abs), raw, base) < 0 ||
        path_canonical(path, size, abs) < 0) {
        snprintf(err, errlen, "allow '%s': path too long", spec);
        return -1;
    }
    return 0;
}

static struct policy_rule *find_exact(const struct policy *p, const char *path)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->rules[i].path, path) == 0)
            return &p->rules[i];
    return NULL;
}

const struct policy_rule *policy_lookup(const struct policy *p, const char *path)
{
    const struct policy_rule *best = NULL;

    for (size_t i = 0; i < p->n; i++) {
        const struct policy_rule *r = &p->rules[i];
        if (path_within(path, r->path) && (!best || strlen(r->path) > strlen(best->path)))
            best = r;
    }
    return best;
}

/* Add a rule for a path already canonical. */
static int add_canonical(struct policy *p, const char *canon, unsigned access)
{
    struct policy_rule *same = find_exact(p, canon);
    if (same) {
        same->access |= access;   /* RW (3) includes RO (1) */
        return 0;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 8;
        struct policy_rule *v = realloc(p->rules, cap * sizeof(*v));
        if (!v)
            return -1;
        p->rules = v;
        p->cap = cap;
    }
    char *copy = strdup(canon);
    if (!copy)
        return -1;
    p->rules[p->n].path = copy;
    p->rules[p->n].access = access;
    p->n++;
    return 0;
}

int policy_add(struct policy *p, const char *path, unsigned access)
{
    char canon[PATH_MAX];

    if (path_canonical(canon, sizeof(canon), path) < 0)
        return -1;
    return add_canonical(p, canon, access);
}

int policy_add_default(struct policy *p, const char *path, unsigned access)
{
    char canon[PATH_MAX];

    if (path_canonical(canon, sizeof(canon), path) < 0)
        return -1;
    const struct policy_rule *cover = policy_lookup(p, canon);
    if (cover && (cover->access & access) == access)
        return 0;
    return add_canonical(p, canon, access);
}

static int add_defaults(struct policy *p, const struct policy_inputs *in)
{
    char dir[PATH_MAX];

    if (in->no_default_allow)
        return policy_add_default(p, in->program_path, HOST_POLICY_RO);
    if (path_dirname(dir, sizeof(dir), in->program_path) < 0)
        return -1;
    return policy_add_default(p, dir, HOST_POLICY_RO);
}

int policy_build(struct policy *p, const struct policy_inputs *in)
{
    if (!in->no_default_allow && policy_add(p, in->cwd, HOST_POLICY_RW) < 0)
        return -1;
    if (policy_add(p, in->instance_dir, HOST_POLICY_RW) < 0)
        return -1;
    for (size_t i = 0; in->allows && i < in->allows->n; i++)
        if (policy_add(p, in->allows->rules[i].path, in->allows->rules[i].access) < 0)
            return -1;
    if (add_defaults(p, in) < 0 ||
        policy_add_default(p, in->wine_dll_dir, HOST_POLICY_RO) < 0 ||
        policy_add_default(p, in->wine_data_dir, HOST_POLICY_RO) < 0)
        return -1;
    /* the host's fonts: Wine's win32u.so finds them with fontconfig (which
       reads its configuration and cache) and opens them through the kernel
       (read-only, like Wine's own data) */
    if (in->font_dir && policy_add_default(p, in->font_dir, HOST_POLICY_RO) < 0)
        return -1;
    for (const char *const *d = in->font_config_dirs; d && *d; d++)
        if (policy_add_default(p, *d, HOST_POLICY_RO) < 0)
            return -1;
    return 0;
}

int policy_apply(const struct policy *p, int (*allow)(const char *path, unsigned access),
                 const struct policy_rule **failed)
{
    for (size_t i = 0; i < p->n; i++) {
        int rc = allow(p->rules[i].path, p->rules[i].access);
        if (rc != 0) {
            if (failed)
                *failed = &p->rules[i];
            return rc;
        }
    }
    return 0;
}

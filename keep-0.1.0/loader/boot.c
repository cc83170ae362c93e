/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * boot.c - debug flags and the program's environment (see boot.h).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "keep_boot.h"

static const struct {
    const char *name;
    unsigned flag;
} debug_names[] = {
    { "syscalls", KEEP_DEBUG_SYSCALLS },
    { "trace", KEEP_DEBUG_TRACE },
    { "loader", KEEP_DEBUG_LOADER },
    { "exceptions", KEEP_DEBUG_EXCEPTIONS },
    { "all", KEEP_DEBUG_SYSCALLS | KEEP_DEBUG_TRACE | KEEP_DEBUG_LOADER | KEEP_DEBUG_EXCEPTIONS },
};

/* The flag of one name (len bytes at name), 0 if unknown. */
static unsigned debug_flag(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof(debug_names) / sizeof(*debug_names); i++)
        if (strlen(debug_names[i].name) == len && !strncmp(debug_names[i].name, name, len))
            return debug_names[i].flag;
    return 0;
}

static bool parse_number(const char *s, unsigned *out)
{
    char *end;

    if (*s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long v = strtoul(s, &end, 0);
    if (errno || *end || v > 0xffffffffUL)
        return false;
    *out = (unsigned)v;
    return true;
}

int debug_flags_parse(const char *s, unsigned *out, char *err, size_t errlen)
{
    int rc = 0;

    *out = 0;
    if (!s || !*s || parse_number(s, out))
        return 0;
    while (*s) {
        size_t len = strcspn(s, ",");
        const char *name = s;
        size_t n = len;
        while (n && (*name == ' ' || *name == '\t'))
            name++, n--;
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\t'))
            n--;
        unsigned flag = debug_flag(name, n);
        if (n && !flag && rc == 0) {
            snprintf(err, errlen, "KEEPDEBUG: unknown flag '%.*s' (known: syscalls, trace, loader, exceptions, all)",
                     (int)n, name);
            rc = -1;
        }
        *out |= flag;
        s += len + (s[len] == ',');
    }
    return rc;
}

/* keep's own settings (keep --help lists them); other KEEP_* variables
 * belong to the user and reach the program. */
bool env_is_keep_own(const char *entry)
{
    static const char *const own[] = { "KEEP_INSTANCE_DIR=", "KEEP_KERNEL=", "KEEP_WINE_DLLDIR=",
                                       "KEEP_WINE_DATADIR=", "KEEPDEBUG=" };
    for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
        if (!strncmp(entry, own[i], strlen(own[i])))
            return true;
    return false;
}

/* Length of the KEY part of KEY=VALUE (the whole string without '='). */
static size_t key_len(const char *entry)
{
    return strcspn(entry, "=");
}

static bool same_key(const char *a, const char *b)
{
    size_t n = key_len(a);
    return n == key_len(b) && !strncmp(a, b, n);
}

/* true if a later entry of extra (after index i) has the same key. */
static bool overridden(const struct strlist *extra, size_t i, const char *entry)
{
    for (size_t j = i; extra && j < extra->n; j++)
        if (same_key(extra->v[j], entry))
            return true;
    return false;
}

const char **env_build(char *const *environ, const struct strlist *extra)
{
    size_t n = 0, count = extra ? extra->n : 0;

    for (char *const *e = environ; e && *e; e++)
        count++;
    const char **env = calloc(count + 1, sizeof(*env));
    if (!env)
        return NULL;
    for (char *const *e = environ; e && *e; e++)
        if (!env_is_keep_own(*e) && !overridden(extra, 0, *e))
            env[n++] = *e;
    for (size_t i = 0; extra && i < extra->n; i++)
        if (!overridden(extra, i + 1, extra->v[i]))
            env[n++] = extra->v[i];
    env[n] = NULL;
    return env;
}

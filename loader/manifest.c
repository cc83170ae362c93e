/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * manifest.c - parse run manifests (format: docs/manifest.md).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance.h"
#include "manifest.h"

#define MANIFEST_MAX_SIZE (1024 * 1024)

/* Where a line is and how to report on it. */
struct line_ctx {
    const char *name;
    const char *base;
    unsigned lineno;
    char *err;
    size_t errlen;
};

static int line_error(const struct line_ctx *c, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

static int line_error(const struct line_ctx *c, const char *format, ...)
{
    char reason[PATH_MAX];
    va_list ap;

    va_start(ap, format);
    vsnprintf(reason, sizeof(reason), format, ap);
    va_end(ap);
    snprintf(c->err, c->errlen, "%s:%u: %s", c->name, c->lineno, reason);
    return -1;
}

void manifest_init(struct manifest *m)
{
    memset(m, 0, sizeof(*m));
}

void manifest_free(struct manifest *m)
{
    free(m->program);
    free(m->instance);
    strlist_free(&m->args);
    strlist_free(&m->env);
    policy_free(&m->allows);
    rdp_settings_free(&m->rdp);
    manifest_init(m);
}

static int parse_bool(const struct line_ctx *c, const char *key, const char *value, bool *out)
{
    if (!strcmp(value, "true") || !strcmp(value, "yes") || !strcmp(value, "1")) {
        *out = true;
        return 0;
    }
    if (!strcmp(value, "false") || !strcmp(value, "no") || !strcmp(value, "0")) {
        *out = false;
        return 0;
    }
    return line_error(c, "%s: expected true or false, not '%s'", key, value);
}

static int set_program(struct manifest *m, const struct line_ctx *c, const char *value)
{
    char path[PATH_MAX];

    if (m->program)
        return line_error(c, "program given twice");
    if (!*value)
        return line_error(c, "program: empty path");
    if (path_absolute(path, sizeof(path), value, c->base) < 0)
        return line_error(c, "program: path too long");
    m->program = strdup(path);
    return m->program ? 0 : line_error(c, "out of memory");
}

static int set_instance(struct manifest *m, const struct line_ctx *c, const char *value)
{
    if (m->instance)
        return line_error(c, "instance given twice");
    if (!instance_name_valid(value))
        return line_error(c, "invalid instance name '%s'", value);
    m->instance = strdup(value);
    return m->instance ? 0 : line_error(c, "out of memory");
}

static int add_allow(struct manifest *m, const struct line_ctx *c, const char *value)
{
    char path[PATH_MAX], reason[PATH_MAX];
    unsigned access;

    if (policy_parse_spec(value, c->base, path, sizeof(path), &access, reason, sizeof(reason)) < 0)
        return line_error(c, "%s", reason);
    return policy_add(&m->allows, path, access) < 0 ? line_error(c, "out of memory") : 0;
}

static int add_env(struct manifest *m, const struct line_ctx *c, const char *value)
{
    const char *eq = strchr(value, '=');

    if (!eq || eq == value)
        return line_error(c, "env: expected KEY=VALUE, not '%s'", value);
    return strlist_push(&m->env, value) < 0 ? line_error(c, "out of memory") : 0;
}

static int apply_key(struct manifest *m, const struct line_ctx *c,
                     const char *key, const char *value)
{
    if (!strcmp(key, "program"))
        return set_program(m, c, value);
    if (!strcmp(key, "instance"))
        return set_instance(m, c, value);
    if (!strcmp(key, "arg"))
        return strlist_push(&m->args, value) < 0 ? line_error(c, "out of memory") : 0;
    if (!strcmp(key, "env"))
        return add_env(m, c, value);
    if (!strcmp(key, "allow"))
        return add_allow(m, c, value);
    if (!strcmp(key, "no-default-allow"))
        return parse_bool(c, key, value, &m->no_default_allow);
    if (!strcmp(key, "quiet-denials"))
        return parse_bool(c, key, value, &m->quiet_denials);
    char reason[PATH_MAX + 128];
    int rdp = rdp_settings_manifest_key(&m->rdp, key, value, c->base, reason, sizeof(reason));
    if (rdp != 0)
        return rdp < 0 ? line_error(c, "%s", reason) : 0;
    return line_error(c, "unknown key '%s'", key);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static bool valid_key(const char *key)
{
    if (!*key)
        return false;
    for (; *key; key++)
        if (!((*key >= 'a' && *key <= 'z') || (*key >= '0' && *key <= '9') || *key == '-'))
            return false;
    return true;
}

/* One line, NUL-terminated, without its '\n'. */
static int parse_line(struct manifest *m, const struct line_ctx *c, char *line)
{
    char *s = trim(line);

    if (!*s || *s == '#')
        return 0;
    char *eq = strchr(s, '=');
    if (!eq)
        return line_error(c, "expected 'key = value'");
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (!valid_key(key))
        return line_error(c, "expected 'key = value'");
    size_t n = strlen(value);
    if (n >= 2 && value[0] == '"' && value[n - 1] == '"') {
        value[n - 1] = '\0';
        value++;
    }
    return apply_key(m, c, key, value);
}

int manifest_parse(struct manifest *m, const char *text, size_t len,
                   const char *name, const char *base, char *err, size_t errlen)
{
    struct line_ctx c = { .name = name, .base = base, .err = err, .errlen = errlen };
    size_t pos = 0;

    if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
        pos = 3;   /* a UTF-8 byte order mark */
    while (pos < len) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
        c.lineno++;
        if (memchr(text + pos, '\0', n))
            return line_error(&c, "NUL byte in line");
        char *line = strndup(text + pos, n);
        if (!line)
            return line_error(&c, "out of memory");
        int rc = parse_line(m, &c, line);
        free(line);
        if (rc < 0)
            return -1;
        pos += n + 1;
    }
    return 0;
}

/* Read the whole (small) file into a new buffer. */
static char *read_small_file(const char *path, size_t *len, char *err, size_t errlen)
{
    struct stat st;
    char *buf = NULL;

    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > MANIFEST_MAX_SIZE) {
        snprintf(err, errlen, "%s: %s", path, S_ISREG(st.st_mode) ? "too large for a manifest"
                                                                : "not a regular file");
        goto out;
    }
    buf = malloc((size_t)st.st_size + 1);
    ssize_t n = buf ? read(fd, buf, (size_t)st.st_size) : -1;
    if (n < 0) {
        snprintf(err, errlen, "%s: %s", path, buf ? strerror(errno) : "out of memory");
        free(buf);
        buf = NULL;
        goto out;
    }
    *len = (size_t)n;
out:
    if (fd >= 0)
        close(fd);
    return buf;
}

int manifest_load(struct manifest *m, const char *path, char *err, size_t errlen)
{
    char abs[PATH_MAX], base[PATH_MAX];
    size_t len = 0;

    if (path_absolute(abs, sizeof(abs), path, NULL) < 0 ||
        path_dirname(base, sizeof(base), abs) < 0) {
        snprintf(err, errlen, "%s: path too long", path);
        return -1;
    }
    char *text = read_small_file(path, &len, err, errlen);
    if (!text)
        return -1;
    int rc = manifest_parse(m, text, len, path, base, err, errlen);
    free(text);
    return rc;
}

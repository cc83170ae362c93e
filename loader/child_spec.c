/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * child_spec.c - the child spec record (child.h).
 *
 * A sequence of records: tag (4 bytes), length (4 bytes), bytes;
 * little-endian, as the one machine that writes it reads it.  Strings
 * carry no NUL.  Unknown tags are an error: parent and child are the same
 * keep binary.  An end record closes the spec, so a cut one is refused.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "child.h"
#include "util.h"

enum spec_tag {
    TAG_SELF = 1, TAG_KERNEL, TAG_INSTANCE, TAG_WINE_DLLS, TAG_WINE_DATA, TAG_USER, TAG_CWD,
    TAG_PROGRAM, TAG_DEBUG, TAG_QUIET, TAG_STREAMS, TAG_RULE_RO, TAG_RULE_RW, TAG_BOOT, TAG_STREAM_FLAGS, TAG_END, TAG_WINE_UNIX, TAG_REGISTRY_BASE, TAG_RUNTIME_DIR,
    TAG_DISPLAY_WIDTH, TAG_DISPLAY_HEIGHT,
};



void child_spec_free(struct child_spec *s)
{
    free(s->self_exe);
    free(s->kernel_path);
    free(s->instance_dir);
    free(s->wine_dlls);
    free(s->wine_data);
    free(s->wine_unix);
    free(s->registry_base);
    free(s->runtime_dir);
    free(s->user);
    free(s->cwd);
    free(s->program_path);
    policy_free(&s->policy);
    free(s->boot);
    free(s->stream_flags);
    memset(s, 0, sizeof(*s));
}

/* ---- Encoding ------------------------------------------------------------- */

struct buf {
    char *data;
    size_t len, cap;
    int failed;
};

static void put(struct buf *b, uint32_t tag, const void *data, size_t len)
{
    uint32_t head[2] = { tag, (uint32_t)len };

    if (b->failed || len > CHILD_SPEC_MAX) {
        b->failed = 1;
        return;
    }
    if (b->len + sizeof(head) + len > b->cap) {
        size_t cap = (b->len + sizeof(head) + len) * 2;
        char *n = realloc(b->data, cap);
        if (!n) {
            b->failed = 1;
            return;
        }
        b->data = n;
        b->cap = cap;
    }
    memcpy(b->data + b->len, head, sizeof(head));
    if (len)
        memcpy(b->data + b->len + sizeof(head), data, len);
    b->len += sizeof(head) + len;
}

static void put_str(struct buf *b, uint32_t tag, const char *s)
{
    if (s)
        put(b, tag, s, strlen(s));
}

static void put_u32(struct buf *b, uint32_t tag, uint32_t v)
{
    put(b, tag, &v, sizeof(v));
}

void *child_spec_encode(const struct child_spec *s, size_t *size)
{
    struct buf b = { 0 };

    put_str(&b, TAG_SELF, s->self_exe);
    put_str(&b, TAG_KERNEL, s->kernel_path);
    put_str(&b, TAG_INSTANCE, s->instance_dir);
    put_str(&b, TAG_WINE_DLLS, s->wine_dlls);
    put_str(&b, TAG_WINE_DATA, s->wine_data);
    put_str(&b, TAG_WINE_UNIX, s->wine_unix);
    put_str(&b, TAG_REGISTRY_BASE, s->registry_base);
    put_str(&b, TAG_RUNTIME_DIR, s->runtime_dir);
    put_str(&b, TAG_USER, s->user);
    put_str(&b, TAG_CWD, s->cwd);
    put_str(&b, TAG_PROGRAM, s->program_path);
    put_u32(&b, TAG_DEBUG, s->debug_flags);
    put_u32(&b, TAG_QUIET, s->quiet_denials);
    if (s->display_width) {
        put_u32(&b, TAG_DISPLAY_WIDTH, s->display_width);
        put_u32(&b, TAG_DISPLAY_HEIGHT, s->display_height);
    }
    put_u32(&b, TAG_STREAMS, s->stream_count);
    for (size_t i = 0; i < s->policy.n; i++)
        put_str(&b, s->policy.rules[i].access == HOST_POLICY_RW ? TAG_RULE_RW : TAG_RULE_RO,
                s->policy.rules[i].path);
    put(&b, TAG_BOOT, s->boot, s->boot_size);
    if (s->stream_flag_count)
        put(&b, TAG_STREAM_FLAGS, s->stream_flags, s->stream_flag_count * sizeof(unsigned));
    put(&b, TAG_END, NULL, 0);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    *size = b.len;
    return b.data;
}

/* ---- Decoding ------------------------------------------------------------- */

static char **string_field(struct child_spec *s, uint32_t tag)
{
    switch (tag) {
    case TAG_SELF: return &s->self_exe;
    case TAG_KERNEL: return &s->kernel_path;
    case TAG_INSTANCE: return &s->instance_dir;
    case TAG_WINE_DLLS: return &s->wine_dlls;
    case TAG_WINE_DATA: return &s->wine_data;
    case TAG_WINE_UNIX: return &s->wine_unix;
    case TAG_REGISTRY_BASE: return &s->registry_base;
    case TAG_RUNTIME_DIR: return &s->runtime_dir;
    case TAG_USER: return &s->user;
    case TAG_CWD: return &s->cwd;
    case TAG_PROGRAM: return &s->program_path;
    default: return NULL;
    }
}

static unsigned *number_field(struct child_spec *s, uint32_t tag)
{
    switch (tag) {
    case TAG_DEBUG: return &s->debug_flags;
    case TAG_QUIET: return &s->quiet_denials;
    case TAG_STREAMS: return &s->stream_count;
    case TAG_DISPLAY_WIDTH: return &s->display_width;
    case TAG_DISPLAY_HEIGHT: return &s->display_height;
    default: return NULL;
    }
}

/* One record into s; a reason when it does not fit the tag. */
static const char *take(struct child_spec *s, uint32_t tag, const char *v, uint32_t len)
{
    char **str = string_field(s, tag);
    unsigned *num = number_field(s, tag);

    if (str) {
        if (*str || memchr(v, 0, len) || !(*str = strndup(v, len)))
            return "a repeated, NUL-holding or unreadable string";
        return NULL;
    }
    if (num) {
        if (len != sizeof(uint32_t))
            return "a number of the wrong size";
        memcpy(num, v, sizeof(uint32_t));
        return NULL;
    }
    if (tag == TAG_RULE_RO || tag == TAG_RULE_RW) {
        char *path = strndup(v, len);
        int r = path && len && path[0] == '/' && !memchr(v, 0, len)
                    ? policy_add(&s->policy, path, tag == TAG_RULE_RW ? HOST_POLICY_RW : HOST_POLICY_RO)
                    : -1;
        free(path);
        return r < 0 ? "a bad policy rule" : NULL;
    }
    if (tag == TAG_BOOT) {
        if (s->boot || !(s->boot = malloc(len ? len : 1)))
            return "a repeated or unreadable boot record";
        memcpy(s->boot, v, len);
        s->boot_size = len;
        return NULL;
    }
    if (tag == TAG_STREAM_FLAGS) {
        if (s->stream_flags || !len || len % sizeof(unsigned) ||
            !(s->stream_flags = malloc(len)))
            return "a repeated or unreadable stream flags record";
        memcpy(s->stream_flags, v, len);
        s->stream_flag_count = len / sizeof(unsigned);
        return NULL;
    }
    return "an unknown record";
}

int child_spec_decode(const void *data, size_t size, struct child_spec *out, char *err,
                      size_t errlen)
{
    const char *p = data, *why = NULL;
    size_t pos = 0;

    int ended = 0;

    memset(out, 0, sizeof(*out));
    while (!why && !ended && pos < size) {
        uint32_t head[2];
        if (size - pos < sizeof(head)) {
            why = "a truncated record";
            break;
        }
        memcpy(head, p + pos, sizeof(head));
        pos += sizeof(head);
        if (head[1] > size - pos) {
            why = "a truncated record";
            break;
        }
        ended = head[0] == TAG_END;
        why = ended ? NULL : take(out, head[0], p + pos, head[1]);
        pos += head[1];
    }
    if (!why && (!ended || pos != size))
        why = ended ? "bytes after the end" : "a truncated spec";
    if (!why && (!out->self_exe || !out->kernel_path || !out->instance_dir || !out->wine_dlls ||
                 !out->wine_data || !out->user || !out->cwd || !out->program_path))
        why = "a missing field";
    if (!why && out->stream_count != out->stream_flag_count)
        why = "stream flags that do not match the stream count";
    if (!why)
        return 0;
    fmt(err, errlen, "child spec: %s at byte %zu", why, pos);
    child_spec_free(out);
    return -1;
}


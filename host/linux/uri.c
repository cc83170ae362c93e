/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * uri.c - the URIs of the host ABI: file:, dir:, stdio:, pipe:, display:, tcp:,
 * udp:, ctl:.
 */
#define _GNU_SOURCE 1
#include <limits.h>
#include <string.h>

#include "host/linux/host_linux.h"

static const struct {
    const char *name;
    unsigned scheme;
} schemes[] = {
    { "file", HOST_SCHEME_FILE }, { "dir", HOST_SCHEME_DIR }, { "stdio", HOST_SCHEME_STDIO },
    { "pipe", HOST_SCHEME_PIPE }, { "tcp", HOST_SCHEME_TCP }, { "udp", HOST_SCHEME_UDP },
    { "display", HOST_SCHEME_DISPLAY },
    { "ctl", HOST_SCHEME_CTL },
    { "lib", HOST_SCHEME_LIB },
};

static int parse_rest(struct host_uri *out)
{
    const char *rest = out->rest;

    switch (out->scheme) {
    case HOST_SCHEME_FILE:
    case HOST_SCHEME_DIR:
        /* Absolute paths only: no working directory to be relative to. */
        return rest[0] == '/' ? HOST_OK : HOST_EINVAL;
    case HOST_SCHEME_STDIO:
        if (rest[0] < '0' || rest[0] > '2' || rest[1])
            return HOST_EINVAL;
        out->stdio_fd = rest[0] - '0';
        return HOST_OK;
    case HOST_SCHEME_PIPE:
    case HOST_SCHEME_DISPLAY:
    case HOST_SCHEME_CTL:
        return rest[0] ? HOST_EINVAL : HOST_OK;
    case HOST_SCHEME_LIB:
        return host_lib_name_valid(rest) ? HOST_OK : HOST_EINVAL;
    default:
        return HOST_OK;
    }
}

int host_uri_parse(const char *uri, struct host_uri *out)
{
    const char *colon = uri ? strchr(uri, ':') : NULL;

    if (!colon)
        return HOST_EINVAL;
    for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
        size_t n = strlen(schemes[i].name);
        if ((size_t)(colon - uri) == n && memcmp(uri, schemes[i].name, n) == 0) {
            out->scheme = schemes[i].scheme;
            out->rest = colon + 1;
            out->stdio_fd = -1;
            return parse_rest(out);
        }
    }
    return HOST_EINVAL;
}

/* The scheme of a file: or dir: URI accepted by the mask, or an error. */
static int parse_path_uri(const char *uri, unsigned accepted, struct host_uri *u)
{
    int r;

    if ((r = host_uri_parse(uri, u)) < 0)
        return r;
    if (u->scheme == HOST_SCHEME_TCP || u->scheme == HOST_SCHEME_UDP)
        return HOST_ENOSYS;
    if (!(accepted & (1u << u->scheme)))
        return HOST_EINVAL;
    return HOST_OK;
}

int host_uri_direct(const char *uri, unsigned accepted, unsigned need, char *path,
                    unsigned *scheme_out)
{
    struct host_uri u;
    int r;

    if ((r = parse_path_uri(uri, accepted, &u)) < 0 ||
        (r = host_path_normalise(u.rest, path)) < 0)
        return r;
    if (scheme_out)
        *scheme_out = u.scheme;
    return host_policy_decide(path, need) == HOST_OK;
}

int host_uri_resolve(const char *uri, unsigned accepted, unsigned follow, unsigned need,
                     const char *op, char *canonical, unsigned *scheme_out)
{
    struct host_uri u;
    int r;

    if ((r = parse_path_uri(uri, accepted, &u)) < 0)
        return r;
    if ((r = host_path_canonical(u.rest, follow, canonical)) < 0)
        return r;
    if ((r = host_policy_check(canonical, need, op)) < 0)
        return r;
    if (scheme_out)
        *scheme_out = u.scheme;
    return HOST_OK;
}

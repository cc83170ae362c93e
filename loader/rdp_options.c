/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rdp_options.c - the RDP settings of a run; see rdp_options.h.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rdp/options.h"
#include "rdp_options.h"

int rdp_settings_listen(struct rdp_settings *r, const char *spec, char *err, size_t errlen)
{
    if (rdp_parse_listen(spec, r->addr, sizeof(r->addr), &r->port) < 0) {
        snprintf(err, errlen, "rdp: '%s' is not [ADDR:]PORT (a bare port listens on 127.0.0.1)", spec);
        return -1;
    }
    r->on = true;
    return 0;
}

int rdp_settings_size(struct rdp_settings *r, const char *spec, char *err, size_t errlen)
{
    if (rdp_parse_size(spec, &r->width, &r->height) < 0) {
        snprintf(err, errlen, "rdp-size: '%s' is not WxH (1 to 8192 each)", spec);
        return -1;
    }
    return 0;
}

static int set_string(char **slot, const char *value, char *err, size_t errlen)
{
    free(*slot);
    *slot = strdup(value);
    if (!*slot) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* The first line of a file, relative to base unless absolute. */
static int read_password_file(struct rdp_settings *r, const char *value, const char *base, char *err,
                              size_t errlen)
{
    char path[PATH_MAX], line[512] = "";
    FILE *f;

    if (value[0] == '/' || !base)
        snprintf(path, sizeof(path), "%s", value);
    else
        snprintf(path, sizeof(path), "%s/%s", base, value);
    f = fopen(path, "r");
    if (!f || !fgets(line, sizeof(line), f)) {
        if (f)
            fclose(f);
        snprintf(err, errlen, "rdp-password-file: cannot read a password from '%s'", path);
        return -1;
    }
    fclose(f);
    line[strcspn(line, "\r\n")] = '\0';
    if (!line[0]) {
        snprintf(err, errlen, "rdp-password-file: '%s' has an empty first line", path);
        return -1;
    }
    return set_string(&r->password, line, err, errlen);
}

int rdp_settings_manifest_key(struct rdp_settings *r, const char *key, const char *value, const char *base,
                              char *err, size_t errlen)
{
    int rc;

    if (!strcmp(key, "rdp"))
        rc = rdp_settings_listen(r, value, err, errlen);
    else if (!strcmp(key, "rdp-size"))
        rc = rdp_settings_size(r, value, err, errlen);
    else if (!strcmp(key, "rdp-user"))
        rc = set_string(&r->user, value, err, errlen);
    else if (!strcmp(key, "rdp-password"))
        rc = set_string(&r->password, value, err, errlen);
    else if (!strcmp(key, "rdp-password-file"))
        rc = read_password_file(r, value, base, err, errlen);
    else
        return 0;
    return rc < 0 ? -1 : 1;
}

void rdp_settings_free(struct rdp_settings *r)
{
    free(r->user);
    free(r->password);
    memset(r, 0, sizeof(*r));
}

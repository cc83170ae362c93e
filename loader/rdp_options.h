/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rdp_options.h - the RDP settings of a run: `keep run --rdp [ADDR:]PORT
 * --rdp-size WxH` and the manifest keys rdp, rdp-size, rdp-user,
 * rdp-password, rdp-password-file (docs/manifest.md, docs/rdp.md).
 * Checked here; serving them waits on keep's windowing (docs/rdp.md).
 */
#ifndef KEEP_LOADER_RDP_OPTIONS_H
#define KEEP_LOADER_RDP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct rdp_settings {
    bool on;              /* an address was given */
    char addr[256];       /* 127.0.0.1 unless given */
    unsigned port;
    unsigned width, height; /* 0: the first client's size */
    char *user, *password;  /* password NULL: no authentication */
};

/* --rdp and rdp = [ADDR:]PORT; --rdp-size and rdp-size = WxH.  0, or -1
 * with a reason in err. */
int rdp_settings_listen(struct rdp_settings *r, const char *spec, char *err, size_t errlen);
int rdp_settings_size(struct rdp_settings *r, const char *spec, char *err, size_t errlen);

/* A manifest key: 1 when it is an rdp key and was applied, 0 when it is
 * not an rdp key, -1 with a reason in err.  base: the manifest's
 * directory, for a relative rdp-password-file. */
int rdp_settings_manifest_key(struct rdp_settings *r, const char *key, const char *value, const char *base,
                              char *err, size_t errlen);

void rdp_settings_free(struct rdp_settings *r);

#endif /* KEEP_LOADER_RDP_OPTIONS_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rdp_serve.h - `keep run --rdp`: the monitor makes the display region,
 * starts the RDP server for it in a process of its own (keep-rdp-test
 * --display-fd: the server never runs in the picoprocess) and hands the
 * region to the kernel as the host's display: stream (docs/rdp.md).
 */
#ifndef KEEP_LOADER_RDP_SERVE_H
#define KEEP_LOADER_RDP_SERVE_H

#include <stddef.h>

#include "rdp_options.h"

/* Where keep-rdp-test is: beside keep, or in the build tree.  0 or -1. */
int rdp_server_program(char *out, size_t size);

/* Default display size when neither --rdp-size nor the manifest gives one. */
#define RDP_SERVE_DEFAULT_WIDTH 1024
#define RDP_SERVE_DEFAULT_HEIGHT 768

/* Make the region, start its server (certificate in instance_dir) and give
 * the region to the host.  The server stops when this process ends.
 * 0, or a keep exit status after reporting why. */
int rdp_serve_start(const struct rdp_settings *r, const char *instance_dir);

#endif /* KEEP_LOADER_RDP_SERVE_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * start.h - the last steps of starting a picoprocess, shared by "keep run"
 * and "keep __child": configure the host from a spec, then load the kernel
 * and hand it the process.
 */
#ifndef KEEP_LOADER_START_H
#define KEEP_LOADER_START_H

#include "child.h"
#include "keep_boot.h"

/*
 * host_init, the policy (exactly self->policy), the denial log, and the
 * spawner for the program's own children (which start from self, so self
 * must live as long as the process).  0 or a keep exit status.
 */
int start_prepare_host(struct child_spec *self);

/* Fill boot's common fields (size, version, paths, user, debug flags)
 * from self. */
void start_fill_boot(const struct child_spec *self, struct keep_boot *boot);

/*
 * Load self->kernel_path and call it with boot, whose common fields
 * start_fill_boot fills.  Returns only if the program could not start: a
 * keep exit status.
 */
int start_kernel_main(const struct child_spec *self, struct keep_boot *boot);

#endif /* KEEP_LOADER_START_H */

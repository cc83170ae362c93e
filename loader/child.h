/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * child.h - child picoprocesses, the monitor's part.
 *
 * When a program creates a process, its kernel asks the host
 * (host_process_spawn), and the host asks the monitor's spawner: a new
 * keep process, "keep __child", started with the parent's settings.  The
 * settings travel in a child spec, a small tagged binary record written to
 * a memfd; the child reads it, configures its host the same way (the
 * policy exactly as the parent's: a child never gets more than its parent)
 * and starts its kernel with what the parent's kernel handed over.
 *
 * Descriptors of "keep __child": 3 = the parent stream, 4 = the spec,
 * 5, 6, ... = the streams the parent's kernel passed, in order.
 */
#ifndef KEEP_LOADER_CHILD_H
#define KEEP_LOADER_CHILD_H

#include <spawn.h>
#include <stddef.h>

#include "policy.h"

#define CHILD_FD_CONTROL 3
#define CHILD_FD_SPEC 4
#define CHILD_FD_STREAMS 5

/* The largest spec a child accepts. */
#define CHILD_SPEC_MAX (64u << 20)

/* Everything a child keep needs to start like its parent. */
struct child_spec {
    char *self_exe;             /* the keep binary */
    char *kernel_path;
    char *instance_dir;
    char *wine_dlls;
    char *wine_data;
    char *wine_unix;            /* Wine's unix libraries; "" or NULL: none */
    char *registry_base;        /* the read-only base registry; NULL: none */
    char *runtime_dir;          /* the instance's runtime directory; NULL: none */
    char *user;
    char *cwd;
    char *program_path;         /* the child's program, canonical */
    unsigned display_width;     /* keep run --rdp's display (kept in a */
    unsigned display_height;    /* snapshot for keep resume --rdp); 0: none */
    unsigned debug_flags;
    unsigned quiet_denials;
    unsigned stream_count;      /* descriptors from CHILD_FD_STREAMS on */
    unsigned *stream_flags;     /* host_stream_adopt's flags, one per stream */
    size_t stream_flag_count;
    struct policy policy;
    void *boot;                 /* the parent kernel's data for the child's */
    size_t boot_size;
};

void child_spec_free(struct child_spec *s);

/* Encode s into a malloc'ed buffer; NULL when out of memory. */
void *child_spec_encode(const struct child_spec *s, size_t *size);

/* Decode a spec (every field owned by *out afterwards).  -1 with a
 * reason in err for a malformed or truncated record. */
int child_spec_decode(const void *data, size_t size, struct child_spec *out, char *err,
                      size_t errlen);

/*
 * The spawner the monitor gives the host (host_set_spawner): ctx is the
 * running picoprocess's own spec (program_path, boot and stream_count are
 * replaced by the request's).  Starts "keep __child" with posix_spawn.
 */
int child_spawner(void *ctx, const struct host_spawn_request *req, int *pid);

/* Give a posix_spawn'ed process fd as descriptor target: fd is parked
 * (*parked, the caller closes it after the spawn) at or above floor first,
 * so that no dup2 overwrites a descriptor a later one still needs. */
int child_plan_fd(posix_spawn_file_actions_t *fa, int fd, int target, int floor, int *parked);

/* keep __child: be the child picoprocess.  Returns only on failure. */
int cmd_child(int argc, char **argv);

#endif /* KEEP_LOADER_CHILD_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * instance.h - keep instances: one directory per Windows "machine",
 * holding drive C: and an instance.conf marker.
 *
 * Instances live in $KEEP_INSTANCE_DIR/NAME when that is set, else in
 * $XDG_DATA_HOME/keep/NAME ($XDG_DATA_HOME defaults to ~/.local/share).
 */
#ifndef KEEP_LOADER_INSTANCE_H
#define KEEP_LOADER_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

#define INSTANCE_MARKER "instance.conf"
#define INSTANCE_FORMAT_VERSION 1
#define INSTANCE_NAME_MAX 64
#define INSTANCE_DEFAULT "default"
#define USER_NAME_MAX 64

/* [A-Za-z0-9._-], 1..64 characters, not starting with '.'. */
bool instance_name_valid(const char *name);

/*
 * The directory that holds the instances, from the environment.
 * Returns 0, or -1 with a reason in err.
 */
int instance_root(char *out, size_t size, char *err, size_t errlen);

/*
 * The Windows user name: $USER, else the passwd name, else "user";
 * sanitised to [A-Za-z0-9._-] (other bytes become '_').
 */
void instance_user_name(char *out, size_t size);

/* Sanitise name into out as instance_user_name does. */
void instance_sanitise_user(const char *name, char *out, size_t size);

/* true if dir holds a valid keep instance marker of a version we read. */
bool instance_is_instance(const char *dir);

enum instance_status {
    INSTANCE_OK = 0,
    INSTANCE_ERROR = -1,     /* reason in err */
    INSTANCE_EXISTS = -2,    /* create: already there */
    INSTANCE_MISSING = -3,   /* remove: no such instance */
    INSTANCE_FOREIGN = -4,   /* not a keep instance: refused */
};

/*
 * Create instance name under root (which is created if missing), with
 * drive_c's standard folders for user.  The tree is built under a
 * temporary name and renamed into place, so it appears complete or not
 * at all.  dir receives the instance directory.
 */
int instance_create(const char *root, const char *name, const char *user,
                    char *dir, size_t dirlen, char *err, size_t errlen);

/*
 * Open instance name for a run: create it on first use, check the
 * marker, and make sure user's folders exist (a different $USER may use
 * an existing instance).
 */
int instance_open(const char *root, const char *name, const char *user,
                  char *dir, size_t dirlen, char *err, size_t errlen);

/*
 * The instance's runtime directory, where the kernel keeps what lives only
 * while the instance's "machine" runs (its volatile registry keys):
 * $XDG_RUNTIME_DIR/keep/HASH, or /dev/shm/keep-UID/HASH without one; HASH
 * names the canonical instance directory, so two instances share nothing.
 * Created (mode 0700) if missing; a parent that is not a private
 * directory of this user is refused.  Returns INSTANCE_OK, or
 * INSTANCE_MISSING when there is no memory-backed place (out[0] = 0), or
 * INSTANCE_ERROR with a reason in err.
 */
int instance_runtime_dir(const char *instance_dir, char *out, size_t size, char *err,
                         size_t errlen);

/* Delete instance name recursively, after checking its marker, and its
 * runtime directory (instance_runtime_dir) if there is one. */
int instance_remove(const char *root, const char *name, char *err, size_t errlen);

/*
 * Call fn for each instance under root, in name order.  A missing root
 * has no instances.  Returns 0 or -1 with a reason in err.
 */
int instance_list(const char *root, void (*fn)(const char *name, void *arg),
                  void *arg, char *err, size_t errlen);

#endif /* KEEP_LOADER_INSTANCE_H */

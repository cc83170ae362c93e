/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * instance.c - create, open, list and remove keep instances.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "instance.h"
#include "util.h"

#define MAX_TREE_DEPTH 256

/* Folders of drive C: every instance has (the user's come on top). */
static const char *const drive_dirs[] = {
    "drive_c/windows/system32",
    "drive_c/windows/temp",
    "drive_c/ProgramData",
    "drive_c/Program Files",
    "drive_c/Program Files (x86)",
    "drive_c/users/Public",
};

static const char *const user_dirs[] = {
    "Desktop",
    "Documents",
    "AppData/Roaming",
    "AppData/Local",
    "AppData/Local/Temp",
};

static const char *const reserved_names[] = {
    "con", "prn", "aux", "nul",
    "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
    "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
};

static int fail(char *err, size_t errlen, int status, const char *format, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t errlen, int status, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    if (errlen)
        vsnprintf(err, errlen, format, ap);
    va_end(ap);
    return status;
}

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

bool instance_name_valid(const char *name)
{
    size_t len = name ? strlen(name) : 0;

    if (len == 0 || len > INSTANCE_NAME_MAX || name[0] == '.')
        return false;
    for (size_t i = 0; i < len; i++)
        if (!name_char(name[i]))
            return false;
    return true;
}

/*
 * This user's entry in /etc/passwd: field 0 is the name, 5 the home
 * directory.  keep is a static executable, which cannot load the name
 * service modules getpwuid(3) would use for users of other databases
 * (LDAP, ...): those set HOME and USER, as login does.
 */
static bool user_field(int field, char *out, size_t size)
{
    FILE *f = fopen("/etc/passwd", "re");
    char *line = NULL, *fields[7];
    size_t cap = 0;
    bool found = false;

    if (!f)
        return false;
    while (!found && getline(&line, &cap, f) > 0) {
        char *p = line, *end;
        int n = 0;
        line[strcspn(line, "\n")] = '\0';
        for (; n < 7 && p; n++)
            fields[n] = strsep(&p, ":");
        if (n < 7 || !fields[2][0])
            continue;       /* not an entry */
        unsigned long uid = strtoul(fields[2], &end, 10);
        found = !*end && uid == (unsigned long)getuid() &&
                fmt(out, size, "%s", fields[field]) == 0;
    }
    free(line);
    fclose(f);
    return found;
}

/* The base for $XDG_DATA_HOME: the home directory. */
static const char *home_dir(void)
{
    static char dir[PATH_MAX];
    const char *home = getenv("HOME");

    if (home && home[0] == '/')
        return home;
    return user_field(5, dir, sizeof(dir)) && dir[0] == '/' ? dir : NULL;
}

int instance_root(char *out, size_t size, char *err, size_t errlen)
{
    const char *dir = getenv("KEEP_INSTANCE_DIR");
    const char *xdg = getenv("XDG_DATA_HOME");
    char base[PATH_MAX];

    if (dir && *dir) {
        if (path_absolute(out, size, dir, NULL) < 0)
            return fail(err, errlen, -1, "KEEP_INSTANCE_DIR: path too long");
        return 0;
    }
    if (xdg && xdg[0] == '/') {   /* relative values are ignored (XDG spec) */
        if (fmt(base, sizeof(base), "%s", xdg) < 0)
            return fail(err, errlen, -1, "XDG_DATA_HOME: path too long");
    } else {
        const char *home = home_dir();
        if (!home)
            return fail(err, errlen, -1, "cannot find the home directory: set HOME or KEEP_INSTANCE_DIR");
        if (path_join(base, sizeof(base), home, ".local/share") < 0)
            return fail(err, errlen, -1, "HOME: path too long");
    }
    if (path_join(out, size, base, "keep") < 0 ||
        path_absolute(out, size, out, NULL) < 0)
        return fail(err, errlen, -1, "instance directory: path too long");
    return 0;
}

static bool reserved_user_name(const char *name)
{
    for (size_t i = 0; i < sizeof(reserved_names) / sizeof(*reserved_names); i++)
        if (strcasecmp(name, reserved_names[i]) == 0)
            return true;
    return false;
}

void instance_sanitise_user(const char *name, char *out, size_t size)
{
    size_t n = 0;

    if (size == 0)
        return;
    for (; name && name[n] && n + 1 < size && n < USER_NAME_MAX; n++)
        out[n] = name_char(name[n]) ? name[n] : '_';
    out[n] = '\0';
    /* Windows drops trailing dots; "." and ".." are not names. */
    if (n && out[0] == '.')
        out[0] = '_';
    if (n && out[n - 1] == '.')
        out[n - 1] = '_';
    if ((n == 0 || reserved_user_name(out)) && size > 4)
        snprintf(out, size, "user");
}

void instance_user_name(char *out, size_t size)
{
    const char *user = getenv("USER");
    char name[256];

    if ((!user || !*user) && user_field(0, name, sizeof(name)))
        user = name;
    instance_sanitise_user(user, out, size);
}

/* The marker's format version, 0 if dir has no valid marker. */
static long marker_version(const char *dir)
{
    char path[PATH_MAX], line[256];
    long version = 0;

    if (path_join(path, sizeof(path), dir, INSTANCE_MARKER) < 0)
        return 0;
    FILE *f = fopen(path, "re");
    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f)) {
        char *end;
        if (strncmp(line, "format = ", 9) != 0)
            continue;
        long v = strtol(line + 9, &end, 10);
        if (v > 0 && (*end == '\n' || *end == '\0'))
            version = v;
        break;
    }
    fclose(f);
    return version;
}

bool instance_is_instance(const char *dir)
{
    long v = marker_version(dir);
    return v > 0 && v <= INSTANCE_FORMAT_VERSION;
}

static int write_marker(const char *dir, const char *name)
{
    char path[PATH_MAX];

    if (path_join(path, sizeof(path), dir, INSTANCE_MARKER) < 0)
        return -1;
    FILE *f = fopen(path, "wxe");
    if (!f)
        return -1;
    fprintf(f, "# keep instance '%s': this file marks the directory as a keep\n"
               "# instance (keep instance remove refuses directories without it).\n"
               "format = %d\n", name, INSTANCE_FORMAT_VERSION);
    return fclose(f) == 0 ? 0 : -1;
}

static int make_subdir(const char *dir, const char *sub)
{
    char path[PATH_MAX];

    if (path_join(path, sizeof(path), dir, sub) < 0) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkdir_p(path, 0755);
}

/* Make sure the standard folders of drive C: and user's exist in dir. */
static int make_tree(const char *dir, const char *user, char *err, size_t errlen)
{
    char sub[PATH_MAX];

    for (size_t i = 0; i < sizeof(drive_dirs) / sizeof(*drive_dirs); i++)
        if (make_subdir(dir, drive_dirs[i]) < 0)
            return fail(err, errlen, INSTANCE_ERROR, "%s/%s: %s", dir, drive_dirs[i], strerror(errno));
    for (size_t i = 0; i < sizeof(user_dirs) / sizeof(*user_dirs); i++) {
        if (fmt(sub, sizeof(sub), "drive_c/users/%s/%s", user, user_dirs[i]) < 0 ||
            make_subdir(dir, sub) < 0)
            return fail(err, errlen, INSTANCE_ERROR, "%s/%s: %s", dir, sub, strerror(errno));
    }
    return INSTANCE_OK;
}

static int remove_tree_at(int parent, const char *name, int depth);

/* Remove the entries of the directory open as fd (closed here). */
static int remove_entries(int fd, int depth)
{
    struct stat st;
    struct dirent *e;
    int rc = 0;

    /* A program may have left a read-only directory behind. */
    if (fstat(fd, &st) == 0 && (st.st_mode & 0700) != 0700)
        fchmod(fd, (st.st_mode & 07777) | 0700);
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return -1;
    }
    while (rc == 0 && (errno = 0, e = readdir(d))) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            rc = remove_tree_at(dirfd(d), e->d_name, depth + 1);
    }
    if (rc == 0 && errno)
        rc = -1;
    closedir(d);
    return rc;
}

/* rm -rf of parent/name without following symbolic links. */
static int remove_tree_at(int parent, const char *name, int depth)
{
    if (unlinkat(parent, name, 0) == 0 || errno == ENOENT)
        return 0;
    if (errno != EISDIR && errno != EPERM)
        return -1;
    if (depth > MAX_TREE_DEPTH) {
        errno = ELOOP;
        return -1;
    }
    int fd = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || remove_entries(fd, depth) < 0)
        return -1;
    return unlinkat(parent, name, AT_REMOVEDIR);
}

static int remove_tree(const char *path)
{
    return remove_tree_at(AT_FDCWD, path, 0);
}

/* Move tmp to final unless final exists.  Returns 0, or -1 with errno. */
static int rename_noreplace(const char *tmp, const char *final)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS)
        return -1;
    /* A file system without RENAME_NOREPLACE: rename fails on a full dir. */
    struct stat st;
    if (lstat(final, &st) == 0) {
        errno = EEXIST;
        return -1;
    }
    return rename(tmp, final);
}

int instance_create(const char *root, const char *name, const char *user,
                    char *dir, size_t dirlen, char *err, size_t errlen)
{
    char tmp[PATH_MAX], tmpname[INSTANCE_NAME_MAX + 32];
    struct stat st;
    int rc;

    if (!instance_name_valid(name))
        return fail(err, errlen, INSTANCE_ERROR, "invalid instance name '%s' (use 1 to %d of A-Z a-z 0-9 . _ -, not starting with '.')",
                    name, INSTANCE_NAME_MAX);
    if (path_join(dir, dirlen, root, name) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: path too long", root);
    if (mkdir_p(root, 0700) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: %s", root, strerror(errno));
    if (lstat(dir, &st) == 0)
        return fail(err, errlen, INSTANCE_EXISTS, "instance '%s' already exists (%s)", name, dir);

    snprintf(tmpname, sizeof(tmpname), ".%s.new.%ld", name, (long)getpid());
    if (path_join(tmp, sizeof(tmp), root, tmpname) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: path too long", root);
    remove_tree(tmp);   /* left over by a crashed keep with our pid */
    if (mkdir(tmp, 0755) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: %s", tmp, strerror(errno));
    rc = make_tree(tmp, user, err, errlen);
    if (rc == INSTANCE_OK && write_marker(tmp, name) < 0)
        rc = fail(err, errlen, INSTANCE_ERROR, "%s/%s: %s", tmp, INSTANCE_MARKER, strerror(errno));
    if (rc == INSTANCE_OK && rename_noreplace(tmp, dir) < 0)
        rc = (errno == EEXIST || errno == ENOTEMPTY)
             ? fail(err, errlen, INSTANCE_EXISTS, "instance '%s' already exists (%s)", name, dir)
             : fail(err, errlen, INSTANCE_ERROR, "%s: %s", dir, strerror(errno));
    if (rc != INSTANCE_OK)
        remove_tree(tmp);
    return rc;
}

/* Check that dir is a keep instance we can use. */
static int check_existing(const char *dir, char *err, size_t errlen)
{
    struct stat st;

    if (lstat(dir, &st) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return fail(err, errlen, INSTANCE_FOREIGN, "%s is not a keep instance (not a directory)", dir);
    long v = marker_version(dir);
    if (v == 0)
        return fail(err, errlen, INSTANCE_FOREIGN, "%s is not a keep instance (no valid %s)", dir, INSTANCE_MARKER);
    if (v > INSTANCE_FORMAT_VERSION)
        return fail(err, errlen, INSTANCE_ERROR, "%s was made by a newer keep (format %ld, this keep reads %d)",
                    dir, v, INSTANCE_FORMAT_VERSION);
    return INSTANCE_OK;
}

int instance_open(const char *root, const char *name, const char *user,
                  char *dir, size_t dirlen, char *err, size_t errlen)
{
    struct stat st;

    if (!instance_name_valid(name))
        return fail(err, errlen, INSTANCE_ERROR, "invalid instance name '%s'", name);
    if (path_join(dir, dirlen, root, name) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: path too long", root);
    if (lstat(dir, &st) < 0 && errno == ENOENT) {
        int rc = instance_create(root, name, user, dir, dirlen, err, errlen);
        if (rc != INSTANCE_EXISTS)   /* EXISTS: another keep won the race */
            return rc;
    }
    int rc = check_existing(dir, err, errlen);
    if (rc != INSTANCE_OK)
        return rc;
    return make_tree(dir, user, err, errlen);
}

/* dir exists (made 0700 if missing), is a real directory of ours and
 * nobody else's to enter. */
static int private_dir(const char *dir)
{
    struct stat st;

    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return -1;
    if (lstat(dir, &st) < 0)
        return -1;
    if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077)) {
        errno = EPERM;
        return -1;
    }
    return 0;
}

/* Is dir an existing private directory of ours (as private_dir makes)? */
static bool test_private(const char *dir)
{
    struct stat st;
    return lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
           !(st.st_mode & 077);
}

static bool is_dir(const char *path)
{
    struct stat st;
    return path && path[0] == '/' && stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The runtime directory's path and its parent's, nothing created.  0,
 * INSTANCE_MISSING (no memory-backed place) or INSTANCE_ERROR. */
static int runtime_path(const char *instance_dir, char *out, size_t size, char *parent,
                        size_t psize, char *canon, char *err, size_t errlen)
{
    const char *xdg = getenv("XDG_RUNTIME_DIR");
    uint64_t h = 0xcbf29ce484222325ull;     /* FNV-1a */

    out[0] = 0;
    if (!path_real(instance_dir, canon))
        return fail(err, errlen, INSTANCE_ERROR, "%s: %s", instance_dir, strerror(errno));
    for (const char *p = canon; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
    int n = is_dir(xdg) ? snprintf(parent, psize, "%s/keep", xdg)
          : is_dir("/dev/shm") ? snprintf(parent, psize, "/dev/shm/keep-%u", (unsigned)getuid())
          : -1;
    if (n < 0)
        return INSTANCE_MISSING;
    if ((size_t)n >= psize ||
        snprintf(out, size, "%s/%016llx", parent, (unsigned long long)h) >= (int)size) {
        out[0] = 0;
        return fail(err, errlen, INSTANCE_ERROR, "%s: path too long", parent);
    }
    return INSTANCE_OK;
}

/*
 * A runtime directory names its instance in a file, "instance": when that
 * instance is gone (removed other than by `keep instance remove`: a
 * temporary one, rm -rf) and no process holds the directory's
 * machine.lock, the directory is an orphan.  Memory-backed, it would
 * stay until the machine restarts.
 */
#define RUNTIME_OWNER "instance"

static bool runtime_orphan(int parent, const char *name)
{
    char owner[PATH_MAX + 1];
    int dir = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC), fd;
    ssize_t n = -1;
    bool orphan = false;

    if (dir < 0)
        return false;
    if ((fd = openat(dir, RUNTIME_OWNER, O_RDONLY | O_CLOEXEC)) >= 0) {
        n = read(fd, owner, sizeof(owner) - 1);
        close(fd);
    }
    if (n > 0) {
        owner[n] = 0;
        orphan = owner[0] == '/' && !instance_is_instance(owner);
    }
    /* a process of it still running (its instance removed under it) keeps it */
    if (orphan && (fd = openat(dir, "machine.lock", O_RDWR | O_CLOEXEC)) >= 0) {
        struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
        orphan = fcntl(fd, F_OFD_SETLK, &fl) == 0;
        close(fd);
    }
    close(dir);
    return orphan;
}

/* Remove the orphans beside a runtime directory just made (rare: the first
 * start of an instance), so that none costs a scan at every start. */
static void prune_runtime_dirs(const char *parent)
{
    DIR *d = opendir(parent);
    struct dirent *e;
    char path[PATH_MAX];

    while (d && (e = readdir(d))) {
        if (strlen(e->d_name) == 16 && strspn(e->d_name, "0123456789abcdef") == 16 &&
            runtime_orphan(dirfd(d), e->d_name) &&
            path_join(path, sizeof(path), parent, e->d_name) == 0)
            remove_tree(path);
    }
    if (d)
        closedir(d);
}

/* Record the instance in its new runtime directory (see RUNTIME_OWNER). */
static void runtime_owner(const char *run, const char *canon)
{
    char path[PATH_MAX];
    int fd;

    if (path_join(path, sizeof(path), run, RUNTIME_OWNER) < 0 ||
        (fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
        return;
    if (write(fd, canon, strlen(canon)) < 0)
        unlink(path);
    close(fd);
}

int instance_runtime_dir(const char *instance_dir, char *out, size_t size, char *err,
                         size_t errlen)
{
    char parent[PATH_MAX], canon[PATH_MAX];
    int rc = runtime_path(instance_dir, out, size, parent, sizeof(parent), canon, err, errlen);

    if (rc != INSTANCE_OK)
        return rc;
    if (private_dir(parent) < 0 || private_dir(out) < 0) {
        int e = errno;
        out[0] = 0;
        return fail(err, errlen, INSTANCE_ERROR, "runtime directory %s: %s", parent,
                    strerror(e));
    }
    /* not named yet: new (or an older keep's); one look per start */
    char owner[PATH_MAX + 16];
    if (path_join(owner, sizeof(owner), out, RUNTIME_OWNER) == 0 && access(owner, F_OK) < 0) {
        runtime_owner(out, canon);
        prune_runtime_dirs(parent);
    }
    return INSTANCE_OK;
}

int instance_remove(const char *root, const char *name, char *err, size_t errlen)
{
    char dir[PATH_MAX], doomed[PATH_MAX], tmpname[INSTANCE_NAME_MAX + 32];
    struct stat st;

    if (!instance_name_valid(name))
        return fail(err, errlen, INSTANCE_ERROR, "invalid instance name '%s'", name);
    if (path_join(dir, sizeof(dir), root, name) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: path too long", root);
    if (lstat(dir, &st) < 0 && errno == ENOENT)
        return fail(err, errlen, INSTANCE_MISSING, "no instance '%s' (in %s)", name, root);
    int rc = check_existing(dir, err, errlen);
    if (rc != INSTANCE_OK)
        return rc;
    /* its runtime directory goes too (a name of the instance's path) */
    char run[PATH_MAX], run_parent[PATH_MAX], canon[PATH_MAX], ignored[64];
    if (runtime_path(dir, run, sizeof(run), run_parent, sizeof(run_parent), canon, ignored,
                     sizeof(ignored)) != INSTANCE_OK)
        run[0] = 0;
    /* Move it aside first: a concurrent keep run never sees half of it. */
    snprintf(tmpname, sizeof(tmpname), ".%s.del.%ld", name, (long)getpid());
    if (path_join(doomed, sizeof(doomed), root, tmpname) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: path too long", root);
    remove_tree(doomed);
    if (rename(dir, doomed) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: %s", dir, strerror(errno));
    if (remove_tree(doomed) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: %s", doomed, strerror(errno));
    if (run[0] && test_private(run) && remove_tree(run) < 0)
        return fail(err, errlen, INSTANCE_ERROR, "%s: %s", run, strerror(errno));
    return INSTANCE_OK;
}

/* Hidden entries (temporaries) and anything not an instance are skipped. */
static bool list_entry(const char *root, const char *name)
{
    char dir[PATH_MAX];
    struct stat st;

    return instance_name_valid(name) &&
           path_join(dir, sizeof(dir), root, name) == 0 &&
           lstat(dir, &st) == 0 && S_ISDIR(st.st_mode) &&
           instance_is_instance(dir);
}

int instance_list(const char *root, void (*fn)(const char *name, void *arg),
                  void *arg, char *err, size_t errlen)
{
    struct dirent **names;

    int n = scandir(root, &names, NULL, alphasort);
    if (n < 0)
        return errno == ENOENT ? INSTANCE_OK
                               : fail(err, errlen, INSTANCE_ERROR, "%s: %s", root, strerror(errno));
    for (int i = 0; i < n; i++) {
        if (list_entry(root, names[i]->d_name))
            fn(names[i]->d_name, arg);
        free(names[i]);
    }
    free(names);
    return INSTANCE_OK;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_instance.c - loader/instance.c: names, the instance root, and
 * create / open / list / remove in a temporary directory.
 */
#include "config.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "instance.h"
#include "test_loader.h"

static const struct {
    const char *name;
    int valid;
} names[] = {
    { "default", 1 }, { "a", 1 }, { "Games_2.0-x", 1 }, { "-dash", 1 },
    { "", 0 }, { ".", 0 }, { "..", 0 }, { ".hidden", 0 }, { "a/b", 0 },
    { "a b", 0 }, { "caf\xc3\xa9", 0 }, { "x\n", 0 }, { "a\\b", 0 },
    { "1234567890123456789012345678901234567890123456789012345678901234", 1 },
    { "12345678901234567890123456789012345678901234567890123456789012345", 0 },
};

START_TEST(test_names)
{
    ck_assert_msg(instance_name_valid(names[_i].name) == names[_i].valid, "'%s'", names[_i].name);
}
END_TEST

START_TEST(test_name_null)
{
    ck_assert(!instance_name_valid(NULL));
}
END_TEST

static const struct {
    const char *in, *want;
} users[] = {
    { "alice", "alice" }, { "j.doe", "j.doe" }, { "Dom\\User", "Dom_User" },
    { "a b/c", "a_b_c" }, { ".", "_" }, { "..", "__" }, { "bob.", "bob_" },
    { "", "user" }, { NULL, "user" }, { "CON", "user" }, { "nul", "user" },
    { "caf\xc3\xa9", "caf__" },
};

START_TEST(test_user_names)
{
    char out[USER_NAME_MAX + 1];

    instance_sanitise_user(users[_i].in, out, sizeof(out));
    ck_assert_str_eq(out, users[_i].want);
}
END_TEST

START_TEST(test_user_name_env)
{
    char out[USER_NAME_MAX + 1], longname[200];

    setenv("USER", "Some One", 1);
    instance_user_name(out, sizeof(out));
    ck_assert_str_eq(out, "Some_One");
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    setenv("USER", longname, 1);
    instance_user_name(out, sizeof(out));
    ck_assert_uint_eq(strlen(out), USER_NAME_MAX);
    unsetenv("USER");
    instance_user_name(out, sizeof(out));   /* the passwd name */
    ck_assert_uint_gt(strlen(out), 0);
    /* read from /etc/passwd directly: the same name getpwuid gives */
    struct passwd *pw = getpwuid(getuid());
    ck_assert_ptr_nonnull(pw);
    char want[USER_NAME_MAX + 1];
    instance_sanitise_user(pw->pw_name, want, sizeof(want));
    ck_assert_str_eq(out, want);
}
END_TEST

START_TEST(test_root)
{
    char out[PATH_MAX], err[256];

    setenv("KEEP_INSTANCE_DIR", "/tmp/x/../inst", 1);
    ck_assert_int_eq(instance_root(out, sizeof(out), err, sizeof(err)), 0);
    ck_assert_str_eq(out, "/tmp/inst");
    unsetenv("KEEP_INSTANCE_DIR");
    setenv("XDG_DATA_HOME", "/xdg/data", 1);
    ck_assert_int_eq(instance_root(out, sizeof(out), err, sizeof(err)), 0);
    ck_assert_str_eq(out, "/xdg/data/keep");
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    setenv("HOME", "/home/someone", 1);
    ck_assert_int_eq(instance_root(out, sizeof(out), err, sizeof(err)), 0);
    ck_assert_str_eq(out, "/home/someone/.local/share/keep");
    unsetenv("XDG_DATA_HOME");
    ck_assert_int_eq(instance_root(out, sizeof(out), err, sizeof(err)), 0);
    ck_assert_str_eq(out, "/home/someone/.local/share/keep");
    /* no HOME: the passwd entry's home, as getpwuid has it */
    unsetenv("HOME");
    struct passwd *pw = getpwuid(getuid());
    ck_assert_ptr_nonnull(pw);
    char want[PATH_MAX];
    snprintf(want, sizeof(want), "%s/.local/share/keep", pw->pw_dir);
    ck_assert_int_eq(instance_root(out, sizeof(out), err, sizeof(err)), 0);
    ck_assert_str_eq(out, want);
}
END_TEST

/* The folders of an instance; %1$s is the user. */
static const char *const expected_dirs[] = {
    "drive_c/windows/system32", "drive_c/windows/temp", "drive_c/ProgramData",
    "drive_c/Program Files", "drive_c/users/%1$s/Desktop",
    "drive_c/users/%1$s/Documents", "drive_c/users/%1$s/AppData/Roaming",
    "drive_c/users/%1$s/AppData/Local/Temp",
};

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void assert_tree(const char *dir, const char *user)
{
    char rel[256], path[PATH_MAX * 2];

    for (size_t i = 0; i < sizeof(expected_dirs) / sizeof(*expected_dirs); i++) {
        snprintf(rel, sizeof(rel), expected_dirs[i], user);
        snprintf(path, sizeof(path), "%s/%s", dir, rel);
        ck_assert_msg(test_is_dir(path), "%s missing", path);
    }
    ck_assert(instance_is_instance(dir));
}
#pragma GCC diagnostic pop

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(test_create)
{
    char root[PATH_MAX], dir[PATH_MAX], err[PATH_MAX * 2], want[PATH_MAX + 16];

    test_tmpdir(root, sizeof(root));
    strcat(root, "/new/root");   /* created on demand */
    double t0 = now();
    ck_assert_int_eq(instance_create(root, "default", "tester", dir, sizeof(dir), err, sizeof(err)), INSTANCE_OK);
    ck_assert_msg(now() - t0 < 1.0, "creating an instance took %.3f s", now() - t0);
    snprintf(want, sizeof(want), "%s/default", root);
    ck_assert_str_eq(dir, want);
    assert_tree(dir, "tester");
    ck_assert_int_eq(instance_create(root, "default", "tester", dir, sizeof(dir), err, sizeof(err)),
                     INSTANCE_EXISTS);
    ck_assert(strstr(err, "already exists") != NULL);
    ck_assert_int_eq(instance_create(root, "../evil", "tester", dir, sizeof(dir), err, sizeof(err)),
                     INSTANCE_ERROR);
    ck_assert(strstr(err, "invalid instance name") != NULL);
    *strstr(root, "/new/root") = '\0';
    test_rmrf(root);
}
END_TEST

START_TEST(test_open)
{
    char root[PATH_MAX], dir[PATH_MAX], err[PATH_MAX * 2], path[PATH_MAX * 2];

    test_tmpdir(root, sizeof(root));
    /* First use creates; a second user gets their folders in the same one. */
    ck_assert_int_eq(instance_open(root, "games", "tester", dir, sizeof(dir), err, sizeof(err)), INSTANCE_OK);
    assert_tree(dir, "tester");
    ck_assert_int_eq(instance_open(root, "games", "other", dir, sizeof(dir), err, sizeof(err)), INSTANCE_OK);
    assert_tree(dir, "other");

    /* A directory that is not an instance is left alone. */
    snprintf(path, sizeof(path), "%s/foreign", root);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    ck_assert_int_eq(instance_open(root, "foreign", "tester", dir, sizeof(dir), err, sizeof(err)),
                     INSTANCE_FOREIGN);
    ck_assert(strstr(err, "is not a keep instance") != NULL);
    snprintf(path, sizeof(path), "%s/foreign/drive_c", root);
    ck_assert(!test_is_dir(path));

    /* A newer format is refused. */
    snprintf(path, sizeof(path), "%s/games/instance.conf", root);
    test_write_file(path, "format = 99\n", 12);
    ck_assert_int_eq(instance_open(root, "games", "tester", dir, sizeof(dir), err, sizeof(err)), INSTANCE_ERROR);
    ck_assert(strstr(err, "newer keep") != NULL);
    test_rmrf(root);
}
END_TEST

static void collect(const char *name, void *arg)
{
    char *out = arg;
    strcat(out, name);
    strcat(out, ",");
}

START_TEST(test_list_remove)
{
    char root[PATH_MAX], dir[PATH_MAX], err[PATH_MAX * 2], path[PATH_MAX * 2], got[512] = "";
    char outside[PATH_MAX * 2];

    test_tmpdir(root, sizeof(root));
    ck_assert_int_eq(instance_create(root, "b", "tester", dir, sizeof(dir), err, sizeof(err)), INSTANCE_OK);
    ck_assert_int_eq(instance_create(root, "a", "tester", dir, sizeof(dir), err, sizeof(err)), INSTANCE_OK);
    snprintf(path, sizeof(path), "%s/plain", root);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/.hidden", root);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    ck_assert_int_eq(instance_list(root, collect, got, err, sizeof(err)), INSTANCE_OK);
    ck_assert_str_eq(got, "a,b,");

    /* Remove: a read-only folder inside, and a symlink out that must not be followed. */
    snprintf(outside, sizeof(outside), "%s/plain/keepme", root);
    test_write_file(outside, "x", 1);
    snprintf(path, sizeof(path), "%s/a/drive_c/link", root);
    snprintf(outside, sizeof(outside), "%s/plain", root);
    ck_assert_int_eq(symlink(outside, path), 0);
    snprintf(path, sizeof(path), "%s/a/drive_c/windows/ro", root);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(path, sizeof(path), "%s/a/drive_c/windows/ro/file", root);
    test_write_file(path, "x", 1);
    snprintf(path, sizeof(path), "%s/a/drive_c/windows/ro", root);
    ck_assert_int_eq(chmod(path, 0555), 0);
    ck_assert_int_eq(instance_remove(root, "a", err, sizeof(err)), INSTANCE_OK);
    snprintf(path, sizeof(path), "%s/a", root);
    ck_assert(!test_is_dir(path));
    snprintf(path, sizeof(path), "%s/plain/keepme", root);
    ck_assert_int_eq(access(path, F_OK), 0);

    ck_assert_int_eq(instance_remove(root, "a", err, sizeof(err)), INSTANCE_MISSING);
    ck_assert_int_eq(instance_remove(root, "plain", err, sizeof(err)), INSTANCE_FOREIGN);
    snprintf(path, sizeof(path), "%s/plain", root);
    ck_assert(test_is_dir(path));
    ck_assert_int_eq(instance_remove(root, "..", err, sizeof(err)), INSTANCE_ERROR);

    got[0] = '\0';
    ck_assert_int_eq(instance_list(root, collect, got, err, sizeof(err)), INSTANCE_OK);
    ck_assert_str_eq(got, "b,");
    test_rmrf(root);
}
END_TEST

START_TEST(test_runtime_dir)
{
    char root[PATH_MAX], dir[PATH_MAX], other[PATH_MAX], err[PATH_MAX * 2], run[PATH_MAX];
    char run2[PATH_MAX], xdg[PATH_MAX + 8], path[PATH_MAX * 2];
    struct stat st;

    test_tmpdir(root, sizeof(root));
    snprintf(xdg, sizeof(xdg), "%s/xdg", root);
    ck_assert_int_eq(mkdir(xdg, 0700), 0);
    setenv("XDG_RUNTIME_DIR", xdg, 1);
    ck_assert_int_eq(instance_create(root, "a", "tester", dir, sizeof(dir), err, sizeof(err)), INSTANCE_OK);
    ck_assert_int_eq(instance_create(root, "b", "tester", other, sizeof(other), err, sizeof(err)), INSTANCE_OK);
    ck_assert_int_eq(instance_runtime_dir(dir, run, sizeof(run), err, sizeof(err)), INSTANCE_OK);
    snprintf(path, sizeof(path), "%s/keep/", xdg);
    ck_assert(!strncmp(run, path, strlen(path)));
    ck_assert_int_eq(lstat(run, &st), 0);
    ck_assert(S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0700);
    /* the same instance, the same directory; another instance, another */
    ck_assert_int_eq(instance_runtime_dir(dir, run2, sizeof(run2), err, sizeof(err)), INSTANCE_OK);
    ck_assert_str_eq(run, run2);
    ck_assert_int_eq(instance_runtime_dir(other, run2, sizeof(run2), err, sizeof(err)), INSTANCE_OK);
    ck_assert_str_ne(run, run2);
    /* a parent others may enter is refused */
    snprintf(path, sizeof(path), "%s/keep", xdg);
    ck_assert_int_eq(chmod(path, 0755), 0);
    ck_assert_int_eq(instance_runtime_dir(dir, run2, sizeof(run2), err, sizeof(err)), INSTANCE_ERROR);
    ck_assert(strstr(err, "runtime directory") != NULL);
    ck_assert_int_eq(chmod(path, 0700), 0);
    /* removing the instance removes its runtime directory, not the other's */
    snprintf(path, sizeof(path), "%s/volatile.db", run);
    test_write_file(path, "x", 1);
    ck_assert_int_eq(instance_runtime_dir(other, run2, sizeof(run2), err, sizeof(err)), INSTANCE_OK);
    ck_assert_int_eq(instance_remove(root, "a", err, sizeof(err)), INSTANCE_OK);
    ck_assert(!test_is_dir(run));
    ck_assert(test_is_dir(run2));
    unsetenv("XDG_RUNTIME_DIR");
    test_rmrf(root);
}
END_TEST

/* A new instance (dir) and its runtime directory (run). */
static void instance_with_runtime(const char *root, const char *name, char *dir, char *run)
{
    char err[PATH_MAX * 2];

    ck_assert_int_eq(instance_create(root, name, "tester", dir, PATH_MAX, err, sizeof(err)), INSTANCE_OK);
    ck_assert_int_eq(instance_runtime_dir(dir, run, PATH_MAX, err, sizeof(err)), INSTANCE_OK);
    ck_assert(test_is_dir(run));
}

/* Runtime directories whose instance went without `keep instance remove`
 * go when another instance gets its first one, unless a process of theirs
 * still holds machine.lock. */
START_TEST(test_runtime_dir_orphans)
{
    char root[PATH_MAX], xdg[PATH_MAX + 8], path[PATH_MAX * 2];
    char dir_a[PATH_MAX], run_a[PATH_MAX], dir_b[PATH_MAX], run_b[PATH_MAX];
    char dir_c[PATH_MAX], run_c[PATH_MAX], dir_d[PATH_MAX], run_d[PATH_MAX];
    char dir_e[PATH_MAX], run_e[PATH_MAX];

    test_tmpdir(root, sizeof(root));
    snprintf(xdg, sizeof(xdg), "%s/xdg", root);
    ck_assert_int_eq(mkdir(xdg, 0700), 0);
    setenv("XDG_RUNTIME_DIR", xdg, 1);
    instance_with_runtime(root, "a", dir_a, run_a);
    instance_with_runtime(root, "b", dir_b, run_b);
    instance_with_runtime(root, "c", dir_c, run_c);
    /* c's runtime directory is in use: a shared lock on machine.lock */
    snprintf(path, sizeof(path), "%s/machine.lock", run_c);
    int lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 1 };
    ck_assert_int_ge(lock, 0);
    ck_assert_int_eq(fcntl(lock, F_OFD_SETLK, &fl), 0);
    /* a and c are deleted by hand, b stays */
    test_rmrf(dir_a);
    test_rmrf(dir_c);
    instance_with_runtime(root, "d", dir_d, run_d);
    ck_assert_msg(!test_is_dir(run_a), "%s left behind", run_a);
    ck_assert(test_is_dir(run_b));
    ck_assert(test_is_dir(run_c));
    ck_assert(test_is_dir(run_d));
    /* its process gone, c's goes at the next new one */
    close(lock);
    instance_with_runtime(root, "e", dir_e, run_e);
    ck_assert(!test_is_dir(run_c));
    ck_assert(test_is_dir(run_b) && test_is_dir(run_d) && test_is_dir(run_e));
    unsetenv("XDG_RUNTIME_DIR");
    test_rmrf(root);
}
END_TEST

START_TEST(test_list_missing_root)
{
    char err[256], got[64] = "";

    ck_assert_int_eq(instance_list("/nonexistent/keep-root", collect, got, err, sizeof(err)), INSTANCE_OK);
    ck_assert_str_eq(got, "");
}
END_TEST

Suite *instance_suite(void)
{
    Suite *s = suite_create("instance");
    TCase *tc = tcase_create("instance");

    tcase_add_loop_test(tc, test_names, 0, sizeof(names) / sizeof(*names));
    tcase_add_test(tc, test_name_null);
    tcase_add_loop_test(tc, test_user_names, 0, sizeof(users) / sizeof(*users));
    tcase_add_test(tc, test_user_name_env);
    tcase_add_test(tc, test_root);
    tcase_add_test(tc, test_create);
    tcase_add_test(tc, test_open);
    tcase_add_test(tc, test_list_remove);
    tcase_add_test(tc, test_runtime_dir);
    tcase_add_test(tc, test_runtime_dir_orphans);
    tcase_add_test(tc, test_list_missing_root);
    suite_add_tcase(s, tc);
    return s;
}

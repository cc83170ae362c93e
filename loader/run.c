/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * run.c - "keep run".  Everything that can be checked is checked before the
 * kernel is loaded: the command line, the manifest, the program (PE
 * check), the instance and the Wine directories.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot.h"
#include "host.h"
#include "host_setup.h"
#include "instance.h"
#include "kernel_load.h"
#include "start.h"
#include "manifest.h"
#include "options.h"
#include "pe_check.h"
#include "rdp_serve.h"
#include "run.h"
#include "snapshot.h"
#include "util.h"

extern char **environ;

/* Everything a run decides before the kernel starts. */
struct run {
    struct run_options opt;
    struct manifest man;
    struct strlist argv;            /* the program as named, then its args */
    char program_path[PATH_MAX];    /* canonical */
    char cwd[PATH_MAX];
    char instance_dir[PATH_MAX];
    char runtime_dir[PATH_MAX];     /* "" when there is none */
    char wine_dlls[PATH_MAX];
    char wine_data[PATH_MAX];
    char wine_unix[PATH_MAX];   /* Wine's unix libraries: x86_64-unix beside the DLLs */
    char user[USER_NAME_MAX + 1];
    char kernel_path[PATH_MAX];
    struct policy policy;
    unsigned debug_flags;
    const char **envp;
};

void run_usage(FILE *f)
{
    fprintf(f,
        "Usage: keep run [OPTIONS] [--] PROGRAM.exe [ARGS...]\n"
        "       keep instance list | create NAME | remove NAME\n"
        "       keep reg [--instance NAME] import FILE.reg | export [KEY] [FILE.reg] | query KEY\n"
        "       keep snapshot [--leave-running] PID|INSTANCE FILE|-\n"
        "       keep resume [--instance NAME] FILE|-\n"
        "       keep rdp-test [--instance NAME] [--rdp [ADDR:]PORT] [--size WxH] [...]\n"
        "       keep --help | --version\n"
        "\n"
        "Run an unmodified Windows x86-64 program on Linux.\n"
        "\n"
        "Options of run:\n"
        "  --instance NAME        the instance (Windows machine) to run in [%s]\n"
        "  --allow PATH[:ro|:rw]  also let the program reach PATH (rw by default)\n"
        "  --manifest FILE        read the run's settings from FILE (docs/manifest.md)\n"
        "  --quiet-denials        do not log the accesses the policy denies\n"
        "  --wine-dlls DIR        Wine 8.0's PE DLLs [%s]\n"
        "  --wine-data DIR        Wine 8.0's data directory [%s]\n"
        "  --rdp [ADDR:]PORT      serve the program's display over RDP (127.0.0.1 unless\n"
        "                         ADDR); --rdp-size WxH: its size [1024x768]\n"
        "\n"
        "By default the program may read and write the current directory and its\n"
        "instance, and read its own directory and Wine's files; nothing else.\n"
        "\n"
        "Environment:\n"
        "  KEEP_INSTANCE_DIR   where instances live [$XDG_DATA_HOME/keep]\n"
        "  KEEP_KERNEL         the kernel to load (ntdll.so)\n"
        "  KEEP_WINE_DLLDIR    as --wine-dlls;  KEEP_WINE_DATADIR: as --wine-data\n"
        "  KEEPDEBUG           syscalls,trace,loader,exceptions,all or a number\n"
        "\n"
        "Exit status: the program's; keep's own errors: 2 (usage), 126 (cannot\n"
        "run the program), 127 (no such program).\n",
        INSTANCE_DEFAULT, run_wine_dll_dir(NULL), run_wine_data_dir(NULL));
}

static const char *pick(const char *option, const char *env, const char *configured)
{
    const char *value = getenv(env);
    if (option && *option)
        return option;
    return (value && *value) ? value : configured;
}

const char *run_wine_dll_dir(const char *option)
{
    return pick(option, "KEEP_WINE_DLLDIR", KEEP_WINE_DLLDIR);
}

const char *run_wine_data_dir(const char *option)
{
    return pick(option, "KEEP_WINE_DATADIR", KEEP_WINE_DATADIR);
}

static int usage_error(const char *reason)
{
    report("%s", reason);
    return KEEP_EXIT_USAGE;
}

/* Options, manifest, then the program and its arguments. */
static int prepare_args(struct run *r, int argc, char **argv)
{
    char err[PATH_MAX + 128];
    int first = 0;

    if (run_options_parse(&r->opt, argc, argv, err, sizeof(err)) < 0)
        return usage_error(err);
    if (r->opt.help)
        return 0;
    if (r->opt.manifest && manifest_load(&r->man, r->opt.manifest, err, sizeof(err)) < 0)
        return usage_error(err);
    if (r->man.program) {
        if (strlist_push(&r->argv, r->man.program) < 0)
            return usage_error("out of memory");
    } else if (r->opt.argc == 0) {
        return usage_error("run: no program given (see keep --help)");
    }
    for (size_t i = 0; i < r->man.args.n; i++)
        if (strlist_push(&r->argv, r->man.args.v[i]) < 0)
            return usage_error("out of memory");
    if (!r->man.program && strlist_push(&r->argv, r->opt.argv[first++]) < 0)
        return usage_error("out of memory");
    for (int i = first; i < r->opt.argc; i++)
        if (strlist_push(&r->argv, r->opt.argv[i]) < 0)
            return usage_error("out of memory");
    return 0;
}

/* The file to check: PROGRAM, or PROGRAM.exe when only that exists. */
static void resolve_program(const char *given, char *out, size_t size)
{
    char alt[PATH_MAX];

    if (fmt(out, size, "%s", given) < 0 || access(given, F_OK) == 0 || errno != ENOENT ||
        ends_with_nocase(given, ".exe") || fmt(alt, sizeof(alt), "%s.exe", given) < 0 ||
        access(alt, F_OK) < 0)
        return;
    fmt(out, size, "%s", alt);
}

static int check_program(struct run *r)
{
    char file[PATH_MAX], msg[PATH_MAX + 256];

    resolve_program(r->argv.v[0], file, sizeof(file));
    enum pe_result pe = pe_check_file(file, msg, sizeof(msg));
    if (pe != PE_OK) {
        report("%s", msg);
        return pe_exit_status(pe);
    }
    if (!path_real(file, r->program_path)) {
        report("%s: %s", file, strerror(errno));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    if (!getcwd(r->cwd, sizeof(r->cwd))) {
        report("cannot get the current directory: %s", strerror(errno));
        return KEEP_EXIT_CANNOT_EXEC;
    }
    return 0;
}

static int prepare_instance(struct run *r)
{
    char root[PATH_MAX], err[2 * PATH_MAX];
    const char *name = r->opt.instance ? r->opt.instance
                     : r->man.instance ? r->man.instance : INSTANCE_DEFAULT;

    instance_user_name(r->user, sizeof(r->user));
    if (instance_root(root, sizeof(root), err, sizeof(err)) < 0 ||
        instance_open(root, name, r->user, r->instance_dir, sizeof(r->instance_dir),
                      err, sizeof(err)) != INSTANCE_OK) {
        report("%s", err);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    /* without a memory-backed place, volatile keys stay in each process */
    if (instance_runtime_dir(r->instance_dir, r->runtime_dir, sizeof(r->runtime_dir), err,
                             sizeof(err)) == INSTANCE_ERROR)
        report("warning: %s; volatile registry keys are not shared", err);
    return 0;
}

/* A Wine directory, canonical, which must exist. */
static int wine_dir(const char *what, const char *option_name, const char *dir,
                    char *out, size_t size)
{
    struct stat st;

    const char *why = stat(dir, &st) < 0 ? strerror(errno)
                    : !S_ISDIR(st.st_mode) ? "Not a directory" : NULL;
    if (why) {
        report("Wine's %s %s: %s (see %s)", what, dir, why, option_name);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    if (path_canonical(out, size, dir) < 0) {
        report("Wine's %s %s: path too long", what, dir);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    return 0;
}

/* The host's fonts, which Wine's win32u.so finds through fontconfig. */
#define SYSTEM_FONT_DIR "/usr/share/fonts"
#define FONT_CONFIG_DIRS 10

/* Where fontconfig looks (its configuration, its caches, the system's and
 * the user's own fonts), read-only: without them it probes each path and
 * every probe would be a logged denial.  Missing ones cost nothing.  The
 * paths go to buf (FONT_CONFIG_DIRS of PATH_MAX), the list to out,
 * NULL-terminated. */
static const char *const *font_config_dirs(char (*buf)[PATH_MAX], const char **out)
{
    static const char *const system[] = {
        "/etc/fonts", "/usr/share/fontconfig", "/usr/local/share/fonts", "/var/cache/fontconfig",
    };
    const char *home = getenv("HOME");
    const char *xdg_data = getenv("XDG_DATA_HOME"), *xdg_cache = getenv("XDG_CACHE_HOME");
    const char *xdg_config = getenv("XDG_CONFIG_HOME");
    size_t n = 0;

    for (size_t i = 0; i < sizeof(system) / sizeof(system[0]); i++)
        out[n++] = system[i];
    if (home && home[0] == '/') {
        snprintf(buf[0], PATH_MAX, "%s/.fonts", home);
        snprintf(buf[1], PATH_MAX, "%s/.fontconfig", home);
        snprintf(buf[5], PATH_MAX, "%s/.fonts.conf", home);
        snprintf(buf[6], PATH_MAX, "%s/.fonts.conf.d", home);
        for (int i = 0; i < 2; i++)
            out[n++] = buf[i];
        for (int i = 5; i < 7; i++)
            out[n++] = buf[i];
    }
    if ((xdg_data && xdg_data[0] == '/') || (home && home[0] == '/')) {
        snprintf(buf[2], PATH_MAX, xdg_data && xdg_data[0] == '/' ? "%s/fonts" : "%s/.local/share/fonts",
                 xdg_data && xdg_data[0] == '/' ? xdg_data : home);
        out[n++] = buf[2];
    }
    if ((xdg_cache && xdg_cache[0] == '/') || (home && home[0] == '/')) {
        snprintf(buf[3], PATH_MAX, xdg_cache && xdg_cache[0] == '/' ? "%s/fontconfig" : "%s/.cache/fontconfig",
                 xdg_cache && xdg_cache[0] == '/' ? xdg_cache : home);
        out[n++] = buf[3];
    }
    if ((xdg_config && xdg_config[0] == '/') || (home && home[0] == '/')) {
        snprintf(buf[4], PATH_MAX, xdg_config && xdg_config[0] == '/' ? "%s/fontconfig" : "%s/.config/fontconfig",
                 xdg_config && xdg_config[0] == '/' ? xdg_config : home);
        out[n++] = buf[4];
    }
    out[n] = NULL;
    return out;
}

static int prepare_policy(struct run *r)
{
    int rc = wine_dir("DLL directory", "--wine-dlls", run_wine_dll_dir(r->opt.wine_dlls),
                      r->wine_dlls, sizeof(r->wine_dlls));
    if (rc)
        return rc;
    rc = wine_dir("data directory", "--wine-data", run_wine_data_dir(r->opt.wine_data),
                  r->wine_data, sizeof(r->wine_data));
    if (rc)
        return rc;
    /* Command-line rules add to the manifest's. */
    for (size_t i = 0; i < r->opt.allows.n; i++)
        if (policy_add(&r->man.allows, r->opt.allows.rules[i].path, r->opt.allows.rules[i].access) < 0) {
            report("out of memory");
            return KEEP_EXIT_CANNOT_EXEC;
        }
    static char fc_paths[FONT_CONFIG_DIRS][PATH_MAX];
    const char *fc_dirs[FONT_CONFIG_DIRS + 1];
    struct policy_inputs in = {
        .cwd = r->cwd, .program_path = r->program_path, .instance_dir = r->instance_dir,
        .wine_dll_dir = r->wine_dlls, .wine_data_dir = r->wine_data,
        .font_dir = access(SYSTEM_FONT_DIR, R_OK | X_OK) == 0 ? SYSTEM_FONT_DIR : NULL,
        .font_config_dirs = font_config_dirs(fc_paths, fc_dirs),
        .no_default_allow = r->man.no_default_allow, .allows = &r->man.allows,
    };
    if (policy_build(&r->policy, &in) < 0) {
        report("cannot build the policy: out of memory or path too long");
        return KEEP_EXIT_CANNOT_EXEC;
    }
    return 0;
}

static int prepare_env(struct run *r)
{
    char err[256];

    if (debug_flags_parse(getenv("KEEPDEBUG"), &r->debug_flags, err, sizeof(err)) < 0)
        report("warning: %s", err);
    r->envp = env_build(environ, &r->man.env);
    if (!r->envp) {
        report("out of memory");
        return KEEP_EXIT_CANNOT_EXEC;
    }
    return 0;
}

static void debug_report(const struct run *r)
{
    if (!(r->debug_flags & KEEP_DEBUG_LOADER))
        return;
    report("kernel %s", r->kernel_path);
    report("instance %s (user %s)", r->instance_dir, r->user);
    for (size_t i = 0; i < r->policy.n; i++)
        report("allow %s %s", r->policy.rules[i].access == HOST_POLICY_RW ? "rw" : "ro",
               r->policy.rules[i].path);
}

/* Wine's unix libraries (win32u.so, ...) live in x86_64-unix beside the
 * x86_64-windows DLL directory; the host loads libraries from there only. */
static int find_unix_libraries(struct run *r)
{
    char parent[PATH_MAX];

    if (path_dirname(parent, sizeof(parent), r->wine_dlls) < 0 ||
        fmt(r->wine_unix, sizeof(r->wine_unix), "%s/x86_64-unix", parent) < 0) {
        report("Wine's DLL directory %s: path too long", r->wine_dlls);
        return KEEP_EXIT_CANNOT_EXEC;
    }
    if (access(r->wine_unix, R_OK | X_OK) < 0)
        r->wine_unix[0] = 0;    /* no unix libraries: GUI DLLs will not start */
    return 0;
}

const char *run_registry_base(void)
{
    static char path[PATH_MAX];
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

    if (n > 0) {
        self[n] = 0;
        *strrchr(self, '/') = 0;
        if (snprintf(path, sizeof(path), "%s/../registry/registry-base.db", self) < (int)sizeof(path) &&
            path_real(path, self) && access(self, R_OK) == 0) {
            snprintf(path, sizeof(path), "%s", self);
            return path;
        }
    }
    snprintf(path, sizeof(path), "%s/registry-base.db", KEEP_PKGDATADIR);
    return access(path, R_OK) == 0 ? path : NULL;
}

/* Configure the host and call the kernel; returns only on failure. */
static int start_kernel(struct run *r)
{
    char self[PATH_MAX];

    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    self[n > 0 ? n : 0] = '\0';
    if (kernel_locate(getenv("KEEP_KERNEL"), self, KEEP_PKGLIBDIR,
                      r->kernel_path, sizeof(r->kernel_path)) < 0) {
        report("cannot load the kernel: path too long");
        return KEEP_EXIT_CANNOT_EXEC;
    }
    debug_report(r);
    int rc = find_unix_libraries(r);
    if (rc)
        return rc;
    /* What this picoprocess is, for its children to start the same way;
       it borrows the run's strings and policy, so it is never freed. */
    static struct child_spec spec;
    spec = (struct child_spec){
        .self_exe = strdup(self), .kernel_path = r->kernel_path,
        .instance_dir = r->instance_dir, .wine_dlls = r->wine_dlls, .wine_data = r->wine_data,
        .user = r->user, .cwd = r->cwd, .program_path = r->program_path,
        .debug_flags = r->debug_flags,
        .quiet_denials = r->opt.quiet_denials || r->man.quiet_denials,
        .policy = r->policy, .wine_unix = r->wine_unix,
        .registry_base = (char *)run_registry_base(),
        .runtime_dir = r->runtime_dir[0] ? r->runtime_dir : NULL,
    };
    if ((rc = start_prepare_host(&spec)))
        return rc;
    if (r->opt.rdp.on || r->man.rdp.on) {
        /* the command line's settings win over the manifest's */
        struct rdp_settings rdp = r->opt.rdp.on ? r->opt.rdp : r->man.rdp;
        if (!rdp.width && r->man.rdp.width)
            rdp.width = r->man.rdp.width, rdp.height = r->man.rdp.height;
        if (!rdp.password)
            rdp.user = r->man.rdp.user, rdp.password = r->man.rdp.password;
        if ((rc = rdp_serve_start(&rdp, r->instance_dir)))
            return rc;
        /* a snapshot keeps it: keep resume --rdp makes one of this size */
        spec.display_width = rdp.width ? rdp.width : RDP_SERVE_DEFAULT_WIDTH;
        spec.display_height = rdp.height ? rdp.height : RDP_SERVE_DEFAULT_HEIGHT;
    }
    struct keep_boot boot = {
        .argc = (int)r->argv.n, .argv = (const char *const *)r->argv.v, .envp = r->envp,
        .parent_stream = -1, .control = snapctl_start(&spec, -1) == 0,
    };
    return start_kernel_main(&spec, &boot);
}

static void run_free(struct run *r)
{
    run_options_free(&r->opt);
    manifest_free(&r->man);
    strlist_free(&r->argv);
    policy_free(&r->policy);
    free(r->envp);
}

int cmd_run(int argc, char **argv)
{
    static struct run r;   /* large: keep it off the stack */
    int rc;

    manifest_init(&r.man);
    rc = prepare_args(&r, argc, argv);
    if (!rc && r.opt.help)
        run_usage(stdout);
    else if (!rc && !(rc = check_program(&r)) && !(rc = prepare_instance(&r)) &&
             !(rc = prepare_policy(&r)) && !(rc = prepare_env(&r)))
        rc = start_kernel(&r);
    run_free(&r);
    return rc;
}

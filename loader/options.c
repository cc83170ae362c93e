/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * options.c - parse the command line of "keep run".
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "instance.h"
#include "options.h"

/* Options that take a value. */
enum { OPT_INSTANCE, OPT_ALLOW, OPT_MANIFEST, OPT_WINE_DLLS, OPT_WINE_DATA, OPT_RDP, OPT_RDP_SIZE, OPT_COUNT };

static const char *const value_options[OPT_COUNT] = {
    "--instance", "--allow", "--manifest", "--wine-dlls", "--wine-data", "--rdp", "--rdp-size",
};

void run_options_free(struct run_options *o)
{
    policy_free(&o->allows);
    rdp_settings_free(&o->rdp);
}

static int set_value(struct run_options *o, int which, const char *value,
                     char *err, size_t errlen)
{
    char path[PATH_MAX];
    unsigned access;

    if (!*value) {
        snprintf(err, errlen, "%s: empty value", value_options[which]);
        return -1;
    }
    switch (which) {
    case OPT_INSTANCE:
        if (!instance_name_valid(value)) {
            snprintf(err, errlen, "invalid instance name '%s' (use 1 to %d of A-Z a-z 0-9 . _ -, not starting with '.')",
                     value, INSTANCE_NAME_MAX);
            return -1;
        }
        o->instance = value;
        return 0;
    case OPT_ALLOW:
        if (policy_parse_spec(value, NULL, path, sizeof(path), &access, err, errlen) < 0)
            return -1;
        if (policy_add(&o->allows, path, access) < 0) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        return 0;
    case OPT_MANIFEST:
        o->manifest = value;
        return 0;
    case OPT_WINE_DLLS:
        o->wine_dlls = value;
        return 0;
    case OPT_RDP:
        return rdp_settings_listen(&o->rdp, value, err, errlen);
    case OPT_RDP_SIZE:
        return rdp_settings_size(&o->rdp, value, err, errlen);
    default:
        o->wine_data = value;
        return 0;
    }
}

/* Which value option arg names ("--x" or "--x=v"), -1 if none. */
static int value_option(const char *arg, const char **inline_value)
{
    for (int i = 0; i < OPT_COUNT; i++) {
        size_t n = strlen(value_options[i]);
        if (strncmp(arg, value_options[i], n))
            continue;
        if (arg[n] == '\0') {
            *inline_value = NULL;
            return i;
        }
        if (arg[n] == '=') {
            *inline_value = arg + n + 1;
            return i;
        }
    }
    return -1;
}

/* One option at argv[*i]; advances *i past its value. */
static int parse_option(struct run_options *o, int argc, char **argv, int *i,
                        char *err, size_t errlen)
{
    const char *arg = argv[*i], *value;

    if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
        o->help = true;
        return 0;
    }
    if (!strcmp(arg, "--quiet-denials")) {
        o->quiet_denials = true;
        return 0;
    }
    int which = value_option(arg, &value);
    if (which < 0) {
        snprintf(err, errlen, "run: unknown option '%s' (see keep --help)", arg);
        return -1;
    }
    if (!value) {
        if (*i + 1 >= argc) {
            snprintf(err, errlen, "run: option '%s' needs a value", arg);
            return -1;
        }
        value = argv[++*i];
    }
    return set_value(o, which, value, err, errlen);
}

int run_options_parse(struct run_options *o, int argc, char **argv,
                      char *err, size_t errlen)
{
    int i = 1;

    memset(o, 0, sizeof(*o));
    for (; i < argc; i++) {
        const char *arg = argv[i];
        if (!strcmp(arg, "--")) {
            i++;
            break;
        }
        if (arg[0] != '-' || arg[1] == '\0')
            break;
        if (parse_option(o, argc, argv, &i, err, errlen) < 0)
            return -1;
    }
    o->argc = argc - i;
    o->argv = argv + i;
    return 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * options.h - the command line of "keep run".
 */
#ifndef KEEP_LOADER_OPTIONS_H
#define KEEP_LOADER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "policy.h"
#include "rdp_options.h"

struct run_options {
    const char *manifest;       /* --manifest FILE */
    const char *instance;       /* --instance NAME */
    struct policy allows;       /* --allow PATH[:ro|:rw], canonical */
    bool quiet_denials;         /* --quiet-denials */
    const char *wine_dlls;      /* --wine-dlls DIR */
    const char *wine_data;      /* --wine-data DIR */
    struct rdp_settings rdp;    /* --rdp [ADDR:]PORT, --rdp-size WxH */
    bool help;                  /* --help, -h */
    int argc;                   /* the program and its arguments */
    char **argv;
};

/*
 * Parse argv[1..argc) of "keep run" (argv[0] is "run").  Options end at
 * "--" or at the first argument that is not an option.  Returns 0, or -1
 * with a reason in err (a usage error).
 */
int run_options_parse(struct run_options *o, int argc, char **argv,
                      char *err, size_t errlen);

void run_options_free(struct run_options *o);

#endif /* KEEP_LOADER_OPTIONS_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * run.h - "keep run": check the program, prepare the instance and the
 * policy, load the kernel and hand the process over to it.
 */
#ifndef KEEP_LOADER_RUN_H
#define KEEP_LOADER_RUN_H

#include <stdio.h>

/* Run "keep run ..." (argv[0] is "run").  Returns keep's exit status. */
int cmd_run(int argc, char **argv);

/* Wine's PE DLL directory: option, else $KEEP_WINE_DLLDIR, else configured. */
const char *run_wine_dll_dir(const char *option);

/* Wine's data directory: option, else $KEEP_WINE_DATADIR, else configured. */
const char *run_wine_data_dir(const char *option);
/* The base registry database (registry/registry-base.db in the build tree
 * next to this keep, else the installed one), or NULL if there is none. */
const char *run_registry_base(void);

/* Print the usage of keep on f. */
void run_usage(FILE *f);

#endif /* KEEP_LOADER_RUN_H */

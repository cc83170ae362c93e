/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * util.h - small helpers shared by the monitor's modules: string lists,
 * path joining and normalisation, one-line error messages.
 */
#ifndef KEEP_LOADER_UTIL_H
#define KEEP_LOADER_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* keep's own exit statuses (the program's exit code is passed through). */
enum keep_exit {
    KEEP_EXIT_FAILURE = 1,      /* an instance command failed */
    KEEP_EXIT_USAGE = 2,        /* bad command line or manifest */
    KEEP_EXIT_CANNOT_EXEC = 126,/* the program cannot be run */
    KEEP_EXIT_NOT_FOUND = 127,  /* the program does not exist */
};

/* A growable NULL-terminated array of owned strings. */
struct strlist {
    char **v;       /* v[n] == NULL when n > 0 */
    size_t n;
    size_t cap;
};

/* Append a copy of s.  Returns 0, or -1 when out of memory. */
int strlist_push(struct strlist *l, const char *s);
void strlist_free(struct strlist *l);

/*
 * Format into buf (size > 0) like snprintf.  Returns 0, or -1 if the
 * result did not fit (buf then holds a truncated string).
 */
int fmt(char *buf, size_t size, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Join dir and name with one '/' into out.  Returns 0 or -1 (too long). */
int path_join(char *out, size_t size, const char *dir, const char *name);

/*
 * Make path absolute (relative to base, or to the current directory when
 * base is NULL) and normalise it lexically: no "//", "/./" or "/../", no
 * trailing '/'.  Symbolic links are not resolved.  Returns 0 or -1.
 */
int path_absolute(char *out, size_t size, const char *path, const char *base);

/* realpath(): the canonical path of an existing file into real (PATH_MAX
 * bytes), with fewer system calls.  false and errno as realpath. */
bool path_real(const char *path, char *real);

/*
 * The canonical form of path: realpath() when it exists, else the
 * lexically normalised absolute path.  Returns 0 or -1.
 */
int path_canonical(char *out, size_t size, const char *path);

/* Write the directory part of an absolute path ("/" for "/x"). */
int path_dirname(char *out, size_t size, const char *path);

/* true if path equals dir or lies below it (both normalised, absolute). */
bool path_within(const char *path, const char *dir);

/* Create dir and its missing parents with mode.  Returns 0 or -1 (errno). */
int mkdir_p(const char *dir, unsigned mode);

/* true if s ends with suffix, ignoring ASCII case. */
bool ends_with_nocase(const char *s, const char *suffix);

/*
 * Print "keep: <message>\n" on stderr as exactly one line: control
 * characters in the message (from hostile file names) become '?'.
 */
void report(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* Replace control characters in s by '?', in place. */
void one_line(char *s);

#endif /* KEEP_LOADER_UTIL_H */

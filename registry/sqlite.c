/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sqlite.c - SQLite's amalgamation (public domain), made from Debian's
 * source package by sqlite-amalgamation.sh and configured by the flags in
 * registry/Makefile.inc.  It is compiled here rather than copied into the
 * repository.
 */
#include "sqlite3.c"

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Make SQLite's amalgamation (sqlite3.c, sqlite3.h) from Debian's own
# source package, for the kernel's registry (docs/registry.md).  Needs a
# deb-src entry for bookworm, dpkg-dev and tcl (tclsh).  Usage:
#   registry/sqlite-amalgamation.sh DEST
# DEST gets sqlite3.c, sqlite3.h and VERSION; nothing is done if it has them.
set -eu
dest=${1:?usage: sqlite-amalgamation.sh DEST}
if [ -f "$dest/sqlite3.c" ] && [ -f "$dest/sqlite3.h" ]; then
    echo "sqlite-amalgamation: $dest already has sqlite3.c"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get -o APT::Sandbox::User=root source -q sqlite3 >/dev/null
src=$(ls -d "$work"/sqlite3-*/ | head -1)
mkdir bld
cd bld
"$src/configure" --disable-tcl >/dev/null
make sqlite3.c >/dev/null
mkdir -p "$dest"
cp sqlite3.c sqlite3.h "$dest/"
cp "$src/VERSION" "$dest/VERSION"
echo "sqlite-amalgamation: SQLite $(cat "$dest/VERSION") in $dest"

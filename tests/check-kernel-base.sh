#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The kernel lives at a fixed address in every keep process (KEEP_KERNEL_BASE
# in dlls/ntdll/keep_boot.h), so that a snapshot's kernel objects, which
# point into its static data, hold in the process that resumes it
# (docs/snapshot.md).  Checks the link and a running keep.
set -u
srcdir=${srcdir:-.}
builddir=${top_builddir:-.}
so="$builddir/dlls/ntdll/.libs/ntdll.so"
abs_builddir=$(cd "$builddir" && pwd)
keep="$abs_builddir/loader/keep"
cat_exe="$abs_builddir/tests/pe/cat.exe"
count=0 fails=0
ok() { count=$((count + 1)); echo "ok $count - $1"; }
not_ok() { count=$((count + 1)); fails=$((fails + 1)); echo "not ok $count - $1"; }

base=$(sed -n 's/^#define KEEP_KERNEL_BASE 0x\([0-9a-f]*\)ull$/\1/p' "$srcdir/dlls/ntdll/keep_boot.h")
[ -n "$base" ] && ok "keep_boot.h names the base ($base)" || not_ok "no KEEP_KERNEL_BASE in keep_boot.h"

first=$(LC_ALL=C readelf -lW "$so" | awk '$1 == "LOAD" { print $3; exit }')
[ "$(printf '%x' "$((first))")" = "$base" ] && ok "ntdll.so's first segment is linked at 0x$base" ||
    not_ok "ntdll.so's first segment is linked at $first, not 0x$base"

# A running keep: cat.exe waits on its standard input, a FIFO we hold open.
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/in"
trap '' PIPE    # if keep fails early, our writes must not end the test
(cd "$tmp" && exec "$keep" run --quiet-denials "$cat_exe" <in >out 2>err) &
pid=$!
exec 3>"$tmp/in"
mapped=""
for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
    mapped=$(grep -m1 "/ntdll.so$" "/proc/$pid/maps" 2>/dev/null | cut -d- -f1)
    # wait until cat.exe runs: its output appears once it has echoed a line
    echo ready >&3
    [ -s "$tmp/out" ] && break
    sleep 0.5
done
exec 3>&-
wait "$pid"
[ -s "$tmp/out" ] && ok "cat.exe ran under keep" || not_ok "cat.exe produced nothing: $(cat "$tmp/err")"
[ "$mapped" = "$(printf '%012x' "0x$base")" ] && ok "a running keep maps the kernel at 0x$base" ||
    not_ok "a running keep maps the kernel at 0x$mapped"
[ ! -s "$tmp/err" ] && ok "and says nothing about it" || not_ok "keep said: $(cat "$tmp/err")"

echo "1..$count"
[ "$fails" -eq 0 ]

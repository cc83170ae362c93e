#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/gui-memory.sh BUILDDIR - the memory cost of an idle notepad.exe:
# the total PSS of keep's processes (keep alone: no wineserver, no explorer)
# against stock Wine's notepad with everything it starts (wineserver,
# services, explorer, ...), side by side, in the same run.  Both use Wine's
# null display driver (keep: the registry default; Wine: a prefix of its
# own with HKCU\Software\Wine\Drivers Graphics=null).  Prints a table and
# exits 0: the figures are for reading, not assertions.  `make bench-gui`.
#
# Knobs: WINE64 (stock wine64), GUI_BENCH_SETTLE (seconds idle before the
# count, default 4), GUI_BENCH_PREFIX (default /tmp/keep-bench-gui-prefix).

top=${1:-.}
keep=$top/loader/keep
wine64=${WINE64:-/usr/lib/wine/wine64}
wineserver=$(dirname "$wine64")/wineserver
notepad=${KEEP_WINE_DLLDIR:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}/notepad.exe
settle=${GUI_BENCH_SETTLE:-4}
prefix=${GUI_BENCH_PREFIX:-/tmp/keep-bench-gui-prefix}
work=$(mktemp -d "${TMPDIR:-/tmp}/keep-bench-gui.XXXXXX") || exit 0
trap 'rm -rf "$work"' EXIT

# "PSS RSS" in KiB summed over the PIDs given; one line per process to $work/pss.
pss_total() {
    total=0 rtotal=0
    : >"$work/pss"
    for p in "$@"; do
        line=$(awk '$1 == "Pss:" { pss = $2 } $1 == "Rss:" { rss = $2 }
                    END { if (pss != "") print pss, rss }' "/proc/$p/smaps_rollup" 2>/dev/null)
        [ -n "$line" ] || continue
        printf '    %-8s %-18s PSS %7s KiB  RSS %7s KiB\n' "$p" "$(cat "/proc/$p/comm" 2>/dev/null)" \
            ${line} >>"$work/pss"
        total=$((total + ${line% *}))
        rtotal=$((rtotal + ${line#* }))
    done
    echo "$total $rtotal"
}

# PID and all its descendants.
tree() {
    ps -e -o pid= -o ppid= | awk -v root="$1" '
        { parent[$1] = $2 }
        END { print root
              for (p in parent) { q = parent[p]
                  while (q != "" && q != root && q > 1) q = parent[q]
                  if (q == root) print p } }'
}

# Every process whose environment names the Wine prefix (Wine's helpers
# are not children of the command that started the program).
wine_pids() {
    for d in /proc/[0-9]*; do
        { tr "\\0" "\\n" <"$d/environ"; } 2>/dev/null | grep -qx "WINEPREFIX=$prefix" && echo "${d#/proc/}"
    done
}

printf 'idle notepad.exe, total PSS after %s s (KiB)\n' "$settle"

"$keep" run -- "$notepad" >/dev/null 2>"$work/keep.err" &
pid=$!
sleep "$settle"
if kill -0 "$pid" 2>/dev/null; then
    set -- $(pss_total $(tree "$pid"))
    keep_pss=$1
    printf '  keep:        %8s  (RSS %s)\n' "$1" "$2"
    cat "$work/pss"
else
    keep_pss=
    printf '  keep:        failed (%s)\n' "$(head -c 200 "$work/keep.err")"
fi
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

if [ ! -x "$wine64" ]; then
    printf '  stock Wine:  not installed (%s)\n' "$wine64"
    exit 0
fi
if [ ! -f "$prefix/.keep-gui-ready" ]; then
    rm -rf "$prefix"
    env WINEPREFIX="$prefix" WINEDLLOVERRIDES='mscoree,mshtml=' WINEDEBUG=-all \
        timeout 600 "$wine64" wineboot --init >/dev/null 2>&1 &&
    env WINEPREFIX="$prefix" WINEDEBUG=-all "$wine64" reg add 'HKCU\Software\Wine\Drivers' \
        /v Graphics /d null /f >/dev/null 2>&1 &&
    env WINEPREFIX="$prefix" "$wineserver" -w && touch "$prefix/.keep-gui-ready"
fi
env WINEPREFIX="$prefix" "$wineserver" -k >/dev/null 2>&1
env WINEPREFIX="$prefix" "$wineserver" -w >/dev/null 2>&1
env WINEPREFIX="$prefix" WINEDEBUG=-all "$wine64" "$notepad" >/dev/null 2>&1 &
sleep "$settle"
set -- $(pss_total $(wine_pids))
printf '  stock Wine:  %8s  (RSS %s)\n' "$1" "$2"
cat "$work/pss"
if [ -n "$keep_pss" ] && [ "$1" -gt 0 ]; then
    awk -v k="$keep_pss" -v w="$1" 'BEGIN { printf "  keep / Wine: %.2f\n", k / w }'
fi
env WINEPREFIX="$prefix" "$wineserver" -k >/dev/null 2>&1
exit 0

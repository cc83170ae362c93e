#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/run-snapshot-bench.sh - keep snapshot and keep resume (docs/snapshot.md):
# for a hello-class console program and for one with 100 MB of memory
# written (data that does not compress), the time "keep snapshot" takes
# (the program stops once the file is written), the file's size, and the
# time "keep resume" takes to the program's end (once resumed, it ends
# within 2 ms: the file it waits for is there).  Medians of BENCH_SNAP_RUNS
# runs.
#
# Called by "make bench" with the build directory; prints a table and the
# issue's targets, and always exits 0 (figures, not asserts).  Figures also
# go to BUILDDIR/bench/snapshot-results.txt.

set -u
top=$(cd "${1:-.}" && pwd) || exit 0
keep=$top/loader/keep
exe=$top/tests/pe/snapprog.exe
runs=${BENCH_SNAP_RUNS:-5}
tmp=$(mktemp -d /tmp/keep-snap-bench.XXXXXX) || exit 0
out=$top/bench/snapshot-results.txt
KEEP_INSTANCE_DIR=$tmp/instances
export KEEP_INSTANCE_DIR

cleanup() {
    for p in $(jobs -p); do kill "$p" 2>/dev/null; done
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

now_ns() { date +%s%N; }
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print 0 }'; }
ms() { awk -v ns="$1" 'BEGIN { printf "%.1f", ns / 1e6 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.2f", b / 1048576 }'; }

# one MB: snapshot one run of "snapprog bench MB go", resume it; prints
# "snapshot_ns size resume_ns" or nothing
one() {
    rm -f "$tmp/out" "$tmp/s.snap" "$tmp/go"
    before=$(ls "$KEEP_INSTANCE_DIR"/*/run/ 2>/dev/null)
    ( cd "$tmp" && "$keep" run "$exe" bench "$1" go >"$tmp/out" 2>&1 ) &
    i=0
    until grep -q ready "$tmp/out" 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 600 ] && return 1; sleep 0.02
    done
    pid=$(ls "$KEEP_INSTANCE_DIR"/*/run/ | grep '\.sock$' | while read -r s; do
              echo "$before" | grep -qx "$s" || echo "${s%.sock}"; done | head -n 1)
    t0=$(now_ns)
    "$keep" snapshot "$pid" "$tmp/s.snap" 2>/dev/null || return 1
    t1=$(now_ns)
    wait
    size=$(wc -c <"$tmp/s.snap")
    : >"$tmp/go"
    t2=$(now_ns)
    (cd "$tmp" && "$keep" resume s.snap >/dev/null 2>&1) || return 1
    t3=$(now_ns)
    echo "$((t1 - t0)) $size $((t3 - t2))"
}

measure() { # measure MB LABEL
    : >"$tmp/runs"
    for r in $(seq "$runs"); do one "$1" >>"$tmp/runs"; done
    n=$(wc -l <"$tmp/runs")
    if [ "$n" -eq 0 ]; then
        printf '%-22s %12s %12s %12s\n' "$2" "failed" "-" "-"
        return
    fi
    snap=$(cut -d' ' -f1 "$tmp/runs" | median)
    size=$(cut -d' ' -f2 "$tmp/runs" | median)
    res=$(cut -d' ' -f3 "$tmp/runs" | median)
    printf '%-22s %12s %12s %12s   (%s runs)\n' "$2" "$(ms "$snap")" "$(mb "$size")" "$(ms "$res")" "$n"
}

{
    echo "== snapshot and resume (keep snapshot / keep resume, medians) =="
    printf '%-22s %12s %12s %12s\n' "program" "snapshot ms" "file MB" "resume ms"
    measure 0 "hello-class"
    measure 100 "100 MB written"
    echo "targets (issue 6): a small console program snapshots and resumes in under"
    echo "100 ms each, into a file under 5 MB.  Resume is measured to the program's"
    echo "end (keep resume's whole run, process exit included)."
} | tee "$out"
exit 0

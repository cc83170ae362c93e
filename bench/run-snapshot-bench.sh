#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/run-snapshot-bench.sh - keep snapshot and keep resume (docs/snapshot.md):
# for a hello-class console program, for one with 100 MB of memory
# written (data that does not compress), for a hello-class parent with
# one child (the tree in one file) and for a GUI program (a window and text
# drawn with a TrueType font: tests/pe/snapgui.exe), the time "keep snapshot" takes
# (the program stops once the file is written), the file's size, and the
# time "keep resume" takes to the program's end (once resumed, it ends
# within 2 ms: the file it waits for is there).  Medians of BENCH_SNAP_RUNS
# runs.
#
# In the same run, CRIU (if installed: apt-get install criu) on a
# comparable native process, a C counter with a sleep built here: the time
# "criu dump" takes (the process stops once dumped, as keep snapshot's
# default does), the images' size, the time "criu restore -d" takes (until
# the process runs again, detached), and the ratios keep/CRIU.  When CRIU
# cannot run here, its own error is printed as "not measurable: ...".
#
# Called by "make bench" with the build directory; prints a table and the
# issue's targets, and always exits 0 (figures, not asserts).  Figures also
# go to BUILDDIR/bench/snapshot-results.txt.

set -u
top=$(cd "${1:-.}" && pwd) || exit 0
keep=$top/loader/keep
exe=$top/tests/pe/snapprog.exe
kids=$top/tests/pe/snapkids.exe
gui=$top/tests/pe/snapgui.exe
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

# one MB: snapshot one run of "snapprog bench MB go" (MB "kids": of
# "snapkids bench go", a parent and its child; "gui": of "snapgui bench
# go"), resume it; prints
# "snapshot_ns size resume_ns" or nothing
one() {
    rm -f "$tmp/out" "$tmp/s.snap" "$tmp/go"
    before=$(ls "$KEEP_INSTANCE_DIR"/*/run/ 2>/dev/null)
    if [ "$1" = kids ]; then
        ( cd "$tmp" && "$keep" run "$kids" bench go >"$tmp/out" 2>&1 ) &
    elif [ "$1" = gui ]; then
        ( cd "$tmp" && "$keep" run "$gui" bench go >"$tmp/out" 2>&1 ) &
    else
        ( cd "$tmp" && "$keep" run "$exe" bench "$1" go >"$tmp/out" 2>&1 ) &
    fi
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
    [ "$1" = 0 ] && echo "$snap $size $res" >"$tmp/hello"
}

# ---- CRIU on a native counter ------------------------------------------------

# What made CRIU fail: the first three error lines of its log (but its
# helpers' exit statuses), or its status.
criu_error() {
    e=$(grep '^Error' "$1" 2>/dev/null | grep -v 'exited, status=' | head -n 3 |
        sed 's/^Error ([^)]*): //' | paste -sd';' | sed 's/;/; /g')
    echo "${e:-criu exited with status $2}"
}

# One dump and restore of the counter: "dump_ns size restore_ns", or
# "error: WHY".
criu_one() {
    d=$tmp/criu
    rm -rf "$d" && mkdir -p "$d/img" || { echo "error: cannot make $d"; return; }
    setsid "$tmp/counter" >"$d/out" 2>&1 </dev/null &
    cpid=$!
    i=0
    until [ -s "$d/out" ] || [ $i -gt 200 ]; do i=$((i + 1)); sleep 0.01; done
    t0=$(now_ns)
    criu dump -t "$cpid" -D "$d/img" --shell-job -o dump.log >/dev/null 2>&1
    rc=$?
    t1=$(now_ns)
    if [ $rc -ne 0 ]; then
        kill "$cpid" 2>/dev/null
        wait "$cpid" 2>/dev/null
        echo "error: criu dump: $(criu_error "$d/img/dump.log" $rc)"
        return
    fi
    wait "$cpid" 2>/dev/null
    size=$(du -sb --exclude='*.log' "$d/img" | cut -f1)
    t2=$(now_ns)
    criu restore -D "$d/img" --shell-job -d -o restore.log >/dev/null 2>&1
    rc=$?
    t3=$(now_ns)
    kill "$cpid" 2>/dev/null     # the restored counter has the dumped one's pid
    if [ $rc -ne 0 ]; then
        echo "error: criu restore: $(criu_error "$d/img/restore.log" $rc)"
        return
    fi
    echo "$((t1 - t0)) $size $((t3 - t2))"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0 && b > 0) printf "%.2f", a / b; else print "-" }'; }

# criu_measure KEEP_SNAPSHOT_NS KEEP_SIZE KEEP_RESUME_NS (keep's hello-class)
criu_measure() {
    echo "== CRIU on a comparable native process (a C counter with a sleep) =="
    if ! command -v criu >/dev/null 2>&1; then
        echo "CRIU: not measurable: criu is not installed (apt-get install criu)"
        return
    fi
    printf '%s\n' '#include <stdio.h>' '#include <unistd.h>' \
        'int main(void) { for (int i = 1;; i++) { printf("%d\n", i); fflush(stdout); usleep(100000); } }' \
        >"$tmp/counter.c"
    if ! ${CC:-cc} -O2 -o "$tmp/counter" "$tmp/counter.c" 2>"$tmp/cc.err"; then
        echo "CRIU: not measurable: the native counter does not build: $(head -n 1 "$tmp/cc.err")"
        return
    fi
    version=$(criu --version 2>/dev/null | head -n 1)
    : >"$tmp/criu-runs"
    for r in $(seq "$runs"); do
        line=$(criu_one)
        case $line in
        error:*) echo "CRIU ($version): not measurable: ${line#error: }"; return ;;
        esac
        echo "$line" >>"$tmp/criu-runs"
    done
    dump=$(cut -d' ' -f1 "$tmp/criu-runs" | median)
    size=$(cut -d' ' -f2 "$tmp/criu-runs" | median)
    res=$(cut -d' ' -f3 "$tmp/criu-runs" | median)
    printf '%-22s %12s %12s %12s   (%s runs, %s)\n' "native counter, CRIU" "$(ms "$dump")" \
        "$(mb "$size")" "$(ms "$res")" "$runs" "$version"
    echo "keep/CRIU (hello-class): snapshot $(ratio "$1" "$dump"), file $(ratio "$2" "$size")," \
         "resume $(ratio "$3" "$res") (criu restore -d returns once the process runs again)"
}

{
    echo "== snapshot and resume (keep snapshot / keep resume, medians) =="
    printf '%-22s %12s %12s %12s\n' "program" "snapshot ms" "file MB" "resume ms"
    measure 0 "hello-class"
    measure 100 "100 MB written"
    measure kids "parent + child"
    measure gui "GUI (window, fonts)"
    echo "targets (issue 6): a small console program snapshots and resumes in under"
    echo "100 ms each, into a file under 5 MB.  Resume is measured to the program's"
    echo "end (keep resume's whole run, process exit included)."
    echo
    # shellcheck disable=SC2046
    set -- $(cat "$tmp/hello" 2>/dev/null)
    criu_measure "${1:-0}" "${2:-0}" "${3:-0}"
} | tee "$out"
exit 0

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/snapshot.sh - keep snapshot and keep resume on console and GUI programs
# (docs/snapshot.md).  Each case runs tests/pe/snapprog.exe under keep run,
# waits until it prints "ready" (the state to save), snapshots it, resumes
# the file and checks what the program printed before and after: nothing
# repeated, nothing missing.  Then damaged files must be refused with a
# reason and a non-zero status, before anything runs.
#
# Run by make check (top_builddir set), or by hand from the build tree:
#     sh SRCDIR/tests/snapshot.sh
# KEEP_SNAPSHOT_KEEP_TMP=1 leaves the temporary directory in place.
set -u

top=${top_builddir:-.}
keep=$(cd "$top" && pwd)/loader/keep
exe=$(cd "$top" && pwd)/tests/pe/snapprog.exe
kids=$(cd "$top" && pwd)/tests/pe/snapkids.exe
tmp=$(mktemp -d "${TMPDIR:-/tmp}/keep-snapshot.XXXXXX") || exit 1
KEEP_INSTANCE_DIR=$tmp/instances
export KEEP_INSTANCE_DIR
n=0
failed=0

cleanup() {
    # the programs still running are ours: end them
    for p in $(jobs -p); do kill "$p" 2>/dev/null; done
    [ "${KEEP_SNAPSHOT_KEEP_TMP:-0}" = 1 ] && echo "# left $tmp" || rm -rf "$tmp"
}
trap cleanup EXIT
cd "$tmp" || exit 1

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
check() { # check NAME COMMAND...: ok if the command succeeds
    name=$1; shift
    if "$@"; then ok "$name"; else not_ok "$name"; fi
}

sockets() { ls "$KEEP_INSTANCE_DIR"/*/run/ 2>/dev/null | grep '\.sock$' | sort; }

# start OUT ARGS...: keep run snapprog.exe ARGS > OUT in the background; wait
# for "ready"; $pid becomes the pid of its keep (from its new socket).
start() {
    out=$1; shift
    before=$(sockets)
    ( "$keep" run "$exe" "$@" <"${start_stdin:-/dev/null}" >"$out" 2>"$out.err" 3<&-
      echo "exit $?" >>"$out" ) &
    pid=
    i=0
    while [ $i -lt 600 ]; do
        if grep -q '^ready' "$out" 2>/dev/null; then
            pid=$(sockets | while read -r s; do
                      echo "$before" | grep -qx "$s" || echo "${s%.sock}"; done | head -n 1)
            [ -n "$pid" ] && return 0
        fi
        sleep 0.05
        i=$((i + 1))
    done
    echo "# $* never got ready"; cat "$out" "$out.err" | sed 's/^/# /'
    return 1
}

# numbers OUT...: the numbers the files hold, one a line, in order (the
# program writes CR LF)
numbers() { cat "$@" | tr -d '\r' | grep -E '^[0-9]+$'; }

same_as_seq() { # same_as_seq FIRST LAST FILE...
    first=$1 last=$2; shift 2
    [ "$(numbers "$@" | tr '\n' ' ')" = "$(seq "$first" "$last" | tr '\n' ' ')" ]
}

# ---- 1. a counter continues with the next number -------------------------------
start c1.txt counter 30 100 && "$keep" snapshot "$pid" c.snap
check "snapshot of a counter mid-run" test -s c.snap
wait
stopped_early() { [ "$(numbers "$1" | tail -n 1)" -lt "$2" ] && grep -q "^exit 0" "$1"; }
check "the snapshotted program stopped (migration)" stopped_early c1.txt 30
"$keep" resume c.snap >c2.txt 2>c2.err
check "resume exits with the program's status" test $? -eq 0
check "the counter continues: 1..30, no repeat, no gap" same_as_seq 1 30 c1.txt c2.txt

# ---- 2. waits: a timed one and an infinite one ------------------------------------
start w1.txt wait && "$keep" snapshot "$pid" w.snap
wait
"$keep" resume w.snap >w2.txt 2>&1
check "a WaitForSingleObject with a timeout times out after the resume" \
    grep -q "timed wait: WAIT_TIMEOUT after >=1000 ms" w2.txt
check "an infinite wait is signaled after the resume" grep -q "infinite wait: signaled" w2.txt
check "both waiting threads end" grep -q "threads: both ended" w2.txt

# ---- 3. a file open mid-write keeps its position ------------------------------------
start f1.txt file "$tmp/written.txt" 20 && "$keep" snapshot "$pid" f.snap
wait
"$keep" resume f.snap >f2.txt 2>&1
check "the writer finishes after the resume" grep -q '^closed' f2.txt
check "the file holds lines 1..20 once each, in order" \
    sh -c '[ "$(cat written.txt | tr "\n" " ")" = "$(seq 1 20 | sed "s/^/line /" | tr "\n" " ")" ]'

start v1.txt file "$tmp/vanished.txt" 20 && "$keep" snapshot "$pid" v.snap
wait
rm -f vanished.txt
"$keep" resume v.snap >v2.txt 2>&1
check "a file that vanished makes its handle fail when used; the program runs on" \
    grep -q "^write [0-9]* failed" v2.txt

# ---- 4. a registry key written after the resume ----------------------------------
start r1.txt reg 10 && "$keep" snapshot "$pid" r.snap
wait
"$keep" resume r.snap >r2.txt 2>&1
check "the program writes its key after the resume" grep -q "registry: written" r2.txt
check "the key is in the instance's registry" \
    sh -c '"$0" reg query "HKCU\\Software\\keep-snap" | grep -q "after.*REG_DWORD.*0xa"' "$keep"

# ---- 5. three rounds of snapshot and resume ---------------------------------------------
start t1.txt counter 40 100 && "$keep" snapshot "$pid" t.snap
wait
for round in 2 3 4; do
    before=$(sockets)
    ( "$keep" resume t.snap >t$round.txt 2>&1; echo "exit $?" >>t$round.txt ) &
    sleep 0.6
    pid=$(sockets | while read -r s; do echo "$before" | grep -qx "$s" || echo "${s%.sock}"; done | head -n 1)
    "$keep" snapshot "$pid" t.snap || echo "# round $round: no snapshot"
    wait
done
"$keep" resume t.snap >t5.txt 2>&1
check "three snapshot-resume rounds: 1..40, no repeat, no gap" same_as_seq 1 40 t1.txt t2.txt t3.txt t4.txt t5.txt

# ---- 6. --leave-running: a checkpoint --------------------------------------------------
start l1.txt counter 20 100 && "$keep" snapshot --leave-running "$pid" l.snap
wait
check "with --leave-running the program runs to its end" same_as_seq 1 20 l1.txt
"$keep" resume l.snap >l2.txt 2>&1
last=$(numbers l2.txt | head -n 1)
check "the checkpoint resumes from where it was taken" \
    test -n "$last" -a "${last:-0}" -gt 1
check "... and runs to the end from there" same_as_seq "${last:-0}" 20 l2.txt

# ---- 7. streaming through a pipe (FILE = -) ---------------------------------------------
start p1.txt counter 20 100 && "$keep" snapshot "$pid" - | "$keep" resume - >p2.txt 2>&1
check "snapshot - | resume - continues the program" same_as_seq 1 20 p1.txt p2.txt
wait

# ---- 8. a resume in another instance, from a copy ---------------------------------------
start i1.txt reg 10 && "$keep" snapshot "$pid" i.snap
wait
mkdir -p copy && cp i.snap copy/moved.snap
"$keep" resume --instance other copy/moved.snap >i2.txt 2>&1
check "a copy resumes in another instance" grep -q "registry: written" i2.txt
check "the key lands in that instance's registry" \
    sh -c '"$0" reg --instance other query "HKCU\\Software\\keep-snap" | grep -q "after.*0xa"' "$keep"

# ---- 9. two threads ping-ponging events ------------------------------------------------
start g1.txt pingpong stop-g && "$keep" snapshot "$pid" g.snap
wait
: >stop-g
"$keep" resume g.snap >g2.txt 2>&1
check "event ping-pong survives: every round counted once" grep -q "every round counted once" g2.txt

# ---- 10. 500 MB reserved, 20 MB touched -------------------------------------------------
start b1.txt big 500 20 stop-b && "$keep" snapshot "$pid" b.snap
wait
: >stop-b
size=$(wc -c <b.snap)
echo "# 500 MB reserved, 20 MB touched: $size bytes"
check "the file is proportional to touched memory (20 MB of data: 20-28 MB)" \
    test "$size" -ge 20971520 -a "$size" -lt 29360128
"$keep" resume b.snap >b2.txt 2>&1
check "the touched memory comes back" grep -q "memory: same" b2.txt

# ---- 11. a GUI program: its window, GDI and fonts go on ----------------------------------
# tests/pe/snapgui.exe: a window whose timer ticks; each tick measures and
# draws text in Liberation Sans through win32u.so and FreeType (loaded by
# the kernel into its own memory: docs/snapshot.md, GUI programs).
ticks() { cat "$@" | tr -d '\r' | sed -n 's/^tick \([0-9]*\) .*/\1/p' | tr '\n' ' '; }
ticks_are() { # ticks_are FIRST LAST FILE...: the ticks the files hold are FIRST..LAST
    first=$1 last=$2; shift 2
    [ -n "$first" ] && [ "$(ticks "$@")" = "$(seq "$first" "$last" | tr '\n' ' ')" ]
}
gui_same() { # gui_same WIDTH FILE...: every tick measured WIDTH, drew ink, found its window
    want=$1; shift
    lines=$(cat "$@" | tr -d '\r' | grep '^tick ')
    [ -n "$lines" ] && ! echo "$lines" | grep -qv " width $want ink yes title 'keep snapshot GUI test' found same"
}
exe_was=$exe; exe=$(dirname "$exe")/snapgui.exe
start u1.txt 30 150 && "$keep" snapshot "$pid" u.snap 2>u.err
check "keep snapshot of a GUI program (win32u.so, FreeType) writes a file" test -s u.snap
wait
"$keep" resume u.snap >u2.txt 2>u2.err
check "the resumed GUI program ends by itself (WM_DESTROY, WM_QUIT), status 0" \
    sh -c 'test $0 -eq 0 && grep -q "^done 30" u2.txt' $?
check "its timer ticks on: 1..30, no repeat, no gap" ticks_are 1 30 u1.txt u2.txt
width=$(tr -d '\r' <u1.txt | sed -n 's/^tick 1 width \([0-9]*\) .*/\1/p')
check "its font measures and draws the same after the resume, its window keeps handle and title" \
    gui_same "${width:-none}" u1.txt u2.txt
check "no error line from Wine before or after" sh -c '! grep -q ":err:" u.err u1.txt.err u2.err'

start ul1.txt 20 150 && "$keep" snapshot --leave-running "$pid" ul.snap 2>ul.err
wait
check "with --leave-running the GUI program runs to its end" grep -q "^done 20" ul1.txt
check "... every tick 1..20 there" ticks_are 1 20 ul1.txt
"$keep" resume --instance gui-elsewhere ul.snap >ul2.txt 2>ul2.err
first=$(ticks ul2.txt | cut -d' ' -f1)
check "... and the checkpoint resumes, in another instance, from where it was taken" \
    ticks_are "${first:-}" 20 ul2.txt
check "... to its end" grep -q "^done 20" ul2.txt

# The resumed program's window on the instance's shared desktop: another
# process finds it and closes it (a child of another keep run: every keep
# run's first process has the same Windows pid, and a process does not
# see windows of its own pid on the shared desktop).
start uc1.txt 1000 150 && "$keep" snapshot "$pid" uc.snap
wait
( "$keep" resume uc.snap >uc2.txt 2>&1; echo "exit $?" >>uc2.txt ) &
i=0
while ! grep -q '^tick' uc2.txt 2>/dev/null && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
"$keep" run "$kids" other "$exe" close >uc3.txt 2>&1
check "another process finds the resumed program's window and posts it WM_CLOSE" grep -q '^posted' uc3.txt
wait
check "... and the resumed program closes, well before its 1000 ticks" \
    sh -c 'grep -q "^done [0-9][0-9]*" uc2.txt && ! grep -q "^done 1000" uc2.txt && grep -q "^exit 0" uc2.txt'
exe=$exe_was

# ---- 12. the target named by its instance ------------------------------------------
start n1.txt counter 30 100 && "$keep" snapshot default n.snap
wait
"$keep" resume n.snap >n2.txt 2>&1
check "keep snapshot INSTANCE finds the program running there" same_as_seq 1 30 n1.txt n2.txt

# ---- 13. a thread blocked reading standard input ------------------------------------
# The main thread is in ReadFile on a pipe that stays open with no data
# (a fifo this shell holds open) while another thread counts: the read is
# abandoned for the snapshot and made again after the resume, where it
# reads keep resume's standard input.
mkfifo in.fifo && exec 3<>in.fifo     # (start closes it in keep: EOF once this shell does)
start_stdin=in.fifo
start s1.txt stdin 30 && "$keep" snapshot "$pid" s.snap 2>s.err
start_stdin=
check "a thread blocked in a pipe read does not stop the snapshot" test -s s.snap
exec 3>&-
wait
echo "after the resume" | "$keep" resume s.snap >s2.txt 2>&1
check "the read is made again after the resume and reads the new data" \
    grep -q "^read: 'after the resume'" s2.txt
check "... while the counter continues: 1..30, no repeat, no gap" same_as_seq 1 30 s1.txt s2.txt
check "... and both threads end" grep -q "^counter: ended" s2.txt
# a checkpoint: the running program makes its read again at once
mkfifo in2.fifo && exec 3<>in2.fifo
start_stdin=in2.fifo
start s3.txt stdin 20 && "$keep" snapshot --leave-running "$pid" s3.snap
start_stdin=
echo "to the running one" >&3
exec 3>&-
wait
check "with --leave-running the program's read is made again and reads what comes" \
    grep -q "^read: 'to the running one'" s3.txt

# ---- 14. a thread interrupted in user code keeps its AVX registers -------------------------
# It spins with a pattern in ymm2, upper half too (fxsave holds the lower).
start y1.txt ymm stop-y && "$keep" snapshot "$pid" y.snap
wait
: >stop-y
"$keep" resume y.snap >y2.txt 2>&1
check "a thread stopped in user code keeps ymm2 whole across the resume" \
    grep -q "ymm: lower half same, upper half same" y2.txt

# ---- 15. another host: a separate mount and network namespace ------------------------------
# The program runs from a directory of its own (its image mapped from the
# file), with its working directory and an open file beside it.  A copy of
# the snapshot resumes in a new mount and network namespace where all of
# that is gone (a tmpfs over it), with another /dev/shm (the volatile
# registry), HOME and XDG_DATA_HOME (another instance root), another
# instance, and a network of a loopback that is down: only Wine's DLLs and
# keep itself are where they were.
# as root, or else (or where root may not) in a user namespace of its own
ns=
for try in "unshare --mount --net" "unshare --map-root-user --mount --net"; do
    if $try true 2>ns.err; then ns=$try; break; fi
done
if [ -z "$ns" ]; then
    not_ok "another host: no mount and network namespace here ($try: $(head -n 1 ns.err)): not tested"
else
    away=$tmp/host-a
    mkdir -p "$away/prog" "$away/work" "$tmp/host-b/home"
    cp "$exe" "$away/prog/snapprog.exe"
    exe_here=$exe
    exe=$away/prog/snapprog.exe
    KEEP_INSTANCE_DIR=$away/instances
    cd "$away/work" && start "$tmp/h1.txt" host kept.txt 30 && "$keep" snapshot "$pid" "$away/h.snap"
    cd "$tmp" && exe=$exe_here
    KEEP_INSTANCE_DIR=$tmp/instances
    wait
    cp "$away/h.snap" host-b/copy.snap
    # shellcheck disable=SC2016
    $ns sh -c '
        mount -t tmpfs keep-gone "$1" && mount -t tmpfs keep-shm /dev/shm || exit 90
        [ ! -e "$1/prog/snapprog.exe" ] && [ ! -e "$1/work" ] || exit 91
        [ "$(tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " ")" = lo ] || exit 92
        cd "$2" && exec env -u KEEP_INSTANCE_DIR HOME="$2/home" XDG_DATA_HOME="$2/data" \
            "$3" resume --instance moved "$2/copy.snap"' \
        sh "$away" "$tmp/host-b" "$keep" >h2.txt 2>h2.err
    rc=$?
    [ $rc -ge 90 ] && echo "# the namespace is not as the test needs it ($rc)"
    check "another host: the copy resumes where the program's files are gone" test $rc -eq 0
    check "... the counter continues: 1..30, no repeat, no gap" same_as_seq 1 30 h1.txt h2.txt
    check "... the file that vanished fails when written; the program runs on" \
        sh -c 'grep -q "^write [0-9]* failed" h2.txt && grep -q "^done" h2.txt'
    check "... the volatile key written before the snapshot is there (a machine of its own)" \
        grep -q "^volatile key: kept" h2.txt
    check "... the key lands in the other instance's registry, under the other XDG_DATA_HOME" \
        sh -c 'env -u KEEP_INSTANCE_DIR XDG_DATA_HOME="$1" "$0" reg --instance moved \
                   query "HKCU\\Software\\keep-snap" | grep -q "host.*0x1e"' "$keep" "$tmp/host-b/data"
fi

# ---- 15b. a program with child processes -------------------------------------------
# snapkids.exe: the parent "p" counts while its child "c" counts and sends
# "pipe I" lines through an inherited pipe, which the parent prints as
# "got pipe I"; "g" is a grandchild.  The whole tree is one file; every
# series goes on after the resume with nothing repeated or missing.
series() { # series PREFIX FILE...: the numbers after "PREFIX ", in order
    p=$(echo "$1" | tr _ ' '); shift
    cat "$@" | tr -d '\r' | sed -n "s/^$p \([0-9][0-9]*\)$/\1/p" | tr '\n' ' '
}
gone() { # gone: no keep __resume of ours runs (within 2 s)
    i=0
    while pgrep -f "^$keep __resume" >/dev/null && [ $i -lt 40 ]; do sleep 0.05; i=$((i + 1)); done
    ! pgrep -f "^$keep __resume" >/dev/null
}
tree_ok() { # tree_ok FIRST LAST PREFIXES FILE...: each series is FIRST..LAST
    want=$(seq "$1" "$2" | tr '\n' ' ') prefixes=$3; shift 3
    for p in $prefixes; do
        got=$(series "$p" "$@")
        [ "$got" = "$want" ] || { echo "# '$p': $got"; return 1; }
    done
}
start_kids() { exe_was=$exe; exe=$kids; start "$@"; rc=$?; exe=$exe_was; return $rc; }

start_kids k1.txt tree 30 100 1 && "$keep" snapshot "$pid" k.snap
wait
last=$(series p k1.txt | awk '{ print $NF }')
check "a program with a child: the tree stopped (migration)" \
    sh -c '[ -n "$0" ] && [ "$0" -lt 30 ] && grep -q "^exit 0" k1.txt && ! grep -q "exit code" k1.txt' \
    "${last:-}"
"$keep" resume k.snap >k2.txt 2>k2.err
check "the tree resumes and exits with the parent's status" test $? -eq 0
check "parent, child and the pipe between them go on: 1..30 each, no repeat, no gap" \
    tree_ok 1 30 "p c got_pipe" k1.txt k2.txt
check "after the resume the parent's wait for its child ends with the child's exit code" \
    grep -q "^c exit code: 42" k2.txt
check "... and its pipe ends when the child does, every line read" \
    grep -q "^pipe: eof after 30 lines" k2.txt
check "no keep of the tree is left behind" gone
"$keep" resume k.snap >k3.txt 2>&1
check "the same file resumes a second time, the same way" tree_ok 1 30 "p c got_pipe" k1.txt k3.txt

start_kids g1.txt tree 30 100 2 && i=0 && while ! grep -q "^g 1" g1.txt && [ $i -lt 200 ]; do
    sleep 0.05; i=$((i + 1)); done
"$keep" snapshot default kg.snap
wait
"$keep" resume kg.snap >g2.txt 2>&1
check "a grandchild too (the tree named by its instance): every series 1..30" \
    tree_ok 1 30 "p c g got_pipe" g1.txt g2.txt
check "... each waiting process gets its child's exit code" \
    sh -c 'grep -q "^g exit code: 43" g2.txt && grep -q "^c exit code: 42" g2.txt'

start_kids kl1.txt tree 20 100 1
child=$(ls "$KEEP_INSTANCE_DIR"/*/run/ | sed -n 's/^\([0-9]*\)\.csock$/\1/p' | while read -r c; do
            kill -0 "$c" 2>/dev/null && echo "$c"; done | head -n 1)
"$keep" snapshot "${child:-0}" kc.snap 2>kc.err
check "keep snapshot of a child process alone is refused: name the tree's first process" \
    sh -c '[ $0 -eq 1 ] && grep -q "is a child process of a program" kc.err && [ ! -e kc.snap ]' $?
"$keep" snapshot --leave-running "$pid" kl.snap
wait
check "a tree with --leave-running runs to its end" \
    sh -c 'grep -q "^c exit code: 42" kl1.txt && grep -q "^exit 0" kl1.txt'
check "... every series 1..20 there" tree_ok 1 20 "p c got_pipe" kl1.txt
"$keep" resume kl.snap >kl2.txt 2>&1
first=$(series p kl2.txt | cut -d' ' -f1)
check "... and the checkpoint resumes the tree from where it was taken" \
    sh -c 'test -n "$0" && test "$0" -gt 1' "${first:-}"
check "... to its end: the parent's series goes on to 20, the child's exit code comes" \
    sh -c '[ "$0" = "$1" ] && grep -q "^c exit code: 42" kl2.txt' \
    "$(series p kl2.txt)" "$(seq "${first:-0}" 20 | tr '\n' ' ')"

start_kids e1.txt tree 20 100 0 && i=0 && while ! grep -q "^pipe: eof" e1.txt && [ $i -lt 200 ]; do
    sleep 0.05; i=$((i + 1)); done
"$keep" snapshot "$pid" ke.snap
wait
"$keep" resume ke.snap >e2.txt 2>&1
check "a parent whose child had ended: it goes on, and gets the exit code" \
    sh -c 'grep -q "^c exit code: 42" e2.txt && [ "$(cat e1.txt e2.txt | grep -c "^pipe: eof")" = 1 ]'
check "... its series 1..20" tree_ok 1 20 p e1.txt e2.txt

# Lines waiting in the pipe at the snapshot: the child writes all of its
# lines and ends while the parent does not read yet (until the file gate
# exists); the lines are in the file and in the new pipe after the resume.
start_kids d1.txt tree 12 30 1 gate && i=0 && while ! grep -q "^c 12" d1.txt && [ $i -lt 200 ]; do
    sleep 0.05; i=$((i + 1)); done
sleep 0.2
"$keep" snapshot "$pid" kd.snap
wait
: >gate
"$keep" resume kd.snap >d2.txt 2>&1
waited() { [ -z "$(series got_pipe d1.txt)" ] && tree_ok 1 12 got_pipe d2.txt; }
check "lines waiting in a pipe at the snapshot are read after the resume, in order" waited
check "... then the pipe ends: every writer is gone" grep -q "^pipe: eof after 12 lines" d2.txt

# A tree with a GUI child (snapprog.exe gui: user32, so win32u.so, loaded).
start_kids gu1.txt other "$exe" gui 2500 && "$keep" snapshot "$pid" gu.snap 2>gu.err
check "keep snapshot of a tree with a GUI child writes a file" test -s gu.snap
wait
"$keep" resume gu.snap >gu2.txt 2>&1
check "... the child goes on after the resume and ends, the parent gets its exit code" \
    sh -c '! grep -q "^done" gu1.txt && grep -q "^done" gu2.txt && grep -q "^c exit code: 0" gu2.txt'

# ---- 16. damaged files are refused before anything runs ----------------------------------
refused() { # refused FILE: resume fails with a reason and the program prints nothing
    "$keep" resume "$1" >refused.out 2>refused.err
    rc=$?
    [ $rc -ne 0 ] && grep -q "resume:" refused.err && [ ! -s refused.out ]
}
# every section boundary: a section header starts with "SECT"
# (a nested child's section headers are inside its parent's PROCESS
# section: cutting there cuts that section)
for f in c.snap kg.snap; do
    what=$([ $f = c.snap ] && echo "a snapshot" || echo "a process tree's snapshot (3 processes)")
    offsets=$(grep -obUa SECT $f | cut -d: -f1)
    count=0
    bad=0
    [ -s $f ] || { bad=1; echo "# there is no $f to damage"; }
    for off in 0 64 $offsets; do
        head -c "$off" $f >cut.snap
        count=$((count + 1))
        refused cut.snap || { bad=$((bad + 1)); echo "# $f cut at $off was not refused"; }
    done
    size=$(wc -c <$f)
    head -c $((size - 1)) $f >cut.snap
    refused cut.snap || { bad=$((bad + 1)); echo "# $f less its last byte was not refused"; }
    check "$what cut at each of its $count section boundaries (and short of its end) is refused" \
        test $bad -eq 0
    bad=0
    for off in 10 130 $((size / 7)) $((size / 3)) $((size / 2)) $((size - 20)); do
        cp $f flip.snap
        byte=$(od -An -tu1 -j "$off" -N1 $f | tr -d ' ')
        printf "$(printf '\\%03o' $(( (byte + 1) % 256 )))" | dd of=flip.snap bs=1 seek="$off" conv=notrunc 2>/dev/null
        refused flip.snap || { bad=$((bad + 1)); echo "# $f: a byte changed at $off was not refused"; }
    done
    check "$what with one byte changed is refused (6 places)" test $bad -eq 0
done
check "... and no keep of a tree was started for any of them" gone
printf 'not a snapshot' >foreign.snap
check "a foreign file is refused" refused foreign.snap
check "a missing file is refused" refused "$tmp/no-such.snap"

# ---- 17. usage -----------------------------------------------------------------------------
"$keep" snapshot >/dev/null 2>&1
check "keep snapshot with no arguments is a usage error (2)" test $? -eq 2
"$keep" snapshot 999999 x.snap 2>nopid.err
check "keep snapshot of no such program fails clearly" \
    sh -c '[ $0 -eq 1 ] && grep -q "no running keep program" nopid.err && [ ! -e x.snap ]' $?
"$keep" resume >/dev/null 2>&1
check "keep resume with no file is a usage error (2)" test $? -eq 2

echo "1..$n"
[ $failed -eq 0 ]

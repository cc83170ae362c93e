#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# No wineserver in keep: the GUI test program (tests/pe/gui_window.exe, on
# Wine's user32/win32u) runs to the end under keep while
#   - keep starts no other process at all: its process tree, sampled every
#     20 ms while it runs, holds keep alone; with strace available, the
#     whole run makes exactly one execve (keep's own) and no new process
#     but, at the very end, the exit's teardown helper (a clone sharing
#     the address space, CLONE_VM alone, that execs nothing: see
#     host_process_exit);
#   - a wineserver (or wine) on PATH or in $WINESERVER, which would leave a
#     marker file if anything ran it, is never run.
# Run from the top build directory (make check); KEEP overrides the binary.

KEEP=${KEEP:-./loader/keep}
PE=${KEEP_PE_DIR:-./tests/pe}/gui_window.exe
fails=0
count=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keep-nowineserver.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
KEEP=$(cd "$(dirname "$KEEP")" && pwd)/$(basename "$KEEP")
PE=$(cd "$(dirname "$PE")" && pwd)/$(basename "$PE")
[ -x "$KEEP" ] || { echo "no keep binary at $KEEP" >&2; exit 99; }
[ -f "$PE" ] || { echo "no $PE (make check builds it)" >&2; exit 99; }

ok() { count=$((count + 1)); echo "ok $count - $1"; }
not_ok() { count=$((count + 1)); fails=$((fails + 1)); echo "not ok $count - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2${3:+ ($3)}"; fi; }

# Decoys: anything that tries to start a wineserver finds these first.
mkdir "$tmp/bin"
for name in wineserver wine wine64; do
    printf '#!/bin/sh\necho "$0 $*" >>"%s/ran"\nexit 1\n' "$tmp" >"$tmp/bin/$name"
    chmod +x "$tmp/bin/$name"
done
PATH=$tmp/bin:$PATH
WINESERVER=$tmp/bin/wineserver
KEEP_INSTANCE_DIR=$tmp/instances
WINEDEBUG=-all
export PATH WINESERVER KEEP_INSTANCE_DIR WINEDEBUG
unset KEEPDEBUG
mkdir "$tmp/work" && cd "$tmp/work" || exit 99

# Every descendant of pid $1 (pid and name), from one ps listing, but the
# exit's teardown helper ("keep-exit": it shares the ending process's
# memory to free it; the strace check below counts it exactly).
descendants() {
    ps -e -o pid= -o ppid= -o comm= | awk -v root="$1" '
        { parent[$1] = $2; name[$1] = $3 }
        END {
            for (p in parent) {
                q = parent[p]
                while (q != "" && q != root && q != 1 && q != 0) q = parent[q]
                if (q == root && name[p] != "keep-exit") print p, name[p]
            }
        }'
}

"$KEEP" run -- "$PE" >out.txt 2>err.txt &
pid=$!
: >seen
while kill -0 "$pid" 2>/dev/null; do
    descendants "$pid" >>seen
    sleep 0.02
done
wait "$pid"
rc=$?

check "$rc" "gui_window.exe exits 0 under keep" "status $rc: $(head -c 300 err.txt)"
plan=$(grep -E '^1\.\.[0-9]+$' out.txt | tail -n 1)
oks=$(grep -cE '^ok [0-9]+' out.txt)
if [ -n "$plan" ] && [ "${plan#1..}" = "$oks" ] && [ "$oks" -ge 20 ] && ! grep -q '^not ok' out.txt; then
    ok "the GUI test ran: $oks of $oks checks passed (CreateWindowExW, messages, DestroyWindow)"
else
    not_ok "the GUI test did not run to the end: plan '$plan', $oks ok"
fi
if [ -s seen ]; then
    not_ok "keep started other processes: $(sort -u seen | tr '\n' ' ')"
else
    ok "keep's process tree held keep alone for the whole run"
fi
if [ -e "$tmp/ran" ]; then
    not_ok "a wineserver or wine was run: $(cat "$tmp/ran")"
else
    ok "no wineserver, wine or wine64 was run"
fi

# With strace (and ptrace allowed), count the process creations exactly.
if command -v strace >/dev/null 2>&1 &&
    strace -f -qq -e trace=execve -o probe.txt true 2>/dev/null; then
    strace -f -qq -e trace=execve,fork,vfork,clone,clone3 -o trace.txt \
        "$KEEP" run -- "$PE" >out2.txt 2>err2.txt
    rc=$?
    execs=$(grep -c 'execve(' trace.txt)
    # a new process is a fork, or a clone without CLONE_THREAD (threads are
    # fine), but for the exit's teardown helper: flags CLONE_VM alone
    forks=$(grep -E '(v?fork|clone3?)\(' trace.txt | grep -v 'CLONE_THREAD' |
            grep -vc 'flags=CLONE_VM)')
    helpers=$(grep -E 'clone\(' trace.txt | grep -c 'flags=CLONE_VM)')
    check "$rc" "under strace too, gui_window.exe exits 0" "status $rc"
    if [ "$execs" = 1 ] && [ "$forks" = 0 ] && [ "$helpers" -le 1 ]; then
        ok "strace: one execve (keep itself), no fork but the exit's teardown helper, in the whole GUI run"
    else
        not_ok "strace: $execs execve, $forks fork: $(grep -E 'execve\(|fork\(' trace.txt | head -5 | tr '\n' ' ')"
    fi
else
    echo "# strace cannot trace here: the process-tree and decoy checks stand alone"
fi

echo "1..$count"
[ "$fails" = 0 ]

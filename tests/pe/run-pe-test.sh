#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# run-pe-test.sh NAME - run one Windows test program and judge it.
#
# How make check runs it: tests/pe.inc lists one automake test per program,
# tests/pe/NAME.test, a two-line wrapper script generated at build time that
# sets KEEP_TOP_BUILDDIR and execs this script with NAME.  So
#     make check TESTS=tests/pe/threads.test
# runs one test, and by hand, from the top of the build tree:
#     sh SRCDIR/tests/pe/run-pe-test.sh threads
#
# What it does: makes a fresh temporary directory, cd's there, runs
#     $KEEP_RUNNER $KEEP_PE_DIR/EXE.exe ARGS... <STDIN
# with the arguments, standard input and expected exit code that the table
# below gives NAME, prints the program's output, and passes (exit 0) only if
#   - the exit code is the expected one,
#   - the output has a plan line "1..N", exactly N "ok" lines and no
#     "not ok" line (TAP programs), and
#   - any lines the table expects appear in the output.
# Otherwise it fails (exit 1).  It never skips (no exit 77): a test that
# cannot run is a failure.
#
# Environment:
#   KEEP_TOP_BUILDDIR  the top of the build tree (default: the current directory)
#   KEEP_PE_DIR        where the .exe and .dll files are
#                      (default: $KEEP_TOP_BUILDDIR/tests/pe)
#   KEEP_RUNNER        the command that runs a Windows program
#                      (default: $KEEP_TOP_BUILDDIR/loader/keep run --).
#                      KEEP_RUNNER=/usr/lib/wine/wine64 runs the same tests on
#                      stock Wine, in the prefix $WINEPREFIX (default
#                      /tmp/keep-test-wineprefix, created once, under a lock,
#                      before the timed run).  The keep-only tests cannot
#                      pass there: "policy" (stock Wine has no access
#                      policy) and "unimpl" (the reports are keep's).
#   srcdir             the source tree (default: the build tree)
#   KEEP_TEST_TIMEOUT  seconds a program may run (default 120)
#   KEEP_PE_KEEP_TMP   1: leave the temporary directories in place
#   WINEDEBUG          defaults to -all

set -u

name=${1:?usage: run-pe-test.sh NAME}
top=${KEEP_TOP_BUILDDIR:-.}
top=$(cd "$top" && pwd) || exit 1
pe_dir=${KEEP_PE_DIR:-$top/tests/pe}
pe_dir=$(cd "$pe_dir" && pwd) || exit 1
# the source tree (automake's srcdir is relative to the build directory)
src_top=$(cd "${srcdir:-$top}" && pwd) || exit 1
runner=${KEEP_RUNNER:-$top/loader/keep run --}
timeout_s=${KEEP_TEST_TIMEOUT:-120}
tmp_root=${TMPDIR:-/tmp}
WINEDEBUG=${WINEDEBUG:--all}
export WINEDEBUG

# Is the runner stock Wine rather than keep?
runner_prog=${runner%% *}
case ${runner_prog##*/} in
wine*) stock_wine=1 ;;
*) stock_wine=0 ;;
esac

say() { printf '# %s: %s\n' "$name" "$*"; }
fail() { say "FAIL: $*"; failed=1; }
failed=0

# ---- the test table ------------------------------------------------------
#
# exe: the program; expect_rc: its exit code; expect_lines: lines that must
# appear in its output (after CRs are dropped), one per line; err_once:
# texts each found on exactly one line of its standard error, one per line;
# err_some: texts each found on at least one line of it; keepdebug: the
# program's KEEPDEBUG; tap: 1 if the output is TAP; keep_only: 1 if only
# keep can pass it.  The arguments are in run_test.

exe=$name
expect_rc=0
expect_lines=
err_once=
err_some=
keepdebug=
tap=1
keep_only=0
stdin_file=/dev/null

tab=$(printf '\t')

configure_test() {
    case $name in
    args)
        expect_rc=7
        expect_lines='# argc=4
# argv[1]=[7]
# argv[2]=[a b]
# argv[3]=[c]' ;;
    args_quoting)
        exe=args
        expect_lines="# argc=9
# argv[1]=[0]
# argv[2]=[]
# argv[3]=[q\"uote]
# argv[4]=[back\\slash]
# argv[5]=[tail\\]
# argv[6]=[two  spaces]
# argv[7]=[tab${tab}x]
# argv[8]=[été 日本]" ;;
    exitcode) expect_rc=3 ;;
    unhandled) expect_rc=66 ;; # 0xE0000042: the host sees its low byte
    crash)
        tap=0
        expect_rc=5 # 0xC0000005
        expect_lines='before the fault'
        err_some='Unhandled page fault on read access to 0000000000000000' ;;
    hello_msvcrt | hello_ucrt)
        expect_lines='hello, world
hello, world
pi=3.14159 e=2.718282e+00 big=-1234567890123 hex=1fffffffffffff' ;;
    policy)
        keep_only=1
        err_some='keep: denied ' ;; # every denial is logged
    unimpl)
        keep_only=1 # the reports are keep's
        keepdebug=syscalls
        err_once='keep: unimplemented syscall NtCreatePort '
        err_once="$err_once
keep: unimplemented syscall NtTraceControl "
        err_once="$err_once
keep: not implemented: NtCreateMailslotFile"
        err_once="$err_once
keep: not implemented: NtQuerySystemInformation 45" ;;
    cat) tap=0 ;;
    esac
}

# ---- running ---------------------------------------------------------------

ensure_wineprefix() {
    WINEPREFIX=${WINEPREFIX:-/tmp/keep-test-wineprefix}
    export WINEPREFIX
    [ -f "$WINEPREFIX/system.reg" ] && return 0
    say "creating the Wine prefix $WINEPREFIX"
    (
        command -v flock >/dev/null 2>&1 && flock 9
        if [ ! -f "$WINEPREFIX/system.reg" ]; then
            WINEDLLOVERRIDES='mscoree,mshtml=' "$runner_prog" wineboot -i >/dev/null 2>&1
            server=${runner_prog%/*}/wineserver
            [ -x "$server" ] && "$server" -w
        fi
    ) 9>"$WINEPREFIX.lock"
    [ -f "$WINEPREFIX/system.reg" ] || { fail "could not create $WINEPREFIX"; return 1; }
}

# run_program OUT ERR ARGS...: run the exe in the current directory.
run_program() {
    out=$1 err=$2
    shift 2
    if command -v timeout >/dev/null 2>&1; then
        # shellcheck disable=SC2086 # KEEP_RUNNER is a command line
        timeout -k 10 "$timeout_s" $runner "$pe_dir/$exe.exe" "$@" <"$stdin_file" >"$out" 2>"$err"
    else
        # shellcheck disable=SC2086
        $runner "$pe_dir/$exe.exe" "$@" <"$stdin_file" >"$out" 2>"$err"
    fi
    rc=$?
    [ "$rc" = 124 ] && fail "timed out after $timeout_s s"
    return 0
}

show_output() {
    cat "$1"
    [ -s "$2" ] && sed 's/^/# stderr: /' "$2"
    return 0
}

check_tap() {
    plan=$(grep -E '^1\.\.[0-9]+$' "$1" | tail -n 1)
    oks=$(grep -cE '^ok [0-9]+( |$)' "$1")
    not_oks=$(grep -cE '^not ok [0-9]+( |$)' "$1")
    if [ -z "$plan" ]; then
        fail "no plan line (the program stopped early?)"
    elif [ "${plan#1..}" != "$oks" ] || [ "$not_oks" != 0 ]; then
        fail "plan $plan, $oks ok, $not_oks not ok"
    elif [ "$oks" = 0 ]; then
        fail "no checks ran"
    fi
}

# check_stderr ERR: err_once and err_some.
check_stderr() {
    [ -n "$err_once$err_some" ] || return 0
    printf '%s\n' "$err_once" | while IFS= read -r text; do
        [ -n "$text" ] || continue
        n=$(grep -cF -e "$text" "$1")
        [ "$n" = 1 ] || echo "$text ($n times, expected once)"
    done >"$work/missing"
    printf '%s\n' "$err_some" | while IFS= read -r text; do
        [ -n "$text" ] || continue
        grep -qF -e "$text" "$1" || echo "$text (never)"
    done >>"$work/missing"
    if [ -s "$work/missing" ]; then
        sed 's/^/#   standard error: /' "$work/missing"
        fail "standard error is not as expected"
    fi
}

check_lines() {
    [ -n "$expect_lines" ] || return 0
    printf '%s\n' "$expect_lines" | while IFS= read -r line; do
        grep -Fxq -e "$line" "$1" || echo "$line"
    done >"$work/missing"
    if [ -s "$work/missing" ]; then
        sed 's/^/#   missing: /' "$work/missing"
        fail "expected lines missing from the output"
    fi
}

# The standard test: run once, check the exit code, TAP and lines.
run_test() {
    # shellcheck disable=SC1003 # 'tail\' ends in a backslash
    case $name in
    args) set -- 7 "a b" c ;;
    args_quoting) set -- 0 '' 'q"uote' 'back\slash' 'tail\' 'two  spaces' "tab${tab}x" 'été 日本' ;;
    timefn) set -- "$(date +%s)" ;; # the host's Unix time before the start
    timezone) TZ=Europe/Berlin; export TZ; set -- "$(date +%z)" ;;
    policy) set -- "$denied_win" "$denied_rel" ;;
    *) set -- ;;
    esac
    run_program "$work/out.raw" "$work/err" "$@"
    tr -d '\r' <"$work/out.raw" >"$work/out"
    show_output "$work/out" "$work/err"
    [ "$rc" = "$expect_rc" ] || fail "exit code $rc, expected $expect_rc"
    [ "$tap" = 1 ] && check_tap "$work/out"
    check_lines "$work/out"
    check_stderr "$work/err"
    [ "$name" = timefn ] && check_time_window "$1" "$(date +%s)" "$work/out"
    return 0
}

# timefn: the program's system time must lie within 5 s of the run's span.
check_time_window() {
    windows=$(sed -n 's/^# windows_unix_time=\([0-9]*\)$/\1/p' "$3")
    if [ -z "$windows" ]; then
        fail "no windows_unix_time line"
    elif [ "$windows" -lt $(($1 - 5)) ] || [ "$windows" -gt $(($2 + 5)) ]; then
        fail "Windows time $windows is not within 5 s of the host's $1..$2"
    else
        say "Windows time $windows is within 5 s of the host's $1..$2"
    fi
}

# unimpl: docs/syscalls.md lists exactly the syscalls the kernel lacks (its
# "keep: table 0: no NAME" lines under KEEPDEBUG=syscalls).
check_syscall_list() {
    doc=$src_top/docs/syscalls.md
    sed -n '/<!-- not implemented: begin -->/,/<!-- not implemented: end -->/s/^- //p' "$doc" |
        LC_ALL=C sort >"$work/doc-list"
    sed -n 's/^keep: table 0: no //p' "$work/err" | LC_ALL=C sort >"$work/kernel-list"
    if [ ! -s "$work/kernel-list" ]; then
        fail "the kernel listed no missing syscall under KEEPDEBUG=syscalls"
    elif cmp -s "$work/doc-list" "$work/kernel-list"; then
        say "docs/syscalls.md lists the $(wc -l <"$work/kernel-list") syscalls the kernel lacks"
    else
        diff "$work/doc-list" "$work/kernel-list" | sed 's/^/#   /'
        fail "docs/syscalls.md and the kernel differ on what is not implemented (< doc, > kernel)"
    fi
}

# cat: stdin must come out on stdout byte for byte, from a pipe and a file.
run_cat() {
    printf 'x\ny\n' >"$work/text"
    head -c 1048576 /dev/urandom >"$work/random" 2>/dev/null ||
        dd if=/dev/urandom of="$work/random" bs=65536 count=16 2>/dev/null
    for input in text random; do
        stdin_file=$work/$input
        run_program "$work/out.$input" "$work/err"
        [ -s "$work/err" ] && sed 's/^/# stderr: /' "$work/err"
        if [ "$rc" != 0 ]; then
            fail "cat <$input: exit code $rc"
        elif cmp -s "$work/$input" "$work/out.$input"; then
            say "cat <$input: output identical ($(wc -c <"$work/$input") bytes)"
        else
            fail "cat <$input: output differs"
        fi
    done
    # the same through a pipe (the pipeline runs in a subshell)
    stdin_file=/dev/stdin
    printf 'x\ny\n' | { run_program "$work/out.pipe" "$work/err"; echo "$rc" >"$work/rc"; }
    rc=$(cat "$work/rc")
    if [ "$rc" = 0 ] && cmp -s "$work/text" "$work/out.pipe"; then
        say "printf 'x\\ny\\n' | cat: output identical"
    else
        fail "printf 'x\\ny\\n' | cat: exit code $rc or output differs"
    fi
}

# policy: a host path outside the allowed set must stay out of reach.
setup_policy() {
    denied_dir=$(mktemp -d "$tmp_root/keep-denied-XXXXXX") || return 1
    echo 'top secret' >"$denied_dir/secret.txt"
    # shellcheck disable=SC1003
    denied_win=Z:$(printf '%s' "$denied_dir/secret.txt" | tr / '\\')
    # the program runs in $work/cwd, two levels below $tmp_root
    denied_rel=..\\..\\${denied_dir##*/}\\secret.txt
}

check_policy_aftermath() {
    [ "$(cat "$denied_dir/secret.txt" 2>/dev/null)" = 'top secret' ] ||
        fail "secret.txt was changed or removed"
    left=$(cd "$denied_dir" && find . ! -name . | sed 's|^\./||' | sort | tr '\n' ' ')
    [ "$left" = 'secret.txt ' ] || fail "the denied directory now holds: $left"
    if [ -e copied.txt ] || [ -e stolen.txt ]; then
        fail "the denied file was copied or moved out"
    fi
    rm -rf "$denied_dir"
}

# ---- main --------------------------------------------------------------------

configure_test
if [ ! -f "$pe_dir/$exe.exe" ]; then
    say "FAIL: $pe_dir/$exe.exe is missing (not built?)"
    exit 1
fi
if [ "$stock_wine" = 1 ]; then
    ensure_wineprefix || exit 1
    [ "$keep_only" = 1 ] && say "keep-only test: it checks what only keep does, so it fails there"
fi

# Run the programs in a UTF-8 locale so that non-ASCII arguments are UTF-8.
LC_ALL=C.UTF-8
export LC_ALL
KEEP_TEST_VAR='hello world'
export KEEP_TEST_VAR
if [ -n "$keepdebug" ]; then
    KEEPDEBUG=$keepdebug
    export KEEPDEBUG
fi

# pids: in a new PID namespace, where host pids are small, when we may make
# one (root); elsewhere the same checks with the machine's large pids.
if [ "$name" = pids ] && [ "$stock_wine" = 0 ]; then
    if unshare --pid --fork --mount-proc true 2>/dev/null; then
        runner="unshare --pid --fork --mount-proc $runner"
        say "in a new PID namespace: small host pids"
    else
        say "no new PID namespace (unshare refused): the machine's host pids"
    fi
fi

work=$(mktemp -d "$tmp_root/keep-pe-$name-XXXXXX") || exit 1
mkdir "$work/cwd"
cd "$work/cwd" || exit 1
say "running $runner $pe_dir/$exe.exe in $work/cwd"

case $name in
cat) run_cat ;;
policy)
    setup_policy || fail "cannot create the denied directory"
    run_test
    check_policy_aftermath ;;
unimpl)
    run_test
    check_syscall_list ;;
*) run_test ;;
esac

cd / || exit 1
if [ "${KEEP_PE_KEEP_TMP:-0}" = 1 ]; then
    say "kept $work"
else
    rm -rf "$work"
fi
if [ "$failed" = 0 ]; then
    say PASS
    exit 0
fi
exit 1

# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/tap.sh - sourced by the shell tests: TAP checks and a
# throwaway instance directory.
#
#   check DESCRIPTION 'SHELL CONDITION'   one TAP line (the condition is eval'ed)
#   tap_work NAME                         $work: a temporary directory removed
#                                         at exit (kept with KEEP_TEST_KEEP=1);
#                                         KEEP_INSTANCE_DIR=$work/instances
#   tap_end                               the plan line; exits 1 if a check failed

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

tap_work() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX") || exit 1
    trap '[ -n "${KEEP_TEST_KEEP:-}" ] || rm -rf "$work"' EXIT
    KEEP_INSTANCE_DIR=$work/instances
    export KEEP_INSTANCE_DIR
}

tap_end() {
    echo "1..$n"
    exit $failed
}

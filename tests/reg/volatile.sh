#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/reg/volatile.sh - what the processes of one instance share.
# Volatile registry keys belong to the instance's
# running machine: a program and the child it starts see each other's
# volatile keys, two keep runs of one instance at once do too, the
# instance's database file on disk never holds one, and they are gone once
# every process of the instance has exited and a new one starts (the
# machine started again).  Uses tests/pe/regvolatile.exe in a throwaway
# instance directory of its own, so no other test's process keeps the
# machine running.  Two programs writing at once lose nothing; kill -9
# loses no write RegFlushKey acknowledged.  A change
# one program makes fires the notifications
# another armed.  And a value the sqlite3 shell writes straight into the
# database, or keep reg import, reaches a program that runs and has it
# cached.
#
# Output: TAP.  Environment: top_builddir.
set -u

top=$(cd "${top_builddir:-.}" && pwd) || exit 1
keep=$top/loader/keep
exe=$top/tests/pe/regvolatile.exe

# shellcheck source=tests/tap.sh
. "${srcdir:-$(dirname "$0")/../..}/tests/tap.sh"
tap_work keep-volatile-test
db=$KEEP_INSTANCE_DIR/default/registry.db
cd "$work" || exit 1

# The sqlite3 shell's answer to a statement, beside running programs.  The
# shell now and then answers "database is locked" while preparing, its busy
# timeout notwithstanding (seen once in about ten runs, as a program opens
# the database): it is asked again, a few times.
ask() {
    for try in 1 2 3 4 5; do
        sqlite3 -cmd '.timeout 10000' "$db" "$1" 2>shell.err && return 0
        sleep 0.2
    done
    cat shell.err >&2
    return 1
}

# The keys (and the child's) as names in the instance database, WAL included.
on_disk() {
    ask "SELECT count(*) FROM key WHERE name LIKE 'keep-volatile-%' OR name = 'from-child'"
}

"$keep" run -- "$exe" > parent.out 2>&1
status=$?
sed 's/^/# /' parent.out
check "a program and its child share volatile keys (regvolatile.exe: $(grep -c '^ok' parent.out) ok)" \
    '[ $status -eq 0 ] && grep -q "^1\.\." parent.out && ! grep -q "^not ok" parent.out'
check "the instance database holds no volatile key" '[ -f "$db" ] && [ "$(on_disk)" = 0 ]'
check "nor does any file of the instance" \
    '! grep -rl "keep-volatile" "$KEEP_INSTANCE_DIR/default" >/dev/null 2>&1 &&
     ! grep -rl "k.e.e.p.-.v.o.l.a.t.i.l.e" "$KEEP_INSTANCE_DIR/default" >/dev/null 2>&1'

# start_ready MODE: run "regvolatile MODE Z:\...\sync" in the background
# ($bg) and wait up to 60 s for it to create sync/ready.
mkdir sync
sync_dir='Z:'"$(printf '%s' "$work/sync" | tr / '\\')"
start_ready() {
    rm -f sync/ready
    "$keep" run -- "$exe" "$1" "$sync_dir" > "$1.out" 2>&1 &
    bg=$!
    i=0
    while [ ! -e sync/ready ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
}

# succeeds DESCRIPTION COMMAND...: one check, that the command exits 0.
succeeds() {
    desc=$1
    shift
    "$@" >> commands.out 2>&1
    status=$?
    check "$desc (exit $status)" '[ $status -eq 0 ]'
}

# Two keep runs at once: the first holds a volatile key while the second looks.
start_ready hold
holder=$bg
check "the first run made its volatile key" '[ -e sync/ready ]'
succeeds "a second keep run of the instance sees it" "$keep" run -- "$exe" see
check "and the database file does not" '[ "$(on_disk)" = 0 ]'
"$keep" run --instance other -- "$exe" see >> commands.out 2>&1
status=$?
check "a run of another instance does not (exit $status)" '[ $status -eq 1 ]'
touch sync/done
succeeds "the first run ends normally" wait $holder

# The sqlite3 shell writes under a running program that has the value cached.
start_ready watch
watcher=$bg
ask "UPDATE value SET data = x'07000000'
    WHERE uname = 'N' AND key = (SELECT id FROM key WHERE name = 'keep-shell-test')" >/dev/null
check "the shell's write reached the database" \
    '[ "$(ask "SELECT hex(data) FROM value WHERE uname = '"'N'"'")" = 07000000 ]'
succeeds "a running program with the value cached sees the shell's write" wait $watcher

# The same with keep reg import.
printf 'REGEDIT4\n\n[HKEY_CURRENT_USER\\Software\\keep-shell-test]\n"n"=dword:00000007\n' > seven.reg
start_ready watch
watcher=$bg
succeeds "keep reg import runs beside the program" "$keep" reg import seven.reg
succeeds "which sees the imported value" wait $watcher

# A change made by one process fires the notifications another one armed.
start_ready notify
watcher=$bg
check "a program armed its notifications (and none fired on its own)" '[ -e sync/ready ]'
succeeds "another program changes the watched key" "$keep" run -- "$exe" poke
succeeds "the first one's value watch and subtree name watch fire" wait $watcher

# Two programs write at once: every write of both is there afterwards.
"$keep" run -- "$exe" fill a 300 > fill-a.out 2>&1 &
filler=$!
succeeds "a program creates 300 keys while another does too" "$keep" run -- "$exe" fill b 300
succeeds "and the other finishes" wait $filler
succeeds "a third program finds all 600 with their values" "$keep" run -- "$exe" count 300
check "so does the sqlite3 shell" \
    '[ "$(ask "SELECT count(*) FROM key WHERE name LIKE '"'_-%'"'")" = 600 ]'

# kill -9 a program that flushes in a loop, five times: the database stays
# intact and holds every write that RegFlushKey acknowledged.
lost=0
for round in 1 2 3 4 5; do
    "$keep" run -- "$exe" flushloop > flush.out 2>&1 &
    writer=$!
    # once it has acknowledged a write (however loaded the machine), a
    # little later each round
    i=0
    while ! grep -qE '^[0-9]+$' flush.out && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
    sleep "0.$((round * 2 - 1))"
    kill -9 $writer 2>/dev/null
    wait $writer 2>/dev/null
    acked=$(tail -n 2 flush.out | grep -E '^[0-9]+$' | tail -n 1)
    stored=$(sqlite3 -cmd '.timeout 10000' "$db" "SELECT hex(data) FROM value
        WHERE uname = 'N' AND key = (SELECT id FROM key WHERE name = 'keep-crash')" 2>/dev/null)
    # the DWORD is stored little-endian: hex AABBCCDD is 0xDDCCBBAA
    stored=$(printf '%s' "$stored" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
    stored=$((0x${stored:-0}))   # no row: 0, below any acknowledged write
    echo "# round $round: acknowledged ${acked:-none}, stored $stored"
    [ -n "$acked" ] && [ "$stored" -ge "$acked" ] || lost=1
    [ "$(ask "PRAGMA integrity_check")" = ok ] || lost=1
done
check "kill -9 of a flushing writer, 5 times: intact, no acknowledged write lost" '[ $lost = 0 ]'

# Nobody runs now: the next start is a new machine.
succeeds "after every process exited, a new start has no volatile keys left" \
    "$keep" run -- "$exe" gone
check "the database passes the sqlite3 shell's integrity check" \
    '[ "$(ask "PRAGMA integrity_check")" = ok ]'

tap_end

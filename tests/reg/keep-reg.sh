#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/reg/keep-reg.sh - keep reg import/export/query on a throwaway
# instance, and the registry database seen by programs under keep: a
# value imported from the host is read by Wine's reg.exe under keep, a
# value reg.exe adds is in the database afterwards (a normal exit commits
# it), two instances share nothing, a malformed file names its line and
# imports nothing, and the database passes the sqlite3 shell's
# integrity check; the tools see the base registry under the instance.
#
# Output: TAP.  Environment: top_builddir, WINE_DLLDIR.
set -u

top=$(cd "${top_builddir:-.}" && pwd) || exit 1
keep=$top/loader/keep
dlldir=${WINE_DLLDIR:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}
regexe=$dlldir/reg.exe

# shellcheck source=tests/tap.sh
. "${srcdir:-$(dirname "$0")/../..}/tests/tap.sh"
tap_work keep-reg-test

printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\KeepRegTest]\r\n"Name"="caf\303\251"\r\n"Count"=dword:0000002a\r\n@="default"\r\n\r\n[HKEY_CURRENT_USER\\Software\\KeepRegTest\\Sub]\r\n"Bin"=hex:01,02,03\r\n"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n' > "$work/good.reg"
printf 'REGEDIT4\n\n[HKEY_CURRENT_USER\\Software\\KeepRegBad]\n"ok"="fine"\n"x"=dword:zz\n' > "$work/bad.reg"

"$keep" reg import "$work/good.reg" > "$work/import.out" 2>&1
status=$?
check "reg import of a version 5 file succeeds" '[ $status -eq 0 ] && grep -q "2 keys created, 5 values set" "$work/import.out"'

"$keep" reg --instance fresh query 'HKLM\Software\Microsoft\Windows NT\CurrentVersion' > "$work/base.out" 2>&1
check "the tools see the base registry in an instance no program has run in" \
    'grep -q "CurrentVersion    REG_SZ" "$work/base.out"'

"$keep" reg query 'HKCU\Software\KeepRegTest' > "$work/query.out" 2>&1
check "reg query shows the imported values" 'grep -q "Count    REG_DWORD    0x2a" "$work/query.out" && grep -q "Name    REG_SZ    café" "$work/query.out"'
check "reg query lists the subkey" 'grep -q "KeepRegTest\\\\Sub$" "$work/query.out"'

"$keep" reg import "$work/bad.reg" > "$work/bad.out" 2>&1
status=$?
check "a malformed file fails" '[ $status -ne 0 ]'
check "... naming its line" 'grep -q "bad.reg:5:" "$work/bad.out"'
"$keep" reg query 'HKCU\Software\KeepRegBad' > /dev/null 2>&1
status=$?
check "... and nothing of it is imported" '[ $status -ne 0 ]'

"$keep" reg export 'HKCU\Software\KeepRegTest' "$work/a.reg" 2>"$work/export.err"
check "reg export writes a file" '[ -s "$work/a.reg" ]'
"$keep" reg --instance other import "$work/a.reg" > /dev/null 2>&1
"$keep" reg --instance other export 'HKCU\Software\KeepRegTest' "$work/b.reg" 2>/dev/null
check "export, import elsewhere, export again: the same bytes" 'cmp -s "$work/a.reg" "$work/b.reg"'
check "the export is what reg.exe writes (UTF-16LE, version 5 header)" \
    'iconv -f UTF-16LE -t UTF-8 "$work/a.reg" | grep -q "^\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00"'

"$keep" reg --instance third query 'HKCU\Software\KeepRegTest' > /dev/null 2>&1
status=$?
check "two instances share nothing" '[ $status -ne 0 ]'

timeout 120 "$keep" run -- "$regexe" query 'HKCU\Software\KeepRegTest' /v Count > "$work/run.out" 2>&1
check "a program under keep reads what keep reg imported" 'tr -d "\r" < "$work/run.out" | grep -q "Count    REG_DWORD    0x2a"'
timeout 120 "$keep" run -- "$regexe" add 'HKCU\Software\KeepRegTest' /v Added /t REG_SZ /d fromwin /f > /dev/null 2>&1
"$keep" reg query 'HKCU\Software\KeepRegTest' > "$work/after.out" 2>&1
check "what a program wrote is in the database after it exits" 'grep -q "Added    REG_SZ    fromwin" "$work/after.out"'
timeout 120 "$keep" run -- "$regexe" query 'HKLM\Software\Microsoft\Windows NT\CurrentVersion' /v CurrentVersion > "$work/def.out" 2>&1
check "an instance created by keep reg still gets the default registry" 'tr -d "\r" < "$work/def.out" | grep -q "CurrentVersion    REG_SZ"'

# two processes of one instance writing one key at the same time: every
# write of both is there afterwards (one writer at a time, no lost update)
writer() {
    for i in 1 2 3 4 5 6; do
        timeout 120 "$keep" run -- "$regexe" add 'HKCU\Software\KeepRegTest\Both' /v "$1$i" \
            /t REG_DWORD /d "$i" /f > /dev/null 2>&1 || echo "$1$i" >> "$work/writer.err"
    done
}
writer A & pa=$!
writer B & pb=$!
wait $pa $pb
"$keep" reg query 'HKCU\Software\KeepRegTest\Both' > "$work/both.out" 2>&1
check "two processes writing one key at once lose nothing" \
    '[ ! -e "$work/writer.err" ] && [ "$(grep -c "REG_DWORD" "$work/both.out")" -eq 12 ]'

dbdos="Z:$(printf '%s' "$KEEP_INSTANCE_DIR/default/registry.db" | tr / '\\')"
timeout 120 "$keep" run -- "$dlldir/cmd.exe" /c "type $dbdos" > "$work/type.out" 2>&1
check "a program cannot read the registry database through Z:" \
    'tr -d "\r" < "$work/type.out" | grep -q "Access denied" && ! grep -q "SQLite format" "$work/type.out"'
timeout 120 "$keep" run -- "$dlldir/cmd.exe" /c "echo x > ${dbdos}-evil" > /dev/null 2>&1
check "... nor create files next to it" '[ ! -e "$KEEP_INSTANCE_DIR/default/registry.db-evil" ]'

check "the sqlite3 shell finds the database intact" \
    '[ "$(sqlite3 "$KEEP_INSTANCE_DIR/default/registry.db" "PRAGMA integrity_check")" = ok ]'

"$keep" reg query 'Software' > /dev/null 2>&1
status=$?
check "a key without a root is refused" '[ $status -eq 1 ]'
"$keep" reg frobnicate > /dev/null 2>&1
status=$?
check "an unknown subcommand is a usage error" '[ $status -eq 2 ]'

tap_end

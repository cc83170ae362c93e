#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/reg/reg-exe.sh - Wine's own reg.exe and regedit.exe /E under keep,
# compared with the same programs under stock Wine in the same run: for each command, the
# standard output (byte for byte) and the exit code must be the same, and
# exported .reg files must be identical.  Then registry/regc --rewrite
# (our .reg parser and writer) must reproduce Wine's exports byte for byte.
#
# Stock Wine runs in a throwaway prefix under the build directory, created
# once per run of this test (that takes seconds); keep likewise runs in a
# new instance of its own (its registry persists in the instance), so both
# sides start from their default registry and see the same commands' effects.
# The commands only read or change keys both registries have.
#
# Output: TAP.  Exit 0 only if every check passed; a missing reg.exe or
# Wine is a failure, not a skip.
#
# Environment: top_builddir, WINE64 (default /usr/lib/wine/wine64),
# WINE_DLLDIR (default /usr/lib/x86_64-linux-gnu/wine/x86_64-windows).
set -u

top=$(cd "${top_builddir:-.}" && pwd) || exit 1
keep=$top/loader/keep
regc=$top/registry/regc
wine64=${WINE64:-/usr/lib/wine/wine64}
dlldir=${WINE_DLLDIR:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}
regexe=$dlldir/reg.exe
wineserver=$(dirname "$wine64")/wineserver

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=1; echo "not ok $n - $1"; }
bail() { not_ok "$1"; echo "1..$n"; exit 1; }

for f in "$keep" "$regc" "$wine64" "$regexe"; do
    [ -x "$f" ] || [ -f "$f" ] || bail "missing $f"
done

work=$(mktemp -d "$top/tests/reg/work.XXXXXX") || bail "no work directory"
prefix=$work/wineprefix
mkdir -p "$work/keep" "$work/wine"
KEEP_INSTANCE_DIR=$work/instances
export KEEP_INSTANCE_DIR
WINEDEBUG=-all
export WINEDEBUG
LC_ALL=C.UTF-8
export LC_ALL

cleanup() {
    WINEPREFIX=$prefix "$wineserver" -k >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

echo "# creating the Wine prefix $prefix"
if ! WINEPREFIX=$prefix WINEDLLOVERRIDES='mscoree,mshtml=' timeout -k 5 300 \
        "$wine64" wineboot -i >/dev/null 2>&1; then
    bail "wineboot -i failed"
fi
WINEPREFIX=$prefix "$wineserver" -w

# run_keep / run_wine ARGS...: $prog (reg or regedit) in the side's
# directory; output in out.RUNNER, exit code in rc.RUNNER.
prog=reg
run_keep() {
    (cd "$work/keep" && timeout -k 5 60 "$keep" run -- "$dlldir/$prog.exe" "$@" >"$work/out.keep" 2>"$work/err.keep")
    echo $? >"$work/rc.keep"
}
run_wine() {
    (cd "$work/wine" && WINEPREFIX=$prefix timeout -k 5 60 "$wine64" "$prog" "$@" >"$work/out.wine" 2>"$work/err.wine")
    echo $? >"$work/rc.wine"
}

show() {
    echo "#   $1:"
    od -c "$2" | head -12 | sed 's/^/#     /'
}

# same DESCRIPTION ARGS...: run both, compare output and exit code.
same() {
    desc=$1
    shift
    run_keep "$@"
    run_wine "$@"
    rk=$(cat "$work/rc.keep") rw=$(cat "$work/rc.wine")
    if [ "$rk" = "$rw" ] && cmp -s "$work/out.keep" "$work/out.wine"; then
        ok "$prog $desc: same output, exit code $rk"
    else
        not_ok "$prog $desc: keep exit $rk, Wine exit $rw"
        show keep "$work/out.keep"
        show wine "$work/out.wine"
        sed 's/^/#   keep stderr: /' "$work/err.keep" | head -5
    fi
}

# same_file NAME: the file NAME written on both sides is identical.
same_file() {
    if [ -s "$work/keep/$1" ] && cmp -s "$work/keep/$1" "$work/wine/$1"; then
        ok "$1: keep's and Wine's exports are identical ($(wc -c <"$work/wine/$1") bytes)"
    else
        not_ok "$1: keep's and Wine's exports differ"
        cmp "$work/keep/$1" "$work/wine/$1" 2>&1 | sed 's/^/#   /'
    fi
}

NT='HKLM\Software\Microsoft\Windows NT\CurrentVersion'
KEY='HKCU\Software\KeepRegExeTest'

same "query a value" query "$NT" /v CurrentVersion
same "query a key" query "$NT\\FontSubstitutes"
same "query a REG_MULTI_SZ" query "$NT\\FontLink\\SystemLink" /v Tahoma
same "query a missing key" query 'HKCU\Software\KeepNoSuchKey'
same "query a missing value" query "$NT" /v KeepNoSuchValue
same "add a REG_DWORD" add "$KEY" /v n /t REG_DWORD /d 42 /f
same "add a REG_MULTI_SZ" add "$KEY" /v m /t REG_MULTI_SZ /d 'a\0b' /f
same "add a REG_QWORD" add "$KEY" /v q /t REG_QWORD /d 0x123456789 /f
same "add a REG_BINARY" add "$KEY" /v b /t REG_BINARY /d 00ff10 /f
same "add with a bad type" add "$KEY" /v x /t REG_FOO /d 1 /f
same "add bad dword data" add "$KEY" /v x /t REG_DWORD /d zz /f
same "delete a missing key" delete 'HKCU\Software\KeepRegExeNoSuch' /f
same "delete a missing value" delete "$NT" /v KeepNoSuchValue /f
same "delete a root" delete 'HKLM' /f

# Imports: a version 5 UTF-16 file, a REGEDIT4 file, a missing file.
printf 'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\Software\\KeepRegExeTest]\r\n"s"="x\\\\y"\r\n"d"=dword:00000007\r\n"h"=hex(7):61,00,00,00,00,00\r\n' |
    iconv -f UTF-8 -t UTF-16LE | { printf '\377\376'; cat; } >"$work/keep/v5.reg"
printf 'REGEDIT4\r\n\r\n[HKEY_CURRENT_USER\\Software\\KeepRegExeTest]\r\n"s"="abc"\r\n' >"$work/keep/v4.reg"
cp "$work/keep/v5.reg" "$work/keep/v4.reg" "$work/wine/"
same "import a version 5 file" import v5.reg
same "import a REGEDIT4 file" import v4.reg
same "import a missing file" import nosuch.reg

# Exports of keys both registries hold with the same contents.
same "export FontSubstitutes" export "$NT\\FontSubstitutes" subst.reg /y
same_file subst.reg
same "export FontLink\\SystemLink" export "$NT\\FontLink\\SystemLink" link.reg /y
same_file link.reg
# Time zones with their Dynamic DST years (generated from the tz data: the
# zones whose rules changed after Wine 8.0's tz data differ, these do not).
same "export Time Zones\\Pacific Standard Time" export "$NT\\Time Zones\\Pacific Standard Time" tz-pacific.reg /y
same_file tz-pacific.reg
same "export Time Zones\\AUS Eastern Standard Time" export "$NT\\Time Zones\\AUS Eastern Standard Time" tz-aus.reg /y
same_file tz-aus.reg
same "export a missing key" export 'HKCU\Software\KeepNoSuchKey' none.reg /y

# regedit's command line export (no window is created for /E).
prog=regedit
same "/E FontSubstitutes" /E regedit-subst.reg "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\FontSubstitutes"
same_file regedit-subst.reg
same "/E Time Zones\\UTC" /E regedit-utc.reg "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones\\UTC"
same_file regedit-utc.reg
prog=reg

# (Wine's prefix keeps this change, so it comes after the exports.)
same "delete a value" delete "$NT\\FontSubstitutes" /v Helv /f

# Our writer against Wine's: parse Wine's export and write it again.
for f in subst.reg link.reg; do
    if "$regc" --rewrite "$work/wine/$f" "$work/rewritten-$f" &&
            cmp -s "$work/wine/$f" "$work/rewritten-$f"; then
        ok "regc --rewrite reproduces Wine's $f byte for byte"
    else
        not_ok "regc --rewrite changes Wine's $f"
        cmp "$work/wine/$f" "$work/rewritten-$f" 2>&1 | sed 's/^/#   /'
    fi
done

echo "1..$n"
exit $failed

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Wine's own notepad.exe and winemine.exe, unmodified, under keep (null
# display driver, no wineserver), started and closed by a harness in
# another process, as a test harness on Windows would: tests/pe/gui_close.exe
# starts each with CreateProcess, waits for it to go idle
# (WaitForInputIdle), finds its main window from its own process
# (FindWindow by class, EnumWindows + GetWindowThreadProcessId, the class
# name and title, visible), posts WM_CLOSE, and checks that the program
# ends by itself, through its own message loop, with exit code 0 (and
# that a WM_NULL before did not end it).  Each program is its own
# picoprocess: they meet on the instance's shared desktop (docs/gui.md).
#
# Here: every check of the harness passes, the ones that matter are
# there, the harness ends with 0, and neither program printed an error
# line (Wine's err channel is on by default, in every process).
# Run from the top build directory (make check); KEEP overrides the binary.

KEEP=${KEEP:-./loader/keep}
HARNESS=${HARNESS:-./tests/pe/gui_close.exe}
DLLDIR=${WINE_DLLDIR:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}
# shellcheck source=tests/tap.sh
. "${srcdir:-$(dirname "$0")/../..}/tests/tap.sh"
KEEP=$(cd "$(dirname "$KEEP")" && pwd)/$(basename "$KEEP")
HARNESS=$(cd "$(dirname "$HARNESS")" && pwd)/$(basename "$HARNESS")
[ -x "$KEEP" ] || { echo "no keep binary at $KEEP" >&2; exit 99; }
[ -f "$HARNESS" ] || { echo "no harness at $HARNESS" >&2; exit 99; }
tap_work keep-apps
unset KEEPDEBUG WINEDEBUG
cd "$work" || exit 99

# has FILE TEXT: the harness printed an ok line with that text
has() { grep -q "^ok [0-9]* - .*$2" "$1"; }

# close_app EXE CLASS
close_app() {
    exe=$1 class=$2
    [ -f "$DLLDIR/$exe" ] || { not_ok "$exe: missing from $DLLDIR"; return; }
    timeout 180 "$KEEP" run -- "$HARNESS" "$exe" "$class" >"$exe.out" 2>"$exe.err"
    status=$?
    nok=$(grep -c '^ok ' "$exe.out")
    bad=$(grep -c '^not ok ' "$exe.out")
    if [ "$status" = 0 ] && [ "$bad" = 0 ] && grep -q "^1\.\.$nok\$" "$exe.out"; then
        ok "the harness closed $exe: $nok checks passed"
    else
        not_ok "the harness failed on $exe (status $status): $(grep '^not ok' "$exe.out" | tr '\n' ' ')"
    fi
    check "$exe goes idle (WaitForInputIdle from the harness)" "has $exe.out 'WaitForInputIdle: $exe'"
    check "its '$class' window is found from another process" \
        "has $exe.out 'FindWindow(\"$class\") finds' && has $exe.out 'GetClassName of the foreign window: \"$class\"'"
    check "the window is a visible top-level window of the child" \
        "has $exe.out 'visible top-level window' && has $exe.out 'it is the child'"
    check "$exe ends by itself after WM_CLOSE, exit code 0" \
        "has $exe.out 'still runs 500 ms after WM_NULL' && has $exe.out '$exe ends after WM_CLOSE' && has $exe.out '$exe exit code 0'"
    errs=$(grep -c ':err:' "$exe.err")
    if [ "$errs" = 0 ]; then ok "$exe printed no error"; else
        not_ok "$exe printed $errs errors: $(grep -m3 ':err:' "$exe.err" | tr '\n' ' ')"; fi
}

close_app notepad.exe Notepad
close_app winemine.exe WineMine

tap_end

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Wine's own notepad.exe and winemine.exe, unmodified, start under keep
# (null display driver, no wineserver), create their main window, show it
# and then idle in their message loop: each is still running, with no
# error line, a few seconds after its window was shown.
#
# What proves it is Wine's own trace channel (WINEDEBUG=trace+win, printed
# by Wine's user32.dll and win32u.so exactly as under stock Wine): the
# main window's CreateWindowEx with its class and title, and its
# ShowWindow.  The programs are then stopped with SIGTERM: closing them
# with WM_CLOSE needs a harness in another process finding their window,
# and keep's window tree is per process (docs/gui.md).
# Run from the top build directory (make check); KEEP overrides the binary.

KEEP=${KEEP:-./loader/keep}
DLLDIR=${WINE_DLLDIR:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}
# shellcheck source=tests/tap.sh
. "${srcdir:-$(dirname "$0")/../..}/tests/tap.sh"
KEEP=$(cd "$(dirname "$KEEP")" && pwd)/$(basename "$KEEP")
[ -x "$KEEP" ] || { echo "no keep binary at $KEEP" >&2; exit 99; }
tap_work keep-apps
unset KEEPDEBUG
cd "$work" || exit 99

# run_app EXE CLASS TITLE
run_app() {
    exe=$1 class=$2 title=$3
    [ -f "$DLLDIR/$exe" ] || { not_ok "$exe: missing from $DLLDIR"; return; }
    WINEDEBUG=trace+win "$KEEP" run -- "$DLLDIR/$exe" >"$exe.out" 2>"$exe.err" &
    pid=$!
    # the main window: CreateWindowEx of its class with no parent, then the
    # handle win32u gave it, then ShowWindow of that handle
    hwnd= shown=
    for _ in $(seq 1 300); do
        hwnd=$(awk -v pat="WIN_CreateWindowEx L\"$title\" L\"$class\" .* parent=0000000000000000" '
            $0 ~ pat { want = 1; next }
            want && /NtUserCreateWindowEx hwnd/ { print $3; exit }' "$exe.err")
        if [ -n "$hwnd" ] && grep -q "show_window hwnd=$hwnd, cmd=[1-9]" "$exe.err"; then
            shown=1
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if [ -n "$hwnd" ]; then ok "$exe creates its top-level '$class' window \"$title\" ($hwnd)"; else
        not_ok "$exe: no top-level $class window ($(grep -m3 'err:' "$exe.err" | tr '\n' ' '))"; fi
    if [ -n "$shown" ]; then ok "$exe shows it"; else not_ok "$exe does not show its window"; fi
    sleep 2
    if kill -0 "$pid" 2>/dev/null; then ok "$exe idles in its message loop"; else
        wait "$pid"
        not_ok "$exe ended early (status $?)"
    fi
    errs=$(grep -c ':err:' "$exe.err")
    if [ "$errs" = 0 ]; then ok "$exe printed no error"; else
        not_ok "$exe printed $errs errors: $(grep -m3 ':err:' "$exe.err" | tr '\n' ' ')"; fi
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
}

run_app notepad.exe Notepad Notepad
run_app winemine.exe WineMine WineMine

tap_end

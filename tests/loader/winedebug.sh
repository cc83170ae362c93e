#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# WINEDEBUG reaches Wine's PE DLLs too: the kernel writes the channel table
# that Wine's ntdll.dll reads (two pages past the PEB), so a PE channel
# (loaddll, printed by ntdll.dll's loader) traces when asked and stays
# quiet otherwise.
# Run from the top build directory (make check); KEEP overrides the binary.

KEEP=${KEEP:-./loader/keep}
PE=${KEEP_PE_DIR:-./tests/pe}/hello_msvcrt.exe
# shellcheck source=tests/tap.sh
. "${srcdir:-$(dirname "$0")/../..}/tests/tap.sh"
KEEP=$(cd "$(dirname "$KEEP")" && pwd)/$(basename "$KEEP")
PE=$(cd "$(dirname "$PE")" && pwd)/$(basename "$PE")
[ -x "$KEEP" ] || { echo "no keep binary at $KEEP" >&2; exit 99; }
[ -f "$PE" ] || { echo "no $PE (make check builds it)" >&2; exit 99; }
tap_work keep-winedebug
unset KEEPDEBUG
cd "$work" || exit 99

# run VALUE: the program's stderr in err.txt, its status checked
run() {
    WINEDEBUG=$1 "$KEEP" run -- "$PE" >out.txt 2>err.txt
    rc=$?
    [ "$rc" = 0 ] || not_ok "WINEDEBUG='$1': exit status $rc"
}
loaddll_lines() { grep -c 'trace:loaddll:.*kernel32\.dll' err.txt; }

run +loaddll
n=$(loaddll_lines)
if [ "$n" -ge 1 ]; then ok "WINEDEBUG=+loaddll: ntdll.dll traces loading kernel32.dll"; else
    not_ok "WINEDEBUG=+loaddll: no loaddll trace ($(head -c 300 err.txt))"; fi
run trace+loaddll,-all
n=$(loaddll_lines)
if [ "$n" -ge 1 ]; then ok "trace+loaddll,-all: the named channel still traces"; else
    not_ok "trace+loaddll,-all: no loaddll trace"; fi
for quiet in '' -all warn+loaddll +heap,-loaddll; do
    run "$quiet"
    if grep -q 'trace:loaddll:' err.txt; then not_ok "WINEDEBUG='$quiet' traces loaddll"; else
        ok "WINEDEBUG='$quiet': no loaddll trace"; fi
done
grep -q 'trace:heap:' err.txt && ok "+heap,-loaddll: the heap channel traces" ||
    not_ok "+heap,-loaddll: no heap trace"

tap_end

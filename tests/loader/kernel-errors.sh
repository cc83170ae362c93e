#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# A program that passes keep's PE check but that the kernel cannot map
# (sections aligned below 4 KiB: Windows maps them, keep's kernel does
# not yet) fails with one line on stderr and status 126, as the check's
# refusals do (tests/loader/errors.sh): the kernel says why, once.
# Run from the top build directory (make check); KEEP overrides the binary.

KEEP=${KEEP:-./loader/keep}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
# shellcheck source=tests/tap.sh
. "${srcdir:-$(dirname "$0")/../..}/tests/tap.sh"
KEEP=$(cd "$(dirname "$KEEP")" && pwd)/$(basename "$KEEP")
[ -x "$KEEP" ] || { echo "no keep binary at $KEEP" >&2; exit 99; }
command -v "$MINGW_CC" >/dev/null 2>&1 || { echo "no $MINGW_CC" >&2; exit 99; }
tap_work keep-kernel-errors
unset KEEPDEBUG
cd "$work" || exit 99

printf '#include <stdio.h>\nint main(void){puts("hi");return 0;}\n' > lo.c
"$MINGW_CC" -s -o lo.exe lo.c -Wl,--section-alignment=0x200,--file-alignment=0x200 || exit 99
"$KEEP" run lo.exe >out.txt 2>err.txt
rc=$?
check "unmappable program: status 126 (got $rc)" '[ "$rc" -eq 126 ]'
check "unmappable program: one line on stderr ($(wc -l <err.txt))" '[ "$(wc -l <err.txt)" -eq 1 ]'
check "unmappable program: the line says why ($(head -c 200 err.txt))" \
    'grep -q "^keep: .*lo\.exe: cannot map the program (0xc000007b)$" err.txt'
check "unmappable program: nothing on stdout" '[ ! -s out.txt ]'

tap_end

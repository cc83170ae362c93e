#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# Wine's unix libraries under keep's own ELF loader (dlls/ntdll/elfload.c):
# Wine's unmodified notepad.exe runs headless, and while it is up its
# process's memory map shows
#   - win32u.so and the FreeType chain (libfreetype, libpng16, libz,
#     brotli) and fontconfig mapped only inside the kernel's unix-library
#     area (0x6f4000000000-0x6f8000000000), where a snapshot finds them;
#   - none of the printing chain winspool.so would pull in through the
#     host's dynamic linker (libcups, gnutls, krb5, D-Bus, Avahi, systemd):
#     it imports C library calls the kernel does not offer, so it is
#     refused, with the reason in the loader's log (KEEPDEBUG=loader);
#   - no Wine unix library mapped anywhere else;
# and the program ran: its window came up (the log names win32u.so for
# user32's PE half) and it was still running when the map was read.
# Run from the top build directory (make check); KEEP overrides the binary.

KEEP=${KEEP:-./loader/keep}
DLLDIR=${WINE_DLLDIR:-/usr/lib/x86_64-linux-gnu/wine/x86_64-windows}
# shellcheck source=tests/tap.sh
. "${srcdir:-$(dirname "$0")/../..}/tests/tap.sh"
KEEP=$(cd "$(dirname "$KEEP")" && pwd)/$(basename "$KEEP")
[ -x "$KEEP" ] || { echo "no keep binary at $KEEP" >&2; exit 99; }
[ -f "$DLLDIR/notepad.exe" ] || { echo "no notepad.exe in $DLLDIR" >&2; exit 99; }
tap_work keep-unixlibs
unset WINEDEBUG
cd "$work" || exit 99

KEEPDEBUG=loader "$KEEP" run -- "$DLLDIR/notepad.exe" >out.txt 2>err.txt &
pid=$!
# up when FreeType is in (win32u loads it for the first font) and the
# log says the first window's class was registered by then
for _ in $(seq 1 200); do
    grep -q 'libfreetype' "/proc/$pid/maps" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
sleep 1
cp "/proc/$pid/maps" maps.txt 2>/dev/null
alive=0
kill -0 "$pid" 2>/dev/null && alive=1
kill "$pid" 2>/dev/null
wait "$pid" 2>/dev/null

# in_area LIBRARY: it is mapped, and only inside the unix-library area
in_area() {
    grep -q "/$1" maps.txt &&
        ! grep "/$1" maps.txt | awk '{ split($1, r, "-"); if (r[1] < "6f4000000000" || r[2] > "6f8000000000" || length(r[1]) != 12) bad = 1 } END { exit !bad }'
}

check "notepad.exe was still running when its map was read" "[ $alive = 1 ]"
check "the loader loaded win32u.so for user32's PE half" "grep -q 'keep: unix library win32u.so for ' err.txt"
for lib in win32u.so libfreetype.so.6 libpng16.so.16 libz.so.1 libbrotlidec.so.1 libfontconfig.so.1 libexpat.so.1; do
    check "$lib is mapped only in the kernel's unix-library area" "in_area $lib"
done
check "no Wine unix library is mapped outside the area" \
    "! grep '/x86_64-unix/' maps.txt | awk '{ split(\$1, r, \"-\"); if (r[1] < \"6f4000000000\" || length(r[1]) != 12) bad = 1 } END { exit !bad }'"
for lib in libcups libgnutls libkrb5 libgssapi_krb5 libdbus-1 libavahi-client libsystemd; do
    check "$lib is not mapped at all" "! grep -q '/$lib' maps.txt"
done
check "the refused printing chain is explained in the loader's log" \
    "grep -q 'keep: unix library lib.*: imports .*, which keep.s kernel does not provide' err.txt"
check "notepad printed no error line" "! grep -q ':err:' err.txt"
tap_end

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# docs/server-requests.md is the list of the wineserver requests keep's
# in-process server answers, made from the sources: a request is
# implemented when a handler registers for it (SERVER_REQ(name) in
# dlls/ntdll/*.c); docs/server-requests.notes says which of those are
# stubs or partial; every other request of Wine 8.0's protocol
# (dlls/ntdll/server_requests.h) answers STATUS_NOT_IMPLEMENTED.
#   tests/gui/server-requests.sh          check that the document is current
#   tests/gui/server-requests.sh --write  rewrite it
# Run from the top build directory (make check) or the source tree.

src=${srcdir:-.}
doc=$src/docs/server-requests.md
notes=$src/docs/server-requests.notes
tmp=$(mktemp "${TMPDIR:-/tmp}/keep-requests.XXXXXX") || exit 99
trap 'rm -f "$tmp" "$tmp.impl" "$tmp.all"' EXIT

sed -n 's/^SERVER_REQUEST(\([a-z_0-9]*\)).*/\1/p' "$src/dlls/ntdll/server_requests.h" >"$tmp.all"
grep -o '^SERVER_REQ([a-z_0-9]*)' "$src"/dlls/ntdll/*.c /dev/null |
    sed 's|^.*/\([a-z_0-9]*\.c\):SERVER_REQ(\([a-z_0-9]*\))|\2 \1|' | sort -u >"$tmp.impl"

fails=0
# every note names a request with a handler
grep -v '^#' "$notes" | cut -f1 | while read -r name; do
    grep -q "^$name " "$tmp.impl" || echo "# note for $name, which has no handler"
done | grep . && fails=1

{
    echo '<!-- SPDX-License-Identifier: LGPL-2.1-or-later -->'
    echo '<!-- Made by tests/gui/server-requests.sh --write from the sources; make check checks it. -->'
    echo '# The in-process server: which wineserver requests keep answers'
    echo
    total=$(wc -l <"$tmp.all")
    impl=$(wc -l <"$tmp.impl")
    stubs=$(grep -v '^#' "$notes" | awk -F '\t' '$2 == "stub"' | wc -l)
    partial=$(grep -v '^#' "$notes" | awk -F '\t' '$2 == "partial"' | wc -l)
    echo "Wine 8.0's protocol has $total requests. keep's server has a handler for $impl of"
    echo "them ($stubs a stub, $partial in part, the rest as the wineserver answers them); the"
    echo "other $((total - impl)) answer \`STATUS_NOT_IMPLEMENTED\` (reported once with"
    echo '`KEEPDEBUG=syscalls`). Most of those are for the wineserver'"'"'s other jobs'
    echo '(files, processes, sections, ...), which keep'"'"'s kernel does itself as system'
    echo 'calls: only Wine'"'"'s `win32u.so` and `user32.dll` send requests to keep.'
    echo
    echo '| request | file | answer |'
    echo '| --- | --- | --- |'
    while read -r name file; do
        note=$(awk -F '\t' -v n="$name" '$1 == n { print $2 ": " $3 }' "$notes")
        printf '| `%s` | %s | %s |\n' "$name" "$file" "${note:-implemented}"
    done <"$tmp.impl"
    echo
    echo '## Not implemented (`STATUS_NOT_IMPLEMENTED`)'
    echo
    cut -d' ' -f1 "$tmp.impl" | grep -vxF -f - "$tmp.all" | sed 's/.*/`&`/' | paste -sd ' ' - |
        fold -s -w 100 | sed 's/ *$//'
} >"$tmp"

if [ "${1:-}" = --write ]; then
    cp "$tmp" "$doc"
    exit "$fails"
fi
if cmp -s "$tmp" "$doc"; then
    echo "ok 1 - docs/server-requests.md lists the $(wc -l <"$tmp.impl") requests with handlers"
else
    echo "not ok 1 - docs/server-requests.md is out of date (tests/gui/server-requests.sh --write)"
    diff "$doc" "$tmp" | head -20 | sed 's/^/# /'
    fails=1
fi
echo "1..1"
[ "$fails" = 0 ]

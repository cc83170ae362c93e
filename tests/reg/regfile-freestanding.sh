#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# registry/regfile.c is shared with the kernel, so it may call nothing but
# freestanding helpers (mem*, str*): read the undefined symbols of its
# object file (as built for registry/regc) and fail on anything else.
set -u
obj=${top_builddir:-.}/registry/regc-regfile.o
if [ ! -f "$obj" ]; then
    echo "not ok 1 - $obj not built"
    echo "1..1"
    exit 1
fi
bad=$(nm -u "$obj" | awk '{print $2}' | grep -v -E '^(mem|str)' | tr '\n' ' ')
if [ -z "$bad" ]; then
    echo "ok 1 - regfile.o calls only mem*/str* ($(nm -u "$obj" | awk '{print $2}' | tr '\n' ' '))"
    echo "1..1"
    exit 0
fi
echo "not ok 1 - regfile.o calls $bad"
echo "1..1"
exit 1

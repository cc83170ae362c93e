#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# The kernel (dlls/ntdll) may call nothing on the host but the host ABI
# (host/host.sym) and freestanding helpers: mem*, str*, the printf family.
# This reads the undefined symbols of the kernel's object files and of the
# linked ntdll.so and fails on anything else.
set -u
srcdir=${srcdir:-.}
builddir=${top_builddir:-.}
allowed_host="$srcdir/host/host.sym"

# the kernel's own objects (with rdp/display_ring.c, the display region's
# code), and the registry library linked into it (registry/: SQLite and
# its VFS over the host ABI)
objs=$(ls "$builddir"/dlls/ntdll/.libs/ntdll_la-*.o "$builddir"/rdp/.libs/dlls_ntdll_ntdll_la-*.o \
       "$builddir"/registry/.libs/libkeepregistry_la-*.o \
       "$builddir"/registry/.libs/libkeepsqlite_la-*.o 2>/dev/null | sort -u)
so="$builddir/dlls/ntdll/.libs/ntdll.so"
if [ -z "$objs" ] || [ ! -f "$so" ]; then
    echo "not ok 1 - kernel objects not built (looked in $builddir/dlls/ntdll)"
    echo "1..1"
    exit 1
fi

allowed() {
    case "$1" in
        mem*|str*|wcs*) return 0 ;;
        printf|snprintf|vsnprintf|sprintf|vsprintf|__sprintf_chk|__snprintf_chk|__vsnprintf_chk|__vsprintf_chk) return 0 ;;
        __memcpy_chk|__memset_chk|__memmove_chk|__strcpy_chk|__strcat_chk|__strncpy_chk) return 0 ;;
        _GLOBAL_OFFSET_TABLE_) return 0 ;;
        # bounds the linker defines: the syscall and server-request registry
        # sections, and the kernel's own image (to tell kernel code from user
        # code; its dynamic section and end: its data, for snapshots)
        __start_keep_syscalls|__stop_keep_syscalls|__ehdr_start|etext|_etext|__etext|_DYNAMIC|_end) return 0 ;;
        __start_keep_server_reqs|__stop_keep_server_reqs) return 0 ;;
    esac
    grep -qx "$1" "$allowed_host"
}

# weak symbols the C runtime start files put in every shared object
crt_weak() {
    case "$1" in
        __cxa_finalize|__gmon_start__|_ITM_deregisterTMCloneTable|_ITM_registerTMCloneTable) return 0 ;;
    esac
    return 1
}

n=0
fail=0
check_list() {
    what=$1; shift
    bad=""
    for sym in "$@"; do
        sym=${sym%%@*}
        allowed "$sym" && continue
        [ "$what" = "ntdll.so" ] && crt_weak "$sym" && continue
        bad="$bad $sym"
    done
    n=$((n + 1))
    if [ -n "$bad" ]; then
        echo "not ok $n - $what calls outside the host ABI:$bad"
        fail=1
    else
        echo "ok $n - $what calls only the host ABI and freestanding helpers"
    fi
}

# symbols some kernel object defines are the kernel's own
defined=$(for o in $objs; do nm --defined-only "$o" | awk '{print $NF}'; done | sort -u)
for o in $objs; do
    check_list "$(basename "$o")" $(nm -u "$o" | awk '{print $NF}' | sort -u | comm -23 - "$(printf '%s\n' "$defined" > "${TMPDIR:-/tmp}/keep-defined.$$"; echo "${TMPDIR:-/tmp}/keep-defined.$$")")
done
rm -f "${TMPDIR:-/tmp}/keep-defined.$$"
check_list "ntdll.so" $(nm -D --undefined-only "$so" | awk '{print $NF}')

# a negative control: the checker itself must reject a libc call
n=$((n + 1))
if allowed malloc || allowed fopen || allowed pthread_create; then
    echo "not ok $n - the checker accepts libc calls"
    fail=1
else
    echo "ok $n - the checker rejects malloc, fopen, pthread_create"
fi
echo "1..$n"
exit $fail

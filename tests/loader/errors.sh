#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
# keep run's error paths, with real files: each bad program gets its exit
# status and exactly one line on stderr, before any kernel is loaded.
# Run from the top build directory (make check); KEEP overrides the binary.

KEEP=${KEEP:-./loader/keep}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
fails=0
count=0

tmp=$(mktemp -d "${TMPDIR:-/tmp}/keep-errors.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
KEEP=$(cd "$(dirname "$KEEP")" && pwd)/$(basename "$KEEP")
[ -x "$KEEP" ] || { echo "no keep binary at $KEEP" >&2; exit 99; }

# Instances go to the temporary directory; no real kernel is ever loaded.
KEEP_INSTANCE_DIR=$tmp/instances
KEEP_KERNEL=$tmp/no-such-kernel.so
export KEEP_INSTANCE_DIR KEEP_KERNEL
unset KEEPDEBUG
cd "$tmp" || exit 99
ulimit -c 0

ok() { count=$((count + 1)); echo "ok $count - $1"; }
not_ok() { count=$((count + 1)); fails=$((fails + 1)); echo "not ok $count - $1"; }

# expect STATUS PATTERN DESCRIPTION -- COMMAND...: the status, and stderr
# exactly one line matching PATTERN (a grep -E pattern; "" for no stderr).
expect() {
    want=$1 pattern=$2 what=$3
    shift 4
    "$@" >out.txt 2>err.txt
    got=$?
    lines=$(wc -l <err.txt)
    if [ "$got" -ne "$want" ]; then
        not_ok "$what: status $got, want $want ($(head -c 300 err.txt))"
    elif [ -z "$pattern" ] && [ "$lines" -ne 0 ]; then
        not_ok "$what: unexpected stderr: $(head -c 300 err.txt)"
    elif [ -n "$pattern" ] && { [ "$lines" -ne 1 ] || ! grep -Eq -- "$pattern" err.txt; }; then
        not_ok "$what: stderr ($lines lines) does not match '$pattern': $(head -c 300 err.txt)"
    elif ls core* >/dev/null 2>&1; then
        not_ok "$what: dumped core"
    else
        ok "$what"
    fi
}

# A PE header by hand: MZ, e_lfanew = 0x40, PE\0\0, machine $1, optional
# header magic $2 (octal escapes for printf), then zeros to 1 KiB.
fake_pe() {
    {
        printf 'MZ'; head -c 58 /dev/zero; printf '\100\000\000\000'
        printf 'PE\000\000'; printf "$1"; printf '\001\000'; head -c 12 /dev/zero
        printf '\340\000\042\000'; printf "$2"
        head -c 1024 /dev/zero
    } > "$3"
}

# corrupt SRC DEST OFFSET BYTES: DEST is SRC with BYTES (printf escapes)
# written at OFFSET from SRC's PE header (e_lfanew).
corrupt() {
    cp "$1" "$2" &&
    lfanew=$(od -An -tu4 -j60 -N4 "$2" | tr -d ' ') &&
    printf "$4" | dd of="$2" bs=1 seek=$((lfanew + $3)) conv=notrunc 2>/dev/null
}

# ---- the command line ----
expect 0 "" "--version" -- "$KEEP" --version
grep -Eq '^keep [0-9.]+ \(Wine 8\.0 PE DLLs in /' out.txt || not_ok "--version text: $(cat out.txt)"
expect 0 "" "--help" -- "$KEEP" --help
grep -q 'keep run' out.txt || not_ok "--help text lacks 'keep run'"
expect 0 "" "run --help" -- "$KEEP" run --help
expect 2 "" "no command (usage on stderr)" -- sh -c '"$0" 2>/dev/null' "$KEEP"
expect 2 "^keep: unknown command 'frobnicate'" "unknown command" -- "$KEEP" frobnicate
expect 2 "^keep: run: unknown option '--bogus'" "unknown option" -- "$KEEP" run --bogus x.exe
expect 2 "^keep: run: option '--instance' needs a value" "missing value" -- "$KEEP" run --instance
expect 2 "^keep: invalid instance name" "bad instance name" -- "$KEEP" run --instance ../x x.exe
expect 2 "^keep: run: no program given" "no program" -- "$KEEP" run

# ---- bad programs ----
expect 127 "^keep: missing\.exe: No such file" "missing file" -- "$KEEP" run missing.exe
expect 127 "^keep: /nonexistent/dir/x\.exe: No such file" "missing directory" -- "$KEEP" run /nonexistent/dir/x.exe
printf 'hello, world\n' > text.exe
expect 126 "^keep: text\.exe: not a Windows program \(not a PE file\)$" "text file" -- "$KEEP" run text.exe
: > empty.exe
expect 126 "not a PE file" "empty file" -- "$KEEP" run empty.exe
mkdir dir.exe
expect 126 "^keep: dir\.exe: Is a directory$" "directory" -- "$KEEP" run dir.exe
mkfifo fifo.exe
expect 126 "not a regular file" "FIFO (must not hang)" -- "$KEEP" run fifo.exe
expect 126 "not a PE file" "ELF program" -- "$KEEP" run /bin/sh
printf 'bad\nname' > "$(printf 'new\nline.exe')"
expect 126 "^keep: new\?line\.exe: not a PE file|not a PE" "newline in the name stays one line" -- "$KEEP" run "$(printf 'new\nline.exe')"

# A 32-bit program: from i686-w64-mingw32-gcc if installed, else by hand.
if command -v i686-w64-mingw32-gcc >/dev/null 2>&1 &&
   printf 'int main(void){return 0;}\n' > h32.c && i686-w64-mingw32-gcc -o prog32.exe h32.c 2>/dev/null; then
    :
else
    fake_pe '\114\001' '\013\001' prog32.exe     # i386, PE32
fi
expect 126 "^keep: prog32\.exe: 32-bit Windows programs are not supported yet$" "32-bit program" -- "$KEEP" run prog32.exe
fake_pe '\144\252' '\013\002' arm64.exe           # ARM64, PE32+
expect 126 "ARM64 Windows programs are not supported" "ARM64 program" -- "$KEEP" run arm64.exe
{ printf 'MZ'; head -c 58 /dev/zero; printf '\360\377\377\177'; head -c 64 /dev/zero; } > huge.exe
expect 126 "not a PE file" "huge e_lfanew" -- "$KEEP" run huge.exe

# ---- a real 64-bit program, then truncated copies of it ----
if command -v "$MINGW_CC" >/dev/null 2>&1; then
    printf '#include <stdio.h>\nint main(void){puts("hi");return 0;}\n' > hello.c
    printf '__declspec(dllexport) int f(void){return 1;}\n' > lib.c
    if "$MINGW_CC" -s -o hello.exe hello.c && "$MINGW_CC" -s -shared -o lib.dll lib.c; then
        size=$(wc -c <hello.exe)
        for n in 1 63 64 100 200 300 400 500 1000 1024 2000 $((size / 2)) $((size - 100)) $((size - 1)); do
            head -c "$n" hello.exe > trunc.exe
            expect 126 "^keep: trunc\.exe: (truncated|not a Windows program)" "hello.exe truncated to $n bytes" \
                -- "$KEEP" run trunc.exe
        done
        # SizeOfImage (optional header + 56) 0xfffff000: refused before the kernel
        corrupt hello.exe bigimg.exe 80 '\000\360\377\377'
        expect 126 "^keep: bigimg\.exe: corrupt Windows program \(SizeOfImage 0xfffff000 is larger than 2 GiB\)$" \
            "SizeOfImage 4 GiB" -- "$KEEP" run bigimg.exe
        # Data directories (optional header + 112 + 8 * index) the loader
        # would walk into the void: refused before the kernel, not faulted on
        corrupt hello.exe badimp.exe 144 '\000\360\377\177'       # imports at 0x7ffff000
        expect 126 "^keep: badimp\.exe: corrupt Windows program \(import directory entry 1 lies outside the image\)$" \
            "bad import directory" -- "$KEEP" run badimp.exe
        corrupt hello.exe badtls.exe 208 '\000\000\360\177'       # TLS at 0x7ff00000
        expect 126 "^keep: badtls\.exe: corrupt Windows program \(the TLS directory lies outside the image\)$" \
            "bad TLS directory" -- "$KEEP" run badtls.exe
        expect 126 "^keep: lib\.dll: is a DLL, not a program$" "a DLL" -- "$KEEP" run lib.dll
        # The PE check passes: the next step is the kernel, which is missing here.
        expect 126 "^keep: cannot load the kernel $tmp/no-such-kernel\.so: " "valid program, no kernel" \
            -- "$KEEP" run hello.exe
        expect 126 "^keep: cannot load the kernel" "PROGRAM.exe found from PROGRAM" -- "$KEEP" run hello
        [ -f instances/default/instance.conf ] && ok "the default instance was created" ||
            not_ok "the default instance was not created"
        # --rdp on an address no interface has (TEST-NET-1): the server says
        # why, keep says it did not start, and no program runs.
        "$KEEP" run --rdp 192.0.2.1:3389 hello.exe >out.txt 2>err.txt
        got=$?
        if [ "$got" -eq 126 ] && grep -q "keep-rdp-test: cannot serve RDP on 192.0.2.1:3389: " err.txt &&
           grep -q "^keep: rdp: the RDP server for 192.0.2.1:3389 did not start" err.txt && [ ! -s out.txt ]; then
            ok "--rdp on an address that cannot be bound"
        else
            not_ok "--rdp on an address that cannot be bound: status $got, $(head -c 300 err.txt)"
        fi
        printf 'program = hello.exe\narg = x\n' > good.keep
        expect 126 "^keep: cannot load the kernel" "manifest with a program" -- "$KEEP" run --manifest good.keep
    else
        not_ok "$MINGW_CC cannot build hello.exe"
    fi
else
    echo "# $MINGW_CC not found: skipping the real-program checks"
fi

# ---- manifests ----
printf 'program = x.exe\nbogus = 1\n' > bad.keep
expect 2 "^keep: bad\.keep:2: unknown key 'bogus'$" "manifest: unknown key" -- "$KEEP" run --manifest bad.keep
printf '# ok\nnot a line\n' > bad2.keep
expect 2 "^keep: bad2\.keep:2: expected 'key = value'$" "manifest: malformed line" -- "$KEEP" run --manifest bad2.keep
expect 2 "^keep: nothere\.keep: No such file" "manifest: missing" -- "$KEEP" run --manifest nothere.keep
printf 'program = missing.exe\n' > missing.keep
expect 127 "missing\.exe: No such file" "manifest: missing program" -- "$KEEP" run --manifest missing.keep

# ---- instances ----
KEEP_INSTANCE_DIR=$tmp/inst2
expect 0 "" "instance list (none yet)" -- "$KEEP" instance list
[ -s out.txt ] && not_ok "instance list printed: $(cat out.txt)"
expect 0 "" "instance create b" -- "$KEEP" instance create b
expect 0 "" "instance create a" -- "$KEEP" instance create a
expect 1 "^keep: instance 'a' already exists" "instance create (exists)" -- "$KEEP" instance create a
[ -d inst2/a/drive_c/windows/system32 ] && [ -d "inst2/a/drive_c/Program Files" ] &&
    ok "instance tree" || not_ok "instance tree missing"
mkdir inst2/notours
expect 0 "" "instance list" -- "$KEEP" instance list
[ "$(cat out.txt)" = "$(printf 'a\nb')" ] && ok "instance list output" || not_ok "instance list output: $(cat out.txt)"
expect 1 "is not a keep instance" "instance remove (not ours)" -- "$KEEP" instance remove notours
[ -d inst2/notours ] && ok "foreign directory kept" || not_ok "foreign directory removed"
expect 0 "" "instance remove a" -- "$KEEP" instance remove a
[ -d inst2/a ] && not_ok "instance a still there" || ok "instance a gone"
expect 1 "^keep: no instance 'a'" "instance remove (missing)" -- "$KEEP" instance remove a
expect 2 "^keep: invalid instance name" "instance create (bad name)" -- "$KEEP" instance create ..
expect 2 "^keep: usage: keep instance" "instance (no subcommand)" -- "$KEEP" instance
expect 2 "^keep: usage: keep instance" "instance create (no name)" -- "$KEEP" instance create
unset KEEP_INSTANCE_DIR
expect 0 "" "instance create via XDG_DATA_HOME" -- env XDG_DATA_HOME="$tmp/xdg" HOME="$tmp/home" "$KEEP" instance create x
[ -f xdg/keep/x/instance.conf ] && ok "XDG_DATA_HOME/keep/x" || not_ok "XDG_DATA_HOME/keep/x missing"
expect 0 "" "instance create via HOME" -- env -u XDG_DATA_HOME HOME="$tmp/home" "$KEEP" instance create y
[ -f home/.local/share/keep/y/instance.conf ] && ok "HOME/.local/share/keep/y" || not_ok "HOME/.local/share/keep/y missing"

# keep __child is keep's own: without its spec descriptor, or with a bad spec
expect 2 "^keep: __child: no child spec" "__child without a spec" -- "$KEEP" __child
printf 'garbage!' >spec.bin
expect 2 "^keep: __child: child spec: " "__child with a corrupt spec" -- sh -c 'exec "$0" __child 4<spec.bin' "$KEEP"

echo "1..$count"
[ "$fails" -eq 0 ]

#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# bench/run-rdp-bench.sh - keep's RDP server against an anchor measured in
# the same run, both with the same headless client (bench/rdp, planar):
#
#   keep     rdp/keep-rdp-test, 1024x768, still (--fps 0: it draws only
#            when a key comes), on 127.0.0.1
#   anchor   stock Wine's notepad on Xvfb (1024x768x24) shared by
#            freerdp-shadow-cli (freerdp2-shadow-x11), on 127.0.0.1; the
#            Wine prefix is made once in the build directory (not timed),
#            with the caret's blinking off so that only typing changes the
#            screen
#
# Called by "make bench" with the build directory; prints a table and the
# ratios the project targets, and always exits 0 (figures, not asserts).
# Figures also go to BUILDDIR/bench/rdp-results.txt.
#
# Environment: WINE64 [/usr/lib/wine/wine64]

set -u
top=$(cd "${1:-.}" && pwd) || exit 0
wine64=${WINE64:-/usr/lib/wine/wine64}
[ -n "$wine64" ] || wine64=/usr/lib/wine/wine64
W=1024 H=768
tmp=$(mktemp -d /tmp/keep-rdp-bench.XXXXXX) || exit 0
out=$top/bench/rdp-results.txt
pids=""

cleanup() {
    for p in $pids; do kill "$p" 2>/dev/null; done
    [ -n "${WINEPREFIX:-}" ] && WINEPREFIX=$WINEPREFIX "$(dirname "$wine64")/wineserver" -k 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port() {
    awk -v s="$$$1" 'BEGIN { srand(s); printf "%d\n", 20000 + int(rand() * 30000) }'
}

# Waits for "listening" on 127.0.0.1:PORT (ss would need iproute2).
wait_port() {
    i=0
    while [ $i -lt 200 ]; do
        hex=$(printf '%04X' "$1")
        grep -q "0100007F:$hex 00000000:0000 0A" /proc/net/tcp 2>/dev/null && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}

measure() { # name port pid
    echo "== $1" >>"$tmp/log"
    "$top/bench/rdp" "$2" "$3" $W $H >"$tmp/$1.txt" 2>>"$tmp/log"
    cat "$tmp/$1.txt" >>"$tmp/log"
}

val() { # name key
    awk -v k="$2" '$1 == k { print $2 }' "$tmp/$1.txt" 2>/dev/null
}

# ---- keep ----
pk=$(port 1)
"$top/rdp/keep-rdp-test" --rdp 127.0.0.1:$pk --instance "$tmp/keep" --size ${W}x$H --fps 0 \
    >"$tmp/keep-out" 2>"$tmp/keep-err" &
kpid=$!
pids="$pids $kpid"
if wait_port $pk; then measure keep $pk $kpid; else echo "keep-rdp-test did not listen" >>"$tmp/log"; fi
kill $kpid 2>/dev/null
wait $kpid 2>/dev/null

# ---- anchor: notepad on Xvfb through freerdp-shadow-cli ----
anchor_ok=1
for prog in Xvfb freerdp-shadow-cli xwininfo "$wine64"; do
    command -v "$prog" >/dev/null 2>&1 || { echo "missing $prog: no anchor" >>"$tmp/log"; anchor_ok=0; }
done
if [ $anchor_ok = 1 ]; then
    export WINEPREFIX="$top/bench/rdp-wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
    mkfifo "$tmp/dfd"
    Xvfb -displayfd 9 -noreset -nolisten tcp -screen 0 ${W}x${H}x24 9>"$tmp/dfd" >/dev/null 2>&1 &
    xpid=$!
    pids="$pids $xpid"
    exec 8<"$tmp/dfd"
    read -r dnum <&8
    export DISPLAY=:$dnum
    if [ ! -d "$WINEPREFIX" ]; then
        echo "making the Wine prefix (once, not timed)" >&2
        "$wine64" wineboot -i >/dev/null 2>&1
    fi
    # No caret blinking: only typing may change the screen.
    "$wine64" reg add 'HKCU\Control Panel\Desktop' /v CursorBlinkRate /t REG_SZ /d -1 /f >/dev/null 2>&1
    "$wine64" notepad >/dev/null 2>&1 &
    pids="$pids $!"
    i=0
    until xwininfo -root -tree 2>/dev/null | grep -qi notepad || [ $i -ge 300 ]; do sleep 0.1; i=$((i + 1)); done
    sleep 1
    pa=$(port 2)
    HOME=$tmp freerdp-shadow-cli /port:$pa /bind-address:127.0.0.1 -auth /sec:tls >"$tmp/shadow-log" 2>&1 &
    spid=$!
    pids="$pids $spid"
    if wait_port $pa; then measure anchor $pa $spid; else echo "freerdp-shadow-cli did not listen" >>"$tmp/log"; fi
fi

# ---- table ----
ratio() { # a b
    awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.3f\n", a / b }'
}
verdict() { # ratio op target
    awk -v r="$1" -v op="$2" -v t="$3" 'BEGIN {
        if (r == "-") { print "not measured"; exit }
        ok = (op == "<=") ? (r + 0 <= t + 0) : (op == "<") ? (r + 0 < t + 0) : (r + 0 >= t + 0)
        print ok ? "meets target" : "misses target" }'
}
{
    echo "RDP server, 127.0.0.1, ${W}x$H, headless FreeRDP client, planar"
    echo "keep: rdp/keep-rdp-test --fps 0; anchor: Wine notepad on Xvfb + freerdp-shadow-cli"
    echo
    printf '%-28s %14s %14s\n' "" keep anchor
    for k in connect_ms first_frame_ms key_ms typing_bytes full_bytes idle_cpu_pct; do
        printf '%-28s %14s %14s\n' "$k" "$(val keep $k)" "$(val anchor $k)"
    done
    echo
    echo "Ratios keep/anchor (the project's targets):"
    r=$(ratio "$(val keep key_ms)" "$(val anchor key_ms)")
    printf '  %-34s %8s   target <= 0.5     %s\n' "key-to-screen latency" "$r" "$(verdict "$r" '<=' 0.5)"
    ka=$(val keep idle_cpu_pct) aa=$(val anchor idle_cpu_pct)
    r=$(ratio "$ka" "$aa")
    printf '  %-34s %8s   target <= 0.5     %s\n' "idle CPU" "$r" "$(verdict "$r" '<=' 0.5)"
    r=$(ratio "$(val keep first_frame_ms)" "$(val anchor first_frame_ms)")
    printf '  %-34s %8s   target < 1        %s\n' "time to first frame" "$r" "$(verdict "$r" '<' 1)"
    r=$(ratio "$(val keep typing_bytes)" "$(val anchor typing_bytes)")
    printf '  %-34s %8s   target <= 1       %s\n' "bytes, typing 12 keys" "$r" "$(verdict "$r" '<=' 1)"
    r=$(ratio "$(val keep full_bytes)" "$(val anchor full_bytes)")
    printf '  %-34s %8s   (reference: different pictures)\n' "bytes, full-screen refresh" "$r"
    r=$(ratio "$(val keep connect_ms)" "$(val anchor connect_ms)")
    printf '  %-34s %8s   (reference)\n' "connect time" "$r"
    echo
    echo "(key-to-screen: key sent -> next changed picture, median of 12; idle CPU:"
    echo " the server process over 3 s with the client connected and idle, in % of"
    echo " one core; the anchor's Xvfb is not counted, which favours the anchor)"
} >"$out"
cat "$out"
grep -v '^$' "$tmp/log" | sed 's/^/# /' | grep -E 'missing|did not|failed|keys_seen' || true
exit 0

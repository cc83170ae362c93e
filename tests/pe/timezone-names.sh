#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# tests/pe/timezone-names.sh - the Windows zone a program is told it is in,
# for host zones across the world.  The expected names are the ones stock
# Wine 8.0 gives for the same TZ (measured with wine64 and timezone.exe
# --key): the first registry zone with the same offset and switches, except
# where the host's zone name tells zones with the same rules apart (Tokyo
# and Seoul).  A zone without daylight time (UTC, India) must still find
# its registry key though the registry's TZI carries a daylight bias.
#
# Output: TAP.  Environment: top_builddir.
set -u

top=$(cd "${top_builddir:-.}" && pwd) || exit 1
keep=$top/loader/keep
exe=$top/tests/pe/timezone.exe

n=0
failed=0
while IFS='|' read -r tz want; do
    [ -n "$tz" ] || continue
    got=$(TZ=$tz "$keep" run "$exe" --key 2>&1 | tr -d '\r')
    n=$((n + 1))
    if [ "$got" = "$want" ]; then
        echo "ok $n - TZ=$tz is $want"
    else
        failed=1
        echo "not ok $n - TZ=$tz is $want (got: $got)"
    fi
done <<'ZONES'
Europe/Berlin|Central Europe Standard Time|-60
UTC|Greenwich Standard Time|0
Europe/London|GMT Standard Time|0
Asia/Kolkata|India Standard Time|-330
Asia/Tokyo|Tokyo Standard Time|-540
Asia/Seoul|Korea Standard Time|-540
America/New_York|Eastern Standard Time|300
America/Sao_Paulo|Argentina Standard Time|180
Australia/Sydney|AUS Eastern Standard Time|-600
Pacific/Auckland|New Zealand Standard Time|-720
ZONES
echo "1..$n"
exit $failed

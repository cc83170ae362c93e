#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Generate registry/default/timezones.reg from facts:

  - the zones and their names: the string table of Wine 8.0's tzres.dll
    (the DLL keep runs), where each zone has its standard name, daylight
    name and display name at three consecutive string ids; the MUI_*
    values name those ids, so they must come from that very DLL;
  - which IANA zone each Windows zone is: CLDR's windowsZones mapping,
    through ICU (ucal_getTimeZoneIDForWindowsID, territory 001);
  - the rules: the IANA tz database (Python's zoneinfo), year by year from
    2000 to 2030, as TZI structures (Bias, StandardBias, DaylightBias,
    StandardDate, DaylightDate), the last year as "TZI" and the years that
    differ under "Dynamic DST" (FirstEntry, LastEntry).

Usage: gen-timezones.py [TZRES.DLL] > registry/default/timezones.reg
Run by hand when the tz data or the DLL changes; the output is committed.
"""
import ctypes
import datetime
import struct
import sys
import zoneinfo

TZRES = sys.argv[1] if len(sys.argv) > 1 else \
    '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows/tzres.dll'
FIRST_YEAR, LAST_YEAR = 2000, 2030
KEY = 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Time Zones'


# ---- tzres.dll's string table ----------------------------------------------

def pe_strings(path):
    """{id: string} of the RT_STRING resources of a PE file."""
    data = open(path, 'rb').read()
    pe = struct.unpack_from('<I', data, 0x3c)[0]
    nsect = struct.unpack_from('<H', data, pe + 6)[0]
    optsize = struct.unpack_from('<H', data, pe + 20)[0]
    opt = pe + 24
    magic = struct.unpack_from('<H', data, opt)[0]
    dirs = opt + (112 if magic == 0x20b else 96)
    rsrc_rva = struct.unpack_from('<I', data, dirs + 2 * 8)[0]
    sections = []
    for i in range(nsect):
        s = opt + optsize + 40 * i
        vsize, va, rawsize, rawptr = struct.unpack_from('<IIII', data, s + 8)
        sections.append((va, max(vsize, rawsize), rawptr))

    def off(rva):
        for va, size, raw in sections:
            if va <= rva < va + size:
                return rva - va + raw
        raise ValueError('rva %x outside the sections' % rva)

    base = off(rsrc_rva)

    def entries(d):
        named, ids = struct.unpack_from('<HH', data, base + d + 12)
        for i in range(named + ids):
            name, target = struct.unpack_from('<II', data, base + d + 16 + 8 * i)
            yield name, target

    strings = {}
    for rtype, t1 in entries(0):
        if rtype != 6 or not t1 & 0x80000000:
            continue
        for block, t2 in entries(t1 & 0x7fffffff):
            for lang, t3 in entries(t2 & 0x7fffffff):
                if lang != 0x409:       # English (United States), what Wine reads
                    continue
                rva, size = struct.unpack_from('<II', data, base + t3)
                p = off(rva)
                for i in range(16):
                    n = struct.unpack_from('<H', data, p)[0]
                    p += 2
                    if n:
                        s = data[p:p + 2 * n].decode('utf-16-le')
                        strings[(block - 1) * 16 + i] = s.split('#')[-1] if s.startswith('#msgctxt#') else s
                    p += 2 * n
    return strings


# ---- CLDR's Windows -> IANA mapping, through ICU ---------------------------

# ctypes passes c_wchar_p as UTF-32 on Linux: call through a raw pointer.
def icu_raw():
    lib = ctypes.CDLL('libicui18n.so.72')
    fn = lib.ucal_getTimeZoneIDForWindowsID_72
    fn.argtypes = [ctypes.c_void_p, ctypes.c_int32, ctypes.c_char_p, ctypes.c_void_p,
                   ctypes.c_int32, ctypes.POINTER(ctypes.c_int)]
    fn.restype = ctypes.c_int32

    def iana(winid):
        src = ctypes.create_string_buffer(winid.encode('utf-16-le') + b'\0\0')
        buf = ctypes.create_string_buffer(512)
        err = ctypes.c_int(0)
        n = fn(src, len(winid), b'001', buf, 256, ctypes.byref(err))
        if err.value > 0 or n <= 0:
            return None
        return buf.raw[:2 * n].decode('utf-16-le')
    return iana


# ---- the rules, year by year ------------------------------------------------

UTC = datetime.timezone.utc


def minutes(td):
    return int(td.total_seconds() // 60)


def transitions(zone, year):
    """(utc instant, offset before, offset after, dst before, dst after) in minutes."""
    out = []
    t = datetime.datetime(year, 1, 1, tzinfo=UTC) - datetime.timedelta(hours=14)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=UTC) + datetime.timedelta(hours=14)
    step = datetime.timedelta(hours=6)

    def state(u):
        local = u.astimezone(zone)
        return minutes(local.utcoffset()), minutes(local.dst() or datetime.timedelta(0))
    prev = state(t)
    while t < end:
        nxt = t + step
        cur = state(nxt)
        if cur != prev:
            lo, hi = 0, 6 * 60      # bisect to the minute (transitions are on minutes)
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if state(t + datetime.timedelta(minutes=mid)) == prev:
                    lo = mid
                else:
                    hi = mid
            hi = t + datetime.timedelta(minutes=hi)
            local_before = hi.astimezone(datetime.timezone(datetime.timedelta(minutes=prev[0])))
            if local_before.year == year:
                out.append((hi, prev[0], cur[0], prev[1], cur[1]))
            prev = cur
        t = nxt
    return out


def rule_date(u, offset):
    """The Windows relative date of a transition at UTC instant u, in the
    local time before it (offset minutes): month, weekday, week 1-5."""
    local = (u + datetime.timedelta(minutes=offset)).replace(tzinfo=None)
    week = (local.day - 1) // 7 + 1
    days = (datetime.date(local.year + local.month // 12, local.month % 12 + 1, 1) -
            datetime.timedelta(days=1)).day
    if local.day + 7 > days:
        week = 5
    return struct.pack('<8H', 0, local.month, (local.weekday() + 1) % 7, week,
                       local.hour, local.minute, 0, 0)


ZERO_DATE = bytes(16)


def year_info(zone, year, utc_zone):
    trans = transitions(zone, year)
    dst_start = [t for t in trans if t[4] != 0 and t[3] == 0]
    dst_end = [t for t in trans if t[3] != 0 and t[4] == 0]
    end_state = datetime.datetime(year, 12, 31, 12, tzinfo=UTC).astimezone(zone)
    if dst_start or dst_end:
        # a year with only one of the two (daylight time beginning or ending
        # across the year's end, or introduced or abolished) gives 1 January
        # as the missing date, in Windows's relative form
        s = dst_start[0] if dst_start else None
        e = dst_end[0] if dst_end else None
        std = s[1] if s else e[2]
        save = s[2] - s[1] if s else e[1] - e[2]
        jan1 = datetime.date(year, 1, 1)
        jan1 = struct.pack('<8H', 0, 1, (jan1.weekday() + 1) % 7, 1, 0, 0, 0, 0)
        std_date = rule_date(e[0], e[1]) if e else jan1
        dlt_date = rule_date(s[0], s[1]) if s else jan1
        if save < 0:                     # "daylight" below standard: swap
            std, save = std + save, -save
            std_date, dlt_date = dlt_date, std_date
        return struct.pack('<3l', -std, 0, -save) + std_date + dlt_date
    changes = [t for t in trans if t[1] != t[2]]
    if changes:
        # a change of standard offset becomes daylight time from or until
        # the change, 1 January being the other end (so the year's entry
        # gives the old offset before the change and the new one after)
        when, before, after = changes[0][0], changes[0][1], changes[0][2]
        jan1 = datetime.date(year, 1, 1)
        jan1 = struct.pack('<8H', 0, 1, (jan1.weekday() + 1) % 7, 1, 0, 0, 0, 0)
        if after > before:
            return struct.pack('<3l', -before, 0, before - after) + jan1 + rule_date(when, before)
        return struct.pack('<3l', -after, 0, after - before) + rule_date(when, before) + jan1
    off = minutes(end_state.utcoffset()) - minutes(end_state.dst() or datetime.timedelta(0))
    return struct.pack('<3l', -off, 0, 0 if utc_zone else -60) + ZERO_DATE + ZERO_DATE


# ---- output --------------------------------------------------------------------

def esc(s):
    return s.replace('\\', '\\\\').replace('"', '\\"')


def hexline(prefix, data):
    out, col = prefix, len(prefix)
    for i, b in enumerate(data):
        out += '%02x' % b
        if i == len(data) - 1:
            break
        out += ','
        col += 3
        if col >= 77:
            out += '\\\r\n  '
            col = 2
    return out + '\r\n'


def main():
    strings = pe_strings(TZRES)
    iana = icu_raw()
    zones = []
    for i in sorted(strings):
        if i % 16 or not strings.get(i + 2, '').startswith('(UTC'):
            continue
        std = strings[i]
        name = 'UTC' if std == 'Coordinated Universal Time' else std
        zones.append((name, i))
    out = ['Windows Registry Editor Version 5.00\r\n',
           '; Time zones, generated by registry/default/gen-timezones.py from Wine\'s\r\n',
           '; tzres.dll (names), CLDR through ICU (Windows -> IANA) and the IANA tz\r\n',
           '; data (rules, %d-%d).  Do not edit; run the script again.\r\n' % (FIRST_YEAR, LAST_YEAR)]
    missing = []
    for name, i in sorted(zones, key=lambda z: z[0].upper()):
        tzname = 'Etc/UTC' if name == 'UTC' else iana(name)
        if not tzname:
            missing.append(name)
            continue
        zone = zoneinfo.ZoneInfo(tzname)
        utc_zone = name.startswith('UTC')
        info = {y: year_info(zone, y, utc_zone) for y in range(FIRST_YEAR, LAST_YEAR + 1)}
        out.append('\r\n[%s\\%s]\r\n' % (KEY, name))
        out.append('"Display"="%s"\r\n' % esc(strings[i + 2]))
        out.append('"Dlt"="%s"\r\n' % esc(strings[i + 1]))
        out.append('"MUI_Display"="@tzres.dll,-%d"\r\n' % (i + 2))
        out.append('"MUI_Dlt"="@tzres.dll,-%d"\r\n' % (i + 1))
        out.append('"MUI_Std"="@tzres.dll,-%d"\r\n' % i)
        out.append('"Std"="%s"\r\n' % esc(strings[i]))
        out.append(hexline('"TZI"=hex:', info[LAST_YEAR]))
        first, last = FIRST_YEAR, LAST_YEAR
        while last > FIRST_YEAR and info[last] == info[last - 1]:
            last -= 1
        while first < last and info[first] == info[last]:
            first += 1
        if last <= first:
            continue
        out.append('\r\n[%s\\%s\\Dynamic DST]\r\n' % (KEY, name))
        for y in range(first, last + 1):
            out.append(hexline('"%d"=hex:' % y, info[y]))
        out.append('"FirstEntry"=dword:%08x\r\n' % first)
        out.append('"LastEntry"=dword:%08x\r\n' % last)
    sys.stdout.buffer.write(''.join(out).encode('utf-8'))
    if missing:
        print('gen-timezones: no IANA zone for: ' + ', '.join(missing), file=sys.stderr)


if __name__ == '__main__':
    main()

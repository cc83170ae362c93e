/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * regdefault.c - the registry a process starts with.
 *
 * Data only: registry_init() (registry.c) loads this table into the store
 * at start-up; the format is described in regstore.h.  The contents are
 * what Wine 8.0's DLLs read while starting a console program (see
 * wine-interface.md section 7.5), with the values a fresh Wine 8.0 prefix
 * holds (wine.inf plus what wineboot adds).  In particular the version is
 * Wine 8.0's default, Windows 7 SP1 (6.1.7601): wine.inf writes it for
 * x86-64 and ntdll's version.c reports whatever these values say.
 *
 * Left out on purpose: values describing the host CPU (PROCESSOR_LEVEL,
 * NUMBER_OF_PROCESSORS, HKLM\Hardware\Description) belong to whoever
 * knows the CPU; HKCU\Control Panel\International is created empty
 * because kernelbase fills it from the locale when LocaleName is missing.
 *
 * Order matters: a key is created with the flags of the first entry that
 * names it, and a link and its target must exist before the entries that
 * go through it.
 */
#include "regstore.h"

#define RD_KEY(k)           { k, NULL, REG_NONE, NULL, 0, 0, 0 }
#define RD_VKEY(k)          { k, NULL, REG_NONE, NULL, 0, 0, REGDEF_VOLATILE }
#define RD_SZ(k, n, s)      { k, n, REG_SZ, s, 0, 0, 0 }
#define RD_EXPAND(k, n, s)  { k, n, REG_EXPAND_SZ, s, 0, 0, 0 }
#define RD_DWORD(k, n, v)   { k, n, REG_DWORD, NULL, 0, v, 0 }
#define RD_BIN(k, n, b)     { k, n, REG_BINARY, b, sizeof(b), 0, 0 }
#define RD_LINK(k, target)  { k, NULL, REG_LINK, target, 0, 0, REGDEF_LINK }

#define WINNT_CV  u"HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion"
#define WIN_CV    u"HKLM\\Software\\Microsoft\\Windows\\CurrentVersion"
#define CONTROL   u"HKLM\\System\\CurrentControlSet\\Control"
#define SESSION   CONTROL u"\\Session Manager"
#define TZ        WINNT_CV u"\\Time Zones\\"
#define CLASSES   u"HKLM\\Software\\Classes"
#define LICENSE   u"HKLM\\Software\\Wine\\LicenseInformation"

/* TIME_ZONE_INFORMATION-like TZI values: Bias, StandardBias, DaylightBias,
 * StandardDate, DaylightDate (little-endian), as Wine's tz data has them. */
static const uint8_t tzi_utc[44] = { 0 };
static const uint8_t tzi_greenwich[44] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc4, 0xff, 0xff, 0xff,
};
static const uint8_t tzi_gmt[44] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc4, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t tzi_w_europe[44] = {
    0xc4, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xc4, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x05, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t tzi_eastern[44] = {
    0x2c, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc4, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
static const uint8_t tzi_pacific[44] = {
    0xe0, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc4, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x0b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x02, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* One time zone: its names and rules. */
#define RD_ZONE(name, display, std, dlt, mui_display, mui_std, mui_dlt, tzi) \
    RD_SZ(TZ name, u"Display", display),                                      \
    RD_SZ(TZ name, u"Std", std),                                              \
    RD_SZ(TZ name, u"Dlt", dlt),                                              \
    RD_SZ(TZ name, u"MUI_Display", mui_display),                              \
    RD_SZ(TZ name, u"MUI_Std", mui_std),                                      \
    RD_SZ(TZ name, u"MUI_Dlt", mui_dlt),                                      \
    RD_BIN(TZ name, u"TZI", tzi)

const struct regdefault regdefault_table[] = {
    /* ---- HKLM\Software ---- */
    RD_KEY(u"HKLM\\Software\\Wine"),
    /* HKEY_CLASSES_ROOT: a few of wine.inf's classes ([Classes] has many) */
    RD_KEY(CLASSES u"\\*\\shellex\\ContextMenuHandlers"),
    RD_SZ(CLASSES u"\\.ini", u"", u"inifile"),
    RD_SZ(CLASSES u"\\exefile", u"", u"Application"),
    RD_SZ(CLASSES u"\\exefile\\DefaultIcon", u"", u"%1"),
    RD_SZ(CLASSES u"\\exefile\\shell\\open\\command", u"", u"\"%1\" %*"),
    RD_SZ(CLASSES u"\\inifile", u"", u"Configuration Settings"),
    RD_SZ(CLASSES u"\\inifile\\shell\\open\\command", u"",
          u"\"C:\\windows\\system32\\notepad.exe\" \"%1\""),
    /* The 32-bit view: keep runs 64-bit programs only, but Wine's DLLs and
     * tests name these paths explicitly (wine.inf's [Wow64] has more). */
    RD_KEY(CLASSES u"\\AppId"),
    RD_KEY(CLASSES u"\\CLSID"),
    RD_KEY(CLASSES u"\\DirectShow"),
    RD_SZ(CLASSES u"\\Interface\\{00000000-0000-0000-C000-000000000046}", u"", u"IUnknown"),
    RD_KEY(CLASSES u"\\Media Type"),
    RD_KEY(CLASSES u"\\MediaFoundation"),
    RD_KEY(CLASSES u"\\Protocols"),
    RD_KEY(CLASSES u"\\TypeLib"),
    RD_LINK(CLASSES u"\\Wow6432Node\\AppId", u"\\REGISTRY\\MACHINE\\Software\\Classes\\AppId"),
    RD_LINK(CLASSES u"\\Wow6432Node\\Protocols",
            u"\\REGISTRY\\MACHINE\\Software\\Classes\\Protocols"),
    RD_LINK(CLASSES u"\\Wow6432Node\\TypeLib", u"\\REGISTRY\\MACHINE\\Software\\Classes\\TypeLib"),
    RD_KEY(CLASSES u"\\Wow6432Node\\CLSID"),
    RD_KEY(CLASSES u"\\Wow6432Node\\DirectShow"),
    RD_SZ(CLASSES u"\\Wow6432Node\\Interface\\{00000000-0000-0000-C000-000000000046}", u"",
          u"IUnknown"),
    RD_KEY(CLASSES u"\\Wow6432Node\\Media Type"),
    RD_KEY(CLASSES u"\\Wow6432Node\\MediaFoundation"),
    RD_KEY(u"HKLM\\Software\\Wow6432Node"),
    RD_LINK(u"HKLM\\Software\\Wow6432Node\\Classes",
            u"\\REGISTRY\\MACHINE\\Software\\Classes\\Wow6432Node"),
    /* NtQueryLicenseValue reads these (wine.inf's [LicenseInformation]) */
    RD_SZ(LICENSE, u"Kernel-MUI-Language-Allowed", u"EMPTY"),
    RD_SZ(LICENSE, u"Kernel-MUI-Language-Disallowed", u"EMPTY"),
    RD_DWORD(LICENSE, u"Kernel-MUI-Number-Allowed", 1000),
    RD_DWORD(LICENSE, u"Shell-InBoxGames-FreeCell-EnableGame", 1),
    RD_DWORD(LICENSE, u"Shell-InBoxGames-Hearts-EnableGame", 1),
    RD_DWORD(LICENSE, u"Shell-InBoxGames-Minesweeper-EnableGame", 1),
    RD_DWORD(LICENSE, u"Shell-InBoxGames-PurblePlace-EnableGame", 1),
    RD_DWORD(LICENSE, u"Shell-InBoxGames-Shanghai-EnableGame", 1),
    RD_DWORD(LICENSE, u"Shell-InBoxGames-Solitaire-EnableGame", 1),
    RD_DWORD(LICENSE, u"Shell-InBoxGames-SpiderSolitaire-EnableGame", 1),
    RD_DWORD(LICENSE, u"Shell-PremiumInBoxGames-Chess-EnableGame", 1),
    RD_SZ(WINNT_CV, u"CurrentVersion", u"6.1"),
    RD_SZ(WINNT_CV, u"CurrentBuild", u"7601"),
    RD_SZ(WINNT_CV, u"CurrentBuildNumber", u"7601"),
    RD_SZ(WINNT_CV, u"CSDVersion", u"Service Pack 1"),
    RD_SZ(WINNT_CV, u"CurrentType", u"Uniprocessor Free"),
    RD_SZ(WINNT_CV, u"ProductName", u"Microsoft Windows 7"),
    RD_SZ(WINNT_CV, u"ProductId", u"12345-oem-0000001-54321"),
    RD_SZ(WINNT_CV, u"RegisteredOrganization", u""),
    RD_SZ(WINNT_CV, u"RegisteredOwner", u""),
    RD_SZ(WINNT_CV, u"SystemRoot", u"C:\\windows"),
    RD_DWORD(WINNT_CV, u"InstallDate", 0x4be5019a),
    RD_KEY(WINNT_CV u"\\Image File Execution Options"),
    RD_KEY(WINNT_CV u"\\Perflib\\009"),        /* opened as HKEY_PERFORMANCE_TEXT */
    RD_KEY(WINNT_CV u"\\Fonts"),
    RD_KEY(WINNT_CV u"\\FontSubstitutes"),
    RD_SZ(WINNT_CV u"\\Winlogon", u"Shell", u"explorer.exe"),
    RD_EXPAND(WINNT_CV u"\\ProfileList", u"ProfilesDirectory", u"C:\\users"),
    RD_EXPAND(WINNT_CV u"\\ProfileList", u"ProgramData", u"C:\\ProgramData"),
    RD_EXPAND(WINNT_CV u"\\ProfileList", u"Public", u"C:\\users\\Public"),
    RD_SZ(WINNT_CV u"\\ProfileList\\" REG_USER_SID, u"ProfileImagePath", u"C:\\users\\${user}"),
    RD_SZ(WIN_CV, u"CommonFilesDir", u"C:\\Program Files\\Common Files"),
    RD_SZ(WIN_CV, u"CommonFilesDir (x86)", u"C:\\Program Files (x86)\\Common Files"),
    RD_SZ(WIN_CV, u"ProgramFilesDir", u"C:\\Program Files"),
    RD_SZ(WIN_CV, u"ProgramFilesDir (x86)", u"C:\\Program Files (x86)"),
    RD_EXPAND(WIN_CV, u"ProgramFilesPath", u"%ProgramFiles%"),
    RD_SZ(WIN_CV, u"ProductId", u"12345-oem-0000001-54321"),
    RD_SZ(WIN_CV, u"RegisteredOrganization", u""),
    RD_SZ(WIN_CV, u"RegisteredOwner", u""),

    /* The time zones: a few common ones, enough for kernelbase to name
     * the zone it is told about; a full set comes with the .reg files. */
    RD_ZONE(u"UTC", u"(UTC) Coordinated Universal Time", u"Coordinated Universal Time",
            u"Coordinated Universal Time", u"@tzres.dll,-22002", u"@tzres.dll,-22000",
            u"@tzres.dll,-22001", tzi_utc),
    RD_ZONE(u"Greenwich Standard Time", u"(UTC+00:00) Monrovia, Reykjavik",
            u"Greenwich Standard Time", u"Greenwich Daylight Time", u"@tzres.dll,-47170",
            u"@tzres.dll,-47168", u"@tzres.dll,-47169", tzi_greenwich),
    RD_ZONE(u"GMT Standard Time", u"(UTC+00:00) Dublin, Edinburgh, Lisbon, London",
            u"GMT Standard Time", u"GMT Daylight Time", u"@tzres.dll,-7410", u"@tzres.dll,-7408",
            u"@tzres.dll,-7409", tzi_gmt),
    RD_ZONE(u"W. Europe Standard Time",
            u"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
            u"W. Europe Standard Time", u"W. Europe Daylight Time", u"@tzres.dll,-27698",
            u"@tzres.dll,-27696", u"@tzres.dll,-27697", tzi_w_europe),
    RD_ZONE(u"Eastern Standard Time", u"(UTC-05:00) Eastern Time (US & Canada)",
            u"Eastern Standard Time", u"Eastern Daylight Time", u"@tzres.dll,-30802",
            u"@tzres.dll,-30800", u"@tzres.dll,-30801", tzi_eastern),
    RD_ZONE(u"Pacific Standard Time", u"(UTC-08:00) Pacific Time (US & Canada)",
            u"Pacific Standard Time", u"Pacific Daylight Time", u"@tzres.dll,-11234",
            u"@tzres.dll,-11232", u"@tzres.dll,-11233", tzi_pacific),

    /* ---- HKLM\System ---- */
    RD_KEY(u"HKLM\\System\\ControlSet001"),
    RD_LINK(u"HKLM\\System\\CurrentControlSet", u"\\REGISTRY\\MACHINE\\System\\ControlSet001"),
    RD_DWORD(u"HKLM\\System\\Select", u"Current", 1),
    RD_DWORD(SESSION, u"CriticalSectionTimeout", 0x278d00),
    RD_DWORD(SESSION, u"GlobalFlag", 0),
    RD_DWORD(SESSION, u"HeapDeCommitFreeBlockThreshold", 0),
    RD_DWORD(SESSION, u"HeapDeCommitTotalFreeThreshold", 0),
    RD_DWORD(SESSION, u"HeapSegmentCommit", 0),
    RD_DWORD(SESSION, u"HeapSegmentReserve", 0),
    RD_EXPAND(SESSION u"\\Environment", u"ComSpec", u"%SystemRoot%\\system32\\cmd.exe"),
    RD_SZ(SESSION u"\\Environment", u"OS", u"Windows_NT"),
    RD_EXPAND(SESSION u"\\Environment", u"PATH",
              u"%SystemRoot%\\system32;%SystemRoot%;%SystemRoot%\\system32\\wbem;"
              u"%SystemRoot%\\system32\\WindowsPowershell\\v1.0"),
    RD_SZ(SESSION u"\\Environment", u"PATHEXT",
          u".com;.exe;.bat;.cmd;.vbs;.vbe;.js;.jse;.wsf;.wsh"),
    RD_SZ(SESSION u"\\Environment", u"PROCESSOR_ARCHITECTURE", u"AMD64"),
    RD_EXPAND(SESSION u"\\Environment", u"TEMP", u"%SystemRoot%\\temp"),
    RD_EXPAND(SESSION u"\\Environment", u"TMP", u"%SystemRoot%\\temp"),
    RD_EXPAND(SESSION u"\\Environment", u"windir", u"%SystemRoot%"),
    RD_SZ(SESSION u"\\Environment", u"winsysdir", u"C:\\windows\\system32"),
    RD_SZ(CONTROL u"\\ComputerName\\ComputerName", u"ComputerName", u"${computer}"),
    RD_VKEY(CONTROL u"\\ComputerName\\ActiveComputerName"),
    RD_SZ(CONTROL u"\\ComputerName\\ActiveComputerName", u"ComputerName", u"${computer}"),
    RD_SZ(CONTROL u"\\Nls\\CodePage", u"ACP", u"1252"),
    RD_SZ(CONTROL u"\\Nls\\CodePage", u"OEMCP", u"437"),
    RD_SZ(CONTROL u"\\Nls\\CodePage", u"MACCP", u"10000"),
    RD_SZ(CONTROL u"\\Nls\\Language", u"Default", u"0409"),
    RD_SZ(CONTROL u"\\Nls\\Language", u"InstallLanguage", u"0409"),
    RD_SZ(CONTROL u"\\Nls\\Locale", u"", u"00000409"),
    RD_SZ(CONTROL u"\\Nls\\Locale", u"00000409", u"1"),
    RD_SZ(CONTROL u"\\Nls\\Language Groups", u"1", u"1"),
    RD_SZ(CONTROL u"\\Nls\\Sorting\\Ids", u"", u"{00000001-57ee-1e5c-00b4-d0000bb1e11e}"),
    RD_SZ(CONTROL u"\\ProductOptions", u"ProductType", u"WinNT"),
    RD_DWORD(CONTROL u"\\Windows", u"CSDVersion", 0x100),
    RD_KEY(CONTROL u"\\TimeZoneInformation"),
    RD_KEY(u"HKLM\\System\\CurrentControlSet\\Services"),
    /* HKEY_CURRENT_CONFIG */
    RD_KEY(u"HKLM\\System\\CurrentControlSet\\Hardware Profiles\\Current\\Software"),
    RD_KEY(u"HKLM\\System\\CurrentControlSet\\Hardware Profiles\\Current\\System"),

    /* ---- HKLM\Hardware: volatile on Windows, rebuilt at every boot ---- */
    RD_VKEY(u"HKLM\\Hardware"),
    RD_VKEY(u"HKLM\\Hardware\\Description\\System\\CentralProcessor"),
    RD_VKEY(u"HKLM\\Hardware\\DeviceMap"),

    /* ---- HKCU: the process user, \REGISTRY\USER\<sid> ---- */
    RD_KEY(u"HKCU\\Software\\Wine"),
    /* the display driver win32u loads (keep's in-process server writes it
       into the desktop's Video key, as explorer.exe does in Wine): the null
       driver, headless; see docs/gui.md */
    RD_SZ(u"HKCU\\Software\\Wine\\Drivers", u"Graphics", u"null"),
    RD_KEY(u"HKCU\\Software\\Microsoft\\Windows\\CurrentVersion"),
    RD_KEY(u"HKCU\\Control Panel\\International"),
    RD_SZ(u"HKCU\\Environment", u"TEMP", u"C:\\users\\${user}\\Temp"),
    RD_SZ(u"HKCU\\Environment", u"TMP", u"C:\\users\\${user}\\Temp"),
    RD_VKEY(u"HKCU\\Volatile Environment"),
    RD_SZ(u"HKCU\\Volatile Environment", u"APPDATA", u"C:\\users\\${user}\\AppData\\Roaming"),
    RD_SZ(u"HKCU\\Volatile Environment", u"CLIENTNAME", u"Console"),
    RD_SZ(u"HKCU\\Volatile Environment", u"HOMEDRIVE", u"C:"),
    RD_SZ(u"HKCU\\Volatile Environment", u"HOMEPATH", u"\\users\\${user}"),
    RD_SZ(u"HKCU\\Volatile Environment", u"HOMESHARE", u""),
    RD_SZ(u"HKCU\\Volatile Environment", u"LOCALAPPDATA", u"C:\\users\\${user}\\AppData\\Local"),
    RD_SZ(u"HKCU\\Volatile Environment", u"LOGONSERVER", u"\\\\${computer}"),
    RD_SZ(u"HKCU\\Volatile Environment", u"SESSIONNAME", u"Console"),
    RD_SZ(u"HKCU\\Volatile Environment", u"USERDOMAIN", u"${computer}"),
    RD_SZ(u"HKCU\\Volatile Environment", u"USERNAME", u"${user}"),
    RD_SZ(u"HKCU\\Volatile Environment", u"USERPROFILE", u"C:\\users\\${user}"),
};

const size_t regdefault_count = ARRAY_SIZE(regdefault_table);

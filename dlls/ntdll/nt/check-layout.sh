#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# check-layout.sh - compare keep's NT headers (this directory) with other
# declarations of the same types.  Optional, not part of the build.
#
#   ./check-layout.sh [-v]
#
# References (each used when available):
#   wine   Wine 8.0's own headers ($WINE_INCLUDE, default
#          /work/wine-src/wine-8.0/include) compiled with the host gcc,
#          __WINESRC__ and WINE_UNIX_LIB: the layouts Wine's PE DLLs use.
#   mingw  mingw-w64's <windows.h> + <winternl.h> (x86_64-w64-mingw32-gcc).
#   ddk    mingw-w64's <ntifs.h> (ddk/ directory).
#
# What is compared:
#   - sizeof / offsetof of the structures listed below (per reference);
#   - the value of every object-like #define and every enumerator found in
#     types.h, status.h, structs.h, info.h and pe.h, against each reference
#     that declares the same name.
# Nothing is executed: every value is computed by the compiler into a
# constant, read back from the generated assembly.  A name a reference does
# not declare is skipped (listed with -v).  Known, deliberate differences
# are listed in EXPECTED below and reported but do not fail the run.
#
# Exit status: 0 if every comparison matched (or is an expected
# difference), 1 otherwise, 2 if nothing could be compared.

set -u
here=$(cd "$(dirname "$0")" && pwd)
WINE_INCLUDE=${WINE_INCLUDE:-/work/wine-src/wine-8.0/include}
MINGW_CC=${MINGW_CC:-x86_64-w64-mingw32-gcc}
HOST_CC=${HOST_CC:-gcc}
verbose=0
[ "${1:-}" = "-v" ] && verbose=1

command -v python3 >/dev/null 2>&1 || { echo "check-layout: needs python3" >&2; exit 2; }

exec python3 - "$here" "$WINE_INCLUDE" "$MINGW_CC" "$HOST_CC" "$verbose" <<'PYEOF'
import os, re, subprocess, sys, tempfile, time

here, wine_inc, mingw_cc, host_cc, verbose = sys.argv[1:6]
verbose = verbose == "1"
headers = ["types.h", "status.h", "structs.h", "info.h", "pe.h"]

# ---------------------------------------------------------------------------
# Structure checks: "size TYPE refs" or "off TYPE field field ... refs".
# refs: w = Wine 8.0, m = mingw <windows.h>/<winternl.h>, d = mingw <ntifs.h>
# ---------------------------------------------------------------------------
STRUCTS = r"""
size NT_TIB wm
size TEB w
off  TEB Tib.ExceptionList Tib.StackBase Tib.StackLimit Tib.Self EnvironmentPointer ClientId w
off  TEB ThreadLocalStoragePointer Peb LastErrorValue CountOfOwnedCriticalSections Win32ThreadInfo w
off  TEB User32Reserved UserReserved WOW32Reserved CurrentLocale FpSoftwareStatusRegister w
off  TEB ReservedForDebuggerInstrumentation SystemReserved1 PlaceholderCompatibilityMode ProxiedProcessId w
off  TEB ActivationContextStack WorkingOnBehalfOfTicket ExceptionCode ActivationContextStackPointer w
off  TEB InstrumentationCallbackSp TxFsContext InstrumentationCallbackDisabled GdiTebBatch w
off  TEB RealClientId GdiCachedProcessHandle GdiClientPID GdiThreadLocaleInfo Win32ClientInfo w
off  TEB glDispatchTable glReserved1 glReserved2 glContext LastStatusValue StaticUnicodeString w
off  TEB StaticUnicodeBuffer DeallocationStack TlsSlots TlsLinks Vdm ReservedForNtRpc DbgSsReserved w
off  TEB HardErrorDisabled Instrumentation WinSockData GdiBatchCount GuaranteedStackBytes w
off  TEB ReservedForPerf ReservedForOle WaitingOnLoaderLock Reserved5 TlsExpansionSlots w
off  TEB DeallocationBStore BStoreLimit ImpersonationLocale IsImpersonating NlsCache ShimData w
off  TEB HeapVirtualAffinity CurrentTransactionHandle ActiveFrame FlsSlots PreferredLanguages w
off  TEB UserPrefLanguages MergedPrefLanguages MuiImpersonation CrossTebFlags SameTebFlags w
off  TEB TxnScopeEnterCallback TxnScopeExitCallback TxnScopeContext LockCount WowTebOffset w
off  TEB ResourceRetValue ReservedForWdf ReservedForCrt EffectiveContainerId w
size PEB w
off  PEB InheritedAddressSpace BeingDebugged ImageBaseAddress ProcessParameters w
off  PEB BeingDebugged ProcessParameters m
off  PEB Mutant LdrData SubSystemData ProcessHeap FastPebLock KernelCallbackTable ApiSetMap w
off  PEB TlsExpansionCounter TlsBitmap TlsBitmapBits ReadOnlySharedMemoryBase AnsiCodePageData w
off  PEB OemCodePageData UnicodeCaseTableData NumberOfProcessors NtGlobalFlag CriticalSectionTimeout w
off  PEB HeapSegmentReserve HeapDeCommitFreeBlockThreshold NumberOfHeaps ProcessHeaps LoaderLock w
off  PEB OSMajorVersion OSBuildNumber OSPlatformId ImageSubSystem ImageProcessAffinityMask w
off  PEB GdiHandleBuffer PostProcessInitRoutine TlsExpansionBitmap TlsExpansionBitmapBits SessionId w
off  PEB AppCompatFlags ShimData CSDVersion ActivationContextData SystemDefaultActivationData w
off  PEB MinimumStackCommit FlsCallback FlsListHead FlsBitmap FlsBitmapBits FlsHighIndex w
off  PEB TracingFlags CsrServerReadOnlySharedMemoryBase TppWorkerpList WaitOnAddressHashTable w
off  PEB TelemetryCoverageHeader CloudFileFlags PlaceholderCompatibilityMode LeapSecondData NtGlobalFlag2 w
off  PEB Ldr m
size PEB_LDR_DATA w
size RTL_USER_PROCESS_PARAMETERS w
off  RTL_USER_PROCESS_PARAMETERS ConsoleHandle hStdInput CurrentDirectory DllPath ImagePathName w
off  RTL_USER_PROCESS_PARAMETERS CommandLine Environment dwFlags wShowWindow WindowTitle Desktop w
off  RTL_USER_PROCESS_PARAMETERS ShellInfo RuntimeInfo DLCurrentDirectory EnvironmentSize w
off  RTL_USER_PROCESS_PARAMETERS PackageDependencyData ProcessGroupId LoaderThreads w
off  RTL_USER_PROCESS_PARAMETERS ImagePathName CommandLine m
size RTL_CRITICAL_SECTION wm
size RTL_CRITICAL_SECTION_DEBUG wm
size GDI_TEB_BATCH w
size ACTIVATION_CONTEXT_STACK w
size KSYSTEM_TIME wd
size KUSER_SHARED_DATA w
off  KUSER_SHARED_DATA InterruptTime SystemTime TimeZoneBias NtSystemRoot MaxStackTraceDepth wd
off  KUSER_SHARED_DATA TimeZoneId LargePageMinimum NtProductType ProductTypeIsValid wd
off  KUSER_SHARED_DATA NtMajorVersion NtMinorVersion ProcessorFeatures TimeSlip wd
off  KUSER_SHARED_DATA AlternativeArchitecture SystemExpirationDate SuiteMask KdDebuggerEnabled wd
off  KUSER_SHARED_DATA NXSupportPolicy ActiveConsoleId DismountCount ComPlusPackage wd
off  KUSER_SHARED_DATA LastSystemRITEventTickCount NumberOfPhysicalPages SafeBootMode wd
off  KUSER_SHARED_DATA SharedDataFlags TestRetInstruction TickCount Cookie wd
off  KUSER_SHARED_DATA AitSamplingValue AppCompatFlag RNGSeedVersion NtBuildNumber w
off  KUSER_SHARED_DATA NativeProcessorArchitecture BootId CyclesPerYield QpcFrequency SystemCall w
off  KUSER_SHARED_DATA UserCetAvailableEnvironments SystemCallPad ConsoleSessionForegroundProcessId w
off  KUSER_SHARED_DATA BaselineSystemTimeQpc QpcSystemTimeIncrementShift UnparkedProcessorCount w
off  KUSER_SHARED_DATA EnclaveFeatureMask UserModeGlobalLogger ImageFileExecutionOptions w
off  KUSER_SHARED_DATA LangGenerationCount InterruptTimeBias QpcBias ActiveProcessorCount w
off  KUSER_SHARED_DATA ActiveGroupCount QpcData TimeZoneBiasEffectiveStart XState w
size XSTATE_CONFIGURATION w
off  XSTATE_CONFIGURATION EnabledFeatures wmd
off  XSTATE_CONFIGURATION EnabledVolatileFeatures Size Features w
off  XSTATE_CONFIGURATION EnabledSupervisorFeatures AlignedFeatures AllFeatureSize AllFeatures w
size XSTATE_FEATURE wm
size M128A wm
size XSAVE_FORMAT wm
off  XSAVE_FORMAT MxCsr MxCsr_Mask FloatRegisters XmmRegisters Reserved4 wm
size CONTEXT wm
off  CONTEXT ContextFlags MxCsr SegCs SegSs EFlags Dr0 Dr7 Rax Rsp R8 R15 Rip FltSave wm
off  CONTEXT Xmm0 Xmm15 VectorRegister VectorControl DebugControl LastExceptionFromRip wm
size XSTATE w
size CONTEXT_EX wd
size CONTEXT_CHUNK wd
size EXCEPTION_RECORD wm
off  EXCEPTION_RECORD ExceptionFlags ExceptionRecord ExceptionAddress NumberParameters ExceptionInformation wm
size EXCEPTION_POINTERS wm
size SYSTEM_SERVICE_TABLE w
size API_SET_NAMESPACE w
size API_SET_NAMESPACE_ENTRY w
size API_SET_VALUE_ENTRY w
size CPTABLEINFO w
size NLSTABLEINFO w
size INITIAL_TEB w
size LIST_ENTRY wm
size UNICODE_STRING wmd
size STRING wmd
size OBJECT_ATTRIBUTES wmd
size IO_STATUS_BLOCK wmd
size FILE_SEGMENT_ELEMENT wm
size CLIENT_ID wmd
size GUID wm
size LUID wm
size LARGE_INTEGER wm
size GENERIC_MAPPING wm
size MEM_EXTENDED_PARAMETER wm
size MEM_ADDRESS_REQUIREMENTS wm
size FILE_BASIC_INFORMATION wd
size FILE_STANDARD_INFORMATION wd
size FILE_INTERNAL_INFORMATION wd
size FILE_EA_INFORMATION wd
size FILE_ACCESS_INFORMATION wd
size FILE_NAME_INFORMATION wd
size FILE_RENAME_INFORMATION wd
off  FILE_RENAME_INFORMATION RootDirectory FileNameLength FileName wd
size FILE_LINK_INFORMATION wd
size FILE_NAMES_INFORMATION wd
size FILE_DISPOSITION_INFORMATION wd
size FILE_POSITION_INFORMATION wd
size FILE_FULL_EA_INFORMATION wd
size FILE_MODE_INFORMATION wd
size FILE_ALIGNMENT_INFORMATION wd
size FILE_ALL_INFORMATION wd
off  FILE_ALL_INFORMATION StandardInformation InternalInformation EaInformation PositionInformation wd
off  FILE_ALL_INFORMATION ModeInformation AlignmentInformation NameInformation wd
size FILE_ALLOCATION_INFORMATION wd
size FILE_END_OF_FILE_INFORMATION wd
size FILE_VALID_DATA_LENGTH_INFORMATION d
size FILE_STREAM_INFORMATION wd
size FILE_PIPE_INFORMATION wd
size FILE_PIPE_LOCAL_INFORMATION wd
size FILE_MAILSLOT_QUERY_INFORMATION wd
size FILE_COMPLETION_INFORMATION wd
size FILE_NETWORK_OPEN_INFORMATION wd
size FILE_ATTRIBUTE_TAG_INFORMATION wd
size FILE_REPARSE_POINT_INFORMATION wd
size FILE_IO_COMPLETION_NOTIFICATION_INFORMATION wd
size FILE_ID_INFORMATION w
size FILE_DIRECTORY_INFORMATION wd
off  FILE_DIRECTORY_INFORMATION FileIndex CreationTime EndOfFile AllocationSize FileAttributes FileNameLength FileName wd
size FILE_FULL_DIRECTORY_INFORMATION w
size FILE_FULL_DIR_INFORMATION d
off  FILE_FULL_DIR_INFORMATION EaSize FileName wd
size FILE_ID_FULL_DIRECTORY_INFORMATION w
size FILE_ID_FULL_DIR_INFORMATION d
off  FILE_ID_FULL_DIR_INFORMATION EaSize FileId FileName d
size FILE_BOTH_DIRECTORY_INFORMATION w
size FILE_BOTH_DIR_INFORMATION wd
off  FILE_BOTH_DIR_INFORMATION EaSize ShortNameLength ShortName FileName wd
size FILE_ID_BOTH_DIRECTORY_INFORMATION w
size FILE_ID_BOTH_DIR_INFORMATION d
off  FILE_ID_BOTH_DIR_INFORMATION ShortNameLength ShortName FileId FileName d
off  FILE_ID_BOTH_DIRECTORY_INFORMATION ShortNameLength ShortName FileId FileName w
size FILE_ID_GLOBAL_TX_DIR_INFORMATION wd
off  FILE_ID_GLOBAL_TX_DIR_INFORMATION FileId LockingTransactionId TxInfoFlags FileName wd
size FILE_NOTIFY_INFORMATION wm
size FILE_FS_VOLUME_INFORMATION wd
off  FILE_FS_VOLUME_INFORMATION VolumeSerialNumber VolumeLabelLength SupportsObjects VolumeLabel wd
size FILE_FS_LABEL_INFORMATION d
size FILE_FS_SIZE_INFORMATION wd
size FILE_FS_DEVICE_INFORMATION wd
size FILE_FS_ATTRIBUTE_INFORMATION wd
size FILE_FS_FULL_SIZE_INFORMATION wd
size FILE_FS_OBJECTID_INFORMATION d
size PROCESS_BASIC_INFORMATION w
off  PROCESS_BASIC_INFORMATION PebBaseAddress UniqueProcessId wm
size QUOTA_LIMITS wm
size IO_COUNTERS wm
size VM_COUNTERS wd
size VM_COUNTERS_EX wd
size KERNEL_USER_TIMES wd
size PROCESS_PRIORITY_CLASS w
size PROCESS_INSTRUMENTATION_CALLBACK_INFORMATION w
size PROCESS_STACK_ALLOCATION_INFORMATION w
size PROCESS_STACK_ALLOCATION_INFORMATION_EX w
size PS_ATTRIBUTE w
size PS_ATTRIBUTE_LIST w
size PS_CREATE_INFO w
off  PS_CREATE_INFO State InitState SuccessState.FileHandle SuccessState.UserProcessParametersNative w
off  PS_CREATE_INFO SuccessState.PebAddressNative SuccessState.ManifestAddress SuccessState.ManifestSize w
size THREAD_BASIC_INFORMATION w
size THREAD_NAME_INFORMATION w
size SYSTEM_BASIC_INFORMATION wm
off  SYSTEM_BASIC_INFORMATION PageSize AllocationGranularity LowestUserAddress NumberOfProcessors w
size SYSTEM_CPU_INFORMATION w
size SYSTEM_PERFORMANCE_INFORMATION w
off  SYSTEM_PERFORMANCE_INFORMATION AvailablePages PagesRead PagedPoolUsage SystemCalls w
size SYSTEM_TIMEOFDAY_INFORMATION wm
size SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION wm
size SYSTEM_THREAD_INFORMATION w
size SYSTEM_EXTENDED_THREAD_INFORMATION w
size SYSTEM_PROCESS_INFORMATION w
off  SYSTEM_PROCESS_INFORMATION dwThreadCount CycleTime CreationTime ProcessName dwBasePriority w
off  SYSTEM_PROCESS_INFORMATION UniqueProcessId ParentProcessId HandleCount SessionId vmCounters ioCounters ti w
off  SYSTEM_PROCESS_INFORMATION UniqueProcessId HandleCount m
size SYSTEM_HANDLE_ENTRY w
size SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX w
size RTL_PROCESS_MODULE_INFORMATION w
size SYSTEM_KERNEL_DEBUGGER_INFORMATION w
size SYSTEM_REGISTRY_QUOTA_INFORMATION wm
size SYSTEM_TIME_ADJUSTMENT_QUERY w
size SYSTEM_TIME_ADJUSTMENT w
size SYSTEM_FIRMWARE_TABLE_INFORMATION w
size SYSTEM_CODEINTEGRITY_INFORMATION wm
size SYSTEM_LOGICAL_PROCESSOR_INFORMATION wm
size SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX wm
size CACHE_DESCRIPTOR wm
size CACHE_RELATIONSHIP wm
size PROCESSOR_RELATIONSHIP wm
size NUMA_NODE_RELATIONSHIP wm
size GROUP_RELATIONSHIP wm
size PROCESSOR_GROUP_INFO wm
size GROUP_AFFINITY wm
size PROCESSOR_NUMBER wm
size MEMORY_BASIC_INFORMATION wm
size MEMORY_SECTION_NAME w
size MEMORY_WORKING_SET_EX_INFORMATION w
size MEMORY_REGION_INFORMATION w
size MEMORY_RANGE_ENTRY w
size SECTION_BASIC_INFORMATION w
size SECTION_IMAGE_INFORMATION w
off  SECTION_IMAGE_INFORMATION ZeroBits MaximumStackSize SubSystemType ImageCharacteristics Machine w
off  SECTION_IMAGE_INFORMATION ImageContainsCode ImageFlags LoaderFlags ImageFileSize CheckSum w
size OBJECT_BASIC_INFORMATION w
size OBJECT_NAME_INFORMATION wd
size OBJECT_TYPE_INFORMATION w
off  OBJECT_TYPE_INFORMATION GenericMapping ValidAccessMask PoolType w
size OBJECT_DATA_INFORMATION w
size DIRECTORY_BASIC_INFORMATION w
size EVENT_BASIC_INFORMATION w
size MUTANT_BASIC_INFORMATION w
size SEMAPHORE_BASIC_INFORMATION w
size TIMER_BASIC_INFORMATION w
size FILE_IO_COMPLETION_INFORMATION w
size KEY_BASIC_INFORMATION wd
size KEY_NODE_INFORMATION wd
size KEY_FULL_INFORMATION wd
off  KEY_FULL_INFORMATION ClassOffset SubKeys Values MaxValueDataLen Class wd
size KEY_NAME_INFORMATION w
size KEY_CACHED_INFORMATION w
size KEY_WRITE_TIME_INFORMATION d
size KEY_VALUE_BASIC_INFORMATION wd
size KEY_VALUE_FULL_INFORMATION wd
size KEY_VALUE_PARTIAL_INFORMATION wd
size KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 d
size KEY_VALUE_ENTRY wd
size SID wm
size SID_IDENTIFIER_AUTHORITY wm
size ACL wm
size ACE_HEADER wm
size ACCESS_ALLOWED_ACE wm
size SECURITY_DESCRIPTOR wm
off  SECURITY_DESCRIPTOR Control Owner Group Sacl Dacl wm
size SECURITY_DESCRIPTOR_RELATIVE wm
size SECURITY_QUALITY_OF_SERVICE wm
size SID_AND_ATTRIBUTES wm
size LUID_AND_ATTRIBUTES wm
size TOKEN_USER wm
size TOKEN_GROUPS wm
size TOKEN_PRIVILEGES wm
size TOKEN_OWNER wm
size TOKEN_PRIMARY_GROUP wm
size TOKEN_DEFAULT_DACL wm
size TOKEN_SOURCE wm
size TOKEN_STATISTICS wm
off  TOKEN_STATISTICS ExpirationTime TokenType DynamicCharged ModifiedId wm
size TOKEN_ELEVATION wm
size TOKEN_MANDATORY_LABEL wm
size ATOM_BASIC_INFORMATION w
size IMAGE_DOS_HEADER wm
size IMAGE_FILE_HEADER wm
size IMAGE_DATA_DIRECTORY wm
size IMAGE_OPTIONAL_HEADER64 wm
off  IMAGE_OPTIONAL_HEADER64 AddressOfEntryPoint ImageBase SectionAlignment SizeOfImage Subsystem wm
off  IMAGE_OPTIONAL_HEADER64 DllCharacteristics SizeOfStackReserve LoaderFlags NumberOfRvaAndSizes DataDirectory wm
size IMAGE_OPTIONAL_HEADER32 wm
off  IMAGE_OPTIONAL_HEADER32 BaseOfData ImageBase SizeOfStackReserve DataDirectory wm
size IMAGE_NT_HEADERS64 wm
size IMAGE_NT_HEADERS32 wm
size IMAGE_SECTION_HEADER wm
off  IMAGE_SECTION_HEADER Misc VirtualAddress SizeOfRawData PointerToRawData Characteristics wm
size IMAGE_EXPORT_DIRECTORY wm
size IMAGE_IMPORT_DESCRIPTOR wm
size IMAGE_IMPORT_BY_NAME wm
size IMAGE_THUNK_DATA64 wm
size IMAGE_DELAYLOAD_DESCRIPTOR wm
size IMAGE_BASE_RELOCATION wm
size IMAGE_TLS_DIRECTORY64 wm
size IMAGE_TLS_DIRECTORY32 wm
off  IMAGE_LOAD_CONFIG_DIRECTORY64 GlobalFlagsClear CriticalSectionDefaultTimeout DeCommitFreeBlockThreshold wm
off  IMAGE_LOAD_CONFIG_DIRECTORY64 ProcessAffinityMask ProcessHeapFlags CSDVersion EditList SecurityCookie wm
off  IMAGE_LOAD_CONFIG_DIRECTORY64 SEHandlerTable SEHandlerCount wm
size IMAGE_RUNTIME_FUNCTION_ENTRY m
size RUNTIME_FUNCTION wm
size IMAGE_RESOURCE_DIRECTORY wm
size IMAGE_RESOURCE_DIRECTORY_ENTRY wm
size IMAGE_RESOURCE_DATA_ENTRY wm
size IMAGE_DEBUG_DIRECTORY wm
size IMAGE_COR20_HEADER wm
"""

# Deliberate differences: name -> reason (reported, not fatal).
EXPECTED = {
    "OBJ_VALID_ATTRIBUTES@w": "Windows 10 value; Wine 8.0 predates three OBJ_ flags",
    "MEM_RESET_UNDO@w": "SDK value 0x1000000; Wine 8.0's header has 0x10000000",
    "MemExtendedParameterMax@w": "we list MemExtendedParameterImageMachine (6)",
    "FileMaximumInformation@w": "we list classes newer than Wine 8.0",
    "FileFsMaximumInformation@w": "we list classes newer than Wine 8.0",
    "MaxProcessInfoClass@w": "we list classes newer than Wine 8.0",
    "MaxKeyInfoClass@w": "we list classes newer than Wine 8.0",
    "SE_MAX_WELL_KNOWN_PRIVILEGE@w": "Wine 8.0 stops at SE_CREATE_GLOBAL_PRIVILEGE",
    "SE_MAX_WELL_KNOWN_PRIVILEGE@m": "mingw stops at an older privilege",
    "FILE_WRITE_TO_END_OF_FILE@d": "ours is the whole 64-bit offset (as Wine), the DDK's the low part",
    "FILE_USE_FILE_POINTER_POSITION@d": "ours is the whole 64-bit offset (as Wine), the DDK's the low part",
    "sizeof(FILE_MAILSLOT_SET_INFORMATION)@d": "Wine embeds the timeout, the DDK points to it",
    "sizeof(XSTATE_CONFIGURATION)@m": "mingw has the Windows 7 layout",
    "sizeof(XSTATE_CONFIGURATION)@d": "mingw has the Windows 7 layout",
    "sizeof(PEB)@m": "mingw's public PEB is the reduced SDK form",
    "sizeof(TEB)@m": "mingw's public TEB is the reduced SDK form",
    "sizeof(SYSTEM_BASIC_INFORMATION)@m": "mingw's public form is shorter",
    "sizeof(PROCESS_BASIC_INFORMATION)@m": "same size, different field names",
    "sizeof(KUSER_SHARED_DATA)@d": "mingw has the Windows 7 layout",
    # mingw-w64 follows older SDKs in these:
    "JOB_OBJECT_ALL_ACCESS@m": "older SDK value (0x1f); Wine and current SDKs have 0x3f",
    "MemExtendedParameterMax@m": "we list MemExtendedParameterImageMachine (6)",
    "API_SET_SCHEMA_VERSION@m": "mingw's constant is the Windows 7 schema (2); Wine 8.0 builds version 6",
    "FileMaximumInformation@m": "older SDK",
    "FileFsMaximumInformation@m": "older SDK",
    "MaxProcessInfoClass@m": "older SDK",
    "MaxKeySetInfoClass@m": "older SDK (no KeySetLayerInformation)",
    "MaxTokenInfoClass@m": "older SDK (no TokenProcessTrustLevel)",
    "MaxProcessInfoClass@d": "older DDK",
    "MaxThreadInfoClass@d": "older DDK",
    "MaxTokenInfoClass@d": "older DDK",
    "SE_MAX_WELL_KNOWN_PRIVILEGE@d": "older DDK stops at SE_CREATE_SYMBOLIC_LINK_PRIVILEGE",
    "REG_LEGAL_CHANGE_FILTER@d": "ours includes REG_NOTIFY_THREAD_AGNOSTIC, as current SDKs do",
    "CONTEXT_XSTATE@d": "mingw's DDK value is wrong; Wine and the SDK use CONTEXT_AMD64 | 0x40",
    "sizeof(CONTEXT_EX)@d": "mingw's DDK lacks the 64-bit padding; Wine 8.0 has 0x20",
}

def read_headers():
    text = {}
    for h in headers:
        with open(os.path.join(here, h)) as f:
            text[h] = f.read()
    return text

def collect_names(text):
    """Object-like numeric macros and enumerators declared in our headers."""
    names = []
    seen = set()
    skip_values = re.compile(r'^\s*$|^__attribute__|^\{|^"|^void$|^u"')
    for h, src in text.items():
        body = re.sub(r'/\*.*?\*/', '', src, flags=re.S)
        body = re.sub(r'\\\n', ' ', body)
        for m in re.finditer(r'^#define\s+([A-Za-z_][A-Za-z0-9_]*)(\s+(.*))?$', body, re.M):
            name, value = m.group(1), (m.group(3) or "")
            if name.startswith("KEEP_") or skip_values.search(value.strip()):
                continue
            if name not in seen:
                seen.add(name); names.append(name)
        for m in re.finditer(r'typedef\s+enum\s+\w*\s*\{(.*?)\}', body, re.S):
            for item in m.group(1).split(','):
                item = item.strip()
                mm = re.match(r'([A-Za-z_][A-Za-z0-9_]*)', item)
                if mm and mm.group(1) not in seen:
                    seen.add(mm.group(1)); names.append(mm.group(1))
    return names

def struct_items():
    items = []
    for line in STRUCTS.strip().splitlines():
        parts = line.split()
        kind, typ, refs = parts[0], parts[1], parts[-1]
        if kind == "size":
            items.append(("sizeof(%s)" % typ, "sizeof(%s)" % typ, refs))
        else:
            for field in parts[2:-1]:
                items.append(("offsetof(%s, %s)" % (typ, field),
                              "offsetof(%s, %s)" % (typ, field), refs))
    return items

PRELUDE = {
    "ours": '#include "nt.h"\n',
    "w": ('#include <stdarg.h>\n#include <stddef.h>\n#include "ntstatus.h"\n'
          '#define WIN32_NO_STATUS\n#include "windef.h"\n#include "winbase.h"\n'
          '#include "winternl.h"\n#include "winioctl.h"\n#include "ddk/wdm.h"\n'
          '#include "ddk/ntddk.h"\n#include "ddk/ntifs.h"\n'
          '#define KUSER_SHARED_DATA KSHARED_USER_DATA\n'),
    "m": ('#include <stddef.h>\n#include <ntstatus.h>\n#define WIN32_NO_STATUS\n'
          '#include <windows.h>\n#include <winternl.h>\n#include <winioctl.h>\n'
          ),
    "d": '#include <stddef.h>\n#include <ntifs.h>\n',
}

def compile_values(ref, items, workdir):
    """items: list of (key, expr).  Returns ({key: int}, [undeclared keys])."""
    if ref == "ours":
        cmd = [host_cc, "-std=gnu11", "-I", here]
    elif ref == "w":
        cmd = [host_cc, "-w", "-D__WINESRC__", "-DWINE_UNIX_LIB", "-I", wine_inc]
    elif ref == "m":
        cmd = [mingw_cc, "-w"]
    else:
        ddk = None
        for d in ("/usr/share/mingw-w64/include/ddk", "/usr/x86_64-w64-mingw32/include/ddk"):
            if os.path.isdir(d):
                ddk = d
        if ddk is None:
            return None, []
        cmd = [mingw_cc, "-w", "-I", ddk]
    dropped = []
    src = os.path.join(workdir, "v_%s.c" % ref)
    asm = os.path.join(workdir, "v_%s.s" % ref)
    # Drop names the reference never mentions before compiling: gcc's
    # diagnostics for hundreds of undeclared names are very slow.
    with open(src, "w") as f:
        f.write(PRELUDE[ref])
    r = subprocess.run(cmd + ["-E", "-dD", src], stdout=subprocess.PIPE,
                       stderr=subprocess.DEVNULL, text=True)
    if r.returncode != 0:
        return None, []
    known = set(re.findall(r'[A-Za-z_][A-Za-z0-9_]*', r.stdout))
    live = []
    for i, (key, expr) in enumerate(items):
        words = re.findall(r'[A-Za-z_][A-Za-z0-9_]*', expr)
        words = [w for w in words if w not in ("sizeof", "offsetof")]
        if words and words[0] in known:
            live.append(i)
        else:
            dropped.append(key)
    for _ in range(50):
        if os.environ.get("CHECK_LAYOUT_DEBUG"):
            sys.stderr.write("%s: compiling %d items\n" % (ref, len(live)))
        lines = PRELUDE[ref].splitlines()
        first = len(lines) + 1
        linemap = {}
        for n, i in enumerate(live):
            lines.append("const unsigned long long keep_v_%d = (unsigned long long)(%s);"
                         % (i, items[i][1]))
            linemap[first + n] = i
        with open(src, "w") as f:
            f.write("\n".join(lines) + "\n")
        t0 = time.time()
        r = subprocess.run(cmd + ["-S", "-O0", "-o", asm, src],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        if os.environ.get("CHECK_LAYOUT_DEBUG"):
            sys.stderr.write("%s: %.1fs\n" % (ref, time.time() - t0))
        if r.returncode == 0:
            break
        bad = set()
        for m in re.finditer(r'v_%s\.c:(\d+):\d+:' % ref, r.stderr):
            ln = int(m.group(1))
            if ln in linemap:
                bad.add(linemap[ln])
        if not bad:
            sys.stderr.write("check-layout: %s: cannot compile the prelude:\n%s\n"
                             % (ref, r.stderr[:2000]))
            return None, []
        dropped += [items[i][0] for i in bad]
        live = [i for i in live if i not in bad]
    else:
        return None, []
    values = {}
    with open(asm) as f:
        current = None
        for line in f:
            m = re.match(r'^keep_v_(\d+):', line)
            if m:
                current = int(m.group(1)); continue
            if current is not None:
                m = re.match(r'^\s+\.quad\s+(-?\d+)', line)
                if m:
                    values[items[current][0]] = int(m.group(1)) & 0xffffffffffffffff
                    current = None; continue
                m = re.match(r'^\s+\.zero\s+8', line)
                if m:
                    values[items[current][0]] = 0
                    current = None
    return values, dropped

def same(a, b):
    if a == b:
        return True
    # a 32-bit constant sign-extended on one side and zero-extended on the other
    hi_a, hi_b = a >> 32, b >> 32
    return (a & 0xffffffff) == (b & 0xffffffff) and hi_a in (0, 0xffffffff) and hi_b in (0, 0xffffffff)

def main():
    text = read_headers()
    names = collect_names(text)
    sitems = struct_items()
    refs_available = {"w": os.path.isdir(wine_inc)}
    have_mingw = subprocess.run(["sh", "-c", "command -v %s" % mingw_cc],
                                stdout=subprocess.PIPE).returncode == 0
    refs_available["m"] = refs_available["d"] = have_mingw
    with tempfile.TemporaryDirectory() as work:
        all_items = [(k, e) for k, e, _ in sitems] + [(n, n) for n in names]
        ours, dropped = compile_values("ours", all_items, work)
        if ours is None:
            print("check-layout: our headers do not compile"); return 2
        if dropped:
            print("check-layout: not computable in our headers:", ", ".join(dropped))
        failures = 0; total = 0
        for ref, label in (("w", "Wine 8.0"), ("m", "mingw windows.h/winternl.h"),
                           ("d", "mingw ntifs.h")):
            if not refs_available[ref]:
                print("== %s: not available, skipped" % label); continue
            items = [(k, e) for k, e, r in sitems if ref in r] + [(n, n) for n in names]
            theirs, undeclared = compile_values(ref, items, work)
            if theirs is None:
                print("== %s: could not compile, skipped" % label); continue
            ok = 0; bad = []; expected = []
            for key, _ in items:
                if key not in theirs or key not in ours:
                    continue
                if same(ours[key], theirs[key]):
                    ok += 1
                elif key + "@" + ref in EXPECTED:
                    expected.append((key, ours[key], theirs[key], EXPECTED[key + "@" + ref]))
                else:
                    bad.append((key, ours[key], theirs[key]))
            struct_undeclared = [k for k in undeclared if k.startswith(("sizeof", "offsetof"))]
            print("== %s: %d equal, %d different, %d expected differences, %d names not declared there"
                  % (label, ok, len(bad), len(expected), len(undeclared)))
            for key, a, b in bad:
                print("   DIFFERENT %-60s ours %#x, theirs %#x" % (key, a, b))
            for key, a, b, why in expected:
                print("   expected  %-60s ours %#x, theirs %#x (%s)" % (key, a, b, why))
            if struct_undeclared:
                print("   structure checks not declared there: " + ", ".join(struct_undeclared))
            if verbose and undeclared:
                print("   not declared there: " + " ".join(k for k in undeclared
                                                          if k not in struct_undeclared))
            failures += len(bad); total += ok + len(bad) + len(expected)
        if total == 0:
            return 2
        return 1 if failures else 0

sys.exit(main())
PYEOF

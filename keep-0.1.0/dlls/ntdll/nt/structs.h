/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nt/structs.h - process and thread structures shared with Windows code.
 *
 * Why we declare these ourselves: see nt/types.h.  These are the
 * structures the kernel builds or reads in Windows memory (TEB, PEB,
 * process parameters, the shared user page, CPU contexts, exception
 * records).  Wine 8.0's PE DLLs were compiled against Wine 8.0's layouts,
 * so every offset here must match those binaries byte for byte.  Field
 * names follow Wine 8.0 where Wine and the SDK differ (they are the names
 * used in docs/wine-interface.md, Appendix D); a few common SDK spellings
 * are provided as aliases through anonymous unions.
 *
 * Divisions of this file:
 *   1. exception registration and the thread information block (NT_TIB)
 *   2. TEB and the small structures it embeds
 *   3. PEB, loader data, process parameters
 *   4. KUSER_SHARED_DATA (the page at 0x7ffe0000)
 *   5. CPU context: XSAVE_FORMAT, CONTEXT, CONTEXT_EX, XSTATE
 *   6. exception records
 *   7. other structures the kernel hands to ntdll.dll (system service
 *      table, API set schema, code page tables, INITIAL_TEB)
 *   8. layout checks (every offset listed in Appendix D, plus sizes)
 */
#ifndef KEEP_NT_STRUCTS_H
#define KEEP_NT_STRUCTS_H

#include <stdint.h>
#include <stddef.h>
#include "types.h"

struct _PEB;
struct _TEB;

/* ---------------------------------------------------------------------- */
/* 1. Exception registration and NT_TIB                                   */
/* ---------------------------------------------------------------------- */

/* x86-style SEH frame.  Unused on x64 except as the head of the TIB; kept
 * for the layout and for code that walks it blindly. */
typedef struct _EXCEPTION_REGISTRATION_RECORD {
    union {
        struct _EXCEPTION_REGISTRATION_RECORD *Prev;   /* Wine's name */
        struct _EXCEPTION_REGISTRATION_RECORD *Next;   /* SDK name */
    };
    PVOID Handler;
} EXCEPTION_REGISTRATION_RECORD, *PEXCEPTION_REGISTRATION_RECORD;

/* Start of every TEB; gs:[0x30] (Self) points back at it. */
typedef struct _NT_TIB {
    struct _EXCEPTION_REGISTRATION_RECORD *ExceptionList;  /* 0x00 */
    PVOID StackBase;                                       /* 0x08: highest address + 1 */
    PVOID StackLimit;                                      /* 0x10: lowest committed address */
    PVOID SubSystemTib;                                    /* 0x18 */
    union {
        PVOID FiberData;                                   /* 0x20 */
        ULONG Version;
    };
    PVOID ArbitraryUserPointer;                            /* 0x28 */
    struct _NT_TIB *Self;                                  /* 0x30 */
} NT_TIB, *PNT_TIB;

/* ---------------------------------------------------------------------- */
/* 2. TEB                                                                 */
/* ---------------------------------------------------------------------- */

typedef struct _RTL_ACTIVATION_CONTEXT_STACK_FRAME {
    struct _RTL_ACTIVATION_CONTEXT_STACK_FRAME *Previous;
    PVOID ActivationContext;                   /* struct _ACTIVATION_CONTEXT * (ntdll.dll private) */
    ULONG Flags;
} RTL_ACTIVATION_CONTEXT_STACK_FRAME, *PRTL_ACTIVATION_CONTEXT_STACK_FRAME;

typedef struct _ACTIVATION_CONTEXT_STACK {
    RTL_ACTIVATION_CONTEXT_STACK_FRAME *ActiveFrame;
    LIST_ENTRY FrameListCache;
    ULONG      Flags;
    ULONG      NextCookieSequenceNumber;
    ULONG_PTR  StackId;
} ACTIVATION_CONTEXT_STACK, *PACTIVATION_CONTEXT_STACK;

/* GDI batching area of the TEB.  Windows' GDI uses it; Wine 8.0's PE DLLs
 * never touch it on x64, and Wine's unix side keeps its per-thread data
 * there.  keep does the same: the kernel's private per-thread block lives
 * in the first bytes of TEB.GdiTebBatch (1256 bytes available). */
typedef struct _GDI_TEB_BATCH {
    ULONG  Offset;
    HANDLE HDC;
    ULONG  Buffer[0x136];
} GDI_TEB_BATCH, *PGDI_TEB_BATCH;

#define KEEP_TEB_PRIVATE_SIZE sizeof(GDI_TEB_BATCH)

typedef struct _TEB_ACTIVE_FRAME_CONTEXT {
    ULONG       Flags;
    const char *FrameName;
} TEB_ACTIVE_FRAME_CONTEXT, *PTEB_ACTIVE_FRAME_CONTEXT;

typedef struct _TEB_ACTIVE_FRAME {
    ULONG                     Flags;
    struct _TEB_ACTIVE_FRAME *Previous;
    TEB_ACTIVE_FRAME_CONTEXT *Context;
} TEB_ACTIVE_FRAME, *PTEB_ACTIVE_FRAME;

/* Thread environment block, x64 layout of Wine 8.0 (0x1838 bytes).  The
 * kernel allocates it, fills the "unix" fields listed in wine-interface.md
 * section 1 and points gs at it. */
typedef struct _TEB {
    union {
        NT_TIB Tib;                                    /* 0x0000 */
        NT_TIB NtTib;
    };
    PVOID     EnvironmentPointer;                      /* 0x0038 */
    CLIENT_ID ClientId;                                /* 0x0040 */
    PVOID     ActiveRpcHandle;                         /* 0x0050 */
    PVOID     ThreadLocalStoragePointer;               /* 0x0058 */
    union {
        struct _PEB *Peb;                              /* 0x0060 */
        struct _PEB *ProcessEnvironmentBlock;
    };
    ULONG     LastErrorValue;                          /* 0x0068 */
    ULONG     CountOfOwnedCriticalSections;            /* 0x006c */
    PVOID     CsrClientThread;                         /* 0x0070 */
    PVOID     Win32ThreadInfo;                         /* 0x0078 */
    ULONG     User32Reserved[26];                      /* 0x0080 */
    ULONG     UserReserved[5];                         /* 0x00e8 */
    PVOID     WOW32Reserved;                           /* 0x0100 */
    ULONG     CurrentLocale;                           /* 0x0108 */
    ULONG     FpSoftwareStatusRegister;                /* 0x010c */
    PVOID     ReservedForDebuggerInstrumentation[16];  /* 0x0110 */
    PVOID     SystemReserved1[30];                     /* 0x0190 */
    CHAR      PlaceholderCompatibilityMode;            /* 0x0280 */
    CHAR      PlaceholderReserved[11];                 /* 0x0281 */
    ULONG     ProxiedProcessId;                        /* 0x028c */
    ACTIVATION_CONTEXT_STACK ActivationContextStack;   /* 0x0290 */
    UCHAR     WorkingOnBehalfOfTicket[8];              /* 0x02b8 */
    LONG      ExceptionCode;                           /* 0x02c0 */
    ACTIVATION_CONTEXT_STACK *ActivationContextStackPointer; /* 0x02c8 */
    ULONG_PTR InstrumentationCallbackSp;               /* 0x02d0 */
    ULONG_PTR InstrumentationCallbackPreviousPc;       /* 0x02d8 */
    ULONG_PTR InstrumentationCallbackPreviousSp;       /* 0x02e0 */
    ULONG     TxFsContext;                             /* 0x02e8 */
    BOOLEAN   InstrumentationCallbackDisabled;         /* 0x02ec */
    GDI_TEB_BATCH GdiTebBatch;                         /* 0x02f0: kernel-private, see above */
    CLIENT_ID RealClientId;                            /* 0x07d8 */
    HANDLE    GdiCachedProcessHandle;                  /* 0x07e8 */
    ULONG     GdiClientPID;                            /* 0x07f0 */
    ULONG     GdiClientTID;                            /* 0x07f4 */
    PVOID     GdiThreadLocaleInfo;                     /* 0x07f8 */
    ULONG_PTR Win32ClientInfo[62];                     /* 0x0800: user32's private data in Wine */
    PVOID     glDispatchTable[233];                    /* 0x09f0 */
    PVOID     glReserved1[29];                         /* 0x1138 */
    PVOID     glReserved2;                             /* 0x1220 */
    PVOID     glSectionInfo;                           /* 0x1228 */
    PVOID     glSection;                               /* 0x1230 */
    PVOID     glTable;                                 /* 0x1238 */
    PVOID     glCurrentRC;                             /* 0x1240 */
    PVOID     glContext;                               /* 0x1248 */
    ULONG     LastStatusValue;                         /* 0x1250 */
    UNICODE_STRING StaticUnicodeString;                /* 0x1258 */
    WCHAR     StaticUnicodeBuffer[261];                /* 0x1268 */
    PVOID     DeallocationStack;                       /* 0x1478: base of the stack reservation */
    PVOID     TlsSlots[64];                            /* 0x1480 */
    LIST_ENTRY TlsLinks;                               /* 0x1680 */
    PVOID     Vdm;                                     /* 0x1690 */
    PVOID     ReservedForNtRpc;                        /* 0x1698 */
    PVOID     DbgSsReserved[2];                        /* 0x16a0 */
    ULONG     HardErrorDisabled;                       /* 0x16b0 */
    PVOID     Instrumentation[16];                     /* 0x16b8 */
    PVOID     WinSockData;                             /* 0x1738 */
    ULONG     GdiBatchCount;                           /* 0x1740 */
    ULONG     Spare2;                                  /* 0x1744 */
    ULONG     GuaranteedStackBytes;                    /* 0x1748 */
    PVOID     ReservedForPerf;                         /* 0x1750 */
    PVOID     ReservedForOle;                          /* 0x1758 */
    ULONG     WaitingOnLoaderLock;                     /* 0x1760 */
    PVOID     Reserved5[3];                            /* 0x1768 */
    PVOID    *TlsExpansionSlots;                       /* 0x1780 */
    PVOID     DeallocationBStore;                      /* 0x1788 */
    PVOID     BStoreLimit;                             /* 0x1790 */
    ULONG     ImpersonationLocale;                     /* 0x1798 */
    ULONG     IsImpersonating;                         /* 0x179c */
    PVOID     NlsCache;                                /* 0x17a0 */
    PVOID     ShimData;                                /* 0x17a8 */
    ULONG     HeapVirtualAffinity;                     /* 0x17b0 */
    PVOID     CurrentTransactionHandle;                /* 0x17b8 */
    TEB_ACTIVE_FRAME *ActiveFrame;                     /* 0x17c0 */
    PVOID     FlsSlots;                                /* 0x17c8: TEB_FLS_DATA * (ntdll.dll private) */
    PVOID     PreferredLanguages;                      /* 0x17d0 */
    PVOID     UserPrefLanguages;                       /* 0x17d8 */
    PVOID     MergedPrefLanguages;                     /* 0x17e0 */
    ULONG     MuiImpersonation;                        /* 0x17e8 */
    USHORT    CrossTebFlags;                           /* 0x17ec */
    USHORT    SameTebFlags;                            /* 0x17ee */
    PVOID     TxnScopeEnterCallback;                   /* 0x17f0 */
    PVOID     TxnScopeExitCallback;                    /* 0x17f8 */
    PVOID     TxnScopeContext;                         /* 0x1800 */
    ULONG     LockCount;                               /* 0x1808 */
    LONG      WowTebOffset;                            /* 0x180c: 0 without WoW64 */
    PVOID     ResourceRetValue;                        /* 0x1810 */
    PVOID     ReservedForWdf;                          /* 0x1818 */
    ULONGLONG ReservedForCrt;                          /* 0x1820 */
    GUID      EffectiveContainerId;                    /* 0x1828 */
} TEB, *PTEB;                                          /* 0x1838 */

#define TLS_MINIMUM_AVAILABLE 64      /* TEB.TlsSlots */
#define TLS_EXPANSION_SLOTS   1024    /* TEB.TlsExpansionSlots */

/* ---------------------------------------------------------------------- */
/* 3. PEB and process parameters                                          */
/* ---------------------------------------------------------------------- */

typedef struct _PEB_LDR_DATA {
    ULONG      Length;
    BOOLEAN    Initialized;
    PVOID      SsHandle;
    LIST_ENTRY InLoadOrderModuleList;
    LIST_ENTRY InMemoryOrderModuleList;
    LIST_ENTRY InInitializationOrderModuleList;
    PVOID      EntryInProgress;
    BOOLEAN    ShutdownInProgress;
    HANDLE     ShutdownThreadId;
} PEB_LDR_DATA, *PPEB_LDR_DATA;

typedef struct _RTL_BITMAP {
    ULONG  SizeOfBitMap;        /* in bits */
    PULONG Buffer;              /* ULONG-aligned bit array */
} RTL_BITMAP, *PRTL_BITMAP;

struct _RTL_CRITICAL_SECTION;

typedef struct _RTL_CRITICAL_SECTION_DEBUG {
    USHORT     Type;
    USHORT     CreatorBackTraceIndex;
    struct _RTL_CRITICAL_SECTION *CriticalSection;
    LIST_ENTRY ProcessLocksList;
    ULONG      EntryCount;
    ULONG      ContentionCount;
    ULONG_PTR  Spare[1];        /* Wine keeps a name pointer here; SDK has ULONG[2] */
} RTL_CRITICAL_SECTION_DEBUG, *PRTL_CRITICAL_SECTION_DEBUG;

typedef struct _RTL_CRITICAL_SECTION {
    PRTL_CRITICAL_SECTION_DEBUG DebugInfo;
    LONG      LockCount;
    LONG      RecursionCount;
    HANDLE    OwningThread;
    HANDLE    LockSemaphore;
    ULONG_PTR SpinCount;
} RTL_CRITICAL_SECTION, *PRTL_CRITICAL_SECTION;

typedef struct _CURDIR {
    UNICODE_STRING DosPath;
    HANDLE         Handle;
} CURDIR, *PCURDIR;

typedef struct _RTL_DRIVE_LETTER_CURDIR {
    USHORT         Flags;
    USHORT         Length;
    ULONG          TimeStamp;
    UNICODE_STRING DosPath;
} RTL_DRIVE_LETTER_CURDIR, *PRTL_DRIVE_LETTER_CURDIR;

#define RTL_MAX_DRIVE_LETTERS 32

/* Built by the kernel for the first process (wine-interface.md section 1);
 * Wine's field names (dwX, wShowWindow, ...) rather than the SDK's. */
typedef struct _RTL_USER_PROCESS_PARAMETERS {
    ULONG          AllocationSize;                     /* 0x000 */
    ULONG          Size;                               /* 0x004 */
    ULONG          Flags;                              /* 0x008: RTL_USER_PROC_PARAMS_NORMALIZED */
    ULONG          DebugFlags;                         /* 0x00c */
    HANDLE         ConsoleHandle;                      /* 0x010 */
    ULONG          ConsoleFlags;                       /* 0x018 */
    HANDLE         hStdInput;                          /* 0x020 */
    HANDLE         hStdOutput;                         /* 0x028 */
    HANDLE         hStdError;                          /* 0x030 */
    CURDIR         CurrentDirectory;                   /* 0x038 */
    UNICODE_STRING DllPath;                            /* 0x050 */
    UNICODE_STRING ImagePathName;                      /* 0x060 */
    UNICODE_STRING CommandLine;                        /* 0x070 */
    PWSTR          Environment;                        /* 0x080 */
    ULONG          dwX;                                /* 0x088 */
    ULONG          dwY;                                /* 0x08c */
    ULONG          dwXSize;                            /* 0x090 */
    ULONG          dwYSize;                            /* 0x094 */
    ULONG          dwXCountChars;                      /* 0x098 */
    ULONG          dwYCountChars;                      /* 0x09c */
    ULONG          dwFillAttribute;                    /* 0x0a0 */
    ULONG          dwFlags;                            /* 0x0a4 */
    ULONG          wShowWindow;                        /* 0x0a8 */
    UNICODE_STRING WindowTitle;                        /* 0x0b0 */
    UNICODE_STRING Desktop;                            /* 0x0c0 */
    UNICODE_STRING ShellInfo;                          /* 0x0d0 */
    UNICODE_STRING RuntimeInfo;                        /* 0x0e0 */
    RTL_DRIVE_LETTER_CURDIR DLCurrentDirectory[RTL_MAX_DRIVE_LETTERS]; /* 0x0f0 */
    ULONG_PTR      EnvironmentSize;                    /* 0x3f0 */
    ULONG_PTR      EnvironmentVersion;                 /* 0x3f8 */
    PVOID          PackageDependencyData;              /* 0x400 */
    ULONG          ProcessGroupId;                     /* 0x408 */
    ULONG          LoaderThreads;                      /* 0x40c */
} RTL_USER_PROCESS_PARAMETERS, *PRTL_USER_PROCESS_PARAMETERS;  /* 0x410 */

/* RTL_USER_PROCESS_PARAMETERS.Flags: pointers are absolute, not offsets */
#define RTL_USER_PROC_PARAMS_NORMALIZED 0x00000001
#define PROCESS_PARAMS_FLAG_NORMALIZED  RTL_USER_PROC_PARAMS_NORMALIZED   /* Wine's name */

/* Process environment block, x64 layout of Wine 8.0 (0x7c8 bytes). */
typedef struct _PEB {
    BOOLEAN   InheritedAddressSpace;                   /* 0x000 */
    BOOLEAN   ReadImageFileExecOptions;                /* 0x001 */
    BOOLEAN   BeingDebugged;                           /* 0x002 */
    BOOLEAN   SpareBool;                               /* 0x003 */
    HANDLE    Mutant;                                  /* 0x008 */
    HMODULE   ImageBaseAddress;                        /* 0x010 */
    union {
        PPEB_LDR_DATA LdrData;                         /* 0x018 */
        PPEB_LDR_DATA Ldr;
    };
    RTL_USER_PROCESS_PARAMETERS *ProcessParameters;    /* 0x020 */
    PVOID     SubSystemData;                           /* 0x028 */
    HANDLE    ProcessHeap;                             /* 0x030 */
    PRTL_CRITICAL_SECTION FastPebLock;                 /* 0x038 */
    PVOID     FastPebLockRoutine;                      /* 0x040 */
    PVOID     FastPebUnlockRoutine;                    /* 0x048 */
    ULONG     EnvironmentUpdateCount;                  /* 0x050 */
    PVOID     KernelCallbackTable;                     /* 0x058 */
    ULONG     Reserved;                                /* 0x060 */
    ULONG     AtlThunkSListPtr32;                      /* 0x064 */
    PVOID     ApiSetMap;                               /* 0x068: API_SET_NAMESPACE * */
    ULONG     TlsExpansionCounter;                     /* 0x070 */
    PRTL_BITMAP TlsBitmap;                             /* 0x078 */
    ULONG     TlsBitmapBits[2];                        /* 0x080 */
    PVOID     ReadOnlySharedMemoryBase;                /* 0x088 */
    PVOID     ReadOnlySharedMemoryHeap;                /* 0x090 */
    PVOID    *ReadOnlyStaticServerData;                /* 0x098 */
    PVOID     AnsiCodePageData;                        /* 0x0a0 */
    PVOID     OemCodePageData;                         /* 0x0a8 */
    PVOID     UnicodeCaseTableData;                    /* 0x0b0 */
    ULONG     NumberOfProcessors;                      /* 0x0b8 */
    ULONG     NtGlobalFlag;                            /* 0x0bc */
    LARGE_INTEGER CriticalSectionTimeout;              /* 0x0c0 */
    SIZE_T    HeapSegmentReserve;                      /* 0x0c8 */
    SIZE_T    HeapSegmentCommit;                       /* 0x0d0 */
    SIZE_T    HeapDeCommitTotalFreeThreshold;          /* 0x0d8 */
    SIZE_T    HeapDeCommitFreeBlockThreshold;          /* 0x0e0 */
    ULONG     NumberOfHeaps;                           /* 0x0e8 */
    ULONG     MaximumNumberOfHeaps;                    /* 0x0ec */
    PVOID    *ProcessHeaps;                            /* 0x0f0 */
    PVOID     GdiSharedHandleTable;                    /* 0x0f8 */
    PVOID     ProcessStarterHelper;                    /* 0x100 */
    PVOID     GdiDCAttributeList;                      /* 0x108 */
    PVOID     LoaderLock;                              /* 0x110 */
    ULONG     OSMajorVersion;                          /* 0x118 */
    ULONG     OSMinorVersion;                          /* 0x11c */
    ULONG     OSBuildNumber;                           /* 0x120 */
    ULONG     OSPlatformId;                            /* 0x124 */
    ULONG     ImageSubSystem;                          /* 0x128 */
    ULONG     ImageSubSystemMajorVersion;              /* 0x12c */
    ULONG     ImageSubSystemMinorVersion;              /* 0x130 */
    ULONG     ImageProcessAffinityMask;                /* 0x134 */
    HANDLE    GdiHandleBuffer[28];                     /* 0x138 */
    ULONG     unknown[6];                              /* 0x218 */
    PVOID     PostProcessInitRoutine;                  /* 0x230 */
    PRTL_BITMAP TlsExpansionBitmap;                    /* 0x238 */
    ULONG     TlsExpansionBitmapBits[32];              /* 0x240 */
    ULONG     SessionId;                               /* 0x2c0 */
    ULARGE_INTEGER AppCompatFlags;                     /* 0x2c8 */
    ULARGE_INTEGER AppCompatFlagsUser;                 /* 0x2d0 */
    PVOID     ShimData;                                /* 0x2d8 */
    PVOID     AppCompatInfo;                           /* 0x2e0 */
    UNICODE_STRING CSDVersion;                         /* 0x2e8 */
    PVOID     ActivationContextData;                   /* 0x2f8 */
    PVOID     ProcessAssemblyStorageMap;               /* 0x300 */
    PVOID     SystemDefaultActivationData;             /* 0x308 */
    PVOID     SystemAssemblyStorageMap;                /* 0x310 */
    SIZE_T    MinimumStackCommit;                      /* 0x318 */
    PVOID    *FlsCallback;                             /* 0x320 */
    LIST_ENTRY FlsListHead;                            /* 0x328 */
    PRTL_BITMAP FlsBitmap;                             /* 0x338 */
    ULONG     FlsBitmapBits[4];                        /* 0x340 */
    ULONG     FlsHighIndex;                            /* 0x350 */
    PVOID     WerRegistrationData;                     /* 0x358 */
    PVOID     WerShipAssertPtr;                        /* 0x360 */
    PVOID     pUnused;                                 /* 0x368 */
    PVOID     pImageHeaderHash;                        /* 0x370 */
    ULONG     TracingFlags;                            /* 0x378 */
    ULONGLONG CsrServerReadOnlySharedMemoryBase;       /* 0x380 */
    ULONG     TppWorkerpListLock;                      /* 0x388 */
    LIST_ENTRY TppWorkerpList;                         /* 0x390 */
    PVOID     WaitOnAddressHashTable[0x80];            /* 0x3a0 */
    PVOID     TelemetryCoverageHeader;                 /* 0x7a0 */
    ULONG     CloudFileFlags;                          /* 0x7a8 */
    ULONG     CloudFileDiagFlags;                      /* 0x7ac */
    CHAR      PlaceholderCompatibilityMode;            /* 0x7b0 */
    CHAR      PlaceholderCompatibilityModeReserved[7]; /* 0x7b1 */
    PVOID     LeapSecondData;                          /* 0x7b8 */
    ULONG     LeapSecondFlags;                         /* 0x7c0 */
    ULONG     NtGlobalFlag2;                           /* 0x7c4 */
} PEB, *PPEB;                                          /* 0x7c8 */

/* ---------------------------------------------------------------------- */
/* 4. KUSER_SHARED_DATA                                                   */
/* ---------------------------------------------------------------------- */

/* Fixed user-mode address of the shared data page (read-only there). */
#define MM_SHARED_USER_DATA_VA ((ULONG_PTR)0x7ffe0000)

/* A 64-bit time that can be read without a lock: the writer stores
 * High2Time, then LowPart, then High1Time; a reader retries until
 * High1Time == High2Time. */
typedef struct _KSYSTEM_TIME {
    ULONG LowPart;
    LONG  High1Time;
    LONG  High2Time;
} KSYSTEM_TIME, *PKSYSTEM_TIME;

typedef enum _NT_PRODUCT_TYPE {
    NtProductWinNt = 1,
    NtProductLanManNt,
    NtProductServer
} NT_PRODUCT_TYPE, *PNT_PRODUCT_TYPE;

typedef enum _ALTERNATIVE_ARCHITECTURE_TYPE {
    StandardDesign,
    NEC98x86,
    EndAlternatives
} ALTERNATIVE_ARCHITECTURE_TYPE;

#define PROCESSOR_FEATURE_MAX 64

/* Indexes into KUSER_SHARED_DATA.ProcessorFeatures */
#define PF_FLOATING_POINT_PRECISION_ERRATA       0
#define PF_FLOATING_POINT_EMULATED               1
#define PF_COMPARE_EXCHANGE_DOUBLE               2
#define PF_MMX_INSTRUCTIONS_AVAILABLE            3
#define PF_PPC_MOVEMEM_64BIT_OK                  4
#define PF_ALPHA_BYTE_INSTRUCTIONS               5
#define PF_XMMI_INSTRUCTIONS_AVAILABLE           6
#define PF_3DNOW_INSTRUCTIONS_AVAILABLE          7
#define PF_RDTSC_INSTRUCTION_AVAILABLE           8
#define PF_PAE_ENABLED                           9
#define PF_XMMI64_INSTRUCTIONS_AVAILABLE         10
#define PF_SSE_DAZ_MODE_AVAILABLE                11
#define PF_NX_ENABLED                            12
#define PF_SSE3_INSTRUCTIONS_AVAILABLE           13
#define PF_COMPARE_EXCHANGE128                   14
#define PF_COMPARE64_EXCHANGE128                 15
#define PF_CHANNELS_ENABLED                      16
#define PF_XSAVE_ENABLED                         17
#define PF_ARM_VFP_32_REGISTERS_AVAILABLE        18
#define PF_ARM_NEON_INSTRUCTIONS_AVAILABLE       19
#define PF_SECOND_LEVEL_ADDRESS_TRANSLATION      20
#define PF_VIRT_FIRMWARE_ENABLED                 21
#define PF_RDWRFSGSBASE_AVAILABLE                22
#define PF_FASTFAIL_AVAILABLE                    23
#define PF_ARM_DIVIDE_INSTRUCTION_AVAILABLE      24
#define PF_ARM_64BIT_LOADSTORE_ATOMIC            25
#define PF_ARM_EXTERNAL_CACHE_AVAILABLE          26
#define PF_ARM_FMAC_INSTRUCTIONS_AVAILABLE       27
#define PF_RDRAND_INSTRUCTION_AVAILABLE          28
#define PF_ARM_V8_INSTRUCTIONS_AVAILABLE         29
#define PF_ARM_V8_CRYPTO_INSTRUCTIONS_AVAILABLE  30
#define PF_ARM_V8_CRC32_INSTRUCTIONS_AVAILABLE   31
#define PF_RDTSCP_INSTRUCTION_AVAILABLE          32
#define PF_RDPID_INSTRUCTION_AVAILABLE           33
#define PF_ARM_V81_ATOMIC_INSTRUCTIONS_AVAILABLE 34
#define PF_MONITORX_INSTRUCTION_AVAILABLE        35
#define PF_SSSE3_INSTRUCTIONS_AVAILABLE          36
#define PF_SSE4_1_INSTRUCTIONS_AVAILABLE         37
#define PF_SSE4_2_INSTRUCTIONS_AVAILABLE         38
#define PF_AVX_INSTRUCTIONS_AVAILABLE            39
#define PF_AVX2_INSTRUCTIONS_AVAILABLE           40
#define PF_AVX512F_INSTRUCTIONS_AVAILABLE        41

/* KUSER_SHARED_DATA.NXSupportPolicy */
#define NX_SUPPORT_POLICY_ALWAYSOFF 0
#define NX_SUPPORT_POLICY_ALWAYSON  1
#define NX_SUPPORT_POLICY_OPTIN     2
#define NX_SUPPORT_POLICY_OPTOUT    3

/* XSAVE feature bit numbers and masks (XSTATE_CONFIGURATION, CONTEXT_EX) */
#define XSTATE_LEGACY_FLOATING_POINT 0
#define XSTATE_LEGACY_SSE            1
#define XSTATE_GSSE                  2
#define XSTATE_AVX                   XSTATE_GSSE
#define XSTATE_MPX_BNDREGS           3
#define XSTATE_MPX_BNDCSR            4
#define XSTATE_AVX512_KMASK          5
#define XSTATE_AVX512_ZMM_H          6
#define XSTATE_AVX512_ZMM            7
#define XSTATE_IPT                   8
#define XSTATE_CET_U                 11
#define XSTATE_LWP                   62
#define MAXIMUM_XSTATE_FEATURES      64

#define XSTATE_MASK_LEGACY_FLOATING_POINT (1ull << XSTATE_LEGACY_FLOATING_POINT)
#define XSTATE_MASK_LEGACY_SSE            (1ull << XSTATE_LEGACY_SSE)
#define XSTATE_MASK_LEGACY                (XSTATE_MASK_LEGACY_FLOATING_POINT | XSTATE_MASK_LEGACY_SSE)
#define XSTATE_MASK_GSSE                  (1ull << XSTATE_GSSE)
#define XSTATE_MASK_AVX                   XSTATE_MASK_GSSE

typedef struct _XSTATE_FEATURE {
    ULONG Offset;
    ULONG Size;
} XSTATE_FEATURE, *PXSTATE_FEATURE;

/* What the CPU's XSAVE area looks like; published in the shared page.
 * This is the Windows 10 layout Wine 8.0 uses (0x338 bytes); Windows 11
 * appended fields that would not fit before the end of the page data. */
typedef struct _XSTATE_CONFIGURATION {
    ULONG64 EnabledFeatures;                           /* 0x000 */
    ULONG64 EnabledVolatileFeatures;                   /* 0x008 */
    ULONG   Size;                                      /* 0x010 */
    union {
        ULONG ControlFlags;                            /* 0x014 */
        struct {
            ULONG OptimizedSave : 1;
            ULONG CompactionEnabled : 1;
            ULONG ExtendedFeatureDisable : 1;
        };
    };
    XSTATE_FEATURE Features[MAXIMUM_XSTATE_FEATURES];  /* 0x018 */
    ULONG64 EnabledSupervisorFeatures;                 /* 0x218 */
    ULONG64 AlignedFeatures;                           /* 0x220 */
    ULONG   AllFeatureSize;                            /* 0x228 */
    ULONG   AllFeatures[MAXIMUM_XSTATE_FEATURES];      /* 0x22c */
    ULONG64 EnabledUserVisibleSupervisorFeatures;      /* 0x330 */
} XSTATE_CONFIGURATION, *PXSTATE_CONFIGURATION;        /* 0x338 */

/* The shared user data page, layout of Wine 8.0 (0x710 bytes). */
typedef struct _KUSER_SHARED_DATA {
    ULONG   TickCountLowDeprecated;                    /* 0x000 */
    ULONG   TickCountMultiplier;                       /* 0x004 */
    volatile KSYSTEM_TIME InterruptTime;               /* 0x008: 100ns units since boot */
    volatile KSYSTEM_TIME SystemTime;                  /* 0x014: 100ns units since 1601 (UTC) */
    volatile KSYSTEM_TIME TimeZoneBias;                /* 0x020 */
    USHORT  ImageNumberLow;                            /* 0x02c */
    USHORT  ImageNumberHigh;                           /* 0x02e */
    WCHAR   NtSystemRoot[260];                         /* 0x030 */
    ULONG   MaxStackTraceDepth;                        /* 0x238 */
    ULONG   CryptoExponent;                            /* 0x23c */
    ULONG   TimeZoneId;                                /* 0x240 */
    ULONG   LargePageMinimum;                          /* 0x244 */
    ULONG   AitSamplingValue;                          /* 0x248 */
    ULONG   AppCompatFlag;                             /* 0x24c */
    ULONGLONG RNGSeedVersion;                          /* 0x250 */
    ULONG   GlobalValidationRunLevel;                  /* 0x258 */
    volatile ULONG TimeZoneBiasStamp;                  /* 0x25c */
    ULONG   NtBuildNumber;                             /* 0x260 */
    NT_PRODUCT_TYPE NtProductType;                     /* 0x264 */
    BOOLEAN ProductTypeIsValid;                        /* 0x268 */
    USHORT  NativeProcessorArchitecture;               /* 0x26a */
    ULONG   NtMajorVersion;                            /* 0x26c */
    ULONG   NtMinorVersion;                            /* 0x270 */
    BOOLEAN ProcessorFeatures[PROCESSOR_FEATURE_MAX];  /* 0x274: PF_* */
    ULONG   Reserved1;                                 /* 0x2b4 */
    ULONG   Reserved3;                                 /* 0x2b8 */
    volatile ULONG TimeSlip;                           /* 0x2bc */
    ALTERNATIVE_ARCHITECTURE_TYPE AlternativeArchitecture; /* 0x2c0 */
    ULONG   BootId;                                    /* 0x2c4 */
    LARGE_INTEGER SystemExpirationDate;                /* 0x2c8 */
    ULONG   SuiteMask;                                 /* 0x2d0 */
    BOOLEAN KdDebuggerEnabled;                         /* 0x2d4 */
    UCHAR   NXSupportPolicy;                           /* 0x2d5 */
    USHORT  CyclesPerYield;                            /* 0x2d6 */
    volatile ULONG ActiveConsoleId;                    /* 0x2d8 */
    volatile ULONG DismountCount;                      /* 0x2dc */
    ULONG   ComPlusPackage;                            /* 0x2e0 */
    ULONG   LastSystemRITEventTickCount;               /* 0x2e4 */
    ULONG   NumberOfPhysicalPages;                     /* 0x2e8 */
    BOOLEAN SafeBootMode;                              /* 0x2ec */
    UCHAR   VirtualizationFlags;                       /* 0x2ed */
    union {
        ULONG SharedDataFlags;                         /* 0x2f0 */
        struct {
            ULONG DbgErrorPortPresent       : 1;
            ULONG DbgElevationEnabled       : 1;
            ULONG DbgVirtEnabled            : 1;
            ULONG DbgInstallerDetectEnabled : 1;
            ULONG DbgLkgEnabled             : 1;
            ULONG DbgDynProcessorEnabled    : 1;
            ULONG DbgConsoleBrokerEnabled   : 1;
            ULONG DbgSecureBootEnabled      : 1;
            ULONG DbgMultiSessionSku        : 1;
            ULONG DbgMultiUsersInSessionSku : 1;
            ULONG DbgStateSeparationEnabled : 1;
            ULONG SpareBits                 : 21;
        };
    };
    ULONG   DataFlagsPad[1];                           /* 0x2f4 */
    ULONGLONG TestRetInstruction;                      /* 0x2f8 */
    LONGLONG QpcFrequency;                             /* 0x300 */
    ULONG   SystemCall;                                /* 0x308 */
    union {
        ULONG AllFlags;                                /* 0x30c */
        struct {
            ULONG Win32Process    : 1;
            ULONG Sgx2Enclave     : 1;
            ULONG VbsBasicEnclave : 1;
            ULONG SpareBits       : 29;
        };
    } UserCetAvailableEnvironments;
    ULONGLONG SystemCallPad[2];                        /* 0x310 */
    union {
        volatile KSYSTEM_TIME TickCount;               /* 0x320 */
        volatile ULONG64 TickCountQuad;
    };
    ULONG   Cookie;                                    /* 0x330 */
    ULONG   CookiePad[1];                              /* 0x334 */
    LONGLONG ConsoleSessionForegroundProcessId;        /* 0x338 */
    ULONGLONG TimeUpdateLock;                          /* 0x340 */
    ULONGLONG BaselineSystemTimeQpc;                   /* 0x348 */
    ULONGLONG BaselineInterruptTimeQpc;                /* 0x350 */
    ULONGLONG QpcSystemTimeIncrement;                  /* 0x358 */
    ULONGLONG QpcInterruptTimeIncrement;               /* 0x360 */
    UCHAR   QpcSystemTimeIncrementShift;               /* 0x368 */
    UCHAR   QpcInterruptTimeIncrementShift;            /* 0x369 */
    USHORT  UnparkedProcessorCount;                    /* 0x36a */
    ULONG   EnclaveFeatureMask[4];                     /* 0x36c */
    ULONG   TelemetryCoverageRound;                    /* 0x37c */
    USHORT  UserModeGlobalLogger[16];                  /* 0x380 */
    ULONG   ImageFileExecutionOptions;                 /* 0x3a0 */
    ULONG   LangGenerationCount;                       /* 0x3a4 */
    ULONG   ActiveProcessorAffinity;                   /* 0x3a8 */
    volatile ULONGLONG InterruptTimeBias;              /* 0x3b0 */
    volatile ULONGLONG QpcBias;                        /* 0x3b8 */
    ULONG   ActiveProcessorCount;                      /* 0x3c0 */
    volatile UCHAR ActiveGroupCount;                   /* 0x3c4 */
    union {
        USHORT QpcData;                                /* 0x3c6 */
        struct {
            volatile UCHAR QpcBypassEnabled;           /* SHARED_GLOBAL_FLAGS_QPC_BYPASS_* */
            UCHAR QpcShift;
        };
    };
    LARGE_INTEGER TimeZoneBiasEffectiveStart;          /* 0x3c8 */
    LARGE_INTEGER TimeZoneBiasEffectiveEnd;            /* 0x3d0 */
    XSTATE_CONFIGURATION XState;                       /* 0x3d8 */
} KUSER_SHARED_DATA, *PKUSER_SHARED_DATA;              /* 0x710 */

typedef KUSER_SHARED_DATA KSHARED_USER_DATA;           /* Wine 8.0's name */

/* KUSER_SHARED_DATA.QpcBypassEnabled */
#define SHARED_GLOBAL_FLAGS_QPC_BYPASS_ENABLED       0x01
#define SHARED_GLOBAL_FLAGS_QPC_BYPASS_USE_HV_PAGE   0x02
#define SHARED_GLOBAL_FLAGS_QPC_BYPASS_DISABLE_32BIT 0x04
#define SHARED_GLOBAL_FLAGS_QPC_BYPASS_USE_MFENCE    0x10
#define SHARED_GLOBAL_FLAGS_QPC_BYPASS_USE_LFENCE    0x20
#define SHARED_GLOBAL_FLAGS_QPC_BYPASS_A73_ERRATA    0x40
#define SHARED_GLOBAL_FLAGS_QPC_BYPASS_USE_RDTSCP    0x80

/* ---------------------------------------------------------------------- */
/* 5. CPU context                                                         */
/* ---------------------------------------------------------------------- */

/* FXSAVE image (512 bytes), also the legacy part of an XSAVE area. */
typedef struct _XSAVE_FORMAT {
    USHORT ControlWord;                                /* 0x000 */
    USHORT StatusWord;                                 /* 0x002 */
    UCHAR  TagWord;                                    /* 0x004: abridged tag byte */
    UCHAR  Reserved1;                                  /* 0x005 */
    USHORT ErrorOpcode;                                /* 0x006 */
    ULONG  ErrorOffset;                                /* 0x008 */
    USHORT ErrorSelector;                              /* 0x00c */
    USHORT Reserved2;                                  /* 0x00e */
    ULONG  DataOffset;                                 /* 0x010 */
    USHORT DataSelector;                               /* 0x014 */
    USHORT Reserved3;                                  /* 0x016 */
    ULONG  MxCsr;                                      /* 0x018 */
    ULONG  MxCsr_Mask;                                 /* 0x01c */
    M128A  FloatRegisters[8];                          /* 0x020 */
    M128A  XmmRegisters[16];                           /* 0x0a0 */
    UCHAR  Reserved4[96];                              /* 0x1a0 */
} XSAVE_FORMAT, *PXSAVE_FORMAT, XMM_SAVE_AREA32, *PXMM_SAVE_AREA32;   /* 0x200 */

/* The 64-byte header that follows the legacy area in an XSAVE image. */
typedef struct _XSAVE_AREA_HEADER {
    ULONG64 Mask;                                      /* XSTATE_BV */
    ULONG64 CompactionMask;                            /* XCOMP_BV */
    ULONG64 Reserved2[6];
} XSAVE_AREA_HEADER, *PXSAVE_AREA_HEADER;

typedef struct _XSAVE_AREA {
    XSAVE_FORMAT      LegacyState;
    XSAVE_AREA_HEADER Header;
} XSAVE_AREA, *PXSAVE_AREA;

/* Upper halves of ymm0-15. */
typedef struct _YMMCONTEXT {
    M128A Ymm0;
    M128A Ymm1;
    M128A Ymm2;
    M128A Ymm3;
    M128A Ymm4;
    M128A Ymm5;
    M128A Ymm6;
    M128A Ymm7;
    M128A Ymm8;
    M128A Ymm9;
    M128A Ymm10;
    M128A Ymm11;
    M128A Ymm12;
    M128A Ymm13;
    M128A Ymm14;
    M128A Ymm15;
} YMMCONTEXT, *PYMMCONTEXT;

/* The extended-state chunk Wine 8.0 attaches to a CONTEXT through
 * CONTEXT_EX: the XSAVE header followed by the AVX upper halves. */
typedef struct _XSTATE {
    ULONG64    Mask;                                   /* 0x000 */
    ULONG64    CompactionMask;                         /* 0x008 */
    ULONG64    Reserved[6];                            /* 0x010 */
    YMMCONTEXT YmmContext;                             /* 0x040 */
} XSTATE, *PXSTATE;                                    /* 0x140 */

/* CONTEXT.ContextFlags */
#define CONTEXT_AMD64                 0x00100000
#define CONTEXT_CONTROL               (CONTEXT_AMD64 | 0x0001)  /* SegSs, Rsp, SegCs, Rip, EFlags */
#define CONTEXT_INTEGER               (CONTEXT_AMD64 | 0x0002)  /* Rax..R15 except Rsp */
#define CONTEXT_SEGMENTS              (CONTEXT_AMD64 | 0x0004)  /* SegDs, SegEs, SegFs, SegGs */
#define CONTEXT_FLOATING_POINT        (CONTEXT_AMD64 | 0x0008)  /* FltSave, MxCsr */
#define CONTEXT_DEBUG_REGISTERS       (CONTEXT_AMD64 | 0x0010)  /* Dr0-Dr3, Dr6, Dr7 */
#define CONTEXT_XSTATE                (CONTEXT_AMD64 | 0x0040)  /* CONTEXT_EX + XSTATE follow */
#define CONTEXT_FULL                  (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_FLOATING_POINT)
#define CONTEXT_ALL                   (CONTEXT_CONTROL | CONTEXT_INTEGER | CONTEXT_SEGMENTS | \
                                       CONTEXT_FLOATING_POINT | CONTEXT_DEBUG_REGISTERS)
#define CONTEXT_KERNEL_DEBUGGER       0x04000000
#define CONTEXT_EXCEPTION_ACTIVE      0x08000000  /* thread is dispatching an exception */
#define CONTEXT_SERVICE_ACTIVE        0x10000000  /* thread is inside a system call */
#define CONTEXT_UNWOUND_TO_CALL       0x20000000
#define CONTEXT_EXCEPTION_REQUEST     0x40000000  /* caller asks for the two bits above */
#define CONTEXT_EXCEPTION_REPORTING   0x80000000  /* those bits are valid */

#define CONTEXT_AMD64_CONTROL         CONTEXT_CONTROL
#define CONTEXT_AMD64_INTEGER         CONTEXT_INTEGER
#define CONTEXT_AMD64_SEGMENTS        CONTEXT_SEGMENTS
#define CONTEXT_AMD64_FLOATING_POINT  CONTEXT_FLOATING_POINT
#define CONTEXT_AMD64_DEBUG_REGISTERS CONTEXT_DEBUG_REGISTERS
#define CONTEXT_AMD64_XSTATE          CONTEXT_XSTATE
#define CONTEXT_AMD64_FULL            CONTEXT_FULL
#define CONTEXT_AMD64_ALL             CONTEXT_ALL

/* Architecture bits of other CONTEXT kinds, to reject them */
#define CONTEXT_i386                  0x00010000
#define CONTEXT_ARM                   0x00200000
#define CONTEXT_ARM64                 0x00400000

/* x64 register context (0x4d0 bytes, 16-byte aligned). */
typedef struct __attribute__((aligned(16))) _CONTEXT {
    DWORD64 P1Home;                                    /* 0x000: spill area for callers */
    DWORD64 P2Home;                                    /* 0x008 */
    DWORD64 P3Home;                                    /* 0x010 */
    DWORD64 P4Home;                                    /* 0x018 */
    DWORD64 P5Home;                                    /* 0x020 */
    DWORD64 P6Home;                                    /* 0x028 */
    ULONG   ContextFlags;                              /* 0x030 */
    ULONG   MxCsr;                                     /* 0x034 */
    USHORT  SegCs;                                     /* 0x038 */
    USHORT  SegDs;                                     /* 0x03a */
    USHORT  SegEs;                                     /* 0x03c */
    USHORT  SegFs;                                     /* 0x03e */
    USHORT  SegGs;                                     /* 0x040 */
    USHORT  SegSs;                                     /* 0x042 */
    ULONG   EFlags;                                    /* 0x044 */
    DWORD64 Dr0;                                       /* 0x048 */
    DWORD64 Dr1;                                       /* 0x050 */
    DWORD64 Dr2;                                       /* 0x058 */
    DWORD64 Dr3;                                       /* 0x060 */
    DWORD64 Dr6;                                       /* 0x068 */
    DWORD64 Dr7;                                       /* 0x070 */
    DWORD64 Rax;                                       /* 0x078 */
    DWORD64 Rcx;                                       /* 0x080 */
    DWORD64 Rdx;                                       /* 0x088 */
    DWORD64 Rbx;                                       /* 0x090 */
    DWORD64 Rsp;                                       /* 0x098 */
    DWORD64 Rbp;                                       /* 0x0a0 */
    DWORD64 Rsi;                                       /* 0x0a8 */
    DWORD64 Rdi;                                       /* 0x0b0 */
    DWORD64 R8;                                        /* 0x0b8 */
    DWORD64 R9;                                        /* 0x0c0 */
    DWORD64 R10;                                       /* 0x0c8 */
    DWORD64 R11;                                       /* 0x0d0 */
    DWORD64 R12;                                       /* 0x0d8 */
    DWORD64 R13;                                       /* 0x0e0 */
    DWORD64 R14;                                       /* 0x0e8 */
    DWORD64 R15;                                       /* 0x0f0 */
    DWORD64 Rip;                                       /* 0x0f8 */
    union {
        XMM_SAVE_AREA32 FltSave;                       /* 0x100 */
        struct {
            M128A Header[2];                           /* 0x100 */
            M128A Legacy[8];                           /* 0x120 */
            M128A Xmm0;                                /* 0x1a0 */
            M128A Xmm1;
            M128A Xmm2;
            M128A Xmm3;
            M128A Xmm4;
            M128A Xmm5;
            M128A Xmm6;
            M128A Xmm7;
            M128A Xmm8;
            M128A Xmm9;
            M128A Xmm10;
            M128A Xmm11;
            M128A Xmm12;
            M128A Xmm13;
            M128A Xmm14;
            M128A Xmm15;                               /* 0x290 */
        };
    };
    M128A   VectorRegister[26];                        /* 0x300 */
    DWORD64 VectorControl;                             /* 0x4a0 */
    DWORD64 DebugControl;                              /* 0x4a8 */
    DWORD64 LastBranchToRip;                           /* 0x4b0 */
    DWORD64 LastBranchFromRip;                         /* 0x4b8 */
    DWORD64 LastExceptionToRip;                        /* 0x4c0 */
    DWORD64 LastExceptionFromRip;                      /* 0x4c8 */
} CONTEXT, *PCONTEXT, AMD64_CONTEXT;                   /* 0x4d0 */

/* A byte range relative to the CONTEXT_EX that describes it (Offset may be
 * negative: "All" and "Legacy" start at the CONTEXT before it). */
typedef struct _CONTEXT_CHUNK {
    LONG  Offset;
    ULONG Length;
} CONTEXT_CHUNK, *PCONTEXT_CHUNK;

/* Follows a CONTEXT that has CONTEXT_XSTATE set. */
typedef struct _CONTEXT_EX {
    CONTEXT_CHUNK All;          /* CONTEXT + CONTEXT_EX + XSTATE */
    CONTEXT_CHUNK Legacy;       /* the CONTEXT itself */
    CONTEXT_CHUNK XState;       /* the XSTATE (64-byte aligned) */
    ULONG64       align;
} CONTEXT_EX, *PCONTEXT_EX;                            /* 0x20 */

/* ---------------------------------------------------------------------- */
/* 6. Exception records                                                   */
/* ---------------------------------------------------------------------- */

#define EXCEPTION_MAXIMUM_PARAMETERS 15

typedef struct _EXCEPTION_RECORD {
    DWORD     ExceptionCode;                           /* 0x00: EXCEPTION_* / STATUS_* */
    DWORD     ExceptionFlags;                          /* 0x04: EXCEPTION_NONCONTINUABLE, ... */
    struct _EXCEPTION_RECORD *ExceptionRecord;         /* 0x08: chained record */
    PVOID     ExceptionAddress;                        /* 0x10 */
    DWORD     NumberParameters;                        /* 0x18 */
    ULONG_PTR ExceptionInformation[EXCEPTION_MAXIMUM_PARAMETERS]; /* 0x20 */
} EXCEPTION_RECORD, *PEXCEPTION_RECORD;                /* 0x98 */

typedef struct _EXCEPTION_POINTERS {
    PEXCEPTION_RECORD ExceptionRecord;
    PCONTEXT          ContextRecord;
} EXCEPTION_POINTERS, *PEXCEPTION_POINTERS;

/* Return values of language-specific exception handlers */
typedef enum _EXCEPTION_DISPOSITION {
    ExceptionContinueExecution,
    ExceptionContinueSearch,
    ExceptionNestedException,
    ExceptionCollidedUnwind
} EXCEPTION_DISPOSITION;

/* ExceptionInformation[0] of an access violation / in-page error */
#define EXCEPTION_READ_FAULT    0
#define EXCEPTION_WRITE_FAULT   1
#define EXCEPTION_EXECUTE_FAULT 8

/* ---------------------------------------------------------------------- */
/* 7. Other structures shared with ntdll.dll                              */
/* ---------------------------------------------------------------------- */

/* One system call table as registered by ntdll.dll / win32u.dll
 * (KeServiceDescriptorTable-style). */
typedef struct _SYSTEM_SERVICE_TABLE {
    ULONG_PTR *ServiceTable;
    ULONG_PTR *CounterTable;
    ULONG_PTR  ServiceLimit;
    BYTE      *ArgumentTable;
} SYSTEM_SERVICE_TABLE, *PSYSTEM_SERVICE_TABLE;

/* API set schema (format version 6), pointed to by PEB.ApiSetMap.  All
 * offsets are in bytes from the start of the API_SET_NAMESPACE. */
#define API_SET_SCHEMA_VERSION 6

typedef struct _API_SET_NAMESPACE {
    ULONG Version;              /* API_SET_SCHEMA_VERSION */
    ULONG Size;                 /* of the whole schema */
    ULONG Flags;
    ULONG Count;                /* number of API_SET_NAMESPACE_ENTRY */
    ULONG EntryOffset;          /* -> API_SET_NAMESPACE_ENTRY[Count], sorted by name */
    ULONG HashOffset;           /* -> API_SET_HASH_ENTRY[Count], sorted by hash */
    ULONG HashFactor;           /* multiplier of the lower-case name hash */
} API_SET_NAMESPACE, *PAPI_SET_NAMESPACE;

typedef struct _API_SET_HASH_ENTRY {
    ULONG Hash;
    ULONG Index;                /* into the namespace entries */
} API_SET_HASH_ENTRY, *PAPI_SET_HASH_ENTRY;

typedef struct _API_SET_NAMESPACE_ENTRY {
    ULONG Flags;
    ULONG NameOffset;           /* WCHARs, no ".dll" */
    ULONG NameLength;           /* bytes */
    ULONG HashedLength;         /* bytes of the name that are hashed (up to the last '-') */
    ULONG ValueOffset;          /* -> API_SET_VALUE_ENTRY[ValueCount] */
    ULONG ValueCount;
} API_SET_NAMESPACE_ENTRY, *PAPI_SET_NAMESPACE_ENTRY;

typedef struct _API_SET_VALUE_ENTRY {
    ULONG Flags;
    ULONG NameOffset;           /* importing module for this redirection, or 0 */
    ULONG NameLength;
    ULONG ValueOffset;          /* host DLL name */
    ULONG ValueLength;
} API_SET_VALUE_ENTRY, *PAPI_SET_VALUE_ENTRY;

/* A code page table as decoded from an NLS file (RtlInitCodePageTable). */
typedef struct _CPTABLEINFO {
    USHORT  CodePage;
    USHORT  MaximumCharacterSize;   /* 1 or 2 */
    USHORT  DefaultChar;
    USHORT  UniDefaultChar;
    USHORT  TransDefaultChar;
    USHORT  TransUniDefaultChar;
    USHORT  DBCSCodePage;
    UCHAR   LeadByte[12];
    USHORT *MultiByteTable;
    PVOID   WideCharTable;
    USHORT *DBCSRanges;
    USHORT *DBCSOffsets;
} CPTABLEINFO, *PCPTABLEINFO;

typedef struct _NLSTABLEINFO {
    CPTABLEINFO OemTableInfo;
    CPTABLEINFO AnsiTableInfo;
    USHORT     *UpperCaseTable;
    USHORT     *LowerCaseTable;
} NLSTABLEINFO, *PNLSTABLEINFO;

/* Stack description passed to NtCreateThread (the pre-NtCreateThreadEx
 * interface). */
typedef struct _INITIAL_TEB {
    PVOID OldStackBase;
    PVOID OldStackLimit;
    PVOID StackBase;
    PVOID StackLimit;
    PVOID DeallocationStack;
} INITIAL_TEB, *PINITIAL_TEB;

/* ---------------------------------------------------------------------- */
/* 8. Layout checks                                                       */
/* ---------------------------------------------------------------------- */

#define KEEP_CHECK_SIZE(type, size) \
    _Static_assert(sizeof(type) == (size), "sizeof(" #type ") must be " #size)
#define KEEP_CHECK_OFFSET(type, field, offset) \
    _Static_assert(offsetof(type, field) == (offset), #type "." #field " must be at " #offset)

KEEP_CHECK_SIZE(NT_TIB, 0x38);
KEEP_CHECK_SIZE(GDI_TEB_BATCH, 1256);
KEEP_CHECK_SIZE(ACTIVATION_CONTEXT_STACK, 0x28);
KEEP_CHECK_SIZE(TEB, 0x1838);
KEEP_CHECK_SIZE(PEB, 0x7c8);
KEEP_CHECK_SIZE(RTL_USER_PROCESS_PARAMETERS, 0x410);
KEEP_CHECK_SIZE(RTL_DRIVE_LETTER_CURDIR, 0x18);
KEEP_CHECK_SIZE(CURDIR, 0x18);
KEEP_CHECK_SIZE(PEB_LDR_DATA, 0x58);
KEEP_CHECK_SIZE(RTL_CRITICAL_SECTION, 0x28);
KEEP_CHECK_SIZE(RTL_CRITICAL_SECTION_DEBUG, 0x30);
KEEP_CHECK_SIZE(KSYSTEM_TIME, 12);
KEEP_CHECK_SIZE(XSTATE_CONFIGURATION, 0x338);
KEEP_CHECK_SIZE(KUSER_SHARED_DATA, 0x710);
KEEP_CHECK_SIZE(M128A, 16);
KEEP_CHECK_SIZE(XSAVE_FORMAT, 0x200);
KEEP_CHECK_SIZE(XSAVE_AREA_HEADER, 0x40);
KEEP_CHECK_SIZE(XSAVE_AREA, 0x240);
KEEP_CHECK_SIZE(YMMCONTEXT, 0x100);
KEEP_CHECK_SIZE(XSTATE, 0x140);
KEEP_CHECK_SIZE(CONTEXT, 0x4d0);
KEEP_CHECK_SIZE(CONTEXT_EX, 0x20);
KEEP_CHECK_SIZE(EXCEPTION_RECORD, 0x98);
KEEP_CHECK_SIZE(SYSTEM_SERVICE_TABLE, 0x20);
KEEP_CHECK_SIZE(API_SET_NAMESPACE, 28);
KEEP_CHECK_SIZE(API_SET_HASH_ENTRY, 8);
KEEP_CHECK_SIZE(API_SET_NAMESPACE_ENTRY, 24);
KEEP_CHECK_SIZE(API_SET_VALUE_ENTRY, 20);
KEEP_CHECK_SIZE(CPTABLEINFO, 0x40);
KEEP_CHECK_SIZE(NLSTABLEINFO, 0x90);
_Static_assert(_Alignof(CONTEXT) == 16, "CONTEXT must be 16-byte aligned");

/* TEB (Appendix D) */
KEEP_CHECK_OFFSET(TEB, Tib.ExceptionList, 0x000);
KEEP_CHECK_OFFSET(TEB, Tib.StackBase, 0x008);
KEEP_CHECK_OFFSET(TEB, Tib.StackLimit, 0x010);
KEEP_CHECK_OFFSET(TEB, Tib.Self, 0x030);
KEEP_CHECK_OFFSET(TEB, EnvironmentPointer, 0x038);
KEEP_CHECK_OFFSET(TEB, ClientId, 0x040);
KEEP_CHECK_OFFSET(TEB, ActiveRpcHandle, 0x050);
KEEP_CHECK_OFFSET(TEB, ThreadLocalStoragePointer, 0x058);
KEEP_CHECK_OFFSET(TEB, Peb, 0x060);
KEEP_CHECK_OFFSET(TEB, LastErrorValue, 0x068);
KEEP_CHECK_OFFSET(TEB, CountOfOwnedCriticalSections, 0x06c);
KEEP_CHECK_OFFSET(TEB, CsrClientThread, 0x070);
KEEP_CHECK_OFFSET(TEB, Win32ThreadInfo, 0x078);
KEEP_CHECK_OFFSET(TEB, User32Reserved, 0x080);
KEEP_CHECK_OFFSET(TEB, UserReserved, 0x0e8);
KEEP_CHECK_OFFSET(TEB, WOW32Reserved, 0x100);
KEEP_CHECK_OFFSET(TEB, CurrentLocale, 0x108);
KEEP_CHECK_OFFSET(TEB, FpSoftwareStatusRegister, 0x10c);
KEEP_CHECK_OFFSET(TEB, SystemReserved1, 0x190);
KEEP_CHECK_OFFSET(TEB, ExceptionCode, 0x2c0);
KEEP_CHECK_OFFSET(TEB, ActivationContextStackPointer, 0x2c8);
KEEP_CHECK_OFFSET(TEB, GdiTebBatch, 0x2f0);
KEEP_CHECK_OFFSET(TEB, RealClientId, 0x7d8);
KEEP_CHECK_OFFSET(TEB, GdiCachedProcessHandle, 0x7e8);
KEEP_CHECK_OFFSET(TEB, GdiClientPID, 0x7f0);
KEEP_CHECK_OFFSET(TEB, GdiClientTID, 0x7f4);
KEEP_CHECK_OFFSET(TEB, GdiThreadLocaleInfo, 0x7f8);
KEEP_CHECK_OFFSET(TEB, Win32ClientInfo, 0x800);
KEEP_CHECK_OFFSET(TEB, glDispatchTable, 0x9f0);
KEEP_CHECK_OFFSET(TEB, glReserved1, 0x1138);
KEEP_CHECK_OFFSET(TEB, glReserved2, 0x1220);
KEEP_CHECK_OFFSET(TEB, glSectionInfo, 0x1228);
KEEP_CHECK_OFFSET(TEB, glSection, 0x1230);
KEEP_CHECK_OFFSET(TEB, glTable, 0x1238);
KEEP_CHECK_OFFSET(TEB, glCurrentRC, 0x1240);
KEEP_CHECK_OFFSET(TEB, glContext, 0x1248);
KEEP_CHECK_OFFSET(TEB, LastStatusValue, 0x1250);
KEEP_CHECK_OFFSET(TEB, StaticUnicodeString, 0x1258);
KEEP_CHECK_OFFSET(TEB, StaticUnicodeBuffer, 0x1268);
KEEP_CHECK_OFFSET(TEB, DeallocationStack, 0x1478);
KEEP_CHECK_OFFSET(TEB, TlsSlots, 0x1480);
KEEP_CHECK_OFFSET(TEB, TlsLinks, 0x1680);
KEEP_CHECK_OFFSET(TEB, Vdm, 0x1690);
KEEP_CHECK_OFFSET(TEB, ReservedForNtRpc, 0x1698);
KEEP_CHECK_OFFSET(TEB, DbgSsReserved, 0x16a0);
KEEP_CHECK_OFFSET(TEB, HardErrorDisabled, 0x16b0);
KEEP_CHECK_OFFSET(TEB, Instrumentation, 0x16b8);
KEEP_CHECK_OFFSET(TEB, WinSockData, 0x1738);
KEEP_CHECK_OFFSET(TEB, GdiBatchCount, 0x1740);
KEEP_CHECK_OFFSET(TEB, Spare2, 0x1744);
KEEP_CHECK_OFFSET(TEB, GuaranteedStackBytes, 0x1748);
KEEP_CHECK_OFFSET(TEB, ReservedForPerf, 0x1750);
KEEP_CHECK_OFFSET(TEB, ReservedForOle, 0x1758);
KEEP_CHECK_OFFSET(TEB, WaitingOnLoaderLock, 0x1760);
KEEP_CHECK_OFFSET(TEB, Reserved5, 0x1768);
KEEP_CHECK_OFFSET(TEB, TlsExpansionSlots, 0x1780);
KEEP_CHECK_OFFSET(TEB, ImpersonationLocale, 0x1798);
KEEP_CHECK_OFFSET(TEB, IsImpersonating, 0x179c);
KEEP_CHECK_OFFSET(TEB, NlsCache, 0x17a0);
KEEP_CHECK_OFFSET(TEB, ShimData, 0x17a8);
KEEP_CHECK_OFFSET(TEB, HeapVirtualAffinity, 0x17b0);
KEEP_CHECK_OFFSET(TEB, CurrentTransactionHandle, 0x17b8);
KEEP_CHECK_OFFSET(TEB, ActiveFrame, 0x17c0);
KEEP_CHECK_OFFSET(TEB, FlsSlots, 0x17c8);
KEEP_CHECK_OFFSET(TEB, PreferredLanguages, 0x17d0);
KEEP_CHECK_OFFSET(TEB, UserPrefLanguages, 0x17d8);
KEEP_CHECK_OFFSET(TEB, MergedPrefLanguages, 0x17e0);
KEEP_CHECK_OFFSET(TEB, TxnScopeEnterCallback, 0x17f0);
KEEP_CHECK_OFFSET(TEB, WowTebOffset, 0x180c);
KEEP_CHECK_OFFSET(TEB, EffectiveContainerId, 0x1828);

/* PEB (Appendix D) */
KEEP_CHECK_OFFSET(PEB, InheritedAddressSpace, 0x000);
KEEP_CHECK_OFFSET(PEB, ReadImageFileExecOptions, 0x001);
KEEP_CHECK_OFFSET(PEB, BeingDebugged, 0x002);
KEEP_CHECK_OFFSET(PEB, Mutant, 0x008);
KEEP_CHECK_OFFSET(PEB, ImageBaseAddress, 0x010);
KEEP_CHECK_OFFSET(PEB, LdrData, 0x018);
KEEP_CHECK_OFFSET(PEB, ProcessParameters, 0x020);
KEEP_CHECK_OFFSET(PEB, SubSystemData, 0x028);
KEEP_CHECK_OFFSET(PEB, ProcessHeap, 0x030);
KEEP_CHECK_OFFSET(PEB, FastPebLock, 0x038);
KEEP_CHECK_OFFSET(PEB, KernelCallbackTable, 0x058);
KEEP_CHECK_OFFSET(PEB, ApiSetMap, 0x068);
KEEP_CHECK_OFFSET(PEB, TlsExpansionCounter, 0x070);
KEEP_CHECK_OFFSET(PEB, TlsBitmap, 0x078);
KEEP_CHECK_OFFSET(PEB, TlsBitmapBits, 0x080);
KEEP_CHECK_OFFSET(PEB, ReadOnlySharedMemoryBase, 0x088);
KEEP_CHECK_OFFSET(PEB, AnsiCodePageData, 0x0a0);
KEEP_CHECK_OFFSET(PEB, OemCodePageData, 0x0a8);
KEEP_CHECK_OFFSET(PEB, UnicodeCaseTableData, 0x0b0);
KEEP_CHECK_OFFSET(PEB, NumberOfProcessors, 0x0b8);
KEEP_CHECK_OFFSET(PEB, NtGlobalFlag, 0x0bc);
KEEP_CHECK_OFFSET(PEB, CriticalSectionTimeout, 0x0c0);
KEEP_CHECK_OFFSET(PEB, HeapSegmentReserve, 0x0c8);
KEEP_CHECK_OFFSET(PEB, HeapSegmentCommit, 0x0d0);
KEEP_CHECK_OFFSET(PEB, HeapDeCommitTotalFreeThreshold, 0x0d8);
KEEP_CHECK_OFFSET(PEB, HeapDeCommitFreeBlockThreshold, 0x0e0);
KEEP_CHECK_OFFSET(PEB, NumberOfHeaps, 0x0e8);
KEEP_CHECK_OFFSET(PEB, MaximumNumberOfHeaps, 0x0ec);
KEEP_CHECK_OFFSET(PEB, ProcessHeaps, 0x0f0);
KEEP_CHECK_OFFSET(PEB, GdiSharedHandleTable, 0x0f8);
KEEP_CHECK_OFFSET(PEB, LoaderLock, 0x110);
KEEP_CHECK_OFFSET(PEB, OSMajorVersion, 0x118);
KEEP_CHECK_OFFSET(PEB, OSMinorVersion, 0x11c);
KEEP_CHECK_OFFSET(PEB, OSBuildNumber, 0x120);
KEEP_CHECK_OFFSET(PEB, OSPlatformId, 0x124);
KEEP_CHECK_OFFSET(PEB, ImageSubSystem, 0x128);
KEEP_CHECK_OFFSET(PEB, ImageSubSystemMajorVersion, 0x12c);
KEEP_CHECK_OFFSET(PEB, ImageSubSystemMinorVersion, 0x130);
KEEP_CHECK_OFFSET(PEB, ImageProcessAffinityMask, 0x134);
KEEP_CHECK_OFFSET(PEB, GdiHandleBuffer, 0x138);
KEEP_CHECK_OFFSET(PEB, TlsExpansionBitmap, 0x238);
KEEP_CHECK_OFFSET(PEB, TlsExpansionBitmapBits, 0x240);
KEEP_CHECK_OFFSET(PEB, SessionId, 0x2c0);
KEEP_CHECK_OFFSET(PEB, CSDVersion, 0x2e8);
KEEP_CHECK_OFFSET(PEB, ActivationContextData, 0x2f8);
KEEP_CHECK_OFFSET(PEB, SystemDefaultActivationData, 0x308);
KEEP_CHECK_OFFSET(PEB, FlsCallback, 0x320);
KEEP_CHECK_OFFSET(PEB, FlsListHead, 0x328);
KEEP_CHECK_OFFSET(PEB, FlsBitmap, 0x338);
KEEP_CHECK_OFFSET(PEB, FlsBitmapBits, 0x340);
KEEP_CHECK_OFFSET(PEB, CloudFileFlags, 0x7a8);

/* RTL_USER_PROCESS_PARAMETERS (Appendix D) */
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, AllocationSize, 0x000);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, Size, 0x004);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, Flags, 0x008);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, DebugFlags, 0x00c);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, ConsoleHandle, 0x010);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, ConsoleFlags, 0x018);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, hStdInput, 0x020);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, hStdOutput, 0x028);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, hStdError, 0x030);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, CurrentDirectory, 0x038);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, DllPath, 0x050);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, ImagePathName, 0x060);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, CommandLine, 0x070);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, Environment, 0x080);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwX, 0x088);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwY, 0x08c);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwXSize, 0x090);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwYSize, 0x094);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwXCountChars, 0x098);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwYCountChars, 0x09c);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwFillAttribute, 0x0a0);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, dwFlags, 0x0a4);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, wShowWindow, 0x0a8);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, WindowTitle, 0x0b0);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, Desktop, 0x0c0);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, ShellInfo, 0x0d0);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, RuntimeInfo, 0x0e0);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, DLCurrentDirectory, 0x0f0);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, EnvironmentSize, 0x3f0);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, EnvironmentVersion, 0x3f8);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, PackageDependencyData, 0x400);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, ProcessGroupId, 0x408);
KEEP_CHECK_OFFSET(RTL_USER_PROCESS_PARAMETERS, LoaderThreads, 0x40c);

/* KUSER_SHARED_DATA (Appendix D) */
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, TickCountLowDeprecated, 0x000);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, TickCountMultiplier, 0x004);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, InterruptTime, 0x008);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, SystemTime, 0x014);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, TimeZoneBias, 0x020);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ImageNumberLow, 0x02c);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ImageNumberHigh, 0x02e);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NtSystemRoot, 0x030);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, MaxStackTraceDepth, 0x238);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, CryptoExponent, 0x23c);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, TimeZoneId, 0x240);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, LargePageMinimum, 0x244);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NtBuildNumber, 0x260);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NtProductType, 0x264);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ProductTypeIsValid, 0x268);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NativeProcessorArchitecture, 0x26a);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NtMajorVersion, 0x26c);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NtMinorVersion, 0x270);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ProcessorFeatures, 0x274);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, TimeSlip, 0x2bc);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, AlternativeArchitecture, 0x2c0);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, SystemExpirationDate, 0x2c8);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, SuiteMask, 0x2d0);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, KdDebuggerEnabled, 0x2d4);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NXSupportPolicy, 0x2d5);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ActiveConsoleId, 0x2d8);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, DismountCount, 0x2dc);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ComPlusPackage, 0x2e0);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, LastSystemRITEventTickCount, 0x2e4);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, NumberOfPhysicalPages, 0x2e8);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, SafeBootMode, 0x2ec);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, SharedDataFlags, 0x2f0);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, TestRetInstruction, 0x2f8);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, QpcFrequency, 0x300);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, SystemCall, 0x308);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, SystemCallPad, 0x310);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, TickCount, 0x320);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, Cookie, 0x330);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ConsoleSessionForegroundProcessId, 0x338);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, UserModeGlobalLogger, 0x380);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ImageFileExecutionOptions, 0x3a0);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, LangGenerationCount, 0x3a4);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, InterruptTimeBias, 0x3b0);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, QpcBias, 0x3b8);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ActiveProcessorCount, 0x3c0);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, ActiveGroupCount, 0x3c4);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, QpcData, 0x3c6);
KEEP_CHECK_OFFSET(KUSER_SHARED_DATA, XState, 0x3d8);

/* CONTEXT (Appendix D) */
KEEP_CHECK_OFFSET(CONTEXT, P1Home, 0x000);
KEEP_CHECK_OFFSET(CONTEXT, ContextFlags, 0x030);
KEEP_CHECK_OFFSET(CONTEXT, MxCsr, 0x034);
KEEP_CHECK_OFFSET(CONTEXT, SegCs, 0x038);
KEEP_CHECK_OFFSET(CONTEXT, SegDs, 0x03a);
KEEP_CHECK_OFFSET(CONTEXT, SegEs, 0x03c);
KEEP_CHECK_OFFSET(CONTEXT, SegFs, 0x03e);
KEEP_CHECK_OFFSET(CONTEXT, SegGs, 0x040);
KEEP_CHECK_OFFSET(CONTEXT, SegSs, 0x042);
KEEP_CHECK_OFFSET(CONTEXT, EFlags, 0x044);
KEEP_CHECK_OFFSET(CONTEXT, Dr0, 0x048);
KEEP_CHECK_OFFSET(CONTEXT, Dr7, 0x070);
KEEP_CHECK_OFFSET(CONTEXT, Rax, 0x078);
KEEP_CHECK_OFFSET(CONTEXT, Rcx, 0x080);
KEEP_CHECK_OFFSET(CONTEXT, Rdx, 0x088);
KEEP_CHECK_OFFSET(CONTEXT, Rbx, 0x090);
KEEP_CHECK_OFFSET(CONTEXT, Rsp, 0x098);
KEEP_CHECK_OFFSET(CONTEXT, Rbp, 0x0a0);
KEEP_CHECK_OFFSET(CONTEXT, Rsi, 0x0a8);
KEEP_CHECK_OFFSET(CONTEXT, Rdi, 0x0b0);
KEEP_CHECK_OFFSET(CONTEXT, R8, 0x0b8);
KEEP_CHECK_OFFSET(CONTEXT, R15, 0x0f0);
KEEP_CHECK_OFFSET(CONTEXT, Rip, 0x0f8);
KEEP_CHECK_OFFSET(CONTEXT, FltSave, 0x100);
KEEP_CHECK_OFFSET(CONTEXT, Xmm0, 0x1a0);
KEEP_CHECK_OFFSET(CONTEXT, VectorRegister, 0x300);
KEEP_CHECK_OFFSET(CONTEXT, VectorControl, 0x4a0);
KEEP_CHECK_OFFSET(CONTEXT, DebugControl, 0x4a8);
KEEP_CHECK_OFFSET(CONTEXT, LastBranchToRip, 0x4b0);
KEEP_CHECK_OFFSET(CONTEXT, LastExceptionFromRip, 0x4c8);

/* EXCEPTION_RECORD (Appendix D) */
KEEP_CHECK_OFFSET(EXCEPTION_RECORD, ExceptionCode, 0x000);
KEEP_CHECK_OFFSET(EXCEPTION_RECORD, ExceptionFlags, 0x004);
KEEP_CHECK_OFFSET(EXCEPTION_RECORD, ExceptionRecord, 0x008);
KEEP_CHECK_OFFSET(EXCEPTION_RECORD, ExceptionAddress, 0x010);
KEEP_CHECK_OFFSET(EXCEPTION_RECORD, NumberParameters, 0x018);
KEEP_CHECK_OFFSET(EXCEPTION_RECORD, ExceptionInformation, 0x020);

/* SYSTEM_SERVICE_TABLE (Appendix D) */
KEEP_CHECK_OFFSET(SYSTEM_SERVICE_TABLE, ServiceTable, 0x000);
KEEP_CHECK_OFFSET(SYSTEM_SERVICE_TABLE, CounterTable, 0x008);
KEEP_CHECK_OFFSET(SYSTEM_SERVICE_TABLE, ServiceLimit, 0x010);
KEEP_CHECK_OFFSET(SYSTEM_SERVICE_TABLE, ArgumentTable, 0x018);

/* Other offsets the kernel relies on */
KEEP_CHECK_OFFSET(XSAVE_FORMAT, MxCsr, 0x018);
KEEP_CHECK_OFFSET(XSAVE_FORMAT, FloatRegisters, 0x020);
KEEP_CHECK_OFFSET(XSAVE_FORMAT, XmmRegisters, 0x0a0);
KEEP_CHECK_OFFSET(XSTATE, YmmContext, 0x040);
KEEP_CHECK_OFFSET(XSTATE_CONFIGURATION, Features, 0x018);
KEEP_CHECK_OFFSET(XSTATE_CONFIGURATION, AllFeatures, 0x22c);
KEEP_CHECK_OFFSET(CONTEXT_EX, XState, 0x010);

#endif /* KEEP_NT_STRUCTS_H */

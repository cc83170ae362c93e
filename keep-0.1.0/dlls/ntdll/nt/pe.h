/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nt/pe.h - the PE/COFF image format, as the kernel's image mapper needs it.
 *
 * Why we declare these ourselves: see nt/types.h.  The kernel maps .exe and
 * .dll files (SEC_IMAGE sections), so it parses these headers from files;
 * the layouts are fixed by the PE/COFF specification.
 *
 * Parsing order: IMAGE_DOS_HEADER (e_magic == IMAGE_DOS_SIGNATURE) ->
 * e_lfanew -> Signature (IMAGE_NT_SIGNATURE) + IMAGE_FILE_HEADER -> the
 * optional header, whose Magic says 32- or 64-bit -> the section table at
 * IMAGE_FIRST_SECTION().  Never trust a field before checking it against
 * the file size; everything below is input from untrusted files.
 *
 * Divisions of this file:
 *   1. DOS header and signatures
 *   2. file header (machine, characteristics)
 *   3. optional headers, data directories, subsystems, DLL characteristics
 *   4. section headers
 *   5. directories: exports, imports, relocations, TLS, load config,
 *      exception data, resources, debug, CLR
 *   6. layout checks
 */
#ifndef KEEP_NT_PE_H
#define KEEP_NT_PE_H

#include <stdint.h>
#include <stddef.h>
#include "types.h"
#include "structs.h"    /* KEEP_CHECK_SIZE / KEEP_CHECK_OFFSET */

/* ---------------------------------------------------------------------- */
/* 1. DOS header and signatures                                           */
/* ---------------------------------------------------------------------- */

#pragma pack(push, 2)
typedef struct _IMAGE_DOS_HEADER {
    WORD  e_magic;              /* 0x00: IMAGE_DOS_SIGNATURE */
    WORD  e_cblp;               /* 0x02 */
    WORD  e_cp;                 /* 0x04 */
    WORD  e_crlc;               /* 0x06 */
    WORD  e_cparhdr;            /* 0x08 */
    WORD  e_minalloc;           /* 0x0a */
    WORD  e_maxalloc;           /* 0x0c */
    WORD  e_ss;                 /* 0x0e */
    WORD  e_sp;                 /* 0x10 */
    WORD  e_csum;               /* 0x12 */
    WORD  e_ip;                 /* 0x14 */
    WORD  e_cs;                 /* 0x16 */
    WORD  e_lfarlc;             /* 0x18 */
    WORD  e_ovno;               /* 0x1a */
    WORD  e_res[4];             /* 0x1c */
    WORD  e_oemid;              /* 0x24 */
    WORD  e_oeminfo;            /* 0x26 */
    WORD  e_res2[10];           /* 0x28 */
    DWORD e_lfanew;             /* 0x3c: file offset of the NT headers */
} IMAGE_DOS_HEADER, *PIMAGE_DOS_HEADER;
#pragma pack(pop)

#define IMAGE_DOS_SIGNATURE    0x5A4D       /* "MZ" */
#define IMAGE_OS2_SIGNATURE    0x454E       /* "NE": 16-bit Windows */
#define IMAGE_OS2_SIGNATURE_LE 0x454C       /* "LE" */
#define IMAGE_VXD_SIGNATURE    0x454C
#define IMAGE_NT_SIGNATURE     0x00004550   /* "PE\0\0" */

/* ---------------------------------------------------------------------- */
/* 2. File header                                                         */
/* ---------------------------------------------------------------------- */

typedef struct _IMAGE_FILE_HEADER {
    WORD  Machine;              /* IMAGE_FILE_MACHINE_* */
    WORD  NumberOfSections;
    DWORD TimeDateStamp;
    DWORD PointerToSymbolTable;
    DWORD NumberOfSymbols;
    WORD  SizeOfOptionalHeader;
    WORD  Characteristics;      /* IMAGE_FILE_* */
} IMAGE_FILE_HEADER, *PIMAGE_FILE_HEADER;

#define IMAGE_SIZEOF_FILE_HEADER 20

#define IMAGE_FILE_MACHINE_UNKNOWN     0x0000
#define IMAGE_FILE_MACHINE_TARGET_HOST 0x0001
#define IMAGE_FILE_MACHINE_I386        0x014c
#define IMAGE_FILE_MACHINE_R4000       0x0166
#define IMAGE_FILE_MACHINE_ARM         0x01c0
#define IMAGE_FILE_MACHINE_THUMB       0x01c2
#define IMAGE_FILE_MACHINE_ARMNT       0x01c4
#define IMAGE_FILE_MACHINE_POWERPC     0x01f0
#define IMAGE_FILE_MACHINE_IA64        0x0200
#define IMAGE_FILE_MACHINE_EBC         0x0ebc
#define IMAGE_FILE_MACHINE_CHPE_X86    0x3a64
#define IMAGE_FILE_MACHINE_AMD64       0x8664
#define IMAGE_FILE_MACHINE_ARM64EC     0xa641
#define IMAGE_FILE_MACHINE_ARM64X      0xa64e
#define IMAGE_FILE_MACHINE_ARM64       0xaa64

#define IMAGE_FILE_RELOCS_STRIPPED         0x0001   /* must load at ImageBase */
#define IMAGE_FILE_EXECUTABLE_IMAGE        0x0002
#define IMAGE_FILE_LINE_NUMS_STRIPPED      0x0004
#define IMAGE_FILE_LOCAL_SYMS_STRIPPED     0x0008
#define IMAGE_FILE_AGGRESIVE_WS_TRIM       0x0010
#define IMAGE_FILE_LARGE_ADDRESS_AWARE     0x0020
#define IMAGE_FILE_BYTES_REVERSED_LO       0x0080
#define IMAGE_FILE_32BIT_MACHINE           0x0100
#define IMAGE_FILE_DEBUG_STRIPPED          0x0200
#define IMAGE_FILE_REMOVABLE_RUN_FROM_SWAP 0x0400
#define IMAGE_FILE_NET_RUN_FROM_SWAP       0x0800
#define IMAGE_FILE_SYSTEM                  0x1000
#define IMAGE_FILE_DLL                     0x2000
#define IMAGE_FILE_UP_SYSTEM_ONLY          0x4000
#define IMAGE_FILE_BYTES_REVERSED_HI       0x8000

/* ---------------------------------------------------------------------- */
/* 3. Optional headers                                                    */
/* ---------------------------------------------------------------------- */

typedef struct _IMAGE_DATA_DIRECTORY {
    DWORD VirtualAddress;       /* RVA (file offset for the security directory) */
    DWORD Size;
} IMAGE_DATA_DIRECTORY, *PIMAGE_DATA_DIRECTORY;

#define IMAGE_NUMBEROF_DIRECTORY_ENTRIES 16

/* Indexes into DataDirectory */
#define IMAGE_DIRECTORY_ENTRY_EXPORT         0
#define IMAGE_DIRECTORY_ENTRY_IMPORT         1
#define IMAGE_DIRECTORY_ENTRY_RESOURCE       2
#define IMAGE_DIRECTORY_ENTRY_EXCEPTION      3
#define IMAGE_DIRECTORY_ENTRY_SECURITY       4
#define IMAGE_DIRECTORY_ENTRY_BASERELOC      5
#define IMAGE_DIRECTORY_ENTRY_DEBUG          6
#define IMAGE_DIRECTORY_ENTRY_ARCHITECTURE   7
#define IMAGE_DIRECTORY_ENTRY_COPYRIGHT      7
#define IMAGE_DIRECTORY_ENTRY_GLOBALPTR      8
#define IMAGE_DIRECTORY_ENTRY_TLS            9
#define IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG    10
#define IMAGE_DIRECTORY_ENTRY_BOUND_IMPORT   11
#define IMAGE_DIRECTORY_ENTRY_IAT            12
#define IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT   13
#define IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR 14

#define IMAGE_NT_OPTIONAL_HDR32_MAGIC 0x10b
#define IMAGE_NT_OPTIONAL_HDR64_MAGIC 0x20b
#define IMAGE_ROM_OPTIONAL_HDR_MAGIC  0x107
#define IMAGE_NT_OPTIONAL_HDR_MAGIC   IMAGE_NT_OPTIONAL_HDR64_MAGIC

typedef struct _IMAGE_OPTIONAL_HEADER64 {
    WORD      Magic;                        /* 0x00: IMAGE_NT_OPTIONAL_HDR64_MAGIC */
    BYTE      MajorLinkerVersion;           /* 0x02 */
    BYTE      MinorLinkerVersion;           /* 0x03 */
    DWORD     SizeOfCode;                   /* 0x04 */
    DWORD     SizeOfInitializedData;        /* 0x08 */
    DWORD     SizeOfUninitializedData;      /* 0x0c */
    DWORD     AddressOfEntryPoint;          /* 0x10: RVA, 0 if none */
    DWORD     BaseOfCode;                   /* 0x14 */
    ULONGLONG ImageBase;                    /* 0x18: preferred address */
    DWORD     SectionAlignment;             /* 0x20: in memory */
    DWORD     FileAlignment;                /* 0x24: in the file */
    WORD      MajorOperatingSystemVersion;  /* 0x28 */
    WORD      MinorOperatingSystemVersion;  /* 0x2a */
    WORD      MajorImageVersion;            /* 0x2c */
    WORD      MinorImageVersion;            /* 0x2e */
    WORD      MajorSubsystemVersion;        /* 0x30 */
    WORD      MinorSubsystemVersion;        /* 0x32 */
    DWORD     Win32VersionValue;            /* 0x34 */
    DWORD     SizeOfImage;                  /* 0x38: in memory, SectionAlignment multiple */
    DWORD     SizeOfHeaders;                /* 0x3c */
    DWORD     CheckSum;                     /* 0x40 */
    WORD      Subsystem;                    /* 0x44: IMAGE_SUBSYSTEM_* */
    WORD      DllCharacteristics;           /* 0x46: IMAGE_DLLCHARACTERISTICS_* */
    ULONGLONG SizeOfStackReserve;           /* 0x48 */
    ULONGLONG SizeOfStackCommit;            /* 0x50 */
    ULONGLONG SizeOfHeapReserve;            /* 0x58 */
    ULONGLONG SizeOfHeapCommit;             /* 0x60 */
    DWORD     LoaderFlags;                  /* 0x68 */
    DWORD     NumberOfRvaAndSizes;          /* 0x6c: valid DataDirectory entries */
    IMAGE_DATA_DIRECTORY DataDirectory[IMAGE_NUMBEROF_DIRECTORY_ENTRIES]; /* 0x70 */
} IMAGE_OPTIONAL_HEADER64, *PIMAGE_OPTIONAL_HEADER64;   /* 0xf0 */

/* 32-bit form: only needed to recognise (and refuse or describe) 32-bit
 * images; note BaseOfData and the 32-bit ImageBase and sizes. */
typedef struct _IMAGE_OPTIONAL_HEADER32 {
    WORD  Magic;                            /* 0x00: IMAGE_NT_OPTIONAL_HDR32_MAGIC */
    BYTE  MajorLinkerVersion;
    BYTE  MinorLinkerVersion;
    DWORD SizeOfCode;
    DWORD SizeOfInitializedData;
    DWORD SizeOfUninitializedData;
    DWORD AddressOfEntryPoint;              /* 0x10 */
    DWORD BaseOfCode;
    DWORD BaseOfData;
    DWORD ImageBase;                        /* 0x1c */
    DWORD SectionAlignment;                 /* 0x20 */
    DWORD FileAlignment;
    WORD  MajorOperatingSystemVersion;
    WORD  MinorOperatingSystemVersion;
    WORD  MajorImageVersion;
    WORD  MinorImageVersion;
    WORD  MajorSubsystemVersion;            /* 0x30 */
    WORD  MinorSubsystemVersion;
    DWORD Win32VersionValue;
    DWORD SizeOfImage;
    DWORD SizeOfHeaders;
    DWORD CheckSum;                         /* 0x40 */
    WORD  Subsystem;
    WORD  DllCharacteristics;
    DWORD SizeOfStackReserve;
    DWORD SizeOfStackCommit;
    DWORD SizeOfHeapReserve;                /* 0x50 */
    DWORD SizeOfHeapCommit;
    DWORD LoaderFlags;
    DWORD NumberOfRvaAndSizes;
    IMAGE_DATA_DIRECTORY DataDirectory[IMAGE_NUMBEROF_DIRECTORY_ENTRIES]; /* 0x60 */
} IMAGE_OPTIONAL_HEADER32, *PIMAGE_OPTIONAL_HEADER32;   /* 0xe0 */

#define IMAGE_SIZEOF_NT_OPTIONAL32_HEADER 224
#define IMAGE_SIZEOF_NT_OPTIONAL64_HEADER 240

typedef struct _IMAGE_NT_HEADERS64 {
    DWORD                   Signature;      /* IMAGE_NT_SIGNATURE */
    IMAGE_FILE_HEADER       FileHeader;     /* 0x04 */
    IMAGE_OPTIONAL_HEADER64 OptionalHeader; /* 0x18 */
} IMAGE_NT_HEADERS64, *PIMAGE_NT_HEADERS64;

typedef struct _IMAGE_NT_HEADERS32 {
    DWORD                   Signature;
    IMAGE_FILE_HEADER       FileHeader;
    IMAGE_OPTIONAL_HEADER32 OptionalHeader;
} IMAGE_NT_HEADERS32, *PIMAGE_NT_HEADERS32;

typedef IMAGE_NT_HEADERS64      IMAGE_NT_HEADERS, *PIMAGE_NT_HEADERS;
typedef IMAGE_OPTIONAL_HEADER64 IMAGE_OPTIONAL_HEADER, *PIMAGE_OPTIONAL_HEADER;

/* IMAGE_OPTIONAL_HEADER*.Subsystem */
#define IMAGE_SUBSYSTEM_UNKNOWN                  0
#define IMAGE_SUBSYSTEM_NATIVE                   1
#define IMAGE_SUBSYSTEM_WINDOWS_GUI              2
#define IMAGE_SUBSYSTEM_WINDOWS_CUI              3
#define IMAGE_SUBSYSTEM_OS2_CUI                  5
#define IMAGE_SUBSYSTEM_POSIX_CUI                7
#define IMAGE_SUBSYSTEM_NATIVE_WINDOWS           8
#define IMAGE_SUBSYSTEM_WINDOWS_CE_GUI           9
#define IMAGE_SUBSYSTEM_EFI_APPLICATION          10
#define IMAGE_SUBSYSTEM_EFI_BOOT_SERVICE_DRIVER  11
#define IMAGE_SUBSYSTEM_EFI_RUNTIME_DRIVER       12
#define IMAGE_SUBSYSTEM_EFI_ROM                  13
#define IMAGE_SUBSYSTEM_XBOX                     14
#define IMAGE_SUBSYSTEM_WINDOWS_BOOT_APPLICATION 16

/* IMAGE_OPTIONAL_HEADER*.DllCharacteristics */
#define IMAGE_DLLCHARACTERISTICS_HIGH_ENTROPY_VA       0x0020
#define IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE          0x0040   /* ASLR */
#define IMAGE_DLLCHARACTERISTICS_FORCE_INTEGRITY       0x0080
#define IMAGE_DLLCHARACTERISTICS_NX_COMPAT             0x0100
#define IMAGE_DLLCHARACTERISTICS_NO_ISOLATION          0x0200
#define IMAGE_DLLCHARACTERISTICS_NO_SEH                0x0400
#define IMAGE_DLLCHARACTERISTICS_NO_BIND               0x0800
#define IMAGE_DLLCHARACTERISTICS_APPCONTAINER          0x1000
#define IMAGE_DLLCHARACTERISTICS_WDM_DRIVER            0x2000
#define IMAGE_DLLCHARACTERISTICS_GUARD_CF              0x4000
#define IMAGE_DLLCHARACTERISTICS_TERMINAL_SERVER_AWARE 0x8000

/* ---------------------------------------------------------------------- */
/* 4. Section headers                                                     */
/* ---------------------------------------------------------------------- */

#define IMAGE_SIZEOF_SHORT_NAME 8

typedef struct _IMAGE_SECTION_HEADER {
    BYTE  Name[IMAGE_SIZEOF_SHORT_NAME];    /* not necessarily NUL-terminated */
    union {
        DWORD PhysicalAddress;
        DWORD VirtualSize;                  /* size in memory */
    } Misc;
    DWORD VirtualAddress;                   /* RVA */
    DWORD SizeOfRawData;                    /* size in the file */
    DWORD PointerToRawData;                 /* file offset */
    DWORD PointerToRelocations;
    DWORD PointerToLinenumbers;
    WORD  NumberOfRelocations;
    WORD  NumberOfLinenumbers;
    DWORD Characteristics;                  /* IMAGE_SCN_* */
} IMAGE_SECTION_HEADER, *PIMAGE_SECTION_HEADER;

#define IMAGE_SIZEOF_SECTION_HEADER 40

/* The section table follows the optional header, whose size is given by
 * the file header (not necessarily sizeof(IMAGE_OPTIONAL_HEADER64)). */
#define IMAGE_FIRST_SECTION(nt) \
    ((PIMAGE_SECTION_HEADER)((const BYTE *)&((const IMAGE_NT_HEADERS64 *)(nt))->OptionalHeader + \
                             ((const IMAGE_NT_HEADERS64 *)(nt))->FileHeader.SizeOfOptionalHeader))

/* IMAGE_SECTION_HEADER.Characteristics */
#define IMAGE_SCN_TYPE_NO_PAD            0x00000008
#define IMAGE_SCN_CNT_CODE               0x00000020
#define IMAGE_SCN_CNT_INITIALIZED_DATA   0x00000040
#define IMAGE_SCN_CNT_UNINITIALIZED_DATA 0x00000080
#define IMAGE_SCN_LNK_OTHER              0x00000100
#define IMAGE_SCN_LNK_INFO               0x00000200
#define IMAGE_SCN_LNK_REMOVE             0x00000800
#define IMAGE_SCN_LNK_COMDAT             0x00001000
#define IMAGE_SCN_NO_DEFER_SPEC_EXC      0x00004000
#define IMAGE_SCN_GPREL                  0x00008000
#define IMAGE_SCN_MEM_FARDATA            0x00008000
#define IMAGE_SCN_MEM_PURGEABLE          0x00020000
#define IMAGE_SCN_MEM_16BIT              0x00020000
#define IMAGE_SCN_MEM_LOCKED             0x00040000
#define IMAGE_SCN_MEM_PRELOAD            0x00080000
#define IMAGE_SCN_ALIGN_1BYTES           0x00100000
#define IMAGE_SCN_ALIGN_2BYTES           0x00200000
#define IMAGE_SCN_ALIGN_4BYTES           0x00300000
#define IMAGE_SCN_ALIGN_8BYTES           0x00400000
#define IMAGE_SCN_ALIGN_16BYTES          0x00500000
#define IMAGE_SCN_ALIGN_32BYTES          0x00600000
#define IMAGE_SCN_ALIGN_64BYTES          0x00700000
#define IMAGE_SCN_ALIGN_128BYTES         0x00800000
#define IMAGE_SCN_ALIGN_256BYTES         0x00900000
#define IMAGE_SCN_ALIGN_512BYTES         0x00A00000
#define IMAGE_SCN_ALIGN_1024BYTES        0x00B00000
#define IMAGE_SCN_ALIGN_2048BYTES        0x00C00000
#define IMAGE_SCN_ALIGN_4096BYTES        0x00D00000
#define IMAGE_SCN_ALIGN_8192BYTES        0x00E00000
#define IMAGE_SCN_ALIGN_MASK             0x00F00000
#define IMAGE_SCN_LNK_NRELOC_OVFL        0x01000000
#define IMAGE_SCN_MEM_DISCARDABLE        0x02000000
#define IMAGE_SCN_MEM_NOT_CACHED         0x04000000
#define IMAGE_SCN_MEM_NOT_PAGED          0x08000000
#define IMAGE_SCN_MEM_SHARED             0x10000000
#define IMAGE_SCN_MEM_EXECUTE            0x20000000
#define IMAGE_SCN_MEM_READ               0x40000000
#define IMAGE_SCN_MEM_WRITE              0x80000000

/* ---------------------------------------------------------------------- */
/* 5. Directories                                                         */
/* ---------------------------------------------------------------------- */

/* Exports.  AddressOfNames and AddressOfNameOrdinals are parallel arrays
 * sorted by name; ordinals index AddressOfFunctions after subtracting
 * Base.  A function RVA inside the export directory is a forwarder
 * string ("DLL.Name" or "DLL.#ordinal"). */
typedef struct _IMAGE_EXPORT_DIRECTORY {
    DWORD Characteristics;
    DWORD TimeDateStamp;
    WORD  MajorVersion;
    WORD  MinorVersion;
    DWORD Name;                             /* RVA of the DLL name */
    DWORD Base;                             /* first ordinal */
    DWORD NumberOfFunctions;
    DWORD NumberOfNames;
    DWORD AddressOfFunctions;               /* RVA of DWORD[NumberOfFunctions] */
    DWORD AddressOfNames;                   /* RVA of DWORD[NumberOfNames] */
    DWORD AddressOfNameOrdinals;            /* RVA of WORD[NumberOfNames] */
} IMAGE_EXPORT_DIRECTORY, *PIMAGE_EXPORT_DIRECTORY;

/* Imports: one descriptor per DLL, ended by an all-zero descriptor. */
typedef struct _IMAGE_IMPORT_DESCRIPTOR {
    union {
        DWORD Characteristics;
        DWORD OriginalFirstThunk;           /* RVA of the lookup table (may be 0) */
    };
    DWORD TimeDateStamp;                    /* 0, or -1 when bound */
    DWORD ForwarderChain;
    DWORD Name;                             /* RVA of the DLL name */
    DWORD FirstThunk;                       /* RVA of the IAT */
} IMAGE_IMPORT_DESCRIPTOR, *PIMAGE_IMPORT_DESCRIPTOR;

#pragma pack(push, 2)
typedef struct _IMAGE_IMPORT_BY_NAME {
    WORD Hint;                              /* index into the export name table */
    BYTE Name[ANYSIZE_ARRAY];
} IMAGE_IMPORT_BY_NAME, *PIMAGE_IMPORT_BY_NAME;
#pragma pack(pop)

typedef struct _IMAGE_THUNK_DATA64 {
    union {
        ULONGLONG ForwarderString;
        ULONGLONG Function;
        ULONGLONG Ordinal;                  /* with IMAGE_ORDINAL_FLAG64 */
        ULONGLONG AddressOfData;            /* RVA of IMAGE_IMPORT_BY_NAME */
    } u1;
} IMAGE_THUNK_DATA64, *PIMAGE_THUNK_DATA64;

typedef struct _IMAGE_THUNK_DATA32 {
    union {
        DWORD ForwarderString;
        DWORD Function;
        DWORD Ordinal;
        DWORD AddressOfData;
    } u1;
} IMAGE_THUNK_DATA32, *PIMAGE_THUNK_DATA32;

typedef IMAGE_THUNK_DATA64 IMAGE_THUNK_DATA, *PIMAGE_THUNK_DATA;

#define IMAGE_ORDINAL_FLAG64            0x8000000000000000ull
#define IMAGE_ORDINAL_FLAG32            0x80000000u
#define IMAGE_ORDINAL_FLAG              IMAGE_ORDINAL_FLAG64
#define IMAGE_ORDINAL64(ordinal)        ((ordinal) & 0xffff)
#define IMAGE_ORDINAL32(ordinal)        ((ordinal) & 0xffff)
#define IMAGE_ORDINAL(ordinal)          IMAGE_ORDINAL64(ordinal)
#define IMAGE_SNAP_BY_ORDINAL64(ordinal) (((ordinal) & IMAGE_ORDINAL_FLAG64) != 0)
#define IMAGE_SNAP_BY_ORDINAL32(ordinal) (((ordinal) & IMAGE_ORDINAL_FLAG32) != 0)
#define IMAGE_SNAP_BY_ORDINAL(ordinal)  IMAGE_SNAP_BY_ORDINAL64(ordinal)

/* Delay-load imports (IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT) */
typedef struct _IMAGE_DELAYLOAD_DESCRIPTOR {
    union {
        DWORD AllAttributes;
        struct {
            DWORD RvaBased : 1;
            DWORD ReservedAttributes : 31;
        };
    } Attributes;
    DWORD DllNameRVA;
    DWORD ModuleHandleRVA;
    DWORD ImportAddressTableRVA;
    DWORD ImportNameTableRVA;
    DWORD BoundImportAddressTableRVA;
    DWORD UnloadInformationTableRVA;
    DWORD TimeDateStamp;
} IMAGE_DELAYLOAD_DESCRIPTOR, *PIMAGE_DELAYLOAD_DESCRIPTOR;

/* Base relocations: blocks of one page each, a header followed by
 * (SizeOfBlock - 8) / 2 WORD entries: type in the top 4 bits, page
 * offset in the low 12. */
typedef struct _IMAGE_BASE_RELOCATION {
    DWORD VirtualAddress;                   /* page RVA */
    DWORD SizeOfBlock;                      /* including this header */
} IMAGE_BASE_RELOCATION, *PIMAGE_BASE_RELOCATION;

#define IMAGE_SIZEOF_BASE_RELOCATION 8

#define IMAGE_REL_BASED_ABSOLUTE        0   /* padding, skip */
#define IMAGE_REL_BASED_HIGH            1
#define IMAGE_REL_BASED_LOW             2
#define IMAGE_REL_BASED_HIGHLOW         3   /* 32-bit */
#define IMAGE_REL_BASED_HIGHADJ         4   /* takes the next entry too */
#define IMAGE_REL_BASED_MIPS_JMPADDR    5
#define IMAGE_REL_BASED_ARM_MOV32       5
#define IMAGE_REL_BASED_SECTION         6
#define IMAGE_REL_BASED_REL             7
#define IMAGE_REL_BASED_THUMB_MOV32     7
#define IMAGE_REL_BASED_MIPS_JMPADDR16  9
#define IMAGE_REL_BASED_IA64_IMM64      9
#define IMAGE_REL_BASED_DIR64           10  /* 64-bit, the usual x64 kind */
#define IMAGE_REL_BASED_HIGH3ADJ        11

/* Thread-local storage */
typedef void (NTAPI *PIMAGE_TLS_CALLBACK)(PVOID DllHandle, DWORD Reason, PVOID Reserved);

typedef struct _IMAGE_TLS_DIRECTORY64 {
    ULONGLONG StartAddressOfRawData;        /* VAs, not RVAs (relocated) */
    ULONGLONG EndAddressOfRawData;
    ULONGLONG AddressOfIndex;
    ULONGLONG AddressOfCallBacks;           /* NULL-terminated PIMAGE_TLS_CALLBACK[] */
    DWORD     SizeOfZeroFill;
    DWORD     Characteristics;
} IMAGE_TLS_DIRECTORY64, *PIMAGE_TLS_DIRECTORY64;

typedef struct _IMAGE_TLS_DIRECTORY32 {
    DWORD StartAddressOfRawData;
    DWORD EndAddressOfRawData;
    DWORD AddressOfIndex;
    DWORD AddressOfCallBacks;
    DWORD SizeOfZeroFill;
    DWORD Characteristics;
} IMAGE_TLS_DIRECTORY32, *PIMAGE_TLS_DIRECTORY32;

typedef IMAGE_TLS_DIRECTORY64 IMAGE_TLS_DIRECTORY, *PIMAGE_TLS_DIRECTORY;

/* Load configuration.  Newer linkers append many fields (control-flow
 * guard tables, ...); Size says how much of the structure the image
 * really has, so check it before reading any field past the first. */
typedef struct _IMAGE_LOAD_CONFIG_DIRECTORY64 {
    DWORD     Size;                         /* 0x00 */
    DWORD     TimeDateStamp;                /* 0x04 */
    WORD      MajorVersion;                 /* 0x08 */
    WORD      MinorVersion;                 /* 0x0a */
    DWORD     GlobalFlagsClear;             /* 0x0c */
    DWORD     GlobalFlagsSet;               /* 0x10 */
    DWORD     CriticalSectionDefaultTimeout;/* 0x14 */
    ULONGLONG DeCommitFreeBlockThreshold;   /* 0x18 */
    ULONGLONG DeCommitTotalFreeThreshold;   /* 0x20 */
    ULONGLONG LockPrefixTable;              /* 0x28 */
    ULONGLONG MaximumAllocationSize;        /* 0x30 */
    ULONGLONG VirtualMemoryThreshold;       /* 0x38 */
    ULONGLONG ProcessAffinityMask;          /* 0x40 */
    DWORD     ProcessHeapFlags;             /* 0x48 */
    WORD      CSDVersion;                   /* 0x4c */
    WORD      DependentLoadFlags;           /* 0x4e: Reserved1 in Wine */
    ULONGLONG EditList;                     /* 0x50 */
    ULONGLONG SecurityCookie;               /* 0x58: VA of the /GS cookie */
    ULONGLONG SEHandlerTable;               /* 0x60 */
    ULONGLONG SEHandlerCount;               /* 0x68 */
    ULONGLONG GuardCFCheckFunctionPointer;  /* 0x70 */
    ULONGLONG GuardCFDispatchFunctionPointer; /* 0x78 */
    ULONGLONG GuardCFFunctionTable;         /* 0x80 */
    ULONGLONG GuardCFFunctionCount;         /* 0x88 */
    DWORD     GuardFlags;                   /* 0x90 */
} IMAGE_LOAD_CONFIG_DIRECTORY64, *PIMAGE_LOAD_CONFIG_DIRECTORY64;

typedef IMAGE_LOAD_CONFIG_DIRECTORY64 IMAGE_LOAD_CONFIG_DIRECTORY, *PIMAGE_LOAD_CONFIG_DIRECTORY;

/* Exception directory (.pdata) of x64 images: sorted by BeginAddress */
typedef struct _IMAGE_RUNTIME_FUNCTION_ENTRY {
    DWORD BeginAddress;                     /* RVA */
    DWORD EndAddress;                       /* RVA, exclusive */
    union {
        DWORD UnwindInfoAddress;            /* RVA of UNWIND_INFO */
        DWORD UnwindData;
    };
} IMAGE_RUNTIME_FUNCTION_ENTRY, *PIMAGE_RUNTIME_FUNCTION_ENTRY,
  RUNTIME_FUNCTION, *PRUNTIME_FUNCTION;

/* Resources: a three-level tree (type, name, language) of directories */
typedef struct _IMAGE_RESOURCE_DIRECTORY {
    DWORD Characteristics;
    DWORD TimeDateStamp;
    WORD  MajorVersion;
    WORD  MinorVersion;
    WORD  NumberOfNamedEntries;             /* named entries come first */
    WORD  NumberOfIdEntries;
} IMAGE_RESOURCE_DIRECTORY, *PIMAGE_RESOURCE_DIRECTORY;

#define IMAGE_RESOURCE_NAME_IS_STRING    0x80000000
#define IMAGE_RESOURCE_DATA_IS_DIRECTORY 0x80000000

typedef struct _IMAGE_RESOURCE_DIRECTORY_ENTRY {
    union {
        struct {
            DWORD NameOffset : 31;          /* from the resource section start */
            DWORD NameIsString : 1;
        };
        DWORD Name;
        WORD  Id;
    };
    union {
        DWORD OffsetToData;
        struct {
            DWORD OffsetToDirectory : 31;
            DWORD DataIsDirectory : 1;
        };
    };
} IMAGE_RESOURCE_DIRECTORY_ENTRY, *PIMAGE_RESOURCE_DIRECTORY_ENTRY;

typedef struct _IMAGE_RESOURCE_DIR_STRING_U {
    WORD  Length;                           /* characters */
    WCHAR NameString[ANYSIZE_ARRAY];
} IMAGE_RESOURCE_DIR_STRING_U, *PIMAGE_RESOURCE_DIR_STRING_U;

typedef struct _IMAGE_RESOURCE_DATA_ENTRY {
    DWORD OffsetToData;                     /* RVA */
    DWORD Size;
    DWORD CodePage;
    DWORD Reserved;
} IMAGE_RESOURCE_DATA_ENTRY, *PIMAGE_RESOURCE_DATA_ENTRY;

/* Debug directory */
typedef struct _IMAGE_DEBUG_DIRECTORY {
    DWORD Characteristics;
    DWORD TimeDateStamp;
    WORD  MajorVersion;
    WORD  MinorVersion;
    DWORD Type;                             /* IMAGE_DEBUG_TYPE_* */
    DWORD SizeOfData;
    DWORD AddressOfRawData;
    DWORD PointerToRawData;
} IMAGE_DEBUG_DIRECTORY, *PIMAGE_DEBUG_DIRECTORY;

#define IMAGE_DEBUG_TYPE_UNKNOWN  0
#define IMAGE_DEBUG_TYPE_COFF     1
#define IMAGE_DEBUG_TYPE_CODEVIEW 2
#define IMAGE_DEBUG_TYPE_FPO      3
#define IMAGE_DEBUG_TYPE_MISC     4
#define IMAGE_DEBUG_TYPE_REPRO    16

/* CLR header (IMAGE_DIRECTORY_ENTRY_COM_DESCRIPTOR): .NET images */
typedef struct _IMAGE_COR20_HEADER {
    DWORD cb;
    WORD  MajorRuntimeVersion;
    WORD  MinorRuntimeVersion;
    IMAGE_DATA_DIRECTORY MetaData;
    DWORD Flags;                            /* COMIMAGE_FLAGS_* */
    union {
        DWORD EntryPointToken;
        DWORD EntryPointRVA;
    };
    IMAGE_DATA_DIRECTORY Resources;
    IMAGE_DATA_DIRECTORY StrongNameSignature;
    IMAGE_DATA_DIRECTORY CodeManagerTable;
    IMAGE_DATA_DIRECTORY VTableFixups;
    IMAGE_DATA_DIRECTORY ExportAddressTableJumps;
    IMAGE_DATA_DIRECTORY ManagedNativeHeader;
} IMAGE_COR20_HEADER, *PIMAGE_COR20_HEADER;

#define COMIMAGE_FLAGS_ILONLY            0x00000001
#define COMIMAGE_FLAGS_32BITREQUIRED     0x00000002
#define COMIMAGE_FLAGS_IL_LIBRARY        0x00000004
#define COMIMAGE_FLAGS_STRONGNAMESIGNED  0x00000008
#define COMIMAGE_FLAGS_NATIVE_ENTRYPOINT 0x00000010
#define COMIMAGE_FLAGS_TRACKDEBUGDATA    0x00010000
#define COMIMAGE_FLAGS_32BITPREFERRED    0x00020000

/* DllMain reasons (also TLS callbacks) */
#define DLL_PROCESS_DETACH 0
#define DLL_PROCESS_ATTACH 1
#define DLL_THREAD_ATTACH  2
#define DLL_THREAD_DETACH  3

/* ---------------------------------------------------------------------- */
/* 6. Layout checks                                                       */
/* ---------------------------------------------------------------------- */

KEEP_CHECK_SIZE(IMAGE_DOS_HEADER, 64);
KEEP_CHECK_OFFSET(IMAGE_DOS_HEADER, e_lfanew, 0x3c);
KEEP_CHECK_SIZE(IMAGE_FILE_HEADER, IMAGE_SIZEOF_FILE_HEADER);
KEEP_CHECK_SIZE(IMAGE_DATA_DIRECTORY, 8);
KEEP_CHECK_SIZE(IMAGE_OPTIONAL_HEADER64, IMAGE_SIZEOF_NT_OPTIONAL64_HEADER);
KEEP_CHECK_SIZE(IMAGE_OPTIONAL_HEADER32, IMAGE_SIZEOF_NT_OPTIONAL32_HEADER);
KEEP_CHECK_OFFSET(IMAGE_OPTIONAL_HEADER64, ImageBase, 0x18);
KEEP_CHECK_OFFSET(IMAGE_OPTIONAL_HEADER64, Subsystem, 0x44);
KEEP_CHECK_OFFSET(IMAGE_OPTIONAL_HEADER64, DataDirectory, 0x70);
KEEP_CHECK_OFFSET(IMAGE_OPTIONAL_HEADER32, ImageBase, 0x1c);
KEEP_CHECK_OFFSET(IMAGE_OPTIONAL_HEADER32, DataDirectory, 0x60);
KEEP_CHECK_SIZE(IMAGE_NT_HEADERS64, 264);
KEEP_CHECK_SIZE(IMAGE_NT_HEADERS32, 248);
KEEP_CHECK_OFFSET(IMAGE_NT_HEADERS64, OptionalHeader, 0x18);
KEEP_CHECK_SIZE(IMAGE_SECTION_HEADER, IMAGE_SIZEOF_SECTION_HEADER);
KEEP_CHECK_SIZE(IMAGE_EXPORT_DIRECTORY, 40);
KEEP_CHECK_SIZE(IMAGE_IMPORT_DESCRIPTOR, 20);
KEEP_CHECK_SIZE(IMAGE_THUNK_DATA64, 8);
KEEP_CHECK_SIZE(IMAGE_DELAYLOAD_DESCRIPTOR, 32);
KEEP_CHECK_SIZE(IMAGE_BASE_RELOCATION, IMAGE_SIZEOF_BASE_RELOCATION);
KEEP_CHECK_SIZE(IMAGE_TLS_DIRECTORY64, 40);
KEEP_CHECK_SIZE(IMAGE_TLS_DIRECTORY32, 24);
KEEP_CHECK_OFFSET(IMAGE_LOAD_CONFIG_DIRECTORY64, SecurityCookie, 0x58);
KEEP_CHECK_OFFSET(IMAGE_LOAD_CONFIG_DIRECTORY64, GuardFlags, 0x90);
KEEP_CHECK_SIZE(IMAGE_RUNTIME_FUNCTION_ENTRY, 12);
KEEP_CHECK_SIZE(IMAGE_RESOURCE_DIRECTORY, 16);
KEEP_CHECK_SIZE(IMAGE_RESOURCE_DIRECTORY_ENTRY, 8);
KEEP_CHECK_SIZE(IMAGE_RESOURCE_DATA_ENTRY, 16);
KEEP_CHECK_SIZE(IMAGE_DEBUG_DIRECTORY, 28);
KEEP_CHECK_SIZE(IMAGE_COR20_HEADER, 72);

#endif /* KEEP_NT_PE_H */

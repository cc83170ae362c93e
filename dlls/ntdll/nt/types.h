/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nt/types.h - base Windows NT types and constants for the keep kernel.
 *
 * Why we declare these ourselves: the kernel (our ntdll.so) is an ordinary
 * Linux ELF object built by the host gcc in the LP64 model, where `long` is
 * 64 bits.  Windows is LLP64 (`long` is 32 bits), and both Wine's and
 * mingw's headers assume a Windows (or Wine-unix) build environment.  So
 * every type that crosses into Windows memory is declared here with a
 * fixed-width integer of the right size, and every constant is written out
 * as the value Windows (and Wine 8.0's PE DLLs) use.
 *
 * Names follow the Windows SDK/DDK spelling so kernel code reads like NT
 * code.  Layout facts were checked against Wine 8.0's headers (see
 * check-layout.sh); all text here is ours.
 *
 * Divisions of this file:
 *   1. calling conventions and helper macros
 *   2. integer and pointer types
 *   3. small structures (LARGE_INTEGER, LIST_ENTRY, strings, GUID, ...)
 *   4. object attributes, I/O status, callback types
 *   5. access rights (generic, standard, per object type)
 *   6. virtual memory and section constants
 *   7. file constants (share, disposition, options, attributes)
 *   8. kernel object enums (EVENT_TYPE, WAIT_TYPE, ...)
 *
 * Strings: WCHAR is uint16_t.  Linux wchar_t is 32 bits, so never use L""
 * literals for Windows strings; u"" (char16_t, 16 bits) has the right unit.
 */
#ifndef KEEP_NT_TYPES_H
#define KEEP_NT_TYPES_H

#include <stdint.h>
#include <stddef.h>

#if !defined(__x86_64__) || !defined(__LP64__)
#error "keep's NT headers describe the x86-64 Windows ABI seen from an LP64 host"
#endif

/* ---------------------------------------------------------------------- */
/* 1. Calling conventions and helper macros                               */
/* ---------------------------------------------------------------------- */

/* Everything called from or calling into Windows code uses the Microsoft
 * x64 convention (rcx, rdx, r8, r9, 32-byte shadow space). */
#define NTAPI    __attribute__((ms_abi))
#define WINAPI   __attribute__((ms_abi))
#define CALLBACK __attribute__((ms_abi))

#define VOID void

#ifndef TRUE
#define TRUE  1
#endif
#ifndef FALSE
#define FALSE 0
#endif

/* Trailing variable-length arrays are declared with one element, as in the
 * SDK, so sizeof() matches what Windows code computes. */
#define ANYSIZE_ARRAY 1

#define FIELD_OFFSET(type, field) ((int32_t)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type *)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) \
    (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define CONTAINING_RECORD(address, type, field) \
    ((type *)((char *)(address) - offsetof(type, field)))

/* ---------------------------------------------------------------------- */
/* 2. Integer and pointer types                                           */
/* ---------------------------------------------------------------------- */

typedef uint8_t   BYTE, UCHAR, BOOLEAN;
typedef char      CHAR, CCHAR;
typedef uint16_t  WORD, USHORT, WCHAR;
typedef int16_t   SHORT, CSHORT;
typedef uint32_t  ULONG, DWORD, UINT, ULONG32, DWORD32;
typedef int32_t   LONG, INT, LONG32, BOOL;
typedef int64_t   LONGLONG, LONG64;
typedef uint64_t  ULONGLONG, ULONG64, DWORD64, DWORDLONG;
typedef uintptr_t ULONG_PTR, SIZE_T, DWORD_PTR, KAFFINITY;
typedef intptr_t  LONG_PTR, SSIZE_T, INT_PTR;
typedef uintptr_t UINT_PTR;
typedef LONG      NTSTATUS;
typedef LONG      KPRIORITY;
typedef ULONG     ACCESS_MASK;
typedef ULONG     LCID;
typedef USHORT    LANGID;
typedef USHORT    RTL_ATOM;
typedef void     *HANDLE;
typedef void     *PVOID;
typedef void     *HMODULE;
typedef void     *PSID;                   /* points at a SID */
typedef void     *PSECURITY_DESCRIPTOR;   /* points at a SECURITY_DESCRIPTOR */
typedef ULONG     SECURITY_INFORMATION;

typedef const void *LPCVOID;
typedef HANDLE     *PHANDLE;
typedef BYTE       *PBYTE;
typedef UCHAR      *PUCHAR;
typedef BOOLEAN    *PBOOLEAN;
typedef CHAR       *PCHAR, *PSTR;
typedef const CHAR *PCSTR, *PCSZ;
typedef WCHAR      *PWCHAR, *PWSTR;
typedef const WCHAR *PCWSTR;
typedef USHORT     *PUSHORT;
typedef WORD       *PWORD;
typedef ULONG      *PULONG;
typedef DWORD      *PDWORD;
typedef LONG       *PLONG;
typedef ULONGLONG  *PULONGLONG;
typedef ULONG64    *PULONG64;
typedef LONGLONG   *PLONGLONG;
typedef ULONG_PTR  *PULONG_PTR;
typedef SIZE_T     *PSIZE_T;
typedef NTSTATUS   *PNTSTATUS;
typedef ACCESS_MASK *PACCESS_MASK;
typedef RTL_ATOM   *PRTL_ATOM;

#define NT_SUCCESS(status)     (((NTSTATUS)(status)) >= 0)
#define NT_INFORMATION(status) ((((ULONG)(status)) >> 30) == 1)
#define NT_WARNING(status)     ((((ULONG)(status)) >> 30) == 2)
#define NT_ERROR(status)       ((((ULONG)(status)) >> 30) == 3)

/* Pseudo-handles understood by every handle-taking system call. */
#define NtCurrentProcess()               ((HANDLE)(LONG_PTR)-1)
#define NtCurrentThread()                ((HANDLE)(LONG_PTR)-2)
#define NtCurrentSession()               ((HANDLE)(LONG_PTR)-3)
#define NtCurrentProcessToken()          ((HANDLE)(LONG_PTR)-4)
#define NtCurrentThreadToken()           ((HANDLE)(LONG_PTR)-5)
#define NtCurrentThreadEffectiveToken()  ((HANDLE)(LONG_PTR)-6)

/* ---------------------------------------------------------------------- */
/* 3. Small structures                                                    */
/* ---------------------------------------------------------------------- */

/* 64-bit value that Windows code also reads as two 32-bit halves. */
typedef union _LARGE_INTEGER {
    struct {
        ULONG LowPart;
        LONG  HighPart;
    };
    struct {
        ULONG LowPart;
        LONG  HighPart;
    } u;
    LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;

typedef union _ULARGE_INTEGER {
    struct {
        ULONG LowPart;
        ULONG HighPart;
    };
    struct {
        ULONG LowPart;
        ULONG HighPart;
    } u;
    ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;

/* Doubly linked list threaded through the containing structures. */
typedef struct _LIST_ENTRY {
    struct _LIST_ENTRY *Flink;
    struct _LIST_ENTRY *Blink;
} LIST_ENTRY, *PLIST_ENTRY;

typedef struct _SINGLE_LIST_ENTRY {
    struct _SINGLE_LIST_ENTRY *Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

/* Counted strings.  Length and MaximumLength are in bytes, not characters,
 * and the buffer need not be NUL-terminated. */
typedef struct _UNICODE_STRING {
    USHORT Length;
    USHORT MaximumLength;
    PWSTR  Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING *PCUNICODE_STRING;

typedef struct _STRING {
    USHORT Length;
    USHORT MaximumLength;
    PCHAR  Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING *PCANSI_STRING, *PCOEM_STRING;

#define UNICODE_STRING_MAX_BYTES 65534
#define UNICODE_STRING_MAX_CHARS 32767

typedef struct _CLIENT_ID {
    HANDLE UniqueProcess;
    HANDLE UniqueThread;
} CLIENT_ID, *PCLIENT_ID;

typedef struct _GUID {
    uint32_t Data1;
    uint16_t Data2;
    uint16_t Data3;
    uint8_t  Data4[8];
} GUID, *PGUID;

/* Locally unique identifier (privileges, logon sessions, token ids). */
typedef struct _LUID {
    ULONG LowPart;
    LONG  HighPart;
} LUID, *PLUID;

/* One 128-bit XMM/x87 register image; 16-byte aligned like the hardware
 * save areas that contain it. */
typedef struct __attribute__((aligned(16))) _M128A {
    ULONGLONG Low;
    LONGLONG  High;
} M128A, *PM128A;

/* ---------------------------------------------------------------------- */
/* 4. Object attributes, I/O status, callback types                       */
/* ---------------------------------------------------------------------- */

/* Names an object for Nt{Create,Open}*: ObjectName is relative to
 * RootDirectory when that is non-NULL. */
typedef struct _OBJECT_ATTRIBUTES {
    ULONG           Length;                    /* sizeof(OBJECT_ATTRIBUTES) */
    HANDLE          RootDirectory;
    PUNICODE_STRING ObjectName;
    ULONG           Attributes;                /* OBJ_* */
    PVOID           SecurityDescriptor;        /* SECURITY_DESCRIPTOR * */
    PVOID           SecurityQualityOfService;  /* SECURITY_QUALITY_OF_SERVICE * */
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;

/* OBJECT_ATTRIBUTES.Attributes */
#define OBJ_PROTECT_CLOSE                  0x00000001
#define OBJ_INHERIT                        0x00000002
#define OBJ_AUDIT_OBJECT_CLOSE             0x00000004
#define OBJ_PERMANENT                      0x00000010
#define OBJ_EXCLUSIVE                      0x00000020
#define OBJ_CASE_INSENSITIVE               0x00000040
#define OBJ_OPENIF                         0x00000080
#define OBJ_OPENLINK                       0x00000100
#define OBJ_KERNEL_HANDLE                  0x00000200
#define OBJ_FORCE_ACCESS_CHECK             0x00000400
#define OBJ_IGNORE_IMPERSONATED_DEVICEMAP  0x00000800
#define OBJ_DONT_REPARSE                   0x00001000
/* Windows 10's mask.  Wine 8.0's headers say 0x3f2 (they predate the last
 * three flags); no Wine PE DLL depends on the difference. */
#define OBJ_VALID_ATTRIBUTES               0x00001ff2

/* Completion record written by every I/O system call. */
typedef struct _IO_STATUS_BLOCK {
    union {
        NTSTATUS Status;
        PVOID    Pointer;
    };
    ULONG_PTR Information;      /* bytes transferred, or FILE_OPENED etc. */
} IO_STATUS_BLOCK, *PIO_STATUS_BLOCK;

/* One element of NtReadFileScatter's / NtWriteFileGather's array: the
 * address of one page of the caller's memory (64 bits on every platform). */
typedef union _FILE_SEGMENT_ELEMENT {
    PVOID     Buffer;
    ULONGLONG Alignment;
} FILE_SEGMENT_ELEMENT, *PFILE_SEGMENT_ELEMENT;

/* Callbacks that live in Windows code (we only ever store or queue them). */
typedef void (NTAPI *PIO_APC_ROUTINE)(PVOID ApcContext, PIO_STATUS_BLOCK IoStatusBlock,
                                      ULONG Reserved);
typedef void (NTAPI *PPS_APC_ROUTINE)(ULONG_PTR Arg1, ULONG_PTR Arg2, ULONG_PTR Arg3);
typedef PPS_APC_ROUTINE PNTAPCFUNC;     /* Wine 8.0's name for the same type */
typedef void (NTAPI *PTIMER_APC_ROUTINE)(PVOID Context, ULONG TimerLowValue,
                                         LONG TimerHighValue);
typedef void (NTAPI *PRTL_THREAD_START_ROUTINE)(PVOID Argument);
typedef ULONG (NTAPI *PUSER_THREAD_START_ROUTINE)(PVOID Argument);

/* ---------------------------------------------------------------------- */
/* 5. Access rights                                                       */
/* ---------------------------------------------------------------------- */

/* Standard rights: bits 16-20, meaningful for every object type.
 * (glibc's <arpa/nameser_compat.h>, pulled in by <resolv.h>, also defines
 * DELETE; include that first if at all, ours wins.) */
#undef DELETE
#define DELETE                        0x00010000
#define READ_CONTROL                  0x00020000
#define WRITE_DAC                     0x00040000
#define WRITE_OWNER                   0x00080000
#define SYNCHRONIZE                   0x00100000

#define STANDARD_RIGHTS_REQUIRED      0x000f0000
#define STANDARD_RIGHTS_READ          READ_CONTROL
#define STANDARD_RIGHTS_WRITE         READ_CONTROL
#define STANDARD_RIGHTS_EXECUTE       READ_CONTROL
#define STANDARD_RIGHTS_ALL           0x001f0000
#define SPECIFIC_RIGHTS_ALL           0x0000ffff

#define ACCESS_SYSTEM_SECURITY        0x01000000
#define MAXIMUM_ALLOWED               0x02000000

/* Generic rights, mapped to specific ones through a GENERIC_MAPPING. */
#define GENERIC_ALL                   0x10000000
#define GENERIC_EXECUTE               0x20000000
#define GENERIC_WRITE                 0x40000000
#define GENERIC_READ                  0x80000000

typedef struct _GENERIC_MAPPING {
    ACCESS_MASK GenericRead;
    ACCESS_MASK GenericWrite;
    ACCESS_MASK GenericExecute;
    ACCESS_MASK GenericAll;
} GENERIC_MAPPING, *PGENERIC_MAPPING;

/* Files, directories, pipes (several names share one bit). */
#define FILE_READ_DATA                0x0001  /* file, pipe */
#define FILE_LIST_DIRECTORY           0x0001  /* directory */
#define FILE_WRITE_DATA               0x0002  /* file, pipe */
#define FILE_ADD_FILE                 0x0002  /* directory */
#define FILE_APPEND_DATA              0x0004  /* file */
#define FILE_ADD_SUBDIRECTORY         0x0004  /* directory */
#define FILE_CREATE_PIPE_INSTANCE     0x0004  /* named pipe */
#define FILE_READ_EA                  0x0008
#define FILE_READ_PROPERTIES          FILE_READ_EA
#define FILE_WRITE_EA                 0x0010
#define FILE_WRITE_PROPERTIES         FILE_WRITE_EA
#define FILE_EXECUTE                  0x0020  /* file */
#define FILE_TRAVERSE                 0x0020  /* directory */
#define FILE_DELETE_CHILD             0x0040  /* directory */
#define FILE_READ_ATTRIBUTES          0x0080
#define FILE_WRITE_ATTRIBUTES         0x0100
#define FILE_ALL_ACCESS               (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x01ff)
#define FILE_GENERIC_READ             (STANDARD_RIGHTS_READ | FILE_READ_DATA | \
                                       FILE_READ_ATTRIBUTES | FILE_READ_EA | SYNCHRONIZE)
#define FILE_GENERIC_WRITE            (STANDARD_RIGHTS_WRITE | FILE_WRITE_DATA | \
                                       FILE_WRITE_ATTRIBUTES | FILE_WRITE_EA | \
                                       FILE_APPEND_DATA | SYNCHRONIZE)
#define FILE_GENERIC_EXECUTE          (STANDARD_RIGHTS_EXECUTE | FILE_EXECUTE | \
                                       FILE_READ_ATTRIBUTES | SYNCHRONIZE)

/* Events */
#define EVENT_QUERY_STATE             0x0001
#define EVENT_MODIFY_STATE            0x0002
#define EVENT_ALL_ACCESS              (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x0003)

/* Mutants (mutexes) */
#define MUTANT_QUERY_STATE            0x0001
#define MUTANT_ALL_ACCESS             (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | MUTANT_QUERY_STATE)

/* Semaphores */
#define SEMAPHORE_QUERY_STATE         0x0001
#define SEMAPHORE_MODIFY_STATE        0x0002
#define SEMAPHORE_ALL_ACCESS          (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x0003)

/* Timers */
#define TIMER_QUERY_STATE             0x0001
#define TIMER_MODIFY_STATE            0x0002
#define TIMER_ALL_ACCESS              (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x0003)

/* Keyed events (no SYNCHRONIZE: they cannot be waited on directly) */
#define KEYEDEVENT_WAIT               0x0001
#define KEYEDEVENT_WAKE               0x0002
#define KEYEDEVENT_ALL_ACCESS         (STANDARD_RIGHTS_REQUIRED | 0x0003)

/* I/O completion ports */
#define IO_COMPLETION_QUERY_STATE     0x0001
#define IO_COMPLETION_MODIFY_STATE    0x0002
#define IO_COMPLETION_ALL_ACCESS      (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x0003)

/* Sections */
#define SECTION_QUERY                 0x0001
#define SECTION_MAP_WRITE             0x0002
#define SECTION_MAP_READ              0x0004
#define SECTION_MAP_EXECUTE           0x0008
#define SECTION_EXTEND_SIZE           0x0010
#define SECTION_MAP_EXECUTE_EXPLICIT  0x0020
#define SECTION_ALL_ACCESS            (STANDARD_RIGHTS_REQUIRED | 0x001f)

/* Registry keys.  KEY_READ etc. deliberately exclude SYNCHRONIZE. */
#define KEY_QUERY_VALUE               0x0001
#define KEY_SET_VALUE                 0x0002
#define KEY_CREATE_SUB_KEY            0x0004
#define KEY_ENUMERATE_SUB_KEYS        0x0008
#define KEY_NOTIFY                    0x0010
#define KEY_CREATE_LINK               0x0020
#define KEY_WOW64_64KEY               0x0100
#define KEY_WOW64_32KEY               0x0200
#define KEY_WOW64_RES                 0x0300
#define KEY_READ                      ((STANDARD_RIGHTS_READ | KEY_QUERY_VALUE | \
                                        KEY_ENUMERATE_SUB_KEYS | KEY_NOTIFY) & ~SYNCHRONIZE)
#define KEY_WRITE                     ((STANDARD_RIGHTS_WRITE | KEY_SET_VALUE | \
                                        KEY_CREATE_SUB_KEY) & ~SYNCHRONIZE)
#define KEY_EXECUTE                   (KEY_READ & ~SYNCHRONIZE)
#define KEY_ALL_ACCESS                ((STANDARD_RIGHTS_ALL | KEY_QUERY_VALUE | KEY_SET_VALUE | \
                                        KEY_CREATE_SUB_KEY | KEY_ENUMERATE_SUB_KEYS | \
                                        KEY_NOTIFY | KEY_CREATE_LINK) & ~SYNCHRONIZE)

/* Processes */
#define PROCESS_TERMINATE                 0x0001
#define PROCESS_CREATE_THREAD             0x0002
#define PROCESS_SET_SESSIONID             0x0004
#define PROCESS_VM_OPERATION              0x0008
#define PROCESS_VM_READ                   0x0010
#define PROCESS_VM_WRITE                  0x0020
#define PROCESS_DUP_HANDLE                0x0040
#define PROCESS_CREATE_PROCESS            0x0080
#define PROCESS_SET_QUOTA                 0x0100
#define PROCESS_SET_INFORMATION           0x0200
#define PROCESS_QUERY_INFORMATION         0x0400
#define PROCESS_SUSPEND_RESUME            0x0800
#define PROCESS_QUERY_LIMITED_INFORMATION 0x1000
#define PROCESS_SET_LIMITED_INFORMATION   0x2000
#define PROCESS_ALL_ACCESS                (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff)

/* Threads */
#define THREAD_TERMINATE                  0x0001
#define THREAD_SUSPEND_RESUME             0x0002
#define THREAD_ALERT                      0x0004
#define THREAD_GET_CONTEXT                0x0008
#define THREAD_SET_CONTEXT                0x0010
#define THREAD_SET_INFORMATION            0x0020
#define THREAD_QUERY_INFORMATION          0x0040
#define THREAD_SET_THREAD_TOKEN           0x0080
#define THREAD_IMPERSONATE                0x0100
#define THREAD_DIRECT_IMPERSONATION       0x0200
#define THREAD_SET_LIMITED_INFORMATION    0x0400
#define THREAD_QUERY_LIMITED_INFORMATION  0x0800
#define THREAD_RESUME                     0x1000
#define THREAD_ALL_ACCESS                 (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0xffff)

/* Jobs */
#define JOB_OBJECT_ASSIGN_PROCESS           0x0001
#define JOB_OBJECT_SET_ATTRIBUTES           0x0002
#define JOB_OBJECT_QUERY                    0x0004
#define JOB_OBJECT_TERMINATE                0x0008
#define JOB_OBJECT_SET_SECURITY_ATTRIBUTES  0x0010
#define JOB_OBJECT_IMPERSONATE              0x0020
#define JOB_OBJECT_ALL_ACCESS               (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x003f)

/* Object directories */
#define DIRECTORY_QUERY               0x0001
#define DIRECTORY_TRAVERSE            0x0002
#define DIRECTORY_CREATE_OBJECT       0x0004
#define DIRECTORY_CREATE_SUBDIRECTORY 0x0008
#define DIRECTORY_ALL_ACCESS          (STANDARD_RIGHTS_REQUIRED | 0x000f)

/* Symbolic links */
#define SYMBOLIC_LINK_QUERY           0x0001
#define SYMBOLIC_LINK_SET             0x0002
#define SYMBOLIC_LINK_ALL_ACCESS      (STANDARD_RIGHTS_REQUIRED | 0x0001)

/* Debug objects */
#define DEBUG_READ_EVENT              0x0001
#define DEBUG_PROCESS_ASSIGN          0x0002
#define DEBUG_SET_INFORMATION         0x0004
#define DEBUG_QUERY_INFORMATION       0x0008
#define DEBUG_ALL_ACCESS              (STANDARD_RIGHTS_REQUIRED | SYNCHRONIZE | 0x000f)

/* Access tokens */
#define TOKEN_ASSIGN_PRIMARY          0x0001
#define TOKEN_DUPLICATE               0x0002
#define TOKEN_IMPERSONATE             0x0004
#define TOKEN_QUERY                   0x0008
#define TOKEN_QUERY_SOURCE            0x0010
#define TOKEN_ADJUST_PRIVILEGES       0x0020
#define TOKEN_ADJUST_GROUPS           0x0040
#define TOKEN_ADJUST_DEFAULT          0x0080
#define TOKEN_ADJUST_SESSIONID        0x0100
#define TOKEN_EXECUTE                 STANDARD_RIGHTS_EXECUTE
#define TOKEN_READ                    (STANDARD_RIGHTS_READ | TOKEN_QUERY)
#define TOKEN_WRITE                   (STANDARD_RIGHTS_WRITE | TOKEN_ADJUST_PRIVILEGES | \
                                       TOKEN_ADJUST_GROUPS | TOKEN_ADJUST_DEFAULT)
#define TOKEN_ALL_ACCESS              (STANDARD_RIGHTS_REQUIRED | TOKEN_ASSIGN_PRIMARY | \
                                       TOKEN_DUPLICATE | TOKEN_IMPERSONATE | TOKEN_QUERY | \
                                       TOKEN_QUERY_SOURCE | TOKEN_ADJUST_PRIVILEGES | \
                                       TOKEN_ADJUST_GROUPS | TOKEN_ADJUST_SESSIONID | \
                                       TOKEN_ADJUST_DEFAULT)

/* NtDuplicateObject options */
#define DUPLICATE_CLOSE_SOURCE        0x00000001
#define DUPLICATE_SAME_ACCESS         0x00000002
#define DUPLICATE_SAME_ATTRIBUTES     0x00000004

/* ---------------------------------------------------------------------- */
/* 6. Virtual memory and sections                                         */
/* ---------------------------------------------------------------------- */

/* Page protections (exactly one of the first eight, plus modifiers). */
#define PAGE_NOACCESS                 0x00000001
#define PAGE_READONLY                 0x00000002
#define PAGE_READWRITE                0x00000004
#define PAGE_WRITECOPY                0x00000008
#define PAGE_EXECUTE                  0x00000010
#define PAGE_EXECUTE_READ             0x00000020
#define PAGE_EXECUTE_READWRITE        0x00000040
#define PAGE_EXECUTE_WRITECOPY        0x00000080
#define PAGE_GUARD                    0x00000100
#define PAGE_NOCACHE                  0x00000200
#define PAGE_WRITECOMBINE             0x00000400
#define PAGE_TARGETS_INVALID          0x40000000
#define PAGE_TARGETS_NO_UPDATE        0x40000000

/* Allocation types (NtAllocateVirtualMemory[Ex]) */
#define MEM_COMMIT                    0x00001000
#define MEM_RESERVE                   0x00002000
#define MEM_REPLACE_PLACEHOLDER       0x00004000
#define MEM_RESERVE_PLACEHOLDER       0x00040000
#define MEM_RESET                     0x00080000
#define MEM_TOP_DOWN                  0x00100000
#define MEM_WRITE_WATCH               0x00200000
#define MEM_PHYSICAL                  0x00400000
#define MEM_ROTATE                    0x00800000
#define MEM_RESET_UNDO                0x01000000  /* SDK value; Wine 8.0's header says 0x10000000 */
#define MEM_LARGE_PAGES               0x20000000
#define MEM_4MB_PAGES                 0x80000000

/* Free types (NtFreeVirtualMemory) */
#define MEM_COALESCE_PLACEHOLDERS     0x00000001
#define MEM_PRESERVE_PLACEHOLDER      0x00000002
#define MEM_DECOMMIT                  0x00004000
#define MEM_RELEASE                   0x00008000

/* Region states and types (MEMORY_BASIC_INFORMATION) */
#define MEM_FREE                      0x00010000
#define MEM_PRIVATE                   0x00020000
#define MEM_MAPPED                    0x00040000
#define MEM_IMAGE                     0x01000000

/* Section attributes (NtCreateSection AllocationAttributes) */
#define SEC_HUGE_PAGES                0x00020000
#define SEC_PARTITION_OWNER_HANDLE    0x00040000
#define SEC_64K_PAGES                 0x00080000
#define SEC_FILE                      0x00800000
#define SEC_IMAGE                     0x01000000
#define SEC_PROTECTED_IMAGE           0x02000000
#define SEC_RESERVE                   0x04000000
#define SEC_COMMIT                    0x08000000
#define SEC_NOCACHE                   0x10000000
#define SEC_WRITECOMBINE              0x40000000
#define SEC_LARGE_PAGES               0x80000000
#define SEC_IMAGE_NO_EXECUTE          (SEC_IMAGE | SEC_NOCACHE)

/* NtMapViewOfSection AllocationType extras */
#define AT_ROUND_TO_PAGE              0x40000000

/* NtGetWriteWatch flags */
#define WRITE_WATCH_FLAG_RESET        0x00000001

/* ProcessExecuteFlags values */
#define MEM_EXECUTE_OPTION_DISABLE                 0x01
#define MEM_EXECUTE_OPTION_ENABLE                  0x02
#define MEM_EXECUTE_OPTION_DISABLE_THUNK_EMULATION 0x04
#define MEM_EXECUTE_OPTION_PERMANENT               0x08

/* Extended parameters of NtAllocateVirtualMemoryEx / NtMapViewOfSectionEx */
typedef struct _MEM_ADDRESS_REQUIREMENTS {
    PVOID  LowestStartingAddress;
    PVOID  HighestEndingAddress;
    SIZE_T Alignment;
} MEM_ADDRESS_REQUIREMENTS, *PMEM_ADDRESS_REQUIREMENTS;

typedef enum _MEM_EXTENDED_PARAMETER_TYPE {
    MemExtendedParameterInvalidType = 0,
    MemExtendedParameterAddressRequirements = 1,
    MemExtendedParameterNumaNode = 2,
    MemExtendedParameterPartitionHandle = 3,
    MemExtendedParameterUserPhysicalHandle = 4,
    MemExtendedParameterAttributeFlags = 5,
    MemExtendedParameterImageMachine = 6,
    MemExtendedParameterMax
} MEM_EXTENDED_PARAMETER_TYPE, *PMEM_EXTENDED_PARAMETER_TYPE;

#define MEM_EXTENDED_PARAMETER_TYPE_BITS 8

typedef struct __attribute__((aligned(8))) _MEM_EXTENDED_PARAMETER {
    struct {
        DWORD64 Type : MEM_EXTENDED_PARAMETER_TYPE_BITS;   /* MEM_EXTENDED_PARAMETER_TYPE */
        DWORD64 Reserved : 64 - MEM_EXTENDED_PARAMETER_TYPE_BITS;
    };
    union {
        DWORD64 ULong64;
        PVOID   Pointer;
        SIZE_T  Size;
        HANDLE  Handle;
        DWORD   ULong;
    };
} MEM_EXTENDED_PARAMETER, *PMEM_EXTENDED_PARAMETER;

/* ---------------------------------------------------------------------- */
/* 7. Files                                                               */
/* ---------------------------------------------------------------------- */

/* Share access */
#define FILE_SHARE_READ               0x00000001
#define FILE_SHARE_WRITE              0x00000002
#define FILE_SHARE_DELETE             0x00000004
#define FILE_SHARE_VALID_FLAGS        0x00000007

/* NtCreateFile CreateDisposition */
#define FILE_SUPERSEDE                0
#define FILE_OPEN                     1
#define FILE_CREATE                   2
#define FILE_OPEN_IF                  3
#define FILE_OVERWRITE                4
#define FILE_OVERWRITE_IF             5
#define FILE_MAXIMUM_DISPOSITION      5

/* NtCreateFile / NtOpenFile CreateOptions */
#define FILE_DIRECTORY_FILE            0x00000001
#define FILE_WRITE_THROUGH             0x00000002
#define FILE_SEQUENTIAL_ONLY           0x00000004
#define FILE_NO_INTERMEDIATE_BUFFERING 0x00000008
#define FILE_SYNCHRONOUS_IO_ALERT      0x00000010
#define FILE_SYNCHRONOUS_IO_NONALERT   0x00000020
#define FILE_NON_DIRECTORY_FILE        0x00000040
#define FILE_CREATE_TREE_CONNECTION    0x00000080
#define FILE_COMPLETE_IF_OPLOCKED      0x00000100
#define FILE_NO_EA_KNOWLEDGE           0x00000200
#define FILE_OPEN_FOR_RECOVERY         0x00000400
#define FILE_RANDOM_ACCESS             0x00000800
#define FILE_DELETE_ON_CLOSE           0x00001000
#define FILE_OPEN_BY_FILE_ID           0x00002000
#define FILE_OPEN_FOR_BACKUP_INTENT    0x00004000
#define FILE_NO_COMPRESSION            0x00008000
#define FILE_OPEN_REQUIRING_OPLOCK     0x00010000
#define FILE_DISALLOW_EXCLUSIVE        0x00020000
#define FILE_SESSION_AWARE             0x00040000
#define FILE_RESERVE_OPFILTER          0x00100000
#define FILE_OPEN_REPARSE_POINT        0x00200000
#define FILE_OPEN_NO_RECALL            0x00400000
#define FILE_OPEN_OFFLINE_FILE         FILE_OPEN_NO_RECALL   /* older name (Wine 8.0) */
#define FILE_OPEN_FOR_FREE_SPACE_QUERY 0x00800000
#define FILE_VALID_OPTION_FLAGS        0x00ffffff
#define FILE_VALID_PIPE_OPTION_FLAGS   0x00000032
#define FILE_VALID_MAILSLOT_OPTION_FLAGS 0x00000032
#define FILE_VALID_SET_FLAGS           0x00000036

/* IO_STATUS_BLOCK.Information after a successful create/open */
#define FILE_SUPERSEDED               0
#define FILE_OPENED                   1
#define FILE_CREATED                  2
#define FILE_OVERWRITTEN              3
#define FILE_EXISTS                   4
#define FILE_DOES_NOT_EXIST           5

/* Special ByteOffset values for NtReadFile / NtWriteFile */
#define FILE_WRITE_TO_END_OF_FILE      ((LONGLONG)-1)
#define FILE_USE_FILE_POINTER_POSITION ((LONGLONG)-2)

/* File attributes */
#define FILE_ATTRIBUTE_READONLY              0x00000001
#define FILE_ATTRIBUTE_HIDDEN                0x00000002
#define FILE_ATTRIBUTE_SYSTEM                0x00000004
#define FILE_ATTRIBUTE_DIRECTORY             0x00000010
#define FILE_ATTRIBUTE_ARCHIVE               0x00000020
#define FILE_ATTRIBUTE_DEVICE                0x00000040
#define FILE_ATTRIBUTE_NORMAL                0x00000080
#define FILE_ATTRIBUTE_TEMPORARY             0x00000100
#define FILE_ATTRIBUTE_SPARSE_FILE           0x00000200
#define FILE_ATTRIBUTE_REPARSE_POINT         0x00000400
#define FILE_ATTRIBUTE_COMPRESSED            0x00000800
#define FILE_ATTRIBUTE_OFFLINE               0x00001000
#define FILE_ATTRIBUTE_NOT_CONTENT_INDEXED   0x00002000
#define FILE_ATTRIBUTE_ENCRYPTED             0x00004000
#define FILE_ATTRIBUTE_INTEGRITY_STREAM      0x00008000
#define FILE_ATTRIBUTE_VIRTUAL               0x00010000
#define FILE_ATTRIBUTE_NO_SCRUB_DATA         0x00020000
#define FILE_ATTRIBUTE_EA                    0x00040000
#define FILE_ATTRIBUTE_RECALL_ON_OPEN        0x00040000
#define FILE_ATTRIBUTE_PINNED                0x00080000
#define FILE_ATTRIBUTE_UNPINNED              0x00100000
#define FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS 0x00400000
/* Attributes a caller may pass to NtCreateFile / set with FileBasicInformation */
#define FILE_ATTRIBUTE_VALID_FLAGS           0x00007fb7
#define FILE_ATTRIBUTE_VALID_SET_FLAGS       0x000031a7

/* ---------------------------------------------------------------------- */
/* 8. Kernel object enums                                                 */
/* ---------------------------------------------------------------------- */

typedef enum _EVENT_TYPE {
    NotificationEvent,          /* manual reset */
    SynchronizationEvent        /* auto reset */
} EVENT_TYPE;

typedef enum _TIMER_TYPE {
    NotificationTimer,
    SynchronizationTimer
} TIMER_TYPE;

typedef enum _WAIT_TYPE {
    WaitAll,
    WaitAny,
    WaitNotification
} WAIT_TYPE;

typedef enum _SECTION_INHERIT {
    ViewShare = 1,
    ViewUnmap = 2
} SECTION_INHERIT;

#define MAXIMUM_WAIT_OBJECTS  64
#define MAXIMUM_SUSPEND_COUNT 127

#endif /* KEEP_NT_TYPES_H */

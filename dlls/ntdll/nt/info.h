/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nt/info.h - information classes and the structures they return.
 *
 * Why we declare these ourselves: see nt/types.h.  Every Nt*Query/Set*
 * call takes a class number chosen by the caller; Wine 8.0's PE DLLs pass
 * Wine 8.0's numbers, so the enums below keep those values exactly
 * (check-layout.sh compares them with Wine's headers).  Where newer Windows
 * versions define more classes, they are listed too, marked "not in Wine
 * 8.0", so that the kernel can name them when it rejects them; the Max*
 * sentinel values are therefore ours, not Wine's.  Wine-only classes
 * (numbers >= 1000, compiled into Wine's DLLs under __WINESRC__) are
 * included because those DLLs really pass them.
 *
 * Structures with several layouts in Wine's headers (public SDK vs
 * __WINESRC__) use the __WINESRC__ layout, which is what the DLLs see.
 *
 * Divisions of this file:
 *   1. files: FILE_INFORMATION_CLASS, directory entries, notifications,
 *      pipes, device types
 *   2. volumes: FS_INFORMATION_CLASS
 *   3. processes: PROCESSINFOCLASS, process creation attributes
 *   4. threads: THREADINFOCLASS
 *   5. system: SYSTEM_INFORMATION_CLASS, processor topology
 *   6. virtual memory: MEMORY_INFORMATION_CLASS
 *   7. sections
 *   8. objects and object directories
 *   9. synchronization objects and completion ports
 *  10. registry
 *  11. security: SIDs, ACLs, security descriptors, tokens
 *  12. atoms
 *  13. layout checks
 */
#ifndef KEEP_NT_INFO_H
#define KEEP_NT_INFO_H

#include <stdint.h>
#include <stddef.h>
#include "types.h"
#include "structs.h"

/* ====================================================================== */
/* 1. Files                                                               */
/* ====================================================================== */

typedef enum _FILE_INFORMATION_CLASS {
    FileDirectoryInformation                     = 1,
    FileFullDirectoryInformation                 = 2,
    FileBothDirectoryInformation                 = 3,
    FileBasicInformation                         = 4,
    FileStandardInformation                      = 5,
    FileInternalInformation                      = 6,
    FileEaInformation                            = 7,
    FileAccessInformation                        = 8,
    FileNameInformation                          = 9,
    FileRenameInformation                        = 10,
    FileLinkInformation                          = 11,
    FileNamesInformation                         = 12,
    FileDispositionInformation                   = 13,
    FilePositionInformation                      = 14,
    FileFullEaInformation                        = 15,
    FileModeInformation                          = 16,
    FileAlignmentInformation                     = 17,
    FileAllInformation                           = 18,
    FileAllocationInformation                    = 19,
    FileEndOfFileInformation                     = 20,
    FileAlternateNameInformation                 = 21,
    FileStreamInformation                        = 22,
    FilePipeInformation                          = 23,
    FilePipeLocalInformation                     = 24,
    FilePipeRemoteInformation                    = 25,
    FileMailslotQueryInformation                 = 26,
    FileMailslotSetInformation                   = 27,
    FileCompressionInformation                   = 28,
    FileObjectIdInformation                      = 29,
    FileCompletionInformation                    = 30,
    FileMoveClusterInformation                   = 31,
    FileQuotaInformation                         = 32,
    FileReparsePointInformation                  = 33,
    FileNetworkOpenInformation                   = 34,
    FileAttributeTagInformation                  = 35,
    FileTrackingInformation                      = 36,
    FileIdBothDirectoryInformation               = 37,
    FileIdFullDirectoryInformation               = 38,
    FileValidDataLengthInformation               = 39,
    FileShortNameInformation                     = 40,
    FileIoCompletionNotificationInformation      = 41,
    FileIoStatusBlockRangeInformation            = 42,
    FileIoPriorityHintInformation                = 43,
    FileSfioReserveInformation                   = 44,
    FileSfioVolumeInformation                    = 45,
    FileHardLinkInformation                      = 46,
    FileProcessIdsUsingFileInformation           = 47,
    FileNormalizedNameInformation                = 48,
    FileNetworkPhysicalNameInformation           = 49,
    FileIdGlobalTxDirectoryInformation           = 50,
    FileIsRemoteDeviceInformation                = 51,
    FileAttributeCacheInformation                = 52,
    FileNumaNodeInformation                      = 53,
    FileStandardLinkInformation                  = 54,
    FileRemoteProtocolInformation                = 55,
    FileRenameInformationBypassAccessCheck       = 56,
    FileLinkInformationBypassAccessCheck         = 57,
    FileVolumeNameInformation                    = 58,
    FileIdInformation                            = 59,
    FileIdExtdDirectoryInformation               = 60,
    FileReplaceCompletionInformation             = 61,
    FileHardLinkFullIdInformation                = 62,
    FileIdExtdBothDirectoryInformation           = 63,
    FileDispositionInformationEx                 = 64,   /* not in Wine 8.0 */
    FileRenameInformationEx                      = 65,   /* not in Wine 8.0 */
    FileRenameInformationExBypassAccessCheck     = 66,   /* not in Wine 8.0 */
    FileDesiredStorageClassInformation           = 67,   /* not in Wine 8.0 */
    FileStatInformation                          = 68,   /* not in Wine 8.0 */
    FileMemoryPartitionInformation               = 69,   /* not in Wine 8.0 */
    FileStatLxInformation                        = 70,   /* not in Wine 8.0 */
    FileCaseSensitiveInformation                 = 71,   /* not in Wine 8.0 */
    FileLinkInformationEx                        = 72,   /* not in Wine 8.0 */
    FileLinkInformationExBypassAccessCheck       = 73,   /* not in Wine 8.0 */
    FileStorageReserveIdInformation              = 74,   /* not in Wine 8.0 */
    FileCaseSensitiveInformationForceAccessCheck = 75,   /* not in Wine 8.0 */
    FileMaximumInformation                                /* Wine 8.0's value is 64 */
} FILE_INFORMATION_CLASS, *PFILE_INFORMATION_CLASS;

/* FileBasicInformation (times: 100ns units since 1601; 0 and -1 mean
 * "leave unchanged" when setting) */
typedef struct _FILE_BASIC_INFORMATION {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    ULONG         FileAttributes;
} FILE_BASIC_INFORMATION, *PFILE_BASIC_INFORMATION;

/* FileStandardInformation */
typedef struct _FILE_STANDARD_INFORMATION {
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG         NumberOfLinks;
    BOOLEAN       DeletePending;
    BOOLEAN       Directory;
} FILE_STANDARD_INFORMATION, *PFILE_STANDARD_INFORMATION;

/* FileInternalInformation: a number unique to the file on its volume */
typedef struct _FILE_INTERNAL_INFORMATION {
    LARGE_INTEGER IndexNumber;
} FILE_INTERNAL_INFORMATION, *PFILE_INTERNAL_INFORMATION;

/* FileEaInformation */
typedef struct _FILE_EA_INFORMATION {
    ULONG EaSize;
} FILE_EA_INFORMATION, *PFILE_EA_INFORMATION;

/* FileAccessInformation: the handle's granted access */
typedef struct _FILE_ACCESS_INFORMATION {
    ACCESS_MASK AccessFlags;
} FILE_ACCESS_INFORMATION, *PFILE_ACCESS_INFORMATION;

/* FileNameInformation, FileAlternateNameInformation,
 * FileNormalizedNameInformation.  FileNameLength is in bytes. */
typedef struct _FILE_NAME_INFORMATION {
    ULONG FileNameLength;
    WCHAR FileName[ANYSIZE_ARRAY];
} FILE_NAME_INFORMATION, *PFILE_NAME_INFORMATION;

/* FileRenameInformation; the new name is relative to RootDirectory if set */
typedef struct _FILE_RENAME_INFORMATION {
    union {
        BOOLEAN ReplaceIfExists;
        ULONG   Flags;              /* FILE_RENAME_* with FileRenameInformationEx */
    };
    HANDLE RootDirectory;
    ULONG  FileNameLength;
    WCHAR  FileName[ANYSIZE_ARRAY];
} FILE_RENAME_INFORMATION, *PFILE_RENAME_INFORMATION;

/* FileLinkInformation (creates a hard link) */
typedef struct _FILE_LINK_INFORMATION {
    union {
        BOOLEAN ReplaceIfExists;
        ULONG   Flags;              /* FILE_LINK_* with FileLinkInformationEx */
    };
    HANDLE RootDirectory;
    ULONG  FileNameLength;
    WCHAR  FileName[ANYSIZE_ARRAY];
} FILE_LINK_INFORMATION, *PFILE_LINK_INFORMATION;

#define FILE_RENAME_REPLACE_IF_EXISTS                    0x00000001
#define FILE_RENAME_POSIX_SEMANTICS                      0x00000002
#define FILE_RENAME_SUPPRESS_PIN_STATE_INHERITANCE       0x00000004
#define FILE_RENAME_SUPPRESS_STORAGE_RESERVE_INHERITANCE 0x00000008
#define FILE_RENAME_NO_INCREASE_AVAILABLE_SPACE          0x00000010
#define FILE_RENAME_NO_DECREASE_AVAILABLE_SPACE          0x00000020
#define FILE_RENAME_IGNORE_READONLY_ATTRIBUTE            0x00000040
#define FILE_LINK_REPLACE_IF_EXISTS                      0x00000001
#define FILE_LINK_POSIX_SEMANTICS                        0x00000002
#define FILE_LINK_IGNORE_READONLY_ATTRIBUTE              0x00000040

/* FileNamesInformation (directory listing, names only) */
typedef struct _FILE_NAMES_INFORMATION {
    ULONG NextEntryOffset;
    ULONG FileIndex;
    ULONG FileNameLength;
    WCHAR FileName[ANYSIZE_ARRAY];
} FILE_NAMES_INFORMATION, *PFILE_NAMES_INFORMATION;

/* FileDispositionInformation */
typedef struct _FILE_DISPOSITION_INFORMATION {
    union {
        BOOLEAN DoDeleteFile;       /* Wine's name */
        BOOLEAN DeleteFile;         /* SDK name */
    };
} FILE_DISPOSITION_INFORMATION, *PFILE_DISPOSITION_INFORMATION;

/* FileDispositionInformationEx (not in Wine 8.0) */
typedef struct _FILE_DISPOSITION_INFORMATION_EX {
    ULONG Flags;                    /* FILE_DISPOSITION_* */
} FILE_DISPOSITION_INFORMATION_EX, *PFILE_DISPOSITION_INFORMATION_EX;

#define FILE_DISPOSITION_DO_NOT_DELETE             0x00000000
#define FILE_DISPOSITION_DELETE                    0x00000001
#define FILE_DISPOSITION_POSIX_SEMANTICS           0x00000002
#define FILE_DISPOSITION_FORCE_IMAGE_SECTION_CHECK 0x00000004
#define FILE_DISPOSITION_ON_CLOSE                  0x00000008
#define FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE 0x00000010

/* FilePositionInformation */
typedef struct _FILE_POSITION_INFORMATION {
    LARGE_INTEGER CurrentByteOffset;
} FILE_POSITION_INFORMATION, *PFILE_POSITION_INFORMATION;

/* FileFullEaInformation / NtQueryEaFile; name and value follow EaName */
typedef struct _FILE_FULL_EA_INFORMATION {
    ULONG  NextEntryOffset;
    UCHAR  Flags;                   /* FILE_NEED_EA */
    UCHAR  EaNameLength;            /* without the terminating NUL */
    USHORT EaValueLength;
    CHAR   EaName[ANYSIZE_ARRAY];
} FILE_FULL_EA_INFORMATION, *PFILE_FULL_EA_INFORMATION;

#define FILE_NEED_EA 0x00000080

/* FileModeInformation: the FILE_* create options kept on the handle
 * (write through, sequential only, no buffering, synchronous I/O,
 * delete on close) */
typedef struct _FILE_MODE_INFORMATION {
    ULONG Mode;
} FILE_MODE_INFORMATION, *PFILE_MODE_INFORMATION;

/* FileAlignmentInformation */
typedef struct _FILE_ALIGNMENT_INFORMATION {
    ULONG AlignmentRequirement;     /* FILE_*_ALIGNMENT */
} FILE_ALIGNMENT_INFORMATION, *PFILE_ALIGNMENT_INFORMATION;

#define FILE_BYTE_ALIGNMENT     0x00000000
#define FILE_WORD_ALIGNMENT     0x00000001
#define FILE_LONG_ALIGNMENT     0x00000003
#define FILE_QUAD_ALIGNMENT     0x00000007
#define FILE_OCTA_ALIGNMENT     0x0000000f
#define FILE_32_BYTE_ALIGNMENT  0x0000001f
#define FILE_64_BYTE_ALIGNMENT  0x0000003f
#define FILE_128_BYTE_ALIGNMENT 0x0000007f
#define FILE_256_BYTE_ALIGNMENT 0x000000ff
#define FILE_512_BYTE_ALIGNMENT 0x000001ff

/* FileAllInformation: everything above in one call */
typedef struct _FILE_ALL_INFORMATION {
    FILE_BASIC_INFORMATION     BasicInformation;
    FILE_STANDARD_INFORMATION  StandardInformation;
    FILE_INTERNAL_INFORMATION  InternalInformation;
    FILE_EA_INFORMATION        EaInformation;
    FILE_ACCESS_INFORMATION    AccessInformation;
    FILE_POSITION_INFORMATION  PositionInformation;
    FILE_MODE_INFORMATION      ModeInformation;
    FILE_ALIGNMENT_INFORMATION AlignmentInformation;
    FILE_NAME_INFORMATION      NameInformation;
} FILE_ALL_INFORMATION, *PFILE_ALL_INFORMATION;

/* FileAllocationInformation */
typedef struct _FILE_ALLOCATION_INFORMATION {
    LARGE_INTEGER AllocationSize;
} FILE_ALLOCATION_INFORMATION, *PFILE_ALLOCATION_INFORMATION;

/* FileEndOfFileInformation */
typedef struct _FILE_END_OF_FILE_INFORMATION {
    LARGE_INTEGER EndOfFile;
} FILE_END_OF_FILE_INFORMATION, *PFILE_END_OF_FILE_INFORMATION;

/* FileValidDataLengthInformation */
typedef struct _FILE_VALID_DATA_LENGTH_INFORMATION {
    LARGE_INTEGER ValidDataLength;
} FILE_VALID_DATA_LENGTH_INFORMATION, *PFILE_VALID_DATA_LENGTH_INFORMATION;

/* FileStreamInformation (one entry per data stream, "::$DATA" first) */
typedef struct _FILE_STREAM_INFORMATION {
    ULONG         NextEntryOffset;
    ULONG         StreamNameLength;
    LARGE_INTEGER StreamSize;
    LARGE_INTEGER StreamAllocationSize;
    WCHAR         StreamName[ANYSIZE_ARRAY];
} FILE_STREAM_INFORMATION, *PFILE_STREAM_INFORMATION;

/* FilePipeInformation */
typedef struct _FILE_PIPE_INFORMATION {
    ULONG ReadMode;                 /* FILE_PIPE_BYTE_STREAM_MODE / _MESSAGE_MODE */
    ULONG CompletionMode;           /* FILE_PIPE_QUEUE_OPERATION / _COMPLETE_OPERATION */
} FILE_PIPE_INFORMATION, *PFILE_PIPE_INFORMATION;

/* FilePipeLocalInformation */
typedef struct _FILE_PIPE_LOCAL_INFORMATION {
    ULONG NamedPipeType;
    ULONG NamedPipeConfiguration;
    ULONG MaximumInstances;
    ULONG CurrentInstances;
    ULONG InboundQuota;
    ULONG ReadDataAvailable;
    ULONG OutboundQuota;
    ULONG WriteQuotaAvailable;
    ULONG NamedPipeState;
    ULONG NamedPipeEnd;
} FILE_PIPE_LOCAL_INFORMATION, *PFILE_PIPE_LOCAL_INFORMATION;

/* Named pipe parameters (NtCreateNamedPipeFile, FilePipe*Information) */
#define FILE_PIPE_BYTE_STREAM_TYPE      0x00000000
#define FILE_PIPE_MESSAGE_TYPE          0x00000001
#define FILE_PIPE_TYPE_BYTE             FILE_PIPE_BYTE_STREAM_TYPE   /* Wine's names */
#define FILE_PIPE_TYPE_MESSAGE          FILE_PIPE_MESSAGE_TYPE
#define FILE_PIPE_ACCEPT_REMOTE_CLIENTS 0x00000000
#define FILE_PIPE_REJECT_REMOTE_CLIENTS 0x00000002
#define FILE_PIPE_TYPE_VALID_MASK       0x00000003
#define FILE_PIPE_BYTE_STREAM_MODE      0x00000000
#define FILE_PIPE_MESSAGE_MODE          0x00000001
#define FILE_PIPE_QUEUE_OPERATION       0x00000000
#define FILE_PIPE_COMPLETE_OPERATION    0x00000001
#define FILE_PIPE_INBOUND               0x00000000
#define FILE_PIPE_OUTBOUND              0x00000001
#define FILE_PIPE_FULL_DUPLEX           0x00000002
#define FILE_PIPE_DISCONNECTED_STATE    0x00000001
#define FILE_PIPE_LISTENING_STATE       0x00000002
#define FILE_PIPE_CONNECTED_STATE       0x00000003
#define FILE_PIPE_CLOSING_STATE         0x00000004
#define FILE_PIPE_CLIENT_END            0x00000000
#define FILE_PIPE_SERVER_END            0x00000001

/* FileMailslotQueryInformation / FileMailslotSetInformation */
typedef struct _FILE_MAILSLOT_QUERY_INFORMATION {
    ULONG         MaximumMessageSize;
    ULONG         MailslotQuota;
    ULONG         NextMessageSize;
    ULONG         MessagesAvailable;
    LARGE_INTEGER ReadTimeout;
} FILE_MAILSLOT_QUERY_INFORMATION, *PFILE_MAILSLOT_QUERY_INFORMATION;

typedef struct _FILE_MAILSLOT_SET_INFORMATION {
    LARGE_INTEGER ReadTimeout;      /* Wine 8.0 embeds the value (SDK: a pointer) */
} FILE_MAILSLOT_SET_INFORMATION, *PFILE_MAILSLOT_SET_INFORMATION;

#define MAILSLOT_NO_MESSAGE    ((ULONG)-1)
#define MAILSLOT_WAIT_FOREVER  ((ULONG)-1)

/* FileCompletionInformation: associate a handle with a completion port */
typedef struct _FILE_COMPLETION_INFORMATION {
    HANDLE    CompletionPort;
    ULONG_PTR CompletionKey;
} FILE_COMPLETION_INFORMATION, *PFILE_COMPLETION_INFORMATION;

/* FileNetworkOpenInformation */
typedef struct _FILE_NETWORK_OPEN_INFORMATION {
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG         FileAttributes;
} FILE_NETWORK_OPEN_INFORMATION, *PFILE_NETWORK_OPEN_INFORMATION;

/* FileAttributeTagInformation */
typedef struct _FILE_ATTRIBUTE_TAG_INFORMATION {
    ULONG FileAttributes;
    ULONG ReparseTag;               /* IO_REPARSE_TAG_* when FILE_ATTRIBUTE_REPARSE_POINT */
} FILE_ATTRIBUTE_TAG_INFORMATION, *PFILE_ATTRIBUTE_TAG_INFORMATION;

/* FileReparsePointInformation */
typedef struct _FILE_REPARSE_POINT_INFORMATION {
    LONGLONG FileReference;
    ULONG    Tag;
} FILE_REPARSE_POINT_INFORMATION, *PFILE_REPARSE_POINT_INFORMATION;

/* FileIoCompletionNotificationInformation */
typedef struct _FILE_IO_COMPLETION_NOTIFICATION_INFORMATION {
    ULONG Flags;                    /* FILE_SKIP_* */
} FILE_IO_COMPLETION_NOTIFICATION_INFORMATION, *PFILE_IO_COMPLETION_NOTIFICATION_INFORMATION;

#define FILE_SKIP_COMPLETION_PORT_ON_SUCCESS 0x1
#define FILE_SKIP_SET_EVENT_ON_HANDLE        0x2
#define FILE_SKIP_SET_USER_EVENT_ON_FAST_IO  0x4

/* FileIdInformation */
typedef struct _FILE_ID_128 {
    UCHAR Identifier[16];
} FILE_ID_128, *PFILE_ID_128;

typedef struct _FILE_ID_INFORMATION {
    ULONGLONG   VolumeSerialNumber;
    FILE_ID_128 FileId;
} FILE_ID_INFORMATION, *PFILE_ID_INFORMATION;

/* FileStatInformation (not in Wine 8.0) */
typedef struct _FILE_STAT_INFORMATION {
    LARGE_INTEGER FileId;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER AllocationSize;
    LARGE_INTEGER EndOfFile;
    ULONG         FileAttributes;
    ULONG         ReparseTag;
    ULONG         NumberOfLinks;
    ACCESS_MASK   EffectiveAccess;
} FILE_STAT_INFORMATION, *PFILE_STAT_INFORMATION;

/* FileCaseSensitiveInformation (not in Wine 8.0) */
typedef struct _FILE_CASE_SENSITIVE_INFORMATION {
    ULONG Flags;                    /* FILE_CS_FLAG_CASE_SENSITIVE_DIR */
} FILE_CASE_SENSITIVE_INFORMATION, *PFILE_CASE_SENSITIVE_INFORMATION;

#define FILE_CS_FLAG_CASE_SENSITIVE_DIR 0x00000001

/*
 * Directory entries returned by NtQueryDirectoryFile.  Entries are 8-byte
 * aligned; NextEntryOffset is 0 in the last one.  All names are counted in
 * bytes and not NUL-terminated.
 */

/* FileDirectoryInformation */
typedef struct _FILE_DIRECTORY_INFORMATION {
    ULONG         NextEntryOffset;
    ULONG         FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG         FileAttributes;
    ULONG         FileNameLength;
    WCHAR         FileName[ANYSIZE_ARRAY];
} FILE_DIRECTORY_INFORMATION, *PFILE_DIRECTORY_INFORMATION;

/* FileFullDirectoryInformation */
typedef struct _FILE_FULL_DIRECTORY_INFORMATION {
    ULONG         NextEntryOffset;
    ULONG         FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG         FileAttributes;
    ULONG         FileNameLength;
    ULONG         EaSize;
    WCHAR         FileName[ANYSIZE_ARRAY];
} FILE_FULL_DIRECTORY_INFORMATION, *PFILE_FULL_DIRECTORY_INFORMATION,
  FILE_FULL_DIR_INFORMATION, *PFILE_FULL_DIR_INFORMATION;

/* FileIdFullDirectoryInformation */
typedef struct _FILE_ID_FULL_DIRECTORY_INFORMATION {
    ULONG         NextEntryOffset;
    ULONG         FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG         FileAttributes;
    ULONG         FileNameLength;
    ULONG         EaSize;
    LARGE_INTEGER FileId;
    WCHAR         FileName[ANYSIZE_ARRAY];
} FILE_ID_FULL_DIRECTORY_INFORMATION, *PFILE_ID_FULL_DIRECTORY_INFORMATION,
  FILE_ID_FULL_DIR_INFORMATION, *PFILE_ID_FULL_DIR_INFORMATION;

/* FileBothDirectoryInformation (long and 8.3 names) */
typedef struct _FILE_BOTH_DIRECTORY_INFORMATION {
    ULONG         NextEntryOffset;
    ULONG         FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG         FileAttributes;
    ULONG         FileNameLength;
    ULONG         EaSize;
    CCHAR         ShortNameLength;  /* bytes */
    WCHAR         ShortName[12];
    WCHAR         FileName[ANYSIZE_ARRAY];
} FILE_BOTH_DIRECTORY_INFORMATION, *PFILE_BOTH_DIRECTORY_INFORMATION,
  FILE_BOTH_DIR_INFORMATION, *PFILE_BOTH_DIR_INFORMATION;

/* FileIdBothDirectoryInformation */
typedef struct _FILE_ID_BOTH_DIRECTORY_INFORMATION {
    ULONG         NextEntryOffset;
    ULONG         FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG         FileAttributes;
    ULONG         FileNameLength;
    ULONG         EaSize;
    CCHAR         ShortNameLength;
    WCHAR         ShortName[12];
    LARGE_INTEGER FileId;
    WCHAR         FileName[ANYSIZE_ARRAY];
} FILE_ID_BOTH_DIRECTORY_INFORMATION, *PFILE_ID_BOTH_DIRECTORY_INFORMATION,
  FILE_ID_BOTH_DIR_INFORMATION, *PFILE_ID_BOTH_DIR_INFORMATION;

/* FileIdGlobalTxDirectoryInformation */
typedef struct _FILE_ID_GLOBAL_TX_DIR_INFORMATION {
    ULONG         NextEntryOffset;
    ULONG         FileIndex;
    LARGE_INTEGER CreationTime;
    LARGE_INTEGER LastAccessTime;
    LARGE_INTEGER LastWriteTime;
    LARGE_INTEGER ChangeTime;
    LARGE_INTEGER EndOfFile;
    LARGE_INTEGER AllocationSize;
    ULONG         FileAttributes;
    ULONG         FileNameLength;
    LARGE_INTEGER FileId;
    GUID          LockingTransactionId;
    ULONG         TxInfoFlags;
    WCHAR         FileName[ANYSIZE_ARRAY];
} FILE_ID_GLOBAL_TX_DIR_INFORMATION, *PFILE_ID_GLOBAL_TX_DIR_INFORMATION;

/* NtQueryDirectoryFileEx QueryFlags */
#define SL_RESTART_SCAN                0x00000001
#define SL_RETURN_SINGLE_ENTRY         0x00000002
#define SL_INDEX_SPECIFIED             0x00000004
#define SL_RETURN_ON_DISK_ENTRIES_ONLY 0x00000008
#define SL_NO_CURSOR_UPDATE_QUERY      0x00000010

/* NtNotifyChangeDirectoryFile: CompletionFilter bits and result records */
#define FILE_NOTIFY_CHANGE_FILE_NAME    0x00000001
#define FILE_NOTIFY_CHANGE_DIR_NAME     0x00000002
#define FILE_NOTIFY_CHANGE_NAME         0x00000003
#define FILE_NOTIFY_CHANGE_ATTRIBUTES   0x00000004
#define FILE_NOTIFY_CHANGE_SIZE         0x00000008
#define FILE_NOTIFY_CHANGE_LAST_WRITE   0x00000010
#define FILE_NOTIFY_CHANGE_LAST_ACCESS  0x00000020
#define FILE_NOTIFY_CHANGE_CREATION     0x00000040
#define FILE_NOTIFY_CHANGE_EA           0x00000080
#define FILE_NOTIFY_CHANGE_SECURITY     0x00000100
#define FILE_NOTIFY_CHANGE_STREAM_NAME  0x00000200
#define FILE_NOTIFY_CHANGE_STREAM_SIZE  0x00000400
#define FILE_NOTIFY_CHANGE_STREAM_WRITE 0x00000800
#define FILE_NOTIFY_VALID_MASK          0x00000fff

#define FILE_ACTION_ADDED                   0x00000001
#define FILE_ACTION_REMOVED                 0x00000002
#define FILE_ACTION_MODIFIED                0x00000003
#define FILE_ACTION_RENAMED_OLD_NAME        0x00000004
#define FILE_ACTION_RENAMED_NEW_NAME        0x00000005
#define FILE_ACTION_ADDED_STREAM            0x00000006
#define FILE_ACTION_REMOVED_STREAM          0x00000007
#define FILE_ACTION_MODIFIED_STREAM         0x00000008
#define FILE_ACTION_REMOVED_BY_DELETE       0x00000009
#define FILE_ACTION_ID_NOT_TUNNELLED        0x0000000a
#define FILE_ACTION_TUNNELLED_ID_COLLISION  0x0000000b

typedef struct _FILE_NOTIFY_INFORMATION {
    ULONG NextEntryOffset;
    ULONG Action;                   /* FILE_ACTION_* */
    ULONG FileNameLength;
    WCHAR FileName[ANYSIZE_ARRAY];
} FILE_NOTIFY_INFORMATION, *PFILE_NOTIFY_INFORMATION;

/* Reparse tags (FILE_ATTRIBUTE_TAG_INFORMATION.ReparseTag) */
#define IO_REPARSE_TAG_MOUNT_POINT   0xA0000003
#define IO_REPARSE_TAG_SYMLINK       0xA000000C
#define IO_REPARSE_TAG_LX_SYMLINK    0xA000001D
#define IO_REPARSE_TAG_AF_UNIX       0x80000023
#define IO_REPARSE_TAG_APPEXECLINK   0x8000001B

/* Device types (FILE_FS_DEVICE_INFORMATION.DeviceType, CTL_CODE) */
typedef ULONG DEVICE_TYPE;

#define FILE_DEVICE_BEEP                0x00000001
#define FILE_DEVICE_CD_ROM              0x00000002
#define FILE_DEVICE_CD_ROM_FILE_SYSTEM  0x00000003
#define FILE_DEVICE_CONTROLLER          0x00000004
#define FILE_DEVICE_DATALINK            0x00000005
#define FILE_DEVICE_DFS                 0x00000006
#define FILE_DEVICE_DISK                0x00000007
#define FILE_DEVICE_DISK_FILE_SYSTEM    0x00000008
#define FILE_DEVICE_FILE_SYSTEM         0x00000009
#define FILE_DEVICE_INPORT_PORT         0x0000000a
#define FILE_DEVICE_KEYBOARD            0x0000000b
#define FILE_DEVICE_MAILSLOT            0x0000000c
#define FILE_DEVICE_MIDI_IN             0x0000000d
#define FILE_DEVICE_MIDI_OUT            0x0000000e
#define FILE_DEVICE_MOUSE               0x0000000f
#define FILE_DEVICE_MULTI_UNC_PROVIDER  0x00000010
#define FILE_DEVICE_NAMED_PIPE          0x00000011
#define FILE_DEVICE_NETWORK             0x00000012
#define FILE_DEVICE_NETWORK_BROWSER     0x00000013
#define FILE_DEVICE_NETWORK_FILE_SYSTEM 0x00000014
#define FILE_DEVICE_NULL                0x00000015
#define FILE_DEVICE_PARALLEL_PORT       0x00000016
#define FILE_DEVICE_PHYSICAL_NETCARD    0x00000017
#define FILE_DEVICE_PRINTER             0x00000018
#define FILE_DEVICE_SCANNER             0x00000019
#define FILE_DEVICE_SERIAL_MOUSE_PORT   0x0000001a
#define FILE_DEVICE_SERIAL_PORT         0x0000001b
#define FILE_DEVICE_SCREEN              0x0000001c
#define FILE_DEVICE_SOUND               0x0000001d
#define FILE_DEVICE_STREAMS             0x0000001e
#define FILE_DEVICE_TAPE                0x0000001f
#define FILE_DEVICE_TAPE_FILE_SYSTEM    0x00000020
#define FILE_DEVICE_TRANSPORT           0x00000021
#define FILE_DEVICE_UNKNOWN             0x00000022
#define FILE_DEVICE_VIDEO               0x00000023
#define FILE_DEVICE_VIRTUAL_DISK        0x00000024
#define FILE_DEVICE_WAVE_IN             0x00000025
#define FILE_DEVICE_WAVE_OUT            0x00000026
#define FILE_DEVICE_8042_PORT           0x00000027
#define FILE_DEVICE_NETWORK_REDIRECTOR  0x00000028
#define FILE_DEVICE_BATTERY             0x00000029
#define FILE_DEVICE_BUS_EXTENDER        0x0000002a
#define FILE_DEVICE_MODEM               0x0000002b
#define FILE_DEVICE_VDM                 0x0000002c
#define FILE_DEVICE_MASS_STORAGE        0x0000002d
#define FILE_DEVICE_SMB                 0x0000002e
#define FILE_DEVICE_KS                  0x0000002f
#define FILE_DEVICE_CHANGER             0x00000030
#define FILE_DEVICE_SMARTCARD           0x00000031
#define FILE_DEVICE_ACPI                0x00000032
#define FILE_DEVICE_DVD                 0x00000033
#define FILE_DEVICE_FULLSCREEN_VIDEO    0x00000034
#define FILE_DEVICE_DFS_FILE_SYSTEM     0x00000035
#define FILE_DEVICE_DFS_VOLUME          0x00000036
#define FILE_DEVICE_SERENUM             0x00000037
#define FILE_DEVICE_TERMSRV             0x00000038
#define FILE_DEVICE_KSEC                0x00000039
#define FILE_DEVICE_FIPS                0x0000003a
#define FILE_DEVICE_INFINIBAND          0x0000003b
#define FILE_DEVICE_VMBUS               0x0000003e
#define FILE_DEVICE_CRYPT_PROVIDER      0x0000003f
#define FILE_DEVICE_WPD                 0x00000040
#define FILE_DEVICE_BLUETOOTH           0x00000041
#define FILE_DEVICE_MT_COMPOSITE        0x00000042
#define FILE_DEVICE_MT_TRANSPORT        0x00000043
#define FILE_DEVICE_BIOMETRIC           0x00000044
#define FILE_DEVICE_PMI                 0x00000045
#define FILE_DEVICE_EHSTOR              0x00000046
#define FILE_DEVICE_DEVAPI              0x00000047
#define FILE_DEVICE_GPIO                0x00000048
#define FILE_DEVICE_USBEX               0x00000049
#define FILE_DEVICE_CONSOLE             0x00000050
#define FILE_DEVICE_NFP                 0x00000051
#define FILE_DEVICE_SYSENV              0x00000052
#define FILE_DEVICE_VIRTUAL_BLOCK       0x00000053
#define FILE_DEVICE_POINT_OF_SERVICE    0x00000054
#define FILE_DEVICE_STORAGE_REPLICATION 0x00000055
#define FILE_DEVICE_TRUST_ENV           0x00000056
#define FILE_DEVICE_UCM                 0x00000057
#define FILE_DEVICE_UCMTCPCI            0x00000058
#define FILE_DEVICE_PERSISTENT_MEMORY   0x00000059
#define FILE_DEVICE_NVDIMM              0x0000005a
#define FILE_DEVICE_HOLOGRAPHIC         0x0000005b

/* Device characteristics (FILE_FS_DEVICE_INFORMATION.Characteristics) */
#define FILE_REMOVABLE_MEDIA                     0x00000001
#define FILE_READ_ONLY_DEVICE                    0x00000002
#define FILE_FLOPPY_DISKETTE                     0x00000004
#define FILE_WRITE_ONCE_MEDIA                    0x00000008
#define FILE_WRITE_ONE_MEDIA                     FILE_WRITE_ONCE_MEDIA   /* Wine's spelling */
#define FILE_REMOTE_DEVICE                       0x00000010
#define FILE_DEVICE_IS_MOUNTED                   0x00000020
#define FILE_VIRTUAL_VOLUME                      0x00000040
#define FILE_AUTOGENERATED_DEVICE_NAME           0x00000080
#define FILE_DEVICE_SECURE_OPEN                  0x00000100
#define FILE_CHARACTERISTIC_PNP_DEVICE           0x00000800
#define FILE_CHARACTERISTIC_TS_DEVICE            0x00001000
#define FILE_CHARACTERISTIC_WEBDAV_DEVICE        0x00002000
#define FILE_CHARACTERISTIC_CSV                  0x00010000
#define FILE_DEVICE_ALLOW_APPCONTAINER_TRAVERSAL 0x00020000
#define FILE_PORTABLE_DEVICE                     0x00040000

/* Device I/O control codes: device type, access, function, buffering */
#define CTL_CODE(device_type, function, method, access) \
    (((ULONG)(device_type) << 16) | ((ULONG)(access) << 14) | ((ULONG)(function) << 2) | (ULONG)(method))
#define DEVICE_TYPE_FROM_CTL_CODE(code) (((ULONG)(code) & 0xffff0000) >> 16)
#define METHOD_FROM_CTL_CODE(code)      ((ULONG)(code) & 3)
#define METHOD_BUFFERED                 0
#define METHOD_IN_DIRECT                1
#define METHOD_OUT_DIRECT               2
#define METHOD_NEITHER                  3
#define FILE_ANY_ACCESS                 0x0000
#define FILE_SPECIAL_ACCESS             FILE_ANY_ACCESS
#define FILE_READ_ACCESS                0x0001
#define FILE_WRITE_ACCESS               0x0002

/* ====================================================================== */
/* 2. Volumes                                                             */
/* ====================================================================== */

typedef enum _FSINFOCLASS {
    FileFsVolumeInformation = 1,
    FileFsLabelInformation = 2,
    FileFsSizeInformation = 3,
    FileFsDeviceInformation = 4,
    FileFsAttributeInformation = 5,
    FileFsControlInformation = 6,
    FileFsFullSizeInformation = 7,
    FileFsObjectIdInformation = 8,
    FileFsDriverPathInformation = 9,        /* not in Wine 8.0 from here on */
    FileFsVolumeFlagsInformation = 10,
    FileFsSectorSizeInformation = 11,
    FileFsDataCopyInformation = 12,
    FileFsMetadataSizeInformation = 13,
    FileFsFullSizeInformationEx = 14,
    FileFsMaximumInformation                /* Wine 8.0's value is 9 */
} FS_INFORMATION_CLASS, *PFS_INFORMATION_CLASS;

/* FileFsVolumeInformation */
typedef struct _FILE_FS_VOLUME_INFORMATION {
    LARGE_INTEGER VolumeCreationTime;
    ULONG         VolumeSerialNumber;
    ULONG         VolumeLabelLength;
    BOOLEAN       SupportsObjects;
    WCHAR         VolumeLabel[ANYSIZE_ARRAY];
} FILE_FS_VOLUME_INFORMATION, *PFILE_FS_VOLUME_INFORMATION;

/* FileFsLabelInformation (set only) */
typedef struct _FILE_FS_LABEL_INFORMATION {
    ULONG VolumeLabelLength;
    WCHAR VolumeLabel[ANYSIZE_ARRAY];
} FILE_FS_LABEL_INFORMATION, *PFILE_FS_LABEL_INFORMATION;

/* FileFsSizeInformation */
typedef struct _FILE_FS_SIZE_INFORMATION {
    LARGE_INTEGER TotalAllocationUnits;
    LARGE_INTEGER AvailableAllocationUnits;
    ULONG         SectorsPerAllocationUnit;
    ULONG         BytesPerSector;
} FILE_FS_SIZE_INFORMATION, *PFILE_FS_SIZE_INFORMATION;

/* FileFsDeviceInformation */
typedef struct _FILE_FS_DEVICE_INFORMATION {
    DEVICE_TYPE DeviceType;         /* FILE_DEVICE_* */
    ULONG       Characteristics;    /* FILE_REMOTE_DEVICE, ... */
} FILE_FS_DEVICE_INFORMATION, *PFILE_FS_DEVICE_INFORMATION;

/* FileFsAttributeInformation */
typedef struct _FILE_FS_ATTRIBUTE_INFORMATION {
    ULONG FileSystemAttributes;     /* FILE_CASE_SENSITIVE_SEARCH, ... */
    LONG  MaximumComponentNameLength;
    ULONG FileSystemNameLength;
    WCHAR FileSystemName[ANYSIZE_ARRAY];
} FILE_FS_ATTRIBUTE_INFORMATION, *PFILE_FS_ATTRIBUTE_INFORMATION;

/* FILE_FS_ATTRIBUTE_INFORMATION.FileSystemAttributes */
#define FILE_CASE_SENSITIVE_SEARCH        0x00000001
#define FILE_CASE_PRESERVED_NAMES         0x00000002
#define FILE_UNICODE_ON_DISK              0x00000004
#define FILE_PERSISTENT_ACLS              0x00000008
#define FILE_FILE_COMPRESSION             0x00000010
#define FILE_VOLUME_QUOTAS                0x00000020
#define FILE_SUPPORTS_SPARSE_FILES        0x00000040
#define FILE_SUPPORTS_REPARSE_POINTS      0x00000080
#define FILE_SUPPORTS_REMOTE_STORAGE      0x00000100
#define FILE_RETURNS_CLEANUP_RESULT_INFO  0x00000200
#define FILE_SUPPORTS_POSIX_UNLINK_RENAME 0x00000400
#define FILE_SUPPORTS_BYPASS_IO           0x00000800
#define FILE_SUPPORTS_STREAM_SNAPSHOTS    0x00001000
#define FILE_SUPPORTS_CASE_SENSITIVE_DIRS 0x00002000
#define FILE_VOLUME_IS_COMPRESSED         0x00008000
#define FILE_SUPPORTS_OBJECT_IDS          0x00010000
#define FILE_SUPPORTS_ENCRYPTION          0x00020000
#define FILE_NAMED_STREAMS                0x00040000
#define FILE_READ_ONLY_VOLUME             0x00080000
#define FILE_SEQUENTIAL_WRITE_ONCE        0x00100000
#define FILE_SUPPORTS_TRANSACTIONS        0x00200000
#define FILE_SUPPORTS_HARD_LINKS          0x00400000
#define FILE_SUPPORTS_EXTENDED_ATTRIBUTES 0x00800000
#define FILE_SUPPORTS_OPEN_BY_FILE_ID     0x01000000
#define FILE_SUPPORTS_USN_JOURNAL         0x02000000
#define FILE_SUPPORTS_INTEGRITY_STREAMS   0x04000000
#define FILE_SUPPORTS_BLOCK_REFCOUNTING   0x08000000
#define FILE_SUPPORTS_SPARSE_VDL          0x10000000
#define FILE_DAX_VOLUME                   0x20000000
#define FILE_SUPPORTS_GHOSTING            0x40000000

/* FileFsFullSizeInformation */
typedef struct _FILE_FS_FULL_SIZE_INFORMATION {
    LARGE_INTEGER TotalAllocationUnits;
    LARGE_INTEGER CallerAvailableAllocationUnits;
    LARGE_INTEGER ActualAvailableAllocationUnits;
    ULONG         SectorsPerAllocationUnit;
    ULONG         BytesPerSector;
} FILE_FS_FULL_SIZE_INFORMATION, *PFILE_FS_FULL_SIZE_INFORMATION;

/* FileFsObjectIdInformation */
typedef struct _FILE_FS_OBJECTID_INFORMATION {
    UCHAR ObjectId[16];
    UCHAR ExtendedInfo[48];
} FILE_FS_OBJECTID_INFORMATION, *PFILE_FS_OBJECTID_INFORMATION;

/* ====================================================================== */
/* 3. Processes                                                           */
/* ====================================================================== */

typedef enum _PROCESSINFOCLASS {
    ProcessBasicInformation                      = 0,
    ProcessQuotaLimits                           = 1,
    ProcessIoCounters                            = 2,
    ProcessVmCounters                            = 3,
    ProcessTimes                                 = 4,
    ProcessBasePriority                          = 5,
    ProcessRaisePriority                         = 6,
    ProcessDebugPort                             = 7,
    ProcessExceptionPort                         = 8,
    ProcessAccessToken                           = 9,
    ProcessLdtInformation                        = 10,
    ProcessLdtSize                               = 11,
    ProcessDefaultHardErrorMode                  = 12,
    ProcessIoPortHandlers                        = 13,
    ProcessPooledUsageAndLimits                  = 14,
    ProcessWorkingSetWatch                       = 15,
    ProcessUserModeIOPL                          = 16,
    ProcessEnableAlignmentFaultFixup             = 17,
    ProcessPriorityClass                         = 18,
    ProcessWx86Information                       = 19,
    ProcessHandleCount                           = 20,
    ProcessAffinityMask                          = 21,
    ProcessPriorityBoost                         = 22,
    ProcessDeviceMap                             = 23,
    ProcessSessionInformation                    = 24,
    ProcessForegroundInformation                 = 25,
    ProcessWow64Information                      = 26,
    ProcessImageFileName                         = 27,
    ProcessLUIDDeviceMapsEnabled                 = 28,
    ProcessBreakOnTermination                    = 29,
    ProcessDebugObjectHandle                     = 30,
    ProcessDebugFlags                            = 31,
    ProcessHandleTracing                         = 32,
    ProcessIoPriority                            = 33,
    ProcessExecuteFlags                          = 34,
    ProcessTlsInformation                        = 35,
    ProcessCookie                                = 36,
    ProcessImageInformation                      = 37,
    ProcessCycleTime                             = 38,
    ProcessPagePriority                          = 39,
    ProcessInstrumentationCallback               = 40,
    ProcessThreadStackAllocation                 = 41,
    ProcessWorkingSetWatchEx                     = 42,
    ProcessImageFileNameWin32                    = 43,
    ProcessImageFileMapping                      = 44,
    ProcessAffinityUpdateMode                    = 45,
    ProcessMemoryAllocationMode                  = 46,
    ProcessGroupInformation                      = 47,
    ProcessTokenVirtualizationEnabled            = 48,
    ProcessConsoleHostProcess                    = 49,
    ProcessWindowInformation                     = 50,
    ProcessHandleInformation                     = 51,
    ProcessMitigationPolicy                      = 52,   /* not in Wine 8.0 */
    ProcessDynamicFunctionTableInformation       = 53,   /* not in Wine 8.0 */
    ProcessHandleCheckingMode                    = 54,   /* not in Wine 8.0 */
    ProcessKeepAliveCount                        = 55,   /* not in Wine 8.0 */
    ProcessRevokeFileHandles                     = 56,   /* not in Wine 8.0 */
    ProcessWorkingSetControl                     = 57,   /* not in Wine 8.0 */
    ProcessHandleTable                           = 58,   /* not in Wine 8.0 */
    ProcessCheckStackExtentsMode                 = 59,   /* not in Wine 8.0 */
    ProcessCommandLineInformation                = 60,   /* not in Wine 8.0 */
    ProcessProtectionInformation                 = 61,   /* not in Wine 8.0 */
    ProcessMemoryExhaustion                      = 62,   /* not in Wine 8.0 */
    ProcessFaultInformation                      = 63,   /* not in Wine 8.0 */
    ProcessTelemetryIdInformation                = 64,   /* not in Wine 8.0 */
    ProcessCommitReleaseInformation              = 65,   /* not in Wine 8.0 */
    ProcessDefaultCpuSetsInformation             = 66,   /* not in Wine 8.0 */
    ProcessAllowedCpuSetsInformation             = 67,   /* not in Wine 8.0 */
    ProcessSubsystemProcess                      = 68,   /* not in Wine 8.0 */
    ProcessJobMemoryInformation                  = 69,   /* not in Wine 8.0 */
    ProcessInPrivate                             = 70,   /* not in Wine 8.0 */
    ProcessRaiseUMExceptionOnInvalidHandleClose  = 71,   /* not in Wine 8.0 */
    ProcessIumChallengeResponse                  = 72,   /* not in Wine 8.0 */
    ProcessChildProcessInformation               = 73,   /* not in Wine 8.0 */
    ProcessHighGraphicsPriorityInformation       = 74,   /* not in Wine 8.0 */
    ProcessSubsystemInformation                  = 75,   /* not in Wine 8.0 */
    ProcessEnergyValues                          = 76,   /* not in Wine 8.0 */
    ProcessPowerThrottlingState                  = 77,
    ProcessActivityThrottlePolicy                = 78,   /* not in Wine 8.0 */
    ProcessWin32kSyscallFilterInformation        = 79,   /* not in Wine 8.0 */
    ProcessDisableSystemAllowedCpuSets           = 80,   /* not in Wine 8.0 */
    ProcessWakeInformation                       = 81,   /* not in Wine 8.0 */
    ProcessEnergyTrackingState                   = 82,   /* not in Wine 8.0 */
    ProcessManageWritesToExecutableMemory        = 83,   /* not in Wine 8.0 */
    ProcessCaptureTrustletLiveDump               = 84,   /* not in Wine 8.0 */
    ProcessTelemetryCoverage                     = 85,   /* not in Wine 8.0 */
    ProcessEnclaveInformation                    = 86,   /* not in Wine 8.0 */
    ProcessEnableReadWriteVmLogging              = 87,   /* not in Wine 8.0 */
    ProcessUptimeInformation                     = 88,   /* not in Wine 8.0 */
    ProcessImageSection                          = 89,   /* not in Wine 8.0 */
    ProcessDebugAuthInformation                  = 90,   /* not in Wine 8.0 */
    ProcessSystemResourceManagement              = 91,   /* not in Wine 8.0 */
    ProcessSequenceNumber                        = 92,   /* not in Wine 8.0 */
    ProcessLoaderDetour                          = 93,   /* not in Wine 8.0 */
    ProcessSecurityDomainInformation             = 94,   /* not in Wine 8.0 */
    ProcessCombineSecurityDomainsInformation     = 95,   /* not in Wine 8.0 */
    ProcessEnableLogging                         = 96,   /* not in Wine 8.0 */
    ProcessLeapSecondInformation                 = 97,
    ProcessFiberShadowStackAllocation            = 98,   /* not in Wine 8.0 */
    ProcessFreeFiberShadowStackAllocation        = 99,   /* not in Wine 8.0 */
    MaxProcessInfoClass,                             /* Wine 8.0's value is 98 */
    ProcessWineMakeProcessSystem = 1000,             /* Wine: mark as a system process */
    ProcessWineLdtCopy = 1001                        /* Wine: i386 LDT copy (unused on x64) */
} PROCESSINFOCLASS;

/* ProcessBasicInformation (Wine's __WINESRC__ field names) */
typedef struct _PROCESS_BASIC_INFORMATION {
    NTSTATUS  ExitStatus;
    PEB      *PebBaseAddress;
    ULONG_PTR AffinityMask;
    LONG      BasePriority;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR InheritedFromUniqueProcessId;
} PROCESS_BASIC_INFORMATION, *PPROCESS_BASIC_INFORMATION;

/* ProcessQuotaLimits */
typedef struct _QUOTA_LIMITS {
    SIZE_T        PagedPoolLimit;
    SIZE_T        NonPagedPoolLimit;
    SIZE_T        MinimumWorkingSetSize;
    SIZE_T        MaximumWorkingSetSize;
    SIZE_T        PagefileLimit;
    LARGE_INTEGER TimeLimit;
} QUOTA_LIMITS, *PQUOTA_LIMITS;

/* ProcessIoCounters */
typedef struct _IO_COUNTERS {
    ULONGLONG ReadOperationCount;
    ULONGLONG WriteOperationCount;
    ULONGLONG OtherOperationCount;
    ULONGLONG ReadTransferCount;
    ULONGLONG WriteTransferCount;
    ULONGLONG OtherTransferCount;
} IO_COUNTERS, *PIO_COUNTERS;

/* ProcessVmCounters (the caller's buffer size selects the _EX form) */
typedef struct _VM_COUNTERS {
    SIZE_T PeakVirtualSize;
    SIZE_T VirtualSize;
    ULONG  PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage;
    SIZE_T QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage;
    SIZE_T QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
} VM_COUNTERS, *PVM_COUNTERS;

typedef struct _VM_COUNTERS_EX {
    SIZE_T PeakVirtualSize;
    SIZE_T VirtualSize;
    ULONG  PageFaultCount;
    SIZE_T PeakWorkingSetSize;
    SIZE_T WorkingSetSize;
    SIZE_T QuotaPeakPagedPoolUsage;
    SIZE_T QuotaPagedPoolUsage;
    SIZE_T QuotaPeakNonPagedPoolUsage;
    SIZE_T QuotaNonPagedPoolUsage;
    SIZE_T PagefileUsage;
    SIZE_T PeakPagefileUsage;
    SIZE_T PrivateUsage;
} VM_COUNTERS_EX, *PVM_COUNTERS_EX;

/* ProcessTimes, ThreadTimes (100ns units) */
typedef struct _KERNEL_USER_TIMES {
    LARGE_INTEGER CreateTime;
    LARGE_INTEGER ExitTime;
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
} KERNEL_USER_TIMES, *PKERNEL_USER_TIMES;

/* ProcessPriorityClass */
typedef struct _PROCESS_PRIORITY_CLASS {
    BOOLEAN Foreground;
    UCHAR   PriorityClass;          /* PROCESS_PRIOCLASS_* */
} PROCESS_PRIORITY_CLASS, *PPROCESS_PRIORITY_CLASS;

#define PROCESS_PRIOCLASS_IDLE         1
#define PROCESS_PRIOCLASS_NORMAL       2
#define PROCESS_PRIOCLASS_HIGH         3
#define PROCESS_PRIOCLASS_REALTIME     4
#define PROCESS_PRIOCLASS_BELOW_NORMAL 5
#define PROCESS_PRIOCLASS_ABOVE_NORMAL 6

/* ProcessCycleTime, ThreadCycleTime (not in Wine 8.0's headers) */
typedef struct _PROCESS_CYCLE_TIME_INFORMATION {
    ULONGLONG AccumulatedCycles;
    ULONGLONG CurrentCycleCount;
} PROCESS_CYCLE_TIME_INFORMATION, *PPROCESS_CYCLE_TIME_INFORMATION,
  THREAD_CYCLE_TIME_INFORMATION, *PTHREAD_CYCLE_TIME_INFORMATION;

/* ProcessInstrumentationCallback */
typedef struct _PROCESS_INSTRUMENTATION_CALLBACK_INFORMATION {
    ULONG Version;
    ULONG Reserved;
    PVOID Callback;
} PROCESS_INSTRUMENTATION_CALLBACK_INFORMATION, *PPROCESS_INSTRUMENTATION_CALLBACK_INFORMATION;

/* ProcessThreadStackAllocation */
typedef struct _PROCESS_STACK_ALLOCATION_INFORMATION {
    SIZE_T ReserveSize;
    SIZE_T ZeroBits;
    PVOID  StackBase;               /* out */
} PROCESS_STACK_ALLOCATION_INFORMATION, *PPROCESS_STACK_ALLOCATION_INFORMATION;

typedef struct _PROCESS_STACK_ALLOCATION_INFORMATION_EX {
    ULONG PreferredNode;
    ULONG Reserved0;
    ULONG Reserved1;
    ULONG Reserved2;
    PROCESS_STACK_ALLOCATION_INFORMATION AllocInfo;
} PROCESS_STACK_ALLOCATION_INFORMATION_EX, *PPROCESS_STACK_ALLOCATION_INFORMATION_EX;

/* NtCreateUserProcess ProcessFlags */
#define PROCESS_CREATE_FLAGS_BREAKAWAY              0x00000001
#define PROCESS_CREATE_FLAGS_NO_DEBUG_INHERIT       0x00000002
#define PROCESS_CREATE_FLAGS_INHERIT_HANDLES        0x00000004
#define PROCESS_CREATE_FLAGS_OVERRIDE_ADDRESS_SPACE 0x00000008
#define PROCESS_CREATE_FLAGS_LARGE_PAGES            0x00000010
#define PROCESS_CREATE_FLAGS_LARGE_PAGE_SYSTEM_DLL  0x00000020
#define PROCESS_CREATE_FLAGS_PROTECTED_PROCESS      0x00000040
#define PROCESS_CREATE_FLAGS_CREATE_SESSION         0x00000080
#define PROCESS_CREATE_FLAGS_INHERIT_FROM_PARENT    0x00000100
#define PROCESS_CREATE_FLAGS_SUSPENDED              0x00000200
#define PROCESS_CREATE_FLAGS_EXTENDED_UNKNOWN       0x00000400

/* NtCreateUserProcess / NtCreateThreadEx ThreadFlags */
#define THREAD_CREATE_FLAGS_CREATE_SUSPENDED        0x00000001
#define THREAD_CREATE_FLAGS_SKIP_THREAD_ATTACH      0x00000002
#define THREAD_CREATE_FLAGS_HIDE_FROM_DEBUGGER      0x00000004
#define THREAD_CREATE_FLAGS_HAS_SECURITY_DESCRIPTOR 0x00000010
#define THREAD_CREATE_FLAGS_ACCESS_CHECK_IN_TARGET  0x00000020
#define THREAD_CREATE_FLAGS_INITIAL_THREAD          0x00000080

/* Attribute list of NtCreateUserProcess / NtCreateThreadEx.  The
 * Attribute value is a PS_ATTRIBUTE_NUM plus the flag bits below. */
#define PS_ATTRIBUTE_NUMBER_MASK 0x0000ffff
#define PS_ATTRIBUTE_THREAD      0x00010000   /* applies to the thread */
#define PS_ATTRIBUTE_INPUT       0x00020000   /* caller supplies the value */
#define PS_ATTRIBUTE_ADDITIVE    0x00040000
#define PS_ATTRIBUTE_UNKNOWN     PS_ATTRIBUTE_ADDITIVE  /* another name for the same bit; Wine 8.0
                                                   uses it without defining it */

typedef enum _PS_ATTRIBUTE_NUM {
    PsAttributeParentProcess,
    PsAttributeDebugPort,
    PsAttributeToken,
    PsAttributeClientId,
    PsAttributeTebAddress,
    PsAttributeImageName,
    PsAttributeImageInfo,
    PsAttributeMemoryReserve,
    PsAttributePriorityClass,
    PsAttributeErrorMode,
    PsAttributeStdHandleInfo,
    PsAttributeHandleList,
    PsAttributeGroupAffinity,
    PsAttributePreferredNode,
    PsAttributeIdealProcessor,
    PsAttributeUmsThread,
    PsAttributeMitigationOptions,
    PsAttributeProtectionLevel,
    PsAttributeSecureProcess,
    PsAttributeJobList,
    PsAttributeChildProcessPolicy,
    PsAttributeAllApplicationPackagesPolicy,
    PsAttributeWin32kFilter,
    PsAttributeSafeOpenPromptOriginClaim,
    PsAttributeBnoIsolation,
    PsAttributeDesktopAppPolicy,
    PsAttributeChpe,
    PsAttributeMax
} PS_ATTRIBUTE_NUM;

#define PS_ATTRIBUTE_PARENT_PROCESS     (PsAttributeParentProcess | PS_ATTRIBUTE_INPUT | PS_ATTRIBUTE_ADDITIVE)
#define PS_ATTRIBUTE_DEBUG_PORT         (PsAttributeDebugPort | PS_ATTRIBUTE_INPUT | PS_ATTRIBUTE_ADDITIVE)
#define PS_ATTRIBUTE_TOKEN              (PsAttributeToken | PS_ATTRIBUTE_INPUT | PS_ATTRIBUTE_ADDITIVE)
#define PS_ATTRIBUTE_CLIENT_ID          (PsAttributeClientId | PS_ATTRIBUTE_THREAD)
#define PS_ATTRIBUTE_TEB_ADDRESS        (PsAttributeTebAddress | PS_ATTRIBUTE_THREAD)
#define PS_ATTRIBUTE_IMAGE_NAME         (PsAttributeImageName | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_IMAGE_INFO         (PsAttributeImageInfo)
#define PS_ATTRIBUTE_MEMORY_RESERVE     (PsAttributeMemoryReserve | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_PRIORITY_CLASS     (PsAttributePriorityClass | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_ERROR_MODE         (PsAttributeErrorMode | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_STD_HANDLE_INFO    (PsAttributeStdHandleInfo | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_HANDLE_LIST        (PsAttributeHandleList | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_GROUP_AFFINITY     (PsAttributeGroupAffinity | PS_ATTRIBUTE_THREAD | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_PREFERRED_NODE     (PsAttributePreferredNode | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_IDEAL_PROCESSOR    (PsAttributeIdealProcessor | PS_ATTRIBUTE_THREAD | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_MITIGATION_OPTIONS (PsAttributeMitigationOptions | PS_ATTRIBUTE_INPUT | PS_ATTRIBUTE_UNKNOWN)
#define PS_ATTRIBUTE_PROTECTION_LEVEL   (PsAttributeProtectionLevel | PS_ATTRIBUTE_INPUT | PS_ATTRIBUTE_UNKNOWN)
#define PS_ATTRIBUTE_SECURE_PROCESS     (PsAttributeSecureProcess | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_JOB_LIST           (PsAttributeJobList | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_CHILD_PROCESS_POLICY (PsAttributeChildProcessPolicy | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_ALL_APPLICATION_PACKAGES_POLICY \
                                        (PsAttributeAllApplicationPackagesPolicy | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_WIN32K_FILTER      (PsAttributeWin32kFilter | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_SAFE_OPEN_PROMPT_ORIGIN_CLAIM \
                                        (PsAttributeSafeOpenPromptOriginClaim | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_BNO_ISOLATION      (PsAttributeBnoIsolation | PS_ATTRIBUTE_INPUT)
#define PS_ATTRIBUTE_DESKTOP_APP_POLICY (PsAttributeDesktopAppPolicy | PS_ATTRIBUTE_INPUT)

typedef struct _PS_ATTRIBUTE {
    ULONG_PTR Attribute;            /* PS_ATTRIBUTE_* */
    SIZE_T    Size;                 /* of the value (bytes) */
    union {
        ULONG_PTR Value;            /* when Size <= sizeof(ULONG_PTR) for some attributes */
        PVOID     ValuePtr;
    };
    SIZE_T   *ReturnLength;         /* optional, output attributes */
} PS_ATTRIBUTE, *PPS_ATTRIBUTE;

typedef struct _PS_ATTRIBUTE_LIST {
    SIZE_T       TotalLength;       /* bytes, including this field */
    PS_ATTRIBUTE Attributes[ANYSIZE_ARRAY];
} PS_ATTRIBUTE_LIST, *PPS_ATTRIBUTE_LIST;

/* Progress / result of NtCreateUserProcess */
typedef enum _PS_CREATE_STATE {
    PsCreateInitialState,
    PsCreateFailOnFileOpen,
    PsCreateFailOnSectionCreate,
    PsCreateFailExeFormat,
    PsCreateFailMachineMismatch,
    PsCreateFailExeName,
    PsCreateSuccess,
    PsCreateMaximumStates
} PS_CREATE_STATE;

typedef struct _PS_CREATE_INFO {
    SIZE_T          Size;
    PS_CREATE_STATE State;
    union {
        struct {                                    /* in: PsCreateInitialState */
            union {
                ULONG InitFlags;
                struct {
                    UCHAR  WriteOutputOnExit : 1;
                    UCHAR  DetectManifest : 1;
                    UCHAR  IFEOSkipDebugger : 1;
                    UCHAR  IFEODoNotPropagateKeyState : 1;
                    UCHAR  SpareBits1 : 4;
                    UCHAR  SpareBits2 : 8;
                    USHORT ProhibitedImageCharacteristics : 16;
                };
            };
            ACCESS_MASK AdditionalFileAccess;
        } InitState;
        struct {                                    /* out: PsCreateFailOnSectionCreate */
            HANDLE FileHandle;
        } FailSection;
        struct {                                    /* out: PsCreateFailExeFormat */
            USHORT DllCharacteristics;
        } ExeFormat;
        struct {                                    /* out: PsCreateFailExeName */
            HANDLE IFEOKey;
        } ExeName;
        struct {                                    /* out: PsCreateSuccess */
            union {
                ULONG OutputFlags;
                struct {
                    UCHAR  ProtectedProcess : 1;
                    UCHAR  AddressSpaceOverride : 1;
                    UCHAR  DevOverrideEnabled : 1;
                    UCHAR  ManifestDetected : 1;
                    UCHAR  ProtectedProcessLight : 1;
                    UCHAR  SpareBits1 : 3;
                    UCHAR  SpareBits2 : 8;
                    USHORT SpareBits3 : 16;
                };
            };
            HANDLE    FileHandle;
            HANDLE    SectionHandle;
            ULONGLONG UserProcessParametersNative;
            ULONG     UserProcessParametersWow64;
            ULONG     CurrentParameterFlags;
            ULONGLONG PebAddressNative;
            ULONG     PebAddressWow64;
            ULONGLONG ManifestAddress;
            ULONG     ManifestSize;
        } SuccessState;
    };
} PS_CREATE_INFO, *PPS_CREATE_INFO;

/* ====================================================================== */
/* 4. Threads                                                             */
/* ====================================================================== */

typedef enum _THREADINFOCLASS {
    ThreadBasicInformation                   = 0,
    ThreadTimes                              = 1,
    ThreadPriority                           = 2,
    ThreadBasePriority                       = 3,
    ThreadAffinityMask                       = 4,
    ThreadImpersonationToken                 = 5,
    ThreadDescriptorTableEntry               = 6,
    ThreadEnableAlignmentFaultFixup          = 7,
    ThreadEventPair_Reusable                 = 8,
    ThreadQuerySetWin32StartAddress          = 9,
    ThreadZeroTlsCell                        = 10,
    ThreadPerformanceCount                   = 11,
    ThreadAmILastThread                      = 12,
    ThreadIdealProcessor                     = 13,
    ThreadPriorityBoost                      = 14,
    ThreadSetTlsArrayAddress                 = 15,
    ThreadIsIoPending                        = 16,
    ThreadHideFromDebugger                   = 17,
    ThreadBreakOnTermination                 = 18,
    ThreadSwitchLegacyState                  = 19,
    ThreadIsTerminated                       = 20,
    ThreadLastSystemCall                     = 21,
    ThreadIoPriority                         = 22,
    ThreadCycleTime                          = 23,
    ThreadPagePriority                       = 24,
    ThreadActualBasePriority                 = 25,
    ThreadTebInformation                     = 26,
    ThreadCSwitchMon                         = 27,
    ThreadCSwitchPmu                         = 28,
    ThreadWow64Context                       = 29,
    ThreadGroupInformation                   = 30,
    ThreadUmsInformation                     = 31,
    ThreadCounterProfiling                   = 32,
    ThreadIdealProcessorEx                   = 33,
    ThreadCpuAccountingInformation           = 34,
    ThreadSuspendCount                       = 35,
    ThreadHeterogeneousCpuPolicy             = 36,
    ThreadContainerId                        = 37,
    ThreadNameInformation                    = 38,
    ThreadSelectedCpuSets                    = 39,
    ThreadSystemThreadInformation            = 40,
    ThreadActualGroupAffinity                = 41,
    ThreadDynamicCodePolicyInfo              = 42,
    ThreadExplicitCaseSensitivity            = 43,
    ThreadWorkOnBehalfTicket                 = 44,
    ThreadSubsystemInformation               = 45,
    ThreadDbgkWerReportActive                = 46,
    ThreadAttachContainer                    = 47,
    ThreadManageWritesToExecutableMemory     = 48,
    ThreadPowerThrottlingState               = 49,
    ThreadWorkloadClass                      = 50,
    MaxThreadInfoClass,
    ThreadWineNativeThreadName = 1000               /* Wine: set the host thread name */
} THREADINFOCLASS;

/* ThreadBasicInformation */
typedef struct _THREAD_BASIC_INFORMATION {
    NTSTATUS  ExitStatus;
    PVOID     TebBaseAddress;
    CLIENT_ID ClientId;
    ULONG_PTR AffinityMask;
    LONG      Priority;
    LONG      BasePriority;
} THREAD_BASIC_INFORMATION, *PTHREAD_BASIC_INFORMATION;

/* ThreadNameInformation */
typedef struct _THREAD_NAME_INFORMATION {
    UNICODE_STRING ThreadName;
} THREAD_NAME_INFORMATION, *PTHREAD_NAME_INFORMATION;

#define THREAD_BASE_PRIORITY_LOWRT  15
#define THREAD_BASE_PRIORITY_MAX    2
#define THREAD_BASE_PRIORITY_MIN    (-2)
#define THREAD_BASE_PRIORITY_IDLE   (-15)

/* ====================================================================== */
/* 5. System                                                              */
/* ====================================================================== */

typedef enum _SYSTEM_INFORMATION_CLASS {
    SystemBasicInformation                               = 0,
    SystemCpuInformation                                 = 1,
    SystemPerformanceInformation                         = 2,
    SystemTimeOfDayInformation                           = 3,
    SystemPathInformation                                = 4,
    SystemProcessInformation                             = 5,
    SystemCallCountInformation                           = 6,
    SystemDeviceInformation                              = 7,
    SystemProcessorPerformanceInformation                = 8,
    SystemFlagsInformation                               = 9,
    SystemCallTimeInformation                            = 10,
    SystemModuleInformation                              = 11,
    SystemLocksInformation                               = 12,
    SystemStackTraceInformation                          = 13,
    SystemPagedPoolInformation                           = 14,
    SystemNonPagedPoolInformation                        = 15,
    SystemHandleInformation                              = 16,
    SystemObjectInformation                              = 17,
    SystemPageFileInformation                            = 18,
    SystemVdmInstemulInformation                         = 19,
    SystemVdmBopInformation                              = 20,
    SystemFileCacheInformation                           = 21,
    SystemPoolTagInformation                             = 22,
    SystemInterruptInformation                           = 23,
    SystemDpcBehaviorInformation                         = 24,
    SystemFullMemoryInformation                          = 25,
    SystemNotImplemented6                                = 25,
    SystemLoadGdiDriverInformation                       = 26,
    SystemUnloadGdiDriverInformation                     = 27,
    SystemTimeAdjustmentInformation                      = 28,
    SystemTimeAdjustment                                 = 28,
    SystemSummaryMemoryInformation                       = 29,
    SystemMirrorMemoryInformation                        = 30,
    SystemPerformanceTraceInformation                    = 31,
    SystemObsolete0                                      = 32,
    SystemExceptionInformation                           = 33,
    SystemCrashDumpStateInformation                      = 34,
    SystemKernelDebuggerInformation                      = 35,
    SystemContextSwitchInformation                       = 36,
    SystemRegistryQuotaInformation                       = 37,
    SystemExtendServiceTableInformation                  = 38,
    SystemPrioritySeparation                             = 39,
    SystemVerifierAddDriverInformation                   = 40,
    SystemVerifierRemoveDriverInformation                = 41,
    SystemProcessorIdleInformation                       = 42,
    SystemLegacyDriverInformation                        = 43,
    SystemCurrentTimeZoneInformation                     = 44,
    SystemLookasideInformation                           = 45,
    SystemTimeSlipNotification                           = 46,
    SystemSessionCreate                                  = 47,
    SystemSessionDetach                                  = 48,
    SystemSessionInformation                             = 49,
    SystemRangeStartInformation                          = 50,
    SystemVerifierInformation                            = 51,
    SystemVerifierThunkExtend                            = 52,
    SystemSessionProcessesInformation                    = 53,
    SystemLoadGdiDriverInSystemSpace                     = 54,
    SystemNumaProcessorMap                               = 55,
    SystemPrefetcherInformation                          = 56,
    SystemExtendedProcessInformation                     = 57,
    SystemRecommendedSharedDataAlignment                 = 58,
    SystemComPlusPackage                                 = 59,
    SystemNumaAvailableMemory                            = 60,
    SystemProcessorPowerInformation                      = 61,
    SystemEmulationBasicInformation                      = 62,
    SystemEmulationProcessorInformation                  = 63,
    SystemExtendedHandleInformation                      = 64,
    SystemLostDelayedWriteInformation                    = 65,
    SystemBigPoolInformation                             = 66,
    SystemSessionPoolTagInformation                      = 67,
    SystemSessionMappedViewInformation                   = 68,
    SystemHotpatchInformation                            = 69,
    SystemObjectSecurityMode                             = 70,
    SystemWatchdogTimerHandler                           = 71,
    SystemWatchdogTimerInformation                       = 72,
    SystemLogicalProcessorInformation                    = 73,
    SystemWow64SharedInformationObsolete                 = 74,
    SystemRegisterFirmwareTableInformationHandler        = 75,
    SystemFirmwareTableInformation                       = 76,
    SystemModuleInformationEx                            = 77,
    SystemVerifierTriageInformation                      = 78,
    SystemSuperfetchInformation                          = 79,
    SystemMemoryListInformation                          = 80,
    SystemFileCacheInformationEx                         = 81,
    SystemThreadPriorityClientIdInformation              = 82,
    SystemProcessorIdleCycleTimeInformation              = 83,
    SystemVerifierCancellationInformation                = 84,
    SystemProcessorPowerInformationEx                    = 85,
    SystemRefTraceInformation                            = 86,
    SystemSpecialPoolInformation                         = 87,
    SystemProcessIdInformation                           = 88,
    SystemErrorPortInformation                           = 89,
    SystemBootEnvironmentInformation                     = 90,
    SystemHypervisorInformation                          = 91,
    SystemVerifierInformationEx                          = 92,
    SystemTimeZoneInformation                            = 93,
    SystemImageFileExecutionOptionsInformation           = 94,
    SystemCoverageInformation                            = 95,
    SystemPrefetchPatchInformation                       = 96,
    SystemVerifierFaultsInformation                      = 97,
    SystemSystemPartitionInformation                     = 98,
    SystemSystemDiskInformation                          = 99,
    SystemProcessorPerformanceDistribution               = 100,
    SystemNumaProximityNodeInformation                   = 101,
    SystemDynamicTimeZoneInformation                     = 102,
    SystemCodeIntegrityInformation                       = 103,
    SystemProcessorMicrocodeUpdateInformation            = 104,
    SystemProcessorBrandString                           = 105,
    SystemVirtualAddressInformation                      = 106,
    SystemLogicalProcessorInformationEx                  = 107,
    SystemProcessorCycleTimeInformation                  = 108,
    SystemStoreInformation                               = 109,
    SystemRegistryAppendString                           = 110,
    SystemAitSamplingValue                               = 111,
    SystemVhdBootInformation                             = 112,
    SystemCpuQuotaInformation                            = 113,
    SystemNativeBasicInformation                         = 114,
    SystemErrorPortTimeouts                              = 115,
    SystemLowPriorityIoInformation                       = 116,
    SystemTpmBootEntropyInformation                      = 117,
    SystemVerifierCountersInformation                    = 118,
    SystemPagedPoolInformationEx                         = 119,
    SystemSystemPtesInformationEx                        = 120,
    SystemNodeDistanceInformation                        = 121,
    SystemAcpiAuditInformation                           = 122,
    SystemBasicPerformanceInformation                    = 123,
    SystemQueryPerformanceCounterInformation             = 124,
    SystemSessionBigPoolInformation                      = 125,
    SystemBootGraphicsInformation                        = 126,
    SystemScrubPhysicalMemoryInformation                 = 127,
    SystemBadPageInformation                             = 128,
    SystemProcessorProfileControlArea                    = 129,
    SystemCombinePhysicalMemoryInformation               = 130,
    SystemEntropyInterruptTimingInformation              = 131,
    SystemConsoleInformation                             = 132,
    SystemPlatformBinaryInformation                      = 133,
    SystemPolicyInformation                              = 134,
    SystemHypervisorProcessorCountInformation            = 135,
    SystemDeviceDataInformation                          = 136,
    SystemDeviceDataEnumerationInformation               = 137,
    SystemMemoryTopologyInformation                      = 138,
    SystemMemoryChannelInformation                       = 139,
    SystemBootLogoInformation                            = 140,
    SystemProcessorPerformanceInformationEx              = 141,
    SystemCriticalProcessErrorLogInformation             = 142,
    SystemSecureBootPolicyInformation                    = 143,
    SystemPageFileInformationEx                          = 144,
    SystemSecureBootInformation                          = 145,
    SystemEntropyInterruptTimingRawInformation           = 146,
    SystemPortableWorkspaceEfiLauncherInformation        = 147,
    SystemFullProcessInformation                         = 148,
    SystemKernelDebuggerInformationEx                    = 149,
    SystemBootMetadataInformation                        = 150,
    SystemSoftRebootInformation                          = 151,
    SystemElamCertificateInformation                     = 152,
    SystemOfflineDumpConfigInformation                   = 153,
    SystemProcessorFeaturesInformation                   = 154,
    SystemRegistryReconciliationInformation              = 155,
    SystemEdidInformation                                = 156,
    SystemManufacturingInformation                       = 157,
    SystemEnergyEstimationConfigInformation              = 158,
    SystemHypervisorDetailInformation                    = 159,
    SystemProcessorCycleStatsInformation                 = 160,
    SystemVmGenerationCountInformation                   = 161,
    SystemTrustedPlatformModuleInformation               = 162,
    SystemKernelDebuggerFlags                            = 163,
    SystemCodeIntegrityPolicyInformation                 = 164,
    SystemIsolatedUserModeInformation                    = 165,
    SystemHardwareSecurityTestInterfaceResultsInformation = 166,
    SystemSingleModuleInformation                        = 167,
    SystemAllowedCpuSetsInformation                      = 168,
    SystemVsmProtectionInformation                       = 169,
    SystemInterruptCpuSetsInformation                    = 170,
    SystemSecureBootPolicyFullInformation                = 171,
    SystemCodeIntegrityPolicyFullInformation             = 172,
    SystemAffinitizedInterruptProcessorInformation       = 173,
    SystemRootSiloInformation                            = 174,
    SystemCpuSetInformation                              = 175,
    SystemCpuSetTagInformation                           = 176,
    SystemWin32WerStartCallout                           = 177,
    SystemSecureKernelProfileInformation                 = 178,
    SystemCodeIntegrityPlatformManifestInformation       = 179,
    SystemInterruptSteeringInformation                   = 180,
    SystemSupportedProcessorArchitectures                = 181,
    SystemMemoryUsageInformation                         = 182,
    SystemCodeIntegrityCertificateInformation            = 183,
    SystemPhysicalMemoryInformation                      = 184,
    SystemControlFlowTransition                          = 185,
    SystemKernelDebuggingAllowed                         = 186,
    SystemActivityModerationExeState                     = 187,
    SystemActivityModerationUserSettings                 = 188,
    SystemCodeIntegrityPoliciesFullInformation           = 189,
    SystemCodeIntegrityUnlockInformation                 = 190,
    SystemIntegrityQuotaInformation                      = 191,
    SystemFlushInformation                               = 192,
    SystemProcessorIdleMaskInformation                   = 193,
    SystemSecureDumpEncryptionInformation                = 194,
    SystemWriteConstraintInformation                     = 195,
    SystemKernelVaShadowInformation                      = 196,
    SystemHypervisorSharedPageInformation                = 197,
    SystemFirmwareBootPerformanceInformation             = 198,
    SystemCodeIntegrityVerificationInformation           = 199,
    SystemFirmwarePartitionInformation                   = 200,
    SystemSpeculationControlInformation                  = 201,
    SystemDmaGuardPolicyInformation                      = 202,
    SystemEnclaveLaunchControlInformation                = 203,
    SystemWorkloadAllowedCpuSetsInformation              = 204,
    SystemCodeIntegrityUnlockModeInformation             = 205,
    SystemLeapSecondInformation                          = 206,
    SystemFlags2Information                              = 207,
    SystemSecurityModelInformation                       = 208,
    SystemCodeIntegritySyntheticCacheInformation         = 209,
    SystemFeatureConfigurationInformation                = 210,
    SystemFeatureConfigurationSectionInformation         = 211,
    SystemFeatureUsageSubscriptionInformation            = 212,
    SystemSecureSpeculationControlInformation            = 213,
    SystemSpacesBootInformation                          = 214,
    SystemFwRamdiskInformation                           = 215,
    SystemWheaIpmiHardwareInformation                    = 216,
    SystemDifSetRuleClassInformation                     = 217,
    SystemDifClearRuleClassInformation                   = 218,
    SystemDifApplyPluginVerificationOnDriver             = 219,
    SystemDifRemovePluginVerificationOnDriver            = 220,
    SystemShadowStackInformation                         = 221,
    SystemBuildVersionInformation                        = 222,
    SystemWineVersionInformation = 1000             /* Wine: version and host strings */
} SYSTEM_INFORMATION_CLASS, *PSYSTEM_INFORMATION_CLASS;

/* SystemBasicInformation, SystemNativeBasicInformation,
 * SystemEmulationBasicInformation (Wine's __WINESRC__ field names) */
typedef struct _SYSTEM_BASIC_INFORMATION {
    ULONG     unknown;                              /* Reserved */
    ULONG     KeMaximumIncrement;                   /* timer resolution, 100ns units */
    ULONG     PageSize;
    ULONG     MmNumberOfPhysicalPages;
    ULONG     MmLowestPhysicalPage;
    ULONG     MmHighestPhysicalPage;
    ULONG_PTR AllocationGranularity;
    PVOID     LowestUserAddress;
    PVOID     HighestUserAddress;
    ULONG_PTR ActiveProcessorsAffinityMask;
    BYTE      NumberOfProcessors;
} SYSTEM_BASIC_INFORMATION, *PSYSTEM_BASIC_INFORMATION;

/* SystemCpuInformation, SystemEmulationProcessorInformation */
typedef struct _SYSTEM_CPU_INFORMATION {
    USHORT ProcessorArchitecture;   /* PROCESSOR_ARCHITECTURE_* */
    USHORT ProcessorLevel;
    USHORT ProcessorRevision;
    USHORT MaximumProcessors;
    ULONG  ProcessorFeatureBits;    /* CPU_FEATURE_* */
} SYSTEM_CPU_INFORMATION, *PSYSTEM_CPU_INFORMATION;

#define PROCESSOR_ARCHITECTURE_INTEL          0
#define PROCESSOR_ARCHITECTURE_ARM            5
#define PROCESSOR_ARCHITECTURE_IA64           6
#define PROCESSOR_ARCHITECTURE_AMD64          9
#define PROCESSOR_ARCHITECTURE_IA32_ON_WIN64  10
#define PROCESSOR_ARCHITECTURE_NEUTRAL        11
#define PROCESSOR_ARCHITECTURE_ARM64          12
#define PROCESSOR_ARCHITECTURE_UNKNOWN        0xffff

/* SYSTEM_CPU_INFORMATION.ProcessorFeatureBits as Wine 8.0 defines them
 * (several are Wine's own choices; only Wine's DLLs read these). */
#define CPU_FEATURE_VME    0x00000005
#define CPU_FEATURE_TSC    0x00000002
#define CPU_FEATURE_CMOV   0x00000008
#define CPU_FEATURE_PGE    0x00000014
#define CPU_FEATURE_PSE    0x00000024
#define CPU_FEATURE_MTRR   0x00000040
#define CPU_FEATURE_CX8    0x00000080
#define CPU_FEATURE_MMX    0x00000100
#define CPU_FEATURE_X86    0x00000200
#define CPU_FEATURE_PAT    0x00000400
#define CPU_FEATURE_FXSR   0x00000800
#define CPU_FEATURE_SEP    0x00001000
#define CPU_FEATURE_SSE    0x00002000
#define CPU_FEATURE_3DNOW  0x00004000
#define CPU_FEATURE_SSSE3  0x00008000
#define CPU_FEATURE_SSE2   0x00010000
#define CPU_FEATURE_DS     0x00020000
#define CPU_FEATURE_HTT    0x00040000
#define CPU_FEATURE_SSE3   0x00080000
#define CPU_FEATURE_CX128  0x00100000
#define CPU_FEATURE_PAE    0x00200000
#define CPU_FEATURE_DAZ    0x00400000
#define CPU_FEATURE_XSAVE  0x00800000
#define CPU_FEATURE_SSE41  0x01000000
#define CPU_FEATURE_SSE42  0x02000000
#define CPU_FEATURE_2NDLEV 0x04000000
#define CPU_FEATURE_VIRT   0x08000000
#define CPU_FEATURE_RDFS   0x10000000
#define CPU_FEATURE_NX     0x20000000
#define CPU_FEATURE_AVX    0x40000000
#define CPU_FEATURE_AVX2   0x80000000

/* SystemPerformanceInformation */
typedef struct _SYSTEM_PERFORMANCE_INFORMATION {
    LARGE_INTEGER IdleTime;
    LARGE_INTEGER ReadTransferCount;
    LARGE_INTEGER WriteTransferCount;
    LARGE_INTEGER OtherTransferCount;
    ULONG ReadOperationCount;
    ULONG WriteOperationCount;
    ULONG OtherOperationCount;
    ULONG AvailablePages;
    ULONG TotalCommittedPages;
    ULONG TotalCommitLimit;
    ULONG PeakCommitment;
    ULONG PageFaults;
    ULONG WriteCopyFaults;
    ULONG TransitionFaults;
    ULONG Reserved1;
    ULONG DemandZeroFaults;
    ULONG PagesRead;
    ULONG PageReadIos;
    ULONG Reserved2[2];
    ULONG PagefilePagesWritten;
    ULONG PagefilePageWriteIos;
    ULONG MappedFilePagesWritten;
    ULONG MappedFilePageWriteIos;
    ULONG PagedPoolUsage;
    ULONG NonPagedPoolUsage;
    ULONG PagedPoolAllocs;
    ULONG PagedPoolFrees;
    ULONG NonPagedPoolAllocs;
    ULONG NonPagedPoolFrees;
    ULONG TotalFreeSystemPtes;
    ULONG SystemCodePage;
    ULONG TotalSystemDriverPages;
    ULONG TotalSystemCodePages;
    ULONG SmallNonPagedLookasideListAllocateHits;
    ULONG SmallPagedLookasideListAllocateHits;
    ULONG Reserved3;
    ULONG MmSystemCachePage;
    ULONG PagedPoolPage;
    ULONG SystemDriverPage;
    ULONG FastReadNoWait;
    ULONG FastReadWait;
    ULONG FastReadResourceMiss;
    ULONG FastReadNotPossible;
    ULONG FastMdlReadNoWait;
    ULONG FastMdlReadWait;
    ULONG FastMdlReadResourceMiss;
    ULONG FastMdlReadNotPossible;
    ULONG MapDataNoWait;
    ULONG MapDataWait;
    ULONG MapDataNoWaitMiss;
    ULONG MapDataWaitMiss;
    ULONG PinMappedDataCount;
    ULONG PinReadNoWait;
    ULONG PinReadWait;
    ULONG PinReadNoWaitMiss;
    ULONG PinReadWaitMiss;
    ULONG CopyReadNoWait;
    ULONG CopyReadWait;
    ULONG CopyReadNoWaitMiss;
    ULONG CopyReadWaitMiss;
    ULONG MdlReadNoWait;
    ULONG MdlReadWait;
    ULONG MdlReadNoWaitMiss;
    ULONG MdlReadWaitMiss;
    ULONG ReadAheadIos;
    ULONG LazyWriteIos;
    ULONG LazyWritePages;
    ULONG DataFlushes;
    ULONG DataPages;
    ULONG ContextSwitches;
    ULONG FirstLevelTbFills;
    ULONG SecondLevelTbFills;
    ULONG SystemCalls;
} SYSTEM_PERFORMANCE_INFORMATION, *PSYSTEM_PERFORMANCE_INFORMATION;

/* SystemTimeOfDayInformation (Wine's __WINESRC__ layout, 48 bytes) */
typedef struct _SYSTEM_TIMEOFDAY_INFORMATION {
    LARGE_INTEGER BootTime;
    LARGE_INTEGER SystemTime;
    LARGE_INTEGER TimeZoneBias;
    ULONG         TimeZoneId;
    ULONG         Reserved;
    ULONGLONG     BootTimeBias;
    ULONGLONG     SleepTimeBias;
} SYSTEM_TIMEOFDAY_INFORMATION, *PSYSTEM_TIMEOFDAY_INFORMATION;

/* SystemProcessorPerformanceInformation (one per processor) */
typedef struct _SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION {
    LARGE_INTEGER IdleTime;
    LARGE_INTEGER KernelTime;       /* includes IdleTime */
    LARGE_INTEGER UserTime;
    LARGE_INTEGER Reserved1[2];     /* DpcTime, InterruptTime */
    ULONG         Reserved2;        /* InterruptCount */
} SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION, *PSYSTEM_PROCESSOR_PERFORMANCE_INFORMATION;

/* SystemProcessInformation: a chain of process records, each followed by
 * its threads (Wine's __WINESRC__ layout and names). */
typedef struct _SYSTEM_THREAD_INFORMATION {
    LARGE_INTEGER KernelTime;
    LARGE_INTEGER UserTime;
    LARGE_INTEGER CreateTime;
    ULONG         dwTickCount;      /* WaitTime */
    PVOID         StartAddress;
    CLIENT_ID     ClientId;
    ULONG         dwCurrentPriority;
    ULONG         dwBasePriority;
    ULONG         dwContextSwitches;
    ULONG         dwThreadState;
    ULONG         dwWaitReason;
    ULONG         dwUnknown;
} SYSTEM_THREAD_INFORMATION, *PSYSTEM_THREAD_INFORMATION;

/* SystemExtendedProcessInformation threads */
typedef struct _SYSTEM_EXTENDED_THREAD_INFORMATION {
    SYSTEM_THREAD_INFORMATION ThreadInfo;
    PVOID     StackBase;
    PVOID     StackLimit;
    PVOID     Win32StartAddress;
    PVOID     TebBase;
    ULONG_PTR Reserved2;
    ULONG_PTR Reserved3;
    ULONG_PTR Reserved4;
} SYSTEM_EXTENDED_THREAD_INFORMATION, *PSYSTEM_EXTENDED_THREAD_INFORMATION;

typedef struct _SYSTEM_PROCESS_INFORMATION {
    ULONG          NextEntryOffset;             /* 0x00 */
    ULONG          dwThreadCount;               /* 0x04 */
    LARGE_INTEGER  WorkingSetPrivateSize;       /* 0x08 */
    ULONG          HardFaultCount;              /* 0x10 */
    ULONG          NumberOfThreadsHighWatermark;/* 0x14 */
    ULONGLONG      CycleTime;                   /* 0x18 */
    LARGE_INTEGER  CreationTime;                /* 0x20 */
    LARGE_INTEGER  UserTime;                    /* 0x28 */
    LARGE_INTEGER  KernelTime;                  /* 0x30 */
    UNICODE_STRING ProcessName;                 /* 0x38 */
    ULONG          dwBasePriority;              /* 0x48 */
    HANDLE         UniqueProcessId;             /* 0x50 */
    HANDLE         ParentProcessId;             /* 0x58 */
    ULONG          HandleCount;                 /* 0x60 */
    ULONG          SessionId;                   /* 0x64 */
    ULONG_PTR      UniqueProcessKey;            /* 0x68 */
    VM_COUNTERS_EX vmCounters;                  /* 0x70 */
    IO_COUNTERS    ioCounters;                  /* 0xd0 */
    SYSTEM_THREAD_INFORMATION ti[ANYSIZE_ARRAY];/* 0x100 */
} SYSTEM_PROCESS_INFORMATION, *PSYSTEM_PROCESS_INFORMATION;

/* SystemHandleInformation / SystemExtendedHandleInformation */
typedef struct _SYSTEM_HANDLE_ENTRY {
    ULONG  OwnerPid;
    BYTE   ObjectType;
    BYTE   HandleFlags;
    USHORT HandleValue;
    PVOID  ObjectPointer;
    ULONG  AccessMask;
} SYSTEM_HANDLE_ENTRY, *PSYSTEM_HANDLE_ENTRY;

typedef struct _SYSTEM_HANDLE_INFORMATION {
    ULONG               Count;
    SYSTEM_HANDLE_ENTRY Handle[ANYSIZE_ARRAY];
} SYSTEM_HANDLE_INFORMATION, *PSYSTEM_HANDLE_INFORMATION;

typedef struct _SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX {
    PVOID     Object;
    ULONG_PTR UniqueProcessId;
    ULONG_PTR HandleValue;
    ULONG     GrantedAccess;
    USHORT    CreatorBackTraceIndex;
    USHORT    ObjectTypeIndex;
    ULONG     HandleAttributes;
    ULONG     Reserved;
} SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX, *PSYSTEM_HANDLE_TABLE_ENTRY_INFO_EX;

typedef struct _SYSTEM_HANDLE_INFORMATION_EX {
    ULONG_PTR NumberOfHandles;
    ULONG_PTR Reserved;
    SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX Handles[ANYSIZE_ARRAY];
} SYSTEM_HANDLE_INFORMATION_EX, *PSYSTEM_HANDLE_INFORMATION_EX;

/* SystemModuleInformation */
#define MAXIMUM_FILENAME_LENGTH 256

typedef struct _RTL_PROCESS_MODULE_INFORMATION {
    PVOID  Section;
    PVOID  MappedBaseAddress;
    PVOID  ImageBaseAddress;
    ULONG  ImageSize;
    ULONG  Flags;
    USHORT LoadOrderIndex;
    USHORT InitOrderIndex;
    USHORT LoadCount;
    USHORT NameOffset;              /* of the file name within Name */
    UCHAR  Name[MAXIMUM_FILENAME_LENGTH];
} RTL_PROCESS_MODULE_INFORMATION, *PRTL_PROCESS_MODULE_INFORMATION;

typedef struct _RTL_PROCESS_MODULES {
    ULONG ModulesCount;
    RTL_PROCESS_MODULE_INFORMATION Modules[ANYSIZE_ARRAY];
} RTL_PROCESS_MODULES, *PRTL_PROCESS_MODULES;

/* SystemKernelDebuggerInformation(Ex) */
typedef struct _SYSTEM_KERNEL_DEBUGGER_INFORMATION {
    BOOLEAN DebuggerEnabled;
    BOOLEAN DebuggerNotPresent;
} SYSTEM_KERNEL_DEBUGGER_INFORMATION, *PSYSTEM_KERNEL_DEBUGGER_INFORMATION;

typedef struct _SYSTEM_KERNEL_DEBUGGER_INFORMATION_EX {
    BOOLEAN DebuggerAllowed;
    BOOLEAN DebuggerEnabled;
    BOOLEAN DebuggerPresent;
} SYSTEM_KERNEL_DEBUGGER_INFORMATION_EX, *PSYSTEM_KERNEL_DEBUGGER_INFORMATION_EX;

/* SystemRegistryQuotaInformation */
typedef struct _SYSTEM_REGISTRY_QUOTA_INFORMATION {
    ULONG RegistryQuotaAllowed;
    ULONG RegistryQuotaUsed;
    PVOID Reserved1;                /* PagedPoolSize */
} SYSTEM_REGISTRY_QUOTA_INFORMATION, *PSYSTEM_REGISTRY_QUOTA_INFORMATION;

/* SystemTimeAdjustmentInformation: query and set forms differ */
typedef struct _SYSTEM_TIME_ADJUSTMENT_QUERY {
    ULONG   TimeAdjustment;
    ULONG   TimeIncrement;
    BOOLEAN TimeAdjustmentDisabled;
} SYSTEM_TIME_ADJUSTMENT_QUERY, *PSYSTEM_TIME_ADJUSTMENT_QUERY;

typedef struct _SYSTEM_TIME_ADJUSTMENT {
    ULONG   TimeAdjustment;
    BOOLEAN TimeAdjustmentDisabled;
} SYSTEM_TIME_ADJUSTMENT, *PSYSTEM_TIME_ADJUSTMENT;

/* SystemCodeIntegrityInformation */
typedef struct _SYSTEM_CODEINTEGRITY_INFORMATION {
    ULONG Length;
    ULONG CodeIntegrityOptions;     /* CODEINTEGRITY_OPTION_* */
} SYSTEM_CODEINTEGRITY_INFORMATION, *PSYSTEM_CODEINTEGRITY_INFORMATION;

#define CODEINTEGRITY_OPTION_ENABLED  0x0001
#define CODEINTEGRITY_OPTION_TESTSIGN 0x0002

/* SystemFirmwareTableInformation (input and output in one buffer) */
typedef enum _SYSTEM_FIRMWARE_TABLE_ACTION {
    SystemFirmwareTable_Enumerate = 0,
    SystemFirmwareTable_Get = 1
} SYSTEM_FIRMWARE_TABLE_ACTION, *PSYSTEM_FIRMWARE_TABLE_ACTION;

typedef struct _SYSTEM_FIRMWARE_TABLE_INFORMATION {
    ULONG ProviderSignature;        /* 'ACPI', 'FIRM', 'RSMB' */
    SYSTEM_FIRMWARE_TABLE_ACTION Action;
    ULONG TableID;
    ULONG TableBufferLength;
    UCHAR TableBuffer[ANYSIZE_ARRAY];
} SYSTEM_FIRMWARE_TABLE_INFORMATION, *PSYSTEM_FIRMWARE_TABLE_INFORMATION;

/* SystemLogicalProcessorInformation(Ex): processor topology */
typedef enum _LOGICAL_PROCESSOR_RELATIONSHIP {
    RelationProcessorCore = 0,
    RelationNumaNode = 1,
    RelationCache = 2,
    RelationProcessorPackage = 3,
    RelationGroup = 4,
    RelationProcessorDie = 5,
    RelationNumaNodeEx = 6,
    RelationProcessorModule = 7,
    RelationAll = 0xffff
} LOGICAL_PROCESSOR_RELATIONSHIP;

#define LTP_PC_SMT 0x1              /* PROCESSOR_RELATIONSHIP.Flags: core has SMT */

typedef enum _PROCESSOR_CACHE_TYPE {
    CacheUnified,
    CacheInstruction,
    CacheData,
    CacheTrace
} PROCESSOR_CACHE_TYPE;

typedef struct _CACHE_DESCRIPTOR {
    BYTE   Level;
    BYTE   Associativity;
    WORD   LineSize;
    DWORD  Size;
    PROCESSOR_CACHE_TYPE Type;
} CACHE_DESCRIPTOR, *PCACHE_DESCRIPTOR;

typedef struct _SYSTEM_LOGICAL_PROCESSOR_INFORMATION {
    ULONG_PTR ProcessorMask;
    LOGICAL_PROCESSOR_RELATIONSHIP Relationship;
    union {
        struct {
            BYTE Flags;
        } ProcessorCore;
        struct {
            DWORD NodeNumber;
        } NumaNode;
        CACHE_DESCRIPTOR Cache;
        ULONGLONG Reserved[2];
    };
} SYSTEM_LOGICAL_PROCESSOR_INFORMATION, *PSYSTEM_LOGICAL_PROCESSOR_INFORMATION;

typedef struct _GROUP_AFFINITY {
    KAFFINITY Mask;
    WORD      Group;
    WORD      Reserved[3];
} GROUP_AFFINITY, *PGROUP_AFFINITY;

typedef struct _PROCESSOR_NUMBER {
    WORD Group;
    BYTE Number;
    BYTE Reserved;
} PROCESSOR_NUMBER, *PPROCESSOR_NUMBER;

typedef struct _PROCESSOR_GROUP_INFO {
    BYTE      MaximumProcessorCount;
    BYTE      ActiveProcessorCount;
    BYTE      Reserved[38];
    KAFFINITY ActiveProcessorMask;
} PROCESSOR_GROUP_INFO, *PPROCESSOR_GROUP_INFO;

typedef struct _PROCESSOR_RELATIONSHIP {
    BYTE           Flags;           /* LTP_PC_SMT */
    BYTE           EfficiencyClass;
    BYTE           Reserved[20];
    WORD           GroupCount;
    GROUP_AFFINITY GroupMask[ANYSIZE_ARRAY];
} PROCESSOR_RELATIONSHIP, *PPROCESSOR_RELATIONSHIP;

typedef struct _NUMA_NODE_RELATIONSHIP {
    DWORD          NodeNumber;
    BYTE           Reserved[20];
    GROUP_AFFINITY GroupMask;
} NUMA_NODE_RELATIONSHIP, *PNUMA_NODE_RELATIONSHIP;

typedef struct _CACHE_RELATIONSHIP {
    BYTE           Level;
    BYTE           Associativity;
    WORD           LineSize;
    DWORD          CacheSize;
    PROCESSOR_CACHE_TYPE Type;
    BYTE           Reserved[20];
    GROUP_AFFINITY GroupMask;
} CACHE_RELATIONSHIP, *PCACHE_RELATIONSHIP;

typedef struct _GROUP_RELATIONSHIP {
    WORD                 MaximumGroupCount;
    WORD                 ActiveGroupCount;
    BYTE                 Reserved[20];
    PROCESSOR_GROUP_INFO GroupInfo[ANYSIZE_ARRAY];
} GROUP_RELATIONSHIP, *PGROUP_RELATIONSHIP;

/* Variable-size records; Size is the whole record */
typedef struct _SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX {
    LOGICAL_PROCESSOR_RELATIONSHIP Relationship;
    DWORD Size;
    union {
        PROCESSOR_RELATIONSHIP Processor;
        NUMA_NODE_RELATIONSHIP NumaNode;
        CACHE_RELATIONSHIP     Cache;
        GROUP_RELATIONSHIP     Group;
    };
} SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, *PSYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX;

/* ====================================================================== */
/* 6. Virtual memory                                                      */
/* ====================================================================== */

typedef enum _MEMORY_INFORMATION_CLASS {
    MemoryBasicInformation = 0,
    MemoryWorkingSetInformation = 1,
    MemoryMappedFilenameInformation = 2,
    MemoryRegionInformation = 3,
    MemoryWorkingSetExInformation = 4,
    MemorySharedCommitInformation = 5,
    MemoryImageInformation = 6,
    MemoryRegionInformationEx = 7,
    MemoryPrivilegedBasicInformation = 8,
    MemoryEnclaveImageInformation = 9,
    MemoryBasicInformationCapped = 10,
    MemoryPhysicalContiguityInformation = 11,
    MemoryWineUnixFuncs = 1000,                     /* Wine: unix call table of a module */
    MemoryWineUnixWow64Funcs = 1001                 /* Wine: same, for WoW64 */
} MEMORY_INFORMATION_CLASS;

/* MemoryBasicInformation (also VirtualQuery) */
typedef struct _MEMORY_BASIC_INFORMATION {
    PVOID  BaseAddress;
    PVOID  AllocationBase;
    ULONG  AllocationProtect;       /* PAGE_* at reservation time */
    SIZE_T RegionSize;
    ULONG  State;                   /* MEM_COMMIT, MEM_RESERVE, MEM_FREE */
    ULONG  Protect;                 /* PAGE_* */
    ULONG  Type;                    /* MEM_PRIVATE, MEM_MAPPED, MEM_IMAGE */
} MEMORY_BASIC_INFORMATION, *PMEMORY_BASIC_INFORMATION;

/* MemoryMappedFilenameInformation: the string follows the structure */
typedef struct _MEMORY_SECTION_NAME {
    UNICODE_STRING SectionFileName;
} MEMORY_SECTION_NAME, *PMEMORY_SECTION_NAME;

/* MemoryWorkingSetExInformation (in/out array, one per page) */
typedef union _MEMORY_WORKING_SET_EX_BLOCK {
    ULONG_PTR Flags;
    struct {
        ULONG_PTR Valid : 1;
        ULONG_PTR ShareCount : 3;
        ULONG_PTR Win32Protection : 11;
        ULONG_PTR Shared : 1;
        ULONG_PTR Node : 6;
        ULONG_PTR Locked : 1;
        ULONG_PTR LargePage : 1;
        ULONG_PTR Reserved : 7;
        ULONG_PTR Bad : 1;
    };
} MEMORY_WORKING_SET_EX_BLOCK, *PMEMORY_WORKING_SET_EX_BLOCK;

typedef struct _MEMORY_WORKING_SET_EX_INFORMATION {
    PVOID                       VirtualAddress;     /* in */
    MEMORY_WORKING_SET_EX_BLOCK VirtualAttributes;  /* out */
} MEMORY_WORKING_SET_EX_INFORMATION, *PMEMORY_WORKING_SET_EX_INFORMATION;

/* MemoryRegionInformation */
typedef struct _MEMORY_REGION_INFORMATION {
    PVOID AllocationBase;
    ULONG AllocationProtect;
    union {
        ULONG RegionType;
        struct {
            ULONG Private : 1;
            ULONG MappedDataFile : 1;
            ULONG MappedImage : 1;
            ULONG MappedPageFile : 1;
            ULONG MappedPhysical : 1;
            ULONG DirectMapped : 1;
            ULONG Reserved : 26;
        };
    };
    SIZE_T    RegionSize;
    SIZE_T    CommitSize;
    ULONG_PTR PartitionId;
    ULONG_PTR NodePreference;
} MEMORY_REGION_INFORMATION, *PMEMORY_REGION_INFORMATION;

/* MemoryImageInformation (not in Wine 8.0's headers) */
typedef struct _MEMORY_IMAGE_INFORMATION {
    PVOID  ImageBase;
    SIZE_T SizeOfImage;
    union {
        ULONG ImageFlags;
        struct {
            ULONG ImagePartialMap : 1;
            ULONG ImageNotExecutable : 1;
            ULONG ImageSigningLevel : 4;
            ULONG Reserved : 26;
        };
    };
} MEMORY_IMAGE_INFORMATION, *PMEMORY_IMAGE_INFORMATION;

/* NtSetInformationVirtualMemory */
typedef enum _VIRTUAL_MEMORY_INFORMATION_CLASS {
    VmPrefetchInformation,
    VmPagePriorityInformation,
    VmCfgCallTargetInformation
} VIRTUAL_MEMORY_INFORMATION_CLASS, *PVIRTUAL_MEMORY_INFORMATION_CLASS;

typedef struct _MEMORY_RANGE_ENTRY {
    PVOID  VirtualAddress;
    SIZE_T NumberOfBytes;
} MEMORY_RANGE_ENTRY, *PMEMORY_RANGE_ENTRY;

/* ====================================================================== */
/* 7. Sections                                                            */
/* ====================================================================== */

typedef enum _SECTION_INFORMATION_CLASS {
    SectionBasicInformation,
    SectionImageInformation,
    SectionRelocationInformation,
    SectionOriginalBaseInformation,
    SectionInternalImageInformation
} SECTION_INFORMATION_CLASS;

/* SectionBasicInformation */
typedef struct _SECTION_BASIC_INFORMATION {
    PVOID         BaseAddress;
    ULONG         Attributes;       /* SEC_* */
    LARGE_INTEGER Size;
} SECTION_BASIC_INFORMATION, *PSECTION_BASIC_INFORMATION;

/* SectionImageInformation, ProcessImageInformation, PS_ATTRIBUTE_IMAGE_INFO
 * (64 bytes; ImageFlags bits 6-7 are Wine extensions its DLLs test) */
typedef struct _SECTION_IMAGE_INFORMATION {
    PVOID   TransferAddress;                        /* 0x00: entry point */
    ULONG   ZeroBits;                               /* 0x08 */
    SIZE_T  MaximumStackSize;                       /* 0x10 */
    SIZE_T  CommittedStackSize;                     /* 0x18 */
    ULONG   SubSystemType;                          /* 0x20 */
    USHORT  MinorSubsystemVersion;                  /* 0x24 */
    USHORT  MajorSubsystemVersion;                  /* 0x26 */
    USHORT  MajorOperatingSystemVersion;            /* 0x28 */
    USHORT  MinorOperatingSystemVersion;            /* 0x2a */
    USHORT  ImageCharacteristics;                   /* 0x2c */
    USHORT  DllCharacteristics;                     /* 0x2e */
    USHORT  Machine;                                /* 0x30 */
    BOOLEAN ImageContainsCode;                      /* 0x32 */
    union {
        UCHAR ImageFlags;                           /* 0x33 */
        struct {
            UCHAR ComPlusNativeReady : 1;
            UCHAR ComPlusILOnly : 1;
            UCHAR ImageDynamicallyRelocated : 1;
            UCHAR ImageMappedFlat : 1;
            UCHAR BaseBelow4gb : 1;
            UCHAR ComPlusPrefer32bit : 1;
            UCHAR WineBuiltin : 1;                  /* Wine: a Wine builtin DLL */
            UCHAR WineFakeDll : 1;                  /* Wine: a fake (placeholder) DLL */
        };
    };
    ULONG   LoaderFlags;                            /* 0x34 */
    ULONG   ImageFileSize;                          /* 0x38 */
    ULONG   CheckSum;                               /* 0x3c */
} SECTION_IMAGE_INFORMATION, *PSECTION_IMAGE_INFORMATION;

/* ====================================================================== */
/* 8. Objects and object directories                                      */
/* ====================================================================== */

typedef enum _OBJECT_INFORMATION_CLASS {
    ObjectBasicInformation,
    ObjectNameInformation,
    ObjectTypeInformation,
    ObjectTypesInformation,
    ObjectDataInformation           /* ObjectHandleFlagInformation in the SDK */
} OBJECT_INFORMATION_CLASS, *POBJECT_INFORMATION_CLASS;

#define ObjectHandleFlagInformation ObjectDataInformation

/* ObjectBasicInformation */
typedef struct _OBJECT_BASIC_INFORMATION {
    ULONG         Attributes;       /* OBJ_INHERIT, OBJ_PROTECT_CLOSE of the handle */
    ACCESS_MASK   GrantedAccess;
    ULONG         HandleCount;
    ULONG         PointerCount;
    ULONG         PagedPoolUsage;
    ULONG         NonPagedPoolUsage;
    ULONG         Reserved[3];
    ULONG         NameInformationLength;
    ULONG         TypeInformationLength;
    ULONG         SecurityDescriptorLength;
    LARGE_INTEGER CreateTime;
} OBJECT_BASIC_INFORMATION, *POBJECT_BASIC_INFORMATION;

/* ObjectNameInformation: the string follows the structure */
typedef struct _OBJECT_NAME_INFORMATION {
    UNICODE_STRING Name;
} OBJECT_NAME_INFORMATION, *POBJECT_NAME_INFORMATION;

/* ObjectTypeInformation; ObjectTypesInformation returns a count followed
 * by one of these per type, each 8-byte aligned with its name */
typedef struct _OBJECT_TYPE_INFORMATION {
    UNICODE_STRING  TypeName;
    ULONG           TotalNumberOfObjects;
    ULONG           TotalNumberOfHandles;
    ULONG           TotalPagedPoolUsage;
    ULONG           TotalNonPagedPoolUsage;
    ULONG           TotalNamePoolUsage;
    ULONG           TotalHandleTableUsage;
    ULONG           HighWaterNumberOfObjects;
    ULONG           HighWaterNumberOfHandles;
    ULONG           HighWaterPagedPoolUsage;
    ULONG           HighWaterNonPagedPoolUsage;
    ULONG           HighWaterNamePoolUsage;
    ULONG           HighWaterHandleTableUsage;
    ULONG           InvalidAttributes;
    GENERIC_MAPPING GenericMapping;
    ULONG           ValidAccessMask;
    BOOLEAN         SecurityRequired;
    BOOLEAN         MaintainHandleCount;
    UCHAR           TypeIndex;
    CHAR            ReservedByte;
    ULONG           PoolType;
    ULONG           DefaultPagedPoolCharge;
    ULONG           DefaultNonPagedPoolCharge;
} OBJECT_TYPE_INFORMATION, *POBJECT_TYPE_INFORMATION;

typedef struct _OBJECT_TYPES_INFORMATION {
    ULONG NumberOfTypes;
} OBJECT_TYPES_INFORMATION, *POBJECT_TYPES_INFORMATION;

/* ObjectDataInformation (ObjectHandleFlagInformation) */
typedef struct _OBJECT_DATA_INFORMATION {
    BOOLEAN InheritHandle;
    BOOLEAN ProtectFromClose;
} OBJECT_DATA_INFORMATION, *POBJECT_DATA_INFORMATION,
  OBJECT_HANDLE_FLAG_INFORMATION, *POBJECT_HANDLE_FLAG_INFORMATION;

/* NtQueryDirectoryObject entries (array ended by an all-zero entry;
 * strings stored after the array) */
typedef struct _DIRECTORY_BASIC_INFORMATION {
    UNICODE_STRING ObjectName;
    UNICODE_STRING ObjectTypeName;
} DIRECTORY_BASIC_INFORMATION, *PDIRECTORY_BASIC_INFORMATION;

typedef struct _OBJECT_DIRECTORY_INFORMATION {      /* SDK name and field names */
    UNICODE_STRING Name;
    UNICODE_STRING TypeName;
} OBJECT_DIRECTORY_INFORMATION, *POBJECT_DIRECTORY_INFORMATION;

/* ====================================================================== */
/* 9. Synchronization objects and completion ports                        */
/* ====================================================================== */

typedef enum _EVENT_INFORMATION_CLASS {
    EventBasicInformation
} EVENT_INFORMATION_CLASS, *PEVENT_INFORMATION_CLASS;

typedef struct _EVENT_BASIC_INFORMATION {
    EVENT_TYPE EventType;
    LONG       EventState;          /* signaled? */
} EVENT_BASIC_INFORMATION, *PEVENT_BASIC_INFORMATION;

typedef enum _MUTANT_INFORMATION_CLASS {
    MutantBasicInformation
} MUTANT_INFORMATION_CLASS, *PMUTANT_INFORMATION_CLASS;

typedef struct _MUTANT_BASIC_INFORMATION {
    LONG    CurrentCount;           /* 1 free, <= 0 owned (minus recursion) */
    BOOLEAN OwnedByCaller;
    BOOLEAN AbandonedState;
} MUTANT_BASIC_INFORMATION, *PMUTANT_BASIC_INFORMATION;

typedef enum _SEMAPHORE_INFORMATION_CLASS {
    SemaphoreBasicInformation
} SEMAPHORE_INFORMATION_CLASS, *PSEMAPHORE_INFORMATION_CLASS;

typedef struct _SEMAPHORE_BASIC_INFORMATION {
    ULONG CurrentCount;
    ULONG MaximumCount;
} SEMAPHORE_BASIC_INFORMATION, *PSEMAPHORE_BASIC_INFORMATION;

typedef enum _TIMER_INFORMATION_CLASS {
    TimerBasicInformation
} TIMER_INFORMATION_CLASS;

typedef struct _TIMER_BASIC_INFORMATION {
    LARGE_INTEGER RemainingTime;
    BOOLEAN       TimerState;       /* signaled? */
} TIMER_BASIC_INFORMATION, *PTIMER_BASIC_INFORMATION;

typedef enum _IO_COMPLETION_INFORMATION_CLASS {
    IoCompletionBasicInformation
} IO_COMPLETION_INFORMATION_CLASS, *PIO_COMPLETION_INFORMATION_CLASS;

typedef struct _IO_COMPLETION_BASIC_INFORMATION {
    LONG Depth;                     /* queued completions */
} IO_COMPLETION_BASIC_INFORMATION, *PIO_COMPLETION_BASIC_INFORMATION;

/* One completion as returned by NtRemoveIoCompletionEx */
typedef struct _FILE_IO_COMPLETION_INFORMATION {
    ULONG_PTR       CompletionKey;
    ULONG_PTR       CompletionValue;
    IO_STATUS_BLOCK IoStatusBlock;
} FILE_IO_COMPLETION_INFORMATION, *PFILE_IO_COMPLETION_INFORMATION;

/* ====================================================================== */
/* 10. Registry                                                           */
/* ====================================================================== */

typedef enum _KEY_INFORMATION_CLASS {
    KeyBasicInformation = 0,
    KeyNodeInformation = 1,
    KeyFullInformation = 2,
    KeyNameInformation = 3,
    KeyCachedInformation = 4,
    KeyFlagsInformation = 5,
    KeyVirtualizationInformation = 6,
    KeyHandleTagsInformation = 7,
    KeyTrustInformation = 8,                        /* not in Wine 8.0 */
    KeyLayerInformation = 9,                        /* not in Wine 8.0 */
    MaxKeyInfoClass                                 /* Wine 8.0's value is 8 */
} KEY_INFORMATION_CLASS;

typedef enum _KEY_VALUE_INFORMATION_CLASS {
    KeyValueBasicInformation = 0,
    KeyValueFullInformation = 1,
    KeyValuePartialInformation = 2,
    KeyValueFullInformationAlign64 = 3,
    KeyValuePartialInformationAlign64 = 4,
    KeyValueLayerInformation = 5,                   /* not in Wine 8.0 */
    MaxKeyValueInfoClass
} KEY_VALUE_INFORMATION_CLASS;

/* NtSetInformationKey (not in Wine 8.0's headers) */
typedef enum _KEY_SET_INFORMATION_CLASS {
    KeyWriteTimeInformation = 0,
    KeyWow64FlagsInformation = 1,
    KeyControlFlagsInformation = 2,
    KeySetVirtualizationInformation = 3,
    KeySetDebugInformation = 4,
    KeySetHandleTagsInformation = 5,
    KeySetLayerInformation = 6,
    MaxKeySetInfoClass
} KEY_SET_INFORMATION_CLASS;

/* KeyBasicInformation */
typedef struct _KEY_BASIC_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG         TitleIndex;
    ULONG         NameLength;       /* bytes */
    WCHAR         Name[ANYSIZE_ARRAY];
} KEY_BASIC_INFORMATION, *PKEY_BASIC_INFORMATION;

/* KeyNodeInformation: the class string is at ClassOffset */
typedef struct _KEY_NODE_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG         TitleIndex;
    ULONG         ClassOffset;
    ULONG         ClassLength;
    ULONG         NameLength;
    WCHAR         Name[ANYSIZE_ARRAY];
} KEY_NODE_INFORMATION, *PKEY_NODE_INFORMATION;

/* KeyFullInformation */
typedef struct _KEY_FULL_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG         TitleIndex;
    ULONG         ClassOffset;
    ULONG         ClassLength;
    ULONG         SubKeys;
    ULONG         MaxNameLen;
    ULONG         MaxClassLen;
    ULONG         Values;
    ULONG         MaxValueNameLen;
    ULONG         MaxValueDataLen;
    WCHAR         Class[ANYSIZE_ARRAY];
} KEY_FULL_INFORMATION, *PKEY_FULL_INFORMATION;

/* KeyNameInformation: full path, "\REGISTRY\..." */
typedef struct _KEY_NAME_INFORMATION {
    ULONG NameLength;
    WCHAR Name[ANYSIZE_ARRAY];
} KEY_NAME_INFORMATION, *PKEY_NAME_INFORMATION;

/* KeyCachedInformation */
typedef struct _KEY_CACHED_INFORMATION {
    LARGE_INTEGER LastWriteTime;
    ULONG         TitleIndex;
    ULONG         SubKeys;
    ULONG         MaxNameLen;
    ULONG         Values;
    ULONG         MaxValueNameLen;
    ULONG         MaxValueDataLen;
    ULONG         NameLength;
} KEY_CACHED_INFORMATION, *PKEY_CACHED_INFORMATION;

/* KeyWriteTimeInformation (set) */
typedef struct _KEY_WRITE_TIME_INFORMATION {
    LARGE_INTEGER LastWriteTime;
} KEY_WRITE_TIME_INFORMATION, *PKEY_WRITE_TIME_INFORMATION;

/* KeyValueBasicInformation */
typedef struct _KEY_VALUE_BASIC_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;                     /* REG_* */
    ULONG NameLength;
    WCHAR Name[ANYSIZE_ARRAY];
} KEY_VALUE_BASIC_INFORMATION, *PKEY_VALUE_BASIC_INFORMATION;

/* KeyValueFullInformation(Align64): data at DataOffset, after the name */
typedef struct _KEY_VALUE_FULL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataOffset;
    ULONG DataLength;
    ULONG NameLength;
    WCHAR Name[ANYSIZE_ARRAY];
} KEY_VALUE_FULL_INFORMATION, *PKEY_VALUE_FULL_INFORMATION;

/* KeyValuePartialInformation */
typedef struct _KEY_VALUE_PARTIAL_INFORMATION {
    ULONG TitleIndex;
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[ANYSIZE_ARRAY];
} KEY_VALUE_PARTIAL_INFORMATION, *PKEY_VALUE_PARTIAL_INFORMATION;

/* KeyValuePartialInformationAlign64: Data lands on an 8-byte boundary */
typedef struct _KEY_VALUE_PARTIAL_INFORMATION_ALIGN64 {
    ULONG Type;
    ULONG DataLength;
    UCHAR Data[ANYSIZE_ARRAY];
} KEY_VALUE_PARTIAL_INFORMATION_ALIGN64, *PKEY_VALUE_PARTIAL_INFORMATION_ALIGN64;

/* NtQueryMultipleValueKey */
typedef struct _KEY_VALUE_ENTRY {
    PUNICODE_STRING ValueName;
    ULONG           DataLength;
    ULONG           DataOffset;
    ULONG           Type;
} KEY_VALUE_ENTRY, *PKEY_VALUE_ENTRY;

/* Value types */
#define REG_NONE                       0
#define REG_SZ                         1
#define REG_EXPAND_SZ                  2
#define REG_BINARY                     3
#define REG_DWORD                      4
#define REG_DWORD_LITTLE_ENDIAN        4
#define REG_DWORD_BIG_ENDIAN           5
#define REG_LINK                       6    /* symbolic link target (Unicode path) */
#define REG_MULTI_SZ                   7
#define REG_RESOURCE_LIST              8
#define REG_FULL_RESOURCE_DESCRIPTOR   9
#define REG_RESOURCE_REQUIREMENTS_LIST 10
#define REG_QWORD                      11
#define REG_QWORD_LITTLE_ENDIAN        11

/* NtCreateKey CreateOptions */
#define REG_OPTION_RESERVED            0x00000000
#define REG_OPTION_NON_VOLATILE        0x00000000
#define REG_OPTION_VOLATILE            0x00000001
#define REG_OPTION_CREATE_LINK         0x00000002
#define REG_OPTION_BACKUP_RESTORE      0x00000004
#define REG_OPTION_OPEN_LINK           0x00000008
#define REG_OPTION_DONT_VIRTUALIZE     0x00000010
#define REG_LEGAL_OPTION               (REG_OPTION_RESERVED | REG_OPTION_NON_VOLATILE | \
                                        REG_OPTION_VOLATILE | REG_OPTION_CREATE_LINK | \
                                        REG_OPTION_BACKUP_RESTORE | REG_OPTION_OPEN_LINK)

/* NtCreateKey Disposition */
#define REG_CREATED_NEW_KEY            0x00000001
#define REG_OPENED_EXISTING_KEY        0x00000002

/* NtNotifyChangeKey CompletionFilter */
#define REG_NOTIFY_CHANGE_NAME         0x00000001
#define REG_NOTIFY_CHANGE_ATTRIBUTES   0x00000002
#define REG_NOTIFY_CHANGE_LAST_SET     0x00000004
#define REG_NOTIFY_CHANGE_SECURITY     0x00000008
#define REG_NOTIFY_THREAD_AGNOSTIC     0x10000000
#define REG_LEGAL_CHANGE_FILTER        (REG_NOTIFY_CHANGE_NAME | REG_NOTIFY_CHANGE_ATTRIBUTES | \
                                        REG_NOTIFY_CHANGE_LAST_SET | REG_NOTIFY_CHANGE_SECURITY | \
                                        REG_NOTIFY_THREAD_AGNOSTIC)

/* NtLoadKey / NtRestoreKey flags */
#define REG_WHOLE_HIVE_VOLATILE        0x00000001
#define REG_REFRESH_HIVE               0x00000002
#define REG_NO_LAZY_FLUSH              0x00000004
#define REG_FORCE_RESTORE              0x00000008
#define REG_APP_HIVE                   0x00000010
#define REG_PROCESS_PRIVATE            0x00000020

/* ====================================================================== */
/* 11. Security                                                           */
/* ====================================================================== */

typedef struct _SID_IDENTIFIER_AUTHORITY {
    UCHAR Value[6];                 /* big-endian 48-bit number */
} SID_IDENTIFIER_AUTHORITY, *PSID_IDENTIFIER_AUTHORITY;

/* Security identifier; SubAuthority really has SubAuthorityCount entries */
typedef struct _SID {
    UCHAR Revision;                 /* SID_REVISION */
    UCHAR SubAuthorityCount;
    SID_IDENTIFIER_AUTHORITY IdentifierAuthority;
    ULONG SubAuthority[ANYSIZE_ARRAY];
} SID, *PISID;

#define SID_REVISION                    1
#define SID_MAX_SUB_AUTHORITIES         15
#define SID_RECOMMENDED_SUB_AUTHORITIES 1
#define SECURITY_MAX_SID_SIZE           (sizeof(SID) - sizeof(ULONG) + SID_MAX_SUB_AUTHORITIES * sizeof(ULONG))
#define SECURITY_SID_SIZE(count)        (FIELD_OFFSET(SID, SubAuthority) + (count) * sizeof(ULONG))

/* Identifier authorities (initializers for SID_IDENTIFIER_AUTHORITY) */
#define SECURITY_NULL_SID_AUTHORITY        {0, 0, 0, 0, 0, 0}    /* S-1-0 */
#define SECURITY_WORLD_SID_AUTHORITY       {0, 0, 0, 0, 0, 1}    /* S-1-1 */
#define SECURITY_LOCAL_SID_AUTHORITY       {0, 0, 0, 0, 0, 2}    /* S-1-2 */
#define SECURITY_CREATOR_SID_AUTHORITY     {0, 0, 0, 0, 0, 3}    /* S-1-3 */
#define SECURITY_NON_UNIQUE_AUTHORITY      {0, 0, 0, 0, 0, 4}    /* S-1-4 */
#define SECURITY_NT_AUTHORITY              {0, 0, 0, 0, 0, 5}    /* S-1-5 */
#define SECURITY_APP_PACKAGE_AUTHORITY     {0, 0, 0, 0, 0, 15}   /* S-1-15 */
#define SECURITY_MANDATORY_LABEL_AUTHORITY {0, 0, 0, 0, 0, 16}   /* S-1-16 */

/* Relative identifiers */
#define SECURITY_NULL_RID                  0x00000000
#define SECURITY_WORLD_RID                 0x00000000
#define SECURITY_LOCAL_RID                 0x00000000
#define SECURITY_CREATOR_OWNER_RID         0x00000000
#define SECURITY_CREATOR_GROUP_RID         0x00000001
#define SECURITY_DIALUP_RID                0x00000001
#define SECURITY_NETWORK_RID               0x00000002
#define SECURITY_BATCH_RID                 0x00000003
#define SECURITY_INTERACTIVE_RID           0x00000004
#define SECURITY_LOGON_IDS_RID             0x00000005
#define SECURITY_LOGON_IDS_RID_COUNT       3
#define SECURITY_SERVICE_RID               0x00000006
#define SECURITY_ANONYMOUS_LOGON_RID       0x00000007
#define SECURITY_AUTHENTICATED_USER_RID    0x0000000B
#define SECURITY_RESTRICTED_CODE_RID       0x0000000C
#define SECURITY_LOCAL_SYSTEM_RID          0x00000012
#define SECURITY_LOCAL_SERVICE_RID         0x00000013
#define SECURITY_NETWORK_SERVICE_RID       0x00000014
#define SECURITY_NT_NON_UNIQUE             0x00000015
#define SECURITY_BUILTIN_DOMAIN_RID        0x00000020
#define DOMAIN_USER_RID_ADMIN              0x000001F4
#define DOMAIN_USER_RID_GUEST              0x000001F5
#define DOMAIN_GROUP_RID_USERS             0x00000201
#define DOMAIN_ALIAS_RID_ADMINS            0x00000220
#define DOMAIN_ALIAS_RID_USERS             0x00000221
#define DOMAIN_ALIAS_RID_GUESTS            0x00000222
#define SECURITY_MANDATORY_UNTRUSTED_RID   0x00000000
#define SECURITY_MANDATORY_LOW_RID         0x00001000
#define SECURITY_MANDATORY_MEDIUM_RID      0x00002000
#define SECURITY_MANDATORY_MEDIUM_PLUS_RID 0x00002100
#define SECURITY_MANDATORY_HIGH_RID        0x00003000
#define SECURITY_MANDATORY_SYSTEM_RID      0x00004000

/* Access control list header; ACEs follow it */
typedef struct _ACL {
    UCHAR  AclRevision;             /* ACL_REVISION */
    UCHAR  Sbz1;
    USHORT AclSize;                 /* including the ACEs */
    USHORT AceCount;
    USHORT Sbz2;
} ACL, *PACL;

#define ACL_REVISION     2
#define ACL_REVISION_DS  4
#define MIN_ACL_REVISION 2
#define MAX_ACL_REVISION 4

typedef struct _ACE_HEADER {
    UCHAR  AceType;                 /* *_ACE_TYPE */
    UCHAR  AceFlags;                /* inheritance and audit flags */
    USHORT AceSize;
} ACE_HEADER, *PACE_HEADER;

#define ACCESS_ALLOWED_ACE_TYPE            0x00
#define ACCESS_DENIED_ACE_TYPE             0x01
#define SYSTEM_AUDIT_ACE_TYPE              0x02
#define SYSTEM_ALARM_ACE_TYPE              0x03
#define ACCESS_ALLOWED_COMPOUND_ACE_TYPE   0x04
#define ACCESS_ALLOWED_OBJECT_ACE_TYPE     0x05
#define ACCESS_DENIED_OBJECT_ACE_TYPE      0x06
#define SYSTEM_AUDIT_OBJECT_ACE_TYPE       0x07
#define SYSTEM_ALARM_OBJECT_ACE_TYPE       0x08
#define ACCESS_ALLOWED_CALLBACK_ACE_TYPE   0x09
#define ACCESS_DENIED_CALLBACK_ACE_TYPE    0x0a
#define SYSTEM_MANDATORY_LABEL_ACE_TYPE    0x11
#define SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE 0x12
#define SYSTEM_SCOPED_POLICY_ID_ACE_TYPE   0x13
#define SYSTEM_PROCESS_TRUST_LABEL_ACE_TYPE 0x14

#define OBJECT_INHERIT_ACE                 0x01
#define CONTAINER_INHERIT_ACE              0x02
#define NO_PROPAGATE_INHERIT_ACE           0x04
#define INHERIT_ONLY_ACE                   0x08
#define INHERITED_ACE                      0x10
#define VALID_INHERIT_FLAGS                0x1f
#define SUCCESSFUL_ACCESS_ACE_FLAG         0x40
#define FAILED_ACCESS_ACE_FLAG             0x80

/* SYSTEM_MANDATORY_LABEL_ACE.Mask */
#define SYSTEM_MANDATORY_LABEL_NO_WRITE_UP   0x1
#define SYSTEM_MANDATORY_LABEL_NO_READ_UP    0x2
#define SYSTEM_MANDATORY_LABEL_NO_EXECUTE_UP 0x4

/* The common ACE shape: header, access mask, then a SID starting at
 * SidStart. */
typedef struct _ACCESS_ALLOWED_ACE {
    ACE_HEADER  Header;
    ACCESS_MASK Mask;
    ULONG       SidStart;
} ACCESS_ALLOWED_ACE, *PACCESS_ALLOWED_ACE,
  ACCESS_DENIED_ACE, *PACCESS_DENIED_ACE,
  SYSTEM_AUDIT_ACE, *PSYSTEM_AUDIT_ACE,
  SYSTEM_ALARM_ACE, *PSYSTEM_ALARM_ACE,
  SYSTEM_MANDATORY_LABEL_ACE, *PSYSTEM_MANDATORY_LABEL_ACE;

typedef USHORT SECURITY_DESCRIPTOR_CONTROL, *PSECURITY_DESCRIPTOR_CONTROL;

/* SECURITY_DESCRIPTOR.Control */
#define SE_OWNER_DEFAULTED       0x0001
#define SE_GROUP_DEFAULTED       0x0002
#define SE_DACL_PRESENT          0x0004
#define SE_DACL_DEFAULTED        0x0008
#define SE_SACL_PRESENT          0x0010
#define SE_SACL_DEFAULTED        0x0020
#define SE_DACL_UNTRUSTED        0x0040
#define SE_SERVER_SECURITY       0x0080
#define SE_DACL_AUTO_INHERIT_REQ 0x0100
#define SE_SACL_AUTO_INHERIT_REQ 0x0200
#define SE_DACL_AUTO_INHERITED   0x0400
#define SE_SACL_AUTO_INHERITED   0x0800
#define SE_DACL_PROTECTED        0x1000
#define SE_SACL_PROTECTED        0x2000
#define SE_RM_CONTROL_VALID      0x4000
#define SE_SELF_RELATIVE         0x8000   /* offsets instead of pointers */

#define SECURITY_DESCRIPTOR_REVISION  1
#define SECURITY_DESCRIPTOR_REVISION1 1

/* Absolute form: pointers to the parts */
typedef struct _SECURITY_DESCRIPTOR {
    UCHAR  Revision;
    UCHAR  Sbz1;
    SECURITY_DESCRIPTOR_CONTROL Control;
    PSID   Owner;
    PSID   Group;
    PACL   Sacl;
    PACL   Dacl;
} SECURITY_DESCRIPTOR, *PISECURITY_DESCRIPTOR;

/* Self-relative form: byte offsets from the start, 0 if absent */
typedef struct _SECURITY_DESCRIPTOR_RELATIVE {
    UCHAR  Revision;
    UCHAR  Sbz1;
    SECURITY_DESCRIPTOR_CONTROL Control;
    ULONG  Owner;
    ULONG  Group;
    ULONG  Sacl;
    ULONG  Dacl;
} SECURITY_DESCRIPTOR_RELATIVE, *PISECURITY_DESCRIPTOR_RELATIVE;

#define SECURITY_DESCRIPTOR_MIN_LENGTH sizeof(SECURITY_DESCRIPTOR)

/* SECURITY_INFORMATION bits (NtQuerySecurityObject / NtSetSecurityObject) */
#define OWNER_SECURITY_INFORMATION            0x00000001
#define GROUP_SECURITY_INFORMATION            0x00000002
#define DACL_SECURITY_INFORMATION             0x00000004
#define SACL_SECURITY_INFORMATION             0x00000008
#define LABEL_SECURITY_INFORMATION            0x00000010
#define ATTRIBUTE_SECURITY_INFORMATION        0x00000020
#define SCOPE_SECURITY_INFORMATION            0x00000040
#define PROCESS_TRUST_LABEL_SECURITY_INFORMATION 0x00000080
#define BACKUP_SECURITY_INFORMATION           0x00010000
#define UNPROTECTED_SACL_SECURITY_INFORMATION 0x10000000
#define UNPROTECTED_DACL_SECURITY_INFORMATION 0x20000000
#define PROTECTED_SACL_SECURITY_INFORMATION   0x40000000
#define PROTECTED_DACL_SECURITY_INFORMATION   0x80000000

typedef enum _SECURITY_IMPERSONATION_LEVEL {
    SecurityAnonymous,
    SecurityIdentification,
    SecurityImpersonation,
    SecurityDelegation
} SECURITY_IMPERSONATION_LEVEL, *PSECURITY_IMPERSONATION_LEVEL;

typedef BOOLEAN SECURITY_CONTEXT_TRACKING_MODE;
#define SECURITY_DYNAMIC_TRACKING TRUE
#define SECURITY_STATIC_TRACKING  FALSE

/* OBJECT_ATTRIBUTES.SecurityQualityOfService */
typedef struct _SECURITY_QUALITY_OF_SERVICE {
    ULONG Length;
    SECURITY_IMPERSONATION_LEVEL   ImpersonationLevel;
    SECURITY_CONTEXT_TRACKING_MODE ContextTrackingMode;
    BOOLEAN                        EffectiveOnly;
} SECURITY_QUALITY_OF_SERVICE, *PSECURITY_QUALITY_OF_SERVICE;

typedef struct _SID_AND_ATTRIBUTES {
    PSID  Sid;
    ULONG Attributes;               /* SE_GROUP_* */
} SID_AND_ATTRIBUTES, *PSID_AND_ATTRIBUTES;

#pragma pack(push, 4)
typedef struct _LUID_AND_ATTRIBUTES {
    LUID  Luid;
    ULONG Attributes;               /* SE_PRIVILEGE_* */
} LUID_AND_ATTRIBUTES, *PLUID_AND_ATTRIBUTES;
#pragma pack(pop)

/* SID_AND_ATTRIBUTES.Attributes for groups */
#define SE_GROUP_MANDATORY          0x00000001
#define SE_GROUP_ENABLED_BY_DEFAULT 0x00000002
#define SE_GROUP_ENABLED            0x00000004
#define SE_GROUP_OWNER              0x00000008
#define SE_GROUP_USE_FOR_DENY_ONLY  0x00000010
#define SE_GROUP_INTEGRITY          0x00000020
#define SE_GROUP_INTEGRITY_ENABLED  0x00000040
#define SE_GROUP_RESOURCE           0x20000000
#define SE_GROUP_LOGON_ID           0xC0000000
#define SE_GROUP_VALID_ATTRIBUTES   0xE000007F

/* LUID_AND_ATTRIBUTES.Attributes for privileges */
#define SE_PRIVILEGE_ENABLED_BY_DEFAULT 0x00000001
#define SE_PRIVILEGE_ENABLED            0x00000002
#define SE_PRIVILEGE_REMOVED            0x00000004
#define SE_PRIVILEGE_USED_FOR_ACCESS    0x80000000
#define SE_PRIVILEGE_VALID_ATTRIBUTES   0x80000007

/* Privilege LUIDs (LowPart; HighPart is 0) */
#define SE_MIN_WELL_KNOWN_PRIVILEGE      2
#define SE_CREATE_TOKEN_PRIVILEGE        2
#define SE_ASSIGNPRIMARYTOKEN_PRIVILEGE  3
#define SE_LOCK_MEMORY_PRIVILEGE         4
#define SE_INCREASE_QUOTA_PRIVILEGE      5
#define SE_MACHINE_ACCOUNT_PRIVILEGE     6
#define SE_TCB_PRIVILEGE                 7
#define SE_SECURITY_PRIVILEGE            8
#define SE_TAKE_OWNERSHIP_PRIVILEGE      9
#define SE_LOAD_DRIVER_PRIVILEGE         10
#define SE_SYSTEM_PROFILE_PRIVILEGE      11
#define SE_SYSTEMTIME_PRIVILEGE          12
#define SE_PROF_SINGLE_PROCESS_PRIVILEGE 13
#define SE_INC_BASE_PRIORITY_PRIVILEGE   14
#define SE_CREATE_PAGEFILE_PRIVILEGE     15
#define SE_CREATE_PERMANENT_PRIVILEGE    16
#define SE_BACKUP_PRIVILEGE              17
#define SE_RESTORE_PRIVILEGE             18
#define SE_SHUTDOWN_PRIVILEGE            19
#define SE_DEBUG_PRIVILEGE               20
#define SE_AUDIT_PRIVILEGE               21
#define SE_SYSTEM_ENVIRONMENT_PRIVILEGE  22
#define SE_CHANGE_NOTIFY_PRIVILEGE       23
#define SE_REMOTE_SHUTDOWN_PRIVILEGE     24
#define SE_UNDOCK_PRIVILEGE              25
#define SE_SYNC_AGENT_PRIVILEGE          26
#define SE_ENABLE_DELEGATION_PRIVILEGE   27
#define SE_MANAGE_VOLUME_PRIVILEGE       28
#define SE_IMPERSONATE_PRIVILEGE         29
#define SE_CREATE_GLOBAL_PRIVILEGE       30
#define SE_TRUSTED_CREDMAN_ACCESS_PRIVILEGE 31
#define SE_RELABEL_PRIVILEGE             32
#define SE_INC_WORKING_SET_PRIVILEGE     33
#define SE_TIME_ZONE_PRIVILEGE           34
#define SE_CREATE_SYMBOLIC_LINK_PRIVILEGE 35
#define SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE 36
#define SE_MAX_WELL_KNOWN_PRIVILEGE      SE_DELEGATE_SESSION_USER_IMPERSONATE_PRIVILEGE  /* Wine 8.0 stops at 30 */

/* Token information */
typedef enum _TOKEN_INFORMATION_CLASS {
    TokenUser = 1,
    TokenGroups,
    TokenPrivileges,
    TokenOwner,
    TokenPrimaryGroup,
    TokenDefaultDacl,
    TokenSource,
    TokenType,
    TokenImpersonationLevel,
    TokenStatistics,
    TokenRestrictedSids,
    TokenSessionId,
    TokenGroupsAndPrivileges,
    TokenSessionReference,
    TokenSandBoxInert,
    TokenAuditPolicy,
    TokenOrigin,
    TokenElevationType,
    TokenLinkedToken,
    TokenElevation,
    TokenHasRestrictions,
    TokenAccessInformation,
    TokenVirtualizationAllowed,
    TokenVirtualizationEnabled,
    TokenIntegrityLevel,
    TokenUIAccess,
    TokenMandatoryPolicy,
    TokenLogonSid,
    TokenIsAppContainer,
    TokenCapabilities,
    TokenAppContainerSid,
    TokenAppContainerNumber,
    TokenUserClaimAttributes,
    TokenDeviceClaimAttributes,
    TokenRestrictedUserClaimAttributes,
    TokenRestrictedDeviceClaimAttributes,
    TokenDeviceGroups,
    TokenRestrictedDeviceGroups,
    TokenSecurityAttributes,
    TokenIsRestricted,
    TokenProcessTrustLevel,
    MaxTokenInfoClass
} TOKEN_INFORMATION_CLASS;

typedef enum _TOKEN_TYPE {
    TokenPrimary = 1,
    TokenImpersonation
} TOKEN_TYPE, *PTOKEN_TYPE;

typedef enum _TOKEN_ELEVATION_TYPE {
    TokenElevationTypeDefault = 1,
    TokenElevationTypeFull,
    TokenElevationTypeLimited
} TOKEN_ELEVATION_TYPE, *PTOKEN_ELEVATION_TYPE;

/* TokenUser, TokenIntegrityLevel use a single SID_AND_ATTRIBUTES; the SIDs
 * themselves are stored after the structures in the same buffer. */
typedef struct _TOKEN_USER {
    SID_AND_ATTRIBUTES User;
} TOKEN_USER, *PTOKEN_USER;

typedef struct _TOKEN_GROUPS {
    ULONG              GroupCount;
    SID_AND_ATTRIBUTES Groups[ANYSIZE_ARRAY];
} TOKEN_GROUPS, *PTOKEN_GROUPS;

typedef struct _TOKEN_PRIVILEGES {
    ULONG               PrivilegeCount;
    LUID_AND_ATTRIBUTES Privileges[ANYSIZE_ARRAY];
} TOKEN_PRIVILEGES, *PTOKEN_PRIVILEGES;

typedef struct _TOKEN_OWNER {
    PSID Owner;
} TOKEN_OWNER, *PTOKEN_OWNER;

typedef struct _TOKEN_PRIMARY_GROUP {
    PSID PrimaryGroup;
} TOKEN_PRIMARY_GROUP, *PTOKEN_PRIMARY_GROUP;

typedef struct _TOKEN_DEFAULT_DACL {
    PACL DefaultDacl;
} TOKEN_DEFAULT_DACL, *PTOKEN_DEFAULT_DACL;

#define TOKEN_SOURCE_LENGTH 8

typedef struct _TOKEN_SOURCE {
    CHAR SourceName[TOKEN_SOURCE_LENGTH];
    LUID SourceIdentifier;
} TOKEN_SOURCE, *PTOKEN_SOURCE;

#pragma pack(push, 4)
typedef struct _TOKEN_STATISTICS {
    LUID          TokenId;
    LUID          AuthenticationId;
    LARGE_INTEGER ExpirationTime;
    TOKEN_TYPE    TokenType;
    SECURITY_IMPERSONATION_LEVEL ImpersonationLevel;
    ULONG         DynamicCharged;
    ULONG         DynamicAvailable;
    ULONG         GroupCount;
    ULONG         PrivilegeCount;
    LUID          ModifiedId;
} TOKEN_STATISTICS, *PTOKEN_STATISTICS;
#pragma pack(pop)

typedef struct _TOKEN_ORIGIN {
    LUID OriginatingLogonSession;
} TOKEN_ORIGIN, *PTOKEN_ORIGIN;

typedef struct _TOKEN_LINKED_TOKEN {
    HANDLE LinkedToken;
} TOKEN_LINKED_TOKEN, *PTOKEN_LINKED_TOKEN;

typedef struct _TOKEN_ELEVATION {
    ULONG TokenIsElevated;
} TOKEN_ELEVATION, *PTOKEN_ELEVATION;

typedef struct _TOKEN_MANDATORY_LABEL {
    SID_AND_ATTRIBUTES Label;
} TOKEN_MANDATORY_LABEL, *PTOKEN_MANDATORY_LABEL;

typedef struct _TOKEN_MANDATORY_POLICY {
    ULONG Policy;                   /* TOKEN_MANDATORY_POLICY_* */
} TOKEN_MANDATORY_POLICY, *PTOKEN_MANDATORY_POLICY;

#define TOKEN_MANDATORY_POLICY_OFF             0x0
#define TOKEN_MANDATORY_POLICY_NO_WRITE_UP     0x1
#define TOKEN_MANDATORY_POLICY_NEW_PROCESS_MIN 0x2
#define TOKEN_MANDATORY_POLICY_VALID_MASK      0x3

typedef struct _TOKEN_APPCONTAINER_INFORMATION {
    PSID TokenAppContainer;
} TOKEN_APPCONTAINER_INFORMATION, *PTOKEN_APPCONTAINER_INFORMATION;

/* NtFilterToken flags */
#define DISABLE_MAX_PRIVILEGE 0x1
#define SANDBOX_INERT         0x2
#define LUA_TOKEN             0x4
#define WRITE_RESTRICTED      0x8

/* ====================================================================== */
/* 12. Atoms                                                              */
/* ====================================================================== */

typedef enum _ATOM_INFORMATION_CLASS {
    AtomBasicInformation = 0,
    AtomTableInformation = 1
} ATOM_INFORMATION_CLASS;

typedef struct _ATOM_BASIC_INFORMATION {
    USHORT ReferenceCount;
    USHORT Pinned;
    USHORT NameLength;              /* bytes */
    WCHAR  Name[ANYSIZE_ARRAY];
} ATOM_BASIC_INFORMATION, *PATOM_BASIC_INFORMATION;

typedef struct _ATOM_TABLE_INFORMATION {
    ULONG    NumberOfAtoms;
    RTL_ATOM Atoms[ANYSIZE_ARRAY];
} ATOM_TABLE_INFORMATION, *PATOM_TABLE_INFORMATION;

#define MAXINTATOM 0xc000           /* atoms below are integer atoms */

/* ====================================================================== */
/* 13. Layout checks (sizes as compiled by Wine 8.0 for x86-64)           */
/* ====================================================================== */

KEEP_CHECK_SIZE(IO_STATUS_BLOCK, 16);
KEEP_CHECK_SIZE(FILE_SEGMENT_ELEMENT, 8);
KEEP_CHECK_SIZE(OBJECT_ATTRIBUTES, 48);
KEEP_CHECK_SIZE(UNICODE_STRING, 16);
KEEP_CHECK_SIZE(LARGE_INTEGER, 8);
KEEP_CHECK_SIZE(GUID, 16);
KEEP_CHECK_SIZE(MEM_EXTENDED_PARAMETER, 16);
KEEP_CHECK_SIZE(FILE_BASIC_INFORMATION, 40);
KEEP_CHECK_SIZE(FILE_STANDARD_INFORMATION, 24);
KEEP_CHECK_SIZE(FILE_NAME_INFORMATION, 8);
KEEP_CHECK_SIZE(FILE_RENAME_INFORMATION, 24);
KEEP_CHECK_SIZE(FILE_LINK_INFORMATION, 24);
KEEP_CHECK_SIZE(FILE_ALL_INFORMATION, 104);
KEEP_CHECK_SIZE(FILE_NETWORK_OPEN_INFORMATION, 56);
KEEP_CHECK_SIZE(FILE_FULL_EA_INFORMATION, 12);
KEEP_CHECK_SIZE(FILE_STREAM_INFORMATION, 32);
KEEP_CHECK_SIZE(FILE_PIPE_LOCAL_INFORMATION, 40);
KEEP_CHECK_SIZE(FILE_ID_INFORMATION, 24);
KEEP_CHECK_SIZE(FILE_STAT_INFORMATION, 72);
KEEP_CHECK_SIZE(FILE_COMPLETION_INFORMATION, 16);
KEEP_CHECK_SIZE(FILE_DIRECTORY_INFORMATION, 72);
KEEP_CHECK_SIZE(FILE_FULL_DIRECTORY_INFORMATION, 72);
KEEP_CHECK_SIZE(FILE_ID_FULL_DIRECTORY_INFORMATION, 88);
KEEP_CHECK_SIZE(FILE_BOTH_DIRECTORY_INFORMATION, 96);
KEEP_CHECK_SIZE(FILE_ID_BOTH_DIRECTORY_INFORMATION, 112);
KEEP_CHECK_SIZE(FILE_ID_GLOBAL_TX_DIR_INFORMATION, 96);
KEEP_CHECK_SIZE(FILE_FS_VOLUME_INFORMATION, 24);
KEEP_CHECK_SIZE(FILE_FS_SIZE_INFORMATION, 24);
KEEP_CHECK_SIZE(FILE_FS_FULL_SIZE_INFORMATION, 32);
KEEP_CHECK_SIZE(FILE_FS_ATTRIBUTE_INFORMATION, 16);
KEEP_CHECK_OFFSET(FILE_BOTH_DIRECTORY_INFORMATION, ShortNameLength, 0x44);
KEEP_CHECK_OFFSET(FILE_BOTH_DIRECTORY_INFORMATION, ShortName, 0x46);
KEEP_CHECK_OFFSET(FILE_BOTH_DIRECTORY_INFORMATION, FileName, 0x5e);
KEEP_CHECK_OFFSET(FILE_ID_BOTH_DIRECTORY_INFORMATION, FileId, 0x60);
KEEP_CHECK_OFFSET(FILE_ID_BOTH_DIRECTORY_INFORMATION, FileName, 0x68);
KEEP_CHECK_OFFSET(FILE_ALL_INFORMATION, NameInformation, 96);
KEEP_CHECK_SIZE(PROCESS_BASIC_INFORMATION, 48);
KEEP_CHECK_SIZE(VM_COUNTERS, 88);
KEEP_CHECK_SIZE(VM_COUNTERS_EX, 96);
KEEP_CHECK_SIZE(IO_COUNTERS, 48);
KEEP_CHECK_SIZE(KERNEL_USER_TIMES, 32);
KEEP_CHECK_SIZE(QUOTA_LIMITS, 48);
KEEP_CHECK_SIZE(PS_ATTRIBUTE, 32);
KEEP_CHECK_SIZE(PS_ATTRIBUTE_LIST, 40);
KEEP_CHECK_SIZE(PS_CREATE_INFO, 88);
KEEP_CHECK_SIZE(THREAD_BASIC_INFORMATION, 48);
KEEP_CHECK_SIZE(SYSTEM_BASIC_INFORMATION, 64);
KEEP_CHECK_SIZE(SYSTEM_CPU_INFORMATION, 12);
KEEP_CHECK_SIZE(SYSTEM_PERFORMANCE_INFORMATION, 312);
KEEP_CHECK_SIZE(SYSTEM_TIMEOFDAY_INFORMATION, 48);
KEEP_CHECK_SIZE(SYSTEM_PROCESSOR_PERFORMANCE_INFORMATION, 48);
KEEP_CHECK_SIZE(SYSTEM_THREAD_INFORMATION, 0x50);
KEEP_CHECK_SIZE(SYSTEM_EXTENDED_THREAD_INFORMATION, 0x88);
KEEP_CHECK_SIZE(SYSTEM_PROCESS_INFORMATION, 0x150);
KEEP_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, ProcessName, 0x38);
KEEP_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, UniqueProcessId, 0x50);
KEEP_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, vmCounters, 0x70);
KEEP_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, ioCounters, 0xd0);
KEEP_CHECK_OFFSET(SYSTEM_PROCESS_INFORMATION, ti, 0x100);
KEEP_CHECK_SIZE(SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX, 40);
KEEP_CHECK_SIZE(RTL_PROCESS_MODULE_INFORMATION, 296);
KEEP_CHECK_SIZE(SYSTEM_LOGICAL_PROCESSOR_INFORMATION, 32);
KEEP_CHECK_SIZE(CACHE_RELATIONSHIP, 48);
KEEP_CHECK_SIZE(SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX, 80);
KEEP_CHECK_SIZE(MEMORY_BASIC_INFORMATION, 48);
KEEP_CHECK_SIZE(MEMORY_WORKING_SET_EX_INFORMATION, 16);
KEEP_CHECK_SIZE(MEMORY_REGION_INFORMATION, 48);
KEEP_CHECK_SIZE(MEMORY_IMAGE_INFORMATION, 24);
KEEP_CHECK_SIZE(SECTION_BASIC_INFORMATION, 24);
KEEP_CHECK_SIZE(SECTION_IMAGE_INFORMATION, 64);
KEEP_CHECK_OFFSET(SECTION_IMAGE_INFORMATION, ImageFlags, 0x33);
KEEP_CHECK_OFFSET(SECTION_IMAGE_INFORMATION, LoaderFlags, 0x34);
KEEP_CHECK_SIZE(OBJECT_BASIC_INFORMATION, 56);
KEEP_CHECK_SIZE(OBJECT_TYPE_INFORMATION, 104);
KEEP_CHECK_SIZE(DIRECTORY_BASIC_INFORMATION, 32);
KEEP_CHECK_SIZE(TIMER_BASIC_INFORMATION, 16);
KEEP_CHECK_SIZE(FILE_IO_COMPLETION_INFORMATION, 32);
KEEP_CHECK_SIZE(KEY_BASIC_INFORMATION, 24);
KEEP_CHECK_SIZE(KEY_NODE_INFORMATION, 32);
KEEP_CHECK_SIZE(KEY_FULL_INFORMATION, 48);
KEEP_CHECK_SIZE(KEY_CACHED_INFORMATION, 40);
KEEP_CHECK_SIZE(KEY_VALUE_FULL_INFORMATION, 24);
KEEP_CHECK_SIZE(KEY_VALUE_PARTIAL_INFORMATION, 16);
KEEP_CHECK_SIZE(KEY_VALUE_ENTRY, 24);
KEEP_CHECK_SIZE(SID, 12);
KEEP_CHECK_SIZE(ACL, 8);
KEEP_CHECK_SIZE(SECURITY_DESCRIPTOR, 40);
KEEP_CHECK_SIZE(SECURITY_DESCRIPTOR_RELATIVE, 20);
KEEP_CHECK_SIZE(SECURITY_QUALITY_OF_SERVICE, 12);
KEEP_CHECK_SIZE(SID_AND_ATTRIBUTES, 16);
KEEP_CHECK_SIZE(LUID_AND_ATTRIBUTES, 12);
KEEP_CHECK_SIZE(TOKEN_PRIVILEGES, 16);
KEEP_CHECK_SIZE(TOKEN_GROUPS, 24);
KEEP_CHECK_SIZE(TOKEN_STATISTICS, 56);
KEEP_CHECK_SIZE(TOKEN_SOURCE, 16);

#endif /* KEEP_NT_INFO_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kernel.h - what the parts of keep's kernel share.
 *
 * The kernel is keep's replacement for Wine's unix-side ntdll.so: it
 * implements the NT system calls for Wine 8.0's PE DLLs.  It reaches the
 * host only through host/host.h and uses nothing else from the C library
 * but the freestanding mem and string helpers and snprintf.  Everything
 * here is built on those.
 *
 * Divisions of the kernel, one file each:
 *   boot.c        start-up: address space, USD, PEB, ntdll.dll, first thread
 *   syscall.c     the syscall table (built from ntdll.dll's thunks)
 *   dispatch.S    syscall and unix-call dispatchers, user entry
 *   kmem.c        the kernel's own heap; klock.c: locks
 *   object.c      objects, the object namespace (directories, symlinks)
 *   handle.c      the handle table, NtClose, NtDuplicateObject, NtQueryObject
 *   virtual.c     virtual memory and the view list
 *   image.c       PE images (SEC_IMAGE); section.c: sections and views
 *   path.c        NT paths -> drives -> host URIs
 *   file.c        files; fileinfo.c: their information classes; dir.c:
 *                 directory listings; console.c: stdio streams as files
 *   sync.c        events, mutants, semaphores, timers, keyed events, alerts
 *   wait.c        waits (any/all, timeouts, alertable) and APC delivery
 *   thread.c      threads; teb.c: TEBs and stacks (recycled); context.c:
 *                 CONTEXT <-> syscall frame <-> host context
 *   exception.c   the host upcall: faults -> KiUserExceptionDispatcher
 *   process.c, system.c, token.c, env.c (process parameters), nls.c
 *   registry.c    the Nt*Key calls on regstore.h (regstore_mem.c today),
 *                 regdefault_data.c (generated from registry/default/): the start-up contents
 *   unixcall.c    ntdll.dll's unix calls and MemoryWineUnixFuncs (Wine's
 *                 unix libraries: win32u.so); winelib.c: what those import
 *   server.c      wine_server_call: the in-process object server (server.h);
 *                 its USER part (user.h): winstation.c, window.c,
 *                 winclass.c, msgqueue.c, userinput.c, userhook.c
 *   atom.c, completion.c (I/O completion ports), job.c, security.c,
 *   objdir.c (NtQueryDirectoryObject), writewatch.c, misc.c
 */
#ifndef KEEP_KERNEL_H
#define KEEP_KERNEL_H

#include <stdarg.h>
#include <stdio.h>   /* snprintf only: see tests/check-kernel-symbols.sh */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "host.h"
#include "keep_boot.h"
#include "nt/nt.h"

#define KERNEL_EXPORT __attribute__((visibility("default")))
#define NORETURN __attribute__((noreturn))
/* On the path of every read and write (NtReadFile, NtWriteFile): gcc puts
 * these together (.text.hot), so that the path touches few code pages;
 * each costs a TLB miss after every host system call where those flush
 * the TLB (docs/architecture.md, "One system call"). */
#define KERNEL_HOT __attribute__((hot))
/* The data every such call reads, together on few pages (an orphan section:
 * ld gathers it in one place, after .data, inside the snapshot's
 * KERNEL_DATA). */
#define KERNEL_HOT_DATA __attribute__((section("keep_hot_data")))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((uintptr_t)(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((uintptr_t)(a) - 1))
#define PAGE_SIZE_K 0x1000
#define ALLOC_GRANULARITY 0x10000

/* ---- Syscall registration ---------------------------------------------
 * Each file defines its system calls as ordinary NTAPI (ms_abi) functions
 * and registers them with SYSCALL(NtXxx).  syscall.c matches the names
 * with ntdll.dll's syscall thunks at start-up; a syscall with no entry
 * answers STATUS_NOT_IMPLEMENTED (reported once with KEEPDEBUG=syscalls).
 */
struct syscall_entry {
    const char *name;
    void *func;
};
#define SYSCALL(fn)                                                         \
    static const struct syscall_entry syscall_entry_##fn                    \
        __attribute__((section("keep_syscalls"), used, aligned(8))) =       \
            { #fn, (void *)fn }

/* ---- Global state ------------------------------------------------------- */

struct kernel_globals {
    const struct keep_boot *boot;
    unsigned debug;                 /* enum keep_debug_flags */
    PEB *peb;
    KUSER_SHARED_DATA *usd;
    uint32_t cpuid1_eax, cpuid1_edx;  /* cpuid leaf 1, read once at boot (usd_init) */
    void *ntdll_base;               /* ntdll.dll as mapped */
    void *exe_base;
    /* ntdll.dll exports the kernel calls into */
    void *p_LdrInitializeThunk;
    void *p_RtlUserThreadStart;
    void *p_KiUserExceptionDispatcher;
    void *p_KiUserApcDispatcher;
    void *p_KiUserCallbackDispatcher;
    void *p_KiRaiseUserExceptionDispatcher;
    char *instance_dir;             /* host path, no trailing '/' */
    char *runtime_dir;              /* the same; "" when there is none */
    char *wine_dll_dir;
    char *wine_data_dir;
    uint32_t exit_code;
};
extern struct kernel_globals kernel;

/* ---- Diagnostics -------------------------------------------------------- */

void kernel_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kernel_panic(const char *fmt, ...) __attribute__((format(printf, 1, 2))) NORETURN;
#define KTRACE(flag, ...)                                                   \
    do { if (kernel.debug & (flag)) kernel_log(__VA_ARGS__); } while (0)
/* STATUS_NOT_IMPLEMENTED for a part of a syscall keep lacks (what: the call
 * or request; detail: its information class or type, -1: none), reported
 * once per (what, detail) under KEEPDEBUG=syscalls, as dispatch.S reports a
 * syscall with no implementation at all.  Not for answers Windows itself
 * gives with that status. */
NTSTATUS kernel_not_implemented(const char *what, long detail);

/* winelib.c: WINEDEBUG as the table Wine's PE ntdll.dll reads its debug
 * channels from (PEB + 2 pages): the channels named, sorted, then an entry
 * with an empty name holding the flags of all others.  size: bytes. */
void debug_fill_options(void *table, size_t size);

/* Map a HOST_E* code to the NTSTATUS a Windows caller expects. */
NTSTATUS status_from_host(int host_status);

/* ---- Locks (klock.c) -----------------------------------------------------
 * A futex-based mutex.  Not recursive.  Never held across a return to user
 * code.
 */
struct klock {
    volatile uint32_t state;        /* 0 free, 1 held, 2 held with waiters */
};
#define KLOCK_INIT { 0 }
void klock_acquire(struct klock *lock);
/* 1 with the lock taken, 0 (and nothing done) if someone holds it */
int klock_try_acquire(struct klock *lock);
void klock_release(struct klock *lock);

/* ---- Kernel heap (kmem.c) ----------------------------------------------- */

void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *krealloc(void *ptr, size_t size);
void kfree(void *ptr);
char *kstrdup(const char *s);
/* An address range of host memory. */
struct kspan {
    uintptr_t base;
    size_t size;
};
/* The heap's host memory (snapshots): the first max ranges go to out;
 * returns how many there are. */
size_t kmem_spans(struct kspan *out, size_t max);
WCHAR *kwcsdup(const WCHAR *s, size_t len);     /* copies len chars, adds NUL */

/* ---- Strings (string.c) ------------------------------------------------- */

size_t kwcslen(const WCHAR *s);
/* UTF-8 <-> UTF-16.  Return the number of units written (without NUL),
 * or -1 if dst is too small or the input is invalid.  Outputs are NUL
 * terminated when room allows. */
int utf8_to_utf16(const char *src, size_t srclen, WCHAR *dst, size_t dstlen);
int utf16_to_utf8(const WCHAR *src, size_t srclen, char *dst, size_t dstlen);
WCHAR *utf8_to_utf16_alloc(const char *src, size_t *out_len);
char *utf16_to_utf8_alloc(const WCHAR *src, size_t len);
/* Case mapping with the Windows upcase table (from l_intl.nls when loaded). */
WCHAR kupcase(WCHAR c);
WCHAR kdowncase(WCHAR c);
int kwcsnicmp(const WCHAR *a, const WCHAR *b, size_t n);
int kwcsicmp_us(const UNICODE_STRING *a, const UNICODE_STRING *b);

/* ---- Objects (object.c) --------------------------------------------------
 * Every kernel object starts with struct kobject.  Types describe
 * themselves with struct kobject_type; a waitable type fills the wait ops.
 */
struct kthread;
struct kobject;

struct kobject_type {
    const char *name;                   /* NT type name: "Event", "File" */
    GENERIC_MAPPING mapping;
    ACCESS_MASK valid_access;
    /* the last reference is gone: free the object's own resources
       (not the struct itself, object.c frees it) */
    void (*destroy)(struct kobject *obj);
    /* one handle to the object was closed (files: delete-on-close...) */
    void (*close_handle)(struct kobject *obj, ACCESS_MASK access);
    /* waits, called with the sync lock held (sync.c):
       is the object signaled for thread t? */
    int (*signaled)(struct kobject *obj, struct kthread *t);
    /* consume the signal after a satisfied wait (auto-reset, mutex
       ownership, semaphore count) */
    void (*satisfy)(struct kobject *obj, struct kthread *t);
    /* the object a wait really waits on, or NULL to refuse waiting */
    /* directories: lookup of a child name (object.c) */
};

struct kname;

struct kobject {
    const struct kobject_type *type;
    volatile int32_t refs;              /* references (handles count too) */
    volatile int32_t handles;
    struct kname *name;                 /* NULL for unnamed objects */
    struct kwait_block *waiters;        /* sync.c: threads waiting on it */
    uint32_t flags;                     /* KOBJ_* */
};
#define KOBJ_PERMANENT 1

/* Allocate and zero an object of size bytes (>= sizeof(struct kobject))
 * with one reference. */
void *kobject_alloc(const struct kobject_type *type, size_t size);
void *kobject_ref(void *obj);
void kobject_unref(void *obj);

/* Object namespace.  Paths are NT paths ("\BaseNamedObjects\x").  The
 * root and the standard directories exist from start-up. */
extern const struct kobject_type directory_type;
extern const struct kobject_type symlink_type;

/*
 * Look up attr's name (relative to attr->RootDirectory if set), following
 * symbolic links.  On STATUS_SUCCESS *out holds a reference.  When the
 * name runs into a non-directory object that accepts a remainder (a
 * device, the file system), *out is that object and *remainder the rest.
 */
NTSTATUS object_lookup(const OBJECT_ATTRIBUTES *attr, struct kobject **out,
                       UNICODE_STRING *remainder);
/*
 * Give obj a name from attr in the namespace.  STATUS_OBJECT_NAME_COLLISION
 * if taken; with OBJ_OPENIF and an object of the same type there,
 * STATUS_OBJECT_NAME_EXISTS and *existing = that object (referenced).
 */
NTSTATUS object_insert_name(struct kobject *obj, const OBJECT_ATTRIBUTES *attr,
                            struct kobject **existing);
/* The common "create a named or unnamed object" step: insert the name if
 * attr has one, then a handle.  Handles OBJ_OPENIF. */
NTSTATUS object_create_handle(struct kobject *obj, ACCESS_MASK access,
                              const OBJECT_ATTRIBUTES *attr, HANDLE *handle);
/* The common "open a named object of this type" step. */
NTSTATUS object_open_by_name(const struct kobject_type *type, ACCESS_MASK access,
                             const OBJECT_ATTRIBUTES *attr, HANDLE *handle);
/* Full NT name of an object ("" if unnamed); caller frees. */
WCHAR *object_full_name(struct kobject *obj, size_t *len);
void object_namespace_init(void);

/* ---- Handles (handle.c) ---------------------------------------------------
 * Handle values are multiples of 4 from 4 upward.  (HANDLE)-1 is the
 * current process, (HANDLE)-2 the current thread.
 */
#define CURRENT_PROCESS ((HANDLE)~(uintptr_t)0)
#define CURRENT_THREAD ((HANDLE)~(uintptr_t)1)

NTSTATUS handle_alloc(struct kobject *obj, ACCESS_MASK access, ULONG attributes,
                      HANDLE *out);
/*
 * Get the object behind handle h (referenced), checking its type (NULL:
 * any type) and that the handle grants `access` (0: none needed).
 * STATUS_INVALID_HANDLE, STATUS_OBJECT_TYPE_MISMATCH, STATUS_ACCESS_DENIED.
 */
NTSTATUS handle_ref(HANDLE h, const struct kobject_type *type, ACCESS_MASK access,
                    void **out);
/* Like handle_ref but also returns the access the handle grants. */
NTSTATUS handle_ref_access(HANDLE h, const struct kobject_type *type,
                           ACCESS_MASK access, void **out, ACCESS_MASK *granted);
NTSTATUS handle_close(HANDLE h);
/* A handle at a chosen value (a child's inherited handles keep their
 * parent's values).  STATUS_INVALID_HANDLE if the value is taken or bad. */
NTSTATUS handle_alloc_at(HANDLE value, struct kobject *obj, ACCESS_MASK access,
                         ULONG attributes);
/* One handle table entry, its object referenced. */
struct handle_entry {
    HANDLE handle;
    struct kobject *obj;
    ACCESS_MASK access;
    ULONG attributes;
};
/* The handles whose attributes include any of `attributes` (0: all): the
 * first max go to out, referenced; returns how many there are. */
size_t handle_collect(struct handle_entry *out, size_t max, ULONG attributes);
/* Any handle, the current process and thread pseudo handles included:
 * the object (referenced), the access granted, the handle attributes. */
NTSTATUS handle_ref_any(HANDLE h, struct kobject **obj, ACCESS_MASK *access, ULONG *attributes);
/* Map generic rights in access to the type's specific rights. */
ACCESS_MASK access_map(const struct kobject_type *type, ACCESS_MASK access);

/* ---- Threads and the process (thread.c, process.c) ---------------------- */

/* Kernel per-thread state, kept in the TEB's GdiTebBatch area so that the
 * dispatchers reach it through %gs. Offsets used by dispatch.S. */
struct syscall_frame;
struct kthread_data {
    struct syscall_frame *frame;        /* TEB+0x2f0: current syscall frame */
    void *kernel_stack;                 /* TEB+0x2f8: base of the kernel stack */
    struct kthread *thread;             /* TEB+0x300 */
    void *jmp_buf;                      /* TEB+0x308: unix __TRY buffer */
    int unix_errno;                     /* TEB+0x310: errno of unix libraries (unixlibc.c) */
};
#define TEB_KDATA_OFFSET 0x2f0
#define KERNEL_STACK_SIZE 0x100000

static inline TEB *current_teb(void)
{
    TEB *teb;
    __asm__ volatile("movq %%gs:0x30, %0" : "=r"(teb));
    return teb;
}
static inline struct kthread_data *teb_kdata(TEB *teb)
{
    return (struct kthread_data *)((char *)teb + TEB_KDATA_OFFSET);
}
static inline struct kthread *current_thread(void)
{
    return teb_kdata(current_teb())->thread;
}

/* The syscall frame: saved user state of a thread inside the kernel.
 * Layout shared with dispatch.S (offsets asserted in syscall.c). */
struct syscall_frame {
    uint64_t rax, rbx, rcx, rdx, rsi, rdi, r8, r9;       /* 0x00 */
    uint64_t r10, r11, r12, r13, r14, r15;               /* 0x40 */
    uint64_t rip, rflags, rsp, rbp;                      /* 0x70 */
    uint32_t restore_flags;                              /* 0x90 CONTEXT_* bits */
    uint32_t syscall_id;                                 /* 0x94 */
    struct syscall_frame *prev;                          /* 0x98 user callbacks */
    uint64_t pad[4];                                     /* 0xa0 */
    uint8_t fxsave[512] __attribute__((aligned(64)));    /* 0xc0 */
    uint8_t ymmh[256] __attribute__((aligned(16)));      /* 0x2c0 with FRAME_RESTORE_YMMH */
    uint8_t pad2[0x400 - 0x2c0 - 256];
} __attribute__((aligned(64)));
/* In restore_flags (no CONTEXT_* bit): the upper halves of ymm0-15 are
 * loaded from ymmh on the way out too (a thread stopped in user code for a
 * snapshot, resumed: fxsave holds only their lower halves). */
#define FRAME_RESTORE_YMMH 0x80000000u

/* dispatch.S */
extern void keep_syscall_dispatcher(void);
extern void keep_unix_call_dispatcher(void);
/* Leave the kernel through frame: restore the user state it describes
 * (all of it per frame->restore_flags) and return status in rax. */
extern void keep_syscall_return(struct syscall_frame *frame, NTSTATUS status) NORETURN;
/* Switch to the kernel stack that ends at `stack_top` and call fn(arg)
 * there; fn must not return. */
extern void keep_call_on_stack(void (*fn)(void *), void *arg, void *stack_top) NORETURN;

/* A thread object.  thread.c and sync.c own its fields; teb.c creates
 * the TEB and stacks it runs on. */
struct kapc;
struct kthread {
    struct kobject obj;
    TEB *teb;
    host_thread_t host;             /* 0 until the host thread runs */
    uint32_t tid;
    volatile uint32_t wake;         /* futex word the thread sleeps on */
    volatile uint32_t sleeping;     /* in (or about to enter) the futex wait on wake */
    volatile int terminated;        /* exited; the object is signaled */
    uint32_t exit_code;
    struct kapc *apc_head, *apc_tail;   /* user APCs (sync.c) */
    volatile int alerted;
    int suspend_count;
    void *start, *arg;              /* start routine and parameter */
    struct kthread *next_all, *prev_all;    /* list of all threads */
    void *stack_base;               /* reservation holding user+kernel stacks */
    SIZE_T stack_size;
    void *wait_state;               /* sync.c: the wait the thread is in */
    volatile uint32_t wait_reason;  /* wait.c: a KWAIT_* while in a wait, else 0 */
    unsigned spin_ns;               /* wait.c: how long to watch a wait before sleeping */
    unsigned spin_skips;            /* wait.c: waits since the last watch */
    void *priv;                     /* thread.c private data */
};
extern const struct kobject_type thread_type;
extern const struct kobject_type process_type;
/* Allocate a TEB (64 KiB block), a user stack and a kernel stack. */
NTSTATUS thread_alloc_teb(TEB **out_teb, SIZE_T stack_reserve, SIZE_T stack_commit);
/* Make the calling host thread the kernel thread of teb and enter user
 * mode at LdrInitializeThunk for start(arg). */
void thread_start_user(TEB *teb, void *start, void *arg) NORETURN;
/* The first thread; entry is the program's (its Win32 start address). */
struct kthread *thread_create_main(TEB *teb, void *entry);
void thread_init(void);

/* Windows' KWAIT_REASON values the process lists show (wait.c, thread.c);
 * 0 (Executive) is never one: it stands for "not waiting". */
enum { KWAIT_DELAY_EXECUTION = 4, KWAIT_SUSPENDED = 5, KWAIT_USER_REQUEST = 6,
       KWAIT_KEYED_EVENT = 21, KWAIT_ALERT_BY_THREAD_ID = 37 };
/* Windows' KTHREAD_STATE values the process lists show. */
enum { KTHREAD_RUNNING = 2, KTHREAD_WAITING = 5 };

/* A live thread of this process, as SystemProcessInformation shows it. */
struct thread_summary {
    uint32_t tid;
    int64_t create_time;
    void *win32_start;
    TEB *teb;
    void *kstack_base, *kstack_limit;   /* its kernel stack: top, bottom */
    LONG priority;                      /* relative: THREAD_BASE_PRIORITY_* */
    ULONG state, wait_reason;           /* KTHREAD_*, KWAIT_* */
};
/* The live threads, oldest first: the first max into out; returns how
 * many there are. */
unsigned thread_summarize(struct thread_summary *out, unsigned max);

/* A process this process knows of (itself, its children), as
 * SystemProcessInformation shows it. */
#define PROCESS_SUMMARY_NAME 260
struct process_summary {
    uint32_t pid, parent_pid;
    int64_t create_time;
    ULONG base_priority;
    ULONG session_id;
    int is_self;
    USHORT name_len;                    /* in WCHARs */
    WCHAR name[PROCESS_SUMMARY_NAME];   /* the image's base name */
};
/* This process, then its children that have not ended, oldest first: the
 * first max into out; returns how many there are. */
unsigned process_summarize(struct process_summary *out, unsigned max);
/* A child's first thread id, as its parent hands it out (spawn.c): the
 * child's kernel gives its first thread the first id, as ours. */
#define CHILD_TID 4

/* process.c */
void process_exit(uint32_t code) NORETURN;

/* ---- Virtual memory (virtual.c) ------------------------------------------ */

enum view_kind { VIEW_PRIVATE = 1, VIEW_MAPPED = 2, VIEW_IMAGE = 3, VIEW_SYSTEM = 4 };

/* Reserve an address range for the kernel's own bookkeeping of user memory.
 * addr: exact address or NULL; zero_bits as NtAllocateVirtualMemory. */
NTSTATUS virtual_reserve(void **addr, SIZE_T size, ULONG_PTR zero_bits,
                         ULONG alloc_type, ULONG protect, enum view_kind kind);
NTSTATUS virtual_commit(void *addr, SIZE_T size, ULONG protect);
NTSTATUS virtual_release(void *base);
/* Pass host hints (HOST_VM_POPULATE: back the pages now, they are about to
 * be written; HOST_VM_HUGE: with large pages) for committed pages. */
NTSTATUS virtual_populate(void *addr, SIZE_T size, unsigned hints);
/* Record a view created elsewhere (images, file maps). */
NTSTATUS virtual_add_view(void *base, SIZE_T size, enum view_kind kind,
                          ULONG protect, ULONG alloc_protect, struct kobject *section);
/* Is [addr, addr+size) committed and readable/writable in user space? */
int virtual_check_range(const void *addr, SIZE_T size, int write);
/* image.c and section.c: page protections and section of a view (the first
 * host_done bytes of the range have that protection on the host already) */
void virtual_set_image_protection(void *base, SIZE_T offset, SIZE_T size, ULONG protect,
                                  SIZE_T host_done);
/* ... and give the host the recorded protections of that range */
void virtual_apply_image_protection(void *base, SIZE_T offset, SIZE_T size);
void virtual_set_view_section(void *base, struct kobject *section);
struct kobject *virtual_view_section(void *base, enum view_kind *kind, SIZE_T *size);
/* section.c: the "file:" URI of the Wine builtin image mapped at base
 * (STATUS_DLL_NOT_FOUND if it is not a Wine builtin; caller frees) */
NTSTATUS section_builtin_uri(void *base, char **uri);
/* section.c: make a mapped file's writes durable */
NTSTATUS section_flush(struct kobject *section);
/* Handle a page fault on a guard page or the stack; nonzero if handled. */
int virtual_handle_fault(void *addr, int write, TEB *teb, NTSTATUS *out_status);
unsigned prot_to_host(ULONG protect);
void virtual_init(void);
/* Every view (snapshots): the first max go to out; returns how many. */
size_t virtual_spans(struct kspan *out, size_t max);

/* ---- Files (path.c, file.c) ---------------------------------------------- */

/* Translate an NT path (\??\C:\x, \??\Z:\tmp\x, \Device\...) to a host
 * path; with case_insensitive, each existing component is matched without
 * case against the host directory.  *out_path is kmalloc'ed.
 * Errors: STATUS_OBJECT_PATH_NOT_FOUND, STATUS_OBJECT_NAME_INVALID,
 * STATUS_OBJECT_PATH_SYNTAX_BAD, STATUS_OBJECT_NAME_NOT_FOUND (only the
 * last component missing: *out_path is still set). */
NTSTATUS path_nt_to_host(const UNICODE_STRING *nt, int case_insensitive,
                         char **out_path);
/* Host path -> NT path "\??\C:\..." or "\??\Z:\..."; caller frees. */
NTSTATUS path_host_to_nt(const char *host, WCHAR **out, size_t *out_len);
/* Host path -> DOS path "C:\..." or "Z:\..."; caller frees. */
NTSTATUS path_host_to_dos(const char *host, WCHAR **out, size_t *out_len);
/* In a resumed process: C: is found again from kernel.instance_dir. */
void path_resumed(void);

/* Open a file object for a host stream (stdio, pipes) */
NTSTATUS file_create_from_stream(host_stream_t stream, const char *uri,
                                 ACCESS_MASK access, ULONG options, HANDLE *out);
void file_init(void);
/* (file engineer) For sections: the host stream and "file:" URI behind a
 * file handle that grants `access`.  The File keeps the stream; *out_uri
 * is the caller's to kfree.  STATUS_INVALID_FILE_FOR_SECTION for pipes,
 * stdio and devices. */
NTSTATUS file_ref_stream(HANDLE h, ACCESS_MASK access, host_stream_t *out, char **out_uri);
/* For a section that only reads: the File behind h, referenced, when it
 * holds a stream opened for reading only (*out), which the section may
 * then read through for as long as it keeps the reference, instead of
 * opening the file again; NULL otherwise.  No host call. */
struct kobject *file_keep_read_stream(HANDLE h, host_stream_t *out);
/* What a child needs to rebuild a File its parent hands over (spawn.c). */
struct file_inherit {
    unsigned kind;              /* file.h's enum kfile_kind */
    host_stream_t stream;       /* -1: none (the null device) */
    ACCESS_MASK access;
    ULONG options, share;
    int append;
    uint64_t pos;
    const char *uri, *path;     /* borrowed from the File, or NULL */
};
/* Describe a File for a child: 0 if obj is not a File a child can get
 * (directories, attribute-only opens). */
int file_describe(struct kobject *obj, struct file_inherit *out);
/* Rebuild an inherited File at handle value; it owns stream on success. */
NTSTATUS file_inherit(const struct file_inherit *d, host_stream_t stream, HANDLE value,
                      ULONG attributes);
/* (file engineer) Call when the process ends: deletes the files whose
 * delete-on-close or delete-pending state the open handles still hold. */
void file_process_exit(void);

/* ---- NLS (nls.c) --------------------------------------------------------- */
void nls_init(void);
/* Map the locale data and the locale's code pages, and read them in (the
 * ticker, once the registry is open): what every program's start asks. */
void nls_prefetch(void);

/* ---- Registry (registry.c) ------------------------------------------------ */
/* Start-up opens the registry on a second thread: registry_open_begin on
 * the starting thread, then registry_init on the other; until it returns,
 * the registry's users on other threads wait. */
void registry_open_begin(void);
void registry_init(void);
/* Commit the registry's pending batch (the ticker), or commit it durably
 * (the process is ending). */
void registry_tick(void);
void registry_process_exit(void);
/* Snapshots: the database's image (with volatile_keys, the volatile keys'
 * database's) as payload of the current section of the ctl: stream s;
 * close the database; open it again (res: in a resumed process, replace
 * its contents with the snapshot's image, and the volatile keys where they
 * are the program's alone; the streams are closed). */
NTSTATUS registry_snapshot_save(host_stream_t s, int volatile_keys);
void registry_snapshot_close(void);
NTSTATUS registry_snapshot_reopen(const struct keep_resume *res);

/* ---- Snapshots (snapshot.c) ------------------------------------------------ */

/* Start the thread that serves the monitor's requests (ctl:). */
NTSTATUS snapshot_start(void);
/* Service threads (the ticker, the timer thread) call this where they
 * hold no lock: a snapshot parks them here. */
void snapshot_service_point(void);
/* A service thread's sleep between rounds (a snapshot cuts it short). */
void snapshot_service_sleep(int64_t timeout_ns);
/* In a resumed process: the service state starts afresh. */
void snapshot_resumed(void);
/* spawn.c: how many child watcher threads exist */
unsigned spawn_watcher_count(void);
/* spawn.c, with every thread stopped for a snapshot: call put with the
 * process stream of each child still running (or whose end is not yet
 * marked); -1 with *why set when a child cannot be saved (created
 * suspended) or put failed. */
int spawn_snapshot_children(int (*put)(host_stream_t stream), const char **why);
/* spawn.c: in a resumed process, start the child watchers again */
NTSTATUS spawn_resumed(void);
/* A service thread that leaves a host call to change kernel state (a
 * child's watcher) brackets the change with these: a snapshot waits for
 * it to leave, or keeps it from entering. */
void snapshot_service_enter(void);
void snapshot_service_leave(void);
/* sync.c: how many service threads it runs (waking them to look at
 * snapshot_service_point); start them again in a resumed process */
unsigned sync_service_threads(void);
void sync_resume(void);
/* (registry engineer) */
extern const struct kobject_type key_type;
/* Read a value from kernel code: key_path is an absolute "\REGISTRY\..."
 * path (links followed), name NUL-terminated ("" = the default value).
 * *size: buffer bytes in, value bytes out.  STATUS_BUFFER_OVERFLOW (nothing
 * copied) if it does not fit, STATUS_OBJECT_NAME_NOT_FOUND. */
NTSTATUS registry_get_value(const WCHAR *key_path, const WCHAR *name, ULONG *type, void *data,
                            ULONG *size);
/* Set a value from kernel code, creating the key and its parents
 * (created volatile if volatile_key). */
NTSTATUS registry_set_value(const WCHAR *key_path, const WCHAR *name, ULONG type,
                            const void *data, ULONG size, int volatile_key);
/* NtQueryObject(ObjectNameInformation) for key objects (handle.c):
 * "\REGISTRY\...", STATUS_KEY_DELETED for a deleted key. */
NTSTATUS registry_query_object_name(struct kobject *obj, void *buf, ULONG len, ULONG *ret_len);
/* How many subkeys the key behind handle h has (its KeyFullInformation
 * SubKeys), counted in the database rather than read into the cache. */
NTSTATUS registry_subkey_count(HANDLE h, ULONG *count);

/* ---- Exceptions (exception.c) ------------------------------------------- */
void exception_init(void);

/* ---- Time --------------------------------------------------------------- */
/* 100 ns units since 1601-01-01 */
#define TICKS_1601_TO_1970 116444736000000000LL
int64_t time_now_nt(void);
/* timezone.c: the host's zone as NtQuerySystemInformation answers it
 * (dynamic: RTL_DYNAMIC_TIME_ZONE_INFORMATION, else the shorter one) */
NTSTATUS timezone_query(void *buf, ULONG len, ULONG *ret_len, int dynamic);
/* Work out the zone's names now (the ticker, once the registry is open),
 * so that the program's first query finds them. */
void timezone_prefetch(void);
/* UTC - local time now, in 100 ns units (KUSER_SHARED_DATA.TimeZoneBias) */
int64_t timezone_bias_100ns(void);
int64_t time_monotonic_100ns(void);
void usd_update_time(void);

/* ---- System calls used across files -------------------------------------- */
NTSTATUS NTAPI NtAllocateVirtualMemory(HANDLE, void **, ULONG_PTR, SIZE_T *, ULONG, ULONG);
NTSTATUS NTAPI NtFreeVirtualMemory(HANDLE, void **, SIZE_T *, ULONG);
NTSTATUS NTAPI NtProtectVirtualMemory(HANDLE, void **, SIZE_T *, ULONG, ULONG *);
NTSTATUS NTAPI NtQueryVirtualMemory(HANDLE, const void *, MEMORY_INFORMATION_CLASS, void *,
                                    SIZE_T, SIZE_T *);
NTSTATUS NTAPI NtOpenFile(HANDLE *, ACCESS_MASK, OBJECT_ATTRIBUTES *, IO_STATUS_BLOCK *, ULONG,
                          ULONG);
NTSTATUS NTAPI NtCreateSection(HANDLE *, ACCESS_MASK, const OBJECT_ATTRIBUTES *,
                               const LARGE_INTEGER *, ULONG, ULONG, HANDLE);
NTSTATUS NTAPI NtMapViewOfSection(HANDLE, HANDLE, void **, ULONG_PTR, SIZE_T,
                                  const LARGE_INTEGER *, SIZE_T *, SECTION_INHERIT, ULONG, ULONG);
NTSTATUS NTAPI NtUnmapViewOfSection(HANDLE, void *);
NTSTATUS NTAPI NtClose(HANDLE);
NTSTATUS NTAPI NtSetEvent(HANDLE, LONG *);
NTSTATUS NTAPI NtResetEvent(HANDLE, LONG *);
NTSTATUS NTAPI NtWaitForSingleObject(HANDLE, BOOLEAN, const LARGE_INTEGER *);
uint32_t process_id(void);
/* Is h this process (pseudo or real handle granting access)?  One process
 * lives in a picoprocess: another process's handle is STATUS_ACCESS_DENIED. */
NTSTATUS process_check_handle(HANDLE h, ACCESS_MASK access);

/* ---- Atoms, completion ports, jobs, security, write watches -------------
 * atom.c, completion.c, job.c, security.c, objdir.c, misc.c, writewatch.c.
 */

/* (completion) Queue a completion message on a port (an I/O completion
 * object): file.c calls it when I/O on a file associated with the port
 * (FileCompletionInformation) completes.  Takes the sync lock: call with
 * no kernel lock held.  STATUS_OBJECT_TYPE_MISMATCH if port is not a port. */
NTSTATUS completion_post(struct kobject *port, ULONG_PTR key, ULONG_PTR value, NTSTATUS status,
                         ULONG_PTR info);
/* (completion) The port behind a handle that grants IO_COMPLETION_MODIFY_STATE
 * (referenced): for FileCompletionInformation's CompletionPort. */
NTSTATUS completion_ref_handle(HANDLE handle, struct kobject **out);

/* (job) NtIsProcessInJob's answer: STATUS_PROCESS_IN_JOB or
 * STATUS_PROCESS_NOT_IN_JOB (job NULL: in any job). */
NTSTATUS job_process_in_job(HANDLE process, HANDLE job);

/* (objdir) object.c: the index'th entry of a directory object, a copy of
 * its name (kmalloc'ed) and its type's name; STATUS_NO_MORE_ENTRIES. */
NTSTATUS object_directory_entry(struct kobject *dir, ULONG index, WCHAR **name, size_t *len,
                                const char **type_name);

/* (write watch) virtual.c.  The kernel is about to write user memory at
 * [addr, addr+size) itself (host I/O into a user buffer): pages of
 * MEM_WRITE_WATCH allocations there count as written and become writable,
 * so the write neither faults in the kernel nor fails in the host.  Call
 * with no kernel lock held. */
void virtual_write_watch_touch(void *addr, SIZE_T size);
/* writewatch.c's access to the per-page state (see virtual.c) */
NTSTATUS virtual_write_watch_scan(void *base, SIZE_T size, int reset, void **pages,
                                  ULONG_PTR *count);

/* ==== Sync, threads, contexts, exceptions: shared internals ==============
 * (sync engineer) sync.c, wait.c, thread.c, context.c and exception.c.
 */

/* Per-thread state of those files; kthread->priv points at it. */
struct kthread_ext {
    volatile uint32_t tid_alert;    /* NtWaitForAlertByThreadId: 0, 1 alerted, 2 asleep */
    volatile uint32_t ctl;          /* futex: bumped on resume and on kill */
    volatile uint32_t stopped;      /* futex: 1 while stopped for a suspension */
    volatile int kill_pending;      /* NtTerminateThread by another thread */
    int killed;                     /* it ended that way (no LdrShutdownThread) */
    uint32_t kill_code;
    int stop_where;                 /* STOP_* while stopped */
    struct host_cpu_context *stop_ctx;  /* STOP_USER: registers, writable */
    volatile int started;           /* left the creation-suspended state */
    void *owned_mutants;            /* sync.c: list of mutants it owns */
    uint64_t dr[6];                 /* debug registers as last set (not armed) */
    int64_t create_time, exit_time; /* NT time */
    LONG priority;
    KAFFINITY affinity;
    void *win32_start;
    int hide_from_debugger;
    WCHAR *name;                    /* ThreadNameInformation */
    USHORT name_bytes;
    struct kthread *zombie_next;    /* thread.c: exited, stacks not yet freed */
    volatile uint32_t left;         /* set by the host once the thread left its kernel stack */
    void *callback;                 /* context.c: innermost KeUserModeCallback */
    void *user;                     /* user.h: the thread's desktop and message queue */
    /* file.c: the synchronous I/O the thread may block in, for
     * NtCancelSynchronousIoFile: futex word, generation << 2 | SYNC_IO_* */
    volatile uint32_t sync_io;
    IO_STATUS_BLOCK *sync_io_block; /* that I/O's status block */
    const void *sync_io_file;       /* and its file object (NtCancelIoFileEx) */
};
/* STOP_RESTART: stopped by a snapshot before making its wait again; its
 * registers are in its syscall frame. */
enum { STOP_NONE, STOP_USER, STOP_KERNEL, STOP_NOT_STARTED, STOP_RESTART };
#define KTHREAD_EXT(t) ((struct kthread_ext *)(t)->priv)

/* A queued user APC (wait.c). */
struct kapc {
    struct kapc *next;
    void *func;
    ULONG_PTR args[3];
};

/* wait.c: the one lock over all sync object state, wait lists and APC
 * queues.  Release performs the wake-ups queued while it was held. */
void sync_lock_acquire(void);
void sync_lock_release(void);
/* obj may now satisfy waits (sync lock held) */
void sync_signal_locked(struct kobject *obj);
NTSTATUS apc_queue_locked(struct kthread *t, void *func, ULONG_PTR a1, ULONG_PTR a2,
                          ULONG_PTR a3);
int apc_dequeue(struct kthread *t, struct kapc *out);
/* the thread ends: mark it signaled, abandon its mutants, drop its APCs */
void sync_thread_exit(struct kthread *t);
/* wait for one object held by reference, as NtWaitForSingleObject
 * (completion.c) */
NTSTATUS sync_wait_object(struct kobject *obj, BOOLEAN alertable, const LARGE_INTEGER *timeout);
/* absolute monotonic deadline in ns for an NT timeout; INT64_MAX = never */
int64_t timeout_deadline(const LARGE_INTEGER *timeout);
int64_t sync_mono_ns(void);

/* sync.c */
extern const struct kobject_type mutant_type;
/* consume obj's signal for t; 1 if it was an abandoned mutant */
int sync_satisfy(struct kobject *obj, struct kthread *t);
void mutants_abandon_locked(struct kthread *t);
/* A kernel-internal one-shot timer: notify(ctx) runs on the timer thread,
 * sync lock held, when it is due.  Arm with a monotonic deadline in ns
 * (INT64_MAX disarms), sync lock held. */
struct kobject *sync_timer_create_notify(void (*notify)(void *ctx), void *ctx);
void sync_timer_arm_locked(struct kobject *timer, int64_t due);
/* signal obj for NtSignalAndWaitForSingleObject (sync lock held) */
NTSTATUS sync_signal_object_locked(struct kobject *obj, ACCESS_MASK granted);

/* thread.c */
NTSTATUS thread_ref_handle(HANDLE h, struct kobject **out);
NTSTATUS thread_ref_access(HANDLE h, ACCESS_MASK access, struct kthread **out);
struct kthread *thread_ref_tid(uint32_t tid);
/* The live threads, referenced: up to max go to out; returns how many
 * were taken (the caller unrefs each). */
unsigned thread_ref_all(struct kthread **out, unsigned max);
/* a stop point inside a kernel wait: block while suspended; 1 if killed */
int thread_safe_point(void);

/* ---- Snapshots: stopping and re-creating threads (thread.c) -------------- */

/* A status no system call returns: the dispatcher makes the call again
 * once the thread may run (a wait abandoned for a snapshot). */
#define STATUS_KEEP_RESTART ((NTSTATUS)0xe0ee0001)
enum { WAIT_POINT_GO_ON = 0, WAIT_POINT_KILLED = 1, WAIT_POINT_RESTART = 2 };
/* The stop point of a kernel wait: blocks while suspended, as
 * thread_safe_point; WAIT_POINT_RESTART when a snapshot is stopping the
 * thread and the wait (restartable: it consumed nothing yet) can be
 * abandoned: the wait then returns STATUS_KEEP_RESTART. */
int thread_wait_point(int restartable);
/* What an abandoned wait returns: STATUS_KEEP_RESTART, for the system
 * call to return to the dispatcher.  A wait that a win32u system call's
 * unix code made (win32u.so loops on waits, it would not return the
 * status) does not return: the call is made again from the dispatcher's
 * frame at once, the unix frames dropped (they hold no lock while they
 * wait, as Wine's never do across a server wait). */
NTSTATUS thread_wait_abandoned(void);
/* Stop every program thread for a snapshot (the caller is a service
 * thread): each is then in user code or about to make its wait again,
 * with its registers in its syscall frame; no kernel lock is held by any.
 * 0, or -1 with a one-line reason in err (nothing stays stopped). */
int thread_snapshot_stop(char *err, size_t errlen);
/* Let the threads thread_snapshot_stop stopped run again. */
void thread_snapshot_continue(void);
/* In a resumed process: a host thread for every program thread, which
 * enters user mode with its saved registers.  0, or -1 (out of threads). */
int thread_snapshot_resume(void);
void thread_exit_current(uint32_t code) NORETURN;
/* winstation.c: the thread's USER state (windows, message queue) goes */
void user_thread_exit(struct kthread *t);
/* HOST_EXC_INTERRUPT on this thread */
int thread_interrupt(TEB *teb, struct host_cpu_context *ctx);
/* stop another thread to read or change its context; 0 if it stopped */
int thread_stop(struct kthread *t);
void thread_unstop(struct kthread *t);
/* is a thread with these registers inside the kernel (its kernel stack or
 * the kernel's code)? */
int thread_in_kernel(TEB *teb, uint64_t rip, uint64_t rsp);
/* process.c: NtTerminateProcess(0, code) ends every other thread */
void thread_terminate_others(uint32_t code);
void thread_free_teb(TEB *teb);                 /* teb.c (lead) */
NTSTATUS process_ref_self(struct kobject **out);  /* process.c (lead) */

/* context.c: flags are ContextFlags without the CONTEXT_AMD64 bit */
void context_from_frame(const struct syscall_frame *f, CONTEXT *ctx, ULONG flags);
void context_to_frame(struct syscall_frame *f, const CONTEXT *ctx, ULONG flags);
void context_from_host(const struct host_cpu_context *h, CONTEXT *ctx, ULONG flags);
void context_to_host(struct host_cpu_context *h, const CONTEXT *ctx, ULONG flags);
/* return from the current syscall into KiUserApcDispatcher for apc, on
 * top of ctx (NULL: the syscall's own return point, Rax = status) */
NTSTATUS context_call_apc(const CONTEXT *ctx, const struct kapc *apc, NTSTATUS status);

/* exception.c */
/* build KiUserExceptionDispatcher's stack below user_rsp; returns its rsp,
 * or 0 if the stack has no room left */
uint64_t exception_build_stack(uint64_t user_rsp, const CONTEXT *ctx,
                               const EXCEPTION_RECORD *rec, const uint8_t *ymmh);
NTSTATUS NTAPI NtContinue(CONTEXT *ctx, BOOLEAN alertable);
/* ==== end (sync engineer) ================================================ */

/* ---- Processes we create (spawn.c, process.c, env.c) ---------------------- */
struct image_info;
uint32_t process_parent_id(void);
/* Windows process ids are multiples of 4 from one namespace with thread
 * ids.  The first process of a tree is PROCESS_FIRST_ID; a child is named
 * after its host process, above it, so that no host pid (a small one in a
 * container's PID namespace) gives a child the first process's id. */
#define PROCESS_FIRST_ID 0x20u
static inline uint32_t process_id_of_host(uint32_t host_id)
{
    return PROCESS_FIRST_ID + 4 * host_id;
}
/* A child's own ids, from its parent (spawn.c); its thread ids keep clear
 * of the new process id. */
void process_set_ids(uint32_t pid, uint32_t parent_pid);
/* Thread ids: keep new_pid (a process id now ours) out, give old_pid back. */
void thread_reserve_process_id(uint32_t old_pid, uint32_t new_pid);
/* The object of a child picoprocess; it owns stream (closed with it).
 * image_name: the path it was started from (its base name is kept). */
struct kobject *process_new_child(uint32_t pid, host_stream_t stream,
                                  const struct image_info *image,
                                  const UNICODE_STRING *image_name);
/* Our own image's path, from the process parameters at start-up (its base
 * name is kept: the process lists' name for us). */
void process_set_image_name(const UNICODE_STRING *path);
/* The child ended with code: signal it and its first thread's object. */
void process_child_ended(struct kobject *process, struct kobject *thread, uint32_t code);
int process_child_has_ended(struct kobject *process);
host_stream_t process_child_stream(struct kobject *process);
/* NtResumeThread of a child's first thread. */
NTSTATUS spawn_resume(HANDLE handle, ULONG *count);
/* A child: rebuild the inherited handles and the parameters its parent
 * gave (instead of building them from keep's command line). */
NTSTATUS spawn_child_setup(RTL_USER_PROCESS_PARAMETERS **params);
/* A child: wait until the parent resumes us (at once for a first process),
 * and take the process id it gave us (into the main thread's teb). */
NTSTATUS spawn_wait_resume(TEB *teb);
/* Tell the parent, if any, our 32-bit exit status. */
void spawn_report_exit(uint32_t code);
/* A process parameter block in process memory holding copies of tmpl's
 * strings and environment (EnvironmentSize bytes). */
NTSTATUS params_copy(const RTL_USER_PROCESS_PARAMETERS *tmpl, RTL_USER_PROCESS_PARAMETERS **out);

#endif /* KEEP_KERNEL_H */

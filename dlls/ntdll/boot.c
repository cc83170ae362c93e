/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * boot.c - building the Windows process and entering it.
 *
 * Order matters: the fixed addresses Windows code relies on (the shared
 * user data page at 0x7ffe0000 and the syscall dispatcher pointer after
 * it, ntdll.dll at its preferred base, the program at its own) are taken
 * before anything else can land there; then the PEB, NLS data, ntdll.dll
 * and the api-set schema, the program image, the standard handles and the
 * process parameters; last the first thread enters ntdll.dll's
 * LdrInitializeThunk, which loads everything else itself through system
 * calls.
 */
#include "kernel.h"
#include "shdesk.h"
#include "kdisplay.h"
#include "image.h"

#define USD_ADDRESS ((void *)0x7ffe0000)
#define PEB_BLOCK_SIZE 0x10000

void process_init(const struct image_info *image, void *image_base);
NTSTATUS params_build(const WCHAR *image, size_t image_len, HANDLE std_in, HANDLE std_out,
                      HANDLE std_err, RTL_USER_PROCESS_PARAMETERS **out);

static char *dup_path(const char *s)
{
    char *d = kstrdup(s ? s : "");
    size_t n = strlen(d);
    while (n > 1 && d[n - 1] == '/')
        d[--n] = 0;
    return d;
}

/* ---- The shared user data page ------------------------------------------ */

int64_t time_now_nt(void)
{
    int64_t ns = 0;
    host_time_get(HOST_CLOCK_WALL, &ns);
    return ns / 100 + TICKS_1601_TO_1970;
}

int64_t time_monotonic_100ns(void)
{
    int64_t ns = 0;
    host_time_get(HOST_CLOCK_MONOTONIC, &ns);
    return ns / 100;
}

static void set_ksystem_time(volatile KSYSTEM_TIME *t, int64_t v)
{
    /* readers check High1Time == High2Time: write High2, Low, High1 */
    t->High2Time = (LONG)(v >> 32);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t->LowPart = (ULONG)v;
    __atomic_thread_fence(__ATOMIC_RELEASE);
    t->High1Time = (LONG)(v >> 32);
}

/* The ticker and threads back from a sleep update the page; one at a
 * time (the fields are written in an order readers rely on), and one that
 * finds another at it leaves it to that one. */
void usd_update_time(void)
{
    static volatile uint32_t updating;
    KUSER_SHARED_DATA *usd = kernel.usd;

    if (!usd || __atomic_exchange_n(&updating, 1, __ATOMIC_ACQUIRE))
        return;
    /* the host's monotonic clock counts from its boot, as Windows ticks do */
    int64_t mono = time_monotonic_100ns();
    int64_t ticks = mono / 10000;

    set_ksystem_time(&usd->InterruptTime, mono);
    set_ksystem_time(&usd->SystemTime, time_now_nt());
    set_ksystem_time(&usd->TickCount, ticks);
    usd->TickCountLowDeprecated = (ULONG)ticks;
    set_ksystem_time(&usd->TimeZoneBias, timezone_bias_100ns());
    __atomic_store_n(&updating, 0, __ATOMIC_RELEASE);
}

/* The process's inherited handles are in its table (setup_process). */
static volatile uint32_t process_handles_ready;

/* Keeps the time fields of the shared page current, like a tick. */
static void usd_ticker(void *arg)
{
    /* at start-up, first the registry's databases: opened here, on the
       second processor, while the main thread maps ntdll.dll and the
       program; the store waits for them only when first used */
    if (arg) {
        registry_init();
        nls_prefetch();
        /* what every C runtime asks at its start (_tzset): the zone's
           names take registry look-ups (handles), here rather than on its
           thread, once the handles the process inherits are in place
           (each goes at its own value); within a tick, or not here */
        int64_t tick = 15625000;
        while (!__atomic_load_n(&process_handles_ready, __ATOMIC_ACQUIRE) &&
               host_futex_wait(&process_handles_ready, 0, &tick, 0) != HOST_ETIMEDOUT)
            ;
        if (__atomic_load_n(&process_handles_ready, __ATOMIC_ACQUIRE))
            timezone_prefetch();
    }
    /* the first tick one tick after the start: the program is starting
       then, with the time just set and the registry busy */
    for (;;) {
        snapshot_service_sleep(15625000);   /* 15.625 ms: Windows' default tick */
        snapshot_service_point();
        usd_update_time();
        registry_tick();    /* registry writes reach the database within a tick */
    }
}

static void usd_fill_cpu(KUSER_SHARED_DATA *usd)
{
    unsigned eax, ebx, ecx, edx;
    __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(1), "c"(0));
    /* kept: a cpuid is an exit to the hypervisor (13 us here) */
    kernel.cpuid1_eax = eax;
    kernel.cpuid1_edx = edx;
    BOOLEAN *f = usd->ProcessorFeatures;
    f[PF_FLOATING_POINT_EMULATED] = 0;
    f[PF_COMPARE_EXCHANGE_DOUBLE] = (edx >> 8) & 1;
    f[PF_MMX_INSTRUCTIONS_AVAILABLE] = (edx >> 23) & 1;
    f[PF_XMMI_INSTRUCTIONS_AVAILABLE] = (edx >> 25) & 1;
    f[PF_XMMI64_INSTRUCTIONS_AVAILABLE] = (edx >> 26) & 1;
    f[PF_RDTSC_INSTRUCTION_AVAILABLE] = (edx >> 4) & 1;
    f[PF_PAE_ENABLED] = (edx >> 6) & 1;
    f[PF_SSE3_INSTRUCTIONS_AVAILABLE] = ecx & 1;
    f[PF_SSSE3_INSTRUCTIONS_AVAILABLE] = (ecx >> 9) & 1;
    f[PF_SSE4_1_INSTRUCTIONS_AVAILABLE] = (ecx >> 19) & 1;
    f[PF_SSE4_2_INSTRUCTIONS_AVAILABLE] = (ecx >> 20) & 1;
    f[PF_COMPARE_EXCHANGE128] = (ecx >> 13) & 1;
    f[PF_XSAVE_ENABLED] = (ecx >> 27) & 1;
    f[PF_AVX_INSTRUCTIONS_AVAILABLE] = (ecx >> 28) & 1;
    f[PF_NX_ENABLED] = 1;
    f[PF_FASTFAIL_AVAILABLE] = 1;
    f[PF_RDRAND_INSTRUCTION_AVAILABLE] = (ecx >> 30) & 1;
    __asm__("cpuid" : "=a"(eax), "=b"(ebx), "=c"(ecx), "=d"(edx) : "a"(7), "c"(0));
    f[PF_AVX2_INSTRUCTIONS_AVAILABLE] = (ebx >> 5) & 1;
    f[PF_RDWRFSGSBASE_AVAILABLE] = ebx & 1;
}

static NTSTATUS usd_init(void)
{
    void *addr = USD_ADDRESS;
    NTSTATUS st;

    /* two pages: the data, then the syscall dispatcher pointer */
    if ((st = virtual_reserve(&addr, 2 * PAGE_SIZE_K, 0, MEM_RESERVE, PAGE_READWRITE, VIEW_SYSTEM)))
        return st;
    if ((st = virtual_commit(addr, 2 * PAGE_SIZE_K, PAGE_READWRITE)))
        return st;
    KUSER_SHARED_DATA *usd = addr;
    kernel.usd = usd;
    usd->TickCountMultiplier = 1 << 24;
    usd->NtProductType = 1;          /* NtProductWinNt */
    usd->ProductTypeIsValid = 1;
    usd->NativeProcessorArchitecture = 9;
    usd->NtMajorVersion = 10;
    usd->NtMinorVersion = 0;
    usd->NtBuildNumber = 19045;
    usd->ImageNumberLow = usd->ImageNumberHigh = 0x8664;
    usd->NXSupportPolicy = 2;        /* NX_SUPPORT_POLICY_OPTIN */
    usd->ActiveProcessorCount = 2;
    usd->ActiveGroupCount = 1;
    usd->NumberOfPhysicalPages = 0x100000;
    usd->LargePageMinimum = 0x200000;
    usd->QpcFrequency = 10000000;
    usd->SystemCall = 1;             /* the thunks call through 0x7ffe1000 */
    memcpy(usd->NtSystemRoot, u"C:\\windows", sizeof(u"C:\\windows"));
    usd_fill_cpu(usd);
    *(void **)((char *)addr + PAGE_SIZE_K) = (void *)keep_syscall_dispatcher;
    usd_update_time();
    return STATUS_SUCCESS;
}

/* fill_registry: the ticker first opens the registry (start-up) */
static NTSTATUS start_ticker(int fill_registry)
{
    static void *stack;         /* kept: a resumed process starts it again there */
    SIZE_T size = 0x40000;      /* it commits registry batches: SQLite's stack */
    NTSTATUS st;

    if (!stack) {
        void *s = NULL;
        if ((st = virtual_reserve(&s, size, 0, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE,
                                  VIEW_SYSTEM)))
            return st;
        if ((st = virtual_commit(s, size, PAGE_READWRITE)))
            return st;
        stack = s;
    }
    /* no id needed: start-up does not wait for the ticker to run */
    return status_from_host(host_thread_create(usd_ticker, fill_registry ? (void *)1 : NULL,
                                               stack, size, NULL));
}

/* ---- The PEB ------------------------------------------------------------- */

static NTSTATUS peb_init(void)
{
    void *block = NULL;
    NTSTATUS st;

    if ((st = virtual_reserve(&block, PEB_BLOCK_SIZE, 1, MEM_RESERVE | MEM_TOP_DOWN,
                              PAGE_READWRITE, VIEW_PRIVATE)))
        return st;
    if ((st = virtual_commit(block, PEB_BLOCK_SIZE, PAGE_READWRITE)))
        return st;
    PEB *peb = block;
    kernel.peb = peb;
    peb->NumberOfProcessors = 2;
    peb->CriticalSectionTimeout.QuadPart = -2592000LL * 10000000;   /* 30 days */
    peb->HeapSegmentReserve = 0x100000;
    peb->HeapSegmentCommit = 0x10000;
    peb->HeapDeCommitTotalFreeThreshold = 0x10000;
    peb->HeapDeCommitFreeBlockThreshold = 0x1000;
    peb->OSMajorVersion = 10;
    peb->OSMinorVersion = 0;
    peb->OSBuildNumber = 19045;
    peb->OSPlatformId = 2;           /* VER_PLATFORM_WIN32_NT */
    peb->SessionId = 1;
    /* where Wine's PE ntdll.dll finds its debug channels (two pages on) */
    debug_fill_options((char *)block + 2 * PAGE_SIZE_K, PEB_BLOCK_SIZE - 2 * PAGE_SIZE_K);
    return STATUS_SUCCESS;
}

/* ---- Images -------------------------------------------------------------- */

static NTSTATUS open_uri_path(const char *path, host_stream_t *s)
{
    char uri[4096];
    if (snprintf(uri, sizeof(uri), "file:%s", path) >= (int)sizeof(uri))
        return STATUS_NAME_TOO_LONG;
    return status_from_host(host_stream_open(uri, HOST_OPEN_READ, s));
}

static NTSTATUS map_image_file(const char *path, struct image_info *info, void **base)
{
    host_stream_t s;
    NTSTATUS st;

    if ((st = open_uri_path(path, &s)))
        return st;
    if (!(st = image_read_info(s, info))) {
        *base = NULL;
        st = image_map(s, info, base, NULL);
        if (st == STATUS_IMAGE_NOT_AT_BASE)
            st = image_relocate(*base, (int64_t)((uintptr_t)*base - info->image_base));
    }
    host_stream_close(s);
    return st;
}

static void *need_export(const char *name)
{
    void *p = image_find_export(kernel.ntdll_base, name);
    if (!p)
        kernel_log("keep: ntdll.dll does not export %s\n", name);
    return p;
}

/* Set once a start-up step has said why it failed: keep_kernel_main then
   adds no second, vaguer line, and the failure stays one line. */
static int start_failure_said;

static NTSTATUS start_failed(NTSTATUS st)
{
    start_failure_said = 1;
    return st;
}

static NTSTATUS load_ntdll(void)
{
    char path[4096];
    struct image_info info;
    NTSTATUS st;

    snprintf(path, sizeof(path), "%s/ntdll.dll", kernel.wine_dll_dir);
    if ((st = map_image_file(path, &info, &kernel.ntdll_base))) {
        kernel_log("keep: cannot map %s (%#x)\n", path, (unsigned)st);
        return start_failed(st);
    }
    kernel.p_LdrInitializeThunk = need_export("LdrInitializeThunk");
    kernel.p_RtlUserThreadStart = need_export("RtlUserThreadStart");
    kernel.p_KiUserExceptionDispatcher = need_export("KiUserExceptionDispatcher");
    kernel.p_KiUserApcDispatcher = need_export("KiUserApcDispatcher");
    kernel.p_KiUserCallbackDispatcher = need_export("KiUserCallbackDispatcher");
    kernel.p_KiRaiseUserExceptionDispatcher = need_export("KiRaiseUserExceptionDispatcher");
    void **unix_call = image_find_export(kernel.ntdll_base, "__wine_unix_call_dispatcher");
    if (!kernel.p_LdrInitializeThunk || !kernel.p_RtlUserThreadStart || !unix_call)
        return STATUS_INVALID_IMAGE_FORMAT;
    *unix_call = (void *)keep_unix_call_dispatcher;
    return syscall_table_init(0, kernel.ntdll_base);
}

/*
 * The .apiset section into [map, +size) (reserved), read-only.  Mapped from
 * the file when it starts on a page (it does in Wine's DLL: shared with the
 * page cache, no copy, no page faults for the copy); read in otherwise.
 */
static NTSTATUS apiset_fill(host_stream_t s, void *map, const IMAGE_SECTION_HEADER *sec)
{
    SIZE_T size = ALIGN_UP(sec->SizeOfRawData, PAGE_SIZE_K);
    size_t done;
    NTSTATUS st;
    int r;

    if (!(sec->PointerToRawData % PAGE_SIZE_K)) {
        if ((st = virtual_commit(map, size, PAGE_READONLY)))
            return st;
        r = host_stream_map(s, map, size, sec->PointerToRawData, HOST_PROT_READ, 0);
        return r < 0 ? status_from_host(r) : STATUS_SUCCESS;
    }
    if ((st = virtual_commit(map, size, PAGE_READWRITE)))
        return st;
    if (host_stream_read(s, map, sec->SizeOfRawData, sec->PointerToRawData, &done) ||
        done != sec->SizeOfRawData)
        return STATUS_INVALID_IMAGE_FORMAT;
    SIZE_T psize = size;
    void *pbase = map;
    ULONG old;
    return NtProtectVirtualMemory(CURRENT_PROCESS, &pbase, &psize, PAGE_READONLY, &old);
}

/* api-set schema: the .apiset section of apisetschema.dll, in memory */
static NTSTATUS load_apiset(void)
{
    char path[4096];
    host_stream_t s;
    IMAGE_DOS_HEADER dos;
    IMAGE_NT_HEADERS64 nt;
    IMAGE_SECTION_HEADER sec;
    size_t done;
    NTSTATUS st = STATUS_INVALID_IMAGE_FORMAT;

    snprintf(path, sizeof(path), "%s/apisetschema.dll", kernel.wine_dll_dir);
    if ((st = open_uri_path(path, &s)))
        return st;
    st = STATUS_INVALID_IMAGE_FORMAT;
    if (host_stream_read(s, &dos, sizeof(dos), 0, &done) || done != sizeof(dos) ||
        host_stream_read(s, &nt, sizeof(nt), dos.e_lfanew, &done) || done != sizeof(nt))
        goto done;
    uint64_t off = dos.e_lfanew + 4 + sizeof(IMAGE_FILE_HEADER) + nt.FileHeader.SizeOfOptionalHeader;
    for (unsigned i = 0; i < nt.FileHeader.NumberOfSections; i++, off += sizeof(sec)) {
        if (host_stream_read(s, &sec, sizeof(sec), off, &done) || done != sizeof(sec))
            goto done;
        if (memcmp(sec.Name, ".apiset", 8))
            continue;
        void *map = NULL;
        SIZE_T size = ALIGN_UP(sec.SizeOfRawData, PAGE_SIZE_K);
        if ((st = virtual_reserve(&map, size, 0, MEM_RESERVE, PAGE_READONLY, VIEW_MAPPED)) ||
            (st = apiset_fill(s, map, &sec)))
            goto done;
        if (((API_SET_NAMESPACE *)map)->Version != 6) {
            st = STATUS_INVALID_IMAGE_FORMAT;
            goto done;
        }
        kernel.peb->ApiSetMap = map;
        st = STATUS_SUCCESS;
        goto done;
    }
done:
    host_stream_close(s);
    return st;
}

/* internal: make a SEC_IMAGE section for the main program and map it */
static NTSTATUS load_program(struct image_info *info, void **base)
{
    NTSTATUS st;

    /* through a real section object, so that the view knows its file; the
       section has read and checked the headers */
    WCHAR *nt;
    size_t nt_len;
    if ((st = path_host_to_nt(kernel.boot->program_path, &nt, &nt_len)))
        return st;
    UNICODE_STRING name = { nt_len * 2, nt_len * 2, nt };
    OBJECT_ATTRIBUTES attr = { sizeof(attr), NULL, &name, OBJ_CASE_INSENSITIVE, NULL, NULL };
    IO_STATUS_BLOCK io;
    HANDLE file, section;
    st = NtOpenFile(&file, GENERIC_READ | SYNCHRONIZE, &attr, &io, FILE_SHARE_READ | FILE_SHARE_DELETE,
                    FILE_SYNCHRONOUS_IO_NONALERT | FILE_NON_DIRECTORY_FILE);
    kfree(nt);
    if (st)
        return st;
    st = NtCreateSection(&section, SECTION_ALL_ACCESS, NULL, NULL, PAGE_EXECUTE_READ, SEC_IMAGE, file);
    NtClose(file);
    if (st)
        return st;
    if (!(st = section_image_info(section, info)) && (info->characteristics & IMAGE_FILE_DLL))
        st = STATUS_INVALID_IMAGE_FORMAT;
    if (st) {
        NtClose(section);
        return st;
    }
    SIZE_T size = 0;
    *base = NULL;
    st = NtMapViewOfSection(section, CURRENT_PROCESS, base, 0, 0, NULL, &size, 1, 0,
                            PAGE_EXECUTE_READ);
    NtClose(section);
    if (st == STATUS_IMAGE_NOT_AT_BASE)
        st = image_relocate(*base, (int64_t)((uintptr_t)*base - info->image_base));
    return st;
}

static NTSTATUS open_stdio(int fd, HANDLE *out)
{
    char uri[16];
    host_stream_t s;
    int r;

    snprintf(uri, sizeof(uri), "stdio:%d", fd);
    if ((r = host_stream_open(uri, fd ? HOST_OPEN_WRITE : HOST_OPEN_READ, &s)) < 0) {
        *out = NULL;   /* a closed descriptor: no handle, as Windows does */
        return STATUS_SUCCESS;
    }
    return file_create_from_stream(s, uri,
                                   fd ? FILE_GENERIC_WRITE | FILE_READ_ATTRIBUTES
                                      : FILE_GENERIC_READ | FILE_WRITE_ATTRIBUTES,
                                   FILE_SYNCHRONOUS_IO_NONALERT, out);
}

/* KEEPDEBUG=loader: how long each start-up step took, for tuning. */
static void boot_mark(const char *step)
{
    static int64_t last;
    int64_t now = 0;
    if (!(kernel.debug & KEEP_DEBUG_LOADER))
        return;
    host_time_get(HOST_CLOCK_MONOTONIC, &now);
    if (last)
        kernel_log("keep: boot: %-12s %6lld us\n", step, (long long)(now - last) / 1000);
    last = now;
}

/* The process parameters: from keep's command line, or from our parent. */
static NTSTATUS process_params(RTL_USER_PROCESS_PARAMETERS **params)
{
    HANDLE in, out, err;
    WCHAR *image;
    size_t image_len;
    NTSTATUS st;

    if (kernel.boot->spawn_data)
        return spawn_child_setup(params);
    if ((st = open_stdio(0, &in)) || (st = open_stdio(1, &out)) || (st = open_stdio(2, &err)))
        return st;
    if ((st = path_host_to_dos(kernel.boot->program_path, &image, &image_len)))
        return st;
    st = params_build(image, image_len, in, out, err, params);
    kfree(image);
    return st;
}

static NTSTATUS setup_process(TEB **out_teb, void **entry)
{
    struct image_info info;
    void *exe_base;
    NTSTATUS st;

    boot_mark("start");
    /* the registry's databases first: the ticker opens them on the second
       processor while this thread builds the process, and the program's
       first registry call waits for them (its case mapping needs NLS) */
    nls_init();
    boot_mark("nls");
    registry_open_begin();
    if ((st = start_ticker(1))) {
        kernel_log("keep: cannot start the kernel's ticker (%#x)\n", (unsigned)st);
        return start_failed(st);
    }
    boot_mark("ticker");
    if ((st = usd_init()) || (st = peb_init()))
        return st;
    boot_mark("usd/peb");
    object_namespace_init();
    boot_mark("namespace");
    file_init();
    boot_mark("files");
    if ((st = load_ntdll()))
        return st;
    boot_mark("ntdll.dll");
    if ((st = load_apiset())) {
        kernel_log("keep: cannot load the api-set schema (%#x)\n", (unsigned)st);
        return start_failed(st);
    }
    if ((st = load_program(&info, &exe_base))) {
        kernel_log("keep: %s: cannot map the program (%#x)\n", kernel.boot->program_path,
                   (unsigned)st);
        return start_failed(st);
    }
    boot_mark("program");
    kernel.exe_base = exe_base;
    process_init(&info, exe_base);
    kernel.peb->ImageBaseAddress = exe_base;
    kernel.peb->ImageSubSystem = info.subsystem;
    kernel.peb->ImageSubSystemMajorVersion = info.subsystem_major;
    kernel.peb->ImageSubSystemMinorVersion = info.subsystem_minor;
    if ((st = process_params(&kernel.peb->ProcessParameters)))
        return st;
    process_set_image_name(&kernel.peb->ProcessParameters->ImagePathName);
    __atomic_store_n(&process_handles_ready, 1, __ATOMIC_RELEASE);
    host_futex_wake(&process_handles_ready, 1);
    exception_init();
    thread_init();
    if ((st = thread_alloc_teb(out_teb, info.stack_reserve, info.stack_commit)))
        return st;
    *entry = (char *)exe_base + info.entry_rva;
    if (!thread_create_main(*out_teb, *entry))
        return STATUS_NO_MEMORY;
    if (kernel.boot->control)
        st = snapshot_start();
    boot_mark("thread");
    return st;
}

/* Check the monitor's boot and take what names this process from it. */
static int take_boot(const struct keep_boot *boot)
{
    if (!boot || boot->size < sizeof(*boot) || boot->version != KEEP_BOOT_VERSION) {
        host_debug_write("keep: kernel and monitor versions differ\n", 41);
        return HOST_EINVAL;
    }
    kernel.boot = boot;
    kernel.debug = boot->debug_flags;
    kernel.instance_dir = dup_path(boot->instance_dir);
    kernel.runtime_dir = dup_path(boot->runtime_dir);
    kernel.wine_dll_dir = dup_path(boot->wine_dll_dir);
    kernel.wine_data_dir = dup_path(boot->wine_data_dir);
    return 0;
}

KERNEL_EXPORT int keep_kernel_main(const struct keep_boot *boot)
{
    TEB *teb;
    void *entry;
    NTSTATUS st;

    if (take_boot(boot))
        return HOST_EINVAL;
    if ((st = setup_process(&teb, &entry))) {
        if (!start_failure_said)
            kernel_log("keep: cannot start %s (status %#x)\n", boot->program_path, (unsigned)st);
        return HOST_EINVAL;
    }
    /* a child runs once its parent resumes it; if it never will, end
       quietly, as a process terminated before it ran */
    if ((st = spawn_wait_resume(teb)))
        host_process_exit(1);
    thread_start_user(teb, entry, kernel.peb);
}

KERNEL_EXPORT int keep_kernel_resume(const struct keep_boot *boot, const struct keep_resume *res)
{
    static volatile uint32_t never;
    NTSTATUS st;

    /* the data is the snapshot's: what names this process is new */
    if (!res || res->size < sizeof(*res) || take_boot(boot))
        return HOST_EINVAL;
    snapshot_resumed();
    exception_init();
    if ((st = registry_snapshot_reopen(res)))
        kernel_log("keep: the snapshot's registry could not be restored (%#x)\n", (unsigned)st);
    usd_update_time();
    if ((st = start_ticker(0)) || (boot->control && (st = snapshot_start()))) {
        kernel_log("keep: cannot start the kernel's threads (%#x)\n", (unsigned)st);
        return HOST_ENOMEM;
    }
    sync_resume();
    shdesk_resumed();
    kdisplay_resumed();
    if ((st = spawn_resumed())) {
        kernel_log("keep: cannot watch the child processes again (%#x)\n", (unsigned)st);
        return HOST_ENOMEM;
    }
    if (thread_snapshot_resume() < 0) {
        kernel_log("keep: cannot start the program's threads again\n");
        host_process_exit(126);
    }
    /* this thread is the monitor's: it has nothing more to do */
    for (;;)
        host_futex_wait(&never, 0, NULL, 0);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * memory.exe - virtual memory (reserve, commit, protect, query, guard pages,
 * decommit, release, executable memory), file mappings, heaps and malloc.
 * Faults are provoked with the probes of probe.h and caught by a vectored
 * exception handler.
 */
#include "tap.h"
#include "probe.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define KiB 1024
#define MiB (1024 * KiB)
#define PAGE 4096

static volatile LONG guard_hits;
static ULONG_PTR guard_address;

static LONG CALLBACK handler(EXCEPTION_POINTERS *ep)
{
    EXCEPTION_RECORD *rec = ep->ExceptionRecord;

    if (rec->ExceptionCode == STATUS_GUARD_PAGE_VIOLATION) {
        /* The guard is gone now: retry the same instruction. */
        guard_address = rec->NumberParameters > 1 ? rec->ExceptionInformation[1] : 0;
        InterlockedIncrement(&guard_hits);
        return EXCEPTION_CONTINUE_EXECUTION;
    }
    return probe_recover(ep);
}

static BOOL query(const void *p, MEMORY_BASIC_INFORMATION *mbi)
{
    return VirtualQuery(p, mbi, sizeof(*mbi)) == sizeof(*mbi);
}

static void check_system_info(void)
{
    SYSTEM_INFO si;
    MEMORYSTATUSEX ms = { .dwLength = sizeof(ms) };

    GetSystemInfo(&si);
    OKF(si.dwPageSize == PAGE, "the page size is 4096", "%lu", (unsigned long)si.dwPageSize);
    OKF(si.dwAllocationGranularity == 64 * KiB, "the allocation granularity is 64 KiB", "%lu",
        (unsigned long)si.dwAllocationGranularity);
    OK(si.lpMinimumApplicationAddress && si.lpMaximumApplicationAddress >
                                             si.lpMinimumApplicationAddress,
       "the application address range is sane");
    OK(GlobalMemoryStatusEx(&ms) && ms.ullTotalPhys > 0 && ms.ullAvailVirtual > 0,
       "GlobalMemoryStatusEx");
}

static void check_reserve_commit(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    char *base, *p;
    DWORD old = 0;
    int zero = 1;

    base = VirtualAlloc(NULL, MiB, MEM_RESERVE, PAGE_NOACCESS);
    if (!OK(base != NULL, "VirtualAlloc reserves 1 MiB"))
        return;
    OK(((uintptr_t)base & (64 * KiB - 1)) == 0, "the reservation is 64 KiB aligned");
    OK(query(base, &mbi), "VirtualQuery of the reservation");
    OKF(mbi.BaseAddress == base && mbi.AllocationBase == base && mbi.RegionSize == MiB,
        "the reserved region's base and size", "base %p allocation base %p size %#zx",
        mbi.BaseAddress, mbi.AllocationBase, (size_t)mbi.RegionSize);
    OKF(mbi.State == MEM_RESERVE && mbi.Type == MEM_PRIVATE &&
            mbi.AllocationProtect == PAGE_NOACCESS,
        "the region is MEM_RESERVE, MEM_PRIVATE, PAGE_NOACCESS", "state %#lx type %#lx protect %#lx",
        (unsigned long)mbi.State, (unsigned long)mbi.Type, (unsigned long)mbi.AllocationProtect);

    probe_reset();
    OK(probe_read(base) == -1 && probe_last.code == STATUS_ACCESS_VIOLATION,
       "reading reserved memory raises an access violation");

    p = VirtualAlloc(base + 64 * KiB, 2 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    OK(p == base + 64 * KiB, "VirtualAlloc commits 2 pages inside the reservation");
    query(p, &mbi);
    OKF(mbi.BaseAddress == p && mbi.AllocationBase == base && mbi.RegionSize == 2 * PAGE &&
            mbi.State == MEM_COMMIT && mbi.Protect == PAGE_READWRITE,
        "VirtualQuery of the committed pages", "base %p size %#zx state %#lx protect %#lx",
        mbi.BaseAddress, (size_t)mbi.RegionSize, (unsigned long)mbi.State,
        (unsigned long)mbi.Protect);
    query(base, &mbi);
    OKF(mbi.RegionSize == 64 * KiB && mbi.State == MEM_RESERVE,
        "the pages before them are still reserved", "size %#zx state %#lx",
        (size_t)mbi.RegionSize, (unsigned long)mbi.State);
    for (int i = 0; i < 2 * PAGE; i++)
        zero &= p[i] == 0;
    OK(zero, "committed memory reads as zeros");
    for (int i = 0; i < 2 * PAGE; i++)
        p[i] = (char)i;
    OK(p[PAGE + 5] == (char)(PAGE + 5), "committed memory is writable");

    OKF(VirtualProtect(p, PAGE, PAGE_READONLY, &old) && old == PAGE_READWRITE,
        "VirtualProtect to PAGE_READONLY returns the old protection", "old %#lx",
        (unsigned long)old);
    query(p, &mbi);
    OKF(mbi.Protect == PAGE_READONLY && mbi.RegionSize == PAGE,
        "VirtualQuery sees the read-only page", "protect %#lx size %#zx",
        (unsigned long)mbi.Protect, (size_t)mbi.RegionSize);
    OK(probe_read(p + 10) == 10, "a read-only page can be read");
    probe_reset();
    OK(probe_write(p + 10, 1) == -1 && probe_last.count == 1, "a write to it is caught");
    OKF(probe_last.code == STATUS_ACCESS_VIOLATION && probe_last.info[0] == 1 &&
            probe_last.info[1] == (ULONG_PTR)(p + 10),
        "an access violation for a write at that address", "code %#lx info %#llx %#llx",
        (unsigned long)probe_last.code, (unsigned long long)probe_last.info[0],
        (unsigned long long)probe_last.info[1]);
    OK(p[10] == 10, "the read-only page is unchanged");
    OK(probe_write(p + PAGE, 1) == 1, "the next page is still writable");

    OK(VirtualFree(p, 2 * PAGE, MEM_DECOMMIT), "VirtualFree MEM_DECOMMIT");
    query(p, &mbi);
    OKF(mbi.State == MEM_RESERVE, "decommitted pages are reserved", "state %#lx",
        (unsigned long)mbi.State);
    probe_reset();
    OK(probe_read(p) == -1 && probe_last.count == 1, "decommitted memory faults");
    SetLastError(0);
    OK(!VirtualFree(base, MiB, MEM_RELEASE) && GetLastError() == ERROR_INVALID_PARAMETER,
       "MEM_RELEASE with a size fails with ERROR_INVALID_PARAMETER");
    OK(VirtualFree(base, 0, MEM_RELEASE), "VirtualFree MEM_RELEASE");
    query(base, &mbi);
    OKF(mbi.State == MEM_FREE, "released memory is MEM_FREE", "state %#lx",
        (unsigned long)mbi.State);
    p = VirtualAlloc(base, 64 * KiB, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);
    OK(p == base, "VirtualAlloc at a chosen free address");
    VirtualFree(p, 0, MEM_RELEASE);
    /* MEM_COMMIT alone with no address reserves too (kernelbase relies on it) */
    p = VirtualAlloc(NULL, 3 * PAGE, MEM_COMMIT, PAGE_READWRITE);
    OKF(p && query(p, &mbi) && mbi.State == MEM_COMMIT && mbi.RegionSize == 3 * PAGE &&
            mbi.AllocationBase == p,
        "MEM_COMMIT with no address reserves and commits", "%p state %#lx", (void *)p,
        (unsigned long)mbi.State);
    if (p) {
        p[3 * PAGE - 1] = 1;
        VirtualFree(p, 0, MEM_RELEASE);
    }
}

static void check_guard_page(void)
{
    MEMORY_BASIC_INFORMATION mbi;
    char *p = VirtualAlloc(NULL, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE | PAGE_GUARD);

    if (!OK(p != NULL, "VirtualAlloc a PAGE_GUARD page"))
        return;
    query(p, &mbi);
    OKF(mbi.Protect == (PAGE_READWRITE | PAGE_GUARD), "VirtualQuery reports PAGE_GUARD",
        "protect %#lx", (unsigned long)mbi.Protect);
    guard_hits = 0;
    OK(probe_read(p + 8) == 0, "a read from the guard page completes after the handler");
    OKF(guard_hits == 1 && guard_address == (ULONG_PTR)(p + 8),
        "it raised STATUS_GUARD_PAGE_VIOLATION once, at the address", "hits %ld at %#llx",
        (long)guard_hits, (unsigned long long)guard_address);
    query(p, &mbi);
    OKF(mbi.Protect == PAGE_READWRITE, "the guard is removed", "protect %#lx",
        (unsigned long)mbi.Protect);
    OK(probe_write(p + 8, 5) == 1 && probe_read(p + 8) == 5 && guard_hits == 1,
       "afterwards the page is ordinary");
    VirtualFree(p, 0, MEM_RELEASE);
}

static void check_executable(void)
{
    static const unsigned char code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 }; /* mov eax,42; ret */
    void *p = VirtualAlloc(NULL, PAGE, MEM_RESERVE | MEM_COMMIT, PAGE_EXECUTE_READWRITE);
    DWORD old;
    int (*fn)(void);

    if (!OK(p != NULL, "VirtualAlloc PAGE_EXECUTE_READWRITE"))
        return;
    memcpy(p, code, sizeof(code));
    FlushInstructionCache(GetCurrentProcess(), p, sizeof(code));
    fn = (int (*)(void))p;
    OK(fn() == 42, "generated code runs");
    OK(VirtualProtect(p, PAGE, PAGE_EXECUTE_READ, &old) && old == PAGE_EXECUTE_READWRITE,
       "VirtualProtect to PAGE_EXECUTE_READ");
    OK(fn() == 42, "and still runs");
    VirtualFree(p, 0, MEM_RELEASE);
}

static void check_big_reserve(void)
{
    const SIZE_T size = 256 * (SIZE_T)MiB;
    char *base = VirtualAlloc(NULL, size, MEM_RESERVE, PAGE_NOACCESS);
    char *first, *last;

    if (!OK(base != NULL, "VirtualAlloc reserves 256 MiB"))
        return;
    first = VirtualAlloc(base, PAGE, MEM_COMMIT, PAGE_READWRITE);
    last = VirtualAlloc(base + size - PAGE, PAGE, MEM_COMMIT, PAGE_READWRITE);
    OK(first && last, "commit its first and last pages");
    if (first && last) {
        first[0] = 1;
        last[PAGE - 1] = 2;
        OK(first[0] == 1 && last[PAGE - 1] == 2, "both ends are usable");
    }
    OK(VirtualFree(base, 0, MEM_RELEASE), "release the 256 MiB");
}

static void check_file_mapping(void)
{
    HANDLE map = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, MiB, NULL);
    MEMORY_BASIC_INFORMATION mbi;
    char *v1, *v2;

    if (!OK(map != NULL, "CreateFileMapping of 1 MiB of pagefile memory"))
        return;
    v1 = MapViewOfFile(map, FILE_MAP_WRITE, 0, 0, 0);
    v2 = MapViewOfFile(map, FILE_MAP_READ, 0, 64 * KiB, PAGE);
    OK(v1 && v2 && v1 != v2, "two views of the mapping");
    if (v1 && v2) {
        strcpy(v1 + 64 * KiB, "shared");
        OK(!strcmp(v2, "shared"), "a write through one view shows in the other");
        query(v1, &mbi);
        OKF(mbi.Type == MEM_MAPPED && mbi.AllocationBase == v1, "VirtualQuery reports MEM_MAPPED",
            "type %#lx", (unsigned long)mbi.Type);
        probe_reset();
        OK(probe_write(v2, 'x') == -1 && probe_last.code == STATUS_ACCESS_VIOLATION,
           "a read-only view cannot be written");
    }
    OK(UnmapViewOfFile(v1) && UnmapViewOfFile(v2), "UnmapViewOfFile");
    CloseHandle(map);
}

static void check_file_backed_mapping(void)
{
    HANDLE file, map;
    char *view, buf[32] = "";
    DWORD n = 0;

    file = CreateFileA("mapped.bin", GENERIC_READ | GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (!OK(file != INVALID_HANDLE_VALUE, "create mapped.bin"))
        return;
    WriteFile(file, "file contents", 13, &n, NULL);
    map = CreateFileMappingA(file, NULL, PAGE_READWRITE, 0, 0, NULL);
    view = map ? MapViewOfFile(map, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    OK(view != NULL, "map the file");
    if (view) {
        OK(!memcmp(view, "file contents", 13), "the view shows the file");
        memcpy(view, "FILE", 4);
        OK(FlushViewOfFile(view, 0), "FlushViewOfFile");
        UnmapViewOfFile(view);
    }
    if (map)
        CloseHandle(map);
    SetFilePointer(file, 0, NULL, FILE_BEGIN);
    ReadFile(file, buf, 13, &n, NULL);
    OKF(n == 13 && !memcmp(buf, "FILE contents", 13), "ReadFile sees the write through the view",
        "read [%s]", buf);
    CloseHandle(file);
    DeleteFileA("mapped.bin");
}

static void check_heap(void)
{
    HANDLE heap = HeapCreate(0, 0, 0), fixed;
    unsigned char *p;
    int zero = 1, kept = 1;

    if (!OK(heap != NULL, "HeapCreate a growable heap"))
        return;
    p = HeapAlloc(heap, HEAP_ZERO_MEMORY, 100);
    OK(p && HeapSize(heap, 0, p) == 100, "HeapAlloc 100 bytes; HeapSize is 100");
    for (int i = 0; p && i < 100; i++)
        zero &= p[i] == 0;
    OK(zero, "HEAP_ZERO_MEMORY zeroes");
    for (int i = 0; p && i < 100; i++)
        p[i] = (unsigned char)i;
    p = HeapReAlloc(heap, 0, p, 10000);
    OK(p && HeapSize(heap, 0, p) == 10000, "HeapReAlloc to 10000 bytes");
    for (int i = 0; p && i < 100; i++)
        kept &= p[i] == i;
    OK(kept, "HeapReAlloc keeps the contents");
    OK(HeapValidate(heap, 0, NULL), "HeapValidate");
    OK(HeapFree(heap, 0, p), "HeapFree");
    p = HeapAlloc(heap, 0, 10 * MiB);
    OK(p != NULL, "a 10 MiB block from a growable heap");
    if (p) {
        memset(p, 0xab, 10 * MiB);
        HeapFree(heap, 0, p);
    }
    OK(HeapDestroy(heap), "HeapDestroy");

    fixed = HeapCreate(0, 64 * KiB, 64 * KiB);
    OK(fixed && HeapAlloc(fixed, 0, 256 * KiB) == NULL, "a fixed-size heap refuses a larger block");
    HeapDestroy(fixed);

    p = HeapAlloc(GetProcessHeap(), 0, 64);
    OK(GetProcessHeap() && p, "HeapAlloc from GetProcessHeap");
    OK(HeapFree(GetProcessHeap(), 0, p), "HeapFree to the process heap");
}

/* Moveable local memory: a handle that locks to a pointer. */
static void check_local_moveable(void)
{
    HLOCAL h = LocalAlloc(LMEM_MOVEABLE | LMEM_ZEROINIT, 100);
    char *p = h ? LocalLock(h) : NULL;

    OKF(h && p && (void *)p != (void *)h && !p[99] && LocalSize(h) >= 100,
        "LocalAlloc(LMEM_MOVEABLE) gives a handle that locks to zeroed memory", "%p %p", h,
        (void *)p);
    if (p)
        LocalUnlock(h);
    OK(h && !LocalFree(h), "LocalFree of a moveable handle");
}

static void check_malloc(void)
{
    static void *blocks[64];
    int ok = 1, aligned = 1, n = 0;
    unsigned char *c;

    for (size_t size = 1; size <= 4 * MiB; size = size * 2 + 1) {
        unsigned char *b = malloc(size);

        if (!b) {
            ok = 0;
            break;
        }
        aligned &= ((uintptr_t)b & 15) == 0;
        memset(b, (int)(size & 0xff), size);
        blocks[n++] = b;
    }
    for (int i = 0; i < n; i++) {
        size_t size = 1;

        for (int j = 0; j < i; j++)
            size = size * 2 + 1;
        unsigned char *b = blocks[i];
        ok &= b[0] == (size & 0xff) && b[size - 1] == (size & 0xff);
        free(b);
    }
    OKF(ok && n == 22, "malloc/free of 22 sizes from 1 byte to 4 MiB", "%d blocks", n);
    OK(aligned, "malloc returns 16-byte aligned blocks");
    c = calloc(1000, 10);
    ok = c != NULL;
    for (int i = 0; c && i < 10000; i++)
        ok &= c[i] == 0;
    OK(ok, "calloc zeroes");
    c = realloc(c, 100000);
    OK(c != NULL, "realloc grows a block");
    free(c);
}

/* The file's bytes at offset, for comparing with what is mapped. */
static BOOL read_file_at(HANDLE f, DWORD offset, void *buf, DWORD size)
{
    OVERLAPPED ov = { 0 };
    DWORD got = 0;

    ov.Offset = offset;
    return ReadFile(f, buf, size, &got, &ov) && got == size;
}

static BOOL protection_fits(DWORD ch, DWORD prot)
{
    if (ch & IMAGE_SCN_MEM_EXECUTE)
        return (ch & IMAGE_SCN_MEM_WRITE) ? prot == PAGE_EXECUTE_WRITECOPY || prot == PAGE_EXECUTE_READWRITE
                                          : prot == PAGE_EXECUTE_READ;
    if (ch & IMAGE_SCN_MEM_WRITE)
        return prot == PAGE_WRITECOPY || prot == PAGE_READWRITE;
    return prot == PAGE_READONLY;
}

/*
 * Every section of a loaded image: its pages have the section's own
 * protection, read-only sections hold the file's bytes at their address,
 * and what lies past a section's file data up to its last page is zero.
 * Run on a page-aligned Wine DLL (mapped from the file) and on this
 * program (512-byte file alignment: read in).
 */
static void check_image_sections(const char *name)
{
    HMODULE mod = GetModuleHandleA(name);
    char path[MAX_PATH], *base = (char *)mod;
    MEMORY_BASIC_INFORMATION mbi;
    int bad_prot = 0, bad_data = 0, bad_tail = 0, checked = 0;

    char what[MAX_PATH + 64];

    snprintf(what, sizeof(what), "%s: the module and its file", name ? name : "the program");
    if (!OK(mod && GetModuleFileNameA(mod, path, sizeof(path)), what))
        return;
    HANDLE f = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    snprintf(what, sizeof(what), "%s: open the image file", path);
    if (!OK(f != INVALID_HANDLE_VALUE, what))
        return;
    IMAGE_NT_HEADERS64 *nt = (IMAGE_NT_HEADERS64 *)(base + ((IMAGE_DOS_HEADER *)base)->e_lfanew);
    IMAGE_SECTION_HEADER *sec = IMAGE_FIRST_SECTION(nt);
    snprintf(what, sizeof(what), "%s: the headers are read-only", path);
    OKF(query(base, &mbi) && mbi.Protect == PAGE_READONLY, what, "protection %#lx",
        (unsigned long)mbi.Protect);
    for (unsigned i = 0; i < nt->FileHeader.NumberOfSections; i++, sec++) {
        DWORD vsize = sec->Misc.VirtualSize ? sec->Misc.VirtualSize : sec->SizeOfRawData;
        DWORD raw = sec->SizeOfRawData < vsize ? sec->SizeOfRawData : vsize;
        char *p = base + sec->VirtualAddress;
        if (!vsize)
            continue;
        checked++;
        if (!query(p, &mbi) || !protection_fits(sec->Characteristics, mbi.Protect)) {
            bad_prot++;
            tap_diag("%.8s: protection %#lx, characteristics %#lx", (const char *)sec->Name,
                 (unsigned long)mbi.Protect, (unsigned long)sec->Characteristics);
        }
        if (!(sec->Characteristics & IMAGE_SCN_MEM_WRITE) && raw && sec->PointerToRawData) {
            char *file = malloc(raw);
            if (!file || !read_file_at(f, sec->PointerToRawData, file, raw) || memcmp(file, p, raw)) {
                bad_data++;
                tap_diag("%.8s: bytes differ from the file", (const char *)sec->Name);
            }
            free(file);
        }
        DWORD end = (vsize + PAGE - 1) & ~(DWORD)(PAGE - 1);
        for (DWORD o = raw; o < end && !(sec->Characteristics & IMAGE_SCN_MEM_WRITE); o++)
            if (p[o]) {
                bad_tail++;
                tap_diag("%.8s: byte %#lx past the file data is %#x", (const char *)sec->Name,
                     (unsigned long)o, (unsigned char)p[o]);
                break;
            }
    }
    CloseHandle(f);
    snprintf(what, sizeof(what), "%s: its sections were looked at", path);
    OKF(checked > 3, what, "%d sections", checked);
    snprintf(what, sizeof(what), "%s: every section has its protection", path);
    OK(!bad_prot, what);
    snprintf(what, sizeof(what), "%s: read-only sections hold the file's bytes", path);
    OK(!bad_data, what);
    snprintf(what, sizeof(what), "%s: past each section's file data, zeros", path);
    OK(!bad_tail, what);
}

int main(void)
{
    void *veh = AddVectoredExceptionHandler(1, handler);

    OK(veh != NULL, "AddVectoredExceptionHandler");
    check_system_info();
    check_reserve_commit();
    check_guard_page();
    check_executable();
    check_big_reserve();
    check_file_mapping();
    check_file_backed_mapping();
    check_heap();
    check_local_moveable();
    check_malloc();
    check_image_sections("kernelbase.dll");
    check_image_sections("ntdll.dll");
    check_image_sections(NULL);
    OK(RemoveVectoredExceptionHandler(veh), "RemoveVectoredExceptionHandler");
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/pe/syscalls.c - Windows micro-benchmarks of the system calls keep's
 * kernel serves.
 *
 *     syscalls.exe MODE [SECONDS]
 *
 * MODE is one of
 *   event_pingpong  two threads, two auto-reset events: SetEvent +
 *                   WaitForSingleObject round trips per second
 *   mutex           uncontended WaitForSingleObject + ReleaseMutex pairs/s
 *   thread          CreateThread + WaitForSingleObject + CloseHandle per s
 *   getfileattr     GetFileAttributesW of a file in the current directory/s
 *   virtualalloc    VirtualAlloc(64 KiB, MEM_COMMIT|MEM_RESERVE) +
 *                   VirtualFree(MEM_RELEASE) pairs per second
 *   fileio          write then read a 64 MiB file in 64 KiB chunks
 *                   (WriteFile/ReadFile), MB/s each (MB = 10^6 bytes)
 *   all             every mode above, one after the other
 * and SECONDS (default 1, fractions allowed) is how long each mode runs.
 *
 * Each result is one line on standard output:
 *     RESULT name value unit
 * Errors go to standard error and make the exit status non-zero.  Timing
 * uses QueryPerformanceCounter.  bench/native.c is the Linux counterpart.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

static LARGE_INTEGER qpc_freq;

static double now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart / (double)qpc_freq.QuadPart;
}

static void fail(const char *what)
{
    fprintf(stderr, "syscalls: %s failed (error %lu)\n", what, GetLastError());
    exit(1);
}

/*
 * Run op(ctx, n) in batches for about `seconds`; return operations per
 * second.  The batch size doubles until one batch takes 10 ms, so the clock
 * is read rarely for fast operations and slow ones still stop in time.
 */
typedef void (*op_fn)(void *ctx, long n);

static double rate(op_fn op, void *ctx, double seconds)
{
    long batch = 1, total = 0;
    double start = now(), elapsed;

    do {
        double t0 = now();
        op(ctx, batch);
        total += batch;
        if (now() - t0 < 0.010 && batch < (1L << 24))
            batch *= 2;
        elapsed = now() - start;
    } while (elapsed < seconds);
    return total / elapsed;
}

static void result(const char *name, double value, const char *unit)
{
    printf("RESULT %s %.0f %s\n", name, value, unit);
    fflush(stdout);
}

/* ---- event_pingpong: SetEvent/WaitForSingleObject round trips ---- */

struct pingpong {
    HANDLE ping, pong;          /* auto-reset events */
    volatile LONG stop;
};

static DWORD WINAPI pong_thread(void *arg)
{
    struct pingpong *pp = arg;

    for (;;) {
        if (WaitForSingleObject(pp->ping, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(ping)");
        if (pp->stop)
            return 0;
        if (!SetEvent(pp->pong))
            fail("SetEvent(pong)");
    }
}

static void pingpong_op(void *ctx, long n)
{
    struct pingpong *pp = ctx;

    while (n--) {
        if (!SetEvent(pp->ping))
            fail("SetEvent(ping)");
        if (WaitForSingleObject(pp->pong, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(pong)");
    }
}

static void bench_event_pingpong(double seconds)
{
    struct pingpong pp = { CreateEventW(NULL, FALSE, FALSE, NULL),
                           CreateEventW(NULL, FALSE, FALSE, NULL), 0 };
    HANDLE thread;
    double r;

    if (!pp.ping || !pp.pong)
        fail("CreateEventW");
    if (!(thread = CreateThread(NULL, 0, pong_thread, &pp, 0, NULL)))
        fail("CreateThread");
    r = rate(pingpong_op, &pp, seconds);
    pp.stop = 1;
    SetEvent(pp.ping);
    WaitForSingleObject(thread, INFINITE);
    CloseHandle(thread);
    CloseHandle(pp.ping);
    CloseHandle(pp.pong);
    result("event_pingpong", r, "roundtrips/s");
}

/* ---- mutex: uncontended acquire + release ---- */

static void mutex_op(void *ctx, long n)
{
    HANDLE m = ctx;

    while (n--) {
        if (WaitForSingleObject(m, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(mutex)");
        if (!ReleaseMutex(m))
            fail("ReleaseMutex");
    }
}

static void bench_mutex(double seconds)
{
    HANDLE m = CreateMutexW(NULL, FALSE, NULL);

    if (!m)
        fail("CreateMutexW");
    result("mutex", rate(mutex_op, m, seconds), "pairs/s");
    CloseHandle(m);
}

/* ---- thread: create, wait for exit, close ---- */

static DWORD WINAPI empty_thread(void *arg)
{
    (void)arg;
    return 0;
}

static void thread_op(void *ctx, long n)
{
    (void)ctx;
    while (n--) {
        HANDLE t = CreateThread(NULL, 0, empty_thread, NULL, 0, NULL);
        if (!t)
            fail("CreateThread");
        if (WaitForSingleObject(t, INFINITE) != WAIT_OBJECT_0)
            fail("WaitForSingleObject(thread)");
        CloseHandle(t);
    }
}

static void bench_thread(double seconds)
{
    result("thread", rate(thread_op, NULL, seconds), "threads/s");
}

/* ---- getfileattr: GetFileAttributesW of an existing file ---- */

static const WCHAR attr_file[] = L"bench_attr.tmp";

static void getfileattr_op(void *ctx, long n)
{
    (void)ctx;
    while (n--)
        if (GetFileAttributesW(attr_file) == INVALID_FILE_ATTRIBUTES)
            fail("GetFileAttributesW");
}

static void bench_getfileattr(double seconds)
{
    HANDLE h = CreateFileW(attr_file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);

    if (h == INVALID_HANDLE_VALUE)
        fail("CreateFileW(bench_attr.tmp)");
    CloseHandle(h);
    result("getfileattr", rate(getfileattr_op, NULL, seconds), "calls/s");
    DeleteFileW(attr_file);
}

/* ---- virtualalloc: 64 KiB commit + release ---- */

static void virtualalloc_op(void *ctx, long n)
{
    (void)ctx;
    while (n--) {
        void *p = VirtualAlloc(NULL, 64 * 1024, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
        if (!p)
            fail("VirtualAlloc");
        if (!VirtualFree(p, 0, MEM_RELEASE))
            fail("VirtualFree");
    }
}

static void bench_virtualalloc(double seconds)
{
    result("virtualalloc", rate(virtualalloc_op, NULL, seconds), "pairs/s");
}

/* ---- fileio: 64 MiB written then read in 64 KiB chunks ---- */

#define IO_FILE_SIZE (64u * 1024 * 1024)
#define IO_CHUNK     (64u * 1024)

static const WCHAR io_file[] = L"bench_io.tmp";

static double write_pass(char *buf)
{
    double t0 = now();
    HANDLE h = CreateFileW(io_file, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, NULL);
    unsigned done;

    if (h == INVALID_HANDLE_VALUE)
        fail("CreateFileW(bench_io.tmp, write)");
    for (done = 0; done < IO_FILE_SIZE; done += IO_CHUNK) {
        DWORD n;
        if (!WriteFile(h, buf, IO_CHUNK, &n, NULL) || n != IO_CHUNK)
            fail("WriteFile");
    }
    CloseHandle(h);
    return now() - t0;
}

static double read_pass(char *buf)
{
    double t0 = now();
    HANDLE h = CreateFileW(io_file, GENERIC_READ, FILE_SHARE_READ, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
    unsigned long long done = 0;
    DWORD n;

    if (h == INVALID_HANDLE_VALUE)
        fail("CreateFileW(bench_io.tmp, read)");
    for (;;) {
        if (!ReadFile(h, buf, IO_CHUNK, &n, NULL))
            fail("ReadFile");
        if (n == 0)
            break;
        done += n;
    }
    CloseHandle(h);
    if (done != IO_FILE_SIZE) {
        fprintf(stderr, "syscalls: read %llu bytes back, wrote %u\n", done, IO_FILE_SIZE);
        exit(1);
    }
    return now() - t0;
}

static void bench_fileio(double seconds)
{
    char *buf = VirtualAlloc(NULL, IO_CHUNK, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE);
    double wtime = 0, rtime = 0, start = now();
    int passes = 0;

    if (!buf)
        fail("VirtualAlloc(buffer)");
    memset(buf, 0x5a, IO_CHUNK);
    /* Whole passes (write, then read back) until the time is up. */
    do {
        wtime += write_pass(buf);
        rtime += read_pass(buf);
        passes++;
    } while (now() - start < seconds);
    DeleteFileW(io_file);
    VirtualFree(buf, 0, MEM_RELEASE);
    result("fileio_write", passes * (double)IO_FILE_SIZE / 1e6 / wtime, "MB/s");
    result("fileio_read", passes * (double)IO_FILE_SIZE / 1e6 / rtime, "MB/s");
}

/* ---- main ---- */

static const struct mode {
    const char *name;
    void (*run)(double seconds);
} modes[] = {
    { "event_pingpong", bench_event_pingpong },
    { "mutex", bench_mutex },
    { "thread", bench_thread },
    { "getfileattr", bench_getfileattr },
    { "virtualalloc", bench_virtualalloc },
    { "fileio", bench_fileio },
};

#define NMODES (sizeof(modes) / sizeof(modes[0]))

int main(int argc, char **argv)
{
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    unsigned i;
    int found = 0;

    if (argc < 2 || seconds <= 0) {
        fprintf(stderr, "usage: syscalls.exe MODE [SECONDS]\nmodes: all");
        for (i = 0; i < NMODES; i++)
            fprintf(stderr, " %s", modes[i].name);
        fputc('\n', stderr);
        return 2;
    }
    QueryPerformanceFrequency(&qpc_freq);
    for (i = 0; i < NMODES; i++) {
        if (!strcmp(argv[1], "all") || !strcmp(argv[1], modes[i].name)) {
            modes[i].run(seconds);
            found = 1;
        }
    }
    if (!found) {
        fprintf(stderr, "syscalls: unknown mode %s\n", argv[1]);
        return 2;
    }
    return 0;
}

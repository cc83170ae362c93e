/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * snapprog.c - programs that tests/snapshot.sh snapshots mid-run and
 * resumes: each prints "ready" once it has reached the state to be saved,
 * then lines the test checks after the resume.
 *
 *   counter N MS        print 1..N, Sleep(MS) between
 *   wait                a thread in WaitForSingleObject with a timeout
 *                       (times out after the resume), another waiting
 *                       without one (signaled after the resume)
 *   file PATH N         write "line i" N times to one open handle, 100 ms apart
 *   reg N               a counter that writes HKCU\Software\keep-snap\after
 *                       once done (after the resume)
 *   big RESERVE TOUCH F reserve and commit RESERVE MB, fill TOUCH MB with
 *                       data that does not compress, wait for file F, check
 *   pingpong F          two threads handing two events back and forth until
 *                       file F exists; both count the rounds
 *   gui MS              load user32 (and so Wine's win32u.so), wait MS ms
 *   bench MB FILE       (bench/run-snapshot-bench.sh) fill MB of memory, then
 *                       end once FILE exists (looking every 2 ms)
 *   host FILE N         a counter 1..N (100 ms apart) that writes "line i" to
 *                       FILE, open all along, at each step; a write that
 *                       fails is reported and the counter runs on; at the
 *                       end HKCU\Software\keep-snap\host = N; a volatile key
 *                       written before the snapshot is read back after it
 *   ymm F               a thread spins in user code with a pattern in ymm2
 *                       (upper half too) until file F exists, then checks it
 *   stdin N             a thread counts 1..N (100 ms apart) while the main
 *                       thread blocks in ReadFile on standard input, then
 *                       prints the line it read
 */
#include <windows.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "say.h"


static int counter(int n, int ms)
{
    for (int i = 1; i <= n; i++) {
        say("%d\n", i);
        if (i == 1)
            say("ready\n");
        Sleep(ms);
    }
    return 0;
}

static HANDLE ev_never, ev_later;

static DWORD WINAPI timed_waiter(void *arg)
{
    (void)arg;
    DWORD t0 = GetTickCount();
    DWORD r = WaitForSingleObject(ev_never, 1500);
    say("timed wait: %s after %s1000 ms\n", r == WAIT_TIMEOUT ? "WAIT_TIMEOUT" : "wrong result",
        GetTickCount() - t0 >= 1000 ? ">=" : "<");
    return 0;
}

static DWORD WINAPI waiter(void *arg)
{
    (void)arg;
    DWORD r = WaitForSingleObject(ev_later, INFINITE);
    say("infinite wait: %s\n", r == WAIT_OBJECT_0 ? "signaled" : "wrong result");
    return 0;
}

static int wait_test(void)
{
    HANDLE t[2];

    ev_never = CreateEventA(NULL, TRUE, FALSE, NULL);
    ev_later = CreateEventA(NULL, FALSE, FALSE, NULL);
    t[0] = CreateThread(NULL, 0, timed_waiter, NULL, 0, NULL);
    t[1] = CreateThread(NULL, 0, waiter, NULL, 0, NULL);
    Sleep(200);
    say("ready\n");
    Sleep(2000);        /* the snapshot is taken in here */
    SetEvent(ev_later);
    DWORD r = WaitForMultipleObjects(2, t, TRUE, 10000);
    say("threads: %s\n", r == WAIT_OBJECT_0 ? "both ended" : "not ended");
    return r == WAIT_OBJECT_0 ? 0 : 1;
}

/* A new file at path, open for writing; NULL (said) if it cannot be. */
static HANDLE create_file(const char *path)
{
    HANDLE h = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, 0, NULL);

    if (h != INVALID_HANDLE_VALUE)
        return h;
    say("cannot create %s\n", path);
    return NULL;
}

/* "line i" to h: TRUE when written whole. */
static BOOL write_line(HANDLE h, int i)
{
    char line[32];
    DWORD done;
    int len = snprintf(line, sizeof(line), "line %d\n", i);

    return WriteFile(h, line, (DWORD)len, &done, NULL) && done == (DWORD)len;
}

static int file_test(const char *path, int n)
{
    HANDLE h = create_file(path);

    if (!h)
        return 1;
    for (int i = 1; i <= n; i++) {
        if (!write_line(h, i)) {
            say("write %d failed\n", i);
            return 1;
        }
        say("%d\n", i);
        if (i == 1)
            say("ready\n");
        Sleep(100);
    }
    CloseHandle(h);
    say("closed\n");
    return 0;
}

/* HKCU\Software\keep-snap\NAME = v; 0 when written (and said). */
static int write_value(const char *name, DWORD v)
{
    HKEY key;

    if (RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\keep-snap", 0, NULL, 0, KEY_ALL_ACCESS,
                        NULL, &key, NULL)) {
        say("cannot create the key\n");
        return 1;
    }
    LONG r = RegSetValueExA(key, name, 0, REG_DWORD, (const BYTE *)&v, sizeof(v));
    RegCloseKey(key);
    say("registry: %s\n", r ? "not written" : "written");
    return r ? 1 : 0;
}

static int reg_test(int n)
{
    counter(n, 100);
    return write_value("after", (DWORD)n);
}

/* Data that does not compress. */
static void fill_random(unsigned char *p, size_t size)
{
    uint32_t x = 12345;

    for (size_t i = 0; i + 4 <= size; i += 4) {
        x = x * 1664525u + 1013904223u;
        memcpy(p + i, &x, 4);
    }
}

/* Wait until file exists (the test creates it after the snapshot),
 * looking every ms milliseconds. */
static void wait_for(const char *file, DWORD ms)
{
    while (GetFileAttributesA(file) == INVALID_FILE_ATTRIBUTES)
        Sleep(ms);
}

static int big_test(int reserve_mb, int touch_mb, const char *file)
{
    size_t reserve = (size_t)reserve_mb << 20, touch = (size_t)touch_mb << 20;
    unsigned char *p = VirtualAlloc(NULL, reserve, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE);

    if (!p || touch > reserve) {
        say("VirtualAlloc failed\n");
        return 1;
    }
    fill_random(p, touch);
    uint32_t sum = 0;
    for (size_t i = 0; i < touch; i += 4096)
        sum += p[i];
    say("ready\n");
    wait_for(file, 20);
    uint32_t again = 0;
    for (size_t i = 0; i < touch; i += 4096)
        again += p[i];
    say("memory: %s\n", sum == again ? "same" : "changed");
    return sum == again ? 0 : 1;
}

static HANDLE ping, pong;
static volatile LONG pongs, done;

static DWORD WINAPI ponger(void *arg)
{
    (void)arg;
    for (;;) {
        WaitForSingleObject(ping, INFINITE);
        if (done)
            return 0;
        InterlockedIncrement(&pongs);
        SetEvent(pong);
    }
}

static int pingpong_test(const char *file)
{
    long pings = 0;

    ping = CreateEventA(NULL, FALSE, FALSE, NULL);
    pong = CreateEventA(NULL, FALSE, FALSE, NULL);
    HANDLE t = CreateThread(NULL, 0, ponger, NULL, 0, NULL);
    for (;;) {
        SetEvent(ping);
        if (WaitForSingleObject(pong, 10000) != WAIT_OBJECT_0) {
            say("round %ld lost\n", pings + 1);
            return 1;
        }
        pings++;
        if (pings == 1000)
            say("ready\n");
        if (pings % 1000 == 0 && GetFileAttributesA(file) != INVALID_FILE_ATTRIBUTES)
            break;
    }
    done = 1;
    SetEvent(ping);
    WaitForSingleObject(t, 10000);
    say("rounds: %ld pings, %ld pongs: %s\n", pings, (long)pongs,
        pings == pongs ? "every round counted once" : "rounds lost");
    return pings == pongs ? 0 : 1;
}

static int gui_test(int ms)
{
    HMODULE user32 = LoadLibraryA("user32.dll");
    FARPROC metrics = user32 ? GetProcAddress(user32, "GetSystemMetrics") : NULL;

    say("user32: %s\n", metrics ? "loaded" : "missing");
    if (metrics)
        ((int (WINAPI *)(int))(void *)metrics)(SM_CXSCREEN);
    say("ready\n");
    Sleep(ms);
    say("done\n");
    return 0;
}

static int bench_test(int mb, const char *file)
{
    size_t size = (size_t)mb << 20;
    unsigned char *p = size ? VirtualAlloc(NULL, size, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE) : NULL;

    if (size && !p)
        return 1;
    fill_random(p, size);
    say("ready\n");
    wait_for(file, 2);
    return 0;
}

#define VOLATILE_KEY "Software\\keep-snap-volatile"

/* A volatile key with value "mark" = v; 0 when made. */
static int make_volatile(DWORD v)
{
    HKEY key;

    if (RegCreateKeyExA(HKEY_CURRENT_USER, VOLATILE_KEY, 0, NULL, REG_OPTION_VOLATILE,
                        KEY_ALL_ACCESS, NULL, &key, NULL))
        return 1;
    LONG r = RegSetValueExA(key, "mark", 0, REG_DWORD, (const BYTE *)&v, sizeof(v));
    RegCloseKey(key);
    return r ? 1 : 0;
}

/* The volatile key's "mark", or 0 without one. */
static DWORD read_volatile(void)
{
    DWORD v = 0, size = sizeof(v);

    if (RegGetValueA(HKEY_CURRENT_USER, VOLATILE_KEY, "mark", RRF_RT_REG_DWORD, NULL, &v, &size))
        return 0;
    return v;
}

static int host_test(const char *path, int n)
{
    HANDLE h = create_file(path);
    int failures = 0;

    if (!h)
        return 1;
    if (make_volatile(0x5eed))
        say("cannot make the volatile key\n");
    for (int i = 1; i <= n; i++) {
        say("%d\n", i);
        if (!write_line(h, i) && !failures++)
            say("write %d failed (error %lu)\n", i, GetLastError());
        if (i == 2)
            say("ready\n");
        Sleep(100);
    }
    CloseHandle(h);
    say("done: %d writes failed\n", failures);
    say("volatile key: %s\n", read_volatile() == 0x5eed ? "kept" : "gone");
    return write_value("host", (DWORD)n);
}

static DWORD WINAPI stdin_counter(void *arg)
{
    int n = (int)(INT_PTR)arg;

    for (int i = 1; i <= n; i++) {
        say("%d\n", i);
        if (i == 3)     /* the main thread has long been in its read */
            say("ready\n");
        Sleep(100);
    }
    return 0;
}

static int stdin_test(int n)
{
    HANDLE t = CreateThread(NULL, 0, stdin_counter, (void *)(INT_PTR)n, 0, NULL);
    char buf[256];
    DWORD got = 0;
    BOOL ok = ReadFile(GetStdHandle(STD_INPUT_HANDLE), buf, sizeof(buf) - 1, &got, NULL);

    buf[ok ? got : 0] = 0;
    buf[strcspn(buf, "\r\n")] = 0;
    if (ok)
        say("read: '%s'\n", buf);
    else
        say("read failed (error %lu)\n", GetLastError());
    DWORD r = WaitForSingleObject(t, 30000);
    say("counter: %s\n", r == WAIT_OBJECT_0 ? "ended" : "not ended");
    return ok && r == WAIT_OBJECT_0 ? 0 : 1;
}

static volatile LONG ymm_stop;
static unsigned char ymm_want[32], ymm_got[32];

/* Hold ymm_want in ymm2 and spin, in user code, until ymm_stop; then
 * store ymm2 in ymm_got.  Nothing runs in between that uses ymm2. */
static DWORD WINAPI ymm_spinner(void *arg)
{
    (void)arg;
    __asm__ volatile("vmovdqu (%0), %%ymm2\n"
                     "1: pause\n"
                     "cmpl $0, (%1)\n"
                     "je 1b\n"
                     "vmovdqu %%ymm2, (%2)\n"
                     "vzeroupper\n"
                     :: "r"(ymm_want), "r"(&ymm_stop), "r"(ymm_got) : "xmm2", "memory");
    return 0;
}

static int ymm_test(const char *file)
{
    if (!__builtin_cpu_supports("avx")) {
        say("ymm: this CPU has no AVX\n");
        return 1;
    }
    for (int i = 0; i < 32; i++)
        ymm_want[i] = (unsigned char)(0xa5 ^ (i * 37));
    HANDLE t = CreateThread(NULL, 0, ymm_spinner, NULL, 0, NULL);
    Sleep(200);
    say("ready\n");
    wait_for(file, 20);
    InterlockedExchange(&ymm_stop, 1);
    WaitForSingleObject(t, 10000);
    int lower = !memcmp(ymm_got, ymm_want, 16), upper = !memcmp(ymm_got + 16, ymm_want + 16, 16);
    say("ymm: lower half %s, upper half %s\n", lower ? "same" : "changed", upper ? "same" : "changed");
    return lower && upper ? 0 : 1;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";

    if (!strcmp(mode, "counter") && argc == 4)
        return counter(atoi(argv[2]), atoi(argv[3]));
    if (!strcmp(mode, "wait"))
        return wait_test();
    if (!strcmp(mode, "file") && argc == 4)
        return file_test(argv[2], atoi(argv[3]));
    if (!strcmp(mode, "reg") && argc == 3)
        return reg_test(atoi(argv[2]));
    if (!strcmp(mode, "big") && argc == 5)
        return big_test(atoi(argv[2]), atoi(argv[3]), argv[4]);
    if (!strcmp(mode, "pingpong") && argc == 3)
        return pingpong_test(argv[2]);
    if (!strcmp(mode, "gui") && argc == 3)
        return gui_test(atoi(argv[2]));
    if (!strcmp(mode, "bench") && argc == 4)
        return bench_test(atoi(argv[2]), argv[3]);
    if (!strcmp(mode, "host") && argc == 4)
        return host_test(argv[2], atoi(argv[3]));
    if (!strcmp(mode, "ymm") && argc == 3)
        return ymm_test(argv[2]);
    if (!strcmp(mode, "stdin") && argc == 3)
        return stdin_test(atoi(argv[2]));
    say("usage: snapprog counter N MS | wait | file PATH N | reg N | big RES TOUCH FILE | "
        "pingpong FILE | gui MS | bench MB FILE | host FILE N | stdin N | ymm F\n");
    return 2;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/pe/registry.c - registry micro-benchmarks through advapi32.
 *
 *     registry.exe MODE [SECONDS]
 *
 * MODE is one of
 *   set     RegSetValueExW of a REG_DWORD (64 names in turn) per second
 *   query   RegQueryValueExW of a REG_DWORD per second
 *   create  RegCreateKeyExW of a new subkey + RegCloseKey per second (the
 *           keys are deleted afterwards, untimed)
 *   enum    RegEnumKeyExW over a key of 64 subkeys, per call
 *   open    RegOpenKeyExW of an existing subkey + RegCloseKey per second
 *   delete  RegDeleteKeyW of a leaf key per second (the keys are created
 *           beforehand, untimed, in batches)
 *   all     every mode above, one after the other
 * and SECONDS (default 1) is how long each mode runs.
 *
 * Results: "RESULT reg_MODE value ops/s" lines on standard output, errors
 * on standard error with a non-zero exit.  Everything happens under
 * HKCU\Software\KeepRegBench, removed at the start and at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#define BENCH_ROOT L"Software\\KeepRegBench"
#define FANOUT 64

static LARGE_INTEGER qpc_freq;
static HKEY root;

static double now(void)
{
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return (double)t.QuadPart / (double)qpc_freq.QuadPart;
}

static void check(LONG err, const char *what)
{
    if (err) {
        fprintf(stderr, "registry: %s failed (error %ld)\n", what, err);
        exit(1);
    }
}

static void result(const char *name, double value)
{
    printf("RESULT reg_%s %.0f ops/s\n", name, value);
    fflush(stdout);
}

static HKEY create(HKEY parent, const WCHAR *name)
{
    HKEY key;
    check(RegCreateKeyExW(parent, name, 0, NULL, 0, KEY_ALL_ACCESS, NULL, &key, NULL),
          "RegCreateKeyEx");
    return key;
}

/*
 * Run op(i) for i = 0, 1, ... for about `seconds`; operations per second.
 * The clock is read every 64 operations.
 */
static double rate(void (*op)(long i), double seconds)
{
    long n = 0;
    double start = now(), elapsed;

    do {
        for (int k = 0; k < 64; k++)
            op(n++);
        elapsed = now() - start;
    } while (elapsed < seconds);
    return n / elapsed;
}

static WCHAR names[FANOUT][16];
static HKEY work;

static void op_set(long i)
{
    DWORD v = (DWORD)i;
    check(RegSetValueExW(work, names[i % FANOUT], 0, REG_DWORD, (const BYTE *)&v, 4),
          "RegSetValueEx");
}

static void op_query(long i)
{
    DWORD v, size = sizeof(v), type;
    check(RegQueryValueExW(work, names[i % FANOUT], NULL, &type, (BYTE *)&v, &size),
          "RegQueryValueEx");
}

static void op_create(long i)
{
    WCHAR name[32];
    swprintf(name, 32, L"c%ld", i);
    RegCloseKey(create(work, name));
}

static void op_enum(long i)
{
    WCHAR name[32];
    DWORD len = 32;
    check(RegEnumKeyExW(work, (DWORD)(i % FANOUT), name, &len, NULL, NULL, NULL, NULL),
          "RegEnumKeyEx");
}

static void op_open(long i)
{
    HKEY key;
    check(RegOpenKeyExW(work, names[i % FANOUT], 0, KEY_READ, &key), "RegOpenKeyEx");
    RegCloseKey(key);
}

/* A fresh work key with FANOUT values and FANOUT subkeys. */
static void fresh_work(void)
{
    if (work)
        RegCloseKey(work);
    RegDeleteTreeW(root, L"work");
    work = create(root, L"work");
    for (int i = 0; i < FANOUT; i++) {
        DWORD v = (DWORD)i;
        check(RegSetValueExW(work, names[i], 0, REG_DWORD, (const BYTE *)&v, 4), "RegSetValueEx");
        RegCloseKey(create(work, names[i]));
    }
}

static void bench_simple(const char *name, void (*op)(long), double seconds)
{
    fresh_work();
    result(name, rate(op, seconds));
}

/* delete: keys created untimed in batches of 1024, deleted timed. */
static void bench_delete(double seconds)
{
    enum { BATCH = 1024 };
    WCHAR name[32];
    double spent = 0;
    long n = 0;

    fresh_work();
    while (spent < seconds) {
        for (int i = 0; i < BATCH; i++) {
            swprintf(name, 32, L"d%d", i);
            RegCloseKey(create(work, name));
        }
        double t0 = now();
        for (int i = 0; i < BATCH; i++) {
            swprintf(name, 32, L"d%d", i);
            check(RegDeleteKeyW(work, name), "RegDeleteKey");
        }
        spent += now() - t0;
        n += BATCH;
    }
    result("delete", n / spent);
}

static void bench_set(double s) { bench_simple("set", op_set, s); }
static void bench_query(double s) { bench_simple("query", op_query, s); }
static void bench_create(double s) { bench_simple("create", op_create, s); }
static void bench_enum(double s) { bench_simple("enum", op_enum, s); }
static void bench_open(double s) { bench_simple("open", op_open, s); }

static const struct mode {
    const char *name;
    void (*run)(double seconds);
} modes[] = {
    { "set", bench_set },
    { "query", bench_query },
    { "create", bench_create },
    { "enum", bench_enum },
    { "open", bench_open },
    { "delete", bench_delete },
};

#define NMODES (sizeof(modes) / sizeof(modes[0]))

int main(int argc, char **argv)
{
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    int found = 0;

    if (argc < 2 || seconds <= 0) {
        fprintf(stderr, "usage: registry.exe set|query|create|enum|open|delete|all [SECONDS]\n");
        return 2;
    }
    QueryPerformanceFrequency(&qpc_freq);
    for (int i = 0; i < FANOUT; i++)
        swprintf(names[i], 16, L"n%02d", i);
    RegDeleteTreeW(HKEY_CURRENT_USER, BENCH_ROOT);
    root = create(HKEY_CURRENT_USER, BENCH_ROOT);
    for (size_t i = 0; i < NMODES; i++) {
        if (!strcmp(argv[1], "all") || !strcmp(argv[1], modes[i].name)) {
            modes[i].run(seconds);
            found = 1;
        }
    }
    if (work)
        RegCloseKey(work);
    RegCloseKey(root);
    RegDeleteTreeW(HKEY_CURRENT_USER, BENCH_ROOT);
    if (!found) {
        fprintf(stderr, "registry: unknown mode %s\n", argv[1]);
        return 2;
    }
    return 0;
}

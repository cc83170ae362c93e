/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cxxthrow.exe - C++ exceptions, which mingw-w64 implements with SEH
 * unwinding on x64 (RtlUnwindEx and the exe's .pdata/.xdata): a throw
 * across 50 frames with destructors, rethrow, catch by base class and by
 * catch(...), a throw through a function pointer and through a C runtime
 * callback, std::bad_alloc, and exceptions in two threads at once.
 * Linked with -static-libgcc -static-libstdc++: no libstdc++ DLL.
 */
#include "tap.h"
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>

namespace {

const int DEPTH = 50;

volatile LONG destructor_runs;

struct Guard {
    int id;
    explicit Guard(int i) : id(i) {}
    ~Guard() { InterlockedIncrement(&destructor_runs); }
};

struct DeepError {
    int code;
    int depth;
};

__attribute__((noinline)) int recurse(int n)
{
    Guard guard(n);

    if (n == 1)
        throw DeepError{ 42, n };
    return recurse(n - 1) + guard.id; /* not a tail call: the guard lives on */
}

void check_deep_throw()
{
    bool caught = false;
    DeepError got{ 0, 0 };

    destructor_runs = 0;
    try {
        recurse(DEPTH);
    } catch (const DeepError &e) {
        caught = true;
        got = e;
    }
    OK(caught, "a throw across 50 frames is caught by type at the top");
    OKF(got.code == 42 && got.depth == 1, "the caught object is the thrown one", "code %d depth %d",
        got.code, got.depth);
    OKF(destructor_runs == DEPTH, "the 50 frames' destructors ran", "%ld destructors",
        (long)destructor_runs);
}

const void *first_address;

void throw_and_rethrow()
{
    try {
        throw std::runtime_error("inner");
    } catch (const std::runtime_error &e) {
        first_address = &e;
        throw;
    }
}

void check_rethrow()
{
    bool outer = false, same = false;

    try {
        throw_and_rethrow();
    } catch (const std::exception &e) {
        outer = !std::strcmp(e.what(), "inner");
        same = &e == first_address;
    }
    OK(outer, "a rethrown exception reaches the outer handler as std::exception");
    OK(same, "it is the same exception object");
}

void thrower(const char *what)
{
    throw std::runtime_error(what);
}

void check_function_pointer()
{
    void (*volatile fn)(const char *) = thrower;
    bool any = false, typed = false;
    std::string message;

    try {
        fn("through a pointer");
    } catch (...) {
        any = true;
    }
    OK(any, "catch (...) catches a std::runtime_error thrown through a function pointer");
    try {
        fn("second");
    } catch (const std::logic_error &) {
        typed = false;
    } catch (const std::runtime_error &e) {
        typed = true;
        message = e.what();
    }
    OK(typed && message == "second", "the handler of the right type is chosen, with what()");
}

int compare_and_throw(const void *a, const void *b)
{
    (void)a;
    (void)b;
    throw 7;
}

void check_through_crt()
{
    int values[4] = { 4, 3, 2, 1 };
    int caught = 0;

    try {
        qsort(values, 4, sizeof(values[0]), compare_and_throw);
    } catch (int v) {
        caught = v;
    }
    OKF(caught == 7, "an exception thrown in a qsort callback unwinds through the C runtime",
        "caught %d", caught);
}

char *volatile allocation; /* keeps the compiler from eliding the new */

void check_bad_alloc()
{
    bool caught = false;

    try {
        volatile size_t huge = static_cast<size_t>(1) << 60;
        allocation = new char[huge];
        delete[] allocation;
    } catch (const std::bad_alloc &) {
        caught = true;
    }
    OK(caught, "an impossible new throws std::bad_alloc");
}

/* Two threads each throw and catch 2000 exceptions at the same time. */
struct Worker {
    HANDLE start;
    int id;
    int good;
};

DWORD WINAPI worker_main(void *arg)
{
    Worker *w = static_cast<Worker *>(arg);

    WaitForSingleObject(w->start, 10000);
    for (int i = 0; i < 2000; i++) {
        try {
            if (i % 2)
                throw std::runtime_error(std::to_string(w->id * 100000 + i));
            throw w->id * 100000 + i;
        } catch (const std::runtime_error &e) {
            w->good += std::stoi(e.what()) == w->id * 100000 + i;
        } catch (int v) {
            w->good += v == w->id * 100000 + i;
        }
    }
    return 0;
}

void check_threads()
{
    HANDLE start = CreateEventA(nullptr, TRUE, FALSE, nullptr);
    Worker workers[2] = { { start, 1, 0 }, { start, 2, 0 } };
    HANDLE threads[2];

    for (int i = 0; i < 2; i++)
        threads[i] = CreateThread(nullptr, 0, worker_main, &workers[i], 0, nullptr);
    SetEvent(start);
    OK(WaitForMultipleObjects(2, threads, TRUE, 60000) == WAIT_OBJECT_0,
       "two threads throwing at once both finish");
    OKF(workers[0].good == 2000 && workers[1].good == 2000,
        "each thread caught its own 2000 exceptions", "%d and %d", workers[0].good,
        workers[1].good);
    CloseHandle(threads[0]);
    CloseHandle(threads[1]);
    CloseHandle(start);
}

void check_no_cxx_runtime_dll()
{
    OK(GetModuleHandleA("libstdc++-6.dll") == nullptr && GetModuleHandleA("libgcc_s_seh-1.dll") == nullptr,
       "no libstdc++ or libgcc DLL is loaded");
}

} // namespace

int main()
{
    check_deep_throw();
    check_rethrow();
    check_function_pointer();
    check_through_crt();
    check_bad_alloc();
    check_threads();
    check_no_cxx_runtime_dll();
    return tap_done();
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_messages.c - messages between two GUI threads.
 *
 * A second thread owns a window and pumps its queue.  The main thread
 * sends it messages (SendMessage waits for the other thread's window
 * procedure and returns its result, which runs on that thread); a
 * procedure that sends back to the waiting main thread is served while
 * the main thread waits (nested); a notification sent without waiting
 * arrives before a message sent after it; SendMessageCallback returns at
 * once and its callback runs later on the sending thread with the other
 * procedure's result; SendMessageTimeout gives up on a busy thread (a
 * message not yet received is then never delivered); a thread that stops
 * taking messages for 5 s is hung (IsHungAppWindow, SMTO_ABORTIFHUNG)
 * while one waiting for messages is not; WM_SETTEXT and WM_GETTEXT carry their strings
 * across; a posted message ends the other thread's loop.
 */
#include <windows.h>

#include "tap.h"

#define WM_MUL (WM_APP + 10)
#define WM_NESTED (WM_APP + 11)
#define WM_BACK (WM_APP + 12)
#define WM_NOTE (WM_APP + 13)
#define WM_AFTER (WM_APP + 14)
#define WM_FINISH (WM_APP + 15)
#define WM_SLOW (WM_APP + 16)
#define WM_COUNT (WM_APP + 17)

static HWND main_hwnd, other_hwnd;
static DWORD main_tid, other_tid, ran_on;
static HANDLE ready;
static char order[32];
static volatile LONG order_len;

static volatile LONG counted;
static int callbacks;
static HWND callback_hwnd;
static UINT callback_msg;
static ULONG_PTR callback_data;
static LRESULT callback_result;
static DWORD callback_tid;

static void CALLBACK on_result(HWND hwnd, UINT msg, ULONG_PTR data, LRESULT result)
{
    callbacks++;
    callback_hwnd = hwnd;
    callback_msg = msg;
    callback_data = data;
    callback_result = result;
    callback_tid = GetCurrentThreadId();
}

static void note(char c)
{
    LONG i = InterlockedIncrement(&order_len) - 1;
    if (i < (LONG)sizeof(order) - 1)
        order[i] = c;
}

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    LRESULT r;

    switch (msg) {
    case WM_MUL:
        ran_on = GetCurrentThreadId();
        return (LRESULT)(wp * lp);
    case WM_NESTED:
        note('a');
        r = SendMessageW(main_hwnd, WM_BACK, 7, 0);
        note('c');
        return r + 1;
    case WM_BACK:
        note('b');
        return (LRESULT)(wp * 10);
    case WM_NOTE:
        note('n');
        return 0;
    case WM_AFTER:
        note('s');
        return 0;
    case WM_SLOW:
        Sleep((DWORD)wp);
        return 1;
    case WM_COUNT:
        InterlockedIncrement(&counted);
        return 5;
    case WM_FINISH:
        DestroyWindow(hwnd);
        PostQuitMessage(5);
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static DWORD WINAPI other_thread(void *arg)
{
    MSG msg;

    (void)arg;
    other_tid = GetCurrentThreadId();
    other_hwnd = CreateWindowExW(0, L"KeepMsgTest", L"other", WS_OVERLAPPED, 0, 0, 100, 100,
                                 NULL, NULL, GetModuleHandleW(NULL), NULL);
    SetEvent(ready);
    if (!other_hwnd)
        return 1;
    while (GetMessageW(&msg, NULL, 0, 0) > 0)
        DispatchMessageW(&msg);
    return (DWORD)msg.wParam;
}

static HWND hung_hwnd;
static HANDLE hung_ready;

/* A thread with a window that takes no messages for a while. */
static DWORD WINAPI hung_thread(void *arg)
{
    (void)arg;
    hung_hwnd = CreateWindowExW(0, L"KeepMsgTest", L"hung", WS_OVERLAPPED, 0, 0, 100, 100, NULL,
                                NULL, GetModuleHandleW(NULL), NULL);
    SetEvent(hung_ready);
    Sleep(6500);
    DestroyWindow(hung_hwnd);
    return 0;
}

static void check_hung(void)
{
    DWORD_PTR res = 0;
    DWORD t0, elapsed;
    LRESULT r;

    hung_ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    HANDLE thread = CreateThread(NULL, 0, hung_thread, NULL, 0, NULL);
    WaitForSingleObject(hung_ready, 10000);
    OK(hung_hwnd && !IsHungAppWindow(hung_hwnd), "a thread that just stopped is not hung yet");
    Sleep(5600);
    OK(IsHungAppWindow(hung_hwnd), "after 5 s without taking messages it is hung");
    OK(!IsHungAppWindow(other_hwnd), "a thread waiting for messages as long is not");
    t0 = GetTickCount();
    SetLastError(0);
    r = SendMessageTimeoutW(hung_hwnd, WM_MUL, 1, 1, SMTO_ABORTIFHUNG, 5000, &res);
    elapsed = GetTickCount() - t0;
    OKF(!r && GetLastError() == ERROR_TIMEOUT && elapsed < 2500,     /* not the 5 s */
        "SMTO_ABORTIFHUNG gives up on it at once", "r %ld error %lu after %lu ms", (long)r,
        GetLastError(), elapsed);
    WaitForSingleObject(thread, 10000);
    CloseHandle(thread);
    CloseHandle(hung_ready);
}

static void check_timeouts(void)
{
    DWORD_PTR res = 0;
    DWORD t0, elapsed;
    LRESULT r;

    r = SendMessageTimeoutW(other_hwnd, WM_MUL, 6, 7, SMTO_NORMAL, 5000, &res);
    OKF(r && res == 42, "SendMessageTimeout with time to spare returns the result", "%ld %lu",
        (long)r, (unsigned long)res);

    /* the other thread sleeps in WM_SLOW: a message waiting behind it times out */
    PostMessageW(other_hwnd, WM_SLOW, 1500, 0);
    Sleep(50);
    t0 = GetTickCount();
    SetLastError(0);
    r = SendMessageTimeoutW(other_hwnd, WM_COUNT, 0, 0, SMTO_NORMAL, 100, &res);
    elapsed = GetTickCount() - t0;
    OKF(!r && GetLastError() == ERROR_TIMEOUT && elapsed < 1000,   /* not the 1.5 s */
        "SendMessageTimeout to a busy thread gives up after its timeout (ERROR_TIMEOUT)",
        "r %ld error %lu after %lu ms", (long)r, GetLastError(), elapsed);
    SendMessageW(other_hwnd, WM_MUL, 1, 1);     /* after WM_SLOW */
    OKF(counted == 0, "the message that timed out before it was received is never delivered",
        "delivered %ld times", counted);

    /* received, but the answer comes too late */
    t0 = GetTickCount();
    SetLastError(0);
    r = SendMessageTimeoutW(other_hwnd, WM_SLOW, 1200, 0, SMTO_NORMAL, 100, &res);
    elapsed = GetTickCount() - t0;
    OKF(!r && GetLastError() == ERROR_TIMEOUT && elapsed < 900,    /* not the 1.2 s */
        "a procedure that answers too late times out too", "r %ld error %lu after %lu ms", (long)r,
        GetLastError(), elapsed);
    OK(SendMessageW(other_hwnd, WM_MUL, 2, 3) == 6, "the other thread goes on answering afterwards");
}

int main(void)
{
    WNDCLASSW wc = { 0 };
    WCHAR text[64] = { 0 };
    HANDLE thread;
    DWORD code = 0;
    LRESULT r;

    main_tid = GetCurrentThreadId();
    wc.lpfnWndProc = proc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = L"KeepMsgTest";
    if (!OK(RegisterClassW(&wc), "RegisterClassW"))
        return tap_done();
    main_hwnd = CreateWindowExW(0, L"KeepMsgTest", L"main", WS_OVERLAPPED, 0, 0, 100, 100, NULL,
                                NULL, wc.hInstance, NULL);
    OK(main_hwnd != NULL, "the main thread's window");
    ready = CreateEventW(NULL, TRUE, FALSE, NULL);
    thread = CreateThread(NULL, 0, other_thread, NULL, 0, NULL);
    OK(WaitForSingleObject(ready, 10000) == WAIT_OBJECT_0 && other_hwnd, "the other thread's window");
    if (!other_hwnd)
        return tap_done();
    OKF(GetWindowThreadProcessId(other_hwnd, NULL) == other_tid,
        "the window belongs to the other thread", "%lu vs %lu",
        GetWindowThreadProcessId(other_hwnd, NULL), other_tid);

    r = SendMessageW(other_hwnd, WM_MUL, 5, 6);
    OKF(r == 30, "SendMessage to another thread returns its procedure's result", "r=%ld", (long)r);
    OKF(ran_on == other_tid, "the procedure ran on the window's thread", "ran on %lu", ran_on);

    r = SendMessageW(other_hwnd, WM_NESTED, 0, 0);
    OKF(r == 71, "a send back to the waiting thread is served (nested)", "r=%ld", (long)r);
    OKF(order_len == 3 && !memcmp(order, "abc", 3), "nested sends run in order", "order=%.*s",
        (int)order_len, order);

    order_len = 0;
    OK(SendNotifyMessageW(other_hwnd, WM_NOTE, 0, 0), "SendNotifyMessage");
    SendMessageW(other_hwnd, WM_AFTER, 0, 0);
    OKF(order_len == 2 && !memcmp(order, "ns", 2),
        "a notification arrives before a message sent after it", "order=%.*s", (int)order_len,
        order);

    OK(SendMessageCallbackW(other_hwnd, WM_MUL, 6, 7, on_result, 99), "SendMessageCallback");
    MSG msg;
    for (int i = 0; i < 500 && !callbacks; i++) {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
        if (!callbacks)
            Sleep(10);
    }
    OKF(callbacks == 1 && callback_result == 42 && callback_data == 99 && callback_msg == WM_MUL &&
            callback_hwnd == other_hwnd && callback_tid == main_tid,
        "its callback runs on the sending thread with the procedure's result and its data",
        "%d callbacks, result %ld, data %lu", callbacks, (long)callback_result,
        (unsigned long)callback_data);

    check_timeouts();
    check_hung();

    OK(SetWindowTextW(other_hwnd, L"from main"), "SetWindowText on another thread's window");
    OKF(GetWindowTextW(other_hwnd, text, ARRAYSIZE(text)) == 9 && !lstrcmpW(text, L"from main"),
        "GetWindowText reads it back across threads", "len=%d", lstrlenW(text));

    OK(PostMessageW(other_hwnd, WM_FINISH, 0, 0), "PostMessage to the other thread");
    OK(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0, "the other thread ends");
    GetExitCodeThread(thread, &code);
    OKF(code == 5, "its message loop ended with its WM_QUIT (5)", "code=%lu", code);
    OK(!IsWindow(other_hwnd), "its window is gone");
    OK(DestroyWindow(main_hwnd), "DestroyWindow");
    return tap_done();
}

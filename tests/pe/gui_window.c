/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_window.c - the first GUI program: a top-level window on Wine's
 * user32/win32u, with the null display driver, headless.
 *
 * Checks: the desktop window exists; a class registers; a top-level window
 * is created (WM_CREATE reaches its procedure through a user-mode
 * callback); its text is set and read back; SendMessage runs the window
 * procedure at once and returns its result; PostMessage queues messages
 * that GetMessage/DispatchMessage deliver in order, until a posted
 * WM_QUIT; WH_CALLWNDPROC and WH_GETMESSAGE hooks see sent and posted
 * messages until unhooked; it becomes the foreground, active and focus window; a window
 * timer ticks and stops when killed; window properties set by name and by
 * atom are read, enumerated (EnumPropsEx) and removed; the window station
 * and the desktop are enumerated (WinSta0, Default); WinEvent hooks, in
 * and out of context, get the events of their range (NotifyWinEvent);
 * DestroyWindow
 * sends WM_DESTROY and the handle goes invalid.
 */
#include <windows.h>

#include "tap.h"

#define WM_KEEP_PING (WM_APP + 1)
#define WM_KEEP_POST (WM_APP + 2)

static int created, destroyed, pings, ticks;
static int callwnd_pings, getmsg_posts;

/* WH_CALLWNDPROC: sees messages sent to a window before its procedure. */
static LRESULT CALLBACK callwnd_hook(int code, WPARAM wp, LPARAM lp)
{
    const CWPSTRUCT *cwp = (const CWPSTRUCT *)lp;
    if (code == HC_ACTION && cwp->message == WM_KEEP_PING && cwp->wParam == 40)
        callwnd_pings++;
    return CallNextHookEx(NULL, code, wp, lp);
}

/* WH_GETMESSAGE: sees messages GetMessage takes from the queue. */
static LRESULT CALLBACK getmsg_hook(int code, WPARAM wp, LPARAM lp)
{
    const MSG *msg = (const MSG *)lp;
    if (code == HC_ACTION && wp == PM_REMOVE && msg->message == WM_KEEP_POST)
        getmsg_posts++;
    return CallNextHookEx(NULL, code, wp, lp);
}
static WPARAM posted[8];
static int posted_count;

static LRESULT CALLBACK wndproc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    switch (msg) {
    case WM_CREATE:
        created++;
        return 0;
    case WM_DESTROY:
        destroyed++;
        return 0;
    case WM_KEEP_PING:
        pings++;
        return (LRESULT)(wp + lp);
    case WM_TIMER:
        if (wp == 7)
            ticks++;
        return 0;
    case WM_KEEP_POST:
        if (posted_count < (int)ARRAYSIZE(posted))
            posted[posted_count++] = wp;
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

/* A 20 ms window timer ticks three times, then stops when killed. */
struct seen_props {
    ATOM atom;
    int named, by_atom;
};

static BOOL CALLBACK enum_prop(HWND hwnd, LPWSTR name, HANDLE data, ULONG_PTR param)
{
    struct seen_props *seen = (struct seen_props *)param;

    (void)hwnd;
    if (!IS_INTRESOURCE(name) && !lstrcmpW(name, L"keep.named") && data == (HANDLE)7)
        seen->named++;
    /* the one set by atom: its atom (as Windows gives it) or its name */
    if (data == (HANDLE)9 && (IS_INTRESOURCE(name) ? LOWORD(name) == seen->atom
                                                  : !lstrcmpW(name, L"keep.by-atom")))
        seen->by_atom++;
    return TRUE;
}

static void check_properties(HWND hwnd)
{
    ATOM atom = GlobalAddAtomW(L"keep.by-atom");
    struct seen_props seen = { atom, 0, 0 };

    OK(SetPropW(hwnd, L"keep.named", (HANDLE)7) && SetPropW(hwnd, (LPCWSTR)(ULONG_PTR)atom, (HANDLE)9),
       "SetProp by name and by atom");
    OK(GetPropW(hwnd, L"keep.named") == (HANDLE)7 && GetPropW(hwnd, L"keep.by-atom") == (HANDLE)9,
       "GetProp finds both by name");
    EnumPropsExW(hwnd, enum_prop, (LPARAM)&seen);
    OKF(seen.named == 1 && seen.by_atom == 1,
        "EnumPropsEx lists both with their data", "%d %d", seen.named,
        seen.by_atom);
    OK(RemovePropW(hwnd, L"keep.named") == (HANDLE)7 && !GetPropW(hwnd, L"keep.named"),
       "RemoveProp returns the data and the property is gone");
    RemovePropW(hwnd, (LPCWSTR)(ULONG_PTR)atom);
    GlobalDeleteAtom(atom);
}

static int incontext_events, outofcontext_events, outofcontext_during;
static HWND event_hwnd;
static LONG event_object;

static void CALLBACK incontext_hook(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG object,
                                    LONG child, DWORD tid, DWORD time)
{
    (void)hook, (void)child, (void)tid, (void)time;
    if (event == EVENT_OBJECT_NAMECHANGE) {
        incontext_events++;
        event_hwnd = hwnd;
        event_object = object;
    }
}

static void CALLBACK outofcontext_hook(HWINEVENTHOOK hook, DWORD event, HWND hwnd, LONG object,
                                       LONG child, DWORD tid, DWORD time)
{
    (void)hook, (void)hwnd, (void)object, (void)child, (void)tid, (void)time;
    if (event == EVENT_OBJECT_NAMECHANGE && tid == GetCurrentThreadId())
        outofcontext_events++;
}

static void check_winevents(HWND hwnd)
{
    MSG msg;
    HWINEVENTHOOK in = SetWinEventHook(EVENT_OBJECT_NAMECHANGE, EVENT_OBJECT_NAMECHANGE,
                                       GetModuleHandleW(NULL), incontext_hook, 0, 0,
                                       WINEVENT_INCONTEXT);
    HWINEVENTHOOK out = SetWinEventHook(EVENT_OBJECT_CREATE, EVENT_OBJECT_NAMECHANGE, NULL,
                                        outofcontext_hook, 0, 0, WINEVENT_OUTOFCONTEXT);

    OK(in && out, "SetWinEventHook, in and out of context");
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
    incontext_events = outofcontext_events = 0;
    NotifyWinEvent(EVENT_OBJECT_NAMECHANGE, hwnd, OBJID_WINDOW, CHILDID_SELF);
    outofcontext_during = outofcontext_events;
    OKF(incontext_events == 1 && event_hwnd == hwnd && event_object == OBJID_WINDOW,
        "the in-context hook is called inside NotifyWinEvent", "%d", incontext_events);
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
    OKF(outofcontext_events == 1, "the out-of-context hook is called from the message loop",
        "%d (%d during)", outofcontext_events, outofcontext_during);
    NotifyWinEvent(EVENT_SYSTEM_FOREGROUND, hwnd, OBJID_WINDOW, CHILDID_SELF);
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
    OK(incontext_events == 1 && outofcontext_events == 1, "an event outside their ranges reaches neither");
    OK(UnhookWinEvent(in) && UnhookWinEvent(out), "UnhookWinEvent");
    NotifyWinEvent(EVENT_OBJECT_NAMECHANGE, hwnd, OBJID_WINDOW, CHILDID_SELF);
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
    OK(incontext_events == 1 && outofcontext_events == 1, "unhooked, they see nothing more");
}

struct wanted {
    const WCHAR *name;
    int found;
};

static BOOL CALLBACK enum_name(LPWSTR name, LPARAM param)
{
    struct wanted *w = (struct wanted *)param;

    if (!lstrcmpiW(name, w->name))
        w->found++;
    return TRUE;
}

/* EnumWindowStations and EnumDesktops find the ones in use. */
static void check_enum_stations(void)
{
    struct wanted ws = { L"WinSta0", 0 }, desk = { L"Default", 0 };

    OK(EnumWindowStationsW(enum_name, (LPARAM)&ws) && ws.found == 1,
       "EnumWindowStations lists WinSta0");
    OK(EnumDesktopsW(GetProcessWindowStation(), enum_name, (LPARAM)&desk) && desk.found == 1,
       "EnumDesktops lists Default");
}

static void run_timer(HWND hwnd)
{
    double start = tap_now_ms(), elapsed;
    MSG msg;
    int late = 0;

    OKF(SetTimer(hwnd, 7, 20, NULL) == 7, "SetTimer (window timer 7, 20 ms)", "%lu",
        GetLastError());
    while (ticks < 3 && GetMessageW(&msg, NULL, 0, 0) > 0)
        DispatchMessageW(&msg);
    elapsed = tap_now_ms() - start;
    OKF(ticks == 3 && elapsed >= 50, "WM_TIMER arrives, a period apart", "ticks=%d in %.1f ms",
        ticks, elapsed);
    OK(KillTimer(hwnd, 7), "KillTimer");
    OK(!KillTimer(hwnd, 7), "KillTimer of a killed timer fails");
    Sleep(80);
    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        late += msg.message == WM_TIMER;
    OKF(late == 0, "no WM_TIMER after KillTimer", "%d late", late);
}

static void run_message_loop(HWND hwnd)
{
    MSG msg;
    BOOL r;
    int quit = 0, loops = 0;

    OK(PostMessageW(hwnd, WM_KEEP_POST, 1, 0), "PostMessage 1");
    OK(PostMessageW(hwnd, WM_KEEP_POST, 2, 0), "PostMessage 2");
    OK(PostMessageW(hwnd, WM_KEEP_POST, 3, 0), "PostMessage 3");
    PostQuitMessage(42);
    while ((r = GetMessageW(&msg, NULL, 0, 0)) > 0 && loops++ < 1000) {
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    if (r == 0 && msg.message == WM_QUIT)
        quit = (int)msg.wParam;
    OKF(r == 0 && quit == 42, "GetMessage ends with the posted WM_QUIT (42)",
        "r=%d message=%#x wParam=%d", (int)r, msg.message, quit);
    OKF(posted_count == 3 && posted[0] == 1 && posted[1] == 2 && posted[2] == 3,
        "posted messages dispatched in order", "count=%d [%d %d %d]", posted_count,
        (int)posted[0], (int)posted[1], (int)posted[2]);
}

int main(void)
{
    static const WCHAR class_name[] = L"KeepGuiTest";
    WNDCLASSW wc = { 0 };
    WCHAR text[64] = { 0 };
    HWND desktop, hwnd;
    ATOM atom;
    LRESULT lr;

    desktop = GetDesktopWindow();
    OKF(desktop != NULL, "GetDesktopWindow", "NULL");
    OK(IsWindow(desktop), "the desktop is a window");

    wc.lpfnWndProc = wndproc;
    wc.hInstance = GetModuleHandleW(NULL);
    wc.lpszClassName = class_name;
    atom = RegisterClassW(&wc);
    OK(atom != 0, "RegisterClassW");

    hwnd = CreateWindowExW(0, class_name, L"keep window", WS_OVERLAPPEDWINDOW, 10, 20, 300, 200,
                           NULL, NULL, wc.hInstance, NULL);
    if (!OK(hwnd != NULL, "CreateWindowExW (top-level)"))
        return tap_done();
    OKF(created == 1, "WM_CREATE reached the window procedure", "created=%d", created);
    OK(IsWindow(hwnd), "IsWindow");
    OKF(GetParent(hwnd) == NULL && GetAncestor(hwnd, GA_PARENT) == desktop,
        "a top-level window's parent is the desktop", "ancestor=%p", GetAncestor(hwnd, GA_PARENT));
    OK(GetWindowTextW(hwnd, text, ARRAYSIZE(text)) == 11 && !lstrcmpW(text, L"keep window"),
       "the window text from CreateWindowExW");
    OK(SetWindowTextW(hwnd, L"renamed"), "SetWindowTextW");
    OK(GetWindowTextW(hwnd, text, ARRAYSIZE(text)) == 7 && !lstrcmpW(text, L"renamed"),
       "GetWindowTextW reads the new text");
    OKF(GetWindowTextLengthW(hwnd) == 7, "GetWindowTextLengthW", "%d",
        GetWindowTextLengthW(hwnd));

    ShowWindow(hwnd, SW_SHOW);
    OKF(SetForegroundWindow(hwnd) && GetForegroundWindow() == hwnd,
        "SetForegroundWindow makes it the foreground window", "%p", GetForegroundWindow());
    OKF(GetActiveWindow() == hwnd, "the foreground window is the thread's active window", "%p",
        GetActiveWindow());
    SetFocus(hwnd);
    OKF(GetFocus() == hwnd, "SetFocus gives it the focus", "%p", GetFocus());

    HHOOK cw = SetWindowsHookExW(WH_CALLWNDPROC, callwnd_hook, NULL, GetCurrentThreadId());
    OK(cw != NULL, "SetWindowsHookEx(WH_CALLWNDPROC) for this thread");
    lr = SendMessageW(hwnd, WM_KEEP_PING, 40, 2);
    OKF(lr == 42 && pings == 1, "SendMessage runs the procedure and returns its result",
        "lr=%ld pings=%d", (long)lr, pings);
    OKF(callwnd_pings == 1, "the WH_CALLWNDPROC hook saw the sent message", "%d", callwnd_pings);
    OK(UnhookWindowsHookEx(cw), "UnhookWindowsHookEx");
    SendMessageW(hwnd, WM_KEEP_PING, 40, 2);
    OKF(callwnd_pings == 1 && pings == 2, "an unhooked hook sees nothing more", "%d %d",
        callwnd_pings, pings);
    OK(!UnhookWindowsHookEx(cw), "unhooking twice fails");

    run_timer(hwnd);
    check_properties(hwnd);
    check_enum_stations();
    check_winevents(hwnd);
    HHOOK gm = SetWindowsHookExW(WH_GETMESSAGE, getmsg_hook, NULL, GetCurrentThreadId());
    OK(gm != NULL, "SetWindowsHookEx(WH_GETMESSAGE) for this thread");
    run_message_loop(hwnd);
    OKF(getmsg_posts == 3, "the WH_GETMESSAGE hook saw the three posted messages", "%d",
        getmsg_posts);
    OK(UnhookWindowsHookEx(gm), "UnhookWindowsHookEx(WH_GETMESSAGE)");

    OK(DestroyWindow(hwnd), "DestroyWindow");
    OKF(destroyed == 1, "WM_DESTROY reached the window procedure", "destroyed=%d", destroyed);
    OK(!IsWindow(hwnd), "the destroyed handle is no window");
    OK(UnregisterClassW(class_name, wc.hInstance), "UnregisterClassW");
    return tap_done();
}

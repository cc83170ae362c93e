/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gui_clipboard.c - the clipboard and the caret inside one process on
 * keep: OpenClipboard/EmptyClipboard/SetClipboardData/CloseClipboard,
 * the owner and the sequence number, text formats synthesized from
 * CF_UNICODETEXT, a registered private format, EnumClipboardFormats and
 * CountClipboardFormats, delayed rendering (WM_RENDERFORMAT), a format
 * listener's WM_CLIPBOARDUPDATE, another thread kept out while it is
 * open; and the caret: CreateCaret, SetCaretPos/GetCaretPos,
 * ShowCaret/HideCaret, GetGUIThreadInfo, an EDIT control's caret.
 */
#include <windows.h>

#include "tap.h"

static UINT private_format;
static int updates, renders;

static HGLOBAL global_copy(const void *data, SIZE_T size)
{
    HGLOBAL h = GlobalAlloc(GMEM_MOVEABLE, size);
    void *p = h ? GlobalLock(h) : NULL;

    if (!p)
        return NULL;
    memcpy(p, data, size);
    GlobalUnlock(h);
    return h;
}

static LRESULT CALLBACK proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp)
{
    if (msg == WM_CLIPBOARDUPDATE)
        updates++;
    if (msg == WM_RENDERFORMAT && wp == CF_UNICODETEXT) {
        renders++;
        SetClipboardData(CF_UNICODETEXT, global_copy(L"rendered late", sizeof(L"rendered late")));
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

static void pump(void)
{
    MSG msg;

    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
}

static DWORD WINAPI try_open(void *arg)
{
    (void)arg;
    return OpenClipboard(NULL);
}

static BOOL has_formats(const UINT *want, int n)
{
    UINT f = 0;
    int seen = 0, count = 0;

    while ((f = EnumClipboardFormats(f))) {
        count++;
        for (int i = 0; i < n; i++)
            seen += f == want[i];
    }
    return seen == n && count == n;
}

static void check_clipboard(HWND hwnd)
{
    static const char bytes[] = { 1, 2, 3, 4, 5 };
    DWORD seq = GetClipboardSequenceNumber();

    private_format = RegisterClipboardFormatW(L"keep private format");
    OK(private_format >= 0xc000, "RegisterClipboardFormat");
    OK(AddClipboardFormatListener(hwnd), "AddClipboardFormatListener");
    OK(OpenClipboard(hwnd) && GetOpenClipboardWindow() == hwnd, "OpenClipboard");
    OK(EmptyClipboard() && GetClipboardOwner() == hwnd, "EmptyClipboard makes the window the owner");
    OK(SetClipboardData(CF_UNICODETEXT, global_copy(L"hello keep", sizeof(L"hello keep"))) != NULL,
       "SetClipboardData(CF_UNICODETEXT)");
    OK(SetClipboardData(private_format, global_copy(bytes, sizeof(bytes))) != NULL,
       "SetClipboardData of the private format");
    HANDLE other = CreateThread(NULL, 0, try_open, NULL, 0, NULL);
    DWORD opened = 1;
    WaitForSingleObject(other, 5000);
    GetExitCodeThread(other, &opened);
    CloseHandle(other);
    OK(!opened, "another thread cannot open it meanwhile");
    OK(CloseClipboard(), "CloseClipboard");
    OKF(GetClipboardSequenceNumber() > seq, "the sequence number grew", "%lu -> %lu", seq,
        GetClipboardSequenceNumber());
    pump();
    OKF(updates >= 1, "the listener got WM_CLIPBOARDUPDATE", "%d", updates);

    OK(IsClipboardFormatAvailable(CF_UNICODETEXT) && IsClipboardFormatAvailable(private_format),
       "the formats set are available");
    OK(IsClipboardFormatAvailable(CF_TEXT) && IsClipboardFormatAvailable(CF_OEMTEXT) &&
           IsClipboardFormatAvailable(CF_LOCALE),
       "CF_TEXT, CF_OEMTEXT and CF_LOCALE are synthesized");
    OK(!IsClipboardFormatAvailable(CF_BITMAP), "CF_BITMAP is not");
    OKF(CountClipboardFormats() == 5, "CountClipboardFormats", "%d", CountClipboardFormats());
    SetLastError(0);
    OK(!GetClipboardData(CF_UNICODETEXT) && GetLastError() == ERROR_CLIPBOARD_NOT_OPEN,
       "GetClipboardData needs the clipboard open");

    OK(OpenClipboard(NULL), "OpenClipboard with no window");
    UINT want[] = { CF_UNICODETEXT, private_format, CF_LOCALE, CF_TEXT, CF_OEMTEXT };
    OK(has_formats(want, 5), "EnumClipboardFormats lists the five");
    HANDLE h = GetClipboardData(CF_UNICODETEXT);
    const WCHAR *w = h ? GlobalLock(h) : NULL;
    OK(w && !lstrcmpW(w, L"hello keep"), "GetClipboardData(CF_UNICODETEXT) gives the text back");
    if (w)
        GlobalUnlock(h);
    h = GetClipboardData(CF_TEXT);
    const char *a = h ? GlobalLock(h) : NULL;
    OK(a && !lstrcmpA(a, "hello keep"), "CF_TEXT is the same text, converted");
    if (a)
        GlobalUnlock(h);
    h = GetClipboardData(private_format);
    const char *b = h ? GlobalLock(h) : NULL;
    OK(b && GlobalSize(h) >= sizeof(bytes) && !memcmp(b, bytes, sizeof(bytes)),
       "the private format's bytes");
    if (b)
        GlobalUnlock(h);
    CloseClipboard();

    /* delayed rendering: the owner makes the data when it is asked for */
    OpenClipboard(hwnd);
    EmptyClipboard();
    SetClipboardData(CF_UNICODETEXT, NULL);
    CloseClipboard();
    OpenClipboard(NULL);
    h = GetClipboardData(CF_UNICODETEXT);
    w = h ? GlobalLock(h) : NULL;
    OKF(renders == 1 && w && !lstrcmpW(w, L"rendered late"),
        "a delayed format is rendered by its owner on WM_RENDERFORMAT", "%d renders", renders);
    if (w)
        GlobalUnlock(h);
    CloseClipboard();

    OpenClipboard(hwnd);
    EmptyClipboard();
    CloseClipboard();
    OK(CountClipboardFormats() == 0 && !IsClipboardFormatAvailable(CF_UNICODETEXT),
       "EmptyClipboard leaves nothing");
    OK(RemoveClipboardFormatListener(hwnd) && !RemoveClipboardFormatListener(hwnd),
       "RemoveClipboardFormatListener, once");
}

static void check_caret(HWND hwnd)
{
    GUITHREADINFO info;
    POINT pt = { -1, -1 };

    memset(&info, 0, sizeof(info));
    info.cbSize = sizeof(info);

    OK(CreateCaret(hwnd, NULL, 2, 16), "CreateCaret");
    OK(GetCaretPos(&pt) && pt.x == 0 && pt.y == 0, "a new caret is at 0,0");
    OK(SetCaretPos(10, 20) && GetCaretPos(&pt) && pt.x == 10 && pt.y == 20,
       "SetCaretPos / GetCaretPos");
    OKF(GetGUIThreadInfo(GetCurrentThreadId(), &info) && info.hwndCaret == hwnd &&
            info.rcCaret.left == 10 && info.rcCaret.top == 20 && info.rcCaret.right == 12 &&
            info.rcCaret.bottom == 36,
        "GetGUIThreadInfo: the caret's window and rectangle", "%p %ld,%ld-%ld,%ld",
        (void *)info.hwndCaret, info.rcCaret.left, info.rcCaret.top, info.rcCaret.right,
        info.rcCaret.bottom);
    OK(ShowCaret(hwnd) && HideCaret(hwnd), "ShowCaret, HideCaret");
    HWND other = CreateWindowW(L"keep_clip", NULL, WS_OVERLAPPEDWINDOW, 0, 0, 50, 50, NULL, NULL,
                               NULL, NULL);
    OK(!ShowCaret(other), "ShowCaret on a window without the caret fails");
    DestroyWindow(other);
    OK(DestroyCaret(), "DestroyCaret");
    OK(GetGUIThreadInfo(GetCurrentThreadId(), &info) && !info.hwndCaret, "no caret any more");

    HWND edit = CreateWindowW(L"EDIT", L"text", WS_CHILD | WS_VISIBLE, 10, 10, 100, 20, hwnd, NULL,
                              NULL, NULL);
    SetFocus(edit);
    SendMessageW(edit, EM_SETSEL, 4, 4);
    OK(GetGUIThreadInfo(GetCurrentThreadId(), &info) && info.hwndCaret == edit &&
           info.rcCaret.left > 0,
       "a focused EDIT control has the caret, after its text");
    DestroyWindow(edit);
}

int main(void)
{
    WNDCLASSW wc = { 0 };

    wc.lpfnWndProc = proc;
    wc.lpszClassName = L"keep_clip";
    OK(RegisterClassW(&wc), "RegisterClass");
    HWND hwnd = CreateWindowW(L"keep_clip", L"clipboard", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0,
                              300, 200, NULL, NULL, NULL, NULL);
    OK(hwnd != NULL, "a window");
    check_clipboard(hwnd);
    check_caret(hwnd);
    OK(DestroyWindow(hwnd), "DestroyWindow");
    return tap_done();
}

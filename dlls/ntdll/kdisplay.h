/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kdisplay.h - keep's display driver for win32u.so (`keep run --rdp`,
 * docs/gui.md): window surfaces composed into the shared display region
 * that the monitor's RDP server serves (kdisplay.c), and the input that
 * comes back from it (kinput.c), injected as hardware messages (hwinput.c);
 * the pointer shape (kcursor.c).
 */
#ifndef KEEP_KDISPLAY_H
#define KEEP_KDISPLAY_H

#include "user.h"

struct display;

/* BITMAPINFOHEADER (Wine's and Windows' layout): the DIBs the driver
 * hands win32u and reads from it. */
struct bitmap_info_header {
    DWORD biSize;
    LONG biWidth, biHeight;
    WORD biPlanes, biBitCount;
    DWORD biCompression, biSizeImage;
    LONG biXPelsPerMeter, biYPelsPerMeter;
    DWORD biClrUsed, biClrImportant;
};

/* win32u.so was loaded: when the monitor gave a display region
 * ("display:"), map it, register the driver with the library's
 * __wine_set_user_driver and start the input thread.  Without one nothing
 * changes: win32u's null driver runs headless. */
struct elf_library;
void kdisplay_install(struct elf_library *win32u);

/* Snapshots: the input thread is a service thread: 1 if it runs (it is
 * told to come to its service point), else 0.  kinput_resumed: it is
 * gone in a resumed process. */
unsigned kinput_service_threads(void);
void kinput_resumed(void);
/* In a resumed process with a display: the new monitor's region over the
 * old one's addresses (same size: the program's screen), redrawn whole,
 * and the input thread again; without one (or of another size) the
 * region's saved copy stays, private, and the program runs headless. */
void kdisplay_resumed(void);

/* The mapped region, or NULL without a display. */
struct display *kdisplay_region(void);

/* The desktop the display shows (the first one a window was placed on;
 * referenced by the driver), or NULL before any. */
struct kdesktop *kdisplay_desktop(void);

/* The program moved the pointer (SetCursorPos): clients are told. */
void kdisplay_warp(int x, int y);
/* A new pointer shape (straight-alpha ARGB, width 0: hidden) for the clients. */
void kdisplay_set_pointer(uint32_t w, uint32_t h, uint32_t hot_x, uint32_t hot_y, const uint32_t *argb);

/* kcursor.c: find win32u.so's cursor functions (0, or -1: no pointer
 * shapes); the driver's SetCursor. */
int kcursor_init(struct elf_library *win32u);
void kcursor_set(void *cursor);

/* SendInput's INPUT without its type's padding: Wine 8.0's hw_input_t
 * (server/protocol.def), the send_hardware_message request's. */
typedef union {
    int type;
    struct { int type; unsigned short vkey, scan; unsigned int flags, time; lparam_t info; } kbd;
    struct { int type; int x, y; unsigned int data, flags, time; lparam_t info; } mouse;
} hw_input_t;
_Static_assert(sizeof(hw_input_t) == 32, "hw_input_t");
enum { INPUT_MOUSE = 0, INPUT_KEYBOARD = 1 };
#define KEYEVENTF_EXTENDEDKEY 0x1
#define KEYEVENTF_KEYUP 0x2
#define KEYEVENTF_UNICODE 0x4
#define MOUSEEVENTF_MOVE 0x1
#define MOUSEEVENTF_LEFTDOWN 0x2
#define MOUSEEVENTF_LEFTUP 0x4
#define MOUSEEVENTF_RIGHTDOWN 0x8
#define MOUSEEVENTF_RIGHTUP 0x10
#define MOUSEEVENTF_MIDDLEDOWN 0x20
#define MOUSEEVENTF_MIDDLEUP 0x40
#define MOUSEEVENTF_XDOWN 0x80
#define MOUSEEVENTF_XUP 0x100
#define MOUSEEVENTF_WHEEL 0x800
#define MOUSEEVENTF_HWHEEL 0x1000
#define MOUSEEVENTF_ABSOLUTE 0x8000
#define VK_LSHIFT 0xa0
#define VK_RSHIFT 0xa1
#define VK_LCONTROL 0xa2
#define VK_RCONTROL 0xa3
#define VK_LMENU 0xa4
#define VK_RMENU 0xa5

/* hwinput.c: keyboard and mouse input, as send_hardware_message takes it
 * (a message per key, per button, per wheel, to the window it goes to);
 * the cursor position. */
NTSTATUS hwinput_keyboard(const hw_input_t *in);
NTSTATUS hwinput_mouse(const hw_input_t *in);
void hwinput_cursor(int *x, int *y);

/* kinput.c: start the thread that reads the region's input ring. */
NTSTATUS kinput_start(void);
/* get_message's hardware part (sync lock held): 1 and the reply filled
 * with the thread's next hardware message, or 0. */
int hwinput_take_locked(uint32_t tid, const struct get_message_request *req, struct get_message_reply *reply,
                        struct server_call *call);
/* The thread's hardware messages go (it ended). */
void hwinput_thread_exit(uint32_t tid);

/* msgqueue.c: set or clear wake bits of thread tid's queue. */
NTSTATUS queue_set_bits_tid(uint32_t tid, unsigned bits);
NTSTATUS queue_clear_input_bits_tid(uint32_t tid, unsigned bits);

#endif /* KEEP_KDISPLAY_H */

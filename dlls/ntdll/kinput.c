/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kinput.c - the display's input thread: it sleeps on the display
 * region's input ring (the RDP clients' keys and mouse, pushed by the
 * server's process) and turns each event into the input SendInput would
 * give, for hwinput.c: scancodes become virtual keys (a US layout table),
 * unicode events VK_PACKET characters, motion, buttons and wheels mouse
 * input at the event's position.  The events come from another process:
 * unknown types and buttons are dropped, positions clamped.
 */
#include "kdisplay.h"
#include "rdp/display.h"

/* Set 1 scan codes (US layout) to virtual keys; E0-prefixed ones below. */
static const unsigned char scan_to_vk[0x59] = {
    0, 0x1b, '1', '2', '3', '4', '5', '6', '7', '8', '9', '0', 0xbd, 0xbb, 0x08, 0x09,
    'Q', 'W', 'E', 'R', 'T', 'Y', 'U', 'I', 'O', 'P', 0xdb, 0xdd, 0x0d, VK_LCONTROL, 'A', 'S',
    'D', 'F', 'G', 'H', 'J', 'K', 'L', 0xba, 0xde, 0xc0, VK_LSHIFT, 0xdc, 'Z', 'X', 'C', 'V',
    'B', 'N', 'M', 0xbc, 0xbe, 0xbf, VK_RSHIFT, 0x6a, VK_LMENU, 0x20, 0x14, 0x70, 0x71, 0x72, 0x73, 0x74,
    0x75, 0x76, 0x77, 0x78, 0x79, 0x90, 0x91, 0x67, 0x68, 0x69, 0x6d, 0x64, 0x65, 0x66, 0x6b, 0x61,
    0x62, 0x63, 0x60, 0x6e, 0, 0, 0xe2, 0x7a, 0x7b,
};
static const struct { unsigned char scan, vk; } extended_vk[] = {
    { 0x1c, 0x0d }, { 0x1d, VK_RCONTROL }, { 0x35, 0x6f }, { 0x37, 0x2c }, { 0x38, VK_RMENU },
    { 0x47, 0x24 }, { 0x48, 0x26 }, { 0x49, 0x21 }, { 0x4b, 0x25 }, { 0x4d, 0x27 }, { 0x4f, 0x23 },
    { 0x50, 0x28 }, { 0x51, 0x22 }, { 0x52, 0x2d }, { 0x53, 0x2e }, { 0x5b, 0x5b }, { 0x5c, 0x5c },
    { 0x5d, 0x5d },
};

static unsigned vk_of_scan(unsigned code)
{
    unsigned scan = code & 0xff;

    if (!(code & DISPLAY_KEY_EXTENDED))
        return scan < sizeof(scan_to_vk) ? scan_to_vk[scan] : 0;
    for (unsigned i = 0; i < sizeof(extended_vk) / sizeof(extended_vk[0]); i++)
        if (extended_vk[i].scan == scan)
            return extended_vk[i].vk;
    return 0;
}

/* One event of an RDP client, as SendInput would give it. */
static void inject(const struct display_event *ev)
{
    static const unsigned button_flags[][2] = {
        { 0, 0 }, { MOUSEEVENTF_LEFTDOWN, MOUSEEVENTF_LEFTUP }, { MOUSEEVENTF_RIGHTDOWN, MOUSEEVENTF_RIGHTUP },
        { MOUSEEVENTF_MIDDLEDOWN, MOUSEEVENTF_MIDDLEUP }, { MOUSEEVENTF_XDOWN, MOUSEEVENTF_XUP },
        { MOUSEEVENTF_XDOWN, MOUSEEVENTF_XUP },
    };
    int down = (ev->flags & DISPLAY_EV_DOWN) != 0, cx, cy;
    hw_input_t in;

    memset(&in, 0, sizeof(in));
    switch (ev->type) {
    case DISPLAY_EV_KEY:
        in.type = INPUT_KEYBOARD;
        if (!(in.kbd.vkey = (unsigned short)vk_of_scan((unsigned)ev->code)))
            return;
        in.kbd.scan = (unsigned short)(ev->code & 0xff);
        in.kbd.flags = (ev->code & DISPLAY_KEY_EXTENDED ? KEYEVENTF_EXTENDEDKEY : 0) | (down ? 0 : KEYEVENTF_KEYUP);
        hwinput_keyboard(&in);
        return;
    case DISPLAY_EV_UNICODE:
        in.type = INPUT_KEYBOARD;
        in.kbd.scan = (unsigned short)ev->code;
        in.kbd.flags = KEYEVENTF_UNICODE | (down ? 0 : KEYEVENTF_KEYUP);
        hwinput_keyboard(&in);
        return;
    case DISPLAY_EV_MOTION:
    case DISPLAY_EV_BUTTON:
        in.type = INPUT_MOUSE;
        hwinput_cursor(&cx, &cy);
        /* relative: exact whatever the screen size; the event's position is
         * clamped first (it comes from another process) */
        in.mouse.x = (ev->x < 0 ? 0 : ev->x > 0xffff ? 0xffff : ev->x) - cx;
        in.mouse.y = (ev->y < 0 ? 0 : ev->y > 0xffff ? 0xffff : ev->y) - cy;
        in.mouse.flags = MOUSEEVENTF_MOVE;
        if (ev->type == DISPLAY_EV_BUTTON && ev->code >= 1 && ev->code <= 5) {
            in.mouse.flags |= button_flags[ev->code][down ? 0 : 1];
            in.mouse.data = ev->code == DISPLAY_BUTTON_X1 ? 1 : ev->code == DISPLAY_BUTTON_X2 ? 2 : 0;
        }
        hwinput_mouse(&in);
        return;
    case DISPLAY_EV_WHEEL:
        in.type = INPUT_MOUSE;
        in.mouse.flags = ev->flags & DISPLAY_EV_HWHEEL ? MOUSEEVENTF_HWHEEL : MOUSEEVENTF_WHEEL;
        in.mouse.data = (unsigned)ev->code;
        hwinput_mouse(&in);
        return;
    default:
        return;     /* an event this kernel does not know: the other side is not trusted */
    }
}

static volatile uint32_t input_running;

/* The input thread runs kernel code only; it gets a stand-in TEB (arg),
 * as the timer thread does.  A service thread for snapshots: it parks
 * between rounds. */
static void input_thread_main(void *arg)
{
    struct display *disp = kdisplay_region();
    struct display_event ev;

    host_thread_set_teb(arg);
    __atomic_store_n(&input_running, 1, __ATOMIC_RELEASE);
    for (;;) {
        snapshot_service_point();
        snapshot_service_enter();
        while (display_input_pop(disp, &ev) == 1)
            inject(&ev);
        snapshot_service_leave();
        display_input_wait(disp, -1);
    }
}

unsigned kinput_service_threads(void)
{
    if (!__atomic_load_n(&input_running, __ATOMIC_ACQUIRE) || !kdisplay_region())
        return 0;
    display_input_kick(kdisplay_region());   /* out of its wait, to its service point */
    return 1;
}

void kinput_resumed(void)
{
    __atomic_store_n(&input_running, 0, __ATOMIC_RELEASE);   /* the thread is gone */
}

NTSTATUS kinput_start(void)
{
    const size_t stack_size = 0x20000;
    void *stack = NULL;
    TEB *teb;

    if (!(teb = kzalloc(sizeof(TEB))))
        return STATUS_NO_MEMORY;
    teb->Tib.Self = &teb->Tib;
    if (host_vm_reserve(&stack, stack_size, HOST_VM_TOP_DOWN) < 0 ||
        host_vm_commit(stack, stack_size, HOST_PROT_READ | HOST_PROT_WRITE) < 0 ||
        host_thread_create(input_thread_main, teb, stack, stack_size, NULL) < 0)
        return STATUS_NO_MEMORY;
    return STATUS_SUCCESS;
}

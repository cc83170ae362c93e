/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * kdisplay.c - keep's display driver for Wine's win32u.so: what winex11
 * is to Wine, drawing into the display region that the monitor serves
 * over RDP (`keep run --rdp`; docs/gui.md, docs/rdp.md).
 *
 * The kernel registers it with win32u.so's own __wine_set_user_driver as
 * soon as the library is loaded, before win32u would look for a driver,
 * so win32u never loads the null driver.  Each visible top-level window
 * gets a window surface of its own (memory the DIB engine draws into,
 * exactly as on Wine); a flush recomposes the flushed rectangle of the
 * screen from the desktop colour and every top-level window that covers
 * it, bottom of the Z order first, and queues that rectangle as damage.
 * Child windows draw into their top-level window's surface, as in Wine.
 * Composing from whole surfaces makes overlapping windows right without
 * clipping regions: what a window covers is simply painted over.
 *
 * The desktop is the region's size: one monitor, 32 bits per pixel,
 * reported through UpdateDisplayDevices and GetCurrentDisplaySettings.
 *
 * Struct layouts and the table's order are Wine 8.0's
 * (include/wine/gdi_driver.h, WINE_GDI_DRIVER_VERSION 81): facts its
 * binaries depend on, declared here.
 */
#include <errno.h>

#include "elfload.h"
#include "kdisplay.h"
#include "rdp/display_region.h"

#define WINE_GDI_DRIVER_VERSION 81
#define DESKTOP_COLOR 0x00204e74u   /* BGRX: a dark teal behind the windows */

/* ---- Wine 8.0's layouts ------------------------------------------------------------------------ */

typedef struct { LONG left, top, right, bottom; } WRECT;
typedef void *HWND_;

struct wine_list { struct wine_list *next, *prev; };

struct window_surface;
struct window_surface_funcs {
    void (*lock)(struct window_surface *);
    void (*unlock)(struct window_surface *);
    void *(*get_info)(struct window_surface *, void *bitmapinfo);
    WRECT *(*get_bounds)(struct window_surface *);
    void (*set_region)(struct window_surface *, void *hrgn);
    void (*flush)(struct window_surface *);
    void (*destroy)(struct window_surface *);
};
struct window_surface {
    const struct window_surface_funcs *funcs;
    struct wine_list entry;       /* win32u's list */
    LONG ref;
    WRECT rect;                   /* in window coordinates (of the visible rectangle) */
};

struct gdi_gpu {
    ULONG_PTR id;
    WCHAR name[128];
    UINT vendor_id, device_id, subsys_id, revision_id;
    GUID vulkan_uuid;
};
struct gdi_adapter {
    ULONG_PTR id;
    DWORD state_flags;
};
struct gdi_monitor {
    WCHAR name[128];
    WRECT rc_monitor, rc_work;
    DWORD state_flags;
    unsigned char *edid;
    UINT edid_len;
};
struct gdi_device_manager {
    void (*add_gpu)(const struct gdi_gpu *, void *param);
    void (*add_adapter)(const struct gdi_adapter *, void *param);
    void (*add_monitor)(const struct gdi_monitor *, void *param);
    void (*add_mode)(const void *devmode, void *param);
};

/* DEVMODEW: 220 bytes; the display fields this driver sets. */
struct devmodew {
    WCHAR dmDeviceName[32];
    WORD dmSpecVersion, dmDriverVersion, dmSize, dmDriverExtra;
    DWORD dmFields;
    LONG dmPositionX, dmPositionY;
    DWORD dmDisplayOrientation, dmDisplayFixedOutput;
    short dmColor, dmDuplex, dmYResolution, dmTTOption, dmCollate;
    WCHAR dmFormName[32];
    WORD dmLogPixels;
    DWORD dmBitsPerPel, dmPelsWidth, dmPelsHeight, dmDisplayFlags, dmDisplayFrequency;
    DWORD dmICMMethod, dmICMIntent, dmMediaType, dmDitherType, dmReserved1, dmReserved2;
    DWORD dmPanningWidth, dmPanningHeight;
};
_Static_assert(sizeof(struct devmodew) == 220, "DEVMODEW");
_Static_assert(__builtin_offsetof(struct devmodew, dmBitsPerPel) == 168, "DEVMODEW.dmBitsPerPel");
_Static_assert(sizeof(struct gdi_gpu) == 296 && sizeof(struct gdi_monitor) == 312, "gdi devices");

#define DM_POSITION 0x20
#define DM_DISPLAYORIENTATION 0x80
#define DM_BITSPERPEL 0x40000
#define DM_PELSWIDTH 0x80000
#define DM_PELSHEIGHT 0x100000
#define DM_DISPLAYFLAGS 0x200000
#define DM_DISPLAYFREQUENCY 0x400000
#define DISPLAY_DEVICE_ATTACHED_TO_DESKTOP 0x1
#define DISPLAY_DEVICE_PRIMARY_DEVICE 0x4
#define DISPLAY_DEVICE_VGA_COMPATIBLE 0x10
#define DISPLAY_DEVICE_ACTIVE 0x1
#define DISPLAY_DEVICE_ATTACHED 0x2
#define SWP_HIDEWINDOW 0x0080
#define SWP_SHOWWINDOW 0x0040

/* struct user_driver_funcs: the DC function table (94 pointers and a
 * priority; left empty, as the null driver does: the DIB engine draws),
 * then 47 user functions.  A NULL entry gets win32u's null function. */
struct user_driver_funcs {
    void *dc_funcs[94];
    UINT dc_priority;
    void *pActivateKeyboardLayout, *pBeep, *pGetKeyNameText, *pGetKeyboardLayoutList;
    void *pMapVirtualKeyEx, *pRegisterHotKey, *pToUnicodeEx, *pUnregisterHotKey, *pVkKeyScanEx;
    void *pDestroyCursorIcon;
    void (*pSetCursor)(void *);
    void *pGetCursorPos, *pSetCursorPos, *pClipCursor;
    void *pClipboardWindowProc, *pUpdateClipboard;
    void *pChangeDisplaySettings;
    BOOL (*pGetCurrentDisplaySettings)(const WCHAR *, BOOL, struct devmodew *);
    INT (*pGetDisplayDepth)(const WCHAR *, BOOL);
    BOOL (*pUpdateDisplayDevices)(const struct gdi_device_manager *, BOOL, void *);
    void *pCreateDesktopWindow, *pCreateWindow, *pDesktopWindowProc;
    void (*pDestroyWindow)(HWND_);
    void *pFlashWindowEx, *pGetDC, *pMsgWaitForMultipleObjectsEx, *pReleaseDC, *pScrollDC;
    void *pSetCapture, *pSetFocus, *pSetLayeredWindowAttributes, *pSetParent, *pSetWindowRgn;
    void *pSetWindowIcon, *pSetWindowStyle, *pSetWindowText, *pShowWindow, *pSysCommand;
    void *pUpdateLayeredWindow, *pWindowMessage;
    BOOL (*pWindowPosChanging)(HWND_, HWND_, UINT, const WRECT *, const WRECT *, WRECT *,
                               struct window_surface **);
    void (*pWindowPosChanged)(HWND_, HWND_, UINT, const WRECT *, const WRECT *, const WRECT *,
                              const WRECT *, struct window_surface *);
    void *pSystemParametersInfo, *pwine_get_vulkan_driver, *pwine_get_wgl_driver, *pThreadDetach;
};
_Static_assert(sizeof(struct user_driver_funcs) == 0x470, "user_driver_funcs (Wine 8.0: 1136 bytes)");
_Static_assert(__builtin_offsetof(struct user_driver_funcs, pActivateKeyboardLayout) == 0x2f8,
               "user_driver_funcs: the user functions follow the DC table");

/* ---- The region --------------------------------------------------------------------------------- */

int display_futex_wait(_Atomic uint32_t *word, uint32_t expected, int timeout_ms)
{
    int64_t ns = (int64_t)timeout_ms * 1000000;
    int r = host_futex_wait((volatile uint32_t *)word, expected, timeout_ms < 0 ? NULL : &ns, 0);

    return r == HOST_ETIMEDOUT ? -ETIMEDOUT : 0;
}

void display_futex_wake(_Atomic uint32_t *word)
{
    host_futex_wake((volatile uint32_t *)word, 0x7fffffff);
}

/* One top-level window the display shows. */
struct kd_window {
    user_handle_t hwnd;
    WRECT visible;                   /* screen coordinates */
    struct window_surface *surface;  /* referenced, or NULL */
};

static struct {
    struct display disp;             /* .sh NULL: no display */
    int width, height;
    struct klock lock;               /* windows, composing, the damage ring */
    struct kd_window *windows;
    unsigned nb_windows, cap_windows;
    struct kdesktop *desktop;
} kd = { .lock = KLOCK_INIT };

struct display *kdisplay_region(void)
{
    return kd.disp.sh ? &kd.disp : NULL;
}

struct kdesktop *kdisplay_desktop(void)
{
    return kd.desktop;
}

/* Map "display:" (the monitor's region) read-write and shared. */
static NTSTATUS map_region(void)
{
    struct host_attr attr;
    host_stream_t s;
    void *base = NULL;
    SIZE_T size;
    NTSTATUS st;
    int r;

    if ((r = host_stream_open("display:", HOST_OPEN_READ | HOST_OPEN_WRITE, &s)) < 0)
        return status_from_host(r);
    if ((r = host_stream_attr(s, &attr)) < 0) {
        host_stream_close(s);
        return status_from_host(r);
    }
    size = ALIGN_UP(attr.size, PAGE_SIZE_K);
    if (!(st = virtual_reserve(&base, size, 0, MEM_RESERVE | MEM_TOP_DOWN, PAGE_READWRITE, VIEW_SYSTEM)) &&
        !(st = virtual_commit(base, size, PAGE_READWRITE)) &&
        (r = host_stream_map(s, base, size, 0, HOST_PROT_READ | HOST_PROT_WRITE, HOST_MAP_SHARED)) < 0)
        st = status_from_host(r);
    host_stream_close(s);
    if (!st && display_check_header(base, attr.size) < 0)
        st = STATUS_INVALID_IMAGE_FORMAT;   /* not a region keep made */
    if (st) {
        if (base)
            virtual_release(base);
        return st;
    }
    kd.disp = (struct display){ .sh = base, .size = size, .fd = -1 };
    kd.width = (int)display_width(&kd.disp);
    kd.height = (int)display_height(&kd.disp);
    return STATUS_SUCCESS;
}

static void compose_locked(const WRECT *area);

void kdisplay_resumed(void)
{
    struct host_attr attr;
    host_stream_t s;
    int r;

    kinput_resumed();
    if (!kd.disp.sh)
        return;
    /* the saved copy of the old region is mapped here, private: it stays
       if the new monitor has no display of the same size */
    if (host_stream_open("display:", HOST_OPEN_READ | HOST_OPEN_WRITE, &s) < 0) {
        KTRACE(KEEP_DEBUG_LOADER, "keep: display: none after the resume, headless\n");
        return;
    }
    if ((r = host_stream_attr(s, &attr)) < 0 || ALIGN_UP(attr.size, PAGE_SIZE_K) != kd.disp.size) {
        host_stream_close(s);
        kernel_log("keep: display: the resumed monitor's is not %dx%d: the program runs headless\n",
                   kd.width, kd.height);
        return;
    }
    r = host_stream_map(s, kd.disp.sh, kd.disp.size, 0, HOST_PROT_READ | HOST_PROT_WRITE, HOST_MAP_SHARED);
    host_stream_close(s);
    if (r < 0 || display_check_header(kd.disp.sh, attr.size) < 0 ||
        (int)display_width(&kd.disp) != kd.width || (int)display_height(&kd.disp) != kd.height)
        kernel_panic("keep: display: the resumed monitor's region cannot be used (%d)\n", r);
    klock_acquire(&kd.lock);
    compose_locked(&(WRECT){ 0, 0, kd.width, kd.height });
    klock_release(&kd.lock);
    if (kinput_start())
        KTRACE(KEEP_DEBUG_LOADER, "keep: display: no input thread after the resume\n");
}

/* ---- Composing ---------------------------------------------------------------------------------- */

static int intersect(WRECT *out, const WRECT *a, const WRECT *b)
{
    out->left = a->left > b->left ? a->left : b->left;
    out->top = a->top > b->top ? a->top : b->top;
    out->right = a->right < b->right ? a->right : b->right;
    out->bottom = a->bottom < b->bottom ? a->bottom : b->bottom;
    return out->left < out->right && out->top < out->bottom;
}

static struct kd_window *find_window(user_handle_t hwnd)
{
    for (unsigned i = 0; i < kd.nb_windows; i++)
        if (kd.windows[i].hwnd == hwnd)
            return &kd.windows[i];
    return NULL;
}

struct kd_surface {
    struct window_surface header;
    user_handle_t hwnd;
    int width, height;               /* of header.rect */
    uint32_t *bits;
    WRECT bounds;                    /* drawn since the last flush, surface coordinates */
    /* recursive, as win32u expects (a blit from a surface to itself
     * locks it twice) */
    struct klock lock;
    host_thread_t owner;
    unsigned depth;
};

static void fill(const WRECT *r, uint32_t color)
{
    uint32_t *fb = display_pixels(&kd.disp);

    for (LONG y = r->top; y < r->bottom; y++)
        for (LONG x = r->left; x < r->right; x++)
            fb[(size_t)y * kd.width + x] = color;
}

/* Copy the part of w's surface inside clip (screen coordinates). */
static void blit(const struct kd_window *w, const WRECT *clip)
{
    struct kd_surface *s = (struct kd_surface *)w->surface;
    uint32_t *fb = display_pixels(&kd.disp);
    WRECT on_screen = { w->visible.left + s->header.rect.left, w->visible.top + s->header.rect.top,
                        w->visible.left + s->header.rect.left + s->width,
                        w->visible.top + s->header.rect.top + s->height };
    WRECT r;

    if (!intersect(&r, &on_screen, clip))
        return;
    for (LONG y = r.top; y < r.bottom; y++)
        memcpy(fb + (size_t)y * kd.width + r.left,
               s->bits + (size_t)(y - on_screen.top) * s->width + (r.left - on_screen.left),
               (size_t)(r.right - r.left) * 4);
}

/* Recompose area (screen coordinates) and queue it as damage (kd.lock held). */
static void compose_locked(const WRECT *area)
{
    WRECT screen = { 0, 0, kd.width, kd.height }, r;
    user_handle_t top[256];
    int n = 0;

    if (!intersect(&r, area, &screen))
        return;
    if (kd.desktop) {
        klock_acquire(&user_lock);
        n = window_top_level_list_locked(kd.desktop, top, 256);
        klock_release(&user_lock);
    }
    fill(&r, DESKTOP_COLOR);
    while (n-- > 0) {
        struct kd_window *w = find_window(top[n]);
        if (w && w->surface)
            blit(w, &r);
    }
    display_damage(&kd.disp, &(struct display_rect){ (uint32_t)r.left, (uint32_t)r.top,
                                                     (uint32_t)(r.right - r.left),
                                                     (uint32_t)(r.bottom - r.top) });
}

/* ---- Window surfaces ------------------------------------------------------------------------------ */

static void surface_lock(struct window_surface *ws)
{
    struct kd_surface *s = (struct kd_surface *)ws;
    host_thread_t self = host_thread_self();

    if (s->depth && __atomic_load_n(&s->owner, __ATOMIC_RELAXED) == self) {
        s->depth++;
        return;
    }
    klock_acquire(&s->lock);
    __atomic_store_n(&s->owner, self, __ATOMIC_RELAXED);
    s->depth = 1;
}

static void surface_unlock(struct window_surface *ws)
{
    struct kd_surface *s = (struct kd_surface *)ws;

    if (--s->depth)
        return;
    __atomic_store_n(&s->owner, 0, __ATOMIC_RELAXED);
    klock_release(&s->lock);
}

static void *surface_get_info(struct window_surface *ws, void *info)
{
    struct kd_surface *s = (struct kd_surface *)ws;
    struct bitmap_info_header *h = info;

    memset(h, 0, sizeof(*h));
    h->biSize = sizeof(*h);
    h->biWidth = s->width;
    h->biHeight = -s->height;       /* top-down, as the framebuffer */
    h->biPlanes = 1;
    h->biBitCount = 32;             /* BI_RGB: BGRX, the framebuffer's format */
    h->biSizeImage = (DWORD)s->width * (DWORD)s->height * 4;
    return s->bits;
}

static WRECT *surface_get_bounds(struct window_surface *ws)
{
    return &((struct kd_surface *)ws)->bounds;
}

/* Window regions (SetWindowRgn) are not kept: the window's rectangle shows. */
static void surface_set_region(struct window_surface *ws, void *region)
{
    (void)ws;
    (void)region;
}

static void reset_bounds(WRECT *b)
{
    *b = (WRECT){ 0x7fffffff, 0x7fffffff, -0x7fffffff - 1, -0x7fffffff - 1 };
}

static void surface_flush(struct window_surface *ws)
{
    struct kd_surface *s = (struct kd_surface *)ws;
    WRECT all = { 0, 0, s->width, s->height }, r;
    struct kd_window *w;
    int dirty;

    surface_lock(ws);
    dirty = intersect(&r, &s->bounds, &all);
    reset_bounds(&s->bounds);
    surface_unlock(ws);
    if (!dirty)
        return;
    klock_acquire(&kd.lock);
    if ((w = find_window(s->hwnd)) && w->surface == ws) {
        LONG dx = w->visible.left + ws->rect.left, dy = w->visible.top + ws->rect.top;
        r.left += dx, r.right += dx, r.top += dy, r.bottom += dy;
        compose_locked(&r);
    }
    klock_release(&kd.lock);
}

static void surface_destroy(struct window_surface *ws)
{
    struct kd_surface *s = (struct kd_surface *)ws;

    kfree(s->bits);
    kfree(s);
}

static const struct window_surface_funcs surface_funcs = {
    surface_lock, surface_unlock, surface_get_info, surface_get_bounds,
    surface_set_region, surface_flush, surface_destroy,
};

static void surface_release(struct window_surface *ws)
{
    if (ws && __atomic_sub_fetch(&ws->ref, 1, __ATOMIC_ACQ_REL) == 0)
        ws->funcs->destroy(ws);
}

static struct window_surface *surface_create(user_handle_t hwnd, const WRECT *rect)
{
    struct kd_surface *s = kzalloc(sizeof(*s));

    if (!s)
        return NULL;
    s->width = rect->right - rect->left;
    s->height = rect->bottom - rect->top;
    if (!(s->bits = kzalloc((size_t)s->width * (size_t)s->height * 4))) {
        kfree(s);
        return NULL;
    }
    s->header.funcs = &surface_funcs;
    s->header.entry.next = s->header.entry.prev = &s->header.entry;
    s->header.ref = 1;
    s->header.rect = *rect;
    s->hwnd = hwnd;
    s->lock = (struct klock)KLOCK_INIT;
    reset_bounds(&s->bounds);
    return &s->header;
}

/* ---- The driver's functions ------------------------------------------------------------------------ */

static user_handle_t user_handle(HWND_ hwnd)
{
    return (user_handle_t)(uintptr_t)hwnd;
}

#define WS_VISIBLE 0x10000000

/* A child of the desktop window?  Is it visible (WS_VISIBLE)? */
static int is_top_level(user_handle_t hwnd, int *visible)
{
    unsigned style;
    int top;

    klock_acquire(&user_lock);
    top = window_is_top_level_locked(hwnd, &style);
    klock_release(&user_lock);
    if (visible)
        *visible = (style & WS_VISIBLE) != 0;
    return top;
}

static BOOL kd_WindowPosChanging(HWND_ hwnd, HWND_ insert_after, UINT swp_flags, const WRECT *window_rect,
                                 const WRECT *client_rect, WRECT *visible_rect, struct window_surface **surface)
{
    WRECT screen = { 0, 0, kd.width, kd.height }, r;
    struct kd_window *w;
    int visible;

    (void)insert_after;
    (void)client_rect;
    *visible_rect = *window_rect;
    /* a window that stays hidden needs no surface: win32u draws it nowhere */
    if (!is_top_level(user_handle(hwnd), &visible) || (swp_flags & SWP_HIDEWINDOW) ||
        (!visible && !(swp_flags & SWP_SHOWWINDOW)) || !intersect(&r, visible_rect, &screen))
        return TRUE;
    /* the part of the window on the screen, in window coordinates */
    r.left -= visible_rect->left, r.right -= visible_rect->left;
    r.top -= visible_rect->top, r.bottom -= visible_rect->top;
    klock_acquire(&kd.lock);
    w = find_window(user_handle(hwnd));
    if (w && w->surface && !memcmp(&w->surface->rect, &r, sizeof(r))) {
        __atomic_add_fetch(&w->surface->ref, 1, __ATOMIC_ACQ_REL);   /* still fits */
        surface_release(*surface);
        *surface = w->surface;
    } else {
        surface_release(*surface);
        *surface = surface_create(user_handle(hwnd), &r);
    }
    klock_release(&kd.lock);
    return TRUE;
}

static struct kd_window *add_window(user_handle_t hwnd)
{
    struct kd_window *w = find_window(hwnd);

    if (w)
        return w;
    if (kd.nb_windows == kd.cap_windows) {
        unsigned cap = kd.cap_windows ? kd.cap_windows * 2 : 16;
        struct kd_window *more = krealloc(kd.windows, cap * sizeof(*more));
        if (!more)
            return NULL;
        kd.windows = more;
        kd.cap_windows = cap;
    }
    w = &kd.windows[kd.nb_windows++];
    *w = (struct kd_window){ .hwnd = hwnd };
    return w;
}

static void kd_WindowPosChanged(HWND_ hwnd, HWND_ insert_after, UINT swp_flags, const WRECT *window_rect,
                                const WRECT *client_rect, const WRECT *visible_rect, const WRECT *valid_rects,
                                struct window_surface *surface)
{
    struct kd_window *w;
    WRECT old = { 0, 0, 0, 0 };

    (void)insert_after;
    (void)swp_flags;
    (void)window_rect;
    (void)client_rect;
    (void)valid_rects;
    if (!is_top_level(user_handle(hwnd), NULL))
        return;
    klock_acquire(&kd.lock);
    if (!kd.desktop)
        kd.desktop = desktop_current();
    if ((w = add_window(user_handle(hwnd)))) {
        old = w->visible;
        if (surface)
            __atomic_add_fetch(&surface->ref, 1, __ATOMIC_ACQ_REL);
        surface_release(w->surface);
        w->surface = surface;
        w->visible = *visible_rect;
        compose_locked(&old);
        compose_locked(&w->visible);
    }
    klock_release(&kd.lock);
}

static void kd_DestroyWindow(HWND_ hwnd)
{
    struct kd_window *w;

    klock_acquire(&kd.lock);
    if ((w = find_window(user_handle(hwnd)))) {
        struct kd_window gone = *w;
        *w = kd.windows[--kd.nb_windows];
        surface_release(gone.surface);
        compose_locked(&gone.visible);
    }
    klock_release(&kd.lock);
}

static void current_mode(struct devmodew *mode)
{
    mode->dmFields = DM_DISPLAYORIENTATION | DM_BITSPERPEL | DM_PELSWIDTH | DM_PELSHEIGHT |
                     DM_DISPLAYFLAGS | DM_DISPLAYFREQUENCY | DM_POSITION;
    mode->dmDisplayOrientation = 0;
    mode->dmBitsPerPel = 32;
    mode->dmPelsWidth = (DWORD)kd.width;
    mode->dmPelsHeight = (DWORD)kd.height;
    mode->dmDisplayFlags = 0;
    mode->dmDisplayFrequency = 60;
    mode->dmPositionX = mode->dmPositionY = 0;
}

static BOOL kd_GetCurrentDisplaySettings(const WCHAR *name, BOOL is_primary, struct devmodew *mode)
{
    (void)name;
    (void)is_primary;
    current_mode(mode);
    return TRUE;
}

static INT kd_GetDisplayDepth(const WCHAR *name, BOOL is_primary)
{
    (void)name;
    (void)is_primary;
    return 32;
}

/* One adapter with one monitor of the region's size, and that one mode. */
static BOOL kd_UpdateDisplayDevices(const struct gdi_device_manager *manager, BOOL force, void *param)
{
    static const struct gdi_gpu gpu = { .name = u"keep RDP display" };
    static const struct gdi_adapter adapter = {
        .state_flags = DISPLAY_DEVICE_ATTACHED_TO_DESKTOP | DISPLAY_DEVICE_PRIMARY_DEVICE |
                       DISPLAY_DEVICE_VGA_COMPATIBLE,
    };
    struct gdi_monitor monitor = {
        .rc_monitor = { 0, 0, kd.width, kd.height }, .rc_work = { 0, 0, kd.width, kd.height },
        .state_flags = DISPLAY_DEVICE_ACTIVE | DISPLAY_DEVICE_ATTACHED,
    };
    struct devmodew mode = { .dmSize = sizeof(mode) };
    static int reported;

    if (!force && reported)
        return TRUE;     /* nothing changed: win32u keeps what it has */
    reported = 1;
    current_mode(&mode);
    manager->add_gpu(&gpu, param);
    manager->add_adapter(&adapter, param);
    manager->add_monitor(&monitor, param);
    manager->add_mode(&mode, param);
    return TRUE;
}

static const struct user_driver_funcs kd_funcs = {
    .pSetCursor = kcursor_set,
    .pGetCurrentDisplaySettings = kd_GetCurrentDisplaySettings,
    .pGetDisplayDepth = kd_GetDisplayDepth,
    .pUpdateDisplayDevices = kd_UpdateDisplayDevices,
    .pDestroyWindow = kd_DestroyWindow,
    .pWindowPosChanging = kd_WindowPosChanging,
    .pWindowPosChanged = kd_WindowPosChanged,
};

void kdisplay_warp(int x, int y)
{
    if (!kd.disp.sh)
        return;
    klock_acquire(&kd.lock);
    display_set_cursor(&kd.disp, x, y);
    klock_release(&kd.lock);
}

void kdisplay_set_pointer(uint32_t w, uint32_t h, uint32_t hot_x, uint32_t hot_y, const uint32_t *argb)
{
    klock_acquire(&kd.lock);
    display_set_cursor_shape(&kd.disp, w, h, hot_x, hot_y, argb);
    klock_release(&kd.lock);
}

void kdisplay_install(struct elf_library *win32u)
{
    void (*set_driver)(const struct user_driver_funcs *, UINT);
    NTSTATUS st;

    if (kd.disp.sh)
        return;
    if ((st = map_region())) {
        if (st != STATUS_OBJECT_NAME_NOT_FOUND && st != STATUS_NO_SUCH_FILE)
            KTRACE(KEEP_DEBUG_LOADER, "keep: display: not used (%08x)\n", (unsigned)st);
        return;
    }
    if (!(set_driver = (void (*)(const struct user_driver_funcs *, UINT))elf_library_symbol(win32u, "__wine_set_user_driver"))) {
        KTRACE(KEEP_DEBUG_LOADER, "keep: display: win32u.so has no __wine_set_user_driver\n");
        return;
    }
    if (kcursor_init(win32u) < 0)
        KTRACE(KEEP_DEBUG_LOADER, "keep: display: no pointer shapes (win32u.so's cursor functions missing)\n");
    set_driver(&kd_funcs, WINE_GDI_DRIVER_VERSION);
    klock_acquire(&kd.lock);
    compose_locked(&(WRECT){ 0, 0, kd.width, kd.height });
    klock_release(&kd.lock);
    if ((st = kinput_start()))
        KTRACE(KEEP_DEBUG_LOADER, "keep: display: no input thread (%08x)\n", (unsigned)st);
    KTRACE(KEEP_DEBUG_LOADER, "keep: display %dx%d, driver installed\n", kd.width, kd.height);
}

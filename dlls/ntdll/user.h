/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * user.h - the USER part of the in-process object server: window
 * stations, desktops, windows, classes and message queues, what Wine's
 * win32u.so asks the wineserver about.  The objects are the kernel's
 * (window stations, desktops and queues are kernel objects with handles;
 * windows live in a table of user handles), so a snapshot holds them.
 *
 *   winstation.c  window stations and desktops, the thread's desktop
 *   window.c      user handles, windows and the window tree
 *   winclass.c    window classes
 *   msgqueue.c    message queues: posted, sent and quit messages, timers
 *   userinput.c   focus, active, capture and foreground windows
 *   userhook.c    window hooks
 *   winpaint.c    visible, update and window regions; WM_PAINT
 *   region.c      regions
 *   clipboard.c   the clipboard
 *   caret.c       the caret
 *   shdesk.c      the desktop shared with the instance's other processes:
 *                 their top-level windows, posted messages, idle events
 *
 * Locking: one lock (user_lock) over all USER state; no user code and no
 * wait runs under it.
 */
#ifndef KEEP_USER_H
#define KEEP_USER_H

#include "server.h"

extern struct klock user_lock;

/* System calls the server uses (atom.c, registry.c, sync.c). */
NTSTATUS NTAPI NtAddAtom(const WCHAR *name, ULONG length, RTL_ATOM *atom);
NTSTATUS NTAPI NtFindAtom(const WCHAR *name, ULONG length, RTL_ATOM *atom);
NTSTATUS NTAPI NtOpenKeyEx(HANDLE *key, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                           ULONG options);
NTSTATUS NTAPI NtCreateKey(HANDLE *key, ACCESS_MASK access, const OBJECT_ATTRIBUTES *attr,
                           ULONG index, const UNICODE_STRING *cls, ULONG options, ULONG *dispos);
NTSTATUS NTAPI NtQueryValueKey(HANDLE key, const UNICODE_STRING *name,
                               KEY_VALUE_INFORMATION_CLASS cls, void *info, ULONG length,
                               ULONG *result_len);
NTSTATUS NTAPI NtSetValueKey(HANDLE key, const UNICODE_STRING *name, ULONG index, ULONG type,
                             const void *data, ULONG count);
ULONG NTAPI NtGetTickCount(void);

struct kwinstation;
struct kdesktop;
struct kqueue;
struct kwindow;

/* The USER state of a thread (kthread_ext->user), made on first use. */
struct user_thread {
    HANDLE desktop;                 /* the thread's desktop handle, or 0 */
    struct kqueue *queue;           /* its message queue, or NULL */
    /* its input state (each thread its own: no AttachThreadInput yet) */
    user_handle_t focus, active, capture;
    int paint_count;                /* its windows that need WM_PAINT */
    /* its caret (caret.c) */
    user_handle_t caret;
    rectangle_t caret_rect;
    int caret_hide, caret_state;
};
/* The calling thread's (NULL only when out of memory). */
struct user_thread *user_current(void);
/* The thread with that id's USER state, or NULL (user_lock held). */
struct user_thread *user_thread_of(uint32_t tid);
/* The thread ends: its windows and queue go (thread.c calls this). */
void user_thread_exit(struct kthread *t);

/* winstation.c: the calling thread's desktop (referenced), or NULL. */
struct kdesktop *desktop_current(void);
/* The desktop's top (desktop) window and message window, 0 if none yet. */
user_handle_t *desktop_windows(struct kdesktop *d);
/* The id of the desktop's foreground thread, 0 if none (user_lock held). */
uint32_t *desktop_foreground(struct kdesktop *d);
/* Data of a request as a counted WCHAR string. */
static inline UNICODE_STRING server_data_string(const struct server_call *call)
{
    UNICODE_STRING s;
    s.Buffer = (WCHAR *)call->data;
    s.Length = (USHORT)(call->data_size & ~1u);
    s.MaximumLength = s.Length;
    return s;
}

/* winclass.c */
struct kclass;
/* The class of that atom (or name) for a new window; its extra bytes. */
struct kclass *class_grab(atom_t atom, mod_handle_t instance, int *win_extra,
                          client_ptr_t *client_ptr);
void class_release(struct kclass *c);
atom_t class_atom(struct kclass *c);
int class_is_desktop(struct kclass *c);
int class_is_message(struct kclass *c);

/* window.c */
#define DESKTOP_ATOM 32769
/* Make a window owned by no thread (the desktop and message windows). */
user_handle_t window_create_detached(struct kdesktop *d, atom_t atom, user_handle_t parent);
/* The thread id that owns the window, 0 if none; 0 and 0 for a bad handle. */
int window_thread(user_handle_t h, uint32_t *tid);
/* Is h a top-level window (a child of the desktop)?  Its thread in *tid
 * (user_lock held). */
int window_top_level_locked(user_handle_t h, uint32_t *tid);
/* Destroy every window of the thread (thread exit). */
void window_destroy_thread_windows(uint32_t tid);

/* window.c, for the display driver and hardware input (user_lock held):
 * the desktop's visible top-level windows, top of the Z order first (at
 * most max; the count); is h a child of the desktop window (and its
 * style, when style is not NULL); the visible
 * windows under (x, y) (parent's client coordinates), deepest first, as
 * get_window_children_from_point answers (the count, which may exceed max;
 * -1 for a bad parent). */
int window_top_level_list_locked(struct kdesktop *d, user_handle_t *out, int max);
int window_is_top_level_locked(user_handle_t h, unsigned *style);
int window_children_from_point_locked(user_handle_t parent, int x, int y, user_handle_t *out, int max);

/* window.c: a user handle for a non-window object (hooks), user_lock held */
user_handle_t user_handle_alloc_locked(void);
void user_handle_free_locked(user_handle_t h);

/* userhook.c: the active hooks bitmap for thread tid; its hooks go */
unsigned hooks_active(uint32_t tid);
void hooks_thread_exit(uint32_t tid);

/* winpaint.c: the window whose WM_PAINT is due in thread tid (within
 * parent, if given; top: the desktop window), its internal paint request
 * taken; 0 if none (no lock held, or only the sync lock). */
user_handle_t paint_find_window(user_handle_t top, uint32_t tid, user_handle_t parent);
/* Threads whose paint count changed get QS_PAINT set or cleared (call
 * with no lock held, after the change). */
void paint_flush(void);

/* clipboard.c: a window goes (user_lock held) or a thread ends */
void clipboard_window_gone(user_handle_t win);
void clipboard_thread_exit(uint32_t tid);

/* window.c: our atom for the class of another process's window (the
 * shared desktop), 0 if h is none (no lock held) */
atom_t window_foreign_class_atom(user_handle_t h);
/* Is h another process's window (listed in the shared desktop)? */
int window_is_foreign(user_handle_t h);
/* window.c: the full handle of a live window, 0 if none (no lock held) */
user_handle_t window_full_handle(user_handle_t h);

/* msgqueue.c */
/* An out-of-context WinEvent for thread tid: a MSG_WINEVENT message in
 * its sent list (data: winevent_msg_data and the module; no lock held). */
void queue_send_winevent(uint32_t tid, user_handle_t win, int event, int object_id, int child_id,
                         const void *data, data_size_t size);
/* Post a message to a window's thread, as PostMessage (no lock held). */
NTSTATUS queue_post_window_message(user_handle_t win, unsigned msg, lparam_t wparam,
                                   lparam_t lparam);
void queue_destroy(struct kqueue *q);
/* Set or clear QS_PAINT on thread tid's queue (no lock held). */
void queue_set_paint(uint32_t tid, int on);
/* Make sure the calling thread has a message queue (a window's thread
 * always has one, as in Wine). */
NTSTATUS queue_ensure_current(void);

#endif /* KEEP_USER_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * server_proto.h - the wineserver protocol of Wine 8.0 as the installed
 * binaries speak it: the request/reply framing and the requests keep
 * implements.  Every layout here must match Wine 8.0's byte for byte (the
 * sizes are checked at compile time); request numbers come from
 * server_requests.h.
 *
 * Protocol version: the installed Debian build (8.0~repack-4) checks for
 * 758 in its handshake (ntdll.so compares the server's version with
 * 0x2f6); the upstream 8.0 header says 756.  The numbering and layouts
 * are the same (protocol.def is unchanged); only the handshake differs,
 * and keep has no handshake: there is no server process to talk to.
 */
#ifndef KEEP_SERVER_PROTO_H
#define KEEP_SERVER_PROTO_H

#include <stdint.h>

#define KEEP_SERVER_PROTOCOL_VERSION 758

typedef unsigned int obj_handle_t;
typedef unsigned int user_handle_t;
typedef unsigned int atom_t;
typedef unsigned int process_id_t;
typedef unsigned int thread_id_t;
typedef unsigned int data_size_t;
typedef uint64_t lparam_t;
typedef uint64_t client_ptr_t;
typedef uint64_t mod_handle_t;
typedef int64_t timeout_t;

typedef struct {
    int left, top, right, bottom;
} rectangle_t;

enum server_request {
#define SERVER_REQUEST(name) REQ_##name,
#include "server_requests.h"
#undef SERVER_REQUEST
    REQ_NB_REQUESTS
};

struct request_header {
    int req;                    /* REQ_* */
    data_size_t request_size;   /* bytes of variable request data */
    data_size_t reply_size;     /* room for variable reply data */
};

struct reply_header {
    unsigned int error;         /* NTSTATUS */
    data_size_t reply_size;     /* bytes of variable reply data written */
};

union generic_request {
    struct request_header request_header;
    int pad[16];
};
union generic_reply {
    struct reply_header reply_header;
    int pad[16];
};

#define SERVER_MAX_DATA 5

struct server_iovec {
    const void *ptr;
    data_size_t size;
};

struct __server_request_info {
    union {
        union generic_request req;
        union generic_reply reply;
    } u;
    unsigned int data_count;
    void *reply_data;
    struct server_iovec data[SERVER_MAX_DATA];
};

_Static_assert(sizeof(union generic_request) == 64, "generic request");
_Static_assert(sizeof(struct __server_request_info) == 160, "request info");
_Static_assert(offsetof(struct __server_request_info, reply_data) == 0x48, "reply_data");
_Static_assert(offsetof(struct __server_request_info, data) == 0x50, "data");

/* ---- The requests keep implements ---------------------------------------
 * "then: name (type)" marks the variable-size data that follows the fixed
 * part in the request's data vectors or the reply buffer.
 */

struct create_winstation_request {
    struct request_header h;
    unsigned int flags;
    unsigned int access;
    unsigned int attributes;
    obj_handle_t rootdir;
    /* then: name (unicode_str) */
    char pad_28[4];
};
struct create_winstation_reply {
    struct reply_header h;
    obj_handle_t handle;
    char pad_12[4];
};

struct open_winstation_request {
    struct request_header h;
    unsigned int access;
    unsigned int attributes;
    obj_handle_t rootdir;
    /* then: name (unicode_str) */
};
struct open_winstation_reply {
    struct reply_header h;
    obj_handle_t handle;
    char pad_12[4];
};

struct close_winstation_request {
    struct request_header h;
    obj_handle_t handle;
};
struct close_winstation_reply {
    struct reply_header h;
};

struct get_process_winstation_request {
    struct request_header h;
    char pad_12[4];
};
struct get_process_winstation_reply {
    struct reply_header h;
    obj_handle_t handle;
    char pad_12[4];
};

struct set_process_winstation_request {
    struct request_header h;
    obj_handle_t handle;
};
struct set_process_winstation_reply {
    struct reply_header h;
};

struct create_desktop_request {
    struct request_header h;
    unsigned int flags;
    unsigned int access;
    unsigned int attributes;
    /* then: name (unicode_str) */
};
struct create_desktop_reply {
    struct reply_header h;
    obj_handle_t handle;
    char pad_12[4];
};

struct open_desktop_request {
    struct request_header h;
    obj_handle_t winsta;
    unsigned int flags;
    unsigned int access;
    unsigned int attributes;
    /* then: name (unicode_str) */
    char pad_28[4];
};
struct open_desktop_reply {
    struct reply_header h;
    obj_handle_t handle;
    char pad_12[4];
};

struct close_desktop_request {
    struct request_header h;
    obj_handle_t handle;
};
struct close_desktop_reply {
    struct reply_header h;
};

struct get_thread_desktop_request {
    struct request_header h;
    thread_id_t tid;
};
struct get_thread_desktop_reply {
    struct reply_header h;
    obj_handle_t handle;
    char pad_12[4];
};

struct set_thread_desktop_request {
    struct request_header h;
    obj_handle_t handle;
};
struct set_thread_desktop_reply {
    struct reply_header h;
};

struct set_user_object_info_request {
    struct request_header h;
    obj_handle_t handle;
    unsigned int flags;
    unsigned int obj_flags;
};
struct set_user_object_info_reply {
    struct reply_header h;
    int is_desktop;
    unsigned int old_obj_flags;
    /* then: name (unicode_str) */
};

struct create_class_request {
    struct request_header h;
    int local;
    atom_t atom;
    unsigned int style;
    mod_handle_t instance;
    int extra;
    int win_extra;
    client_ptr_t client_ptr;
    data_size_t name_offset;
    /* then: name (unicode_str) */
    char pad_52[4];
};
struct create_class_reply {
    struct reply_header h;
    atom_t atom;
    char pad_12[4];
};

struct destroy_class_request {
    struct request_header h;
    atom_t atom;
    mod_handle_t instance;
    /* then: name (unicode_str) */
};
struct destroy_class_reply {
    struct reply_header h;
    client_ptr_t client_ptr;
};

struct set_class_info_request {
    struct request_header h;
    user_handle_t window;
    unsigned int flags;
    atom_t atom;
    unsigned int style;
    int win_extra;
    mod_handle_t instance;
    int extra_offset;
    data_size_t extra_size;
    lparam_t extra_value;
};
struct set_class_info_reply {
    struct reply_header h;
    atom_t old_atom;
    atom_t base_atom;
    mod_handle_t old_instance;
    lparam_t old_extra_value;
    unsigned int old_style;
    int old_extra;
    int old_win_extra;
    char pad_44[4];
};

struct get_desktop_window_request {
    struct request_header h;
    int force;
};
struct get_desktop_window_reply {
    struct reply_header h;
    user_handle_t top_window;
    user_handle_t msg_window;
};

struct create_window_request {
    struct request_header h;
    user_handle_t parent;
    user_handle_t owner;
    atom_t atom;
    mod_handle_t instance;
    int dpi;
    int awareness;
    unsigned int style;
    unsigned int ex_style;
    /* then: class (unicode_str) */
};
struct create_window_reply {
    struct reply_header h;
    user_handle_t handle;
    user_handle_t parent;
    user_handle_t owner;
    int extra;
    client_ptr_t class_ptr;
    int dpi;
    int awareness;
};

struct destroy_window_request {
    struct request_header h;
    user_handle_t handle;
};
struct destroy_window_reply {
    struct reply_header h;
};

struct get_window_info_request {
    struct request_header h;
    user_handle_t handle;
};
struct get_window_info_reply {
    struct reply_header h;
    user_handle_t full_handle;
    user_handle_t last_active;
    process_id_t pid;
    thread_id_t tid;
    atom_t atom;
    int is_unicode;
    int dpi;
    int awareness;
};

struct set_window_info_request {
    struct request_header h;
    unsigned short flags;
    short int is_unicode;
    user_handle_t handle;
    unsigned int style;
    unsigned int ex_style;
    data_size_t extra_size;
    mod_handle_t instance;
    lparam_t user_data;
    lparam_t extra_value;
    int extra_offset;
    char pad_60[4];
};
struct set_window_info_reply {
    struct reply_header h;
    unsigned int old_style;
    unsigned int old_ex_style;
    mod_handle_t old_instance;
    lparam_t old_user_data;
    lparam_t old_extra_value;
    lparam_t old_id;
};

struct get_window_parents_request {
    struct request_header h;
    user_handle_t handle;
};
struct get_window_parents_reply {
    struct reply_header h;
    int count;
    /* then: parents (user_handles) */
    char pad_12[4];
};

struct get_window_children_request {
    struct request_header h;
    obj_handle_t desktop;
    user_handle_t parent;
    atom_t atom;
    thread_id_t tid;
    /* then: class (unicode_str) */
    char pad_28[4];
};
struct get_window_children_reply {
    struct reply_header h;
    int count;
    /* then: children (user_handles) */
    char pad_12[4];
};

struct get_window_tree_request {
    struct request_header h;
    user_handle_t handle;
};
struct get_window_tree_reply {
    struct reply_header h;
    user_handle_t parent;
    user_handle_t owner;
    user_handle_t next_sibling;
    user_handle_t prev_sibling;
    user_handle_t first_sibling;
    user_handle_t last_sibling;
    user_handle_t first_child;
    user_handle_t last_child;
};

struct set_window_pos_request {
    struct request_header h;
    unsigned short swp_flags;
    unsigned short paint_flags;
    user_handle_t handle;
    user_handle_t previous;
    rectangle_t window;
    rectangle_t client;
    /* then: valid (rectangles) */
};
struct set_window_pos_reply {
    struct reply_header h;
    unsigned int new_style;
    unsigned int new_ex_style;
    user_handle_t surface_win;
    int needs_update;
};

struct get_window_rectangles_request {
    struct request_header h;
    user_handle_t handle;
    int relative;
    int dpi;
};
struct get_window_rectangles_reply {
    struct reply_header h;
    rectangle_t window;
    rectangle_t client;
};

struct get_window_text_request {
    struct request_header h;
    user_handle_t handle;
};
struct get_window_text_reply {
    struct reply_header h;
    data_size_t length;
    /* then: text (unicode_str) */
    char pad_12[4];
};

struct set_window_text_request {
    struct request_header h;
    user_handle_t handle;
    /* then: text (unicode_str) */
};
struct set_window_text_reply {
    struct reply_header h;
};

struct set_parent_request {
    struct request_header h;
    user_handle_t handle;
    user_handle_t parent;
    char pad_20[4];
};
struct set_parent_reply {
    struct reply_header h;
    user_handle_t old_parent;
    user_handle_t full_parent;
    int dpi;
    int awareness;
};

struct set_window_owner_request {
    struct request_header h;
    user_handle_t handle;
    user_handle_t owner;
    char pad_20[4];
};
struct set_window_owner_reply {
    struct reply_header h;
    user_handle_t full_owner;
    user_handle_t prev_owner;
};

struct get_msg_queue_request {
    struct request_header h;
    char pad_12[4];
};
struct get_msg_queue_reply {
    struct reply_header h;
    obj_handle_t handle;
    char pad_12[4];
};

struct get_process_idle_event_request {
    struct request_header h;
    obj_handle_t handle;
};
struct get_process_idle_event_reply {
    struct reply_header h;
    obj_handle_t event;
    char pad_12[4];
};

struct set_queue_mask_request {
    struct request_header h;
    unsigned int wake_mask;
    unsigned int changed_mask;
    int skip_wait;
};
struct set_queue_mask_reply {
    struct reply_header h;
    unsigned int wake_bits;
    unsigned int changed_bits;
};

struct get_queue_status_request {
    struct request_header h;
    unsigned int clear_bits;
};
struct get_queue_status_reply {
    struct reply_header h;
    unsigned int wake_bits;
    unsigned int changed_bits;
};

struct send_message_request {
    struct request_header h;
    thread_id_t id;
    int type;
    int flags;
    user_handle_t win;
    unsigned int msg;
    lparam_t wparam;
    lparam_t lparam;
    timeout_t timeout;
    /* then: data (message_data) */
};
struct send_message_reply {
    struct reply_header h;
};

struct post_quit_message_request {
    struct request_header h;
    int exit_code;
};
struct post_quit_message_reply {
    struct reply_header h;
};

struct get_message_request {
    struct request_header h;
    unsigned int flags;
    user_handle_t get_win;
    unsigned int get_first;
    unsigned int get_last;
    unsigned int hw_id;
    unsigned int wake_mask;
    unsigned int changed_mask;
};
struct get_message_reply {
    struct reply_header h;
    user_handle_t win;
    unsigned int msg;
    lparam_t wparam;
    lparam_t lparam;
    int type;
    int x;
    int y;
    unsigned int time;
    unsigned int active_hooks;
    data_size_t total;
    /* then: data (message_data) */
};

struct reply_message_request {
    struct request_header h;
    int remove;
    lparam_t result;
    /* then: data (bytes) */
};
struct reply_message_reply {
    struct reply_header h;
};

struct get_message_reply_request {
    struct request_header h;
    int cancel;
};
struct get_message_reply_reply {
    struct reply_header h;
    lparam_t result;
    /* then: data (bytes) */
};

struct accept_hardware_message_request {
    struct request_header h;
    unsigned int hw_id;
};
struct accept_hardware_message_reply {
    struct reply_header h;
};

struct set_window_property_request {
    struct request_header h;
    user_handle_t window;
    lparam_t data;
    atom_t atom;
    /* then: name (unicode_str) */
    char pad_28[4];
};
struct set_window_property_reply {
    struct reply_header h;
};

struct get_window_property_request {
    struct request_header h;
    user_handle_t window;
    atom_t atom;
    /* then: name (unicode_str) */
    char pad_20[4];
};
struct get_window_property_reply {
    struct reply_header h;
    lparam_t data;
};

struct remove_window_property_request {
    struct request_header h;
    user_handle_t window;
    atom_t atom;
    /* then: name (unicode_str) */
    char pad_20[4];
};
struct remove_window_property_reply {
    struct reply_header h;
    lparam_t data;
};

typedef struct {
    atom_t atom;
    int string;
    lparam_t data;
} property_data_t;
_Static_assert(sizeof(property_data_t) == 16, "property_data_t");

struct get_window_properties_request {
    struct request_header h;
    user_handle_t window;
};
struct get_window_properties_reply {
    struct reply_header h;
    int total;
    /* then: props (properties) */
    char pad_12[4];
};

struct get_visible_region_request {
    struct request_header h;
    user_handle_t window;
    unsigned int flags;
    char pad_20[4];
};
struct get_visible_region_reply {
    struct reply_header h;
    user_handle_t top_win;
    rectangle_t top_rect;
    rectangle_t win_rect;
    unsigned int paint_flags;
    data_size_t total_size;
    /* then: region (rectangles) */
    char pad_52[4];
};

struct get_update_region_request {
    struct request_header h;
    user_handle_t window;
    user_handle_t from_child;
    unsigned int flags;
};
struct get_update_region_reply {
    struct reply_header h;
    user_handle_t child;
    unsigned int flags;
    data_size_t total_size;
    /* then: region (rectangles) */
    char pad_20[4];
};

struct set_focus_window_request {
    struct request_header h;
    user_handle_t handle;
};
struct set_focus_window_reply {
    struct reply_header h;
    user_handle_t previous;
    char pad_12[4];
};

struct set_active_window_request {
    struct request_header h;
    user_handle_t handle;
};
struct set_active_window_reply {
    struct reply_header h;
    user_handle_t previous;
    char pad_12[4];
};

struct set_foreground_window_request {
    struct request_header h;
    user_handle_t handle;
};
struct set_foreground_window_reply {
    struct reply_header h;
    user_handle_t previous;
    int send_msg_old;
    int send_msg_new;
    char pad_20[4];
};

struct set_capture_window_request {
    struct request_header h;
    user_handle_t handle;
    unsigned int flags;
    char pad_20[4];
};
struct set_capture_window_reply {
    struct reply_header h;
    user_handle_t previous;
    user_handle_t full_handle;
};

struct get_thread_input_request {
    struct request_header h;
    thread_id_t tid;
};
struct get_thread_input_reply {
    struct reply_header h;
    user_handle_t focus;
    user_handle_t capture;
    user_handle_t active;
    user_handle_t foreground;
    user_handle_t menu_owner;
    user_handle_t move_size;
    user_handle_t caret;
    user_handle_t cursor;
    int show_count;
    rectangle_t rect;
    char pad_60[4];
};

struct get_key_state_request {
    struct request_header h;
    int async;
    int key;
    char pad_20[4];
};
struct get_key_state_reply {
    struct reply_header h;
    unsigned char state;
    /* then: keystate (bytes) */
    char pad_9[7];
};

struct get_last_input_time_request {
    struct request_header h;
    char pad_12[4];
};
struct get_last_input_time_reply {
    struct reply_header h;
    unsigned int time;
    char pad_12[4];
};

struct is_window_hung_request {
    struct request_header h;
    user_handle_t win;
};
struct is_window_hung_reply {
    struct reply_header h;
    int is_hung;
    char pad_12[4];
};

struct update_window_zorder_request {
    struct request_header h;
    user_handle_t window;
    rectangle_t rect;
};
struct update_window_zorder_reply {
    struct reply_header h;
};

struct redraw_window_request {
    struct request_header h;
    user_handle_t window;
    unsigned int flags;
    /* then: region (rectangles) */
    char pad_20[4];
};
struct redraw_window_reply {
    struct reply_header h;
};

struct get_window_region_request {
    struct request_header h;
    user_handle_t window;
};
struct get_window_region_reply {
    struct reply_header h;
    data_size_t total_size;
    /* then: region (rectangles) */
    char pad_12[4];
};

struct set_window_region_request {
    struct request_header h;
    user_handle_t window;
    int redraw;
    /* then: region (rectangles) */
    char pad_20[4];
};
struct set_window_region_reply {
    struct reply_header h;
};

struct get_surface_region_request {
    struct request_header h;
    user_handle_t window;
};
struct get_surface_region_reply {
    struct reply_header h;
    rectangle_t visible_rect;
    data_size_t total_size;
    /* then: region (rectangles) */
    char pad_28[4];
};

struct set_win_timer_request {
    struct request_header h;
    user_handle_t win;
    unsigned int msg;
    unsigned int rate;
    lparam_t id;
    lparam_t lparam;
};
struct set_win_timer_reply {
    struct reply_header h;
    lparam_t id;
};

struct kill_win_timer_request {
    struct request_header h;
    user_handle_t win;
    lparam_t id;
    unsigned int msg;
    char pad_28[4];
};
struct kill_win_timer_reply {
    struct reply_header h;
};

struct get_window_children_from_point_request {
    struct request_header h;
    user_handle_t parent;
    int x;
    int y;
    int dpi;
    char pad_28[4];
};
struct get_window_children_from_point_reply {
    struct reply_header h;
    int count;
    /* then: children (user_handles) */
    char pad_12[4];
};

_Static_assert(sizeof(struct create_winstation_request) == 32, "create_winstation_request");
_Static_assert(sizeof(struct create_winstation_reply) == 16, "create_winstation_reply");
_Static_assert(sizeof(struct open_winstation_request) == 24, "open_winstation_request");
_Static_assert(sizeof(struct open_winstation_reply) == 16, "open_winstation_reply");
_Static_assert(sizeof(struct close_winstation_request) == 16, "close_winstation_request");
_Static_assert(sizeof(struct close_winstation_reply) == 8, "close_winstation_reply");
_Static_assert(sizeof(struct get_process_winstation_request) == 16, "get_process_winstation_request");
_Static_assert(sizeof(struct get_process_winstation_reply) == 16, "get_process_winstation_reply");
_Static_assert(sizeof(struct set_process_winstation_request) == 16, "set_process_winstation_request");
_Static_assert(sizeof(struct set_process_winstation_reply) == 8, "set_process_winstation_reply");
_Static_assert(sizeof(struct create_desktop_request) == 24, "create_desktop_request");
_Static_assert(sizeof(struct create_desktop_reply) == 16, "create_desktop_reply");
_Static_assert(sizeof(struct open_desktop_request) == 32, "open_desktop_request");
_Static_assert(sizeof(struct open_desktop_reply) == 16, "open_desktop_reply");
_Static_assert(sizeof(struct close_desktop_request) == 16, "close_desktop_request");
_Static_assert(sizeof(struct close_desktop_reply) == 8, "close_desktop_reply");
_Static_assert(sizeof(struct get_thread_desktop_request) == 16, "get_thread_desktop_request");
_Static_assert(sizeof(struct get_thread_desktop_reply) == 16, "get_thread_desktop_reply");
_Static_assert(sizeof(struct set_thread_desktop_request) == 16, "set_thread_desktop_request");
_Static_assert(sizeof(struct set_thread_desktop_reply) == 8, "set_thread_desktop_reply");
_Static_assert(sizeof(struct set_user_object_info_request) == 24, "set_user_object_info_request");
_Static_assert(sizeof(struct set_user_object_info_reply) == 16, "set_user_object_info_reply");
_Static_assert(sizeof(struct create_class_request) == 56, "create_class_request");
_Static_assert(sizeof(struct create_class_reply) == 16, "create_class_reply");
_Static_assert(sizeof(struct destroy_class_request) == 24, "destroy_class_request");
_Static_assert(sizeof(struct destroy_class_reply) == 16, "destroy_class_reply");
_Static_assert(sizeof(struct set_class_info_request) == 56, "set_class_info_request");
_Static_assert(sizeof(struct set_class_info_reply) == 48, "set_class_info_reply");
_Static_assert(sizeof(struct get_desktop_window_request) == 16, "get_desktop_window_request");
_Static_assert(sizeof(struct get_desktop_window_reply) == 16, "get_desktop_window_reply");
_Static_assert(sizeof(struct create_window_request) == 48, "create_window_request");
_Static_assert(sizeof(struct create_window_reply) == 40, "create_window_reply");
_Static_assert(sizeof(struct destroy_window_request) == 16, "destroy_window_request");
_Static_assert(sizeof(struct destroy_window_reply) == 8, "destroy_window_reply");
_Static_assert(sizeof(struct get_window_info_request) == 16, "get_window_info_request");
_Static_assert(sizeof(struct get_window_info_reply) == 40, "get_window_info_reply");
_Static_assert(sizeof(struct set_window_info_request) == 64, "set_window_info_request");
_Static_assert(sizeof(struct set_window_info_reply) == 48, "set_window_info_reply");
_Static_assert(sizeof(struct get_window_parents_request) == 16, "get_window_parents_request");
_Static_assert(sizeof(struct get_window_parents_reply) == 16, "get_window_parents_reply");
_Static_assert(sizeof(struct get_window_children_request) == 32, "get_window_children_request");
_Static_assert(sizeof(struct get_window_children_reply) == 16, "get_window_children_reply");
_Static_assert(sizeof(struct get_window_tree_request) == 16, "get_window_tree_request");
_Static_assert(sizeof(struct get_window_tree_reply) == 40, "get_window_tree_reply");
_Static_assert(sizeof(struct set_window_pos_request) == 56, "set_window_pos_request");
_Static_assert(sizeof(struct set_window_pos_reply) == 24, "set_window_pos_reply");
_Static_assert(sizeof(struct get_window_rectangles_request) == 24, "get_window_rectangles_request");
_Static_assert(sizeof(struct get_window_rectangles_reply) == 40, "get_window_rectangles_reply");
_Static_assert(sizeof(struct get_window_text_request) == 16, "get_window_text_request");
_Static_assert(sizeof(struct get_window_text_reply) == 16, "get_window_text_reply");
_Static_assert(sizeof(struct set_window_text_request) == 16, "set_window_text_request");
_Static_assert(sizeof(struct set_window_text_reply) == 8, "set_window_text_reply");
_Static_assert(sizeof(struct set_parent_request) == 24, "set_parent_request");
_Static_assert(sizeof(struct set_parent_reply) == 24, "set_parent_reply");
_Static_assert(sizeof(struct set_window_owner_request) == 24, "set_window_owner_request");
_Static_assert(sizeof(struct set_window_owner_reply) == 16, "set_window_owner_reply");
_Static_assert(sizeof(struct get_msg_queue_request) == 16, "get_msg_queue_request");
_Static_assert(sizeof(struct get_msg_queue_reply) == 16, "get_msg_queue_reply");
_Static_assert(sizeof(struct get_process_idle_event_request) == 16, "get_process_idle_event_request");
_Static_assert(sizeof(struct get_process_idle_event_reply) == 16, "get_process_idle_event_reply");
_Static_assert(sizeof(struct set_queue_mask_request) == 24, "set_queue_mask_request");
_Static_assert(sizeof(struct set_queue_mask_reply) == 16, "set_queue_mask_reply");
_Static_assert(sizeof(struct get_queue_status_request) == 16, "get_queue_status_request");
_Static_assert(sizeof(struct get_queue_status_reply) == 16, "get_queue_status_reply");
_Static_assert(sizeof(struct send_message_request) == 56, "send_message_request");
_Static_assert(sizeof(struct send_message_reply) == 8, "send_message_reply");
_Static_assert(sizeof(struct post_quit_message_request) == 16, "post_quit_message_request");
_Static_assert(sizeof(struct post_quit_message_reply) == 8, "post_quit_message_reply");
_Static_assert(sizeof(struct get_message_request) == 40, "get_message_request");
_Static_assert(sizeof(struct get_message_reply) == 56, "get_message_reply");
_Static_assert(sizeof(struct reply_message_request) == 24, "reply_message_request");
_Static_assert(sizeof(struct reply_message_reply) == 8, "reply_message_reply");
_Static_assert(sizeof(struct get_message_reply_request) == 16, "get_message_reply_request");
_Static_assert(sizeof(struct get_message_reply_reply) == 16, "get_message_reply_reply");
_Static_assert(sizeof(struct accept_hardware_message_request) == 16, "accept_hardware_message_request");
_Static_assert(sizeof(struct accept_hardware_message_reply) == 8, "accept_hardware_message_reply");
_Static_assert(sizeof(struct set_window_property_request) == 32, "set_window_property_request");
_Static_assert(sizeof(struct set_window_property_reply) == 8, "set_window_property_reply");
_Static_assert(sizeof(struct get_window_property_request) == 24, "get_window_property_request");
_Static_assert(sizeof(struct get_window_property_reply) == 16, "get_window_property_reply");
_Static_assert(sizeof(struct remove_window_property_request) == 24, "remove_window_property_request");
_Static_assert(sizeof(struct remove_window_property_reply) == 16, "remove_window_property_reply");
_Static_assert(sizeof(struct get_window_properties_request) == 16, "get_window_properties_request");
_Static_assert(sizeof(struct get_window_properties_reply) == 16, "get_window_properties_reply");
_Static_assert(sizeof(struct get_visible_region_request) == 24, "get_visible_region_request");
_Static_assert(sizeof(struct get_visible_region_reply) == 56, "get_visible_region_reply");
_Static_assert(sizeof(struct get_update_region_request) == 24, "get_update_region_request");
_Static_assert(sizeof(struct get_update_region_reply) == 24, "get_update_region_reply");
_Static_assert(sizeof(struct set_focus_window_request) == 16, "set_focus_window_request");
_Static_assert(sizeof(struct set_focus_window_reply) == 16, "set_focus_window_reply");
_Static_assert(sizeof(struct set_active_window_request) == 16, "set_active_window_request");
_Static_assert(sizeof(struct set_active_window_reply) == 16, "set_active_window_reply");
_Static_assert(sizeof(struct set_foreground_window_request) == 16, "set_foreground_window_request");
_Static_assert(sizeof(struct set_foreground_window_reply) == 24, "set_foreground_window_reply");
_Static_assert(sizeof(struct set_capture_window_request) == 24, "set_capture_window_request");
_Static_assert(sizeof(struct set_capture_window_reply) == 16, "set_capture_window_reply");
_Static_assert(sizeof(struct get_thread_input_request) == 16, "get_thread_input_request");
_Static_assert(sizeof(struct get_thread_input_reply) == 64, "get_thread_input_reply");
_Static_assert(sizeof(struct get_key_state_request) == 24, "get_key_state_request");
_Static_assert(sizeof(struct get_key_state_reply) == 16, "get_key_state_reply");
_Static_assert(sizeof(struct get_last_input_time_request) == 16, "get_last_input_time_request");
_Static_assert(sizeof(struct get_last_input_time_reply) == 16, "get_last_input_time_reply");
_Static_assert(sizeof(struct is_window_hung_request) == 16, "is_window_hung_request");
_Static_assert(sizeof(struct is_window_hung_reply) == 16, "is_window_hung_reply");
_Static_assert(sizeof(struct update_window_zorder_request) == 32, "update_window_zorder_request");
_Static_assert(sizeof(struct update_window_zorder_reply) == 8, "update_window_zorder_reply");
_Static_assert(sizeof(struct redraw_window_request) == 24, "redraw_window_request");
_Static_assert(sizeof(struct redraw_window_reply) == 8, "redraw_window_reply");
_Static_assert(sizeof(struct get_window_region_request) == 16, "get_window_region_request");
_Static_assert(sizeof(struct get_window_region_reply) == 16, "get_window_region_reply");
_Static_assert(sizeof(struct set_window_region_request) == 24, "set_window_region_request");
_Static_assert(sizeof(struct set_window_region_reply) == 8, "set_window_region_reply");
_Static_assert(sizeof(struct get_surface_region_request) == 16, "get_surface_region_request");
_Static_assert(sizeof(struct get_surface_region_reply) == 32, "get_surface_region_reply");
_Static_assert(sizeof(struct set_win_timer_request) == 40, "set_win_timer_request");
_Static_assert(sizeof(struct set_win_timer_reply) == 16, "set_win_timer_reply");
_Static_assert(sizeof(struct kill_win_timer_request) == 32, "kill_win_timer_request");
_Static_assert(sizeof(struct kill_win_timer_reply) == 8, "kill_win_timer_reply");
_Static_assert(sizeof(struct get_window_children_from_point_request) == 32, "get_window_children_from_point_request");
_Static_assert(sizeof(struct get_window_children_from_point_reply) == 16, "get_window_children_from_point_reply");
struct alloc_user_handle_request {
    struct request_header h;
    char pad_12[4];
};
struct alloc_user_handle_reply {
    struct reply_header h;
    user_handle_t handle;
    char pad_12[4];
};

struct free_user_handle_request {
    struct request_header h;
    user_handle_t handle;
};
struct free_user_handle_reply {
    struct reply_header h;
};

_Static_assert(sizeof(struct alloc_user_handle_request) == 16, "alloc_user_handle_request");
_Static_assert(sizeof(struct alloc_user_handle_reply) == 16, "alloc_user_handle_reply");
_Static_assert(sizeof(struct free_user_handle_request) == 16, "free_user_handle_request");
_Static_assert(sizeof(struct free_user_handle_reply) == 8, "free_user_handle_reply");
struct set_hook_request {
    struct request_header h;
    int id;
    process_id_t pid;
    thread_id_t tid;
    int event_min;
    int event_max;
    client_ptr_t proc;
    int flags;
    int unicode;
    /* then: module (unicode_str) */
};
struct set_hook_reply {
    struct reply_header h;
    user_handle_t handle;
    unsigned int active_hooks;
};

struct remove_hook_request {
    struct request_header h;
    user_handle_t handle;
    client_ptr_t proc;
    int id;
    char pad_28[4];
};
struct remove_hook_reply {
    struct reply_header h;
    unsigned int active_hooks;
    char pad_12[4];
};

struct start_hook_chain_request {
    struct request_header h;
    int id;
    int event;
    user_handle_t window;
    int object_id;
    int child_id;
};
struct start_hook_chain_reply {
    struct reply_header h;
    user_handle_t handle;
    process_id_t pid;
    thread_id_t tid;
    int unicode;
    client_ptr_t proc;
    unsigned int active_hooks;
    /* then: module (unicode_str) */
    char pad_36[4];
};

struct finish_hook_chain_request {
    struct request_header h;
    int id;
};
struct finish_hook_chain_reply {
    struct reply_header h;
};

struct get_hook_info_request {
    struct request_header h;
    user_handle_t handle;
    int get_next;
    int event;
    user_handle_t window;
    int object_id;
    int child_id;
    char pad_36[4];
};
struct get_hook_info_reply {
    struct reply_header h;
    user_handle_t handle;
    int id;
    process_id_t pid;
    thread_id_t tid;
    client_ptr_t proc;
    int unicode;
    /* then: module (unicode_str) */
    char pad_36[4];
};

_Static_assert(sizeof(struct set_hook_request) == 48, "set_hook_request");
_Static_assert(sizeof(struct set_hook_reply) == 16, "set_hook_reply");
_Static_assert(sizeof(struct remove_hook_request) == 32, "remove_hook_request");
_Static_assert(sizeof(struct remove_hook_reply) == 16, "remove_hook_reply");
_Static_assert(sizeof(struct start_hook_chain_request) == 32, "start_hook_chain_request");
_Static_assert(sizeof(struct start_hook_chain_reply) == 40, "start_hook_chain_reply");
_Static_assert(sizeof(struct finish_hook_chain_request) == 16, "finish_hook_chain_request");
_Static_assert(sizeof(struct finish_hook_chain_reply) == 8, "finish_hook_chain_reply");
_Static_assert(sizeof(struct get_hook_info_request) == 40, "get_hook_info_request");
_Static_assert(sizeof(struct get_hook_info_reply) == 40, "get_hook_info_reply");

/* ---- Window offsets ---- */

struct get_windows_offset_request {
    struct request_header h;
    user_handle_t from;
    user_handle_t to;
    int dpi;
};
struct get_windows_offset_reply {
    struct reply_header h;
    int x;
    int y;
    int mirror;
    char pad_20[4];
};
_Static_assert(sizeof(struct get_windows_offset_request) == 24, "get_windows_offset_request");
_Static_assert(sizeof(struct get_windows_offset_reply) == 24, "get_windows_offset_reply");

/* ---- Enumerating window stations and desktops ---- */

struct enum_winstation_request {
    struct request_header h;
    unsigned int index;
};
struct enum_winstation_reply {
    struct reply_header h;
    unsigned int next;
    /* then: name (unicode_str) */
    char pad_12[4];
};

struct enum_desktop_request {
    struct request_header h;
    obj_handle_t winstation;
    unsigned int index;
    char pad_20[4];
};
struct enum_desktop_reply {
    struct reply_header h;
    unsigned int next;
    /* then: name (unicode_str) */
    char pad_12[4];
};
_Static_assert(sizeof(struct enum_winstation_request) == 16, "enum_winstation_request");
_Static_assert(sizeof(struct enum_winstation_reply) == 16, "enum_winstation_reply");
_Static_assert(sizeof(struct enum_desktop_request) == 24, "enum_desktop_request");
_Static_assert(sizeof(struct enum_desktop_reply) == 16, "enum_desktop_reply");

/* ---- WinEvent hooks ---- */

struct winevent_msg_data {
    user_handle_t hook;
    thread_id_t tid;
    client_ptr_t hook_proc;
    /* then: the module name */
};
_Static_assert(sizeof(struct winevent_msg_data) == 16, "winevent_msg_data");

/* ---- SendMessageCallback ---- */

struct callback_msg_data {
    client_ptr_t callback;
    lparam_t data;
    lparam_t result;
};
_Static_assert(sizeof(struct callback_msg_data) == 24, "callback_msg_data");

/* ---- The caret ---- */

struct set_caret_window_request {
    struct request_header h;
    user_handle_t handle;
    int width;
    int height;
};
struct set_caret_window_reply {
    struct reply_header h;
    user_handle_t previous;
    rectangle_t old_rect;
    int old_hide;
    int old_state;
    char pad_36[4];
};

struct set_caret_info_request {
    struct request_header h;
    unsigned int flags;
    user_handle_t handle;
    int x;
    int y;
    int hide;
    int state;
    char pad_36[4];
};
struct set_caret_info_reply {
    struct reply_header h;
    user_handle_t full_handle;
    rectangle_t old_rect;
    int old_hide;
    int old_state;
    char pad_36[4];
};
#define SET_CARET_POS 0x01
#define SET_CARET_HIDE 0x02
#define SET_CARET_STATE 0x04
enum { CARET_STATE_OFF, CARET_STATE_ON, CARET_STATE_TOGGLE, CARET_STATE_ON_IF_MOVED };

_Static_assert(sizeof(struct set_caret_window_request) == 24, "set_caret_window_request");
_Static_assert(sizeof(struct set_caret_window_reply) == 40, "set_caret_window_reply");
_Static_assert(sizeof(struct set_caret_info_request) == 40, "set_caret_info_request");
_Static_assert(sizeof(struct set_caret_info_reply) == 40, "set_caret_info_reply");

/* ---- The clipboard ---- */

struct open_clipboard_request {
    struct request_header h;
    user_handle_t window;
};
struct open_clipboard_reply {
    struct reply_header h;
    user_handle_t owner;
    char pad_12[4];
};

struct close_clipboard_request {
    struct request_header h;
    char pad_12[4];
};
struct close_clipboard_reply {
    struct reply_header h;
    user_handle_t viewer;
    user_handle_t owner;
};

struct empty_clipboard_request {
    struct request_header h;
    char pad_12[4];
};
struct empty_clipboard_reply {
    struct reply_header h;
};

struct set_clipboard_data_request {
    struct request_header h;
    unsigned int format;
    unsigned int lcid;
    /* then: data (bytes) */
    char pad_20[4];
};
struct set_clipboard_data_reply {
    struct reply_header h;
    unsigned int seqno;
    char pad_12[4];
};

struct get_clipboard_data_request {
    struct request_header h;
    unsigned int format;
    int render;
    int cached;
    unsigned int seqno;
    char pad_28[4];
};
struct get_clipboard_data_reply {
    struct reply_header h;
    unsigned int from;
    user_handle_t owner;
    unsigned int seqno;
    data_size_t total;
    /* then: data (bytes) */
};

struct get_clipboard_formats_request {
    struct request_header h;
    unsigned int format;
};
struct get_clipboard_formats_reply {
    struct reply_header h;
    unsigned int count;
    /* then: formats (uints) */
    char pad_12[4];
};

struct enum_clipboard_formats_request {
    struct request_header h;
    unsigned int previous;
};
struct enum_clipboard_formats_reply {
    struct reply_header h;
    unsigned int format;
    char pad_12[4];
};

struct release_clipboard_request {
    struct request_header h;
    user_handle_t owner;
};
struct release_clipboard_reply {
    struct reply_header h;
    user_handle_t viewer;
    user_handle_t owner;
};

struct get_clipboard_info_request {
    struct request_header h;
    char pad_12[4];
};
struct get_clipboard_info_reply {
    struct reply_header h;
    user_handle_t window;
    user_handle_t owner;
    user_handle_t viewer;
    unsigned int seqno;
};

struct set_clipboard_viewer_request {
    struct request_header h;
    user_handle_t viewer;
    user_handle_t previous;
    char pad_20[4];
};
struct set_clipboard_viewer_reply {
    struct reply_header h;
    user_handle_t old_viewer;
    user_handle_t owner;
};

struct add_clipboard_listener_request {
    struct request_header h;
    user_handle_t window;
};
struct add_clipboard_listener_reply {
    struct reply_header h;
};

struct remove_clipboard_listener_request {
    struct request_header h;
    user_handle_t window;
};
struct remove_clipboard_listener_reply {
    struct reply_header h;
};

_Static_assert(sizeof(struct open_clipboard_request) == 16, "open_clipboard_request");
_Static_assert(sizeof(struct open_clipboard_reply) == 16, "open_clipboard_reply");
_Static_assert(sizeof(struct close_clipboard_request) == 16, "close_clipboard_request");
_Static_assert(sizeof(struct close_clipboard_reply) == 16, "close_clipboard_reply");
_Static_assert(sizeof(struct empty_clipboard_request) == 16, "empty_clipboard_request");
_Static_assert(sizeof(struct empty_clipboard_reply) == 8, "empty_clipboard_reply");
_Static_assert(sizeof(struct set_clipboard_data_request) == 24, "set_clipboard_data_request");
_Static_assert(sizeof(struct set_clipboard_data_reply) == 16, "set_clipboard_data_reply");
_Static_assert(sizeof(struct get_clipboard_data_request) == 32, "get_clipboard_data_request");
_Static_assert(sizeof(struct get_clipboard_data_reply) == 24, "get_clipboard_data_reply");
_Static_assert(sizeof(struct get_clipboard_formats_request) == 16, "get_clipboard_formats_request");
_Static_assert(sizeof(struct get_clipboard_formats_reply) == 16, "get_clipboard_formats_reply");
_Static_assert(sizeof(struct enum_clipboard_formats_request) == 16, "enum_clipboard_formats_request");
_Static_assert(sizeof(struct enum_clipboard_formats_reply) == 16, "enum_clipboard_formats_reply");
_Static_assert(sizeof(struct release_clipboard_request) == 16, "release_clipboard_request");
_Static_assert(sizeof(struct release_clipboard_reply) == 16, "release_clipboard_reply");
_Static_assert(sizeof(struct get_clipboard_info_request) == 16, "get_clipboard_info_request");
_Static_assert(sizeof(struct get_clipboard_info_reply) == 24, "get_clipboard_info_reply");
_Static_assert(sizeof(struct set_clipboard_viewer_request) == 24, "set_clipboard_viewer_request");
_Static_assert(sizeof(struct set_clipboard_viewer_reply) == 16, "set_clipboard_viewer_reply");
_Static_assert(sizeof(struct add_clipboard_listener_request) == 16, "add_clipboard_listener_request");
_Static_assert(sizeof(struct add_clipboard_listener_reply) == 8, "add_clipboard_listener_reply");
_Static_assert(sizeof(struct remove_clipboard_listener_request) == 16, "remove_clipboard_listener_request");
_Static_assert(sizeof(struct remove_clipboard_listener_reply) == 8, "remove_clipboard_listener_reply");

#endif /* KEEP_SERVER_PROTO_H */

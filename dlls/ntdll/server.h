/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * server.h - keep's in-process object server: what Wine's wineserver
 * answers in Wine, answered here by the kernel, from objects it owns.
 *
 * Wine's unix libraries (win32u.so) and user32.dll send wineserver
 * requests through wine_server_call(struct __server_request_info *): a
 * 64-byte fixed part that starts with a request header, up to five
 * vectors of variable request data, and a buffer for variable reply data.
 * The fixed reply overwrites the fixed request.  Layouts and request
 * numbers must match Wine 8.0's binaries byte for byte (server_proto.h
 * declares the ones keep implements, with their sizes checked).
 *
 * A handler reads the request (call->req, call->data) and fills the reply
 * (call->reply and, through server_reply_data(), the variable part); its
 * NTSTATUS becomes reply.error.  A request without a handler answers
 * STATUS_NOT_IMPLEMENTED and is reported once with KEEPDEBUG=syscalls.
 */
#ifndef KEEP_SERVER_H
#define KEEP_SERVER_H

#include "kernel.h"
#include "server_proto.h"

struct server_call {
    const union generic_request *req;   /* the fixed request (a copy) */
    union generic_reply *reply;         /* the fixed reply, zeroed */
    const void *data;                   /* the request's variable data, gathered */
    data_size_t data_size;
    void *reply_data;                   /* the caller's buffer, or NULL */
    data_size_t reply_max;              /* its size */
    data_size_t reply_size;             /* bytes written so far */
};

typedef NTSTATUS (*server_handler)(struct server_call *call);

/* Handlers register themselves, like system calls: SERVER_REQ(name)
 * registers req_name for REQ_name. */
struct server_req_entry {
    unsigned req;
    server_handler handler;
};
#define SERVER_REQ(name)                                                    \
    static const struct server_req_entry server_req_entry_##name            \
        __attribute__((section("keep_server_reqs"), used, aligned(8))) =    \
            { REQ_##name, req_##name }

/* Copy size bytes of variable reply data (truncated to what the caller
 * allows; server_reply_room says how much that is). */
void server_reply_data(struct server_call *call, const void *data, data_size_t size);
static inline data_size_t server_reply_room(const struct server_call *call)
{
    return call->reply_max - call->reply_size;
}

/* Names of requests, for reports; implemented/stubbed counts for tests. */
const char *server_request_name(unsigned req);
int server_request_implemented(unsigned req);

#endif /* KEEP_SERVER_H */

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * server.c - wine_server_call: the in-process object server's door.
 *
 * Where Wine writes a request to the wineserver's pipe and reads the reply,
 * keep gathers the request, runs the handler registered for its number
 * (SERVER_REQ, in the files of the server: winstation.c, window.c, ...)
 * and writes the reply back into the caller's structure.  There is no
 * server process: the objects are the kernel's.
 */
#include "server.h"

static const char *const request_names[REQ_NB_REQUESTS] = {
#define SERVER_REQUEST(name) #name,
#include "server_requests.h"
#undef SERVER_REQUEST
};

extern const struct server_req_entry __start_keep_server_reqs[] __attribute__((visibility("hidden")));
extern const struct server_req_entry __stop_keep_server_reqs[] __attribute__((visibility("hidden")));

static server_handler handlers[REQ_NB_REQUESTS];
static uint8_t reported[REQ_NB_REQUESTS];
static int handlers_ready;
static struct klock handlers_lock = KLOCK_INIT;

static void load_handlers(void)
{
    klock_acquire(&handlers_lock);
    if (!handlers_ready) {
        for (const struct server_req_entry *e = __start_keep_server_reqs;
             e < __stop_keep_server_reqs; e++)
            if (e->req < REQ_NB_REQUESTS)
                handlers[e->req] = e->handler;
        __atomic_store_n(&handlers_ready, 1, __ATOMIC_RELEASE);
    }
    klock_release(&handlers_lock);
}

const char *server_request_name(unsigned req)
{
    return req < REQ_NB_REQUESTS ? request_names[req] : "?";
}

int server_request_implemented(unsigned req)
{
    if (!__atomic_load_n(&handlers_ready, __ATOMIC_ACQUIRE))
        load_handlers();
    return req < REQ_NB_REQUESTS && handlers[req] != NULL;
}

void server_reply_data(struct server_call *call, const void *data, data_size_t size)
{
    data_size_t room = server_reply_room(call);

    if (size > room)
        size = room;
    if (size)
        memcpy((char *)call->reply_data + call->reply_size, data, size);
    call->reply_size += size;
}

/* The variable request data in one piece (the vectors concatenated). */
static NTSTATUS gather(const struct __server_request_info *info, void **out, data_size_t *size)
{
    data_size_t total = 0;
    char *buf;

    *out = NULL;
    *size = 0;
    if (info->data_count > SERVER_MAX_DATA)
        return STATUS_INVALID_PARAMETER;
    for (unsigned i = 0; i < info->data_count; i++) {
        if (info->data[i].size > 0x10000000 - total)
            return STATUS_INVALID_PARAMETER;
        total += info->data[i].size;
    }
    if (total != info->u.req.request_header.request_size)
        return STATUS_INVALID_PARAMETER;
    if (!total)
        return STATUS_SUCCESS;
    if (info->data_count == 1) {
        *out = (void *)info->data[0].ptr;   /* nothing to gather */
        *size = total;
        return STATUS_SUCCESS;
    }
    if (!(buf = kmalloc(total)))
        return STATUS_NO_MEMORY;
    for (unsigned i = 0, pos = 0; i < info->data_count; pos += info->data[i].size, i++)
        memcpy(buf + pos, info->data[i].ptr, info->data[i].size);
    *out = buf;
    *size = total;
    return STATUS_SUCCESS;
}

static NTSTATUS unimplemented(unsigned req)
{
    if (req < REQ_NB_REQUESTS && !reported[req] && (kernel.debug & KEEP_DEBUG_SYSCALLS)) {
        reported[req] = 1;
        kernel_log("keep: server request %s (%u) not implemented\n", server_request_name(req), req);
    }
    return STATUS_NOT_IMPLEMENTED;
}

unsigned int NTAPI KERNEL_EXPORT wine_server_call(void *req_ptr)
{
    struct __server_request_info *info = req_ptr;
    union generic_request req = info->u.req;
    union generic_reply reply;
    struct server_call call = { &req, &reply, NULL, 0, info->reply_data,
                                req.request_header.reply_size, 0 };
    unsigned num = (unsigned)req.request_header.req;
    void *data;
    NTSTATUS st;

    if (!__atomic_load_n(&handlers_ready, __ATOMIC_ACQUIRE))
        load_handlers();
    memset(&reply, 0, sizeof(reply));
    if (call.reply_max && !call.reply_data)
        call.reply_max = 0;
    if (num >= REQ_NB_REQUESTS || !handlers[num]) {
        st = unimplemented(num);
    } else if (!(st = gather(info, &data, &call.data_size))) {
        call.data = data;
        st = handlers[num](&call);
        if (info->data_count > 1)
            kfree(data);
    }
    KTRACE(KEEP_DEBUG_TRACE, "keep: server %s -> %#x\n", server_request_name(num), (unsigned)st);
    reply.reply_header.error = (unsigned)st;
    reply.reply_header.reply_size = call.reply_size;
    info->u.reply = reply;
    return (unsigned)st;
}
SYSCALL(wine_server_call);

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * rdp_test_util.c - see rdp_test_util.h.
 */
#define _GNU_SOURCE
#include "tests/rdp/rdp_test_util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <linux/tcp.h>
#include <stdint.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <freerdp/gdi/gdi.h>
#include <freerdp/pointer.h>
#include <winpr/synch.h>
#include <winpr/wlog.h>

#include "rdp/pattern.h"

static int tap_count, tap_failed;

int tap_ok(int cond, const char *fmt, ...)
{
    va_list ap;

    printf("%sok %d - ", cond ? "" : "not ", ++tap_count);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
    if (!cond)
        tap_failed++;
    return cond;
}

void test_init(void)
{
    wLog *root = WLog_GetRoot();

    /* stdout is for TAP. */
    setvbuf(stdout, NULL, _IOLBF, 0);
    WLog_SetLogAppenderType(root, WLOG_APPENDER_CONSOLE);
    WLog_ConfigureAppender(WLog_GetLogAppender(root), "outputstream", "stderr");
    if (!getenv("WLOG_LEVEL"))
        WLog_SetLogLevel(root, WLOG_WARN);
}

int tap_done(void)
{
    printf("1..%d\n", tap_count);
    return tap_failed ? 1 : 0;
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Binds port 0 to let the kernel choose, then frees it for the server. */
static unsigned free_port(void)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    unsigned port = 0;

    if (fd < 0)
        return 0;
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 && getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static void server_exec(struct test_server *s, int out, const char *const *extra)
{
    const char *top = getenv("top_builddir");
    char prog[4096], listen[64];
    const char *argv[32];
    int n = 0, err;

    snprintf(prog, sizeof(prog), "%s/rdp/%s", top ? top : ".", s->asan ? "keep-rdp-test-asan" : "keep-rdp-test");
    snprintf(listen, sizeof(listen), s->bare_port ? "%u" : "127.0.0.1:%u", s->port);
    argv[n++] = prog;
    argv[n++] = "--rdp";
    argv[n++] = listen;
    argv[n++] = "--instance";
    argv[n++] = s->dir;
    for (int i = 0; extra && extra[i] && n < 30; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    if (s->asan) {
        const char *src = getenv("srcdir");
        char supp[4200];
        snprintf(supp, sizeof(supp), "suppressions=%s/tests/rdp/lsan.supp:print_suppressions=0", src ? src : ".");
        setenv("LSAN_OPTIONS", supp, 1);
    }
    err = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(126);
    execv(prog, (char *const *)argv);
    _exit(127);
}

int server_prepare(struct test_server *s)
{
    int bare = s->bare_port, asan = s->asan;

    memset(s, 0, sizeof(*s));
    s->bare_port = bare;
    s->asan = asan;
    snprintf(s->dir, sizeof(s->dir), "/tmp/keep-rdp-test.XXXXXX");
    if (!mkdtemp(s->dir))
        return -1;
    snprintf(s->log, sizeof(s->log), "%s/server.log", s->dir);
    s->port = free_port();
    return s->port ? 0 : -1;
}

static void spawn_exec(struct test_server *s, int out, const char *const *argv)
{
    int err = open(s->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    if (err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
        _exit(126);
    execv(argv[0], (char *const *)argv);
    _exit(127);
}

int server_spawn(struct test_server *s, const char *const *argv)
{
    int p[2];

    if (pipe2(p, O_CLOEXEC) < 0)
        return -1;
    s->pid = fork();
    if (s->pid == 0)
        spawn_exec(s, p[1], argv);
    close(p[1]);
    s->out_fd = p[0];
    return s->pid < 0 ? -1 : 0;
}

int server_start(struct test_server *s, const char *const *extra)
{
    char line[256];
    int p[2];

    if (server_prepare(s) < 0 || pipe2(p, O_CLOEXEC) < 0)
        return -1;
    s->pid = fork();
    if (s->pid == 0)
        server_exec(s, p[1], extra);
    close(p[1]);
    s->out_fd = p[0];
    if (s->pid < 0)
        return -1;
    /* Making the certificate takes a moment on the first start. */
    while (server_line(s, line, sizeof(line), 20000))
        if (strncmp(line, "listening ", 10) == 0)
            return 0;
    return -1;
}

int server_wait(struct test_server *s, int timeout_ms)
{
    long end = now_ms() + timeout_ms;
    int status;

    while (waitpid(s->pid, &status, WNOHANG) == 0) {
        if (now_ms() > end) {
            kill(s->pid, SIGKILL);
            waitpid(s->pid, &status, 0);
            return -1;
        }
        usleep(20000);
    }
    close(s->out_fd);
    s->pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* Removes the instance directory, unless something failed: then its
 * server.log is worth reading. */
static void server_cleanup(struct test_server *s)
{
    static const char *const files[] = { "server.log", "keep.crt", "keep.key", "default/keep.crt",
                                         "default/keep.key" };
    char path[512];

    if (tap_failed) {
        printf("# server log kept in %s\n", s->log);
        return;
    }
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", s->dir, files[i]);
        if (!getenv("KEEP_RDP_TEST_KEEP"))
            unlink(path);
    }
    if (!getenv("KEEP_RDP_TEST_KEEP"))
        rmdir(s->dir);
}

int server_stop(struct test_server *s)
{
    int status, rc = -1;

    /* Closed first: a server blocked writing event lines nobody reads
     * gets EPIPE and goes on to notice SIGTERM. */
    close(s->out_fd);
    if (kill(s->pid, 0) < 0) {
        waitpid(s->pid, &status, 0);
        goto out;
    }
    kill(s->pid, SIGTERM);
    if (waitpid(s->pid, &status, 0) != s->pid)
        goto out;
    rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
out:
    if (rc != 0)
        tap_failed++; /* keep the log of a server that died */
    server_cleanup(s);
    return rc;
}

static int take_line(struct test_server *s, char *line, size_t size)
{
    char *nl = memchr(s->buf, '\n', s->len);
    size_t n;

    if (!nl)
        return 0;
    n = (size_t)(nl - s->buf);
    snprintf(line, size, "%.*s", (int)n, s->buf);
    memmove(s->buf, nl + 1, s->len - n - 1);
    s->len -= n + 1;
    return 1;
}

int server_line(struct test_server *s, char *line, size_t size, int timeout_ms)
{
    long end = now_ms() + timeout_ms;

    while (!take_line(s, line, size)) {
        struct pollfd pfd = { s->out_fd, POLLIN, 0 };
        long left = end - now_ms();
        ssize_t got;
        if (left <= 0 || poll(&pfd, 1, (int)left) <= 0 || s->len == sizeof(s->buf))
            return 0;
        got = read(s->out_fd, s->buf + s->len, sizeof(s->buf) - s->len);
        if (got <= 0)
            return 0;
        s->len += (size_t)got;
    }
    return 1;
}

int server_log_count(const struct test_server *s, const char *needle)
{
    FILE *f = fopen(s->log, "r");
    char line[1024];
    int n = 0;

    if (!f)
        return 0;
    while (fgets(line, sizeof(line), f))
        n += strstr(line, needle) != NULL;
    fclose(f);
    return n;
}

/* ---- The client ---------------------------------------------------- */

struct test_context {
    rdpContext base;
    struct client_pointer ptr;
};

struct client_pointer *client_pointer(freerdp *inst)
{
    return &((struct test_context *)inst->context)->ptr;
}

/* libfreerdp's update path fails a PDU when the client has no EndPaint:
 * a headless client paints into GDI's buffer and has nothing to flush. */
static BOOL on_begin_paint(rdpContext *ctx)
{
    ctx->gdi->primary->hdc->hwnd->invalid->null = TRUE;
    return TRUE;
}

static BOOL on_end_paint(rdpContext *ctx)
{
    (void)ctx;
    return TRUE;
}

static BOOL on_desktop_resize(rdpContext *ctx)
{
    return gdi_resize(ctx->gdi, ctx->settings->DesktopWidth, ctx->settings->DesktopHeight);
}

/* The pointer updates are recorded, not drawn: the tests check the
 * shapes the server sent bit for bit. */
static BOOL on_pointer_new(rdpContext *ctx, const POINTER_NEW_UPDATE *up)
{
    struct client_pointer *p = &((struct test_context *)ctx)->ptr;
    const POINTER_COLOR_UPDATE *c = &up->colorPtrAttr;
    size_t n = c->lengthXorMask < sizeof(p->new_xor) ? c->lengthXorMask : sizeof(p->new_xor);

    p->news++;
    p->new_bpp = up->xorBpp;
    p->new_w = c->width;
    p->new_h = c->height;
    p->new_hotx = c->xPos;
    p->new_hoty = c->yPos;
    p->new_slot = c->cacheIndex;
    memset(p->new_xor, 0, sizeof(p->new_xor));
    if (c->xorMaskData)
        memcpy(p->new_xor, c->xorMaskData, n);
    return TRUE;
}

static BOOL on_pointer_cached(rdpContext *ctx, const POINTER_CACHED_UPDATE *up)
{
    struct client_pointer *p = &((struct test_context *)ctx)->ptr;

    p->cached++;
    p->cached_slot = up->cacheIndex;
    return TRUE;
}

static BOOL on_pointer_system(rdpContext *ctx, const POINTER_SYSTEM_UPDATE *up)
{
    struct client_pointer *p = &((struct test_context *)ctx)->ptr;

    p->systems++;
    p->system_type = up->type;
    return TRUE;
}

static BOOL on_pointer_position(rdpContext *ctx, const POINTER_POSITION_UPDATE *up)
{
    struct client_pointer *p = &((struct test_context *)ctx)->ptr;

    p->positions++;
    p->pos_x = up->xPos;
    p->pos_y = up->yPos;
    return TRUE;
}

static BOOL on_post_connect(freerdp *inst)
{
    rdpPointerUpdate *ptr = inst->update->pointer;

    if (!gdi_init(inst, PIXEL_FORMAT_BGRX32))
        return FALSE;
    inst->update->BeginPaint = on_begin_paint;
    inst->update->EndPaint = on_end_paint;
    inst->update->DesktopResize = on_desktop_resize;
    ptr->PointerNew = on_pointer_new;
    ptr->PointerCached = on_pointer_cached;
    ptr->PointerSystem = on_pointer_system;
    ptr->PointerPosition = on_pointer_position;
    return TRUE;
}

static void on_post_disconnect(freerdp *inst)
{
    gdi_free(inst);
}

static void client_settings(rdpSettings *s, unsigned port, const struct client_opts *o)
{
    s->ServerHostname = strdup("127.0.0.1");
    s->ServerPort = port;
    s->DesktopWidth = o->w;
    s->DesktopHeight = o->h;
    s->ColorDepth = o->depth ? o->depth : 32;
    s->SoftwareGdi = TRUE;
    /* A self-signed certificate made for the test instance. */
    s->IgnoreCertificate = TRUE;
    s->RdpSecurity = FALSE;
    s->TlsSecurity = !o->nla;
    s->NlaSecurity = o->nla;
    s->AutoReconnectionEnabled = FALSE;
    s->RemoteFxCodec = o->rfx;
    s->NSCodec = o->nsc;
    if (o->rfx || o->nsc) {
        s->SurfaceCommandsEnabled = TRUE;
        s->FastPathOutput = TRUE;
        s->MultifragMaxRequestSize = 0x200000;
    }
    if (o->link) {
        s->ConnectionType = o->link;
        s->NetworkAutoDetect = FALSE;
    }
    if (o->user)
        s->Username = strdup(o->user);
    if (o->password)
        s->Password = strdup(o->password);
}

freerdp *client_connect_opts(unsigned port, const struct client_opts *o)
{
    freerdp *inst = freerdp_new();

    if (!inst)
        return NULL;
    inst->ContextSize = sizeof(struct test_context);
    inst->PostConnect = on_post_connect;
    inst->PostDisconnect = on_post_disconnect;
    if (!freerdp_context_new(inst))
        goto fail;
    client_settings(inst->settings, port, o);
    if (!freerdp_connect(inst)) {
        freerdp_context_free(inst);
        goto fail;
    }
    return inst;
fail:
    freerdp_free(inst);
    return NULL;
}

freerdp *client_connect(unsigned port, uint32_t w, uint32_t h)
{
    struct client_opts o = { .w = w, .h = h };

    return client_connect_opts(port, &o);
}

uint64_t client_bytes_received(freerdp *inst)
{
    void *rfds[32], *wfds[32];
    int rn = 0, wn = 0;

    if (!freerdp_get_fds(inst, rfds, &rn, wfds, &wn))
        return 0;
    for (int i = 0; i < rn; i++) {
        struct tcp_info ti;
        socklen_t len = sizeof(ti);
        int fd = (int)(intptr_t)rfds[i];
        if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) == 0)
            return ti.tcpi_bytes_received;
    }
    return 0;
}

void client_close(freerdp *inst)
{
    if (!inst)
        return;
    freerdp_disconnect(inst);
    freerdp_context_free(inst);
    freerdp_free(inst);
}

int client_pump(freerdp **insts, int n, int ms)
{
    long end = now_ms() + ms;

    do {
        for (int i = 0; i < n; i++) {
            HANDLE h[64];
            DWORD count = freerdp_get_event_handles(insts[i]->context, h, 64);
            if (count == 0)
                return 0;
            WaitForMultipleObjects(count, h, FALSE, 10);
            if (!freerdp_check_event_handles(insts[i]->context) || freerdp_shall_disconnect(insts[i]))
                return 0;
        }
    } while (now_ms() < end);
    return 1;
}

uint32_t client_pixel(freerdp *inst, uint32_t x, uint32_t y)
{
    rdpGdi *gdi = inst->context->gdi;
    uint32_t v;

    if (!gdi || gdi->width < 0 || gdi->height < 0 || x >= (uint32_t)gdi->width || y >= (uint32_t)gdi->height)
        return 0xff000000u; /* never a pattern colour */
    memcpy(&v, gdi->primary_buffer + (size_t)y * gdi->stride + (size_t)x * 4, 4);
    return v & 0x00ffffffu;
}

uint32_t client_bits(freerdp *inst, uint32_t x, uint32_t y, int bits)
{
    uint32_t v = 0;

    for (int b = 0; b < bits; b++)
        if (client_pixel(inst, x + (uint32_t)b * PATTERN_CELL + PATTERN_CELL / 2, y + PATTERN_CELL / 2) ==
            PATTERN_WHITE)
            v |= 1u << b;
    return v;
}

uint32_t client_counter(freerdp *inst, uint32_t h)
{
    return client_bits(inst, 0, pattern_counter_y(h), 32);
}

int client_bars_ok(freerdp *inst, uint32_t w, uint32_t h)
{
    for (uint32_t b = 0; b < 8; b++) {
        uint32_t x = b * (w / 8) + w / 16;
        if (client_pixel(inst, x, 0) != pattern_bars[b] || client_pixel(inst, x, h / 2 - 1) != pattern_bars[b])
            return 0;
    }
    /* The band above the square's row is always grey. */
    return client_pixel(inst, 5, h / 2 + 8) == PATTERN_GREY && client_pixel(inst, w - 5, h / 2 + 8) == PATTERN_GREY;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * server.c - the RDP server: one listener thread, one damage thread that
 * drains the display's damage ring into every peer's pending region (and
 * notices pointer changes), and one thread per peer that owns that peer's
 * FreeRDP state (FreeRDP peers are not thread-safe) and sends its pending
 * region (encode.c) and pointer changes (pointer.c).  See docs/rdp.md.
 */
#define _GNU_SOURCE
#include "rdp/server.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <winpr/ssl.h>
#include <winpr/synch.h>
#include <winpr/tools/makecert.h>
#include <winpr/winsock.h>

#include "rdp/peer.h"

#define CERT_NAME "keep"

void rdp_log(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    int n;

    /* One write per line: peer threads log at the same time. */
    n = snprintf(line, sizeof(line), "keep-rdp: ");
    va_start(ap, fmt);
    n += vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
    va_end(ap);
    if (n > (int)sizeof(line) - 2)
        n = (int)sizeof(line) - 2;
    line[n++] = '\n';
    if (write(STDERR_FILENO, line, (size_t)n) < 0)
        return; /* nowhere else to say it */
}

static uint64_t now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* ---- The certificate ---------------------------------------------------- */

/* A self-signed certificate made once per instance and kept, so clients
 * that pinned it on first use keep trusting it. */
static int ensure_certificate(struct rdp_server *srv, const char *dir)
{
    char *argv[] = { "makecert", "-rdp", "-live", "-silent", "-y", "5", NULL };
    MAKECERT_CONTEXT *mc = NULL;
    int err = -EIO;

    snprintf(srv->cert, sizeof(srv->cert), "%s/%s.crt", dir, CERT_NAME);
    snprintf(srv->key, sizeof(srv->key), "%s/%s.key", dir, CERT_NAME);
    if (access(srv->cert, R_OK) == 0 && access(srv->key, R_OK) == 0)
        return 0;
    if (mkdir(dir, 0700) < 0 && errno != EEXIST)
        return -errno;
    mc = makecert_context_new();
    if (!mc)
        return -ENOMEM;
    if (makecert_context_process(mc, 6, argv) < 0 ||
        makecert_context_set_output_file_name(mc, CERT_NAME) != 1 ||
        makecert_context_output_certificate_file(mc, (char *)dir) != 1 ||
        makecert_context_output_private_key_file(mc, (char *)dir) != 1)
        goto out;
    /* The key must not be readable by others on a shared host. */
    chmod(srv->key, 0600);
    rdp_log("made a self-signed certificate in %s", dir);
    err = 0;
out:
    makecert_context_free(mc);
    return err;
}

/* ---- Damage ------------------------------------------------------------- */

static void peer_damage(struct rdp_peer *p, const struct display_rect *r)
{
    RECTANGLE_16 rect = { (UINT16)r->x, (UINT16)r->y, (UINT16)(r->x + r->w), (UINT16)(r->y + r->h) };

    region16_union_rect(&p->pending, &p->pending, &rect);
    SetEvent(p->wake);
}

static void peer_damage_all(struct rdp_peer *p)
{
    struct display *d = p->srv->disp;
    struct display_rect all = { 0, 0, display_width(d), display_height(d) };

    pthread_mutex_lock(&p->srv->lock);
    peer_damage(p, &all);
    /* The shape, not the position: that would move the client's own
     * pointer from under its user. */
    p->shape_dirty = 1;
    pthread_mutex_unlock(&p->srv->lock);
}

/* Waits for the display (made by the first client when none was given);
 * NULL when stopping.  Called with srv->lock held. */
static struct display *wait_display_locked(struct rdp_server *srv, int timeout_ms)
{
    struct timespec until;

    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    while (!srv->disp && WaitForSingleObject(srv->stop, 0) != WAIT_OBJECT_0)
        if (pthread_cond_timedwait(&srv->changed, &srv->lock, &until) == ETIMEDOUT)
            break;
    return srv->disp;
}

/* Pointer changes are flagged on every peer; each peer thread reads the
 * shape itself when it sends. */
static void note_cursor(struct rdp_server *srv, uint32_t *shape_seen, uint32_t *pos_seen)
{
    uint32_t shape, pos;

    display_cursor_serials(srv->disp, &shape, &pos);
    if (shape == *shape_seen && pos == *pos_seen)
        return;
    for (struct rdp_peer *p = srv->peers; p; p = p->next) {
        p->shape_dirty |= shape != *shape_seen;
        p->pos_dirty |= pos != *pos_seen;
        SetEvent(p->wake);
    }
    *shape_seen = shape;
    *pos_seen = pos;
}

/* Damage is consumed even with no peer connected: a peer starts with the
 * whole screen anyway. */
static void *damage_main(void *arg)
{
    struct rdp_server *srv = arg;
    struct display_rect r;
    uint32_t shape_seen, pos_seen;

    pthread_mutex_lock(&srv->lock);
    while (!wait_display_locked(srv, 1000))
        if (WaitForSingleObject(srv->stop, 0) == WAIT_OBJECT_0)
            break;
    pthread_mutex_unlock(&srv->lock);
    if (!srv->disp)
        return NULL;
    display_cursor_serials(srv->disp, &shape_seen, &pos_seen);
    /* The first look counts as a change of shape: a peer activated before
     * the source set its first shape sent the default pointer, and a shape
     * set before this look would otherwise never reach it. */
    shape_seen = ~shape_seen;
    while (WaitForSingleObject(srv->stop, 0) != WAIT_OBJECT_0) {
        /* Sleeps until the source publishes or stop() kicks: no polling
         * when idle (the time-out is a safety net only). */
        display_damage_wait(srv->disp, 5000);
        pthread_mutex_lock(&srv->lock);
        while (display_damage_pop(srv->disp, &r) == 1)
            for (struct rdp_peer *p = srv->peers; p; p = p->next)
                peer_damage(p, &r);
        note_cursor(srv, &shape_seen, &pos_seen);
        pthread_mutex_unlock(&srv->lock);
    }
    return NULL;
}

/* ---- Input -------------------------------------------------------------- */

static BOOL push_input(rdpInput *input, uint16_t type, uint16_t flags, int32_t code, int32_t x, int32_t y)
{
    struct rdp_peer *p = (struct rdp_peer *)input->context;
    struct display_event ev = { type, flags, code, x, y };

    pthread_mutex_lock(&p->srv->input_lock);
    /* A full ring means the source is not reading: drop, never block the
     * peer (and so every other peer's input). */
    display_input_push(p->srv->disp, &ev);
    pthread_mutex_unlock(&p->srv->input_lock);
    return TRUE;
}

static BOOL on_keyboard(rdpInput *input, UINT16 flags, UINT16 code)
{
    int32_t sc = code & 0xff;

    if (flags & KBD_FLAGS_EXTENDED)
        sc |= DISPLAY_KEY_EXTENDED;
    return push_input(input, DISPLAY_EV_KEY, (flags & KBD_FLAGS_RELEASE) ? 0 : DISPLAY_EV_DOWN, sc, 0, 0);
}

static BOOL on_unicode(rdpInput *input, UINT16 flags, UINT16 code)
{
    return push_input(input, DISPLAY_EV_UNICODE, (flags & KBD_FLAGS_RELEASE) ? 0 : DISPLAY_EV_DOWN, code, 0, 0);
}

static BOOL on_wheel(rdpInput *input, UINT16 flags, UINT16 x, UINT16 y)
{
    /* The rotation is a 9-bit two's complement value. */
    int32_t delta = flags & 0xff;

    if (flags & PTR_FLAGS_WHEEL_NEGATIVE)
        delta -= 256;
    return push_input(input, DISPLAY_EV_WHEEL, (flags & PTR_FLAGS_HWHEEL) ? DISPLAY_EV_HWHEEL : 0, delta, x, y);
}

static BOOL on_mouse(rdpInput *input, UINT16 flags, UINT16 x, UINT16 y)
{
    uint16_t down = (flags & PTR_FLAGS_DOWN) ? DISPLAY_EV_DOWN : 0;
    BOOL ok = TRUE;

    if (flags & (PTR_FLAGS_WHEEL | PTR_FLAGS_HWHEEL))
        return on_wheel(input, flags, x, y);
    if (flags & PTR_FLAGS_MOVE)
        ok = push_input(input, DISPLAY_EV_MOTION, 0, 0, x, y);
    if (flags & PTR_FLAGS_BUTTON1)
        ok = push_input(input, DISPLAY_EV_BUTTON, down, DISPLAY_BUTTON_LEFT, x, y);
    if (flags & PTR_FLAGS_BUTTON2)
        ok = push_input(input, DISPLAY_EV_BUTTON, down, DISPLAY_BUTTON_RIGHT, x, y);
    if (flags & PTR_FLAGS_BUTTON3)
        ok = push_input(input, DISPLAY_EV_BUTTON, down, DISPLAY_BUTTON_MIDDLE, x, y);
    return ok;
}

static BOOL on_extended_mouse(rdpInput *input, UINT16 flags, UINT16 x, UINT16 y)
{
    uint16_t down = (flags & PTR_XFLAGS_DOWN) ? DISPLAY_EV_DOWN : 0;

    if (flags & PTR_XFLAGS_BUTTON1)
        return push_input(input, DISPLAY_EV_BUTTON, down, DISPLAY_BUTTON_X1, x, y);
    if (flags & PTR_XFLAGS_BUTTON2)
        return push_input(input, DISPLAY_EV_BUTTON, down, DISPLAY_BUTTON_X2, x, y);
    return push_input(input, DISPLAY_EV_MOTION, 0, 0, x, y);
}

static BOOL on_synchronize(rdpInput *input, UINT32 flags)
{
    (void)input;
    (void)flags;
    return TRUE;
}

/* ---- Peer callbacks ----------------------------------------------------- */

/* The first client sizes a display the caller did not give. */
static int ensure_display(struct rdp_server *srv, uint32_t w, uint32_t h)
{
    int err = 0;

    if (w < srv->min_w)
        w = srv->min_w;
    if (h < srv->min_h)
        h = srv->min_h;
    w = w > DISPLAY_MAX_DIM ? DISPLAY_MAX_DIM : w;
    h = h > DISPLAY_MAX_DIM ? DISPLAY_MAX_DIM : h;
    pthread_mutex_lock(&srv->lock);
    if (!srv->disp) {
        err = display_create(w, h, &srv->disp);
        if (!err) {
            srv->own_disp = 1;
            rdp_log("display made at the first client's size, %" PRIu32 "x%" PRIu32, w, h);
        }
        pthread_cond_broadcast(&srv->changed);
    }
    pthread_mutex_unlock(&srv->lock);
    return err;
}

static BOOL on_post_connect(freerdp_peer *client)
{
    struct rdp_peer *p = (struct rdp_peer *)client->context;
    rdpSettings *s = client->settings;
    struct display *d;

    rdp_log("peer %u: connected, %" PRIu32 "x%" PRIu32 "x%" PRIu32 "%s", p->id, s->DesktopWidth,
            s->DesktopHeight, s->ColorDepth, s->NlaSecurity ? ", NLA" : "");
    if (!rdp_auth_check_info(p))
        return FALSE;
    if (ensure_display(p->srv, s->DesktopWidth, s->DesktopHeight) < 0)
        return FALSE;
    d = p->srv->disp;
    if (s->DesktopWidth == display_width(d) && s->DesktopHeight == display_height(d))
        return TRUE;
    /* The desktop is the framebuffer's size, whatever the client asked. */
    s->DesktopWidth = display_width(d);
    s->DesktopHeight = display_height(d);
    if (!s->DesktopResize) {
        rdp_log("peer %u: wants another size and cannot resize", p->id);
        return FALSE;
    }
    return client->update->DesktopResize(client->update->context);
}

static BOOL on_activate(freerdp_peer *client)
{
    struct rdp_peer *p = (struct rdp_peer *)client->context;

    if (rdp_encode_setup(p) < 0)
        return FALSE;
    if (!p->activated) {
        pthread_mutex_lock(&p->srv->lock);
        p->srv->stats.activated++;
        pthread_mutex_unlock(&p->srv->lock);
        rdp_log("peer %u: active, codec %s", p->id, rdp_codec_name(p->codec));
    }
    p->activated = TRUE;
    p->suppressed = FALSE;
    peer_damage_all(p);
    return TRUE;
}

static BOOL on_refresh_rect(rdpContext *ctx, BYTE count, const RECTANGLE_16 *areas)
{
    struct rdp_peer *p = (struct rdp_peer *)ctx;

    pthread_mutex_lock(&p->srv->lock);
    for (BYTE i = 0; i < count; i++)
        region16_union_rect(&p->pending, &p->pending, &areas[i]);
    pthread_mutex_unlock(&p->srv->lock);
    SetEvent(p->wake);
    return TRUE;
}

static BOOL on_suppress_output(rdpContext *ctx, BYTE allow, const RECTANGLE_16 *area)
{
    struct rdp_peer *p = (struct rdp_peer *)ctx;

    (void)area;
    p->suppressed = !allow;
    if (allow)
        peer_damage_all(p);
    return TRUE;
}

static BOOL peer_context_new(freerdp_peer *client, rdpContext *ctx)
{
    struct rdp_peer *p = (struct rdp_peer *)ctx;

    (void)client;
    region16_init(&p->pending);
    p->wake = CreateEvent(NULL, TRUE, FALSE, NULL);
    return p->wake != NULL;
}

static void peer_context_free(freerdp_peer *client, rdpContext *ctx)
{
    struct rdp_peer *p = (struct rdp_peer *)ctx;

    (void)client;
    region16_uninit(&p->pending);
    if (p->wake)
        CloseHandle(p->wake);
    rdp_encode_free(p);
    rdp_pointer_free(p);
}

static BOOL peer_configure(struct rdp_server *srv, freerdp_peer *client)
{
    rdpSettings *s = client->settings;

    s->CertificateFile = strdup(srv->cert);
    s->PrivateKeyFile = strdup(srv->key);
    if (!s->CertificateFile || !s->PrivateKeyFile)
        return FALSE;
    /* TLS, and NLA when there is a password: never standard RDP
     * security, which is broken cryptography. */
    s->RdpSecurity = FALSE;
    s->TlsSecurity = TRUE;
    s->NlaSecurity = srv->password != NULL;
    s->ColorDepth = 32;
    s->DesktopWidth = srv->disp ? display_width(srv->disp) : 1024;
    s->DesktopHeight = srv->disp ? display_height(srv->disp) : 768;
    s->RefreshRect = TRUE;
    s->SuppressOutput = TRUE;
    /* Offered; after the capability exchange these say what the client
     * takes too, and encode.c chooses from them. */
    s->RemoteFxCodec = TRUE;
    s->NSCodec = TRUE;
    s->SurfaceCommandsEnabled = TRUE;
    s->FrameMarkerCommandEnabled = TRUE;
    s->SurfaceFrameMarkerEnabled = TRUE;
    s->ColorPointerFlag = TRUE;
    s->PointerCacheSize = RDP_POINTER_SLOTS;
    s->FastPathOutput = TRUE;
    s->UnicodeInput = TRUE;
    s->HasHorizontalWheel = TRUE;
    s->HasExtendedMouseEvent = TRUE;
    client->PostConnect = on_post_connect;
    client->Activate = on_activate;
    client->input->SynchronizeEvent = on_synchronize;
    client->input->KeyboardEvent = on_keyboard;
    client->input->UnicodeKeyboardEvent = on_unicode;
    client->input->MouseEvent = on_mouse;
    client->input->ExtendedMouseEvent = on_extended_mouse;
    client->update->RefreshRect = on_refresh_rect;
    client->update->SuppressOutput = on_suppress_output;
    rdp_auth_configure(srv, client);
    return TRUE;
}

/* ---- Peer threads ------------------------------------------------------- */

static void peer_register(struct rdp_server *srv, struct rdp_peer *p)
{
    pthread_mutex_lock(&srv->lock);
    p->srv = srv;
    p->next = srv->peers;
    srv->peers = p;
    pthread_mutex_unlock(&srv->lock);
}

static void peer_unregister(struct rdp_server *srv, struct rdp_peer *p)
{
    pthread_mutex_lock(&srv->lock);
    for (struct rdp_peer **pp = &srv->peers; *pp; pp = &(*pp)->next) {
        if (*pp == p) {
            *pp = p->next;
            break;
        }
    }
    pthread_mutex_unlock(&srv->lock);
}

/* Takes what is pending (under the lock) and sends it (outside it).  The
 * pixels are read while the source may be drawing the next frame: a torn
 * tile is followed by that frame's own damage, so the client converges. */
static BOOL peer_send_pending(struct rdp_peer *p)
{
    REGION16 todo;
    int shape, pos;
    BOOL ok;

    if (!p->activated || p->suppressed)
        return TRUE;
    region16_init(&todo);
    pthread_mutex_lock(&p->srv->lock);
    region16_copy(&todo, &p->pending);
    region16_clear(&p->pending);
    shape = p->shape_dirty;
    pos = p->pos_dirty;
    p->shape_dirty = p->pos_dirty = 0;
    pthread_mutex_unlock(&p->srv->lock);
    ok = rdp_pointer_send(p, shape, pos);
    if (ok && !region16_is_empty(&todo))
        ok = rdp_encode_send(p, &todo);
    region16_uninit(&todo);
    return ok;
}

/* The peer's life: returns why it ended, for the log. */
static const char *peer_loop(struct rdp_server *srv, freerdp_peer *client, struct rdp_peer *p)
{
    uint64_t deadline = now_ms() + (uint64_t)srv->handshake_ms;
    HANDLE handles[34];

    for (;;) {
        DWORD n = client->GetEventHandles(client, handles, 32);
        if (n == 0)
            return "no transport handles";
        handles[n++] = p->wake;
        handles[n++] = srv->stop;
        /* A time-out only while the handshake deadline runs: an active
         * peer sleeps until its socket, its wake event or stop. */
        if (WaitForMultipleObjects(n, handles, FALSE, p->activated ? INFINITE : 500) == WAIT_FAILED)
            return "wait failed";
        if (WaitForSingleObject(srv->stop, 0) == WAIT_OBJECT_0)
            return NULL;
        if (!client->CheckFileDescriptor(client))
            return p->activated ? NULL : "protocol error or close during handshake";
        if (!p->activated && now_ms() > deadline)
            return "handshake timed out";
        ResetEvent(p->wake);
        if (!peer_send_pending(p))
            return "send failed";
    }
}

static void peer_finish(struct rdp_server *srv, const char *why, unsigned id)
{
    pthread_mutex_lock(&srv->lock);
    if (why)
        srv->stats.dropped++;
    srv->stats.current--;
    if (srv->stats.current == 0)
        pthread_cond_broadcast(&srv->changed);
    pthread_mutex_unlock(&srv->lock);
    if (why)
        rdp_log("peer %u: dropped: %s", id, why);
    else
        rdp_log("peer %u: disconnected", id);
}

struct peer_start {
    struct rdp_server *srv;
    freerdp_peer *client;
    unsigned id;
    BOOL over_limit;
};

static void *peer_main(void *arg)
{
    struct peer_start st = *(struct peer_start *)arg;
    freerdp_peer *client = st.client;
    struct rdp_peer *p = NULL;
    const char *why = "peer limit reached";

    free(arg);
    client->ContextSize = sizeof(struct rdp_peer);
    client->ContextNew = peer_context_new;
    client->ContextFree = peer_context_free;
    /* Even a refused peer gets a context: FreeRDP's teardown expects one. */
    if (!freerdp_peer_context_new(client)) {
        why = "out of memory";
        goto out;
    }
    p = (struct rdp_peer *)client->context;
    p->id = st.id;
    peer_register(st.srv, p);
    if (st.over_limit)
        goto out;
    why = "out of memory";
    if (!peer_configure(st.srv, client) || !client->Initialize(client))
        goto out;
    why = peer_loop(st.srv, client, p);
out:
    if (p) {
        rdp_auth_note_end(p);
        peer_unregister(st.srv, p);
        client->Disconnect(client);
        freerdp_peer_context_free(client);
    }
    freerdp_peer_free(client);
    peer_finish(st.srv, why, st.id);
    return NULL;
}

static BOOL on_peer_accepted(freerdp_listener *listener, freerdp_peer *client)
{
    struct rdp_server *srv = listener->info;
    struct peer_start *st = malloc(sizeof(*st));
    pthread_attr_t attr;
    pthread_t t;
    int err;

    if (!st)
        return FALSE;
    pthread_mutex_lock(&srv->lock);
    st->srv = srv;
    st->client = client;
    st->id = ++srv->next_id;
    st->over_limit = srv->stats.current >= (unsigned)srv->max_peers;
    srv->stats.accepted++;
    srv->stats.current++;
    pthread_mutex_unlock(&srv->lock);
    /* Detached: a peer thread cleans up after itself; stop() waits for the
     * count of current peers to reach zero instead of joining. */
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    err = pthread_create(&t, &attr, peer_main, st);
    pthread_attr_destroy(&attr);
    if (err) {
        free(st);
        peer_finish(srv, "no thread", 0);
        return FALSE;
    }
    return TRUE;
}

static void *listen_main(void *arg)
{
    struct rdp_server *srv = arg;
    freerdp_listener *l = srv->listener;
    HANDLE handles[33];

    for (;;) {
        DWORD n = l->GetEventHandles(l, handles, 32);
        if (n == 0)
            break;
        handles[n++] = srv->stop;
        if (WaitForMultipleObjects(n, handles, FALSE, INFINITE) == WAIT_FAILED)
            break;
        if (WaitForSingleObject(srv->stop, 0) == WAIT_OBJECT_0)
            break;
        if (!l->CheckFileDescriptor(l))
            rdp_log("accept failed; still listening");
    }
    l->Close(l);
    return NULL;
}

/* ---- Server ------------------------------------------------------------- */

static void server_free(struct rdp_server *srv)
{
    if (srv->own_disp)
        display_close(srv->disp);
    free(srv->user);
    free(srv->password);
    if (srv->listener)
        freerdp_listener_free(srv->listener);
    if (srv->stop)
        CloseHandle(srv->stop);
    pthread_cond_destroy(&srv->changed);
    pthread_mutex_destroy(&srv->input_lock);
    pthread_mutex_destroy(&srv->lock);
    free(srv);
}

static int server_init(struct rdp_server *srv, struct display *disp, const struct rdp_server_config *cfg)
{
    srv->disp = disp;
    srv->min_w = cfg->min_width ? cfg->min_width : 1;
    srv->min_h = cfg->min_height ? cfg->min_height : 1;
    srv->codec = cfg->codec;
    srv->user = cfg->user ? strdup(cfg->user) : NULL;
    srv->password = cfg->password ? strdup(cfg->password) : NULL;
    if ((cfg->user && !srv->user) || (cfg->password && !srv->password))
        return -ENOMEM;
    srv->handshake_ms = cfg->handshake_ms > 0 ? cfg->handshake_ms : 10000;
    srv->max_peers = cfg->max_peers > 0 ? cfg->max_peers : 64;
    pthread_mutex_init(&srv->lock, NULL);
    pthread_mutex_init(&srv->input_lock, NULL);
    pthread_cond_init(&srv->changed, NULL);
    srv->stop = CreateEvent(NULL, TRUE, FALSE, NULL);
    srv->listener = freerdp_listener_new();
    if (!srv->stop || !srv->listener)
        return -ENOMEM;
    srv->listener->info = srv;
    srv->listener->PeerAccepted = on_peer_accepted;
    return ensure_certificate(srv, cfg->cert_dir);
}

int rdp_server_start(struct display *disp, const struct rdp_server_config *cfg, struct rdp_server **out)
{
    struct rdp_server *srv = calloc(1, sizeof(*srv));
    const char *addr = cfg->addr && *cfg->addr ? cfg->addr : "127.0.0.1";
    unsigned port = cfg->port ? cfg->port : 3389;
    int err;

    if (!srv)
        return -ENOMEM;
    if (!cfg->cert_dir || port > 65535) {
        free(srv);
        return -EINVAL;
    }
    winpr_InitializeSSL(WINPR_SSL_INIT_DEFAULT);
    err = server_init(srv, disp, cfg);
    if (err)
        goto fail;
    err = -EADDRNOTAVAIL;
    if (!srv->listener->Open(srv->listener, addr, (UINT16)port))
        goto fail;
    rdp_log("listening on %s:%u", addr, port);
    err = -pthread_create(&srv->damage_thread, NULL, damage_main, srv);
    if (err)
        goto fail;
    err = -pthread_create(&srv->listen_thread, NULL, listen_main, srv);
    if (err) {
        SetEvent(srv->stop);
        pthread_join(srv->damage_thread, NULL);
        goto fail;
    }
    *out = srv;
    return 0;
fail:
    server_free(srv);
    return err;
}

struct display *rdp_server_display(struct rdp_server *srv, int timeout_ms)
{
    struct display *d;

    pthread_mutex_lock(&srv->lock);
    d = wait_display_locked(srv, timeout_ms);
    pthread_mutex_unlock(&srv->lock);
    return d;
}

void rdp_server_stop(struct rdp_server *srv)
{
    if (!srv)
        return;
    SetEvent(srv->stop);
    pthread_mutex_lock(&srv->lock);
    pthread_cond_broadcast(&srv->changed);
    if (srv->disp)
        display_damage_kick(srv->disp);
    pthread_mutex_unlock(&srv->lock);
    pthread_join(srv->listen_thread, NULL);
    pthread_join(srv->damage_thread, NULL);
    pthread_mutex_lock(&srv->lock);
    while (srv->stats.current > 0)
        pthread_cond_wait(&srv->changed, &srv->lock);
    pthread_mutex_unlock(&srv->lock);
    server_free(srv);
}

void rdp_server_get_stats(struct rdp_server *srv, struct rdp_server_stats *st)
{
    pthread_mutex_lock(&srv->lock);
    *st = srv->stats;
    pthread_mutex_unlock(&srv->lock);
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/rdp.c - measures one RDP server on 127.0.0.1 with the tests'
 * headless FreeRDP client (software GDI, 32 bpp, TLS, no RemoteFX/NSCodec:
 * planar bitmap updates from either server), and prints "name value"
 * lines for bench/run-rdp-bench.sh:
 *
 *   connect_ms      freerdp_connect() until it returns, median of 7
 *                   connections (after one that warms the library up)
 *   first_frame_ms  connect start until the first picture arrived, median
 *   key_ms          median time from a key sent to the next changed picture
 *                   (whole-buffer comparison; the server must be still
 *                   otherwise)
 *   typing_bytes    TLS bytes received while typing the keys
 *   full_bytes      TLS bytes for a full-screen Refresh Rect
 *   idle_cpu_pct    the server process's CPU (utime+stime) with this client
 *                   connected and idle, over 3 s
 *
 *   bench/rdp PORT SERVER_PID WIDTH HEIGHT
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <freerdp/gdi/gdi.h>
#include <freerdp/input.h>

#include "tests/rdp/rdp_test_util.h"

#define KEYS 12
#define CONNECTS 7

static double now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static size_t fb_size(freerdp *c)
{
    return (size_t)c->context->gdi->stride * (size_t)c->context->gdi->height;
}

/* Pumps in small steps until the picture differs from snap, or ms pass;
 * the time it took, or -1. */
static double wait_change(freerdp *c, const BYTE *snap, double start, int ms)
{
    while (now_ms() - start < ms) {
        if (!client_pump(&c, 1, 1))
            return -1;
        if (memcmp(c->context->gdi->primary_buffer, snap, fb_size(c)) != 0)
            return now_ms() - start;
    }
    return -1;
}

/* Pumps until no byte arrived for quiet_ms. */
static void settle(freerdp *c, int quiet_ms, int max_ms)
{
    double start = now_ms(), last = now_ms();
    uint64_t bytes = client_bytes_received(c);

    while (now_ms() - last < quiet_ms && now_ms() - start < max_ms) {
        client_pump(&c, 1, 10);
        if (client_bytes_received(c) != bytes) {
            bytes = client_bytes_received(c);
            last = now_ms();
        }
    }
}

static double cpu_seconds(pid_t pid)
{
    char path[64], buf[1024], *p;
    unsigned long ut = 0, st = 0;
    FILE *f;

    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    f = fopen(path, "r");
    if (!f)
        return -1;
    p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
    fclose(f);
    /* after ")": state ppid pgrp session tty tpgid flags minflt cminflt
     * majflt cmajflt utime stime */
    if (!p || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return -1;
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* Letters a notepad shows: "hello world!" as US scancodes. */
static const UINT16 keys[KEYS] = { 0x23, 0x12, 0x26, 0x26, 0x18, 0x39, 0x11, 0x18, 0x13, 0x26, 0x20, 0x1c };

static int measure_keys(freerdp *c, double *median, uint64_t *bytes)
{
    double lat[KEYS];
    BYTE *snap = malloc(fb_size(c));
    uint64_t before = client_bytes_received(c);
    int n = 0;

    if (!snap)
        return -1;
    for (int i = 0; i < KEYS; i++) {
        settle(c, 150, 2000);
        memcpy(snap, c->context->gdi->primary_buffer, fb_size(c));
        double start = now_ms();
        freerdp_input_send_keyboard_event(c->context->input, KBD_FLAGS_DOWN, keys[i]);
        freerdp_input_send_keyboard_event(c->context->input, KBD_FLAGS_RELEASE, keys[i]);
        double t = wait_change(c, snap, start, 2000);
        if (t >= 0)
            lat[n++] = t;
    }
    settle(c, 300, 3000);
    *bytes = client_bytes_received(c) - before;
    free(snap);
    if (n == 0)
        return -1;
    qsort(lat, (size_t)n, sizeof(lat[0]), cmp_double);
    *median = lat[n / 2];
    printf("keys_seen %d/%d\n", n, KEYS);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned port = argc > 4 ? (unsigned)atoi(argv[1]) : 0;
    pid_t pid = argc > 4 ? (pid_t)atoi(argv[2]) : 0;
    uint32_t w = argc > 4 ? (uint32_t)atoi(argv[3]) : 0, h = argc > 4 ? (uint32_t)atoi(argv[4]) : 0;
    double start, connect_ms, first_ms, key_ms = -1, conn[CONNECTS], first[CONNECTS];
    uint64_t typing = 0, full;
    freerdp *c = NULL;

    if (!port || !pid || !w || !h) {
        fprintf(stderr, "usage: bench/rdp PORT SERVER_PID WIDTH HEIGHT\n");
        return 2;
    }
    test_init();
    /* A first connection pays the client library's one-time costs (its
     * primitives benchmark, about a second): not the server's. */
    client_close(client_connect(port, w, h));
    /* The client's connection sequence stalls in steps of 100 ms (its
     * blocking reads wait that long for data already buffered), so one
     * connection is noise: the median of CONNECTS, the last one kept. */
    for (int i = 0; i < CONNECTS; i++) {
        if (c)
            client_close(c);
        start = now_ms();
        c = client_connect(port, w, h);
        conn[i] = now_ms() - start;
        if (!c) {
            printf("connect failed\n");
            return 1;
        }
        /* The first picture: anything drawn into the (zeroed) buffer. */
        BYTE *zero = calloc(1, fb_size(c));
        first[i] = zero ? wait_change(c, zero, start, 10000) : -1;
        free(zero);
    }
    qsort(conn, CONNECTS, sizeof(conn[0]), cmp_double);
    qsort(first, CONNECTS, sizeof(first[0]), cmp_double);
    connect_ms = conn[CONNECTS / 2];
    first_ms = first[CONNECTS / 2];
    printf("connect_ms %.1f\n", connect_ms);
    printf("first_frame_ms %.1f\n", first_ms);
    settle(c, 500, 10000);
    if (measure_keys(c, &key_ms, &typing) == 0)
        printf("key_ms %.1f\ntyping_bytes %llu\n", key_ms, (unsigned long long)typing);
    else
        printf("key_ms failed\n");
    settle(c, 300, 3000);
    full = client_bytes_received(c);
    RECTANGLE_16 all = { 0, 0, (UINT16)w, (UINT16)h };
    c->context->update->RefreshRect(c->context, 1, &all);
    settle(c, 500, 10000);
    printf("full_bytes %llu\n", (unsigned long long)(client_bytes_received(c) - full));
    /* Idle: the client stays connected and pumps; the server should
     * sleep. */
    settle(c, 300, 3000);
    double cpu0 = cpu_seconds(pid), t0 = now_ms();
    client_pump(&c, 1, 3000);
    double cpu1 = cpu_seconds(pid), t1 = now_ms();
    if (cpu0 >= 0 && cpu1 >= 0)
        printf("idle_cpu_pct %.2f\n", 100.0 * (cpu1 - cpu0) / ((t1 - t0) / 1000.0));
    client_close(c);
    return 0;
}

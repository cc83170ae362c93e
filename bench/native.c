/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/native.c - the native Linux counterparts of bench/pe/syscalls.c,
 * and the start-up timer run-bench.sh uses.
 *
 *     native MODE [SECONDS]
 *         event_pingpong  two threads ping-ponging on two auto-reset events
 *                         built on futexes (what a Windows event boils down
 *                         to): round trips per second
 *         mutex           uncontended pthread_mutex_lock + unlock pairs/s
 *         thread          pthread_create + pthread_join per second
 *         stat            stat() of a file in the current directory per s
 *                         (alias getfileattr)
 *         mmap            mmap 64 KiB anonymous read-write + munmap per s
 *                         (alias virtualalloc)
 *         fileio          write then read a 64 MiB file in 64 KiB chunks
 *                         (write/read), MB/s each (MB = 10^6 bytes)
 *         all             every mode above
 *     native hello
 *         print "hello, world" and exit 0 (native start-up)
 *     native time RUNS [--warmup N] [--pre SHELLCMD] -- PROGRAM ARGS...
 *         run PROGRAM RUNS times (standard output to /dev/null), after N
 *         untimed warm-up runs, running SHELLCMD untimed before each run;
 *         print the median and the minimum wall time in milliseconds.  If
 *         a run fails, say so on standard error and exit with its status.
 *
 * Results are lines "RESULT name value unit", as syscalls.exe prints them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void fail(const char *what)
{
    fprintf(stderr, "native: %s failed: %s\n", what, strerror(errno));
    exit(1);
}

/* Run op(ctx, n) in doubling batches for about `seconds`; ops per second
 * (the same loop as syscalls.exe's). */
typedef void (*op_fn)(void *ctx, long n);

static double rate(op_fn op, void *ctx, double seconds)
{
    long batch = 1, total = 0;
    double start = now(), elapsed;

    do {
        double t0 = now();
        op(ctx, batch);
        total += batch;
        if (now() - t0 < 0.010 && batch < (1L << 24))
            batch *= 2;
        elapsed = now() - start;
    } while (elapsed < seconds);
    return total / elapsed;
}

static void result(const char *name, double value, const char *unit)
{
    printf("RESULT %s %.0f %s\n", name, value, unit);
    fflush(stdout);
}

/* ---- event_pingpong: auto-reset events on futexes ---- */

/* 1 = signaled.  wait() consumes the signal, set() signals and wakes one
 * waiter: the semantics of a Windows auto-reset event. */
struct event { atomic_int state; };

static void event_wait(struct event *e)
{
    while (atomic_exchange(&e->state, 0) != 1)
        syscall(SYS_futex, &e->state, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
}

static void event_set(struct event *e)
{
    atomic_store(&e->state, 1);
    syscall(SYS_futex, &e->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

struct pingpong {
    struct event ping, pong;
    atomic_int stop;
};

static void *pong_thread(void *arg)
{
    struct pingpong *pp = arg;

    for (;;) {
        event_wait(&pp->ping);
        if (atomic_load(&pp->stop))
            return NULL;
        event_set(&pp->pong);
    }
}

static void pingpong_op(void *ctx, long n)
{
    struct pingpong *pp = ctx;

    while (n--) {
        event_set(&pp->ping);
        event_wait(&pp->pong);
    }
}

static void bench_event_pingpong(double seconds)
{
    struct pingpong pp = { 0 };
    pthread_t t;
    double r;

    if ((errno = pthread_create(&t, NULL, pong_thread, &pp)))
        fail("pthread_create");
    r = rate(pingpong_op, &pp, seconds);
    atomic_store(&pp.stop, 1);
    event_set(&pp.ping);
    pthread_join(t, NULL);
    result("event_pingpong", r, "roundtrips/s");
}

/* ---- mutex ---- */

static void mutex_op(void *ctx, long n)
{
    pthread_mutex_t *m = ctx;

    while (n--) {
        pthread_mutex_lock(m);
        pthread_mutex_unlock(m);
    }
}

static void bench_mutex(double seconds)
{
    pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
    result("mutex", rate(mutex_op, &m, seconds), "pairs/s");
}

/* ---- thread ---- */

static void *empty_thread(void *arg)
{
    return arg;
}

static void thread_op(void *ctx, long n)
{
    (void)ctx;
    while (n--) {
        pthread_t t;
        if ((errno = pthread_create(&t, NULL, empty_thread, NULL)))
            fail("pthread_create");
        pthread_join(t, NULL);
    }
}

static void bench_thread(double seconds)
{
    result("thread", rate(thread_op, NULL, seconds), "threads/s");
}

/* ---- stat ---- */

static const char attr_file[] = "bench_attr.tmp";

static void stat_op(void *ctx, long n)
{
    struct stat st;
    (void)ctx;
    while (n--)
        if (stat(attr_file, &st) < 0)
            fail("stat");
}

static void bench_stat(double seconds)
{
    int fd = open(attr_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);

    if (fd < 0)
        fail("open(bench_attr.tmp)");
    close(fd);
    result("stat", rate(stat_op, NULL, seconds), "calls/s");
    unlink(attr_file);
}

/* ---- mmap ---- */

static void mmap_op(void *ctx, long n)
{
    (void)ctx;
    while (n--) {
        void *p = mmap(NULL, 64 * 1024, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            fail("mmap");
        if (munmap(p, 64 * 1024) < 0)
            fail("munmap");
    }
}

static void bench_mmap(double seconds)
{
    result("mmap", rate(mmap_op, NULL, seconds), "pairs/s");
}

/* ---- fileio ---- */

#define IO_FILE_SIZE (64u * 1024 * 1024)
#define IO_CHUNK     (64u * 1024)

static const char io_file[] = "bench_io.tmp";

static double write_pass(const char *buf)
{
    double t0 = now();
    int fd = open(io_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    unsigned done;

    if (fd < 0)
        fail("open(bench_io.tmp, write)");
    for (done = 0; done < IO_FILE_SIZE; done += IO_CHUNK)
        if (write(fd, buf, IO_CHUNK) != (ssize_t)IO_CHUNK)
            fail("write");
    close(fd);
    return now() - t0;
}

static double read_pass(char *buf)
{
    double t0 = now();
    int fd = open(io_file, O_RDONLY);
    unsigned long long done = 0;
    ssize_t n;

    if (fd < 0)
        fail("open(bench_io.tmp, read)");
    while ((n = read(fd, buf, IO_CHUNK)) > 0)
        done += n;
    if (n < 0)
        fail("read");
    close(fd);
    if (done != IO_FILE_SIZE) {
        fprintf(stderr, "native: read %llu bytes back, wrote %u\n", done, IO_FILE_SIZE);
        exit(1);
    }
    return now() - t0;
}

static void bench_fileio(double seconds)
{
    /* page-aligned, as the PE program's VirtualAlloc buffer is */
    static char buf[IO_CHUNK] __attribute__((aligned(4096)));
    double wtime = 0, rtime = 0, start = now();
    int passes = 0;

    memset(buf, 0x5a, sizeof(buf));
    do {
        wtime += write_pass(buf);
        rtime += read_pass(buf);
        passes++;
    } while (now() - start < seconds);
    unlink(io_file);
    result("fileio_write", passes * (double)IO_FILE_SIZE / 1e6 / wtime, "MB/s");
    result("fileio_read", passes * (double)IO_FILE_SIZE / 1e6 / rtime, "MB/s");
}

/* ---- time: wall time of whole program runs ---- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One run of argv with standard output to /dev/null; its wait status. */
static int run_once(char **argv)
{
    posix_spawn_file_actions_t fa;
    pid_t pid;
    int status;

    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    if ((errno = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ)))
        fail(argv[0]);
    posix_spawn_file_actions_destroy(&fa);
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            fail("waitpid");
    return status;
}

static int time_main(int argc, char **argv)
{
    int runs = argc > 2 ? atoi(argv[2]) : 0, warmup = 0, i;
    const char *pre = NULL;
    double *ms;

    for (i = 3; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "--warmup") && i + 1 < argc)
            warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--pre") && i + 1 < argc)
            pre = argv[++i];
        else
            break;
    }
    if (runs < 1 || i + 1 >= argc || strcmp(argv[i], "--")) {
        fprintf(stderr, "usage: native time RUNS [--warmup N] [--pre SHELLCMD] -- PROGRAM ARGS...\n");
        return 2;
    }
    argv += i + 1;
    if (!(ms = calloc(runs, sizeof(*ms))))
        fail("calloc");
    for (i = -warmup; i < runs; i++) {
        double t0;
        int status;

        if (pre && system(pre) == -1)
            fail("system(--pre)");
        t0 = now();
        status = run_once(argv);
        if (i >= 0)
            ms[i] = (now() - t0) * 1e3;
        if (status) {
            int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
            fprintf(stderr, "native time: %s failed (exit %d)\n", argv[0], code);
            return code ? code : 1;
        }
    }
    qsort(ms, runs, sizeof(*ms), cmp_double);
    printf("RESULT startup_median %.2f ms\n", runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2);
    printf("RESULT startup_min %.2f ms\n", ms[0]);
    free(ms);
    return 0;
}

/* ---- main ---- */

static const struct mode {
    const char *name, *alias;
    void (*run)(double seconds);
} modes[] = {
    { "event_pingpong", NULL, bench_event_pingpong },
    { "mutex", NULL, bench_mutex },
    { "thread", NULL, bench_thread },
    { "stat", "getfileattr", bench_stat },
    { "mmap", "virtualalloc", bench_mmap },
    { "fileio", NULL, bench_fileio },
};

#define NMODES (sizeof(modes) / sizeof(modes[0]))

int main(int argc, char **argv)
{
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    unsigned i;
    int found = 0;

    if (argc >= 2 && !strcmp(argv[1], "hello")) {
        puts("hello, world");
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "time"))
        return time_main(argc, argv);
    if (argc < 2 || seconds <= 0) {
        fprintf(stderr, "usage: native MODE [SECONDS] | native hello | native time ...\nmodes: all");
        for (i = 0; i < NMODES; i++)
            fprintf(stderr, " %s", modes[i].name);
        fputc('\n', stderr);
        return 2;
    }
    for (i = 0; i < NMODES; i++) {
        if (!strcmp(argv[1], "all") || !strcmp(argv[1], modes[i].name)
            || (modes[i].alias && !strcmp(argv[1], modes[i].alias))) {
            modes[i].run(seconds);
            found = 1;
        }
    }
    if (!found) {
        fprintf(stderr, "native: unknown mode %s\n", argv[1]);
        return 2;
    }
    return 0;
}

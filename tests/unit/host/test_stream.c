/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_stream.c - open, close, read, write, length, flush, map, pipes, stdio. */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <linux/futex.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

#define PAGE 4096u
#define RW (HOST_OPEN_READ | HOST_OPEN_WRITE)

static host_stream_t open_ok(const char *name, unsigned flags)
{
    host_stream_t s = -1;

    ck_assert_int_eq(host_stream_open(test_uri("file:", name), flags, &s), HOST_OK);
    ck_assert_int_ge(s, 0);
    return s;
}

static void write_ok(host_stream_t s, const char *text, int64_t offset)
{
    size_t done = 0;

    ck_assert_int_eq(host_stream_write(s, text, strlen(text), offset, &done), HOST_OK);
    ck_assert_uint_eq(done, strlen(text));
}

static off_t file_size(const char *name)
{
    struct stat sb;

    ck_assert_int_eq(stat(test_path(name), &sb), 0);
    return sb.st_size;
}

START_TEST(test_stream_open__create_then_write_and_read_at_offsets)
{
    host_stream_t s = open_ok("f", RW | HOST_OPEN_CREATE);
    char buf[32] = { 0 };
    size_t done = 99;

    write_ok(s, "hello", 0);
    write_ok(s, "world", 10);
    ck_assert_int_eq(host_stream_read(s, buf, 5, 10, &done), HOST_OK);
    ck_assert_uint_eq(done, 5);
    ck_assert_str_eq(buf, "world");
    memset(buf, 'x', sizeof(buf));
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_OK);
    ck_assert_uint_eq(done, 15);
    ck_assert_int_eq(memcmp(buf, "hello\0\0\0\0\0world", 15), 0);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_stream_read__at_end_of_file__reads_zero_bytes)
{
    char buf[8];
    size_t done = 99;
    host_stream_t s;

    test_put_file("f", "abc");
    s = open_ok("f", HOST_OPEN_READ);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 3, &done), HOST_OK);
    ck_assert_uint_eq(done, 0);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 1000, &done), HOST_OK);
    ck_assert_uint_eq(done, 0);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_read__of_a_file_without_offset__returns_einval_no_host_position)
{
    char buf[8];
    size_t done;
    host_stream_t s;

    test_put_file("f", "abc");
    s = open_ok("f", RW);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), HOST_POS_NONE, &done), HOST_EINVAL);
    ck_assert_int_eq(host_stream_write(s, "x", 1, HOST_POS_NONE, &done), HOST_EINVAL);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), -2, &done), HOST_EINVAL);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_open__missing_file_without_create__returns_enoent)
{
    host_stream_t s;

    ck_assert_int_eq(host_stream_open(test_uri("file:", "missing"), HOST_OPEN_READ, &s), HOST_ENOENT);
}
END_TEST

START_TEST(test_stream_open__create_excl_on_existing_file__returns_eexist)
{
    host_stream_t s;

    test_put_file("f", "abc");
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"),
                                      RW | HOST_OPEN_CREATE | HOST_OPEN_EXCL, &s), HOST_EEXIST);
}
END_TEST

START_TEST(test_stream_open__with_inconsistent_flags__returns_einval)
{
    host_stream_t s;

    test_put_file("f", "abc");
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"), HOST_OPEN_READ | 256, &s), HOST_EINVAL);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"), HOST_OPEN_READ | HOST_OPEN_EXCL, &s),
                     HOST_EINVAL);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"), HOST_OPEN_READ | HOST_OPEN_TRUNCATE, &s),
                     HOST_EINVAL);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"), HOST_OPEN_READ, NULL), HOST_EINVAL);
}
END_TEST

START_TEST(test_stream_open__truncate__empties_the_file)
{
    host_stream_t s;

    test_put_file("f", "abcdef");
    s = open_ok("f", HOST_OPEN_WRITE | HOST_OPEN_TRUNCATE);
    ck_assert_int_eq(file_size("f"), 0);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_write__on_append_stream__goes_to_the_end)
{
    host_stream_t s;
    char buf[16] = { 0 };
    int fd;

    test_put_file("f", "abc");
    s = open_ok("f", HOST_OPEN_WRITE | HOST_OPEN_APPEND);
    write_ok(s, "def", HOST_POS_NONE);
    write_ok(s, "gh", 0);
    host_stream_close(s);
    fd = open(test_path("f"), O_RDONLY);
    ck_assert_int_eq(read(fd, buf, sizeof(buf)), 8);
    close(fd);
    ck_assert_str_eq(buf, "abcdefgh");
}
END_TEST

START_TEST(test_stream_open__directory_flag_with_create__makes_the_directory)
{
    host_stream_t s;
    struct stat sb;
    char buf[4];
    size_t done;

    s = open_ok("sub", HOST_OPEN_READ | HOST_OPEN_CREATE | HOST_OPEN_DIRECTORY);
    ck_assert_int_eq(stat(test_path("sub"), &sb), 0);
    ck_assert(S_ISDIR(sb.st_mode));
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_EISDIR);
    host_stream_close(s);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "sub"),
                                      HOST_OPEN_READ | HOST_OPEN_CREATE | HOST_OPEN_DIRECTORY |
                                          HOST_OPEN_EXCL, &s), HOST_EEXIST);
}
END_TEST

START_TEST(test_stream_open__directory_flag_on_a_file__returns_enotdir)
{
    host_stream_t s;

    test_put_file("f", "x");
    ck_assert_int_eq(host_stream_open(test_uri("file:", "f"), HOST_OPEN_READ | HOST_OPEN_DIRECTORY, &s),
                     HOST_ENOTDIR);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "."), HOST_OPEN_WRITE | HOST_OPEN_DIRECTORY, &s),
                     HOST_EISDIR);
}
END_TEST

START_TEST(test_stream_open__write_on_a_directory__returns_eisdir)
{
    host_stream_t s;

    ck_assert_int_eq(mkdir(test_path("d"), 0755), 0);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "d"), HOST_OPEN_WRITE, &s), HOST_EISDIR);
}
END_TEST

START_TEST(test_stream_open__nofollow_on_a_final_link__returns_eloop)
{
    host_stream_t s;

    test_put_file("f", "x");
    ck_assert_int_eq(symlink(test_path("f"), test_path("link")), 0);
    ck_assert_int_eq(host_stream_open(test_uri("file:", "link"), HOST_OPEN_READ | HOST_OPEN_NOFOLLOW, &s),
                     HOST_ELOOP);
    s = open_ok("link", HOST_OPEN_READ);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_open__without_read_or_write__gives_an_attribute_only_stream)
{
    host_stream_t s;
    struct host_attr attr;
    char buf[4];
    size_t done;

    test_put_file("f", "abcd");
    s = open_ok("f", 0);
    ck_assert_int_eq(host_stream_attr(s, &attr), HOST_OK);
    ck_assert_uint_eq(attr.size, 4);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_EBADF);
    ck_assert_int_eq(host_stream_flush(s), HOST_OK);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_read__on_write_only_stream__returns_ebadf)
{
    host_stream_t s = open_ok("f", HOST_OPEN_WRITE | HOST_OPEN_CREATE);
    char buf[4];
    size_t done;

    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_EBADF);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_close__twice_or_unknown__returns_ebadf)
{
    host_stream_t s = open_ok("f", HOST_OPEN_WRITE | HOST_OPEN_CREATE);
    char buf[4];
    size_t done;

    ck_assert_int_eq(host_stream_close(s), HOST_OK);
    ck_assert_int_eq(host_stream_close(s), HOST_EBADF);
    ck_assert_int_eq(host_stream_close(-1), HOST_EBADF);
    ck_assert_int_eq(host_stream_close(1 << 30), HOST_EBADF);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_EBADF);
}
END_TEST

START_TEST(test_stream_table__600_streams__each_reads_its_file_and_ids_are_reused)
{
    enum { N = 600 };       /* more than two of the table's pages */
    static host_stream_t ids[N];
    char name[32], text[32], buf[32];
    size_t done;

    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof(name), "f%d", i);
        snprintf(text, sizeof(text), "file %d", i);
        ids[i] = open_ok(name, RW | HOST_OPEN_CREATE);
        write_ok(ids[i], text, 0);
    }
    for (int i = 0; i < N; i++) {
        snprintf(text, sizeof(text), "file %d", i);
        memset(buf, 0, sizeof(buf));
        ck_assert_int_eq(host_stream_read(ids[i], buf, sizeof(buf) - 1, 0, &done), HOST_OK);
        ck_assert_str_eq(buf, text);
    }
    /* a closed id is free for the next open, and reads of it fail until then */
    host_stream_t freed = ids[N / 2];
    ck_assert_int_eq(host_stream_close(freed), HOST_OK);
    ck_assert_int_eq(host_stream_read(freed, buf, 4, 0, &done), HOST_EBADF);
    ck_assert_int_eq(open_ok("f0", HOST_OPEN_READ), freed);
    ck_assert_int_eq(host_stream_read(freed, buf, 4, 0, &done), HOST_OK);
    ck_assert_int_eq(memcmp(buf, "file", 4), 0);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(host_stream_close(ids[i]), HOST_OK);
}
END_TEST

/* Readers look streams up without a lock while another thread closes and
 * opens them: every read either reads a whole file or finds no stream. */
struct race {
    host_stream_t *ids;
    int count;
    volatile int stop;
    int bad;            /* a read that was neither */
    long reads, misses;
};

static void race_reader(void *arg)
{
    struct race *r = arg;
    char buf[16];

    while (!r->stop) {
        for (int i = 0; i < r->count; i++) {
            size_t done = 0;
            int rc = host_stream_read(__atomic_load_n(&r->ids[i], __ATOMIC_RELAXED), buf, 8, 0,
                                      &done);
            if (rc == HOST_OK && done == 8 && !memcmp(buf, "racefile", 8))
                r->reads++;
            else if (rc == HOST_EBADF)
                r->misses++;
            else
                r->bad++;
        }
    }
}

START_TEST(test_stream_table__reads_racing_closes__read_a_file_or_fail_cleanly)
{
    enum { N = 8 };
    host_stream_t ids[N];
    struct race r = { ids, N, 0, 0, 0, 0 };
    struct test_thread t;

    for (int i = 0; i < N; i++) {
        ids[i] = open_ok("race", RW | HOST_OPEN_CREATE);
        write_ok(ids[i], "racefile", 0);
    }
    ck_assert_int_eq(test_thread_start(&t, race_reader, &r), HOST_OK);
    for (int round = 0; round < 3000; round++) {
        int i = round % N;
        ck_assert_int_eq(host_stream_close(ids[i]), HOST_OK);
        host_stream_t s = open_ok("race", HOST_OPEN_READ);
        __atomic_store_n(&ids[i], s, __ATOMIC_RELAXED);
    }
    r.stop = 1;
    test_thread_join(&t);
    ck_assert_int_eq(r.bad, 0);
    ck_assert_int_gt(r.reads, 0);
    for (int i = 0; i < N; i++)
        ck_assert_int_eq(host_stream_close(ids[i]), HOST_OK);
}
END_TEST

START_TEST(test_stream_set_length__extends_with_zeros_and_truncates)
{
    host_stream_t s = open_ok("f", RW | HOST_OPEN_CREATE);
    char buf[16];
    size_t done;

    write_ok(s, "abc", 0);
    ck_assert_int_eq(host_stream_set_length(s, 10), HOST_OK);
    ck_assert_int_eq(file_size("f"), 10);
    ck_assert_int_eq(host_stream_read(s, buf, sizeof(buf), 0, &done), HOST_OK);
    ck_assert_uint_eq(done, 10);
    ck_assert_int_eq(memcmp(buf, "abc\0\0\0\0\0\0\0", 10), 0);
    ck_assert_int_eq(host_stream_set_length(s, 2), HOST_OK);
    ck_assert_int_eq(file_size("f"), 2);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_set_length__on_read_only_stream_or_huge_length__fails)
{
    host_stream_t s;

    test_put_file("f", "abc");
    s = open_ok("f", HOST_OPEN_READ);
    ck_assert_int_eq(host_stream_set_length(s, 0), HOST_EBADF);
    ck_assert_int_eq(host_stream_set_length(s, UINT64_MAX), HOST_EINVAL);
    ck_assert_int_eq(file_size("f"), 3);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_flush__on_file_and_pipe__returns_ok)
{
    host_stream_t s = open_ok("f", RW | HOST_OPEN_CREATE), p[2];

    write_ok(s, "abc", 0);
    ck_assert_int_eq(host_stream_flush(s), HOST_OK);
    host_stream_close(s);
    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    ck_assert_int_eq(host_stream_flush(p[1]), HOST_OK);
    ck_assert_int_eq(host_stream_flush(12345), HOST_EBADF);
    host_stream_close(p[0]);
    host_stream_close(p[1]);
}
END_TEST

static char *reserve(size_t size)
{
    void *p = NULL;

    ck_assert_int_eq(host_vm_reserve(&p, size, 0), HOST_OK);
    return p;
}

START_TEST(test_stream_map__private__sees_the_file_and_keeps_writes_to_itself)
{
    char *p = reserve(2 * PAGE);
    host_stream_t s;
    char buf[8] = { 0 };
    size_t done;

    test_put_file("f", "mapped file");
    s = open_ok("f", HOST_OPEN_READ);
    ck_assert_int_eq(host_stream_map(s, p, 2 * PAGE, 0, HOST_PROT_READ | HOST_PROT_WRITE, 0), HOST_OK);
    ck_assert_int_eq(memcmp(p, "mapped file", 11), 0);
    /* Past the end of the file: zeros, also on the page with no file data. */
    ck_assert_int_eq(p[11], 0);
    ck_assert_int_eq(p[PAGE + 5], 0);
    p[0] = 'M';
    p[PAGE] = 'x';
    ck_assert_int_eq(host_stream_read(s, buf, 6, 0, &done), HOST_OK);
    ck_assert_str_eq(buf, "mapped");
    host_stream_close(s);
    host_vm_free(p, 2 * PAGE, 0);
}
END_TEST

/* Resident kB of the mapping that holds addr. */
static long rss_kb(const void *addr)
{
    return atol(test_smaps_field(addr, "Rss:"));
}

START_TEST(test_stream_map__populate__maps_the_pages_at_once)
{
    char *p = reserve(8 * PAGE), *q = reserve(8 * PAGE);
    char content[8 * PAGE];
    host_stream_t s;

    memset(content, 'p', sizeof(content));
    content[sizeof(content) - 1] = 0;
    test_put_file("f", content);
    s = open_ok("f", HOST_OPEN_READ);
    ck_assert_int_eq(host_stream_map(s, p, 8 * PAGE, 0, HOST_PROT_READ, HOST_MAP_POPULATE), HOST_OK);
    ck_assert_int_eq(host_stream_map(s, q, 8 * PAGE, 0, HOST_PROT_READ, 0), HOST_OK);
    ck_assert_int_eq(rss_kb(p), 8 * PAGE / 1024);
    ck_assert_int_eq(rss_kb(q), 0);
    ck_assert_int_eq(p[5 * PAGE], 'p');
    host_stream_close(s);
    host_vm_free(p, 8 * PAGE, 0);
    host_vm_free(q, 8 * PAGE, 0);
}
END_TEST

START_TEST(test_stream_map__shared__writes_reach_the_file)
{
    char *p = reserve(PAGE);
    host_stream_t s = open_ok("f", RW | HOST_OPEN_CREATE);
    char buf[8] = { 0 };
    size_t done;

    ck_assert_int_eq(host_stream_set_length(s, PAGE), HOST_OK);
    ck_assert_int_eq(host_stream_map(s, p, PAGE, 0, HOST_PROT_READ | HOST_PROT_WRITE, HOST_MAP_SHARED),
                     HOST_OK);
    memcpy(p + 100, "shared", 6);
    ck_assert_int_eq(host_stream_read(s, buf, 6, 100, &done), HOST_OK);
    ck_assert_str_eq(buf, "shared");
    host_stream_close(s);
    host_vm_free(p, PAGE, 0);
}
END_TEST

/* HOST_MAP_FUTEX: another process that maps the same file wakes the
 * word with a process-shared futex (a private wait would sleep through
 * it); without SHARED the flag is refused; the 9th such mapping too. */
START_TEST(test_stream_map__futex__words_are_process_shared)
{
    volatile uint32_t *p = (volatile uint32_t *)reserve(PAGE);
    host_stream_t s = open_ok("f", RW | HOST_OPEN_CREATE);
    int64_t timeout = 5000000000LL;
    char *more[8];
    int status;
    pid_t pid;

    ck_assert_int_eq(host_stream_set_length(s, PAGE), HOST_OK);
    ck_assert_int_eq(host_stream_map(s, (void *)p, PAGE, 0, HOST_PROT_READ | HOST_PROT_WRITE,
                                     HOST_MAP_FUTEX), HOST_EINVAL);
    ck_assert_int_eq(host_stream_map(s, (void *)p, PAGE, 0, HOST_PROT_READ | HOST_PROT_WRITE,
                                     HOST_MAP_SHARED | HOST_MAP_FUTEX), HOST_OK);
    pid = fork();
    if (pid == 0) {
        int fd = open(test_path("f"), O_RDWR);
        volatile uint32_t *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        struct timespec pause = { 0, 200000000 };
        nanosleep(&pause, NULL);
        q[16] = 1;
        _exit(syscall(SYS_futex, &q[16], FUTEX_WAKE, 1, NULL, NULL, 0) == 1 ? 0 : 1);
    }
    ck_assert_int_eq(host_futex_wait(&p[16], 0, &timeout, 0), HOST_OK);
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* 7 more fit, then the table is full; freeing one makes room */
    for (int i = 0; i < 8; i++) {
        more[i] = reserve(PAGE);
        ck_assert_int_eq(host_stream_map(s, more[i], PAGE, 0, HOST_PROT_READ | HOST_PROT_WRITE,
                                         HOST_MAP_SHARED | HOST_MAP_FUTEX), i < 7 ? HOST_OK : HOST_ENOMEM);
    }
    ck_assert_int_eq(host_vm_free((void *)p, PAGE, 0), HOST_OK);
    ck_assert_int_eq(host_stream_map(s, more[7], PAGE, 0, HOST_PROT_READ | HOST_PROT_WRITE,
                                     HOST_MAP_SHARED | HOST_MAP_FUTEX), HOST_OK);
    for (int i = 0; i < 8; i++)
        host_vm_free(more[i], PAGE, 0);
    host_stream_close(s);
}
END_TEST

START_TEST(test_stream_map__at_an_offset__maps_from_there)
{
    char *p = reserve(PAGE);
    host_stream_t s = open_ok("f", RW | HOST_OPEN_CREATE);

    write_ok(s, "second page", PAGE);
    ck_assert_int_eq(host_stream_map(s, p, PAGE, PAGE, HOST_PROT_READ, 0), HOST_OK);
    ck_assert_int_eq(memcmp(p, "second page", 11), 0);
    host_stream_close(s);
    host_vm_free(p, PAGE, 0);
}
END_TEST

START_TEST(test_stream_map__with_bad_arguments__fails_without_mapping)
{
    char *p = reserve(2 * PAGE), *hole;
    host_stream_t s, pipe_s[2];

    test_put_file("f", "some data");
    s = open_ok("f", HOST_OPEN_READ);

    ck_assert_int_eq(host_stream_map(s, p, PAGE, 100, HOST_PROT_READ, 0), HOST_EINVAL);
    ck_assert_int_eq(host_stream_map(s, p + 1, PAGE, 0, HOST_PROT_READ, 0), HOST_EINVAL);
    ck_assert_int_eq(host_stream_map(s, p, PAGE, 0, 8, 0), HOST_EINVAL);
    ck_assert_int_eq(host_stream_map(s, p, PAGE, 0, HOST_PROT_READ, 4), HOST_EINVAL);
    /* Shared and writable needs a stream opened for writing. */
    ck_assert_int_eq(host_stream_map(s, p, PAGE, 0, HOST_PROT_WRITE, HOST_MAP_SHARED), HOST_EACCES);
    ck_assert_int_eq(host_pipe_create(pipe_s), HOST_OK);
    ck_assert_int_eq(host_stream_map(pipe_s[0], p, PAGE, 0, HOST_PROT_READ, 0), HOST_EBADF);
    hole = reserve(PAGE);
    host_vm_free(hole, PAGE, 0);
    ck_assert_int_eq(host_stream_map(s, hole, PAGE, 0, HOST_PROT_READ, 0), HOST_ENOMEM);
    host_stream_close(s);
    host_stream_close(pipe_s[0]);
    host_stream_close(pipe_s[1]);
    host_vm_free(p, 2 * PAGE, 0);
}
END_TEST

START_TEST(test_pipe__bytes_written_come_out_and_closing_ends_them)
{
    host_stream_t p[2];
    char buf[16] = { 0 };
    size_t done;
    struct host_attr attr;

    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    ck_assert_int_eq(host_stream_write(p[1], "ping", 4, HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, 4);
    ck_assert_int_eq(host_stream_read(p[0], buf, sizeof(buf), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, 4);
    ck_assert_str_eq(buf, "ping");
    ck_assert_int_eq(host_stream_attr(p[0], &attr), HOST_OK);
    ck_assert_uint_eq(attr.type, HOST_TYPE_PIPE);
    ck_assert_int_eq(host_stream_read(p[0], buf, sizeof(buf), 0, &done), HOST_EINVAL);
    ck_assert_int_eq(host_stream_close(p[1]), HOST_OK);
    ck_assert_int_eq(host_stream_read(p[0], buf, sizeof(buf), HOST_POS_NONE, &done), HOST_OK);
    ck_assert_uint_eq(done, 0);
    host_stream_close(p[0]);
}
END_TEST

START_TEST(test_pipe__write_with_reader_closed__returns_epipe)
{
    host_stream_t p[2];
    size_t done = 7;

    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    host_stream_close(p[0]);
    ck_assert_int_eq(host_stream_write(p[1], "x", 1, HOST_POS_NONE, &done), HOST_EPIPE);
    ck_assert_uint_eq(done, 0);
    host_stream_close(p[1]);
}
END_TEST

START_TEST(test_pipe_create__with_null__returns_einval)
{
    ck_assert_int_eq(host_pipe_create(NULL), HOST_EINVAL);
}
END_TEST

START_TEST(test_stdio__write_reaches_the_inherited_descriptor_and_close_keeps_it)
{
    int fds[2], saved = dup(1);
    host_stream_t s;
    char buf[16] = { 0 };
    size_t done;

    ck_assert_int_eq(pipe(fds), 0);
    dup2(fds[1], 1);
    ck_assert_int_eq(host_stream_open("stdio:1", HOST_OPEN_WRITE, &s), HOST_OK);
    ck_assert_int_eq(host_stream_write(s, "out", 3, HOST_POS_NONE, &done), HOST_OK);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
    ck_assert_int_ne(fcntl(1, F_GETFD), -1);
    dup2(saved, 1);
    close(fds[1]);
    ck_assert_int_eq(read(fds[0], buf, sizeof(buf)), 3);
    ck_assert_str_eq(buf, "out");
    close(fds[0]);
    close(saved);
}
END_TEST

START_TEST(test_stdio__with_bad_flags__returns_einval)
{
    host_stream_t s;

    ck_assert_int_eq(host_stream_open("stdio:0", HOST_OPEN_READ | HOST_OPEN_CREATE, &s), HOST_EINVAL);
}
END_TEST

struct pipe_reader {
    host_stream_t s;
    volatile uint32_t entered;
    int result;
};

static void read_pipe(void *p)
{
    struct pipe_reader *r = p;
    char buf[8];
    size_t done;

    __atomic_store_n(&r->entered, 1, __ATOMIC_RELEASE);
    r->result = host_stream_read(r->s, buf, sizeof(buf), HOST_POS_NONE, &done);
}

START_TEST(test_stream_read__of_pipe_blocked_when_interrupted__returns_eintr)
{
    host_stream_t p[2];
    struct pipe_reader r = { 0 };
    struct test_thread t;

    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    r.s = p[0];
    r.result = 99;
    test_fault_arm(TEST_FIX_SKIP, 0);
    ck_assert_int_eq(test_thread_start(&t, read_pipe, &r), HOST_OK);
    while (!__atomic_load_n(&r.entered, __ATOMIC_ACQUIRE))
        host_thread_yield();
    ck_assert(test_wait_sleeping(t.id));
    ck_assert_int_eq(host_thread_interrupt(t.id), HOST_OK);
    test_thread_join(&t);
    ck_assert_int_eq(r.result, HOST_EINTR);
    ck_assert_int_eq(test_fault.count, 1);
    host_exception_set_handler(NULL);
    host_stream_close(p[0]);
    host_stream_close(p[1]);
}
END_TEST

/* ---- Byte-range locks ---------------------------------------------------- */

START_TEST(test_stream_lock__two_streams_of_one_process__conflict_like_two_processes)
{
    host_stream_t a = open_ok("lk", RW | HOST_OPEN_CREATE), b = open_ok("lk", RW);

    ck_assert_int_eq(host_stream_lock(a, 100, 10, HOST_LOCK_SHARED), HOST_OK);
    ck_assert_int_eq(host_stream_lock(b, 105, 1, HOST_LOCK_SHARED), HOST_OK);
    ck_assert_int_eq(host_stream_lock(b, 105, 1, HOST_LOCK_EXCLUSIVE), HOST_EBUSY);
    ck_assert_int_eq(host_stream_lock(b, 110, 5, HOST_LOCK_EXCLUSIVE), HOST_OK);
    /* a stream's own locks never conflict: a upgrades its range in place */
    ck_assert_int_eq(host_stream_lock(b, 105, 1, HOST_LOCK_UNLOCK), HOST_OK);
    ck_assert_int_eq(host_stream_lock(a, 100, 10, HOST_LOCK_EXCLUSIVE), HOST_OK);
    ck_assert_int_eq(host_stream_lock(b, 109, 1, HOST_LOCK_SHARED), HOST_EBUSY);
    /* closing a stream drops its locks */
    ck_assert_int_eq(host_stream_close(a), HOST_OK);
    ck_assert_int_eq(host_stream_lock(b, 100, 10, HOST_LOCK_EXCLUSIVE), HOST_OK);
    ck_assert_int_eq(host_stream_close(b), HOST_OK);
}
END_TEST

START_TEST(test_stream_lock__with_bad_arguments__fails)
{
    host_stream_t w = open_ok("lk", HOST_OPEN_WRITE | HOST_OPEN_CREATE), r = open_ok("lk", HOST_OPEN_READ);
    host_stream_t p[2];

    ck_assert_int_eq(host_stream_lock(w, 0, 1, HOST_LOCK_SHARED), HOST_EBADF);
    ck_assert_int_eq(host_stream_lock(r, 0, 1, HOST_LOCK_EXCLUSIVE), HOST_EBADF);
    ck_assert_int_eq(host_stream_lock(r, -1, 1, HOST_LOCK_SHARED), HOST_EINVAL);
    ck_assert_int_eq(host_stream_lock(r, 0, 1, 3), HOST_EINVAL);
    ck_assert_int_eq(host_stream_lock(r, 0, 1, 0x1000 | HOST_LOCK_SHARED), HOST_EINVAL);
    ck_assert_int_eq(host_stream_lock(r, INT64_MAX, 2, HOST_LOCK_SHARED), HOST_EINVAL);
    ck_assert_int_eq(host_stream_lock(98765, 0, 1, HOST_LOCK_SHARED), HOST_EBADF);
    ck_assert_int_eq(host_pipe_create(p), HOST_OK);
    ck_assert_int_eq(host_stream_lock(p[0], 0, 1, HOST_LOCK_SHARED), HOST_EBADF);
    host_stream_close(p[0]);
    host_stream_close(p[1]);
    host_stream_close(w);
    host_stream_close(r);
}
END_TEST

/* A child process takes a classic POSIX lock (as the sqlite3 shell does),
 * holds it for hold_ms, then exits; it signals through the pipe once it
 * holds the lock. */
static pid_t posix_locker(const char *name, short type, off_t start, off_t len, int hold_ms)
{
    int ready[2];
    char c;

    ck_assert_int_eq(pipe(ready), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (!pid) {
        int fd = open(test_path(name), O_RDWR);
        struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
        if (fd < 0 || fcntl(fd, F_SETLK, &fl) < 0)
            _exit(1);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        usleep(hold_ms * 1000);
        _exit(0);
    }
    close(ready[1]);
    ck_assert_int_eq(read(ready[0], &c, 1), 1);
    close(ready[0]);
    return pid;
}

static void reap(pid_t pid)
{
    int status = -1;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(test_stream_lock__conflicts_with_posix_locks_of_another_process)
{
    host_stream_t s = open_ok("lk", RW | HOST_OPEN_CREATE);
    pid_t pid = posix_locker("lk", F_RDLCK, 0x40000002, 510, 300);

    ck_assert_int_eq(host_stream_lock(s, 0x40000002, 510, HOST_LOCK_SHARED), HOST_OK);
    ck_assert_int_eq(host_stream_lock(s, 0x40000002, 510, HOST_LOCK_EXCLUSIVE), HOST_EBUSY);
    /* WAIT blocks until the other process lets go (it exits) */
    ck_assert_int_eq(host_stream_lock(s, 0x40000002, 510, HOST_LOCK_EXCLUSIVE | HOST_LOCK_WAIT),
                     HOST_OK);
    reap(pid);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

START_TEST(test_stream_lock__held_by_this_process__blocks_a_posix_lock_elsewhere)
{
    host_stream_t s = open_ok("lk", RW | HOST_OPEN_CREATE);
    int status = -1;

    ck_assert_int_eq(host_stream_lock(s, 120, 1, HOST_LOCK_EXCLUSIVE), HOST_OK);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (!pid) {
        int fd = open(test_path("lk"), O_RDWR);
        struct flock fl = { .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 120, .l_len = 1 };
        struct flock other = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 121, .l_len = 1 };
        _exit(fd >= 0 && fcntl(fd, F_SETLK, &fl) < 0 && fcntl(fd, F_SETLK, &other) == 0 ? 0 : 1);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ck_assert_int_eq(host_stream_close(s), HOST_OK);
}
END_TEST

Suite *make_suite_stream(void)
{
    Suite *s = suite_create("stream");
    TCase *tc = tcase_create("stream");

    tcase_set_timeout(tc, TEST_SLOW_TIMEOUT);
    tcase_add_checked_fixture(tc, test_fs_setup, test_fs_teardown);
    tcase_add_test(tc, test_stream_open__create_then_write_and_read_at_offsets);
    tcase_add_test(tc, test_stream_read__at_end_of_file__reads_zero_bytes);
    tcase_add_test(tc, test_stream_table__600_streams__each_reads_its_file_and_ids_are_reused);
    tcase_add_test(tc, test_stream_table__reads_racing_closes__read_a_file_or_fail_cleanly);
    tcase_add_test(tc, test_stream_read__of_a_file_without_offset__returns_einval_no_host_position);
    tcase_add_test(tc, test_stream_open__missing_file_without_create__returns_enoent);
    tcase_add_test(tc, test_stream_open__create_excl_on_existing_file__returns_eexist);
    tcase_add_test(tc, test_stream_open__with_inconsistent_flags__returns_einval);
    tcase_add_test(tc, test_stream_open__truncate__empties_the_file);
    tcase_add_test(tc, test_stream_write__on_append_stream__goes_to_the_end);
    tcase_add_test(tc, test_stream_open__directory_flag_with_create__makes_the_directory);
    tcase_add_test(tc, test_stream_open__directory_flag_on_a_file__returns_enotdir);
    tcase_add_test(tc, test_stream_open__write_on_a_directory__returns_eisdir);
    tcase_add_test(tc, test_stream_open__nofollow_on_a_final_link__returns_eloop);
    tcase_add_test(tc, test_stream_open__without_read_or_write__gives_an_attribute_only_stream);
    tcase_add_test(tc, test_stream_read__on_write_only_stream__returns_ebadf);
    tcase_add_test(tc, test_stream_close__twice_or_unknown__returns_ebadf);
    tcase_add_test(tc, test_stream_set_length__extends_with_zeros_and_truncates);
    tcase_add_test(tc, test_stream_set_length__on_read_only_stream_or_huge_length__fails);
    tcase_add_test(tc, test_stream_flush__on_file_and_pipe__returns_ok);
    tcase_add_test(tc, test_stream_map__private__sees_the_file_and_keeps_writes_to_itself);
    tcase_add_test(tc, test_stream_map__populate__maps_the_pages_at_once);
    tcase_add_test(tc, test_stream_map__shared__writes_reach_the_file);
    tcase_add_test(tc, test_stream_map__at_an_offset__maps_from_there);
    tcase_add_test(tc, test_stream_map__futex__words_are_process_shared);
    tcase_add_test(tc, test_stream_map__with_bad_arguments__fails_without_mapping);
    tcase_add_test(tc, test_pipe__bytes_written_come_out_and_closing_ends_them);
    tcase_add_test(tc, test_pipe__write_with_reader_closed__returns_epipe);
    tcase_add_test(tc, test_pipe_create__with_null__returns_einval);
    tcase_add_test(tc, test_stdio__write_reaches_the_inherited_descriptor_and_close_keeps_it);
    tcase_add_test(tc, test_stdio__with_bad_flags__returns_einval);
    tcase_add_test(tc, test_stream_read__of_pipe_blocked_when_interrupted__returns_eintr);
    tcase_add_test(tc, test_stream_lock__two_streams_of_one_process__conflict_like_two_processes);
    tcase_add_test(tc, test_stream_lock__with_bad_arguments__fails);
    tcase_add_test(tc, test_stream_lock__conflicts_with_posix_locks_of_another_process);
    tcase_add_test(tc, test_stream_lock__held_by_this_process__blocks_a_posix_lock_elsewhere);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_snapfile.c - the snapshot container: round trips, and every way a
 * file can be bad (cut at any section boundary or inside, a flipped byte
 * anywhere, a foreign or newer file, another host) is refused with a
 * reason and nothing handed out unchecked.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "snapfile.h"
#include "snapstreams.h"
#include "test_loader.h"

#define TYPE_A 7
#define TYPE_B 9

static struct snap_identity here;
static char err[256];

/* A pseudo-random payload with compressible and incompressible parts. */
static unsigned char *payload(size_t size, unsigned seed)
{
    unsigned char *p = malloc(size ? size : 1);
    uint32_t x = seed * 2654435761u + 1;

    for (size_t i = 0; i < size; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = i % 4096 < 2048 ? (unsigned char)(i / 64) : (unsigned char)(x >> 16);
    }
    return p;
}

/* Write a file with sections of the given sizes into a temp file; fd at 0. */
static int write_file(const size_t *sizes, size_t n, off_t *boundaries)
{
    char path[] = "/tmp/keep-snapfile-XXXXXX";
    int fd = mkstemp(path);
    struct snap_writer *w;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    ck_assert_int_eq(snap_writer_open(fd, &here, 3, &w, err, sizeof(err)), 0);
    for (size_t i = 0; i < n; i++) {
        if (boundaries)
            boundaries[i] = lseek(fd, 0, SEEK_CUR);
        unsigned char *p = payload(sizes[i], (unsigned)i);
        ck_assert_int_eq(snap_writer_begin(w, i % 2 ? TYPE_B : TYPE_A, sizes[i], err, sizeof(err)), 0);
        /* in uneven pieces, as a caller walking memory regions would */
        size_t done = 0, piece = 100000;
        while (done < sizes[i]) {
            size_t k = sizes[i] - done < piece ? sizes[i] - done : piece;
            ck_assert_int_eq(snap_writer_data(w, p + done, k, err, sizeof(err)), 0);
            done += k;
            piece = piece * 3 / 2 + 1;
        }
        free(p);
    }
    if (boundaries)
        boundaries[n] = lseek(fd, 0, SEEK_CUR);
    ck_assert_int_eq(snap_writer_close(w, err, sizeof(err)), 0);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

/* Read everything back: 0 and every payload checked, or -1 with err. */
static int read_file(int fd, const size_t *sizes, size_t n)
{
    struct snap_identity id;
    struct snap_reader *r;
    uint32_t type;
    uint64_t size;
    size_t i = 0;
    int rc;

    lseek(fd, 0, SEEK_SET);
    if (snap_reader_open(fd, &id, &r, err, sizeof(err)) < 0)
        return -1;
    while ((rc = snap_reader_next(r, &type, &size, err, sizeof(err))) == 1) {
        ck_assert_uint_lt(i, n);
        ck_assert_uint_eq(type, i % 2 ? TYPE_B : TYPE_A);
        ck_assert_uint_eq(size, sizes[i]);
        unsigned char *want = payload(sizes[i], (unsigned)i);
        unsigned char *got = malloc(sizes[i] + 1);
        size_t total = 0, k;
        do {
            if (snap_reader_data(r, got + total, 77777, &k, err, sizeof(err)) < 0) {
                free(want);
                free(got);
                snap_reader_close(r);
                return -1;
            }
            total += k;
        } while (k && total < sizes[i]);
        ck_assert_uint_eq(total, sizes[i]);
        ck_assert_int_eq(memcmp(want, got, sizes[i]), 0);
        free(want);
        free(got);
        i++;
    }
    snap_reader_close(r);
    if (rc == 0)
        ck_assert_uint_eq(i, n);
    return rc;
}

static void setup(void)
{
    memset(&here, 0, sizeof(here));
    strcpy(here.keep_version, "0.1.0-test");
    memset(here.wine_dlls, 0xab, sizeof(here.wine_dlls));
    snap_cpu_here(&here.cpu);
}

static const size_t sizes[] = { 0, 5, 2 * SNAP_CHUNK + 123, 4096, 1 };
#define NSIZES (sizeof(sizes) / sizeof(sizes[0]))

START_TEST(test_snapfile__round_trip__gives_back_every_section)
{
    int fd = write_file(sizes, NSIZES, NULL);

    ck_assert_msg(read_file(fd, sizes, NSIZES) == 0, "%s", err);
    /* the compressible halves were compressed */
    ck_assert_int_lt(lseek(fd, 0, SEEK_END), (off_t)(2 * SNAP_CHUNK));
    close(fd);
}
END_TEST

START_TEST(test_snapfile__skipped_sections__are_still_checked)
{
    int fd = write_file(sizes, NSIZES, NULL);
    struct snap_identity id;
    struct snap_reader *r;
    uint32_t type;
    uint64_t size;
    int n = 0, rc;

    ck_assert_int_eq(snap_reader_open(fd, &id, &r, err, sizeof(err)), 0);
    ck_assert_str_eq(id.keep_version, "0.1.0-test");
    while ((rc = snap_reader_next(r, &type, &size, err, sizeof(err))) == 1)
        n++;
    ck_assert_msg(rc == 0, "%s", err);
    ck_assert_int_eq(n, (int)NSIZES);
    snap_reader_close(r);
    close(fd);
}
END_TEST

/* A copy of fd's first `len` bytes, as a new fd. */
static int cut(int fd, off_t len, off_t flip)
{
    char path[] = "/tmp/keep-snapcut-XXXXXX";
    int out = mkstemp(path);
    off_t total = lseek(fd, 0, SEEK_END);
    char *buf = malloc((size_t)total);

    unlink(path);
    ck_assert_int_eq(pread(fd, buf, (size_t)total, 0), total);
    if (flip >= 0)
        buf[flip] ^= 0x20;
    ck_assert_int_eq(write(out, buf, (size_t)len), len);
    lseek(out, 0, SEEK_SET);
    free(buf);
    return out;
}

START_TEST(test_snapfile__cut_at_every_section_boundary__is_refused)
{
    off_t bounds[NSIZES + 1];
    int fd = write_file(sizes, NSIZES, bounds);
    off_t total = lseek(fd, 0, SEEK_END);

    for (size_t i = 0; i <= NSIZES; i++) {
        int c = cut(fd, bounds[i], -1);
        ck_assert_msg(read_file(c, sizes, NSIZES) == -1, "a file cut at section %zu was accepted", i);
        ck_assert_ptr_nonnull(strstr(err, "truncated"));
        close(c);
    }
    /* and inside: at 30 places through the file, and one byte short */
    for (off_t len = 0; len < total; len = len + total / 30 + 1 < total ? len + total / 30 + 1
                                         : len == total - 1 ? total : total - 1) {
        int c = cut(fd, len, -1);
        ck_assert_msg(read_file(c, sizes, NSIZES) == -1, "a file cut at byte %lld was accepted", (long long)len);
        close(c);
    }
    close(fd);
}
END_TEST

START_TEST(test_snapfile__flipped_bytes__are_refused)
{
    const size_t small[] = { 3000, 70000, 10 };
    int fd = write_file(small, 3, NULL);
    off_t total = lseek(fd, 0, SEEK_END);

    /* every byte of headers and a spread through the payloads */
    for (off_t at = 0; at < total; at += at < 200 ? 1 : 61) {
        int c = cut(fd, total, at);
        ck_assert_msg(read_file(c, small, 3) == -1, "a flip at byte %lld was accepted", (long long)at);
        ck_assert_uint_gt(strlen(err), 10);
        close(c);
    }
    close(fd);
}
END_TEST

START_TEST(test_snapfile__foreign_newer_and_padded_files__are_refused)
{
    const size_t one[] = { 10 };
    int fd = write_file(one, 1, NULL);
    off_t total = lseek(fd, 0, SEEK_END);
    struct snap_identity id;
    struct snap_reader *r;
    char buf[4096];

    /* not a snapshot */
    int c = cut(fd, total, 0);
    ck_assert_int_eq(snap_reader_open(c, &id, &r, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "not a keep snapshot"));
    close(c);
    /* a newer format */
    ck_assert_int_eq(pread(fd, buf, (size_t)total, 0), total);
    buf[8] = SNAP_FORMAT_VERSION + 1;
    c = cut(fd, 0, -1);
    ck_assert_int_eq(write(c, buf, (size_t)total), total);
    lseek(c, 0, SEEK_SET);
    ck_assert_int_eq(snap_reader_open(c, &id, &r, err, sizeof(err)), -1);
    snprintf(buf + 2048, 64, "format %u", SNAP_FORMAT_VERSION + 1);
    ck_assert_msg(strstr(err, buf + 2048), "%s", err);
    close(c);
    /* bytes after the end */
    buf[8] = SNAP_FORMAT_VERSION;
    c = cut(fd, 0, -1);
    ck_assert_int_eq(write(c, buf, (size_t)total), total);
    ck_assert_int_eq(write(c, "x", 1), 1);
    ck_assert_int_eq(read_file(c, one, 1), -1);
    ck_assert_ptr_nonnull(strstr(err, "follow the end"));
    close(c);
    close(fd);
}
END_TEST

START_TEST(test_snapfile__identity__other_dlls_or_missing_cpu_features__are_refused)
{
    struct snap_identity file = here;

    ck_assert_int_eq(snap_identity_check(&file, &here, err, sizeof(err)), 0);
    file.wine_dlls[3] ^= 1;
    ck_assert_int_eq(snap_identity_check(&file, &here, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "other Wine DLLs"));
    file = here;
    file.cpu.leaf7_ebx = here.cpu.leaf7_ebx | ~here.cpu.leaf7_ebx;   /* every feature */
    if (file.cpu.leaf7_ebx != here.cpu.leaf7_ebx) {
        ck_assert_int_eq(snap_identity_check(&file, &here, err, sizeof(err)), -1);
        ck_assert_ptr_nonnull(strstr(err, "CPUID.7:EBX"));
    }
    /* a CPU with more features than the file's is fine */
    file = here;
    file.cpu.leaf1_edx = 0;
    ck_assert_int_eq(snap_identity_check(&file, &here, err, sizeof(err)), 0);
}
END_TEST

START_TEST(test_snapfile__writer_misuse__is_an_error)
{
    struct snap_writer *w;
    int fd = open("/dev/null", 1);

    ck_assert_int_eq(snap_writer_open(fd, &here, 1, &w, err, sizeof(err)), 0);
    ck_assert_int_eq(snap_writer_begin(w, TYPE_A, 10, err, sizeof(err)), 0);
    ck_assert_int_eq(snap_writer_data(w, "0123456789ab", 12, err, sizeof(err)), -1);
    ck_assert_int_eq(snap_writer_data(w, "01234", 5, err, sizeof(err)), 0);
    ck_assert_int_eq(snap_writer_begin(w, TYPE_B, 1, err, sizeof(err)), -1);
    ck_assert_ptr_nonnull(strstr(err, "short"));
    ck_assert_int_eq(snap_writer_close(w, err, sizeof(err)), -1);
    close(fd);
}
END_TEST

START_TEST(test_snapfile__crc32c__matches_the_standard_check_value)
{
    /* the CRC-32C check value of "123456789" */
    ck_assert_uint_eq(snap_crc32c(0, "123456789", 9), 0xe3069283u);
    ck_assert_uint_eq(snap_crc32c(snap_crc32c(0, "1234", 4), "56789", 5), 0xe3069283u);
}
END_TEST

START_TEST(test_snapfile__reader_names_the_file_s_format)
{
    struct snap_identity id;
    struct snap_reader *r;
    int fd = write_file(sizes, 1, NULL);

    ck_assert_int_eq(snap_reader_open(fd, &id, &r, err, sizeof(err)), 0);
    ck_assert_uint_eq(snap_reader_version(r), SNAP_FORMAT_VERSION);
    ck_assert_uint_eq(SNAP_FORMAT_VERSION, 3);
    snap_reader_close(r);
    close(fd);
}
END_TEST

START_TEST(test_snapstreams__entries_round_trip__and_format_2_entries_read)
{
    struct host_stream_desc pipe_end = { 5, HOST_DESC_PIPE, HOST_OPEN_READ, 0, NULL,
                                         .dev = 12, .ino = 3456, .fd = -1 };
    struct host_stream_desc file = { 9, HOST_DESC_FILE, HOST_OPEN_WRITE, 0, "/tmp/x", .fd = -1 };
    struct snap_stream_entry e;
    char *buf = NULL;
    size_t size = 0, at = 0;
    FILE *f = open_memstream(&buf, &size);

    snap_stream_put(f, &pipe_end, SNAP_STREAM_PARENT);
    snap_stream_put(f, &file, file.kind);
    ck_assert_int_eq(fclose(f), 0);
    ck_assert_uint_eq(size, 40 + 40 + 6);
    ck_assert_int_eq(snap_stream_next(buf, size, &at, 3, &e), 1);
    ck_assert_int_eq(e.d.id, 5);
    ck_assert_uint_eq(e.d.kind, SNAP_STREAM_PARENT);
    ck_assert_uint_eq(e.d.dev, 12);
    ck_assert_uint_eq(e.d.ino, 3456);
    ck_assert_ptr_null(e.d.path);
    ck_assert_int_eq(e.d.fd, -1);
    ck_assert_int_eq(snap_stream_next(buf, size, &at, 3, &e), 1);
    ck_assert_str_eq(e.d.path, "/tmp/x");
    ck_assert_uint_eq(e.d.flags, HOST_OPEN_WRITE);
    ck_assert_int_eq(snap_stream_next(buf, size, &at, 3, &e), 0);
    /* cut inside an entry, or a path longer than what is left: malformed */
    at = 0;
    ck_assert_int_eq(snap_stream_next(buf, 39, &at, 3, &e), -1);
    at = 40;
    ck_assert_int_eq(snap_stream_next(buf, size - 1, &at, 3, &e), -1);
    /* format 2: 24 bytes before the path, no device and inode */
    char old[24 + 2] = { 0 };
    uint32_t kind = HOST_DESC_FILE, len = 2;
    memcpy(old + 8, &kind, 4);
    memcpy(old + 20, &len, 4);
    memcpy(old + 24, "/a", 2);
    at = 0;
    ck_assert_int_eq(snap_stream_next(old, sizeof(old), &at, 2, &e), 1);
    ck_assert_str_eq(e.d.path, "/a");
    ck_assert_uint_eq(e.d.ino, 0);
    ck_assert_uint_eq(at, sizeof(old));
    free(buf);
}
END_TEST

Suite *snapfile_suite(void)
{
    Suite *s = suite_create("snapfile");
    TCase *tc = tcase_create("container");

    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_snapfile__round_trip__gives_back_every_section);
    tcase_add_test(tc, test_snapfile__skipped_sections__are_still_checked);
    tcase_add_test(tc, test_snapfile__cut_at_every_section_boundary__is_refused);
    tcase_add_test(tc, test_snapfile__flipped_bytes__are_refused);
    tcase_add_test(tc, test_snapfile__foreign_newer_and_padded_files__are_refused);
    tcase_add_test(tc, test_snapfile__identity__other_dlls_or_missing_cpu_features__are_refused);
    tcase_add_test(tc, test_snapfile__writer_misuse__is_an_error);
    tcase_add_test(tc, test_snapfile__crc32c__matches_the_standard_check_value);
    tcase_add_test(tc, test_snapfile__reader_names_the_file_s_format);
    tcase_add_test(tc, test_snapstreams__entries_round_trip__and_format_2_entries_read);
    suite_add_tcase(s, tc);
    return s;
}

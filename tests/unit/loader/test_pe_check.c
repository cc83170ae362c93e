/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_pe_check.c - loader/pe_check.c on valid, malformed, truncated and
 * fuzzed images: each must get the right answer and never a crash (the
 * test runs under ASan/UBSan, with buffers sized exactly to the data).
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pe_check.h"
#include "test_loader.h"

#define HELLO_EXE KEEP_TEST_BUILDDIR "/tests/unit/loader/hello.exe"
#define HELLO_DLL KEEP_TEST_BUILDDIR "/tests/unit/loader/hello.dll"

/* A small valid PE32+ console EXE: headers, .text and .data. */
#define SYN_SIZE  0x600
#define LFANEW    0x80
#define FH        (LFANEW + 4)
#define OPT       (LFANEW + 24)
#define SECT      (OPT + 240)
#define SECT2     (SECT + 40)

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, uint64_t v)
{
    put32(p, (uint32_t)v);
    put32(p + 4, (uint32_t)(v >> 32));
}

static void put_section(unsigned char *sh, const char *name, uint32_t va, uint32_t ptr)
{
    memcpy(sh, name, strlen(name));
    put32(sh + 8, 0x10);          /* VirtualSize */
    put32(sh + 12, va);
    put32(sh + 16, 0x200);        /* SizeOfRawData */
    put32(sh + 20, ptr);
    put32(sh + 36, 0x60000020);
}

static void make_pe(unsigned char *b)
{
    memset(b, 0, SYN_SIZE);
    b[0] = 'M';
    b[1] = 'Z';
    put32(b + 0x3c, LFANEW);
    memcpy(b + LFANEW, "PE\0\0", 4);
    put16(b + FH, 0x8664);
    put16(b + FH + 2, 2);
    put16(b + FH + 16, 240);
    put16(b + FH + 18, 0x0022);
    put16(b + OPT, 0x20b);
    put32(b + OPT + 16, 0x1000);
    put64(b + OPT + 24, 0x140000000ULL);
    put32(b + OPT + 32, 0x1000);
    put32(b + OPT + 36, 0x200);
    put32(b + OPT + 56, 0x3000);
    put32(b + OPT + 60, 0x200);
    put16(b + OPT + 68, 3);
    put32(b + OPT + 108, 16);
    put_section(b + SECT, ".text", 0x1000, 0x200);
    put_section(b + SECT2, ".data", 0x2000, 0x400);
}

/* Check data[0..size) in a heap buffer of exactly that size. */
static enum pe_result check_exact(const unsigned char *data, size_t size, char *msg, size_t msglen)
{
    unsigned char *copy = malloc(size ? size : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, data, size);
    enum pe_result r = pe_check_buffer(copy, size, "prog.exe", msg, msglen);
    free(copy);
    return r;
}

static void assert_one_line(const char *msg)
{
    ck_assert_msg(strncmp(msg, "prog.exe: ", 10) == 0, "message '%s' does not name the program", msg);
    ck_assert_msg(strchr(msg, '\n') == NULL, "message '%s' is not one line", msg);
}

START_TEST(test_synthetic_valid)
{
    unsigned char b[SYN_SIZE];
    char msg[512];

    make_pe(b);
    ck_assert_int_eq(check_exact(b, sizeof(b), msg, sizeof(msg)), PE_OK);
    ck_assert_str_eq(msg, "");
    ck_assert_int_eq(pe_exit_status(PE_OK), 0);
}
END_TEST

enum { W16 = 2, W32 = 4 };

static const struct mutation {
    const char *what;
    unsigned offset, width;
    uint32_t value;
    enum pe_result want;
    const char *text;
} mutations[] = {
    { "no MZ", 0, W16, 0x4d5a, PE_NOT_PE, "not a Windows program (not a PE file)" },
    { "bad signature", LFANEW, W32, 0x5850, PE_NOT_PE, "not a PE file" },
    { "huge e_lfanew", 0x3c, W32, 0xfffffff0, PE_NOT_PE, "not a PE file" },
    { "e_lfanew at the end", 0x3c, W32, SYN_SIZE - 2, PE_NOT_PE, "not a PE file" },
    { "e_lfanew just past the end", 0x3c, W32, SYN_SIZE, PE_NOT_PE, "not a PE file" },
    { "16-bit NE", LFANEW, W32, 0x454e, PE_UNSUPPORTED, "16-bit Windows programs" },
    { "i386", FH, W16, 0x14c, PE_32BIT, "32-bit Windows programs are not supported yet" },
    { "ARM64", FH, W16, 0xaa64, PE_MACHINE, "ARM64 Windows programs are not supported" },
    { "ARMNT", FH, W16, 0x1c4, PE_MACHINE, "32-bit ARM" },
    { "unknown machine", FH, W16, 0x1234, PE_MACHINE, "0x1234" },
    { "DLL", FH + 18, W16, 0x2022, PE_DLL, "is a DLL, not a program" },
    { "not executable", FH + 18, W16, 0x0020, PE_CORRUPT, "not marked as an executable" },
    { "PE32 magic", OPT, W16, 0x10b, PE_CORRUPT, "32-bit optional header" },
    { "ROM magic", OPT, W16, 0x107, PE_CORRUPT, "magic 0x0107" },
    { "tiny optional header", FH + 16, W16, 64, PE_CORRUPT, "optional header too small" },
    { "optional header past the end", FH + 16, W16, 0xfff0, PE_TRUNCATED, "optional header" },
    { "no sections", FH + 2, W16, 0, PE_CORRUPT, "no sections" },
    { "too many sections", FH + 2, W16, 60000, PE_TRUNCATED, "section table" },
    { "section alignment 3", OPT + 32, W32, 3, PE_CORRUPT, "bad alignment" },
    { "section alignment 2 GiB", OPT + 32, W32, 0x80000000, PE_CORRUPT, "bad alignment" },
    { "file alignment 128 KiB", OPT + 36, W32, 0x20000, PE_CORRUPT, "bad alignment" },
    { "file alignment 0", OPT + 36, W32, 0, PE_CORRUPT, "bad alignment" },
    { "small section alignment", OPT + 32, W32, 0x400, PE_CORRUPT, "bad alignment" },
    { "unaligned image base", OPT + 24, W32, 0x40001000, PE_CORRUPT, "64 KiB" },
    { "SizeOfImage too small", OPT + 56, W32, 0x2000, PE_CORRUPT, "smaller than section 2 '.data'" },
    { "SizeOfImage 0", OPT + 56, W32, 0, PE_CORRUPT, "SizeOfImage" },
    { "SizeOfImage 4 GiB", OPT + 56, W32, 0xfffff000, PE_CORRUPT, "SizeOfImage 0xfffff000 is larger than 2 GiB" },
    { "SizeOfImage 2 GiB + 4 KiB", OPT + 56, W32, 0x80001000, PE_CORRUPT, "larger than 2 GiB" },
    { "SizeOfImage 2 GiB", OPT + 56, W32, 0x80000000, PE_OK, "" },
    { "SizeOfHeaders past the end", OPT + 60, W32, 0x10000, PE_TRUNCATED, "SizeOfHeaders" },
    { "entry point outside", OPT + 16, W32, 0x5000, PE_CORRUPT, "entry point" },
    { "native subsystem", OPT + 68, W16, 1, PE_UNSUPPORTED, "native" },
    { "EFI subsystem", OPT + 68, W16, 10, PE_UNSUPPORTED, "EFI" },
    { "unknown subsystem", OPT + 68, W16, 0, PE_UNSUPPORTED, "subsystem (0)" },
    { "section data past the end", SECT2 + 20, W32, 0x500, PE_TRUNCATED, "section 2 '.data' lies beyond the end" },
    { "section pointer huge", SECT2 + 20, W32, 0xffffffff, PE_TRUNCATED, "section 2" },
    { "section raw size huge", SECT + 16, W32, 0xffffffff, PE_TRUNCATED, "section 1 '.text'" },
    { "unaligned section", SECT2 + 12, W32, 0x2001, PE_CORRUPT, "not aligned" },
    { "huge virtual size", SECT + 8, W32, 0xffffffff, PE_CORRUPT, "smaller than section 1" },
    { "GUI subsystem", OPT + 68, W16, 2, PE_OK, "" },
    { "empty section", SECT2 + 16, W32, 0, PE_OK, "" },
};

START_TEST(test_synthetic_mutation)
{
    const struct mutation *m = &mutations[_i];
    unsigned char b[SYN_SIZE];
    char msg[512];

    make_pe(b);
    if (m->width == W16)
        put16(b + m->offset, m->value);
    else
        put32(b + m->offset, m->value);
    enum pe_result r = check_exact(b, sizeof(b), msg, sizeof(msg));
    ck_assert_msg(r == m->want, "%s: result %d, want %d (%s)", m->what, r, m->want, msg);
    ck_assert_msg(strstr(msg, m->text) != NULL, "%s: message '%s' lacks '%s'", m->what, msg, m->text);
    if (r != PE_OK) {
        assert_one_line(msg);
        ck_assert_int_eq(pe_exit_status(r), 126);
    }
}
END_TEST

/* Every prefix of a valid image is refused with 126 and one line. */
static void check_truncations(const unsigned char *data, size_t size, size_t step)
{
    unsigned char *buf = malloc(size);
    char msg[512];

    ck_assert_ptr_nonnull(buf);
    for (size_t n = 0; n < size; n += step) {
        /* The prefix sits at the end of the allocation: ASan sees over-reads. */
        memcpy(buf + (size - n), data, n);
        enum pe_result r = pe_check_buffer(buf + (size - n), n, "prog.exe", msg, sizeof(msg));
        ck_assert_msg(r != PE_OK, "a prefix of %zu bytes passed", n);
        ck_assert_int_eq(pe_exit_status(r), 126);
        assert_one_line(msg);
    }
    free(buf);
}

START_TEST(test_synthetic_truncated)
{
    unsigned char b[SYN_SIZE];

    make_pe(b);
    check_truncations(b, sizeof(b), 1);
}
END_TEST

START_TEST(test_fuzz)
{
    unsigned char b[SYN_SIZE];
    char msg[512];
    unsigned seed = 12345;

    for (int i = 0; i < 20000; i++) {
        make_pe(b);
        int flips = 1 + rand_r(&seed) % 4;
        for (int f = 0; f < flips; f++) {
            unsigned off = (unsigned)rand_r(&seed) % (SECT2 + 40);
            b[off] = (unsigned char)rand_r(&seed);
        }
        size_t size = (i % 3) ? sizeof(b) : (size_t)rand_r(&seed) % sizeof(b);
        enum pe_result r = check_exact(b, size, msg, sizeof(msg));
        ck_assert(r != PE_NOT_FOUND);
        if (r != PE_OK)
            assert_one_line(msg);
    }
}
END_TEST

/* The kernel maps 96 sections at most: 97 are refused here, in one line. */
START_TEST(test_section_count)
{
    enum { N = 97, SIZE = SECT + N * 40 };
    unsigned char b[SIZE];
    char msg[512];

    memset(b, 0, sizeof(b));
    make_pe(b);
    put16(b + FH + 2, N - 1);
    ck_assert_int_eq(check_exact(b, sizeof(b), msg, sizeof(msg)), PE_OK);
    put16(b + FH + 2, N);
    ck_assert_int_eq(check_exact(b, sizeof(b), msg, sizeof(msg)), PE_UNSUPPORTED);
    ck_assert_str_eq(msg, "prog.exe: has 97 sections (keep maps at most 96)");
}
END_TEST

START_TEST(test_small_inputs)
{
    char msg[128];

    ck_assert_int_eq(pe_check_buffer(NULL, 0, "prog.exe", msg, sizeof(msg)), PE_NOT_PE);
    ck_assert_str_eq(msg, "prog.exe: not a Windows program (not a PE file)");
    ck_assert_int_eq(check_exact((const unsigned char *)"MZ", 2, msg, sizeof(msg)), PE_NOT_PE);
    ck_assert_int_eq(check_exact((const unsigned char *)"hello world\n", 12, msg, sizeof(msg)), PE_NOT_PE);
    /* No message buffer at all, and a tiny one. */
    ck_assert_int_eq(pe_check_buffer("MZ", 2, "prog.exe", NULL, 0), PE_NOT_PE);
    ck_assert_int_eq(pe_check_buffer("MZ", 2, "prog.exe", msg, 5), PE_NOT_PE);
    ck_assert_str_eq(msg, "prog");
}
END_TEST

START_TEST(test_hello_exe)
{
    size_t size;
    char msg[512];
    unsigned char *data = test_read_file(HELLO_EXE, &size);

    ck_assert_int_eq(pe_check_file(HELLO_EXE, msg, sizeof(msg)), PE_OK);
    ck_assert_int_eq(pe_check_buffer(data, size, "prog.exe", msg, sizeof(msg)), PE_OK);
    check_truncations(data, size, 1);
    free(data);
}
END_TEST

/* The same answers through files (pread) as through buffers. */
START_TEST(test_hello_exe_files)
{
    char tmp[PATH_MAX], path[PATH_MAX + 16], msg1[512], msg2[512];
    size_t size;
    unsigned char *data = test_read_file(HELLO_EXE, &size);

    test_tmpdir(tmp, sizeof(tmp));
    snprintf(path, sizeof(path), "%s/prog.exe", tmp);
    ck_assert_int_eq(chdir(tmp), 0);
    for (size_t n = 0; n < size; n += 97) {
        test_write_file(path, data, n);
        enum pe_result rf = pe_check_file("prog.exe", msg1, sizeof(msg1));
        enum pe_result rb = pe_check_buffer(data, n, "prog.exe", msg2, sizeof(msg2));
        ck_assert_int_eq(rf, rb);
        ck_assert_str_eq(msg1, msg2);
        ck_assert(rf != PE_OK);
    }
    test_write_file(path, data, size);
    ck_assert_int_eq(pe_check_file("prog.exe", msg1, sizeof(msg1)), PE_OK);
    ck_assert_int_eq(chdir("/"), 0);
    free(data);
    test_rmrf(tmp);
}
END_TEST

START_TEST(test_hello_dll)
{
    char msg[512];

    ck_assert_int_eq(pe_check_file(HELLO_DLL, msg, sizeof(msg)), PE_DLL);
    ck_assert(strstr(msg, "is a DLL, not a program") != NULL);
    /* as an image, its layout alone, it passes */
    ck_assert_int_eq(pe_check_file_as(HELLO_DLL, PE_KIND_IMAGE, msg, sizeof(msg)), PE_OK);
    ck_assert_str_eq(msg, "");
}
END_TEST

START_TEST(test_files)
{
    char tmp[PATH_MAX], path[PATH_MAX + 16], msg[PATH_MAX + 256];

    test_tmpdir(tmp, sizeof(tmp));
    snprintf(path, sizeof(path), "%s/missing.exe", tmp);
    ck_assert_int_eq(pe_check_file(path, msg, sizeof(msg)), PE_NOT_FOUND);
    ck_assert(strstr(msg, ": No such file") != NULL);
    ck_assert_int_eq(pe_exit_status(PE_NOT_FOUND), 127);

    ck_assert_int_eq(pe_check_file("/etc/passwd/x.exe", msg, sizeof(msg)), PE_NOT_FOUND);

    ck_assert_int_eq(pe_check_file(tmp, msg, sizeof(msg)), PE_UNREADABLE);
    ck_assert(strstr(msg, "Is a directory") != NULL);

    snprintf(path, sizeof(path), "%s/fifo.exe", tmp);
    ck_assert_int_eq(mkfifo(path, 0644), 0);
    ck_assert_int_eq(pe_check_file(path, msg, sizeof(msg)), PE_UNREADABLE);
    ck_assert(strstr(msg, "not a regular file") != NULL);

    snprintf(path, sizeof(path), "%s/empty.exe", tmp);
    test_write_file(path, "", 0);
    ck_assert_int_eq(pe_check_file(path, msg, sizeof(msg)), PE_NOT_PE);

    snprintf(path, sizeof(path), "%s/text.exe", tmp);
    test_write_file(path, "#!/bin/sh\necho hi\n", 18);
    ck_assert_int_eq(pe_check_file(path, msg, sizeof(msg)), PE_NOT_PE);
    ck_assert(strstr(msg, "not a PE file") != NULL);

    ck_assert_int_eq(pe_check_file("/proc/self/exe", msg, sizeof(msg)), PE_NOT_PE);

    if (geteuid() != 0) {   /* root reads anything */
        snprintf(path, sizeof(path), "%s/secret.exe", tmp);
        test_write_file(path, "MZ", 2);
        ck_assert_int_eq(chmod(path, 0), 0);
        ck_assert_int_eq(pe_check_file(path, msg, sizeof(msg)), PE_UNREADABLE);
        ck_assert(strstr(msg, "Permission denied") != NULL);
    }
    test_rmrf(tmp);
}
END_TEST

Suite *pe_check_suite(void)
{
    Suite *s = suite_create("pe_check");
    TCase *tc = tcase_create("pe_check");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_synthetic_valid);
    tcase_add_loop_test(tc, test_synthetic_mutation, 0, sizeof(mutations) / sizeof(*mutations));
    tcase_add_test(tc, test_synthetic_truncated);
    tcase_add_test(tc, test_fuzz);
    tcase_add_test(tc, test_section_count);
    tcase_add_test(tc, test_small_inputs);
    tcase_add_test(tc, test_hello_exe);
    tcase_add_test(tc, test_hello_exe_files);
    tcase_add_test(tc, test_hello_dll);
    tcase_add_test(tc, test_files);
    suite_add_tcase(s, tc);
    return s;
}

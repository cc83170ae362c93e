/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_pe_check.c - loader/pe_check.c on valid, malformed, truncated and
 * fuzzed images: each must get the right answer and never a crash (the
 * test runs under ASan/UBSan, with buffers sized exactly to the data).
 */
#include "config.h"

#include <dirent.h>
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

/* A valid image passes, with no message, and every prefix of it fails. */
static void check_valid(const unsigned char *b)
{
    char msg[512];

    ck_assert_int_eq(check_exact(b, SYN_SIZE, msg, sizeof(msg)), PE_OK);
    ck_assert_str_eq(msg, "");
    check_truncations(b, SYN_SIZE, 1);
}

START_TEST(test_synthetic_valid)
{
    unsigned char b[SYN_SIZE];

    make_pe(b);
    check_valid(b);
    ck_assert_int_eq(pe_exit_status(PE_OK), 0);
}
END_TEST

enum { W16 = 2, W32 = 4, W64 = 8 };

static void put_width(unsigned char *p, unsigned width, uint64_t value)
{
    if (width == W16)
        put16(p, (uint32_t)value);
    else if (width == W32)
        put32(p, (uint32_t)value);
    else
        put64(p, value);
}

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
    put_width(b + m->offset, m->width, m->value);
    enum pe_result r = check_exact(b, sizeof(b), msg, sizeof(msg));
    ck_assert_msg(r == m->want, "%s: result %d, want %d (%s)", m->what, r, m->want, msg);
    ck_assert_msg(strstr(msg, m->text) != NULL, "%s: message '%s' lacks '%s'", m->what, msg, m->text);
    if (r != PE_OK) {
        assert_one_line(msg);
        ck_assert_int_eq(pe_exit_status(r), 126);
    }
}
END_TEST

/* count images from make with random bytes in [from, from + span), a
   third of them cut short: each gets an answer, never a crash. */
static void fuzz(void (*make)(unsigned char *), unsigned seed, int count, unsigned from,
                 unsigned span)
{
    unsigned char b[SYN_SIZE];
    char msg[512];

    for (int i = 0; i < count; i++) {
        make(b);
        int flips = 1 + rand_r(&seed) % 4;
        for (int f = 0; f < flips; f++) {
            unsigned off = from + (unsigned)rand_r(&seed) % span;
            b[off] = (unsigned char)rand_r(&seed);
        }
        size_t size = (i % 3) ? sizeof(b) : (size_t)rand_r(&seed) % sizeof(b);
        enum pe_result r = check_exact(b, size, msg, sizeof(msg));
        ck_assert(r != PE_NOT_FOUND);
        if (r != PE_OK)
            assert_one_line(msg);
    }
}

START_TEST(test_fuzz)
{
    fuzz(make_pe, 12345, 20000, 0, SECT2 + 40);
}
END_TEST

/*
 * The same image with the data directories the loader walks, all in
 * .data (RVA 0x2000, file 0x400, 0x200 bytes of file data, then zeros up
 * to the end of its page): imports, delay imports, TLS, base relocations
 * and an exception table.
 */
#define BASE        0x140000000ULL
#define D(rva)      ((rva) - 0x2000 + 0x400)        /* file offset of a .data RVA */
#define DIR(i)      (OPT + 112 + 8 * (i))           /* data directory i */
#define SIZE_OF_IMAGE (OPT + 56)

static void put_dir(unsigned char *b, unsigned i, uint32_t rva, uint32_t size)
{
    put32(b + DIR(i), rva);
    put32(b + DIR(i) + 4, size);
}

static void make_imports(unsigned char *b)
{
    put32(b + D(0x2000), 0x2040);           /* lookup table */
    put32(b + D(0x2000) + 12, 0x2080);      /* DLL name */
    put32(b + D(0x2000) + 16, 0x2060);      /* address table; 0x2014: the end */
    put64(b + D(0x2040), 0x2090);
    put64(b + D(0x2060), 0x2090);
    memcpy(b + D(0x2080), "KERNEL32.dll", 13);
    memcpy(b + D(0x2092), "ExitProcess", 12);
    put64(b + D(0x21f8), 0x2090);           /* a table that ends in the zero fill */
    put_dir(b, 1, 0x2000, 40);
}

static void make_delay_imports(unsigned char *b)
{
    put32(b + D(0x2140), 1);                /* RVA-based */
    put32(b + D(0x2140) + 4, 0x2180);       /* DLL name */
    put32(b + D(0x2140) + 8, 0x2188);       /* module handle */
    put32(b + D(0x2140) + 12, 0x2190);      /* address table */
    put32(b + D(0x2140) + 16, 0x21a0);      /* lookup table; 0x2160: the end */
    memcpy(b + D(0x2180), "d.dll", 6);
    put64(b + D(0x2190), BASE + 0x1000);
    put64(b + D(0x21a0), 0x8000000000000005ULL);   /* by ordinal */
    put_dir(b, 13, 0x2140, 64);
}

static void make_pe_dirs(unsigned char *b)
{
    make_pe(b);
    make_imports(b);
    make_delay_imports(b);
    put64(b + D(0x20b0), BASE + 0x20f0);    /* TLS template start */
    put64(b + D(0x20b0) + 8, BASE + 0x20f8);        /* its end */
    put64(b + D(0x20b0) + 16, BASE + 0x20f8);       /* the index */
    put64(b + D(0x20b0) + 24, BASE + 0x2100);       /* the callbacks */
    put64(b + D(0x2100), BASE + 0x1000);
    put_dir(b, 9, 0x20b0, 40);
    put32(b + D(0x2110), 0x1000);           /* relocations for the page at 0x1000 */
    put32(b + D(0x2110) + 4, 12);
    put16(b + D(0x2110) + 8, 0xa008);       /* DIR64 at 0x1008 */
    put_dir(b, 5, 0x2110, 12);
    put32(b + D(0x2120), 0x1000);           /* one RUNTIME_FUNCTION */
    put32(b + D(0x2120) + 4, 0x1010);
    put32(b + D(0x2120) + 8, 0x2130);
    put_dir(b, 3, 0x2120, 12);
}

static const struct dir_mutation {
    const char *what;
    struct { unsigned offset, width; uint64_t value; } e[3];
    enum pe_result want;
    const char *text;
} dir_mutations[] = {
    { "import directory outside", { { DIR(1), W32, 0x7ffff000 } }, PE_CORRUPT,
      "corrupt Windows program (import directory entry 1 lies outside the image)" },
    { "import directory across the end", { { DIR(1), W32, 0x2ff0 } }, PE_CORRUPT,
      "import directory entry 1 lies outside the image" },
    { "DLL name outside", { { D(0x2000) + 12, W32, 0x5000 } }, PE_CORRUPT,
      "import directory entry 1 names a DLL outside the image" },
    { "DLL name cut by SizeOfImage", { { SIZE_OF_IMAGE, W32, 0x2082 } }, PE_CORRUPT,
      "import directory entry 1 names a DLL outside the image" },
    { "lookup table outside", { { D(0x2000), W32, 0x7000 } }, PE_CORRUPT,
      "import directory entry 1 has a lookup table that runs past the end of the image" },
    { "lookup table without its end", { { SIZE_OF_IMAGE, W32, 0x2048 }, { D(0x2000) + 12, W32, 0x2030 },
      { D(0x2040), W64, 0x8000000000000001ULL } }, PE_CORRUPT,
      "import directory entry 1 has a lookup table that runs past the end of the image" },
    { "lookup table ending in the zero fill", { { D(0x2000), W32, 0x21f8 } }, PE_OK, "" },
    { "lookup table ending at SizeOfImage", { { D(0x2000), W32, 0x21f8 }, { SIZE_OF_IMAGE, W32, 0x2200 } },
      PE_CORRUPT, "import directory entry 1 has a lookup table that runs past the end of the image" },
    { "hint/name entry outside", { { D(0x2040), W64, 0x8000 } }, PE_CORRUPT,
      "import directory entry 1: import 1 names a function outside the image" },
    { "hint/name entry with high bits", { { D(0x2040), W64, 0x100002090ULL } }, PE_CORRUPT,
      "import 1 names a function outside the image" },
    { "address table outside", { { D(0x2000) + 16, W32, 0x2ffc } }, PE_CORRUPT,
      "import directory entry 1 has an address table outside the image" },
    { "no lookup table: the address table's", { { D(0x2000), W32, 0 } }, PE_OK, "" },
    { "no lookup table, bad address table", { { D(0x2000), W32, 0 }, { D(0x2060), W64, 0x9000 } },
      PE_CORRUPT, "import directory entry 1: import 1 names a function outside the image" },
    { "no imports", { { D(0x2000) + 12, W32, 0 } }, PE_OK, "" },
    { "no directories at all", { { OPT + 108, W32, 0 }, { DIR(1), W32, 0x7ffff000 } }, PE_OK, "" },
    { "delay-import directory outside", { { DIR(13), W32, 0x7000 } }, PE_CORRUPT,
      "delay-import directory entry 1 lies outside the image" },
    { "delay-import DLL name outside", { { D(0x2144), W32, 0x9000 } }, PE_CORRUPT,
      "delay-import directory entry 1 names a DLL outside the image" },
    { "delay-import module handle outside", { { D(0x2148), W32, 0x2ffc } }, PE_CORRUPT,
      "delay-import directory entry 1 has its module handle outside the image" },
    { "delay-import name entry outside", { { D(0x21a0), W64, 0x7000 } }, PE_CORRUPT,
      "delay-import directory entry 1: import 1 names a function outside the image" },
    { "delay-import address table outside", { { D(0x214c), W32, 0x7ff0 } }, PE_CORRUPT,
      "delay-import directory entry 1 has an address table outside the image" },
    { "TLS directory outside", { { DIR(9), W32, 0x7ff00000 } }, PE_CORRUPT,
      "corrupt Windows program (the TLS directory lies outside the image)" },
    { "TLS directory across the end", { { DIR(9), W32, 0x2ff0 } }, PE_CORRUPT,
      "the TLS directory lies outside the image" },
    { "TLS template outside", { { D(0x20b8), W64, BASE + 0x5000 } }, PE_CORRUPT,
      "the TLS directory's template data lies outside the image" },
    { "TLS template backwards", { { D(0x20b0), W64, BASE + 0x2100 } }, PE_CORRUPT,
      "the TLS directory's template data lies outside the image" },
    { "TLS template as an RVA", { { D(0x20b0), W64, 0x20f0 } }, PE_CORRUPT, "template data" },
    { "TLS index below the image", { { D(0x20c0), W64, 0x1000 } }, PE_CORRUPT,
      "the TLS directory's index lies outside the image" },
    { "TLS index 0", { { D(0x20c0), W64, 0 } }, PE_CORRUPT, "index lies outside" },
    { "TLS callback array outside", { { D(0x20c8), W64, BASE + 0x9000 } }, PE_CORRUPT,
      "the TLS callback array lies outside the image" },
    { "TLS callback outside", { { D(0x2100), W64, 0x401000 } }, PE_CORRUPT,
      "TLS callback 1 lies outside the image" },
    { "TLS callback array without its end",
      { { SIZE_OF_IMAGE, W32, 0x2108 }, { DIR(13), W32, 0 }, { DIR(5) + 4, W32, 0 } }, PE_CORRUPT,
      "the TLS callback array runs past the end of the image" },
    { "TLS with nothing to do", { { D(0x20b8), W64, BASE + 0x20f0 }, { D(0x20c8), W64, 0 },
      { D(0x20c0), W64, 0 } }, PE_OK, "" },
    { "relocations outside", { { DIR(5), W32, 0x2ff8 } }, PE_CORRUPT,
      "the base relocation directory lies outside the image" },
    { "relocations of 2 GiB", { { DIR(5) + 4, W32, 0x7fffffff } }, PE_CORRUPT,
      "the base relocation directory lies outside the image" },
    { "relocation block too small", { { D(0x2114), W32, 4 } }, PE_CORRUPT,
      "base relocation block 1 has a bad size (0x4)" },
    { "relocation block 0", { { D(0x2114), W32, 0 } }, PE_CORRUPT, "has a bad size (0x0)" },
    { "relocation block past its directory", { { D(0x2114), W32, 16 } }, PE_CORRUPT,
      "base relocation block 1 runs past the end of its directory" },
    { "relocation outside", { { D(0x2110), W32, 0x2ffc } }, PE_CORRUPT,
      "base relocation block 1 patches outside the image" },
    { "relocation padding anywhere", { { D(0x2110), W32, 0x2ffc }, { D(0x2118), W16, 0x0008 } }, PE_OK, "" },
    { "relocations, then a short tail", { { DIR(5) + 4, W32, 16 } }, PE_OK, "" },
    { "second relocation block too long", { { DIR(5) + 4, W32, 20 } }, PE_CORRUPT,
      "base relocation block 2 runs past the end of its directory" },
    { "relocations without a size", { { DIR(5), W32, 0x7ffff000 }, { DIR(5) + 4, W32, 0 } }, PE_OK, "" },
    { "exception table of 13 bytes", { { DIR(3) + 4, W32, 13 } }, PE_CORRUPT,
      "the exception directory's size (0xd) is not a multiple of 12" },
    { "exception table outside", { { DIR(3), W32, 0x2ffc } }, PE_CORRUPT,
      "the exception directory lies outside the image" },
};

/* Each mutation gets its answer, from memory and from a file alike. */
START_TEST(test_directory_mutation)
{
    const struct dir_mutation *m = &dir_mutations[_i];
    char tmp[PATH_MAX], path[PATH_MAX + 16], msg[512], fmsg[PATH_MAX + 512];
    unsigned char b[SYN_SIZE];

    make_pe_dirs(b);
    for (int k = 0; k < 3 && m->e[k].width; k++)
        put_width(b + m->e[k].offset, m->e[k].width, m->e[k].value);
    enum pe_result r = check_exact(b, sizeof(b), msg, sizeof(msg));
    ck_assert_msg(r == m->want, "%s: result %d, want %d (%s)", m->what, r, m->want, msg);
    ck_assert_msg(strstr(msg, m->text) != NULL, "%s: message '%s' lacks '%s'", m->what, msg, m->text);
    if (r != PE_OK) {
        assert_one_line(msg);
        ck_assert_int_eq(pe_exit_status(r), 126);
    }
    test_tmpdir(tmp, sizeof(tmp));
    snprintf(path, sizeof(path), "%s/prog.exe", tmp);
    test_write_file(path, b, sizeof(b));
    ck_assert_int_eq(pe_check_file(path, fmsg, sizeof(fmsg)), r);
    ck_assert(strstr(fmsg, m->text) != NULL);
    test_rmrf(tmp);
}
END_TEST

START_TEST(test_directories_valid)
{
    unsigned char b[SYN_SIZE];

    make_pe_dirs(b);
    check_valid(b);
}
END_TEST

/* Random bytes in the data directory table and in the directories. */
START_TEST(test_directories_fuzz)
{
    fuzz(make_pe_dirs, 4321, 10000, DIR(0), 16 * 8);
    fuzz(make_pe_dirs, 4322, 10000, D(0x2000), 0x200);
}
END_TEST

/* Wine's own DLLs and programs: real images with every directory. */
START_TEST(test_wine_images)
{
    char path[PATH_MAX], msg[PATH_MAX + 256];
    unsigned count = 0;
    DIR *dir = opendir(KEEP_WINE_DLLDIR);
    struct dirent *e;

    ck_assert_ptr_nonnull(dir);
    while ((e = readdir(dir))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(path, sizeof(path), "%s/%s", KEEP_WINE_DLLDIR, e->d_name);
        enum pe_result r = pe_check_file_as(path, PE_KIND_IMAGE, msg, sizeof(msg));
        ck_assert_msg(r == PE_OK, "%s", msg);
        count++;
    }
    closedir(dir);
    ck_assert_uint_gt(count, 500);
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
    tcase_add_test(tc, test_fuzz);
    tcase_add_test(tc, test_directories_valid);
    tcase_add_loop_test(tc, test_directory_mutation, 0, sizeof(dir_mutations) / sizeof(*dir_mutations));
    tcase_add_test(tc, test_directories_fuzz);
    tcase_add_test(tc, test_wine_images);
    tcase_add_test(tc, test_section_count);
    tcase_add_test(tc, test_small_inputs);
    tcase_add_test(tc, test_hello_exe);
    tcase_add_test(tc, test_hello_exe_files);
    tcase_add_test(tc, test_hello_dll);
    tcase_add_test(tc, test_files);
    suite_add_tcase(s, tc);
    return s;
}

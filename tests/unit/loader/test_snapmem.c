/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_snapmem.c - MEMORY sections: a range of this process saved, unmapped
 * and mapped back has the same contents and protections; untouched pages
 * cost nothing in the file; a private file mapping is kept by the file and
 * its written pages, or carried whole when it lies outside the directories
 * named; a changed file or an occupied range is refused.
 */
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "snapfile.h"
#include "snapmem.h"
#include "test_loader.h"

#define PAGE 4096
#define TYPE 17

static char err[256];

/* Save [addr, addr + size) into a new temp file, naming only the files
 * under dirs (NULL: every file); returns its fd at 0. */
static int save_naming(void *addr, size_t size, const char *const *dirs, off_t *file_size)
{
    char path[] = "/tmp/keep-snapmem-XXXXXX";
    int fd = mkstemp(path);
    struct snap_identity id = { .keep_version = "test" };
    struct snap_writer *w;
    struct snapmem_maps *m;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    ck_assert_int_eq(snap_writer_open(fd, &id, 3, &w, err, sizeof(err)), 0);
    ck_assert_int_eq(snapmem_maps_read(&m, err, sizeof(err)), 0);
    if (dirs)
        ck_assert_int_eq(snapmem_maps_name_only(m, dirs, err, sizeof(err)), 0);
    ck_assert_msg(!snapmem_save(w, TYPE, m, (uintptr_t)addr, size, err, sizeof(err)), "%s", err);
    snapmem_maps_free(m);
    ck_assert_int_eq(snap_writer_close(w, err, sizeof(err)), 0);
    *file_size = lseek(fd, 0, SEEK_END);
    lseek(fd, 0, SEEK_SET);
    return fd;
}

static int save(void *addr, size_t size, off_t *file_size)
{
    return save_naming(addr, size, NULL, file_size);
}

/* Restore the one section of fd. */
static int restore(int fd)
{
    struct snap_identity id;
    struct snap_reader *r;
    uint32_t type;
    uint64_t size;

    ck_assert_int_eq(snap_reader_open(fd, &id, &r, err, sizeof(err)), 0);
    ck_assert_int_eq(snap_reader_next(r, &type, &size, err, sizeof(err)), 1);
    ck_assert_uint_eq(type, TYPE);
    int rc = snapmem_restore(r, size, err, sizeof(err));
    snap_reader_close(r);
    return rc;
}

/* Test mappings live far from where the C library maps its own memory:
 * the reader's buffers would take a freed range near it. */
static void *place(size_t size, int prot, int flags, int fd)
{
    static uintptr_t next = 0x6e0000000000ull;
    void *p = mmap((void *)next, size, prot, flags | MAP_FIXED_NOREPLACE, fd, 0);

    ck_assert_ptr_eq(p, (void *)next);
    next += size + (1 << 24);
    return p;
}

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    uint32_t x = seed;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (unsigned char)(x >> 16);
    }
}

/* A new file from the template path holding size bytes that do not
 * compress (*data, malloc'ed, a copy); its fd. */
static int data_file(char *path, size_t size, unsigned seed, unsigned char **data)
{
    int fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    ck_assert_ptr_nonnull(*data = malloc(size));
    fill(*data, size, seed);
    ck_assert_int_eq(write(fd, *data, size), (ssize_t)size);
    return fd;
}

START_TEST(test_snapmem__anonymous_memory__comes_back_with_only_touched_pages_stored)
{
    size_t size = 4096 * PAGE;          /* 16 MiB, 3 pages touched */
    unsigned char *p = place(size, PROT_READ | PROT_WRITE,
                             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1);
    unsigned char want[3][PAGE];
    off_t file_size;

    fill(p, PAGE, 1);
    fill(p + 100 * PAGE, PAGE, 2);
    fill(p + 4095 * PAGE, PAGE, 3);
    (void)*(volatile unsigned char *)(p + 50 * PAGE);     /* read only: the zero page */
    memcpy(want[0], p, PAGE);
    memcpy(want[1], p + 100 * PAGE, PAGE);
    memcpy(want[2], p + 4095 * PAGE, PAGE);
    ck_assert_int_eq(mprotect(p + 4000 * PAGE, 96 * PAGE, PROT_READ), 0);
    int fd = save(p, size, &file_size);
    /* three pages of data that do not compress, and little else */
    ck_assert_int_gt(file_size, 3 * PAGE);
    ck_assert_int_lt(file_size, 3 * PAGE + 8192);
    ck_assert_int_eq(munmap(p, size), 0);
    ck_assert_msg(!restore(fd), "%s", err);
    ck_assert_int_eq(memcmp(p, want[0], PAGE), 0);
    ck_assert_int_eq(memcmp(p + 100 * PAGE, want[1], PAGE), 0);
    ck_assert_int_eq(memcmp(p + 4095 * PAGE, want[2], PAGE), 0);
    ck_assert_int_eq(p[50 * PAGE], 0);
    /* the protections too: the read-only part is read-only again */
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[512], want_line[64];
    int found = 0;
    snprintf(want_line, sizeof(want_line), "%lx-%lx r--p", (unsigned long)(p + 4000 * PAGE),
             (unsigned long)(p + 4096 * PAGE));
    while (maps && fgets(line, sizeof(line), maps))
        found |= !strncmp(line, want_line, strlen(want_line));
    if (maps)
        fclose(maps);
    ck_assert_msg(found, "no mapping %s", want_line);
    close(fd);
    munmap(p, size);
}
END_TEST

START_TEST(test_snapmem__private_file_mapping__is_kept_by_the_file_and_its_written_pages)
{
    char path[] = "/tmp/keep-snapmem-file-XXXXXX";
    size_t size = 64 * PAGE;
    unsigned char *data;
    int ffd = data_file(path, size, 9, &data);
    off_t file_size;

    unsigned char *p = place(size, PROT_READ | PROT_WRITE, MAP_PRIVATE, ffd);
    for (size_t i = 0; i < size; i += PAGE)
        (void)*(volatile unsigned char *)(p + i);       /* every page read in */
    memset(p + 5 * PAGE, 0xab, PAGE);                   /* one written */
    int fd = save(p, size, &file_size);
    ck_assert_int_lt(file_size, 2 * PAGE + 4096);       /* the file is named, not copied */
    ck_assert_int_eq(munmap(p, size), 0);
    ck_assert_msg(!restore(fd), "%s", err);
    ck_assert_int_eq(memcmp(p, data, 5 * PAGE), 0);
    ck_assert_int_eq(p[5 * PAGE], 0xab);
    ck_assert_int_eq(memcmp(p + 6 * PAGE, data + 6 * PAGE, size - 6 * PAGE), 0);
    munmap(p, size);

    /* the file changed since: refused */
    lseek(fd, 0, SEEK_SET);
    ck_assert_int_eq(pwrite(ffd, "x", 1, (off_t)size), 1);
    ck_assert_int_eq(restore(fd), -1);
    ck_assert_msg(strstr(err, "changed since"), "%s", err);
    ck_assert_int_eq(msync(p, size, 0) == 0, 0);        /* nothing left mapped there */
    close(fd);
    close(ffd);
    unlink(path);
    free(data);
}
END_TEST

START_TEST(test_snapmem__file_outside_the_named_directories__is_carried_and_resumes_without_it)
{
    static const char *const dirs[] = { "/usr/lib", "/no/such/directory", NULL };
    char path[] = "/tmp/keep-snapmem-gone-XXXXXX";
    size_t size = 32 * PAGE;
    unsigned char *data;
    int ffd = data_file(path, size, 7, &data);
    off_t file_size;

    unsigned char *p = place(size, PROT_READ, MAP_PRIVATE, ffd);
    (void)*(volatile unsigned char *)p;                 /* one page read in, 31 not */
    int fd = save_naming(p, size, dirs, &file_size);
    /* every page is in the file, read in or not (data that does not compress) */
    ck_assert_int_gt(file_size, (off_t)size);
    ck_assert_int_eq(munmap(p, size), 0);
    close(ffd);
    unlink(path);                                       /* gone, as on another host */
    ck_assert_msg(!restore(fd), "%s", err);
    ck_assert_int_eq(memcmp(p, data, size), 0);
    close(fd);
    munmap(p, size);
    free(data);
}
END_TEST

START_TEST(test_snapmem__occupied_range__is_refused_with_a_reason)
{
    size_t size = 4 * PAGE;
    unsigned char *p = place(size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1);
    off_t file_size;

    p[0] = 1;
    int fd = save(p, size, &file_size);
    ck_assert_int_eq(restore(fd), -1);       /* still mapped here */
    ck_assert_msg(strstr(err, "uses those addresses"), "%s", err);
    close(fd);
    munmap(p, size);
}
END_TEST

Suite *snapmem_suite(void)
{
    Suite *s = suite_create("snapmem");
    TCase *tc = tcase_create("memory");

    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_snapmem__anonymous_memory__comes_back_with_only_touched_pages_stored);
    tcase_add_test(tc, test_snapmem__private_file_mapping__is_kept_by_the_file_and_its_written_pages);
    tcase_add_test(tc, test_snapmem__file_outside_the_named_directories__is_carried_and_resumes_without_it);
    tcase_add_test(tc, test_snapmem__occupied_range__is_refused_with_a_reason);
    suite_add_tcase(s, tc);
    return s;
}

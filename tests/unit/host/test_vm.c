/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* test_vm.c - reserve, commit, protect, free, query. */
#define _GNU_SOURCE 1
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tests/unit/host/test_host.h"

#define PAGE 4096u

static void *reserve(size_t size)
{
    void *p = NULL;

    ck_assert_int_eq(host_vm_reserve(&p, size, 0), HOST_OK);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* An address range that is free right now (reserved, then released). */
static char *free_range(size_t size)
{
    char *p = reserve(size);

    ck_assert_int_eq(host_vm_free(p, size, 0), HOST_OK);
    return p;
}

START_TEST(test_vm_page_size__is_4096)
{
    ck_assert_uint_eq(host_vm_page_size(), PAGE);
}
END_TEST

START_TEST(test_vm_reserve__without_flags__returns_aligned_reserved_range)
{
    struct host_vm_info info;
    char *p = reserve(16 * PAGE);

    ck_assert_uint_eq((uintptr_t)p % PAGE, 0);
    ck_assert_int_eq(host_vm_query(p + 5 * PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_RESERVED);
    ck_assert_uint_eq(info.prot, HOST_PROT_NONE);
    ck_assert_uint_le(info.base, (uintptr_t)p);
    ck_assert_uint_ge(info.base + info.size, (uintptr_t)p + 16 * PAGE);
    host_vm_free(p, 16 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_reserve__fixed_at_free_range__returns_that_address)
{
    char *want = free_range(4 * PAGE);
    void *p = want;

    ck_assert_int_eq(host_vm_reserve(&p, 4 * PAGE, HOST_VM_FIXED), HOST_OK);
    ck_assert_ptr_eq(p, want);
    host_vm_free(p, 4 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_reserve__when_fixed_range_is_taken__returns_eexist)
{
    char *want = free_range(4 * PAGE);
    void *p = want, *again = want;

    ck_assert_int_eq(host_vm_reserve(&p, 4 * PAGE, HOST_VM_FIXED), HOST_OK);
    ck_assert_int_eq(host_vm_reserve(&again, 4 * PAGE, HOST_VM_FIXED), HOST_EEXIST);
    host_vm_free(p, 4 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_reserve__when_fixed_range_overlaps_one_used_page__returns_eexist)
{
    char *want = free_range(8 * PAGE);
    void *last = want + 7 * PAGE, *all = want;

    ck_assert_int_eq(host_vm_reserve(&last, PAGE, HOST_VM_FIXED), HOST_OK);
    ck_assert_int_eq(host_vm_reserve(&all, 8 * PAGE, HOST_VM_FIXED), HOST_EEXIST);
    /* The failed attempt left the free part free. */
    struct host_vm_info info;
    ck_assert_int_eq(host_vm_query(want, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_FREE);
    host_vm_free(last, PAGE, 0);
}
END_TEST

START_TEST(test_vm_reserve__with_bad_arguments__returns_einval)
{
    void *p = NULL, *odd = (void *)0x10000123;

    ck_assert_int_eq(host_vm_reserve(&p, 0, 0), HOST_EINVAL);
    ck_assert_int_eq(host_vm_reserve(&p, PAGE + 1, 0), HOST_EINVAL);
    ck_assert_int_eq(host_vm_reserve(&p, PAGE, 64), HOST_EINVAL);
    ck_assert_int_eq(host_vm_reserve(&odd, PAGE, HOST_VM_FIXED), HOST_EINVAL);
    ck_assert_int_eq(host_vm_reserve(NULL, PAGE, 0), HOST_EINVAL);
    p = NULL;
    ck_assert_int_eq(host_vm_reserve(&p, PAGE, HOST_VM_FIXED), HOST_EINVAL);
}
END_TEST

START_TEST(test_vm_reserve__low_2g__range_ends_below_2g)
{
    void *p = NULL;

    ck_assert_int_eq(host_vm_reserve(&p, 64 * PAGE, HOST_VM_LOW_2G), HOST_OK);
    ck_assert_uint_le((uintptr_t)p + 64 * PAGE, 1ull << 31);
    ck_assert_uint_ge((uintptr_t)p, 0x10000);
    host_vm_free(p, 64 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_reserve__low_4g_top_down__prefers_a_higher_range)
{
    void *low = NULL, *high = NULL;

    ck_assert_int_eq(host_vm_reserve(&low, 16 * PAGE, HOST_VM_LOW_4G), HOST_OK);
    ck_assert_int_eq(host_vm_reserve(&high, 16 * PAGE, HOST_VM_LOW_4G | HOST_VM_TOP_DOWN), HOST_OK);
    ck_assert_uint_le((uintptr_t)low + 16 * PAGE, 1ull << 32);
    ck_assert_uint_le((uintptr_t)high + 16 * PAGE, 1ull << 32);
    ck_assert_uint_gt((uintptr_t)high, (uintptr_t)low);
    host_vm_free(low, 16 * PAGE, 0);
    host_vm_free(high, 16 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_reserve__low_with_free_hint__uses_the_hint)
{
    void *p = (void *)0x30000000;
    struct host_vm_info info;

    ck_assert_int_eq(host_vm_query(p, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_FREE);
    ck_assert_int_eq(host_vm_reserve(&p, 4 * PAGE, HOST_VM_LOW_2G), HOST_OK);
    ck_assert_ptr_eq(p, (void *)0x30000000);
    host_vm_free(p, 4 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_reserve__low_larger_than_the_limit__returns_enomem)
{
    void *p = NULL;

    ck_assert_int_eq(host_vm_reserve(&p, (size_t)1 << 32, HOST_VM_LOW_2G), HOST_ENOMEM);
}
END_TEST

START_TEST(test_vm_reserve__fixed_past_low_limit__returns_einval)
{
    void *p = (void *)0x7ffff000;

    ck_assert_int_eq(host_vm_reserve(&p, 2 * PAGE, HOST_VM_FIXED | HOST_VM_LOW_2G), HOST_EINVAL);
}
END_TEST

START_TEST(test_vm_commit__gives_zero_filled_writable_pages)
{
    char *p = reserve(4 * PAGE);

    ck_assert_int_eq(host_vm_commit(p, 4 * PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    for (size_t i = 0; i < 4 * PAGE; i++)
        ck_assert_int_eq(p[i], 0);
    p[100] = 42;
    ck_assert_int_eq(p[100], 42);
    host_vm_free(p, 4 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_commit__over_committed_pages__keeps_their_contents)
{
    char *p = reserve(4 * PAGE);

    ck_assert_int_eq(host_vm_commit(p + PAGE, PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    p[PAGE + 7] = 'x';
    ck_assert_int_eq(host_vm_commit(p, 4 * PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    ck_assert_int_eq(p[PAGE + 7], 'x');
    ck_assert_int_eq(p[7], 0);
    host_vm_free(p, 4 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_commit__with_populate__backs_pages_now_and_keeps_contents)
{
    char *p = reserve(8 * PAGE);
    unsigned char vec[8];

    ck_assert_int_eq(host_vm_commit(p, 8 * PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    p[3 * PAGE] = 'k';
    ck_assert_int_eq(host_vm_commit(p, 8 * PAGE, HOST_PROT_READ | HOST_PROT_WRITE | HOST_VM_POPULATE),
                     HOST_OK);
    /* every page is resident without having been touched */
    ck_assert_int_eq(mincore(p, 8 * PAGE, vec), 0);
    for (int i = 0; i < 8; i++)
        ck_assert_int_ne(vec[i] & 1, 0);
    ck_assert_int_eq(p[3 * PAGE], 'k');
    ck_assert_int_eq(p[5 * PAGE], 0);
    host_vm_free(p, 8 * PAGE, 0);
}
END_TEST

/* Does the VMA holding addr carry the "hg" (MADV_HUGEPAGE) flag? */
static int vma_has_hugepage_flag(const void *addr)
{
    return strstr(test_smaps_field(addr, "VmFlags:"), " hg") != NULL;
}

START_TEST(test_vm_commit__with_huge_hint__marks_the_range_and_keeps_it_usable)
{
    const size_t large = 2u << 20;
    char *p = reserve(2 * large);
    char *aligned = (char *)(((uintptr_t)p + large - 1) & ~(uintptr_t)(large - 1));

    ck_assert_int_eq(host_vm_commit(aligned, large, HOST_PROT_READ | HOST_PROT_WRITE |
                                                        HOST_VM_HUGE | HOST_VM_POPULATE),
                     HOST_OK);
    ck_assert_int_eq(aligned[large - 1], 0);
    aligned[0] = 'h';
    aligned[large - 1] = 'e';
    ck_assert_int_eq(aligned[0] + aligned[large - 1], 'h' + 'e');
    /* where the host has large pages at all, the hint reached it */
    if (access("/sys/kernel/mm/transparent_hugepage/enabled", F_OK) == 0)
        ck_assert(vma_has_hugepage_flag(aligned));
    ck_assert(!vma_has_hugepage_flag(p == aligned ? aligned + large : p));
    host_vm_free(p, 2 * large, 0);
}
END_TEST

START_TEST(test_vm_commit__on_free_range__returns_enomem)
{
    char *p = free_range(PAGE);

    ck_assert_int_eq(host_vm_commit(p, PAGE, HOST_PROT_READ), HOST_ENOMEM);
}
END_TEST

START_TEST(test_vm_commit__with_bad_arguments__returns_einval)
{
    char *p = reserve(PAGE);

    ck_assert_int_eq(host_vm_commit(p, PAGE, 8), HOST_EINVAL);
    ck_assert_int_eq(host_vm_commit(p + 1, PAGE, HOST_PROT_READ), HOST_EINVAL);
    ck_assert_int_eq(host_vm_commit(p, 0, HOST_PROT_READ), HOST_EINVAL);
    host_vm_free(p, PAGE, 0);
}
END_TEST

START_TEST(test_vm_protect__read_only_page__faults_on_write_with_write_access)
{
    char *p = reserve(2 * PAGE);

    ck_assert_int_eq(host_vm_commit(p, 2 * PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    p[PAGE + 8] = 5;
    ck_assert_int_eq(host_vm_protect(p + PAGE, PAGE, HOST_PROT_READ), HOST_OK);
    test_fault_arm(TEST_FIX_SKIP, TEST_LOAD_STORE_LEN);
    test_store32(p + PAGE + 8, 77);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.kind, HOST_EXC_ACCESS);
    ck_assert_uint_eq(test_fault.exc.access, HOST_ACCESS_WRITE);
    ck_assert_uint_eq(test_fault.exc.address, (uintptr_t)(p + PAGE + 8));
    /* Reading still works and the write did not happen. */
    ck_assert_int_eq(p[PAGE + 8], 5);
    ck_assert_int_eq(host_vm_protect(p + PAGE, PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    p[PAGE + 8] = 6;
    ck_assert_int_eq(p[PAGE + 8], 6);
    host_exception_set_handler(NULL);
    host_vm_free(p, 2 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_protect__on_free_range_or_bad_prot__fails)
{
    char *p = free_range(PAGE);

    ck_assert_int_eq(host_vm_protect(p, PAGE, HOST_PROT_READ), HOST_ENOMEM);
    ck_assert_int_eq(host_vm_protect(p, PAGE, 0x10), HOST_EINVAL);
}
END_TEST

/* host_vm_write fills pages whatever their protection, across a page
 * boundary, and the protection stays: a write by the program still faults. */
START_TEST(test_vm_write__into_read_only_and_code_pages__writes_and_keeps_the_protection)
{
    char *p = reserve(3 * PAGE), data[PAGE];
    struct host_vm_info info;

    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (char)(i * 7 + 1);
    ck_assert_int_eq(host_vm_commit(p, 2 * PAGE, HOST_PROT_READ), HOST_OK);
    ck_assert_int_eq(host_vm_commit(p + 2 * PAGE, PAGE, HOST_PROT_READ | HOST_PROT_EXEC), HOST_OK);
    ck_assert_int_eq(host_vm_write(p + PAGE - 50, data, sizeof(data)), HOST_OK);
    ck_assert_int_eq(host_vm_write(p + 2 * PAGE + 8, "\xc3", 1), HOST_OK);
    ck_assert_int_eq(memcmp(p + PAGE - 50, data, sizeof(data)), 0);
    ck_assert_int_eq(p[PAGE - 51], 0);
    ck_assert_int_eq((unsigned char)p[2 * PAGE + 8], 0xc3);
    ck_assert_int_eq(host_vm_write(p, data, 0), HOST_OK);
    ck_assert_int_eq(host_vm_query(p, &info), HOST_OK);
    ck_assert_uint_eq(info.prot, HOST_PROT_READ);
    ck_assert_int_eq(host_vm_query(p + 2 * PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.prot, HOST_PROT_READ | HOST_PROT_EXEC);
    test_fault_arm(TEST_FIX_SKIP, TEST_LOAD_STORE_LEN);
    test_store32(p + PAGE, 77);
    ck_assert_int_eq(test_fault.count, 1);
    ck_assert_uint_eq(test_fault.exc.access, HOST_ACCESS_WRITE);
    ck_assert_int_eq(memcmp(p + PAGE - 50, data, sizeof(data)), 0);
    host_exception_set_handler(NULL);
    host_vm_free(p, 3 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_write__on_free_range_or_bad_arguments__fails)
{
    char *p = free_range(PAGE), c = 1;

    ck_assert_int_eq(host_vm_write(p, &c, 1), HOST_ENOMEM);
    ck_assert_int_eq(host_vm_write(NULL, &c, 1), HOST_EINVAL);
    ck_assert_int_eq(host_vm_write((void *)~(uintptr_t)0, &c, 2), HOST_EINVAL);
}
END_TEST

START_TEST(test_vm_free__decommit__loses_contents_and_keeps_reservation)
{
    struct host_vm_info info;
    char *p = reserve(2 * PAGE);

    ck_assert_int_eq(host_vm_commit(p, 2 * PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    memset(p, 0x5a, 2 * PAGE);
    ck_assert_int_eq(host_vm_free(p, PAGE, HOST_VM_DECOMMIT), HOST_OK);
    ck_assert_int_eq(host_vm_query(p, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_RESERVED);
    ck_assert_uint_eq(info.base, (uintptr_t)p);
    ck_assert_uint_eq(info.size, PAGE);
    ck_assert_int_eq(host_vm_commit(p, PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    ck_assert_int_eq(p[0], 0);
    ck_assert_int_eq(p[PAGE - 1], 0);
    ck_assert_int_eq((unsigned char)p[PAGE], 0x5a);
    host_vm_free(p, 2 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_free__decommit_of_free_range__returns_enomem_and_maps_nothing)
{
    struct host_vm_info info;
    char *p = free_range(PAGE);

    ck_assert_int_eq(host_vm_free(p, PAGE, HOST_VM_DECOMMIT), HOST_ENOMEM);
    ck_assert_int_eq(host_vm_query(p, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_FREE);
}
END_TEST

START_TEST(test_vm_free__release__makes_range_free)
{
    struct host_vm_info info;
    char *p = reserve(3 * PAGE);

    ck_assert_int_eq(host_vm_free(p, 3 * PAGE, 0), HOST_OK);
    ck_assert_int_eq(host_vm_query(p + PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_FREE);
    ck_assert_uint_le(info.base, (uintptr_t)p);
    ck_assert_uint_ge(info.base + info.size, (uintptr_t)p + 3 * PAGE);
}
END_TEST

START_TEST(test_vm_free__with_bad_arguments__returns_einval)
{
    char *p = reserve(PAGE);

    ck_assert_int_eq(host_vm_free(p, PAGE, 2), HOST_EINVAL);
    ck_assert_int_eq(host_vm_free(p + 8, PAGE, 0), HOST_EINVAL);
    ck_assert_int_eq(host_vm_free(p, 0, 0), HOST_EINVAL);
    host_vm_free(p, PAGE, 0);
}
END_TEST

START_TEST(test_vm_query__mixed_range__reports_each_region_with_its_bounds)
{
    struct host_vm_info info;
    char *p = reserve(6 * PAGE);

    ck_assert_int_eq(host_vm_commit(p + PAGE, 2 * PAGE, HOST_PROT_READ | HOST_PROT_WRITE), HOST_OK);
    ck_assert_int_eq(host_vm_commit(p + 3 * PAGE, PAGE, HOST_PROT_READ | HOST_PROT_EXEC), HOST_OK);

    ck_assert_int_eq(host_vm_query(p, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_RESERVED);
    ck_assert_uint_eq(info.prot, HOST_PROT_NONE);
    ck_assert_uint_eq(info.base + info.size, (uintptr_t)p + PAGE);

    ck_assert_int_eq(host_vm_query(p + 2 * PAGE + 123, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_COMMITTED);
    ck_assert_uint_eq(info.prot, HOST_PROT_READ | HOST_PROT_WRITE);
    ck_assert_uint_eq(info.base, (uintptr_t)p + PAGE);
    ck_assert_uint_eq(info.size, 2 * PAGE);

    ck_assert_int_eq(host_vm_query(p + 3 * PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.prot, HOST_PROT_READ | HOST_PROT_EXEC);
    ck_assert_uint_eq(info.base, (uintptr_t)p + 3 * PAGE);
    ck_assert_uint_eq(info.size, PAGE);

    ck_assert_int_eq(host_vm_query(p + 5 * PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_RESERVED);
    ck_assert_uint_eq(info.base, (uintptr_t)p + 4 * PAGE);
    host_vm_free(p, 6 * PAGE, 0);
}
END_TEST

START_TEST(test_vm_query__free_gap__spans_exactly_the_hole)
{
    struct host_vm_info info;
    char *p = reserve(5 * PAGE);

    ck_assert_int_eq(host_vm_free(p + PAGE, 3 * PAGE, 0), HOST_OK);
    ck_assert_int_eq(host_vm_query(p + 2 * PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_FREE);
    ck_assert_uint_eq(info.base, (uintptr_t)p + PAGE);
    ck_assert_uint_eq(info.size, 3 * PAGE);
    host_vm_free(p, PAGE, 0);
    host_vm_free(p + 4 * PAGE, PAGE, 0);
}
END_TEST

START_TEST(test_vm_query__with_null_info__returns_einval)
{
    ck_assert_int_eq(host_vm_query(NULL, NULL), HOST_EINVAL);
}
END_TEST

START_TEST(test_vm_query__after_a_maps_line_longer_than_a_page__still_finds_the_region)
{
    char rel[PATH_MAX], name[201];
    char *p = reserve(3 * PAGE);
    struct host_vm_info info;
    host_stream_t s;
    size_t len = 0;

    /* A file whose path makes its /proc/self/maps line exceed 4096 bytes. */
    memset(name, 'd', 200);
    name[200] = 0;
    rel[0] = 0;
    for (int i = 0; i < 19; i++) {
        len += (size_t)snprintf(rel + len, sizeof(rel) - len, "%s%s", i ? "/" : "", name);
        ck_assert_int_eq(mkdir(test_path(rel), 0755), 0);
    }
    snprintf(rel + len, sizeof(rel) - len, "/%.200s", name);
    test_put_file(rel, "x");
    ck_assert_uint_gt(strlen(test_path(rel)), 4030);
    ck_assert_int_eq(host_stream_open(test_uri("file:", rel), HOST_OPEN_READ, &s), HOST_OK);
    ck_assert_int_eq(host_stream_map(s, p + PAGE, PAGE, 0, HOST_PROT_READ, 0), HOST_OK);
    host_stream_close(s);

    ck_assert_int_eq(host_vm_query(p + PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_COMMITTED);
    ck_assert_uint_eq(info.prot, HOST_PROT_READ);
    ck_assert_uint_eq(info.base, (uintptr_t)p + PAGE);
    ck_assert_uint_eq(info.size, PAGE);
    ck_assert_int_eq(host_vm_query(p + 2 * PAGE, &info), HOST_OK);
    ck_assert_uint_eq(info.state, HOST_VM_STATE_RESERVED);
    ck_assert_uint_eq(info.base, (uintptr_t)p + 2 * PAGE);
    host_vm_free(p, 3 * PAGE, 0);
}
END_TEST

Suite *make_suite_vm(void)
{
    Suite *s = suite_create("vm");
    TCase *tc = tcase_create("vm");

    tcase_add_test(tc, test_vm_page_size__is_4096);
    tcase_add_test(tc, test_vm_commit__with_populate__backs_pages_now_and_keeps_contents);
    tcase_add_test(tc, test_vm_reserve__without_flags__returns_aligned_reserved_range);
    tcase_add_test(tc, test_vm_reserve__fixed_at_free_range__returns_that_address);
    tcase_add_test(tc, test_vm_reserve__when_fixed_range_is_taken__returns_eexist);
    tcase_add_test(tc, test_vm_reserve__when_fixed_range_overlaps_one_used_page__returns_eexist);
    tcase_add_test(tc, test_vm_reserve__with_bad_arguments__returns_einval);
    tcase_add_test(tc, test_vm_reserve__low_2g__range_ends_below_2g);
    tcase_add_test(tc, test_vm_reserve__low_4g_top_down__prefers_a_higher_range);
    tcase_add_test(tc, test_vm_reserve__low_with_free_hint__uses_the_hint);
    tcase_add_test(tc, test_vm_reserve__low_larger_than_the_limit__returns_enomem);
    tcase_add_test(tc, test_vm_reserve__fixed_past_low_limit__returns_einval);
    tcase_add_test(tc, test_vm_commit__gives_zero_filled_writable_pages);
    tcase_add_test(tc, test_vm_commit__over_committed_pages__keeps_their_contents);
    tcase_add_test(tc, test_vm_commit__with_huge_hint__marks_the_range_and_keeps_it_usable);
    tcase_add_test(tc, test_vm_commit__on_free_range__returns_enomem);
    tcase_add_test(tc, test_vm_commit__with_bad_arguments__returns_einval);
    tcase_add_test(tc, test_vm_protect__read_only_page__faults_on_write_with_write_access);
    tcase_add_test(tc, test_vm_protect__on_free_range_or_bad_prot__fails);
    tcase_add_test(tc, test_vm_write__into_read_only_and_code_pages__writes_and_keeps_the_protection);
    tcase_add_test(tc, test_vm_write__on_free_range_or_bad_arguments__fails);
    tcase_add_test(tc, test_vm_free__decommit__loses_contents_and_keeps_reservation);
    tcase_add_test(tc, test_vm_free__decommit_of_free_range__returns_enomem_and_maps_nothing);
    tcase_add_test(tc, test_vm_free__release__makes_range_free);
    tcase_add_test(tc, test_vm_free__with_bad_arguments__returns_einval);
    tcase_add_test(tc, test_vm_query__mixed_range__reports_each_region_with_its_bounds);
    tcase_add_test(tc, test_vm_query__free_gap__spans_exactly_the_hole);
    tcase_add_test(tc, test_vm_query__with_null_info__returns_einval);
    suite_add_tcase(s, tc);

    tc = tcase_create("vm_files");
    tcase_add_checked_fixture(tc, test_fs_setup, test_fs_teardown);
    tcase_add_test(tc, test_vm_query__after_a_maps_line_longer_than_a_page__still_finds_the_region);
    suite_add_tcase(s, tc);
    return s;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_boot.c - loader/boot.c (KEEPDEBUG, the program's environment) and
 * loader/kernel_load.c (finding and loading the kernel).
 */
#include "config.h"

#include <dlfcn.h>
#include <elf.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "boot.h"
#include "kernel_load.h"
#include "test_loader.h"

static const struct {
    const char *in;
    int rc;
    unsigned flags;
} debug_cases[] = {
    { NULL, 0, 0 },
    { "", 0, 0 },
    { "syscalls", 0, KEEP_DEBUG_SYSCALLS },
    { "trace,loader", 0, KEEP_DEBUG_TRACE | KEEP_DEBUG_LOADER },
    { " loader , exceptions ", 0, KEEP_DEBUG_LOADER | KEEP_DEBUG_EXCEPTIONS },
    { "exceptions,,", 0, KEEP_DEBUG_EXCEPTIONS },
    { "all", 0, 15 },
    { "5", 0, 5 },
    { "0x8", 0, 8 },
    { "0", 0, 0 },
    { "bogus", -1, 0 },
    { "loader,bogus,trace", -1, KEEP_DEBUG_LOADER | KEEP_DEBUG_TRACE },
    { "5x", -1, 0 },
    { "99999999999", -1, 0 },
    { "Loader", -1, 0 },
};

START_TEST(test_debug_flags)
{
    unsigned flags = 12345;
    char err[256] = "";

    ck_assert_int_eq(debug_flags_parse(debug_cases[_i].in, &flags, err, sizeof(err)), debug_cases[_i].rc);
    ck_assert_uint_eq(flags, debug_cases[_i].flags);
    if (debug_cases[_i].rc)
        ck_assert(strstr(err, "KEEPDEBUG: unknown flag") != NULL);
}
END_TEST

START_TEST(test_debug_message)
{
    unsigned flags;
    char err[256];

    ck_assert_int_eq(debug_flags_parse("loader,bogus,more", &flags, err, sizeof(err)), -1);
    ck_assert_str_eq(err, "KEEPDEBUG: unknown flag 'bogus' (known: syscalls, trace, loader, exceptions, all)");
}
END_TEST

START_TEST(test_env)
{
    char *environ_[] = { "PATH=/bin", "KEEP_KERNEL=/k.so", "KEEPDEBUG=all", "LANG=C",
                         "KEEPER=yes", "HOME=/h", NULL };
    struct strlist extra = { 0 };

    ck_assert(env_is_keep_own("KEEP_INSTANCE_DIR=/x"));
    ck_assert(!env_is_keep_own("KEEPER=1"));
    ck_assert(env_is_keep_own("KEEPDEBUG=trace"));
    ck_assert(!env_is_keep_own("KEEP_TEST_VAR=user's own"));
    ck_assert_int_eq(strlist_push(&extra, "LANG=fr_FR"), 0);
    ck_assert_int_eq(strlist_push(&extra, "NEW=1"), 0);
    ck_assert_int_eq(strlist_push(&extra, "NEW=2"), 0);
    const char **env = env_build(environ_, &extra);
    ck_assert_ptr_nonnull(env);
    const char *want[] = { "PATH=/bin", "KEEPER=yes", "HOME=/h", "LANG=fr_FR", "NEW=2", NULL };
    for (size_t i = 0; i < sizeof(want) / sizeof(*want); i++) {
        if (!want[i])
            ck_assert_ptr_null(env[i]);
        else
            ck_assert_str_eq(env[i], want[i]);
    }
    free(env);
    strlist_free(&extra);

    env = env_build(NULL, NULL);
    ck_assert_ptr_nonnull(env);
    ck_assert_ptr_null(env[0]);
    free(env);
}
END_TEST

START_TEST(test_kernel_locate)
{
    char tmp[PATH_MAX], path[PATH_MAX], dir[PATH_MAX + 64], want[PATH_MAX + 128];

    ck_assert_int_eq(kernel_locate("/k/ntdll.so", "/a/loader/keep", "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, "/k/ntdll.so");
    ck_assert_int_eq(kernel_locate("", "/nonexistent/loader/keep", "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, "/lib/keep/ntdll.so");
    ck_assert_int_eq(kernel_locate(NULL, NULL, "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, "/lib/keep/ntdll.so");

    /* A build tree: loader/keep next to dlls/ntdll/.libs/ntdll.so. */
    test_tmpdir(tmp, sizeof(tmp));
    snprintf(dir, sizeof(dir), "%s/dlls/ntdll/.libs", tmp);
    ck_assert_int_eq(mkdir_p(dir, 0755), 0);
    snprintf(want, sizeof(want), "%s/ntdll.so", dir);
    test_write_file(want, "", 0);
    snprintf(dir, sizeof(dir), "%s/loader/keep", tmp);
    ck_assert_int_eq(kernel_locate(NULL, dir, "/lib/keep", path, sizeof(path)), 0);
    ck_assert_str_eq(path, want);
    test_rmrf(tmp);
}
END_TEST

/* What a process that is not keep offers a kernel: no host ABI. */
static const struct kernel_import libc_only[] = {
    { "memcpy", (void (*)(void))memcpy },
    { "strlen", (void (*)(void))strlen },
};

START_TEST(test_kernel_load)
{
    char err[PATH_MAX + 256];

    ck_assert_ptr_null(kernel_load("/nonexistent/ntdll.so", libc_only, 2, err, sizeof(err)));
    ck_assert_str_eq(err, "cannot load the kernel /nonexistent/ntdll.so: No such file or directory");
    /* another shared object: refused before any of it runs */
    void *libm = dlopen("libm.so.6", RTLD_NOW);
    Dl_info where;
    ck_assert_ptr_nonnull(libm);
    ck_assert(dladdr(dlsym(libm, "cos"), &where) && where.dli_fname);
    char want[PATH_MAX + 64];
    snprintf(want, sizeof(want), "cannot load the kernel %s: no keep_kernel_main in it",
             where.dli_fname);
    ck_assert_ptr_null(kernel_load(where.dli_fname, libc_only, 2, err, sizeof(err)));
    ck_assert_str_eq(err, want);
    dlclose(libm);
}
END_TEST

/* Nothing at the kernel's address (after a failed load). */
static int kernel_range_free(void)
{
    void *p = mmap((void *)KEEP_KERNEL_BASE, 1 << 21, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (p == MAP_FAILED)
        return 0;
    munmap(p, 1 << 21);
    return p == (void *)KEEP_KERNEL_BASE;
}

START_TEST(test_kernel_load_bad_files)
{
    char tmp[PATH_MAX], path[PATH_MAX + 16], err[PATH_MAX + 256];
    unsigned char elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };

    test_tmpdir(tmp, sizeof(tmp));
    snprintf(path, sizeof(path), "%s/k.so", tmp);
    test_write_file(path, "MZ not an ELF file at all, but long enough to read a header from.", 64);
    ck_assert_ptr_null(kernel_load(path, libc_only, 2, err, sizeof(err)));
    ck_assert_msg(strstr(err, ": not an ELF file") != NULL, "%s", err);
    test_write_file(path, elf, 20);     /* truncated */
    ck_assert_ptr_null(kernel_load(path, libc_only, 2, err, sizeof(err)));
    ck_assert_msg(strstr(err, ": not an ELF file") != NULL, "%s", err);
    elf[16] = ET_EXEC;                  /* an executable, not a shared object */
    elf[18] = EM_X86_64;
    test_write_file(path, elf, sizeof(elf));
    ck_assert_ptr_null(kernel_load(path, libc_only, 2, err, sizeof(err)));
    ck_assert_msg(strstr(err, ": not an x86-64 shared object") != NULL, "%s", err);
    elf[16] = ET_DYN;                   /* no program headers */
    test_write_file(path, elf, sizeof(elf));
    ck_assert_ptr_null(kernel_load(path, libc_only, 2, err, sizeof(err)));
    ck_assert_msg(strstr(err, ": bad program headers") != NULL, "%s", err);
    test_rmrf(tmp);
}
END_TEST

/* The real kernel without the host ABI to bind: refused by name, and
 * nothing stays mapped; nothing counts as loaded. */
START_TEST(test_kernel_load_unbound)
{
    char err[PATH_MAX + 256];
    const char *kernel = KEEP_TEST_BUILDDIR "/dlls/ntdll/.libs/ntdll.so";
    uintptr_t text, data;
    size_t text_size, data_size;

    ck_assert(kernel_range_free());
    ck_assert_ptr_null(kernel_load(kernel, libc_only, 2, err, sizeof(err)));
    ck_assert_msg(strstr(err, ": undefined symbol ") != NULL, "%s", err);
    ck_assert(kernel_range_free());
    ck_assert_ptr_null(kernel_symbol("keep_kernel_main"));
    ck_assert_int_eq(kernel_segments(&text, &text_size, &data, &data_size), -1);
}
END_TEST

Suite *boot_suite(void)
{
    Suite *s = suite_create("boot");
    TCase *tc = tcase_create("boot");

    tcase_add_loop_test(tc, test_debug_flags, 0, sizeof(debug_cases) / sizeof(*debug_cases));
    tcase_add_test(tc, test_debug_message);
    tcase_add_test(tc, test_env);
    tcase_add_test(tc, test_kernel_locate);
    tcase_add_test(tc, test_kernel_load);
    tcase_add_test(tc, test_kernel_load_bad_files);
    tcase_add_test(tc, test_kernel_load_unbound);
    suite_add_tcase(s, tc);
    return s;
}

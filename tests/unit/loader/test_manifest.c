/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_manifest.c - loader/manifest.c: good files, and malformed lines
 * reported with their line number.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "manifest.h"
#include "test_loader.h"

static int parse(struct manifest *m, const char *text, char *err, size_t errlen)
{
    manifest_init(m);
    return manifest_parse(m, text, strlen(text), "game.keep", "/games/x", err, errlen);
}

START_TEST(test_good)
{
    struct manifest m;
    char err[512] = "";
    const char *text =
        "\xef\xbb\xbf# A game\n"
        "\n"
        "program = bin/game.exe\r\n"
        "  instance=games  \n"
        "arg = --windowed\n"
        "arg = \"  two words  \"\n"
        "arg =\n"
        "allow = /data/saves\n"
        "allow = /data/music:ro\n"
        "allow = ../shared:rw\n"
        "env = LANG=fr_FR.UTF-8\n"
        "env = EMPTY=\n"
        "no-default-allow = yes\n"
        "quiet-denials = false\n"
        "   # indented comment";

    ck_assert_int_eq(parse(&m, text, err, sizeof(err)), 0);
    ck_assert_str_eq(err, "");
    ck_assert_str_eq(m.program, "/games/x/bin/game.exe");
    ck_assert_str_eq(m.instance, "games");
    ck_assert_uint_eq(m.args.n, 3);
    ck_assert_str_eq(m.args.v[0], "--windowed");
    ck_assert_str_eq(m.args.v[1], "  two words  ");
    ck_assert_str_eq(m.args.v[2], "");
    ck_assert_uint_eq(m.allows.n, 3);
    ck_assert_str_eq(m.allows.rules[0].path, "/data/saves");
    ck_assert_uint_eq(m.allows.rules[0].access, HOST_POLICY_RW);
    ck_assert_str_eq(m.allows.rules[1].path, "/data/music");
    ck_assert_uint_eq(m.allows.rules[1].access, HOST_POLICY_RO);
    ck_assert_str_eq(m.allows.rules[2].path, "/games/shared");
    ck_assert_uint_eq(m.env.n, 2);
    ck_assert_str_eq(m.env.v[0], "LANG=fr_FR.UTF-8");
    ck_assert_str_eq(m.env.v[1], "EMPTY=");
    ck_assert(m.no_default_allow);
    ck_assert(!m.quiet_denials);
    manifest_free(&m);
}
END_TEST

START_TEST(test_empty)
{
    struct manifest m;
    char err[256];

    ck_assert_int_eq(parse(&m, "", err, sizeof(err)), 0);
    ck_assert_ptr_null(m.program);
    ck_assert_ptr_null(m.instance);
    ck_assert(!m.no_default_allow);
    manifest_free(&m);
}
END_TEST

static const struct {
    const char *text, *want;
} bad[] = {
    { "program = a.exe\njust words\n", "game.keep:2: expected 'key = value'" },
    { "# c\n\nfoo = bar\n", "game.keep:3: unknown key 'foo'" },
    { "Program = a.exe\n", "game.keep:1: expected 'key = value'" },
    { "= value\n", "game.keep:1: expected 'key = value'" },
    { "program = a.exe\nprogram = b.exe\n", "game.keep:2: program given twice" },
    { "program =\n", "game.keep:1: program: empty path" },
    { "instance = ../etc\n", "game.keep:1: invalid instance name '../etc'" },
    { "instance = a\ninstance = b\n", "game.keep:2: instance given twice" },
    { "env = NOEQUALS\n", "game.keep:1: env: expected KEY=VALUE" },
    { "env = =x\n", "game.keep:1: env: expected KEY=VALUE" },
    { "allow = :ro\n", "game.keep:1: allow ':ro': no path" },
    { "no-default-allow = maybe\n", "game.keep:1: no-default-allow: expected true or false" },
    { "quiet-denials =\n", "game.keep:1: quiet-denials: expected true or false" },
    { "a\n", "game.keep:1: expected 'key = value'" },
    { "rdp = 99999\n", "game.keep:1: rdp: '99999' is not [ADDR:]PORT" },
    { "rdp = :3389\n", "game.keep:1: rdp: ':3389' is not [ADDR:]PORT" },
    { "rdp-size = 800\n", "game.keep:1: rdp-size: '800' is not WxH" },
    { "rdp-size = 0x600\n", "game.keep:1: rdp-size: '0x600' is not WxH" },
    { "rdp-password-file = /nonexistent/pw\n", "game.keep:1: rdp-password-file: cannot read a password" },
};

START_TEST(test_bad)
{
    struct manifest m;
    char err[512] = "";

    ck_assert_int_eq(parse(&m, bad[_i].text, err, sizeof(err)), -1);
    ck_assert_msg(strncmp(err, bad[_i].want, strlen(bad[_i].want)) == 0,
                  "'%s' does not start with '%s'", err, bad[_i].want);
    ck_assert(strchr(err, '\n') == NULL);
    manifest_free(&m);
}
END_TEST

/* The RDP keys: a bare port listens on loopback only. */
START_TEST(test_rdp_keys)
{
    struct manifest m;
    char err[512] = "";

    ck_assert_int_eq(parse(&m, "rdp = 3390\nrdp-size = 800x600\nrdp-user = me\nrdp-password = pw\n", err,
                           sizeof(err)), 0);
    ck_assert(m.rdp.on);
    ck_assert_str_eq(m.rdp.addr, "127.0.0.1");
    ck_assert_uint_eq(m.rdp.port, 3390);
    ck_assert_uint_eq(m.rdp.width, 800);
    ck_assert_uint_eq(m.rdp.height, 600);
    ck_assert_str_eq(m.rdp.user, "me");
    ck_assert_str_eq(m.rdp.password, "pw");
    manifest_free(&m);
    ck_assert_int_eq(parse(&m, "rdp = 0.0.0.0:3389\n", err, sizeof(err)), 0);
    ck_assert_str_eq(m.rdp.addr, "0.0.0.0");
    manifest_free(&m);
    ck_assert_int_eq(parse(&m, "rdp = [::1]:3391\n", err, sizeof(err)), 0);
    ck_assert_str_eq(m.rdp.addr, "::1");
    ck_assert_uint_eq(m.rdp.port, 3391);
    manifest_free(&m);
}
END_TEST

START_TEST(test_nul_byte)
{
    struct manifest m;
    char err[256];
    const char text[] = "program = a.exe\nenv = A=\0B\n";

    manifest_init(&m);
    ck_assert_int_eq(manifest_parse(&m, text, sizeof(text) - 1, "m", "/", err, sizeof(err)), -1);
    ck_assert_str_eq(err, "m:2: NUL byte in line");
    manifest_free(&m);
}
END_TEST

START_TEST(test_load)
{
    char tmp[PATH_MAX], path[PATH_MAX + 16], err[PATH_MAX + 64];
    struct manifest m;
    const char *text = "program = game.exe\nallow = data:ro\n";

    test_tmpdir(tmp, sizeof(tmp));
    snprintf(path, sizeof(path), "%s/game.keep", tmp);
    test_write_file(path, text, strlen(text));
    manifest_init(&m);
    ck_assert_int_eq(manifest_load(&m, path, err, sizeof(err)), 0);
    snprintf(path, sizeof(path), "%s/game.exe", tmp);
    ck_assert_str_eq(m.program, path);
    snprintf(path, sizeof(path), "%s/data", tmp);
    ck_assert_str_eq(m.allows.rules[0].path, path);
    manifest_free(&m);

    snprintf(path, sizeof(path), "%s/missing.keep", tmp);
    ck_assert_int_eq(manifest_load(&m, path, err, sizeof(err)), -1);
    ck_assert(strstr(err, "No such file or directory") != NULL);
    ck_assert_int_eq(manifest_load(&m, tmp, err, sizeof(err)), -1);
    ck_assert(strstr(err, "not a regular file") != NULL);
    manifest_free(&m);
    test_rmrf(tmp);
}
END_TEST

Suite *manifest_suite(void)
{
    Suite *s = suite_create("manifest");
    TCase *tc = tcase_create("manifest");

    tcase_add_test(tc, test_good);
    tcase_add_test(tc, test_empty);
    tcase_add_loop_test(tc, test_bad, 0, sizeof(bad) / sizeof(*bad));
    tcase_add_test(tc, test_nul_byte);
    tcase_add_test(tc, test_rdp_keys);
    tcase_add_test(tc, test_load);
    suite_add_tcase(s, tc);
    return s;
}

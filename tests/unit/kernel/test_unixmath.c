/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_unixmath.c - the libm functions and setjmp/longjmp the kernel gives
 * the unix libraries it loads (dlls/ntdll/unixmath.c), against the host's
 * libm: within 2 ulp over a sweep of arguments, and exactly on C99 Annex
 * F's special cases.
 */
#include <check.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "elfload.h"

/* Distance in units in the last place between two finite doubles. */
static uint64_t ulps(double a, double b)
{
    int64_t ia, ib;

    if (a == b)
        return 0;
    memcpy(&ia, &a, 8);
    memcpy(&ib, &b, 8);
    if (ia < 0) ia = INT64_MIN - ia;
    if (ib < 0) ib = INT64_MIN - ib;
    return ia > ib ? (uint64_t)(ia - ib) : (uint64_t)(ib - ia);
}

#define ck_assert_close(got, want, what, x)                                              \
    ck_assert_msg(ulps((got), (want)) <= 2, "%s(%.17g): %.17g, libm %.17g", what, (double)(x), \
                  (double)(got), (double)(want))

START_TEST(test_unixmath__trig_log_hypot_atan2__agree_with_libm)
{
    for (int i = -2000; i <= 2000; i++) {
        double x = i * 0.01237, y = 1.5 - i * 0.0031;
        double s, c;
        ck_assert_close(unixmath_sin(x), sin(x), "sin", x);
        ck_assert_close(unixmath_cos(x), cos(x), "cos", x);
        unixmath_sincos(x, &s, &c);
        ck_assert_close(s, sin(x), "sincos.sin", x);
        ck_assert_close(c, cos(x), "sincos.cos", x);
        ck_assert_close(unixmath_atan2(y, x), atan2(y, x), "atan2", x);
        ck_assert_close(unixmath_hypot(x, y), hypot(x, y), "hypot", x);
        if (x > 0)
            ck_assert_close(unixmath_log(x), log(x), "log", x);
    }
    static const double big[] = { 1e6, -123456.789, 1e9, 2e9, 355.0, 103993.0 };
    for (size_t i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
        ck_assert_close(unixmath_sin(big[i]), sin(big[i]), "sin", big[i]);
        ck_assert_close(unixmath_cos(big[i]), cos(big[i]), "cos", big[i]);
    }
    ck_assert(signbit(unixmath_sin(-0.0)));
    ck_assert_close(unixmath_hypot(1e300, 1e300), hypot(1e300, 1e300), "hypot", 1e300);
}
END_TEST

START_TEST(test_unixmath__pow__agrees_with_libm)
{
    static const double xs[] = { 0.5, 1.5, 2, 3.25, 10, 1e-3, 123.456, 0.999, 1.001 };
    static const double ys[] = { -3, -0.5, 0.25, 0.5, 1, 2, 3, 7.5, 30, -30, 100.5 };

    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
        for (size_t j = 0; j < sizeof(ys) / sizeof(ys[0]); j++)
            ck_assert_close(unixmath_pow(xs[i], ys[j]), pow(xs[i], ys[j]), "pow", xs[i]);
    ck_assert_close(unixmath_pow(-2, 3), -8.0, "pow", -2);
    ck_assert_close(unixmath_pow(-2, 4), 16.0, "pow", -2);
    ck_assert_close(unixmath_pow(-0.5, -3), -8.0, "pow", -0.5);
}
END_TEST

START_TEST(test_unixmath__special_cases__follow_annex_f)
{
    ck_assert(unixmath_pow(NAN, 0) == 1);
    ck_assert(unixmath_pow(1, NAN) == 1);
    ck_assert(isnan(unixmath_pow(-2, 0.5)));
    ck_assert(isnan(unixmath_pow(NAN, 2)));
    ck_assert(unixmath_pow(0, -1) == INFINITY);
    ck_assert(unixmath_pow(-0.0, -3) == -INFINITY);
    ck_assert(signbit(unixmath_pow(-0.0, 3)));
    ck_assert(unixmath_pow(0.5, INFINITY) == 0);
    ck_assert(unixmath_pow(2, INFINITY) == INFINITY);
    ck_assert(unixmath_pow(-1, INFINITY) == 1);
    ck_assert(unixmath_pow(-INFINITY, 3) == -INFINITY);
    ck_assert(unixmath_pow(-INFINITY, -2) == 0);
    ck_assert(unixmath_pow(10, 400) == INFINITY);
    ck_assert(unixmath_pow(10, -400) == 0);
    ck_assert(unixmath_log(0) == -INFINITY);
    ck_assert(isnan(unixmath_log(-1)));
    ck_assert(unixmath_log(INFINITY) == INFINITY);
    ck_assert(isnan(unixmath_sin(INFINITY)));
    ck_assert(isnan(unixmath_cos(NAN)));
    ck_assert(unixmath_hypot(INFINITY, NAN) == INFINITY);
    ck_assert(isnan(unixmath_hypot(NAN, 1)));
    ck_assert(unixmath_atan2(0.0, -1.0) == M_PI);
    ck_assert(signbit(unixmath_atan2(-0.0, 1.0)));
}
END_TEST

START_TEST(test_unixmath__frexp_and_modf__split_exactly)
{
    static const double xs[] = { 1, -1, 0.75, 1024.5, -3e-310, 6.02e23, 1e-300 };
    double ip;
    int e1, e2;

    for (size_t i = 0; i < sizeof(xs) / sizeof(xs[0]); i++) {
        double m1 = unixmath_frexp(xs[i], &e1), m2 = frexp(xs[i], &e2);
        ck_assert_msg(m1 == m2 && e1 == e2, "frexp(%g): %g*2^%d, libm %g*2^%d", xs[i], m1, e1, m2, e2);
        double f1 = unixmath_modf(xs[i] * 3.3, &ip), i2;
        double f2 = modf(xs[i] * 3.3, &i2);
        ck_assert_msg(f1 == f2 && ip == i2, "modf(%g)", xs[i] * 3.3);
    }
    ck_assert(unixmath_frexp(0, &e1) == 0 && e1 == 0);
    ck_assert(unixmath_modf(-INFINITY, &ip) == 0 && ip == -INFINITY && signbit(unixmath_modf(-INFINITY, &ip)));
    ck_assert(signbit(unixmath_modf(-2.0, &ip)) && ip == -2.0);
}
END_TEST

static uint64_t jmp_buf_space[25];
static volatile int depth_reached;

static void __attribute__((noinline)) jump_from(int depth)
{
    volatile char pad[64];

    if (depth > 20)
        return;   /* never: the jump leaves first */
    pad[0] = (char)depth;
    depth_reached = depth + pad[0] - depth;
    if (depth == 20)
        keep_unix_longjmp(jmp_buf_space, 0);   /* 0 arrives as 1, as longjmp says */
    jump_from(depth + 1);
}

START_TEST(test_unixmath__longjmp__returns_to_setjmp_with_registers)
{
    volatile int passes = 0;
    register long kept = 0x1234;   /* a callee-saved value across the jump */
    int r;

    __asm__ volatile("" : "+r"(kept));
    r = keep_unix_setjmp(jmp_buf_space);
    passes++;
    if (r == 0)
        jump_from(0);
    ck_assert_int_eq(r, 1);
    ck_assert_int_eq(passes, 2);
    ck_assert_int_eq(depth_reached, 20);
    ck_assert_int_eq(kept, 0x1234);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("unixmath");
    TCase *tc = tcase_create("unixmath");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_unixmath__trig_log_hypot_atan2__agree_with_libm);
    tcase_add_test(tc, test_unixmath__pow__agrees_with_libm);
    tcase_add_test(tc, test_unixmath__special_cases__follow_annex_f);
    tcase_add_test(tc, test_unixmath__frexp_and_modf__split_exactly);
    tcase_add_test(tc, test_unixmath__longjmp__returns_to_setjmp_with_registers);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unixmath.c - the libm functions Wine's win32u.so and FreeType import
 * (GDI's arcs and transforms, font scaling), and setjmp/longjmp for the
 * libraries' error paths (libpng, FreeType).
 *
 * The transcendental functions use the x87 unit, which computes them in
 * 80-bit extended precision (64-bit mantissa): rounded to double the
 * results are within an ulp, and the special cases (NaN, infinities,
 * zeros, negative bases) follow C99 Annex F.  The kernel may not call the
 * host's libm (tests/check-kernel-symbols.sh), and these few functions
 * do not justify a copy of one.
 */
#include "elfload.h"

/* The remainder of x by 2pi, by the x87's own (fprem1, looped until it is
 * complete): for arguments beyond Cody and Waite's range. */
static long double x87_rem_2pi(long double x)
{
    long double r;

    __asm__("fldpi\n\t"
            "fadd %%st(0), %%st(0)\n\t"
            "fxch %%st(1)\n"
            "1:\n\t"
            "fprem1\n\t"
            "fnstsw %%ax\n\t"
            "testw $0x400, %%ax\n\t"
            "jnz 1b\n\t"
            "fstp %%st(1)"
            : "=t"(r) : "0"(x) : "ax", "cc");
    return r;
}

static int is_nan(double x) { return x != x; }
static int is_inf(double x) { return x == __builtin_inf() || x == -__builtin_inf(); }

/* x rounded toward zero, by its bits (no libm call, no SSE4.1) */
static double trunc_of(double x)
{
    union { double d; uint64_t u; } v = { x };
    int e = (int)((v.u >> 52) & 0x7ff) - 1023;

    if (e >= 52)
        return x;                      /* already an integer, or inf/NaN */
    if (e < 0)
        v.u &= 1ull << 63;             /* |x| < 1: a zero of x's sign */
    else
        v.u &= ~((1ull << (52 - e)) - 1);
    return v.d;
}

/* pi/2 in three parts (32, 32 and 64 significant bits: k * P1 and k * P2
 * are exact for k < 2^32) and 2/pi, for the reduction of sin and cos */
#define PIO2_1 0x1.921fb544p+0L
#define PIO2_2 0x1.0b4611a6p-34L
#define PIO2_3 0x98cc51701b839a25p-132L
#define TWO_OVER_PI 0xa2f9836e4e441529p-64L

/* x = k * pi/2 + r, |r| <= pi/4 (about): r, and k mod 4 in *quadrant.
 * Cody and Waite's way up to |x| < 2^31 (every result within an ulp);
 * beyond, the x87's remainder by 2pi (a few ulps off, for arguments no
 * drawing code makes). */
static long double reduce(double x, int *quadrant)
{
    long double lx = x, k, r;

    if (__builtin_fabs(x) < 2147483648.0) {
        __asm__("frndint" : "=t"(k) : "0"(lx * TWO_OVER_PI));
        r = ((lx - k * PIO2_1) - k * PIO2_2) - k * PIO2_3;
        *quadrant = (int)((long long)k & 3);
        return r;
    }
    *quadrant = 0;
    return x87_rem_2pi(lx);
}

static long double x87_sin(long double r)
{
    long double v;

    __asm__("fsin" : "=t"(v) : "0"(r));
    return v;
}

static long double x87_cos(long double r)
{
    long double v;

    __asm__("fcos" : "=t"(v) : "0"(r));
    return v;
}

double unixmath_sin(double x)
{
    long double r;
    int q;

    if (is_nan(x) || is_inf(x))
        return x - x;   /* NaN */
    if (x == 0)
        return x;       /* keeps -0 */
    r = reduce(x, &q);
    switch (q) {
    case 0: return (double)x87_sin(r);
    case 1: return (double)x87_cos(r);
    case 2: return (double)-x87_sin(r);
    default: return (double)-x87_cos(r);
    }
}

double unixmath_cos(double x)
{
    long double r;
    int q;

    if (is_nan(x) || is_inf(x))
        return x - x;
    r = reduce(x, &q);
    switch (q) {
    case 0: return (double)x87_cos(r);
    case 1: return (double)-x87_sin(r);
    case 2: return (double)-x87_cos(r);
    default: return (double)x87_sin(r);
    }
}

void unixmath_sincos(double x, double *s, double *c)
{
    *s = unixmath_sin(x);
    *c = unixmath_cos(x);
}

double unixmath_atan2(double y, double x)
{
    long double r;

    /* fpatan: atan(st1 / st0) in the right quadrant, zeros' signs too */
    __asm__("fpatan" : "=t"(r) : "0"((long double)x), "u"((long double)y) : "st(1)");
    return (double)r;
}

static long double x87_sqrt(long double x)
{
    long double r;

    __asm__("fsqrt" : "=t"(r) : "0"(x));
    return r;
}

double unixmath_hypot(double x, double y)
{
    long double lx = x, ly = y;

    if (is_inf(x) || is_inf(y))
        return __builtin_inf();
    if (is_nan(x) || is_nan(y))
        return x + y;
    /* squares of doubles cannot overflow the extended exponent range */
    return (double)x87_sqrt(lx * lx + ly * ly);
}

/* log2(x) * y for x > 0 */
static long double x87_ylog2x(long double y, long double x)
{
    long double r;

    __asm__("fyl2x" : "=t"(r) : "0"(x), "u"(y) : "st(1)");
    return r;
}

double unixmath_log(double x)
{
    if (is_nan(x))
        return x;
    if (x < 0)
        return (x - x) / (x - x);   /* NaN, invalid */
    if (x == 0)
        return -__builtin_inf();
    if (is_inf(x))
        return x;
    return (double)x87_ylog2x(0.69314718055994530941723212145817657L, x);
}

/* 2^t for finite t */
static long double x87_exp2(long double t)
{
    long double i, f, r;

    __asm__("frndint" : "=t"(i) : "0"(t));
    f = t - i;                         /* |f| <= 0.5: f2xm1's domain */
    __asm__("f2xm1" : "=t"(r) : "0"(f));
    r += 1.0L;
    __asm__("fscale" : "=t"(r) : "0"(r), "u"(i));
    return r;
}

/* Is y an integer, and if so an odd one? 0: not an integer, 1: even, 2: odd. */
static int integer_kind(double y)
{
    double half;

    if (is_inf(y))
        return 1;
    if (y != trunc_of(y))
        return 0;
    if (__builtin_fabs(y) >= 9007199254740992.0)   /* 2^53: every such double is even */
        return 1;
    half = y / 2;
    return half == trunc_of(half) ? 1 : 2;
}

double unixmath_pow(double x, double y)
{
    int kind;
    long double r;

    if (y == 0 || x == 1)
        return 1.0;
    if (is_nan(x) || is_nan(y))
        return x + y;
    kind = integer_kind(y);
    if (x == 0) {
        if (y < 0)
            return kind == 2 ? 1.0 / x : __builtin_inf();   /* pole: +-inf */
        return kind == 2 ? x : 0.0;
    }
    if (is_inf(y)) {
        double ax = __builtin_fabs(x);
        if (ax == 1)
            return 1.0;
        return (ax > 1) == (y > 0) ? __builtin_inf() : 0.0;
    }
    if (is_inf(x)) {
        if (x > 0)
            return y > 0 ? x : 0.0;
        if (y > 0)
            return kind == 2 ? x : -x;
        return kind == 2 ? -0.0 : 0.0;
    }
    if (x < 0 && !kind)
        return (x - x) / (x - x);      /* NaN, invalid */
    r = x87_ylog2x(y, __builtin_fabs(x));
    if (r > 16400)
        r = __builtin_infl();
    else if (r < -16500)
        r = 0;
    else
        r = x87_exp2(r);
    return (double)(x < 0 && kind == 2 ? -r : r);
}

double unixmath_frexp(double x, int *exp)
{
    union { double d; uint64_t u; } v = { x };
    int e = (int)((v.u >> 52) & 0x7ff);

    *exp = 0;
    if (x == 0 || is_nan(x) || is_inf(x))
        return x;
    if (!e) {                          /* subnormal: scale into the normal range */
        v.d = x * 18014398509481984.0; /* 2^54 */
        e = (int)((v.u >> 52) & 0x7ff) - 54;
    }
    *exp = e - 1022;
    v.u = (v.u & ~(0x7ffull << 52)) | (1022ull << 52);
    return v.d;
}

double unixmath_modf(double x, double *ipart)
{
    double i;

    if (is_nan(x)) {
        *ipart = x;
        return x;
    }
    i = trunc_of(x);
    *ipart = i;
    if (is_inf(x))
        return __builtin_copysign(0.0, x);
    return __builtin_copysign(x - i, x);
}

/* The jmp_buf: rbx, rbp, r12-r15, the stack after the return, the return
 * address.  The unix libraries treat it as opaque (glibc's is larger). */
__asm__(".text\n"
        ".globl keep_unix_setjmp\n"
        ".hidden keep_unix_setjmp\n"
        ".type keep_unix_setjmp, @function\n"
        "keep_unix_setjmp:\n\t"
        "movq %rbx, 0(%rdi)\n\t"
        "movq %rbp, 8(%rdi)\n\t"
        "movq %r12, 16(%rdi)\n\t"
        "movq %r13, 24(%rdi)\n\t"
        "movq %r14, 32(%rdi)\n\t"
        "movq %r15, 40(%rdi)\n\t"
        "leaq 8(%rsp), %rdx\n\t"
        "movq %rdx, 48(%rdi)\n\t"
        "movq (%rsp), %rdx\n\t"
        "movq %rdx, 56(%rdi)\n\t"
        "xorl %eax, %eax\n\t"
        "ret\n"
        ".size keep_unix_setjmp, .-keep_unix_setjmp\n"
        ".globl keep_unix_longjmp\n"
        ".hidden keep_unix_longjmp\n"
        ".type keep_unix_longjmp, @function\n"
        "keep_unix_longjmp:\n\t"
        "movl %esi, %eax\n\t"
        "testl %eax, %eax\n\t"
        "jnz 1f\n\t"
        "incl %eax\n"
        "1:\n\t"
        "movq 0(%rdi), %rbx\n\t"
        "movq 8(%rdi), %rbp\n\t"
        "movq 16(%rdi), %r12\n\t"
        "movq 24(%rdi), %r13\n\t"
        "movq 32(%rdi), %r14\n\t"
        "movq 40(%rdi), %r15\n\t"
        "movq 48(%rdi), %rsp\n\t"
        "jmpq *56(%rdi)\n"
        ".size keep_unix_longjmp, .-keep_unix_longjmp\n");

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * unixabi.h - the C library ABI that the unix libraries the kernel loads
 * (win32u.so, FreeType, fontconfig: built for glibc on x86-64 Linux) were
 * compiled against: the layouts of the structures they pass and the
 * values of the constants they use, declared here as facts (prefixed
 * ux_/UX_) so that the kernel's C library for them (unixlibc.c,
 * unixposix.c) needs no host header.  tests/unit/kernel/test_unixabi.c
 * checks every size, offset and value against glibc's own headers.
 */
#ifndef KEEP_UNIXABI_H
#define KEEP_UNIXABI_H

#include <stdint.h>

/* errno values (Linux) */
enum {
    UX_EPERM = 1, UX_ENOENT = 2, UX_EINTR = 4, UX_EIO = 5, UX_EBADF = 9, UX_ENOMEM = 12,
    UX_EACCES = 13, UX_EBUSY = 16, UX_EEXIST = 17, UX_EXDEV = 18, UX_ENOTDIR = 20,
    UX_EISDIR = 21, UX_EINVAL = 22, UX_EMFILE = 24, UX_ENOSPC = 28, UX_EROFS = 30,
    UX_EPIPE = 32, UX_ENAMETOOLONG = 36, UX_ENOSYS = 38, UX_ENOTEMPTY = 39, UX_ELOOP = 40,
};

/* open, fcntl, lseek, access */
#define UX_O_ACCMODE 03
#define UX_O_RDONLY 00
#define UX_O_WRONLY 01
#define UX_O_RDWR 02
#define UX_O_CREAT 0100
#define UX_O_EXCL 0200
#define UX_O_TRUNC 01000
#define UX_O_APPEND 02000
#define UX_O_DIRECTORY 0200000
#define UX_O_NOFOLLOW 0400000
#define UX_F_GETFD 1
#define UX_F_SETFD 2
#define UX_F_GETFL 3
#define UX_F_SETFL 4
#define UX_FD_CLOEXEC 1
#define UX_SEEK_SET 0
#define UX_SEEK_CUR 1
#define UX_SEEK_END 2
#define UX_W_OK 2
#define UX_PATH_MAX 4096
#define UX_CHAR_MAX 127        /* char is signed on x86-64 */

/* mmap */
#define UX_PROT_READ 1
#define UX_PROT_WRITE 2
#define UX_PROT_EXEC 4
#define UX_MAP_SHARED 0x01
#define UX_MAP_FIXED 0x10
#define UX_MAP_ANONYMOUS 0x20
#define UX_MAP_FAILED ((void *)-1)

/* struct stat's mode bits */
#define UX_S_IFDIR 0040000
#define UX_S_IFREG 0100000

/* struct dirent's d_type */
#define UX_DT_UNKNOWN 0
#define UX_DT_DIR 4
#define UX_DT_REG 8

struct ux_timespec {
    int64_t tv_sec, tv_nsec;
};

struct ux_timeval {
    int64_t tv_sec, tv_usec;
};

struct ux_stat {
    uint64_t st_dev, st_ino, st_nlink;
    uint32_t st_mode, st_uid, st_gid;
    int32_t pad0;
    uint64_t st_rdev;
    int64_t st_size, st_blksize, st_blocks;
    struct ux_timespec st_atim, st_mtim, st_ctim;
    int64_t reserved[3];
};

struct ux_statfs {
    int64_t f_type, f_bsize;
    uint64_t f_blocks, f_bfree, f_bavail, f_files, f_ffree;
    int32_t f_fsid[2];
    int64_t f_namelen, f_frsize, f_flags, f_spare[4];
};

struct ux_dirent {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[256];
};

struct ux_tm {
    int tm_sec, tm_min, tm_hour, tm_mday, tm_mon, tm_year, tm_wday, tm_yday, tm_isdst;
    long tm_gmtoff;
    const char *tm_zone;
};

struct ux_lconv {
    char *decimal_point, *thousands_sep, *grouping, *int_curr_symbol, *currency_symbol,
         *mon_decimal_point, *mon_thousands_sep, *mon_grouping, *positive_sign, *negative_sign;
    char int_frac_digits, frac_digits, p_cs_precedes, p_sep_by_space, n_cs_precedes,
         n_sep_by_space, p_sign_posn, n_sign_posn, int_p_cs_precedes, int_p_sep_by_space,
         int_n_cs_precedes, int_n_sep_by_space, int_p_sign_posn, int_n_sign_posn;
};

/* random_r's state: the kernel keeps its own generator's word in *state */
struct ux_random_data {
    int32_t *fptr, *rptr, *state;
    int rand_type, rand_deg, rand_sep;
    int32_t *end_ptr;
};

/* glibc's pthread_mutex_t, as a static initializer leaves it: the kind
 * (1: recursive) at byte 16 */
struct ux_mutex {
    volatile uint32_t lock;     /* 0 free, 1 held, 2 held with waiters */
    uint32_t count;             /* recursion depth beyond the first */
    uint32_t owner;             /* thread id */
    uint32_t nusers;
    int32_t kind;
};

/* The string-to-number helpers of the host's C library (freestanding, as
 * the str* family: tests/check-kernel-symbols.sh) */
double strtod(const char *s, char **end);
long strtol(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);

#endif

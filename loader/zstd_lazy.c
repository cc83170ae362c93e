/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * zstd_lazy.c - libzstd, loaded the first time a snapshot is written or
 * read.  Linked normally, every `keep run` would map and relocate it as it
 * starts, for the rare run that is snapshotted.  These are the functions
 * snapfile.c calls, with zstd's own contracts; when the library cannot be
 * loaded, the contexts are not created (snapfile.c then fails cleanly) and
 * the reason is reported once.
 */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <zstd.h>

#define ZSTD_LIBRARY "libzstd.so.1"

static struct {
    size_t (*compress_bound)(size_t);
    ZSTD_CCtx *(*create_cctx)(void);
    size_t (*free_cctx)(ZSTD_CCtx *);
    size_t (*compress_cctx)(ZSTD_CCtx *, void *, size_t, const void *, size_t, int);
    ZSTD_DCtx *(*create_dctx)(void);
    size_t (*free_dctx)(ZSTD_DCtx *);
    size_t (*decompress_dctx)(ZSTD_DCtx *, void *, size_t, const void *, size_t);
    unsigned (*is_error)(size_t);
} zstd;
static int zstd_loaded;
static pthread_once_t zstd_once = PTHREAD_ONCE_INIT;

static int resolve(void *lib, const char *name, void *slot)
{
    void *sym = dlsym(lib, name);

    *(void **)slot = sym;
    return sym != NULL;
}

static void zstd_load(void)
{
    void *lib = dlopen(ZSTD_LIBRARY, RTLD_NOW | RTLD_LOCAL);

    zstd_loaded = lib && resolve(lib, "ZSTD_compressBound", &zstd.compress_bound) &&
                  resolve(lib, "ZSTD_createCCtx", &zstd.create_cctx) &&
                  resolve(lib, "ZSTD_freeCCtx", &zstd.free_cctx) &&
                  resolve(lib, "ZSTD_compressCCtx", &zstd.compress_cctx) &&
                  resolve(lib, "ZSTD_createDCtx", &zstd.create_dctx) &&
                  resolve(lib, "ZSTD_freeDCtx", &zstd.free_dctx) &&
                  resolve(lib, "ZSTD_decompressDCtx", &zstd.decompress_dctx) &&
                  resolve(lib, "ZSTD_isError", &zstd.is_error);
    if (!zstd_loaded)
        fprintf(stderr, "keep: snapshots need %s: %s\n", ZSTD_LIBRARY,
                lib ? "a function is missing from it" : dlerror());
}

static int zstd_ready(void)
{
    pthread_once(&zstd_once, zstd_load);
    return zstd_loaded;
}

size_t ZSTD_compressBound(size_t size)
{
    return zstd_ready() ? zstd.compress_bound(size) : ZSTD_COMPRESSBOUND(size);
}

ZSTD_CCtx *ZSTD_createCCtx(void)
{
    return zstd_ready() ? zstd.create_cctx() : NULL;
}

size_t ZSTD_freeCCtx(ZSTD_CCtx *cctx)
{
    return cctx && zstd_ready() ? zstd.free_cctx(cctx) : 0;
}

size_t ZSTD_compressCCtx(ZSTD_CCtx *cctx, void *dst, size_t dst_size, const void *src,
                         size_t src_size, int level)
{
    return zstd.compress_cctx(cctx, dst, dst_size, src, src_size, level);
}

ZSTD_DCtx *ZSTD_createDCtx(void)
{
    return zstd_ready() ? zstd.create_dctx() : NULL;
}

size_t ZSTD_freeDCtx(ZSTD_DCtx *dctx)
{
    return dctx && zstd_ready() ? zstd.free_dctx(dctx) : 0;
}

size_t ZSTD_decompressDCtx(ZSTD_DCtx *dctx, void *dst, size_t dst_size, const void *src,
                           size_t src_size)
{
    return zstd.decompress_dctx(dctx, dst, dst_size, src, src_size);
}

unsigned ZSTD_isError(size_t code)
{
    return zstd_ready() ? zstd.is_error(code) : 1;
}

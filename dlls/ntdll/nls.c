/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nls.c - national language support data: Wine's .nls files.
 *
 * The files live in Wine's data directory (nls/); each one is mapped
 * read-only once, and every request for it gets that mapping (the data is
 * immutable, so one copy serves the whole process).
 */
#include "kernel.h"

#define NLS_SECTION_SORTKEYS 9
#define NLS_SECTION_CASEMAP 10
#define NLS_SECTION_CODEPAGE 11
#define NLS_SECTION_NORMALIZE 12

struct nls_map {
    char name[24];
    void *base;
    SIZE_T size;
};

static struct klock nls_lock = KLOCK_INIT;
static struct nls_map maps[32];
static unsigned map_count;
static LCID system_lcid = 0x0409, user_lcid = 0x0409;
static LANGID ui_language = 0x0409;

extern const uint16_t *nls_upcase_table;
extern const uint16_t *nls_lowcase_table;

static NTSTATUS map_data_file(const char *name, void **out, SIZE_T *out_size)
{
    char uri[4096];
    host_stream_t s;
    struct host_attr attr;
    void *base = NULL;
    NTSTATUS st;
    int r;

    snprintf(uri, sizeof(uri), "file:%s/nls/%s.nls", kernel.wine_data_dir, name);
    if ((r = host_stream_open(uri, HOST_OPEN_READ, &s)) < 0)
        return status_from_host(r);
    if ((r = host_stream_attr(s, &attr)) < 0 || !attr.size) {
        host_stream_close(s);
        return r < 0 ? status_from_host(r) : STATUS_INVALID_FILE_FOR_SECTION;
    }
    SIZE_T size = ALIGN_UP(attr.size, PAGE_SIZE_K);
    if ((st = virtual_reserve(&base, size, 0, MEM_RESERVE, PAGE_READONLY, VIEW_MAPPED)))
        goto done;
    if ((st = virtual_commit(base, size, PAGE_READONLY)))
        goto fail;
    /* the tables up to a megabyte (code pages, locale data) are read all
       over at once: map them now, not a fault per 16 pages; the big
       sort table stays on demand */
    if ((r = host_stream_map(s, base, size, 0, HOST_PROT_READ,
                             size <= 0x100000 ? HOST_MAP_POPULATE : 0)) < 0) {
        st = status_from_host(r);
        goto fail;
    }
    *out = base;
    *out_size = attr.size;
    goto done;
fail:
    virtual_release(base);
done:
    host_stream_close(s);
    return st;
}

/* The mapping of an nls file, made on first use. */
static NTSTATUS get_nls_file(const char *name, void **base, SIZE_T *size)
{
    NTSTATUS st = STATUS_SUCCESS;

    klock_acquire(&nls_lock);
    for (unsigned i = 0; i < map_count; i++) {
        if (!strcmp(maps[i].name, name)) {
            *base = maps[i].base;
            *size = maps[i].size;
            goto done;
        }
    }
    if (map_count == ARRAY_SIZE(maps)) {
        st = STATUS_NO_MEMORY;
        goto done;
    }
    if ((st = map_data_file(name, base, size)))
        goto done;
    snprintf(maps[map_count].name, sizeof(maps[0].name), "%s", name);
    maps[map_count].base = *base;
    maps[map_count].size = *size;
    map_count++;
done:
    klock_release(&nls_lock);
    return st;
}

static const char *normalization_name(ULONG id)
{
    switch (id) {
    case 1: return "normnfc";
    case 2: return "normnfd";
    case 5: return "normnfkc";
    case 6: return "normnfkd";
    case 13: return "normidna";
    default: return NULL;
    }
}

NTSTATUS NTAPI KERNEL_EXPORT NtGetNlsSectionPtr(ULONG type, ULONG id, void *unknown, void **ptr,
                                                SIZE_T *size)
{
    char name[24];
    (void)unknown;

    switch (type) {
    case NLS_SECTION_SORTKEYS:
        if (id)
            return STATUS_INVALID_PARAMETER_1;
        snprintf(name, sizeof(name), "sortdefault");
        break;
    case NLS_SECTION_CASEMAP:
        if (id)
            return STATUS_UNSUCCESSFUL;
        snprintf(name, sizeof(name), "l_intl");
        break;
    case NLS_SECTION_CODEPAGE:
        if (id > 99999)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        snprintf(name, sizeof(name), "c_%03u", (unsigned)id);
        break;
    case NLS_SECTION_NORMALIZE: {
        const char *n = normalization_name(id);
        if (!n)
            return STATUS_OBJECT_NAME_NOT_FOUND;
        snprintf(name, sizeof(name), "%s", n);
        break;
    }
    default:
        return STATUS_INVALID_PARAMETER_1;
    }
    NTSTATUS st = get_nls_file(name, ptr, size);
    return st == STATUS_OBJECT_NAME_NOT_FOUND || st == STATUS_OBJECT_PATH_NOT_FOUND
               ? STATUS_OBJECT_NAME_NOT_FOUND : st;
}
SYSCALL(NtGetNlsSectionPtr);

NTSTATUS NTAPI KERNEL_EXPORT NtInitializeNlsFiles(void **ptr, LCID *lcid, LARGE_INTEGER *size)
{
    SIZE_T sz;
    NTSTATUS st = get_nls_file("locale", ptr, &sz);
    if (!st && size)
        size->QuadPart = sz;
    *lcid = system_lcid;
    return st;
}
SYSCALL(NtInitializeNlsFiles);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryDefaultLocale(BOOLEAN user, LCID *lcid)
{
    *lcid = user ? user_lcid : system_lcid;
    return STATUS_SUCCESS;
}
SYSCALL(NtQueryDefaultLocale);

NTSTATUS NTAPI KERNEL_EXPORT NtSetDefaultLocale(BOOLEAN user, LCID lcid)
{
    if (user)
        user_lcid = lcid;
    else
        system_lcid = lcid;
    return STATUS_SUCCESS;
}
SYSCALL(NtSetDefaultLocale);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryDefaultUILanguage(LANGID *lang)
{
    *lang = ui_language;
    return STATUS_SUCCESS;
}
SYSCALL(NtQueryDefaultUILanguage);

NTSTATUS NTAPI KERNEL_EXPORT NtSetDefaultUILanguage(LANGID lang)
{
    ui_language = lang;
    return STATUS_SUCCESS;
}
SYSCALL(NtSetDefaultUILanguage);

NTSTATUS NTAPI KERNEL_EXPORT NtQueryInstallUILanguage(LANGID *lang)
{
    *lang = 0x0409;
    return STATUS_SUCCESS;
}
SYSCALL(NtQueryInstallUILanguage);

static const char *boot_env(const char *key)
{
    size_t n = strlen(key);
    for (const char *const *e = kernel.boot->envp; e && *e; e++)
        if (!strncmp(*e, key, n) && (*e)[n] == '=')
            return *e + n + 1;
    return NULL;
}

/* The languages LANG may name (as POSIX locale names), with their ANSI
 * and OEM code pages; anything else is en-US. */
static const struct locale_entry {
    const char *prefix;
    LCID lcid;
    unsigned short ansi, oem;
} locales[] = {
    { "de_DE", 0x0407, 1252, 850 }, { "en_GB", 0x0809, 1252, 850 },
    { "en_US", 0x0409, 1252, 437 }, { "es_ES", 0x0c0a, 1252, 850 },
    { "fr_FR", 0x040c, 1252, 850 }, { "it_IT", 0x0410, 1252, 850 },
    { "ja_JP", 0x0411, 932, 932 },  { "ko_KR", 0x0412, 949, 949 },
    { "nl_NL", 0x0413, 1252, 850 }, { "pl_PL", 0x0415, 1250, 852 },
    { "pt_BR", 0x0416, 1252, 850 }, { "ru_RU", 0x0419, 1251, 866 },
    { "sv_SE", 0x041d, 1252, 850 }, { "zh_CN", 0x0804, 936, 936 },
    { "zh_TW", 0x0404, 950, 950 },
};
#define LOCALE_EN_US (&locales[2])

static const struct locale_entry *locale_by_lcid(LCID lcid)
{
    for (size_t i = 0; i < ARRAY_SIZE(locales); i++)
        if (locales[i].lcid == lcid)
            return &locales[i];
    return LOCALE_EN_US;
}

/* Languages from the POSIX locale name in LANG/LC_ALL (en_US.UTF-8...). */
static LCID lcid_from_posix(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(locales); i++)
        if (!strncmp(name, locales[i].prefix, 5))
            return locales[i].lcid;
    return LOCALE_EN_US->lcid;
}

/* Mapped (populated up to a megabyte) and each page read: the page
 * tables are the process's, so the program's thread later finds them
 * filled in rather than taking a fault per page. */
static void prefetch_file(const char *name)
{
    void *base;
    SIZE_T size;

    if (get_nls_file(name, &base, &size) || size > 0x100000)
        return;
    for (SIZE_T off = 0; off < size; off += PAGE_SIZE_K)
        (void)*(volatile const char *)((const char *)base + off);
}

void nls_prefetch(void)
{
    const struct locale_entry *l = locale_by_lcid(system_lcid);
    char name[24];

    prefetch_file("locale");
    snprintf(name, sizeof(name), "c_%03u", l->ansi);
    prefetch_file(name);
    snprintf(name, sizeof(name), "c_%03u", l->oem);
    prefetch_file(name);
}

void nls_init(void)
{
    void *base;
    SIZE_T size;
    const char *lang = boot_env("LC_ALL");

    if (!lang || !*lang)
        lang = boot_env("LANG");
    if (lang && *lang)
        system_lcid = user_lcid = lcid_from_posix(lang);
    ui_language = (LANGID)user_lcid;
    /* l_intl.nls: header words, then the upcase table, then lowcase */
    if (!get_nls_file("l_intl", &base, &size) && size > 8) {
        const uint16_t *p = base;
        nls_upcase_table = p + 2;
        nls_lowcase_table = p + 2 + p[1];
    }
}

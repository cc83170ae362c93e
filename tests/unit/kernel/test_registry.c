/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_registry.c - the registry system calls (dlls/ntdll/registry.c)
 * called as functions, over the key store in memory (regstore_mem.c, no
 * database) and the real object, handle and event code:
 *
 *   - every information class of NtQueryKey, NtEnumerateKey,
 *     NtQueryValueKey and NtEnumerateValueKey at every buffer size that
 *     matters: STATUS_BUFFER_TOO_SMALL below the fixed part,
 *     STATUS_BUFFER_OVERFLOW with the fixed part filled in below the
 *     whole answer, success at its exact size, the result length always
 *     the whole size, and nothing past the buffer touched;
 *   - case folding of non-ASCII names with Windows' table (l_intl.nls);
 *   - symbolic links: REG_OPTION_CREATE_LINK and SymbolicLinkValue,
 *     followed on open, not with OBJ_OPENLINK;
 *   - change notifications: NtNotifyChangeKey with an event, signalled by
 *     a change another thread makes, filtered by the change filter and
 *     the subtree flag.
 *
 * tests/pe/reginfo.c checks the same buffer rules end to end through
 * Wine's DLLs; the values here are the same answers.
 */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "host.h"
#include "host_setup.h"
#include "kernel.h"
#include "registry/regcase.h"
#include "registry/vfs.h"

NTSTATUS NTAPI NtCreateKey(HANDLE *, ACCESS_MASK, const OBJECT_ATTRIBUTES *, ULONG,
                           const UNICODE_STRING *, ULONG, ULONG *);
NTSTATUS NTAPI NtOpenKeyEx(HANDLE *, ACCESS_MASK, const OBJECT_ATTRIBUTES *, ULONG);
NTSTATUS NTAPI NtDeleteKey(HANDLE);
NTSTATUS NTAPI NtSetValueKey(HANDLE, const UNICODE_STRING *, ULONG, ULONG, const void *, ULONG);
NTSTATUS NTAPI NtQueryValueKey(HANDLE, const UNICODE_STRING *, KEY_VALUE_INFORMATION_CLASS,
                               void *, ULONG, ULONG *);
NTSTATUS NTAPI NtEnumerateValueKey(HANDLE, ULONG, KEY_VALUE_INFORMATION_CLASS, void *, ULONG,
                                   ULONG *);
NTSTATUS NTAPI NtQueryKey(HANDLE, KEY_INFORMATION_CLASS, void *, ULONG, ULONG *);
NTSTATUS NTAPI NtEnumerateKey(HANDLE, ULONG, KEY_INFORMATION_CLASS, void *, ULONG, ULONG *);
NTSTATUS NTAPI NtNotifyChangeKey(HANDLE, HANDLE, PIO_APC_ROUTINE, void *, IO_STATUS_BLOCK *, ULONG,
                                 BOOLEAN, void *, ULONG, BOOLEAN);
NTSTATUS NTAPI NtCreateEvent(HANDLE *, ACCESS_MASK, const OBJECT_ATTRIBUTES *, EVENT_TYPE,
                             BOOLEAN);
NTSTATUS NTAPI NtQueryEvent(HANDLE, EVENT_INFORMATION_CLASS, void *, ULONG, ULONG *);

/* string.c's table for kupcase (nls.c sets it in the kernel). */
extern const uint16_t *nls_upcase_table;

static const WCHAR test_path[] = u"\\REGISTRY\\MACHINE\\Software\\keep-unit";
static const WCHAR value_name[] = u"Wert\u00c4";   /* 5 units: 10 bytes */
static const WCHAR value_data[] = u"daten!";       /* 14 bytes with the NUL */
static const WCHAR sub_name[] = u"Unter";          /* 10 bytes */
static const WCHAR sub_class[] = u"Klasse";        /* 12 bytes */

static UNICODE_STRING us_of(const WCHAR *s)
{
    USHORT bytes = (USHORT)(kwcslen(s) * sizeof(WCHAR));
    return (UNICODE_STRING){ bytes, bytes, (WCHAR *)s };
}

static OBJECT_ATTRIBUTES attr_of(HANDLE root, UNICODE_STRING *name, ULONG attributes)
{
    return (OBJECT_ATTRIBUTES){ sizeof(OBJECT_ATTRIBUTES), root, name, attributes, NULL, NULL };
}

static NTSTATUS create_key(HANDLE root, const WCHAR *name, const WCHAR *cls, ULONG options,
                           HANDLE *out)
{
    UNICODE_STRING n = us_of(name), c = cls ? us_of(cls) : (UNICODE_STRING){ 0 };
    OBJECT_ATTRIBUTES a = attr_of(root, &n, OBJ_CASE_INSENSITIVE);
    return NtCreateKey(out, KEY_ALL_ACCESS, &a, 0, cls ? &c : NULL, options, NULL);
}

static NTSTATUS open_key(HANDLE root, const WCHAR *name, ULONG attributes, HANDLE *out)
{
    UNICODE_STRING n = us_of(name);
    OBJECT_ATTRIBUTES a = attr_of(root, &n, OBJ_CASE_INSENSITIVE | attributes);
    return NtOpenKeyEx(out, KEY_ALL_ACCESS, &a, 0);
}

static NTSTATUS set_value(HANDLE key, const WCHAR *name, ULONG type, const void *data, ULONG size)
{
    UNICODE_STRING n = us_of(name);
    return NtSetValueKey(key, &n, 0, type, data, size);
}

static void setup_once(void)
{
    static int done;
    if (done)
        return;
    static const struct keepsql_alloc heap = { kmalloc, kfree, kzalloc };

    ck_assert_int_eq(host_init(), HOST_OK);
    /* Windows' case folding, from the l_intl.nls the kernel reads */
    ck_assert_int_eq(host_policy_allow(KEEP_WINE_DATADIR, HOST_POLICY_RO), HOST_OK);
    ck_assert_int_eq(keepsql_init(&heap), 0);
    ck_assert_int_eq(regcase_load(KEEP_WINE_DATADIR), HOST_OK);
    nls_upcase_table = regcase_table();
    object_namespace_init();
    registry_init();
    done = 1;
}

/* The test key, fresh: one value and one subkey with a class. */
static HANDLE key;

static void setup_key(void)
{
    HANDLE sub;

    ck_assert_int_eq(create_key(NULL, test_path, NULL, 0, &key), STATUS_SUCCESS);
    ck_assert_int_eq(set_value(key, value_name, REG_SZ, value_data, sizeof(value_data)),
                     STATUS_SUCCESS);
    ck_assert_int_eq(create_key(key, sub_name, sub_class, 0, &sub), STATUS_SUCCESS);
    NtClose(sub);
}

/* ---- information classes -------------------------------------------------- */

enum { QUERY_VALUE, ENUM_VALUE, QUERY_KEY, ENUM_KEY };

struct info_case {
    const char *what;
    int kind;
    ULONG cls;
    ULONG fixed;        /* the class's fixed part */
    ULONG need;         /* the whole answer (0: the key's full name, see below) */
    ULONG len_field;    /* offset of a length field the fixed part carries, or ~0u */
    ULONG len_value;    /* its value (0 with need 0: the full name's bytes) */
};

#define VFULL (((20 + 10 + 3) & ~3u) + 14)
#define VFULL64 (((20 + 10 + 7) & ~7u) + 14)
#define KEY_NAME_BYTES ((ULONG)(sizeof(test_path) - sizeof(WCHAR)))

static const struct info_case info_cases[] = {
    { "NtQueryValueKey Basic", QUERY_VALUE, KeyValueBasicInformation, 12, 12 + 10, 8, 10 },
    { "NtQueryValueKey Full", QUERY_VALUE, KeyValueFullInformation, 20, VFULL, 16, 10 },
    { "NtQueryValueKey Partial", QUERY_VALUE, KeyValuePartialInformation, 12, 12 + 14, 8, 14 },
    { "NtQueryValueKey FullAlign64", QUERY_VALUE, KeyValueFullInformationAlign64, 20, VFULL64,
      16, 10 },
    { "NtQueryValueKey PartialAlign64", QUERY_VALUE, KeyValuePartialInformationAlign64, 8,
      8 + 14, 4, 14 },
    { "NtEnumerateValueKey Basic", ENUM_VALUE, KeyValueBasicInformation, 12, 12 + 10, 8, 10 },
    { "NtEnumerateValueKey Full", ENUM_VALUE, KeyValueFullInformation, 20, VFULL, 12, 14 },
    { "NtEnumerateValueKey Partial", ENUM_VALUE, KeyValuePartialInformation, 12, 12 + 14, 8, 14 },
    { "NtEnumerateValueKey PartialAlign64", ENUM_VALUE, KeyValuePartialInformationAlign64, 8,
      8 + 14, 4, 14 },
    { "NtQueryKey Basic", QUERY_KEY, KeyBasicInformation, 16, 16 + 18, 12, 18 },
    { "NtQueryKey Node", QUERY_KEY, KeyNodeInformation, 24, 24 + 18, 20, 18 },
    { "NtQueryKey Full", QUERY_KEY, KeyFullInformation, 44, 44, 20, 1 },
    { "NtQueryKey Name", QUERY_KEY, KeyNameInformation, 4, 4 + KEY_NAME_BYTES, 0,
      KEY_NAME_BYTES },
    { "NtQueryKey Cached", QUERY_KEY, KeyCachedInformation, 40, 40, 32, 18 },
    { "NtQueryKey HandleTags", QUERY_KEY, KeyHandleTagsInformation, 4, 4, 0, 0 },
    { "NtEnumerateKey Basic", ENUM_KEY, KeyBasicInformation, 16, 16 + 10, 12, 10 },
    { "NtEnumerateKey Node", ENUM_KEY, KeyNodeInformation, 24, 24 + 10 + 12, 20, 10 },
    { "NtEnumerateKey Full", ENUM_KEY, KeyFullInformation, 44, 44 + 12, 16, 12 },
};

static NTSTATUS info_call(const struct info_case *c, void *buf, ULONG len, ULONG *result)
{
    UNICODE_STRING name = us_of(value_name);

    switch (c->kind) {
    case QUERY_VALUE:
        return NtQueryValueKey(key, &name, c->cls, buf, len, result);
    case ENUM_VALUE:
        return NtEnumerateValueKey(key, 0, c->cls, buf, len, result);
    case QUERY_KEY:
        return NtQueryKey(key, c->cls, buf, len, result);
    default:
        return NtEnumerateKey(key, 0, c->cls, buf, len, result);
    }
}

START_TEST(test_information_class__buffer_sizes)
{
    const struct info_case *c = &info_cases[_i];
    static unsigned char buf[4096];
    ULONG sizes[] = { 0, 1, c->fixed - 1, c->fixed, c->need - 1, c->need };

    setup_key();
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        ULONG len = sizes[i], result = 0xdeadbeef, field;
        NTSTATUS want = len < c->fixed ? STATUS_BUFFER_TOO_SMALL
                        : len < c->need ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;

        memset(buf, 0xbd, sizeof(buf));
        NTSTATUS st = info_call(c, len ? buf : NULL, len, &result);
        ck_assert_msg(st == want, "%s, size %u: status %#x, want %#x", c->what, len,
                      (unsigned)st, (unsigned)want);
        ck_assert_msg(result == c->need, "%s, size %u: result length %u, want %u", c->what, len,
                      result, c->need);
        ck_assert_msg(buf[len] == 0xbd, "%s, size %u: the byte after the buffer was written",
                      c->what, len);
        if (len < c->fixed || c->len_field == ~0u)
            continue;
        memcpy(&field, buf + c->len_field, sizeof(field));
        ck_assert_msg(field == c->len_value, "%s, size %u: the fixed part's length %u, want %u",
                      c->what, len, field, c->len_value);
    }
}
END_TEST

/* KEY_VALUE_FULL_INFORMATION: Type 4, DataOffset 8, DataLength 12, NameLength 16, Name 20. */
START_TEST(test_value_full__name_then_data_on_a_ulong_boundary)
{
    unsigned char buf[256];
    UNICODE_STRING name = us_of(value_name);
    ULONG result, u[5];

    setup_key();
    ck_assert_int_eq(NtQueryValueKey(key, &name, KeyValueFullInformation, buf, sizeof(buf),
                                     &result), STATUS_SUCCESS);
    memcpy(u, buf, sizeof(u));
    ck_assert_uint_eq(u[1], REG_SZ);
    ck_assert_uint_eq(u[2], 32);        /* 20 + 10, up to a multiple of 4 */
    ck_assert_uint_eq(u[3], sizeof(value_data));
    ck_assert_uint_eq(u[4], 10);
    ck_assert_mem_eq(buf + 20, value_name, 10);
    ck_assert_mem_eq(buf + 32, value_data, sizeof(value_data));
    ck_assert_int_eq(NtQueryValueKey(key, &name, KeyValueFullInformationAlign64, buf,
                                     sizeof(buf), &result), STATUS_SUCCESS);
    memcpy(u, buf, sizeof(u));
    ck_assert_uint_eq(u[2], 32);        /* 30 up to a multiple of 8 is 32 too */
    ck_assert_mem_eq(buf + 32, value_data, sizeof(value_data));
}
END_TEST

/* KEY_NODE_INFORMATION: ClassOffset 12, ClassLength 16, NameLength 20, Name 24;
 * KEY_FULL_INFORMATION: ClassLength 16, SubKeys 20, MaxNameLen 24, MaxClassLen 28, Values 32,
 * MaxValueNameLen 36, MaxValueDataLen 40. */
START_TEST(test_key_node_and_full__hold_name_class_and_counts)
{
    unsigned char buf[256];
    ULONG result, u[11];

    setup_key();
    ck_assert_int_eq(NtEnumerateKey(key, 0, KeyNodeInformation, buf, sizeof(buf), &result),
                     STATUS_SUCCESS);
    memcpy(u, buf, 24);
    ck_assert_uint_eq(u[3], 24 + 10);
    ck_assert_uint_eq(u[4], 12);
    ck_assert_uint_eq(u[5], 10);
    ck_assert_mem_eq(buf + 24, sub_name, 10);
    ck_assert_mem_eq(buf + 34, sub_class, 12);
    ck_assert_int_eq(NtQueryKey(key, KeyFullInformation, buf, sizeof(buf), &result),
                     STATUS_SUCCESS);
    memcpy(u, buf, sizeof(u));
    ck_assert_uint_eq(u[4], 0);
    ck_assert_uint_eq(u[5], 1);
    ck_assert_uint_eq(u[6], 10);
    ck_assert_uint_eq(u[7], 12);
    ck_assert_uint_eq(u[8], 1);
    ck_assert_uint_eq(u[9], 10);
    ck_assert_uint_eq(u[10], sizeof(value_data));
}
END_TEST

START_TEST(test_key_name__is_the_full_path)
{
    unsigned char buf[512];
    ULONG result, bytes;

    setup_key();
    ck_assert_int_eq(NtQueryKey(key, KeyNameInformation, buf, sizeof(buf), &result),
                     STATUS_SUCCESS);
    memcpy(&bytes, buf, sizeof(bytes));
    ck_assert_uint_eq(bytes, KEY_NAME_BYTES);
    /* the stored names' case: \REGISTRY\MACHINE\Software exist before us */
    for (ULONG i = 0; i < bytes / sizeof(WCHAR); i++) {
        WCHAR got;
        memcpy(&got, buf + 4 + i * sizeof(WCHAR), sizeof(got));
        ck_assert_msg(kupcase(got) == kupcase(test_path[i]), "unit %u: %#x, want %#x", i, got,
                      test_path[i]);
    }
}
END_TEST

START_TEST(test_unknown_classes__invalid_parameter)
{
    unsigned char buf[256];
    ULONG result;
    UNICODE_STRING name = us_of(value_name);

    setup_key();
    ck_assert_int_eq(NtQueryKey(key, KeyFlagsInformation, buf, sizeof(buf), &result),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(NtQueryKey(key, KeyVirtualizationInformation, buf, sizeof(buf), &result),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(NtEnumerateKey(key, 0, KeyHandleTagsInformation, buf, sizeof(buf),
                                    &result), STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(NtQueryValueKey(key, &name, 5, buf, sizeof(buf), &result),
                     STATUS_INVALID_PARAMETER);
    ck_assert_int_eq(NtEnumerateKey(key, 1, KeyBasicInformation, buf, sizeof(buf), &result),
                     STATUS_NO_MORE_ENTRIES);
    ck_assert_int_eq(NtEnumerateValueKey(key, 1, KeyValueBasicInformation, buf, sizeof(buf),
                                         &result), STATUS_NO_MORE_ENTRIES);
}
END_TEST

/* ---- names ------------------------------------------------------------------- */

START_TEST(test_names__fold_case_the_windows_way)
{
    unsigned char buf[64];
    ULONG result;
    HANDLE k, again;
    UNICODE_STRING lower = us_of(u"wert\u00e4");     /* "wertä" finds "WertÄ" */
    UNICODE_STRING sharp = us_of(u"STRASSE");

    setup_key();
    ck_assert_int_eq(NtQueryValueKey(key, &lower, KeyValuePartialInformation, buf, sizeof(buf),
                                     &result), STATUS_SUCCESS);
    ck_assert_uint_eq(result, 12 + sizeof(value_data));
    ck_assert_int_eq(create_key(key, u"\u00c4rger-\u03a3", NULL, 0, &k), STATUS_SUCCESS);
    ck_assert_int_eq(open_key(key, u"\u00e4RGER-\u03c3", 0, &again), STATUS_SUCCESS);
    NtClose(again);
    /* "ß" is no "SS": one unit folds to one unit */
    ck_assert_int_eq(set_value(key, u"stra\u00dfe", REG_DWORD, &result, sizeof(result)),
                     STATUS_SUCCESS);
    ck_assert_int_eq(NtQueryValueKey(key, &sharp, KeyValuePartialInformation, buf, sizeof(buf),
                                     &result), STATUS_OBJECT_NAME_NOT_FOUND);
    NtClose(k);
}
END_TEST

/* ---- symbolic links ----------------------------------------------------------- */

static const WCHAR link_target[] = u"\\REGISTRY\\MACHINE\\Software\\keep-unit\\Unter";

/* The last path element of key's full name, in out (NUL-terminated). */
static void last_element(HANDLE k, WCHAR *out, size_t cap)
{
    unsigned char buf[512];
    ULONG result, bytes;
    WCHAR *name = (WCHAR *)(buf + 4);

    ck_assert_int_eq(NtQueryKey(k, KeyNameInformation, buf, sizeof(buf), &result),
                     STATUS_SUCCESS);
    memcpy(&bytes, buf, sizeof(bytes));
    size_t n = bytes / sizeof(WCHAR), start = n;
    while (start && name[start - 1] != '\\')
        start--;
    ck_assert_uint_lt(n - start, cap);
    memcpy(out, name + start, (n - start) * sizeof(WCHAR));
    out[n - start] = 0;
}

static HANDLE make_link(const WCHAR *target)
{
    HANDLE link;

    ck_assert_int_eq(create_key(key, u"Verweis", NULL, REG_OPTION_CREATE_LINK, &link),
                     STATUS_SUCCESS);
    ck_assert_int_eq(set_value(link, u"SymbolicLinkValue", REG_LINK, target,
                               (ULONG)(kwcslen(target) * sizeof(WCHAR))), STATUS_SUCCESS);
    return link;
}

START_TEST(test_link__is_followed_on_open)
{
    HANDLE link, sub, opened;
    WCHAR last[64];
    unsigned char buf[64];
    ULONG result, data = 42;
    UNICODE_STRING n = us_of(u"zahl");

    setup_key();
    link = make_link(link_target);
    ck_assert_int_eq(open_key(key, sub_name, 0, &sub), STATUS_SUCCESS);
    ck_assert_int_eq(set_value(sub, u"zahl", REG_DWORD, &data, sizeof(data)), STATUS_SUCCESS);
    ck_assert_int_eq(open_key(key, u"VERWEIS", 0, &opened), STATUS_SUCCESS);
    last_element(opened, last, ARRAY_SIZE(last));
    ck_assert_msg(!memcmp(last, sub_name, sizeof(sub_name)), "opened the link's target");
    ck_assert_int_eq(NtQueryValueKey(opened, &n, KeyValuePartialInformation, buf, sizeof(buf),
                                     &result), STATUS_SUCCESS);
    ck_assert_uint_eq(result, 12 + sizeof(data));
    ck_assert_mem_eq(buf + 12, &data, sizeof(data));
    NtClose(opened);
    NtClose(sub);
    NtClose(link);
}
END_TEST

START_TEST(test_link__openlink_opens_the_link_itself)
{
    HANDLE link, opened;
    WCHAR last[64];
    unsigned char buf[256];
    ULONG result, u[3];
    UNICODE_STRING n = us_of(u"SymbolicLinkValue");

    setup_key();
    link = make_link(link_target);
    ck_assert_int_eq(open_key(key, u"Verweis", OBJ_OPENLINK, &opened), STATUS_SUCCESS);
    last_element(opened, last, ARRAY_SIZE(last));
    ck_assert_msg(!memcmp(last, u"Verweis", sizeof(u"Verweis")), "opened the link");
    ck_assert_int_eq(NtQueryValueKey(opened, &n, KeyValuePartialInformation, buf, sizeof(buf),
                                     &result), STATUS_SUCCESS);
    memcpy(u, buf, sizeof(u));
    ck_assert_uint_eq(u[1], REG_LINK);
    ck_assert_uint_eq(u[2], sizeof(link_target) - sizeof(WCHAR));
    ck_assert_mem_eq(buf + 12, link_target, u[2]);
    NtClose(opened);
    NtClose(link);
}
END_TEST

START_TEST(test_link__existing_name_collides_and_dangling_target_is_not_found)
{
    HANDLE link, again, opened;

    setup_key();
    link = make_link(u"\\REGISTRY\\MACHINE\\Software\\keep-unit\\Fehlt\\Auch");
    ck_assert_int_eq(create_key(key, u"Verweis", NULL, REG_OPTION_CREATE_LINK, &again),
                     STATUS_OBJECT_NAME_COLLISION);
    ck_assert_int_eq(open_key(key, u"Verweis", 0, &opened), STATUS_OBJECT_NAME_NOT_FOUND);
    ck_assert_int_eq(open_key(key, u"Verweis", OBJ_OPENLINK, &opened), STATUS_SUCCESS);
    NtClose(opened);
    NtClose(link);
}
END_TEST

/* ---- notifications across threads ------------------------------------------- */

static LONG event_state(HANDLE ev)
{
    EVENT_BASIC_INFORMATION info;
    ULONG len;

    ck_assert_int_eq(NtQueryEvent(ev, EventBasicInformation, &info, sizeof(info), &len),
                     STATUS_SUCCESS);
    return info.EventState;
}

struct change {
    const WCHAR *path;      /* below the test key */
    NTSTATUS status;
};

/* Another thread opens its own handle and sets a value. */
static void *change_thread(void *arg)
{
    struct change *c = arg;
    HANDLE k;
    ULONG data = 7;

    c->status = open_key(NULL, c->path, 0, &k);
    if (c->status)
        return NULL;
    c->status = set_value(k, u"neu", REG_DWORD, &data, sizeof(data));
    NtClose(k);
    return NULL;
}

static NTSTATUS change_from_thread(const WCHAR *path)
{
    struct change c = { path, STATUS_UNSUCCESSFUL };
    pthread_t t;

    ck_assert_int_eq(pthread_create(&t, NULL, change_thread, &c), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    return c.status;
}

static HANDLE watch(HANDLE k, ULONG filter, BOOLEAN subtree)
{
    HANDLE ev;
    IO_STATUS_BLOCK io;

    ck_assert_int_eq(NtCreateEvent(&ev, EVENT_ALL_ACCESS, NULL, NotificationEvent, FALSE),
                     STATUS_SUCCESS);
    ck_assert_int_eq(NtNotifyChangeKey(k, ev, NULL, NULL, &io, filter, subtree, NULL, 0, TRUE),
                     STATUS_PENDING);
    ck_assert_int_eq(event_state(ev), 0);
    return ev;
}

/* Watch the test key with filter; another thread sets a value in it. */
static LONG state_after_value_change(ULONG filter)
{
    setup_key();
    HANDLE ev = watch(key, filter, FALSE);
    ck_assert_int_eq(change_from_thread(test_path), STATUS_SUCCESS);
    LONG state = event_state(ev);
    NtClose(ev);
    return state;
}

START_TEST(test_notify__value_set_by_another_thread_signals_the_event)
{
    ck_assert_int_eq(state_after_value_change(REG_NOTIFY_CHANGE_LAST_SET), 1);
}
END_TEST

START_TEST(test_notify__filter_without_last_set_ignores_a_value_change)
{
    ck_assert_int_eq(state_after_value_change(REG_NOTIFY_CHANGE_NAME), 0);
}
END_TEST

START_TEST(test_notify__subkey_change_signals_only_a_subtree_watch)
{
    static const WCHAR sub_path[] = u"\\REGISTRY\\MACHINE\\Software\\keep-unit\\Unter";

    setup_key();
    HANDLE flat = watch(key, REG_NOTIFY_CHANGE_LAST_SET, FALSE);
    HANDLE k2, deep;
    ck_assert_int_eq(open_key(NULL, test_path, 0, &k2), STATUS_SUCCESS);
    deep = watch(k2, REG_NOTIFY_CHANGE_LAST_SET, TRUE);
    ck_assert_int_eq(change_from_thread(sub_path), STATUS_SUCCESS);
    ck_assert_int_eq(event_state(flat), 0);
    ck_assert_int_eq(event_state(deep), 1);
    NtClose(deep);
    NtClose(k2);
    NtClose(flat);
}
END_TEST

START_TEST(test_notify__a_key_handle_is_no_event)
{
    HANDLE other;
    IO_STATUS_BLOCK io;

    UNICODE_STRING n = us_of(test_path);
    OBJECT_ATTRIBUTES a = attr_of(NULL, &n, OBJ_CASE_INSENSITIVE);

    setup_key();
    /* SYNCHRONIZE: the right the event handle needs, so the type is what fails */
    ck_assert_int_eq(NtOpenKeyEx(&other, KEY_READ | SYNCHRONIZE, &a, 0), STATUS_SUCCESS);
    ck_assert_int_eq(NtNotifyChangeKey(key, other, NULL, NULL, &io, REG_NOTIFY_CHANGE_LAST_SET,
                                       FALSE, NULL, 0, TRUE), STATUS_OBJECT_TYPE_MISMATCH);
    NtClose(other);
}
END_TEST

START_TEST(test_notify__deleting_the_key_signals_whatever_the_filter)
{
    setup_key();
    HANDLE ev = watch(key, REG_NOTIFY_CHANGE_SECURITY, FALSE);
    HANDLE sub;
    ck_assert_int_eq(open_key(key, sub_name, 0, &sub), STATUS_SUCCESS);
    ck_assert_int_eq(NtDeleteKey(sub), STATUS_SUCCESS);
    NtClose(sub);
    ck_assert_int_eq(event_state(ev), 0);      /* a subkey went: not our key, and no subtree */
    ck_assert_int_eq(NtDeleteKey(key), STATUS_SUCCESS);
    ck_assert_int_eq(event_state(ev), 1);
    NtClose(ev);
}
END_TEST

static TCase *add_tcase(Suite *s, const char *name)
{
    TCase *tc = tcase_create(name);
    tcase_add_unchecked_fixture(tc, setup_once, NULL);
    tcase_add_checked_fixture(tc, setup_once, NULL);
    suite_add_tcase(s, tc);
    return tc;
}

static Suite *make_suite(void)
{
    Suite *s = suite_create("registry");
    TCase *tc = add_tcase(s, "info");
    tcase_add_loop_test(tc, test_information_class__buffer_sizes, 0, ARRAY_SIZE(info_cases));
    tcase_add_test(tc, test_value_full__name_then_data_on_a_ulong_boundary);
    tcase_add_test(tc, test_key_node_and_full__hold_name_class_and_counts);
    tcase_add_test(tc, test_key_name__is_the_full_path);
    tcase_add_test(tc, test_unknown_classes__invalid_parameter);
    tcase_add_test(tc, test_names__fold_case_the_windows_way);

    tc = add_tcase(s, "links");
    tcase_add_test(tc, test_link__is_followed_on_open);
    tcase_add_test(tc, test_link__openlink_opens_the_link_itself);
    tcase_add_test(tc, test_link__existing_name_collides_and_dangling_target_is_not_found);

    tc = add_tcase(s, "notify");
    tcase_add_test(tc, test_notify__value_set_by_another_thread_signals_the_event);
    tcase_add_test(tc, test_notify__filter_without_last_set_ignores_a_value_change);
    tcase_add_test(tc, test_notify__subkey_change_signals_only_a_subtree_watch);
    tcase_add_test(tc, test_notify__a_key_handle_is_no_event);
    tcase_add_test(tc, test_notify__deleting_the_key_signals_whatever_the_filter);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_object.c - the object namespace and the handle table
 * (dlls/ntdll/object.c, handle.c) on the real host library: names,
 * directories, symbolic links, OBJ_OPENIF, lifetime of named objects,
 * handle values, access checks and duplication.
 */
#include <check.h>
#include <stdlib.h>

#include "host.h"
#include "host_setup.h"
#include "kernel.h"

NTSTATUS NTAPI NtCreateSymbolicLinkObject(HANDLE *, ACCESS_MASK, OBJECT_ATTRIBUTES *, UNICODE_STRING *);

static int destroyed;

static void thing_destroy(struct kobject *obj)
{
    (void)obj;
    destroyed++;
}

static const struct kobject_type thing_type = {
    .name = "Thing",
    .mapping = { 1, 2, 4, 7 },
    .valid_access = 7,
    .destroy = thing_destroy,
};

static const struct kobject_type other_type = { .name = "Other", .valid_access = 1 };

static UNICODE_STRING us_of(const WCHAR *s)
{
    UNICODE_STRING us;
    size_t n = 0;
    while (s[n])
        n++;
    us.Buffer = (WCHAR *)s;
    us.Length = us.MaximumLength = n * sizeof(WCHAR);
    return us;
}

static OBJECT_ATTRIBUTES attr_of(UNICODE_STRING *us, ULONG attributes)
{
    OBJECT_ATTRIBUTES a = { sizeof(a), NULL, us, attributes, NULL, NULL };
    return a;
}

static NTSTATUS create_thing(const WCHAR *name, ULONG attributes, HANDLE *h)
{
    UNICODE_STRING us = us_of(name);
    OBJECT_ATTRIBUTES a = attr_of(&us, attributes);
    struct kobject *obj = kobject_alloc(&thing_type, sizeof(struct kobject));
    return object_create_handle(obj, 7, &a, h);
}

static NTSTATUS open_thing(const WCHAR *name, ULONG attributes, HANDLE *h)
{
    UNICODE_STRING us = us_of(name);
    OBJECT_ATTRIBUTES a = attr_of(&us, attributes);
    return object_open_by_name(&thing_type, 7, &a, h);
}

static void setup(void)
{
    static int done;
    if (done)
        return;
    ck_assert_int_eq(host_init(), HOST_OK);
    object_namespace_init();
    done = 1;
}

START_TEST(test_create_named__then_open__finds_the_same_object)
{
    HANDLE a, b;
    struct kobject *oa, *ob;

    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t1", OBJ_CASE_INSENSITIVE, &a), STATUS_SUCCESS);
    ck_assert_int_eq(open_thing(u"\\BASENAMEDOBJECTS\\T1", OBJ_CASE_INSENSITIVE, &b), STATUS_SUCCESS);
    ck_assert_ptr_ne(a, b);
    ck_assert_int_eq(handle_ref(a, NULL, 0, (void **)&oa), STATUS_SUCCESS);
    ck_assert_int_eq(handle_ref(b, NULL, 0, (void **)&ob), STATUS_SUCCESS);
    ck_assert_ptr_eq(oa, ob);
    kobject_unref(oa);
    kobject_unref(ob);
    ck_assert_int_eq(handle_close(a), STATUS_SUCCESS);
    ck_assert_int_eq(handle_close(b), STATUS_SUCCESS);
}
END_TEST

START_TEST(test_create_existing_name__without_openif__collides_and_with_openif__exists)
{
    HANDLE a, b;

    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t2", 0, &a), STATUS_SUCCESS);
    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t2", 0, &b), STATUS_OBJECT_NAME_COLLISION);
    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t2", OBJ_OPENIF, &b), STATUS_OBJECT_NAME_EXISTS);
    handle_close(b);
    handle_close(a);
}
END_TEST

START_TEST(test_last_handle_closed__name_disappears_and_object_is_destroyed)
{
    HANDLE a, b;
    int before = destroyed;

    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t3", 0, &a), STATUS_SUCCESS);
    ck_assert_int_eq(handle_close(a), STATUS_SUCCESS);
    ck_assert_int_eq(destroyed, before + 1);
    ck_assert_int_eq(open_thing(u"\\BaseNamedObjects\\t3", 0, &b), STATUS_OBJECT_NAME_NOT_FOUND);
}
END_TEST

START_TEST(test_missing_directory__is_path_not_found)
{
    HANDLE h;
    ck_assert_int_eq(create_thing(u"\\NoSuchDir\\x", 0, &h), STATUS_OBJECT_PATH_NOT_FOUND);
    ck_assert_int_eq(open_thing(u"\\NoSuchDir\\x", 0, &h), STATUS_OBJECT_PATH_NOT_FOUND);
}
END_TEST

START_TEST(test_relative_name_without_root__is_syntax_bad)
{
    HANDLE h;
    ck_assert_int_eq(open_thing(u"BaseNamedObjects\\x", 0, &h), STATUS_OBJECT_PATH_SYNTAX_BAD);
}
END_TEST

START_TEST(test_session_symlinks__reach_the_same_objects)
{
    HANDLE a, b, c;

    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t4", 0, &a), STATUS_SUCCESS);
    /* Global\ in a session goes to the global BaseNamedObjects */
    ck_assert_int_eq(open_thing(u"\\Sessions\\1\\BaseNamedObjects\\Global\\t4", 0, &b), STATUS_SUCCESS);
    /* and \DosDevices is \?? */
    ck_assert_int_eq(open_thing(u"\\DosDevices\\..\\BaseNamedObjects\\t4", 0, &c), STATUS_OBJECT_PATH_NOT_FOUND);
    handle_close(b);
    handle_close(a);
}
END_TEST

START_TEST(test_wrong_type__is_type_mismatch)
{
    HANDLE a, b;
    UNICODE_STRING us = us_of(u"\\BaseNamedObjects\\t5");
    OBJECT_ATTRIBUTES at = attr_of(&us, 0);

    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t5", 0, &a), STATUS_SUCCESS);
    ck_assert_int_eq(object_open_by_name(&other_type, 1, &at, &b), STATUS_OBJECT_TYPE_MISMATCH);
    handle_close(a);
}
END_TEST

START_TEST(test_root_directory_handle__names_are_relative_to_it)
{
    HANDLE dir, t, t2;
    UNICODE_STRING dname = us_of(u"\\BaseNamedObjects");
    OBJECT_ATTRIBUTES da = attr_of(&dname, 0);
    UNICODE_STRING name = us_of(u"t6");
    OBJECT_ATTRIBUTES ta = attr_of(&name, 0);

    ck_assert_int_eq(object_open_by_name(&directory_type, DIRECTORY_ALL_ACCESS, &da, &dir), STATUS_SUCCESS);
    ta.RootDirectory = dir;
    ck_assert_int_eq(object_create_handle(kobject_alloc(&thing_type, sizeof(struct kobject)), 7, &ta, &t),
                     STATUS_SUCCESS);
    ck_assert_int_eq(open_thing(u"\\BaseNamedObjects\\t6", 0, &t2), STATUS_SUCCESS);
    handle_close(t2);
    handle_close(t);
    handle_close(dir);
}
END_TEST

START_TEST(test_full_name__is_the_path_it_was_created_with)
{
    HANDLE h;
    struct kobject *obj;
    size_t len;

    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\Named7", 0, &h), STATUS_SUCCESS);
    ck_assert_int_eq(handle_ref(h, &thing_type, 0, (void **)&obj), STATUS_SUCCESS);
    WCHAR *name = object_full_name(obj, &len);
    ck_assert_ptr_nonnull(name);
    ck_assert_int_eq(len, 24);
    ck_assert_int_eq(kwcsnicmp(name, u"\\BaseNamedObjects\\Named7", len), 0);
    kfree(name);
    kobject_unref(obj);
    handle_close(h);
}
END_TEST

START_TEST(test_handles__are_multiples_of_four_and_closed_ones_are_invalid)
{
    HANDLE h;
    struct kobject *obj;

    ck_assert_int_eq(create_thing(u"\\BaseNamedObjects\\t8", 0, &h), STATUS_SUCCESS);
    ck_assert_int_eq((uintptr_t)h % 4, 0);
    ck_assert_int_ne((uintptr_t)h, 0);
    ck_assert_int_eq(handle_close(h), STATUS_SUCCESS);
    ck_assert_int_eq(handle_close(h), STATUS_INVALID_HANDLE);
    ck_assert_int_eq(handle_ref(h, NULL, 0, (void **)&obj), STATUS_INVALID_HANDLE);
    ck_assert_int_eq(handle_ref((HANDLE)3, NULL, 0, (void **)&obj), STATUS_INVALID_HANDLE);
}
END_TEST

START_TEST(test_handle_access__is_checked_against_the_granted_rights)
{
    HANDLE h;
    struct kobject *obj = kobject_alloc(&thing_type, sizeof(struct kobject));

    /* GENERIC_READ maps to right 1 only */
    ck_assert_int_eq(handle_alloc(obj, GENERIC_READ, 0, &h), STATUS_SUCCESS);
    kobject_unref(obj);
    ck_assert_int_eq(handle_ref(h, &thing_type, 1, (void **)&obj), STATUS_SUCCESS);
    kobject_unref(obj);
    ck_assert_int_eq(handle_ref(h, &thing_type, 2, (void **)&obj), STATUS_ACCESS_DENIED);
    ck_assert_int_eq(handle_ref(h, &other_type, 0, (void **)&obj), STATUS_OBJECT_TYPE_MISMATCH);
    handle_close(h);
}
END_TEST

START_TEST(test_symlink_object__is_followed_unless_openlink)
{
    HANDLE link, t, t2, l2;
    UNICODE_STRING lname = us_of(u"\\BaseNamedObjects\\link9");
    UNICODE_STRING target = us_of(u"\\Sessions\\1\\BaseNamedObjects");
    OBJECT_ATTRIBUTES la = attr_of(&lname, 0);
    UNICODE_STRING lname2 = us_of(u"\\BaseNamedObjects\\link9");
    OBJECT_ATTRIBUTES la2 = attr_of(&lname2, OBJ_OPENLINK);

    ck_assert_int_eq(NtCreateSymbolicLinkObject(&link, SYMBOLIC_LINK_ALL_ACCESS, &la, &target), STATUS_SUCCESS);
    ck_assert_int_eq(create_thing(u"\\Sessions\\1\\BaseNamedObjects\\t9", 0, &t), STATUS_SUCCESS);
    ck_assert_int_eq(open_thing(u"\\BaseNamedObjects\\link9\\t9", 0, &t2), STATUS_SUCCESS);
    ck_assert_int_eq(object_open_by_name(&symlink_type, SYMBOLIC_LINK_QUERY, &la2, &l2), STATUS_SUCCESS);
    handle_close(l2);
    handle_close(t2);
    handle_close(t);
    handle_close(link);
}
END_TEST

Suite *make_suite_object(void)
{
    Suite *s = suite_create("object");
    TCase *tc = tcase_create("namespace");
    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_checked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_create_named__then_open__finds_the_same_object);
    tcase_add_test(tc, test_create_existing_name__without_openif__collides_and_with_openif__exists);
    tcase_add_test(tc, test_last_handle_closed__name_disappears_and_object_is_destroyed);
    tcase_add_test(tc, test_missing_directory__is_path_not_found);
    tcase_add_test(tc, test_relative_name_without_root__is_syntax_bad);
    tcase_add_test(tc, test_session_symlinks__reach_the_same_objects);
    tcase_add_test(tc, test_wrong_type__is_type_mismatch);
    tcase_add_test(tc, test_root_directory_handle__names_are_relative_to_it);
    tcase_add_test(tc, test_full_name__is_the_path_it_was_created_with);
    tcase_add_test(tc, test_handles__are_multiples_of_four_and_closed_ones_are_invalid);
    tcase_add_test(tc, test_handle_access__is_checked_against_the_granted_rights);
    tcase_add_test(tc, test_symlink_object__is_followed_unless_openlink);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(make_suite_object());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

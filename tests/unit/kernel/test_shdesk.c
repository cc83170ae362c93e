/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * test_shdesk.c - the shared desktop's table (dlls/ntdll/shdesk_table.c):
 * handle ranges per slot, windows listed, updated, found by handle (any
 * generation or the exact one) and only while their slot has the same
 * owner, a slot claimed again losing the old owner's windows and
 * messages, the message ring in order, full at SHDESK_RING, and indexes
 * another process corrupted.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "shdesk.h"

static struct shdesk *table(void)
{
    struct shdesk *t = calloc(1, sizeof(*t));

    ck_assert_ptr_nonnull(t);
    shdesk_table_init(t);
    return t;
}

/* The user handle of index (Wine's format) with a generation. */
static uint32_t handle(unsigned index, unsigned gen)
{
    return (gen << 16) | (0x20 + 2 * index);
}

static struct shdesk_window window(uint32_t h, unsigned slot, uint32_t pid, const char *cls)
{
    struct shdesk_window w = { .handle = h, .pid = pid, .tid = 4, .slot = slot };

    for (size_t i = 0; cls[i] && i < SHDESK_CLASS_CHARS - 1; i++)
        w.cls[i] = (uint16_t)cls[i];
    return w;
}

START_TEST(test_init_keeps_a_valid_table)
{
    struct shdesk *t = table();

    ck_assert_uint_eq(t->magic, SHDESK_MAGIC);
    t->slots[3].pid = 77;
    shdesk_table_init(t);
    ck_assert_uint_eq(t->slots[3].pid, 77);     /* already valid: kept */
    t->version = 99;
    shdesk_table_init(t);
    ck_assert_uint_eq(t->slots[3].pid, 0);      /* another layout: made afresh */
    ck_assert_uint_eq(t->version, SHDESK_VERSION);
    free(t);
    t = calloc(1, sizeof(*t));                  /* a new file: zeros */
    ck_assert_ptr_nonnull(t);
    shdesk_table_init(t);
    ck_assert_uint_eq(t->magic, SHDESK_MAGIC);
    ck_assert_uint_eq(t->size, sizeof(*t));
    free(t);
}
END_TEST

START_TEST(test_slot_of_handle)
{
    ck_assert_int_eq(shdesk_slot_of_handle(handle(0, 1)), 0);
    ck_assert_int_eq(shdesk_slot_of_handle(handle(SHDESK_SLOT_HANDLES - 1, 1)), 0);
    ck_assert_int_eq(shdesk_slot_of_handle(handle(SHDESK_SLOT_HANDLES, 1)), 1);
    ck_assert_int_eq(shdesk_slot_of_handle(handle(SHDESK_SLOTS * SHDESK_SLOT_HANDLES - 1, 7)),
                     SHDESK_SLOTS - 1);
    ck_assert_int_eq(shdesk_slot_of_handle(handle(SHDESK_SLOTS * SHDESK_SLOT_HANDLES, 7)), -1);
    ck_assert_int_eq(shdesk_slot_of_handle(0x1f), -1);
    ck_assert_int_eq(shdesk_slot_of_handle(0x21), -1);   /* odd: not a user handle */
    ck_assert_int_le(SHDESK_SLOTS * SHDESK_SLOT_HANDLES, SHDESK_ALL_HANDLES);
}
END_TEST

START_TEST(test_put_find_remove)
{
    struct shdesk *t = table();
    uint32_t h = handle(SHDESK_SLOT_HANDLES + 5, 0x203);
    struct shdesk_window w = window(h, 1, 0x100, "Notepad");
    const struct shdesk_window *e;

    shdesk_table_claim(t, 1, 0x100);
    ck_assert_int_eq(shdesk_table_put(t, &w), 0);
    ck_assert_ptr_nonnull(e = shdesk_table_find(t, h));
    ck_assert_uint_eq(e->cls[0], 'N');
    ck_assert_ptr_eq(shdesk_table_find(t, h & 0xffff), e);            /* any generation */
    ck_assert_ptr_eq(shdesk_table_find(t, (h & 0xffff) | 0xffff0000), e);
    ck_assert_ptr_null(shdesk_table_find(t, (h & 0xffff) | 0x2040000));  /* another one */
    w.style = 0x10000000;
    w.text[0] = 'T';
    ck_assert_int_eq(shdesk_table_put(t, &w), 0);                     /* updated in place */
    ck_assert_ptr_eq(shdesk_table_find(t, h), e);
    ck_assert_uint_eq(e->style, 0x10000000);
    ck_assert_uint_eq(e->text[0], 'T');
    shdesk_table_remove(t, h);
    ck_assert_ptr_null(shdesk_table_find(t, h));
    free(t);
}
END_TEST

/* An entry counts only while its slot has its owner and its handle is in
 * that slot's range: what a dead or lying process left is ignored. */
START_TEST(test_find_checks_owner)
{
    struct shdesk *t = table();
    uint32_t h = handle(2 * SHDESK_SLOT_HANDLES + 1, 9);
    struct shdesk_window w = window(h, 2, 0x200, "WineMine");
    struct shdesk_window liar = window(handle(3, 1), 2, 0x200, "Liar");

    shdesk_table_claim(t, 2, 0x200);
    ck_assert_int_eq(shdesk_table_put(t, &w), 0);
    ck_assert_int_eq(shdesk_table_put(t, &liar), 0);
    ck_assert_ptr_null(shdesk_table_find(t, liar.handle));   /* slot 0's range */
    t->slots[2].pid = 0x300;                                 /* another process now */
    ck_assert_ptr_null(shdesk_table_find(t, h));
    t->slots[2].pid = 0x200;
    ck_assert_ptr_nonnull(shdesk_table_find(t, h));
    ck_assert_uint_eq(shdesk_table_claim(t, 2, 0x300), 2);   /* claimed again: count */
    ck_assert_ptr_null(shdesk_table_find(t, h));
    t->slots[2].pid = 0x200;
    ck_assert_ptr_null(shdesk_table_find(t, h));             /* and its windows went */
    free(t);
}
END_TEST

/* The index and the entry disagree (another process wrote one of them):
 * the window is not found, and listing skips free index slots. */
START_TEST(test_index_and_entry_agree)
{
    struct shdesk *t = table();
    uint32_t h = handle(7, 1);
    struct shdesk_window w = window(h, 0, 0x20, "C");

    shdesk_table_claim(t, 0, 0x20);
    ck_assert_int_eq(shdesk_table_put(t, &w), 0);
    ck_assert_ptr_nonnull(shdesk_table_entry(t, 0));
    ck_assert_ptr_null(shdesk_table_entry(t, 1));
    ck_assert_ptr_null(shdesk_table_entry(t, SHDESK_WINDOWS));
    t->windows[0].handle = handle(8, 1);
    ck_assert_ptr_null(shdesk_table_find(t, h));
    ck_assert_ptr_null(shdesk_table_find(t, handle(8, 1)));
    t->windows[0].handle = h;
    ck_assert_ptr_nonnull(shdesk_table_find(t, h));
    shdesk_table_claim(t, 0, 0x20);                          /* claimed again: dropped */
    ck_assert_ptr_null(shdesk_table_entry(t, 0));
    free(t);
}
END_TEST

START_TEST(test_table_full)
{
    struct shdesk *t = table();

    shdesk_table_claim(t, 0, 0x20);
    for (unsigned i = 0; i < SHDESK_WINDOWS; i++) {
        struct shdesk_window w = window(handle(i % SHDESK_SLOT_HANDLES, 1 + i / SHDESK_SLOT_HANDLES), 0, 0x20, "C");
        ck_assert_int_eq(shdesk_table_put(t, &w), 0);
    }
    struct shdesk_window more = window(handle(SHDESK_SLOT_HANDLES - 1, 1), 0, 0x20, "C");
    ck_assert_int_eq(shdesk_table_put(t, &more), -1);
    shdesk_table_release(t, 0);
    ck_assert_uint_eq(t->slots[0].pid, 0);
    ck_assert_int_eq(shdesk_table_put(t, &more), 0);       /* room again */
    free(t);
}
END_TEST

START_TEST(test_ring)
{
    struct shdesk *t = table();
    struct shdesk_msg m, got;
    uint32_t wake;

    shdesk_table_claim(t, 4, 0x400);
    wake = t->slots[4].wake;
    ck_assert_int_eq(shdesk_table_pop(t, 4, &got), 0);
    for (unsigned i = 0; i < SHDESK_RING; i++) {
        m = (struct shdesk_msg){ .win = 0x1234, .msg = 0x10, .wparam = i, .lparam = ~(uint64_t)i };
        ck_assert_int_eq(shdesk_table_push(t, 4, &m), 0);
    }
    ck_assert_uint_eq(t->slots[4].wake, wake + SHDESK_RING);   /* each push wakes */
    ck_assert_int_eq(shdesk_table_push(t, 4, &m), -1);          /* full */
    for (unsigned i = 0; i < SHDESK_RING; i++) {
        ck_assert_int_eq(shdesk_table_pop(t, 4, &got), 1);
        ck_assert_uint_eq(got.wparam, i);                       /* in order */
        ck_assert_uint_eq(got.lparam, ~(uint64_t)i);
    }
    ck_assert_int_eq(shdesk_table_pop(t, 4, &got), 0);
    ck_assert_int_eq(shdesk_table_push(t, 4, &m), 0);
    shdesk_table_claim(t, 4, 0x500);                           /* a new owner: no old mail */
    ck_assert_int_eq(shdesk_table_pop(t, 4, &got), 0);
    t->slots[4].tail = 1000;                                    /* written by someone else */
    ck_assert_int_eq(shdesk_table_pop(t, 4, &got), 0);
    ck_assert_int_eq(shdesk_table_push(t, 4, &m), 0);
    ck_assert_int_eq(shdesk_table_pop(t, 4, &got), 1);
    free(t);
}
END_TEST

static Suite *shdesk_suite(void)
{
    Suite *s = suite_create("shdesk");
    TCase *tc = tcase_create("table");

    tcase_add_test(tc, test_init_keeps_a_valid_table);
    tcase_add_test(tc, test_slot_of_handle);
    tcase_add_test(tc, test_put_find_remove);
    tcase_add_test(tc, test_find_checks_owner);
    tcase_add_test(tc, test_index_and_entry_agree);
    tcase_add_test(tc, test_table_full);
    tcase_add_test(tc, test_ring);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(shdesk_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* test_base.c: arena, vectors, maps, buffers, UTF-8 checks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "model/base.h"

static void test_map_put_get(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    SdMap m = {0};
    char *keys[1000];
    for (int i = 0; i < 1000; i++) {
        keys[i] = sd_printf(a, "key%d", i);
        assert_null(sd_map_put(a, &m, keys[i], keys[i]));
    }
    for (int i = 0; i < 1000; i++)
        assert_ptr_equal(sd_map_get(&m, keys[i]), keys[i]);
    assert_null(sd_map_get(&m, "missing"));
    assert_int_equal(m.keys.len, 1000);
    assert_string_equal(m.keys.items[999], "key999");
    sd_arena_free(a);
}

static int cmp_first_char(const void *a, const void *b) { return *(const char *)a - *(const char *)b; }

static void test_vec_sort_is_stable(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    SdVec v = {0};
    const char *in[] = {"b1", "a1", "b2", "a2", "c1", "a3"};
    for (size_t i = 0; i < 6; i++)
        sd_vec_push(a, &v, (void *)in[i]);
    sd_vec_sort(&v, cmp_first_char);
    const char *want[] = {"a1", "a2", "a3", "b1", "b2", "c1"};
    for (size_t i = 0; i < 6; i++)
        assert_string_equal(v.items[i], want[i]);
    sd_arena_free(a);
}

static void test_quoting(void **state)
{
    (void)state;
    SdBuf b = {0};
    sd_buf_quote_ident(&b, "a\"b");
    sd_buf_putc(&b, ' ');
    sd_buf_quote_literal(&b, "it's");
    assert_string_equal(sd_buf_str(&b), "\"a\"\"b\" 'it''s'");
    sd_buf_free(&b);
}

static void test_utf8(void **state)
{
    (void)state;
    size_t off = 99;
    assert_true(sd_utf8_valid("h\xc3\xa9llo", 6, &off));
    assert_false(sd_utf8_valid("ab\xff", 3, &off));
    assert_int_equal(off, 2);
    assert_false(sd_utf8_valid("a\0b", 3, &off));
    assert_int_equal(off, 1);
    assert_false(sd_utf8_valid("\xc0\x80", 2, &off)); /* overlong */
    assert_false(sd_utf8_valid("\xed\xa0\x80", 3, &off)); /* surrogate */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_map_put_get),
        cmocka_unit_test(test_vec_sort_is_stable),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

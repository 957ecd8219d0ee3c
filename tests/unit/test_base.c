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

/* Small maps (linear) and large ones (hashed) behave the same: overwrite
 * returns the old value, NULL hides a key, keys keep insertion order. */
static void test_map_small_and_large(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    for (int n = 1; n <= 40; n += 13) {
        SdMap m = {0};
        char *keys[40];
        for (int i = 0; i < n; i++) {
            keys[i] = sd_printf(a, "k%d", i);
            sd_map_put(a, &m, keys[i], keys[i]);
        }
        assert_ptr_equal(sd_map_put(a, &m, "k0", "new"), keys[0]);
        assert_string_equal(sd_map_get(&m, "k0"), "new");
        sd_map_put(a, &m, keys[n - 1], NULL);
        assert_null(sd_map_get(&m, keys[n - 1]));
        for (int i = 1; i < n - 1; i++)
            assert_ptr_equal(sd_map_get(&m, keys[i]), keys[i]);
        assert_int_equal(m.keys.len, (size_t)n);
        assert_string_equal(m.keys.items[0], "k0");
        sd_map_release(a, &m);
        assert_null(sd_map_get(&m, "k1"));
    }
    sd_arena_free(a);
}

static void test_arena_reuses_released_blocks(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    char *p = sd_alloc(a, 100);
    memset(p, 'x', 100);
    sd_arena_release(a, p, 100);
    char *q = sd_alloc(a, 100);
    assert_ptr_equal(p, q);
    for (int i = 0; i < 100; i++)
        assert_int_equal(q[i], 0); /* handed out zeroed again */
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
        cmocka_unit_test(test_map_small_and_large),
        cmocka_unit_test(test_arena_reuses_released_blocks),
        cmocka_unit_test(test_vec_sort_is_stable),
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

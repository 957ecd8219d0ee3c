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

/* sd_snprintf formats its plain conversions itself: each case must print
 * exactly what snprintf prints, including a result cut to the buffer's size. */
/* through a pointer: the cuts and NULLs below are on purpose, not for gcc to flag */
static int (*volatile libc_snprintf)(char *, size_t, const char *, ...) = snprintf;
#define SAME_AS_SNPRINTF(size, ...)                                            \
    do {                                                                       \
        char want[64], got[64];                                                \
        memset(want, 'x', sizeof want);                                        \
        memset(got, 'x', sizeof got);                                          \
        int nw = libc_snprintf(want, size, __VA_ARGS__);                       \
        int ng = sd_snprintf(got, size, __VA_ARGS__);                          \
        assert_int_equal(ng, nw);                                              \
        assert_memory_equal(got, want, sizeof want);                           \
    } while (0)

static void test_snprintf_matches_libc(void **state)
{
    (void)state;
    const char *volatile null = NULL; /* volatile: gcc would flag the NULL %s, which is the point */
    SAME_AS_SNPRINTF(64, "%s.%s.%s", "public", "User", "id");
    SAME_AS_SNPRINTF(64, "%d:%s.%s", 7, "", "x");
    SAME_AS_SNPRINTF(64, "(%d,%d) %i %u", -2147483647 - 1, 30, -5, 4294967295u);
    SAME_AS_SNPRINTF(64, "%ld %lu %lld %llu", -9223372036854775807L - 1, 18446744073709551615UL,
                     -12LL, 18446744073709551615ULL);
    SAME_AS_SNPRINTF(64, "%zu %zd %c%% %s", (size_t)123456789, (ptrdiff_t)-42, 'q', "");
    SAME_AS_SNPRINTF(64, "%.*s_%.*s_%s", 3, "abcdef", 0, "zz", "key");
    SAME_AS_SNPRINTF(64, "%.*s|%.*s", -1, "whole", 10, "short");
    SAME_AS_SNPRINTF(64, "[%s] [%.*s] [%.*s]", null, 6, null, 2, null);
    SAME_AS_SNPRINTF(8, "%s_%s_fkey", "Post", "authorId"); /* cut: the length is still the whole */
    SAME_AS_SNPRINTF(1, "%d", 12345);
    SAME_AS_SNPRINTF(0, "%s", "nothing written");
    /* not formatted in line (a width, a flag, floating point): vsnprintf's own result */
    SAME_AS_SNPRINTF(64, "%5d|%-4s|%.2f|%x|%08.3f", 42, "ab", 3.14159, 255u, -1.5);
    SdArena *a = sd_arena_new();
    char *long_one = sd_printf(a, "%s%s%s%s%s", "0123456789012345678901234567890123456789012345678901234567890123",
                               "0123456789012345678901234567890123456789012345678901234567890123",
                               "0123456789012345678901234567890123456789012345678901234567890123",
                               "0123456789012345678901234567890123456789012345678901234567890123", "!");
    assert_int_equal(strlen(long_one), 257); /* past sd_vprintf's stack buffer: formatted twice */
    assert_int_equal(long_one[256], '!');
    sd_arena_free(a);
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
        cmocka_unit_test(test_snprintf_matches_libc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

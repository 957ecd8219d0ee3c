/* test_psl_format.c: sd_psl_format's contract (always a final newline, encoding errors
 * located and nothing written, text appended to the caller's buffer) and a few of
 * Prisma's layout rules; the full behaviour is checked against Prisma 7.10.1's own
 * outputs by tests/integration/psl_format*.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "parser/psl_format.h"

typedef struct Fixture {
    SdArena *a;
    SdDiags d;
    SdBuf out;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->a = sd_arena_new();
    sd_diags_init(&f->d, f->a);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    sd_buf_free(&f->out);
    sd_arena_free(f->a);
    free(f);
    return 0;
}

/* Formats text (len bytes) into a fresh buffer; returns the result. */
static const char *fmt(Fixture *f, const char *text, size_t len, bool *ok)
{
    sd_buf_free(&f->out);
    f->out = (SdBuf){0};
    const SdSource *src = sd_source_new(f->a, "t.prisma", text, len);
    *ok = sd_psl_format(f->a, &f->d, src, &f->out);
    return sd_buf_str(&f->out);
}

static void check(Fixture *f, const char *in, const char *want)
{
    bool ok;
    assert_string_equal(fmt(f, in, strlen(in), &ok), want);
    assert_true(ok);
    assert_int_equal(sd_diags_errors(&f->d), 0);
}

static void test_final_newline(void **state)
{
    Fixture *f = *state;
    check(f, "", "\n");
    check(f, "\n\n\n", "\n");
    check(f, "model A {\n  id Int\n}", "model A {\n  id Int\n}\n");
}

static void test_table(void **state)
{
    Fixture *f = *state;
    check(f, "model A {\n  id Int @default(1) @id\n  name String? // c\n  @@map(\"a\")\n  x Int\n}\n",
          "model A {\n  id   Int     @id @default(1)\n  name String? // c\n  x    Int\n\n  @@map(\"a\")\n}\n");
    check(f, "datasource db {\n  provider = \"postgresql\"\n  directUrl = env( \"X\" )\n}\n",
          "datasource db {\n  provider  = \"postgresql\"\n  directUrl = env(\"X\")\n}\n");
}

static void test_kept_lines(void **state)
{
    Fixture *f = *state;
    /* a line that does not parse is kept and does not widen the columns */
    check(f, "model Post {\n  id Int @id\n  this is an invalid line\n  anotherField String\n}\n",
          "model Post {\n  id           Int    @id\n  this is an invalid line\n  anotherField String\n}\n");
}

static void test_encoding_error(void **state)
{
    Fixture *f = *state;
    bool ok;
    static const char text[] = "model A {\n  id Int\xff\n}\n";
    fmt(f, text, sizeof text - 1, &ok);
    assert_false(ok);
    assert_int_equal(f->out.len, 0);
    assert_int_equal(sd_diags_errors(&f->d), 1);
    const SdDiag *g = f->d.list.items[0];
    assert_int_equal(g->loc.line, 2);
    assert_int_equal(g->loc.col, 9);
}

static void test_appends(void **state)
{
    Fixture *f = *state;
    bool ok;
    SdBuf b = {0};
    sd_buf_puts(&b, "// before\n");
    const SdSource *src = sd_source_new(f->a, "t.prisma", "enum E {\nA\n}", 12);
    ok = sd_psl_format(f->a, &f->d, src, &b);
    assert_true(ok);
    assert_string_equal(sd_buf_str(&b), "// before\nenum E {\n  A\n}\n");
    sd_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_final_newline, setup, teardown),
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_kept_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_encoding_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_appends, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

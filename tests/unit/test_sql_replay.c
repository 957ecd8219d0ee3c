/* test_sql_replay.c: the SQL replay's normal form on small scripts.  Every
 * expected string below was read from PostgreSQL 15's catalog after running
 * the same SQL (catalog-snapshot). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "model/ir.h"
#include "parser/sql.h"

typedef struct Fixture {
    SdArena *a;
    SdDiags d;
    SdCatalog *cat;
} Fixture;

static SdCatalog *replay(Fixture *f, const char *sql)
{
    f->a = sd_arena_new();
    sd_diags_init(&f->d, f->a);
    SdSource *src = sd_source_new(f->a, "test.sql", sql, strlen(sql));
    f->cat = sd_sql_replay_source(f->a, &f->d, src, NULL);
    return f->cat;
}

static const char *dump(Fixture *f)
{
    SdBuf b = {0};
    sd_catalog_sort(f->cat);
    sd_catalog_dump(f->cat, &b);
    const char *s = sd_strdup(f->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

#define L60 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/* makeObjectName's truncation and ChooseRelationName's numbered retries. */
static void test_generated_names(void **state)
{
    (void)state;
    Fixture f;
    assert_non_null(replay(&f, "create table " L60 "(id serial primary key, "
                               "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb int unique, c int);"
                               "create index on " L60 "(c); create index on " L60 "(c);"));
    const char *s = dump(&f);
    assert_non_null(strstr(s, "sequence public.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_id_seq integer"));
    assert_non_null(strstr(s, "default nextval('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_id_seq'::regclass)"));
    assert_non_null(strstr(s, " aaaaaaaaaaaaaaaaaaaaaaaaaaaaa_bbbbbbbbbbbbbbbbbbbbbbbbbbbbb_key UNIQUE"));
    assert_non_null(strstr(s, " aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_pkey PRIMARY KEY (id)"));
    assert_non_null(strstr(s, "index public.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_c_idx CREATE"));
    assert_non_null(strstr(s, "index public.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa_c_idx1 CREATE"));
    sd_arena_free(f.a);
}

/* Defaults as pg_get_expr prints them after coercion to the column type. */
static void test_defaults(void **state)
{
    (void)state;
    Fixture f;
    assert_non_null(replay(&f, "create type \"R\" as enum ('A','B');"
                               "create table t(a bigint default -1, b varchar(3) default 'y', "
                               "c timestamp(3) default CURRENT_TIMESTAMP, d \"R\"[] default ARRAY['A']::\"R\"[], "
                               "e text[] default ARRAY[]::text[], f double precision default -1.5, "
                               "g jsonb default '{\"b\":1,\"a\":2}', h text default null);"));
    const char *s = dump(&f);
    assert_non_null(strstr(s, "column public.t.a bigint default '-1'::integer\n"));
    assert_non_null(strstr(s, "column public.t.b character varying(3) default 'y'::character varying\n"));
    assert_non_null(strstr(s, "column public.t.c timestamp(3) without time zone default CURRENT_TIMESTAMP\n"));
    assert_non_null(strstr(s, "column public.t.d \"R\"[] default ARRAY['A'::\"R\"]\n"));
    assert_non_null(strstr(s, "column public.t.e text[] default ARRAY[]::text[]\n"));
    assert_non_null(strstr(s, "column public.t.f double precision default '-1.5'::numeric\n"));
    assert_non_null(strstr(s, "column public.t.g jsonb default '{\"a\": 2, \"b\": 1}'::jsonb\n"));
    assert_non_null(strstr(s, "column public.t.h text\n"));
    sd_arena_free(f.a);
}

/* The enum migration Prisma writes: new type, column retyped, renames, drop. */
static void test_enum_swap(void **state)
{
    (void)state;
    Fixture f;
    assert_non_null(replay(&f, "create type \"Role\" as enum ('b');"
                               "alter type \"Role\" add value 'a' before 'b'; alter type \"Role\" add value 'c' after 'b';"
                               "create table u(r \"Role\" default 'b');"
                               "create type \"Role_new\" as enum ('a','c');"
                               "alter table u alter column r drop default;"
                               "alter table u alter column r type \"Role_new\" using (r::text::\"Role_new\");"
                               "alter type \"Role\" rename to \"Role_old\"; alter type \"Role_new\" rename to \"Role\";"
                               "drop type \"Role_old\"; alter table u alter column r set default 'c';"));
    const char *s = dump(&f);
    assert_non_null(strstr(s, "enum public.\"Role\" ('a', 'c')\n"));
    assert_null(strstr(s, "Role_old"));
    assert_non_null(strstr(s, "column public.u.r \"Role\" default 'c'::\"Role\"\n"));
    sd_arena_free(f.a);
}

/* DROP ... CASCADE takes the foreign keys that reference the table. */
static void test_drop_cascade(void **state)
{
    (void)state;
    Fixture f;
    assert_non_null(replay(&f, "create table p(id int primary key); create table c(p int references p);"
                               "drop table p cascade;"));
    const char *s = dump(&f);
    assert_null(strstr(s, "c_p_fkey"));
    assert_non_null(strstr(s, "relation public.c kind=r"));
    sd_arena_free(f.a);
    Fixture g;
    assert_null(replay(&g, "create table p(id int primary key); create table c(p int references p);\ndrop table p;"));
    assert_int_equal(sd_diags_errors(&g.d), 1);
    const SdDiag *e = g.d.list.items[g.d.list.len - 1];
    assert_int_equal(e->loc.line, 2);
    assert_int_equal(e->loc.col, 1);
    assert_string_equal(e->statement, "drop table p");
    sd_arena_free(g.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_generated_names),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_enum_swap),
        cmocka_unit_test(test_drop_cascade),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

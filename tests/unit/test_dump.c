/* test_dump.c: the canonical dump prints what catalog-snapshot prints.
 * The expected lines are catalog-snapshot's output for the same objects,
 * created on PostgreSQL 15 from Prisma's SQL (corpus remix-run/blues-stack) and
 * a few hand-made objects. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "model/ir.h"

static SdType type(const char *name, int m0, int m1)
{
    return (SdType){.name = name, .mods = {m0, m1}};
}

static void test_dump_matches_catalog_snapshot(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    SdCatalog *c = sd_catalog_new(a, "test");
    SdLoc none = {0};
    sd_catalog_add_schema(c, "public", none);
    SdTable *user = sd_catalog_add_table(c, "public", "User", none);
    SdColumn *id = sd_table_add_column(c, user, "id", none);
    id->type = type("text", -1, -1);
    id->not_null = true;
    SdColumn *created = sd_table_add_column(c, user, "createdAt", none);
    created->type = type("timestamp without time zone", 3, -1);
    created->not_null = true;
    created->default_expr = "CURRENT_TIMESTAMP";
    SdColumn *order = sd_table_add_column(c, user, "order", none);
    order->type = type("character varying", 10, -1);
    order->type.ndims = 1;
    SdConstraint *pk = sd_table_add_constraint(c, user, SD_CON_PRIMARY, "User_pkey", none);
    sd_vec_push(a, &pk->columns, "id");

    SdTable *note = sd_catalog_add_table(c, "public", "Note", none);
    SdColumn *uid = sd_table_add_column(c, note, "userId", none);
    uid->type = type("text", -1, -1);
    uid->not_null = true;
    SdConstraint *fk = sd_table_add_constraint(c, note, SD_CON_FOREIGN, "Note_userId_fkey", none);
    sd_vec_push(a, &fk->columns, "userId");
    fk->ref_schema = "public";
    fk->ref_table = "User";
    sd_vec_push(a, &fk->ref_columns, "id");
    fk->on_delete = SD_FK_CASCADE;
    fk->on_update = SD_FK_CASCADE;

    SdIndex *ix = sd_catalog_add_index(c, "public", "User_createdAt_idx", "User", none);
    SdIndexElem *e = sd_alloc(a, sizeof *e);
    e->column = "createdAt";
    e->desc = true;
    sd_vec_push(a, &ix->elems, e);

    SdEnum *role = sd_catalog_add_enum(c, "public", "Role", none);
    sd_vec_push(a, &role->labels, "ADMIN");
    sd_vec_push(a, &role->labels, "it's");

    sd_catalog_sort(c);
    SdBuf out = {0};
    sd_catalog_dump(c, &out);
    const char *want =
        "column public.\"Note\".\"userId\" text not null\n"
        "column public.\"User\".\"createdAt\" timestamp(3) without time zone not null default CURRENT_TIMESTAMP\n"
        "column public.\"User\".\"order\" character varying(10)[]\n"
        "column public.\"User\".id text not null\n"
        "constraint public.\"Note\" \"Note_userId_fkey\" FOREIGN KEY (\"userId\") REFERENCES \"User\"(id) ON UPDATE "
        "CASCADE ON DELETE CASCADE\n"
        "constraint public.\"User\" \"User_pkey\" PRIMARY KEY (id)\n"
        "enum public.\"Role\" ('ADMIN', 'it''s')\n"
        "index public.\"User_createdAt_idx\" CREATE INDEX ON public.\"User\" USING btree (\"createdAt\" DESC)\n"
        "index public.\"User_pkey\" CREATE UNIQUE INDEX ON public.\"User\" USING btree (id)\n"
        "relation public.\"Note\" kind=r\n"
        "relation public.\"User\" kind=r\n"
        "schema public\n";
    assert_string_equal(sd_buf_str(&out), want);
    sd_buf_free(&out);
    sd_arena_free(a);
}

static void test_catalog_find_and_rename(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    SdCatalog *c = sd_catalog_new(a, "test");
    SdLoc none = {0};
    SdTable *t = sd_catalog_add_table(c, "public", "a", none);
    assert_ptr_equal(sd_catalog_find_table(c, "public", "a"), t);
    assert_ptr_equal(sd_catalog_find_relation(c, "public", "a"), &t->obj);
    sd_catalog_rename(c, &t->obj, "public", "b");
    assert_null(sd_catalog_find_table(c, "public", "a"));
    assert_ptr_equal(sd_catalog_find_table(c, "public", "b"), t);
    SdOpaque *f1 = sd_catalog_add_opaque(c, SD_OBJ_FUNCTION, "function", "public", "f", "x integer", NULL, none);
    SdOpaque *f2 = sd_catalog_add_opaque(c, SD_OBJ_FUNCTION, "function", "public", "f", "x text", NULL, none);
    assert_ptr_equal(sd_catalog_find(c, SD_OBJ_FUNCTION, "public", "f(x integer)"), f1);
    assert_ptr_equal(sd_catalog_find(c, SD_OBJ_FUNCTION, "public", "f(x text)"), f2);
    sd_catalog_remove(c, &f1->obj);
    assert_null(sd_catalog_find(c, SD_OBJ_FUNCTION, "public", "f(x integer)"));
    assert_int_equal(c->functions.len, 1);
    sd_catalog_remove(c, &t->obj);
    assert_null(sd_catalog_find_table(c, "public", "b"));
    assert_int_equal(c->tables.len, 0);
    sd_arena_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dump_matches_catalog_snapshot),
        cmocka_unit_test(test_catalog_find_and_rename),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

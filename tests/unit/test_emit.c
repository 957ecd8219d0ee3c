/* test_emit.c: the diff's creation path and the Prisma-style emitter on
 * catalogs built by hand: every statement form, Prisma's spelling of types and
 * defaults, Prisma's order, qualification, drops and alterations, and
 * dependency ordering.  Expected texts follow Prisma 7.10's migration.sql. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <string.h>

#include "diff/diff.h"
#include "emit/emit.h"

static SdArena *A;
static SdDiags D;

static int setup(void **state)
{
    (void)state;
    A = sd_arena_new();
    sd_diags_init(&D, A);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sd_arena_free(A);
    return 0;
}

static SdCatalog *cat(const char *origin)
{
    SdCatalog *c = sd_catalog_new(A, origin);
    c->describes_all = strcmp(origin, "prisma") != 0;
    return c;
}

static SdLoc nowhere(void) { return (SdLoc){0}; }

static SdColumn *col(SdCatalog *c, SdTable *t, const char *name, const char *type, bool not_null, const char *def)
{
    SdColumn *k = sd_table_add_column(c, t, name, nowhere());
    k->type.name = type;
    k->not_null = not_null;
    k->default_expr = def;
    return k;
}

static void strs(SdVec *v, const char *a, const char *b)
{
    sd_vec_push(A, v, (void *)a);
    if (b)
        sd_vec_push(A, v, (void *)b);
}

static SdConstraint *pkey(SdCatalog *c, SdTable *t, const char *a, const char *b)
{
    SdConstraint *k = sd_table_add_constraint(c, t, SD_CON_PRIMARY, sd_printf(A, "%s_pkey", t->obj.name), nowhere());
    strs(&k->columns, a, b);
    return k;
}

static SdIndexElem *elem(SdIndex *ix, const char *column)
{
    SdIndexElem *e = sd_alloc(A, sizeof *e);
    e->column = column;
    sd_vec_push(A, &ix->elems, e);
    return e;
}

/* Diffs, emits and returns the SQL (in the arena). */
static const char *run(SdCatalog *from, SdCatalog *to)
{
    sd_catalog_sort(from);
    sd_catalog_sort(to);
    SdPlan *plan = sd_diff(A, &D, from, to, NULL);
    SdBuf b = {0};
    sd_emit_sql(plan, NULL, &b);
    const char *s = sd_strdup(A, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static void assert_sql(const char *got, const char *want)
{
    if (strcmp(got, want) != 0)
        print_error("--- got:\n%s\n--- want:\n%s\n", got, want);
    assert_string_equal(got, want);
}

/* A User/Post schema with a serial key, an enum, defaults, a unique index and a
 * foreign key: the whole creation path, as Prisma prints it. */
static void test_create_basic(void **state)
{
    (void)state;
    SdCatalog *to = cat("prisma");
    sd_catalog_add_schema(to, "public", nowhere());
    SdEnum *role = sd_catalog_add_enum(to, "public", "Role", nowhere());
    strs(&role->labels, "USER", "ADMIN");

    SdTable *u = sd_catalog_add_table(to, "public", "User", nowhere());
    col(to, u, "id", "integer", true, "nextval('\"User_id_seq\"'::regclass)");
    SdSequence *seq = sd_catalog_add_sequence(to, "public", "User_id_seq", nowhere());
    seq->type = "integer", seq->max = INT32_MAX, seq->owned_table = "User", seq->owned_column = "id";
    col(to, u, "email", "text", true, NULL);
    SdColumn *name = col(to, u, "name", "character varying", false, "'it''s'::character varying");
    name->type.mods[0] = 30;
    SdColumn *r = col(to, u, "role", "Role", true, "'USER'::\"Role\"");
    r->type.schema = "public", r->type.is_enum = true;
    SdColumn *ts = col(to, u, "createdAt", "timestamp without time zone", true, "CURRENT_TIMESTAMP");
    ts->type.mods[0] = 3;
    SdColumn *bal = col(to, u, "balance", "numeric", true, "'-1'::integer");
    bal->type.mods[0] = 65, bal->type.mods[1] = 30;
    SdColumn *tags = col(to, u, "tags", "text", false, "ARRAY['a'::text, 'b''c'::text]");
    tags->type.ndims = 1;
    SdColumn *roles = col(to, u, "roles", "Role", false, "ARRAY[]::\"Role\"[]");
    roles->type.schema = "public", roles->type.is_enum = true, roles->type.ndims = 1;
    pkey(to, u, "id", NULL);
    SdIndex *ux = sd_catalog_add_index(to, "public", "User_email_key", "User", nowhere());
    ux->unique = true;
    elem(ux, "email");

    SdTable *p = sd_catalog_add_table(to, "public", "Post", nowhere());
    col(to, p, "id", "text", true, NULL);
    col(to, p, "authorId", "integer", true, NULL);
    col(to, p, "data", "jsonb", true, "'{}'::jsonb");
    pkey(to, p, "id", NULL);
    SdConstraint *fk = sd_table_add_constraint(to, p, SD_CON_FOREIGN, "Post_authorId_fkey", nowhere());
    strs(&fk->columns, "authorId", NULL);
    fk->ref_schema = "public", fk->ref_table = "User";
    strs(&fk->ref_columns, "id", NULL);
    fk->on_delete = SD_FK_RESTRICT, fk->on_update = SD_FK_CASCADE;
    SdIndex *gin = sd_catalog_add_index(to, "public", "Post_data_idx", "Post", nowhere());
    gin->method = "gin";
    elem(gin, "data")->opclass = "jsonb_path_ops";
    SdIndex *two = sd_catalog_add_index(to, "public", "Post_authorId_id_idx", "Post", nowhere());
    elem(two, "authorId");
    elem(two, "id")->desc = true;

    const char *sql = run(cat("empty"), to);
    assert_int_equal(sd_diags_errors(&D), 0);
    assert_sql(sql,
               "-- CreateSchema\n"
               "CREATE SCHEMA IF NOT EXISTS \"public\";\n\n"
               "-- CreateEnum\n"
               "CREATE TYPE \"Role\" AS ENUM ('USER', 'ADMIN');\n\n"
               "-- CreateTable\n"
               "CREATE TABLE \"Post\" (\n"
               "    \"id\" TEXT NOT NULL,\n"
               "    \"authorId\" INTEGER NOT NULL,\n"
               "    \"data\" JSONB NOT NULL DEFAULT '{}',\n\n"
               "    CONSTRAINT \"Post_pkey\" PRIMARY KEY (\"id\")\n"
               ");\n\n"
               "-- CreateTable\n"
               "CREATE TABLE \"User\" (\n"
               "    \"id\" SERIAL NOT NULL,\n"
               "    \"email\" TEXT NOT NULL,\n"
               "    \"name\" VARCHAR(30) DEFAULT 'it''s',\n"
               "    \"role\" \"Role\" NOT NULL DEFAULT 'USER',\n"
               "    \"createdAt\" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,\n"
               "    \"balance\" DECIMAL(65,30) NOT NULL DEFAULT -1,\n"
               "    \"tags\" TEXT[] DEFAULT ARRAY['a', 'b''c']::TEXT[],\n"
               "    \"roles\" \"Role\"[] DEFAULT ARRAY[]::\"Role\"[],\n\n"
               "    CONSTRAINT \"User_pkey\" PRIMARY KEY (\"id\")\n"
               ");\n\n"
               "-- CreateIndex\n"
               "CREATE INDEX \"Post_authorId_id_idx\" ON \"Post\"(\"authorId\", \"id\" DESC);\n\n"
               "-- CreateIndex\n"
               "CREATE INDEX \"Post_data_idx\" ON \"Post\" USING GIN (\"data\" jsonb_path_ops);\n\n"
               "-- CreateIndex\n"
               "CREATE UNIQUE INDEX \"User_email_key\" ON \"User\"(\"email\");\n\n"
               "-- AddForeignKey\n"
               "ALTER TABLE \"Post\" ADD CONSTRAINT \"Post_authorId_fkey\" FOREIGN KEY (\"authorId\") "
               "REFERENCES \"User\"(\"id\") ON DELETE RESTRICT ON UPDATE CASCADE;\n\n");
}

/* Prisma's order: tables as declared (not by name), implicit m-n tables
 * last, and in a table @unique, then @@index, then @@unique. */
static void test_prisma_order(void **state)
{
    (void)state;
    static const char TEXT[] = "model Zed {\n  a Int @unique\n  @@unique([b])\n  @@index([c])\n}\nmodel Abc {\n}\n";
    SdSource *src = sd_source_new(A, "schema.prisma", TEXT, sizeof TEXT - 1);
    SdCatalog *to = cat("prisma");
    SdTable *join = sd_catalog_add_table(to, "public", "_AbcToZed", sd_loc_at(src, 0, 1));
    col(to, join, "A", "integer", true, NULL);
    col(to, join, "B", "integer", true, NULL);
    SdTable *zed = sd_catalog_add_table(to, "public", "Zed", sd_loc_at(src, 6, 3));
    SdTable *abc = sd_catalog_add_table(to, "public", "Abc", sd_loc_at(src, strstr(TEXT, "Abc") - TEXT, 3));
    col(to, zed, "a", "integer", true, NULL);
    col(to, abc, "x", "integer", true, NULL);
    const char *names[] = {"Zed_b_key", "Zed_c_idx", "Zed_a_key"};
    const char *at[] = {"@@unique", "@@index", "@unique"};
    for (int i = 0; i < 3; i++) {
        SdIndex *ix = sd_catalog_add_index(to, "public", names[i], "Zed",
                                           sd_loc_at(src, strstr(TEXT, at[i]) - TEXT, 1));
        ix->unique = i != 1;
        elem(ix, "a");
    }
    const char *sql = run(cat("empty"), to);
    const char *z = strstr(sql, "TABLE \"Zed\""), *a = strstr(sql, "TABLE \"Abc\""), *j = strstr(sql, "\"_AbcToZed\"");
    assert_non_null(z);
    assert_non_null(a);
    assert_non_null(j);
    assert_true(z < a && a < j);
    const char *i1 = strstr(sql, "Zed_a_key"), *i2 = strstr(sql, "Zed_c_idx"), *i3 = strstr(sql, "Zed_b_key");
    assert_true(i1 && i2 && i3 && i1 < i2 && i2 < i3);
}

/* Objects outside "public": every name schema-qualified; extensions by name. */
static void test_multi_schema(void **state)
{
    (void)state;
    SdCatalog *to = cat("prisma");
    sd_catalog_add_schema(to, "base", nowhere());
    sd_catalog_add_schema(to, "auth", nowhere());
    sd_catalog_add_extension(to, "pg_trgm", NULL, nowhere());
    sd_catalog_add_extension(to, "citext", "base", nowhere())->version = "1.6";
    SdEnum *e = sd_catalog_add_enum(to, "auth", "Role", nowhere());
    strs(&e->labels, "A", NULL);
    SdTable *u = sd_catalog_add_table(to, "auth", "User", nowhere());
    SdColumn *r = col(to, u, "role", "Role", true, NULL);
    r->type.schema = "auth", r->type.is_enum = true;
    col(to, u, "id", "bigint", true, "nextval('auth.\"User_id_seq\"'::regclass)");
    SdSequence *s = sd_catalog_add_sequence(to, "auth", "User_id_seq", nowhere());
    s->owned_table = "User", s->owned_column = "id";
    SdIndex *ix = sd_catalog_add_index(to, "auth", "custom", "User", nowhere());
    elem(ix, "role");
    const char *sql = run(cat("empty"), to);
    assert_sql(sql,
               "-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS \"auth\";\n\n"
               "-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS \"base\";\n\n"
               "-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS \"citext\" WITH SCHEMA \"base\" VERSION \"1.6\";\n\n"
               "-- CreateExtension\nCREATE EXTENSION IF NOT EXISTS \"pg_trgm\";\n\n"
               "-- CreateEnum\nCREATE TYPE \"auth\".\"Role\" AS ENUM ('A');\n\n"
               "-- CreateTable\nCREATE TABLE \"auth\".\"User\" (\n"
               "    \"role\" \"auth\".\"Role\" NOT NULL,\n"
               "    \"id\" BIGSERIAL NOT NULL\n);\n\n"
               "-- CreateIndex\nCREATE INDEX \"custom\" ON \"auth\".\"User\"(\"role\");\n\n");
}

/* Existing tables: columns dropped, added (each by name) and altered (in
 * table order: nullability, default, type) in one ALTER TABLE, as Prisma does;
 * a dropped table loses its foreign keys first; a new enum value. */
static void test_alter_and_drop(void **state)
{
    (void)state;
    SdCatalog *from = cat("database"), *to = cat("database");
    SdTable *f = sd_catalog_add_table(from, "public", "T", nowhere());
    col(from, f, "a", "text", true, NULL);
    col(from, f, "gone", "integer", false, NULL);
    col(from, f, "n", "integer", false, "1");
    SdTable *old = sd_catalog_add_table(from, "public", "Old", nowhere());
    col(from, old, "tid", "text", false, NULL);
    SdConstraint *fk = sd_table_add_constraint(from, old, SD_CON_FOREIGN, "Old_tid_fkey", nowhere());
    strs(&fk->columns, "tid", NULL);
    fk->ref_schema = "public", fk->ref_table = "T";
    strs(&fk->ref_columns, "a", NULL);
    SdEnum *ef = sd_catalog_add_enum(from, "public", "E", nowhere());
    strs(&ef->labels, "A", "C");

    SdTable *t = sd_catalog_add_table(to, "public", "T", nowhere());
    col(to, t, "a", "text", false, NULL);
    col(to, t, "n", "bigint", false, NULL);
    col(to, t, "b", "text", true, "'x'::text");
    SdEnum *et = sd_catalog_add_enum(to, "public", "E", nowhere());
    strs(&et->labels, "A", "B");
    sd_vec_push(A, &et->labels, "C");

    const char *sql = run(from, to);
    assert_sql(sql,
               "-- AlterEnum\nALTER TYPE \"E\" ADD VALUE 'B' BEFORE 'C';\n\n"
               "-- DropForeignKey\nALTER TABLE \"Old\" DROP CONSTRAINT \"Old_tid_fkey\";\n\n"
               "-- AlterTable\nALTER TABLE \"T\" DROP COLUMN \"gone\",\n"
               "ADD COLUMN     \"b\" TEXT NOT NULL DEFAULT 'x',\n"
               "ALTER COLUMN \"a\" DROP NOT NULL,\n"
               "ALTER COLUMN \"n\" DROP DEFAULT,\n"
               "ALTER COLUMN \"n\" SET DATA TYPE BIGINT;\n\n"
               "-- DropTable\nDROP TABLE \"Old\";\n\n");
}

/* Written in two halves on two threads (parallel_min 1: any plan of two ops or
 * more), the SQL is the same text, ALTER TABLE runs kept whole. */
static void test_two_halves(void **state)
{
    (void)state;
    for (int tables = 3; tables <= 12; tables++) { /* the middle falls on each place of a run */
        SdCatalog *from = cat("database"), *to = cat("database");
        for (int i = 0; i < tables; i++) {
            char name[8];
            snprintf(name, sizeof name, "T%02d", i);
            SdTable *f = sd_catalog_add_table(from, "public", sd_strdup(A, name), nowhere());
            col(from, f, "a", "text", true, NULL);
            col(from, f, "gone", "integer", false, NULL);
            SdTable *t = sd_catalog_add_table(to, "public", sd_strdup(A, name), nowhere());
            col(to, t, "a", "text", false, NULL);
            col(to, t, "b", "text", true, "'x'::text");
        }
        SdTable *n = sd_catalog_add_table(to, "public", "New", nowhere());
        col(to, n, "id", "integer", true, NULL);
        sd_catalog_sort(from);
        sd_catalog_sort(to);
        SdPlan *plan = sd_diff(A, &D, from, to, NULL);
        assert_int_equal(plan->ops.len, 1 + 3 * tables);
        SdBuf one = {0}, two = {0};
        SdEmitOptions whole = {.parallel_min = (size_t)-1}, halves = {.parallel_min = 1};
        sd_emit_sql(plan, &whole, &one);
        sd_emit_sql(plan, &halves, &two);
        assert_sql(sd_buf_str(&two), sd_buf_str(&one));
        assert_non_null(strstr(sd_buf_str(&one), "ALTER TABLE \"T01\" DROP COLUMN \"gone\",\n"));
        sd_buf_free(&one);
        sd_buf_free(&two);
    }
}

/* Labels removed: the enum is recreated, its columns moved through text. */
static void test_recreate_enum(void **state)
{
    (void)state;
    SdCatalog *from = cat("database"), *to = cat("database");
    strs(&sd_catalog_add_enum(from, "public", "E", nowhere())->labels, "A", "B");
    strs(&sd_catalog_add_enum(to, "public", "E", nowhere())->labels, "A", "C");
    SdColumn *cols[2];
    SdCatalog *both[2] = {from, to};
    for (int i = 0; i < 2; i++) {
        SdTable *t = sd_catalog_add_table(both[i], "public", "T", nowhere());
        cols[i] = col(both[i], t, "e", "E", true, NULL);
        cols[i]->type.schema = "public", cols[i]->type.is_enum = true;
    }
    assert_sql(run(from, to), "-- AlterEnum\nBEGIN;\nCREATE TYPE \"E_new\" AS ENUM ('A', 'C');\n"
                              "ALTER TABLE \"T\" ALTER COLUMN \"e\" TYPE \"E_new\" USING (\"e\"::text::\"E_new\");\n"
                              "ALTER TYPE \"E\" RENAME TO \"E_old\";\nALTER TYPE \"E_new\" RENAME TO \"E\";\n"
                              "DROP TYPE \"E_old\";\nCOMMIT;\n\n");
}

/* The diff of a catalog with itself is empty; so is its SQL. */
static void test_self_diff_empty(void **state)
{
    (void)state;
    SdCatalog *c = cat("database");
    SdTable *t = sd_catalog_add_table(c, "public", "T", nowhere());
    col(c, t, "a", "text", true, "'x'::text");
    pkey(c, t, "a", NULL);
    elem(sd_catalog_add_index(c, "public", "T_a_idx", "T", nowhere()), "a");
    sd_catalog_sort(c);
    SdPlan *plan = sd_diff(A, &D, c, c, NULL);
    assert_int_equal(plan->ops.len, 0);
    SdBuf b = {0};
    sd_emit_sql(plan, NULL, &b);
    assert_int_equal(b.len, 0);
    sd_buf_free(&b);
}

/* A view needing another view that sorts after it: the topological sort moves
 * the needed one first; a loop is an error naming both. */
static void test_dependencies(void **state)
{
    (void)state;
    SdCatalog *to = cat("database");
    SdView *va = sd_catalog_add_view(to, "public", "a", false, nowhere());
    SdView *vb = sd_catalog_add_view(to, "public", "b", false, nowhere());
    va->definition = " SELECT 1 FROM b", vb->definition = " SELECT 1";
    sd_vec_push(A, &va->obj.deps, &vb->obj);
    const char *sql = run(cat("empty"), to);
    const char *pa = strstr(sql, "VIEW \"a\""), *pb = strstr(sql, "VIEW \"b\"");
    assert_true(pa && pb && pb < pa);

    sd_vec_push(A, &vb->obj.deps, &va->obj);
    int before = sd_diags_errors(&D);
    run(cat("empty"), to);
    assert_int_equal(sd_diags_errors(&D), before + 1);
    const SdDiag *dg = D.list.items[D.list.len - 1];
    assert_non_null(strstr(dg->detail, "public.a"));
    assert_non_null(strstr(dg->detail, "public.b"));
}

/* Check, unique and exclusion constraints inside CREATE TABLE; a partial
 * index with INCLUDE; a sequence of its own; UTC timestamp defaults. */
static void test_other_forms(void **state)
{
    (void)state;
    SdCatalog *to = cat("database");
    SdTable *t = sd_catalog_add_table(to, "public", "T", nowhere());
    SdColumn *ts = col(to, t, "at", "timestamp without time zone", false,
                       "'2020-01-01 00:00:00'::timestamp without time zone");
    ts->type.mods[0] = 3;
    col(to, t, "n", "integer", false, "nextval('s'::regclass)");
    SdConstraint *ck = sd_table_add_constraint(to, t, SD_CON_CHECK, "T_n_check", nowhere());
    ck->expr = "((n > 0))";
    SdConstraint *uq = sd_table_add_constraint(to, t, SD_CON_UNIQUE, "T_n_key", nowhere());
    strs(&uq->columns, "n", "at");
    SdIndex *ix = sd_catalog_add_index(to, "public", "T_at_idx", "T", nowhere());
    elem(ix, "at")->nulls = 'f';
    strs(&ix->include, "n", NULL);
    ix->predicate = "(n IS NOT NULL)";
    SdSequence *s = sd_catalog_add_sequence(to, "public", "s", nowhere());
    s->type = "integer", s->max = 100;
    assert_sql(run(cat("empty"), to),
               "-- CreateSequence\nCREATE SEQUENCE \"s\" AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 100 "
               "START WITH 1 CACHE 1 NO CYCLE;\n\n"
               "-- CreateTable\nCREATE TABLE \"T\" (\n"
               "    \"at\" TIMESTAMP(3) DEFAULT '2020-01-01 00:00:00 +00:00',\n"
               "    \"n\" INTEGER DEFAULT nextval('s'::regclass),\n\n"
               "    CONSTRAINT \"T_n_check\" CHECK ((n > 0)),\n"
               "    CONSTRAINT \"T_n_key\" UNIQUE (\"n\", \"at\")\n);\n\n"
               "-- CreateIndex\nCREATE INDEX \"T_at_idx\" ON \"T\"(\"at\" NULLS FIRST) INCLUDE (\"n\") "
               "WHERE (n IS NOT NULL);\n\n");
}

/* The Warnings header Prisma puts above a migration's statements. */
static void test_warnings_header(void **state)
{
    (void)state;
    SdCatalog *to = cat("database");
    sd_catalog_add_schema(to, "public", nowhere());
    sd_catalog_sort(to);
    SdPlan *plan = sd_diff(A, &D, cat("empty"), to, NULL);
    sd_vec_push(A, &plan->warnings, "You are about to drop the table `T`.");
    SdBuf b = {0};
    sd_emit_sql(plan, NULL, &b);
    assert_sql(sd_buf_str(&b), "/*\n  Warnings:\n\n  - You are about to drop the table `T`.\n\n*/\n"
                               "-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS \"public\";\n\n");
    sd_buf_free(&b);
}

/* A default operator class named on one side only is no change; another
 * class is (the index is dropped and created again). */
static void test_index_opclass(void **state)
{
    (void)state;
    const char *classes[] = {"jsonb_ops", "jsonb_path_ops"};
    for (int i = 0; i < 2; i++) {
        SdCatalog *from = cat("database"), *to = cat("database");
        SdCatalog *both[2] = {from, to};
        for (int k = 0; k < 2; k++) {
            SdTable *t = sd_catalog_add_table(both[k], "public", "T", nowhere());
            col(both[k], t, "j", "jsonb", true, NULL);
            SdIndex *ix = sd_catalog_add_index(both[k], "public", "T_j_idx", "T", nowhere());
            ix->method = "gin";
            elem(ix, "j")->opclass = k ? classes[i] : NULL;
        }
        const char *sql = run(from, to);
        if (i == 0)
            assert_string_equal(sql, "");
        else
            assert_sql(sql, "-- DropIndex\nDROP INDEX \"T_j_idx\";\n\n"
                            "-- CreateIndex\nCREATE INDEX \"T_j_idx\" ON \"T\" USING GIN (\"j\" jsonb_path_ops);\n\n");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_create_basic, setup, teardown),
        cmocka_unit_test_setup_teardown(test_prisma_order, setup, teardown),
        cmocka_unit_test_setup_teardown(test_multi_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_and_drop, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recreate_enum, setup, teardown),
        cmocka_unit_test_setup_teardown(test_self_diff_empty, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dependencies, setup, teardown),
        cmocka_unit_test_setup_teardown(test_other_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_warnings_header, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_opclass, setup, teardown),
        cmocka_unit_test_setup_teardown(test_two_halves, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_lower.c: the Prisma -> IR lowering: Prisma's names and their 63-byte
 * truncation, PostgreSQL's SERIAL sequence names, type mapping, defaults in
 * pg_get_expr() form, keys, relations and many-to-many tables.  Expected
 * values were read from PostgreSQL 15 catalogs built from Prisma 7.10's SQL. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "model/lower_int.h"
#include "parser/psl.h"

typedef struct {
    SdArena *a;
    SdDiags d;
    SdCatalog *cat;
} Fx;

static Fx *lower_text(const char *text)
{
    Fx *fx = calloc(1, sizeof *fx);
    fx->a = sd_arena_new();
    sd_diags_init(&fx->d, fx->a);
    const SdSource *src = sd_source_new(fx->a, "t.prisma", text, strlen(text));
    PslSchema *schema = sd_alloc(fx->a, sizeof *schema);
    sd_vec_push(fx->a, &schema->sources, (void *)src);
    sd_psl_parse(fx->a, &fx->d, src, schema);
    assert_int_equal(sd_diags_errors(&fx->d), 0);
    fx->cat = sd_psl_lower(fx->a, &fx->d, schema);
    return fx;
}

static void fx_free(Fx *fx)
{
    sd_arena_free(fx->a);
    free(fx);
}

static const SdColumn *column(const Fx *fx, const char *table, const char *col)
{
    SdTable *t = sd_catalog_find_table(fx->cat, "public", table);
    assert_non_null(t);
    const SdColumn *c = sd_table_find_column(t, col);
    assert_non_null(c);
    return c;
}

static void assert_type(const Fx *fx, const char *table, const char *col, const char *formatted)
{
    assert_string_equal(sd_type_format(fx->a, &column(fx, table, col)->type), formatted);
}

static void assert_default(const Fx *fx, const char *table, const char *col, const char *expr)
{
    const char *got = column(fx, table, col)->default_expr;
    if (!expr)
        assert_null(got);
    else
        assert_string_equal(got ? got : "(none)", expr);
}

/* ---- names ---- */

static void test_prisma_names_truncate_keeping_suffix(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    const char *cols[] = {"email", "name"};
    assert_string_equal(sd_lower_prisma_name(a, "User", cols, 2, "_key"), "User_email_name_key");
    assert_string_equal(sd_lower_prisma_name(a, "User", NULL, 0, "_pkey"), "User_pkey");
    char table[70];
    memset(table, 'a', 61);
    strcpy(table + 58, "xyz");
    const char *col[] = {"someVeryLongColumnName"};
    const char *pk = sd_lower_prisma_name(a, table, NULL, 0, "_pkey");
    const char *uq = sd_lower_prisma_name(a, table, col, 1, "_key");
    const char *fk = sd_lower_prisma_name(a, table, col, 1, "_fkey");
    assert_int_equal(strlen(pk), 63);
    assert_int_equal(strlen(uq), 63);
    assert_int_equal(strlen(fk), 63);
    assert_string_equal(pk + 58, "_pkey");
    assert_memory_equal(uq + 55, "aaax_key", 8); /* "{table}_" cut at 59 bytes */
    /* a cut never splits a UTF-8 character: 30 two-byte letters + "_x" */
    char wide[80] = "";
    for (int i = 0; i < 30; i++)
        strcat(wide, "\xc3\xa9");
    const char *x[] = {"x"};
    const char *w = sd_lower_prisma_name(a, wide, x, 1, "_idx");
    assert_true(strlen(w) <= 63);
    assert_true(sd_utf8_valid(w, strlen(w), NULL));
    sd_arena_free(a);
}

static void test_serial_sequence_names(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    assert_string_equal(sd_lower_pg_object_name(a, "User", "id", "seq"), "User_id_seq");
    char table[70];
    memset(table, 'a', 61);
    strcpy(table + 58, "xyz");
    /* makeObjectName cuts the longer name first: 56 + "_id_seq" */
    const char *s = sd_lower_pg_object_name(a, table, "id", "seq");
    assert_int_equal(strlen(s), 63);
    assert_string_equal(s + 56, "_id_seq");
    sd_arena_free(a);
}

static void test_jsonb_text(void **state)
{
    (void)state;
    SdArena *a = sd_arena_new();
    assert_string_equal(sd_lower_jsonb_text(a, "{\"b\": 1, \"a\": [1,2]}"), "{\"a\": [1, 2], \"b\": 1}");
    assert_string_equal(sd_lower_jsonb_text(a, "{\"bb\":1,\"c\":2,\"c\":3}"), "{\"c\": 3, \"bb\": 1}");
    assert_string_equal(sd_lower_jsonb_text(a, " [] "), "[]");
    assert_string_equal(sd_lower_jsonb_text(a, "\"\\u00e9\\n\""), "\"\xc3\xa9\\n\"");
    assert_null(sd_lower_jsonb_text(a, "{\"a\":}"));
    assert_null(sd_lower_jsonb_text(a, "[1,"));
    char deep[300];
    memset(deep, '[', 200);
    deep[200] = '\0';
    assert_null(sd_lower_jsonb_text(a, deep));
    sd_arena_free(a);
}

/* ---- types and defaults ---- */

static const char TYPES[] =
    "datasource db {\n  provider = \"postgresql\"\n}\n"
    "enum Role {\n  USER\n  ADMIN @map(\"admin\")\n  @@map(\"role_t\")\n}\n"
    "model User {\n"
    "  id    Int      @id @default(autoincrement())\n"
    "  big   BigInt   @default(autoincrement())\n"
    "  small Int      @default(autoincrement()) @db.SmallInt\n"
    "  name  String?  @default(\"abc\") @db.VarChar(30)\n"
    "  ch    String   @default(\"x\") @db.Char(2)\n"
    "  role  Role     @default(ADMIN)\n"
    "  roles Role[]   @default([USER])\n"
    "  tags  String[] @default([])\n"
    "  tags2 String[] @default([\"a\", \"b\"])\n"
    "  vce   String[] @db.VarChar(10) @default([])\n"
    "  ints  Int[]    @default([-1, 2])\n"
    "  fl    Float[]  @default([1.5, 2])\n"
    "  neg   Int      @default(-1)\n"
    "  bign  BigInt   @default(5000000000)\n"
    "  negf  Float    @default(-1.5)\n"
    "  d     Decimal  @default(2.00)\n"
    "  d2    Decimal  @db.Decimal(4, 2) @default(\"2.00\")\n"
    "  j     Json     @default(\"{}\")\n"
    "  b     Bytes?   @default(\"aGVsbG8=\")\n"
    "  ok    Boolean  @default(true)\n"
    "  at    DateTime @default(now())\n"
    "  tz    DateTime @db.Timestamptz(6)\n"
    "  ts0   DateTime @db.Timestamp(0) @default(\"2020-01-01T10:00:00.120Z\")\n"
    "  tm    DateTime @db.Time(2)\n"
    "  u     String   @default(uuid()) @db.Uuid\n"
    "  u2    String   @default(dbgenerated(\"gen_random_uuid()\")) @db.Uuid\n"
    "  vc    String?  @db.VarChar\n"
    "  vb    String?  @db.VarBit\n"
    "  tsv   Unsupported(\"TSVECTOR\")?\n"
    "  vec   Unsupported(\"vector(1536)\")?\n"
    "  upd   DateTime @updatedAt\n"
    "}\n";

static void test_types(void **state)
{
    (void)state;
    Fx *fx = lower_text(TYPES);
    assert_type(fx, "User", "id", "integer");
    assert_type(fx, "User", "small", "smallint");
    assert_type(fx, "User", "name", "character varying(30)");
    assert_type(fx, "User", "ch", "character(2)");
    assert_type(fx, "User", "role", "role_t");
    assert_type(fx, "User", "roles", "role_t[]");
    assert_type(fx, "User", "d", "numeric(65,30)");
    assert_type(fx, "User", "at", "timestamp(3) without time zone");
    assert_type(fx, "User", "tz", "timestamp(6) with time zone");
    assert_type(fx, "User", "tm", "time(2) without time zone");
    assert_type(fx, "User", "j", "jsonb");
    assert_type(fx, "User", "vc", "character varying");
    assert_type(fx, "User", "vb", "bit varying");
    assert_type(fx, "User", "tsv", "tsvector");
    assert_type(fx, "User", "vec", "vector(1536)");
    assert_true(column(fx, "User", "role")->type.is_enum);
    assert_true(column(fx, "User", "id")->not_null);
    assert_false(column(fx, "User", "name")->not_null);
    assert_false(column(fx, "User", "tags")->not_null); /* lists are nullable */
    fx_free(fx);
}

static void test_defaults(void **state)
{
    (void)state;
    Fx *fx = lower_text(TYPES);
    assert_default(fx, "User", "id", "nextval('\"User_id_seq\"'::regclass)");
    assert_default(fx, "User", "name", "'abc'::character varying");
    assert_default(fx, "User", "ch", "'x'::bpchar");
    assert_default(fx, "User", "role", "'admin'::role_t");
    assert_default(fx, "User", "roles", "ARRAY['USER'::role_t]");
    assert_default(fx, "User", "tags", "ARRAY[]::text[]");
    assert_default(fx, "User", "tags2", "ARRAY['a'::text, 'b'::text]");
    assert_default(fx, "User", "vce", "(ARRAY[]::character varying[])::character varying(10)[]");
    assert_default(fx, "User", "ints", "ARRAY['-1'::integer, 2]");
    assert_default(fx, "User", "fl", "ARRAY[(1.5)::double precision, (2)::double precision]");
    assert_default(fx, "User", "neg", "'-1'::integer");
    assert_default(fx, "User", "bign", "'5000000000'::bigint");
    assert_default(fx, "User", "negf", "'-1.5'::numeric");
    assert_default(fx, "User", "d", "2.00");
    assert_default(fx, "User", "d2", "2.00");
    assert_default(fx, "User", "j", "'{}'::jsonb");
    assert_default(fx, "User", "b", "'\\x68656c6c6f'::bytea");
    assert_default(fx, "User", "ok", "true");
    assert_default(fx, "User", "at", "CURRENT_TIMESTAMP");
    assert_default(fx, "User", "ts0", "'2020-01-01 10:00:00.12'::timestamp without time zone");
    assert_default(fx, "User", "u2", "gen_random_uuid()");
    assert_default(fx, "User", "u", NULL);
    assert_int_equal(column(fx, "User", "u")->client_default, SD_CLIENT_DEFAULT_UUID);
    assert_int_equal(column(fx, "User", "upd")->client_default, SD_CLIENT_DEFAULT_UPDATED_AT);
    SdSequence *s = (SdSequence *)sd_catalog_find(fx->cat, SD_OBJ_SEQUENCE, "public", "User_small_seq");
    assert_non_null(s);
    assert_string_equal(s->type, "smallint");
    assert_int_equal(s->max, 32767);
    assert_string_equal(s->owned_column, "small");
    s = (SdSequence *)sd_catalog_find(fx->cat, SD_OBJ_SEQUENCE, "public", "User_big_seq");
    assert_non_null(s);
    assert_true(s->max == INT64_MAX);
    fx_free(fx);
}

/* ---- keys, relations, schemas ---- */

static const char RELS[] =
    "datasource db {\n  provider = \"postgresql\"\n  schemas = [\"public\", \"auth\"]\n}\n"
    "enum Kind {\n  A\n  @@schema(\"auth\")\n}\n"
    "model User {\n"
    "  id    Int    @id @default(autoincrement())\n"
    "  email String @unique\n"
    "  k     Kind   @default(A)\n"
    "  posts Post[]\n"
    "  @@index([email(sort: Desc)], type: Hash)\n"
    "  @@schema(\"auth\")\n"
    "}\n"
    "model Post {\n"
    "  id       String  @id\n"
    "  authorId Int\n"
    "  author   User?   @relation(fields: [authorId], references: [id])\n"
    "  editorId Int?\n"
    "  editor   User2?  @relation(fields: [editorId], references: [id], onDelete: Cascade)\n"
    "  tags     Tag[]\n"
    "  @@map(\"posts\")\n"
    "  @@schema(\"public\")\n"
    "}\n"
    "model User2 {\n  id Int @id\n  posts Post[]\n  @@schema(\"public\")\n}\n"
    "model Tag {\n  id Int @id\n  posts Post[]\n  @@schema(\"public\")\n}\n";

static void test_keys_and_relations(void **state)
{
    (void)state;
    Fx *fx = lower_text(RELS);
    SdTable *user = sd_catalog_find_table(fx->cat, "auth", "User");
    assert_non_null(user);
    assert_non_null(sd_table_find_constraint(user, "User_pkey"));
    SdIndex *uq = (SdIndex *)sd_catalog_find(fx->cat, SD_OBJ_INDEX, "auth", "User_email_key");
    assert_non_null(uq);
    assert_true(uq->unique);
    SdIndex *ix = (SdIndex *)sd_catalog_find(fx->cat, SD_OBJ_INDEX, "auth", "User_email_idx");
    assert_non_null(ix);
    assert_string_equal(ix->method, "hash");
    assert_true(((SdIndexElem *)ix->elems.items[0])->desc);
    assert_default(fx, "posts", "id", NULL);
    assert_string_equal(sd_table_find_column(user, "k")->default_expr, "'A'::auth.\"Kind\"");
    assert_string_equal(sd_table_find_column(user, "id")->default_expr, "nextval('auth.\"User_id_seq\"'::regclass)");

    SdTable *posts = sd_catalog_find_table(fx->cat, "public", "posts");
    SdConstraint *fk = sd_table_find_constraint(posts, "posts_authorId_fkey");
    assert_non_null(fk);
    assert_string_equal(fk->ref_schema, "auth");
    assert_int_equal(fk->on_delete, SD_FK_RESTRICT); /* the scalar field is required */
    assert_int_equal(fk->on_update, SD_FK_CASCADE);
    fk = sd_table_find_constraint(posts, "posts_editorId_fkey");
    assert_int_equal(fk->on_delete, SD_FK_CASCADE);

    SdTable *jt = sd_catalog_find_table(fx->cat, "public", "_PostToTag");
    assert_non_null(jt);
    assert_string_equal(sd_type_format(fx->a, &sd_table_find_column(jt, "A")->type), "text");
    assert_string_equal(sd_type_format(fx->a, &sd_table_find_column(jt, "B")->type), "integer");
    assert_non_null(sd_table_find_constraint(jt, "_PostToTag_AB_pkey"));
    assert_int_equal(sd_table_find_constraint(jt, "_PostToTag_B_fkey")->on_delete, SD_FK_CASCADE);
    assert_non_null(sd_catalog_find(fx->cat, SD_OBJ_INDEX, "public", "_PostToTag_B_index"));
    assert_non_null(sd_catalog_find(fx->cat, SD_OBJ_SCHEMA, NULL, "auth"));
    assert_false(fx->cat->describes_all);
    assert_true(user->obj.managed);
    fx_free(fx);
}

static void test_relation_mode_prisma_has_no_foreign_keys(void **state)
{
    (void)state;
    Fx *fx = lower_text("datasource db {\n  provider = \"postgresql\"\n  relationMode = \"prisma\"\n}\n"
                        "model A {\n  id Int @id\n  bs B[]\n}\n"
                        "model B {\n  id Int @id\n  aId Int\n  a A @relation(fields: [aId], references: [id])\n}\n");
    SdTable *b = sd_catalog_find_table(fx->cat, "public", "B");
    for (size_t i = 0; i < b->constraints.len; i++)
        assert_int_not_equal(((SdConstraint *)b->constraints.items[i])->kind, SD_CON_FOREIGN);
    fx_free(fx);
}

static void test_bad_default_is_an_error_not_a_crash(void **state)
{
    (void)state;
    Fx *fx = lower_text("model A {\n  id Int @id @default(\"x\")\n  b Bytes @default(\"!!\")\n}\n");
    assert_int_equal(sd_diags_errors(&fx->d), 2);
    fx_free(fx);
}

/* dbgenerated("...") and where: raw("...") come out as PostgreSQL 15 stores
 * them (the expected texts are pg_get_expr()'s output for Prisma's SQL). */
static void test_raw_sql_is_normalised(void **state)
{
    (void)state;
    Fx *fx = lower_text("model T {\n"
                        "  id String @id @default(dbgenerated(\"gen_random_uuid()\")) @db.Uuid\n"
                        "  tg String @default(dbgenerated(\"'x'\"))\n"
                        "  n  Int    @default(dbgenerated(\"1 + 2\"))\n"
                        "  @@index([n], where: raw(\"n > 5 and tg <> 'q'\"))\n"
                        "}\n");
    assert_int_equal(sd_diags_errors(&fx->d), 0);
    assert_default(fx, "T", "id", "gen_random_uuid()");
    assert_default(fx, "T", "tg", "'x'::text");
    assert_default(fx, "T", "n", "(1 + 2)");
    const SdIndex *ix = (const SdIndex *)sd_catalog_find(fx->cat, SD_OBJ_INDEX, "public", "T_n_idx");
    assert_non_null(ix);
    assert_string_equal(ix->predicate, "((n > 5) AND (tg <> 'q'::text))");
    assert_int_equal(fx->cat->indexes.len, 1); /* the replay's scratch index is gone */
    fx_free(fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_prisma_names_truncate_keeping_suffix),
        cmocka_unit_test(test_serial_sequence_names),
        cmocka_unit_test(test_jsonb_text),
        cmocka_unit_test(test_types),
        cmocka_unit_test(test_defaults),
        cmocka_unit_test(test_keys_and_relations),
        cmocka_unit_test(test_relation_mode_prisma_has_no_foreign_keys),
        cmocka_unit_test(test_bad_default_is_an_error_not_a_crash),
        cmocka_unit_test(test_raw_sql_is_normalised),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

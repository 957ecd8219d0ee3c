/* test_risk.c: the risk stage's static classification, type-change rules and
 * capability table, on operations built by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "diff/risk.h"

static SdArena *A;

static SdType ty(const char *name, int m0, int m1, int ndims)
{
    return (SdType){.name = name, .mods = {m0, m1}, .ndims = ndims};
}

static SdTable *table(SdCatalog *c, const char *name)
{
    SdTable *t = sd_catalog_add_table(c, "public", name, (SdLoc){0});
    SdColumn *id = sd_table_add_column(c, t, "id", (SdLoc){0});
    id->type = ty("integer", -1, -1, 0);
    id->not_null = true;
    return t;
}

static SdColumn *column(SdCatalog *c, SdTable *t, const char *name, SdType type, bool not_null)
{
    SdColumn *col = sd_table_add_column(c, t, name, (SdLoc){0});
    col->type = type;
    col->not_null = not_null;
    return col;
}

static SdOp *op_new(SdPlan *p, SdOpKind k)
{
    SdOp *op = sd_alloc(A, sizeof *op);
    op->kind = k;
    sd_vec_push(A, &p->ops, op);
    return op;
}

static SdOp *col_op(SdPlan *p, SdOpKind k, SdTable *t, const SdColumn *before, const SdColumn *after)
{
    SdOp *op = op_new(p, k);
    op->table_before = op->table_after = t;
    op->col_before = before;
    op->col_after = after;
    return op;
}

static const SdFinding *find(const SdOp *op, SdRiskClass cls)
{
    for (size_t i = 0; i < op->findings.len; i++) {
        const SdFinding *f = SD_VEC_AT(op->findings, i, const SdFinding *);
        if (f->cls == cls)
            return f;
    }
    return NULL;
}

static int setup(void **state)
{
    (void)state;
    A = sd_arena_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sd_arena_free(A);
    return 0;
}

/* ---- capabilities ---- */

static void test_caps_table(void **state)
{
    (void)state;
    assert_null(sd_caps_for_version(10));
    assert_null(sd_caps_for_version(19));
    for (int v = SD_PG_MIN_VERSION; v <= SD_PG_MAX_VERSION; v++)
        assert_int_equal(sd_caps_for_version(v)->version, v);
    assert_false(sd_caps_for_version(11)->not_null_uses_check);
    assert_true(sd_caps_for_version(12)->not_null_uses_check);
    assert_false(sd_caps_for_version(15)->pg_input_is_valid);
    assert_true(sd_caps_for_version(16)->pg_input_is_valid);
    assert_false(sd_caps_for_version(17)->not_null_not_valid);
    assert_true(sd_caps_for_version(18)->not_null_not_valid);
    assert_int_equal(sd_pg_parse_version("15"), 15);
    assert_int_equal(sd_pg_parse_version("15.4"), 15);
    assert_int_equal(sd_pg_parse_version("150004"), 15);
    assert_int_equal(sd_pg_parse_version("abc"), 0);
    assert_int_equal(sd_pg_parse_version("15x"), 0);
    assert_int_equal(sd_pg_parse_version(""), 0);
}

static void test_parse_classes(void **state)
{
    (void)state;
    unsigned bits;
    const char *bad = NULL;
    assert_true(sd_risk_parse_classes(A, "data-loss,lock", &bits, &bad));
    assert_int_equal(bits, RISK_DATA_LOSS | RISK_SCAN);
    assert_true(sd_risk_parse_classes(A, "all", &bits, &bad));
    assert_int_equal(bits, (1u << SD_RISK__COUNT) - 1);
    assert_true(sd_risk_parse_classes(A, "foreign-key-violation,check-violation", &bits, &bad));
    assert_int_equal(bits, RISK_FK_VIOLATION | RISK_CHECK_VIOLATION);
    assert_false(sd_risk_parse_classes(A, "data-loss,bogus", &bits, &bad));
    assert_string_equal(bad, "bogus");
    assert_string_equal(sd_risk_class_name(SD_RISK_NOT_NULL), "not-null-without-default");
}

/* ---- type changes ---- */

static void test_cast_rules(void **state)
{
    (void)state;
    const SdCaps *c = sd_caps_for_version(15);
    SdType vc10 = ty("character varying", 10, -1, 0), vc20 = ty("character varying", 20, -1, 0);
    SdType text = ty("text", -1, -1, 0), integer = ty("integer", -1, -1, 0), big = ty("bigint", -1, -1, 0);
    SdType n102 = ty("numeric", 10, 2, 0), n122 = ty("numeric", 12, 2, 0), n101 = ty("numeric", 10, 1, 0);
    SdType ts3 = ty("timestamp without time zone", 3, -1, 0), ts6 = ty("timestamp without time zone", 6, -1, 0);
    SdType text_arr = ty("text", -1, -1, 1);
    SdCastInfo ci = sd_cast_info(&vc10, &vc20, c);
    assert_false(ci.rewrite); assert_false(ci.may_fail);
    ci = sd_cast_info(&vc20, &vc10, c);
    assert_true(ci.rewrite); assert_true(ci.may_fail); assert_false(ci.needs_using);
    ci = sd_cast_info(&vc10, &text, c);
    assert_false(ci.rewrite);
    ci = sd_cast_info(&text, &vc10, c);
    assert_true(ci.rewrite); assert_true(ci.may_fail);
    ci = sd_cast_info(&n102, &n122, c);
    assert_false(ci.rewrite);
    ci = sd_cast_info(&n102, &n101, c);
    assert_true(ci.rewrite); assert_true(ci.may_change); assert_false(ci.may_fail); /* 9 integer digits >= 8 */
    ci = sd_cast_info(&integer, &big, c);
    assert_true(ci.rewrite); assert_false(ci.may_fail); assert_false(ci.may_change);
    ci = sd_cast_info(&big, &integer, c);
    assert_true(ci.rewrite); assert_true(ci.may_fail);
    ci = sd_cast_info(&text, &integer, c);
    assert_true(ci.needs_using); assert_true(ci.may_fail);
    ci = sd_cast_info(&integer, &text, c);
    assert_true(ci.rewrite); assert_false(ci.may_fail);
    ci = sd_cast_info(&ts3, &ts6, c);
    assert_false(ci.rewrite);
    ci = sd_cast_info(&ts6, &ts3, c);
    assert_true(ci.rewrite); assert_true(ci.may_change);
    ci = sd_cast_info(&text_arr, &text, c);
    assert_true(ci.may_change);
    ci = sd_cast_info(&text, &text_arr, c);
    assert_true(ci.needs_using); assert_true(ci.may_fail);
}

static void test_default_volatility(void **state)
{
    (void)state;
    assert_int_equal(sd_default_volatility("gen_random_uuid()"), 1);
    assert_int_equal(sd_default_volatility("nextval('\"T_id_seq\"'::regclass)"), 1);
    assert_int_equal(sd_default_volatility("CURRENT_TIMESTAMP"), 0);
    assert_int_equal(sd_default_volatility("now()"), 0);
    assert_int_equal(sd_default_volatility("'random()'::text"), 0);
    assert_int_equal(sd_default_volatility("'1.5'::numeric(10,2)"), 0);
    assert_int_equal(sd_default_volatility("my_function()"), -1);
    assert_int_equal(sd_default_volatility("public.gen_random_uuid()"), 1);
    assert_int_equal(sd_default_volatility(NULL), 0);
}

/* ---- classification ---- */

static void test_drops(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdTable *t = table(cat, "User");
    SdColumn *name = column(cat, t, "name", ty("text", -1, -1, 0), false);
    SdPlan plan = {0};
    SdOp *dt = op_new(&plan, SD_OP_DROP_TABLE);
    dt->before = &t->obj;
    SdOp *dc = col_op(&plan, SD_OP_DROP_COLUMN, t, name, NULL);
    sd_risk_classify(A, &plan, sd_caps_for_version(15));
    const SdFinding *f = find(dt, SD_RISK_DATA_LOSS);
    assert_non_null(f);
    assert_int_equal(f->measure, SD_MEASURE_TABLE_ROWS);
    assert_string_equal(f->prisma, "You are about to drop the `User` table. If the table is not empty, all the data "
                                   "it contains will be lost.");
    f = find(dc, SD_RISK_DATA_LOSS);
    assert_non_null(f);
    assert_string_equal(f->column, "name");
    assert_int_equal(f->measure, SD_MEASURE_NON_NULL);
    assert_string_equal(f->prisma, "You are about to drop the column `name` on the `User` table. All the data in the "
                                   "column will be lost.");
    assert_int_equal(sd_risk_present(&plan), RISK_DATA_LOSS);
}

static void test_add_required_column(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdTable *t = table(cat, "Post"), *fresh = table(cat, "Fresh");
    SdColumn *slug = column(cat, t, "slug", ty("text", -1, -1, 0), true);
    SdColumn *uid = column(cat, t, "uid", ty("text", -1, -1, 0), true);
    uid->client_default = SD_CLIENT_DEFAULT_UUID;
    SdColumn *opt = column(cat, t, "note", ty("text", -1, -1, 0), false);
    SdColumn *fslug = column(cat, fresh, "slug", ty("text", -1, -1, 0), true);
    SdPlan plan = {0};
    SdOp *ct = op_new(&plan, SD_OP_CREATE_TABLE);
    ct->after = &fresh->obj;
    SdOp *a1 = col_op(&plan, SD_OP_ADD_COLUMN, t, NULL, slug);
    SdOp *a2 = col_op(&plan, SD_OP_ADD_COLUMN, t, NULL, uid);
    SdOp *a3 = col_op(&plan, SD_OP_ADD_COLUMN, t, NULL, opt);
    SdOp *a4 = col_op(&plan, SD_OP_ADD_COLUMN, fresh, NULL, fslug);
    sd_risk_classify(A, &plan, sd_caps_for_version(15));
    const SdFinding *f = find(a1, SD_RISK_NOT_NULL);
    assert_non_null(f);
    assert_true(f->prisma_unexecutable);
    assert_string_equal(f->prisma, "Added the required column `slug` to the `Post` table without a default value. "
                                   "This is not possible if the table is not empty.");
    f = find(a2, SD_RISK_NOT_NULL);
    assert_non_null(f);
    assert_non_null(strstr(f->prisma, "with a prisma-level default value"));
    assert_int_equal(a3->findings.len, 0);
    assert_int_equal(a4->findings.len, 0); /* the table is new: empty */
    assert_int_equal(a1->risks, RISK_NOT_NULL_NO_DEFAULT);
}

static void test_add_column_defaults(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdTable *t = table(cat, "T");
    SdColumn *vol = column(cat, t, "u", ty("uuid", -1, -1, 0), true);
    vol->default_expr = "gen_random_uuid()";
    SdColumn *cst = column(cat, t, "flag", ty("boolean", -1, -1, 0), true);
    cst->default_expr = "false";
    SdPlan plan = {0};
    SdOp *a1 = col_op(&plan, SD_OP_ADD_COLUMN, t, NULL, vol);
    SdOp *a2 = col_op(&plan, SD_OP_ADD_COLUMN, t, NULL, cst);
    sd_risk_classify(A, &plan, sd_caps_for_version(15));
    assert_non_null(find(a1, SD_RISK_REWRITE));
    const SdFinding *l = find(a1, SD_RISK_LOCK);
    assert_non_null(l);
    assert_int_equal(l->lock, SD_LOCK_ACCESS_EXCLUSIVE);
    assert_true(l->blocks_reads);
    assert_null(find(a1, SD_RISK_NOT_NULL));
    assert_int_equal(a2->findings.len, 0); /* constant default: no rewrite since PG 11 */
}

static void test_set_not_null_by_version(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdTable *t = table(cat, "T");
    SdColumn *b = column(cat, t, "c", ty("text", -1, -1, 0), false);
    SdColumn *a = column(cat, t, "c", ty("text", -1, -1, 0), true);
    SdPlan plan = {0};
    SdOp *op = col_op(&plan, SD_OP_SET_NOT_NULL, t, b, a);
    sd_risk_classify(A, &plan, sd_caps_for_version(11));
    assert_non_null(find(op, SD_RISK_NOT_NULL));
    assert_int_equal(find(op, SD_RISK_NOT_NULL)->measure, SD_MEASURE_NULLS);
    assert_non_null(strstr(find(op, SD_RISK_LOCK)->safe, "none before PostgreSQL 12"));
    sd_risk_classify(A, &plan, sd_caps_for_version(15));
    assert_non_null(strstr(find(op, SD_RISK_LOCK)->safe, "CHECK (col IS NOT NULL) NOT VALID"));
    sd_risk_classify(A, &plan, sd_caps_for_version(18));
    assert_non_null(strstr(find(op, SD_RISK_LOCK)->safe, "NOT NULL col NOT VALID"));
    assert_int_equal(op->findings.len, 2); /* idempotent: rebuilt, not appended */
}

static void test_alter_type(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdTable *t = table(cat, "T");
    SdColumn *b = column(cat, t, "c", ty("character varying", 20, -1, 0), false);
    SdColumn *wide = column(cat, t, "c", ty("text", -1, -1, 0), false);
    SdColumn *narrow = column(cat, t, "c", ty("character varying", 5, -1, 0), false);
    SdPlan plan = {0};
    SdOp *o1 = col_op(&plan, SD_OP_ALTER_COLUMN_TYPE, t, b, wide);
    SdOp *o2 = col_op(&plan, SD_OP_ALTER_COLUMN_TYPE, t, b, narrow);
    sd_risk_classify(A, &plan, sd_caps_for_version(15));
    assert_int_equal(o1->findings.len, 0);
    assert_int_equal(o1->risks, 0);
    assert_non_null(find(o2, SD_RISK_DATA_LOSS));
    assert_non_null(find(o2, SD_RISK_CAST));
    assert_non_null(find(o2, SD_RISK_REWRITE));
    assert_non_null(find(o2, SD_RISK_LOCK));
    assert_string_equal(find(o2, SD_RISK_DATA_LOSS)->prisma,
                        "You are about to alter the column `c` on the `T` table. The data in that column could be lost. "
                        "The data in that column will be cast from `character varying(20)` to `character varying(5)`.");
    /* text -> an enum of the target schema: measured against the enum's labels
     * (the plan may create the type, so the database cannot cast to it yet) */
    SdCatalog *to = sd_catalog_new(A, "test");
    SdEnum *kind = sd_catalog_add_enum(to, "public", "Kind", (SdLoc){0});
    sd_vec_push(A, &kind->labels, (void *)"A");
    sd_vec_push(A, &kind->labels, (void *)"B");
    SdColumn *as_enum = column(cat, t, "c", (SdType){.name = "Kind", .schema = "public", .is_enum = true,
                                                     .mods = {-1, -1}}, false);
    SdPlan p2 = {.to = to};
    SdOp *o3 = col_op(&p2, SD_OP_ALTER_COLUMN_TYPE, t, wide, as_enum);
    sd_risk_classify(A, &p2, sd_caps_for_version(15));
    const SdFinding *cf = find(o3, SD_RISK_CAST);
    assert_non_null(cf);
    assert_int_equal(cf->values.len, 2);
    assert_string_equal(SD_VEC_AT(cf->values, 1, const char *), "B");
}

static void test_index_and_keys(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdTable *t = table(cat, "U");
    SdColumn *email = column(cat, t, "email", ty("text", -1, -1, 0), false);
    SdIndex *idx = sd_catalog_add_index(cat, "public", "U_email_key", "U", (SdLoc){0});
    idx->unique = true;
    SdIndexElem *e = sd_alloc(A, sizeof *e);
    e->column = email->name;
    sd_vec_push(A, &idx->elems, e);
    SdPlan plan = {0};
    SdOp *ci = op_new(&plan, SD_OP_CREATE_INDEX);
    ci->after = &idx->obj;
    SdOp *cc = op_new(&plan, SD_OP_CREATE_INDEX);
    cc->after = &idx->obj;
    cc->no_transaction = true;
    SdConstraint *pk = sd_table_add_constraint(cat, t, SD_CON_PRIMARY, "U_pkey", (SdLoc){0});
    sd_vec_push(A, &pk->columns, (void *)"email");
    SdOp *ap = op_new(&plan, SD_OP_ADD_PRIMARY_KEY);
    ap->table_before = ap->table_after = t;
    ap->con_after = pk;
    sd_risk_classify(A, &plan, sd_caps_for_version(15));
    const SdFinding *u = find(ci, SD_RISK_UNIQUE);
    assert_non_null(u);
    assert_string_equal(u->prisma, "A unique constraint covering the columns `[email]` on the table `U` will be added. "
                                   "If there are existing duplicate values, this will fail.");
    const SdFinding *l = find(ci, SD_RISK_LOCK);
    assert_int_equal(l->lock, SD_LOCK_SHARE);
    assert_true(l->blocks_writes);
    assert_false(l->blocks_reads);
    assert_string_equal(l->safe, "CREATE INDEX CONCURRENTLY (outside a transaction block)");
    assert_null(find(cc, SD_RISK_LOCK));
    assert_int_equal(cc->lock, SD_LOCK_SHARE_UPDATE_EXCLUSIVE);
    assert_non_null(find(ap, SD_RISK_UNIQUE));
    const SdFinding *n = find(ap, SD_RISK_NOT_NULL); /* email was nullable */
    assert_non_null(n);
    assert_int_equal(n->columns.len, 1);
    assert_true(find(ap, SD_RISK_LOCK)->blocks_reads);
}

static void test_constraints(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdTable *t = table(cat, "Post");
    SdConstraint *fk = sd_table_add_constraint(cat, t, SD_CON_FOREIGN, "Post_a_fkey", (SdLoc){0});
    fk->ref_table = "User";
    sd_vec_push(A, &fk->columns, (void *)"a");
    sd_vec_push(A, &fk->ref_columns, (void *)"id");
    SdConstraint *fknv = sd_table_add_constraint(cat, t, SD_CON_FOREIGN, "Post_b_fkey", (SdLoc){0});
    fknv->ref_table = "User";
    fknv->not_valid = true;
    SdConstraint *ck = sd_table_add_constraint(cat, t, SD_CON_CHECK, "Post_c_check", (SdLoc){0});
    ck->expr = "((c > 0))";
    SdPlan plan = {0};
    SdOp *o1 = op_new(&plan, SD_OP_ADD_FOREIGN_KEY), *o2 = op_new(&plan, SD_OP_ADD_FOREIGN_KEY);
    SdOp *o3 = op_new(&plan, SD_OP_ADD_CHECK), *o4 = op_new(&plan, SD_OP_VALIDATE_CONSTRAINT);
    o1->table_after = o2->table_after = o3->table_after = o4->table_after = t;
    o1->con_after = fk;
    o2->con_after = fknv;
    o3->con_after = ck;
    o4->con_after = fk;
    sd_risk_classify(A, &plan, sd_caps_for_version(15));
    const SdFinding *l = find(o1, SD_RISK_LOCK);
    assert_non_null(l);
    assert_int_equal(l->lock, SD_LOCK_SHARE_ROW_EXCLUSIVE);
    assert_string_equal(l->lock_other, "User");
    assert_false(l->blocks_reads);
    assert_string_equal(l->safe, "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT");
    /* a validated foreign key fails on orphans; NOT VALID checks no existing row */
    const SdFinding *o = find(o1, SD_RISK_FK);
    assert_non_null(o);
    assert_int_equal(o->measure, SD_MEASURE_ORPHANS);
    assert_string_equal(o->object, "Post(a)");
    assert_string_equal(o->lock_other, "User");
    assert_int_equal(o->columns.len, 1);
    assert_string_equal(SD_VEC_AT(o->ref_columns, 0, const char *), "id");
    assert_int_equal(o2->findings.len, 0);
    const SdFinding *k = find(o3, SD_RISK_CHECK);
    assert_non_null(k);
    assert_int_equal(k->measure, SD_MEASURE_CHECK);
    assert_string_equal(k->expr, "((c > 0))");
    assert_string_equal(k->object, "Post.Post_c_check");
    assert_true(find(o3, SD_RISK_LOCK)->blocks_reads);
    assert_int_equal(o4->findings.len, 0);
    assert_int_equal(o4->lock, SD_LOCK_SHARE_UPDATE_EXCLUSIVE);
}

static void test_enum_and_versions(void **state)
{
    (void)state;
    SdCatalog *cat = sd_catalog_new(A, "test");
    SdEnum *b = sd_catalog_add_enum(cat, "public", "Role", (SdLoc){0});
    SdEnum *a = sd_catalog_add_enum(cat, "public", "Role", (SdLoc){0});
    const char *bl[] = {"USER", "ADMIN", "GUEST"}, *al[] = {"USER", "ADMIN"};
    for (int i = 0; i < 3; i++)
        sd_vec_push(A, &b->labels, (void *)bl[i]);
    for (int i = 0; i < 2; i++)
        sd_vec_push(A, &a->labels, (void *)al[i]);
    SdPlan plan = {0};
    SdOp *re = op_new(&plan, SD_OP_RECREATE_ENUM);
    re->before = &b->obj;
    re->after = &a->obj;
    SdOp *av = op_new(&plan, SD_OP_ADD_ENUM_VALUE);
    av->after = &a->obj;
    SdOp *ri = op_new(&plan, SD_OP_RENAME_INDEX);
    sd_risk_classify(A, &plan, sd_caps_for_version(11));
    const SdFinding *f = find(re, SD_RISK_DATA_LOSS);
    assert_non_null(f);
    assert_int_equal(f->values.len, 1);
    assert_string_equal(SD_VEC_AT(f->values, 0, const char *), "GUEST");
    assert_string_equal(f->prisma, "The values [GUEST] on the enum `Role` will be removed. If these variants are "
                                   "still used in the database, this will fail.");
    assert_true(av->no_transaction);
    assert_int_equal(ri->lock, SD_LOCK_ACCESS_EXCLUSIVE);
    av->no_transaction = false;
    sd_risk_classify(A, &plan, sd_caps_for_version(12));
    assert_false(av->no_transaction);
    assert_int_equal(ri->lock, SD_LOCK_SHARE_UPDATE_EXCLUSIVE);
}


/* ---- every ops.def row: the table docs/risk.md prints ---- */

#define DL RISK_DATA_LOSS
#define UQ RISK_UNIQUE
#define NN RISK_NOT_NULL_NO_DEFAULT
#define CF RISK_CAST
#define RW RISK_REWRITE
#define LK RISK_SCAN
#define FK RISK_FK_VIOLATION
#define CK RISK_CHECK_VIOLATION
static const struct { SdOpKind kind; unsigned classes; SdLock lock; } EVERY_OP[] = {
    {SD_OP_CREATE_SCHEMA, 0, SD_LOCK_NONE},
    {SD_OP_DROP_SCHEMA, DL, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_CREATE_EXTENSION, 0, SD_LOCK_NONE},
    {SD_OP_DROP_EXTENSION, DL, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ALTER_EXTENSION, 0, SD_LOCK_NONE},
    {SD_OP_CREATE_ENUM, 0, SD_LOCK_NONE},
    {SD_OP_DROP_ENUM, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_RENAME_ENUM, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ADD_ENUM_VALUE, 0, SD_LOCK_NONE},
    {SD_OP_RENAME_ENUM_VALUE, 0, SD_LOCK_NONE},
    {SD_OP_RECREATE_ENUM, DL | RW, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_CREATE_SEQUENCE, 0, SD_LOCK_NONE},
    {SD_OP_DROP_SEQUENCE, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ALTER_SEQUENCE, 0, SD_LOCK_SHARE_ROW_EXCLUSIVE},
    {SD_OP_RENAME_SEQUENCE, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_CREATE_TABLE, 0, SD_LOCK_NONE},
    {SD_OP_DROP_TABLE, DL, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_RENAME_TABLE, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ADD_COLUMN, NN, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_COLUMN, DL, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_RENAME_COLUMN, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ALTER_COLUMN_TYPE, DL | CF | RW | LK, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_SET_NOT_NULL, NN | LK, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_NOT_NULL, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_SET_DEFAULT, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_DEFAULT, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ALTER_IDENTITY, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ADD_PRIMARY_KEY, UQ | NN | LK, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_PRIMARY_KEY, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ADD_UNIQUE, UQ | LK, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_UNIQUE, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ADD_FOREIGN_KEY, FK | LK, SD_LOCK_SHARE_ROW_EXCLUSIVE},
    {SD_OP_DROP_FOREIGN_KEY, 0, SD_LOCK_SHARE_ROW_EXCLUSIVE},
    {SD_OP_ADD_CHECK, CK | LK, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_CHECK, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_ADD_EXCLUSION, LK, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_EXCLUSION, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_VALIDATE_CONSTRAINT, 0, SD_LOCK_SHARE_UPDATE_EXCLUSIVE},
    {SD_OP_RENAME_CONSTRAINT, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_CREATE_INDEX, LK, SD_LOCK_SHARE},
    {SD_OP_DROP_INDEX, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_RENAME_INDEX, 0, SD_LOCK_SHARE_UPDATE_EXCLUSIVE},
    {SD_OP_CREATE_VIEW, 0, SD_LOCK_NONE},
    {SD_OP_DROP_VIEW, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_REPLACE_VIEW, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_CREATE_FUNCTION, 0, SD_LOCK_NONE},
    {SD_OP_DROP_FUNCTION, 0, SD_LOCK_NONE},
    {SD_OP_REPLACE_FUNCTION, 0, SD_LOCK_NONE},
    {SD_OP_CREATE_TRIGGER, 0, SD_LOCK_SHARE_ROW_EXCLUSIVE},
    {SD_OP_DROP_TRIGGER, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_CREATE_TYPE, 0, SD_LOCK_NONE},
    {SD_OP_DROP_TYPE, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_CREATE_OPAQUE, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_DROP_OPAQUE, 0, SD_LOCK_ACCESS_EXCLUSIVE},
    {SD_OP_SET_COMMENT, 0, SD_LOCK_SHARE_UPDATE_EXCLUSIVE},
    {SD_OP_BACKFILL, 0, SD_LOCK_ROW_EXCLUSIVE},
};
_Static_assert(sizeof EVERY_OP / sizeof EVERY_OP[0] == SD_OP__COUNT, "a row per ops.def kind");

/* The typical op of each kind on an existing table with rows: a nullable text column
 * "c" (varchar(20) -> varchar(5) for a type change), a non-unique index, an enum
 * losing a value. */
static SdOp *typical_op(SdCatalog *cat, SdPlan *plan, SdOpKind k)
{
    SdTable *t = table(cat, "T");
    SdColumn *cb = column(cat, t, "c", ty("character varying", 20, -1, 0), false);
    SdColumn *ca = column(cat, t, "c", ty("character varying", 20, -1, 0), k == SD_OP_SET_NOT_NULL || k == SD_OP_ADD_COLUMN);
    if (k == SD_OP_ALTER_COLUMN_TYPE)
        ca->type = ty("character varying", 5, -1, 0);
    SdConstraint *con = sd_table_add_constraint(cat, t, k == SD_OP_ADD_PRIMARY_KEY ? SD_CON_PRIMARY : SD_CON_UNIQUE,
                                                "T_c_key", (SdLoc){0});
    sd_vec_push(A, &con->columns, (void *)"c");
    con->ref_table = "U";
    SdIndex *idx = sd_catalog_add_index(cat, "public", "T_c_idx", "T", (SdLoc){0});
    SdEnum *eb = sd_catalog_add_enum(cat, "public", "E", (SdLoc){0}), *ea = sd_catalog_add_enum(cat, "public", "E", (SdLoc){0});
    sd_vec_push(A, &eb->labels, (void *)"A");
    sd_vec_push(A, &eb->labels, (void *)"B");
    sd_vec_push(A, &ea->labels, (void *)"A");
    SdOp *op = op_new(plan, k);
    op->table_before = op->table_after = t;
    op->col_before = k == SD_OP_ADD_COLUMN ? NULL : cb;
    op->col_after = k == SD_OP_DROP_COLUMN ? NULL : ca;
    op->con_after = con;
    const SdObject *obj = &t->obj;
    if (sd_op_info(k)->object == SD_OBJ_INDEX)
        obj = &idx->obj;
    else if (sd_op_info(k)->object == SD_OBJ_ENUM)
        obj = &eb->obj;
    else if (sd_op_info(k)->object != SD_OBJ_TABLE)
        obj = sd_catalog_add_schema(cat, "s", (SdLoc){0});
    op->before = obj;
    op->after = sd_op_info(k)->object == SD_OBJ_ENUM ? &ea->obj : obj;
    return op;
}

static void test_every_op_kind(void **state)
{
    (void)state;
    for (size_t i = 0; i < SD_OP__COUNT; i++) {
        SdCatalog *cat = sd_catalog_new(A, "test");
        SdPlan plan = {0};
        SdOp *op = typical_op(cat, &plan, EVERY_OP[i].kind);
        sd_risk_classify(A, &plan, sd_caps_for_version(15));
        if (op->risks != EVERY_OP[i].classes || op->lock != EVERY_OP[i].lock)
            fail_msg("%s: classes %#x lock %s, want %#x %s", sd_op_info(op->kind)->name, op->risks,
                     sd_lock_name(op->lock), EVERY_OP[i].classes, sd_lock_name(EVERY_OP[i].lock));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_caps_table),
        cmocka_unit_test_setup_teardown(test_parse_classes, setup, teardown),
        cmocka_unit_test(test_cast_rules),
        cmocka_unit_test(test_default_volatility),
        cmocka_unit_test_setup_teardown(test_drops, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_required_column, setup, teardown),
        cmocka_unit_test_setup_teardown(test_add_column_defaults, setup, teardown),
        cmocka_unit_test_setup_teardown(test_set_not_null_by_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alter_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_index_and_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_constraints, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enum_and_versions, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_op_kind, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

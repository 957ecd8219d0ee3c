/* risk.c: static classification of a plan's operations (no database needed).
 * Each op gets findings (risk class, object, lock, message, safe alternative,
 * Prisma's warning line, and what to count when a database is at hand); its
 * risks and lock are refined from ops.def's defaults.  Ops on tables created by
 * the same plan carry no data risk: such tables are empty. */
#include "risk.h"

#include <string.h>

typedef struct Ctx {
    SdArena *a;
    const SdCaps *caps;
    SdPlan *plan;
    SdMap new_tables; /* "schema.name" of tables the plan creates */
} Ctx;

static const char *qkey(Ctx *c, const char *schema, const char *name)
{
    return sd_printf(c->a, "%s.%s", schema ? schema : "public", name);
}

static bool blocks_reads(SdLock l) { return l >= SD_LOCK_ACCESS_EXCLUSIVE; }
static bool blocks_writes(SdLock l) { return l >= SD_LOCK_SHARE; }

static const SdTable *op_table(const SdOp *op)
{
    if (op->table_after || op->table_before)
        return op->table_after ? op->table_after : op->table_before;
    const SdObject *o = op->after ? op->after : op->before;
    return o && o->kind == SD_OBJ_TABLE ? (const SdTable *)o : NULL;
}

static bool table_is_new(Ctx *c, const char *schema, const char *name)
{
    return sd_map_get(&c->new_tables, qkey(c, schema, name)) != NULL;
}

static SdFinding *add(Ctx *c, SdOp *op, SdRiskClass cls, const char *schema, const char *table,
                      const char *column, SdMeasureKind measure)
{
    SdFinding *f = sd_alloc(c->a, sizeof *f);
    f->cls = cls;
    f->op = op;
    f->schema = schema ? schema : "public";
    f->table = table;
    f->column = column;
    f->object = column ? sd_printf(c->a, "%s.%s", table, column) : table;
    f->lock = op->lock;
    f->blocks_reads = blocks_reads(op->lock);
    f->blocks_writes = blocks_writes(op->lock);
    f->measure = measure;
    f->rows = -1;
    sd_vec_push(c->a, &op->findings, f);
    op->risks |= 1u << cls;
    return f;
}

static SdFinding *add_col(Ctx *c, SdOp *op, SdRiskClass cls, SdMeasureKind m)
{
    const SdTable *t = op_table(op);
    const SdColumn *col = op->col_before ? op->col_before : op->col_after;
    return add(c, op, cls, t->obj.schema, t->obj.name, col ? col->name : NULL, m);
}

/* A statement that scans or rewrites while holding a lock that blocks reads or writes. */
static void add_lock(Ctx *c, SdOp *op, const char *schema, const char *table, const char *what,
                     const char *safe)
{
    if (!blocks_writes(op->lock))
        return;
    SdFinding *f = add(c, op, SD_RISK_LOCK, schema, table, NULL, SD_MEASURE_TABLE_ROWS);
    f->message = sd_printf(c->a, "%s under %s on \"%s\" (blocks %s for the whole scan)", what,
                           sd_lock_name(op->lock), table, blocks_reads(op->lock) ? "reads and writes" : "writes");
    f->safe = safe;
}

static const char *join(Ctx *c, const SdVec *v)
{
    SdBuf b = {0};
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            sd_buf_putc(&b, ',');
        sd_buf_puts(&b, SD_VEC_AT(*v, i, const char *));
    }
    const char *s = sd_strdup(c->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* ---- drops ---- */

static void classify_drop_table(Ctx *c, SdOp *op)
{
    const SdTable *t = op_table(op);
    SdFinding *f = add(c, op, SD_RISK_DATA_LOSS, t->obj.schema, t->obj.name, NULL, SD_MEASURE_TABLE_ROWS);
    f->message = sd_printf(c->a, "drops table \"%s\" and every row in it", t->obj.name);
    f->safe = "back up or rename the table, and drop it in a later migration once nothing reads it";
    f->prisma = sd_printf(c->a, "You are about to drop the `%s` table. If the table is not empty, all the data it "
                                "contains will be lost.", t->obj.name);
}

static void classify_drop_column(Ctx *c, SdOp *op)
{
    const SdTable *t = op_table(op);
    SdFinding *f = add_col(c, op, SD_RISK_DATA_LOSS, SD_MEASURE_NON_NULL);
    f->message = sd_printf(c->a, "drops column \"%s\".\"%s\" and its values", t->obj.name, f->column);
    f->safe = "remove the field from the application first, back up the column, then drop it in a later migration";
    f->prisma = sd_printf(c->a, "You are about to drop the column `%s` on the `%s` table. All the data in the "
                                "column will be lost.", f->column, t->obj.name);
}

static void classify_recreate_enum(Ctx *c, SdOp *op)
{
    const SdEnum *before = (const SdEnum *)op->before, *after = (const SdEnum *)op->after;
    if (!before || !after)
        return;
    SdVec removed = {0};
    for (size_t i = 0; i < before->labels.len; i++) {
        const char *l = SD_VEC_AT(before->labels, i, const char *);
        bool kept = false;
        for (size_t j = 0; j < after->labels.len && !kept; j++)
            kept = strcmp(l, SD_VEC_AT(after->labels, j, const char *)) == 0;
        if (!kept)
            sd_vec_push(c->a, &removed, (void *)l);
    }
    if (removed.len) {
        SdFinding *f = add(c, op, SD_RISK_DATA_LOSS, before->obj.schema, before->obj.name, NULL,
                           SD_MEASURE_ENUM_VALUES);
        f->values = removed;
        f->message = sd_printf(c->a, "removes value(s) [%s] from enum \"%s\": rows holding them make the "
                                     "conversion fail", join(c, &removed), before->obj.name);
        f->safe = "update the rows that use the removed values first, then remove the values";
        f->prisma = sd_printf(c->a, "The values [%s] on the enum `%s` will be removed. If these variants are "
                                    "still used in the database, this will fail.", join(c, &removed), before->obj.name);
    }
    SdFinding *r = add(c, op, SD_RISK_REWRITE, before->obj.schema, before->obj.name, NULL, SD_MEASURE_NONE);
    r->message = sd_printf(c->a, "recreating enum \"%s\" rewrites every table with a column of it", before->obj.name);
    r->safe = "only add values (ALTER TYPE ... ADD VALUE) where possible; it needs no rewrite";
}

/* ---- columns ---- */

static void classify_add_column(Ctx *c, SdOp *op)
{
    const SdTable *t = op_table(op);
    const SdColumn *col = op->col_after;
    if (!t || !col || table_is_new(c, t->obj.schema, t->obj.name))
        return;
    bool required = col->not_null && !col->default_expr && col->identity == SD_IDENTITY_NONE && !col->generated;
    if (required) {
        SdFinding *f = add_col(c, op, SD_RISK_NOT_NULL, SD_MEASURE_TABLE_ROWS);
        f->prisma_unexecutable = true;
        if (col->client_default != SD_CLIENT_DEFAULT_NONE) {
            f->message = sd_printf(c->a, "adds required column \"%s\".\"%s\" whose default exists only in the "
                                         "Prisma client: existing rows get none", t->obj.name, col->name);
            f->prisma = sd_printf(c->a, "The required column `%s` was added to the `%s` table with a prisma-level "
                                        "default value. This is not possible if the table is not empty. Please add "
                                        "this column as optional, then populate it before making it required.",
                                  col->name, t->obj.name);
        } else {
            f->message = sd_printf(c->a, "adds required column \"%s\".\"%s\" without a default: fails if the table "
                                         "has rows", t->obj.name, col->name);
            f->prisma = sd_printf(c->a, "Added the required column `%s` to the `%s` table without a default value. "
                                        "This is not possible if the table is not empty.", col->name, t->obj.name);
        }
        f->safe = "add the column as optional (or with a DEFAULT), backfill it, then SET NOT NULL";
    }
    const char *why = NULL;
    if (col->identity != SD_IDENTITY_NONE)
        why = "an identity column is filled for every row";
    else if (col->generated)
        why = "a stored generated column is computed for every row";
    else if (col->default_expr) {
        int vol = sd_default_volatility(col->default_expr);
        if (vol == 1)
            why = sd_printf(c->a, "the volatile default %s is evaluated for every row", col->default_expr);
        else if (vol < 0)
            why = sd_printf(c->a, "the default %s calls a function not known to be non-volatile", col->default_expr);
        else if (!c->caps->const_default_no_rewrite)
            why = "a default fills every row before PostgreSQL 11";
    }
    if (why) {
        SdFinding *f = add_col(c, op, SD_RISK_REWRITE, SD_MEASURE_TABLE_ROWS);
        f->message = sd_printf(c->a, "rewrites \"%s\": %s", t->obj.name, why);
        f->safe = "add the column without a default (or with a constant one), SET DEFAULT, then backfill in batches";
        add_lock(c, op, t->obj.schema, t->obj.name, "table rewrite", f->safe);
    }
}

static void classify_alter_type(Ctx *c, SdOp *op)
{
    const SdTable *t = op_table(op);
    const SdColumn *from = op->col_before, *to = op->col_after;
    if (!t || !from || !to)
        return;
    SdCastInfo ci = sd_cast_info(&from->type, &to->type, c->caps);
    const SdEnum *target = to->type.is_enum && c->plan->to
                               ? sd_catalog_find_enum(c->plan->to, to->type.schema ? to->type.schema : "public", to->type.name)
                               : NULL; /* measured against its labels: it may not exist yet */
    const char *tf = sd_type_format(c->a, &from->type), *tt = sd_type_format(c->a, &to->type);
    const char *safe = "add a column of the new type, backfill it in batches with a checked conversion, then swap";
    if (ci.may_fail || ci.may_change) {
        SdFinding *f = add_col(c, op, SD_RISK_DATA_LOSS, SD_MEASURE_CAST_CHANGE);
        f->type_from = &from->type;
        f->type_to = &to->type;
        if (target)
            f->values = target->labels;
        f->message = sd_printf(c->a, "changes \"%s\".\"%s\" from %s to %s: %s", t->obj.name, from->name, tf, tt, ci.why);
        f->safe = safe;
        if (!from->type.ndims && to->type.ndims) {
            f->prisma_unexecutable = true;
            f->prisma = sd_printf(c->a, "Changed the column `%s` on the `%s` table from a scalar field to a list "
                                        "field. If there are non-null values in that column, this step will fail.",
                                  from->name, t->obj.name);
        } else if (ci.needs_using) {
            f->prisma = sd_printf(c->a, "You are about to alter the column `%s` on the `%s` table. The data in that "
                                        "column will be cast from `%s` to `%s`. This cast may fail. Please make sure "
                                        "the data in the column can be cast.", from->name, t->obj.name, tf, tt);
        } else {
            f->prisma = sd_printf(c->a, "You are about to alter the column `%s` on the `%s` table. The data in that "
                                        "column could be lost. The data in that column will be cast from `%s` to `%s`.",
                                  from->name, t->obj.name, tf, tt);
        }
    }
    if (ci.may_fail) {
        SdFinding *f = add_col(c, op, SD_RISK_CAST, SD_MEASURE_CAST_FAIL);
        f->type_from = &from->type;
        f->type_to = &to->type;
        if (target)
            f->values = target->labels;
        f->message = ci.needs_using
                         ? sd_printf(c->a, "no assignment cast from %s to %s: the statement needs USING, and values "
                                           "that do not convert fail", tf, tt)
                         : sd_printf(c->a, "values of \"%s\".\"%s\" that do not fit %s make the statement fail",
                                     t->obj.name, from->name, tt);
        f->safe = safe;
    }
    if (ci.rewrite) {
        SdFinding *f = add_col(c, op, SD_RISK_REWRITE, SD_MEASURE_TABLE_ROWS);
        f->message = sd_printf(c->a, "rewrites \"%s\" and rebuilds its indexes: %s to %s is not binary-coercible",
                               t->obj.name, tf, tt);
        f->safe = safe;
        add_lock(c, op, t->obj.schema, t->obj.name, "table rewrite", safe);
    }
}

static const char *not_null_safe(Ctx *c)
{
    if (c->caps->not_null_not_valid)
        return "ADD CONSTRAINT ... NOT NULL col NOT VALID, then VALIDATE CONSTRAINT (no long lock)";
    if (c->caps->not_null_uses_check)
        return "add a CHECK (col IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL (no scan) and drop the CHECK";
    return "none before PostgreSQL 12: backfill first and run SET NOT NULL in a quiet period";
}

static void classify_set_not_null(Ctx *c, SdOp *op)
{
    const SdTable *t = op_table(op);
    const SdColumn *col = op->col_after ? op->col_after : op->col_before;
    if (!t || !col || table_is_new(c, t->obj.schema, t->obj.name))
        return;
    SdFinding *f = add_col(c, op, SD_RISK_NOT_NULL, SD_MEASURE_NULLS);
    sd_vec_push(c->a, &f->columns, (void *)col->name);
    f->prisma_unexecutable = true;
    f->message = sd_printf(c->a, "makes \"%s\".\"%s\" NOT NULL: fails if any row holds NULL", t->obj.name, col->name);
    f->safe = "backfill before SET NOT NULL";
    f->prisma = sd_printf(c->a, "Made the column `%s` on table `%s` required. This step will fail if there are "
                                "existing NULL values in that column.", col->name, t->obj.name);
    add_lock(c, op, t->obj.schema, t->obj.name, "SET NOT NULL scans the table", not_null_safe(c));
}

/* ---- containers, keys, indexes, constraints ---- */

static void classify_drop_container(Ctx *c, SdOp *op)
{
    const SdObject *o = op->before;
    if (!o)
        return;
    SdFinding *f = add(c, op, SD_RISK_DATA_LOSS, o->schema, o->name, NULL, SD_MEASURE_NONE);
    f->message = op->kind == SD_OP_DROP_SCHEMA
                     ? sd_printf(c->a, "drops schema \"%s\" with everything left in it", o->name)
                     : sd_printf(c->a, "drops extension \"%s\": its types, functions and columns using them go too", o->name);
    f->safe = "drop the objects that hold data explicitly first, so each one is reviewed";
}

static void key_columns(Ctx *c, SdFinding *f, const SdVec *cols)
{
    for (size_t i = 0; i < cols->len; i++)
        sd_vec_push(c->a, &f->columns, cols->items[i]);
}

static void classify_add_key(Ctx *c, SdOp *op)
{
    const SdTable *t = op_table(op);
    const SdConstraint *con = op->con_after;
    if (!t || !con || table_is_new(c, t->obj.schema, t->obj.name))
        return;
    bool pk = op->kind == SD_OP_ADD_PRIMARY_KEY;
    SdFinding *f = add(c, op, SD_RISK_UNIQUE, t->obj.schema, t->obj.name, NULL, SD_MEASURE_DUPLICATES);
    key_columns(c, f, &con->columns);
    f->object = sd_printf(c->a, "%s(%s)", t->obj.name, join(c, &con->columns));
    f->message = sd_printf(c->a, "adds %s (%s) on \"%s\": fails if existing rows hold duplicates",
                           pk ? "a primary key" : "a unique constraint", join(c, &con->columns), t->obj.name);
    f->safe = pk ? "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX"
                 : "CREATE UNIQUE INDEX CONCURRENTLY, then ADD CONSTRAINT ... UNIQUE USING INDEX";
    if (pk && op->table_before && sd_table_primary_key(op->table_before))
        f->prisma = sd_printf(c->a, "The primary key for the `%s` table will be changed. If it partially fails, the "
                                    "table could be left without primary key constraint.", t->obj.name);
    else if (!pk)
        f->prisma = sd_printf(c->a, "A unique constraint covering the columns `[%s]` on the table `%s` will be added. "
                                    "If there are existing duplicate values, this will fail.",
                              join(c, &con->columns), t->obj.name);
    if (pk) { /* PRIMARY KEY sets NOT NULL on its columns: existing NULLs fail */
        const SdTable *tb = op->table_before ? op->table_before : t;
        SdFinding *n = NULL;
        for (size_t i = 0; i < con->columns.len; i++) {
            const SdColumn *col = sd_table_find_column(tb, SD_VEC_AT(con->columns, i, const char *));
            if (col && !col->not_null) {
                if (!n)
                    n = add(c, op, SD_RISK_NOT_NULL, t->obj.schema, t->obj.name, NULL, SD_MEASURE_NULLS);
                sd_vec_push(c->a, &n->columns, (void *)col->name);
            }
        }
        if (n) {
            n->object = sd_printf(c->a, "%s(%s)", t->obj.name, join(c, &n->columns));
            n->message = sd_printf(c->a, "the primary key makes (%s) NOT NULL: fails if any row holds NULL",
                                   join(c, &n->columns));
            n->safe = "backfill the key columns before adding the primary key";
        }
    }
    add_lock(c, op, t->obj.schema, t->obj.name, "building the key's index", f->safe);
}

static void classify_create_index(Ctx *c, SdOp *op)
{
    const SdIndex *idx = (const SdIndex *)(op->after ? op->after : op->before);
    if (!idx)
        return;
    if (op->no_transaction) { /* CREATE INDEX CONCURRENTLY */
        op->lock = SD_LOCK_SHARE_UPDATE_EXCLUSIVE;
    }
    if (table_is_new(c, idx->obj.schema, idx->table))
        return;
    if (idx->unique) {
        SdFinding *f = add(c, op, SD_RISK_UNIQUE, idx->obj.schema, idx->table, NULL, SD_MEASURE_DUPLICATES);
        SdVec names = {0};
        for (size_t i = 0; i < idx->elems.len; i++) {
            const SdIndexElem *e = SD_VEC_AT(idx->elems, i, const SdIndexElem *);
            sd_vec_push(c->a, &f->columns, (void *)(e->column ? e->column : sd_printf(c->a, "(%s)", e->expr)));
            sd_vec_push(c->a, &names, (void *)(e->column ? e->column : e->expr));
        }
        f->object = sd_printf(c->a, "%s(%s)", idx->table, join(c, &names));
        f->message = sd_printf(c->a, "creates unique index \"%s\" on \"%s\": fails if existing rows hold duplicates",
                               idx->obj.name, idx->table);
        f->safe = op->no_transaction ? "clean up duplicates first (a failed CONCURRENTLY build leaves an INVALID index)"
                                     : "remove duplicates first, then CREATE UNIQUE INDEX CONCURRENTLY";
        f->prisma = sd_printf(c->a, "A unique constraint covering the columns `[%s]` on the table `%s` will be added. "
                                    "If there are existing duplicate values, this will fail.", join(c, &names), idx->table);
    }
    add_lock(c, op, idx->obj.schema, idx->table, "CREATE INDEX reads the whole table",
             "CREATE INDEX CONCURRENTLY (outside a transaction block)");
}

static void classify_add_validated(Ctx *c, SdOp *op)
{
    const SdTable *t = op_table(op);
    const SdConstraint *con = op->con_after;
    if (!t || !con || con->not_valid || table_is_new(c, t->obj.schema, t->obj.name))
        return;
    if (op->kind == SD_OP_ADD_FOREIGN_KEY) {
        SdFinding *o = add(c, op, SD_RISK_FK, t->obj.schema, t->obj.name, NULL, SD_MEASURE_ORPHANS);
        key_columns(c, o, &con->columns);
        o->ref_columns = con->ref_columns;
        o->ref_schema = con->ref_schema ? con->ref_schema : t->obj.schema;
        o->lock_other = con->ref_table;
        o->object = sd_printf(c->a, "%s(%s)", t->obj.name, join(c, &con->columns));
        o->message = sd_printf(c->a, "adds foreign key \"%s\" on \"%s\" (%s): fails if a row's key matches no row of \"%s\"",
                               con->name, t->obj.name, join(c, &con->columns), con->ref_table);
        o->safe = "delete or fix the orphan rows first; ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT";
        add_lock(c, op, t->obj.schema, t->obj.name, "validating the foreign key scans the table",
                 "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT");
        if (op->findings.len) {
            SdFinding *f = SD_VEC_AT(op->findings, op->findings.len - 1, SdFinding *);
            f->lock_other = con->ref_table;
            f->message = sd_printf(c->a, "%s; also %s on the referenced table \"%s\"", f->message,
                                   sd_lock_name(op->lock), con->ref_table);
        }
    } else if (op->kind == SD_OP_ADD_CHECK) {
        SdFinding *k = add(c, op, SD_RISK_CHECK, t->obj.schema, t->obj.name, NULL, SD_MEASURE_CHECK);
        k->expr = con->expr;
        k->object = sd_printf(c->a, "%s.%s", t->obj.name, con->name);
        k->message = sd_printf(c->a, "adds CHECK \"%s\" on \"%s\": fails if a row does not satisfy %s", con->name,
                               t->obj.name, con->expr ? con->expr : "it");
        k->safe = "fix the rows first; ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT";
        add_lock(c, op, t->obj.schema, t->obj.name, "validating the CHECK scans the table",
                 "ADD CONSTRAINT ... NOT VALID, then VALIDATE CONSTRAINT");
    } else {
        add_lock(c, op, t->obj.schema, t->obj.name, "building the exclusion constraint's index",
                 "none: an exclusion constraint cannot be built concurrently; run it in a quiet period");
    }
}

static void classify_op(Ctx *c, SdOp *op)
{
    const SdOpInfo *info = sd_op_info(op->kind);
    op->risks = 0;
    op->lock = info->lock;
    op->findings = (SdVec){0};
    switch (op->kind) {
    case SD_OP_DROP_TABLE: classify_drop_table(c, op); break;
    case SD_OP_DROP_COLUMN: classify_drop_column(c, op); break;
    case SD_OP_DROP_SCHEMA: case SD_OP_DROP_EXTENSION: classify_drop_container(c, op); break;
    case SD_OP_RECREATE_ENUM: classify_recreate_enum(c, op); break;
    case SD_OP_ADD_COLUMN: classify_add_column(c, op); break;
    case SD_OP_ALTER_COLUMN_TYPE: classify_alter_type(c, op); break;
    case SD_OP_SET_NOT_NULL: classify_set_not_null(c, op); break;
    case SD_OP_ADD_PRIMARY_KEY: case SD_OP_ADD_UNIQUE: classify_add_key(c, op); break;
    case SD_OP_CREATE_INDEX: classify_create_index(c, op); break;
    case SD_OP_ADD_FOREIGN_KEY: case SD_OP_ADD_CHECK: case SD_OP_ADD_EXCLUSION: classify_add_validated(c, op); break;
    case SD_OP_ADD_ENUM_VALUE:
        if (!c->caps->enum_add_value_in_tx)
            op->no_transaction = true;
        break;
    case SD_OP_RENAME_INDEX:
        op->lock = c->caps->rename_index_weak_lock ? SD_LOCK_SHARE_UPDATE_EXCLUSIVE : SD_LOCK_ACCESS_EXCLUSIVE;
        break;
    case SD_OP_DROP_INDEX:
        if (op->no_transaction) /* DROP INDEX CONCURRENTLY */
            op->lock = SD_LOCK_SHARE_UPDATE_EXCLUSIVE;
        break;
    default: break;
    }
    for (size_t i = 0; i < op->group.len; i++) /* column ops joined into one ALTER TABLE */
        classify_op(c, SD_VEC_AT(op->group, i, SdOp *));
}

void sd_risk_classify(SdArena *a, SdPlan *plan, const SdCaps *caps)
{
    Ctx c = {.a = a, .caps = caps, .plan = plan};
    for (size_t i = 0; i < plan->ops.len; i++) {
        const SdOp *op = SD_VEC_AT(plan->ops, i, const SdOp *);
        if (op->kind == SD_OP_CREATE_TABLE && op->after)
            sd_map_put(a, &c.new_tables, qkey(&c, op->after->schema, op->after->name), (void *)op);
    }
    for (size_t i = 0; i < plan->ops.len; i++)
        classify_op(&c, SD_VEC_AT(plan->ops, i, SdOp *));
}

static unsigned op_present(const SdOp *op)
{
    unsigned bits = 0;
    for (size_t i = 0; i < op->findings.len; i++) {
        const SdFinding *f = SD_VEC_AT(op->findings, i, const SdFinding *);
        if (!(f->measured && f->rows == 0))
            bits |= 1u << f->cls;
    }
    for (size_t i = 0; i < op->group.len; i++)
        bits |= op_present(SD_VEC_AT(op->group, i, const SdOp *));
    return bits;
}

unsigned sd_risk_present(const SdPlan *plan)
{
    unsigned bits = 0;
    for (size_t i = 0; i < plan->ops.len; i++)
        bits |= op_present(SD_VEC_AT(plan->ops, i, const SdOp *));
    return bits;
}

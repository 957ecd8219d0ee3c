/* diff.c: matches two catalogs object by object and makes the typed
 * operations that turn FROM into TO (creations, drops, alterations), then
 * hands them to order.c.  Objects are matched by kind, schema and name;
 * renames come only from hints (SdDiffOptions.renames, not yet read). */
#include "diffint.h"

#include <string.h>

typedef struct Differ {
    SdArena *a;
    SdDiags *diags;
    const SdCatalog *from, *to;
    const SdDiffOptions *opts;
    SdPlan *plan;
} Differ;

static SdOp *new_op(Differ *d, SdOpKind kind, const SdObject *before, const SdObject *after)
{
    const SdOpInfo *info = sd_op_info(kind);
    SdOp *op = sd_alloc(d->a, sizeof *op);
    op->kind = kind;
    op->before = before;
    op->after = after;
    op->risks = info->risks;
    op->lock = info->lock;
    op->phase = info->phase;
    sd_vec_push(d->a, &d->plan->ops, op);
    return op;
}

static SdOp *table_op(Differ *d, SdOpKind kind, const SdTable *tb, const SdTable *ta)
{
    SdOp *op = new_op(d, kind, tb ? &tb->obj : NULL, ta ? &ta->obj : NULL);
    op->table_before = tb;
    op->table_after = ta;
    return op;
}

/* ---- serial columns ---- */

const SdSequence *sd_owned_sequence(const SdCatalog *cat, const SdTable *t, const char *column)
{
    return sd_catalog_owned_sequence(cat, t->obj.schema, t->obj.name, column);
}

bool sd_column_is_serial(const SdCatalog *cat, const SdTable *t, const SdColumn *col)
{
    const char *n = col->type.name;
    if (!cat || col->type.ndims || col->type.schema || !n || !col->default_expr)
        return false;
    if (strcmp(n, "integer") && strcmp(n, "bigint") && strcmp(n, "smallint"))
        return false;
    if (strncmp(col->default_expr, "nextval(", 8) != 0)
        return false;
    const SdSequence *s = sd_owned_sequence(cat, t, col->name);
    return s && strstr(col->default_expr, s->obj.name);
}

/* A sequence created by a SERIAL column of its owning table in cat. */
static bool is_serial_sequence(const SdCatalog *cat, const SdSequence *s)
{
    if (!s->owned_table)
        return false;
    const SdTable *t = sd_catalog_find_table(cat, s->obj.schema, s->owned_table);
    const SdColumn *col = t ? sd_table_find_column(t, s->owned_column) : NULL;
    return col && sd_column_is_serial(cat, t, col);
}

/* A serial sequence needs no statement of its own when its column comes and
 * goes with it: the column is created (CREATE TABLE, ADD COLUMN: SERIAL) or
 * dropped on the other side.  A column that exists on both sides and becomes
 * (or stops being) serial needs CREATE SEQUENCE ... OWNED BY (DROP SEQUENCE). */
static bool serial_goes_with_column(const SdCatalog *cat, const SdCatalog *other, const SdSequence *s)
{
    if (!is_serial_sequence(cat, s))
        return false;
    const SdTable *t = sd_catalog_find_table(other, s->obj.schema, s->owned_table);
    return !t || !sd_table_find_column(t, s->owned_column);
}

/* ---- what the TO side may drop ---- */

/* An object of FROM missing from TO is dropped when TO could have described
 * it: TO describes everything (SQL, database, empty), the user asked, or the
 * object's kind is one a Prisma schema manages. */
static bool may_drop(const Differ *d, const SdObject *o)
{
    if (d->to->describes_all || (d->opts && d->opts->drop_unmanaged))
        return true;
    switch (o->kind) {
    case SD_OBJ_TABLE:
    case SD_OBJ_ENUM:
    case SD_OBJ_INDEX:
    case SD_OBJ_SEQUENCE:
        return true;
    default:
        return o->managed;
    }
}

static void keep(Differ *d, const SdObject *o) { sd_vec_push(d->a, &d->plan->kept, (void *)o); }

/* ---- equality ---- */

static bool strvec_equal(const SdVec *a, const SdVec *b)
{
    if (a->len != b->len)
        return false;
    for (size_t i = 0; i < a->len; i++)
        if (!sd_streq(a->items[i], b->items[i]))
            return false;
    return true;
}

/* Operator classes PostgreSQL picks when none is named (pg_get_indexdef then
 * omits them), for the index methods Prisma offers.  Prisma prints them when the
 * schema names them (ops: JsonbOps), so a source may keep them: they equal none. */
static bool is_default_opclass(const char *method, const char *opclass)
{
    static const char *const GIN[] = {"jsonb_ops", "array_ops", "tsvector_ops"};
    if (!sd_streq(method, "gin"))
        return false;
    for (size_t i = 0; i < SD_ARRAY_LEN(GIN); i++)
        if (strcmp(GIN[i], opclass) == 0)
            return true;
    return false;
}

static bool opclass_equal(const char *method, const char *a, const char *b)
{
    if (sd_streq(a, b))
        return true;
    return (!a && is_default_opclass(method, b)) || (!b && is_default_opclass(method, a));
}

static bool elem_equal(const char *method, const SdIndexElem *a, const SdIndexElem *b)
{
    return sd_streq(a->column, b->column) && sd_streq(a->expr, b->expr) && opclass_equal(method, a->opclass, b->opclass) &&
           sd_streq(a->collation, b->collation) && a->desc == b->desc && a->nulls == b->nulls;
}

static bool index_equal(const SdIndex *a, const SdIndex *b)
{
    if (a->unique != b->unique || a->nulls_not_distinct != b->nulls_not_distinct ||
        !sd_streq(a->method, b->method) || !sd_streq(a->table, b->table) || !sd_streq(a->predicate, b->predicate) ||
        !strvec_equal(&a->include, &b->include) || a->elems.len != b->elems.len)
        return false;
    for (size_t i = 0; i < a->elems.len; i++)
        if (!elem_equal(a->method, a->elems.items[i], b->elems.items[i]))
            return false;
    return true;
}

static bool constraint_equal(const SdConstraint *a, const SdConstraint *b)
{
    if (a->kind != b->kind || !strvec_equal(&a->columns, &b->columns) || !sd_streq(a->expr, b->expr) ||
        a->deferrable != b->deferrable || a->initially_deferred != b->initially_deferred ||
        a->nulls_not_distinct != b->nulls_not_distinct || !strvec_equal(&a->include, &b->include) ||
        a->no_inherit != b->no_inherit)
        return false;
    if (a->kind != SD_CON_FOREIGN)
        return true;
    return sd_streq(a->ref_schema, b->ref_schema) && sd_streq(a->ref_table, b->ref_table) &&
           strvec_equal(&a->ref_columns, &b->ref_columns) && a->on_delete == b->on_delete &&
           a->on_update == b->on_update && a->match == b->match;
}

static bool sequence_equal(const SdSequence *a, const SdSequence *b)
{
    return sd_streq(a->type, b->type) && a->start == b->start && a->increment == b->increment &&
           a->min == b->min && a->max == b->max && a->cache == b->cache && a->cycle == b->cycle &&
           sd_streq(a->owned_table, b->owned_table) && sd_streq(a->owned_column, b->owned_column);
}

/* ---- schemas, extensions, sequences, opaque objects ---- */

typedef bool (*EqualFn)(const void *a, const void *b);

/* Creates what only TO has, drops what only FROM has (when TO could describe
 * it), and calls alter (or drop + create when alter is NULL and eq says they
 * differ) for what both have.  skip: objects of a side that need no op of
 * their own (serial sequences). */
typedef struct KindDiff {
    SdObjKind kind;
    size_t list_off; /* offsetof(SdCatalog, <list>) */
    SdOpKind create, drop, alter;
    EqualFn eq;      /* NULL: equal when both exist */
    bool (*skip)(const SdCatalog *cat, const SdCatalog *other, const void *obj);
} KindDiff;

static const SdVec *list_at(const SdCatalog *c, size_t off) { return (const SdVec *)((const char *)c + off); }

static void diff_kind(Differ *d, const KindDiff *k)
{
    const SdVec *tl = list_at(d->to, k->list_off), *fl = list_at(d->from, k->list_off);
    for (size_t i = 0; i < tl->len; i++) {
        const SdObject *t = tl->items[i];
        if (k->skip && k->skip(d->to, d->from, t))
            continue;
        const SdObject *f = sd_catalog_find(d->from, k->kind, t->schema, t->name);
        if (f && k->skip && k->skip(d->from, d->to, f))
            f = NULL;
        if (!f) {
            new_op(d, k->create, NULL, t);
        } else if (k->eq && !k->eq(f, t)) {
            if ((int)k->alter >= 0) {
                new_op(d, k->alter, f, t);
            } else {
                new_op(d, k->drop, f, NULL);
                new_op(d, k->create, NULL, t);
            }
        }
    }
    for (size_t i = 0; i < fl->len; i++) {
        const SdObject *f = fl->items[i];
        if ((k->skip && k->skip(d->from, d->to, f)) || sd_catalog_find(d->to, k->kind, f->schema, f->name))
            continue;
        if (may_drop(d, f))
            new_op(d, k->drop, f, NULL);
        else
            keep(d, f);
    }
}

static bool ext_equal(const void *a, const void *b)
{
    const SdExtension *x = a, *y = b;
    return sd_streq(x->version, y->version) || !x->version || !y->version;
}
static bool seq_equal(const void *a, const void *b) { return sequence_equal(a, b); }
static bool opaque_equal(const void *a, const void *b)
{
    return sd_streq(((const SdOpaque *)a)->definition, ((const SdOpaque *)b)->definition);
}
static bool view_equal(const void *a, const void *b)
{
    const SdView *x = a, *y = b;
    return x->materialized == y->materialized && sd_streq(x->definition, y->definition);
}
static bool skip_serial_seq(const SdCatalog *cat, const SdCatalog *other, const void *o)
{
    return serial_goes_with_column(cat, other, o);
}

#define NO_ALTER ((SdOpKind)-1)

static const KindDiff KIND_DIFFS[] = {
    {SD_OBJ_SCHEMA, offsetof(SdCatalog, schemas), SD_OP_CREATE_SCHEMA, SD_OP_DROP_SCHEMA, NO_ALTER, NULL, NULL},
    {SD_OBJ_EXTENSION, offsetof(SdCatalog, extensions), SD_OP_CREATE_EXTENSION, SD_OP_DROP_EXTENSION,
     SD_OP_ALTER_EXTENSION, ext_equal, NULL},
    {SD_OBJ_TYPE, offsetof(SdCatalog, types), SD_OP_CREATE_TYPE, SD_OP_DROP_TYPE, NO_ALTER, opaque_equal, NULL},
    {SD_OBJ_SEQUENCE, offsetof(SdCatalog, sequences), SD_OP_CREATE_SEQUENCE, SD_OP_DROP_SEQUENCE,
     SD_OP_ALTER_SEQUENCE, seq_equal, skip_serial_seq},
    {SD_OBJ_FUNCTION, offsetof(SdCatalog, functions), SD_OP_CREATE_FUNCTION, SD_OP_DROP_FUNCTION,
     SD_OP_REPLACE_FUNCTION, opaque_equal, NULL},
    {SD_OBJ_VIEW, offsetof(SdCatalog, views), SD_OP_CREATE_VIEW, SD_OP_DROP_VIEW, NO_ALTER, view_equal, NULL},
    {SD_OBJ_TRIGGER, offsetof(SdCatalog, triggers), SD_OP_CREATE_TRIGGER, SD_OP_DROP_TRIGGER, NO_ALTER,
     opaque_equal, NULL},
    {SD_OBJ_OPAQUE, offsetof(SdCatalog, opaques), SD_OP_CREATE_OPAQUE, SD_OP_DROP_OPAQUE, NO_ALTER, opaque_equal,
     NULL},
};

/* ---- enums ---- */

/* Labels of f kept in order in t: then the new ones can be added one by one
 * (ADD VALUE ... BEFORE/AFTER); otherwise the type must be recreated. */
static bool labels_extend(const SdEnum *f, const SdEnum *t)
{
    size_t j = 0;
    for (size_t i = 0; i < t->labels.len && j < f->labels.len; i++)
        if (sd_streq(t->labels.items[i], f->labels.items[j]))
            j++;
    return j == f->labels.len;
}

static void diff_enum_values(Differ *d, const SdEnum *f, const SdEnum *t)
{
    if (!labels_extend(f, t)) {
        new_op(d, SD_OP_RECREATE_ENUM, &f->obj, &t->obj);
        return;
    }
    for (size_t i = 0; i < t->labels.len; i++) {
        const char *l = t->labels.items[i];
        bool old = false;
        for (size_t j = 0; j < f->labels.len && !old; j++)
            old = sd_streq(f->labels.items[j], l);
        if (old)
            continue;
        SdOp *op = new_op(d, SD_OP_ADD_ENUM_VALUE, &f->obj, &t->obj);
        op->value = l;
        /* The next label that already exists, if any: ADD VALUE 'x' BEFORE 'y'. */
        for (size_t k = i + 1; k < t->labels.len && !op->neighbor; k++)
            for (size_t j = 0; j < f->labels.len; j++)
                if (sd_streq(f->labels.items[j], t->labels.items[k]))
                    op->neighbor = t->labels.items[k];
    }
}

static void diff_enums(Differ *d)
{
    for (size_t i = 0; i < d->to->enums.len; i++) {
        const SdEnum *t = d->to->enums.items[i];
        const SdEnum *f = sd_catalog_find_enum(d->from, t->obj.schema, t->obj.name);
        if (!f)
            new_op(d, SD_OP_CREATE_ENUM, NULL, &t->obj);
        else if (!strvec_equal(&f->labels, &t->labels))
            diff_enum_values(d, f, t);
    }
    for (size_t i = 0; i < d->from->enums.len; i++) {
        const SdEnum *f = d->from->enums.items[i];
        if (sd_catalog_find_enum(d->to, f->obj.schema, f->obj.name))
            continue;
        if (may_drop(d, &f->obj))
            new_op(d, SD_OP_DROP_ENUM, &f->obj, NULL);
        else
            keep(d, &f->obj);
    }
}

/* ---- tables ---- */

static bool default_equal(const Differ *d, const SdTable *tb, const SdColumn *cb, const SdTable *ta,
                          const SdColumn *ca)
{
    bool sb = sd_column_is_serial(d->from, tb, cb), sa = sd_column_is_serial(d->to, ta, ca);
    if (sb || sa)
        return sb == sa;
    return sd_streq(cb->default_expr, ca->default_expr);
}

static SdOp *column_op(Differ *d, SdOpKind kind, const SdTable *tb, const SdColumn *cb, const SdTable *ta,
                       const SdColumn *ca)
{
    SdOp *op = table_op(d, kind, tb, ta);
    op->col_before = cb;
    op->col_after = ca;
    return op;
}

/* Prisma's clause order for one column: nullability, default, then type. */
static void diff_column(Differ *d, const SdTable *tb, const SdColumn *cb, const SdTable *ta, const SdColumn *ca)
{
    if (cb->not_null != ca->not_null)
        column_op(d, ca->not_null ? SD_OP_SET_NOT_NULL : SD_OP_DROP_NOT_NULL, tb, cb, ta, ca);
    if (!default_equal(d, tb, cb, ta, ca))
        column_op(d, ca->default_expr ? SD_OP_SET_DEFAULT : SD_OP_DROP_DEFAULT, tb, cb, ta, ca);
    if (!sd_type_equal(&cb->type, &ca->type) || !sd_streq(cb->collation, ca->collation))
        column_op(d, SD_OP_ALTER_COLUMN_TYPE, tb, cb, ta, ca);
    if (cb->identity != ca->identity)
        column_op(d, SD_OP_ALTER_IDENTITY, tb, cb, ta, ca);
}

static int column_name_cmp(const void *a, const void *b)
{
    return strcmp(((const SdColumn *)a)->name, ((const SdColumn *)b)->name);
}

/* Columns of t missing from other, by name (Prisma's order for added and dropped columns). */
static SdVec missing_columns(Differ *d, const SdTable *t, const SdTable *other)
{
    SdVec v = {0};
    for (size_t i = 0; i < t->columns.len; i++) {
        SdColumn *c = t->columns.items[i];
        if (!sd_table_find_column(other, c->name))
            sd_vec_push(d->a, &v, c);
    }
    sd_vec_sort(&v, column_name_cmp);
    return v;
}

static bool generated_changed(const SdColumn *cb, const SdColumn *ca)
{
    return (cb->generated || ca->generated) && !sd_streq(cb->generated, ca->generated);
}

/* As Prisma orders the clauses of one ALTER TABLE: dropped columns, added
 * columns (each by name), then changed columns in table order. */
static void diff_columns(Differ *d, const SdTable *tb, const SdTable *ta)
{
    SdVec dropped = missing_columns(d, tb, ta), added = missing_columns(d, ta, tb);
    for (size_t i = 0; i < ta->columns.len; i++) { /* a generated column is dropped and added again */
        SdColumn *ca = ta->columns.items[i], *cb = sd_table_find_column(tb, ca->name);
        if (cb && generated_changed(cb, ca)) {
            sd_vec_push(d->a, &dropped, cb);
            sd_vec_push(d->a, &added, ca);
        }
    }
    for (size_t i = 0; i < dropped.len; i++)
        column_op(d, SD_OP_DROP_COLUMN, tb, dropped.items[i], ta, NULL);
    for (size_t i = 0; i < added.len; i++)
        column_op(d, SD_OP_ADD_COLUMN, tb, NULL, ta, added.items[i]);
    for (size_t i = 0; i < ta->columns.len; i++) {
        const SdColumn *ca = ta->columns.items[i];
        const SdColumn *cb = sd_table_find_column(tb, ca->name);
        if (cb && !generated_changed(cb, ca))
            diff_column(d, tb, cb, ta, ca);
    }
}

static SdOpKind con_add_kind(SdConKind k)
{
    switch (k) {
    case SD_CON_PRIMARY: return SD_OP_ADD_PRIMARY_KEY;
    case SD_CON_UNIQUE: return SD_OP_ADD_UNIQUE;
    case SD_CON_FOREIGN: return SD_OP_ADD_FOREIGN_KEY;
    case SD_CON_CHECK: return SD_OP_ADD_CHECK;
    case SD_CON_EXCLUDE: return SD_OP_ADD_EXCLUSION;
    }
    sd_unreachable("constraint kind");
}

static SdOpKind con_drop_kind(SdConKind k)
{
    switch (k) {
    case SD_CON_PRIMARY: return SD_OP_DROP_PRIMARY_KEY;
    case SD_CON_UNIQUE: return SD_OP_DROP_UNIQUE;
    case SD_CON_FOREIGN: return SD_OP_DROP_FOREIGN_KEY;
    case SD_CON_CHECK: return SD_OP_DROP_CHECK;
    case SD_CON_EXCLUDE: return SD_OP_DROP_EXCLUSION;
    }
    sd_unreachable("constraint kind");
}

static SdOp *con_op(Differ *d, SdOpKind kind, const SdTable *tb, const SdConstraint *kb, const SdTable *ta,
                    const SdConstraint *ka)
{
    SdOp *op = table_op(d, kind, tb, ta);
    op->con_before = kb;
    op->con_after = ka;
    return op;
}

/* Constraints of a table on both sides (or only TO's when tb is NULL: a new
 * table, whose non-foreign constraints go inside CREATE TABLE). */
static void diff_constraints(Differ *d, const SdTable *tb, const SdTable *ta)
{
    for (size_t i = 0; ta && i < ta->constraints.len; i++) {
        const SdConstraint *ka = ta->constraints.items[i];
        const SdConstraint *kb = tb ? sd_table_find_constraint(tb, ka->name) : NULL;
        if (!tb && ka->kind != SD_CON_FOREIGN)
            continue;
        if (kb && constraint_equal(kb, ka))
            continue;
        if (kb)
            con_op(d, con_drop_kind(kb->kind), tb, kb, ta, NULL);
        con_op(d, con_add_kind(ka->kind), tb, NULL, ta, ka);
    }
    for (size_t i = 0; tb && i < tb->constraints.len; i++) {
        const SdConstraint *kb = tb->constraints.items[i];
        /* A dropped table loses its constraints with it, but foreign keys are
         * dropped first, as Prisma does, so no table is dropped while referenced. */
        if (!ta && kb->kind != SD_CON_FOREIGN)
            continue;
        if (!ta || !sd_table_find_constraint(ta, kb->name))
            con_op(d, con_drop_kind(kb->kind), tb, kb, ta, NULL);
    }
}

static void diff_tables(Differ *d)
{
    for (size_t i = 0; i < d->to->tables.len; i++) {
        const SdTable *ta = d->to->tables.items[i];
        const SdTable *tb = sd_catalog_find_table(d->from, ta->obj.schema, ta->obj.name);
        if (!tb) {
            table_op(d, SD_OP_CREATE_TABLE, NULL, ta);
        } else {
            diff_columns(d, tb, ta);
        }
        diff_constraints(d, tb, ta);
    }
    for (size_t i = 0; i < d->from->tables.len; i++) {
        const SdTable *tb = d->from->tables.items[i];
        if (sd_catalog_find_table(d->to, tb->obj.schema, tb->obj.name))
            continue;
        if (!may_drop(d, &tb->obj)) {
            keep(d, &tb->obj);
            continue;
        }
        diff_constraints(d, tb, NULL);
        table_op(d, SD_OP_DROP_TABLE, tb, NULL);
    }
}

/* ---- indexes ---- */

static SdOp *index_op(Differ *d, SdOpKind kind, const SdIndex *ib, const SdIndex *ia)
{
    SdOp *op = new_op(d, kind, ib ? &ib->obj : NULL, ia ? &ia->obj : NULL);
    const SdIndex *ix = ia ? ia : ib;
    const SdCatalog *cat = ia ? d->to : d->from;
    if (ia)
        op->table_after = sd_catalog_find_table(cat, ix->obj.schema, ix->table);
    else
        op->table_before = sd_catalog_find_table(cat, ix->obj.schema, ix->table);
    return op;
}

static void diff_indexes(Differ *d)
{
    for (size_t i = 0; i < d->to->indexes.len; i++) {
        const SdIndex *ia = d->to->indexes.items[i];
        const SdIndex *ib = (const SdIndex *)sd_catalog_find(d->from, SD_OBJ_INDEX, ia->obj.schema, ia->obj.name);
        if (ib && index_equal(ib, ia))
            continue;
        if (ib)
            index_op(d, SD_OP_DROP_INDEX, ib, NULL);
        index_op(d, SD_OP_CREATE_INDEX, NULL, ia);
    }
    for (size_t i = 0; i < d->from->indexes.len; i++) {
        const SdIndex *ib = d->from->indexes.items[i];
        if (sd_catalog_find(d->to, SD_OBJ_INDEX, ib->obj.schema, ib->obj.name))
            continue;
        /* An index of a dropped table goes with it. */
        if (!sd_catalog_find_table(d->to, ib->obj.schema, ib->table))
            continue;
        if (may_drop(d, &ib->obj))
            index_op(d, SD_OP_DROP_INDEX, ib, NULL);
        else
            keep(d, &ib->obj);
    }
}

SdPlan *sd_diff(SdArena *a, SdDiags *diags, const SdCatalog *from, const SdCatalog *to, const SdDiffOptions *opts)
{
    SdPlan *plan = sd_alloc(a, sizeof *plan);
    plan->from = from;
    plan->to = to;
    Differ d = {a, diags, from, to, opts, plan};
    for (size_t i = 0; i < SD_ARRAY_LEN(KIND_DIFFS); i++)
        diff_kind(&d, &KIND_DIFFS[i]);
    diff_enums(&d);
    diff_tables(&d);
    diff_indexes(&d);
    sd_order_ops(a, diags, plan);
    return plan;
}

/* diff.c: matches two catalogs object by object and makes the typed
 * operations that turn FROM into TO (creations, drops, alterations), then
 * hands them to order.c.  Objects are matched by kind, schema and name, or
 * through the renames rename.c finds (Prisma names, --rename hints); indexes
 * and constraints whose definitions agree under new names are renamed too.
 * When TO is a Prisma schema, what it cannot describe is kept (docs/diff.md). */
#include "diffint.h"
#include "risk.h"

#include <string.h>

typedef struct Differ {
    SdArena *a;
    SdDiags *diags;
    const SdCatalog *from, *to;
    const SdDiffOptions *opts;
    SdPlan *plan;
    SdRenames ren;
    bool to_partial;       /* TO has a partial index: it describes them (has_partial_index) */
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

/* makeObjectName() of PostgreSQL: "name1_name2_label", the longer of the two
 * names cut first so that the whole fits in 63 bytes (at a UTF-8 boundary). */
static void pg_object_name(char *out, size_t size, const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1), n2 = strlen(name2), avail = 63 - (strlen(label) + 1) - 1;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    while (n1 && ((unsigned char)name1[n1] & 0xC0) == 0x80)
        n1--;
    while (n2 && ((unsigned char)name2[n2] & 0xC0) == 0x80)
        n2--;
    sd_snprintf(out, size, "%.*s_%.*s_%s", (int)n1, name1, (int)n2, name2, label);
}

/* s is what SERIAL on t.col makes: its name (ChooseRelationName without a
 * clash), the column's type and the default options.  Any other sequence
 * (kept under an old name after a table rename, bigint behind an integer
 * column, other options) is created and owned explicitly. */
static bool is_serial_shape(const SdTable *t, const SdColumn *col, const SdSequence *s)
{
    char name[128];
    pg_object_name(name, sizeof name, t->obj.name, col->name, "seq");
    int64_t max = strcmp(col->type.name, "smallint") == 0 ? INT16_MAX
                  : strcmp(col->type.name, "integer") == 0 ? INT32_MAX : INT64_MAX;
    return strcmp(s->obj.name, name) == 0 && sd_streq(s->type, col->type.name) && s->start == 1 &&
           s->increment == 1 && s->min == 1 && s->max == max && s->cache == 1 && !s->cycle;
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
    return s && strstr(col->default_expr, s->obj.name) && is_serial_shape(t, col, s);
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
static bool drops_unmanaged(const Differ *d)
{
    return d->to->describes_all || (d->opts && d->opts->drop_unmanaged);
}

/* Whether some index of cat has a WHERE clause: a Prisma schema that declares
 * one uses the partialIndexes feature, so it describes partial indexes. */
static bool has_partial_index(const SdCatalog *cat)
{
    for (size_t i = 0; i < cat->indexes.len; i++)
        if (((const SdIndex *)cat->indexes.items[i])->predicate)
            return true;
    return false;
}

/* What @@index/@@unique can say: plain columns with sort order and operator
 * class, the methods Prisma offers, no INCLUDE, collation, NULLS FIRST/LAST,
 * NULLS NOT DISTINCT, storage parameters or tablespace; WHERE only with
 * partialIndexes in use. */
static bool prisma_can_express_index(const Differ *d, const SdIndex *ix)
{
    static const char *const METHODS[] = {"btree", "hash", "gist", "gin", "spgist", "brin"};
    bool method = !ix->method;
    for (size_t i = 0; i < SD_ARRAY_LEN(METHODS) && !method; i++)
        method = strcmp(ix->method, METHODS[i]) == 0;
    if (!method || ix->include.len || ix->nulls_not_distinct || ix->options || ix->tablespace ||
        (ix->predicate && !d->to_partial))
        return false;
    for (size_t i = 0; i < ix->elems.len; i++) {
        const SdIndexElem *el = ix->elems.items[i];
        if (!el->column || el->collation || el->nulls)
            return false;
    }
    return true;
}

/* A sequence Prisma makes: one owned by a column (autoincrement()). */
static bool prisma_can_express_sequence(const SdSequence *s) { return s->owned_table != NULL; }

static bool may_drop(const Differ *d, const SdObject *o)
{
    if (drops_unmanaged(d))
        return true;
    switch (o->kind) {
    case SD_OBJ_TABLE: /* partitions and foreign tables are no models */
        return !((const SdTable *)o)->partition_of && ((const SdTable *)o)->relkind != SD_TABLE_FOREIGN;
    case SD_OBJ_ENUM:
        return true;
    case SD_OBJ_INDEX:
        return prisma_can_express_index(d, (const SdIndex *)o);
    case SD_OBJ_SEQUENCE:
        return prisma_can_express_sequence((const SdSequence *)o);
    default: /* schemas, extensions (Prisma never drops them), views, functions, ... */
        return false;
    }
}

static void keep(Differ *d, const SdObject *o) { sd_vec_push(d->a, &d->plan->kept, (void *)o); }

/* Check and exclusion constraints are beyond a Prisma schema. */
static bool may_drop_constraint(const Differ *d, const SdConstraint *k)
{
    return drops_unmanaged(d) || (k->kind != SD_CON_CHECK && k->kind != SD_CON_EXCLUDE);
}

static void keep_constraint(Differ *d, const SdTable *t, const SdConstraint *k)
{
    sd_vec_push(d->a, &d->plan->kept_constraints, (void *)k);
    sd_vec_push(d->a, &d->plan->kept_constraint_tables, (void *)t);
}

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

/* b is the TO side's.  A Prisma schema without partialIndexes cannot write a
 * WHERE: an index of FROM that matches it but for one is the same index, its
 * predicate kept as an unmanaged detail (Prisma's describer does not read it
 * then, and `prisma migrate diff` reports nothing). */
static bool index_equal(const Differ *d, const SdIndex *a, const SdIndex *b)
{
    bool predicate = sd_streq(a->predicate, b->predicate) || (!b->predicate && !d->to_partial && !drops_unmanaged(d));
    if (a->unique != b->unique || a->nulls_not_distinct != b->nulls_not_distinct || !sd_streq(a->options, b->options) ||
        !sd_streq(a->method, b->method) || !sd_streq(a->table, b->table) || !predicate ||
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
        !sd_streq(a->index_options, b->index_options) || (a->kind == SD_CON_CHECK && a->no_inherit != b->no_inherit))
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

/* The object of cat that o of the other side is: functions are keyed by
 * their arguments (overloads), triggers by their table. */
static const SdObject *find_same(Differ *d, const SdCatalog *cat, const SdObject *o)
{
    if (o->kind != SD_OBJ_FUNCTION && o->kind != SD_OBJ_TRIGGER)
        return sd_catalog_find(cat, o->kind, o->schema, o->name);
    const SdOpaque *x = (const SdOpaque *)o;
    return sd_catalog_find(cat, o->kind, o->schema,
                           sd_catalog_opaque_key(d->a, o->kind, o->name, x->identity, x->table));
}

static void diff_kind(Differ *d, const KindDiff *k)
{
    const SdVec *tl = list_at(d->to, k->list_off), *fl = list_at(d->from, k->list_off);
    for (size_t i = 0; i < tl->len; i++) {
        const SdObject *t = tl->items[i];
        if (k->skip && k->skip(d->to, d->from, t))
            continue;
        const SdObject *f = find_same(d, d->from, t);
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
        if ((k->skip && k->skip(d->from, d->to, f)) || find_same(d, d->to, f))
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
static bool opaque_equal(const void *a, const void *b)
{
    return sd_streq(((const SdOpaque *)a)->definition, ((const SdOpaque *)b)->definition);
}
static bool view_equal(const void *a, const void *b)
{
    const SdView *x = a, *y = b;
    return x->materialized == y->materialized && sd_streq(x->definition, y->definition);
}
/* A sequence of an identity column: created and dropped with the identity. */
static bool is_identity_sequence(const SdCatalog *cat, const SdSequence *s)
{
    const SdTable *t = s->owned_table ? sd_catalog_find_table(cat, s->obj.schema, s->owned_table) : NULL;
    const SdColumn *col = t ? sd_table_find_column(t, s->owned_column) : NULL;
    return col && col->identity != SD_IDENTITY_NONE;
}

/* A sequence of FROM whose owning column is gone in TO: the drop of its table
 * or column takes it along. */
static bool owner_gone(Differ *d, const SdSequence *s)
{
    if (!s->owned_table)
        return false;
    const SdTable *t = sd_catalog_find_table(d->to, s->obj.schema,
                                             sd_rename_table_name(&d->ren, s->obj.schema, s->owned_table));
    return !t || !sd_table_find_column(t, sd_rename_column_name(&d->ren, s->obj.schema, s->owned_table,
                                                                s->owned_column));
}

/* Sequences: those SERIAL makes come with their new column; one on both sides
 * is altered (options, owner); one gone with its owning column is not dropped
 * again.  Renamed serial sequences are renamed with their table. */
static void diff_sequences(Differ *d)
{
    for (size_t i = 0; i < d->to->sequences.len; i++) {
        const SdSequence *t = d->to->sequences.items[i];
        if (serial_goes_with_column(d->to, d->from, t) || is_identity_sequence(d->to, t))
            continue;
        const SdSequence *f = (const SdSequence *)sd_catalog_find(d->from, SD_OBJ_SEQUENCE, t->obj.schema, t->obj.name);
        if (!f)
            new_op(d, SD_OP_CREATE_SEQUENCE, NULL, &t->obj);
        else if (!sequence_equal(f, t))
            new_op(d, SD_OP_ALTER_SEQUENCE, &f->obj, &t->obj);
    }
    for (size_t i = 0; i < d->from->sequences.len; i++) {
        const SdSequence *f = d->from->sequences.items[i];
        if (sd_catalog_find(d->to, SD_OBJ_SEQUENCE, f->obj.schema, f->obj.name) || is_identity_sequence(d->from, f) ||
            owner_gone(d, f) || serial_goes_with_column(d->from, d->to, f)) /* the last: renamed with its table */
            continue;
        if (may_drop(d, &f->obj))
            new_op(d, SD_OP_DROP_SEQUENCE, &f->obj, NULL);
        else
            keep(d, &f->obj);
    }
}

#define NO_ALTER ((SdOpKind)-1)

static const KindDiff KIND_DIFFS[] = {
    {SD_OBJ_SCHEMA, offsetof(SdCatalog, schemas), SD_OP_CREATE_SCHEMA, SD_OP_DROP_SCHEMA, NO_ALTER, NULL, NULL},
    {SD_OBJ_EXTENSION, offsetof(SdCatalog, extensions), SD_OP_CREATE_EXTENSION, SD_OP_DROP_EXTENSION,
     SD_OP_ALTER_EXTENSION, ext_equal, NULL},
    {SD_OBJ_TYPE, offsetof(SdCatalog, types), SD_OP_CREATE_TYPE, SD_OP_DROP_TYPE, NO_ALTER, opaque_equal, NULL},
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

static bool has_label(const SdEnum *e, const char *l)
{
    for (size_t i = 0; i < e->labels.len; i++)
        if (sd_streq(e->labels.items[i], l))
            return true;
    return false;
}

/* Prisma compares an enum by its values, not their order: `ALTER TYPE ... ADD
 * VALUE` appends, so a database that grew a value at a time holds them in
 * another order than the schema lists them, and `prisma migrate diff` sees no
 * change there (schema_differ.rs: created and dropped values only).  With a
 * Prisma schema on the TO side, so do we: rebuilding the type would rewrite
 * every table using it for an order nothing in Prisma depends on.  A notice
 * says so.  Between two databases or SQL sources the order is kept exactly. */
static bool order_only_for_prisma(Differ *d, const SdEnum *f, const SdEnum *t)
{
    if (!d->to->origin || strcmp(d->to->origin, "prisma") != 0)
        return false;
    for (size_t i = 0; i < f->labels.len; i++)
        if (!has_label(t, f->labels.items[i]))
            return false; /* a value goes: the type is rebuilt, as Prisma rebuilds it */
    SdDiag *dg = sd_notice(d->diags, t->obj.loc,
                           "enum \"%s\" holds its values in another order than the schema lists them: "
                           "kept, as Prisma keeps it", t->obj.name);
    dg->hint = "Prisma compares enum values, not their order; new values are added after the others.";
    return true;
}

static void diff_enum_values(Differ *d, const SdEnum *f, const SdEnum *t)
{
    bool in_order = labels_extend(f, t);
    if (!in_order && !order_only_for_prisma(d, f, t)) {
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
        /* The next label that already exists, if any: ADD VALUE 'x' BEFORE 'y'
         * (out of order, appended as Prisma appends). */
        for (size_t k = i + 1; in_order && k < t->labels.len && !op->neighbor; k++)
            for (size_t j = 0; j < f->labels.len; j++)
                if (sd_streq(f->labels.items[j], t->labels.items[k]))
                    op->neighbor = t->labels.items[k];
    }
}

static void diff_enums(Differ *d)
{
    for (size_t i = 0; i < d->to->enums.len; i++) {
        const SdEnum *t = d->to->enums.items[i];
        const SdEnum *f = sd_rename_enum_from(&d->ren, t);
        if (f)
            new_op(d, SD_OP_RENAME_ENUM, &f->obj, &t->obj);
        else
            f = sd_catalog_find_enum(d->from, t->obj.schema, t->obj.name);
        if (!f)
            new_op(d, SD_OP_CREATE_ENUM, NULL, &t->obj);
        else if (!strvec_equal(&f->labels, &t->labels))
            diff_enum_values(d, f, t);
    }
    for (size_t i = 0; i < d->from->enums.len; i++) {
        const SdEnum *f = d->from->enums.items[i];
        if (sd_rename_enum_to(&d->ren, f) || sd_catalog_find_enum(d->to, f->obj.schema, f->obj.name))
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
    if (sd_streq(cb->default_expr, ca->default_expr))
        return true;
    /* 'A'::"OldEnum" and 'A'::"NewEnum" of a renamed enum: the same default */
    SdType tb_type = sd_rename_type(&d->ren, d->from, &cb->type);
    if (!cb->default_expr || !ca->default_expr || !ca->type.is_enum || tb_type.name == cb->type.name)
        return false;
    const char *xb = strstr(cb->default_expr, "::"), *xa = strstr(ca->default_expr, "::");
    return xb && xa && xb - cb->default_expr == xa - ca->default_expr &&
           strncmp(cb->default_expr, ca->default_expr, (size_t)(xb - cb->default_expr)) == 0;
}

static SdOp *column_op(Differ *d, SdOpKind kind, const SdTable *tb, const SdColumn *cb, const SdTable *ta,
                       const SdColumn *ca)
{
    SdOp *op = table_op(d, kind, tb, ta);
    op->col_before = cb;
    op->col_after = ca;
    return op;
}

/* True when ALTER COLUMN ... TYPE from -> to has no assignment cast to apply:
 * the statement needs USING, and PostgreSQL cannot convert the old default
 * either ("default for column cannot be cast automatically"). */
bool sd_type_change_needs_using(const SdType *from, const SdType *to)
{
    return sd_cast_info(from, to, sd_caps_for_version(SD_PG_DEFAULT_VERSION)).needs_using;
}

/* Prisma's clause order for one column: nullability, default, then type.  A
 * type change without an assignment cast drops the old default first and sets
 * the new one after it (as Prisma does around an enum's new type); one ALTER
 * TABLE runs DROP DEFAULT before, and SET DEFAULT after, the type change. */
static void diff_column(Differ *d, const SdTable *tb, const SdColumn *cb, const SdTable *ta, const SdColumn *ca)
{
    SdType tb_type = sd_rename_type(&d->ren, d->from, &cb->type);
    bool type_changed = !sd_type_equal(&tb_type, &ca->type) || !sd_streq(cb->collation, ca->collation);
    bool reset_default = type_changed && cb->default_expr && !sd_column_is_serial(d->from, tb, cb) &&
                         sd_type_change_needs_using(&cb->type, &ca->type);
    if (cb->not_null != ca->not_null)
        column_op(d, ca->not_null ? SD_OP_SET_NOT_NULL : SD_OP_DROP_NOT_NULL, tb, cb, ta, ca);
    if (reset_default)
        column_op(d, SD_OP_DROP_DEFAULT, tb, cb, ta, ca);
    else if (!default_equal(d, tb, cb, ta, ca))
        column_op(d, ca->default_expr ? SD_OP_SET_DEFAULT : SD_OP_DROP_DEFAULT, tb, cb, ta, ca);
    if (type_changed)
        column_op(d, SD_OP_ALTER_COLUMN_TYPE, tb, cb, ta, ca);
    if (reset_default && ca->default_expr)
        column_op(d, SD_OP_SET_DEFAULT, tb, cb, ta, ca);
    if (cb->identity != ca->identity)
        column_op(d, SD_OP_ALTER_IDENTITY, tb, cb, ta, ca);
}

static int column_name_cmp(const void *a, const void *b)
{
    return strcmp(((const SdColumn *)a)->name, ((const SdColumn *)b)->name);
}

/* The FROM column of TO's column ca: renamed, or of the same name. */
static const SdColumn *from_column(const Differ *d, const SdTable *tb, const SdTable *ta, const SdColumn *ca)
{
    const SdColumn *cb = sd_rename_column_from(&d->ren, ta, ca);
    return cb ? cb : sd_table_find_column(tb, ca->name);
}

/* Columns dropped (of tb, gone from ta) or added (of ta, new), by name
 * (Prisma's order for added and dropped columns). */
static SdVec missing_columns(Differ *d, const SdTable *tb, const SdTable *ta, bool dropped)
{
    SdVec v = {0};
    const SdTable *t = dropped ? tb : ta;
    for (size_t i = 0; i < t->columns.len; i++) {
        SdColumn *c = t->columns.items[i];
        bool gone = dropped ? !sd_rename_column_to(&d->ren, tb, c) && !sd_table_find_column(ta, c->name)
                            : !from_column(d, tb, ta, c);
        if (gone)
            sd_vec_push(d->a, &v, c);
    }
    sd_vec_sort(&v, column_name_cmp);
    return v;
}

/* A dropped and an added column of the same type may be a rename: say so
 * (a notice, and a comment above the statement), never rename silently. */
static void note_possible_rename(Differ *d, SdOp *drop, const SdVec *added)
{
    const SdTable *tb = drop->table_before;
    const SdColumn *cb = drop->col_before;
    SdType type = sd_rename_type(&d->ren, d->from, &cb->type);
    for (size_t i = 0; i < added->len; i++) {
        const SdColumn *ca = added->items[i];
        if (!sd_type_equal(&type, &ca->type))
            continue;
        const char *hint = sd_printf(d->a, "--rename %s.%s.%s=%s", tb->obj.schema ? tb->obj.schema : "public",
                                     tb->obj.name, cb->name, ca->name);
        drop->note = sd_printf(d->a, "possible rename of \"%s\" to \"%s\": if so, use %s", cb->name, ca->name, hint);
        SdDiag *dg = sd_notice(d->diags, ca->loc, "column \"%s\" of table \"%s\" is dropped and \"%s\" added with "
                               "the same type: a rename?", cb->name, drop->table_after->obj.name, ca->name);
        dg->hint = sd_printf(d->a, "To keep the data, rename it: %s.", hint);
        return;
    }
}

/* Serial sequences follow their table's and column's names in Prisma
 * ("{table}_{column}_seq"): a renamed table or column renames its sequence. */
static void rename_serial_sequences(Differ *d, const SdTable *tb, const SdTable *ta)
{
    for (size_t i = 0; d->ren.count && i < ta->columns.len; i++) {
        const SdColumn *ca = ta->columns.items[i], *cb = from_column(d, tb, ta, ca);
        if (!cb || (strcmp(tb->obj.name, ta->obj.name) == 0 && strcmp(cb->name, ca->name) == 0))
            continue;
        if (!sd_column_is_serial(d->from, tb, cb) || !sd_column_is_serial(d->to, ta, ca))
            continue;
        const SdSequence *sb = sd_owned_sequence(d->from, tb, cb->name), *sa = sd_owned_sequence(d->to, ta, ca->name);
        if (strcmp(sb->obj.name, sa->obj.name) != 0)
            new_op(d, SD_OP_RENAME_SEQUENCE, &sb->obj, &sa->obj);
    }
}

/* A column PostgreSQL cannot alter into the other: a generated expression that
 * changes, or a scalar that becomes an array or back (no cast exists; Prisma
 * drops and adds the column then). */
static bool must_recreate(const SdColumn *cb, const SdColumn *ca)
{
    if ((cb->type.ndims > 0) != (ca->type.ndims > 0))
        return true;
    return (cb->generated || ca->generated) && !sd_streq(cb->generated, ca->generated);
}

/* As Prisma orders the clauses of one ALTER TABLE: dropped columns, added
 * columns (each by name), then changed columns in table order. */
static void diff_columns(Differ *d, const SdTable *tb, const SdTable *ta)
{
    SdVec dropped = missing_columns(d, tb, ta, true), added = missing_columns(d, tb, ta, false);
    size_t ndropped = dropped.len, nadded = added.len;
    for (size_t i = 0; i < ta->columns.len; i++) { /* dropped and added again */
        SdColumn *ca = ta->columns.items[i];
        const SdColumn *cb = from_column(d, tb, ta, ca);
        if (cb && must_recreate(cb, ca)) {
            sd_vec_push(d->a, &dropped, (void *)cb);
            sd_vec_push(d->a, &added, ca);
        }
    }
    for (size_t i = 0; i < dropped.len; i++) {
        SdOp *op = column_op(d, SD_OP_DROP_COLUMN, tb, dropped.items[i], ta, NULL);
        if (i < ndropped && nadded)
            note_possible_rename(d, op, &(SdVec){added.items, nadded, nadded});
    }
    for (size_t i = 0; i < added.len; i++)
        column_op(d, SD_OP_ADD_COLUMN, tb, NULL, ta, added.items[i]);
    for (size_t i = 0; i < ta->columns.len; i++) {
        const SdColumn *ca = ta->columns.items[i];
        const SdColumn *cb = from_column(d, tb, ta, ca);
        if (cb && strcmp(cb->name, ca->name) != 0)
            column_op(d, SD_OP_RENAME_COLUMN, tb, cb, ta, ca);
        if (cb && !must_recreate(cb, ca))
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

static bool vec_has(const SdVec *v, const void *x)
{
    for (size_t i = 0; i < v->len; i++)
        if (v->items[i] == x)
            return true;
    return false;
}

/* A constraint of tb, gone by name from ta, whose definition is ka's under
 * another name (Prisma's RenamePrimaryKey / RenameForeignKey). */
static const SdConstraint *renamed_constraint(Differ *d, const SdTable *tb, const SdTable *ta,
                                              const SdConstraint *ka, const SdVec *used)
{
    for (size_t i = 0; i < tb->constraints.len; i++) {
        const SdConstraint *kb = tb->constraints.items[i];
        if (kb->kind == ka->kind && !sd_table_find_constraint(ta, kb->name) && !vec_has(used, kb) &&
            constraint_equal(sd_rename_constraint(&d->ren, tb, kb), ka))
            return kb;
    }
    return NULL;
}

/* True when a column of FROM's schema.table named in cols changes type. */
static bool columns_change_type(Differ *d, const char *schema, const char *table, const SdVec *cols)
{
    const SdTable *tb = sd_catalog_find_table(d->from, schema, table);
    const SdTable *ta = tb ? sd_rename_table_to(&d->ren, tb) : NULL;
    if (tb && !ta)
        ta = sd_catalog_find_table(d->to, schema, table);
    for (size_t i = 0; ta && i < cols->len; i++) {
        const SdColumn *cb = sd_table_find_column(tb, cols->items[i]);
        const SdColumn *ca = cb ? sd_rename_column_to(&d->ren, tb, cb) : NULL;
        if (cb && !ca)
            ca = sd_table_find_column(ta, cb->name);
        if (!ca)
            continue;
        SdType t = sd_rename_type(&d->ren, d->from, &cb->type);
        if (!sd_type_equal(&t, &ca->type))
            return true;
    }
    return false;
}

/* A foreign key whose columns on either side change type: PostgreSQL re-checks
 * it after each ALTER ... TYPE and fails while the two sides differ, so it is
 * dropped before the changes and added again after them. */
static bool fk_types_change(Differ *d, const SdTable *tb, const SdConstraint *kb)
{
    if (kb->kind != SD_CON_FOREIGN)
        return false;
    return columns_change_type(d, tb->obj.schema, tb->obj.name, &kb->columns) ||
           columns_change_type(d, kb->ref_schema ? kb->ref_schema : tb->obj.schema, kb->ref_table, &kb->ref_columns);
}

/* Constraints of a table on both sides (or only TO's when tb is NULL: a new
 * table, whose non-foreign constraints go inside CREATE TABLE). */
static void diff_constraints(Differ *d, const SdTable *tb, const SdTable *ta)
{
    SdVec renamed = {0};
    for (size_t i = 0; ta && i < ta->constraints.len; i++) {
        const SdConstraint *ka = ta->constraints.items[i];
        const SdConstraint *kb = tb ? sd_table_find_constraint(tb, ka->name) : NULL;
        if (!tb && ka->kind != SD_CON_FOREIGN)
            continue;
        if (kb && constraint_equal(sd_rename_constraint(&d->ren, tb, kb), ka) && !fk_types_change(d, tb, kb))
            continue;
        if (!kb && tb && (kb = renamed_constraint(d, tb, ta, ka, &renamed))) {
            sd_vec_push(d->a, &renamed, (void *)kb);
            con_op(d, SD_OP_RENAME_CONSTRAINT, tb, kb, ta, ka);
            continue;
        }
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
        if (ta && (sd_table_find_constraint(ta, kb->name) || vec_has(&renamed, kb)))
            continue;
        if (ta && !may_drop_constraint(d, kb))
            keep_constraint(d, tb, kb);
        else
            con_op(d, con_drop_kind(kb->kind), tb, kb, ta, NULL);
    }
}

static void diff_tables(Differ *d)
{
    for (size_t i = 0; i < d->to->tables.len; i++) {
        const SdTable *ta = d->to->tables.items[i];
        const SdTable *tb = sd_rename_table_from(&d->ren, ta);
        if (tb)
            table_op(d, SD_OP_RENAME_TABLE, tb, ta);
        else
            tb = sd_catalog_find_table(d->from, ta->obj.schema, ta->obj.name);
        if (!tb) {
            table_op(d, SD_OP_CREATE_TABLE, NULL, ta);
        } else {
            diff_columns(d, tb, ta);
            rename_serial_sequences(d, tb, ta);
        }
        diff_constraints(d, tb, ta);
    }
    for (size_t i = 0; i < d->from->tables.len; i++) {
        const SdTable *tb = d->from->tables.items[i];
        if (sd_rename_table_to(&d->ren, tb) || sd_catalog_find_table(d->to, tb->obj.schema, tb->obj.name))
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

/* FROM's indexes gone by name from TO, by TO's name of their table: the
 * candidates for a rename (built on the first index TO adds). */
static void index_rename_candidates(Differ *d, SdMap *by_table)
{
    for (size_t i = 0; i < d->from->indexes.len; i++) {
        const SdIndex *ib = d->from->indexes.items[i];
        if (sd_catalog_find(d->to, SD_OBJ_INDEX, ib->obj.schema, ib->obj.name))
            continue;
        const char *key = sd_printf(d->a, "%s\x1f%s", ib->obj.schema ? ib->obj.schema : "",
                                    sd_rename_table_name(&d->ren, ib->obj.schema, ib->table));
        SdVec *v = sd_map_get(by_table, key);
        if (!v) {
            v = sd_alloc(d->a, sizeof *v);
            sd_map_put(d->a, by_table, key, v);
        }
        sd_vec_push(d->a, v, (void *)ib);
    }
}

static const char *index_key(Differ *d, const SdIndex *ix)
{
    return sd_printf(d->a, "%s\x1f%s", ix->obj.schema ? ix->obj.schema : "", ix->obj.name);
}

/* An index of FROM that is ia under another name (Prisma's RenameIndex). */
static const SdIndex *renamed_index(Differ *d, SdMap *by_table, bool *built, const SdIndex *ia, SdMap *used)
{
    if (!*built) {
        index_rename_candidates(d, by_table);
        *built = true;
    }
    const SdVec *v = sd_map_get(by_table, sd_printf(d->a, "%s\x1f%s", ia->obj.schema ? ia->obj.schema : "", ia->table));
    for (size_t i = 0; v && i < v->len; i++) {
        const SdIndex *ib = v->items[i];
        if (!sd_map_get(used, index_key(d, ib)) && index_equal(d, sd_rename_index(&d->ren, ib), ia)) {
            sd_map_put(d->a, used, index_key(d, ib), (void *)ib);
            return ib;
        }
    }
    return NULL;
}

static void diff_indexes(Differ *d)
{
    SdMap candidates = {0}, renamed = {0};
    bool built = false;
    for (size_t i = 0; i < d->to->indexes.len; i++) {
        const SdIndex *ia = d->to->indexes.items[i];
        const SdIndex *ib = (const SdIndex *)sd_catalog_find(d->from, SD_OBJ_INDEX, ia->obj.schema, ia->obj.name);
        if (ib && index_equal(d, sd_rename_index(&d->ren, ib), ia))
            continue;
        if (!ib && (ib = renamed_index(d, &candidates, &built, ia, &renamed))) {
            SdOp *op = index_op(d, SD_OP_RENAME_INDEX, ib, ia);
            op->before = &ib->obj;
            op->table_before = sd_catalog_find_table(d->from, ib->obj.schema, ib->table);
            continue;
        }
        if (ib)
            index_op(d, SD_OP_DROP_INDEX, ib, NULL);
        index_op(d, SD_OP_CREATE_INDEX, NULL, ia);
    }
    for (size_t i = 0; i < d->from->indexes.len; i++) {
        const SdIndex *ib = d->from->indexes.items[i];
        if (sd_catalog_find(d->to, SD_OBJ_INDEX, ib->obj.schema, ib->obj.name) ||
            (renamed.len && sd_map_get(&renamed, index_key(d, ib))))
            continue;
        /* An index of a dropped table goes with it. */
        if (!sd_catalog_find_table(d->to, ib->obj.schema, sd_rename_table_name(&d->ren, ib->obj.schema, ib->table)))
            continue;
        if (may_drop(d, &ib->obj))
            index_op(d, SD_OP_DROP_INDEX, ib, NULL);
        else
            keep(d, &ib->obj);
    }
}

/* One notice listing what TO cannot describe and the diff therefore keeps. */
static void note_kept(Differ *d)
{
    const SdPlan *p = d->plan;
    size_t n = p->kept.len + p->kept_constraints.len;
    if (!n)
        return;
    SdBuf b = {0};
    for (size_t i = 0; i < p->kept.len; i++) {
        const SdObject *o = p->kept.items[i];
        sd_buf_printf(&b, "%s%s %s%s%s", i ? ", " : "", sd_obj_kind_name(o->kind), o->schema ? o->schema : "",
                      o->schema ? "." : "", o->name);
    }
    for (size_t i = 0; i < p->kept_constraints.len; i++) {
        const SdConstraint *k = p->kept_constraints.items[i];
        const SdTable *t = p->kept_constraint_tables.items[i];
        sd_buf_printf(&b, "%s%s constraint %s on %s", b.len ? ", " : "", k->kind == SD_CON_CHECK ? "check" : "exclusion",
                      k->name, t->obj.name);
    }
    SdDiag *dg = sd_notice(d->diags, (SdLoc){0}, "kept %zu object%s the Prisma schema cannot describe", n,
                           n == 1 ? "" : "s");
    dg->detail = sd_printf(d->a, "Kept: %s.", sd_buf_str(&b));
    dg->hint = "Pass --drop-unmanaged to drop them.";
    sd_buf_free(&b);
}

/* ---- triggers and views over a column whose type changes ---- */

/* def names the identifier id: "id" quoted, or bare between non-identifier characters. */
static bool mentions(const char *def, const char *id)
{
    size_t n = strlen(id);
    for (const char *p = def ? strstr(def, id) : NULL; p; p = strstr(p + 1, id)) {
        char before = p == def ? ' ' : p[-1], after = p[n];
        if (before == '"' && after == '"')
            return true;
        bool word_before = before == '_' || (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
                           (before >= '0' && before <= '9');
        bool word_after = after == '_' || (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
                          (after >= '0' && after <= '9');
        if (!word_before && !word_after && before != '"' && after != '"')
            return true;
    }
    return false;
}

static bool op_on(const SdPlan *plan, SdOpKind kind, const SdObject *o)
{
    for (size_t i = 0; i < plan->ops.len; i++) {
        const SdOp *op = plan->ops.items[i];
        if (op->kind == kind && (op->before == o || op->after == o))
            return true;
    }
    return false;
}

/* f (FROM) and its TO twin t are dropped before the plan's ALTERs and created
 * again after them, unless the diff already does so. */
static void recreate(Differ *d, SdOpKind drop, SdOpKind create, const SdObject *f, const SdObject *t)
{
    if (!t || op_on(d->plan, drop, f))
        return;
    new_op(d, drop, f, NULL);
    if (!op_on(d->plan, create, t))
        new_op(d, create, NULL, t);
}

/* The triggers on tb and the views that use its column col. */
static void recreate_users_of(Differ *d, const SdTable *tb, const char *col)
{
    for (size_t j = 0; j < d->from->triggers.len; j++) {
        const SdOpaque *f = d->from->triggers.items[j];
        if (sd_streq(f->table, tb->obj.name) && sd_streq(f->obj.schema, tb->obj.schema) && mentions(f->definition, col))
            recreate(d, SD_OP_DROP_TRIGGER, SD_OP_CREATE_TRIGGER, &f->obj, find_same(d, d->to, &f->obj));
    }
    for (size_t j = 0; j < d->from->views.len; j++) {
        const SdView *f = d->from->views.items[j];
        if (mentions(f->definition, tb->obj.name) && mentions(f->definition, col))
            recreate(d, SD_OP_DROP_VIEW, SD_OP_CREATE_VIEW, &f->obj, find_same(d, d->to, &f->obj));
    }
}

/* PostgreSQL refuses ALTER COLUMN ... TYPE while a trigger (UPDATE OF, WHEN)
 * or a view uses the column ("cannot alter type of a column used in a trigger
 * definition", "... used by a view or rule"): the ones that stay are dropped
 * before the change and created again after it.  The columns of a recreated
 * enum change type too.  A mention of the column's name in the definition is
 * taken as use (n: triggers and views, small). */
static void recreate_column_users(Differ *d)
{
    size_t n = d->plan->ops.len;
    for (size_t i = 0; i < n; i++) {
        const SdOp *op = d->plan->ops.items[i];
        if (op->kind == SD_OP_ALTER_COLUMN_TYPE)
            recreate_users_of(d, op->table_before, op->col_before->name);
        if (op->kind != SD_OP_RECREATE_ENUM || !op->before)
            continue;
        const SdEnum *en = (const SdEnum *)op->before;
        for (size_t t = 0; t < d->from->tables.len; t++) {
            const SdTable *tb = d->from->tables.items[t];
            for (size_t c = 0; c < tb->columns.len; c++) {
                const SdColumn *col = tb->columns.items[c];
                if (col->type.is_enum && sd_streq(col->type.name, en->obj.name) &&
                    sd_streq(col->type.schema, en->obj.schema))
                    recreate_users_of(d, tb, col->name);
            }
        }
    }
}

SdPlan *sd_diff(SdArena *a, SdDiags *diags, const SdCatalog *from, const SdCatalog *to, const SdDiffOptions *opts)
{
    SdPlan *plan = sd_alloc(a, sizeof *plan);
    plan->from = from;
    plan->to = to;
    Differ d = {a, diags, from, to, opts, plan, {0}, false};
    d.to_partial = has_partial_index(to);
    sd_renames_find(a, diags, from, to, opts, &d.ren);
    if (sd_diags_errors(diags))
        return plan;
    for (size_t i = 0; i < SD_ARRAY_LEN(KIND_DIFFS); i++)
        diff_kind(&d, &KIND_DIFFS[i]);
    diff_sequences(&d);
    diff_enums(&d);
    diff_tables(&d);
    diff_indexes(&d);
    recreate_column_users(&d);
    note_kept(&d);
    sd_order_ops(a, diags, plan);
    return plan;
}

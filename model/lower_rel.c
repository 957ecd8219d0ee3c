/* lower_rel.c: relations -> foreign keys (Prisma's default actions: ON DELETE
 * RESTRICT for a required relation field, SET NULL for an optional one; ON
 * UPDATE CASCADE), and implicit many-to-many relations -> join tables
 * "_{relation}" with columns A and B, an (A, B) primary key, an index on B
 * and two cascading foreign keys (Prisma >= 6 shape). */
#include "lower_int.h"

#include <string.h>

static SdFkAction action_of(const PslArg *arg, SdFkAction dflt)
{
    static const struct {
        const char *name;
        SdFkAction act;
    } acts[] = {{"Cascade", SD_FK_CASCADE},
                {"Restrict", SD_FK_RESTRICT},
                {"NoAction", SD_FK_NO_ACTION},
                {"SetNull", SD_FK_SET_NULL},
                {"SetDefault", SD_FK_SET_DEFAULT}};
    if (!arg || !arg->value || arg->value->kind != PSL_EXPR_IDENT)
        return dflt;
    for (size_t i = 0; i < SD_ARRAY_LEN(acts); i++)
        if (strcmp(acts[i].name, arg->value->str) == 0)
            return acts[i].act;
    return dflt;
}

static const PslExpr *list_arg(const PslAttr *at, const char *name)
{
    const PslArg *arg = at ? sd_psl_find_arg(at, name) : NULL;
    return arg && arg->value && arg->value->kind == PSL_EXPR_ARRAY ? arg->value : NULL;
}

/* The relation name of a relation field: @relation("x") or @relation(name: "x"). */
static const char *relation_name(const LField *lf)
{
    return lf->relname;
}

static void add_foreign_key(LowerCtx *cx, LModel *m, LField *lf, const PslAttr *rel)
{
    SdVec cols = {0}, refs = {0}, items = {0};
    SdVec ref_items = {0};
    if (!sd_lower_field_list(cx, m, list_arg(rel, "fields"), &cols, &items))
        return;
    if (!list_arg(rel, "references") ||
        !sd_lower_field_list(cx, lf->target, list_arg(rel, "references"), &refs, &ref_items))
        return;
    if (cx->fk_off)
        return;
    SdTable *t = m->table;
    const char *name = sd_lower_arg_string(rel, "map", (size_t)-1);
    if (!name)
        name = sd_lower_prisma_name(cx->a, t->obj.name, (const char *const *)cols.items, cols.len, "_fkey");
    SdConstraint *k = sd_table_add_constraint(cx->cat, t, SD_CON_FOREIGN, name, rel->loc);
    k->columns = cols;
    k->ref_columns = refs;
    k->ref_schema = lf->target->table->obj.schema;
    k->ref_table = lf->target->table->obj.name;
    /* Restrict when any referencing scalar field is required, else SetNull */
    SdFkAction del = SD_FK_SET_NULL;
    for (size_t i = 0; i < items.len; i++) {
        const PslExpr *it = items.items[i];
        const LField *sf = sd_lower_field(m, it->str);
        if (sf && sf->f->arity == PSL_ARITY_REQUIRED)
            del = SD_FK_RESTRICT;
    }
    k->on_delete = action_of(sd_psl_find_arg(rel, "onDelete"), del);
    k->on_update = action_of(sd_psl_find_arg(rel, "onUpdate"), SD_FK_CASCADE);
}

void sd_lower_relations(LowerCtx *cx, LModel *m)
{
    for (size_t i = 0; i < m->lfields.len; i++) {
        LField *lf = m->lfields.items[i];
        if (!lf->target)
            continue;
        const PslAttr *rel = lf->at_relation;
        if (rel && list_arg(rel, "fields"))
            add_foreign_key(cx, m, lf, rel);
    }
}

/* ---- implicit many-to-many ---- */

/* The list relation field on the other side of lf (same relation name), or NULL. */
static LField *opposite_list(const LField *lf)
{
    const char *name = relation_name(lf);
    const LModel *other = lf->target;
    for (size_t i = 0; i < other->lfields.len; i++) {
        LField *of = other->lfields.items[i];
        if (of == lf || of->target != lf->model || of->paired || of->f->arity != PSL_ARITY_LIST)
            continue;
        if (sd_streq(relation_name(of), name))
            return of;
    }
    return NULL;
}

static const SdColumn *single_id(const LModel *m)
{
    const SdConstraint *pk = sd_table_primary_key(m->table);
    if (!pk || pk->columns.len != 1)
        return NULL;
    return sd_table_find_column(m->table, pk->columns.items[0]);
}

static void join_column(LowerCtx *cx, SdTable *jt, const char *name, const SdColumn *id, SdLoc loc)
{
    SdColumn *c = sd_table_add_column(cx->cat, jt, name, loc);
    c->type = id->type;
    c->type.ndims = 0;
    c->not_null = true;
}

static void join_fkey(LowerCtx *cx, SdTable *jt, const char *col, const LModel *ref, const SdColumn *id,
                      SdLoc loc)
{
    if (cx->fk_off)
        return;
    const char *rel = jt->obj.name;
    SdConstraint *k = sd_table_add_constraint(cx->cat, jt, SD_CON_FOREIGN,
                                              sd_printf(cx->a, "%s_%s_fkey", rel, col), loc);
    sd_vec_push(cx->a, &k->columns, (void *)col);
    sd_vec_push(cx->a, &k->ref_columns, (void *)id->name);
    k->ref_schema = ref->table->obj.schema;
    k->ref_table = ref->table->obj.name;
    k->on_delete = k->on_update = SD_FK_CASCADE;
}

static void add_join_table(LowerCtx *cx, LField *fa, LField *fb)
{
    /* A is the model whose name sorts first; for self-relations the field that does */
    int c = strcmp(fa->model->blk->name, fb->model->blk->name);
    if (c > 0 || (c == 0 && strcmp(fa->f->name, fb->f->name) > 0)) {
        LField *t = fa;
        fa = fb, fb = t;
    }
    const char *rel = relation_name(fa);
    if (!rel)
        rel = sd_printf(cx->a, "%sTo%s", fa->model->blk->name, fb->model->blk->name);
    const SdColumn *ida = single_id(fa->model), *idb = single_id(fb->model);
    if (!ida || !idb) {
        sd_error(cx->d, fa->f->loc, "implicit many-to-many relation \"%s\" needs a single-field id on both models",
                 rel);
        return;
    }
    SdLoc loc = fa->f->loc;
    const char *name = sd_printf(cx->a, "_%s", rel);
    SdTable *jt = sd_catalog_add_table(cx->cat, fa->model->table->obj.schema, name, loc);
    jt->obj.managed = true;
    join_column(cx, jt, "A", ida, loc);
    join_column(cx, jt, "B", idb, loc);
    SdConstraint *pk = sd_table_add_constraint(cx->cat, jt, SD_CON_PRIMARY, sd_printf(cx->a, "%s_AB_pkey", name), loc);
    sd_vec_push(cx->a, &pk->columns, "A");
    sd_vec_push(cx->a, &pk->columns, "B");
    SdIndex *ix = sd_catalog_add_index(cx->cat, jt->obj.schema, sd_printf(cx->a, "%s_B_index", name), name, loc);
    ix->obj.managed = true;
    SdIndexElem *e = sd_alloc(cx->a, sizeof *e);
    e->column = "B";
    sd_vec_push(cx->a, &ix->elems, e);
    join_fkey(cx, jt, "A", fa->model, ida, loc);
    join_fkey(cx, jt, "B", fb->model, idb, loc);
}

void sd_lower_many_to_many(LowerCtx *cx)
{
    for (size_t i = 0; i < cx->lmodels.len; i++) {
        LModel *m = cx->lmodels.items[i];
        for (size_t j = 0; j < m->lfields.len; j++) {
            LField *lf = m->lfields.items[j];
            if (!lf->target || lf->paired || lf->f->arity != PSL_ARITY_LIST)
                continue;
            const PslAttr *rel = lf->at_relation;
            if (rel && list_arg(rel, "fields"))
                continue;
            LField *of = opposite_list(lf);
            if (!of)
                continue;
            lf->paired = of->paired = true;
            add_join_table(cx, lf, of);
        }
    }
}

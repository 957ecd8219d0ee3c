/* lower_keys.c: @id/@@id -> primary key constraints, @unique/@@unique ->
 * unique indexes (Prisma creates CREATE UNIQUE INDEX, not constraints),
 * @@index -> indexes, with Prisma's default names, sort orders, access
 * methods, operator classes and partial-index predicates. */
#include "lower_int.h"

#include <ctype.h>
#include <string.h>

static const char *names_at(const SdVec *v, size_t i) { return v->items[i]; }

/* Prisma's operator class names (JsonbPathOps, Int4MinMaxMultiOps, TimestampTzBloomOps)
 * -> PostgreSQL's (jsonb_path_ops, int4_minmax_multi_ops, timestamptz_bloom_ops). */
static const char *opclass_name(SdArena *a, const char *prisma)
{
    static const char *const merged[] = {"minmax", "timestamptz", "timetz", "varbit"};
    SdVec words = {0};
    for (const char *p = prisma; *p;) {
        const char *start = p++;
        while (*p && !isupper((unsigned char)*p))
            p++;
        char *w = sd_strndup(a, start, (size_t)(p - start));
        for (char *q = w; *q; q++)
            *q = (char)tolower((unsigned char)*q);
        sd_vec_push(a, &words, w);
    }
    SdBuf b = {0};
    for (size_t i = 0; i < words.len; i++) {
        const char *w = words.items[i];
        bool glue = false;
        if (i > 0) {
            const char *prev = words.items[i - 1];
            char both[64];
            sd_snprintf(both, sizeof both, "%s%s", prev, w);
            for (size_t k = 0; k < SD_ARRAY_LEN(merged); k++)
                glue |= strcmp(both, merged[k]) == 0;
        }
        if (i > 0 && !glue)
            sd_buf_putc(&b, '_');
        sd_buf_puts(&b, w);
    }
    const char *out = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

/* pg_get_indexdef() leaves out an operator class that is the default one for
 * the column's type and the access method; so does the IR. */
static bool default_opclass(const char *method, const char *opc)
{
    size_t n = strlen(opc);
    if (strcmp(method, "gin") == 0)
        return strcmp(opc, "jsonb_ops") == 0 || strcmp(opc, "array_ops") == 0;
    if (strcmp(method, "spgist") == 0)
        return strcmp(opc, "inet_ops") == 0 || strcmp(opc, "text_ops") == 0;
    if (strcmp(method, "brin") == 0)
        return strcmp(opc, "inet_inclusion_ops") == 0 ||
               (n > 11 && strcmp(opc + n - 11, "_minmax_ops") == 0 && strcmp(opc, "inet_minmax_ops") != 0);
    return false;
}

/* One element of a fields list: `col` or `col(sort: Desc, ops: X)`. */
static SdIndexElem *index_elem(LowerCtx *cx, const char *column, const PslExpr *item, const char *method)
{
    SdIndexElem *e = sd_alloc(cx->a, sizeof *e);
    e->column = column;
    if (item->kind != PSL_EXPR_FUNC)
        return e;
    for (size_t i = 0; i < item->args.len; i++) {
        const PslArg *arg = item->args.items[i];
        if (!arg->name || !arg->value)
            continue;
        const PslExpr *v = arg->value;
        if (strcmp(arg->name, "sort") == 0 && v->kind == PSL_EXPR_IDENT) {
            e->desc = strcmp(v->str, "Desc") == 0;
        } else if (strcmp(arg->name, "ops") == 0) {
            if (v->kind == PSL_EXPR_IDENT)
                e->opclass = opclass_name(cx->a, v->str);
            else if (v->kind == PSL_EXPR_FUNC && v->args.len &&
                     ((PslArg *)v->args.items[0])->value &&
                     ((PslArg *)v->args.items[0])->value->kind == PSL_EXPR_STRING)
                e->opclass = ((PslArg *)v->args.items[0])->value->str;
            if (e->opclass && default_opclass(method, e->opclass))
                e->opclass = NULL;
        }
    }
    return e;
}

/* The fields list of a key attribute: first positional or `fields:`. */
static const PslExpr *fields_arg(const PslAttr *at)
{
    const PslArg *arg = sd_psl_find_arg(at, "fields");
    if (!arg)
        arg = sd_psl_positional(at, 0);
    return arg ? arg->value : NULL;
}

static void add_primary_key(LowerCtx *cx, LModel *m, const PslAttr *at, SdVec *cols)
{
    SdTable *t = m->table;
    const char *name = sd_lower_arg_string(at, "map", (size_t)-1);
    if (!name)
        name = sd_lower_prisma_name(cx->a, t->obj.name, NULL, 0, "_pkey");
    SdConstraint *k = sd_table_add_constraint(cx->cat, t, SD_CON_PRIMARY, name, at->loc);
    k->columns = *cols;
    for (size_t i = 0; i < cols->len; i++) {
        SdColumn *c = sd_table_find_column(t, names_at(cols, i));
        if (c)
            c->not_null = true;
    }
}

/* PostgreSQL's form of a `where:` object: { a: null, b: { not: null }, c: "x", d: true }. */
static const char *where_object(LowerCtx *cx, LModel *m, const PslExpr *obj);

static void add_index(LowerCtx *cx, LModel *m, const PslAttr *at, bool unique, const SdVec *cols,
                      const SdVec *items, const PslExpr *where)
{
    SdTable *t = m->table;
    const char *name = sd_lower_arg_string(at, "map", (size_t)-1);
    if (!name && at->block && !unique)
        name = sd_lower_arg_string(at, "name", (size_t)-1);
    if (!name)
        name = sd_lower_prisma_name(cx->a, t->obj.name, (const char *const *)cols->items, cols->len,
                                    unique ? "_key" : "_idx");
    SdIndex *ix = sd_catalog_add_index(cx->cat, t->obj.schema, name, t->obj.name, at->loc);
    ix->obj.managed = true;
    ix->unique = unique;
    const PslArg *type = sd_psl_find_arg(at, "type");
    if (type && type->value && type->value->kind == PSL_EXPR_IDENT) {
        char *meth = sd_strdup(cx->a, type->value->str);
        for (char *p = meth; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        ix->method = meth;
    }
    for (size_t i = 0; i < cols->len; i++)
        sd_vec_push(cx->a, &ix->elems, index_elem(cx, names_at(cols, i), items->items[i], ix->method));
    if (where && where->kind == PSL_EXPR_OBJECT) {
        ix->predicate = where_object(cx, m, where);
    } else if (where && where->kind == PSL_EXPR_FUNC && where->args.len) {
        const PslArg *raw = where->args.items[0];
        if (raw->value && raw->value->kind == PSL_EXPR_STRING) {
            ix->predicate = sd_printf(cx->a, "(%s)", raw->value->str); /* until sd_lower_raw_sql */
            LRawSql *r = sd_alloc(cx->tmp, sizeof *r);
            r->table = t;
            r->index = ix;
            r->text = raw->value->str;
            sd_vec_push(cx->tmp, &cx->raw_sql, r);
        }
    }
}

static const char *where_term(LowerCtx *cx, LModel *m, const PslArg *arg)
{
    LField *lf = sd_lower_field(m, arg->name);
    SdBuf b = {0};
    sd_buf_ident(&b, lf ? lf->dbname : arg->name);
    const PslExpr *v = arg->value;
    const char *op = " = ";
    if (v && v->kind == PSL_EXPR_OBJECT && v->args.len == 1) {
        const PslArg *inner = v->args.items[0];
        if (inner->name && strcmp(inner->name, "not") == 0)
            op = " <> ", v = inner->value;
    }
    if (!v || (v->kind == PSL_EXPR_IDENT && strcmp(v->str, "null") == 0)) {
        sd_buf_puts(&b, strcmp(op, " = ") == 0 ? " IS NULL" : " IS NOT NULL");
    } else {
        sd_buf_puts(&b, op);
        if (v->kind == PSL_EXPR_STRING) {
            sd_buf_quote_literal(&b, v->str);
            sd_buf_puts(&b, "::");
            if (lf && lf->col)
                sd_lower_put_cast_type(cx->a, &b, &lf->col->type, false);
            else
                sd_buf_puts(&b, "text");
        } else {
            sd_buf_puts(&b, v->str ? v->str : "NULL");
        }
    }
    const char *s = sd_printf(cx->a, "(%s)", sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static const char *where_object(LowerCtx *cx, LModel *m, const PslExpr *obj)
{
    if (obj->args.len == 1)
        return where_term(cx, m, obj->args.items[0]);
    SdBuf b = {0};
    sd_buf_putc(&b, '(');
    for (size_t i = 0; i < obj->args.len; i++) {
        if (i)
            sd_buf_puts(&b, " AND ");
        sd_buf_puts(&b, where_term(cx, m, obj->args.items[i]));
    }
    sd_buf_putc(&b, ')');
    const char *s = sd_strdup(cx->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* Field-level @id and @unique. */
static void field_keys(LowerCtx *cx, LModel *m, LField *lf)
{
    if (!lf->col || (!lf->at_id && !lf->at_unique))
        return;
    SdVec cols = {0}, items = {0};
    sd_vec_push(cx->a, &cols, (void *)lf->dbname);
    const PslAttr *id = lf->at_id;
    if (id)
        add_primary_key(cx, m, id, &cols);
    const PslAttr *uq = lf->at_unique;
    if (uq) {
        PslExpr *item = sd_alloc(cx->a, sizeof *item);
        item->kind = PSL_EXPR_FUNC; /* carries sort: like a list element */
        item->str = lf->f->name;
        item->args = uq->args;
        sd_vec_push(cx->a, &items, item);
        add_index(cx, m, uq, true, &cols, &items, NULL);
    }
}

void sd_lower_keys(LowerCtx *cx, LModel *m)
{
    for (size_t i = 0; i < m->lfields.len; i++)
        field_keys(cx, m, m->lfields.items[i]);
    const SdVec *attrs = &m->blk->attrs;
    for (size_t i = 0; i < attrs->len; i++) {
        const PslAttr *at = attrs->items[i];
        bool is_id = strcmp(at->name, "id") == 0, is_uq = strcmp(at->name, "unique") == 0;
        if (!is_id && !is_uq && strcmp(at->name, "index") != 0)
            continue;
        const PslExpr *list = fields_arg(at);
        SdVec cols = {0}, items = {0};
        if (!list || !sd_lower_field_list(cx, m, list, &cols, &items))
            continue;
        const PslArg *where = sd_psl_find_arg(at, "where");
        if (is_id)
            add_primary_key(cx, m, at, &cols);
        else
            add_index(cx, m, at, is_uq, &cols, &items, where ? where->value : NULL);
    }
}

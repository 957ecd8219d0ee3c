/* sql_index.c: CREATE INDEX (CONCURRENTLY, IF NOT EXISTS, UNIQUE, USING,
 * opclasses, DESC, NULLS, WHERE, INCLUDE) with PostgreSQL's generated names,
 * and the indexes that back primary key and unique constraints. */
#include "sql_int.h"

#include <string.h>

enum { NAMEDATALEN = 64 };

SdConstraint *sql_find_constraint_any(Replay *r, const char *schema, const char *name, SdTable **owner)
{
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *t = r->cat->tables.items[i];
        if (!sd_streq(t->obj.schema, schema))
            continue;
        SdConstraint *k = sd_table_find_constraint(t, name);
        if (k && (k->kind == SD_CON_PRIMARY || k->kind == SD_CON_UNIQUE || k->kind == SD_CON_EXCLUDE)) {
            if (owner)
                *owner = t;
            return k;
        }
    }
    return NULL;
}

/* The table owning a constraint-backed index of that name (it lives in the
 * relation namespace), or NULL. */
SdObject *sql_index_or_constraint(Replay *r, const char *schema, const char *name)
{
    SdTable *t = NULL;
    return sql_find_constraint_any(r, schema, name, &t) ? &t->obj : NULL;
}

/* Operator classes that are their type's default: pg_get_indexdef omits them. */
static bool default_opclass(const char *name)
{
    static const char *const DEFAULTS[] = {"text_ops", "int4_ops", "int8_ops", "int2_ops", "uuid_ops",
                                           "timestamp_ops", "timestamptz_ops", "bool_ops", "date_ops",
                                           "numeric_ops", "float8_ops", "jsonb_ops", "bpchar_ops", "enum_ops",
                                           "array_ops", "bytea_ops"};
    for (size_t i = 0; i < SD_ARRAY_LEN(DEFAULTS); i++)
        if (strcmp(name, DEFAULTS[i]) == 0)
            return true;
    return false;
}

/* FigureColname for an index expression: a function's name, else "expr". */
static const char *expr_colname(Node *n)
{
    while (n && n->node_case == PG_QUERY__NODE__NODE_TYPE_CAST)
        n = n->type_cast->arg;
    if (n && n->node_case == PG_QUERY__NODE__NODE_FUNC_CALL)
        return sql_str(n->func_call->funcname[n->func_call->n_funcname - 1]);
    if (n && n->node_case == PG_QUERY__NODE__NODE_COLUMN_REF)
        return sql_expr_first_column(n);
    return "expr";
}

static SdIndexElem *index_elem(Replay *r, SdTable *t, PgQuery__IndexElem *ie, const char **colname)
{
    SdIndexElem *e = sd_alloc(r->a, sizeof *e);
    if (ie->name && *ie->name) {
        if (t && !sd_table_find_column(t, ie->name)) {
            sql_fail(r, -1, "column \"%s\" does not exist", ie->name);
            return NULL;
        }
        e->column = sd_strdup(r->a, ie->name);
        *colname = e->column;
    } else {
        ExprCtx cx = {.table = t, .index_expr = true};
        const char *s = sql_expr(r, &cx, ie->expr, NULL);
        if (!s)
            return NULL;
        bool bare = ie->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL;
        e->expr = bare ? s : sd_printf(r->a, "(%s)", s);
        *colname = expr_colname(ie->expr);
    }
    if (ie->indexcolname && *ie->indexcolname)
        *colname = ie->indexcolname;
    if (ie->n_opclass) {
        const char *op = sql_str(ie->opclass[ie->n_opclass - 1]);
        if (op && !default_opclass(op))
            e->opclass = sd_strdup(r->a, op);
    }
    if (ie->n_collation) {
        SdBuf b = {0};
        sd_buf_ident(&b, sql_str(ie->collation[ie->n_collation - 1]));
        e->collation = sd_strdup(r->a, sd_buf_str(&b));
        sd_buf_free(&b);
    }
    e->desc = ie->ordering == PG_QUERY__SORT_BY_DIR__SORTBY_DESC;
    if (e->desc && ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_LAST)
        e->nulls = 'l';
    else if (!e->desc && ie->nulls_ordering == PG_QUERY__SORT_BY_NULLS__SORTBY_NULLS_FIRST)
        e->nulls = 'f';
    return e;
}

/* ChooseIndexColumnNames + ChooseIndexNameAddition: names made unique, joined by _. */
static const char *index_name_addition(Replay *r, const SdVec *names)
{
    SdBuf b = {0};
    SdVec seen = {0};
    for (size_t i = 0; i < names->len; i++) {
        const char *orig = names->items[i], *cur = orig;
        for (int k = 1;; k++) {
            bool dup = false;
            for (size_t j = 0; j < seen.len && !dup; j++)
                dup = strcmp(seen.items[j], cur) == 0;
            if (!dup)
                break;
            cur = sd_printf(r->a, "%s%d", orig, k);
        }
        sd_vec_push(r->a, &seen, (void *)cur);
        if (i)
            sd_buf_putc(&b, '_');
        size_t n = strlen(cur);
        sd_buf_put(&b, cur, n < NAMEDATALEN - 1 ? n : NAMEDATALEN - 1);
        if (b.len >= NAMEDATALEN)
            break;
    }
    const char *s = sd_strdup(r->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static bool fill_index(Replay *r, SdTable *t, PgQuery__IndexStmt *s, SdIndex *x, SdVec *colnames)
{
    for (size_t i = 0; i < s->n_index_params; i++) {
        const char *cn = NULL;
        SdIndexElem *e = index_elem(r, t, s->index_params[i]->index_elem, &cn);
        if (!e)
            return false;
        sd_vec_push(r->a, &x->elems, e);
        sd_vec_push(r->a, colnames, (void *)cn);
    }
    for (size_t i = 0; i < s->n_index_including_params; i++) {
        PgQuery__IndexElem *ie = s->index_including_params[i]->index_elem;
        sd_vec_push(r->a, &x->include, sd_strdup(r->a, ie->name));
        sd_vec_push(r->a, colnames, ie->name);
    }
    if (s->where_clause) {
        ExprCtx cx = {.table = t};
        SdType boolean = {.name = "boolean", .mods = {-1, -1}};
        x->predicate = sql_expr(r, &cx, s->where_clause, &boolean);
        if (!x->predicate)
            return false;
    }
    return true;
}

/* WITH (...) storage parameters as flatten_reloptions prints them:
 * name=value, the value quoted unless it is a plain identifier. */
const char *sql_reloptions(Replay *r, Node **opts, size_t n)
{
    if (!n)
        return NULL;
    SdBuf b = {0};
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = opts[i]->def_elem;
        const char *v = "true";
        char num[32];
        if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
            sd_snprintf(num, sizeof num, "%d", d->arg->integer->ival);
            v = num;
        } else if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_FLOAT) {
            v = d->arg->float_->fval;
        } else if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN) {
            v = d->arg->boolean->boolval ? "true" : "false";
        } else if (d->arg && sql_str(d->arg)) {
            v = sql_str(d->arg);
        } else if (d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_TYPE_NAME && d->arg->type_name->n_names) {
            v = sql_str(d->arg->type_name->names[d->arg->type_name->n_names - 1]); /* a bare word: off, on */
            v = v ? v : "";
        }
        sd_buf_printf(&b, "%s%s=", i ? ", " : "", d->defname);
        if (sd_ident_needs_quotes(v))
            sd_buf_quote_literal(&b, v);
        else
            sd_buf_puts(&b, v);
    }
    const char *out = sd_strdup(r->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

void sql_create_index(Replay *r, PgQuery__IndexStmt *s)
{
    PgQuery__RangeVar *rv = s->relation;
    const char *schema = NULL;
    SdObject *rel = sql_find_rel(r, rv->schemaname, rv->relname, &schema);
    if (!rel && sql_unmodelled_rel(r, rv->relname)) {
        sd_notice(r->d, sql_loc(r, -1), "index on unmodelled table \"%s\" skipped", rv->relname);
        return;
    }
    if (!rel || (rel->kind != SD_OBJ_TABLE && rel->kind != SD_OBJ_VIEW)) {
        sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
        return;
    }
    SdTable *t = rel->kind == SD_OBJ_TABLE ? (SdTable *)rel : NULL;
    if (s->idxname && *s->idxname && sql_find_rel(r, rel->schema, s->idxname, NULL)) {
        if (s->if_not_exists)
            sd_notice(r->d, sql_loc(r, -1), "relation \"%s\" already exists, skipping", s->idxname);
        else
            sql_fail(r, -1, "relation \"%s\" already exists", s->idxname);
        return;
    }
    SdIndex tmp = {0};
    SdVec colnames = {0};
    if (!fill_index(r, t, s, &tmp, &colnames))
        return;
    const char *name = s->idxname && *s->idxname
                           ? s->idxname
                           : sql_choose_relname(r, rel->name, index_name_addition(r, &colnames), "idx", rel->schema);
    SdIndex *x = sd_catalog_add_index(r->cat, rel->schema, name, rel->name, sql_loc(r, -1));
    x->elems = tmp.elems;
    x->include = tmp.include;
    x->predicate = tmp.predicate;
    x->unique = s->unique;
    x->nulls_not_distinct = s->nulls_not_distinct;
    x->options = sql_reloptions(r, s->options, s->n_options);
    if (s->access_method && *s->access_method)
        x->method = sd_strdup(r->a, s->access_method);
}

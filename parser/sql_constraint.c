/* sql_constraint.c: table constraints (PRIMARY KEY, UNIQUE, FOREIGN KEY,
 * CHECK, EXCLUDE) from CREATE TABLE and ALTER TABLE ADD CONSTRAINT, named as
 * PostgreSQL names them when the SQL does not (t_pkey, t_a_b_key, t_a_fkey,
 * t_a_check), with its 63-byte truncation and numbered retries. */
#include "sql_int.h"

#include <string.h>

enum { NAMEDATALEN = 64 };

/* ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition. */
static const char *name_addition(Replay *r, const SdVec *cols)
{
    SdBuf b = {0};
    for (size_t i = 0; i < cols->len; i++) {
        if (i)
            sd_buf_putc(&b, '_');
        const char *c = cols->items[i];
        size_t n = strlen(c);
        sd_buf_put(&b, c, n < NAMEDATALEN - 1 ? n : NAMEDATALEN - 1);
        if (b.len >= NAMEDATALEN)
            break;
    }
    const char *s = sd_strdup(r->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static bool name_list(Replay *r, Node **items, size_t n, SdVec *out)
{
    for (size_t i = 0; i < n; i++) {
        const char *s = sql_str(items[i]);
        if (!s) {
            /* INCLUDE and key lists in constraints are IndexElem in some forms */
            if (items[i]->node_case == PG_QUERY__NODE__NODE_INDEX_ELEM && items[i]->index_elem->name &&
                *items[i]->index_elem->name)
                s = items[i]->index_elem->name;
            else
                return false;
        }
        sd_vec_push(r->a, out, sd_strdup(r->a, s));
    }
    return true;
}

static bool check_columns(Replay *r, SdTable *t, const SdVec *cols, int32_t loc)
{
    for (size_t i = 0; i < cols->len; i++) {
        if (!sd_table_find_column(t, cols->items[i])) {
            sql_fail(r, loc, "column \"%s\" named in key does not exist", (const char *)cols->items[i]);
            return false;
        }
    }
    return true;
}

/* ADD CONSTRAINT [name] PRIMARY KEY|UNIQUE USING INDEX idx: the index
 * becomes the constraint's and takes its name. */
static bool using_index(Replay *r, SdTable *t, PgQuery__Constraint *c, bool pk)
{
    SdIndex *x = (SdIndex *)sd_catalog_find(r->cat, SD_OBJ_INDEX, t->obj.schema, c->indexname);
    if (!x || !sd_streq(x->table, t->obj.name)) {
        sql_fail(r, c->location, "index \"%s\" does not exist", c->indexname);
        return false;
    }
    if (!x->unique || x->predicate) {
        sql_fail(r, c->location, "\"%s\" is not a unique index", c->indexname);
        return false;
    }
    SdVec cols = {0};
    for (size_t i = 0; i < x->elems.len; i++) {
        SdIndexElem *e = x->elems.items[i];
        if (!e->column || e->desc || e->nulls || e->opclass || e->collation) {
            sql_fail(r, c->location, "index \"%s\" does not have default sorting behavior", c->indexname);
            return false;
        }
        sd_vec_push(r->a, &cols, (void *)e->column);
    }
    const char *name = c->conname && *c->conname ? c->conname : x->obj.name;
    sd_catalog_remove(r->cat, &x->obj);
    SdConstraint *k = sd_table_add_constraint(r->cat, t, pk ? SD_CON_PRIMARY : SD_CON_UNIQUE, name, sql_loc(r, c->location));
    k->columns = cols;
    k->include = x->include;
    k->nulls_not_distinct = x->nulls_not_distinct;
    k->index_options = x->options;
    k->deferrable = c->deferrable;
    k->initially_deferred = c->initdeferred;
    if (pk)
        for (size_t i = 0; i < cols.len; i++)
            sd_table_find_column(t, cols.items[i])->not_null = true;
    return true;
}

static bool index_constraint(Replay *r, SdTable *t, PgQuery__Constraint *c, const char *column)
{
    bool pk = c->contype == PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY;
    if (pk && sd_table_primary_key(t)) {
        sql_fail(r, c->location, "multiple primary keys for table \"%s\" are not allowed", t->obj.name);
        return false;
    }
    SdVec cols = {0}, inc = {0};
    if (column)
        sd_vec_push(r->a, &cols, sd_strdup(r->a, column));
    else if (!name_list(r, c->keys, c->n_keys, &cols))
        return sql_fail(r, c->location, "key list not understood"), false;
    if (!name_list(r, c->including, c->n_including, &inc))
        return sql_fail(r, c->location, "INCLUDE list not understood"), false;
    if (c->indexname && *c->indexname)
        return using_index(r, t, c, pk);
    if (!check_columns(r, t, &cols, c->location) || !check_columns(r, t, &inc, c->location))
        return false;
    const char *name = c->conname && *c->conname ? c->conname : NULL;
    if (!name)
        name = sql_choose_relname(r, t->obj.name, pk ? NULL : name_addition(r, &cols), pk ? "pkey" : "key",
                                  t->obj.schema);
    else if (sql_find_rel(r, t->obj.schema, name, NULL)) {
        sql_fail(r, c->location, "relation \"%s\" already exists", name);
        return false;
    }
    SdConstraint *k = sd_table_add_constraint(r->cat, t, pk ? SD_CON_PRIMARY : SD_CON_UNIQUE, name, sql_loc(r, c->location));
    k->columns = cols;
    k->include = inc;
    k->nulls_not_distinct = c->nulls_not_distinct;
    k->index_options = sql_reloptions(r, c->options, c->n_options);
    k->deferrable = c->deferrable;
    k->initially_deferred = c->initdeferred;
    if (pk)
        for (size_t i = 0; i < cols.len; i++)
            sd_table_find_column(t, cols.items[i])->not_null = true;
    return true;
}

static SdFkAction fk_action(const char *s)
{
    switch (s && *s ? *s : 'a') {
    case 'r': return SD_FK_RESTRICT;
    case 'c': return SD_FK_CASCADE;
    case 'n': return SD_FK_SET_NULL;
    case 'd': return SD_FK_SET_DEFAULT;
    default: return SD_FK_NO_ACTION;
    }
}

static bool foreign_key(Replay *r, SdTable *t, PgQuery__Constraint *c, const char *column)
{
    SdVec cols = {0}, refs = {0};
    if (column)
        sd_vec_push(r->a, &cols, sd_strdup(r->a, column));
    else if (!name_list(r, c->fk_attrs, c->n_fk_attrs, &cols))
        return sql_fail(r, c->location, "foreign key column list not understood"), false;
    if (!check_columns(r, t, &cols, c->location))
        return false;
    PgQuery__RangeVar *rv = c->pktable;
    SdTable *ref = (SdTable *)sql_find_kind(r, SD_OBJ_TABLE, rv->schemaname, rv->relname);
    if (!ref) {
        sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
        return false;
    }
    if (c->n_pk_attrs == 0) {
        SdConstraint *pk = sd_table_primary_key(ref);
        if (!pk) {
            sql_fail(r, rv->location, "there is no primary key for referenced table \"%s\"", ref->obj.name);
            return false;
        }
        refs = pk->columns;
    } else if (!name_list(r, c->pk_attrs, c->n_pk_attrs, &refs)) {
        return sql_fail(r, c->location, "referenced column list not understood"), false;
    }
    if (!check_columns(r, ref, &refs, rv->location))
        return false;
    if (refs.len != cols.len) {
        sql_fail(r, c->location, "number of referencing and referenced columns for foreign key disagree");
        return false;
    }
    const char *name = c->conname && *c->conname ? c->conname : NULL;
    if (!name)
        name = sql_choose_conname(r, t->obj.name, name_addition(r, &cols), "fkey", t->obj.schema);
    else if (sd_table_find_constraint(t, name)) {
        sql_fail(r, c->location, "constraint \"%s\" for relation \"%s\" already exists", name, t->obj.name);
        return false;
    }
    SdConstraint *k = sd_table_add_constraint(r->cat, t, SD_CON_FOREIGN, name, sql_loc(r, c->location));
    k->columns = cols;
    k->ref_schema = ref->obj.schema;
    k->ref_table = ref->obj.name;
    k->ref_columns = refs;
    k->on_delete = fk_action(c->fk_del_action);
    k->on_update = fk_action(c->fk_upd_action);
    k->match = c->fk_matchtype && *c->fk_matchtype ? *c->fk_matchtype : 's';
    k->deferrable = c->deferrable;
    k->initially_deferred = c->initdeferred;
    k->not_valid = c->skip_validation;
    return true;
}

/* Distinct column names an expression references (check constraint naming). */
static void collect_columns(Node *n, SdArena *a, SdVec *out);

static bool check_constraint(Replay *r, SdTable *t, PgQuery__Constraint *c)
{
    ExprCtx cx = {.table = t};
    SdType boolean = {.name = "boolean", .mods = {-1, -1}};
    const char *e = sql_expr(r, &cx, c->raw_expr, &boolean);
    if (!e)
        return false;
    const char *name = c->conname && *c->conname ? c->conname : NULL;
    if (!name) {
        SdVec cols = {0};
        collect_columns(c->raw_expr, r->a, &cols);
        name = sql_choose_conname(r, t->obj.name, cols.len == 1 ? cols.items[0] : NULL, "check", t->obj.schema);
    } else if (sd_table_find_constraint(t, name)) {
        sql_fail(r, c->location, "constraint \"%s\" for relation \"%s\" already exists", name, t->obj.name);
        return false;
    }
    SdConstraint *k = sd_table_add_constraint(r->cat, t, SD_CON_CHECK, name, sql_loc(r, c->location));
    k->expr = sd_printf(r->a, "(%s)", e);
    k->no_inherit = c->is_no_inherit;
    k->not_valid = c->skip_validation;
    return true;
}

static void collect_columns(Node *n, SdArena *a, SdVec *out)
{
    if (!n)
        return;
    const char *c = NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        c = sql_expr_first_column(n);
        for (size_t i = 0; c && i < out->len; i++)
            if (strcmp(out->items[i], c) == 0)
                c = NULL;
        if (c)
            sd_vec_push(a, out, (void *)c);
        return;
    case PG_QUERY__NODE__NODE_A_EXPR:
        collect_columns(n->a_expr->lexpr, a, out);
        collect_columns(n->a_expr->rexpr, a, out);
        return;
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        for (size_t i = 0; i < n->bool_expr->n_args; i++)
            collect_columns(n->bool_expr->args[i], a, out);
        return;
    case PG_QUERY__NODE__NODE_NULL_TEST: collect_columns(n->null_test->arg, a, out); return;
    case PG_QUERY__NODE__NODE_TYPE_CAST: collect_columns(n->type_cast->arg, a, out); return;
    case PG_QUERY__NODE__NODE_LIST:
        for (size_t i = 0; i < n->list->n_items; i++)
            collect_columns(n->list->items[i], a, out);
        return;
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        for (size_t i = 0; i < n->func_call->n_args; i++)
            collect_columns(n->func_call->args[i], a, out);
        return;
    default: return;
    }
}

static bool exclusion_constraint(Replay *r, SdTable *t, PgQuery__Constraint *c)
{
    SdBuf b = {0};
    sd_buf_printf(&b, "EXCLUDE USING %s (", c->access_method && *c->access_method ? c->access_method : "gist");
    SdVec cols = {0};
    for (size_t i = 0; i < c->n_exclusions; i++) {
        Node *pair = c->exclusions[i];
        if (pair->node_case != PG_QUERY__NODE__NODE_LIST || pair->list->n_items != 2 ||
            pair->list->items[0]->node_case != PG_QUERY__NODE__NODE_INDEX_ELEM) {
            sd_buf_free(&b);
            return sql_fail(r, c->location, "exclusion constraint not understood"), false;
        }
        PgQuery__IndexElem *ie = pair->list->items[0]->index_elem;
        Node *ops = pair->list->items[1];
        const char *op = ops->node_case == PG_QUERY__NODE__NODE_LIST && ops->list->n_items
                             ? sql_str(ops->list->items[ops->list->n_items - 1]) : "=";
        if (i)
            sd_buf_puts(&b, ", ");
        if (ie->name && *ie->name) {
            sd_buf_ident(&b, ie->name);
        } else {
            ExprCtx cx = {.table = t, .index_expr = true};
            const char *x = sql_expr(r, &cx, ie->expr, NULL);
            bool bare = ie->expr && ie->expr->node_case == PG_QUERY__NODE__NODE_FUNC_CALL;
            sd_buf_printf(&b, bare ? "%s" : "(%s)", x ? x : "?");
        }
        sd_buf_printf(&b, " WITH %s", op ? op : "=");
        if (ie->name && *ie->name)
            sd_vec_push(r->a, &cols, sd_strdup(r->a, ie->name));
    }
    sd_buf_putc(&b, ')');
    if (c->where_clause) {
        ExprCtx cx = {.table = t};
        sd_buf_printf(&b, " WHERE (%s)", sql_expr(r, &cx, c->where_clause, NULL));
    }
    const char *name = c->conname && *c->conname ? c->conname
                                                 : sql_choose_relname(r, t->obj.name, name_addition(r, &cols),
                                                                      "excl", t->obj.schema);
    SdConstraint *k = sd_table_add_constraint(r->cat, t, SD_CON_EXCLUDE, name, sql_loc(r, c->location));
    k->expr = sd_strdup(r->a, sd_buf_str(&b));
    k->columns = cols;
    sd_buf_free(&b);
    return true;
}

/* A table constraint (column set when it was written on a column).
 * Returns false after recording an error. */
bool sql_add_constraint(Replay *r, SdTable *t, PgQuery__Constraint *c, const char *column)
{
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY:
    case PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE: return index_constraint(r, t, c, column);
    case PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN: return foreign_key(r, t, c, column);
    case PG_QUERY__CONSTR_TYPE__CONSTR_CHECK: return check_constraint(r, t, c);
    case PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION: return exclusion_constraint(r, t, c);
    default: return sql_fail(r, c->location, "constraint kind not supported here"), false;
    }
}

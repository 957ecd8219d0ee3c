/* sql_table.c: CREATE TABLE and ALTER TABLE with its subcommands, columns
 * (SERIAL and IDENTITY create their owned sequence as PostgreSQL does), and
 * what dropping a table or column takes with it. */
#include "sql_int.h"

#include <string.h>

SdSequence *sql_add_serial_sequence(Replay *r, SdTable *t, SdColumn *col, const char *type, int32_t loc)
{
    const char *name = sql_choose_relname(r, t->obj.name, col->name, "seq", t->obj.schema);
    SdSequence *s = sd_catalog_add_sequence(r->cat, t->obj.schema, name, sql_loc(r, loc));
    s->type = type;
    s->max = strcmp(type, "integer") == 0 ? 2147483647 : strcmp(type, "smallint") == 0 ? 32767 : INT64_MAX;
    s->owned_table = t->obj.name;
    s->owned_column = col->name;
    return s;
}

const char *sql_nextval_default(Replay *r, const SdSequence *s)
{
    SdBuf q = {0}, lit = {0};
    if (strcmp(s->obj.schema, "public") != 0) {
        sd_buf_ident(&q, s->obj.schema);
        sd_buf_putc(&q, '.');
    }
    sd_buf_ident(&q, s->obj.name);
    sd_buf_quote_literal(&lit, sd_buf_str(&q));
    const char *out = sd_printf(r->a, "nextval(%s::regclass)", sd_buf_str(&lit));
    sd_buf_free(&q);
    sd_buf_free(&lit);
    return out;
}

static bool set_default(Replay *r, SdTable *t, SdColumn *col, Node *expr)
{
    if (expr->node_case == PG_QUERY__NODE__NODE_A_CONST && expr->a_const->isnull) {
        col->default_expr = NULL; /* DEFAULT NULL stores nothing */
        return true;
    }
    ExprCtx cx = {.table = t};
    col->default_expr = sql_expr(r, &cx, expr, &col->type);
    return col->default_expr != NULL;
}

/* Column constraints that are column properties; the others go to pend. */
static bool column_constraint(Replay *r, SdTable *t, SdColumn *col, PgQuery__Constraint *c, SdVec *pend)
{
    switch (c->contype) {
    case PG_QUERY__CONSTR_TYPE__CONSTR_NOTNULL: col->not_null = true; return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_NULL: col->not_null = false; return true;
    case PG_QUERY__CONSTR_TYPE__CONSTR_DEFAULT: return set_default(r, t, col, c->raw_expr);
    case PG_QUERY__CONSTR_TYPE__CONSTR_IDENTITY: {
        col->identity = c->generated_when && *c->generated_when == 'd' ? SD_IDENTITY_BY_DEFAULT : SD_IDENTITY_ALWAYS;
        col->not_null = true;
        sql_add_serial_sequence(r, t, col, col->type.name, c->location);
        return true;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_GENERATED: {
        ExprCtx cx = {.table = t};
        col->generated = sql_expr(r, &cx, c->raw_expr, &col->type);
        return col->generated != NULL;
    }
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_NOT_DEFERRABLE:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_DEFERRED:
    case PG_QUERY__CONSTR_TYPE__CONSTR_ATTR_IMMEDIATE: return true; /* folded into the constraint by the grammar */
    default: sd_vec_push(r->a, pend, c); return true;
    }
}

/* Adds a column; its table-level constraints (key, FK, check) are appended to
 * pend with the column, to be added after the table's columns. */
static SdColumn *add_column(Replay *r, SdTable *t, PgQuery__ColumnDef *cd, SdVec *pend, SdVec *pend_cols)
{
    if (sd_table_find_column(t, cd->colname)) {
        sql_fail(r, cd->location, "column \"%s\" specified more than once", cd->colname);
        return NULL;
    }
    SdColumn *col = sd_table_add_column(r->cat, t, cd->colname, sql_loc(r, cd->location));
    bool serial = false;
    if (!sql_type(r, cd->type_name, &col->type, &serial))
        return NULL;
    if (cd->coll_clause && cd->coll_clause->n_collname)
        col->collation = sd_strdup(r->a, sql_str(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]));
    col->not_null = cd->is_not_null;
    if (serial) {
        SdSequence *s = sql_add_serial_sequence(r, t, col, col->type.name, cd->location);
        col->default_expr = sql_nextval_default(r, s);
        col->not_null = true;
    }
    for (size_t i = 0; i < cd->n_constraints; i++) {
        Node *n = cd->constraints[i];
        size_t before = pend->len;
        if (n->node_case != PG_QUERY__NODE__NODE_CONSTRAINT || !column_constraint(r, t, col, n->constraint, pend))
            return r->failed ? NULL : (sql_fail(r, cd->location, "column constraint not understood"), NULL);
        if (pend->len > before)
            sd_vec_push(r->a, pend_cols, col);
    }
    if (cd->raw_default && !set_default(r, t, col, cd->raw_default))
        return NULL;
    return col;
}

/* PostgreSQL adds primary keys and uniques, then checks, then foreign keys. */
static bool add_pending(Replay *r, SdTable *t, SdVec *pend, SdVec *pend_cols)
{
    static const PgQuery__ConstrType ORDER[][2] = {
        {PG_QUERY__CONSTR_TYPE__CONSTR_PRIMARY, PG_QUERY__CONSTR_TYPE__CONSTR_UNIQUE},
        {PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION, PG_QUERY__CONSTR_TYPE__CONSTR_EXCLUSION},
        {PG_QUERY__CONSTR_TYPE__CONSTR_CHECK, PG_QUERY__CONSTR_TYPE__CONSTR_CHECK},
        {PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN, PG_QUERY__CONSTR_TYPE__CONSTR_FOREIGN},
    };
    for (size_t o = 0; o < SD_ARRAY_LEN(ORDER); o++) {
        for (size_t i = 0; i < pend->len; i++) {
            PgQuery__Constraint *c = pend->items[i];
            if (c->contype != ORDER[o][0] && c->contype != ORDER[o][1])
                continue;
            SdColumn *col = pend_cols->items[i];
            if (!sql_add_constraint(r, t, c, col ? col->name : NULL))
                return false;
        }
    }
    return true;
}

static bool schema_exists(Replay *r, const char *schema, int32_t loc)
{
    if (sd_catalog_find(r->cat, SD_OBJ_SCHEMA, NULL, schema))
        return true;
    sql_fail(r, loc, "schema \"%s\" does not exist", schema);
    return false;
}

void sql_create_table(Replay *r, PgQuery__CreateStmt *s)
{
    PgQuery__RangeVar *rv = s->relation;
    if (rv->relpersistence && *rv->relpersistence == 't') {
        sql_mark_unmodelled_rel(r, rv->relname);
        sd_notice(r->d, sql_loc(r, -1), "temporary table \"%s\" not modelled, skipped", rv->relname);
        return;
    }
    const char *schema = sql_creation_schema(r, rv->schemaname);
    if (!schema_exists(r, schema, rv->location))
        return;
    if (sql_find_rel(r, schema, rv->relname, NULL)) {
        if (s->if_not_exists)
            sd_notice(r->d, sql_loc(r, rv->location), "relation \"%s\" already exists, skipping", rv->relname);
        else
            sql_fail(r, rv->location, "relation \"%s\" already exists", rv->relname);
        return;
    }
    if (s->n_inh_relations || s->partbound || s->of_typename) {
        sql_fail(r, rv->location, "table inheritance, partitions and typed tables are not supported");
        return;
    }
    SdTable *t = sd_catalog_add_table(r->cat, schema, rv->relname, sql_loc(r, rv->location));
    t->unlogged = rv->relpersistence && *rv->relpersistence == 'u';
    if (s->partspec)
        t->relkind = SD_TABLE_PARTITIONED;
    SdVec pend = {0}, pend_cols = {0};
    for (size_t i = 0; i < s->n_table_elts; i++) {
        Node *n = s->table_elts[i];
        if (n->node_case == PG_QUERY__NODE__NODE_COLUMN_DEF) {
            if (!add_column(r, t, n->column_def, &pend, &pend_cols))
                return;
        } else if (n->node_case == PG_QUERY__NODE__NODE_CONSTRAINT) {
            sd_vec_push(r->a, &pend, n->constraint);
            sd_vec_push(r->a, &pend_cols, NULL);
        } else {
            sql_fail(r, -1, "table element not supported (LIKE)");
            return;
        }
    }
    add_pending(r, t, &pend, &pend_cols);
}

/* ---- dependents ---- */

static bool vec_has(const SdVec *v, const char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0)
            return true;
    return false;
}

/* Foreign keys in other tables that reference t (column NULL: any column). */
static void referencing_fks(Replay *r, SdTable *t, const char *column, SdVec *out_tables, SdVec *out_cons)
{
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *o = r->cat->tables.items[i];
        for (size_t j = 0; j < o->constraints.len; j++) {
            SdConstraint *k = o->constraints.items[j];
            if (k->kind != SD_CON_FOREIGN || !sd_streq(k->ref_table, t->obj.name) ||
                !sd_streq(k->ref_schema, t->obj.schema) || (o == t && !column))
                continue;
            if (column && !vec_has(&k->ref_columns, column))
                continue;
            sd_vec_push(r->a, out_tables, o);
            sd_vec_push(r->a, out_cons, k);
        }
    }
}

static void remove_constraint(SdTable *t, SdConstraint *k)
{
    for (size_t i = 0; i < t->constraints.len; i++) {
        if (t->constraints.items[i] == k) {
            memmove(&t->constraints.items[i], &t->constraints.items[i + 1],
                    (t->constraints.len - i - 1) * sizeof(void *));
            t->constraints.len--;
            return;
        }
    }
}

/* Drops FKs referencing t (or its column); false (error) when not cascading and some exist. */
static bool drop_referencing(Replay *r, SdTable *t, const char *column, bool cascade, const char *what)
{
    SdVec tabs = {0}, cons = {0};
    referencing_fks(r, t, column, &tabs, &cons);
    if (cons.len && !cascade) {
        SdConstraint *k = cons.items[0];
        SdDiag *g = sql_fail(r, -1, "cannot drop %s because other objects depend on it", what);
        g->detail = sd_printf(r->a, "constraint %s on table %s depends on %s.", k->name,
                              ((SdTable *)tabs.items[0])->obj.name, what);
        g->hint = "Use DROP ... CASCADE to drop the dependent objects too.";
        return false;
    }
    for (size_t i = 0; i < cons.len; i++)
        remove_constraint(tabs.items[i], cons.items[i]);
    return true;
}

static void drop_indexes_of(Replay *r, SdTable *t, const char *column)
{
    for (size_t i = r->cat->indexes.len; i-- > 0;) {
        SdIndex *x = r->cat->indexes.items[i];
        if (!sd_streq(x->table, t->obj.name) || !sd_streq(x->obj.schema, t->obj.schema))
            continue;
        bool hit = !column || vec_has(&x->include, column);
        for (size_t j = 0; !hit && j < x->elems.len; j++) {
            SdIndexElem *e = x->elems.items[j];
            hit = e->column ? strcmp(e->column, column) == 0 : e->expr && strstr(e->expr, column) != NULL;
        }
        if (!hit && x->predicate && strstr(x->predicate, column))
            hit = true;
        if (hit)
            sd_catalog_remove(r->cat, &x->obj);
    }
}

static void drop_owned_sequences(Replay *r, SdTable *t, const char *column)
{
    for (size_t i = r->cat->sequences.len; i-- > 0;) {
        SdSequence *s = r->cat->sequences.items[i];
        if (sd_streq(s->owned_table, t->obj.name) && sd_streq(s->obj.schema, t->obj.schema) &&
            (!column || sd_streq(s->owned_column, column)))
            sd_catalog_remove(r->cat, &s->obj);
    }
}

static void drop_triggers_of(Replay *r, SdTable *t)
{
    for (size_t i = r->cat->triggers.len; i-- > 0;) {
        SdOpaque *g = r->cat->triggers.items[i];
        if (sd_streq(g->table, t->obj.name) && sd_streq(g->obj.schema, t->obj.schema))
            sd_catalog_remove(r->cat, &g->obj);
    }
}

void sql_drop_table_object(Replay *r, SdTable *t)
{
    drop_indexes_of(r, t, NULL);
    drop_owned_sequences(r, t, NULL);
    drop_triggers_of(r, t);
    sd_catalog_remove(r->cat, &t->obj);
}

/* DROP TABLE: false after an error (dependents without CASCADE). */
bool sql_drop_table(Replay *r, SdTable *t, bool cascade)
{
    if (!drop_referencing(r, t, NULL, cascade, sd_printf(r->a, "table %s", t->obj.name)))
        return false;
    sql_drop_table_object(r, t);
    return true;
}

void sql_drop_column_dependents(Replay *r, SdTable *t, const char *column)
{
    for (size_t i = t->constraints.len; i-- > 0;) {
        SdConstraint *k = t->constraints.items[i];
        bool hit = vec_has(&k->columns, column) || vec_has(&k->include, column);
        if (k->kind == SD_CON_CHECK && k->expr && strstr(k->expr, column))
            hit = true;
        if (hit)
            remove_constraint(t, k);
    }
    drop_indexes_of(r, t, column);
    drop_owned_sequences(r, t, column);
}

/* ---- ALTER TABLE ---- */

static SdColumn *need_column(Replay *r, SdTable *t, const char *name, bool missing_ok)
{
    SdColumn *c = sd_table_find_column(t, name);
    if (!c && !missing_ok)
        sql_fail(r, -1, "column \"%s\" of relation \"%s\" does not exist", name, t->obj.name);
    return c;
}

static void drop_column(Replay *r, SdTable *t, PgQuery__AlterTableCmd *cmd)
{
    SdColumn *c = need_column(r, t, cmd->name, cmd->missing_ok);
    if (!c)
        return;
    bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    if (!drop_referencing(r, t, c->name, cascade,
                          sd_printf(r->a, "column %s of table %s", c->name, t->obj.name)))
        return;
    sql_drop_column_dependents(r, t, c->name);
    for (size_t i = 0; i < t->columns.len; i++) {
        if (t->columns.items[i] == c) {
            memmove(&t->columns.items[i], &t->columns.items[i + 1], (t->columns.len - i - 1) * sizeof(void *));
            t->columns.len--;
            break;
        }
    }
}

static void alter_type(Replay *r, SdTable *t, PgQuery__AlterTableCmd *cmd)
{
    SdColumn *c = need_column(r, t, cmd->name, false);
    if (!c)
        return;
    PgQuery__ColumnDef *cd = cmd->def->column_def;
    SdType nt;
    bool serial;
    if (!sql_type(r, cd->type_name, &nt, &serial))
        return;
    if (serial) {
        sql_fail(r, cd->type_name->location, "type \"%s\" does not exist", nt.name);
        return;
    }
    c->type = nt;
    c->collation = cd->coll_clause && cd->coll_clause->n_collname
                       ? sd_strdup(r->a, sql_str(cd->coll_clause->collname[cd->coll_clause->n_collname - 1]))
                       : NULL;
    /* The default stays, re-coerced to the new type: its printed form does not change
     * in the cases PostgreSQL accepts without an explicit USING on the default. */
}

static void add_column_cmd(Replay *r, SdTable *t, PgQuery__AlterTableCmd *cmd)
{
    PgQuery__ColumnDef *cd = cmd->def->column_def;
    if (sd_table_find_column(t, cd->colname)) {
        if (cmd->missing_ok)
            sd_notice(r->d, sql_loc(r, cd->location), "column \"%s\" of relation \"%s\" already exists, skipping",
                      cd->colname, t->obj.name);
        else
            sql_fail(r, cd->location, "column \"%s\" of relation \"%s\" already exists", cd->colname, t->obj.name);
        return;
    }
    SdVec pend = {0}, pend_cols = {0};
    if (add_column(r, t, cd, &pend, &pend_cols))
        add_pending(r, t, &pend, &pend_cols);
}

static void drop_constraint(Replay *r, SdTable *t, PgQuery__AlterTableCmd *cmd)
{
    SdConstraint *k = sd_table_find_constraint(t, cmd->name);
    if (!k) {
        if (!cmd->missing_ok)
            sql_fail(r, -1, "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->obj.name);
        return;
    }
    if (k->kind == SD_CON_PRIMARY || k->kind == SD_CON_UNIQUE) {
        bool cascade = cmd->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
        SdVec tabs = {0}, cons = {0};
        for (size_t i = 0; i < k->columns.len; i++)
            referencing_fks(r, t, k->columns.items[i], &tabs, &cons);
        if (cons.len && !cascade) {
            sql_fail(r, -1, "cannot drop constraint %s on table %s because other objects depend on it", k->name,
                     t->obj.name);
            return;
        }
        for (size_t i = 0; i < cons.len; i++)
            remove_constraint(tabs.items[i], cons.items[i]);
    }
    remove_constraint(t, k);
}

static void alter_cmd(Replay *r, SdTable *t, PgQuery__AlterTableCmd *cmd)
{
    SdColumn *c;
    switch (cmd->subtype) {
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddColumn: add_column_cmd(r, t, cmd); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropColumn: drop_column(r, t, cmd); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AlterColumnType: alter_type(r, t, cmd); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ColumnDefault:
        if ((c = need_column(r, t, cmd->name, false))) {
            if (cmd->def)
                set_default(r, t, c, cmd->def);
            else
                c->default_expr = NULL;
        }
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetNotNull:
        if ((c = need_column(r, t, cmd->name, false)))
            c->not_null = true;
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropNotNull:
        if ((c = need_column(r, t, cmd->name, false))) {
            SdConstraint *pk = sd_table_primary_key(t);
            if (pk && vec_has(&pk->columns, c->name) && c->not_null)
                sql_fail(r, -1, "column \"%s\" is in a primary key", c->name);
            else
                c->not_null = c->identity != SD_IDENTITY_NONE;
        }
        break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_AddConstraint: sql_add_constraint(r, t, cmd->def->constraint, NULL); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_DropConstraint: drop_constraint(r, t, cmd); break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ValidateConstraint: {
        SdConstraint *k = sd_table_find_constraint(t, cmd->name);
        if (!k)
            sql_fail(r, -1, "constraint \"%s\" of relation \"%s\" does not exist", cmd->name, t->obj.name);
        else
            k->not_valid = false;
        break;
    }
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetUnLogged: t->unlogged = true; break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_SetLogged: t->unlogged = false; break;
    case PG_QUERY__ALTER_TABLE_TYPE__AT_ChangeOwner: break; /* owners are not part of the model */
    default:
        sd_notice(r->d, sql_loc(r, -1), "ALTER TABLE subcommand not modelled, skipped");
        break;
    }
}

void sql_alter_table(Replay *r, PgQuery__AlterTableStmt *s)
{
    PgQuery__RangeVar *rv = s->relation;
    if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE ||
        s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW || s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
        sd_notice(r->d, sql_loc(r, -1), "ALTER %s not modelled, skipped", "INDEX/SEQUENCE/VIEW");
        return;
    }
    SdTable *t = (SdTable *)sql_find_kind(r, SD_OBJ_TABLE, rv->schemaname, rv->relname);
    if (!t && sql_unmodelled_rel(r, rv->relname)) {
        sd_notice(r->d, sql_loc(r, -1), "ALTER TABLE of unmodelled table \"%s\" skipped", rv->relname);
        return;
    }
    if (!t) {
        if (s->missing_ok)
            sd_notice(r->d, sql_loc(r, rv->location), "relation \"%s\" does not exist, skipping", rv->relname);
        else
            sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
        return;
    }
    for (size_t i = 0; i < s->n_cmds && !r->failed; i++)
        alter_cmd(r, t, s->cmds[i]->alter_table_cmd);
}

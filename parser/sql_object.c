/* sql_object.c: the non-table objects: enums (CREATE TYPE AS ENUM, ALTER TYPE
 * ADD/RENAME VALUE), other types (opaque), sequences, views, functions,
 * triggers, extensions, schemas and COMMENT ON. */
#include "sql_int.h"

#include <stdlib.h>
#include <string.h>

/* A possibly qualified name from a list of String nodes: last is the name. */
static bool qual_name(Node **items, size_t n, const char **schema, const char **name)
{
    *schema = n >= 2 ? sql_str(items[n - 2]) : "";
    *name = n >= 1 ? sql_str(items[n - 1]) : NULL;
    return *name && *schema;
}

static bool type_name_taken(Replay *r, const char *schema, const char *name)
{
    return sd_catalog_find(r->cat, SD_OBJ_ENUM, schema, name) || sd_catalog_find(r->cat, SD_OBJ_TYPE, schema, name) ||
           sql_find_rel(r, schema, name, NULL); /* every relation has a row type of its name */
}

/* ---- enums ---- */

void sql_create_enum(Replay *r, PgQuery__CreateEnumStmt *s)
{
    const char *schema, *name;
    if (!qual_name(s->type_name, s->n_type_name, &schema, &name)) {
        sql_fail(r, -1, "type name not understood");
        return;
    }
    schema = sql_creation_schema(r, schema);
    if (type_name_taken(r, schema, name)) {
        sql_fail(r, -1, "type \"%s\" already exists", name);
        return;
    }
    SdEnum *e = sd_catalog_add_enum(r->cat, schema, name, sql_loc(r, -1));
    for (size_t i = 0; i < s->n_vals; i++) {
        const char *v = sql_str(s->vals[i]);
        for (size_t j = 0; j < e->labels.len; j++) {
            if (strcmp(e->labels.items[j], v) == 0) {
                sql_fail(r, -1, "enum label \"%s\" used more than once", v);
                return;
            }
        }
        sd_vec_push(r->a, &e->labels, sd_strdup(r->a, v));
    }
}

static long label_index(const SdEnum *e, const char *v)
{
    for (size_t i = 0; i < e->labels.len; i++)
        if (strcmp(e->labels.items[i], v) == 0)
            return (long)i;
    return -1;
}

void sql_alter_enum(Replay *r, PgQuery__AlterEnumStmt *s)
{
    const char *schema, *name;
    qual_name(s->type_name, s->n_type_name, &schema, &name);
    SdEnum *e = name ? (SdEnum *)sql_find_kind(r, SD_OBJ_ENUM, schema, name) : NULL;
    if (!e) {
        sql_fail(r, -1, "type \"%s\" does not exist", name ? name : "?");
        return;
    }
    if (s->old_val && *s->old_val) { /* RENAME VALUE */
        long i = label_index(e, s->old_val);
        if (i < 0)
            sql_fail(r, -1, "\"%s\" is not an existing enum label", s->old_val);
        else if (label_index(e, s->new_val) >= 0)
            sql_fail(r, -1, "enum label \"%s\" already exists", s->new_val);
        else
            e->labels.items[i] = sd_strdup(r->a, s->new_val);
        return;
    }
    if (label_index(e, s->new_val) >= 0) {
        if (s->skip_if_new_val_exists)
            sd_notice(r->d, sql_loc(r, -1), "enum label \"%s\" already exists, skipping", s->new_val);
        else
            sql_fail(r, -1, "enum label \"%s\" already exists", s->new_val);
        return;
    }
    size_t at = e->labels.len;
    if (s->new_val_neighbor && *s->new_val_neighbor) {
        long n = label_index(e, s->new_val_neighbor);
        if (n < 0) {
            sql_fail(r, -1, "\"%s\" is not an existing enum label", s->new_val_neighbor);
            return;
        }
        at = (size_t)n + (s->new_val_is_after ? 1 : 0);
    }
    sd_vec_push(r->a, &e->labels, NULL);
    memmove(&e->labels.items[at + 1], &e->labels.items[at], (e->labels.len - 1 - at) * sizeof(void *));
    e->labels.items[at] = sd_strdup(r->a, s->new_val);
}

/* ---- sequences ---- */

static bool def_int(const Node *arg, int64_t *out)
{
    if (!arg)
        return false;
    if (arg->node_case == PG_QUERY__NODE__NODE_INTEGER) {
        *out = arg->integer->ival;
        return true;
    }
    if (arg->node_case == PG_QUERY__NODE__NODE_FLOAT) {
        *out = strtoll(arg->float_->fval, NULL, 10);
        return true;
    }
    return false;
}

static void seq_options(Replay *r, SdSequence *q, Node **opts, size_t n, bool creating)
{
    bool has_min = false, has_max = false, has_start = false;
    for (size_t i = 0; i < n; i++) {
        PgQuery__DefElem *d = opts[i]->def_elem;
        int64_t v = 0;
        if (strcmp(d->defname, "as") == 0) {
            SdType t;
            if (sql_type(r, d->arg->type_name, &t, NULL))
                q->type = t.name;
        } else if (strcmp(d->defname, "increment") == 0 && def_int(d->arg, &v)) {
            q->increment = v;
        } else if (strcmp(d->defname, "minvalue") == 0) {
            has_min = def_int(d->arg, &q->min);
        } else if (strcmp(d->defname, "maxvalue") == 0) {
            has_max = def_int(d->arg, &q->max);
        } else if (strcmp(d->defname, "start") == 0 && def_int(d->arg, &v)) {
            q->start = v, has_start = true;
        } else if (strcmp(d->defname, "cache") == 0 && def_int(d->arg, &v)) {
            q->cache = v;
        } else if (strcmp(d->defname, "cycle") == 0) {
            q->cycle = d->arg && d->arg->node_case == PG_QUERY__NODE__NODE_BOOLEAN ? d->arg->boolean->boolval : true;
        } else if (strcmp(d->defname, "owned_by") == 0) {
            Node *l = d->arg;
            size_t ln = l && l->node_case == PG_QUERY__NODE__NODE_LIST ? l->list->n_items : 0;
            const char *last = ln ? sql_str(l->list->items[ln - 1]) : NULL;
            if (ln == 1 && last && strcmp(last, "none") == 0) {
                q->owned_table = q->owned_column = NULL;
            } else if (ln >= 2) {
                q->owned_table = sd_strdup(r->a, sql_str(l->list->items[ln - 2]));
                q->owned_column = sd_strdup(r->a, last);
            }
        }
    }
    if (!creating)
        return;
    int64_t tmax = strcmp(q->type, "integer") == 0 ? 2147483647 : strcmp(q->type, "smallint") == 0 ? 32767 : INT64_MAX;
    if (!has_min)
        q->min = q->increment > 0 ? 1 : -tmax - 1;
    if (!has_max)
        q->max = q->increment > 0 ? tmax : -1;
    if (!has_start)
        q->start = q->increment > 0 ? q->min : q->max;
}

void sql_create_seq(Replay *r, PgQuery__CreateSeqStmt *s)
{
    PgQuery__RangeVar *rv = s->sequence;
    const char *schema = sql_creation_schema(r, rv->schemaname);
    if (sql_find_rel(r, schema, rv->relname, NULL)) {
        if (s->if_not_exists)
            sd_notice(r->d, sql_loc(r, rv->location), "relation \"%s\" already exists, skipping", rv->relname);
        else
            sql_fail(r, rv->location, "relation \"%s\" already exists", rv->relname);
        return;
    }
    SdSequence *q = sd_catalog_add_sequence(r->cat, schema, rv->relname, sql_loc(r, rv->location));
    seq_options(r, q, s->options, s->n_options, true);
}

void sql_alter_seq(Replay *r, PgQuery__AlterSeqStmt *s)
{
    PgQuery__RangeVar *rv = s->sequence;
    SdSequence *q = (SdSequence *)sql_find_kind(r, SD_OBJ_SEQUENCE, rv->schemaname, rv->relname);
    if (!q) {
        if (!s->missing_ok)
            sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
        return;
    }
    seq_options(r, q, s->options, s->n_options, false);
}

/* ---- views ---- */

static void add_view(Replay *r, PgQuery__RangeVar *rv, Node *query, bool materialized, bool replace, bool if_not_exists)
{
    const char *schema = sql_creation_schema(r, rv->schemaname);
    SdObject *old = sql_find_rel(r, schema, rv->relname, NULL);
    if (old && !(replace && old->kind == SD_OBJ_VIEW)) {
        if (if_not_exists)
            sd_notice(r->d, sql_loc(r, rv->location), "relation \"%s\" already exists, skipping", rv->relname);
        else
            sql_fail(r, rv->location, "relation \"%s\" already exists", rv->relname);
        return;
    }
    if (old)
        sd_catalog_remove(r->cat, old);
    SdView *v = sd_catalog_add_view(r->cat, schema, rv->relname, materialized, sql_loc(r, rv->location));
    /* pg_get_viewdef's form needs the analysed query; libpg_query's deparse is the
     * closest we have (a known difference for views). */
    char *def = sql_deparse(r, query);
    v->definition = def ? sd_printf(r->a, "%s;", def) : sql_stmt_text(r);
}

void sql_create_view(Replay *r, PgQuery__ViewStmt *s)
{
    add_view(r, s->view, s->query, false, s->replace, false);
}

void sql_create_matview(Replay *r, PgQuery__CreateTableAsStmt *s)
{
    if (s->objtype != PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW) {
        sql_mark_unmodelled_rel(r, s->into->rel->relname);
        sd_notice(r->d, sql_loc(r, -1), "CREATE TABLE AS not modelled, skipped");
        return;
    }
    add_view(r, s->into->rel, s->query, true, false, s->if_not_exists);
}

/* ---- functions and triggers ---- */

/* pg_get_function_identity_arguments: "[mode ][name ]type" for input arguments. */
const char *sql_function_identity(Replay *r, Node **params, size_t n)
{
    SdBuf b = {0};
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        PgQuery__FunctionParameter *p = params[i]->function_parameter;
        if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_OUT ||
            p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_TABLE)
            continue;
        if (k++)
            sd_buf_puts(&b, ", ");
        if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_INOUT)
            sd_buf_puts(&b, "INOUT ");
        else if (p->mode == PG_QUERY__FUNCTION_PARAMETER_MODE__FUNC_PARAM_VARIADIC)
            sd_buf_puts(&b, "VARIADIC ");
        if (p->name && *p->name) {
            sd_buf_ident(&b, p->name);
            sd_buf_putc(&b, ' ');
        }
        const char *t = sql_type_text(r, p->arg_type);
        sd_buf_puts(&b, t ? t : "?");
    }
    const char *s = sd_strdup(r->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

void sql_create_function(Replay *r, PgQuery__CreateFunctionStmt *s)
{
    const char *schema, *name;
    if (!qual_name(s->funcname, s->n_funcname, &schema, &name)) {
        sql_fail(r, -1, "function name not understood");
        return;
    }
    schema = sql_creation_schema(r, schema);
    const char *ident = sql_function_identity(r, s->parameters, s->n_parameters);
    const char *key = sd_catalog_opaque_key(r->a, SD_OBJ_FUNCTION, name, ident, NULL);
    SdObject *old = sd_catalog_find(r->cat, SD_OBJ_FUNCTION, schema, key);
    if (old && !s->replace) {
        sql_fail(r, -1, "function \"%s\" already exists with same argument types", name);
        return;
    }
    if (old)
        sd_catalog_remove(r->cat, old);
    SdOpaque *f = sd_catalog_add_opaque(r->cat, SD_OBJ_FUNCTION, s->is_procedure ? "procedure" : "function", schema,
                                        name, ident, NULL, sql_loc(r, -1));
    f->identity = ident;
    f->definition = sql_stmt_text(r);
}

static void trigger_events(SdBuf *b, PgQuery__CreateTrigStmt *s)
{
    static const struct { int bit; const char *s; } EV[] = {{4, "INSERT"}, {8, "DELETE"}, {16, "UPDATE"}, {32, "TRUNCATE"}};
    int k = 0;
    for (size_t i = 0; i < SD_ARRAY_LEN(EV); i++) {
        if (!(s->events & EV[i].bit))
            continue;
        sd_buf_puts(b, k++ ? " OR " : "");
        sd_buf_puts(b, EV[i].s);
        if (EV[i].bit == 16 && s->n_columns) {
            sd_buf_puts(b, " OF ");
            for (size_t c = 0; c < s->n_columns; c++) {
                sd_buf_puts(b, c ? ", " : "");
                sd_buf_ident(b, sql_str(s->columns[c]));
            }
        }
    }
}

/* pg_get_triggerdef's text. */
static const char *trigger_def(Replay *r, PgQuery__CreateTrigStmt *s, const SdTable *t)
{
    SdBuf b = {0};
    sd_buf_puts(&b, "CREATE TRIGGER ");
    sd_buf_ident(&b, s->trigname);
    sd_buf_puts(&b, s->timing & 2 ? " BEFORE " : s->timing & 64 ? " INSTEAD OF " : " AFTER ");
    trigger_events(&b, s);
    sd_buf_puts(&b, " ON ");
    sd_buf_ident(&b, t->obj.schema);
    sd_buf_putc(&b, '.');
    sd_buf_ident(&b, t->obj.name);
    sd_buf_puts(&b, s->row ? " FOR EACH ROW " : " FOR EACH STATEMENT ");
    if (s->when_clause) {
        ExprCtx cx = {.table = NULL};
        sd_buf_printf(&b, "WHEN (%s) ", sql_expr(r, &cx, s->when_clause, NULL));
    }
    sd_buf_puts(&b, "EXECUTE FUNCTION ");
    const char *fs = s->n_funcname >= 2 ? sql_str(s->funcname[s->n_funcname - 2]) : NULL;
    if (fs && strcmp(fs, "public") != 0) {
        sd_buf_ident(&b, fs);
        sd_buf_putc(&b, '.');
    }
    sd_buf_ident(&b, sql_str(s->funcname[s->n_funcname - 1]));
    sd_buf_putc(&b, '(');
    for (size_t i = 0; i < s->n_args; i++) {
        sd_buf_puts(&b, i ? ", " : "");
        sd_buf_quote_literal(&b, sql_str(s->args[i]) ? sql_str(s->args[i]) : "");
    }
    sd_buf_putc(&b, ')');
    const char *out = sd_strdup(r->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

void sql_create_trigger(Replay *r, PgQuery__CreateTrigStmt *s)
{
    PgQuery__RangeVar *rv = s->relation;
    SdTable *t = (SdTable *)sql_find_kind(r, SD_OBJ_TABLE, rv->schemaname, rv->relname);
    if (!t) {
        sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
        return;
    }
    const char *key = sd_catalog_opaque_key(r->a, SD_OBJ_TRIGGER, s->trigname, NULL, t->obj.name);
    SdObject *old = sd_catalog_find(r->cat, SD_OBJ_TRIGGER, t->obj.schema, key);
    if (old && !s->replace) {
        sql_fail(r, -1, "trigger \"%s\" for relation \"%s\" already exists", s->trigname, t->obj.name);
        return;
    }
    if (old)
        sd_catalog_remove(r->cat, old);
    SdOpaque *g = sd_catalog_add_opaque(r->cat, SD_OBJ_TRIGGER, "trigger", t->obj.schema, s->trigname, NULL,
                                        t->obj.name, sql_loc(r, -1));
    g->definition = trigger_def(r, s, t);
}

/* ---- extensions, schemas, comments ---- */

void sql_create_extension(Replay *r, PgQuery__CreateExtensionStmt *s)
{
    if (sd_catalog_find(r->cat, SD_OBJ_EXTENSION, NULL, s->extname)) {
        if (s->if_not_exists)
            sd_notice(r->d, sql_loc(r, -1), "extension \"%s\" already exists, skipping", s->extname);
        else
            sql_fail(r, -1, "extension \"%s\" already exists", s->extname);
        return;
    }
    const char *schema = r->search_path[0];
    for (size_t i = 0; i < s->n_options; i++) {
        PgQuery__DefElem *d = s->options[i]->def_elem;
        if (strcmp(d->defname, "schema") == 0 && sql_str(d->arg))
            schema = sql_str(d->arg);
    }
    sd_catalog_add_extension(r->cat, s->extname, schema, sql_loc(r, -1));
}

void sql_create_schema(Replay *r, PgQuery__CreateSchemaStmt *s)
{
    if (sd_catalog_find(r->cat, SD_OBJ_SCHEMA, NULL, s->schemaname)) {
        if (s->if_not_exists)
            sd_notice(r->d, sql_loc(r, -1), "schema \"%s\" already exists, skipping", s->schemaname);
        else
            sql_fail(r, -1, "schema \"%s\" already exists", s->schemaname);
        return;
    }
    sd_catalog_add_schema(r->cat, s->schemaname, sql_loc(r, -1));
    if (s->n_schema_elts)
        sd_notice(r->d, sql_loc(r, -1), "CREATE SCHEMA elements not modelled, skipped");
}

void sql_comment(Replay *r, PgQuery__CommentStmt *s)
{
    const char *text = s->comment && *s->comment ? sd_strdup(r->a, s->comment) : NULL;
    Node *o = s->object;
    Node **items = o && o->node_case == PG_QUERY__NODE__NODE_LIST ? o->list->items : NULL;
    size_t n = items ? o->list->n_items : 0;
    if (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN && n >= 2) {
        const char *col = sql_str(items[n - 1]);
        const char *schema = n >= 3 ? sql_str(items[n - 3]) : "";
        SdTable *t = (SdTable *)sql_find_kind(r, SD_OBJ_TABLE, schema, sql_str(items[n - 2]));
        SdColumn *c = t ? sd_table_find_column(t, col) : NULL;
        if (!c) {
            sql_fail(r, -1, "column \"%s\" does not exist", col);
            return;
        }
        c->comment = text;
        return;
    }
    const char *schema, *name;
    if ((s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_TABLE || s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_VIEW ||
         s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW || s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX ||
         s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE) &&
        qual_name(items, n, &schema, &name)) {
        SdObject *rel = sql_find_rel(r, schema, name, NULL);
        if (!rel || (s->objtype == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX && rel->kind == SD_OBJ_TABLE)) {
            if (!rel)
                sql_fail(r, -1, "relation \"%s\" does not exist", name);
            else
                sd_notice(r->d, sql_loc(r, -1), "COMMENT ON a constraint's index not modelled, skipped");
            return;
        }
        rel->comment = text;
        return;
    }
    sd_notice(r->d, sql_loc(r, -1), "COMMENT ON this kind of object not modelled, skipped");
}

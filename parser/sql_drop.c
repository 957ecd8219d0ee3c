/* sql_drop.c: DROP ... [CASCADE], ALTER ... RENAME and SET SCHEMA: what goes
 * with a dropped object and which references follow a renamed one. */
#include "sql_int.h"

#include <string.h>

static bool list_name(Node *n, const char **schema, const char **name)
{
    *schema = "", *name = NULL;
    if (n->node_case == PG_QUERY__NODE__NODE_STRING) {
        *name = sql_str(n);
        return true;
    }
    if (n->node_case == PG_QUERY__NODE__NODE_TYPE_NAME) {
        PgQuery__TypeName *t = n->type_name;
        *name = sql_str(t->names[t->n_names - 1]);
        *schema = t->n_names >= 2 ? sql_str(t->names[t->n_names - 2]) : "";
        return *name != NULL;
    }
    if (n->node_case != PG_QUERY__NODE__NODE_LIST || !n->list->n_items)
        return false;
    size_t k = n->list->n_items;
    *name = sql_str(n->list->items[k - 1]);
    if (k >= 2)
        *schema = sql_str(n->list->items[k - 2]);
    return *name && *schema;
}

/* Columns of type enum e, and defaults that name it (DROP TYPE): an error
 * without CASCADE, dropped with it. */
static bool drop_enum_users(Replay *r, SdEnum *e, bool cascade)
{
    SdType et = {.name = e->obj.name, .schema = e->obj.schema, .mods = {-1, -1}};
    const char *cast = sd_printf(r->a, "::%s", sd_type_format(r->a, &et));
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *t = r->cat->tables.items[i];
        for (size_t j = t->columns.len; j-- > 0;) {
            SdColumn *c = t->columns.items[j];
            if (c->default_expr && strstr(c->default_expr, cast)) {
                if (!cascade) {
                    SdDiag *g = sql_fail(r, -1, "cannot drop type %s because other objects depend on it", e->obj.name);
                    g->detail = sd_printf(r->a, "default value for column %s of table %s depends on type %s.",
                                          c->name, t->obj.name, e->obj.name);
                    return false;
                }
                c->default_expr = NULL;
            }
            if (!c->type.is_enum || !sd_streq(c->type.name, e->obj.name) || !sd_streq(c->type.schema, e->obj.schema))
                continue;
            if (!cascade) {
                SdDiag *g = sql_fail(r, -1, "cannot drop type %s because other objects depend on it", e->obj.name);
                g->detail = sd_printf(r->a, "column %s of table %s depends on type %s.", c->name, t->obj.name,
                                      e->obj.name);
                return false;
            }
            sql_drop_column_dependents(r, t, c->name);
            memmove(&t->columns.items[j], &t->columns.items[j + 1], (t->columns.len - j - 1) * sizeof(void *));
            t->columns.len--;
        }
    }
    return true;
}

static SdObjKind drop_kind(PgQuery__ObjectType t, const char **what)
{
    switch (t) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE: *what = "table"; return SD_OBJ_TABLE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX: *what = "index"; return SD_OBJ_INDEX;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE: *what = "sequence"; return SD_OBJ_SEQUENCE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW: *what = "view"; return SD_OBJ_VIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: *what = "materialized view"; return SD_OBJ_VIEW;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: *what = "type"; return SD_OBJ_ENUM;
    case PG_QUERY__OBJECT_TYPE__OBJECT_DOMAIN: *what = "type"; return SD_OBJ_TYPE;
    case PG_QUERY__OBJECT_TYPE__OBJECT_SCHEMA: *what = "schema"; return SD_OBJ_SCHEMA;
    case PG_QUERY__OBJECT_TYPE__OBJECT_EXTENSION: *what = "extension"; return SD_OBJ_EXTENSION;
    default: *what = NULL; return SD_OBJ__COUNT;
    }
}

static void drop_function(Replay *r, PgQuery__DropStmt *s, Node *n)
{
    PgQuery__ObjectWithArgs *f = n->object_with_args;
    const char *schema = f->n_objname >= 2 ? sql_str(f->objname[f->n_objname - 2]) : "";
    const char *name = sql_str(f->objname[f->n_objname - 1]);
    for (size_t i = r->cat->functions.len; i-- > 0;) {
        SdOpaque *o = r->cat->functions.items[i];
        if (strcmp(o->obj.name, name) == 0 && (!*schema || sd_streq(o->obj.schema, schema))) {
            sd_catalog_remove(r->cat, &o->obj); /* overloads: args_unspecified or matching */
            return;
        }
    }
    if (!s->missing_ok)
        sql_fail(r, -1, "function %s does not exist", name);
}

static void drop_trigger(Replay *r, PgQuery__DropStmt *s, Node *n)
{
    Node **it = n->list->items;
    size_t k = n->list->n_items;
    const char *name = sql_str(it[k - 1]), *table = sql_str(it[k - 2]);
    const char *schema = k >= 3 ? sql_str(it[k - 3]) : "";
    SdTable *t = (SdTable *)sql_find_kind(r, SD_OBJ_TABLE, schema, table);
    SdObject *g = t ? sd_catalog_find(r->cat, SD_OBJ_TRIGGER, t->obj.schema,
                                      sd_catalog_opaque_key(r->a, SD_OBJ_TRIGGER, name, NULL, t->obj.name))
                    : NULL;
    if (g)
        sd_catalog_remove(r->cat, g);
    else if (!s->missing_ok)
        sql_fail(r, -1, "trigger \"%s\" for table \"%s\" does not exist", name, table);
}

static bool drop_one(Replay *r, PgQuery__DropStmt *s, SdObjKind kind, const char *what, Node *n)
{
    const char *schema, *name;
    if (!list_name(n, &schema, &name))
        return sql_fail(r, -1, "object name not understood"), false;
    bool cascade = s->behavior == PG_QUERY__DROP_BEHAVIOR__DROP_CASCADE;
    SdObject *o = sql_find_kind(r, kind, schema, name);
    if (!o && kind == SD_OBJ_ENUM)
        o = sql_find_kind(r, SD_OBJ_TYPE, schema, name);
    if (!o && kind == SD_OBJ_INDEX) {
        SdTable *t = NULL;
        SdConstraint *k = sql_find_constraint_any(r, sql_creation_schema(r, schema), name, &t);
        if (k) {
            SdDiag *g = sql_fail(r, -1, "cannot drop index %s because constraint %s on table %s requires it", name,
                                 name, t->obj.name);
            g->hint = "You can drop constraint instead.";
            return false;
        }
    }
    if (!o && kind == SD_OBJ_TABLE && sql_unmodelled_rel(r, name)) {
        sd_notice(r->d, sql_loc(r, -1), "DROP of unmodelled table \"%s\" skipped", name);
        return true;
    }
    if (!o || (kind == SD_OBJ_VIEW && ((SdView *)o)->materialized != (strcmp(what, "view") != 0))) {
        if (s->missing_ok)
            return true;
        const char *msg = kind == SD_OBJ_ENUM || kind == SD_OBJ_TYPE ? "type" : what;
        if (kind == SD_OBJ_TABLE || kind == SD_OBJ_INDEX || kind == SD_OBJ_SEQUENCE || kind == SD_OBJ_VIEW)
            sql_fail(r, -1, "%s \"%s\" does not exist", msg, name);
        else
            sql_fail(r, -1, "%s \"%s\" does not exist", msg, name);
        return false;
    }
    switch (kind) {
    case SD_OBJ_TABLE: return sql_drop_table(r, (SdTable *)o, cascade);
    case SD_OBJ_ENUM:
        if (o->kind == SD_OBJ_ENUM && !drop_enum_users(r, (SdEnum *)o, cascade))
            return false;
        break;
    case SD_OBJ_SEQUENCE:
        for (size_t i = 0; i < r->cat->tables.len; i++) {
            SdTable *t = r->cat->tables.items[i];
            for (size_t j = 0; j < t->columns.len; j++) {
                SdColumn *c = t->columns.items[j];
                if (c->default_expr && strcmp(c->default_expr, sql_nextval_default(r, (SdSequence *)o)) == 0) {
                    if (!cascade)
                        return sql_fail(r, -1, "cannot drop sequence %s because other objects depend on it", name),
                               false;
                    c->default_expr = NULL;
                }
            }
        }
        break;
    default: break;
    }
    sd_catalog_remove(r->cat, o);
    return true;
}

void sql_drop(Replay *r, PgQuery__DropStmt *s)
{
    for (size_t i = 0; i < s->n_objects && !r->failed; i++) {
        Node *n = s->objects[i];
        if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_FUNCTION ||
            s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_PROCEDURE) {
            drop_function(r, s, n);
            continue;
        }
        if (s->remove_type == PG_QUERY__OBJECT_TYPE__OBJECT_TRIGGER) {
            drop_trigger(r, s, n);
            continue;
        }
        const char *what;
        SdObjKind kind = drop_kind(s->remove_type, &what);
        if (kind == SD_OBJ__COUNT) {
            sd_notice(r->d, sql_loc(r, -1), "DROP of this kind of object not modelled, skipped");
            return;
        }
        drop_one(r, s, kind, what, n);
    }
}

/* ---- renames ---- */

static void rename_relation_refs(Replay *r, const char *schema, const char *old, const char *new_name)
{
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *t = r->cat->tables.items[i];
        for (size_t j = 0; j < t->constraints.len; j++) {
            SdConstraint *k = t->constraints.items[j];
            if (k->kind == SD_CON_FOREIGN && sd_streq(k->ref_table, old) && sd_streq(k->ref_schema, schema))
                k->ref_table = new_name;
        }
    }
    for (size_t i = 0; i < r->cat->indexes.len; i++) {
        SdIndex *x = r->cat->indexes.items[i];
        if (sd_streq(x->table, old) && sd_streq(x->obj.schema, schema))
            x->table = new_name;
    }
    for (size_t i = 0; i < r->cat->sequences.len; i++) {
        SdSequence *q = r->cat->sequences.items[i];
        if (sd_streq(q->owned_table, old))
            q->owned_table = new_name;
    }
    for (size_t i = 0; i < r->cat->triggers.len; i++) {
        SdOpaque *g = r->cat->triggers.items[i];
        if (sd_streq(g->table, old) && sd_streq(g->obj.schema, schema)) {
            g->table = new_name;
            sd_catalog_rename(r->cat, &g->obj, g->obj.schema, g->obj.name);
        }
    }
}

static void rename_in_vec(SdVec *v, const char *old, const char *new_name)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], old) == 0)
            v->items[i] = (void *)new_name;
}

static void rename_column(Replay *r, SdTable *t, const char *old, const char *new_name)
{
    SdColumn *c = sd_table_find_column(t, old);
    if (!c) {
        sql_fail(r, -1, "column \"%s\" does not exist", old);
        return;
    }
    if (sd_table_find_column(t, new_name)) {
        sql_fail(r, -1, "column \"%s\" of relation \"%s\" already exists", new_name, t->obj.name);
        return;
    }
    c->name = new_name;
    for (size_t j = 0; j < t->constraints.len; j++) {
        SdConstraint *k = t->constraints.items[j];
        rename_in_vec(&k->columns, old, new_name);
        rename_in_vec(&k->include, old, new_name);
    }
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *o = r->cat->tables.items[i];
        for (size_t j = 0; j < o->constraints.len; j++) {
            SdConstraint *k = o->constraints.items[j];
            if (k->kind == SD_CON_FOREIGN && sd_streq(k->ref_table, t->obj.name) && sd_streq(k->ref_schema, t->obj.schema))
                rename_in_vec(&k->ref_columns, old, new_name);
        }
    }
    for (size_t i = 0; i < r->cat->indexes.len; i++) {
        SdIndex *x = r->cat->indexes.items[i];
        if (!sd_streq(x->table, t->obj.name) || !sd_streq(x->obj.schema, t->obj.schema))
            continue;
        rename_in_vec(&x->include, old, new_name);
        for (size_t j = 0; j < x->elems.len; j++) {
            SdIndexElem *e = x->elems.items[j];
            if (e->column && strcmp(e->column, old) == 0)
                e->column = new_name;
        }
    }
    for (size_t i = 0; i < r->cat->sequences.len; i++) {
        SdSequence *q = r->cat->sequences.items[i];
        if (sd_streq(q->owned_table, t->obj.name) && sd_streq(q->owned_column, old))
            q->owned_column = new_name;
    }
}

/* A renamed type: columns and their defaults ('A'::"Old" -> 'A'::"New"). */
static void rename_type_refs(Replay *r, SdObject *o, const char *old_text)
{
    SdType nt = {.name = o->name, .schema = o->schema, .mods = {-1, -1}};
    const char *new_text = sd_type_format(r->a, &nt);
    const char *pat = sd_printf(r->a, "::%s", old_text);
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *t = r->cat->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            SdColumn *c = t->columns.items[j];
            if (c->type.schema && sd_streq(c->type.schema, o->schema) && c->type.name == NULL)
                continue;
            if (!c->default_expr || !strstr(c->default_expr, pat))
                continue;
            SdBuf b = {0};
            const char *p = c->default_expr, *hit;
            while ((hit = strstr(p, pat))) {
                char next = hit[strlen(pat)];
                sd_buf_put(&b, p, (size_t)(hit - p));
                if (next == '\0' || next == '[' || next == ')' || next == ',' || next == ']' || next == ' ')
                    sd_buf_printf(&b, "::%s", new_text);
                else
                    sd_buf_puts(&b, pat);
                p = hit + strlen(pat);
            }
            sd_buf_puts(&b, p);
            c->default_expr = sd_strdup(r->a, sd_buf_str(&b));
            sd_buf_free(&b);
        }
    }
}

static void rename_type(Replay *r, PgQuery__RenameStmt *s)
{
    const char *schema, *name;
    if (!list_name(s->object, &schema, &name))
        return (void)sql_fail(r, -1, "type name not understood");
    SdObject *o = sql_find_kind(r, SD_OBJ_ENUM, schema, name);
    if (!o)
        o = sql_find_kind(r, SD_OBJ_TYPE, schema, name);
    if (!o)
        return (void)sql_fail(r, -1, "type \"%s\" does not exist", name);
    if (sql_find_kind(r, SD_OBJ_ENUM, o->schema, s->newname) || sql_find_kind(r, SD_OBJ_TYPE, o->schema, s->newname))
        return (void)sql_fail(r, -1, "type \"%s\" already exists", s->newname);
    SdType ot = {.name = o->name, .schema = o->schema, .mods = {-1, -1}};
    const char *old_text = sd_type_format(r->a, &ot);
    const char *old_name = o->name;
    sd_catalog_rename(r->cat, o, o->schema, s->newname);
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *t = r->cat->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            SdColumn *c = t->columns.items[j];
            if (sd_streq(c->type.name, old_name) && sd_streq(c->type.schema, o->schema))
                c->type.name = o->name;
        }
    }
    rename_type_refs(r, o, old_text);
}

static void rename_relation(Replay *r, PgQuery__RenameStmt *s)
{
    PgQuery__RangeVar *rv = s->relation;
    const char *schema;
    SdObject *o = sql_find_rel(r, rv->schemaname, rv->relname, &schema);
    if (!o) {
        if (!s->missing_ok)
            sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
        return;
    }
    if (sql_find_rel(r, schema, s->newname, NULL)) {
        sql_fail(r, -1, "relation \"%s\" already exists", s->newname);
        return;
    }
    SdTable *owner = NULL;
    SdConstraint *k = o->kind == SD_OBJ_TABLE ? sql_find_constraint_any(r, schema, rv->relname, &owner) : NULL;
    if (k && (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_INDEX || strcmp(o->name, rv->relname) != 0)) {
        k->name = sd_strdup(r->a, s->newname); /* the index behind a constraint: renames the constraint */
        return;
    }
    const char *old = o->name;
    sd_catalog_rename(r->cat, o, o->schema, s->newname);
    if (o->kind == SD_OBJ_TABLE || o->kind == SD_OBJ_VIEW)
        rename_relation_refs(r, o->schema, old, o->name);
}

void sql_rename(Replay *r, PgQuery__RenameStmt *s)
{
    switch (s->rename_type) {
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABLE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_INDEX:
    case PG_QUERY__OBJECT_TYPE__OBJECT_SEQUENCE:
    case PG_QUERY__OBJECT_TYPE__OBJECT_VIEW:
    case PG_QUERY__OBJECT_TYPE__OBJECT_MATVIEW: rename_relation(r, s); return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_TYPE: rename_type(r, s); return;
    case PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN:
    case PG_QUERY__OBJECT_TYPE__OBJECT_TABCONSTRAINT: {
        PgQuery__RangeVar *rv = s->relation;
        SdTable *t = (SdTable *)sql_find_kind(r, SD_OBJ_TABLE, rv->schemaname, rv->relname);
        if (!t) {
            if (!s->missing_ok)
                sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
            return;
        }
        if (s->rename_type == PG_QUERY__OBJECT_TYPE__OBJECT_COLUMN) {
            rename_column(r, t, s->subname, sd_strdup(r->a, s->newname));
            return;
        }
        SdConstraint *k = sd_table_find_constraint(t, s->subname);
        if (!k)
            sql_fail(r, -1, "constraint \"%s\" for table \"%s\" does not exist", s->subname, t->obj.name);
        else if (sql_constraint_name_used(r, t->obj.schema, s->newname))
            sql_fail(r, -1, "constraint \"%s\" for relation \"%s\" already exists", s->newname, t->obj.name);
        else
            k->name = sd_strdup(r->a, s->newname);
        return;
    }
    default: sd_notice(r->d, sql_loc(r, -1), "RENAME of this kind of object not modelled, skipped"); return;
    }
}

void sql_set_schema(Replay *r, PgQuery__AlterObjectSchemaStmt *s)
{
    if (!s->relation) {
        sd_notice(r->d, sql_loc(r, -1), "SET SCHEMA of this kind of object not modelled, skipped");
        return;
    }
    PgQuery__RangeVar *rv = s->relation;
    SdObject *o = sql_find_rel(r, rv->schemaname, rv->relname, NULL);
    if (!o || o->kind == SD_OBJ_INDEX) {
        if (!s->missing_ok)
            sql_fail(r, rv->location, "relation \"%s\" does not exist", rv->relname);
        return;
    }
    if (!sd_catalog_find(r->cat, SD_OBJ_SCHEMA, NULL, s->newschema)) {
        sql_fail(r, -1, "schema \"%s\" does not exist", s->newschema);
        return;
    }
    const char *old_schema = o->schema;
    sd_catalog_rename(r->cat, o, s->newschema, o->name);
    for (size_t i = 0; i < r->cat->indexes.len; i++) {
        SdIndex *x = r->cat->indexes.items[i];
        if (sd_streq(x->table, o->name) && sd_streq(x->obj.schema, old_schema))
            sd_catalog_rename(r->cat, &x->obj, s->newschema, x->obj.name);
    }
}

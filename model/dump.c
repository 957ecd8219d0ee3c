/* dump.c: the canonical text of a catalog (`schemadiff dump`).
 * One line per object or column, sorted bytewise, in exactly the line format
 * of shared/tools/catalog-snapshot (format_type, pg_get_constraintdef,
 * pg_get_indexdef, quote_ident as PostgreSQL prints them), so that
 *   diff <(schemadiff dump URL) <(catalog-snapshot URL)
 * is empty when introspection is right, and a replayed or lowered catalog can
 * be checked against the database PostgreSQL builds from the same source. */
#include "ir.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

typedef struct Dump {
    SdArena *arena;
    SdVec lines; /* char* */
    SdBuf cur;
} Dump;

/* Ends the current line.  A value with newlines in it (a multi-line default
 * or view) becomes several physical lines, as catalog-snapshot's `sort`
 * sees them, so that both listings sort alike. */
static void line_end(Dump *d)
{
    const char *s = sd_buf_str(&d->cur);
    for (const char *nl; (nl = strchr(s, '\n')); s = nl + 1)
        sd_vec_push(d->arena, &d->lines, sd_strndup(d->arena, s, (size_t)(nl - s)));
    sd_vec_push(d->arena, &d->lines, sd_strdup(d->arena, s));
    d->cur.len = 0;
    if (d->cur.data)
        d->cur.data[0] = '\0';
}

static void qname(SdBuf *b, const char *schema, const char *name)
{
    sd_buf_ident(b, schema);
    sd_buf_putc(b, '.');
    sd_buf_ident(b, name);
}

static void ident_list(SdBuf *b, const SdVec *v)
{
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            sd_buf_puts(b, ", ");
        sd_buf_ident(b, v->items[i]);
    }
}

/* A relation name as pg_get_constraintdef prints it: bare when visible
 * through the default search_path (public), else schema-qualified. */
static void rel_name(SdBuf *b, const char *schema, const char *name)
{
    if (schema && strcmp(schema, "public") != 0) {
        sd_buf_ident(b, schema);
        sd_buf_putc(b, '.');
    }
    sd_buf_ident(b, name);
}

static const char *fk_action(SdFkAction a)
{
    switch (a) {
    case SD_FK_NO_ACTION: return NULL;
    case SD_FK_RESTRICT: return "RESTRICT";
    case SD_FK_CASCADE: return "CASCADE";
    case SD_FK_SET_NULL: return "SET NULL";
    case SD_FK_SET_DEFAULT: return "SET DEFAULT";
    }
    return NULL;
}

/* pg_get_constraintdef() text of a constraint. */
static void constraint_def(SdBuf *b, const SdTable *t, const SdConstraint *k)
{
    switch (k->kind) {
    case SD_CON_PRIMARY:
    case SD_CON_UNIQUE:
        sd_buf_puts(b, k->kind == SD_CON_PRIMARY ? "PRIMARY KEY " : "UNIQUE ");
        if (k->nulls_not_distinct)
            sd_buf_puts(b, "NULLS NOT DISTINCT ");
        sd_buf_putc(b, '(');
        ident_list(b, &k->columns);
        sd_buf_putc(b, ')');
        if (k->include.len) {
            sd_buf_puts(b, " INCLUDE (");
            ident_list(b, &k->include);
            sd_buf_putc(b, ')');
        }
        break;
    case SD_CON_FOREIGN: {
        sd_buf_puts(b, "FOREIGN KEY (");
        ident_list(b, &k->columns);
        sd_buf_puts(b, ") REFERENCES ");
        rel_name(b, k->ref_schema ? k->ref_schema : t->obj.schema, k->ref_table);
        sd_buf_putc(b, '(');
        ident_list(b, &k->ref_columns);
        sd_buf_putc(b, ')');
        if (k->match == 'f')
            sd_buf_puts(b, " MATCH FULL");
        else if (k->match == 'p')
            sd_buf_puts(b, " MATCH PARTIAL");
        const char *u = fk_action(k->on_update), *dl = fk_action(k->on_delete);
        if (u)
            sd_buf_printf(b, " ON UPDATE %s", u);
        if (dl)
            sd_buf_printf(b, " ON DELETE %s", dl);
        break;
    }
    case SD_CON_CHECK:
        sd_buf_printf(b, "CHECK %s", k->expr ? k->expr : "()");
        if (k->no_inherit)
            sd_buf_puts(b, " NO INHERIT");
        break;
    case SD_CON_EXCLUDE:
        sd_buf_puts(b, k->expr ? k->expr : "EXCLUDE");
        break;
    }
    if (k->deferrable)
        sd_buf_puts(b, " DEFERRABLE");
    if (k->initially_deferred)
        sd_buf_puts(b, " INITIALLY DEFERRED");
    if (k->not_valid)
        sd_buf_puts(b, " NOT VALID");
}

static void dump_columns(Dump *d, const char *schema, const char *rel, const SdVec *cols)
{
    for (size_t i = 0; i < cols->len; i++) {
        const SdColumn *c = cols->items[i];
        SdBuf *b = &d->cur;
        sd_buf_puts(b, "column ");
        qname(b, schema, rel);
        sd_buf_putc(b, '.');
        sd_buf_ident(b, c->name);
        sd_buf_printf(b, " %s", sd_type_format(d->arena, &c->type));
        if (c->not_null)
            sd_buf_puts(b, " not null");
        if (c->generated)
            sd_buf_printf(b, " generated as %s", c->generated);
        else if (c->default_expr)
            sd_buf_printf(b, " default %s", c->default_expr);
        if (c->identity == SD_IDENTITY_ALWAYS)
            sd_buf_puts(b, " identity always");
        else if (c->identity == SD_IDENTITY_BY_DEFAULT)
            sd_buf_puts(b, " identity by default");
        if (c->collation)
            sd_buf_printf(b, " collate %s", c->collation);
        line_end(d);
        if (c->comment) {
            sd_buf_puts(b, "comment ");
            qname(b, schema, rel);
            sd_buf_putc(b, '.');
            sd_buf_ident(b, c->name);
            sd_buf_putc(b, ' ');
            sd_buf_quote_literal(b, c->comment);
            line_end(d);
        }
    }
}

static void dump_comment(Dump *d, const SdObject *o)
{
    if (!o->comment)
        return;
    sd_buf_puts(&d->cur, "comment ");
    qname(&d->cur, o->schema, o->name);
    sd_buf_putc(&d->cur, ' ');
    sd_buf_quote_literal(&d->cur, o->comment);
    line_end(d);
}

/* What pg_get_indexdef prints after the key columns: INCLUDE, NULLS NOT
 * DISTINCT and storage parameters, in that order. */
static void index_tail(SdBuf *b, const SdVec *include, bool nulls_not_distinct, const char *options)
{
    if (include->len) {
        sd_buf_puts(b, " INCLUDE (");
        ident_list(b, include);
        sd_buf_putc(b, ')');
    }
    if (nulls_not_distinct)
        sd_buf_puts(b, " NULLS NOT DISTINCT");
    if (options)
        sd_buf_printf(b, " WITH (%s)", options);
}

/* "index s.name CREATE [UNIQUE ]INDEX ON s.t USING m (...)" for an index
 * backing a primary key or unique constraint. */
static void dump_constraint_index(Dump *d, const SdTable *t, const SdConstraint *k)
{
    SdBuf *b = &d->cur;
    sd_buf_puts(b, "index ");
    qname(b, t->obj.schema, k->name);
    sd_buf_puts(b, " CREATE UNIQUE INDEX ON ");
    if (t->relkind == SD_TABLE_PARTITIONED)
        sd_buf_puts(b, "ONLY "); /* pg_get_indexdef on a partitioned index */
    qname(b, t->obj.schema, t->obj.name);
    sd_buf_puts(b, " USING btree (");
    ident_list(b, &k->columns);
    sd_buf_putc(b, ')');
    index_tail(b, &k->include, k->nulls_not_distinct, k->index_options);
    line_end(d);
}

/* The index behind "EXCLUDE USING m (a WITH =, b WITH &&) [WHERE (p)]":
 * "CREATE INDEX ON s.t USING m (a, b) [WHERE (p)]". */
static void dump_exclusion_index(Dump *d, const SdTable *t, const SdConstraint *k)
{
    const char *def = k->expr ? k->expr : "";
    const char *p = strncmp(def, "EXCLUDE USING ", 14) == 0 ? def + 14 : NULL;
    if (!p)
        return;
    SdBuf *b = &d->cur;
    sd_buf_puts(b, "index ");
    qname(b, t->obj.schema, k->name);
    sd_buf_puts(b, " CREATE INDEX ON ");
    qname(b, t->obj.schema, t->obj.name);
    sd_buf_puts(b, " USING ");
    int depth = 0;
    bool skipping = false;
    char quote = 0; /* inside '...' or "...": parentheses there do not count */
    for (; *p; p++) {
        if (quote || *p == '\'' || *p == '"') {
            quote = !quote ? *p : *p == quote ? 0 : quote; /* '' and "" reopen at once */
            if (!skipping)
                sd_buf_putc(b, *p);
            continue;
        }
        if (depth == 1 && !skipping && strncmp(p, " WITH ", 6) == 0) {
            skipping = true; /* drop " WITH <operator>" up to the next ',' or ')' */
            continue;
        }
        if (*p == '(')
            depth++;
        if (*p == ')' && --depth == 0) {
            sd_buf_putc(b, *p++);
            break;
        }
        if (*p == ',' && depth == 1)
            skipping = false;
        if (!skipping)
            sd_buf_putc(b, *p);
    }
    /* pg_get_constraintdef prints "WHERE (<pred>)", pg_get_indexdef "WHERE <pred>" */
    size_t n = strlen(p);
    if (strncmp(p, " WHERE (", 8) == 0 && p[n - 1] == ')')
        sd_buf_printf(b, " WHERE %.*s", (int)(n - 9), p + 8);
    else
        sd_buf_puts(b, p);
    line_end(d);
}

static void dump_table(Dump *d, const SdTable *t)
{
    SdBuf *b = &d->cur;
    sd_buf_puts(b, "relation ");
    qname(b, t->obj.schema, t->obj.name);
    sd_buf_printf(b, " kind=%c", (char)t->relkind);
    line_end(d);
    dump_comment(d, &t->obj);
    dump_columns(d, t->obj.schema, t->obj.name, &t->columns);
    for (size_t i = 0; i < t->constraints.len; i++) {
        const SdConstraint *k = t->constraints.items[i];
        sd_buf_puts(b, "constraint ");
        qname(b, t->obj.schema, t->obj.name);
        sd_buf_putc(b, ' ');
        sd_buf_ident(b, k->name);
        sd_buf_putc(b, ' ');
        constraint_def(b, t, k);
        if (k->deferrable)
            sd_buf_puts(b, " deferrable");
        line_end(d);
        if (k->kind == SD_CON_PRIMARY || k->kind == SD_CON_UNIQUE)
            dump_constraint_index(d, t, k);
        else if (k->kind == SD_CON_EXCLUDE)
            dump_exclusion_index(d, t, k);
    }
}

/* pg_get_indexdef() without the index name, as catalog-snapshot prints it. */
static void index_def(SdBuf *b, const SdCatalog *c, const SdIndex *x)
{
    sd_buf_printf(b, "CREATE %sINDEX ON ", x->unique ? "UNIQUE " : "");
    const SdTable *t = sd_catalog_find_table(c, x->obj.schema, x->table);
    if (t && t->relkind == SD_TABLE_PARTITIONED)
        sd_buf_puts(b, "ONLY "); /* pg_get_indexdef on a partitioned index */
    qname(b, x->obj.schema, x->table);
    sd_buf_printf(b, " USING %s (", x->method ? x->method : "btree");
    for (size_t i = 0; i < x->elems.len; i++) {
        const SdIndexElem *e = x->elems.items[i];
        if (i)
            sd_buf_puts(b, ", ");
        if (e->column)
            sd_buf_ident(b, e->column);
        else
            sd_buf_puts(b, e->expr ? e->expr : "?");
        if (e->collation)
            sd_buf_printf(b, " COLLATE %s", e->collation);
        if (e->opclass)
            sd_buf_printf(b, " %s", e->opclass);
        if (e->desc)
            sd_buf_puts(b, " DESC");
        if (e->desc && e->nulls == 'l')
            sd_buf_puts(b, " NULLS LAST");
        else if (!e->desc && e->nulls == 'f')
            sd_buf_puts(b, " NULLS FIRST");
    }
    sd_buf_putc(b, ')');
    index_tail(b, &x->include, x->nulls_not_distinct, x->options);
    if (x->tablespace)
        sd_buf_printf(b, " TABLESPACE %s", x->tablespace);
    if (x->predicate)
        sd_buf_printf(b, " WHERE %s", x->predicate);
}

static void dump_view(Dump *d, const SdView *v)
{
    SdBuf *b = &d->cur;
    sd_buf_puts(b, "relation ");
    qname(b, v->obj.schema, v->obj.name);
    sd_buf_printf(b, " kind=%c", v->materialized ? 'm' : 'v');
    line_end(d);
    dump_comment(d, &v->obj);
    dump_columns(d, v->obj.schema, v->obj.name, &v->columns);
    sd_buf_puts(b, "view ");
    qname(b, v->obj.schema, v->obj.name);
    sd_buf_putc(b, ' ');
    /* catalog-snapshot folds runs of white space to one space and trims */
    const char *s = v->definition ? v->definition : "";
    while (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r')
        s++;
    bool space = false;
    for (; *s; s++) {
        if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
            space = true;
            continue;
        }
        if (space)
            sd_buf_putc(b, ' ');
        space = false;
        sd_buf_putc(b, *s);
    }
    line_end(d);
}

static char type_kind_letter(const char *objtype)
{
    if (sd_streq(objtype, "domain"))
        return 'd';
    if (sd_streq(objtype, "range"))
        return 'r';
    if (sd_streq(objtype, "multirange"))
        return 'm';
    return 'c';
}

/* The part of a trigger definition after "CREATE [CONSTRAINT ]TRIGGER name ". */
static const char *trigger_tail(const char *def)
{
    const char *p = def;
    if (strncmp(p, "CREATE ", 7) == 0)
        p += 7;
    if (strncmp(p, "CONSTRAINT ", 11) == 0)
        p += 11;
    if (strncmp(p, "TRIGGER ", 8) == 0)
        p += 8;
    else
        return def;
    while (*p && *p != ' ')
        p++;
    return *p ? p + 1 : p;
}

static void dump_others(Dump *d, const SdCatalog *c)
{
    SdBuf *b = &d->cur;
    for (size_t i = 0; i < c->enums.len; i++) {
        const SdEnum *e = c->enums.items[i];
        sd_buf_puts(b, "enum ");
        qname(b, e->obj.schema, e->obj.name);
        sd_buf_puts(b, " (");
        for (size_t j = 0; j < e->labels.len; j++) {
            if (j)
                sd_buf_puts(b, ", ");
            sd_buf_quote_literal(b, e->labels.items[j]);
        }
        sd_buf_putc(b, ')');
        line_end(d);
    }
    for (size_t i = 0; i < c->types.len; i++) {
        const SdOpaque *t = c->types.items[i];
        sd_buf_puts(b, "type ");
        qname(b, t->obj.schema, t->obj.name);
        sd_buf_printf(b, " kind=%c", type_kind_letter(t->objtype));
        line_end(d);
    }
    for (size_t i = 0; i < c->sequences.len; i++) {
        const SdSequence *s = c->sequences.items[i];
        sd_buf_puts(b, "sequence ");
        qname(b, s->obj.schema, s->obj.name);
        sd_buf_printf(b, " %s start %lld increment %lld min %lld max %lld cycle=%c", s->type,
                      (long long)s->start, (long long)s->increment, (long long)s->min, (long long)s->max,
                      s->cycle ? 't' : 'f');
        if (s->owned_table) {
            sd_buf_puts(b, " owned by ");
            qname(b, s->owned_table, s->owned_column);
        }
        line_end(d);
        dump_comment(d, &s->obj);
    }
    for (size_t i = 0; i < c->functions.len; i++) {
        const SdOpaque *f = c->functions.items[i];
        sd_buf_puts(b, "function ");
        qname(b, f->obj.schema, f->obj.name);
        sd_buf_printf(b, "(%s)", f->identity ? f->identity : "");
        line_end(d);
    }
    for (size_t i = 0; i < c->triggers.len; i++) {
        const SdOpaque *t = c->triggers.items[i];
        sd_buf_puts(b, "trigger ");
        qname(b, t->obj.schema, t->table ? t->table : "?");
        sd_buf_printf(b, " %s", trigger_tail(t->definition ? t->definition : ""));
        line_end(d);
    }
    for (size_t i = 0; i < c->extensions.len; i++) {
        const SdExtension *e = c->extensions.items[i];
        if (strcmp(e->obj.name, "plpgsql") == 0)
            continue;
        sd_buf_puts(b, "extension ");
        sd_buf_ident(b, e->obj.name);
        line_end(d);
    }
}

static int line_cmp(const void *a, const void *b) { return strcmp(a, b); }

void sd_catalog_dump(const SdCatalog *c, SdBuf *out)
{
    Dump d = {.arena = c->arena};
    for (size_t i = 0; i < c->schemas.len; i++) {
        const SdObject *s = c->schemas.items[i];
        sd_buf_puts(&d.cur, "schema ");
        sd_buf_ident(&d.cur, s->name);
        line_end(&d);
    }
    for (size_t i = 0; i < c->tables.len; i++)
        dump_table(&d, c->tables.items[i]);
    for (size_t i = 0; i < c->indexes.len; i++) {
        const SdIndex *x = c->indexes.items[i];
        sd_buf_puts(&d.cur, "index ");
        qname(&d.cur, x->obj.schema, x->obj.name);
        sd_buf_putc(&d.cur, ' ');
        index_def(&d.cur, c, x);
        line_end(&d);
        dump_comment(&d, &x->obj);
    }
    for (size_t i = 0; i < c->views.len; i++)
        dump_view(&d, c->views.items[i]);
    dump_others(&d, c);
    sd_vec_sort(&d.lines, line_cmp);
    for (size_t i = 0; i < d.lines.len; i++) {
        sd_buf_puts(out, d.lines.items[i]);
        sd_buf_putc(out, '\n');
    }
    sd_buf_free(&d.cur);
}

/* ---- JSON (docs/ir.md) ---- */

static cJSON *str_array(const SdVec *v)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < v->len; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(v->items[i]));
    return a;
}

static void add_str(cJSON *o, const char *key, const char *val)
{
    if (val)
        cJSON_AddStringToObject(o, key, val);
}

static cJSON *json_obj(const SdCatalog *c, const SdObject *o)
{
    cJSON *j = cJSON_CreateObject();
    add_str(j, "kind", sd_obj_kind_name(o->kind));
    add_str(j, "schema", o->schema);
    add_str(j, "name", o->name);
    add_str(j, "comment", o->comment);
    (void)c;
    return j;
}

static cJSON *json_columns(const SdCatalog *c, const SdVec *cols)
{
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < cols->len; i++) {
        const SdColumn *col = cols->items[i];
        cJSON *j = cJSON_CreateObject();
        add_str(j, "name", col->name);
        add_str(j, "type", sd_type_format(c->arena, &col->type));
        cJSON_AddBoolToObject(j, "not_null", col->not_null);
        add_str(j, "default", col->default_expr);
        add_str(j, "generated", col->generated);
        if (col->identity)
            add_str(j, "identity", col->identity == SD_IDENTITY_ALWAYS ? "always" : "by default");
        add_str(j, "collation", col->collation);
        add_str(j, "comment", col->comment);
        cJSON_AddItemToArray(a, j);
    }
    return a;
}

static cJSON *json_table(const SdCatalog *c, const SdTable *t)
{
    cJSON *j = json_obj(c, &t->obj);
    char kind[2] = {(char)t->relkind, 0};
    add_str(j, "relkind", kind);
    cJSON_AddItemToObject(j, "columns", json_columns(c, &t->columns));
    cJSON *cons = cJSON_CreateArray();
    for (size_t i = 0; i < t->constraints.len; i++) {
        const SdConstraint *k = t->constraints.items[i];
        cJSON *kj = cJSON_CreateObject();
        add_str(kj, "name", k->name);
        SdBuf b = {0};
        constraint_def(&b, t, k);
        add_str(kj, "definition", sd_buf_str(&b));
        sd_buf_free(&b);
        char kk[2] = {(char)k->kind, 0};
        add_str(kj, "type", kk);
        cJSON_AddItemToObject(kj, "columns", str_array(&k->columns));
        cJSON_AddItemToArray(cons, kj);
    }
    cJSON_AddItemToObject(j, "constraints", cons);
    return j;
}

void sd_catalog_dump_json(const SdCatalog *c, SdBuf *out)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *a;
    a = cJSON_AddArrayToObject(root, "schemas");
    for (size_t i = 0; i < c->schemas.len; i++)
        cJSON_AddItemToArray(a, cJSON_CreateString(((SdObject *)c->schemas.items[i])->name));
    a = cJSON_AddArrayToObject(root, "extensions");
    for (size_t i = 0; i < c->extensions.len; i++)
        cJSON_AddItemToArray(a, json_obj(c, c->extensions.items[i]));
    a = cJSON_AddArrayToObject(root, "enums");
    for (size_t i = 0; i < c->enums.len; i++) {
        const SdEnum *e = c->enums.items[i];
        cJSON *j = json_obj(c, &e->obj);
        cJSON_AddItemToObject(j, "labels", str_array(&e->labels));
        cJSON_AddItemToArray(a, j);
    }
    a = cJSON_AddArrayToObject(root, "sequences");
    for (size_t i = 0; i < c->sequences.len; i++) {
        const SdSequence *s = c->sequences.items[i];
        cJSON *j = json_obj(c, &s->obj);
        add_str(j, "type", s->type);
        if (s->owned_table)
            add_str(j, "owned_by", sd_printf(c->arena, "%s.%s", s->owned_table, s->owned_column));
        cJSON_AddItemToArray(a, j);
    }
    a = cJSON_AddArrayToObject(root, "tables");
    for (size_t i = 0; i < c->tables.len; i++)
        cJSON_AddItemToArray(a, json_table(c, c->tables.items[i]));
    a = cJSON_AddArrayToObject(root, "indexes");
    for (size_t i = 0; i < c->indexes.len; i++) {
        const SdIndex *x = c->indexes.items[i];
        cJSON *j = json_obj(c, &x->obj);
        add_str(j, "table", x->table);
        SdBuf b = {0};
        index_def(&b, c, x);
        add_str(j, "definition", sd_buf_str(&b));
        sd_buf_free(&b);
        cJSON_AddItemToArray(a, j);
    }
    a = cJSON_AddArrayToObject(root, "views");
    for (size_t i = 0; i < c->views.len; i++) {
        const SdView *v = c->views.items[i];
        cJSON *j = json_obj(c, &v->obj);
        cJSON_AddBoolToObject(j, "materialized", v->materialized);
        add_str(j, "definition", v->definition);
        cJSON_AddItemToObject(j, "columns", json_columns(c, &v->columns));
        cJSON_AddItemToArray(a, j);
    }
    const SdVec *opaque_lists[] = {&c->types, &c->functions, &c->triggers, &c->opaques};
    a = cJSON_AddArrayToObject(root, "opaque");
    for (size_t k = 0; k < SD_ARRAY_LEN(opaque_lists); k++) {
        for (size_t i = 0; i < opaque_lists[k]->len; i++) {
            const SdOpaque *o = opaque_lists[k]->items[i];
            cJSON *j = json_obj(c, &o->obj);
            add_str(j, "objtype", o->objtype);
            add_str(j, "identity", o->identity);
            add_str(j, "table", o->table);
            add_str(j, "definition", o->definition);
            cJSON_AddItemToArray(a, j);
        }
    }
    char *text = cJSON_Print(root);
    sd_buf_puts(out, text);
    sd_buf_putc(out, '\n');
    cJSON_free(text);
    cJSON_Delete(root);
}

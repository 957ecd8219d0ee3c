/* objects.c: every statement that is not about a table's own definition:
 * schemas, extensions, enums, sequences, indexes, views and the objects kept
 * by definition (functions, triggers, other types, policies...). */
#include "emitint.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static void put_ident(const SdEmitter *e, const char *s) { sd_buf_quote_ident(e->out, s); }

static void put_obj(const SdEmitter *e, const SdObject *o) { sd_emit_qname(e, o->schema, o->name); }

static void emit_create_extension(const SdEmitter *e, const SdExtension *x)
{
    sd_buf_puts(e->out, "CREATE EXTENSION IF NOT EXISTS ");
    put_ident(e, x->obj.name);
    /* "public" is where an extension goes by default: Prisma names no schema then */
    const char *schema = sd_streq(x->obj.schema, "public") ? NULL : x->obj.schema;
    if (schema || x->version)
        sd_buf_puts(e->out, " WITH");
    if (schema) {
        sd_buf_puts(e->out, " SCHEMA ");
        put_ident(e, schema);
    }
    if (x->version) {
        sd_buf_puts(e->out, " VERSION ");
        put_ident(e, x->version);
    }
    sd_buf_puts(e->out, ";\n");
}

static void put_labels(SdBuf *b, const SdVec *labels)
{
    for (size_t i = 0; i < labels->len; i++) {
        sd_buf_puts(b, i ? ", " : "");
        sd_buf_quote_literal(b, labels->items[i]);
    }
}

static void emit_create_enum(const SdEmitter *e, const SdEnum *en, const char *name)
{
    sd_buf_puts(e->out, "CREATE TYPE ");
    sd_emit_qname(e, en->obj.schema, name);
    sd_buf_puts(e->out, " AS ENUM (");
    put_labels(e->out, &en->labels);
    sd_buf_puts(e->out, ");\n");
}

static void emit_add_enum_value(const SdEmitter *e, const SdOp *op)
{
    sd_buf_puts(e->out, "ALTER TYPE ");
    put_obj(e, op->after);
    sd_buf_puts(e->out, " ADD VALUE ");
    sd_buf_quote_literal(e->out, op->value);
    if (op->neighbor) {
        sd_buf_puts(e->out, op->neighbor_after ? " AFTER " : " BEFORE ");
        sd_buf_quote_literal(e->out, op->neighbor);
    }
    sd_buf_puts(e->out, ";\n");
}

static bool of_enum(const SdColumn *c, const SdEnum *en)
{
    return c->type.is_enum && sd_streq(c->type.name, en->obj.name) && sd_streq(c->type.schema, en->obj.schema);
}

static void alter_column(const SdEmitter *e, const SdTable *t, const SdColumn *c)
{
    sd_buf_puts(e->out, "ALTER TABLE ");
    put_obj(e, &t->obj);
    sd_buf_puts(e->out, " ALTER COLUMN ");
    put_ident(e, c->name);
}

/* Every column of the old type (FROM's: the columns that exist now) moves to
 * the new one; its default is dropped first, since PostgreSQL cannot cast
 * 'A'::"Role" to "Role_new". */
static void move_enum_columns(const SdEmitter *e, const SdEnum *old, const char *tmp)
{
    const SdCatalog *cat = e->plan->from;
    for (size_t i = 0; i < cat->tables.len; i++) {
        const SdTable *t = cat->tables.items[i];
        for (size_t j = 0; j < t->columns.len; j++) {
            const SdColumn *c = t->columns.items[j];
            if (!of_enum(c, old))
                continue;
            const char *arr = c->type.ndims ? "[]" : "";
            if (c->default_expr) {
                alter_column(e, t, c);
                sd_buf_puts(e->out, " DROP DEFAULT;\n");
            }
            alter_column(e, t, c);
            sd_buf_puts(e->out, " TYPE ");
            sd_emit_qname(e, old->obj.schema, tmp);
            sd_buf_printf(e->out, "%s USING (", arr);
            put_ident(e, c->name);
            sd_buf_printf(e->out, "::text%s::", arr);
            sd_emit_qname(e, old->obj.schema, tmp);
            sd_buf_printf(e->out, "%s);\n", arr);
        }
    }
}

/* The defaults dropped by move_enum_columns, as TO has them (when the column
 * keeps the type; otherwise its own ALTER sets them). */
static void restore_enum_defaults(const SdEmitter *e, const SdEnum *old, const SdEnum *en)
{
    const SdCatalog *cat = e->plan->from;
    for (size_t i = 0; i < cat->tables.len; i++) {
        const SdTable *t = cat->tables.items[i];
        const SdTable *ta = sd_catalog_find_table(e->plan->to, t->obj.schema, t->obj.name);
        for (size_t j = 0; ta && j < t->columns.len; j++) {
            const SdColumn *c = t->columns.items[j];
            const SdColumn *ca = sd_table_find_column(ta, c->name);
            if (!of_enum(c, old) || !c->default_expr || !ca || !of_enum(ca, en) || !ca->default_expr ||
                ca->type.ndims != c->type.ndims)
                continue;
            alter_column(e, t, c);
            sd_buf_puts(e->out, " SET DEFAULT ");
            sd_spell_default(e, ca);
            sd_buf_puts(e->out, ";\n");
        }
    }
}

/* Prisma's way to change an enum's labels otherwise: a new type, every column
 * moved to it through text, the old one dropped; in one transaction. */
static void emit_recreate_enum(const SdEmitter *e, const SdOp *op)
{
    const SdEnum *en = (const SdEnum *)op->after, *old = (const SdEnum *)op->before;
    const char *n = en->obj.name;
    SdBuf *b = e->out;
    char tmp[200];
    sd_buf_puts(b, "BEGIN;\n");
    sd_snprintf(tmp, sizeof tmp, "%s_new", n);
    emit_create_enum(e, en, tmp);
    move_enum_columns(e, old ? old : en, tmp);
    sd_buf_puts(b, "ALTER TYPE ");
    put_obj(e, &en->obj);
    sd_snprintf(tmp, sizeof tmp, "%s_old", n);
    sd_buf_puts(b, " RENAME TO ");
    put_ident(e, tmp);
    sd_buf_puts(b, ";\nALTER TYPE ");
    sd_snprintf(tmp, sizeof tmp, "%s_new", n);
    sd_emit_qname(e, en->obj.schema, tmp);
    sd_buf_puts(b, " RENAME TO ");
    put_ident(e, n);
    sd_buf_puts(b, ";\nDROP TYPE ");
    sd_snprintf(tmp, sizeof tmp, "%s_old", n);
    sd_emit_qname(e, en->obj.schema, tmp);
    sd_buf_puts(b, ";\n");
    restore_enum_defaults(e, old ? old : en, en);
    sd_buf_puts(b, "COMMIT;\n");
}

/* OWNED BY the column when it exists before this migration.  A new column's
 * sequence is owned after the column is made (sd_emit_owned_by_new_column; a
 * SERIAL one comes from SERIAL itself).  ALTER SEQUENCE otherwise detaches the
 * sequence (OWNED BY NONE), so that dropping its old owner leaves it. */
static void put_owned_by(const SdEmitter *e, const SdSequence *s, const SdSequence *before)
{
    const SdTable *t = s->owned_table ? sd_catalog_find_table(e->plan->from, s->obj.schema, s->owned_table) : NULL;
    if (!t || !sd_table_find_column(t, s->owned_column)) {
        if (before && before->owned_table)
            sd_buf_puts(e->out, " OWNED BY NONE");
        return;
    }
    sd_buf_puts(e->out, " OWNED BY ");
    sd_emit_qname(e, s->obj.schema, s->owned_table);
    sd_buf_putc(e->out, '.');
    put_ident(e, s->owned_column);
}

void sd_emit_owned_by_new_column(const SdEmitter *e, const SdTable *t, const SdColumn *c)
{
    const SdSequence *s = sd_owned_sequence(e->plan->to, t, c->name);
    if (!s || c->identity != SD_IDENTITY_NONE || sd_column_is_serial(e->plan->to, t, c))
        return;
    sd_buf_puts(e->out, "ALTER SEQUENCE ");
    put_obj(e, &s->obj);
    sd_buf_puts(e->out, " OWNED BY ");
    sd_emit_qname(e, t->obj.schema, t->obj.name);
    sd_buf_putc(e->out, '.');
    put_ident(e, c->name);
    sd_buf_puts(e->out, ";\n");
}

/* CREATE SEQUENCE s (before NULL) or ALTER SEQUENCE from before to s. */
static void emit_sequence(const SdEmitter *e, const SdSequence *s, const SdSequence *before)
{
    bool create = before == NULL;
    SdBuf *b = e->out;
    sd_buf_puts(b, create ? "CREATE SEQUENCE " : "ALTER SEQUENCE ");
    put_obj(e, &s->obj);
    sd_buf_printf(b, " AS %s", s->type);
    sd_buf_printf(b, " INCREMENT BY %lld MINVALUE %lld MAXVALUE %lld %s WITH %lld CACHE %lld%s",
                  (long long)s->increment, (long long)s->min, (long long)s->max, "START", /* ALTER: START WITH only sets what RESTART goes back to; RESTART would reset the current value */
                  (long long)s->start, (long long)s->cache, s->cycle ? " CYCLE" : " NO CYCLE");
    put_owned_by(e, s, before);
    sd_buf_puts(b, ";\n");
}

static void put_upper(SdBuf *b, const char *s)
{
    for (; *s; s++)
        sd_buf_putc(b, (char)toupper((unsigned char)*s));
}

static void emit_index_elem(const SdEmitter *e, const SdIndexElem *el)
{
    SdBuf *b = e->out;
    if (el->column)
        put_ident(e, el->column);
    else if (el->expr && el->expr[0] == '(')
        sd_buf_puts(b, el->expr);
    else
        sd_buf_printf(b, "(%s)", el->expr ? el->expr : "");
    if (el->collation) {
        sd_buf_puts(b, " COLLATE ");
        put_ident(e, el->collation);
    }
    if (el->opclass)
        sd_buf_printf(b, " %s", el->opclass);
    if (el->desc)
        sd_buf_puts(b, " DESC");
    if (el->nulls)
        sd_buf_puts(b, el->nulls == 'f' ? " NULLS FIRST" : " NULLS LAST");
}

/* CREATE UNIQUE INDEX "User_email_key" ON "User"("email");  Prisma writes
 * no space before "(" for btree and "USING GIN (" otherwise. */
static void emit_create_index(const SdEmitter *e, const SdIndex *ix)
{
    SdBuf *b = e->out;
    sd_buf_puts(b, ix->unique ? "CREATE UNIQUE INDEX " : "CREATE INDEX ");
    put_ident(e, ix->obj.name);
    sd_buf_puts(b, " ON ");
    sd_emit_qname(e, ix->obj.schema, ix->table);
    if (ix->method && strcmp(ix->method, "btree") != 0) {
        sd_buf_puts(b, " USING ");
        put_upper(b, ix->method);
        sd_buf_putc(b, ' ');
    }
    sd_buf_putc(b, '(');
    for (size_t i = 0; i < ix->elems.len; i++) {
        sd_buf_puts(b, i ? ", " : "");
        emit_index_elem(e, ix->elems.items[i]);
    }
    sd_buf_putc(b, ')');
    if (ix->include.len) {
        sd_buf_puts(b, " INCLUDE (");
        sd_emit_ident_list(b, &ix->include, ", ");
        sd_buf_putc(b, ')');
    }
    if (ix->nulls_not_distinct)
        sd_buf_puts(b, " NULLS NOT DISTINCT");
    if (ix->options)
        sd_buf_printf(b, " WITH (%s)", ix->options);
    if (ix->tablespace) {
        sd_buf_puts(b, " TABLESPACE ");
        put_ident(e, ix->tablespace);
    }
    if (ix->predicate)
        sd_buf_printf(b, " WHERE %s", ix->predicate);
    sd_buf_puts(b, ";\n");
}

/* An opaque object's normalised CREATE statement, with its ';'. */
static void emit_definition(const SdEmitter *e, const char *def)
{
    size_t n = def ? strlen(def) : 0;
    while (n && (def[n - 1] == '\n' || def[n - 1] == ' '))
        n--;
    sd_buf_put(e->out, def ? def : "", n);
    sd_buf_puts(e->out, n && def[n - 1] == ';' ? "\n" : ";\n");
}

static void emit_drop(const SdEmitter *e, const char *what, const SdObject *o)
{
    sd_buf_printf(e->out, "DROP %s ", what);
    if (o->kind == SD_OBJ_SCHEMA || o->kind == SD_OBJ_EXTENSION)
        put_ident(e, o->name);
    else
        put_obj(e, o);
    sd_buf_puts(e->out, ";\n");
}

static void emit_view(const SdEmitter *e, const SdView *v, bool replace)
{
    sd_buf_puts(e->out, replace ? "CREATE OR REPLACE " : "CREATE ");
    sd_buf_puts(e->out, v->materialized ? "MATERIALIZED VIEW " : "VIEW ");
    put_obj(e, &v->obj);
    sd_buf_puts(e->out, " AS\n");
    emit_definition(e, v->definition);
}

static void emit_drop_opaque(const SdEmitter *e, const SdOpaque *o)
{
    if (o->table && (o->obj.kind == SD_OBJ_TRIGGER || sd_streq(o->objtype, "policy") ||
                     sd_streq(o->objtype, "rule"))) {
        sd_buf_printf(e->out, "DROP %s ", o->obj.kind == SD_OBJ_TRIGGER ? "TRIGGER" : o->objtype);
        put_ident(e, o->obj.name);
        sd_buf_puts(e->out, " ON ");
        sd_emit_qname(e, o->obj.schema, o->table);
        sd_buf_puts(e->out, ";\n");
        return;
    }
    SdBuf what = {0};
    put_upper(&what, o->objtype ? o->objtype : "object");
    sd_buf_printf(e->out, "DROP %s ", sd_buf_str(&what));
    sd_buf_free(&what);
    if (o->obj.schema) {
        put_ident(e, o->obj.schema);
        sd_buf_putc(e->out, '.');
    }
    put_ident(e, o->obj.name);
    if (o->identity) /* a function's identity arguments: already in SQL form */
        sd_buf_printf(e->out, "(%s)", o->identity);
    sd_buf_puts(e->out, ";\n");
}

/* ALTER INDEX|TYPE|SEQUENCE "old" RENAME TO "new" (the schema stays). */
static void emit_rename(const SdEmitter *e, const char *what, const SdOp *op)
{
    sd_buf_printf(e->out, "ALTER %s ", what);
    put_obj(e, op->before);
    sd_buf_puts(e->out, " RENAME TO ");
    put_ident(e, op->after->name);
    sd_buf_puts(e->out, ";\n");
}

bool sd_emit_object_op(const SdEmitter *e, const SdOp *op)
{
    switch (op->kind) {
    case SD_OP_CREATE_SCHEMA:
        sd_buf_puts(e->out, "CREATE SCHEMA IF NOT EXISTS ");
        put_ident(e, op->after->name);
        sd_buf_puts(e->out, ";\n");
        return true;
    case SD_OP_DROP_SCHEMA: emit_drop(e, "SCHEMA", op->before); return true;
    case SD_OP_CREATE_EXTENSION: emit_create_extension(e, (const SdExtension *)op->after); return true;
    case SD_OP_ALTER_EXTENSION:
        sd_buf_puts(e->out, "ALTER EXTENSION ");
        put_ident(e, op->after->name);
        sd_buf_puts(e->out, " UPDATE TO ");
        sd_buf_quote_literal(e->out, ((const SdExtension *)op->after)->version);
        sd_buf_puts(e->out, ";\n");
        return true;
    case SD_OP_DROP_EXTENSION: emit_drop(e, "EXTENSION", op->before); return true;
    case SD_OP_CREATE_ENUM: emit_create_enum(e, (const SdEnum *)op->after, op->after->name); return true;
    case SD_OP_DROP_ENUM: emit_drop(e, "TYPE", op->before); return true;
    case SD_OP_ADD_ENUM_VALUE: emit_add_enum_value(e, op); return true;
    case SD_OP_RECREATE_ENUM: emit_recreate_enum(e, op); return true;
    case SD_OP_CREATE_SEQUENCE: emit_sequence(e, (const SdSequence *)op->after, NULL); return true;
    case SD_OP_ALTER_SEQUENCE: emit_sequence(e, (const SdSequence *)op->after, (const SdSequence *)op->before); return true;
    case SD_OP_DROP_SEQUENCE: emit_drop(e, "SEQUENCE", op->before); return true;
    case SD_OP_CREATE_INDEX: emit_create_index(e, (const SdIndex *)op->after); return true;
    case SD_OP_DROP_INDEX: emit_drop(e, "INDEX", op->before); return true;
    case SD_OP_RENAME_INDEX: emit_rename(e, "INDEX", op); return true;
    case SD_OP_RENAME_ENUM: emit_rename(e, "TYPE", op); return true;
    case SD_OP_RENAME_SEQUENCE: emit_rename(e, "SEQUENCE", op); return true;
    case SD_OP_CREATE_VIEW: emit_view(e, (const SdView *)op->after, false); return true;
    case SD_OP_REPLACE_VIEW: emit_view(e, (const SdView *)op->after, true); return true;
    case SD_OP_DROP_VIEW:
        emit_drop(e, ((const SdView *)op->before)->materialized ? "MATERIALIZED VIEW" : "VIEW", op->before);
        return true;
    case SD_OP_REPLACE_FUNCTION: {
        const char *def = ((const SdOpaque *)op->after)->definition;
        if (def && strncasecmp(def, "CREATE ", 7) == 0 && strncasecmp(def + 7, "OR REPLACE ", 11) != 0) {
            sd_buf_puts(e->out, "CREATE OR REPLACE ");
            def += 7;
        }
        emit_definition(e, def);
        return true;
    }
    case SD_OP_CREATE_FUNCTION: case SD_OP_CREATE_TRIGGER: case SD_OP_CREATE_TYPE:
    case SD_OP_CREATE_OPAQUE:
        emit_definition(e, ((const SdOpaque *)op->after)->definition);
        return true;
    case SD_OP_DROP_FUNCTION: case SD_OP_DROP_TRIGGER: case SD_OP_DROP_TYPE: case SD_OP_DROP_OPAQUE:
        emit_drop_opaque(e, (const SdOpaque *)op->before);
        return true;
    default:
        return false;
    }
}

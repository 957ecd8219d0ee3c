/* table.c: tables in Prisma's migration.sql style: CREATE TABLE with its
 * columns and non-foreign constraints, ALTER TABLE clauses joined per table,
 * foreign keys added and dropped with ALTER TABLE, DROP TABLE. */
#include "emitint.h"

#include <string.h>

static void put_ident(const SdEmitter *e, const char *s) { sd_buf_quote_ident(e->out, s); }

void sd_emit_column_def(const SdEmitter *e, const SdTable *t, const SdColumn *col, const SdCatalog *cat)
{
    bool serial = sd_column_is_serial(cat, t, col);
    put_ident(e, col->name);
    sd_buf_putc(e->out, ' ');
    sd_spell_type(e, &col->type, serial);
    if (col->collation) {
        sd_buf_puts(e->out, " COLLATE ");
        put_ident(e, col->collation);
    }
    if (col->not_null)
        sd_buf_puts(e->out, " NOT NULL");
    if (col->generated) {
        sd_buf_printf(e->out, " GENERATED ALWAYS AS (%s) STORED", col->generated);
    } else if (col->identity) {
        sd_buf_printf(e->out, " GENERATED %s AS IDENTITY",
                      col->identity == SD_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
    } else if (col->default_expr && !serial) {
        sd_buf_puts(e->out, " DEFAULT ");
        sd_spell_default(e, col);
    }
}

static const char *action_name(SdFkAction a)
{
    switch (a) {
    case SD_FK_NO_ACTION: return "NO ACTION";
    case SD_FK_RESTRICT: return "RESTRICT";
    case SD_FK_CASCADE: return "CASCADE";
    case SD_FK_SET_NULL: return "SET NULL";
    case SD_FK_SET_DEFAULT: return "SET DEFAULT";
    }
    sd_unreachable("foreign key action");
}

static void put_check(SdBuf *b, const char *expr)
{
    if (strncmp(expr, "CHECK", 5) == 0)
        sd_buf_puts(b, expr);
    else if (expr[0] == '(')
        sd_buf_printf(b, "CHECK %s", expr);
    else
        sd_buf_printf(b, "CHECK (%s)", expr);
}

void sd_emit_constraint_def(const SdEmitter *e, const SdConstraint *k)
{
    SdBuf *b = e->out;
    switch (k->kind) {
    case SD_CON_PRIMARY: /* Prisma writes the key's columns without spaces */
        sd_buf_puts(b, "PRIMARY KEY (");
        sd_emit_ident_list(b, &k->columns, ",");
        sd_buf_putc(b, ')');
        break;
    case SD_CON_UNIQUE:
        sd_buf_puts(b, k->nulls_not_distinct ? "UNIQUE NULLS NOT DISTINCT (" : "UNIQUE (");
        sd_emit_ident_list(b, &k->columns, ", ");
        sd_buf_putc(b, ')');
        break;
    case SD_CON_FOREIGN:
        sd_buf_puts(b, "FOREIGN KEY (");
        sd_emit_ident_list(b, &k->columns, ", ");
        sd_buf_puts(b, ") REFERENCES ");
        sd_emit_qname(e, k->ref_schema, k->ref_table);
        sd_buf_putc(b, '(');
        sd_emit_ident_list(b, &k->ref_columns, ", ");
        sd_buf_putc(b, ')');
        if (k->match == 'f')
            sd_buf_puts(b, " MATCH FULL");
        sd_buf_printf(b, " ON DELETE %s ON UPDATE %s", action_name(k->on_delete), action_name(k->on_update));
        break;
    case SD_CON_CHECK:
        put_check(b, k->expr ? k->expr : "true");
        break;
    case SD_CON_EXCLUDE:
        sd_buf_puts(b, k->expr ? k->expr : "");
        break;
    }
    if ((k->kind == SD_CON_PRIMARY || k->kind == SD_CON_UNIQUE) && k->include.len) {
        sd_buf_puts(b, " INCLUDE (");
        sd_emit_ident_list(b, &k->include, ", ");
        sd_buf_putc(b, ')');
    }
    if ((k->kind == SD_CON_PRIMARY || k->kind == SD_CON_UNIQUE) && k->index_options)
        sd_buf_printf(b, " WITH (%s)", k->index_options);
    if (k->deferrable)
        sd_buf_puts(b, k->initially_deferred ? " DEFERRABLE INITIALLY DEFERRED" : " DEFERRABLE");
    /* only a check can be NO INHERIT (pg_constraint marks index-backed ones
     * connoinherit too, and the database front end keeps that flag) */
    if (k->no_inherit && k->kind == SD_CON_CHECK)
        sd_buf_puts(b, " NO INHERIT");
    if (k->not_valid)
        sd_buf_puts(b, " NOT VALID");
}

/* Non-foreign constraints go inside CREATE TABLE: the primary key first
 * (Prisma), then the others by name. */
static void emit_table_constraints(const SdEmitter *e, const SdTable *t, bool *first)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < t->constraints.len; i++) {
            const SdConstraint *k = t->constraints.items[i];
            if (k->kind == SD_CON_FOREIGN || (k->kind == SD_CON_PRIMARY) != (pass == 0))
                continue;
            sd_buf_puts(e->out, *first ? ",\n\n    CONSTRAINT " : ",\n    CONSTRAINT ");
            *first = false;
            put_ident(e, k->name);
            sd_buf_putc(e->out, ' ');
            sd_emit_constraint_def(e, k);
        }
    }
}

static void emit_create_table(const SdEmitter *e, const SdTable *t)
{
    SdBuf *b = e->out;
    sd_buf_puts(b, t->unlogged ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ");
    sd_emit_qname(e, t->obj.schema, t->obj.name);
    if (t->partition_of) {
        sd_buf_printf(b, " PARTITION OF %s %s;\n", t->partition_of, t->partition_bound ? t->partition_bound : "");
        return;
    }
    sd_buf_puts(b, " (");
    for (size_t i = 0; i < t->columns.len; i++) {
        sd_buf_puts(b, i ? ",\n    " : "\n    ");
        sd_emit_column_def(e, t, t->columns.items[i], e->plan->to);
    }
    bool first = true;
    emit_table_constraints(e, t, &first);
    sd_buf_puts(b, "\n)");
    if (t->partition_by)
        sd_buf_printf(b, " PARTITION BY %s", t->partition_by);
    sd_buf_puts(b, ";\n");
    for (size_t i = 0; i < t->columns.len; i++)
        sd_emit_owned_by_new_column(e, t, t->columns.items[i]);
}

static void emit_constraint_op(const SdEmitter *e, const SdOp *op, bool add)
{
    const SdTable *t = add ? op->table_after : (op->table_before ? op->table_before : op->table_after);
    const SdConstraint *k = add ? op->con_after : op->con_before;
    sd_buf_puts(e->out, "ALTER TABLE ");
    sd_emit_qname(e, t->obj.schema, t->obj.name);
    sd_buf_puts(e->out, add ? " ADD CONSTRAINT " : " DROP CONSTRAINT ");
    put_ident(e, k->name);
    if (add) {
        sd_buf_putc(e->out, ' ');
        sd_emit_constraint_def(e, k);
    }
    sd_buf_puts(e->out, ";\n");
}

bool sd_is_alter_clause(SdOpKind k)
{
    switch (k) {
    case SD_OP_ADD_COLUMN: case SD_OP_DROP_COLUMN: case SD_OP_ALTER_COLUMN_TYPE: case SD_OP_SET_NOT_NULL:
    case SD_OP_DROP_NOT_NULL: case SD_OP_SET_DEFAULT: case SD_OP_DROP_DEFAULT: case SD_OP_ALTER_IDENTITY:
    case SD_OP_ADD_PRIMARY_KEY: case SD_OP_DROP_PRIMARY_KEY:
        return true;
    default:
        return false;
    }
}

static bool is_one_of(const SdType *t, const char *const *names, size_t n)
{
    for (size_t i = 0; !t->schema && !t->is_enum && t->name && i < n; i++)
        if (strcmp(t->name, names[i]) == 0)
            return true;
    return false;
}

/* Whether PostgreSQL has a direct (explicit) cast from -> to for USING; when
 * not, the value goes through its text form, which every type reads and writes
 * (integer -> uuid, enum -> enum, timestamp -> integer). */
static bool has_direct_cast(const SdType *from, const SdType *to)
{
    static const char *const STRINGS[] = {"text", "character varying", "character", "citext"};
    static const char *const NUMBERS[] = {"smallint", "integer", "bigint", "numeric", "real", "double precision"};
    static const char *const JSON[] = {"json", "jsonb"};
    if (is_one_of(from, STRINGS, SD_ARRAY_LEN(STRINGS)))
        return true; /* I/O conversion from a string type */
    static const char *const FROM_JSON[] = {"smallint", "integer", "bigint", "numeric", "real", "double precision",
                                            "boolean", "json", "jsonb"};
    if (is_one_of(from, JSON, SD_ARRAY_LEN(JSON)))
        return is_one_of(to, FROM_JSON, SD_ARRAY_LEN(FROM_JSON)); /* jsonb -> numeric, boolean, json */
    bool bool_int = (sd_streq(from->name, "boolean") && sd_streq(to->name, "integer")) ||
                    (sd_streq(to->name, "boolean") && sd_streq(from->name, "integer"));
    return bool_int || (is_one_of(from, NUMBERS, SD_ARRAY_LEN(NUMBERS)) && is_one_of(to, NUMBERS, SD_ARRAY_LEN(NUMBERS)));
}

/* USING ("c"::type) when PostgreSQL has no assignment cast for the change;
 * through text when there is no direct cast either ("c"::text::"Role",
 * "c"::text[]::"Role"[]).  Values that do not convert make the statement fail
 * (the risk stage reports cast-failure); Prisma drops and re-adds such columns. */
static void put_using(const SdEmitter *e, const SdColumn *before, const SdColumn *after)
{
    if (!sd_type_change_needs_using(&before->type, &after->type))
        return;
    sd_buf_puts(e->out, " USING (");
    put_ident(e, after->name);
    if (!has_direct_cast(&before->type, &after->type))
        sd_buf_puts(e->out, before->type.ndims ? "::text[]" : "::text");
    sd_buf_puts(e->out, "::");
    sd_spell_type(e, &after->type, false);
    sd_buf_putc(e->out, ')');
}

static void emit_clause(const SdEmitter *e, const SdOp *op)
{
    SdBuf *b = e->out;
    const SdColumn *c = op->col_after ? op->col_after : op->col_before;
    const char *alter = "ALTER COLUMN ";
    switch (op->kind) {
    case SD_OP_ADD_COLUMN: /* Prisma pads after ADD COLUMN */
        sd_buf_puts(b, "ADD COLUMN     ");
        sd_emit_column_def(e, op->table_after, op->col_after, e->plan->to);
        return;
    case SD_OP_DROP_COLUMN:
        sd_buf_puts(b, "DROP COLUMN ");
        put_ident(e, c->name);
        return;
    case SD_OP_ADD_PRIMARY_KEY:
        sd_buf_puts(b, "ADD CONSTRAINT ");
        put_ident(e, op->con_after->name);
        sd_buf_putc(b, ' ');
        sd_emit_constraint_def(e, op->con_after);
        return;
    case SD_OP_DROP_PRIMARY_KEY:
        sd_buf_puts(b, "DROP CONSTRAINT ");
        put_ident(e, op->con_before->name);
        return;
    default:
        break;
    }
    sd_buf_puts(b, alter);
    put_ident(e, c->name);
    switch (op->kind) {
    case SD_OP_ALTER_COLUMN_TYPE:
        sd_buf_puts(b, " SET DATA TYPE ");
        sd_spell_type(e, &c->type, false);
        if (c->collation) {
            sd_buf_puts(b, " COLLATE ");
            put_ident(e, c->collation);
        }
        put_using(e, op->col_before, c);
        break;
    case SD_OP_SET_NOT_NULL: sd_buf_puts(b, " SET NOT NULL"); break;
    case SD_OP_DROP_NOT_NULL: sd_buf_puts(b, " DROP NOT NULL"); break;
    case SD_OP_DROP_DEFAULT: sd_buf_puts(b, " DROP DEFAULT"); break;
    case SD_OP_SET_DEFAULT:
        sd_buf_puts(b, " SET DEFAULT ");
        sd_spell_default(e, c);
        break;
    case SD_OP_ALTER_IDENTITY:
        if (!c->identity)
            sd_buf_puts(b, " DROP IDENTITY");
        else if (!op->col_before->identity)
            sd_buf_printf(b, " ADD GENERATED %s AS IDENTITY", c->identity == SD_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
        else
            sd_buf_printf(b, " SET GENERATED %s", c->identity == SD_IDENTITY_ALWAYS ? "ALWAYS" : "BY DEFAULT");
        break;
    default:
        sd_unreachable("not an ALTER TABLE clause");
    }
}

void sd_emit_alter_table(const SdEmitter *e, SdOp *const *ops, size_t n)
{
    const SdObject *t = sd_op_object(ops[0]);
    sd_buf_puts(e->out, "ALTER TABLE ");
    sd_emit_qname(e, t->schema, t->name);
    for (size_t i = 0; i < n; i++) {
        sd_buf_puts(e->out, i ? ",\n" : " ");
        emit_clause(e, ops[i]);
    }
    sd_buf_puts(e->out, ";\n");
    for (size_t i = 0; i < n; i++)
        if (ops[i]->kind == SD_OP_ADD_COLUMN)
            sd_emit_owned_by_new_column(e, ops[i]->table_after, ops[i]->col_after);
}

/* Renames of a table and of what it holds.  Renames run before the other
 * changes of the table (order.c), so columns and constraints are renamed on
 * the table's new name. */
static void emit_table_rename(const SdEmitter *e, const SdOp *op)
{
    const SdTable *tb = op->table_before, *ta = op->table_after;
    sd_buf_puts(e->out, "ALTER TABLE ");
    if (op->kind == SD_OP_RENAME_TABLE) {
        sd_emit_qname(e, tb->obj.schema, tb->obj.name);
        sd_buf_puts(e->out, " RENAME TO ");
        put_ident(e, ta->obj.name);
    } else {
        bool col = op->kind == SD_OP_RENAME_COLUMN;
        sd_emit_qname(e, ta->obj.schema, ta->obj.name);
        sd_buf_puts(e->out, col ? " RENAME COLUMN " : " RENAME CONSTRAINT ");
        put_ident(e, col ? op->col_before->name : op->con_before->name);
        sd_buf_puts(e->out, " TO ");
        put_ident(e, col ? op->col_after->name : op->con_after->name);
    }
    sd_buf_puts(e->out, ";\n");
}

bool sd_emit_table_op(const SdEmitter *e, const SdOp *op)
{
    switch (op->kind) {
    case SD_OP_RENAME_TABLE: case SD_OP_RENAME_COLUMN: case SD_OP_RENAME_CONSTRAINT:
        emit_table_rename(e, op);
        return true;
    case SD_OP_CREATE_TABLE:
        emit_create_table(e, op->table_after);
        return true;
    case SD_OP_DROP_TABLE:
        sd_buf_puts(e->out, "DROP TABLE ");
        sd_emit_qname(e, op->table_before->obj.schema, op->table_before->obj.name);
        sd_buf_puts(e->out, ";\n");
        return true;
    case SD_OP_ADD_FOREIGN_KEY: case SD_OP_ADD_UNIQUE: case SD_OP_ADD_CHECK: case SD_OP_ADD_EXCLUSION:
        emit_constraint_op(e, op, true);
        return true;
    case SD_OP_DROP_FOREIGN_KEY: case SD_OP_DROP_UNIQUE: case SD_OP_DROP_CHECK: case SD_OP_DROP_EXCLUSION:
        emit_constraint_op(e, op, false);
        return true;
    default:
        return false;
    }
}

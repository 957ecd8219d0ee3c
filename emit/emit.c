/* emit.c: prints a plan as Prisma's migration.sql does: an optional
 * Warnings comment, then one "-- Section" comment per step followed by its
 * statement(s) and a blank line.  Column-level changes of one table are
 * joined into a single ALTER TABLE, as Prisma joins them. */
#include "emitint.h"

#include <string.h>

/* Prisma's section comment for each operation kind. */
static const char *section_of(const SdOp *op)
{
    SdOpKind k = op->kind;
    if (k == SD_OP_RENAME_CONSTRAINT) /* Prisma: RenameForeignKey; a primary key's under AlterTable */
        return op->con_after->kind == SD_CON_FOREIGN ? "RenameForeignKey" : "AlterTable";
    switch (k) {
    case SD_OP_CREATE_SCHEMA: return "CreateSchema";
    case SD_OP_DROP_SCHEMA: return "DropSchema";
    case SD_OP_CREATE_EXTENSION: return "CreateExtension";
    case SD_OP_ALTER_EXTENSION: return "AlterExtension";
    case SD_OP_DROP_EXTENSION: return "DropExtension";
    case SD_OP_CREATE_ENUM: return "CreateEnum";
    case SD_OP_DROP_ENUM: return "DropEnum";
    case SD_OP_RENAME_ENUM: case SD_OP_ADD_ENUM_VALUE: case SD_OP_RENAME_ENUM_VALUE: case SD_OP_RECREATE_ENUM:
        return "AlterEnum";
    case SD_OP_CREATE_SEQUENCE: return "CreateSequence";
    case SD_OP_DROP_SEQUENCE: return "DropSequence";
    case SD_OP_ALTER_SEQUENCE: return "AlterSequence";
    case SD_OP_CREATE_TABLE: return "CreateTable";
    case SD_OP_DROP_TABLE: return "DropTable";
    case SD_OP_ADD_FOREIGN_KEY: return "AddForeignKey";
    case SD_OP_DROP_FOREIGN_KEY: return "DropForeignKey";
    case SD_OP_CREATE_INDEX: return "CreateIndex";
    case SD_OP_DROP_INDEX: return "DropIndex";
    case SD_OP_CREATE_VIEW: return "CreateView";
    case SD_OP_REPLACE_VIEW: return "ReplaceView";
    case SD_OP_DROP_VIEW: return "DropView";
    case SD_OP_CREATE_FUNCTION: return "CreateFunction";
    case SD_OP_REPLACE_FUNCTION: return "ReplaceFunction";
    case SD_OP_DROP_FUNCTION: return "DropFunction";
    case SD_OP_CREATE_TRIGGER: return "CreateTrigger";
    case SD_OP_DROP_TRIGGER: return "DropTrigger";
    case SD_OP_CREATE_TYPE: return "CreateType";
    case SD_OP_DROP_TYPE: return "DropType";
    case SD_OP_CREATE_OPAQUE: return "CreateObject";
    case SD_OP_RENAME_TABLE: return "RenameTable";
    case SD_OP_RENAME_COLUMN: return "RenameColumn";
    case SD_OP_RENAME_INDEX: return "RenameIndex";
    case SD_OP_RENAME_SEQUENCE: return "AlterSequence";
    case SD_OP_DROP_OPAQUE: return "DropObject";
    default: return "AlterTable";
    }
}

void sd_emit_qname(const SdEmitter *e, const char *schema, const char *name)
{
    if (e->qualify && schema) {
        sd_buf_quote_ident(e->out, schema);
        sd_buf_putc(e->out, '.');
    }
    sd_buf_quote_ident(e->out, name);
}

void sd_emit_ident_list(SdBuf *b, const SdVec *names, const char *sep)
{
    for (size_t i = 0; i < names->len; i++) {
        if (i)
            sd_buf_puts(b, sep);
        sd_buf_quote_ident(b, names->items[i]);
    }
}

static bool has_other_schema(const SdCatalog *c)
{
    if (!c)
        return false;
    for (size_t i = 0; i < c->schemas.len; i++)
        if (!sd_streq(((const SdObject *)c->schemas.items[i])->name, "public"))
            return true;
    const SdVec *lists[] = {&c->tables, &c->enums};
    for (size_t l = 0; l < SD_ARRAY_LEN(lists); l++)
        for (size_t i = 0; i < lists[l]->len; i++) {
            const SdObject *o = lists[l]->items[i];
            if (o->schema && !sd_streq(o->schema, "public"))
                return true;
        }
    return false;
}

/* Prisma qualifies every name when the datasource lists schemas; we do when
 * asked or when any object lives outside "public". */
static bool wants_qualify(const SdPlan *plan, const SdEmitOptions *opts)
{
    return (opts && opts->qualify) || has_other_schema(plan->to) || has_other_schema(plan->from);
}

static void emit_warnings(SdBuf *out, const SdVec *warnings)
{
    if (!warnings->len)
        return;
    sd_buf_puts(out, "/*\n  Warnings:\n\n");
    for (size_t i = 0; i < warnings->len; i++)
        sd_buf_printf(out, "  - %s\n", (const char *)warnings->items[i]);
    sd_buf_puts(out, "\n*/\n");
}

/* How many ops from i on are clauses of one ALTER TABLE on the same table. */
static size_t alter_run(const SdPlan *plan, size_t i)
{
    const SdOp *first = plan->ops.items[i];
    if (!sd_is_alter_clause(first->kind))
        return 0;
    size_t n = 1;
    while (i + n < plan->ops.len) {
        const SdOp *op = plan->ops.items[i + n];
        if (!sd_is_alter_clause(op->kind) || sd_op_object(op) != sd_op_object(first))
            break;
        n++;
    }
    return n;
}

/* Ops [from, to) of the plan, section by section. */
typedef struct EmitRange {
    const SdEmitter *e;
    size_t from, to;
    SdBuf *out;
} EmitRange;

static void emit_range(void *arg)
{
    const EmitRange *r = arg;
    const SdPlan *plan = r->e->plan;
    SdEmitter e = *r->e;
    e.out = r->out;
    for (size_t i = r->from; i < r->to;) {
        const SdOp *op = plan->ops.items[i];
        sd_buf_printf(e.out, "-- %s\n", section_of(op));
        size_t n = alter_run(plan, i);
        for (size_t k = 0; k < (n ? n : 1); k++) {
            const SdOp *o = plan->ops.items[i + k];
            if (o->note)
                sd_buf_printf(e.out, "-- %s\n", o->note);
        }
        if (n) {
            sd_emit_alter_table(&e, (SdOp *const *)&plan->ops.items[i], n);
            i += n;
        } else {
            if (!sd_emit_table_op(&e, op) && !sd_emit_object_op(&e, op))
                sd_unreachable(sd_op_info(op->kind)->name);
            i++;
        }
        sd_buf_putc(e.out, '\n');
    }
}

enum { EMIT_SPLIT_MIN = 4096 }; /* fewer ops than this: one thread (a thread costs more) */

/* A large plan is written in two halves at once (emitting reads the plan and
 * the catalogs only), the second into its own buffer, appended after. */
void sd_emit_sql(const SdPlan *plan, const SdEmitOptions *opts, SdBuf *out)
{
    if (!plan || !plan->ops.len)
        return;
    SdEmitter e = {out, plan, wants_qualify(plan, opts)};
    emit_warnings(out, &plan->warnings);
    size_t mid = plan->ops.len, split_min = opts && opts->parallel_min ? opts->parallel_min : EMIT_SPLIT_MIN;
    if (plan->ops.len >= split_min && plan->ops.len >= 2) /* the first section start past the middle */
        for (size_t i = 0; i < plan->ops.len; i += alter_run(plan, i) ? alter_run(plan, i) : 1)
            if (i >= plan->ops.len / 2) {
                mid = i;
                break;
            }
    EmitRange head = {&e, 0, mid, out};
    if (mid == plan->ops.len) {
        emit_range(&head);
        return;
    }
    SdBuf rest = {0};
    EmitRange tail = {&e, mid, plan->ops.len, &rest};
    sd_parallel2(emit_range, &head, emit_range, &tail);
    sd_buf_put(out, sd_buf_str(&rest), rest.len);
    sd_buf_free(&rest);
}

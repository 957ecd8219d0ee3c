/* risk_out.c: the risk stage's three outputs: Prisma's Warnings header (through
 * plan->warnings, printed by the emitter), a one-line-per-finding report for
 * stderr, and the JSON document of docs/risk-json.md. */
#include "risk.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <string.h>

/* Every finding of the plan, in op order (ops' groups after the op). */
static void collect(const SdOp *op, SdVec *out, SdArena *a)
{
    for (size_t i = 0; i < op->findings.len; i++)
        sd_vec_push(a, out, op->findings.items[i]);
    for (size_t i = 0; i < op->group.len; i++)
        collect(op->group.items[i], out, a);
}

static bool absent(const SdFinding *f) { return f->measured && f->rows == 0; }

/* Prisma's counted wording (what migrate dev prints after counting); the
 * count-free line otherwise. */
static const char *prisma_line(SdArena *a, const SdFinding *f)
{
    if (!f->prisma || !f->measured || f->rows <= 0)
        return f->prisma;
    const char *col = f->column ? f->column : "";
    int64_t n = f->rows;
    switch (f->op->kind) {
    case SD_OP_DROP_TABLE:
        return sd_printf(a, "You are about to drop the `%s` table, which is not empty (%" PRId64 " rows).", f->table, n);
    case SD_OP_DROP_COLUMN:
        return sd_printf(a, "You are about to drop the column `%s` on the `%s` table, which still contains %" PRId64
                            " non-null values.", col, f->table, n);
    case SD_OP_ADD_COLUMN:
        if (f->op->col_after && f->op->col_after->client_default != SD_CLIENT_DEFAULT_NONE)
            return sd_printf(a, "The required column `%s` was added to the `%s` table with a prisma-level default value. "
                                "There are %" PRId64 " rows in this table, it is not possible to execute this step. "
                                "Please add this column as optional, then populate it before making it required.",
                             col, f->table, n);
        return sd_printf(a, "Added the required column `%s` to the `%s` table without a default value. There are %" PRId64
                            " rows in this table, it is not possible to execute this step.", col, f->table, n);
    case SD_OP_SET_NOT_NULL:
        return sd_printf(a, "Made the column `%s` on table `%s` required, but there are %" PRId64 " existing NULL values.",
                         col, f->table, n);
    default: return f->prisma;
    }
}

static const char *fail_reason(SdArena *a, const SdFinding *f)
{
    const char *ex = f->example ? sd_printf(a, " (e.g. %s)", f->example) : "";
    switch (f->measure) {
    case SD_MEASURE_NULLS:
        return sd_printf(a, "%" PRId64 " rows hold NULL in %s", f->rows, f->object);
    case SD_MEASURE_TABLE_ROWS:
        return sd_printf(a, "%s has %" PRId64 " rows and %s has no default", f->table, f->rows, f->object);
    case SD_MEASURE_DUPLICATES:
        return sd_printf(a, "%" PRId64 " duplicate groups in %s%s", f->rows, f->object, ex);
    case SD_MEASURE_CAST_FAIL:
        return sd_printf(a, "%" PRId64 " values of %s do not convert%s", f->rows, f->object, ex);
    case SD_MEASURE_ENUM_VALUES:
        return sd_printf(a, "%" PRId64 " rows still use the removed values of %s", f->rows, f->table);
    case SD_MEASURE_ORPHANS:
        return sd_printf(a, "%" PRId64 " rows of %s match no row of %s%s", f->rows, f->object, f->lock_other, ex);
    case SD_MEASURE_CHECK:
        return sd_printf(a, "%" PRId64 " rows of %s violate the CHECK", f->rows, f->table);
    default: return sd_printf(a, "%s", f->message);
    }
}

/* The first op of the run of ops the emitter joins into one statement with op
 * (column clauses of one table), so a note lands above that statement. */
static SdOp *statement_head(SdPlan *plan, size_t i)
{
    SdOp *op = plan->ops.items[i];
    const SdTable *t = op->table_after ? op->table_after : op->table_before;
    while (t && i > 0) {
        SdOp *prev = plan->ops.items[i - 1];
        const SdTable *pt = prev->table_after ? prev->table_after : prev->table_before;
        bool clause = prev->kind >= SD_OP_ADD_COLUMN && prev->kind <= SD_OP_DROP_PRIMARY_KEY &&
                      prev->kind != SD_OP_RENAME_COLUMN;
        if (!clause || !pt || !sd_streq(pt->obj.name, t->obj.name) || !sd_streq(pt->obj.schema, t->obj.schema))
            break;
        op = prev;
        i--;
    }
    return op;
}

static void push_unique(SdArena *a, SdVec *v, const char *s)
{
    for (size_t i = 0; i < v->len; i++)
        if (strcmp(v->items[i], s) == 0)
            return;
    sd_vec_push(a, v, (void *)s);
}

void sd_risk_fill_warnings(SdArena *a, SdPlan *plan)
{
    SdVec warn = {0}, unexec = {0}, fails = {0};
    for (size_t i = 0; i < plan->ops.len; i++) {
        SdVec fs = {0};
        collect(plan->ops.items[i], &fs, a);
        for (size_t j = 0; j < fs.len; j++) {
            const SdFinding *f = fs.items[j];
            if (absent(f))
                continue;
            const char *line = prisma_line(a, f);
            if (line)
                push_unique(a, f->prisma_unexecutable ? &unexec : &warn, line);
            if (f->fails) {
                const char *why = fail_reason(a, f);
                SdOp *head = statement_head(plan, i);
                head->note = head->note ? sd_printf(a, "%s; %s", head->note, why)
                                        : sd_printf(a, "schemadiff: this statement fails on the current rows: %s", why);
                push_unique(a, &fails, sd_printf(a, "The %s step cannot run on the current rows: %s.",
                                                 sd_op_info(f->op->kind)->name, why));
            }
        }
    }
    SdVec *lists[] = {&warn, &unexec, &fails};
    for (size_t l = 0; l < 3; l++)
        for (size_t i = 0; i < lists[l]->len; i++)
            push_unique(a, &plan->warnings, lists[l]->items[i]);
}

static const char *rows_text(SdArena *a, const SdFinding *f)
{
    if (!f->measured)
        return "rows not measured";
    return sd_printf(a, "%s%" PRId64 " %s", f->estimate ? "~" : "", f->rows,
                     f->measure == SD_MEASURE_DUPLICATES ? "duplicate groups" : "rows");
}

void sd_risk_report(const SdPlan *plan, SdBuf *out)
{
    SdArena *a = sd_arena_new(); /* scratch for this report only, freed below */
    for (size_t i = 0; i < plan->ops.len; i++) {
        SdVec fs = {0};
        collect(plan->ops.items[i], &fs, a);
        for (size_t j = 0; j < fs.len; j++) {
            const SdFinding *f = fs.items[j];
            if (absent(f))
                continue;
            sd_buf_printf(out, "%s: %s: %s.%s: %s; %s; lock %s%s", f->fails ? "error" : "warning",
                          sd_risk_class_name(f->cls), f->schema, f->object, f->message, rows_text(a, f),
                          sd_lock_name(f->lock), f->example ? sd_printf(a, "; example %s", f->example) : "");
            if (f->safe)
                sd_buf_printf(out, "; safe: %s", f->safe);
            sd_buf_putc(out, '\n');
        }
    }
    sd_arena_free(a);
}

/* ---- JSON ---- */

static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

static cJSON *finding_json(SdArena *a, const SdFinding *f, size_t stmt)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "class", sd_risk_class_name(f->cls));
    cJSON_AddStringToObject(o, "op", sd_op_info(f->op->kind)->name);
    cJSON_AddNumberToObject(o, "statement", (double)stmt);
    cJSON_AddStringToObject(o, "schema", f->schema);
    cJSON_AddStringToObject(o, "table", f->table);
    cJSON_AddItemToObject(o, "column", str_or_null(f->column));
    cJSON_AddStringToObject(o, "object", f->object);
    if (f->measured) {
        cJSON_AddNumberToObject(o, "rows", (double)f->rows);
        cJSON_AddStringToObject(o, "count", f->estimate ? "estimate" : "exact");
    } else {
        cJSON_AddNullToObject(o, "rows");
        cJSON_AddStringToObject(o, "count", "unmeasured");
    }
    cJSON_AddBoolToObject(o, "fails", f->fails);
    cJSON_AddItemToObject(o, "example", str_or_null(f->example));
    cJSON_AddStringToObject(o, "lock", sd_lock_name(f->lock));
    cJSON *tables = cJSON_AddArrayToObject(o, "lock_tables");
    cJSON_AddItemToArray(tables, cJSON_CreateString(sd_printf(a, "%s.%s", f->schema, f->table)));
    if (f->lock_other)
        cJSON_AddItemToArray(tables, cJSON_CreateString(f->lock_other));
    cJSON_AddBoolToObject(o, "blocks_reads", f->blocks_reads);
    cJSON_AddBoolToObject(o, "blocks_writes", f->blocks_writes);
    cJSON_AddStringToObject(o, "message", f->message ? f->message : "");
    cJSON_AddItemToObject(o, "safe_alternative", str_or_null(f->safe));
    cJSON_AddItemToObject(o, "prisma_warning", str_or_null(prisma_line(a, f)));
    return o;
}

static cJSON *classes_json(unsigned bits)
{
    cJSON *arr = cJSON_CreateArray();
    for (int c = 0; c < SD_RISK__COUNT; c++)
        if (bits & (1u << c))
            cJSON_AddItemToArray(arr, cJSON_CreateString(sd_risk_class_name((SdRiskClass)c)));
    return arr;
}

void sd_risk_json(const SdPlan *plan, const SdCaps *caps, const char *sql,
                  const char *(*stmt_sql)(const SdOp *op, void *ctx), void *ctx, bool measured, SdBuf *out)
{
    SdArena *a = sd_arena_new(); /* scratch, freed below */
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "format", 1);
    cJSON_AddNumberToObject(root, "pg_version", caps ? caps->version : 0);
    cJSON_AddBoolToObject(root, "measured", measured);
    cJSON_AddItemToObject(root, "classes", classes_json(sd_risk_present(plan)));
    cJSON *stmts = cJSON_AddArrayToObject(root, "statements");
    cJSON *finds = cJSON_AddArrayToObject(root, "findings");
    for (size_t i = 0; i < plan->ops.len; i++) {
        const SdOp *op = plan->ops.items[i];
        cJSON *s = cJSON_CreateObject();
        cJSON_AddNumberToObject(s, "index", (double)i);
        cJSON_AddStringToObject(s, "op", sd_op_info(op->kind)->name);
        cJSON_AddStringToObject(s, "lock", sd_lock_name(op->lock));
        cJSON_AddBoolToObject(s, "no_transaction", op->no_transaction);
        unsigned bits = 0;
        SdVec fs = {0};
        collect(op, &fs, a);
        for (size_t j = 0; j < fs.len; j++) {
            const SdFinding *f = fs.items[j];
            if (!absent(f))
                bits |= 1u << f->cls;
            cJSON_AddItemToArray(finds, finding_json(a, f, i));
        }
        cJSON_AddItemToObject(s, "classes", classes_json(bits));
        cJSON_AddItemToObject(s, "note", str_or_null(op->note));
        const char *text = stmt_sql ? stmt_sql(op, ctx) : NULL;
        cJSON_AddItemToObject(s, "sql", str_or_null(text));
        cJSON_AddItemToArray(stmts, s);
    }
    cJSON_AddStringToObject(root, "sql", sql ? sql : "");
    char *txt = cJSON_Print(root);
    sd_buf_puts(out, txt);
    sd_buf_putc(out, '\n');
    cJSON_free(txt);
    cJSON_Delete(root);
    sd_arena_free(a);
}

/* emitint.h: what the emitter's own files share (not for other stages).
 * emit.c walks the plan and prints Prisma's section comments; spell.c maps the
 * IR's PostgreSQL normal form to Prisma's spelling of types and defaults;
 * table.c prints tables, columns and constraints; objects.c everything else. */
#ifndef SD_EMITINT_H
#define SD_EMITINT_H

#include "emit.h"

typedef struct SdEmitter {
    SdBuf *out;
    const SdPlan *plan;
    bool qualify;  /* schema-qualify every name (multi-schema output, as Prisma) */
} SdEmitter;

/* "name" or "schema"."name" (when qualifying and schema is set). */
void sd_emit_qname(const SdEmitter *e, const char *schema, const char *name);
/* "a", "b" (sep ", ") or "a","b" (sep ","). */
void sd_emit_ident_list(SdBuf *b, const SdVec *names, const char *sep);

/* Prisma's spelling of a column type: TEXT, VARCHAR(3), TIMESTAMP(3), "Role"[].
 * serial: print SERIAL/BIGSERIAL/SMALLSERIAL for an integer type. */
void sd_spell_type(const SdEmitter *e, const SdType *t, bool serial);
/* Prisma's spelling of a pg_get_expr() default: 'x' for 'x'::text, -1 for
 * '-1'::integer, ARRAY['a']::TEXT[] for ARRAY['a'::text]; others verbatim. */
void sd_spell_default(const SdEmitter *e, const SdColumn *col);

/* The column definition inside CREATE TABLE or after ADD COLUMN. */
void sd_emit_column_def(const SdEmitter *e, const SdTable *t, const SdColumn *col, const SdCatalog *cat);
/* A constraint's definition after CONSTRAINT "name ": PRIMARY KEY ("id"), ... */
void sd_emit_constraint_def(const SdEmitter *e, const SdConstraint *k);

/* ALTER SEQUENCE ... OWNED BY t.c for the sequence TO has owned by the new
 * column c (made by CREATE TABLE or ADD COLUMN), unless SERIAL or an identity
 * made it.  Nothing otherwise. */
void sd_emit_owned_by_new_column(const SdEmitter *e, const SdTable *t, const SdColumn *c);

/* Each prints one operation's statement(s), ending with ";\n"; false when
 * the kind is not theirs. */
bool sd_emit_table_op(const SdEmitter *e, const SdOp *op);
bool sd_emit_object_op(const SdEmitter *e, const SdOp *op);
/* ALTER TABLE with the clauses of ops[0..n) (column-level ops of one table). */
void sd_emit_alter_table(const SdEmitter *e, SdOp *const *ops, size_t n);
/* True for ops printed as a clause of a joined ALTER TABLE. */
bool sd_is_alter_clause(SdOpKind k);

#endif

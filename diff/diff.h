/* diff.h: two IR catalogs -> an ordered list of typed operations.
 * Operations are values, not strings: risk reads their before/after, emit
 * prints them.  Their kinds, phases, default risks and locks come from ops.def. */
#ifndef SD_DIFF_H
#define SD_DIFF_H

#include "../model/ir.h"

typedef enum SdOpKind {
#define SD_OP(kind, name, obj, phase, risks, lock) SD_OP_##kind,
#include "ops.def"
#undef SD_OP
    SD_OP__COUNT
} SdOpKind;

typedef enum { SD_PHASE_EXPAND, SD_PHASE_BACKFILL, SD_PHASE_CONTRACT } SdPhase;

/* Table-level lock modes, weakest first (PostgreSQL "Explicit Locking"). */
typedef enum {
    SD_LOCK_NONE,
    SD_LOCK_ACCESS_SHARE,
    SD_LOCK_ROW_SHARE,
    SD_LOCK_ROW_EXCLUSIVE,
    SD_LOCK_SHARE_UPDATE_EXCLUSIVE,
    SD_LOCK_SHARE,
    SD_LOCK_SHARE_ROW_EXCLUSIVE,
    SD_LOCK_EXCLUSIVE,
    SD_LOCK_ACCESS_EXCLUSIVE,
} SdLock;

/* Risk classes (bits); the JSON names are in docs/. */
enum {
    RISK_DATA_LOSS = 1u << 0,           /* "data-loss" */
    RISK_UNIQUE = 1u << 1,              /* "unique-violation" */
    RISK_NOT_NULL_NO_DEFAULT = 1u << 2, /* "not-null-without-default" */
    RISK_CAST = 1u << 3,                /* "cast-failure" */
    RISK_REWRITE = 1u << 4,             /* "rewrite": the table is rewritten */
    RISK_SCAN = 1u << 5,                /* a full scan under the lock (reported as "lock") */
    RISK_FK_VIOLATION = 1u << 6,        /* "foreign-key-violation": rows without a parent */
    RISK_CHECK_VIOLATION = 1u << 7,     /* "check-violation": rows the new CHECK rejects */
};

typedef struct SdOpInfo {
    const char *name;  /* "add-column" */
    SdObjKind object;
    SdPhase phase;
    unsigned risks;
    SdLock lock;
} SdOpInfo;

const SdOpInfo *sd_op_info(SdOpKind k);
const char *sd_lock_name(SdLock l); /* "ACCESS EXCLUSIVE" */

/* One operation.  Which members are set depends on the kind: an object op
 * sets before/after (NULL on the side where it does not exist); a column op
 * sets table_* and col_*; a constraint op sets table_* and con_*. */
typedef struct SdOp {
    SdOpKind kind;
    const SdObject *before, *after;     /* the object on each side */
    const SdTable *table_before, *table_after;
    const SdColumn *col_before, *col_after;
    const SdConstraint *con_before, *con_after;
    const char *value;                  /* enum value added/renamed-to; comment text */
    const char *value_before;           /* enum value renamed-from; */
    const char *neighbor;               /* ADD VALUE BEFORE/AFTER this label; NULL: at the end */
    bool neighbor_after;                /* AFTER (true) or BEFORE (false) */
    SdVec group;                        /* SdOp*: column ops joined into one ALTER TABLE */
    unsigned risks;                     /* from ops.def, refined by the risk stage */
    SdLock lock;
    SdPhase phase;
    bool no_transaction;                /* must run outside a transaction block (CONCURRENTLY, ADD VALUE) */
    const char *note;                   /* shown as a comment above the statement */
    SdVec findings;                     /* SdFinding* (diff/risk.h): filled by the risk stage */
} SdOp;

typedef struct SdDiffOptions {
    bool drop_unmanaged;  /* drop objects the TO side cannot describe */
    SdVec renames;        /* const char*: rename hints "schema.table=new" (a table) and
                             "schema.table.column=new" (a column; table by either name) */
} SdDiffOptions;

typedef struct SdPlan {
    SdVec ops;            /* SdOp*, in execution order */
    SdVec kept;           /* SdObject*: unmanaged objects kept (listed in a notice) */
    SdVec kept_constraints;       /* SdConstraint*: check/exclusion constraints kept the same way */
    SdVec kept_constraint_tables; /* SdTable*: the FROM table of each kept constraint */
    const SdCatalog *from, *to; /* the two sides (emit asks them about sequences and schemas) */
    SdVec warnings;       /* const char*: lines for the migration's "Warnings" header (risk fills it) */
} SdPlan;

/* Diffs from -> to.  Both catalogs must have been sorted (sd_catalog_sort).
 * The result lives in the arena.  Records errors (a dependency cycle it
 * cannot break) in diags. */
SdPlan *sd_diff(SdArena *a, SdDiags *diags, const SdCatalog *from, const SdCatalog *to,
                const SdDiffOptions *opts);

/* The object an op is about, for ordering and messages: the table for
 * column, constraint and index ops, else the op's own object. */
const SdObject *sd_op_object(const SdOp *op);

/* True when col of t is what Prisma writes as SERIAL/BIGSERIAL/SMALLSERIAL: an
 * integer type whose default is nextval() of a sequence of cat owned by that column.
 * Such sequences are created by the column, never by a CREATE SEQUENCE of their own. */
bool sd_column_is_serial(const SdCatalog *cat, const SdTable *t, const SdColumn *col);
/* True when ALTER COLUMN ... TYPE from -> to needs USING (no assignment cast). */
bool sd_type_change_needs_using(const SdType *from, const SdType *to);
/* The sequence of cat owned by t.col, or NULL. */
const SdSequence *sd_owned_sequence(const SdCatalog *cat, const SdTable *t, const char *column);

#endif

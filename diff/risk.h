/* risk.h: the risk stage.  Reads a plan's typed operations and says, per
 * operation, what can go wrong on a database that already holds rows:
 * data loss, unique violations, required columns without defaults, casts that
 * fail, table rewrites and locks held for the length of a scan.  Static
 * classification needs no database; with one, diff/measure.c counts the rows
 * concerned (read-only, bounded).  PostgreSQL-version knowledge lives in one
 * capability table (diff/capabilities.c).  docs/risk.md lists every op kind. */
#ifndef SD_RISK_H
#define SD_RISK_H

#include "diff.h"

/* ---- risk classes: index i is the bit RISK_* = 1u << i (diff.h) ---- */
typedef enum SdRiskClass {
    SD_RISK_DATA_LOSS,   /* "data-loss" */
    SD_RISK_UNIQUE,      /* "unique-violation" */
    SD_RISK_NOT_NULL,    /* "not-null-without-default" */
    SD_RISK_CAST,        /* "cast-failure" */
    SD_RISK_REWRITE,     /* "rewrite" */
    SD_RISK_LOCK,        /* "lock" (RISK_SCAN) */
    SD_RISK_FK,          /* "foreign-key-violation" */
    SD_RISK_CHECK,       /* "check-violation" */
    SD_RISK__COUNT
} SdRiskClass;

const char *sd_risk_class_name(SdRiskClass c); /* JSON name, "data-loss" */
/* Parses a comma-separated list of class names ("data-loss,lock") or "all"
 * into RISK_* bits.  Returns false (and sets *bad to the unknown word, in the
 * arena) when a word is not a class. */
bool sd_risk_parse_classes(SdArena *a, const char *list, unsigned *bits, const char **bad);

/* ---- capabilities: what one PostgreSQL major version does ---- */
typedef struct SdCaps {
    int version;                   /* major version: 11 .. 18 */
    bool const_default_no_rewrite; /* 11: ADD COLUMN ... DEFAULT const stores the default, no rewrite */
    bool not_null_uses_check;      /* 12: SET NOT NULL skips its scan when a valid CHECK (c IS NOT NULL) exists */
    bool enum_add_value_in_tx;     /* 12: ALTER TYPE ... ADD VALUE may run in a transaction block */
    bool reindex_concurrently;     /* 12: REINDEX CONCURRENTLY */
    bool rename_index_weak_lock;   /* 12: ALTER INDEX RENAME takes SHARE UPDATE EXCLUSIVE, not ACCESS EXCLUSIVE */
    bool timestamptz_utc_no_rewrite; /* 12: timestamp -> timestamptz does not rewrite when TimeZone is UTC */
    bool detach_concurrently;      /* 14: DETACH PARTITION CONCURRENTLY */
    bool nulls_not_distinct;       /* 15: UNIQUE NULLS NOT DISTINCT */
    bool pg_input_is_valid;        /* 16: pg_input_is_valid(text, type) */
    bool not_null_not_valid;       /* 18: ADD CONSTRAINT ... NOT NULL col NOT VALID, then VALIDATE */
} SdCaps;

enum { SD_PG_MIN_VERSION = 11, SD_PG_MAX_VERSION = 18, SD_PG_DEFAULT_VERSION = 14 };

/* The capabilities of major version v, or NULL when v is outside
 * SD_PG_MIN_VERSION..SD_PG_MAX_VERSION.  Static storage. */
const SdCaps *sd_caps_for_version(int v);
/* Parses "15", "15.4" or a server_version_num (150004) into a major version;
 * 0 when s is not a version. */
int sd_pg_parse_version(const char *s);

/* ---- type changes (diff/risk_types.c) ---- */
typedef struct SdCastInfo {
    bool rewrite;      /* not binary-coercible: the table and its indexes are rewritten */
    bool may_fail;     /* some values may not convert: the statement errors on them */
    bool may_change;   /* some values may convert to a different value (rounding, truncation) */
    bool needs_using;  /* no assignment cast: ALTER ... TYPE fails without USING */
    const char *why;   /* one line, static */
} SdCastInfo;

/* What ALTER COLUMN ... TYPE from -> to does under caps. */
SdCastInfo sd_cast_info(const SdType *from, const SdType *to, const SdCaps *caps);
/* Whether a default expression (pg_get_expr form) is volatile, so that ADD COLUMN
 * with it rewrites the table: 1 volatile, 0 not, -1 unknown (a function we do not know). */
int sd_default_volatility(const char *expr);

/* ---- findings ---- */

/* What a measurement counts for one finding (diff/measure.c). */
typedef enum SdMeasureKind {
    SD_MEASURE_NONE,
    SD_MEASURE_TABLE_ROWS,   /* rows in the table */
    SD_MEASURE_NON_NULL,     /* non-null values in column */
    SD_MEASURE_NULLS,        /* NULLs in the column(s) */
    SD_MEASURE_ENUM_VALUES,  /* rows whose column of the enum holds a removed value */
    SD_MEASURE_CAST_FAIL,    /* non-null values that fail the cast to the new type */
    SD_MEASURE_CAST_CHANGE,  /* non-null values the cast changes */
    SD_MEASURE_DUPLICATES,   /* duplicate groups under the key columns */
    SD_MEASURE_ORPHANS,      /* rows whose foreign key columns (all non-NULL) match no parent row */
    SD_MEASURE_CHECK,        /* rows for which the CHECK expression is false */
} SdMeasureKind;

typedef struct SdFinding {
    SdRiskClass cls;
    const SdOp *op;
    const char *schema;      /* of the table (or enum) */
    const char *table;       /* the table; for enum findings the enum's name */
    const char *column;      /* NULL: the whole table */
    const char *object;      /* what it is about, for messages: "User", "User.email", "Role" */
    SdVec columns;           /* const char*: key columns (unique) or NULL-checked columns */
    SdVec values;            /* const char*: removed enum values; the labels of a cast's target enum */
    SdVec ref_columns;       /* const char*: a foreign key's referenced columns (ref_table: lock_other) */
    const char *ref_schema;  /* a foreign key's referenced schema */
    const char *expr;        /* a CHECK's expression */
    const SdType *type_from, *type_to;  /* cast findings */
    SdLock lock;             /* the lock the statement takes on table */
    const char *lock_other;  /* a second table locked too (foreign keys: the referenced one) */
    bool blocks_reads, blocks_writes;   /* for the length of the scan or rewrite */
    const char *message;     /* one line: what happens */
    const char *safe;        /* one line: the safe alternative; NULL: none */
    const char *prisma;      /* the line Prisma writes in its Warnings header; NULL: Prisma is silent */
    bool prisma_unexecutable;/* Prisma calls the step unexecutable when the table has rows */
    /* measurement */
    SdMeasureKind measure;
    bool measured;           /* rows is known */
    int64_t rows;            /* rows concerned (see measure); -1 unknown */
    bool estimate;           /* rows comes from pg_class.reltuples or a bounded sample */
    bool fails;              /* measured: PostgreSQL cannot run the statement on the current rows */
    const char *example;     /* one offending value or duplicate key; NULL: none */
} SdFinding;

/* Fills every op's risks, lock and findings (SdFinding* in op->findings) from the op
 * and the capability table.  Idempotent: findings are rebuilt.  Everything in a. */
void sd_risk_classify(SdArena *a, SdPlan *plan, const SdCaps *caps);

/* Union of the classes found in the plan (RISK_* bits).  With measured findings,
 * a finding measured at 0 rows does not count (the risk is not there). */
unsigned sd_risk_present(const SdPlan *plan);

/* ---- output (diff/risk_out.c) ---- */

/* Fills plan->warnings (the emitter prints them as Prisma's "Warnings" header):
 * Prisma's lines in step order, warnings before unexecutable steps, with Prisma's
 * counted wording when measured and nothing for a risk measured at 0 rows; then a
 * line per statement that PostgreSQL cannot run on the current rows.  Such
 * statements also get an op->note ("fails on the current rows: ..."). */
void sd_risk_fill_warnings(SdArena *a, SdPlan *plan);
/* Appends the per-op report (one line per finding, for stderr). */
void sd_risk_report(const SdPlan *plan, SdBuf *out);
/* Appends the JSON document of docs/risk-json.md.  sql: the whole script;
 * stmt_sql(op, ctx) gives one op's SQL (NULL: omitted). */
void sd_risk_json(const SdPlan *plan, const SdCaps *caps, const char *sql,
                  const char *(*stmt_sql)(const SdOp *op, void *ctx), void *ctx, bool measured, SdBuf *out);

/* ---- measurement (diff/measure.c) ---- */
typedef struct SdMeasureOptions {
    int statement_timeout_ms;  /* per query; 0: 5000 */
    int64_t exact_limit;       /* tables with more rows (by reltuples) are estimated; 0: 1000000 */
    int64_t cast_sample;       /* at most this many rows are tried one by one for a cast; 0: 100000 */
} SdMeasureOptions;

/* Connects to url, reads the server's major version into *server_version (may be
 * NULL), and measures every finding of plan in one read-only transaction
 * (statement_timeout set, savepoint per query, nothing written).  Casts are
 * tried per row in a DO block whose exception handler counts failures.  Errors
 * (connection, timeout) are recorded in diags without the password; findings
 * left unmeasured keep measured = false.  Returns false when it could not connect. */
bool sd_risk_measure(SdArena *a, SdDiags *diags, SdPlan *plan, const char *url,
                     const SdMeasureOptions *opts, int *server_version);
/* Connects only to read the server's major version; 0 after recording an error. */
int sd_risk_server_version(SdArena *a, SdDiags *diags, const char *url);
/* Messages name the URL through sd_url_mask_password (parser/introspect.h). */

#endif

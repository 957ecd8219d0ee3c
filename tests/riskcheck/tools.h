/* tools.h: test tools linked with sdcore (tests/riskcheck/).
 *   fill.c      fills a database with a few rows per table that satisfy its
 *               constraints (deterministic, seeded), with NULLs and duplicates
 *               where the schema allows them, so risky statements fail;
 *   riskcheck.c sd_riskcheck: `fill URL [SEED]` and `corpus REPO...` (the driver
 *               of tests/integration/risk_corpus.sh). */
#ifndef SD_TEST_TOOLS_H
#define SD_TEST_TOOLS_H

#include "model/base.h"
#include "model/ir.h"

#include <libpq-fe.h>

typedef struct SdFillStats {
    int tables;       /* tables filled (at least one row) */
    int empty;        /* tables left empty (every row failed) */
    int rows;         /* rows inserted */
    SdVec filled;     /* const char*: "schema"."table" of every table tried, quoted */
} SdFillStats;

/* Fills the tables of cat (the introspected schema of the database pg is
 * connected to) in foreign-key order: 3..12 rows each (chosen from seed),
 * values from the column types (arrays, json, uuid, numeric(p,s), varchar(n),
 * enums...), distinct under primary keys and uniques, repeated elsewhere,
 * NULL in some rows of nullable columns, foreign keys pointing at parent rows.
 * A row that violates a CHECK (or anything else) is retried with its nullable
 * columns NULL, then left out.  only ("schema.table" keys; NULL: every table)
 * limits the fill to those tables and the tables they reference.  One transaction; returns false (message in
 * *err) only when the connection fails. */
bool sd_fill(SdArena *a, PGconn *pg, const SdCatalog *cat, const SdMap *only, uint64_t seed, SdFillStats *st,
             const char **err);

/* Splits SQL text into statements (libpg_query's parser split; the scanner's on
 * a parse error).  Each statement is an arena string without the trailing ';'. */
SdVec sd_split_sql(SdArena *a, const char *sql);

#endif

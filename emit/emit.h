/* emit.h: operations -> SQL text, in Prisma's migration.sql style
 * (section comments "-- CreateTable", its statement forms, quoting and order). */
#ifndef SD_EMIT_H
#define SD_EMIT_H

#include "../diff/diff.h"

typedef struct SdEmitOptions {
    bool qualify;       /* schema-qualify names (multi-schema catalogs) */
    size_t parallel_min;/* from this many operations on, written in two halves on two
                           threads (the same text); 0: 4,096 */
} SdEmitOptions;

/* Appends the SQL of plan to out.  An empty plan appends nothing. */
void sd_emit_sql(const SdPlan *plan, const SdEmitOptions *opts, SdBuf *out);

#endif

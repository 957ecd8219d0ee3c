/* checks.h: the per-pair checks of sd_riskcheck (riskcheck.c drives, check.c checks). */
#ifndef SD_TEST_CHECKS_H
#define SD_TEST_CHECKS_H

#include "tools.h"

typedef struct Totals {
    int pairs, quick, nonempty, stmts, failed, flagged, counts, unchecked, diff_errors, runs_failed, stopped;
    int after_emptied;    /* orphans because a parent was emptied to retry an earlier statement */
    int unflagged, wrong, false_alarm; /* mismatches */
    double ms_fill, ms_diff, ms_counts, ms_apply, ms_truncate, ms_migrate; /* where the time goes */
} Totals;

typedef struct Rc {
    SdArena *a;           /* the run's arena; a pair swaps in its own scratch arena */
    const char *bin;      /* schemadiff */
    const char *base_url; /* the server's superuser URL (database postgres) */
    int sample;           /* check every sample-th pair */
    bool all;             /* no pre-filter: fill every table, check every pair */
    FILE *log;            /* every failure; NULL: none */
    SdMap files;          /* migration path -> SdVec* of its statements */
    Totals t;
} Rc;

const char *rc_db_url(Rc *r, const char *db);
double rc_now_ms(void);
/* Runs sql; on error (when a is set) *state and *msg get the SQLSTATE and message. */
bool rc_exec(PGconn *pg, const char *sql, const char **state, const char **msg, SdArena *a);
bool rc_truncate_all(Rc *r, PGconn *pg);
/* Checks the pair (k, k+1): pg/url_a is the database at k.
 * ir: the schema at k; touched: the tables to fill (and their parents); to:
 * schemadiff's source for state k+1 (DIR@K).  Fills A, diffs, checks counts, applies the statements in a rolled-back
 * transaction, then empties A again. */
void rc_check_pair(Rc *r, PGconn *pg, const SdCatalog *ir, const SdMap *touched, const char *url_a, const char *to,
                   const char *repo, size_t k, const char *mig);

#endif

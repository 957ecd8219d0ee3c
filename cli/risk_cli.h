/* risk_cli.h: the diff command's risk options (--pg-version, --database,
 * --no-measure, --format, --fail-on), kept out of main.c so its edit stays small. */
#ifndef SD_RISK_CLI_H
#define SD_RISK_CLI_H

#include "cli.h"

#include "../diff/risk.h"

typedef struct SdRiskCli {
    const char *pg_version; /* --pg-version; NULL: the server's, else SD_PG_DEFAULT_VERSION */
    const char *database;   /* --database URL to measure against; NULL: FROM when it is a URL */
    bool no_measure;        /* --no-measure */
    bool json;              /* --format json */
    unsigned fail_on;       /* --fail-on: RISK_* bits */
    const SdCaps *caps;     /* chosen by sd_risk_cli_run */
    bool measured;
} SdRiskCli;

/* Usage lines for the options above (for the diff command's help). */
extern const char SD_RISK_CLI_USAGE[];

/* Consumes argv[*i] (and its value, advancing *i) when it is a risk option.
 * Returns 1 consumed, 0 not a risk option, -1 bad value (message printed). */
int sd_risk_cli_option(SdRiskCli *o, int argc, char **argv, int *i);

/* Classifies plan, measures it when a database is at hand, fills plan->warnings.
 * from_arg is the FROM source argument.  False after recording errors. */
bool sd_risk_cli_run(SdRun *run, SdRiskCli *o, SdPlan *plan, const char *from_arg);

/* The result's text: sql itself or, with --format json, the JSON document rendered
 * into *json.  Writes the per-finding report to stderr unless quiet. */
const SdBuf *sd_risk_cli_render(SdRun *run, const SdRiskCli *o, const SdPlan *plan, const SdBuf *sql, SdBuf *json);

/* True when --fail-on names a class present in plan. */
bool sd_risk_cli_failed(const SdRiskCli *o, const SdPlan *plan);

#endif

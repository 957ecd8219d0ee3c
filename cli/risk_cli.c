/* risk_cli.c: wires the risk stage into `schemadiff diff` (see risk_cli.h). */
#include "risk_cli.h"

#include "../emit/emit.h"

#include <string.h>

const char SD_RISK_CLI_USAGE[] =
    "  --pg-version N      PostgreSQL major version to judge locks and rewrites for\n"
    "                      (11-18; default: the measured server's, else 14)\n"
    "  --database URL      count the rows behind each risk on this database (read-only);\n"
    "                      default: FROM when it is a URL\n"
    "  --no-measure        do not connect to count rows\n"
    "  --format sql|json   json: statements and risk findings (docs/risk-json.md)\n"
    "  --fail-on CLASSES   exit 1 when a listed risk class is present (comma-separated:\n"
    "                      data-loss, unique-violation, not-null-without-default,\n"
    "                      cast-failure, rewrite, lock, foreign-key-violation,\n"
    "                      check-violation, or all)\n";

static const char *value_of(int argc, char **argv, int *i, const char *name)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) == 0 && a[n] == '=')
        return a + n + 1;
    if (strcmp(a, name) != 0)
        return NULL;
    if (*i + 1 == argc) {
        fprintf(stderr, "schemadiff: %s needs a value\n", name);
        return "";
    }
    return argv[++*i];
}

int sd_risk_cli_option(SdRiskCli *o, int argc, char **argv, int *i)
{
    const char *v;
    if (strcmp(argv[*i], "--no-measure") == 0) {
        o->no_measure = true;
        return 1;
    }
    if ((v = value_of(argc, argv, i, "--pg-version"))) {
        int major = sd_pg_parse_version(v);
        if (!sd_caps_for_version(major)) {
            fprintf(stderr, "schemadiff: --pg-version %s: supported versions are %d to %d\n", v, SD_PG_MIN_VERSION,
                    SD_PG_MAX_VERSION);
            return -1;
        }
        o->pg_version = v;
        return 1;
    }
    if ((v = value_of(argc, argv, i, "--database"))) {
        o->database = v;
        return *v ? 1 : -1;
    }
    if ((v = value_of(argc, argv, i, "--format"))) {
        if (strcmp(v, "json") != 0 && strcmp(v, "sql") != 0) {
            fprintf(stderr, "schemadiff: --format %s: expected sql or json\n", v);
            return -1;
        }
        o->json = strcmp(v, "json") == 0;
        return 1;
    }
    if ((v = value_of(argc, argv, i, "--fail-on"))) {
        SdArena *a = sd_arena_new(); /* only for the bad word */
        const char *bad = NULL;
        bool ok = *v && sd_risk_parse_classes(a, v, &o->fail_on, &bad);
        if (!ok)
            fprintf(stderr, "schemadiff: --fail-on: unknown risk class \"%s\"\n", bad ? bad : v);
        sd_arena_free(a);
        return ok ? 1 : -1;
    }
    return 0;
}

bool sd_risk_cli_run(SdRun *run, SdRiskCli *o, SdPlan *plan, const char *from_arg)
{
    const char *url = o->database;
    if (!url && sd_source_kind(from_arg) == SD_SRC_URL)
        url = from_arg;
    bool measure = url && !o->no_measure && plan->ops.len;
    int version = o->pg_version ? sd_pg_parse_version(o->pg_version) : 0;
    if (!version && measure) { /* the server's version decides */
        int server = sd_risk_server_version(run->arena, &run->diags, url);
        if (!server)
            return false;
        version = server;
    }
    o->caps = sd_caps_for_version(version ? version : SD_PG_DEFAULT_VERSION);
    if (!o->caps) /* a server outside the table: the nearest row */
        o->caps = sd_caps_for_version(version < SD_PG_MIN_VERSION ? SD_PG_MIN_VERSION : SD_PG_MAX_VERSION);
    sd_risk_classify(run->arena, plan, o->caps);
    if (measure) {
        if (!sd_risk_measure(run->arena, &run->diags, plan, url, NULL, NULL))
            return false;
        o->measured = true;
    }
    sd_risk_fill_warnings(run->arena, plan);
    return sd_diags_errors(&run->diags) == 0;
}

typedef struct StmtCtx {
    const SdPlan *plan;
    SdArena *arena;
} StmtCtx;

/* One op's SQL: the emitter run on a plan of that op alone. */
static const char *stmt_sql(const SdOp *op, void *ctx)
{
    const StmtCtx *c = ctx;
    SdPlan one = {.from = c->plan->from, .to = c->plan->to};
    sd_vec_push(c->arena, &one.ops, (void *)op);
    SdBuf b = {0};
    SdEmitOptions eo = {0};
    sd_emit_sql(&one, &eo, &b);
    const char *s = sd_strdup(c->arena, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

const SdBuf *sd_risk_cli_render(SdRun *run, const SdRiskCli *o, const SdPlan *plan, const SdBuf *sql, SdBuf *json)
{
    if (!run->quiet) {
        SdBuf r = {0};
        sd_risk_report(plan, &r);
        fwrite(sd_buf_str(&r), 1, r.len, stderr);
        sd_buf_free(&r);
    }
    if (!o->json)
        return sql;
    StmtCtx ctx = {plan, run->arena};
    sd_risk_json(plan, o->caps, sd_buf_str((SdBuf *)sql), stmt_sql, &ctx, o->measured, json);
    return json;
}

bool sd_risk_cli_failed(const SdRiskCli *o, const SdPlan *plan)
{
    return (o->fail_on & sd_risk_present(plan)) != 0;
}

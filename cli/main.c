/* main.c: schemadiff's command line.  run_diff() reads as the pipeline:
 * load FROM -> load TO -> diff -> emit.  Only main() chooses the exit status:
 * 0 success, 1 changes found with --exit-code, 2 any error. */
#include "cli.h"
#include "risk_cli.h"

#include "../diff/diff.h"
#include "../emit/emit.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_CHANGES = 1, EXIT_ERROR = 2 };

static const char USAGE[] =
    "usage: schemadiff <command> [options] ...\n"
    "\n"
    "Compares PostgreSQL schemas and prints the SQL migration between them.\n"
    "\n"
    "commands:\n"
    "  diff FROM TO        print the SQL that turns FROM into TO\n"
    "  validate SCHEMA     check a Prisma schema as Prisma does\n"
    "  dump SOURCE         print a source's schema model as sorted text\n"
    "\n"
    "A source is a Prisma schema (.prisma file or folder), a postgresql:// URL\n"
    "or `empty`.\n"
    "\n"
    "options:\n"
    "  -h, --help          show help (also after a command)\n"
    "  --version           print the version\n";

static const char USAGE_DIFF[] =
    "usage: schemadiff diff [options] FROM TO\n"
    "\n"
    "Prints the SQL that turns the schema FROM into the schema TO, in the style\n"
    "of Prisma's migration.sql files.  FROM and TO are each a Prisma schema\n"
    "(.prisma file or folder of .prisma files) or `empty`.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   write the SQL to FILE instead of standard output\n"
    "  --exit-code         exit 1 when there are changes, 0 when there are none\n"
    "  --schema LIST       schemas to read from a database URL, comma-separated\n"
    "                      (default public; * for every schema)\n"
    "  -h, --help          show this help\n"
    "  (risk options: see below)\n"
    "\n"
    "exit status: 0 success; 1 changes (with --exit-code) or a --fail-on risk; 2 error\n";

static const char USAGE_VALIDATE[] =
    "usage: schemadiff validate SCHEMA\n"
    "\n"
    "Checks a Prisma schema (file or folder) as Prisma's validator does and\n"
    "prints each problem as file:line:col with the source line.\n"
    "\n"
    "exit status: 0 valid (warnings may be printed); 2 errors\n";

static const char USAGE_DUMP[] =
    "usage: schemadiff dump [options] SOURCE\n"
    "\n"
    "Prints the schema model of SOURCE as canonical sorted text.\n"
    "SOURCE: a Prisma schema, a .sql file, a migrations folder, a postgresql:// URL\n"
    "or `empty`.  DIR@K replays only the first K migrations of the folder DIR\n"
    "(byte-wise name order; DIR@0 is the empty state).\n"
    "\n"
    "options:\n"
    "  --schema LIST       schemas to read from a database URL, comma-separated\n"
    "                      (default public; * for every schema)\n"
    "  --stats             print introspection figures (queries, time, memory) on stderr\n";

static bool is_help(const char *a) { return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0; }

static int finish(SdRun *run, int status)
{
    sd_diags_print(&run->diags, stderr, run->quiet);
    if (sd_diags_errors(&run->diags))
        status = EXIT_ERROR;
    return status;
}

static int usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "schemadiff: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n\n%s", usage);
    return EXIT_ERROR;
}

static int run_diff(SdRun *run, int argc, char **argv)
{
    const char *pos[2] = {0}, *output = NULL;
    int npos = 0;
    bool exit_code = false;
    SdRiskCli risk = {0};
    int r;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            printf("%s\nrisk options:\n%s", USAGE_DIFF, SD_RISK_CLI_USAGE);
            return EXIT_OK;
        } else if ((r = sd_risk_cli_option(&risk, argc, argv, &i)) != 0) {
            if (r < 0)
                return EXIT_ERROR;
        } else if (strcmp(a, "--exit-code") == 0) {
            exit_code = true;
        } else if (strcmp(a, "--schema") == 0) {
            if (++i == argc)
                return usage_error(USAGE_DIFF, "%s needs a list of schemas", a);
            run->schemas_opt = argv[i];
        } else if (strncmp(a, "--schema=", 9) == 0) {
            run->schemas_opt = a + 9;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i == argc)
                return usage_error(USAGE_DIFF, "%s needs a file name", a);
            output = argv[i];
        } else if (a[0] == '-' && a[1]) {
            return usage_error(USAGE_DIFF, "unknown option %s", a);
        } else if (npos < 2) {
            pos[npos++] = a;
        } else {
            return usage_error(USAGE_DIFF, "too many arguments: %s", a);
        }
    }
    if (npos != 2)
        return usage_error(USAGE_DIFF, "%s", "diff needs FROM and TO");

    SdCatalog *from = sd_load_catalog(run, pos[0]);
    SdCatalog *to = from ? sd_load_catalog(run, pos[1]) : NULL;
    if (!from || !to)
        return finish(run, EXIT_ERROR);
    SdDiffOptions dopts = {0};
    SdPlan *plan = sd_diff(run->arena, &run->diags, from, to, &dopts);
    if (sd_diags_errors(&run->diags) || !sd_risk_cli_run(run, &risk, plan, pos[0]))
        return finish(run, EXIT_ERROR);
    SdBuf sql = {0};
    SdEmitOptions eopts = {0};
    sd_emit_sql(plan, &eopts, &sql);
    FILE *out = stdout;
    if (output && !(out = fopen(output, "w"))) {
        sd_buf_free(&sql);
        fprintf(stderr, "schemadiff: %s: cannot write: %s\n", output, strerror(errno));
        return finish(run, EXIT_ERROR);
    }
    sd_risk_cli_write(run, &risk, plan, &sql, out);
    if (out != stdout)
        fclose(out);
    sd_buf_free(&sql);
    return finish(run, (exit_code && plan->ops.len) || sd_risk_cli_failed(&risk, plan) ? EXIT_CHANGES : EXIT_OK);
}

static int run_validate(SdRun *run, int argc, char **argv)
{
    if (argc == 1 && is_help(argv[0])) {
        fputs(USAGE_VALIDATE, stdout);
        return EXIT_OK;
    }
    if (argc != 1)
        return usage_error(USAGE_VALIDATE, "%s", "validate needs exactly one SCHEMA");
    PslSchema *schema = sd_psl_load(run->arena, &run->diags, argv[0]);
    if (schema && !sd_diags_errors(&run->diags))
        sd_psl_validate(run->arena, &run->diags, schema);
    sd_diags_sort(&run->diags);
    int status = finish(run, EXIT_OK);
    if (status == EXIT_OK)
        fprintf(stderr, "%s: the schema is valid\n", argv[0]);
    return status;
}

static int run_dump(SdRun *run, int argc, char **argv)
{
    const char *source = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (is_help(a)) {
            fputs(USAGE_DUMP, stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--schema") == 0) {
            if (++i == argc)
                return usage_error(USAGE_DUMP, "%s needs a list of schemas", a);
            run->schemas_opt = argv[i];
        } else if (strncmp(a, "--schema=", 9) == 0) {
            run->schemas_opt = a + 9;
        } else if (strcmp(a, "--stats") == 0) {
            run->stats = true;
        } else if (a[0] == '-' && a[1]) {
            return usage_error(USAGE_DUMP, "unknown option %s", a);
        } else if (!source) {
            source = a;
        } else {
            return usage_error(USAGE_DUMP, "too many arguments: %s", a);
        }
    }
    if (!source)
        return usage_error(USAGE_DUMP, "%s", "dump needs exactly one SOURCE");
    SdCatalog *cat = sd_load_catalog(run, source);
    if (!cat)
        return finish(run, EXIT_ERROR);
    SdBuf out = {0};
    sd_catalog_dump(cat, &out);
    fwrite(sd_buf_str(&out), 1, out.len, stdout);
    sd_buf_free(&out);
    return finish(run, EXIT_OK);
}

int main(int argc, char **argv)
{
    if (argc < 2 || is_help(argv[1])) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_ERROR : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("schemadiff %s\n", SD_VERSION);
        return EXIT_OK;
    }
    SdRun run = {.arena = sd_arena_new()};
    sd_diags_init(&run.diags, run.arena);
    int status;
    if (strcmp(argv[1], "diff") == 0)
        status = run_diff(&run, argc - 2, argv + 2);
    else if (strcmp(argv[1], "validate") == 0)
        status = run_validate(&run, argc - 2, argv + 2);
    else if (strcmp(argv[1], "dump") == 0)
        status = run_dump(&run, argc - 2, argv + 2);
    else
        status = usage_error(USAGE, "unknown command: %s", argv[1]);
    sd_arena_free(run.arena);
    return status;
}

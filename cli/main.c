/* main.c: schemadiff's command line.  run_diff() reads as the pipeline:
 * load FROM -> load TO -> diff -> emit.  Only main() chooses the exit status:
 * 0 success, 1 changes found with --exit-code, 2 any error. */
#include "cli.h"
#include "risk_cli.h"
#include "format_cli.h"

#include "../diff/diff.h"
#include "../emit/emit.h"

#include <errno.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

enum { EXIT_OK = 0, EXIT_CHANGES = 1, EXIT_ERROR = 2 };

/* The source forms sd_source_kind() recognises, for every help text. */
#define SOURCES_HELP                                                               \
    "A source is one of:\n"                                                         \
    "  path/schema.prisma  a Prisma schema (or a folder of .prisma files)\n"        \
    "  path/migrations     a Prisma migrations folder, replayed in name order;\n"   \
    "                      DIR@K replays only the first K (DIR@0: nothing)\n"        \
    "  file.sql            a SQL script, replayed\n"                                \
    "  postgresql://...    a live database (read-only)\n"                           \
    "  empty               no schema at all\n"

static const char USAGE[] =
    "usage: schemadiff [options] SCHEMA [DATABASE]\n"
    "       schemadiff <command> [options] ...\n"
    "\n"
    "Compares PostgreSQL schemas and prints the SQL migration between them.\n"
    "\n"
    "  SCHEMA DATABASE     print the SQL that brings DATABASE (a postgresql:// URL,\n"
    "                      read-only, or any source below) to the Prisma SCHEMA\n"
    "  SCHEMA              print the next migration: the SQL from the migrations/\n"
    "                      folder beside SCHEMA (replayed, no database) to SCHEMA\n"
    "                      (no migrations folder: from an empty database)\n"
    "  --database-url-from-env  diff from the database the datasource's url names\n"
    "                      (env(\"X\") from the environment or a .env beside SCHEMA)\n"
    "  (the options of diff apply: -o, --exit-code, --schema, --rename, ...)\n"
    "\n"
    "commands:\n"
    "  diff FROM TO        print the SQL that turns FROM into TO\n"
    "  validate SCHEMA     check a Prisma schema as Prisma does\n"
    "  dump SOURCE         print a source's schema model as sorted text\n"
    "  format SCHEMA       lay a Prisma schema out as prisma format does\n"
    "  help [COMMAND]      show this help, or a command's\n"
    "\n"
    SOURCES_HELP
    "\n"
    "options:\n"
    "  -h, --help          show help (also after a command: schemadiff diff --help)\n"
    "  --version           print the version\n"
    "\n"
    "exit status: 0 success; 1 changes found (diff --exit-code, --fail-on); 2 error\n";

static const char USAGE_DIFF[] =
    "usage: schemadiff diff [options] FROM TO\n"
    "\n"
    "Prints the SQL that turns the schema FROM into the schema TO, in the style\n"
    "of Prisma's migration.sql files.\n"
    "\n"
    SOURCES_HELP
    "\n"
    "options:\n"
    "  -o, --output FILE   write the SQL to FILE instead of standard output\n"
    "  --exit-code         exit 1 when there are changes, 0 when there are none\n"
    "  --schema LIST       schemas to read from a database URL, comma-separated\n"
    "                      (default public; * for every schema)\n"
    "  --rename S.T=NEW    table T of schema S in FROM is table NEW in TO (a rename,\n"
    "                      not a drop and a create); repeatable\n"
    "  --rename S.T.C=NEW  column C of table T (FROM's or TO's name) is column NEW\n"
    "                      (between two Prisma schemas, a model or field that keeps its\n"
    "                      Prisma name under a new @map/@@map is renamed without a hint)\n"
    "  --stats             print the time of each stage on stderr\n"
    "  --drop-unmanaged    when TO is a Prisma schema, also drop what it cannot\n"
    "                      describe (functions, triggers, views, check constraints,\n"
    "                      expression or partial indexes...): kept by default\n"
    "  -h, --help          show this help\n"
    "  (risk options: see below)\n"
    "\n"
    "exit status: 0 success; 1 changes (with --exit-code) or a --fail-on risk; 2 error\n";

static const char USAGE_VALIDATE[] =
    "usage: schemadiff validate [options] SCHEMA\n"
    "\n"
    "Checks a Prisma schema (file or folder) as Prisma's validator does and\n"
    "prints each problem as file:line:col with the source line.\n"
    "\n"
    "options:\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 valid (warnings may be printed); 2 errors\n";

static const char USAGE_DUMP[] =
    "usage: schemadiff dump [options] SOURCE\n"
    "\n"
    "Prints the schema model of SOURCE as canonical sorted text, one object or\n"
    "column a line: two sources hold the same schema when their dumps are equal.\n"
    "\n"
    SOURCES_HELP
    "(migrations are replayed in byte-wise name order)\n"
    "\n"
    "options:\n"
    "  --schema LIST       schemas to read from a database URL, comma-separated\n"
    "                      (default public; * for every schema)\n"
    "  --format FMT        text (default: sorted lines, catalog-snapshot's format) or\n"
    "                      json (objects with their parts; see docs/ir.md)\n"
    "  --stats             print introspection figures (queries, time, memory) on stderr\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 success; 2 error\n";

static const char USAGE_FORMAT[] =
    "usage: schemadiff format [--write | --check] SCHEMA\n"
    "\n"
    "Lays out a Prisma schema exactly as prisma format does (layout only: missing\n"
    "relation fields are not added; see docs/format.md).  SCHEMA is a .prisma file\n"
    "or a folder of them (each file formatted on its own).\n"
    "\n"
    "options:\n"
    "  (none)              print the formatted text (a folder must hold one file)\n"
    "  --write             rewrite the files that change, in place\n"
    "  --check             write nothing; list the files not formatted on stderr\n"
    "  -h, --help          show this help\n"
    "\n"
    "exit status: 0 success (--check: all formatted); 1 --check found a file not\n"
    "formatted; 2 error (unreadable file, invalid UTF-8)\n";

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

/* Matches argv[*i] against the option NAME taking a value: `NAME VALUE`, or
 * `NAME=VALUE` for long names.  Returns 1 (value set, *i advanced past it), 0 when
 * argv[*i] is not NAME, -1 when the value is missing. */
static int opt_value(int argc, char **argv, int *i, const char *name, const char **value)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return 0;
    if (a[n] == '=' && name[1] == '-') {
        *value = a + n + 1;
        return 1;
    }
    if (a[n] != '\0')
        return 0;
    if (*i + 1 == argc)
        return -1;
    *value = argv[++*i];
    return 1;
}

/* Collects a positional argument; after `--` every argument is positional.  Returns
 * EXIT_OK, or the usage error for an unknown option or one argument too many. */
static int positional(const char *usage, const char *a, bool *dashdash, const char **pos, int *npos, int max)
{
    if (!*dashdash && strcmp(a, "--") == 0) {
        *dashdash = true;
        return EXIT_OK;
    }
    if (!*dashdash && a[0] == '-' && a[1])
        return usage_error(usage, "unknown option %s", a);
    if (*npos == max)
        return usage_error(usage, "too many arguments: %s", a);
    pos[(*npos)++] = a;
    return EXIT_OK;
}

/* Writes the result to FILE (or standard output when NULL).  The result is rendered
 * in memory first, so a run that fails while rendering never leaves a truncated FILE;
 * a failed open or write is an error, so a full disk never passes for an empty migration. */
static bool write_result(SdRun *run, const SdRiskCli *risk, const SdPlan *plan, const SdBuf *sql,
                         const char *output)
{
    SdBuf json = {0};
    const SdBuf *text = sd_risk_cli_render(run, risk, plan, sql, &json);
    FILE *out = output ? fopen(output, "w") : stdout;
    bool ok = out != NULL;
    if (!out)
        fprintf(stderr, "schemadiff: %s: cannot write: %s\n", output, strerror(errno));
    if (ok) {
        ok = fwrite(sd_buf_str((SdBuf *)text), 1, text->len, out) == text->len;
        ok = (out == stdout ? fflush(out) == 0 : fclose(out) == 0) && ok;
        if (!ok)
            fprintf(stderr, "schemadiff: %s: write failed: %s\n", output ? output : "standard output",
                    strerror(errno));
    }
    sd_buf_free(&json);
    return ok;
}

/* The arguments of diff and of the main job. */
typedef struct DiffArgs {
    const char *pos[2], *output;
    int npos;
    bool exit_code, from_env, help;
    SdRiskCli risk;
    SdDiffOptions dopts;
} DiffArgs;

/* Parses diff's options (and, for the main job, --database-url-from-env).
 * Returns EXIT_OK, or the status to exit with (a usage error). */
static int parse_diff_args(SdRun *run, const char *usage, bool main_job, int argc, char **argv, DiffArgs *da)
{
    bool dashdash = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *value = NULL;
        int r;
        if (dashdash) {
            r = positional(usage, a, &dashdash, da->pos, &da->npos, 2);
        } else if (is_help(a)) {
            da->help = true;
            return EXIT_OK;
        } else if ((r = sd_risk_cli_option(&da->risk, argc, argv, &i)) != 0) {
            r = r < 0 ? EXIT_ERROR : EXIT_OK;
        } else if (strcmp(a, "--exit-code") == 0) {
            r = EXIT_OK;
            da->exit_code = true;
        } else if (strcmp(a, "--stats") == 0) {
            r = EXIT_OK;
            run->stats = true;
        } else if (strcmp(a, "--drop-unmanaged") == 0) {
            r = EXIT_OK;
            da->dopts.drop_unmanaged = true;
        } else if (main_job && strcmp(a, "--database-url-from-env") == 0) {
            r = EXIT_OK;
            da->from_env = true;
        } else if ((r = opt_value(argc, argv, &i, "--rename", &value)) != 0) {
            r = r < 0 ? usage_error(usage, "%s needs a value", a) : EXIT_OK;
            if (value)
                sd_vec_push(run->arena, &da->dopts.renames, (void *)value);
        } else if ((r = opt_value(argc, argv, &i, "--schema", &run->schemas_opt)) != 0 ||
                   (r = opt_value(argc, argv, &i, "--output", &da->output)) != 0 ||
                   (r = opt_value(argc, argv, &i, "-o", &da->output)) != 0) {
            r = r < 0 ? usage_error(usage, "%s needs a value", a) : EXIT_OK;
        } else {
            r = positional(usage, a, &dashdash, da->pos, &da->npos, 2);
        }
        if (r != EXIT_OK)
            return r;
    }
    return EXIT_OK;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts); /* this thread's CPU time: steady on a shared machine */
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* load FROM -> load TO -> diff -> risk -> emit -> write. */
static SdCatalog *load_timed(SdRun *run, const char *arg, double *ms)
{
    double t = now_ms();
    SdCatalog *c = sd_load_catalog(run, arg);
    *ms = now_ms() - t;
    return c;
}

/* One side of a diff loaded on its own thread, in its own arena and diagnostics. */
typedef struct SideLoad {
    SdRun run;
    const char *arg;
    SdCatalog *cat;
    double ms;
} SideLoad;

static void side_load(void *p)
{
    SideLoad *s = p;
    s->cat = load_timed(&s->run, s->arg, &s->ms);
}

/* Two sources that read no database (Prisma schemas, SQL files, migrations) load
 * at once, TO on a second thread: the two loads share nothing but the arena
 * allocator's pool of free blocks, which is locked.  Each side's arena lives as
 * long as run; the diagnostics are merged FROM first, as a serial run orders them. */
static void load_both(SdRun *run, const char *from_arg, const char *to_arg, SdCatalog **from, SdCatalog **to,
                      double *from_ms, double *to_ms)
{
    SideLoad side[2];
    for (int i = 0; i < 2; i++) {
        side[i] = (SideLoad){.run = *run, .arg = i ? to_arg : from_arg};
        side[i].run.arena = run->sides[i] = sd_arena_new();
        sd_diags_init(&side[i].run.diags, side[i].run.arena);
        side[i].run.diags.max_errors = run->diags.max_errors;
    }
    sd_parallel2(side_load, &side[0], side_load, &side[1]);
    for (int i = 0; i < 2; i++)
        sd_diags_insert(&run->diags, run->diags.list.len, &side[i].run.diags);
    /* a side that failed makes no catalog; the other's is of no use then */
    *from = side[0].cat && side[1].cat ? side[0].cat : NULL;
    *to = side[0].cat && side[1].cat ? side[1].cat : NULL;
    *from_ms = side[0].ms, *to_ms = side[1].ms;
}

/* A source that says which schemas it describes (a database is read in them). */
static bool names_schemas(SdSourceKind k)
{
    return k == SD_SRC_PRISMA || k == SD_SRC_SQL || k == SD_SRC_MIGRATIONS;
}

static int diff_sources(SdRun *run, DiffArgs *da, const char *from_arg, const char *to_arg)
{
    double t[4], from_ms = 0, to_ms = 0; /* t: diff start, diff end, risk end, emit end */
    SdCatalog *from = NULL, *to = NULL;
    SdSourceKind fk = sd_source_kind(from_arg), tk = sd_source_kind(to_arg);
    /* A database is read in the schemas the Prisma schema on the other side
     * uses (its @@schema names, else public), or those the SQL or migrations on
     * the other side make, unless --schema says otherwise: so that side is
     * loaded first. */
    bool prisma_first = !run->schemas_opt && fk == SD_SRC_URL && names_schemas(tk);
    if (!run->serial && names_schemas(fk) && names_schemas(tk)) {
        load_both(run, from_arg, to_arg, &from, &to, &from_ms, &to_ms);
    } else {
        if (prisma_first && (to = load_timed(run, to_arg, &to_ms)))
            run->schemas_opt = sd_catalog_schema_list(run->arena, to);
        if (!prisma_first || to)
            from = load_timed(run, from_arg, &from_ms);
        if (from && !to) {
            if (!run->schemas_opt && tk == SD_SRC_URL && names_schemas(fk))
                run->schemas_opt = sd_catalog_schema_list(run->arena, from);
            to = load_timed(run, to_arg, &to_ms);
        }
    }
    t[0] = now_ms();
    if (!from || !to)
        return finish(run, EXIT_ERROR);
    SdRiskCli risk = da->risk;
    const char *output = da->output;
    SdPlan *plan = sd_diff(run->arena, &run->diags, from, to, &da->dopts);
    t[1] = now_ms();
    if (sd_diags_errors(&run->diags) || !sd_risk_cli_run(run, &risk, plan, from_arg))
        return finish(run, EXIT_ERROR);
    t[2] = now_ms();
    SdBuf sql = {0};
    SdEmitOptions eopts = {0};
    sd_emit_sql(plan, &eopts, &sql);
    t[3] = now_ms();
    if (run->stats)
        fprintf(stderr, "stages (cpu): load FROM %.1f ms, load TO %.1f ms, diff %.1f ms (%u ops), risk %.1f ms, "
                        "emit %.1f ms; arena %zu bytes\n",
                from_ms, to_ms, t[1] - t[0], plan->ops.len, t[2] - t[1], t[3] - t[2],
                sd_arena_used(run->arena));
    bool written = write_result(run, &risk, plan, &sql, output);
    sd_buf_free(&sql);
    if (!written)
        return finish(run, EXIT_ERROR);
    return finish(run, (da->exit_code && plan->ops.len) || sd_risk_cli_failed(&risk, plan) ? EXIT_CHANGES : EXIT_OK);
}

static int run_diff(SdRun *run, int argc, char **argv)
{
    DiffArgs da = {0};
    int r = parse_diff_args(run, USAGE_DIFF, false, argc, argv, &da);
    if (r != EXIT_OK)
        return r;
    if (da.help) {
        printf("%s\nrisk options:\n%s", USAGE_DIFF, SD_RISK_CLI_USAGE);
        return EXIT_OK;
    }
    if (da.npos != 2)
        return usage_error(USAGE_DIFF, "%s", "diff needs FROM and TO");
    return diff_sources(run, &da, da.pos[0], da.pos[1]);
}

/* schemadiff SCHEMA [DATABASE]: the SQL that brings DATABASE (or the
 * migrations beside SCHEMA) to SCHEMA. */
static int run_main_job(SdRun *run, int argc, char **argv)
{
    DiffArgs da = {0};
    int r = parse_diff_args(run, USAGE, true, argc, argv, &da);
    if (r != EXIT_OK)
        return r;
    if (da.help) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    if (da.npos == 0)
        return usage_error(USAGE, "%s", "a SCHEMA is needed");
    if (sd_source_kind(da.pos[0]) != SD_SRC_PRISMA || !sd_path_exists(da.pos[0]))
        return usage_error(USAGE, "unknown command or schema: %s", da.pos[0]);
    if (da.from_env && da.npos == 2)
        return usage_error(USAGE, "%s", "--database-url-from-env and a DATABASE: give one of them");
    const char *from = da.npos == 2 ? da.pos[1] : sd_main_job_from(run, da.pos[0], da.from_env);
    if (!from)
        return finish(run, EXIT_ERROR);
    return diff_sources(run, &da, from, da.pos[0]);
}

static int run_validate(SdRun *run, int argc, char **argv)
{
    const char *path = NULL;
    int npos = 0;
    bool dashdash = false;
    for (int i = 0; i < argc; i++) {
        if (!dashdash && is_help(argv[i])) {
            fputs(USAGE_VALIDATE, stdout);
            return EXIT_OK;
        }
        int r = positional(USAGE_VALIDATE, argv[i], &dashdash, &path, &npos, 1);
        if (r != EXIT_OK)
            return r;
    }
    if (!path)
        return usage_error(USAGE_VALIDATE, "%s", "validate needs exactly one SCHEMA");
    PslSchema *schema = sd_psl_load(run->arena, &run->diags, path);
    if (schema && !sd_diags_errors(&run->diags))
        sd_psl_validate(run->arena, &run->diags, schema);
    sd_diags_sort(&run->diags);
    int status = finish(run, EXIT_OK);
    if (status == EXIT_OK)
        fprintf(stderr, "%s: the schema is valid\n", path);
    return status;
}

static int run_dump(SdRun *run, int argc, char **argv)
{
    const char *source = NULL, *format = "text";
    int npos = 0, r;
    bool dashdash = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (dashdash) {
            r = positional(USAGE_DUMP, a, &dashdash, &source, &npos, 1);
        } else if (is_help(a)) {
            fputs(USAGE_DUMP, stdout);
            return EXIT_OK;
        } else if ((r = opt_value(argc, argv, &i, "--format", &format)) != 0) {
            if (r < 0)
                return usage_error(USAGE_DUMP, "%s needs a value", a);
            if (strcmp(format, "text") != 0 && strcmp(format, "json") != 0)
                return usage_error(USAGE_DUMP, "unknown format %s (text or json)", format);
            r = EXIT_OK;
        } else if (strcmp(a, "--stats") == 0) {
            r = EXIT_OK;
            run->stats = true;
        } else if ((r = opt_value(argc, argv, &i, "--schema", &run->schemas_opt)) != 0) {
            r = r < 0 ? usage_error(USAGE_DUMP, "%s needs a value", a) : EXIT_OK;
        } else {
            r = positional(USAGE_DUMP, a, &dashdash, &source, &npos, 1);
        }
        if (r != EXIT_OK)
            return r;
    }
    if (!source)
        return usage_error(USAGE_DUMP, "%s", "dump needs exactly one SOURCE");
    SdCatalog *cat = sd_load_catalog(run, source);
    if (!cat)
        return finish(run, EXIT_ERROR);
    SdBuf out = {0};
    if (strcmp(format, "json") == 0)
        sd_catalog_dump_json(cat, &out);
    else
        sd_catalog_dump(cat, &out);
    fwrite(sd_buf_str(&out), 1, out.len, stdout);
    sd_buf_free(&out);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "schemadiff: standard output: write failed: %s\n", strerror(errno));
        return finish(run, EXIT_ERROR);
    }
    return finish(run, EXIT_OK);
}

static int run_format(SdRun *run, int argc, char **argv)
{
    const char *path = NULL;
    int npos = 0;
    bool dashdash = false, write = false, check = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int r = EXIT_OK;
        if (!dashdash && is_help(a)) {
            fputs(USAGE_FORMAT, stdout);
            return EXIT_OK;
        } else if (!dashdash && strcmp(a, "--write") == 0) {
            write = true;
        } else if (!dashdash && strcmp(a, "--check") == 0) {
            check = true;
        } else {
            r = positional(USAGE_FORMAT, a, &dashdash, &path, &npos, 1);
        }
        if (r != EXIT_OK)
            return r;
    }
    if (!path)
        return usage_error(USAGE_FORMAT, "%s", "format needs exactly one SCHEMA");
    if (write && check)
        return usage_error(USAGE_FORMAT, "%s", "--write and --check: give one of them");
    int status = sd_format_cli(run, path, write ? SD_FORMAT_WRITE : check ? SD_FORMAT_CHECK : SD_FORMAT_PRINT);
    return finish(run, status);
}

typedef struct Command {
    const char *name;
    int (*run)(SdRun *, int, char **);
    const char *usage; /* printed by `schemadiff help NAME` */
} Command;

static const Command COMMANDS[] = {
    {"diff", run_diff, USAGE_DIFF},
    {"validate", run_validate, USAGE_VALIDATE},
    {"dump", run_dump, USAGE_DUMP},
    {"format", run_format, USAGE_FORMAT},
};
enum { NCOMMANDS = sizeof COMMANDS / sizeof COMMANDS[0] };

static const Command *find_command(const char *name)
{
    for (int i = 0; i < NCOMMANDS; i++)
        if (strcmp(COMMANDS[i].name, name) == 0)
            return &COMMANDS[i];
    return NULL;
}

/* `schemadiff help [COMMAND]`: the general help, or a command's own. */
static int run_help(int argc, char **argv)
{
    if (argc == 0) {
        fputs(USAGE, stdout);
        return EXIT_OK;
    }
    const Command *c = find_command(argv[0]);
    if (argc > 1 || !c)
        return usage_error(USAGE, "help: unknown command: %s", argv[argc > 1 ? 1 : 0]);
    if (c->run == run_diff)
        printf("%s\nrisk options:\n%s", USAGE_DIFF, SD_RISK_CLI_USAGE);
    else
        fputs(c->usage, stdout);
    return EXIT_OK;
}

/* Testing aid: SD_FAIL_AFTER=N makes the run's Nth arena allocation fail (the
 * process aborts with a message; see tests/integration/fault_injection.sh). */
static void fault_injection(SdRun *run)
{
    const char *env = getenv("SD_FAIL_AFTER");
    if (!env || !*env)
        return;
    char *end;
    unsigned long long n = strtoull(env, &end, 10);
    if (*end == '\0') {
        sd_arena_fail_after(run->arena, (size_t)n);
        run->serial = true; /* every allocation in the one arena counted */
    }
}

int main(int argc, char **argv)
{
    if (argc < 2 || is_help(argv[1])) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_ERROR : EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("schemadiff %s\n", SD_VERSION);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "help") == 0)
        return run_help(argc - 2, argv + 2);
    const Command *cmd = find_command(argv[1]);
    SdRun run = {.arena = sd_arena_new()};
    fault_injection(&run);
    sd_diags_init(&run.diags, run.arena);
    /* not a command: the main job, schemadiff [options] SCHEMA [DATABASE] */
    int status = cmd ? cmd->run(&run, argc - 2, argv + 2) : run_main_job(&run, argc - 1, argv + 1);
    sd_arena_free(run.arena);
    sd_arena_free(run.sides[0]);
    sd_arena_free(run.sides[1]);
    return status;
}

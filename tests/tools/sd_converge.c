/* sd_converge.c: the convergence check of tests/integration/converge*.sh (issue 4),
 * in one process so that 3,179 migrations take minutes, not hours.
 *
 * For each corpus repository it keeps two databases: R, built by the real
 * migrations (the truth), and F, the subject.  For every k that PostgreSQL
 * builds (it stops before the first migration that fails to apply):
 *   db      SQL of diff(R@k, R@k+1) applied to F@k      must give R@k+1's catalog;
 *   back    SQL of diff(R@k+1, R@k) applied to F@k+1    must give R@k's catalog;
 *   replay  SQL of diff(migrations@k, R@k+1) applied to F@k must give R@k+1's;
 * and after each, the same diff from F's new catalog is empty (idempotence).
 * Catalogs are compared by their dumps (`schemadiff dump --schema '*'`'s text).  Each step
 * runs exactly what `schemadiff diff` runs (load, sort, sd_diff, sd_emit_sql);
 * with --cli BIN every Nth step also checks that the CLI prints the same SQL.
 * Emitted SQL is applied statement by statement outside one transaction block,
 * as psql -f does (ADD VALUE, CREATE INDEX CONCURRENTLY).
 *
 * usage: sd_converge [--sample N] [--cli BIN] [--cli-every N] ADMIN_URL OUTDIR REPO...
 * Prints one line per repository and "form NAME: pass P / T" totals; details of
 * each failure go to stdout and its SQL to OUTDIR.  Exit 0 when every check passed. */
#include "../../diff/diff.h"
#include "../../emit/emit.h"
#include "../../parser/introspect.h"
#include "../../parser/sql.h"

#include <libpq-fe.h>
#include <pg_query.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { FORM_DB, FORM_BACK, FORM_REPLAY, NFORMS };
static const char *const FORM_NAME[NFORMS] = {"db", "back", "replay"};

typedef struct Totals {
    int pass[NFORMS], total[NFORMS], idem_pass[NFORMS], idem_total[NFORMS];
    int cli_checked, cli_equal;
    int known;     /* checks passed without applying (see pass_known) */
    int failures;
} Totals;

/* Where the time goes (printed with --stats): seconds per phase. */
enum { T_MIGRATE, T_INTROSPECT, T_DIFF, T_APPLY, T_REPLAY, NTIMES };
static const char *const TIME_NAME[NTIMES] = {"migrate", "introspect", "diff+emit", "apply", "replay"};
static double g_time[NTIMES];

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct Db {
    const char *name, *url;
    PGconn *conn;
} Db;

/* One introspected or replayed state: its catalog and dump, in its own arena. */
typedef struct State {
    SdArena *a;
    SdCatalog *cat;
    const char *dump;
} State;

typedef struct Repo {
    const char *dir, *name, *migdir; /* migdir: migrations, or a copy with the prelude as first */
    const char *prelude;             /* NULL: none */
    SdVec migs;                      /* const char*: migration.sql paths, in order */
    bool prelude_first;              /* migdir's first migration is the prelude */
} Repo;

typedef struct Ctx {
    SdArena *keep;                   /* the whole run */
    SdArena *a;                      /* one step (reset before each migration) */
    const char *admin_url, *outdir, *cli;
    int sample, cli_every;
    Db r, f;
    bool f_has_rows; /* migrations were applied to F (sampled runs) */
    Totals t;
} Ctx;

static void quiet_notices(void *arg, const char *msg) { SD_UNUSED(arg), SD_UNUSED(msg); }

/* ---- databases ---- */

/* The admin URL with its database name replaced by db. */
static const char *db_url(SdArena *a, const char *admin, const char *db)
{
    const char *auth = strstr(admin, "://");
    const char *slash = auth ? strchr(auth + 3, '/') : NULL;
    if (!slash)
        return sd_printf(a, "%s dbname=%s", admin, db);
    const char *q = strchr(slash, '?');
    return sd_printf(a, "%.*s/%s%s", (int)(slash - admin), admin, db, q ? q : "");
}

static bool exec_ok(PGconn *c, const char *sql, const char **err, SdArena *a)
{
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
    if (!ok && err)
        *err = sd_strdup(a, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

static PGconn *connect_db(const char *url)
{
    PGconn *c = PQconnectdb(url);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "sd_converge: cannot connect: %s", PQerrorMessage(c));
        exit(2);
    }
    PQsetNoticeProcessor(c, quiet_notices, NULL);
    return c;
}

static void admin(Ctx *x, const char *sql)
{
    PGconn *c = connect_db(x->admin_url);
    const char *err = NULL;
    if (!exec_ok(c, sql, &err, x->a)) {
        fprintf(stderr, "sd_converge: %s: %s", sql, err);
        exit(2);
    }
    PQfinish(c);
}

static void db_close(Db *d)
{
    if (d->conn)
        PQfinish(d->conn);
    d->conn = NULL;
}

/* (Re)creates d, empty or as a copy of template. */
static void db_create(Ctx *x, Db *d, const Db *template_db)
{
    db_close(d);
    admin(x, sd_printf(x->a, "DROP DATABASE IF EXISTS \"%s\"", d->name));
    if (template_db)
        admin(x, sd_printf(x->a, "CREATE DATABASE \"%s\" TEMPLATE \"%s\"", d->name, template_db->name));
    else
        admin(x, sd_printf(x->a, "CREATE DATABASE \"%s\"", d->name));
    d->conn = connect_db(d->url);
}

static void db_drop(Ctx *x, Db *d)
{
    db_close(d);
    admin(x, sd_printf(x->a, "DROP DATABASE IF EXISTS \"%s\"", d->name));
}

/* Runs a script statement by statement in autocommit, as psql -f with
 * ON_ERROR_STOP: stops at the first error (its message and statement in *err).
 * A transaction left open is rolled back and the session reset, as a new
 * psql session would start. */
static bool apply_sql(SdArena *a, PGconn *c, const char *sql, const char **err)
{
    PgQuerySplitResult sp = pg_query_split_with_scanner(sql);
    bool ok = true;
    if (sp.error) {
        *err = sd_printf(a, "cannot split the script: %s", sp.error->message);
        ok = false;
    }
    for (int i = 0; ok && i < sp.n_stmts; i++) {
        const char *stmt = sd_strndup(a, sql + sp.stmts[i]->stmt_location, (size_t)sp.stmts[i]->stmt_len);
        const char *msg = NULL;
        if (!exec_ok(c, stmt, &msg, a)) {
            *err = sd_printf(a, "%s\nin: %.600s", msg, stmt);
            ok = false;
        }
    }
    pg_query_free_split_result(sp);
    if (PQtransactionStatus(c) != PQTRANS_IDLE)
        exec_ok(c, "ROLLBACK", NULL, a);
    exec_ok(c, "DISCARD ALL", NULL, a);
    return ok;
}

static bool apply_file(Ctx *x, PGconn *c, const char *path, const char **err)
{
    SdDiags d;
    sd_diags_init(&d, x->a);
    SdSource *src = sd_source_read(x->a, &d, path);
    if (!src) {
        *err = sd_printf(x->a, "cannot read %s", path);
        return false;
    }
    return apply_sql(x->a, c, src->text, err);
}

/* ---- states ---- */

static void state_free(State *s)
{
    sd_arena_free(s->a);
    *s = (State){0};
}

static void finish_state(State *s)
{
    sd_catalog_sort(s->cat);
    SdBuf b = {0};
    sd_catalog_dump(s->cat, &b);
    s->dump = sd_strdup(s->a, sd_buf_str(&b));
    sd_buf_free(&b);
}

/* What `schemadiff dump URL` reads. */
static State introspect(const Db *d)
{
    double t0 = now();
    State s = {sd_arena_new(), NULL, NULL};
    SdDiags diags;
    sd_diags_init(&diags, s.a);
    SdIntrospectOptions opts = {0};
    sd_introspect_schemas_parse(s.a, &opts, "*"); /* every schema, as the replay sees them */
    s.cat = sd_introspect(s.a, &diags, d->url, &opts);
    g_time[T_INTROSPECT] += now() - t0;
    if (!s.cat) {
        sd_diags_print(&diags, stderr, true);
        exit(2);
    }
    finish_state(&s);
    return s;
}

/* What `schemadiff dump DIR@k` reads (DIR@0: the empty state). */
static State replay(const Repo *r, size_t k)
{
    double t0 = now();
    State s = {sd_arena_new(), NULL, NULL};
    SdDiags diags;
    sd_diags_init(&diags, s.a);
    g_time[T_REPLAY] -= t0;
    if (r->prelude_first)
        k++;
    if (k == 0) {
        s.cat = sd_catalog_new(s.a, "migrations");
        s.cat->describes_all = true;
        sd_catalog_add_schema(s.cat, "public", (SdLoc){0});
    } else {
        s.cat = sd_sql_replay_migrations(s.a, &diags, r->migdir, k);
    }
    g_time[T_REPLAY] += now();
    if (!s.cat || sd_diags_errors(&diags)) {
        s.cat = NULL;
        return s;
    }
    finish_state(&s);
    return s;
}

/* The SQL `schemadiff diff FROM TO` prints (without the risk stage's comments),
 * and whether the plan has operations. */
static const char *plan_sql(SdArena *a, const State *from, const State *to, size_t *nops)
{
    double t0 = now();
    SdDiags diags;
    sd_diags_init(&diags, a);
    SdDiffOptions dopts = {0};
    SdPlan *plan = sd_diff(a, &diags, from->cat, to->cat, &dopts);
    if (sd_diags_errors(&diags)) {
        const SdDiag *dg = diags.list.items[0];
        *nops = (size_t)-1;
        return sd_printf(a, "-- diff failed: %s: %s", dg->msg, dg->detail ? dg->detail : "");
    }
    SdBuf b = {0};
    SdEmitOptions eopts = {0};
    sd_emit_sql(plan, &eopts, &b);
    const char *s = sd_strdup(a, b.len ? sd_buf_str(&b) : "");
    sd_buf_free(&b);
    *nops = plan->ops.len;
    g_time[T_DIFF] += now() - t0;
    return s;
}

/* ---- reporting ---- */

/* The first few lines that differ between two sorted dumps. */
static const char *dump_delta(SdArena *a, const char *want, const char *got)
{
    SdBuf b = {0};
    int shown = 0;
    while ((*want || *got) && shown < 8) {
        const char *we = strchr(want, '\n'), *ge = strchr(got, '\n');
        size_t wn = we ? (size_t)(we - want) : strlen(want), gn = ge ? (size_t)(ge - got) : strlen(got);
        int c = !*want ? 1 : !*got ? -1 : strncmp(want, got, wn < gn ? wn : gn);
        if (c == 0 && wn != gn)
            c = wn < gn ? -1 : 1;
        if (c == 0) {
            want += wn + (we != NULL), got += gn + (ge != NULL);
            continue;
        }
        if (c < 0) {
            sd_buf_printf(&b, "      want: %.*s\n", (int)(wn > 300 ? 300 : wn), want);
            want += wn + (we != NULL);
        } else {
            sd_buf_printf(&b, "      got:  %.*s\n", (int)(gn > 300 ? 300 : gn), got);
            got += gn + (ge != NULL);
        }
        shown++;
    }
    const char *s = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static void save_sql(Ctx *x, const Repo *r, size_t k, int form, const char *sql)
{
    const char *path = sd_printf(x->a, "%s/%s.%zu.%s.sql", x->outdir, r->name, k, FORM_NAME[form]);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(sql, f);
        fclose(f);
    }
}

/* Prints text with every line after the first indented (one failure = one
 * "FAIL" line and its indented detail). */
static void print_indented(const char *text, int max_lines)
{
    for (int n = 0; *text && n < max_lines; n++) {
        const char *e = strchr(text, '\n');
        int len = e ? (int)(e - text) : (int)strlen(text);
        printf("%s%.*s\n", n ? "    " : "", len > 300 ? 300 : len, text);
        text += len + (e != NULL);
    }
}

static void fail(Ctx *x, const Repo *r, size_t k, int form, const char *sql, const char *what)
{
    x->t.failures++;
    printf("FAIL %s %zu->%zu %s: ", r->name, form == FORM_BACK ? k + 1 : k, form == FORM_BACK ? k : k + 1,
           FORM_NAME[form]);
    print_indented(what, 12);
    save_sql(x, r, k, form, sql);
}

/* ---- the CLI agrees ---- */

/* SQL statements only: the risk stage's comments and blank lines left out. */
static const char *statements_only(SdArena *a, const char *sql)
{
    SdBuf b = {0};
    bool in_block = false;
    for (const char *p = sql; *p;) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (!in_block && n >= 2 && strncmp(p, "/*", 2) == 0)
            in_block = true;
        bool skip = in_block || n == 0 || (n >= 2 && strncmp(p, "--", 2) == 0);
        if (in_block && n >= 2 && strncmp(p + n - 2, "*/", 2) == 0)
            in_block = false;
        if (!skip) {
            sd_buf_put(&b, p, n);
            sd_buf_putc(&b, '\n');
        }
        p += n + (e != NULL);
    }
    const char *s = sd_strdup(a, b.len ? sd_buf_str(&b) : "");
    sd_buf_free(&b);
    return s;
}

/* `schemadiff diff FROM TO` prints the statements of sql. */
static void check_cli(Ctx *x, const Repo *r, size_t k, int form, const char *from, const char *to, const char *sql)
{
    const char *cmd = sd_printf(x->a, "'%s' diff --no-measure --schema '*' '%s' '%s' 2>/dev/null", x->cli, from, to);
    FILE *p = popen(cmd, "r");
    SdBuf out = {0};
    char buf[8192];
    size_t n;
    while (p && (n = fread(buf, 1, sizeof buf, p)) > 0)
        sd_buf_put(&out, buf, n);
    int st = p ? pclose(p) : -1;
    x->t.cli_checked++;
    const char *got = statements_only(x->a, out.len ? sd_buf_str(&out) : "");
    if (st == 0 && strcmp(got, statements_only(x->a, sql)) == 0)
        x->t.cli_equal++;
    else
        fail(x, r, k, form, sql, sd_printf(x->a, "schemadiff diff %s %s prints other SQL (exit %d)", from, to, st));
    sd_buf_free(&out);
}

/* After a step: `schemadiff diff --exit-code F R` exits 0 and prints nothing. */
static void check_cli_empty(Ctx *x, const Repo *r, size_t k, int form)
{
    const char *cmd = sd_printf(x->a, "'%s' diff --exit-code --no-measure --schema '*' '%s' '%s' 2>/dev/null", x->cli, x->f.url,
                                x->r.url);
    FILE *p = popen(cmd, "r");
    char buf[256];
    size_t n = p ? fread(buf, 1, sizeof buf, p) : 0;
    int st = p ? pclose(p) : -1;
    x->t.cli_checked++;
    if (st == 0 && n == 0)
        x->t.cli_equal++;
    else
        fail(x, r, k, form, "", sd_printf(x->a, "schemadiff diff --exit-code after applying: status %d, %zu bytes", st, n));
}

/* ---- one check ---- */

/* Applies sql to F, then compares F's catalog with want's and checks that the
 * diff from F's new catalog to want is empty.  True when all held. */
static bool check_step(Ctx *x, const Repo *r, size_t k, int form, const char *sql, size_t nops, const State *want)
{
    x->t.total[form]++;
    if (nops == (size_t)-1) {
        fail(x, r, k, form, sql, sql + 3);
        return false;
    }
    const char *err = NULL;
    double t0 = now();
    bool applied = apply_sql(x->a, x->f.conn, sql, &err);
    g_time[T_APPLY] += now() - t0;
    if (!applied) {
        fail(x, r, k, form, sql, sd_printf(x->a, "the SQL does not apply: %s", err));
        return false;
    }
    State got = introspect(&x->f);
    bool equal = strcmp(got.dump, want->dump) == 0;
    if (equal)
        x->t.pass[form]++;
    else
        fail(x, r, k, form, sql, sd_printf(x->a, "catalogs differ:\n%s", dump_delta(x->a, want->dump, got.dump)));
    size_t again = 0;
    const char *sql2 = plan_sql(got.a, &got, want, &again);
    x->t.idem_total[form]++;
    if (again == 0)
        x->t.idem_pass[form]++;
    else if (equal)
        fail(x, r, k, form, sql2, sd_printf(x->a, "not idempotent: the diff after applying has %zu operations",
                                            again));
    state_free(&got);
    return equal && again == 0;
}

/* ---- a repository ---- */

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Lists the migrations; with a prelude, makes OUTDIR/<name>.migrations holding
 * the prelude as first migration and links to the real ones, so that DIR@k+1
 * is the state the databases hold after k migrations. */
static void repo_load(Ctx *x, Repo *r, const char *dir)
{
    SdDiags d;
    sd_diags_init(&d, x->keep);
    r->dir = dir;
    const char *slash = strrchr(dir, '/');
    while (slash && slash[1] == '\0') { /* trailing slashes */
        dir = sd_strndup(x->keep, dir, (size_t)(slash - dir));
        slash = strrchr(dir, '/');
    }
    r->name = slash ? slash + 1 : dir;
    r->migdir = sd_printf(x->keep, "%s/migrations", dir);
    SdVec names = {0};
    if (!sd_sql_migration_names(x->keep, &d, r->migdir, &names)) {
        sd_diags_print(&d, stderr, true);
        exit(2);
    }
    for (size_t i = 0; i < names.len; i++) {
        const char *p = sd_printf(x->keep, "%s/%s/migration.sql", r->migdir, (const char *)names.items[i]);
        if (is_file(p))
            sd_vec_push(x->keep, &r->migs, (void *)p);
    }
    const char *prelude = sd_printf(x->keep, "%s/prelude.sql", dir);
    if (!is_file(prelude))
        return;
    r->prelude = prelude;
    const char *copy = sd_printf(x->keep, "%s/%s.migrations", x->outdir, r->name);
    const char *p0 = sd_printf(x->keep, "%s/00000000000000_prelude", copy);
    if ((mkdir(copy, 0777) && errno != EEXIST) || (mkdir(p0, 0777) && errno != EEXIST))
        return;
    unlink(sd_printf(x->keep, "%s/migration.sql", p0));
    if (symlink(prelude, sd_printf(x->keep, "%s/migration.sql", p0)))
        return;
    for (size_t i = 0; i < names.len; i++) {
        const char *link = sd_printf(x->keep, "%s/%s", copy, (const char *)names.items[i]);
        unlink(link);
        if (symlink(sd_printf(x->keep, "%s/%s", r->migdir, (const char *)names.items[i]), link))
            return;
    }
    r->migdir = copy;
    r->prelude_first = true;
}

/* Empties every table of F: rows that migrations insert (seed data) would make
 * some emitted statements fail (ADD COLUMN ... NOT NULL) where the diff alone,
 * applied to F as in the full run, leaves the tables empty. */
static void empty_tables(Ctx *x)
{
    /* DELETE, not TRUNCATE: nearly free on the many empty tables; foreign key
     * triggers are off (replica role) so the order does not matter */
    static const char SQL[] =
        "DO $$ DECLARE r record; BEGIN SET LOCAL session_replication_role = replica; "
        "FOR r IN SELECT format('%I.%I', n.nspname, c.relname) AS t "
        "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r' "
        "AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%' "
        "LOOP EXECUTE 'DELETE FROM ' || r.t; END LOOP; END $$";
    const char *err = NULL;
    if (!exec_ok(x->f.conn, SQL, &err, x->a))
        fprintf(stderr, "sd_converge: emptying the tables: %s", err);
    x->f_has_rows = false;
}

/* Brings F to state j: a copy of R when R is at j, else rebuilt from nothing. */
static void sync_f(Ctx *x, const Repo *r, size_t j, size_t r_state, long *f_state)
{
    if (*f_state == (long)j)
        return;
    if (j == r_state) {
        db_close(&x->r);
        db_create(x, &x->f, &x->r);
        x->r.conn = connect_db(x->r.url);
    } else {
        const char *err = NULL;
        db_create(x, &x->f, NULL);
        if (r->prelude)
            apply_file(x, x->f.conn, r->prelude, &err);
        for (size_t i = 0; i < j; i++)
            apply_file(x, x->f.conn, r->migs.items[i], &err);
    }
    empty_tables(x);
    *f_state = (long)j;
}

/* A check whose outcome is already known without applying anything: an empty
 * diff between equal catalogs, or the replay form printing exactly the SQL the
 * db form printed (the same SQL on the same catalog gives the same result). */
static void pass_known(Ctx *x, int form)
{
    x->t.total[form]++, x->t.pass[form]++;
    x->t.idem_total[form]++, x->t.idem_pass[form]++;
    x->t.known++;
}

/* The three checks of step k (R at k+1; prev: R@k, cur: R@k+1).  When
 * migration k+1 changes no catalog (same), F's states k and k+1 are one. */
static void check_k(Ctx *x, const Repo *r, size_t k, const State *prev, const State *cur, long *fs, bool cli)
{
    SdArena *a = x->a;
    size_t nops = 0;
    bool same = strcmp(prev->dump, cur->dump) == 0;
    long at_k = (long)k, at_k1 = (long)k + 1;
    /* db: diff(R@k, R@k+1) on F@k (F@k's catalog is R@k's) */
    if (same && *fs == at_k1)
        *fs = at_k;
    sync_f(x, r, k, k + 1, fs);
    const char *db_sql = plan_sql(a, prev, cur, &nops);
    if (cli)
        check_cli(x, r, k, FORM_DB, x->f.url, x->r.url, db_sql);
    bool db_ok = same && nops == 0;
    if (db_ok)
        pass_known(x, FORM_DB);
    else
        db_ok = check_step(x, r, k, FORM_DB, db_sql, nops, cur);
    *fs = db_ok ? at_k1 : -1;
    if (cli && db_ok)
        check_cli_empty(x, r, k, FORM_DB);
    /* back: diff(R@k+1, R@k) on F@k+1 */
    sync_f(x, r, k + 1, k + 1, fs);
    const char *sql = plan_sql(a, cur, prev, &nops);
    bool back_ok = same && nops == 0;
    if (back_ok)
        pass_known(x, FORM_BACK);
    else
        back_ok = check_step(x, r, k, FORM_BACK, sql, nops, prev);
    *fs = back_ok ? at_k : -1;
    /* replay: diff(migrations@k, R@k+1) on F@k */
    State rep = replay(r, k);
    if (!rep.cat) {
        x->t.total[FORM_REPLAY]++;
        fail(x, r, k, FORM_REPLAY, "", "the migrations do not replay");
        state_free(&rep);
        return;
    }
    sync_f(x, r, k, k + 1, fs);
    sql = plan_sql(a, &rep, cur, &nops);
    if (cli)
        check_cli(x, r, k, FORM_REPLAY, sd_printf(a, "%s@%zu", r->migdir, k + r->prelude_first), x->r.url, sql);
    const char *err = NULL;
    if (same && nops == 0) {
        pass_known(x, FORM_REPLAY);
        *fs = at_k1;
    } else if (db_ok && back_ok && strcmp(sql, db_sql) == 0 && apply_sql(a, x->f.conn, sql, &err)) {
        pass_known(x, FORM_REPLAY);
        *fs = at_k1;
    } else {
        *fs = check_step(x, r, k, FORM_REPLAY, sql, nops, cur) ? at_k1 : -1;
    }
    if (cli && *fs == at_k1)
        check_cli_empty(x, r, k, FORM_REPLAY);
    state_free(&rep);
}

static unsigned name_hash(const char *s)
{
    unsigned h = 5381;
    while (*s)
        h = h * 33 + (unsigned char)*s++;
    return h;
}

static void run_repo(Ctx *x, const char *dir, int index)
{
    Repo r = {0};
    repo_load(x, &r, dir);
    x->r = (Db){sd_printf(x->keep, "sd_conv_%d_%d_r", (int)getpid(), index), NULL, NULL};
    x->f = (Db){sd_printf(x->keep, "sd_conv_%d_%d_f", (int)getpid(), index), NULL, NULL};
    x->r.url = db_url(x->keep, x->admin_url, x->r.name);
    x->f.url = db_url(x->keep, x->admin_url, x->f.name);
    db_create(x, &x->r, NULL);
    db_create(x, &x->f, NULL);
    const char *err = NULL;
    if (r.prelude && (!apply_file(x, x->r.conn, r.prelude, &err) || !apply_file(x, x->f.conn, r.prelude, &err))) {
        printf("%s: the prelude does not apply: %s\n", r.name, err);
        x->t.failures++;
        return;
    }
    Totals before = x->t;
    State prev = {0}; /* R@k when introspected (always when every step is checked) */
    long fs = 0;
    size_t applied = 0, checked = 0;
    unsigned offset = x->sample > 1 ? name_hash(r.name) % (unsigned)x->sample : 0;
    for (size_t k = 0; k < r.migs.len; k++) {
        sd_arena_free(x->a);
        x->a = sd_arena_new();
        bool check = x->sample <= 1 || k % (unsigned)x->sample == offset;
        if (check && !prev.cat)
            prev = introspect(&x->r);
        double t0 = now();
        bool ok = apply_file(x, x->r.conn, r.migs.items[k], &err);
        g_time[T_MIGRATE] += now() - t0;
        if (!ok)
            break;
        applied = k + 1;
        if (check) {
            State cur = introspect(&x->r);
            if (x->f_has_rows)
                empty_tables(x);
            bool cli = x->cli && x->cli_every > 0 && checked % (size_t)x->cli_every == 0;
            check_k(x, &r, k, &prev, &cur, &fs, cli);
            checked++;
            state_free(&prev);
            prev = cur;
        } else {
            state_free(&prev);
            if (fs == (long)k)
                fs = apply_file(x, x->f.conn, r.migs.items[k], &err) ? (long)k + 1 : -1;
            x->f_has_rows = true;
        }
    }
    state_free(&prev);
    printf("%s: %zu of %zu migrations apply%s%s; checked %zu steps: db %d/%d back %d/%d replay %d/%d\n", r.name,
           applied, (size_t)r.migs.len, applied < r.migs.len ? " (then: " : "",
           applied < r.migs.len ? sd_printf(x->keep, "%.*s)", (int)strcspn(err ? err : "?", "\n"), err ? err : "?") : "",
           checked,
           x->t.pass[FORM_DB] - before.pass[FORM_DB], x->t.total[FORM_DB] - before.total[FORM_DB],
           x->t.pass[FORM_BACK] - before.pass[FORM_BACK], x->t.total[FORM_BACK] - before.total[FORM_BACK],
           x->t.pass[FORM_REPLAY] - before.pass[FORM_REPLAY], x->t.total[FORM_REPLAY] - before.total[FORM_REPLAY]);
    fflush(stdout);
    db_drop(x, &x->r);
    db_drop(x, &x->f);
}

int main(int argc, char **argv)
{
    Ctx x = {.keep = sd_arena_new(), .a = sd_arena_new(), .sample = 1, .cli_every = 0};
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (strcmp(argv[i], "--sample") == 0)
            x.sample = atoi(argv[i + 1]);
        else if (strcmp(argv[i], "--cli") == 0)
            x.cli = argv[i + 1];
        else if (strcmp(argv[i], "--cli-every") == 0)
            x.cli_every = atoi(argv[i + 1]);
        else
            break;
    }
    if (argc - i < 3) {
        fprintf(stderr, "usage: sd_converge [--sample N] [--cli BIN] [--cli-every N] ADMIN_URL OUTDIR REPO...\n");
        return 2;
    }
    x.admin_url = argv[i];
    x.outdir = argv[i + 1];
    for (int j = i + 2; j < argc; j++)
        run_repo(&x, argv[j], j);
    for (int f = 0; f < NFORMS; f++)
        printf("form %s: pass %d / %d; idempotent %d / %d\n", FORM_NAME[f], x.t.pass[f], x.t.total[f],
               x.t.idem_pass[f], x.t.idem_total[f]);
    if (getenv("SD_CONVERGE_STATS"))
        for (int t = 0; t < NTIMES; t++)
            fprintf(stderr, "time %s: %.1f s\n", TIME_NAME[t], g_time[t]);
    printf("known without applying: %d\n", x.t.known);
    if (x.cli)
        printf("cli: agrees %d / %d (same SQL; --exit-code 0 after applying)\n", x.t.cli_equal, x.t.cli_checked);
    sd_arena_free(x.a);
    sd_arena_free(x.keep);
    return x.t.failures ? 1 : 0;
}

/* riskcheck.c: sd_riskcheck, the driver of tests/integration/risk_corpus.sh.
 *   sd_riskcheck fill URL [SEED]      fills a database (fill.c), prints the figures
 *   sd_riskcheck corpus REPO_DIR...   for every consecutive pair k, k+1 of each
 *       history: database A at k (filled), database B at k+1; runs
 *       `$SD_BIN diff --format json A B`, checks every measured count with its own
 *       query (checks.c), then applies the statements to A one by one (inside one
 *       transaction that is rolled back) and checks that each failure was flagged
 *       (a finding of a class that explains the SQLSTATE, rows > 0, fails).  A
 *       statement that fails again once its tables are emptied is a "diff error".
 * Environment: SD_BIN, SD_PG_URL (superuser URL of the server), SD_RISK_SAMPLE=N
 * (check every Nth pair; migrations are still all applied), SD_RISK_ALL=1 (fill every
 * table and check every pair, even those whose migration cannot fail on rows), SD_RISK_LOG (a file
 * for every failure, flagged or not).  Exit 0, 1 on a mismatch, 2 on trouble. */
#include "checks.h"

#include "parser/introspect.h"
#include "parser/sql.h"

#include <ctype.h>
#include <dirent.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

double rc_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static int cmp_str(const void *x, const void *y) { return strcmp(*(char *const *)x, *(char *const *)y); }

static char *read_file(SdArena *a, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    SdBuf b = {0};
    sd_buf_read_stream(&b, f);
    fclose(f);
    char *s = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* Migration folders of a repository, in byte order. */
static SdVec list_migrations(SdArena *a, const char *repo)
{
    SdVec out = {0};
    const char *dir = sd_printf(a, "%s/migrations", repo);
    DIR *d = opendir(dir);
    if (!d)
        return out;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        const char *p = sd_printf(a, "%s/%s/migration.sql", dir, e->d_name);
        if (access(p, R_OK) == 0)
            sd_vec_push(a, &out, sd_strdup(a, e->d_name));
    }
    closedir(d);
    qsort(out.items, out.len, sizeof(void *), cmp_str);
    return out;
}

const char *rc_db_url(Rc *r, const char *db)
{
    const char *u = r->base_url, *p = strstr(u, "/postgres?");
    if (p)
        return sd_printf(r->a, "%.*s/%s?%s", (int)(p - u), u, db, p + 10);
    p = strrchr(u, '/');
    return sd_printf(r->a, "%.*s/%s", (int)(p ? p - u : 0), u, db);
}

bool rc_exec(PGconn *pg, const char *sql, const char **state, const char **msg, SdArena *a)
{
    PGresult *res = PQexec(pg, sql);
    ExecStatusType st = PQresultStatus(res);
    bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY;
    if (!ok && a) {
        const char *s = PQresultErrorField(res, PG_DIAG_SQLSTATE);
        const char *m = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
        if (state)
            *state = sd_strdup(a, s ? s : "?????");
        if (msg)
            *msg = sd_strdup(a, m ? m : PQerrorMessage(pg));
    }
    PQclear(res);
    return ok;
}

/* The statements of a SQL file, read and split once (cached by path); NULL when unreadable. */
static const SdVec *file_stmts(Rc *r, const char *path)
{
    SdVec *stmts = sd_map_get(&r->files, path);
    if (!stmts) {
        const char *sql = read_file(r->a, path);
        if (!sql)
            return NULL;
        stmts = sd_alloc(r->a, sizeof *stmts);
        *stmts = sd_split_sql(r->a, sql);
        sd_map_put(r->a, &r->files, sd_strdup(r->a, path), stmts);
    }
    return stmts;
}

/* Applies a SQL file statement by statement (as psql -f does); false at the first error. */
static bool apply_file(Rc *r, PGconn *pg, const char *path, const char **err)
{
    double t0 = rc_now_ms();
    const SdVec *stmts = file_stmts(r, path);
    if (!stmts) {
        *err = sd_printf(r->a, "cannot read %s", path);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < stmts->len && ok; i++) {
        const char *msg = NULL;
        if (!rc_exec(pg, stmts->items[i], NULL, &msg, r->a)) {
            *err = msg;
            ok = false;
        }
    }
    r->t.ms_migrate += rc_now_ms() - t0;
    return ok;
}

/* ---- which existing tables a migration works on ---- */

static const char *skip_ws_comments(const char *s)
{
    for (;;) {
        while (isspace((unsigned char)*s))
            s++;
        if (s[0] == '-' && s[1] == '-')
            s += strcspn(s, "\n");
        else if (s[0] == '/' && s[1] == '*') {
            const char *e = strstr(s + 2, "*/");
            s = e ? e + 2 : s + strlen(s);
        } else
            return s;
    }
}

static bool word(const char **s, const char *w)
{
    size_t n = strlen(w);
    if (strncasecmp(*s, w, n) != 0 || isalnum((unsigned char)(*s)[n]) || (*s)[n] == '_')
        return false;
    *s = skip_ws_comments(*s + n);
    return true;
}

/* A possibly qualified name -> "schema.name" (unquoted names folded to lower case). */
static const char *qualified_name(Rc *r, const char **s)
{
    const char *parts[2] = {NULL, NULL};
    int n = 0;
    for (;;) {
        SdBuf b = {0};
        const char *p = *s;
        if (*p == '"') {
            for (p++; *p && !(*p == '"' && p[1] != '"'); p++) {
                sd_buf_putc(&b, *p);
                if (*p == '"')
                    p++;
            }
            if (*p)
                p++;
        } else {
            for (; isalnum((unsigned char)*p) || *p == '_' || *p == '$'; p++)
                sd_buf_putc(&b, (char)tolower((unsigned char)*p));
        }
        const char *part = sd_strdup(r->a, sd_buf_str(&b));
        sd_buf_free(&b);
        if (p == *s)
            return NULL;
        *s = p;
        if (n == 2)
            parts[0] = parts[1], n = 1;
        parts[n++] = part;
        if (**s != '.')
            break;
        (*s)++;
    }
    return n == 2 ? sd_printf(r->a, "%s.%s", parts[0], parts[1]) : sd_printf(r->a, "public.%s", parts[0]);
}

/* Whether the actions of ALTER TABLE (s: after the table's name) can fail on
 * rows or lose counted data: constraints, required columns without a default,
 * SET NOT NULL, type changes, dropped columns.  Defaults, renames, nullable
 * columns, dropped constraints cannot. */
static bool risky_actions(const char *s)
{
    int depth = 0;
    for (const char *a = skip_ws_comments(s); *a;) {
        const char *x = a, *end = a;
        bool q = false, lit = false;
        for (depth = 0; *end && !(*end == ',' && !q && !lit && depth == 0); end++) {
            q ^= *end == '"' && !lit;
            lit ^= *end == '\'' && !q;
            depth += !q && !lit ? (*end == '(') - (*end == ')') : 0;
        }
        const char *text = x;
        if (word(&x, "ADD")) {
            if (word(&x, "CONSTRAINT") || word(&x, "PRIMARY") || word(&x, "UNIQUE") || word(&x, "FOREIGN") ||
                word(&x, "CHECK") || word(&x, "EXCLUDE"))
                return true;
            for (const char *k = x; k < end; k++) /* a column: risky when required without a default, or keyed */
                if (!strncasecmp(k, "PRIMARY KEY", 11) || !strncasecmp(k, "UNIQUE", 6) ||
                    !strncasecmp(k, "REFERENCES", 10) || !strncasecmp(k, "CHECK", 5))
                    return true;
            bool nn = false, def = false;
            for (const char *k = x; k < end; k++) {
                nn = nn || !strncasecmp(k, "NOT NULL", 8);
                def = def || !strncasecmp(k, "DEFAULT", 7) || !strncasecmp(k, "GENERATED", 9);
            }
            if (nn && !def)
                return true;
        } else if (word(&x, "ALTER")) {
            for (const char *k = x; k < end; k++)
                if (!strncasecmp(k, "SET NOT NULL", 12) || !strncasecmp(k, " TYPE ", 6) ||
                    !strncasecmp(k, "DROP DEFAULT", 12)) /* after ADD ... NOT NULL DEFAULT: required */
                    return true;
        } else if (word(&x, "DROP")) {
            if (!word(&x, "CONSTRAINT") && !word(&x, "INDEX"))
                return true; /* DROP [COLUMN] c: its values are counted */
        } else if (word(&x, "VALIDATE") || word(&x, "ATTACH")) {
            return true;
        }
        SD_UNUSED(text);
        a = *end ? skip_ws_comments(end + 1) : end;
    }
    return false;
}

/* The tables of state k (ir) that migration k+1 alters in a way that can
 * fail on rows (risky_actions) or puts a unique index on, plus every table when it alters or drops a type (an enum's columns);
 * NULL when there are none: the pair cannot fail on rows. */
static SdMap *touched_tables(Rc *r, const SdCatalog *ir, const SdVec *stmts, bool all)
{
    SdMap created = {0}, *out = sd_alloc(r->a, sizeof *out);
    for (size_t i = 0; i < stmts->len; i++) {
        const char *s = skip_ws_comments(stmts->items[i]), *name = NULL;
        if (word(&s, "CREATE") && word(&s, "TABLE")) {
            (void)(word(&s, "IF") && word(&s, "NOT") && word(&s, "EXISTS"));
            if ((name = qualified_name(r, &s)))
                sd_map_put(r->a, &created, name, (void *)name);
            continue;
        }
        s = skip_ws_comments(stmts->items[i]);
        if (word(&s, "ALTER") && (word(&s, "TYPE") || (word(&s, "TABLE") && (word(&s, "IF") ? word(&s, "EXISTS") : 1) &&
                                                        (word(&s, "ONLY") || 1) && (name = qualified_name(r, &s)))))
            all = all || !name;
        if (name && !risky_actions(s))
            name = NULL;
        s = skip_ws_comments(stmts->items[i]);
        if (word(&s, "DROP") && word(&s, "TYPE"))
            all = true;
        s = skip_ws_comments(stmts->items[i]);
        if (!name && word(&s, "CREATE") && word(&s, "UNIQUE") && word(&s, "INDEX")) {
            const char *on = strstr(s, " ON ");
            on = on ? skip_ws_comments(on + 4) : NULL;
            if (on && (word(&on, "ONLY") || 1))
                name = qualified_name(r, &on);
        }
        if (name && !sd_map_get(&created, name))
            sd_map_put(r->a, out, name, (void *)name);
    }
    SdMap *res = sd_alloc(r->a, sizeof *res);
    for (size_t i = 0; i < ir->tables.len; i++) {
        const SdTable *t = ir->tables.items[i];
        const char *key = sd_printf(r->a, "%s.%s", t->obj.schema ? t->obj.schema : "public", t->obj.name);
        if (all || sd_map_get(out, key))
            sd_map_put(r->a, res, key, (void *)t);
    }
    return res->len ? res : NULL;
}

static PGconn *connect_db(Rc *r, const char *url)
{
    PGconn *pg = PQconnectdb(url);
    if (PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "sd_riskcheck: cannot connect: %s", PQerrorMessage(pg));
        PQfinish(pg);
        return NULL;
    }
    rc_exec(pg, "SET client_min_messages = warning", NULL, NULL, NULL);
    SD_UNUSED(r);
    return pg;
}

static bool admin(Rc *r, const char *sql)
{
    PGconn *pg = connect_db(r, r->base_url);
    const char *msg = NULL;
    bool ok = pg && rc_exec(pg, sql, NULL, &msg, r->a);
    if (pg && !ok)
        fprintf(stderr, "sd_riskcheck: %s: %s\n", sql, msg);
    PQfinish(pg);
    return ok;
}

/* Empties every table of schema public but Prisma's own (fill data, seed rows). */
bool rc_truncate_all(Rc *r, PGconn *pg)
{
    PGresult *res = PQexec(pg, "SELECT string_agg(format('%I.%I', schemaname, tablename), ', ') FROM pg_tables "
                               "WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'");
    const char *list = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0)
                           ? sd_strdup(r->a, PQgetvalue(res, 0, 0)) : NULL;
    PQclear(res);
    return !list || rc_exec(pg, sd_printf(r->a, "TRUNCATE %s CASCADE", list), NULL, NULL, NULL);
}

typedef struct Hist {
    const char *repo, *name;
    SdVec migs;
    const char *target;  /* the migrations folder schemadiff replays (prelude first when there is one) */
    size_t offset;       /* migrations in target before the history's first (1 with a prelude) */
    const char *url_a, *db_a;
    PGconn *a;
    SdCatalog *ir;       /* state k, replayed incrementally (the fill's schema) */
    SdDiags diags;
} Hist;

static const char *mig_path(Rc *r, const Hist *h, size_t i)
{
    return sd_printf(r->a, "%s/migrations/%s/migration.sql", h->repo, (const char *)h->migs.items[i]);
}

/* Applies migration or prelude path to A and replays it into the IR. */
static bool advance(Rc *r, Hist *h, const char *path, const char **err)
{
    if (!apply_file(r, h->a, path, err))
        return false;
    h->ir = sd_sql_replay_file(r->a, &h->diags, path, h->ir);
    if (!h->ir)
        *err = "the SQL replay stops";
    return h->ir != NULL;
}

/* A migrations folder of symlinks with the prelude as migration 0, so that
 * schemadiff's DIR@K includes what the prelude creates. */
static const char *target_with_prelude(Rc *r, const Hist *h, const char *prelude)
{
    const char *dir = sd_printf(r->a, "/tmp/sd_riskcheck_%d_%s", (int)getpid(), h->name);
    const char *cmd = sd_printf(r->a, "rm -rf '%s' && mkdir -p '%s/00000000000000_prelude' && ln -s '%s' "
                                      "'%s/00000000000000_prelude/migration.sql' && ln -s '%s/migrations/'* '%s/'",
                                dir, dir, prelude, dir, h->repo, dir);
    return system(cmd) == 0 ? dir : NULL;
}

/* Creates A (prelude applied) and the IR. */
static bool hist_start(Rc *r, Hist *h)
{
    h->db_a = sd_printf(r->a, "rc_%d_a", (int)getpid());
    admin(r, sd_printf(r->a, "DROP DATABASE IF EXISTS %s", h->db_a));
    if (!admin(r, sd_printf(r->a, "CREATE DATABASE %s", h->db_a)))
        return false;
    h->url_a = rc_db_url(r, h->db_a);
    h->a = connect_db(r, h->url_a);
    if (!h->a)
        return false;
    sd_diags_init(&h->diags, r->a);
    h->ir = sd_catalog_new(r->a, "sql");
    h->target = sd_printf(r->a, "%s/migrations", h->repo);
    const char *prelude = sd_printf(r->a, "%s/prelude.sql", h->repo), *err = NULL;
    if (access(prelude, R_OK) != 0)
        return true;
    h->target = target_with_prelude(r, h, prelude);
    h->offset = 1;
    if (!h->target || !advance(r, h, prelude, &err)) {
        printf("  %s: prelude.sql does not apply: %s\n", h->name, err ? err : "no folder");
        return false;
    }
    return true;
}

static void hist_end(Rc *r, Hist *h)
{
    PQfinish(h->a);
    admin(r, sd_printf(r->a, "DROP DATABASE IF EXISTS %s", h->db_a));
    if (h->offset)
        (void)!system(sd_printf(r->a, "rm -rf '%s'", h->target));
}

static void run_history(Rc *r, const char *repo)
{
    Hist h = {.repo = repo};
    const char *slash = strrchr(repo, '/');
    h.name = slash && slash[1] ? slash + 1 : repo;
    h.migs = list_migrations(r->a, repo);
    if (h.migs.len < 2)
        return;
    size_t k = 0, checked = 0, quick = 0;
    const char *err = NULL;
    time_t t0 = time(NULL);
    bool ok = hist_start(r, &h) && advance(r, &h, mig_path(r, &h, 0), &err);
    /* A and the IR hold migrations 0..k-1: the pair (k, k+1) */
    for (k = 1; ok && k < h.migs.len; k++) {
        if (k % (size_t)r->sample == 0) {
            const SdVec *next = file_stmts(r, mig_path(r, &h, k));
            SdMap *touched = next ? touched_tables(r, h.ir, next, r->all) : NULL;
            if (touched) {
                const char *to = sd_printf(r->a, "%s@%zu", h.target, k + 1 + h.offset);
                rc_check_pair(r, h.a, h.ir, touched, h.url_a, to, h.name, k, (const char *)h.migs.items[k]);
                checked++;
            } else {
                quick++;
                r->t.quick++;
            }
        }
        if (!advance(r, &h, mig_path(r, &h, k), &err)) {
            printf("  %s: migration %zu (%s) does not apply: %s\n", h.name, k + 1, (const char *)h.migs.items[k], err);
            r->t.stopped++;
            break;
        }
    }
    printf("  %s: %zu migrations, %zu pairs checked, %zu touch no existing table (%lds)\n", h.name, k, checked, quick,
           (long)(time(NULL) - t0));
    fflush(stdout);
    hist_end(r, &h);
}

static int cmd_fill(int argc, char **argv)
{
    SdArena *a = sd_arena_new();
    SdDiags d;
    sd_diags_init(&d, a);
    SdCatalog *cat = sd_introspect(a, &d, argv[0], NULL);
    PGconn *pg = PQconnectdb(argv[0]);
    if (!cat || PQstatus(pg) != CONNECTION_OK) {
        fprintf(stderr, "sd_riskcheck fill: cannot read the database\n");
        PQfinish(pg);
        return 2;
    }
    SdFillStats st;
    const char *err = NULL;
    bool ok = sd_fill(a, pg, cat, NULL, argc > 1 ? strtoull(argv[1], NULL, 10) : 1, &st, &err);
    PQfinish(pg);
    if (!ok) {
        fprintf(stderr, "sd_riskcheck fill: %s\n", err);
        return 2;
    }
    printf("filled %d tables, %d rows; %d tables left empty\n", st.tables, st.rows, st.empty);
    sd_arena_free(a);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "fill") == 0)
        return cmd_fill(argc - 2, argv + 2);
    if (argc < 3 || strcmp(argv[1], "corpus") != 0) {
        fprintf(stderr, "usage: sd_riskcheck fill URL [SEED] | corpus REPO_DIR...\n");
        return 2;
    }
    Rc r = {.a = sd_arena_new(), .bin = getenv("SD_BIN"), .base_url = getenv("SD_PG_URL")};
    if (!r.bin || !r.base_url) {
        fprintf(stderr, "sd_riskcheck: SD_BIN and SD_PG_URL must be set\n");
        return 2;
    }
    const char *s = getenv("SD_RISK_SAMPLE"), *log = getenv("SD_RISK_LOG");
    r.sample = s && atoi(s) > 0 ? atoi(s) : 1;
    r.all = getenv("SD_RISK_ALL") && *getenv("SD_RISK_ALL") == '1';
    r.log = log && *log ? fopen(log, "w") : NULL;
    for (int i = 2; i < argc; i++)
        run_history(&r, argv[i]);
    Totals *t = &r.t;
    printf("risk_corpus: %d pairs checked (every %d), %d more touch no existing table; %d with statements; %d statements applied, "
           "%d failed on the data, %d of them flagged, %d orphans of a parent emptied by an earlier retry; %d counts checked (%d not checkable); %d diff errors, "
           "%d schemadiff runs failed; %d histories stopped early\n",
           t->pairs, r.sample, t->quick, t->nonempty, t->stmts, t->failed, t->flagged, t->after_emptied, t->counts, t->unchecked, t->diff_errors,
           t->runs_failed, t->stopped);
    printf("mismatches: %d (unflagged failures %d, wrong counts %d, flagged as failing but ran %d)\n",
           t->unflagged + t->wrong + t->false_alarm, t->unflagged, t->wrong, t->false_alarm);
    printf("time (s): fill %.1f, schemadiff %.1f, count checks %.1f, apply %.1f, truncate %.1f, migrations %.1f\n",
           t->ms_fill / 1000, t->ms_diff / 1000, t->ms_counts / 1000, t->ms_apply / 1000, t->ms_truncate / 1000,
           t->ms_migrate / 1000);
    if (r.log)
        fclose(r.log);
    int status = t->unflagged + t->wrong + t->false_alarm ? 1 : (t->runs_failed ? 2 : 0);
    sd_arena_free(r.a);
    return status;
}

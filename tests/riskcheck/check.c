/* check.c: one pair (k, k+1) of a history (checks.h).  Counts are re-derived
 * here from the statement's own SQL and the filled database, independently of
 * diff/measure.c: NULLs, duplicate groups, orphans, CHECK violations, removed
 * enum values (labels of A missing from B), and casts tried row by row as an
 * assignment into a temporary table of the new type. */
#include "checks.h"

#include "parser/introspect.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct Pair {
    Rc *r;
    SdArena *a;
    PGconn *pg;
    const char *url_a, *to, *repo, *mig;
    size_t k;
    SdVec emptied; /* const char*: tables emptied to retry a failed statement (NULL entry: all) */
} Pair;

static void report(Pair *p, int *counter, const char *fmt, ...) SD_PRINTF(3, 4);
static void report(Pair *p, int *counter, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    const char *msg = sd_vprintf(p->a, fmt, ap);
    va_end(ap);
    if (counter) {
        (*counter)++;
        printf("MISMATCH %s pair %zu->%zu (%s): %s\n", p->repo, p->k, p->k + 1, p->mig, msg);
    }
    if (p->r->log)
        fprintf(p->r->log, "%s %s pair %zu->%zu (%s): %s\n", counter ? "MISMATCH" : "note", p->repo, p->k, p->k + 1,
                p->mig, msg);
}

static const char *jstr(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double jnum(const cJSON *o, const char *k, double dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : dflt;
}

static bool jtrue(const cJSON *o, const char *k) { return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k)); }

/* s quoted by quote, in the pair's arena */
static const char *quoted(Pair *p, const char *s, void (*quote)(SdBuf *, const char *))
{
    SdBuf b = {0};
    quote(&b, s);
    const char *r = sd_strdup(p->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return r;
}

static const char *qid(Pair *p, const char *s) { return quoted(p, s, sd_buf_quote_ident); }
static const char *qlit(Pair *p, const char *s) { return quoted(p, s, sd_buf_quote_literal); }

/* ---- running schemadiff ---- */

static char *run_diff(Pair *p, int *status)
{
    const char *err = sd_printf(p->a, "/tmp/sd_riskcheck_%d.err", (int)getpid());
    const char *cmd = sd_printf(p->a, "'%s' diff --format json '%s' '%s' 2>%s", p->r->bin, p->url_a, p->to, err);
    FILE *f = popen(cmd, "r");
    if (!f)
        return NULL;
    SdBuf b = {0};
    sd_buf_read_stream(&b, f);
    int st = pclose(f);
    *status = WIFEXITED(st) ? WEXITSTATUS(st) : 128;
    char *s = sd_strdup(p->a, sd_buf_str(&b));
    sd_buf_free(&b);
    if (*status != 0) {
        FILE *e = fopen(err, "r");
        char line[512] = "";
        if (e) {
            if (!fgets(line, sizeof line, e))
                line[0] = 0;
            fclose(e);
        }
        report(p, NULL, "schemadiff exited %d: %s", *status, line);
    }
    return s;
}

/* ---- parsing the statement's SQL ---- */

/* c's effect on the nesting of SQL text: "..." names, '...' literals, parentheses. */
static void track(char c, int *depth, bool *quote, bool *lit)
{
    if (c == '"' && !*lit)
        *quote = !*quote;
    else if (c == '\'' && !*quote)
        *lit = !*lit;
    else if (!*quote && !*lit && c == '(')
        (*depth)++;
    else if (!*quote && !*lit && c == ')')
        (*depth)--;
}

/* The balanced parenthesised text starting at s ('('), without the outer pair. */
static const char *balanced(Pair *p, const char *s, const char **end)
{
    if (!s || *s != '(')
        return NULL;
    int depth = 0;
    bool quote = false, lit = false;
    for (const char *c = s; *c; c++) {
        track(*c, &depth, &quote, &lit);
        if (*c == ')' && !quote && !lit && depth == 0) {
            if (end)
                *end = c + 1;
            return sd_strndup(p->a, s + 1, (size_t)(c - s - 1));
        }
    }
    return NULL;
}

/* Splits a list on top-level commas; each element trimmed; a quoted name keeps
 * only the name (ASC, DESC, opclass dropped); an expression is parenthesised. */
static SdVec split_list(Pair *p, const char *s)
{
    SdVec out = {0};
    int depth = 0;
    bool quote = false, lit = false;
    const char *start = s;
    for (const char *c = s;; c++) {
        track(*c, &depth, &quote, &lit);
        if (*c == 0 || (*c == ',' && !quote && !lit && depth == 0)) {
            while (isspace((unsigned char)*start))
                start++;
            const char *e = c;
            while (e > start && isspace((unsigned char)e[-1]))
                e--;
            if (*start == '"') {
                const char *q = start + 1;
                while (*q && !(*q == '"' && q[1] != '"'))
                    q += *q == '"' ? 2 : 1;
                sd_vec_push(p->a, &out, sd_strndup(p->a, start, (size_t)(q - start + 1)));
            } else if (e > start) {
                sd_vec_push(p->a, &out, sd_printf(p->a, "(%.*s)", (int)(e - start), start));
            }
            if (*c == 0)
                break;
            start = c + 1;
        }
    }
    return out;
}

static SdVec list_after(Pair *p, const char *sql, const char *marker, const char **end)
{
    const char *s = sql ? strstr(sql, marker) : NULL;
    SdVec none = {0};
    if (!s)
        return none;
    s += strlen(marker);
    while (*s == ' ')
        s++;
    const char *inner = balanced(p, s, end);
    return inner ? split_list(p, inner) : none;
}

/* Skips a possibly qualified, possibly quoted name. */
static const char *skip_name(const char *s)
{
    for (;;) {
        if (*s == '"') {
            s++;
            while (*s && !(*s == '"' && s[1] != '"'))
                s += *s == '"' ? 2 : 1;
            if (*s)
                s++;
        } else {
            while (isalnum((unsigned char)*s) || *s == '_')
                s++;
        }
        if (*s != '.')
            return s;
        s++;
    }
}

/* Index columns and predicate of CREATE [UNIQUE] INDEX ... ON t [USING m] (...) [WHERE ...]. */
static SdVec index_columns(Pair *p, const char *sql, const char **pred)
{
    SdVec none = {0};
    const char *s = sql ? strstr(sql, " ON ") : NULL;
    if (!s)
        return none;
    s = skip_name(s + 4);
    while (*s == ' ')
        s++;
    if (strncmp(s, "USING ", 6) == 0) {
        s = skip_name(s + 6);
        while (*s == ' ')
            s++;
    }
    const char *end = NULL, *inner = balanced(p, s, &end);
    if (!inner)
        return none;
    const char *w = strstr(end, " WHERE ");
    if (w) {
        const char *x = w + 7;
        size_t n = strcspn(x, ";");
        *pred = sd_strndup(p->a, x, n);
    }
    return split_list(p, inner);
}

static const char *joined(Pair *p, const SdVec *v, const char *fmt, const char *sep)
{
    SdBuf b = {0};
    for (size_t i = 0; i < v->len; i++) {
        if (i)
            sd_buf_puts(&b, sep);
        sd_buf_printf(&b, fmt, (const char *)v->items[i], (const char *)v->items[i]);
    }
    const char *s = sd_strdup(p->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* ---- independent counts ---- */

static int q_int(Pair *p, const char *sql, int64_t *out)
{
    const char *msg = NULL;
    rc_exec(p->pg, "SAVEPOINT sd_q", NULL, NULL, NULL);
    PGresult *res = PQexec(p->pg, sql);
    bool ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 && !PQgetisnull(res, 0, 0);
    if (ok)
        *out = strtoll(PQgetvalue(res, 0, 0), NULL, 10);
    else
        msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (!ok)
        report(p, NULL, "check query failed: %s: %s", sql, msg ? msg : "?");
    PQclear(res);
    rc_exec(p->pg, ok ? "RELEASE SAVEPOINT sd_q" : "ROLLBACK TO SAVEPOINT sd_q", NULL, NULL, NULL);
    return ok ? 1 : -1;
}

static int dup_groups(Pair *p, const char *t, const SdVec *cols, const char *pred, int64_t *out)
{
    if (!cols->len)
        return 0;
    const char *keys = joined(p, cols, "%s", ", "), *nn = joined(p, cols, "%s IS NOT NULL", " AND ");
    return q_int(p, sd_printf(p->a, "SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s%s%s%s GROUP BY %s HAVING count(*) > 1) d",
                              t, nn, pred ? " AND (" : "", pred ? pred : "", pred ? ")" : "", keys), out);
}

static SdVec labels(Pair *p, PGconn *pg, const char *schema, const char *name)
{
    SdVec out = {0};
    const char *sql = sd_printf(p->a, "SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid JOIN "
                                      "pg_namespace n ON n.oid = t.typnamespace WHERE n.nspname = %s AND t.typname = %s",
                                qlit(p, schema), qlit(p, name));
    PGresult *res = PQexec(pg, sql);
    for (int i = 0; PQresultStatus(res) == PGRES_TUPLES_OK && i < PQntuples(res); i++)
        sd_vec_push(p->a, &out, (void *)qlit(p, PQgetvalue(res, i, 0)));
    PQclear(res);
    return out;
}

/* Rows of A holding a label of the enum that the new type (CREATE TYPE ... AS
 * ENUM (...) in the statement) does not have, over every column of it. */
static int enum_removed(Pair *p, const char *schema, const char *name, const char *stmt, int64_t *out)
{
    const char *e = stmt ? strstr(stmt, " AS ENUM ") : NULL;
    const char *inner = e ? balanced(p, e + 9, NULL) : NULL;
    if (!inner)
        return 0;
    SdVec before = labels(p, p->pg, schema, name), after = split_list(p, inner), gone = {0};
    for (size_t i = 0; i < before.len; i++) {
        bool kept = false;
        for (size_t j = 0; j < after.len && !kept; j++) /* split_list parenthesises literals */
            kept = strlen(after.items[j]) == strlen(before.items[i]) + 2 &&
                   strncmp((const char *)after.items[j] + 1, before.items[i], strlen(before.items[i])) == 0;
        if (!kept)
            sd_vec_push(p->a, &gone, before.items[i]);
    }
    const char *type = sd_printf(p->a, "%s.%s", qid(p, schema), qid(p, name)), *vals = joined(p, &gone, "%s", ", ");
    const char *sql = sd_printf(p->a,
        "SELECT format('%%I.%%I', n.nspname, c.relname), quote_ident(a.attname), a.atttypid <> %s::regtype "
        "FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'p') AND NOT a.attisdropped AND a.attnum > 0 AND a.atttypid IN "
        "(%s::regtype, (SELECT typarray FROM pg_type WHERE oid = %s::regtype))", qlit(p, type), qlit(p, type), qlit(p, type));
    PGresult *res = PQexec(p->pg, sql);
    *out = 0;
    int rc = PQresultStatus(res) == PGRES_TUPLES_OK ? 1 : -1;
    for (int i = 0; rc == 1 && gone.len && i < PQntuples(res); i++) {
        bool arr = PQgetvalue(res, i, 2)[0] == 't';
        int64_t n = 0;
        const char *col = PQgetvalue(res, i, 1), *t = PQgetvalue(res, i, 0);
        rc = q_int(p, arr ? sd_printf(p->a, "SELECT count(*) FROM %s WHERE %s::text[] && ARRAY[%s]", t, col, vals)
                          : sd_printf(p->a, "SELECT count(*) FROM %s WHERE %s::text IN (%s)", t, col, vals), &n);
        *out += n;
    }
    PQclear(res);
    return rc;
}

/* Values of t.col that fail the conversion ALTER ... SET DATA TYPE applies: an
 * assignment into a temporary column of the new type, row by row; without an
 * assignment cast, the text form (what a USING col::text::type does). */
static int cast_failures(Pair *p, const char *t, const char *col, const char *sql, int64_t *out)
{
    const char *s = sql ? strstr(sql, " SET DATA TYPE ") : NULL;
    if (!s)
        return 0;
    s += 15;
    const char *type = sd_strndup(p->a, s, strcspn(s, ";\n"));
    const char *st = NULL;
    rc_exec(p->pg, "SAVEPOINT sd_cast", NULL, NULL, NULL);
    if (!rc_exec(p->pg, sd_printf(p->a, "CREATE TEMP TABLE sd_cast (v %s)", type), &st, NULL, p->a)) {
        rc_exec(p->pg, "ROLLBACK TO SAVEPOINT sd_cast", NULL, NULL, NULL);
        return 0;
    }
    PGresult *res = PQexec(p->pg, sd_printf(p->a, "SELECT ctid FROM %s WHERE %s IS NOT NULL", t, qid(p, col)));
    bool text_form = false;
    *out = 0;
    for (int i = 0; PQresultStatus(res) == PGRES_TUPLES_OK && i < PQntuples(res); i++) {
        const char *val = sd_printf(p->a, text_form ? "%s::text::%s" : "%s", qid(p, col), type);
        const char *ins = sd_printf(p->a, "INSERT INTO sd_cast SELECT %s FROM %s WHERE ctid = '%s'", val, t,
                                    PQgetvalue(res, i, 0));
        rc_exec(p->pg, "SAVEPOINT sd_row", NULL, NULL, NULL);
        bool ok = rc_exec(p->pg, ins, &st, NULL, p->a);
        rc_exec(p->pg, ok ? "RELEASE SAVEPOINT sd_row" : "ROLLBACK TO SAVEPOINT sd_row", NULL, NULL, NULL);
        if (!ok && !text_form && strcmp(st, "42804") == 0) { /* no assignment cast: again, through text */
            text_form = true;
            i--;
            continue;
        }
        *out += !ok;
    }
    PQclear(res);
    rc_exec(p->pg, "ROLLBACK TO SAVEPOINT sd_cast", NULL, NULL, NULL);
    return 1;
}

static int orphans(Pair *p, const char *t, const char *sql, int64_t *out)
{
    const char *end = NULL;
    SdVec cols = list_after(p, sql, "FOREIGN KEY", NULL);
    const char *r = sql ? strstr(sql, "REFERENCES ") : NULL;
    if (!cols.len || !r)
        return 0;
    const char *name_end = skip_name(r + 11);
    const char *ref = sd_strndup(p->a, r + 11, (size_t)(name_end - r - 11));
    const char *inner = balanced(p, name_end, &end);
    if (!inner)
        return 0;
    SdVec refs = split_list(p, inner);
    if (refs.len != cols.len)
        return 0;
    SdBuf on = {0};
    for (size_t i = 0; i < cols.len; i++)
        sd_buf_printf(&on, "%sp.%s = c.%s", i ? " AND " : "", (const char *)refs.items[i], (const char *)cols.items[i]);
    const char *sqlq = sd_printf(p->a, "SELECT count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)",
                                 t, joined(p, &cols, "c.%s IS NOT NULL", " AND "), ref, sd_buf_str(&on));
    sd_buf_free(&on);
    return q_int(p, sqlq, out);
}

static int check_violations(Pair *p, const char *t, const char *sql, int64_t *out)
{
    const char *c = sql ? strstr(sql, " CHECK ") : NULL;
    const char *expr = c ? balanced(p, c + 7, NULL) : NULL;
    if (!expr)
        return 0;
    return q_int(p, sd_printf(p->a, "SELECT count(*) FROM %s WHERE NOT (%s)", t, expr), out);
}

/* The count finding f should have, by the test's own query: 1 found, 0 no
 * query for this kind of finding, -1 the query failed. */
static int expected(Pair *p, const cJSON *f, const char *sql, int64_t *out)
{
    const char *cls = jstr(f, "class"), *op = jstr(f, "op"), *schema = jstr(f, "schema"), *table = jstr(f, "table"),
               *col = jstr(f, "column");
    if (!cls || !op || !schema || !table)
        return 0;
    const char *t = sd_printf(p->a, "%s.%s", qid(p, schema), qid(p, table));
    bool whole = !strcmp(cls, "rewrite") || !strcmp(cls, "lock") ||
                 (!strcmp(cls, "data-loss") && !strcmp(op, "drop-table")) ||
                 (!strcmp(cls, "not-null-without-default") && !strcmp(op, "add-column"));
    if (whole)
        return q_int(p, sd_printf(p->a, "SELECT count(*) FROM %s", t), out);
    if (!strcmp(cls, "data-loss") && !strcmp(op, "drop-column") && col)
        return q_int(p, sd_printf(p->a, "SELECT count(*) FROM %s WHERE %s IS NOT NULL", t, qid(p, col)), out);
    if (!strcmp(cls, "not-null-without-default") && !strcmp(op, "set-not-null") && col)
        return q_int(p, sd_printf(p->a, "SELECT count(*) FROM %s WHERE %s IS NULL", t, qid(p, col)), out);
    if (!strcmp(cls, "not-null-without-default") && !strcmp(op, "add-primary-key")) {
        SdVec cols = list_after(p, sql, "PRIMARY KEY", NULL);
        return cols.len ? q_int(p, sd_printf(p->a, "SELECT count(*) FROM %s WHERE %s", t,
                                             joined(p, &cols, "%s IS NULL", " OR ")), out) : 0;
    }
    if (!strcmp(cls, "unique-violation")) {
        const char *pred = NULL;
        SdVec cols = !strcmp(op, "create-index") ? index_columns(p, sql, &pred)
                     : list_after(p, sql, !strcmp(op, "add-primary-key") ? "PRIMARY KEY" : "UNIQUE", NULL);
        return dup_groups(p, t, &cols, pred, out);
    }
    if (!strcmp(cls, "data-loss") && !strcmp(op, "recreate-enum"))
        return enum_removed(p, schema, table, sql, out);
    if (!strcmp(cls, "cast-failure") && col)
        return cast_failures(p, t, col, sql, out);
    if (!strcmp(cls, "foreign-key-violation"))
        return orphans(p, t, sql, out);
    if (!strcmp(cls, "check-violation"))
        return check_violations(p, t, sql, out);
    return 0;
}

static const cJSON *stmt_at(const cJSON *stmts, int i)
{
    return cJSON_GetArrayItem(stmts, i);
}

static void check_counts(Pair *p, const cJSON *root)
{
    const cJSON *stmts = cJSON_GetObjectItemCaseSensitive(root, "statements"), *f;
    rc_exec(p->pg, "BEGIN", NULL, NULL, NULL);
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(root, "findings"))
    {
        const char *count = jstr(f, "count");
        if (!count || strcmp(count, "exact") != 0)
            continue;
        int64_t want = 0, got = (int64_t)jnum(f, "rows", -1);
        const char *sql = jstr(stmt_at(stmts, (int)jnum(f, "statement", -1)), "sql");
        int rc = expected(p, f, sql, &want);
        if (rc <= 0) {
            p->r->t.unchecked++;
            continue;
        }
        p->r->t.counts++;
        if (want != got)
            report(p, &p->r->t.wrong, "%s %s %s: schemadiff counts %" PRId64 ", the test's query %" PRId64,
                   jstr(f, "class"), jstr(f, "op"), jstr(f, "object"), got, want);
    }
    rc_exec(p->pg, "ROLLBACK", NULL, NULL, NULL);
}

/* ---- applying ---- */

static bool explains(const char *state, const char *cls)
{
    if (!strcmp(state, "23502"))
        return !strcmp(cls, "not-null-without-default");
    if (!strcmp(state, "23505"))
        return !strcmp(cls, "unique-violation");
    if (!strcmp(state, "23503"))
        return !strcmp(cls, "foreign-key-violation");
    if (!strcmp(state, "23514"))
        return !strcmp(cls, "check-violation");
    if (!strncmp(state, "22", 2))
        return !strcmp(cls, "cast-failure") || !strcmp(cls, "data-loss");
    return false;
}

/* The statement's SQL as it can run inside our transaction: no BEGIN/COMMIT
 * lines, no CONCURRENTLY. */
static const char *runnable(Pair *p, const char *sql)
{
    SdBuf b = {0};
    for (const char *s = sql; *s;) {
        size_t n = strcspn(s, "\n");
        bool skip = (n == 6 && !strncmp(s, "BEGIN;", 6)) || (n == 7 && !strncmp(s, "COMMIT;", 7));
        if (!skip) {
            const char *c = strstr(s, " CONCURRENTLY");
            if (c && c < s + n) {
                sd_buf_put(&b, s, (size_t)(c - s));
                sd_buf_put(&b, c + 13, n - (size_t)(c + 13 - s));
            } else {
                sd_buf_put(&b, s, n);
            }
            sd_buf_putc(&b, '\n');
        }
        s += n + (s[n] == '\n');
    }
    const char *r = sd_strdup(p->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return r;
}

/* The table a statement works on (ALTER TABLE t / INDEX ... ON t), or NULL. */
static const char *stmt_table(Pair *p, const char *sql)
{
    const char *s = strstr(sql, "ALTER TABLE ");
    s = s ? s + 12 : (s = strstr(sql, " INDEX ")) && (s = strstr(s, " ON ")) ? s + 4 : NULL;
    if (!s)
        return NULL;
    if (!strncmp(s, "ONLY ", 5))
        s += 5;
    const char *e = skip_name(s);
    return e > s ? sd_strndup(p->a, s, (size_t)(e - s)) : NULL;
}

static void apply_one(Pair *p, const cJSON *root, int i, const char *sql, bool *emptied)
{
    const char *state = NULL, *msg = NULL, *op = jstr(stmt_at(cJSON_GetObjectItemCaseSensitive(root, "statements"), i), "op");
    bool flagged = false, said_fails = false;
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(root, "findings"))
    {
        if ((int)jnum(f, "statement", -1) != i)
            continue;
        said_fails = said_fails || jtrue(f, "fails");
        if (jtrue(f, "fails") && jnum(f, "rows", 0) > 0)
            flagged = true;
    }
    p->r->t.stmts++;
    rc_exec(p->pg, "SAVEPOINT sd_s", NULL, NULL, NULL);
    if (rc_exec(p->pg, sql, &state, &msg, p->a)) {
        rc_exec(p->pg, "RELEASE SAVEPOINT sd_s", NULL, NULL, NULL);
        if (said_fails && !*emptied)
            report(p, &p->r->t.false_alarm, "statement %d (%s) was flagged as failing but ran", i, op);
        return;
    }
    rc_exec(p->pg, "ROLLBACK TO SAVEPOINT sd_s", NULL, NULL, NULL);
    /* again on emptied tables: a statement that still fails is a diff error */
    const char *t = stmt_table(p, sql);
    bool trunc = t ? rc_exec(p->pg, sd_printf(p->a, "TRUNCATE %s CASCADE", t), NULL, NULL, NULL) : rc_truncate_all(p->r, p->pg);
    bool after_emptied = false; /* a parent emptied for an earlier retry explains an orphan */
    for (size_t j = 0; j < p->emptied.len; j++)
        after_emptied = after_emptied || !p->emptied.items[j] || strstr(sql, p->emptied.items[j]);
    sd_vec_push(p->a, &p->emptied, (void *)t);
    *emptied = true;
    const char *st2 = NULL, *msg2 = NULL;
    if (!trunc || !rc_exec(p->pg, sql, &st2, &msg2, p->a)) {
        rc_exec(p->pg, "ROLLBACK TO SAVEPOINT sd_s", NULL, NULL, NULL);
        report(p, NULL, "diff error: statement %d (%s) fails on empty tables: %s %s", i, op, st2 ? st2 : "", msg2 ? msg2 : "");
        p->r->t.diff_errors++;
        return;
    }
    rc_exec(p->pg, "RELEASE SAVEPOINT sd_s", NULL, NULL, NULL);
    p->r->t.failed++;
    bool explained = false;
    cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(root, "findings"))
        if ((int)jnum(f, "statement", -1) == i && jtrue(f, "fails") && jnum(f, "rows", 0) > 0 &&
            explains(state, jstr(f, "class")))
            explained = true;
    if (explained) {
        p->r->t.flagged++;
        report(p, NULL, "statement %d (%s) failed as flagged: %s %s", i, op, state, msg);
    } else if (after_emptied && !strcmp(state, "23503")) {
        p->r->t.after_emptied++;
        report(p, NULL, "statement %d (%s) failed on a table emptied for an earlier retry: %s %s", i, op, state, msg);
    } else {
        report(p, &p->r->t.unflagged, "statement %d (%s) failed %s: %s %s\n    %s", i, op,
               flagged ? "(flagged with a class that does not explain it)" : "unflagged", state, msg, sql);
    }
}

static void apply_all(Pair *p, const cJSON *root)
{
    const cJSON *stmts = cJSON_GetObjectItemCaseSensitive(root, "statements");
    bool emptied = false;
    rc_exec(p->pg, "BEGIN", NULL, NULL, NULL);
    for (int i = 0; i < cJSON_GetArraySize(stmts); i++) {
        const char *sql = jstr(stmt_at(stmts, i), "sql");
        if (sql)
            apply_one(p, root, i, runnable(p, sql), &emptied);
    }
    rc_exec(p->pg, "ROLLBACK", NULL, NULL, NULL);
}

void rc_check_pair(Rc *r, PGconn *pg, const SdCatalog *ir, const SdMap *touched, const char *url_a, const char *to,
                   const char *repo, size_t k, const char *mig)
{
    Pair p = {.r = r, .a = sd_arena_new(), .pg = pg, .url_a = url_a, .to = to, .repo = repo, .mig = mig, .k = k};
    r->t.pairs++;
    double t0 = rc_now_ms();
    SdFillStats st;
    const char *err = NULL;
    if (!sd_fill(p.a, pg, ir, touched, (uint64_t)k * 2654435761u, &st, &err)) {
        report(&p, NULL, "cannot fill: %s", err);
        r->t.runs_failed++;
        sd_arena_free(p.a);
        return;
    }
    if (st.empty)
        report(&p, NULL, "fill: %d tables, %d rows, %d tables left empty", st.tables, st.rows, st.empty);
    double t1 = rc_now_ms();
    r->t.ms_fill += t1 - t0;
    int status = 0;
    char *json = run_diff(&p, &status);
    double t2 = rc_now_ms();
    r->t.ms_diff += t2 - t1;
    cJSON *root = json && status == 0 ? cJSON_Parse(json) : NULL;
    if (!root) {
        r->t.runs_failed++;
    } else {
        const cJSON *stmts = cJSON_GetObjectItemCaseSensitive(root, "statements");
        if (cJSON_GetArraySize(stmts) > 0) {
            r->t.nonempty++;
            check_counts(&p, root);
            double t3 = rc_now_ms();
            r->t.ms_counts += t3 - t2;
            apply_all(&p, root);
            r->t.ms_apply += rc_now_ms() - t3;
        }
        cJSON_Delete(root);
    }
    double t4 = rc_now_ms();
    if (st.filled.len) { /* children first (the fill went parents first); DELETE is cheaper than TRUNCATE here */
        SdBuf b = {0};
        sd_buf_puts(&b, "BEGIN;");
        for (size_t i = st.filled.len; i-- > 0;)
            sd_buf_printf(&b, "DELETE FROM %s;", (const char *)st.filled.items[i]);
        sd_buf_puts(&b, "COMMIT");
        if (!rc_exec(pg, sd_buf_str(&b), NULL, NULL, NULL)) {
            rc_exec(pg, "ROLLBACK", NULL, NULL, NULL);
            rc_truncate_all(r, pg);
        }
        sd_buf_free(&b);
    }
    r->t.ms_truncate += rc_now_ms() - t4;
    sd_arena_free(p.a);
}

/* measure.c: counts the rows behind each risk finding on a live database.
 * One connection, one READ ONLY transaction, a statement_timeout on every query
 * and a savepoint around each so one failure (timeout, odd type) leaves the
 * others measured.  Tables above a size threshold are estimated from
 * pg_class.reltuples and pg_stats.  PGresult never leaves this file. */
#include "risk.h"

#include "../parser/introspect.h"

#include <inttypes.h>
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

typedef struct M {
    SdArena *a;
    SdDiags *diags;
    PGconn *pg;
    SdLoc loc;                 /* the masked URL, for messages */
    const SdMeasureOptions *o;
    SdMap table_rows;          /* "s"."t" -> int64_t* exact or estimated rows */
    SdMap table_est;           /* "s"."t" -> non-NULL when the rows are an estimate */
    const char *notice;        /* last "sd-measure" notice */
    SdMap casts;               /* "%p" of an op -> CastResult* */
} M;

static void on_notice(void *arg, const PGresult *res)
{
    M *m = arg;
    const char *msg = PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY);
    if (msg && strncmp(msg, "sd-measure ", 11) == 0)
        m->notice = sd_strdup(m->a, msg + 11);
}

/* libpq's message, first line, with the password (if any) masked. */
static const char *pg_message(M *m)
{
    const char *msg = PQerrorMessage(m->pg);
    size_t n = strcspn(msg, "\n");
    char *s = sd_strndup(m->a, msg, n);
    const char *pw = PQpass(m->pg);
    char *hit;
    if (pw && *pw)
        while ((hit = strstr(s, pw)))
            memset(hit, '*', strlen(pw));
    return s;
}

static bool command(M *m, const char *sql)
{
    PGresult *r = PQexec(m->pg, sql);
    bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    PQclear(r);
    return ok;
}

/* Runs a query under a savepoint and returns its rows*cols cells as arena strings
 * (NULL cells as NULL), or NULL on error (recorded as a warning about what). */
static char **query(M *m, const char *sql, int nparams, const char *const *params, int *nrows, const char *what)
{
    command(m, "SAVEPOINT sd_measure");
    PGresult *r = PQexecParams(m->pg, sql, nparams, NULL, params, NULL, NULL, 0);
    ExecStatusType st = PQresultStatus(r);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
        const char *msg = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
        SdDiag *d = sd_warning(m->diags, m->loc, "could not measure %s", what);
        d->detail = sd_strdup(m->a, msg ? msg : pg_message(m));
        PQclear(r);
        command(m, "ROLLBACK TO SAVEPOINT sd_measure");
        return NULL;
    }
    int rows = PQntuples(r), cols = PQnfields(r);
    char **cells = sd_alloc(m->a, sizeof(char *) * (size_t)(rows * cols + 1));
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            cells[i * cols + j] = PQgetisnull(r, i, j) ? NULL : sd_strdup(m->a, PQgetvalue(r, i, j));
    *nrows = rows;
    PQclear(r);
    command(m, "RELEASE SAVEPOINT sd_measure");
    return cells;
}

static bool query_int(M *m, const char *sql, int np, const char *const *params, int64_t *out, const char *what)
{
    int n = 0;
    char **c = query(m, sql, np, params, &n, what);
    if (!c || n < 1 || !c[0])
        return false;
    *out = strtoll(c[0], NULL, 10);
    return true;
}

static const char *qtable(M *m, const SdFinding *f)
{
    SdBuf b = {0};
    sd_buf_quote_ident(&b, f->schema);
    sd_buf_putc(&b, '.');
    sd_buf_quote_ident(&b, f->table);
    const char *s = sd_strdup(m->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static const char *qident(M *m, const char *s)
{
    SdBuf b = {0};
    sd_buf_quote_ident(&b, s);
    const char *r = sd_strdup(m->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return r;
}

/* Rows in the table: exact below the threshold, else reltuples (an estimate). */
static bool table_rows(M *m, const SdFinding *f, int64_t *rows, bool *estimate)
{
    const char *t = qtable(m, f);
    int64_t *cached = sd_map_get(&m->table_rows, t);
    if (!cached) {
        int64_t est = -1, n;
        const char *p[] = {t};
        query_int(m, "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = to_regclass($1)", 1, p, &est,
                  "the table size");
        bool is_est = est > (m->o->exact_limit ? m->o->exact_limit : 1000000);
        if (is_est)
            n = est;
        else if (!query_int(m, sd_printf(m->a, "SELECT count(*) FROM %s", t), 0, NULL, &n,
                            sd_printf(m->a, "the rows of %s", t)))
            return false;
        cached = sd_alloc(m->a, sizeof *cached);
        *cached = n;
        sd_map_put(m->a, &m->table_rows, t, cached);
        if (is_est)
            sd_map_put(m->a, &m->table_est, t, cached);
    }
    *rows = *cached;
    *estimate = sd_map_get(&m->table_est, t) != NULL;
    return true;
}

/* NULLs (or non-NULL values) of columns: exact, or from pg_stats.null_frac on big tables. */
static bool null_count(M *m, SdFinding *f, bool nulls)
{
    int64_t total;
    bool est;
    if (!table_rows(m, f, &total, &est))
        return false;
    SdBuf w = {0};
    for (size_t i = 0; i < f->columns.len; i++)
        sd_buf_printf(&w, "%s%s IS %s", i ? (nulls ? " OR " : " AND ") : "", qident(m, f->columns.items[i]),
                      nulls ? "NULL" : "NOT NULL");
    const char *where = sd_strdup(m->a, sd_buf_str(&w));
    sd_buf_free(&w);
    if (est && f->columns.len == 1) {
        const char *p[] = {f->schema, f->table, f->columns.items[0]};
        int n = 0;
        char **c = query(m, "SELECT null_frac FROM pg_stats WHERE schemaname = $1 AND tablename = $2 AND attname = $3",
                         3, p, &n, "column statistics");
        if (c && n == 1 && c[0]) {
            double frac = strtod(c[0], NULL);
            f->rows = (int64_t)((double)total * (nulls ? frac : 1.0 - frac) + 0.5);
            f->estimate = true;
            return true;
        }
    }
    f->estimate = false;
    return query_int(m, sd_printf(m->a, "SELECT count(*) FROM %s WHERE %s", qtable(m, f), where), 0, NULL, &f->rows,
                     sd_printf(m->a, "the values of %s", f->object));
}

static bool duplicates(M *m, SdFinding *f)
{
    SdBuf keys = {0}, notnull = {0};
    for (size_t i = 0; i < f->columns.len; i++) {
        const char *c = f->columns.items[i];
        const char *k = c[0] == '(' ? c : qident(m, c); /* "(expr)" from an expression index */
        sd_buf_printf(&keys, "%s%s", i ? ", " : "", k);
        sd_buf_printf(&notnull, "%s%s IS NOT NULL", i ? " AND " : "", k);
    }
    const SdIndex *idx = f->op->kind == SD_OP_CREATE_INDEX ? (const SdIndex *)f->op->after : NULL;
    const char *pred = idx && idx->predicate ? sd_printf(m->a, " AND (%s)", idx->predicate) : "";
    const char *sql = sd_printf(m->a,
                                "SELECT count(*), min(k) FROM (SELECT (%s)::text AS k FROM %s WHERE %s%s "
                                "GROUP BY %s HAVING count(*) > 1) d",
                                f->columns.len > 1 ? sd_printf(m->a, "ROW(%s)", sd_buf_str(&keys)) : sd_buf_str(&keys),
                                qtable(m, f), sd_buf_str(&notnull), pred, sd_buf_str(&keys));
    sd_buf_free(&keys);
    sd_buf_free(&notnull);
    int n = 0;
    char **c = query(m, sql, 0, NULL, &n, sd_printf(m->a, "duplicates in %s", f->object));
    if (!c || n != 1)
        return false;
    f->rows = strtoll(c[0], NULL, 10);
    f->example = c[1];
    return true;
}

/* A text[] literal of values, for a $n::text[] parameter. */
static const char *text_array(M *m, const SdVec *values)
{
    SdBuf arr = {0};
    sd_buf_putc(&arr, '{');
    for (size_t i = 0; i < values->len; i++) {
        sd_buf_printf(&arr, "%s\"", i ? "," : "");
        for (const char *s = values->items[i]; *s; s++) {
            if (*s == '"' || *s == '\\')
                sd_buf_putc(&arr, '\\');
            sd_buf_putc(&arr, *s);
        }
        sd_buf_putc(&arr, '"');
    }
    sd_buf_putc(&arr, '}');
    const char *s = sd_strdup(m->a, sd_buf_str(&arr));
    sd_buf_free(&arr);
    return s;
}

/* Rows whose foreign key columns are all non-NULL (MATCH SIMPLE) and match no
 * row of the referenced table; every such row when that table does not exist
 * yet (the plan creates it: it starts empty). */
static bool orphans(M *m, SdFinding *f)
{
    if (!f->lock_other || f->ref_columns.len != f->columns.len || !f->columns.len)
        return false;
    SdBuf ref = {0}, nn = {0}, on = {0}, key = {0};
    sd_buf_quote_ident(&ref, f->ref_schema ? f->ref_schema : f->schema);
    sd_buf_putc(&ref, '.');
    sd_buf_quote_ident(&ref, f->lock_other);
    for (size_t i = 0; i < f->columns.len; i++) {
        const char *c = qident(m, f->columns.items[i]), *r = qident(m, f->ref_columns.items[i]);
        sd_buf_printf(&nn, "%sc.%s IS NOT NULL", i ? " AND " : "", c);
        sd_buf_printf(&on, "%sp.%s = c.%s", i ? " AND " : "", r, c);
        sd_buf_printf(&key, "%sc.%s", i ? ", " : "", c);
    }
    const char *p[] = {sd_buf_str(&ref)};
    int64_t exists = 0;
    bool ok = query_int(m, "SELECT (to_regclass($1) IS NOT NULL)::int", 1, p, &exists, "the referenced table");
    const char *match = exists ? sd_printf(m->a, " AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s)", sd_buf_str(&ref),
                                           sd_buf_str(&on)) : "";
    const char *sql = sd_printf(m->a, "SELECT count(*), min((%s%s%s)::text) FROM %s c WHERE %s%s",
                                f->columns.len > 1 ? "ROW(" : "", sd_buf_str(&key), f->columns.len > 1 ? ")" : "",
                                qtable(m, f), sd_buf_str(&nn), match);
    sd_buf_free(&ref);
    sd_buf_free(&nn);
    sd_buf_free(&on);
    sd_buf_free(&key);
    int n = 0;
    char **c = ok ? query(m, sql, 0, NULL, &n, sd_printf(m->a, "orphan rows of %s", f->object)) : NULL;
    if (!c || n != 1)
        return false;
    f->rows = strtoll(c[0], NULL, 10);
    f->example = c[1];
    return true;
}

/* Rows for which a new CHECK's expression is false (NULL passes, as in PostgreSQL). */
static bool check_rows(M *m, SdFinding *f)
{
    if (!f->expr)
        return false;
    return query_int(m, sd_printf(m->a, "SELECT count(*) FROM %s WHERE NOT (%s)", qtable(m, f), f->expr), 0, NULL,
                     &f->rows, sd_printf(m->a, "the rows of %s", f->object));
}

/* A cast to an enum (which the plan may be creating) fails for every value
 * whose text is not one of its labels. */
static bool enum_cast(M *m, const SdFinding *f, int64_t *fails, const char **example)
{
    const char *t = qtable(m, f), *c = qident(m, f->column);
    const char *vp[] = {text_array(m, &f->values)};
    const char *sql = f->type_from->ndims
        ? sd_printf(m->a, "SELECT count(*), min(%s::text) FROM %s WHERE EXISTS (SELECT 1 FROM unnest(%s::text[]) u "
                          "WHERE u <> ALL ($1::text[]))", c, t, c)
        : sd_printf(m->a, "SELECT count(*), min(%s::text) FROM %s WHERE %s IS NOT NULL AND %s::text <> ALL ($1::text[])",
                    c, t, c, c);
    int n = 0;
    char **r = query(m, sql, 1, vp, &n, sd_printf(m->a, "the cast of %s", f->object));
    if (!r || n != 1)
        return false;
    *fails = strtoll(r[0], NULL, 10);
    *example = r[1];
    return true;
}

/* Rows holding a removed enum value, over every column of the enum or its array. */
static bool enum_rows(M *m, SdFinding *f)
{
    const char *type = qtable(m, f); /* "schema"."Enum" */
    const char *p[] = {type};
    int n = 0;
    char **cols = query(m,
                        "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), quote_ident(a.attname), "
                        "(a.atttypid <> to_regtype($1))::int FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 "
                        "AND NOT a.attisdropped AND a.atttypid IN (to_regtype($1), "
                        "(SELECT typarray FROM pg_type WHERE oid = to_regtype($1))) ORDER BY 1, 2",
                        1, p, &n, sd_printf(m->a, "the columns of enum %s", f->table));
    if (!cols)
        return false;
    const char *vp[] = {text_array(m, &f->values)};
    f->rows = 0;
    for (int i = 0; i < n; i++) {
        const char *t = cols[i * 3], *c = cols[i * 3 + 1];
        bool is_array = cols[i * 3 + 2][0] == '1';
        int64_t k;
        const char *sql = is_array ? sd_printf(m->a, "SELECT count(*) FROM %s WHERE %s::text[] && $1::text[]", t, c)
                                   : sd_printf(m->a, "SELECT count(*) FROM %s WHERE %s::text = ANY ($1::text[])", t, c);
        if (!query_int(m, sql, 1, vp, &k, sd_printf(m->a, "enum values in %s.%s", t, c)))
            return false;
        if (k > 0 && !f->example)
            f->example = sd_printf(m->a, "%s.%s", t, c);
        f->rows += k;
    }
    return true;
}

/* Tries the cast of every non-NULL value (up to cast_sample rows) as ALTER ... TYPE
 * would: PL/pgSQL assignment to a variable of the new type, one exception block
 * per row.  Read-only: the DO block only SELECTs; its result comes back as a NOTICE.
 * Fills fails/changed (values that convert to something else). */
static bool cast_counts(M *m, const SdFinding *f, int64_t *fails, int64_t *changed, int64_t *tried,
                        const char **example)
{
    const char *t = qtable(m, f), *c = qident(m, f->column);
    const char *to = sd_type_format(m->a, f->type_to), *from = sd_type_format(m->a, f->type_from);
    if (f->type_to->schema && strcmp(f->type_to->schema, "public") == 0)
        to = sd_printf(m->a, "%s.%s", qident(m, "public"), to);
    if (f->type_from->schema && strcmp(f->type_from->schema, "public") == 0)
        from = sd_printf(m->a, "%s.%s", qident(m, "public"), from);
    const char *all = sd_printf(m->a, "%s%s%s%s", t, c, to, from);
    if (strstr(all, "$sd$"))
        return false;
    int64_t sample = m->o->cast_sample ? m->o->cast_sample : 100000;
    const char *sql = sd_printf(m->a,
        "DO $sd$ DECLARE r record; v %s; n bigint := 0; nf bigint := 0; nc bigint := 0; ex text; BEGIN "
        "FOR r IN SELECT %s AS x FROM %s WHERE %s IS NOT NULL LIMIT %" PRId64 " LOOP n := n + 1; "
        "BEGIN v := r.x; "
        "BEGIN IF v::text::%s IS DISTINCT FROM r.x THEN nc := nc + 1; END IF; "
        "EXCEPTION WHEN others THEN nc := nc + 1; END; "
        "EXCEPTION WHEN others THEN nf := nf + 1; IF ex IS NULL THEN ex := left(r.x::text, 60); END IF; END; "
        "END LOOP; RAISE NOTICE 'sd-measure %% %% %% %%', n, nf, nc, coalesce(ex, ''); END $sd$",
        to, c, t, c, sample, from);
    m->notice = NULL;
    int n = 0;
    if (!query(m, sql, 0, NULL, &n, sd_printf(m->a, "the cast of %s to %s", f->object, to)) || !m->notice)
        return false;
    char *end;
    *tried = strtoll(m->notice, &end, 10);
    *fails = strtoll(end, &end, 10);
    *changed = strtoll(end, &end, 10);
    *example = *end == ' ' && end[1] ? sd_strdup(m->a, end + 1) : NULL;
    return true;
}

/* The cast of one op is tried once; both its findings (data-loss, cast-failure) read it. */
typedef struct CastResult {
    int64_t fails, changed;
    bool estimate;
    const char *example;
} CastResult;

static bool measure_cast(M *m, SdFinding *f)
{
    const char *key = sd_printf(m->a, "%p", (const void *)f->op);
    CastResult *r = sd_map_get(&m->casts, key);
    if (!r) {
        int64_t tried, total;
        bool est;
        r = sd_alloc(m->a, sizeof *r);
        if (!table_rows(m, f, &total, &est))
            return false;
        if (f->type_to->is_enum && f->values.len && f->type_from->ndims == f->type_to->ndims) {
            if (!enum_cast(m, f, &r->fails, &r->example))
                return false;
            tried = 0;
        } else if (!cast_counts(m, f, &r->fails, &r->changed, &tried, &r->example)) {
            return false;
        }
        r->estimate = tried >= (m->o->cast_sample ? m->o->cast_sample : 100000);
        sd_map_put(m->a, &m->casts, key, r);
    }
    f->rows = f->measure == SD_MEASURE_CAST_FAIL ? r->fails : r->fails + r->changed;
    f->estimate = r->estimate;
    f->example = r->example;
    return true;
}

static bool measure_one(M *m, SdFinding *f)
{
    bool est = false;
    switch (f->measure) {
    case SD_MEASURE_TABLE_ROWS:
        if (!table_rows(m, f, &f->rows, &est))
            return false;
        f->estimate = est;
        f->fails = f->cls == SD_RISK_NOT_NULL && f->rows > 0;
        return true;
    case SD_MEASURE_NON_NULL:
        sd_vec_push(m->a, &f->columns, (void *)f->column);
        return null_count(m, f, false);
    case SD_MEASURE_NULLS:
        if (!null_count(m, f, true))
            return false;
        f->fails = f->rows > 0;
        return true;
    case SD_MEASURE_DUPLICATES:
        if (!duplicates(m, f))
            return false;
        f->fails = f->rows > 0;
        return true;
    case SD_MEASURE_ENUM_VALUES:
        if (!enum_rows(m, f))
            return false;
        f->fails = f->rows > 0;
        return true;
    case SD_MEASURE_ORPHANS:
    case SD_MEASURE_CHECK:
        if (!(f->measure == SD_MEASURE_ORPHANS ? orphans(m, f) : check_rows(m, f)))
            return false;
        f->fails = f->rows > 0;
        return true;
    case SD_MEASURE_CAST_FAIL:
    case SD_MEASURE_CAST_CHANGE:
        if (!measure_cast(m, f))
            return false;
        f->fails = f->cls == SD_RISK_CAST && f->rows > 0;
        return true;
    case SD_MEASURE_NONE: break;
    }
    return false;
}

static void measure_op(M *m, SdOp *op)
{
    for (size_t i = 0; i < op->findings.len; i++) {
        SdFinding *f = op->findings.items[i];
        f->measured = false;
        f->fails = false;
        if (f->measure != SD_MEASURE_NONE && measure_one(m, f))
            f->measured = true;
    }
    for (size_t i = 0; i < op->group.len; i++)
        measure_op(m, op->group.items[i]);
}

bool sd_risk_measure(SdArena *a, SdDiags *diags, SdPlan *plan, const char *url, const SdMeasureOptions *opts,
                     int *server_version)
{
    static const SdMeasureOptions no_opts = {0};
    M m = {.a = a, .diags = diags, .o = opts ? opts : &no_opts};
    SdSource *src = sd_source_new(a, sd_url_mask_password(a, url), "", 0);
    m.loc = sd_loc_file(src);
    m.pg = PQconnectdb(url);
    if (PQstatus(m.pg) != CONNECTION_OK) {
        SdDiag *d = sd_error(diags, m.loc, "cannot connect to measure the risks");
        d->detail = pg_message(&m);
        PQfinish(m.pg);
        return false;
    }
    PQsetNoticeReceiver(m.pg, on_notice, &m);
    if (server_version)
        *server_version = PQserverVersion(m.pg) / 10000;
    int timeout = m.o->statement_timeout_ms ? m.o->statement_timeout_ms : 5000;
    bool ok = command(&m, sd_printf(a, "SET statement_timeout = %d", timeout)) &&
              command(&m, "SET lock_timeout = 1000") && command(&m, "SET client_min_messages = notice") &&
              command(&m, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!ok) {
        SdDiag *d = sd_error(diags, m.loc, "cannot start a read-only transaction to measure the risks");
        d->detail = pg_message(&m);
        PQfinish(m.pg);
        return false;
    }
    for (size_t i = 0; i < plan->ops.len; i++)
        measure_op(&m, plan->ops.items[i]);
    command(&m, "ROLLBACK");
    PQfinish(m.pg);
    return true;
}

int sd_risk_server_version(SdArena *a, SdDiags *diags, const char *url)
{
    M m = {.a = a, .diags = diags};
    m.pg = PQconnectdb(url);
    int v = 0;
    if (PQstatus(m.pg) == CONNECTION_OK) {
        v = PQserverVersion(m.pg) / 10000;
    } else {
        SdSource *src = sd_source_new(a, sd_url_mask_password(a, url), "", 0);
        SdDiag *d = sd_error(diags, sd_loc_file(src), "cannot connect to measure the risks");
        d->detail = pg_message(&m);
    }
    PQfinish(m.pg);
    return v;
}

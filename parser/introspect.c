/* introspect.c: the libpq side of live introspection (see introspect.h).
 * Connects, opens one read-only repeatable-read transaction with a statement
 * timeout, runs the fixed list of bulk catalog queries (introspect_sql.c) and
 * hands their rows, copied into the arena, to the loaders.  PGconn and
 * PGresult never leave this file; no password is ever printed. */
#include "introspect_int.h"

#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { DEFAULT_TIMEOUT_MS = 30000, DEFAULT_CONNECT_TIMEOUT_S = 10, MIN_SERVER_VERSION = 120000 };

/* ---- capabilities: every PostgreSQL-version difference, in one table ---- */

/* A token "@name@" in a query becomes `now` on servers of min_version and
 * later, `before` on older ones. */
static const struct Capability {
    const char *token;
    int min_version;
    const char *now, *before;
} CAPABILITIES[] = {
    {"@indnullsnotdistinct@", 150000, "x.indnullsnotdistinct", "false"}, /* x: pg_index */
};

static const char *apply_capabilities(SdArena *a, const char *sql, int version)
{
    if (!strchr(sql, '@'))
        return sql;
    SdBuf b = {0};
    for (const char *p = sql; *p;) {
        const struct Capability *cap = NULL;
        for (size_t i = 0; *p == '@' && i < SD_ARRAY_LEN(CAPABILITIES); i++)
            if (strncmp(p, CAPABILITIES[i].token, strlen(CAPABILITIES[i].token)) == 0)
                cap = &CAPABILITIES[i];
        if (cap) {
            sd_buf_puts(&b, version >= cap->min_version ? cap->now : cap->before);
            p += strlen(cap->token);
        } else {
            sd_buf_putc(&b, *p++);
        }
    }
    const char *out = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

/* ---- URLs and secrets ---- */

static bool is_url(const char *s)
{
    return strncmp(s, "postgresql://", 13) == 0 || strncmp(s, "postgres://", 11) == 0;
}

/* The raw password of a URL (between "user:" and '@', or ?password=...), or NULL. */
static const char *url_password(SdArena *a, const char *url)
{
    if (!is_url(url))
        return NULL;
    const char *p = strstr(url, "://") + 3;
    size_t n = strcspn(p, "@/");
    if (p[n] == '@') {
        const char *colon = memchr(p, ':', n);
        if (colon)
            return sd_strndup(a, colon + 1, (size_t)(p + n - colon - 1));
    }
    const char *q = strchr(url, '?');
    for (; q; q = strchr(q + 1, '&')) {
        if (strncmp(q + 1, "password=", 9) == 0)
            return sd_strndup(a, q + 10, strcspn(q + 10, "&"));
    }
    return NULL;
}

const char *sd_url_mask_password(SdArena *a, const char *url)
{
    if (!is_url(url))
        return sd_strdup(a, url);
    SdBuf b = {0};
    const char *p = strstr(url, "://") + 3;
    sd_buf_put(&b, url, (size_t)(p - url));
    size_t n = strcspn(p, "@/");
    const char *colon = p[n] == '@' ? memchr(p, ':', n) : NULL;
    if (colon) {
        sd_buf_put(&b, p, (size_t)(colon - p));
        sd_buf_puts(&b, ":****");
        p += n;
    }
    /* the rest, with every password=... query parameter masked */
    const char *q = strchr(p, '?');
    sd_buf_put(&b, p, q ? (size_t)(q - p) : strlen(p));
    while (q) {
        size_t len = strcspn(q + 1, "&");
        if (strncmp(q + 1, "password=", 9) == 0) {
            sd_buf_putc(&b, *q);
            sd_buf_puts(&b, "password=****");
        } else {
            sd_buf_put(&b, q, len + 1);
        }
        q = q[len + 1] ? q + len + 1 : NULL;
    }
    const char *out = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

/* Decodes %XX escapes (libpq decodes URL parts the same way). */
static const char *percent_decode(SdArena *a, const char *s)
{
    char *out = sd_alloc(a, strlen(s) + 1), *o = out;
    for (const char *p = s; *p; p++) {
        if (p[0] == '%' && p[1] && p[2] && strchr("0123456789abcdefABCDEF", p[1]) &&
            strchr("0123456789abcdefABCDEF", p[2])) {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    return out;
}

/* msg with every occurrence of secret replaced by "****". */
static const char *scrub(SdArena *a, const char *msg, const char *secret)
{
    if (!secret || strlen(secret) < 1 || !strstr(msg, secret))
        return msg;
    SdBuf b = {0};
    size_t n = strlen(secret);
    for (const char *p = msg; *p;) {
        if (strncmp(p, secret, n) == 0) {
            sd_buf_puts(&b, "****");
            p += n;
        } else {
            sd_buf_putc(&b, *p++);
        }
    }
    const char *out = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

/* ---- the connection ---- */

typedef struct Conn {
    SdIntro *in;
    PGconn *pg;
    const char *password; /* raw and decoded, to scrub from messages */
    const char *password_decoded;
    int version;
    SdIntrospectStats stats;
} Conn;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* libpq's message, trimmed, "ERROR:  " dropped, passwords scrubbed. */
static const char *clean_message(Conn *c, const char *raw)
{
    SdArena *a = c->in->arena;
    const char *s = raw && *raw ? raw : "no message from libpq";
    if (strncmp(s, "ERROR:  ", 8) == 0)
        s += 8;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
        n--;
    const char *m = sd_strndup(a, s, n);
    m = scrub(a, m, c->password);
    return scrub(a, m, c->password_decoded);
}

static void fail(Conn *c, const char *msg, const char *libpq_msg)
{
    SdDiag *g = sd_error(c->in->diags, c->in->loc, "%s", msg);
    g->detail = clean_message(c, libpq_msg);
}

static bool connect_db(Conn *c, const char *url)
{
    /* Keywords before "dbname" are defaults the URL may override. */
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d", DEFAULT_CONNECT_TIMEOUT_S);
    const char *keys[4], *vals[4];
    int n = 0;
    if (!getenv("PGCONNECT_TIMEOUT"))
        keys[n] = "connect_timeout", vals[n++] = timeout;
    keys[n] = "fallback_application_name", vals[n++] = "schemadiff";
    keys[n] = "dbname", vals[n++] = url;
    keys[n] = NULL, vals[n] = NULL;
    double t0 = now_ms();
    c->pg = PQconnectdbParams(keys, vals, 1);
    c->stats.connect_ms = now_ms() - t0;
    if (!c->pg) {
        fail(c, "cannot connect to the database", "out of memory in libpq");
        return false;
    }
    if (PQstatus(c->pg) != CONNECTION_OK) {
        fail(c, "cannot connect to the database", PQerrorMessage(c->pg));
        return false;
    }
    c->version = PQserverVersion(c->pg);
    if (c->version < MIN_SERVER_VERSION) {
        SdDiag *g = sd_error(c->in->diags, c->in->loc, "PostgreSQL %d.%d is not supported", c->version / 10000,
                             c->version % 10000);
        g->hint = "schemadiff reads PostgreSQL 12 and later.";
        return false;
    }
    return true;
}

/* Runs a statement that returns no rows. */
static bool exec_command(Conn *c, const char *sql, const char *what)
{
    PGresult *res = PQexec(c->pg, sql);
    c->stats.queries++;
    bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok)
        fail(c, sd_printf(c->in->arena, "introspection failed at %s", what),
             res ? PQresultErrorMessage(res) : PQerrorMessage(c->pg));
    PQclear(res);
    return ok;
}

static void copy_rows(SdArena *a, PGresult *res, SdRows *rows)
{
    rows->nrows = (size_t)PQntuples(res);
    rows->ncols = (size_t)PQnfields(res);
    rows->names = sd_alloc(a, (rows->ncols + 1) * sizeof *rows->names);
    for (size_t j = 0; j < rows->ncols; j++)
        rows->names[j] = sd_strdup(a, PQfname(res, (int)j));
    rows->cells = sd_alloc(a, (rows->nrows * rows->ncols + 1) * sizeof *rows->cells);
    for (size_t i = 0; i < rows->nrows; i++)
        for (size_t j = 0; j < rows->ncols; j++)
            if (!PQgetisnull(res, (int)i, (int)j))
                rows->cells[i * rows->ncols + j] =
                    sd_strndup(a, PQgetvalue(res, (int)i, (int)j), (size_t)PQgetlength(res, (int)i, (int)j));
}

/* {"a","b"} with " and \ escaped, as array_in reads it. */
static const char *schema_array(SdArena *a, const SdVec *schemas)
{
    SdBuf b = {0};
    sd_buf_putc(&b, '{');
    for (size_t i = 0; i < schemas->len; i++) {
        if (i)
            sd_buf_putc(&b, ',');
        sd_buf_putc(&b, '"');
        for (const char *p = schemas->items[i]; *p; p++) {
            if (*p == '"' || *p == '\\')
                sd_buf_putc(&b, '\\');
            sd_buf_putc(&b, *p);
        }
        sd_buf_putc(&b, '"');
    }
    sd_buf_putc(&b, '}');
    const char *out = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

/* The CTEs every catalog query starts with (see introspect_int.h).  Extension
 * members are found from the extension side (pg_depend_reference_index on
 * refclassid: a few rows, hashed) rather than probing pg_depend once a row. */
static const char QUERY_PREFIX[] =
    "with ns as (\n"
    "  select n.oid, n.nspname from pg_namespace n\n"
    "  where (n.nspname = any($1::text[])\n"
    "         or ($2::bool and n.nspname not in ('pg_catalog', 'information_schema')\n"
    "             and n.nspname not like 'pg\\_%'))\n"
    "    and n.oid not in (select d.objid from pg_depend d where d.refclassid = 'pg_extension'::regclass\n"
    "                      and d.classid = 'pg_namespace'::regclass and d.deptype = 'e')),\n"
    "rel as (\n"
    "  select c.oid, n.nspname, c.relname, c.relkind from pg_class c join ns n on n.oid = c.relnamespace\n"
    "  where c.relkind in ('r', 'p', 'f', 'v', 'm', 'S')\n"
    "    and not ($3::bool and c.relname = '_prisma_migrations')\n"
    "    and c.oid not in (select d.objid from pg_depend d where d.refclassid = 'pg_extension'::regclass\n"
    "                      and d.classid = 'pg_class'::regclass and d.deptype = 'e'))";

/* Sends one catalog query into the pipeline (its result is read later). */
static bool send_query(Conn *c, const SdIntroQuery *q, const char *const params[3])
{
    SdArena *a = c->in->arena;
    const char *sql = apply_capabilities(a, sd_printf(a, "%s\n%s", QUERY_PREFIX, q->sql), c->version);
    if (PQsendQueryParams(c->pg, sql, 3, NULL, params, NULL, NULL, 0))
        return true;
    fail(c, sd_printf(a, "introspection failed while sending the query for %s", q->what), PQerrorMessage(c->pg));
    return false;
}

/* Reads the result of q from the pipeline and hands its rows to q's loader. */
static bool read_result(Conn *c, const SdIntroQuery *q, double *t0)
{
    SdArena *a = c->in->arena;
    PGresult *res = PQgetResult(c->pg);
    double t1 = now_ms();
    c->stats.queries++;
    int k = c->stats.catalog_queries++;
    if (k < (int)SD_ARRAY_LEN(c->stats.each)) {
        c->stats.each[k].what = q->what;
        c->stats.each[k].ms = t1 - *t0; /* since the previous result: the server works ahead */
        c->stats.each[k].rows = res ? (size_t)PQntuples(res) : 0;
    }
    *t0 = t1;
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        /* In a pipeline libpq may not have seen the socket close yet: a
         * FATAL or PANIC error ends the session all the same. */
        const char *sev = res ? PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED) : NULL;
        bool fatal = sev && (strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0);
        bool lost = PQstatus(c->pg) == CONNECTION_BAD || !res || fatal;
        const char *msg = lost ? sd_printf(a, "lost the connection to the database while reading %s", q->what)
                               : sd_printf(a, "introspection failed while reading %s", q->what);
        fail(c, msg, !res || (lost && !fatal) ? PQerrorMessage(c->pg) : PQresultErrorMessage(res));
        PQclear(res);
        return false;
    }
    SdRows rows = {0};
    copy_rows(a, res, &rows);
    PQclear(res);
    PGresult *end = PQgetResult(c->pg); /* NULL: the end of this query's results */
    if (end)
        sd_unreachable("a second result for one catalog query");
    c->stats.rows += rows.nrows;
    q->load(c->in, &rows);
    return true;
}

/* Runs every catalog query in one pipeline: all are sent at once, so the
 * server runs each next query while the loaders read the rows of the last
 * one, with no round trip in between.  On an error the server skips the
 * rest of the pipeline; only the first error is reported. */
static bool run_queries(Conn *c, const char *const params[3])
{
    if (!PQenterPipelineMode(c->pg)) {
        fail(c, "introspection failed at the start of the pipeline", PQerrorMessage(c->pg));
        return false;
    }
    bool ok = true;
    for (size_t i = 0; ok && i < sd_intro_nqueries; i++)
        ok = send_query(c, &sd_intro_queries[i], params);
    if (ok && !PQpipelineSync(c->pg)) {
        fail(c, "introspection failed at the end of the pipeline", PQerrorMessage(c->pg));
        ok = false;
    }
    double t0 = now_ms();
    for (size_t i = 0; ok && i < sd_intro_nqueries; i++)
        ok = read_result(c, &sd_intro_queries[i], &t0) && !sd_diags_errors(c->in->diags);
    if (!ok)
        return false;
    PGresult *sync = PQgetResult(c->pg);
    ok = PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!ok || !PQexitPipelineMode(c->pg)) {
        fail(c, "introspection failed at the end of the pipeline", PQerrorMessage(c->pg));
        return false;
    }
    return true;
}

static bool read_catalog(Conn *c, const SdIntrospectOptions *opts)
{
    SdArena *a = c->in->arena;
    /* The statement timeout: the option's; else the session's own (URL
     * options=-c statement_timeout=..., PGOPTIONS); else 30 s.
     * pg_get_expr and format_type qualify names outside the search path:
     * pin it so the text does not depend on the role's settings.  JIT would
     * spend more compiling the catalog queries than running them; sorts of
     * 10^5 catalog rows should not spill to disk. */
    const char *timeout = opts->statement_timeout_ms > 0
                              ? sd_printf(a, "'%d'", opts->statement_timeout_ms)
                              : sd_printf(a,
                                          "case current_setting('statement_timeout') when '0' then '%d' "
                                          "else current_setting('statement_timeout') end",
                                          DEFAULT_TIMEOUT_MS);
    const char *setup = sd_printf(a,
                                  "BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ; "
                                  "SELECT set_config('statement_timeout', %s, true); "
                                  "SET LOCAL search_path = public; SET LOCAL jit = off; "
                                  "SET LOCAL work_mem = '64MB'",
                                  timeout);
    if (!exec_command(c, setup, "the start of the read-only transaction"))
        return false;
    SdVec schemas = opts->schemas;
    bool all = false;
    for (size_t i = 0; i < schemas.len; i++)
        all |= strcmp(schemas.items[i], "*") == 0;
    if (!schemas.len)
        sd_vec_push(a, &schemas, "public");
    const char *params[3] = {schema_array(a, &schemas), all ? "true" : "false",
                             opts->include_prisma_migrations ? "false" : "true"};
    if (!run_queries(c, params))
        return false;
    return exec_command(c, "COMMIT", "the end of the read-only transaction");
}

SdCatalog *sd_introspect(SdArena *a, SdDiags *d, const char *url, const SdIntrospectOptions *opts)
{
    static const SdIntrospectOptions no_opts = {0};
    if (!opts)
        opts = &no_opts;
    const char *masked = sd_url_mask_password(a, url);
    SdSource *src = sd_source_new(a, masked, "", 0);
    SdIntro in = {.arena = a, .diags = d, .loc = sd_loc_file(src)};
    in.cat = sd_catalog_new(a, "database");
    in.cat->describes_all = true;
    Conn c = {.in = &in};
    c.password = url_password(a, url);
    c.password_decoded = c.password ? percent_decode(a, c.password) : NULL;
    int errors = sd_diags_errors(d);
    double t0 = 0;
    bool ok = connect_db(&c, url);
    if (ok) {
        t0 = now_ms();
        ok = read_catalog(&c, opts);
        c.stats.query_ms = now_ms() - t0;
    }
    if (c.pg)
        PQfinish(c.pg);
    if (opts->stats)
        *opts->stats = c.stats;
    return ok && sd_diags_errors(d) == errors ? in.cat : NULL;
}

void sd_introspect_schemas_parse(SdArena *a, SdIntrospectOptions *opts, const char *list)
{
    if (!list)
        return;
    for (const char *p = list; *p;) {
        size_t n = strcspn(p, ",");
        const char *s = p, *e = p + n;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > s)
            sd_vec_push(a, &opts->schemas, sd_strndup(a, s, (size_t)(e - s)));
        p += n;
        if (*p == ',')
            p++;
    }
}

/* ---- SdRows helpers (declared in introspect_int.h) ---- */

int sd_rows_col(const SdRows *r, const char *name)
{
    for (size_t j = 0; j < r->ncols; j++)
        if (strcmp(r->names[j], name) == 0)
            return (int)j;
    sd_unreachable(name);
}

bool sd_rows_bool(const SdRows *r, size_t row, int col)
{
    const char *s = sd_rows_at(r, row, col);
    return s && s[0] == 't';
}

int64_t sd_rows_int(const SdRows *r, size_t row, int col)
{
    const char *s = sd_rows_at(r, row, col);
    return s ? strtoll(s, NULL, 10) : 0;
}

/* fill.c: a deterministic test data generator (see tools.h).  Rows follow the
 * schema read by introspection: tables in foreign-key order, keys distinct,
 * other columns drawn from a pool of two values (so new unique indexes meet
 * duplicates), the last rows NULL in nullable columns (so SET NOT NULL meets
 * NULLs), every other value of an unbounded string long (so narrowing to
 * varchar(n) fails), foreign keys pointing at parent rows.  Every value is an
 * untyped literal: PostgreSQL resolves it against the column type. */
#include "tools.h"

#include <stdlib.h>
#include <string.h>

typedef struct TFill {
    const SdTable *t;
    int n;                 /* rows attempted */
    const char ***vals;    /* vals[row][col]: literal text; NULL = SQL NULL */
    bool *ok;              /* the row is in the table */
    bool *uniq;            /* per column: in a primary key, unique constraint or unique index */
    const SdConstraint **fk; /* per column: the foreign key it belongs to, or NULL */
    int state;             /* 0 new, 1 visiting, 2 filled */
} TFill;

typedef struct G {
    SdArena *a;
    PGconn *pg;
    const SdCatalog *cat;
    uint64_t seed;
    SdMap tables; /* "schema.name" -> TFill* */
    SdFillStats *st;
} G;

static const char DEFAULT_MARK[] = "DEFAULT";

static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static const char *tkey(G *g, const char *schema, const char *name)
{
    return sd_printf(g->a, "%s.%s", schema ? schema : "public", name);
}

static bool exec_ok(PGconn *pg, const char *sql)
{
    PGresult *r = PQexec(pg, sql);
    ExecStatusType s = PQresultStatus(r);
    PQclear(r);
    return s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK;
}

static int col_index(const SdTable *t, const char *name)
{
    for (size_t i = 0; i < t->columns.len; i++)
        if (strcmp(SD_VEC_AT(t->columns, i, const SdColumn *)->name, name) == 0)
            return (int)i;
    return -1;
}

static TFill *prepare(G *g, const SdTable *t)
{
    TFill *f = sd_alloc(g->a, sizeof *f);
    size_t nc = t->columns.len;
    f->t = t;
    f->n = 5 + (int)(mix(g->seed ^ hash_str(t->obj.name)) % 8);
    f->uniq = sd_alloc(g->a, nc + 1);
    f->fk = sd_alloc(g->a, sizeof *f->fk * (nc + 1));
    f->ok = sd_alloc(g->a, (size_t)f->n);
    f->vals = sd_alloc(g->a, sizeof *f->vals * (size_t)f->n);
    for (int r = 0; r < f->n; r++)
        f->vals[r] = sd_alloc(g->a, sizeof **f->vals * (nc + 1));
    for (size_t i = 0; i < t->constraints.len; i++) {
        const SdConstraint *c = t->constraints.items[i];
        for (size_t j = 0; j < c->columns.len; j++) {
            int k = col_index(t, c->columns.items[j]);
            if (k < 0)
                continue;
            if (c->kind == SD_CON_PRIMARY || c->kind == SD_CON_UNIQUE || c->kind == SD_CON_EXCLUDE)
                f->uniq[k] = true;
            else if (c->kind == SD_CON_FOREIGN && !f->fk[k])
                f->fk[k] = c;
        }
    }
    for (size_t i = 0; i < g->cat->indexes.len; i++) {
        const SdIndex *x = g->cat->indexes.items[i];
        if (!x->unique || !sd_streq(x->table, t->obj.name) || !sd_streq(x->obj.schema, t->obj.schema))
            continue;
        for (size_t j = 0; j < x->elems.len; j++) {
            const SdIndexElem *e = x->elems.items[j];
            int k = e->column ? col_index(t, e->column) : -1;
            if (k >= 0)
                f->uniq[k] = true;
        }
    }
    return f;
}

/* ---- values ---- */

static const SdEnum *find_enum(G *g, const SdType *ty)
{
    return sd_catalog_find_enum(g->cat, ty->schema ? ty->schema : "public", ty->name);
}

/* A string of exactly len characters starting with prefix. */
static const char *padded(G *g, const char *prefix, int len)
{
    size_t p = strlen(prefix);
    if (len <= 0 || (size_t)len <= p)
        return len > 0 ? sd_strndup(g->a, prefix, (size_t)len) : prefix;
    char *s = sd_alloc(g->a, (size_t)len + 1);
    memcpy(s, prefix, p);
    for (size_t i = p; i < (size_t)len; i++)
        s[i] = (char)('a' + (i % 26));
    return s;
}

/* A number that fits numeric(p,s): v modulo the integer digits, and a fraction. */
static const char *numeric_value(G *g, const SdType *ty, long v)
{
    int p = ty->mods[0], s = ty->mods[1] < 0 ? 0 : ty->mods[1];
    if (p < 0)
        return sd_printf(g->a, "%ld.125", v);
    long lim = 1;
    for (int i = 0; i < p - s && i < 9; i++)
        lim *= 10;
    const char *frac = s >= 3 ? ".125" : s == 2 ? ".25" : s == 1 ? ".5" : "";
    return sd_printf(g->a, "%ld%s", p - s > 0 ? v % lim : 0, frac);
}

/* The literal of a scalar of type ty: v is the value's number (distinct per row
 * under a key, from a pool of two otherwise); long: the long variant of strings. */
static const char *scalar(G *g, const SdType *ty, long v, bool uniq, int row)
{
    const char *n = ty->name ? ty->name : "";
    if (ty->is_enum) {
        const SdEnum *e = find_enum(g, ty);
        if (!e || !e->labels.len || (uniq && (size_t)v >= e->labels.len))
            return NULL;
        return SD_VEC_AT(e->labels, (size_t)v % e->labels.len, const char *);
    }
    if (!strcmp(n, "smallint") || !strcmp(n, "integer") || !strcmp(n, "bigint") || !strcmp(n, "oid"))
        return sd_printf(g->a, "%ld", v + 1);
    if (!strcmp(n, "numeric"))
        return numeric_value(g, ty, v + 1);
    if (!strcmp(n, "real") || !strcmp(n, "double precision") || !strcmp(n, "money"))
        return sd_printf(g->a, "%ld.5", v + 1);
    if (!strcmp(n, "boolean"))
        return v % 2 ? "true" : "false";
    if (!strcmp(n, "uuid"))
        return sd_printf(g->a, "%08x-0000-4000-8000-%012lx", (unsigned)(g->seed & 0xffffffffu), (unsigned long)v);
    if (!strcmp(n, "date"))
        return sd_printf(g->a, "2024-%02ld-%02ld", 1 + (v / 28) % 12, 1 + v % 28);
    if (!strncmp(n, "timestamp", 9))
        return sd_printf(g->a, "2024-%02ld-%02ld 10:%02ld:07.123456%s", 1 + (v / 28) % 12, 1 + v % 28, v % 60,
                         strstr(n, "with time zone") && !strstr(n, "without") ? "+00" : "");
    if (!strncmp(n, "time", 4))
        return sd_printf(g->a, "10:%02ld:07.123456%s", v % 60, strstr(n, "without") ? "" : "+00");
    if (!strcmp(n, "interval"))
        return sd_printf(g->a, "%ld days 01:02:03.456789", v + 1);
    if (!strcmp(n, "json") || !strcmp(n, "jsonb"))
        return v % 2 ? sd_printf(g->a, "{\"k\": %ld, \"b\": [1, 2]}", v) : sd_printf(g->a, "[%ld]", v);
    if (!strcmp(n, "bytea"))
        return sd_printf(g->a, "\\x%04lx", v);
    if (!strcmp(n, "inet"))
        return sd_printf(g->a, "10.0.%ld.%ld", (v / 250) % 250, 1 + v % 250);
    if (!strcmp(n, "cidr"))
        return sd_printf(g->a, "10.%ld.0.0/16", v % 250);
    if (!strcmp(n, "tsvector"))
        return sd_printf(g->a, "w%ld", v);
    if (!strcmp(n, "bit") || !strcmp(n, "bit varying"))
        return padded(g, "1", ty->mods[0] > 0 ? ty->mods[0] : 1);
    if (!strcmp(n, "text") || !strcmp(n, "character varying") || !strcmp(n, "character") || !strcmp(n, "citext")) {
        const char *base = uniq ? sd_printf(g->a, "u%ld_", v) : v % 2 ? "long_" : "v0";
        int max = ty->mods[0];
        if (!strcmp(n, "character") && max < 0)
            max = 1;
        if (v % 2 || !strcmp(n, "character")) /* the long variant: the full length, or 300 characters */
            return padded(g, base, max > 0 ? max : 300);
        if (max > 0 && (int)strlen(base) > max)
            return padded(g, base, max);
        return base;
    }
    SD_UNUSED(row);
    return NULL; /* unknown type: DEFAULT, NULL, or no row */
}

/* Array literal: one element, or two for the odd pool value. */
static const char *array_value(G *g, const SdType *ty, long v, bool uniq, int row)
{
    SdType el = *ty;
    el.ndims = 0;
    SdBuf b = {0};
    sd_buf_putc(&b, '{');
    int count = uniq ? 1 : (int)(v % 2) + 1;
    for (int i = 0; i < count; i++) {
        const char *e = scalar(g, &el, v + i, uniq, row);
        if (!e) {
            sd_buf_free(&b);
            return NULL;
        }
        sd_buf_puts(&b, i ? ",\"" : "\"");
        for (const char *s = e; *s; s++) {
            if (*s == '"' || *s == '\\')
                sd_buf_putc(&b, '\\');
            sd_buf_putc(&b, *s);
        }
        sd_buf_putc(&b, '"');
    }
    sd_buf_putc(&b, '}');
    const char *s = sd_strdup(g->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* Whether row r of f is NULL in nullable, non-key column c: the last row in
 * every such column, the one before in every other. */
static bool null_here(const TFill *f, int c, int r)
{
    return r == f->n - 1 || (r == f->n - 2 && c % 2 == 1);
}

/* A parent row for a foreign key: row r's choice among the parent's rows in
 * the table.  Returns -1 when there is none. */
static int parent_row(const TFill *p, int r, bool one_to_one, int limit)
{
    int okrows[64], n = 0;
    for (int i = 0; i < p->n && i < limit && n < 64; i++)
        if (p->ok[i])
            okrows[n++] = i;
    if (!n || (one_to_one && r >= n))
        return -1;
    return okrows[one_to_one ? r : (r * 3 + 1) % n];
}

static bool fk_all_nullable(const TFill *f, const SdConstraint *c)
{
    for (size_t j = 0; j < c->columns.len; j++) {
        int k = col_index(f->t, c->columns.items[j]);
        if (k >= 0 && SD_VEC_AT(f->t->columns, (size_t)k, const SdColumn *)->not_null)
            return false;
    }
    return true;
}

/* Sets the columns of foreign key c in row r; false when it cannot. */
static bool fill_fk(G *g, TFill *f, const SdConstraint *c, int r)
{
    TFill *p = sd_map_get(&g->tables, tkey(g, c->ref_schema, c->ref_table));
    bool self = p == f, one = false;
    for (size_t j = 0; j < c->columns.len; j++) {
        int k = col_index(f->t, c->columns.items[j]);
        one = one || (k >= 0 && f->uniq[k]);
    }
    int pr = -1;
    if (p && (p->state == 2 || self))
        pr = self ? (r > 0 ? r - 1 : (fk_all_nullable(f, c) ? -1 : 0)) : parent_row(p, r, one, p->n);
    if (self && pr >= 0 && pr < r && !f->ok[pr])
        pr = -1;
    for (size_t j = 0; j < c->columns.len; j++) {
        int k = col_index(f->t, c->columns.items[j]);
        int rk = pr >= 0 && j < c->ref_columns.len ? col_index(p->t, c->ref_columns.items[j]) : -1;
        if (k < 0)
            continue;
        const char *pv = rk >= 0 ? p->vals[pr][rk] : NULL;
        f->vals[r][k] = pv == DEFAULT_MARK ? NULL : pv;
        if (!f->vals[r][k] && SD_VEC_AT(f->t->columns, (size_t)k, const SdColumn *)->not_null)
            return false;
    }
    return true;
}

/* Generates row r; false when a required value cannot be made. */
static bool gen_row(G *g, TFill *f, int r)
{
    const SdTable *t = f->t;
    for (size_t c = 0; c < t->columns.len; c++) {
        const SdColumn *col = t->columns.items[c];
        const char **out = &f->vals[r][c];
        *out = NULL;
        if (col->generated) {
            *out = DEFAULT_MARK;
            continue;
        }
        if (f->fk[c])
            continue; /* second pass */
        if (!col->not_null && !f->uniq[c] && null_here(f, (int)c, r))
            continue;
        long v = f->uniq[c] ? r : r % 2;
        *out = col->type.ndims ? array_value(g, &col->type, v, f->uniq[c], r) : scalar(g, &col->type, v, f->uniq[c], r);
        if (!*out && (col->default_expr || col->identity))
            *out = DEFAULT_MARK;
        else if (!*out && col->not_null)
            *out = "1"; /* an unknown type: try a plain literal */
    }
    for (size_t c = 0; c < t->columns.len; c++)
        if (f->fk[c] && !fill_fk(g, f, f->fk[c], r))
            return false;
    return true;
}

static void row_sql(G *g, const TFill *f, int r, bool nulls, SdBuf *b)
{
    sd_buf_putc(b, '(');
    for (size_t c = 0; c < f->t->columns.len; c++) {
        const SdColumn *col = f->t->columns.items[c];
        const char *v = f->vals[r][c];
        if (c)
            sd_buf_puts(b, ", ");
        if (nulls && !col->not_null && !f->fk[c] && v != DEFAULT_MARK)
            v = NULL;
        if (v == DEFAULT_MARK)
            sd_buf_puts(b, "DEFAULT");
        else if (!v)
            sd_buf_puts(b, "NULL");
        else
            sd_buf_quote_literal(b, v);
    }
    sd_buf_putc(b, ')');
    SD_UNUSED(g);
}

static const char *insert_head(G *g, const TFill *f)
{
    SdBuf b = {0};
    bool always = false;
    sd_buf_puts(&b, "INSERT INTO ");
    sd_buf_quote_ident(&b, f->t->obj.schema ? f->t->obj.schema : "public");
    sd_buf_putc(&b, '.');
    sd_buf_quote_ident(&b, f->t->obj.name);
    sd_buf_puts(&b, " (");
    for (size_t c = 0; c < f->t->columns.len; c++) {
        const SdColumn *col = f->t->columns.items[c];
        always = always || col->identity == SD_IDENTITY_ALWAYS;
        if (c)
            sd_buf_puts(&b, ", ");
        sd_buf_quote_ident(&b, col->name);
    }
    sd_buf_puts(&b, always ? ") OVERRIDING SYSTEM VALUE VALUES " : ") VALUES ");
    const char *s = sd_strdup(g->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* Inserts the generated rows: all at once, else one by one (and each failing
 * row again with its nullable columns NULL), each under a savepoint. */
static void insert_rows(G *g, TFill *f)
{
    const char *head = insert_head(g, f);
    SdBuf b = {0};
    sd_buf_puts(&b, head);
    int want = 0;
    for (int r = 0; r < f->n; r++)
        if (f->ok[r]) {
            if (want++)
                sd_buf_puts(&b, ", ");
            row_sql(g, f, r, false, &b);
        }
    exec_ok(g->pg, "SAVEPOINT sd_fill");
    bool all = want > 0 && exec_ok(g->pg, sd_buf_str(&b));
    exec_ok(g->pg, all ? "RELEASE SAVEPOINT sd_fill" : "ROLLBACK TO SAVEPOINT sd_fill");
    for (int r = 0; r < f->n && !all; r++) {
        if (!f->ok[r])
            continue;
        bool done = false;
        for (int attempt = 0; attempt < 2 && !done; attempt++) {
            b.len = 0;
            sd_buf_puts(&b, head);
            row_sql(g, f, r, attempt == 1, &b);
            exec_ok(g->pg, "SAVEPOINT sd_fill");
            done = exec_ok(g->pg, sd_buf_str(&b));
            exec_ok(g->pg, done ? "RELEASE SAVEPOINT sd_fill" : "ROLLBACK TO SAVEPOINT sd_fill");
            if (done && attempt == 1) /* remember what went in */
                for (size_t c = 0; c < f->t->columns.len; c++)
                    if (!SD_VEC_AT(f->t->columns, c, const SdColumn *)->not_null && !f->fk[c] &&
                        f->vals[r][c] != DEFAULT_MARK)
                        f->vals[r][c] = NULL;
        }
        f->ok[r] = done;
    }
    sd_buf_free(&b);
    int rows = 0;
    for (int r = 0; r < f->n; r++)
        rows += f->ok[r];
    g->st->rows += rows;
    if (rows)
        g->st->tables++;
    else
        g->st->empty++;
}

static void fill_table(G *g, TFill *f)
{
    if (f->state)
        return;
    f->state = 1;
    for (size_t c = 0; c < f->t->columns.len; c++) { /* parents first (cycles: whatever is filled) */
        if (!f->fk[c])
            continue;
        TFill *p = sd_map_get(&g->tables, tkey(g, f->fk[c]->ref_schema, f->fk[c]->ref_table));
        if (p && p != f)
            fill_table(g, p);
    }
    for (int r = 0; r < f->n; r++)
        f->ok[r] = gen_row(g, f, r);
    insert_rows(g, f);
    f->state = 2;
    SdBuf b = {0};
    sd_buf_quote_ident(&b, f->t->obj.schema ? f->t->obj.schema : "public");
    sd_buf_putc(&b, '.');
    sd_buf_quote_ident(&b, f->t->obj.name);
    sd_vec_push(g->a, &g->st->filled, sd_strdup(g->a, sd_buf_str(&b)));
    sd_buf_free(&b);
}

bool sd_fill(SdArena *a, PGconn *pg, const SdCatalog *cat, const SdMap *only, uint64_t seed, SdFillStats *st,
             const char **err)
{
    G g = {.a = a, .pg = pg, .cat = cat, .seed = seed, .st = st};
    memset(st, 0, sizeof *st);
    for (size_t i = 0; i < cat->tables.len; i++) {
        const SdTable *t = cat->tables.items[i];
        if (t->relkind == SD_TABLE_FOREIGN || t->partition_of)
            continue; /* partitions are filled through their parent */
        sd_map_put(a, &g.tables, tkey(&g, t->obj.schema, t->obj.name), prepare(&g, t));
    }
    if (!exec_ok(pg, "BEGIN")) {
        *err = sd_strdup(a, PQerrorMessage(pg));
        return false;
    }
    for (size_t i = 0; i < g.tables.keys.len; i++)
        if (!only || sd_map_get(only, g.tables.keys.items[i]))
            fill_table(&g, sd_map_get(&g.tables, g.tables.keys.items[i]));
    if (!exec_ok(pg, "COMMIT")) {
        *err = sd_strdup(a, PQerrorMessage(pg));
        return false;
    }
    return true;
}

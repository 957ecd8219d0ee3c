/* sql_do.c: DO blocks.  Their PL/pgSQL cannot be run here, but migrations
 * often wrap plain DDL in one (ADD COLUMN, then UPDATE, then CREATE INDEX; or
 * EXECUTE 'ALTER INDEX ...' behind an IF EXISTS).  libpg_query's PL/pgSQL
 * parser lists the SQL statements and literal EXECUTE strings; each is
 * replayed leniently: one PostgreSQL would reject (a guard we cannot evaluate
 * was false) is dropped without a message. */
#include "sql_int.h"

#include <cjson/cJSON.h>
#include <string.h>

/* The unquoted text of a literal EXECUTE argument ('...'), or NULL. */
static char *literal_text(Replay *r, const char *q)
{
    size_t n = strlen(q);
    if (n < 2 || q[0] != '\'' || q[n - 1] != '\'')
        return NULL;
    SdBuf b = {0};
    for (size_t i = 1; i + 1 < n; i++) {
        if (q[i] == '\'') {
            if (q[i + 1] != '\'' || i + 2 >= n) {
                sd_buf_free(&b);
                return NULL; /* concatenation or a second literal: dynamic SQL */
            }
            i++;
        }
        sd_buf_putc(&b, q[i]);
    }
    char *s = sd_strdup(r->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static const char *expr_query(const cJSON *o)
{
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "PLpgSQL_expr");
    const cJSON *q = e ? cJSON_GetObjectItemCaseSensitive(e, "query") : NULL;
    return cJSON_IsString(q) ? q->valuestring : NULL;
}

/* Walks the PL/pgSQL tree in order, collecting SQL texts. */
static void collect(Replay *r, const cJSON *j, SdVec *out)
{
    if (cJSON_IsArray(j)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, j) collect(r, it, out);
        return;
    }
    if (!cJSON_IsObject(j))
        return;
    const cJSON *it;
    cJSON_ArrayForEach(it, j)
    {
        if (strcmp(it->string, "PLpgSQL_stmt_execsql") == 0) {
            const char *q = expr_query(cJSON_GetObjectItemCaseSensitive(it, "sqlstmt"));
            if (q)
                sd_vec_push(r->a, out, sd_strdup(r->a, q));
        } else if (strcmp(it->string, "PLpgSQL_stmt_dynexecute") == 0) {
            const char *q = expr_query(cJSON_GetObjectItemCaseSensitive(it, "query"));
            char *s = q ? literal_text(r, q) : NULL;
            if (s)
                sd_vec_push(r->a, out, s);
        } else if (strcmp(it->string, "datums") != 0) {
            collect(r, it, out);
        }
    }
}

void sql_do_block(Replay *r, PgQuery__DoStmt *s)
{
    const char *body = NULL, *lang = "plpgsql";
    for (size_t i = 0; i < s->n_args; i++) {
        PgQuery__DefElem *d = s->args[i]->def_elem;
        if (strcmp(d->defname, "as") == 0)
            body = sql_str(d->arg);
        else if (strcmp(d->defname, "language") == 0 && sql_str(d->arg))
            lang = sql_str(d->arg);
    }
    sql_notice_skip(r, "DO block");
    if (!body || strcmp(lang, "plpgsql") != 0 || strstr(body, "$sd_do$"))
        return;
    char *fn = sd_printf(r->a, "CREATE FUNCTION sd_do() RETURNS void LANGUAGE plpgsql AS $sd_do$%s$sd_do$;", body);
    PgQueryPlpgsqlParseResult pr = pg_query_parse_plpgsql(fn);
    cJSON *j = pr.error ? NULL : cJSON_Parse(pr.plpgsql_funcs);
    pg_query_free_plpgsql_parse_result(pr);
    if (!j)
        return;
    SdVec texts = {0};
    collect(r, j, &texts);
    cJSON_Delete(j);
    for (size_t i = 0; i < texts.len; i++)
        sql_replay_nested(r, texts.items[i]);
}

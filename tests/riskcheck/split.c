/* split.c: SQL text -> statements, with libpg_query's splitter (tools.h). */
#include "tools.h"

#include <pg_query.h>
#include <string.h>

SdVec sd_split_sql(SdArena *a, const char *sql)
{
    SdVec out = {0};
    PgQuerySplitResult r = pg_query_split_with_parser(sql);
    if (r.error) {
        pg_query_free_split_result(r);
        r = pg_query_split_with_scanner(sql);
    }
    for (int i = 0; !r.error && i < r.n_stmts; i++) {
        const PgQuerySplitStmt *s = r.stmts[i];
        const char *text = sd_strndup(a, sql + s->stmt_location, (size_t)s->stmt_len);
        size_t n = strspn(text, " \t\r\n");
        if (text[n])
            sd_vec_push(a, &out, (void *)text);
    }
    pg_query_free_split_result(r);
    return out;
}

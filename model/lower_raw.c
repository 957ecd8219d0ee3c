/* lower_raw.c: SQL a Prisma schema carries as text (dbgenerated("...")
 * defaults, where: raw("...") predicates) in PostgreSQL's normal form.
 * PostgreSQL stores `floor(random() * 100)` as
 * `floor((random() * (100)::double precision))`; the SQL front end knows
 * those rules, so each text is replayed as the statement that would set it
 * (ALTER TABLE ... SET DEFAULT, CREATE INDEX ... WHERE) into the catalog
 * being built, and the stored form is read back.  When the replay cannot
 * handle the text, it is kept as written. */
#include "lower_int.h"

#include "../parser/sql.h"

#include <string.h>

static void put_qualified(SdBuf *b, const SdTable *t)
{
    sd_buf_quote_ident(b, t->obj.schema);
    sd_buf_putc(b, '.');
    sd_buf_quote_ident(b, t->obj.name);
}

/* Replays sql into cx->cat; true when it ran without error.  Its notices
 * and errors go to a throwaway list: the text is the user's, but a failure
 * here only means "keep it as written". */
static bool replay(LowerCtx *cx, const SdBuf *sql)
{
    SdDiags quiet;
    sd_diags_init(&quiet, cx->a);
    SdSource *src = sd_source_new(cx->a, "<prisma raw sql>", sd_buf_str((SdBuf *)sql), sql->len);
    return sd_sql_replay_source(cx->a, &quiet, src, cx->cat) && quiet.nerrors == 0;
}

static void normalize_default(LowerCtx *cx, LRawSql *r)
{
    const char *written = r->col->default_expr;
    SdBuf b = {0};
    sd_buf_puts(&b, "ALTER TABLE ");
    put_qualified(&b, r->table);
    sd_buf_puts(&b, " ALTER COLUMN ");
    sd_buf_quote_ident(&b, r->col->name);
    sd_buf_printf(&b, " SET DEFAULT %s;", r->text);
    if (!replay(cx, &b) || !r->col->default_expr)
        r->col->default_expr = written;
    sd_buf_free(&b);
}

static void normalize_predicate(LowerCtx *cx, LRawSql *r)
{
    static const char tmp[] = "sd__lower_raw_predicate";
    SdBuf b = {0};
    sd_buf_printf(&b, "CREATE INDEX %s ON ", tmp);
    put_qualified(&b, r->table);
    sd_buf_puts(&b, " (");
    const SdIndexElem *e = r->index->elems.len ? r->index->elems.items[0] : NULL;
    if (e && e->column)
        sd_buf_quote_ident(&b, e->column);
    else
        sd_buf_puts(&b, "(1)");
    sd_buf_printf(&b, ") WHERE %s;", r->text);
    if (replay(cx, &b)) {
        SdObject *o = sd_catalog_find(cx->cat, SD_OBJ_INDEX, r->table->obj.schema, tmp);
        if (o) {
            const SdIndex *ix = (const SdIndex *)o;
            if (ix->predicate)
                r->index->predicate = ix->predicate;
            sd_catalog_remove(cx->cat, o);
        }
    }
    sd_buf_free(&b);
}

void sd_lower_raw_sql(LowerCtx *cx)
{
    for (size_t i = 0; i < cx->raw_sql.len; i++) {
        LRawSql *r = cx->raw_sql.items[i];
        if (r->col)
            normalize_default(cx, r);
        else if (r->index)
            normalize_predicate(cx, r);
    }
}

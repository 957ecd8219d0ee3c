/* introspect_rel.c: rows of the relation queries -> IR: schemas, tables,
 * views, sequences, columns, constraints and indexes (see introspect_int.h). */
#include "introspect_int.h"

#include <stdlib.h>
#include <string.h>

static SdLoc no_loc(const SdIntro *in)
{
    SdLoc loc = in->loc;
    loc.line = 0; /* from a database: no line (ir.h) */
    return loc;
}

void sd_intro_load_schemas(SdIntro *in, const SdRows *r)
{
    int c_name = sd_rows_col(r, "nspname"), c_comment = sd_rows_col(r, "comment");
    for (size_t i = 0; i < r->nrows; i++) {
        SdObject *s = sd_catalog_add_schema(in->cat, sd_rows_at(r, i, c_name), no_loc(in));
        s->comment = sd_rows_at(r, i, c_comment);
    }
}

/* Row-level security as an opaque object on its table, so turning it on or
 * off is a difference like any other. */
static void add_row_security(SdIntro *in, const SdTable *t, bool force)
{
    SdOpaque *o = sd_catalog_add_opaque(in->cat, SD_OBJ_OPAQUE, "row level security", t->obj.schema,
                                        "row level security", NULL, t->obj.name, no_loc(in));
    SdBuf b = {0};
    sd_buf_puts(&b, "ALTER TABLE ");
    sd_buf_ident(&b, t->obj.schema);
    sd_buf_putc(&b, '.');
    sd_buf_ident(&b, t->obj.name);
    sd_buf_puts(&b, force ? " FORCE ROW LEVEL SECURITY" : " ENABLE ROW LEVEL SECURITY");
    o->definition = sd_strdup(in->arena, sd_buf_str(&b));
    sd_buf_free(&b);
}

static void load_sequence(SdIntro *in, const SdRows *r, size_t i, const char *schema, const char *name)
{
    SdSequence *s = sd_catalog_add_sequence(in->cat, schema, name, no_loc(in));
    s->type = sd_rows_at(r, i, sd_rows_col(r, "seqtype"));
    s->start = sd_rows_int(r, i, sd_rows_col(r, "seqstart"));
    s->increment = sd_rows_int(r, i, sd_rows_col(r, "seqincrement"));
    s->min = sd_rows_int(r, i, sd_rows_col(r, "seqmin"));
    s->max = sd_rows_int(r, i, sd_rows_col(r, "seqmax"));
    s->cache = sd_rows_int(r, i, sd_rows_col(r, "seqcache"));
    s->cycle = sd_rows_bool(r, i, sd_rows_col(r, "seqcycle"));
    s->owned_table = sd_rows_at(r, i, sd_rows_col(r, "owned_table"));
    s->owned_column = sd_rows_at(r, i, sd_rows_col(r, "owned_column"));
    s->obj.comment = sd_rows_at(r, i, sd_rows_col(r, "comment"));
}

void sd_intro_load_relations(SdIntro *in, const SdRows *r)
{
    int c_oid = sd_rows_col(r, "oid"), c_schema = sd_rows_col(r, "nspname"), c_name = sd_rows_col(r, "relname");
    int c_kind = sd_rows_col(r, "relkind"), c_comment = sd_rows_col(r, "comment");
    for (size_t i = 0; i < r->nrows; i++) {
        const char *schema = sd_rows_at(r, i, c_schema), *name = sd_rows_at(r, i, c_name);
        char kind = sd_rows_at(r, i, c_kind)[0];
        SdObject *obj;
        if (kind == 'S') {
            load_sequence(in, r, i, schema, name);
            continue;
        } else if (kind == 'v' || kind == 'm') {
            SdView *v = sd_catalog_add_view(in->cat, schema, name, kind == 'm', no_loc(in));
            v->definition = sd_rows_at(r, i, sd_rows_col(r, "viewdef"));
            obj = &v->obj;
        } else {
            SdTable *t = sd_catalog_add_table(in->cat, schema, name, no_loc(in));
            t->relkind = (SdTableKind)kind;
            t->unlogged = sd_rows_at(r, i, sd_rows_col(r, "relpersistence"))[0] == 'u';
            t->partition_by = sd_rows_at(r, i, sd_rows_col(r, "partkey"));
            t->partition_of = sd_rows_at(r, i, sd_rows_col(r, "parent"));
            t->partition_bound = sd_rows_at(r, i, sd_rows_col(r, "bound"));
            if (sd_rows_bool(r, i, sd_rows_col(r, "relrowsecurity")))
                add_row_security(in, t, false);
            if (sd_rows_bool(r, i, sd_rows_col(r, "relforcerowsecurity")))
                add_row_security(in, t, true);
            obj = &t->obj;
        }
        obj->comment = sd_rows_at(r, i, c_comment);
        sd_map_put(in->arena, &in->rels, sd_rows_at(r, i, c_oid), obj);
    }
}

/* ---- columns and types ---- */

/* Parses "(n)" or "(n,m)" at s; returns the text after it, or NULL. */
static const char *parse_mods(const char *s, int32_t mods[2])
{
    if (*s != '(')
        return NULL;
    char *end;
    long a = strtol(s + 1, &end, 10), b = -1;
    if (end == s + 1)
        return NULL;
    if (*end == ',') {
        const char *p = end + 1;
        b = strtol(p, &end, 10);
        if (end == p)
            return NULL;
    }
    if (*end != ')')
        return NULL;
    mods[0] = (int32_t)a, mods[1] = (int32_t)b;
    return end + 1;
}

void sd_intro_split_type(SdArena *a, SdType *t, const char *formatted, const char *elem_name,
                         const char *elem_schema, const char *elem_typtype)
{
    t->mods[0] = t->mods[1] = -1;
    size_t n = strlen(formatted);
    while (n >= 2 && formatted[n - 2] == '[' && formatted[n - 1] == ']') {
        t->ndims = 1; /* PostgreSQL keeps only "is an array" */
        n -= 2;
    }
    const char *text = sd_strndup(a, formatted, n);
    t->is_enum = elem_typtype && elem_typtype[0] == 'e';
    if (elem_schema && strcmp(elem_schema, "pg_catalog") != 0) {
        t->schema = elem_schema;
        t->name = elem_name;
        const char *paren = strrchr(text, '(');
        if (paren && text[n - 1] == ')')
            parse_mods(paren, t->mods);
        return;
    }
    /* built-in: "timestamp(3) without time zone", "numeric(10,2)", "interval day to second(2)" */
    const char *paren = strchr(text, '(');
    const char *after = paren ? parse_mods(paren, t->mods) : NULL;
    if (after)
        t->name = sd_printf(a, "%.*s%s", (int)(paren - text), text, after);
    else
        t->name = text;
}

static SdVec *columns_of(SdObject *o)
{
    if (o->kind == SD_OBJ_TABLE)
        return &((SdTable *)o)->columns;
    return &((SdView *)o)->columns;
}

/* Records name as column attnum of relation oid (for key numbers). */
static void remember_attname(SdIntro *in, const char *oid, int64_t attnum, const char *name)
{
    SdVec *names = sd_map_get(&in->attnames, oid);
    if (!names) {
        names = sd_alloc(in->arena, sizeof *names);
        sd_map_put(in->arena, &in->attnames, oid, names);
    }
    while (names->len <= (size_t)attnum)
        sd_vec_push(in->arena, names, NULL);
    names->items[attnum] = (void *)name;
}

void sd_intro_load_columns(SdIntro *in, const SdRows *r)
{
    int c_rel = sd_rows_col(r, "attrelid"), c_name = sd_rows_col(r, "attname"), c_type = sd_rows_col(r, "type");
    int c_attnum = sd_rows_col(r, "attnum");
    int c_ename = sd_rows_col(r, "etypname"), c_eschema = sd_rows_col(r, "etypschema");
    int c_etyptype = sd_rows_col(r, "etyptype"), c_notnull = sd_rows_col(r, "attnotnull");
    int c_ident = sd_rows_col(r, "attidentity"), c_gen = sd_rows_col(r, "attgenerated");
    int c_def = sd_rows_col(r, "defexpr"), c_coll = sd_rows_col(r, "collation");
    int c_comment = sd_rows_col(r, "comment");
    for (size_t i = 0; i < r->nrows; i++) {
        SdObject *rel = sd_map_get(&in->rels, sd_rows_at(r, i, c_rel));
        if (!rel)
            continue;
        SdColumn *col = sd_alloc(in->arena, sizeof *col);
        col->name = sd_rows_at(r, i, c_name);
        remember_attname(in, sd_rows_at(r, i, c_rel), sd_rows_int(r, i, c_attnum), col->name);
        col->loc = no_loc(in);
        sd_intro_split_type(in->arena, &col->type, sd_rows_at(r, i, c_type), sd_rows_at(r, i, c_ename),
                            sd_rows_at(r, i, c_eschema), sd_rows_at(r, i, c_etyptype));
        col->not_null = sd_rows_bool(r, i, c_notnull);
        const char *gen = sd_rows_at(r, i, c_gen), *def = sd_rows_at(r, i, c_def);
        if (gen && gen[0] == 's')
            col->generated = def;
        else
            col->default_expr = def;
        const char *ident = sd_rows_at(r, i, c_ident);
        col->identity = ident && ident[0] ? (SdIdentity)ident[0] : SD_IDENTITY_NONE;
        col->collation = sd_rows_at(r, i, c_coll);
        col->comment = sd_rows_at(r, i, c_comment);
        sd_vec_push(in->arena, columns_of(rel), col);
    }
}

/* ---- constraints ---- */

static void array_cell(SdIntro *in, const SdRows *r, size_t i, int col, SdVec *out)
{
    const char *s = sd_rows_at(r, i, col);
    if (s && !sd_intro_parse_array(in->arena, s, out))
        sd_unreachable("name[] from the server");
}

/* Names the attnums of int-list text s ("{1,2}" int2[] or "1 2" int2vector),
 * from the (1-based) position first on, as columns of relation oid; into out
 * (0, an expression, is left out as the old join on pg_attribute did).
 * False when a number names no column read by the columns query. */
static bool attnum_names(SdIntro *in, const char *oid, const char *s, int64_t first, SdVec *out)
{
    const SdVec *names = sd_map_get(&in->attnames, oid);
    int64_t pos = 0;
    for (const char *p = s; *p;) {
        if (!(*p == '-' || (*p >= '0' && *p <= '9'))) {
            p++;
            continue;
        }
        char *end;
        long n = strtol(p, &end, 10);
        p = end;
        if (++pos < first || n == 0) /* 0: an expression, which has no name */
            continue;
        if (!names || n <= 0 || (size_t)n >= names->len || !names->items[n])
            return false;
        sd_vec_push(in->arena, out, names->items[n]);
    }
    return true;
}

/* A constraint's key columns from attnums; an error when one is unknown. */
static void key_names(SdIntro *in, const SdConstraint *k, const char *oid, const char *keys, int64_t first,
                      SdVec *out)
{
    if (keys && !attnum_names(in, oid, keys, first, out)) {
        SdDiag *g = sd_error(in->diags, in->loc, "cannot name the columns of constraint %s", k->name);
        g->detail = sd_printf(in->arena, "relation %s, column numbers %s", oid, keys);
    }
}

/* pg_get_constraintdef's text of a CHECK constraint, "CHECK (<expr>)" then
 * " NO INHERIT" and " NOT VALID" as the flags say: the "(<expr>)" part. */
static const char *check_body(SdArena *a, const char *def, bool no_inherit, bool not_valid)
{
    size_t n = strlen(def);
    if (not_valid && n >= 10 && strcmp(def + n - 10, " NOT VALID") == 0)
        n -= 10;
    if (no_inherit && n >= 11 && strncmp(def + n - 11, " NO INHERIT", 11) == 0)
        n -= 11;
    if (strncmp(def, "CHECK ", 6) == 0)
        def += 6, n -= 6;
    return sd_strndup(a, def, n);
}

/* pg_get_constraintdef's text of an exclusion constraint without the
 * DEFERRABLE / INITIALLY DEFERRED the dump prints from the flags. */
static const char *exclusion_body(SdArena *a, const char *def)
{
    static const char *const tails[] = {" INITIALLY DEFERRED", " DEFERRABLE"};
    size_t n = strlen(def);
    for (size_t k = 0; k < SD_ARRAY_LEN(tails); k++) {
        size_t m = strlen(tails[k]);
        if (n >= m && strncmp(def + n - m, tails[k], m) == 0)
            n -= m;
    }
    return sd_strndup(a, def, n);
}

static void load_constraint(SdIntro *in, const SdRows *r, size_t i, SdTable *t)
{
    char kind = sd_rows_at(r, i, sd_rows_col(r, "contype"))[0];
    SdConstraint *k = sd_table_add_constraint(in->cat, t, (SdConKind)kind,
                                              sd_rows_at(r, i, sd_rows_col(r, "conname")), no_loc(in));
    k->deferrable = sd_rows_bool(r, i, sd_rows_col(r, "condeferrable"));
    k->initially_deferred = sd_rows_bool(r, i, sd_rows_col(r, "condeferred"));
    k->not_valid = !sd_rows_bool(r, i, sd_rows_col(r, "convalidated"));
    k->no_inherit = sd_rows_bool(r, i, sd_rows_col(r, "connoinherit"));
    k->nulls_not_distinct = sd_rows_bool(r, i, sd_rows_col(r, "nulls_not_distinct"));
    k->comment = sd_rows_at(r, i, sd_rows_col(r, "comment"));
    k->index_options = sd_rows_at(r, i, sd_rows_col(r, "index_options"));
    const char *rel = sd_rows_at(r, i, sd_rows_col(r, "conrelid"));
    key_names(in, k, rel, sd_rows_at(r, i, sd_rows_col(r, "conkey")), 1, &k->columns);
    key_names(in, k, rel, sd_rows_at(r, i, sd_rows_col(r, "indkey")),
              sd_rows_int(r, i, sd_rows_col(r, "indnkeyatts")) + 1, &k->include);
    if (kind == SD_CON_FOREIGN) {
        k->ref_schema = sd_rows_at(r, i, sd_rows_col(r, "ref_schema"));
        k->ref_table = sd_rows_at(r, i, sd_rows_col(r, "ref_table"));
        if (sd_rows_at(r, i, sd_rows_col(r, "ref_names")))
            array_cell(in, r, i, sd_rows_col(r, "ref_names"), &k->ref_columns);
        else
            key_names(in, k, sd_rows_at(r, i, sd_rows_col(r, "confrelid")),
                      sd_rows_at(r, i, sd_rows_col(r, "confkey")), 1, &k->ref_columns);
        k->on_update = (SdFkAction)sd_rows_at(r, i, sd_rows_col(r, "confupdtype"))[0];
        k->on_delete = (SdFkAction)sd_rows_at(r, i, sd_rows_col(r, "confdeltype"))[0];
        k->match = sd_rows_at(r, i, sd_rows_col(r, "confmatchtype"))[0];
    } else if (kind == SD_CON_CHECK) {
        k->expr = check_body(in->arena, sd_rows_at(r, i, sd_rows_col(r, "definition")), k->no_inherit,
                             k->not_valid);
    } else if (kind == SD_CON_EXCLUDE) {
        k->expr = exclusion_body(in->arena, sd_rows_at(r, i, sd_rows_col(r, "definition")));
    }
}

void sd_intro_load_constraints(SdIntro *in, const SdRows *r)
{
    int c_rel = sd_rows_col(r, "conrelid");
    for (size_t i = 0; i < r->nrows; i++) {
        SdObject *rel = sd_map_get(&in->rels, sd_rows_at(r, i, c_rel));
        if (rel && rel->kind == SD_OBJ_TABLE)
            load_constraint(in, r, i, (SdTable *)rel);
    }
}

/* ---- indexes ---- */

/* One token of an index element's options: a word or a "quoted" name,
 * dotted parts and a parenthesised opclass option list kept together. */
static const char *elem_token(const char *p, const char **end)
{
    const char *s = p;
    int depth = 0;
    bool quoted = false;
    for (; *p; p++) {
        if (quoted) {
            if (*p == '"' && p[1] == '"')
                p++;
            else if (*p == '"')
                quoted = false;
        } else if (*p == '"') {
            quoted = true;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            if (depth == 0)
                break;
            depth--;
        } else if (depth == 0 && (*p == ' ' || *p == ',')) {
            break;
        }
    }
    *end = p;
    return s;
}

/* Reads the options after an element's key in pg_get_indexdef's text:
 * [COLLATE c] [opclass[(opts)]] [DESC] [NULLS FIRST|LAST]; returns the
 * text after them (at ", " or ")").  DESC and NULLS come from indoption. */
static const char *elem_options(SdArena *a, const char *p, SdIndexElem *e)
{
    while (*p == ' ') {
        p++;
        const char *end, *tok = elem_token(p, &end);
        size_t n = (size_t)(end - tok);
        if (n == 7 && strncmp(tok, "COLLATE", 7) == 0 && *end == ' ') {
            tok = elem_token(end + 1, &end);
            e->collation = sd_strndup(a, tok, (size_t)(end - tok));
        } else if (n == 5 && strncmp(tok, "NULLS", 5) == 0 && *end == ' ') {
            elem_token(end + 1, &end);
        } else if (!(n == 4 && strncmp(tok, "DESC", 4) == 0) && !(n == 3 && strncmp(tok, "ASC", 3) == 0)) {
            e->opclass = sd_strndup(a, tok, n);
        }
        p = end;
    }
    return p;
}

typedef struct IndexRows {
    const SdRows *r;
    int c_attnum, c_attname, c_opt, c_keytext, c_nkey;
} IndexRows;

/* Fills x's elements and INCLUDE list from rows [i, j) of one index, walking
 * its definition def (NULL: every key a plain column with its type's default
 * operator class and its own collation).  False when def does not read as
 * expected. */
static bool index_elems(SdIntro *in, const IndexRows *ir, size_t i, size_t j, SdIndex *x, const char *def)
{
    const SdRows *r = ir->r;
    const char *p = NULL; /* NULL def: plain columns, default classes and collations */
    if (def && !(p = strstr(def, sd_printf(in->arena, " USING %s (", x->method))))
        return false;
    if (p)
        p += strlen(x->method) + 9;
    int64_t nkey = sd_rows_int(r, i, ir->c_nkey);
    for (size_t row = i; row < j; row++) {
        int64_t k = (int64_t)(row - i) + 1;
        const char *attname = sd_rows_at(r, row, ir->c_attname);
        if (k > nkey) {
            sd_vec_push(in->arena, &x->include, (void *)attname);
            continue;
        }
        SdIndexElem *e = sd_alloc(in->arena, sizeof *e);
        const char *key = sd_rows_at(r, row, ir->c_keytext);
        size_t n = strlen(key);
        if (!p) {
            e->expr = key;
        } else if (strncmp(p, key, n) == 0 && (p[n] == ' ' || p[n] == ',' || p[n] == ')')) {
            e->expr = key;
        } else if (*p == '(' && strncmp(p + 1, key, n) == 0 && p[n + 1] == ')') {
            e->expr = sd_printf(in->arena, "(%s)", key);
            n += 2;
        } else {
            return false;
        }
        if (sd_rows_int(r, row, ir->c_attnum) != 0)
            e->column = attname, e->expr = NULL;
        if (p)
            p = elem_options(in->arena, p + n, e);
        int64_t opt = sd_rows_int(r, row, ir->c_opt);
        e->desc = opt & 1;
        bool nulls_first = opt & 2;
        e->nulls = e->desc && !nulls_first ? 'l' : !e->desc && nulls_first ? 'f' : 0;
        sd_vec_push(in->arena, &x->elems, e);
        if (p && strncmp(p, ", ", 2) == 0)
            p += 2;
    }
    return true;
}

void sd_intro_load_indexes(SdIntro *in, const SdRows *r)
{
    IndexRows ir = {r, sd_rows_col(r, "attnum"), sd_rows_col(r, "attname"), sd_rows_col(r, "opt"),
                    sd_rows_col(r, "keytext"), sd_rows_col(r, "indnkeyatts")};
    int c_oid = sd_rows_col(r, "indexrelid");
    for (size_t i = 0, j; i < r->nrows; i = j) {
        const char *oid = sd_rows_at(r, i, c_oid);
        for (j = i + 1; j < r->nrows && strcmp(sd_rows_at(r, j, c_oid), oid) == 0; j++)
            ;
        SdIndex *x = sd_catalog_add_index(in->cat, sd_rows_at(r, i, sd_rows_col(r, "nspname")),
                                          sd_rows_at(r, i, sd_rows_col(r, "name")),
                                          sd_rows_at(r, i, sd_rows_col(r, "tbl")), no_loc(in));
        x->method = sd_rows_at(r, i, sd_rows_col(r, "amname"));
        x->unique = sd_rows_bool(r, i, sd_rows_col(r, "indisunique"));
        x->nulls_not_distinct = sd_rows_bool(r, i, sd_rows_col(r, "nnd"));
        x->invalid = !sd_rows_bool(r, i, sd_rows_col(r, "indisvalid"));
        x->predicate = sd_rows_at(r, i, sd_rows_col(r, "pred"));
        x->obj.comment = sd_rows_at(r, i, sd_rows_col(r, "comment"));
        x->options = sd_rows_at(r, i, sd_rows_col(r, "options"));
        const char *def = sd_rows_at(r, i, sd_rows_col(r, "def"));
        if (!index_elems(in, &ir, i, j, x, def)) {
            SdDiag *g = sd_error(in->diags, in->loc, "cannot read the definition of index %s.%s",
                                 x->obj.schema, x->obj.name);
            g->detail = sd_printf(in->arena, "pg_get_indexdef() returned: %s", def);
        }
    }
}

/* ---- arrays ---- */

bool sd_intro_parse_array(SdArena *a, const char *s, SdVec *v)
{
    if (*s++ != '{')
        return false;
    SdBuf b = {0};
    bool ok = false;
    while (*s && *s != '}') {
        b.len = 0;
        bool quoted = *s == '"';
        if (quoted) {
            for (s++; *s && *s != '"'; s++) {
                if (*s == '\\' && s[1])
                    s++;
                sd_buf_putc(&b, *s);
            }
            if (*s++ != '"')
                break;
        } else {
            for (; *s && *s != ',' && *s != '}'; s++)
                sd_buf_putc(&b, *s);
        }
        const char *item = sd_strndup(a, sd_buf_str(&b), b.len);
        sd_vec_push(a, v, !quoted && strcmp(item, "NULL") == 0 ? NULL : (void *)item);
        if (*s == ',')
            s++;
    }
    ok = *s == '}';
    sd_buf_free(&b);
    return ok;
}

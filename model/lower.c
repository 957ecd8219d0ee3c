/* lower.c: a validated Prisma schema -> the PostgreSQL catalog Prisma 7
 * creates for it (sd_psl_lower).  Passes: datasource (schemas, extensions,
 * relationMode), enums, models -> tables and columns, keys and indexes
 * (lower_keys.c), foreign keys and many-to-many tables (lower_rel.c).
 * Views are left out: Prisma never creates them.  Lookups go through SdMaps
 * so the work is linear in the schema's size. */
#include "lower_int.h"

#include <string.h>

/* Models with few fields are searched linearly: a map per model would be most
 * of the lowering's memory (and page faults) on schemas of 10,000 models. */
enum { FIELD_MAP_MIN = 24 };

LField *sd_lower_field(const LModel *m, const char *name)
{
    if (!name)
        return NULL;
    if (m->lfields.len >= FIELD_MAP_MIN)
        return sd_map_get(&m->fields, name);
    for (size_t i = 0; i < m->lfields.len; i++) {
        LField *lf = m->lfields.items[i];
        if (strcmp(lf->f->name, name) == 0)
            return lf;
    }
    return NULL;
}

/* Sizes v for exactly n items (saves the doubling copies of sd_vec_push). */
static void vec_reserve(SdArena *a, SdVec *v, size_t n)
{
    if (n > v->cap) {
        void **items = sd_alloc(a, n * sizeof *items);
        if (v->len)
            memcpy(items, v->items, v->len * sizeof *items);
        v->items = items;
        v->cap = n;
    }
}

bool sd_lower_field_list(LowerCtx *cx, const LModel *m, const PslExpr *list, SdVec *out_names, SdVec *out_items)
{
    if (!list)
        return false;
    /* @@index(a) stands for @@index([a]) */
    bool one = list->kind != PSL_EXPR_ARRAY;
    size_t n = one ? 1 : list->items.len;
    for (size_t i = 0; i < n; i++) {
        const PslExpr *item = one ? list : list->items.items[i];
        LField *lf = (item->kind == PSL_EXPR_IDENT || item->kind == PSL_EXPR_FUNC) ? sd_lower_field(m, item->str)
                                                                                    : NULL;
        if (!lf || !lf->col) {
            sd_error(cx->d, item->loc, "unknown field in model \"%s\"", m->blk->name);
            return false;
        }
        sd_vec_push(cx->a, out_names, (void *)lf->dbname);
        sd_vec_push(cx->a, out_items, (void *)item);
    }
    return true;
}

/* ---- datasource ---- */

static const PslField *property(const PslBlock *ds, const char *name)
{
    for (size_t i = 0; ds && i < ds->fields.len; i++) {
        const PslField *p = ds->fields.items[i];
        if (strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

static void add_schema(LowerCtx *cx, const char *name, SdLoc loc)
{
    if (sd_catalog_find(cx->cat, SD_OBJ_SCHEMA, NULL, name))
        return;
    sd_catalog_add_schema(cx->cat, name, loc)->managed = true;
}

/* extensions = [pg_trgm, citext(schema: "x"), uuid_ossp(map: "uuid-ossp")] */
static void add_extensions(LowerCtx *cx, const PslExpr *list)
{
    for (size_t i = 0; list && list->kind == PSL_EXPR_ARRAY && i < list->items.len; i++) {
        const PslExpr *e = list->items.items[i];
        if (e->kind != PSL_EXPR_IDENT && e->kind != PSL_EXPR_FUNC)
            continue;
        const char *name = e->str, *schema = NULL, *version = NULL;
        for (size_t k = 0; e->kind == PSL_EXPR_FUNC && k < e->args.len; k++) {
            const PslArg *arg = e->args.items[k];
            if (!arg->name || !arg->value || arg->value->kind != PSL_EXPR_STRING)
                continue;
            if (strcmp(arg->name, "map") == 0)
                name = arg->value->str;
            else if (strcmp(arg->name, "schema") == 0)
                schema = arg->value->str;
            else if (strcmp(arg->name, "version") == 0)
                version = arg->value->str;
        }
        SdExtension *x = sd_catalog_add_extension(cx->cat, name, schema ? schema : cx->default_schema, e->loc);
        x->version = version;
        x->obj.managed = true;
    }
}

static void lower_datasource(LowerCtx *cx)
{
    const PslBlock *ds = sd_psl_datasource(cx->schema);
    SdLoc loc = ds ? ds->loc : (SdLoc){0};
    cx->default_schema = "public";
    add_schema(cx, "public", loc);
    const PslField *schemas = property(ds, "schemas");
    if (schemas && schemas->value && schemas->value->kind == PSL_EXPR_ARRAY) {
        const SdVec *items = &schemas->value->items;
        for (size_t i = 0; i < items->len; i++) {
            const PslExpr *s = items->items[i];
            if (s->kind == PSL_EXPR_STRING)
                add_schema(cx, s->str, s->loc);
        }
    }
    const PslField *mode = property(ds, "relationMode");
    cx->fk_off = mode && mode->value && mode->value->kind == PSL_EXPR_STRING &&
                 strcmp(mode->value->str, "prisma") == 0;
    const PslField *ext = property(ds, "extensions");
    if (ext)
        add_extensions(cx, ext->value);
}

/* ---- enums ---- */

static const char *block_schema(LowerCtx *cx, const PslBlock *blk)
{
    const char *s = sd_lower_arg_string(sd_psl_find_attr(&blk->attrs, "schema"), "name", 0);
    if (!s)
        return cx->default_schema;
    add_schema(cx, s, blk->loc);
    return s;
}

static void lower_enum(LowerCtx *cx, const PslBlock *blk)
{
    LEnum *le = sd_alloc(cx->tmp, sizeof *le);
    le->blk = blk;
    const char *name = sd_lower_mapped_name(&blk->attrs, "map", blk->name);
    le->en = sd_catalog_add_enum(cx->cat, block_schema(cx, blk), name, blk->loc);
    le->en->obj.managed = true;
    if (strcmp(name, blk->name) != 0)
        le->en->prisma_name = blk->name;
    for (size_t i = 0; i < blk->fields.len; i++) {
        const PslField *v = blk->fields.items[i];
        const char *label = sd_lower_mapped_name(&v->attrs, "map", v->name);
        sd_vec_push(cx->a, &le->en->labels, (void *)label);
        sd_map_put(cx->tmp, &le->labels, v->name, (void *)label);
    }
    sd_map_put(cx->tmp, &cx->enums, blk->name, le);
}

/* ---- models ---- */

static void lower_model(LowerCtx *cx, const PslBlock *blk)
{
    LModel *m = sd_alloc(cx->tmp, sizeof *m);
    m->blk = blk;
    m->schema = block_schema(cx, blk);
    const char *name = sd_lower_mapped_name(&blk->attrs, "map", blk->name);
    m->table = sd_catalog_add_table(cx->cat, m->schema, name, blk->loc);
    m->table->obj.managed = true;
    if (strcmp(name, blk->name) != 0)
        m->table->prisma_name = blk->name;
    m->table->obj.comment = NULL; /* Prisma never writes COMMENT ON */
    sd_vec_push(cx->tmp, &cx->lmodels, m);
    sd_map_put(cx->tmp, &cx->models, blk->name, m);
}

/* One pass over a field's attributes (lookups by name would walk them once
 * per question: this is the lowering's hottest loop). */
static void classify_attrs(LField *lf)
{
    const SdVec *attrs = &lf->f->attrs;
    lf->dbname = lf->f->name;
    bool mapped = false;
    for (size_t i = 0; i < attrs->len; i++) {
        const PslAttr *at = attrs->items[i];
        const char *n = at->name;
        const PslAttr **slot = NULL;
        switch (n[0]) {
        case 'd': slot = strcmp(n, "default") == 0 ? &lf->at_default : strncmp(n, "db.", 3) == 0 ? &lf->at_db : NULL; break;
        case 'i': slot = strcmp(n, "id") == 0 ? &lf->at_id : NULL; break;
        case 'u':
            if (strcmp(n, "updatedAt") == 0)
                lf->updated_at = true;
            slot = strcmp(n, "unique") == 0 ? &lf->at_unique : NULL;
            break;
        case 'r': slot = strcmp(n, "relation") == 0 ? &lf->at_relation : NULL; break;
        case 'm':
            if (!mapped && strcmp(n, "map") == 0) {
                const char *s = sd_lower_arg_string(at, "name", 0);
                lf->dbname = s ? s : lf->dbname;
                mapped = true;
            }
            break;
        default: break;
        }
        if (slot && !*slot)
            *slot = at;
    }
    if (lf->at_relation)
        lf->relname = sd_lower_arg_string(lf->at_relation, "name", 0);
}

/* Columns of one model: every field that is not a relation (ignored fields
 * too: @ignore hides a field from the client, the column stays). */
static void lower_columns(LowerCtx *cx, LModel *m)
{
    size_t n = m->blk->fields.len;
    vec_reserve(cx->a, &m->lfields, n);
    vec_reserve(cx->a, &m->table->columns, n);
    for (size_t i = 0; i < n; i++) {
        const PslField *f = m->blk->fields.items[i];
        if (!f->type)
            continue;
        LField *lf = sd_alloc(cx->tmp, sizeof *lf);
        lf->f = f;
        lf->model = m;
        classify_attrs(lf);
        sd_vec_push(cx->tmp, &m->lfields, lf);
        if (n >= FIELD_MAP_MIN)
            sd_map_put(cx->tmp, &m->fields, f->name, lf);
        if ((lf->target = sd_map_get(&cx->models, f->type)))
            continue;
        lf->enm = sd_map_get(&cx->enums, f->type);
        lf->col = sd_table_add_column(cx->cat, m->table, lf->dbname, f->loc);
        if (strcmp(lf->dbname, f->name) != 0)
            lf->col->prisma_name = f->name;
        lf->col->not_null = f->arity == PSL_ARITY_REQUIRED;
        sd_lower_column_type(cx, lf);
        sd_lower_column_default(cx, lf);
    }
}

SdCatalog *sd_psl_lower(SdArena *a, SdDiags *diags, const PslSchema *schema)
{
    LowerCtx cx = {.a = a, .tmp = sd_arena_new(), .d = diags, .schema = schema};
    cx.cat = sd_catalog_new(a, "prisma");
    cx.cat->describes_all = false;
    lower_datasource(&cx);
    const SdVec *blocks = &schema->blocks;
    for (size_t i = 0; i < blocks->len; i++) {
        const PslBlock *b = blocks->items[i];
        if (b->kind == PSL_BLOCK_ENUM)
            lower_enum(&cx, b);
        else if (b->kind == PSL_BLOCK_MODEL)
            lower_model(&cx, b);
    }
    for (size_t i = 0; i < cx.lmodels.len; i++)
        lower_columns(&cx, cx.lmodels.items[i]);
    for (size_t i = 0; i < cx.lmodels.len; i++)
        sd_lower_keys(&cx, cx.lmodels.items[i]);
    for (size_t i = 0; i < cx.lmodels.len; i++)
        sd_lower_relations(&cx, cx.lmodels.items[i]);
    sd_lower_many_to_many(&cx);
    sd_lower_raw_sql(&cx);
    sd_arena_free(cx.tmp);
    return cx.cat;
}

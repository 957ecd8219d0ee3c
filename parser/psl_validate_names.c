/* psl_validate_names.c: the checks of Prisma's validation pipeline that look
 * at whole models: unique criteria, views and composite types on PostgreSQL,
 * multi-schema rules, database-name clashes and constraint names (computed as
 * constraint_names.rs does, 63-byte limit). */
#include "psl_validate_int.h"

#include <string.h>

enum { PG_MAX_IDENT = 63 };

/* Cuts s to at most n bytes on a UTF-8 boundary. */
static size_t utf8_floor(const char *s, size_t n)
{
    size_t len = strlen(s);
    if (len <= n)
        return len;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

static const char *default_name(V *v, const VModel *m, const SdVec *fields, const char *suffix)
{
    SdBuf b = {0};
    sd_buf_puts(&b, m->dbname);
    for (size_t i = 0; fields && i < fields->len; i++)
        sd_buf_printf(&b, "_%s", SD_VEC_AT(*fields, i, const VField *)->dbname);
    size_t keep = utf8_floor(sd_buf_str(&b), PG_MAX_IDENT - strlen(suffix));
    const char *s = sd_printf(v->a, "%.*s%s", (int)keep, sd_buf_str(&b), suffix);
    sd_buf_free(&b);
    return s;
}

static void crit_names(V *v, VModel *m)
{
    for (size_t i = 0; i < m->crits.len; i++) {
        VCrit *c = SD_VEC_AT(m->crits, i, VCrit *);
        if (c->map) {
            c->dbname = c->map;
            if (strlen(c->map) > PG_MAX_IDENT)
                sd_pslv_err(v, c->attr->span, "Error validating %s \"%s\": The constraint name '%s' specified in "
                            "the `map` argument for the `%s` constraint is too long for your chosen provider. The "
                            "maximum allowed length is 63 bytes.", sd_pslv_container(m), m->b->name, c->map,
                            sd_pslv_attr_name(v, c->attr));
        } else {
            c->dbname = default_name(v, m, c->kind == VC_ID ? NULL : &c->fields,
                                     c->kind == VC_ID ? "_pkey" : c->kind == VC_UNIQUE ? "_key" : "_idx");
        }
    }
}

/* Primary keys, unique constraints and indexes: one namespace per schema.
 * The names are counted first, then each one used more than once is
 * reported, in the order of the constraints. */
static void constraint_clashes(V *v, const SdMap *tables)
{
    SdMap count = {0};
    SdVec counted = {0}, keys = {0}; /* the constraints counted and their keys, in order */
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        if (m->view || m->ignored)
            continue;
        /* Default names of two models on one table clash as the tables
         * do: that is reported once, on the table name. */
        bool table_clash = tables->len &&
                           sd_map_get(tables, sd_printf(v->a, "%s.%s", m->schema ? m->schema : "", m->dbname));
        for (size_t j = 0; j < m->crits.len; j++) {
            VCrit *c = SD_VEC_AT(m->crits, j, VCrit *);
            if (c->bad || !c->dbname)
                continue;
            if (!c->map && table_clash)
                continue;
            const char *key = sd_printf(v->a, "%s.%s", m->schema ? m->schema : "", c->dbname);
            sd_map_put(v->a, &count, key, (void *)((size_t)sd_map_get(&count, key) + 1));
            sd_vec_push(v->a, &counted, c);
            sd_vec_push(v->a, &keys, (void *)key);
        }
    }
    for (size_t i = 0; i < counted.len; i++) {
        if ((size_t)sd_map_get(&count, SD_VEC_AT(keys, i, const char *)) <= 1)
            continue;
        const VCrit *c = SD_VEC_AT(counted, i, const VCrit *);
        const PslExpr *map = sd_pslv_arg(c->attr, "map", NULL);
        sd_pslv_attr_err(v, c->attr, map ? map->loc : c->attr->span,
                         sd_printf(v->a, "The given constraint name `%s` has to be unique in the following "
                                         "namespace: global for primary key, indexes and unique "
                                         "constraints. Please provide a different name using the `map` "
                                         "argument.", c->dbname));
    }
}

static void table_clashes(V *v, SdMap *clash)
{
    SdMap seen = {0};
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        const char *key = sd_printf(v->a, "%s.%s", m->schema ? m->schema : "", m->dbname);
        VModel *prev = sd_map_get(&seen, key);
        if (!prev) {
            sd_map_put(v->a, &seen, key, m);
            continue;
        }
        sd_map_put(v->a, clash, key, m);
        const PslAttr *at = m->map_attr ? m->map_attr : prev->map_attr;
        sd_pslv_err(v, at ? at->span : m->b->loc, "The %s with database name \"%s\" could not be defined because "
                    "another model or view with this name exists: \"%s\"", sd_pslv_container(m), m->dbname,
                    m->map_attr ? prev->b->name : m->b->name);
    }
}

static void column_clashes(V *v, VModel *m)
{
    /* Field names are unique (checked first): only a @map can make two columns one. */
    size_t mapped = 0;
    for (size_t i = 0; i < m->fields.len && !mapped; i++) {
        const VField *f = SD_VEC_AT(m->fields, i, const VField *);
        mapped += f->dbname != f->f->name;
    }
    if (!mapped)
        return;
    SdMap seen = {0};
    for (size_t i = 0; i < m->fields.len; i++) {
        VField *f = SD_VEC_AT(m->fields, i, VField *);
        if (f->kind == VF_RELATION || !f->dbname)
            continue;
        VField *prev = sd_map_get(&seen, f->dbname);
        if (!prev) {
            sd_map_put(v->a, &seen, f->dbname, f);
            continue;
        }
        sd_pslv_err(v, f->f->loc, "Field \"%s\" is already defined on %s \"%s\".", f->f->name, sd_pslv_container(m),
                    m->b->name)->detail = sd_printf(v->d->arena, "Its database name \"%s\" is the one of field \"%s\".",
                                                     f->dbname, prev->f->name);
    }    sd_map_release(v->a, &seen);
}

static void unique_criteria(V *v, VModel *m)
{
    if (m->ignored || m->view)
        return; /* views need none since Prisma 5 */
    SdVec loose = {0};
    for (size_t i = 0; i < m->crits.len; i++) {
        VCrit *c = SD_VEC_AT(m->crits, i, VCrit *);
        if (c->kind == VC_INDEX || c->bad)
            continue;
        bool strict = c->fields.len > 0;
        SdBuf b = {0};
        for (size_t j = 0; j < c->fields.len; j++) {
            const VField *f = SD_VEC_AT(c->fields, j, const VField *);
            strict = strict && f->f->arity == PSL_ARITY_REQUIRED && f->kind != VF_UNSUPPORTED && !f->ignored;
            sd_buf_printf(&b, "%s%s", j ? ", " : "- ", f->f->name);
        }
        if (strict) {
            sd_buf_free(&b);
            return;
        }
        sd_vec_push(v->a, &loose, sd_strdup(v->a, sd_buf_str(&b)));
        sd_buf_free(&b);
    }
    SdBuf msg = {0};
    sd_buf_printf(&msg, "Error validating model \"%s\": Each model must have at least one unique criteria that has "
                        "only required fields. Either mark a single field with `@id`, `@unique` or add a multi field "
                        "criterion with `@@id([])` or `@@unique([])` to the model.", m->b->name);
    if (loose.len) {
        sd_buf_puts(&msg, " The following unique criterias were not considered as they contain fields that are not "
                          "required:");
        for (size_t i = 0; i < loose.len; i++)
            sd_buf_printf(&msg, "\n%s", SD_VEC_AT(loose, i, const char *));
    }
    sd_pslv_err(v, m->b->loc, "%s", sd_buf_str(&msg));
    sd_buf_free(&msg);
}

static bool schema_known(const V *v, const char *s) { return v->has_schemas && sd_map_get(&v->schemas, s); }

static void model_schema(V *v, VModel *m)
{
    if (!v->ds)
        return;
    if (m->schema && !schema_known(v, m->schema))
        sd_pslv_err(v, m->schema_loc, "This schema is not defined in the datasource. Read more on `@@schema` at "
                                      "https://pris.ly/d/multi-schema");
    else if (!m->schema && v->has_schemas)
        sd_pslv_err(v, m->b->loc, "Error validating %s \"%s\": This %s is missing an `@@schema` attribute.",
                    sd_pslv_container(m), m->b->name, sd_pslv_container(m));
}

/* Enums: @@map/@@schema, at least one value, database-name clashes. */
static void enum_checks(V *v)
{
    SdMap seen = {0};
    for (size_t i = 0; i < v->s->blocks.len; i++) {
        const PslBlock *b = SD_VEC_AT(v->s->blocks, i, const PslBlock *);
        if (b->kind != PSL_BLOCK_ENUM)
            continue;
        VEnum *e = sd_alloc(v->a, sizeof *e);
        e->b = b;
        e->dbname = b->name;
        for (size_t j = 0; j < b->attrs.len; j++) {
            const PslAttr *at = SD_VEC_AT(b->attrs, j, const PslAttr *);
            const PslExpr *x = sd_pslv_arg(at, sd_streq(at->name, "schema") ? "map" : "name",
                                           sd_streq(at->name, "schema") ? "map" : "name");
            if (sd_streq(at->name, "map") && x && x->kind == PSL_EXPR_STRING)
                e->dbname = x->str;
            else if (sd_streq(at->name, "schema") && x && x->kind == PSL_EXPR_STRING) {
                e->schema = x->str;
                e->schema_loc = at->span;
            }
        }
        if (b->fields.len == 0)
            sd_pslv_err(v, b->loc, "Error validating: An enum must have at least one value.");
        if (v->ds && e->schema && !schema_known(v, e->schema))
            sd_pslv_err(v, e->schema_loc, "This schema is not defined in the datasource. Read more on `@@schema` at "
                                          "https://pris.ly/d/multi-schema");
        else if (v->ds && !e->schema && v->has_schemas)
            sd_pslv_err(v, b->loc, "This enum is missing an `@@schema` attribute.");
        const char *key = sd_printf(v->a, "%s.%s", e->schema ? e->schema : "", e->dbname);
        if (sd_map_get(&seen, key))
            sd_pslv_err(v, b->loc, "An enum with the same database name is already defined.");
        else
            sd_map_put(v->a, &seen, key, e);
        sd_vec_push(v->a, &v->enum_list, e);
    }
}

static void view_checks(V *v, VModel *m)
{
    if (!m->view)
        return;
    if (!sd_pslv_has_preview(v, "views"))
        sd_pslv_err(v, m->b->loc, "Error validating: View definitions are only available with the `views` preview "
                                  "feature.");
    for (size_t i = 0; i < m->crits.len; i++) {
        VCrit *c = SD_VEC_AT(m->crits, i, VCrit *);
        if (c->kind == VC_INDEX)
            sd_pslv_err(v, c->attr->span, "Error validating: Views cannot have indexes.");
    }
}

/* Arguments PostgreSQL does not take: clustered, length. */
static void index_connector_checks(V *v, VModel *m)
{
    for (size_t i = 0; i < m->crits.len; i++) {
        VCrit *c = SD_VEC_AT(m->crits, i, VCrit *);
        if (sd_pslv_arg(c->attr, "clustered", NULL))
            sd_pslv_attr_err(v, c->attr, c->attr->span, "Defining clustering is not supported in the current "
                                                        "connector.");
        bool length = sd_pslv_arg(c->attr, "length", NULL) != NULL;
        const PslExpr *fl = c->on_field ? NULL : sd_pslv_arg(c->attr, "fields", "fields");
        for (size_t j = 0; fl && fl->kind == PSL_EXPR_ARRAY && j < fl->items.len; j++) {
            const PslExpr *it = SD_VEC_AT(fl->items, j, const PslExpr *);
            for (size_t k = 0; it->kind == PSL_EXPR_FUNC && k < it->args.len; k++)
                length = length || sd_streq(SD_VEC_AT(it->args, k, const PslArg *)->name, "length");
        }
        if (length)
            sd_pslv_attr_err(v, c->attr, c->attr->span,
                             c->kind == VC_ID ? "The length argument is not supported in the primary key with the "
                                                "current connector"
                                              : "The length argument is not supported in an index definition with the "
                                                "current connector");
    }
}

void sd_pslv_model_checks(V *v)
{
    for (size_t i = 0; i < v->s->blocks.len; i++) {
        const PslBlock *b = SD_VEC_AT(v->s->blocks, i, const PslBlock *);
        if (b->kind == PSL_BLOCK_TYPE)
            sd_pslv_err(v, b->loc, "Error validating: Composite types are not supported on Postgres.");
    }
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        view_checks(v, m);
        unique_criteria(v, m);
        model_schema(v, m);
        column_clashes(v, m);
        index_connector_checks(v, m);
        crit_names(v, m);
    }
    enum_checks(v);
    SdMap tables = {0};
    table_clashes(v, &tables);
    constraint_clashes(v, &tables);
}

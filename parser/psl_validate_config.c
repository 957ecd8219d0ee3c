/* psl_validate_config.c: the datasource and generator blocks: providers,
 * URLs (Prisma 4-6 `url = env(...)` and Prisma 7 schemas without one),
 * relationMode, extensions, schemas, previewFeatures. */
#include "psl_validate_int.h"

#include <string.h>

/* Preview features Prisma 4 to 7 know.  Stabilised or retired ones still
 * validate (with a warning), as older schemas carry them. */
static const char *const ACTIVE_FEATURES[] = {
    "views", "postgresqlExtensions", "partialIndexes", "relationJoins", "nativeDistinct",
    "strictUndefinedChecks", "fullTextSearchPostgres", "shardKeys", "typedSql", "driverAdapters",
    "queryCompiler", "schemaEngineDriverAdapters", "prismaSchemaFolder", "multiSchema",
    "omitApi", "fullTextIndex", "tracing", "deno", "nativeFullTextSearchPostgres",
};
static const char *const STABLE_FEATURES[] = {
    "interactiveTransactions", "clientExtensions", "fieldReference", "extendedWhereUnique",
    "filteredRelationCount", "orderByNulls", "improvedQueryRaw", "jsonProtocol", "nativeTypes",
    "namedConstraints", "referentialActions", "referentialIntegrity", "selectRelationCount",
    "orderByRelation", "orderByAggregateGroup", "napi", "dataProxy", "uncheckedScalarInputs",
    "microsoftSqlServer", "mongoDb", "createMany", "groupBy", "connectOrCreate", "atomicNumberOperations",
    "transactionApi", "aggregateApi", "distinct", "insensitiveFilters", "middlewares", "cockroachdb",
    "extendedIndexes", "fullTextSearch", "improvedQueryRaw", "postgresqlExtensions", "metrics",
    "prismaSchemaFolder", "omitApi", "multiSchema", "driverAdapters", "views", "relationJoins",
};

static bool in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (sd_streq(list[i], s))
            return true;
    return false;
}

static void check_feature(V *v, const PslExpr *e)
{
    const char *f = sd_pslv_want_string(v, e);
    if (!f)
        return;
    sd_map_put(v->a, &v->preview, f, (void *)e);
    if (sd_streq(f, "fullTextSearch")) {
        sd_pslv_warn(v, e->loc,
                     "On `provider = \"postgresql\"`, preview feature \"fullTextSearch\" has been renamed as "
                     "\"fullTextSearchPostgres\". Learn more at https://pris.ly/d/fts-postgres.");
    } else if (sd_streq(f, "metrics")) {
        sd_pslv_warn(v, e->loc,
                     "Preview feature \"metrics\" is deprecated. It will be removed in a future version of Prisma.");
    } else if (in_list(ACTIVE_FEATURES, SD_ARRAY_LEN(ACTIVE_FEATURES), f)) {
        /* fine */
    } else if (in_list(STABLE_FEATURES, SD_ARRAY_LEN(STABLE_FEATURES), f)) {
        sd_pslv_warn(v, e->loc,
                     "Preview feature \"%s\" is deprecated. The functionality can be used without specifying it "
                     "as a preview feature.",
                     f);
    } else {
        SdBuf b = {0};
        for (size_t i = 0; i < SD_ARRAY_LEN(ACTIVE_FEATURES); i++)
            sd_buf_printf(&b, "%s%s", i ? ", " : "", ACTIVE_FEATURES[i]);
        sd_pslv_err(v, e->loc, "The preview feature \"%s\" is not known. Expected one of: %s", f, sd_buf_str(&b));
        sd_buf_free(&b);
    }
}

/* A string or env("NAME"). */
static void check_string_or_env(V *v, const PslExpr *e)
{
    if (e->kind == PSL_EXPR_FUNC && sd_streq(e->str, "env")) {
        const PslArg *arg = e->args.len == 1 ? SD_VEC_AT(e->args, 0, const PslArg *) : NULL;
        if (!arg || arg->name || !arg->value || arg->value->kind != PSL_EXPR_STRING)
            sd_pslv_err(v, e->loc, "The env function expects a singular, unnamed, string argument.");
        return;
    }
    sd_pslv_want_string(v, e);
}

/* Checks key = value properties: missing values, duplicate keys. Returns
 * false when the property cannot be looked at further. */
static bool check_property(V *v, const PslBlock *b, const PslField *p, SdMap *seen, const char *kind)
{
    if (!p->value) {
        sd_pslv_err(v, b->loc, "Property %s in %s %s needs to be assigned a value", p->name, kind, b->name);
        return false;
    }
    if (sd_map_get(seen, p->name)) {
        sd_pslv_err(v, p->loc, "Key \"%s\" is already defined in %s.", p->name, kind);
        return false;
    }
    sd_map_put(v->a, seen, p->name, (void *)p);
    return true;
}

static void check_generator(V *v, const PslBlock *b)
{
    SdMap seen = {0};
    bool has_provider = false;
    for (size_t i = 0; i < b->fields.len; i++) {
        const PslField *p = SD_VEC_AT(b->fields, i, const PslField *);
        if (!p->name || !check_property(v, b, p, &seen, "generator"))
            continue;
        if (sd_streq(p->name, "provider")) {
            has_provider = true;
            check_string_or_env(v, p->value);
        } else if (sd_streq(p->name, "output")) {
            check_string_or_env(v, p->value);
        } else if (sd_streq(p->name, "previewFeatures")) {
            if (p->value->kind != PSL_EXPR_ARRAY) {
                sd_pslv_err(v, p->value->loc, "Expected an array value, but received %s value `%s`.",
                            sd_pslv_kind_name(p->value), sd_pslv_expr_text(v, p->value));
                continue;
            }
            for (size_t j = 0; j < p->value->items.len; j++)
                check_feature(v, SD_VEC_AT(p->value->items, j, const PslExpr *));
        }
    }
    if (!has_provider)
        sd_pslv_err(v, b->loc, "Argument \"provider\" is missing in generator block \"%s\".", b->name);
}

static const char *const OTHER_PROVIDERS[] = {"mysql", "sqlite", "sqlserver", "mongodb", "cockroachdb"};

static void check_provider(V *v, const PslExpr *e)
{
    if (e->kind == PSL_EXPR_FUNC && sd_streq(e->str, "env")) {
        sd_pslv_err(v, e->loc, "A datasource must not use the env() function in the provider argument.");
        return;
    }
    const char *p = sd_pslv_want_string(v, e);
    if (!p || sd_streq(p, "postgresql") || sd_streq(p, "postgres"))
        return;
    if (in_list(OTHER_PROVIDERS, SD_ARRAY_LEN(OTHER_PROVIDERS), p))
        sd_pslv_err(v, e->loc, "the datasource provider \"%s\" is not supported: schemadiff works on PostgreSQL only", p)
            ->hint = "Use provider = \"postgresql\".";
    else
        sd_pslv_err(v, e->loc, "Datasource provider not known: \"%s\".", p);
}

static void check_relation_mode(V *v, const PslField *p)
{
    const char *mode = sd_pslv_want_string(v, p->value);
    if (!mode)
        return;
    if (sd_streq(mode, "prisma"))
        v->relmode_prisma = true;
    else if (!sd_streq(mode, "foreignKeys"))
        sd_pslv_err(v, p->value->loc, "Invalid relation mode setting: \"%s\". Supported values: \"prisma\", \"foreignKeys\"",
                    mode);
}

static void check_extension(V *v, const PslExpr *e)
{
    if (e->kind == PSL_EXPR_IDENT)
        return;
    if (e->kind != PSL_EXPR_FUNC) {
        sd_pslv_err(v, e->loc, "Expected a constant value, but received %s value `%s`.", sd_pslv_kind_name(e),
                    sd_pslv_expr_text(v, e));
        return;
    }
    for (size_t i = 0; i < e->args.len; i++) {
        const PslArg *arg = SD_VEC_AT(e->args, i, const PslArg *);
        if (!arg->name || !(sd_streq(arg->name, "schema") || sd_streq(arg->name, "version") ||
                            sd_streq(arg->name, "map"))) {
            sd_pslv_err(v, arg->loc, "The extension argument `%s` is not known. Expected one of: schema, version, map",
                        arg->name ? arg->name : sd_pslv_expr_text(v, arg->value));
            continue;
        }
        sd_pslv_want_string(v, arg->value);
    }
}

static void check_schemas(V *v, const PslField *p)
{
    const PslExpr *e = p->value;
    if (e->kind != PSL_EXPR_ARRAY) {
        sd_pslv_err(v, e->loc, "Expected an array value, but received %s value `%s`.", sd_pslv_kind_name(e),
                    sd_pslv_expr_text(v, e));
        return;
    }
    v->has_schemas = true;
    if (e->items.len == 0)
        sd_pslv_err(v, e->loc, "If provided, the schemas array can not be empty.");
    for (size_t i = 0; i < e->items.len; i++) {
        const PslExpr *it = SD_VEC_AT(e->items, i, const PslExpr *);
        const char *s = sd_pslv_want_string(v, it);
        if (!s)
            continue;
        if (sd_map_get(&v->schemas, s))
            sd_pslv_err(v, it->loc, "Duplicated schema names are not allowed");
        else
            sd_map_put(v->a, &v->schemas, s, (void *)it);
    }
}

/* A schema written for Prisma 6 or older (preview features Prisma 7 dropped)
 * is held to Prisma 6's rules: its datasource needs a url.  Prisma 7 schemas
 * have none (it moved to prisma.config.ts). */
static bool prisma6_only(const V *v)
{
    static const char *const dropped[] = {"schemaEngineDriverAdapters", "driverAdapters", "metrics", "tracing"};
    for (size_t i = 0; i < SD_ARRAY_LEN(dropped); i++)
        if (sd_pslv_has_preview(v, dropped[i]))
            return true;
    return false;
}

static bool same_literal(const PslExpr *x, const PslExpr *y)
{
    if (!x || !y || x->kind != y->kind)
        return false;
    if (x->kind == PSL_EXPR_STRING)
        return sd_streq(x->str, y->str);
    if (x->kind == PSL_EXPR_FUNC && sd_streq(x->str, "env") && x->args.len == 1 && y->args.len == 1) {
        const PslArg *ax = SD_VEC_AT(x->args, 0, const PslArg *), *ay = SD_VEC_AT(y->args, 0, const PslArg *);
        return ax->value && ay->value && ax->value->kind == PSL_EXPR_STRING &&
               ay->value->kind == PSL_EXPR_STRING && sd_streq(ax->value->str, ay->value->str);
    }
    return false;
}

static void check_datasource(V *v, const PslBlock *b)
{
    SdMap seen = {0};
    const PslField *url = NULL, *direct = NULL, *shadow = NULL, *relmode = NULL, *refint = NULL, *ext = NULL;
    bool has_provider = false;
    for (size_t i = 0; i < b->fields.len; i++) {
        const PslField *p = SD_VEC_AT(b->fields, i, const PslField *);
        if (!p->name || !check_property(v, b, p, &seen, "datasource"))
            continue;
        if (sd_streq(p->name, "provider")) {
            has_provider = true;
            check_provider(v, p->value);
        } else if (sd_streq(p->name, "url") || sd_streq(p->name, "directUrl") ||
                   sd_streq(p->name, "shadowDatabaseUrl")) {
            check_string_or_env(v, p->value);
            *(p->name[0] == 'u' ? &url : p->name[0] == 'd' ? &direct : &shadow) = p;
        } else if (sd_streq(p->name, "relationMode")) {
            relmode = p;
            check_relation_mode(v, p);
        } else if (sd_streq(p->name, "referentialIntegrity")) {
            refint = p;
            sd_pslv_warn(v, p->loc, "The `referentialIntegrity` attribute is deprecated. Please use `relationMode` "
                                    "instead. Learn more at https://pris.ly/d/relation-mode");
            check_relation_mode(v, p);
        } else if (sd_streq(p->name, "extensions")) {
            ext = p;
            if (p->value->kind != PSL_EXPR_ARRAY)
                sd_pslv_err(v, p->value->loc, "Expected an array value, but received %s value `%s`.",
                            sd_pslv_kind_name(p->value), sd_pslv_expr_text(v, p->value));
            else
                for (size_t j = 0; j < p->value->items.len; j++)
                    check_extension(v, SD_VEC_AT(p->value->items, j, const PslExpr *));
        } else if (sd_streq(p->name, "schemas")) {
            check_schemas(v, p);
        } else {
            sd_pslv_err(v, p->loc, "Property not known: \"%s\".", p->name);
        }
    }
    if (!has_provider)
        sd_pslv_err(v, b->loc, "Argument \"provider\" is missing in data source block \"%s\".", b->name);
    if (!url && prisma6_only(v))
        sd_pslv_err(v, b->loc, "Argument \"url\" is missing in data source block \"%s\".", b->name)->hint =
            "Prisma 4 to 6 require `url`; this schema lists preview features Prisma 7 no longer has.";
    if (relmode && refint)
        sd_pslv_err(v, refint->loc, "The `referentialIntegrity` and `relationMode` attributes cannot be used "
                                    "together. Please use only `relationMode` instead.");
    if (shadow && url && same_literal(shadow->value, url->value))
        sd_pslv_err(v, shadow->value->loc, "shadowDatabaseUrl is the same as url for datasource \"%s\". Please "
                    "specify a different database as shadow database to avoid data loss.", b->name);
    if (shadow && direct && same_literal(shadow->value, direct->value))
        sd_pslv_err(v, shadow->value->loc, "shadowDatabaseUrl is the same as directUrl for datasource \"%s\". "
                    "Please specify a different database as shadow database to avoid data loss.", b->name);
    if (ext && !sd_pslv_has_preview(v, "postgresqlExtensions"))
        sd_pslv_err(v, ext->loc, "The `extensions` property is only available with the `postgresqlExtensions` "
                                 "preview feature.");
}

void sd_pslv_config(V *v)
{
    /* Generators first: the datasource's checks depend on preview features. */
    for (size_t i = 0; i < v->s->blocks.len; i++) {
        const PslBlock *b = SD_VEC_AT(v->s->blocks, i, const PslBlock *);
        if (b->kind == PSL_BLOCK_GENERATOR)
            check_generator(v, b);
    }
    for (size_t i = 0; i < v->s->blocks.len; i++) {
        const PslBlock *b = SD_VEC_AT(v->s->blocks, i, const PslBlock *);
        if (b->kind != PSL_BLOCK_DATASOURCE)
            continue;
        if (v->ds) {
            sd_pslv_err(v, b->loc, "You defined more than one datasource. This is not allowed yet because support "
                                   "for multiple databases has not been implemented yet.");
            continue;
        }
        v->ds = b;
        check_datasource(v, b);
    }
}

/* sql_type.c: type names as written in SQL -> SdType in format_type()'s normal
 * form ("varchar(3)" and "character varying(3)" -> "character varying" {3}). */
#include "sql_int.h"

#include <string.h>

/* Built-in names as the grammar leaves them (pg_catalog.int4, varchar, ...)
 * and the name format_type() prints.  n is about 40: a linear scan is fine. */
static const struct {
    const char *in, *out;
    bool serial;
} BUILTINS[] = {
    {"int2", "smallint", false},     {"smallint", "smallint", false},
    {"int4", "integer", false},      {"int", "integer", false},
    {"integer", "integer", false},   {"int8", "bigint", false},
    {"bigint", "bigint", false},     {"serial", "integer", true},
    {"serial4", "integer", true},    {"bigserial", "bigint", true},
    {"serial8", "bigint", true},     {"smallserial", "smallint", true},
    {"serial2", "smallint", true},   {"float4", "real", false},
    {"real", "real", false},         {"float8", "double precision", false},
    {"float", "double precision", false},
    {"numeric", "numeric", false},   {"decimal", "numeric", false},
    {"bool", "boolean", false},      {"boolean", "boolean", false},
    {"varchar", "character varying", false},
    {"bpchar", "character", false},  {"char", "\"char\"", false},
    {"text", "text", false},         {"timestamp", "timestamp without time zone", false},
    {"timestamptz", "timestamp with time zone", false},
    {"time", "time without time zone", false},
    {"timetz", "time with time zone", false},
    {"date", "date", false},         {"interval", "interval", false},
    {"jsonb", "jsonb", false},       {"json", "json", false},
    {"uuid", "uuid", false},         {"bytea", "bytea", false},
    {"bit", "bit", false},           {"varbit", "bit varying", false},
    {"inet", "inet", false},         {"cidr", "cidr", false},
    {"macaddr", "macaddr", false},   {"xml", "xml", false},
    {"money", "money", false},       {"tsvector", "tsvector", false},
    {"tsquery", "tsquery", false},   {"oid", "oid", false},
    {"name", "name", false},         {"regclass", "regclass", false},
};

static bool typmod_int(const Node *n, int32_t *out)
{
    if (n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_IVAL) {
        *out = n->a_const->ival->ival;
        return true;
    }
    return false;
}

/* A user type (enum or other) by possibly qualified name. */
static bool user_type(Replay *r, const char *schema, const char *name, SdType *out)
{
    SdObject *o = sql_find_kind(r, SD_OBJ_ENUM, schema, name);
    if (!o)
        o = sql_find_kind(r, SD_OBJ_TYPE, schema, name);
    if (!o)
        return false;
    out->name = o->name;
    out->schema = o->schema;
    out->is_enum = o->kind == SD_OBJ_ENUM;
    return true;
}

bool sql_type(Replay *r, const PgQuery__TypeName *tn, SdType *out, bool *serial_out)
{
    *out = (SdType){.mods = {-1, -1}};
    if (serial_out)
        *serial_out = false;
    const char *schema = NULL, *name = NULL;
    if (tn->n_names == 1) {
        name = sql_str(tn->names[0]);
    } else if (tn->n_names >= 2) {
        schema = sql_str(tn->names[tn->n_names - 2]);
        name = sql_str(tn->names[tn->n_names - 1]);
    }
    if (!name) {
        sql_fail(r, tn->location, "type name not understood");
        return false;
    }
    bool builtin_ok = !schema || strcmp(schema, "pg_catalog") == 0;
    bool found = false;
    if (!user_type(r, schema, name, out) && builtin_ok) {
        for (size_t i = 0; i < SD_ARRAY_LEN(BUILTINS); i++) {
            if (strcmp(BUILTINS[i].in, name) == 0 && (!BUILTINS[i].serial || !schema)) {
                out->name = BUILTINS[i].out;
                if (serial_out)
                    *serial_out = BUILTINS[i].serial;
                found = true;
                break;
            }
        }
        if (!found) /* an extension's type (citext, vector, ...): kept by name */
            out->name = sd_strdup(r->a, name);
    } else if (!out->name) {
        /* schema-qualified type we do not know: PostgreSQL would need it to exist */
        out->name = sd_strdup(r->a, name);
        out->schema = sd_strdup(r->a, schema);
    }
    for (size_t i = 0; i < tn->n_typmods && i < 2; i++) {
        if (!typmod_int(tn->typmods[i], &out->mods[i])) {
            sql_fail(r, tn->location, "type modifier not understood");
            return false;
        }
    }
    if (strcmp(out->name, "numeric") == 0 && tn->n_typmods == 1)
        out->mods[1] = 0; /* numeric(p) is numeric(p,0) */
    if (tn->n_array_bounds > 0)
        out->ndims = 1;
    return true;
}

const char *sql_type_text(Replay *r, const PgQuery__TypeName *tn)
{
    SdType t;
    if (!sql_type(r, tn, &t, NULL))
        return NULL;
    return sd_type_format(r->a, &t);
}

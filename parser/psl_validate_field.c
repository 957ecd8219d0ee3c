/* psl_validate_field.c: field attributes (@map, @default, @updatedAt,
 * @ignore, @id/@unique arguments, @db.* native types) and enum attributes,
 * as Prisma's parser-database and PostgreSQL connector check them. */
#include "psl_validate_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- value helpers ---- */

static bool is_int_text(const char *s)
{
    if (!s || !*s)
        return false;
    if (*s == '-')
        s++;
    if (!*s)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

void sd_pslv_check_sort(V *v, const PslAttr *at, const PslExpr *e)
{
    if (e->kind != PSL_EXPR_IDENT) {
        sd_pslv_err(v, e->loc, "Expected a constant value, but received %s value `%s`.", sd_pslv_kind_name(e),
                    sd_pslv_expr_text(v, e));
        return;
    }
    if (!sd_streq(e->str, "Asc") && !sd_streq(e->str, "Desc"))
        sd_pslv_attr_err(v, at, e->loc,
                         sd_printf(v->a, "The `sort` argument must be `Asc` or `Desc`, not `%s`.", e->str));
}

void sd_pslv_check_number(V *v, const PslExpr *e)
{
    if (e->kind != PSL_EXPR_NUMBER || !is_int_text(e->str))
        sd_pslv_err(v, e->loc, "Expected a numeric value, but received %s value `%s`.", sd_pslv_kind_name(e),
                    sd_pslv_expr_text(v, e));
}

/* ---- native types (postgres_datamodel_connector.rs) ---- */

typedef enum { NT_PLAIN, NT_LENGTH, NT_TIME, NT_DECIMAL, NT_BITS, NT_GIS } NtKind;

typedef struct NativeType {
    const char *name;
    const char *scalar; /* the Prisma type it goes with */
    int max_args;       /* all optional, except GIS (1 or 2) */
    NtKind kind;
} NativeType;

static const NativeType NATIVE_TYPES[] = {
    {"SmallInt", "Int", 0, NT_PLAIN},        {"Integer", "Int", 0, NT_PLAIN},
    {"Oid", "Int", 0, NT_PLAIN},             {"BigInt", "BigInt", 0, NT_PLAIN},
    {"Decimal", "Decimal", 2, NT_DECIMAL},   {"Money", "Decimal", 0, NT_PLAIN},
    {"Real", "Float", 0, NT_PLAIN},          {"DoublePrecision", "Float", 0, NT_PLAIN},
    {"Text", "String", 0, NT_PLAIN},         {"VarChar", "String", 1, NT_LENGTH},
    {"Char", "String", 1, NT_LENGTH},        {"Bit", "String", 1, NT_BITS},
    {"VarBit", "String", 1, NT_BITS},        {"Uuid", "String", 0, NT_PLAIN},
    {"Xml", "String", 0, NT_PLAIN},          {"Inet", "String", 0, NT_PLAIN},
    {"Citext", "String", 0, NT_PLAIN},       {"Boolean", "Boolean", 0, NT_PLAIN},
    {"ByteA", "Bytes", 0, NT_PLAIN},         {"Timestamp", "DateTime", 1, NT_TIME},
    {"Timestamptz", "DateTime", 1, NT_TIME}, {"Date", "DateTime", 0, NT_PLAIN},
    {"Time", "DateTime", 1, NT_TIME},        {"Timetz", "DateTime", 1, NT_TIME},
    {"Json", "Json", 0, NT_PLAIN},           {"JsonB", "Json", 0, NT_PLAIN},
    {"Geometry", "Geometry", 2, NT_GIS},     {"Geography", "Geography", 2, NT_GIS},
};

static const NativeType *find_native(const char *name)
{
    for (size_t i = 0; i < SD_ARRAY_LEN(NATIVE_TYPES); i++)
        if (sd_streq(NATIVE_TYPES[i].name, name))
            return &NATIVE_TYPES[i];
    return NULL;
}

static const char *args_text(V *v, const PslAttr *at)
{
    SdBuf b = {0};
    sd_buf_putc(&b, '(');
    for (size_t i = 0; i < at->args.len; i++) {
        const PslArg *arg = SD_VEC_AT(at->args, i, const PslArg *);
        sd_buf_printf(&b, "%s%s", i ? "," : "", arg->value ? sd_pslv_expr_text(v, arg->value) : "");
    }
    sd_buf_putc(&b, ')');
    const char *s = sd_strdup(v->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* Range checks of the PostgreSQL connector (validate_native_type_arguments). */
/* The message for a range error, or NULL when the arguments are in range. */
static const char *range_error(const NativeType *nt, const long *n, size_t nargs)
{
    if (nt->kind == NT_DECIMAL && nargs == 2) {
        if (n[0] < 1 || n[0] > 1000)
            return "Argument M is out of range for native type `%s` of Postgres: Precision must be positive with a "
                   "maximum value of 1000.";
        if (n[1] > n[0])
            return "The scale must not be larger than the precision for the %s native type in Postgres.";
    } else if (nt->kind == NT_TIME && nargs == 1 && n[0] > 6) {
        return "Argument M is out of range for native type `%s` of Postgres: M can range from 0 to 6.";
    } else if ((nt->kind == NT_BITS || nt->kind == NT_LENGTH) && nargs == 1 && n[0] < 1) {
        return "Argument M is out of range for native type `%s` of Postgres: M must be a positive integer.";
    }
    return NULL;
}

/* Range checks of the PostgreSQL connector (validate_native_type_arguments);
 * the type as written (`Decimal(1001,2)`) is spelled only for a message. */
static void native_ranges(V *v, const PslAttr *at, const NativeType *nt, const long *n, size_t nargs)
{
    const char *fmt = range_error(nt, n, nargs);
    if (!fmt)
        return;
    SdBuf msg = {0};
    const char *full = sd_printf(v->a, "%s%s", nt->name, args_text(v, at));
    const char *hole = strstr(fmt, "%s");
    sd_buf_put(&msg, fmt, (size_t)(hole - fmt));
    sd_buf_puts(&msg, full);
    sd_buf_puts(&msg, hole + 2);
    sd_pslv_err(v, at->span, "%s", sd_buf_str(&msg));
    sd_buf_free(&msg);
}

static void native_gis(V *v, const PslAttr *at)
{
    if (at->args.len < 1 || at->args.len > 2) {
        sd_pslv_err(v, at->span, "Native type %s takes 2 optional arguments, but received %u.",
                    strchr(at->name, '.') + 1, at->args.len);
        return;
    }
    const PslArg *g = SD_VEC_AT(at->args, 0, const PslArg *);
    if (g->value && g->value->kind != PSL_EXPR_IDENT)
        sd_pslv_err(v, g->loc, "Invalid Native type %s.", strchr(at->name, '.') + 1);
    if (at->args.len == 2) {
        const PslArg *srid = SD_VEC_AT(at->args, 1, const PslArg *);
        if (srid->value && (srid->value->kind != PSL_EXPR_NUMBER || !is_int_text(srid->value->str) ||
                            atol(srid->value->str) < 0 || atol(srid->value->str) > 999000))
            sd_pslv_err(v, srid->loc, "The SRID argument must be an integer between 0 and 999000.");
    }
}

static void check_native(V *v, VField *vf, const PslAttr *at)
{
    const char *dot = strchr(at->name, '.');
    size_t plen = (size_t)(dot - at->name);
    const char *tname = dot + 1;
    if (!v->ds) {
        sd_pslv_err(v, at->loc, "Attribute not known: \"@%s\".", at->name);
        return;
    }
    if (!v->ds->name || strncmp(at->name, v->ds->name, plen) != 0 || v->ds->name[plen] != '\0') {
        sd_pslv_err(v, at->loc, "The prefix %.*s is invalid. It must be equal to the name of an existing datasource "
                    "e.g. %s. Did you mean to use %s.%s?", (int)plen, at->name, v->ds->name, v->ds->name, tname);
        return;
    }
    const NativeType *nt = find_native(tname);
    if (!nt) {
        sd_pslv_err(v, at->loc, "Native type %s is not supported for postgresql connector.", tname);
        return;
    }
    if (vf->kind != VF_SCALAR || !sd_streq(vf->f->type, nt->scalar)) {
        sd_pslv_err(v, at->span, "Native type %s is not compatible with declared field type %s, expected field type "
                    "%s.", tname, vf->f->type ? vf->f->type : "?", nt->scalar);
        return;
    }
    if (nt->kind == NT_GIS) {
        native_gis(v, at);
        return;
    }
    size_t nargs = at->args.len;
    if (nt->kind == NT_DECIMAL && nargs == 1) {
        sd_pslv_err(v, at->span, "Expected two nonnegative integers, but found %s.", args_text(v, at));
        return;
    }
    if (nargs > (size_t)nt->max_args) {
        if (nt->max_args == 0)
            sd_pslv_err(v, at->span, "Native type %s takes 0 arguments, but received %zu.", tname, nargs);
        else
            sd_pslv_err(v, at->span, "Native type %s takes %d optional arguments, but received %zu.", tname,
                        nt->max_args, nargs);
        return;
    }
    long n[2] = {0, 0};
    for (size_t i = 0; i < nargs; i++) {
        const PslArg *arg = SD_VEC_AT(at->args, i, const PslArg *);
        const PslExpr *e = arg->value;
        if (!e || e->kind != PSL_EXPR_NUMBER || !is_int_text(e->str) || e->str[0] == '-') {
            sd_pslv_err(v, at->span, "Expected a nonnegative integer, but found %s.", args_text(v, at));
            return;
        }
        n[i] = atol(e->str);
    }
    native_ranges(v, at, nt, n, nargs);
}

/* ---- @default ---- */

static bool default_fn_args(V *v, const PslAttr *at, const PslExpr *fn, long lo, long hi, const char *msg)
{
    if (fn->args.len == 0)
        return true;
    const PslArg *arg = SD_VEC_AT(fn->args, 0, const PslArg *);
    const PslExpr *e = arg->value;
    bool ok = fn->args.len == 1 && !arg->name && e && e->kind == PSL_EXPR_NUMBER && is_int_text(e->str);
    if (ok) {
        long n = atol(e->str);
        ok = lo == hi ? false : (lo == 4 && hi == 7 ? (n == 4 || n == 7) : (n >= lo && n <= hi));
    }
    if (!ok)
        sd_pslv_attr_err(v, at, at->span, msg);
    return ok;
}

static void fn_type_error(V *v, const PslAttr *at, const char *fn, const char *type)
{
    sd_pslv_attr_err(v, at, at->span,
                     sd_printf(v->a, "The function `%s()` cannot be used on fields of type `%s`.", fn, type));
}

static void check_default_fn(V *v, VField *vf, const PslAttr *at, const PslExpr *fn)
{
    const char *name = fn->str ? fn->str : "";
    const char *type = vf->kind == VF_SCALAR ? vf->f->type : vf->kind == VF_ENUM ? vf->f->type : "Unsupported";
    if (sd_streq(name, "dbgenerated")) {
        const PslArg *arg = fn->args.len ? SD_VEC_AT(fn->args, 0, const PslArg *) : NULL;
        if (fn->args.len > 1 || (arg && (!arg->value || arg->value->kind != PSL_EXPR_STRING ||
                                         !arg->value->str || !arg->value->str[0])))
            sd_pslv_attr_err(v, at, at->span,
                             "dbgenerated() takes either no argument, or a single nonempty string argument.");
        return;
    }
    if (vf->kind == VF_UNSUPPORTED) {
        sd_pslv_attr_err(v, at, at->span, "Only @default(dbgenerated(\"...\")) can be used for Unsupported types.");
        return;
    }
    bool is_string = sd_streq(type, "String"), is_int = sd_streq(type, "Int") || sd_streq(type, "BigInt");
    if (sd_streq(name, "autoincrement")) {
        if (!is_int || vf->f->arity == PSL_ARITY_LIST)
            fn_type_error(v, at, name, type);
        else if (fn->args.len)
            sd_pslv_attr_err(v, at, at->span, "`autoincrement()` takes no arguments.");
    } else if (sd_streq(name, "now")) {
        if (!sd_streq(type, "DateTime"))
            fn_type_error(v, at, name, type);
        else if (fn->args.len)
            sd_pslv_attr_err(v, at, at->span, "`now()` takes no arguments.");
    } else if (sd_streq(name, "uuid") || sd_streq(name, "cuid") || sd_streq(name, "nanoid") ||
               sd_streq(name, "ulid")) {
        if (!is_string) {
            fn_type_error(v, at, name, type);
        } else if (name[0] == 'u' && name[1] == 'u') {
            default_fn_args(v, at, fn, 4, 7, "`uuid()` takes either no argument, or a single integer argument which "
                                             "is either 4 or 7.");
        } else if (name[0] == 'c') {
            default_fn_args(v, at, fn, 1, 2, "`cuid()` takes either no argument, or a single integer argument which "
                                             "is either 1 or 2.");
        } else if (name[0] == 'n') {
            default_fn_args(v, at, fn, 2, 255, "`nanoid()` takes either no argument, or a single integer argument "
                                               "which must be at least 2 and at most 255.");
        } else if (fn->args.len) {
            sd_pslv_attr_err(v, at, at->span, "`ulid()` takes no arguments.");
        }
    } else {
        sd_pslv_err(v, fn->loc, "Unknown function in @default(): `%s` is not known. You can read about the available "
                    "functions here: https://pris.ly/d/attribute-functions", name);
    }
}

static bool enum_has_value(const PslBlock *en, const char *name)
{
    for (size_t i = 0; i < en->fields.len; i++)
        if (sd_streq(SD_VEC_AT(en->fields, i, const PslField *)->name, name))
            return true;
    return false;
}

static bool rfc3339ish(const char *s)
{
    /* YYYY-MM-DDTHH:MM:SS... : Prisma parses with chrono; check the shape. */
    if (!s || strlen(s) < 20)
        return false;
    for (int i = 0; i < 19; i++) {
        char c = s[i];
        bool digit = isdigit((unsigned char)c);
        if ((i == 4 || i == 7) ? c != '-' : i == 10 ? (c != 'T' && c != 't' && c != ' ')
                                          : (i == 13 || i == 16) ? c != ':' : !digit)
            return false;
    }
    return true;
}

/* A literal default against the field's type. */
static void check_default_literal(V *v, VField *vf, const PslAttr *at, const PslExpr *e)
{
    const char *type = vf->f->type ? vf->f->type : "";
    bool ok;
    if (vf->kind == VF_ENUM) {
        if (e->kind == PSL_EXPR_IDENT && !enum_has_value(vf->enum_block, e->str)) {
            sd_pslv_attr_err(v, at, e->loc, sd_printf(v->a, "The defined default value `%s` is not a valid value of "
                                                            "the enum specified for the field.", e->str));
            return;
        }
        ok = e->kind == PSL_EXPR_IDENT;
    } else if (vf->kind == VF_UNSUPPORTED) {
        sd_pslv_attr_err(v, at, at->span, "Only @default(dbgenerated(\"...\")) can be used for Unsupported types.");
        return;
    } else if (sd_streq(type, "String") || sd_streq(type, "Json") || sd_streq(type, "Bytes")) {
        ok = e->kind == PSL_EXPR_STRING;
    } else if (sd_streq(type, "DateTime")) {
        ok = e->kind == PSL_EXPR_STRING;
        if (ok && !rfc3339ish(e->str)) {
            sd_pslv_attr_err(v, at, e->loc, sd_printf(v->a, "Parse error: \"%s\" is not a valid rfc3339 datetime "
                                                            "string.", e->str));
            return;
        }
    } else if (sd_streq(type, "Int") || sd_streq(type, "BigInt")) {
        ok = e->kind == PSL_EXPR_NUMBER;
        if (ok && !is_int_text(e->str)) {
            sd_pslv_attr_err(v, at, e->loc, sd_printf(v->a, "Parse error: \"%s\" is not a valid integer. (invalid "
                                                            "digit found in string)", e->str));
            return;
        }
    } else if (sd_streq(type, "Float")) {
        ok = e->kind == PSL_EXPR_NUMBER;
    } else if (sd_streq(type, "Decimal")) {
        ok = e->kind == PSL_EXPR_NUMBER || e->kind == PSL_EXPR_STRING;
    } else if (sd_streq(type, "Boolean")) {
        ok = e->kind == PSL_EXPR_IDENT && (sd_streq(e->str, "true") || sd_streq(e->str, "false"));
    } else {
        ok = true; /* Geometry/Geography: only dbgenerated() makes sense; Prisma leaves it to the connector */
    }
    if (!ok)
        sd_pslv_attr_err(v, at, e->loc, sd_printf(v->a, "Expected a %s value, but found `%s`.",
                                                 vf->kind == VF_ENUM ? "enum" : type, sd_pslv_expr_text(v, e)));
}

static void check_default(V *v, VField *vf, const PslAttr *at)
{
    static const char *const names[] = {"value", "map"};
    if (!sd_pslv_check_args(v, at, "value", names, SD_ARRAY_LEN(names)))
        return;
    const PslExpr *val = sd_pslv_arg(at, "value", "value"), *map = sd_pslv_arg(at, "map", "value");
    if (map)
        sd_pslv_want_string(v, map);
    if (!val) {
        sd_pslv_err(v, at->span, "Argument \"value\" is missing.");
        return;
    }
    if (vf->kind == VF_RELATION) {
        sd_pslv_attr_err(v, at, at->span, "Cannot set a default value on a relation field.");
        return;
    }
    if (vf->kind == VF_UNKNOWN)
        return;
    if (val->kind == PSL_EXPR_FUNC) {
        check_default_fn(v, vf, at, val);
        return;
    }
    if (vf->f->arity == PSL_ARITY_LIST) {
        if (val->kind != PSL_EXPR_ARRAY) {
            sd_pslv_attr_err(v, at, val->loc, "The default value of a list field must be a list.");
            return;
        }
        for (size_t i = 0; i < val->items.len; i++)
            check_default_literal(v, vf, at, SD_VEC_AT(val->items, i, const PslExpr *));
        return;
    }
    if (val->kind == PSL_EXPR_ARRAY) {
        sd_pslv_attr_err(v, at, val->loc, sd_printf(v->a, "Expected a %s value, but received array value `%s`.",
                                                   vf->f->type, sd_pslv_expr_text(v, val)));
        return;
    }
    check_default_literal(v, vf, at, val);
}

/* ---- the field attributes ---- */

static void check_index_attr_args(V *v, VModel *m, const PslAttr *at, bool id)
{
    static const char *const names[] = {"map", "length", "sort", "clustered"};
    if (!sd_pslv_check_args(v, at, NULL, names, SD_ARRAY_LEN(names)))
        return;
    const PslExpr *e;
    if ((e = sd_pslv_arg(at, "map", NULL)))
        sd_pslv_want_string(v, e);
    if ((e = sd_pslv_arg(at, "sort", NULL)))
        sd_pslv_check_sort(v, at, e);
    if ((e = sd_pslv_arg(at, "length", NULL)))
        sd_pslv_check_number(v, e);
    if (id && m->view)
        sd_pslv_err(v, at->loc, "Error validating: Views cannot have primary keys.");
}

static void check_map(V *v, VField *vf, const PslAttr *at)
{
    static const char *const names[] = {"name"};
    if (!sd_pslv_check_args(v, at, "name", names, 1))
        return;
    const PslExpr *e = sd_pslv_arg(at, "name", "name");
    if (!e) {
        sd_pslv_err(v, at->span, "Argument \"name\" is missing.");
        return;
    }
    const char *s = sd_pslv_want_string(v, e);
    if (vf && vf->kind == VF_RELATION) {
        sd_pslv_attr_err(v, at, at->span, "The attribute `@map` cannot be used on relation fields.");
        return;
    }
    if (s && !*s)
        sd_pslv_attr_err(v, at, e->loc, "The `name` argument cannot be an empty string.");
    else if (s && vf)
        vf->dbname = s;
}

static void check_updated_at(V *v, VField *vf, const PslAttr *at)
{
    if (at->args.len)
        sd_pslv_check_args(v, at, NULL, NULL, 0);
    if (vf->kind != VF_SCALAR || !sd_streq(vf->f->type, "DateTime"))
        sd_pslv_attr_err(v, at, at->span, "Fields that are marked with @updatedAt must be of type DateTime.");
    else if (vf->f->arity == PSL_ARITY_LIST)
        sd_pslv_attr_err(v, at, at->span, "Fields that are marked with @updatedAt cannot be lists.");
    vf->updated_at = true;
}

static void field_attr(V *v, VModel *m, VField *vf, const PslAttr *at)
{
    const char *n = at->name ? at->name : "";
    if (sd_streq(n, "id") || sd_streq(n, "unique")) {
        if (vf->kind == VF_RELATION)
            sd_pslv_err(v, at->span, "Error parsing attribute \"@%s\": The field `%s` is a relation field and cannot "
                        "be marked with `@%s`. Only scalar fields can be %s.", n, vf->f->name, n,
                        n[0] == 'i' ? "used as an id" : "made unique");
        else
            check_index_attr_args(v, m, at, n[0] == 'i');
    } else if (sd_streq(n, "default")) {
        check_default(v, vf, at);
    } else if (sd_streq(n, "map")) {
        check_map(v, vf, at);
    } else if (sd_streq(n, "updatedAt")) {
        check_updated_at(v, vf, at);
    } else if (sd_streq(n, "ignore")) {
        vf->ignored = true;
        if (at->args.len)
            sd_pslv_check_args(v, at, NULL, NULL, 0);
    } else if (sd_streq(n, "relation")) {
        vf->relation = at; /* checked with the relations */
        if (vf->kind != VF_RELATION && vf->kind != VF_UNKNOWN)
            sd_pslv_err(v, at->span, "Error parsing attribute \"@relation\": Invalid field type, not a relation.");
    } else if (strchr(n, '.')) {
        /* native types: checked by the connector, in the pipeline */
    } else {
        sd_pslv_err(v, at->loc, "Attribute not known: \"@%s\".", n);
    }
}

/* Every attribute but db.* may appear once; each repetition is reported, the
 * first one too, as Prisma does. */
static void check_repeats(V *v, const SdVec *attrs)
{
    if (attrs->len < 2)
        return; /* nothing can repeat: the common case, skipped cheaply */
    for (size_t i = 0; i < attrs->len; i++) {
        const PslAttr *at = SD_VEC_AT(*attrs, i, const PslAttr *);
        if (!at->name)
            continue;
        bool native = strchr(at->name, '.') != NULL;
        bool repeatable = at->block && (sd_streq(at->name, "index") || sd_streq(at->name, "unique") ||
                                        sd_streq(at->name, "fulltext"));
        if (repeatable)
            continue;
        for (size_t j = 0; j < attrs->len; j++) {
            const PslAttr *o = SD_VEC_AT(*attrs, j, const PslAttr *);
            if (j == i || !o->name)
                continue;
            bool same = native ? strchr(o->name, '.') != NULL : sd_streq(o->name, at->name);
            if (same) {
                sd_pslv_err(v, at->loc, "Attribute \"@%s\" can only be defined once.", native ? "db" : at->name);
                break;
            }
        }
    }
}

void sd_pslv_field_attrs(V *v, VModel *m)
{
    for (size_t i = 0; i < m->fields.len; i++) {
        VField *vf = SD_VEC_AT(m->fields, i, VField *);
        check_repeats(v, &vf->f->attrs);
        for (size_t j = 0; j < vf->f->attrs.len; j++) {
            sd_pslv_trailing_comma(v, SD_VEC_AT(vf->f->attrs, j, const PslAttr *));
            field_attr(v, m, vf, SD_VEC_AT(vf->f->attrs, j, const PslAttr *));
        }
        if (vf->kind == VF_UNSUPPORTED && vf->f->unsupported && vf->f->unsupported->kind != PSL_EXPR_STRING)
            sd_pslv_want_string(v, vf->f->unsupported);
    }
    check_repeats(v, &m->b->attrs);
}

void sd_pslv_native_types(V *v)
{
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        for (size_t j = 0; j < m->fields.len; j++) {
            VField *vf = SD_VEC_AT(m->fields, j, VField *);
            for (size_t k = 0; k < vf->f->attrs.len; k++) {
                const PslAttr *at = SD_VEC_AT(vf->f->attrs, k, const PslAttr *);
                if (at->name && strchr(at->name, '.'))
                    check_native(v, vf, at);
            }
        }
    }
}

/* Enum attributes: value @map, @@map, @@schema; duplicate database names. */
void sd_pslv_enum_attrs(V *v, const PslBlock *b)
{
    SdMap dbvals = {0};
    check_repeats(v, &b->attrs);
    for (size_t i = 0; i < b->fields.len; i++) {
        const PslField *f = SD_VEC_AT(b->fields, i, const PslField *);
        const char *db = f->name;
        check_repeats(v, &f->attrs);
        for (size_t j = 0; j < f->attrs.len; j++) {
            const PslAttr *at = SD_VEC_AT(f->attrs, j, const PslAttr *);
            sd_pslv_trailing_comma(v, at);
            if (!sd_streq(at->name, "map")) {
                sd_pslv_err(v, at->loc, "Attribute not known: \"@%s\".", at->name ? at->name : "");
                continue;
            }
            const PslExpr *e = sd_pslv_arg(at, "name", "name");
            const char *s = e ? sd_pslv_want_string(v, e) : NULL;
            if (!e)
                sd_pslv_err(v, at->span, "Argument \"name\" is missing.");
            if (s)
                db = s;
        }
        if (!db)
            continue;
        const PslField *prev = sd_map_get(&dbvals, db);
        if (prev && db != f->name)
            sd_pslv_err(v, f->span, "`@map`'d value \"%s\" is already defined on enum \"%s\" in field \"%s\".", db,
                        b->name, prev->name);
        else if (!prev)
            sd_map_put(v->a, &dbvals, db, (void *)f);
    }    sd_map_release(v->a, &dbvals);
}

/* risk_types.c: what a column type change does (rewrite, fail, change values,
 * needs USING) and whether a default is volatile.  The rules follow PostgreSQL's
 * ALTER TABLE notes: a change between binary-coercible types whose length support
 * function says "no-op" (varchar(n) -> varchar(m >= n), varchar -> text,
 * numeric(p,s) -> numeric(p2 >= p, s), timestamp(p) -> timestamp(q >= p)) keeps
 * the table; anything else rewrites it.  ALTER ... TYPE without USING applies an
 * assignment cast, so types without one (text -> integer) need USING. */
#include "risk.h"

#include <ctype.h>
#include <string.h>

typedef enum {
    CAT_OTHER, CAT_INT, CAT_NUMERIC, CAT_FLOAT, CAT_STRING, CAT_BOOL, CAT_TS, CAT_TSTZ, CAT_DATE,
    CAT_TIME, CAT_INTERVAL, CAT_UUID, CAT_JSON, CAT_JSONB, CAT_BYTEA, CAT_NET, CAT_ENUM,
} Cat;

typedef struct {
    Cat cat;
    int size;      /* ints: 2, 4, 8; floats: 4, 8; strings: 0 text, 1 varchar, 2 char */
    int digits;    /* ints: decimal digits of the largest value */
    const char *name;
} TypeClass;

static TypeClass classify(const SdType *t)
{
    const char *n = t->name ? t->name : "";
    if (t->is_enum)
        return (TypeClass){CAT_ENUM, 0, 0, n};
    static const struct { const char *name; Cat cat; int size, digits; } TABLE[] = {
        {"smallint", CAT_INT, 2, 5}, {"integer", CAT_INT, 4, 10}, {"bigint", CAT_INT, 8, 19},
        {"numeric", CAT_NUMERIC, 0, 0}, {"real", CAT_FLOAT, 4, 0}, {"double precision", CAT_FLOAT, 8, 0},
        {"text", CAT_STRING, 0, 0}, {"character varying", CAT_STRING, 1, 0}, {"character", CAT_STRING, 2, 0},
        {"citext", CAT_STRING, 0, 0}, {"boolean", CAT_BOOL, 0, 0},
        {"timestamp without time zone", CAT_TS, 0, 0}, {"timestamp with time zone", CAT_TSTZ, 0, 0},
        {"date", CAT_DATE, 0, 0}, {"time without time zone", CAT_TIME, 0, 0},
        {"time with time zone", CAT_TIME, 1, 0}, {"interval", CAT_INTERVAL, 0, 0}, {"uuid", CAT_UUID, 0, 0},
        {"json", CAT_JSON, 0, 0}, {"jsonb", CAT_JSONB, 0, 0}, {"bytea", CAT_BYTEA, 0, 0},
        {"inet", CAT_NET, 0, 0}, {"cidr", CAT_NET, 1, 0},
    };
    for (size_t i = 0; i < SD_ARRAY_LEN(TABLE); i++)
        if (strcmp(n, TABLE[i].name) == 0)
            return (TypeClass){TABLE[i].cat, TABLE[i].size, TABLE[i].digits, n};
    return (TypeClass){CAT_OTHER, 0, 0, n};
}

static SdCastInfo info(bool rewrite, bool fail, bool change, bool using, const char *why)
{
    return (SdCastInfo){rewrite, fail, change, using, why};
}

/* string -> string: varchar(n) -> varchar(m >= n) / varchar / text are relabels. */
static SdCastInfo string_to_string(const TypeClass *f, const SdType *from, const TypeClass *t, const SdType *to)
{
    int n = from->mods[0], m = to->mods[0];
    if (f->size == 2) { /* character(n): the cast strips trailing blanks */
        bool narrower = t->size != 0 && m >= 0 && (n < 0 || m < n);
        if (t->size == 2 && m >= n)
            return info(true, false, false, false, "character(n) widened: the table is rewritten");
        return info(true, narrower, true, false, "character(n) to another string type strips trailing blanks");
    }
    if (t->size == 2)
        return info(true, m < 0 || n < 0 || m < n, true, false, "to character(n): values are blank-padded or too long");
    if (t->size == 0 || m < 0)
        return info(false, false, false, false, "varchar/text widened to unbounded: binary-coercible, no rewrite");
    if (n >= 0 && m >= n)
        return info(false, false, false, false, "varchar(n) to varchar(m >= n): no rewrite");
    return info(true, true, false, false, "narrowed to varchar(m): longer values fail");
}

static SdCastInfo numeric_to_numeric(const SdType *from, const SdType *to)
{
    int p = from->mods[0], s = from->mods[1] < 0 ? 0 : from->mods[1];
    int p2 = to->mods[0], s2 = to->mods[1] < 0 ? 0 : to->mods[1];
    if (p2 < 0)
        return info(false, false, false, false, "numeric to unconstrained numeric: no rewrite");
    if (p < 0)
        return info(true, true, true, false, "unconstrained numeric to numeric(p,s): values may round or overflow");
    if (s2 == s && p2 >= p)
        return info(false, false, false, false, "numeric(p,s) to numeric(p2 >= p, s): no rewrite");
    bool fail = p2 - s2 < p - s, change = s2 < s;
    return info(true, fail, change, false,
                change ? "numeric scale reduced: values are rounded" : "numeric precision changed: the table is rewritten");
}

/* timestamp/time/interval precision: widening or dropping the typmod is a no-op. */
static SdCastInfo precision_change(const SdType *from, const SdType *to)
{
    int p = from->mods[0], q = to->mods[0];
    if (q < 0 || (p >= 0 && q >= p))
        return info(false, false, false, false, "fractional precision widened: no rewrite");
    return info(true, false, true, false, "fractional precision reduced: values are rounded");
}

static SdCastInfo int_to(const TypeClass *f, const TypeClass *t, const SdType *to)
{
    switch (t->cat) {
    case CAT_INT:
        return t->size >= f->size ? info(true, false, false, false, "integer widened: the table is rewritten")
                                  : info(true, true, false, false, "integer narrowed: values out of range fail");
    case CAT_NUMERIC: {
        int p = to->mods[0], s = to->mods[1] < 0 ? 0 : to->mods[1];
        bool fail = p >= 0 && p - s < f->digits;
        return info(true, fail, false, false, fail ? "numeric too narrow for the integer range" : "integer to numeric");
    }
    case CAT_FLOAT: {
        bool change = f->size == 8 || (f->size == 4 && t->size == 4);
        return info(true, false, change, false, change ? "large integers lose precision as floating point" : "integer to float");
    }
    case CAT_BOOL: return info(true, true, false, true, "integer to boolean has no assignment cast");
    default: break;
    }
    return info(true, true, false, true, "no assignment cast from an integer to this type");
}

static SdCastInfo same_dims(const SdType *from, const SdType *to, const SdCaps *caps)
{
    TypeClass f = classify(from), t = classify(to);
    if (t.cat == CAT_STRING && f.cat != CAT_STRING) /* automatic I/O conversion casts to string types */
        return info(true, t.size != 0 && to->mods[0] >= 0, false, false, "converted to text form: the table is rewritten");
    switch (f.cat) {
    case CAT_STRING:
        if (t.cat == CAT_STRING)
            return string_to_string(&f, from, &t, to);
        return info(true, true, false, true, "text to another type has no assignment cast: values that do not parse fail");
    case CAT_INT: return int_to(&f, &t, to);
    case CAT_NUMERIC:
        if (t.cat == CAT_NUMERIC)
            return numeric_to_numeric(from, to);
        if (t.cat == CAT_INT)
            return info(true, true, true, false, "numeric to integer: values are rounded, out-of-range values fail");
        if (t.cat == CAT_FLOAT)
            return info(true, false, true, false, "numeric to floating point loses precision");
        break;
    case CAT_FLOAT:
        if (t.cat == CAT_FLOAT)
            return info(true, false, t.size < f.size, false, t.size < f.size ? "double to real loses precision" : "real to double");
        if (t.cat == CAT_INT)
            return info(true, true, true, false, "floating point to integer: values are rounded, out-of-range values fail");
        if (t.cat == CAT_NUMERIC)
            return info(true, true, to->mods[0] >= 0, false, "floating point to numeric: NaN, infinities or large values may fail");
        break;
    case CAT_TS: case CAT_TSTZ:
        if (t.cat == f.cat)
            return precision_change(from, to);
        if (t.cat == CAT_TS || t.cat == CAT_TSTZ)
            return info(!(caps->timestamptz_utc_no_rewrite && f.cat == CAT_TS), false, f.cat == CAT_TSTZ, false,
                        f.cat == CAT_TSTZ ? "timestamptz to timestamp drops the time zone" : "timestamp to timestamptz: read in the session time zone");
        if (t.cat == CAT_DATE)
            return info(true, false, true, false, "timestamp to date drops the time of day");
        break;
    case CAT_TIME: case CAT_INTERVAL:
        if (t.cat == f.cat && t.size == f.size)
            return precision_change(from, to);
        break;
    case CAT_DATE:
        if (t.cat == CAT_TS || t.cat == CAT_TSTZ)
            return info(true, false, false, false, "date to timestamp: the table is rewritten");
        break;
    case CAT_JSON:
        if (t.cat == CAT_JSONB)
            return info(true, true, true, false, "json to jsonb: keys are normalised; \\u0000 fails");
        break;
    case CAT_JSONB:
        if (t.cat == CAT_JSON)
            return info(true, false, false, false, "jsonb to json: the table is rewritten");
        break;
    case CAT_NET:
        if (t.cat == CAT_NET)
            return t.size == 0 ? info(false, false, false, false, "cidr to inet: binary-coercible, no rewrite")
                               : info(true, true, false, false, "inet to cidr: values with host bits fail");
        break;
    case CAT_ENUM:
        return info(true, true, false, true, "enum to another type has no assignment cast");
    case CAT_BOOL:
        return info(true, true, false, true, "boolean to this type has no assignment cast");
    default: break;
    }
    return info(true, true, false, true, "no known assignment cast between these types: assumed to fail");
}

SdCastInfo sd_cast_info(const SdType *from, const SdType *to, const SdCaps *caps)
{
    bool arr_from = from->ndims > 0, arr_to = to->ndims > 0;
    if (sd_type_equal(from, to))
        return info(false, false, false, false, "same type");
    if (arr_from && !arr_to) {
        TypeClass t = classify(to);
        if (t.cat == CAT_STRING)
            return info(true, t.size != 0 && to->mods[0] >= 0, true, false, "array to text: the array dimension is dropped");
        return info(true, true, true, true, "array to scalar has no cast: the array dimension is dropped");
    }
    if (!arr_from && arr_to)
        return info(true, true, false, true, "scalar to array has no cast");
    SdCastInfo ci = same_dims(from, to, caps);
    if (arr_from && !ci.rewrite && !(classify(to).cat == CAT_STRING && classify(from).cat == CAT_STRING))
        ci.rewrite = true; /* array element coercions other than string relabels rewrite */
    return ci;
}

/* ---- default volatility ---- */

static bool word_in(const char *w, size_t n, const char *const *list)
{
    for (; *list; list++)
        if (strlen(*list) == n && strncasecmp(w, *list, n) == 0)
            return true;
    return false;
}

int sd_default_volatility(const char *expr)
{
    static const char *const VOLATILE[] = {
        "nextval", "gen_random_uuid", "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
        "uuidv4", "uuidv7", "random", "random_normal", "clock_timestamp", "timeofday", "gen_random_bytes",
        "txid_current", "pg_current_xact_id", NULL};
    static const char *const STABLE[] = {
        "now", "transaction_timestamp", "statement_timestamp", "current_timestamp", "localtimestamp",
        "current_time", "localtime", "current_date", "current_setting", "lower", "upper", "to_jsonb",
        "jsonb_build_object", "json_build_object", "array", "coalesce", "concat", "length", "abs", NULL};
    if (!expr)
        return 0;
    int result = 0;
    for (const char *p = expr; *p;) {
        if (*p == '\'' || *p == '"') { /* skip literals and quoted names */
            char q = *p++;
            while (*p && !(*p == q && p[1] != q))
                p += (*p == q) ? 2 : 1;
            if (*p)
                p++;
            continue;
        }
        if (isalpha((unsigned char)*p) || *p == '_') {
            const char *w = p;
            bool is_type = w >= expr + 2 && w[-1] == ':' && w[-2] == ':';
            while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
                p++;
            size_t n = (size_t)(p - w);
            const char *dot = memchr(w, '.', n); /* schema-qualified call: judge by the function name */
            if (dot) {
                n -= (size_t)(dot + 1 - w);
                w = dot + 1;
            }
            if (*p == '(' && !is_type) {
                if (word_in(w, n, VOLATILE))
                    return 1;
                if (!word_in(w, n, STABLE))
                    result = -1;
            }
            continue;
        }
        p++;
    }
    return result;
}

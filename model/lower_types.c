/* lower_types.c: Prisma field types -> PostgreSQL column types, in
 * format_type()'s names (postgres_datamodel_connector.rs's defaults and
 * native types), including Unsupported("...") normalised where we can. */
#include "lower_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Prisma scalar -> default column type. */
static const struct {
    const char *prisma, *pg;
    int32_t m0, m1;
} SCALARS[] = {
    {"String", "text", -1, -1},
    {"Boolean", "boolean", -1, -1},
    {"Int", "integer", -1, -1},
    {"BigInt", "bigint", -1, -1},
    {"Float", "double precision", -1, -1},
    {"Decimal", "numeric", 65, 30},
    {"DateTime", "timestamp without time zone", 3, -1},
    {"Json", "jsonb", -1, -1},
    {"Bytes", "bytea", -1, -1},
};

/* @db.<Name>(args) -> type; nargs is how many typmods the type takes; dflt
 * the typmod PostgreSQL gives the bare keyword (CHAR -> character(1)). */
static const struct {
    const char *name, *pg;
    int nargs;
    int32_t dflt;
} NATIVE[] = {
    {"Text", "text", 0, -1},
    {"Char", "character", 1, 1},
    {"VarChar", "character varying", 1, -1},
    {"Bit", "bit", 1, 1},
    {"VarBit", "bit varying", 1, -1},
    {"Uuid", "uuid", 0, -1},
    {"Xml", "xml", 0, -1},
    {"Inet", "inet", 0, -1},
    {"Citext", "citext", 0, -1},
    {"Boolean", "boolean", 0, -1},
    {"Integer", "integer", 0, -1},
    {"SmallInt", "smallint", 0, -1},
    {"Oid", "oid", 0, -1},
    {"BigInt", "bigint", 0, -1},
    {"DoublePrecision", "double precision", 0, -1},
    {"Real", "real", 0, -1},
    {"Decimal", "numeric", 2, -1},
    {"Money", "money", 0, -1},
    {"Timestamp", "timestamp without time zone", 1, -1},
    {"Timestamptz", "timestamp with time zone", 1, -1},
    {"Date", "date", 0, -1},
    {"Time", "time without time zone", 1, -1},
    {"Timetz", "time with time zone", 1, -1},
    {"Json", "json", 0, -1},
    {"JsonB", "jsonb", 0, -1},
    {"ByteA", "bytea", 0, -1},
};

/* Type names and aliases accepted in Unsupported("...") -> format_type() name. */
static const struct {
    const char *alias, *pg;
} ALIASES[] = {
    {"int", "integer"},          {"int4", "integer"},
    {"int2", "smallint"},        {"int8", "bigint"},
    {"float4", "real"},          {"float8", "double precision"},
    {"float", "double precision"}, {"bool", "boolean"},
    {"varchar", "character varying"}, {"char", "character"},
    {"bpchar", "character"},     {"decimal", "numeric"},
    {"timestamp", "timestamp without time zone"}, {"timestamptz", "timestamp with time zone"},
    {"time", "time without time zone"}, {"timetz", "time with time zone"},
    {"varbit", "bit varying"},
};

static int32_t number_arg(const PslArg *arg, int32_t dflt)
{
    if (!arg || !arg->value || arg->value->kind != PSL_EXPR_NUMBER)
        return dflt;
    return (int32_t)strtol(arg->value->str, NULL, 10);
}

static bool native_type(LowerCtx *cx, const PslAttr *db, SdType *t)
{
    const char *name = db->name + 3; /* after "db." */
    for (size_t i = 0; i < SD_ARRAY_LEN(NATIVE); i++) {
        if (strcmp(NATIVE[i].name, name) != 0)
            continue;
        t->name = NATIVE[i].pg;
        t->mods[0] = t->mods[1] = -1;
        if (NATIVE[i].nargs >= 1)
            t->mods[0] = number_arg(sd_psl_positional(db, 0), NATIVE[i].dflt);
        if (NATIVE[i].nargs == 2 && t->mods[0] >= 0)
            t->mods[1] = number_arg(sd_psl_positional(db, 1), 0);
        return true;
    }
    sd_error(cx->d, db->loc, "native type \"%s\" is not supported on postgresql", name);
    return false;
}

/* Unsupported("vector(1536)"), Unsupported("tsvector"), Unsupported("int4[]"):
 * lowercased when it is a plain name, aliases resolved, integer typmods split
 * off.  Anything else stays verbatim (it already is format_type's text). */
static void unsupported_type(LowerCtx *cx, const char *text, SdType *t)
{
    size_t n = strlen(text);
    while (n >= 2 && text[n - 2] == '[' && text[n - 1] == ']') {
        t->ndims = 1;
        n -= 2;
    }
    char *s = sd_strndup(cx->a, text, n);
    char *paren = strchr(s, '(');
    int32_t mods[2] = {-1, -1};
    if (paren) {
        char *end, *p = paren + 1;
        for (int i = 0; i < 2; i++) {
            long v = strtol(p, &end, 10);
            if (end == p)
                break;
            mods[i] = (int32_t)v;
            p = end;
            while (*p == ' ')
                p++;
            if (*p != ',')
                break;
            p++;
        }
        while (*p == ' ')
            p++;
        if (*p != ')' || p[1] || mods[0] < 0) /* not plain integer typmods: keep the text */
            paren = NULL, mods[0] = mods[1] = -1;
        else
            *paren = '\0';
    }
    bool plain = true;
    for (char *p = s; *p; p++)
        if (*p == '"' || *p == '.')
            plain = false;
    if (plain)
        for (char *p = s; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    t->name = s;
    for (size_t i = 0; plain && i < SD_ARRAY_LEN(ALIASES); i++)
        if (strcmp(s, ALIASES[i].alias) == 0)
            t->name = ALIASES[i].pg;
    t->mods[0] = mods[0], t->mods[1] = mods[1];
    if (strcmp(t->name, "character") == 0 && mods[0] < 0)
        t->mods[0] = 1;
}

void sd_lower_column_type(LowerCtx *cx, LField *lf)
{
    const PslField *f = lf->f;
    SdType *t = &lf->col->type;
    t->mods[0] = t->mods[1] = -1;
    t->ndims = f->arity == PSL_ARITY_LIST ? 1 : 0;
    if (lf->enm) {
        t->name = lf->enm->en->obj.name;
        t->schema = lf->enm->en->obj.schema;
        t->is_enum = true;
        return;
    }
    if (strcmp(f->type, "Unsupported") == 0) {
        if (f->unsupported && f->unsupported->kind == PSL_EXPR_STRING)
            unsupported_type(cx, f->unsupported->str, t);
        else
            t->name = "unknown";
        if (f->arity == PSL_ARITY_LIST)
            t->ndims = 1;
        return;
    }
    if (lf->at_db && native_type(cx, lf->at_db, t))
        return;
    for (size_t i = 0; i < SD_ARRAY_LEN(SCALARS); i++) {
        if (strcmp(SCALARS[i].prisma, f->type) == 0) {
            t->name = SCALARS[i].pg;
            t->mods[0] = SCALARS[i].m0, t->mods[1] = SCALARS[i].m1;
            return;
        }
    }
    sd_error(cx->d, f->type_loc, "type \"%s\" cannot be lowered to a postgresql column", f->type);
    t->name = "unknown";
}

/* A type as a cast target in pg_get_expr() output: format_type() with or
 * without typmods; bpchar for character without typmod; enums quoted and
 * qualified when outside public (not on the search path). */
void sd_lower_put_cast_type(SdArena *a, SdBuf *b, const SdType *t, bool with_mods)
{
    if (t->schema) {
        if (strcmp(t->schema, "public") != 0) {
            sd_buf_ident(b, t->schema);
            sd_buf_putc(b, '.');
        }
        sd_buf_ident(b, t->name);
    } else if (!with_mods || (t->mods[0] < 0 && t->mods[1] < 0)) {
        if (strcmp(t->name, "character") == 0)
            sd_buf_puts(b, "bpchar");
        else if (strcmp(t->name, "bit") == 0)
            sd_buf_puts(b, "\"bit\"");
        else
            sd_buf_puts(b, t->name);
    } else {
        SdType u = *t;
        u.ndims = 0;
        sd_buf_puts(b, sd_type_format(a, &u));
    }
    if (t->ndims)
        sd_buf_puts(b, "[]");
}

/* lower_default.c: @default(...) -> the expression pg_get_expr() prints for
 * the default Prisma's CREATE TABLE sets (checked against PostgreSQL 15:
 * Prisma writes DEFAULT 'x', -1, ARRAY['a']::TEXT[]; PostgreSQL stores the
 * coerced constant and prints it back with ruleutils.c's get_const_expr
 * rules), client-side defaults, and SERIAL sequences of autoincrement(). */
#include "lower_int.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool type_is(const SdType *t, const char *name) { return !t->schema && strcmp(t->name, name) == 0; }

static bool is_numeric_type(const SdType *t)
{
    static const char *const names[] = {"integer", "smallint", "bigint", "oid", "double precision", "real",
                                        "numeric", "money"};
    for (size_t i = 0; i < SD_ARRAY_LEN(names); i++)
        if (type_is(t, names[i]))
            return true;
    return false;
}

static bool is_number(const char *s)
{
    char *end;
    if (!*s || isspace((unsigned char)*s))
        return false;
    (void)strtod(s, &end);
    return !*end;
}

/* A number literal as PostgreSQL's parser types it, printed as get_const_expr
 * does: int4 bare (negative: '-1'::integer), int8 '5000000000'::bigint,
 * numeric bare when it starts with a digit and has a '.' ('-1.5'::numeric). */
static void put_number_const(SdBuf *b, const char *lit)
{
    bool neg = lit[0] == '-';
    const char *digits = neg || lit[0] == '+' ? lit + 1 : lit;
    if (strcspn(digits, ".eE") == strlen(digits)) {
        errno = 0;
        char *end;
        long long v = strtoll(lit, &end, 10);
        if (errno == 0 && !*end) {
            if (v >= INT32_MIN && v <= INT32_MAX) {
                if (v >= 0)
                    sd_buf_printf(b, "%lld", v);
                else
                    sd_buf_printf(b, "'%lld'::integer", v);
            } else {
                sd_buf_printf(b, "'%lld'::bigint", v);
            }
            return;
        }
        sd_buf_printf(b, "'%s%s'::numeric", neg ? "-" : "", digits);
        return;
    }
    const char *zero = digits[0] == '.' ? "0" : ""; /* numeric_out prints 0.5 for .5 */
    if (neg)
        sd_buf_printf(b, "'-%s%s'::numeric", zero, digits);
    else
        sd_buf_printf(b, "%s%s", zero, digits);
}

/* Decodes base64 (Prisma's Bytes default) into "\x.." hex; NULL when invalid. */
static const char *base64_to_hex(SdArena *a, const char *s)
{
    static const char *const ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    SdBuf b = {0};
    sd_buf_puts(&b, "\\x");
    uint32_t acc = 0;
    int bits = 0;
    for (const char *p = s; *p && *p != '='; p++) {
        const char *q = strchr(ALPHA, *p);
        if (!q || !*p) {
            sd_buf_free(&b);
            return NULL;
        }
        acc = (acc << 6) | (uint32_t)(q - ALPHA);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            sd_buf_printf(&b, "%02x", (acc >> bits) & 0xFF);
        }
    }
    const char *out = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return out;
}

/* "2020-01-01T10:00:00.120Z" -> the text PostgreSQL prints for the value in a
 * column of type t (timestamp: offset dropped; timestamptz: UTC, as the
 * server's TimeZone is Etc/UTC; date: the date).  NULL when not RFC 3339. */
static const char *datetime_text(SdArena *a, const SdType *t, const char *s)
{
    size_t n = strlen(s);
    if (n < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
        return NULL;
    char frac[16] = "";
    size_t i = 19, k = 0;
    if (s[i] == '.') {
        frac[k++] = '.';
        for (i++; isdigit((unsigned char)s[i]) && k < 7; i++)
            frac[k++] = s[i];
        while (isdigit((unsigned char)s[i]))
            i++;
        while (k > 1 && frac[k - 1] == '0')
            k--;
        frac[k == 1 ? 0 : k] = '\0';
    }
    if (type_is(t, "date"))
        return sd_printf(a, "%.10s", s);
    if (type_is(t, "time without time zone"))
        return sd_printf(a, "%.8s%s", s + 11, frac);
    if (type_is(t, "timestamp with time zone"))
        return sd_printf(a, "%.10s %.8s%s+00", s, s + 11, frac);
    return sd_printf(a, "%.10s %.8s%s", s, s + 11, frac);
}

/* One scalar literal (string, number, identifier) as a constant of type t.
 * in_array: an element of ARRAY[...]::T[] (Prisma casts the array, so
 * string constants carry the typmod and numbers are cast one by one). */
static bool put_literal(LowerCtx *cx, SdBuf *b, const LField *lf, const SdType *t, const PslExpr *v,
                        bool in_array)
{
    SdType elem = *t;
    elem.ndims = 0;
    if (lf->enm) {
        const char *label = v->kind == PSL_EXPR_IDENT ? sd_map_get(&lf->enm->labels, v->str) : NULL;
        if (!label)
            return false;
        sd_buf_quote_literal(b, label);
        sd_buf_puts(b, "::");
        sd_lower_put_cast_type(cx->a, b, &elem, false);
        return true;
    }
    if (type_is(&elem, "boolean")) {
        if (v->kind != PSL_EXPR_IDENT || (strcmp(v->str, "true") != 0 && strcmp(v->str, "false") != 0))
            return false;
        sd_buf_puts(b, v->str);
        return true;
    }
    /* Decimal accepts @default("2.00"): Prisma renders it as a number */
    if (is_numeric_type(&elem) && (v->kind == PSL_EXPR_NUMBER || (v->kind == PSL_EXPR_STRING && is_number(v->str)))) {
        if (in_array && type_is(&elem, "numeric") && strcspn(v->str, ".eE") != strlen(v->str)) {
            /* a numeric constant cast to numeric(p,s): get_coercion_expr prints it bare */
            SdBuf c = {0};
            put_number_const(&c, v->str);
            const char *cs = sd_buf_str(&c);
            const char *label = strstr(cs, "::");
            sd_buf_put(b, cs, label ? (size_t)(label - cs) : strlen(cs));
            sd_buf_free(&c);
            sd_buf_puts(b, "::");
            sd_lower_put_cast_type(cx->a, b, &elem, true);
        } else if (in_array && !type_is(&elem, "integer")) {
            sd_buf_putc(b, '(');
            put_number_const(b, v->str);
            sd_buf_puts(b, ")::");
            sd_lower_put_cast_type(cx->a, b, &elem, true);
        } else {
            put_number_const(b, v->str);
        }
        return true;
    }
    if (v->kind != PSL_EXPR_STRING || is_numeric_type(&elem) || type_is(&elem, "boolean"))
        return false;
    const char *text = v->str;
    if (type_is(&elem, "bytea"))
        text = base64_to_hex(cx->a, v->str);
    else if (type_is(&elem, "jsonb"))
        text = sd_lower_jsonb_text(cx->a, v->str);
    else if (strncmp(elem.name, "time", 4) == 0 || type_is(&elem, "date"))
        text = datetime_text(cx->a, &elem, v->str);
    if (!text)
        return false;
    sd_buf_quote_literal(b, text);
    sd_buf_puts(b, "::");
    sd_lower_put_cast_type(cx->a, b, &elem, in_array);
    return true;
}

/* [a, b] on a list field: ARRAY[...] as PostgreSQL prints it back. */
static bool put_array(LowerCtx *cx, SdBuf *b, const LField *lf, const PslExpr *v)
{
    const SdType *t = &lf->col->type;
    bool has_mods = !t->schema && (t->mods[0] >= 0 || t->mods[1] >= 0);
    if (v->items.len == 0) {
        if (has_mods)
            sd_buf_putc(b, '(');
        sd_buf_puts(b, "ARRAY[]::");
        sd_lower_put_cast_type(cx->a, b, t, false);
        if (has_mods) {
            sd_buf_puts(b, ")::");
            sd_lower_put_cast_type(cx->a, b, t, true);
        }
        return true;
    }
    sd_buf_puts(b, "ARRAY[");
    for (size_t i = 0; i < v->items.len; i++) {
        if (i)
            sd_buf_puts(b, ", ");
        if (!put_literal(cx, b, lf, t, v->items.items[i], true))
            return false;
    }
    sd_buf_putc(b, ']');
    return true;
}

/* SERIAL: the sequence PostgreSQL creates (named by ChooseRelationName:
 * "{table}_{column}_seq", cut to 63 bytes, a digit added on a clash). */
static void add_serial(LowerCtx *cx, LField *lf, SdBuf *b)
{
    SdTable *tab = lf->model->table;
    const char *schema = tab->obj.schema;
    const char *name = sd_lower_pg_object_name(cx->a, tab->obj.name, lf->dbname, "seq");
    for (int i = 1; sd_catalog_find_relation(cx->cat, schema, name); i++) {
        char label[16];
        sd_snprintf(label, sizeof label, "seq%d", i);
        name = sd_lower_pg_object_name(cx->a, tab->obj.name, lf->dbname, label);
    }
    SdSequence *seq = sd_catalog_add_sequence(cx->cat, schema, name, lf->f->loc);
    seq->obj.managed = true;
    const SdType *t = &lf->col->type;
    seq->type = type_is(t, "smallint") ? "smallint" : type_is(t, "bigint") ? "bigint" : "integer";
    seq->max = type_is(t, "smallint") ? INT16_MAX : type_is(t, "bigint") ? INT64_MAX : INT32_MAX;
    seq->owned_table = tab->obj.name;
    seq->owned_column = lf->dbname;
    SdBuf q = {0};
    if (strcmp(schema, "public") != 0) {
        sd_buf_ident(&q, schema);
        sd_buf_putc(&q, '.');
    }
    sd_buf_ident(&q, name);
    sd_buf_puts(b, "nextval(");
    sd_buf_quote_literal(b, sd_buf_str(&q));
    sd_buf_puts(b, "::regclass)");
    sd_buf_free(&q);
}

static SdClientDefault client_default(const char *fn)
{
    static const struct {
        const char *name;
        SdClientDefault cd;
    } fns[] = {{"uuid", SD_CLIENT_DEFAULT_UUID},
               {"cuid", SD_CLIENT_DEFAULT_CUID},
               {"nanoid", SD_CLIENT_DEFAULT_NANOID},
               {"ulid", SD_CLIENT_DEFAULT_ULID}};
    for (size_t i = 0; i < SD_ARRAY_LEN(fns); i++)
        if (strcmp(fns[i].name, fn) == 0)
            return fns[i].cd;
    return SD_CLIENT_DEFAULT_NONE;
}

/* A function default: now(), autoincrement(), dbgenerated("..."), client-side ones. */
static bool put_function(LowerCtx *cx, SdBuf *b, LField *lf, const PslExpr *v)
{
    SdColumn *col = lf->col;
    if (strcmp(v->str, "now") == 0) {
        sd_buf_puts(b, "CURRENT_TIMESTAMP");
    } else if (strcmp(v->str, "autoincrement") == 0) {
        add_serial(cx, lf, b);
    } else if (strcmp(v->str, "dbgenerated") == 0) {
        const PslArg *arg = v->args.len ? v->args.items[0] : NULL;
        if (arg && arg->value && arg->value->kind == PSL_EXPR_STRING && arg->value->str[0]) {
            sd_buf_puts(b, arg->value->str); /* as written until sd_lower_raw_sql normalises it */
            LRawSql *r = sd_alloc(cx->tmp, sizeof *r);
            r->table = lf->model->table;
            r->col = col;
            r->text = arg->value->str;
            sd_vec_push(cx->tmp, &cx->raw_sql, r);
        }
    } else if ((col->client_default = client_default(v->str)) == SD_CLIENT_DEFAULT_NONE) {
        return false;
    }
    return true;
}

void sd_lower_column_default(LowerCtx *cx, LField *lf)
{
    const PslField *f = lf->f;
    SdColumn *col = lf->col;
    if (lf->updated_at)
        col->client_default = SD_CLIENT_DEFAULT_UPDATED_AT;
    const PslAttr *at = lf->at_default;
    const PslArg *arg = at ? sd_psl_positional(at, 0) : NULL;
    if (!arg)
        arg = at ? sd_psl_find_arg(at, "value") : NULL;
    if (!arg || !arg->value)
        return;
    const PslExpr *v = arg->value;
    SdBuf b = {0};
    bool ok;
    if (v->kind == PSL_EXPR_FUNC)
        ok = put_function(cx, &b, lf, v);
    else if (v->kind == PSL_EXPR_ARRAY)
        ok = col->type.ndims ? put_array(cx, &b, lf, v) : false;
    else
        ok = put_literal(cx, &b, lf, &col->type, v, false);
    if (!ok)
        sd_error(cx->d, v->loc, "cannot lower this default value of field \"%s\"", f->name);
    else if (b.len)
        col->default_expr = sd_strdup(cx->a, sd_buf_str(&b));
    sd_buf_free(&b);
}

/* spell.c: from the IR's PostgreSQL normal form (format_type names,
 * pg_get_expr defaults) to Prisma's spelling in migration.sql: TEXT,
 * VARCHAR(3), TIMESTAMP(3), DECIMAL(65,30), SERIAL, DEFAULT 'x',
 * ARRAY['a', 'b']::TEXT[].  Both spellings build the same catalog. */
#include "emitint.h"

#include <ctype.h>
#include <string.h>

/* format_type() base name -> Prisma's name (renderer.rs of prisma-engines). */
static const struct {
    const char *pg, *prisma;
} TYPE_NAMES[] = {
    {"text", "TEXT"},
    {"integer", "INTEGER"},
    {"bigint", "BIGINT"},
    {"smallint", "SMALLINT"},
    {"boolean", "BOOLEAN"},
    {"timestamp without time zone", "TIMESTAMP"},
    {"timestamp with time zone", "TIMESTAMPTZ"},
    {"time without time zone", "TIME"},
    {"time with time zone", "TIMETZ"},
    {"date", "DATE"},
    {"character varying", "VARCHAR"},
    {"character", "CHAR"},
    {"bit", "BIT"},
    {"bit varying", "VARBIT"},
    {"numeric", "DECIMAL"},
    {"money", "MONEY"},
    {"double precision", "DOUBLE PRECISION"},
    {"real", "REAL"},
    {"jsonb", "JSONB"},
    {"json", "JSON"},
    {"bytea", "BYTEA"},
    {"uuid", "UUID"},
    {"xml", "XML"},
    {"inet", "INET"},
    {"oid", "OID"},
    {"citext", "CITEXT"},
};

static const char *prisma_type_name(const char *pg)
{
    for (size_t i = 0; i < SD_ARRAY_LEN(TYPE_NAMES); i++)
        if (strcmp(TYPE_NAMES[i].pg, pg) == 0)
            return TYPE_NAMES[i].prisma;
    return NULL;
}

static const char *serial_name(const char *pg)
{
    if (strcmp(pg, "integer") == 0)
        return "SERIAL";
    if (strcmp(pg, "bigint") == 0)
        return "BIGSERIAL";
    if (strcmp(pg, "smallint") == 0)
        return "SMALLSERIAL";
    return NULL;
}

void sd_spell_type(const SdEmitter *e, const SdType *t, bool serial)
{
    SdBuf *b = e->out;
    const char *n = t->name ? t->name : "?";
    const char *p = serial ? serial_name(n) : NULL;
    if (p) {
        sd_buf_puts(b, p);
    } else if (t->schema || t->is_enum) {
        sd_emit_qname(e, t->schema, n);
    } else {
        sd_buf_puts(b, (p = prisma_type_name(n)) ? p : n);
        if (t->mods[0] >= 0 && t->mods[1] >= 0)
            sd_buf_printf(b, "(%d,%d)", t->mods[0], t->mods[1]);
        else if (t->mods[0] >= 0)
            sd_buf_printf(b, "(%d)", t->mods[0]);
    }
    for (int i = 0; i < t->ndims; i++)
        sd_buf_puts(b, "[]");
}

/* ---- defaults ---- */

/* Length of the string literal at s ('...' with '' inside), or 0. */
static size_t literal_len(const char *s, size_t n)
{
    if (!n || s[0] != '\'')
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i] != '\'')
            continue;
        if (i + 1 < n && s[i + 1] == '\'')
            i++;
        else
            return i + 1;
    }
    return 0;
}

/* A type name after "::" and nothing else: text, character varying, "Role". */
static bool is_type_text(const char *s, size_t n)
{
    if (!n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && !strchr(" _\".[]()", s[i]))
            return false;
    return true;
}

static bool is_number(const char *s, size_t n)
{
    size_t i = 0, digits = 0;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        i++;
    for (; i < n && isdigit((unsigned char)s[i]); i++)
        digits++;
    if (i < n && s[i] == '.')
        for (i++; i < n && isdigit((unsigned char)s[i]); i++)
            digits++;
    if (digits && i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            i++;
        if (i == n || !isdigit((unsigned char)s[i]))
            return false;
        while (i < n && isdigit((unsigned char)s[i]))
            i++;
    }
    return digits && i == n;
}

static bool is_numeric_type(const char *s, size_t n)
{
    static const char *const NUMERIC[] = {"integer", "bigint", "smallint", "numeric", "double precision", "real"};
    for (size_t i = 0; i < SD_ARRAY_LEN(NUMERIC); i++)
        if (strlen(NUMERIC[i]) == n && strncmp(NUMERIC[i], s, n) == 0)
            return true;
    return false;
}

/* 'YYYY-MM-DD HH:MM:SS[.f]' optionally followed by "+00": PostgreSQL's form of
 * a UTC timestamp literal; Prisma writes it with " +00:00".  Returns the length
 * of the date and time part, or 0. */
static size_t utc_timestamp_len(const char *s, size_t n)
{
    static const char PATTERN[] = "dddd-dd-dd dd:dd:dd";
    size_t m = sizeof PATTERN - 1, i = 0;
    if (n < m)
        return 0;
    for (; i < m; i++)
        if (PATTERN[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != PATTERN[i])
            return 0;
    if (i < n && s[i] == '.')
        for (i++; i < n && isdigit((unsigned char)s[i]); i++)
            ;
    size_t end = i;
    if (i + 3 <= n && strncmp(s + i, "+00", 3) == 0)
        i += 3;
    return i == n ? end : 0;
}

static bool is_timestamp_cast(const char *s, size_t n)
{
    return (n == 27 && strncmp(s, "timestamp without time zone", n) == 0) ||
           (n == 24 && strncmp(s, "timestamp with time zone", n) == 0);
}

/* One scalar s[0..n): 'x'::type -> 'x' (a number without quotes for a
 * numeric cast, Prisma's form for a UTC timestamp); anything else as it is. */
static void spell_scalar(SdBuf *b, const char *s, size_t n)
{
    size_t lit = literal_len(s, n);
    if (lit && lit + 2 <= n && s[lit] == ':' && s[lit + 1] == ':' && is_type_text(s + lit + 2, n - lit - 2)) {
        const char *type = s + lit + 2;
        size_t tn = n - lit - 2, ts;
        if (is_numeric_type(type, tn) && is_number(s + 1, lit - 2)) {
            sd_buf_put(b, s + 1, lit - 2);
        } else if (is_timestamp_cast(type, tn) && (ts = utc_timestamp_len(s + 1, lit - 2))) {
            sd_buf_put(b, s, ts + 1);
            sd_buf_puts(b, " +00:00'");
        } else {
            sd_buf_put(b, s, lit);
        }
        return;
    }
    sd_buf_put(b, s, n);
}

/* ARRAY[e1, e2] or ARRAY[e1]::type[] -> ARRAY[e1', e2']::<column type>. */
static bool spell_array(const SdEmitter *e, const SdColumn *col, const char *s)
{
    if (strncmp(s, "ARRAY[", 6) != 0)
        return false;
    size_t n = strlen(s), i = 6, start = 6;
    int depth = 0;
    SdBuf items = {0};
    for (; i < n; i++) {
        size_t lit = literal_len(s + i, n - i);
        if (lit) {
            i += lit - 1;
            continue;
        }
        if (s[i] == '[' || s[i] == '(') {
            depth++;
        } else if ((s[i] == ']' || s[i] == ')') && depth) {
            depth--;
        } else if (s[i] == ',' || s[i] == ']') {
            size_t a = start, z = i;
            while (a < z && s[a] == ' ')
                a++;
            if (z > a) {
                sd_buf_puts(&items, items.len ? ", " : "");
                spell_scalar(&items, s + a, z - a);
            }
            start = i + 1;
            if (s[i] == ']')
                break;
        }
    }
    /* only ARRAY[...] itself or ARRAY[...]::type may follow */
    bool ok = i < n && (i + 1 == n || (s[i + 1] == ':' && s[i + 2] == ':' && is_type_text(s + i + 3, n - i - 3)));
    if (ok) {
        sd_buf_printf(e->out, "ARRAY[%s]::", sd_buf_str(&items));
        SdType t = col->type;
        if (!t.ndims)
            t.ndims = 1;
        sd_spell_type(e, &t, false);
    }
    sd_buf_free(&items);
    return ok;
}

void sd_spell_default(const SdEmitter *e, const SdColumn *col)
{
    const char *s = col->default_expr;
    if (!spell_array(e, col, s))
        spell_scalar(e->out, s, strlen(s));
}

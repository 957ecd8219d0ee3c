/* lower_json.c: JSON text -> the text jsonb_out() prints for it, so a Json
 * @default compares equal to what PostgreSQL stores: object keys sorted by
 * length then bytes, duplicate keys keep the last value, ", " and ": "
 * separators, strings re-escaped, numbers as numeric_out prints them
 * (exponents aside).  n is the nesting depth of what we parse: bounded. */
#include "lower_int.h"

#include <stdlib.h>
#include <string.h>

enum { MAX_DEPTH = 64 };

typedef struct Json Json;
struct Json {
    char kind;        /* 'o' object, 'a' array, 's' string, 'n' number, 'l' literal */
    const char *text; /* s: decoded bytes; n, l: as written */
    size_t len;       /* s: length */
    SdVec keys, vals; /* o: const char* keys (with length in klens), Json* values; a: vals */
    SdVec klens;      /* o: size_t lengths, stored as pointers */
};

typedef struct {
    SdArena *a;
    const char *p;
    bool bad;
} JP;

static void ws(JP *j)
{
    while (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r')
        j->p++;
}

static void put_utf8(SdBuf *b, unsigned cp)
{
    char u[4];
    if (cp < 0x80) {
        sd_buf_putc(b, (char)cp);
        return;
    }
    if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 0x3F));
        sd_buf_put(b, u, 2);
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        sd_buf_put(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F));
        sd_buf_put(b, u, 4);
    }
}

static unsigned hex4(JP *j)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = *j->p;
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) {
            j->bad = true;
            return 0;
        }
        v = v * 16 + (unsigned)d;
        j->p++;
    }
    return v;
}

static bool string(JP *j, const char **out, size_t *len)
{
    SdBuf b = {0};
    j->p++; /* opening quote */
    while (*j->p && *j->p != '"' && !j->bad) {
        if (*j->p != '\\') {
            sd_buf_putc(&b, *j->p++);
            continue;
        }
        j->p++;
        char c = *j->p++;
        const char *esc = strchr("\"\\/bfnrt", c);
        if (esc && c) {
            static const char repl[] = "\"\\/\b\f\n\r\t";
            sd_buf_putc(&b, repl[esc - "\"\\/bfnrt"]);
        } else if (c == 'u') {
            unsigned cp = hex4(j);
            if (cp >= 0xD800 && cp < 0xDC00 && j->p[0] == '\\' && j->p[1] == 'u') {
                j->p += 2;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(j) - 0xDC00);
            }
            put_utf8(&b, cp);
        } else {
            j->bad = true;
        }
    }
    if (*j->p != '"')
        j->bad = true;
    else
        j->p++;
    *len = b.len;
    *out = sd_strndup(j->a, b.data ? b.data : "", b.len);
    sd_buf_free(&b);
    return !j->bad;
}

static Json *value(JP *j, int depth);

static Json *container(JP *j, int depth, char kind)
{
    Json *v = sd_alloc(j->a, sizeof *v);
    v->kind = kind;
    j->p++;
    ws(j);
    char close = kind == 'o' ? '}' : ']';
    while (!j->bad && *j->p != close) {
        if (kind == 'o') {
            const char *k;
            size_t klen;
            if (*j->p != '"' || !string(j, &k, &klen))
                return j->bad = true, NULL;
            ws(j);
            if (*j->p++ != ':')
                return j->bad = true, NULL;
            sd_vec_push(j->a, &v->keys, (void *)k);
            sd_vec_push(j->a, &v->klens, (void *)(uintptr_t)klen);
        }
        Json *e = value(j, depth + 1);
        if (!e)
            return NULL;
        sd_vec_push(j->a, &v->vals, e);
        ws(j);
        if (*j->p == ',') {
            j->p++;
            ws(j);
        } else if (*j->p != close) {
            return j->bad = true, NULL;
        }
    }
    if (*j->p != close)
        return j->bad = true, NULL;
    j->p++;
    return v;
}

static Json *value(JP *j, int depth)
{
    ws(j);
    if (depth > MAX_DEPTH)
        return j->bad = true, NULL;
    if (*j->p == '{' || *j->p == '[')
        return container(j, depth, *j->p == '{' ? 'o' : 'a');
    Json *v = sd_alloc(j->a, sizeof *v);
    if (*j->p == '"') {
        v->kind = 's';
        return string(j, &v->text, &v->len) ? v : NULL;
    }
    const char *start = j->p;
    if (strncmp(j->p, "true", 4) == 0 || strncmp(j->p, "null", 4) == 0)
        j->p += 4, v->kind = 'l';
    else if (strncmp(j->p, "false", 5) == 0)
        j->p += 5, v->kind = 'l';
    else {
        v->kind = 'n';
        while (*j->p && strchr("+-0123456789.eE", *j->p))
            j->p++;
        if (j->p == start)
            return j->bad = true, NULL;
    }
    v->text = sd_strndup(j->a, start, (size_t)(j->p - start));
    return v;
}

static void put_string(SdBuf *b, const char *s, size_t n)
{
    sd_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': sd_buf_puts(b, "\\\""); break;
        case '\\': sd_buf_puts(b, "\\\\"); break;
        case '\b': sd_buf_puts(b, "\\b"); break;
        case '\f': sd_buf_puts(b, "\\f"); break;
        case '\n': sd_buf_puts(b, "\\n"); break;
        case '\r': sd_buf_puts(b, "\\r"); break;
        case '\t': sd_buf_puts(b, "\\t"); break;
        default:
            if (c < 0x20)
                sd_buf_printf(b, "\\u%04x", c);
            else
                sd_buf_putc(b, (char)c);
        }
    }
    sd_buf_putc(b, '"');
}

typedef struct {
    const char *key;
    size_t len;
    size_t pos; /* input order: the last duplicate wins */
    Json *val;
} Pair;

static int pair_cmp(const void *pa, const void *pb)
{
    const Pair *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    int c = memcmp(a->key, b->key, a->len);
    if (c)
        return c;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void put_json(SdArena *a, SdBuf *b, const Json *v)
{
    if (v->kind == 's') {
        put_string(b, v->text, v->len);
    } else if (v->kind == 'n' || v->kind == 'l') {
        sd_buf_puts(b, v->text);
    } else if (v->kind == 'a') {
        sd_buf_putc(b, '[');
        for (size_t i = 0; i < v->vals.len; i++) {
            if (i)
                sd_buf_puts(b, ", ");
            put_json(a, b, v->vals.items[i]);
        }
        sd_buf_putc(b, ']');
    } else {
        size_t n = v->vals.len, out = 0;
        Pair *ps = sd_alloc(a, (n ? n : 1) * sizeof *ps);
        for (size_t i = 0; i < n; i++)
            ps[i] = (Pair){v->keys.items[i], (size_t)(uintptr_t)v->klens.items[i], i, v->vals.items[i]};
        qsort(ps, n, sizeof *ps, pair_cmp);
        sd_buf_putc(b, '{');
        for (size_t i = 0; i < n; i++) {
            if (i + 1 < n && ps[i + 1].len == ps[i].len && memcmp(ps[i + 1].key, ps[i].key, ps[i].len) == 0)
                continue; /* a later duplicate follows */
            if (out++)
                sd_buf_puts(b, ", ");
            put_string(b, ps[i].key, ps[i].len);
            sd_buf_puts(b, ": ");
            put_json(a, b, ps[i].val);
        }
        sd_buf_putc(b, '}');
    }
}

const char *sd_lower_jsonb_text(SdArena *a, const char *json)
{
    JP j = {.a = a, .p = json};
    Json *v = value(&j, 0);
    ws(&j);
    if (!v || j.bad || *j.p)
        return NULL;
    SdBuf b = {0};
    put_json(a, &b, v);
    const char *s = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

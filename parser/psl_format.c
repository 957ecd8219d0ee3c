/* psl_format.c: Prisma's formatter (see psl_format.h and docs/format.md).
 * A reader that follows the PEG grammar of Prisma's schema parser (datamodel.pest in
 * prisma-engines, as Prisma 7.10 behaves) rule by rule, with the same ordered choices
 * and the same implicit whitespace, so that exactly the lines Prisma parses are laid
 * out and every other line is kept as written; then Prisma's table layout. */
#include "psl_format.h"
#include "psl_lex.h"
#include "psl_format_letters.h"

#include <string.h>

/* ---- characters ---- */

typedef struct Fmt {
    const char *s;
    size_t n;
    SdArena *a;
    SdBuf out;  /* the formatted text */
    int indent; /* block depth: two spaces each */
    /* What is known not to parse, so that a file of unclosed blocks or comments
     * reads in linear time: */
    uint8_t *dead[3];     /* per BlockKind: 1 where a block's contents run to the end
                           * of the text with no closing brace (NULL until needed) */
    size_t no_close_from; /* no star-slash at or after this offset */
    size_t no_brace_from; /* no closing brace at or after this offset */
} Fmt;

/* The code point at s[p] and its length in bytes (the text is valid UTF-8). */
static uint32_t cp_at(const Fmt *f, size_t p, size_t *len)
{
    const unsigned char *s = (const unsigned char *)f->s + p;
    if (p >= f->n) {
        *len = 0;
        return 0;
    }
    if (s[0] < 0x80) {
        *len = 1;
        return s[0];
    }
    if (s[0] < 0xE0) {
        *len = 2;
        return ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (s[0] < 0xF0) {
        *len = 3;
        return ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
           (s[3] & 0x3F);
}

/* Unicode's space separators (Zs) and the tab: the grammar's WHITESPACE. */
static bool is_space_sep(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F ||
           c == 0x205F || c == 0x3000;
}

/* Rust's char::is_whitespace (what str::trim removes). */
static bool is_rust_space(uint32_t c)
{
    return is_space_sep(c) || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static bool is_letter(uint32_t c)
{
    if (c < 0x80)
        return (c | 0x20) - 'a' < 26u;
    size_t lo = 0, hi = SD_ARRAY_LEN(PSL_LETTERS);
    while (lo < hi) { /* n = 646 ranges: a binary search */
        size_t mid = (lo + hi) / 2;
        if (c < PSL_LETTERS[mid][0])
            hi = mid;
        else if (c > PSL_LETTERS[mid][1])
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

/* Length of one WHITESPACE at p, or 0. */
static size_t ws_at(const Fmt *f, size_t p)
{
    size_t len;
    uint32_t c = cp_at(f, p, &len);
    return len && is_space_sep(c) ? len : 0;
}

/* WHITESPACE*: the implicit skip between the parts of a non-atomic rule. */
static size_t skip_ws(const Fmt *f, size_t p)
{
    size_t k;
    while ((k = ws_at(f, p)))
        p += k;
    return p;
}

/* NEWLINE = "\n" | "\r\n" | "\r": its length at p, or 0. */
static size_t newline_at(const Fmt *f, size_t p)
{
    if (p >= f->n)
        return 0;
    if (f->s[p] == '\n')
        return 1;
    if (f->s[p] == '\r')
        return p + 1 < f->n && f->s[p + 1] == '\n' ? 2 : 1;
    return 0;
}

/* Past the rest of the line at p (the newline not included). */
static size_t line_end(const Fmt *f, size_t p)
{
    while (p < f->n && f->s[p] != '\n' && f->s[p] != '\r')
        p++;
    return p;
}

static bool lit(const Fmt *f, size_t p, const char *w)
{
    size_t k = strlen(w);
    return p + k <= f->n && memcmp(f->s + p, w, k) == 0;
}

/* identifier = (ASCII alphanumeric | letter) ("_" | "-" | ASCII alphanumeric | letter)*:
 * its length at p, or 0. */
static size_t ident_at(const Fmt *f, size_t p)
{
    size_t q = p, len;
    for (;;) {
        uint32_t c = cp_at(f, q, &len);
        bool ok = len && (is_letter(c) || (c >= '0' && c <= '9') || (q > p && (c == '_' || c == '-')));
        if (!ok)
            return q - p;
        q += len;
    }
}

/* path = identifier ("." path?)*: its length at p, or 0. */
static size_t path_at(const Fmt *f, size_t p)
{
    size_t q = p + ident_at(f, p);
    if (q == p)
        return 0;
    while (q < f->n && f->s[q] == '.')
        q += 1 + ident_at(f, q + 1);
    return q - p;
}

/* ---- scratch text with roll-back ---- */

static void buf_cut(SdBuf *w, size_t len)
{
    w->len = len;
    if (w->data)
        w->data[len] = '\0';
}

static void put_span(SdBuf *w, const Fmt *f, size_t from, size_t to) { sd_buf_put(w, f->s + from, to - from); }

/* ---- expressions (each appends its canonical text to w; on failure it
 * restores *pp and w and returns false) ---- */

static bool expression(const Fmt *f, size_t *pp, SdBuf *w, int depth);

/* string_literal = "\"" (("\\" ANY) | !("\"" | control) ANY)* "\"" */
static size_t string_at(const Fmt *f, size_t p)
{
    if (p >= f->n || f->s[p] != '"')
        return 0;
    size_t q = p + 1, len;
    while (q < f->n) {
        unsigned char c = (unsigned char)f->s[q];
        if (c == '"')
            return q + 1 - p;
        if (c == '\\') {
            if (q + 1 >= f->n)
                return 0;
            cp_at(f, q + 1, &len);
            q += 1 + len;
            continue;
        }
        if (c < 0x20)
            return 0;
        q++;
    }
    return 0;
}

/* numeric_literal = "-"? digit+ ("." digit+)? */
static size_t number_at(const Fmt *f, size_t p)
{
    size_t q = p;
    if (q < f->n && f->s[q] == '-')
        q++;
    size_t d = q;
    while (q < f->n && f->s[q] >= '0' && f->s[q] <= '9')
        q++;
    if (q == d)
        return 0;
    if (q + 1 < f->n && f->s[q] == '.' && f->s[q + 1] >= '0' && f->s[q + 1] <= '9') {
        q++;
        while (q < f->n && f->s[q] >= '0' && f->s[q] <= '9')
            q++;
    }
    return q - p;
}

/* argument = identifier ":" expression | identifier ":" | expression */
static bool argument(const Fmt *f, size_t *pp, SdBuf *w, int depth)
{
    size_t p = *pp, mark = w->len, k = ident_at(f, p);
    if (k) {
        size_t q = skip_ws(f, p + k);
        if (q < f->n && f->s[q] == ':') {
            put_span(w, f, p, p + k);
            sd_buf_puts(w, ": ");
            size_t r = skip_ws(f, q + 1);
            if (!expression(f, &r, w, depth)) /* empty_argument */
                r = q + 1;
            *pp = r;
            return true;
        }
    }
    buf_cut(w, mark);
    return expression(f, pp, w, depth);
}

/* arguments_list = "(" (argument ("," argument)*)? ","? ")" */
static bool arguments_list(const Fmt *f, size_t *pp, SdBuf *w, int depth)
{
    size_t p = *pp, mark = w->len;
    if (p >= f->n || f->s[p] != '(')
        return false;
    sd_buf_putc(w, '(');
    p = skip_ws(f, p + 1);
    if (argument(f, &p, w, depth)) {
        for (;;) {
            size_t q = skip_ws(f, p), m = w->len;
            if (q >= f->n || f->s[q] != ',')
                break;
            q = skip_ws(f, q + 1);
            sd_buf_puts(w, ", ");
            if (!argument(f, &q, w, depth)) {
                buf_cut(w, m);
                break;
            }
            p = q;
        }
        p = skip_ws(f, p);
    }
    if (p < f->n && f->s[p] == ',') /* trailing_comma: dropped */
        p = skip_ws(f, p + 1);
    if (p >= f->n || f->s[p] != ')') {
        buf_cut(w, mark);
        return false;
    }
    sd_buf_putc(w, ')');
    *pp = p + 1;
    return true;
}

/* A list of items between open and close, separated by commas (no trailing comma):
 * array_expression ("[", "]": expressions) and the object expression ("{", "}":
 * identifier ":" expression), written "[a, b]" and "{ a: 1, b: 2 }". */
static bool list_expr(const Fmt *f, size_t *pp, SdBuf *w, int depth, bool object)
{
    char open = object ? '{' : '[', close = object ? '}' : ']';
    size_t p = *pp, mark = w->len;
    if (p >= f->n || f->s[p] != open)
        return false;
    sd_buf_puts(w, object ? "{ " : "[");
    p = skip_ws(f, p + 1);
    for (int i = 0;; i++) {
        size_t q = p, m = w->len;
        if (i) {
            if (q >= f->n || f->s[q] != ',')
                break;
            q = skip_ws(f, q + 1);
            sd_buf_puts(w, ", ");
        }
        bool ok;
        if (object) {
            size_t k = ident_at(f, q), r = skip_ws(f, q + k);
            ok = k && r < f->n && f->s[r] == ':';
            if (ok) {
                put_span(w, f, q, q + k);
                sd_buf_puts(w, ": ");
                r = skip_ws(f, r + 1);
                ok = expression(f, &r, w, depth);
                q = r;
            }
        } else {
            ok = expression(f, &q, w, depth);
        }
        if (!ok) {
            buf_cut(w, m);
            break;
        }
        p = skip_ws(f, q);
    }
    if (p >= f->n || f->s[p] != close) {
        buf_cut(w, mark);
        return false;
    }
    sd_buf_puts(w, object ? " }" : "]");
    *pp = p + 1;
    return true;
}

/* expression = function_call | array_expression | object_expression | numeric_literal
 *            | string_literal | path;  function_call = path arguments_list.
 * depth bounds the nesting (a deeper expression does not parse: its line is kept). */
static bool expression(const Fmt *f, size_t *pp, SdBuf *w, int depth)
{
    size_t p = *pp, k;
    if (depth > 64)
        return false;
    if ((k = path_at(f, p))) {
        size_t q = skip_ws(f, p + k), mark = w->len;
        put_span(w, f, p, p + k);
        if (arguments_list(f, &q, w, depth + 1)) {
            *pp = q;
            return true;
        }
        buf_cut(w, mark);
    }
    if (list_expr(f, pp, w, depth + 1, false) || list_expr(f, pp, w, depth + 1, true))
        return true;
    if ((k = number_at(f, p)) || (k = string_at(f, p)) || (k = path_at(f, p))) {
        put_span(w, f, p, p + k);
        *pp = p + k;
        return true;
    }
    return false;
}

/* field_attribute = "@" path arguments_list?;  the same after "@@" for block_attribute.
 * Appends path and arguments (not the at signs); *path_len gets the path's length. */
static bool attribute(const Fmt *f, size_t *pp, SdBuf *w, const char *at, size_t *path_len)
{
    size_t p = *pp;
    if (!lit(f, p, at) || (!at[1] && lit(f, p, "@@")))
        return false;
    p = skip_ws(f, p + strlen(at));
    size_t k = path_at(f, p);
    if (!k)
        return false;
    put_span(w, f, p, p + k);
    *path_len = k;
    p += k;
    size_t q = skip_ws(f, p);
    if (arguments_list(f, &q, w, 0))
        p = q;
    *pp = p;
    return true;
}

/* ---- comments ---- */

/* doc_comment | comment | multi_line_comment at p, each with WHITESPACE* first:
 * the end of the comment (its newline excluded), or 0.  *kind: '/' for "//", 'd' for
 * "///", '*' for slash-star ... star-slash. *text: where the slashes start. */
static size_t comment_at(Fmt *f, size_t p, char *kind, size_t *text)
{
    size_t q = skip_ws(f, p);
    *text = q;
    if (lit(f, q, "//")) {
        *kind = lit(f, q, "///") ? 'd' : '/';
        return line_end(f, q);
    }
    if (lit(f, q, "/*")) {
        for (size_t e = q + 2; e + 1 < f->n && e < f->no_close_from; e++)
            if (f->s[e] == '*' && f->s[e + 1] == '/') {
                *kind = '*';
                return e + 2;
            }
        if (q + 2 < f->no_close_from)
            f->no_close_from = q + 2;
        return 0;
    }
    return 0;
}

/* trailing_comment = doc_comment | comment | multi_line_comment, kept as written. */
static const char *trailing_comment(Fmt *f, size_t *pp)
{
    char kind;
    size_t text, end = comment_at(f, *pp, &kind, &text);
    if (!end)
        return NULL;
    *pp = end;
    return sd_strndup(f->a, f->s + text, end - text);
}

/* A comment block: its lines, each a table row holding only text. */
typedef struct Comment {
    SdVec lines; /* char*: "// x", "/// x", or a multi-line comment's lines */
} Comment;

/* s[0..n) without Rust's whitespace at either end (str::trim). */
static const char *trim_rust(const char *s, size_t n, size_t *out_len)
{
    Fmt g = {.s = s, .n = n};
    size_t b = 0, e = n, len;
    while (b < e) {
        uint32_t c = cp_at(&g, b, &len);
        if (!is_rust_space(c))
            break;
        b += len;
    }
    while (e > b) {
        size_t k = e - 1;
        while (k > b && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
        uint32_t c = cp_at(&g, k, &len);
        if (!is_rust_space(c))
            break;
        e = k;
    }
    *out_len = e - b;
    return s + b;
}

/* A multi-line comment in Prisma's canonical form: a line "/" "**", then " * " and
 * each non-empty line (trimmed, one leading star dropped), then " *" "/".  Prisma cuts
 * two bytes off each end of the comment's text, and that text holds the whitespace
 * before the comment when it is not the first of its block: then the cut takes two
 * spaces, not the opening slash and star, which stay in the first line; kept as
 * Prisma does it. */
static void multi_line(Fmt *f, Comment *c, size_t from, size_t to)
{
    size_t b = from + 2, e = to - 2;
    while (b < e && ((unsigned char)f->s[b] & 0xC0) == 0x80) /* not inside a character */
        b++;
    sd_vec_push(f->a, &c->lines, "/**");
    while (b <= e) {
        const char *nl = memchr(f->s + b, '\n', e - b);
        size_t le = nl ? (size_t)(nl - f->s) : e, n;
        const char *t = trim_rust(f->s + b, le - b, &n);
        if (n && *t == '*')
            t = trim_rust(t + 1, n - 1, &n);
        if (n)
            sd_vec_push(f->a, &c->lines, sd_printf(f->a, " * %.*s", (int)n, t));
        b = le + 1;
    }
    sd_vec_push(f->a, &c->lines, " */");
}

/* comment_block = ((doc_comment | comment | multi_line_comment) NEWLINE?)+, with no
 * implicit whitespace: each comment after the first starts with its own. */
static Comment *comment_block(Fmt *f, size_t *pp)
{
    Comment *c = NULL;
    size_t p = *pp;
    for (;;) {
        char kind;
        size_t text, end = comment_at(f, p, &kind, &text);
        if (!end)
            break;
        if (!c)
            c = sd_alloc(f->a, sizeof *c);
        if (kind == '*')
            multi_line(f, c, p, end);
        else
            sd_vec_push(f->a, &c->lines, sd_strndup(f->a, f->s + text, end - text));
        p = end + newline_at(f, end);
    }
    if (c)
        *pp = p;
    return c;
}

/* ---- block contents ---- */

typedef enum { IT_ROW, IT_ATTR, IT_COMMENT, IT_EMPTY, IT_CATCH } ItemKind;

/* One element of a block: a table row (field, enum value, key = value), a block
 * attribute, a comment block, empty lines, or a line kept as written. */
typedef struct Item {
    ItemKind kind;
    const char *cols[3]; /* IT_ROW: the columns; IT_ATTR: cols[0] "@@name(args)" */
    int ncols;
    const char *suffix;  /* a trailing comment, or NULL */
    int order;           /* IT_ATTR: Prisma's attribute order */
    Comment *comment;    /* IT_COMMENT */
    const char *text;    /* IT_CATCH: the line as written, without its newline */
    size_t at;           /* where it starts in the text */
} Item;

typedef enum { BK_MODEL, BK_ENUM, BK_CONFIG } BlockKind;

/* Prisma's order of attributes, field and block alike; others after, as written. */
static int attr_order(const char *path, size_t n)
{
    static const char *const ORDER[] = {"id", "unique", "default", "updatedAt", "index",
                                        "fulltext", "map", "relation", "ignore"};
    for (int i = 0; i < (int)SD_ARRAY_LEN(ORDER); i++)
        if (strlen(ORDER[i]) == n && memcmp(ORDER[i], path, n) == 0)
            return i;
    return (int)SD_ARRAY_LEN(ORDER);
}

typedef struct Attr {
    char *text;
    int order;
} Attr;

/* Stable sort by order (insertion sort: a field has a handful of attributes). */
static void sort_attrs(Attr *v, int n)
{
    for (int i = 1; i < n; i++) {
        Attr x = v[i];
        int j = i;
        while (j > 0 && v[j - 1].order > x.order) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* field_type = base_type "[]" "?" | base_type "[]" | base_type "?" | base_type "!"
 *            | "[" base_type "]" | base_type;
 * base_type = "Unsupported(" string_literal ")" | identifier.
 * Appends the type as Prisma writes it. */
static bool field_type(Fmt *f, size_t *pp, SdBuf *w)
{
    size_t p = *pp, b, e;
    bool legacy_list = false;
    if (p < f->n && f->s[p] == '[') {
        legacy_list = true;
        p = skip_ws(f, p + 1);
    }
    b = p;
    if (lit(f, p, "Unsupported(")) {
        size_t q = skip_ws(f, p + 12), k = string_at(f, q);
        q = skip_ws(f, q + k);
        e = k && q < f->n && f->s[q] == ')' ? q + 1 : b;
    } else {
        e = b;
    }
    if (e == b)
        e = b + ident_at(f, b);
    if (e == b)
        return false;
    p = e;
    put_span(w, f, b, e);
    size_t q = skip_ws(f, p);
    if (legacy_list) {
        if (q >= f->n || f->s[q] != ']')
            return false;
        sd_buf_puts(w, "[]");
        *pp = q + 1;
        return true;
    }
    if (lit(f, q, "[]")) {
        size_t r = skip_ws(f, q + 2);
        if (r < f->n && f->s[r] == '?') {
            sd_buf_puts(w, "[]?");
            *pp = r + 1;
        } else {
            sd_buf_puts(w, "[]");
            *pp = q + 2;
        }
    } else if (q < f->n && (f->s[q] == '?' || f->s[q] == '!')) {
        if (f->s[q] == '?')
            sd_buf_putc(w, '?');
        *pp = q + 1;
    } else {
        *pp = p;
    }
    return true;
}

/* Field attributes (sorted) or enum value attributes (as written, run together as
 * Prisma 7 writes them), then an optional trailing comment and the newline. */
static bool row_tail(Fmt *f, size_t *pp, Item *it, int col, bool sorted, SdBuf *w)
{
    size_t p = *pp;
    Attr attrs[64];
    int nattrs = 0;
    for (;;) {
        size_t q = skip_ws(f, p), plen, m = w->len;
        sd_buf_putc(w, '@');
        if (!attribute(f, &q, w, "@", &plen)) {
            buf_cut(w, m);
            break;
        }
        if (nattrs == (int)SD_ARRAY_LEN(attrs))
            return false; /* more than Prisma's writers would meet: keep the line */
        attrs[nattrs].order = attr_order(w->data + m + 1, plen);
        attrs[nattrs++].text = sd_strndup(f->a, w->data + m, w->len - m);
        buf_cut(w, m);
        p = q;
    }
    p = skip_ws(f, p);
    it->suffix = trailing_comment(f, &p);
    p = skip_ws(f, p);
    size_t nl = newline_at(f, p);
    if (!nl)
        return false;
    *pp = p + nl;
    if (sorted)
        sort_attrs(attrs, nattrs);
    if (nattrs || sorted) {
        size_t m = w->len;
        for (int i = 0; i < nattrs; i++) {
            if (i && sorted)
                sd_buf_putc(w, ' ');
            sd_buf_puts(w, attrs[i].text);
        }
        it->cols[col] = sd_strndup(f->a, w->data + m, w->len - m);
        buf_cut(w, m);
        for (int i = it->ncols; i < col; i++)
            it->cols[i] = "";
        it->ncols = col + 1;
    }
    return true;
}

/* field_declaration = identifier ":"? field_type? field_attribute* trailing_comment? NEWLINE */
static bool field_decl(Fmt *f, size_t *pp, Item *it, SdBuf *w)
{
    size_t p = *pp, k = ident_at(f, p);
    if (!k)
        return false;
    it->kind = IT_ROW;
    it->cols[0] = sd_strndup(f->a, f->s + p, k);
    it->ncols = 1;
    p = skip_ws(f, p + k);
    if (p < f->n && f->s[p] == ':') /* LEGACY_COLON: dropped */
        p = skip_ws(f, p + 1);
    size_t m = w->len, q = p;
    it->cols[1] = "";
    if (field_type(f, &q, w)) {
        it->cols[1] = sd_strndup(f->a, w->data + m, w->len - m);
        it->ncols = 2;
        p = q;
    }
    buf_cut(w, m);
    if (!row_tail(f, &p, it, 2, true, w))
        return false;
    *pp = p;
    return true;
}

/* enum_value_declaration = identifier field_attribute* trailing_comment? NEWLINE */
static bool enum_value(Fmt *f, size_t *pp, Item *it, SdBuf *w)
{
    size_t p = *pp, k = ident_at(f, p);
    if (!k)
        return false;
    it->kind = IT_ROW;
    it->cols[0] = sd_strndup(f->a, f->s + p, k);
    it->ncols = 1;
    p += k;
    if (!row_tail(f, &p, it, 1, false, w))
        return false;
    *pp = p;
    return true;
}

/* key_value = identifier "=" expression? trailing_comment?, then NEWLINE */
static bool key_value(Fmt *f, size_t *pp, Item *it, SdBuf *w)
{
    size_t p = *pp, k = ident_at(f, p);
    if (!k)
        return false;
    size_t q = skip_ws(f, p + k);
    if (q >= f->n || f->s[q] != '=')
        return false;
    it->kind = IT_ROW;
    it->cols[0] = sd_strndup(f->a, f->s + p, k);
    it->ncols = 1;
    q = skip_ws(f, q + 1);
    size_t m = w->len;
    sd_buf_puts(w, "= ");
    if (expression(f, &q, w, 0)) {
        it->cols[1] = sd_strndup(f->a, w->data + m, w->len - m);
        it->ncols = 2;
    }
    buf_cut(w, m);
    q = skip_ws(f, q);
    it->suffix = trailing_comment(f, &q);
    q = skip_ws(f, q);
    size_t nl = newline_at(f, q);
    if (!nl)
        return false;
    *pp = q + nl;
    return true;
}

/* block_attribute = "@@" path arguments_list? trailing_comment?, then NEWLINE */
static bool block_attr(Fmt *f, size_t *pp, Item *it, SdBuf *w)
{
    size_t p = *pp, plen, m = w->len;
    sd_buf_puts(w, "@@");
    if (!attribute(f, &p, w, "@@", &plen)) {
        buf_cut(w, m);
        return false;
    }
    it->kind = IT_ATTR;
    it->order = attr_order(w->data + m + 2, plen);
    it->cols[0] = sd_strndup(f->a, w->data + m, w->len - m);
    it->ncols = 1;
    buf_cut(w, m);
    p = skip_ws(f, p);
    it->suffix = trailing_comment(f, &p);
    p = skip_ws(f, p);
    size_t nl = newline_at(f, p);
    if (!nl)
        return false;
    *pp = p + nl;
    return true;
}

/* empty_lines = (WHITESPACE* NEWLINE)+: its end, or p when there is none. */
static size_t empty_lines(const Fmt *f, size_t p)
{
    for (;;) {
        size_t q = skip_ws(f, p), nl = newline_at(f, q);
        if (!nl)
            return p;
        p = q + nl;
    }
}

/* CATCH_ALL = (!NEWLINE ANY)+ NEWLINE?: the line as written (newline kept apart). */
static size_t catch_all(const Fmt *f, size_t p, size_t *text_end)
{
    size_t e = line_end(f, p);
    *text_end = e;
    if (e == p)
        return p;
    return e + newline_at(f, e);
}

/* One element of a block's contents at p (after the implicit skip); false at the
 * closing brace or the end of the text. */
static bool block_item(Fmt *f, BlockKind bk, size_t *pp, Item *it, SdBuf *w)
{
    size_t p = *pp, q = p;
    memset(it, 0, sizeof *it);
    it->at = p;
    bool ok = bk == BK_MODEL ? field_decl(f, &q, it, w) : bk == BK_ENUM ? enum_value(f, &q, it, w)
                                                                        : key_value(f, &q, it, w);
    if (!ok && bk != BK_CONFIG) {
        memset(it, 0, sizeof *it);
        it->at = q = p;
        ok = block_attr(f, &q, it, w);
    }
    if (!ok) {
        memset(it, 0, sizeof *it);
        it->at = q = p;
        if ((it->comment = comment_block(f, &q))) {
            it->kind = IT_COMMENT;
            ok = true;
        }
    }
    if (!ok && (q = empty_lines(f, p)) > p) {
        it->kind = IT_EMPTY;
        ok = true;
    }
    if (!ok && p < f->n && f->s[p] != '}') {
        size_t te;
        q = catch_all(f, p, &te);
        if (q > p) {
            it->kind = IT_CATCH;
            /* Prisma trims only "\n" off the line: the "\r" of "\r\n" or "\r" stays */
            it->text = sd_strndup(f->a, f->s + p, te - p + (te < f->n && f->s[te] == '\r'));
            ok = true;
        }
    }
    if (ok)
        *pp = q;
    return ok;
}

/* ---- the table and the renderer (Prisma's TableFormat and Renderer) ---- */

typedef struct Row {
    bool interleaved;    /* a line kept as written: no columns */
    const char *cols[3];
    int ncols;
    const char *suffix;  /* written after the columns and one space; NULL: none */
} Row;

typedef struct Table {
    SdVec rows; /* Row* */
} Table;

static Row *new_row(Fmt *f, Table *t)
{
    Row *r = sd_alloc(f->a, sizeof *r);
    sd_vec_push(f->a, &t->rows, r);
    return r;
}

static void out_write(Fmt *f, const char *s, size_t n)
{
    if (f->out.len == 0 || f->out.data[f->out.len - 1] == '\n')
        for (int i = 0; i < f->indent * 2; i++)
            sd_buf_putc(&f->out, ' ');
    sd_buf_put(&f->out, s, n);
}

static void out_puts(Fmt *f, const char *s) { out_write(f, s, strlen(s)); }
static void end_line(Fmt *f) { sd_buf_putc(&f->out, '\n'); }

/* Columns padded to the widest of the table (in bytes, as Prisma measures them),
 * the last column of a row not padded, empty trailing columns dropped. */
static void table_render(Fmt *f, Table *t)
{
    size_t width[3] = {0, 0, 0};
    for (size_t i = 0; i < t->rows.len; i++) {
        Row *r = t->rows.items[i];
        while (r->ncols && !*r->cols[r->ncols - 1])
            r->ncols--;
        for (int c = 0; c < r->ncols; c++)
            if (strlen(r->cols[c]) > width[c])
                width[c] = strlen(r->cols[c]);
    }
    for (size_t i = 0; i < t->rows.len; i++) {
        Row *r = t->rows.items[i];
        if (r->interleaved) {
            out_puts(f, r->suffix);
        } else {
            for (int c = 0; c < r->ncols; c++) {
                out_puts(f, r->cols[c]);
                if (c < r->ncols - 1)
                    for (size_t k = strlen(r->cols[c]); k < width[c] + 1; k++)
                        out_write(f, " ", 1);
            }
            if (r->suffix && *r->suffix) {
                if (r->ncols)
                    out_write(f, " ", 1);
                out_puts(f, r->suffix);
            }
        }
        end_line(f);
    }
    t->rows.len = 0;
}

static void add_comment(Fmt *f, Table *t, const Comment *c)
{
    for (size_t i = 0; i < c->lines.len; i++)
        new_row(f, t)->suffix = c->lines.items[i];
}

static void add_item_row(Fmt *f, Table *t, const Item *it)
{
    Row *r = new_row(f, t);
    memcpy(r->cols, it->cols, sizeof r->cols);
    r->ncols = it->ncols;
    r->suffix = it->suffix;
}

/* reformat_block_contents: rows in tables that restart at empty lines; comment blocks
 * right before a block attribute go with it; block attributes last, sorted, after
 * one empty line. */
static void render_contents(Fmt *f, Item *items, size_t n)
{
    Table t = {0};
    SdVec attrs = {0}; /* Item*: the block attributes */
    SdVec attr_comments = {0}; /* Comment* (or NULL) before each */
    const Comment *pending = NULL;
    size_t i = 0;
    if (i < n && items[i].kind == IT_EMPTY)
        i++;
    for (;;) {
        bool ate = i < n && items[i].kind == IT_EMPTY;
        if (ate) {
            i++;
            if (i < n && items[i].kind != IT_ATTR && items[i].kind != IT_COMMENT) {
                table_render(f, &t);
                new_row(f, &t);
            }
        }
        if (i >= n)
            break;
        Item *it = &items[i++];
        switch (it->kind) {
        case IT_COMMENT:
            if (i < n && items[i].kind == IT_ATTR) {
                pending = it->comment;
            } else {
                if (ate) {
                    table_render(f, &t);
                    new_row(f, &t);
                }
                add_comment(f, &t, it->comment);
            }
            break;
        case IT_ROW: add_item_row(f, &t, it); break;
        case IT_ATTR:
            sd_vec_push(f->a, &attrs, it);
            sd_vec_push(f->a, &attr_comments, (void *)pending);
            pending = NULL;
            break;
        case IT_CATCH: {
            Row *r = new_row(f, &t);
            r->interleaved = true;
            r->suffix = it->text;
            break;
        }
        case IT_EMPTY: break; /* two in a row cannot be */
        }
    }
    table_render(f, &t);
    if (attrs.len)
        new_row(f, &t);
    /* stable sort of the attributes (with their comments) by order; n is small */
    for (size_t a = 1; a < attrs.len; a++)
        for (size_t b = a; b > 0 && ((Item *)attrs.items[b - 1])->order > ((Item *)attrs.items[b])->order; b--) {
            void *x = attrs.items[b];
            attrs.items[b] = attrs.items[b - 1], attrs.items[b - 1] = x;
            x = attr_comments.items[b];
            attr_comments.items[b] = attr_comments.items[b - 1], attr_comments.items[b - 1] = x;
        }
    for (size_t a = 0; a < attrs.len; a++) {
        if (attr_comments.items[a])
            add_comment(f, &t, attr_comments.items[a]);
        add_item_row(f, &t, attrs.items[a]);
    }
    table_render(f, &t);
}

/* ---- top level ---- */

/* model_declaration | enum_declaration | config_block at p:
 * KEYWORD identifier BLOCK_OPEN contents BLOCK_CLOSE.  Renders it and returns true,
 * or returns false (nothing written) when it does not parse. */
static bool block(Fmt *f, size_t *pp, SdBuf *w)
{
    static const struct {
        const char *kw;
        BlockKind kind;
    } KW[] = {{"model", BK_MODEL}, {"type", BK_MODEL},       {"view", BK_MODEL},
              {"enum", BK_ENUM},   {"datasource", BK_CONFIG}, {"generator", BK_CONFIG}};
    size_t p = *pp;
    for (size_t k = 0; k < SD_ARRAY_LEN(KW); k++) {
        if (!lit(f, p, KW[k].kw))
            continue;
        size_t q = skip_ws(f, p + strlen(KW[k].kw)), nlen = ident_at(f, q), name = q;
        if (!nlen)
            continue;
        q = skip_ws(f, q + nlen);
        if (q >= f->n || f->s[q] != '{')
            continue;
        /* BLOCK_OPEN = "{" (!NEWLINE ANY)* NEWLINE: the rest of the line is dropped */
        q = line_end(f, q);
        if (!newline_at(f, q))
            continue;
        q += newline_at(f, q);
        SdVec items = {0};
        uint8_t **dead = &f->dead[KW[k].kind];
        for (;;) {
            q = skip_ws(f, q);
            Item it;
            if ((*dead && (*dead)[q]) || !block_item(f, KW[k].kind, &q, &it, w))
                break;
            Item *copy = sd_alloc(f->a, sizeof *copy);
            *copy = it;
            sd_vec_push(f->a, &items, copy);
        }
        if (q >= f->n || f->s[q] != '}') {
            /* the contents read from each of these places run on to the end of
             * the text whatever comes before: never read them again */
            if (!*dead)
                *dead = sd_alloc(f->a, f->n + 1);
            for (size_t i = 0; i < items.len; i++)
                (*dead)[((Item *)items.items[i])->at] = 1;
            continue;
        }
        Item *arr = sd_alloc(f->a, (items.len + 1) * sizeof *arr);
        for (size_t i = 0; i < items.len; i++)
            arr[i] = *(Item *)items.items[i];
        out_puts(f, KW[k].kw);
        out_write(f, " ", 1);
        out_write(f, f->s + name, nlen);
        out_write(f, " {", 2);
        end_line(f);
        f->indent++;
        render_contents(f, arr, items.len);
        f->indent--;
        out_write(f, "}", 1);
        end_line(f);
        *pp = q + 1;
        return true;
    }
    return false;
}

/* type_alias = "type" identifier "=" base_type field_attribute*: its end, or p. */
static size_t type_alias(Fmt *f, size_t p, SdBuf *w)
{
    if (!lit(f, p, "type"))
        return p;
    size_t q = skip_ws(f, p + 4), k = ident_at(f, q);
    if (!k)
        return p;
    q = skip_ws(f, q + k);
    if (q >= f->n || f->s[q] != '=')
        return p;
    q = skip_ws(f, q + 1);
    size_t m = w->len, plen;
    if (lit(f, q, "Unsupported(")) {
        size_t r = skip_ws(f, q + 12), s = string_at(f, r);
        r = skip_ws(f, r + s);
        k = s && r < f->n && f->s[r] == ')' ? r + 1 - q : 0;
    } else {
        k = 0;
    }
    if (!k)
        k = ident_at(f, q);
    if (!k)
        return p;
    q += k;
    for (;;) {
        size_t r = skip_ws(f, q);
        if (!attribute(f, &r, w, "@", &plen))
            break;
        q = r;
    }
    buf_cut(w, m);
    return q;
}

/* arbitrary_block = identifier BLOCK_OPEN (any text) "}": its end, or p. */
static size_t arbitrary_block(Fmt *f, size_t p)
{
    size_t k = ident_at(f, p);
    if (!k)
        return p;
    size_t q = skip_ws(f, p + k);
    if (q >= f->n || f->s[q] != '{')
        return p;
    q = line_end(f, q);
    if (!newline_at(f, q))
        return p;
    const char *close = q < f->no_brace_from ? memchr(f->s + q, '}', f->n - q) : NULL;
    if (!close && q < f->no_brace_from)
        f->no_brace_from = q;
    return close ? (size_t)(close - f->s) + 1 : p;
}

/* What reformat_top does with each element of the schema. */
static void format_top(Fmt *f)
{
    SdBuf w = {0};
    size_t p = skip_ws(f, 0);
    bool first = true;
    while (p < f->n) {
        size_t q, te;
        Comment *c;
        if (block(f, &p, &w)) {
            /* rendered */
        } else if ((q = type_alias(f, p, &w)) > p || (q = arbitrary_block(f, p)) > p) {
            out_write(f, f->s + p, q - p);
            p = q;
        } else if ((c = comment_block(f, &p))) {
            Table t = {0};
            add_comment(f, &t, c);
            table_render(f, &t);
        } else if ((q = empty_lines(f, p)) > p) {
            /* one newline for any number of empty lines; none at the start or the end */
            if (!first && skip_ws(f, q) < f->n)
                end_line(f);
            p = q;
        } else {
            q = catch_all(f, p, &te);
            out_write(f, f->s + p, q - p);
            p = q;
        }
        first = false;
        p = skip_ws(f, p);
    }
    if (f->out.len == 0 || f->out.data[f->out.len - 1] != '\n')
        end_line(f);
    sd_buf_free(&w);
}

bool sd_psl_format(SdArena *a, SdDiags *d, const SdSource *src, SdBuf *out)
{
    if (!sd_psl_check_encoding(d, src))
        return false;
    Fmt f = {.s = src->text, .n = src->len, .a = a, .no_close_from = SIZE_MAX, .no_brace_from = SIZE_MAX};
    format_top(&f);
    sd_buf_put(out, f.out.data ? f.out.data : "", f.out.len);
    sd_buf_free(&f.out);
    return true;
}

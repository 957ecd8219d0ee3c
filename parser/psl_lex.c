/* psl_lex.c: the Prisma schema lexer (see psl_lex.h): encoding check, tokens
 * with line and column tracked as we go (linear in the text), and string
 * literal decoding. */
#include "psl_lex.h"

#include <string.h>

/* Length of the valid UTF-8 sequence at s[0..n), or 0 when it is invalid
 * (overlong, surrogate, past U+10FFFF, truncated).  s[0] >= 0x80. */
static size_t utf8_seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* The line and column (in characters) of byte i, counted from the last place
 * known (*line, *bol: that line's first byte), which it then moves to. */
static void line_col_at(const unsigned char *s, size_t i, uint32_t *line, size_t *bol, uint32_t *col)
{
    for (size_t k = *bol; k < i; k++)
        if (s[k] == '\n')
            (*line)++, *bol = k + 1;
    *col = 1;
    for (size_t k = *bol; k < i; k++)
        *col += (s[k] & 0xC0) != 0x80;
}

/* ASCII runs are skipped without counting lines: a place is worked out only
 * for an error, one per line. */
bool sd_psl_check_encoding(SdDiags *diags, const SdSource *src)
{
    const unsigned char *s = (const unsigned char *)src->text;
    size_t n = src->len, bol = 0;
    uint32_t line = 1, col;
    bool ok = true;
    for (size_t i = 0; i < n;) {
        unsigned c = s[i];
        if (c - 1u < 0x7Fu) { /* 0x01..0x7F */
            i++;
            continue;
        }
        size_t len = c ? utf8_seq_len(s + i, n - i) : 0;
        if (len) {
            i += len;
            continue;
        }
        line_col_at(s, i, &line, &bol, &col);
        SdLoc loc = {.src = src, .line = line, .col = col, .len = 1, .offset = (uint32_t)i};
        SdDiag *g = sd_error(diags, loc, "%s 0x%02X in schema file", c ? "invalid UTF-8 byte" : "NUL byte", c);
        g->detail = "A Prisma schema must be UTF-8 text without NUL bytes.";
        ok = false;
        const unsigned char *nl = memchr(s + i, '\n', n - i); /* one error per line */
        i = nl ? (size_t)(nl - s) : n;
    }
    return ok;
}

void sd_psl_lex_init(PslLexer *lx, const SdSource *src)
{
    lx->src = src, lx->pos = 0, lx->line = 1, lx->col = 1;
    lx->unclosed_from = src->len + 1;
}

static inline bool is_ident_start(unsigned c)
{
    return (c | 0x20) - 'a' < 26u || c - '0' < 10u || c >= 0x80;
}

static inline bool is_ident_char(unsigned c) { return is_ident_start(c) || c == '_' || c == '-'; }
static inline bool is_digit(unsigned c) { return c - '0' < 10u; }

/* Advances over n bytes that hold no newline, counting characters. */
static void advance(PslLexer *lx, size_t n)
{
    const unsigned char *s = (const unsigned char *)lx->src->text;
    for (size_t i = 0; i < n; i++)
        if ((s[lx->pos + i] & 0xC0) != 0x80)
            lx->col++;
    lx->pos += n;
}

/* Length of a number at p, or 0: -?[0-9]+(.[0-9]+)? not followed by an
 * identifier character (then it is a word, e.g. a name "1st"). */
static size_t number_len(const unsigned char *s, size_t p, size_t n)
{
    size_t i = p;
    if (i < n && s[i] == '-')
        i++;
    size_t d = i;
    while (i < n && is_digit(s[i]))
        i++;
    if (i == d)
        return 0;
    if (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
        i++;
        while (i < n && is_digit(s[i]))
            i++;
    }
    if (i < n && is_ident_char(s[i]))
        return 0;
    return i - p;
}

/* Length of a string literal at p (opening quote included), stopping at the
 * closing quote (included) or before a control character / end of text.
 * *closed says which. */
static size_t string_len(const unsigned char *s, size_t p, size_t n, bool *closed)
{
    size_t i = p + 1;
    *closed = false;
    while (i < n) {
        unsigned c = s[i];
        if (c == '"') {
            *closed = true;
            return i + 1 - p;
        }
        if (c < 0x20)
            break;
        if (c == '\\') {
            if (i + 1 >= n || s[i + 1] < 0x20)
                break;
            i++;
        }
        i++;
    }
    return i - p;
}

static PslTokKind punct_kind(unsigned c)
{
    switch (c) {
    case '{': return PSL_T_LBRACE;
    case '}': return PSL_T_RBRACE;
    case '(': return PSL_T_LPAREN;
    case ')': return PSL_T_RPAREN;
    case '[': return PSL_T_LBRACK;
    case ']': return PSL_T_RBRACK;
    case ',': return PSL_T_COMMA;
    case ':': return PSL_T_COLON;
    case '=': return PSL_T_EQ;
    case '?': return PSL_T_QUESTION;
    case '!': return PSL_T_BANG;
    case '.': return PSL_T_DOT;
    default: return PSL_T_OTHER;
    }
}

/* The token at the cursor, which is not a space, newline or end: kind and byte length. */
static PslTokKind scan(const unsigned char *s, size_t p, size_t n, size_t *len)
{
    unsigned c = s[p];
    size_t i = p;
    bool closed;
    if (c == '/' && p + 1 < n && s[p + 1] == '/') {
        while (i < n && s[i] != '\n' && s[i] != '\r')
            i++;
        *len = i - p;
        return *len >= 3 && s[p + 2] == '/' ? PSL_T_DOC : PSL_T_COMMENT;
    }
    if ((c == '-' || is_digit(c)) && (*len = number_len(s, p, n)))
        return PSL_T_NUMBER;
    if (is_ident_start(c)) {
        while (i < n && is_ident_char(s[i]))
            i++;
        *len = i - p;
        return PSL_T_WORD;
    }
    if (c == '"') {
        *len = string_len(s, p, n, &closed);
        return closed ? PSL_T_STRING : PSL_T_BAD_STRING;
    }
    if (c == '@') {
        *len = p + 1 < n && s[p + 1] == '@' ? 2 : 1;
        return *len == 2 ? PSL_T_AT2 : PSL_T_AT;
    }
    *len = 1;
    return punct_kind(c);
}

/* A block comment at the cursor; tracks the lines it spans. Unterminated:
 * a PSL_T_BAD_COMMENT token of the opening two characters. */
static PslTok block_comment(PslLexer *lx, PslTok t)
{
    const unsigned char *s = (const unsigned char *)lx->src->text;
    size_t n = lx->src->len;
    const char *end = NULL;
    for (size_t i = lx->pos + 2; i + 1 < n && i < lx->unclosed_from; i++)
        if (s[i] == '*' && s[i + 1] == '/') {
            end = (const char *)s + i + 2;
            break;
        }
    if (!end) {
        lx->unclosed_from = lx->pos;
        t.kind = PSL_T_BAD_COMMENT, t.len = 2, t.nchars = 2;
        lx->pos += 2, lx->col += 2;
        return t;
    }
    t.kind = PSL_T_BLOCK_COMMENT;
    t.len = (uint32_t)(end - lx->src->text - lx->pos);
    t.nchars = 2;
    for (size_t i = lx->pos; i < lx->pos + t.len; i++) {
        if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n')))
            lx->line++, lx->col = 1;
        else if ((s[i] & 0xC0) != 0x80 && s[i] != '\r')
            lx->col++;
    }
    lx->pos += t.len;
    return t;
}

PslTok sd_psl_lex_next(PslLexer *lx)
{
    const unsigned char *s = (const unsigned char *)lx->src->text;
    size_t n = lx->src->len, pos = lx->pos;
    uint32_t col = lx->col;
    while (pos < n && (s[pos] == ' ' || s[pos] == '\t'))
        pos++, col++;
    lx->pos = pos, lx->col = col;
    PslTok t = {.off = (uint32_t)pos, .line = lx->line, .col = col};
    if (pos >= n) {
        t.kind = PSL_T_EOF;
        return t;
    }
    unsigned c = s[pos];
    if (c == '\n' || c == '\r') {
        size_t len = c == '\r' && pos + 1 < n && s[pos + 1] == '\n' ? 2 : 1;
        t.kind = PSL_T_NEWLINE, t.len = (uint32_t)len, t.nchars = 1;
        lx->pos += len, lx->line++, lx->col = 1;
        return t;
    }
    if (c == '/' && pos + 1 < n && s[pos + 1] == '*')
        return block_comment(lx, t);
    size_t len;
    if (c < 0x80 && is_ident_start(c) && !is_digit(c)) { /* a plain ASCII word: the common token */
        size_t i = pos + 1;
        while (i < n && is_ident_char(s[i]) && s[i] < 0x80)
            i++;
        if (i >= n || s[i] < 0x80) {
            len = i - pos;
            t.kind = PSL_T_WORD, t.len = (uint32_t)len, t.nchars = (uint32_t)len;
            lx->pos += len, lx->col += (uint32_t)len;
            return t;
        }
    }
    t.kind = scan(s, pos, n, &len);
    if (t.kind == PSL_T_OTHER && c >= 0x80) /* one whole character */
        while (pos + len < n && (s[pos + len] & 0xC0) == 0x80)
            len++;
    uint32_t col0 = lx->col;
    advance(lx, len);
    t.len = (uint32_t)len, t.nchars = lx->col - col0;
    return t;
}

void sd_psl_lex_skip_line(PslLexer *lx)
{
    const char *s = lx->src->text;
    size_t n = lx->src->len;
    const char *nl = lx->pos < n ? memchr(s + lx->pos, '\n', n - lx->pos) : NULL;
    const char *cr = NULL;
    size_t stop = nl ? (size_t)(nl - s) : n;
    /* a lone '\r' also ends a line (old Mac line endings) */
    if (lx->pos < stop)
        cr = memchr(s + lx->pos, '\r', stop - lx->pos);
    if (cr && !(cr + 1 < s + n && cr[1] == '\n')) {
        lx->pos = (size_t)(cr - s) + 1;
    } else if (nl) {
        lx->pos = stop + 1;
    } else {
        advance(lx, n - lx->pos);
        return;
    }
    lx->line++, lx->col = 1;
}

SdLoc sd_psl_tok_loc(const SdSource *src, PslTok t)
{
    return (SdLoc){.src = src, .line = t.line, .col = t.col, .len = t.nchars ? t.nchars : 1, .offset = t.off};
}

char *sd_psl_tok_text(SdArena *a, const SdSource *src, PslTok t)
{
    return sd_strndup(a, src->text + t.off, t.len);
}

const char *sd_psl_tok_describe(SdArena *a, const SdSource *src, PslTok t)
{
    switch (t.kind) {
    case PSL_T_EOF: return "the end of the file";
    case PSL_T_NEWLINE: return "the end of the line";
    case PSL_T_STRING:
    case PSL_T_BAD_STRING: return "a string";
    case PSL_T_NUMBER: return sd_printf(a, "number %s", sd_psl_tok_text(a, src, t));
    case PSL_T_COMMENT:
    case PSL_T_DOC:
    case PSL_T_BLOCK_COMMENT:
    case PSL_T_BAD_COMMENT: return "a comment";
    case PSL_T_WORD:
        if (t.len > 40)
            return "an identifier";
        return sd_printf(a, "`%s`", sd_psl_tok_text(a, src, t));
    default: return sd_printf(a, "`%s`", sd_psl_tok_text(a, src, t));
    }
}

static int hex_val(unsigned c)
{
    if (c >= '0' && c <= '9')
        return (int)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (int)(c - 'a' + 10);
    if (c >= 'A' && c <= 'F')
        return (int)(c - 'A' + 10);
    return -1;
}

/* Four hex digits at s[0..n): the code unit, or -1. */
static long hex4(const unsigned char *s, size_t n)
{
    if (n < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hex_val(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6)), o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12)), o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18)), o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F)), o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes \uXXXX (and a following low surrogate) at s[0..n), s[0] == '\\'.
 * Returns the bytes consumed, or 0 when the sequence is invalid. */
static size_t unicode_escape(const unsigned char *s, size_t n, char *o, size_t *olen)
{
    long hi = hex4(s + 2, n - 2);
    if (hi < 0 || (hi >= 0xDC00 && hi <= 0xDFFF))
        return 0;
    if (hi < 0xD800 || hi > 0xDBFF) {
        *olen = put_utf8(o, (unsigned long)hi);
        return 6;
    }
    long lo = n >= 12 && s[6] == '\\' && s[7] == 'u' ? hex4(s + 8, n - 8) : -1;
    if (lo < 0xDC00 || lo > 0xDFFF)
        return 0;
    *olen = put_utf8(o, 0x10000 + (((unsigned long)hi - 0xD800) << 10) + ((unsigned long)lo - 0xDC00));
    return 12;
}

static char simple_escape(unsigned c)
{
    switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '/': return '/';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    default: return 0;
    }
}

char *sd_psl_unescape(SdArena *a, SdDiags *diags, const SdSource *src, PslTok t)
{
    const unsigned char *s = (const unsigned char *)src->text + t.off + 1;
    size_t n = t.len >= 2 ? t.len - 2 : 0; /* without the quotes */
    char *out = sd_alloc(a, n + 1), *o = out;
    uint32_t col = t.col + 1;
    for (size_t i = 0; i < n;) {
        if (s[i] != '\\') {
            if ((s[i] & 0xC0) != 0x80)
                col++;
            *o++ = (char)s[i++];
            continue;
        }
        char e = simple_escape(s[i + 1]);
        size_t used = 2, olen = 0;
        if (e) {
            *o++ = e;
        } else if (s[i + 1] == 'u' && (used = unicode_escape(s + i, n - i, o, &olen))) {
            o += olen;
        } else {
            bool u = s[i + 1] == 'u';
            SdLoc loc = {.src = src, .line = t.line, .col = col, .len = 2, .offset = t.off + 1 + (uint32_t)i};
            if (u)
                sd_error(diags, loc, "Invalid unicode escape sequence.");
            else
                sd_error(diags, loc, "Unknown escape sequence. If the value is a windows-style path, "
                                     "`\\` must be escaped as `\\\\`.");
            used = 2; /* skip the escaped character whole, even when it is not ASCII */
            while (i + used < n && (s[i + used] & 0xC0) == 0x80)
                used++;
            col += 2;
            i += used;
            continue;
        }
        col += (uint32_t)used; /* valid escapes are ASCII: one column per byte */
        i += used;
    }
    *o = '\0';
    return out;
}

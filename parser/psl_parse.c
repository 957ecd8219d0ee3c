/* psl_parse.c: the Prisma schema parser, source text -> AST (psl.h).
 * Recursive descent over psl_lex.c's tokens.  Prisma's grammar is line-oriented
 * (a field, an attribute, a property each end at the newline), so a line that
 * does not parse gets one error, with Prisma's wording and line, and the parser
 * goes on at the next line; blocks that parse are kept. */
#include "psl_lex.h"

#include <string.h>

enum { PSL_MAX_DEPTH = 64 }; /* nesting of arrays, calls and objects in one expression */

typedef struct PslParser {
    SdArena *a;           /* AST nodes: blocks, vectors */
    SdArena *fields;      /* PslField, PslAttr, PslArg + PslExpr: each kind in its own */
    SdArena *attrs;       /* arena (children of a), so the validator's and the lowering's */
    SdArena *exprs;       /* passes over fields, then attributes, read memory in order */
    SdArena *s;           /* strings the lowered IR may keep (names, literals, docs) */
    SdDiags *d;
    const SdSource *src;
    PslSchema *schema;
    PslLexer lx;          /* positioned just after tok */
    PslTok tok;           /* the current token */
    PslTok prev;          /* the last token consumed (ends spans) */
    int depth;            /* expression nesting */
    const char *line_msg; /* Prisma's message for a line of this kind that does not parse */
    bool failed;          /* an error was recorded for the current line */
    PslTok *docs;         /* pending /// comments for the next block or field */
    size_t ndocs, capdocs;
    bool in_comment_run;  /* the previous line was a comment line */
} PslParser;

static const char MSG_TOP[] = "This line is invalid. It does not start with any known Prisma schema keyword.";
static const char MSG_FIELD[] = "This line is not a valid field or attribute definition.";
static const char MSG_ENUM[] = "This line is not an enum value definition.";

/* ---- tokens ---- */

static void next(PslParser *P)
{
    P->prev = P->tok;
    P->tok = sd_psl_lex_next(&P->lx);
}

static bool at(const PslParser *P, PslTokKind k) { return P->tok.kind == k; }

static bool accept(PslParser *P, PslTokKind k)
{
    if (!at(P, k))
        return false;
    next(P);
    return true;
}

/* The token after the current one, without consuming anything. */
static PslTok peek(const PslParser *P)
{
    PslLexer copy = P->lx;
    return sd_psl_lex_next(&copy);
}

static bool tok_is(const PslParser *P, PslTok t, const char *word)
{
    size_t n = strlen(word);
    return t.kind == PSL_T_WORD && t.len == n && memcmp(P->src->text + t.off, word, n) == 0;
}

static bool adjacent(PslTok a, PslTok b) { return a.off + a.len == b.off; }

static SdLoc loc_of(const PslParser *P, PslTok t) { return sd_psl_tok_loc(P->src, t); }

/* The place of from..to (to included): a caret span when both are on one line. */
static SdLoc span_of(const PslParser *P, PslTok from, PslTok to)
{
    SdLoc l = loc_of(P, from);
    if (to.line == from.line && to.off >= from.off && to.kind != PSL_T_NEWLINE)
        l.len = to.col + to.nchars - from.col;
    return l;
}

static char *text_of(PslParser *P, PslTok t) { return sd_psl_tok_text(P->s, P->src, t); }

/* ---- errors and recovery ---- */

/* Records the line's error at the current token, once per line. Returns false. */
static bool fail(PslParser *P, const char *expected)
{
    if (P->failed)
        return false;
    if (at(P, PSL_T_BAD_COMMENT)) {
        P->failed = true;
        SdDiag *g = sd_error(P->d, loc_of(P, P->tok), "%s", P->line_msg);
        g->detail = "This block comment is never closed with `*/`.";
        return false;
    }
    P->failed = true;
    SdDiag *g = sd_error(P->d, loc_of(P, P->tok), "%s", P->line_msg);
    g->detail = sd_printf(P->d->arena, "Expected %s, found %s.", expected,
                          sd_psl_tok_describe(P->a, P->src, P->tok));
    return false;
}

/* Records a specific error at t, once per line. Returns false. */
static SdDiag *fail_at(PslParser *P, PslTok t, const char *msg)
{
    if (P->failed)
        return NULL;
    P->failed = true;
    return sd_error(P->d, loc_of(P, t), "%s", msg);
}

/* Skips the rest of the current line (its newline included). */
static void skip_line(PslParser *P)
{
    if (at(P, PSL_T_EOF))
        return;
    if (!at(P, PSL_T_NEWLINE)) {
        P->lx.pos = P->tok.off, P->lx.line = P->tok.line, P->lx.col = P->tok.col;
        sd_psl_lex_skip_line(&P->lx);
    }
    P->prev = P->tok;
    P->tok = sd_psl_lex_next(&P->lx);
}

/* ---- comments ---- */

/* A comment on a line of its own: /// lines gather into the pending docs; a
 * new run of comment lines replaces what an earlier run left. */
static void comment_line(PslParser *P)
{
    if (!P->in_comment_run)
        P->ndocs = 0;
    if (at(P, PSL_T_DOC)) {
        if (P->ndocs == P->capdocs) {
            size_t cap = P->capdocs ? 2 * P->capdocs : 8;
            PslTok *grown = sd_alloc(P->a, cap * sizeof *grown);
            if (P->ndocs)
                memcpy(grown, P->docs, P->ndocs * sizeof *grown);
            P->docs = grown, P->capdocs = cap;
        }
        P->docs[P->ndocs++] = P->tok;
    }
    next(P);
    P->in_comment_run = true;
}

/* The text of a comment token without its slashes, trimmed. */
static void comment_text(const PslParser *P, PslTok t, size_t *from, size_t *to)
{
    const char *s = P->src->text;
    size_t i = t.off + (t.kind == PSL_T_DOC ? 3 : 2), e = t.off + t.len;
    while (i < e && (s[i] == ' ' || s[i] == '\t'))
        i++;
    while (e > i && (s[e - 1] == ' ' || s[e - 1] == '\t'))
        e--;
    *from = i, *to = e;
}

/* Takes the pending docs (joined with '\n'), plus a trailing /// comment
 * when given. NULL when there are none. */
static const char *take_docs(PslParser *P, const PslTok *trailing)
{
    size_t n = P->ndocs + (trailing ? 1 : 0);
    if (!n)
        return NULL;
    size_t total = 0, from, to;
    for (size_t i = 0; i < n; i++) {
        comment_text(P, i < P->ndocs ? P->docs[i] : *trailing, &from, &to);
        total += to - from + 1;
    }
    char *out = sd_alloc(P->s, total + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        comment_text(P, i < P->ndocs ? P->docs[i] : *trailing, &from, &to);
        if (i)
            *o++ = '\n';
        memcpy(o, P->src->text + from, to - from);
        o += to - from;
    }
    *o = '\0';
    P->ndocs = 0;
    return out;
}

/* line_end = [comment] (NEWLINE | EOF). Stores a trailing comment in *comment. */
static bool line_end(PslParser *P, PslTok *comment)
{
    comment->kind = PSL_T_EOF;
    if (at(P, PSL_T_COMMENT) || at(P, PSL_T_DOC) || at(P, PSL_T_BLOCK_COMMENT)) {
        *comment = P->tok;
        next(P);
    }
    if (at(P, PSL_T_EOF))
        return true;
    if (!at(P, PSL_T_NEWLINE))
        return fail(P, "the end of the line");
    next(P);
    return true;
}

static const char *trailing_comment_text(PslParser *P, PslTok c)
{
    if (c.kind != PSL_T_COMMENT)
        return NULL;
    size_t from, to;
    comment_text(P, c, &from, &to);
    return sd_strndup(P->s, P->src->text + from, to - from);
}

/* ---- expressions ---- */

static PslExpr *parse_expr(PslParser *P);

static PslExpr *new_expr(PslParser *P, PslExprKind kind, PslTok t)
{
    PslExpr *e = sd_alloc(P->exprs, sizeof *e);
    e->kind = kind;
    e->loc = loc_of(P, t);
    return e;
}

/* path = WORD ('.' WORD)*, written without spaces. Consumes it; returns its text. */
static char *parse_path(PslParser *P, PslTok *last)
{
    PslTok first = P->tok;
    next(P);
    while (at(P, PSL_T_DOT) && adjacent(P->prev, P->tok)) {
        PslTok dot = P->tok;
        PslTok after = peek(P);
        if (after.kind != PSL_T_WORD || !adjacent(dot, after))
            break;
        next(P);
        next(P);
    }
    *last = P->prev;
    PslTok whole = first;
    whole.len = P->prev.off + P->prev.len - first.off;
    return text_of(P, whole);
}

/* arg  = WORD ':' [expr] | expr
 * args = '(' [arg (',' arg)*] [','] ')'.  The current token is '('.
 * *trailing gets the place of a trailing comma (line 0: none). */
static bool parse_args(PslParser *P, SdVec *out, SdLoc *trailing)
{
    PslTok open = P->tok;
    next(P);
    *trailing = (SdLoc){0};
    while (!at(P, PSL_T_RPAREN)) {
        PslArg *arg = sd_alloc(P->exprs, sizeof *arg);
        PslTok start = P->tok;
        if (at(P, PSL_T_WORD) && peek(P).kind == PSL_T_COLON) {
            arg->name = text_of(P, P->tok);
            next(P);
            next(P);
            if (!at(P, PSL_T_COMMA) && !at(P, PSL_T_RPAREN) && !(arg->value = parse_expr(P)))
                return false;
        } else if (!(arg->value = parse_expr(P))) {
            return false;
        }
        arg->loc = span_of(P, start, P->prev);
        sd_vec_push(P->a, out, arg);
        if (at(P, PSL_T_RPAREN))
            break;
        if (!at(P, PSL_T_COMMA))
            return fail(P, sd_printf(P->a, "`,` or `)` to close the `(` at column %u", open.col));
        next(P);
        if (at(P, PSL_T_RPAREN))
            *trailing = loc_of(P, P->prev);
    }
    next(P);
    return true;
}

/* array = '[' [expr (',' expr)*] ']' */
static PslExpr *parse_array(PslParser *P)
{
    PslTok open = P->tok;
    PslExpr *e = new_expr(P, PSL_EXPR_ARRAY, open);
    next(P);
    while (!at(P, PSL_T_RBRACK)) {
        PslExpr *item = parse_expr(P);
        if (!item)
            return NULL;
        sd_vec_push(P->a, &e->items, item);
        if (at(P, PSL_T_RBRACK))
            break;
        if (!at(P, PSL_T_COMMA)) {
            fail(P, sd_printf(P->a, "`,` or `]` to close the `[` at column %u", open.col));
            return NULL;
        }
        next(P);
    }
    next(P);
    e->loc = span_of(P, open, P->prev);
    return e;
}

/* object = '{' [key ':' expr (',' key ':' expr)*] [','] '}', key = WORD | STRING */
static PslExpr *parse_object(PslParser *P)
{
    PslTok open = P->tok;
    PslExpr *e = new_expr(P, PSL_EXPR_OBJECT, open);
    next(P);
    while (!at(P, PSL_T_RBRACE)) {
        PslArg *arg = sd_alloc(P->exprs, sizeof *arg);
        PslTok key = P->tok;
        if (at(P, PSL_T_WORD))
            arg->name = text_of(P, key);
        else if (at(P, PSL_T_STRING))
            arg->name = sd_psl_unescape(P->s, P->d, P->src, key);
        else {
            fail(P, "a key (a name or a string)");
            return NULL;
        }
        next(P);
        if (!accept(P, PSL_T_COLON)) {
            fail(P, "`:` after the key");
            return NULL;
        }
        if (!(arg->value = parse_expr(P)))
            return NULL;
        arg->loc = span_of(P, key, P->prev);
        sd_vec_push(P->a, &e->args, arg);
        if (at(P, PSL_T_RBRACE))
            break;
        if (!accept(P, PSL_T_COMMA)) {
            fail(P, sd_printf(P->a, "`,` or `}` to close the `{` at column %u", open.col));
            return NULL;
        }
    }
    next(P);
    e->loc = span_of(P, open, P->prev);
    return e;
}

/* A string with no closing quote on its line: stopped by the end of the line,
 * or by a control character (a tab, say) that strings cannot hold. */
static PslExpr *unterminated_string(PslParser *P)
{
    const SdSource *src = P->src;
    size_t end = (size_t)P->tok.off + P->tok.len;
    unsigned char c = end < src->len ? (unsigned char)src->text[end] : '\n';
    if (c != '\n' && c != '\r') {
        PslTok at_c = P->tok;
        at_c.off = (uint32_t)end, at_c.col = P->tok.col + P->tok.nchars, at_c.len = at_c.nchars = 1;
        SdDiag *g = fail_at(P, at_c, P->line_msg);
        if (g)
            g->detail = sd_printf(P->d->arena, "A string cannot hold the control character 0x%02X; write a tab as "
                                  "`\\t` and a newline as `\\n`.", c);
        return NULL;
    }
    SdDiag *g = fail_at(P, P->tok, "unterminated string literal");
    if (g)
        g->hint = "A string ends with `\"` on the same line; write a quote inside it as `\\\"`.";
    return NULL;
}

/* expr = path '(' args ')' | path | NUMBER | STRING | array | object */
static PslExpr *parse_expr_inner(PslParser *P)
{
    PslTok t = P->tok;
    PslExpr *e;
    switch (t.kind) {
    case PSL_T_STRING:
        e = new_expr(P, PSL_EXPR_STRING, t);
        e->str = sd_psl_unescape(P->s, P->d, P->src, t);
        next(P);
        return e;
    case PSL_T_NUMBER:
        e = new_expr(P, PSL_EXPR_NUMBER, t);
        e->str = text_of(P, t);
        next(P);
        return e;
    case PSL_T_WORD: {
        PslTok last;
        e = new_expr(P, PSL_EXPR_IDENT, t);
        e->str = parse_path(P, &last);
        e->loc = span_of(P, t, last);
        if (at(P, PSL_T_LPAREN)) {
            SdLoc trailing;
            e->kind = PSL_EXPR_FUNC;
            if (!parse_args(P, &e->args, &trailing))
                return NULL;
            e->loc = span_of(P, t, P->prev);
        }
        return e;
    }
    case PSL_T_LBRACK: return parse_array(P);
    case PSL_T_LBRACE: return parse_object(P);
    case PSL_T_BAD_STRING: return unterminated_string(P);
    default: fail(P, "a value"); return NULL;
    }
}

/* Limits nesting so that `[[[[...` cannot exhaust the stack. */
static PslExpr *parse_expr(PslParser *P)
{
    if (P->depth >= PSL_MAX_DEPTH) {
        SdDiag *g = fail_at(P, P->tok, "expression nested too deeply");
        if (g)
            g->detail = sd_printf(P->d->arena, "Arrays, calls and objects nest at most %d levels deep.",
                                  PSL_MAX_DEPTH);
        return NULL;
    }
    P->depth++;
    PslExpr *e = parse_expr_inner(P);
    P->depth--;
    return e;
}

/* ---- attributes ---- */

/* attr = ('@' | '@@') path ['(' args ')'] */
static PslAttr *parse_attr(PslParser *P)
{
    PslAttr *at_ = sd_alloc(P->attrs, sizeof *at_);
    PslTok start = P->tok, last;
    at_->block = at(P, PSL_T_AT2);
    next(P);
    if (!at(P, PSL_T_WORD)) {
        fail(P, "an attribute name after `@`");
        return NULL;
    }
    at_->name = parse_path(P, &last);
    at_->loc = span_of(P, start, last);
    if (at(P, PSL_T_LPAREN)) {
        at_->has_parens = true;
        if (!parse_args(P, &at_->args, &at_->trailing_comma))
            return NULL; /* a trailing comma is the validator's to judge */
    }
    at_->span = span_of(P, start, P->prev);
    return at_;
}

/* field attributes: attr* up to the end of the line */
static bool parse_field_attrs(PslParser *P, SdVec *attrs)
{
    while (at(P, PSL_T_AT)) {
        PslAttr *attr = parse_attr(P);
        if (!attr)
            return false;
        sd_vec_push(P->a, attrs, attr);
    }
    return true;
}

/* block_attr = '@@' path [args] line_end */
static bool parse_block_attr(PslParser *P, PslBlock *b)
{
    P->line_msg = MSG_FIELD;
    PslAttr *attr = parse_attr(P);
    PslTok comment;
    if (!attr || !line_end(P, &comment))
        return false;
    sd_vec_push(P->a, &b->attrs, attr);
    return true;
}

/* ---- fields, enum values, properties ---- */

static PslField *new_field(PslParser *P, PslTok name)
{
    PslField *f = sd_alloc(P->fields, sizeof *f);
    f->name = text_of(P, name);
    f->loc = loc_of(P, name);
    return f;
}

static const char *block_kind_name(PslBlockKind k)
{
    switch (k) {
    case PSL_BLOCK_MODEL: return "model";
    case PSL_BLOCK_VIEW: return "view";
    case PSL_BLOCK_TYPE: return "type";
    case PSL_BLOCK_ENUM: return "enum";
    case PSL_BLOCK_DATASOURCE: return "datasource";
    case PSL_BLOCK_GENERATOR: return "generator";
    }
    sd_unreachable("block kind");
}

static bool missing_type(PslParser *P, PslBlock *b, PslTok name)
{
    if (P->failed)
        return false;
    P->failed = true;
    sd_error(P->d, loc_of(P, name),
             "Error validating %s \"%s\": This field declaration is invalid. It is either missing a "
             "name or a type.",
             block_kind_name(b->kind), b->name);
    return false;
}

/* base = 'Unsupported' '(' STRING ')' | WORD */
static bool parse_base_type(PslParser *P, PslField *f)
{
    PslTok t = P->tok;
    f->type = text_of(P, t);
    f->type_loc = loc_of(P, t);
    next(P);
    if (!tok_is(P, t, "Unsupported") || !at(P, PSL_T_LPAREN))
        return true;
    next(P);
    if (at(P, PSL_T_BAD_STRING))
        return unterminated_string(P) != NULL;
    if (!at(P, PSL_T_STRING))
        return fail(P, "a string with the database type, as in Unsupported(\"circle\")");
    f->unsupported = new_expr(P, PSL_EXPR_STRING, P->tok);
    f->unsupported->str = sd_psl_unescape(P->s, P->d, P->src, P->tok);
    next(P);
    if (!accept(P, PSL_T_RPAREN))
        return fail(P, "`)` after the Unsupported type");
    f->type_loc = span_of(P, t, P->prev);
    return true;
}

/* type = base ('[' ']' ['?'] | '?' | '!')? | '[' base ']' (legacy, an error) */
static bool parse_type(PslParser *P, PslField *f)
{
    if (at(P, PSL_T_LBRACK)) {
        fail_at(P, P->tok, "To specify a list, please use `Type[]` instead of `[Type]`.");
        return false;
    }
    if (!parse_base_type(P, f))
        return false;
    if (at(P, PSL_T_LBRACK) && peek(P).kind == PSL_T_RBRACK) {
        next(P);
        next(P);
        f->arity = PSL_ARITY_LIST;
        if (accept(P, PSL_T_QUESTION))
            f->list_optional = true;
    } else if (accept(P, PSL_T_QUESTION)) {
        f->arity = PSL_ARITY_OPTIONAL;
    } else if (at(P, PSL_T_BANG)) {
        fail_at(P, P->tok, "Fields are required by default, `!` is no longer required.");
        return false;
    }
    return true;
}

/* The end of a field, enum value or property line: line_end, then its span,
 * its /// docs and trailing comment, and its place in the block. */
static bool finish_line_item(PslParser *P, PslBlock *b, PslField *f, PslTok name)
{
    PslTok last = P->prev, comment;
    if (!line_end(P, &comment))
        return false;
    f->span = span_of(P, name, last);
    f->doc = take_docs(P, comment.kind == PSL_T_DOC ? &comment : NULL);
    f->comment = trailing_comment_text(P, comment);
    sd_vec_push(P->a, &b->fields, f);
    return true;
}

/* field = WORD type attr* line_end */
static bool parse_field(PslParser *P, PslBlock *b)
{
    P->line_msg = MSG_FIELD;
    PslTok name = P->tok;
    PslField *f = new_field(P, name);
    next(P);
    if (at(P, PSL_T_COLON)) {
        fail_at(P, P->tok, "Field declarations don't require a `:`.");
        return false;
    }
    if (at(P, PSL_T_AT) || at(P, PSL_T_NEWLINE) || at(P, PSL_T_EOF) || at(P, PSL_T_COMMENT) ||
        at(P, PSL_T_DOC))
        return missing_type(P, b, name);
    if (!at(P, PSL_T_WORD) && !at(P, PSL_T_LBRACK))
        return fail(P, "a field type");
    if (!parse_type(P, f) || !parse_field_attrs(P, &f->attrs))
        return false;
    return finish_line_item(P, b, f, name);
}

/* enum_value = WORD attr* line_end */
static bool parse_enum_value(PslParser *P, PslBlock *b)
{
    P->line_msg = MSG_ENUM;
    PslTok name = P->tok;
    PslField *f = new_field(P, name);
    next(P);
    if (!parse_field_attrs(P, &f->attrs))
        return false;
    return finish_line_item(P, b, f, name);
}

/* property = WORD '=' [expr] line_end (a missing value is the validator's to report) */
static bool parse_property(PslParser *P, PslBlock *b)
{
    PslTok name = P->tok;
    PslField *f = new_field(P, name);
    next(P);
    if (!accept(P, PSL_T_EQ))
        return fail(P, "`=` after the property name");
    if (!at(P, PSL_T_NEWLINE) && !at(P, PSL_T_EOF) && !at(P, PSL_T_COMMENT) && !at(P, PSL_T_DOC) &&
        !(f->value = parse_expr(P)))
        return false;
    return finish_line_item(P, b, f, name);
}

/* ---- blocks ---- */

static const struct {
    const char *word;
    PslBlockKind kind;
} BLOCK_KEYWORDS[] = {
    {"model", PSL_BLOCK_MODEL},           {"view", PSL_BLOCK_VIEW},
    {"type", PSL_BLOCK_TYPE},             {"enum", PSL_BLOCK_ENUM},
    {"datasource", PSL_BLOCK_DATASOURCE}, {"generator", PSL_BLOCK_GENERATOR},
};

static bool block_keyword(const PslParser *P, PslTok t, PslBlockKind *kind)
{
    for (size_t i = 0; i < SD_ARRAY_LEN(BLOCK_KEYWORDS); i++)
        if (tok_is(P, t, BLOCK_KEYWORDS[i].word)) {
            *kind = BLOCK_KEYWORDS[i].kind;
            return true;
        }
    return false;
}

/* True when the current line starts a block: KEYWORD WORD '{'. */
static bool at_block_start(const PslParser *P, PslBlockKind *kind)
{
    if (!block_keyword(P, P->tok, kind))
        return false;
    PslLexer copy = P->lx;
    PslTok name = sd_psl_lex_next(&copy);
    return name.kind == PSL_T_WORD && sd_psl_lex_next(&copy).kind == PSL_T_LBRACE;
}

/* The block's closing brace is missing: reported at the line Prisma reports
 * (the block's first line at the end of the file; else the next block's
 * line), with the other place as a note. */
static void unterminated_block(PslParser *P, PslBlock *b, PslTok open)
{
    bool eof = at(P, PSL_T_EOF);
    SdDiag *g = sd_error(P->d, eof ? b->keyword_loc : loc_of(P, P->tok), "missing closing `}` for %s \"%s\"",
                         block_kind_name(b->kind), b->name);
    if (eof) {
        g->loc2 = loc_of(P, P->tok);
        g->loc2_note = "the file ends here";
    } else {
        g->detail = sd_printf(P->d->arena, "A new block starts before %s \"%s\" is closed.",
                              block_kind_name(b->kind), b->name);
        g->loc2 = loc_of(P, open);
        g->loc2_note = "the block opens here";
    }
    b->span = span_of(P, open, open);
}

/* One line inside a block: a field, enum value or property, or a block attribute. */
static bool parse_block_line(PslParser *P, PslBlock *b)
{
    bool config = b->kind == PSL_BLOCK_DATASOURCE || b->kind == PSL_BLOCK_GENERATOR;
    if (config)
        P->line_msg = sd_printf(P->a, "This line is not a valid definition within a %s.", block_kind_name(b->kind));
    else
        P->line_msg = b->kind == PSL_BLOCK_ENUM ? MSG_ENUM : MSG_FIELD;
    if (at(P, PSL_T_AT2) && !config)
        return parse_block_attr(P, b);
    if (!at(P, PSL_T_WORD))
        return fail(P, config ? "a property name" : b->kind == PSL_BLOCK_ENUM ? "an enum value" : "a field name");
    if (config)
        return parse_property(P, b);
    if (b->kind == PSL_BLOCK_ENUM)
        return parse_enum_value(P, b);
    return parse_field(P, b);
}

/* block = KEYWORD WORD '{' (rest of the line is ignored, as Prisma does) NEWLINE line* '}' */
static void parse_block(PslParser *P, PslBlockKind kind)
{
    PslBlock *b = sd_alloc(P->a, sizeof *b);
    b->kind = kind;
    b->src = P->src;
    b->keyword_loc = loc_of(P, P->tok);
    b->doc = take_docs(P, NULL);
    PslTok kw = P->tok;
    next(P);
    b->name = text_of(P, P->tok);
    b->loc = loc_of(P, P->tok);
    next(P);
    PslTok open = P->tok;
    skip_line(P);
    sd_vec_push(P->a, &P->schema->blocks, b);
    P->in_comment_run = false;
    for (;;) {
        P->failed = false;
        PslBlockKind other;
        if (at(P, PSL_T_RBRACE)) {
            b->span = span_of(P, kw, P->tok);
            next(P);
            break;
        }
        if (at(P, PSL_T_EOF) || at_block_start(P, &other)) {
            unterminated_block(P, b, open);
            break;
        }
        if (at(P, PSL_T_COMMENT) || at(P, PSL_T_DOC)) {
            comment_line(P);
            if (!at(P, PSL_T_NEWLINE) && !at(P, PSL_T_EOF))
                sd_unreachable("a comment runs to the end of the line");
            next(P);
            continue;
        }
        if (accept(P, PSL_T_BLOCK_COMMENT)) /* may be followed by a field on the same line */
            continue;
        P->in_comment_run = false;
        if (accept(P, PSL_T_NEWLINE))
            continue;
        if (!parse_block_line(P, b))
            skip_line(P);
    }
    P->ndocs = 0;
    P->in_comment_run = false;
}

/* ---- top level ---- */

/* A line that starts no block: `type X = ...`, `name { ... }` or anything else. */
static void bad_top_line(PslParser *P)
{
    PslTok t = P->tok, after = peek(P);
    if (tok_is(P, t, "type") && after.kind == PSL_T_WORD) {
        fail_at(P, t, "Invalid type definition. Please check the documentation in https://pris.ly/d/composite-types");
        skip_line(P);
        return;
    }
    if (t.kind == PSL_T_WORD && after.kind == PSL_T_LBRACE) {
        fail_at(P, t, "This block is invalid. It does not start with any known Prisma schema keyword. "
                      "Valid keywords include 'model', 'enum', 'type', 'datasource' and 'generator'.");
        /* Prisma's arbitrary block runs to the first `}` */
        while (!at(P, PSL_T_EOF) && !at(P, PSL_T_RBRACE))
            next(P);
        accept(P, PSL_T_RBRACE);
        return;
    }
    fail_at(P, t, MSG_TOP);
    skip_line(P);
}

void sd_psl_parse(SdArena *a, SdDiags *diags, const SdSource *src, PslSchema *schema)
{
    sd_psl_parse_in(a, a, diags, src, schema);
}

void sd_psl_parse_in(SdArena *strings, SdArena *nodes, SdDiags *diags, const SdSource *src, PslSchema *schema)
{
    sd_vec_push(nodes, &schema->sources, (void *)src);
    if (!sd_psl_check_encoding(diags, src))
        return;
    PslParser P = {.a = nodes, .s = strings, .d = diags, .src = src, .schema = schema};
    P.fields = sd_arena_child(nodes), P.attrs = sd_arena_child(nodes), P.exprs = sd_arena_child(nodes);
    sd_psl_lex_init(&P.lx, src);
    next(&P);
    while (!at(&P, PSL_T_EOF)) {
        P.failed = false;
        P.line_msg = MSG_TOP;
        PslBlockKind kind;
        if (at(&P, PSL_T_COMMENT) || at(&P, PSL_T_DOC)) {
            comment_line(&P);
            continue;
        }
        if (accept(&P, PSL_T_BLOCK_COMMENT))
            continue;
        if (at(&P, PSL_T_NEWLINE)) {
            if (P.prev.kind != PSL_T_COMMENT && P.prev.kind != PSL_T_DOC) {
                P.in_comment_run = false; /* a blank line: comments above float free */
                P.ndocs = 0;
            }
            next(&P);
            continue;
        }
        if (at_block_start(&P, &kind))
            parse_block(&P, kind);
        else
            bad_top_line(&P);
        P.in_comment_run = false;
        P.ndocs = 0;
    }
}

/* psl_lex.h: the Prisma schema lexer, shared by psl_parse.c and psl_load.c only
 * (not part of the front end's public interface: see psl.h).
 * Prisma's grammar is line-oriented, so newlines are tokens; comments are
 * tokens too (the parser attaches /// docs and trailing // comments). */
#ifndef SD_PSL_LEX_H
#define SD_PSL_LEX_H

#include "psl.h"

typedef enum PslTokKind {
    PSL_T_EOF,
    PSL_T_NEWLINE,
    PSL_T_WORD,     /* identifier: [A-Za-z0-9 or non-ASCII][A-Za-z0-9_- or non-ASCII]* */
    PSL_T_NUMBER,   /* -?[0-9]+(.[0-9]+)? not followed by an identifier character */
    PSL_T_STRING,   /* "..." (escapes undecoded: see sd_psl_unescape) */
    PSL_T_BAD_STRING, /* a string with no closing quote before the end of the line */
    PSL_T_COMMENT,  /* // ... (to the end of the line, newline excluded) */
    PSL_T_DOC,      /* /// ... */
    PSL_T_BLOCK_COMMENT, /* slash-star ... star-slash, may span lines (Prisma 7 accepts them
                          * where a comment line or a trailing comment may be) */
    PSL_T_BAD_COMMENT,   /* an opening slash-star never closed: the two characters only */
    PSL_T_LBRACE, PSL_T_RBRACE, PSL_T_LPAREN, PSL_T_RPAREN, PSL_T_LBRACK, PSL_T_RBRACK,
    PSL_T_COMMA, PSL_T_COLON, PSL_T_EQ, PSL_T_QUESTION, PSL_T_BANG, PSL_T_DOT,
    PSL_T_AT,       /* @ */
    PSL_T_AT2,      /* @@ */
    PSL_T_OTHER,    /* any other character (one UTF-8 character) */
} PslTokKind;

typedef struct PslTok {
    PslTokKind kind;
    uint32_t off, len;  /* bytes in src->text */
    uint32_t line, col; /* 1-based; col counts characters */
    uint32_t nchars;    /* width in characters */
} PslTok;

/* Lexer state: a cursor into one source.  Copy the struct to look ahead. */
typedef struct PslLexer {
    const SdSource *src;
    size_t pos;
    uint32_t line, col;
    size_t unclosed_from; /* no star-slash after this offset (keeps unclosed comments linear) */
} PslLexer;

/* Checks that src is UTF-8 with no NUL byte; records one located error per
 * bad line (at the exact line:col of the first bad byte on it).  Returns true
 * when the text is clean.  The lexer assumes a clean text. */
bool sd_psl_check_encoding(SdDiags *diags, const SdSource *src);

void sd_psl_lex_init(PslLexer *lx, const SdSource *src);
/* Reads the next token (spaces and tabs skipped). At the end: PSL_T_EOF, again and again. */
PslTok sd_psl_lex_next(PslLexer *lx);
/* Moves the cursor past the end of the current line (after its newline, or to
 * the end of the text); pos must be inside that line. For error recovery. */
void sd_psl_lex_skip_line(PslLexer *lx);
/* The place of a token, as a diagnostic location. */
SdLoc sd_psl_tok_loc(const SdSource *src, PslTok t);
/* The token's text, copied into the arena. */
char *sd_psl_tok_text(SdArena *a, const SdSource *src, PslTok t);
/* Decodes a PSL_T_STRING token's escapes (JSON's: \" \\ \/ \b \f \n \r \t
 * \uXXXX with surrogate pairs) into an arena string.  Bad escapes are
 * recorded as located errors (the rest of the string is still decoded). */
char *sd_psl_unescape(SdArena *a, SdDiags *diags, const SdSource *src, PslTok t);
/* A short description of a token for "expected X, found Y" messages. */
const char *sd_psl_tok_describe(SdArena *a, const SdSource *src, PslTok t);

#endif

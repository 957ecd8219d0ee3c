/* psl.h: the Prisma schema language front end.
 *   sd_psl_parse    text -> AST (lexer + recursive-descent parser)
 *   sd_psl_validate AST  -> diagnostics, as Prisma's validator reports them
 *   sd_psl_lower    AST  -> IR (model/ir.h), with Prisma's PostgreSQL semantics
 * The AST keeps every token's place so each diagnostic points at the source. */
#ifndef SD_PSL_H
#define SD_PSL_H

#include "../model/diag.h"
#include "../model/ir.h"

typedef enum PslExprKind {
    PSL_EXPR_STRING,  /* "text": str is the unescaped value */
    PSL_EXPR_NUMBER,  /* 42, -1.5: str is the literal text */
    PSL_EXPR_IDENT,   /* Cascade, true, Asc, a.b (dotted path): str is the text */
    PSL_EXPR_FUNC,    /* now(), env("X"), uuid(7), raw("..."), pg_trgm(schema: "x"): str is the name */
    PSL_EXPR_ARRAY,   /* [a, b(sort: Desc)]: items */
    PSL_EXPR_OBJECT,  /* { deletedAt: null } (partial-index where): args, all named */
} PslExprKind;

typedef struct PslExpr PslExpr;

/* An argument: positional (name NULL) or named (name: value). */
typedef struct PslArg {
    const char *name;
    PslExpr *value;  /* NULL when the argument is written "name:" with no value */
    SdLoc loc;       /* the whole argument */
} PslArg;

struct PslExpr {
    PslExprKind kind;
    SdLoc loc;
    const char *str; /* STRING, NUMBER, IDENT, FUNC (the name) */
    SdVec args;      /* PslArg*: FUNC arguments, OBJECT entries */
    SdVec items;     /* PslExpr*: ARRAY elements */
};

/* @name(args) or @@name(args); name has no '@' and may be dotted ("db.VarChar"). */
typedef struct PslAttr {
    const char *name;
    SdLoc loc;       /* from the '@' to the end of the name */
    SdLoc span;      /* from the '@' to the closing ')' */
    bool has_parens; /* "@id" vs "@id()" */
    SdVec args;      /* PslArg* */
    bool block;      /* @@ */
    SdLoc trailing_comma; /* "@default(1,)": the comma; line 0: none.  Prisma rejects it
                           * ("Trailing commas are not valid in attribute arguments, please
                           * remove the comma.") except in native types (@db.Decimal(10, 4,)) */
} PslAttr;

typedef enum { PSL_ARITY_REQUIRED, PSL_ARITY_OPTIONAL, PSL_ARITY_LIST } PslArity;

/* A model/view/type field, an enum value, or a datasource/generator
 * property (key = value).  Which members are set depends on the block. */
typedef struct PslField {
    const char *name;
    SdLoc loc;            /* the name */
    SdLoc span;           /* the whole line */
    /* fields */
    const char *type;     /* "String", "User", "Unsupported"; NULL for enum values and properties */
    SdLoc type_loc;
    PslArity arity;
    bool list_optional;   /* "Int[]?": invalid, kept so the validator can say so */
    PslExpr *unsupported; /* Unsupported("...") argument */
    /* properties */
    PslExpr *value;       /* datasource/generator: the value after '=' */
    SdVec attrs;          /* PslAttr*: field attributes (@...) */
    const char *doc;      /* /// comments above, joined with '\n'; NULL: none */
    const char *comment;  /* a trailing // comment on the same line, NULL: none */
} PslField;

typedef enum PslBlockKind {
    PSL_BLOCK_MODEL,
    PSL_BLOCK_VIEW,
    PSL_BLOCK_TYPE,       /* composite type (MongoDB only: an error on PostgreSQL) */
    PSL_BLOCK_ENUM,
    PSL_BLOCK_DATASOURCE,
    PSL_BLOCK_GENERATOR,
} PslBlockKind;

typedef struct PslBlock {
    PslBlockKind kind;
    const char *name;
    SdLoc loc;            /* the name */
    SdLoc keyword_loc;    /* "model", "enum", ... */
    SdLoc span;           /* keyword to closing brace */
    SdVec fields;         /* PslField*: fields, enum values or properties, in source order */
    SdVec attrs;          /* PslAttr*: block attributes (@@...) */
    const char *doc;
    const SdSource *src;  /* the file it came from (multi-file schemas) */
} PslBlock;

typedef struct PslSchema {
    SdVec sources;        /* SdSource*: the files, in the order read */
    SdVec blocks;         /* PslBlock*: every block of every file, in that order */
} PslSchema;

/* Parses one source into schema (appending its blocks).  Syntax errors go to
 * diags; the parser recovers at the next block or line and goes on, so one
 * run reports several errors.  Never reads past src->len; rejects NUL bytes and
 * invalid UTF-8 with a located error; limits nesting depth. */
void sd_psl_parse(SdArena *a, SdDiags *diags, const SdSource *src, PslSchema *schema);

/* sd_psl_parse with two arenas: the AST's nodes in `nodes`, and the sources
 * and every string (names, literals, docs: what the lowered IR may point at)
 * in `strings`, so that `nodes` can be freed once the schema is lowered. */
void sd_psl_parse_in(SdArena *strings, SdArena *nodes, SdDiags *diags, const SdSource *src, PslSchema *schema);

/* Loads a schema from a path: a .prisma file, or a folder whose *.prisma files
 * (recursively, sorted by path) form one schema.  Returns NULL after recording
 * an error when nothing could be read (no such path, folder with no schema). */
PslSchema *sd_psl_load(SdArena *a, SdDiags *diags, const char *path);
/* The same with the AST's nodes in `nodes` (see sd_psl_parse_in). */
PslSchema *sd_psl_load_in(SdArena *strings, SdArena *nodes, SdDiags *diags, const char *path);

/* Checks the schema as Prisma's validator does; records errors and warnings. */
void sd_psl_validate(SdArena *a, SdDiags *diags, const PslSchema *schema);

/* Lowers a valid schema to the PostgreSQL catalog Prisma would create
 * (tables, columns, constraints, indexes, enums, sequences of SERIAL columns,
 * implicit many-to-many tables, extensions).  Call only when validation found
 * no errors; may still record errors for what it cannot lower. */
SdCatalog *sd_psl_lower(SdArena *a, SdDiags *diags, const PslSchema *schema);

/* Helpers shared by the validator and the lowering. */
const PslAttr *sd_psl_find_attr(const SdVec *attrs, const char *name); /* first with that name */
const PslArg *sd_psl_find_arg(const PslAttr *attr, const char *name);  /* named arg */
const PslArg *sd_psl_positional(const PslAttr *attr, size_t i);       /* i-th positional arg */
const PslBlock *sd_psl_datasource(const PslSchema *schema);          /* the first, or NULL */

#endif

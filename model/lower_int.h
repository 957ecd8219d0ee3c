/* lower_int.h: shared state of the Prisma -> IR lowering (model/lower*.c).
 * Not a public interface: parser/psl.h's sd_psl_lower() is the entry point.
 * The lowering works in passes over one LowerCtx: datasource, enums, models
 * (tables and columns), keys and indexes, relations, many-to-many tables. */
#ifndef SD_LOWER_INT_H
#define SD_LOWER_INT_H

#include "../parser/psl.h"
#include "ir.h"

typedef struct LEnum {
    const PslBlock *blk;
    SdEnum *en;
    SdMap labels;            /* Prisma value name -> database label (after @map) */
} LEnum;

typedef struct LModel LModel;

typedef struct LField {
    const PslField *f;
    LModel *model;
    const char *dbname;      /* column name (after @map) */
    SdColumn *col;           /* NULL for relation fields */
    LModel *target;          /* relation fields: the other model */
    LEnum *enm;              /* enum-typed fields */
    bool paired;             /* many-to-many: already matched with its opposite */
    /* the field's attributes, found in one pass (first of each name) */
    const PslAttr *at_default, *at_id, *at_unique, *at_relation, *at_db;
    bool updated_at;
    const char *relname;     /* relation fields: @relation("name"), or NULL */
} LField;

struct LModel {
    const PslBlock *blk;
    SdTable *table;
    const char *schema;
    SdMap fields;            /* Prisma field name -> LField*: only for models of 24+ fields */
    SdVec lfields;           /* LField*, in source order */
};

typedef struct LowerCtx {
    SdArena *a;              /* the IR's arena */
    SdArena *tmp;            /* the lowering's own tables (LModel, LField, maps): freed at the end */
    SdDiags *d;
    const PslSchema *schema;
    SdCatalog *cat;
    SdMap models;            /* Prisma model name -> LModel* */
    SdMap enums;             /* Prisma enum name -> LEnum* */
    SdVec lmodels;           /* LModel*, in source order */
    const char *default_schema; /* "public", or the first of `schemas` */
    bool fk_off;             /* relationMode = "prisma": no foreign keys */
    SdVec raw_sql;           /* LRawSql*: SQL written by hand, normalised at the end */
} LowerCtx;

/* A dbgenerated("...") default or a where: raw("...") predicate: SQL text
 * that PostgreSQL stores in its own normal form.  sd_lower_raw_sql() runs it
 * through the SQL front end once every table exists. */
typedef struct LRawSql {
    SdTable *table;
    SdColumn *col;           /* a default: the column */
    SdIndex *index;          /* a predicate: the index */
    const char *text;        /* as written */
} LRawSql;

/* ---- lower_raw.c ---- */
void sd_lower_raw_sql(LowerCtx *cx);

/* ---- lower_names.c: identifiers and Prisma's naming conventions ---- */

#define SD_NAMEDATALEN 64 /* PostgreSQL's NAMEDATALEN: names hold at most 63 bytes */

/* Cuts s to at most max bytes at a UTF-8 character boundary (arena copy). */
const char *sd_lower_clip(SdArena *a, const char *s, size_t max);
/* Prisma's default constraint/index name: "{table}_{col1}_{col2}" cut so that
 * the suffix ("_key", "_idx", "_fkey") still fits 63 bytes; ncols may be 0
 * ("{table}_pkey"). */
const char *sd_lower_prisma_name(SdArena *a, const char *table, const char *const *cols, size_t ncols,
                                 const char *suffix);
/* PostgreSQL's makeObjectName(name1, name2, label): "name1_name2_label", the
 * longer of name1/name2 cut first so the whole fits 63 bytes. */
const char *sd_lower_pg_object_name(SdArena *a, const char *name1, const char *name2, const char *label);
/* The database name of a block or field: its @map / @@map argument, else its name. */
const char *sd_lower_mapped_name(const SdVec *attrs, const char *attr, const char *name);
/* The string value of a named or positional argument, or NULL. */
const char *sd_lower_arg_string(const PslAttr *attr, const char *name, size_t pos);

/* ---- lower_types.c: column types and defaults ---- */

/* Sets col->type from the field's Prisma type, list arity and @db.* attribute.
 * Records an error for what it cannot map. */
void sd_lower_column_type(LowerCtx *cx, LField *lf);
/* Sets col->default_expr / client_default from @default and @updatedAt, and
 * adds the SERIAL sequence of autoincrement() columns. */
void sd_lower_column_default(LowerCtx *cx, LField *lf);
/* format_type() text of t without typmods, as a cast in pg_get_expr output
 * ("text", "bpchar", "\"Role\"", "auth.\"Kind\""). */
void sd_lower_put_cast_type(SdArena *a, SdBuf *b, const SdType *t, bool with_mods);

/* ---- lower_json.c ---- */

/* JSON text -> jsonb_out()'s text of the same value (keys sorted and
 * de-duplicated, canonical spacing); NULL when json is not valid JSON. */
const char *sd_lower_jsonb_text(SdArena *a, const char *json);

/* ---- lower_keys.c: primary keys, unique and plain indexes ---- */

void sd_lower_keys(LowerCtx *cx, LModel *m);

/* ---- lower_rel.c: foreign keys and implicit many-to-many tables ---- */

void sd_lower_relations(LowerCtx *cx, LModel *m);
void sd_lower_many_to_many(LowerCtx *cx);

/* ---- lower.c ---- */

/* The LField of model m named name (Prisma field name), or NULL. */
LField *sd_lower_field(const LModel *m, const char *name);
/* The column names (database names) of a fields: [a, b] list; records an
 * error and returns false when one is unknown. */
bool sd_lower_field_list(LowerCtx *cx, const LModel *m, const PslExpr *list, SdVec *out_names,
                         SdVec *out_items);

#endif

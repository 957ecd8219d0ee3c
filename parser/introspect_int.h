/* introspect_int.h: what introspect.c (libpq, the only file that sees it)
 * shares with the loaders that turn rows into IR (introspect_rel.c,
 * introspect_obj.c).  Query results cross this border as SdRows: plain
 * arena strings, never PGresult. */
#ifndef SD_INTROSPECT_INT_H
#define SD_INTROSPECT_INT_H

#include "introspect.h"

/* One query's result, copied into the arena: row-major cells, NULL for SQL NULL. */
typedef struct SdRows {
    size_t nrows, ncols;
    const char **names; /* column names */
    const char **cells; /* nrows * ncols */
} SdRows;

static inline const char *sd_rows_at(const SdRows *r, size_t row, int col)
{
    return r->cells[row * r->ncols + (size_t)col];
}
/* The index of column name; a missing column is a bug in our SQL (aborts). */
int sd_rows_col(const SdRows *r, const char *name);
/* Boolean cell: "t" -> true. */
bool sd_rows_bool(const SdRows *r, size_t row, int col);
/* Integer cell (NULL -> 0). */
int64_t sd_rows_int(const SdRows *r, size_t row, int col);

/* The state of one introspection, shared by the loaders. */
typedef struct SdIntro {
    SdArena *arena;
    SdDiags *diags;
    SdCatalog *cat;
    SdLoc loc;   /* the (masked) URL, for messages */
    SdMap rels;  /* relation oid (text) -> SdObject* (table or view) */
    SdMap attnames; /* relation oid (text) -> SdVec* of column names indexed by
                       attnum (NULL: dropped), from the columns query: the
                       constraints query sends key numbers, not names */
} SdIntro;

/* A bulk catalog query and the loader that reads its rows.  Every query is
 * run with $1 = text[] of schema names, $2 = bool "all user schemas",
 * $3 = bool "leave _prisma_migrations out", after a common prefix of CTEs:
 *   ns(oid, nspname)                    the schemas in scope
 *   rel(oid, nspname, relname, relkind) their relations (r p f v m S),
 *                                       extension members left out.
 * A body is a select, or ", name as (...) select ..." to add CTEs.
 * Text between @...@ is a capability token (introspect.c's table). */
typedef struct SdIntroQuery {
    const char *what; /* "columns": for messages */
    const char *sql;
    void (*load)(SdIntro *in, const SdRows *rows);
} SdIntroQuery;

/* The queries, in the order they must run (relations before columns...). */
extern const SdIntroQuery sd_intro_queries[];
extern const size_t sd_intro_nqueries;

/* Parses a PostgreSQL text-array literal ({a,"b c",NULL}) into v (const char*;
 * NULL elements as NULL).  False when s is not an array literal. */
bool sd_intro_parse_array(SdArena *a, const char *s, SdVec *v);

/* Loaders (introspect_rel.c). */
void sd_intro_load_schemas(SdIntro *in, const SdRows *r);
void sd_intro_load_relations(SdIntro *in, const SdRows *r);
void sd_intro_load_columns(SdIntro *in, const SdRows *r);
void sd_intro_load_constraints(SdIntro *in, const SdRows *r);
void sd_intro_load_indexes(SdIntro *in, const SdRows *r);
/* Loaders (introspect_obj.c). */
void sd_intro_load_enums(SdIntro *in, const SdRows *r);
void sd_intro_load_types(SdIntro *in, const SdRows *r);
void sd_intro_load_functions(SdIntro *in, const SdRows *r);
void sd_intro_load_triggers(SdIntro *in, const SdRows *r);
void sd_intro_load_policies(SdIntro *in, const SdRows *r);
void sd_intro_load_rules(SdIntro *in, const SdRows *r);
void sd_intro_load_extensions(SdIntro *in, const SdRows *r);

/* Splits format_type() text into an SdType: "character varying(3)[]" ->
 * {"character varying", mods {3,-1}, ndims 1}.  User types (elem_schema not
 * pg_catalog) take elem_name and elem_schema instead of the text's name. */
void sd_intro_split_type(SdArena *a, SdType *t, const char *formatted, const char *elem_name,
                         const char *elem_schema, const char *elem_typtype);

#endif

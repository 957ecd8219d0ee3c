/* ir.h: the one model of a PostgreSQL schema that every front end fills
 * (Prisma lowering, SQL replay, live introspection) and that diff, risk and
 * emit read.  Two IRs are equal exactly when PostgreSQL would hold the same
 * schema, so everything here is in PostgreSQL's normal form:
 *   - type names as format_type() prints them ("character varying(3)",
 *     "timestamp(3) without time zone", "integer[]"), split into parts;
 *   - default, check, predicate and view expressions as pg_get_expr() /
 *     pg_get_viewdef() print them ("'x'::text", "CURRENT_TIMESTAMP",
 *     "nextval('\"User_id_seq\"'::regclass)");
 *   - names as stored (case kept, no quotes), at most 63 bytes.
 * All strings and objects live in the catalog's arena. */
#ifndef SD_IR_H
#define SD_IR_H

#include "base.h"
#include "diag.h"

/* Object kinds, in the stable base order used for sorting and emitting
 * (pg_dump_sort.c's idea: kind priority first, then qualified name). */
typedef enum SdObjKind {
    SD_OBJ_SCHEMA,
    SD_OBJ_EXTENSION,
    SD_OBJ_ENUM,
    SD_OBJ_TYPE,      /* other user types (domain, composite, range): opaque definition */
    SD_OBJ_SEQUENCE,
    SD_OBJ_FUNCTION,  /* functions and procedures: opaque definition */
    SD_OBJ_TABLE,
    SD_OBJ_INDEX,
    SD_OBJ_VIEW,      /* views and materialized views */
    SD_OBJ_TRIGGER,   /* opaque definition */
    SD_OBJ_OPAQUE,    /* anything else we keep by name and definition (policy, rule, ...) */
    SD_OBJ__COUNT
} SdObjKind;

const char *sd_obj_kind_name(SdObjKind k); /* "table", "index", ... */

/* The base of every IR object (pg_dump's DumpableObject): sorting, lookups,
 * dependency ordering and messages are written once for all kinds. */
typedef struct SdObject {
    SdObjKind kind;
    const char *schema;  /* NULL for schemas themselves */
    const char *name;
    SdLoc loc;           /* where it was defined: Prisma line, migration statement; line 0 from a database */
    const char *comment; /* COMMENT ON ...; NULL: none */
    SdVec deps;          /* SdObject*: what must exist before this one (filled by sd_catalog_link) */
    bool managed;        /* the source describes this object kind fully (Prisma: tables, enums, indexes...) */
} SdObject;

/* A column or array element type. */
typedef struct SdType {
    const char *name;    /* format_type() base name without typmods or []: "integer",
                            "character varying", "timestamp without time zone", or a
                            user type's name ("Role"), schema-less */
    const char *schema;  /* user types (enums, domains): their schema; NULL for built-ins */
    int32_t mods[2];     /* typmods: varchar(n) -> {n,-1}; numeric(p,s) -> {p,s}; -1: none */
    int ndims;           /* array dimensions (PostgreSQL keeps only "is an array": 0 or 1) */
    bool is_enum;        /* names an SdEnum */
} SdType;

/* format_type()-style text: "character varying(3)[]", "timestamp(3) without time zone",
 * "\"Role\"" (quoted as format_type quotes).  In the arena. */
const char *sd_type_format(SdArena *a, const SdType *t);
bool sd_type_equal(const SdType *a, const SdType *b);

typedef enum { SD_IDENTITY_NONE = 0, SD_IDENTITY_ALWAYS = 'a', SD_IDENTITY_BY_DEFAULT = 'd' } SdIdentity;

/* Defaults that exist only in the client (Prisma): no database default,
 * but the risk stage must know a value will be supplied. */
typedef enum {
    SD_CLIENT_DEFAULT_NONE,
    SD_CLIENT_DEFAULT_UUID,
    SD_CLIENT_DEFAULT_CUID,
    SD_CLIENT_DEFAULT_NANOID,
    SD_CLIENT_DEFAULT_ULID,
    SD_CLIENT_DEFAULT_UPDATED_AT,
} SdClientDefault;

typedef struct SdColumn {
    const char *name;
    SdLoc loc;
    SdType type;
    bool not_null;
    const char *default_expr; /* pg_get_expr() form; NULL: none */
    const char *generated;    /* GENERATED ALWAYS AS (expr) STORED: the expr; NULL: none */
    SdIdentity identity;
    const char *collation;    /* non-default collation; NULL: the type's */
    const char *comment;
    SdClientDefault client_default;
    const char *prisma_name;  /* the Prisma field name when it differs from name (for messages) */
} SdColumn;

typedef enum {
    SD_CON_PRIMARY = 'p',
    SD_CON_UNIQUE = 'u',
    SD_CON_FOREIGN = 'f',
    SD_CON_CHECK = 'c',
    SD_CON_EXCLUDE = 'x',
} SdConKind;

/* Referential actions as pg_constraint stores them. */
typedef enum {
    SD_FK_NO_ACTION = 'a',
    SD_FK_RESTRICT = 'r',
    SD_FK_CASCADE = 'c',
    SD_FK_SET_NULL = 'n',
    SD_FK_SET_DEFAULT = 'd',
} SdFkAction;

typedef struct SdConstraint {
    SdConKind kind;
    const char *name;
    SdLoc loc;
    SdVec columns;           /* const char*: key columns (p, u, f) */
    /* foreign keys */
    const char *ref_schema;
    const char *ref_table;
    SdVec ref_columns;       /* const char* */
    SdFkAction on_delete, on_update;
    char match;              /* 's' simple (default), 'f' full, 'p' partial */
    bool deferrable, initially_deferred;
    /* check: what pg_get_constraintdef prints after "CHECK ", outer parentheses
     * included ("((price > 0))"); exclusion: its whole pg_get_constraintdef text */
    const char *expr;
    bool not_valid;          /* NOT VALID (convalidated = false) */
    bool no_inherit;
    bool nulls_not_distinct; /* unique ... NULLS NOT DISTINCT (PG 15) */
    SdVec include;           /* const char*: INCLUDE columns of p/u */
    const char *index_options; /* p/u: the backing index's WITH (...) storage parameters as
                                  pg_get_indexdef prints them ("fillfactor='90'"); NULL: none */
    const char *comment;
} SdConstraint;

typedef enum { SD_TABLE_ORDINARY = 'r', SD_TABLE_PARTITIONED = 'p', SD_TABLE_FOREIGN = 'f' } SdTableKind;

typedef struct SdTable {
    SdObject obj;
    SdTableKind relkind;
    SdVec columns;           /* SdColumn*, in attnum order */
    SdVec constraints;       /* SdConstraint* (primary key, uniques, foreign keys, checks, exclusions) */
    const char *partition_by;    /* partitioned: "RANGE (created_at)"; NULL otherwise */
    const char *partition_of;    /* a partition: parent's qualified name; bound in partition_bound */
    const char *partition_bound;
    bool unlogged;
    const char *prisma_name; /* the Prisma model name when it differs */
} SdTable;

typedef struct SdIndexElem {
    const char *column;      /* NULL for an expression */
    const char *expr;        /* pg_get_indexdef()'s form of the expression */
    const char *opclass;     /* NULL: the default for the type */
    const char *collation;   /* NULL: the column's */
    bool desc;
    char nulls;              /* 0: default for the direction; 'f' NULLS FIRST; 'l' NULLS LAST */
} SdIndexElem;

typedef struct SdIndex {
    SdObject obj;            /* schema = table's schema */
    const char *table;
    bool unique;
    bool nulls_not_distinct;
    const char *method;      /* "btree", "hash", "gin", "gist", "spgist", "brin", ... */
    SdVec elems;             /* SdIndexElem* */
    SdVec include;           /* const char* */
    const char *predicate;   /* partial index WHERE, pg_get_expr form; NULL: none */
    const char *tablespace;
    const char *options;     /* WITH (...) storage parameters as pg_get_indexdef prints them
                                ("fillfactor='90', deduplicate_items=off"); NULL: none */
    bool invalid;            /* a live index left INVALID (failed CONCURRENTLY build) */
} SdIndex;

typedef struct SdEnum {
    SdObject obj;
    SdVec labels;            /* const char*, in enumsortorder */
    const char *prisma_name;
} SdEnum;

typedef struct SdSequence {
    SdObject obj;
    const char *type;        /* "integer", "bigint", "smallint" */
    int64_t start, increment, min, max, cache;
    bool cycle;
    const char *owned_table; /* OWNED BY table.column; NULL: none */
    const char *owned_column;
} SdSequence;

typedef struct SdView {
    SdObject obj;
    bool materialized;
    const char *definition;  /* pg_get_viewdef() form of the query */
    SdVec columns;           /* SdColumn*: names and types, as the catalog lists them */
} SdView;

/* Objects kept by name and definition: functions, triggers, other types,
 * policies, rules.
 *   functions: obj.name = proname; identity = pg_get_function_identity_arguments
 *              ("size integer"); the catalog key is "proname(identity)" (overloads);
 *   triggers:  obj.name = trigger name, table set, definition = pg_get_triggerdef;
 *   types:     objtype "domain", "composite", "range" or "multirange". */
typedef struct SdOpaque {
    SdObject obj;
    const char *objtype;     /* "function", "procedure", "trigger", "domain", "policy", ... */
    const char *identity;    /* functions: identity arguments; others: NULL */
    const char *table;       /* triggers, policies, rules: the table they sit on */
    const char *definition;  /* normalised CREATE statement */
} SdOpaque;

typedef struct SdExtension {
    SdObject obj;            /* name = extension name; schema = where its objects live */
    const char *version;     /* NULL: not pinned */
} SdExtension;

/* The whole schema: what one source says the database holds. */
typedef struct SdCatalog {
    SdArena *arena;
    SdVec schemas;           /* SdObject* (kind SD_OBJ_SCHEMA) */
    SdVec extensions;        /* SdExtension* */
    SdVec enums;             /* SdEnum* */
    SdVec types;             /* SdOpaque* (kind SD_OBJ_TYPE) */
    SdVec sequences;         /* SdSequence* */
    SdVec functions;         /* SdOpaque* (kind SD_OBJ_FUNCTION) */
    SdVec tables;            /* SdTable* */
    SdVec indexes;           /* SdIndex* (not those backing a primary key or unique constraint) */
    SdVec views;             /* SdView* */
    SdVec triggers;          /* SdOpaque* (kind SD_OBJ_TRIGGER) */
    SdVec opaques;           /* SdOpaque* (kind SD_OBJ_OPAQUE) */
    SdMap by_name;           /* "kind:schema.name" -> SdObject*, kept by the sd_catalog_add_* calls */
    SdMap owned_seqs;        /* "schema.table.column" -> SdSequence*, built by sd_catalog_sort */
    bool owned_seqs_built;
    /* What the source could describe: a Prisma schema describes tables, enums,
     * indexes, constraints; a database or SQL describes everything.  The diff keeps
     * unmanaged objects of the other side unless asked to drop them. */
    bool describes_all;
    const char *origin;      /* "prisma", "sql", "migrations", "database", "empty" */
} SdCatalog;

SdCatalog *sd_catalog_new(SdArena *a, const char *origin);

/* Constructors: allocate, set kind/schema/name/loc, append to the catalog
 * and index by name.  They do not check for duplicates: callers that must
 * (SQL replay) look up first with sd_catalog_find. */
SdObject *sd_catalog_add_schema(SdCatalog *c, const char *name, SdLoc loc);
SdTable *sd_catalog_add_table(SdCatalog *c, const char *schema, const char *name, SdLoc loc);
SdIndex *sd_catalog_add_index(SdCatalog *c, const char *schema, const char *name, const char *table, SdLoc loc);
SdEnum *sd_catalog_add_enum(SdCatalog *c, const char *schema, const char *name, SdLoc loc);
SdSequence *sd_catalog_add_sequence(SdCatalog *c, const char *schema, const char *name, SdLoc loc);
SdView *sd_catalog_add_view(SdCatalog *c, const char *schema, const char *name, bool materialized, SdLoc loc);
SdExtension *sd_catalog_add_extension(SdCatalog *c, const char *name, const char *schema, SdLoc loc);
/* kind is SD_OBJ_FUNCTION, SD_OBJ_TRIGGER, SD_OBJ_TYPE or SD_OBJ_OPAQUE.  identity is
 * the function's identity arguments (NULL for other kinds); functions are keyed
 * "name(identity)" and triggers "table.name", so overloads and same-named
 * triggers on different tables coexist.  Find them with sd_catalog_opaque_key(). */
SdOpaque *sd_catalog_add_opaque(SdCatalog *c, SdObjKind kind, const char *objtype, const char *schema,
                                const char *name, const char *identity, const char *table, SdLoc loc);
/* The lookup name of an opaque object for sd_catalog_find. */
const char *sd_catalog_opaque_key(SdArena *a, SdObjKind kind, const char *name, const char *identity,
                                  const char *table);

/* Removes obj from its list and the name index (SQL replay's DROP). */
void sd_catalog_remove(SdCatalog *c, SdObject *obj);
/* Re-keys obj after its schema or name changed (ALTER ... RENAME / SET SCHEMA). */
void sd_catalog_rename(SdCatalog *c, SdObject *obj, const char *schema, const char *name);

/* Lookups by exact name; NULL when absent.  Indexes, tables, views and
 * sequences share PostgreSQL's relation namespace: sd_catalog_find_relation
 * finds any of them. */
SdObject *sd_catalog_find(const SdCatalog *c, SdObjKind kind, const char *schema, const char *name);
/* Writes the lookup key of (kind, schema, name), "kind:schema.name", into buf
 * without formatting (a hot path); false when it does not fit in size bytes. */
bool sd_catalog_key(char *buf, size_t size, SdObjKind kind, const char *schema, const char *name);
SdTable *sd_catalog_find_table(const SdCatalog *c, const char *schema, const char *name);
SdEnum *sd_catalog_find_enum(const SdCatalog *c, const char *schema, const char *name);
SdObject *sd_catalog_find_relation(const SdCatalog *c, const char *schema, const char *name);

SdColumn *sd_table_find_column(const SdTable *t, const char *name);
SdConstraint *sd_table_find_constraint(const SdTable *t, const char *name);
SdColumn *sd_table_add_column(SdCatalog *c, SdTable *t, const char *name, SdLoc loc);
SdConstraint *sd_table_add_constraint(SdCatalog *c, SdTable *t, SdConKind kind, const char *name, SdLoc loc);
/* The sequence OWNED BY schema.table.column, or NULL.  O(1) after
 * sd_catalog_sort (which indexes them); a linear scan before. */
SdSequence *sd_catalog_owned_sequence(const SdCatalog *c, const char *schema, const char *table,
                                      const char *column);
/* The catalog's schema names, sorted and comma-separated ("auth,public"),
 * in the arena; "public" when it lists none. */
const char *sd_catalog_schema_list(SdArena *a, const SdCatalog *c);
/* The primary key constraint, or NULL. */
SdConstraint *sd_table_primary_key(const SdTable *t);

/* Sorts every list by (schema, name) and each table's constraints by name, so
 * that output never depends on the order a source listed things in.  Column
 * order is kept (it is part of the table). */
void sd_catalog_sort(SdCatalog *c);

/* Canonical, sorted text of the whole catalog, one object or column a line
 * (`schemadiff dump`).  Two catalogs are equal exactly when their dumps are. */
void sd_catalog_dump(const SdCatalog *c, SdBuf *out);
/* The same as JSON (documented in docs/ir.md). */
void sd_catalog_dump_json(const SdCatalog *c, SdBuf *out);

#endif

/* sql_int.h: shared by the parser/sql_*.c files only (the SQL replay's
 * statement families).  libpg_query's PgQuery__* types appear here and in
 * those files, nowhere else. */
#ifndef SD_SQL_INT_H
#define SD_SQL_INT_H

#include "sql.h"

#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>

typedef PgQuery__Node Node;

/* The interpreter's state for one replay (several files share it). */
typedef struct Replay {
    SdArena *a;
    SdDiags *d;
    SdCatalog *cat;
    const SdSource *src;       /* the file being replayed */
    const char *search_path[8];/* schemas for unqualified names; "public" by default */
    int nsearch;
    /* the statement being replayed */
    uint32_t stmt_off, stmt_len;
    bool failed;               /* an error was recorded: stop */
    int lenient;               /* > 0 inside a DO block: errors and notices are dropped */
    SdMap unmodelled;          /* relation name -> non-NULL: temp tables, CREATE TABLE AS */
    /* line cursor for locations (statements come in order) */
    uint32_t cur_off, cur_line, cur_bol;
    /* memory for the unpacked parse trees, kept from file to file (sql_replay.c) */
    unsigned char *tree_buf;
    size_t tree_cap;
} Replay;

/* ---- sql_replay.c: places, diagnostics, names ---- */
SdLoc sql_loc(Replay *r, int32_t location);           /* -1: the statement's start */
SdDiag *sql_fail(Replay *r, int32_t location, const char *fmt, ...) SD_PRINTF(3, 4);
void sql_notice_skip(Replay *r, const char *what);
const char *sql_creation_schema(Replay *r, const char *schema); /* "" or NULL -> first in path */
/* Finds a relation by RangeVar-style name: schema may be "" (search path). */
SdObject *sql_find_rel(Replay *r, const char *schema, const char *name, const char **schema_out);
SdObject *sql_find_kind(Replay *r, SdObjKind kind, const char *schema, const char *name);
const char *sql_str(const Node *n);                   /* String node's value or NULL */
/* makeObjectName(name1, name2, label) with PostgreSQL's 63-byte truncation */
const char *sql_object_name(Replay *r, const char *name1, const char *name2, const char *label);
/* ChooseRelationName: a name free in the relation namespace of schema */
const char *sql_choose_relname(Replay *r, const char *name1, const char *name2, const char *label,
                               const char *schema);
/* ChooseConstraintName: free among constraints of schema */
const char *sql_choose_conname(Replay *r, const char *name1, const char *name2, const char *label,
                               const char *schema);
bool sql_constraint_name_used(Replay *r, const char *schema, const char *name);
/* Statement text, trimmed, for SdDiag.statement and opaque definitions */
const char *sql_stmt_text(Replay *r);
char *sql_deparse(Replay *r, Node *stmt);             /* libpg_query's deparser; NULL on failure */

/* ---- sql_type.c ---- */
/* TypeName -> SdType in format_type's normal form; false after an error. */
bool sql_type(Replay *r, const PgQuery__TypeName *tn, SdType *out, bool *serial_out);
/* format_type text for a TypeName (casts, function signatures) */
const char *sql_type_text(Replay *r, const PgQuery__TypeName *tn);

/* ---- sql_expr.c ---- */
typedef struct ExprCtx {
    SdTable *table;            /* for column references (checks, index expressions); NULL */
    bool index_expr;           /* printing an index element */
} ExprCtx;
/* Prints n as pg_get_expr() would after PostgreSQL coerced it to `target`
 * (NULL: no target).  NULL after recording an error. */
const char *sql_expr(Replay *r, const ExprCtx *cx, Node *n, const SdType *target);
/* The first column name referenced in n, or NULL (constraint naming). */
const char *sql_expr_first_column(Node *n);

/* ---- statement families ---- */
void sql_create_table(Replay *r, PgQuery__CreateStmt *s);
void sql_alter_table(Replay *r, PgQuery__AlterTableStmt *s);
void sql_create_index(Replay *r, PgQuery__IndexStmt *s);
void sql_drop(Replay *r, PgQuery__DropStmt *s);
void sql_rename(Replay *r, PgQuery__RenameStmt *s);
void sql_set_schema(Replay *r, PgQuery__AlterObjectSchemaStmt *s);
void sql_create_enum(Replay *r, PgQuery__CreateEnumStmt *s);
void sql_alter_enum(Replay *r, PgQuery__AlterEnumStmt *s);
void sql_create_seq(Replay *r, PgQuery__CreateSeqStmt *s);
void sql_alter_seq(Replay *r, PgQuery__AlterSeqStmt *s);
void sql_create_view(Replay *r, PgQuery__ViewStmt *s);
void sql_create_matview(Replay *r, PgQuery__CreateTableAsStmt *s);
void sql_create_function(Replay *r, PgQuery__CreateFunctionStmt *s);
void sql_create_trigger(Replay *r, PgQuery__CreateTrigStmt *s);
void sql_create_extension(Replay *r, PgQuery__CreateExtensionStmt *s);
void sql_create_schema(Replay *r, PgQuery__CreateSchemaStmt *s);
void sql_comment(Replay *r, PgQuery__CommentStmt *s);

/* Shared by table and index code. */
bool sql_add_constraint(Replay *r, SdTable *t, PgQuery__Constraint *c, const char *column);
bool sql_drop_table(Replay *r, SdTable *t, bool cascade);
/* nextval('"s"'::regclass): a serial column's default for sequence s */
const char *sql_nextval_default(Replay *r, const SdSequence *s);
/* Relations the replay does not model (temporary tables, CREATE TABLE AS):
 * statements on them are skipped with a notice instead of failing. */
bool sql_unmodelled_rel(Replay *r, const char *name);
void sql_mark_unmodelled_rel(Replay *r, const char *name);
/* DO blocks: their plain DDL is replayed leniently (sql_do.c). */
void sql_do_block(Replay *r, PgQuery__DoStmt *s);
/* Replays SQL text found inside a DO block: errors and notices dropped,
 * the current file's place kept for what it creates. */
void sql_replay_nested(Replay *r, const char *text);
const char *sql_function_identity(Replay *r, Node **params, size_t n);
SdSequence *sql_add_serial_sequence(Replay *r, SdTable *t, SdColumn *col, const char *type, int32_t loc);
void sql_drop_table_object(Replay *r, SdTable *t);
void sql_drop_column_dependents(Replay *r, SdTable *t, const char *column);
SdConstraint *sql_find_constraint_any(Replay *r, const char *schema, const char *name, SdTable **owner);
SdObject *sql_index_or_constraint(Replay *r, const char *schema, const char *name);
const char *sql_reloptions(Replay *r, Node **opts, size_t n); /* WITH (...) of an index, or NULL */

#endif

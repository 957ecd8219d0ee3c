/* sql.h: the SQL front end.  Replays .sql files and Prisma migrations/ folders
 * statement by statement, as PostgreSQL would run them, into an IR catalog in
 * PostgreSQL's normal form (model/ir.h).  Parsing is libpg_query's; its types
 * stay inside parser/sql_*.c.
 *
 * Errors (a syntax error, a statement PostgreSQL would reject, an unreadable or
 * non-UTF-8 file) are recorded in diags with the file, line and column; replay
 * stops at the first one, as a migration run would.  Statements that do not
 * change the schema (DML, DO blocks, transaction control) are skipped with a
 * notice naming their place. */
#ifndef SD_SQL_H
#define SD_SQL_H

#include "../model/diag.h"
#include "../model/ir.h"

/* Replays one SQL file into `into` (a new catalog when NULL).  Returns the
 * catalog, or NULL after recording an error. */
SdCatalog *sd_sql_replay_file(SdArena *a, SdDiags *d, const char *path, SdCatalog *into);

/* Replays a text already in memory (tests, stdin). */
SdCatalog *sd_sql_replay_source(SdArena *a, SdDiags *d, const SdSource *src, SdCatalog *into);

/* Replays a Prisma migrations folder: every <dir>/<name>/migration.sql in
 * byte-wise name order (other files are ignored).  limit > 0 replays only the
 * first `limit` migrations; 0 replays all.  Returns NULL after an error. */
SdCatalog *sd_sql_replay_migrations(SdArena *a, SdDiags *d, const char *dir, size_t limit);

/* The migration folder names of dir in replay order (const char*, arena).
 * Returns false after recording an error when dir cannot be read. */
bool sd_sql_migration_names(SdArena *a, SdDiags *d, const char *dir, SdVec *out);

#endif

/* introspect.h: a live PostgreSQL database -> IR (model/ir.h), through libpq.
 * One read-only, repeatable-read transaction; a fixed number of bulk catalog
 * queries whatever the size of the schema (never one query per table).
 * Also: masking passwords in connection URLs, and Prisma's env("X") lookup. */
#ifndef SD_INTROSPECT_H
#define SD_INTROSPECT_H

#include "../model/diag.h"
#include "../model/ir.h"

/* Figures of one introspection run (for `--stats` and bench/introspect.sh). */
typedef struct SdIntrospectStats {
    int queries;         /* round trips to the server, setup and commit included */
    int catalog_queries; /* of which bulk catalog queries (constant) */
    size_t rows;         /* rows read in all */
    double connect_ms;   /* time to connect */
    double query_ms;     /* time from BEGIN to COMMIT */
    struct { const char *what; double ms; size_t rows; } each[16]; /* per catalog query */
} SdIntrospectStats;

typedef struct SdIntrospectOptions {
    SdVec schemas;                  /* const char*: schemas to read; empty: {"public"}; "*": every
                                       schema but pg_catalog, information_schema and pg_* */
    int statement_timeout_ms;       /* 0: 30000 */
    bool include_prisma_migrations; /* keep Prisma's _prisma_migrations table (default: left out) */
    SdIntrospectStats *stats;       /* filled when not NULL */
} SdIntrospectOptions;

/* Reads the schema of the database at url (postgresql:// or postgres://; any
 * libpq parameter, PG* environment variables as libpq reads them).  Returns a
 * catalog with origin "database" and describes_all set, not yet sorted.  On
 * any failure (connection, authentication, a query, a lost connection)
 * records an error located at the URL with its password masked, libpq's
 * message as detail, and returns NULL.  Never writes to the database. */
SdCatalog *sd_introspect(SdArena *a, SdDiags *d, const char *url, const SdIntrospectOptions *opts);

/* url with any password replaced by "****" (user:****@host, ?password=****).
 * Anything that is not a URL is returned unchanged.  In the arena. */
const char *sd_url_mask_password(SdArena *a, const char *url);

/* Splits a comma-separated schema list ("public,auth") into opts->schemas;
 * blanks around names are dropped.  NULL or "" leaves the list empty. */
void sd_introspect_schemas_parse(SdArena *a, SdIntrospectOptions *opts, const char *list);

/* Prisma's env("NAME"): the environment variable NAME when set (even empty),
 * else its value in the .env file in dir (dir NULL: the current directory),
 * read as dotenv does (KEY=VALUE, optional `export`, '...' / "..." quotes,
 * # comments, ${OTHER} expansion).  NULL when neither has it.  In the arena. */
const char *sd_env_lookup(SdArena *a, const char *dir, const char *name);

#endif

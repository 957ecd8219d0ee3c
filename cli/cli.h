/* cli.h: the command line: sources, subcommands and the run's context. */
#ifndef SD_CLI_H
#define SD_CLI_H

#include "../model/ir.h"
#include "../parser/psl.h"

/* What a source argument names. */
typedef enum {
    SD_SRC_EMPTY,      /* "empty" */
    SD_SRC_PRISMA,     /* a .prisma file, or a folder of them */
    SD_SRC_SQL,        /* a .sql file */
    SD_SRC_MIGRATIONS, /* a Prisma migrations/ folder */
    SD_SRC_URL,        /* postgresql:// or postgres:// */
} SdSourceKind;

/* The run's context, passed to every stage (one arena, one diagnostics list). */
typedef struct SdRun {
    SdArena *arena;
    SdDiags diags;
    const char *schemas_opt; /* --schema: comma-separated schema names, or NULL */
    bool quiet;
    bool stats;              /* --stats: print introspection figures on stderr */
    bool serial;             /* load one source after the other (fault injection counts allocations) */
    SdArena *sides[2];       /* the arenas of FROM and TO when they were loaded at once */
} SdRun;

/* Classifies a source argument (by prefix, extension and folder contents). */
SdSourceKind sd_source_kind(const char *arg);
/* Loads any source into a sorted catalog; NULL after recording errors. */
SdCatalog *sd_load_catalog(SdRun *run, const char *arg);

/* True when path names an existing file or folder. */
bool sd_path_exists(const char *path);
/* The FROM source of the main job for SCHEMA (cli/mainjob.c): the database the
 * datasource's url names (from_env), else the migrations folder beside the
 * schema (a file: its folder's migrations/; a folder: inside it, then beside
 * it), else "empty" with a notice.  NULL after recording an error. */
const char *sd_main_job_from(SdRun *run, const char *schema, bool from_env);

#endif

/* source.c: turns a source argument into an IR catalog, whatever its kind. */
#include "cli.h"

#include "../parser/introspect.h"
#include "../parser/sql.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A folder is a migrations folder when it holds migration_lock.toml or a
 * sub-folder with a migration.sql; otherwise it is a Prisma schema folder. */
static bool is_migrations_dir(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s/migration_lock.toml", path);
    struct stat st;
    if (stat(buf, &st) == 0)
        return true;
    DIR *d = opendir(path);
    if (!d)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(buf, sizeof buf, "%s/%s/migration.sql", path, e->d_name);
        found = stat(buf, &st) == 0;
    }
    closedir(d);
    return found;
}

/* "DIR@K": the first K migrations of a migrations folder.  Returns K (> 0)
 * and sets *dir to DIR (arena) when arg has that form and DIR is a
 * migrations folder; 0 otherwise. */
static size_t migrations_limit(SdArena *a, const char *arg, const char **dir)
{
    const char *at = strrchr(arg, '@');
    if (!at || !at[1] || strspn(at + 1, "0123456789") != strlen(at + 1))
        return 0;
    char path[4096];
    snprintf(path, sizeof path, "%.*s", (int)(at - arg), arg);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode) || !is_migrations_dir(path))
        return 0;
    if (dir)
        *dir = sd_strdup(a, path);
    size_t k = (size_t)strtoull(at + 1, NULL, 10);
    return k ? k : (size_t)-1; /* DIR@0: nothing replayed */
}

SdSourceKind sd_source_kind(const char *arg)
{
    if (migrations_limit(NULL, arg, NULL))
        return SD_SRC_MIGRATIONS;
    if (strcmp(arg, "empty") == 0)
        return SD_SRC_EMPTY;
    if (strncmp(arg, "postgresql://", 13) == 0 || strncmp(arg, "postgres://", 11) == 0)
        return SD_SRC_URL;
    if (has_suffix(arg, ".sql"))
        return SD_SRC_SQL;
    struct stat st;
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode) && is_migrations_dir(arg))
        return SD_SRC_MIGRATIONS;
    return SD_SRC_PRISMA;
}

/* A live database: --schema picks the schemas (default public). */
static SdCatalog *load_url(SdRun *run, const char *url)
{
    SdIntrospectStats stats = {0};
    SdIntrospectOptions opts = {.stats = &stats};
    sd_introspect_schemas_parse(run->arena, &opts, run->schemas_opt);
    SdCatalog *cat = sd_introspect(run->arena, &run->diags, url, &opts);
    if (run->stats)
        fprintf(stderr, "introspection: %d queries (%d catalog), %zu rows, connect %.1f ms, queries %.1f ms, "
                        "arena %zu bytes\n",
                stats.queries, stats.catalog_queries, stats.rows, stats.connect_ms, stats.query_ms,
                sd_arena_used(run->arena));
    for (int i = 0; run->stats && i < stats.catalog_queries && i < (int)SD_ARRAY_LEN(stats.each); i++)
        fprintf(stderr, "  %-12s %8.1f ms %8zu rows\n", stats.each[i].what, stats.each[i].ms, stats.each[i].rows);
    return cat;
}

/* Parse, validate, lower.  The AST's nodes live in an arena of their own,
 * freed once the schema is lowered: the IR keeps only strings and sources,
 * which sd_psl_load_in puts in the run's arena. */
static SdCatalog *load_prisma(SdRun *run, const char *arg)
{
    SdArena *nodes = sd_arena_new();
    SdCatalog *cat = NULL;
    PslSchema *schema = sd_psl_load_in(run->arena, nodes, &run->diags, arg);
    if (schema && !sd_diags_errors(&run->diags)) {
        sd_psl_validate(run->arena, &run->diags, schema);
        if (!sd_diags_errors(&run->diags))
            cat = sd_psl_lower(run->arena, &run->diags, schema);
    }
    sd_arena_free(nodes);
    return cat;
}

SdCatalog *sd_load_catalog(SdRun *run, const char *arg)
{
    SdCatalog *cat = NULL;
    switch (sd_source_kind(arg)) {
    case SD_SRC_EMPTY:
        cat = sd_catalog_new(run->arena, "empty");
        cat->describes_all = true;
        break;
    case SD_SRC_PRISMA:
        cat = load_prisma(run, arg);
        break;
    case SD_SRC_URL:
        cat = load_url(run, arg);
        break;
    case SD_SRC_SQL:
        cat = sd_sql_replay_file(run->arena, &run->diags, arg, NULL);
        break;
    case SD_SRC_MIGRATIONS: {
        const char *dir = arg;
        size_t limit = migrations_limit(run->arena, arg, &dir);
        if (limit == (size_t)-1) { /* DIR@0: the empty state before any migration */
            cat = sd_catalog_new(run->arena, "migrations");
            cat->describes_all = true;
            sd_catalog_add_schema(cat, "public", (SdLoc){0});
        } else {
            cat = sd_sql_replay_migrations(run->arena, &run->diags, dir, limit);
        }
        break;
    }
    }
    if (!cat || sd_diags_errors(&run->diags))
        return NULL;
    sd_catalog_sort(cat);
    return cat;
}

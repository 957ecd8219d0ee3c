/* mainjob.c: what `schemadiff SCHEMA` diffs from when no DATABASE is given:
 * the migrations folder beside the schema (Prisma's layout is
 * prisma/schema.prisma + prisma/migrations/), or with --database-url-from-env
 * the database the datasource's url names. */
#include "cli.h"

#include "../parser/introspect.h"

#include <string.h>
#include <sys/stat.h>

bool sd_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder of a path ("." for a bare name), in the arena. */
static const char *dir_of(SdArena *a, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return ".";
    if (slash == path)
        return "/";
    return sd_printf(a, "%.*s", (int)(slash - path), path);
}

static const char *find_migrations(SdRun *run, const char *schema)
{
    const char *dirs[2] = {0};
    if (is_dir(schema)) {
        size_t n = strlen(schema);
        while (n > 1 && schema[n - 1] == '/')
            n--;
        const char *folder = sd_printf(run->arena, "%.*s", (int)n, schema);
        dirs[0] = folder;
        dirs[1] = dir_of(run->arena, folder);
    } else {
        dirs[0] = dir_of(run->arena, schema);
    }
    for (size_t i = 0; i < SD_ARRAY_LEN(dirs) && dirs[i]; i++) {
        const char *m = sd_printf(run->arena, "%s/migrations", dirs[i]);
        if (is_dir(m) && sd_source_kind(m) == SD_SRC_MIGRATIONS)
            return m;
    }
    return NULL;
}

/* The datasource's url: a string, or env("NAME") resolved from the
 * environment or a .env file beside the schema. */
static const char *datasource_url(SdRun *run, const char *schema)
{
    PslSchema *ps = sd_psl_load(run->arena, &run->diags, schema);
    if (!ps)
        return NULL;
    const PslBlock *ds = sd_psl_datasource(ps);
    const PslField *url = NULL;
    for (size_t i = 0; ds && i < ds->fields.len && !url; i++) {
        const PslField *f = ds->fields.items[i];
        if (strcmp(f->name, "url") == 0)
            url = f;
    }
    const PslExpr *v = url ? url->value : NULL;
    if (v && v->kind == PSL_EXPR_STRING)
        return v->str;
    const PslArg *arg = v && v->kind == PSL_EXPR_FUNC && strcmp(v->str, "env") == 0 && v->args.len == 1
                            ? v->args.items[0] : NULL;
    if (!arg || !arg->value || arg->value->kind != PSL_EXPR_STRING) {
        SdDiag *dg = sd_error(&run->diags, url ? url->loc : (SdLoc){0},
                              "--database-url-from-env: the datasource has no url = \"...\" or env(\"...\")");
        dg->hint = "Give the database URL as the second argument: schemadiff SCHEMA postgresql://...";
        return NULL;
    }
    const char *dir = is_dir(schema) ? schema : dir_of(run->arena, schema);
    const char *value = sd_env_lookup(run->arena, dir, arg->value->str);
    if (!value || !*value) {
        SdDiag *dg = sd_error(&run->diags, arg->value->loc, "environment variable \"%s\" is not set", arg->value->str);
        dg->detail = sd_printf(run->arena, "It is neither in the environment nor in %s/.env.", dir);
        return NULL;
    }
    return value;
}

const char *sd_main_job_from(SdRun *run, const char *schema, bool from_env)
{
    if (from_env)
        return datasource_url(run, schema);
    const char *m = find_migrations(run, schema);
    if (m)
        return m;
    SdDiag *dg = sd_notice(&run->diags, (SdLoc){0}, "no migrations folder beside %s: the first migration, from an "
                           "empty database", schema);
    dg->hint = "To diff against a database, give its URL: schemadiff SCHEMA postgresql://...";
    return "empty";
}

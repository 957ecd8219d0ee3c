/* psl_load.c: loading a Prisma schema from a file or a folder of .prisma
 * files, and the small AST lookups the validator and the lowering share. */
#include "psl_lex.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static bool has_prisma_ext(const char *name)
{
    size_t n = strlen(name);
    return n > 7 && strcmp(name + n - 7, ".prisma") == 0;
}

static int path_cmp(const void *a, const void *b) { return strcmp(a, b); }

/* Appends every *.prisma file under dir (recursively) to files.  Unreadable
 * folders are recorded as errors.  depth bounds symlink loops. */
static void collect(SdArena *a, SdDiags *d, const char *dir, SdVec *files, int depth)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        sd_error(d, sd_loc_file(sd_source_new(a, dir, "", 0)), "could not open folder: %s", strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char *path = sd_printf(a, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue; /* a dangling link: not part of the schema */
        if (S_ISDIR(st.st_mode)) {
            if (depth < 32)
                collect(a, d, path, files, depth + 1);
        } else if (S_ISREG(st.st_mode) && has_prisma_ext(e->d_name)) {
            sd_vec_push(a, files, path);
        }
    }
    closedir(dh);
}

PslSchema *sd_psl_load(SdArena *a, SdDiags *diags, const char *path)
{
    return sd_psl_load_in(a, a, diags, path);
}

PslSchema *sd_psl_load_in(SdArena *a, SdArena *nodes, SdDiags *diags, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        sd_error(diags, sd_loc_file(sd_source_new(a, path, "", 0)), "could not read schema: %s",
                 strerror(errno));
        return NULL;
    }
    PslSchema *schema = sd_alloc(nodes, sizeof *schema);
    if (!S_ISDIR(st.st_mode)) {
        SdSource *src = sd_source_read(a, diags, path);
        if (!src)
            return NULL;
        sd_psl_parse_in(a, nodes, diags, src, schema);
        return schema;
    }
    SdVec files = {0};
    collect(a, diags, path, &files, 0);
    if (!files.len) {
        SdDiag *g = sd_error(diags, sd_loc_file(sd_source_new(a, path, "", 0)),
                             "no .prisma files in folder %s", path);
        g->hint = "A schema folder holds one or more files whose names end in .prisma.";
        return NULL;
    }
    sd_vec_sort(&files, path_cmp);
    for (size_t i = 0; i < files.len; i++) {
        SdSource *src = sd_source_read(a, diags, files.items[i]);
        if (src)
            sd_psl_parse_in(a, nodes, diags, src, schema);
    }
    return schema;
}

const PslAttr *sd_psl_find_attr(const SdVec *attrs, const char *name)
{
    for (size_t i = 0; i < attrs->len; i++) {
        const PslAttr *at = attrs->items[i];
        if (sd_streq(at->name, name))
            return at;
    }
    return NULL;
}

const PslArg *sd_psl_find_arg(const PslAttr *attr, const char *name)
{
    if (!attr)
        return NULL;
    for (size_t i = 0; i < attr->args.len; i++) {
        const PslArg *arg = attr->args.items[i];
        if (arg->name && sd_streq(arg->name, name))
            return arg;
    }
    return NULL;
}

const PslArg *sd_psl_positional(const PslAttr *attr, size_t i)
{
    if (!attr)
        return NULL;
    for (size_t k = 0; k < attr->args.len; k++) {
        const PslArg *arg = attr->args.items[k];
        if (!arg->name && i-- == 0)
            return arg;
    }
    return NULL;
}

const PslBlock *sd_psl_datasource(const PslSchema *schema)
{
    if (!schema)
        return NULL;
    for (size_t i = 0; i < schema->blocks.len; i++) {
        const PslBlock *b = schema->blocks.items[i];
        if (b->kind == PSL_BLOCK_DATASOURCE)
            return b;
    }
    return NULL;
}

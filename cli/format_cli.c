/* format_cli.c: `schemadiff format` (see format_cli.h): reads every file first and
 * formats it in memory, so that a bad file stops the run before anything is written. */
#include "format_cli.h"

#include "../parser/psl_format.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FMT_OK = 0, FMT_UNFORMATTED = 1, FMT_ERROR = 2 };

static bool is_prisma_name(const char *name)
{
    size_t n = strlen(name);
    return n > 7 && strcmp(name + n - 7, ".prisma") == 0;
}

static int path_cmp(const void *a, const void *b) { return strcmp(a, b); }

/* Every *.prisma file under dir (recursively, as sd_psl_load reads a schema folder);
 * depth bounds symlink loops. */
static void collect(SdRun *run, const char *dir, SdVec *files, int depth)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        sd_error(&run->diags, sd_loc_file(sd_source_new(run->arena, dir, "", 0)), "could not open folder: %s",
                 strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        char *path = sd_printf(run->arena, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth < 32)
                collect(run, path, files, depth + 1);
        } else if (S_ISREG(st.st_mode) && is_prisma_name(e->d_name)) {
            sd_vec_push(run->arena, files, path);
        }
    }
    closedir(dh);
}

/* Writes text to path through a temporary file in the same folder (same mode), then
 * renames it over path: a reader never sees half a schema. */
static bool write_file(SdRun *run, const char *path, const SdBuf *text)
{
    const char *slash = strrchr(path, '/');
    char *tmp = slash ? sd_printf(run->arena, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                      : sd_printf(run->arena, ".%s.XXXXXX", path);
    struct stat st;
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (ok) {
        FILE *out = fdopen(fd, "w");
        ok = out && fwrite(text->data ? text->data : "", 1, text->len, out) == text->len;
        if (out)
            ok = fclose(out) == 0 && ok;
        else
            close(fd);
        if (ok && stat(path, &st) == 0)
            ok = chmod(tmp, st.st_mode & 07777) == 0;
        ok = ok && rename(tmp, path) == 0;
        if (!ok)
            unlink(tmp);
    }
    if (!ok)
        sd_error(&run->diags, sd_loc_file(sd_source_new(run->arena, path, "", 0)), "could not write: %s",
                 strerror(errno));
    return ok;
}

int sd_format_cli(SdRun *run, const char *schema, SdFormatMode mode)
{
    struct stat st;
    if (stat(schema, &st) != 0) {
        sd_error(&run->diags, sd_loc_file(sd_source_new(run->arena, schema, "", 0)), "could not read schema: %s",
                 strerror(errno));
        return FMT_ERROR;
    }
    SdVec files = {0};
    if (S_ISDIR(st.st_mode)) {
        collect(run, schema, &files, 0);
        if (!files.len && !sd_diags_errors(&run->diags)) {
            SdDiag *g = sd_error(&run->diags, sd_loc_file(sd_source_new(run->arena, schema, "", 0)),
                                 "no .prisma files in folder %s", schema);
            g->hint = "A schema folder holds one or more files whose names end in .prisma.";
        }
        sd_vec_sort(&files, path_cmp);
    } else {
        sd_vec_push(run->arena, &files, (void *)schema);
    }
    if (mode == SD_FORMAT_PRINT && files.len > 1) {
        SdDiag *g = sd_error(&run->diags, sd_loc_file(sd_source_new(run->arena, schema, "", 0)),
                             "schema folder holds %u files: cannot print them as one", files.len);
        g->hint = "Use --write to format them in place, or --check to list the ones not formatted.";
    }
    if (sd_diags_errors(&run->diags))
        return FMT_ERROR;
    SdBuf *out = sd_alloc(run->arena, files.len * sizeof *out);
    bool *changed = sd_alloc(run->arena, files.len * sizeof *changed);
    for (size_t i = 0; i < files.len; i++) {
        SdSource *src = sd_source_read(run->arena, &run->diags, files.items[i]);
        if (src && sd_psl_format(run->arena, &run->diags, src, &out[i]))
            changed[i] = out[i].len != src->len || memcmp(out[i].data, src->text, src->len) != 0;
    }
    int status = FMT_OK;
    if (sd_diags_errors(&run->diags)) {
        status = FMT_ERROR;
    } else if (mode == SD_FORMAT_PRINT) {
        if (fwrite(out[0].data, 1, out[0].len, stdout) != out[0].len || fflush(stdout) != 0) {
            fprintf(stderr, "schemadiff: standard output: write failed: %s\n", strerror(errno));
            status = FMT_ERROR;
        }
    } else {
        for (size_t i = 0; i < files.len; i++) {
            if (!changed[i])
                continue;
            if (mode == SD_FORMAT_CHECK) {
                fprintf(stderr, "%s: not formatted\n", (const char *)files.items[i]);
                status = FMT_UNFORMATTED;
            } else if (!write_file(run, files.items[i], &out[i])) {
                status = FMT_ERROR;
            }
        }
    }
    for (size_t i = 0; i < files.len; i++)
        sd_buf_free(&out[i]);
    return status;
}

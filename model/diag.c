/* diag.c: recording and printing located diagnostics (see diag.h). */
#include "diag.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void sd_diags_init(SdDiags *d, SdArena *arena)
{
    memset(d, 0, sizeof *d);
    d->arena = arena;
}

void sd_diags_insert(SdDiags *d, uint32_t at, const SdDiags *from)
{
    uint32_t n = from->list.len;
    if (n) {
        for (uint32_t i = 0; i < n; i++) /* room at the end, then moved to `at` */
            sd_vec_push(d->arena, &d->list, NULL);
        memmove(&d->list.items[at + n], &d->list.items[at], (d->list.len - n - at) * sizeof(void *));
        memcpy(&d->list.items[at], from->list.items, n * sizeof(void *));
    }
    d->nerrors += from->nerrors;
    d->nwarnings += from->nwarnings;
}

SdDiag *sd_diag_add(SdDiags *d, SdDiagLevel lvl, SdLoc loc, const char *fmt, va_list ap)
{
    SdDiag *g = sd_alloc(d->arena, sizeof *g);
    g->level = lvl;
    g->loc = loc;
    g->msg = sd_vprintf(d->arena, fmt, ap);
    int max = d->max_errors ? d->max_errors : 100;
    if (lvl == SD_DIAG_ERROR) {
        d->nerrors++;
        if (d->nerrors > max)
            return g; /* counted, not listed */
    } else if (lvl == SD_DIAG_WARNING) {
        d->nwarnings++;
    }
    sd_vec_push(d->arena, &d->list, g);
    return g;
}

#define DIAG_FN(fn, lvl)                                                                           \
    SdDiag *fn(SdDiags *d, SdLoc loc, const char *fmt, ...)                                        \
    {                                                                                              \
        va_list ap;                                                                                \
        va_start(ap, fmt);                                                                         \
        SdDiag *g = sd_diag_add(d, lvl, loc, fmt, ap);                                             \
        va_end(ap);                                                                                \
        return g;                                                                                  \
    }
DIAG_FN(sd_error, SD_DIAG_ERROR)
DIAG_FN(sd_warning, SD_DIAG_WARNING)
DIAG_FN(sd_notice, SD_DIAG_NOTICE)

static const char *level_name(SdDiagLevel l)
{
    switch (l) {
    case SD_DIAG_ERROR: return "error";
    case SD_DIAG_WARNING: return "warning";
    case SD_DIAG_NOTICE: return "notice";
    }
    sd_unreachable("diag level");
}

/* Prints the source line of loc with a caret line under it. Control bytes
 * and invalid UTF-8 in the line print as '?', so a broken file never garbles
 * the terminal. */
static void print_excerpt(FILE *out, SdLoc loc)
{
    const SdSource *s = loc.src;
    if (!s || !loc.line || loc.offset > s->len)
        return;
    size_t start = loc.offset, end = loc.offset;
    while (start > 0 && s->text[start - 1] != '\n')
        start--;
    while (end < s->len && s->text[end] != '\n' && s->text[end] != '\r')
        end++;
    if (end - start > 400) { /* very long line: show a window around the place */
        size_t from = loc.offset > start + 200 ? loc.offset - 200 : start;
        size_t to = from + 400 < end ? from + 400 : end;
        start = from, end = to;
    }
    char num[16];
    int w = sd_snprintf(num, sizeof num, "%u", loc.line);
    fprintf(out, " %s | ", num);
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)s->text[i];
        fputc(c == '\t' ? ' ' : (c < 0x20 || c == 0x7f) ? '?' : (int)c, out);
    }
    fprintf(out, "\n %*s | ", w, "");
    size_t caret = loc.offset - start;
    for (size_t i = 0; i < caret; i++) {
        unsigned char c = (unsigned char)s->text[start + i];
        if ((c & 0xC0) != 0x80) /* one column per character, not per byte */
            fputc(' ', out);
    }
    fputc('^', out);
    for (uint32_t i = 1; i < loc.len && loc.offset + i < end; i++)
        if (((unsigned char)s->text[loc.offset + i] & 0xC0) != 0x80)
            fputc('~', out);
    fputc('\n', out);
}

static void print_place(FILE *out, SdLoc loc)
{
    if (loc.src && loc.line)
        fprintf(out, "%s:%u:%u: ", loc.src->path, loc.line, loc.col);
    else if (loc.src)
        fprintf(out, "%s: ", loc.src->path);
}

void sd_diags_print(const SdDiags *d, FILE *out, bool quiet)
{
    for (size_t i = 0; i < d->list.len; i++) {
        const SdDiag *g = d->list.items[i];
        if (quiet && g->level != SD_DIAG_ERROR)
            continue;
        print_place(out, g->loc);
        fprintf(out, "%s: %s\n", level_name(g->level), g->msg);
        print_excerpt(out, g->loc);
        if (g->statement)
            fprintf(out, "statement: %s\n", g->statement);
        if (g->detail)
            fprintf(out, "detail: %s\n", g->detail);
        if (g->hint)
            fprintf(out, "hint: %s\n", g->hint);
        if (g->loc2.src) {
            print_place(out, g->loc2);
            fprintf(out, "note: %s\n", g->loc2_note ? g->loc2_note : "see here");
            print_excerpt(out, g->loc2);
        }
    }
    int max = d->max_errors ? d->max_errors : 100;
    if (d->nerrors > max)
        fprintf(out, "schemadiff: %d more errors not shown\n", d->nerrors - max);
}

static int diag_cmp(const void *pa, const void *pb)
{
    const SdDiag *a = pa, *b = pb;
    const char *fa = a->loc.src ? a->loc.src->path : "", *fb = b->loc.src ? b->loc.src->path : "";
    int c = strcmp(fa, fb);
    if (c)
        return c;
    if (a->loc.line != b->loc.line)
        return a->loc.line < b->loc.line ? -1 : 1;
    if (a->loc.col != b->loc.col)
        return a->loc.col < b->loc.col ? -1 : 1;
    return 0;
}

void sd_diags_sort(SdDiags *d) { sd_vec_sort(&d->list, diag_cmp); }

SdSource *sd_source_new(SdArena *a, const char *path, const char *text, size_t len)
{
    SdSource *s = sd_alloc(a, sizeof *s);
    s->path = sd_strdup(a, path);
    s->text = sd_strndup(a, text, len);
    s->len = len;
    return s;
}

SdLoc sd_loc_file(const SdSource *src) { return (SdLoc){.src = src}; }

SdSource *sd_source_read(SdArena *a, SdDiags *d, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        sd_error(d, sd_loc_file(sd_source_new(a, path, "", 0)), "could not open file: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        sd_error(d, sd_loc_file(sd_source_new(a, path, "", 0)), "is a directory, not a file");
        return NULL;
    }
    SdBuf b = {0};
    bool ok = sd_buf_read_stream(&b, f);
    fclose(f);
    if (!ok) {
        sd_buf_free(&b);
        sd_error(d, sd_loc_file(sd_source_new(a, path, "", 0)), "could not read file");
        return NULL;
    }
    SdSource *s = sd_source_new(a, path, sd_buf_str(&b), b.len);
    sd_buf_free(&b);
    return s;
}

SdLoc sd_loc_at(const SdSource *src, size_t off, uint32_t len)
{
    if (off > src->len)
        off = src->len;
    uint32_t line = 1;
    size_t bol = 0;
    for (size_t i = 0; i < off; i++)
        if (src->text[i] == '\n')
            line++, bol = i + 1;
    uint32_t col = 1;
    for (size_t i = bol; i < off; i++)
        if (((unsigned char)src->text[i] & 0xC0) != 0x80)
            col++;
    return (SdLoc){.src = src, .line = line, .col = col, .len = len, .offset = (uint32_t)off};
}

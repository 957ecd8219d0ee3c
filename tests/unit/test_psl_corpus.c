/* test_psl_corpus.c: every Prisma schema in ../shared/corpus parses without a
 * syntax error, except the files that expect one, where the first error must be
 * on the line Prisma reports.  The corpus is found next to the project root
 * (derived from this file's path); skipped when it is absent. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parser/psl.h"

static char corpus[1024];
static int nfiles, nschemas, nexpected, failures;

/* The files that hold a deliberately invalid line but no expectation block. */
static const struct {
    const char *suffix;
    uint32_t line;
} KNOWN_BAD[] = {
    {"reformatter/catch_all_in_a_block_must_not_influence_table_layout.prisma", 3},
    {"reformatter/catch_all_in_a_block_must_not_influence_table_layout.reformatted.prisma", 3},
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Prisma's syntax messages, as the validation files quote them. */
static bool is_syntax_message(const char *line)
{
    static const char *const msgs[] = {
        "This line is", "This field declaration is invalid", "This block is invalid",
        "Field declarations don't require", "Unknown escape sequence", "Invalid unicode escape",
    };
    for (size_t i = 0; i < SD_ARRAY_LEN(msgs); i++)
        if (strstr(line, msgs[i]))
            return true;
    return false;
}

/* The line of the first expected syntax error in a validation file, or 0. */
static uint32_t expected_syntax_line(const SdSource *src)
{
    const char *p = src->text;
    bool want = false;
    while (p && *p) {
        const char *eol = strchr(p, '\n');
        if (strncmp(p, "// error:", 9) == 0)
            want = is_syntax_message(p);
        const char *arrow = strstr(p, "-->  schema.prisma:");
        if (want && arrow && (!eol || arrow < eol))
            return (uint32_t)atoi(arrow + 19);
        p = eol ? eol + 1 : NULL;
    }
    return 0;
}

static void check_one(const char *path, bool expect_file)
{
    SdArena *a = sd_arena_new();
    SdDiags d;
    sd_diags_init(&d, a);
    PslSchema *s = sd_psl_load(a, &d, path);
    uint32_t want = 0;
    if (s && expect_file && s->sources.len == 1)
        want = expected_syntax_line(s->sources.items[0]);
    for (size_t i = 0; i < SD_ARRAY_LEN(KNOWN_BAD); i++)
        if (ends_with(path, KNOWN_BAD[i].suffix))
            want = KNOWN_BAD[i].line;
    if (want)
        nexpected++;
    uint32_t got = d.list.len ? ((const SdDiag *)d.list.items[0])->loc.line : 0;
    if (!s || got != want) {
        printf("FAIL %s: first syntax error at line %u, want %u\n", path, got, want);
        sd_diags_print(&d, stdout, false);
        failures++;
    }
    sd_arena_free(a);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st, (void)ftw;
    if (type == FTW_F && ends_with(path, ".prisma") && !strstr(path, "/real/")) {
        nfiles++;
        check_one(path, strstr(path, "/validation/") != NULL);
    }
    return 0;
}

static void test_corpus_parses(void **state)
{
    (void)state;
    char real[1100];
    snprintf(real, sizeof real, "%s/real", corpus);
    DIR *dh = opendir(real);
    assert_non_null(dh);
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        char path[1400];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s/schema", real, e->d_name);
        if (stat(path, &st) != 0)
            snprintf(path, sizeof path, "%s/%s/schema.prisma", real, e->d_name);
        nschemas++;
        check_one(path, false);
    }
    closedir(dh);
    nftw(corpus, visit, 16, FTW_PHYS);
    printf("corpus: %d real schemas, %d more .prisma files (%d expecting a syntax error), %d failures\n",
           nschemas, nfiles, nexpected, failures);
    assert_true(nschemas > 0);
    assert_int_equal(failures, 0);
}

int main(void)
{
    /* this file is <root>/tests/unit/test_psl_corpus.c; the corpus is <root>/../shared/corpus */
    snprintf(corpus, sizeof corpus, "%s", __FILE__);
    char *cut = strstr(corpus, "/tests/unit/");
    struct stat st;
    if (cut)
        snprintf(cut, sizeof corpus - (size_t)(cut - corpus), "/../shared/corpus");
    if (!cut || stat(corpus, &st) != 0) {
        printf("skip: no shared corpus next to the project\n");
        return 0;
    }
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_corpus_parses)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}

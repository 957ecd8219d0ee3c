/* diag.h: sources and located diagnostics.
 * Errors are data: every stage records diagnostics in an SdDiags and goes on
 * where it can; main() alone decides the exit status from sd_diags_errors().
 * Printed form (chibicc's verror_at, with PostgreSQL's message style):
 *   schema.prisma:12:5: error: unknown type "Strin"
 *      12 |   name Strin
 *         |        ^~~~~
 *   detail: ...
 *   hint: ... */
#ifndef SD_DIAG_H
#define SD_DIAG_H

#include "base.h"

/* One input text: a file, a migration, a statement given on the command line. */
typedef struct SdSource {
    const char *path; /* as the user named it; "<stdin>" etc. */
    const char *text; /* NUL-terminated copy (may hold inner NULs: use len) */
    size_t len;
} SdSource;

/* A place in a source: 1-based line and column (column counts characters);
 * len is the width of the caret span (0 or 1: a single caret). line 0: no place. */
typedef struct SdLoc {
    const SdSource *src;
    uint32_t line, col, len;
    uint32_t offset; /* byte offset of the place in src->text */
} SdLoc;

typedef enum { SD_DIAG_ERROR, SD_DIAG_WARNING, SD_DIAG_NOTICE } SdDiagLevel;

typedef struct SdDiag {
    SdDiagLevel level;
    SdLoc loc;
    const char *msg;       /* short, lowercase, no trailing period */
    const char *detail;    /* NULL or a full sentence */
    const char *hint;      /* NULL or a full sentence */
    SdLoc loc2;            /* optional second place ("first defined here") */
    const char *loc2_note; /* what loc2 is */
    const char *statement; /* optional SQL statement the message is about */
} SdDiag;

typedef struct SdDiags {
    SdArena *arena;
    SdVec list;     /* SdDiag*, in the order reported */
    int nerrors, nwarnings;
    int max_errors; /* stop recording after this many errors (0: 100) */
} SdDiags;

void sd_diags_init(SdDiags *d, SdArena *arena);
/* Puts the diagnostics of `from` (recorded apart, on another thread say) into d
 * before d's diagnostic number `at` (d->list.len: after all), with their counts.
 * The records stay where from's arena holds them. */
void sd_diags_insert(SdDiags *d, uint32_t at, const SdDiags *from);
/* Record a diagnostic; returns it so detail/hint/loc2 can be set. */
SdDiag *sd_error(SdDiags *d, SdLoc loc, const char *fmt, ...) SD_PRINTF(3, 4);
SdDiag *sd_warning(SdDiags *d, SdLoc loc, const char *fmt, ...) SD_PRINTF(3, 4);
SdDiag *sd_notice(SdDiags *d, SdLoc loc, const char *fmt, ...) SD_PRINTF(3, 4);
SdDiag *sd_diag_add(SdDiags *d, SdDiagLevel lvl, SdLoc loc, const char *fmt, va_list ap);
static inline int sd_diags_errors(const SdDiags *d) { return d->nerrors; }
/* Prints every diagnostic with its source line and caret; warnings and
 * notices too unless quiet. */
void sd_diags_print(const SdDiags *d, FILE *out, bool quiet);
/* Sorts diagnostics by source, line and column (stable), as Prisma lists them. */
void sd_diags_sort(SdDiags *d);

/* Reads a whole file into the arena. On failure records an error (with
 * strerror) at a locationless SdLoc naming the path and returns NULL. */
SdSource *sd_source_read(SdArena *a, SdDiags *d, const char *path);
/* A source from memory (copied). */
SdSource *sd_source_new(SdArena *a, const char *path, const char *text, size_t len);
/* The place of byte offset off in src. O(off): lexers track line and column
 * themselves and build SdLoc directly; this is for rare, late lookups. */
SdLoc sd_loc_at(const SdSource *src, size_t off, uint32_t len);
/* A place with no line: prints as "path: error: ...". */
SdLoc sd_loc_file(const SdSource *src);

#endif

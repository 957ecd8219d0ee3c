/* sd_replay_all.c: bench/replay.sh's replay side in one process, as its bare-parse side
 * (bench/parse_only.c) is: for each migrations folder named on the command line, what
 * `schemadiff dump DIR` does (replay every migration, sort, print the dump, here into a
 * buffer), each in a fresh arena.  Prints the folders, the migrations' total size is
 * bench/replay.sh's business; the time is its caller's.  Exit 0 even when a history
 * stops (a replay error is a corpus fact, as in the CLI run), 2 on bad usage. */
#include "model/base.h"
#include "model/diag.h"
#include "model/ir.h"
#include "parser/sql.h"

#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: sd_replay_all MIGRATIONS_DIR...\n", stderr);
        return 2;
    }
    size_t bytes = 0;
    int stopped = 0;
    for (int i = 1; i < argc; i++) {
        SdArena *a = sd_arena_new();
        SdDiags d;
        sd_diags_init(&d, a);
        SdCatalog *cat = sd_sql_replay_migrations(a, &d, argv[i], 0);
        if (cat) {
            sd_catalog_sort(cat);
            SdBuf out = {0};
            sd_catalog_dump(cat, &out);
            bytes += out.len;
            sd_buf_free(&out);
        } else {
            stopped++;
        }
        sd_arena_free(a);
    }
    printf("%d folders replayed (%d stopped on an error), %zu bytes of dump\n", argc - 1, stopped, bytes);
    return 0;
}

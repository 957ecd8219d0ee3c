/* parse_only.c: the floor for bench/replay.sh.  Reads each file named on the
 * command line (or one path a line from stdin with -, from FILE with @FILE) and only calls
 * pg_query_parse_protobuf on it, as the SQL replay does before interpreting.
 * Prints the files parsed and the wall time in milliseconds. */
#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int parse_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    size_t got = fread(buf, 1, (size_t)n, f);
    buf[got] = '\0';
    fclose(f);
    PgQueryProtobufParseResult r = pg_query_parse_protobuf(buf);
    int err = r.error != NULL;
    pg_query_free_protobuf_parse_result(r);
    free(buf);
    return err;
}

int main(int argc, char **argv)
{
    double t0 = now_ms();
    int files = 0, errors = 0;
    char line[8192];
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-") != 0 && argv[i][0] != '@') {
            errors += parse_file(argv[i]) != 0, files++;
            continue;
        }
        FILE *list = argv[i][0] == '@' ? fopen(argv[i] + 1, "r") : stdin;
        if (!list)
            return 1;
        while (fgets(line, sizeof line, list)) {
            line[strcspn(line, "\n")] = '\0';
            if (*line)
                errors += parse_file(line) != 0, files++;
        }
        if (list != stdin)
            fclose(list);
    }
    printf("%d files (%d with errors) %.1f ms\n", files, errors, now_ms() - t0);
    return 0;
}

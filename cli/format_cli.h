/* format_cli.h: `schemadiff format`: the files of a schema argument formatted as
 * Prisma formats them, printed, rewritten or checked (cli/format_cli.c). */
#ifndef SD_FORMAT_CLI_H
#define SD_FORMAT_CLI_H

#include "cli.h"

typedef enum { SD_FORMAT_PRINT, SD_FORMAT_WRITE, SD_FORMAT_CHECK } SdFormatMode;

/* Formats SCHEMA (a .prisma file, or a folder: every .prisma file under it).
 * PRINT writes the formatted text to standard output (a folder must hold one file);
 * WRITE rewrites the files that change (a temporary file in the same folder, then
 * rename); CHECK writes nothing and names the files that are not formatted on stderr.
 * Errors are recorded in run->diags (nothing is written then).  Returns 0, 1 (CHECK:
 * some file is not formatted) or 2 (an error). */
int sd_format_cli(SdRun *run, const char *schema, SdFormatMode mode);

#endif

/* psl_format.h: `schemadiff format`, Prisma's schema formatter (prisma format), layout
 * only: the same bytes Prisma 7 writes, without adding missing relation fields.
 * See docs/format.md for the rules. */
#ifndef SD_PSL_FORMAT_H
#define SD_PSL_FORMAT_H

#include "../model/diag.h"

/* Appends the formatted text of src to out.  Formatting itself never fails: what
 * does not parse is kept as written.  The one error is an encoding error (invalid
 * UTF-8 or a NUL byte), recorded in d as the validator records it
 * (sd_psl_check_encoding); then nothing is appended and false is returned.
 * Scratch memory comes from a (the caller's arena); out is the caller's. */
bool sd_psl_format(SdArena *a, SdDiags *d, const SdSource *src, SdBuf *out);

#endif

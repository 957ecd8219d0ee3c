/* PLACEHOLDER: replaced by the Prisma validator. */
#include "psl.h"
void sd_psl_validate(SdArena *a, SdDiags *diags, const PslSchema *schema) { (void)a; (void)diags; (void)schema; }

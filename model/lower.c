/* PLACEHOLDER: replaced by the Prisma -> PostgreSQL lowering. */
#include "../parser/psl.h"
SdCatalog *sd_psl_lower(SdArena *a, SdDiags *diags, const PslSchema *schema)
{ (void)schema; sd_error(diags, (SdLoc){0}, "lowering not implemented"); return sd_catalog_new(a, "prisma"); }

/* PLACEHOLDER: replaced by the diff engine. */
#include "diff.h"
SdPlan *sd_diff(SdArena *a, SdDiags *diags, const SdCatalog *from, const SdCatalog *to, const SdDiffOptions *opts)
{ (void)diags; (void)from; (void)to; (void)opts; return sd_alloc(a, sizeof(SdPlan)); }

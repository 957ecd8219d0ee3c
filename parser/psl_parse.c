/* PLACEHOLDER: replaced by the Prisma lexer/parser. */
#include "psl.h"
void sd_psl_parse(SdArena *a, SdDiags *diags, const SdSource *src, PslSchema *schema)
{ (void)a; (void)schema; sd_error(diags, sd_loc_file(src), "not implemented"); }
PslSchema *sd_psl_load(SdArena *a, SdDiags *diags, const char *path)
{ sd_error(diags, sd_loc_file(sd_source_new(a, path, "", 0)), "not implemented"); return NULL; }
const PslAttr *sd_psl_find_attr(const SdVec *attrs, const char *name) { (void)attrs; (void)name; return NULL; }
const PslArg *sd_psl_find_arg(const PslAttr *attr, const char *name) { (void)attr; (void)name; return NULL; }
const PslArg *sd_psl_positional(const PslAttr *attr, size_t i) { (void)attr; (void)i; return NULL; }
const PslBlock *sd_psl_datasource(const PslSchema *schema) { (void)schema; return NULL; }

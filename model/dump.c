/* PLACEHOLDER: replaced by the canonical dump. */
#include "ir.h"
void sd_catalog_dump(const SdCatalog *c, SdBuf *out) { (void)c; sd_buf_puts(out, ""); }
void sd_catalog_dump_json(const SdCatalog *c, SdBuf *out) { (void)c; sd_buf_puts(out, "{}\n"); }

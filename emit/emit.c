/* PLACEHOLDER: replaced by the SQL emitter. */
#include "emit.h"
void sd_emit_sql(const SdPlan *plan, const SdEmitOptions *opts, SdBuf *out) { (void)plan; (void)opts; (void)out; }

/* diffint.h: what the diff's own files share (not for other stages).
 * diff.c matches the two catalogs and makes operations; order.c puts them in
 * execution order (pg_dump_sort.c's idea: a stable base order, then a
 * topological sort on dependencies that disturbs it as little as possible). */
#ifndef SD_DIFFINT_H
#define SD_DIFFINT_H

#include "diff.h"

/* Sorts plan->ops into execution order.  Records an error naming the
 * objects of a dependency cycle it cannot break. */
void sd_order_ops(SdArena *a, SdDiags *diags, SdPlan *plan);

/* Compares two objects in the declaring source's order: Prisma's order for
 * a Prisma catalog (models in file and line order, implicit many-to-many
 * tables after them), statement order for SQL, then schema and name. */
int sd_object_order_cmp(const SdObject *a, const SdObject *b);

#endif

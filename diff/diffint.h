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

/* Renames (rename.c): FROM objects that become TO objects under another name,
 * from Prisma names (both sides Prisma schemas) and --rename hints. */
typedef struct SdRenames {
    SdArena *a;
    SdMap tables, tables_rev;   /* TO key -> FROM SdTable*; FROM key -> TO SdTable* */
    SdMap columns, columns_rev; /* TO "schema.table.col" -> FROM SdColumn*; and back */
    SdMap col_tables, col_tables_rev; /* TO / FROM tables with a renamed column: asked first */
    SdMap enums, enums_rev;     /* TO key -> FROM SdEnum*; and back */
    size_t count;               /* 0: no renames (every lookup answers at once) */
} SdRenames;

/* Finds the renames; records errors for hints that name nothing or clash. */
void sd_renames_find(SdArena *a, SdDiags *diags, const SdCatalog *from, const SdCatalog *to,
                     const SdDiffOptions *opts, SdRenames *r);
/* The other side's object of a renamed one; NULL when not renamed. */
const SdTable *sd_rename_table_from(const SdRenames *r, const SdTable *ta);
const SdTable *sd_rename_table_to(const SdRenames *r, const SdTable *tb);
const SdColumn *sd_rename_column_from(const SdRenames *r, const SdTable *ta, const SdColumn *ca);
const SdColumn *sd_rename_column_to(const SdRenames *r, const SdTable *tb, const SdColumn *cb);
const SdEnum *sd_rename_enum_from(const SdRenames *r, const SdEnum *ea);
const SdEnum *sd_rename_enum_to(const SdRenames *r, const SdEnum *eb);
/* TO's name of a FROM table or column (the same name when not renamed). */
const char *sd_rename_table_name(const SdRenames *r, const char *schema, const char *name);
const char *sd_rename_column_name(const SdRenames *r, const char *schema, const char *table, const char *column);
/* FROM's definitions in TO's names (the object itself when nothing changes),
 * so that a renamed column's index or foreign key compares equal. */
const SdConstraint *sd_rename_constraint(const SdRenames *r, const SdTable *tb, const SdConstraint *kb);
const SdIndex *sd_rename_index(const SdRenames *r, const SdIndex *ib);
SdType sd_rename_type(const SdRenames *r, const SdCatalog *from, const SdType *t);

#endif

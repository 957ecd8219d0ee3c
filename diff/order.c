/* order.c: puts a plan's operations in execution order, as pg_dump_sort.c
 * does: first a stable base order (a rank per operation kind that follows
 * Prisma's migration.sql section order, then the source's own order of the
 * objects), then a topological sort on dependencies that moves an operation
 * only when something it needs comes later.
 *
 * Prisma's order, found by comparing its output with the corpus
 * (prisma-from-empty.sql of every corpus project, and prisma-diff):
 *   schemas and extensions by name; enums and tables in declaration order
 *   (files by path, then position; implicit many-to-many tables after every
 *   model, in the order of their first relation field); indexes grouped by
 *   table in table order, and in a table field-level @unique first, then
 *   @@index, then @@unique, each in source order; foreign keys grouped by
 *   table, in relation-field order. */
#include "diffint.h"

#include <string.h>

/* Execution rank of each operation kind: lower runs first.  Dependents are
 * dropped before what they depend on; types before the tables using them;
 * foreign keys after every table exists. */
enum {
    R_SCHEMA = 1, R_EXTENSION, R_ENUM, R_DROP_DEPENDENT, R_DROP_FK, R_DROP_INDEX, R_TYPE, R_RENAME, R_RENAME_INDEX,
    R_ALTER_TABLE, R_DROP_TABLE, R_CREATE_TABLE, R_CREATE_INDEX, R_ADD_FK, R_CREATE_DEPENDENT, R_DROP_TYPE,
    R_DROP_EXTENSION, R_DROP_SCHEMA,
};

static const unsigned char RANK[SD_OP__COUNT] = {
    [SD_OP_CREATE_SCHEMA] = R_SCHEMA,
    [SD_OP_DROP_SCHEMA] = R_DROP_SCHEMA,
    [SD_OP_CREATE_EXTENSION] = R_EXTENSION,
    [SD_OP_ALTER_EXTENSION] = R_EXTENSION,
    [SD_OP_DROP_EXTENSION] = R_DROP_EXTENSION,
    [SD_OP_CREATE_ENUM] = R_ENUM,
    [SD_OP_DROP_ENUM] = R_DROP_TYPE,
    [SD_OP_RENAME_ENUM] = R_ENUM,
    [SD_OP_ADD_ENUM_VALUE] = R_ENUM,
    [SD_OP_RENAME_ENUM_VALUE] = R_ENUM,
    [SD_OP_RECREATE_ENUM] = R_ENUM,
    [SD_OP_CREATE_SEQUENCE] = R_TYPE,
    [SD_OP_DROP_SEQUENCE] = R_DROP_TYPE,
    [SD_OP_ALTER_SEQUENCE] = R_TYPE,
    [SD_OP_RENAME_SEQUENCE] = R_RENAME,
    [SD_OP_CREATE_TABLE] = R_CREATE_TABLE,
    [SD_OP_DROP_TABLE] = R_DROP_TABLE,
    [SD_OP_RENAME_TABLE] = R_RENAME,
    [SD_OP_ADD_COLUMN] = R_ALTER_TABLE,
    [SD_OP_DROP_COLUMN] = R_ALTER_TABLE,
    [SD_OP_RENAME_COLUMN] = R_RENAME,
    [SD_OP_ALTER_COLUMN_TYPE] = R_ALTER_TABLE,
    [SD_OP_SET_NOT_NULL] = R_ALTER_TABLE,
    [SD_OP_DROP_NOT_NULL] = R_ALTER_TABLE,
    [SD_OP_SET_DEFAULT] = R_ALTER_TABLE,
    [SD_OP_DROP_DEFAULT] = R_ALTER_TABLE,
    [SD_OP_ALTER_IDENTITY] = R_ALTER_TABLE,
    [SD_OP_ADD_PRIMARY_KEY] = R_ALTER_TABLE,
    [SD_OP_DROP_PRIMARY_KEY] = R_ALTER_TABLE,
    [SD_OP_ADD_UNIQUE] = R_ALTER_TABLE,
    [SD_OP_DROP_UNIQUE] = R_DROP_INDEX,
    [SD_OP_ADD_FOREIGN_KEY] = R_ADD_FK,
    [SD_OP_DROP_FOREIGN_KEY] = R_DROP_FK,
    [SD_OP_ADD_CHECK] = R_ALTER_TABLE,
    [SD_OP_DROP_CHECK] = R_DROP_INDEX,
    [SD_OP_ADD_EXCLUSION] = R_ALTER_TABLE,
    [SD_OP_DROP_EXCLUSION] = R_DROP_INDEX,
    [SD_OP_VALIDATE_CONSTRAINT] = R_ADD_FK,
    [SD_OP_RENAME_CONSTRAINT] = R_RENAME,
    [SD_OP_CREATE_INDEX] = R_CREATE_INDEX,
    [SD_OP_DROP_INDEX] = R_DROP_INDEX,
    [SD_OP_RENAME_INDEX] = R_RENAME_INDEX, /* Prisma: after the constraints' renames */
    [SD_OP_CREATE_VIEW] = R_CREATE_DEPENDENT,
    [SD_OP_DROP_VIEW] = R_DROP_DEPENDENT,
    [SD_OP_REPLACE_VIEW] = R_CREATE_DEPENDENT,
    [SD_OP_CREATE_FUNCTION] = R_TYPE,
    [SD_OP_DROP_FUNCTION] = R_DROP_TYPE,
    [SD_OP_REPLACE_FUNCTION] = R_TYPE,
    [SD_OP_CREATE_TRIGGER] = R_CREATE_DEPENDENT,
    [SD_OP_DROP_TRIGGER] = R_DROP_DEPENDENT,
    [SD_OP_CREATE_TYPE] = R_TYPE,
    [SD_OP_DROP_TYPE] = R_DROP_TYPE,
    [SD_OP_CREATE_OPAQUE] = R_CREATE_DEPENDENT,
    [SD_OP_DROP_OPAQUE] = R_DROP_DEPENDENT,
    [SD_OP_SET_COMMENT] = R_CREATE_DEPENDENT,
    [SD_OP_BACKFILL] = R_ALTER_TABLE,
};

static int rank_of(SdOpKind k)
{
    if (!RANK[k])
        sd_unreachable("operation kind without an execution rank");
    return RANK[k];
}

const SdObject *sd_op_object(const SdOp *op)
{
    if (op->table_after)
        return &op->table_after->obj;
    if (op->table_before)
        return &op->table_before->obj;
    return op->after ? op->after : op->before;
}

/* ---- the source's order ---- */

/* An implicit many-to-many table of Prisma: "_Name" with exactly "A" and "B". */
static bool is_join_table(const SdTable *t)
{
    if (t->obj.name[0] != '_' || t->columns.len != 2)
        return false;
    const SdColumn *a = t->columns.items[0], *b = t->columns.items[1];
    return strcmp(a->name, "A") == 0 && strcmp(b->name, "B") == 0;
}

static bool text_at(const SdLoc *l, const char *word)
{
    size_t n = strlen(word);
    return l->src && l->src->text && l->offset + n <= l->src->len && strncmp(l->src->text + l->offset, word, n) == 0;
}

/* Prisma's groups within a kind: models before join tables; in a table,
 * field-level @unique before @@index before @@unique. */
static int group_of(const SdObject *o)
{
    if (o->kind == SD_OBJ_TABLE)
        return is_join_table((const SdTable *)o);
    if (o->kind == SD_OBJ_INDEX)
        return text_at(&o->loc, "@@unique") ? 2 : text_at(&o->loc, "@@index") ? 1 : 0;
    return 0;
}

static int loc_cmp(const SdLoc *a, const SdLoc *b)
{
    bool ha = a->line && a->src, hb = b->line && b->src;
    if (ha != hb)
        return ha ? -1 : 1;
    if (!ha)
        return 0;
    if (a->src != b->src) {
        int c = sd_strcmp0(a->src->path, b->src->path);
        if (c)
            return c;
    }
    return a->offset < b->offset ? -1 : a->offset > b->offset;
}

int sd_object_order_cmp(const SdObject *a, const SdObject *b)
{
    if (a->kind != b->kind)
        return a->kind < b->kind ? -1 : 1;
    if (a->kind == SD_OBJ_SCHEMA || a->kind == SD_OBJ_EXTENSION) /* Prisma sorts these by name */
        return strcmp(a->name, b->name);
    int ga = group_of(a), gb = group_of(b);
    if (ga != gb)
        return ga < gb ? -1 : 1;
    int c = loc_cmp(&a->loc, &b->loc);
    if (!c)
        c = sd_strcmp0(a->schema, b->schema);
    return c ? c : strcmp(a->name, b->name);
}

static const SdConstraint *op_constraint(const SdOp *op) { return op->con_after ? op->con_after : op->con_before; }

/* Within one table's ALTER TABLE: the primary key is dropped before any column
 * (a dropped key column takes the key with it, and DROP CONSTRAINT would then
 * fail) and added after every column (Prisma's order). */
static int clause_order(SdOpKind k)
{
    return k == SD_OP_DROP_PRIMARY_KEY ? -1 : k == SD_OP_ADD_PRIMARY_KEY ? 1 : 0;
}

static int op_cmp(const void *pa, const void *pb)
{
    const SdOp *a = pa, *b = pb;
    int ra = rank_of(a->kind), rb = rank_of(b->kind);
    if (ra != rb)
        return ra < rb ? -1 : 1;
    int c = sd_object_order_cmp(sd_op_object(a), sd_op_object(b));
    if (c)
        return c;
    int ca = clause_order(a->kind), cb = clause_order(b->kind);
    if (ca != cb)
        return ca < cb ? -1 : 1;
    /* the same table: its indexes, then its constraints, in source order */
    const SdObject *oa = a->after ? a->after : a->before, *ob = b->after ? b->after : b->before;
    if (oa && ob && oa->kind == SD_OBJ_INDEX && ob->kind == SD_OBJ_INDEX)
        return sd_object_order_cmp(oa, ob);
    const SdConstraint *ka = op_constraint(a), *kb = op_constraint(b);
    if (ka && kb) {
        c = loc_cmp(&ka->loc, &kb->loc);
        return c ? c : strcmp(ka->name, kb->name);
    }
    return 0; /* stable: the diff's own order (columns in table order) */
}

/* ---- dependencies ---- */

typedef struct Graph {
    SdArena *a;
    SdMap providers;   /* object key -> op index + 1 */
    size_t n;
    SdVec *succ;       /* per op: successor indexes + 1 */
    size_t *indegree;
} Graph;

static const char *obj_key(SdArena *a, SdObjKind kind, const char *schema, const char *name)
{
    char buf[300];
    if (sd_catalog_key(buf, sizeof buf, kind, schema, name))
        return sd_strdup(a, buf);
    return sd_printf(a, "%d:%s.%s", (int)kind, schema ? schema : "", name);
}

static void edge(Graph *g, size_t from, size_t to)
{
    if (from == to)
        return;
    sd_vec_push(g->a, &g->succ[from], (void *)(uintptr_t)(to + 1));
    g->indegree[to]++;
}

/* op i needs the object (kind, schema, name): after its creation. */
static void need(Graph *g, size_t i, SdObjKind kind, const char *schema, const char *name)
{
    if (!name)
        return;
    char buf[300];
    const char *key = sd_catalog_key(buf, sizeof buf, kind, schema, name) ? buf : obj_key(g->a, kind, schema, name);
    uintptr_t p = (uintptr_t)sd_map_get(&g->providers, key);
    if (p)
        edge(g, p - 1, i);
}

static void need_column_types(Graph *g, size_t i, const SdColumn *col)
{
    if (col && col->type.is_enum)
        need(g, i, SD_OBJ_ENUM, col->type.schema, col->type.name);
}

static bool is_rename(SdOpKind k)
{
    switch (k) {
    case SD_OP_RENAME_TABLE: case SD_OP_RENAME_COLUMN: case SD_OP_RENAME_CONSTRAINT: case SD_OP_RENAME_INDEX:
    case SD_OP_RENAME_ENUM: case SD_OP_RENAME_ENUM_VALUE: case SD_OP_RENAME_SEQUENCE:
        return true;
    default:
        return false;
    }
}

static void add_needs(Graph *g, size_t i, const SdOp *op)
{
    /* A rename needs nothing: its object exists already.  Keeping it at its
     * rank keeps the names right: what runs before it uses the old name,
     * what runs after it the new one. */
    if (is_rename(op->kind))
        return;
    const SdObject *o = op->after;
    if (o && o->schema && o->kind != SD_OBJ_EXTENSION)
        need(g, i, SD_OBJ_SCHEMA, NULL, o->schema);
    for (size_t k = 0; o && k < o->deps.len; k++) {
        const SdObject *dep = o->deps.items[k];
        need(g, i, dep->kind, dep->kind == SD_OBJ_SCHEMA ? NULL : dep->schema, dep->name);
    }
    const SdTable *t = op->table_after;
    if (t && op->kind != SD_OP_CREATE_TABLE)
        need(g, i, SD_OBJ_TABLE, t->obj.schema, t->obj.name);
    if (op->kind == SD_OP_CREATE_TABLE)
        for (size_t k = 0; k < t->columns.len; k++)
            need_column_types(g, i, t->columns.items[k]);
    need_column_types(g, i, op->col_after);
    if (op->con_after && op->con_after->kind == SD_CON_FOREIGN)
        need(g, i, SD_OBJ_TABLE, op->con_after->ref_schema, op->con_after->ref_table);
}

static bool creates(SdOpKind k)
{
    switch (k) {
    case SD_OP_CREATE_SCHEMA: case SD_OP_CREATE_EXTENSION: case SD_OP_CREATE_ENUM: case SD_OP_CREATE_SEQUENCE:
    case SD_OP_CREATE_TABLE: case SD_OP_CREATE_INDEX: case SD_OP_CREATE_VIEW: case SD_OP_CREATE_FUNCTION:
    case SD_OP_CREATE_TRIGGER: case SD_OP_CREATE_TYPE: case SD_OP_CREATE_OPAQUE:
        return true;
    default:
        return false;
    }
}

static void build_graph(Graph *g, const SdPlan *plan)
{
    g->n = plan->ops.len;
    g->succ = sd_alloc(g->a, (g->n + 1) * sizeof *g->succ);
    g->indegree = sd_alloc(g->a, (g->n + 1) * sizeof *g->indegree);
    for (size_t i = 0; i < g->n; i++) {
        const SdOp *op = plan->ops.items[i];
        if (creates(op->kind)) {
            const SdObject *o = op->after;
            const char *schema = o->kind == SD_OBJ_SCHEMA || o->kind == SD_OBJ_EXTENSION ? NULL : o->schema;
            sd_map_put(g->a, &g->providers, obj_key(g->a, o->kind, schema, o->name), (void *)(uintptr_t)(i + 1));
        }
    }
    for (size_t i = 0; i < g->n; i++)
        add_needs(g, i, plan->ops.items[i]);
    /* a trigger or view over a column of a recreated enum goes first: the
     * recreation alters the column's type (it runs before other drops) */
    SdVec recreated = {0}; /* indexes + 1 of RECREATE_ENUM ops */
    for (size_t j = 0; j < g->n; j++)
        if (((const SdOp *)plan->ops.items[j])->kind == SD_OP_RECREATE_ENUM)
            sd_vec_push(g->a, &recreated, (void *)(uintptr_t)(j + 1));
    for (size_t i = 0; recreated.len && i < g->n; i++) {
        const SdOp *op = plan->ops.items[i];
        if (op->kind != SD_OP_DROP_TRIGGER && op->kind != SD_OP_DROP_VIEW)
            continue;
        for (size_t j = 0; j < recreated.len; j++)
            edge(g, i, (uintptr_t)recreated.items[j] - 1);
    }
}

/* ---- a min-heap of op indexes: the ready op earliest in base order runs first ---- */

typedef struct Heap {
    size_t *v, len;
} Heap;

static void heap_push(Heap *h, size_t x)
{
    size_t i = h->len++;
    h->v[i] = x;
    while (i && h->v[(i - 1) / 2] > h->v[i]) {
        size_t p = (i - 1) / 2, t = h->v[p];
        h->v[p] = h->v[i], h->v[i] = t, i = p;
    }
}

static size_t heap_pop(Heap *h)
{
    size_t top = h->v[0], i = 0;
    h->v[0] = h->v[--h->len];
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->len && h->v[l] < h->v[m])
            m = l;
        if (r < h->len && h->v[r] < h->v[m])
            m = r;
        if (m == i)
            return top;
        size_t t = h->v[m];
        h->v[m] = h->v[i], h->v[i] = t, i = m;
    }
}

static void report_cycle(SdDiags *diags, const SdPlan *plan, const size_t *indegree)
{
    SdBuf b = {0};
    for (size_t i = 0; i < plan->ops.len; i++) {
        if (!indegree[i])
            continue;
        const SdOp *op = plan->ops.items[i];
        const SdObject *o = op->after ? op->after : op->before;
        sd_buf_printf(&b, "%s%s %s%s%s", b.len ? ", " : "", sd_op_info(op->kind)->name, o->schema ? o->schema : "",
                      o->schema ? "." : "", o->name);
    }
    SdDiag *dg = sd_error(diags, (SdLoc){0}, "dependency cycle between operations");
    dg->detail = sd_printf(diags->arena, "The operations in the loop: %s.", sd_buf_str(&b));
    sd_buf_free(&b);
}

void sd_order_ops(SdArena *a, SdDiags *diags, SdPlan *plan)
{
    sd_vec_sort(&plan->ops, op_cmp);
    Graph g = {.a = a};
    build_graph(&g, plan);
    Heap h = {sd_alloc(a, (g.n + 1) * sizeof(size_t)), 0};
    for (size_t i = 0; i < g.n; i++)
        if (!g.indegree[i])
            heap_push(&h, i);
    SdVec out = {0};
    while (h.len) {
        size_t i = heap_pop(&h);
        sd_vec_push(a, &out, plan->ops.items[i]);
        for (size_t k = 0; k < g.succ[i].len; k++) {
            size_t s = (uintptr_t)g.succ[i].items[k] - 1;
            if (--g.indegree[s] == 0)
                heap_push(&h, s);
        }
    }
    if (out.len != g.n) {
        report_cycle(diags, plan, g.indegree);
        return;
    }
    plan->ops = out;
}

/* rename.c: which objects of FROM become which objects of TO under another
 * name.  Two sources of renames:
 *   - both sides are Prisma schemas: a model, field or enum that keeps its
 *     Prisma name while its database name (@map/@@map) changes;
 *   - hints (--rename schema.table=new, --rename schema.table.column=new).
 * A pairing is made only when it is unambiguous: the new name is free in
 * FROM and the old name is gone from TO, so renames never chain or swap.
 * The diff then matches FROM objects to TO objects through these maps, and
 * compares FROM's definitions translated into TO's names (sd_rename_*). */
#include "diffint.h"

#include <string.h>

/* The length of the key "schema\x1fa[\x1fb]" (without its NUL). */
static size_t key_len(const char *schema, const char *x, const char *y)
{
    return (schema ? strlen(schema) : 0) + 1 + strlen(x) + (y ? 1 + strlen(y) : 0);
}

/* Writes the key into k (key_len + 1 bytes), built by hand: lookups are hot. */
static char *key_write(char *k, const char *schema, const char *x, const char *y)
{
    char *p = stpcpy(k, schema ? schema : "");
    *p++ = '\x1f';
    p = stpcpy(p, x);
    if (y) {
        *p++ = '\x1f';
        stpcpy(p, y);
    }
    return k;
}

static const char *key_join(SdArena *a, const char *schema, const char *x, const char *y)
{
    return key_write(sd_alloc(a, key_len(schema, x, y) + 1), schema, x, y);
}

static const char *key2(SdArena *a, const char *schema, const char *name) { return key_join(a, schema, name, NULL); }

/* m's value for the key of (schema, x[, y]), the key put together on the stack:
 * the diff asks for every table and column, and most maps are empty. */
static void *lookup(const SdRenames *r, const SdMap *m, const char *schema, const char *x, const char *y)
{
    if (!r->count || !m->len)
        return NULL;
    char buf[512];
    if (key_len(schema, x, y) >= sizeof buf)
        return sd_map_get(m, key_join(r->a, schema, x, y));
    return sd_map_get(m, key_write(buf, schema, x, y));
}

static const char *key3(SdArena *a, const char *schema, const char *table, const char *name)
{
    return key_join(a, schema, table, name);
}

static const char *table_pname(const SdTable *t) { return t->prisma_name ? t->prisma_name : t->obj.name; }
static const char *column_pname(const SdColumn *c) { return c->prisma_name ? c->prisma_name : c->name; }

static void pair_tables(SdRenames *r, const SdTable *tb, const SdTable *ta)
{
    sd_map_put(r->a, &r->tables, key2(r->a, ta->obj.schema, ta->obj.name), (void *)tb);
    sd_map_put(r->a, &r->tables_rev, key2(r->a, tb->obj.schema, tb->obj.name), (void *)ta);
    r->count++;
}

static void pair_columns(SdRenames *r, const SdTable *tb, const SdColumn *cb, const SdTable *ta, const SdColumn *ca)
{
    sd_map_put(r->a, &r->col_tables, key2(r->a, ta->obj.schema, ta->obj.name), (void *)ta);
    sd_map_put(r->a, &r->col_tables_rev, key2(r->a, tb->obj.schema, tb->obj.name), (void *)tb);
    sd_map_put(r->a, &r->columns, key3(r->a, ta->obj.schema, ta->obj.name, ca->name), (void *)cb);
    sd_map_put(r->a, &r->columns_rev, key3(r->a, tb->obj.schema, tb->obj.name, cb->name), (void *)ca);
    r->count++;
}

const SdTable *sd_rename_table_from(const SdRenames *r, const SdTable *ta)
{
    return lookup(r, &r->tables, ta->obj.schema, ta->obj.name, NULL);
}

const SdTable *sd_rename_table_to(const SdRenames *r, const SdTable *tb)
{
    return lookup(r, &r->tables_rev, tb->obj.schema, tb->obj.name, NULL);
}

const SdColumn *sd_rename_column_from(const SdRenames *r, const SdTable *ta, const SdColumn *ca)
{
    return lookup(r, &r->col_tables, ta->obj.schema, ta->obj.name, NULL)
               ? lookup(r, &r->columns, ta->obj.schema, ta->obj.name, ca->name)
               : NULL;
}

const SdColumn *sd_rename_column_to(const SdRenames *r, const SdTable *tb, const SdColumn *cb)
{
    return lookup(r, &r->col_tables_rev, tb->obj.schema, tb->obj.name, NULL)
               ? lookup(r, &r->columns_rev, tb->obj.schema, tb->obj.name, cb->name)
               : NULL;
}

const SdEnum *sd_rename_enum_from(const SdRenames *r, const SdEnum *ea)
{
    return lookup(r, &r->enums, ea->obj.schema, ea->obj.name, NULL);
}

const SdEnum *sd_rename_enum_to(const SdRenames *r, const SdEnum *eb)
{
    return lookup(r, &r->enums_rev, eb->obj.schema, eb->obj.name, NULL);
}

/* TO's name of FROM's table schema.name (the same when not renamed). */
const char *sd_rename_table_name(const SdRenames *r, const char *schema, const char *name)
{
    const SdTable *ta = lookup(r, &r->tables_rev, schema, name, NULL);
    return ta ? ta->obj.name : name;
}

/* TO's name of FROM's column schema.table.column. */
const char *sd_rename_column_name(const SdRenames *r, const char *schema, const char *table, const char *column)
{
    const SdColumn *ca = lookup(r, &r->col_tables_rev, schema, table, NULL) ? lookup(r, &r->columns_rev, schema, table, column)
                                                                         : NULL;
    return ca ? ca->name : column;
}

/* ---- translating FROM definitions into TO's names ---- */

static SdVec map_columns(const SdRenames *r, const char *schema, const char *table, const SdVec *cols, bool *changed)
{
    SdVec v = {0};
    for (size_t i = 0; i < cols->len; i++) {
        const char *n = sd_rename_column_name(r, schema, table, cols->items[i]);
        *changed |= n != cols->items[i];
        sd_vec_push(r->a, &v, (void *)n);
    }
    return v;
}

const SdConstraint *sd_rename_constraint(const SdRenames *r, const SdTable *tb, const SdConstraint *kb)
{
    if (!r->count)
        return kb;
    bool changed = false;
    SdConstraint *k = sd_alloc(r->a, sizeof *k);
    *k = *kb;
    k->columns = map_columns(r, tb->obj.schema, tb->obj.name, &kb->columns, &changed);
    k->include = map_columns(r, tb->obj.schema, tb->obj.name, &kb->include, &changed);
    if (kb->kind == SD_CON_FOREIGN && kb->ref_table) {
        k->ref_columns = map_columns(r, kb->ref_schema, kb->ref_table, &kb->ref_columns, &changed);
        k->ref_table = sd_rename_table_name(r, kb->ref_schema, kb->ref_table);
        changed |= k->ref_table != kb->ref_table;
    }
    return changed ? k : kb;
}

const SdIndex *sd_rename_index(const SdRenames *r, const SdIndex *ib)
{
    if (!r->count)
        return ib;
    bool changed = false;
    SdIndex *ix = sd_alloc(r->a, sizeof *ix);
    *ix = *ib;
    ix->include = map_columns(r, ib->obj.schema, ib->table, &ib->include, &changed);
    ix->elems = (SdVec){0};
    for (size_t i = 0; i < ib->elems.len; i++) {
        const SdIndexElem *eb = ib->elems.items[i];
        SdIndexElem *el = sd_alloc(r->a, sizeof *el);
        *el = *eb;
        if (eb->column)
            el->column = sd_rename_column_name(r, ib->obj.schema, ib->table, eb->column);
        changed |= el->column != eb->column;
        sd_vec_push(r->a, &ix->elems, el);
    }
    ix->table = sd_rename_table_name(r, ib->obj.schema, ib->table);
    changed |= ix->table != ib->table;
    return changed ? ix : ib;
}

SdType sd_rename_type(const SdRenames *r, const SdCatalog *from, const SdType *t)
{
    SdType out = *t;
    if (!r->count || !t->is_enum)
        return out;
    const SdEnum *eb = sd_catalog_find_enum(from, t->schema, t->name);
    const SdEnum *ea = eb ? sd_rename_enum_to(r, eb) : NULL;
    if (ea)
        out.name = ea->obj.name;
    return out;
}

/* ---- renames by Prisma name ---- */

static bool both_prisma(const SdCatalog *from, const SdCatalog *to)
{
    return sd_streq(from->origin, "prisma") && sd_streq(to->origin, "prisma");
}

static void pair_columns_by_prisma_name(SdRenames *r, const SdTable *tb, const SdTable *ta)
{
    for (size_t i = 0; i < ta->columns.len; i++) {
        const SdColumn *ca = ta->columns.items[i];
        if (sd_table_find_column(tb, ca->name))
            continue;
        for (size_t j = 0; j < tb->columns.len; j++) {
            const SdColumn *cb = tb->columns.items[j];
            if (strcmp(column_pname(cb), column_pname(ca)) == 0 && !sd_table_find_column(ta, cb->name)) {
                pair_columns(r, tb, cb, ta, ca);
                break;
            }
        }
    }
}

static void find_by_prisma_name(SdRenames *r, const SdCatalog *from, const SdCatalog *to)
{
    SdMap by_pname = {0}, enum_pname = {0};
    for (size_t i = 0; i < from->tables.len; i++) {
        const SdTable *tb = from->tables.items[i];
        sd_map_put(r->a, &by_pname, key2(r->a, tb->obj.schema, table_pname(tb)), (void *)tb);
    }
    for (size_t i = 0; i < to->tables.len; i++) {
        const SdTable *ta = to->tables.items[i];
        const SdTable *tb = sd_catalog_find_table(from, ta->obj.schema, ta->obj.name);
        if (!tb) {
            tb = sd_map_get(&by_pname, key2(r->a, ta->obj.schema, table_pname(ta)));
            if (!tb || sd_catalog_find_table(to, tb->obj.schema, tb->obj.name))
                continue;
            pair_tables(r, tb, ta);
        }
        pair_columns_by_prisma_name(r, tb, ta);
    }
    for (size_t i = 0; i < from->enums.len; i++) {
        const SdEnum *eb = from->enums.items[i];
        sd_map_put(r->a, &enum_pname, key2(r->a, eb->obj.schema, eb->prisma_name ? eb->prisma_name : eb->obj.name),
                   (void *)eb);
    }
    for (size_t i = 0; i < to->enums.len; i++) {
        const SdEnum *ea = to->enums.items[i];
        if (sd_catalog_find_enum(from, ea->obj.schema, ea->obj.name))
            continue;
        const SdEnum *eb =
            sd_map_get(&enum_pname, key2(r->a, ea->obj.schema, ea->prisma_name ? ea->prisma_name : ea->obj.name));
        if (!eb || sd_catalog_find_enum(to, eb->obj.schema, eb->obj.name))
            continue;
        sd_map_put(r->a, &r->enums, key2(r->a, ea->obj.schema, ea->obj.name), (void *)eb);
        sd_map_put(r->a, &r->enums_rev, key2(r->a, eb->obj.schema, eb->obj.name), (void *)ea);
        r->count++;
    }
}

/* ---- hints ---- */

static SdDiag *hint_error(SdDiags *diags, const char *hint, const char *why)
{
    SdDiag *dg = sd_error(diags, (SdLoc){0}, "--rename %s: %s", hint, why);
    return dg;
}

/* "schema.table=new" or "schema.table.column=new": splits into parts[0..n). */
static int split_hint(SdArena *a, const char *hint, const char *parts[4])
{
    const char *eq = strchr(hint, '=');
    if (!eq || !eq[1] || strchr(eq + 1, '.'))
        return 0;
    int n = 0;
    const char *p = hint;
    while (p < eq && n < 3) {
        const char *dot = memchr(p, '.', (size_t)(eq - p));
        const char *end = dot ? dot : eq;
        if (end == p)
            return 0;
        parts[n++] = sd_printf(a, "%.*s", (int)(end - p), p);
        p = dot ? dot + 1 : eq;
    }
    if (p != eq || n < 2)
        return 0;
    parts[n++] = eq + 1;
    return n;
}

/* The FROM table a hint names: by FROM name, or by TO name when already renamed. */
static const SdTable *hint_from_table(const SdRenames *r, const SdCatalog *from, const SdCatalog *to,
                                      const char *schema, const char *name)
{
    const SdTable *tb = sd_catalog_find_table(from, schema, name);
    if (tb)
        return tb;
    const SdTable *ta = sd_catalog_find_table(to, schema, name);
    return ta ? sd_rename_table_from(r, ta) : NULL;
}

static void apply_table_hint(SdRenames *r, SdDiags *diags, const SdCatalog *from, const SdCatalog *to,
                             const char *hint, const char **p)
{
    const SdTable *tb = sd_catalog_find_table(from, p[0], p[1]);
    const SdTable *ta = sd_catalog_find_table(to, p[0], p[2]);
    if (!tb)
        hint_error(diags, hint, sd_printf(r->a, "the FROM side has no table %s.%s", p[0], p[1]));
    else if (!ta)
        hint_error(diags, hint, sd_printf(r->a, "the TO side has no table %s.%s", p[0], p[2]));
    else if (sd_catalog_find_table(to, p[0], p[1]) || sd_catalog_find_table(from, p[0], p[2]))
        hint_error(diags, hint, "both names exist on one side");
    else if (!sd_rename_table_from(r, ta))
        pair_tables(r, tb, ta);
}

static void apply_column_hint(SdRenames *r, SdDiags *diags, const SdCatalog *from, const SdCatalog *to,
                              const char *hint, const char **p)
{
    const SdTable *tb = hint_from_table(r, from, to, p[0], p[1]);
    const SdTable *ta = tb ? sd_rename_table_to(r, tb) : NULL;
    if (tb && !ta)
        ta = sd_catalog_find_table(to, tb->obj.schema, tb->obj.name);
    if (!tb || !ta) {
        hint_error(diags, hint, sd_printf(r->a, "no table %s.%s on both sides", p[0], p[1]));
        return;
    }
    const SdColumn *cb = sd_table_find_column(tb, p[2]), *ca = sd_table_find_column(ta, p[3]);
    if (!cb || !ca)
        hint_error(diags, hint, sd_printf(r->a, "the %s side has no column %s", cb ? "TO" : "FROM", cb ? p[3] : p[2]));
    else if (sd_table_find_column(ta, p[2]) || sd_table_find_column(tb, p[3]))
        hint_error(diags, hint, "both names exist on one side");
    else if (!sd_rename_column_from(r, ta, ca))
        pair_columns(r, tb, cb, ta, ca);
}

static void apply_hints(SdRenames *r, SdDiags *diags, const SdCatalog *from, const SdCatalog *to, const SdVec *hints)
{
    /* tables first, so column hints may name a table by either name */
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < hints->len; i++) {
            const char *h = hints->items[i], *p[4] = {0};
            int n = split_hint(r->a, h, p);
            if (!n) {
                if (pass == 0)
                    hint_error(diags, h, "not of the form SCHEMA.TABLE=NEW or SCHEMA.TABLE.COLUMN=NEW")->hint =
                        "Name the schema: --rename public.User=Account, --rename public.User.email=mail.";
            } else if (n == 3 && pass == 0) {
                apply_table_hint(r, diags, from, to, h, p);
            } else if (n == 4 && pass == 1) {
                apply_column_hint(r, diags, from, to, h, p);
            }
        }
}

void sd_renames_find(SdArena *a, SdDiags *diags, const SdCatalog *from, const SdCatalog *to,
                     const SdDiffOptions *opts, SdRenames *r)
{
    *r = (SdRenames){.a = a};
    if (both_prisma(from, to))
        find_by_prisma_name(r, from, to);
    if (opts && opts->renames.len)
        apply_hints(r, diags, from, to, &opts->renames);
}

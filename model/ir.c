/* ir.c: building, finding, sorting and dumping IR catalogs (see ir.h). */
#include "ir.h"

#include <string.h>

static const char *const KIND_NAMES[SD_OBJ__COUNT] = {
    [SD_OBJ_SCHEMA] = "schema",     [SD_OBJ_EXTENSION] = "extension", [SD_OBJ_ENUM] = "enum",
    [SD_OBJ_TYPE] = "type",         [SD_OBJ_SEQUENCE] = "sequence",   [SD_OBJ_FUNCTION] = "function",
    [SD_OBJ_TABLE] = "table",       [SD_OBJ_INDEX] = "index",         [SD_OBJ_VIEW] = "view",
    [SD_OBJ_TRIGGER] = "trigger",   [SD_OBJ_OPAQUE] = "object",
};
_Static_assert(SD_ARRAY_LEN(KIND_NAMES) == SD_OBJ__COUNT, "KIND_NAMES and SdObjKind disagree");

const char *sd_obj_kind_name(SdObjKind k)
{
    if ((unsigned)k >= SD_OBJ__COUNT)
        sd_unreachable("object kind");
    return KIND_NAMES[k];
}

/* ---- types ---- */

static void put_ident(SdBuf *b, const char *s) { sd_buf_ident(b, s); }

static void put_type(SdBuf *b, const SdType *t)
{
    const char *n = t->name ? t->name : "?";
    char mods[48] = "";
    if (t->mods[0] >= 0 && t->mods[1] >= 0)
        sd_snprintf(mods, sizeof mods, "(%d,%d)", t->mods[0], t->mods[1]);
    else if (t->mods[0] >= 0)
        sd_snprintf(mods, sizeof mods, "(%d)", t->mods[0]);
    if (t->schema) {
        if (strcmp(t->schema, "public") != 0) {
            put_ident(b, t->schema);
            sd_buf_putc(b, '.');
        }
        put_ident(b, n);
        sd_buf_puts(b, mods);
    } else {
        /* "timestamp without time zone" takes its typmod after the first word */
        const char *sp = strstr(n, " with");
        if (mods[0] && sp && (strncmp(n, "timestamp", 9) == 0 || strncmp(n, "time", 4) == 0)) {
            sd_buf_put(b, n, (size_t)(sp - n));
            sd_buf_puts(b, mods);
            sd_buf_puts(b, sp);
        } else {
            sd_buf_puts(b, n);
            sd_buf_puts(b, mods);
        }
    }
    for (int i = 0; i < t->ndims; i++)
        sd_buf_puts(b, "[]");
}

const char *sd_type_format(SdArena *a, const SdType *t)
{
    SdBuf b = {0};
    put_type(&b, t);
    const char *s = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

bool sd_type_equal(const SdType *a, const SdType *b)
{
    return sd_streq(a->name, b->name) && sd_streq(a->schema, b->schema) && a->mods[0] == b->mods[0] &&
           a->mods[1] == b->mods[1] && (a->ndims > 0) == (b->ndims > 0);
}

/* ---- catalogs ---- */

SdCatalog *sd_catalog_new(SdArena *a, const char *origin)
{
    SdCatalog *c = sd_alloc(a, sizeof *c);
    c->arena = a;
    c->origin = origin;
    return c;
}

static const char *key_of(SdArena *a, SdObjKind kind, const char *schema, const char *name)
{
    return sd_printf(a, "%d:%s.%s", (int)kind, schema ? schema : "", name);
}

static SdVec *list_of(SdCatalog *c, SdObjKind kind)
{
    switch (kind) {
    case SD_OBJ_SCHEMA: return &c->schemas;
    case SD_OBJ_EXTENSION: return &c->extensions;
    case SD_OBJ_ENUM: return &c->enums;
    case SD_OBJ_TYPE: return &c->types;
    case SD_OBJ_SEQUENCE: return &c->sequences;
    case SD_OBJ_FUNCTION: return &c->functions;
    case SD_OBJ_TABLE: return &c->tables;
    case SD_OBJ_INDEX: return &c->indexes;
    case SD_OBJ_VIEW: return &c->views;
    case SD_OBJ_TRIGGER: return &c->triggers;
    case SD_OBJ_OPAQUE: return &c->opaques;
    case SD_OBJ__COUNT: break;
    }
    sd_unreachable("object kind");
}

static void *add_object(SdCatalog *c, size_t size, SdObjKind kind, const char *schema, const char *name,
                        SdLoc loc)
{
    SdObject *o = sd_alloc(c->arena, size);
    o->kind = kind;
    o->schema = sd_strdup(c->arena, schema);
    o->name = sd_strdup(c->arena, name);
    o->loc = loc;
    sd_vec_push(c->arena, list_of(c, kind), o);
    sd_map_put(c->arena, &c->by_name, key_of(c->arena, kind, o->schema, o->name), o);
    return o;
}

SdObject *sd_catalog_add_schema(SdCatalog *c, const char *name, SdLoc loc)
{
    return add_object(c, sizeof(SdObject), SD_OBJ_SCHEMA, NULL, name, loc);
}

SdTable *sd_catalog_add_table(SdCatalog *c, const char *schema, const char *name, SdLoc loc)
{
    SdTable *t = add_object(c, sizeof(SdTable), SD_OBJ_TABLE, schema, name, loc);
    t->relkind = SD_TABLE_ORDINARY;
    return t;
}

SdIndex *sd_catalog_add_index(SdCatalog *c, const char *schema, const char *name, const char *table, SdLoc loc)
{
    SdIndex *i = add_object(c, sizeof(SdIndex), SD_OBJ_INDEX, schema, name, loc);
    i->table = sd_strdup(c->arena, table);
    i->method = "btree";
    return i;
}

SdEnum *sd_catalog_add_enum(SdCatalog *c, const char *schema, const char *name, SdLoc loc)
{
    return add_object(c, sizeof(SdEnum), SD_OBJ_ENUM, schema, name, loc);
}

SdSequence *sd_catalog_add_sequence(SdCatalog *c, const char *schema, const char *name, SdLoc loc)
{
    SdSequence *s = add_object(c, sizeof(SdSequence), SD_OBJ_SEQUENCE, schema, name, loc);
    s->type = "bigint";
    s->start = 1, s->increment = 1, s->min = 1, s->max = INT64_MAX, s->cache = 1;
    return s;
}

SdView *sd_catalog_add_view(SdCatalog *c, const char *schema, const char *name, bool materialized, SdLoc loc)
{
    SdView *v = add_object(c, sizeof(SdView), SD_OBJ_VIEW, schema, name, loc);
    v->materialized = materialized;
    return v;
}

SdExtension *sd_catalog_add_extension(SdCatalog *c, const char *name, const char *schema, SdLoc loc)
{
    SdExtension *e = add_object(c, sizeof(SdExtension), SD_OBJ_EXTENSION, NULL, name, loc);
    e->obj.schema = sd_strdup(c->arena, schema); /* where it lives; not part of its key */
    return e;
}

const char *sd_catalog_opaque_key(SdArena *a, SdObjKind kind, const char *name, const char *identity,
                                  const char *table)
{
    if (kind == SD_OBJ_FUNCTION)
        return sd_printf(a, "%s(%s)", name, identity ? identity : "");
    if (table)
        return sd_printf(a, "%s.%s", table, name);
    return name;
}

SdOpaque *sd_catalog_add_opaque(SdCatalog *c, SdObjKind kind, const char *objtype, const char *schema,
                                const char *name, const char *identity, const char *table, SdLoc loc)
{
    const char *key = sd_catalog_opaque_key(c->arena, kind, name, identity, table);
    SdOpaque *o = add_object(c, sizeof(SdOpaque), kind, schema, key, loc);
    o->obj.name = sd_strdup(c->arena, name); /* the map keeps the key; the object its own name */
    o->objtype = sd_strdup(c->arena, objtype);
    o->identity = sd_strdup(c->arena, identity);
    o->table = sd_strdup(c->arena, table);
    return o;
}

static const char *key_schema(const SdObject *o) { return o->kind == SD_OBJ_EXTENSION ? NULL : o->schema; }

/* The by_name key of an object as it is now. */
static const char *obj_key(SdCatalog *c, const SdObject *o)
{
    const char *name = o->name;
    if (o->kind == SD_OBJ_FUNCTION || o->kind == SD_OBJ_TRIGGER || o->kind == SD_OBJ_TYPE || o->kind == SD_OBJ_OPAQUE) {
        const SdOpaque *q = (const SdOpaque *)o;
        name = sd_catalog_opaque_key(c->arena, o->kind, o->name, q->identity, q->table);
    }
    return key_of(c->arena, o->kind, key_schema(o), name);
}

void sd_catalog_remove(SdCatalog *c, SdObject *obj)
{
    SdVec *v = list_of(c, obj->kind);
    for (size_t i = 0; i < v->len; i++) {
        if (v->items[i] == obj) {
            memmove(&v->items[i], &v->items[i + 1], (v->len - i - 1) * sizeof v->items[0]);
            v->len--;
            break;
        }
    }
    const char *key = obj_key(c, obj);
    if (sd_map_get(&c->by_name, key) == obj)
        sd_map_put(c->arena, &c->by_name, key, NULL);
}

void sd_catalog_rename(SdCatalog *c, SdObject *obj, const char *schema, const char *name)
{
    const char *key = obj_key(c, obj);
    if (sd_map_get(&c->by_name, key) == obj)
        sd_map_put(c->arena, &c->by_name, key, NULL);
    if (obj->kind != SD_OBJ_EXTENSION)
        obj->schema = sd_strdup(c->arena, schema);
    obj->name = sd_strdup(c->arena, name);
    sd_map_put(c->arena, &c->by_name, obj_key(c, obj), obj);
}

/* "%d:%s.%s" built by hand: the diff's hottest lookup (snprintf was half its time) */
bool sd_catalog_key(char *buf, size_t size, SdObjKind kind, const char *schema, const char *name)
{
    size_t ls = schema ? strlen(schema) : 0, ln = strlen(name), p = 0;
    if ((unsigned)kind >= 100 || ls + ln + 5 > size)
        return false;
    if (kind >= 10)
        buf[p++] = (char)('0' + kind / 10);
    buf[p++] = (char)('0' + kind % 10);
    buf[p++] = ':';
    memcpy(buf + p, schema ? schema : "", ls);
    buf[p + ls] = '.';
    memcpy(buf + p + ls + 1, name, ln + 1);
    return true;
}

SdObject *sd_catalog_find(const SdCatalog *c, SdObjKind kind, const char *schema, const char *name)
{
    char buf[300];
    if (kind == SD_OBJ_EXTENSION || kind == SD_OBJ_SCHEMA)
        schema = NULL;
    if (!sd_catalog_key(buf, sizeof buf, kind, schema, name)) /* longer than PostgreSQL allows: none */
        return NULL;
    return sd_map_get(&c->by_name, buf);
}

SdTable *sd_catalog_find_table(const SdCatalog *c, const char *schema, const char *name)
{
    return (SdTable *)sd_catalog_find(c, SD_OBJ_TABLE, schema, name);
}

SdEnum *sd_catalog_find_enum(const SdCatalog *c, const char *schema, const char *name)
{
    return (SdEnum *)sd_catalog_find(c, SD_OBJ_ENUM, schema, name);
}

SdObject *sd_catalog_find_relation(const SdCatalog *c, const char *schema, const char *name)
{
    static const SdObjKind rels[] = {SD_OBJ_TABLE, SD_OBJ_VIEW, SD_OBJ_INDEX, SD_OBJ_SEQUENCE};
    for (size_t i = 0; i < SD_ARRAY_LEN(rels); i++) {
        SdObject *o = sd_catalog_find(c, rels[i], schema, name);
        if (o)
            return o;
    }
    return NULL;
}

SdColumn *sd_table_find_column(const SdTable *t, const char *name)
{
    for (size_t i = 0; i < t->columns.len; i++) {
        SdColumn *col = t->columns.items[i];
        if (strcmp(col->name, name) == 0)
            return col;
    }
    return NULL;
}

SdConstraint *sd_table_find_constraint(const SdTable *t, const char *name)
{
    for (size_t i = 0; i < t->constraints.len; i++) {
        SdConstraint *k = t->constraints.items[i];
        if (strcmp(k->name, name) == 0)
            return k;
    }
    return NULL;
}

SdColumn *sd_table_add_column(SdCatalog *c, SdTable *t, const char *name, SdLoc loc)
{
    SdColumn *col = sd_alloc(c->arena, sizeof *col);
    col->name = sd_strdup(c->arena, name);
    col->loc = loc;
    col->type.mods[0] = col->type.mods[1] = -1;
    sd_vec_push(c->arena, &t->columns, col);
    return col;
}

SdConstraint *sd_table_add_constraint(SdCatalog *c, SdTable *t, SdConKind kind, const char *name, SdLoc loc)
{
    SdConstraint *k = sd_alloc(c->arena, sizeof *k);
    k->kind = kind;
    k->name = sd_strdup(c->arena, name);
    k->loc = loc;
    k->on_delete = k->on_update = SD_FK_NO_ACTION;
    k->match = 's';
    sd_vec_push(c->arena, &t->constraints, k);
    return k;
}

SdConstraint *sd_table_primary_key(const SdTable *t)
{
    for (size_t i = 0; i < t->constraints.len; i++) {
        SdConstraint *k = t->constraints.items[i];
        if (k->kind == SD_CON_PRIMARY)
            return k;
    }
    return NULL;
}

/* ---- sorting ---- */

static int obj_cmp(const void *pa, const void *pb)
{
    const SdObject *a = pa, *b = pb;
    int c = sd_strcmp0(a->schema, b->schema);
    return c ? c : strcmp(a->name, b->name);
}

static int con_cmp(const void *pa, const void *pb)
{
    const SdConstraint *a = pa, *b = pb;
    return strcmp(a->name, b->name);
}

/* The key of owned_seqs, "schema.table.column": its length, like snprintf; written
 * into buf only when it fits (with its NUL). */
static size_t owned_key(char *buf, size_t size, const char *schema, const char *table, const char *column)
{
    size_t ls = schema ? strlen(schema) : 0, lt = strlen(table), lc = strlen(column), n = ls + lt + lc + 2;
    if (n < size) {
        memcpy(buf, schema ? schema : "", ls);
        buf[ls] = '.';
        memcpy(buf + ls + 1, table, lt);
        buf[ls + 1 + lt] = '.';
        memcpy(buf + ls + lt + 2, column, lc + 1);
    }
    return n;
}

void sd_catalog_sort(SdCatalog *c)
{
    for (int k = 0; k < SD_OBJ__COUNT; k++)
        sd_vec_sort(list_of(c, (SdObjKind)k), obj_cmp);
    for (size_t i = 0; i < c->tables.len; i++)
        sd_vec_sort(&((SdTable *)c->tables.items[i])->constraints, con_cmp);
    c->owned_seqs = (SdMap){0};
    for (size_t i = 0; i < c->sequences.len; i++) {
        SdSequence *s = c->sequences.items[i];
        if (!s->owned_table || !s->owned_column)
            continue;
        size_t n = owned_key(NULL, 0, s->obj.schema, s->owned_table, s->owned_column) + 1;
        char *key = sd_alloc(c->arena, n);
        owned_key(key, n, s->obj.schema, s->owned_table, s->owned_column);
        if (!sd_map_get(&c->owned_seqs, key)) /* the first in name order, as the scan finds it */
            sd_map_put(c->arena, &c->owned_seqs, key, s);
    }
    c->owned_seqs_built = true;
}

SdSequence *sd_catalog_owned_sequence(const SdCatalog *c, const char *schema, const char *table,
                                      const char *column)
{
    if (c->owned_seqs_built) {
        if (!c->owned_seqs.len)
            return NULL;
        char key[600]; /* on the stack: every column of a new table asks */
        if (owned_key(key, sizeof key, schema, table, column) < sizeof key)
            return sd_map_get(&c->owned_seqs, key);
    }
    for (size_t i = 0; i < c->sequences.len; i++) {
        SdSequence *s = c->sequences.items[i];
        if (sd_streq(s->owned_table, table) && sd_streq(s->owned_column, column) && sd_streq(s->obj.schema, schema))
            return s;
    }
    return NULL;
}

static int str_cmp(const void *a, const void *b) { return strcmp(a, b); }

const char *sd_catalog_schema_list(SdArena *a, const SdCatalog *c)
{
    SdVec names = {0};
    for (size_t i = 0; i < c->schemas.len; i++)
        sd_vec_push(a, &names, (void *)((const SdObject *)c->schemas.items[i])->name);
    if (!names.len)
        return "public";
    sd_vec_sort(&names, str_cmp);
    SdBuf b = {0};
    for (size_t i = 0; i < names.len; i++) {
        if (i)
            sd_buf_putc(&b, ',');
        sd_buf_puts(&b, names.items[i]);
    }
    const char *s = sd_strdup(a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

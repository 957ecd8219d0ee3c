/* psl_validate_model.c: model and enum block attributes (@@id, @@unique,
 * @@index, @@map, @@schema, @@ignore), unique criteria, database names and
 * constraint names (PostgreSQL: 63 bytes; primary keys, unique constraints and
 * indexes share one namespace per schema). */
#include "psl_validate_int.h"

#include <string.h>

/* ---- criteria: @id, @unique, @@id, @@unique, @@index ---- */

static const char *crit_word(VCritKind k)
{
    return k == VC_ID ? "id" : k == VC_UNIQUE ? "unique" : "index";
}

static VCrit *new_crit(V *v, VModel *m, VCritKind k, const PslAttr *at)
{
    VCrit *c = sd_alloc(v->a, sizeof *c);
    c->kind = k;
    c->attr = at;
    c->loc = at->span;
    sd_vec_push(v->a, &m->crits, c);
    return c;
}

/* The `where:` argument of a partial index (preview `partialIndexes`). */
static void check_where(V *v, const PslAttr *at, const PslExpr *w)
{
    const char *an = at->name && at->name[0] == 'u' ? "@unique" : "@index";
    if (!sd_pslv_has_preview(v, "partialIndexes")) {
        sd_pslv_err(v, at->span, "Error parsing attribute \"%s\": You have a partial index definition. Partial "
                    "indexes are currently a preview feature. To use partial indexes, please add \"partialIndexes\" "
                    "to the preview features.", sd_pslv_attr_name(v, at));
        return;
    }
    bool empty = (w->kind == PSL_EXPR_STRING && (!w->str || !*w->str)) ||
                 (w->kind == PSL_EXPR_OBJECT && w->args.len == 0);
    if (w->kind == PSL_EXPR_FUNC && sd_streq(w->str, "raw")) {
        const PslArg *arg = w->args.len == 1 ? SD_VEC_AT(w->args, 0, const PslArg *) : NULL;
        empty = !arg || !arg->value || arg->value->kind != PSL_EXPR_STRING || !arg->value->str || !*arg->value->str;
    } else if (w->kind != PSL_EXPR_STRING && w->kind != PSL_EXPR_OBJECT) {
        sd_pslv_err(v, w->loc, "Error parsing attribute \"%s\": The `where` argument must be either a raw() function "
                    "call or an object literal.", an);
        return;
    }
    if (empty)
        sd_pslv_err(v, at->span, "Error parsing attribute \"%s\": The `where` argument cannot be an empty %s.", an,
                    w->kind == PSL_EXPR_OBJECT ? "object" : "string");
}

static const char *fields_list(V *v, const SdVec *names)
{
    SdBuf b = {0};
    for (size_t i = 0; i < names->len; i++)
        sd_buf_printf(&b, "%s%s", i ? ", " : "", SD_VEC_AT(*names, i, const char *));
    const char *s = sd_strdup(v->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* Suggests the scalar fields behind relation fields named in an index. */
static const char *relation_suggestion(V *v, VModel *m, const PslExpr *arr)
{
    SdVec names = {0};
    for (size_t i = 0; i < arr->items.len; i++) {
        const PslExpr *it = SD_VEC_AT(arr->items, i, const PslExpr *);
        VField *f = it->str ? sd_map_get(&m->by_name, it->str) : NULL;
        if (f && f->kind == VF_RELATION && f->relation) {
            const PslExpr *fl = sd_pslv_arg(f->relation, "fields", NULL);
            for (size_t j = 0; fl && fl->kind == PSL_EXPR_ARRAY && j < fl->items.len; j++)
                sd_vec_push(v->a, &names, (void *)SD_VEC_AT(fl->items, j, const PslExpr *)->str);
        } else if (it->str) {
            sd_vec_push(v->a, &names, (void *)it->str);
        }
    }
    return fields_list(v, &names);
}

static void crit_field_args(V *v, const PslAttr *at, const PslExpr *it)
{
    for (size_t j = 0; j < it->args.len; j++) {
        const PslArg *arg = SD_VEC_AT(it->args, j, const PslArg *);
        if (!arg->value)
            continue;
        if (sd_streq(arg->name, "sort"))
            sd_pslv_check_sort(v, at, arg->value);
        else if (sd_streq(arg->name, "length"))
            sd_pslv_check_number(v, arg->value);
        else if (!sd_streq(arg->name, "ops"))
            sd_pslv_err(v, arg->loc, "No such argument.");
    }
}

/* Resolves the field list of a block criterion; reports unknown fields and
 * relation fields as Prisma does. */
static void crit_fields(V *v, VModel *m, VCrit *c, const PslExpr *arr)
{
    SdVec unknown = {0}, relations = {0};
    if (arr->kind == PSL_EXPR_IDENT || arr->kind == PSL_EXPR_FUNC) {
        /* Prisma reads a single value as a list of one: @@index(a) */
        PslExpr *one = sd_alloc(v->a, sizeof *one);
        one->kind = PSL_EXPR_ARRAY;
        one->loc = arr->loc;
        sd_vec_push(v->a, &one->items, (void *)arr);
        arr = one;
    }
    if (arr->kind != PSL_EXPR_ARRAY) {
        sd_pslv_err(v, arr->loc, "Expected an array value, but received %s value `%s`.", sd_pslv_kind_name(arr),
                    sd_pslv_expr_text(v, arr));
        c->bad = true;
        return;
    }
    for (size_t i = 0; i < arr->items.len; i++) {
        const PslExpr *it = SD_VEC_AT(arr->items, i, const PslExpr *);
        if (it->kind != PSL_EXPR_IDENT && it->kind != PSL_EXPR_FUNC) {
            sd_pslv_err(v, it->loc, "Expected a constant value, but received %s value `%s`.", sd_pslv_kind_name(it),
                        sd_pslv_expr_text(v, it));
            c->bad = true;
            continue;
        }
        crit_field_args(v, c->attr, it);
        VField *f = it->str ? sd_map_get(&m->by_name, it->str) : NULL;
        if (!f)
            sd_vec_push(v->a, &unknown, (void *)it->str);
        else if (f->kind == VF_RELATION)
            sd_vec_push(v->a, &relations, (void *)it->str);
        else
            sd_vec_push(v->a, &c->fields, f);
    }
    const char *what = c->kind == VC_ID ? "id" : c->kind == VC_UNIQUE ? "unique index" : "index";
    if (unknown.len) {
        c->bad = true;
        if (c->kind == VC_ID)
            sd_pslv_err(v, c->loc, "Error validating model \"%s\": The multi field id declaration refers to the "
                        "unknown fields %s.", m->b->name, fields_list(v, &unknown));
        else
            sd_pslv_err(v, c->loc, "Error validating model \"%s\": The %s definition refers to the unknown fields: "
                        "%s.", m->b->name, what, fields_list(v, &unknown));
    }
    if (relations.len) {
        c->bad = true;
        if (c->kind == VC_ID)
            sd_pslv_err(v, c->loc, "Error validating model \"%s\": The id definition refers to the relation fields "
                        "%s. ID definitions must reference only scalar fields.", m->b->name,
                        fields_list(v, &relations));
        else
            sd_pslv_err(v, c->loc, "Error validating model \"%s\": The %s definition refers to the relation fields "
                        "%s. Index definitions must reference only scalar fields. Did you mean `@@%s([%s])`?",
                        m->b->name, what, fields_list(v, &relations), crit_word(c->kind),
                        relation_suggestion(v, m, arr));
    }
}

static void block_crit(V *v, VModel *m, const PslAttr *at, VCritKind k)
{
    static const char *const names[] = {"fields", "name", "map", "clustered", "type", "where", "length", "sort"};
    size_t n = k == VC_INDEX ? 6 : k == VC_UNIQUE ? 6 : 4;
    if (!sd_pslv_check_args(v, at, "fields", names, k == VC_ID ? 4 : n) && k != VC_ID)
        return;
    VCrit *c = new_crit(v, m, k, at);
    const PslExpr *e = sd_pslv_arg(at, "fields", "fields");
    if (!e) {
        sd_pslv_err(v, at->span, "Argument \"fields\" is missing.");
        c->bad = true;
    } else {
        crit_fields(v, m, c, e);
    }
    if ((e = sd_pslv_arg(at, "map", "fields")))
        c->map = sd_pslv_want_string(v, e);
    if ((e = sd_pslv_arg(at, "name", "fields"))) {
        const char *s = sd_pslv_want_string(v, e);
        if (k == VC_INDEX && !c->map)
            c->map = s; /* @@index(name:) is the old spelling of map */
    }
    if ((e = sd_pslv_arg(at, "type", "fields"))) {
        static const char *const algos[] = {"BTree", "Hash", "Gist", "Gin", "SpGist", "Brin"};
        bool ok = false;
        for (size_t i = 0; e->kind == PSL_EXPR_IDENT && i < SD_ARRAY_LEN(algos); i++)
            ok = ok || sd_streq(e->str, algos[i]);
        if (!ok)
            sd_pslv_attr_err(v, at, e->loc, sd_printf(v->a, "Unknown index type: %s.", sd_pslv_expr_text(v, e)));
    }
    if ((e = sd_pslv_arg(at, "where", "fields")))
        check_where(v, at, e);
    if (m->view && k == VC_ID)
        sd_pslv_err(v, at->loc, "Error validating: Views cannot have primary keys.");
}

static void field_crits(V *v, VModel *m)
{
    for (size_t i = 0; i < m->fields.len; i++) {
        VField *f = SD_VEC_AT(m->fields, i, VField *);
        if (f->kind == VF_RELATION)
            continue;
        for (size_t j = 0; j < f->f->attrs.len; j++) {
            const PslAttr *at = SD_VEC_AT(f->f->attrs, j, const PslAttr *);
            bool id = sd_streq(at->name, "id");
            if (!id && !sd_streq(at->name, "unique"))
                continue;
            VCrit *c = new_crit(v, m, id ? VC_ID : VC_UNIQUE, at);
            c->on_field = f;
            sd_vec_push(v->a, &c->fields, f);
            const PslExpr *map = sd_pslv_arg(at, "map", NULL);
            c->map = map && map->kind == PSL_EXPR_STRING ? map->str : NULL;
            if (id && f->f->arity != PSL_ARITY_REQUIRED)
                sd_pslv_attr_err(v, at, at->span, "Fields that are marked as id must be required.");
        }
    }
}

static void schema_attr(V *v, const PslAttr *at, const char **schema, SdLoc *loc)
{
    static const char *const names[] = {"map"};
    if (!sd_pslv_check_args(v, at, "map", names, 1))
        return;
    const PslExpr *e = sd_pslv_arg(at, "map", "map");
    if (!e) {
        sd_pslv_err(v, at->span, "Argument \"map\" is missing.");
        return;
    }
    *schema = sd_pslv_want_string(v, e);
    *loc = at->span;
}

static const char *map_attr(V *v, const PslAttr *at)
{
    static const char *const names[] = {"name"};
    if (!sd_pslv_check_args(v, at, "name", names, 1))
        return NULL;
    const PslExpr *e = sd_pslv_arg(at, "name", "name");
    if (!e) {
        sd_pslv_err(v, at->span, "Argument \"name\" is missing.");
        return NULL;
    }
    return sd_pslv_want_string(v, e);
}

void sd_pslv_model_attrs(V *v, VModel *m)
{
    field_crits(v, m);
    for (size_t i = 0; i < m->b->attrs.len; i++) {
        const PslAttr *at = SD_VEC_AT(m->b->attrs, i, const PslAttr *);
        const char *n = at->name ? at->name : "";
        sd_pslv_trailing_comma(v, at);
        if (sd_streq(n, "id")) {
            block_crit(v, m, at, VC_ID);
        } else if (sd_streq(n, "unique")) {
            block_crit(v, m, at, VC_UNIQUE);
        } else if (sd_streq(n, "index")) {
            block_crit(v, m, at, VC_INDEX);
        } else if (sd_streq(n, "map")) {
            const char *s = map_attr(v, at);
            if (s) {
                m->dbname = s;
                m->map_attr = at;
            }
        } else if (sd_streq(n, "ignore")) {
            m->ignored = true;
        } else if (sd_streq(n, "schema")) {
            schema_attr(v, at, &m->schema, &m->schema_loc);
        } else if (sd_streq(n, "fulltext")) {
            sd_pslv_err(v, at->span, "Error parsing attribute \"@@fulltext\": Defining fulltext indexes is not "
                                     "supported with the current connector.");
        } else if (sd_streq(n, "shardKey")) {
            sd_pslv_err(v, at->span, "Error parsing attribute \"@@shardKey\": Shard keys are not currently supported "
                                     "for provider postgresql");
        } else {
            sd_pslv_err(v, at->loc, "Attribute not known: \"@@%s\".", n);
        }
    }
    /* the primary key */
    for (size_t i = 0; i < m->crits.len; i++) {
        VCrit *c = SD_VEC_AT(m->crits, i, VCrit *);
        if (c->kind != VC_ID)
            continue;
        if (!m->pk) {
            m->pk = c;
        } else if (c->on_field && m->pk->on_field) {
            sd_pslv_err(v, m->b->loc, "Error validating model \"%s\": At most one field must be marked as the id field "
                        "with the `@id` attribute.", m->b->name);
        } else {
            sd_pslv_err(v, m->b->loc, "Error validating model \"%s\": Each model must have at most one id criteria. "
                        "You can't have `@id` and `@@id` at the same time.", m->b->name);
        }
    }
}

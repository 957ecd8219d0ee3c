/* psl_validate_rel.c: relations.  Pairs relation fields by target model and
 * relation name (parser-database's inference), resolves @relation(fields,
 * references), then checks what Prisma's pipeline checks: opposite fields,
 * ambiguity, which side defines the foreign key, arity and types, referenced
 * uniqueness, one-to-one rules, many-to-many rules, referential actions. */
#include "psl_validate_int.h"

#include <string.h>

static SdDiag *rel_err(V *v, const VField *f, const char *msg)
{
    return sd_pslv_err(v, f->relation ? f->relation->span : f->f->span, "Error parsing attribute \"@relation\": %s",
                       msg);
}

static SdDiag *field_err(V *v, const VField *f, const char *container, const char *msg)
{
    return sd_pslv_err(v, f->f->span, "Error validating field `%s` in %s `%s`: %s", f->f->name, container,
                       f->model->b->name, msg);
}

/* fields: [a, b] or references: [a, b] against model m. */
static void resolve_list(V *v, VField *f, const char *arg, VModel *m, SdVec *out, bool *had)
{
    const PslExpr *e = f->relation ? sd_pslv_arg(f->relation, arg, "name") : NULL;
    if (!e)
        return;
    *had = true;
    if (e->kind == PSL_EXPR_IDENT) { /* a single value is a list of one */
        PslExpr *one = sd_alloc(v->a, sizeof *one);
        one->kind = PSL_EXPR_ARRAY;
        one->loc = e->loc;
        sd_vec_push(v->a, &one->items, (void *)e);
        e = one;
    }
    if (e->kind != PSL_EXPR_ARRAY) {
        sd_pslv_err(v, e->loc, "Expected an array value, but received %s value `%s`.", sd_pslv_kind_name(e),
                    sd_pslv_expr_text(v, e));
        return;
    }
    SdBuf missing = {0}, rels = {0};
    for (size_t i = 0; i < e->items.len; i++) {
        const PslExpr *it = SD_VEC_AT(e->items, i, const PslExpr *);
        VField *t = it->kind == PSL_EXPR_IDENT && m ? sd_map_get(&m->by_name, it->str) : NULL;
        if (!t)
            sd_buf_printf(&missing, "%s%s", missing.len ? ", " : "", sd_pslv_expr_text(v, it));
        else if (t->kind == VF_RELATION)
            sd_buf_printf(&rels, "%s%s", rels.len ? ", " : "", t->f->name);
        else
            sd_vec_push(v->a, out, t);
    }
    bool refs = arg[0] == 'r';
    if (missing.len && !refs)
        rel_err(v, f, sd_printf(v->a, "The argument fields must refer only to existing fields. The following fields "
                                      "do not exist in this model: %s", sd_buf_str(&missing)));
    else if (missing.len)
        rel_err(v, f, sd_printf(v->a, "The argument `references` must refer only to existing fields in the related "
                                      "model `%s`. The following fields do not exist in the related model: %s",
                                m ? m->b->name : "?", sd_buf_str(&missing)));
    if (rels.len)
        rel_err(v, f, sd_printf(v->a, "The argument `%s` must refer only to scalar fields%s. But it is referencing "
                                      "the following relation fields: %s", refs ? "references" : "fields",
                                refs ? " in the related model" : "", sd_buf_str(&rels)));
    sd_buf_free(&missing);
    sd_buf_free(&rels);
}

static const char *const ACTIONS[] = {"Cascade", "Restrict", "NoAction", "SetNull", "SetDefault"};

static void relation_args(V *v, VField *f)
{
    static const char *const names[] = {"name", "fields", "references", "onDelete", "onUpdate", "map"};
    const PslAttr *at = f->relation;
    if (!at)
        return;
    sd_pslv_check_args(v, at, "name", names, SD_ARRAY_LEN(names));
    const PslExpr *e = sd_pslv_arg(at, "name", "name");
    if (e) {
        const char *s = sd_pslv_want_string(v, e);
        f->rel_name = s ? s : "";
    }
    if ((e = sd_pslv_arg(at, "map", "name")))
        sd_pslv_want_string(v, e);
    for (int k = 0; k < 2; k++) {
        e = sd_pslv_arg(at, k ? "onUpdate" : "onDelete", "name");
        if (!e)
            continue;
        bool ok = false;
        for (size_t i = 0; e->kind == PSL_EXPR_IDENT && i < SD_ARRAY_LEN(ACTIONS); i++)
            ok = ok || sd_streq(e->str, ACTIONS[i]);
        if (!ok)
            sd_pslv_err(v, e->loc, "Error parsing attribute \"@relation\": Invalid referential action: `%s`",
                        sd_pslv_expr_text(v, e));
        else if (v->relmode_prisma && sd_streq(e->str, "SetDefault"))
            sd_pslv_err(v, e->loc, "Error parsing attribute \"@relation\": Invalid referential action: `SetDefault`. "
                        "Allowed values: (`Cascade`, `Restrict`, `NoAction`, `SetNull`). `SetDefault` is invalid for "
                        "relationMode = \"prisma\".");
    }
    resolve_list(v, f, "fields", f->model, &f->rel_fields, &f->has_fields);
    resolve_list(v, f, "references", f->target, &f->rel_refs, &f->has_refs);
}

static VRel *new_rel(V *v, VField *a, VField *b)
{
    VRel *r = sd_alloc(v->a, sizeof *r);
    /* a: the side that defines the foreign key, when one does */
    if (b && (b->has_fields || b->has_refs) && !(a->has_fields || a->has_refs)) {
        VField *t = a;
        a = b;
        b = t;
    }
    r->a = a;
    r->b = b;
    r->name = a->rel_name;
    r->m2m = b && a->f->arity == PSL_ARITY_LIST && b->f->arity == PSL_ARITY_LIST;
    a->rel = r;
    if (b)
        b->rel = r;
    sd_vec_push(v->a, &v->rels, r);
    return r;
}

/* Pairs each relation field with its opposite (same relation name, pointing back). */
static void pair_fields(V *v, VModel *m, VField *f)
{
    if (f->rel || !f->target)
        return;
    VModel *t = f->target;
    VField *opp = NULL;
    for (size_t i = 0; i < t->fields.len; i++) {
        VField *o = SD_VEC_AT(t->fields, i, VField *);
        if (o == f || o->rel || o->kind != VF_RELATION || o->target != m || !sd_streq(o->rel_name, f->rel_name))
            continue;
        opp = o;
        break;
    }
    new_rel(v, f, opp);
}

void sd_pslv_relations(V *v)
{
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        for (size_t j = 0; j < m->fields.len; j++) {
            VField *f = SD_VEC_AT(m->fields, j, VField *);
            if (f->kind == VF_RELATION)
                relation_args(v, f);
        }
    }
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        for (size_t j = 0; j < m->fields.len; j++) {
            VField *f = SD_VEC_AT(m->fields, j, VField *);
            if (f->kind == VF_RELATION)
                pair_fields(v, m, f);
        }
    }
}

/* ---- pipeline checks ---- */

static const char *names_of(V *v, const SdVec *fields)
{
    SdBuf b = {0};
    for (size_t i = 0; i < fields->len; i++)
        sd_buf_printf(&b, "%s%s", i ? ", " : "", SD_VEC_AT(*fields, i, const VField *)->f->name);
    const char *s = sd_strdup(v->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

static void ambiguity(V *v, VModel *m)
{
    for (size_t i = 0; i < m->fields.len; i++) {
        VField *f = SD_VEC_AT(m->fields, i, VField *);
        if (f->kind != VF_RELATION || !f->target)
            continue;
        for (size_t j = i + 1; j < m->fields.len; j++) {
            VField *g = SD_VEC_AT(m->fields, j, VField *);
            if (g->kind != VF_RELATION || g->target != f->target || !sd_streq(f->rel_name, g->rel_name))
                continue;
            if (f->target == m && f->rel && f->rel == g->rel)
                continue; /* the two sides of one self-relation */
            sd_pslv_err(v, f->f->span, "Error validating model \"%s\": Ambiguous relation detected. The fields `%s` "
                        "and `%s` in model `%s` both refer to `%s`. Please provide different relation names for them "
                        "by adding `@relation(<name>).", m->b->name, f->f->name, g->f->name, m->b->name,
                        f->target->b->name);
            return;
        }
    }
}

static bool crit_matches(const VCrit *c, const SdVec *refs)
{
    if (c->bad || c->kind == VC_INDEX || c->fields.len != refs->len)
        return false;
    for (size_t i = 0; i < refs->len; i++) {
        bool found = false;
        for (size_t j = 0; j < c->fields.len && !found; j++)
            found = c->fields.items[j] == refs->items[i];
        if (!found)
            return false;
    }
    return true;
}

static bool is_unique_set(const VModel *m, const SdVec *fields)
{
    for (size_t i = 0; i < m->crits.len; i++)
        if (crit_matches(SD_VEC_AT(m->crits, i, const VCrit *), fields))
            return true;
    return false;
}

static bool any_optional(const SdVec *fields)
{
    for (size_t i = 0; i < fields->len; i++)
        if (SD_VEC_AT(*fields, i, const VField *)->f->arity != PSL_ARITY_REQUIRED)
            return true;
    return false;
}

static void set_null_checks(V *v, VField *f)
{
    if (!any_optional(&f->rel_fields) && !f->rel_fields.len)
        return;
    bool required = false;
    for (size_t i = 0; i < f->rel_fields.len; i++)
        required = required || SD_VEC_AT(f->rel_fields, i, const VField *)->f->arity == PSL_ARITY_REQUIRED;
    if (!required)
        return;
    for (int k = 0; k < 2; k++) {
        const char *which = k ? "onUpdate" : "onDelete";
        const PslExpr *e = sd_pslv_arg(f->relation, which, "name");
        if (!e || !sd_streq(e->str, "SetNull"))
            continue;
        const char *msg = sd_printf(v->a, "The `%s` referential action of a relation must not be set to `SetNull` "
                                          "when a referenced field is required.\nEither choose another referential "
                                          "action, or make the referenced fields optional.\n", which);
        if (v->ds && !v->relmode_prisma)
            sd_pslv_warn(v, f->f->span, "%s", msg);
        else
            rel_err(v, f, msg);
    }
}

/* The side with fields/references: arity, types, uniqueness of references. */
static void fk_side(V *v, VRel *r)
{
    VField *f = r->a;
    if (f->has_fields != f->has_refs) {
        rel_err(v, f, sd_printf(v->a, "The relation field `%s` on Model `%s` must specify the `%s` argument in the "
                                      "@relation attribute.", f->f->name, f->model->b->name,
                                f->has_fields ? "references" : "fields"));
        return;
    }
    if (f->rel_fields.len != f->rel_refs.len) {
        sd_pslv_err(v, f->f->span, "Error validating: You must specify the same number of fields in `fields` and "
                                   "`references`.");
        return;
    }
    for (size_t i = 0; i < f->rel_fields.len; i++) {
        const VField *a = SD_VEC_AT(f->rel_fields, i, const VField *), *b = SD_VEC_AT(f->rel_refs, i, const VField *);
        if (!sd_streq(a->f->type, b->f->type) || (a->f->arity == PSL_ARITY_LIST) != (b->f->arity == PSL_ARITY_LIST))
            rel_err(v, f, sd_printf(v->a, "The type of the field `%s` in the model `%s` is not matching the type of "
                                          "the referenced field `%s` in model `%s`.", a->f->name,
                                    f->model->b->name, b->f->name, f->target->b->name));
    }
    if (f->rel_refs.len && !is_unique_set(f->target, &f->rel_refs)) {
        const char *hint = f->rel_refs.len == 1
                               ? sd_printf(v->a, "Consider adding an `@unique` attribute to the field `%s` in the "
                                                 "model `%s`.", names_of(v, &f->rel_refs), f->target->b->name)
                               : sd_printf(v->a, "Consider adding an `@@unique([%s])` attribute to the model `%s`.",
                                           names_of(v, &f->rel_refs), f->target->b->name);
        rel_err(v, f, sd_printf(v->a, "The argument `references` must refer to a unique criterion in the related "
                                      "model. %s", hint));
    }
    if (f->f->arity == PSL_ARITY_REQUIRED && any_optional(&f->rel_fields))
        sd_pslv_err(v, f->f->span, "Error validating: The relation field `%s` uses the scalar fields %s. At least "
                    "one of those fields is optional. Hence the relation field must be optional as well.",
                    f->f->name, names_of(v, &f->rel_fields));
    set_null_checks(v, f);
}

static bool has_actions(const VField *f)
{
    return f->relation && (sd_pslv_arg(f->relation, "onDelete", "name") || sd_pslv_arg(f->relation, "onUpdate",
                                                                                       "name"));
}

static void check_m2m(V *v, VRel *r)
{
    VField *sides[2] = {r->a, r->b};
    for (int i = 0; i < 2; i++) {
        VField *f = sides[i];
        if (f->model->view || f->target->view)
            sd_pslv_err(v, f->f->span, "Error validating: Implicit many-to-many relations are not supported for "
                                       "views.");
        VCrit *pk = f->target->pk;
        if (!pk || pk->fields.len != 1)
            field_err(v, f, sd_pslv_container(f->target),
                      sd_printf(v->a, "The relation field `%s` on %s `%s` references `%s` which does not have an "
                                      "`@id` field. Models without `@id` cannot be part of a many to many relation. "
                                      "Use an explicit intermediate Model to represent this relationship.",
                                f->f->name, sd_pslv_container(f->target), f->model->b->name, f->target->b->name));
        if (f->has_fields || f->has_refs)
            rel_err(v, f, sd_printf(v->a, "The relation field `%s` on Model `%s` must not specify the `fields` or "
                                          "`references` argument in the @relation attribute. Implicit many-to-many "
                                          "relations cannot have them.", f->f->name, f->model->b->name));
        if (has_actions(f))
            rel_err(v, f, "Referential actions on implicit many-to-many relations are not supported");
    }
}

static void check_one_side(V *v, VRel *r)
{
    VField *a = r->a, *b = r->b;
    bool a_fk = a->has_fields || a->has_refs;
    if (a->f->arity == PSL_ARITY_LIST && b->f->arity != PSL_ARITY_LIST) {
        VField *t = a; /* the singular side must define the foreign key */
        a = b;
        b = t;
        a_fk = a->has_fields || a->has_refs;
    }
    if (b->has_fields || b->has_refs) {
        if (a_fk) {
            const char *msg = sd_printf(v->a, "The relation fields `%s` on Model `%s` and `%s` on Model `%s` both "
                                              "provide the `references` argument in the @relation attribute. You have "
                                              "to provide it only on one of the two fields.", a->f->name,
                                        a->model->b->name, b->f->name, b->model->b->name);
            rel_err(v, a, msg);
            rel_err(v, b, msg);
        } else
            rel_err(v, b, sd_printf(v->a, "The relation field `%s` on Model `%s` must not specify the `fields` or "
                                          "`references` argument in the @relation attribute. You must only specify it "
                                          "on the opposite field `%s` on model `%s`.", b->f->name, b->model->b->name,
                                    a->f->name, a->model->b->name));
        return;
    }
    if (!a_fk) {
        if (a->f->arity == PSL_ARITY_LIST || b->f->arity == PSL_ARITY_LIST)
            rel_err(v, a, sd_printf(v->a, "The relation field `%s` on Model `%s` must specify the `fields` argument "
                                          "in the @relation attribute. You can run `prisma format` to fix this "
                                          "automatically.", a->f->name, a->model->b->name));
        else
            rel_err(v, a, sd_printf(v->a, "The relation fields `%s` on Model `%s` and `%s` on Model `%s` do not "
                                          "provide the `fields` argument in the @relation attribute. You have to "
                                          "provide it on one of the two fields.", a->f->name, a->model->b->name,
                                    b->f->name, b->model->b->name));
        return;
    }
    r->a = a;
    r->b = b;
    if (has_actions(b))
        rel_err(v, b, sd_printf(v->a, "The relation field `%s` on Model `%s` must not specify the `onDelete` or "
                                      "`onUpdate` argument in the @relation attribute. You must only specify it on "
                                      "the opposite field `%s` on model `%s`, or in case of a many to many relation, "
                                      "in an explicit join table.", b->f->name, b->model->b->name, a->f->name,
                                a->model->b->name));
    fk_side(v, r);
    if (b->f->arity == PSL_ARITY_LIST)
        return;
    /* one-to-one */
    if (b->f->arity == PSL_ARITY_REQUIRED)
        rel_err(v, b, sd_printf(v->a, "The relation field `%s` on Model `%s` is required. This is not valid because "
                                      "it's not possible to enforce this constraint on the database level. Please "
                                      "change the field type from `%s` to `%s?` to fix this.", b->f->name,
                                b->model->b->name, b->f->type, b->f->type));
    if (a->rel_fields.len && a->rel_fields.len == a->rel_refs.len && !is_unique_set(a->model, &a->rel_fields))
        rel_err(v, a, sd_printf(v->a, "A one-to-one relation must use unique fields on the defining side. Either add "
                                      "an `@unique` attribute to the field `%s`, or change the relation to "
                                      "one-to-many.", names_of(v, &a->rel_fields)));
}

/* relationMode = "prisma" emulates actions: a self-relation needs NoAction on one side. */
static void self_cycle(V *v, VRel *r)
{
    VField *a = r->a;
    if (!v->relmode_prisma || a->model != a->target || !a->has_fields)
        return;
    const PslExpr *del = sd_pslv_arg(a->relation, "onDelete", "name");
    const PslExpr *upd = sd_pslv_arg(a->relation, "onUpdate", "name");
    if (del && upd && sd_streq(del->str, "NoAction") && sd_streq(upd->str, "NoAction"))
        return;
    if (!del && !upd)
        return;
    sd_pslv_err(v, a->f->span, "Error validating: A self-relation must have `onDelete` and `onUpdate` referential "
                "actions set to `NoAction` in one of the @relation attributes. (Implicit default `onUpdate`: "
                "`Cascade`) Read more at https://pris.ly/d/cyclic-referential-actions");
}

static void ignored_target(V *v, VField *f)
{
    if (f->target && f->target->ignored && !f->ignored && !f->model->ignored)
        sd_pslv_err(v, f->f->span, "Error parsing attribute \"@ignore\": The relation field `%s` on Model `%s` must "
                    "specify the `@ignore` attribute, because the model %s it is pointing to is marked ignored.",
                    f->f->name, f->model->b->name, f->target->b->name);
}

void sd_pslv_relation_checks(V *v)
{
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        ambiguity(v, m);
        for (size_t j = 0; j < m->fields.len; j++) {
            VField *f = SD_VEC_AT(m->fields, j, VField *);
            if (f->kind == VF_RELATION)
                ignored_target(v, f);
        }
    }
    for (size_t i = 0; i < v->rels.len; i++) {
        VRel *r = SD_VEC_AT(v->rels, i, VRel *);
        if (!r->b) {
            VField *f = r->a;
            field_err(v, f, sd_pslv_container(f->model),
                      sd_printf(v->a, "The relation field `%s` on %s `%s` is missing an opposite relation field on "
                                      "the %s `%s`. Either run `prisma format` or add it manually.", f->f->name,
                                sd_pslv_container(f->model), f->model->b->name, sd_pslv_container(f->target),
                                f->target->b->name));
            continue;
        }
        if (r->m2m)
            check_m2m(v, r);
        else
            check_one_side(v, r);
        self_cycle(v, r);
    }
}

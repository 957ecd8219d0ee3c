/* psl_validate.c: the Prisma validator's entry point, shared helpers, and the
 * first two of Prisma's phases: names (duplicates, reserved names) and types
 * (every field type resolves).  Messages keep Prisma's wording so they can be
 * compared with Prisma's own output. */
#include "psl_validate_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

SdDiag *sd_pslv_err(V *v, SdLoc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    SdDiag *dg = sd_diag_add(v->d, SD_DIAG_ERROR, loc, fmt, ap);
    va_end(ap);
    return dg;
}

SdDiag *sd_pslv_warn(V *v, SdLoc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    SdDiag *dg = sd_diag_add(v->d, SD_DIAG_WARNING, loc, fmt, ap);
    va_end(ap);
    return dg;
}

const char *sd_pslv_kind_name(const PslExpr *e)
{
    switch (e->kind) {
    case PSL_EXPR_STRING: return "string";
    case PSL_EXPR_NUMBER: return "numeric";
    case PSL_EXPR_IDENT: return "constant";
    case PSL_EXPR_FUNC: return "function";
    case PSL_EXPR_ARRAY: return "array";
    case PSL_EXPR_OBJECT: return "object";
    }
    return "unknown";
}

static void expr_text(SdBuf *b, const PslExpr *e, int depth)
{
    if (depth > 8) {
        sd_buf_puts(b, "...");
        return;
    }
    switch (e->kind) {
    case PSL_EXPR_STRING:
        sd_buf_printf(b, "\"%s\"", e->str ? e->str : "");
        return;
    case PSL_EXPR_NUMBER:
    case PSL_EXPR_IDENT:
        sd_buf_puts(b, e->str ? e->str : "");
        return;
    case PSL_EXPR_ARRAY:
        sd_buf_putc(b, '[');
        for (size_t i = 0; i < e->items.len; i++) {
            if (i)
                sd_buf_puts(b, ", ");
            expr_text(b, SD_VEC_AT(e->items, i, const PslExpr *), depth + 1);
        }
        sd_buf_putc(b, ']');
        return;
    case PSL_EXPR_FUNC:
    case PSL_EXPR_OBJECT:
        sd_buf_puts(b, e->kind == PSL_EXPR_FUNC ? (e->str ? e->str : "") : "");
        sd_buf_puts(b, e->kind == PSL_EXPR_FUNC ? "(" : "{ ");
        for (size_t i = 0; i < e->args.len; i++) {
            const PslArg *arg = SD_VEC_AT(e->args, i, const PslArg *);
            if (i)
                sd_buf_puts(b, ", ");
            if (arg->name)
                sd_buf_printf(b, "%s: ", arg->name);
            if (arg->value)
                expr_text(b, arg->value, depth + 1);
        }
        sd_buf_puts(b, e->kind == PSL_EXPR_FUNC ? ")" : " }");
        return;
    }
}

const char *sd_pslv_expr_text(V *v, const PslExpr *e)
{
    SdBuf b = {0};
    expr_text(&b, e, 0);
    char *s = sd_strdup(v->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

const char *sd_pslv_want_string(V *v, const PslExpr *e)
{
    if (!e)
        return NULL;
    if (e->kind == PSL_EXPR_STRING)
        return e->str ? e->str : "";
    sd_pslv_err(v, e->loc, "Expected a string value, but received %s value `%s`.", sd_pslv_kind_name(e),
                sd_pslv_expr_text(v, e));
    return NULL;
}

bool sd_pslv_has_preview(const V *v, const char *feature)
{
    return sd_map_get(&v->preview, feature) != NULL;
}

const char *sd_pslv_container(const VModel *m) { return m->view ? "view" : "model"; }

/* ---- phase 1: names ---- */

static const char *const RESERVED_NAMES[] = {
    "PrismaClient", "async", "await", "break", "case", "catch", "class", "const", "continue",
    "debugger", "default", "delete", "do", "else", "enum", "export", "extends", "false",
    "finally", "for", "function", "if", "implements", "import", "in", "instanceof",
    "interface", "let", "new", "null", "package", "private", "protected", "public", "return",
    "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while",
    "with", "yield",
};

static const char *const SCALARS[] = {
    "String", "Boolean", "Int", "BigInt", "Float", "Decimal", "DateTime", "Json", "Bytes",
    "Geometry", "Geography",
};

bool sd_pslv_is_scalar_type(const char *type)
{
    if (!type)
        return false;
    switch (type[0]) { /* every field asks: one or two comparisons, not eleven */
    case 'S': return strcmp(type, "String") == 0;
    case 'B': return strcmp(type, "Boolean") == 0 || strcmp(type, "BigInt") == 0 || strcmp(type, "Bytes") == 0;
    case 'I': return strcmp(type, "Int") == 0;
    case 'F': return strcmp(type, "Float") == 0;
    case 'D': return strcmp(type, "Decimal") == 0 || strcmp(type, "DateTime") == 0;
    case 'J': return strcmp(type, "Json") == 0;
    case 'G': return strcmp(type, "Geometry") == 0 || strcmp(type, "Geography") == 0;
    default: return false;
    }
}

static bool is_reserved_model_name(const char *name)
{
    for (size_t i = 0; i < SD_ARRAY_LEN(RESERVED_NAMES); i++)
        if (sd_streq(name, RESERVED_NAMES[i]))
            return true;
    return false;
}

static const char *block_word(PslBlockKind k)
{
    switch (k) {
    case PSL_BLOCK_MODEL: return "model";
    case PSL_BLOCK_VIEW: return "view";
    case PSL_BLOCK_TYPE: return "composite type";
    case PSL_BLOCK_ENUM: return "enum";
    case PSL_BLOCK_DATASOURCE: return "datasource";
    case PSL_BLOCK_GENERATOR: return "generator";
    }
    return "block";
}

static bool starts_with_digit(const char *s) { return s && isdigit((unsigned char)s[0]); }

/* Top-level names: models, views, enums and composite types share one
 * namespace; generators and datasources each have their own. */
static void check_top_name(V *v, const PslBlock *b, SdMap *gens, SdMap *dss)
{
    if (!b->name)
        return;
    if (starts_with_digit(b->name))
        sd_pslv_err(v, b->loc, "Error validating: The name of a %s must not start with a number.",
                    block_word(b->kind));
    SdMap *ns = b->kind == PSL_BLOCK_GENERATOR ? gens : b->kind == PSL_BLOCK_DATASOURCE ? dss : &v->tops;
    const PslBlock *prev = sd_map_get(ns, b->name);
    if (prev) {
        sd_pslv_err(v, b->loc, "The %s \"%s\" cannot be defined because a %s with that name already exists.",
                    block_word(b->kind), b->name, block_word(prev->kind));
        return;
    }
    sd_map_put(v->a, ns, b->name, (void *)b);
    if (b->kind == PSL_BLOCK_MODEL || b->kind == PSL_BLOCK_VIEW || b->kind == PSL_BLOCK_ENUM ||
        b->kind == PSL_BLOCK_TYPE) {
        if (sd_pslv_is_scalar_type(b->name) || sd_streq(b->name, "Unsupported"))
            sd_pslv_err(v, b->loc, "\"%s\" is a reserved scalar type name and cannot be used.", b->name);
        else if (b->kind != PSL_BLOCK_TYPE && is_reserved_model_name(b->name))
            sd_pslv_err(v, b->loc,
                        "Error validating %s \"%s\": The %s name `%s` is invalid. It is a reserved name. "
                        "Please change it. Read more at https://pris.ly/d/naming-models",
                        block_word(b->kind), b->name, block_word(b->kind), b->name);
    }
}

/* A field's (or enum value's) name: not starting with a digit, not repeated in
 * its block.  seen maps the names met so far to their value; a new one is put
 * there with val.  True when the name is new. */
static bool check_field_name(V *v, const PslBlock *b, const PslField *f, SdMap *seen, void *val)
{
    if (starts_with_digit(f->name))
        sd_pslv_err(v, f->loc, "Error validating: The name of a %s must not start with a number.",
                    b->kind == PSL_BLOCK_ENUM ? "enum value" : "field");
    if (sd_map_get(seen, f->name)) {
        if (b->kind == PSL_BLOCK_ENUM)
            sd_pslv_err(v, f->loc, "Value \"%s\" is already defined on enum \"%s\".", f->name, b->name);
        else
            sd_pslv_err(v, f->loc, "Field \"%s\" is already defined on %s \"%s\".", f->name,
                        block_word(b->kind), b->name);
        return false;
    }
    sd_map_put(v->a, seen, f->name, val);
    return true;
}

/* Enums, composite types and unnamed blocks: names only (models have new_model). */
static void check_field_names(V *v, const PslBlock *b)
{
    SdMap seen = {0};
    for (size_t i = 0; i < b->fields.len; i++) {
        const PslField *f = SD_VEC_AT(b->fields, i, const PslField *);
        if (f->name)
            check_field_name(v, b, f, &seen, (void *)f);
    }
    sd_map_release(v->a, &seen);
}

static VModel *new_model(V *v, const PslBlock *b);

/* Models and views get their VModel here: its map of field names is the one
 * the duplicate check needs, so the fields are walked once for both. */
static void phase_names(V *v)
{
    SdMap gens = {0}, dss = {0};
    for (size_t i = 0; i < v->s->blocks.len; i++) {
        const PslBlock *b = SD_VEC_AT(v->s->blocks, i, const PslBlock *);
        check_top_name(v, b, &gens, &dss);
        if ((b->kind == PSL_BLOCK_MODEL || b->kind == PSL_BLOCK_VIEW) && b->name)
            sd_vec_push(v->a, &v->model_list, new_model(v, b));
        else if (b->kind == PSL_BLOCK_MODEL || b->kind == PSL_BLOCK_VIEW || b->kind == PSL_BLOCK_ENUM ||
                 b->kind == PSL_BLOCK_TYPE)
            check_field_names(v, b);
        if (b->kind == PSL_BLOCK_ENUM && !sd_map_get(&v->enums, b->name))
            sd_map_put(v->a, &v->enums, b->name, (void *)b);
    }
}

/* ---- phase 2: types ---- */

static const char *case_suggestion(V *v, const char *type)
{
    for (size_t i = 0; i < SD_ARRAY_LEN(SCALARS); i++)
        if (strcasecmp(type, SCALARS[i]) == 0)
            return SCALARS[i];
    for (size_t i = 0; i < v->tops.keys.len; i++) {
        const char *k = SD_VEC_AT(v->tops.keys, i, const char *);
        if (strcasecmp(type, k) == 0)
            return k;
    }
    return NULL;
}

static void resolve_field(V *v, VModel *m, VField *vf)
{
    const PslField *f = vf->f;
    if (f->list_optional)
        sd_pslv_err(v, f->type_loc, "Optional lists are not supported. Use either `Type[]` or `Type?`.");
    if (!f->type) {
        vf->kind = VF_UNKNOWN;
        return;
    }
    if (sd_streq(f->type, "Unsupported")) {
        vf->kind = VF_UNSUPPORTED;
        return;
    }
    if (sd_pslv_is_scalar_type(f->type)) {
        vf->kind = VF_SCALAR;
        return;
    }
    /* only now the (large) map of top-level names: most fields are scalars */
    const PslBlock *top = sd_map_get(&v->tops, f->type);
    if (top && top->kind == PSL_BLOCK_ENUM) {
        vf->kind = VF_ENUM;
        vf->enum_block = top;
    } else if (top && (top->kind == PSL_BLOCK_MODEL || top->kind == PSL_BLOCK_VIEW)) {
        vf->kind = VF_RELATION;
        vf->target = sd_map_get(&v->models, f->type);
    } else if (top && top->kind == PSL_BLOCK_TYPE) {
        vf->kind = VF_UNKNOWN; /* composite types: reported once, on the type block */
    } else {
        vf->kind = VF_UNKNOWN;
        const char *sugg = case_suggestion(v, f->type);
        if (sugg)
            sd_pslv_err(v, f->type_loc,
                        "Type \"%s\" is neither a built-in type, nor refers to another model, composite type, "
                        "or enum. Did you mean \"%s\"?",
                        f->type, sugg);
        else
            sd_pslv_err(v, f->type_loc,
                        "Type \"%s\" is neither a built-in type, nor refers to another model, composite type, "
                        "or enum.",
                        f->type);
    }
    (void)m;
}

/* The model's fields in one array; a repeated name is reported (the first
 * definition keeps the name in by_name). */
static VModel *new_model(V *v, const PslBlock *b)
{
    VModel *m = sd_alloc(v->a, sizeof *m);
    m->b = b;
    m->view = b->kind == PSL_BLOCK_VIEW;
    m->dbname = b->name;
    uint32_t n = b->fields.len;
    VField *vfs = n ? sd_alloc(v->a, n * sizeof *vfs) : NULL;
    m->fields.items = n ? sd_alloc(v->a, n * sizeof(void *)) : NULL;
    m->fields.len = m->fields.cap = n;
    for (uint32_t i = 0; i < n; i++) {
        const PslField *f = SD_VEC_AT(b->fields, i, const PslField *);
        VField *vf = &vfs[i];
        vf->f = f;
        vf->model = m;
        vf->dbname = f->name;
        vf->rel_name = "";
        m->fields.items[i] = vf;
        if (f->name)
            check_field_name(v, b, f, &m->by_name, vf);
    }
    return m;
}

/* The models that own their name (a repeated one was reported), then every
 * field's type. */
static void phase_types(V *v)
{
    size_t kept = 0;
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        if (sd_map_get(&v->tops, m->b->name) != m->b)
            continue; /* a duplicate: already reported */
        sd_map_put(v->a, &v->models, m->b->name, m);
        v->model_list.items[kept++] = m;
    }
    v->model_list.len = (uint32_t)kept;
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        for (size_t j = 0; j < m->fields.len; j++)
            resolve_field(v, m, SD_VEC_AT(m->fields, j, VField *));
    }
}

/* ---- phase 3: attributes ---- */

static void phase_attributes(V *v)
{
    for (size_t i = 0; i < v->model_list.len; i++) {
        VModel *m = SD_VEC_AT(v->model_list, i, VModel *);
        sd_pslv_field_attrs(v, m);
        sd_pslv_model_attrs(v, m);
    }
    for (size_t i = 0; i < v->s->blocks.len; i++) {
        const PslBlock *b = SD_VEC_AT(v->s->blocks, i, const PslBlock *);
        if (b->kind == PSL_BLOCK_ENUM)
            sd_pslv_enum_attrs(v, b);
    }
}

static void validate_phases(SdArena *a, SdDiags *diags, const PslSchema *schema);

static void native_types_job(void *v) { sd_pslv_native_types(v); }
static void model_checks_job(void *v) { sd_pslv_model_checks(v); }

enum { PARALLEL_MODELS = 500 }; /* fewer models: one thread (a thread costs more) */

/* Prisma's validation pipeline: native types, model checks, relation checks,
 * their diagnostics in that order.  The native-type checks read fields and
 * attributes only, and nothing the model checks write: on a large schema they
 * run on a second thread beside the model checks, with their own diagnostics
 * (in an arena that lives as long as the run's), spliced in first. */
static void pipeline_checks(V *v)
{
    if (v->model_list.len < PARALLEL_MODELS) {
        sd_pslv_native_types(v);
        sd_pslv_model_checks(v);
        sd_pslv_relation_checks(v);
        return;
    }
    V nv = *v;
    SdDiags nd;
    nv.a = sd_arena_child(v->d->arena);
    sd_diags_init(&nd, nv.a);
    nd.max_errors = v->d->max_errors;
    nv.d = &nd;
    uint32_t at = v->d->list.len;
    sd_parallel2(model_checks_job, v, native_types_job, &nv);
    sd_diags_insert(v->d, at, &nd);
    sd_pslv_relation_checks(v);
}

/* Checks in phases (validate_phases); the validator's own tables live in a
 * scratch arena freed on return, so only the diagnostics (in the diags'
 * arena) outlive it.  Strings that go into an SdDiag must be allocated there. */
void sd_psl_validate(SdArena *a, SdDiags *diags, const PslSchema *schema)
{
    (void)a;
    SdArena *scratch = sd_arena_new();
    validate_phases(scratch, diags, schema);
    sd_arena_free(scratch);
}

static void validate_phases(SdArena *a, SdDiags *diags, const PslSchema *schema)
{
    V v = {.a = a, .d = diags, .s = schema};
    int before = diags->nerrors;
    /* Configuration errors do not stop the name, type and attribute phases
     * (Prisma checks the configuration apart), but they do stop the pipeline. */
    sd_pslv_config(&v);
    int cfg = diags->nerrors;
    phase_names(&v);
    if (diags->nerrors > cfg)
        return;
    phase_types(&v);
    if (diags->nerrors > cfg)
        return;
    phase_attributes(&v);
    sd_pslv_relations(&v);
    /* Prisma runs its validation pipeline only on a schema without errors. */
    if (diags->nerrors > before)
        return;
    pipeline_checks(&v);
}

/* ---- attribute arguments ---- */

const PslExpr *sd_pslv_arg(const PslAttr *at, const char *name, const char *deflt)
{
    bool want_pos = deflt && sd_streq(name, deflt);
    for (size_t i = 0; i < at->args.len; i++) {
        const PslArg *arg = SD_VEC_AT(at->args, i, const PslArg *);
        if (arg->name ? sd_streq(arg->name, name) : want_pos)
            return arg->value;
        if (!arg->name)
            want_pos = false; /* only the first positional argument is the default one */
    }
    return NULL;
}

bool sd_pslv_check_args(V *v, const PslAttr *at, const char *deflt, const char *const *names, size_t n)
{
    bool ok = true, pos_seen = false;
    /* names accepted so far: an attribute has a handful of arguments, so a
     * linear scan beats a map (which cost a few hundred bytes per attribute),
     * and a few fit on the stack */
    const char *few[8];
    const char **seen = at->args.len <= SD_ARRAY_LEN(few) ? few : sd_alloc(v->a, at->args.len * sizeof *seen);
    size_t nseen = 0;
    for (size_t i = 0; i < at->args.len; i++) {
        const PslArg *arg = SD_VEC_AT(at->args, i, const PslArg *);
        const char *name = arg->name;
        if (!name) {
            if (pos_seen || !deflt) {
                sd_pslv_err(v, arg->loc, "No such argument.");
                ok = false;
                continue;
            }
            pos_seen = true;
            name = deflt;
        } else {
            bool known = false;
            for (size_t j = 0; j < n; j++)
                known = known || sd_streq(names[j], name);
            if (!known) {
                sd_pslv_err(v, arg->loc, "No such argument.");
                ok = false;
                continue;
            }
        }
        bool dup = false;
        for (size_t j = 0; j < nseen && !dup; j++)
            dup = strcmp(seen[j], name) == 0;
        if (dup) {
            if (arg->name && deflt && sd_streq(name, deflt) && pos_seen)
                sd_pslv_err(v, arg->loc, "Argument \"%s\" is already specified as unnamed argument.", name);
            else
                sd_pslv_err(v, arg->loc, "Argument \"%s\" is already specified.", name);
            ok = false;
            continue;
        }
        seen[nseen++] = name;
        if (!arg->value) {
            sd_pslv_err(v, arg->loc, "Argument \"%s\" is missing.", name);
            ok = false;
        }
    }
    return ok;
}

const char *sd_pslv_attr_name(V *v, const PslAttr *at)
{
    return sd_printf(v->a, "%s%s", at->block ? "@@" : "@", at->name ? at->name : "");
}

void sd_pslv_trailing_comma(V *v, const PslAttr *at)
{
    /* Prisma's arguments reader rejects "@default(1,)", naming the attribute with one
     * @ even for a block attribute; native types take a trailing comma (their own
     * argument parsing). */
    if (at->trailing_comma.line && at->name && !strchr(at->name, '.'))
        sd_pslv_err(v, at->span, "Error parsing attribute \"@%s\": Trailing commas are not valid in attribute "
                                 "arguments, please remove the comma.", at->name);
}

SdDiag *sd_pslv_attr_err(V *v, const PslAttr *at, SdLoc loc, const char *msg)
{
    return sd_pslv_err(v, loc, "Error parsing attribute \"%s\": %s", sd_pslv_attr_name(v, at), msg);
}

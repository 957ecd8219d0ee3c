/* sql_expr.c: expressions as pg_get_expr() prints them after PostgreSQL has
 * analysed them: literals take the type they are coerced to ('x'::text),
 * implicit casts are hidden, varchar comparisons show their (col)::text
 * relabel, every operator is parenthesised.  A small type inference (literal,
 * column, a few functions) drives it; what it does not know it prints as
 * written. */
#include "sql_int.h"

#include "../model/lower_int.h" /* sd_lower_jsonb_text: jsonb_out form, shared with lowering */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct Ex {
    Replay *r;
    const ExprCtx *cx;
    bool ok;
} Ex;

/* quote_identifier(): bare when it can be, else double-quoted. */
static void put_ident(SdBuf *b, const char *s) { sd_buf_ident(b, s); }

static SdType builtin(const char *name) { return (SdType){.name = name, .mods = {-1, -1}}; }
static bool is_type(const SdType *t, const char *name) { return t && t->name && t->ndims == 0 && strcmp(t->name, name) == 0; }
static bool is_stringish(const SdType *t)
{
    return is_type(t, "character varying") || is_type(t, "character");
}

/* A constant of type t with the text value v, as get_const_expr prints it. */
/* timestamp_out of a timestamp without time zone literal: "YYYY-MM-DD HH:MM:SS[.frac]",
 * a written zone ignored.  NULL when v is not in the plain ISO form. */
static const char *timestamp_text(SdArena *a, const char *v)
{
    int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
    if (sscanf(v, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3)
        return NULL;
    const char *p = v + n;
    char frac[16] = "";
    if (*p == ' ' || *p == 'T') {
        int m = 0;
        if (sscanf(p + 1, "%2d:%2d:%2d%n", &h, &mi, &s, &m) != 3)
            return NULL;
        p += 1 + m;
        if (*p == '.') {
            size_t k = strspn(p + 1, "0123456789");
            if (k > 6)
                return NULL; /* rounding: leave it as written */
            sd_snprintf(frac, sizeof frac, ".%.*s", (int)k, p + 1);
            p += 1 + k;
            size_t fl = strlen(frac);
            while (fl > 1 && frac[fl - 1] == '0')
                frac[--fl] = '\0';
            if (fl == 1)
                frac[0] = '\0';
        }
    }
    while (*p == ' ')
        p++;
    if (*p && !(*p == '+' || *p == '-' || *p == 'Z' || strcmp(p, "UTC") == 0))
        return NULL;
    return sd_printf(a, "%04d-%02d-%02d %02d:%02d:%02d%s", y, mo, d, h, mi, s, frac);
}

static void put_const(SdBuf *b, const char *v, const SdType *t, SdArena *a)
{
    if (is_type(t, "jsonb")) {
        const char *norm = sd_lower_jsonb_text(a, v);
        if (norm)
            v = norm;
    }
    if (is_type(t, "timestamp without time zone")) {
        const char *norm = timestamp_text(a, v);
        if (norm)
            v = norm;
    }
    if (is_type(t, "boolean")) {
        bool yes = strchr("tTyY1", v[0]) || strcasecmp(v, "on") == 0;
        sd_buf_puts(b, yes ? "true" : "false");
        return;
    }
    if (is_type(t, "integer") && v[0] != '-' && v[0]) {
        sd_buf_puts(b, v);
        return;
    }
    if (is_type(t, "numeric") && isdigit((unsigned char)v[0]) && strcspn(v, "eE.") != strlen(v) &&
        t->mods[0] < 0) {
        sd_buf_puts(b, v);
        return;
    }
    sd_buf_quote_literal(b, v);
    sd_buf_puts(b, "::");
    sd_buf_puts(b, sd_type_format(a, t));
}

static bool print(Ex *e, SdBuf *b, Node *n, const SdType *want, SdType *got);

/* A numeric literal the grammar typed as Float: bigint when it fits, else numeric. */
static SdType float_type(const char *v)
{
    if (strcspn(v, ".eE") == strlen(v)) {
        char *end;
        (void)strtoll(v, &end, 10);
        if (!*end)
            return builtin("bigint");
    }
    return builtin("numeric");
}

static void print_aconst(Ex *e, SdBuf *b, PgQuery__AConst *c, const SdType *want, SdType *got)
{
    char num[32];
    switch (c->val_case) {
    case PG_QUERY__A__CONST__VAL_IVAL:
        sd_snprintf(num, sizeof num, "%d", c->ival->ival);
        *got = builtin("integer");
        put_const(b, num, got, e->r->a);
        return;
    case PG_QUERY__A__CONST__VAL_FVAL:
        *got = float_type(c->fval->fval);
        put_const(b, c->fval->fval, got, e->r->a);
        return;
    case PG_QUERY__A__CONST__VAL_BOOLVAL:
        *got = builtin("boolean");
        sd_buf_puts(b, c->boolval->boolval ? "true" : "false");
        return;
    case PG_QUERY__A__CONST__VAL_SVAL:
        /* an unknown-type literal takes the type it is coerced to */
        *got = want && want->name ? *want : builtin("text");
        got->mods[0] = got->mods[1] = -1; /* the typmod coercion is a hidden implicit cast */
        put_const(b, c->sval->sval, got, e->r->a);
        return;
    case PG_QUERY__A__CONST__VAL_BSVAL:
    case PG_QUERY__A__CONST__VAL__NOT_SET:
        break;
    }
    if (c->isnull) {
        sd_buf_puts(b, "NULL");
        *got = want ? *want : builtin("unknown");
        return;
    }
    e->ok = false;
}

static void print_array(Ex *e, SdBuf *b, PgQuery__AArrayExpr *ar, const SdType *want, SdType *got)
{
    SdType elem = want ? *want : builtin("text");
    elem.ndims = 0;
    sd_buf_puts(b, "ARRAY[");
    SdType eg = elem;
    for (size_t i = 0; i < ar->n_elements; i++) {
        if (i)
            sd_buf_puts(b, ", ");
        print(e, b, ar->elements[i], &elem, &eg);
    }
    sd_buf_putc(b, ']');
    *got = want ? *want : eg;
    got->ndims = 1;
    if (ar->n_elements == 0) {
        sd_buf_puts(b, "::");
        SdType t = *got;
        t.mods[0] = t.mods[1] = -1;
        sd_buf_puts(b, sd_type_format(e->r->a, &t));
    }
}

static void print_cast(Ex *e, SdBuf *b, PgQuery__TypeCast *tc, SdType *got)
{
    SdType t;
    if (!sql_type(e->r, tc->type_name, &t, NULL)) {
        e->ok = false;
        return;
    }
    Node *arg = tc->arg;
    *got = t;
    if (arg->node_case == PG_QUERY__NODE__NODE_A_CONST && arg->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL) {
        put_const(b, arg->a_const->sval->sval, &t, e->r->a);
        return;
    }
    if (arg->node_case == PG_QUERY__NODE__NODE_A_ARRAY_EXPR && t.ndims) {
        print_array(e, b, arg->a_array_expr, &t, got);
        return;
    }
    SdBuf inner = {0};
    SdType it = builtin("unknown");
    print(e, &inner, arg, NULL, &it);
    if (sd_type_equal(&it, &t)) {
        sd_buf_puts(b, sd_buf_str(&inner));
    } else {
        sd_buf_putc(b, '(');
        sd_buf_puts(b, sd_buf_str(&inner));
        sd_buf_puts(b, ")::");
        sd_buf_puts(b, sd_type_format(e->r->a, &t));
    }
    sd_buf_free(&inner);
}

static bool is_unknown_literal(const Node *n);

/* A regclass literal as regclassout prints it: the relation's name quoted as
 * needed, qualified when not in public.  The text may itself be quoted. */
static void put_regclass(SdBuf *b, const char *v)
{
    SdBuf name = {0}, parts = {0};
    bool quoted = false;
    for (const char *p = v; *p; p++) {
        if (*p == '"') {
            if (quoted && p[1] == '"')
                sd_buf_putc(&name, *p++);
            else
                quoted = !quoted;
        } else if (*p == '.' && !quoted) {
            if (strcmp(sd_buf_str(&name), "public") != 0) {
                sd_buf_ident(&parts, sd_buf_str(&name));
                sd_buf_putc(&parts, '.');
            }
            name.len = 0;
            name.data[0] = '\0';
        } else {
            sd_buf_putc(&name, quoted ? *p : (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p));
        }
    }
    sd_buf_ident(&parts, sd_buf_str(&name));
    sd_buf_quote_literal(b, sd_buf_str(&parts));
    sd_buf_puts(b, "::regclass");
    sd_buf_free(&name);
    sd_buf_free(&parts);
}

/* Text search functions whose two-argument form takes a regconfig first. */
static bool regconfig_func(const char *name)
{
    static const char *const F[] = {"to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery",
                                    "websearch_to_tsquery"};
    for (size_t i = 0; i < SD_ARRAY_LEN(F); i++)
        if (strcmp(F[i], name) == 0)
            return true;
    return false;
}

/* Result types of functions defaults and indexes commonly use. */
static SdType func_type(const char *name)
{
    static const struct { const char *f, *t; } FUNCS[] = {
        {"now", "timestamp with time zone"}, {"gen_random_uuid", "uuid"}, {"uuid_generate_v4", "uuid"},
        {"lower", "text"}, {"upper", "text"}, {"md5", "text"}, {"concat", "text"},
        {"clock_timestamp", "timestamp with time zone"}, {"random", "double precision"},
    };
    for (size_t i = 0; i < SD_ARRAY_LEN(FUNCS); i++)
        if (strcmp(FUNCS[i].f, name) == 0)
            return builtin(FUNCS[i].t);
    return builtin("unknown");
}

static void print_func(Ex *e, SdBuf *b, PgQuery__FuncCall *f, SdType *got)
{
    const char *name = sql_str(f->funcname[f->n_funcname - 1]);
    const char *schema = f->n_funcname > 1 ? sql_str(f->funcname[f->n_funcname - 2]) : NULL;
    if (!name || f->over || f->agg_star || f->n_agg_order) {
        e->ok = false;
        return;
    }
    if (schema && strcmp(schema, "public") != 0 && strcmp(schema, "pg_catalog") != 0) {
        put_ident(b, schema);
        sd_buf_putc(b, '.');
    }
    put_ident(b, name);
    sd_buf_putc(b, '(');
    bool seqfunc = strcmp(name, "nextval") == 0 || strcmp(name, "currval") == 0 || strcmp(name, "setval") == 0;
    for (size_t i = 0; i < f->n_args; i++) {
        if (i)
            sd_buf_puts(b, ", ");
        SdType at;
        if (i == 0 && seqfunc && is_unknown_literal(f->args[i]))
            put_regclass(b, f->args[i]->a_const->sval->sval);
        else if (i == 0 && f->n_args == 2 && is_unknown_literal(f->args[i]) && regconfig_func(name))
            put_const(b, f->args[i]->a_const->sval->sval, &(SdType){.name = "regconfig", .mods = {-1, -1}}, e->r->a);
        else
            print(e, b, f->args[i], NULL, &at);
    }
    sd_buf_putc(b, ')');
    *got = func_type(name);
}

static void print_svf(SdBuf *b, PgQuery__SQLValueFunction *v, SdType *got)
{
    static const struct { PgQuery__SQLValueFunctionOp op; const char *s, *t; } SVF[] = {
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_DATE, "CURRENT_DATE", "date"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME, "CURRENT_TIME", "time with time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIME_N, "CURRENT_TIME", "time with time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP, "CURRENT_TIMESTAMP", "timestamp with time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_TIMESTAMP_N, "CURRENT_TIMESTAMP", "timestamp with time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME, "LOCALTIME", "time without time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIME_N, "LOCALTIME", "time without time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP, "LOCALTIMESTAMP", "timestamp without time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_LOCALTIMESTAMP_N, "LOCALTIMESTAMP", "timestamp without time zone"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_ROLE, "CURRENT_ROLE", "name"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_USER, "CURRENT_USER", "name"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_USER, "USER", "name"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_SESSION_USER, "SESSION_USER", "name"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_CATALOG, "CURRENT_CATALOG", "name"},
        {PG_QUERY__SQLVALUE_FUNCTION_OP__SVFOP_CURRENT_SCHEMA, "CURRENT_SCHEMA", "name"},
    };
    for (size_t i = 0; i < SD_ARRAY_LEN(SVF); i++) {
        if (SVF[i].op == v->op) {
            sd_buf_puts(b, SVF[i].s);
            if (v->typmod >= 0)
                sd_buf_printf(b, "(%d)", v->typmod);
            *got = builtin(SVF[i].t);
            return;
        }
    }
    sd_buf_puts(b, "CURRENT_TIMESTAMP");
    *got = builtin("timestamp with time zone");
}

static void print_colref(Ex *e, SdBuf *b, PgQuery__ColumnRef *c, SdType *got)
{
    const char *name = c->n_fields ? sql_str(c->fields[c->n_fields - 1]) : NULL;
    if (!name) {
        e->ok = false;
        return;
    }
    put_ident(b, name);
    SdColumn *col = e->cx && e->cx->table ? sd_table_find_column(e->cx->table, name) : NULL;
    *got = col ? col->type : builtin("unknown");
}

static bool is_unknown_literal(const Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_A_CONST && n->a_const->val_case == PG_QUERY__A__CONST__VAL_SVAL;
}

/* Prints one operand of a binary operator whose other side has type other. */
static void print_operand(Ex *e, SdBuf *b, Node *n, const SdType *other)
{
    SdType want = other && other->name && strcmp(other->name, "unknown") != 0 ? *other : builtin("text");
    if (is_stringish(&want))
        want = builtin("text");
    SdBuf tmp = {0};
    SdType got;
    print(e, &tmp, n, is_unknown_literal(n) ? &want : NULL, &got);
    if (is_stringish(&got) && !is_unknown_literal(n)) {
        sd_buf_putc(b, '(');
        sd_buf_puts(b, sd_buf_str(&tmp));
        sd_buf_puts(b, ")::text");
    } else {
        sd_buf_puts(b, sd_buf_str(&tmp));
    }
    sd_buf_free(&tmp);
}

/* The type an operand has without printing it (for the other side's literal). */
static SdType operand_type(Ex *e, Node *n)
{
    SdBuf tmp = {0};
    SdType t = builtin("unknown");
    if (!is_unknown_literal(n))
        print(e, &tmp, n, NULL, &t);
    sd_buf_free(&tmp);
    return t;
}

static void print_binop(Ex *e, SdBuf *b, Node *l, const char *op, Node *rn, SdType *got)
{
    SdType lt = operand_type(e, l), rt = operand_type(e, rn);
    sd_buf_putc(b, '(');
    if (l) {
        print_operand(e, b, l, &rt);
        sd_buf_putc(b, ' ');
    }
    sd_buf_puts(b, op);
    sd_buf_putc(b, ' ');
    print_operand(e, b, rn, &lt);
    sd_buf_putc(b, ')');
    static const char *const CMP[] = {"=", "<>", "<", ">", "<=", ">=", "~~", "!~~", "~~*", "!~~*", "~", "@>", "<@", "?"};
    *got = lt;
    for (size_t i = 0; i < SD_ARRAY_LEN(CMP); i++)
        if (strcmp(op, CMP[i]) == 0)
            *got = builtin("boolean");
    if (strcmp(op, "||") == 0)
        *got = builtin("text");
}

static void print_in(Ex *e, SdBuf *b, PgQuery__AExpr *x, bool negate, SdType *got)
{
    SdType lt = operand_type(e, x->lexpr);
    if (is_stringish(&lt))
        lt = builtin("text");
    sd_buf_putc(b, '(');
    print_operand(e, b, x->lexpr, NULL);
    sd_buf_puts(b, negate ? " <> ALL (ARRAY[" : " = ANY (ARRAY[");
    Node *list = x->rexpr;
    size_t n = list && list->node_case == PG_QUERY__NODE__NODE_LIST ? list->list->n_items : 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            sd_buf_puts(b, ", ");
        SdType it;
        print(e, b, list->list->items[i], &lt, &it);
    }
    sd_buf_puts(b, "]))");
    *got = builtin("boolean");
}

static void print_aexpr(Ex *e, SdBuf *b, PgQuery__AExpr *x, SdType *got)
{
    const char *op = x->n_name ? sql_str(x->name[x->n_name - 1]) : NULL;
    switch (x->kind) {
    case PG_QUERY__A__EXPR__KIND__AEXPR_OP:
        if (op)
            print_binop(e, b, x->lexpr, op, x->rexpr, got);
        else
            e->ok = false;
        return;
    case PG_QUERY__A__EXPR__KIND__AEXPR_LIKE:
    case PG_QUERY__A__EXPR__KIND__AEXPR_ILIKE:
        print_binop(e, b, x->lexpr, op, x->rexpr, got);
        return;
    case PG_QUERY__A__EXPR__KIND__AEXPR_IN:
        print_in(e, b, x, op && strcmp(op, "<>") == 0, got);
        return;
    case PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT:
    case PG_QUERY__A__EXPR__KIND__AEXPR_NOT_DISTINCT:
        print_binop(e, b, x->lexpr, x->kind == PG_QUERY__A__EXPR__KIND__AEXPR_DISTINCT ? "IS DISTINCT FROM"
                                                                                     : "IS NOT DISTINCT FROM",
                    x->rexpr, got);
        *got = builtin("boolean");
        return;
    default:
        e->ok = false;
        return;
    }
}

static void print_bool(Ex *e, SdBuf *b, PgQuery__BoolExpr *x, SdType *got)
{
    SdType bt = builtin("boolean"), at;
    *got = bt;
    sd_buf_putc(b, '(');
    if (x->boolop == PG_QUERY__BOOL_EXPR_TYPE__NOT_EXPR) {
        sd_buf_puts(b, "NOT ");
        if (x->n_args)
            print(e, b, x->args[0], &bt, &at);
    } else {
        const char *sep = x->boolop == PG_QUERY__BOOL_EXPR_TYPE__AND_EXPR ? " AND " : " OR ";
        for (size_t i = 0; i < x->n_args; i++) {
            if (i)
                sd_buf_puts(b, sep);
            print(e, b, x->args[i], &bt, &at);
        }
    }
    sd_buf_putc(b, ')');
}

static void print_nulltest(Ex *e, SdBuf *b, PgQuery__NullTest *x, SdType *got)
{
    SdType at;
    sd_buf_putc(b, '(');
    print(e, b, x->arg, NULL, &at);
    sd_buf_puts(b, x->nulltesttype == PG_QUERY__NULL_TEST_TYPE__IS_NULL ? " IS NULL)" : " IS NOT NULL)");
    *got = builtin("boolean");
}

static void print_coalesce(Ex *e, SdBuf *b, PgQuery__CoalesceExpr *x, const SdType *want, SdType *got)
{
    sd_buf_puts(b, "COALESCE(");
    *got = want ? *want : builtin("unknown");
    for (size_t i = 0; i < x->n_args; i++) {
        if (i)
            sd_buf_puts(b, ", ");
        SdType at;
        print(e, b, x->args[i], got, &at);
        if (i == 0 && !want)
            *got = at;
    }
    sd_buf_putc(b, ')');
}

/* print: one node; got receives its type ("unknown" when not inferred). */
static bool print(Ex *e, SdBuf *b, Node *n, const SdType *want, SdType *got)
{
    *got = builtin("unknown");
    if (!n) {
        e->ok = false;
        return false;
    }
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_A_CONST: print_aconst(e, b, n->a_const, want, got); break;
    case PG_QUERY__NODE__NODE_TYPE_CAST: print_cast(e, b, n->type_cast, got); break;
    case PG_QUERY__NODE__NODE_A_ARRAY_EXPR: print_array(e, b, n->a_array_expr, want, got); break;
    case PG_QUERY__NODE__NODE_FUNC_CALL: print_func(e, b, n->func_call, got); break;
    case PG_QUERY__NODE__NODE_SQLVALUE_FUNCTION: print_svf(b, n->sqlvalue_function, got); break;
    case PG_QUERY__NODE__NODE_COLUMN_REF: print_colref(e, b, n->column_ref, got); break;
    case PG_QUERY__NODE__NODE_A_EXPR: print_aexpr(e, b, n->a_expr, got); break;
    case PG_QUERY__NODE__NODE_BOOL_EXPR: print_bool(e, b, n->bool_expr, got); break;
    case PG_QUERY__NODE__NODE_NULL_TEST: print_nulltest(e, b, n->null_test, got); break;
    case PG_QUERY__NODE__NODE_COALESCE_EXPR: print_coalesce(e, b, n->coalesce_expr, want, got); break;
    default: e->ok = false; break;
    }
    return e->ok;
}

/* Byte span of n's text in the source, for the as-written fallback: from its
 * location to the end of the statement's clause is not known, so the caller
 * passes the node only when a deparse is possible. */
static const char *as_written(Replay *r, Node *n)
{
    PgQuery__SelectStmt sel = PG_QUERY__SELECT_STMT__INIT;
    PgQuery__ResTarget rt = PG_QUERY__RES_TARGET__INIT;
    rt.val = n;
    Node rtn = PG_QUERY__NODE__INIT;
    rtn.node_case = PG_QUERY__NODE__NODE_RES_TARGET;
    rtn.res_target = &rt;
    Node *tl[1] = {&rtn};
    sel.n_target_list = 1;
    sel.target_list = tl;
    Node sn = PG_QUERY__NODE__INIT;
    sn.node_case = PG_QUERY__NODE__NODE_SELECT_STMT;
    sn.select_stmt = &sel;
    char *s = sql_deparse(r, &sn);
    if (!s || strncmp(s, "SELECT ", 7) != 0)
        return "?";
    return s + 7;
}

const char *sql_expr(Replay *r, const ExprCtx *cx, Node *n, const SdType *target)
{
    Ex e = {.r = r, .cx = cx, .ok = true};
    SdBuf b = {0};
    SdType got;
    print(&e, &b, n, target, &got);
    const char *s = e.ok ? sd_strdup(r->a, sd_buf_str(&b)) : as_written(r, n);
    sd_buf_free(&b);
    return s;
}

const char *sql_expr_first_column(Node *n)
{
    if (!n)
        return NULL;
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_COLUMN_REF:
        return n->column_ref->n_fields ? sql_str(n->column_ref->fields[n->column_ref->n_fields - 1]) : NULL;
    case PG_QUERY__NODE__NODE_A_EXPR: {
        const char *c = sql_expr_first_column(n->a_expr->lexpr);
        return c ? c : sql_expr_first_column(n->a_expr->rexpr);
    }
    case PG_QUERY__NODE__NODE_BOOL_EXPR:
        for (size_t i = 0; i < n->bool_expr->n_args; i++) {
            const char *c = sql_expr_first_column(n->bool_expr->args[i]);
            if (c)
                return c;
        }
        return NULL;
    case PG_QUERY__NODE__NODE_NULL_TEST: return sql_expr_first_column(n->null_test->arg);
    case PG_QUERY__NODE__NODE_TYPE_CAST: return sql_expr_first_column(n->type_cast->arg);
    case PG_QUERY__NODE__NODE_FUNC_CALL:
        for (size_t i = 0; i < n->func_call->n_args; i++) {
            const char *c = sql_expr_first_column(n->func_call->args[i]);
            if (c)
                return c;
        }
        return NULL;
    default: return NULL;
    }
}

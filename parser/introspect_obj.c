/* introspect_obj.c: rows of the non-relation queries -> IR: enums, other
 * types, functions, triggers, policies, rules, extensions (see
 * introspect_int.h).  Everything but enums is kept as an opaque object with
 * the definition the server prints. */
#include "introspect_int.h"

#include <string.h>

static SdLoc no_loc(const SdIntro *in)
{
    SdLoc loc = in->loc;
    loc.line = 0;
    return loc;
}

void sd_intro_load_enums(SdIntro *in, const SdRows *r)
{
    int c_oid = sd_rows_col(r, "oid"), c_schema = sd_rows_col(r, "nspname"), c_name = sd_rows_col(r, "typname");
    int c_label = sd_rows_col(r, "enumlabel"), c_comment = sd_rows_col(r, "comment");
    SdEnum *e = NULL;
    const char *oid = NULL;
    for (size_t i = 0; i < r->nrows; i++) {
        if (!e || strcmp(oid, sd_rows_at(r, i, c_oid)) != 0) {
            oid = sd_rows_at(r, i, c_oid);
            e = sd_catalog_add_enum(in->cat, sd_rows_at(r, i, c_schema), sd_rows_at(r, i, c_name), no_loc(in));
            e->obj.comment = sd_rows_at(r, i, c_comment);
        }
        sd_vec_push(in->arena, &e->labels, (void *)sd_rows_at(r, i, c_label));
    }
}

void sd_intro_load_types(SdIntro *in, const SdRows *r)
{
    static const struct { char typtype; const char *objtype; } KINDS[] = {
        {'d', "domain"}, {'c', "composite"}, {'r', "range"}, {'m', "multirange"}};
    int c_schema = sd_rows_col(r, "nspname"), c_name = sd_rows_col(r, "typname");
    int c_kind = sd_rows_col(r, "typtype"), c_def = sd_rows_col(r, "definition");
    int c_comment = sd_rows_col(r, "comment");
    for (size_t i = 0; i < r->nrows; i++) {
        const char *objtype = NULL;
        for (size_t k = 0; k < SD_ARRAY_LEN(KINDS); k++)
            if (KINDS[k].typtype == sd_rows_at(r, i, c_kind)[0])
                objtype = KINDS[k].objtype;
        if (!objtype)
            sd_unreachable("type kind outside the query's filter");
        SdOpaque *o = sd_catalog_add_opaque(in->cat, SD_OBJ_TYPE, objtype, sd_rows_at(r, i, c_schema),
                                            sd_rows_at(r, i, c_name), NULL, NULL, no_loc(in));
        o->definition = sd_rows_at(r, i, c_def);
        o->obj.comment = sd_rows_at(r, i, c_comment);
    }
}

void sd_intro_load_functions(SdIntro *in, const SdRows *r)
{
    int c_schema = sd_rows_col(r, "nspname"), c_name = sd_rows_col(r, "proname");
    int c_ident = sd_rows_col(r, "identity"), c_kind = sd_rows_col(r, "prokind");
    int c_def = sd_rows_col(r, "definition"), c_comment = sd_rows_col(r, "comment");
    for (size_t i = 0; i < r->nrows; i++) {
        const char *objtype;
        switch (sd_rows_at(r, i, c_kind)[0]) {
        case 'p': objtype = "procedure"; break;
        case 'a': objtype = "aggregate"; break;
        case 'w': objtype = "window function"; break;
        default: objtype = "function"; break;
        }
        SdOpaque *o = sd_catalog_add_opaque(in->cat, SD_OBJ_FUNCTION, objtype, sd_rows_at(r, i, c_schema),
                                            sd_rows_at(r, i, c_name), sd_rows_at(r, i, c_ident), NULL,
                                            no_loc(in));
        o->definition = sd_rows_at(r, i, c_def);
        o->obj.comment = sd_rows_at(r, i, c_comment);
    }
}

/* Triggers, policies and rules: named objects on a table. */
static void load_on_table(SdIntro *in, const SdRows *r, SdObjKind kind, const char *objtype, const char *name_col)
{
    int c_schema = sd_rows_col(r, "nspname"), c_table = sd_rows_col(r, "relname");
    int c_name = sd_rows_col(r, name_col), c_def = sd_rows_col(r, "definition");
    int c_comment = sd_rows_col(r, "comment");
    for (size_t i = 0; i < r->nrows; i++) {
        SdOpaque *o = sd_catalog_add_opaque(in->cat, kind, objtype, sd_rows_at(r, i, c_schema),
                                            sd_rows_at(r, i, c_name), NULL, sd_rows_at(r, i, c_table),
                                            no_loc(in));
        o->definition = sd_rows_at(r, i, c_def);
        o->obj.comment = sd_rows_at(r, i, c_comment);
    }
}

void sd_intro_load_triggers(SdIntro *in, const SdRows *r)
{
    load_on_table(in, r, SD_OBJ_TRIGGER, "trigger", "tgname");
}

void sd_intro_load_policies(SdIntro *in, const SdRows *r)
{
    load_on_table(in, r, SD_OBJ_OPAQUE, "policy", "polname");
}

void sd_intro_load_rules(SdIntro *in, const SdRows *r) { load_on_table(in, r, SD_OBJ_OPAQUE, "rule", "rulename"); }

void sd_intro_load_extensions(SdIntro *in, const SdRows *r)
{
    int c_name = sd_rows_col(r, "extname"), c_schema = sd_rows_col(r, "nspname");
    int c_version = sd_rows_col(r, "extversion"), c_comment = sd_rows_col(r, "comment");
    for (size_t i = 0; i < r->nrows; i++) {
        SdExtension *e = sd_catalog_add_extension(in->cat, sd_rows_at(r, i, c_name), sd_rows_at(r, i, c_schema),
                                                  no_loc(in));
        e->version = sd_rows_at(r, i, c_version);
        e->obj.comment = sd_rows_at(r, i, c_comment);
    }
}

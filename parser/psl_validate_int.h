/* psl_validate_int.h: state shared by the Prisma validator's files
 * (psl_validate*.c).  Not for use outside the validator.
 * The validator runs in Prisma's phases: configuration blocks, names, types,
 * attributes, relations; then, only when those found no error, the checks of
 * Prisma's validation pipeline (unique criteria, database names, constraint
 * names, connector rules).  Everything lives in the run's arena. */
#ifndef SD_PSL_VALIDATE_INT_H
#define SD_PSL_VALIDATE_INT_H

#include "psl.h"

typedef enum {
    VF_SCALAR,      /* a built-in scalar type */
    VF_ENUM,        /* an enum of this schema */
    VF_RELATION,    /* a model or view of this schema */
    VF_UNSUPPORTED, /* Unsupported("...") */
    VF_UNKNOWN,     /* unknown type (an error was reported) */
} VFieldKind;

typedef struct VModel VModel;
typedef struct VRel VRel;

typedef struct VField {
    const PslField *f;
    VModel *model;
    VFieldKind kind;
    const char *dbname;        /* @map or the field name */
    const PslBlock *enum_block;/* VF_ENUM */
    VModel *target;            /* VF_RELATION */
    const PslAttr *relation;   /* @relation, or NULL */
    const char *rel_name;      /* @relation name ("" when none) */
    SdVec rel_fields;          /* VField*: fields: [...] resolved */
    SdVec rel_refs;            /* VField*: references: [...] resolved (on the target) */
    bool has_fields, has_refs; /* the arguments were written */
    VRel *rel;                 /* the relation this field belongs to */
    bool ignored;              /* @ignore */
    bool updated_at;
} VField;

/* A primary key, unique constraint or index. */
typedef enum { VC_ID, VC_UNIQUE, VC_INDEX } VCritKind;

typedef struct VCrit {
    VCritKind kind;
    const PslAttr *attr;
    VField *on_field;          /* field-level @id/@unique, else NULL */
    SdVec fields;              /* VField* (only resolved scalar fields) */
    bool bad;                  /* some field could not be resolved */
    const char *map;           /* map: argument, or NULL */
    const char *dbname;        /* the constraint name in the database */
    SdLoc loc;                 /* where to report problems */
} VCrit;

struct VModel {
    const PslBlock *b;
    bool view;
    bool ignored;              /* @@ignore */
    const char *dbname;        /* @@map or the name */
    const PslAttr *map_attr;
    const char *schema;        /* @@schema, or NULL */
    SdLoc schema_loc;
    SdVec fields;              /* VField* */
    SdMap by_name;             /* field name -> VField* (first definition) */
    SdVec crits;               /* VCrit* */
    VCrit *pk;                 /* the primary key, or NULL */
};

/* A relation between two models: one or two fields. */
struct VRel {
    VField *a, *b;             /* a: the side with fields/references when there is one */
    const char *name;
    bool m2m;
};

typedef struct VEnum {
    const PslBlock *b;
    const char *dbname;        /* @@map or the name */
    const char *schema;        /* @@schema, or NULL */
    SdLoc schema_loc;
} VEnum;

typedef struct V {
    SdArena *a;
    SdDiags *d;
    const PslSchema *s;
    const PslBlock *ds;        /* the datasource, or NULL */
    bool relmode_prisma;
    bool has_schemas;          /* schemas = [...] present */
    SdMap schemas;             /* declared schema names */
    SdMap preview;             /* preview features (name -> non-NULL) */
    SdMap tops;                /* model/view/enum/type name -> PslBlock* */
    SdMap models;              /* model/view name -> VModel* */
    SdVec model_list;          /* VModel*, in source order */
    SdMap enums;               /* enum name -> PslBlock* */
    SdVec rels;                /* VRel* */
    SdVec enum_list;           /* VEnum* */
} V;

/* ---- helpers (psl_validate.c) ---- */
SdDiag *sd_pslv_err(V *v, SdLoc loc, const char *fmt, ...) SD_PRINTF(3, 4);
SdDiag *sd_pslv_warn(V *v, SdLoc loc, const char *fmt, ...) SD_PRINTF(3, 4);
/* Prisma's name for a value's kind ("string", "numeric", "constant", ...). */
const char *sd_pslv_kind_name(const PslExpr *e);
/* The expression as written, for messages. */
const char *sd_pslv_expr_text(V *v, const PslExpr *e);
/* A string argument's value; reports Prisma's type error and returns NULL
 * when the expression is not a string. */
const char *sd_pslv_want_string(V *v, const PslExpr *e);
bool sd_pslv_has_preview(const V *v, const char *feature);
const char *sd_pslv_container(const VModel *m); /* "model" or "view" */
/* Checks an attribute's arguments against the names it takes (the first
 * positional argument is `deflt`, may be NULL): unknown and repeated
 * arguments are reported.  Returns false when something was reported. */
bool sd_pslv_check_args(V *v, const PslAttr *at, const char *deflt, const char *const *names, size_t n);
/* The value of argument `name` (or of the first positional argument when
 * name is deflt); NULL when absent. */
const PslExpr *sd_pslv_arg(const PslAttr *at, const char *name, const char *deflt);
/* Reports an attribute's trailing comma in its arguments, as Prisma does (not native types). */
void sd_pslv_trailing_comma(V *v, const PslAttr *at);
/* Reports `Error parsing attribute "@x": msg` at loc. */
SdDiag *sd_pslv_attr_err(V *v, const PslAttr *at, SdLoc loc, const char *msg);
const char *sd_pslv_attr_name(V *v, const PslAttr *at); /* "@id", "@@index" */

/* ---- configuration blocks (psl_validate_config.c) ---- */
void sd_pslv_config(V *v);

/* ---- field attributes, defaults, native types (psl_validate_field.c) ---- */
void sd_pslv_field_attrs(V *v, VModel *m);
void sd_pslv_enum_attrs(V *v, const PslBlock *b);
void sd_pslv_native_types(V *v); /* pipeline: @db.* against the connector */
/* `sort:` must be Asc or Desc (a constant); `length:` an integer. */
void sd_pslv_check_sort(V *v, const PslAttr *at, const PslExpr *e);
void sd_pslv_check_number(V *v, const PslExpr *e);
/* Scalar type name of a field ("String"...), or NULL when not a scalar. */
bool sd_pslv_is_scalar_type(const char *type);

/* ---- model attributes, criteria, names (psl_validate_model.c) ---- */
void sd_pslv_model_attrs(V *v, VModel *m);
void sd_pslv_model_checks(V *v);

/* ---- relations (psl_validate_rel.c) ---- */
void sd_pslv_relations(V *v);
void sd_pslv_relation_checks(V *v);

#endif

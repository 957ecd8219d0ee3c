/* test_psl_parse.c: the Prisma parser's AST (types, arity, attributes,
 * arguments, docs, places), its recovery after errors, and sd_psl_load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parser/psl.h"

typedef struct Fixture {
    SdArena *a;
    SdDiags d;
    PslSchema schema;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->a = sd_arena_new();
    sd_diags_init(&f->d, f->a);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    sd_arena_free(f->a);
    free(f);
    return 0;
}

static PslSchema *parse(Fixture *f, const char *text)
{
    memset(&f->schema, 0, sizeof f->schema);
    const SdSource *src = sd_source_new(f->a, "t.prisma", text, strlen(text));
    sd_psl_parse(f->a, &f->d, src, &f->schema);
    return &f->schema;
}

static const PslBlock *block(const PslSchema *s, size_t i) { return s->blocks.items[i]; }
static const PslField *field(const PslBlock *b, size_t i) { return b->fields.items[i]; }
static const PslAttr *attr(const SdVec *v, size_t i) { return v->items[i]; }
static const PslExpr *item(const PslExpr *e, size_t i) { return e->items.items[i]; }
static const SdDiag *diag(const Fixture *f, size_t i) { return f->d.list.items[i]; }

static void test_model_fields(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "model User {\n"
                            "  id    Int      @id @default(autoincrement())\n"
                            "  email String?  @unique @db.VarChar(255)\n"
                            "  tags  String[]\n"
                            "  geo   Unsupported(\"circle\")?\n"
                            "  bad   Int[]?\n"
                            "}\n");
    assert_int_equal(f->d.nerrors, 0);
    assert_int_equal(s->blocks.len, 1);
    const PslBlock *b = block(s, 0);
    assert_int_equal(b->kind, PSL_BLOCK_MODEL);
    assert_string_equal(b->name, "User");
    assert_int_equal(b->fields.len, 5);
    const PslField *id = field(b, 0), *email = field(b, 1), *tags = field(b, 2), *geo = field(b, 3);
    assert_string_equal(id->name, "id");
    assert_string_equal(id->type, "Int");
    assert_int_equal(id->arity, PSL_ARITY_REQUIRED);
    assert_int_equal(id->attrs.len, 2);
    assert_string_equal(attr(&id->attrs, 0)->name, "id");
    assert_false(attr(&id->attrs, 0)->has_parens);
    const PslAttr *def = attr(&id->attrs, 1);
    assert_string_equal(def->name, "default");
    assert_true(def->has_parens);
    assert_false(def->block);
    const PslExpr *call = sd_psl_positional(def, 0)->value;
    assert_int_equal(call->kind, PSL_EXPR_FUNC);
    assert_string_equal(call->str, "autoincrement");
    assert_int_equal(call->args.len, 0);

    assert_int_equal(email->arity, PSL_ARITY_OPTIONAL);
    const PslAttr *db = sd_psl_find_attr(&email->attrs, "db.VarChar");
    assert_non_null(db);
    assert_int_equal(sd_psl_positional(db, 0)->value->kind, PSL_EXPR_NUMBER);
    assert_string_equal(sd_psl_positional(db, 0)->value->str, "255");
    assert_null(sd_psl_positional(db, 1));

    assert_int_equal(tags->arity, PSL_ARITY_LIST);
    assert_false(tags->list_optional);
    assert_string_equal(geo->type, "Unsupported");
    assert_int_equal(geo->arity, PSL_ARITY_OPTIONAL);
    assert_non_null(geo->unsupported);
    assert_string_equal(geo->unsupported->str, "circle");
    assert_true(field(b, 4)->list_optional); /* kept for the validator */
}

static void test_relation_and_index_args(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "model Post {\n"
                            "  author User @relation(\"A\", fields: [authorId], references: [id], onDelete: Cascade)\n"
                            "  @@index([title(sort: Desc, ops: raw(\"gin_trgm_ops\")), authorId], type: Gin, "
                            "where: { deletedAt: null, \"k\": 1 })\n"
                            "  @@map(name: )\n"
                            "}\n");
    assert_int_equal(f->d.nerrors, 0);
    const PslBlock *b = block(s, 0);
    const PslAttr *rel = attr(&field(b, 0)->attrs, 0);
    assert_string_equal(rel->name, "relation");
    assert_int_equal(rel->args.len, 4);
    assert_string_equal(sd_psl_positional(rel, 0)->value->str, "A");
    assert_int_equal(sd_psl_positional(rel, 0)->value->kind, PSL_EXPR_STRING);
    const PslArg *fields = sd_psl_find_arg(rel, "fields");
    assert_non_null(fields);
    assert_int_equal(fields->value->kind, PSL_EXPR_ARRAY);
    assert_int_equal(fields->value->items.len, 1);
    assert_string_equal(item(fields->value, 0)->str, "authorId");
    assert_int_equal(sd_psl_find_arg(rel, "onDelete")->value->kind, PSL_EXPR_IDENT);
    assert_string_equal(sd_psl_find_arg(rel, "onDelete")->value->str, "Cascade");
    assert_null(sd_psl_find_arg(rel, "missing"));

    assert_int_equal(b->attrs.len, 2);
    const PslAttr *idx = sd_psl_find_attr(&b->attrs, "index");
    assert_true(idx->block);
    const PslExpr *cols = sd_psl_positional(idx, 0)->value;
    assert_int_equal(cols->items.len, 2);
    const PslExpr *title = item(cols, 0);
    assert_int_equal(title->kind, PSL_EXPR_FUNC);
    assert_string_equal(title->str, "title");
    assert_int_equal(title->args.len, 2);
    const PslArg *ops = title->args.items[1];
    assert_string_equal(ops->name, "ops");
    assert_string_equal(ops->value->str, "raw");
    assert_string_equal(((const PslArg *)ops->value->args.items[0])->value->str, "gin_trgm_ops");
    const PslExpr *where = sd_psl_find_arg(idx, "where")->value;
    assert_int_equal(where->kind, PSL_EXPR_OBJECT);
    assert_int_equal(where->args.len, 2);
    assert_string_equal(((const PslArg *)where->args.items[0])->name, "deletedAt");
    assert_string_equal(((const PslArg *)where->args.items[0])->value->str, "null");
    assert_string_equal(((const PslArg *)where->args.items[1])->name, "k");

    const PslArg *empty = sd_psl_find_arg(sd_psl_find_attr(&b->attrs, "map"), "name");
    assert_non_null(empty);
    assert_null(empty->value); /* "name:" with no value */
}

static void test_config_blocks(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "generator client {\n"
                            "  provider        = \"prisma-client-js\" // the client\n"
                            "  previewFeatures = [\"views\", \"postgresqlExtensions\"]\n"
                            "}\n"
                            "datasource db {\n"
                            "  provider   = \"postgresql\"\n"
                            "  url        = env(\"DATABASE_URL\")\n"
                            "  extensions = [pg_trgm, postgis(schema: \"x\", version: \"3.1\"), uuid_ossp(map: \"uuid-ossp\")]\n"
                            "  empty      =\n"
                            "}\n");
    assert_int_equal(f->d.nerrors, 0);
    assert_int_equal(s->blocks.len, 2);
    const PslBlock *gen = block(s, 0), *ds = sd_psl_datasource(s);
    assert_int_equal(gen->kind, PSL_BLOCK_GENERATOR);
    assert_ptr_equal(ds, block(s, 1));
    assert_string_equal(ds->name, "db");
    assert_string_equal(field(gen, 0)->name, "provider");
    assert_string_equal(field(gen, 0)->value->str, "prisma-client-js");
    assert_string_equal(field(gen, 0)->comment, "the client");
    assert_null(field(gen, 0)->type);
    assert_int_equal(field(gen, 1)->value->items.len, 2);
    const PslExpr *url = field(ds, 1)->value;
    assert_int_equal(url->kind, PSL_EXPR_FUNC);
    assert_string_equal(url->str, "env");
    const PslExpr *ext = field(ds, 2)->value;
    assert_int_equal(ext->items.len, 3);
    assert_int_equal(item(ext, 0)->kind, PSL_EXPR_IDENT);
    assert_string_equal(item(ext, 1)->str, "postgis");
    assert_int_equal(item(ext, 1)->args.len, 2);
    assert_string_equal(((const PslArg *)item(ext, 2)->args.items[0])->value->str, "uuid-ossp");
    assert_string_equal(field(ds, 3)->name, "empty");
    assert_null(field(ds, 3)->value); /* the validator reports it */
    assert_null(sd_psl_datasource(parse(f, "model A {\n  id Int @id\n}\n")));
}

static void test_enum_view_type(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "enum Role {\n"
                            "  USER\n"
                            "  ADMIN @map(\"admin\") // boss\n"
                            "  lööps\n"
                            "  @@map(\"role\")\n"
                            "}\n"
                            "view V {\n  id Int @unique\n}\n"
                            "type T {\n  x Int\n}\n");
    assert_int_equal(f->d.nerrors, 0);
    assert_int_equal(s->blocks.len, 3);
    const PslBlock *e = block(s, 0);
    assert_int_equal(e->kind, PSL_BLOCK_ENUM);
    assert_int_equal(e->fields.len, 3);
    assert_null(field(e, 0)->type);
    assert_string_equal(field(e, 1)->name, "ADMIN");
    assert_string_equal(attr(&field(e, 1)->attrs, 0)->name, "map");
    assert_string_equal(field(e, 1)->comment, "boss");
    assert_string_equal(field(e, 2)->name, "lööps");
    assert_string_equal(attr(&e->attrs, 0)->name, "map");
    assert_int_equal(block(s, 1)->kind, PSL_BLOCK_VIEW);
    assert_int_equal(block(s, 2)->kind, PSL_BLOCK_TYPE);
}

static void test_strings_and_numbers(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "model A {\n"
                            "  a String @default(\"q\\\"b\\\\s\\n\\t\\u00e9\\ud83d\\ude00/\\/\")\n"
                            "  b Float  @default(-1.5)\n"
                            "  c String @default(\"日本\")\n"
                            "}\n");
    assert_int_equal(f->d.nerrors, 0);
    const PslBlock *b = block(s, 0);
    const PslExpr *a = sd_psl_positional(attr(&field(b, 0)->attrs, 0), 0)->value;
    assert_string_equal(a->str, "q\"b\\s\n\t\xc3\xa9\xf0\x9f\x98\x80//");
    const PslExpr *n = sd_psl_positional(attr(&field(b, 1)->attrs, 0), 0)->value;
    assert_int_equal(n->kind, PSL_EXPR_NUMBER);
    assert_string_equal(n->str, "-1.5");
    assert_string_equal(sd_psl_positional(attr(&field(b, 2)->attrs, 0), 0)->value->str, "日本");
}

static void test_docs_and_comments(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "/// floating, a blank line follows\n"
                            "\n"
                            "/// The users.\n"
                            "// not a doc\n"
                            "///   Second line.  \n"
                            "model User {\n"
                            "  /// The key.\n"
                            "  id Int @id /// more\n"
                            "  /* block */ name String /* trailing */\n"
                            "  // plain\n"
                            "  age Int // note\n"
                            "}\n"
                            "/* a\n  multi-line comment */\n"
                            "enum E {\n  A\n}\n");
    assert_int_equal(f->d.nerrors, 0);
    const PslBlock *b = block(s, 0);
    assert_string_equal(b->doc, "The users.\nSecond line.");
    assert_string_equal(field(b, 0)->doc, "The key.\nmore");
    assert_null(field(b, 0)->comment);
    assert_null(field(b, 1)->doc);
    assert_string_equal(field(b, 1)->name, "name");
    assert_null(field(b, 2)->doc);
    assert_string_equal(field(b, 2)->comment, "note");
    assert_null(block(s, 1)->doc);
    assert_string_equal(block(s, 1)->name, "E");
}

static void test_trailing_comma(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "model A {\n  n Decimal @db.Decimal(10, 4,) @default(1)\n}\n");
    assert_int_equal(f->d.nerrors, 0); /* the validator judges it, by attribute */
    const PslField *n = field(block(s, 0), 0);
    const PslAttr *dec = attr(&n->attrs, 0);
    assert_int_equal(dec->args.len, 2);
    assert_int_equal(dec->trailing_comma.line, 2);
    assert_int_equal(dec->trailing_comma.col, 30);
    assert_int_equal(attr(&n->attrs, 1)->trailing_comma.line, 0);
}

static void test_locations(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "\n"
                            "model Café {\n"
                            "\tnäme  String @db.Text\n"
                            "  x Int\n"
                            "}\n");
    assert_int_equal(f->d.nerrors, 0);
    const PslBlock *b = block(s, 0);
    assert_int_equal(b->keyword_loc.line, 2);
    assert_int_equal(b->keyword_loc.col, 1);
    assert_int_equal(b->loc.col, 7);
    assert_int_equal(b->loc.len, 4); /* characters, not bytes */
    assert_ptr_equal(b->src, s->sources.items[0]);
    assert_int_equal(b->span.line, 2);
    const PslField *name = field(b, 0);
    assert_int_equal(name->loc.line, 3);
    assert_int_equal(name->loc.col, 2);
    assert_int_equal(name->type_loc.col, 8);
    const PslAttr *db = attr(&name->attrs, 0);
    assert_int_equal(db->loc.col, 15);
    assert_int_equal(db->loc.len, 8); /* "@db.Text" */
    assert_int_equal(name->span.len, 21);
    assert_int_equal(field(b, 1)->loc.line, 4);
    assert_int_equal(field(b, 1)->loc.col, 3);
}

static void test_recovery(void **state)
{
    Fixture *f = *state;
    PslSchema *s = parse(f, "datasource db {\n"
                            "  provider = \"postgresql\"\n"
                            "  oops\n"
                            "}\n"
                            "garbage here\n"
                            "model A {\n"
                            "  id Int @id @default(\n"
                            "  ok String\n"
                            "  x\n"
                            "  @@index([a,)\n"
                            "}\n"
                            "model B {\n"
                            "  id Int @id\n");
    assert_int_equal(f->d.nerrors, 6);
    uint32_t lines[] = {3, 5, 7, 9, 10, 12};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(diag(f, i)->loc.line, lines[i]);
    assert_string_equal(diag(f, 0)->msg, "This line is not a valid definition within a datasource.");
    assert_string_equal(diag(f, 1)->msg,
                        "This line is invalid. It does not start with any known Prisma schema keyword.");
    assert_non_null(strstr(diag(f, 5)->msg, "missing closing `}`"));
    assert_int_equal(diag(f, 5)->loc2.line, 13 + 1); /* the end of the file */
    /* partial AST: the blocks that parsed and the lines that parsed in them */
    assert_int_equal(s->blocks.len, 3);
    const PslBlock *a = block(s, 1);
    assert_int_equal(a->fields.len, 1);
    assert_string_equal(field(a, 0)->name, "ok");
    assert_int_equal(block(s, 2)->fields.len, 1);
}

static void test_limits(void **state)
{
    Fixture *f = *state;
    char *text = sd_alloc(f->a, 20100);
    strcpy(text, "model A {\n  id Int @default(");
    size_t n = strlen(text);
    memset(text + n, '[', 20000);
    strcpy(text + n + 20000, "\n}\n");
    parse(f, text);
    assert_int_equal(f->d.nerrors, 1);
    assert_string_equal(diag(f, 0)->msg, "expression nested too deeply");
    assert_int_equal(diag(f, 0)->loc.col, 19 + 64); /* the 65th `[` */

    SdDiags d2;
    sd_diags_init(&d2, f->a);
    PslSchema s2 = {0};
    const SdSource *src = sd_source_new(f->a, "b.prisma", "model A {\n  i\xff" "d Int\n}\n", 21);
    sd_psl_parse(f->a, &d2, src, &s2);
    assert_int_equal(d2.nerrors, 1);
    const SdDiag *g = d2.list.items[0];
    assert_int_equal(g->loc.line, 2);
    assert_int_equal(g->loc.col, 4);
}

/* Writes text to dir/name, creating dir. */
static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    mkdir(dir, 0700);
    int n = snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(n > 0 && (size_t)n < sizeof path);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_load_folder(void **state)
{
    Fixture *f = *state;
    char root[] = "/tmp/sd_psl_loadXXXXXX";
    assert_non_null(mkdtemp(root));
    char sub[600];
    snprintf(sub, sizeof sub, "%s/models", root);
    write_file(root, "schema.prisma", "datasource db {\n  provider = \"postgresql\"\n}\n");
    write_file(sub, "b.prisma", "model B {\n  id Int @id\n}\n");
    write_file(sub, "a.prisma", "model A {\n  id Int @id\n}\n");
    write_file(sub, "notes.txt", "model X {\n");
    PslSchema *s = sd_psl_load(f->a, &f->d, root);
    assert_non_null(s);
    assert_int_equal(f->d.nerrors, 0);
    assert_int_equal(s->sources.len, 3);
    /* byte order of the paths: models/a, models/b, schema */
    assert_string_equal(block(s, 0)->name, "A");
    assert_string_equal(block(s, 1)->name, "B");
    assert_int_equal(block(s, 2)->kind, PSL_BLOCK_DATASOURCE);
    assert_non_null(strstr(block(s, 1)->src->path, "models/b.prisma"));

    char empty[600];
    snprintf(empty, sizeof empty, "%s/empty", root);
    mkdir(empty, 0700);
    assert_null(sd_psl_load(f->a, &f->d, empty));
    assert_int_equal(f->d.nerrors, 1);
    assert_non_null(strstr(diag(f, 0)->msg, empty));
    assert_null(sd_psl_load(f->a, &f->d, "/nonexistent/schema.prisma"));
    assert_int_equal(f->d.nerrors, 2);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_model_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relation_and_index_args, setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_blocks, setup, teardown),
        cmocka_unit_test_setup_teardown(test_enum_view_type, setup, teardown),
        cmocka_unit_test_setup_teardown(test_strings_and_numbers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_docs_and_comments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_trailing_comma, setup, teardown),
        cmocka_unit_test_setup_teardown(test_locations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_recovery, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_folder, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sql_replay.c: the SQL replay's driver.  Reads files and migration folders,
 * parses each with libpg_query (protobuf tree), and hands every statement to
 * its family (sql_table.c, sql_index.c, sql_object.c).  Also the helpers they
 * share: places, diagnostics, name lookup and PostgreSQL's name choosing. */
#include "sql_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { NAMEDATALEN = 64 };

/* ---- places and diagnostics ---- */

SdLoc sql_loc(Replay *r, int32_t location)
{
    uint32_t off = location < 0 ? r->stmt_off : (uint32_t)location;
    if (off > r->src->len)
        off = (uint32_t)r->src->len;
    if (off < r->cur_off)
        r->cur_off = 0, r->cur_line = 1, r->cur_bol = 0;
    for (uint32_t i = r->cur_off; i < off; i++)
        if (r->src->text[i] == '\n')
            r->cur_line++, r->cur_bol = i + 1;
    r->cur_off = off;
    uint32_t col = 1;
    for (uint32_t i = r->cur_bol; i < off; i++)
        if (((unsigned char)r->src->text[i] & 0xC0) != 0x80)
            col++;
    return (SdLoc){.src = r->src, .line = r->cur_line, .col = col, .len = 1, .offset = off};
}

const char *sql_stmt_text(Replay *r)
{
    const char *s = r->src->text + r->stmt_off;
    size_t n = r->stmt_len;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
        n--;
    return sd_strndup(r->a, s, n);
}

SdDiag *sql_fail(Replay *r, int32_t location, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    SdDiag *g = sd_diag_add(r->d, SD_DIAG_ERROR, sql_loc(r, location), fmt, ap);
    va_end(ap);
    g->statement = sql_stmt_text(r);
    r->failed = true;
    return g;
}

void sql_notice_skip(Replay *r, const char *what)
{
    sd_notice(r->d, sql_loc(r, -1), "%s skipped: it does not change the schema", what);
}

/* ---- names ---- */

const char *sql_str(const Node *n)
{
    return n && n->node_case == PG_QUERY__NODE__NODE_STRING ? n->string->sval : NULL;
}

const char *sql_creation_schema(Replay *r, const char *schema)
{
    return schema && *schema ? schema : r->search_path[0];
}

SdObject *sql_find_kind(Replay *r, SdObjKind kind, const char *schema, const char *name)
{
    if (schema && *schema)
        return sd_catalog_find(r->cat, kind, schema, name);
    for (int i = 0; i < r->nsearch; i++) {
        SdObject *o = sd_catalog_find(r->cat, kind, r->search_path[i], name);
        if (o)
            return o;
    }
    return NULL;
}

SdObject *sql_find_rel(Replay *r, const char *schema, const char *name, const char **schema_out)
{
    for (int i = 0; i < (schema && *schema ? 1 : r->nsearch); i++) {
        const char *s = schema && *schema ? schema : r->search_path[i];
        SdObject *o = sd_catalog_find_relation(r->cat, s, name);
        if (!o)
            o = sql_index_or_constraint(r, s, name);
        if (o) {
            if (schema_out)
                *schema_out = s;
            return o;
        }
    }
    return NULL;
}

/* PostgreSQL's makeObjectName: name1_name2_label, shortening the longer of
 * name1/name2 until it fits in 63 bytes (never splitting a UTF-8 character). */
const char *sql_object_name(Replay *r, const char *name1, const char *name2, const char *label)
{
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    size_t overhead = (name2 ? 1 : 0) + (label ? strlen(label) + 1 : 0);
    while (n1 + n2 + overhead >= NAMEDATALEN) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    /* pg_mbcliplen: back off to a character boundary */
    while (n1 > 0 && ((unsigned char)name1[n1] & 0xC0) == 0x80)
        n1--;
    while (name2 && n2 > 0 && ((unsigned char)name2[n2] & 0xC0) == 0x80)
        n2--;
    SdBuf b = {0};
    sd_buf_put(&b, name1, n1);
    if (name2) {
        sd_buf_putc(&b, '_');
        sd_buf_put(&b, name2, n2);
    }
    if (label) {
        sd_buf_putc(&b, '_');
        sd_buf_puts(&b, label);
    }
    const char *s = sd_strdup(r->a, sd_buf_str(&b));
    sd_buf_free(&b);
    return s;
}

/* ChooseRelationName / ChooseConstraintName: try label, then label1, label2... */
static const char *choose_name(Replay *r, const char *name1, const char *name2, const char *label,
                               const char *schema, bool constraint)
{
    for (int pass = 0;; pass++) {
        char lab[NAMEDATALEN + 16];
        if (pass == 0)
            sd_snprintf(lab, sizeof lab, "%s", label);
        else
            sd_snprintf(lab, sizeof lab, "%s%d", label, pass);
        const char *name = sql_object_name(r, name1, name2, lab);
        bool used = constraint ? sql_constraint_name_used(r, schema, name)
                               : sql_find_rel(r, schema, name, NULL) != NULL;
        if (!used)
            return name;
    }
}

const char *sql_choose_relname(Replay *r, const char *name1, const char *name2, const char *label,
                               const char *schema)
{
    return choose_name(r, name1, name2, label, schema, false);
}

const char *sql_choose_conname(Replay *r, const char *name1, const char *name2, const char *label,
                               const char *schema)
{
    return choose_name(r, name1, name2, label, schema, true);
}

bool sql_constraint_name_used(Replay *r, const char *schema, const char *name)
{
    for (size_t i = 0; i < r->cat->tables.len; i++) {
        SdTable *t = r->cat->tables.items[i];
        if (sd_streq(t->obj.schema, schema) && sd_table_find_constraint(t, name))
            return true;
    }
    return false;
}

char *sql_deparse(Replay *r, Node *stmt)
{
    PgQuery__RawStmt raw = PG_QUERY__RAW_STMT__INIT;
    raw.stmt = stmt;
    PgQuery__RawStmt *list[1] = {&raw};
    PgQuery__ParseResult pr = PG_QUERY__PARSE_RESULT__INIT;
    pr.version = PG_VERSION_NUM;
    pr.n_stmts = 1;
    pr.stmts = list;
    size_t len = pg_query__parse_result__get_packed_size(&pr);
    PgQueryProtobuf pb = {.len = len, .data = sd_alloc(r->a, len ? len : 1)};
    pg_query__parse_result__pack(&pr, (uint8_t *)pb.data);
    PgQueryDeparseResult dr = pg_query_deparse_protobuf(pb);
    char *out = dr.error ? NULL : sd_strdup(r->a, dr.query);
    pg_query_free_deparse_result(dr);
    return out;
}

/* ---- statements ---- */

static void set_search_path(Replay *r, PgQuery__VariableSetStmt *s)
{
    if (s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_VALUE &&
        s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_SET_DEFAULT &&
        s->kind != PG_QUERY__VARIABLE_SET_KIND__VAR_RESET)
        return;
    r->nsearch = 0;
    for (size_t i = 0; i < s->n_args && r->nsearch < (int)SD_ARRAY_LEN(r->search_path); i++) {
        Node *arg = s->args[i];
        if (arg->node_case != PG_QUERY__NODE__NODE_A_CONST || arg->a_const->val_case != PG_QUERY__A__CONST__VAL_SVAL)
            continue;
        const char *v = arg->a_const->sval->sval;
        if (strcmp(v, "$user") == 0)
            continue; /* no schema is named after the migrating role in our model */
        r->search_path[r->nsearch++] = sd_strdup(r->a, v);
    }
    if (r->nsearch == 0)
        r->search_path[r->nsearch++] = "public";
}

static void replay_variable_set(Replay *r, PgQuery__VariableSetStmt *s)
{
    if (s->name && strcmp(s->name, "search_path") == 0)
        set_search_path(r, s);
    else
        sql_notice_skip(r, "SET");
}

/* One statement: dispatch on its node kind (a table, not a forest: one case a family). */
static void replay_stmt(Replay *r, Node *n)
{
    switch (n->node_case) {
    case PG_QUERY__NODE__NODE_CREATE_STMT: sql_create_table(r, n->create_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_TABLE_STMT: sql_alter_table(r, n->alter_table_stmt); break;
    case PG_QUERY__NODE__NODE_INDEX_STMT: sql_create_index(r, n->index_stmt); break;
    case PG_QUERY__NODE__NODE_DROP_STMT: sql_drop(r, n->drop_stmt); break;
    case PG_QUERY__NODE__NODE_RENAME_STMT: sql_rename(r, n->rename_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_OBJECT_SCHEMA_STMT: sql_set_schema(r, n->alter_object_schema_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_ENUM_STMT: sql_create_enum(r, n->create_enum_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_ENUM_STMT: sql_alter_enum(r, n->alter_enum_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_SEQ_STMT: sql_create_seq(r, n->create_seq_stmt); break;
    case PG_QUERY__NODE__NODE_ALTER_SEQ_STMT: sql_alter_seq(r, n->alter_seq_stmt); break;
    case PG_QUERY__NODE__NODE_VIEW_STMT: sql_create_view(r, n->view_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_TABLE_AS_STMT: sql_create_matview(r, n->create_table_as_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_FUNCTION_STMT: sql_create_function(r, n->create_function_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_TRIG_STMT: sql_create_trigger(r, n->create_trig_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_EXTENSION_STMT: sql_create_extension(r, n->create_extension_stmt); break;
    case PG_QUERY__NODE__NODE_CREATE_SCHEMA_STMT: sql_create_schema(r, n->create_schema_stmt); break;
    case PG_QUERY__NODE__NODE_COMMENT_STMT: sql_comment(r, n->comment_stmt); break;
    case PG_QUERY__NODE__NODE_VARIABLE_SET_STMT: replay_variable_set(r, n->variable_set_stmt); break;
    case PG_QUERY__NODE__NODE_INSERT_STMT: sql_notice_skip(r, "INSERT"); break;
    case PG_QUERY__NODE__NODE_UPDATE_STMT: sql_notice_skip(r, "UPDATE"); break;
    case PG_QUERY__NODE__NODE_DELETE_STMT: sql_notice_skip(r, "DELETE"); break;
    case PG_QUERY__NODE__NODE_SELECT_STMT:
        if (n->select_stmt->into_clause && n->select_stmt->into_clause->rel)
            sql_mark_unmodelled_rel(r, n->select_stmt->into_clause->rel->relname);
        sql_notice_skip(r, "SELECT");
        break;
    case PG_QUERY__NODE__NODE_DO_STMT: sql_do_block(r, n->do_stmt); break;
    case PG_QUERY__NODE__NODE_LOCK_STMT: sql_notice_skip(r, "LOCK"); break;
    case PG_QUERY__NODE__NODE_TRUNCATE_STMT: sql_notice_skip(r, "TRUNCATE"); break;
    case PG_QUERY__NODE__NODE_TRANSACTION_STMT: break; /* BEGIN/COMMIT: silently, as psql runs them */
    default: {
        /* name it by its first two words: "CREATE POLICY", "GRANT SELECT" */
        const char *t = sql_stmt_text(r);
        size_t w = strcspn(t, " \t\r\n(;");
        if (t[w] == ' ')
            w += 1 + strcspn(t + w + 1, " \t\r\n(;");
        sd_notice(r->d, sql_loc(r, -1), "statement not modelled, skipped: %.*s", (int)w, t);
        break;
    }
    }
}

/* Skips whitespace and comments before a statement, so its place is its first word. */
static uint32_t skip_space(const SdSource *src, uint32_t off, uint32_t end)
{
    const char *s = src->text;
    while (off < end) {
        if (s[off] == ' ' || s[off] == '\t' || s[off] == '\n' || s[off] == '\r' || s[off] == '\f') {
            off++;
        } else if (s[off] == '-' && off + 1 < end && s[off + 1] == '-') {
            while (off < end && s[off] != '\n')
                off++;
        } else if (s[off] == '/' && off + 1 < end && s[off + 1] == '*') {
            const char *e = strstr(s + off + 2, "*/");
            off = e ? (uint32_t)(e - s) + 2 : end;
        } else {
            break;
        }
    }
    return off;
}

static void syntax_error(Replay *r, PgQueryError *e)
{
    int32_t pos = e->cursorpos > 0 ? e->cursorpos - 1 : 0;
    /* cursorpos counts characters, 1-based; turn it into a byte offset */
    uint32_t off = 0;
    for (int32_t chars = 0; off < r->src->len && chars < pos; chars++) {
        off++;
        while (off < r->src->len && ((unsigned char)r->src->text[off] & 0xC0) == 0x80)
            off++;
    }
    r->stmt_off = 0, r->stmt_len = 0;
    sd_error(r->d, sql_loc(r, (int32_t)off), "%s", e->message);
    r->failed = true;
}

/* The unpacked tree of one file: bump-allocated from a buffer the replay keeps
 * from file to file (sized from the packed tree, which protobuf-c unpacks into
 * a few times its size), past it from an arena of its own.  protobuf-c
 * initialises all it allocates, so neither needs zeroing; nothing is freed
 * node by node (that costs as much as the unpacking). */
typedef struct TreeMem {
    unsigned char *buf;
    size_t cap, used;
    SdArena *overflow;
} TreeMem;

static void *tree_alloc(void *data, size_t size)
{
    TreeMem *m = data;
    size = (size + 15) & ~(size_t)15;
    if (m->cap - m->used >= size) {
        void *p = m->buf + m->used;
        m->used += size;
        return p;
    }
    if (!m->overflow)
        m->overflow = sd_arena_new();
    return sd_alloc(m->overflow, size);
}

static void tree_free(void *data, void *p) { (void)data, (void)p; }

static TreeMem tree_mem(Replay *r, size_t packed)
{
    size_t want = 8 * packed + 4096;
    if (r->tree_cap < want) {
        free(r->tree_buf);
        r->tree_cap = 2 * want;
        r->tree_buf = malloc(r->tree_cap);
        if (!r->tree_buf)
            r->tree_cap = 0; /* all from the arena then */
    }
    return (TreeMem){r->tree_buf, r->tree_cap, 0, NULL};
}

static void replay_release(Replay *r)
{
    free(r->tree_buf);
    r->tree_buf = NULL, r->tree_cap = 0;
}

/* Replays every statement of r->src; false when an error stopped it. */
static bool replay_text(Replay *r)
{
    size_t bad;
    if (!sd_utf8_valid(r->src->text, r->src->len, &bad)) {
        sd_error(r->d, sd_loc_at(r->src, bad, 1), "invalid UTF-8 (or NUL byte) in SQL file");
        return false;
    }
    r->cur_off = 0, r->cur_line = 1, r->cur_bol = 0;
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(r->src->text);
    if (pr.error) {
        syntax_error(r, pr.error);
        pg_query_free_protobuf_parse_result(pr);
        return false;
    }
    /* Whatever the IR keeps from the tree is copied into the run's arena. */
    TreeMem mem = tree_mem(r, pr.parse_tree.len);
    ProtobufCAllocator alloc = {.alloc = tree_alloc, .free = tree_free, .allocator_data = &mem};
    PgQuery__ParseResult *tree =
        pg_query__parse_result__unpack(&alloc, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (!tree)
        sd_unreachable("libpg_query returned an unreadable tree");
    for (size_t i = 0; i < tree->n_stmts && !r->failed; i++) {
        PgQuery__RawStmt *raw = tree->stmts[i];
        uint32_t end = raw->stmt_len ? (uint32_t)(raw->stmt_location + raw->stmt_len) : (uint32_t)r->src->len;
        r->stmt_off = skip_space(r->src, (uint32_t)raw->stmt_location, end);
        r->stmt_len = end - r->stmt_off;
        replay_stmt(r, raw->stmt);
    }
    sd_arena_free(mem.overflow);
    return !r->failed;
}

void sql_replay_nested(Replay *r, const char *text)
{
    PgQueryProtobufParseResult pr = pg_query_parse_protobuf(text);
    PgQuery__ParseResult *tree =
        pr.error ? NULL
                 : pg_query__parse_result__unpack(NULL, pr.parse_tree.len, (const uint8_t *)pr.parse_tree.data);
    pg_query_free_protobuf_parse_result(pr);
    if (!tree)
        return;
    Replay saved = *r;
    SdDiags scratch;
    sd_diags_init(&scratch, r->a);
    r->d = &scratch;
    r->src = sd_source_new(r->a, saved.src->path, text, strlen(text));
    r->lenient++;
    for (size_t i = 0; i < tree->n_stmts; i++) {
        PgQuery__RawStmt *raw = tree->stmts[i];
        uint32_t end = raw->stmt_len ? (uint32_t)(raw->stmt_location + raw->stmt_len) : (uint32_t)r->src->len;
        r->stmt_off = skip_space(r->src, (uint32_t)raw->stmt_location, end);
        r->stmt_len = end - r->stmt_off;
        r->cur_off = 0, r->cur_line = 1, r->cur_bol = 0;
        r->failed = false;
        replay_stmt(r, raw->stmt);
    }
    pg_query__parse_result__free_unpacked(tree, NULL);
    SdMap unmodelled = r->unmodelled;
    int nsearch = r->nsearch;
    const char *path[8];
    memcpy(path, r->search_path, sizeof path);
    *r = saved;
    r->unmodelled = unmodelled; /* what the block created stays */
    r->nsearch = nsearch;
    memcpy(r->search_path, path, sizeof path);
}

bool sql_unmodelled_rel(Replay *r, const char *name) { return sd_map_get(&r->unmodelled, name) != NULL; }

void sql_mark_unmodelled_rel(Replay *r, const char *name)
{
    sd_map_put(r->a, &r->unmodelled, sd_strdup(r->a, name), (void *)"");
}

static void replay_init(Replay *r, SdArena *a, SdDiags *d, SdCatalog *into, const char *origin)
{
    *r = (Replay){.a = a, .d = d, .cat = into ? into : sd_catalog_new(a, origin)};
    r->cat->describes_all = true;
    r->search_path[0] = "public";
    r->nsearch = 1;
    if (!sd_catalog_find(r->cat, SD_OBJ_SCHEMA, NULL, "public"))
        sd_catalog_add_schema(r->cat, "public", (SdLoc){0});
}

SdCatalog *sd_sql_replay_source(SdArena *a, SdDiags *d, const SdSource *src, SdCatalog *into)
{
    Replay r;
    replay_init(&r, a, d, into, "sql");
    r.src = src;
    bool ok = replay_text(&r);
    replay_release(&r);
    return ok ? r.cat : NULL;
}

SdCatalog *sd_sql_replay_file(SdArena *a, SdDiags *d, const char *path, SdCatalog *into)
{
    SdSource *src = sd_source_read(a, d, path);
    if (!src)
        return NULL;
    return sd_sql_replay_source(a, d, src, into);
}

static int name_cmp(const void *pa, const void *pb) { return strcmp(pa, pb); }

bool sd_sql_migration_names(SdArena *a, SdDiags *d, const char *dir, SdVec *out)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        sd_error(d, sd_loc_file(sd_source_new(a, dir, "", 0)), "could not open migrations folder: %s",
                 strerror(errno));
        return false;
    }
    struct dirent *e;
    while ((e = readdir(dh))) {
        if (e->d_name[0] == '.')
            continue;
        bool is_dir = e->d_type == DT_DIR;
        if (e->d_type == DT_UNKNOWN || e->d_type == DT_LNK) { /* the file system does not say: ask */
            struct stat st;
            is_dir = stat(sd_printf(a, "%s/%s", dir, e->d_name), &st) == 0 && S_ISDIR(st.st_mode);
        }
        if (is_dir)
            sd_vec_push(a, out, sd_strdup(a, e->d_name));
    }
    closedir(dh);
    sd_vec_sort(out, name_cmp); /* byte-wise, as Prisma orders migrations */
    return true;
}

SdCatalog *sd_sql_replay_migrations(SdArena *a, SdDiags *d, const char *dir, size_t limit)
{
    SdVec names = {0};
    if (!sd_sql_migration_names(a, d, dir, &names))
        return NULL;
    Replay r;
    replay_init(&r, a, d, NULL, "migrations");
    size_t done = 0;
    for (size_t i = 0; i < names.len && (limit == 0 || done < limit); i++) {
        const char *path = sd_printf(a, "%s/%s/migration.sql", dir, (const char *)names.items[i]);
        struct stat st;
        if (stat(path, &st) != 0 && errno == ENOENT)
            continue; /* a folder without migration.sql is not a migration */
        SdSource *src = sd_source_read(a, d, path);
        r.src = src;
        r.search_path[0] = "public", r.nsearch = 1; /* each migration is a new session */
        if (!src || !replay_text(&r)) {
            replay_release(&r);
            return NULL;
        }
        done++;
    }
    replay_release(&r);
    return r.cat;
}

/* base.c: arena, vectors, maps, buffers and string helpers (see base.h). */
#include "base.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

_Noreturn void sd_unreachable_at(const char *file, int line, const char *what)
{
    fprintf(stderr, "schemadiff: internal error at %s:%d: %s\n", file, line, what);
    abort();
}

static _Noreturn void out_of_memory(void)
{
    fputs("schemadiff: out of memory\n", stderr);
    abort();
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory();
    return p;
}

/* ---- arena: a list of blocks, bump allocation ---- */
typedef struct Block {
    struct Block *next;
    size_t size, used;
    size_t mapped; /* 0: from calloc; else the length of its own mapping */
    _Alignas(16) unsigned char data[];
} Block;

/* Small runs keep 64 KiB blocks from calloc.  Past 4 MiB an arena takes
 * 4 MiB blocks mapped straight from the kernel, prefaulted in one call
 * (MAP_POPULATE): fresh zero pages, no memset whatever malloc's mmap threshold
 * has grown to, and no page fault per 4 KiB touched.  (Huge pages were tried:
 * faster at best, but the kernel's compaction on a busy machine made runs
 * twice as slow at the median.) */
enum {
    BLOCK_SIZE = 64 * 1024,
    BIG_AFTER = 4 * 1024 * 1024,
    BIG_MAP = 4 * 1024 * 1024,                   /* the mapping of a standard big block */
    BIG_BLOCK_SIZE = BIG_MAP - sizeof(Block),    /* its room, header aside */
    PAGE = 4096,                                 /* mappings are whole pages */
    REUSE_MAX = 16 * 1024,
    REUSE_CLASSES = REUSE_MAX / 16 + 1
};

/* Mapped blocks given back by sd_arena_free, kept for the next arena: their
 * pages are already in memory, so a pipeline whose stages free scratch arenas
 * (the validator's, the AST after lowering) reuses them instead of mapping new
 * ones.  Only the part a block had handed out needs zeroing again.  An arena
 * belongs to one thread; the pool is shared, under a lock. */
enum { SPARE_MAX = 32 };
static struct Block *spare_blocks[SPARE_MAX];
static size_t nspare;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;

struct SdArena {
    Block *head;
    SdArena *children, *next_child; /* sd_arena_child: freed with this one */
    size_t total;      /* bytes handed out */
    size_t fail_after; /* 0: off; else allocations left before a forced failure */
    /* Blocks given back by sd_arena_release (outgrown vector and map arrays,
     * scratch maps), one free list per 16-byte size class, reused by sd_alloc. */
    void *free_lists[REUSE_CLASSES];
};

SdArena *sd_arena_new(void)
{
    SdArena *a = xmalloc(sizeof *a);
    memset(a, 0, sizeof *a);
    return a;
}

SdArena *sd_arena_child(SdArena *parent)
{
    SdArena *c = sd_arena_new();
    c->next_child = parent->children;
    parent->children = c;
    return c;
}

void sd_arena_free(SdArena *a)
{
    if (!a)
        return;
    for (SdArena *c = a->children, *next; c; c = next) {
        next = c->next_child;
        sd_arena_free(c);
    }
    for (Block *b = a->head, *next; b; b = next) {
        next = b->next;
        bool kept = false;
        if (b->mapped == BIG_MAP) {
            pthread_mutex_lock(&spare_lock);
            if ((kept = nspare < SPARE_MAX))
                spare_blocks[nspare++] = b;
            pthread_mutex_unlock(&spare_lock);
        }
        if (kept)
            continue;
        if (b->mapped)
            munmap(b, b->mapped);
        else
            free(b);
    }
    free(a);
}

void sd_arena_fail_after(SdArena *a, size_t n) { a->fail_after = n; }

void sd_arena_release(SdArena *a, void *p, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!p || n < sizeof(void *) || n > REUSE_MAX)
        return;
    *(void **)p = a->free_lists[n / 16];
    a->free_lists[n / 16] = p;
}

size_t sd_arena_used(const SdArena *a) { return a->total; }

static Block *new_block(size_t size)
{
    Block *b = NULL;
    if (size == BIG_BLOCK_SIZE) {
        pthread_mutex_lock(&spare_lock);
        if (nspare)
            b = spare_blocks[--nspare];
        pthread_mutex_unlock(&spare_lock);
    }
    if (b) {
        memset(b->data, 0, b->used);
        b->used = 0;
        b->next = NULL;
        return b;
    }
    if (size >= BIG_BLOCK_SIZE) {
        size_t len = (sizeof(Block) + size + PAGE - 1) & ~(size_t)(PAGE - 1);
        void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
        if (p == MAP_FAILED)
            out_of_memory();
        b = p;
        b->mapped = len;
        size = len - sizeof(Block);
    } else {
        b = calloc(1, sizeof(Block) + size);
        if (!b)
            out_of_memory();
    }
    b->size = size;
    return b;
}

void *sd_alloc(SdArena *a, size_t n)
{
    if (a->fail_after && --a->fail_after == 0) {
        fputs("schemadiff: out of memory (injected fault)\n", stderr);
        abort();
    }
    n = (n + 15) & ~(size_t)15;
    if (n && n <= REUSE_MAX && a->free_lists[n / 16]) {
        void **p = a->free_lists[n / 16];
        a->free_lists[n / 16] = *p;
        memset(p, 0, n);
        return p;
    }
    Block *b = a->head;
    if (!b || b->size - b->used < n) {
        /* Fresh memory is zero: sd_alloc hands out zeroed bytes without a memset. */
        size_t block = a->total < BIG_AFTER ? BLOCK_SIZE : BIG_BLOCK_SIZE;
        size_t size = n > block / 4 ? n : block;
        b = new_block(size);
        if (size == n && a->head) { /* big one-off: keep the current block in front */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += n;
    a->total += n;
    return p;
}

char *sd_strndup(SdArena *a, const char *s, size_t n)
{
    char *p = sd_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *sd_strdup(SdArena *a, const char *s) { return s ? sd_strndup(a, s, strlen(s)) : NULL; }

/* ---- formatting ----
 * Most of our formats are keys and names ("%s.%s", "%s_%s_key", "(%d)"), and
 * glibc's vsnprintf spends about a microsecond on each whatever its length.
 * sd_vsnprintf formats the conversions we use itself, %s %.*s %c %d %i %u and
 * the l, ll and z lengths of d, i and u, and %%, and hands any other format
 * (flags, widths, floating point) to vsnprintf: same result, same contract. */

typedef struct FmtOut {
    char *buf;
    size_t size, len; /* len: the whole result's length, even past size */
} FmtOut;

static void fmt_put(FmtOut *o, const char *s, size_t n)
{
    if (o->len < o->size) {
        size_t room = o->size - o->len;
        memcpy(o->buf + o->len, s, n < room ? n : room);
    }
    o->len += n;
}

static void fmt_unsigned(FmtOut *o, unsigned long long v, bool neg)
{
    char digits[24];
    size_t i = sizeof digits;
    do
        digits[--i] = (char)('0' + v % 10);
    while ((v /= 10) != 0);
    if (neg)
        digits[--i] = '-';
    fmt_put(o, digits + i, sizeof digits - i);
}

static void fmt_signed(FmtOut *o, long long v)
{
    fmt_unsigned(o, v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, v < 0);
}

int sd_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    va_list ap2; /* consumed here; ap stays whole for vsnprintf */
    va_copy(ap2, ap);
    FmtOut o = {buf, size, 0};
    for (const char *p = fmt;;) {
        const char *q = p;
        while (*q && *q != '%')
            q++;
        fmt_put(&o, p, (size_t)(q - p));
        if (!*q)
            break;
        q++;
        switch (*q) {
        case '%': fmt_put(&o, "%", 1); break;
        case 'c': {
            char c = (char)va_arg(ap2, int);
            fmt_put(&o, &c, 1);
            break;
        }
        case 's': {
            const char *str = va_arg(ap2, const char *);
            if (!str)
                str = "(null)"; /* glibc's spelling */
            fmt_put(&o, str, strlen(str));
            break;
        }
        case 'd': case 'i': fmt_signed(&o, va_arg(ap2, int)); break;
        case 'u': fmt_unsigned(&o, va_arg(ap2, unsigned), false); break;
        case '.':
            if (q[1] == '*' && q[2] == 's') {
                int prec = va_arg(ap2, int);
                const char *str = va_arg(ap2, const char *);
                q += 2;
                if (!str)
                    fmt_put(&o, "(null)", prec < 0 || prec >= 6 ? 6 : 0);
                else
                    fmt_put(&o, str, prec < 0 ? strlen(str) : strnlen(str, (size_t)prec));
                break;
            }
            goto libc;
        case 'z':
            if (q[1] == 'u') {
                fmt_unsigned(&o, va_arg(ap2, size_t), false);
            } else if (q[1] == 'd' || q[1] == 'i') {
                fmt_signed(&o, (long long)va_arg(ap2, ptrdiff_t));
            } else {
                goto libc;
            }
            q++;
            break;
        case 'l': {
            bool ll = q[1] == 'l';
            char conv = q[ll ? 2 : 1];
            if (conv == 'u')
                fmt_unsigned(&o, ll ? va_arg(ap2, unsigned long long) : va_arg(ap2, unsigned long), false);
            else if (conv == 'd' || conv == 'i')
                fmt_signed(&o, ll ? va_arg(ap2, long long) : va_arg(ap2, long));
            else
                goto libc;
            q += ll ? 2 : 1;
            break;
        }
        default:
            goto libc;
        }
        p = q + 1;
    }
    va_end(ap2);
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return o.len > INT_MAX ? -1 : (int)o.len;
libc: /* a conversion of another kind: vsnprintf does it all (what was written is overwritten) */
    va_end(ap2);
    return vsnprintf(buf, size, fmt, ap);
}

int sd_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = sd_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

/* Formats once into a stack buffer (most results are short keys and names);
 * only a longer result is formatted a second time, straight into the arena. */
char *sd_vprintf(SdArena *a, const char *fmt, va_list ap)
{
    char small[256];
    va_list ap2;
    va_copy(ap2, ap);
    int n = sd_vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        sd_unreachable("vsnprintf failed");
    char *p = sd_alloc(a, (size_t)n + 1);
    if ((size_t)n < sizeof small)
        memcpy(p, small, (size_t)n + 1);
    else
        sd_vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *sd_printf(SdArena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = sd_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

/* ---- two things at once ---- */
typedef struct Job {
    void (*fn)(void *);
    void *arg;
} Job;

static void *run_job(void *p)
{
    Job *j = p;
    j->fn(j->arg);
    return NULL;
}

void sd_parallel2(void (*first)(void *), void *arg1, void (*second)(void *), void *arg2)
{
    Job j = {second, arg2};
    pthread_t th;
    bool threaded = pthread_create(&th, NULL, run_job, &j) == 0;
    first(arg1);
    if (threaded)
        pthread_join(th, NULL);
    else
        second(arg2);
}

/* ---- vectors ---- */
void sd_vec_push(SdArena *a, SdVec *v, void *item)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 4; /* most vectors hold one to three items */
        void **items = sd_alloc(a, cap * sizeof *items);
        if (v->len)
            memcpy(items, v->items, v->len * sizeof *items);
        /* the old array is not released: a copy of the SdVec may still point at it */
        v->items = items;
        v->cap = cap;
    }
    v->items[v->len++] = item;
}

static void merge_sort(void **a, void **tmp, size_t n, int (*cmp)(const void *, const void *))
{
    if (n < 2)
        return;
    size_t mid = n / 2;
    merge_sort(a, tmp, mid, cmp);
    merge_sort(a + mid, tmp, n - mid, cmp);
    size_t i = 0, j = mid, k = 0;
    while (i < mid && j < n)
        tmp[k++] = cmp(a[j], a[i]) < 0 ? a[j++] : a[i++];
    while (i < mid)
        tmp[k++] = a[i++];
    while (j < n)
        tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

void sd_vec_sort(SdVec *v, int (*cmp)(const void *, const void *))
{
    if (v->len < 2)
        return;
    void **tmp = xmalloc(v->len * sizeof *tmp);
    merge_sort(v->items, tmp, v->len, cmp);
    free(tmp);
}

/* ---- maps: FNV-1a, linear probing over compact slots ---- */
struct SdMapSlot {
    uint32_t hash;  /* low 32 bits of the key's hash */
    uint32_t index; /* 1 + the key's index in keys/vals; 0: empty */
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The index of key (of hash h) in m->keys, or -1, in a map that has its table. */
static ptrdiff_t map_find_hashed(const SdMap *m, const char *key, uint32_t h)
{
    for (size_t i = h & (m->cap - 1);; i = (i + 1) & (m->cap - 1)) {
        const struct SdMapSlot *s = &m->slots[i];
        if (!s->index)
            return -1;
        if (s->hash == h && strcmp(m->keys.items[s->index - 1], key) == 0)
            return (ptrdiff_t)s->index - 1;
    }
}

/* The index of key in m->keys, or -1. */
static ptrdiff_t map_find(const SdMap *m, const char *key)
{
    if (!m->slots) {
        for (size_t i = 0; i < m->keys.len; i++)
            if (strcmp(m->keys.items[i], key) == 0)
                return (ptrdiff_t)i;
        return -1;
    }
    return map_find_hashed(m, key, (uint32_t)hash_str(key));
}

void *sd_map_get(const SdMap *m, const char *key)
{
    ptrdiff_t i = map_find(m, key);
    return i < 0 ? NULL : m->vals.items[i];
}

static void slot_insert(struct SdMapSlot *slots, size_t cap, uint32_t h, uint32_t index)
{
    size_t j = h & (cap - 1);
    while (slots[j].index)
        j = (j + 1) & (cap - 1);
    slots[j] = (struct SdMapSlot){h, index};
}

/* Makes room for one more entry: builds the table when the map outgrows
 * SD_MAP_SMALL, doubles it past a load of 3/4. */
static void map_grow(SdArena *a, SdMap *m)
{
    if (m->keys.len + 1 <= SD_MAP_SMALL || (m->slots && (m->keys.len + 1) * 4 <= m->cap * 3))
        return;
    size_t cap = m->cap ? m->cap * 2 : 4 * SD_MAP_SMALL;
    struct SdMapSlot *slots = sd_alloc(a, cap * sizeof *slots);
    if (m->slots) { /* the old table keeps each key's hash */
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].index)
                slot_insert(slots, cap, m->slots[i].hash, m->slots[i].index);
    } else {
        for (size_t i = 0; i < m->keys.len; i++)
            slot_insert(slots, cap, (uint32_t)hash_str(m->keys.items[i]), (uint32_t)i + 1);
    }
    sd_arena_release(a, m->slots, m->cap * sizeof *slots);
    m->slots = slots;
    m->cap = cap;
}

void *sd_map_put(SdArena *a, SdMap *m, const char *key, void *val)
{
    /* a key is hashed once, for the lookup and the insertion both */
    bool hashed = m->slots != NULL;
    uint32_t h = hashed ? (uint32_t)hash_str(key) : 0;
    ptrdiff_t i = hashed ? map_find_hashed(m, key, h) : map_find(m, key);
    if (i >= 0) {
        void *old = m->vals.items[i];
        m->vals.items[i] = val;
        return old;
    }
    map_grow(a, m);
    sd_vec_push(a, &m->keys, (void *)key);
    sd_vec_push(a, &m->vals, val);
    m->len++;
    if (m->slots)
        slot_insert(m->slots, m->cap, hashed ? h : (uint32_t)hash_str(key), (uint32_t)m->keys.len);
    return NULL;
}

void sd_map_release(SdArena *a, SdMap *m)
{
    sd_arena_release(a, m->slots, m->cap * sizeof *m->slots);
    sd_vec_release(a, &m->keys);
    sd_vec_release(a, &m->vals);
    *m = (SdMap){0};
}

void sd_vec_release(SdArena *a, SdVec *v)
{
    sd_arena_release(a, v->items, v->cap * sizeof *v->items);
    *v = (SdVec){0};
}

/* ---- buffers ---- */
void sd_buf_put(SdBuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            out_of_memory();
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sd_buf_puts(SdBuf *b, const char *s) { sd_buf_put(b, s, strlen(s)); }
void sd_buf_putc(SdBuf *b, char c) { sd_buf_put(b, &c, 1); }

void sd_buf_printf(SdBuf *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    sd_buf_put(b, "", 0); /* ensure data exists */
    /* Formats once into the room left; only a longer result (the room then
     * holds a cut copy past len, overwritten below) is formatted again. */
    int n = sd_vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        sd_unreachable("vsnprintf failed");
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d)
            out_of_memory();
        b->data = d;
        b->cap = cap;
        sd_vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    }
    b->len += (size_t)n;
    va_end(ap);
}

bool sd_buf_read_stream(SdBuf *b, FILE *f)
{
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sd_buf_put(b, chunk, n);
    sd_buf_put(b, "", 0); /* data is never NULL afterwards */
    return !ferror(f);
}

void sd_buf_free(SdBuf *b)
{
    free(b->data);
    *b = (SdBuf){0};
}

const char *sd_buf_str(SdBuf *b) { return b->data ? b->data : ""; }

/* ---- strings ---- */
bool sd_streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return a[0] == b[0] && strcmp(a, b) == 0; /* most unequal strings differ at once: no call */
}

int sd_strcmp0(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* Appends s between two q characters, doubling each q inside. */
static void put_quoted(SdBuf *b, const char *s, char q)
{
    sd_buf_putc(b, q);
    /* copied in runs: each run ends with a quote, which then starts the next
     * run too, so it comes out doubled */
    const char *run = s;
    for (const char *p = s; *p; p++) {
        if (*p == q) {
            sd_buf_put(b, run, (size_t)(p - run) + 1);
            run = p;
        }
    }
    sd_buf_puts(b, run);
    sd_buf_putc(b, q);
}

void sd_buf_quote_ident(SdBuf *b, const char *ident) { put_quoted(b, ident, '"'); }
void sd_buf_quote_literal(SdBuf *b, const char *s) { put_quoted(b, s, '\''); }

bool sd_utf8_valid(const char *s, size_t n, size_t *bad_offset)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = p[i];
        size_t len;
        uint32_t cp;
        if (c == 0)
            goto bad;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, cp = c & 0x07;
        } else {
            goto bad;
        }
        if (i + len > n)
            goto bad;
        for (size_t k = 1; k < len; k++) {
            if ((p[i + k] & 0xC0) != 0x80)
                goto bad;
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            goto bad;
        i += len;
    }
    return true;
bad:
    if (bad_offset)
        *bad_offset = i;
    return false;
}

/* PostgreSQL's keywords that quote_ident() quotes (every category but
 * unreserved), from pg_get_keywords() of PostgreSQL 15, sorted for bsearch. */
static const char *const QUOTED_KEYWORDS[] = {
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization",
    "between", "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character",
    "check", "coalesce", "collate", "collation", "column", "concurrently", "constraint", "create",
    "cross", "current_catalog", "current_date", "current_role", "current_schema", "current_time",
    "current_timestamp", "current_user", "dec", "decimal", "default", "deferrable", "desc",
    "distinct", "do", "else", "end", "except", "exists", "extract", "false", "fetch", "float",
    "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group", "grouping", "having",
    "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval", "into",
    "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null",
    "nullif", "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps",
    "overlay", "placing", "position", "precision", "primary", "real", "references", "returning",
    "right", "row", "select", "session_user", "setof", "similar", "smallint", "some", "substring",
    "symmetric", "table", "tablesample", "then", "time", "timestamp", "to", "trailing", "treat",
    "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic", "verbose",
    "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable"
};

static int kw_cmp(const void *key, const void *elem) { return strcmp(key, *(const char *const *)elem); }

bool sd_ident_needs_quotes(const char *s)
{
    if (!*s || !((*s >= 'a' && *s <= 'z') || *s == '_'))
        return true;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '$'))
            return true;
    return bsearch(s, QUOTED_KEYWORDS, SD_ARRAY_LEN(QUOTED_KEYWORDS), sizeof QUOTED_KEYWORDS[0], kw_cmp) != NULL;
}

void sd_buf_ident(SdBuf *b, const char *ident)
{
    if (sd_ident_needs_quotes(ident))
        sd_buf_quote_ident(b, ident);
    else
        sd_buf_puts(b, ident);
}

/* base.h: the run's arena, growable vectors, string maps and buffers.
 * Everything a run builds (tokens, ASTs, IR, operations) lives in one SdArena
 * and is freed once at the end with sd_arena_free().  Allocation failure
 * aborts with a message: we never return NULL from the arena. */
#ifndef SD_BASE_H
#define SD_BASE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define SD_UNUSED(x) ((void)(x))
#define SD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#if defined(__GNUC__)
#define SD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SD_PRINTF(f, a)
#endif

/* unreachable: a bug, not a user error. Names the place and aborts. */
_Noreturn void sd_unreachable_at(const char *file, int line, const char *what);
#define sd_unreachable(what) sd_unreachable_at(__FILE__, __LINE__, what)

/* ---- arena ---- */
typedef struct SdArena SdArena;

SdArena *sd_arena_new(void);
void sd_arena_free(SdArena *a);             /* frees every block; NULL is fine */
void *sd_alloc(SdArena *a, size_t n);       /* zeroed, 16-byte aligned */
char *sd_strdup(SdArena *a, const char *s); /* NULL -> NULL */
char *sd_strndup(SdArena *a, const char *s, size_t n);
char *sd_printf(SdArena *a, const char *fmt, ...) SD_PRINTF(2, 3);
char *sd_vprintf(SdArena *a, const char *fmt, va_list ap);
/* vsnprintf and snprintf, with the plain conversions (%s %.*s %c %d %i %u, l/ll/z
 * lengths, %%) formatted in line: several times faster on keys and names. */
int sd_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int sd_snprintf(char *buf, size_t size, const char *fmt, ...) SD_PRINTF(3, 4);
size_t sd_arena_used(const SdArena *a);     /* bytes handed out, for benchmarks */
/* Gives back a block of n bytes (n as allocated) that nothing uses any more;
 * a later sd_alloc of the same size may return it.  Vectors and maps release
 * their outgrown arrays this way. */
void sd_arena_release(SdArena *a, void *p, size_t n);
/* A new arena that sd_arena_free(parent) frees too: to keep nodes of one kind
 * together (a pass over them then reads memory in order) while they all go at once. */
SdArena *sd_arena_child(SdArena *parent);
/* Testing: make the arena's Nth allocation from now fail (abort with a message);
 * 0 turns it off.  Mirrors SQLite's fault injection. */
void sd_arena_fail_after(SdArena *a, size_t n);

/* ---- two things at once ----
 * Runs second(arg2) on a new thread while first(arg1) runs on the caller's, and
 * returns when both are done (one after the other when no thread can be had).
 * The two must share nothing mutable but what is locked (the arena block pool). */
void sd_parallel2(void (*first)(void *), void *arg1, void (*second)(void *), void *arg2);

/* ---- vector of pointers (arena-backed) ---- */
typedef struct SdVec {
    void **items;
    uint32_t len, cap; /* 16 bytes in all: the AST and the IR hold hundreds of thousands */
} SdVec;

void sd_vec_push(SdArena *a, SdVec *v, void *item);
/* Gives a scratch vector's array back to the arena and empties it. */
void sd_vec_release(SdArena *a, SdVec *v);
#define SD_VEC_AT(v, i, T) ((T)(v).items[i])
/* Stable sort of v by cmp (merge sort: equal items keep their order). */
void sd_vec_sort(SdVec *v, int (*cmp)(const void *a, const void *b));

/* ---- string -> pointer hash map (arena-backed, insertion order kept) ----
 * Keys and values live in two parallel vectors (keys in insertion order, for
 * deterministic walks); a map of up to SD_MAP_SMALL entries is searched
 * linearly, a larger one through an open-addressing table of 8-byte slots
 * (hash and index).  Putting NULL hides a key from sd_map_get. */
enum { SD_MAP_SMALL = 8 };

typedef struct SdMap {
    struct SdMapSlot *slots; /* NULL while small */
    uint32_t cap, len;
    SdVec keys;              /* const char*, in insertion order */
    SdVec vals;              /* void*, parallel to keys */
} SdMap;

void *sd_map_get(const SdMap *m, const char *key);
/* Sets key -> val; returns the previous value or NULL.  The key is not copied:
 * it must live as long as the map (arena strings do). */
void *sd_map_put(SdArena *a, SdMap *m, const char *key, void *val);
/* Gives a scratch map's memory back to the arena and empties it. */
void sd_map_release(SdArena *a, SdMap *m);

/* ---- growable byte buffer (malloc-backed; for output text) ---- */
typedef struct SdBuf {
    char *data; /* always NUL-terminated once anything is written */
    size_t len, cap;
} SdBuf;

void sd_buf_put(SdBuf *b, const char *s, size_t n);
void sd_buf_puts(SdBuf *b, const char *s);
void sd_buf_putc(SdBuf *b, char c);
void sd_buf_printf(SdBuf *b, const char *fmt, ...) SD_PRINTF(2, 3);
void sd_buf_free(SdBuf *b);
/* Appends everything f has left to read; false when reading failed (ferror). */
bool sd_buf_read_stream(SdBuf *b, FILE *f);
const char *sd_buf_str(SdBuf *b); /* "" when empty */

/* ---- strings ---- */
bool sd_streq(const char *a, const char *b);      /* NULL-safe */
int sd_strcmp0(const char *a, const char *b);     /* NULL sorts first */
/* Appends an SQL identifier, double-quoted ("a""b"). */
void sd_buf_quote_ident(SdBuf *b, const char *ident);
/* True when PostgreSQL's quote_ident() would quote s (not lowercase-simple, or a keyword). */
bool sd_ident_needs_quotes(const char *s);
/* Appends ident as quote_ident() prints it: bare when it can be, else double-quoted. */
void sd_buf_ident(SdBuf *b, const char *ident);
/* Appends an SQL string literal ('it''s'). */
void sd_buf_quote_literal(SdBuf *b, const char *s);
/* True when s is valid UTF-8 of n bytes with no NUL. */
bool sd_utf8_valid(const char *s, size_t n, size_t *bad_offset);

#endif

/* env.c: Prisma's env("NAME") - the process environment first, then a .env
 * file read as the dotenv and dotenv-expand packages Prisma uses read it. */
#include "introspect.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* KEY=VALUE pairs of a .env file, in file order (later ones win). */
typedef struct EnvFile {
    SdVec keys, values; /* const char* */
} EnvFile;

static const char *env_file_get(const EnvFile *f, const char *name)
{
    const char *v = NULL;
    for (size_t i = 0; i < f->keys.len; i++)
        if (strcmp(f->keys.items[i], name) == 0)
            v = f->values.items[i];
    return v;
}

/* value = '...' | "..." (\n expanded) | `...` | bare text up to # (trimmed) */
static const char *parse_value(SdArena *a, const char *p, const char *end, bool *expand)
{
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    *expand = true;
    if (p < end && (*p == '\'' || *p == '"' || *p == '`')) {
        char q = *p;
        const char *close = end;
        while (close > p + 1 && close[-1] != q)
            close--;
        if (close > p + 1) {
            *expand = q != '\'';
            SdBuf b = {0};
            for (const char *s = p + 1; s < close - 1; s++) {
                if (q == '"' && s[0] == '\\' && s[1] == 'n')
                    sd_buf_putc(&b, '\n'), s++;
                else
                    sd_buf_putc(&b, *s);
            }
            const char *v = sd_strndup(a, sd_buf_str(&b), b.len);
            sd_buf_free(&b);
            return v;
        }
    }
    const char *hash = memchr(p, '#', (size_t)(end - p));
    if (hash)
        end = hash;
    while (end > p && isspace((unsigned char)end[-1]))
        end--;
    return sd_strndup(a, p, (size_t)(end - p));
}

static void parse_env_file(SdArena *a, const char *text, EnvFile *f, SdVec *expand_flags)
{
    for (const char *line = text; *line;) {
        const char *end = line + strcspn(line, "\n");
        const char *p = line, *next = *end ? end + 1 : end;
        if (end > line && end[-1] == '\r')
            end--;
        while (p < end && isspace((unsigned char)*p))
            p++;
        if (end - p > 7 && strncmp(p, "export ", 7) == 0)
            p += 7;
        const char *k = p;
        while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == '.' || *p == '-'))
            p++;
        const char *kend = p;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (kend > k && p < end && *p == '=') {
            bool expand;
            sd_vec_push(a, &f->keys, sd_strndup(a, k, (size_t)(kend - k)));
            sd_vec_push(a, &f->values, (void *)parse_value(a, p + 1, end, &expand));
            sd_vec_push(a, expand_flags, expand ? "y" : NULL);
        }
        line = next;
    }
}

/* dotenv-expand: ${NAME} and $NAME from the environment, else the file. */
static const char *expand_value(SdArena *a, const char *v, const EnvFile *f, int depth)
{
    if (!strchr(v, '$') || depth > 8)
        return v;
    SdBuf b = {0};
    for (const char *p = v; *p;) {
        if (p[0] == '\\' && p[1] == '$') {
            sd_buf_putc(&b, '$');
            p += 2;
            continue;
        }
        if (*p != '$') {
            sd_buf_putc(&b, *p++);
            continue;
        }
        bool braced = p[1] == '{';
        const char *s = p + 1 + braced, *e = s;
        while (isalnum((unsigned char)*e) || *e == '_')
            e++;
        if (e == s || (braced && *e != '}')) {
            sd_buf_putc(&b, *p++);
            continue;
        }
        const char *name = sd_strndup(a, s, (size_t)(e - s));
        const char *val = getenv(name);
        if (!val && (val = env_file_get(f, name)))
            val = expand_value(a, val, f, depth + 1);
        sd_buf_puts(&b, val ? val : "");
        p = e + braced;
    }
    const char *out = sd_strndup(a, sd_buf_str(&b), b.len);
    sd_buf_free(&b);
    return out;
}

const char *sd_env_lookup(SdArena *a, const char *dir, const char *name)
{
    const char *v = getenv(name);
    if (v)
        return sd_strdup(a, v);
    const char *path = sd_printf(a, "%s/.env", dir && *dir ? dir : ".");
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    SdBuf text = {0};
    sd_buf_read_stream(&text, fp); /* a .env that fails half-way is used as far as it was read */
    fclose(fp);
    EnvFile f = {0};
    SdVec expand = {0};
    parse_env_file(a, sd_buf_str(&text), &f, &expand);
    sd_buf_free(&text);
    for (size_t i = f.keys.len; i-- > 0;)
        if (strcmp(f.keys.items[i], name) == 0)
            return expand.items[i] ? expand_value(a, f.values.items[i], &f, 0) : f.values.items[i];
    return NULL;
}

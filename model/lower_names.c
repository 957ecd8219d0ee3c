/* lower_names.c: identifiers as PostgreSQL prints them and the names Prisma
 * gives keys, indexes and constraints (constraint_names.rs: always computed
 * from database names, cut to fit 63 bytes with the suffix kept). */
#include "lower_int.h"

#include <string.h>

/* Length of the longest prefix of s of at most max bytes that ends on a
 * UTF-8 character boundary (PostgreSQL's pg_mbcliplen, Rust's floor_char_boundary). */
static size_t clip_len(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

const char *sd_lower_clip(SdArena *a, const char *s, size_t max)
{
    return sd_strndup(a, s, clip_len(s, max));
}

const char *sd_lower_prisma_name(SdArena *a, const char *table, const char *const *cols, size_t ncols,
                                 const char *suffix)
{
    SdBuf b = {0};
    sd_buf_puts(&b, table);
    for (size_t i = 0; i < ncols; i++) {
        sd_buf_putc(&b, '_');
        sd_buf_puts(&b, cols[i]);
    }
    size_t room = SD_NAMEDATALEN - 1 - strlen(suffix);
    const char *s = sd_buf_str(&b);
    const char *out = sd_printf(a, "%.*s%s", (int)clip_len(s, room), s, suffix);
    sd_buf_free(&b);
    return out;
}

const char *sd_lower_pg_object_name(SdArena *a, const char *name1, const char *name2, const char *label)
{
    size_t overhead = strlen(label) + 1 + (name2 ? 1 : 0);
    size_t avail = SD_NAMEDATALEN - 1 - overhead;
    size_t n1 = strlen(name1), n2 = name2 ? strlen(name2) : 0;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    n1 = clip_len(name1, n1);
    if (name2) {
        n2 = clip_len(name2, n2);
        return sd_printf(a, "%.*s_%.*s_%s", (int)n1, name1, (int)n2, name2, label);
    }
    return sd_printf(a, "%.*s_%s", (int)n1, name1, label);
}

const char *sd_lower_arg_string(const PslAttr *attr, const char *name, size_t pos)
{
    if (!attr)
        return NULL;
    const PslArg *arg = name ? sd_psl_find_arg(attr, name) : NULL;
    if (!arg && pos != (size_t)-1)
        arg = sd_psl_positional(attr, pos);
    if (arg && arg->value && arg->value->kind == PSL_EXPR_STRING)
        return arg->value->str;
    return NULL;
}

const char *sd_lower_mapped_name(const SdVec *attrs, const char *attr, const char *name)
{
    const char *m = sd_lower_arg_string(sd_psl_find_attr(attrs, attr), "name", 0);
    return m ? m : name;
}

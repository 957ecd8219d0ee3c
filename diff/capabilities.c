/* capabilities.c: the one table of PostgreSQL-version knowledge (what rewrites,
 * what locks, what syntax exists), one row per supported major version.  Every
 * version test in the risk stage reads a field of SdCaps, never a number.
 * Sources: the release notes and ALTER TABLE / CREATE INDEX / ALTER TYPE pages of
 * each version's documentation. */
#include "risk.h"

#include <stdlib.h>
#include <string.h>

/*  ver  const_def  nn_check  enum_tx  reidx_cc  ren_idx  tz_utc  detach_cc  nnd  input_valid  nn_not_valid */
#define CAPS_ROW(v, a, b, c, d, e, f, g, h, i, j) {v, a, b, c, d, e, f, g, h, i, j}
static const SdCaps CAPS[] = {
    CAPS_ROW(11, true, false, false, false, false, false, false, false, false, false),
    CAPS_ROW(12, true, true, true, true, true, true, false, false, false, false),
    CAPS_ROW(13, true, true, true, true, true, true, false, false, false, false),
    CAPS_ROW(14, true, true, true, true, true, true, true, false, false, false),
    CAPS_ROW(15, true, true, true, true, true, true, true, true, false, false),
    CAPS_ROW(16, true, true, true, true, true, true, true, true, true, false),
    CAPS_ROW(17, true, true, true, true, true, true, true, true, true, false),
    CAPS_ROW(18, true, true, true, true, true, true, true, true, true, true),
};
#undef CAPS_ROW
_Static_assert(SD_ARRAY_LEN(CAPS) == SD_PG_MAX_VERSION - SD_PG_MIN_VERSION + 1,
               "one capability row per supported major version");

const SdCaps *sd_caps_for_version(int v)
{
    if (v < SD_PG_MIN_VERSION || v > SD_PG_MAX_VERSION)
        return NULL;
    const SdCaps *c = &CAPS[v - SD_PG_MIN_VERSION];
    if (c->version != v)
        sd_unreachable("capability table out of order");
    return c;
}

int sd_pg_parse_version(const char *s)
{
    if (!s || !*s)
        return 0;
    char *end;
    long n = strtol(s, &end, 10);
    if (end == s || n <= 0)
        return 0;
    if (*end == '.' || *end == '\0') {
        if (n >= 10000) /* server_version_num: 150004 */
            return *end ? 0 : (int)(n / 10000);
        if (*end == '.') { /* "15.4": the major; digits must follow */
            const char *p = end + 1;
            if (!*p)
                return 0;
            for (; *p; p++)
                if ((*p < '0' || *p > '9') && *p != '.')
                    return 0;
        }
        return n < 1000 ? (int)n : 0;
    }
    return 0;
}

static const char *const CLASS_NAMES[SD_RISK__COUNT] = {
    [SD_RISK_DATA_LOSS] = "data-loss", [SD_RISK_UNIQUE] = "unique-violation",
    [SD_RISK_NOT_NULL] = "not-null-without-default", [SD_RISK_CAST] = "cast-failure",
    [SD_RISK_REWRITE] = "rewrite", [SD_RISK_LOCK] = "lock",
    [SD_RISK_FK] = "foreign-key-violation", [SD_RISK_CHECK] = "check-violation",
};
_Static_assert(SD_ARRAY_LEN(CLASS_NAMES) == SD_RISK__COUNT, "CLASS_NAMES and SdRiskClass disagree");
_Static_assert(RISK_DATA_LOSS == 1u << SD_RISK_DATA_LOSS && RISK_UNIQUE == 1u << SD_RISK_UNIQUE &&
                   RISK_NOT_NULL_NO_DEFAULT == 1u << SD_RISK_NOT_NULL && RISK_CAST == 1u << SD_RISK_CAST &&
                   RISK_REWRITE == 1u << SD_RISK_REWRITE && RISK_SCAN == 1u << SD_RISK_LOCK &&
                   RISK_FK_VIOLATION == 1u << SD_RISK_FK && RISK_CHECK_VIOLATION == 1u << SD_RISK_CHECK,
               "SdRiskClass and the RISK_* bits disagree");

const char *sd_risk_class_name(SdRiskClass c)
{
    if ((unsigned)c >= SD_RISK__COUNT)
        sd_unreachable("risk class");
    return CLASS_NAMES[c];
}

bool sd_risk_parse_classes(SdArena *a, const char *list, unsigned *bits, const char **bad)
{
    *bits = 0;
    const char *p = list;
    while (p && *p) {
        size_t n = strcspn(p, ",");
        bool ok = n == 0;
        if (n == 3 && strncmp(p, "all", 3) == 0) {
            *bits |= (1u << SD_RISK__COUNT) - 1;
            ok = true;
        }
        for (int c = 0; !ok && c < SD_RISK__COUNT; c++) {
            if (strlen(CLASS_NAMES[c]) == n && strncmp(p, CLASS_NAMES[c], n) == 0) {
                *bits |= 1u << c;
                ok = true;
            }
        }
        if (!ok) {
            *bad = sd_strndup(a, p, n);
            return false;
        }
        p += n;
        if (*p == ',')
            p++;
    }
    return true;
}

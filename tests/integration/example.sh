#!/usr/bin/env bash
# example: the bundled example end to end.
#  1. `diff empty fixtures/example/schema.prisma` equals Prisma's own output
#     (fixtures/example/prisma-from-empty.sql, made by
#      ../shared/peers/prisma-diff empty fixtures/example/schema.prisma);
#  2. the SQL applies to a fresh database without error;
#  3. that database, read back, has no difference from the schema (diff --exit-code = 0),
#     and from `empty` it does (exit 1).
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
schema=$SD_SRC/fixtures/example/schema.prisma
want=$SD_SRC/fixtures/example/prisma-from-empty.sql

"$SD_BIN" diff -o "$SD_TMP/ours.sql" empty "$schema" || fail "diff empty example exited $?"
diff -u "$want" "$SD_TMP/ours.sql" >"$SD_TMP/prisma-vs-ours.diff" ||
    fail "differs from Prisma's migration (first lines):
$(head -30 "$SD_TMP/prisma-vs-ours.diff")"

db="example_$$_$RANDOM"
dburl=${SD_PG_URL/\/postgres\?//$db?}
psql "$SD_PG_URL" -X -q -v ON_ERROR_STOP=1 -c "create database $db" || fail "create database"
trap 'psql "$SD_PG_URL" -X -q -c "drop database if exists $db" >/dev/null 2>&1 || true' EXIT
psql "$dburl" -X -q -v ON_ERROR_STOP=1 -f "$SD_TMP/ours.sql" >"$SD_TMP/apply.log" 2>&1 ||
    fail "the SQL does not apply: $(tail -5 "$SD_TMP/apply.log")"

set +e
"$SD_BIN" diff --exit-code "$dburl" "$schema" >"$SD_TMP/back.sql" 2>"$SD_TMP/back.err"; st=$?
"$SD_BIN" diff --exit-code "$dburl" empty >/dev/null 2>&1; st_empty=$?
set -e
[ $st = 0 ] || fail "database vs schema: exit $st, want 0 (no changes):
$(head -20 "$SD_TMP/back.sql") $(head -5 "$SD_TMP/back.err")"
[ ! -s "$SD_TMP/back.sql" ] || fail "database vs schema printed SQL"
[ $st_empty = 1 ] || fail "database vs empty: exit $st_empty, want 1 (changes)"
echo "example: matches Prisma, applies, reads back equal"

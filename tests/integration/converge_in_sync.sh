#!/usr/bin/env bash
# converge_in_sync: every corpus repository whose STATUS says `in-sync` (its migrations
# build exactly what its Prisma schema describes) must show no drift:
#   1. `schemadiff diff --exit-code URL SCHEMA`, URL a database built from its migrations
#      (prelude.sql first where present), exits 0 and prints nothing;
#   2. `schemadiff diff --exit-code MIGRATIONS SCHEMA` (the migrations replayed) likewise;
#   3. the reverse directions, SCHEMA -> URL and SCHEMA -> MIGRATIONS, too;
#   4. the main job: `schemadiff --exit-code SCHEMA URL` and `schemadiff --exit-code SCHEMA`
#      (the migrations folder beside the schema) exit 0 and print nothing;
#   5. scope: a database built from a SQL file with a table outside public shows no
#      changes against that file, both ways (the database is read in the file's schemas).
# Prints `in-sync repositories N, checks passed P / T`; exits 0 only when all pass.
set -uo pipefail
[ -n "${SD_SHARED:-}" ] || { echo "skip: SD_SHARED is empty (no shared corpus)"; exit 77; }
corpus=$SD_SHARED/corpus/real
[ -d "$corpus" ] || { echo "skip: $corpus missing"; exit 77; }

dbs=()
cleanup() { for db in "${dbs[@]}"; do psql "$SD_PG_URL" -X -q -c "drop database if exists \"$db\"" >/dev/null 2>&1; done; }
trap cleanup EXIT

repos=0 passed=0 total=0
failures=()
check() { # check LABEL ARGS...: schemadiff --exit-code --no-measure ARGS must exit 0 with empty output
    total=$((total + 1))
    local label=$1 out=$SD_TMP/$1.sql err=$SD_TMP/$1.err st
    shift
    "$SD_BIN" "$@" >"$out" 2>"$err"; st=$?
    if [ "$st" = 0 ] && [ ! -s "$out" ]; then
        passed=$((passed + 1))
    else
        failures+=("$label: exit $st; $(grep -m3 -v '^$' "$out" "$err" | cut -c1-160 | tr '\n' ' ')")
    fi
}
for dir in "$corpus"/*/; do
    name=$(basename "$dir")
    [ "$(head -1 "$dir/STATUS" 2>/dev/null)" = in-sync ] || continue
    schema=$dir/schema.prisma
    [ -e "$schema" ] || schema=$dir/schema
    repos=$((repos + 1))
    db="sd_insync_$$_$repos"
    psql "$SD_PG_URL" -X -q -c "create database \"$db\"" >/dev/null || exit 1
    dbs+=("$db")
    url=${SD_PG_URL/\/postgres\?//$db?}
    if [ -f "$dir/prelude.sql" ]; then
        psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$dir/prelude.sql" >/dev/null 2>"$SD_TMP/$name.prelude.err" ||
            { failures+=("$name: prelude.sql does not apply"); continue; }
    fi
    n=$("$SD_SHARED/tools/corpus-replay" "$dir" "$url" 2>"$SD_TMP/$name.replay.err") ||
        { failures+=("$name: its migrations do not apply: $(head -1 "$SD_TMP/$name.replay.err")"); continue; }
    check "$name.db" diff --exit-code --no-measure "$url" "$schema"
    check "$name.migrations" diff --exit-code --no-measure "$dir/migrations" "$schema"
    check "$name.schema-db" diff --exit-code --no-measure "$schema" "$url"
    check "$name.schema-migrations" diff --exit-code --no-measure "$schema" "$dir/migrations"
    check "$name.main-db" --exit-code --no-measure "$schema" "$url"
    check "$name.main" --exit-code --no-measure "$schema"
    echo "$name: $n migrations"
done
# scope: a database compared with SQL (or migrations) is read in the schemas that side
# makes, so objects outside public count on both sides
db="sd_insync_$$_scope"
psql "$SD_PG_URL" -X -q -c "create database \"$db\"" >/dev/null || exit 1
dbs+=("$db")
url=${SD_PG_URL/\/postgres\?//$db?}
cat >"$SD_TMP/scope.sql" <<'SQL'
CREATE SCHEMA "events";
CREATE TABLE "events"."run" ("id" TEXT NOT NULL PRIMARY KEY);
CREATE TABLE "User" ("id" TEXT NOT NULL PRIMARY KEY);
SQL
psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$SD_TMP/scope.sql" >/dev/null || exit 1
check scope.sql-db diff --exit-code --no-measure "$SD_TMP/scope.sql" "$url"
check scope.db-sql diff --exit-code --no-measure "$url" "$SD_TMP/scope.sql"

echo "in-sync repositories $repos, checks passed $passed / $total"
if [ "${#failures[@]}" -gt 0 ]; then
    printf '  %s\n' "${failures[@]}"
    exit 1
fi
[ "$repos" -gt 0 ] || { echo "no in-sync repository found"; exit 1; }
exit 0

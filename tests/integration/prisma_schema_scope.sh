#!/usr/bin/env bash
# A database is read in the schemas the Prisma schema on the other side names
# (`schemas = [...]`, else public), unless --schema says otherwise: a
# multi-schema database built from its own Prisma schema shows no changes, in
# both directions and in the main job; reading only `public` shows them all.
set -euo pipefail
schema=$SD_SRC/fixtures/create_multischema/to.prisma
db=sd_scope_$$
psql "$SD_PG_URL" -X -q -c "create database $db"
trap 'psql "$SD_PG_URL" -X -q -c "drop database if exists $db" >/dev/null 2>&1' EXIT
url=${SD_PG_URL/\/postgres\?/\/$db\?}
"$SD_BIN" diff empty "$schema" 2>/dev/null | psql "$url" -X -q -v ON_ERROR_STOP=1 >/dev/null 2>&1

expect() { # expect STATUS CMD...: runs CMD (stdout to $SD_TMP/out), checks its exit status
    local want=$1; shift
    set +e; "$@" >"$SD_TMP/out" 2>"$SD_TMP/err"; local got=$?; set -e
    [ "$got" = "$want" ] || { echo "FAIL (exit $got, want $want): $*"; cat "$SD_TMP/out" "$SD_TMP/err"; exit 1; }
    echo "ok: exit $got: ${*#$SD_BIN }"
}
expect 0 "$SD_BIN" diff --exit-code "$url" "$schema"
expect 0 "$SD_BIN" diff --exit-code "$schema" "$url"
expect 0 "$SD_BIN" --exit-code "$schema" "$url"
[ ! -s "$SD_TMP/out" ] || { echo "FAIL: the main job printed SQL"; cat "$SD_TMP/out"; exit 1; }
expect 1 "$SD_BIN" diff --exit-code --schema public "$url" "$schema"
grep -q 'CREATE TABLE "auth"."User"' "$SD_TMP/out" || { echo "FAIL: --schema public should not see auth.User"; exit 1; }

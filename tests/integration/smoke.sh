#!/usr/bin/env bash
# smoke: proves the harness: the binary runs, help and version work, `diff empty empty`
# prints nothing, usage errors exit 2, and the test server answers at SD_PG_URL.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }

v=$("$SD_BIN" --version) || fail "--version exited $?"
[[ $v =~ ^schemadiff\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "--version printed '$v'"

"$SD_BIN" --help >"$SD_TMP/help.txt" || fail "--help exited $?"
grep -q '^usage: schemadiff' "$SD_TMP/help.txt" || fail "--help has no usage line"
for cmd in diff validate dump; do
    "$SD_BIN" "$cmd" --help >"$SD_TMP/help-$cmd.txt" || fail "$cmd --help exited $?"
    grep -q "^usage: schemadiff $cmd" "$SD_TMP/help-$cmd.txt" || fail "$cmd --help has no usage line"
done

set +e
"$SD_BIN" >/dev/null 2>&1; st_none=$?
"$SD_BIN" frobnicate >/dev/null 2>&1; st_unknown=$?
"$SD_BIN" diff empty >/dev/null 2>&1; st_one=$?
set -e
[ $st_none = 2 ] || fail "no arguments exited $st_none, want 2"
[ $st_unknown = 2 ] || fail "unknown command exited $st_unknown, want 2"
[ $st_one = 2 ] || fail "diff with one source exited $st_one, want 2"

"$SD_BIN" diff empty empty >"$SD_TMP/out.sql" 2>"$SD_TMP/err.txt" || fail "diff empty empty exited $?: $(cat "$SD_TMP/err.txt")"
[ ! -s "$SD_TMP/out.sql" ] || fail "diff empty empty printed SQL: $(head -5 "$SD_TMP/out.sql")"
"$SD_BIN" diff --exit-code empty empty >/dev/null || fail "diff --exit-code empty empty exited $?, want 0"

# the server: a database of our own, a table, a query, then drop it
db="smoke_$$_$RANDOM"
psql "$SD_PG_URL" -X -q -v ON_ERROR_STOP=1 -c "create database $db" || fail "create database"
dburl=${SD_PG_URL/\/postgres\?//$db?}
n=$(psql "$dburl" -X -q -At -v ON_ERROR_STOP=1 -c "create table t (id int primary key); insert into t values (1),(2),(3); select count(*) from t")
psql "$SD_PG_URL" -X -q -c "drop database $db" || fail "drop database"
[ "$n" = 3 ] || fail "query on $dburl returned '$n'"
[ "$(psql "$SD_PG_URL" -X -At -c 'show listen_addresses')" = "" ] || fail "test server listens on TCP"
echo "smoke: ok ($v)"

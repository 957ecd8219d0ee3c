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

"$SD_BIN" help diff >"$SD_TMP/help-cmd.txt" || fail "help diff exited $?"
cmp -s "$SD_TMP/help-cmd.txt" "$SD_TMP/help-diff.txt" || fail "'help diff' differs from 'diff --help'"

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
"$SD_BIN" diff -o "$SD_TMP/o.sql" empty empty || fail "diff -o exited $?"
[ -f "$SD_TMP/o.sql" ] && [ ! -s "$SD_TMP/o.sql" ] || fail "diff -o FILE empty empty: want an empty FILE"
set +e
"$SD_BIN" diff empty "$SD_SRC/fixtures/example/schema.prisma" >/dev/full 2>/dev/null; st_full=$?
"$SD_BIN" diff -o "$SD_TMP/no/such/dir.sql" empty empty 2>/dev/null; st_nodir=$?
set -e
[ $st_full = 2 ] || fail "diff to a full disk exited $st_full, want 2"
[ $st_nodir = 2 ] || fail "diff -o into a missing directory exited $st_nodir, want 2"

# the server: a database of our own, a table, a query, then drop it
db="smoke_$$_$RANDOM"
psql "$SD_PG_URL" -X -q -v ON_ERROR_STOP=1 -c "create database $db" || fail "create database"
dburl=${SD_PG_URL/\/postgres\?//$db?}
n=$(psql "$dburl" -X -q -At -v ON_ERROR_STOP=1 -c "create table t (id int primary key); insert into t values (1),(2),(3); select count(*) from t")
psql "$SD_PG_URL" -X -q -c "drop database $db" || fail "drop database"
[ "$n" = 3 ] || fail "query on $dburl returned '$n'"
[ "$(psql "$SD_PG_URL" -X -At -c 'show listen_addresses')" = "" ] || fail "test server listens on TCP"
echo "smoke: ok ($v)"

#!/usr/bin/env bash
# risk_cli: the risk stage's command line: the Warnings header and notes in the SQL,
# the stderr report, --fail-on exit codes, --no-measure, --pg-version and the
# password never appearing in any output.
source "$SD_SRC/tests/integration/risk/lib.sh"
after=$SD_SRC/tests/integration/risk/not_null/after.sql
url=$(new_db not_null)

"$SD_BIN" diff "$url" "$after" >"$SD_TMP/out.sql" 2>"$SD_TMP/err.txt" || fail "diff exited $?"
grep -qF -- '- Made the column `title` on table `Post` required, but there are 1 existing NULL values.' "$SD_TMP/out.sql" ||
    fail "no counted Prisma warning: $(head -12 "$SD_TMP/out.sql")"
grep -q -- '^-- schemadiff: this statement fails on the current rows: .*1 rows hold NULL in Post.title' "$SD_TMP/out.sql" ||
    fail "no note on the failing statement"
grep -q '^error: not-null-without-default: public.Post.title: .*; 1 rows; lock ACCESS EXCLUSIVE; safe: backfill before SET NOT NULL$' \
    "$SD_TMP/err.txt" || fail "report line missing: $(cat "$SD_TMP/err.txt")"

set +e
"$SD_BIN" diff --fail-on data-loss,not-null-without-default "$url" "$after" >/dev/null 2>&1; st1=$?
"$SD_BIN" diff --fail-on rewrite,cast-failure "$url" "$after" >/dev/null 2>&1; st2=$?
"$SD_BIN" diff --fail-on bogus "$url" "$after" >/dev/null 2>&1; st3=$?
set -e
[ $st1 = 1 ] || fail "--fail-on not-null-without-default exited $st1, want 1"
[ $st2 = 0 ] || fail "--fail-on rewrite,cast-failure exited $st2, want 0 (no such risk here)"
[ $st3 = 2 ] || fail "--fail-on bogus exited $st3, want 2"

# static only: classes, no counts
"$SD_BIN" diff --no-measure --format json "$url" "$after" >"$SD_TMP/static.json" 2>/dev/null || fail "--no-measure exited $?"
jq -e '.measured == false and ([.findings[] | select(.rows != null)] | length) == 0 and
       ([.findings[] | select(.count == "unmeasured")] | length) == (.findings | length)' "$SD_TMP/static.json" >/dev/null ||
    fail "--no-measure still measured"
jq -e '.pg_version == 14' "$SD_TMP/static.json" >/dev/null || fail "default version without a server is not 14"

# the capability table: SET NOT NULL's safe alternative per version
safe() { "$SD_BIN" diff --no-measure --format json --pg-version "$1" "$url" "$after" 2>/dev/null |
    jq -r '[.findings[] | select(.class == "lock" and .op == "set-not-null")] | first | .safe_alternative'; }
[[ $(safe 11) == none\ before\ PostgreSQL\ 12* ]] || fail "pg 11: $(safe 11)"
[[ $(safe 15) == *"CHECK (col IS NOT NULL) NOT VALID"* ]] || fail "pg 15: $(safe 15)"
[[ $(safe 18) == *"NOT NULL col NOT VALID"* ]] || fail "pg 18: $(safe 18)"
set +e
"$SD_BIN" diff --pg-version 9.6 "$url" "$after" >/dev/null 2>&1; st=$?
set -e
[ $st = 2 ] || fail "--pg-version 9.6 exited $st, want 2"
# measured: the server's own version
"$SD_BIN" diff --format json "$url" "$after" 2>/dev/null | jq -e --argjson v "$(psql "$url" -XAt -c 'show server_version_num')" \
    '.pg_version == ($v / 10000 | floor)' >/dev/null || fail "measured run did not use the server's version"

# passwords never printed, on success or on a failed connection
pwurl=${url/postgres@/postgres:s3kr1tpw@}
"$SD_BIN" diff --format json "$pwurl" "$after" >"$SD_TMP/pw.out" 2>&1 || fail "diff with a password exited $?"
badurl=${pwurl/risk_not_null_/nosuchdb_}
set +e
"$SD_BIN" diff --database "$badurl" "$url" "$after" >>"$SD_TMP/pw.out" 2>&1; st=$?
set -e
[ $st = 2 ] || fail "unreachable --database exited $st, want 2"
! grep -q s3kr1tpw "$SD_TMP/pw.out" || fail "the password was printed"
echo "risk_cli: ok"

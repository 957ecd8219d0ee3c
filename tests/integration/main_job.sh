#!/usr/bin/env bash
# main_job: `schemadiff SCHEMA [DATABASE]` and --rename hints.
#  - SCHEMA alone diffs from the migrations/ folder beside it (same SQL as diff MIGRATIONS SCHEMA),
#    and from empty (with a notice) when there is none;
#  - SCHEMA URL brings that database to SCHEMA: applied, a second run prints nothing;
#  - --rename S.T.C=NEW renames instead of drop + add; bad hints and unknown commands exit 2.
set -uo pipefail
bin=${SD_BIN:?}; tmp=${SD_TMP:?}; fail=0
check() { if eval "$2"; then :; else echo "FAIL $1"; fail=1; fi; }
mkdir -p "$tmp/p/prisma"
cat >"$tmp/v1.prisma" <<'P'
datasource db {
  provider = "postgresql"
}
model User {
  id       Int    @id @default(autoincrement())
  nickname String
}
P
sed 's/nickname String/handle   String\n  age      Int?/' "$tmp/v1.prisma" >"$tmp/p/prisma/schema.prisma"
cd "$tmp/p"
out=$("$bin" prisma/schema.prisma 2>"$tmp/err"); st=$?
check "no migrations: exit 0 (got $st)" '[ $st = 0 ]'
check "no migrations: from empty" 'grep -q "CREATE TABLE \"User\"" <<<"$out"'
check "no migrations: a notice" 'grep -q "no migrations folder" "$tmp/err"'
mkdir -p prisma/migrations/0_init
"$bin" diff empty "$tmp/v1.prisma" >prisma/migrations/0_init/migration.sql 2>/dev/null
out=$("$bin" prisma/schema.prisma 2>"$tmp/err")
want=$("$bin" diff prisma/migrations prisma/schema.prisma 2>/dev/null)
check "next migration equals diff MIGRATIONS SCHEMA" '[ "$out" = "$want" ] && [ -n "$out" ]'
check "possible rename noticed" 'grep -q "a rename?" "$tmp/err" && grep -q -- "-- possible rename" <<<"$out"'
out=$("$bin" --rename public.User.nickname=handle prisma/schema.prisma 2>/dev/null)
check "--rename: RENAME COLUMN" 'grep -q "RENAME COLUMN \"nickname\" TO \"handle\"" <<<"$out" && ! grep -q "DROP COLUMN" <<<"$out"'
"$bin" --rename public.User.nope=handle prisma/schema.prisma >/dev/null 2>"$tmp/err"; st=$?
check "--rename naming nothing: exit 2 (got $st)" '[ $st = 2 ] && grep -q "no column nope" "$tmp/err"'
"$bin" --rename User=Account prisma/schema.prisma >/dev/null 2>&1; st=$?
check "--rename without schema: exit 2" '[ $st = 2 ]'
"$bin" nosuchcommand >/dev/null 2>&1; st=$?
check "unknown command: exit 2" '[ $st = 2 ]'
if [ -n "${SD_PG_URL:-}" ]; then
    db=main_job_$$; url=${SD_PG_URL/\/postgres\?//$db?}
    psql "$SD_PG_URL" -Xqc "create database $db" >/dev/null
    psql "$url" -Xq -v ON_ERROR_STOP=1 -f prisma/migrations/0_init/migration.sql >/dev/null 2>&1
    "$bin" prisma/schema.prisma "$url" 2>/dev/null | psql "$url" -Xq -v ON_ERROR_STOP=1 -f - >/dev/null 2>"$tmp/err"
    check "SCHEMA URL applies: $(head -1 "$tmp/err")" '! grep -q ERROR "$tmp/err"'
    "$bin" --exit-code prisma/schema.prisma "$url" >"$tmp/again" 2>/dev/null; st=$?
    check "SCHEMA URL after applying: nothing left (exit $st)" '[ $st = 0 ] && [ ! -s "$tmp/again" ]'
    psql "$SD_PG_URL" -Xqc "drop database $db" >/dev/null
fi
[ $fail = 0 ] && echo "main_job: ok"
exit $fail

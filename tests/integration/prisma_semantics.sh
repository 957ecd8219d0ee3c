#!/usr/bin/env bash
# prisma_semantics: what a Prisma schema on the TO side cannot say is not changed, as
# `prisma migrate diff` does not change it (docs/diff.md):
#  - an enum whose values a database holds in another order than the schema lists them
#    (ALTER TYPE ... ADD VALUE appends) is kept, with a notice; a new value is appended; a
#    removed value still rebuilds the type; between two SQL sources a reorder rebuilds it;
#  - an index the schema writes without `where:` matches a partial index of FROM (the
#    predicate kept) unless the schema uses partial indexes itself or --drop-unmanaged.
set -uo pipefail
bin=${SD_BIN:?}; tmp=${SD_TMP:?}; fail=0
check() { if eval "$2"; then :; else echo "FAIL $1"; fail=1; fi; }
cat >"$tmp/from.sql" <<'S'
CREATE TYPE "Role" AS ENUM ('USER', 'ADMIN');
CREATE TABLE "User" ("id" INTEGER NOT NULL, "role" "Role" NOT NULL DEFAULT 'USER', CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
S
schema() { # schema VALUES...: a Prisma schema whose enum Role lists VALUES
    printf 'datasource db {\n  provider = "postgresql"\n}\n\nenum Role {\n'
    for v in "$@"; do printf '  %s\n' "$v"; done
    printf '}\n\nmodel User {\n  id   Int  @id\n  role Role @default(USER)\n}\n'
}
schema ADMIN USER >"$tmp/same.prisma"
schema ADMIN GUEST USER >"$tmp/added.prisma"
schema ADMIN >"$tmp/removed.prisma"; sed -i "s/@default(USER)/@default(ADMIN)/" "$tmp/removed.prisma"

out=$("$bin" diff --exit-code "$tmp/from.sql" "$tmp/same.prisma" 2>"$tmp/err"); st=$?
check "order only: no change (exit $st): $out" '[ $st = 0 ] && [ -z "$out" ]'
check "order only: a notice at the enum" 'grep -q "same.prisma:5:6: notice: enum \"Role\" holds its values in another order" "$tmp/err"'

out=$("$bin" diff "$tmp/from.sql" "$tmp/added.prisma" 2>"$tmp/err")
check "a new value: appended, no rebuild: $out" '[ "$(grep -v "^--\|^$" <<<"$out")" = "ALTER TYPE \"Role\" ADD VALUE '"'"'GUEST'"'"';" ]'

out=$("$bin" diff "$tmp/from.sql" "$tmp/removed.prisma" 2>/dev/null)
check "a removed value: the type is rebuilt" 'grep -q "CREATE TYPE \"Role_new\"" <<<"$out"'

printf 'CREATE TYPE "Role" AS ENUM (%s);\n' "'ADMIN', 'USER'" >"$tmp/to.sql"
out=$("$bin" diff "$tmp/from.sql" "$tmp/to.sql" 2>/dev/null)
check "SQL to SQL: the order is kept exactly (rebuilt)" 'grep -q "CREATE TYPE \"Role_new\" AS ENUM (.ADMIN., .USER.)" <<<"$out"'

if [ -n "${SD_PG_URL:-}" ]; then # on a real server: applied, then nothing left
    db=prisma_semantics_$$; url=${SD_PG_URL/\/postgres\?//$db?}
    psql "$SD_PG_URL" -Xqc "create database $db" >/dev/null
    psql "$url" -Xq -v ON_ERROR_STOP=1 -f "$tmp/from.sql" >/dev/null
    "$bin" diff "$url" "$tmp/added.prisma" 2>/dev/null | psql "$url" -Xq -v ON_ERROR_STOP=1 -f - >/dev/null 2>"$tmp/err"
    check "applied: $(head -1 "$tmp/err")" '! grep -q ERROR "$tmp/err"'
    labels=$(psql "$url" -XAtc "select string_agg(enumlabel, ',' order by enumsortorder) from pg_enum")
    check "the database holds USER,ADMIN,GUEST (got $labels)" '[ "$labels" = "USER,ADMIN,GUEST" ]'
    "$bin" diff --exit-code "$url" "$tmp/added.prisma" >"$tmp/again" 2>/dev/null; st=$?
    check "after applying: nothing left (exit $st)" '[ $st = 0 ] && [ ! -s "$tmp/again" ]'
    psql "$SD_PG_URL" -Xqc "drop database $db" >/dev/null
fi
# partial indexes
cat >"$tmp/pfrom.sql" <<'S'
CREATE TABLE "Post" ("id" INTEGER NOT NULL, "slug" TEXT, "deletedAt" TIMESTAMP(3), CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
CREATE INDEX "Post_slug_idx" ON "Post"("slug") WHERE "deletedAt" IS NULL;
S
pschema() { # pschema EXTRA_GENERATOR_LINE INDEX_ARGS
    printf 'generator client {
  provider = "prisma-client-js"
%s}

datasource db {
  provider = "postgresql"
}

' "$1"
    printf 'model Post {
  id        Int       @id
  slug      String?
  deletedAt DateTime?

  @@index(%s)
}
' "$2"
}
pschema "" "[slug]" >"$tmp/plain.prisma"
pschema '  previewFeatures = ["partialIndexes"]'$'\n' "[slug]" >"$tmp/plain_pi.prisma"
out=$("$bin" diff --exit-code "$tmp/pfrom.sql" "$tmp/plain.prisma" 2>/dev/null); st=$?
check "partial index, schema without where: kept (exit $st): $out" '[ $st = 0 ] && [ -z "$out" ]'
out=$("$bin" diff --drop-unmanaged "$tmp/pfrom.sql" "$tmp/plain.prisma" 2>/dev/null)
check "--drop-unmanaged: rebuilt without the predicate" 'grep -q "DROP INDEX \"Post_slug_idx\"" <<<"$out" && grep -q "CREATE INDEX \"Post_slug_idx\" ON \"Post\"(\"slug\");" <<<"$out"'
if "$bin" validate "$tmp/plain_pi.prisma" >/dev/null 2>&1; then
    printf '\nmodel Tag {\n  id   Int     @id\n  name String?\n\n  @@index([name], where: { name: { not: null } })\n}\n' >>"$tmp/plain_pi.prisma"
    printf 'CREATE TABLE "Tag" ("id" INTEGER NOT NULL, "name" TEXT, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));\nCREATE INDEX "Tag_name_idx" ON "Tag"("name") WHERE ("name" IS NOT NULL);\n' >>"$tmp/pfrom.sql"
    out=$("$bin" diff "$tmp/pfrom.sql" "$tmp/plain_pi.prisma" 2>"$tmp/err")
    check "schema with partial indexes: a plain @@index drops the predicate: $out $(head -3 "$tmp/err")" 'grep -q "DROP INDEX \"Post_slug_idx\"" <<<"$out"'
fi
[ $fail = 0 ] && echo "prisma_semantics: ok"
exit $fail

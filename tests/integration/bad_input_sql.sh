#!/usr/bin/env bash
# bad_input_sql: the SQL front end on bad input.  Each case must exit 2 with a
# located message (file:line:col) and never crash; an unmodelled statement is a
# notice naming it and its place, exit 0.  Needs no database and no corpus.
set -uo pipefail
t=$SD_TMP
fails=0
# expect STATUS PATTERN -- ARGS: runs schemadiff dump ARGS, checks status and stderr
expect() {
    local want=$1 pat=$2; shift 3
    local out rc
    out=$("$SD_BIN" dump "$@" 2>&1 >/dev/null); rc=$?
    if [ "$rc" != "$want" ] || ! grep -qE -- "$pat" <<<"$out"; then
        echo "FAIL: dump $* -> exit $rc (want $want), stderr:"; echo "$out" | sed 's/^/    /'
        echo "    expected /$pat/"
        fails=$((fails + 1))
    else
        echo "ok: $(head -1 <<<"$out" | cut -c1-160)"
    fi
}

# syntax error: libpg_query's message at its position (line 2, column of "TABLEX")
printf 'CREATE TABLE a (id int);\nCREATE TABLEX b (id int);\n' >"$t/syntax.sql"
expect 2 'syntax\.sql:2:8: error: syntax error at or near "TABLEX"' -- "$t/syntax.sql"

# a statement PostgreSQL would reject: ALTER of a missing table, with the statement
printf -- '-- a comment\nCREATE TABLE a (id int);\n\nALTER TABLE "Missing" ADD COLUMN x int;\n' >"$t/missing.sql"
expect 2 'missing\.sql:4:13: error: relation "Missing" does not exist' -- "$t/missing.sql"
expect 2 'statement: ALTER TABLE "Missing" ADD COLUMN x int' -- "$t/missing.sql"

# duplicate names
printf 'CREATE TABLE a (id int);\nCREATE TABLE a (id int);\n' >"$t/dup.sql"
expect 2 'dup\.sql:2:14: error: relation "a" already exists' -- "$t/dup.sql"
printf 'CREATE TABLE a (id int, id text);\n' >"$t/dupcol.sql"
expect 2 'dupcol\.sql:1:25: error: column "id" specified more than once' -- "$t/dupcol.sql"

# dropping what others depend on, without CASCADE
printf 'CREATE TABLE a (id int primary key);\nCREATE TABLE b (a int references a);\nDROP TABLE a;\n' >"$t/dep.sql"
expect 2 'dep\.sql:3:1: error: cannot drop table a because other objects depend on it' -- "$t/dep.sql"

# non-UTF-8 bytes in a migration of a folder
mkdir -p "$t/mig/1_ok" "$t/mig/2_bad"
printf 'CREATE TABLE a (id int);\n' >"$t/mig/1_ok/migration.sql"
printf 'CREATE TABLE b (name text DEFAULT \xff\xfe);\n' >"$t/mig/2_bad/migration.sql"
printf 'provider = "postgresql"\n' >"$t/mig/migration_lock.toml"
expect 2 '2_bad/migration\.sql:1:[0-9]+: error: invalid UTF-8' -- "$t/mig"
# ...and the first migration alone is fine (DIR@K)
expect 0 '^$' -- "$t/mig@1"

# unreadable migration (a directory where the file should be; chmod does not stop root)
mkdir -p "$t/mig2/1_x/migration.sql"
printf 'provider = "postgresql"\n' >"$t/mig2/migration_lock.toml"
expect 2 'migration\.sql: error: is a directory' -- "$t/mig2"

# a missing .sql file
expect 2 'nothere\.sql: error: could not open file' -- "$t/nothere.sql"

# unmodelled statements: a notice with the place, exit 0
printf 'CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\nCREATE POLICY p ON a USING (true);\n' >"$t/notice.sql"
expect 0 'notice\.sql:2:1: notice: INSERT skipped' -- "$t/notice.sql"
expect 0 'notice\.sql:3:1: notice: statement not modelled, skipped: CREATE POLICY' -- "$t/notice.sql"

# empty file and a file of comments: an empty public schema
printf -- '-- nothing\n' >"$t/empty.sql"
out=$("$SD_BIN" dump "$t/empty.sql"); rc=$?
if [ "$rc" != 0 ] || [ "$out" != "schema public" ]; then
    echo "FAIL: empty.sql -> exit $rc, output: $out"; fails=$((fails + 1))
else
    echo "ok: empty file"
fi

[ "$fails" = 0 ] || { echo "$fails failures"; exit 1; }
echo "all bad-input cases passed"

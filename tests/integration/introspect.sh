#!/usr/bin/env bash
# introspect: `schemadiff dump URL` must equal catalog-snapshot URL line for line
#   1. on a database built from fixtures/introspect/all_kinds.sql (every object kind);
#   2. the default scope (schema public, no _prisma_migrations) is what it says;
#   3. the number of queries does not grow with the schema;
#   4. on the database of every corpus repository after all its migrations
#      (skipped when SD_SHARED is empty).
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }

dbs=()
cleanup() { for db in "${dbs[@]}"; do psql "$SD_PG_URL" -X -q -c "drop database if exists \"$db\"" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT
new_db() { # new_db NAME: creates a database, sets $db_url (not in a subshell: dbs must grow)
    local db="introspect_$$_$1"
    psql "$SD_PG_URL" -X -q -v ON_ERROR_STOP=1 -c "create database \"$db\"" >/dev/null || fail "create database $db"
    dbs+=("$db")
    db_url=${SD_PG_URL/\/postgres\?//$db?}
}
# dump URL, and when ../shared is there, the same lines as catalog-snapshot URL
compare() { # compare LABEL URL
    "$SD_BIN" dump --schema '*' "$2" >"$SD_TMP/$1.dump" 2>"$SD_TMP/$1.err" || fail "$1: dump exited $?: $(head -5 "$SD_TMP/$1.err")"
    [ -n "$SD_SHARED" ] || return 0
    "$SD_SHARED/tools/catalog-snapshot" "$2" >"$SD_TMP/$1.snap" || fail "$1: catalog-snapshot failed"
    diff "$SD_TMP/$1.snap" "$SD_TMP/$1.dump" >"$SD_TMP/$1.diff" || fail "$1: dump differs from catalog-snapshot (< snapshot, > dump):
$(head -20 "$SD_TMP/$1.diff")"
}
has_line() { grep -qxF -- "$2" "$SD_TMP/$1" || fail "$1 has no line: $2"; }
no_line() { ! grep -q -- "$2" "$SD_TMP/$1" || fail "$1 has a line matching: $2"; }
queries() { # queries URL -> the query count --stats reports
    "$SD_BIN" dump --stats --schema '*' "$1" 2>&1 >/dev/null | sed -n 's/^introspection: \([0-9]*\) queries.*/\1/p'
}

# ---- 1. every object kind ----
new_db fixture; fx=$db_url
psql "$fx" -X -q -v ON_ERROR_STOP=1 -f "$SD_SRC/fixtures/introspect/all_kinds.sql" >/dev/null 2>"$SD_TMP/fixture.err" ||
    fail "loading the fixture: $(head -3 "$SD_TMP/fixture.err")"
compare fixture "$fx"
n=$(wc -l <"$SD_TMP/fixture.dump")
[ "$n" -ge 120 ] || fail "fixture dump has only $n lines"
# a few lines that prove the parts were read, not just that both sides are empty alike
has_line fixture.dump "enum public.\"Role\" ('GUEST', 'USER', 'ADMIN')"
has_line fixture.dump "column public.\"User\".created_at timestamp(3) without time zone not null default CURRENT_TIMESTAMP"
has_line fixture.dump "column public.\"User\".lower_email text generated as lower((email)::text)"
has_line fixture.dump "column app.post.id bigint not null identity always"
has_line fixture.dump "index public.user_name_pattern_idx CREATE INDEX ON public.\"User\" USING btree (name COLLATE \"POSIX\" text_pattern_ops)"
has_line fixture.dump "index public.event_kind_idx CREATE INDEX ON ONLY public.event USING btree (kind)"
has_line fixture.dump "sequence public.invoice_no bigint start 1000 increment 1 min 1 max 9223372036854775807 cycle=f owned by invoice.no"
has_line fixture.dump "constraint app.post post_published_check CHECK ((published_at > '2000-01-01 00:00:00'::timestamp without time zone)) NOT VALID"
no_line fixture.dump "_prisma_migrations"

# ---- 2. the default scope: public only; _prisma_migrations left out ----
"$SD_BIN" dump "$fx" >"$SD_TMP/public.dump" || fail "dump without --schema exited $?"
no_line public.dump '^[a-z]* app\.'
no_line public.dump 'Weird Schema'
no_line public.dump '_prisma_migrations'
has_line public.dump 'schema public'
grep -v '^extension ' "$SD_TMP/fixture.dump" | grep -E '^[a-z]+ public\.|^schema public$' >"$SD_TMP/public.want" || true
grep -v '^extension ' "$SD_TMP/public.dump" >"$SD_TMP/public.got"
diff "$SD_TMP/public.want" "$SD_TMP/public.got" >/dev/null || fail "dump of schema public is not the public part of the whole dump"
"$SD_BIN" dump --schema 'app, Weird Schema' "$fx" >"$SD_TMP/two.dump" || fail "dump --schema 'app, Weird Schema' exited $?"
has_line two.dump 'schema app'
has_line two.dump 'schema "Weird Schema"'
no_line two.dump '^schema public'

# ---- 3. a constant number of queries ----
new_db empty; empty=$db_url
q_empty=$(queries "$empty"); q_fx=$(queries "$fx")
[ -n "$q_empty" ] && [ "$q_empty" = "$q_fx" ] || fail "query count differs: empty database $q_empty, fixture $q_fx"

# ---- 4. the corpus ----
if [ -z "$SD_SHARED" ]; then
    echo "introspect: fixture read ($n lines, $q_fx queries); comparison with catalog-snapshot and corpus part skipped: SD_SHARED is empty"
    exit 0
fi
repos=0; failed=()
for repo in "$SD_SHARED"/corpus/real/*/; do
    name=$(basename "$repo")
    new_db "r$repos"; url=$db_url
    # corpus-replay's order and stop-at-first-error, in one psql session (one psql per
    # migration, as corpus-replay runs them, takes minutes for the whole corpus)
    "$SD_SHARED/tools/corpus-replay" --list "$repo" | sed "s/'/\\\\'/g; s|.*|\\\\i '&/migration.sql'|" >"$SD_TMP/replay-$name.sql"
    applied=$(wc -l <"$SD_TMP/replay-$name.sql")
    psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$SD_TMP/replay-$name.sql" >/dev/null 2>"$SD_TMP/replay-$name.err" ||
        applied="some of $applied (stopped: $(grep -m1 -o 'ERROR: .*' "$SD_TMP/replay-$name.err" | cut -c1-60))"
    if ( compare "corpus-$name" "$url" ) 2>"$SD_TMP/corpus-$name.fail"; then :; else failed+=("$name"); fi
    psql "$SD_PG_URL" -X -q -c "drop database \"${dbs[-1]}\"" >/dev/null
    repos=$((repos + 1))
    echo "  $name: $applied migrations, $(wc -l <"$SD_TMP/corpus-$name.dump" 2>/dev/null || echo 0) lines"
done
[ "$repos" -gt 0 ] || fail "no corpus repositories under $SD_SHARED/corpus/real"
if [ "${#failed[@]}" -gt 0 ]; then
    for f in "${failed[@]}"; do cat "$SD_TMP/corpus-$f.fail" >&2; done
    fail "${#failed[@]} of $repos corpus databases differ: ${failed[*]}"
fi
echo "introspect: fixture ok ($n lines, $q_fx queries); $repos corpus databases equal catalog-snapshot"

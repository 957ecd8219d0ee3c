#!/usr/bin/env bash
# lower_corpus: the Prisma lowering against Prisma itself.  For every corpus repository
# (../shared/corpus/real/*) whose STATUS is not prisma-fails: build a database from
# prelude.sql + prisma-from-empty.sql (Prisma 7.10's own SQL), take its catalog-snapshot,
# drop the lines the prelude alone gives (objects the schema does not describe), and
# compare with `schemadiff dump <schema>`.  Prints N of M identical and, for each other
# repository, how many lines differ and the first few.  Fails when fewer than
# SD_LOWER_MIN_IDENTICAL (default: the figure reached when the test was written) are
# identical, or when dump fails on a schema.
set -uo pipefail
[ -n "${SD_SHARED:-}" ] || { echo "lower_corpus: skipped: SD_SHARED is empty (no ../shared)"; exit 77; }
corpus=$SD_SHARED/corpus/real
snap=$SD_SHARED/tools/catalog-snapshot
[ -d "$corpus" ] && [ -x "$snap" ] || { echo "lower_corpus: skipped: no corpus or catalog-snapshot"; exit 77; }
min=${SD_LOWER_MIN_IDENTICAL:-27}
tmp=${SD_TMP:-$(mktemp -d)}

db_url() { echo "$SD_PG_URL" | sed -E "s#^(postgres(ql)?://[^/]*/)[^?]*#\1$1#"; }
psql_q() { psql "$@" -X -q -v ON_ERROR_STOP=1 >/dev/null 2>>"$tmp/psql.err"; }

# snapshot_of DB FILE...: a fresh database built from FILEs, snapshotted, dropped.
snapshot_of() {
    local db=$1; shift
    psql_q "$SD_PG_URL" -c "drop database if exists $db" -c "create database $db" || return 1
    local url ok=0 f
    url=$(db_url "$db")
    for f in "$@"; do psql_q "$url" -f "$f" || ok=1; done
    [ $ok = 0 ] && "$snap" "$url"
    psql_q "$SD_PG_URL" -c "drop database $db"
    return $ok
}

total=0 same=0 broken=0
report=$tmp/report.txt
: >"$report"
for dir in "$corpus"/*/; do
    repo=$(basename "$dir")
    status=$(head -1 "$dir/STATUS" 2>/dev/null)
    [ "$status" = prisma-fails ] && continue
    schema=$dir/schema.prisma
    [ -f "$schema" ] || schema=$dir/schema
    total=$((total + 1))
    db="lower_$$_$total"
    prelude=()
    [ -f "$dir/prelude.sql" ] && prelude=("$dir/prelude.sql")
    if ! snapshot_of "$db" "${prelude[@]}" "$dir/prisma-from-empty.sql" >"$tmp/$repo.want.all"; then
        echo "$repo: prisma-from-empty.sql does not apply (see $tmp/psql.err)" >>"$report"
        broken=$((broken + 1))
        continue
    fi
    if [ ${#prelude[@]} -gt 0 ]; then
        snapshot_of "${db}p" "${prelude[@]}" >"$tmp/$repo.prelude" || true
        LC_ALL=C comm -23 "$tmp/$repo.want.all" <(grep -v "^schema " "$tmp/$repo.prelude") >"$tmp/$repo.want"
    else
        cp "$tmp/$repo.want.all" "$tmp/$repo.want"
    fi
    if ! "$SD_BIN" dump "$schema" >"$tmp/$repo.got" 2>"$tmp/$repo.err"; then
        echo "$repo: dump failed: $(head -3 "$tmp/$repo.err")" >>"$report"
        broken=$((broken + 1))
        continue
    fi
    if diff "$tmp/$repo.want" "$tmp/$repo.got" >"$tmp/$repo.diff"; then
        same=$((same + 1))
    else
        n=$(grep -c '^[<>]' "$tmp/$repo.diff")
        { echo "$repo: $n lines differ (< Prisma's database, > dump)"; grep '^[<>]' "$tmp/$repo.diff" | head -6 | cut -c1-200; } >>"$report"
    fi
done
cat "$report"
echo "lower_corpus: $same of $total identical ($broken could not be compared)"
[ "$broken" = 0 ] || exit 1
[ "$same" -ge "$min" ] || { echo "lower_corpus: fewer than $min identical"; exit 1; }
exit 0

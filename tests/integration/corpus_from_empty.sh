#!/usr/bin/env bash
# corpus_from_empty: the acceptance test of `schemadiff diff empty SCHEMA`.
# For every real project of the shared corpus whose STATUS does not start with
# `prisma-fails`: two fresh databases get prelude.sql (when present); one gets
# Prisma's own prisma-from-empty.sql, the other our `diff empty` output; their
# catalog-snapshot listings must be equal.  Also counts outputs byte-identical
# to Prisma's.  Prints `N of M identical (K byte-identical)` and, for each
# project that is not, the reason.  Exit 0 only when all M are identical.
# SD_CORPUS_ONLY=name,name restricts the run (for debugging).
set -uo pipefail
[ -n "${SD_SHARED:-}" ] || { echo "skip: SD_SHARED is empty (no shared corpus)"; exit 77; }
corpus=$SD_SHARED/corpus/real
snap=$SD_SHARED/tools/catalog-snapshot
[ -d "$corpus" ] && [ -x "$snap" ] || { echo "skip: $corpus or $snap missing"; exit 77; }

db_url() { echo "${SD_PG_URL/\/postgres\?//$1?}"; }
psql_q() { psql "$@" -X -q -v ON_ERROR_STOP=1 2>&1 >/dev/null; }
# first error line of a psql run (psql prints "psql:FILE:LINE: ERROR: ...")
first_error() { grep -m1 -E 'ERROR|FATAL' <<<"$1" | cut -c1-300; }

total=0 same=0 bytes=0
reasons=()
for dir in "$corpus"/*/; do
    name=$(basename "$dir")
    if [ -n "${SD_CORPUS_ONLY:-}" ] && [[ ",$SD_CORPUS_ONLY," != *",$name,"* ]]; then continue; fi
    status=$(head -1 "$dir/STATUS" 2>/dev/null)
    [ "$status" = prisma-fails ] && continue
    schema=$dir/schema.prisma
    [ -f "$schema" ] || schema=$dir/schema
    total=$((total + 1))
    work=$SD_TMP/$name
    mkdir -p "$work"

    if ! "$SD_BIN" diff empty "$schema" >"$work/ours.sql" 2>"$work/err.txt"; then
        reasons+=("$name: schemadiff failed: $(head -3 "$work/err.txt" | tr '\n' ' ' | cut -c1-300)")
        continue
    fi
    cmp -s "$work/ours.sql" "$dir/prisma-from-empty.sql" && bytes=$((bytes + 1))

    tag=$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_' | cut -c1-40 | tr 'A-Z' 'a-z')
    theirs=cfe_p_${tag}_$$ ours=cfe_o_${tag}_$$
    reason=
    for db in "$theirs" "$ours"; do
        out=$(psql_q "$SD_PG_URL" -c "create database \"$db\"") || reason="create database: $out"
        if [ -z "$reason" ] && [ -f "$dir/prelude.sql" ]; then
            out=$(psql_q "$(db_url "$db")" -f "$dir/prelude.sql") || reason="prelude.sql: $(first_error "$out")"
        fi
    done
    if [ -z "$reason" ]; then
        out=$(psql_q "$(db_url "$theirs")" -f "$dir/prisma-from-empty.sql") ||
            reason="prisma-from-empty.sql does not apply: $(first_error "$out")"
    fi
    if [ -z "$reason" ]; then
        out=$(psql_q "$(db_url "$ours")" -f "$work/ours.sql") || reason="our SQL does not apply: $(first_error "$out")"
    fi
    if [ -z "$reason" ]; then
        "$snap" "$(db_url "$theirs")" >"$work/theirs.snap" 2>&1 || reason="catalog-snapshot failed (prisma)"
        "$snap" "$(db_url "$ours")" >"$work/ours.snap" 2>&1 || reason="catalog-snapshot failed (ours)"
    fi
    if [ -z "$reason" ] && ! diff "$work/theirs.snap" "$work/ours.snap" >"$work/snap.diff"; then
        n=$(grep -c '^[<>]' "$work/snap.diff")
        reason="catalogs differ in $n lines (< Prisma, > ours): $(grep -m4 '^[<>]' "$work/snap.diff" | tr '\n' ' ' | cut -c1-400)"
    fi
    for db in "$theirs" "$ours"; do psql_q "$SD_PG_URL" -c "drop database if exists \"$db\"" >/dev/null; done
    if [ -n "$reason" ]; then
        reasons+=("$name: $reason")
    else
        same=$((same + 1))
    fi
done

for r in "${reasons[@]}"; do echo "  not identical: $r"; done
echo "corpus_from_empty: $same of $total identical ($bytes byte-identical)"
[ "$total" -gt 0 ] || { echo "skip: no corpus project selected"; exit 77; }
[ "$same" = "$total" ]

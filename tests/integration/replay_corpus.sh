#!/usr/bin/env bash
# replay_corpus: the SQL replay must build exactly the catalog PostgreSQL builds.
# For every real project of the shared corpus and every k: `schemadiff dump
# migrations@k` (the first k migrations replayed) must equal catalog-snapshot of a
# database that ran the same k migrations.  One psql session per project applies
# migration k and prints the snapshot after it (the snapshot's queries are taken
# from shared/tools/catalog-snapshot itself), so a project costs one connection.
# A history is checked up to the migration where it stops applying on PostgreSQL.
# Prints `states checked N / equal M`, lists the failures (first differing lines),
# exits 0 only when all are equal.
# SD_CORPUS_ONLY=name,name restricts the run; SD_REPLAY_KEEP=1 keeps the dumps.
set -uo pipefail
[ -n "${SD_SHARED:-}" ] || { echo "skip: SD_SHARED is empty (no shared corpus)"; exit 77; }
corpus=$SD_SHARED/corpus/real
snap=$SD_SHARED/tools/catalog-snapshot
[ -d "$corpus" ] && [ -x "$snap" ] || { echo "skip: $corpus or $snap missing"; exit 77; }

db_url() { echo "${SD_PG_URL/\/postgres\?//$1?}"; }
# The snapshot's SQL (the heredoc of catalog-snapshot), re-runnable in one session.
snapshot_sql=$SD_TMP/snapshot.sql
sed -n "/<<'SQL'/,/^SQL\$/p" "$snap" | sed '1d;$d' | sed 's/^create temp view/create or replace temp view/' >"$snapshot_sql"
grep -q 'format(' "$snapshot_sql" || { echo "cannot read the snapshot queries from $snap"; exit 1; }

checked=0 equal=0 projects=0
failures=()
for dir in "$corpus"/*/; do
    name=$(basename "$dir")
    if [ -n "${SD_CORPUS_ONLY:-}" ] && [[ ",$SD_CORPUS_ONLY," != *",$name,"* ]]; then continue; fi
    [ -d "$dir/migrations" ] || continue
    projects=$((projects + 1))
    db="sd_replay_$$_$projects"
    psql "$SD_PG_URL" -X -q -c "create database \"$db\"" >/dev/null || exit 1
    url=$(db_url "$db")
    work=$SD_TMP/$name
    mkdir -p "$work"
    mapfile -t migs < <("$SD_SHARED/tools/corpus-replay" --list "$dir")
    # one script: apply k, mark, snapshot; psql stops at the first failing migration
    {
        echo '\set QUIET on'
        for k in "${!migs[@]}"; do
            m=${migs[$k]}
            printf '\\echo @@APPLY %d\n' "$((k + 1))"
            printf "\\\\i '%s/migration.sql'\n" "${m//\'/\'\'}"
            echo 'RESET ALL;'
            printf '\\echo @@STATE %d\n' "$((k + 1))"
            cat "$snapshot_sql"
        done
        echo '\echo @@END'
    } >"$work/run.sql"
    psql "$url" -X -q -At -v ON_ERROR_STOP=1 -f "$work/run.sql" >"$work/out.txt" 2>"$work/psql.err"
    # split the output into one sorted snapshot per completed state
    awk -v dir="$work" '
        /^@@APPLY /{ if (f) close(f); f=""; next }
        /^@@STATE /{ f=dir "/db." $2; printf "" > f; next }
        /^@@END/{ if (f) close(f); f=""; next }
        f { print > f }' "$work/out.txt"
    applied=0
    for k in "${!migs[@]}"; do
        [ -f "$work/db.$((k + 1))" ] || break
        grep -q "^@@APPLY $((k + 2))\$\|^@@END\$" "$work/out.txt" || break
        applied=$((k + 1))
    done
    for ((k = 1; k <= applied; k++)); do
        LC_ALL=C sort "$work/db.$k" -o "$work/db.$k"
    done
    # our side: replay of the first k migrations (two at a time)
    seq 1 "$applied" | xargs -P 2 -I{} sh -c '"$0" dump "$1/migrations@{}" >"$2/sd.{}" 2>"$2/sd.{}.err"' \
        "$SD_BIN" "$dir" "$work"
    for ((k = 1; k <= applied; k++)); do
        checked=$((checked + 1))
        if cmp -s "$work/db.$k" "$work/sd.$k"; then
            equal=$((equal + 1))
        else
            first=$(diff "$work/db.$k" "$work/sd.$k" | grep -m2 '^[<>]' | cut -c1-200 | tr '\n' ' ')
            err=$(grep -m1 'error' "$work/sd.$k.err" | cut -c1-200)
            failures+=("$name@$k ($(basename "${migs[$((k - 1))]}")): ${err:-$first}")
        fi
    done
    stop=""
    [ "$applied" -lt "${#migs[@]}" ] && stop=" (stops applying at $((applied + 1)): $(grep -m1 ERROR "$work/psql.err" | cut -c1-120))"
    echo "$name: $applied of ${#migs[@]} migrations applied$stop"
    psql "$SD_PG_URL" -X -q -c "drop database \"$db\"" >/dev/null
    [ -n "${SD_REPLAY_KEEP:-}" ] || rm -f "$work"/db.* "$work"/sd.* "$work/out.txt"
done

echo "states checked $checked / equal $equal ($projects projects)"
if [ "${#failures[@]}" -gt 0 ]; then
    echo "failures (${#failures[@]}):"
    printf '  %s\n' "${failures[@]}" | head -200
    exit 1
fi
[ "$checked" -gt 0 ] || { echo "no state checked"; exit 1; }
exit 0

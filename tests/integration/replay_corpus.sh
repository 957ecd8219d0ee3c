#!/usr/bin/env bash
# replay_corpus: the SQL replay must build exactly the catalog PostgreSQL builds.
# For every real project of the shared corpus and every k: `schemadiff dump
# migrations@k` (the first k migrations replayed) must equal catalog-snapshot of a
# database that ran the same k migrations.  One psql session per project applies
# migration k and prints the snapshot after it (the snapshot's queries are taken
# from shared/tools/catalog-snapshot itself), so a project costs one connection.
# A history is checked up to the migration where it stops applying on PostgreSQL.
# Two projects run at a time.  Prints `states checked N / equal M`, lists the
# failures (first differing lines), exits 0 only when all are equal.
# SD_CORPUS_ONLY=name,name restricts the run; SD_REPLAY_KEEP=1 keeps the dumps.
# SD_CORPUS_SAMPLE=N checks every Nth state and each history's last (the sanitizer
# run sets it; every migration is still applied and replayed).
# Views: PostgreSQL stores a view as its analysed query (pg_get_viewdef) with
# inferred column types, which replay without a server cannot reproduce; the
# replay keeps the view by name with its text as written.  So a view's
# definition and column lines are compared apart and reported, not failed on;
# its relation line (its existence, by name and kind) is compared as usual.
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

# without_views FILE: the listing less each view's definition and column lines
# (views are the relations listed with kind=v or kind=m in that listing).
without_views() {
    awk '$1 == "relation" && ($3 == "kind=v" || $3 == "kind=m") { v[$2] = 1 }
         { lines[NR] = $0; kind[NR] = $1; obj[NR] = $2 }
         END {
             for (i = 1; i <= NR; i++) {
                 if (kind[i] == "view" && (obj[i] in v)) continue
                 if (kind[i] == "column") { rel = obj[i]; sub(/\.[^.]*$/, "", rel); if (rel in v) continue }
                 print lines[i]
             }
         }' "$1"
}

# check_project DIR N: one project; writes WORK/result (checked equal) and WORK/failures
check_project() {
    local dir=$1 n=$2 name db url work
    name=$(basename "$dir")
    db="sd_replay_$$_$n"
    work=$SD_TMP/$name
    mkdir -p "$work"
    : >"$work/failures"
    psql "$SD_PG_URL" -X -q -c "create database \"$db\"" >/dev/null || { echo "0 0" >"$work/result"; return; }
    url=$(db_url "$db")
    local -a migs
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
    psql "$SD_PG_URL" -X -q -c "drop database \"$db\"" >/dev/null
    # split the output into one snapshot per completed state
    awk -v dir="$work" '
        /^@@APPLY /{ if (f) close(f); f=""; next }
        /^@@STATE /{ f=dir "/db." $2; printf "" > f; next }
        /^@@END/{ if (f) close(f); f=""; next }
        f { print > f }' "$work/out.txt"
    local applied=0 checked=0 equal=0 k
    for k in "${!migs[@]}"; do
        [ -f "$work/db.$((k + 1))" ] || break
        grep -q "^@@APPLY $((k + 2))\$\|^@@END\$" "$work/out.txt" || break
        applied=$((k + 1))
    done
    local sample=${SD_CORPUS_SAMPLE:-1} views_only=0
    for ((k = 1; k <= applied; k++)); do
        [ $((k % sample)) = 0 ] || [ "$k" = "$applied" ] || continue
        # physical lines sorted on both sides (a multi-line default spans lines)
        LC_ALL=C sort "$work/db.$k" -o "$work/db.$k"
        "$SD_BIN" dump "$dir/migrations@$k" 2>"$work/sd.$k.err" | LC_ALL=C sort >"$work/sd.$k"
        checked=$((checked + 1))
        if cmp -s "$work/db.$k" "$work/sd.$k"; then
            equal=$((equal + 1))
        elif without_views "$work/db.$k" | cmp -s - <(without_views "$work/sd.$k"); then
            equal=$((equal + 1))
            views_only=$((views_only + 1))
        else
            first=$(diff "$work/db.$k" "$work/sd.$k" | grep -m2 '^[<>]' | cut -c1-200 | tr '\n' ' ')
            err=$(grep -m1 'error' "$work/sd.$k.err" | cut -c1-200)
            echo "$name@$k ($(basename "${migs[$((k - 1))]}")): ${err:-$first}" >>"$work/failures"
        fi
    done
    stop=""
    [ "$applied" -lt "${#migs[@]}" ] && stop=" (stops applying at $((applied + 1)): $(grep -m1 ERROR "$work/psql.err" | cut -c1-120))"
    local vnote=""
    [ "$views_only" -gt 0 ] && vnote=" ($views_only differ only in view definitions)"
    echo "$name: $applied of ${#migs[@]} migrations applied, $equal of $checked states equal$vnote$stop"
    echo "$checked $equal $views_only" >"$work/result"
    [ -n "${SD_REPLAY_KEEP:-}" ] || rm -f "$work"/db.* "$work"/sd.* "$work/out.txt"
}

projects=0
dirs=()
for dir in "$corpus"/*/; do
    name=$(basename "$dir")
    if [ -n "${SD_CORPUS_ONLY:-}" ] && [[ ",$SD_CORPUS_ONLY," != *",$name,"* ]]; then continue; fi
    [ -d "$dir/migrations" ] || continue
    dirs+=("$dir")
done
# largest histories first, two projects at a time (the machine has 2 cores)
mapfile -t dirs < <(for d in "${dirs[@]}"; do echo "$(ls "$d/migrations" | wc -l) $d"; done | sort -rn | cut -d' ' -f2-)
for dir in "${dirs[@]}"; do
    projects=$((projects + 1))
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
    check_project "$dir" "$projects" &
done
wait

checked=0 equal=0 views=0
failures=()
for dir in "${dirs[@]}"; do
    work=$SD_TMP/$(basename "$dir")
    read -r c e v <"$work/result" || continue
    checked=$((checked + c)) equal=$((equal + e)) views=$((views + ${v:-0}))
    nf=$(wc -l <"$work/failures")
    mapfile -t -O "${#failures[@]}" failures < <(head -3 "$work/failures")
    [ "$nf" -gt 3 ] && failures+=("... and $((nf - 3)) more states of $(basename "$dir")")
done
echo "states checked $checked / equal $equal ($projects projects; $views of the equal ones differ only in view definitions, which replay keeps as written)"
if [ "$equal" -lt "$checked" ]; then
    echo "failures ($((checked - equal)) states; at most 3 shown per project):"
    printf '  %s\n' "${failures[@]}" | cut -c1-400
    exit 1
fi
[ "$checked" -gt 0 ] || { echo "no state checked"; exit 1; }
exit 0

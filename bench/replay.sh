#!/usr/bin/env bash
# bench/replay.sh [BIN]: time to replay every migration of the shared corpus
# (`schemadiff dump DIR` per project: read, parse, interpret, dump) beside
# libpg_query's bare parse of the same files (bench/parse_only.c, one process).
# Goal: replay within 1.5x the bare parse.  Best of 3 runs each.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/schemadiff}
corpus=${SD_SHARED:-$src/../shared}/corpus/real
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/parse_only" "$src/bench/parse_only.c" -lpg_query
find "$corpus" -path '*/migrations/*/migration.sql' | LC_ALL=C sort >"$tmp/files"
ms() { date +%s%N; }
best_parse=
for i in 1 2 3; do
    t=$("$tmp/parse_only" - <"$tmp/files" | sed 's/.* \([0-9.]*\) ms$/\1/')
    best_parse=$(awk -v a="$t" -v b="${best_parse:-1e18}" 'BEGIN{print (a<b)?a:b}')
done
best_replay=
for i in 1 2 3; do
    s=$(ms)
    for d in "$corpus"/*/migrations; do "$bin" dump "$d" >/dev/null 2>&1 || true; done
    e=$(ms)
    t=$(awk -v s="$s" -v e="$e" 'BEGIN{printf "%.1f", (e-s)/1e6}')
    best_replay=$(awk -v a="$t" -v b="${best_replay:-1e18}" 'BEGIN{print (a<b)?a:b}')
done
n=$(wc -l <"$tmp/files")
echo "files: $n migrations, $(tr '\n' '\0' <"$tmp/files" | xargs -0 cat | wc -c) bytes"
echo "bare parse (pg_query_parse_protobuf, 1 process): ${best_parse} ms"
echo "replay (schemadiff dump, 1 process per project):  ${best_replay} ms"
awk -v p="$best_parse" -v r="$best_replay" 'BEGIN{printf "ratio replay/parse: %.2fx (goal <= 1.5x)\n", r/p}'

#!/usr/bin/env bash
# bench/replay.sh [BIN]: time to replay every migration of the shared corpus
# (`schemadiff dump DIR` per project: read, parse, interpret, dump) beside
# libpg_query's bare parse of the same files (bench/parse_only.c, one process).
# Goal: replay within 1.5x the bare parse.  Best of 3 runs each, in CPU time
# (user + sys), since the machine is shared.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/schemadiff}
corpus=${SD_SHARED:-$src/../shared}/corpus/real
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/parse_only" "$src/bench/parse_only.c" -lpg_query
find "$corpus" -path '*/migrations/*/migration.sql' | LC_ALL=C sort >"$tmp/files"
# CPU seconds (user + sys) of a command: the machine is shared, wall time is noisy
cpu() { local TIMEFORMAT='%3U %3S'; { time "$@" >/dev/null 2>&1; } 2>&1 | awk '{printf "%.1f", ($1 + $2) * 1000}'; }
replay_all() { for d in "$corpus"/*/migrations; do "$bin" dump "$d" || true; done; }
best() { local b=1e18 t; for i in 1 2 3; do t=$(cpu "$@"); b=$(awk -v a="$t" -v b="$b" 'BEGIN{print (a<b)?a:b}'); done; echo "$b"; }
start_all() { for d in "$corpus"/*/migrations; do "$bin" dump empty || true; done; }
best_parse=$(best "$tmp/parse_only" "@$tmp/files")
best_replay=$(best replay_all)
best_start=$(best start_all) # process start and exit alone, as many times as projects
n=$(wc -l <"$tmp/files")
echo "files: $n migrations, $(tr '\n' '\0' <"$tmp/files" | xargs -0 cat | wc -c) bytes"
echo "bare parse (pg_query_parse_protobuf, 1 process): ${best_parse} ms CPU"
echo "replay (schemadiff dump, 1 process per project):  ${best_replay} ms CPU"
echo "process start alone (schemadiff dump empty, as many runs):  ${best_start} ms CPU"
awk -v p="$best_parse" -v r="$best_replay" -v s="$best_start" 'BEGIN{
    printf "ratio replay/parse: %.2fx; without process start: %.2fx (goal <= 1.5x)\n", r/p, (r-s)/p}'

# The same replay in one process, as the bare parse runs (tests/tools/sd_replay_all.c: what
# `schemadiff dump DIR` does for each folder, built with the tests): no process starts at all.
one=$(dirname "$bin")/tests/sd_replay_all
if [ -x "$one" ]; then
    best_one=$(best "$one" "$corpus"/*/migrations)
    awk -v p="$best_parse" -v r="$best_one" 'BEGIN{
        printf "replay in one process (sd_replay_all): %s ms CPU: %.2fx the bare parse\n", r, r/p}'
fi

# Instruction counts (valgrind's callgrind): the same ratio without the noise of a shared
# machine, on the largest history (trigger.dev), each side including its process start.
if command -v valgrind >/dev/null && [ -d "$corpus/triggerdotdev__trigger.dev/migrations" ]; then
    d=$corpus/triggerdotdev__trigger.dev/migrations
    find "$d" -name migration.sql | LC_ALL=C sort >"$tmp/tfiles"
    irs() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/refs:/ { gsub(",", "", $NF); print $NF }'; }
    ip=$(irs "$tmp/parse_only" "@$tmp/tfiles")
    ir=$(irs "$bin" dump "$d")
    ie=$(irs "$bin" dump empty)
    awk -v p="$ip" -v r="$ir" -v e="$ie" -v n="$(wc -l <"$tmp/tfiles")" 'BEGIN{
        printf "instructions, trigger.dev (%d migrations): bare parse %.0fM, replay %.0fM (start %.0fM): %.2fx; without start %.2fx\n",
            n, p / 1e6, r / 1e6, e / 1e6, r / p, (r - e) / p }'
fi

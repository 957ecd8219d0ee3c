#!/usr/bin/env bash
# bench/diff.sh [BIN]: the diff itself, on two workloads.
#  1. two synthetic 10,000-model schemas that differ in 10% of their models
#     (bench/gen_schema.py N and N --variant 1): `schemadiff diff A B`;
#  2. the main job on the largest corpus schema (trigger.dev) against its database, built
#     by ../shared/tools/corpus-replay into a throwaway server: `schemadiff SCHEMA URL`
#     (skipped without ../shared or a server; SD_PG_URL names one, else tests/harness/pg.sh).
# Prints wall time, CPU time (best of SD_BENCH_RUNS, default 3), peak RSS, and the CPU time
# of each stage (--stats; per thread: the two loads run at once).  Goal: the 10,000-model
# diff in under 0.5 s, end to end (wall).  A benchmark, never
# a test: it fails only when a run fails.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/schemadiff}
shared=${SD_SHARED:-$src/../shared}
runs=${SD_BENCH_RUNS:-3}
n=${SD_BENCH_MODELS:-10000}
[ -x "$bin" ] || { echo "bench: no binary at $bin" >&2; exit 2; }
tmp=$(mktemp -d); pgdir=
cleanup() { [ -z "$pgdir" ] || "$src/tests/harness/pg.sh" stop "$pgdir" >/dev/null 2>&1; rm -rf "$tmp"; }
trap cleanup EXIT
. "$src/bench/lib.sh"

measure() { # measure LABEL ARGS...: best wall/cpu of $runs, peak RSS, stage figures
    local label=$1; shift
    best_of "$label" "$runs" 1 "$bin" "$@" --stats # 1: changes found
    printf '%-34s wall %6.3f s  cpu %5.2f s  peak RSS %6.1f MB  %6d SQL lines\n' "$label" "$BEST" "$CPU" \
        "$(awk -v r="$RSS" 'BEGIN { print r / 1024 }')" "$(wc -l <"$tmp/out.sql")"
    grep -m1 '^stages' "$tmp/err" | sed 's/^/    /'
}

python3 "$src/bench/gen_schema.py" "$n" >"$tmp/a.prisma"
python3 "$src/bench/gen_schema.py" "$n" --variant 1 >"$tmp/b.prisma"
measure "$n models, 10% changed" diff "$tmp/a.prisma" "$tmp/b.prisma"
measure "$n models, identical" diff "$tmp/a.prisma" "$tmp/a.prisma"

real=$shared/corpus/real/triggerdotdev__trigger.dev
replay=$shared/tools/corpus-replay
if [ ! -d "$real" ] || [ ! -x "$replay" ]; then
    echo "bench: $real or $replay missing: skipping the main job on trigger.dev" >&2; exit 0
fi
url=${SD_PG_URL:-}
if [ -z "$url" ]; then
    pgdir=$(mktemp -d); url=$("$src/tests/harness/pg.sh" start "$pgdir" | tail -1)
fi
db=bench_trigger_$$
psql "$url" -Xqc "create database $db" >/dev/null
dburl=${url/\/postgres\?//$db?}
if "$replay" "$real" "$dburl" >"$tmp/replay.log" 2>&1; then
    measure "trigger.dev: SCHEMA URL" "$real/schema.prisma" "$dburl"
else
    echo "bench: corpus-replay failed: $(tail -3 "$tmp/replay.log")" >&2
fi
psql "$url" -Xqc "drop database if exists $db" >/dev/null

#!/usr/bin/env bash
# bench/run.sh [BIN]: wall time and peak RSS of `schemadiff diff empty SCHEMA` on synthetic
# schemas of 1,000, 5,000 and 10,000 models (bench/gen_schema.py) and on the largest real
# schema of the corpus (trigger.dev, via ../shared).  Best wall time of 3 runs; peak RSS
# from /usr/bin/time -v.  Goal: 10,000 models < 0.3 s and < 200 MB, growing linearly.
# A benchmark, never a test: it prints figures and fails only when a run fails.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$src/build/schemadiff}
shared=${SD_SHARED:-$src/../shared}
runs=${SD_BENCH_RUNS:-3}
[ -x "$bin" ] || { echo "bench: no binary at $bin (build first: scripts/setup.sh)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time missing (apt-get install time)" >&2; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
. "$src/bench/lib.sh"

inputs=()
for n in ${SD_BENCH_SIZES:-1000 5000 10000}; do
    python3 "$src/bench/gen_schema.py" "$n" >"$tmp/gen$n.prisma"
    inputs+=("$n models (synthetic)|$tmp/gen$n.prisma")
done
real=$shared/corpus/real/triggerdotdev__trigger.dev/schema.prisma
if [ -f "$real" ]; then
    inputs+=("trigger.dev ($(grep -c '^model ' "$real") models)|$real")
else
    echo "bench: $real not found (../shared absent): skipping the real schema" >&2
fi

printf '%-28s %8s %10s %8s %8s %12s %10s\n' input "KB in" "SQL lines" "wall s" "cpu s" "peak RSS MB" "us/model"
for entry in "${inputs[@]}"; do
    label=${entry%%|*}; file=${entry#*|}
    models=$(grep -c '^model ' "$file")
    best_of "$label" "$runs" 0 "$bin" diff empty "$file"
    printf '%-28s %8d %10d %8.3f %8.2f %12.1f %10.1f\n' "$label" $(($(wc -c <"$file") / 1024)) \
        "$(wc -l <"$tmp/out.sql")" "$BEST" "$CPU" "$(awk -v r="$RSS" 'BEGIN { print r / 1024 }')" \
        "$(awk -v t="$BEST" -v m="$models" 'BEGIN { print t * 1e6 / m }')"
done
echo "(wall and cpu = user+sys: best of $runs, including process start; RSS: the largest"
echo " of the runs; us/model = wall / models.  On a loaded machine trust cpu over wall.)"

#!/usr/bin/env bash
# converge/run.sh PART/PARTS: the body of converge_corpus_*.sh (issue 4's convergence
# over the real corpus).  The corpus repositories are split into PARTS shares of about
# equal migration counts (greedy, largest first); this runs share PART with
# tests/tools/sd_converge (see its header): for every k PostgreSQL builds,
#   db      diff <db after k> <db after k+1>, applied to a database after k,
#   back    diff <db after k+1> <db after k>, applied to a database after k+1,
#   replay  diff <migrations@k> <db after k+1>, applied to a database after k,
# must give the other side's catalog (compared by `schemadiff dump`), and the same diff
# from the result must be empty; every 20th step also checks that the CLI prints the
# same SQL and that `diff --exit-code` then exits 0.
# Env: SD_CORPUS_SAMPLE=N checks one step in N (the ASan build); SD_CORPUS_ONLY=a,b
# restricts the repositories; SD_CONVERGE_JOBS (default 1) runs that many drivers.
set -uo pipefail
part=${1%/*} parts=${1#*/}
[ -n "${SD_SHARED:-}" ] || { echo "skip: SD_SHARED is empty (no shared corpus)"; exit 77; }
corpus=$SD_SHARED/corpus/real
tool=${SD_TOOLS:-$(dirname "$SD_BIN")/tests}/sd_converge
[ -d "$corpus" ] || { echo "skip: $corpus missing"; exit 77; }
[ -x "$tool" ] || { echo "no driver at $tool (build the sd_converge target)"; exit 1; }

# repositories of this share: sizes, largest first, each to the lightest share
mine=()
declare -a load
for ((i = 0; i < parts; i++)); do load[i]=0; done
while read -r n dir; do
    best=0
    for ((i = 1; i < parts; i++)); do [ "${load[i]}" -lt "${load[best]}" ] && best=$i; done
    load[best]=$((load[best] + n))
    name=$(basename "$dir")
    if [ -n "${SD_CORPUS_ONLY:-}" ] && [[ ",$SD_CORPUS_ONLY," != *",$name,"* ]]; then continue; fi
    [ "$best" = $((part - 1)) ] && mine+=("$dir")
done < <(for d in "$corpus"/*/; do
             [ -d "$d/migrations" ] && echo "$(find "$d/migrations" -mindepth 2 -maxdepth 2 -name migration.sql | wc -l) ${d%/}"
         done | sort -k1,1nr -k2,2)
[ "${#mine[@]}" -gt 0 ] || { echo "skip: no repository in share $part/$parts"; exit 77; }

args=()
[ -n "${SD_CORPUS_SAMPLE:-}" ] && args+=(--sample "$SD_CORPUS_SAMPLE")
jobs=${SD_CONVERGE_JOBS:-1}
t0=$SECONDS
pids=()
for ((j = 0; j < jobs; j++)); do
    sub=()
    for ((i = j; i < ${#mine[@]}; i += jobs)); do sub+=("${mine[i]}"); done
    [ "${#sub[@]}" -gt 0 ] || continue
    mkdir -p "$SD_TMP/out$j"
    "$tool" "${args[@]}" --cli "$SD_BIN" --cli-every 20 "$SD_PG_URL" "$SD_TMP/out$j" "${sub[@]}" \
        >"$SD_TMP/log$j" 2>&1 &
    pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done

grep -h -v '^form \|^cli: \|^FAIL\|^ ' "$SD_TMP"/log*
# totals over the drivers
cat "$SD_TMP"/log* | awk '
    /^form / { f=$2; sub(":", "", f); p[f]+=$4; t[f]+=$6; ip[f]+=$8; it[f]+=$10; if (!(f in seen)) { seen[f]=1; order[++n]=f } }
    /^cli: / { cp+=$3; ct+=$5 }
    END { for (i=1; i<=n; i++) { f=order[i]; printf "form %s: pairs passing %d / %d; idempotent %d / %d\n", f, p[f], t[f], ip[f], it[f] }
          printf "cli: agrees %d / %d\n", cp, ct }'
echo "time: $((SECONDS - t0)) s${SD_CORPUS_SAMPLE:+ (one step in $SD_CORPUS_SAMPLE checked)}"
if [ "$status" != 0 ]; then
    echo "failures (SQL in $SD_TMP/out*):"
    grep -h '^FAIL\|^ ' "$SD_TMP"/log* | cut -c1-240 | head -400
fi
exit $status

# bench/lib.sh: the timing loop bench/run.sh and bench/diff.sh share (sourced, not run).
#
# best_of LABEL RUNS MAXOK CMD...: runs CMD RUNS times under /usr/bin/time -v, its
# output in $tmp/out.sql and its stderr in $tmp/err; an exit status above MAXOK stops
# the benchmark ("bench: LABEL failed", exit 1).  Sets BEST (the best wall time, s),
# CPU (the best user+sys, s) and RSS (the largest peak RSS, KB).
best_of() {
    local label=$1 runs=$2 maxok=$3 i t0 t1 w r c st
    shift 3
    BEST= CPU= RSS=0
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s%N)
        /usr/bin/time -v -o "$tmp/time" "$@" >"$tmp/out.sql" 2>"$tmp/err" && st=0 || st=$?
        t1=$(date +%s%N)
        if [ "$st" -gt "$maxok" ]; then
            echo "bench: $label failed:" >&2; head -5 "$tmp/err" >&2; exit 1
        fi
        w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        r=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
        c=$(awk -F': ' '/(User|System) time \(seconds\)/ { s += $2 } END { print s }' "$tmp/time")
        BEST=$(awk -v a="$w" -v b="${BEST:-1e18}" 'BEGIN { print (a < b) ? a : b }')
        CPU=$(awk -v a="$c" -v b="${CPU:-1e18}" 'BEGIN { print (a < b) ? a : b }')
        [ "$r" -gt "$RSS" ] && RSS=$r
    done
    return 0
}

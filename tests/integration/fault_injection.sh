#!/usr/bin/env bash
# fault_injection: SD_FAIL_AFTER=N makes the Nth arena allocation fail.  For N across
# the whole run, schemadiff must either stop cleanly (SIGABRT after its message, no SQL
# on stdout, no -o file) or, when N is past the last allocation, succeed with exactly
# the normal output.  Never a crash, a sanitizer report or half a migration.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }

check_source() { # check_source LABEL ARGS...: sweeps N over one diff run
    local label=$1; shift
    "$SD_BIN" diff "$@" >"$SD_TMP/want.sql" 2>/dev/null || fail "$label: unfaulted run exited $?"
    [ -s "$SD_TMP/want.sql" ] || fail "$label: unfaulted run printed nothing"
    # the smallest N that no longer fails: the run's allocation count + 1
    local hi=1 st
    while :; do
        set +e; SD_FAIL_AFTER=$hi "$SD_BIN" diff "$@" >/dev/null 2>&1; st=$?; set -e
        [ $st = 0 ] && break
        hi=$((hi * 2))
        [ $hi -lt 100000000 ] || fail "$label: SD_FAIL_AFTER never stops failing"
    done
    [ $hi -gt 1 ] || fail "$label: SD_FAIL_AFTER=1 did not fail (is it wired in main?)"
    # about 40 points spread over [1, hi], plus the first few
    local step=$((hi / 40 + 1)) n runs=0 aborted=0
    for n in 1 2 3 $(seq 4 $step $hi); do
        rm -f "$SD_TMP/out.sql"
        set +e
        SD_FAIL_AFTER=$n "$SD_BIN" diff -o "$SD_TMP/out.sql" "$@" >"$SD_TMP/stdout" 2>"$SD_TMP/stderr"
        st=$?
        set -e
        runs=$((runs + 1))
        case $st in
        134)
            aborted=$((aborted + 1))
            grep -q 'out of memory (injected fault)' "$SD_TMP/stderr" ||
                fail "$label N=$n: aborted without the message: $(head -3 "$SD_TMP/stderr")"
            [ ! -e "$SD_TMP/out.sql" ] || fail "$label N=$n: aborted but left $SD_TMP/out.sql"
            [ ! -s "$SD_TMP/stdout" ] || fail "$label N=$n: aborted but printed to stdout"
            ;;
        0) cmp -s "$SD_TMP/out.sql" "$SD_TMP/want.sql" || fail "$label N=$n: succeeded with different SQL" ;;
        *) fail "$label N=$n: exit status $st: $(head -5 "$SD_TMP/stderr")" ;;
        esac
    done
    [ $aborted -gt 0 ] || fail "$label: no run aborted"
    echo "$label: $runs runs up to N=$hi, $aborted aborted cleanly"
}

check_source example empty "$SD_SRC/fixtures/example/schema.prisma"
if [ -n "$SD_SHARED" ]; then
    m=$SD_SHARED/corpus/real/diced__zipline/migrations
    [ -d "$m" ] && check_source "migrations replay" "$m" empty
fi

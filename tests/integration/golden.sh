#!/usr/bin/env bash
# golden: runs every fixture case and compares with its expected output.
#   golden.sh [--update] [CASE...]
# A case is a folder fixtures/<case>/ holding a TO side and expected outputs:
#   from.prisma | from.sql   the FROM side (absent: `empty`)
#   to.prisma   | to.sql     the TO side (required; folders without one are not cases)
#   expected.sql             `schemadiff diff FROM TO` standard output
#   expected.err             when present: the run must exit 2 with exactly this on stderr
# --update rewrites expected.sql (and expected.err when it exists) from the actual output.
# With SD_PG_URL set, each expected.sql is also applied to a fresh database on top of
# FROM's SQL (from.sql only), to prove the SQL runs.
# Env: SD_BIN, SD_SRC (defaults: ./build/schemadiff and the project root), SD_PG_URL, SD_TMP.
set -uo pipefail
root=${SD_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${SD_BIN:-$root/build/schemadiff}
tmp=${SD_TMP:-$(mktemp -d)}
update=0
cases=()
for a in "$@"; do
    case $a in
        --update) update=1 ;;
        -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) cases+=("$a") ;;
    esac
done
[ -x "$bin" ] || { echo "golden: no binary at $bin (set SD_BIN)" >&2; exit 2; }
if [ ${#cases[@]} = 0 ]; then
    for d in "$root"/fixtures/*/; do
        [ -f "$d/to.prisma" ] || [ -f "$d/to.sql" ] && cases+=("$(basename "$d")")
    done
fi

side() { # side DIR from|to -> the source argument
    if [ -f "$1/$2.prisma" ]; then echo "$1/$2.prisma"
    elif [ -f "$1/$2.sql" ]; then echo "$1/$2.sql"
    else echo empty; fi
}

apply_check() { # apply_check CASE DIR: the expected SQL runs on a fresh database
    [ -n "${SD_PG_URL:-}" ] || return 0
    local db="golden_$(echo "$1" | tr -c 'a-z0-9\n' '_')_$$" out rc=0
    local url=${SD_PG_URL/\/postgres\?//$db?}
    psql "$SD_PG_URL" -X -q -c "create database \"$db\"" >/dev/null || return 1
    if [ -f "$2/from.sql" ]; then
        out=$(psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$2/from.sql" 2>&1 >/dev/null) || { echo "  from.sql: $out"; rc=1; }
    fi
    if [ $rc = 0 ]; then
        out=$(psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$2/expected.sql" 2>&1 >/dev/null) || { echo "  expected.sql does not apply: $(grep -m1 ERROR <<<"$out")"; rc=1; }
    fi
    psql "$SD_PG_URL" -X -q -c "drop database if exists \"$db\"" >/dev/null
    return $rc
}

pass=0 fail=0 updated=0
for c in "${cases[@]}"; do
    dir=$root/fixtures/$c
    [ -d "$dir" ] || { echo "FAIL $c: no such case"; fail=$((fail + 1)); continue; }
    from=$(side "$dir" from) to=$(side "$dir" to)
    [ "$to" != empty ] || { echo "FAIL $c: no to.prisma or to.sql"; fail=$((fail + 1)); continue; }
    out=$tmp/$c.sql err=$tmp/$c.err
    # run from the case folder so messages name files relative to it
    (cd "$dir" && "$bin" diff "${from#"$dir"/}" "${to#"$dir"/}") >"$out" 2>"$err"
    st=$?
    if [ $update = 1 ]; then
        cp "$out" "$dir/expected.sql"
        [ -f "$dir/expected.err" ] && cp "$err" "$dir/expected.err"
        updated=$((updated + 1))
        continue
    fi
    problems=()
    if [ -f "$dir/expected.err" ]; then
        [ $st = 2 ] || problems+=("exit status $st, want 2")
        diff -u "$dir/expected.err" "$err" >"$tmp/$c.err.diff" || problems+=("stderr differs: $(head -20 "$tmp/$c.err.diff")")
    else
        [ $st = 0 ] || problems+=("exit status $st: $(head -3 "$err")")
    fi
    if [ ! -f "$dir/expected.sql" ]; then
        problems+=("no expected.sql (run with --update)")
    elif ! diff -u "$dir/expected.sql" "$out" >"$tmp/$c.diff"; then
        problems+=("SQL differs (- expected, + actual):
$(head -40 "$tmp/$c.diff")")
    elif [ -s "$dir/expected.sql" ] && [ ! -f "$dir/expected.err" ]; then
        msg=$(apply_check "$c" "$dir") || problems+=("$msg")
    fi
    if [ ${#problems[@]} = 0 ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL $c"
        printf '  %s\n' "${problems[@]}"
    fi
done
if [ $update = 1 ]; then
    echo "golden: updated $updated case(s)"
    exit 0
fi
echo "golden: $pass passed, $fail failed"
[ $((pass + fail)) -gt 0 ] || { echo "skip: no fixture cases"; exit 77; }
[ $fail = 0 ]

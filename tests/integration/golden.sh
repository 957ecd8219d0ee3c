#!/usr/bin/env bash
# golden: runs every fixture case and compares with its expected output.
#   golden.sh [--update] [CASE...]
# A case is a folder fixtures/<case>/ holding a TO side and expected outputs:
#   from.prisma | from.sql   the FROM side (absent: `empty`)
#   to.prisma   | to.sql     the TO side (required; folders without one are not cases)
#   expected.sql             `schemadiff diff FROM TO` standard output
#   expected.err             when present: the run must exit 2 with exactly this on stderr
#   expected-kept.txt        when present: dump lines the migrated database holds beyond TO
#                            (objects a Prisma TO cannot describe, kept)
# --update rewrites expected.sql (and expected.err, expected-kept.txt when they exist).
# With SD_PG_URL set, each case is also checked on a real server: FROM is built on a fresh
# database (from.sql with psql, from.prisma through `diff empty`), expected.sql applied,
# and its `schemadiff dump` must equal that of TO built from scratch on another database
# (less expected-kept.txt); for a Prisma TO, `diff DATABASE to.prisma` must then be empty.
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

build() { # build URL DIR from|to: the side's schema on the database at URL
    local sql=$tmp/build.$3.sql
    if [ -f "$2/$3.sql" ]; then sql=$2/$3.sql
    elif [ -f "$2/$3.prisma" ]; then (cd "$2" && "$bin" diff empty "$3.prisma" 2>/dev/null) >"$sql"
    else : >"$sql"; fi
    psql "$1" -X -q -v ON_ERROR_STOP=1 -f "$sql" 2>&1 >/dev/null | grep -m1 ERROR
}

apply_check() { # apply_check CASE DIR: the expected SQL migrates FROM to TO on a real server
    [ -n "${SD_PG_URL:-}" ] || return 0
    local db="golden_$(echo "$1" | tr -c 'a-z0-9\n' '_')_$$" out rc=0
    local url=${SD_PG_URL/\/postgres\?//$db?} url2=${SD_PG_URL/\/postgres\?//${db}_to?}
    psql "$SD_PG_URL" -X -q -c "create database \"$db\"" -c "create database \"${db}_to\"" >/dev/null || return 1
    if out=$(build "$url" "$2" from) && [ -n "$out" ]; then echo "  FROM does not build: $out"; rc=1; fi
    if [ $rc = 0 ]; then
        out=$(psql "$url" -X -q -v ON_ERROR_STOP=1 -f "$2/expected.sql" 2>&1 >/dev/null) || { echo "  expected.sql does not apply: $(grep -m1 ERROR <<<"$out")"; rc=1; }
    fi
    if [ $rc = 0 ] && out=$(build "$url2" "$2" to) && [ -n "$out" ]; then echo "  TO does not build: $out"; rc=1; fi
    if [ $rc = 0 ]; then
        "$bin" dump "$url" >"$tmp/$1.migrated" 2>&1 && "$bin" dump "$url2" >"$tmp/$1.to" 2>&1 || { echo "  dump failed"; rc=1; }
    fi
    if [ $rc = 0 ]; then
        comm -23 "$tmp/$1.migrated" "$tmp/$1.to" >"$tmp/$1.kept"
        if [ $update = 1 ] && [ -f "$2/expected-kept.txt" ]; then cp "$tmp/$1.kept" "$2/expected-kept.txt"; fi
        if [ -f "$2/expected-kept.txt" ]; then
            diff -u "$2/expected-kept.txt" "$tmp/$1.kept" >/dev/null && comm -13 "$tmp/$1.migrated" "$tmp/$1.to" | grep -q . &&
                { echo "  the migrated database lacks: $(comm -13 "$tmp/$1.migrated" "$tmp/$1.to" | head -5)"; rc=1; }
            diff -u "$2/expected-kept.txt" "$tmp/$1.kept" >/dev/null || { echo "  kept objects differ from expected-kept.txt"; rc=1; }
        elif ! diff -u "$tmp/$1.to" "$tmp/$1.migrated" >"$tmp/$1.catalog.diff"; then
            echo "  catalog after expected.sql differs from TO built from scratch (- TO, + migrated):"
            grep '^[-+][^-+]' "$tmp/$1.catalog.diff" | head -10 | sed 's/^/    /'; rc=1
        fi
    fi
    if [ $rc = 0 ] && [ -f "$2/to.prisma" ]; then
        out=$(cd "$2" && "$bin" diff --schema "*" "$url" to.prisma 2>/dev/null)
        [ -z "$out" ] || { echo "  diff DATABASE to.prisma after the migration is not empty: $(head -3 <<<"$out")"; rc=1; }
    fi
    psql "$SD_PG_URL" -X -q -c "drop database if exists \"$db\"" -c "drop database if exists \"${db}_to\"" >/dev/null
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
        [ -f "$dir/expected-kept.txt" ] && apply_check "$c" "$dir" >/dev/null
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

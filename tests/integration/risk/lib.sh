# lib.sh: shared by tests/integration/risk_*.sh.  A case is a folder
# tests/integration/risk/<case>/ with before.sql (schema + rows, loaded into a fresh
# database), after.sql (the target schema) and expected: one finding per line,
#   CLASS OP OBJECT ROWS COUNT      a finding that must be present with these values
#   ! CLASS OP OBJECT               a finding that must be absent (or measured at 0 rows)
# checked against `schemadiff diff --format json DBURL after.sql`.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v jq >/dev/null || { echo "skip: jq not installed"; exit 77; }

RISK_DBS=()
cleanup() { for d in "${RISK_DBS[@]}"; do psql "$SD_PG_URL" -Xq -c "drop database if exists $d" >/dev/null 2>&1 || true; done; }
trap cleanup EXIT

# new_db CASE: creates a database loaded with CASE/before.sql; prints its URL
new_db() {
    local db="risk_${1}_$$_$RANDOM"
    psql "$SD_PG_URL" -Xq -v ON_ERROR_STOP=1 -c "create database $db" >/dev/null
    RISK_DBS+=("$db")
    local url=${SD_PG_URL/\/postgres\?//$db?}
    psql "$url" -Xq -v ON_ERROR_STOP=1 -f "$SD_SRC/tests/integration/risk/$1/before.sql" >/dev/null
    echo "$url"
}

# check_case CASE [extra schemadiff args]: runs the diff and checks CASE/expected
check_case() {
    local case=$1; shift
    local dir=$SD_SRC/tests/integration/risk/$case url out
    url=$(new_db "$case")
    out=$SD_TMP/$case.json
    set +e
    "$SD_BIN" diff --format json "$@" "$url" "$dir/after.sql" >"$out" 2>"$SD_TMP/$case.err"
    local st=$?
    set -e
    [ $st = 0 ] || fail "$case: schemadiff exited $st: $(head -5 "$SD_TMP/$case.err")"
    jq -e '.measured == true' "$out" >/dev/null || fail "$case: not measured"
    local n=0
    while read -r a b c d e; do
        [ -z "$a" ] || [ "${a:0:1}" = "#" ] && continue
        n=$((n + 1))
        if [ "$a" = "!" ]; then
            local hits
            hits=$(jq --arg c "$b" --arg o "$c" --arg ob "$d" \
                '[.findings[] | select(.class == $c and .op == $o and .object == $ob and (.rows == null or .rows > 0))] | length' "$out")
            [ "$hits" = 0 ] || fail "$case: unexpected finding $b $c $d: $(jq -c --arg c "$b" --arg ob "$d" '.findings[] | select(.class == $c and .object == $ob)' "$out")"
        else
            local got
            got=$(jq -r --arg c "$a" --arg o "$b" --arg ob "$c" \
                '[.findings[] | select(.class == $c and .op == $o and .object == $ob)] | first | if . == null then "missing" else "\(.rows) \(.count)" end' "$out")
            [ "$got" = "$d $e" ] || fail "$case: $a $b $c: want '$d $e', got '$got'"
        fi
    done <"$dir/expected"
    [ $n -gt 0 ] || fail "$case: empty expected file"
    echo "$case: $n expectations ok"
}

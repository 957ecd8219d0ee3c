#!/usr/bin/env bash
# golden_ops: the golden fixtures (fixtures/*/, run by golden.sh, applied to a real server
# there) cover every operation kind of diff/ops.def that the diff produces.  Collects the
# ops of every case from `diff --format json` and fails naming each kind no case produces.
# Kinds the diff never produces from any source are listed in NOT_PRODUCED with the reason.
set -uo pipefail
root=${SD_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${SD_BIN:-$root/build/schemadiff}
command -v jq >/dev/null || { echo "skip: jq not installed (scripts/setup.sh installs it)"; exit 77; }
declare -A NOT_PRODUCED=(
    [rename-enum-value]="the IR keeps no Prisma name for enum values"
    [validate-constraint]="the diff adds constraints validated; only a phased plan would"
    [replace-view]="a changed view is dropped and created"
    [set-comment]="comments are not diffed yet"
    [backfill]="only a phased plan would"
    [create-type]="domains and other types come only from a database (SQL replay skips them)"
    [drop-type]="as create-type"
    [create-object]="policies and rules come only from a database (SQL replay skips them)"
    [drop-object]="as create-object"
)
side() { if [ -f "$1/$2.prisma" ]; then echo "$2.prisma"; elif [ -f "$1/$2.sql" ]; then echo "$2.sql"; else echo empty; fi; }
declare -A seen=()
for d in "$root"/fixtures/*/; do
    [ -f "$d/to.prisma" ] || [ -f "$d/to.sql" ] || continue
    [ -f "$d/expected.err" ] && continue
    ops=$(cd "$d" && "$bin" diff --format json "$(side "$d" from)" "$(side "$d" to)" 2>/dev/null | jq -r '.statements[].op') ||
        { echo "FAIL $(basename "$d"): diff --format json failed"; exit 1; }
    for op in $ops; do seen[$op]=1; done
done
missing=0
for op in $(sed -n 's/^SD_OP([A-Z_]*, *"\([a-z-]*\)".*/\1/p' "$root/diff/ops.def"); do
    if [ -n "${seen[$op]:-}" ]; then
        [ -n "${NOT_PRODUCED[$op]:-}" ] && { echo "FAIL $op is produced now: remove it from NOT_PRODUCED"; missing=1; }
    elif [ -n "${NOT_PRODUCED[$op]:-}" ]; then
        echo "not produced: $op (${NOT_PRODUCED[$op]})"
    else
        echo "FAIL no fixture produces $op"; missing=1
    fi
done
echo "golden_ops: ${#seen[@]} kinds covered"
exit $missing

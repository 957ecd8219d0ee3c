#!/bin/sh
# psl_validation.sh: `schemadiff validate` against Prisma's own validation tests
# (../shared/corpus/psl/validation/**/*.prisma, each ending with the expected
# `// error:` blocks).  Measures two figures and fails under the thresholds:
#   verdict agreement (valid vs error) over all files     >= 97%
#   first error's line agreement over the failing files   >= 90%
# "First" is the first `// error:` block of the file (Prisma's order) compared
# with the first error schemadiff prints (sorted by line); the figure with the
# smallest expected line instead is printed too, for information.
# Disagreements are listed by class: false-error, missed-error, wrong-line.
set -u
if [ -z "${SD_SHARED:-}" ]; then
    echo "skip: SD_SHARED is empty (no shared corpus)"
    exit 77
fi
dir="$SD_SHARED/corpus/psl/validation"
[ -d "$dir" ] || { echo "skip: $dir not found"; exit 77; }
tmp="${SD_TMP:-$(mktemp -d)}"
list="$tmp/disagreements.txt"
: >"$list"
total=0 agree=0 failing=0 line_ok=0 line_min_ok=0

for f in $(find "$dir" -name '*.prisma' | LC_ALL=C sort); do
    total=$((total + 1))
    rel=${f#"$dir"/}
    # expected: the line of the first `-->` after the first `// error:`, and the smallest such line
    exp_first=$(awk '/^\/\/ error:/ {e=1} e && /-->  schema.prisma:/ {sub(/.*schema.prisma:/, ""); print; exit}' "$f")
    exp_min=$(awk '/^\/\/ error:/ {e=1} /^\/\/ warning:/ {e=0} e && /-->  schema.prisma:/ {sub(/.*schema.prisma:/, ""); print}' "$f" | sort -n | head -1)
    "$SD_BIN" validate "$f" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
        echo "crash  $rel (exit $rc)" >>"$list"
        continue
    fi
    got=$(grep -m1 -E '^[^ ]+:[0-9]+:[0-9]+: error:' "$tmp/err" | sed -E 's/^[^ ]*\.prisma:([0-9]+):.*/\1/')
    got_msg=$(grep -m1 -E '^[^ ]+:[0-9]+:[0-9]+: error:' "$tmp/err" | sed -E 's/^[^ ]*: error: //' | cut -c1-110)
    if [ -z "$exp_first" ]; then
        if [ $rc -eq 0 ]; then agree=$((agree + 1)); else
            echo "false-error   $rel: line $got: $got_msg" >>"$list"; fi
        continue
    fi
    failing=$((failing + 1))
    if [ $rc -eq 0 ]; then
        echo "missed-error  $rel: expected line $exp_first" >>"$list"
        continue
    fi
    agree=$((agree + 1))
    if [ "$got" = "$exp_first" ]; then line_ok=$((line_ok + 1)); else
        echo "wrong-line    $rel: expected $exp_first, got $got: $got_msg" >>"$list"; fi
    [ "$got" = "$exp_min" ] && line_min_ok=$((line_min_ok + 1))
done

pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "100.0"; else printf "%.1f", 100 * a / b }'; }
v=$(pct $agree $total)
l=$(pct $line_ok $failing)
lm=$(pct $line_min_ok $failing)
echo "files: $total (expected to fail: $failing)"
echo "verdict agreement: $agree/$total = $v% (threshold 97%)"
echo "first-error line:  $line_ok/$failing = $l% (threshold 90%)"
echo "smallest-line variant: $line_min_ok/$failing = $lm%"
for c in false-error missed-error wrong-line crash; do
    echo "$c: $(grep -c "^$c" "$list")"
done
LC_ALL=C sort "$list"
ok=$(awk -v v="$v" -v l="$l" 'BEGIN { print (v >= 97 && l >= 90) ? 1 : 0 }')
[ "$ok" = 1 ] || { echo "FAIL: under threshold"; exit 1; }
exit 0

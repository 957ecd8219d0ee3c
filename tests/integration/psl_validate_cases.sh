#!/bin/sh
# psl_validate_cases.sh: golden cases for validator rules the Prisma corpus
# does not cover.  Each tests/psl_validate/*.prisma ends with one line:
#   // expect: valid
#   // expect-error: line N: <first 60 characters of the message>
# The expectations were taken from Prisma 7.10's own validator (prisma-diff),
# not from schemadiff.  The first error schemadiff prints must be on line N and
# start with that text.
set -u
dir="$SD_SRC/tests/psl_validate"
tmp="${SD_TMP:-$(mktemp -d)}"
n=0 bad=0
for f in "$dir"/*.prisma; do
    n=$((n + 1))
    name=$(basename "$f")
    want=$(tail -n 1 "$f")
    "$SD_BIN" validate "$f" >/dev/null 2>"$tmp/err"
    rc=$?
    first=$(grep -m1 -E '^[^ ]+:[0-9]+:[0-9]+: error:' "$tmp/err")
    case "$want" in
    "// expect: valid")
        if [ $rc -ne 0 ]; then bad=$((bad + 1)); echo "FAIL $name: expected valid, got: $first"; fi ;;
    "// expect-error: line "*)
        line=$(echo "$want" | sed -E 's|^// expect-error: line ([0-9]+): .*|\1|')
        msg=$(echo "$want" | sed -E 's|^// expect-error: line [0-9]+: ||')
        got_line=$(echo "$first" | sed -E 's/^[^ ]*\.prisma:([0-9]+):.*/\1/')
        got_msg=$(echo "$first" | sed -E 's/^[^ ]+ error: //' | cut -c1-${#msg})
        if [ $rc -ne 2 ] || [ "$got_line" != "$line" ] || [ "$got_msg" != "$msg" ]; then
            bad=$((bad + 1))
            echo "FAIL $name: expected line $line \"$msg\" (exit 2), got exit $rc: $first"
        fi ;;
    *) bad=$((bad + 1)); echo "FAIL $name: no expectation line" ;;
    esac
done
echo "validator cases: $n, failed: $bad"
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]

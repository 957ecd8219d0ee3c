#!/bin/sh
# psl_format_cases.sh: schemadiff format on fixtures/format/prisma7/NAME.prisma gives
# NAME.expected.prisma byte for byte (outputs of Prisma 7.10.1's formatter: see
# fixtures/format/README.md), and formatting an expected output changes nothing, or,
# where Prisma's own second pass changes it (odd comments), gives NAME.expected2.prisma.
set -u
dir="$SD_SRC/fixtures/format/prisma7"
tmp="${SD_TMP:-$(mktemp -d)}"
n=0 bad=0
for f in "$dir"/*.prisma; do
    case "$f" in *.expected.prisma | *.expected2.prisma) continue ;; esac
    n=$((n + 1))
    name=$(basename "$f" .prisma)
    want="$dir/$name.expected.prisma"
    "$SD_BIN" format "$f" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ] || ! cmp -s "$tmp/out" "$want"; then
        bad=$((bad + 1))
        echo "FAIL $name (exit $rc)"
        diff "$tmp/out" "$want" | head -20
        cat "$tmp/err"
        continue
    fi
    again="$want"
    [ -f "$dir/$name.expected2.prisma" ] && again="$dir/$name.expected2.prisma"
    "$SD_BIN" format "$want" >"$tmp/again" 2>&1
    if ! cmp -s "$tmp/again" "$again"; then
        bad=$((bad + 1))
        echo "FAIL $name: formatting the expected output again does not give $(basename "$again")"
    fi
done
echo "format cases: $n, failed: $bad"
[ "$n" -gt 0 ] && [ "$bad" -eq 0 ]

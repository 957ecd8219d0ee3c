#!/bin/sh
# psl_real_valid.sh: every real project schema in ../shared/corpus/real
# (schema.prisma, or a schema/ folder for multi-file projects) must pass
# `schemadiff validate` with no error.  Lists each failing project's errors.
set -u
if [ -z "${SD_SHARED:-}" ]; then
    echo "skip: SD_SHARED is empty (no shared corpus)"
    exit 77
fi
root="$SD_SHARED/corpus/real"
[ -d "$root" ] || { echo "skip: $root not found"; exit 77; }
tmp="${SD_TMP:-$(mktemp -d)}"
n=0 bad=0
for d in "$root"/*/; do
    s="$d/schema.prisma"
    [ -d "$d/schema" ] && s="$d/schema"
    [ -e "$s" ] || continue
    n=$((n + 1))
    "$SD_BIN" validate "$s" >/dev/null 2>"$tmp/err"
    rc=$?
    if [ $rc -ne 0 ]; then
        bad=$((bad + 1))
        echo "FAIL $(basename "$d") (exit $rc):"
        grep -E ': error:' "$tmp/err" | head -5
    fi
done
echo "real schemas: $n, valid: $((n - bad)), with errors: $bad"
[ "$n" -gt 0 ] || { echo "FAIL: no schema found"; exit 1; }
[ "$bad" -eq 0 ]

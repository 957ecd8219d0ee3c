#!/usr/bin/env bash
# dump --format json: valid JSON, and the same objects as the text dump
# (tables, columns, enums with labels, indexes) for a Prisma schema and for a
# database built from the SQL schemadiff prints for it.
set -euo pipefail
command -v jq >/dev/null || { echo "jq is not installed (scripts/setup.sh installs it)"; exit 77; }
schema=$SD_SRC/fixtures/example/schema.prisma
db=sd_dump_json_$$
psql "$SD_PG_URL" -X -q -c "create database $db"
trap 'psql "$SD_PG_URL" -X -q -c "drop database if exists $db" >/dev/null 2>&1' EXIT
url=${SD_PG_URL/\/postgres\?/\/$db\?}
"$SD_BIN" diff empty "$schema" | psql "$url" -X -q -v ON_ERROR_STOP=1 >/dev/null

check() { # check SOURCE: the JSON and text dumps list the same tables, columns, enums, indexes
    local src=$1 json text
    json=$("$SD_BIN" dump --format json "$src")
    text=$("$SD_BIN" dump "$src")
    echo "$json" | jq -e . >/dev/null
    local jt tt jc tc je te ji ti
    jt=$(echo "$json" | jq '.tables | length')
    tt=$(grep -c '^relation .* kind=r$' <<<"$text")
    jc=$(echo "$json" | jq '[.tables[].columns[]] | length')
    tc=$(grep -c '^column ' <<<"$text")
    je=$(echo "$json" | jq -r '.enums[] | "\(.name) \(.labels | join(","))"' | sort)
    te=$(grep '^enum ' <<<"$text" | sed -E "s/^enum [^.]+\.\"?([^\" ]+)\"? \((.*)\)$/\1 \2/; s/'//g; s/, /,/g" | sort)
    ji=$(echo "$json" | jq '.indexes | length')
    ti=$(grep -c '^index ' <<<"$text")
    local pk; pk=$(grep -c '^constraint .* \(PRIMARY KEY\|UNIQUE\) ' <<<"$text" || true)
    [ "$jt" = "$tt" ] || { echo "$src: tables json=$jt text=$tt"; return 1; }
    [ "$jc" = "$tc" ] || { echo "$src: columns json=$jc text=$tc"; return 1; }
    [ "$je" = "$te" ] || { echo "$src: enums differ:"; diff <(echo "$je") <(echo "$te"); return 1; }
    [ "$ji" = "$((ti - pk))" ] || { echo "$src: indexes json=$ji text=$ti - $pk constraint indexes"; return 1; }
    [ "$jt" -gt 0 ] && [ "$jc" -gt 0 ] || { echo "$src: nothing dumped"; return 1; }
    echo "ok: $src: $jt tables, $jc columns, $ji indexes"
}
check "$schema"
check "$url"

#!/usr/bin/env bash
# run-integration.sh PGDIR SCRIPT: runs one tests/integration/*.sh with the env contract of
# docs/TEAM-NOTES.md.  ctest sets SD_BIN and SD_SRC; this adds SD_SHARED, SD_PG_URL and a
# fresh SD_TMP (kept after the run for inspection; wiped at the next run).
set -euo pipefail
pgdir=$1; script=$2
: "${SD_BIN:?}" "${SD_SRC:?}" "${SD_TMP_ROOT:?}"
name=$(basename "$script" .sh)
if [ -d "$SD_SRC/../shared" ]; then
    SD_SHARED=$(cd "$SD_SRC/../shared" && pwd)
else
    SD_SHARED=
fi
SD_PG_URL=$("$SD_SRC/tests/harness/pg.sh" url "$pgdir")
SD_TMP=$SD_TMP_ROOT/$name
rm -rf "$SD_TMP"
mkdir -p "$SD_TMP"
export SD_BIN SD_SRC SD_SHARED SD_PG_URL SD_TMP
cd "$SD_TMP"
exec bash "$script"

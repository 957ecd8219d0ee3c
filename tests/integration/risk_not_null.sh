#!/usr/bin/env bash
# risk_not_null: the risk stage's findings and exact row counts for tests/integration/risk/not_null/
# (before.sql loaded into a fresh database, diffed against after.sql, measured).
source "$SD_SRC/tests/integration/risk/lib.sh"
check_case not_null

#!/usr/bin/env bash
# risk_unique: the risk stage's findings and exact row counts for tests/integration/risk/unique/
# (before.sql loaded into a fresh database, diffed against after.sql, measured).
source "$SD_SRC/tests/integration/risk/lib.sh"
check_case unique

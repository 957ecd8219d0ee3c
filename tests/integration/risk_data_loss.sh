#!/usr/bin/env bash
# risk_data_loss: the risk stage's findings and exact row counts for tests/integration/risk/data_loss/
# (before.sql loaded into a fresh database, diffed against after.sql, measured).
source "$SD_SRC/tests/integration/risk/lib.sh"
check_case data_loss

#!/usr/bin/env bash
# ctest-labels: long
# risk_corpus: no surprises on real histories.  For every consecutive pair k, k+1 of
# every history in $SD_SHARED/corpus/real, the database after k migrations is filled
# with rows that satisfy its constraints (tests/riskcheck/fill.c), `schemadiff diff
# --format json DB DIR@k+1` runs, every measured count is checked with the test's own
# query, and the printed statements are applied to the filled database one by one (in
# a transaction rolled back): each statement that fails on the rows must have been
# flagged (a finding whose class explains the SQLSTATE, rows > 0).  Pairs whose
# migration cannot fail on rows (no risky ALTER TABLE or unique index on an existing
# table) are counted and skipped.  A statement that fails again on emptied tables is
# a diff error (counted, not a mismatch: convergence tests own those).
#   SD_RISK_SAMPLE=N  check every Nth pair (scripts/test.sh sets it for the ASan build)
#   SD_RISK_ALL=1     check every pair, filling every table
# Details of every failure: $SD_TMP/risk_corpus.log.
set -euo pipefail
[ -n "$SD_SHARED" ] || { echo "skip: SD_SHARED is empty (no corpus)"; exit 77; }
tool=${SD_TOOLS:-$(dirname "$SD_BIN")/tests}/sd_riskcheck
[ -x "$tool" ] || { echo "FAIL: $tool not built" >&2; exit 1; }
repos=("$SD_SHARED"/corpus/real/*/)
[ "${#repos[@]}" -gt 0 ] || { echo "FAIL: no histories under $SD_SHARED/corpus/real" >&2; exit 1; }
SD_RISK_LOG=$SD_TMP/risk_corpus.log "$tool" corpus "${repos[@]%/}"

#!/usr/bin/env bash
# converge_corpus_1: share 1 of 2 of the corpus convergence check (converge/run.sh):
# every migration step of every corpus repository, diffed forwards (from the database
# and from the replayed migrations) and backwards, applied and compared.
# ctest-labels: long
exec bash "$(dirname "$0")/converge/run.sh" 1/2

#!/usr/bin/env bash
# converge_corpus_1: share 1 of 2 of the corpus convergence check (converge/run.sh).
exec bash "$(dirname "$0")/converge/run.sh" 1/2

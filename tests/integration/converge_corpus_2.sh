#!/usr/bin/env bash
# converge_corpus_2: share 2 of 2 of the corpus convergence check (converge/run.sh).
exec bash "$(dirname "$0")/converge/run.sh" 2/2

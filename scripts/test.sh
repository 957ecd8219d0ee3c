#!/usr/bin/env bash
# test.sh: everything CI checks, on this machine.  Runs setup.sh (packages, normal build),
# then ctest in the normal build and in an ASan+UBSan build (separate dir).  Both run even
# when the first fails; exits non-zero if anything failed.
#   SD_BUILD_DIR (default build), SD_ASAN_BUILD_DIR (default build-asan): build dirs
#   SD_TEST_ARGS: extra ctest arguments for both runs, e.g. "-R integration/"
#   SD_ASAN_TEST_ARGS: extra ctest arguments for the sanitizer run; default "-LE slow":
#     tests marked `# ctest-labels: slow` (long corpus sweeps) run only in the normal
#     build, to keep CI well under 30 minutes on 2 cores.  SD_ASAN_TEST_ARGS= runs all.
#   SD_ASAN_RISK_SAMPLE (default 8): risk_corpus checks every Nth migration pair in the
#     sanitizer run (SD_RISK_SAMPLE); the normal run checks every pair.
#   SD_ASAN_CORPUS_SAMPLE (default 10): converge_corpus_* check one migration step in N in
#     the sanitizer run (SD_CORPUS_SAMPLE); the normal run checks every step.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${SD_BUILD_DIR:-build}
asan=${SD_ASAN_BUILD_DIR:-build-asan}
t0=$SECONDS
status=0
summary=()

step() { # step NAME COMMAND...: runs, times and records one step
    local name=$1 s=$SECONDS; shift
    echo "=== $name"
    if "$@"; then summary+=("ok    $name ($((SECONDS - s)) s)")
    else summary+=("FAIL  $name ($((SECONDS - s)) s)"); status=1; fi
}

run_ctest() { # run_ctest DIR [ARGS...]
    local dir=$1; shift
    (cd "$dir" && ctest --output-on-failure -j2 ${SD_TEST_ARGS:-} "$@")
}

# Sanitizer runtime settings (also seen by the integration tests' schemadiff runs).
# Leak checking is off: all memory comes from one arena that is freed at exit.
# exitcode=86 keeps a sanitizer report apart from our own exit statuses 0, 1, 2.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:exitcode=86:strict_string_checks=1:detect_stack_use_after_return=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:exitcode=86}

step "setup + build ($build)" env SD_BUILD_DIR="$build" scripts/setup.sh
[ $status = 0 ] && step "ctest ($build)" run_ctest "$build"
step "configure ($asan, ASan+UBSan)" cmake -S . -B "$asan" -DSD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
step "build ($asan)" cmake --build "$asan" -j2
SD_RISK_SAMPLE=${SD_ASAN_RISK_SAMPLE:-8} SD_CORPUS_SAMPLE=${SD_ASAN_CORPUS_SAMPLE:-10} step "ctest ($asan)" run_ctest "$asan" ${SD_ASAN_TEST_ARGS--LE slow}

echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "total: $((SECONDS - t0)) s"
exit $status

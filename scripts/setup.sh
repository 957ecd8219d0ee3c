#!/usr/bin/env bash
# setup.sh: prepares a Debian 12 machine and builds schemadiff.  Idempotent: installs only
# the packages that are missing (apt-get update first when it must install), then
# configures and builds into $SD_BUILD_DIR (default: build).  Root or sudo.
#   scripts/setup.sh            packages + build
#   scripts/setup.sh --deps     packages only
set -euo pipefail
cd "$(dirname "$0")/.."

# Why each is needed: docs/dependencies.md.
PACKAGES=(
    build-essential cmake pkg-config
    libpg-query-dev libprotobuf-c-dev libpcre2-dev libpq-dev libcjson-dev libcmocka-dev
    postgresql postgresql-contrib   # server binaries for the test harness; psql
    python3 time                    # bench/gen_schema.py; /usr/bin/time -v in bench/run.sh
    jq                              # tests read --format json output
    bc                              # bench/introspect.sh arithmetic
)

sudo_() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else echo "setup.sh: need root or sudo to install: ${missing[*]}" >&2; exit 1
    fi
}

missing=()
for p in "${PACKAGES[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = installed ] || missing+=("$p")
done

apt_install() {
    sudo_ env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        -o Dpkg::Options::=--force-confold "$@" >/dev/null
}

if [ ${#missing[@]} -gt 0 ]; then
    echo "setup.sh: installing ${missing[*]}"
    sudo_ apt-get update -qq
    # The tests start their own throwaway servers: keep Debian from creating and starting
    # its default cluster (the same step as the official postgres Docker image).
    if [[ " ${missing[*]} " == *" postgresql "* ]]; then
        apt_install postgresql-common
        sudo_ sed -ri 's/^#?\s*(create_main_cluster)\s*=.*$/\1 = false/' \
            /etc/postgresql-common/createcluster.conf
    fi
    apt_install "${missing[@]}"
else
    echo "setup.sh: all packages present"
fi

[ "${1:-}" = --deps ] && exit 0

build=${SD_BUILD_DIR:-build}
cmake -S . -B "$build" ${SD_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j2
echo "setup.sh: built $build/schemadiff"

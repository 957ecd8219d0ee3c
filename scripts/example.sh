#!/usr/bin/env bash
# example.sh: sets up and builds schemadiff, then prints the SQL that creates the bundled
# example schema from nothing:  schemadiff diff empty fixtures/example/schema.prisma
set -euo pipefail
cd "$(dirname "$0")/.."
build=${SD_BUILD_DIR:-build}
SD_BUILD_DIR=$build scripts/setup.sh >&2
echo "\$ schemadiff diff empty fixtures/example/schema.prisma" >&2
exec "$build/schemadiff" diff empty fixtures/example/schema.prisma

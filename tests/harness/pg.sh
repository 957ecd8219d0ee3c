#!/usr/bin/env bash
# pg.sh: a throwaway PostgreSQL server for the tests (never the machine's default cluster).
#   pg.sh start DIR   initdb + start; prints the URL.  If DIR's server is already running
#                     (another ctest run in the same build dir), it is shared: starts and
#                     stops are counted in DIR/refs.  A dead server is cleaned up first.
#   pg.sh url DIR     prints the URL (superuser `postgres`, Unix socket, no TCP)
#   pg.sh stop DIR    drops one reference; the last one stops the server and deletes its data
# The cluster itself lives in a short private directory under /tmp (recorded in
# DIR/cluster): Unix socket paths are limited to ~107 bytes, and when run as root the
# server runs as user `postgres`, which may not be able to enter DIR (e.g. under /root).
set -euo pipefail

die() { echo "pg.sh: $*" >&2; exit 2; }
cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: pg.sh start|url|stop DIR"

find_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] ||
        die "PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin (run scripts/setup.sh)"
    echo "$d"
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cluster_of() { [ -f "$dir/cluster" ] && cat "$dir/cluster" || true; }

url_of() { echo "postgresql://postgres@/postgres?host=$1/sock"; }

do_stop() {
    local c; c=$(cluster_of)
    [ -n "$c" ] || return 0
    if [ -f "$c/data/postmaster.pid" ]; then
        as_owner "$(find_bindir)/pg_ctl" -D "$c/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
    case $c in /tmp/sd-pg.*) rm -rf "$c" ;; esac
    rm -f "$dir/cluster"
}

do_start() {
    local bindir c
    bindir=$(find_bindir)
    mkdir -p "$dir"
    do_stop
    c=$(mktemp -d /tmp/sd-pg.XXXXXX)
    mkdir -p "$c/sock"
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || die "user postgres does not exist (install postgresql)"
        chown -R postgres "$c"
    fi
    echo "$c" >"$dir/cluster"
    as_owner "$bindir/initdb" -D "$c/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
        >"$c/initdb.log" 2>&1 || { cat "$c/initdb.log" >&2; die "initdb failed"; }
    # 9>&-: the server must not inherit the lock
    as_owner "$bindir/pg_ctl" -D "$c/data" -l "$c/server.log" -w -t 60 -o \
        "-c listen_addresses='' -k $c/sock -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60" \
        start >/dev/null 9>&- || { tail -20 "$c/server.log" >&2; die "server did not start"; }
    url_of "$c"
}

running() {
    local c; c=$(cluster_of)
    [ -n "$c" ] && [ -S "$c/sock/.s.PGSQL.5432" ] &&
        as_owner "$(find_bindir)/pg_ctl" -D "$c/data" status >/dev/null 2>&1
}

refs() { [ -f "$dir/refs" ] && cat "$dir/refs" || echo 0; }

locked() { # runs "$@" holding DIR/lock
    mkdir -p "$dir"
    exec 9>"$dir/lock"
    flock -w 120 9 || die "cannot lock $dir/lock"
    "$@"
}

start_shared() {
    if running; then
        echo $(($(refs) + 1)) >"$dir/refs"
        url_of "$(cluster_of)"
    else
        do_start
        echo 1 >"$dir/refs"
    fi
}

stop_shared() {
    local n; n=$(($(refs) - 1))
    if [ "$n" -gt 0 ] && running; then
        echo "$n" >"$dir/refs"
    else
        do_stop
        rm -f "$dir/refs"
    fi
}

case $cmd in
start) locked start_shared ;;
url)
    c=$(cluster_of)
    [ -n "$c" ] && [ -S "$c/sock/.s.PGSQL.5432" ] || die "no server running for $dir (pg.sh start $dir)"
    url_of "$c" ;;
stop) locked stop_shared ;;
*) die "usage: pg.sh start|url|stop DIR" ;;
esac

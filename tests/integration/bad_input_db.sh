#!/usr/bin/env bash
# bad_input_db: every way a database source can fail ends in a clear message naming
# the URL (password masked, never printed) and exit status 2, never a crash:
# unreachable server, wrong password (own cluster with scram auth), missing database,
# malformed URL, statement timeout, and the server dropping the connection while
# introspection is under way.
set -euo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_error LABEL PATTERN URL [ARGS...]: dump exits 2 and stderr matches PATTERN
expect_error() {
    local label=$1 pattern=$2; shift 2
    local st=0
    "$SD_BIN" dump "$@" >"$SD_TMP/$label.out" 2>"$SD_TMP/$label.err" || st=$?
    [ "$st" = 2 ] || fail "$label: exit $st, want 2; stderr: $(head -3 "$SD_TMP/$label.err")"
    grep -qE -- "$pattern" "$SD_TMP/$label.err" || fail "$label: stderr does not match /$pattern/: $(cat "$SD_TMP/$label.err")"
    grep -q ': error: ' "$SD_TMP/$label.err" || fail "$label: no located error line: $(cat "$SD_TMP/$label.err")"
    [ ! -s "$SD_TMP/$label.out" ] || fail "$label: printed a dump on failure"
}

# ---- unreachable servers ----
expect_error no_socket '^postgresql://postgres@/postgres\?host=.*/nosock: error: cannot connect to the database$' \
    "postgresql://postgres@/postgres?host=$SD_TMP/nosock"
grep -q '^detail: .*No such file or directory' "$SD_TMP/no_socket.err" || fail "no_socket: libpq's reason missing"
expect_error no_tcp 'postgresql://alice:\*\*\*\*@127\.0\.0\.1:1/db\?connect_timeout=3: error: cannot connect' \
    "postgresql://alice:tcp-secret@127.0.0.1:1/db?connect_timeout=3"
! grep -q 'tcp-secret' "$SD_TMP/no_tcp.err" || fail "no_tcp: the password was printed"

# ---- a database that does not exist; a malformed URL ----
expect_error no_db 'database "sd_no_such_db_[0-9]+" does not exist' "${SD_PG_URL/\/postgres\?//sd_no_such_db_$$?}"
expect_error bad_port 'error: cannot connect' 'postgresql://bob:pw%2@localhost:notaport/db'
! grep -q 'pw%2' "$SD_TMP/bad_port.err" || fail "bad_port: the password was printed"

# ---- wrong password: a cluster of our own with scram-sha-256 ----
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || fail "no PostgreSQL server binaries"
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cl=$(mktemp -d /tmp/sd_bad_db.XXXXXX) # short and reachable by user postgres (socket path limit)
stop_cluster() { as_owner "$bindir/pg_ctl" -D "$cl/data" -m immediate -w stop >/dev/null 2>&1 || true; rm -rf "$cl"; }
lockers=()
cleanup() {
    for p in "${lockers[@]}"; do kill "$p" 2>/dev/null || true; done
    psql "$SD_PG_URL" -X -q -c "drop database if exists \"$db\" with (force)" >/dev/null 2>&1 || true
    stop_cluster
}
db="bad_input_db_$$"
trap cleanup EXIT
echo 'right horse battery' >"$cl/pw"
[ "$(id -u)" = 0 ] && chown -R postgres "$cl"
as_owner "$bindir/initdb" -D "$cl/data" -U postgres --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
    --pwfile="$cl/pw" -E UTF8 --locale=C.UTF-8 >"$cl/initdb.log" 2>&1 || fail "initdb: $(tail -3 "$cl/initdb.log")"
as_owner "$bindir/pg_ctl" -D "$cl/data" -l "$cl/server.log" -w -t 60 \
    -o "-c listen_addresses='' -k $cl -c fsync=off" start >/dev/null || fail "pg_ctl start: $(tail -3 "$cl/server.log")"
expect_error wrong_password '^postgresql://postgres:\*\*\*\*@/postgres\?host=/tmp/sd_bad_db\.[A-Za-z0-9]+: error: cannot connect' \
    "postgresql://postgres:wrong%20horse@/postgres?host=$cl"
grep -q 'password authentication failed for user "postgres"' "$SD_TMP/wrong_password.err" ||
    fail "wrong_password: libpq's reason missing: $(cat "$SD_TMP/wrong_password.err")"
expect_error wrong_password_param 'host=/tmp/sd_bad_db\.[A-Za-z0-9]+&password=\*\*\*\*: error: cannot connect' \
    "postgresql://postgres@/postgres?host=$cl&password=wrong-horse"
grep -q 'horse' "$SD_TMP"/wrong_password*.err && fail "a password was printed: $(cat "$SD_TMP"/wrong_password*.err)"
# the right password (in the URL, then from PGPASSWORD) does connect: the failures above were the password's
"$SD_BIN" dump "postgresql://postgres:right%20horse%20battery@/postgres?host=$cl" >"$SD_TMP/right.out" ||
    fail "the right password in the URL failed"
grep -qx 'schema public' "$SD_TMP/right.out" || fail "dump with the right password printed no schema"
PGPASSWORD='right horse battery' "$SD_BIN" dump "postgresql://postgres@/postgres?host=$cl" >/dev/null ||
    fail "PGPASSWORD was not used"
stop_cluster

# ---- the server goes away or times out while introspection waits on a lock ----
psql "$SD_PG_URL" -X -q -v ON_ERROR_STOP=1 -c "create database \"$db\"" >/dev/null
url=${SD_PG_URL/\/postgres\?//$db?}
psql "$url" -X -q -v ON_ERROR_STOP=1 -c "create table t (id int primary key); create view v as select id from t" >/dev/null
# lock_view: a session that holds ACCESS EXCLUSIVE on v (pg_get_viewdef must wait for it)
lock_view() {
    psql "$url" -X -q -c "begin; lock table v in access exclusive mode; select pg_sleep(120)" >/dev/null 2>&1 &
    lockers+=($!)
    for _ in $(seq 50); do
        [ "$(psql "$url" -X -At -c "select count(*) from pg_locks where relation = 'v'::regclass and mode = 'AccessExclusiveLock' and granted")" = 1 ] && return 0
        sleep 0.1
    done
    fail "the locking session did not get its lock"
}
lock_view
expect_error timeout 'error: introspection failed while reading' "$url&options=-c%20statement_timeout%3D500"
grep -q 'canceling statement due to statement timeout' "$SD_TMP/timeout.err" || fail "timeout: $(cat "$SD_TMP/timeout.err")"

# terminate the introspecting backend from another session while it waits
"$SD_BIN" dump "$url" >"$SD_TMP/killed.out" 2>"$SD_TMP/killed.err" &
sd_pid=$!
killed=
for _ in $(seq 100); do
    killed=$(psql "$url" -X -At -c "select pg_terminate_backend(pid) from pg_stat_activity
        where application_name = 'schemadiff' and wait_event_type = 'Lock'")
    [ -n "$killed" ] && break
    sleep 0.1
done
[ "$killed" = t ] || fail "no waiting schemadiff backend to terminate"
st=0; wait "$sd_pid" || st=$?
[ "$st" = 2 ] || fail "terminated connection: exit $st, want 2: $(cat "$SD_TMP/killed.err")"
grep -q 'error: lost the connection to the database while reading' "$SD_TMP/killed.err" ||
    fail "terminated connection: $(cat "$SD_TMP/killed.err")"
grep -q '^detail: .*terminating connection due to administrator command' "$SD_TMP/killed.err" ||
    fail "terminated connection: libpq's reason missing: $(cat "$SD_TMP/killed.err")"
[ ! -s "$SD_TMP/killed.out" ] || fail "terminated connection: printed a dump"
echo "bad_input_db: ok (unreachable, missing database, malformed URL, wrong password, timeout, terminated)"

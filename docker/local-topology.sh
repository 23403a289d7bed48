#!/usr/bin/env bash
# docker/compose.yaml's topology as local processes on 127.0.0.1, for machines without a Docker engine (CI):
# PostgreSQL, Redis, two `phd serve` replicas on the one database and nginx in front, with the same nginx template
# and the same serve flags.
#
#   docker/local-topology.sh start    start everything, wait until nginx answers /readyz
#   docker/local-topology.sh stop     stop what start started (each process by the id it recorded)
#   docker/local-topology.sh check    start, run the end-to-end checks through nginx, stop; exit 1 on a failure
#
# Needs redis-server, nginx and PostgreSQL (Debian: apt-get install redis-server nginx-light postgresql; its
# binaries are found under /usr/lib/postgresql/*/bin or PG_BIN) and a built phd (dotnet build src/PhdResolver.Cli
# -c Release, or PHD_DLL=path/to/phd.dll). Ports: NGINX_PORT (18080), PHD1_PORT (18081), PHD2_PORT (18082),
# REDIS_PORT (16379), PG_PORT (15432); state and logs in PHD_TOPOLOGY_DIR (a fresh database each start).
#
# Kept in step with compose.yaml by tests/PhdResolver.Web.Tests/Operations/DockerTopologyTests.cs: it compares
# SERVICES with compose.yaml's services and the flags of PHD_COMMAND and REDIS_COMMAND with the compose commands.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DIR=${PHD_TOPOLOGY_DIR:-${TMPDIR:-/tmp}/phd-topology}
PHD_DLL=${PHD_DLL:-$ROOT/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll}
NGINX_PORT=${NGINX_PORT:-18080}
PHD1_PORT=${PHD1_PORT:-18081}
PHD2_PORT=${PHD2_PORT:-18082}
REDIS_PORT=${REDIS_PORT:-16379}
PG_PORT=${PG_PORT:-15432}
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
PG_PASSWORD=${PG_PASSWORD:-topology-$$}
DATABASE="postgres://phd:$PG_PASSWORD@127.0.0.1:$PG_PORT/phd"

# The services of compose.yaml that run here.
SERVICES=(proxy phd1 phd2 postgres redis)

# `phd serve` of replica $1 listening on port $2: compose.yaml's command with local addresses.
phd_command() {
  PHD_COMMAND=(serve --data "$DIR/$1-data" --urls "http://127.0.0.1:$2" --base-uri "http://127.0.0.1:$NGINX_PORT/" --database "$DATABASE" --redis "127.0.0.1:$REDIS_PORT" --known-proxy 127.0.0.1 --no-demo --json-logs)
}

REDIS_COMMAND=(redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --maxmemory 256mb --maxmemory-policy volatile-lru)

say() { echo "topology: $*" >&2; }

# PostgreSQL refuses to run as root: there, its tools run as the postgres account (setpriv execs, so the recorded
# process id is the server's own).
PG_RUN=()
[ "$(id -u)" = 0 ] && PG_RUN=(setpriv --reuid=postgres --regid=postgres --init-groups --)
as_pg() { "${PG_RUN[@]}" "$@"; }

# A fresh cluster with password authentication over TCP, user and database "phd" (compose's POSTGRES_USER/DB).
init_postgres() {
  rm -rf "$DIR/pg"; mkdir -p "$DIR/pg"
  printf '%s\n' "$PG_PASSWORD" >"$DIR/pg/pw"
  [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$DIR/pg"
  as_pg "$PG_BIN/initdb" -D "$DIR/pg/data" -U phd --pwfile "$DIR/pg/pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$DIR/pg/initdb.log" 2>&1
  rm -f "$DIR/pg/pw"
}

# Waits until URL answers 200 (at most $2 seconds).
wait_for() {
  local url=$1 limit=$2 i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt $((limit * 5)) ]; then say "$url did not answer within ${limit} s"; return 1; fi
    sleep 0.2
  done
}

start_one() { # name, command...
  local name=$1; shift
  mkdir -p "$DIR"
  "$@" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

# nginx.conf in $DIR/nginx for the template with replicas $1 and $2 (HOST:PORT; bench/replicas points both at one).
write_nginx_conf() {
  mkdir -p "$DIR/nginx"
  sed -e "s|\${PHD_REPLICA_1}|$1|" -e "s|\${PHD_REPLICA_2}|$2|" -e "s|\${NGINX_PORT}|127.0.0.1:$NGINX_PORT|" \
    "$ROOT/docker/nginx/default.conf.template" >"$DIR/nginx/default.conf"
  cat >"$DIR/nginx/nginx.conf" <<CONF
daemon off;
# As in the nginx image compose.yaml runs (its nginx.conf says auto: one worker per core).
worker_processes ${NGINX_WORKERS:-auto};
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $DIR/nginx/body;
    proxy_temp_path $DIR/nginx/proxy;
    fastcgi_temp_path $DIR/nginx/fastcgi;
    uwsgi_temp_path $DIR/nginx/uwsgi;
    scgi_temp_path $DIR/nginx/scgi;
    include $DIR/nginx/default.conf;
}
CONF
}

# A fresh PostgreSQL cluster on PG_PORT with the database "phd"; returns once it accepts connections.
start_postgres() {
  [ -x "$PG_BIN/initdb" ] || { say "PostgreSQL is missing (apt-get install postgresql, or PG_BIN=.../bin)"; exit 1; }
  init_postgres
  start_one postgres "${PG_RUN[@]}" "$PG_BIN/postgres" -D "$DIR/pg/data" -k "$DIR/pg" -p "$PG_PORT" -c listen_addresses=127.0.0.1
  local i=0
  until as_pg "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q; do
    i=$((i + 1)); [ "$i" -gt 150 ] && { say "PostgreSQL did not start (see $DIR/postgres.log)"; exit 1; }; sleep 0.2
  done
  as_pg "$PG_BIN/createdb" -h "$DIR/pg" -p "$PG_PORT" -U phd phd
}

# Replica $1 on port $2 (PHD_COMMAND), started through the launcher words after them if any (bench/replicas: taskset).
start_replica() {
  local name=$1 port=$2; shift 2
  phd_command "$name" "$port"; start_one "$name" "$@" dotnet "$PHD_DLL" "${PHD_COMMAND[@]}"
}

# nginx on NGINX_PORT with the nginx.conf of write_nginx_conf, started through the launcher words given, if any.
start_proxy() {
  start_one proxy "$@" nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
  wait_for "http://127.0.0.1:$NGINX_PORT/readyz" 30
}

start() {
  for tool in redis-server nginx curl dotnet; do
    command -v "$tool" >/dev/null || { say "$tool is missing"; exit 1; }
  done
  [ -f "$PHD_DLL" ] || { say "$PHD_DLL is missing (dotnet build src/PhdResolver.Cli -c Release)"; exit 1; }
  start_one redis "${REDIS_COMMAND[@]}"
  start_postgres
  start_replica phd1 "$PHD1_PORT"
  # The first replica creates the schema; the second starts once it is ready (compose: depends_on phd1).
  wait_for "http://127.0.0.1:$PHD1_PORT/readyz" 120
  start_replica phd2 "$PHD2_PORT"
  write_nginx_conf "127.0.0.1:$PHD1_PORT" "127.0.0.1:$PHD2_PORT"
  wait_for "http://127.0.0.1:$PHD2_PORT/readyz" 120
  start_proxy
  say "up: nginx http://127.0.0.1:$NGINX_PORT/ -> phd1 :$PHD1_PORT, phd2 :$PHD2_PORT; redis :$REDIS_PORT; logs in $DIR"
}

stop() {
  for name in "${SERVICES[@]}"; do
    local f="$DIR/$name.pid"
    [ -f "$f" ] || continue
    local pid; pid=$(cat "$f")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

failures=0
expect() { # description, expected, actual
  if [ "$2" = "$3" ]; then say "ok: $1"; else say "FAILED: $1 (expected $2, got $3)"; failures=$((failures + 1)); fi
}

status_of() { curl -s -o /dev/null -w '%{http_code}' "$@"; }

check() {
  trap stop EXIT
  start
  local base="http://127.0.0.1:$NGINX_PORT"
  expect "/healthz through nginx" 200 "$(status_of "$base/healthz")"
  expect "/readyz through nginx" 200 "$(status_of "$base/readyz")"
  expect "/metrics is not public" 404 "$(status_of "$base/metrics")"
  expect "/metrics on a replica" 200 "$(status_of "http://127.0.0.1:$PHD1_PORT/metrics")"
  expect "a page through nginx" 200 "$(status_of "$base/ontology")"
  # Cached by whichever replica answered first, then served from Redis by both (the Age header marks a cached answer).
  # The output cache may store the page after the client has its last byte, so wait for the first cached answer.
  for _ in $(seq 25); do curl -s -D - -o /dev/null "$base/ontology" | grep -qi '^age:' && break; sleep 0.2; done
  local cached=0
  for _ in 1 2 3 4; do
    curl -s -D - -o /dev/null "$base/ontology" | grep -qi '^age:' && cached=$((cached + 1))
  done
  expect "the page comes from the shared cache on both replicas" 4 "$cached"
  # A write on one replica is seen by the other through the database's change log.
  local secret
  secret=$(dotnet "$PHD_DLL" token create --admin --data "$DIR/phd1-data" 2>/dev/null | head -1)
  expect "a facility registered on phd1" 201 "$(status_of -X POST -H "Authorization: Bearer $secret" -H 'Content-Type: application/json' \
    --data '{"rrid":"RRID:SCR_017406","name":"Topology Facility"}' "http://127.0.0.1:$PHD1_PORT/api/facilities")"
  local seen=0
  for _ in $(seq 50); do
    [ "$(status_of "http://127.0.0.1:$PHD2_PORT/RRID:SCR_017406")" = 200 ] && { seen=1; break; }
    sleep 0.1
  done
  expect "phd2 serves the facility phd1 registered (within 5 s)" 1 "$seen"
  # A replica dies: nginx retries idempotent requests on the other one, so no request fails.
  kill -9 "$(cat "$DIR/phd1.pid")"
  local ok=0
  for _ in $(seq 20); do [ "$(status_of "$base/ontology?format=ttl")" = 200 ] && ok=$((ok + 1)); done
  expect "20 requests after kill -9 of one replica" 20 "$ok"
  if [ "$failures" -gt 0 ]; then say "$failures check(s) failed"; exit 1; fi
  say "all checks passed"
}

# Sourced (bench/replicas): the functions only.
[ "${BASH_SOURCE[0]}" = "$0" ] || return 0

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  check) check ;;
  *) echo "usage: $0 start|stop|check" >&2; exit 2 ;;
esac

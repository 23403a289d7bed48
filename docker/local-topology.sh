#!/usr/bin/env bash
# docker/compose.yaml's topology as local processes on 127.0.0.1, for machines without a Docker engine (CI):
# Redis, two `phd serve` replicas and nginx in front, with the same nginx template and the same serve flags.
#
#   docker/local-topology.sh start    start everything, wait until nginx answers /readyz
#   docker/local-topology.sh stop     stop what start started (each process by the id it recorded)
#   docker/local-topology.sh check    start, run the end-to-end checks through nginx, stop; exit 1 on a failure
#
# Needs redis-server and nginx (Debian: apt-get install redis-server nginx-light) and a built phd
# (dotnet build src/PhdResolver.Cli -c Release, or PHD_DLL=path/to/phd.dll). Ports: NGINX_PORT (18080),
# PHD1_PORT (18081), PHD2_PORT (18082), REDIS_PORT (16379); state and logs in PHD_TOPOLOGY_DIR.
#
# Kept in step with compose.yaml by tests/PhdResolver.Web.Tests/Operations/DockerTopologyTests.cs: it compares
# SERVICES with compose.yaml's services and the flags of PHD_COMMAND and REDIS_COMMAND with the compose commands.
# Not here yet: PostgreSQL (compose's `postgres` service and the replicas' --database flag come with the
# PostgreSQL backend; until then each replica has its own embedded store, see docker/README.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${PHD_TOPOLOGY_DIR:-${TMPDIR:-/tmp}/phd-topology}
PHD_DLL=${PHD_DLL:-$ROOT/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll}
NGINX_PORT=${NGINX_PORT:-18080}
PHD1_PORT=${PHD1_PORT:-18081}
PHD2_PORT=${PHD2_PORT:-18082}
REDIS_PORT=${REDIS_PORT:-16379}

# The services of compose.yaml that run here.
SERVICES=(proxy phd1 phd2 redis)

# `phd serve` of replica $1 listening on port $2: compose.yaml's command with local addresses.
phd_command() {
  PHD_COMMAND=(serve --data "$DIR/$1-data" --urls "http://127.0.0.1:$2" --base-uri "http://127.0.0.1:$NGINX_PORT/" --redis "127.0.0.1:$REDIS_PORT" --known-proxy 127.0.0.1 --no-demo --json-logs)
}

REDIS_COMMAND=(redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --maxmemory 256mb --maxmemory-policy volatile-lru)

say() { echo "topology: $*" >&2; }

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
  "$@" >"$DIR/$name.log" 2>&1 &
  echo $! >"$DIR/$name.pid"
}

start() {
  for tool in redis-server nginx curl dotnet; do
    command -v "$tool" >/dev/null || { say "$tool is missing"; exit 1; }
  done
  [ -f "$PHD_DLL" ] || { say "$PHD_DLL is missing (dotnet build src/PhdResolver.Cli -c Release)"; exit 1; }
  mkdir -p "$DIR/nginx"
  start_one redis "${REDIS_COMMAND[@]}"
  phd_command phd1 "$PHD1_PORT"; start_one phd1 dotnet "$PHD_DLL" "${PHD_COMMAND[@]}"
  phd_command phd2 "$PHD2_PORT"; start_one phd2 dotnet "$PHD_DLL" "${PHD_COMMAND[@]}"
  sed -e "s|\${PHD_REPLICA_1}|127.0.0.1:$PHD1_PORT|" -e "s|\${PHD_REPLICA_2}|127.0.0.1:$PHD2_PORT|" -e "s|\${NGINX_PORT}|127.0.0.1:$NGINX_PORT|" \
    "$ROOT/docker/nginx/default.conf.template" >"$DIR/nginx/default.conf"
  cat >"$DIR/nginx/nginx.conf" <<CONF
daemon off;
worker_processes 1;
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
  wait_for "http://127.0.0.1:$PHD1_PORT/readyz" 120
  wait_for "http://127.0.0.1:$PHD2_PORT/readyz" 120
  start_one proxy nginx -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf"
  wait_for "http://127.0.0.1:$NGINX_PORT/readyz" 30
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
  local cached=0
  for _ in 1 2 3 4; do
    curl -s -D - -o /dev/null "$base/ontology" | grep -qi '^age:' && cached=$((cached + 1))
  done
  expect "the page comes from the shared cache on both replicas" 4 "$cached"
  # A replica dies: nginx retries idempotent requests on the other one, so no request fails.
  kill -9 "$(cat "$DIR/phd1.pid")"
  local ok=0
  for _ in $(seq 20); do [ "$(status_of "$base/ontology?format=ttl")" = 200 ] && ok=$((ok + 1)); done
  expect "20 requests after kill -9 of one replica" 20 "$ok"
  if [ "$failures" -gt 0 ]; then say "$failures check(s) failed"; exit 1; fi
  say "all checks passed"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  check) check ;;
  *) echo "usage: $0 start|stop|check" >&2; exit 2 ;;
esac

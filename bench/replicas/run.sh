#!/usr/bin/env bash
# Issue 16's replica bars, in one run on local processes (docker/local-topology.sh's topology: PostgreSQL, Redis,
# `phd serve` replicas, nginx with docker/nginx/default.conf.template). Not run by CI. Prints a Markdown table.
#
#   bench/replicas/run.sh [SECONDS=5] [ROUNDS=4]
#
# 1. throughput: the uncached landing page (?nocache=1) through nginx, one replica vs two, the two setups in turn
#    in every round (which goes first alternates), for two pages: THROUGHPUT_PAGE (default the demo instrument
#    model's page, the lightest landing page) and the configuration version's page (the heaviest).
#    Placement (taskset): replica phd1 on core 1; replica phd2 on core 0; nginx, wrk, Redis and PostgreSQL on core 0.
#    "one" is nginx with both upstream slots on phd1 (the same template and settings), "two" is phd1 + phd2.
#    The replicas' CPU time is read from /proc during each wrk run, so the table also gives requests per
#    replica-CPU-second: equal for one and two means nothing shared between replicas is in the way.
# 2. cache: the output-cached configuration version page, phd1 (--redis, the shared cache) vs phd3 (the same
#    build and database without --redis: the in-process cache), each asked directly, in turn, both on core 1.
# 3. replica death, KILL_ROUNDS (2) pairs of cycles: in each cycle one wrk runs through nginx (two replicas) on the
#    uncached version page; phd2 is killed with kill -9 after KILL_SECONDS (5); a facility is registered on phd1
#    while phd2 is down; phd2 is started again under the same load, once cold (--no-warmup) and once warm (the
#    default: it renders its pages in memory before it listens) in every pair, the order alternating; it must
#    answer /readyz 200, serve that facility and take requests from nginx again. Counts wrk's failures (non-2xx/3xx
#    and socket errors). From here on nginx logs every request (finish time, upstream, upstream and total time):
#    the rejoin window is REJOIN_SECONDS (10) from the moment phd2 accepts connections, and the table gives phd2's
#    first answers through nginx and the p99 of all requests in that window.
#    SKIP_THROUGHPUT=1 runs this part alone.
#
# Needs wrk, nginx, redis-server, PostgreSQL (see docker/local-topology.sh), taskset, python3, the .NET SDK.
# Ports: NGINX_PORT (18180; "one" on NGINX_PORT+10), PHD1_PORT..PHD3 (18181-18183), REDIS_PORT (16479),
# PG_PORT (15532). State and logs in PHD_TOPOLOGY_DIR (default $TMPDIR/phd-bench-replicas, fresh every run).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
dur=${1:-5}; rounds=${2:-4}
conns=${CONNS:-32}; kill_secs=${KILL_SECONDS:-5}
export PHD_TOPOLOGY_DIR=${PHD_TOPOLOGY_DIR:-${TMPDIR:-/tmp}/phd-bench-replicas}
export NGINX_PORT=${NGINX_PORT:-18180} PHD1_PORT=${PHD1_PORT:-18181} PHD2_PORT=${PHD2_PORT:-18182} REDIS_PORT=${REDIS_PORT:-16479} PG_PORT=${PG_PORT:-15532}
PHD3_PORT=${PHD3_PORT:-18183}; ONE_PORT=$((NGINX_PORT + 10)); SEED_PORT=$((PHD3_PORT + 1))
# shellcheck source=../../docker/local-topology.sh
source "$root/docker/local-topology.sh"   # functions and settings only when sourced
INFRA=(taskset -c 0); R1=(taskset -c 1); R2=(taskset -c 0); R3=("${R1[@]}")
if [ -n "${REPLICA_CPU:-}" ]; then
  # A fixed CPU budget per replica instead of cores (cpu-quota.sh says why); nothing is pinned then.
  INFRA=(); R1=("$here/cpu-quota.sh" phd1 "$REPLICA_CPU"); R2=("$here/cpu-quota.sh" phd2 "$REPLICA_CPU"); R3=("$here/cpu-quota.sh" phd3 "$REPLICA_CPU")
fi

for tool in wrk nginx redis-server taskset python3 curl dotnet; do command -v "$tool" >/dev/null || { say "$tool is missing"; exit 1; }; done
[ -n "${NO_BUILD:-}" ] || dotnet build -c Release -v q "$root/src/PhdResolver.Cli" >"$DIR.build.log" 2>&1 || { say "build failed: $DIR.build.log"; exit 1; }
rm -rf "$DIR"; mkdir -p "$DIR/out"
trap 'stop; for n in one phd3 seed; do [ -f "$DIR/$n.pid" ] && { kill "$(cat "$DIR/$n.pid")" 2>/dev/null || true; }; done' EXIT

# `phd serve` for replica $1 on port $2 as in compose.yaml, minus the flags given after them (one word each;
# --redis also drops its value), plus the flags in EXTRA, started through the launcher in LAUNCH.
serve_without() {
  local name=$1 port=$2; shift 2
  phd_command "$name" "$port"
  local args=() skip=0 a d
  for a in "${PHD_COMMAND[@]}"; do
    [ "$skip" = 1 ] && { skip=0; continue; }
    for d in "$@"; do [ "$a" = "$d" ] && { [ "$a" = --redis ] && skip=1; continue 2; }; done
    args+=("$a")
  done
  start_one "$name" "${LAUNCH[@]}" dotnet "$PHD_DLL" "${args[@]}" "${EXTRA[@]}"
}
EXTRA=()   # flags added to the next serve_without (the replica-death part: --no-warmup)

say "starting PostgreSQL, Redis; seeding the demo records (logs in $DIR)"
start_one redis "${INFRA[@]}" "${REDIS_COMMAND[@]}"
start_postgres
LAUNCH=("${INFRA[@]}"); serve_without seed "$SEED_PORT" --no-demo   # the demo facility, written into PostgreSQL
wait_for "http://127.0.0.1:$SEED_PORT/readyz" 180
kill "$(cat "$DIR/seed.pid")"; wait "$(cat "$DIR/seed.pid")" 2>/dev/null || true
LAUNCH=("${R1[@]}"); serve_without phd1 "$PHD1_PORT"
LAUNCH=("${R2[@]}"); serve_without phd2 "$PHD2_PORT"
LAUNCH=("${R3[@]}"); serve_without phd3 "$PHD3_PORT" --redis
for p in "$PHD1_PORT" "$PHD2_PORT" "$PHD3_PORT"; do wait_for "http://127.0.0.1:$p/readyz" 180; done
write_nginx_conf "127.0.0.1:$PHD1_PORT" "127.0.0.1:$PHD2_PORT"; start_proxy "${INFRA[@]}"
( DIR="$DIR/one"; NGINX_PORT=$ONE_PORT; write_nginx_conf "127.0.0.1:$PHD1_PORT" "127.0.0.1:$PHD1_PORT"; start_proxy "${INFRA[@]}" )
cp "$DIR/one/proxy.pid" "$DIR/one.pid"

# The pages, found from the demo's links (accessions are minted at seeding).
base="http://127.0.0.1:$PHD1_PORT"
model=${THROUGHPUT_PAGE:-$(curl -fs "$base/" | grep -o 'href="/phd:[^"]*"' | head -1 | cut -d'"' -f2)}
instance=$(curl -fs "$base/RRID:SCR_DEMO01" | grep -o 'href="/RRID:SCR_DEMO01/phd:[^"]*confocal-1"' | head -1 | cut -d'"' -f2)
version="$instance/c1"
for u in "$model" "$version"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "$base$u?nocache=1"); [ "$code" = 200 ] || { say "$base$u answered $code"; exit 1; }
done
say "pages: light $model ($(curl -fs "$base$model?nocache=1" | wc -c) bytes), version $version ($(curl -fs "$base$version?nocache=1" | wc -c) bytes)"

cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
hz=$(getconf CLK_TCK)

# wrk NAME URL SECONDS PIDS... -> "NAME req/s non2xx socket_errors replica_cpu_cores" on stdout, wrk's text in out/
measure() {
  local name=$1 url=$2 secs=$3; shift 3
  local c0; c0=$(cpu_ticks "$@")
  "${INFRA[@]}" wrk -t1 -c"$conns" -d"${secs}s" -H 'Accept: text/html' "$url" >"$DIR/out/$name.txt"
  local c1; c1=$(cpu_ticks "$@")
  python3 - "$name" "$DIR/out/$name.txt" "$(( c1 - c0 ))" "$hz" "$secs" <<'PY'
import re, sys
name, path, ticks, hz, secs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
t = open(path).read()
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
sock = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)
print(name, rps, int(non2xx.group(1)) if non2xx else 0, sum(map(int, sock.groups())) if sock else 0, ticks / hz / secs)
PY
}

# Two wrk at once (URL1, URL2), CONNS/2 connections each -> one line as measure's, the two rates summed.
measure_pair() {
  local name=$1 u1=$2 u2=$3 secs=$4; shift 4
  local c0; c0=$(cpu_ticks "$@")
  "${INFRA[@]}" wrk -t1 -c$((conns / 2)) -d"${secs}s" -H 'Accept: text/html' "$u1" >"$DIR/out/$name.a.txt" &
  local w=$!
  "${INFRA[@]}" wrk -t1 -c$((conns / 2)) -d"${secs}s" -H 'Accept: text/html' "$u2" >"$DIR/out/$name.b.txt"
  wait "$w"
  local c1; c1=$(cpu_ticks "$@")
  python3 - "$name" "$DIR/out/$name.a.txt" "$DIR/out/$name.b.txt" "$(( c1 - c0 ))" "$hz" "$secs" <<'PY'
import re, sys
name, a, b, ticks, hz, secs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
rps = bad = 0
for path in (a, b):
    t = open(path).read()
    rps += float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
    m = re.search(r'Non-2xx or 3xx responses: (\d+)', t); bad += int(m.group(1)) if m else 0
print(name, rps, bad, 0, ticks / hz / secs)
PY
}

p1=$(cat "$DIR/phd1.pid"); p2=$(cat "$DIR/phd2.pid"); p3=$(cat "$DIR/phd3.pid")
uptime | tee "$DIR/out/load.txt" >&2
: >"$DIR/out/results.txt"; pg_per_request=-
if [ -z "${SKIP_THROUGHPUT:-}" ]; then
  say "warm-up (JIT tiers: a replica that has served less runs slower code for a while)"
  for u in "http://127.0.0.1:$ONE_PORT$model?nocache=1" "http://127.0.0.1:$NGINX_PORT$model?nocache=1" "http://127.0.0.1:$NGINX_PORT$version?nocache=1" \
           "http://127.0.0.1:$PHD1_PORT$version" "http://127.0.0.1:$PHD3_PORT$version"; do
    "${INFRA[@]}" wrk -t1 -c"$conns" -d"${WARMUP_SECONDS:-5}s" -H 'Accept: text/html' "$u" >/dev/null
  done
  # PostgreSQL's transaction count around the throughput rounds: pages come from memory, so this is the replicas'
  # change-log polls (every 5 s each) and nothing per request.
  pg_xacts() { as_pg "$PG_BIN/psql" -h "$DIR/pg" -p "$PG_PORT" -U phd -d phd -Atc "select xact_commit + xact_rollback from pg_stat_database where datname = 'phd'"; }
  x0=$(pg_xacts)
  for r in $(seq "$rounds"); do
    say "round $r of $rounds"
    {
      for page in light version; do
        u=$model; [ "$page" = version ] && u=$version
        one=("$page-one" "http://127.0.0.1:$ONE_PORT$u?nocache=1" "$dur" "$p1" "$p2")
        two=("$page-two" "http://127.0.0.1:$NGINX_PORT$u?nocache=1" "$dur" "$p1" "$p2")
        if [ $((r % 2)) = 1 ]; then measure "${one[@]}"; measure "${two[@]}"; else measure "${two[@]}"; measure "${one[@]}"; fi
      done
      # Without nginx: wrk straight at phd1 (one) vs two wrk at once, half the connections each, at phd1 and phd2
      # (two): the same comparison with the proxy out of the path.
      if [ -n "${DIRECT:-}" ]; then
        d1=(light-direct1 "http://127.0.0.1:$PHD1_PORT$model?nocache=1" "$dur" "$p1" "$p2")
        measure_pair light-direct2 "http://127.0.0.1:$PHD1_PORT$model?nocache=1" "http://127.0.0.1:$PHD2_PORT$model?nocache=1" "$dur" "$p1" "$p2"
        measure "${d1[@]}"
      fi
      redis=(redis "http://127.0.0.1:$PHD1_PORT$version" "$dur" "$p1")
      local_=(inprocess "http://127.0.0.1:$PHD3_PORT$version" "$dur" "$p3")
      if [ $((r % 2)) = 1 ]; then measure "${redis[@]}"; measure "${local_[@]}"; else measure "${local_[@]}"; measure "${redis[@]}"; fi
    } | sed "s/^/$r /" >>"$DIR/out/results.txt"
  done
  sleep 1; x1=$(pg_xacts)   # PostgreSQL publishes its counters within a second
  pg_per_request=$(python3 -c "import sys; n = sum(float(l.split()[2]) for l in open(sys.argv[1])) * $dur; print(f'{($x1 - $x0) / n:.4f} ({$x1 - $x0} transactions, {n:,.0f} requests)')" "$DIR/out/results.txt")
  # The cached runs must have come from the caches (the Age header marks a stored answer).
  for p in "$PHD1_PORT" "$PHD3_PORT"; do
    curl -fs -D - -o /dev/null -H 'Accept: text/html' "http://127.0.0.1:$p$version" | grep -qi '^age:' || { say "port $p did not answer from its cache"; exit 1; }
  done
fi

kill_rounds=${KILL_ROUNDS:-2}; rejoin_secs=${REJOIN_SECONDS:-10}
say "replica death: $((kill_rounds * 2)) cycles; wrk through nginx; kill -9 phd2 after ${kill_secs} s, a write on phd1, phd2 restarted (cold or warm), ${rejoin_secs} s from its listening"
secret=$(dotnet "$PHD_DLL" token create --admin --data "$DIR/phd1-data" 2>/dev/null | head -1)
# nginx "two" logs every request from now on (not during the throughput rounds, where "one" logs nothing):
# finish time, upstream(s) tried, their times, total time, status. A reload keeps the listening socket.
python3 - "$DIR/nginx/nginx.conf" "$DIR/nginx/access.log" <<'PY'
import sys
path, log = sys.argv[1:]
s = open(path).read()
s = s.replace("access_log off;", "log_format up '$msec|$upstream_addr|$upstream_response_time|$request_time|$status';\n"
              f"    access_log {log} up buffer=64k flush=1s;")
open(path, "w").write(s)
PY
kill -HUP "$(cat "$DIR/proxy.pid")"; sleep 2
# Both replicas past their first requests before the first kill (as after the throughput rounds).
"${INFRA[@]}" wrk -t1 -c"$conns" -d"${WARMUP_SECONDS:-5}s" -H 'Accept: text/html' "http://127.0.0.1:$NGINX_PORT$version?nocache=1" >/dev/null
# Accepts a TCP connection (no request sent: the cold replica must not be warmed by the probe).
listens() { (exec 3<>"/dev/tcp/127.0.0.1/$PHD2_PORT") 2>/dev/null; }
: >"$DIR/out/kill-cycles.txt"
cycle=0
for kr in $(seq "$kill_rounds"); do
  order=(cold warm); [ $((kr % 2)) = 0 ] && order=(warm cold)
  for variant in "${order[@]}"; do
    cycle=$((cycle + 1))
    say "replica death $cycle of $((kill_rounds * 2)): $variant restart"
    p2=$(cat "$DIR/phd2.pid")
    # wrk stops on SIGINT and prints its report, so one wrk spans the death, the restart and the rejoin. Its timeout is
    # KILL_TIMEOUT (10 s), not 2 s: a slow answer is reported as the slowest latency, not as a failure.
    "${INFRA[@]}" wrk -t1 -c"$conns" -d600s --latency --timeout "${KILL_TIMEOUT:-10}s" -H 'Accept: text/html' "http://127.0.0.1:$NGINX_PORT$version?nocache=1" >"$DIR/out/kill-$cycle.txt" &
    wrk_pid=$!
    sleep "$kill_secs"
    kill -9 "$p2"; wait "$p2" 2>/dev/null || true
    rrid="RRID:SCR_0174$(printf %02d "$cycle")"
    write=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $secret" -H 'Content-Type: application/json' \
      --data "{\"rrid\":\"$rrid\",\"name\":\"Written While phd2 Was Down $cycle\"}" "http://127.0.0.1:$PHD1_PORT/api/facilities")
    sleep 1
    EXTRA=(); [ "$variant" = cold ] && EXTRA=(--no-warmup)
    LAUNCH=("${R2[@]}"); serve_without phd2 "$PHD2_PORT"; restarted_at=$(date +%s.%N); EXTRA=()
    listen_at=; ready_at=0; served=no
    for _ in $(seq 7500); do listens && { listen_at=$(date +%s.%N); break; }; sleep 0.02; done   # 150 s at most
    listen_at=${listen_at:-$(date +%s.%N)}
    for _ in $(seq 1500); do
      [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PHD2_PORT/readyz")" = 200 ] && { ready_at=$(date +%s.%N); break; }
      sleep 0.1
    done
    [ "$ready_at" != 0 ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PHD2_PORT/$rrid")" = 200 ] && served=yes
    sleep "$(python3 -c "import time; print(max(0.0, $listen_at + $rejoin_secs - time.time()))")"
    kill -INT "$wrk_pid"; wait "$wrk_pid" || true
    cp "$DIR/phd2.log" "$DIR/out/phd2-$cycle.log"
    echo "$cycle $variant $restarted_at $listen_at $ready_at $write $served" >>"$DIR/out/kill-cycles.txt"
  done
done
sleep 2   # nginx writes its log buffer every second
uptime | tee -a "$DIR/out/load.txt" >&2

python3 - "$DIR/out" "$DIR/nginx/access.log" "$PHD1_PORT" "$PHD2_PORT" "$rejoin_secs" "$conns" >"$DIR/out/kill-result.txt" <<'PY'
import re, statistics as st, sys
out, log, port1, port2, rejoin, conns = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]), int(sys.argv[6])
def ms(v):
    x, u = re.match(r'([\d.]+)(us|ms|s)', v).groups(); return float(x) * {'us': 0.001, 'ms': 1, 's': 1000}[u]
def pct(xs, p):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(len(xs) * p / 100))] if xs else float('nan')
rows = []   # (finish, start, upstream port answered, upstream ms, total ms, status)
for line in open(log):
    f = line.rstrip('\n').split('|')
    if len(f) != 5: continue
    t, total = float(f[0]), float(f[3]) * 1000
    up = f[1].split(', ')[-1].rsplit(':', 1)[-1]; ut = f[2].split(', ')[-1]
    rows.append((t, t - total / 1000, up, float(ut) * 1000 if ut not in ('-', '') else float('nan'), total, f[4]))
for line in open(f"{out}/kill-cycles.txt"):
    cycle, variant, restarted, listen, ready, write, served = line.split()
    restarted, listen, ready = float(restarted), float(listen), float(ready)
    t = open(f"{out}/kill-{cycle}.txt").read()
    n = int(re.search(r'(\d+) requests in', t).group(1))
    non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
    sock = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', t)
    failed = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    wrk_p99, wrk_max = ms(re.search(r'\n\s+99%\s+(\S+)', t).group(1)), ms(re.search(r'Latency\s+\S+\s+\S+\s+(\S+)', t).group(1))
    warm = re.search(r'warmed up: .* in ([\d.]+) s', open(f"{out}/phd2-{cycle}.log").read())
    window = [r for r in rows if listen <= r[1] and r[0] <= listen + rejoin]   # started after listening, ended in the window
    mine = sorted((r for r in window if r[2] == port2), key=lambda r: r[1])
    first = mine[:conns]
    print(cycle, variant, f"{listen - restarted:.1f}", warm.group(1) if warm else "-", f"{ready - restarted:.1f}" if ready else "-",
          f"{mine[0][1] - listen:.1f}" if mine else "-", len(mine),
          f"{st.median(r[3] for r in first):.0f}" if first else "-", f"{max(r[3] for r in first):.0f}" if first else "-",
          f"{pct([r[4] for r in window], 99):.0f}", f"{pct([r[4] for r in window], 99.9):.0f}", f"{max((r[4] for r in window), default=float('nan')):.0f}",
          n, failed, f"{wrk_p99:.0f}", f"{wrk_max:.0f}", write, served)
PY
python3 - "$DIR/out/results.txt" "$DIR/out/kill-result.txt" "$dur" "$conns" "$rounds" "$kill_secs" "$model" "$version" "${KILL_TIMEOUT:-10}" "$pg_per_request" "$rejoin_secs" <<'PY'
import sys, statistics as st
rows = {}
for line in open(sys.argv[1]):
    r, name, rps, non2xx, sock, cpu = line.split()
    rows.setdefault(name, []).append((int(r), float(rps), int(non2xx), int(sock), float(cpu)))
dur, conns, rounds, kill_secs, model, version = sys.argv[3:9]
med = lambda name, i: st.median(x[i] for x in rows[name])
def per_round(a, b, f=lambda x: x[1]):
    return [f(x) / f(y) for x, y in zip(rows[a], rows[b])]
if rows:
    bad = sum(x[2] + x[3] for v in rows.values() for x in v)
    import os
    print("placement: " + (f"each replica capped at {os.environ['REPLICA_CPU']} cores (cgroup CPU quota), nothing pinned" if os.environ.get("REPLICA_CPU") else "taskset: phd1 and phd3 on core 1, phd2 on core 0 with nginx, wrk, Redis and PostgreSQL"))
    print(f"wrk -t1 -c{conns} -d{dur}s, {rounds} rounds (the setups in turn within each round), median req/s; "
          f"light page {model}, version page {version}; failed requests in all runs: {bad}\n")
    print("| page, uncached | one replica req/s | two replicas req/s | two/one (median of rounds) | per round | replica CPU cores one / two | req per replica-CPU-s one / two (ratio: per core used) | bar | ok |")
    print("|---|---:|---:|---:|---|---:|---:|---|---|")
    for page in ("light", "version"):
        a, b = f"{page}-one", f"{page}-two"
        ratios = per_round(b, a)
        eff = lambda n: st.median(x[1] / x[4] for x in rows[n] if x[4] > 0)
        ok = st.median(ratios) >= 1.6
        print(f"| {page} | {med(a,1):,.0f} | {med(b,1):,.0f} | {st.median(ratios):.2f} | {', '.join(f'{x:.2f}' for x in ratios)} | "
              f"{med(a,4):.2f} / {med(b,4):.2f} | {eff(a):,.0f} / {eff(b):,.0f} ({eff(b) / eff(a):.2f}) | >= 1.6 | {'yes' if ok else 'NO'} |")
    if "light-direct1" in rows:
        a, b = "light-direct1", "light-direct2"
        ratios = per_round(b, a)
        eff = lambda n: st.median(x[1] / x[4] for x in rows[n] if x[4] > 0)
        print(f"| light, no nginx (wrk straight at the replicas) | {med(a,1):,.0f} | {med(b,1):,.0f} | {st.median(ratios):.2f} | {', '.join(f'{x:.2f}' for x in ratios)} | "
              f"{med(a,4):.2f} / {med(b,4):.2f} | {eff(a):,.0f} / {eff(b):,.0f} ({eff(b) / eff(a):.2f}) | | |")
    ratios = per_round("redis", "inprocess")
    print(f"\nPostgreSQL transactions per request during these rounds (all pages, both caches): {sys.argv[10]}")
    print("\n| cached version page | in-process req/s | Redis req/s | Redis/in-process (median of rounds) | per round | bar | ok |")
    print("|---|---:|---:|---:|---|---|---|")
    print(f"| direct to one replica | {med('inprocess',1):,.0f} | {med('redis',1):,.0f} | {st.median(ratios):.2f} | {', '.join(f'{x:.2f}' for x in ratios)} | >= 0.50 | {'yes' if st.median(ratios) >= 0.5 else 'NO'} |")
cycles = [l.split() for l in open(sys.argv[2])]
rejoin = sys.argv[11]
print(f"\n| replica death {'(cycle, phd2 restart)':s} | restart to listening s | warm-up s | restart to /readyz 200 s | phd2's first answer via nginx, s after listening | phd2 answers in the window | phd2's first {conns} answers: median / max ms | all requests in the window: p99 / p99.9 / max ms | wrk: requests / failed | wrk over the cycle: p99 / max ms | write while down | caught up |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|")
for c in cycles:
    print(f"| {c[0]} {c[1]} | {c[2]} | {c[3]} | {c[4]} | {c[5]} | {int(c[6]):,} | {c[7]} / {c[8]} | {c[9]} / {c[10]} / {c[11]} | {int(c[12]):,} / {c[13]} | {c[14]} / {c[15]} | {c[16]} | {c[17]} |")
def vmed(variant, i):
    xs = [float(c[i]) for c in cycles if c[1] == variant and c[i] not in ('-', 'nan')]
    return f"{st.median(xs):.1f}" if xs else "-"
for v in ("cold", "warm"):
    print(f"| median, {v} | {vmed(v, 2)} | {vmed(v, 3)} | {vmed(v, 4)} | {vmed(v, 5)} | | {vmed(v, 7)} / {vmed(v, 8)} | {vmed(v, 9)} / {vmed(v, 10)} / {vmed(v, 11)} | | {vmed(v, 14)} / {vmed(v, 15)} | | |")
failed = sum(int(c[13]) for c in cycles)
print(f"\nThe window: {rejoin} s from the moment phd2 accepted connections (nginx's access log, requests started in it).")
print("\n| replica death bars | value | bar | ok |")
print("|---|---|---|---|")
print(f"| failed requests over all cycles (non-2xx + socket errors) | {failed} of {sum(int(c[12]) for c in cycles):,} | 0 failed | {'yes' if failed == 0 else 'NO'} |")
print(f"| writes on phd1 while phd2 was down | {', '.join(c[16] for c in cycles)} | 201 | {'yes' if all(c[16] == '201' for c in cycles) else 'NO'} |")
print(f"| phd2 ready and serving the facility written while it was down | {', '.join(c[17] for c in cycles)} | yes | {'yes' if all(c[17] == 'yes' for c in cycles) else 'NO'} |")
print(f"| phd2 answered requests through nginx in the window | {', '.join(c[6] for c in cycles)} | > 0 | {'yes' if all(int(c[6]) > 0 for c in cycles) else 'NO'} |")
PY

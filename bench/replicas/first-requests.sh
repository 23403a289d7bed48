#!/usr/bin/env bash
# How slow a freshly started `phd serve` answers its first requests, by build and runtime setting, side by side in
# one run (issue 16: a restarted replica's first answers took 3-4 s under load). Not run by CI. Prints a Markdown table.
#
#   bench/replicas/first-requests.sh [ROUNDS=3]
#
# One SQLite data directory with the demo records (seeded once). Each round starts every variant in turn (the order
# rotates), on core 1 (taskset), and for each: seconds from the process start to an accepted TCP connection, the
# warm-up's own seconds (its start-up line), then one request of each kind in a row with curl (core 0): the
# configuration version's landing page, the instrument's, the home page, the version as JSON-LD, /search, a SPARQL
# query; then the same six again (the second answers: the code is jitted by then); then, for the steady state,
# STEADY (5) seconds of wrk -c8 on the version page to let the JIT tiers settle and STEADY more measured (req/s;
# STEADY=0 skips it). Medians over rounds.
#
# Variants (VARIANTS, space-separated): jit-cold and jit-warm are the build as it is without and with the warm-up;
# r2r-cold and r2r-warm the same published ReadyToRun (dotnet publish -r linux-x64 -p:PublishReadyToRun=true, which
# the Dockerfile could do); nopgo-cold runs with DOTNET_TieredPGO=0, qjfl-cold with DOTNET_TC_QuickJitForLoops=1
# (the project sets it off), notiered-cold with DOTNET_TieredCompilation=0 (everything fully optimised at once).
# Needs the .NET SDK (NuGet for the ReadyToRun packs), curl, wrk, taskset, python3. State in $TMPDIR/phd-bench-first.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
rounds=${1:-3}
variants=(${VARIANTS:-jit-cold jit-warm r2r-cold r2r-warm})
DIR=${PHD_BENCH_DIR:-${TMPDIR:-/tmp}/phd-bench-first}; PORT=${PORT:-18631}
say() { echo "first-requests: $*" >&2; }
rm -rf "$DIR"; mkdir -p "$DIR/out"
jit="$DIR/jit"; r2r="$DIR/r2r"
dotnet publish "$root/src/PhdResolver.Cli" -c Release -o "$jit" -v q >"$DIR/publish-jit.log" 2>&1 || { say "publish failed: $DIR/publish-jit.log"; exit 1; }
if [[ " ${variants[*]} " == *" r2r-"* ]]; then
  dotnet publish "$root/src/PhdResolver.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$r2r" -v q \
    >"$DIR/publish-r2r.log" 2>&1 || { say "ReadyToRun publish failed: $DIR/publish-r2r.log"; exit 1; }
fi

pid=
stop_phd() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; pid=; }
trap stop_phd EXIT
base="http://127.0.0.1:$PORT"
serve() { # dll, log, then words: NAME=VALUE for the environment, anything else a flag of phd serve
  local dll=$1 log=$2; shift 2
  local envs=() flags=() a
  for a in "$@"; do case "$a" in *=*) envs+=("$a") ;; *) flags+=("$a") ;; esac; done
  taskset -c 1 env "${envs[@]}" dotnet "$dll" serve --data "$DIR/data" --urls "$base" "${flags[@]}" >"$log" 2>&1 &
  pid=$!
}
listens() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }
wait_listening() { for _ in $(seq 6000); do listens && return 0; kill -0 "$pid" 2>/dev/null || return 1; sleep 0.02; done; return 1; }

listens && { say "port $PORT is taken by another process (PORT=... picks another)"; exit 1; }
say "seeding the demo records"
serve "$jit/phd.dll" "$DIR/seed.log"
wait_listening || { say "phd serve did not start: $DIR/seed.log"; exit 1; }
until curl -fs -o /dev/null "$base/readyz"; do sleep 0.2; done
instance=$(curl -fs "$base/RRID:SCR_DEMO01" | grep -o 'href="/RRID:SCR_DEMO01/phd:[^"]*confocal-1"' | head -1 | cut -d'"' -f2)
[ -n "$instance" ] || { say "no demo instrument found"; exit 1; }
stop_phd
version="$instance/c1"
sparql="/sparql?query=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("SELECT ?s WHERE { ?s a ?t } LIMIT 10"))')"
# kind, path, Accept
pages=("version|$version?nocache=1|text/html" "instance|$instance?nocache=1|text/html" "home|/|text/html"
       "jsonld|$version?nocache=1|application/ld+json" "search|/search?q=confocal|text/html" "sparql|$sparql|application/sparql-results+json")

run_variant() { # variant, round
  local v=$1 r=$2 dll="$jit/phd.dll" envs=() flags=(--no-demo)
  case "$v" in r2r-*) dll="$r2r/phd.dll" ;; esac
  case "$v" in *-cold) flags+=(--no-warmup) ;; esac
  case "$v" in nopgo-*) envs=(DOTNET_TieredPGO=0) ;; qjfl-*) envs=(DOTNET_TC_QuickJitForLoops=1) ;; notiered-*) envs=(DOTNET_TieredCompilation=0) ;; esac
  local log="$DIR/out/$v-$r.log" t0 t1
  t0=$(date +%s.%N)
  serve "$dll" "$log" "${envs[@]}" "${flags[@]}"
  wait_listening || { say "$v did not start: $log"; exit 1; }
  t1=$(date +%s.%N)
  local times=() pass p kind path accept
  for pass in 1 2; do
    for p in "${pages[@]}"; do
      IFS='|' read -r kind path accept <<<"$p"
      times+=("$(taskset -c 0 curl -s -o /dev/null -w '%{http_code}:%{time_total}' -H "Accept: $accept" "$base$path")")
    done
  done
  # Steady state: STEADY seconds of load to let the tiers settle, then STEADY seconds measured (req/s).
  local steady=0
  if [ "${STEADY:-5}" != 0 ]; then
    taskset -c 0 wrk -t1 -c8 -d"${STEADY:-5}s" -H 'Accept: text/html' "$base$version?nocache=1" >/dev/null
    steady=$(taskset -c 0 wrk -t1 -c8 -d"${STEADY:-5}s" -H 'Accept: text/html' "$base$version?nocache=1" | awk '/Requests\/sec/ { print $2 }')
  fi
  stop_phd
  local warm; warm=$(grep -o 'warmed up: .* in [0-9.]* s' "$log" | grep -o 'in [0-9.]* s' | tr -dc '0-9.' || true)
  echo "$r $v $(python3 -c "print(f'{$t1 - $t0:.2f}')") ${warm:--} $steady ${times[*]}" >>"$DIR/out/results.txt"
}
: >"$DIR/out/results.txt"
uptime | tee "$DIR/out/load.txt" >&2
for r in $(seq "$rounds"); do
  n=${#variants[@]}
  for i in $(seq 0 $((n - 1))); do
    v=${variants[$(( (i + r - 1) % n ))]}
    say "round $r: $v"
    run_variant "$v" "$r"
  done
done
uptime | tee -a "$DIR/out/load.txt" >&2

python3 - "$DIR/out/results.txt" "$rounds" "${pages[@]}" <<'PY'
import statistics as st, sys
path, rounds, pages = sys.argv[1], sys.argv[2], [p.split('|')[0] for p in sys.argv[3:]]
rows = {}
for line in open(path):
    f = line.split()
    rows.setdefault(f[1], []).append(f)
order = list(rows)
print(f"`phd serve` on SQLite with the demo records, started on core 1, requests from core 0; median of {rounds} rounds; ms per request (first answer, then the second)\n")
print("| variant | start to listening s | warm-up s | " + " | ".join(f"{p} ms" for p in pages) + " | all six, first / second ms | non-200 | then version page req/s |")
print("|---|---:|---:|" + "---:|" * len(pages) + "---:|---:|---:|")
for v in order:
    rs = rows[v]
    med = lambda xs: st.median(xs)
    first = [[float(x.split(':')[1]) * 1000 for x in r[5:5 + len(pages)]] for r in rs]
    second = [[float(x.split(':')[1]) * 1000 for x in r[5 + len(pages):]] for r in rs]
    bad = sum(1 for r in rs for x in r[5:] if not x.startswith('200:'))
    warm = [float(r[3]) for r in rs if r[3] != '-']
    cells = [f"{med([f[i] for f in first]):.0f} / {med([s[i] for s in second]):.0f}" for i in range(len(pages))]
    print(f"| {v} | {med([float(r[2]) for r in rs]):.2f} | {f'{med(warm):.2f}' if warm else '-'} | " + " | ".join(cells)
          + f" | {med([sum(f) for f in first]):.0f} / {med([sum(s) for s in second]):.0f} | {bad} | {med([float(r[4]) for r in rs]):,.0f} |")
PY

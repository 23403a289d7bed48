#!/usr/bin/env bash
# phd serve with and without query indexes (--lean, issue 17 "beyond memory"), side by side in one run (not run by CI):
# cold start until /healthz answers and the process's RSS then (VmRSS) and at its peak (VmHWM), alternating the two
# modes on ONE copy of a data directory; then, if the directory holds registry records (PATH_FILE names a landing page),
# the landing page's latency in both modes with wrk (uncached ?nocache=1 and output-cached).
#
# Usage: bench/scale/lean.sh SOURCE_DATA_DIR [ROUNDS=3]
#   SOURCE_DATA_DIR is copied (never modified); PATH_FILE=FILE (a landing page path, e.g. bench/http's data10000.path)
#   turns on the latency part; DUR=8 seconds per wrk run; WORK=dir for the copy (default $TMPDIR/phd-bench-lean);
#   REUSE=1 runs more rounds on the copy an earlier run left in WORK.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
src="${1:?usage: lean.sh SOURCE_DATA_DIR [ROUNDS]}"; rounds="${2:-3}"; dur="${DUR:-8}"
work="${WORK:-${TMPDIR:-/tmp}/phd-bench-lean}"; port=5491
phd="$root/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll"
[ -f "$phd" ] || dotnet build -c Release -v q "$root/src/PhdResolver.Cli" >/dev/null

if [ "${REUSE:-}" = 1 ] && [ -d "$work/data" ]; then
  reuse=1 # REUSE=1: the copy of an earlier run (already opened lean once), for more rounds
else
  reuse=""
  rm -rf "$work"; mkdir -p "$work"
  echo "copying $src ($(du -sh "$src" | cut -f1)) ..." >&2
  cp -a "$src" "$work/data"; rm -f "$work/data/store.lock" "$work/data/serve.json"
fi

pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# start MODE LOG: sets $secs (to /healthz) and leaves the server running as $pid (not in a subshell: $pid must survive)
start() {
  local flag=""; [ "$1" = lean ] && flag="--lean"
  local t0; t0=$(date +%s.%N)
  dotnet "$phd" serve --data "$work/data" --urls "http://127.0.0.1:$port" --no-demo $flag 2>"$2" & pid=$!
  until curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; do
    kill -0 "$pid" 2>/dev/null || { echo "phd serve $flag died: $(tail -5 "$2")" >&2; exit 1; }
    sleep 0.2
  done
  secs=$(echo "$(date +%s.%N) - $t0" | bc)
}
rss() { awk -v k="$1:" '$1 == k { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; } # MiB
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

# The first lean open builds the graph index quads_gspo once; measured apart from the cold starts after it.
if [ -z "$reuse" ]; then
  start lean "$work/first-lean.log"; echo "first lean open (builds quads_gspo): $secs s, RSS $(rss VmRSS) MiB" >&2
  grep -E "graph index|terms read|quads counted" "$work/first-lean.log" >&2 || true
  stop
fi
load() { cut -d' ' -f1 /proc/loadavg; }
echo "| round | mode | /healthz s | RSS at /healthz MiB | peak RSS MiB | load average |"
echo "|---|---|---:|---:|---:|---:|"
for r in $(seq "$rounds"); do
  for mode in indexed lean; do
    start "$mode" "$work/$mode-$r.log"
    sleep 1
    echo "| $r | $mode | $(printf %.1f "$secs") | $(rss VmRSS) | $(rss VmHWM) | $(load) |"
    stop
  done
done

[ -n "${PATH_FILE:-}" ] || exit 0
path="$(cat "$PATH_FILE")"
wrkrun() { # url -> "rps p50 p99"
  wrk -t2 -c8 -d3s -H 'Accept: text/html' "$1" >/dev/null
  wrk -t2 -c8 -d"${dur}s" --latency -H 'Accept: text/html' "$1" | python3 -c '
import re, sys
t = sys.stdin.read()
def ms(s):
    v, u = re.match(r"([\d.]+)(us|ms|s)", s).groups(); return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
print(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1), ms(re.search(r"\n\s+50%\s+(\S+)", t).group(1)), ms(re.search(r"\n\s+99%\s+(\S+)", t).group(1)))'
}
echo
echo "landing page $path, wrk -t2 -c8 -d${dur}s, Accept: text/html"
echo
echo "| round | mode | case | req/s | p50 ms | p99 ms | load average |"
echo "|---|---|---|---:|---:|---:|---:|"
for r in $(seq "$rounds"); do
  for mode in indexed lean; do
    start "$mode" "$work/$mode-http-$r.log"
    for c in "uncached:?nocache=1" "cached:"; do
      u="http://127.0.0.1:$port$path${c#*:}"
      code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "$u"); [ "$code" = 200 ] || { echo "$u: $code" >&2; exit 1; }
      read -r rps p50 p99 < <(wrkrun "$u")
      echo "| $r | $mode | ${c%%:*} | $rps | $p50 | $p99 | $(load) |"
    done
    # First renders: DISTINCT landing pages once each (bench/http's seed names them bench.0 .. bench.N-1), so
    # no per-version memo helps; the mean time per page, sequential.
    n="${DISTINCT:-300}"; base="${path%%bench.0*}"; rest="${path#*bench.0}"
    t0=$(date +%s.%N)
    for i in $(seq 1 "$n"); do curl -fs -o /dev/null -H 'Accept: text/html' "http://127.0.0.1:$port${base}bench.$i$rest?nocache=1"; done
    echo "| $r | $mode | $n first renders | | $(echo "($(date +%s.%N) - $t0) * 1000 / $n" | bc -l | xargs printf %.2f) mean | | $(load) |"
    stop
  done
done

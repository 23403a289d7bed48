#!/usr/bin/env bash
# Scale (issue 17 item 3): the kit's data at N instruments (default 100,000: about 107 M triples, 15 GB of
# N-Triples), measured side by side with Virtuoso in one run:
#   1. `phd load` into a fresh data directory: time, triples/s, peak RSS (bytes per triple), size on disk;
#   2. cold start: `phd serve` on that directory until /healthz answers;
#   3. the twelve queries in process (bench/sparql's SparqlBench, its own load and peak RSS) and Virtuoso's
#      bulk load and the same queries over HTTP (the kit's virtuoso.sh), in the same run;
#   4. optionally (HTTP=1) the HTTP mode: bench/sparql/http.sh at the same size.
# Usage: bench/scale/run.sh [-r RUNS] [N]     env: DATA_DIR=/tmp/peers-data OUT_DIR=/tmp/phd-scale PORT=5293 HTTP=0
# Needs ~15 GB free for the data, ~20 GB for the two stores, and the machine to itself (24 GB RAM: the engines
# run one after the other, never together).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KIT=$(cd "$ROOT/../shared/bench" && pwd)      # the peer kit, called in place, never copied
DATA_DIR=${DATA_DIR:-/tmp/peers-data}
OUT_DIR=${OUT_DIR:-/tmp/phd-scale}
PORT=${PORT:-5293}
GRAPH=https://phd.example.org/graph/instruments
RUNS=3
if [[ ${1:-} == -r ]]; then RUNS=$2; shift 2; fi
N=${1:-100000}
data=$DATA_DIR/inst-$N.nt; out=$OUT_DIR/$N
mkdir -p "$out" "$DATA_DIR"
QUERIES=("$KIT"/queries/*.rq)
peak_kb() { awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$1"; }
wall_s() { awk -F': ' '/Elapsed \(wall clock\)/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$1"; }

need=()
command -v virtuoso-t > /dev/null || need+=(virtuoso-opensource)
[[ -x /usr/bin/time ]] || need+=(time)
if [[ ${#need[@]} -gt 0 ]]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2; fi

echo "building phd and SparqlBench" >&2
dotnet build -c Release "$ROOT/src/PhdResolver.Cli/PhdResolver.Cli.csproj" -o "$OUT_DIR/phd" > "$OUT_DIR/build.log" 2>&1 \
  && dotnet build -c Release "$ROOT/bench/sparql/SparqlBench.csproj" -o "$OUT_DIR/bin" >> "$OUT_DIR/build.log" 2>&1 \
  || { echo "build failed, see $OUT_DIR/build.log" >&2; exit 1; }
if [[ ! -s $data ]]; then
  echo "[$N] generating $data" >&2
  python3 "$KIT/gen-instruments.py" "$N" -o "$data.tmp" 2> "$out/gen.log" && mv "$data.tmp" "$data"
fi
triples=$(wc -l < "$data")
uptime > "$out/load-average.txt"

# 1. phd load
rm -rf "$out/data"
echo "[$N] phd load ($triples triples)" >&2
/usr/bin/time -v -o "$out/phd-load.time" dotnet "$OUT_DIR/phd/phd.dll" load "$data" --data "$out/data" --graph "$GRAPH" \
  > "$out/phd-load.log" 2>&1 || { tail -5 "$out/phd-load.log" >&2; exit 1; }
load_s=$(wall_s "$out/phd-load.time"); load_kb=$(peak_kb "$out/phd-load.time")
disk=$(du -sb "$out/data" | cut -f1)

# 2. cold start until /healthz answers (the page cache holds the database: a warm-disk cold start)
start=$(date +%s%3N)
dotnet "$OUT_DIR/phd/phd.dll" serve --data "$out/data" --urls "http://127.0.0.1:$PORT" --no-demo > "$out/phd-serve.log" 2>&1 &
serve=$!
until curl -fs "http://127.0.0.1:$PORT/healthz" > /dev/null 2>&1; do
  kill -0 $serve 2> /dev/null || { echo "phd serve died" >&2; tail -5 "$out/phd-serve.log" >&2; exit 1; }
  sleep 0.2
done
cold_ms=$(( $(date +%s%3N) - start ))
serve_kb=$(awk '/VmHWM/{print $2}' /proc/$serve/status)
kill $serve; wait $serve 2> /dev/null

# 3a. in process: SparqlBench (its own load, then the queries)
echo "[$N] phd queries in process" >&2
/usr/bin/time -v -o "$out/phd-bench.time" dotnet "$OUT_DIR/bin/SparqlBench.dll" "$data" -r "$RUNS" "${QUERIES[@]}" \
  > "$out/phd.jsonl" 2> "$out/phd.err"
echo "{\"engine\":\"phd\",\"peak_rss_kb\":$(peak_kb "$out/phd-bench.time")}" >> "$out/phd.jsonl"

# 3b. Virtuoso: bulk load (with its checkpoint) and the queries over HTTP
echo "[$N] virtuoso" >&2
"$KIT/virtuoso.sh" start
{ "$KIT/virtuoso.sh" load "$data"; "$KIT/virtuoso.sh" bench -r "$RUNS" "${QUERIES[@]}"; } > "$out/virtuoso.jsonl"
"$KIT/virtuoso.sh" mem | sed 's/^{/{"engine":"virtuoso","done":true,/' >> "$out/virtuoso.jsonl"
"$KIT/virtuoso.sh" stop 2> /dev/null
uptime >> "$out/load-average.txt"

{
  echo "| N | triples | phd load | triples/s | peak RSS | bytes/triple | on disk | cold start | serve RSS after start |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -v n="$N" -v t="$triples" -v s="$load_s" -v kb="$load_kb" -v d="$disk" -v c="$cold_ms" -v skb="$serve_kb" 'BEGIN {
    printf "| %d | %d | %.0f s | %.0f | %.1f GB | %.0f | %.1f GB | %.1f s | %.1f GB |\n", n, t, s, t / s, kb / 1048576, kb * 1024 / t, d / 1e9, c / 1000, skb / 1048576 }'
  echo
  python3 "$ROOT/bench/sparql/table.py" "$out" phd,virtuoso
} | tee "$out/summary.md"

if [[ ${HTTP:-0} == 1 ]]; then "$ROOT/bench/sparql/http.sh" -r "$RUNS" "$N"; fi

#!/usr/bin/env bash
# HTTP mode (issue 17): the kit's twelve queries against `phd serve`'s /sparql and Virtuoso's
# /sparql in the same run, through one client (HttpBench.cs). Usage: ./http.sh [-r RUNS] [SIZE]
#   SIZE: instruments (default 10000; the kit's gen-instruments.py data, cached in $DATA_DIR)
#   env: DATA_DIR=/tmp/peers-data  OUT_DIR=/tmp/phd-sparql-http  PHD_PORT=5291
#        VIRT_DIR=/tmp/phd-sparql-http-virtuoso VIRT_SQL_PORT=1121 VIRT_HTTP_PORT=8900 (the kit's virtuoso.sh reads them)
#        WARMUP=3 (untimed requests per query and endpoint) WARMUP_ROUNDS=2 (untimed passes over all queries first)
#        PEER_NICE=10: Virtuoso's threads are reniced to the nice value of our query workers
#        (WorkQueue.WorkerNice), so that other load on the machine weighs on both engines alike;
#        PEER_NICE=0 leaves Virtuoso at normal priority (on a quiet machine the two agree)
#        ROW_LIMIT=10000000: `phd serve --sparql-row-limit`, raised above the default 100,000 so that no kit query is
#        cut at 100,000 instruments (q05 has 105,381 rows there) while Virtuoso, its ResultSetMaxRows raised by the
#        kit, sends every row
# Both stores hold the file in the graph $GRAPH, and every request names it as default-graph-uri.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KIT=$(cd "$ROOT/../shared/bench" && pwd)      # the peer kit, called in place, never copied
DATA_DIR=${DATA_DIR:-/tmp/peers-data}
OUT_DIR=${OUT_DIR:-/tmp/phd-sparql-http}
PHD_PORT=${PHD_PORT:-5291}
WARMUP=${WARMUP:-3}
WARMUP_ROUNDS=${WARMUP_ROUNDS:-2}
export VIRT_DIR=${VIRT_DIR:-/tmp/phd-sparql-http-virtuoso} VIRT_SQL_PORT=${VIRT_SQL_PORT:-1121} VIRT_HTTP_PORT=${VIRT_HTTP_PORT:-8900}
GRAPH=https://phd.example.org/graph/instruments
RUNS=7
if [[ ${1:-} == -r ]]; then RUNS=$2; shift 2; fi
N=${1:-10000}
data=$DATA_DIR/inst-$N.nt; out=$OUT_DIR/$N
mkdir -p "$out" "$DATA_DIR"

command -v virtuoso-t > /dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq virtuoso-opensource >&2; }
echo "building phd and the client" >&2
dotnet build -c Release "$ROOT/src/PhdResolver.Cli/PhdResolver.Cli.csproj" -o "$OUT_DIR/phd" > "$OUT_DIR/build.log" 2>&1 \
  && dotnet build -c Release "$HERE/SparqlBench.csproj" -o "$OUT_DIR/bin" >> "$OUT_DIR/build.log" 2>&1 \
  || { echo "build failed, see $OUT_DIR/build.log" >&2; exit 1; }
if [[ ! -s $data ]]; then
  echo "[$N] generating $data" >&2
  python3 "$KIT/gen-instruments.py" "$N" -o "$data.tmp" 2> "$out/gen.log" && mv "$data.tmp" "$data"
fi

phd_pid=
cleanup() {
  [[ -n $phd_pid ]] && kill "$phd_pid" 2> /dev/null && wait "$phd_pid" 2> /dev/null
  "$KIT/virtuoso.sh" stop > /dev/null 2>&1
}
trap cleanup EXIT

# ours: `phd load` into a fresh data directory (cached across runs: the loaded store does not change), then `phd serve`
if [[ ! -f $out/data/.loaded ]]; then
  rm -rf "$out/data"
  echo "[$N] phd load" >&2
  dotnet "$OUT_DIR/phd/phd.dll" load "$data" --data "$out/data" --graph "$GRAPH" 2> "$out/phd-load.log" || { tail -3 "$out/phd-load.log" >&2; exit 1; }
  touch "$out/data/.loaded"
fi
dotnet "$OUT_DIR/phd/phd.dll" serve --data "$out/data" --urls "http://127.0.0.1:$PHD_PORT" --no-demo --sparql-rate 1000000 \
  --sparql-row-limit "${ROW_LIMIT:-10000000}" > "$out/phd-serve.log" 2>&1 &
phd_pid=$!
# Virtuoso: the kit's script, fresh database, bulk load with checkpoint
"$KIT/virtuoso.sh" start || exit 1
echo "[$N] virtuoso load" >&2
"$KIT/virtuoso.sh" load "$data" "$GRAPH" > "$out/virtuoso-load.json" || exit 1
if [[ ${PEER_NICE:-10} != 0 ]]; then
  for t in /proc/"$(cat "$VIRT_DIR/virtuoso.pid")"/task/*; do renice -n "${PEER_NICE:-10}" -p "${t##*/}" > /dev/null; done
fi
for _ in $(seq 1 300); do curl -sf -o /dev/null "http://127.0.0.1:$PHD_PORT/healthz" && break; sleep 1; done
curl -sf -o /dev/null "http://127.0.0.1:$PHD_PORT/healthz" || { echo "phd serve did not come up; see $out/phd-serve.log" >&2; exit 1; }

uptime > "$out/load-average.txt"
echo "[$N] queries over HTTP ($RUNS timed rounds, $WARMUP warm-up requests each)" >&2
dotnet "$OUT_DIR/bin/SparqlBench.dll" --http "phd=http://127.0.0.1:$PHD_PORT/sparql" --http "virtuoso=http://127.0.0.1:$VIRT_HTTP_PORT/sparql" \
  --graph "$GRAPH" -r "$RUNS" --warmup "$WARMUP" --warmup-rounds "$WARMUP_ROUNDS" "$KIT"/queries/*.rq > "$out/http.jsonl" 2> "$out/http.md"
uptime >> "$out/load-average.txt"
echo "Load average (uptime) before / after:"; sed 's/.*load average: //' "$out/load-average.txt" | paste -sd '|' | sed 's/|/ \/ /'
echo
cat "$out/http.md"

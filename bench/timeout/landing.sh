#!/usr/bin/env bash
# Landing-page latency while the heavy-work queue is full (issue 12, item 2): a real `phd serve` on the
# demo data, HEAVY (16) clients each sending heavy SPARQL queries back to back (each runs until the 20 s
# query timeout; the queue holds HeavyWorkers + HeavyBacklog of them, the rest are answered 503 at once),
# and wrk on a landing page meanwhile. Prints wrk's latency distribution without and with the load, the
# heavy answers by status, and the load average. Bar: p99 <= 50 ms with the queue full.
#   bench/timeout/landing.sh [PHD_DLL]     default: the Cli tests' build output
#   HEAVY=16 SECONDS_PER_RUN=30 PORT=5391 CONNECTIONS=4
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dll="${1:-$repo/tests/PhdResolver.Cli.Tests/bin/Release/net10.0/phd.dll}"
heavy="${HEAVY:-16}"; secs="${SECONDS_PER_RUN:-30}"; port="${PORT:-5391}"; conns="${CONNECTIONS:-4}"
base="http://127.0.0.1:$port"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)"; exit 2; }
[ -f "$dll" ] || { echo "no $dll: dotnet build tests/PhdResolver.Cli.Tests -c Release"; exit 2; }

work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet "$dll" serve --data "$work/data" --urls "$base" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do curl -fs "$base/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "$base/healthz" >/dev/null || { echo "server did not start"; cat "$work/serve.log"; exit 1; }

# A demo instance's landing page (HTML, output-cached) and its JSON-LD.
page="$(curl -s -o /dev/null -w '%{redirect_url}' "$base/resolve?pid=doi:10.5072/phd-demo.widefield-1")"
page="${page#"$base"}"
echo "landing page: $page"
for _ in 1 2 3; do curl -s -o /dev/null -H 'Accept: text/html' "$base$page"; done

# A cross product of the whole dataset three times: runs until the query timeout.
heavy_query='SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) != CONCAT(STR(?f), STR(?i))) }'

run_wrk() { # label
  echo "== $1 (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t1 -c"$conns" -d"${secs}s" --latency -H 'Accept: text/html' "$base$page" | grep -E 'Latency|50%|75%|90%|99%|Requests/sec|requests in|Non-2xx|Socket'
}

run_wrk "idle queue"

mkdir -p "$work/heavy"
stop="$work/stop"
for i in $(seq 1 "$heavy"); do
  ( while [ ! -e "$stop" ]; do
      # Each client from its own loopback address: the SPARQL rate limit is per client address, and one
      # address would turn most of this load into 429s instead of a full queue.
      curl -s -o /dev/null -w '%{http_code}\n' --max-time 60 --interface "127.0.0.$((i + 1))" -H 'Accept: application/sparql-results+json' \
        --data-urlencode "query=$heavy_query" "$base/sparql" >>"$work/heavy/$i" || echo 000 >>"$work/heavy/$i"
      # A refused client (503) waits a little, as Retry-After asks, instead of spinning.
      case "$(tail -n1 "$work/heavy/$i")" in 503|429) sleep 1 ;; esac
    done ) &
done
sleep 3 # let the queue fill
run_wrk "queue full: $heavy clients sending heavy queries"
touch "$stop"
echo "== heavy answers by status (status count)"
cat "$work/heavy"/* | sort | uniq -c | awk '{print $2, $1}'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); cores: $(nproc)"

#!/usr/bin/env bash
# HTTP benchmark of the resolver (not run by CI). Needs wrk (apt-get install -y wrk), the .NET SDK and curl.
# Usage: bench/http/run.sh [DURATION_SECONDS=10]   — prints a Markdown table.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
dur="${1:-10}"; conns="${CONNS:-32}"; threads="${THREADS:-2}"
work="${PHD_BENCH_DIR:-${TMPDIR:-/tmp}/phd-bench-http}"; mkdir -p "$work"
P_PLAIN=5480; P_10=5481; P_10K=5482
desc="$root/src/PhdResolver.Web/Demo/confocal-1-c1.ttl"

dotnet build -c Release -v q "$root/src/PhdResolver.Cli" >/dev/null
dotnet build -c Release -v q "$here/Plain" >/dev/null
dotnet build -c Release -v q "$here/Seed" >/dev/null
phd="$root/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll"

seed() { # N PORT -> data dir with N instruments (one registry call per instance and per version)
  local d="$work/data$1"
  if [ ! -f "$d/.seeded" ]; then
    rm -rf "$d"; local t0=$(date +%s.%N)
    dotnet "$here/Seed/bin/Release/net10.0/Seed.dll" "$d" "$1" "http://127.0.0.1:$2/" "$desc" > "$d.path"
    echo "seed $1: $(echo "$(date +%s.%N) - $t0" | bc) s" >&2; touch "$d/.seeded"
  fi
}
seed 10 $P_10; seed 10000 $P_10K
path="$(cat "$work/data10000.path")"   # /RRID:SCR_900001/RRID:SCR_900002/doi:10.5072/bench.0/c1 (same in both)

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
dotnet "$phd" serve --data "$work/data10" --urls "http://127.0.0.1:$P_10" --no-demo 2>"$work/serve10.log" & pids+=($!)
dotnet "$phd" serve --data "$work/data10000" --urls "http://127.0.0.1:$P_10K" --no-demo 2>"$work/serve10k.log" & pids+=($!)
for p in $P_10 $P_10K; do for _ in $(seq 120); do curl -fs "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.5; done; done

curl -fs -H 'Accept: text/html' "http://127.0.0.1:$P_10K$path" > "$work/landing.html"
dotnet "$here/Plain/bin/Release/net10.0/Plain.dll" "$work/landing.html" "http://127.0.0.1:$P_PLAIN" & pids+=($!)
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$P_PLAIN/" >/dev/null && break; sleep 0.5; done
for u in "http://127.0.0.1:$P_10K$path?nocache=1" "http://127.0.0.1:$P_10$path?nocache=1"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "$u"); [ "$code" = 200 ] || { echo "bench: $u answered $code" >&2; exit 1; }
done

# OAI-PMH: a ListRecords page (100 DataCite records) from the middle of the 10k harvest, reached by resumption tokens.
oai="http://127.0.0.1:$P_10K/oai?verb=ListRecords&metadataPrefix=oai_datacite"
for _ in $(seq 50); do
  tok=$(curl -fs "$oai" | python3 -c 'import sys,re; m=re.search(r"<resumptionToken[^>]*>([^<]+)</resumptionToken>", sys.stdin.read()); print(m.group(1) if m else "")')
  [ -n "$tok" ] || { echo "bench: no resumption token from $oai" >&2; exit 1; }
  oai="http://127.0.0.1:$P_10K/oai?verb=ListRecords&resumptionToken=$tok"
done

run() { # name url [connections] -> "name rps p50_ms p99_ms"
  local c="${3:-$conns}"
  curl -fs -H 'Accept: text/html' "$2" >/dev/null   # warm (and fill the cache for the cached case)
  wrk -t"$threads" -c"$c" -d3s -H 'Accept: text/html' "$2" >/dev/null   # JIT warm-up
  wrk -t"$threads" -c"$c" -d"${dur}s" --latency -H 'Accept: text/html' "$2" > "$work/wrk-$1.txt"
  python3 - "$1" "$work/wrk-$1.txt" <<'PY'
import re, sys
t = open(sys.argv[2]).read()
def ms(s):
    v, u = re.match(r'([\d.]+)(us|ms|s)', s).groups(); return float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u]
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
p50 = ms(re.search(r'\n\s+50%\s+(\S+)', t).group(1)); p99 = ms(re.search(r'\n\s+99%\s+(\S+)', t).group(1))
non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
print(sys.argv[1], rps, p50, p99, non2xx.group(1) if non2xx else 0)
PY
}
{
  run plain "http://127.0.0.1:$P_PLAIN$path"
  run cached "http://127.0.0.1:$P_10K$path"
  run uncached "http://127.0.0.1:$P_10K$path?nocache=1"
  run resolve10 "http://127.0.0.1:$P_10$path?nocache=1"
  run resolve10k "http://127.0.0.1:$P_10K$path?nocache=1"
  run oai "$oai" "${OAI_CONNS:-4}"   # harvesters page sequentially: a few at once, not 32
} > "$work/results.txt"

python3 - "$work/results.txt" "$dur" "$conns" "$threads" "$(wc -c < "$work/landing.html")" <<'PY'
import sys
r = {l.split()[0]: [float(x) for x in l.split()[1:]] for l in open(sys.argv[1])}
p, c, u, a, b, o = r['plain'], r['cached'], r['uncached'], r['resolve10'], r['resolve10k'], r['oai']
print(f"wrk -t{sys.argv[4]} -c{sys.argv[3]} -d{sys.argv[2]}s --latency, 127.0.0.1, landing page {sys.argv[5]} bytes\n")
print("| case | req/s | p50 ms | p99 ms | non-2xx | ratio | bar | ok |")
print("|---|---:|---:|---:|---:|---:|---|---|")
row = lambda n, x, ratio, bar, ok: print(f"| {n} | {x[0]:,.0f} | {x[1]:.2f} | {x[2]:.2f} | {int(x[3])} | {ratio} | {bar} | {'yes' if ok else 'NO'} |")
row("plain Kestrel, same bytes", p, "1.00", "", True)
row("landing page, output-cached", c, f"{c[0]/p[0]:.2f} of plain", ">= 0.70", c[0]/p[0] >= 0.70)
row("landing page, uncached (?nocache=1)", u, f"{u[0]/p[0]:.2f} of plain", ">= 0.25", u[0]/p[0] >= 0.25)
row("concatenated PHD, 10 instruments (uncached)", a, "", "", True)
m, q = b[1]/a[1], b[2]/a[2]
row("concatenated PHD, 10,000 instruments (uncached)", b, f"p50 {m:.2f}, p99 {q:.2f} of 10", "<= 1.2", m <= 1.2 and q <= 1.2)
row("OAI-PMH ListRecords page (100 DataCite records), 10,000 instruments", o, "", "p99 <= 50 ms", o[2] <= 50)
PY

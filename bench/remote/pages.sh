#!/usr/bin/env bash
# Issue 17's remote-mode bar: "resolution and landing pages stay within 1.5x of the embedded mode's latency (cached
# pages unaffected)". One run, side by side: the same demo data directory (copied) served three ways, asked in turn
# in every round with the same wrk:
#   embedded      phd serve                                   (the default: in-memory indexes answer /sparql)
#   remote        phd serve --sparql-store URL                (indexes kept; /sparql answered by Virtuoso)
#   lean-remote   phd serve --lean --sparql-store URL         (no quad in memory; pages read from SQLite; when supported)
# Pages: the resolution of a lone accession (a redirect), the instrument's landing page and its configuration version's page,
# each uncached (?nocache=1) and output-cached, Accept: text/html. Prints a Markdown table of p50 latencies and
# req/s, and the ratio of each remote mode to embedded (median of rounds).
#
# Usage: bench/remote/pages.sh [SECONDS=5] [ROUNDS=3]
# Needs Debian's virtuoso-opensource (started here through the peer kit's ../shared/bench/virtuoso.sh on its own
# ports: VIRT_SQL_PORT 11131, VIRT_HTTP_PORT 18893), wrk, curl, python3, the .NET SDK. State in $TMPDIR/phd-bench-remote.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
kit="$(cd "$root/../shared/bench" && pwd)"
dur=${1:-5}; rounds=${2:-3}
work="${PHD_BENCH_DIR:-${TMPDIR:-/tmp}/phd-bench-remote}"
export VIRT_DIR="$work/virtuoso" VIRT_SQL_PORT=${VIRT_SQL_PORT:-11131} VIRT_HTTP_PORT=${VIRT_HTTP_PORT:-18893} VIRT_BUFFERS=${VIRT_BUFFERS:-100000}
endpoint="http://127.0.0.1:$VIRT_HTTP_PORT/sparql"
export PHD_SPARQL_STORE_CREDENTIALS=dba:dba   # the kit's fresh Virtuoso keeps its default dba password
for tool in wrk curl python3 dotnet virtuoso-t; do command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done

rm -rf "$work"; mkdir -p "$work/out"
phd="$work/bin/phd.dll"
dotnet build -c Release -v q "$root/src/PhdResolver.Cli" -o "$work/bin" >"$work/build.log" 2>&1 || { echo "build failed: $work/build.log" >&2; exit 1; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; "$kit/virtuoso.sh" stop >/dev/null 2>&1 || true; }
trap cleanup EXIT
wait_for() { # URL SECONDS
  for _ in $(seq $(($2 * 5))); do [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ] && return 0; sleep 0.2; done
  echo "$1 not 200 after $2 s" >&2; return 1
}

# The demo data: a phd serve on an empty directory seeds it; stopped, then copied once per mode.
dotnet "$phd" serve --data "$work/seed" --urls http://127.0.0.1:18870 --base-uri http://127.0.0.1:18870/ --no-warmup >"$work/seed.log" 2>&1 & seed=$!
wait_for http://127.0.0.1:18870/readyz 120; kill "$seed"; wait "$seed" 2>/dev/null || true
"$kit/virtuoso.sh" start >&2

declare -A port=([embedded]=18871 [remote]=18872 [lean-remote]=18873)
declare -A args=([embedded]="" [remote]="--sparql-store $endpoint" [lean-remote]="--lean --sparql-store $endpoint")
modes=()
for m in embedded remote lean-remote; do
  cp -a "$work/seed" "$work/data-$m"; rm -f "$work/data-$m/store.lock" "$work/data-$m/serve.json"
  # shellcheck disable=SC2086
  dotnet "$phd" serve --data "$work/data-$m" --urls "http://127.0.0.1:${port[$m]}" --base-uri http://127.0.0.1:18870/ --no-demo ${args[$m]} >"$work/$m.log" 2>&1 &
  pid=$!; sleep 1
  if ! kill -0 "$pid" 2>/dev/null; then echo "$m: not supported by this build ($(tail -1 "$work/$m.log"))" >&2; continue; fi
  pids+=("$pid"); modes+=("$m")
done
# /readyz answers 200 once a remote mode's initial sync (every graph pushed to Virtuoso) is confirmed.
for m in "${modes[@]}"; do wait_for "http://127.0.0.1:${port[$m]}/readyz" 300; done

base="http://127.0.0.1:${port[embedded]}"
instance=$(curl -fs "$base/RRID:SCR_DEMO01" | grep -o 'href="/RRID:SCR_DEMO01/phd:[^"]*confocal-1"' | head -1 | cut -d'"' -f2)
pid_path="/$(grep -o 'phd:[^/]*' <<<"$instance")"   # the lone accession: resolved by a redirect to the landing page
version="$instance/c1"
for m in "${modes[@]}"; do  # every mode answers the same pages, and the remote modes' /sparql answers from Virtuoso
  for u in "$instance" "$version"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Accept: text/html' "http://127.0.0.1:${port[$m]}$u?nocache=1")
    [ "$code" = 200 ] || { echo "$m: $u answered $code" >&2; exit 1; }
  done
  n=$(curl -fs -H 'Accept: application/sparql-results+json' --data-urlencode 'query=SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "http://127.0.0.1:18870/")) }' "http://127.0.0.1:${port[$m]}/sparql" | python3 -c 'import json,sys; print(json.load(sys.stdin)["results"]["bindings"][0]["n"]["value"])')
  echo "$m: /sparql counts $n quads in the registry's graphs" >&2
done

cases=("resolve|$pid_path|" "instance uncached|$instance|?nocache=1" "instance cached|$instance|" "version uncached|$version|?nocache=1" "version cached|$version|")
# Warm-up: every case on every mode (JIT tiers, memos, the output cache).
for m in "${modes[@]}"; do for c in "${cases[@]}"; do IFS='|' read -r _ u q <<<"$c"
  wrk -t1 -c8 -d3s -H 'Accept: text/html' "http://127.0.0.1:${port[$m]}$u$q" >/dev/null; done; done
: >"$work/out/results.txt"
for r in $(seq "$rounds"); do
  for c in "${cases[@]}"; do IFS='|' read -r name u q <<<"$c"
    for m in "${modes[@]}"; do
      # wrk follows no redirects: the redirect of a resolution is the answer measured (counted as non-2xx, expected).
      wrk -t1 -c8 -d"${dur}s" --latency -H 'Accept: text/html' "http://127.0.0.1:${port[$m]}$u$q" >"$work/out/$m-$r-${name// /-}.txt"
      python3 - "$work/out/$m-$r-${name// /-}.txt" "$m" "$name" "$r" >>"$work/out/results.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
def ms(s):
    v, u = re.match(r"([0-9.]+)(us|ms|s)", s).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
p50 = ms(re.search(r"50%\s+(\S+)", t).group(1))
rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", t).group(1))
print(f"{sys.argv[2]}\t{sys.argv[3]}\t{sys.argv[4]}\t{p50}\t{rps}")
PY
    done
  done
done
uptime >&2
python3 - "$work/out/results.txt" "$dur" "$rounds" <<'PY'
import sys, statistics as st
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
modes = list(dict.fromkeys(r[0] for r in rows)); cases = list(dict.fromkeys(r[1] for r in rows))
def get(m, c, i): return [float(r[i]) for r in rows if r[0] == m and r[1] == c]
print(f"wrk -t1 -c8 -d{sys.argv[2]}s, {sys.argv[3]} rounds (modes in turn within each case and round), Accept: text/html; p50 ms and req/s, median of rounds\n")
head = "| page | " + " | ".join(f"{m} p50 ms | {m} req/s" for m in modes) + " | " + " | ".join(f"{m}/embedded p50 (per round)" for m in modes[1:]) + " |"
print(head); print("|" + "---|" * (1 + 2 * len(modes) + len(modes) - 1))
worst = 0
for c in cases:
    cells = []
    for m in modes: cells += [f"{st.median(get(m, c, 3)):.2f}", f"{st.median(get(m, c, 4)):,.0f}"]
    ratios = []
    for m in modes[1:]:
        per = [a / b for a, b in zip(get(m, c, 3), get("embedded", c, 3))]
        if not c.endswith(" cached"): worst = max(worst, st.median(per))  # the bar: resolution and uncached pages
        ratios.append(f"{st.median(per):.2f} ({', '.join(f'{x:.2f}' for x in per)})")
    print(f"| {c} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")
print(f"\nlargest median p50 ratio, remote modes to embedded, uncached pages and resolution: {worst:.2f} (bar: <= 1.5)")
PY

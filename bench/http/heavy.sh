#!/usr/bin/env bash
# Landing page latency while heavy SPARQL queries run (issue 12, bar: p99 <= 50 ms with 16 heavy queries).
# Usage: bench/http/heavy.sh [DURATION_SECONDS=10] [HEAVY=16]   — needs wrk, curl, python3, the .NET SDK.
# Starts `phd serve` on a temp data dir with the demo records, then measures the output-cached landing
# page with wrk (-t1 -c4) twice: idle, and while HEAVY clients each send one heavy query after another
# (a 27-million-row cross product; each runs until the 20 s SPARQL timeout or is refused with 503).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
dur="${1:-10}"; heavy="${2:-16}"; port="${PORT:-5490}"
dotnet build -c Release -v q "$root/src/PhdResolver.Cli" >/dev/null
phd="$root/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll"
work="$(mktemp -d /tmp/phd-heavy.XXXXXX)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
dotnet "$phd" serve --data "$work/data" --urls "http://127.0.0.1:$port" 2>"$work/serve.log" & pids+=($!)
for _ in $(seq 240); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.5; done
page="http://127.0.0.1:$port/$(curl -fs "http://127.0.0.1:$port/sitemap.xml" | python3 -c 'import sys,re; print([u for u in re.findall(r"<loc>([^<]+)</loc>", sys.stdin.read()) if "/c1" in u][0].split("/",3)[3])')"
curl -fs -H 'Accept: text/html' "$page" >/dev/null
python3 -c "
v = ' '.join(map(str, range(300)))
print('SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { %s } VALUES ?b { %s } VALUES ?c { %s } FILTER(STRLEN(CONCAT(STR(?a), STR(?b), STR(?c))) > 0) }' % (v, v, v))
" > "$work/heavy.rq"

measure() { # name -> "name p50 p99 max non2xx"
  wrk -t1 -c4 -d2s -H 'Accept: text/html' "$page" >/dev/null
  wrk -t1 -c4 -d"${dur}s" --latency -H 'Accept: text/html' "$page" > "$work/wrk-$1.txt"
  python3 - "$1" "$work/wrk-$1.txt" <<'PY'
import re, sys
t = open(sys.argv[2]).read()
def ms(s):
    v, u = re.match(r'([\d.]+)(us|ms|s)', s).groups(); return float(v) * {'us': 0.001, 'ms': 1, 's': 1000}[u]
p50 = ms(re.search(r'\n\s+50%\s+(\S+)', t).group(1)); p99 = ms(re.search(r'\n\s+99%\s+(\S+)', t).group(1))
mx = ms(re.search(r'Latency\s+\S+\s+\S+\s+(\S+)', t).group(1))
rps = float(re.search(r'Requests/sec:\s+([\d.]+)', t).group(1))
non = re.search(r'Non-2xx or 3xx responses: (\d+)', t)
print(f"{sys.argv[1]} {rps:.0f} {p50:.2f} {p99:.2f} {mx:.2f} {non.group(1) if non else 0}")
PY
}
idle="$(measure idle)"
stop="$work/stop"
for i in $(seq "$heavy"); do
  ( while [ ! -f "$stop" ]; do
      curl -s -o /dev/null -w '%{http_code}\n' -X POST -H 'Content-Type: application/sparql-query' --data-binary "@$work/heavy.rq" "http://127.0.0.1:$port/sparql" >> "$work/heavy-codes.txt" || echo 000 >> "$work/heavy-codes.txt"
    done ) & pids+=($!)
done
sleep 2
loaded="$(measure loaded)"
touch "$stop"
sleep 1
codes="$(sort "$work/heavy-codes.txt" | uniq -c | awk '{printf "%s x %s, ", $1, $2}')"
echo "landing page $page, wrk -t1 -c4 -d${dur}s, $heavy heavy query clients; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| case | req/s | p50 ms | p99 ms | max ms | non-2xx |"
echo "|---|---:|---:|---:|---:|---:|"
for r in "$idle" "$loaded"; do set -- $r; echo "| $1 | $2 | $3 | $4 | $5 | $6 |"; done
echo
echo "heavy query answers: ${codes%, }"

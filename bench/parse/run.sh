#!/usr/bin/env bash
# Parsing benchmark: our N-Triples and Turtle parsers vs Oxigraph (npm, WASM) on the same files,
# in the same run. Counts quads without storing them; 1 warm-up + RUNS timed runs, median.
# Not run in CI. Usage: bench/parse/run.sh [N_INSTRUMENTS] [RUNS]   (default 1000 -> ~1.07 M triples, 5 runs)
# OXI_API=parse uses oxigraph.parse instead of Store.load for the peer (see parse.mjs: very slow at 1 M).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
n="${1:-1000}"
runs="${2:-5}"
data="${PHD_BENCH_DIR:-/tmp/phd-bench}"
nt="$data/instruments.nt"
[ "$n" = 1000 ] || nt="$data/instruments-$n.nt"
ttl="${nt%.nt}.ttl"
gen="$here/../../../shared/bench/gen-instruments.py"
mkdir -p "$data"

if [ ! -s "$nt" ]; then
  [ -f "$gen" ] || { echo "generator not found: $gen (shared/ must sit beside the repository)" >&2; exit 1; }
  python3 "$gen" "$n" -o "$nt"
fi

(cd "$here" && [ -d node_modules/oxigraph ] || npm install --no-audit --no-fund >&2)
dotnet build "$here/ParseBench/ParseBench.csproj" -c Release -nologo -v q >&2
bench=(dotnet "$here/ParseBench/bin/Release/net10.0/ParseBench.dll")

# The Turtle version of the same data: prefixes, relative IRIs against a base, grouped by subject.
if [ ! -s "$ttl" ] || [ "$ttl" -ot "$nt" ]; then
  "${bench[@]}" write-ttl "$nt" "$ttl"
fi

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
for fmt in ntriples turtle; do
  file="$nt"; [ "$fmt" = turtle ] && file="$ttl"
  "${bench[@]}" time "$fmt" "$file" "$runs" | tee -a "$results" >&2
  (cd "$here" && node parse.mjs "$fmt" "$file" "$runs" --api "${OXI_API:-load}") | tee -a "$results" >&2
done

python3 - "$results" "$nt" "$ttl" <<'PY'
import json, os, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
sizes = {"ntriples": os.path.getsize(sys.argv[2]), "turtle": os.path.getsize(sys.argv[3])}
print("| format | file | quads | phd median (ms) | oxigraph median (ms) | ratio phd/oxigraph |")
print("|---|---|---:|---:|---:|---:|")
for fmt in ("ntriples", "turtle"):
    ours = next(r for r in rows if r["format"] == fmt and r["engine"] == "phd")
    peer = next(r for r in rows if r["format"] == fmt and r["engine"].startswith("oxigraph"))
    if ours["quads"] != peer["quads"]:
        print(f"WARNING: {fmt}: quad counts differ ({ours['quads']} vs {peer['quads']})", file=sys.stderr)
    print(f"| {fmt} | {sizes[fmt] / 1e6:.0f} MB | {ours['quads']:,} | {ours['median_ms']:.0f} | {peer['median_ms']:.0f} | {ours['median_ms'] / peer['median_ms']:.2f} |")
how = "Store.load into a fresh in-memory store (parse + index in WASM)" if peer.get("api") == "load" else "oxigraph.parse, counting the quads yielded"
print(f"\nphd: Release build, parser from a FileStream into a counting sink. {peer['engine']} (WASM, node {os.popen('node --version').read().strip()}): {how}. {ours['runs']} timed runs after a warm-up, median.")
PY

#!/usr/bin/env bash
# SHACL validation benchmark: our validator vs shacl-engine (npm) on the same NBO-Q data and tier 3 shapes,
# in the same run. Timed per run: compiling the shapes + validating (parsing and indexing are not timed on
# either side). 1 warm-up + RUNS timed runs, median. Not run in CI.
# Usage: bench/shacl/run.sh [N_DESCRIPTORS] [RUNS]   (default 1000 descriptors, 5 runs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
n="${1:-1000}"
runs="${2:-5}"
data="${PHD_BENCH_DIR:-/tmp/phd-shacl-bench}"
mma="$here/../../../shared/reference/micrometaapp/examples/microscope_configuration__TESM_MMA_el_91719.json"
mkdir -p "$data"
[ -f "$mma" ] || { echo "Micro-Meta App example not found: $mma (shared/ must sit beside the repository)" >&2; exit 1; }

(cd "$here" && [ -d node_modules/shacl-engine ] || npm install --no-audit --no-fund >&2)
dotnet build "$here/ShaclBench/ShaclBench.csproj" -c Release -nologo -v q >&2
bench=(dotnet "$here/ShaclBench/bin/Release/net10.0/ShaclBench.dll")
"${bench[@]}" gen "$mma" "$n" "$data/data.nt" "$data/shapes.ttl"

results="$(mktemp)"
trap 'rm -f "$results"' EXIT
"${bench[@]}" time "$data/data.nt" "$data/shapes.ttl" "$runs" | tee -a "$results" >&2
(cd "$here" && node validate.mjs "$data/data.nt" "$data/shapes.ttl" "$runs") | tee -a "$results" >&2

python3 - "$results" <<'PY'
import json, os, sys
rows = {r["engine"]: r for r in (json.loads(l) for l in open(sys.argv[1]) if l.strip())}
ours, peer = rows["phd"], rows["shacl-engine"]
print("| triples | phd median (ms) | shacl-engine median (ms) | ratio phd/shacl-engine | results phd / shacl-engine | violations phd / shacl-engine |")
print("|---:|---:|---:|---:|---:|---:|")
print(f"| {ours['triples']:,} | {ours['median_ms']:.0f} | {peer['median_ms']:.0f} | {ours['median_ms'] / peer['median_ms']:.2f} | {ours['results']} / {peer['results']} | {ours['violations']} / {peer['violations']} |")
if ours["results"] != peer["results"] or ours["violations"] != peer["violations"]:
    print("\nWARNING: the two validators report different numbers of results", file=sys.stderr)
print(f"\nphd: Release build. shacl-engine (node {os.popen('node --version').read().strip()}, rdf-ext datasets, N3.js parser). {ours['runs']} timed runs after a warm-up, median.")
PY

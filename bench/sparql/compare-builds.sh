#!/usr/bin/env bash
# Our engine at two commits, side by side in one run: for a change to the engine or the store (is it slower?),
# where the peers do not matter. Builds SparqlBench from BASE (a git ref, exported with git archive) and from
# the working tree, then runs them alternately ROUNDS times on the same data and prints, per query, the median
# of each build's medians and the ratio this/base (< 1: this build is faster).
# Usage: ./compare-builds.sh [BASE=main] [SIZE=1000] [ROUNDS=3]
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KIT=$(cd "$HERE/../../../shared/bench" && pwd)
BASE=${1:-main}; SIZE=${2:-1000}; ROUNDS=${3:-3}
WORK=${WORK:-/tmp/phd-sparql-compare}
DATA=${DATA_DIR:-/tmp/peers-data}/inst-$SIZE.nt
mkdir -p "$WORK/base-src" "$WORK/out"
mkdir -p "$(dirname "$DATA")"
[[ -s $DATA ]] || python3 "$KIT/gen-instruments.py" "$SIZE" -o "$DATA"
rm -rf "$WORK/base-src"/* && git -C "$(git -C "$HERE" rev-parse --show-toplevel)" archive "$BASE" | tar -x -C "$WORK/base-src"
dotnet build -c Release "$WORK/base-src/bench/sparql/SparqlBench.csproj" -o "$WORK/base-bin" > "$WORK/base.build.log" 2>&1
dotnet build -c Release "$HERE/SparqlBench.csproj" -o "$WORK/this-bin" > "$WORK/this.build.log" 2>&1
uptime | tee "$WORK/out/load-average.txt"
for r in $(seq "$ROUNDS"); do
  for b in base this; do
    echo "round $r: $b" >&2
    dotnet "$WORK/$b-bin/SparqlBench.dll" "$DATA" -r 5 "$KIT"/queries/*.rq > "$WORK/out/$b-$r.jsonl" 2> "$WORK/out/$b-$r.err"
  done
done
python3 - "$WORK/out" "$BASE" <<'PY'
import json, sys, glob, statistics
out, base = sys.argv[1], sys.argv[2]
med = {}
for b in ("base", "this"):
    for f in glob.glob(f"{out}/{b}-*.jsonl"):
        for line in open(f):
            d = json.loads(line)
            if "median_ms" in d: med.setdefault(d["query"], {}).setdefault(b, []).append(d["median_ms"])
print(f"| query | {base} ms | this ms | this/{base} |\n|---|---|---|---|")
ratios = []
for q in sorted(med):
    a, t = statistics.median(med[q]["base"]), statistics.median(med[q]["this"])
    ratios.append(t / a if a else 1)
    print(f"| {q} | {a:.2f} | {t:.2f} | {t / a if a else float('nan'):.2f} |")
print(f"| geometric mean | | | {statistics.geometric_mean(ratios):.3f} |")
PY

#!/usr/bin/env bash
# Our parsers at two commits, side by side in one run: is a change to the lexers slower? Builds this
# harness (ParseBench, from the working tree) once against BASE's library (git archive of BASE, with this
# ParseBench copied in) and once against the working tree's, then runs them alternately ROUNDS times on the
# same files - N-Triples, Turtle and a SPARQL TSV result - and prints, per format, the median of each build's
# medians and the ratio this/base (< 1: this build is faster), the same for the CPU time of the process (less
# disturbed by other work on the machine than the wall clock) and the bytes one parse allocates. Not run in CI.
# Usage: ./compare-builds.sh [BASE=main] [N_INSTRUMENTS=1000] [ROUNDS=3] [RUNS=5]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(git -C "$here" rev-parse --show-toplevel)"
BASE=${1:-main}; n=${2:-1000}; ROUNDS=${3:-3}; runs=${4:-5}
WORK=${WORK:-/tmp/phd-parse-compare}
data="${PHD_BENCH_DIR:-/tmp/phd-bench}"
nt="$data/instruments.nt"
[ "$n" = 1000 ] || nt="$data/instruments-$n.nt"
ttl="${nt%.nt}.ttl"; tsv="${nt%.nt}.tsv"
gen="$repo/../shared/bench/gen-instruments.py"
mkdir -p "$data" "$WORK/base-src" "$WORK/out"
rm -f "$WORK"/out/*
[ -s "$nt" ] || python3 "$gen" "$n" -o "$nt"

rm -rf "$WORK/base-src"/* && git -C "$repo" archive "$BASE" | tar -x -C "$WORK/base-src"
rm -rf "$WORK/base-src/bench/parse/ParseBench" && cp -r "$here/ParseBench" "$WORK/base-src/bench/parse/ParseBench"
rm -rf "$WORK/base-src/bench/parse/ParseBench/bin" "$WORK/base-src/bench/parse/ParseBench/obj"
dotnet build -c Release "$WORK/base-src/bench/parse/ParseBench/ParseBench.csproj" -o "$WORK/base-bin" > "$WORK/base.build.log" 2>&1
dotnet build -c Release "$here/ParseBench/ParseBench.csproj" -o "$WORK/this-bin" > "$WORK/this.build.log" 2>&1

[ -s "$ttl" ] && [ "$ttl" -nt "$nt" ] || dotnet "$WORK/this-bin/ParseBench.dll" write-ttl "$nt" "$ttl"
[ -s "$tsv" ] && [ "$tsv" -nt "$nt" ] || dotnet "$WORK/this-bin/ParseBench.dll" write-tsv "$nt" "$tsv"

uptime | tee "$WORK/out/load-average.txt"
for r in $(seq "$ROUNDS"); do
  for b in base this; do
    for fmt in ntriples turtle tsv; do
      file="$nt"; [ "$fmt" = turtle ] && file="$ttl"; [ "$fmt" = tsv ] && file="$tsv"
      echo "round $r: $b $fmt" >&2
      dotnet "$WORK/$b-bin/ParseBench.dll" time "$fmt" "$file" "$runs" >> "$WORK/out/$b.jsonl"
    done
  done
done
uptime | tee -a "$WORK/out/load-average.txt"

python3 - "$WORK/out" "$BASE" "$nt" "$ttl" "$tsv" <<'PY'
import json, os, sys, statistics
out, base = sys.argv[1], sys.argv[2]
files = {"ntriples": sys.argv[3], "turtle": sys.argv[4], "tsv": sys.argv[5]}
med, cpu, alloc, count = {}, {}, {}, {}
for b in ("base", "this"):
    for line in open(f"{out}/{b}.jsonl"):
        d = json.loads(line)
        med.setdefault(d["format"], {}).setdefault(b, []).append(d["median_ms"])
        # CPU time and allocations: printed by harnesses since 2026-12-03 (older runs have wall times only).
        if "cpu_median_ms" in d: cpu.setdefault(d["format"], {}).setdefault(b, []).append(d["cpu_median_ms"])
        if "alloc_mb" in d: alloc.setdefault(d["format"], {})[b] = d["alloc_mb"]
        c = count.setdefault(d["format"], d["quads"])
        if c != d["quads"]: print(f"WARNING: {d['format']}: counts differ ({c} vs {d['quads']})", file=sys.stderr)
print(f"| format | file | quads or rows | {base} ms | this ms | this/{base} | CPU this/{base} | {base} MB allocated | this MB allocated |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for f in ("ntriples", "turtle", "tsv"):
    a, t = statistics.median(med[f]["base"]), statistics.median(med[f]["this"])
    c = cpu.get(f, {})
    cr = f"{statistics.median(c['this']) / statistics.median(c['base']):.2f}" if "base" in c and "this" in c else ""
    al = alloc.get(f, {})
    print(f"| {f} | {os.path.getsize(files[f]) / 1e6:.0f} MB | {count[f]:,} | {a:.0f} | {t:.0f} | {t / a:.2f} | {cr} | {al.get('base', float('nan')):.0f} | {al.get('this', float('nan')):.0f} |")
print("\nPer round (wall median ms of the runs):\n\n| format | " + base + " | this |\n|---|---|---|")
for f in ("ntriples", "turtle", "tsv"):
    print(f"| {f} | {', '.join(f'{x:.0f}' for x in med[f]['base'])} | {', '.join(f'{x:.0f}' for x in med[f]['this'])} |")
PY

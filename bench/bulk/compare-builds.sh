#!/usr/bin/env bash
# One batch of N instruments at two commits, side by side in one run: the registry code of BASE (a git ref, exported
# with git archive and built apart) and of the working tree, the same bench program and descriptor. The builds
# alternate base/this ROUNDS times, one at a time (never both at once), so each pair shares the machine's load.
# Prints each run's batch line (wall s, CPU s, stages) and the medians and ratios this/base of wall and CPU seconds.
# Usage: bench/bulk/compare-builds.sh [BASE=main] [N=10000] [ROUNDS=2]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
BASE=${1:-main}; N=${2:-10000}; ROUNDS=${3:-2}
work="${PHD_BENCH_DIR:-${TMPDIR:-/tmp}/phd-bench-bulk-compare}"; mkdir -p "$work/out"

"$root/bench/build-at.sh" "$BASE" bench/bulk "$work/base-bin"   # kept between runs
dotnet build -c Release -v q "$here" -o "$work/this-bin" > "$work/this.build.log" 2>&1
desc="$root/src/PhdResolver.Web/Demo/confocal-2-c1.ttl"   # the same descriptor for both

: > "$work/out/results.txt"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$work/out/load-average.txt" >&2
for r in $(seq "$ROUNDS"); do
  for b in base this; do
    # M=0: the one-call-per-record side is left out here (bench/bulk/run.sh measures it).
    line="$(dotnet "$work/$b-bin/Bulk.dll" "$N" 0 "$desc" "$work/data-$b" 2>&1 | grep -E '^(batch of|batch:)' | tr '\n' ' ')"
    echo "round $r $b: $line" >&2
    echo "$b $line" >> "$work/out/results.txt"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/out/load-average.txt" >&2

python3 - "$work/out/results.txt" "$BASE" "$N" <<'PY'
import re, sys, statistics
runs = {"base": [], "this": []}
for line in open(sys.argv[1]):
    b, rest = line.split(" ", 1)
    m = re.search(r"in ([0-9.]+) s \(([0-9.]+) s CPU\)", rest)
    st = re.search(r"parse ([0-9.]+) s, validated ([0-9.]+) s, staged ([0-9.]+) s, commit and index ([0-9.]+) s", rest)
    if m and st: runs[b].append([float(m.group(1)), float(m.group(2))] + [float(x) for x in st.groups()])
base, n = sys.argv[2], int(sys.argv[3])
names = ["wall s", "CPU s", "parse s", "validate s", "stage s", "commit and index s"]
med = {b: [statistics.median(r[i] for r in v) for i in range(len(names))] for b, v in runs.items() if v}
# Each round runs base then this back to back: the per-round ratio shares that round's load.
paired = [statistics.median(t[i] / b_[i] for b_, t in zip(runs["base"], runs["this"])) for i in range(len(names))]
print(f"one batch of {n:,} instruments, median of {len(runs['this'])} rounds\n")
print(f"| | {base} | this | this/{base} (per round, median) |\n|---|---:|---:|---:|")
for i, nm in enumerate(names):
    print(f"| {nm} | {med['base'][i]:.2f} | {med['this'][i]:.2f} | {paired[i]:.2f} |")
PY

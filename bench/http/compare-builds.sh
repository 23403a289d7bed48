#!/usr/bin/env bash
# The landing page at two commits, side by side in one run: is a change to the web layer slower?
# Builds `phd` from BASE (a git ref, exported with git archive) and from the working tree, seeds one data
# directory with Seed/ (N instruments, default 10), gives each server its own copy, and runs wrk against
# the uncached landing page (?nocache=1), the output-cached one and plain Kestrel serving the same bytes,
# alternating base/this ROUNDS times. Prints req/s medians and the ratios this/base and uncached/plain.
# Needs wrk (apt-get install -y wrk). Usage: bench/http/compare-builds.sh [BASE=main] [SECONDS=8] [ROUNDS=3] [N=10]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; root="$(cd "$here/../.." && pwd)"
BASE=${1:-main}; dur=${2:-8}; ROUNDS=${3:-3}; N=${4:-10}
conns="${CONNS:-32}"; threads="${THREADS:-2}"
work="${PHD_BENCH_DIR:-${TMPDIR:-/tmp}/phd-bench-http-compare}"; mkdir -p "$work/out"
P_PLAIN=5490; P_BASE=5491; P_THIS=5492
desc="$root/src/PhdResolver.Web/Demo/confocal-1-c1.ttl"

base_rev="$(git -C "$root" rev-parse "$BASE")"
if [ "$(cat "$work/base-bin/.rev" 2>/dev/null)" != "$base_rev" ]; then   # the base build is kept between runs
  rm -rf "$work/base-src" "$work/base-bin" && mkdir -p "$work/base-src" && git -C "$root" archive "$base_rev" | tar -x -C "$work/base-src"
  dotnet build -c Release -v q "$work/base-src/src/PhdResolver.Cli" -o "$work/base-bin" > "$work/base.build.log" 2>&1
  echo "$base_rev" > "$work/base-bin/.rev"
fi
dotnet build -c Release -v q "$root/src/PhdResolver.Cli" -o "$work/this-bin" > "$work/this.build.log" 2>&1
dotnet build -c Release -v q "$here/Plain" >/dev/null
dotnet build -c Release -v q "$here/Seed" >/dev/null

# One seeding (the same records, dates and accessions for both builds), one copy per server.
if [ ! -f "$work/data/.seeded" ]; then
  rm -rf "$work/data"; dotnet "$here/Seed/bin/Release/net10.0/Seed.dll" "$work/data" "$N" "http://127.0.0.1:5480/" "$desc" > "$work/data.path"; touch "$work/data/.seeded"
fi
path="$(cat "$work/data.path")"
for b in base this; do rm -rf "$work/data-$b"; cp -r "$work/data" "$work/data-$b"; done

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
# Both serve under the same base URI as the seed, so the pages differ only by what the build renders.
dotnet "$work/base-bin/phd.dll" serve --data "$work/data-base" --urls "http://127.0.0.1:$P_BASE" --base-uri "http://127.0.0.1:5480/" --no-demo 2>"$work/base.log" >&2 & pids+=($!)
dotnet "$work/this-bin/phd.dll" serve --data "$work/data-this" --urls "http://127.0.0.1:$P_THIS" --base-uri "http://127.0.0.1:5480/" --no-demo 2>"$work/this.log" >&2 & pids+=($!)
for p in $P_BASE $P_THIS; do for _ in $(seq 120); do curl -fs "http://127.0.0.1:$p/healthz" >/dev/null && break; sleep 0.5; done; done
curl -fs -H 'Accept: text/html' "http://127.0.0.1:$P_THIS$path" > "$work/landing-this.html"
curl -fs -H 'Accept: text/html' "http://127.0.0.1:$P_BASE$path" > "$work/landing-base.html"
cmp -s "$work/landing-base.html" "$work/landing-this.html" && echo "landing page: the same bytes from both builds" >&2 || echo "landing page: the builds' bytes differ (see $work/landing-*.html)" >&2
dotnet "$here/Plain/bin/Release/net10.0/Plain.dll" "$work/landing-this.html" "http://127.0.0.1:$P_PLAIN" & pids+=($!)
for _ in $(seq 60); do curl -fs "http://127.0.0.1:$P_PLAIN/" >/dev/null && break; sleep 0.5; done

run() { # name url -> "name rps"
  curl -fs -H 'Accept: text/html' "$2" >/dev/null
  wrk -t"$threads" -c"$conns" -d3s -H 'Accept: text/html' "$2" >/dev/null
  wrk -t"$threads" -c"$conns" -d"${dur}s" --latency -H 'Accept: text/html' "$2" > "$work/out/wrk-$1.txt"
  echo "$1 $(sed -n 's/^Requests\/sec:[[:space:]]*\([0-9.]*\)/\1/p' "$work/out/wrk-$1.txt")"
}
uptime | tee "$work/out/load-average.txt" >&2
: > "$work/out/results.txt"
for r in $(seq "$ROUNDS"); do
  echo "round $r" >&2
  {
    run "plain" "http://127.0.0.1:$P_PLAIN$path"
    run "base-uncached" "http://127.0.0.1:$P_BASE$path?nocache=1"
    run "this-uncached" "http://127.0.0.1:$P_THIS$path?nocache=1"
    run "base-cached" "http://127.0.0.1:$P_BASE$path"
    run "this-cached" "http://127.0.0.1:$P_THIS$path"
  } >> "$work/out/results.txt"
done
uptime | tee -a "$work/out/load-average.txt" >&2

python3 - "$work/out/results.txt" "$BASE" "$dur" "$conns" "$threads" "$(wc -c < "$work/landing-this.html")" <<'PY'
import sys, statistics
res = {}
for line in open(sys.argv[1]):
    k, v = line.split(); res.setdefault(k, []).append(float(v))
# The builds alternate within a round, so a round's this/base ratio shares that round's load: its median is the
# steadier signal on a busy machine (the medians of each build's req/s can come from different rounds).
paired = {c: statistics.median(t / b for t, b in zip(res[f"this-{c}"], res[f"base-{c}"])) for c in ("uncached", "cached")}
m = {k: statistics.median(v) for k, v in res.items()}
base = sys.argv[2]
print(f"wrk -t{sys.argv[5]} -c{sys.argv[4]} -d{sys.argv[3]}s, 127.0.0.1, landing page {sys.argv[6]} bytes, median of {len(res['plain'])} rounds\n")
print(f"| case | {base} req/s | this req/s | this/{base} | this/{base} per round (median) | {base}/plain | this/plain |\n|---|---:|---:|---:|---:|---:|---:|")
for case in ("uncached", "cached"):
    b, t, p = m[f"base-{case}"], m[f"this-{case}"], m["plain"]
    print(f"| landing page, {case} | {b:,.0f} | {t:,.0f} | {t/b:.2f} | {paired[case]:.2f} | {b/p:.2f} | {t/p:.2f} |")
print(f"| plain Kestrel, same bytes | {m['plain']:,.0f} | | | | | |")
PY

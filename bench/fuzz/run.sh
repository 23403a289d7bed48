#!/usr/bin/env bash
# Fuzzes every parser with afl++ through SharpFuzz (issue 12, item 7).
#   bench/fuzz/run.sh [TARGET...]      default: all targets
#   SECONDS_PER_HARNESS=1800 (default)  afl-fuzz time per target
#   PARALLEL=1                          run all targets at once, each under `nice -n 19` (they only
#                                       take idle CPU); the script waits for all and prints the stats
# Installs afl++ (apt) and SharpFuzz.CommandLine 2.3.* (local tool path) if missing, publishes the
# harness, instruments the project's assemblies, builds seed corpora from the W3C suites in
# ../shared/reference/w3c, and runs afl-fuzz per target. Findings land in bench/fuzz/out/TARGET;
# replay one with: dotnet bench/fuzz/out/bin/PhdResolver.Fuzz.dll TARGET FILE
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
w3c="${W3C_TESTS:-$repo/../shared/reference/w3c}"
out="$here/out"
secs="${SECONDS_PER_HARNESS:-1800}"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(turtle trig ntriples nquads rdfxml jsonld mma sparql-query sparql-update sparql-eval)

if ! command -v afl-fuzz >/dev/null; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq afl++
fi
tools="$out/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version '2.3.*' --tool-path "$tools"
fi

# Publish, then instrument the assemblies whose code is fuzzed (not the BCL, not SharpFuzz).
dotnet publish "$here/Harness" -c Release -o "$out/bin" --nologo -v q
for dll in PhdResolver.Rdf PhdResolver.Nboq PhdResolver.Sparql PhdResolver.Store; do
  "$tools/sharpfuzz" "$out/bin/$dll.dll" || echo "($dll: already instrumented)"
done

# Seeds: the W3C test files of each syntax (small ones only: afl wants inputs under ~100 kB).
seed() { # target, find expression...
  local t="$1"; shift
  local dir="$out/seeds/$t"
  rm -rf "$dir"; mkdir -p "$dir"
  # (|| true: head closes the pipe early, which pipefail would count as a failure)
  find "$w3c" -type f \( "$@" \) -size -64k 2>/dev/null | head -n 400 | while read -r f; do
    cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)"
  done || true
  [ -n "$(ls -A "$dir")" ] || echo 'x' > "$dir/empty"
}
seed turtle -name '*.ttl'
seed trig -name '*.trig'
seed ntriples -name '*.nt'
seed nquads -name '*.nq'
seed rdfxml -name '*.rdf'
seed jsonld -name '*.jsonld'
seed sparql-query -name '*.rq'
seed sparql-update -name '*.ru'
seed sparql-eval -name '*.rq'
mkdir -p "$out/seeds/mma"
cp "$repo"/../shared/reference/micrometaapp/examples/*.json "$out/seeds/mma/" 2>/dev/null || true
find "$repo/samples" -name '*.json' -size -200k -exec cp {} "$out/seeds/mma/" \; 2>/dev/null || true
[ -n "$(ls -A "$out/seeds/mma")" ] || echo '{"Schema_ID":"Instrument.json"}' > "$out/seeds/mma/min.json"

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
# Several instances on few cores: afl would bind each to a free core and refuse to start the third.
export AFL_NO_AFFINITY=1
stats() { # target
  local s="$out/$1/default/fuzzer_stats"
  if [ -f "$s" ]; then
    grep -E '^(run_time|execs_done|execs_per_sec|saved_crashes|saved_hangs|corpus_count)' "$s" | tr -s ' ' | sed "s/^/$1: /"
  fi
}
fuzz() { # target
  # -t: SharpFuzz runs out of process; 10 s covers the first (JIT-heavy) executions. -m none: .NET reserves much virtual memory.
  afl-fuzz -V "$secs" -t 10000 -m none -i "$out/seeds/$1" -o "$out/$1" -- dotnet "$out/bin/PhdResolver.Fuzz.dll" "$1" || true
}
if [ "${PARALLEL:-0}" = 1 ]; then
  pids=()
  for t in "${targets[@]}"; do
    echo "== $t: afl-fuzz for $secs s (parallel, nice 19), log in $out/$t.log"
    rm -rf "${out:?}/$t"
    # renice first: afl-fuzz and every harness process it forks inherit the niceness
    ( renice -n 19 -p "$BASHPID" >/dev/null; fuzz "$t" ) >"$out/$t.log" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}" || true
  for t in "${targets[@]}"; do stats "$t"; done
  exit 0
fi
for t in "${targets[@]}"; do
  echo "== $t: afl-fuzz for $secs s"
  fuzz "$t"
  stats "$t"
done

#!/usr/bin/env bash
# Our engine (phd) and the peers (Virtuoso, Oxigraph, Jena) on the same data in the same run;
# prints one Markdown table per size (see README.md). Usage: ./run.sh [-r RUNS] [SIZES...]
#   env: ENGINES=phd,virtuoso,oxigraph,jena (subset to run; the others' last results are reused
#        from $OUT_DIR if present, and the table says so)   DATA_DIR=/tmp/peers-data
#        OUT_DIR=/tmp/phd-sparql-bench   OXI_DIR=/tmp/phd-bench-oxi (npm oxigraph install)
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KIT=$(cd "$HERE/../../../shared/bench" && pwd)      # the peer kit, called in place, never copied
DATA_DIR=${DATA_DIR:-/tmp/peers-data}
OUT_DIR=${OUT_DIR:-/tmp/phd-sparql-bench}
OXI_DIR=${OXI_DIR:-/tmp/phd-bench-oxi}
ENGINES=${ENGINES:-phd,virtuoso,oxigraph,jena}
RUNS=5
if [[ ${1:-} == -r ]]; then RUNS=$2; shift 2; fi
SIZES=("$@"); [[ ${#SIZES[@]} -gt 0 ]] || SIZES=(1000 10000)
has() { [[ ,$ENGINES, == *,$1,* ]]; }
peak_kb() { awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$1"; }
QUERIES=("$KIT"/queries/*.rq)

# ---- prerequisites (README.md): install only what is missing
need_apt=()
has virtuoso && ! command -v virtuoso-t > /dev/null && need_apt+=(virtuoso-opensource)
has jena && [[ ! -r /usr/share/java/jena-arq.jar ]] && need_apt+=(libapache-jena-java)
has jena && ! command -v javac > /dev/null && need_apt+=(openjdk-17-jdk-headless)
[[ -x /usr/bin/time ]] || need_apt+=(time)
if [[ ${#need_apt[@]} -gt 0 ]]; then
  echo "installing ${need_apt[*]}" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >&2
fi
if has oxigraph && [[ ! -d $OXI_DIR/node_modules/oxigraph ]]; then
  mkdir -p "$OXI_DIR" && (cd "$OXI_DIR" && npm install --no-audit --no-fund "oxigraph@^0.5.11" >&2)
fi
# oxigraph.mjs imports "oxigraph": run it through a symlink next to our node_modules
# (--preserve-symlinks-main makes Node resolve imports from the link's folder).
if has oxigraph; then ln -sf "$KIT/oxigraph.mjs" "$OXI_DIR/oxigraph.mjs"; fi
if has phd; then
  dotnet build -c Release "$HERE/SparqlBench.csproj" -o "$OUT_DIR/bin" > "$OUT_DIR.build.log" 2>&1 \
    || { echo "build failed, see $OUT_DIR.build.log" >&2; exit 1; }
fi

mkdir -p "$DATA_DIR"
for N in "${SIZES[@]}"; do
  data=$DATA_DIR/inst-$N.nt; out=$OUT_DIR/$N; mkdir -p "$out"
  if [[ ! -s $data ]]; then
    echo "[$N] generating $data" >&2
    python3 "$KIT/gen-instruments.py" "$N" -o "$data.tmp" 2> "$out/gen.log" && mv "$data.tmp" "$data"
  fi
  uptime > "$out/load-average.txt"
  if has phd; then
    echo "[$N] phd" >&2
    dotnet "$OUT_DIR/bin/SparqlBench.dll" "$data" -r "$RUNS" "${QUERIES[@]}" > "$out/phd.jsonl" 2> "$out/phd.err"
  fi
  if has virtuoso; then
    echo "[$N] virtuoso" >&2
    "$KIT/virtuoso.sh" start
    { "$KIT/virtuoso.sh" load "$data"; "$KIT/virtuoso.sh" bench -r "$RUNS" "${QUERIES[@]}"; } > "$out/virtuoso.jsonl"
    "$KIT/virtuoso.sh" mem | sed 's/^{/{"engine":"virtuoso","done":true,/' >> "$out/virtuoso.jsonl"
    "$KIT/virtuoso.sh" stop 2> /dev/null
  fi
  if has oxigraph; then
    echo "[$N] oxigraph" >&2
    oq=("${QUERIES[@]}")
    # Kit README: Oxigraph 0.5's q05 (OPTIONAL + !BOUND) did not finish in 695 s at N=10,000.
    if [[ $N -ge 10000 ]]; then oq=(); for q in "${QUERIES[@]}"; do [[ $q == *q05-* ]] || oq+=("$q"); done; fi
    timeout "${OXI_TIMEOUT:-1500}" /usr/bin/time -v -o "$out/oxigraph.time" \
      node --preserve-symlinks --preserve-symlinks-main --max-old-space-size=8192 "$OXI_DIR/oxigraph.mjs" "$data" -r "$RUNS" "${oq[@]}" \
      > "$out/oxigraph.jsonl" 2> "$out/oxigraph.err"
    echo "{\"engine\":\"oxigraph\",\"exit\":$?,\"peak_rss_kb\":$(peak_kb "$out/oxigraph.time" || echo null)}" >> "$out/oxigraph.jsonl"
  fi
  if has jena; then
    echo "[$N] jena" >&2
    timeout "${JENA_TIMEOUT:-1500}" /usr/bin/time -v -o "$out/jena.time" "$KIT/jena.sh" bench "$data" -r "$RUNS" "${QUERIES[@]}" \
      > "$out/jena.jsonl" 2> "$out/jena.err"
    echo "{\"engine\":\"jena\",\"exit\":$?,\"peak_rss_kb\":$(peak_kb "$out/jena.time" || echo null)}" >> "$out/jena.jsonl"
  fi
  uptime >> "$out/load-average.txt"
  python3 "$HERE/table.py" "$out" "$ENGINES"
done

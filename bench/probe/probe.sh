#!/usr/bin/env bash
# Probe a real `phd serve` with every reproduction of issue 12 (see README.md).
# Usage: bench/probe/probe.sh            (builds phd if needed; PHD=/path/to/phd.dll to use another build)
# Exit status: 0 if the server is alive at the end and every hostile request got a 4xx or 503
# (never a 5xx, a reset or no answer); 1 otherwise.
set -u
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PHD="${PHD:-$ROOT/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll}"
if [ ! -f "$PHD" ]; then
  dotnet build "$ROOT/src/PhdResolver.Cli" -c Release -v q >/dev/null || { echo "build failed"; exit 1; }
fi
WORK="$(mktemp -d /tmp/phd-probe.XXXXXX)"
DATA="$WORK/data"
PORT="${PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}"
BASE="http://127.0.0.1:$PORT"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

TOKEN="$(dotnet "$PHD" token create --data "$DATA" --admin 2>/dev/null | tail -1)"
start_server() {
  dotnet "$PHD" serve --data "$DATA" --urls "$BASE" >>"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    curl -sf -o /dev/null "$BASE/healthz" && break
    sleep 0.2
  done
  curl -sf -o /dev/null "$BASE/healthz" || { echo "phd serve did not start"; tail -50 "$WORK/server.log"; exit 1; }
}
start_server
DEATHS=0

FAILS=0
TOTAL=0
RESULTS="$WORK/results.txt"
: >"$RESULTS"

# gen NAME PYTHON-EXPRESSION: writes the payload to $WORK/NAME
gen() { python3 -c "import sys; sys.stdout.write($2)" >"$WORK/$1"; }

# send NAME EXPECT METHOD PATH [CONTENT-TYPE FILE] [AUTH]
#   EXPECT: "hostile" (4xx or 503 required) or "any" (anything but 5xx/reset; 503 allowed)
send() {
  local name="$1" expect="$2" method="$3" path="$4" type="${5:-}" file="${6:-}" auth="${7:-}"
  local args=(-s -o "$WORK/last.body" -w '%{http_code}' -X "$method" --max-time 120)
  [ "$method" = GET ] && args+=(-L)   # follow the resolver's redirects to the canonical path
  [ -n "$type" ] && args+=(-H "Content-Type: $type")
  [ -n "$file" ] && args+=(--data-binary "@$WORK/$file")
  [ -n "$auth" ] && args+=(-H "Authorization: Bearer $auth")
  local code
  code="$(curl "${args[@]}" "$BASE$path" 2>/dev/null)"
  [ -z "$code" ] && code=000
  record "$name" "$expect" "$code"
}

record() {
  local name="$1" expect="$2" code="$3" ok=1
  TOTAL=$((TOTAL + 1))
  case "$code" in
    000) ok=0 ;;                       # reset, refused or timed out
    503) ;;                            # busy or timed out: allowed everywhere
    5??) ok=0 ;;
    4??) ;;
    *) [ "$expect" = "hostile" ] && ok=0 ;;
  esac
  if [ $ok -eq 1 ]; then printf 'ok    %s  %s\n' "$code" "$name" >>"$RESULTS"; else printf 'FAIL  %s  %s\n' "$code" "$name" >>"$RESULTS"; FAILS=$((FAILS + 1)); fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    # Record the death (with the first lines of the crash report), restart, and keep probing.
    printf 'FAIL  ---  server DIED after: %s (%s)\n' "$name" "$(grep -m1 -E 'overflow|Unhandled|Fatal' "$WORK/server.log" | cut -c1-100)" >>"$RESULTS"
    FAILS=$((FAILS + 1)); DEATHS=$((DEATHS + 1))
    : >"$WORK/server.log"
    start_server
  fi
}

N=1000000
# ---- SPARQL: depth and length (issue 12 item 1)
gen q_paren      "'SELECT * WHERE { FILTER(' + '('*$N + '1' + ')'*$N + ') }'"
gen q_str        "'SELECT * WHERE { FILTER(' + 'STR('*400000 + '1' + ')'*400000 + ') }'"
gen q_str_big    "'SELECT * WHERE { FILTER(' + 'STR('*$N + '1' + ')'*$N + ') }'"
gen q_groups     "'SELECT * WHERE ' + '{ '*$N + '} '*$N"
gen q_plus       "'SELECT * WHERE { FILTER(' + '+'.join(['1']*$N) + ') }'"
gen q_and        "'SELECT * WHERE { FILTER(' + '&&'.join(['true']*$N) + ') }'"
gen q_coll       "'SELECT * WHERE { ?s <p> ' + '( '*$N + '1' + ' )'*$N + ' }'"
gen q_coll10k    "'SELECT * WHERE { ?s <p> ' + '( '*10000 + '1' + ' )'*10000 + ' }'"
gen q_flatcoll   "'SELECT * WHERE { ?s <p> (' + ' ?x'*$N + ' ) }'"
gen q_path       "'SELECT * WHERE { ?s ' + '/'.join(['<p>']*$N) + ' ?o }'"
gen q_union      "'SELECT * WHERE { ' + ' UNION '.join(['{ ?s ?p ?o }']*200000) + ' }'"
gen q_optional   "'SELECT * WHERE { ?s ?p ?o ' + 'OPTIONAL { ?s ?p ?o } '*200000 + '}'"
for q in q_paren q_str q_str_big q_groups q_plus q_and q_coll q_coll10k q_flatcoll q_path q_union q_optional; do
  send "POST /sparql $q" hostile POST /sparql application/sparql-query "$q"
done
send "GET /sparql deep FILTER (URL)" hostile GET "/sparql?query=$(python3 -c "import urllib.parse; print(urllib.parse.quote('SELECT * WHERE { FILTER(' + '('*2000 + '1' + ')'*2000 + ') }'))")"

# ---- CONCAT doubling, REPLACE blow-up (item 2)
gen q_concat "'SELECT (STRLEN(?a30) AS ?n) WHERE { BIND(\"ab\" AS ?a0) ' + ''.join(f'BIND(CONCAT(?a{i-1}, ?a{i-1}) AS ?a{i}) ' for i in range(1, 31)) + '}'"
send "CONCAT doubling to 2^31 chars" hostile POST /sparql application/sparql-query q_concat
gen q_replace "'SELECT (REPLACE(\"' + 'x'*4096 + '\", \".\", \"' + 'y'*8192 + '\") AS ?r) WHERE {}'"
send "REPLACE to 32 Mi chars" hostile POST /sparql application/sparql-query q_replace

# ---- concurrent heavy queries while a landing page is fetched (item 2)
gen q_heavy "'SELECT (COUNT(*) AS ?n) WHERE { VALUES ?a { ' + ' '.join(map(str, range(300))) + ' } VALUES ?b { ' + ' '.join(map(str, range(300))) + ' } VALUES ?c { ' + ' '.join(map(str, range(300))) + ' } FILTER(STRLEN(CONCAT(STR(?a), STR(?b), STR(?c))) > 0) }'"
for i in $(seq 1 16); do
  curl -s -o /dev/null -w '%{http_code}\n' --max-time 120 -X POST -H 'Content-Type: application/sparql-query' --data-binary "@$WORK/q_heavy" "$BASE/sparql" >"$WORK/heavy.$i" 2>/dev/null &
done
sleep 1
PAGE="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 30 "$BASE/" 2>/dev/null)"
wait $(jobs -p | grep -v "^$SERVER_PID\$") 2>/dev/null
for i in $(seq 1 16); do
  code="$(cat "$WORK/heavy.$i")"; [ -z "$code" ] && code=000
  record "16 concurrent heavy queries #$i" any "$code"
done
record "landing page during 16 heavy queries (${PAGE#* } s)" any "${PAGE%% *}"

# ---- /api/validate: deep Turtle and JSON-LD (fixed by the parsers' own limits, see README)
gen t_list  "'@prefix : <http://x/> .\n:s :p ' + '('*100000 + ':o' + ')'*100000 + ' .\n'"
gen t_bnode "'@prefix : <http://x/> .\n:s :p ' + '[ :p '*60000 + ':o' + ' ]'*60000 + ' .\n'"
gen j_deep  "'{\"@id\":\"http://x/s\",\"http://x/p\":' + '{\"http://x/p\":'*100000 + '\"o\"' + '}'*100000 + '}'"
gen j_arr   "'{\"@id\":\"http://x/s\",\"http://x/p\":' + '['*100000 + '\"o\"' + ']'*100000 + '}'"
send "validate Turtle ((( 10^5 deep" hostile POST "/api/validate?tier=1" text/turtle t_list
send "validate Turtle [ :p [ 6*10^4 deep" hostile POST "/api/validate?tier=1" text/turtle t_bnode
send "validate JSON-LD objects 10^5 deep" hostile POST "/api/validate?tier=1" application/ld+json j_deep
send "validate JSON-LD arrays 10^5 deep" hostile POST "/api/validate?tier=1" application/ld+json j_arr

# ---- oversized bodies
gen big5m "'x' * (5 * 1024 * 1024)"
send "5 MiB SPARQL body" hostile POST /sparql application/sparql-query big5m
send "5 MiB validate body" hostile POST "/api/validate?tier=1" text/turtle big5m
send "5 MiB write body" hostile POST /api/models application/json big5m "$TOKEN"

# ---- U+0000 in a literal: refused, or stored and every output still well-formed
FAC="$(curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data '{"name":"Probe core"}' "$BASE/api/facilities" | python3 -c 'import sys,json; print(json.load(sys.stdin).get("pid",""))' 2>/dev/null)"
MOD="$(curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data '{"name":"Probe model","manufacturer":"Acme"}' "$BASE/api/models" | python3 -c 'import sys,json; print(json.load(sys.stdin).get("pid",""))' 2>/dev/null)"
INST="doi:10.5072/probe.1"
curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  --data "{\"identifier\":\"$INST\",\"name\":\"Probe scope\",\"facility\":\"$FAC\",\"model\":\"$MOD\"}" "$BASE/api/instances"
python3 - "$ROOT/src/PhdResolver.Web/Demo/widefield-1-c1.ttl" >"$WORK/nul.ttl" <<'PY'
import sys
t = open(sys.argv[1], encoding="utf-8").read()
# Append a triple whose literal holds U+0000 (as a Turtle escape and as a raw character).
t += '\n<urn:probe:x> <http://schema.org/name> "nul\\u0000here" .\n<urn:probe:y> <http://schema.org/name> "raw\x00nul" .\n'
sys.stdout.write(t)
PY
send "descriptor with U+0000 literal" any POST "/api/instances/$INST/versions?tier=1" text/turtle nul.ttl "$TOKEN"
for fmt in rdfxml ttl jsonld nt; do
  send "version output ?format=$fmt after U+0000" any GET "/$INST/c1?format=$fmt"
done
send "SPARQL XML results over U+0000 literal" any GET "/sparql?query=$(python3 -c "import urllib.parse; print(urllib.parse.quote('SELECT ?n WHERE { GRAPH ?g { ?s <http://schema.org/name> ?n } }'))")&format=xml"
send "invalid UTF-8 body" any POST "/api/validate?tier=1" text/turtle "$(printf '\xff\xfe<x> <y> "\xc3\x28" .' >"$WORK/badutf8"; echo badutf8)"

# ---- the server is still alive and serving
send "final landing page" any GET /
send "final SPARQL query" any GET "/sparql?query=ASK%7B%7D"
alive=yes; kill -0 "$SERVER_PID" 2>/dev/null || alive=no

cat "$RESULTS"
echo "----"
echo "requests: $TOTAL, failures: $FAILS, server deaths (restarted): $DEATHS, server alive at the end: $alive"
[ "$alive" = yes ] && [ "$FAILS" -eq 0 ]

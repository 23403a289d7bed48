#!/usr/bin/env bash
# Lighthouse SEO scores of the landing pages (issue 14: >= 95 on record pages).
# Needs Debian's chromium and npm. Installs lighthouse 12 into a temporary folder (not committed),
# serves the demo data on a free data directory and scores every record level plus home, catalogue
# and ontology index. Usage: bench/lighthouse/run.sh   (from the repository root)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
port=${PORT:-5099}
origin="http://127.0.0.1:$port"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
(cd "$work" && npm install --no-audit --no-fund --silent lighthouse@12 >/dev/null)
[ -f "$root/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll" ] || dotnet build "$root/src/PhdResolver.Cli" -c Release -v q >/dev/null
dotnet "$root/src/PhdResolver.Cli/bin/Release/net10.0/phd.dll" serve --data "$work/data" --urls "$origin" --base-uri "$origin/" >"$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "$origin/healthz" >/dev/null && break; sleep 2; done
# One page per level from the sitemap: facility, model, instance, configuration version.
mapfile -t pages < <(curl -s "$origin/sitemap.xml" | grep -o '<loc>[^<]*</loc>' | sed 's/<[^>]*>//g' \
  | grep -v -e /ontology -e /search -e /sparql -e /dumps -e /catalog | grep -vx "$origin/" | awk -F/ 'NF>=4' | head -40)
# pick DEPTH K: the K-th sitemap URL with DEPTH path segments (a DOI's '/' counts: instances are 4, versions 5).
pick() { printf '%s\n' "${pages[@]}" | awk -F/ -v n="$1" -v k="$2" '{ if (NF-3 == n && ++seen == k) { print; exit } }'; }
# Facilities come first in the sitemap, then models (both one segment deep).
urls=("$origin/" "$origin/catalog" "$origin/ontology" "$(pick 1 1)" "$(pick 1 3)" "$(pick 4 1)" "$(pick 5 1)")
for u in "${urls[@]}"; do
  [ -n "$u" ] || continue
  "$work/node_modules/.bin/lighthouse" "$u" --only-categories=seo --output=json --output-path="$work/out.json" \
    --chrome-path=/usr/bin/chromium --chrome-flags="--headless=new --no-sandbox" --quiet >/dev/null 2>&1
  python3 - "$work/out.json" "$u" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); c = d['categories']['seo']
print(f"{round(c['score'] * 100):>3}  {sys.argv[2]}  (lighthouse {d['lighthouseVersion']})")
for ref in c['auditRefs']:
    a = d['audits'][ref['id']]
    if a.get('score') is not None and a['score'] < 1: print('     failed:', ref['id'], '-', a.get('title'))
PY
done

// Reads a JSON-LD document (a file, or stdin with "-"), expands it and prints it as N-Quads with
// the jsonld.js library: an independent harvester's view of a landing page's embedded JSON-LD.
// No network: the document loader refuses every remote context, so the JSON-LD must be
// self-contained (an inline @context). Exit code 1 on any error, with the reason on stderr.
const fs = require('fs');
const jsonld = require('jsonld');

const offlineLoader = async (url) => {
  throw new Error(`refused to load remote document ${url}: the JSON-LD must not need the network`);
};

async function main() {
  const arg = process.argv[2] || '-';
  const text = fs.readFileSync(arg === '-' ? 0 : arg, 'utf8');
  const doc = JSON.parse(text);
  const options = { documentLoader: offlineLoader, safe: false };
  if (process.argv[3]) options.base = process.argv[3];
  const expanded = await jsonld.expand(doc, options);
  const nquads = await jsonld.toRDF(expanded, { format: 'application/n-quads', documentLoader: offlineLoader });
  process.stdout.write(nquads);
}

main().catch((e) => {
  console.error(`jsonld-to-nquads: ${e && e.message ? e.message : e}`);
  process.exit(1);
});

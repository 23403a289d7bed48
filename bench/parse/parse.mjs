#!/usr/bin/env node
// Oxigraph (npm `oxigraph`, WASM) parsing peer; 1 warm-up + RUNS timed runs; one JSON line.
// usage: node parse.mjs FORMAT FILE [RUNS] [--api load|parse]     FORMAT: ntriples | turtle | nquads | trig
//   --api load  (default) Store.load of the file's bytes into a fresh in-memory store: parsing happens
//               inside WASM with no per-quad JS object (it also indexes, so it is an upper bound of
//               Oxigraph's parse time).
//   --api parse oxigraph.parse over 1 MiB chunks, counting the quads it yields (not storing them).
//               In 0.5.11 this path builds a JS object per quad and slows down as it goes (about
//               8 minutes for 1 M triples on the 2-core bench machine), so it is not the default.
import { openSync, readSync, closeSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import oxigraph from "oxigraph";

const args = process.argv.slice(2);
let api = "load";
const ai = args.indexOf("--api");
if (ai >= 0) { api = args[ai + 1]; args.splice(ai, 2); }
const [format, file, runsArg] = args;
const mediaTypes = { ntriples: "application/n-triples", turtle: "text/turtle", nquads: "application/n-quads", trig: "application/trig" };
if (!mediaTypes[format] || !file || !["load", "parse"].includes(api)) { console.error("usage: node parse.mjs FORMAT FILE [RUNS]"); process.exit(2); }
const runs = parseInt(runsArg ?? "5", 10);
const baseIri = pathToFileURL(resolve(file)).href;

function* chunks(path, size = 1 << 20) {
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const buf = Buffer.allocUnsafe(size);
      const n = readSync(fd, buf, 0, size, null);
      if (n <= 0) return;
      yield n === size ? buf : buf.subarray(0, n);
    }
  } finally { closeSync(fd); }
}

function parseOnce() {
  if (api === "load") {
    const store = new oxigraph.Store();
    store.load(readFileSync(file), { format: mediaTypes[format], base_iri: baseIri });
    return store.size;
  }
  let n = 0;
  for (const _ of oxigraph.parse(chunks(file), { format: mediaTypes[format], base_iri: baseIri })) n++;
  return n;
}

const count = parseOnce(); // warm-up
const times = [];
for (let i = 0; i < runs; i++) {
  const t = performance.now();
  const n = parseOnce();
  times.push(performance.now() - t);
  if (n !== count) { console.error("count changed between runs"); process.exit(1); }
}
times.sort((a, b) => a - b);
const m = times.length >> 1;
const median = times.length % 2 ? times[m] : (times[m - 1] + times[m]) / 2;
const version = JSON.parse(readFileSync(new URL("./node_modules/oxigraph/package.json", import.meta.url))).version;
const r1 = (x) => Math.round(x * 10) / 10;
console.log(JSON.stringify({ engine: `oxigraph ${version}`, api, format, quads: count, runs, median_ms: r1(median), min_ms: r1(times[0]), max_ms: r1(times[times.length - 1]) }));

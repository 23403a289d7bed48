// shacl-engine peer of ShaclBench: same data and shapes, parsed with N3.js (not timed), then
// compile (new Validator) + validate timed per run; 1 warm-up + RUNS runs; one JSON line like ours.
import fs from 'node:fs'
import { Parser } from 'n3'
import rdf from 'rdf-ext'
import { Validator } from 'shacl-engine'

const [dataPath, shapesPath, runsArg] = process.argv.slice(2)
const runs = Number(runsArg || 5)

function load (path) {
  const ds = rdf.dataset()
  for (const q of new Parser({ baseIRI: 'file://' + path }).parse(fs.readFileSync(path, 'utf8'))) {
    ds.add(rdf.quad(q.subject, q.predicate, q.object))
  }
  return ds
}

const data = load(dataPath)
const shapes = load(shapesPath)
const times = []
let report
for (let r = 0; r <= runs; r++) {
  const t0 = process.hrtime.bigint()
  const validator = new Validator(shapes, { factory: rdf })
  report = await validator.validate({ dataset: data })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r > 0) times.push(ms)
}
times.sort((a, b) => a - b)
const mid = times.length >> 1
const median = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2
const sh = 'http://www.w3.org/ns/shacl#'
const violations = report.results.filter(r => r.severity && r.severity.value === sh + 'Violation').length
console.log(JSON.stringify({ engine: 'shacl-engine', runs, median_ms: Number(median.toFixed(1)), results: report.results.length, violations, triples: data.size }))

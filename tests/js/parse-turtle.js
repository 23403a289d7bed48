// Parses each Turtle file named on the command line with N3.js and prints "<file>\t<triples>".
// Exit code 1 on the first syntax error. Used by PhdResolver.Nboq.Tests as an independent parser.
const fs = require('fs');
const { Parser } = require('n3');
for (const file of process.argv.slice(2)) {
  try {
    const quads = new Parser({ format: 'text/turtle' }).parse(fs.readFileSync(file, 'utf8'));
    console.log(`${file}\t${quads.length}`);
  } catch (e) {
    console.error(`${file}: ${e.message}`);
    process.exit(1);
  }
}

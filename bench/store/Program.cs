// Store benchmark: load the synthetic instrument data (shared/bench/gen-instruments.py N) into a
// fresh store, then reopen it and measure start-up time and managed memory per triple.
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using PhdResolver.Rdf;
using PhdResolver.Store;

int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var dataFile = Path.Combine(Path.GetTempPath(), $"phd-bench-instruments-{n}.nt");
if (!File.Exists(dataFile))
{
    var script = Path.GetFullPath(Path.Combine(ThisDir(), "../../../shared/bench/gen-instruments.py"));
    Console.WriteLine($"generating {dataFile} with {script}");
    var psi = new ProcessStartInfo("python3") { ArgumentList = { script, n.ToString(CultureInfo.InvariantCulture), "-o", dataFile } };
    using var gen = Process.Start(psi)!;
    gen.WaitForExit();
    if (gen.ExitCode != 0) return 1;
}

// 1. Parse only (the floor for any load).
var sw = Stopwatch.StartNew();
var counter = new CountingSink();
using (var s = File.OpenRead(dataFile)) RdfFormats.CreateParser(RdfFormat.NTriples).Parse(s, counter);
double parseS = sw.Elapsed.TotalSeconds;
long triples = counter.Count;
Report("parse only", triples, parseS);

// 2. Load into a fresh store (one transaction, SQLite included).
var dir = Path.Combine(Path.GetTempPath(), "phd-bench-store-" + Environment.ProcessId);
if (Directory.Exists(dir)) Directory.Delete(dir, true);
sw.Restart();
using (var store = QuadStore.Open(dir))
{
    using var tx = store.BeginWrite();
    var phase = Stopwatch.StartNew();
    tx.Log = m => Console.WriteLine($"  [{phase.Elapsed.TotalSeconds:F2}s] {m}");
    using (var s = File.OpenRead(dataFile)) RdfFormats.CreateParser(RdfFormat.NTriples).Parse(s, tx.CreateLoadSink());
    Console.WriteLine($"  [{phase.Elapsed.TotalSeconds:F2}s] parsed and interned");
    tx.Commit();
}
double loadS = sw.Elapsed.TotalSeconds;
Report("load (parse + dictionary + SQLite + indexes)", triples, loadS);
Console.WriteLine($"  database: {new FileInfo(Path.Combine(dir, QuadStore.DatabaseFileName)).Length / 1e6:F1} MB");

// 3. Reopen: start-up time and the steady-state memory of a store holding the data.
long before = GC.GetTotalMemory(true);
sw.Restart();
var reopened = QuadStore.Open(dir);
double openS = sw.Elapsed.TotalSeconds;
long after = GC.GetTotalMemory(true);
var idx = reopened.Indexes;
Console.WriteLine($"reopen: {openS:F2} s ({triples / openS:F0} triples/s)");
Console.WriteLine($"managed memory after full GC: {(after - before) / 1e6:F1} MB = {(double)(after - before) / triples:F1} bytes/triple");
Console.WriteLine($"  dictionary: {reopened.Dictionary.Count} terms, {reopened.Dictionary.PayloadBytes / 1e6:F1} MB payload, {reopened.Dictionary.MemoryBytes / 1e6:F1} MB reserved");
Console.WriteLine($"  indexes: {idx.MemoryBytes / 1e6:F1} MB ({(double)idx.MemoryBytes / triples:F1} bytes/triple)");
Console.WriteLine($"  process working set: {Environment.WorkingSet / 1e6:F0} MB");

// 4. A few pattern lookups (id level), to see they are in microseconds.
using (var snap = reopened.OpenSnapshot())
{
    var type = new Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    var inst = new Iri("https://phd.example.org/instrument/000042");
    snap.TryGetId(type, out uint typeId);
    snap.TryGetId(inst, out uint instId);
    Time("estimate (?s rdf:type ?o)", () => snap.Estimate(null, typeId, null, null));
    Time("count (<instrument/42> ?p ?o)", () => snap.Indexes.Count(instId, null, null, null));
    Time("scan all quads (SPOG)", () => { long c = 0; foreach (var _ in snap.Match(null, null, null, null)) c++; return c; });
    Time("scan default graph as union (distinct triples)", () => snap.Indexes.Count(null, null, null, null, MatchFlags.DistinctTriples));
}
reopened.Dispose();
Directory.Delete(dir, true);
return 0;

static void Report(string what, long triples, double secs) =>
    Console.WriteLine($"{what}: {triples} triples in {secs:F2} s = {triples / secs:F0} triples/s");

static void Time(string what, Func<long> f)
{
    f();
    var sw = Stopwatch.StartNew();
    int runs = 0;
    long r = 0;
    while (sw.ElapsedMilliseconds < 300 || runs < 3) { r = f(); runs++; }
    Console.WriteLine($"  {what}: {r} in {sw.Elapsed.TotalMilliseconds * 1000 / runs:F1} us");
}

static string ThisDir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

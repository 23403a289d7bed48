using System.Diagnostics;
using System.Globalization;
using PhdResolver.Registry;
using PhdResolver.Registry.Pids;
using PhdResolver.Registry.Records;
using PhdResolver.Registry.Search;
using PhdResolver.Registry.Tests.Relevance;

// bench/search (issue 13): builds the search documents of N generated instruments (one version
// each) the way the registry does, indexes them with Lucene.Net (a full rebuild: the bar is
// <= 30 s at 10,000), then runs the judged query set and prints p50/p99. The former SQLite FTS5
// index was measured against it in the same process before it was removed (README.md: on a quiet
// machine at 10,000 instruments, FTS5 p50 6.33 / p99 40.01 ms, Lucene.Net 4.83 / 32.57 ms).
int n = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
int rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
string dir = Path.Combine(Path.GetTempPath(), "phd-search-bench-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(dir);
try
{
    var sw = Stopwatch.StartNew();
    var corpus = InstrumentGenerator.Generate(n);
    var docs = Docs(corpus).ToList();
    Console.WriteLine($"{n} instruments -> {docs.Count} documents in {sw.Elapsed.TotalSeconds:0.0} s (generation and document building, not timed below)");

    sw.Restart();
    using var lucene = LuceneIndex.Open(dir);
    lucene.Rebuild(docs, 1);
    double luceneBuild = sw.Elapsed.TotalSeconds;
    Console.WriteLine($"Lucene.Net index build: {luceneBuild:0.0} s (bar <= 30 s)");

    var queries = JudgedQueries.All.Select(q => q.Text).ToArray();
    var lucenePage = Measure("Lucene.Net", q => lucene.Search(q, SearchFilter.None, 1, 20).Total);
    Console.WriteLine($"judged set: {queries.Length} queries x {rounds} rounds, page of 20 with snippets and facets, at {n} instruments");
    Console.WriteLine($"  Lucene.Net p50 {lucenePage.P50:0.00} ms  p99 {lucenePage.P99:0.00} ms (FTS5 in its last same-run measurement: p50 6.33, p99 40.01 ms)");

    (double P50, double P99) Measure(string name, Func<string, long> run)
    {
        foreach (var q in queries) run(q); // warm-up: JIT, caches
        var times = new List<double>(queries.Length * rounds);
        for (int r = 0; r < rounds; r++)
            foreach (var q in queries)
            {
                long t0 = Stopwatch.GetTimestamp();
                run(q);
                times.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        times.Sort();
        return (times[times.Count / 2], times[(int)Math.Min(times.Count - 1, Math.Ceiling(times.Count * 0.99) - 1)]);
    }
}
finally
{
    try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
}

// The registry's documents for generated records: facility, model, instance and one current version each.
static IEnumerable<SearchDocument> Docs(List<GenInstrument> corpus)
{
    var prov = new Provenance(DateTimeOffset.UnixEpoch, "bench");
    var facilities = InstrumentGenerator.Facilities.ToDictionary(f => f.Key, f => new FacilityRecord { Pid = Pid.Parse(f.Key), Name = f.Name, City = f.City, Country = f.Country, Provenance = prov });
    var models = InstrumentGenerator.Models.ToDictionary(m => m.Key, m => new ModelRecord { Pid = Pid.Parse(m.Key), Name = m.Name, Manufacturer = m.Manufacturer, Modality = m.Modality, Provenance = prov });
    foreach (var f in facilities.Values) yield return Documents.Of(f);
    foreach (var m in models.Values) yield return Documents.Of(m);
    foreach (var g in corpus)
    {
        var f = facilities[g.Facility.Key];
        var m = models[g.Model.Key];
        var i = new InstanceRecord { Pid = Pid.Parse(g.Identifier), Name = g.Name, Owner = f.Pid, Facility = f.Pid, Model = m.Pid, Manufacturer = m.Manufacturer, Provenance = prov };
        yield return Documents.Of(i, f, m);
        var acc = PhdAccession.NewRandom();
        var v = new DescriptorVersion { Accession = acc, Instance = i.Pid, Number = 1, GraphIri = "https://phd.example.org/" + acc, Tier = 1, QuadCount = 0, Provenance = prov };
        yield return Documents.Of(v, true, i, f, m, InstrumentGenerator.Graph(g).Select(q => q.Triple).ToList());
    }
}

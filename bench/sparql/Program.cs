// SPARQL benchmark of our engine + store, in the shape of the peer kit (shared/bench): load an
// N-Triples file into a fresh QuadStore, then run each query 1 warm-up (gives the row count) +
// RUNS timed runs and report the median. Results are consumed (every row / triple enumerated,
// terms decoded as a client would get them) but not serialised. One JSON line per step.
// With --http NAME=URL: the HTTP mode instead (HttpBench.cs, run by http.sh).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Contains("--http")) return await HttpBench.Run(args); // HttpBench.cs: endpoints over the SPARQL protocol
int runs = 5;
string? data = null;
bool explain = false;
int warmupLines = 100_000;
var queries = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    if (args[i] == "-r") runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (args[i] == "--explain") explain = true;
    else if (args[i] == "--warmup-lines") warmupLines = int.Parse(args[++i], CultureInfo.InvariantCulture);
    else if (data is null) data = args[i];
    else queries.Add(args[i]);
}
if (data is null || runs < 1)
{
    Console.Error.WriteLine("usage: SparqlBench DATA.nt [-r RUNS] [--explain] [--warmup-lines N (0: none)] QUERY.rq...");
    return 2;
}

var dir = Path.Combine(Path.GetTempPath(), "phd-sparql-bench-" + Environment.ProcessId);
if (Directory.Exists(dir)) Directory.Delete(dir, true);
try
{
    // ---- JIT warm-up (not timed): a long-running server has its hot paths tiered up with
    // dynamic PGO; a fresh process runs tier-0 code for the first dozens of calls. So load the
    // data file's first lines into a throwaway store and run every query on it until the
    // runtime has had time to promote the hot methods (calls + the tiering delay).
    if (warmupLines > 0) WarmUp(data, warmupLines, queries, dir + "-warmup");

    // ---- load: one write transaction (parse + dictionary + SQLite + indexes), as `phd load` does.
    long before = GC.GetTotalMemory(true);
    var sw = Stopwatch.StartNew();
    var store = QuadStore.Open(dir);
    using (var tx = store.BeginWrite())
    {
        using (var s = File.OpenRead(data)) RdfFormats.CreateParser(RdfFormat.NTriples).Parse(s, tx.CreateLoadSink());
        tx.Commit();
    }
    store.WaitForCheckpoint(); // the WAL folded back into the database, as Virtuoso's load includes its checkpoint
    double loadMs = sw.Elapsed.TotalMilliseconds;
    long triples = store.Indexes.QuadCount;
    long after = GC.GetTotalMemory(true); // full, compacting: what the loaded store keeps alive
    Out(new()
    {
        ["file"] = data, ["triples"] = triples, ["load_ms"] = Math.Round(loadMs),
        ["triples_per_s"] = Math.Round(triples / (loadMs / 1000)),
        ["managed_mb"] = Math.Round((after - before) / 1e6, 1),
        ["bytes_per_triple"] = Math.Round((double)(after - before) / triples, 1),
        ["terms"] = (long)store.Dictionary.Count,
    });

    // ---- queries
    var engine = new SparqlEngine(store, new SparqlOptions { Timeout = TimeSpan.FromMinutes(10) });
    foreach (var q in queries)
    {
        string name = Path.GetFileNameWithoutExtension(q);
        string text = File.ReadAllText(q);
        try
        {
            if (explain) Console.Error.WriteLine($"{name}:\n{engine.Explain(text)}");
            long allocBefore = GC.GetTotalAllocatedBytes(precise: true);
            var t = Stopwatch.StartNew();
            long count = Consume(engine.Query(text));
            double warm = t.Elapsed.TotalMilliseconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocBefore;
            var ts = new List<double>();
            // Same policy as the kit's in-process peers: a slow query gets fewer timed runs.
            int n = warm > 10_000 ? 0 : Math.Min(runs, Math.Max(1, (int)(30_000 / Math.Max(warm, 1))));
            if (n == 0) ts.Add(warm);
            for (int i = 0; i < n; i++)
            {
                t.Restart();
                Consume(engine.Query(text));
                ts.Add(t.Elapsed.TotalMilliseconds);
            }
            ts.Sort();
            double median = ts.Count % 2 == 1 ? ts[ts.Count / 2] : (ts[ts.Count / 2 - 1] + ts[ts.Count / 2]) / 2;
            Out(new()
            {
                ["query"] = name, ["count"] = count, ["runs"] = ts.Count,
                ["median_ms"] = Math.Round(median, 2), ["min_ms"] = Math.Round(ts[0], 2), ["max_ms"] = Math.Round(ts[^1], 2),
                ["allocated_mb"] = Math.Round(allocated / 1e6, 1),
            });
        }
        catch (Exception e)
        {
            Out(new() { ["query"] = name, ["error"] = e.GetType().Name + ": " + e.Message });
        }
    }
    long? peakKb = PeakRssKb(); // before the diagnostic collection below, which is not part of the workload
    // What the queries left behind (caches, statistics) beyond the loaded store, and what the GC
    // holds committed: tells a peak from query garbage apart from one of retained memory.
    long afterQueries = GC.GetTotalMemory(true);
    var gc = GC.GetGCMemoryInfo();
    store.Dispose();
    Out(new()
    {
        ["done"] = true, ["peak_rss_kb"] = peakKb, ["peak_rss_kb_after_diagnostics"] = PeakRssKb(),
        ["managed_retained_by_queries_mb"] = Math.Round((afterQueries - after) / 1e6, 1),
        ["gc_committed_mb"] = Math.Round(gc.TotalCommittedBytes / 1e6, 1),
        ["gcs"] = $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}",
    });
}
finally
{
    if (Directory.Exists(dir)) Directory.Delete(dir, true);
}
return 0;

static void WarmUp(string data, int lines, List<string> queries, string dir)
{
    var sw = Stopwatch.StartNew();
    var texts = queries.Select(File.ReadAllText).ToList();
    try
    {
        using var store = QuadStore.Open(dir);
        using (var tx = store.BeginWrite())
        {
            var head = string.Join('\n', File.ReadLines(data).Take(lines)) + "\n";
            RdfFormats.CreateParser(RdfFormat.NTriples).Parse(new MemoryStream(Encoding.UTF8.GetBytes(head)), tx.CreateLoadSink());
            tx.Commit();
        }
        var engine = new SparqlEngine(store, new SparqlOptions { Timeout = TimeSpan.FromMinutes(1) });
        int rounds = 0;
        while ((rounds < 60 || sw.Elapsed < TimeSpan.FromSeconds(4)) && sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            foreach (var t in texts) Consume(engine.Query(t));
            rounds++;
        }
        Out(new() { ["warmup_lines"] = lines, ["warmup_rounds"] = rounds, ["warmup_ms"] = Math.Round(sw.Elapsed.TotalMilliseconds) });
    }
    finally
    {
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }
}

// Enumerate everything a client would get: rows with their decoded terms, or the triples.
static long Consume(QueryResult r)
{
    long n = 0;
    switch (r)
    {
        case BindingsResult b:
            foreach (var row in b.Rows) { n++; GC.KeepAlive(row); }
            break;
        case GraphResult g:
            foreach (var t in g.Triples) { n++; GC.KeepAlive(t); }
            break;
        case BooleanResult:
            n = 1;
            break;
    }
    return n;
}

static long? PeakRssKb()
{
    try
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
    catch (IOException) { }
    return null;
}

static void Out(Dictionary<string, object?> fields)
{
    var sb = new StringBuilder("{\"engine\":\"phd\"");
    foreach (var (k, v) in fields)
    {
        sb.Append(",\"").Append(k).Append("\":");
        sb.Append(v switch
        {
            null => "null",
            bool b => b ? "true" : "false",
            string s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => "\"" + v + "\"",
        });
    }
    Console.Out.WriteLine(sb.Append('}').ToString());
    Console.Out.Flush();
}

// Timeout benchmark: how long after its deadline does a long-running query or update stop?
// Builds a store of synthetic data (generated here), runs query shapes that would each run far
// longer than the timeout, and reports per shape the overshoot: the time from the deadline to
// the SparqlTimeoutException reaching the caller. Then checks that the engine still answers a
// normal query correctly and that the timed-out updates changed nothing.
// With --hot: times a few fast queries instead (the cost of the deadline checks on hot loops).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int items = 50_000, runs = 5;
int[] timeoutsMs = [200, 1000];
bool hot = false;
string? only = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "-n": items = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "-r": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "-t": timeoutsMs = [.. args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))]; break;
        case "--only": only = args[++i]; break;
        case "--hot": hot = true; break;
        default:
            Console.Error.WriteLine("usage: TimeoutBench [-n ITEMS] [-r RUNS] [-t MS,MS...] [--only SHAPE[,SHAPE...]] [--hot]");
            return 2;
    }
}
if (items < 1000 || runs < 1) { Console.Error.WriteLine("need -n >= 1000 and -r >= 1"); return 2; }

const string P = "PREFIX : <http://bench/> ";
var dir = Path.Combine(Path.GetTempPath(), "phd-timeout-bench-" + Environment.ProcessId);
try
{
    var load = Stopwatch.StartNew();
    using var store = QuadStore.Open(dir);
    using (var tx = store.BeginWrite())
    {
        Generate(tx.CreateLoadSink(), items);
        tx.Commit();
    }
    long quads = store.Indexes.QuadCount;
    Console.WriteLine($"store: {quads:N0} quads ({items:N0} items), loaded in {load.Elapsed.TotalSeconds:0.0} s");
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
    Console.WriteLine();

    if (hot) return Hot(store);

    // Each shape runs for seconds to hours without a timeout; the comment says which phase is long.
    (string Name, string Text, bool Update)[] shapes =
    [
        // index nested loops: ticks per candidate quad
        ("cross-product", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item . ?c a :Item }", false),
        // 7.5 M rows collected, then sorted (the sort itself is seconds)
        ("order-by", "SELECT ?a ?b { VALUES ?t { :t1 :t2 :t3 } ?a :tag ?t . ?b :index ?j } ORDER BY DESC(?j) ?a", false),
        ("group-by", "SELECT ?g (COUNT(*) AS ?c) (SAMPLE(?b) AS ?s) { ?a :group ?g . ?b a :Item } GROUP BY ?g", false),
        // a growing hash set (it would end at the intermediate-row cap)
        ("distinct", "SELECT DISTINCT ?a ?b { ?a :group ?g . ?b :group ?g }", false),
        // breadth-first closure from every node over a graph where every node reaches every other
        ("path-closure", "SELECT (COUNT(*) AS ?n) { ?x :link+ ?y }", false),
        ("path-star", "SELECT (COUNT(*) AS ?n) { ?x :next* ?y }", false),
        // a regex per row of a join (two variables: not memoised per value)
        ("regex-filter", "SELECT (COUNT(*) AS ?n) { ?a :label ?l . ?b :label ?m FILTER(REGEX(CONCAT(?l, \" \", ?m), \"7.*3.*1$\")) }", false),
        // catastrophic backtracking: one match never ends
        ("regex-backtrack", "SELECT ?a { ?a :code ?c FILTER(REGEX(?c, \"^(a|aa)+$\")) }", false),
        // ~50 us of string work per row (long literals): few rows per second of deadline checks
        ("slow-filter", "SELECT (COUNT(*) AS ?n) { ?a :description ?d . ?b :description ?e FILTER(CONTAINS(UCASE(CONCAT(?d, ?e)), \"NEEDLE\")) }", false),
        ("optional", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item OPTIONAL { ?a :next ?b } }", false),
        // no variable always bound on both sides: every left row scans the whole right side
        ("minus", "SELECT (COUNT(*) AS ?n) { ?a :index ?i MINUS { ?b :link ?c OPTIONAL { ?b :next ?a } } }", false),
        ("not-exists", "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?b a :Item FILTER NOT EXISTS { ?a :next ?b } }", false),
        ("construct", "CONSTRUCT { ?a :pair ?b } WHERE { ?a a :Item . ?b a :Item }", false),
        // 2.5 M solutions quickly, then 2.5 M inserts into the transaction
        ("update", "INSERT { ?a :pair ?b } WHERE { ?a :tag ?t . ?b :tag ?t }", true),
    ];
    if (only is not null)
    {
        var names = only.Split(',');
        shapes = [.. shapes.Where(s => names.Contains(s.Name))];
    }

    // The first timeout of a process also pays for the first exception thrown (type loading,
    // message formatting); reported on its own so that it does not land on whichever shape is first.
    {
        var engine = new SparqlEngine(store, new SparqlOptions { Timeout = TimeSpan.FromMilliseconds(100) });
        long t0 = Stopwatch.GetTimestamp();
        try
        {
            if (shapes[0].Update) engine.Update(P + shapes[0].Text);
            else Consume(engine.Query(P + shapes[0].Text));
        }
        catch (SparqlTimeoutException) { }
        Console.WriteLine($"first timeout of the process ({shapes[0].Name}, 100 ms): overshoot {(Stopwatch.GetElapsedTime(t0).TotalMilliseconds - 100):0} ms");
        Console.WriteLine();
    }

    var table = new StringBuilder();
    table.AppendLine("| shape | timeout | runs | outcome | overshoot median | overshoot max | GC pause after deadline, max |");
    table.AppendLine("|---|---:|---:|---|---:|---:|---:|");
    double worst = 0;
    string worstShape = "";
    long expectedQuads = quads; // changes only when an update completes (its timeout was long enough)
    int partialUpdates = 0;
    foreach (var (name, text, update) in shapes)
    {
        foreach (int ms in timeoutsMs)
        {
            var timeout = TimeSpan.FromMilliseconds(ms);
            var engine = new SparqlEngine(store, new SparqlOptions { Timeout = timeout });
            var overshoots = new List<double>();
            double gcMax = 0;
            var outcomes = new SortedSet<string>(StringComparer.Ordinal);
            for (int r = 0; r < runs; r++)
            {
                GC.Collect(); // garbage of the previous run should not be collected on this one's clock
                GC.WaitForPendingFinalizers();
                // GC pauses are stop-the-world: none of the engine's checks run during them. A timer
                // notes the total pause time at the deadline, to tell them apart from the engine's delay.
                var gcAtDeadline = TimeSpan.MaxValue;
                using var timer = new Timer(_ => gcAtDeadline = GC.GetTotalPauseDuration(), null, timeout, Timeout.InfiniteTimeSpan);
                long t0 = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    if (update) engine.Update(P + text);
                    else Consume(engine.Query(P + text));
                    outcome = $"completed in {Stopwatch.GetElapsedTime(t0).TotalMilliseconds:0} ms";
                    if (update) expectedQuads = store.Indexes.QuadCount;
                }
                catch (SparqlTimeoutException)
                {
                    outcome = "timeout";
                    if (update && store.Indexes.QuadCount != expectedQuads) partialUpdates++;
                    overshoots.Add((Stopwatch.GetElapsedTime(t0) - timeout).TotalMilliseconds);
                    if (gcAtDeadline != TimeSpan.MaxValue) gcMax = Math.Max(gcMax, (GC.GetTotalPauseDuration() - gcAtDeadline).TotalMilliseconds);
                }
                catch (SparqlLimitException e)
                {
                    outcome = "limit: " + e.Message;
                }
                outcomes.Add(outcome);
            }
            overshoots.Sort();
            string med = overshoots.Count == 0 ? "-" : $"{Median(overshoots):0} ms";
            string max = overshoots.Count == 0 ? "-" : $"{overshoots[^1]:0} ms";
            if (overshoots.Count > 0 && overshoots[^1] > worst) { worst = overshoots[^1]; worstShape = $"{name} @ {ms} ms"; }
            string line = $"| {name} | {ms} ms | {runs} | {string.Join("; ", outcomes)} | {med} | {max} | {gcMax:0} ms |";
            table.AppendLine(line);
            Console.Error.WriteLine(line); // progress
        }
    }
    Console.WriteLine(table);
    Console.WriteLine($"worst overshoot: {worst:0} ms ({worstShape}); load average after: {LoadAverage()}");

    // The process keeps serving: a normal query answers correctly, and the timed-out updates left no trace.
    var normal = new SparqlEngine(store, new SparqlOptions { Timeout = TimeSpan.FromSeconds(30) });
    var rows = ((BindingsResult)normal.Query(P + "SELECT (COUNT(*) AS ?n) { ?a a :Item . ?a :tag ?t }")).Rows.ToList();
    string got = ((Literal)rows[0][0]!).Lexical;
    bool ok = got == items.ToString(CultureInfo.InvariantCulture) && partialUpdates == 0;
    Console.WriteLine($"serving after timeouts: COUNT = {got} (expected {items}); timed-out updates that changed the store: {partialUpdates}: {(ok ? "OK" : "WRONG")}");
    return ok ? 0 : 1;
}
finally
{
    if (Directory.Exists(dir)) Directory.Delete(dir, true);
}

// Fast queries, many runs each, under the default 60 s timeout: what the deadline checks cost.
static int Hot(QuadStore store)
{
    (string Name, string Text)[] queries =
    [
        ("scan", "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"),
        ("join", "SELECT (COUNT(*) AS ?n) { ?a :tag ?t . ?b :tag ?t }"),
        ("filter", "SELECT (COUNT(*) AS ?n) { ?a :index ?i . ?a :tag ?t FILTER(?i > 100) }"),
        ("path", "SELECT (COUNT(*) AS ?n) { :i0 :link+ ?y }"),
        ("order-limit", "SELECT ?a { ?a :index ?i } ORDER BY DESC(?i) LIMIT 10"),
        ("order-all", "SELECT ?a ?i { ?a :index ?i } ORDER BY DESC(?i)"),
        ("distinct", "SELECT DISTINCT ?g ?t { ?a :group ?g . ?a :tag ?t }"),
    ];
    var engine = new SparqlEngine(store);
    Console.WriteLine("| query | rows | median ms | min ms |");
    Console.WriteLine("|---|---:|---:|---:|");
    foreach (var (name, text) in queries)
    {
        long count = Consume(engine.Query(P + text));
        var ts = new List<double>();
        for (int i = 0; i < 21; i++)
        {
            long t0 = Stopwatch.GetTimestamp();
            Consume(engine.Query(P + text));
            ts.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
        }
        ts.Sort();
        Console.WriteLine($"| {name} | {count} | {Median(ts):0.00} | {ts[0]:0.00} |");
    }
    Console.WriteLine($"load average after: {LoadAverage()}");
    return 0;
}

// Every row / triple enumerated (their terms are decoded on the way), as a client would read them.
static long Consume(QueryResult r) => r switch
{
    BindingsResult b => b.Rows.LongCount(),
    GraphResult g => g.Triples.LongCount(),
    _ => 1,
};

static double Median(List<double> sorted) =>
    sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;

static string LoadAverage()
{
    try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
    catch (IOException) { return "?"; }
}

// Synthetic data, deterministic: N items with an index, a label, a group (97), a tag (1000),
// a :next chain, two pseudo-random :links each (so :link+ from any node reaches nearly all),
// long descriptions on 200 items and backtracking bait on 10.
static void Generate(IRdfSink sink, int n)
{
    const string ns = "http://bench/";
    var type = Vocab.Rdf.Type;
    Iri item = new(ns + "Item"), index = new(ns + "index"), label = new(ns + "label"), group = new(ns + "group"),
        tag = new(ns + "tag"), next = new(ns + "next"), link = new(ns + "link"), description = new(ns + "description"), code = new(ns + "code");
    var nodes = new Iri[n];
    for (int k = 0; k < n; k++) nodes[k] = new Iri(ns + "i" + k.ToString(CultureInfo.InvariantCulture));
    var groups = Enumerable.Range(0, 97).Select(g => new Iri(ns + "g" + g)).ToArray();
    var tags = Enumerable.Range(0, 1000).Select(t => new Iri(ns + "t" + t)).ToArray();
    string[] words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"];
    for (int k = 0; k < n; k++)
    {
        var s = nodes[k];
        sink.OnQuad(new Quad(s, type, item));
        sink.OnQuad(new Quad(s, index, new Literal(k.ToString(CultureInfo.InvariantCulture), Vocab.Xsd.Integer)));
        sink.OnQuad(new Quad(s, label, new Literal($"item {k} {words[k % 10]} {words[k / 10 % 10]}")));
        sink.OnQuad(new Quad(s, group, groups[k % 97]));
        sink.OnQuad(new Quad(s, tag, tags[k % 1000]));
        if (k + 1 < n) sink.OnQuad(new Quad(s, next, nodes[k + 1]));
        sink.OnQuad(new Quad(s, link, nodes[(int)((k * 7919L + 1) % n)]));
        sink.OnQuad(new Quad(s, link, nodes[(int)((k * 104729L + 7) % n)]));
        if (k < 200)
        {
            var sb = new StringBuilder(20_000);
            for (int w = 0; sb.Length < 20_000; w++) sb.Append(words[(k + w * 7) % 10]).Append(' ');
            sink.OnQuad(new Quad(s, description, new Literal(sb.ToString())));
        }
        if (k < 10) sink.OnQuad(new Quad(s, code, new Literal(new string('a', 60 + k) + "!")));
    }
}

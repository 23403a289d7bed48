using PhdResolver.Rdf;
using PhdResolver.Sparql;
using PhdResolver.Sparql.Results;
using PhdResolver.Store;

namespace PhdResolver.Conformance;

/// <summary>
/// The W3C SPARQL query and update evaluation tests, run against a real <see cref="QuadStore"/>
/// (one fresh store per test in a temp folder, default graph kept separate as the tests expect).
/// Query tests compare results with <see cref="SparqlResultComparer"/>; update tests compare the
/// whole dataset after the request by isomorphism.
/// </summary>
public static class SparqlEvalSuite
{
    /// <summary>Suite name → manifests (their mf:include lists are expanded one level).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Suites = new Dictionary<string, string[]>
    {
        ["sparql10"] = ["rdf-tests/sparql/sparql10/manifest-evaluation.ttl"],
        // The result-format folders hold query evaluation tests too (expected CSV/TSV/JSON results).
        ["sparql11-query"] = ["rdf-tests/sparql/sparql11/manifest-sparql11-query.ttl", "rdf-tests/sparql/sparql11/csv-tsv-res/manifest.ttl", "rdf-tests/sparql/sparql11/json-res/manifest.ttl"],
        ["sparql11-update"] = ["rdf-tests/sparql/sparql11/manifest-sparql11-update.ttl"],
    };

    private const string Mf = RdfManifest.Mf;
    private const string Qt = "http://www.w3.org/2001/sw/DataAccess/tests/test-query#";
    private const string Ut = "http://www.w3.org/2009/sparql/tests/test-update#";
    private const string Rdfs = "http://www.w3.org/2000/01/rdf-schema#";

    private static readonly HashSet<string> s_queryTypes = new(StringComparer.Ordinal)
    {
        Mf + "QueryEvaluationTest", Mf + "CSVResultFormatTest",
    };

    /// <summary>Tests excluded on purpose (id suffix → reason).</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };

    public static List<TestResult> Run(string testsRoot, string suite) => Run(testsRoot, suite, null);

    /// <summary>
    /// Asks a query of the test's data in another way than the embedded engine (a remote SPARQL store that the evaluator
    /// copies <paramref name="data"/> to: <c>phd serve --sparql-store</c>'s tests). The result is compared as the
    /// engine's is. Default-graph quads are those without a graph name (the store keeps the default graph separate).
    /// </summary>
    public delegate QueryResult QueryEvaluator(QuadStore data, Query query, string queryText);

    /// <summary>The query tests of <paramref name="suite"/> answered by <paramref name="evaluate"/> (update tests are left out),
    /// or, when it is null, every test by the embedded engine.</summary>
    public static List<TestResult> Run(string testsRoot, string suite, QueryEvaluator? evaluate)
    {
        var results = new List<TestResult>();
        foreach (var rel in Suites[suite])
        {
            var root = Path.Combine(testsRoot, rel);
            if (!File.Exists(root)) throw new FileNotFoundException($"suite '{suite}' not found at {root}");
            var manifests = RdfManifest.Includes(root);
            if (manifests.Count == 0) manifests = [root];
            foreach (var manifest in manifests)
            {
                if (!File.Exists(manifest)) continue;
                List<ManifestEntry> entries;
                try { entries = RdfManifest.Load(manifest); }
                catch (Exception ex) when (ex is RdfSyntaxException or FormatException or IOException)
                {
                    results.Add(new TestResult(suite, RdfManifest.FileUrl(manifest), Outcome.Failed, $"cannot read manifest: {ex.Message}"));
                    continue;
                }
                foreach (var e in entries)
                {
                    if (s_queryTypes.Contains(e.Type)) results.Add(Guard(suite, e, (s, x) => RunQueryTest(s, x, evaluate)));
                    else if (e.Type == Mf + "UpdateEvaluationTest" && evaluate is null) results.Add(Guard(suite, e, RunUpdateTest));
                }
            }
        }
        return results;
    }

    private static TestResult Guard(string suite, ManifestEntry e, Func<string, ManifestEntry, TestResult> run)
    {
        foreach (var (suffix, reason) in Excluded)
            if (e.Id.EndsWith(suffix, StringComparison.Ordinal)) return new TestResult(suite, e.Id, Outcome.Skipped, reason);
        try
        {
            return run(suite, e);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    // ---- query tests

    private static TestResult RunQueryTest(string suite, ManifestEntry e, QueryEvaluator? evaluate)
    {
        var ix = RdfManifest.Index(e.Graph);
        var action = ix.Object(e.Node, Mf + "action");
        var queryPath = Local(ix.Object(action, Qt + "query")) ?? throw new InvalidOperationException("no qt:query");
        var resultPath = Local(ix.Object(e.Node, Mf + "result")) ?? throw new InvalidOperationException("no mf:result");
        string queryText = File.ReadAllText(queryPath);
        string queryBase = RdfManifest.FileUrl(queryPath);
        var query = SparqlParser.ParseQuery(queryText, queryBase);

        using var tmp = new TempStore();
        using (var tx = tmp.Store.BeginWrite())
        {
            var data = ix.Objects(action, Qt + "data");
            var graphData = ix.Objects(action, Qt + "graphData");
            foreach (var d in data) Load(tx, Local(d)!, null);
            foreach (var g in graphData) Load(tx, Local(g)!, (Iri)g);
            // Dataset tests name their graphs only in FROM / FROM NAMED: load those files.
            if (data.Count == 0 && graphData.Count == 0)
                foreach (var g in query.From.Concat(query.FromNamed))
                    if (RdfManifest.LocalPath(g.Value) is { } p && File.Exists(p)) Load(tx, p, g);
            tx.Commit();
        }

        var actual = Materialise(evaluate is null
            ? new SparqlEngine(tmp.Store, new SparqlOptions { Timeout = TimeSpan.FromSeconds(30) }).Query(query)
            : evaluate(tmp.Store, query, queryText));
        var expected = SparqlResultComparer.LoadExpected(resultPath);
        bool ordered = query.OrderBy.Count > 0 && expected.Result is BindingsResult && !resultPath.EndsWith(".ttl", StringComparison.Ordinal) && !resultPath.EndsWith(".rdf", StringComparison.Ordinal)
            || HasIndex(resultPath);
        return expected.Matches(actual, ordered, out var diff)
            ? new TestResult(suite, e.Id, Outcome.Passed)
            : new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: {diff}");
    }

    /// <summary>RDF result sets are ordered only when they give rs:index.</summary>
    private static bool HasIndex(string path) =>
        (path.EndsWith(".ttl", StringComparison.Ordinal) || path.EndsWith(".rdf", StringComparison.Ordinal)) && File.ReadAllText(path).Contains("index", StringComparison.Ordinal);

    private static QueryResult Materialise(QueryResult r) => r switch
    {
        BindingsResult b => new BindingsResult(b.Variables, b.Rows.ToList()),
        GraphResult g => new GraphResult(g.Triples.ToList()),
        _ => r,
    };

    // ---- update tests

    private static TestResult RunUpdateTest(string suite, ManifestEntry e)
    {
        var ix = RdfManifest.Index(e.Graph);
        var action = ix.Object(e.Node, Mf + "action");
        var result = ix.Object(e.Node, Mf + "result");
        var requestPath = Local(ix.Object(action, Ut + "request")) ?? throw new InvalidOperationException("no ut:request");

        using var tmp = new TempStore();
        using (var tx = tmp.Store.BeginWrite())
        {
            foreach (var d in ix.Objects(action, Ut + "data")) Load(tx, Local(d)!, null);
            foreach (var gd in ix.Objects(action, Ut + "graphData"))
                Load(tx, Local(ix.Object(gd, Ut + "graph"))!, GraphName(ix, gd));
            tx.Commit();
        }

        var engine = new SparqlEngine(tmp.Store, new SparqlOptions { Timeout = TimeSpan.FromSeconds(30) });
        bool expectSuccess = ix.Object(result, Ut + "result") is not Iri r || r.Value == Ut + "success";
        try
        {
            engine.Update(SparqlParser.ParseUpdate(File.ReadAllText(requestPath), RdfManifest.FileUrl(requestPath)));
        }
        catch (SparqlEvaluationException ex)
        {
            return expectSuccess
                ? new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: update failed: {ex.Message}")
                : new TestResult(suite, e.Id, Outcome.Passed);
        }
        if (!expectSuccess) return new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: update succeeded but must fail");

        var expected = new Dataset();
        foreach (var d in ix.Objects(result, Ut + "data")) ReadInto(expected, Local(d)!, null);
        foreach (var gd in ix.Objects(result, Ut + "graphData"))
            ReadInto(expected, Local(ix.Object(gd, Ut + "graph"))!, GraphName(ix, gd));
        var actual = new Dataset();
        tmp.Store.OpenSnapshot().Dump(actual);
        if (Isomorphism.AreIsomorphic(expected, actual)) return new TestResult(suite, e.Id, Outcome.Passed);
        return new TestResult(suite, e.Id, Outcome.Failed,
            $"{e.Name}: dataset after update differs: expected {expected.Count} quads, got {actual.Count}:\n{string.Join("\n", actual.Select(q => q.ToString()).Take(20))}");
    }

    private static Iri GraphName(RdfManifest.GraphIndex ix, Term gd) =>
        ix.Object(gd, Rdfs + "label") is Literal l ? new Iri(l.Lexical) : (Iri)ix.Object(gd, Ut + "graph")!;

    // ---- helpers

    private static string? Local(Term? t) => t is Iri i ? RdfManifest.LocalPath(i.Value) : null;

    private static void Load(WriteTransaction tx, string path, Iri? graph)
    {
        var ds = new Dataset();
        ReadInto(ds, path, graph);
        var sink = tx.CreateLoadSink(graph);
        foreach (var q in ds) sink.OnQuad(q);
    }

    private static void ReadInto(Dataset ds, string path, Iri? graph)
    {
        var parsed = Dataset.Load(path, null, new ParserOptions { BaseIri = RdfManifest.FileUrl(path) });
        foreach (var q in parsed) ds.Add(graph is null ? q : q.WithGraph(graph));
    }

    private sealed class TempStore : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "phd-sparql-eval-" + Guid.NewGuid().ToString("N"));

        public TempStore() => Store = QuadStore.Open(_dir, new StoreOptions { DefaultGraph = DefaultGraphMode.Separate, Synchronous = SynchronousMode.Normal });

        public QuadStore Store { get; }

        public void Dispose()
        {
            Store.Dispose();
            try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        }
    }
}

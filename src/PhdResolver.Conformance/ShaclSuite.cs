using PhdResolver.Rdf;
using PhdResolver.Shacl;

namespace PhdResolver.Conformance;

/// <summary>
/// The W3C SHACL test suite (data-shapes-test-suite). Each test file is a manifest whose entries name
/// a data graph and a shapes graph (often the file itself) and hold the expected sh:ValidationReport.
/// A test passes when our report is isomorphic to the expected one after dropping sh:resultMessage
/// (messages are implementation-specific). Focus nodes, values and source shapes that are blank
/// nodes are compared as the very nodes of the test file, not as free blank nodes.
/// </summary>
public static class ShaclSuite
{
    public static readonly IReadOnlyDictionary<string, string> Suites = new Dictionary<string, string>
    {
        ["shacl-core"] = "shacl/tests/core/manifest.ttl",
        ["shacl-sparql"] = "shacl/tests/sparql/manifest.ttl",
    };

    private const string Mf = RdfManifest.Mf;
    private const string Sht = "http://www.w3.org/ns/shacl-test#";
    private const string IdPrefix = "urn:x-shacl-test:/";

    public static List<TestResult> Run(string testsRoot, string suite)
    {
        var root = Path.Combine(testsRoot, Suites[suite]);
        if (!File.Exists(root)) throw new FileNotFoundException($"suite '{suite}' not found at {root}");
        string testsDir = Path.GetFullPath(Path.Combine(testsRoot, "shacl", "tests"));
        var results = new List<TestResult>();
        foreach (var file in TestFiles(root))
        {
            Dataset ds;
            try
            {
                ds = Dataset.Load(file);
            }
            catch (Exception ex) when (ex is RdfSyntaxException or IOException)
            {
                results.Add(new TestResult(suite, IdPrefix + Relative(testsDir, file), Outcome.Failed, $"cannot read test file: {ex.Message}"));
                continue;
            }
            var g = new ShaclGraph(ds);
            foreach (var (manifest, _) in g.WithPredicate(new Iri(Mf + "entries")))
                foreach (var entry in g.List(g.Object(manifest, new Iri(Mf + "entries"))))
                {
                    string id = IdPrefix + (entry is Iri ei && RdfManifest.LocalPath(ei.Value) is { } p ? Relative(testsDir, p) : Relative(testsDir, file));
                    results.Add(RunOne(suite, id, file, ds, g, entry));
                }
        }
        return results;
    }

    private static string Relative(string testsDir, string path)
    {
        var rel = Path.GetRelativePath(testsDir, path).Replace('\\', '/');
        return rel.EndsWith(".ttl", StringComparison.Ordinal) ? rel[..^4] : rel;
    }

    /// <summary>The test files under a manifest, following mf:include (a single IRI or a list) depth-first.</summary>
    private static List<string> TestFiles(string manifest)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Visit(string path)
        {
            if (!seen.Add(Path.GetFullPath(path)) || !File.Exists(path)) return;
            var g = new ShaclGraph(Dataset.Load(path));
            var includes = new List<Term>();
            foreach (var (_, o) in g.WithPredicate(new Iri(Mf + "include")))
            {
                if (o is Iri) includes.Add(o);
                else includes.AddRange(g.List(o));
            }
            if (g.WithPredicate(new Iri(Mf + "entries")).Count > 0) files.Add(path);
            foreach (var inc in includes)
                if (inc is Iri i && RdfManifest.LocalPath(i.Value) is { } local) Visit(local);
        }
        Visit(manifest);
        return files;
    }

    private static TestResult RunOne(string suite, string id, string file, Dataset ds, ShaclGraph g, Term entry)
    {
        var action = g.Object(entry, new Iri(Mf + "action"));
        var expected = g.Object(entry, new Iri(Mf + "result"));
        if (action is null || expected is null) return new TestResult(suite, id, Outcome.Failed, "test has no mf:action or mf:result");
        try
        {
            var dataGraph = Graph(g.Object(action, new Iri(Sht + "dataGraph")), file, ds, g);
            var shapesGraph = Graph(g.Object(action, new Iri(Sht + "shapesGraph")), file, ds, g);
            var report = new ShaclValidator(new ShapesGraph(shapesGraph)).Validate(dataGraph);
            if (expected.Equals(new Iri(Sht + "Failure")))
                return new TestResult(suite, id, Outcome.Failed, "expected a failure (ill-formed input), but validation succeeded");

            var want = Skolemize(ExpectedReport(g, expected));
            var got = Skolemize(report.ToTriples(includeMessages: false));
            if (Isomorphism.AreIsomorphic(want, got)) return new TestResult(suite, id, Outcome.Passed);
            return new TestResult(suite, id, Outcome.Failed, Diff(g, expected, report));
        }
        catch (ShaclException ex)
        {
            // An ill-formed shapes graph: exactly what sht:Failure tests expect.
            return expected.Equals(new Iri(Sht + "Failure"))
                ? new TestResult(suite, id, Outcome.Passed)
                : new TestResult(suite, id, Outcome.Failed, $"unexpected failure: {ex.Message}");
        }
        catch (Exception ex) when (ex is RdfSyntaxException or IOException or ArgumentException or InvalidOperationException or FormatException)
        {
            return new TestResult(suite, id, Outcome.Failed, $"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private static ShaclGraph Graph(Term? reference, string file, Dataset ds, ShaclGraph g)
    {
        if (reference is not Iri iri || RdfManifest.LocalPath(iri.Value) is not { } path)
            throw new InvalidOperationException("data or shapes graph is not a local file");
        return Path.GetFullPath(path) == Path.GetFullPath(file) ? g : new ShaclGraph(Dataset.Load(path));
    }

    /// <summary>The expected report: triples reachable from the report node through blank nodes, minus messages.</summary>
    private static List<Triple> ExpectedReport(ShaclGraph g, Term report)
    {
        var triples = new List<Triple>();
        var stack = new Stack<Term>();
        var seen = new HashSet<Term> { report };
        stack.Push(report);
        while (stack.Count > 0)
        {
            var s = stack.Pop();
            foreach (var (p, o) in g.Outgoing(s))
            {
                if (p.Equals(Sh.ResultMessage)) continue;
                triples.Add(new Triple(s, p, o));
                // Focus nodes, values and source shapes are nodes of the data/shapes graph: do not descend.
                if (p.Equals(Sh.FocusNode) || p.Equals(Sh.Value) || p.Equals(Sh.SourceShape)) continue;
                if (o is BlankNode && seen.Add(o)) stack.Push(o);
            }
        }
        return triples;
    }

    /// <summary>Blank nodes in focus node, value and source shape positions become fixed IRIs.</summary>
    private static List<Quad> Skolemize(List<Triple> triples)
    {
        var result = new List<Quad>(triples.Count);
        foreach (var t in triples)
        {
            var o = t.Object;
            if (o is BlankNode b && (t.Predicate.Equals(Sh.FocusNode) || t.Predicate.Equals(Sh.Value) || t.Predicate.Equals(Sh.SourceShape)))
                o = new Iri("urn:x-skolem:" + b.Id);
            result.Add(new Quad(t.Subject, t.Predicate, o));
        }
        return result;
    }

    /// <summary>A compact account of what differs, for -v output.</summary>
    private static string Diff(ShaclGraph g, Term expected, ValidationReport report)
    {
        static string Key(Term? focus, Term? path, Term? value, Term? shape, Term? component) =>
            $"[{focus} {path} {value} {shape} {ShaclPath.LocalName(component ?? new Iri("-"))}]";
        var want = new List<string>();
        foreach (var r in g.Objects(expected, Sh.Result))
        {
            var path = g.Object(r, Sh.ResultPath);
            want.Add(Key(g.Object(r, Sh.FocusNode), path is BlankNode ? new Iri("complex-path") : path, g.Object(r, Sh.Value), g.Object(r, Sh.SourceShape), g.Object(r, Sh.SourceConstraintComponent)));
        }
        var got = report.Results.Select(r => Key(r.FocusNode, r.ResultPath is PredicatePath pp ? pp.Predicate : r.ResultPath is null ? null : new Iri("complex-path"), r.Value, r.SourceShape.Node, r.SourceConstraintComponent)).ToList();
        var missing = want.ToList();
        foreach (var x in got) missing.Remove(x);
        var extra = got.ToList();
        foreach (var x in want) extra.Remove(x);
        return $"expected {want.Count} results, got {got.Count}; missing: {string.Join(" ", missing)}; unexpected: {string.Join(" ", extra)}";
    }
}

using PhdResolver.Rdf;

namespace PhdResolver.Conformance;

/// <summary>
/// The RDF 1.1 syntax suites (N-Triples, N-Quads, Turtle, TriG, RDF/XML): positive and
/// negative syntax tests, and eval tests compared by dataset isomorphism.
/// </summary>
public static class RdfSyntaxSuite
{
    public static readonly IReadOnlyDictionary<string, (string Folder, RdfFormat Format)> Suites =
        new Dictionary<string, (string, RdfFormat)>
        {
            ["ntriples"] = ("rdf-tests/rdf/rdf11/rdf-n-triples", RdfFormat.NTriples),
            ["nquads"] = ("rdf-tests/rdf/rdf11/rdf-n-quads", RdfFormat.NQuads),
            ["turtle"] = ("rdf-tests/rdf/rdf11/rdf-turtle", RdfFormat.Turtle),
            ["trig"] = ("rdf-tests/rdf/rdf11/rdf-trig", RdfFormat.TriG),
            ["rdfxml"] = ("rdf-tests/rdf/rdf11/rdf-xml", RdfFormat.RdfXml),
        };

    public static List<TestResult> Run(string testsRoot, string suite)
    {
        var (folder, format) = Suites[suite];
        var manifest = Path.Combine(testsRoot, folder, "manifest.ttl");
        if (!File.Exists(manifest))
            throw new FileNotFoundException($"suite '{suite}' not found at {manifest}");
        var results = new List<TestResult>();
        foreach (var e in RdfManifest.Load(manifest))
            results.Add(RunOne(suite, format, e));
        return results;
    }

    private static TestResult RunOne(string suite, RdfFormat format, ManifestEntry e)
    {
        string kind = e.Type.StartsWith(RdfManifest.Rdft, StringComparison.Ordinal) ? e.Type[RdfManifest.Rdft.Length..] : e.Type;
        bool negative = kind.Contains("Negative", StringComparison.Ordinal);
        bool eval = kind.EndsWith("Eval", StringComparison.Ordinal) && !negative;
        if (e.ActionPath is null || !File.Exists(e.ActionPath))
            return new TestResult(suite, e.Id, Outcome.Failed, $"input file missing: {e.ActionPath}");

        Dataset actual;
        try
        {
            actual = Parse(e.ActionPath, format, e.TestBase);
        }
        catch (Exception ex) when (ex is RdfSyntaxException or FormatException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return negative
                ? new TestResult(suite, e.Id, Outcome.Passed)
                : new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: unexpected error: {ex.Message}");
        }
        if (negative)
            return new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: parsed without error ({actual.Count} quads) but must be rejected");
        if (!eval)
            return new TestResult(suite, e.Id, Outcome.Passed);

        if (e.ResultPath is null) return new TestResult(suite, e.Id, Outcome.Failed, "eval test without mf:result");
        Dataset expected;
        try
        {
            expected = Parse(e.ResultPath, format is RdfFormat.TriG or RdfFormat.NQuads ? RdfFormat.NQuads : RdfFormat.NTriples, e.TestBase);
        }
        catch (Exception ex) when (ex is RdfSyntaxException or NotSupportedException)
        {
            return new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: cannot read expected result: {ex.Message}");
        }
        return Isomorphism.AreIsomorphic(actual, expected)
            ? new TestResult(suite, e.Id, Outcome.Passed)
            : new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: result not isomorphic to {Path.GetFileName(e.ResultPath)} (got {actual.Count} quads, expected {expected.Count})");
    }

    private static Dataset Parse(string path, RdfFormat format, string? baseIri)
    {
        var ds = new Dataset();
        using var s = File.OpenRead(path);
        RdfFormats.CreateParser(format).Parse(s, ds, new ParserOptions { BaseIri = baseIri });
        return ds;
    }
}

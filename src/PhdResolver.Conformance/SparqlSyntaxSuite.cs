using PhdResolver.Rdf;
using PhdResolver.Sparql;

namespace PhdResolver.Conformance;

/// <summary>
/// The SPARQL 1.0 and 1.1 syntax tests (positive and negative, query and update). A positive
/// query must parse and translate to algebra; a negative one must be rejected by the parser.
/// </summary>
public static class SparqlSyntaxSuite
{
    /// <summary>Suite name → manifest whose mf:include list names the manifests to scan.</summary>
    public static readonly IReadOnlyDictionary<string, string> Suites = new Dictionary<string, string>
    {
        ["sparql10-syntax"] = "rdf-tests/sparql/sparql10/manifest-syntax.ttl",
        ["sparql11-syntax"] = "rdf-tests/sparql/sparql11/manifest-all.ttl",
    };

    private const string Mf = RdfManifest.Mf;

    private static readonly HashSet<string> s_types = new(StringComparer.Ordinal)
    {
        Mf + "PositiveSyntaxTest", Mf + "NegativeSyntaxTest",
        Mf + "PositiveSyntaxTest11", Mf + "NegativeSyntaxTest11",
        Mf + "PositiveUpdateSyntaxTest11", Mf + "NegativeUpdateSyntaxTest11",
    };

    public static List<TestResult> Run(string testsRoot, string suite)
    {
        var root = Path.Combine(testsRoot, Suites[suite]);
        if (!File.Exists(root)) throw new FileNotFoundException($"suite '{suite}' not found at {root}");
        var results = new List<TestResult>();
        foreach (var manifest in RdfManifest.Includes(root))
        {
            if (!File.Exists(manifest)) continue;
            List<ManifestEntry> entries;
            try
            {
                entries = RdfManifest.Load(manifest);
            }
            catch (Exception ex) when (ex is RdfSyntaxException or FormatException or IOException)
            {
                results.Add(new TestResult(suite, RdfManifest.FileUrl(manifest), Outcome.Failed, $"cannot read manifest: {ex.Message}"));
                continue;
            }
            foreach (var e in entries)
                if (s_types.Contains(e.Type)) results.Add(RunOne(suite, e));
        }
        return results;
    }

    private static TestResult RunOne(string suite, ManifestEntry e)
    {
        bool negative = e.Type.Contains("Negative", StringComparison.Ordinal);
        bool update = e.Type.Contains("Update", StringComparison.Ordinal)
            || (e.ActionPath?.EndsWith(".ru", StringComparison.Ordinal) ?? false);
        if (e.ActionPath is null || !File.Exists(e.ActionPath))
            return new TestResult(suite, e.Id, Outcome.Failed, $"input file missing: {e.ActionPath}");
        string text = File.ReadAllText(e.ActionPath);
        try
        {
            if (update) SparqlParser.ParseUpdate(text, e.TestBase);
            else _ = AlgebraBuilder.Translate(SparqlParser.ParseQuery(text, e.TestBase));
        }
        catch (SyntaxException ex)
        {
            return negative
                ? new TestResult(suite, e.Id, Outcome.Passed)
                : new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: unexpected error: {ex.Message}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NullReferenceException or InvalidCastException or IndexOutOfRangeException)
        {
            // A crash is a failure even for a negative test: the parser must reject with a syntax error.
            return new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: crashed: {ex.GetType().Name}: {ex.Message}");
        }
        return negative
            ? new TestResult(suite, e.Id, Outcome.Failed, $"{e.Name}: parsed without error but must be rejected")
            : new TestResult(suite, e.Id, Outcome.Passed);
    }
}
